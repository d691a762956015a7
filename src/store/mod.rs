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
mod error;
mod folders;
mod ingest;
mod links;
mod query;
mod schema;
mod source;
mod sync_state;
mod tags;
mod timelines;
mod verification;
mod writer;

use std::path::{Path, PathBuf};

use rusqlite::Connection;

pub use analysis::ANALYSIS_VERSION;
pub use error::{Result, StoreError};
pub use folders::FolderCount;
pub use ingest::{AnalysisJob, Ingested, ReindexSummary};
pub use query::{
    AttachmentRecord, CopyRecord, ListCursor, ListPage, ListQuery, MessageDetail, MessageRow,
    RELEVANCE_TIERS, RecipientRecord, SearchHit, SearchOrder, SearchQuery, SignatureFilter, Stats,
    fts_query, fts_whole_words,
};
pub use schema::SCHEMA_VERSION;
pub use source::{Source, is_sent_folder};
pub use sync_state::{ImapFolderState, Pop3Copy};
pub use tags::DocumentTag;
pub use timelines::{NEEDS_ATTENTION, TimelineQuery};
pub use verification::StoredVerification;
pub use writer::{BackgroundWriter, StoreJob};

/// The database file inside a profile folder.
pub const DATABASE_FILE: &str = "sigillo.db";

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

/// An open store.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Opens (creating when needed) the store of a profile folder and brings its schema up to
    /// date. The folder is made private to the user (0700) and the database file 0600.
    pub fn open(profile_dir: &Path) -> Result<Store> {
        let profile_err = |source| StoreError::Profile {
            path: profile_dir.to_owned(),
            source,
        };
        let created = !profile_dir.exists();
        std::fs::create_dir_all(profile_dir).map_err(profile_err)?;
        let path = profile_dir.join(DATABASE_FILE);
        private_file(profile_dir, created, &path).map_err(profile_err)?;
        let mut conn = Connection::open(&path)?;
        configure(&mut conn, &path)?;
        schema::migrate(&mut conn, &path)?;
        Ok(Store { conn, path })
    }

    /// A second connection to the same database (its schema already up to date), for work
    /// on another thread.
    fn another_connection(&self) -> Result<Store> {
        let mut conn = Connection::open(&self.path)?;
        configure(&mut conn, &self.path)?;
        Ok(Store {
            conn,
            path: self.path.clone(),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Refreshes the query planner's statistics (cheap; done after imports and on close).
    pub fn optimize(&self) -> Result<()> {
        self.conn.execute_batch("PRAGMA optimize")?;
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

impl Drop for Store {
    fn drop(&mut self) {
        let _ = self.conn.execute_batch("PRAGMA optimize");
    }
}

fn configure(conn: &mut Connection, path: &Path) -> Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    // Every write transaction takes the write lock when it begins: a transaction that read
    // first and wrote later could fail at once (SQLITE_BUSY_SNAPSHOT) when another connection
    // (the app's window, a background writer, a second sync) wrote in between, where waiting
    // for the lock always works.
    conn.set_transaction_behavior(rusqlite::TransactionBehavior::Immediate);
    let mode: String = conn
        .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
        .map_err(|e| StoreError::Damaged {
            path: path.to_owned(),
            detail: e.to_string(),
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
        let extra = PathBuf::from(format!("{}{suffix}", path.display()));
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

/// Seconds since the Unix epoch, now.
fn now_secs() -> i64 {
    chrono::Utc::now().timestamp()
}
