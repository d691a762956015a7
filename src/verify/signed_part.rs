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
    decode_base64(text, true)
}

/// [`strict_base64`]; `four_at_a_time` off, every character is read alone (the tests compare
/// the two ways).
fn decode_base64(text: &[u8], four_at_a_time: bool) -> Result<Vec<u8>, LocateError> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0u32;
    let mut padding = 0usize;
    let mut i = 0;
    while i < text.len() {
        // Four digits in a row on a byte boundary (most of a signature: lines of 76 digits)
        // are three bytes; anything else takes the character-by-character way below, which
        // alone decides what is refused.
        if four_at_a_time
            && bits == 0
            && padding == 0
            && let Some(&quad) = text
                .get(i..i + 4)
                .and_then(|q| <&[u8; 4]>::try_from(q).ok())
        {
            let v = quad.map(|c| BASE64_VALUES[c as usize] as u32);
            if v.iter().all(|&d| d < 64) {
                let n = (v[0] << 18) | (v[1] << 12) | (v[2] << 6) | v[3];
                out.extend_from_slice(&[(n >> 16) as u8, (n >> 8) as u8, n as u8]);
                i += 4;
                continue;
            }
        }
        let v = BASE64_VALUES[text[i] as usize];
        i += 1;
        match v {
            PAD => {
                padding += 1;
                continue;
            }
            SPACE => continue,
            BAD => return Err(LocateError::BadEncoding("a character outside base64")),
            _ => {}
        }
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

/// Marks in [`BASE64_VALUES`] for what is not a digit.
const BAD: u8 = 0xFF;
const SPACE: u8 = 0xFE;
const PAD: u8 = 0xFD;

/// The value of each byte in base64 text: 0 to 63 for a digit of the alphabet, [`PAD`] for
/// `=`, [`SPACE`] for the whitespace a line may hold, [`BAD`] for anything else.
const BASE64_VALUES: [u8; 256] = {
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut table = [BAD; 256];
    let mut i = 0;
    while i < alphabet.len() {
        table[alphabet[i] as usize] = i as u8;
        i += 1;
    }
    table[b'=' as usize] = PAD;
    table[b' ' as usize] = SPACE;
    table[b'\t' as usize] = SPACE;
    table[b'\r' as usize] = SPACE;
    table[b'\n' as usize] = SPACE;
    table
};

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
        assert!(strict_base64(b"QQ===").is_err(), "three padding characters");
        assert!(strict_base64(b"QUJ").is_err(), "a lone sixth bit group");
        assert_eq!(strict_base64(b"QU JD\tRE\nVG").unwrap(), b"ABCDEF");
        // Every byte value, as another encoder wrote it (lines of 76, CRLF): the whole
        // alphabet read right.
        let every_byte = concat!(
            "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4\r\n",
            "OTo7PD0+P0BBQkNERUZHSElKS0xNTk9QUVJTVFVWV1hZWltcXV5fYGFiY2RlZmdoaWprbG1ub3Bx\r\n",
            "cnN0dXZ3eHl6e3x9fn+AgYKDhIWGh4iJiouMjY6PkJGSk5SVlpeYmZqbnJ2en6ChoqOkpaanqKmq\r\n",
            "q6ytrq+wsbKztLW2t7i5uru8vb6/wMHCw8TFxsfIycrLzM3Oz9DR0tPU1dbX2Nna29zd3t/g4eLj\r\n",
            "5OXm5+jp6uvs7e7v8PHy8/T19vf4+fr7/P3+/w==\r\n",
        );
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(strict_base64(every_byte.as_bytes()).unwrap(), all);
    }

    #[test]
    fn strict_base64_reads_as_the_character_rules_say() {
        // Texts of digits with whitespace, padding and stray bytes in every position: a
        // seeded generator, so that a failure is repeatable.
        let pieces: &[&[u8]] = &[
            b"QUJD", b"REVG", b"Zm9v", b"QQ", b"Q", b"=", b"==", b"\r\n", b" ", b"\t", b"!", b"-",
            b"\x80", b"AAAA", b"+/+/", b"QR==", b"Zg==", b"Zm8=",
        ];
        let mut state: u64 = 0x5157_4e45_5f42_3634;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let (mut accepted, mut refused) = (0, 0);
        for _ in 0..20_000 {
            let len = (next() % 12) as usize;
            let mut text = Vec::new();
            for _ in 0..len {
                text.extend_from_slice(pieces[(next() % pieces.len() as u64) as usize]);
            }
            let expected = decode_base64(&text, false);
            match &expected {
                Ok(_) => accepted += 1,
                Err(_) => refused += 1,
            }
            assert_eq!(
                strict_base64(&text),
                expected,
                "{:?}",
                String::from_utf8_lossy(&text)
            );
        }
        // Both ways were exercised, not only the refusals.
        assert!(accepted > 1_000 && refused > 1_000, "{accepted} {refused}");
    }
}
