//! `sigillo verify [--json] [--trust FILE] [--trust-rem FILE] FILE...`: checks each message's
//! provider signature at signing time against the trust list. A standalone REM evidence
//! (ETSI EN 319 522-3 XML) is checked as XAdES against the REM trust points.

use std::io::Write;
use std::path::PathBuf;

use sigillo::i18n::{Lang, arg, tr, tr_args};
use sigillo::terminal::escape_line;
use sigillo::verify::{self, Status, TrustList};

use super::{CliResult, EXIT_NOT_VALID, EXIT_OK, EXIT_UNREADABLE};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print JSON: one object per file, an array when there are several.
    #[arg(long)]
    json: bool,
    /// Also trust the certificate authorities in this PEM/DER file, for this run only.
    #[arg(long, value_name = "FILE")]
    trust: Vec<PathBuf>,
    /// Also trust the authorities in this PEM/DER file for REM providers ("PEC europea"), for
    /// this run only.
    #[arg(long, value_name = "FILE")]
    trust_rem: Vec<PathBuf>,
    /// Use only the --trust anchors, not the profile's trust list.
    #[arg(long)]
    only_given_trust: bool,
    /// The messages to verify.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
}

pub fn run(args: Args, profile: Option<PathBuf>, lang: Lang) -> CliResult {
    let mut trust = if args.only_given_trust {
        TrustList::empty()
    } else {
        let ctx = super::Ctx {
            lang,
            profile: profile.clone(),
        };
        ctx.trust_list(super::Stopped::Verify)?
    };
    super::verify_dossier::add_trust_files(&mut trust, &args.trust, lang)?;
    super::verify_dossier::add_trust_files_for(
        &mut trust,
        &args.trust_rem,
        verify::TrustPurpose::Rem,
        lang,
    )?;

    let mut code = EXIT_OK;
    let mut objects = Vec::new();
    let stdout = std::io::stdout();
    let mut out = sigillo::terminal::SafeOutput::new(stdout.lock(), !args.json);
    for path in &args.files {
        let raw = match std::fs::read(path) {
            Ok(raw) => raw,
            Err(e) => {
                errln!("sigillo: {}", super::read_error(lang, path, &e));
                code = EXIT_UNREADABLE;
                continue;
            }
        };
        if sigillo::verify::xades::looks_like_evidence(&raw) {
            let checked = sigillo::verify::xades::verify(&raw, &trust);
            if checked.verification.status != Status::Valid && code == EXIT_OK {
                code = EXIT_NOT_VALID;
            }
            if args.json {
                objects.push(evidence_json(path, &checked, lang));
            } else {
                write_evidence(&mut out, path, &checked, lang);
            }
            continue;
        }
        let certified = verify::open(&raw, &trust);
        let (v, c) = certified.content();
        if v.status != Status::Valid && code == EXIT_OK {
            code = EXIT_NOT_VALID;
        }
        if args.json {
            let mut obj = sigillo::report::verification_json(v, c, lang);
            obj["file"] = serde_json::json!(path.display().to_string());
            objects.push(obj);
        } else {
            let signer = v
                .signer
                .as_ref()
                .map(|s| s.common_name.clone().unwrap_or_else(|| s.subject.clone()))
                .unwrap_or_else(|| tr(lang, "cli-none"));
            let _ = writeln!(
                out,
                "{}: {} — {}",
                escape_line(&path.display().to_string()),
                sigillo::i18n::status_label(lang, v.status),
                escape_line(&signer)
            );
            if let (Some(t), Some(src)) = (v.signing_time, v.signing_time_source) {
                let _ = writeln!(
                    out,
                    "  {}",
                    tr_args(
                        lang,
                        "verify-signing-time",
                        &[
                            ("time", arg(t.to_rfc3339())),
                            ("source", arg(sigillo::i18n::time_source_label(lang, src)))
                        ]
                    )
                );
            }
            if v.status != Status::Valid {
                let _ = writeln!(
                    out,
                    "  {}",
                    sigillo::i18n::status_explanation_for(lang, v.status, c.format())
                );
            }
            for note in &v.notes {
                if let Some(text) = sigillo::i18n::note_text(lang, note) {
                    let _ = writeln!(out, "  ! {text}");
                }
            }
            for w in &c.warnings {
                let _ = writeln!(out, "  ! {}", sigillo::i18n::warning_text(lang, w));
            }
        }
    }
    if args.json {
        let value = if args.files.len() == 1 {
            objects.pop().unwrap_or(serde_json::Value::Null)
        } else {
            serde_json::Value::Array(objects)
        };
        let _ = writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&value).unwrap_or_default()
        );
    }
    Ok(code)
}

/// The JSON object of a standalone evidence: the verdict and the evidence's fields.
fn evidence_json(
    path: &std::path::Path,
    checked: &sigillo::verify::xades::CheckedEvidence,
    lang: Lang,
) -> serde_json::Value {
    let v = &checked.verification;
    let ev = &checked.evidence;
    let mut warnings: Vec<String> = v
        .notes
        .iter()
        .filter_map(|n| sigillo::i18n::note_text(lang, n))
        .collect();
    warnings.extend(
        ev.issues
            .iter()
            .map(|i| sigillo::i18n::evidence_issue_text(lang, i)),
    );
    serde_json::json!({
        "file": path.display().to_string(),
        "status": v.status.as_str(),
        "format": "rem",
        "kind": ev.event().map(|e| e.receipt_kind().as_str()),
        "evidence": sigillo::report::evidence_json(ev, lang),
        "signer": v.signer,
        "chain": v.chain,
        "signing_time": v.signing_time.map(|t| t.to_rfc3339()),
        "signing_time_source": v.signing_time_source.map(|s| s.as_str()),
        "reason": v.reason,
        "notes": v.notes,
        "warnings": warnings,
    })
}

/// The human lines of a standalone evidence.
fn write_evidence(
    out: &mut impl Write,
    path: &std::path::Path,
    checked: &sigillo::verify::xades::CheckedEvidence,
    lang: Lang,
) {
    let v = &checked.verification;
    let ev = &checked.evidence;
    let signer = v
        .signer
        .as_ref()
        .map(|s| s.common_name.clone().unwrap_or_else(|| s.subject.clone()))
        .unwrap_or_else(|| tr(lang, "cli-none"));
    let _ = writeln!(
        out,
        "{}: {} — {} ({})",
        escape_line(&path.display().to_string()),
        sigillo::i18n::status_label(lang, v.status),
        escape_line(&signer),
        tr(lang, "rem-evidence"),
    );
    if let Some(e) = ev.event_uri.as_deref() {
        let _ = writeln!(
            out,
            "  {}: {}",
            tr(lang, "rem-event"),
            escape_line(&sigillo::i18n::rem_event_label(lang, e))
        );
    }
    if let Some(r) = ev.reason() {
        let _ = writeln!(
            out,
            "  {}: {}",
            tr(lang, "rem-reason"),
            escape_line(&sigillo::i18n::rem_reason_text(lang, r.name()))
        );
    }
    if v.status != Status::Valid {
        let _ = writeln!(
            out,
            "  {}",
            sigillo::i18n::status_explanation_for(
                lang,
                v.status,
                sigillo::pec::certification::Format::Rem
            )
        );
        if let Some(reason) = &v.reason {
            let _ = writeln!(out, "  {}", escape_line(reason));
        }
    }
    for note in &v.notes {
        if let Some(text) = sigillo::i18n::note_text(lang, note) {
            let _ = writeln!(out, "  ! {text}");
        }
    }
}
