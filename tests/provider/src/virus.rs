//! The provider's "antivirus": it finds the EICAR test string (the industry's harmless test
//! file) anywhere in a message, also inside transfer-encoded attachments and attached
//! messages. Nothing else is a virus here.

use mail_parser::{Message, MessageParser, PartType};

/// The distinctive part of the EICAR test file.
pub const EICAR_MARKER: &str = "EICAR-STANDARD-ANTIVIRUS-TEST-FILE";

/// The complete 68-byte EICAR test string.
pub const EICAR: &str = r"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";

/// True when the message carries the EICAR test string in any part.
pub fn contains_eicar(raw: &[u8]) -> bool {
    if contains(raw, EICAR_MARKER.as_bytes()) {
        return true;
    }
    MessageParser::default()
        .parse(raw)
        .is_some_and(|m| message_contains(&m, 4))
}

fn message_contains(m: &Message<'_>, depth: usize) -> bool {
    m.parts.iter().any(|p| match &p.body {
        PartType::Text(t) | PartType::Html(t) => contains(t.as_bytes(), EICAR_MARKER.as_bytes()),
        PartType::Binary(b) | PartType::InlineBinary(b) => contains(b, EICAR_MARKER.as_bytes()),
        PartType::Message(inner) => depth > 0 && message_contains(inner, depth - 1),
        PartType::Multipart(_) => false,
    })
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_eicar_in_a_base64_attachment() {
        use base64::Engine as _;
        let b64 = base64::engine::general_purpose::STANDARD.encode(EICAR);
        let msg = format!(
            "Subject: x\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nciao\r\n--b\r\nContent-Type: application/octet-stream; name=eicar.com\r\nContent-Transfer-Encoding: base64\r\n\r\n{b64}\r\n--b--\r\n"
        );
        assert!(!msg.contains(EICAR_MARKER));
        assert!(contains_eicar(msg.as_bytes()));
        assert!(!contains_eicar(b"Subject: x\r\n\r\nciao\r\n"));
    }
}
