//! `sigillo export MESSAGE... [--since DATE] [--until DATE] [--zip] --out PATH`: the dossier of
//! a message (a sent PEC with every receipt, or a received envelope), or one dossier per message
//! of a selection or date range with an index; as a folder or a ZIP archive.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use chrono::{DateTime, Utc};
use sigillo::export::{self, ExportOptions, ExportRequest, Format};
use sigillo::i18n::{arg, num, tr, tr_args};

use super::{CliError, CliResult, Ctx, EXIT_OK, Exit};

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

pub fn run(args: Args, ctx: &Ctx) -> CliResult {
    let lang = ctx.lang;
    if args.messages.is_empty() && args.since.is_none() && args.until.is_none() {
        return Err(CliError::new(
            Exit::Unreadable,
            tr(lang, "cli-export-nothing"),
        ));
    }
    let stamper = if args.timestamp {
        Some(super::tsa::stamper(ctx)?)
    } else {
        None
    };
    let mut store = ctx.open_store_for_reading()?;
    let mut trust = ctx.trust_list(super::Stopped::Export)?;
    super::verify_dossier::add_trust_files(&mut trust, &args.trust, lang)?;
    super::verify_dossier::add_trust_files_for(
        &mut trust,
        &args.trust_rem,
        sigillo::verify::TrustPurpose::Rem,
        lang,
    )?;
    let ids = args
        .messages
        .iter()
        .map(|given| super::resolve_message(&store, given, ctx))
        .collect::<CliResult<Vec<i64>>>()?;
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
    let summary = result?;
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
        outln!("{}", sigillo::export::text::timestamp_fact_text(lang, info));
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
    Ok(EXIT_OK)
}

/// `--filing`: the filing package of one sent PEC.
fn filing(
    args: &Args,
    ids: &[i64],
    ctx: &Ctx,
    store: &mut sigillo::store::Store,
    trust: &sigillo::verify::TrustList,
) -> CliResult {
    let lang = ctx.lang;
    let [id] = ids else {
        return Err(CliError::new(Exit::Unreadable, tr(lang, "cli-filing-one")));
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
    let summary = export::filing::export_filing(store, trust, *id, &args.out, &options)?;
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
    Ok(EXIT_OK)
}
