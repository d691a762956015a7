//! Where the time-stamping authority is configured: its address, user name, whether dossiers
//! are timestamped by default in the window and the register's head every day
//! (`timestamp.toml` in the configuration folder, beside `accounts.toml`); its password in the
//! OS keyring only; the trust points for authorities in the profile's `tsa-trust/` folder (one
//! PEM file per certificate, named by its SHA-256 fingerprint).

use std::path::{Path, PathBuf};

use openssl::x509::X509;
use serde::{Deserialize, Serialize};

use crate::account::{Keyring, Secret, SecretError};
use crate::verify::{CertInfo, certinfo, trust::parse_certificates};

/// The settings file inside the configuration folder.
pub const SETTINGS_FILE: &str = "timestamp.toml";
/// The profile folder of trust points for authorities.
pub const ANCHOR_DIR: &str = "tsa-trust";
/// The keyring entry of the authority's password.
pub const KEYRING_KEY: &str = "timestamp-authority";

/// The authority and when to use it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TsaSettings {
    /// Its address (`https://…`), empty when none.
    #[serde(default)]
    pub url: String,
    /// The user name for HTTP Basic authentication, when it asks for one (the password is
    /// in the keyring).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// The policy to ask for (OID), when the authority has several.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<String>,
    /// Timestamp every dossier exported from the window.
    #[serde(default)]
    pub dossiers: bool,
    /// Timestamp the register's head once a day.
    #[serde(default)]
    pub register_daily: bool,
}

/// Why the settings cannot be read or written.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    /// A file could not be read or written.
    #[error("cannot use {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The settings file is not valid.
    #[error("{path} is not valid: {detail}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// Why.
        detail: String,
    },
    /// A file given as a trust point holds no certificate.
    #[error("{0} holds no certificate")]
    NotCertificate(PathBuf),
}

impl TsaSettings {
    /// True when an authority is configured.
    pub fn is_configured(&self) -> bool {
        !self.url.trim().is_empty()
    }

    /// Reads the settings of a configuration folder (defaults when there are none).
    pub fn load(config_dir: &Path) -> Result<TsaSettings, SettingsError> {
        let path = config_dir.join(SETTINGS_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => toml::from_str(&text).map_err(|e| SettingsError::Invalid {
                path,
                detail: e.to_string(),
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(TsaSettings::default()),
            Err(source) => Err(SettingsError::Io { path, source }),
        }
    }

    /// Writes the settings atomically, private to the user.
    pub fn save(&self, config_dir: &Path) -> Result<(), SettingsError> {
        let path = config_dir.join(SETTINGS_FILE);
        let io = |source| SettingsError::Io {
            path: path.clone(),
            source,
        };
        std::fs::create_dir_all(config_dir).map_err(io)?;
        let text = toml::to_string_pretty(self).map_err(|e| SettingsError::Invalid {
            path: path.clone(),
            detail: e.to_string(),
        })?;
        let tmp = config_dir.join(format!(".{SETTINGS_FILE}.tmp"));
        crate::profile::write_private(&tmp, text.as_bytes()).map_err(io)?;
        std::fs::rename(&tmp, &path).map_err(io)
    }

    /// The user name and password to send, when a user name is set (the password from the
    /// keyring; `None` there means an empty one).
    pub fn credentials(&self, keyring: &Keyring) -> Result<Option<(String, Secret)>, SecretError> {
        match self.username.as_deref().filter(|u| !u.is_empty()) {
            None => Ok(None),
            Some(user) => {
                let password = keyring.get(KEYRING_KEY)?.unwrap_or_else(|| Secret::new(""));
                Ok(Some((user.to_owned(), password)))
            }
        }
    }
}

/// The folder of trust points for authorities in a profile.
pub fn anchor_dir(profile_dir: &Path) -> PathBuf {
    profile_dir.join(ANCHOR_DIR)
}

/// The trust points for authorities of a profile (none when the folder is missing).
pub fn load_anchors(profile_dir: &Path) -> Result<Vec<X509>, SettingsError> {
    let dir = anchor_dir(profile_dir);
    let rd = match std::fs::read_dir(&dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => return Err(SettingsError::Io { path: dir, source }),
    };
    let mut paths: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
    paths.sort();
    let mut out = Vec::new();
    for path in paths {
        let bytes = std::fs::read(&path).map_err(|source| SettingsError::Io {
            path: path.clone(),
            source,
        })?;
        let certs = parse_certificates(&bytes);
        if certs.is_empty() {
            return Err(SettingsError::NotCertificate(path));
        }
        out.extend(certs);
    }
    Ok(out)
}

/// Adds the certificates of `file` (PEM or DER) as trust points for authorities.
pub fn add_anchor(profile_dir: &Path, file: &Path) -> Result<Vec<CertInfo>, SettingsError> {
    let bytes = std::fs::read(file).map_err(|source| SettingsError::Io {
        path: file.to_owned(),
        source,
    })?;
    let certs = parse_certificates(&bytes);
    if certs.is_empty() {
        return Err(SettingsError::NotCertificate(file.to_owned()));
    }
    let dir = anchor_dir(profile_dir);
    std::fs::create_dir_all(&dir).map_err(|source| SettingsError::Io {
        path: dir.clone(),
        source,
    })?;
    let mut added = Vec::new();
    for cert in certs {
        let fp = certinfo::fingerprint(&cert);
        let pem = cert.to_pem().map_err(|e| SettingsError::Invalid {
            path: file.to_owned(),
            detail: e.to_string(),
        })?;
        let path = dir.join(format!("{fp}.pem"));
        std::fs::write(&path, pem).map_err(|source| SettingsError::Io { path, source })?;
        added.push(certinfo::cert_info(&cert));
    }
    Ok(added)
}

/// Removes the trust point whose fingerprint starts with `prefix`; what it was.
pub fn remove_anchor(profile_dir: &Path, prefix: &str) -> Result<Option<CertInfo>, SettingsError> {
    let prefix = prefix.to_ascii_lowercase().replace(':', "");
    for cert in load_anchors(profile_dir)? {
        let fp = certinfo::fingerprint(&cert);
        if !prefix.is_empty() && fp.starts_with(&prefix) {
            let path = anchor_dir(profile_dir).join(format!("{fp}.pem"));
            std::fs::remove_file(&path).map_err(|source| SettingsError::Io { path, source })?;
            return Ok(Some(certinfo::cert_info(&cert)));
        }
    }
    Ok(None)
}

/// Every trust point as one PEM text, for a dossier's `certificates/tsa-anchors.pem`.
pub fn anchors_pem(anchors: &[X509]) -> Vec<u8> {
    let mut out = Vec::new();
    for a in anchors {
        let info = certinfo::cert_info(a);
        out.extend_from_slice(
            format!(
                "# Trust point for time-stamping authorities: {}\n# SHA-256 fingerprint: {}\n",
                info.subject.replace(['\n', '\r'], " "),
                info.sha256
            )
            .as_bytes(),
        );
        if let Ok(pem) = a.to_pem() {
            out.extend_from_slice(&pem);
        }
    }
    out
}
