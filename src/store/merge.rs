//! One sent message, one entry: the copy Sigillo stored when it sent a message and the copy the
//! sync brings back from the server's Sent folder are the same message, even when the server
//! rewrote a header and the bytes differ. They are told apart from other mail by what only the
//! user's own sent mail has: an ordinary (non-PEC) message, seen in a Sent folder or sent by
//! Sigillo, with the same Message-ID and the same sender.
//!
//! Both copies stay byte-exact: the later one keeps its `messages` row and raw bytes, marked
//! `copy_of` the earlier one (the entry the lists show), and its places are recorded with the
//! entry, each saying whose bytes it has (`copies.bytes_of`). A hidden row takes no part in
//! lists, search or timelines.

use std::collections::BTreeSet;

use rusqlite::{Connection, OptionalExtension, params};

use super::links;

/// Merges message `id` with the other copies of the same sent message, if it is one; returns
/// the entry that now stands for them (`id` itself when there is nothing to merge). Touched
/// transmissions go to `dirty`.
pub(super) fn merge_sent_copies(
    conn: &Connection,
    id: i64,
    dirty: &mut BTreeSet<i64>,
) -> rusqlite::Result<i64> {
    type Row = (
        Option<String>,
        Option<String>,
        Option<String>,
        Option<i64>,
        bool,
    );
    let row: Option<Row> = conn
        .prepare_cached(
            "SELECT kind, link_msgid, outer_from, copy_of,
                    EXISTS (SELECT 1 FROM copies c WHERE c.message_id = m.id AND c.is_sent)
             FROM messages m WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .optional()?;
    let Some((kind, msgid, from, copy_of, is_sent)) = row else {
        return Ok(id);
    };
    if let Some(entry) = copy_of {
        return Ok(entry);
    }
    let (Some(msgid), true) = (msgid, is_sent && kind.as_deref() == Some("ordinaria")) else {
        return Ok(id);
    };
    let same: Vec<i64> = conn
        .prepare_cached(
            "SELECT id FROM messages m
             WHERE link_msgid = ?1 AND copy_of IS NULL AND kind = 'ordinaria'
               AND lower(trim(coalesce(outer_from, ''))) = lower(trim(coalesce(?2, '')))
               AND EXISTS (SELECT 1 FROM copies c WHERE c.message_id = m.id AND c.is_sent)
             ORDER BY id",
        )?
        .query_map(params![msgid, from], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let Some(&entry) = same.first() else {
        return Ok(id);
    };
    for &other in same.iter().filter(|&&o| o != entry) {
        hide(conn, other, entry, dirty)?;
    }
    if same.len() > 1 {
        links::link(conn, entry, dirty)?;
    }
    Ok(entry)
}

/// Makes `other` a copy of `entry`: its places move to `entry` (saying they have `other`'s
/// bytes), earlier copies of it follow, and it leaves search and timelines.
fn hide(
    conn: &Connection,
    other: i64,
    entry: i64,
    dirty: &mut BTreeSet<i64>,
) -> rusqlite::Result<()> {
    // A place already recorded with the entry (the same place with both byte versions) stays
    // with the bytes it has.
    conn.prepare_cached(
        "UPDATE OR IGNORE copies SET message_id = ?2, bytes_of = coalesce(bytes_of, ?1),
            sort_date = (SELECT sort_date FROM messages WHERE id = ?2)
         WHERE message_id = ?1",
    )?
    .execute(params![other, entry])?;
    conn.prepare_cached("UPDATE messages SET copy_of = ?2 WHERE copy_of = ?1")?
        .execute(params![other, entry])?;
    conn.prepare_cached("UPDATE messages SET copy_of = ?2 WHERE id = ?1")?
        .execute(params![other, entry])?;
    conn.prepare_cached("DELETE FROM search WHERE rowid = ?1")?
        .execute([other])?;
    conn.prepare_cached("DELETE FROM search_head WHERE rowid = ?1")?
        .execute([other])?;
    links::link(conn, other, dirty)?;
    Ok(())
}
