//! Where a dossier's files go: a folder or a ZIP archive, written under a temporary name beside
//! the destination and moved into place only when complete, so an error, a cancellation or a
//! killed process never leaves half a dossier under the final name.
//!
//! The temporary name is `.NAME.partial-PID`. It is made under `.NAME.creating-PID` and only
//! renamed to it once this process holds an advisory lock on it: a `.NAME.partial-PID` that
//! another process can lock belongs to an export that stopped (killed, crashed), and the next
//! export into that folder removes it. (Process ids alone would not tell: they are reused, and
//! a sandboxed app sees other ids than a terminal.) A `.NAME.creating-PID` is only removed
//! when unlocked and its process is gone too (it is unlocked for a moment after it is made).
//!
//! Replacing an existing dossier (`--replace`) never deletes it before the new one is in
//! place. A ZIP file is renamed over the old one (one atomic step). A folder is swapped with
//! the old one in one atomic step where the system can (Linux `renameat2(RENAME_EXCHANGE)`,
//! macOS `renameatx_np(RENAME_SWAP)`), then the old one is deleted under the temporary name;
//! elsewhere the old folder is first moved aside to `.NAME.old-PID` (locked the same way),
//! the new one renamed in, then the old one deleted, and an export that stopped between the
//! two renames has its old dossier put back by the next export into that folder.

use std::fs::{File, TryLockError};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use super::ExportError;

/// A destination being written.
pub enum Sink {
    /// A folder.
    Folder {
        /// The temporary folder.
        temp: PathBuf,
        /// The lock that tells it is being written (None where folders cannot be locked).
        _lock: Option<File>,
    },
    /// A ZIP archive whose entries sit under `prefix/`.
    Zip {
        /// The temporary file.
        temp: PathBuf,
        /// The archive.
        writer: Box<zip::ZipWriter<BufWriter<File>>>,
        /// Top folder inside the archive.
        prefix: String,
        /// Entry time.
        time: zip::DateTime,
        /// The lock that tells it is being written.
        _lock: Option<File>,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> ExportError + '_ {
    move |source| ExportError::Write {
        path: path.to_owned(),
        source,
    }
}

/// `.NAME.<what>-PID` beside `dest`.
fn hidden_name(dest: &Path, what: &str) -> PathBuf {
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "dossier".into());
    dest.with_file_name(format!(".{name}.{what}-{}", std::process::id()))
}

fn temp_name(dest: &Path) -> PathBuf {
    hidden_name(dest, "partial")
}

/// Takes an advisory lock on a file or folder for as long as the returned handle lives; None
/// where the system cannot lock it (a folder on Windows): such a leftover is never removed.
fn hold_lock(path: &Path) -> Option<File> {
    let file = File::open(path).ok()?;
    match file.try_lock() {
        Ok(()) => Some(file),
        Err(_) => None,
    }
}

/// True when nobody holds the lock of a leftover: the export that made it stopped.
fn abandoned(path: &Path) -> bool {
    let Ok(file) = File::open(path) else {
        return false;
    };
    match file.try_lock_shared() {
        Ok(()) => true,
        Err(TryLockError::WouldBlock) | Err(TryLockError::Error(_)) => false,
    }
}

/// The dossier name a leftover `.NAME.<what>-PID` was made for, if `name` is one.
fn leftover_of<'a>(name: &'a str, what: &str) -> Option<&'a str> {
    let rest = name.strip_prefix('.')?;
    let (base, pid) = rest.rsplit_once(&format!(".{what}-"))?;
    (!base.is_empty() && !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit())).then_some(base)
}

/// Removes what stopped exports left in `folder`: `.NAME.partial-PID` folders and files
/// nobody holds, and puts back an old dossier left aside under `.NAME.old-PID` when nothing
/// took its name (else removes it). Best effort: what cannot be removed stays.
pub fn clean_leftovers(folder: &Path) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.filter_map(|e| e.ok()) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if leftover_of(&name, "partial").is_some() {
            if abandoned(&path) {
                remove_any(&path);
            }
        } else if let Some(pid) = leftover_of(&name, "creating").and(name.rsplit('-').next()) {
            // Locked a moment after it is made: unlocked, it is abandoned only once its
            // process is gone too.
            if abandoned(&path) && creator_gone(pid, &path) {
                remove_any(&path);
            }
        } else if let Some(base) = leftover_of(&name, "old") {
            if !abandoned(&path) {
                continue;
            }
            let original = folder.join(base);
            if original.symlink_metadata().is_err() {
                let _ = std::fs::rename(&path, &original);
            } else {
                remove_any(&path);
            }
        }
    }
}

/// True when the process that made a `.NAME.creating-PID` is gone: on Linux its `/proc`
/// entry is; elsewhere the leftover is taken to be abandoned after an hour.
fn creator_gone(pid: &str, path: &Path) -> bool {
    if cfg!(target_os = "linux") {
        return !Path::new("/proc").join(pid).exists();
    }
    path.symlink_metadata()
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age > std::time::Duration::from_secs(3600))
}

fn remove_any(path: &Path) {
    match path.symlink_metadata() {
        Ok(m) if m.is_dir() => {
            let _ = std::fs::remove_dir_all(path);
        }
        Ok(_) => {
            let _ = std::fs::remove_file(path);
        }
        Err(_) => {}
    }
}

/// Makes the changes of names in `folder` durable (Unix; elsewhere the rename is enough).
fn sync_folder(folder: &Path) {
    #[cfg(unix)]
    if let Ok(f) = File::open(folder) {
        let _ = f.sync_all();
    }
    #[cfg(not(unix))]
    let _ = folder;
}

/// Swaps two paths in one atomic step where the system can; false where it cannot.
#[cfg(any(target_os = "linux", target_os = "macos"))]
fn exchange(a: &Path, b: &Path) -> bool {
    rustix::fs::renameat_with(
        rustix::fs::CWD,
        a,
        rustix::fs::CWD,
        b,
        rustix::fs::RenameFlags::EXCHANGE,
    )
    .is_ok()
}

#[cfg(not(any(target_os = "linux", target_os = "macos")))]
fn exchange(_a: &Path, _b: &Path) -> bool {
    false
}

/// Moves the complete `temp` to `dest`, replacing what is there (see the module's text).
fn move_into_place(temp: &Path, dest: &Path) -> Result<(), ExportError> {
    let folder = dest
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let existing = dest.symlink_metadata().ok();
    let temp_is_dir = temp.is_dir();
    match existing {
        None => std::fs::rename(temp, dest).map_err(io(dest))?,
        // A file over a file: one rename replaces it.
        Some(m) if !m.is_dir() && !temp_is_dir => std::fs::rename(temp, dest).map_err(io(dest))?,
        Some(_) if exchange(temp, dest) => {
            // The old dossier is under the temporary name now: deleted from there, a stop
            // half-way leaves a leftover the next export removes.
            sync_folder(folder);
            remove_any(temp);
        }
        Some(_) => {
            let aside = hidden_name(dest, "old");
            remove_any(&aside);
            // Locked before it moves: a cleaner never takes it for a leftover meanwhile.
            let _held = hold_lock(dest);
            std::fs::rename(dest, &aside).map_err(io(dest))?;
            if let Err(e) = std::fs::rename(temp, dest) {
                // Put the old one back: the name never stays empty.
                let _ = std::fs::rename(&aside, dest);
                return Err(io(dest)(e));
            }
            sync_folder(folder);
            remove_any(&aside);
        }
    }
    sync_folder(folder);
    Ok(())
}

impl Sink {
    /// A folder that will become `dest`. Leftovers of stopped exports into the same folder
    /// are removed first.
    pub fn folder(dest: &Path) -> Result<Sink, ExportError> {
        let (temp, lock) = Sink::start(dest, |p| std::fs::create_dir_all(p))?;
        Ok(Sink::Folder { temp, _lock: lock })
    }

    /// Makes the temporary `.NAME.partial-PID` (with `make`), locked before it gets that name.
    fn start(
        dest: &Path,
        make: impl FnOnce(&Path) -> std::io::Result<()>,
    ) -> Result<(PathBuf, Option<File>), ExportError> {
        if let Some(folder) = dest.parent().filter(|p| !p.as_os_str().is_empty()) {
            clean_leftovers(folder);
        }
        let temp = temp_name(dest);
        let creating = hidden_name(dest, "creating");
        remove_any(&temp);
        remove_any(&creating);
        make(&creating).map_err(io(&creating))?;
        let lock = hold_lock(&creating);
        std::fs::rename(&creating, &temp).map_err(io(&temp))?;
        Ok((temp, lock))
    }

    /// A ZIP archive that will become `dest`, its entries under `prefix/`. Leftovers of
    /// stopped exports into the same folder are removed first.
    pub fn zip(
        dest: &Path,
        prefix: &str,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Sink, ExportError> {
        use chrono::{Datelike, Timelike};
        let (temp, lock) = Sink::start(dest, |p| File::create(p).map(drop))?;
        let file = std::fs::OpenOptions::new()
            .write(true)
            .truncate(true)
            .open(&temp)
            .map_err(io(&temp))?;
        let time = zip::DateTime::from_date_and_time(
            now.year().clamp(1980, 2107) as u16,
            now.month() as u8,
            now.day() as u8,
            now.hour() as u8,
            now.minute() as u8,
            now.second() as u8,
        )
        .unwrap_or_default();
        Ok(Sink::Zip {
            temp,
            writer: Box::new(zip::ZipWriter::new(BufWriter::new(file))),
            prefix: prefix.to_owned(),
            time,
            _lock: lock,
        })
    }

    /// Adds one file at a relative `/`-separated path (already checked safe).
    pub fn add(&mut self, path: &str, bytes: &[u8]) -> Result<(), ExportError> {
        match self {
            Sink::Folder { temp, .. } => {
                let full = path.split('/').fold(temp.clone(), |p, c| p.join(c));
                if let Some(parent) = full.parent() {
                    std::fs::create_dir_all(parent).map_err(io(parent))?;
                }
                let mut f = File::create(&full).map_err(io(&full))?;
                f.write_all(bytes).map_err(io(&full))?;
                f.sync_all().map_err(io(&full))?;
                Ok(())
            }
            Sink::Zip {
                temp,
                writer,
                prefix,
                time,
                ..
            } => {
                // PDFs and signatures barely compress; mail and text do.
                let method = if path.ends_with(".pdf") || path.ends_with(".p7s") {
                    zip::CompressionMethod::Stored
                } else {
                    zip::CompressionMethod::Deflated
                };
                let options = zip::write::SimpleFileOptions::default()
                    .compression_method(method)
                    .last_modified_time(*time)
                    .unix_permissions(0o644)
                    .large_file(bytes.len() as u64 >= u32::MAX as u64);
                let name = format!("{prefix}/{path}");
                writer
                    .start_file(name, options)
                    .map_err(|e| ExportError::Zip {
                        path: temp.clone(),
                        detail: e.to_string(),
                    })?;
                writer.write_all(bytes).map_err(io(temp))?;
                Ok(())
            }
        }
    }

    /// Completes the destination and moves it to `dest`, replacing what is there (the caller
    /// checked that it may): the name holds the old dossier or the new one, whole, at every
    /// moment.
    pub fn finish(self, dest: &Path) -> Result<(), ExportError> {
        match self {
            Sink::Folder { temp, _lock } => {
                move_into_place(&temp, dest)?;
                drop(_lock);
            }
            Sink::Zip {
                temp,
                writer,
                _lock,
                ..
            } => {
                let inner = writer.finish().map_err(|e| ExportError::Zip {
                    path: temp.clone(),
                    detail: e.to_string(),
                })?;
                let file = inner.into_inner().map_err(|e| ExportError::Write {
                    path: temp.clone(),
                    source: e.into_error(),
                })?;
                file.sync_all().map_err(io(&temp))?;
                drop(file);
                move_into_place(&temp, dest)?;
                drop(_lock);
            }
        }
        Ok(())
    }

    /// Removes what was written (after an error or a cancellation).
    pub fn abandon(self) {
        match self {
            Sink::Folder { temp, .. } => {
                let _ = std::fs::remove_dir_all(temp);
            }
            Sink::Zip { temp, writer, .. } => {
                drop(writer);
                let _ = std::fs::remove_file(temp);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftover_names_are_recognised_exactly() {
        assert_eq!(
            leftover_of(".dossier_1.partial-1234", "partial"),
            Some("dossier_1")
        );
        assert_eq!(leftover_of(".a.b.zip.old-9", "old"), Some("a.b.zip"));
        for name in [
            "dossier.partial-12",
            ".dossier.partial-",
            ".dossier.partial-12x",
            "..partial-1",
            ".dossier.creating-1",
        ] {
            assert_eq!(leftover_of(name, "partial"), None, "{name}");
        }
    }

    #[test]
    fn leftovers_nobody_holds_go_and_those_held_stay() {
        let dir = tempfile::tempdir().unwrap();
        let dead = dir.path().join(".x.partial-1");
        std::fs::create_dir_all(dead.join("sub")).unwrap();
        std::fs::write(dead.join("sub/f"), b"half").unwrap();
        let live = dir.path().join(".y.partial-2");
        std::fs::create_dir(&live).unwrap();
        let _held = hold_lock(&live).expect("folders can be locked here");
        // An old dossier left aside with nothing under its name: put back.
        let aside = dir.path().join(".z.old-3");
        std::fs::create_dir(&aside).unwrap();
        std::fs::write(aside.join("MANIFEST"), b"old").unwrap();
        // One whose name was taken by the new dossier: removed.
        std::fs::create_dir(dir.path().join("w")).unwrap();
        std::fs::create_dir(dir.path().join(".w.old-4")).unwrap();
        let user = dir.path().join("my.partial-5");
        std::fs::write(&user, b"the user's own file").unwrap();
        clean_leftovers(dir.path());
        assert!(!dead.exists());
        assert!(live.exists());
        assert_eq!(
            std::fs::read(dir.path().join("z/MANIFEST")).unwrap(),
            b"old"
        );
        assert!(!aside.exists());
        assert!(!dir.path().join(".w.old-4").exists());
        assert!(dir.path().join("w").exists());
        assert!(user.exists());
    }

    #[test]
    fn replacing_a_folder_keeps_the_name_whole() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("d");
        std::fs::create_dir(&dest).unwrap();
        std::fs::write(dest.join("old"), b"1").unwrap();
        let mut sink = Sink::folder(&dest).unwrap();
        sink.add("new", b"2").unwrap();
        sink.finish(&dest).unwrap();
        assert_eq!(std::fs::read(dest.join("new")).unwrap(), b"2");
        assert!(!dest.join("old").exists());
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["d"], "nothing left beside it");
    }
}
