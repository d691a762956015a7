//! `sigillo list [--folder F] [--account A] [--kind K] [--limit N] [--json]`: stored messages,
//! newest first.

use sigillo::pec::PecKind;
use sigillo::store::ListQuery;

use super::{CliResult, Ctx, EXIT_OK, print_json, row_line};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only messages in this folder (e.g. INBOX, Sent, or an imported mbox's name).
    #[arg(long, value_name = "FOLDER")]
    folder: Option<String>,
    /// Only messages of this account.
    #[arg(long, value_name = "ACCOUNT")]
    account: Option<String>,
    /// Only messages of this kind (posta-certificata, accettazione, avvenuta-consegna, …).
    #[arg(long, value_name = "KIND", value_parser = super::parse_kind)]
    kind: Option<PecKind>,
    /// At most this many messages (0 = all).
    #[arg(long, default_value_t = 0)]
    limit: usize,
    /// Skip this many messages.
    #[arg(long, default_value_t = 0)]
    offset: usize,
    /// Print JSON: an array of objects.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args, ctx: &Ctx) -> CliResult {
    let store = ctx.open_store_for_reading()?;
    let q = ListQuery {
        account: args.account,
        folder: args.folder,
        kind: args.kind,
        offset: args.offset,
        limit: args.limit,
        after: None,
    };
    let rows = store.list(&q)?;
    if args.json {
        print_json(&serde_json::to_value(&rows).unwrap_or_default());
    } else {
        for r in &rows {
            outln!("{}", row_line(r, ctx.lang));
        }
    }
    Ok(EXIT_OK)
}
