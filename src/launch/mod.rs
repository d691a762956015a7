//! Opening an attachment with the program the system associates with its type, safely: one
//! rule decides what is never opened directly ([`rule`]: programs, scripts, installers,
//! shortcuts, disk images, by name or by first bytes), copies are written into a private
//! folder of this session ([`folder`]: removed on exit, leftovers of ended sessions removed at
//! start), and the file is handed to the system without a shell ([`system`]). The desktop app
//! and anything else that opens files go through [`open_attachment`].

pub mod folder;
pub mod rule;
pub mod system;
pub mod text;
#[cfg(windows)]
mod windows;

use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub use folder::PrivateFolder;
pub use rule::Danger;
pub use system::SystemOpenError;

use crate::p7m::extract::ExtractError;

/// Why an attachment was not opened.
#[derive(Debug, thiserror::Error)]
pub enum LaunchError {
    /// The file would run, install or mount something: it is not opened (it can be saved).
    #[error("{name} is not opened: it would run, install or mount something")]
    Refused {
        /// The name as the message gives it.
        name: String,
        /// Why.
        danger: Danger,
    },
    /// The private folder could not be made.
    #[error("the private folder for opened attachments cannot be made: {0}")]
    Folder(std::io::Error),
    /// The system has no cache folder to put it in.
    #[error("the system has no folder for temporary copies")]
    NoFolder,
    /// The copy could not be written.
    #[error(transparent)]
    Write(#[from] ExtractError),
    /// The system did not open it.
    #[error(transparent)]
    System(#[from] SystemOpenError),
}

/// Writes the attachment `name` with `bytes` into `folder` and opens it with the system's
/// program for its type, unless [`rule::danger`] refuses it. The rule is applied to the name
/// the message gives and to the name of the copy (which is what the system reads).
pub fn open_in(folder: &PrivateFolder, name: &str, bytes: &[u8]) -> Result<PathBuf, LaunchError> {
    open_in_with(folder, name, bytes, system::open)
}

fn open_in_with(
    folder: &PrivateFolder,
    name: &str,
    bytes: &[u8],
    opener: impl FnOnce(&Path) -> Result<(), SystemOpenError>,
) -> Result<PathBuf, LaunchError> {
    let refused = |danger| LaunchError::Refused {
        name: name.to_owned(),
        danger,
    };
    if let Some(d) = rule::danger(name, bytes) {
        return Err(refused(d));
    }
    let path = folder.write(name, bytes)?;
    // The copy's name is cleaned for the file system; what the system will read is checked
    // again, so that no cleaning can ever turn a refused name into an accepted one or back.
    let written = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if let Some(d) = rule::danger(&written, bytes) {
        let _ = std::fs::remove_file(&path);
        return Err(refused(d));
    }
    #[cfg(windows)]
    {
        // Without the mark, Office and SmartScreen would trust the copy more than the same
        // file saved from a browser; a copy that cannot be marked is not opened.
        if let Err(e) = windows::mark_from_internet(&path) {
            let _ = std::fs::remove_file(&path);
            return Err(LaunchError::Write(ExtractError::Io { path, source: e }));
        }
    }
    opener(&path)?;
    Ok(path)
}

/// This process's private folder, made at the first use (or by [`Session::start`]).
static FOLDER: Mutex<Option<PrivateFolder>> = Mutex::new(None);

fn with_folder<T>(
    f: impl FnOnce(&PrivateFolder) -> Result<T, LaunchError>,
) -> Result<T, LaunchError> {
    let mut guard = FOLDER.lock().unwrap_or_else(|p| p.into_inner());
    if guard.is_none() {
        let base = folder::user_base().ok_or(LaunchError::NoFolder)?;
        *guard = Some(PrivateFolder::create_in(&base).map_err(LaunchError::Folder)?);
    }
    f(guard.as_ref().expect("made above"))
}

/// Opens an attachment through this process's private folder (see [`open_in`]).
pub fn open_attachment(name: &str, bytes: &[u8]) -> Result<PathBuf, LaunchError> {
    with_folder(|folder| open_in(folder, name, bytes))
}

/// The private folder's lifetime in an app: [`Session::start`] clears what ended sessions left
/// and makes this one's folder; dropping the session removes it.
#[derive(Debug)]
pub struct Session(());

impl Session {
    /// Starts the session; a folder that cannot be made now is tried again at the first open
    /// (which then reports why).
    pub fn start() -> Session {
        let _ = with_folder(|_| Ok(()));
        Session(())
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let mut guard = FOLDER.lock().unwrap_or_else(|p| p.into_inner());
        drop(guard.take());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder() -> (tempfile::TempDir, PrivateFolder) {
        let base = tempfile::tempdir().unwrap();
        let f = PrivateFolder::create_in(base.path()).unwrap();
        (base, f)
    }

    fn never(_: &Path) -> Result<(), SystemOpenError> {
        panic!("a refused file reached the opener")
    }

    #[test]
    fn a_document_is_written_privately_then_handed_over() {
        let (_base, f) = folder();
        let mut seen = None;
        let path = open_in_with(&f, "atto firmato.pdf", b"%PDF-1.7 atto", |p| {
            seen = Some((p.to_owned(), std::fs::read(p).unwrap()));
            Ok(())
        })
        .unwrap();
        assert_eq!(path.parent(), Some(f.path()));
        assert_eq!(path.file_name().unwrap(), "atto firmato.pdf");
        assert_eq!(seen, Some((path.clone(), b"%PDF-1.7 atto".to_vec())));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn refused_files_are_never_written_nor_handed_over() {
        let (_base, f) = folder();
        for (name, bytes) in [
            ("x&calc&.exe", &b"whatever"[..]),
            ("fattura.pdf.exe", b"%PDF"),
            ("fattura.EXE. .", b"%PDF"),
            ("fattura\u{202e}fdp.js", b"x"),
            ("link.lnk", b"L\0\0\0"),
            ("disco.iso", b"CD001"),
            ("fattura.pdf", b"MZ\x90\0"),
            ("nota.txt", b"#!/bin/sh\n"),
        ] {
            match open_in_with(&f, name, bytes, never) {
                Err(LaunchError::Refused { name: n, .. }) => assert_eq!(n, name),
                other => panic!("{name:?}: {other:?}"),
            }
        }
        assert_eq!(std::fs::read_dir(f.path()).unwrap().count(), 0);
    }

    #[test]
    fn the_openers_failure_is_reported() {
        let (_base, f) = folder();
        let r = open_in_with(&f, "x.pdf", b"%PDF", |_| {
            Err(SystemOpenError::Failed {
                program: "xdg-open".into(),
                code: 3,
            })
        });
        assert!(matches!(r, Err(LaunchError::System(_))), "{r:?}");
    }
}
