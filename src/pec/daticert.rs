//! Lenient reader for `daticert.xml`, the provider-signed certification data of a PEC message
//! (RFC 6109 §4.4, `daticert.dtd`).
//!
//! Real providers do not always produce well-formed XML (raw C0 control bytes or `&#18;` in
//! `<oggetto>`, tags broken across lines by forwarding clients). The reader recovers every field it
//! can and records what it had to repair as [`DaticertIssue`]s instead of failing. It never expands
//! entities other than the five predefined ones and character references, never reads a DTD and
//! never fetches anything, so entity bombs and external entities are inert.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone};
use quick_xml::events::Event;
use serde::Serialize;

use super::kind::RecipientType;

/// Inputs larger than this are not certification data; only this prefix is read.
pub const MAX_DATICERT_BYTES: usize = 8 * 1024 * 1024;
/// Nesting deeper than this is not a daticert; reading stops there.
const MAX_DEPTH: usize = 32;
/// Values longer than this (in bytes) are cut, with an issue recorded.
const MAX_VALUE_BYTES: usize = 64 * 1024;
/// At most this many recipients are kept (a PEC has far fewer; the rest is reported).
const MAX_RECIPIENTS: usize = 100_000;

/// One recipient listed in `<destinatari>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Destinatario {
    /// The address as written by the provider.
    pub address: String,
    /// `certificato` or `esterno` (the DTD default is `certificato`).
    pub tipo: RecipientType,
}

/// The `<data>` element: local civil time plus explicit offset.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DaticertDate {
    /// `zona` attribute, e.g. `+0100`.
    pub zona: Option<String>,
    /// `dd/mm/yyyy`.
    pub giorno: Option<String>,
    /// `hh:mm:ss`.
    pub ora: Option<String>,
}

impl DaticertDate {
    /// The instant this date denotes, when all three parts are present and valid.
    pub fn timestamp(&self) -> Option<DateTime<FixedOffset>> {
        let offset = parse_zona(self.zona.as_deref()?)?;
        let day = NaiveDate::parse_from_str(self.giorno.as_deref()?.trim(), "%d/%m/%Y").ok()?;
        let time = NaiveTime::parse_from_str(self.ora.as_deref()?.trim(), "%H:%M:%S").ok()?;
        offset.from_local_datetime(&day.and_time(time)).single()
    }
}

fn parse_zona(zona: &str) -> Option<FixedOffset> {
    let z = zona.trim();
    let (sign, digits) = match z.as_bytes().first()? {
        b'+' => (1, &z[1..]),
        b'-' => (-1, &z[1..]),
        _ => (1, z),
    };
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = digits[2..].parse().ok()?;
    if hours > 23 || minutes > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))
}

/// Every field of a daticert.xml, as far as it could be read.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Daticert {
    /// `postacert/@tipo`, as written.
    pub tipo: Option<String>,
    /// `postacert/@errore` (`nessuno` when absent, the DTD default).
    pub errore: String,
    /// Original sender (From address).
    pub mittente: Option<String>,
    /// Every To and Cc recipient with its type.
    pub destinatari: Vec<Destinatario>,
    /// Original Reply-To (or From).
    pub risposte: Option<String>,
    /// Original subject.
    pub oggetto: Option<String>,
    /// Provider that issued this data.
    pub gestore_emittente: Option<String>,
    /// Date and time of the event.
    pub data: DaticertDate,
    /// PEC message id given by the access point (no angle brackets).
    pub identificativo: Option<String>,
    /// Client Message-ID of the original (with angle brackets).
    pub msgid: Option<String>,
    /// Requested delivery receipt type (`<ricevuta tipo=…/>`).
    pub ricevuta: Option<String>,
    /// Recipient delivered to or tried.
    pub consegna: Option<String>,
    /// Recipients covered by a presa-in-carico.
    pub ricezione: Vec<String>,
    /// Short error description.
    pub errore_esteso: Option<String>,
}

impl Daticert {
    /// True when this is a timeout notice that providers (Aruba, Namirial) use as the final
    /// 24-hour non-delivery: `preavviso-errore-consegna` with `errore-esteso` starting `5.4.1`.
    pub fn is_final_timeout(&self) -> bool {
        self.tipo
            .as_deref()
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("preavviso-errore-consegna"))
            && self
                .errore_esteso
                .as_deref()
                .is_some_and(|e| e.trim_start().starts_with("5.4.1"))
    }
}

/// Something the reader had to repair or could not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DaticertIssue {
    /// Bytes that are not valid UTF-8 were replaced.
    InvalidUtf8,
    /// Control characters not allowed in XML were removed from a field.
    ControlCharacters { field: String },
    /// A character reference to a character not allowed in XML (e.g. `&#18;`) was dropped.
    InvalidCharReference { reference: String },
    /// An entity that is not predefined was left unexpanded.
    UnknownEntity { name: String },
    /// The markup was broken; the reader repaired it or stopped early.
    NotWellFormed { detail: String },
    /// Text where the DTD allows only elements.
    StrayText { text: String },
    /// A field was too long and was cut.
    Truncated { field: String },
    /// The input was larger than any real daticert; only the beginning was read.
    TooLarge { bytes: usize },
    /// The root element is not `postacert`.
    WrongRoot { name: String },
    /// The `<data>` element could not be turned into a timestamp.
    BadDate,
    /// An attribute had a value outside the DTD's list.
    UnknownAttributeValue { attribute: String, value: String },
    /// A required element is missing.
    MissingElement { element: String },
}

/// The outcome of reading one daticert: the data recovered and the issues met.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DaticertReading {
    /// The fields read.
    pub daticert: Daticert,
    /// What had to be repaired.
    pub issues: Vec<DaticertIssue>,
}

/// Reads a daticert.xml leniently. Never fails: at worst every field is empty and the issues say
/// why.
pub fn read_daticert(bytes: &[u8]) -> DaticertReading {
    let mut issues = Vec::new();
    let bytes = if bytes.len() > MAX_DATICERT_BYTES {
        issues.push(DaticertIssue::TooLarge { bytes: bytes.len() });
        &bytes[..MAX_DATICERT_BYTES]
    } else {
        bytes
    };
    let text = decode_text(bytes, &mut issues);

    let mut pass = parse_events(&text);
    if !pass.complete {
        // Repair the usual damage (a tag broken across lines) and read again; if that still
        // fails, keep whatever the first pass collected before the error.
        let second = parse_events(&repair_markup(&text));
        if second.complete {
            pass = second;
            pass.issues.push(DaticertIssue::NotWellFormed {
                detail: "markup repaired (tag broken across lines)".into(),
            });
        }
    }
    let mut daticert = pass.daticert;
    issues.append(&mut pass.issues);

    if daticert.errore.is_empty() {
        daticert.errore = "nessuno".into();
    }
    if daticert.data.zona.is_some() || daticert.data.giorno.is_some() || daticert.data.ora.is_some()
    {
        if daticert.data.timestamp().is_none() {
            issues.push(DaticertIssue::BadDate);
        }
    } else {
        issues.push(DaticertIssue::MissingElement {
            element: "data".into(),
        });
    }
    for (element, present) in [
        ("mittente", daticert.mittente.is_some()),
        ("destinatari", !daticert.destinatari.is_empty()),
        ("gestore-emittente", daticert.gestore_emittente.is_some()),
        ("identificativo", daticert.identificativo.is_some()),
    ] {
        if !present {
            issues.push(DaticertIssue::MissingElement {
                element: element.into(),
            });
        }
    }
    DaticertReading { daticert, issues }
}

/// Turns bytes into text: UTF-8, or ISO-8859-1 when the declaration says so.
fn decode_text(bytes: &[u8], issues: &mut Vec<DaticertIssue>) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => {
            let head = &bytes[..bytes.len().min(100)];
            let head = String::from_utf8_lossy(head).to_ascii_lowercase();
            if head.contains("iso-8859-1") || head.contains("latin1") || head.contains("latin-1") {
                bytes.iter().map(|&b| b as char).collect()
            } else {
                issues.push(DaticertIssue::InvalidUtf8);
                String::from_utf8_lossy(bytes).into_owned()
            }
        }
    }
}

/// Removes blanks that a line-wrapping client inserted right after `<` or `</`.
fn repair_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == '<' {
            while chars.peek().is_some_and(|c| c.is_whitespace()) {
                chars.next();
            }
            if chars.peek() == Some(&'/') {
                out.push('/');
                chars.next();
                while chars.peek().is_some_and(|c| c.is_whitespace()) {
                    chars.next();
                }
            }
        }
    }
    out
}

/// Characters allowed in XML 1.0 text.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
}

/// What one pass collected, and whether it reached the end without a fatal markup error.
struct Pass {
    daticert: Daticert,
    issues: Vec<DaticertIssue>,
    complete: bool,
}

/// One pass over the events.
fn parse_events(text: &str) -> Pass {
    let mut reader = quick_xml::Reader::from_str(text);
    {
        let config = reader.config_mut();
        config.check_end_names = true;
        config.allow_unmatched_ends = false;
        config.expand_empty_elements = false;
    }
    let mut d = Daticert::default();
    let mut issues = Vec::new();
    let mut path: Vec<String> = Vec::new();
    let mut text_buf = String::new();
    let mut saw_root = false;

    loop {
        let event = match reader.read_event() {
            Ok(ev) => ev,
            Err(e) => {
                issues.push(DaticertIssue::NotWellFormed {
                    detail: e.to_string(),
                });
                return Pass {
                    daticert: d,
                    issues,
                    complete: false,
                };
            }
        };
        match event {
            Event::Start(start) | Event::Empty(start) if path.len() >= MAX_DEPTH => {
                let _ = start;
                issues.push(DaticertIssue::NotWellFormed {
                    detail: format!("nesting deeper than {MAX_DEPTH} levels"),
                });
                return Pass {
                    daticert: d,
                    issues,
                    complete: false,
                };
            }
            Event::Start(start) => {
                let name = start.name().as_ref().to_ascii_lowercase();
                flush_stray(&path, &text_buf, &mut issues);
                text_buf.clear();
                if path.is_empty() {
                    if saw_root {
                        issues.push(DaticertIssue::NotWellFormed {
                            detail: "more than one root element".into(),
                        });
                    }
                    saw_root = true;
                    if name != "postacert" {
                        issues.push(DaticertIssue::WrongRoot { name: name.clone() });
                    }
                }
                read_attributes(&start, &name, &mut d, &mut issues);
                path.push(name);
            }
            Event::Empty(start) => {
                let name = start.name().as_ref().to_ascii_lowercase();
                flush_stray(&path, &text_buf, &mut issues);
                text_buf.clear();
                if path.is_empty() {
                    saw_root = true;
                    if name != "postacert" {
                        issues.push(DaticertIssue::WrongRoot { name: name.clone() });
                    }
                }
                read_attributes(&start, &name, &mut d, &mut issues);
                // An empty leaf element still counts as present (e.g. `<oggetto/>`).
                path.push(name);
                store_leaf(&path, String::new(), &mut d, &mut issues);
                path.pop();
            }
            Event::Text(t) => push_limited(&mut text_buf, &t.xml10_content()),
            Event::CData(t) => push_limited(&mut text_buf, &t.xml10_content()),
            Event::GeneralRef(r) => {
                let raw = r.xml10_content();
                match r.resolve_char_ref() {
                    Ok(Some(c)) if is_xml_char(c) => text_buf.push(c),
                    Ok(Some(_)) | Err(_) => issues.push(DaticertIssue::InvalidCharReference {
                        reference: format!("&{raw};"),
                    }),
                    Ok(None) => match quick_xml::escape::resolve_predefined_entity(&raw) {
                        Some(s) => text_buf.push_str(s),
                        None => {
                            issues.push(DaticertIssue::UnknownEntity {
                                name: cut(&raw, 64),
                            });
                            push_limited(&mut text_buf, &format!("&{raw};"));
                        }
                    },
                }
            }
            Event::End(_) => {
                let value = std::mem::take(&mut text_buf);
                if is_leaf(path.last().map(String::as_str)) {
                    store_leaf(&path, value, &mut d, &mut issues);
                } else {
                    check_stray(&value, &mut issues);
                }
                path.pop();
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if !path.is_empty() {
        issues.push(DaticertIssue::NotWellFormed {
            detail: format!(
                "unclosed element <{}>",
                path.last().cloned().unwrap_or_default()
            ),
        });
    }
    Pass {
        daticert: d,
        issues,
        complete: true,
    }
}

fn push_limited(buf: &mut String, s: &str) {
    if buf.len() < MAX_VALUE_BYTES + 4 {
        buf.push_str(s);
    }
}

fn cut(s: &str, max_chars: usize) -> String {
    s.chars().take(max_chars).collect()
}

fn is_leaf(name: Option<&str>) -> bool {
    matches!(
        name,
        Some(
            "mittente"
                | "destinatari"
                | "risposte"
                | "oggetto"
                | "gestore-emittente"
                | "giorno"
                | "ora"
                | "identificativo"
                | "msgid"
                | "ricevuta"
                | "consegna"
                | "ricezione"
                | "errore-esteso"
        )
    )
}

/// Text seen between structural elements before a new start tag.
fn flush_stray(path: &[String], text: &str, issues: &mut Vec<DaticertIssue>) {
    if !path.is_empty() && !is_leaf(path.last().map(String::as_str)) {
        check_stray(text, issues);
    }
}

fn check_stray(text: &str, issues: &mut Vec<DaticertIssue>) {
    let t = text.trim();
    if !t.is_empty() {
        issues.push(DaticertIssue::StrayText { text: cut(t, 64) });
    }
}

fn read_attributes(
    start: &quick_xml::events::BytesStart<'_>,
    element: &str,
    d: &mut Daticert,
    issues: &mut Vec<DaticertIssue>,
) {
    for attr in start.attributes().with_checks(false).flatten() {
        let key = attr.key.as_ref().to_ascii_lowercase();
        let value = match attr.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
            Ok(v) => v.into_owned(),
            Err(_) => String::from_utf8_lossy(attr.value.as_bytes()).into_owned(),
        };
        let value = clean(&value, &key, issues);
        match (element, key.as_str()) {
            ("postacert", "tipo") => d.tipo = Some(value),
            ("postacert", "errore") => {
                if !matches!(
                    value.as_str(),
                    "nessuno" | "no-dest" | "no-dominio" | "virus" | "altro"
                ) {
                    issues.push(DaticertIssue::UnknownAttributeValue {
                        attribute: "errore".into(),
                        value: cut(&value, 64),
                    });
                }
                d.errore = value;
            }
            ("data", "zona") => d.data.zona = Some(value),
            ("ricevuta", "tipo") => d.ricevuta = Some(value),
            ("destinatari", "tipo") => {
                // Handled when the element closes; remember it on a placeholder.
                d.destinatari.push(Destinatario {
                    address: String::new(),
                    tipo: RecipientType::parse(&value).unwrap_or_else(|| {
                        issues.push(DaticertIssue::UnknownAttributeValue {
                            attribute: "destinatari/tipo".into(),
                            value: cut(&value, 64),
                        });
                        RecipientType::Certificato
                    }),
                });
            }
            _ => {}
        }
    }
    if element == "destinatari"
        && !start
            .attributes()
            .with_checks(false)
            .flatten()
            .any(|a| a.key.as_ref().eq_ignore_ascii_case("tipo"))
    {
        d.destinatari.push(Destinatario {
            address: String::new(),
            tipo: RecipientType::Certificato,
        });
    }
}

/// Removes characters XML does not allow, reporting where.
fn clean(value: &str, field: &str, issues: &mut Vec<DaticertIssue>) -> String {
    let mut out: String = if value.chars().all(is_xml_char) {
        value.to_owned()
    } else {
        issues.push(DaticertIssue::ControlCharacters {
            field: field.to_owned(),
        });
        value.chars().filter(|&c| is_xml_char(c)).collect()
    };
    if out.len() > MAX_VALUE_BYTES {
        let mut end = MAX_VALUE_BYTES;
        while !out.is_char_boundary(end) {
            end -= 1;
        }
        out.truncate(end);
        issues.push(DaticertIssue::Truncated {
            field: field.to_owned(),
        });
    }
    out
}

fn store_leaf(path: &[String], raw: String, d: &mut Daticert, issues: &mut Vec<DaticertIssue>) {
    let Some(name) = path.last() else { return };
    let value = clean(&raw, name, issues).trim().to_owned();
    let parent = path.len().checked_sub(2).and_then(|i| path.get(i));
    let parent = parent.map(String::as_str);
    match (parent, name.as_str()) {
        (_, "mittente") => d.mittente = Some(value),
        (_, "destinatari") => {
            if d.destinatari.len() > MAX_RECIPIENTS {
                d.destinatari.pop();
                if !issues.iter().any(
                    |i| matches!(i, DaticertIssue::Truncated { field } if field == "destinatari"),
                ) {
                    issues.push(DaticertIssue::Truncated {
                        field: "destinatari".into(),
                    });
                }
            } else if let Some(last) = d.destinatari.last_mut() {
                last.address = value;
            }
        }
        (_, "risposte") => d.risposte = Some(value),
        (_, "oggetto") => d.oggetto = Some(value),
        (_, "gestore-emittente") => d.gestore_emittente = Some(value),
        (Some("data"), "giorno") => d.data.giorno = Some(value),
        (Some("data"), "ora") => d.data.ora = Some(value),
        (_, "identificativo") => d.identificativo = Some(value),
        (_, "msgid") => d.msgid = Some(value),
        (_, "ricevuta") if d.ricevuta.is_none() => d.ricevuta = Some(String::new()),
        (_, "consegna") => d.consegna = Some(value),
        (_, "ricezione") if d.ricezione.len() < MAX_RECIPIENTS => d.ricezione.push(value),
        (_, "errore-esteso") => d.errore_esteso = Some(value),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<postacert tipo="avvenuta-consegna" errore="nessuno">
  <intestazione>
    <mittente>a@pec.example.it</mittente>
    <destinatari tipo="certificato">b@pec.example.it</destinatari>
    <destinatari tipo="esterno">c@example.com</destinatari>
    <destinatari>d@pec.example.it</destinatari>
    <risposte>a@pec.example.it</risposte>
    <oggetto>Prova &amp; verifica</oggetto>
  </intestazione>
  <dati>
    <gestore-emittente>Gestore di prova</gestore-emittente>
    <data zona="+0100"><giorno>13/11/2018</giorno><ora>16:39:26</ora></data>
    <identificativo>opec1@pec.example.it</identificativo>
    <msgid>&lt;m1@client&gt;</msgid>
    <ricevuta tipo="breve"></ricevuta>
    <consegna>b@pec.example.it</consegna>
  </dati>
</postacert>"#;

    #[test]
    fn reads_every_field() {
        let r = read_daticert(SAMPLE.as_bytes());
        assert!(r.issues.is_empty(), "{:?}", r.issues);
        let d = r.daticert;
        assert_eq!(d.tipo.as_deref(), Some("avvenuta-consegna"));
        assert_eq!(d.errore, "nessuno");
        assert_eq!(d.mittente.as_deref(), Some("a@pec.example.it"));
        assert_eq!(d.destinatari.len(), 3);
        assert_eq!(d.destinatari[1].tipo, RecipientType::Esterno);
        assert_eq!(d.destinatari[2].tipo, RecipientType::Certificato);
        assert_eq!(d.destinatari[2].address, "d@pec.example.it");
        assert_eq!(d.oggetto.as_deref(), Some("Prova & verifica"));
        assert_eq!(d.msgid.as_deref(), Some("<m1@client>"));
        assert_eq!(d.ricevuta.as_deref(), Some("breve"));
        assert_eq!(d.consegna.as_deref(), Some("b@pec.example.it"));
        assert_eq!(
            d.data.timestamp().unwrap().to_rfc3339(),
            "2018-11-13T16:39:26+01:00"
        );
    }

    #[test]
    fn recovers_control_characters_and_bad_references() {
        let xml = SAMPLE.replace("Prova &amp; verifica", "Prova\u{16} &#18;verifica");
        let r = read_daticert(xml.as_bytes());
        assert_eq!(r.daticert.oggetto.as_deref(), Some("Prova verifica"));
        assert!(
            r.issues
                .iter()
                .any(|i| matches!(i, DaticertIssue::ControlCharacters { .. }))
        );
        assert!(
            r.issues
                .iter()
                .any(|i| matches!(i, DaticertIssue::InvalidCharReference { .. }))
        );
        assert_eq!(
            r.daticert.identificativo.as_deref(),
            Some("opec1@pec.example.it")
        );
    }

    #[test]
    fn repairs_tags_broken_across_lines() {
        let xml = SAMPLE.replace(
            "</destinatari>\n    <destinatari tipo=\"esterno\">",
            "<\r\n/destinatari>\n<destinatari tipo=\"esterno\">",
        );
        let r = read_daticert(xml.as_bytes());
        assert_eq!(r.daticert.destinatari.len(), 3);
        assert_eq!(
            r.daticert.gestore_emittente.as_deref(),
            Some("Gestore di prova")
        );
        assert!(
            r.issues
                .iter()
                .any(|i| matches!(i, DaticertIssue::NotWellFormed { .. }))
        );
    }

    #[test]
    fn entity_bombs_and_external_entities_are_not_expanded() {
        let xml = r#"<?xml version="1.0"?>
<!DOCTYPE postacert [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY ext SYSTEM "file:///etc/passwd">]>
<postacert tipo="accettazione"><intestazione><mittente>&b;</mittente>
<oggetto>&ext;</oggetto></intestazione></postacert>"#;
        let r = read_daticert(xml.as_bytes());
        assert_eq!(r.daticert.mittente.as_deref(), Some("&b;"));
        assert_eq!(r.daticert.oggetto.as_deref(), Some("&ext;"));
        assert!(
            r.issues
                .iter()
                .any(|i| matches!(i, DaticertIssue::UnknownEntity { .. }))
        );
    }

    #[test]
    fn garbage_gives_empty_data_and_issues() {
        for input in [&b""[..], b"\xff\xfe\x00garbage", b"<a><b></a>", b"<<<<>>>>"] {
            let r = read_daticert(input);
            assert!(r.daticert.tipo.is_none());
            assert!(!r.issues.is_empty());
        }
    }

    #[test]
    fn stray_text_is_reported() {
        let xml = SAMPLE.replace("</risposte>", "</risposte>a");
        let r = read_daticert(xml.as_bytes());
        assert!(
            r.issues
                .iter()
                .any(|i| matches!(i, DaticertIssue::StrayText { text } if text == "a"))
        );
        assert_eq!(r.daticert.oggetto.as_deref(), Some("Prova & verifica"));
    }

    #[test]
    fn final_timeout_is_recognised() {
        let xml = SAMPLE.replace("avvenuta-consegna", "preavviso-errore-consegna").replace(
            "<consegna>",
            "<errore-esteso>5.4.1 - Gestore - non consegnato nelle prime ventiquattro ore</errore-esteso><consegna>",
        );
        let r = read_daticert(xml.as_bytes());
        assert!(r.daticert.is_final_timeout());
    }

    #[test]
    fn zona_parsing() {
        assert_eq!(parse_zona("+0100").unwrap().local_minus_utc(), 3600);
        assert_eq!(parse_zona("-0230").unwrap().local_minus_utc(), -9000);
        assert!(parse_zona("+25:00").is_none());
        assert!(parse_zona("").is_none());
    }
}
