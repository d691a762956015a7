//! Low-level MIME writing: line endings, quoted-printable in ISO-8859-1 (the charset RFC 6109
//! §4.3 prescribes for the readable part), base64 lines, RFC 2047 header words, dates and
//! boundaries.

use base64::Engine as _;
use chrono::{DateTime, FixedOffset};
use sha1::{Digest as _, Sha1};

/// Converts every bare LF (and lone CR) to CRLF, leaving existing CRLF pairs untouched.
pub fn to_crlf(input: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len() + input.len() / 32);
    let mut i = 0;
    while i < input.len() {
        match input[i] {
            b'\r' if input.get(i + 1) == Some(&b'\n') => {
                out.extend_from_slice(b"\r\n");
                i += 2;
                continue;
            }
            b'\r' | b'\n' => out.extend_from_slice(b"\r\n"),
            b => out.push(b),
        }
        i += 1;
    }
    out
}

/// Text as ISO-8859-1 bytes; characters outside Latin-1 become `?`, line ends become CRLF.
pub fn latin1(text: &str) -> Vec<u8> {
    let bytes: Vec<u8> = text
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
        .collect();
    to_crlf(&bytes)
}

/// Quoted-printable (RFC 2045 §6.7) of CRLF text, lines at most 76 characters.
pub fn quoted_printable(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() * 11 / 10);
    for (n, line) in data.split(|&b| b == b'\n').enumerate() {
        if n > 0 {
            out.extend_from_slice(b"\r\n");
        }
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let mut col = 0;
        for (i, &b) in line.iter().enumerate() {
            let last = i + 1 == line.len();
            let literal =
                (b == b' ' || b == b'\t') && !last || (33..=126).contains(&b) && b != b'=';
            let width = if literal { 1 } else { 3 };
            if col + width > 75 {
                out.extend_from_slice(b"=\r\n");
                col = 0;
            }
            if literal {
                out.push(b);
            } else {
                out.extend_from_slice(format!("={b:02X}").as_bytes());
            }
            col += width;
        }
    }
    out
}

/// Base64 in lines of 76 characters, each ending with CRLF.
pub fn base64_lines(data: &[u8]) -> Vec<u8> {
    let encoded = base64::engine::general_purpose::STANDARD.encode(data);
    let mut out = Vec::with_capacity(encoded.len() + encoded.len() / 38);
    for chunk in encoded.as_bytes().chunks(76) {
        out.extend_from_slice(chunk);
        out.extend_from_slice(b"\r\n");
    }
    out
}

/// A header value: kept as-is when plain printable ASCII, else RFC 2047 UTF-8 base64 words
/// (each at most 75 characters) folded onto continuation lines.
pub fn encode_header_value(value: &str) -> String {
    let plain = value.chars().all(|c| (' '..='~').contains(&c)) && !value.contains("=?");
    if plain {
        return value.to_owned();
    }
    let mut words = Vec::new();
    let mut chunk = String::new();
    for c in value.chars() {
        // 45 bytes of UTF-8 → 60 base64 characters + 12 of framing.
        if chunk.len() + c.len_utf8() > 45 {
            words.push(std::mem::take(&mut chunk));
        }
        chunk.push(c);
    }
    if !chunk.is_empty() {
        words.push(chunk);
    }
    words
        .iter()
        .map(|w| {
            format!(
                "=?UTF-8?B?{}?=",
                base64::engine::general_purpose::STANDARD.encode(w.as_bytes())
            )
        })
        .collect::<Vec<_>>()
        .join("\r\n ")
}

/// A display name as an RFC 5322 quoted string (or encoded words when not ASCII).
pub fn display_name(name: &str) -> String {
    if name.chars().all(|c| (' '..='~').contains(&c)) {
        let escaped = name.replace('\\', "\\\\").replace('"', "\\\"");
        format!("\"{escaped}\"")
    } else {
        encode_header_value(name)
    }
}

/// An RFC 5322 date, e.g. `Tue, 13 Nov 2018 16:39:26 +0100`.
pub fn rfc5322_date(at: &DateTime<FixedOffset>) -> String {
    at.format("%a, %d %b %Y %H:%M:%S %z").to_string()
}

/// A boundary that cannot occur in content by chance: derived from the message id and a
/// counter, so that equal inputs give equal messages (the demo mailbox is reproducible).
pub fn boundary(message_id: &str, n: u32) -> String {
    let mut h = Sha1::new();
    h.update(message_id.as_bytes());
    h.update(n.to_be_bytes());
    format!("----=_sigillo_{}", &hex::encode(h.finalize())[..28])
}

/// Escapes text for HTML element content and attribute values.
pub fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// One MIME part: its header lines and its (already encoded) body.
#[derive(Debug, Clone)]
pub struct Part {
    /// Header fields, each without the trailing CRLF.
    pub headers: Vec<String>,
    /// Body bytes, CRLF line ends.
    pub body: Vec<u8>,
}

impl Part {
    /// A leaf part.
    pub fn new(headers: Vec<String>, body: Vec<u8>) -> Self {
        Part { headers, body }
    }

    /// A multipart with the given subtype, boundary and children.
    pub fn multipart(subtype: &str, boundary: &str, extra: Vec<String>, children: &[Part]) -> Self {
        let mut headers = vec![format!(
            "Content-Type: multipart/{subtype};\r\n boundary=\"{boundary}\""
        )];
        headers.extend(extra);
        let mut body = Vec::new();
        for child in children {
            body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            body.extend_from_slice(&child.to_bytes());
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        Part { headers, body }
    }

    /// Headers, blank line, body exactly as given (the CRLF before the next boundary
    /// delimiter belongs to the delimiter and is written by the enclosing multipart).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.body.len() + 256);
        for h in &self.headers {
            out.extend_from_slice(h.as_bytes());
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(&self.body);
        out
    }
}

/// True when every byte is 7-bit and no NUL or bare CR/LF occurs.
pub fn is_7bit(data: &[u8]) -> bool {
    data.iter().all(|&b| b < 0x80 && b != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_and_qp() {
        assert_eq!(to_crlf(b"a\nb\r\nc\rd"), b"a\r\nb\r\nc\r\nd");
        assert_eq!(latin1("è€\n"), b"\xe8?\r\n");
        let qp = quoted_printable(b"caf\xe8 = ok \r\nend ");
        assert_eq!(qp, b"caf=E8 =3D ok=20\r\nend=20");
        let long = quoted_printable(&[b'x'; 200]);
        assert!(long.split(|&b| b == b'\n').all(|l| l.len() <= 77));
    }

    #[test]
    fn header_words() {
        assert_eq!(encode_header_value("Offerta 12"), "Offerta 12");
        let enc = encode_header_value("Perché sì");
        assert!(enc.starts_with("=?UTF-8?B?"), "{enc}");
        assert_eq!(
            display_name("Per conto di: a\"b@x.it"),
            "\"Per conto di: a\\\"b@x.it\""
        );
    }
}
