//! The message a user submitted, read once: its raw header fields (kept byte-exact, because
//! envelopes inherit some of them unmodified), the addresses and subject the rules need, and
//! the two rewrites RFC 6109 allows: the `postacert.eml` copy (new Message-ID, added
//! X-Riferimento-Message-ID and Received) and the `breve` copy (attachments → `.hash`).

use mail_parser::{MessageParser, MimeHeaders, PartType};
use sha1::{Digest as _, Sha1};

use super::ReceiptType;
use super::mime::to_crlf;

/// The submitted message cannot be used at all.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum OriginalError {
    /// Not even a header section could be read.
    #[error("the message has no header section")]
    NoHeaders,
}

/// One header field exactly as written, folding included, ending with CRLF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawField {
    /// Field name as written.
    pub name: String,
    /// The whole field (`Name: value` with continuation lines), ending with CRLF.
    pub bytes: Vec<u8>,
}

impl RawField {
    /// True when the name matches (case-insensitive).
    pub fn is(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name)
    }
}

/// A submitted (or received non-PEC) message.
#[derive(Debug, Clone)]
pub struct Original {
    /// The message in CRLF form.
    pub raw: Vec<u8>,
    /// Header fields in order.
    pub fields: Vec<RawField>,
    /// Where the body starts in `raw` (after the blank line).
    pub body_offset: usize,
    /// Addresses in `From:`.
    pub from: Vec<String>,
    /// Addresses in `To:`.
    pub to: Vec<String>,
    /// Addresses in `Cc:`.
    pub cc: Vec<String>,
    /// Addresses in `Bcc:`.
    pub bcc: Vec<String>,
    /// True when a `Bcc:` field is present, even empty.
    pub has_bcc_field: bool,
    /// First address of `Reply-To:`.
    pub reply_to: Option<String>,
    /// Decoded subject.
    pub subject: Option<String>,
    /// `Message-ID` with angle brackets.
    pub message_id: Option<String>,
    /// `X-TipoRicevuta` as the client wrote it, parsed.
    pub tipo_ricevuta: Option<ReceiptType>,
}

impl Original {
    /// Reads a message leniently. Line ends are made CRLF (the SMTP wire form).
    pub fn parse(raw: &[u8]) -> Result<Original, OriginalError> {
        let raw = to_crlf(raw);
        let (fields, body_offset) = split_header(&raw);
        if fields.is_empty() {
            return Err(OriginalError::NoHeaders);
        }
        let parsed = MessageParser::default().parse(&raw);
        let addresses = |a: Option<&mail_parser::Address<'_>>| -> Vec<String> {
            a.map(|a| {
                a.iter()
                    .filter_map(|x| x.address())
                    .map(|s| s.trim().to_owned())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default()
        };
        let (from, to, cc, bcc, reply_to, subject, message_id, tipo) = match &parsed {
            Some(m) => (
                addresses(m.from()),
                addresses(m.to()),
                addresses(m.cc()),
                addresses(m.bcc()),
                addresses(m.reply_to()).into_iter().next(),
                m.subject().map(str::to_owned),
                m.message_id().map(|id| format!("<{id}>")),
                m.header_raw("X-TipoRicevuta")
                    .and_then(|v| ReceiptType::parse(v.trim())),
            ),
            None => Default::default(),
        };
        let has_bcc_field = fields.iter().any(|f| f.is("Bcc"));
        Ok(Original {
            raw,
            fields,
            body_offset,
            from,
            to,
            cc,
            bcc,
            has_bcc_field,
            reply_to,
            subject,
            message_id,
            tipo_ricevuta: tipo,
        })
    }

    /// The raw fields with this name, in order.
    pub fn fields_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a RawField> + 'a {
        self.fields.iter().filter(move |f| f.is(name))
    }

    /// The body, blank separator line excluded.
    pub fn body(&self) -> &[u8] {
        &self.raw[self.body_offset..]
    }

    /// The sender address (`From:`), when exactly one is present.
    pub fn sender(&self) -> Option<&str> {
        match self.from.as_slice() {
            [one] => Some(one),
            _ => None,
        }
    }

    /// The copy carried as `postacert.eml` (RFC 6109 §2.2.1): the provider's `Received:`
    /// prepended, `Message-ID` replaced by the PEC msgid, `X-Riferimento-Message-ID` added;
    /// everything else byte-for-byte.
    pub fn postacert(&self, received: &str, pec_msgid: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.raw.len() + 512);
        out.extend_from_slice(received.as_bytes());
        if !received.ends_with("\r\n") {
            out.extend_from_slice(b"\r\n");
        }
        for f in self.fields.iter().filter(|f| !f.is("Message-ID")) {
            out.extend_from_slice(&f.bytes);
        }
        out.extend_from_slice(format!("Message-ID: <{pec_msgid}>\r\n").as_bytes());
        if let Some(m) = &self.message_id {
            out.extend_from_slice(format!("X-Riferimento-Message-ID: {m}\r\n").as_bytes());
        }
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(self.body());
        out
    }
}

/// Splits the header section into raw fields; returns them and the body offset.
pub fn split_header(raw: &[u8]) -> (Vec<RawField>, usize) {
    let mut fields: Vec<RawField> = Vec::new();
    let mut pos = 0;
    while pos < raw.len() {
        let end = raw[pos..]
            .iter()
            .position(|&b| b == b'\n')
            .map(|i| pos + i + 1)
            .unwrap_or(raw.len());
        let line = &raw[pos..end];
        if line == b"\r\n" || line == b"\n" {
            return (fields, end);
        }
        if matches!(line.first(), Some(b' ' | b'\t')) {
            if let Some(last) = fields.last_mut() {
                last.bytes.extend_from_slice(line);
            }
        } else if let Some(colon) = line.iter().position(|&b| b == b':') {
            let name = String::from_utf8_lossy(&line[..colon]).trim().to_owned();
            fields.push(RawField {
                name,
                bytes: line.to_vec(),
            });
        } else {
            // Not a header line: the header section ended without a blank line.
            return (fields, pos);
        }
        pos = end;
    }
    (fields, raw.len())
}

/// The `breve` copy (RFC 6109 §3.3.2): every part with a file name and every attached message
/// replaced by a `text/plain` part `<name>.hash` holding the SHA-1 (hex) of the part's body
/// exactly as transmitted (still transfer-encoded, as the rules suggest for base64 parts).
/// An `application/pkcs7-mime` message is returned unchanged (breve equals completa).
pub fn breve_copy(postacert: &[u8]) -> Vec<u8> {
    let Some(msg) = MessageParser::default().parse(postacert) else {
        return postacert.to_vec();
    };
    let root_type = msg
        .root_part()
        .content_type()
        .map(|ct| {
            format!(
                "{}/{}",
                ct.ctype().to_ascii_lowercase(),
                ct.subtype().unwrap_or("").to_ascii_lowercase()
            )
        })
        .unwrap_or_default();
    if root_type.ends_with("pkcs7-mime") {
        return postacert.to_vec();
    }
    let mut replacements: Vec<(usize, usize, Vec<u8>)> = Vec::new();
    let mut unnamed = 0;
    for part in msg.parts.iter().skip(1) {
        let is_message = matches!(part.body, PartType::Message(_));
        if matches!(part.body, PartType::Multipart(_)) {
            continue;
        }
        let name = part.attachment_name().map(str::to_owned);
        if name.is_none() && !is_message {
            continue;
        }
        let name = name.unwrap_or_else(|| {
            unnamed += 1;
            format!("messaggio-allegato-{unnamed}.eml")
        });
        let (h, b, e) = (
            part.raw_header_offset() as usize,
            part.raw_body_offset() as usize,
            part.raw_end_offset() as usize,
        );
        if h >= e || e > postacert.len() || b > e {
            continue;
        }
        let body = &postacert[b..e];
        let hash = hex::encode(Sha1::digest(body));
        let safe = name.replace(['"', '\\', '\r', '\n'], "_");
        let placeholder = format!(
            "Content-Type: text/plain; charset=us-ascii; name=\"{safe}.hash\"\r\n\
             Content-Disposition: attachment; filename=\"{safe}.hash\"\r\n\
             Content-Transfer-Encoding: 7bit\r\n\r\n{hash}"
        );
        replacements.push((h, e, placeholder.into_bytes()));
    }
    replacements.sort_by_key(|r| r.0);
    // Drop nested ranges (a named part inside a replaced one cannot happen, but be safe).
    let mut out = Vec::with_capacity(postacert.len());
    let mut cursor = 0;
    for (start, end, bytes) in replacements {
        if start < cursor {
            continue;
        }
        out.extend_from_slice(&postacert[cursor..start]);
        out.extend_from_slice(&bytes);
        cursor = end;
    }
    out.extend_from_slice(&postacert[cursor..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const MSG: &[u8] = b"From: Mario <mario@pec.alfa.test>\r\n\
To: anna@pec.beta.test,\r\n luca@esterno.test\r\n\
Cc: Bea <bea@pec.beta.test>\r\n\
Subject: =?UTF-8?B?UGVyY2jDqQ==?=\r\n\
Message-ID: <c1@client>\r\n\
X-TipoRicevuta: breve\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=\"b\"\r\n\
\r\n\
--b\r\n\
Content-Type: text/plain\r\n\
\r\n\
ciao\r\n\
--b\r\n\
Content-Type: application/pdf; name=\"a.pdf\"\r\n\
Content-Transfer-Encoding: base64\r\n\
\r\n\
JVBERi0xLjQK\r\n\
--b--\r\n";

    #[test]
    fn reads_addresses_and_rewrites() {
        let o = Original::parse(MSG).unwrap();
        assert_eq!(o.sender(), Some("mario@pec.alfa.test"));
        assert_eq!(o.to, ["anna@pec.beta.test", "luca@esterno.test"]);
        assert_eq!(o.cc, ["bea@pec.beta.test"]);
        assert_eq!(o.subject.as_deref(), Some("Perché"));
        assert_eq!(o.message_id.as_deref(), Some("<c1@client>"));
        assert_eq!(o.tipo_ricevuta, Some(ReceiptType::Breve));
        assert!(
            o.fields_named("To")
                .next()
                .unwrap()
                .bytes
                .ends_with(b" luca@esterno.test\r\n")
        );
        let p = o.postacert(
            "Received: by x; Mon, 1 Jan 2024 00:00:00 +0000",
            "opec1@pec.alfa.test",
        );
        let text = String::from_utf8(p.clone()).unwrap();
        assert!(text.starts_with("Received: by x;"));
        assert!(!text.contains("<c1@client>\r\nX-Tipo"));
        assert!(text.contains(
            "Message-ID: <opec1@pec.alfa.test>\r\nX-Riferimento-Message-ID: <c1@client>\r\n\r\n--b"
        ));
        assert!(p.ends_with(o.body()));

        let breve = String::from_utf8(breve_copy(&p)).unwrap();
        let hash = hex::encode(Sha1::digest(b"JVBERi0xLjQK"));
        assert!(breve.contains("name=\"a.pdf.hash\""), "{breve}");
        assert!(breve.contains(&hash), "{breve}");
        assert!(breve.contains("\r\nciao\r\n--b\r\n"));
        assert!(breve.ends_with("--b--\r\n"));
        assert!(!breve.contains("JVBERi0xLjQK"));
    }
}
