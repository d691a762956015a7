//! Where a profile lives. A profile is one folder holding a user's store, trust list and
//! settings; the default one is in the OS data directory.

use std::path::PathBuf;

/// Reverse-DNS application id, used everywhere an id is needed (desktop file, keyring service,
/// bundle ids, OS directories).
pub const APP_ID: &str = "it.sigillo.Sigillo";

/// The default profile folder (e.g. `~/.local/share/sigillo` on Linux), if the OS has one.
pub fn default_profile_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("it", "sigillo", "Sigillo").map(|d| d.data_dir().to_owned())
}

/// The profile folder to use: the one given, else the default one.
pub fn resolve(given: Option<PathBuf>) -> Option<PathBuf> {
    given.or_else(default_profile_dir)
}
