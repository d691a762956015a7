//! Summaries of a mail message: addresses, subject, date, attachments. Used for the original
//! message carried in an envelope (postacert.eml) and for the outer headers of any message.

use chrono::{DateTime, FixedOffset};
use mail_parser::{Address, HeaderValue, Message, PartType};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::mime;

/// Attachments listed per message at most (the rest is counted, not listed).
pub const MAX_ATTACHMENTS_LISTED: usize = 10_000;

/// An address with its optional display name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mailbox {
    /// Display name, decoded.
    pub name: Option<String>,
    /// The addr-spec, as written (not validated).
    pub address: String,
}

/// One attachment of a message.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attachment {
    /// File name as declared by the sender (decoded, not sanitised).
    pub name: Option<String>,
    /// `type/subtype`, lower case.
    pub content_type: String,
    /// Decoded size in bytes.
    pub size: usize,
    /// SHA-256 of the decoded bytes, lower-case hex.
    pub sha256: String,
    /// When the attachment is itself a PEC message (a forwarded envelope or receipt): its
    /// classification.
    #[serde(skip)]
    pub pec: Option<Box<super::Classification>>,
}

/// The headers and attachments of a message, as a reader sees them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MessageSummary {
    /// Message-ID without angle brackets.
    pub message_id: Option<String>,
    /// First From address.
    pub from: Option<Mailbox>,
    /// To addresses.
    pub to: Vec<Mailbox>,
    /// Cc addresses.
    pub cc: Vec<Mailbox>,
    /// Decoded subject.
    pub subject: Option<String>,
    /// Date header.
    pub date: Option<DateTime<FixedOffset>>,
    /// Attachments (not the text or HTML body).
    pub attachments: Vec<Attachment>,
    /// Attachments that were not listed because there were too many.
    pub attachments_not_listed: usize,
}

/// Converts mail-parser's date into chrono's, if it denotes a real instant.
pub fn to_chrono(d: &mail_parser::DateTime) -> Option<DateTime<FixedOffset>> {
    let offset_secs =
        (d.tz_hour as i32 * 3600 + d.tz_minute as i32 * 60) * if d.tz_before_gmt { -1 } else { 1 };
    let offset = FixedOffset::east_opt(offset_secs)?;
    let date = chrono::NaiveDate::from_ymd_opt(d.year as i32, d.month as u32, d.day as u32)?;
    let time = chrono::NaiveTime::from_hms_opt(d.hour as u32, d.minute as u32, d.second as u32)?;
    date.and_time(time).and_local_timezone(offset).single()
}

/// Flattens an address header into mailboxes (groups are expanded).
pub fn mailboxes(addr: Option<&Address<'_>>) -> Vec<Mailbox> {
    let Some(addr) = addr else { return Vec::new() };
    let list: Vec<&mail_parser::Addr<'_>> = match addr {
        Address::List(l) => l.iter().collect(),
        Address::Group(g) => g.iter().flat_map(|g| g.addresses.iter()).collect(),
    };
    list.into_iter()
        .filter_map(|a| {
            let address = a.address.as_deref().map(str::trim).unwrap_or("");
            let name = a.name.as_deref().map(str::trim).filter(|n| !n.is_empty());
            if address.is_empty() && name.is_none() {
                return None;
            }
            Some(Mailbox {
                name: name.map(str::to_owned),
                address: address.to_owned(),
            })
        })
        .collect()
}

/// Reads the header summary of a message (no attachments).
pub fn headers_summary(msg: &Message<'_>) -> MessageSummary {
    MessageSummary {
        message_id: msg.message_id().map(|s| s.trim().to_owned()),
        from: mailboxes(msg.from()).into_iter().next(),
        to: mailboxes(msg.to()),
        cc: mailboxes(msg.cc()),
        subject: msg.subject().map(str::to_owned),
        date: msg.date().and_then(to_chrono),
        attachments: Vec::new(),
        attachments_not_listed: 0,
    }
}

/// Reads the full summary of a message, attachments included. Attachments that are messages
/// are classified with `classify_nested` (which decides how deep to go).
pub fn summarize(
    view: &mime::View<'_, '_>,
    mut classify_nested: impl FnMut(&[u8]) -> Option<Box<super::Classification>>,
) -> MessageSummary {
    let msg = view.msg;
    let mut summary = headers_summary(msg);
    for &id in msg.attachments.iter() {
        let Some(part) = mime::part(msg, id) else {
            continue;
        };
        if summary.attachments.len() >= MAX_ATTACHMENTS_LISTED {
            summary.attachments_not_listed += 1;
            continue;
        }
        let bytes = mime::decoded_body(view, part);
        let bytes = bytes.as_ref();
        let is_message = matches!(part.body, PartType::Message(_));
        let name = mime::file_name(part).map(|n| decode_utf7_runs(&n).unwrap_or(n));
        let looks_like_eml = name
            .as_deref()
            .is_some_and(|n| n.to_ascii_lowercase().ends_with(".eml"));
        let pec = if is_message || looks_like_eml {
            classify_nested(bytes)
        } else {
            None
        };
        summary.attachments.push(Attachment {
            name,
            content_type: mime::content_type(part),
            size: bytes.len(),
            sha256: hex::encode(Sha256::digest(bytes)),
            pec,
        });
    }
    summary
}

/// What a person reads of message `c`, whose content is `source` (the signed entity with the
/// envelope's header fields, or the message itself when it has no readable signature): the
/// bytes its text and attachments come from (the original a PEC envelope carries, else
/// `source`) and the summary of those attachments. The window, the print and a reply all use
/// it, so none of them lists or reads a part around a signature.
pub fn shown<'a>(
    c: &'a super::Classification,
    source: &'a [u8],
) -> (&'a [u8], std::borrow::Cow<'a, MessageSummary>) {
    use std::borrow::Cow;
    match &c.original {
        Some(o) => (shown_source(c, source), Cow::Borrowed(&o.summary)),
        None => {
            let own = mail_parser::MessageParser::default()
                .parse(source)
                .map(|m| summarize(&mime::View::top(&m), |_| None));
            let summary = own.map_or(Cow::Borrowed(&c.headers.summary), Cow::Owned);
            (source, summary)
        }
    }
}

/// The bytes of [`shown`] alone (no parse): the original a PEC envelope carries, else `source`.
pub fn shown_source<'a>(c: &'a super::Classification, source: &'a [u8]) -> &'a [u8] {
    c.original.as_ref().map_or(source, |o| &o.bytes)
}

/// Some mail clients (old Outlook versions) write non-ASCII file names as raw UTF-7, e.g.
/// `ROTTAMAZIONE+AF8-con+AF8-allegati.pdf`. When every `+…-` run in the name is valid UTF-7
/// that decodes to printable characters, the decoded name is returned.
pub fn decode_utf7_runs(name: &str) -> Option<String> {
    if !name.contains('+') {
        return None;
    }
    let mut out = String::with_capacity(name.len());
    let mut rest = name;
    let mut decoded_any = false;
    while let Some(plus) = rest.find('+') {
        out.push_str(&rest[..plus]);
        let after = &rest[plus + 1..];
        let run_len = after
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'+' || *b == b'/')
            .count();
        if after.as_bytes().get(run_len) != Some(&b'-') || run_len < 2 {
            return None;
        }
        let units = decode_modified_base64(&after[..run_len])?;
        let text = String::from_utf16(&units).ok()?;
        if text.chars().any(char::is_control) {
            return None;
        }
        out.push_str(&text);
        decoded_any = true;
        rest = &after[run_len + 1..];
    }
    out.push_str(rest);
    decoded_any.then_some(out)
}

fn decode_modified_base64(run: &str) -> Option<Vec<u16>> {
    let mut bits: u32 = 0;
    let mut nbits = 0u32;
    let mut units = Vec::new();
    for b in run.bytes() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32;
        bits = (bits << 6) | v;
        nbits += 6;
        if nbits >= 16 {
            nbits -= 16;
            units.push((bits >> nbits) as u16);
            bits &= (1 << nbits) - 1;
        }
    }
    // Leftover bits must be padding zeros, fewer than six.
    (nbits < 6 && bits == 0 && !units.is_empty()).then_some(units)
}

/// The raw text of the first header with this name (case-insensitive), unfolded and trimmed.
pub fn header_text(view: &mime::View<'_, '_>, name: &str) -> Option<String> {
    let header = view
        .msg
        .headers()
        .iter()
        .find(|h| h.name().eq_ignore_ascii_case(name))?;
    let text = match header.value() {
        HeaderValue::Text(t) => t.to_string(),
        HeaderValue::TextList(l) => l.join(", "),
        _ => String::from_utf8_lossy(view.slice(header.offset_start(), header.offset_end()))
            .into_owned(),
    };
    Some(unfold(&text))
}

/// The raw bytes of the first header with this name, decoded as text but not interpreted.
pub fn header_raw(view: &mime::View<'_, '_>, name: &str) -> Option<String> {
    let header = view
        .msg
        .headers()
        .iter()
        .find(|h| h.name().eq_ignore_ascii_case(name))?;
    let raw = view.slice(header.offset_start(), header.offset_end());
    Some(unfold(&String::from_utf8_lossy(raw)))
}

/// Joins folded header lines and trims.
pub fn unfold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut last_space = false;
    for c in s.chars() {
        if c == '\r' || c == '\n' {
            continue;
        }
        let space = c == ' ' || c == '\t';
        if space && last_space {
            continue;
        }
        out.push(if space { ' ' } else { c });
        last_space = space;
    }
    out.trim().to_owned()
}

/// Extracts the addr-specs from a raw address header leniently: commas outside quotes separate
/// entries; `<…>` wins when present; blanks are removed (real envelopes inherit headers such as
/// `pct@pec. agenziariscossione.gov.it,`).
pub fn lenient_addresses(raw: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut in_quotes = false;
    let mut depth_angle = 0usize;
    for c in raw.chars() {
        match c {
            '"' => {
                in_quotes = !in_quotes;
                current.push(c);
            }
            '<' if !in_quotes => {
                depth_angle += 1;
                current.push(c);
            }
            '>' if !in_quotes => {
                depth_angle = depth_angle.saturating_sub(1);
                current.push(c);
            }
            ',' | ';' if !in_quotes && depth_angle == 0 => {
                push_addr(&mut out, &current);
                current.clear();
            }
            _ => current.push(c),
        }
    }
    push_addr(&mut out, &current);
    out
}

fn push_addr(out: &mut Vec<String>, entry: &str) {
    let spec = match (entry.rfind('<'), entry.rfind('>')) {
        (Some(a), Some(b)) if a < b => &entry[a + 1..b],
        _ => {
            // No angle brackets: drop a quoted display name if any.
            match entry.rfind('"') {
                Some(q) => &entry[q + 1..],
                None => entry,
            }
        }
    };
    let spec: String = spec
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '<' && *c != '>')
        .collect();
    let spec = spec
        .trim_matches(|c| c == ',' || c == ';')
        .to_ascii_lowercase();
    if spec.contains('@') {
        out.push(spec);
    }
}

/// Message ids compare without angle brackets, blanks or case differences in the domain.
pub fn normalize_msgid(id: &str) -> String {
    id.trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lenient_addresses_handles_real_world_damage() {
        assert_eq!(
            lenient_addresses("pct@pec. agenziariscossione.gov.it,"),
            vec!["pct@pec.agenziariscossione.gov.it"]
        );
        assert_eq!(
            lenient_addresses("\"Rossi, Mario\" <M.Rossi@Pec.it>, b@x.it"),
            vec!["m.rossi@pec.it", "b@x.it"]
        );
        assert!(lenient_addresses("undisclosed-recipients:;").is_empty());
        assert_eq!(
            lenient_addresses("dp.Campobasso@pce.example.it>,\n \"x\" <b@x.it>"),
            vec!["dp.campobasso@pce.example.it", "b@x.it"]
        );
    }

    #[test]
    fn utf7_file_names_are_decoded_only_when_unambiguous() {
        assert_eq!(
            decode_utf7_runs("ROTTAMAZIONE+AF8-con+AF8-allegati .pdf").as_deref(),
            Some("ROTTAMAZIONE_con_allegati .pdf")
        );
        assert_eq!(
            decode_utf7_runs("Perch+AOk-.pdf").as_deref(),
            Some("Perché.pdf")
        );
        assert_eq!(decode_utf7_runs("C++-notes.pdf"), None);
        assert_eq!(decode_utf7_runs("a+b.pdf"), None);
        assert_eq!(decode_utf7_runs("plain.pdf"), None);
    }

    #[test]
    fn unfold_joins_lines() {
        assert_eq!(unfold("a\r\n b\t c "), "a b c");
    }
}
