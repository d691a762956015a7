//! Linking receipts to their sent message, whatever the order they arrive in.
//!
//! A *transmission* groups one sent PEC with every receipt that references it. Each member
//! contributes keys: `m:<client Message-ID>` (the sent message's Message-ID; a receipt's
//! daticert `<msgid>` or `X-Riferimento-Message-ID`) and `p:<identificativo>` (the PEC id in a
//! receipt's daticert). Members sharing a key belong together, so a transmission is a connected
//! component of that relation: when a message links two transmissions they merge. The result is
//! the same for any arrival order. A receipt whose message is absent stays in a transmission of
//! its own (an orphan) until the message or its acceptance arrives.
//!
//! A transmission counts as sent (and shows in the timeline) when it holds a sent message (in a
//! Sent folder or sent by Sigillo) or an acceptance / non-acceptance receipt: the acceptance
//! receipt lists the recipients, so the timeline can be built from receipts alone.

use std::collections::BTreeSet;

use chrono::{DateTime, FixedOffset};
use rusqlite::{OptionalExtension, Transaction, params};

use crate::pec::timeline::{self, Notice, Sent, Timeline};
use crate::pec::{Destinatario, PecKind, ReceiptType, RecipientType};

fn parse_time(s: Option<String>) -> Option<DateTime<FixedOffset>> {
    s.and_then(|s| DateTime::parse_from_rfc3339(&s).ok())
}

fn json_strings(s: Option<String>) -> Vec<String> {
    s.and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default()
}

/// kind, link_msgid, link_identificativo, transmission_id, is_sent.
type LinkRow = (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<i64>,
    bool,
);

/// Adds message `id` to the transmission its keys lead to (merging transmissions it bridges),
/// or takes it out of any transmission when it is not a member. Touched transmissions are added
/// to `dirty`.
pub(super) fn link(
    tx: &Transaction<'_>,
    id: i64,
    dirty: &mut BTreeSet<i64>,
) -> rusqlite::Result<()> {
    let row: Option<LinkRow> = tx
        .prepare_cached(
            "SELECT kind, link_msgid, link_identificativo, transmission_id,
                    EXISTS (SELECT 1 FROM copies c WHERE c.message_id = m.id AND c.is_sent)
             FROM messages m WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .optional()?;
    let Some((kind, msgid, ident, current, is_sent)) = row else {
        return Ok(());
    };
    let kind = kind.as_deref().and_then(PecKind::parse);
    let notice = kind.is_some_and(|k| k.is_notification());
    let member = notice || (is_sent && kind.is_some_and(|k| k != PecKind::Illeggibile));
    if !member {
        if let Some(t) = current {
            tx.prepare_cached("UPDATE messages SET transmission_id = NULL WHERE id = ?1")?
                .execute([id])?;
            dirty.insert(t);
        }
        return Ok(());
    }
    let mut keys: Vec<String> = Vec::new();
    if let Some(m) = msgid {
        keys.push(format!("m:{m}"));
    }
    if notice && let Some(p) = ident {
        keys.push(format!("p:{p}"));
    }
    if keys.is_empty() {
        keys.push(format!("s:{id}"));
    }
    let mut found: BTreeSet<i64> = current.into_iter().collect();
    {
        let mut q =
            tx.prepare_cached("SELECT transmission_id FROM transmission_keys WHERE key = ?1")?;
        for k in &keys {
            if let Some(t) = q.query_row([k], |r| r.get::<_, i64>(0)).optional()? {
                found.insert(t);
            }
        }
    }
    let target = match found.first() {
        Some(&t) => t,
        None => {
            tx.prepare_cached("INSERT INTO transmissions DEFAULT VALUES")?
                .execute([])?;
            tx.last_insert_rowid()
        }
    };
    for &other in found.iter().filter(|&&t| t != target) {
        tx.prepare_cached(
            "UPDATE transmission_keys SET transmission_id = ?1 WHERE transmission_id = ?2",
        )?
        .execute(params![target, other])?;
        tx.prepare_cached("UPDATE messages SET transmission_id = ?1 WHERE transmission_id = ?2")?
            .execute(params![target, other])?;
        tx.prepare_cached("DELETE FROM transmissions WHERE id = ?1")?
            .execute([other])?;
        dirty.remove(&other);
    }
    {
        let mut ins = tx.prepare_cached(
            "INSERT OR IGNORE INTO transmission_keys (key, transmission_id) VALUES (?1, ?2)",
        )?;
        for k in &keys {
            ins.execute(params![k, target])?;
        }
    }
    tx.prepare_cached("UPDATE messages SET transmission_id = ?1 WHERE id = ?2")?
        .execute(params![target, id])?;
    dirty.insert(target);
    Ok(())
}

/// Recomputes every transmission in `dirty`.
pub(super) fn recompute_all(
    tx: &rusqlite::Connection,
    dirty: &BTreeSet<i64>,
) -> rusqlite::Result<()> {
    for &t in dirty {
        recompute(tx, t)?;
    }
    Ok(())
}

/// Loads the facts of a stored receipt.
pub(super) fn load_notice(conn: &rusqlite::Connection, id: i64) -> rusqlite::Result<Notice> {
    let mut n = conn
        .prepare_cached(
            "SELECT kind, cert_data, outer_date, link_identificativo, link_msgid, cert_consegna,
                    cert_ricezione, cert_errore, cert_errore_esteso, virus, receipt_type,
                    cert_oggetto, sig_status = 'valid'
             FROM messages WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok(Notice {
                id,
                kind: r
                    .get::<_, Option<String>>(0)?
                    .as_deref()
                    .and_then(PecKind::parse)
                    .unwrap_or(PecKind::Ordinaria),
                at: parse_time(r.get(1)?).or(parse_time(r.get(2)?)),
                identificativo: r.get(3)?,
                msgid: r.get(4)?,
                destinatari: Vec::new(),
                consegna: r.get(5)?,
                ricezione: json_strings(r.get(6)?),
                errore: r
                    .get::<_, Option<String>>(7)?
                    .unwrap_or_else(|| "nessuno".into()),
                errore_esteso: r.get(8)?,
                virus: r.get(9)?,
                receipt_type: r
                    .get::<_, Option<String>>(10)?
                    .as_deref()
                    .and_then(ReceiptType::parse),
                subject: r.get(11)?,
                proven: r.get::<_, Option<bool>>(12)?.unwrap_or(false),
            })
        })?;
    let mut stmt = conn.prepare_cached(
        "SELECT address, tipo FROM recipients WHERE message_id = ?1 ORDER BY position",
    )?;
    n.destinatari = stmt
        .query_map([id], |r| {
            Ok(Destinatario {
                address: r.get(0)?,
                tipo: RecipientType::parse(&r.get::<_, String>(1)?)
                    .unwrap_or(RecipientType::Certificato),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(n)
}

/// Loads the facts of a stored sent message.
pub(super) fn load_sent(conn: &rusqlite::Connection, id: i64) -> rusqlite::Result<Sent> {
    conn.prepare_cached(
        "SELECT link_msgid, outer_subject, outer_from, outer_date, outer_to FROM messages
         WHERE id = ?1",
    )?
    .query_row([id], |r| {
        Ok(Sent {
            id,
            message_id: r.get(0)?,
            subject: r.get(1)?,
            from: r.get(2)?,
            date: parse_time(r.get(3)?),
            recipients: json_strings(r.get(4)?),
        })
    })
}

/// The members of a transmission: its sent message (the earliest stored, when several carry
/// the same Message-ID) and its notices.
pub(super) fn members(
    conn: &rusqlite::Connection,
    t: i64,
) -> rusqlite::Result<(Option<Sent>, Vec<Notice>)> {
    let ids: Vec<(i64, Option<String>)> = conn
        .prepare_cached("SELECT id, kind FROM messages WHERE transmission_id = ?1 ORDER BY id")?
        .query_map([t], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut sent = None;
    let mut notices = Vec::new();
    for (id, kind) in ids {
        let kind = kind.as_deref().and_then(PecKind::parse);
        if kind.is_some_and(|k| k.is_notification()) {
            notices.push(load_notice(conn, id)?);
        } else if sent.is_none() {
            sent = Some(load_sent(conn, id)?);
        }
    }
    Ok((sent, notices))
}

fn recompute(tx: &rusqlite::Connection, t: i64) -> rusqlite::Result<()> {
    let (sent, notices) = members(tx, t)?;
    if sent.is_none() && notices.is_empty() {
        tx.prepare_cached("DELETE FROM transmissions WHERE id = ?1")?
            .execute([t])?;
        return Ok(());
    }
    let counts = sent.is_some()
        || notices
            .iter()
            .any(|n| matches!(n.kind, PecKind::Accettazione | PecKind::NonAccettazione));
    let tl = timeline::build(sent.as_ref(), &notices);
    save(tx, t, counts, &tl)
}

fn refs_json(refs: &[timeline::ReceiptRef]) -> String {
    serde_json::to_string(
        &refs
            .iter()
            .map(|r| {
                serde_json::json!({
                    "id": r.id,
                    "kind": r.kind.as_str(),
                    "at": r.at.map(|t| t.to_rfc3339()),
                    "proven": r.proven,
                })
            })
            .collect::<Vec<_>>(),
    )
    .unwrap_or_else(|_| "[]".into())
}

fn save(tx: &rusqlite::Connection, t: i64, counts: bool, tl: &Timeline) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "UPDATE transmissions SET sent_message_id = ?2, counts_as_sent = ?3,
            from_receipts_only = ?4, message_id = ?5, identificativo = ?6, subject = ?7,
            sent_at = ?8, sort_date = ?9, acceptance = ?10, acceptance_at = ?11,
            acceptance_receipt = ?12, acceptance_reason = ?13, unassigned = ?14
         WHERE id = ?1",
    )?
    .execute(params![
        t,
        tl.sent_id,
        counts,
        tl.from_receipts_only,
        tl.message_id,
        tl.identificativo,
        tl.subject,
        tl.sent_at.map(|d| d.to_rfc3339()),
        tl.sent_at.map(|d| d.timestamp()),
        tl.acceptance.state.as_str(),
        tl.acceptance.at.map(|d| d.to_rfc3339()),
        tl.acceptance.receipt,
        tl.acceptance.reason,
        refs_json(&tl.unassigned),
    ])?;
    tx.prepare_cached("DELETE FROM timeline_rows WHERE transmission_id = ?1")?
        .execute([t])?;
    let mut ins = tx.prepare_cached(
        "INSERT INTO timeline_rows (transmission_id, position, address, certified, state,
            state_at, reason, receipt_type, proof, receipts, waiting_since)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    for (i, r) in tl.recipients.iter().enumerate() {
        ins.execute(params![
            t,
            i as i64,
            r.address,
            r.certified,
            r.state.as_str(),
            r.at.map(|d| d.to_rfc3339()),
            r.reason,
            r.receipt_type.map(|x| x.as_str()),
            serde_json::to_string(&r.proof).unwrap_or_else(|_| "[]".into()),
            refs_json(&r.receipts),
            r.waiting_since.map(|d| d.timestamp()),
        ])?;
    }
    Ok(())
}

/// Reads back the receipts JSON written by [`save`].
pub(super) fn parse_refs(s: &str) -> Vec<timeline::ReceiptRef> {
    let v: Vec<serde_json::Value> = serde_json::from_str(s).unwrap_or_default();
    v.into_iter()
        .filter_map(|x| {
            Some(timeline::ReceiptRef {
                id: x.get("id")?.as_i64()?,
                kind: PecKind::parse(x.get("kind")?.as_str()?)?,
                at: x
                    .get("at")
                    .and_then(|a| a.as_str())
                    .and_then(|a| DateTime::parse_from_rfc3339(a).ok()),
                // Rows written before proof was recorded prove nothing until recomputed.
                proven: x.get("proven").and_then(|p| p.as_bool()).unwrap_or(false),
            })
        })
        .collect()
}
