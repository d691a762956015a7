//! Passwords live only in the OS keyring (Secret Service on Linux and the BSDs, the Keychain
//! on macOS, the Credential Manager on Windows), through `keyring-core` and the store crate
//! of each platform. Never in a file, the database or a log: [`Secret`] has no way to be
//! printed, and the keyring entry holds nothing but the password.
//!
//! When no keyring can be reached (no session bus, a locked or missing Secret Service), the
//! app says so and asks for the password each time it needs one.

use std::sync::Arc;

use keyring_core::{CredentialStore, Entry};

use crate::profile::APP_ID;

/// A password. It cannot be printed or serialised; its bytes are wiped when dropped.
pub struct Secret(String);

impl Secret {
    /// Wraps a password.
    pub fn new(s: impl Into<String>) -> Secret {
        Secret(s.into())
    }

    /// The password, for the one place that sends it to a server.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// True for an empty password.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Clone for Secret {
    fn clone(&self) -> Self {
        Secret(self.0.clone())
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(<hidden>)")
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        // Overwrite the bytes before the allocation is freed (best effort, no extra crate).
        let mut bytes = std::mem::take(&mut self.0).into_bytes();
        bytes.fill(0);
        std::hint::black_box(&bytes);
    }
}

/// Why a keyring operation failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    /// No keyring on this system (or it could not be reached).
    #[error("no keyring is available on this system: {0}")]
    Unavailable(String),
    /// The keyring is there but refused or failed.
    #[error("the keyring failed: {0}")]
    Failed(String),
}

/// The keyring, or the reason there is none.
#[derive(Clone)]
pub struct Keyring {
    store: Result<Arc<CredentialStore>, String>,
}

impl std::fmt::Debug for Keyring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.store {
            Ok(s) => write!(f, "Keyring({})", s.vendor()),
            Err(e) => write!(f, "Keyring(unavailable: {e})"),
        }
    }
}

/// Set to `1` to never use the OS keyring (the password is asked each time).
pub const NO_KEYRING_ENV: &str = "SIGILLO_NO_KEYRING";

impl Keyring {
    /// The OS keyring of this platform, or the reason it cannot be used.
    pub fn system() -> Keyring {
        if std::env::var(NO_KEYRING_ENV).as_deref() == Ok("1") {
            return Keyring::unavailable(format!("{NO_KEYRING_ENV}=1"));
        }
        Keyring {
            store: platform_store(),
        }
    }

    /// A keyring over a given store (the `keyring-core` mock store in tests).
    pub fn with_store(store: Arc<CredentialStore>) -> Keyring {
        Keyring { store: Ok(store) }
    }

    /// No keyring, for this reason.
    pub fn unavailable(reason: impl Into<String>) -> Keyring {
        Keyring {
            store: Err(reason.into()),
        }
    }

    /// Why there is no keyring, if there is none.
    pub fn unavailable_reason(&self) -> Option<&str> {
        self.store.as_ref().err().map(|s| s.as_str())
    }

    /// True when passwords can be kept.
    pub fn is_available(&self) -> bool {
        self.store.is_ok()
    }

    fn entry(&self, key: &str) -> Result<Entry, SecretError> {
        let store = self
            .store
            .as_ref()
            .map_err(|e| SecretError::Unavailable(e.clone()))?;
        Entry::new_in_store(store, APP_ID, key).map_err(map_err)
    }

    /// Stores the password under `key` (an account's keyring name), replacing any earlier one.
    pub fn set(&self, key: &str, password: &Secret) -> Result<(), SecretError> {
        self.entry(key)?
            .set_password(password.expose())
            .map_err(map_err)
    }

    /// The password under `key`; `None` when there is none.
    pub fn get(&self, key: &str) -> Result<Option<Secret>, SecretError> {
        match self.entry(key)?.get_password() {
            Ok(p) => Ok(Some(Secret::new(p))),
            Err(keyring_core::Error::NoEntry) => Ok(None),
            Err(e) => Err(map_err(e)),
        }
    }

    /// Removes the password under `key`; true when there was one.
    pub fn delete(&self, key: &str) -> Result<bool, SecretError> {
        match self.entry(key)?.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring_core::Error::NoEntry) => Ok(false),
            Err(e) => Err(map_err(e)),
        }
    }
}

fn map_err(e: keyring_core::Error) -> SecretError {
    match e {
        keyring_core::Error::NoStorageAccess(inner) => SecretError::Unavailable(inner.to_string()),
        keyring_core::Error::NoDefaultStore => SecretError::Unavailable(e.to_string()),
        // Never include a password: keyring-core errors carry none except BadEncoding, whose
        // bytes are the stored secret.
        keyring_core::Error::BadEncoding(_) | keyring_core::Error::BadDataFormat(_, _) => {
            SecretError::Failed("the stored password is not valid text".into())
        }
        other => SecretError::Failed(other.to_string()),
    }
}

#[cfg(all(unix, not(target_os = "macos")))]
fn platform_store() -> Result<Arc<CredentialStore>, String> {
    zbus_secret_service_keyring_store::Store::new()
        .map(|s| s as Arc<CredentialStore>)
        .map_err(|e| format!("Secret Service: {e}"))
}

#[cfg(target_os = "macos")]
fn platform_store() -> Result<Arc<CredentialStore>, String> {
    apple_native_keyring_store::keychain::Store::new()
        .map(|s| s as Arc<CredentialStore>)
        .map_err(|e| format!("Keychain: {e}"))
}

#[cfg(windows)]
fn platform_store() -> Result<Arc<CredentialStore>, String> {
    windows_native_keyring_store::Store::new()
        .map(|s| s as Arc<CredentialStore>)
        .map_err(|e| format!("Credential Manager: {e}"))
}

#[cfg(not(any(unix, windows)))]
fn platform_store() -> Result<Arc<CredentialStore>, String> {
    Err("no keyring support for this operating system".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mock() -> Keyring {
        Keyring::with_store(keyring_core::mock::Store::new().unwrap())
    }

    #[test]
    fn set_get_replace_delete() {
        let k = mock();
        assert!(k.is_available());
        assert!(k.get("a").unwrap().is_none());
        k.set("a", &Secret::new("uno")).unwrap();
        assert_eq!(k.get("a").unwrap().unwrap().expose(), "uno");
        k.set("a", &Secret::new("due")).unwrap();
        assert_eq!(k.get("a").unwrap().unwrap().expose(), "due");
        assert!(k.get("b").unwrap().is_none(), "entries are per key");
        assert!(k.delete("a").unwrap());
        assert!(!k.delete("a").unwrap());
        assert!(k.get("a").unwrap().is_none());
    }

    #[test]
    fn an_unavailable_keyring_says_why() {
        let k = Keyring::unavailable("no session bus");
        assert!(!k.is_available());
        assert_eq!(k.unavailable_reason(), Some("no session bus"));
        match k.get("a") {
            Err(SecretError::Unavailable(r)) => assert_eq!(r, "no session bus"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            k.set("a", &Secret::new("x")),
            Err(SecretError::Unavailable(_))
        ));
    }

    #[test]
    fn a_failing_store_is_an_error_not_a_panic() {
        let store = keyring_core::mock::Store::new().unwrap();
        let k = Keyring::with_store(store.clone());
        k.set("a", &Secret::new("pw")).unwrap();
        let entry = Entry::new_in_store(&(store as Arc<CredentialStore>), APP_ID, "a").unwrap();
        let cred: &keyring_core::mock::Cred = entry.as_any().downcast_ref().unwrap();
        cred.set_error(keyring_core::Error::NoStorageAccess(Box::new(
            std::io::Error::other("locked"),
        )));
        match k.get("a") {
            Err(SecretError::Unavailable(r)) => assert!(r.contains("locked")),
            other => panic!("{other:?}"),
        }
        // The error was one-shot: the keyring works again.
        assert_eq!(k.get("a").unwrap().unwrap().expose(), "pw");
    }

    #[test]
    fn secrets_never_print() {
        let s = Secret::new("hunter2-segreto");
        assert!(!format!("{s:?}").contains("hunter2"));
    }
}
