//! The private folder where attachments are written before the system opens them.
//!
//! Each running Sigillo has a folder of its own, `<base>/<pid>-<16 hex digits>/` (mode 0700
//! on Unix, its files 0600), next to a lock file `<base>/<pid>-<16 hex digits>.lock` that the
//! process keeps locked while it runs (an OS file lock, released by the system when the process
//! ends, even by a crash). The folder is removed when it is dropped (the app drops it on exit).
//! When a folder is made, the folders of sessions that ended without removing theirs (a crash,
//! a file still open in a viewer at exit on Windows) are removed first: a lock that can be
//! taken belongs to a session that is over. Folders of other running sessions are left alone.
//!
//! `base` is the user's own cache folder (`~/.cache/sigillo/open` on Linux, the local
//! application data folder on Windows, `~/Library/Caches` on macOS), never a folder shared
//! with other users such as `/tmp`.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

/// This session's private folder; removed when dropped.
#[derive(Debug)]
pub struct PrivateFolder {
    dir: PathBuf,
    lock_path: PathBuf,
    lock: Option<File>,
}

/// The base folder for the current user (`<cache>/open`), if the system has a cache folder.
pub fn user_base() -> Option<PathBuf> {
    let (q, o, a) = crate::profile::PROJECT_DIRS;
    directories::ProjectDirs::from(q, o, a).map(|d| d.cache_dir().join("open"))
}

/// True for the names this module gives session folders (`<digits>-<16 hex digits>`).
fn is_session_name(name: &str) -> bool {
    let Some((pid, random)) = name.split_once('-') else {
        return false;
    };
    !pid.is_empty()
        && pid.bytes().all(|b| b.is_ascii_digit())
        && random.len() == 16
        && random.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Makes `dir` (and its parents) and keeps `dir` itself private to the user.
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)?;
        // An existing folder keeps its old mode through create: set it.
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
    }
    #[cfg(not(unix))]
    {
        // The base lies in the user's local application data, private to the user.
        std::fs::create_dir_all(dir)
    }
}

/// Removes what ended sessions left in `base`; returns how many sessions were cleared.
pub fn sweep(base: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(base) else {
        return 0;
    };
    let mut names: Vec<String> = entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut cleared = 0;
    for name in &names {
        if let Some(session) = name.strip_suffix(".lock").filter(|s| is_session_name(s)) {
            let lock_path = base.join(name);
            let Ok(file) = OpenOptions::new().write(true).open(&lock_path) else {
                continue;
            };
            match file.try_lock() {
                Ok(()) => {
                    // The session is over. Its lock file goes last and while locked, so that a
                    // session starting now cannot take this name and lose its folder.
                    let dir = base.join(session);
                    if !dir.exists() || std::fs::remove_dir_all(&dir).is_ok() {
                        let _ = std::fs::remove_file(&lock_path);
                        cleared += 1;
                    }
                }
                Err(TryLockError::WouldBlock) | Err(TryLockError::Error(_)) => {}
            }
        } else if is_session_name(name) && !base.join(format!("{name}.lock")).exists() {
            // A folder whose lock file is gone: its session cleared it but could not remove
            // the folder (a file still open on Windows). Nobody owns it.
            if std::fs::remove_dir_all(base.join(name)).is_ok() {
                cleared += 1;
            }
        }
    }
    cleared
}

impl PrivateFolder {
    /// Clears what ended sessions left in `base`, then makes this session's folder there.
    pub fn create_in(base: &Path) -> std::io::Result<PrivateFolder> {
        create_private_dir(base)?;
        sweep(base);
        // Unique, not secret: the base is private, and files are created new. The process id
        // tells running sessions apart; the clock and a counter, this session's attempts.
        let mut attempt: u64 = 0;
        loop {
            attempt += 1;
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos() as u64);
            let name = format!(
                "{}-{:016x}",
                std::process::id(),
                nanos.wrapping_add(attempt)
            );
            let lock_path = base.join(format!("{name}.lock"));
            let lock = match OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&lock_path)
            {
                Ok(f) => f,
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            };
            match lock.try_lock() {
                Ok(()) => {}
                // Another start's sweep holds it for a moment: take another name.
                Err(TryLockError::WouldBlock) => continue,
                Err(TryLockError::Error(e)) => {
                    let _ = std::fs::remove_file(&lock_path);
                    return Err(e);
                }
            }
            // A sweep may have taken the lock file between its creation and our lock.
            if !lock_path.exists() {
                continue;
            }
            let dir = base.join(&name);
            create_private_dir(&dir)?;
            return Ok(PrivateFolder {
                dir,
                lock_path,
                lock: Some(lock),
            });
        }
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Writes `bytes` as a new file named after `name` (made safe for every system) in the
    /// folder, readable only by the user. Returns its path.
    pub fn write(
        &self,
        name: &str,
        bytes: &[u8],
    ) -> Result<PathBuf, crate::p7m::extract::ExtractError> {
        let path = crate::p7m::extract::save_in(&self.dir, name, bytes)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).map_err(
                |source| crate::p7m::extract::ExtractError::Io {
                    path: path.clone(),
                    source,
                },
            )?;
        }
        Ok(path)
    }
}

impl Drop for PrivateFolder {
    fn drop(&mut self) {
        let removed = std::fs::remove_dir_all(&self.dir).is_ok() || !self.dir.exists();
        if removed {
            let _ = std::fs::remove_file(&self.lock_path);
        }
        // Closing the file releases the lock; a folder left behind goes at the next start.
        drop(self.lock.take());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    /// What a session that ended without cleaning up leaves: its folder with a file, and its
    /// lock file, unlocked (the system released the lock when the process died).
    fn leftover(base: &Path, name: &str) {
        std::fs::create_dir_all(base.join(name)).unwrap();
        std::fs::write(base.join(name).join("atto.pdf"), b"%PDF").unwrap();
        std::fs::write(base.join(format!("{name}.lock")), b"").unwrap();
    }

    #[cfg(unix)]
    fn mode(p: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn the_folder_is_private_and_removed_when_the_session_ends() {
        let base = tempfile::tempdir().unwrap();
        let base = base.path().join("cache").join("open");
        let f = PrivateFolder::create_in(&base).unwrap();
        let dir = f.path().to_owned();
        assert_eq!(dir.parent(), Some(base.as_path()));
        #[cfg(unix)]
        {
            assert_eq!(mode(&base), 0o700);
            assert_eq!(mode(&dir), 0o700);
        }
        let file = f.write("atto.pdf", b"%PDF-1.7").unwrap();
        #[cfg(unix)]
        assert_eq!(mode(&file), 0o600);
        assert_eq!(std::fs::read(&file).unwrap(), b"%PDF-1.7");
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(entries(&base), [name.clone(), format!("{name}.lock")]);
        drop(f);
        assert!(!dir.exists());
        assert!(entries(&base).is_empty(), "{:?}", entries(&base));
    }

    #[cfg(unix)]
    #[test]
    fn an_existing_base_that_others_could_read_is_made_private() {
        use std::os::unix::fs::PermissionsExt;
        let base = tempfile::tempdir().unwrap();
        std::fs::set_permissions(base.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        let _f = PrivateFolder::create_in(base.path()).unwrap();
        assert_eq!(mode(base.path()), 0o700);
    }

    #[test]
    fn leftovers_of_ended_sessions_go_at_start_and_running_ones_stay() {
        let base = tempfile::tempdir().unwrap();
        let base = base.path();
        // A session still running (its lock held), two that ended, a folder whose lock file
        // is gone, and things that are not sessions.
        let running = PrivateFolder::create_in(base).unwrap();
        running.write("in-uso.pdf", b"%PDF").unwrap();
        leftover(base, "111-00000000000000aa");
        leftover(base, "222-00000000000000bb");
        std::fs::create_dir_all(base.join("333-00000000000000cc/sub")).unwrap();
        std::fs::create_dir_all(base.join("altro")).unwrap();
        std::fs::write(base.join("nota.txt"), b"x").unwrap();

        let next = PrivateFolder::create_in(base).unwrap();
        let mut expected = vec![
            "altro".to_owned(),
            "nota.txt".to_owned(),
            running
                .path()
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned(),
            next.path()
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned(),
        ];
        expected.extend([
            format!("{}.lock", expected[2]),
            format!("{}.lock", expected[3]),
        ]);
        expected.sort();
        assert_eq!(entries(base), expected);
        assert_eq!(entries(running.path()), ["in-uso.pdf"]);
        drop(next);
        drop(running);
        assert_eq!(entries(base), ["altro", "nota.txt"]);
    }

    /// Another process holds a session's lock (util-linux `flock`, the same kind of lock):
    /// its folder stays while that process runs, and goes once it was killed.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_session_of_another_process_stays_until_that_process_dies() {
        let base = tempfile::tempdir().unwrap();
        let base = base.path();
        leftover(base, "444-00000000000000dd");
        // The shell takes the lock on its descriptor 9, then becomes `sleep` (which keeps it):
        // killing that one process is a crash of the session's owner.
        let mut holder = std::process::Command::new("sh")
            .args([
                "-c",
                "exec 9>>\"$0\" && flock --exclusive 9 && exec sleep 60",
            ])
            .arg(base.join("444-00000000000000dd.lock"))
            .spawn()
            .expect("sh and util-linux flock run");
        // Wait until it holds the lock.
        let lock = File::open(base.join("444-00000000000000dd.lock")).unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            match lock.try_lock_shared() {
                Err(TryLockError::WouldBlock) => break,
                Ok(()) => lock.unlock().unwrap(),
                Err(TryLockError::Error(e)) => panic!("{e}"),
            }
            assert!(std::time::Instant::now() < deadline, "flock never locked");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        drop(lock);
        assert_eq!(sweep(base), 0);
        assert!(base.join("444-00000000000000dd/atto.pdf").exists());
        // Until the shell has become `sleep`, the `flock` child it started may still hold the
        // lock for a moment after the shell is killed: wait for the exec first.
        let comm = format!("/proc/{}/comm", holder.id());
        while std::fs::read_to_string(&comm).unwrap_or_default().trim() != "sleep" {
            assert!(
                std::time::Instant::now() < deadline,
                "the holder never became sleep"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        holder.kill().unwrap();
        holder.wait().unwrap();
        assert_eq!(sweep(base), 1);
        assert!(entries(base).is_empty(), "{:?}", entries(base));
    }

    #[test]
    fn session_names_are_recognised_and_nothing_else() {
        assert!(is_session_name("1234-0123456789abcdef"));
        assert!(!is_session_name("1234-0123456789abcde"));
        assert!(!is_session_name("x-0123456789abcdef"));
        assert!(!is_session_name("documenti"));
        assert!(!is_session_name("-0123456789abcdef"));
    }
}
