//! Saving a signed document under its real name inside a chosen folder: the name is sanitised
//! ([`super::name::safe_file_name`]), the file is created new (an existing file, or a link
//! planted under that name, is never overwritten or followed: a numbered name is used instead).

use std::io::Write;
use std::path::{Path, PathBuf};

/// Numbered alternatives tried before giving up.
const MAX_ALTERNATIVES: usize = 999;

/// Why a document could not be saved.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    /// The folder or the file could not be written.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// Every name tried already exists.
    #[error("{dir} already holds {name} and {MAX_ALTERNATIVES} numbered copies of it")]
    NoFreeName {
        /// The folder.
        dir: PathBuf,
        /// The name.
        name: String,
    },
}

/// The `n`-th alternative of a name: `atto (n).pdf`.
fn numbered(name: &str, n: usize) -> String {
    match super::name::extension(name) {
        Some(ext) => {
            let stem = &name[..name.len() - ext.len() - 1];
            format!("{stem} ({n}).{ext}")
        }
        None => format!("{name} ({n})"),
    }
}

/// Writes `bytes` as a new file named after `name` (sanitised) directly inside `dir`, creating
/// `dir` if needed. Returns the path written.
pub fn save_in(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, ExtractError> {
    std::fs::create_dir_all(dir).map_err(|source| ExtractError::Io {
        path: dir.to_owned(),
        source,
    })?;
    let safe = super::name::safe_file_name(name);
    for n in 0..=MAX_ALTERNATIVES {
        let candidate = if n == 0 {
            safe.clone()
        } else {
            numbered(&safe, n)
        };
        let path = dir.join(&candidate);
        debug_assert_eq!(path.parent(), Some(dir));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut f) => {
                f.write_all(bytes)
                    .and_then(|()| f.sync_all())
                    .map_err(|source| ExtractError::Io {
                        path: path.clone(),
                        source,
                    })?;
                return Ok(path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(source) => return Err(ExtractError::Io { path, source }),
        }
    }
    Err(ExtractError::NoFreeName {
        dir: dir.to_owned(),
        name: safe,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_overwrites_and_stays_inside() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().to_owned();
        let a = save_in(&dir, "atto.pdf", b"one").unwrap();
        let b = save_in(&dir, "atto.pdf", b"two").unwrap();
        assert_eq!(a.file_name().unwrap(), "atto.pdf");
        assert_eq!(b.file_name().unwrap(), "atto (1).pdf");
        assert_eq!(std::fs::read(&a).unwrap(), b"one");
        let c = save_in(&dir, "../../outside.txt", b"x").unwrap();
        assert_eq!(c.parent().unwrap(), dir.as_path());
        #[cfg(unix)]
        {
            let target = dir.join("target.txt");
            std::fs::write(&target, b"keep").unwrap();
            std::os::unix::fs::symlink(&target, dir.join("link.txt")).unwrap();
            let d = save_in(&dir, "link.txt", b"evil").unwrap();
            assert_eq!(d.file_name().unwrap(), "link (1).txt");
            assert_eq!(std::fs::read(&target).unwrap(), b"keep");
        }
    }
}
