//! `sigillo fattura show [--json] FILE`: an electronic invoice or SdI message in words. FILE is
//! an `.xml`, an `.xml.p7m` (its signature verdict is shown first) or an `.eml` whose
//! attachments are read (those of the carried original for a PEC envelope).

use std::io::Write;
use std::path::{Path, PathBuf};

use sigillo::fatturapa::{
    self, AttachmentKind, FatturaDocument, FatturaError, Invoice, Notification,
};
use sigillo::i18n::{self, Lang, arg, num, tr, tr_args};
use sigillo::p7m::{self, QualifiedTrust, ReferenceTime, SignedDocument};

use super::{EXIT_NOT_VALID, EXIT_OK, EXIT_UNREADABLE};

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

/// One document found in the file.
struct Item {
    /// The attachment or file name it came from.
    name: Option<String>,
    /// The signed document it was inside, with its verdict.
    signed: Option<SignedDocument>,
    /// What it is, or why it cannot be read.
    result: Result<FatturaDocument, FatturaError>,
}

pub fn run(args: Args, profile: Option<PathBuf>, lang: Lang) -> u8 {
    let Action::Show { json, file } = args.action;
    let bytes = match std::fs::read(&file) {
        Ok(b) => b,
        Err(e) => {
            errln!("sigillo: {}", super::read_error(lang, &file, &e));
            return EXIT_UNREADABLE;
        }
    };
    let trust = match sigillo::profile::resolve(profile.as_deref()) {
        Some(dir) => match QualifiedTrust::load(&dir) {
            Ok(t) => t,
            Err(e) => {
                errln!("sigillo: {}", i18n::qualified_trust_error_text(lang, &e));
                return EXIT_UNREADABLE;
            }
        },
        None => None,
    };
    let name = file.file_name().map(|n| n.to_string_lossy().into_owned());
    let mut items = Vec::new();
    let mut broken_p7m = Vec::new();
    if sigillo::xml::root_name(&bytes).is_some() {
        items.push(Item {
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
                AttachmentKind::Invoice | AttachmentKind::SdiNotification(_) => items.push(Item {
                    name: a.name.clone(),
                    signed: None,
                    result: fatturapa::read_document(&data),
                }),
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
        return EXIT_NOT_VALID;
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
            write_item(&mut out, &file, item, lang);
        }
    }
    if any_error { EXIT_NOT_VALID } else { EXIT_OK }
}

fn signed_item(
    name: Option<String>,
    bytes: &[u8],
    trust: Option<&QualifiedTrust>,
) -> Result<Item, p7m::P7mError> {
    let d = p7m::open(bytes, name.as_deref(), trust, ReferenceTime::now())?;
    let result = fatturapa::read_document(d.content().1);
    Ok(Item {
        name,
        signed: Some(d),
        result,
    })
}

fn item_json(item: &Item, lang: Lang) -> serde_json::Value {
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

fn write_item(out: &mut impl Write, file: &Path, item: &Item, lang: Lang) {
    if let Some(d) = &item.signed {
        // The signature verdict before the content.
        let _ = writeln!(
            out,
            "{}",
            tr_args(
                lang,
                "fattura-signed-inside",
                &[("name", arg(item.name.clone().unwrap_or_default()))]
            )
        );
        super::p7m::write_document(out, Path::new(item.name.as_deref().unwrap_or("")), d, lang);
        let _ = writeln!(out);
    }
    match &item.result {
        Ok(FatturaDocument::Invoice(inv)) => write_invoice(out, inv, lang),
        Ok(FatturaDocument::Notification(n)) => write_notification(out, n, lang),
        Err(e) => {
            let _ = writeln!(
                out,
                "{}: {}",
                item.name
                    .clone()
                    .unwrap_or_else(|| file.display().to_string()),
                i18n::fattura_error_text(lang, e)
            );
        }
    }
}

fn line(out: &mut impl Write, indent: usize, text: String) {
    let _ = writeln!(out, "{:indent$}{text}", "");
}

fn write_party(out: &mut impl Write, title: &str, p: &fatturapa::Party, lang: Lang) {
    line(out, 0, tr(lang, title));
    line(out, 2, p.display_name());
    if let Some(v) = &p.vat_id {
        line(
            out,
            2,
            tr_args(lang, "fattura-vat", &[("id", arg(v.to_string()))]),
        );
    }
    if let Some(cf) = &p.fiscal_code {
        line(
            out,
            2,
            tr_args(lang, "fattura-fiscal-code", &[("code", arg(cf))]),
        );
    }
    if let Some(a) = &p.address {
        line(
            out,
            2,
            tr_args(lang, "fattura-address", &[("address", arg(a.to_string()))]),
        );
    }
    if let Some(r) = &p.tax_regime {
        line(out, 2, tr_args(lang, "fattura-regime", &[("code", arg(r))]));
    }
}

fn write_invoice(out: &mut impl Write, inv: &Invoice, lang: Lang) {
    line(
        out,
        0,
        tr_args(lang, "fattura-title", &[("format", arg(&inv.format))]),
    );
    if let Some(s) = &inv.transmission.sender {
        line(
            out,
            2,
            tr_args(
                lang,
                "fattura-transmitter",
                &[
                    ("id", arg(s.to_string())),
                    (
                        "progressive",
                        arg(inv.transmission.progressive.clone().unwrap_or_default()),
                    ),
                ],
            ),
        );
    }
    if let Some(c) = &inv.transmission.recipient_code {
        line(
            out,
            2,
            tr_args(lang, "fattura-recipient-code", &[("code", arg(c))]),
        );
    }
    write_party(out, "fattura-supplier", &inv.supplier, lang);
    write_party(out, "fattura-customer", &inv.customer, lang);
    for b in &inv.bodies {
        line(
            out,
            0,
            tr_args(
                lang,
                "fattura-body",
                &[
                    (
                        "type",
                        arg(i18n::document_type_text(lang, &b.document_type)),
                    ),
                    ("number", arg(&b.number)),
                    ("date", arg(b.date.format("%Y-%m-%d").to_string())),
                ],
            ),
        );
        for r in &b.reasons {
            line(out, 2, tr_args(lang, "fattura-reason", &[("text", arg(r))]));
        }
        line(out, 2, tr(lang, "fattura-lines"));
        for l in &b.lines {
            let quantity = match (&l.quantity, &l.unit) {
                (Some(q), Some(u)) => format!("{q} {u}"),
                (Some(q), None) => q.to_string(),
                (None, _) => "1".to_owned(),
            };
            let mut text = tr_args(
                lang,
                "fattura-line",
                &[
                    ("n", arg(&l.number)),
                    ("description", arg(&l.description)),
                    ("quantity", arg(quantity)),
                    ("price", arg(l.unit_price.to_string())),
                    ("total", arg(l.total.to_string())),
                    ("rate", arg(l.vat_rate.to_string())),
                ],
            );
            if let Some(n) = &l.nature {
                text.push_str(&format!(
                    ", {}",
                    tr_args(
                        lang,
                        "fattura-line-nature",
                        &[("nature", arg(i18n::nature_text(lang, n)))]
                    )
                ));
            }
            line(out, 4, text);
        }
        line(out, 2, tr(lang, "fattura-vat-summary"));
        for s in &b.vat_summary {
            let mut text = tr_args(
                lang,
                "fattura-vat-row",
                &[
                    ("rate", arg(s.vat_rate.to_string())),
                    ("taxable", arg(s.taxable.to_string())),
                    ("tax", arg(s.tax.to_string())),
                ],
            );
            if let Some(n) = &s.nature {
                text.push_str(&format!(" ({})", i18n::nature_text(lang, n)));
            }
            line(out, 4, text);
        }
        if let Some(bollo) = &b.stamp_duty {
            line(
                out,
                2,
                tr_args(
                    lang,
                    "fattura-stamp-duty",
                    &[("amount", arg(bollo.to_string()))],
                ),
            );
        }
        match &b.total {
            Some(t) => line(
                out,
                2,
                tr_args(
                    lang,
                    "fattura-total",
                    &[
                        ("total", arg(t.to_string())),
                        ("currency", arg(&b.currency)),
                    ],
                ),
            ),
            None => line(
                out,
                2,
                tr_args(
                    lang,
                    "fattura-total-missing",
                    &[
                        (
                            "sum",
                            arg(fatturapa::amount::format_hundredths(
                                b.summary_total_hundredths(),
                            )),
                        ),
                        ("currency", arg(&b.currency)),
                    ],
                ),
            ),
        }
        for p in &b.payments {
            line(
                out,
                2,
                tr_args(
                    lang,
                    "fattura-payment",
                    &[(
                        "conditions",
                        arg(i18n::payment_conditions_text(lang, &p.conditions)),
                    )],
                ),
            );
            for d in &p.details {
                line(
                    out,
                    4,
                    tr_args(
                        lang,
                        "fattura-payment-detail",
                        &[
                            ("method", arg(i18n::payment_method_text(lang, &d.method))),
                            ("amount", arg(d.amount.to_string())),
                            ("currency", arg(&b.currency)),
                            (
                                "due",
                                arg(d
                                    .due_date
                                    .map(|x| x.format("%Y-%m-%d").to_string())
                                    .unwrap_or_else(|| tr(lang, "cli-none"))),
                            ),
                        ],
                    ),
                );
                if let Some(iban) = &d.iban {
                    line(
                        out,
                        6,
                        tr_args(lang, "fattura-iban", &[("iban", arg(iban))]),
                    );
                }
            }
        }
        if !b.attachments.is_empty() {
            line(out, 2, tr(lang, "fattura-attachments"));
            for a in &b.attachments {
                line(
                    out,
                    4,
                    tr_args(
                        lang,
                        "fattura-attachment",
                        &[
                            ("name", arg(&a.name)),
                            ("size", num(a.size)),
                            (
                                "description",
                                arg(a
                                    .description
                                    .as_ref()
                                    .map(|d| format!(" — {d}"))
                                    .unwrap_or_default()),
                            ),
                        ],
                    ),
                );
            }
        }
    }
    for w in &inv.warnings {
        line(out, 0, format!("! {}", i18n::invoice_warning_text(lang, w)));
    }
}

fn write_notification(out: &mut impl Write, n: &Notification, lang: Lang) {
    line(
        out,
        0,
        tr_args(
            lang,
            "sdi-title",
            &[
                ("kind", arg(i18n::sdi_kind_label(lang, n.kind))),
                ("code", arg(n.kind.code())),
            ],
        ),
    );
    line(out, 2, i18n::sdi_outcome_text(lang, n.outcome));
    let mut field = |key: &str, name: &str, value: &Option<String>| {
        if let Some(v) = value {
            line(out, 2, tr_args(lang, key, &[(name, arg(v))]));
        }
    };
    field("sdi-file", "name", &n.file_name);
    field("sdi-id", "id", &n.sdi_id);
    field("sdi-received", "time", &n.received);
    field("sdi-delivered", "time", &n.delivered);
    field("sdi-available", "date", &n.available_since);
    field("sdi-format", "format", &n.format);
    field("sdi-recipient-code", "code", &n.recipient_code);
    field("sdi-attempts", "count", &n.attempts);
    let recipient = n
        .recipient
        .as_ref()
        .map(|(code, description)| match description {
            Some(d) => format!("{code} ({d})"),
            None => code.clone(),
        });
    field("sdi-recipient", "who", &recipient);
    field("sdi-description", "text", &n.description);
    if let Some(r) = &n.invoice_ref {
        line(
            out,
            2,
            tr_args(
                lang,
                "sdi-invoice-ref",
                &[
                    ("number", arg(r.number.clone().unwrap_or_default())),
                    ("year", arg(r.year.clone().unwrap_or_default())),
                ],
            ),
        );
    }
    if !n.errors.is_empty() {
        line(out, 2, tr(lang, "sdi-errors"));
        for e in &n.errors {
            line(
                out,
                4,
                tr_args(
                    lang,
                    "sdi-error-row",
                    &[("code", arg(&e.code)), ("description", arg(&e.description))],
                ),
            );
            if let Some(s) = &e.suggestion {
                line(out, 6, tr_args(lang, "sdi-suggestion", &[("text", arg(s))]));
            }
        }
    }
}

/// One document found among the attachments of a message, described for a reader: the signature
/// verdict first (for signed documents), then the invoice or SdI message in words.
pub struct DescribedDocument {
    /// The attachment's name.
    pub name: Option<String>,
    /// The signature verdict, for signed documents.
    pub status: Option<p7m::DocStatus>,
    /// The description (verdict first).
    pub text: String,
    /// The signed document's real name and bytes, for saving it without the `.p7m` layers.
    pub extracted: Option<(String, Vec<u8>)>,
}

/// Describes the invoices, SdI messages and signed documents among the attachments of
/// `carrier` (a message), checking signatures at `reference`.
pub fn describe_documents(
    carrier: &[u8],
    trust: Option<&QualifiedTrust>,
    reference: ReferenceTime,
    lang: Lang,
) -> Vec<DescribedDocument> {
    let mut out = Vec::new();
    for (a, data) in fatturapa::detect::attachments_of(carrier) {
        let mut buf = Vec::new();
        let mut status = None;
        let mut extracted = None;
        match a.kind {
            AttachmentKind::Other => continue,
            AttachmentKind::Invoice | AttachmentKind::SdiNotification(_) => {
                let item = Item {
                    name: a.name.clone(),
                    signed: None,
                    result: fatturapa::read_document(&data),
                };
                write_item(&mut buf, Path::new(""), &item, lang);
            }
            AttachmentKind::SignedInvoice | AttachmentKind::SignedDocument => {
                match p7m::open(&data, a.name.as_deref(), trust, reference) {
                    Ok(d) => {
                        status = Some(d.verification().status);
                        extracted = Some((d.name().to_owned(), d.content().1.to_vec()));
                        if a.kind == AttachmentKind::SignedInvoice {
                            let result = fatturapa::read_document(d.content().1);
                            let item = Item {
                                name: a.name.clone(),
                                signed: Some(d),
                                result,
                            };
                            write_item(&mut buf, Path::new(""), &item, lang);
                        } else {
                            super::p7m::write_document(
                                &mut buf,
                                Path::new(a.name.as_deref().unwrap_or("")),
                                &d,
                                lang,
                            );
                        }
                    }
                    Err(e) => {
                        let _ = writeln!(buf, "{}", i18n::p7m_error_text(lang, &e));
                    }
                }
            }
        }
        out.push(DescribedDocument {
            name: a.name,
            status,
            text: String::from_utf8_lossy(&buf).into_owned(),
            extracted,
        });
    }
    out
}
