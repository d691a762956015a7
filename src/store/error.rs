//! What can go wrong in the store, in sentences a user can act on.

use std::path::PathBuf;

/// An error of the local store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The profile folder could not be created or used.
    #[error("cannot use the profile folder {path}: {source}")]
    Profile {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// No data folder could be determined for this user.
    #[error("cannot find a data folder for this user: pass --profile DIR")]
    NoDataDir,
    /// SQLite reported an error.
    #[error("the message database reported an error: {0}")]
    Sqlite(rusqlite::Error),
    /// The disk (or the user's quota) is full: the write was undone, what was stored before
    /// is intact.
    #[error(
        "the disk holding the message database is full: this write was undone and everything stored before is intact; free some space and try again"
    )]
    DiskFull,
    /// The database was written by a newer Sigillo.
    #[error(
        "the message database {path} has schema version {found}, newer than this Sigillo knows ({known}): update Sigillo"
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    /// The database file is damaged.
    #[error("the message database {path} is damaged: {detail}")]
    Damaged { path: PathBuf, detail: String },
    /// The database was found damaged: nothing more is written into it.
    #[error(
        "the message database {path} is damaged ({detail}): nothing more is written into it; run `sigillo repair` to copy every message that can still be read into a new database (the damaged file is kept beside it)"
    )]
    NeedsRepair { path: PathBuf, detail: String },
    /// The profile cannot be written (read-only media, no write permission): it was opened
    /// for reading only.
    #[error(
        "the profile {path} is read-only (read-only media or no write permission): it can be browsed, searched and exported, but nothing can be written to it"
    )]
    ReadOnly { path: PathBuf },
    /// A read-only database of an older schema: it cannot be upgraded in place.
    #[error(
        "the message database {path} is read-only and has schema version {found}, older than this Sigillo reads ({known}): copy the profile folder to a place you can write to and open the copy (it is upgraded there)"
    )]
    ReadOnlyOlder {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    /// `sigillo repair` cannot run while another process has the store open.
    #[error(
        "the store is in use by another Sigillo process ({pids}): close the window and stop other sigillo commands, then run the repair again"
    )]
    InUse { pids: String },
    /// The thread that stores downloaded messages stopped unexpectedly.
    #[error(
        "storing downloaded messages stopped unexpectedly ({0}); what was stored is kept, the rest is downloaded again by the next sync"
    )]
    Worker(String),
    /// No message with this id.
    #[error("there is no message with id {0} in this store")]
    NoSuchMessage(i64),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DiskFull) => StoreError::DiskFull,
            _ => StoreError::Sqlite(e),
        }
    }
}

impl StoreError {
    /// True when the store (or its folder) cannot be written: read-only media, no permission.
    pub fn is_read_only(&self) -> bool {
        match self {
            StoreError::ReadOnly { .. } | StoreError::ReadOnlyOlder { .. } => true,
            StoreError::Sqlite(e) => matches!(
                e.sqlite_error_code(),
                Some(rusqlite::ErrorCode::ReadOnly | rusqlite::ErrorCode::CannotOpen)
            ),
            StoreError::Profile { source, .. } => matches!(
                source.kind(),
                std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
            ),
            _ => false,
        }
    }

    /// True when the database file is damaged (SQLite found it corrupt, or a check did).
    pub fn is_damage(&self) -> bool {
        match self {
            StoreError::NeedsRepair { .. } | StoreError::Damaged { .. } => true,
            StoreError::Sqlite(e) => matches!(
                e.sqlite_error_code(),
                Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
            ),
            _ => false,
        }
    }
}

impl StoreError {
    /// True when the disk is full (the user can free space and try again).
    pub fn is_disk_full(&self) -> bool {
        match self {
            StoreError::DiskFull => true,
            StoreError::Profile { source, .. } => source.kind() == std::io::ErrorKind::StorageFull,
            _ => false,
        }
    }
}

/// Result alias of the store.
pub type Result<T> = std::result::Result<T, StoreError>;
