//! `sigillo show ID [--raw] [--json]`: one stored message in full, or its exact bytes.

use std::io::Write;

use sigillo::i18n::{Lang, kind_label, state_label, tr};
use sigillo::pec::timeline::Policy;
use sigillo::store::{MessageDetail, Store};
use sigillo::terminal::escape_line;

use super::{CliError, CliResult, Ctx, EXIT_OK, Exit, print_json};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The message: its store id (as printed by list, search and timeline) or its Message-ID.
    #[arg(value_name = "ID")]
    id: String,
    /// Write the exact stored bytes to stdout.
    #[arg(long, conflicts_with = "json")]
    raw: bool,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args, ctx: &Ctx) -> CliResult {
    let store = ctx.open_store_for_reading()?;
    let id = super::resolve_message(&store, &args.id, ctx)?;
    if args.raw {
        let bytes = store.raw(id)?;
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        if out.write_all(&bytes).and_then(|_| out.flush()).is_err() {
            // Nobody reads any more (a closed pipe): nothing to say, only the exit code.
            return Err(CliError::quiet(Exit::Store));
        }
        return Ok(EXIT_OK);
    }
    // One truth per message: the signature is checked now, as the window does when it opens
    // a message, and the store keeps what was found (a read-only store cannot: the check made
    // now is shown all the same).
    let trust = ctx.trust_list(super::Stopped::Verify)?;
    let fresh = sigillo::verify::open(&store.raw(id)?, &trust)
        .into_parts()
        .0;
    let mut store = store;
    let recorded = store
        .keep_check(id, &fresh, &trust)
        .is_ok_and(|kept| kept.held());
    let mut detail = store.message(id)?;
    if !recorded {
        detail.verification = Some(sigillo::store::StoredVerification::from_check(
            &fresh,
            chrono::Utc::now(),
        ));
    }
    let timeline = store
        .timeline_of(id, chrono::Utc::now(), &Policy::default())
        .ok()
        .flatten();
    if args.json {
        // Through a `Value`, whose maps keep their keys in alphabetical order: the documented
        // output does not depend on the order of the store's struct fields.
        let mut v = serde_json::to_value(&detail).unwrap_or_default();
        v["timeline"] = timeline
            .as_ref()
            .map(sigillo::report::timeline_json)
            .unwrap_or(serde_json::Value::Null);
        print_json(&v);
        return Ok(EXIT_OK);
    }
    let stdout = std::io::stdout();
    let mut out = sigillo::terminal::SafeOutput::new(stdout.lock(), true);
    let _ = write_human(&mut out, &store, &detail, timeline.as_ref(), ctx.lang);
    Ok(EXIT_OK)
}

fn write_human(
    out: &mut impl Write,
    _store: &Store,
    d: &MessageDetail,
    timeline: Option<&sigillo::pec::timeline::Timeline>,
    lang: Lang,
) -> std::io::Result<()> {
    let line = |out: &mut dyn Write, key: &str, value: &str| {
        writeln!(
            out,
            "  {:<26} {}",
            format!("{}:", tr(lang, key)),
            escape_line(value)
        )
    };
    writeln!(out, "#{}", d.row.id)?;
    // What happened first, then the details.
    writeln!(
        out,
        "  {}",
        escape_line(&sigillo::i18n::outcome_headline(lang, &d.row.outcome))
    )?;
    let kind = match d.row.kind {
        Some(k) => format!("{} ({})", kind_label(lang, k), k.as_str()),
        None => tr(lang, "cli-pending"),
    };
    line(out, "cli-kind", &kind)?;
    if let Some(t) = d.row.receipt_type {
        line(out, "cli-receipt-type", t.as_str())?;
    }
    if let Some(s) = &d.row.subject {
        line(out, "cli-subject", s)?;
    }
    if let Some(s) = &d.row.sender {
        line(out, "cli-sender", s)?;
    }
    if let Some(t) = d.row.date {
        // Local time, then as the message wrote it.
        line(
            out,
            "cli-date",
            &format!(
                "{} ({})",
                sigillo::i18n::time_text::local_iso_minutes(t),
                t.to_rfc3339()
            ),
        )?;
    }
    if !d.recipients.is_empty() {
        let list: Vec<String> = d
            .recipients
            .iter()
            .map(|r| format!("{} [{}]", r.address, r.tipo.as_str()))
            .collect();
        line(out, "cli-recipients", &list.join(", "))?;
    }
    if let Some(c) = &d.daticert {
        for (key, field) in [
            ("cli-provider", &c.gestore_emittente),
            ("cli-pec-id", &c.identificativo),
            ("cli-client-msgid", &c.msgid),
            ("cli-delivered-to", &c.consegna),
            ("cli-error", &c.errore_esteso),
        ] {
            if let Some(v) = field {
                line(out, key, v)?;
            }
        }
    }
    line(out, "cli-size", &d.row.size.to_string())?;
    line(out, "cli-sha256", &d.sha256)?;
    let sig = match &d.verification {
        Some(v) => v.status.as_str().to_owned(),
        None => tr(lang, "cli-unverified"),
    };
    line(out, "cli-signature", &sig)?;
    if !d.attachments.is_empty() {
        writeln!(out, "  {}:", tr(lang, "cli-attachments"))?;
        for a in &d.attachments {
            writeln!(
                out,
                "    - {} ({}, {})",
                escape_line(a.name.as_deref().unwrap_or("-")),
                escape_line(&a.content_type),
                a.size
            )?;
        }
    }
    writeln!(out, "  {}:", tr(lang, "cli-copies"))?;
    for c in &d.copies {
        let place = [
            c.account.as_deref(),
            c.folder.as_deref(),
            c.path.as_deref(),
            c.uidl.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
        let mut extra = String::new();
        if let Some(o) = c.mbox_offset {
            extra = format!(" @{o}");
        }
        if let (Some(v), Some(u)) = (c.uidvalidity, c.uid) {
            extra = format!(" UID {v}/{u}");
        }
        writeln!(
            out,
            "    - {}: {}{extra}",
            c.source.as_str(),
            escape_line(&place)
        )?;
    }
    if !d.row.warnings.is_empty() {
        line(out, "cli-warnings", &d.row.warnings.join(", "))?;
    }
    if let Some(t) = timeline {
        writeln!(out, "  {}:", tr(lang, "cli-timeline"))?;
        for r in &t.recipients {
            writeln!(
                out,
                "    - {}: {}",
                escape_line(&r.address),
                state_label(lang, r.state)
            )?;
        }
    }
    Ok(())
}
