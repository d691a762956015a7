//! `sigillo reindex`: recompute everything derived from the stored bytes (classification,
//! daticert fields, search index, timelines).

use std::io::IsTerminal;

use sigillo::i18n::{num, tr_args};

use super::{CliResult, Ctx, EXIT_OK};

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: Args, ctx: &Ctx) -> CliResult {
    // Every stored outcome is cleared and checked again: without the trust list nothing is
    // touched, rather than leaving every message unverified.
    let trust = ctx.trust_list(super::Stopped::Reindex)?;
    let mut store = ctx.open_store()?;
    let tty = std::io::stderr().is_terminal();
    let lang = ctx.lang;
    let mut progress = super::progress_line(lang, "cli-reindex-progress");
    // The trust list may have changed since the last check: verify everything again.
    let s = store.reindex(&mut progress).and_then(|s| {
        store.clear_verifications()?;
        Ok(s)
    })?;
    if tty {
        errln!();
    }
    let verified = ctx.verify_pending(&mut store, &trust)?;
    outln!(
        "{}",
        tr_args(
            lang,
            "cli-reindex-done",
            &[
                ("messages", num(s.messages)),
                ("unreadable", num(s.unreadable)),
                ("timelines", num(s.timelines)),
                ("verified", num(verified)),
            ]
        )
    );
    Ok(EXIT_OK)
}
