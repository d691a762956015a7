//! The machine-readable description of a classified message (`sigillo inspect --json`).
//! The schema is documented in the README; keys follow the daticert element names with `-`
//! turned into `_`.

use serde_json::{Value, json};

use crate::i18n::{Lang, warning_text};
use crate::pec::{Classification, Daticert, Mailbox, MessageSummary, OriginalMessage};

/// The JSON object for one classified message, without the `file` key.
pub fn classification_json(c: &Classification, lang: Lang) -> Value {
    json!({
        "kind": c.kind.as_str(),
        "receipt_type": c.receipt_type.map(|r| r.as_str()),
        "daticert": c.daticert.as_ref().map(daticert_json),
        "original": c.original.as_ref().map(|o| original_json(o, lang)),
        "headers": {
            "subject": c.headers.summary.subject,
            "from": c.headers.summary.from.as_ref().map(|m| m.address.clone()),
            "date": c.headers.summary.date.map(|d| d.to_rfc3339()),
            "message_id": c.headers.summary.message_id,
            "x_trasporto": c.headers.x_trasporto,
            "x_ricevuta": c.headers.x_ricevuta,
            "x_riferimento_message_id": c.headers.x_riferimento_message_id,
            "x_tipo_ricevuta": c.headers.x_tipo_ricevuta,
        },
        "signature_layout": match &c.signature {
            crate::pec::SignatureLayout::None => "none",
            crate::pec::SignatureLayout::Detached { .. } => "multipart-signed",
            crate::pec::SignatureLayout::Opaque => "pkcs7-mime",
        },
        "warnings": c.warnings.iter().map(|w| warning_text(lang, w)).collect::<Vec<_>>(),
        "warning_codes": c.warnings.iter().map(|w| w.code()).collect::<Vec<_>>(),
    })
}

/// The daticert object.
pub fn daticert_json(d: &Daticert) -> Value {
    json!({
        "tipo": d.tipo,
        "errore": d.errore,
        "mittente": d.mittente,
        "destinatari": d.destinatari.iter().map(|x| json!({
            "address": x.address,
            "tipo": x.tipo.as_str(),
        })).collect::<Vec<_>>(),
        "risposte": d.risposte,
        "oggetto": d.oggetto,
        "gestore_emittente": d.gestore_emittente,
        "data": d.data.timestamp().map(|t| t.to_rfc3339()),
        "identificativo": d.identificativo,
        "msgid": d.msgid,
        "ricevuta": d.ricevuta,
        "consegna": d.consegna,
        "ricezione": d.ricezione,
        "errore_esteso": d.errore_esteso,
    })
}

fn addresses(list: &[Mailbox]) -> Vec<String> {
    list.iter().map(|m| m.address.clone()).collect()
}

fn summary_json(s: &MessageSummary, lang: Lang) -> Value {
    json!({
        "message_id": s.message_id,
        "from": s.from.as_ref().map(|m| m.address.clone()),
        "to": addresses(&s.to),
        "cc": addresses(&s.cc),
        "subject": s.subject,
        "date": s.date.map(|d| d.to_rfc3339()),
        "attachments": s.attachments.iter().map(|a| {
            let mut v = json!({
                "name": a.name,
                "content_type": a.content_type,
                "size": a.size,
                "sha256": a.sha256,
            });
            if let Some(p) = &a.pec {
                v["pec"] = classification_json(p, lang);
            }
            v
        }).collect::<Vec<_>>(),
    })
}

fn original_json(o: &OriginalMessage, lang: Lang) -> Value {
    use sha2::Digest;
    let mut v = summary_json(&o.summary, lang);
    v["size"] = json!(o.bytes.len());
    v["sha256"] = json!(hex::encode(sha2::Sha256::digest(&o.bytes)));
    v
}

/// The JSON object of `sigillo verify --json` (without `file`).
pub fn verification_json(v: &crate::verify::Verification, c: &Classification, lang: Lang) -> Value {
    let mut warnings: Vec<String> = v
        .notes
        .iter()
        .filter_map(|n| crate::i18n::note_text(lang, n))
        .collect();
    warnings.extend(c.warnings.iter().map(|w| warning_text(lang, w)));
    json!({
        "status": v.status.as_str(),
        "kind": c.kind.as_str(),
        "signer": v.signer,
        "chain": v.chain,
        "signing_time": v.signing_time.map(|t| t.to_rfc3339()),
        "signing_time_source": v.signing_time_source.map(|s| s.as_str()),
        "reason": v.reason,
        "notes": v.notes,
        "warnings": warnings,
    })
}

/// The JSON object of one sent PEC's timeline (`sigillo timeline --json`); the README documents
/// the keys.
pub fn timeline_json(t: &crate::pec::timeline::Timeline) -> Value {
    let refs = |v: &[crate::pec::timeline::ReceiptRef]| {
        v.iter()
            .map(|r| {
                json!({
                    "id": r.id,
                    "kind": r.kind.as_str(),
                    "at": r.at.map(|d| d.to_rfc3339()),
                    "proven": r.proven,
                })
            })
            .collect::<Vec<_>>()
    };
    json!({
        "message_id": t.message_id,
        "identificativo": t.identificativo,
        "subject": t.subject,
        "sent_at": t.sent_at.map(|d| d.to_rfc3339()),
        "sent_id": t.sent_id,
        "from_receipts_only": t.from_receipts_only,
        "acceptance": {
            "state": t.acceptance.state.as_str(),
            "at": t.acceptance.at.map(|d| d.to_rfc3339()),
            "receipt": t.acceptance.receipt,
            "reason": t.acceptance.reason,
        },
        "recipients": t.recipients.iter().map(|r| json!({
            "address": r.address,
            "certified": r.certified,
            "state": r.state.as_str(),
            "at": r.at.map(|d| d.to_rfc3339()),
            "reason": r.reason,
            "receipt_type": r.receipt_type.map(|x| x.as_str()),
            "proof": r.proof,
            "receipts": refs(&r.receipts),
        })).collect::<Vec<_>>(),
        "unassigned": refs(&t.unassigned),
    })
}
/// The JSON object of `sigillo p7m verify --json` (without `file`): the verdict, the document
/// (name, type, size, SHA-256) and every signer.
pub fn document_json(d: &crate::p7m::SignedDocument, lang: Lang) -> Value {
    use sha2::Digest;
    let (v, bytes) = d.content();
    let mut warnings: Vec<String> = d
        .warnings()
        .iter()
        .map(|w| crate::i18n::doc_warning_text(lang, w))
        .collect();
    for s in &v.signers {
        warnings.extend(
            s.notes
                .iter()
                .filter_map(|n| crate::i18n::doc_note_text(lang, n)),
        );
    }
    warnings.dedup();
    json!({
        "status": v.status.as_str(),
        "status_text": crate::i18n::doc_status_label(lang, v.status),
        "form": v.form.as_str(),
        "layers": v.layers,
        "trust_list": v.trust_list,
        "document": {
            "name": d.name(),
            "content_type": d.content_type(),
            "size": bytes.len(),
            "sha256": hex::encode(sha2::Sha256::digest(bytes)),
        },
        "signers": v.signers,
        "reason": v.reason,
        "warnings": warnings,
        "warning_codes": d.warnings(),
    })
}

/// The JSON object of an invoice (`sigillo fattura show --json`): the invoice as read (amounts
/// as decimal strings), with the words for its codes in `*_text` keys.
pub fn invoice_json(inv: &crate::fatturapa::Invoice, lang: Lang) -> Value {
    use crate::i18n::{
        document_type_text, invoice_warning_text, nature_text, payment_conditions_text,
        payment_method_text,
    };
    let mut v = serde_json::to_value(inv).unwrap_or(Value::Null);
    v["type"] = json!("invoice");
    if let Some(bodies) = v["bodies"].as_array_mut() {
        for (b, body) in bodies.iter_mut().zip(&inv.bodies) {
            b["document_type_text"] = json!(document_type_text(lang, &body.document_type));
            if let Some(lines) = b["lines"].as_array_mut() {
                for (l, line) in lines.iter_mut().zip(&body.lines) {
                    if let Some(n) = &line.nature {
                        l["nature_text"] = json!(nature_text(lang, n));
                    }
                }
            }
            if let Some(rows) = b["vat_summary"].as_array_mut() {
                for (r, row) in rows.iter_mut().zip(&body.vat_summary) {
                    if let Some(n) = &row.nature {
                        r["nature_text"] = json!(nature_text(lang, n));
                    }
                }
            }
            if let Some(payments) = b["payments"].as_array_mut() {
                for (p, payment) in payments.iter_mut().zip(&body.payments) {
                    p["conditions_text"] =
                        json!(payment_conditions_text(lang, &payment.conditions));
                    if let Some(details) = p["details"].as_array_mut() {
                        for (d, detail) in details.iter_mut().zip(&payment.details) {
                            d["method_text"] = json!(payment_method_text(lang, &detail.method));
                        }
                    }
                }
            }
        }
    }
    v["warning_texts"] = json!(
        inv.warnings
            .iter()
            .map(|w| invoice_warning_text(lang, w))
            .collect::<Vec<_>>()
    );
    v
}

/// The JSON object of an SdI message: its fields, its kind and outcome in words and tone.
pub fn notification_json(n: &crate::fatturapa::Notification, lang: Lang) -> Value {
    let mut v = serde_json::to_value(n).unwrap_or(Value::Null);
    v["type"] = json!("sdi-notification");
    v["kind_text"] = json!(crate::i18n::sdi_kind_label(lang, n.kind));
    v["outcome"] = json!(n.outcome.as_str());
    v["outcome_text"] = json!(crate::i18n::sdi_outcome_text(lang, n.outcome));
    v["tone"] = json!(n.outcome.tone());
    v
}
