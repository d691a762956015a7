//! Words for the PEC model's vocabulary and warnings.

use super::{Lang, arg, num, tr, tr_args};
use crate::pec::signed::Malformation;
use crate::pec::{DaticertIssue, PecKind, ReceiptType, RecipientType, Warning};

/// The reader-facing name of a kind.
pub fn kind_label(lang: Lang, kind: PecKind) -> String {
    tr(lang, &format!("kind-{}", kind.as_str()))
}

/// The reader-facing name of a timeline state.
pub fn state_label(lang: Lang, state: crate::pec::timeline::RecipientState) -> String {
    tr(lang, &format!("state-{}", state.as_str()))
}

/// The reader-facing name of the sender's provider's answer (acceptance) in a timeline.
pub fn acceptance_label(lang: Lang, state: crate::pec::timeline::AcceptanceState) -> String {
    tr(lang, &format!("acceptance-{}", state.as_str()))
}

/// The reader-facing name of a receipt type.
pub fn receipt_label(lang: Lang, t: ReceiptType) -> String {
    tr(lang, &format!("receipt-{}", t.as_str()))
}

/// The reader-facing name of a recipient type.
pub fn recipient_label(lang: Lang, t: RecipientType) -> String {
    tr(lang, &format!("recipient-{}", t.as_str()))
}

/// One sentence explaining a daticert repair.
pub fn daticert_issue_text(lang: Lang, issue: &DaticertIssue) -> String {
    match issue {
        DaticertIssue::InvalidUtf8 => tr(lang, "daticert-invalid-utf8"),
        DaticertIssue::ControlCharacters { field } => tr_args(
            lang,
            "daticert-control-characters",
            &[("field", arg(field))],
        ),
        DaticertIssue::InvalidCharReference { reference } => tr_args(
            lang,
            "daticert-invalid-char-reference",
            &[("reference", arg(reference))],
        ),
        DaticertIssue::UnknownEntity { name } => {
            tr_args(lang, "daticert-unknown-entity", &[("name", arg(name))])
        }
        DaticertIssue::NotWellFormed { detail } => {
            tr_args(lang, "daticert-not-well-formed", &[("detail", arg(detail))])
        }
        DaticertIssue::StrayText { text } => {
            tr_args(lang, "daticert-stray-text", &[("text", arg(text))])
        }
        DaticertIssue::Truncated { field } => {
            tr_args(lang, "daticert-truncated", &[("field", arg(field))])
        }
        DaticertIssue::TooLarge { bytes } => {
            tr_args(lang, "daticert-too-large", &[("bytes", num(*bytes))])
        }
        DaticertIssue::WrongRoot { name } => {
            tr_args(lang, "daticert-wrong-root", &[("name", arg(name))])
        }
        DaticertIssue::BadDate => tr(lang, "daticert-bad-date"),
        DaticertIssue::UnknownAttributeValue { attribute, value } => tr_args(
            lang,
            "daticert-unknown-attribute-value",
            &[("attribute", arg(attribute)), ("value", arg(value))],
        ),
        DaticertIssue::MissingElement { element } => tr_args(
            lang,
            "daticert-missing-element",
            &[("element", arg(element))],
        ),
    }
}

/// One sentence explaining a warning.
pub fn warning_text(lang: Lang, w: &Warning) -> String {
    let key = format!("warn-{}", w.code());
    match w {
        Warning::OuterHeaderDiffers {
            field,
            outer,
            certified,
        } => tr_args(
            lang,
            &key,
            &[
                ("field", arg(field.header_name())),
                ("outer", arg(outer)),
                ("certified", arg(certified)),
            ],
        ),
        // Kinds in words: no wire code (`posta-certificata`) on screen.
        Warning::KindMismatch { header, daticert } => tr_args(
            lang,
            &key,
            &[
                ("header", arg(kind_label(lang, *header))),
                ("daticert", arg(kind_label(lang, *daticert))),
            ],
        ),
        Warning::MissingDaticert { kind }
        | Warning::MissingOriginal { kind }
        | Warning::ProviderOnly { kind } => {
            tr_args(lang, &key, &[("kind", arg(kind_label(lang, *kind)))])
        }
        Warning::MissingSubjectPrefix { expected } => {
            tr_args(lang, &key, &[("expected", arg(expected))])
        }
        Warning::HeadersMissing { daticert } => tr_args(
            lang,
            &key,
            &[("daticert", arg(kind_label(lang, *daticert)))],
        ),
        Warning::UnknownHeaderValue { header, value } => tr_args(
            lang,
            &key,
            &[("header", arg(header)), ("value", arg(value))],
        ),
        Warning::UnknownDaticertTipo { value } => tr_args(lang, &key, &[("value", arg(value))]),
        Warning::DuplicateDaticert { count } | Warning::ContainsForwardedPec { count } => {
            tr_args(lang, &key, &[("count", num(*count))])
        }
        Warning::ConsegnaNotARecipient { consegna } => {
            tr_args(lang, &key, &[("consegna", arg(consegna))])
        }
        Warning::DaticertIssue(issue) => tr_args(
            lang,
            &key,
            &[("detail", arg(daticert_issue_text(lang, issue)))],
        ),
        Warning::AmbiguousSignedStructure { reason } => tr_args(
            lang,
            &key,
            &[("reason", arg(malformation_text(lang, *reason)))],
        ),
        Warning::ConflictingHeaders
        | Warning::Rewrapped
        | Warning::VirusReported
        | Warning::FinalTimeout
        | Warning::DamagedStructure
        | Warning::TooLargeToAnalyse => tr(lang, &key),
        Warning::Rem(issue) => super::rem_issue_text(lang, issue),
    }
}

/// Why a signed structure is not read as signed, in the user's language.
pub fn malformation_text(lang: Lang, m: Malformation) -> String {
    let key = match m {
        Malformation::SeveralSignedParts => "malformed-several-signed-parts",
        Malformation::NoBoundary => "malformed-no-boundary",
        Malformation::BadBoundary => "malformed-bad-boundary",
        Malformation::DuplicateContentType => "malformed-duplicate-content-type",
        Malformation::DuplicateBoundary => "malformed-duplicate-boundary",
        Malformation::StrayBoundary => "malformed-stray-boundary",
        Malformation::Unterminated => "malformed-unterminated",
        Malformation::PartCount(n) => {
            return tr_args(lang, "malformed-part-count", &[("count", num(n))]);
        }
        Malformation::PartsOutOfOrder => "malformed-parts-out-of-order",
        Malformation::ReadersDisagree => "malformed-readers-disagree",
    };
    tr(lang, key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pec::OuterField;

    #[test]
    fn every_acceptance_state_has_words_in_both_languages() {
        use crate::pec::timeline::AcceptanceState;
        for lang in Lang::ALL {
            for s in [
                AcceptanceState::InAttesa,
                AcceptanceState::Accettato,
                AcceptanceState::NonAccettato,
            ] {
                let t = acceptance_label(lang, s);
                assert!(
                    !t.starts_with("acceptance-") && t != s.as_str(),
                    "{lang:?}: {t}"
                );
            }
        }
        assert_eq!(
            acceptance_label(Lang::It, AcceptanceState::NonAccettato),
            "non accettato dal gestore del mittente"
        );
    }

    fn all_warnings() -> Vec<Warning> {
        vec![
            Warning::OuterHeaderDiffers {
                field: OuterField::Subject,
                outer: "a".into(),
                certified: "b".into(),
            },
            Warning::KindMismatch {
                header: PecKind::Accettazione,
                daticert: PecKind::AvvenutaConsegna,
            },
            Warning::MissingDaticert {
                kind: PecKind::Accettazione,
            },
            Warning::MissingSubjectPrefix {
                expected: "CONSEGNA:".into(),
            },
            Warning::HeadersMissing {
                daticert: PecKind::Accettazione,
            },
            Warning::UnknownHeaderValue {
                header: "X-Ricevuta".into(),
                value: "x".into(),
            },
            Warning::ConflictingHeaders,
            Warning::UnknownDaticertTipo { value: "x".into() },
            Warning::DaticertIssue(DaticertIssue::BadDate),
            Warning::DuplicateDaticert { count: 2 },
            Warning::MissingOriginal {
                kind: PecKind::PostaCertificata,
            },
            Warning::Rewrapped,
            Warning::ProviderOnly {
                kind: PecKind::PresaInCarico,
            },
            Warning::VirusReported,
            Warning::FinalTimeout,
            Warning::ConsegnaNotARecipient {
                consegna: "a@b".into(),
            },
            Warning::ContainsForwardedPec { count: 1 },
            Warning::DamagedStructure,
            Warning::TooLargeToAnalyse,
            Warning::AmbiguousSignedStructure {
                reason: Malformation::StrayBoundary,
            },
        ]
    }

    #[test]
    fn every_warning_and_kind_has_words_in_every_language() {
        for lang in Lang::ALL {
            for w in all_warnings() {
                let text = warning_text(lang, &w);
                assert!(
                    !text.starts_with("warn-") && text.len() > 10,
                    "{lang:?} {w:?}: {text}"
                );
            }
            for k in PecKind::ALL {
                assert!(!kind_label(lang, k).starts_with("kind-"));
            }
        }
        assert_ne!(
            warning_text(Lang::It, &Warning::VirusReported),
            warning_text(Lang::En, &Warning::VirusReported)
        );
    }
}
