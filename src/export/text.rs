//! Words for exports, dossier checks, timestamps and the archive's findings: every error of
//! this layer as a sentence the user can act on.

use super::ExportError;
use super::check::{Fact, Failure};
use super::manifest::ManifestProblem;
use super::timestamp::settings::SettingsError;
use super::timestamp::{TimestampError, TokenInfo};
use crate::i18n::{Lang, arg, num, status_label, time_source_label, tr, tr_args};
use crate::store::register::ChainProblem;
use crate::store::{Finding, ProofItem};

/// Why the timestamp authority's settings or trust points could not be read or written, in
/// the user's language.
pub fn settings_error_text(lang: Lang, e: &SettingsError) -> String {
    match e {
        SettingsError::Io { path, source } => tr_args(
            lang,
            "ts-settings-error-io",
            &[
                ("path", arg(path.display().to_string())),
                ("reason", arg(source.to_string())),
            ],
        ),
        SettingsError::Invalid { path, detail } => tr_args(
            lang,
            "ts-settings-error-invalid",
            &[
                ("path", arg(path.display().to_string())),
                ("detail", arg(detail.as_str())),
            ],
        ),
        SettingsError::NotCertificate(path) => tr_args(
            lang,
            "ts-settings-error-not-certificate",
            &[("path", arg(path.display().to_string()))],
        ),
    }
}

/// Why an export failed, in the user's language.
pub fn export_error_text(lang: Lang, e: &ExportError) -> String {
    match e {
        ExportError::Store(inner) => {
            tr_args(lang, "store-error", &[("reason", arg(inner.to_string()))])
        }
        ExportError::Empty => tr(lang, "export-error-empty"),
        ExportError::Exists(p) => tr_args(
            lang,
            "export-error-exists",
            &[("path", arg(p.display().to_string()))],
        ),
        ExportError::Write { path, source } => tr_args(
            lang,
            "export-error-write",
            &[
                ("path", arg(path.display().to_string())),
                ("reason", arg(source.to_string())),
            ],
        ),
        ExportError::Zip { path, detail } => tr_args(
            lang,
            "export-error-zip",
            &[
                ("path", arg(path.display().to_string())),
                ("reason", arg(detail)),
            ],
        ),
        ExportError::Pdf(inner) => tr_args(
            lang,
            "export-error-pdf",
            &[("reason", arg(inner.to_string()))],
        ),
        ExportError::Cancelled => tr(lang, "export-error-cancelled"),
        ExportError::NotASentPec(id) => tr_args(
            lang,
            "filing-error-not-sent",
            &[("id", arg(id.to_string()))],
        ),
        ExportError::Timestamp(inner) => tr_args(
            lang,
            "export-error-timestamp",
            &[("reason", arg(timestamp_error_text(lang, inner)))],
        ),
    }
}

fn manifest_problem_text(lang: Lang, p: &ManifestProblem) -> String {
    match p {
        ManifestProblem::NotAManifest => tr(lang, "check-manifest-not-manifest"),
        ManifestProblem::NotText => tr(lang, "check-manifest-not-text"),
        ManifestProblem::BadLine { line } => tr_args(
            lang,
            "check-manifest-bad-line",
            &[("line", arg(line.to_string()))],
        ),
        ManifestProblem::UnsafePath { line, path } => tr_args(
            lang,
            "check-manifest-unsafe-path",
            &[("line", arg(line.to_string())), ("path", arg(path))],
        ),
        ManifestProblem::Duplicate { line, path } => tr_args(
            lang,
            "check-manifest-duplicate",
            &[("line", arg(line.to_string())), ("path", arg(path))],
        ),
        ManifestProblem::NoSelfHash => tr(lang, "check-manifest-no-self-hash"),
        ManifestProblem::SelfHashMismatch => tr(lang, "check-manifest-self-hash"),
    }
}

/// One sentence on why a dossier file does not hold.
pub fn check_failure_text(lang: Lang, f: &Failure) -> String {
    match f {
        Failure::Altered { expected, actual } => tr_args(
            lang,
            "check-altered",
            &[("expected", arg(expected)), ("actual", arg(actual))],
        ),
        Failure::Missing => tr(lang, "check-missing"),
        Failure::NotListed { manifest } => {
            tr_args(lang, "check-not-listed", &[("manifest", arg(manifest))])
        }
        Failure::Unreadable(reason) => {
            tr_args(lang, "check-unreadable", &[("reason", arg(reason))])
        }
        Failure::UnsafePath => tr(lang, "check-unsafe-path"),
        Failure::Manifest(p) => manifest_problem_text(lang, p),
        Failure::Signature { status, .. } => tr_args(
            lang,
            "check-signature-not-valid",
            &[
                ("status", arg(status_label(lang, *status))),
                (
                    "explanation",
                    arg(crate::i18n::status_explanation(lang, *status)),
                ),
            ],
        ),
        Failure::NotFromSource { source } => {
            tr_args(lang, "check-not-from-source", &[("source", arg(source))])
        }
        Failure::NoSource { source } => {
            tr_args(lang, "check-no-source", &[("source", arg(source))])
        }
        Failure::NotCertificate => tr(lang, "check-not-certificate"),
        Failure::Timestamp(e) => tr_args(
            lang,
            "check-timestamp-failed",
            &[("reason", arg(timestamp_error_text(lang, e)))],
        ),
    }
}

/// One sentence on what was established about a dossier file.
pub fn check_fact_text(lang: Lang, f: &Fact) -> String {
    match f {
        Fact::HashMatches => tr(lang, "check-hash-matches"),
        Fact::ManifestIntact { entries } => tr_args(
            lang,
            "check-manifest-intact",
            &[("entries", arg(entries.to_string()))],
        ),
        Fact::SignatureValid(v) => {
            let signer = v
                .signer
                .as_ref()
                .map(|s| s.common_name.clone().unwrap_or_else(|| s.subject.clone()))
                .unwrap_or_default();
            let time = v
                .signing_time
                .map(|t| t.format("%Y-%m-%d %H:%M:%S UTC").to_string())
                .unwrap_or_default();
            let source = v
                .signing_time_source
                .map(|s| time_source_label(lang, s))
                .unwrap_or_default();
            tr_args(
                lang,
                "check-signature-valid",
                &[
                    ("signer", arg(signer)),
                    ("time", arg(time)),
                    ("source", arg(source)),
                ],
            )
        }
        Fact::PlainMessage => tr(lang, "check-plain-message"),
        Fact::FromSource { source } => {
            tr_args(lang, "check-from-source", &[("source", arg(source))])
        }
        Fact::Certificates {
            subject,
            sha256,
            trusted_here,
        } => tr_args(
            lang,
            if *trusted_here {
                "check-certificate-trusted"
            } else {
                "check-certificate"
            },
            &[("subject", arg(subject)), ("sha256", arg(sha256))],
        ),
        Fact::Timestamped(info) => timestamp_fact_text(lang, info),
    }
}

/// Why a timestamp could not be had or does not hold.
pub fn timestamp_error_text(lang: Lang, e: &TimestampError) -> String {
    match e {
        TimestampError::NotConfigured => tr(lang, "ts-error-not-configured"),
        TimestampError::NoAnchors => tr(lang, "ts-error-no-anchors"),
        TimestampError::BadUrl(url) => tr_args(lang, "ts-error-bad-url", &[("url", arg(url))]),
        TimestampError::Unreachable { url, reason } => tr_args(
            lang,
            "ts-error-unreachable",
            &[("url", arg(url)), ("reason", arg(reason))],
        ),
        TimestampError::Http { url, status } => tr_args(
            lang,
            "ts-error-http",
            &[("url", arg(url)), ("status", arg(status.to_string()))],
        ),
        TimestampError::NotAReply(r) => {
            tr_args(lang, "ts-error-not-a-reply", &[("reason", arg(r))])
        }
        TimestampError::Refused(r) => tr_args(lang, "ts-error-refused", &[("reason", arg(r))]),
        TimestampError::Malformed(r) => tr_args(lang, "ts-error-malformed", &[("reason", arg(r))]),
        TimestampError::BadSignature(r) => {
            tr_args(lang, "ts-error-bad-signature", &[("reason", arg(r))])
        }
        TimestampError::WrongImprint => tr(lang, "ts-error-wrong-imprint"),
        TimestampError::WrongNonce => tr(lang, "ts-error-wrong-nonce"),
        TimestampError::NoSignerCertificate => tr(lang, "ts-error-no-signer-certificate"),
        TimestampError::SignerMismatch => tr(lang, "ts-error-signer-mismatch"),
        TimestampError::Untrusted(r) => tr_args(lang, "ts-error-untrusted", &[("reason", arg(r))]),
        TimestampError::Keyring(r) => tr_args(lang, "ts-error-keyring", &[("reason", arg(r))]),
    }
}

/// "Existed at TIME (±accuracy), says AUTHORITY (trust point …)".
pub fn timestamp_fact_text(lang: Lang, info: &TokenInfo) -> String {
    let authority = info
        .authority
        .common_name
        .clone()
        .unwrap_or_else(|| info.authority.subject.clone());
    let anchor = info
        .chain
        .last()
        .map(|c| c.common_name.clone().unwrap_or_else(|| c.subject.clone()))
        .unwrap_or_default();
    tr_args(
        lang,
        "check-timestamped",
        &[
            (
                "time",
                arg(info
                    .time
                    .with_timezone(&chrono::Local)
                    .format("%d/%m/%Y %H:%M:%S")
                    .to_string()),
            ),
            (
                "utc",
                arg(info.time.format("%Y-%m-%d %H:%M:%S%.3f UTC").to_string()),
            ),
            (
                "accuracy",
                arg(info
                    .accuracy_ms
                    .map(|a| a.to_string())
                    .unwrap_or_else(|| "-".into())),
            ),
            ("authority", arg(authority)),
            ("anchor", arg(anchor)),
            ("serial", arg(&info.serial)),
        ],
    )
}

/// One sentence per audit finding.
pub fn finding_text(lang: Lang, f: &Finding) -> String {
    match f {
        Finding::Chain(p) => chain_problem_text(lang, p),
        Finding::BytesChanged {
            id,
            recorded,
            actual,
        } => tr_args(
            lang,
            "audit-bytes-changed",
            &[
                ("id", arg(id.to_string())),
                ("recorded", arg(recorded)),
                ("actual", arg(actual)),
            ],
        ),
        Finding::NotInRegister { id, sha256 } => tr_args(
            lang,
            "audit-not-in-register",
            &[("id", arg(id.to_string())), ("sha256", arg(sha256))],
        ),
        Finding::Missing { sha256, seq } => tr_args(
            lang,
            "audit-missing",
            &[("sha256", arg(sha256)), ("seq", arg(seq.to_string()))],
        ),
        Finding::OutcomeChanged {
            id,
            recorded,
            stored,
        } => tr_args(
            lang,
            "audit-outcome-changed",
            &[
                ("id", arg(id.to_string())),
                (
                    "recorded",
                    arg(recorded.clone().unwrap_or_else(|| "-".into())),
                ),
                ("stored", arg(stored.clone().unwrap_or_else(|| "-".into()))),
            ],
        ),
        Finding::SignatureChanged {
            id,
            recorded,
            now,
            reason,
        } => tr_args(
            lang,
            if recorded == "valid" {
                "audit-newly-invalid"
            } else {
                "audit-signature-changed"
            },
            &[
                ("id", arg(id.to_string())),
                ("recorded", arg(recorded)),
                ("now", arg(now.as_str())),
                ("reason", arg(reason.clone().unwrap_or_default())),
            ],
        ),
        Finding::NotChecked { id } => {
            tr_args(lang, "audit-not-checked", &[("id", arg(id.to_string()))])
        }
        Finding::TrustChanged { .. } => tr(lang, "audit-trust-changed"),
        Finding::StampInvalid { seq, reason } => tr_args(
            lang,
            "audit-stamp-invalid",
            &[("seq", arg(seq.to_string())), ("reason", arg(reason))],
        ),
    }
}

fn chain_problem_text(lang: Lang, p: &ChainProblem) -> String {
    match p {
        ChainProblem::Altered { seq } => tr_args(
            lang,
            "audit-entry-altered",
            &[("seq", arg(seq.to_string()))],
        ),
        ChainProblem::Moved { seq, written_as } => tr_args(
            lang,
            "audit-entry-moved",
            &[
                ("seq", arg(seq.to_string())),
                ("written", arg(written_as.to_string())),
            ],
        ),
        ChainProblem::Missing { from, to } => tr_args(
            lang,
            "audit-entries-missing",
            &[
                ("from", arg(from.to_string())),
                ("to", arg(to.to_string())),
                ("count", num((to - from + 1).max(0) as usize)),
            ],
        ),
        ChainProblem::BrokenLink { seq } => {
            tr_args(lang, "audit-broken-link", &[("seq", arg(seq.to_string()))])
        }
    }
}

/// One line on a piece of proof a deletion takes away.
pub fn proof_item_text(lang: Lang, p: &ProofItem) -> String {
    let subject = |s: &Option<String>| arg(s.clone().unwrap_or_else(|| "-".into()));
    match p {
        ProofItem::Acceptance {
            subject: s,
            refused,
        } => tr_args(
            lang,
            if *refused {
                "proof-non-acceptance"
            } else {
                "proof-acceptance"
            },
            &[("subject", subject(s))],
        ),
        ProofItem::Delivery {
            recipient,
            kind,
            subject: s,
        } => tr_args(
            lang,
            "proof-delivery",
            &[
                ("recipient", arg(recipient)),
                ("kind", arg(crate::i18n::kind_label(lang, *kind))),
                ("subject", subject(s)),
            ],
        ),
        ProofItem::SentWithReceipts {
            receipts,
            subject: s,
        } => tr_args(
            lang,
            "proof-sent",
            &[("count", num(*receipts)), ("subject", subject(s))],
        ),
        ProofItem::ReceivedEnvelope { from, subject: s } => tr_args(
            lang,
            "proof-received",
            &[
                ("from", arg(from.clone().unwrap_or_else(|| "-".into()))),
                ("subject", subject(s)),
            ],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamp_settings_errors_have_words_that_name_the_file() {
        let path = std::path::PathBuf::from("/home/studio/tsa/ca.pem");
        let errors = [
            SettingsError::Io {
                path: path.clone(),
                source: std::io::Error::other("permesso negato"),
            },
            SettingsError::Invalid {
                path: path.clone(),
                detail: "riga 3".into(),
            },
            SettingsError::NotCertificate(path.clone()),
        ];
        for lang in Lang::ALL {
            let texts: Vec<String> = errors
                .iter()
                .map(|e| settings_error_text(lang, e))
                .collect();
            for t in &texts {
                assert!(t.contains("/home/studio/tsa/ca.pem"), "{t}");
                assert!(!t.contains("ts-settings"), "{t}");
            }
            assert!(texts[0].contains("permesso negato") && texts[1].contains("riga 3"));
        }
        // Not the English sentence of the error type in the Italian window.
        assert_ne!(
            settings_error_text(Lang::It, &errors[2]),
            errors[2].to_string()
        );
    }
}
