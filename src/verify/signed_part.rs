//! Finds the signed entity of a message and takes its exact bytes.
//!
//! For `multipart/signed` the signed content is the first body part exactly as it sits between
//! the boundary delimiters (RFC 1847, RFC 2046 §5.1.1: the line break before a delimiter belongs
//! to the delimiter), turned into canonical CRLF form (RFC 5751 §3.1.1) — nothing is parsed and
//! re-serialised. For `application/pkcs7-mime` the content travels inside the CMS structure.

use std::borrow::Cow;

use mail_parser::MessageParser;

use crate::pec::mime::{self, View};

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
    /// `multipart/signed` whose parts cannot be delimited.
    #[error("the signed message has no usable boundary: {0}")]
    BadStructure(&'static str),
    /// The signature part is not valid base64 / binary DER.
    #[error("the signature part is not correctly encoded: {0}")]
    BadEncoding(&'static str),
}

/// Finds the signed entity of a raw message.
pub fn locate(raw: &[u8]) -> Result<SignedEntity, LocateError> {
    let msg = MessageParser::default()
        .parse(raw)
        .ok_or(LocateError::Unreadable)?;
    let view = View::top(&msg);
    let root_type = msg
        .parts
        .first()
        .map(mime::content_type)
        .unwrap_or_default();
    if matches!(
        root_type.as_str(),
        "application/pkcs7-mime" | "application/x-pkcs7-mime"
    ) {
        let part = &msg.parts[0];
        let body = mime::raw_body(&view, part);
        let der = decode_transfer(body, header_value(part, "Content-Transfer-Encoding"))?;
        return Ok(SignedEntity::Opaque { der });
    }
    let Some(id) = mime::find_part(&msg, |p| mime::content_type(p) == "multipart/signed") else {
        return Err(LocateError::NoSignature);
    };
    let part = &msg.parts[id as usize];
    let boundary = mime::content_type_param(part, "boundary")
        .ok_or(LocateError::BadStructure("no boundary parameter"))?;
    let body = mime::raw_body(&view, part);
    let parts = split_parts(body, boundary.as_bytes());
    let content = parts
        .first()
        .ok_or(LocateError::BadStructure("no body part"))?;
    let signature_part = parts.get(1).ok_or(LocateError::SignatureMissing)?;
    let signature = signature_der(signature_part)?;
    Ok(SignedEntity::Detached {
        content: to_crlf(content).into_owned(),
        signature,
        nested: id != 0,
    })
}

/// Splits a multipart body into its parts' exact bytes (headers included), per RFC 2046.
pub fn split_parts<'a>(body: &'a [u8], boundary: &[u8]) -> Vec<&'a [u8]> {
    // Positions of delimiter lines: (start of the line break before it, end of the line).
    let mut delimiters: Vec<(usize, usize, bool)> = Vec::new();
    let mut line_start = 0usize;
    while line_start <= body.len() {
        let line_end = body[line_start..]
            .iter()
            .position(|&b| b == b'\n')
            .map(|p| line_start + p)
            .unwrap_or(body.len());
        let line = &body[line_start..line_end];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if let Some(rest) = line.strip_prefix(b"--")
            && let Some(after) = rest.strip_prefix(boundary)
        {
            let (closing, pad) = match after.strip_prefix(b"--") {
                Some(p) => (true, p),
                None => (false, after),
            };
            if pad.iter().all(|&b| b == b' ' || b == b'\t') {
                // The line break before the delimiter belongs to it.
                let before = if line_start >= 2 && &body[line_start - 2..line_start] == b"\r\n" {
                    line_start - 2
                } else if line_start >= 1 && body[line_start - 1] == b'\n' {
                    line_start - 1
                } else {
                    line_start
                };
                let after_line = (line_end + 1).min(body.len());
                delimiters.push((before, after_line, closing));
                if closing {
                    break;
                }
            }
        }
        if line_end >= body.len() {
            break;
        }
        line_start = line_end + 1;
    }
    delimiters
        .windows(2)
        .map(|w| &body[w[0].1..w[1].0.max(w[0].1)])
        .chain(
            // A part left open by a missing closing delimiter still counts.
            delimiters
                .last()
                .filter(|d| !d.2 && d.1 < body.len())
                .map(|d| &body[d.1..]),
        )
        .collect()
}

/// Converts bare LF line ends to CRLF; borrows when already canonical.
pub fn to_crlf(data: &[u8]) -> Cow<'_, [u8]> {
    let bare = data
        .iter()
        .enumerate()
        .any(|(i, &b)| b == b'\n' && (i == 0 || data[i - 1] != b'\r'));
    if !bare {
        return Cow::Borrowed(data);
    }
    let mut out = Vec::with_capacity(data.len() + data.len() / 40);
    let mut prev = 0u8;
    for &b in data {
        if b == b'\n' && prev != b'\r' {
            out.push(b'\r');
        }
        out.push(b);
        prev = b;
    }
    Cow::Owned(out)
}

/// Reads the signature part: its headers tell the transfer encoding.
fn signature_der(part: &[u8]) -> Result<Vec<u8>, LocateError> {
    let (headers, body) = split_header_body(part);
    let encoding = headers.lines().find_map(|l| {
        let (name, value) = l.split_once(':')?;
        name.trim()
            .eq_ignore_ascii_case("content-transfer-encoding")
            .then(|| value.trim().to_ascii_lowercase())
    });
    decode_transfer(body, encoding.as_deref())
}

fn header_value<'a>(part: &'a mail_parser::MessagePart<'_>, name: &str) -> Option<&'a str> {
    part.headers
        .iter()
        .find(|h| h.name().eq_ignore_ascii_case(name))
        .and_then(|h| h.value().as_text())
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

/// Splits a part into its header block (as text) and body.
fn split_header_body(part: &[u8]) -> (String, &[u8]) {
    let mut i = 0;
    while i < part.len() {
        let line_end = part[i..]
            .iter()
            .position(|&b| b == b'\n')
            .map(|p| i + p)
            .unwrap_or(part.len());
        let line = &part[i..line_end];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            let body_start = (line_end + 1).min(part.len());
            let headers = String::from_utf8_lossy(&part[..i]).into_owned();
            // Unfold continuation lines.
            let headers = headers.replace("\r\n ", " ").replace("\r\n\t", " ");
            let headers = headers.replace("\n ", " ").replace("\n\t", " ");
            return (headers, &part[body_start..]);
        }
        i = line_end + 1;
    }
    (String::from_utf8_lossy(part).into_owned(), &[])
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
    fn splits_parts_and_keeps_the_line_break_with_the_delimiter() {
        let body = b"preamble\r\n--b\r\nA: 1\r\n\r\none\r\n\r\n--b\r\nB: 2\r\n\r\ntwo\r\n--b--\r\nepilogue";
        let parts = split_parts(body, b"b");
        assert_eq!(
            parts,
            vec![&b"A: 1\r\n\r\none\r\n"[..], &b"B: 2\r\n\r\ntwo"[..]]
        );
        let lf = b"--b\nA: 1\n\none\n--b  \nB: 2\n\ntwo\n--b--\n";
        let parts = split_parts(lf, b"b");
        assert_eq!(parts, vec![&b"A: 1\n\none"[..], &b"B: 2\n\ntwo"[..]]);
        // A line that merely starts like the boundary is content.
        let tricky = b"--b\r\nx\r\n--bx\r\n--b\r\ny\r\n--b--";
        assert_eq!(
            split_parts(tricky, b"b"),
            vec![&b"x\r\n--bx"[..], &b"y"[..]]
        );
    }

    #[test]
    fn crlf_canonicalisation() {
        assert_eq!(to_crlf(b"a\nb\r\nc\n").as_ref(), b"a\r\nb\r\nc\r\n");
        assert!(matches!(to_crlf(b"a\r\nb"), Cow::Borrowed(_)));
    }

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
