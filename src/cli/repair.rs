//! `sigillo repair [--force]`: copies every message that can still be read out of a damaged
//! store into a new one, byte-exact, and keeps the damaged file beside it; then checks the
//! provider signatures of what it recovered.

use std::io::IsTerminal;

use sigillo::i18n::{arg, tr, tr_args};
use sigillo::store;

use super::{CliResult, Ctx, EXIT_OK, EXIT_UNREADABLE};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Rebuild the store even when SQLite finds nothing wrong with it.
    #[arg(long)]
    force: bool,
}

pub fn run(args: Args, ctx: &Ctx) -> CliResult {
    let lang = ctx.lang;
    let dir = store::resolve_profile_dir(ctx.profile.as_deref())?;
    // The recovered messages are checked again: without a trust list nothing is repaired.
    let trust = ctx.trust_list(super::Stopped::Reindex)?;
    if !args.force && !store::is_marked_damaged(&dir) {
        match store::integrity_problems(&dir) {
            Ok(problems) if problems.is_empty() => {
                outln!(
                    "{}",
                    tr_args(
                        lang,
                        "cli-repair-not-needed",
                        &[(
                            "path",
                            arg(dir.join(store::DATABASE_FILE).display().to_string())
                        )]
                    )
                );
                return Ok(EXIT_OK);
            }
            Ok(_) => {}
            Err(e) if e.is_damage() => {}
            Err(e) => return Err(e.into()),
        }
    }
    let tty = std::io::stderr().is_terminal();
    let mut progress = super::progress_line(lang, "cli-repair-progress");
    let repaired = store::repair(&dir, &mut progress);
    if tty {
        errln!();
    }
    let summary = repaired?;
    let kept = arg(summary.damaged_kept.display().to_string());
    if summary.finished_earlier_run {
        outln!(
            "{}",
            tr_args(lang, "cli-repair-finished-earlier", &[("kept", kept)])
        );
    } else {
        outln!("{}", tr_args(lang, "cli-repair-done", &[("kept", kept)]));
        let line = |key: &str, n: usize| {
            outln!("  {:<44} {}", format!("{}:", tr(lang, key)), n);
        };
        line("cli-repair-recovered", summary.recovered);
        line("cli-repair-unconfirmed", summary.unconfirmed);
        line("cli-repair-damaged", summary.damaged);
        line("cli-repair-unreadable", summary.unreadable);
        line("cli-repair-copies", summary.copies);
        if let Some(path) = &summary.damaged_files {
            outln!(
                "{}",
                tr_args(
                    lang,
                    "cli-repair-damaged-files",
                    &[("path", arg(path.display().to_string()))]
                )
            );
        }
    }
    // What was recovered is checked again, as after an import.
    let mut repaired = ctx.open_store()?;
    ctx.verify_pending(&mut repaired, &trust)?;
    Ok(if summary.damaged > 0 || summary.unreadable > 0 {
        EXIT_UNREADABLE
    } else {
        EXIT_OK
    })
}
