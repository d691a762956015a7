//! The machine-readable description of a classified message (`sigillo inspect --json`).
//! The schema is documented in the README; keys follow the daticert element names with `-`
//! turned into `_`.

use serde_json::{Value, json};

use crate::i18n::{Lang, warning_text};
use crate::pec::{Classification, Daticert, Mailbox, MessageSummary, OriginalMessage};

/// The JSON object for one classified message, without the `file` key.
pub fn classification_json(c: &Classification, lang: Lang) -> Value {
    json!({
        "format": c.format().as_str(),
        "rem": c.rem.as_ref().map(|r| rem_json(r, lang)),
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

/// One party of a REM evidence: address, identity attributes, assurance level.
fn party_json(p: &crate::pec::rem::evidence::Party) -> Value {
    json!({
        "address": p.address,
        "name": p.name(),
        "identity": p.identity.iter().map(|(k, v)| json!({"attribute": k, "value": v})).collect::<Vec<_>>(),
        "assurance_level": p.assurance_level,
        "authentication_time": p.authentication_time,
    })
}

/// The fields of a REM evidence (`evidence` inside the `rem` object, and `sigillo verify
/// FILE.xml`).
pub fn evidence_json(e: &crate::pec::rem::evidence::Evidence, lang: Lang) -> Value {
    let outside = e.outside_rem();
    json!({
        "identifier": e.identifier,
        "event": e.event_uri.as_deref().map(crate::pec::rem::event::local_name),
        "reasons": e.reasons.iter().map(|r| json!({
            "code": r.name(),
            "text": crate::i18n::rem_reason_text(lang, r.name()),
            "details": r.details,
        })).collect::<Vec<_>>(),
        "event_time": e.event_time,
        "submission_time": e.submission_time,
        "policies": e.policies,
        "provider": party_json(&e.issuer),
        "sender": party_json(&e.sender),
        "recipients": e.recipients.iter().map(|p| {
            let mut v = party_json(p);
            v["outside_rem"] = json!(p.address.as_ref().is_some_and(|a| outside.contains(a)));
            v
        }).collect::<Vec<_>>(),
        "refers_to": e.refers_to(),
        "message_identifier": e.message_identifier,
        "ua_message_id": e.app_layer_identifier,
        "original_digest": e.original_digest().map(|d| json!({
            "algorithm": d.algorithm,
            "value": d.value,
        })),
        "external_provider": e.external_erds.as_ref().map(party_json),
        "forwarded_to_external_system": e.forwarded_to_external_system,
        "subject": e.subject,
        "signed": e.signed,
    })
}

/// The `rem` object of `sigillo inspect --json`: the event and reason (ETSI local names, the
/// reason also in words), the message type, identifiers, policies and the evidence's fields.
pub fn rem_json(r: &crate::pec::rem::RemMessage, lang: Lang) -> Value {
    let ev = r.evidence.as_ref();
    json!({
        "event": r.event_name(),
        "event_text": r.event_name().map(|e| crate::i18n::rem_event_label(lang, &e)),
        "reason": r.reason_name(),
        "reason_text": r.reason_name().map(|x| crate::i18n::rem_reason_text(lang, &x)),
        "reason_details": r.reason_details(),
        "message_type": r.message_type().as_str(),
        "evidence_id": ev.and_then(|e| e.identifier.clone()).or_else(|| r.headers.evidence_id.clone()),
        "ua_message_id": r.ua_message_id(),
        "policies": if ev.is_some_and(|e| !e.policies.is_empty()) {
            ev.map(|e| e.policies.clone()).unwrap_or_default()
        } else {
            r.headers.policies.clone()
        },
        "applicable_policies": r.headers.policies,
        "event_time": ev.and_then(|e| e.event_time.clone()),
        "submission_time": ev.and_then(|e| e.submission_time.clone()),
        "sender": ev.map(|e| party_json(&e.sender)),
        "recipients": ev.map(|e| evidence_json(e, lang)["recipients"].clone()),
        "provider": ev.map(|e| party_json(&e.issuer)),
        "original_digest": ev.and_then(|e| e.original_digest()).map(|d| json!({
            "algorithm": d.algorithm,
            "value": d.value,
        })),
        "refers_to": r.refers_to(),
        "digest_check": r.digest,
        "evidence_file": r.evidence_name,
        "sections": r.sections,
        "headers": r.headers,
        "evidence": ev.map(|e| evidence_json(e, lang)),
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
        "format": c.format().as_str(),
        "kind": c.kind.as_str(),
        "rem": c.rem.as_ref().map(|r| rem_json(r, lang)),
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
