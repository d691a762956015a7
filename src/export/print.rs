//! Printing a message, a receipt or a sent message's timeline, through the same PDF engine as
//! the dossier report ([`super::pdf`]). A message's page says what happened first (the
//! engine's outcome, `crate::outcome`), then the provider signature that proves it, then what
//! was certified (the certification data of a receipt in full, in words, times local and as
//! written), then the text a person reads and the attachments. A timeline prints as the dossier report of its
//! transmission, which is exactly the outcome per recipient with the receipts that prove it.

use chrono::{DateTime, Utc};

use super::pdf::{self, Block, Document, Tone};
use super::report;
use super::{ExportError, ExportOptions, gather, tool_name};
use crate::i18n::time_text::local_iso_seconds;
use crate::i18n::{
    Lang, arg, kind_label, outcome_headline, proof_text, status_explanation, status_label, tr,
    tr_args,
};
use crate::outcome::{Delivery, Event, Tone as OutcomeTone};
use crate::pec::RecipientType;
use crate::store::Store;
use crate::verify::{Status, TrustList};

/// What to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrintWhat {
    /// The message or receipt itself.
    Message,
    /// The transmission it belongs to: outcome per recipient and its receipts.
    Timeline,
}

/// The PDF of message `id` (or of its transmission's timeline), checked now against `trust`.
pub fn print_pdf(
    store: &Store,
    trust: &TrustList,
    id: i64,
    what: PrintWhat,
    options: &ExportOptions,
) -> Result<Vec<u8>, ExportError> {
    let doc = match what {
        PrintWhat::Message => {
            let raw = store.raw(id)?;
            // A PEC the user sent: what its receipts say happened to it.
            let sent = match store.message(id)?.row.outcome.event {
                Event::Sent(d) => Some(d),
                _ => None,
            };
            message_document_with(&raw, trust, options.lang, options.now, sent)
        }
        PrintWhat::Timeline => {
            let (key, tl) = gather::key_of(store, id, options.now, &options.policy)?;
            let d = gather::build(store, id, key, tl, trust, options.now, &mut || {})?;
            report::dossier_report(&d, options.lang, &tool_name(), options.now)
        }
    };
    Ok(pdf::render(&doc)?)
}

/// The printed page of one message or receipt.
pub fn message_document(raw: &[u8], trust: &TrustList, lang: Lang, now: DateTime<Utc>) -> Document {
    message_document_with(raw, trust, lang, now, None)
}

/// [`message_document`] for a message the user sent (`sent`: what happened to it).
pub fn message_document_with(
    raw: &[u8],
    trust: &TrustList,
    lang: Lang,
    now: DateTime<Utc>,
    sent: Option<Delivery>,
) -> Document {
    let (v, c, content) = crate::verify::open_at(raw, trust, now).into_all();
    let outcome = crate::outcome::of_message(&c, Some(v.status), sent);
    let mut b = Vec::new();
    let subject = c
        .display_subject()
        .map(str::to_owned)
        .unwrap_or_else(|| tr(lang, "export-no-subject"));
    let title = kind_label(lang, c.kind);
    b.push(Block::Title(title.clone()));
    b.push(Block::Subtitle(subject.clone()));
    b.push(Block::Subtitle(tr_args(
        lang,
        "export-made-by",
        &[
            ("tool", arg(tool_name())),
            ("time", arg(report::utc_text(now))),
        ],
    )));
    // What happened first, then why we believe it.
    b.push(Block::Heading(tr(lang, "print-outcome")));
    b.push(Block::toned(
        tr(lang, "print-outcome"),
        outcome_headline(lang, &outcome),
        match outcome.tone() {
            OutcomeTone::Good => Tone::Good,
            OutcomeTone::Bad => Tone::Bad,
            OutcomeTone::Warning | OutcomeTone::Neutral => Tone::Normal,
        },
    ));
    if let Some(p) = proof_text(lang, &outcome) {
        b.push(Block::Paragraph(p));
    }
    b.push(Block::Heading(tr(lang, "export-signature")));
    b.push(Block::toned(
        tr(lang, "export-signature"),
        status_label(lang, v.status),
        if v.status == Status::Valid {
            Tone::Good
        } else {
            Tone::Bad
        },
    ));
    b.push(Block::Paragraph(status_explanation(lang, v.status)));
    if let Some(s) = &v.signer {
        b.push(Block::field(
            tr(lang, "export-signer"),
            s.organization
                .clone()
                .or_else(|| s.common_name.clone())
                .unwrap_or_else(|| s.subject.clone()),
        ));
    }
    if let Some(t) = v.signing_time {
        b.push(Block::field(
            tr(lang, "export-signing-time"),
            local_iso_seconds(t.fixed_offset()),
        ));
    }

    b.push(Block::Heading(tr(lang, "export-section-message")));
    let (from, to, cc, date) = match &c.original {
        Some(o) => (
            o.summary.from.as_ref().map(|m| m.address.clone()),
            &o.summary.to,
            &o.summary.cc,
            o.summary.date,
        ),
        None => (
            c.display_sender().map(str::to_owned),
            &c.headers.summary.to,
            &c.headers.summary.cc,
            c.headers.summary.date,
        ),
    };
    let join = |l: &[crate::pec::Mailbox]| {
        l.iter()
            .map(|m| m.address.clone())
            .collect::<Vec<_>>()
            .join(", ")
    };
    b.push(Block::field(
        tr(lang, "export-sender"),
        from.unwrap_or_else(|| tr(lang, "export-unknown")),
    ));
    if !to.is_empty() {
        b.push(Block::field(tr(lang, "print-to"), join(to)));
    }
    if !cc.is_empty() {
        b.push(Block::field(tr(lang, "print-cc"), join(cc)));
    }
    b.push(Block::field(tr(lang, "export-subject"), subject.clone()));
    b.push(Block::field(
        tr(lang, "export-date"),
        date.map(local_iso_seconds)
            .unwrap_or_else(|| tr(lang, "export-unknown")),
    ));

    if let Some(d) = &c.daticert {
        b.push(Block::Heading(tr(lang, "export-daticert-file")));
        let fields = [
            (
                "gui-dc-tipo",
                d.tipo
                    .as_deref()
                    .map(|t| match crate::pec::PecKind::from_daticert_tipo(t) {
                        Some(k) => kind_label(lang, k),
                        None => t.to_owned(),
                    }),
            ),
            ("gui-dc-mittente", d.mittente.clone()),
            ("gui-dc-oggetto", d.oggetto.clone()),
            ("gui-dc-gestore", d.gestore_emittente.clone()),
            ("gui-dc-data", d.data.timestamp().map(local_iso_seconds)),
            (
                "gui-dc-data-written",
                d.data.timestamp().map(crate::i18n::time_text::as_written),
            ),
            ("gui-dc-identificativo", d.identificativo.clone()),
            ("gui-dc-msgid", d.msgid.clone()),
            (
                "gui-dc-ricevuta",
                d.ricevuta
                    .as_deref()
                    .map(|r| match crate::pec::ReceiptType::parse(r) {
                        Some(t) => crate::i18n::receipt_label(lang, t),
                        None => r.to_owned(),
                    }),
            ),
            (
                // "Delivered to" only on a delivery receipt.
                if c.kind == crate::pec::PecKind::AvvenutaConsegna {
                    "gui-dc-consegna"
                } else {
                    "gui-dc-about"
                },
                d.consegna.clone(),
            ),
            (
                "gui-dc-errore",
                (d.errore != "nessuno").then(|| crate::i18n::errore_label(lang, &d.errore)),
            ),
            ("gui-dc-errore-esteso", d.errore_esteso.clone()),
        ];
        for (key, value) in fields {
            if let Some(v) = value.filter(|v| !v.is_empty()) {
                b.push(Block::field(tr(lang, key), v));
            }
        }
        for x in &d.destinatari {
            let kind = match x.tipo {
                RecipientType::Certificato => tr(lang, "export-recipient-certified"),
                RecipientType::Esterno => tr(lang, "export-recipient-external"),
            };
            b.push(Block::field(
                tr(lang, "export-recipients"),
                format!("{} — {kind}", x.address),
            ));
        }
    }

    // What the window shows: the carried original, else exactly the signed entity, never text
    // around the signature (the raw bytes only for a message without one).
    let (body_source, shown) = crate::pec::summary::shown(&c, content.as_deref().unwrap_or(raw));
    let text = crate::pec::body::readable_text(body_source).unwrap_or_default();
    b.push(Block::Heading(tr(
        lang,
        if c.original.is_some() {
            "export-inner-message"
        } else {
            "print-text"
        },
    )));
    if c.original.is_some() && v.status != Status::Valid {
        b.push(Block::Note(tr(lang, "print-original-unverified")));
    }
    for para in text.split("\n\n").filter(|p| !p.trim().is_empty()) {
        b.push(Block::Paragraph(para.trim_end().to_owned()));
    }

    let atts = &shown.attachments;
    b.push(Block::Heading(tr(lang, "export-attachments")));
    if atts.is_empty() {
        b.push(Block::Paragraph(tr(lang, "export-no-attachments")));
    }
    for a in atts {
        b.push(Block::Bullet(format!(
            "{} — {}, {}",
            a.name.clone().unwrap_or_else(|| tr(lang, "export-unnamed")),
            a.content_type,
            tr_args(lang, "export-bytes", &[("size", crate::i18n::num(a.size))]),
        )));
    }

    let tool = tool_name();
    Document {
        title: format!("{title} — {subject}"),
        lang: lang.code().to_owned(),
        producer: tool.clone(),
        created: now,
        footer: format!("{tool} · {subject}"),
        page_label: Box::new(move |n, total| {
            tr_args(
                lang,
                "export-page",
                &[
                    ("page", arg(n.to_string())),
                    ("total", arg(total.to_string())),
                ],
            )
        }),
        blocks: b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::test_certs::rewrapped_signed_message;
    use crate::verify::{AnchorSource, TrustList};

    #[test]
    fn a_printed_message_shows_only_what_its_signature_covers() {
        let (raw, root) = rewrapped_signed_message();
        let trust = TrustList::from_anchors(vec![root], AnchorSource::User);
        let doc = message_document(&raw, &trust, Lang::It, Utc::now());
        let texts: Vec<&str> = doc
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph(t) | Block::Bullet(t) => Some(t.as_str()),
                _ => None,
            })
            .collect();
        assert!(
            texts.iter().any(|t| t.contains("Il contratto firmato.")),
            "{texts:?}"
        );
        let attachments: Vec<&&str> = texts.iter().filter(|t| t.contains(" — ")).collect();
        assert_eq!(attachments.len(), 1, "{attachments:?}");
        assert!(
            attachments[0].starts_with("contratto.pdf — application/pdf"),
            "the signed attachment, not the one around the signature: {attachments:?}"
        );
    }
}
