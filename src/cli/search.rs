//! `sigillo search QUERY... [filters] [--by-date] [--json]`: full-text search over subjects,
//! addresses, the inner message's text, attachment names and certification data.

use chrono::{DateTime, NaiveDate, Utc};
use sigillo::pec::PecKind;
use sigillo::pec::timeline::RecipientState;
use sigillo::store::{SearchOrder, SearchQuery, SignatureFilter};
use sigillo::verify::Status;

use super::{CliResult, Ctx, EXIT_OK, print_json, row_line};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Words to look for (every word must match, as a word start).
    #[arg(value_name = "QUERY")]
    query: Vec<String>,
    /// Only this kind.
    #[arg(long, value_name = "KIND", value_parser = super::parse_kind)]
    kind: Option<PecKind>,
    /// Only sent messages (and their receipts) with a recipient in this state.
    #[arg(long, value_name = "STATE", value_parser = super::parse_state)]
    state: Option<RecipientState>,
    /// Only this signature outcome: valid, tampered, untrusted, expired, unsigned, malformed,
    /// or unverified.
    #[arg(long, value_name = "STATUS", value_parser = parse_signature)]
    signature: Option<SignatureFilter>,
    /// Only this account.
    #[arg(long, value_name = "ACCOUNT")]
    account: Option<String>,
    /// Only this folder.
    #[arg(long, value_name = "FOLDER")]
    folder: Option<String>,
    /// Dated on or after (YYYY-MM-DD or RFC 3339).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    since: Option<DateTime<Utc>>,
    /// Dated before (YYYY-MM-DD or RFC 3339).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    until: Option<DateTime<Utc>>,
    /// Newest first instead of best match first.
    #[arg(long)]
    by_date: bool,
    /// At most this many results.
    #[arg(long, default_value_t = 50)]
    limit: usize,
    /// Print JSON: an array of objects.
    #[arg(long)]
    json: bool,
}

fn parse_signature(s: &str) -> Result<SignatureFilter, String> {
    if s == "unverified" {
        return Ok(SignatureFilter::Unverified);
    }
    Status::parse(s)
        .map(SignatureFilter::Status)
        .ok_or_else(|| {
            let mut all: Vec<&str> = Status::ALL.iter().map(|k| k.as_str()).collect();
            all.push("unverified");
            all.join(", ")
        })
}

pub(super) fn parse_date(s: &str) -> Result<DateTime<Utc>, String> {
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Ok(d.with_timezone(&Utc));
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| d.and_utc())
        .ok_or_else(|| "YYYY-MM-DD".to_owned())
}

pub fn run(args: Args, ctx: &Ctx) -> CliResult {
    let store = ctx.open_store_for_reading()?;
    let q = SearchQuery {
        text: args.query.join(" "),
        kind: args.kind,
        state: args.state,
        signature: args.signature,
        account: args.account,
        folder: args.folder,
        since: args.since,
        until: args.until,
        order: if args.by_date {
            SearchOrder::Date
        } else {
            SearchOrder::Relevance
        },
        offset: 0,
        limit: args.limit,
        now: None,
        policy: Default::default(),
    };
    let hits = store.search(&q)?;
    if args.json {
        print_json(&serde_json::to_value(&hits).unwrap_or_default());
    } else {
        for h in &hits {
            outln!("{}", row_line(&h.row, ctx.lang));
        }
    }
    Ok(EXIT_OK)
}
