//! Backup and restore with real processes: `sigillo backup` taken while `sigillo sync` writes
//! into the same profile (a real Dovecot over IMAPS), each archive checked and restored into a
//! new profile where `sigillo audit` passes; a restore never lands on an existing profile
//! unless asked (and then keeps the old one aside); a changed archive restores nothing; no
//! password is in an archive.

#![cfg(unix)]

use crate::support;

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use sigillo_test_provider::dovecot::Dovecot;

const USER: &str = "archivio@pec.test";
const PW: &str = "Backup-Sync-Pw-2026";
const MESSAGES: usize = 1500;

fn sigillo(profile: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sigillo"));
    c.arg("--profile")
        .arg(profile)
        .args(args)
        .env("LANG", "it_IT.UTF-8")
        .env_remove("SIGILLO_CONFIG_DIR")
        .env_remove("SIGILLO_PROFILE")
        .env("SIGILLO_NO_KEYRING", "1")
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            format!("unix:path={}", profile.join("no-such-bus").display()),
        );
    c
}

fn run(profile: &Path, args: &[&str]) -> (Option<i32>, String) {
    let out = sigillo(profile, args).output().unwrap();
    (
        out.status.code(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

fn message(i: usize) -> Vec<u8> {
    let mut m = format!(
        "From: mittente{i}@esterno.test\r\nTo: {USER}\r\nSubject: Messaggio {i}\r\n\
         Message-ID: <backup{i}@esterno.test>\r\nDate: Tue, 24 Nov 2026 10:{:02}:00 +0100\r\n\r\n",
        i % 60
    )
    .into_bytes();
    while m.len() < 3_000 + (i % 7) * 1_000 {
        m.extend_from_slice(format!("riga {i} del messaggio\r\n").as_bytes());
    }
    m
}

#[test]
fn a_backup_taken_while_a_sync_writes_restores_into_a_profile_that_passes_the_audit() {
    let _alone = crate::one_at_a_time();
    let d = Dovecot::start().unwrap_or_else(|e| panic!("Dovecot did not start: {e}"));
    d.add_user(USER, PW).unwrap();
    for i in 0..MESSAGES {
        d.deliver(USER, "INBOX", &message(i)).unwrap();
    }
    let work = tempfile::tempdir().unwrap();
    let profile = work.path().join("profile");
    crate::add_pinned_account(sigillo(&profile, &[]), &d, USER, PW);

    // The sync writes; backups are taken meanwhile.
    let mut sync = sigillo(&profile, &["sync", "--account", "arch", "--password-stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    sync.stdin
        .take()
        .unwrap()
        .write_all(format!("{PW}\n").as_bytes())
        .unwrap();
    let started = Instant::now();
    let mut archives = Vec::new();
    let mut during = 0;
    while archives.len() < 6 && started.elapsed() < Duration::from_secs(120) {
        // Wait for the sync to have stored something.
        if !profile.join("sigillo.db").exists() {
            std::thread::sleep(Duration::from_millis(20));
            continue;
        }
        let running = sync.try_wait().unwrap().is_none();
        let out = work.path().join(format!("backup-{}.zip", archives.len()));
        let (code, text) = run(&profile, &["backup", "--out", out.to_str().unwrap()]);
        assert_eq!(code, Some(0), "{text}");
        let still_running = sync.try_wait().unwrap().is_none();
        if running && still_running {
            during += 1;
        }
        archives.push((out, running && still_running));
        if !still_running {
            break;
        }
    }
    let sync_out = sync.wait_with_output().unwrap();
    assert!(
        sync_out.status.success(),
        "{}",
        String::from_utf8_lossy(&sync_out.stderr)
    );
    assert!(
        during >= 1,
        "no backup was taken while the sync was writing ({} taken)",
        archives.len()
    );
    // One more after the sync: it holds every message.
    let last = work.path().join("backup-final.zip");
    let (code, text) = run(&profile, &["backup", "--out", last.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains(&format!("{MESSAGES} messaggi")), "{text}");
    archives.push((last, false));

    for (n, (archive, while_writing)) in archives.iter().enumerate() {
        let context = format!("archive {n} (taken while the sync wrote: {while_writing})");
        // No password anywhere in it.
        let mut zip = zip::ZipArchive::new(std::fs::File::open(archive).unwrap()).unwrap();
        let mut names = Vec::new();
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).unwrap();
            let name = f.name().unwrap().into_owned();
            names.push(name.clone());
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).unwrap();
            assert!(
                !bytes.windows(PW.len()).any(|w| w == PW.as_bytes()),
                "{context}: {name} holds the password"
            );
        }
        for expected in [
            "sigillo-backup/MANIFEST",
            "sigillo-backup/profile/sigillo.db",
            "sigillo-backup/config/accounts.toml",
        ] {
            assert!(names.iter().any(|n| n == expected), "{context}: {names:?}");
        }
        assert!(
            !names
                .iter()
                .any(|n| n.contains("leases") || n.ends_with("-wal")),
            "{context}: {names:?}"
        );
        let (code, text) = run(&profile, &["restore", "--check", archive.to_str().unwrap()]);
        assert_eq!(code, Some(0), "{context}: {text}");
        // Restored into a new profile, the audit passes there.
        let restored = work.path().join(format!("restored-{n}"));
        let (code, text) = run(&restored, &["restore", archive.to_str().unwrap()]);
        assert_eq!(code, Some(0), "{context}: {text}");
        support::store_checks::check_sound(&restored, &context);
        let (code, text) = run(&restored, &["audit"]);
        assert_eq!(code, Some(0), "{context}: {text}");
        assert!(text.contains("Verifica superata"), "{context}: {text}");
        assert!(
            restored.join("config").join("accounts.toml").is_file(),
            "{context}: the account settings come back"
        );
    }
    let final_restored = work.path().join(format!("restored-{}", archives.len() - 1));
    let (_, list) = run(&final_restored, &["list", "--limit", "100000"]);
    assert_eq!(
        list.lines().filter(|l| l.contains("Messaggio ")).count(),
        MESSAGES,
        "every message is in the last backup"
    );

    // Never over an existing profile unless asked; then the old one is kept aside.
    let archive = &archives.last().unwrap().0;
    let (code, text) = run(&final_restored, &["restore", archive.to_str().unwrap()]);
    assert_eq!(code, Some(5), "{text}");
    assert!(text.contains("esiste già"), "{text}");
    let (code, text) = run(
        &final_restored,
        &["restore", "--replace", archive.to_str().unwrap()],
    );
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("è stato spostato in"), "{text}");
    let aside: Vec<_> = std::fs::read_dir(work.path())
        .unwrap()
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(&format!("restored-{}.before-restore-", archives.len() - 1))
        })
        .collect();
    assert_eq!(aside.len(), 1, "the old profile is kept aside");

    // A changed archive: nothing is restored.
    let mut bytes = std::fs::read(archive).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.clone())).unwrap();
    let offset = {
        let f = zip.by_name("sigillo-backup/config/accounts.toml").unwrap();
        f.data_start().unwrap() as usize
    };
    bytes[offset + 2] ^= 0x01;
    let bad = work.path().join("changed.zip");
    std::fs::write(&bad, bytes).unwrap();
    let target = work.path().join("never");
    let (code, text) = run(&target, &["restore", bad.to_str().unwrap()]);
    assert_ne!(code, Some(0), "{text}");
    assert!(!target.exists(), "{text}");
    let leftovers: Vec<_> = std::fs::read_dir(work.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".sigillo-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
