//! `sigillo delete MESSAGE... [--yes]`: deletes stored messages. A message that proves
//! something (a receipt that decides a delivery or an acceptance, a sent PEC with its
//! receipts, a received certified envelope) is deleted only after the user was told what proof
//! goes and agreed (asked on a terminal, or `--yes`). Each deletion is recorded in the register.

use std::io::{BufRead, IsTerminal, Write};

use sigillo::export::text::proof_item_text;
use sigillo::i18n::{arg, tr, tr_args};

use super::{CliResult, Ctx, EXIT_OK, EXIT_REFUSED, EXIT_STORE};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Store ids (as printed by list, search, timeline).
    #[arg(value_name = "MESSAGE", required = true)]
    messages: Vec<i64>,
    /// Delete proof without asking (what goes is still printed).
    #[arg(long)]
    yes: bool,
}

pub fn run(args: Args, ctx: &Ctx) -> CliResult {
    let lang = ctx.lang;
    let mut store = ctx.open_store()?;
    let mut code = EXIT_OK;
    for id in args.messages {
        let stake = match store.proof_at_stake(id) {
            Ok(s) => s,
            Err(e) => {
                ctx.store_error(&e);
                code = EXIT_STORE;
                continue;
            }
        };
        if stake.is_proof() {
            outln!(
                "{}",
                tr_args(lang, "cli-delete-proof", &[("id", arg(id.to_string()))])
            );
            for item in &stake.items {
                outln!("  - {}", proof_item_text(lang, item));
            }
            if stake.signature != Some(sigillo::verify::Status::Valid) {
                outln!("  {}", tr(lang, "cli-delete-proof-unproven"));
            }
            if !args.yes {
                if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
                    errln!(
                        "sigillo: {}",
                        tr_args(lang, "cli-delete-needs-yes", &[("id", arg(id.to_string()))])
                    );
                    code = EXIT_REFUSED;
                    continue;
                }
                eprint!("{} ", tr(lang, "cli-delete-confirm"));
                let _ = std::io::stderr().flush();
                let mut answer = String::new();
                let _ = std::io::stdin().lock().read_line(&mut answer);
                let answer = answer.trim().to_lowercase();
                if !matches!(answer.as_str(), "s" | "si" | "sì" | "y" | "yes") {
                    outln!(
                        "{}",
                        tr_args(lang, "cli-delete-kept", &[("id", arg(id.to_string()))])
                    );
                    continue;
                }
            }
        }
        match store.delete_message(id) {
            Ok(_) => outln!(
                "{}",
                tr_args(lang, "cli-delete-done", &[("id", arg(id.to_string()))])
            ),
            Err(e) => {
                ctx.store_error(&e);
                code = EXIT_STORE;
            }
        }
    }
    Ok(code)
}
