//! REM messages ("PEC europea"): ETSI EN 319 532-3/-4 "REM baseline" as the Italian REM
//! Policy-IT profiles it. Pure code: no I/O.
//!
//! A REM message is S/MIME-signed mail like PEC, but everything a client parses differs: the
//! `REM-*` header fields (`REM-MessageType` dispatch or receipt, `REM-EventIdentifier`,
//! `REM-ReasonIdentifier`, `REM-UAMessageIdentifier`, `REM-Evidence-ID`, `REM-DigestValue`,
//! `REM-ApplicablePolicy`), body sections tagged `REM-Section-Type` (`rem_message/
//! introduction`, `original`, `xml_evidence`), the original as `AttachedMimeMessage`, and an
//! ETSI EN 319 522-3 evidence XML instead of daticert.xml.
//!
//! The PEC model ([`crate::pec::read`]) hands REM messages here, with the content already taken
//! from exactly the signed entity: the sections and the evidence are read from the certified
//! bytes only. The `REM-*` header fields sit outside the signature (as `X-Ricevuta` does in
//! PEC): where they disagree with the signed evidence, the evidence wins and a [`RemIssue`]
//! says so. [`RemMessage::kind`] puts the message in the PEC vocabulary
//! ([`event::Event::receipt_kind`]), so timelines, filters and badges serve both formats.

pub mod event;
pub mod evidence;

use mail_parser::{Message, MessagePart};
use serde::Serialize;

use crate::pec::PecKind;
use crate::pec::mime::{self, View};
use event::{Event, MessageType, local_name};
use evidence::Evidence;

/// The `REM-*` header fields of the message, as written (none of them signed).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RemHeaders {
    /// `REM-MessageType`.
    pub message_type: Option<String>,
    /// `REM-EventIdentifier`.
    pub event: Option<String>,
    /// `REM-ReasonIdentifier`.
    pub reason: Option<String>,
    /// `REM-UAMessageIdentifier`: the sender's client Message-ID.
    pub ua_message_id: Option<String>,
    /// `REM-Evidence-ID`.
    pub evidence_id: Option<String>,
    /// `REM-DigestAlgorithm`.
    pub digest_algorithm: Option<String>,
    /// `REM-DigestValue`: digest of the original message.
    pub digest_value: Option<String>,
    /// Every `REM-ApplicablePolicy`.
    pub policies: Vec<String>,
    /// `REM-MetadataVersion`.
    pub metadata_version: Option<String>,
    /// `REM-RelayDate`.
    pub relay_date: Option<String>,
}

impl RemHeaders {
    /// True when the message presents itself as REM.
    pub fn present(&self) -> bool {
        self.message_type.is_some() || self.event.is_some() || self.evidence_id.is_some()
    }
}

/// How the attached original compares with the digests that certify it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DigestCheck {
    /// No original is attached (receipts carry none).
    NoOriginal,
    /// The original matches the evidence's digest (and `REM-DigestValue`, when present).
    Matches,
    /// The original does not match the signed evidence's digest.
    EvidenceMismatch,
    /// The original does not match the (unsigned) `REM-DigestValue` header.
    HeaderMismatch,
    /// There is no digest to compare with, or in an algorithm Sigillo does not compute.
    NotChecked,
}

/// What a careful reader of a REM message should know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "issue", rename_all = "kebab-case")]
pub enum RemIssue {
    /// A `REM-*` header says something else than the signed evidence.
    HeaderDiffers {
        /// The header name.
        header: &'static str,
        /// Its value.
        outer: String,
        /// The evidence's.
        certified: String,
    },
    /// No evidence section in the signed content.
    NoEvidence,
    /// More than one evidence section: the first was read.
    SeveralEvidences {
        /// How many.
        count: usize,
    },
    /// A dispatch without the original message.
    NoOriginal,
    /// What is wrong with the evidence.
    Evidence(evidence::EvidenceIssue),
    /// The attached original does not match a digest that certifies it.
    DigestMismatch {
        /// `evidence` or `REM-DigestValue`.
        source: &'static str,
    },
    /// The digest could not be compared.
    DigestNotChecked,
}

impl RemIssue {
    /// A stable code.
    pub fn code(&self) -> &'static str {
        match self {
            RemIssue::HeaderDiffers { .. } => "rem-header-differs",
            RemIssue::NoEvidence => "rem-no-evidence",
            RemIssue::SeveralEvidences { .. } => "rem-several-evidences",
            RemIssue::NoOriginal => "rem-no-original",
            RemIssue::Evidence(_) => "rem-evidence-issue",
            RemIssue::DigestMismatch { .. } => "rem-digest-mismatch",
            RemIssue::DigestNotChecked => "rem-digest-not-checked",
        }
    }
}

/// What the REM reader found in one message.
#[derive(Debug, Clone, PartialEq)]
pub struct RemMessage {
    /// The unsigned `REM-*` header fields.
    pub headers: RemHeaders,
    /// The signed evidence, read.
    pub evidence: Option<Evidence>,
    /// Its exact bytes (transfer encoding removed).
    pub evidence_bytes: Option<Vec<u8>>,
    /// Its file name (`ContentConsignment.xml`…).
    pub evidence_name: Option<String>,
    /// The `REM-Section-Type` values of the signed sections, in order.
    pub sections: Vec<String>,
    /// The original compared with its digests.
    pub digest: DigestCheck,
    /// What a careful reader should know.
    pub issues: Vec<RemIssue>,
}

impl RemMessage {
    /// The message type: the header's, else `dispatch` when an original is attached.
    pub fn message_type(&self) -> MessageType {
        match &self.headers.message_type {
            Some(t) => MessageType::parse(t),
            None if self.sections.iter().any(|s| s.ends_with("/original")) => MessageType::Dispatch,
            None => MessageType::Receipt,
        }
    }

    /// The event: the signed evidence's, else the header's.
    pub fn event(&self) -> Option<Event> {
        match &self.evidence {
            Some(e) if e.event_uri.is_some() => e.event(),
            _ => self.headers.event.as_deref().and_then(Event::parse),
        }
    }

    /// The event's local name as written (also for events Sigillo does not know).
    pub fn event_name(&self) -> Option<String> {
        self.evidence
            .as_ref()
            .and_then(|e| e.event_uri.as_deref())
            .or(self.headers.event.as_deref())
            .map(|u| local_name(u).to_owned())
    }

    /// The reason's local name: the evidence's, else the header's.
    pub fn reason_name(&self) -> Option<String> {
        self.evidence
            .as_ref()
            .and_then(|e| e.reason())
            .map(|r| r.name().to_owned())
            .filter(|r| !r.is_empty())
            .or_else(|| {
                self.headers
                    .reason
                    .as_deref()
                    .map(|r| local_name(r).to_owned())
            })
    }

    /// The reason's free-text details (Policy-IT code first).
    pub fn reason_details(&self) -> Vec<String> {
        self.evidence
            .as_ref()
            .and_then(|e| e.reason())
            .map(|r| r.details.clone())
            .unwrap_or_default()
    }

    /// What the message is in the PEC vocabulary.
    pub fn kind(&self) -> PecKind {
        let event = self.event();
        match self.message_type() {
            MessageType::Dispatch => match event {
                Some(Event::ReceivedFromNonErds) => PecKind::Anomalia,
                _ => PecKind::PostaCertificata,
            },
            _ => event.map(Event::receipt_kind).unwrap_or(PecKind::Ordinaria),
        }
    }

    /// The sender's client Message-ID: the evidence's `AppLayerIdentifier`, else the header.
    pub fn ua_message_id(&self) -> Option<String> {
        self.evidence
            .as_ref()
            .and_then(|e| e.app_layer_identifier.clone())
            .or_else(|| self.headers.ua_message_id.clone())
    }

    /// The recipients the evidence is about (see [`Evidence::refers_to`]).
    pub fn refers_to(&self) -> Vec<String> {
        self.evidence
            .as_ref()
            .map(Evidence::refers_to)
            .unwrap_or_default()
    }

    /// True when the reason says malware was found.
    pub fn malware(&self) -> bool {
        self.reason_name()
            .is_some_and(|r| event::is_malware_reason(&r))
    }
}

/// The raw values of every header field named `name` in a header list, unfolded.
fn values(view: &View<'_, '_>, headers: &[mail_parser::Header<'_>], name: &str) -> Vec<String> {
    headers
        .iter()
        .filter(|h| h.name().eq_ignore_ascii_case(name))
        .map(|h| {
            let raw = view.slice(h.offset_start(), h.offset_end());
            crate::pec::summary::unfold(&String::from_utf8_lossy(raw))
                .trim()
                .to_owned()
        })
        .filter(|v| !v.is_empty())
        .collect()
}

/// The `REM-*` header fields of a message.
pub fn read_headers(view: &View<'_, '_>) -> RemHeaders {
    let top = view.msg.headers();
    let one = |name: &str| values(view, top, name).into_iter().next();
    RemHeaders {
        message_type: one("REM-MessageType"),
        event: one("REM-EventIdentifier"),
        reason: one("REM-ReasonIdentifier"),
        ua_message_id: one("REM-UAMessageIdentifier"),
        evidence_id: one("REM-Evidence-ID"),
        digest_algorithm: one("REM-DigestAlgorithm"),
        digest_value: one("REM-DigestValue"),
        policies: values(view, top, "REM-ApplicablePolicy"),
        metadata_version: one("REM-MetadataVersion"),
        relay_date: one("REM-RelayDate"),
    }
}

/// The `REM-Section-Type` of a part, lower case.
fn section_type(view: &View<'_, '_>, part: &MessagePart<'_>) -> Option<String> {
    values(view, &part.headers, "REM-Section-Type")
        .into_iter()
        .next()
        .map(|v| v.to_ascii_lowercase())
}

/// The REM sections among the direct children of `container` (the signed content).
pub struct Sections {
    /// `(part id, section type)` in order.
    pub parts: Vec<(u32, String)>,
}

impl Sections {
    /// The parts of this section type (`original`, `xml_evidence`…).
    pub fn of(&self, suffix: &str) -> Vec<u32> {
        self.parts
            .iter()
            .filter(|(_, t)| t.rsplit('/').next() == Some(suffix))
            .map(|(id, _)| *id)
            .collect()
    }
}

/// The sections of the signed content, when it has any.
pub fn sections(msg: &Message<'_>, view: &View<'_, '_>, container: Option<u32>) -> Sections {
    let mut parts = Vec::new();
    if let Some(c) = container.and_then(|id| mime::part(msg, id)) {
        for &kid in mime::children(c) {
            if let Some(t) = mime::part(msg, kid).and_then(|p| section_type(view, p)) {
                parts.push((kid, t));
            }
        }
    }
    Sections { parts }
}

/// Reads a REM message from its headers, its signed sections and (for a dispatch) the bytes
/// of the attached original. `None` when the message is not REM.
pub fn read(
    msg: &Message<'_>,
    view: &View<'_, '_>,
    headers: RemHeaders,
    sections: &Sections,
    original: Option<&[u8]>,
) -> Option<RemMessage> {
    let evidence_parts = sections.of("xml_evidence");
    if !headers.present() && evidence_parts.is_empty() {
        return None;
    }
    let mut issues = Vec::new();
    let mut evidence = None;
    let mut evidence_bytes = None;
    let mut evidence_name = None;
    if evidence_parts.len() > 1 {
        issues.push(RemIssue::SeveralEvidences {
            count: evidence_parts.len(),
        });
    }
    match evidence_parts.first().and_then(|&id| mime::part(msg, id)) {
        Some(part) => {
            let bytes = mime::decoded_body(view, part).to_vec();
            let ev = evidence::read(&bytes);
            issues.extend(ev.issues.iter().cloned().map(RemIssue::Evidence));
            evidence_name = mime::file_name(part);
            evidence = Some(ev);
            evidence_bytes = Some(bytes);
        }
        None => issues.push(RemIssue::NoEvidence),
    }
    let mut rem = RemMessage {
        headers,
        evidence,
        evidence_bytes,
        evidence_name,
        sections: sections.parts.iter().map(|(_, t)| t.clone()).collect(),
        digest: DigestCheck::NoOriginal,
        issues,
    };
    rem.issues.extend(header_differences(&rem));
    if rem.message_type() == MessageType::Dispatch && original.is_none() {
        rem.issues.push(RemIssue::NoOriginal);
    }
    if let Some(bytes) = original {
        rem.digest = check_digest(&rem, bytes);
        match rem.digest {
            DigestCheck::EvidenceMismatch => rem
                .issues
                .push(RemIssue::DigestMismatch { source: "evidence" }),
            DigestCheck::HeaderMismatch => rem.issues.push(RemIssue::DigestMismatch {
                source: "REM-DigestValue",
            }),
            DigestCheck::NotChecked => rem.issues.push(RemIssue::DigestNotChecked),
            DigestCheck::Matches | DigestCheck::NoOriginal => {}
        }
    }
    Some(rem)
}

/// Compares the original with the signed evidence's digest first, then the header's.
fn check_digest(rem: &RemMessage, original: &[u8]) -> DigestCheck {
    let signed = rem
        .evidence
        .as_ref()
        .and_then(|e| e.original_digest())
        .and_then(|d| {
            d.value
                .as_deref()
                .map(|v| evidence::digest_matches(d.algorithm.as_deref(), v, original))
        });
    let header =
        rem.headers.digest_value.as_deref().map(|v| {
            evidence::digest_matches(rem.headers.digest_algorithm.as_deref(), v, original)
        });
    match (signed, header) {
        (Some(Some(false)), _) => DigestCheck::EvidenceMismatch,
        (_, Some(Some(false))) => DigestCheck::HeaderMismatch,
        (Some(Some(true)), _) => DigestCheck::Matches,
        _ => DigestCheck::NotChecked,
    }
}

/// Where the unsigned `REM-*` headers say something else than the signed evidence.
fn header_differences(rem: &RemMessage) -> Vec<RemIssue> {
    let Some(ev) = &rem.evidence else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut compare = |header: &'static str, outer: Option<&str>, certified: Option<&str>| {
        if let (Some(o), Some(c)) = (outer, certified)
            && normalize(o) != normalize(c)
        {
            out.push(RemIssue::HeaderDiffers {
                header,
                outer: o.chars().take(200).collect(),
                certified: c.chars().take(200).collect(),
            });
        }
    };
    compare(
        "REM-EventIdentifier",
        rem.headers.event.as_deref(),
        ev.event_uri.as_deref(),
    );
    compare(
        "REM-ReasonIdentifier",
        rem.headers.reason.as_deref(),
        ev.reason().map(|r| r.code.as_str()),
    );
    compare(
        "REM-UAMessageIdentifier",
        rem.headers.ua_message_id.as_deref(),
        ev.app_layer_identifier.as_deref(),
    );
    compare(
        "REM-Evidence-ID",
        rem.headers.evidence_id.as_deref(),
        ev.identifier.as_deref(),
    );
    compare(
        "REM-DigestValue",
        rem.headers.digest_value.as_deref(),
        ev.original_digest().and_then(|d| d.value.as_deref()),
    );
    out
}

/// Identifiers compare without angle brackets, blanks and case of the URI scheme.
fn normalize(s: &str) -> String {
    s.trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .split_whitespace()
        .collect::<String>()
}

/// Reads the headers and sections of a whole raw message (for tools that hold only bytes).
pub fn is_rem(raw: &[u8]) -> bool {
    mail_parser::MessageParser::default()
        .parse(raw)
        .is_some_and(|m| read_headers(&View::top(&m)).present())
}

#[cfg(test)]
mod tests {
    use crate::pec::timeline::{Notice, RecipientState, build};
    use crate::pec::{Destinatario, PecKind, RecipientType};

    fn notice(id: i64, kind: PecKind, dest: &[(&str, RecipientType)], about: &[&str]) -> Notice {
        Notice {
            id,
            kind,
            at: chrono::DateTime::parse_from_rfc3339("2025-03-01T10:00:00+01:00")
                .ok()
                .map(|t| t + chrono::Duration::minutes(id)),
            identificativo: Some("m1@rem.test".into()),
            msgid: Some("ua1@client".into()),
            destinatari: dest
                .iter()
                .map(|(a, t)| Destinatario {
                    address: (*a).into(),
                    tipo: *t,
                })
                .collect(),
            consegna: None,
            ricezione: about.iter().map(|a| (*a).to_owned()).collect(),
            errore: "nessuno".into(),
            errore_esteso: None,
            virus: false,
            receipt_type: None,
            subject: None,
            proven: true,
        }
    }

    #[test]
    fn a_relay_outside_rem_makes_its_recipient_external_even_after_a_plain_acceptance() {
        use RecipientType::{Certificato, Esterno};
        let all = [("a@x.it", Certificato), ("b@y.it", Certificato)];
        let accepted = notice(1, PecKind::Accettazione, &all, &[]);
        // RelayToNonERDS for b: a take-over naming b as external.
        let relayed = notice(
            2,
            PecKind::PresaInCarico,
            &[("a@x.it", Certificato), ("b@y.it", Esterno)],
            &["b@y.it"],
        );
        // ContentConsignment for a, referring to a only.
        let delivered = notice(3, PecKind::AvvenutaConsegna, &all, &["a@x.it"]);
        let t = build(None, &[delivered, relayed, accepted]);
        let state = |a: &str| {
            t.recipients
                .iter()
                .find(|r| r.address == a)
                .map(|r| (r.state, r.certified))
        };
        assert_eq!(
            state("a@x.it"),
            Some((RecipientState::Consegnato, Some(true)))
        );
        assert_eq!(
            state("b@y.it"),
            Some((RecipientState::Esterno, Some(false)))
        );
    }

    #[test]
    fn rem_headers_on_a_pec_message_do_not_make_it_rem() {
        let raw = b"From: posta-certificata@pec.it\r\nTo: a@pec.it\r\nSubject: ACCETTAZIONE: x\r\nX-Ricevuta: accettazione\r\nREM-MessageType: http://uri.etsi.org/19522/v1#/ERDMessageType/receipt\r\nREM-EventIdentifier: http://uri.etsi.org/19522/Event/ContentConsignment\r\n\r\nciao\r\n";
        let c = crate::pec::classify(raw);
        assert!(c.rem.is_none());
        assert_eq!(c.kind, PecKind::Accettazione);
        // Without any PEC mark, the REM headers are read (and the missing evidence said).
        let plain = String::from_utf8_lossy(raw).replace("X-Ricevuta: accettazione\r\n", "");
        let c = crate::pec::classify(plain.as_bytes());
        assert_eq!(c.kind, PecKind::AvvenutaConsegna);
        assert!(
            c.rem
                .as_ref()
                .is_some_and(|r| r.issues.contains(&super::RemIssue::NoEvidence))
        );
    }
}
