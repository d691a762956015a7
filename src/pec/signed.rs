//! Where a message's signature is, found strictly: the exact bytes of the signed entity, or the
//! reason the structure could be read in more than one way.
//!
//! This is the one place that decides which bytes are certified. The verifier checks exactly
//! [`Detached::content`] against the signature, and the PEC model reads the message's content
//! from exactly those bytes ([`super::classify`]), so what is shown as certified is what was
//! checked. A signed structure that two MIME readers could split differently is
//! [`Located::Malformed`], never something to show as certified: a parser differential is a
//! known way to forge S/MIME content (a delimiter hidden in the middle of a line, which
//! mail-parser takes as a boundary and RFC 2046 does not; a third part; a second
//! Content-Type).
//!
//! For `multipart/signed` (RFC 1847) the signed content is the first body part exactly as it
//! sits between its delimiters (RFC 2046 §5.1.1: the line break before a delimiter belongs to
//! the delimiter), turned into canonical CRLF form (RFC 5751 §3.1.1); nothing is parsed and
//! re-serialised. For `application/pkcs7-mime` the content travels inside the CMS structure
//! and is taken out by the verifier.

use std::borrow::Cow;

use mail_parser::Message;

use super::mime::{self, View};

/// Where the signature of a message is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Located {
    /// No signature structure at all.
    None,
    /// `multipart/signed` with exactly two parts, read one way only.
    Detached(Detached),
    /// `application/pkcs7-mime` at the top: the content is inside the CMS structure.
    Opaque {
        /// The part's body, still transfer-encoded.
        body: Vec<u8>,
        /// Its `Content-Transfer-Encoding`, lower case.
        encoding: Option<String>,
    },
    /// `multipart/signed` with only its first part: nothing is signed.
    SignatureMissing,
    /// A signed structure that cannot be read, or could be read in more than one way.
    Malformed(Malformation),
}

/// A detached signature and the exact bytes it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detached {
    /// The first body part (headers included), canonical CRLF line ends: what the signature
    /// covers.
    pub content: Vec<u8>,
    /// The second body part, headers included, as it sits in the message.
    pub signature_part: Vec<u8>,
    /// True when the signed entity is not the message itself (a mailing list re-wrapped it).
    pub nested: bool,
}

/// Why a signed structure is not read as signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Malformation {
    /// More than one `multipart/signed` outside carried messages.
    #[error("the message holds more than one signed part: which one is certified is ambiguous")]
    SeveralSignedParts,
    /// A signed part without a boundary.
    #[error("the signed message has no boundary parameter")]
    NoBoundary,
    /// A signed part whose boundary is not one MIME readers agree on.
    #[error("the signed message has a boundary readers could take differently")]
    BadBoundary,
    /// More than one Content-Type field where the structure is decided.
    #[error("the signed message has more than one Content-Type header field")]
    DuplicateContentType,
    /// More than one boundary parameter.
    #[error("the signed message has more than one boundary parameter")]
    DuplicateBoundary,
    /// The boundary string appears where it is not a delimiter at the start of a line (in the
    /// middle of a line, inside a part, after the closing delimiter).
    #[error("the signed message's boundary appears outside its delimiter lines")]
    StrayBoundary,
    /// No closing delimiter.
    #[error("the signed message has no closing boundary")]
    Unterminated,
    /// More than two parts (RFC 1847: exactly the content and the signature).
    #[error("the signed message has {0} parts instead of two (the content and the signature)")]
    PartCount(usize),
    /// The second part is not a CMS signature, or the first one is.
    #[error("the signed message's parts are not the content followed by its signature")]
    PartsOutOfOrder,
    /// mail-parser splits the signed part differently from the strict reading.
    #[error("the signed message's parts are read differently by different MIME readers")]
    ReadersDisagree,
}

/// Finds the signed entity of a parsed message (`msg` is `raw` parsed by mail-parser).
pub fn locate(raw: &[u8], msg: &Message<'_>) -> Located {
    let view = View::top(msg);
    let Some(root) = msg.parts.first() else {
        return Located::None;
    };
    let top_headers = header_block(raw, root);
    if count_fields(top_headers, "content-type") > 1 {
        return Located::Malformed(Malformation::DuplicateContentType);
    }
    if is_signature_type(&mime::content_type(root), &["pkcs7-mime"]) {
        return Located::Opaque {
            body: mime::raw_body(&view, root).to_vec(),
            encoding: field_value(top_headers, "content-transfer-encoding")
                .map(|e| e.trim().to_ascii_lowercase()),
        };
    }
    let is_signed = |p: &mail_parser::MessagePart<'_>| mime::content_type(p) == "multipart/signed";
    let Some(id) = mime::find_part(msg, is_signed) else {
        return Located::None;
    };
    let first = &msg.parts[id as usize];
    if mime::find_part(msg, |p| is_signed(p) && !std::ptr::eq(p, first)).is_some() {
        return Located::Malformed(Malformation::SeveralSignedParts);
    }
    let part = &msg.parts[id as usize];
    match detached(raw, msg, id, part) {
        Ok(d) => d,
        Err(m) => Located::Malformed(m),
    }
}

fn detached(
    raw: &[u8],
    msg: &Message<'_>,
    id: u32,
    part: &mail_parser::MessagePart<'_>,
) -> Result<Located, Malformation> {
    let headers = header_block(raw, part);
    if count_fields(headers, "content-type") > 1 {
        return Err(Malformation::DuplicateContentType);
    }
    let content_type = field_value(headers, "content-type").unwrap_or_default();
    if count_params(&content_type, "boundary") > 1 {
        return Err(Malformation::DuplicateBoundary);
    }
    let boundary = mime::content_type_param(part, "boundary").ok_or(Malformation::NoBoundary)?;
    let boundary = boundary.as_bytes();
    // RFC 2046: 1 to 70 characters, none of them a line break; a boundary that is not would
    // be matched differently by different readers.
    if boundary.is_empty()
        || boundary.len() > 200
        || boundary.iter().any(|&b| b == b'\r' || b == b'\n')
    {
        return Err(Malformation::BadBoundary);
    }
    let body_start = (part.offset_body as usize).min(raw.len());
    // Everything after the signed part's header, to the end of the message: a delimiter a
    // lenient reader would see anywhere there must be one the strict reading sees too.
    let rest = &raw[body_start..];
    let (delimiters, occurrences) = delimiters_and_occurrences(rest, boundary);
    let closing = delimiters.iter().position(|d| d.closing);
    let Some(closing) = closing else {
        // Only the content, cut before any signature part: nothing is signed. Anything more
        // without its end is a structure readers complete differently.
        return if delimiters.len() == 1 {
            Ok(Located::SignatureMissing)
        } else {
            Err(Malformation::Unterminated)
        };
    };
    let delimiters = &delimiters[..=closing];
    let at_delimiters: Vec<usize> = delimiters.iter().map(|d| d.dashes).collect();
    if occurrences != at_delimiters {
        return Err(Malformation::StrayBoundary);
    }
    let parts: Vec<&[u8]> = delimiters
        .windows(2)
        .map(|w| &rest[w[0].after..w[1].before.max(w[0].after)])
        .collect();
    match parts.len() {
        0 => return Err(Malformation::PartCount(0)),
        1 => return Ok(Located::SignatureMissing),
        2 => {}
        n => return Err(Malformation::PartCount(n)),
    }
    let (content, signature_part) = (parts[0], parts[1]);
    let content_kind = part_content_type(content);
    let signature_kind = part_content_type(signature_part);
    if is_signature_type(&content_kind, &["pkcs7-signature", "pkcs7-mime"])
        || !is_signature_type(&signature_kind, &["pkcs7-signature"])
    {
        return Err(Malformation::PartsOutOfOrder);
    }
    // The parser every other module reads with must see the same two parts.
    let view = View::top(msg);
    let kids = mime::children(part);
    let agree = kids.len() == 2
        && kids
            .iter()
            .zip([content, signature_part])
            .all(|(&k, ours)| mime::part(msg, k).is_some_and(|p| mime::raw_part(&view, p) == ours));
    if !agree {
        return Err(Malformation::ReadersDisagree);
    }
    Ok(Located::Detached(Detached {
        content: to_crlf(content).into_owned(),
        signature_part: signature_part.to_vec(),
        nested: id != 0,
    }))
}

/// A delimiter line: where its preceding line break starts, where its dashes start, where the
/// line after it starts, and whether it closes the multipart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Delimiter {
    before: usize,
    dashes: usize,
    after: usize,
    closing: bool,
}

/// Every line of `body` that is a delimiter of `boundary` (RFC 2046: `--boundary`, optionally
/// `--`, then only blanks to the end of the line).
fn delimiter_lines(body: &[u8], boundary: &[u8]) -> Vec<Delimiter> {
    delimiters_and_occurrences(body, boundary).0
}

/// The delimiter lines of `boundary` in `body`, and every place `--boundary` starts there
/// ([`find_all`]). A delimiter line starts with `--boundary`, so only the occurrences at the
/// start of a line are read, instead of every line of the body.
fn delimiters_and_occurrences(body: &[u8], boundary: &[u8]) -> (Vec<Delimiter>, Vec<usize>) {
    let marker: Vec<u8> = [b"--".as_slice(), boundary].concat();
    let occurrences = find_all(body, &marker);
    let delimiters = occurrences
        .iter()
        .filter(|&&start| start == 0 || body[start - 1] == b'\n')
        .filter_map(|&start| {
            let end = memchr::memchr(b'\n', &body[start..])
                .map(|p| start + p)
                .unwrap_or(body.len());
            delimiter_in_line(body, start, end, boundary)
        })
        .collect();
    (delimiters, occurrences)
}

/// The line of `body` from `line_start` to `line_end` (its line feed or the end) as a
/// delimiter of `boundary`, when it is one.
fn delimiter_in_line(
    body: &[u8],
    line_start: usize,
    line_end: usize,
    boundary: &[u8],
) -> Option<Delimiter> {
    let line = &body[line_start..line_end];
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let after = line
        .strip_prefix(b"--")
        .and_then(|rest| rest.strip_prefix(boundary))?;
    let (closing, pad) = match after.strip_prefix(b"--") {
        Some(p) => (true, p),
        None => (false, after),
    };
    if !pad.iter().all(|&b| b == b' ' || b == b'\t') {
        return None;
    }
    let before = if line_start >= 2 && &body[line_start - 2..line_start] == b"\r\n" {
        line_start - 2
    } else if line_start >= 1 && body[line_start - 1] == b'\n' {
        line_start - 1
    } else {
        line_start
    };
    Some(Delimiter {
        before,
        dashes: line_start,
        after: (line_end + 1).min(body.len()),
        closing,
    })
}

/// Splits a multipart body into its parts' exact bytes (headers included), per RFC 2046: the
/// parts between the first delimiter and the closing one (or the end, when it is missing).
pub fn split_parts<'a>(body: &'a [u8], boundary: &[u8]) -> Vec<&'a [u8]> {
    let all = delimiter_lines(body, boundary);
    let end = all
        .iter()
        .position(|d| d.closing)
        .map(|i| i + 1)
        .unwrap_or(all.len());
    let delimiters = &all[..end];
    delimiters
        .windows(2)
        .map(|w| &body[w[0].after..w[1].before.max(w[0].after)])
        .chain(
            // A part left open by a missing closing delimiter still counts.
            delimiters
                .last()
                .filter(|d| !d.closing && d.after < body.len())
                .map(|d| &body[d.after..]),
        )
        .collect()
}

/// Start offsets of every occurrence of `needle` in `hay`, overlapping ones included (a
/// boundary such as `x--x` can start again inside its own delimiter).
fn find_all(hay: &[u8], needle: &[u8]) -> Vec<usize> {
    if needle.is_empty() {
        return Vec::new();
    }
    let finder = memchr::memmem::Finder::new(needle);
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(p) = hay.get(from..).and_then(|h| finder.find(h)) {
        out.push(from + p);
        from += p + 1;
    }
    out
}

/// Converts bare LF line ends to CRLF; borrows when already canonical.
pub fn to_crlf(data: &[u8]) -> Cow<'_, [u8]> {
    let bare = |i: usize| i == 0 || data[i - 1] != b'\r';
    let mut bare_lfs = memchr::memchr_iter(b'\n', data)
        .filter(|&i| bare(i))
        .peekable();
    if bare_lfs.peek().is_none() {
        return Cow::Borrowed(data);
    }
    let mut out = Vec::with_capacity(data.len() + data.len() / 40);
    let mut from = 0;
    for lf in bare_lfs {
        out.extend_from_slice(&data[from..lf]);
        out.extend_from_slice(b"\r\n");
        from = lf + 1;
    }
    out.extend_from_slice(&data[from..]);
    Cow::Owned(out)
}

/// The header block of a part (or of the message, for the root), as it sits in `raw`.
fn header_block<'a>(raw: &'a [u8], part: &mail_parser::MessagePart<'_>) -> &'a [u8] {
    let start = (part.offset_header as usize).min(raw.len());
    let end = (part.offset_body as usize).clamp(start, raw.len());
    &raw[start..end]
}

/// Splits a part into its header block and body at the first empty line.
pub fn split_header_body(part: &[u8]) -> (&[u8], &[u8]) {
    let mut i = 0;
    while i < part.len() {
        let line_end = part[i..]
            .iter()
            .position(|&b| b == b'\n')
            .map(|p| i + p)
            .unwrap_or(part.len());
        let line = &part[i..line_end];
        if line.strip_suffix(b"\r").unwrap_or(line).is_empty() {
            return (&part[..i], &part[(line_end + 1).min(part.len())..]);
        }
        i = line_end + 1;
    }
    (part, &[])
}

/// The header fields of a block, unfolded: (name, value) in order.
pub fn fields(block: &[u8]) -> Vec<(String, String)> {
    let text = String::from_utf8_lossy(block);
    let mut out: Vec<(String, String)> = Vec::new();
    for line in text.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.starts_with([' ', '\t']) {
            if let Some(last) = out.last_mut() {
                last.1.push(' ');
                last.1.push_str(line.trim());
            }
            continue;
        }
        if let Some((name, value)) = line.split_once(':') {
            out.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
        }
    }
    out
}

fn count_fields(block: &[u8], name: &str) -> usize {
    fields(block).iter().filter(|(n, _)| n == name).count()
}

fn field_value(block: &[u8], name: &str) -> Option<String> {
    fields(block)
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v)
}

/// How many parameters of a Content-Type value are named `name` (RFC 2231 forms included:
/// `name*`, `name*0`, `name*0*` count once per spelling).
fn count_params(value: &str, name: &str) -> usize {
    let mut count = 0;
    let mut quoted = false;
    let mut segment_start = None;
    let bytes = value.as_bytes();
    let mut check = |segment: &str| {
        let param = segment.split('=').next().unwrap_or("").trim();
        let base = param.split('*').next().unwrap_or("");
        if base.eq_ignore_ascii_case(name)
            && (param == base || param.ends_with('*') || {
                let suffix = &param[base.len()..];
                suffix.starts_with("*0")
            })
        {
            count += 1;
        }
    };
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b';' if !quoted => {
                if let Some(s) = segment_start {
                    check(&value[s..i]);
                }
                segment_start = Some(i + 1);
            }
            _ => {}
        }
    }
    if let Some(s) = segment_start {
        check(&value[s..]);
    }
    count
}

/// The lower-case `type/subtype` declared by a part's own header block (`text/plain` when it
/// declares none).
fn part_content_type(part: &[u8]) -> String {
    let (headers, _) = split_header_body(part);
    field_value(headers, "content-type")
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .unwrap_or_else(|| "text/plain".to_owned())
}

/// True for `application/<s>` or `application/x-<s>` with `s` among `subtypes`.
fn is_signature_type(content_type: &str, subtypes: &[&str]) -> bool {
    content_type
        .strip_prefix("application/")
        .map(|s| s.strip_prefix("x-").unwrap_or(s))
        .is_some_and(|s| subtypes.contains(&s))
}

/// The bytes a reader takes as the message when its signature is detached: the message's own
/// header fields (those outside the signature: From, To, Subject, the PEC headers) without its
/// MIME fields, then the signed entity with only its MIME fields. Nothing outside the signed
/// part but the unsigned header fields the PEC rules read from the envelope (they are never
/// shown as certified: where they disagree with the signed daticert, a warning says so).
pub fn certified_reading(raw: &[u8], msg: &Message<'_>, content: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(content.len() + 4096);
    let top = msg
        .parts
        .first()
        .map(|root| header_block(raw, root))
        .unwrap_or_default();
    push_fields(&mut out, top, |name| {
        !(name.starts_with("content-") || name == "mime-version")
    });
    out.extend_from_slice(b"MIME-Version: 1.0\r\n");
    let (headers, body) = split_header_body(content);
    push_fields(&mut out, headers, |name| name.starts_with("content-"));
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(body);
    out
}

/// Copies the header fields of `block` whose lower-case name passes `keep`, folded lines
/// included, with CRLF line ends.
fn push_fields(out: &mut Vec<u8>, block: &[u8], keep: impl Fn(&str) -> bool) {
    let mut keeping = false;
    for line in block.split_inclusive(|&b| b == b'\n') {
        let bare = line
            .strip_suffix(b"\n")
            .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
            .unwrap_or(line);
        if bare.is_empty() {
            continue;
        }
        if !bare.starts_with(b" ") && !bare.starts_with(b"\t") {
            let name = bare
                .split(|&b| b == b':')
                .next()
                .map(|n| String::from_utf8_lossy(n).trim().to_ascii_lowercase())
                .unwrap_or_default();
            keeping = bare.contains(&b':') && keep(&name);
        }
        if keeping {
            out.extend_from_slice(bare);
            out.extend_from_slice(b"\r\n");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mail_parser::MessageParser;

    fn located(raw: &[u8]) -> Located {
        let msg = MessageParser::default().parse(raw).unwrap();
        locate(raw, &msg)
    }

    const SIG: &str = "Content-Type: application/pkcs7-signature; name=smime.p7s\r\nContent-Transfer-Encoding: base64\r\n\r\nMAA=\r\n";

    fn signed(preamble: &str, content: &str, extra: &str, epilogue: &str) -> Vec<u8> {
        format!(
            "From: a@b.it\r\nMIME-Version: 1.0\r\nContent-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; boundary=\"XX\"\r\n\r\n{preamble}--XX\r\n{content}\r\n--XX\r\n{SIG}{extra}--XX--\r\n{epilogue}"
        )
        .into_bytes()
    }

    const CONTENT: &str = "Content-Type: text/plain\r\n\r\nciao";

    #[test]
    fn a_plain_signed_message_is_read_one_way() {
        let raw = signed("", CONTENT, "", "");
        match located(&raw) {
            Located::Detached(d) => {
                assert_eq!(d.content, CONTENT.as_bytes());
                assert!(
                    d.signature_part
                        .starts_with(b"Content-Type: application/pkcs7")
                );
                assert!(!d.nested);
            }
            other => panic!("{other:?}"),
        }
        // An innocent preamble and epilogue do not matter.
        let raw = signed("This is an S/MIME message\r\n", CONTENT, "", "bye\r\n");
        assert!(matches!(located(&raw), Located::Detached(_)));
    }

    #[test]
    fn a_boundary_in_the_middle_of_a_line_is_malformed() {
        let forged = "x--XX\r\nContent-Type: text/plain\r\n\r\nforged\r\n".to_owned();
        let raw = signed(&forged, CONTENT, "", "");
        assert_eq!(
            located(&raw),
            Located::Malformed(Malformation::StrayBoundary)
        );
        let raw = signed("", CONTENT, "", "x--XX\r\nafter the end\r\n");
        assert_eq!(
            located(&raw),
            Located::Malformed(Malformation::StrayBoundary)
        );
        // A longer boundary that starts like this one.
        let raw = signed("", "Content-Type: text/plain\r\n\r\n--XXY", "", "");
        assert_eq!(
            located(&raw),
            Located::Malformed(Malformation::StrayBoundary)
        );
    }

    #[test]
    fn a_third_part_or_parts_in_the_wrong_order_are_malformed() {
        let raw = signed("", CONTENT, &format!("--XX\r\n{SIG}"), "");
        assert_eq!(
            located(&raw),
            Located::Malformed(Malformation::PartCount(3))
        );
        let raw = signed("", SIG.trim_end(), "", "");
        assert_eq!(
            located(&raw),
            Located::Malformed(Malformation::PartsOutOfOrder)
        );
    }

    #[test]
    fn duplicate_content_type_or_boundary_is_malformed() {
        let raw = signed("", CONTENT, "", "");
        let twice = String::from_utf8(raw.clone()).unwrap().replacen(
            "MIME-Version: 1.0\r\n",
            "MIME-Version: 1.0\r\nContent-Type: text/plain\r\n",
            1,
        );
        assert_eq!(
            located(twice.as_bytes()),
            Located::Malformed(Malformation::DuplicateContentType)
        );
        let two_boundaries = String::from_utf8(raw).unwrap().replacen(
            "boundary=\"XX\"",
            "boundary=\"XX\"; boundary=\"YY\"",
            1,
        );
        assert_eq!(
            located(two_boundaries.as_bytes()),
            Located::Malformed(Malformation::DuplicateBoundary)
        );
    }

    #[test]
    fn a_missing_signature_part_is_not_a_signature() {
        let raw = b"From: a@b.it\r\nContent-Type: multipart/signed; boundary=XX\r\n\r\n--XX\r\nContent-Type: text/plain\r\n\r\nciao\r\n--XX--\r\n";
        assert_eq!(located(raw), Located::SignatureMissing);
        let cut = b"From: a@b.it\r\nContent-Type: multipart/signed; boundary=XX\r\n\r\n--XX\r\nContent-Type: text/plain\r\n\r\nciao\r\n";
        assert_eq!(located(cut), Located::SignatureMissing);
        let open = b"From: a@b.it\r\nContent-Type: multipart/signed; boundary=XX\r\n\r\n--XX\r\nContent-Type: text/plain\r\n\r\nciao\r\n--XX\r\nContent-Type: application/pkcs7-signature\r\n\r\nMAA=\r\n";
        assert_eq!(
            located(open),
            Located::Malformed(Malformation::Unterminated)
        );
    }

    #[test]
    fn the_reading_keeps_the_envelope_fields_and_the_signed_mime_fields_only() {
        let raw = signed(
            "",
            "Content-Type: text/plain\r\nSubject: inner\r\n\r\nciao",
            "",
            "",
        );
        let msg = MessageParser::default().parse(&raw[..]).unwrap();
        let Located::Detached(d) = locate(&raw, &msg) else {
            panic!()
        };
        let reading = certified_reading(&raw, &msg, &d.content);
        assert_eq!(
            reading,
            b"From: a@b.it\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nciao"
        );
    }

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

    /// The plain readings the fast ones replaced: every line read in turn, every byte
    /// compared. The fast readings must find exactly what they find.
    mod plain {
        use super::{Delimiter, delimiter_in_line};

        /// Every line read in turn (the reading of each line is shared: what changed is
        /// which lines are read).
        pub fn delimiter_lines(body: &[u8], boundary: &[u8]) -> Vec<Delimiter> {
            let mut found = Vec::new();
            let mut line_start = 0usize;
            while line_start <= body.len() {
                let line_end = body[line_start..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map(|p| line_start + p)
                    .unwrap_or(body.len());
                found.extend(delimiter_in_line(body, line_start, line_end, boundary));
                if line_end >= body.len() {
                    break;
                }
                line_start = line_end + 1;
            }
            found
        }

        pub fn find_all(hay: &[u8], needle: &[u8]) -> Vec<usize> {
            (0..hay.len())
                .filter(|&i| !needle.is_empty() && hay[i..].starts_with(needle))
                .collect()
        }

        pub fn to_crlf(data: &[u8]) -> Vec<u8> {
            let mut out = Vec::new();
            let mut prev = 0u8;
            for &b in data {
                if b == b'\n' && prev != b'\r' {
                    out.push(b'\r');
                }
                out.push(b);
                prev = b;
            }
            out
        }
    }

    #[test]
    fn the_fast_readings_find_what_the_plain_ones_find() {
        // Bodies made of the bytes that matter (dashes, boundary letters, line ends, blanks)
        // and boundaries that can start again inside themselves or hold dashes.
        let boundaries: [&[u8]; 6] = [b"x", b"-", b"--", b"x--x", b"ab-", b"=_Part_0"];
        let alphabet = b"-x\r\n \tab=_P0";
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for round in 0..20_000 {
            let boundary = boundaries[round % boundaries.len()];
            let len = (next() % 80) as usize;
            let mut body: Vec<u8> = (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            // Plant a few delimiters so that matches are common, not rare.
            for _ in 0..(next() % 4) {
                let at = (next() as usize) % (body.len() + 1);
                let closing: &[u8] = if next() % 2 == 0 { b"--" } else { b"" };
                let line: Vec<u8> = [b"\n--".as_slice(), boundary, closing, b"\r\n"].concat();
                body.splice(at..at, line);
            }
            let marker: Vec<u8> = [b"--".as_slice(), boundary].concat();
            assert_eq!(
                delimiter_lines(&body, boundary),
                plain::delimiter_lines(&body, boundary),
                "{:?} / {:?}",
                String::from_utf8_lossy(&body),
                String::from_utf8_lossy(boundary)
            );
            assert_eq!(
                find_all(&body, &marker),
                plain::find_all(&body, &marker),
                "{:?}",
                String::from_utf8_lossy(&body)
            );
            assert_eq!(
                to_crlf(&body).as_ref(),
                plain::to_crlf(&body).as_slice(),
                "{:?}",
                String::from_utf8_lossy(&body)
            );
        }
    }

    #[test]
    fn boundary_parameters_are_counted_in_every_spelling() {
        assert_eq!(count_params("multipart/signed; boundary=a", "boundary"), 1);
        assert_eq!(
            count_params("multipart/signed; boundary=a; BOUNDARY=b", "boundary"),
            2
        );
        assert_eq!(
            count_params("multipart/signed; boundary=a; boundary*0=b", "boundary"),
            2
        );
        assert_eq!(
            count_params(
                "multipart/signed; x=\"; boundary=c\"; boundary=a",
                "boundary"
            ),
            1
        );
    }
}
