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
//!
//! A sent message is recognised however it got into the store (an mbox or .eml imported from
//! anywhere, not only a Sent folder): an ordinary message whose Message-ID a receipt names
//! (daticert `msgid`) and whose sender is the receipt's certified sender (`mittente`) is the
//! sent message, provided that receipt's signature is valid: a forged receipt cannot make any
//! message of the archive look like one the user sent. A message that is only another copy of
//! one already stored (`copy_of`, see `merge`) takes no part.

use std::collections::BTreeSet;

use chrono::{DateTime, FixedOffset};
use rusqlite::{Connection, OptionalExtension, params};

use crate::pec::timeline::{self, Notice, Sent, Timeline};
use crate::pec::{Destinatario, PecKind, ReceiptType, RecipientType};

fn parse_time(s: Option<String>) -> Option<DateTime<FixedOffset>> {
    s.and_then(|s| DateTime::parse_from_rfc3339(&s).ok())
}

fn json_strings(s: Option<String>) -> Vec<String> {
    s.and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default()
}

/// kind, link_msgid, link_identificativo, transmission_id, is_sent, copy_of, outer_from.
type LinkRow = (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<i64>,
    bool,
    Option<i64>,
    Option<String>,
);

/// The notification kinds, as stored (for SQL).
const NOTICE_KINDS: &str = "('accettazione', 'non-accettazione', 'presa-in-carico', \
    'avvenuta-consegna', 'errore-consegna', 'preavviso-errore-consegna', 'rilevazione-virus')";

/// True when a receipt whose signature is valid names `msgid` as its message and `from` as
/// its certified sender.
fn proven_receipt_names(
    conn: &Connection,
    msgid: &str,
    from: Option<&str>,
) -> rusqlite::Result<bool> {
    let Some(from) = from.filter(|f| !f.trim().is_empty()) else {
        return Ok(false);
    };
    conn.prepare_cached(&format!(
        "SELECT EXISTS (SELECT 1 FROM messages n
            WHERE n.link_msgid = ?1 AND n.kind IN {NOTICE_KINDS} AND n.sig_status = 'valid'
              AND n.copy_of IS NULL
              AND lower(trim(n.cert_mittente)) = lower(trim(?2)))"
    ))?
    .query_row(params![msgid, from], |r| r.get(0))
}

/// Links the ordinary messages a proven receipt `id` names as its sent message (see the
/// module's notes), wherever they came from.
fn claim_sent_messages(
    conn: &Connection,
    id: i64,
    dirty: &mut BTreeSet<i64>,
) -> rusqlite::Result<()> {
    let row: Option<(Option<String>, Option<String>)> = conn
        .prepare_cached(&format!(
            "SELECT link_msgid, cert_mittente FROM messages
             WHERE id = ?1 AND kind IN {NOTICE_KINDS} AND sig_status = 'valid'"
        ))?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((Some(msgid), Some(mittente))) = row else {
        return Ok(());
    };
    let candidates: Vec<i64> = conn
        .prepare_cached(
            "SELECT id FROM messages
             WHERE link_msgid = ?1 AND kind = 'ordinaria' AND copy_of IS NULL
               AND transmission_id IS NULL
               AND lower(trim(outer_from)) = lower(trim(?2))",
        )?
        .query_map(params![msgid, mittente], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for c in candidates {
        link(conn, c, dirty)?;
    }
    Ok(())
}

/// Links again the messages of transmissions whose receipts' proof may have changed (their
/// signatures were checked again): a sent message recognised by its receipts alone stays only
/// while one of them is proven, and a newly proven receipt claims its sent message.
pub(super) fn relink_after_verification(
    conn: &Connection,
    ids: &[i64],
    dirty: &mut BTreeSet<i64>,
) -> rusqlite::Result<()> {
    for &id in ids {
        claim_sent_messages(conn, id, dirty)?;
    }
    let members: Vec<i64> = {
        let mut stmt = conn.prepare_cached(
            "SELECT id FROM messages WHERE transmission_id = ?1 AND kind = 'ordinaria'",
        )?;
        let mut out = Vec::new();
        for &t in dirty.iter() {
            out.extend(
                stmt.query_map([t], |r| r.get::<_, i64>(0))?
                    .collect::<rusqlite::Result<Vec<_>>>()?,
            );
        }
        out
    };
    for m in members {
        link(conn, m, dirty)?;
    }
    Ok(())
}

/// Adds message `id` to the transmission its keys lead to (merging transmissions it bridges),
/// or takes it out of any transmission when it is not a member. Touched transmissions are added
/// to `dirty`.
pub(super) fn link(conn: &Connection, id: i64, dirty: &mut BTreeSet<i64>) -> rusqlite::Result<()> {
    let tx = conn;
    let row: Option<LinkRow> = tx
        .prepare_cached(
            "SELECT kind, link_msgid, link_identificativo, transmission_id,
                    EXISTS (SELECT 1 FROM copies c WHERE c.message_id = m.id AND c.is_sent),
                    copy_of, outer_from
             FROM messages m WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })
        .optional()?;
    let Some((kind, msgid, ident, current, is_sent, copy_of, from)) = row else {
        return Ok(());
    };
    let kind = kind.as_deref().and_then(PecKind::parse);
    let notice = kind.is_some_and(|k| k.is_notification());
    let sent_by_receipts = kind == Some(PecKind::Ordinaria)
        && !is_sent
        && match msgid.as_deref() {
            Some(m) => proven_receipt_names(tx, m, from.as_deref())?,
            None => false,
        };
    let member = copy_of.is_none()
        && (notice
            || sent_by_receipts
            || (is_sent && kind.is_some_and(|k| k != PecKind::Illeggibile)));
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
    if notice {
        claim_sent_messages(tx, id, dirty)?;
    }
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

/// The members of a transmission: its sent message and its notices. When several messages
/// carry the sent message's Message-ID, one the user's own mail holds (sent by Sigillo or seen
/// in a Sent folder) comes before one recognised by its receipts alone (an archive's copy,
/// which anyone who knew the Message-ID and the sender could have made); the earliest stored
/// among equals.
pub(super) fn members(
    conn: &rusqlite::Connection,
    t: i64,
) -> rusqlite::Result<(Option<Sent>, Vec<Notice>)> {
    let ids: Vec<(i64, Option<String>, bool)> = conn
        .prepare_cached(
            "SELECT id, kind,
                    EXISTS (SELECT 1 FROM copies c WHERE c.message_id = m.id AND c.is_sent)
             FROM messages m WHERE transmission_id = ?1 ORDER BY id",
        )?
        .query_map([t], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut sent: Option<(bool, i64)> = None;
    let mut notices = Vec::new();
    for (id, kind, own) in ids {
        let kind = kind.as_deref().and_then(PecKind::parse);
        if kind.is_some_and(|k| k.is_notification()) {
            notices.push(load_notice(conn, id)?);
        } else if sent.is_none_or(|(best_own, _)| own && !best_own) {
            sent = Some((own, id));
        }
    }
    let sent = sent.map(|(_, id)| load_sent(conn, id)).transpose()?;
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
