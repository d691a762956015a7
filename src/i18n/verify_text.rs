//! Words for signature outcomes, time sources, notes and trust errors.

use super::{Lang, arg, tr, tr_args};
use crate::verify::{Note, Status, TimeSource, TrustError};

/// Short name of an outcome ("Firma valida", "Manomesso", …).
pub fn status_label(lang: Lang, s: Status) -> String {
    tr(lang, &format!("status-{}", s.as_str()))
}

/// One sentence telling a person what the outcome means for them.
pub fn status_explanation(lang: Lang, s: Status) -> String {
    tr(lang, &format!("status-{}-explained", s.as_str()))
}

/// [`status_explanation`] for a message of `format`: an unrecognised signer of a REM message is
/// not a recognised REM provider.
pub fn status_explanation_for(
    lang: Lang,
    s: Status,
    format: crate::pec::certification::Format,
) -> String {
    match (s, format) {
        (Status::Untrusted, crate::pec::certification::Format::Rem) => {
            tr(lang, "status-untrusted-explained-rem")
        }
        _ => status_explanation(lang, s),
    }
}

/// Where the signing time came from.
pub fn time_source_label(lang: Lang, t: TimeSource) -> String {
    tr(lang, &format!("time-source-{}", t.as_str()))
}

/// The sentence for a note; `None` for library details (shown only in the details view).
pub fn note_text(lang: Lang, n: &Note) -> Option<String> {
    Some(match n {
        Note::ExpiredSinceSigning { not_after } => tr_args(
            lang,
            "note-expired-since-signing",
            &[("date", arg(not_after.format("%Y-%m-%d").to_string()))],
        ),
        Note::RevocationNotChecked => tr(lang, "note-revocation-not-checked"),
        Note::RevocationListStale { next_update } => tr_args(
            lang,
            "note-revocation-list-stale",
            &[("date", arg(next_update.format("%Y-%m-%d").to_string()))],
        ),
        Note::RevocationListTooOld { this_update } => tr_args(
            lang,
            "note-revocation-list-too-old",
            &[("date", arg(this_update.format("%Y-%m-%d").to_string()))],
        ),
        Note::WeakDigest { algorithm } => {
            tr_args(lang, "note-weak-digest", &[("algorithm", arg(algorithm))])
        }
        Note::Revoked { since } => tr_args(
            lang,
            "note-revoked",
            &[(
                "date",
                arg(since
                    .map(|d| d.format("%Y-%m-%d").to_string())
                    .unwrap_or_else(|| "?".into())),
            )],
        ),
        Note::ProviderMismatch { signer, gestore } => tr_args(
            lang,
            "note-provider-mismatch",
            &[("signer", arg(signer)), ("gestore", arg(gestore))],
        ),
        Note::SenderMismatch { signer, from } => tr_args(
            lang,
            "note-sender-mismatch",
            &[("signer", arg(signer)), ("from", arg(from))],
        ),
        Note::Detail { .. } => return None,
    })
}

/// A trust-list error, in the user's language.
pub fn trust_error_text(lang: Lang, e: &TrustError) -> String {
    match e {
        TrustError::Io { path, source } => tr_args(
            lang,
            "cli-error-read",
            &[
                ("path", arg(path.display().to_string())),
                ("reason", arg(source.to_string())),
            ],
        ),
        TrustError::NotCertificate { path } => tr_args(
            lang,
            "cli-error-not-certificate",
            &[("path", arg(path.display().to_string()))],
        ),
        TrustError::NotFound(fp) => tr_args(lang, "trust-not-found", &[("fingerprint", arg(fp))]),
        TrustError::Ambiguous(fp) => tr_args(lang, "trust-ambiguous", &[("fingerprint", arg(fp))]),
        TrustError::TrustedList { path, reason } => tr_args(
            lang,
            "trust-rem-list-unreadable",
            &[
                ("path", arg(path.display().to_string())),
                ("reason", arg(reason)),
            ],
        ),
        TrustError::NoRemService { path } => tr_args(
            lang,
            "trust-rem-no-service",
            &[("path", arg(path.display().to_string()))],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_and_source_has_words() {
        for lang in Lang::ALL {
            for s in Status::ALL {
                assert!(!status_label(lang, s).starts_with("status-"));
                assert!(status_explanation(lang, s).len() > 20);
            }
            for t in [
                TimeSource::SigningTime,
                TimeSource::Daticert,
                TimeSource::DateHeader,
                TimeSource::Now,
            ] {
                assert!(!time_source_label(lang, t).starts_with("time-source-"));
            }
        }
    }
}
