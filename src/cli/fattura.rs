//! `sigillo fattura show [--json] FILE`: an electronic invoice or SdI message in words. FILE is
//! an `.xml`, an `.xml.p7m` (its signature verdict is shown first) or an `.eml` whose
//! attachments are read (those of the carried original for a PEC envelope).

use std::io::Write;
use std::path::PathBuf;

use sigillo::fatturapa::{self, AttachmentKind, FatturaDocument};
use sigillo::i18n::document_text::DocumentItem;
use sigillo::i18n::{self, Lang, arg, tr_args};
use sigillo::p7m::{self, QualifiedTrust, ReferenceTime};

use super::{CliError, CliResult, EXIT_NOT_VALID, EXIT_OK, Exit};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

#[derive(Debug, clap::Subcommand)]
enum Action {
    /// Show an invoice or SdI message (.xml, .xml.p7m, or the attachments of an .eml).
    Show {
        /// Print JSON: an array with one object per invoice or message found.
        #[arg(long)]
        json: bool,
        /// The file.
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
}

pub fn run(args: Args, profile: Option<PathBuf>, lang: Lang) -> CliResult {
    let Action::Show { json, file } = args.action;
    let bytes = std::fs::read(&file)
        .map_err(|e| CliError::new(Exit::Unreadable, super::read_error(lang, &file, &e)))?;
    let trust = match sigillo::profile::resolve(profile.as_deref()) {
        Some(dir) => QualifiedTrust::load(&dir).map_err(|e| {
            CliError::new(Exit::Unreadable, i18n::qualified_trust_error_text(lang, &e))
        })?,
        None => None,
    };
    let name = file.file_name().map(|n| n.to_string_lossy().into_owned());
    let mut items = Vec::new();
    let mut broken_p7m = Vec::new();
    if sigillo::xml::root_name(&bytes).is_some() {
        items.push(DocumentItem {
            name: name.clone(),
            signed: None,
            result: fatturapa::read_document(&bytes),
        });
    } else if p7m::looks_like_p7m(&bytes) {
        match signed_item(name.clone(), &bytes, trust.as_ref()) {
            Ok(item) => items.push(item),
            Err(e) => broken_p7m.push((name.clone(), e)),
        }
    } else {
        for (a, data) in fatturapa::detect::attachments_for_display(&bytes) {
            match a.kind {
                AttachmentKind::Invoice | AttachmentKind::SdiNotification(_) => {
                    items.push(DocumentItem {
                        name: a.name.clone(),
                        signed: None,
                        result: fatturapa::read_document(&data),
                    })
                }
                AttachmentKind::SignedInvoice => {
                    match signed_item(a.name.clone(), &data, trust.as_ref()) {
                        Ok(item) => items.push(item),
                        Err(e) => broken_p7m.push((a.name.clone(), e)),
                    }
                }
                AttachmentKind::SignedDocument | AttachmentKind::Other => {}
            }
        }
    }
    let stdout = std::io::stdout();
    let mut out = sigillo::terminal::SafeOutput::new(stdout.lock(), !json);
    for (n, e) in &broken_p7m {
        let _ = writeln!(
            out,
            "{}: {}",
            n.as_deref().unwrap_or("?"),
            i18n::p7m_error_text(lang, e)
        );
    }
    if items.is_empty() {
        if broken_p7m.is_empty() {
            let _ = writeln!(
                out,
                "{}",
                tr_args(
                    lang,
                    "fattura-none-found",
                    &[("path", arg(file.display().to_string()))]
                )
            );
        }
        return Ok(EXIT_NOT_VALID);
    }
    let any_error = !broken_p7m.is_empty() || items.iter().any(|i| i.result.is_err());
    if json {
        let values: Vec<serde_json::Value> = items.iter().map(|i| item_json(i, lang)).collect();
        let _ = writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&values).unwrap_or_default()
        );
    } else {
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                let _ = writeln!(out);
            }
            sigillo::i18n::document_text::write_document_item(&mut out, &file, item, lang);
        }
    }
    Ok(if any_error { EXIT_NOT_VALID } else { EXIT_OK })
}

fn signed_item(
    name: Option<String>,
    bytes: &[u8],
    trust: Option<&QualifiedTrust>,
) -> Result<DocumentItem, p7m::P7mError> {
    let d = p7m::open(bytes, name.as_deref(), trust, ReferenceTime::now())?;
    let result = fatturapa::read_document(d.content().1);
    Ok(DocumentItem {
        name,
        signed: Some(d),
        result,
    })
}

fn item_json(item: &DocumentItem, lang: Lang) -> serde_json::Value {
    let mut v = match &item.result {
        Ok(FatturaDocument::Invoice(inv)) => sigillo::report::invoice_json(inv, lang),
        Ok(FatturaDocument::Notification(n)) => sigillo::report::notification_json(n, lang),
        Err(e) => serde_json::json!({
            "type": "error",
            "error": i18n::fattura_error_text(lang, e),
            "reason": e.to_string(),
        }),
    };
    v["source"] = serde_json::json!(item.name);
    if let Some(d) = &item.signed {
        v["signature"] = sigillo::report::document_json(d, lang);
    }
    v
}
