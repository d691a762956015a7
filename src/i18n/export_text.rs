//! Words for exports and dossier checks.

use super::{Lang, arg, status_label, time_source_label, tr, tr_args};
use crate::export::ExportError;
use crate::export::check::{Fact, Failure};
use crate::export::manifest::ManifestProblem;

/// Why an export failed, in the user's language.
pub fn export_error_text(lang: Lang, e: &ExportError) -> String {
    match e {
        ExportError::Store(inner) => tr_args(
            lang,
            "cli-error-store",
            &[("reason", arg(inner.to_string()))],
        ),
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
            &[("reason", arg(super::timestamp_error_text(lang, inner)))],
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
                ("explanation", arg(super::status_explanation(lang, *status))),
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
            &[("reason", arg(super::timestamp_error_text(lang, e)))],
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
        Fact::Timestamped(info) => super::timestamp_fact_text(lang, info),
    }
}
