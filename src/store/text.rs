//! Words for the store: its errors as sentences the user can act on (a full disk, a read-only,
//! busy or damaged store), the same for the command line and the window.

use std::path::Path;

use super::{DATABASE_FILE, StoreError};
use crate::i18n::{Lang, arg, tr_args};

/// A store error in words the user can act on. `profile_dir` is the profile folder, named when
/// the disk is full or the database damaged.
pub fn store_error_text(lang: Lang, e: &StoreError, profile_dir: Option<&Path>) -> String {
    let shown =
        |p: Option<std::path::PathBuf>| p.map(|p| p.display().to_string()).unwrap_or_default();
    match e {
        _ if e.is_disk_full() => {
            let path = shown(profile_dir.map(Path::to_owned));
            tr_args(lang, "store-error-disk-full", &[("path", arg(path))])
        }
        StoreError::ReadOnly { path } => tr_args(
            lang,
            "store-error-read-only",
            &[("path", arg(path.display().to_string()))],
        ),
        StoreError::ReadOnlyOlder { path, found, known } => tr_args(
            lang,
            "store-error-read-only-older",
            &[
                ("path", arg(path.display().to_string())),
                ("found", arg(found.to_string())),
                ("known", arg(known.to_string())),
            ],
        ),
        StoreError::NeedsRepair { path, detail } => tr_args(
            lang,
            "store-error-needs-repair",
            &[
                ("path", arg(path.display().to_string())),
                ("detail", arg(detail.as_str())),
            ],
        ),
        StoreError::InUse { pids } => {
            tr_args(lang, "store-error-in-use", &[("pids", arg(pids.as_str()))])
        }
        _ if e.is_damage() => {
            let path = shown(profile_dir.map(|d| d.join(DATABASE_FILE)));
            tr_args(
                lang,
                "store-error-needs-repair",
                &[("path", arg(path)), ("detail", arg(e.to_string()))],
            )
        }
        _ => tr_args(lang, "store-error", &[("reason", arg(e.to_string()))]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_errors_have_words_that_name_the_place() {
        let dir = Path::new("/home/ufficio/.local/share/sigillo");
        let errors = [
            StoreError::ReadOnly { path: dir.into() },
            StoreError::ReadOnlyOlder {
                path: dir.into(),
                found: 3,
                known: 9,
            },
            StoreError::NeedsRepair {
                path: dir.join(DATABASE_FILE),
                detail: "malformed".into(),
            },
            StoreError::InUse {
                pids: "4242".into(),
            },
        ];
        for lang in Lang::ALL {
            for e in &errors {
                let t = store_error_text(lang, e, Some(dir));
                assert!(!t.contains("store-error") && t.len() > 40, "{t}");
            }
            assert!(store_error_text(lang, &errors[0], None).contains(&*dir.to_string_lossy()));
            assert!(store_error_text(lang, &errors[3], None).contains("4242"));
        }
    }
}
