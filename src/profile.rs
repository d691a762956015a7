//! Where a profile lives. A profile is one folder holding a user's store, trust list and
//! settings; the default one is in the OS data directory. Every layer resolves it here.

use std::path::{Path, PathBuf};

/// Reverse-DNS application id, used everywhere an id is needed (desktop file, keyring service,
/// bundle ids).
pub const APP_ID: &str = "it.sigillo.Sigillo";

/// The `directories` triple derived from [`APP_ID`].
pub const PROJECT_DIRS: (&str, &str, &str) = ("it", "sigillo", "Sigillo");

/// Environment variable naming the profile folder when `--profile` is not given.
pub const PROFILE_ENV: &str = "SIGILLO_PROFILE";

/// The OS data folder of Sigillo (e.g. `~/.local/share/sigillo` on Linux).
pub fn data_dir() -> Option<PathBuf> {
    let (q, o, a) = PROJECT_DIRS;
    directories::ProjectDirs::from(q, o, a).map(|d| d.data_dir().to_owned())
}

/// The default profile folder, if the OS has a data folder.
pub fn default_profile_dir() -> Option<PathBuf> {
    data_dir().map(|d| d.join("profiles").join("default"))
}

/// The profile folder to use: the one given, else `SIGILLO_PROFILE`, else the default one.
pub fn resolve(given: Option<&Path>) -> Option<PathBuf> {
    if let Some(p) = given {
        return Some(p.to_owned());
    }
    if let Some(p) = std::env::var_os(PROFILE_ENV).filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    default_profile_dir()
}

/// Writes a file only the user can read (mode 0600 on Unix), and flushes it to disk.
#[cfg(unix)]
pub fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// Writes a file (the user's profile folder already keeps it private on this system).
#[cfg(not(unix))]
pub fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, bytes)
}

/// True when `dir` exists and cannot be written: read-only media, or no write permission.
/// Tried for real (a file is made and removed at once): permission bits do not tell about a
/// read-only mount, nor about the administrator's rights.
pub fn is_read_only(dir: &Path) -> bool {
    if !dir.is_dir() {
        return false;
    }
    let probe = dir.join(format!(".sigillo-write-test-{}", std::process::id()));
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
    {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            false
        }
        Err(e) => matches!(
            e.kind(),
            std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
        ),
    }
}
