//! `sigillo reindex`: recompute everything derived from the stored bytes (classification,
//! daticert fields, search index, timelines).

use std::io::IsTerminal;

use sigillo::i18n::{num, tr_args};

use super::{Ctx, EXIT_OK, EXIT_STORE};

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: Args, ctx: &Ctx) -> u8 {
    // Every stored outcome is cleared and checked again: without the trust list nothing is
    // touched, rather than leaving every message unverified.
    let trust = match ctx.trust_list(super::Stopped::Reindex) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let mut store = match ctx.open_store() {
        Ok(s) => s,
        Err(code) => return code,
    };
    let tty = std::io::stderr().is_terminal();
    let lang = ctx.lang;
    let mut progress = super::progress_line(lang, "cli-reindex-progress");
    // The trust list may have changed since the last check: verify everything again.
    let reindexed = store.reindex(&mut progress).and_then(|s| {
        store.clear_verifications()?;
        Ok(s)
    });
    match reindexed {
        Ok(s) => {
            if tty {
                errln!();
            }
            let verified = match ctx.verify_pending(&mut store, &trust) {
                Ok(n) => n,
                Err(code) => return code,
            };
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
            EXIT_OK
        }
        Err(e) => {
            ctx.store_error(&e);
            EXIT_STORE
        }
    }
}
