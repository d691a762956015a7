//! `sigillo timeline [--json] [--state STATE] [--account A] [--timeout-hours H]`: for every sent
//! PEC, one row per recipient with its state and the receipts that prove it.

use sigillo::i18n::{Lang, arg, state_label, tr, tr_args};
use sigillo::pec::timeline::{Policy, RecipientState, Timeline};
use sigillo::store::TimelineQuery;
use sigillo::terminal::escape_line;

use super::{CliResult, Ctx, EXIT_OK, print_json};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only sent messages with a recipient in this state.
    #[arg(long, value_name = "STATE", value_parser = super::parse_state)]
    state: Option<RecipientState>,
    /// Only sent messages of this account.
    #[arg(long, value_name = "ACCOUNT")]
    account: Option<String>,
    /// Hours without a delivery receipt after which a certified recipient is late.
    #[arg(long, value_name = "HOURS", default_value_t = 24)]
    timeout_hours: u32,
    /// At most this many sent messages (newest first; 0 = all).
    #[arg(long, default_value_t = 0)]
    limit: usize,
    /// Print JSON: an array with one object per sent message.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args, ctx: &Ctx) -> CliResult {
    let store = ctx.open_store_for_reading()?;
    let q = TimelineQuery {
        state: args.state,
        needs_attention: false,
        account: args.account,
        limit: (args.limit > 0).then_some(args.limit),
        now: chrono::Utc::now(),
        policy: Policy {
            delivery_timeout: chrono::Duration::hours(i64::from(args.timeout_hours)),
        },
    };
    let timelines = store.timelines(&q)?;
    if args.json {
        print_json(&serde_json::Value::Array(
            timelines
                .iter()
                .map(sigillo::report::timeline_json)
                .collect(),
        ));
    } else {
        for (i, t) in timelines.iter().enumerate() {
            if i > 0 {
                outln!();
            }
            print_human(t, ctx.lang);
        }
    }
    Ok(EXIT_OK)
}

fn print_human(t: &Timeline, lang: Lang) {
    let none = "-".to_owned();
    outln!(
        "{}  {}",
        t.sent_at
            .map(sigillo::i18n::time_text::local_iso_minutes)
            .unwrap_or_else(|| none.clone()),
        escape_line(t.subject.as_deref().unwrap_or("-"))
    );
    if let Some(m) = &t.message_id {
        outln!(
            "  {:<26} {}",
            format!("{}:", tr(lang, "cli-client-msgid")),
            escape_line(m)
        );
    }
    if t.from_receipts_only {
        outln!("  {}", tr(lang, "cli-timeline-from-receipts"));
    }
    let state = sigillo::i18n::acceptance_label(lang, t.acceptance.state);
    let acceptance = match t.acceptance.reason.as_deref() {
        Some(r) => format!(
            "{state} ({})",
            escape_line(&sigillo::i18n::timeline_reason_text(lang, r))
        ),
        None => state,
    };
    outln!(
        "  {:<26} {acceptance}",
        format!("{}:", tr(lang, "cli-acceptance"))
    );
    for r in &t.recipients {
        let mut line = format!(
            "    {:<40} {}",
            escape_line(&r.address),
            state_label(lang, r.state)
        );
        if let Some(at) = r.at {
            line.push_str(&format!(
                "  {}",
                sigillo::i18n::time_text::local_iso_minutes(at)
            ));
        }
        if let Some(reason) = &r.reason {
            line.push_str(&format!(
                "  — {}",
                escape_line(&sigillo::i18n::timeline_reason_text(lang, reason))
            ));
        }
        let ids: Vec<String> = r.receipts.iter().map(|x| format!("#{}", x.id)).collect();
        if !ids.is_empty() {
            line.push_str(&format!(
                "  {}",
                tr_args(
                    lang,
                    "cli-timeline-receipts",
                    &[("ids", arg(ids.join(" ")))]
                )
            ));
        }
        outln!("{line}");
    }
}
