//! `sigillo inspect [--json] FILE...`: what each message is, in words or as JSON, as the
//! message itself says it: no signature is checked here (that is `sigillo verify`), and the
//! output says so first.

use std::io::Write;
use std::path::PathBuf;

use sigillo::i18n::{self, Lang, arg, kind_label, receipt_label, recipient_label, tr, tr_args};
use sigillo::pec::{self, Classification};
use sigillo::terminal::escape_line;

use super::{CliResult, EXIT_OK, EXIT_UNREADABLE};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print JSON: one object per file, an array when there are several.
    #[arg(long)]
    json: bool,
    /// The messages to inspect.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
}

pub fn run(args: Args, lang: Lang) -> CliResult {
    let mut code = EXIT_OK;
    let mut objects = Vec::new();
    let stdout = std::io::stdout();
    let mut out = sigillo::terminal::SafeOutput::new(stdout.lock(), !args.json);
    for (i, path) in args.files.iter().enumerate() {
        let raw = match std::fs::read(path) {
            Ok(raw) => raw,
            Err(e) => {
                errln!(
                    "sigillo: {}",
                    tr_args(
                        lang,
                        "cli-error-read",
                        &[
                            ("path", arg(path.display().to_string())),
                            ("reason", arg(e.to_string()))
                        ]
                    )
                );
                code = EXIT_UNREADABLE;
                continue;
            }
        };
        let c = pec::classify(&raw);
        if args.json {
            // The structure as the message says it; the signature is `sigillo verify`'s.
            let mut v = serde_json::json!({
                "file": path.display().to_string(),
                "signature_checked": false,
            });
            if let (Some(obj), serde_json::Value::Object(rest)) = (
                v.as_object_mut(),
                sigillo::report::classification_json(&c, lang),
            ) {
                obj.extend(rest);
            }
            objects.push(v);
        } else {
            if i > 0 {
                let _ = writeln!(out);
            }
            let _ = write_human(&mut out, path, &c, lang);
        }
    }
    if args.json {
        let value = if args.files.len() == 1 {
            objects.pop().unwrap_or(serde_json::Value::Null)
        } else {
            serde_json::Value::Array(objects)
        };
        let _ = writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&value).unwrap_or_default()
        );
    }
    Ok(code)
}

fn write_human(
    out: &mut impl Write,
    path: &std::path::Path,
    c: &Classification,
    lang: Lang,
) -> std::io::Result<()> {
    let none = tr(lang, "cli-none");
    let line = |out: &mut dyn Write, key: &str, value: &str| {
        writeln!(
            out,
            "  {:<26} {}",
            format!("{}:", tr(lang, key)),
            escape_line(value)
        )
    };
    writeln!(out, "{}", escape_line(&path.display().to_string()))?;
    // First: nothing below is vouched for by a signature check (that is `sigillo verify`).
    line(out, "cli-signature", &tr(lang, "cli-inspect-not-verified"))?;
    line(
        out,
        "cli-kind",
        &format!("{} ({})", kind_label(lang, c.kind), c.kind.as_str()),
    )?;
    if let Some(t) = c.receipt_type {
        line(out, "cli-receipt-type", &receipt_label(lang, t))?;
    }
    if let Some(rem) = &c.rem {
        line(out, "rem-badge", &tr(lang, "rem-format-label"))?;
        if let Some(e) = rem.event_name() {
            line(
                out,
                "rem-event",
                &format!("{} ({e})", i18n::rem_event_label(lang, &e)),
            )?;
        }
        if let Some(r) = rem.reason_name() {
            line(
                out,
                "rem-reason",
                &format!("{} ({r})", i18n::rem_reason_text(lang, &r)),
            )?;
        }
        let refers = rem.refers_to();
        if !refers.is_empty() {
            line(out, "rem-refers-to", &refers.join(", "))?;
        }
        if let Some(m) = rem.ua_message_id() {
            line(out, "rem-ua-message-id", &m)?;
        }
    }
    if let Some(s) = c.display_subject() {
        line(out, "cli-subject", s)?;
    }
    if let Some(s) = c.display_sender() {
        line(out, "cli-sender", s)?;
    }
    if let Some(d) = &c.daticert {
        if !d.destinatari.is_empty() {
            let list: Vec<String> = d
                .destinatari
                .iter()
                .map(|x| format!("{} [{}]", x.address, recipient_label(lang, x.tipo)))
                .collect();
            line(out, "cli-recipients", &list.join(", "))?;
        }
        if let Some(g) = &d.gestore_emittente {
            line(out, "cli-provider", g)?;
        }
        if let Some(t) = d.data.timestamp() {
            line(out, "cli-date-daticert", &t.to_rfc3339())?;
        }
        if let Some(id) = &d.identificativo {
            line(out, "cli-pec-id", id)?;
        }
        if let Some(m) = &d.msgid {
            line(out, "cli-client-msgid", m)?;
        }
        if let Some(x) = &d.consegna {
            line(out, "cli-delivered-to", x)?;
        }
        if d.errore != "nessuno" || d.errore_esteso.is_some() {
            let detail = d.errore_esteso.clone().unwrap_or_default();
            line(out, "cli-error", &format!("{} {}", d.errore, detail))?;
        }
    }
    if let Some(o) = &c.original {
        let subject = o.summary.subject.clone().unwrap_or_default();
        line(out, "cli-original", &subject)?;
        if !o.summary.attachments.is_empty() {
            writeln!(out, "  {}:", tr(lang, "cli-attachments"))?;
            for a in &o.summary.attachments {
                writeln!(
                    out,
                    "    - {} ({}, {})",
                    escape_line(a.name.as_deref().unwrap_or("-")),
                    escape_line(&a.content_type),
                    tr_args(lang, "cli-size-bytes", &[("size", i18n::num(a.size))])
                )?;
            }
        }
    }
    if c.warnings.is_empty() {
        line(out, "cli-warnings", &none)?;
    } else {
        writeln!(out, "  {}:", tr(lang, "cli-warnings"))?;
        for w in &c.warnings {
            writeln!(out, "    ! {}", i18n::warning_text(lang, w))?;
        }
    }
    Ok(())
}
