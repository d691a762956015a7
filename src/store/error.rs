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
    Sqlite(#[from] rusqlite::Error),
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
    /// No message with this id.
    #[error("there is no message with id {0} in this store")]
    NoSuchMessage(i64),
}

/// Result alias of the store.
pub type Result<T> = std::result::Result<T, StoreError>;
