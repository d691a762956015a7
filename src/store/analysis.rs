//! What the store derives from the raw bytes of one message: the PEC classification, the
//! daticert fields, the original message's summary, attachments, the text to search, and the
//! keys that link receipts to their sent message. Computing it touches no database; writing it
//! replaces every derived row of the message in the caller's transaction.

use mail_parser::MessageParser;
use rusqlite::{Transaction, params};

use crate::pec::summary::{self, normalize_msgid};
use crate::pec::{self, Classification, MessageSummary, PecKind, ReceiptType, mime};

/// Version of the derived data. Raising it makes every message due for re-analysis.
/// 2: content read from exactly the signed entity; timelines decided by proven receipts only.
/// 3: REM messages ("PEC europea") read and linked through their evidence.
/// 4: subjects and correspondents also in the `search_head` index (schema 8), addresses with
/// digits also as their words without them.
pub const ANALYSIS_VERSION: i64 = 4;

/// Searchable body text kept per message, at most (bytes).
const MAX_BODY_TEXT: usize = 64 * 1024;

/// One attachment row.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct AttachmentRow {
    pub name: Option<String>,
    pub content_type: String,
    pub size: usize,
    pub sha256: String,
    pub nested_kind: Option<PecKind>,
}

/// The certified facts as the store keeps them (the `cert_*` columns and the recipients),
/// whichever format certified them ([`pec::certification::Certification`]).
#[derive(Debug, Clone)]
pub(super) struct CertFields {
    pub tipo: Option<String>,
    pub errore: String,
    pub errore_esteso: Option<String>,
    pub details: Option<String>,
    pub mittente: Option<String>,
    pub risposte: Option<String>,
    pub oggetto: Option<String>,
    pub gestore: Option<String>,
    pub data: Option<chrono::DateTime<chrono::FixedOffset>>,
    pub identificativo: Option<String>,
    pub msgid: Option<String>,
    pub ricevuta: Option<String>,
    pub consegna: Option<String>,
    pub ricezione: Vec<String>,
    pub destinatari: Vec<pec::Destinatario>,
    /// For REM: the event and reason local names, and the words that find it ("REM").
    pub search_terms: Vec<String>,
}

impl CertFields {
    fn of(c: &Classification) -> Option<CertFields> {
        let cert = c.certification()?;
        let d = c.daticert.as_ref();
        let search_terms = match &c.rem {
            Some(r) => {
                let mut t = vec!["REM".to_owned(), "PEC europea".to_owned()];
                t.extend(r.event_name());
                t.extend(r.reason_name());
                t.extend(r.reason_details());
                t.extend(r.evidence.as_ref().and_then(|e| e.identifier.clone()));
                t
            }
            None => Vec::new(),
        };
        Some(CertFields {
            tipo: cert.event(),
            errore: cert.error(),
            errore_esteso: cert.error_detail(),
            details: cert.details(),
            mittente: cert.sender().map(str::to_owned),
            risposte: d.and_then(|d| d.risposte.clone()),
            oggetto: cert.subject().map(str::to_owned),
            gestore: cert.provider().map(str::to_owned),
            data: cert.time(),
            identificativo: cert.message_ref().map(str::to_owned),
            msgid: cert.client_msgid(),
            ricevuta: d.and_then(|d| d.ricevuta.clone()),
            consegna: cert.consegna(),
            ricezione: cert.about(),
            destinatari: cert.recipients(),
            search_terms,
        })
    }
}

/// Everything derived from one message's bytes.
#[derive(Debug, Clone)]
pub(super) struct Analysis {
    pub kind: PecKind,
    pub receipt_type: Option<ReceiptType>,
    pub sort_date: Option<i64>,
    pub display_date: Option<String>,
    pub display_subject: Option<String>,
    pub display_sender: Option<String>,
    pub outer_subject: Option<String>,
    pub outer_from: Option<String>,
    pub outer_to: Vec<String>,
    pub outer_date: Option<String>,
    pub outer_message_id: Option<String>,
    pub x_riferimento: Option<String>,
    pub x_tipo_ricevuta: Option<String>,
    pub cert: Option<CertFields>,
    pub original: Option<MessageSummary>,
    pub original_size: Option<usize>,
    pub original_sha256: Option<String>,
    pub signature_layout: &'static str,
    pub virus: bool,
    pub warning_codes: Vec<&'static str>,
    pub link_msgid: Option<String>,
    pub link_identificativo: Option<String>,
    pub attachments: Vec<AttachmentRow>,
    pub body_text: String,
}

fn rfc3339(d: Option<chrono::DateTime<chrono::FixedOffset>>) -> Option<String> {
    d.map(|d| d.to_rfc3339())
}

fn addresses(s: &MessageSummary) -> Vec<String> {
    s.to.iter()
        .chain(s.cc.iter())
        .map(|m| m.address.clone())
        .filter(|a| !a.is_empty())
        .collect()
}

fn attachment_rows(s: &MessageSummary) -> Vec<AttachmentRow> {
    s.attachments
        .iter()
        .map(|a| AttachmentRow {
            name: a.name.clone(),
            content_type: a.content_type.clone(),
            size: a.size,
            sha256: a.sha256.clone(),
            nested_kind: a.pec.as_ref().map(|p| p.kind),
        })
        .collect()
}

fn cap(mut s: String) -> String {
    if s.len() > MAX_BODY_TEXT {
        let mut end = MAX_BODY_TEXT;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
    }
    s
}

/// The attachments and body text of a message that is not a PEC envelope.
fn own_content(raw: &[u8]) -> (Vec<AttachmentRow>, String) {
    std::panic::catch_unwind(|| {
        let Some(msg) = MessageParser::default().parse(raw) else {
            return (Vec::new(), String::new());
        };
        let view = mime::View::top(&msg);
        let s = summary::summarize(&view, |b| {
            let c = pec::classify(b);
            c.kind.is_pec().then(|| Box::new(c))
        });
        let text = msg
            .body_text(0)
            .map(|t| cap(t.into_owned()))
            .unwrap_or_default();
        (attachment_rows(&s), text)
    })
    .unwrap_or_default()
}

/// Derives everything from the raw bytes. Never panics. The content is read from exactly the
/// signed entity when there is one (`pec::read`), as the verifier checks it.
pub(super) fn analyse(raw: &[u8]) -> Analysis {
    let reading = pec::read(raw);
    from_classification(reading.source(raw), &reading.classification)
}

/// [`analyse`], and the provider signature checked: the certified view of the message
/// (`verify::open_at`), so the stored analysis, the search index and the stored outcome all
/// come from the bytes the verifier checked.
pub(super) fn analyse_verified(
    raw: &[u8],
    trust: &crate::verify::TrustList,
    now: chrono::DateTime<chrono::Utc>,
) -> (Analysis, crate::verify::Verification) {
    let certified = crate::verify::open_at(raw, trust, now);
    let analysis = from_classification(certified.source(raw), certified.content().1);
    (analysis, certified.into_parts().0)
}

/// The analysis of a message larger than [`pec::MAX_CLASSIFIED_BYTES`], without its bytes.
pub(super) fn too_large() -> Analysis {
    from_classification(&[], &Classification::too_large())
}

/// The analysis of a classification read from `source` (the signed entity with the envelope's
/// header fields, or the whole message when it has no readable signature).
fn from_classification(source: &[u8], c: &Classification) -> Analysis {
    let h = &c.headers;
    let cert = CertFields::of(c);
    let d = cert.as_ref();
    let (attachments, body) = match (&c.original, c.kind) {
        (_, PecKind::Illeggibile) => (Vec::new(), String::new()),
        (Some(o), _) => (
            attachment_rows(&o.summary),
            if c.kind.is_notification() {
                String::new()
            } else {
                cap(o.text.clone())
            },
        ),
        (None, k) if k.is_notification() => (Vec::new(), String::new()),
        (None, _) => own_content(source),
    };
    let cert_date = d.and_then(|d| d.data);
    let best_date = cert_date
        .or(h.summary.date)
        .or_else(|| c.original.as_ref().and_then(|o| o.summary.date));
    let is_notice = c.kind.is_notification();
    let link_msgid = if is_notice {
        d.and_then(|d| d.msgid.as_deref())
            .or(h.x_riferimento_message_id.as_deref())
            .or(c
                .rem
                .as_ref()
                .and_then(|r| r.headers.ua_message_id.as_deref()))
    } else {
        h.summary.message_id.as_deref()
    }
    .map(normalize_msgid)
    .filter(|m| !m.is_empty());
    let link_identificativo = if is_notice {
        d.and_then(|d| d.identificativo.as_deref())
            .map(normalize_msgid)
            .filter(|m| !m.is_empty())
    } else {
        None
    };
    let mut warning_codes: Vec<&'static str> = c.warnings.iter().map(|w| w.code()).collect();
    warning_codes.dedup();
    Analysis {
        kind: c.kind,
        receipt_type: c.receipt_type,
        sort_date: best_date.map(|t| t.timestamp()),
        display_date: rfc3339(best_date),
        display_subject: c.display_subject().map(str::to_owned),
        display_sender: c.display_sender().map(str::to_owned),
        outer_subject: h.summary.subject.clone(),
        outer_from: h.summary.from.as_ref().map(|m| m.address.clone()),
        outer_to: addresses(&h.summary),
        outer_date: rfc3339(h.summary.date),
        outer_message_id: h.summary.message_id.clone(),
        x_riferimento: h.x_riferimento_message_id.clone(),
        x_tipo_ricevuta: h.x_tipo_ricevuta.clone(),
        cert,
        original: c.original.as_ref().map(|o| o.summary.clone()),
        original_size: c.original.as_ref().map(|o| o.bytes.len()),
        original_sha256: c.original.as_ref().map(|o| {
            use sha2::Digest;
            hex::encode(sha2::Sha256::digest(&o.bytes))
        }),
        signature_layout: match c.signature {
            pec::SignatureLayout::None => "none",
            pec::SignatureLayout::Detached { .. } => "multipart-signed",
            pec::SignatureLayout::Opaque => "pkcs7-mime",
        },
        virus: warning_codes.contains(&"virus-reported"),
        warning_codes,
        link_msgid,
        link_identificativo,
        attachments,
        body_text: body,
    }
}

/// The correspondents as the index of subjects and correspondents holds them: each address,
/// and, for one with digits in it, its words without them, so that "rossi" is a whole word of
/// `mario.rossi82@pec.it` (the full index keeps `rossi82` alone).
fn head_addresses(addresses: &str) -> String {
    let mut out = addresses.to_owned();
    for line in addresses
        .lines()
        .filter(|l| l.bytes().any(|b| b.is_ascii_digit()))
    {
        out.push('\n');
        out.extend(
            line.chars()
                .map(|c| if c.is_ascii_digit() { ' ' } else { c }),
        );
    }
    out
}

fn json_list(v: &[String]) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "[]".into())
}

fn push_unique(out: &mut Vec<String>, v: Option<&str>) {
    if let Some(v) = v.map(str::trim).filter(|v| !v.is_empty())
        && !out.iter().any(|x| x == v)
    {
        out.push(v.to_owned());
    }
}

impl Analysis {
    fn search_fields(&self) -> [String; 5] {
        let d = self.cert.as_ref();
        let o = self.original.as_ref();
        let mut subject = Vec::new();
        push_unique(&mut subject, self.outer_subject.as_deref());
        push_unique(&mut subject, d.and_then(|d| d.oggetto.as_deref()));
        push_unique(&mut subject, o.and_then(|o| o.subject.as_deref()));
        let mut addrs = Vec::new();
        push_unique(&mut addrs, self.outer_from.as_deref());
        for a in &self.outer_to {
            push_unique(&mut addrs, Some(a));
        }
        if let Some(d) = d {
            push_unique(&mut addrs, d.mittente.as_deref());
            push_unique(&mut addrs, d.risposte.as_deref());
            push_unique(&mut addrs, d.consegna.as_deref());
            for x in &d.destinatari {
                push_unique(&mut addrs, Some(&x.address));
            }
            for x in &d.ricezione {
                push_unique(&mut addrs, Some(x));
            }
        }
        if let Some(o) = o {
            push_unique(&mut addrs, o.from.as_ref().map(|m| m.address.as_str()));
            push_unique(&mut addrs, o.from.as_ref().and_then(|m| m.name.as_deref()));
            for m in o.to.iter().chain(o.cc.iter()) {
                push_unique(&mut addrs, Some(&m.address));
            }
        }
        let names: Vec<String> = self
            .attachments
            .iter()
            .filter_map(|a| a.name.clone())
            .collect();
        let mut cert = Vec::new();
        if let Some(d) = d {
            for v in [
                d.tipo.as_deref(),
                d.gestore.as_deref(),
                d.identificativo.as_deref(),
                d.msgid.as_deref(),
                d.details.as_deref(),
                d.ricevuta.as_deref(),
            ] {
                push_unique(&mut cert, v);
            }
            for t in &d.search_terms {
                push_unique(&mut cert, Some(t));
            }
        }
        push_unique(&mut cert, Some(self.kind.as_str()));
        [
            subject.join("\n"),
            addrs.join("\n"),
            self.body_text.clone(),
            names.join("\n"),
            cert.join("\n"),
        ]
    }
}

/// Replaces the derived data of message `id` with `a`, in the caller's transaction.
pub(super) fn write(tx: &Transaction<'_>, id: i64, a: &Analysis) -> rusqlite::Result<()> {
    let d = a.cert.as_ref();
    let o = a.original.as_ref();
    let stored_at: i64 = tx
        .prepare_cached("SELECT stored_at FROM messages WHERE id = ?1")?
        .query_row([id], |r| r.get(0))?;
    let sort_date = a.sort_date.unwrap_or(stored_at);
    tx.prepare_cached(
        "UPDATE messages SET
            analysis_version = ?2, sort_date = ?3, display_date = ?4, kind = ?5,
            receipt_type = ?6, display_subject = ?7, display_sender = ?8, outer_subject = ?9,
            outer_from = ?10, outer_to = ?11, outer_date = ?12, outer_message_id = ?13,
            x_riferimento_message_id = ?14, x_tipo_ricevuta = ?15, cert_tipo = ?16,
            cert_errore = ?17, cert_errore_esteso = ?18, cert_mittente = ?19,
            cert_risposte = ?20, cert_oggetto = ?21, cert_gestore = ?22, cert_data = ?23,
            cert_identificativo = ?24, cert_msgid = ?25, cert_ricevuta = ?26,
            cert_consegna = ?27, cert_ricezione = ?28, original_message_id = ?29,
            original_subject = ?30, original_from = ?31, original_to = ?32,
            original_date = ?33, original_size = ?34, original_sha256 = ?35,
            signature_layout = ?36, virus = ?37, warning_codes = ?38, link_msgid = ?39,
            link_identificativo = ?40
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        ANALYSIS_VERSION,
        sort_date,
        a.display_date,
        a.kind.as_str(),
        a.receipt_type.map(ReceiptType::as_str),
        a.display_subject,
        a.display_sender,
        a.outer_subject,
        a.outer_from,
        json_list(&a.outer_to),
        a.outer_date,
        a.outer_message_id,
        a.x_riferimento,
        a.x_tipo_ricevuta,
        d.and_then(|d| d.tipo.clone()),
        d.map(|d| d.errore.clone()),
        d.and_then(|d| d.errore_esteso.clone()),
        d.and_then(|d| d.mittente.clone()),
        d.and_then(|d| d.risposte.clone()),
        d.and_then(|d| d.oggetto.clone()),
        d.and_then(|d| d.gestore.clone()),
        d.and_then(|d| d.data).map(|t| t.to_rfc3339()),
        d.and_then(|d| d.identificativo.clone()),
        d.and_then(|d| d.msgid.clone()),
        d.and_then(|d| d.ricevuta.clone()),
        d.and_then(|d| d.consegna.clone()),
        d.map(|d| json_list(&d.ricezione)),
        o.and_then(|o| o.message_id.clone()),
        o.and_then(|o| o.subject.clone()),
        o.and_then(|o| o.from.as_ref().map(|m| m.address.clone())),
        o.map(|o| json_list(&addresses(o))),
        rfc3339(o.and_then(|o| o.date)),
        a.original_size.map(|s| s as i64),
        a.original_sha256,
        a.signature_layout,
        a.virus,
        serde_json::to_string(&a.warning_codes).unwrap_or_else(|_| "[]".into()),
        a.link_msgid,
        a.link_identificativo,
    ])?;
    tx.prepare_cached("UPDATE copies SET sort_date = ?2 WHERE message_id = ?1")?
        .execute(params![id, sort_date])?;

    tx.prepare_cached("DELETE FROM recipients WHERE message_id = ?1")?
        .execute([id])?;
    if let Some(d) = d {
        let mut ins = tx.prepare_cached(
            "INSERT INTO recipients (message_id, position, address, tipo) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (i, x) in d.destinatari.iter().enumerate() {
            ins.execute(params![id, i as i64, x.address, x.tipo.as_str()])?;
        }
    }
    tx.prepare_cached("DELETE FROM attachments WHERE message_id = ?1")?
        .execute([id])?;
    {
        let mut ins = tx.prepare_cached(
            "INSERT INTO attachments (message_id, position, name, content_type, size, sha256, nested_kind)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        for (i, x) in a.attachments.iter().enumerate() {
            ins.execute(params![
                id,
                i as i64,
                x.name,
                x.content_type,
                x.size as i64,
                x.sha256,
                x.nested_kind.map(|k| k.as_str()),
            ])?;
        }
    }
    Ok(())
}

/// Writes the search index rows of message `id` (none for another copy of a listed message:
/// it is found through that one). Called after every other write of the transaction: each
/// later statement that may abort makes SQLite open a statement savepoint, and FTS5 writes
/// its pending terms to disk at every savepoint, so searching rows written between other
/// statements would be flushed one message at a time (a tiny index segment each, merged again
/// and again) instead of once per transaction.
pub(super) fn write_search(tx: &Transaction<'_>, id: i64, a: &Analysis) -> rusqlite::Result<()> {
    let copy_of: Option<i64> = tx
        .prepare_cached("SELECT copy_of FROM messages WHERE id = ?1")?
        .query_row([id], |r| r.get(0))?;
    tx.prepare_cached("DELETE FROM search WHERE rowid = ?1")?
        .execute([id])?;
    tx.prepare_cached("DELETE FROM search_head WHERE rowid = ?1")?
        .execute([id])?;
    if copy_of.is_some() {
        // Another copy of a message already listed: found through that one.
        return Ok(());
    }
    let [subject, addrs, body, names, cert] = a.search_fields();
    tx.prepare_cached(
        "INSERT INTO search (rowid, subject, addresses, body, attachments, certified)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![id, subject, addrs, body, names, cert])?;
    tx.prepare_cached("INSERT INTO search_head (rowid, subject, addresses) VALUES (?1, ?2, ?3)")?
        .execute(params![id, subject, head_addresses(&addrs)])?;
    Ok(())
}
