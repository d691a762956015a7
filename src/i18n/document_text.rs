//! Invoices, SdI messages and signed documents (`.p7m`) described in words, for the command line
//! and the window alike: the signature verdict first, then the document. One copy of the text,
//! so `sigillo fattura show`, `sigillo p7m verify` and the message view say the same.

use std::io::Write;
use std::path::Path;

use super::{Lang, arg, num, tr, tr_args};
use crate::fatturapa::{
    self, AttachmentKind, FatturaDocument, FatturaError, Invoice, Notification,
};
use crate::p7m::{self, DocStatus, QualifiedTrust, ReferenceTime, SignedDocument};

/// One document found in the file.
pub struct DocumentItem {
    /// The attachment or file name it came from.
    pub name: Option<String>,
    /// The signed document it was inside, with its verdict.
    pub signed: Option<SignedDocument>,
    /// What it is, or why it cannot be read.
    pub result: Result<FatturaDocument, FatturaError>,
}

/// The verdict in words: the outcome, then each signer.
pub fn write_signed_document(out: &mut impl Write, path: &Path, d: &SignedDocument, lang: Lang) {
    let v = d.verification();
    let _ = writeln!(
        out,
        "{}: {}",
        path.display(),
        super::doc_status_label(lang, v.status)
    );
    let _ = writeln!(out, "  {}", super::doc_status_explanation(lang, v.status));
    let (_, bytes) = d.content();
    let _ = writeln!(
        out,
        "  {}",
        tr_args(
            lang,
            "p7m-document",
            &[
                ("name", arg(d.name())),
                ("type", arg(d.content_type())),
                ("size", num(bytes.len())),
                ("layers", num(v.layers)),
            ]
        )
    );
    for w in d.warnings() {
        let _ = writeln!(out, "  ! {}", super::doc_warning_text(lang, w));
    }
    for (n, s) in v.signers.iter().enumerate() {
        let who = s.name.clone().unwrap_or_else(|| tr(lang, "cli-none"));
        let head = match s.countersigns {
            Some(of) => tr_args(
                lang,
                "p7m-countersigner",
                &[("n", num(n + 1)), ("of", num(of + 1)), ("name", arg(who))],
            ),
            None => tr_args(
                lang,
                "p7m-signer",
                &[
                    ("n", num(n + 1)),
                    ("layer", num(s.layer)),
                    ("name", arg(who)),
                ],
            ),
        };
        let _ = writeln!(
            out,
            "  {head} — {}",
            super::doc_status_label(lang, s.status)
        );
        if let Some(cf) = &s.fiscal_code {
            let _ = writeln!(
                out,
                "    {}",
                tr_args(lang, "p7m-fiscal-code", &[("code", arg(cf))])
            );
        }
        if let Some(org) = &s.organization {
            let _ = writeln!(
                out,
                "    {}",
                tr_args(lang, "p7m-organization", &[("name", arg(org))])
            );
        }
        if let Some(issuer) = &s.issuer {
            let listed = match s.issuer_trusted {
                Some(true) => tr(lang, "p7m-issuer-listed"),
                Some(false) => tr(lang, "p7m-issuer-not-listed"),
                None => tr(lang, "p7m-issuer-not-checked"),
            };
            let _ = writeln!(
                out,
                "    {}",
                tr_args(
                    lang,
                    "p7m-issuer",
                    &[("issuer", arg(issuer)), ("listed", arg(listed))]
                )
            );
        }
        if let Some(tsp) = &s.trust_service {
            let _ = writeln!(
                out,
                "    {}",
                tr_args(lang, "p7m-trust-service", &[("name", arg(tsp))])
            );
        }
        if let Some(c) = &s.certificate {
            let _ = writeln!(
                out,
                "    {}",
                tr_args(
                    lang,
                    "trust-validity",
                    &[
                        (
                            "from",
                            arg(c.not_before.map(|t| t.to_rfc3339()).unwrap_or_default())
                        ),
                        (
                            "to",
                            arg(c.not_after.map(|t| t.to_rfc3339()).unwrap_or_default())
                        ),
                    ]
                )
            );
        }
        if let (Some(t), Some(src)) = (s.signing_time, s.signing_time_source) {
            let _ = writeln!(
                out,
                "    {}",
                tr_args(
                    lang,
                    "verify-signing-time",
                    &[
                        ("time", arg(t.to_rfc3339())),
                        ("source", arg(super::doc_time_source_label(lang, src)))
                    ]
                )
            );
        }
        if s.status != DocStatus::Valid && s.status != v.status {
            let _ = writeln!(out, "    {}", super::doc_status_explanation(lang, s.status));
        }
        for note in &s.notes {
            if let Some(text) = super::doc_note_text(lang, note) {
                let _ = writeln!(out, "    ! {text}");
            }
        }
    }
}

/// An invoice or SdI message, with the verdict of the signed file it came in first; `file`
/// names it when it has no name of its own.
pub fn write_document_item(out: &mut impl Write, file: &Path, item: &DocumentItem, lang: Lang) {
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
        write_signed_document(out, Path::new(item.name.as_deref().unwrap_or("")), d, lang);
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
                super::fattura_error_text(lang, e)
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
                        arg(super::document_type_text(lang, &b.document_type)),
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
                        &[("nature", arg(super::nature_text(lang, n)))]
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
                text.push_str(&format!(" ({})", super::nature_text(lang, n)));
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
                        arg(super::payment_conditions_text(lang, &p.conditions)),
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
                            ("method", arg(super::payment_method_text(lang, &d.method))),
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
        line(
            out,
            0,
            format!("! {}", super::invoice_warning_text(lang, w)),
        );
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
                ("kind", arg(super::sdi_kind_label(lang, n.kind))),
                ("code", arg(n.kind.code())),
            ],
        ),
    );
    line(out, 2, super::sdi_outcome_text(lang, n.outcome));
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
#[derive(Clone)]
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
                let item = DocumentItem {
                    name: a.name.clone(),
                    signed: None,
                    result: fatturapa::read_document(&data),
                };
                write_document_item(&mut buf, Path::new(""), &item, lang);
            }
            AttachmentKind::SignedInvoice | AttachmentKind::SignedDocument => {
                match p7m::open(&data, a.name.as_deref(), trust, reference) {
                    Ok(d) => {
                        status = Some(d.verification().status);
                        extracted = Some((d.name().to_owned(), d.content().1.to_vec()));
                        if a.kind == AttachmentKind::SignedInvoice {
                            let result = fatturapa::read_document(d.content().1);
                            let item = DocumentItem {
                                name: a.name.clone(),
                                signed: Some(d),
                                result,
                            };
                            write_document_item(&mut buf, Path::new(""), &item, lang);
                        } else {
                            write_signed_document(
                                &mut buf,
                                Path::new(a.name.as_deref().unwrap_or("")),
                                &d,
                                lang,
                            );
                        }
                    }
                    Err(e) => {
                        let _ = writeln!(buf, "{}", super::p7m_error_text(lang, &e));
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

impl std::fmt::Debug for DescribedDocument {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DescribedDocument")
            .field("name", &self.name)
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}
