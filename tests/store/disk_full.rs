//! A full disk during a write. The profile lives on a small tmpfs volume mounted by the test
//! (it needs root; otherwise this is recorded as NOT RUN, naming what was not tested). A real
//! `sigillo import`, then a sync from a real Dovecot, write until the volume is full: the
//! error says so in words the user can act on, the store stays sound with nothing
//! half-written and nothing stored before lost, and once space is freed (the volume grown)
//! the same command completes with every message exactly once.

#![cfg(target_os = "linux")]

use crate::support;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};
use sigillo::account::{Account, Incoming, Secret, ServerConfig};
use sigillo::import::mbox::write_mbox;
use sigillo::net::sync::{SyncError, sync_once};
use sigillo::net::tls::{Fingerprint, Security};
use sigillo::store::{ListQuery, Store, StoreError};
use sigillo_test_provider::dovecot::Dovecot;
use support::reliability::{Figures, not_run};
use support::store_checks::check_sound;

/// A tmpfs volume of this test, unmounted when dropped.
struct Volume(PathBuf);

impl Volume {
    fn mount(dir: &Path, kib: u64) -> Result<Volume, String> {
        std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o"])
            .arg(format!("size={kib}k,mode=0700"))
            .arg("tmpfs")
            .arg(dir)
            .output()
            .map_err(|e| format!("cannot run mount: {e}"))?;
        if !out.status.success() {
            return Err(String::from_utf8_lossy(&out.stderr).trim().to_owned());
        }
        Ok(Volume(dir.to_owned()))
    }

    /// Frees space the simplest way: the volume grows.
    fn grow(&self, kib: u64) {
        let out = Command::new("mount")
            .args(["-o"])
            .arg(format!("remount,size={kib}k"))
            .arg(&self.0)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

impl Drop for Volume {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

/// A tmpfs of `kib` KiB at `dir`, or `None` after recording that `what` was not run.
fn volume_or_not_run(dir: &Path, kib: u64, what: &str) -> Option<Volume> {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        not_run(
            "faults",
            what,
            "the disk-full check mounts a small tmpfs volume and needs root (scripts/test and CI run as root)",
        );
        return None;
    }
    match Volume::mount(dir, kib) {
        Ok(v) => Some(v),
        Err(e) => {
            not_run(
                "faults",
                what,
                &format!("a tmpfs volume could not be mounted here ({e})"),
            );
            None
        }
    }
}

fn message(i: usize, size: usize) -> Vec<u8> {
    let mut m = format!(
        "From: mittente{i}@esterno.test\r\nTo: archivio@pec.test\r\nSubject: Pieno {i}\r\n\
         Message-ID: <pieno{i}@esterno.test>\r\n\r\n"
    )
    .into_bytes();
    let mut x = i as u64 + 1;
    while m.len() < size {
        // Text that does not compress away: the volume really fills.
        for _ in 0..60 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            m.push(b'a' + (x % 26) as u8);
        }
        m.extend_from_slice(b"\r\n");
    }
    m
}

fn sha(b: &[u8]) -> Vec<u8> {
    Sha256::digest(b).to_vec()
}

fn stored_hashes(profile: &Path) -> HashSet<Vec<u8>> {
    let store = Store::open(profile).unwrap();
    store
        .list(&ListQuery::default())
        .unwrap()
        .iter()
        .map(|r| sha(&store.raw(r.id).unwrap()))
        .collect()
}

fn sigillo(profile: &Path, args: &[&std::ffi::OsStr]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_sigillo"))
        .arg("--profile")
        .arg(profile)
        .args(args)
        .env("LANG", "C.UTF-8")
        .output()
        .unwrap()
}

#[test]
fn a_full_disk_during_import_loses_nothing_and_the_rerun_completes() {
    const WHAT: &str = "disk full during `sigillo import` (tmpfs volume)";
    let work = tempfile::tempdir().unwrap();
    let Some(vol) = volume_or_not_run(&work.path().join("vol"), 2048, WHAT) else {
        return;
    };
    let profile = vol.0.join("profile");
    let messages: Vec<Vec<u8>> = (0..60).map(|i| message(i, 60_000)).collect();
    let refs: Vec<&[u8]> = messages.iter().map(Vec::as_slice).collect();
    let mut mbox = Vec::new();
    write_mbox(&mut mbox, &refs).unwrap();
    let archive = work.path().join("Archivio");
    std::fs::write(&archive, &mbox).unwrap();

    let out = sigillo(
        &profile,
        &[
            "import".as_ref(),
            "--batch".as_ref(),
            "8".as_ref(),
            archive.as_os_str(),
        ],
    );
    assert_eq!(out.status.code(), Some(3), "the store error exit code");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("is full") && err.contains("Free some space"),
        "the user is told what to do: {err}"
    );
    check_sound(&profile, "after the disk filled");
    let before = stored_hashes(&profile);
    let all: HashSet<Vec<u8>> = messages.iter().map(|m| sha(m)).collect();
    assert!(before.len() < all.len(), "the disk filled before the end");
    assert!(before.is_subset(&all), "what was stored is whole");

    vol.grow(64 * 1024);
    let out = sigillo(&profile, &["import".as_ref(), archive.as_os_str()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    check_sound(&profile, "after the re-run");
    assert_eq!(stored_hashes(&profile), all, "every message, exactly once");
    let store = Store::open(&profile).unwrap();
    assert_eq!(store.stats().unwrap().messages, all.len());
    assert_eq!(store.stats().unwrap().pending, 0);
    assert!(store.integrity_check().unwrap().is_empty());

    Figures::new("faults", WHAT)
        .runs(1)
        .faults(1)
        .messages(all.len())
        .outcome(format!(
            "the disk filled after {} of {} messages: exit code 3 with 'the disk … is full … Free some space and try again'; store sound, the messages stored before intact; after freeing space the re-run stored every message exactly once",
            before.len(),
            all.len()
        ))
        .record();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_during_sync_loses_nothing_and_the_next_sync_completes() {
    const WHAT: &str = "disk full during a sync (tmpfs volume, real Dovecot over IMAPS)";
    let work = tempfile::tempdir().unwrap();
    let Some(vol) = volume_or_not_run(&work.path().join("vol"), 2048, WHAT) else {
        return;
    };
    let d = Dovecot::start().unwrap_or_else(|e| panic!("Dovecot did not start: {e}"));
    let user = "archivio@pec.test";
    d.add_user(user, "Pieno-2026").unwrap();
    for i in 0..40 {
        d.deliver(user, "INBOX", &message(i, 60_000)).unwrap();
    }
    let all: HashSet<Vec<u8>> = d
        .messages(user, "INBOX")
        .unwrap()
        .iter()
        .map(|m| sha(m))
        .collect();
    let server = ServerConfig {
        host: "localhost".into(),
        port: d.imaps_port(),
        security: Security::Tls,
        pin: Fingerprint::of_certificate(&d.cert_pem()),
    };
    let acc = Account::custom("pieno", user, Incoming::Imap, server.clone(), server);
    let pw = Secret::new("Pieno-2026");
    let profile = vol.0.join("profile");
    let mut store = Store::open(&profile).unwrap();
    let opts = support::net::sync_options();
    match sync_once(&mut store, &acc, &pw, &opts, &mut |_| {}).await {
        Err(SyncError::Store(e @ StoreError::DiskFull)) => {
            assert!(e.is_disk_full());
            assert!(e.to_string().contains("free some space"), "{e}");
        }
        other => panic!("expected a full disk, got {other:?}"),
    }
    drop(store);
    check_sound(&profile, "after the disk filled");
    let before = stored_hashes(&profile);
    assert!(before.len() < all.len() && before.is_subset(&all));

    vol.grow(64 * 1024);
    let mut store = Store::open(&profile).unwrap();
    sync_once(&mut store, &acc, &pw, &opts, &mut |_| {})
        .await
        .unwrap_or_else(|e| panic!("the sync after freeing space: {e}"));
    drop(store);
    check_sound(&profile, "after the next sync");
    assert_eq!(stored_hashes(&profile), all, "every message, exactly once");
    let store = Store::open(&profile).unwrap();
    assert_eq!(store.stats().unwrap().copies, all.len());

    Figures::new("faults", WHAT)
        .runs(1)
        .faults(1)
        .messages(all.len())
        .outcome(format!(
            "the disk filled after {} of {} messages: the sync stopped with the store's 'disk is full' error; store sound, nothing stored before lost; after freeing space the next sync stored every message exactly once",
            before.len(),
            all.len()
        ))
        .record();
}
