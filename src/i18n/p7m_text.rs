//! Words for signed documents (.p7m): outcomes, time sources, notes, warnings and errors.

use super::{Lang, arg, num, tr, tr_args};
use crate::p7m::extract::ExtractError;
use crate::p7m::{DocNote, DocStatus, DocWarning, P7mError, QualifiedTrustError, TimeSource};

/// Short name of a document outcome ("Firma valida", "Firma integra, firmatario non verificato").
pub fn doc_status_label(lang: Lang, s: DocStatus) -> String {
    tr(lang, &format!("p7m-status-{}", s.as_str()))
}

/// One sentence telling a person what the outcome means.
pub fn doc_status_explanation(lang: Lang, s: DocStatus) -> String {
    tr(lang, &format!("p7m-status-{}-explained", s.as_str()))
}

/// Where a signer's checking time came from.
pub fn doc_time_source_label(lang: Lang, t: TimeSource) -> String {
    tr(lang, &format!("p7m-time-{}", t.as_str()))
}

/// The sentence for a note; `None` for library details.
pub fn doc_note_text(lang: Lang, n: &DocNote) -> Option<String> {
    Some(match n {
        DocNote::NoTrustList => tr(lang, "p7m-note-no-trust-list"),
        DocNote::SigningTimeDeclared => tr(lang, "p7m-note-signing-time-declared"),
        DocNote::TimestampNotChecked => tr(lang, "p7m-note-timestamp-not-checked"),
        DocNote::ExpiredSinceSigning { not_after } => tr_args(
            lang,
            "p7m-note-expired-since-signing",
            &[("date", arg(not_after.format("%Y-%m-%d").to_string()))],
        ),
        DocNote::RevocationNotChecked => tr(lang, "p7m-note-revocation-not-checked"),
        DocNote::Detail { .. } => return None,
    })
}

/// The sentence for a document warning.
pub fn doc_warning_text(lang: Lang, w: &DocWarning) -> String {
    match w {
        DocWarning::NameMismatch { declared, detected } => tr_args(
            lang,
            "p7m-warn-name-mismatch",
            &[("declared", arg(declared)), ("detected", arg(detected))],
        ),
        DocWarning::LayerCountMismatch { named, found } => tr_args(
            lang,
            "p7m-warn-layer-count",
            &[("named", num(*named)), ("found", num(*found))],
        ),
    }
}

/// Why a file is not a readable signed document.
pub fn p7m_error_text(lang: Lang, e: &P7mError) -> String {
    match e {
        P7mError::NotSigned => tr(lang, "p7m-error-not-signed"),
        P7mError::Detached => tr(lang, "p7m-error-detached"),
        P7mError::TooDeep => tr_args(
            lang,
            "p7m-error-too-deep",
            &[("max", num(crate::p7m::decode::MAX_LAYERS))],
        ),
    }
}

/// A problem with the qualified trust list.
pub fn qualified_trust_error_text(lang: Lang, e: &QualifiedTrustError) -> String {
    match e {
        QualifiedTrustError::Io { path, source } => tr_args(
            lang,
            "cli-error-read",
            &[
                ("path", arg(path.display().to_string())),
                ("reason", arg(source.to_string())),
            ],
        ),
        QualifiedTrustError::NotCertificate { path } => tr_args(
            lang,
            "p7m-trust-error-not-certificate",
            &[("path", arg(path.display().to_string()))],
        ),
        QualifiedTrustError::TrustedList { path, source } => tr_args(
            lang,
            "p7m-trust-error-list",
            &[
                ("path", arg(path.display().to_string())),
                ("reason", arg(source.to_string())),
            ],
        ),
        QualifiedTrustError::NoQualifiedService { path } => tr_args(
            lang,
            "p7m-trust-error-no-service",
            &[("path", arg(path.display().to_string()))],
        ),
    }
}

/// A document that could not be saved.
pub fn extract_error_text(lang: Lang, e: &ExtractError) -> String {
    match e {
        ExtractError::Io { path, source } => tr_args(
            lang,
            "p7m-error-write",
            &[
                ("path", arg(path.display().to_string())),
                ("reason", arg(source.to_string())),
            ],
        ),
        ExtractError::NoFreeName { dir, name } => tr_args(
            lang,
            "p7m-error-no-free-name",
            &[("dir", arg(dir.display().to_string())), ("name", arg(name))],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_outcome_and_source_has_words() {
        for lang in Lang::ALL {
            for s in DocStatus::ALL {
                assert!(!doc_status_label(lang, s).starts_with("p7m-"));
                assert!(doc_status_explanation(lang, s).len() > 20);
            }
            for t in TimeSource::ALL {
                assert!(!doc_time_source_label(lang, t).starts_with("p7m-"));
            }
            for e in [P7mError::NotSigned, P7mError::Detached, P7mError::TooDeep] {
                assert!(!p7m_error_text(lang, &e).starts_with("p7m-"));
            }
        }
        assert_ne!(
            doc_status_label(Lang::It, DocStatus::IntactNotChecked),
            doc_status_label(Lang::It, DocStatus::Valid)
        );
    }
}
