//! `sigillo audit`: checks the store against its sealed register (every message's bytes and
//! recorded SHA-256, every signature again at its signing time, the chain, the trust folder,
//! the head's timestamps) and names everything changed, missing or newly invalid. With
//! `--register FILE` it also writes the register as plain text; with `--stamp` it has the
//! register's head timestamped by the configured authority once the audit passed.
//!
//! Also here: recording exports in the register, and the daily timestamp of the head.

use std::io::IsTerminal;
use std::path::PathBuf;

use sigillo::export::text::{finding_text, timestamp_error_text};
use sigillo::export::timestamp::{RegisterStampChecker, settings::TsaSettings};
use sigillo::i18n::{arg, num, tr, tr_args};
use sigillo::store::Store;

use super::{CliError, CliResult, Ctx, EXIT_NOT_VALID, EXIT_OK, Exit};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
    /// Also write the register as plain text to FILE (one line per entry, with its hash).
    #[arg(long, value_name = "FILE")]
    register: Option<PathBuf>,
    /// Once the audit passed, have the register's head timestamped by the configured
    /// authority (marca temporale).
    #[arg(long)]
    stamp: bool,
    /// Also trust the time-stamping authorities of this PEM/DER file, for this run only.
    #[arg(long, value_name = "FILE")]
    tsa_trust: Vec<PathBuf>,
}

pub fn run(args: Args, ctx: &Ctx) -> CliResult {
    let lang = ctx.lang;
    let trust = ctx.trust_list(super::Stopped::Verify)?;
    let mut anchors = super::tsa::profile_anchors(ctx)?;
    for file in &args.tsa_trust {
        let b = std::fs::read(file)
            .map_err(|e| CliError::new(Exit::Unreadable, super::read_error(lang, file, &e)))?;
        anchors.extend(sigillo::verify::trust::parse_certificates(&b));
    }
    let mut store = if args.stamp {
        ctx.open_store()?
    } else {
        ctx.open_store_for_reading()?
    };
    let store = &mut store;
    if let Some(path) = &args.register {
        std::fs::File::create(path)
            .and_then(|f| store.export_register(&mut std::io::BufWriter::new(f)))
            .map_err(|e| CliError::new(Exit::Unreadable, super::read_error(lang, path, &e)))?;
    }
    let tty = std::io::stderr().is_terminal();
    let mut progress = super::progress_line(lang, "cli-audit-progress");
    let checker = RegisterStampChecker { anchors };
    let audited = store.audit(&trust, &checker, &mut progress);
    if tty {
        errln!();
    }
    let report = audited?;
    if args.json {
        super::print_json(&serde_json::to_value(&report).unwrap_or_default());
    } else {
        if let Some((seq, hash)) = &report.head {
            outln!(
                "{}",
                tr_args(
                    lang,
                    "cli-audit-head",
                    &[
                        ("entries", num(report.entries)),
                        ("seq", arg(seq.to_string())),
                        ("hash", arg(hash)),
                    ]
                )
            );
        }
        for s in &report.stamps {
            outln!(
                "{}",
                tr_args(
                    lang,
                    "cli-audit-stamp-ok",
                    &[
                        ("seq", arg(s.head_seq.to_string())),
                        (
                            "time",
                            arg(s.time.format("%Y-%m-%d %H:%M:%S UTC").to_string())
                        ),
                    ]
                )
            );
        }
        for f in &report.findings {
            outln!("✗ {}", finding_text(lang, f));
        }
        if report.ok() {
            outln!(
                "{}",
                tr_args(
                    lang,
                    "cli-audit-passed",
                    &[
                        ("messages", num(report.messages)),
                        ("signatures", num(report.signatures_checked)),
                        ("entries", num(report.entries)),
                    ]
                )
            );
        } else {
            outln!(
                "{}",
                tr_args(
                    lang,
                    "cli-audit-failed",
                    &[("count", num(report.findings.len()))]
                )
            );
        }
    }
    if !report.ok() {
        return Ok(EXIT_NOT_VALID);
    }
    if args.stamp {
        let stamper = super::tsa::stamper(ctx)?;
        let stamped =
            stamp_head(store, &stamper, lang).map_err(|text| CliError::new(Exit::Refused, text))?;
        if let Some(text) = stamped {
            outln!(
                "{}",
                tr_args(lang, "cli-audit-stamped", &[("what", arg(text))])
            );
        }
    }
    Ok(EXIT_OK)
}

/// Timestamps the register's head; a line saying which entry and when, or why not.
fn stamp_head(
    store: &mut Store,
    stamper: &sigillo::export::timestamp::Stamper,
    lang: sigillo::i18n::Lang,
) -> Result<Option<String>, String> {
    let Some(head) = store.register_head().map_err(|e| e.to_string())? else {
        return Ok(None);
    };
    let digest = hex::decode(&head.hash).map_err(|e| e.to_string())?;
    let (token, info) = stamper
        .stamp_digest(&digest)
        .map_err(|e| timestamp_error_text(lang, &e))?;
    let time = info.time.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string();
    store
        .record_stamp(&head, &token, &time, &stamper.url)
        .map_err(|e| e.to_string())?;
    Ok(Some(format!("#{} {}", head.seq, time)))
}

/// After a sync: the register's head is timestamped when the settings ask for it daily and
/// the last timestamp is a day old (or there is none). Failures are said, never fatal.
pub fn stamp_if_due(ctx: &Ctx) {
    let lang = ctx.lang;
    let Some(config) = sigillo::account::config_dir(ctx.profile.as_deref()) else {
        return;
    };
    let settings = TsaSettings::load(&config).unwrap_or_default();
    if !settings.register_daily || !settings.is_configured() {
        return;
    }
    let mut store = match ctx.open_store() {
        Ok(s) => s,
        Err(e) => return ctx.report(&e),
    };
    let due = match store.last_stamp_at() {
        Ok(Some(at)) => chrono::Utc::now() - at >= chrono::Duration::hours(24),
        Ok(None) => true,
        Err(_) => false,
    };
    if !due {
        return;
    }
    let stamper = match super::tsa::stamper(ctx) {
        Ok(s) => s,
        Err(e) => return ctx.report(&e),
    };
    match stamp_head(&mut store, &stamper, lang) {
        Ok(Some(text)) => outln!(
            "{}",
            tr_args(lang, "cli-audit-stamped", &[("what", arg(text))])
        ),
        Ok(None) => {}
        Err(text) => errln!(
            "sigillo: {}",
            tr_args(lang, "cli-audit-stamp-failed", &[("reason", arg(text))])
        ),
    }
}

/// Records an export in the register (when the store can be written; says so when not).
pub fn record_export(
    ctx: &Ctx,
    store: &mut Store,
    kind: &str,
    summary: &sigillo::export::ExportSummary,
) {
    let time = summary
        .timestamp
        .as_ref()
        .map(|t| t.time.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string());
    record(
        ctx,
        store,
        kind,
        &summary.path,
        &summary.manifest_sha256,
        &summary.messages,
        time.as_deref(),
    );
}

/// Records an export (dossier or filing package) in the register.
pub fn record(
    ctx: &Ctx,
    store: &mut Store,
    kind: &str,
    path: &std::path::Path,
    sha256: &str,
    messages: &[String],
    time: Option<&str>,
) {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if store.writable().is_err() {
        errln!("sigillo: {}", tr(ctx.lang, "cli-export-not-recorded"));
        return;
    }
    if let Err(e) = store.record_export(kind, &name, sha256, messages, time) {
        errln!(
            "sigillo: {}",
            tr_args(
                ctx.lang,
                "cli-export-record-failed",
                &[("reason", arg(e.to_string()))]
            )
        );
    }
}
