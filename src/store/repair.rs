//! `sigillo repair`: every message that can still be read out of a damaged database, copied
//! byte-exact into a new one; the damaged file is kept beside it.
//!
//! The bundled SQLite has no recovery extension (`sqlite3_recover` is not part of the
//! amalgamation rusqlite builds), so the rows are read defensively instead: each message id
//! is looked up on its own, so a damaged page costs the rows stored on it and no others. The
//! bytes read are checked against the SHA-256 recorded when they were stored: those that
//! match go into the new store, with every place (copy) they were seen that can still be read;
//! those whose fingerprint cannot be read go in too, and are counted apart; those that differ
//! from their fingerprint (damaged inside) are written as files for the user to look at, never
//! stored as if they were the message.
//!
//! The new database is built in a `.repair` folder of the profile and moved into place only
//! when complete; an interrupted repair is finished (or started again) by the next one. While
//! the damage mark is there, the store opens for reading only.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension};

use super::error::{Result, StoreError};
use super::{DAMAGED_MARK_FILE, DATABASE_FILE, Source, Store, lease};

/// The folder, inside the profile, where the new database is built.
const WORK_DIR: &str = ".repair";
/// In the work folder: written once the new database is complete, naming where the damaged
/// one goes.
const COMPLETE_FILE: &str = "COMPLETE";
/// Messages stored per transaction in the new database.
const BATCH_MESSAGES: usize = 64;
/// Bytes stored per transaction in the new database, about.
const BATCH_BYTES: usize = 32 * 1024 * 1024;
/// Ids probed past the highest one the damaged file admits to, in case its last pages are
/// the damaged ones.
const PROBE_PAST_END: i64 = 1024;

/// What a repair did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RepairSummary {
    /// Where the damaged database was kept.
    pub damaged_kept: PathBuf,
    /// Messages copied into the new store whose bytes match the SHA-256 recorded when they
    /// were stored: recovered byte-exact.
    pub recovered: usize,
    /// Messages copied into the new store whose recorded SHA-256 could not be read (their
    /// bytes read without error, but cannot be compared).
    pub unconfirmed: usize,
    /// Messages whose bytes were read but differ from their recorded SHA-256: damaged inside.
    /// Written as files into [`RepairSummary::damaged_files`], not stored.
    pub damaged: usize,
    /// Where those files are (None when there were none).
    pub damaged_files: Option<PathBuf>,
    /// Messages whose bytes could not be read at all.
    pub unreadable: usize,
    /// Places (copies) the recovered messages were seen, carried over.
    pub copies: usize,
    /// True when this run only finished the moves of a repair that stopped after building
    /// the new database (the counts are then those of nothing new).
    pub finished_earlier_run: bool,
}

/// One copy row of the damaged database.
struct OldCopy {
    source: Source,
    flags: Option<String>,
    server_deleted_at: Option<i64>,
    seen_pending: bool,
}

/// Repairs the store of `profile_dir`: copies every readable message into a new database,
/// keeps the damaged one beside it (`sigillo.db.damaged-<date>`), and removes the damage mark.
/// `progress` gets (ids looked at, ids to look at). Refused while another process has the
/// store open.
pub fn repair(profile_dir: &Path, progress: &mut dyn FnMut(usize, usize)) -> Result<RepairSummary> {
    let profile_err = |source| StoreError::Profile {
        path: profile_dir.to_owned(),
        source,
    };
    let running: Vec<String> = lease_owners(profile_dir);
    if !running.is_empty() {
        return Err(StoreError::InUse {
            pids: running.join(", "),
        });
    }
    // This repair's own lease: a second repair (or a window) started meanwhile sees it.
    let _lease = lease::Lease::take(profile_dir).map_err(profile_err)?;
    let work = profile_dir.join(WORK_DIR);
    if let Some(mut summary) = finish_moves(profile_dir, &work)? {
        summary.finished_earlier_run = true;
        return Ok(summary);
    }
    let db = profile_dir.join(DATABASE_FILE);
    if !db.is_file() {
        return Err(profile_err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "there is no message database to repair",
        )));
    }
    // Nothing writes into the damaged file from now on, even if this repair stops half-way.
    if !profile_dir.join(DAMAGED_MARK_FILE).exists() {
        std::fs::write(
            profile_dir.join(DAMAGED_MARK_FILE),
            "repair under way: run `sigillo repair` again to finish it\n",
        )
        .map_err(profile_err)?;
    }
    if work.exists() {
        std::fs::remove_dir_all(&work).map_err(profile_err)?;
    }
    std::fs::create_dir_all(&work).map_err(profile_err)?;
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S").to_string();
    let kept_name = format!("{DATABASE_FILE}.damaged-{stamp}");
    let damaged_dir = profile_dir.join(format!("recovered-damaged-{stamp}"));

    let old = open_damaged(&db)?;
    let mut new = Store::open(&work)?;
    let kept = profile_dir.join(&kept_name);
    let mut summary = copy_out(&old, &mut new, &kept, &damaged_dir, progress)?;
    drop(old);
    let problems = new.integrity_check()?;
    if !problems.is_empty() {
        return Err(StoreError::Damaged {
            path: new.path().to_owned(),
            detail: problems.join("; "),
        });
    }
    // The new file is moved into place alone: nothing of it may stay in its log.
    new.close_whole()?;
    std::fs::write(work.join(COMPLETE_FILE), &kept_name).map_err(profile_err)?;
    summary.damaged_kept = kept;
    finish_moves(profile_dir, &work)?;
    Ok(summary)
}

/// True when the store of `profile_dir` was found damaged (or a repair of it is under way):
/// it opens for reading only until `sigillo repair` ran.
pub fn is_marked_damaged(profile_dir: &Path) -> bool {
    profile_dir.join(DAMAGED_MARK_FILE).exists()
}

/// SQLite's full `PRAGMA integrity_check` of the store of `profile_dir`, read-only: what it
/// found, empty when the file is sound (a file too damaged to check is reported the same way).
pub fn integrity_problems(profile_dir: &Path) -> Result<Vec<String>> {
    let conn = open_damaged(&profile_dir.join(DATABASE_FILE))?;
    let rows = conn.prepare("PRAGMA integrity_check").and_then(|mut stmt| {
        stmt.query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<String>>>()
    });
    match rows {
        Ok(rows) => Ok(rows.into_iter().filter(|r| r != "ok").collect()),
        Err(e) if super::is_damage(&e) => Ok(vec![e.to_string()]),
        Err(e) => Err(e.into()),
    }
}

/// The processes (other than this one) that hold a lease on the store, as text.
fn lease_owners(profile_dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(profile_dir.join(lease::LEASE_DIR)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for e in entries.filter_map(|e| e.ok()) {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(id) = name.strip_suffix(".lease").and_then(|n| n.parse().ok()) else {
            continue;
        };
        if let lease::Owner::Running(pid) = lease::owner(profile_dir, id) {
            out.push(pid.map_or_else(|| "?".to_owned(), |p| p.to_string()));
        }
    }
    out
}

/// Opens the damaged database for reading only (as it is, when SQLite cannot use its
/// shared-memory file).
fn open_damaged(db: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(db, flags)?;
    if conn
        .query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))
        .is_ok()
    {
        return Ok(conn);
    }
    drop(conn);
    Ok(Connection::open_with_flags(
        super::sqlite_uri(db, "immutable=1"),
        flags,
    )?)
}

/// The highest id the damaged file admits to in any of the tables naming message ids, or of
/// its copies (each query may fail on a damaged page; those that work are enough).
fn highest(conn: &Connection, queries: &[&str]) -> i64 {
    queries
        .iter()
        .filter_map(|q| {
            conn.query_row(q, [], |r| r.get::<_, Option<i64>>(0))
                .ok()
                .flatten()
        })
        .max()
        .unwrap_or(0)
}

/// Reads every copy row that can be read, by message id.
fn read_copies(conn: &Connection) -> std::collections::HashMap<i64, Vec<OldCopy>> {
    let mut out: std::collections::HashMap<i64, Vec<OldCopy>> = Default::default();
    let mut last = highest(conn, &["SELECT max(id) FROM copies"]);
    let mut id = 0;
    while id < last + PROBE_PAST_END {
        id += 1;
        let row = conn
            .query_row(
                "SELECT message_id, source, account, folder, uidvalidity, uid, uidl, path,
                        mbox_offset
                 FROM copies WHERE id = ?1",
                [id],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, Option<String>>(2)?,
                        r.get::<_, Option<String>>(3)?,
                        r.get::<_, Option<i64>>(4)?,
                        r.get::<_, Option<i64>>(5)?,
                        r.get::<_, Option<String>>(6)?,
                        r.get::<_, Option<String>>(7)?,
                        r.get::<_, Option<i64>>(8)?,
                    ))
                },
            )
            .optional();
        let Ok(Some((message, kind, account, folder, uidvalidity, uid, uidl, path, offset))) = row
        else {
            continue;
        };
        last = last.max(id);
        let source = match (kind.as_str(), account) {
            ("imap", Some(account)) => match (folder, uidvalidity, uid) {
                (Some(folder), Some(v), Some(u)) => Source::Imap {
                    account,
                    folder,
                    uidvalidity: v as u32,
                    uid: u as u32,
                },
                _ => continue,
            },
            ("pop3", Some(account)) => match uidl {
                Some(uidl) => Source::Pop3 { account, uidl },
                None => continue,
            },
            ("sent", Some(account)) => Source::Sent { account },
            ("import", account) => match path {
                Some(path) => Source::Import {
                    path,
                    offset: offset.map(|o| o as u64),
                    account,
                    folder,
                },
                None => continue,
            },
            _ => continue,
        };
        // Columns of later schema versions, each read on its own (an older file lacks them).
        // A copy with other bytes than its message's goes back to those bytes (the new store
        // makes them one message again).
        let message = conn
            .query_row("SELECT bytes_of FROM copies WHERE id = ?1", [id], |r| {
                r.get::<_, Option<i64>>(0)
            })
            .ok()
            .flatten()
            .unwrap_or(message);
        let (flags, server_deleted_at) = conn
            .query_row(
                "SELECT flags, server_deleted_at FROM copies WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap_or((None, None));
        let seen_pending = conn
            .query_row("SELECT seen_pending FROM copies WHERE id = ?1", [id], |r| {
                r.get::<_, bool>(0)
            })
            .unwrap_or(false);
        out.entry(message).or_default().push(OldCopy {
            source,
            flags,
            server_deleted_at,
            seen_pending,
        });
    }
    out
}

/// Copies every readable message (and its copies) from `old` into `new`; messages no
/// readable copy tells the origin of are recorded as coming from `kept` (the damaged file,
/// where it is kept), at their old id.
fn copy_out(
    old: &Connection,
    new: &mut Store,
    kept: &Path,
    damaged_dir: &Path,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<RepairSummary> {
    let mut summary = RepairSummary::default();
    let mut copies = read_copies(old);
    // The highest message id any table admits to; ids a little past it are probed too, in
    // case the last pages are the damaged ones.
    let known = highest(
        old,
        &[
            "SELECT max(id) FROM messages",
            "SELECT max(message_id) FROM raw_messages",
            "SELECT max(message_id) FROM copies",
        ],
    )
    .max(copies.keys().copied().max().unwrap_or(0));
    let mut last = known;
    let mut batch: Vec<(Vec<u8>, Source, Vec<OldCopy>)> = Vec::new();
    let mut bytes = 0usize;
    let mut id = 0;
    let total = known.max(0) as usize;
    while id < last + PROBE_PAST_END {
        id += 1;
        if id as usize <= total && id % 256 == 0 {
            progress(id as usize, total);
        }
        let fingerprint: rusqlite::Result<Option<String>> = old
            .query_row("SELECT sha256 FROM messages WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional();
        let raw: rusqlite::Result<Option<Vec<u8>>> = old
            .query_row(
                "SELECT bytes FROM raw_messages WHERE message_id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional();
        let raw = match raw {
            Ok(Some(raw)) => raw,
            // No bytes under this id: lost, when its row says the message exists.
            Ok(None) => {
                if matches!(fingerprint, Ok(Some(_))) {
                    summary.unreadable += 1;
                    last = last.max(id);
                } else if fingerprint.is_err() && id <= known {
                    summary.unreadable += 1;
                }
                continue;
            }
            // Past the highest known id a failing lookup may be an id never used.
            Err(_) => {
                if id <= known || matches!(fingerprint, Ok(Some(_))) {
                    summary.unreadable += 1;
                }
                continue;
            }
        };
        last = last.max(id);
        let actual = super::incoming::sha256_hex(&raw);
        match fingerprint {
            Ok(Some(expected)) if expected != actual => {
                summary.damaged += 1;
                std::fs::create_dir_all(damaged_dir).map_err(|source| StoreError::Profile {
                    path: damaged_dir.to_owned(),
                    source,
                })?;
                let file = damaged_dir.join(format!("{id}.eml"));
                std::fs::write(&file, &raw).map_err(|source| StoreError::Profile {
                    path: file.clone(),
                    source,
                })?;
                summary.damaged_files = Some(damaged_dir.to_owned());
                continue;
            }
            Ok(Some(_)) => summary.recovered += 1,
            _ => summary.unconfirmed += 1,
        }
        let places = copies.remove(&id).unwrap_or_default();
        let first = match places.first() {
            Some(p) => p.source.clone(),
            // No place it was seen can be read: it comes from the damaged file, at its old id.
            None => Source::Import {
                path: kept.to_string_lossy().into_owned(),
                offset: Some(id as u64),
                account: None,
                folder: None,
            },
        };
        bytes += raw.len();
        batch.push((raw, first, places));
        if batch.len() >= BATCH_MESSAGES || bytes >= BATCH_BYTES {
            summary.copies += store_batch(new, &mut batch)?;
            bytes = 0;
        }
    }
    summary.copies += store_batch(new, &mut batch)?;
    progress(total, total);
    Ok(summary)
}

/// Stores a batch of recovered messages and their copies in the new store; returns how many
/// copies were recorded.
fn store_batch(new: &mut Store, batch: &mut Vec<(Vec<u8>, Source, Vec<OldCopy>)>) -> Result<usize> {
    if batch.is_empty() {
        return Ok(0);
    }
    let items: Vec<(&[u8], &Source)> = batch.iter().map(|(b, s, _)| (b.as_slice(), s)).collect();
    let stored = new.ingest_batch(&items)?;
    let mut recorded = 0;
    for ((_, first, places), done) in batch.iter().zip(&stored) {
        recorded += 1;
        for place in places.iter().filter(|p| p.source != *first) {
            new.add_copy(done.id, &place.source)?;
            recorded += 1;
        }
    }
    // The read state and server deletions the copies had.
    let tx = new.write_tx()?;
    {
        let mut update = tx.prepare(
            "UPDATE copies SET flags = ?2, server_deleted_at = ?3, seen_pending = ?4
             WHERE message_id = ?1 AND source_key = ?5",
        )?;
        for ((_, _, places), done) in batch.iter().zip(&stored) {
            for place in places {
                update.execute(rusqlite::params![
                    done.id,
                    place.flags,
                    place.server_deleted_at,
                    place.seen_pending,
                    place.source.key()
                ])?;
            }
        }
    }
    tx.commit()?;
    batch.clear();
    Ok(recorded)
}

/// Completes the moves of a repair whose new database is complete: the damaged files go
/// aside under the name the work folder records, the new database takes their place, the
/// mark goes. Returns None when there is nothing to finish.
fn finish_moves(profile_dir: &Path, work: &Path) -> Result<Option<RepairSummary>> {
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| StoreError::Profile { path, source }
    };
    let Ok(kept_name) = std::fs::read_to_string(work.join(COMPLETE_FILE)) else {
        return Ok(None);
    };
    let kept = profile_dir.join(kept_name.trim());
    let db = profile_dir.join(DATABASE_FILE);
    let fresh = work.join(DATABASE_FILE);
    if fresh.exists() {
        // The log and shared memory first: the new database must never meet the old log.
        for suffix in ["-wal", "-shm", ""] {
            let from = super::beside(&db, suffix);
            let to = super::beside(&kept, suffix);
            if !from.exists() {
                continue;
            }
            if to.exists() {
                // Made again after the first move (a reader's shared memory): not needed.
                std::fs::remove_file(&from).map_err(io(&from))?;
            } else {
                std::fs::rename(&from, &to).map_err(io(&from))?;
            }
        }
        std::fs::rename(&fresh, &db).map_err(io(&fresh))?;
    }
    let _ = std::fs::remove_file(profile_dir.join(DAMAGED_MARK_FILE));
    std::fs::remove_dir_all(work).map_err(io(work))?;
    Ok(Some(RepairSummary {
        damaged_kept: kept,
        ..RepairSummary::default()
    }))
}
