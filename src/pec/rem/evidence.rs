//! Reads an ETSI EN 319 522-3 evidence (`http://uri.etsi.org/19522/v1#` `Evidence`): the event
//! and its reasons, when it happened, who issued it, the sender and recipients with their
//! identity and assurance level, which recipient(s) it refers to, the message identifiers and
//! the digest of the original content.
//!
//! Elements are found by local name (producers use `tns:`, `ns2:` or no prefix); the XAdES
//! signature inside (`ds:Signature`) is not read here (the verifier checks it: `verify::xades`).
//! The reader never fails on a missing field: what is missing is `None` and an [`EvidenceIssue`] says so.

use base64::Engine;
use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use super::event::{Event, local_name};
use crate::xml::{self, Element};

/// One party of the evidence (sender, recipient, issuer, other provider).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Party {
    /// The address (`Identifier` with `IdentifierSchemeName="mailto"`, or any identifier).
    pub address: Option<String>,
    /// eIDAS identity attributes as (friendly name, value): `PersonIdentifier`, `LegalName`…
    pub identity: Vec<(String, String)>,
    /// The eIDAS level of assurance URI (`GlobalAssuranceLevel/AssuranceLevel`).
    pub assurance_level: Option<String>,
    /// When the party was authenticated.
    pub authentication_time: Option<String>,
}

impl Party {
    /// The legal or natural person's name, when the identity gives one.
    pub fn name(&self) -> Option<&str> {
        ["LegalName", "FirstName", "FamilyName", "CurrentGivenName"]
            .iter()
            .find_map(|n| {
                self.identity
                    .iter()
                    .find(|(f, _)| f == n)
                    .map(|(_, v)| v.as_str())
            })
    }
}

/// One reason of the event.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Reason {
    /// The reason URI as written.
    pub code: String,
    /// The free-text details (Policy-IT puts its code, e.g. `RD01`, first).
    pub details: Vec<String>,
}

impl Reason {
    /// The ETSI local name of the code.
    pub fn name(&self) -> &str {
        local_name(&self.code)
    }
}

/// The digest of one part of the user content.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PartDigest {
    /// Its content type (`message/rfc822` for the original message).
    pub content_type: Option<String>,
    /// The digest algorithm URI.
    pub algorithm: Option<String>,
    /// The digest value, base64 as written.
    pub value: Option<String>,
}

/// What is wrong with an evidence, for a careful reader.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "issue", rename_all = "kebab-case")]
pub enum EvidenceIssue {
    /// The XML cannot be read.
    Unreadable {
        /// Why.
        reason: String,
    },
    /// The root element is not `Evidence`.
    NotEvidence {
        /// The root's local name.
        root: String,
    },
    /// No `ERDSEventId`, or one Sigillo does not know.
    UnknownEvent {
        /// As written.
        value: String,
    },
    /// A recipient index that names no listed recipient.
    BadRecipientIndex {
        /// As written.
        value: String,
    },
    /// No XAdES signature inside.
    Unsigned,
}

/// An ERDS evidence, read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// `version` attribute.
    pub version: Option<String>,
    /// `EvidenceIdentifier`.
    pub identifier: Option<String>,
    /// `ERDSEventId`, as written.
    pub event_uri: Option<String>,
    /// The reasons.
    pub reasons: Vec<Reason>,
    /// `EventTime`, as written.
    pub event_time: Option<String>,
    /// `SubmissionTime`, as written.
    pub submission_time: Option<String>,
    /// `EvidenceIssuerPolicyID/PolicyID`.
    pub policies: Vec<String>,
    /// The provider that issued the evidence.
    pub issuer: Party,
    /// The sender.
    pub sender: Party,
    /// The recipients, in order (indices in the evidence are 1-based into this list).
    pub recipients: Vec<Party>,
    /// `EvidenceRefersToRecipient` and `RelayEvidenceRefersTo` indices, 1-based, as written.
    pub refers_to_indices: Vec<usize>,
    /// `UntrustedPathToRecipient` indices: recipients reached outside REM.
    pub untrusted_path_indices: Vec<usize>,
    /// `MessageIdentifier`: the id the sender's provider gave the message.
    pub message_identifier: Option<String>,
    /// `UserContentInfo/AppLayerIdentifier`: the sender's client Message-ID.
    pub app_layer_identifier: Option<String>,
    /// Digests of the user content parts.
    pub parts: Vec<PartDigest>,
    /// The other provider (`ExternalERDSDetails`).
    pub external_erds: Option<Party>,
    /// `ForwardedToExternalSystem`.
    pub forwarded_to_external_system: Option<String>,
    /// The subject (`GeneralEvidenceInfo/Subject` extension).
    pub subject: Option<String>,
    /// A `ds:Signature` is present.
    pub signed: bool,
    /// What is wrong with it.
    pub issues: Vec<EvidenceIssue>,
}

impl Evidence {
    /// The event, when known.
    pub fn event(&self) -> Option<Event> {
        self.event_uri.as_deref().and_then(Event::parse)
    }

    /// The first reason's code, as written.
    pub fn reason(&self) -> Option<&Reason> {
        self.reasons.first()
    }

    /// The event time, parsed.
    pub fn event_at(&self) -> Option<DateTime<FixedOffset>> {
        self.event_time.as_deref().and_then(parse_time)
    }

    /// The submission time, parsed.
    pub fn submission_at(&self) -> Option<DateTime<FixedOffset>> {
        self.submission_time.as_deref().and_then(parse_time)
    }

    /// The recipients' addresses, in order.
    pub fn recipient_addresses(&self) -> Vec<String> {
        self.recipients
            .iter()
            .filter_map(|p| p.address.clone())
            .collect()
    }

    /// The recipients this evidence is about: the ones its indices name, else every recipient
    /// it lists (an evidence listing one recipient is about that one).
    pub fn refers_to(&self) -> Vec<String> {
        let named: Vec<String> = self
            .refers_to_indices
            .iter()
            .filter_map(|&i| i.checked_sub(1).and_then(|i| self.recipients.get(i)))
            .filter_map(|p| p.address.clone())
            .collect();
        if !named.is_empty() || !self.refers_to_indices.is_empty() {
            return named;
        }
        self.recipient_addresses()
    }

    /// The addresses of the recipients reached outside REM.
    pub fn outside_rem(&self) -> Vec<String> {
        self.untrusted_path_indices
            .iter()
            .filter_map(|&i| i.checked_sub(1).and_then(|i| self.recipients.get(i)))
            .filter_map(|p| p.address.clone())
            .collect()
    }

    /// The digest of the original message (the `message/rfc822` part, else the only part).
    pub fn original_digest(&self) -> Option<&PartDigest> {
        self.parts
            .iter()
            .find(|p| {
                p.content_type
                    .as_deref()
                    .is_some_and(|c| c.trim().eq_ignore_ascii_case("message/rfc822"))
            })
            .or_else(|| (self.parts.len() == 1).then(|| &self.parts[0]))
    }
}

/// An `xs:dateTime` as ETSI writes it (`2022-08-03T14:22:14Z`).
pub fn parse_time(s: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(s.trim()).ok()
}

/// Reads an evidence. Never panics.
pub fn read(bytes: &[u8]) -> Evidence {
    let mut ev = Evidence::default();
    let root = match xml::parse(bytes) {
        Ok(doc) => doc.root,
        Err(e) => {
            ev.issues.push(EvidenceIssue::Unreadable {
                reason: e.to_string(),
            });
            return ev;
        }
    };
    if root.name != "Evidence" {
        ev.issues.push(EvidenceIssue::NotEvidence {
            root: root.name.chars().take(64).collect(),
        });
        return ev;
    }
    ev.version = root.attr("version").map(str::to_owned);
    ev.identifier = root.text_at(&["EvidenceIdentifier"]);
    ev.event_uri = root.text_at(&["ERDSEventId"]);
    match &ev.event_uri {
        Some(uri) if Event::parse(uri).is_some() => {}
        other => ev.issues.push(EvidenceIssue::UnknownEvent {
            value: other
                .clone()
                .unwrap_or_default()
                .chars()
                .take(200)
                .collect(),
        }),
    }
    if let Some(reasons) = root.child("EventReasons") {
        for r in reasons.children_named("EventReason") {
            ev.reasons.push(Reason {
                code: r.text_at(&["Code"]).unwrap_or_default(),
                details: r
                    .children_named("Details")
                    .filter_map(|d| d.value())
                    .collect(),
            });
        }
    }
    ev.event_time = root.text_at(&["EventTime"]);
    ev.submission_time = root.text_at(&["SubmissionTime"]);
    if let Some(p) = root.child("EvidenceIssuerPolicyID") {
        ev.policies = p
            .children_named("PolicyID")
            .filter_map(|e| e.value())
            .collect();
    }
    ev.issuer = root
        .child("EvidenceIssuerDetails")
        .map(party)
        .unwrap_or_default();
    ev.sender = root.child("SenderDetails").map(party).unwrap_or_default();
    ev.recipients = root.children_named("RecipientDetails").map(party).collect();
    let count = ev.recipients.len();
    let mut bad: Vec<String> = Vec::new();
    let mut index = |e: &Element, into: &mut Vec<usize>| match e.text.trim().parse::<usize>() {
        Ok(i) if i >= 1 && i <= count => {
            if !into.contains(&i) {
                into.push(i);
            }
        }
        _ => bad.push(e.text.trim().chars().take(32).collect()),
    };
    let mut refers = Vec::new();
    let mut untrusted = Vec::new();
    for e in root.children_named("EvidenceRefersToRecipient") {
        index(e, &mut refers);
    }
    ev.message_identifier = root.text_at(&["MessageIdentifier"]);
    if let Some(u) = root.child("UserContentInfo") {
        ev.app_layer_identifier = u.text_at(&["AppLayerIdentifier"]);
        if let Some(parts) = u.child("PartsInfo") {
            for p in parts.children_named("PartInfo") {
                ev.parts.push(PartDigest {
                    content_type: p.text_at(&["ContentType"]),
                    algorithm: p
                        .child("DigestMethod")
                        .and_then(|d| d.attr("Algorithm"))
                        .map(str::to_owned),
                    value: p.text_at(&["DigestValue"]),
                });
            }
        }
    }
    ev.external_erds = root.child("ExternalERDSDetails").map(party);
    ev.forwarded_to_external_system = root.text_at(&["ForwardedToExternalSystem"]);
    if let Some(exts) = root.child("Extensions") {
        for ext in exts.children_named("Extension") {
            for info in &ext.children {
                match info.name.as_str() {
                    "GeneralEvidenceInfo" => {
                        if ev.subject.is_none() {
                            ev.subject = info.text_at(&["Subject"]);
                        }
                        for e in info.children_named("UntrustedPathToRecipient") {
                            index(e, &mut untrusted);
                        }
                    }
                    "RelayEvidenceInfo" => {
                        for e in info.children_named("RelayEvidenceRefersTo") {
                            index(e, &mut refers);
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    ev.issues.extend(
        bad.into_iter()
            .map(|value| EvidenceIssue::BadRecipientIndex { value }),
    );
    ev.refers_to_indices = refers;
    ev.untrusted_path_indices = untrusted;
    ev.signed = root.child("Signature").is_some();
    if !ev.signed {
        ev.issues.push(EvidenceIssue::Unsigned);
    }
    ev
}

fn party(e: &Element) -> Party {
    let mut p = Party::default();
    if let Some(identity) = e.child("Identity") {
        for a in identity.children_named("Attribute") {
            let name = a
                .attr("FriendlyName")
                .map(str::to_owned)
                .or_else(|| a.attr("Name").map(|n| local_name(n).to_owned()))
                .unwrap_or_default();
            for v in a.children_named("AttributeValue") {
                if let Some(value) = v.value() {
                    p.identity.push((name.clone(), value));
                }
            }
        }
    }
    p.address = e
        .children_named("Identifier")
        .find(|i| {
            i.attr("IdentifierSchemeName")
                .is_none_or(|s| s.eq_ignore_ascii_case("mailto"))
        })
        .and_then(|i| i.value())
        .map(|a| a.trim_start_matches("mailto:").to_owned());
    if let Some(levels) = e.child("AssuranceLevelsDetails") {
        p.assurance_level = levels.text_at(&["GlobalAssuranceLevel", "AssuranceLevel"]);
        p.authentication_time = levels.text_at(&["AuthenticationDetails", "AuthenticationTime"]);
    }
    p
}

/// A digest value checked against bytes: `Some(true)` when it matches, `Some(false)` when it
/// does not, `None` when the algorithm is not one Sigillo computes or the value is unreadable.
pub fn digest_matches(algorithm: Option<&str>, value: &str, bytes: &[u8]) -> Option<bool> {
    use sha2::Digest;
    let expected = base64::engine::general_purpose::STANDARD
        .decode(value.split_whitespace().collect::<String>())
        .ok()?;
    let algorithm = algorithm.unwrap_or("http://www.w3.org/2001/04/xmlenc#sha256");
    let actual = match local_name(algorithm) {
        "sha256" => sha2::Sha256::digest(bytes).to_vec(),
        "sha384" => sha2::Sha384::digest(bytes).to_vec(),
        "sha512" => sha2::Sha512::digest(bytes).to_vec(),
        _ => return None,
    };
    Some(actual == expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"<?xml version="1.0"?><tns:Evidence xmlns:tns="http://uri.etsi.org/19522/v1#" xmlns:ext="http://uri.etsi.org/19532/v1#" version="EN319522v1.1.1">
<tns:EvidenceIdentifier>E1</tns:EvidenceIdentifier>
<tns:ERDSEventId>http://uri.etsi.org/19522/Event/RelayFailure</tns:ERDSEventId>
<tns:EventReasons><tns:EventReason><Code>http://uri.etsi.org/19522/EventReason/R_ERDS_Unreachable</Code><Details>RB09</Details></tns:EventReason></tns:EventReasons>
<EventTime>2022-08-03T14:22:14Z</EventTime>
<tns:RecipientDetails><Identifier IdentifierSchemeName="mailto">a@x.it</Identifier></tns:RecipientDetails>
<tns:RecipientDetails><Identifier IdentifierSchemeName="mailto">b@x.it</Identifier></tns:RecipientDetails>
<tns:Extensions><tns:Extension><ext:RelayEvidenceInfo><ext:RelayEvidenceRefersTo>2</ext:RelayEvidenceRefersTo><ext:RelayEvidenceRefersTo>7</ext:RelayEvidenceRefersTo></ext:RelayEvidenceInfo></tns:Extension></tns:Extensions>
</tns:Evidence>"#;

    #[test]
    fn reads_the_event_the_reason_and_who_it_refers_to() {
        let ev = read(SAMPLE.as_bytes());
        assert_eq!(ev.event(), Some(Event::RelayFailure));
        assert_eq!(ev.reason().map(Reason::name), Some("R_ERDS_Unreachable"));
        assert_eq!(ev.refers_to(), vec!["b@x.it".to_owned()]);
        assert!(
            ev.issues
                .contains(&EvidenceIssue::BadRecipientIndex { value: "7".into() })
        );
        assert!(ev.issues.contains(&EvidenceIssue::Unsigned));
        assert_eq!(ev.event_at().map(|t| t.timestamp()), Some(1_659_536_534));
    }

    #[test]
    fn an_evidence_without_indices_refers_to_every_recipient() {
        let text = SAMPLE.replace("<ext:RelayEvidenceRefersTo>2</ext:RelayEvidenceRefersTo><ext:RelayEvidenceRefersTo>7</ext:RelayEvidenceRefersTo>", "");
        let ev = read(text.as_bytes());
        assert_eq!(
            ev.refers_to(),
            vec!["a@x.it".to_owned(), "b@x.it".to_owned()]
        );
    }

    #[test]
    fn other_xml_is_not_evidence() {
        let ev = read(b"<daticert/>");
        assert!(matches!(ev.issues[0], EvidenceIssue::NotEvidence { .. }));
        let ev = read(b"<Evidence");
        assert!(matches!(ev.issues[0], EvidenceIssue::Unreadable { .. }));
    }
}
