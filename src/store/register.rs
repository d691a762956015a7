//! The sealed register: an append-only, hash-chained list of every event that changes what the
//! store proves (a message stored, a message sent, a signature outcome recorded, the trust
//! list changed, a message deleted, a dossier exported, the register's head timestamped).
//!
//! Each entry is one line of text, hashed with SHA-256; the next entry carries that hash, so an
//! entry changed, removed or moved breaks the chain where it happened:
//!
//! ```text
//! <seq> TAB <at> TAB <event> TAB <subject> TAB <detail> TAB <prev>        → hash = SHA-256(line)
//! ```
//!
//! `seq` counts from 1 without gaps; `at` is the UTC time (RFC 3339, seconds); `subject` is the
//! SHA-256 of the message the event is about (`-` when none); `detail` is compact JSON with its
//! keys sorted; `prev` is the hash of the entry before (64 zeros for the first). The plain-text
//! export ([`Store::export_register`]) writes each line followed by TAB and its hash, so anyone
//! can check an entry with `printf '%s' "<line>" | sha256sum`.
//!
//! Entries are appended in the same transaction as the change they record: a killed process
//! leaves both or neither. Messages are named by their SHA-256, never by their id in this
//! database (ids change with a repair). A store that existed before the register records each
//! message it held as `existing` when it is upgraded (schema 7).
//!
//! The chain alone cannot show that its last entries were cut off; the store can (a message
//! without its `stored` entry), and so can a timestamp of the head ([`Store::record_stamp`]).

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::Store;
use super::error::Result;

/// The `prev` of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The first line of the plain-text export.
pub const EXPORT_MAGIC: &str = "# Sigillo register, format 1";

/// What an entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Event {
    /// A message that was in the store when the register began (schema upgrade).
    Existing,
    /// A message's bytes were stored.
    Stored,
    /// Sigillo sent the message (its copy as sent was stored).
    Sent,
    /// A signature outcome was recorded for the message (the first one, or a different one).
    Outcome,
    /// The trust list changed (an anchor added, removed, disabled, or a revocation list).
    Trust,
    /// The message was deleted from the store.
    Deleted,
    /// A dossier or filing package was exported.
    Exported,
    /// The register's head was timestamped by a time-stamping authority.
    Stamped,
}

impl Event {
    /// Every event, in a stable order.
    pub const ALL: [Event; 8] = [
        Event::Existing,
        Event::Stored,
        Event::Sent,
        Event::Outcome,
        Event::Trust,
        Event::Deleted,
        Event::Exported,
        Event::Stamped,
    ];

    /// The spelling in the register.
    pub fn as_str(self) -> &'static str {
        match self {
            Event::Existing => "existing",
            Event::Stored => "stored",
            Event::Sent => "sent",
            Event::Outcome => "outcome",
            Event::Trust => "trust",
            Event::Deleted => "deleted",
            Event::Exported => "exported",
            Event::Stamped => "stamped",
        }
    }

    /// Parses [`Event::as_str`] output.
    pub fn parse(s: &str) -> Option<Event> {
        Event::ALL.into_iter().find(|e| e.as_str() == s)
    }
}

/// One entry, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// Position in the chain, from 1.
    pub seq: i64,
    /// UTC time, RFC 3339 to the second.
    pub at: String,
    /// The event, as written (see [`Event`]).
    pub event: String,
    /// SHA-256 of the message concerned, if any.
    pub subject: Option<String>,
    /// Compact JSON, keys sorted.
    pub detail: String,
    /// Hash of the entry before.
    pub prev: String,
    /// Hash of this entry's line, as stored.
    pub hash: String,
}

/// The columns of an entry, in the order [`Entry::from_row`] reads them.
pub const ENTRY_COLUMNS: &str = "seq, at, event, subject, detail, prev, hash";

/// Every entry of the register in `conn` (a store's database or a copy of it), in sequence
/// order, as stored: nothing is checked here.
pub fn read_entries(conn: &rusqlite::Connection) -> rusqlite::Result<Vec<Entry>> {
    conn.prepare(&format!(
        "SELECT {ENTRY_COLUMNS} FROM register ORDER BY seq"
    ))?
    .query_map([], Entry::from_row)?
    .collect()
}

impl Entry {
    /// An entry from a row selecting [`ENTRY_COLUMNS`].
    pub fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Entry> {
        Ok(Entry {
            seq: r.get(0)?,
            at: r.get(1)?,
            event: r.get(2)?,
            subject: r.get(3)?,
            detail: r.get(4)?,
            prev: r.get(5)?,
            hash: r.get(6)?,
        })
    }

    /// The hashed line (everything but the hash).
    pub fn line(&self) -> String {
        line_of(
            self.seq,
            &self.at,
            &self.event,
            self.subject.as_deref(),
            &self.detail,
            &self.prev,
        )
    }

    /// The hash its content gives (equal to [`Entry::hash`] when unchanged).
    pub fn computed_hash(&self) -> String {
        hex::encode(Sha256::digest(self.line().as_bytes()))
    }

    /// The line followed by TAB and the hash: one line of the plain-text export.
    pub fn text(&self) -> String {
        format!("{}\t{}", self.line(), self.hash)
    }

    /// The event, when it is one this version knows.
    pub fn kind(&self) -> Option<Event> {
        Event::parse(&self.event)
    }

    /// The detail as JSON (null when it does not parse).
    pub fn detail_json(&self) -> Value {
        serde_json::from_str(&self.detail).unwrap_or(Value::Null)
    }
}

fn line_of(
    seq: i64,
    at: &str,
    event: &str,
    subject: Option<&str>,
    detail: &str,
    prev: &str,
) -> String {
    format!(
        "{seq}\t{at}\t{event}\t{}\t{detail}\t{prev}",
        subject.unwrap_or("-")
    )
}

/// Compact JSON with sorted keys and no control characters (serde_json escapes them).
fn canonical(detail: &Value) -> String {
    // serde_json's map is a BTreeMap (no preserve_order feature): keys come out sorted.
    serde_json::to_string(detail).unwrap_or_else(|_| "null".into())
}

/// The current UTC time, as entries write it.
fn now_text() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Appends one entry inside the caller's transaction and returns it.
///
/// The sequence number is the one SQLite assigns (`AUTOINCREMENT`: never reused, so removing
/// the last entry leaves a gap the next entry shows); `prev` is the hash of the entry before.
pub(super) fn append(
    conn: &Connection,
    event: Event,
    subject: Option<&str>,
    detail: &Value,
) -> Result<Entry> {
    append_at(conn, event, subject, detail, &now_text())
}

fn append_at(
    conn: &Connection,
    event: Event,
    subject: Option<&str>,
    detail: &Value,
    at: &str,
) -> Result<Entry> {
    let detail = canonical(detail);
    let prev: String = conn
        .prepare_cached("SELECT hash FROM register ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| r.get(0))
        .optional()?
        .unwrap_or_else(|| GENESIS.to_owned());
    conn.prepare_cached(
        "INSERT INTO register (at, event, subject, detail, prev, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, '')",
    )?
    .execute(params![at, event.as_str(), subject, detail, prev])?;
    let seq = conn.last_insert_rowid();
    let mut entry = Entry {
        seq,
        at: at.to_owned(),
        event: event.as_str().to_owned(),
        subject: subject.map(str::to_owned),
        detail,
        prev,
        hash: String::new(),
    };
    entry.hash = entry.computed_hash();
    conn.prepare_cached("UPDATE register SET hash = ?2 WHERE seq = ?1")?
        .execute(params![seq, entry.hash])?;
    Ok(entry)
}

/// Schema 6: the register, and one `existing` entry per message already stored (with its
/// recorded outcome, if any), in the order they were stored.
pub(super) fn create(tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<()> {
    tx.execute_batch(
        r#"
CREATE TABLE register (
    seq     INTEGER PRIMARY KEY AUTOINCREMENT,
    at      TEXT NOT NULL,
    event   TEXT NOT NULL,
    subject TEXT,
    detail  TEXT NOT NULL,
    prev    TEXT NOT NULL,
    hash    TEXT NOT NULL
);
CREATE INDEX register_subject ON register(subject) WHERE subject IS NOT NULL;
-- The time-stamp tokens of `stamped` entries (DER, RFC 3161), by the entry's seq.
CREATE TABLE register_stamps (
    seq     INTEGER PRIMARY KEY,
    token   BLOB NOT NULL
);
"#,
    )?;
    let existing: Vec<(String, i64, Option<String>, Option<String>)> = {
        let mut stmt = tx.prepare(
            "SELECT sha256, size, sig_status, sig_signing_time FROM messages ORDER BY id",
        )?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?
    };
    let at = now_text();
    for (sha, size, status, signing_time) in existing {
        let detail = json!({
            "size": size,
            "status": status,
            "signing_time": signing_time,
        });
        append_at(tx, Event::Existing, Some(&sha), &detail, &at).map_err(|e| match e {
            super::StoreError::Sqlite(e) => e,
            other => rusqlite::Error::ToSqlConversionFailure(Box::new(other)),
        })?;
    }
    // The trust folder as it is now: later changes are recorded as they are made, and one
    // made outside Sigillo shows as a difference from the last recorded state.
    if let Some(profile) = tx
        .path()
        .filter(|p| !p.is_empty())
        .and_then(|p| std::path::Path::new(p).parent())
    {
        let detail = json!({ "change": "baseline", "trust_sha256": trust_digest(profile) });
        append_at(tx, Event::Trust, None, &detail, &at).map_err(|e| match e {
            super::StoreError::Sqlite(e) => e,
            other => rusqlite::Error::ToSqlConversionFailure(Box::new(other)),
        })?;
    }
    Ok(())
}

/// Records that a message's bytes were stored.
pub(super) fn stored(conn: &Connection, sha256: &str, size: usize) -> Result<()> {
    append(conn, Event::Stored, Some(sha256), &json!({ "size": size }))?;
    Ok(())
}

/// Records that Sigillo sent a message from `account`.
pub(super) fn sent(conn: &Connection, sha256: &str, account: Option<&str>) -> Result<()> {
    append(
        conn,
        Event::Sent,
        Some(sha256),
        &json!({ "account": account }),
    )?;
    Ok(())
}

/// Records an outcome for message `id` when it differs from the last one the register
/// recorded for its bytes (a reindex that checks everything again adds nothing). Returns true
/// when an entry was appended.
pub(super) fn outcome_if_changed(
    conn: &Connection,
    id: i64,
    status: &str,
    signing_time: Option<&str>,
) -> Result<bool> {
    let sha: Option<String> = conn
        .prepare_cached("SELECT sha256 FROM messages WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    let Some(sha) = sha else {
        return Ok(false);
    };
    let last = last_outcome(conn, &sha)?;
    if last
        .as_ref()
        .is_some_and(|(s, t)| s == status && t.as_deref() == signing_time)
    {
        return Ok(false);
    }
    append(
        conn,
        Event::Outcome,
        Some(&sha),
        &json!({ "status": status, "signing_time": signing_time }),
    )?;
    Ok(true)
}

/// The last outcome the register recorded for the message with these bytes since it was
/// (last) stored: status and signing time.
fn last_outcome(conn: &Connection, sha: &str) -> Result<Option<(String, Option<String>)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT event, detail FROM register WHERE subject = ?1 ORDER BY seq DESC",
    )?;
    let mut rows = stmt.query([sha])?;
    while let Some(row) = rows.next()? {
        let event: String = row.get(0)?;
        let detail: String = row.get(1)?;
        match Event::parse(&event) {
            Some(Event::Outcome | Event::Existing) => {
                let d: Value = serde_json::from_str(&detail).unwrap_or(Value::Null);
                return Ok(d["status"]
                    .as_str()
                    .map(|s| (s.to_owned(), d["signing_time"].as_str().map(str::to_owned))));
            }
            Some(Event::Stored | Event::Deleted) => return Ok(None),
            _ => {}
        }
    }
    Ok(None)
}

/// What a trust-list change was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrustChange {
    /// An anchor was added (or enabled again).
    Added,
    /// An anchor was removed (or disabled).
    Removed,
    /// A revocation list was added.
    RevocationList,
}

impl TrustChange {
    fn as_str(self) -> &'static str {
        match self {
            TrustChange::Added => "added",
            TrustChange::Removed => "removed",
            TrustChange::RevocationList => "crl",
        }
    }
}

/// SHA-256 over the trust folder of a profile (its anchors, revocation lists, qualified
/// lists and the disabled list): every file's relative path and bytes, in path order (the
/// folder's state the register compares with; the same for an empty and a missing folder).
pub fn trust_digest(profile_dir: &std::path::Path) -> String {
    let root = crate::verify::trust::trust_dir(profile_dir);
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut stack = vec![(root, String::new())];
    while let Some((dir, rel)) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in rd.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            let rel_path = if rel.is_empty() {
                name
            } else {
                format!("{rel}/{name}")
            };
            if path.is_dir() {
                stack.push((path, rel_path));
            } else {
                // An unreadable file still counts, by its name.
                files.push((rel_path, std::fs::read(&path).unwrap_or_default()));
            }
        }
    }
    files.sort();
    let mut h = Sha256::new();
    for (name, bytes) in files {
        h.update((name.len() as u64).to_be_bytes());
        h.update(name.as_bytes());
        h.update((bytes.len() as u64).to_be_bytes());
        h.update(&bytes);
    }
    hex::encode(h.finalize())
}

/// Records a trust-list change in the register of the profile's store (opened for this).
pub fn record_trust_change_in(
    profile_dir: &std::path::Path,
    change: TrustChange,
    fingerprint: &str,
    subject: &str,
) -> Result<()> {
    let mut store = Store::open(profile_dir)?;
    store.record_trust_change(change, fingerprint, subject)?;
    Ok(())
}

/// How the plain-text export opens.
fn export_header(entries: usize) -> String {
    format!(
        "{EXPORT_MAGIC}\n\
         # Each line: seq TAB at TAB event TAB subject TAB detail TAB prev TAB hash.\n\
         # hash = SHA-256 of the line up to (not including) its last TAB; prev = the hash of the line before.\n\
         # Check one: printf '%s' \"<line without its last field and TAB>\" | sha256sum\n\
         # entries: {entries}\n"
    )
}

/// A head timestamp, as kept with its `stamped` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    /// The `stamped` entry.
    pub entry: Entry,
    /// The entry whose hash was timestamped.
    pub head_seq: i64,
    /// That entry's hash, as the token's message imprint.
    pub head_hash: String,
    /// The time-stamp token (DER, RFC 3161).
    pub token: Vec<u8>,
}

impl Store {
    /// Every register entry, in sequence order (as stored: nothing is checked here).
    pub fn register_entries(&self) -> Result<Vec<Entry>> {
        Ok(read_entries(&self.conn)?)
    }

    /// The last entry, if any.
    pub fn register_head(&self) -> Result<Option<Entry>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {ENTRY_COLUMNS} FROM register ORDER BY seq DESC LIMIT 1"),
                [],
                Entry::from_row,
            )
            .optional()?)
    }

    /// Writes the register as plain text (see the module documentation).
    pub fn export_register(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let entries = self.register_entries().map_err(std::io::Error::other)?;
        out.write_all(export_header(entries.len()).as_bytes())?;
        for e in &entries {
            out.write_all(e.text().as_bytes())?;
            out.write_all(b"\n")?;
        }
        out.flush()
    }

    /// Records a change of the profile's trust list (made by the caller just before):
    /// what changed, the certificate's SHA-256 fingerprint and subject, and the digest of the
    /// trust folder after the change ([`trust_digest`]).
    pub fn record_trust_change(
        &mut self,
        change: TrustChange,
        fingerprint: &str,
        subject: &str,
    ) -> Result<Entry> {
        let digest = trust_digest(self.profile_dir());
        let tx = self.write_tx()?;
        let entry = append(
            &tx,
            Event::Trust,
            None,
            &json!({
                "change": change.as_str(),
                "fingerprint": fingerprint,
                "certificate": subject,
                "trust_sha256": digest,
            }),
        )?;
        tx.commit()?;
        Ok(entry)
    }

    /// Records an export: its kind (`dossier`, `filing`), its name, the SHA-256 of its
    /// MANIFEST (or summary), the messages it holds (by SHA-256) and the time its timestamp
    /// gives, if any.
    pub fn record_export(
        &mut self,
        kind: &str,
        name: &str,
        manifest_sha256: &str,
        messages: &[String],
        timestamp: Option<&str>,
    ) -> Result<Entry> {
        let tx = self.write_tx()?;
        let entry = append(
            &tx,
            Event::Exported,
            None,
            &json!({
                "kind": kind,
                "name": name,
                "manifest_sha256": manifest_sha256,
                "messages": messages,
                "timestamp": timestamp,
            }),
        )?;
        tx.commit()?;
        Ok(entry)
    }

    /// Records a timestamp of entry `head` (its hash is the token's message imprint): the
    /// `stamped` entry, and the token beside it.
    pub fn record_stamp(
        &mut self,
        head: &Entry,
        token: &[u8],
        gen_time: &str,
        tsa: &str,
    ) -> Result<Entry> {
        let tx = self.write_tx()?;
        let entry = append(
            &tx,
            Event::Stamped,
            None,
            &json!({
                "head_seq": head.seq,
                "head_hash": head.hash,
                "gen_time": gen_time,
                "tsa": tsa,
                "token_sha256": hex::encode(Sha256::digest(token)),
            }),
        )?;
        tx.execute(
            "INSERT INTO register_stamps (seq, token) VALUES (?1, ?2)",
            params![entry.seq, token],
        )?;
        tx.commit()?;
        Ok(entry)
    }

    /// Every head timestamp, oldest first.
    pub fn register_stamps(&self) -> Result<Vec<Stamp>> {
        let entries = self.register_entries()?;
        let mut stmt = self
            .conn
            .prepare_cached("SELECT token FROM register_stamps WHERE seq = ?1")?;
        let mut out = Vec::new();
        for e in entries
            .into_iter()
            .filter(|e| e.kind() == Some(Event::Stamped))
        {
            let token: Option<Vec<u8>> = stmt.query_row([e.seq], |r| r.get(0)).optional()?;
            let d = e.detail_json();
            out.push(Stamp {
                head_seq: d["head_seq"].as_i64().unwrap_or(0),
                head_hash: d["head_hash"].as_str().unwrap_or("").to_owned(),
                token: token.unwrap_or_default(),
                entry: e,
            });
        }
        Ok(out)
    }

    /// When the head was last timestamped (the `at` of the last `stamped` entry).
    pub fn last_stamp_at(&self) -> Result<Option<chrono::DateTime<chrono::Utc>>> {
        let at: Option<String> = self
            .conn
            .query_row(
                "SELECT at FROM register WHERE event = 'stamped' ORDER BY seq DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?;
        Ok(at
            .and_then(|a| chrono::DateTime::parse_from_rfc3339(&a).ok())
            .map(|t| t.with_timezone(&chrono::Utc)))
    }
}

/// Why the chain does not hold at some entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "problem", rename_all = "kebab-case")]
pub enum ChainProblem {
    /// The entry's content does not give its hash: it was edited.
    Altered {
        /// The entry.
        seq: i64,
    },
    /// The entry's content gives its hash under another sequence number: it was moved.
    Moved {
        /// Where it is now.
        seq: i64,
        /// Where it was written.
        written_as: i64,
    },
    /// Entries are missing between two others (removed).
    Missing {
        /// The first missing sequence number.
        from: i64,
        /// The last missing one.
        to: i64,
    },
    /// The entry does not carry the hash of the entry before it.
    BrokenLink {
        /// The entry.
        seq: i64,
    },
}

/// Checks the chain: every entry's hash against its content, every link, no gap. Empty when
/// the chain holds.
pub fn check_chain(entries: &[Entry]) -> Vec<ChainProblem> {
    let mut problems = Vec::new();
    let altered: Vec<&Entry> = entries
        .iter()
        .filter(|e| e.computed_hash() != e.hash)
        .collect();
    for e in &altered {
        // A moved entry hashes right under the sequence number it was written with.
        let written_as = entries.iter().map(|o| o.seq).find(|&s| {
            s != e.seq
                && hex::encode(Sha256::digest(
                    line_of(s, &e.at, &e.event, e.subject.as_deref(), &e.detail, &e.prev)
                        .as_bytes(),
                )) == e.hash
        });
        problems.push(match written_as {
            Some(written_as) => ChainProblem::Moved {
                seq: e.seq,
                written_as,
            },
            None => ChainProblem::Altered { seq: e.seq },
        });
    }
    let mut expected_seq = 1;
    let mut prev_hash = GENESIS;
    for e in entries {
        if e.seq > expected_seq {
            problems.push(ChainProblem::Missing {
                from: expected_seq,
                to: e.seq - 1,
            });
        }
        // A link broken next to a gap or a changed entry is the same finding, not a new one.
        let explained =
            e.seq > expected_seq || altered.iter().any(|a| a.seq == e.seq || a.seq + 1 == e.seq);
        if e.prev != prev_hash && !explained {
            problems.push(ChainProblem::BrokenLink { seq: e.seq });
        }
        expected_seq = e.seq + 1;
        prev_hash = &e.hash;
    }
    problems.sort_by_key(|p| match p {
        ChainProblem::Altered { seq }
        | ChainProblem::Moved { seq, .. }
        | ChainProblem::BrokenLink { seq } => *seq,
        ChainProblem::Missing { from, .. } => *from,
    });
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: usize) -> Vec<Entry> {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE messages (id INTEGER PRIMARY KEY, sha256 TEXT, size INTEGER,
                 sig_status TEXT, sig_signing_time TEXT);",
        )
        .unwrap();
        let tx =
            rusqlite::Transaction::new_unchecked(&conn, rusqlite::TransactionBehavior::Deferred)
                .unwrap();
        create(&tx).unwrap();
        for i in 0..n {
            stored(&tx, &format!("{i:064x}"), i).unwrap();
        }
        read_entries(&tx).unwrap()
    }

    #[test]
    fn a_clean_chain_holds_and_links() {
        let c = chain(5);
        assert_eq!(c.len(), 5);
        assert_eq!(c[0].prev, GENESIS);
        assert_eq!(c[3].prev, c[2].hash);
        assert!(check_chain(&c).is_empty());
        // The line is what is hashed, and sha256sum would agree.
        assert_eq!(
            c[1].hash,
            hex::encode(Sha256::digest(c[1].line().as_bytes()))
        );
    }

    #[test]
    fn each_kind_of_change_is_named() {
        let c = chain(6);
        let mut edited = c.clone();
        edited[2].detail = r#"{"size":999}"#.into();
        assert_eq!(check_chain(&edited), vec![ChainProblem::Altered { seq: 3 }]);

        let mut removed = c.clone();
        removed.remove(3);
        assert_eq!(
            check_chain(&removed),
            vec![ChainProblem::Missing { from: 4, to: 4 }]
        );

        let mut swapped = c.clone();
        let (a, b) = (swapped[1].clone(), swapped[2].clone());
        swapped[1] = Entry { seq: 2, ..b };
        swapped[2] = Entry { seq: 3, ..a };
        assert_eq!(
            check_chain(&swapped),
            vec![
                ChainProblem::Moved {
                    seq: 2,
                    written_as: 3
                },
                ChainProblem::Moved {
                    seq: 3,
                    written_as: 2
                }
            ]
        );

        let mut relinked = c.clone();
        relinked[4].prev = GENESIS.into();
        relinked[4].hash = relinked[4].computed_hash();
        // Entry 5 rewritten with a hash of its own: its link and the next one break.
        assert_eq!(
            check_chain(&relinked),
            vec![
                ChainProblem::BrokenLink { seq: 5 },
                ChainProblem::BrokenLink { seq: 6 }
            ]
        );
    }
}
