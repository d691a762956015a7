//! The signed entity of a message as the verifier needs it: the exact content bytes and the
//! signature's DER. Where the signature is, and which bytes it covers, is decided in one place,
//! [`crate::pec::signed`], which the PEC model reads the content from too.

use mail_parser::MessageParser;

use crate::pec::signed::{self, Located, Malformation};

pub use crate::pec::signed::{split_parts, to_crlf};

/// Where the signature of a message is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignedEntity {
    /// `multipart/signed`: canonical content bytes and the detached CMS signature (DER).
    Detached {
        /// The first body part, CRLF line ends.
        content: Vec<u8>,
        /// The DER of the `application/(x-)pkcs7-signature` part.
        signature: Vec<u8>,
        /// True when the signed entity is nested (a list re-wrapped the message).
        nested: bool,
    },
    /// `application/pkcs7-mime` signed-data: the DER of the whole CMS structure.
    Opaque {
        /// The CMS ContentInfo.
        der: Vec<u8>,
    },
}

/// Why no signature could be taken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LocateError {
    /// Not e-mail at all.
    #[error("the message cannot be read as e-mail")]
    Unreadable,
    /// There is no signature structure.
    #[error("the message carries no signature")]
    NoSignature,
    /// `multipart/signed` without its signature part.
    #[error("the signed message has no signature part")]
    SignatureMissing,
    /// A signed structure that cannot be read, or could be read in more than one way.
    #[error("{0}")]
    Ambiguous(Malformation),
    /// The signature part is not valid base64 / binary DER.
    #[error("the signature part is not correctly encoded: {0}")]
    BadEncoding(&'static str),
}

/// Finds the signed entity of a raw message.
pub fn locate(raw: &[u8]) -> Result<SignedEntity, LocateError> {
    let msg = MessageParser::default()
        .parse(raw)
        .ok_or(LocateError::Unreadable)?;
    from_located(&signed::locate(raw, &msg))
}

/// The signed entity of a message whose signature was located by [`signed::locate`].
pub fn from_located(located: &Located) -> Result<SignedEntity, LocateError> {
    match located {
        Located::None => Err(LocateError::NoSignature),
        Located::SignatureMissing => Err(LocateError::SignatureMissing),
        Located::Malformed(m) => Err(LocateError::Ambiguous(*m)),
        Located::Opaque { body, encoding } => Ok(SignedEntity::Opaque {
            der: decode_transfer(body, encoding.as_deref())?,
        }),
        Located::Detached(d) => Ok(SignedEntity::Detached {
            content: d.content.clone(),
            signature: signature_der(&d.signature_part)?,
            nested: d.nested,
        }),
    }
}

/// Reads the signature part: its headers tell the transfer encoding.
fn signature_der(part: &[u8]) -> Result<Vec<u8>, LocateError> {
    let (headers, body) = signed::split_header_body(part);
    let encoding = signed::fields(headers)
        .into_iter()
        .find(|(name, _)| name == "content-transfer-encoding")
        .map(|(_, value)| value.to_ascii_lowercase());
    decode_transfer(body, encoding.as_deref())
}

fn decode_transfer(body: &[u8], encoding: Option<&str>) -> Result<Vec<u8>, LocateError> {
    match encoding.map(|e| e.trim().to_ascii_lowercase()).as_deref() {
        Some("base64") => strict_base64(body),
        Some("binary") | Some("8bit") | Some("7bit") | None => {
            // Some producers omit the header but still use base64: DER starts with 0x30.
            if body.first() == Some(&0x30) {
                Ok(body.to_vec())
            } else {
                strict_base64(body)
            }
        }
        Some(_) => Err(LocateError::BadEncoding("unknown transfer encoding")),
    }
}

/// Base64 that refuses anything but the alphabet, whitespace and final padding, and refuses
/// non-zero padding bits: two different texts never decode to the same signature.
pub fn strict_base64(text: &[u8]) -> Result<Vec<u8>, LocateError> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0u32;
    let mut padding = 0usize;
    for &c in text {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => {
                padding += 1;
                continue;
            }
            b' ' | b'\t' | b'\r' | b'\n' => continue,
            _ => return Err(LocateError::BadEncoding("a character outside base64")),
        };
        if padding > 0 {
            return Err(LocateError::BadEncoding("data after base64 padding"));
        }
        acc = (acc << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    if acc != 0 {
        return Err(LocateError::BadEncoding("non-zero base64 padding bits"));
    }
    if padding > 2 || bits == 6 {
        return Err(LocateError::BadEncoding("truncated base64"));
    }
    if out.is_empty() {
        return Err(LocateError::BadEncoding("empty signature"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_base64_refuses_ambiguous_text() {
        assert_eq!(strict_base64(b"QQ==").unwrap(), b"A");
        assert_eq!(strict_base64(b"QUJD\r\nREVG").unwrap(), b"ABCDEF");
        assert!(strict_base64(b"QR==").is_err(), "non-zero padding bits");
        assert!(strict_base64(b"QQ==QQ").is_err());
        assert!(strict_base64(b"Q!Q=").is_err());
        assert!(strict_base64(b"").is_err());
    }
}
