//! The built-in demo mailbox: what a first run shows before any account exists. Its messages
//! were made by the local test provider for invented people and are signed by a demo CA named
//! "non un gestore reale"; the demo profile trusts that CA and nothing else is changed.

use std::path::{Path, PathBuf};

use sigillo::store::{Source, Store, StoreError};

use super::demo_files::FILES;

/// Version of the embedded demo: a change rebuilds the demo profile.
fn fingerprint() -> String {
    use sha2::Digest;
    let mut h = sha2::Sha256::new();
    for (name, bytes) in FILES {
        h.update(name.as_bytes());
        h.update(bytes);
    }
    hex::encode(h.finalize())
}

/// The demo profile folder inside the OS data folder (or beside a given profile).
pub fn demo_profile_dir(base: Option<&Path>) -> Option<PathBuf> {
    match base {
        Some(b) => Some(b.join("demo")),
        None => sigillo::profile::data_dir().map(|d| d.join("profiles").join("demo")),
    }
}

/// The demo account name shown in the folder list.
pub const DEMO_ACCOUNT: &str = "demo@pec.demo-alfa.example";

/// Makes sure `dir` holds the current demo: store filled, demo CA trusted, signatures checked.
pub fn prepare(dir: &Path) -> Result<(), StoreError> {
    let stamp = dir.join("demo-version");
    let want = fingerprint();
    if std::fs::read_to_string(&stamp).ok().as_deref() == Some(want.as_str())
        && dir.join(sigillo::store::DATABASE_FILE).exists()
    {
        return Ok(());
    }
    // An older demo: start afresh (it only ever holds the embedded messages).
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).map_err(|e| StoreError::Profile {
        path: dir.to_owned(),
        source: e,
    })?;
    let anchor = FILES
        .iter()
        .find(|(n, _)| *n == "ca/demo-root.pem")
        .map(|(_, b)| *b)
        .unwrap_or_default();
    let anchor_path = dir.join("demo-root.pem");
    std::fs::write(&anchor_path, anchor).map_err(|e| StoreError::Profile {
        path: anchor_path.clone(),
        source: e,
    })?;
    sigillo::verify::trust::add(dir, &anchor_path).map_err(|e| StoreError::Profile {
        path: anchor_path.clone(),
        source: std::io::Error::other(e.to_string()),
    })?;
    let mut store = Store::open(dir)?;
    for (name, bytes) in FILES.iter().filter(|(n, _)| n.ends_with(".eml")) {
        let folder = if name.starts_with("sent/") {
            "Posta inviata"
        } else {
            "INBOX"
        };
        store.ingest(
            bytes,
            &Source::Import {
                path: format!("demo/{name}"),
                offset: None,
                account: Some(DEMO_ACCOUNT.to_owned()),
                folder: Some(folder.to_owned()),
            },
        )?;
    }
    let trust = sigillo::verify::TrustList::load(dir).map_err(|e| StoreError::Profile {
        path: dir.to_owned(),
        source: std::io::Error::other(e.to_string()),
    })?;
    store.verify_pending(&trust, chrono::Utc::now(), &mut |_, _| {})?;
    std::fs::write(&stamp, want).map_err(|e| StoreError::Profile {
        path: stamp,
        source: e,
    })?;
    Ok(())
}

/// The draft the compose screen shows when the window starts on it (`--screen compose`, as the
/// screenshots do): one certified and one ordinary recipient, so both kinds of warning show.
pub fn fill_example_draft(draft: &mut super::compose::Draft) {
    draft.to = "anna.bianchi@pec.demo-beta.example, mario@posta.example.com".into();
    draft.subject = "Diffida ad adempiere".into();
}
