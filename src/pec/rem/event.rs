//! The closed vocabularies of REM (ETSI EN 319 522-2 events and reasons, EN 319 532-3 message
//! types) and how each event reads in the PEC vocabulary, so timelines, filters and badges
//! treat PEC and REM alike.
//!
//! Events and reasons are URIs (`http://uri.etsi.org/19522/Event/ContentConsignment`,
//! `http://uri.etsi.org/19522/EventReason/MessageConsignedToRecipient`); what identifies them is
//! the last path segment, the ETSI local name, which is what Sigillo shows and stores.

use crate::pec::PecKind;

/// The namespace of EN 319 522 event URIs.
pub const EVENT_URI_PREFIX: &str = "http://uri.etsi.org/19522/Event/";
/// The namespace of EN 319 522 reason URIs.
pub const REASON_URI_PREFIX: &str = "http://uri.etsi.org/19522/EventReason/";

/// `REM-MessageType`: what a REM message is (EN 319 522-2 ERD message types).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MessageType {
    /// The message carrying the user content to the recipient.
    Dispatch,
    /// A receipt carrying evidence back to the sender.
    Receipt,
    /// Any other value, as written.
    Other(String),
}

impl MessageType {
    /// Reads `…/ERDMessageType/dispatch` or `…/receipt` (the last path segment decides).
    pub fn parse(uri: &str) -> MessageType {
        match local_name(uri).to_ascii_lowercase().as_str() {
            "dispatch" => MessageType::Dispatch,
            "receipt" => MessageType::Receipt,
            _ => MessageType::Other(uri.trim().chars().take(200).collect()),
        }
    }

    /// The spelling used in Sigillo's output.
    pub fn as_str(&self) -> &str {
        match self {
            MessageType::Dispatch => "dispatch",
            MessageType::Receipt => "receipt",
            MessageType::Other(s) => s,
        }
    }
}

/// The last path segment of an ETSI URI (`…/Event/ContentConsignment` → `ContentConsignment`);
/// the text itself when it has no slash.
pub fn local_name(uri: &str) -> &str {
    let t = uri.trim();
    t.rsplit(['/', '#']).next().unwrap_or(t)
}

/// An ERDS event (EN 319 522-2 §5.2), by its local name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Event {
    /// The sender's provider accepted the message.
    SubmissionAcceptance,
    /// The sender's provider refused the message.
    SubmissionRejection,
    /// The recipient's provider took the message over.
    RelayAcceptance,
    /// The recipient's provider refused the message.
    RelayRejection,
    /// The message could not be relayed to the recipient's provider.
    RelayFailure,
    /// The message was put in the recipient's mailbox.
    ContentConsignment,
    /// The message could not be put in the recipient's mailbox.
    ContentConsignmentFailure,
    /// The recipient took the content.
    ContentHandover,
    /// The content could not be handed over.
    ContentHandoverFailure,
    /// The message left REM for an ordinary mail system.
    RelayToNonErds,
    /// Relaying to an ordinary mail system failed.
    RelayToNonErdsFailure,
    /// A message came in from an ordinary mail system.
    ReceivedFromNonErds,
}

impl Event {
    /// Every event Sigillo knows.
    pub const ALL: [Event; 12] = [
        Event::SubmissionAcceptance,
        Event::SubmissionRejection,
        Event::RelayAcceptance,
        Event::RelayRejection,
        Event::RelayFailure,
        Event::ContentConsignment,
        Event::ContentConsignmentFailure,
        Event::ContentHandover,
        Event::ContentHandoverFailure,
        Event::RelayToNonErds,
        Event::RelayToNonErdsFailure,
        Event::ReceivedFromNonErds,
    ];

    /// The ETSI local name.
    pub fn as_str(self) -> &'static str {
        match self {
            Event::SubmissionAcceptance => "SubmissionAcceptance",
            Event::SubmissionRejection => "SubmissionRejection",
            Event::RelayAcceptance => "RelayAcceptance",
            Event::RelayRejection => "RelayRejection",
            Event::RelayFailure => "RelayFailure",
            Event::ContentConsignment => "ContentConsignment",
            Event::ContentConsignmentFailure => "ContentConsignmentFailure",
            Event::ContentHandover => "ContentHandover",
            Event::ContentHandoverFailure => "ContentHandoverFailure",
            Event::RelayToNonErds => "RelayToNonERDS",
            Event::RelayToNonErdsFailure => "RelayToNonERDSFailure",
            Event::ReceivedFromNonErds => "ReceivedFromNonERDS",
        }
    }

    /// Reads an event URI or local name (case-sensitive, as ETSI writes them).
    pub fn parse(uri: &str) -> Option<Event> {
        let name = local_name(uri);
        Event::ALL.into_iter().find(|e| e.as_str() == name)
    }

    /// What a receipt with this event is, in the PEC vocabulary. `RelayToNonERDS` is the REM
    /// provider's word that the recipient is outside the circuit: like a PEC provider's
    /// take-over, it decides no delivery, and the recipient is `esterno` in the timeline.
    pub fn receipt_kind(self) -> PecKind {
        match self {
            Event::SubmissionAcceptance => PecKind::Accettazione,
            Event::SubmissionRejection => PecKind::NonAccettazione,
            Event::RelayAcceptance | Event::RelayToNonErds => PecKind::PresaInCarico,
            Event::ContentConsignment | Event::ContentHandover => PecKind::AvvenutaConsegna,
            Event::RelayRejection
            | Event::RelayFailure
            | Event::ContentConsignmentFailure
            | Event::ContentHandoverFailure
            | Event::RelayToNonErdsFailure => PecKind::ErroreConsegna,
            Event::ReceivedFromNonErds => PecKind::Anomalia,
        }
    }

    /// True for the events that say a recipient was not reached.
    pub fn is_failure(self) -> bool {
        self.receipt_kind() == PecKind::ErroreConsegna
    }
}

/// Every reason code Sigillo explains in words (EN 319 522-2 Annex and Policy-IT codes RA..RF),
/// by local name. Codes outside this set are shown as written.
pub const KNOWN_REASONS: &[&str] = &[
    "MessageAccepted",
    "InvalidMessageFormat",
    "MalwareFound",
    "S_ERDS_PolicyViolation",
    "S_ERDS_Malfunction",
    "S_ERDS_MessageSuccessfullyRelayed",
    "R_ERDS_MessageRejected",
    "R_ERDS_MessageRejectedForMalware",
    "R_ERDS_MessageRejectedForInvalidSignature",
    "R_ERDS_MessageRejectedForInvalidCertificate",
    "R_ERDS_PolicyViolation",
    "R_ERDS_Malfunction",
    "R_ERDS_NotIdentified",
    "R_ERDS_Unreachable",
    "UnknownRecipient",
    "MessageNotAcceptedForUnregisteredRecipient",
    "S_ERDSP_ReceivedNoRelayAcceptanceInfoFromR_ERDSP",
    "MessageConsignedToRecipient",
    "S_ERDSP_ReceivedNoDeliveryInfoFromR_ERDSP",
    "MessageNotConsignedForQuota",
    "MessageNotConsignedForMalfunction",
    "MessageNotConsignedForUnallowedType",
    "MessageNotConsignedForUnregisteredRecipient",
    "MessageRelayedToNonERDS",
    "ExternalSystemUnreachable",
    "MessageRejectedByExternalSystem",
    "RelayToNonERDSNotAllowed",
    "MessageReceivedFromNonERDS",
];

/// True for the reasons that say malware was found (the timeline's `virus` state).
pub fn is_malware_reason(reason: &str) -> bool {
    matches!(
        local_name(reason),
        "MalwareFound" | "R_ERDS_MessageRejectedForMalware"
    )
}

/// The Fluent key of a reason's words (`rem-reason-<local name>`), when Sigillo knows it.
pub fn reason_key(reason: &str) -> Option<String> {
    let name = local_name(reason);
    KNOWN_REASONS
        .contains(&name)
        .then(|| format!("rem-reason-{name}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_map_to_the_pec_vocabulary_as_the_issue_lists() {
        let cases = [
            ("SubmissionAcceptance", PecKind::Accettazione),
            ("SubmissionRejection", PecKind::NonAccettazione),
            ("RelayAcceptance", PecKind::PresaInCarico),
            ("ContentConsignment", PecKind::AvvenutaConsegna),
            ("ContentConsignmentFailure", PecKind::ErroreConsegna),
            ("RelayFailure", PecKind::ErroreConsegna),
            ("RelayRejection", PecKind::ErroreConsegna),
            ("RelayToNonERDSFailure", PecKind::ErroreConsegna),
            ("ReceivedFromNonERDS", PecKind::Anomalia),
        ];
        for (name, kind) in cases {
            let e = Event::parse(&format!("{EVENT_URI_PREFIX}{name}")).unwrap();
            assert_eq!(e.as_str(), name);
            assert_eq!(e.receipt_kind(), kind, "{name}");
        }
        assert_eq!(Event::parse("http://uri.etsi.org/19522/Event/Nope"), None);
        assert_eq!(
            MessageType::parse("http://uri.etsi.org/19522/v1#/ERDMessageType/dispatch"),
            MessageType::Dispatch
        );
    }

    #[test]
    fn every_known_reason_has_words_in_both_languages() {
        for lang in [crate::i18n::Lang::It, crate::i18n::Lang::En] {
            for r in KNOWN_REASONS {
                let key = reason_key(r).unwrap();
                let text = crate::i18n::tr(lang, &key);
                assert!(!text.is_empty() && text != key, "{lang:?} {r}");
            }
        }
        assert!(reason_key("SomethingElse").is_none());
    }
}
