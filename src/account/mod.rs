//! PEC accounts: their settings (servers, certificate pins, sync and sending options) in a
//! TOML file in the OS configuration folder, their passwords in the OS keyring only
//! ([`secret`]), the provider presets ([`presets`]) and where their servers are
//! ([`endpoint`]). Trying the servers (the connection test, mailbox health) is the network
//! layer's (`net::check`, `net::health`), which sits above the accounts it reads.
//!
//! The settings file never holds a password: an account names its keyring entry
//! (`keyring_key`), nothing more.

pub mod endpoint;
pub mod manage;
pub mod presets;
pub mod secret;
pub mod text;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use endpoint::{Endpoint, Fingerprint, Protocol, Security, Timeouts};
pub use presets::{PRESETS, Preset, PresetStatus};
pub use secret::{Keyring, Secret, SecretError};

/// The settings file inside the configuration folder.
pub const ACCOUNTS_FILE: &str = "accounts.toml";

/// Environment variable naming the configuration folder (tests, portable installs).
pub const CONFIG_ENV: &str = "SIGILLO_CONFIG_DIR";

/// The configuration folder: `SIGILLO_CONFIG_DIR`, else `<profile>/config` when a profile
/// folder was chosen explicitly (`--profile` or `SIGILLO_PROFILE`), else the OS configuration
/// folder (`~/.config/sigillo` on Linux).
pub fn config_dir(explicit_profile: Option<&Path>) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(CONFIG_ENV).filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    let env_profile = std::env::var_os(crate::profile::PROFILE_ENV)
        .filter(|p| !p.is_empty())
        .map(PathBuf::from);
    if let Some(p) = explicit_profile.map(Path::to_owned).or(env_profile) {
        return Some(p.join("config"));
    }
    let (q, o, a) = crate::profile::PROJECT_DIRS;
    directories::ProjectDirs::from(q, o, a).map(|d| d.config_dir().to_owned())
}

/// How mail is received.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Incoming {
    /// IMAP (recommended: every folder, Sent included).
    Imap,
    /// POP3 (the inbox only).
    Pop3,
}

/// One server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerConfig {
    /// Host name.
    pub host: String,
    /// Port.
    pub port: u16,
    /// `tls` (implicit, default) or `starttls` (only when asked for).
    #[serde(default)]
    pub security: Security,
    /// SHA-256 fingerprint of a self-signed certificate the user accepted for this server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pin: Option<Fingerprint>,
}

impl ServerConfig {
    /// The endpoint to connect to.
    pub fn endpoint(&self, protocol: Protocol, timeouts: Timeouts) -> Endpoint {
        Endpoint {
            protocol,
            host: self.host.clone(),
            port: self.port,
            security: self.security,
            pin: self.pin,
            timeouts,
        }
    }
}

/// IMAP options.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImapOptions {
    /// Folders to sync; empty means every selectable folder.
    #[serde(default)]
    pub folders: Vec<String>,
    /// The Sent folder (found by its special-use flag or name when not set).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent_folder: Option<String>,
    /// Append what Sigillo sends to the Sent folder (off when the provider files it itself).
    #[serde(default = "yes")]
    pub append_sent: bool,
    /// Wait for new mail with IDLE when the server offers it.
    #[serde(default = "yes")]
    pub idle: bool,
    /// Seconds between checks when IDLE is not available (and IDLE refresh).
    #[serde(default = "default_poll")]
    pub poll_seconds: u64,
}

fn yes() -> bool {
    true
}

fn default_poll() -> u64 {
    300
}

impl Default for ImapOptions {
    fn default() -> Self {
        ImapOptions {
            folders: Vec::new(),
            sent_folder: None,
            append_sent: true,
            idle: true,
            poll_seconds: default_poll(),
        }
    }
}

/// POP3 options.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pop3Options {
    /// Delete messages from the server this many days after they were stored here. `None`
    /// (the default) leaves everything on the server: deleting receipts there is how users
    /// lose legal proof, so this is only ever the user's explicit choice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delete_after_days: Option<u32>,
    /// Seconds between checks in watch mode.
    #[serde(default = "default_poll")]
    pub poll_seconds: u64,
}

impl Default for Pop3Options {
    fn default() -> Self {
        Pop3Options {
            delete_after_days: None,
            poll_seconds: default_poll(),
        }
    }
}

/// One PEC account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    /// Short name chosen by the user (`studio`); it is what the store records as the account.
    pub id: String,
    /// The PEC address (the From of what is sent).
    pub address: String,
    /// Name shown beside the address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// Login name (usually the address).
    pub login: String,
    /// The preset the settings came from, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preset: Option<String>,
    /// IMAP or POP3.
    pub incoming: Incoming,
    /// The incoming server.
    pub incoming_server: ServerConfig,
    /// The SMTP submission server.
    pub smtp_server: ServerConfig,
    /// IMAP options.
    #[serde(default)]
    pub imap: ImapOptions,
    /// POP3 options.
    #[serde(default)]
    pub pop3: Pop3Options,
    /// Size × recipients limit for sending, bytes.
    #[serde(default = "default_limit")]
    pub max_size_times_recipients: u64,
    /// The name of this account's password in the OS keyring (no password here, ever).
    pub keyring_key: String,
    /// When the password in the keyring was last set here (never the password itself): the
    /// application passwords of some providers expire a fixed time after they are made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_set: Option<chrono::DateTime<chrono::Utc>>,
    /// Desktop notifications for new PEC and delivery failures of this account.
    #[serde(default = "yes")]
    pub notify: bool,
}

fn default_limit() -> u64 {
    presets::DEFAULT_SIZE_TIMES_RECIPIENTS
}

impl Account {
    /// A new account from a preset, for `address`, logging in as the address, over IMAP.
    pub fn from_preset(id: &str, address: &str, preset: &Preset) -> Account {
        let spec = |s: presets::ServerSpec| ServerConfig {
            host: s.host.to_owned(),
            port: s.port,
            security: s.security,
            pin: None,
        };
        Account {
            id: id.to_owned(),
            address: address.to_owned(),
            display_name: None,
            login: address.to_owned(),
            preset: Some(preset.id.to_owned()),
            incoming: Incoming::Imap,
            incoming_server: spec(preset.imap),
            smtp_server: spec(preset.smtp),
            imap: ImapOptions {
                append_sent: !preset.provider_saves_sent,
                ..ImapOptions::default()
            },
            pop3: Pop3Options::default(),
            max_size_times_recipients: preset.max_size_times_recipients,
            keyring_key: new_keyring_key(address),
            password_set: None,
            notify: true,
        }
    }

    /// A new account with custom servers.
    pub fn custom(
        id: &str,
        address: &str,
        incoming: Incoming,
        incoming_server: ServerConfig,
        smtp_server: ServerConfig,
    ) -> Account {
        Account {
            id: id.to_owned(),
            address: address.to_owned(),
            display_name: None,
            login: address.to_owned(),
            preset: None,
            incoming,
            incoming_server,
            smtp_server,
            imap: ImapOptions::default(),
            pop3: Pop3Options::default(),
            max_size_times_recipients: presets::DEFAULT_SIZE_TIMES_RECIPIENTS,
            keyring_key: new_keyring_key(address),
            password_set: None,
            notify: true,
        }
    }

    /// The preset the account came from, if it names a known one.
    pub fn preset(&self) -> Option<&'static Preset> {
        self.preset.as_deref().and_then(presets::preset)
    }

    /// True when the incoming and the SMTP server are the same host (one certificate then
    /// serves both, and one pin is enough).
    pub fn servers_share_host(&self) -> bool {
        self.incoming_server
            .host
            .eq_ignore_ascii_case(&self.smtp_server.host)
    }

    /// Pins `fingerprint` on every server of the account whose host is `host` (both, when
    /// they share it). Returns how many servers were pinned.
    pub fn pin_host(&mut self, host: &str, fingerprint: Fingerprint) -> usize {
        let mut n = 0;
        for s in [&mut self.incoming_server, &mut self.smtp_server] {
            if s.host.eq_ignore_ascii_case(host) {
                s.pin = Some(fingerprint);
                n += 1;
            }
        }
        n
    }

    /// The protocol of the incoming server.
    pub fn incoming_protocol(&self) -> Protocol {
        match self.incoming {
            Incoming::Imap => Protocol::Imap,
            Incoming::Pop3 => Protocol::Pop3,
        }
    }

    /// Checks the settings; the first problem found.
    pub fn validate(&self) -> Result<(), AccountError> {
        let id_ok = !self.id.is_empty()
            && self.id.len() <= 64
            && self
                .id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
        if !id_ok {
            return Err(AccountError::InvalidId(self.id.clone()));
        }
        if presets::domain_of(&self.address).is_none() || self.address.contains(char::is_whitespace)
        {
            return Err(AccountError::InvalidAddress(self.address.clone()));
        }
        if self.login.is_empty() {
            return Err(AccountError::MissingLogin);
        }
        for s in [&self.incoming_server, &self.smtp_server] {
            if s.host.trim().is_empty() || s.host.contains(char::is_whitespace) || s.port == 0 {
                return Err(AccountError::InvalidServer(format!(
                    "{}:{}",
                    s.host, s.port
                )));
            }
        }
        Ok(())
    }
}

/// A keyring entry name unique to this account, readable in the OS keyring manager.
fn new_keyring_key(address: &str) -> String {
    let mut r = [0u8; 4];
    let _ = openssl::rand::rand_bytes(&mut r);
    format!("{} [{}]", address.to_ascii_lowercase(), hex::encode(r))
}

/// Why the account settings could not be used.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    /// No configuration folder for this user.
    #[error("cannot find a configuration folder for this user: set SIGILLO_CONFIG_DIR")]
    NoConfigDir,
    /// The settings file could not be read or written.
    #[error("cannot use the account settings file {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The settings file is not valid.
    #[error("the account settings file {path} is not valid: {detail}")]
    Invalid { path: PathBuf, detail: String },
    /// An account with this name exists.
    #[error("there is already an account named {0}")]
    Exists(String),
    /// No account with this name.
    #[error("there is no account named {0}")]
    NotFound(String),
    /// A name that cannot be used.
    #[error("{0:?} cannot be an account name: use letters, digits, '-', '_' or '.'")]
    InvalidId(String),
    /// Not an e-mail address.
    #[error("{0:?} is not an e-mail address")]
    InvalidAddress(String),
    /// No login.
    #[error("the login name is missing")]
    MissingLogin,
    /// A server without a host or port.
    #[error("{0} is not a valid server")]
    InvalidServer(String),
    /// An unknown preset.
    #[error("there is no provider preset named {0}")]
    UnknownPreset(String),
}

/// The accounts of a configuration folder.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountBook {
    /// The accounts, in the order they were added.
    #[serde(default, rename = "account")]
    pub accounts: Vec<Account>,
}

impl AccountBook {
    /// The settings file of a configuration folder.
    pub fn path(dir: &Path) -> PathBuf {
        dir.join(ACCOUNTS_FILE)
    }

    /// Reads the accounts (none when the file does not exist).
    pub fn load(dir: &Path) -> Result<AccountBook, AccountError> {
        let path = Self::path(dir);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(AccountBook::default());
            }
            Err(source) => return Err(AccountError::Io { path, source }),
        };
        let book: AccountBook = toml::from_str(&text).map_err(|e| AccountError::Invalid {
            path: path.clone(),
            detail: e.to_string(),
        })?;
        for a in &book.accounts {
            a.validate().map_err(|e| AccountError::Invalid {
                path: path.clone(),
                detail: e.to_string(),
            })?;
        }
        Ok(book)
    }

    /// Writes the accounts atomically (a temporary file renamed over the old one), private to
    /// the user.
    pub fn save(&self, dir: &Path) -> Result<(), AccountError> {
        let path = Self::path(dir);
        let io = |source| AccountError::Io {
            path: path.clone(),
            source,
        };
        std::fs::create_dir_all(dir).map_err(io)?;
        let text = toml::to_string_pretty(self).map_err(|e| AccountError::Invalid {
            path: path.clone(),
            detail: e.to_string(),
        })?;
        let tmp = dir.join(format!(".{ACCOUNTS_FILE}.tmp"));
        crate::profile::write_private(&tmp, text.as_bytes()).map_err(io)?;
        std::fs::rename(&tmp, &path).map_err(io)
    }

    /// The account with this id.
    pub fn get(&self, id: &str) -> Option<&Account> {
        self.accounts.iter().find(|a| a.id == id)
    }

    /// Adds an account (its id must be new).
    pub fn add(&mut self, account: Account) -> Result<(), AccountError> {
        account.validate()?;
        if self.get(&account.id).is_some() {
            return Err(AccountError::Exists(account.id));
        }
        self.accounts.push(account);
        Ok(())
    }

    /// Replaces the account with the same id.
    pub fn update(&mut self, account: Account) -> Result<(), AccountError> {
        account.validate()?;
        let slot = self
            .accounts
            .iter_mut()
            .find(|a| a.id == account.id)
            .ok_or_else(|| AccountError::NotFound(account.id.clone()))?;
        *slot = account;
        Ok(())
    }

    /// Removes an account and returns it.
    pub fn remove(&mut self, id: &str) -> Result<Account, AccountError> {
        let i = self
            .accounts
            .iter()
            .position(|a| a.id == id)
            .ok_or_else(|| AccountError::NotFound(id.to_owned()))?;
        Ok(self.accounts.remove(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Account {
        let mut a =
            Account::from_preset("studio", "mario@pec.it", presets::preset("aruba").unwrap());
        a.incoming_server.pin = Some(Fingerprint([7; 32]));
        a
    }

    #[test]
    fn settings_round_trip_and_hold_no_password() {
        let dir = tempfile::tempdir().unwrap();
        let mut book = AccountBook::default();
        book.add(sample()).unwrap();
        book.save(dir.path()).unwrap();
        let text = std::fs::read_to_string(AccountBook::path(dir.path())).unwrap();
        assert!(text.contains("imaps.pec.aruba.it"));
        assert!(
            text.contains("07:07:07"),
            "the pin is stored as a fingerprint"
        );
        assert!(!text.to_lowercase().contains("password"));
        assert!(text.contains("poll_seconds = 300"));
        let back = AccountBook::load(dir.path()).unwrap();
        assert_eq!(back, book);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(AccountBook::path(dir.path()))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn ids_are_unique_and_validated() {
        let mut book = AccountBook::default();
        book.add(sample()).unwrap();
        assert!(matches!(book.add(sample()), Err(AccountError::Exists(_))));
        let mut bad = sample();
        bad.id = "due parole".into();
        assert!(matches!(book.add(bad), Err(AccountError::InvalidId(_))));
        let mut bad = sample();
        bad.id = "x".into();
        bad.address = "not-an-address".into();
        assert!(matches!(
            book.add(bad),
            Err(AccountError::InvalidAddress(_))
        ));
        assert_eq!(book.remove("studio").unwrap().id, "studio");
        assert!(matches!(
            book.remove("studio"),
            Err(AccountError::NotFound(_))
        ));
    }

    #[test]
    fn a_damaged_file_is_an_error_that_names_it() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(AccountBook::path(dir.path()), "[[account]]\nid = 3\n").unwrap();
        match AccountBook::load(dir.path()) {
            Err(AccountError::Invalid { path, .. }) => assert!(path.ends_with(ACCOUNTS_FILE)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn keyring_keys_differ_between_accounts() {
        let a = sample();
        let b = sample();
        assert_ne!(a.keyring_key, b.keyring_key);
        assert!(a.keyring_key.starts_with("mario@pec.it ["));
    }
}
