//! The app's access to the engine: the profile's store and trust list, used from background
//! threads so the window never waits on SQLite or OpenSSL.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use sigillo::i18n::{Lang, trust_error_text};
use sigillo::net::reply::ReplyError;
use sigillo::store::text::store_error_text;
use sigillo::store::{ReadOnly, Store, StoreError};
use sigillo::verify::{TrustError, TrustList};

/// The open profile, cheap to clone into tasks.
#[derive(Clone)]
pub struct Data {
    store: Arc<Mutex<Store>>,
    trust: Arc<Mutex<Arc<TrustList>>>,
    profile: PathBuf,
    /// Set when the store opened for reading only (read-only media, found damaged).
    read_only: Option<ReadOnly>,
}

impl std::fmt::Debug for Data {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Data")
            .field("profile", &self.profile)
            .finish()
    }
}

/// A failure to show to the user, kept with its kind until it is drawn: a one-line summary
/// and, on demand, the details in the user's language (a full disk, a damaged or busy store
/// and what to do, the trust list's problem…).
#[derive(Debug, Clone)]
pub enum Failure {
    /// The store failed or refused.
    Store(Arc<StoreError>),
    /// The profile's trust list cannot be read.
    Trust(Arc<TrustError>),
    /// The system names no folder for the profile.
    NoProfile,
    /// The profile is read-only and the action would write to it.
    ReadOnly,
    /// The window's settings could not be saved.
    Settings(Arc<std::io::Error>),
    /// No reply or forward could be prepared.
    Reply(ReplyError),
    /// Work in the background stopped before finishing (a bug): what it said.
    Internal(String),
}

impl Failure {
    /// A failure of the store.
    pub fn store(e: StoreError) -> Failure {
        Failure::Store(Arc::new(e))
    }

    /// Background work that stopped before finishing.
    pub fn internal(detail: impl Into<String>) -> Failure {
        Failure::Internal(detail.into())
    }

    /// The i18n key of the summary line.
    pub fn summary_key(&self) -> &'static str {
        match self {
            Failure::Store(_) => "gui-error-store",
            Failure::Trust(_) => "gui-error-trust",
            Failure::NoProfile => "gui-error-no-profile",
            Failure::ReadOnly => "gui-read-only-refused",
            Failure::Settings(_) => "gui-error-settings",
            Failure::Reply(ReplyError::NoOriginal) => "gui-reply-no-original",
            Failure::Reply(ReplyError::Unreadable) => "gui-reply-unreadable",
            Failure::Internal(_) => "gui-error-internal",
        }
    }

    /// The details, in `lang`, for the store of `profile`; `None` when the summary says all.
    pub fn details(&self, lang: Lang, profile: Option<&Path>) -> Option<String> {
        match self {
            Failure::Store(e) => Some(store_error_text(lang, e, profile)),
            Failure::Trust(e) => Some(trust_error_text(lang, e)),
            Failure::Settings(e) => Some(e.to_string()),
            Failure::Internal(d) => Some(d.clone()),
            Failure::NoProfile | Failure::ReadOnly | Failure::Reply(_) => None,
        }
    }
}

impl Data {
    /// Opens the store and trust list of a profile folder.
    pub fn open(profile: &Path) -> Result<Data, Failure> {
        let store = Store::open(profile).map_err(Failure::store)?;
        let read_only = store.read_only().cloned();
        let trust = TrustList::load(profile).map_err(|e| Failure::Trust(Arc::new(e)))?;
        Ok(Data {
            store: Arc::new(Mutex::new(store)),
            trust: Arc::new(Mutex::new(Arc::new(trust))),
            profile: profile.to_owned(),
            read_only,
        })
    }

    /// The app's data around a store opened by the caller (tests: a store opened read-only
    /// as `Store::open` opens one on read-only media).
    #[cfg(test)]
    pub fn from_store(store: Store, profile: &Path) -> Data {
        Data {
            read_only: store.read_only().cloned(),
            store: Arc::new(Mutex::new(store)),
            trust: Arc::new(Mutex::new(Arc::new(TrustList::builtin()))),
            profile: profile.to_owned(),
        }
    }

    /// Why the profile is open for reading only, or None when it can be written.
    pub fn read_only(&self) -> Option<&ReadOnly> {
        self.read_only.as_ref()
    }

    /// The profile folder.
    pub fn profile(&self) -> &Path {
        &self.profile
    }

    /// The trust list in use.
    pub fn trust(&self) -> Arc<TrustList> {
        self.trust
            .lock()
            .map(|t| t.clone())
            .unwrap_or_else(|p| p.into_inner().clone())
    }

    /// Reloads the trust list after a change.
    pub fn reload_trust(&self) -> Result<(), Failure> {
        let t = TrustList::load(&self.profile).map_err(|e| Failure::Trust(Arc::new(e)))?;
        let mut guard = self.trust.lock().unwrap_or_else(|p| p.into_inner());
        *guard = Arc::new(t);
        Ok(())
    }

    /// Runs `f` on the store in a blocking thread and hands back its result.
    pub async fn with_store<T, F>(&self, f: F) -> Result<T, Failure>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> Result<T, StoreError> + Send + 'static,
    {
        let store = self.store.clone();
        tokio::task::spawn_blocking(move || {
            let mut guard = store.lock().unwrap_or_else(|p| p.into_inner());
            f(&mut guard).map_err(Failure::store)
        })
        .await
        .unwrap_or_else(|e| Err(Failure::internal(e.to_string())))
    }

    /// Runs `f` on the store synchronously (tests only).
    #[cfg(test)]
    pub fn with_store_now<T>(
        &self,
        f: impl FnOnce(&mut Store) -> Result<T, StoreError>,
    ) -> Result<T, Failure> {
        let mut guard = self.store.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut guard).map_err(Failure::store)
    }
}
