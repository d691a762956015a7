//! Checks of a store after a fault (a killed process, a full disk): it opens, passes
//! `PRAGMA integrity_check` and the foreign-key check, and holds no half-written message (every
//! message has its bytes, with the recorded size and SHA-256, and its provenance; no analysis is
//! half there).

use std::path::Path;

use rusqlite::Connection;
use sha2::{Digest, Sha256};

/// The store opens, is sound and holds no half-written message.
pub fn check_sound(profile: &Path, context: &str) {
    let db = profile.join(sigillo::store::DATABASE_FILE);
    if !db.exists() {
        return;
    }
    let c = Connection::open(&db).unwrap();
    let ok: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok", "{context}");
    let version: i64 = c
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    if version == 0 {
        // Killed before the first migration committed: an empty database.
        let tables: i64 = c
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .unwrap();
        assert_eq!(tables, 0, "{context}: half-migrated schema");
        return;
    }
    let q = |sql: &str| -> i64 { c.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(
        q(
            "SELECT count(*) FROM messages m WHERE NOT EXISTS (SELECT 1 FROM raw_messages r WHERE r.message_id = m.id)"
        ),
        0,
        "{context}: message without bytes"
    );
    assert_eq!(
        q(
            "SELECT count(*) FROM messages m WHERE NOT EXISTS (SELECT 1 FROM copies c WHERE c.message_id = m.id)"
        ),
        0,
        "{context}: message without provenance"
    );
    assert_eq!(
        q("SELECT count(*) FROM messages WHERE analysis_version > 0 AND kind IS NULL"),
        0,
        "{context}: half-written analysis"
    );
    assert_eq!(
        // (A reindex marks analysed messages pending while keeping their previous, whole
        // analysis until it is replaced; a never-analysed message has no kind.)
        q(
            "SELECT count(*) FROM messages m WHERE kind IS NULL AND (EXISTS (SELECT 1 FROM recipients r WHERE r.message_id = m.id) OR EXISTS (SELECT 1 FROM attachments a WHERE a.message_id = m.id) OR m.transmission_id IS NOT NULL)"
        ),
        0,
        "{context}: derived rows without analysis"
    );
    let fk: i64 = c
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(fk, 0, "{context}: dangling references");
    // Every stored blob is whole: its hash and size are what was recorded.
    let mut stmt = c
        .prepare("SELECT m.sha256, m.size, r.bytes FROM messages m JOIN raw_messages r ON r.message_id = m.id")
        .unwrap();
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, Vec<u8>>(2)?,
            ))
        })
        .unwrap();
    for row in rows {
        let (sha, size, bytes) = row.unwrap();
        assert_eq!(bytes.len() as i64, size, "{context}");
        assert_eq!(hex::encode(Sha256::digest(&bytes)), sha, "{context}");
    }
    check_register(&c, context);
}

/// The sealed register (schema 6 and later) holds: its chain verifies, and every stored
/// message has the entry that recorded it (written in the same transaction as its bytes).
pub fn check_register(c: &Connection, context: &str) {
    let has: i64 = c
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name = 'register'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    if has == 0 {
        return;
    }
    let entries = sigillo::store::register::read_entries(c).unwrap();
    let problems = sigillo::store::register::check_chain(&entries);
    assert!(
        problems.is_empty(),
        "{context}: register chain {problems:?}"
    );
    let unrecorded: i64 = c
        .query_row(
            "SELECT count(*) FROM messages m WHERE NOT EXISTS (SELECT 1 FROM register r
                 WHERE r.subject = m.sha256 AND r.event IN ('stored', 'existing'))",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        unrecorded, 0,
        "{context}: messages stored without their register entry"
    );
}
