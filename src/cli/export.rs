//! `sigillo export MESSAGE... [--since DATE] [--until DATE] [--zip] --out PATH`: the dossier of
//! a message (a sent PEC with every receipt, or a received envelope), or one dossier per message
//! of a selection or date range with an index; as a folder or a ZIP archive.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use chrono::{DateTime, Utc};
use sigillo::export::{self, ExportError, ExportOptions, ExportRequest, Format};
use sigillo::i18n::{arg, export_error_text, num, tr, tr_args};

use super::{Ctx, EXIT_OK, EXIT_STORE, EXIT_UNREADABLE};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Store ids (as printed by list, search, timeline) or Message-IDs: a sent message or any
    /// of its receipts, or a received envelope.
    #[arg(value_name = "MESSAGE")]
    messages: Vec<String>,
    /// Every sent PEC and received envelope dated on or after (YYYY-MM-DD or RFC 3339).
    #[arg(long, value_name = "DATE", value_parser = super::search::parse_date)]
    since: Option<DateTime<Utc>>,
    /// … and before (YYYY-MM-DD or RFC 3339).
    #[arg(long, value_name = "DATE", value_parser = super::search::parse_date)]
    until: Option<DateTime<Utc>>,
    /// Write a ZIP archive instead of a folder.
    #[arg(long)]
    zip: bool,
    /// Where to write: a new folder or .zip file, or an existing folder to write into.
    #[arg(long, value_name = "PATH")]
    out: PathBuf,
    /// Replace PATH if it exists.
    #[arg(long)]
    replace: bool,
    /// Also trust the certificate authorities in this PEM/DER file, for this run only.
    #[arg(long, value_name = "FILE")]
    trust: Vec<PathBuf>,
    /// Also trust the authorities in this PEM/DER file for REM providers ("PEC europea"), for
    /// this run only.
    #[arg(long, value_name = "FILE")]
    trust_rem: Vec<PathBuf>,
    /// Timestamp the MANIFEST with the configured time-stamping authority (marca temporale,
    /// RFC 3161); when it cannot, nothing is written.
    #[arg(long)]
    timestamp: bool,
    /// Write the filing package of a notification (L. 53/1994) instead of a dossier: the
    /// acceptance receipt and each delivery receipt as original .eml files named for filing,
    /// the notified message and a one-page summary, with warnings.
    #[arg(long, conflicts_with_all = ["since", "until", "timestamp"])]
    filing: bool,
}

pub fn run(args: Args, ctx: &Ctx) -> u8 {
    let lang = ctx.lang;
    if args.messages.is_empty() && args.since.is_none() && args.until.is_none() {
        errln!("sigillo: {}", tr(lang, "cli-export-nothing"));
        return EXIT_UNREADABLE;
    }
    let stamper = if args.timestamp {
        match super::tsa::stamper(ctx) {
            Ok(s) => Some(s),
            Err(code) => return code,
        }
    } else {
        None
    };
    let mut store = match ctx.open_store_for_reading() {
        Ok(s) => s,
        Err(code) => return code,
    };
    let mut trust = match ctx.trust_list(super::Stopped::Export) {
        Ok(t) => t,
        Err(code) => return code,
    };
    if let Err(code) = super::verify_dossier::add_trust_files(&mut trust, &args.trust, lang) {
        return code;
    }
    if let Err(code) = super::verify_dossier::add_trust_files_for(
        &mut trust,
        &args.trust_rem,
        sigillo::verify::TrustPurpose::Rem,
        lang,
    ) {
        return code;
    }
    let mut ids = Vec::with_capacity(args.messages.len());
    for given in &args.messages {
        match super::resolve_message(&store, given, ctx) {
            Ok(id) => ids.push(id),
            Err(code) => return code,
        }
    }
    if args.filing {
        return filing(&args, &ids, ctx, &mut store, &trust);
    }
    let request = ExportRequest {
        ids,
        since: args.since,
        until: args.until,
    };
    let options = ExportOptions {
        lang,
        format: if args.zip {
            Format::Zip
        } else {
            Format::Folder
        },
        replace: args.replace,
        timestamp: stamper,
        ..Default::default()
    };
    let tty = std::io::stderr().is_terminal();
    let mut line = super::progress_line(lang, "cli-export-progress");
    let mut progress = |p: export::Progress| line(p.done, p.total);
    let cancel = AtomicBool::new(false);
    let result = export::export(
        &store,
        &trust,
        &request,
        &args.out,
        &options,
        &mut progress,
        &cancel,
    );
    if tty {
        errln!();
    }
    match result {
        Ok(summary) => {
            outln!(
                "{}",
                tr_args(
                    lang,
                    "cli-export-done",
                    &[
                        ("path", arg(summary.path.display().to_string())),
                        ("files", num(summary.files)),
                    ]
                )
            );
            for d in &summary.dossiers {
                let line = tr_args(
                    lang,
                    "cli-export-dossier",
                    &[
                        ("message", arg(d.message.to_string())),
                        (
                            "folder",
                            arg(if d.folder.is_empty() { "." } else { &d.folder }),
                        ),
                        ("valid", arg(d.signatures_valid.to_string())),
                        ("invalid", arg(d.signatures_not_valid.to_string())),
                    ],
                );
                outln!("  {line}");
            }
            outln!(
                "{}",
                tr_args(lang, "cli-export-report", &[("file", arg(&summary.report))])
            );
            if let Some(info) = &summary.timestamp {
                outln!("{}", sigillo::i18n::timestamp_fact_text(lang, info));
                outln!(
                    "{}",
                    tr_args(
                        lang,
                        "cli-timestamp-openssl",
                        &[("command", arg(export::timestamp::openssl_command()))]
                    )
                );
            }
            super::audit::record_export(ctx, &mut store, "dossier", &summary);
            EXIT_OK
        }
        Err(e) => export_failed(lang, &e),
    }
}

/// `--filing`: the filing package of one sent PEC.
fn filing(
    args: &Args,
    ids: &[i64],
    ctx: &Ctx,
    store: &mut sigillo::store::Store,
    trust: &sigillo::verify::TrustList,
) -> u8 {
    let lang = ctx.lang;
    let [id] = ids else {
        errln!("sigillo: {}", tr(lang, "cli-filing-one"));
        return EXIT_UNREADABLE;
    };
    let options = ExportOptions {
        lang,
        format: if args.zip {
            Format::Zip
        } else {
            Format::Folder
        },
        replace: args.replace,
        ..Default::default()
    };
    match export::filing::export_filing(store, trust, *id, &args.out, &options) {
        Ok(summary) => {
            outln!(
                "{}",
                tr_args(
                    lang,
                    "cli-filing-done",
                    &[("path", arg(summary.path.display().to_string()))]
                )
            );
            for f in &summary.files {
                outln!("  {}  {}", f.sha256, f.name);
            }
            for w in &summary.warnings {
                outln!("⚠ {}", export::filing::warning_text(lang, w));
            }
            if summary.warnings.is_empty() {
                outln!("{}", tr(lang, "cli-filing-no-warnings"));
            }
            super::audit::record(
                ctx,
                store,
                "filing",
                &summary.path,
                &summary.summary_sha256,
                &summary.messages,
                None,
            );
            EXIT_OK
        }
        Err(e) => export_failed(lang, &e),
    }
}

/// Says why an export failed; the exit code for it.
fn export_failed(lang: sigillo::i18n::Lang, e: &ExportError) -> u8 {
    errln!(
        "sigillo: {}",
        tr_args(
            lang,
            "cli-export-failed",
            &[("reason", arg(export_error_text(lang, e)))]
        )
    );
    match e {
        ExportError::Store(_) => EXIT_STORE,
        _ => EXIT_UNREADABLE,
    }
}
