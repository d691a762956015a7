//! `sigillo reindex`: recompute everything derived from the stored bytes (classification,
//! daticert fields, search index, timelines).

use std::io::IsTerminal;

use sigillo::i18n::{num, tr_args};

use super::{Ctx, EXIT_OK, EXIT_STORE};

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: Args, ctx: &Ctx) -> u8 {
    let mut store = match ctx.open_store() {
        Ok(s) => s,
        Err(code) => return code,
    };
    let tty = std::io::stderr().is_terminal();
    let lang = ctx.lang;
    let mut progress = |done: usize, total: usize| {
        if tty {
            eprint!(
                "\r{}",
                tr_args(
                    lang,
                    "cli-reindex-progress",
                    &[("done", num(done)), ("total", num(total))]
                )
            );
        }
    };
    match store.reindex(&mut progress) {
        Ok(s) => {
            if tty {
                eprintln!();
            }
            println!(
                "{}",
                tr_args(
                    lang,
                    "cli-reindex-done",
                    &[
                        ("messages", num(s.messages)),
                        ("unreadable", num(s.unreadable)),
                        ("timelines", num(s.timelines)),
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
