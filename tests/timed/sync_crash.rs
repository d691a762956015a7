//! Crash safety of receiving, with real processes: `sigillo sync` against a real Dovecot
//! (IMAPS, pinned certificate) is killed with SIGKILL at random points, 50 times while it
//! runs. After every kill the store must open, pass `PRAGMA integrity_check` and hold no
//! half-written message; the next `sigillo sync` must complete with every server message
//! stored exactly once, byte-exact, each server copy recorded once.

#![cfg(unix)]

use crate::support;

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};
use sigillo::store::{ListQuery, Store};
use sigillo_test_provider::dovecot::Dovecot;
use support::reliability::Figures;
use support::store_checks::check_sound;

const USER: &str = "archivio@pec.test";
const PW: &str = "Kill-Sync-Pw-2026";
/// Kills that must land while a sync runs.
const KILLS: usize = 50;
/// Runs at most (a kill after the sync finished, or before it began, does not count; on a
/// loaded machine more kills land early, so room is left for them: the loop stops at `KILLS`).
const MAX_RUNS: usize = 200;
const FOLDERS: [&str; 2] = ["INBOX", "Archivio"];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

fn message(i: usize) -> Vec<u8> {
    let mut m = format!(
        "From: mittente{i}@esterno.test\r\nTo: {USER}\r\nSubject: Messaggio {i}\r\n\
         Message-ID: <kill{i}@esterno.test>\r\nDate: Tue, 24 Nov 2026 10:{:02}:00 +0100\r\n\r\n",
        i % 60
    )
    .into_bytes();
    let size = [700, 4_000, 15_000][i % 3];
    while m.len() < size {
        m.extend_from_slice(format!("riga {i} del messaggio\r\n").as_bytes());
    }
    m
}

fn sigillo(profile: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sigillo"));
    c.arg("--profile")
        .arg(profile)
        .args(args)
        .env("LANG", "C.UTF-8")
        .env("SIGILLO_NO_KEYRING", "1")
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            format!("unix:path={}", profile.join("no-such-bus").display()),
        )
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    c
}

/// Starts `sigillo sync` with the password on its standard input.
fn start_sync(profile: &Path) -> Child {
    let mut child = sigillo(profile, &["sync", "--account", "arch", "--password-stdin"])
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{PW}\n").as_bytes())
        .unwrap();
    child
}

fn sync_to_the_end(profile: &Path, context: &str) {
    let out = start_sync(profile).wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{context}: the sync completes: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A fresh profile holding only the account settings (no password: it comes on stdin).
fn fresh_profile(template: &Path, dir: &Path) -> PathBuf {
    std::fs::create_dir_all(dir.join("config")).unwrap();
    std::fs::copy(
        template.join("config/accounts.toml"),
        dir.join("config/accounts.toml"),
    )
    .unwrap();
    dir.to_owned()
}

fn sha(b: &[u8]) -> Vec<u8> {
    Sha256::digest(b).to_vec()
}

/// True while the store lacks a server message (the kill interrupted the sync).
fn interrupted(profile: &Path, expected: &HashSet<Vec<u8>>) -> bool {
    if !profile.join(sigillo::store::DATABASE_FILE).exists() {
        return true;
    }
    let store = Store::open(profile).unwrap();
    let stats = store.stats().unwrap();
    stats.messages < expected.len() || stats.pending > 0
}

/// Every server message exactly once, byte-exact; one copy per server message.
fn assert_exactly_once(profile: &Path, expected: &HashSet<Vec<u8>>, copies: usize, context: &str) {
    let store = Store::open(profile).unwrap();
    let stats = store.stats().unwrap();
    assert_eq!(
        stats.messages,
        expected.len(),
        "{context}: distinct messages"
    );
    assert_eq!(
        stats.copies, copies,
        "{context}: one copy per server message"
    );
    assert_eq!(stats.pending, 0, "{context}");
    let found: HashSet<Vec<u8>> = store
        .list(&ListQuery::default())
        .unwrap()
        .iter()
        .map(|r| sha(&store.raw(r.id).unwrap()))
        .collect();
    assert_eq!(&found, expected, "{context}: byte-exact");
    assert!(store.integrity_check().unwrap().is_empty(), "{context}");
}

#[test]
fn sigkill_during_sync_never_damages_the_store_nor_loses_a_message() {
    let _alone = crate::one_at_a_time();
    let d = Dovecot::start().unwrap_or_else(|e| panic!("Dovecot did not start: {e}"));
    d.add_user(USER, PW).unwrap();
    for i in 0..30 {
        d.deliver(USER, FOLDERS[usize::from(i % 3 == 0)], &message(i))
            .unwrap();
    }
    let mut expected = HashSet::new();
    let mut copies = 0;
    for f in FOLDERS {
        for m in d.messages(USER, f).unwrap() {
            expected.insert(sha(&m));
            copies += 1;
        }
    }

    let work = tempfile::tempdir().unwrap();
    let template = work.path().join("template");
    crate::add_pinned_account(sigillo(&template, &[]), &d, USER, PW);

    // Reference runs, timed to spread the kills over a sync's length.
    let mut full = Duration::MAX;
    for i in 0..2 {
        let p = fresh_profile(&template, &work.path().join(format!("timing{i}")));
        let started = Instant::now();
        sync_to_the_end(&p, "reference");
        full = full.min(started.elapsed());
        assert_exactly_once(&p, &expected, copies, "reference");
    }
    let seed = std::env::var("SIGILLO_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        });
    eprintln!("sync kill seed: {seed} (SIGILLO_CRASH_SEED); full sync {full:?}");
    let mut rng = Rng(seed);
    let full_us = full.as_micros() as u64;
    // Between 10 % (past the process start) and 95 % of an uninterrupted sync.
    let pick =
        |rng: &mut Rng| Duration::from_micros(full_us / 10 + rng.next() % (full_us * 85 / 100));

    let (mut mid_way, mut kills, mut runs) = (0, 0, 0);
    for run in 0..MAX_RUNS {
        let profile = fresh_profile(&template, &work.path().join(format!("p{run}")));
        let delay = pick(&mut rng);
        let mut child = start_sync(&profile);
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL
        child.wait().unwrap();
        kills += 1;
        runs += 1;
        let context = format!("run {run} (seed {seed}), killed after {delay:?}");
        check_sound(&profile, &context);
        if interrupted(&profile, &expected) {
            mid_way += 1;
        }
        if rng.next().is_multiple_of(3) {
            let mut child = start_sync(&profile);
            std::thread::sleep(pick(&mut rng));
            let _ = child.kill();
            child.wait().unwrap();
            kills += 1;
            check_sound(&profile, &format!("{context}, killed again"));
        }
        sync_to_the_end(&profile, &context);
        check_sound(&profile, &format!("{context}, after the re-run"));
        assert_exactly_once(&profile, &expected, copies, &context);
        std::fs::remove_dir_all(&profile).unwrap();
        if mid_way >= KILLS {
            break;
        }
    }
    assert!(
        mid_way >= KILLS,
        "at least {KILLS} kills must land while a sync runs (got {mid_way} in {runs} runs)"
    );
    Figures::new(
        "faults",
        "SIGKILL during `sigillo sync` (IMAPS, real Dovecot) at random points",
    )
    .runs(runs)
    .faults(kills)
    .messages(expected.len())
    .with("kills_mid_sync", serde_json::json!(mid_way))
    .outcome(format!(
        "{mid_way} kills landed while a sync ran: after each the store passed PRAGMA integrity_check with nothing half-written, and the next sync stored every server message exactly once, byte-exact"
    ))
    .record();
}
