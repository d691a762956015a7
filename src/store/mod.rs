//! The local store: one SQLite database per profile folder holding every message byte-exact,
//! where each copy came from, what the PEC model and the verifier said about it, the
//! per-recipient timelines of sent messages and a full-text index.
//!
//! Raw bytes come first: [`Store::ingest`] commits the bytes and their SHA-256 before anything
//! parses them, so a message that breaks the parser (or a crash during analysis) never loses
//! mail. Everything else is derived from the bytes and can be recomputed ([`Store::reindex`]).
//! The database runs in WAL mode with foreign keys on and `synchronous = FULL`; every write is
//! one transaction, so a killed process leaves either the whole message or nothing. Only the
//! derived data (analyses, outcomes, timelines) is committed with `synchronous = NORMAL`: a
//! power cut may take back its last transactions, which leaves those messages pending
//! analysis again, never a message lost.

mod analysis;
pub mod audit;
mod checkpoint;
mod delete;
mod error;
mod flags;
mod folders;
mod incoming;
mod index_merge;
mod ingest;
mod lease;
mod links;
mod merge;
mod query;
pub mod register;
mod repair;
mod schema;
mod source;
mod sync_state;
mod tags;
pub mod text;
mod timelines;
mod verification;
mod workers;
mod writer;

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use rusqlite::config::DbConfig;

pub use analysis::ANALYSIS_VERSION;
pub use audit::{AuditReport, Finding, StampChecker, StampOk};
pub use delete::{ProofAtStake, ProofItem};
pub use error::{Result, StoreError};
pub use flags::{FlagSet, SEEN};
pub use folders::FolderCount;
pub use incoming::IncomingMessage;
pub use ingest::{AnalysisJob, Ingested, PendingAnalysis, ReindexSummary};
pub use lease::LEASE_DIR;
pub use query::{
    AttachmentRecord, CopyRecord, ListCursor, ListPage, ListQuery, MessageDetail, MessageRow,
    OuterHeaders, RELEVANCE_TIERS, RecipientRecord, SearchHit, SearchOrder, SearchQuery,
    SignatureFilter, Stats, StoredDaticert, StoredOriginal, fts_query, fts_whole_words,
};
pub use repair::{RepairSummary, integrity_problems, is_marked_damaged, repair};
pub use schema::SCHEMA_VERSION;
pub use source::{CopyKind, Source, is_sent_folder};
pub use sync_state::{ImapFolderState, MailboxKey, Pop3Copy};
pub use tags::DocumentTag;
pub use timelines::{NEEDS_ATTENTION, TimelineQuery};
pub use verification::{CheckKept, StoredVerification};
pub use writer::{BackgroundWriter, StoreJob};

/// The database file inside a profile folder.
pub const DATABASE_FILE: &str = "sigillo.db";

/// The file, beside the database, that says it was found damaged (it holds what SQLite
/// reported). While it is there the store opens for reading only; `sigillo repair` removes it.
pub const DAMAGED_MARK_FILE: &str = "sigillo.db.damaged";

/// The largest message Sigillo takes, from any source (import, IMAP, POP3): 400 MiB. PEC
/// providers refuse far smaller messages (Italian rules: size × recipients ≤ 30 MB) and
/// ordinary mail stays under about 50 MB; a file larger than this is not a message. Import
/// reports such a file as an error naming it; a server that sends one gets a protocol error.
pub const MAX_MESSAGE_BYTES: usize = 400 * 1024 * 1024;

/// The largest message the parser is run on: 64 MiB. A larger message (at most
/// [`MAX_MESSAGE_BYTES`]) is stored byte-exact like any other, but not analysed: it is listed
/// as `illeggibile` with the warning code `too-large-to-analyse`, and its signature is not
/// checked. This keeps the memory an import needs bounded: the largest message once (it is
/// written into the database in pieces) plus SQLite's 64 MiB page cache, and a few times this
/// limit for analysis. (IMAP holds a message being fetched twice: the protocol library's
/// buffer and the copy handed to the store.)
pub const MAX_ANALYSED_BYTES: usize = crate::pec::MAX_CLASSIFIED_BYTES;

pub use crate::profile::PROFILE_ENV;

/// The default profile folder: `<OS data folder>/profiles/default`
/// (e.g. `~/.local/share/sigillo/profiles/default` on Linux).
pub fn default_profile_dir() -> Result<PathBuf> {
    crate::profile::default_profile_dir().ok_or(StoreError::NoDataDir)
}

/// The profile folder to use: the one given, else `SIGILLO_PROFILE`, else the default.
pub fn resolve_profile_dir(given: Option<&Path>) -> Result<PathBuf> {
    crate::profile::resolve(given).ok_or(StoreError::NoDataDir)
}

/// Why a store is open for reading only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadOnly {
    /// The profile cannot be written: read-only media, or no write permission.
    Media,
    /// The database was found damaged (what SQLite reported): nothing is written into it
    /// until `sigillo repair` copied what can be read into a new one.
    Damaged(String),
}

/// An open store.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Set when the store is open for reading only; every write is then refused.
    read_only: Option<ReadOnly>,
    /// This connection's lease (see `lease`): held while it may write.
    lease: Option<lease::Lease>,
    /// Copies the write-ahead log into the database file off the writing thread (see
    /// `checkpoint`), stopped when this store is closed; none when the store is read-only,
    /// or when it is another connection of a store whose checkpointer serves it too.
    checkpointer: Option<checkpoint::Checkpointer>,
    /// Whether each write of analyses merges the full-text indexes right after (see
    /// `index_merge`); a sync's writer leaves them to be merged later.
    merge_after_write: bool,
    /// The full-text indexes being merged on a thread of its own, stopped before this store
    /// writes anything or is closed (see `index_merge`).
    merging: Option<index_merge::Merging>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .field("read_only", &self.read_only)
            .finish()
    }
}

impl Store {
    /// Opens (creating when needed) the store of a profile folder and brings its schema up to
    /// date. The folder is made private to the user (0700) and the database file 0600.
    ///
    /// A profile that cannot be written (read-only media, no write permission) is opened for
    /// reading only, as is a database found damaged ([`Store::read_only`] says which); every
    /// write is then refused with [`StoreError::ReadOnly`] or [`StoreError::NeedsRepair`].
    /// After a run that stopped without closing the store (a crash, a kill, a power cut) the
    /// database is checked with `PRAGMA quick_check` before anything is written into it, and
    /// so is an existing database before its schema is migrated.
    pub fn open(profile_dir: &Path) -> Result<Store> {
        let profile_err = |source| StoreError::Profile {
            path: profile_dir.to_owned(),
            source,
        };
        let path = profile_dir.join(DATABASE_FILE);
        if let Some(detail) = damage_mark(profile_dir) {
            if !path.is_file() {
                // A repair stopped while moving the files: running it again finishes it.
                return Err(StoreError::NeedsRepair { path, detail });
            }
            return Store::open_read_only(profile_dir, ReadOnly::Damaged(detail));
        }
        let created = !profile_dir.exists();
        if let Err(e) = std::fs::create_dir_all(profile_dir) {
            if is_read_only_error(&e) && path.is_file() {
                return Store::open_read_only(profile_dir, ReadOnly::Media);
            }
            return Err(profile_err(e));
        }
        if let Err(e) = private_file(profile_dir, created, &path) {
            if is_read_only_error(&e) && path.is_file() {
                return Store::open_read_only(profile_dir, ReadOnly::Media);
            }
            return Err(profile_err(e));
        }
        // Leases of processes that stopped without closing the store: an unclean end.
        let abandoned = lease::abandoned(profile_dir);
        let lease = match lease::Lease::take(profile_dir) {
            Ok(l) => Some(l),
            Err(e) if is_read_only_error(&e) => {
                return Store::open_read_only(profile_dir, ReadOnly::Media);
            }
            // No locks on this file system: the store works, without telling who analyses.
            Err(_) => None,
        };
        let mut conn = Connection::open(&path)?;
        if let Err(e) = configure(&mut conn, &path) {
            if e.is_read_only() {
                drop(conn);
                return Store::open_read_only(profile_dir, ReadOnly::Media);
            }
            return Err(e);
        }
        if !abandoned.is_empty() {
            let problems = quick_check(&conn)?;
            if !problems.is_empty() {
                let detail = problems.join("; ");
                mark_damaged(profile_dir, &detail);
                drop(conn);
                return Store::open_read_only(profile_dir, ReadOnly::Damaged(detail));
            }
            lease::remove_abandoned(&abandoned);
        }
        match schema::migrate(&mut conn, &path) {
            Ok(()) => {}
            Err(StoreError::NeedsRepair { path, detail }) => {
                mark_damaged(profile_dir, &detail);
                return Err(StoreError::NeedsRepair { path, detail });
            }
            Err(e) if e.is_read_only() => {
                drop(conn);
                return Store::open_read_only(profile_dir, ReadOnly::Media);
            }
            Err(e) => return Err(e),
        }
        let checkpointer = Some(checkpoint::Checkpointer::install(&mut conn, &path)?);
        Ok(Store::writing(conn, path, lease, checkpointer))
    }

    /// A store that may write, on `conn` (configured, its schema up to date).
    fn writing(
        conn: Connection,
        path: PathBuf,
        lease: Option<lease::Lease>,
        checkpointer: Option<checkpoint::Checkpointer>,
    ) -> Store {
        Store {
            conn,
            path,
            read_only: None,
            lease,
            checkpointer,
            merge_after_write: true,
            merging: None,
        }
    }

    /// Opens the store of a profile folder for reading only (nothing is created or written;
    /// see [`Store::open`], which does this by itself when it must).
    pub fn open_read_only(profile_dir: &Path, why: ReadOnly) -> Result<Store> {
        let path = profile_dir.join(DATABASE_FILE);
        if !path.is_file() {
            return Err(StoreError::Profile {
                path: profile_dir.to_owned(),
                source: std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "there is no message database here",
                ),
            });
        }
        let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
            | rusqlite::OpenFlags::SQLITE_OPEN_URI
            | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&path, flags)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        let conn = match conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0)) {
            Ok(_) => conn,
            // On read-only media SQLite cannot make the shared-memory file a database in WAL
            // mode needs: nobody can be writing there, so the file is read as it is.
            Err(_) => {
                drop(conn);
                let conn = Connection::open_with_flags(sqlite_uri(&path, "immutable=1"), flags)?;
                conn.busy_timeout(std::time::Duration::from_secs(10))?;
                conn
            }
        };
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| match &why {
                ReadOnly::Damaged(detail) => StoreError::NeedsRepair {
                    path: path.clone(),
                    detail: format!("{detail}; {e}"),
                },
                ReadOnly::Media => StoreError::from(e),
            })?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                path,
                found: version,
                known: SCHEMA_VERSION,
            });
        }
        if version != SCHEMA_VERSION {
            return Err(match why {
                ReadOnly::Damaged(detail) => StoreError::NeedsRepair { path, detail },
                ReadOnly::Media => StoreError::ReadOnlyOlder {
                    path,
                    found: version,
                    known: SCHEMA_VERSION,
                },
            });
        }
        conn.execute_batch(
            "PRAGMA query_only = ON;
             PRAGMA cache_size = -65536;
             PRAGMA temp_store = MEMORY;",
        )?;
        conn.set_prepared_statement_cache_capacity(64);
        // A damaged store's readers hold a lease where they can, so that a repair does not
        // move the file away under them.
        let lease = match why {
            ReadOnly::Damaged(_) => lease::Lease::take(profile_dir).ok(),
            ReadOnly::Media => None,
        };
        Ok(Store {
            conn,
            path,
            read_only: Some(why),
            lease,
            checkpointer: None,
            merge_after_write: true,
            merging: None,
        })
    }

    /// A second connection to the same database (its schema already up to date), for work
    /// on another thread; it holds a lease of its own.
    fn another_connection(&self) -> Result<Store> {
        self.writable()?;
        self.connection_opener()()
    }

    /// What opens [`Store::another_connection`], to be called on the thread that will use it
    /// (so that the caller does not wait for the opening).
    fn connection_opener(&self) -> impl FnOnce() -> Result<Store> + Send + 'static {
        let path = self.path.clone();
        let served_by = self.checkpointer.clone();
        move || {
            let mut conn = Connection::open(&path)?;
            configure(&mut conn, &path)?;
            // This store's checkpointer copies the log for the other connection too: closing
            // that one (a background writer at the end of every sync) then never waits for a
            // copy under way; this store waits for it when it is closed.
            let checkpointer = match &served_by {
                Some(c) => {
                    c.serve(&mut conn)?;
                    None
                }
                // Only when asked of a connection that is itself served: it gets a thread of
                // its own.
                None => Some(checkpoint::Checkpointer::install(&mut conn, &path)?),
            };
            let lease = lease::Lease::take(profile_dir_of(&path)).ok();
            Ok(Store::writing(conn, path, lease, checkpointer))
        }
    }

    /// Starts copying what earlier runs left in the write-ahead log into the database file,
    /// on the checkpointer's thread, and returns at once: a sync calls it before it connects,
    /// so that the copy overlaps the wait for the server (see `checkpoint`). Nothing to do
    /// for a read-only store, or when the log is empty.
    pub fn catch_up_log(&self) {
        if let Some(c) = &self.checkpointer
            && std::fs::metadata(beside(&self.path, "-wal")).is_ok_and(|m| m.len() > 0)
        {
            c.catch_up();
        }
    }

    /// Closes the store leaving its database file whole: the write-ahead log copied into it
    /// and truncated, where a closing otherwise leaves a short log beside the file (see
    /// `checkpoint`). For a database file about to be moved on its own (a repair's new one):
    /// fails rather than leave part of it behind in the log.
    pub fn close_whole(mut self) -> Result<()> {
        self.stop_index_merge()?;
        if let Some(c) = self.checkpointer.take() {
            c.stop();
        }
        // What the drop would write (`PRAGMA optimize`) is written before the copy, and the
        // close copies anything after it, as SQLite does by default.
        self.conn.execute_batch("PRAGMA optimize")?;
        self.conn
            .set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, false)?;
        let (busy, log, copied): (i64, i64, i64) =
            self.conn
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?;
        if busy != 0 || copied < log {
            return Err(StoreError::Sqlite(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                Some(format!(
                    "the write-ahead log could not be copied into {} ({copied} of {log} pages)",
                    self.path.display()
                )),
            )));
        }
        Ok(())
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The profile folder holding the database.
    pub fn profile_dir(&self) -> &Path {
        profile_dir_of(&self.path)
    }

    /// Why the store is open for reading only, or None when it can be written.
    pub fn read_only(&self) -> Option<&ReadOnly> {
        self.read_only.as_ref()
    }

    /// Fails with the reason when the store is open for reading only: every write calls this
    /// first.
    pub fn writable(&self) -> Result<()> {
        match &self.read_only {
            None => Ok(()),
            Some(ReadOnly::Media) => Err(StoreError::ReadOnly {
                path: self.profile_dir().to_owned(),
            }),
            Some(ReadOnly::Damaged(detail)) => Err(StoreError::NeedsRepair {
                path: self.path.clone(),
                detail: detail.clone(),
            }),
        }
    }

    /// A write transaction (it takes the write lock when it begins), refused when the store
    /// is open for reading only.
    fn write_tx(&mut self) -> Result<rusqlite::Transaction<'_>> {
        self.writable()?;
        self.end_index_merge();
        Ok(self.conn.transaction()?)
    }

    /// Runs `write` with its commits not synced to disk on their own (`synchronous = NORMAL`),
    /// for writes whose loss to a power cut costs only doing them again: derived data, claims,
    /// marks that may lag behind what is stored. The next synced commit (any other write)
    /// syncs them with it, and the write-ahead log keeps every commit in order: one lost takes
    /// every later one with it, so none outlives an earlier write it depends on.
    fn unsynced<T>(&mut self, write: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        let written = write(self);
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        written
    }

    /// The id of this connection's lease, stored with the messages it analyses.
    fn lease_id(&self) -> Option<i64> {
        self.lease.as_ref().map(lease::Lease::id)
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Refreshes the query planner's statistics (cheap; done after imports and on close).
    pub fn optimize(&self) -> Result<()> {
        if self.read_only.is_none() {
            self.conn.execute_batch("PRAGMA optimize")?;
        }
        Ok(())
    }

    /// Runs SQLite's full `PRAGMA integrity_check`; an empty list means the file is sound.
    pub fn integrity_check(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let rows: Vec<String> = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows.into_iter().filter(|r| r != "ok").collect())
    }
}

/// SQLite's `PRAGMA quick_check` (every page read, the b-trees and records checked, indexes
/// not compared with their tables: a few seconds for gigabytes); what it found, empty when
/// the file is sound. A file too damaged to run it at all is reported the same way.
fn quick_check(conn: &Connection) -> Result<Vec<String>> {
    let rows = conn.prepare("PRAGMA quick_check").and_then(|mut stmt| {
        stmt.query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<String>>>()
    });
    match rows {
        Ok(rows) => Ok(rows.into_iter().filter(|r| r != "ok").collect()),
        Err(e) if is_damage(&e) => Ok(vec![e.to_string()]),
        Err(e) => Err(e.into()),
    }
}

/// True when SQLite says the file is not a sound database.
fn is_damage(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
    )
}

/// What the damage mark beside the database says, when it is there.
fn damage_mark(profile_dir: &Path) -> Option<String> {
    let text = std::fs::read_to_string(profile_dir.join(DAMAGED_MARK_FILE)).ok()?;
    let text = text.trim();
    Some(if text.is_empty() {
        "found damaged".to_owned()
    } else {
        text.to_owned()
    })
}

/// Leaves the mark that keeps every later run from writing into a damaged database, until
/// `sigillo repair` (best effort: on read-only media nothing is written anyway). Called when
/// SQLite reports damage in the middle of work, too.
pub fn mark_damaged(profile_dir: &Path, detail: &str) {
    let _ = std::fs::write(profile_dir.join(DAMAGED_MARK_FILE), format!("{detail}\n"));
}

/// True for the errors of a folder or file that cannot be written (read-only media, no
/// permission).
fn is_read_only_error(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
    )
}

/// A `file:` URI for SQLite naming `path`, with a query string.
fn sqlite_uri(path: &Path, query: &str) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    let text = absolute.to_string_lossy().replace('\\', "/");
    let mut out = String::from("file:");
    if !text.starts_with('/') {
        // A Windows drive path: file:///C:/...
        out.push_str("///");
    }
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~:".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out.push('?');
    out.push_str(query);
    out
}

impl Drop for Store {
    fn drop(&mut self) {
        // Its connection is served by this store's checkpointer: ended first.
        self.end_index_merge();
        if let Some(c) = &self.checkpointer {
            c.stop();
            if !c.leaves_log_on_close(&beside(&self.path, "-wal")) {
                // A long log, or a long log file: copied into the database file and deleted
                // on close, as SQLite does by default (see `checkpoint`).
                let _ = self
                    .conn
                    .set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, false);
            }
        }
        if self.read_only.is_none() {
            let _ = self.conn.execute_batch("PRAGMA optimize");
        }
    }
}

/// Switches to WAL. On a new file another process may be creating the schema at this moment:
/// the switch then finds the file locked (SQLite does not always wait for it with the busy
/// handler), so it is tried again for as long as a busy write would wait.
fn journal_mode_wal(conn: &Connection) -> rusqlite::Result<String> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        match conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0)) {
            Err(e)
                if matches!(
                    e.sqlite_error_code(),
                    Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
                ) && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            other => return other,
        }
    }
}

fn configure(conn: &mut Connection, path: &Path) -> Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    // Every write transaction takes the write lock when it begins: a transaction that read
    // first and wrote later could fail at once (SQLITE_BUSY_SNAPSHOT) when another connection
    // (the app's window, a background writer, a second sync) wrote in between, where waiting
    // for the lock always works.
    conn.set_transaction_behavior(rusqlite::TransactionBehavior::Immediate);
    let mode = journal_mode_wal(conn).map_err(|e| {
        if is_damage(&e) {
            StoreError::Damaged {
                path: path.to_owned(),
                detail: e.to_string(),
            }
        } else {
            // A folder or file that cannot be written (the caller opens it read-only), or a
            // lock held too long by another process: not damage.
            StoreError::Sqlite(e)
        }
    })?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::Damaged {
            path: path.to_owned(),
            detail: format!("cannot switch to WAL mode (got {mode})"),
        });
    }
    conn.execute_batch(
        "PRAGMA foreign_keys = ON;
         PRAGMA synchronous = FULL;
         PRAGMA cache_size = -65536;
         PRAGMA temp_store = MEMORY;
         PRAGMA analysis_limit = 400;",
    )?;
    // One plan per statement, whatever values are bound: without it SQLite prepares a cached
    // statement again at every new binding whenever a value could change the plan (its
    // STAT4 statistics, or a partial index whose condition names a constant), which was 5 %
    // of an import's CPU; the statements here look rows up by key and gain nothing from it.
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
    // Closing leaves a short log for the next opening instead of copying it into the file
    // (see `checkpoint`; the store's close decides).
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(())
}

/// Makes a folder it created 0700 and the database file 0600 (created empty when missing, so SQLite
/// never creates it with the process umask). SQLite gives its -wal and -shm files the
/// database file's permissions.
#[cfg(unix)]
fn private_file(dir: &Path, created: bool, path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    if created {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(path)?;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    for suffix in ["-wal", "-shm"] {
        let extra = beside(path, suffix);
        if extra.exists() {
            std::fs::set_permissions(&extra, std::fs::Permissions::from_mode(0o600))?;
        }
    }
    Ok(())
}

#[cfg(not(unix))]
fn private_file(_dir: &Path, _created: bool, path: &Path) -> std::io::Result<()> {
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    Ok(())
}

/// The profile folder of the database file at `path`.
fn profile_dir_of(path: &Path) -> &Path {
    path.parent().unwrap_or(Path::new("."))
}

/// The file SQLite keeps beside the database file at `path`: its name with `suffix` added
/// (`-wal`, the write-ahead log; `-shm`, its shared memory).
fn beside(path: &Path, suffix: &str) -> PathBuf {
    PathBuf::from(format!("{}{suffix}", path.display()))
}

/// Seconds since the Unix epoch, now.
fn now_secs() -> i64 {
    chrono::Utc::now().timestamp()
}
