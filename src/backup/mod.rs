//! Backup and restore of a profile.
//!
//! A backup is one ZIP archive: the message database copied with SQLite's online backup (a
//! consistent snapshot taken in one read transaction, while the window or a sync keep
//! writing: in WAL mode readers never stop writers), every other file of the profile
//! (trust lists, trust points for timestamps, drafts, the window's settings) and of the
//! configuration folder (accounts and timestamp settings, which hold no password), and a
//! `MANIFEST` with the SHA-256 of every file in `sha256sum` format, closed by its own hash.
//! Passwords live in the OS keyring only and are never in a backup. Left out: leases, the
//! database's `-wal`/`-shm` files, a damage mark, anything hidden.
//!
//! [`restore`] checks everything before it writes anything: every file against the MANIFEST,
//! nothing unlisted, safe names, the database's integrity, its schema and its register's
//! chain. It unpacks beside the target and moves the result into place in one rename; an
//! existing profile is never overwritten: without `replace` the restore stops, with it the
//! old profile is moved aside under a dated name, never deleted.
//!
//! ```text
//! sigillo-backup/MANIFEST
//! sigillo-backup/profile/sigillo.db
//! sigillo-backup/profile/trust/…
//! sigillo-backup/config/accounts.toml
//! ```

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags};
use sha2::{Digest, Sha256};

use crate::store::{self, DATABASE_FILE, register};

/// The first line of a backup's MANIFEST.
pub const MAGIC: &str = "# Sigillo backup MANIFEST, format 1";
/// The top folder inside the archive.
pub const TOP: &str = "sigillo-backup";
const SELF_HASH: &str = "# manifest-sha256: ";

/// Where a backup or restore stands, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Copying the database (pages done, pages in all).
    Database,
    /// Adding or checking files (done, in all).
    Files,
}

/// Why a backup or restore failed.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// The store could not be copied.
    #[error("the message database cannot be copied: {0}")]
    Store(#[from] store::StoreError),
    /// A file could not be read or written.
    #[error("cannot use {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The archive could not be written or read.
    #[error("the archive {path} cannot be used: {detail}")]
    Archive {
        /// The archive.
        path: PathBuf,
        /// Why.
        detail: String,
    },
    /// The destination exists.
    #[error("{0} already exists: choose another name or remove it first")]
    Exists(PathBuf),
    /// The profile has no database to back up.
    #[error("there is no message database in {0}")]
    NoDatabase(PathBuf),
    /// The backup does not hold: a file changed, missing, unlisted or unsafe, or a damaged
    /// database.
    #[error("the backup does not hold: {0}")]
    NotIntact(String),
    /// The target profile exists and replacing it was not asked for.
    #[error(
        "the profile {0} already exists: restore into a new profile (--profile DIR), or ask to replace it (the old one is then kept aside)"
    )]
    ProfileExists(PathBuf),
}

/// A work folder beside the destination, removed when dropped (whatever happened).
struct WorkDir(PathBuf);

impl WorkDir {
    fn new(parent: &Path, what: &str) -> Result<WorkDir, BackupError> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let path = parent.join(format!(".sigillo-{what}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&path).map_err(io(&path))?;
        Ok(WorkDir(path))
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for WorkDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BackupError + '_ {
    move |source| BackupError::Io {
        path: path.to_owned(),
        source,
    }
}

/// What a backup wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupSummary {
    /// The archive.
    pub path: PathBuf,
    /// Files in it (MANIFEST included).
    pub files: usize,
    /// Messages in the copied database.
    pub messages: usize,
    /// The register's head in the copy (sequence number, hash).
    pub head: Option<(i64, String)>,
    /// SHA-256 of the MANIFEST.
    pub manifest_sha256: String,
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoreSummary {
    /// The profile restored.
    pub profile: PathBuf,
    /// Where the profile that was there before was moved, if one was.
    pub previous: Option<PathBuf>,
    /// Files restored.
    pub files: usize,
    /// Messages in the restored database.
    pub messages: usize,
    /// Configuration files left as they were in an existing configuration folder (not
    /// overwritten).
    pub config_kept: Vec<PathBuf>,
}

/// Files of the profile folder a backup leaves out.
fn skipped(rel: &str) -> bool {
    let first = rel.split('/').next().unwrap_or(rel);
    first.starts_with('.')
        || rel.split('/').any(|c| c.starts_with('.'))
        || first == store::LEASE_DIR
        || first == store::DAMAGED_MARK_FILE
        || first.starts_with(DATABASE_FILE)
        || first == "config"
}

/// Every regular file under `root` (relative `/` paths), sorted; symbolic links are not
/// followed.
fn files_under(root: &Path) -> Result<Vec<(String, PathBuf)>, BackupError> {
    let mut out = Vec::new();
    let mut stack = vec![(root.to_owned(), String::new())];
    while let Some((dir, rel)) = stack.pop() {
        let rd = match std::fs::read_dir(&dir) {
            Ok(rd) => rd,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(io(&dir)(e)),
        };
        for entry in rd {
            let entry = entry.map_err(io(&dir))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = entry.path();
            let rel_path = if rel.is_empty() {
                name
            } else {
                format!("{rel}/{name}")
            };
            let meta = path.symlink_metadata().map_err(io(&path))?;
            if meta.is_dir() {
                stack.push((path, rel_path));
            } else if meta.is_file() {
                out.push((rel_path, path));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Copies the database of `profile_dir` to `dest` with SQLite's online backup, in one step
/// (one read transaction: a consistent snapshot however much others write meanwhile).
fn copy_database(profile_dir: &Path, dest: &Path) -> Result<(), BackupError> {
    let src_path = profile_dir.join(DATABASE_FILE);
    if !src_path.is_file() {
        return Err(BackupError::NoDatabase(profile_dir.to_owned()));
    }
    let src = Connection::open_with_flags(
        &src_path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(store::StoreError::from)?;
    src.busy_timeout(std::time::Duration::from_secs(10))
        .map_err(store::StoreError::from)?;
    let mut dst = Connection::open(dest).map_err(store::StoreError::from)?;
    {
        let backup =
            rusqlite::backup::Backup::new(&src, &mut dst).map_err(store::StoreError::from)?;
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
        loop {
            use rusqlite::backup::StepResult;
            match backup.step(-1).map_err(store::StoreError::from)? {
                StepResult::Done => break,
                StepResult::More => {}
                _ => {
                    if std::time::Instant::now() > deadline {
                        return Err(BackupError::NotIntact(
                            "the database stayed locked for two minutes".into(),
                        ));
                    }
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
            }
        }
    }
    // One self-contained file: no -wal beside it.
    dst.execute_batch("PRAGMA journal_mode = DELETE;")
        .map_err(store::StoreError::from)?;
    Ok(())
}

/// [`copy_database`], once the database has its tables. A process that creates a profile
/// (the first sync, an import) makes the file an instant before its first migration commits:
/// a copy taken then holds no tables. It is taken again after a short wait; a database still
/// without tables after ten seconds is no profile's database yet.
fn copy_created_database(profile_dir: &Path, dest: &Path) -> Result<(), BackupError> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        copy_database(profile_dir, dest)?;
        let version: i64 = Connection::open_with_flags(dest, OpenFlags::SQLITE_OPEN_READ_ONLY)
            .and_then(|c| c.query_row("PRAGMA user_version", [], |r| r.get(0)))
            .map_err(store::StoreError::from)?;
        if version > 0 {
            return Ok(());
        }
        std::fs::remove_file(dest).map_err(io(dest))?;
        if std::time::Instant::now() > deadline {
            return Err(BackupError::NoDatabase(profile_dir.to_owned()));
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

/// Checks a database file: integrity, a schema this version reads, and the register's chain.
/// Returns its messages and the register's head.
fn check_database(path: &Path) -> Result<(usize, Option<(i64, String)>), BackupError> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(store::StoreError::from)?;
    let problems: Vec<String> = conn
        .prepare("PRAGMA integrity_check")
        .and_then(|mut s| {
            s.query_map([], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<Vec<String>>>()
        })
        .map_err(|e| BackupError::NotIntact(format!("the database is damaged: {e}")))?
        .into_iter()
        .filter(|r| r != "ok")
        .collect();
    if !problems.is_empty() {
        return Err(BackupError::NotIntact(format!(
            "the database is damaged: {}",
            problems.join("; ")
        )));
    }
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(store::StoreError::from)?;
    if version > store::SCHEMA_VERSION {
        return Err(BackupError::NotIntact(format!(
            "the database was written by a newer Sigillo (schema {version}, this one reads up to {})",
            store::SCHEMA_VERSION
        )));
    }
    let messages: i64 = conn
        .query_row("SELECT count(*) FROM messages", [], |r| r.get(0))
        .map_err(store::StoreError::from)?;
    let has_register: bool = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name = 'register'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .map_err(store::StoreError::from)?
        > 0;
    let mut head = None;
    if has_register {
        let entries = register::read_entries(&conn).map_err(store::StoreError::from)?;
        if let Some(p) = register::check_chain(&entries).first() {
            return Err(BackupError::NotIntact(format!(
                "the register's chain does not hold: {p:?}"
            )));
        }
        head = entries.last().map(|e| (e.seq, e.hash.clone()));
    }
    Ok((messages as usize, head))
}

fn manifest_text(entries: &[(String, String)], created: DateTime<Utc>, head: &str) -> Vec<u8> {
    let mut s = String::new();
    s.push_str(MAGIC);
    s.push('\n');
    s.push_str(
        "# Each line not starting with \"#\" is \"<SHA-256> *<file>\" (sha256sum, binary mode).\n",
    );
    s.push_str(&format!("# tool: {}\n", crate::export::tool_name()));
    s.push_str(&format!(
        "# created: {}\n",
        created.format("%Y-%m-%dT%H:%M:%SZ")
    ));
    s.push_str(&format!("# register-head: {head}\n"));
    for (path, hash) in entries {
        s.push_str(&format!("{hash} *{path}\n"));
    }
    let digest = hex::encode(Sha256::digest(s.as_bytes()));
    s.push_str(SELF_HASH);
    s.push_str(&digest);
    s.push('\n');
    s.into_bytes()
}

/// Reads a backup MANIFEST: (path, hash) entries, or why it does not hold.
fn parse_manifest(bytes: &[u8]) -> Result<Vec<(String, String)>, BackupError> {
    let bad = |why: &str| BackupError::NotIntact(format!("its MANIFEST {why}"));
    let text = std::str::from_utf8(bytes).map_err(|_| bad("is not text"))?;
    if !text.starts_with(&format!("{MAGIC}\n")) {
        return Err(bad("is not a Sigillo backup MANIFEST"));
    }
    let mut entries = Vec::new();
    let mut offset = 0;
    let mut closed = false;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        if closed {
            return Err(bad("has lines after its closing hash"));
        }
        let body = line.strip_suffix('\n').ok_or_else(|| bad("is cut short"))?;
        if let Some(hash) = body.strip_prefix(SELF_HASH) {
            if hash != hex::encode(Sha256::digest(&bytes[..start])) {
                return Err(bad("was changed (its own hash does not match)"));
            }
            closed = true;
            continue;
        }
        if body.starts_with('#') {
            continue;
        }
        let (hash, path) = body
            .split_once(" *")
            .ok_or_else(|| bad("has a line that is not an entry"))?;
        if hash.len() != 64 || !safe_path(path) {
            return Err(bad("has an unsafe or damaged entry"));
        }
        entries.push((path.to_owned(), hash.to_owned()));
    }
    if !closed {
        return Err(bad("has no closing hash"));
    }
    Ok(entries)
}

/// A relative path of plain components (no `..`, no absolute path, no backslash).
fn safe_path(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && path
            .split('/')
            .all(|c| !c.is_empty() && c != "." && c != ".." && !c.contains('\0'))
}

/// Backs up the profile `profile_dir` (with the configuration folder `config_dir`) to the new
/// ZIP file `out`. `progress(stage, done, total)` follows the work.
pub fn backup(
    profile_dir: &Path,
    config_dir: Option<&Path>,
    out: &Path,
    progress: &mut dyn FnMut(Stage, usize, usize),
) -> Result<BackupSummary, BackupError> {
    if out.symlink_metadata().is_ok() {
        return Err(BackupError::Exists(out.to_owned()));
    }
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(io(parent))?;
    let work = WorkDir::new(parent, "backup")?;
    progress(Stage::Database, 0, 1);
    let db_copy = work.path().join(DATABASE_FILE);
    copy_created_database(profile_dir, &db_copy)?;
    let (messages, head) = check_database(&db_copy)?;
    progress(Stage::Database, 1, 1);

    let mut files: Vec<(String, PathBuf)> = vec![(format!("profile/{DATABASE_FILE}"), db_copy)];
    for (rel, path) in files_under(profile_dir)? {
        if !skipped(&rel) {
            files.push((format!("profile/{rel}"), path));
        }
    }
    if let Some(config) = config_dir {
        for (rel, path) in files_under(config)? {
            if !rel.split('/').any(|c| c.starts_with('.')) {
                files.push((format!("config/{rel}"), path));
            }
        }
    }

    let partial = work.path().join("archive.zip");
    let file = std::fs::File::create(&partial).map_err(io(&partial))?;
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(file));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .large_file(true);
    let archive_err = |e: zip::result::ZipError| BackupError::Archive {
        path: out.to_owned(),
        detail: e.to_string(),
    };
    let mut entries: Vec<(String, String)> = Vec::new();
    let total = files.len();
    for (n, (rel, path)) in files.iter().enumerate() {
        zip.start_file(format!("{TOP}/{rel}"), opts)
            .map_err(archive_err)?;
        let mut f = std::fs::File::open(path).map_err(io(path))?;
        let mut hasher = Sha256::new();
        let mut buf = vec![0u8; 1 << 20];
        loop {
            let n = f.read(&mut buf).map_err(io(path))?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
            zip.write_all(&buf[..n]).map_err(io(out))?;
        }
        entries.push((rel.clone(), hex::encode(hasher.finalize())));
        progress(Stage::Files, n + 1, total);
    }
    let head_text = head
        .as_ref()
        .map(|(seq, hash)| format!("{seq} {hash}"))
        .unwrap_or_else(|| "-".into());
    let manifest = manifest_text(&entries, Utc::now(), &head_text);
    zip.start_file(format!("{TOP}/MANIFEST"), opts)
        .map_err(archive_err)?;
    zip.write_all(&manifest).map_err(io(out))?;
    let inner = zip.finish().map_err(archive_err)?;
    let file = inner.into_inner().map_err(|e| BackupError::Io {
        path: partial.clone(),
        source: e.into_error(),
    })?;
    file.sync_all().map_err(io(&partial))?;
    drop(file);
    // Renamed into place whole: a stopped backup never leaves a partial archive under the
    // name asked for.
    std::fs::rename(&partial, out).map_err(io(out))?;
    Ok(BackupSummary {
        path: out.to_owned(),
        files: entries.len() + 1,
        messages,
        head,
        manifest_sha256: hex::encode(Sha256::digest(&manifest)),
    })
}

/// Reads and checks a backup archive: every file listed and matching its hash, nothing
/// else, safe names. Returns the files (relative to the top folder).
fn read_checked(
    archive: &Path,
    progress: &mut dyn FnMut(Stage, usize, usize),
    into: &Path,
) -> Result<Vec<String>, BackupError> {
    let file = std::fs::File::open(archive).map_err(io(archive))?;
    let bad_zip = |e: zip::result::ZipError| BackupError::Archive {
        path: archive.to_owned(),
        detail: e.to_string(),
    };
    let mut zip = zip::ZipArchive::new(file).map_err(bad_zip)?;
    let manifest_name = format!("{TOP}/MANIFEST");
    let manifest = {
        let mut m = zip.by_name(&manifest_name).map_err(|_| {
            BackupError::NotIntact("it has no MANIFEST: it is not a Sigillo backup".into())
        })?;
        let mut bytes = Vec::new();
        (&mut m)
            .take(16 << 20)
            .read_to_end(&mut bytes)
            .map_err(io(archive))?;
        bytes
    };
    let entries: BTreeMap<String, String> = parse_manifest(&manifest)?.into_iter().collect();
    let total = zip.len();
    let mut seen = Vec::new();
    for i in 0..total {
        let mut entry = zip.by_index(i).map_err(bad_zip)?;
        if entry.is_dir() {
            continue;
        }
        let name = entry
            .name()
            .map(|n| n.to_string())
            .map_err(|_| BackupError::NotIntact("a file name is not readable".into()))?;
        if name == manifest_name {
            continue;
        }
        let rel = name
            .strip_prefix(&format!("{TOP}/"))
            .filter(|r| safe_path(r))
            .ok_or_else(|| BackupError::NotIntact(format!("{name} is not a safe name")))?
            .to_owned();
        let expected = entries
            .get(&rel)
            .ok_or_else(|| BackupError::NotIntact(format!("{rel} is not in the MANIFEST")))?;
        let dest = into.join(&rel);
        if let Some(p) = dest.parent() {
            std::fs::create_dir_all(p).map_err(io(p))?;
        }
        let mut out = std::fs::File::create(&dest).map_err(io(&dest))?;
        let mut hasher = Sha256::new();
        let mut buf = vec![0u8; 1 << 20];
        loop {
            let n = entry
                .read(&mut buf)
                .map_err(|e| BackupError::NotIntact(format!("{rel}: {e}")))?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
            out.write_all(&buf[..n]).map_err(io(&dest))?;
        }
        out.sync_all().map_err(io(&dest))?;
        if &hex::encode(hasher.finalize()) != expected {
            return Err(BackupError::NotIntact(format!(
                "{rel} was changed (its SHA-256 is not the one in the MANIFEST)"
            )));
        }
        seen.push(rel);
        progress(Stage::Files, i + 1, total);
    }
    for rel in entries.keys() {
        if !seen.contains(rel) {
            return Err(BackupError::NotIntact(format!("{rel} is missing")));
        }
    }
    Ok(seen)
}

/// Checks a backup without restoring it: what [`restore`] checks before writing.
pub fn check(archive: &Path) -> Result<(usize, Option<(i64, String)>), BackupError> {
    let work = WorkDir::new(&std::env::temp_dir(), "check")?;
    read_checked(archive, &mut |_, _, _| {}, work.path())?;
    check_database(&work.path().join("profile").join(DATABASE_FILE))
}

/// Restores the backup `archive` into the profile `profile_dir` (its configuration files into
/// `config_dir`, when that is outside the profile). Everything is checked first; an existing
/// profile is moved aside only when `replace` is set (never deleted), else the restore stops.
pub fn restore(
    archive: &Path,
    profile_dir: &Path,
    config_dir: Option<&Path>,
    replace: bool,
    progress: &mut dyn FnMut(Stage, usize, usize),
) -> Result<RestoreSummary, BackupError> {
    let exists = profile_dir
        .read_dir()
        .map(|mut d| d.next().is_some())
        .unwrap_or(false);
    if exists && !replace {
        return Err(BackupError::ProfileExists(profile_dir.to_owned()));
    }
    let parent = profile_dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(io(parent))?;
    let work = WorkDir::new(parent, "restore")?;
    let files = read_checked(archive, progress, work.path())?;
    let unpacked = work.path().join("profile");
    let (messages, _) = check_database(&unpacked.join(DATABASE_FILE))?;

    // Configuration: inside the profile it travels with it; elsewhere existing files stay.
    let mut config_kept = Vec::new();
    let config_from = work.path().join("config");
    if config_from.is_dir() {
        let target = config_dir
            .map(Path::to_owned)
            .unwrap_or_else(|| profile_dir.join("config"));
        if target.starts_with(profile_dir) {
            let rel = target
                .strip_prefix(profile_dir)
                .unwrap_or(Path::new("config"));
            let dest = unpacked.join(rel);
            std::fs::create_dir_all(dest.parent().unwrap_or(&unpacked)).map_err(io(&dest))?;
            std::fs::rename(&config_from, &dest).map_err(io(&dest))?;
        } else {
            for (rel, path) in files_under(&config_from)? {
                let dest = target.join(&rel);
                if dest.exists() {
                    config_kept.push(dest);
                    continue;
                }
                if let Some(p) = dest.parent() {
                    std::fs::create_dir_all(p).map_err(io(p))?;
                }
                std::fs::copy(&path, &dest).map_err(io(&dest))?;
            }
        }
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&unpacked, std::fs::Permissions::from_mode(0o700));
        let _ = std::fs::set_permissions(
            unpacked.join(DATABASE_FILE),
            std::fs::Permissions::from_mode(0o600),
        );
    }
    if profile_dir.is_dir() && !exists {
        // An empty folder made beforehand: nothing to keep.
        std::fs::remove_dir(profile_dir).map_err(io(profile_dir))?;
    }
    let previous = if profile_dir.exists() {
        let aside = PathBuf::from(format!(
            "{}.before-restore-{}",
            profile_dir.display(),
            Utc::now().format("%Y%m%dT%H%M%S")
        ));
        std::fs::rename(profile_dir, &aside).map_err(io(profile_dir))?;
        Some(aside)
    } else {
        None
    };
    std::fs::rename(&unpacked, profile_dir).map_err(io(profile_dir))?;
    Ok(RestoreSummary {
        profile: profile_dir.to_owned(),
        previous,
        files: files.len(),
        messages,
        config_kept,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A backup asked for the instant a profile's database file appears, before its tables
    /// exist, waits for them instead of failing with "no such table".
    #[test]
    fn a_backup_waits_for_a_database_being_created() {
        let dir = tempfile::tempdir().unwrap();
        let profile = dir.path().join("profile");
        std::fs::create_dir_all(&profile).unwrap();
        // The file as a creating process leaves it before its first migration.
        drop(Connection::open(profile.join(DATABASE_FILE)).unwrap());
        let creator = {
            let profile = profile.clone();
            std::thread::spawn(move || {
                std::thread::sleep(std::time::Duration::from_millis(500));
                drop(store::Store::open(&profile).unwrap());
            })
        };
        let out = dir.path().join("backup.zip");
        let summary = backup(&profile, None, &out, &mut |_, _, _| {});
        creator.join().unwrap();
        let summary = summary.expect("the backup waits for the tables");
        assert_eq!(summary.messages, 0);
        assert!(out.is_file());
    }
}
