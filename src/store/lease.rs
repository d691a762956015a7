//! Which processes have a store open for writing right now, told apart from those that stopped
//! without closing it.
//!
//! Every connection that may write holds a lease: a small file in the profile's `leases`
//! folder, named after a random id, holding the process id, and locked (an OS advisory lock)
//! for as long as the connection is open. The lock is the proof of life: the operating system
//! releases it when the process ends, however it ends (SIGKILL, crash, power cut), so a lease
//! file that can be locked by someone else belongs to a process that is gone. Process ids
//! alone would not do: they are reused, and a sandboxed app (Flatpak) sees other ids than a
//! terminal.
//!
//! Messages whose bytes are stored but not yet analysed carry the id of the lease that will
//! analyse them, so readers can tell "being analysed by another process" from "left by an
//! interrupted run", and a second import does not take over work another one is doing. A
//! lease file whose owner is gone also tells the next process to open the store that the last
//! run ended uncleanly (the store then runs SQLite's `quick_check` before writing).
//!
//! A lease file is locked under a temporary name and only then renamed to its final name, so a
//! lease that can be seen under its final name is locked until its owner stops.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// The folder, inside the profile folder, holding the lease files.
pub const LEASE_DIR: &str = "leases";

const SUFFIX: &str = ".lease";

/// A lease held by this process: released (its file removed and unlocked) when dropped.
#[derive(Debug)]
pub(super) struct Lease {
    id: i64,
    path: PathBuf,
    // Holds the lock; closed after the file is removed (see Drop).
    _file: File,
}

/// Whether the owner of a lease is still running.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Owner {
    /// A running process (its id, when the file says it) holds the lease.
    Running(Option<u32>),
    /// Nobody holds it: the process stopped (or the lease never existed).
    Gone,
}

impl Lease {
    /// Takes a new lease in `profile`. Fails when the folder cannot be written (a read-only
    /// profile) or the file system has no locks.
    pub(super) fn take(profile: &Path) -> io::Result<Lease> {
        let dir = profile.join(LEASE_DIR);
        private_dir(&dir)?;
        for _ in 0..8 {
            let id = random_id()?;
            let path = dir.join(format!("{id}{SUFFIX}"));
            if path.exists() {
                continue;
            }
            let temp = dir.join(format!(".{id}.new"));
            let mut file = OpenOptions::new()
                .create_new(true)
                .read(true)
                .write(true)
                .open(&temp)?;
            let locked = match file.try_lock() {
                Ok(()) => Ok(()),
                Err(TryLockError::WouldBlock) => Err(io::Error::from(io::ErrorKind::WouldBlock)),
                Err(TryLockError::Error(e)) => Err(e),
            };
            let ready = locked
                .and_then(|()| writeln!(file, "{}", std::process::id()))
                .and_then(|()| std::fs::rename(&temp, &path));
            if let Err(e) = ready {
                let _ = std::fs::remove_file(&temp);
                return Err(e);
            }
            return Ok(Lease {
                id,
                path,
                _file: file,
            });
        }
        Err(io::Error::other("no free lease id"))
    }

    /// The lease's id (stored with the messages it analyses).
    pub(super) fn id(&self) -> i64 {
        self.id
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        // Removed first, unlocked when the file closes just after: a reader that finds no
        // file knows the owner is gone, one that finds it locked knows it is still running.
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Whether the owner of lease `id` in `profile` is still running. Readers call this without
/// a lease of their own (it only takes a shared lock for a moment, even on read-only media).
pub(super) fn owner(profile: &Path, id: i64) -> Owner {
    let path = profile.join(LEASE_DIR).join(format!("{id}{SUFFIX}"));
    owner_of(&path)
}

fn owner_of(path: &Path) -> Owner {
    let Ok(mut file) = File::open(path) else {
        return Owner::Gone;
    };
    match file.try_lock_shared() {
        // Nobody holds it: its owner stopped without removing it.
        Ok(()) => Owner::Gone,
        Err(TryLockError::WouldBlock) => {
            let mut text = String::new();
            let pid = file
                .read_to_string(&mut text)
                .ok()
                .and_then(|_| text.trim().parse().ok());
            Owner::Running(pid)
        }
        // No locks on this file system: a lease that is there is taken to be alive rather
        // than have someone else's work taken over.
        Err(TryLockError::Error(_)) => Owner::Running(None),
    }
}

/// Lease files (and half-made ones) in `profile` whose owner is gone: each one is a process
/// that had the store open for writing and stopped without closing it.
pub(super) fn abandoned(profile: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(profile.join(LEASE_DIR)) else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
            name.is_some_and(|n| {
                n.ends_with(SUFFIX) || (n.starts_with('.') && n.ends_with(".new") && stale(p))
            })
        })
        .filter(|p| owner_of(p) == Owner::Gone)
        .collect()
}

/// A half-made lease (`.ID.new`) is unlocked for a moment while its process makes it: it is
/// taken for abandoned only once it is a minute old.
fn stale(path: &Path) -> bool {
    path.metadata()
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age > std::time::Duration::from_secs(60))
}

/// Removes lease files found [`abandoned`] (their owners are gone; a file another process
/// removed meanwhile is no error).
pub(super) fn remove_abandoned(paths: &[PathBuf]) {
    for p in paths {
        if owner_of(p) == Owner::Gone {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// A random positive id (a collision would have two processes share a name; 63 random bits
/// make that impossible in practice).
fn random_id() -> io::Result<i64> {
    let mut bytes = [0u8; 8];
    openssl::rand::rand_bytes(&mut bytes).map_err(io::Error::other)?;
    Ok((i64::from_le_bytes(bytes) & i64::MAX).max(1))
}

#[cfg(unix)]
fn private_dir(dir: &Path) -> io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    match std::fs::DirBuilder::new().mode(0o700).create(dir) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists && dir.is_dir() => Ok(()),
        Err(e) => Err(e),
    }
}

#[cfg(not(unix))]
fn private_dir(dir: &Path) -> io::Result<()> {
    match std::fs::create_dir(dir) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists && dir.is_dir() => Ok(()),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_held_lease_is_running_and_a_released_one_is_gone() {
        let dir = tempfile::tempdir().unwrap();
        let lease = Lease::take(dir.path()).unwrap();
        let id = lease.id();
        assert_eq!(
            owner(dir.path(), id),
            Owner::Running(Some(std::process::id()))
        );
        assert!(abandoned(dir.path()).is_empty());
        drop(lease);
        assert_eq!(owner(dir.path(), id), Owner::Gone);
    }

    #[test]
    fn a_lease_file_nobody_locks_is_abandoned_and_removed() {
        let dir = tempfile::tempdir().unwrap();
        let held = Lease::take(dir.path()).unwrap();
        // What a killed process leaves: the file, with no lock on it.
        let left = dir.path().join(LEASE_DIR).join(format!("12345{SUFFIX}"));
        std::fs::write(&left, "999999\n").unwrap();
        assert_eq!(owner(dir.path(), 12345), Owner::Gone);
        let found = abandoned(dir.path());
        assert_eq!(found, vec![left.clone()]);
        remove_abandoned(&found);
        assert!(!left.exists());
        assert!(matches!(owner(dir.path(), held.id()), Owner::Running(_)));
    }
}
