//! `sigillo import PATH... [--account A] [--folder F]`: store .eml files, folders of them, mbox
//! files and Maildir folders; progress on stderr, a summary on stdout.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use sigillo::i18n::{arg, num, tr, tr_args};
use sigillo::import::{DEFAULT_BATCH_MESSAGES, ImportOptions, Progress, import};

use super::{CliResult, Ctx, EXIT_OK, EXIT_UNREADABLE};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Record this account on every imported copy.
    #[arg(long, value_name = "ACCOUNT")]
    account: Option<String>,
    /// Record this folder on every imported copy (default: the mbox file's or Maildir
    /// folder's name; use a Sent folder name to mark sent mail).
    #[arg(long, value_name = "FOLDER")]
    folder: Option<String>,
    /// Messages stored per transaction (larger is faster; every batch is all-or-nothing).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_BATCH_MESSAGES)]
    batch: usize,
    /// Files and folders to import.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
}

fn percent(p: &Progress) -> usize {
    (p.bytes_done.min(p.bytes_total) * 100)
        .checked_div(p.bytes_total)
        .unwrap_or(100) as usize
}

pub fn run(args: Args, ctx: &Ctx) -> CliResult {
    // Signatures are checked as the messages are analysed (one pass, on every core). Without
    // its trust list an import would store messages whose signatures nobody checked: it stops
    // before storing anything.
    let trust = std::sync::Arc::new(ctx.trust_list(super::Stopped::Import)?);
    let mut store = ctx.open_store()?;
    let opts = ImportOptions {
        account: args.account,
        folder: args.folder,
        batch_messages: args.batch.max(1),
        verify_with: Some(trust.clone()),
        ..ImportOptions::default()
    };
    let lang = ctx.lang;
    let tty = std::io::stderr().is_terminal();
    let started = Instant::now();
    let mut last = Instant::now() - Duration::from_secs(60);
    let mut progress = |p: &Progress| {
        let every = if tty {
            Duration::from_millis(100)
        } else {
            Duration::from_secs(5)
        };
        if last.elapsed() < every {
            return;
        }
        last = Instant::now();
        let line = tr_args(
            lang,
            "cli-import-progress",
            &[("messages", num(p.messages)), ("percent", num(percent(p)))],
        );
        if tty {
            eprint!("\r{line}   ");
        } else {
            errln!("{line}");
        }
    };
    let imported = import(&mut store, &args.paths, &opts, &mut progress);
    if tty {
        errln!();
    }
    let summary = imported?;
    for e in &summary.errors {
        errln!(
            "sigillo: {}",
            tr_args(
                lang,
                "cli-error-read",
                &[
                    ("path", arg(e.path.display().to_string())),
                    ("reason", arg(e.reason.clone()))
                ]
            )
        );
    }
    for p in &summary.skipped {
        errln!(
            "{}",
            tr_args(
                lang,
                "cli-import-skipped-file",
                &[("path", arg(p.display().to_string()))]
            )
        );
    }
    outln!("{}", tr(lang, "cli-import-summary"));
    let line = |key: &str, n: usize| {
        outln!("  {:<34} {}", format!("{}:", tr(lang, key)), n);
    };
    line("cli-import-read", summary.messages);
    line("cli-import-imported", summary.imported);
    line("cli-import-duplicates", summary.duplicates);
    line("cli-import-unreadable", summary.unreadable);
    if summary.resumed > 0 {
        line("cli-import-resumed", summary.resumed);
    }
    line("cli-import-skipped", summary.skipped.len());
    line("cli-import-errors", summary.errors.len());
    // What is still unverified (e.g. stored by an earlier run that stopped) is checked now.
    let verified = ctx.verify_pending(&mut store, &trust)?;
    line("cli-import-verified", summary.verified + verified);
    outln!(
        "  {:<34} {:.1} s",
        format!("{}:", tr(lang, "cli-import-time")),
        started.elapsed().as_secs_f64()
    );
    Ok(if summary.errors.is_empty() {
        EXIT_OK
    } else {
        EXIT_UNREADABLE
    })
}
