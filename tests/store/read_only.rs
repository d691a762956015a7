//! An archive that cannot be written is browsed, never written: every reading command works
//! (list, show, search, timeline, export to a writable folder, verify-dossier, verify,
//! inspect, trust and account lists) and the store's say "read-only" once; every writing
//! command (import, reindex, sync, send, account add, trust add) refuses with words and exit
//! code 3; not one byte of the profile changes.
//!
//! Twice, with real parts: on a tmpfs remounted read-only (needs root and the right to mount,
//! else NOT RUN), and on a profile without write permission (as root, the commands run as the
//! unprivileged `nobody`, since permissions do not bind root; as another user, the profile is
//! made read-only for that user).

#![cfg(target_os = "linux")]

use crate::support;

use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use sha2::{Digest, Sha256};
use sigillo::store::{Source, Store};
use support::cli::run_text as text;
use support::exchange::{Exchange, NoticeSpec};
use support::reliability::{Figures, not_run};

/// How the commands run: as this user, or as another one.
#[derive(Clone, Copy)]
enum RunAs {
    Me,
    Nobody,
}

const NOBODY: u32 = 65534;

/// The binary `nobody` runs: a link to (or copy of) the built one in a folder everyone may
/// enter, since the checkout may be private (a clone in a `mktemp -d` folder is 0700).
static NOBODY_BIN: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();

fn sigillo(profile: &Path, run_as: RunAs, home: &Path) -> Command {
    let bin = match run_as {
        RunAs::Nobody => NOBODY_BIN
            .get()
            .cloned()
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_sigillo"))),
        RunAs::Me => PathBuf::from(env!("CARGO_BIN_EXE_sigillo")),
    };
    let mut c = Command::new(bin);
    c.arg("--profile")
        .arg(profile)
        .arg("--lang")
        .arg("en")
        .env("HOME", home)
        .env("SIGILLO_NO_KEYRING", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let RunAs::Nobody = run_as {
        c.uid(NOBODY).gid(NOBODY);
    }
    c
}

/// A profile with a sent PEC, its receipts and an ordinary message; returns the sent one's id
/// and its bytes.
fn populate(profile: &Path) -> (i64, Vec<u8>) {
    let mut store = Store::open(profile).unwrap();
    let a = "anna@pec.altro.it";
    let x = Exchange::new(31, &[(a, true)]);
    let imap = |folder: &str, uid| Source::Imap {
        account: "studio".into(),
        folder: folder.into(),
        uidvalidity: 1,
        uid,
    };
    let sent = x.sent();
    let id = store.ingest(&sent, &imap("Sent", 1)).unwrap().id;
    store
        .ingest(
            &x.notice(&NoticeSpec::new("accettazione", (10, 16))),
            &imap("INBOX", 2),
        )
        .unwrap();
    store
        .ingest(
            &x.notice(&NoticeSpec::new("avvenuta-consegna", (10, 17)).to(a)),
            &imap("INBOX", 3),
        )
        .unwrap();
    (id, sent)
}

/// Every file under `dir` with its SHA-256.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p.clone());
                out.insert(p, "dir".to_owned());
            } else {
                let bytes = std::fs::read(&p).unwrap();
                out.insert(p, hex::encode(Sha256::digest(bytes)));
            }
        }
    }
    out
}

/// Runs every reading and writing command against the read-only `profile`; `scratch` is a
/// folder the commands may write (exports, input files). Returns how many commands ran.
fn check_profile(profile: &Path, scratch: &Path, run_as: RunAs, id: i64, sent: &[u8]) -> usize {
    let before = snapshot(profile);
    let eml = scratch.join("messaggio.eml");
    std::fs::write(&eml, sent).unwrap();
    let body = scratch.join("corpo.txt");
    std::fs::write(&body, "testo").unwrap();
    let pem = scratch.join("ca.pem");
    let o = Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        ])
        .args(["-subj", "/CN=Prova CA"])
        .arg("-keyout")
        .arg(scratch.join("ca.key"))
        .arg("-out")
        .arg(&pem)
        .output()
        .unwrap();
    assert!(o.status.success(), "openssl: {}", text(&o));
    for f in [&eml, &body, &pem] {
        std::fs::set_permissions(f, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let export = scratch.join("fascicolo");
    let id = id.to_string();
    let run = |args: &[&str]| -> Output {
        sigillo(profile, run_as, scratch)
            .args(args)
            .output()
            .unwrap()
    };
    let mut count = 0;
    // Reading commands that open the store: they work, and say "read-only" once.
    for args in [
        vec!["list"],
        vec!["list", "--json"],
        vec!["show", &id],
        vec!["show", &id, "--json"],
        vec!["search", "pratica"],
        vec!["timeline"],
        vec!["timeline", "--json"],
        vec!["export", &id, "--out", export.to_str().unwrap()],
    ] {
        let o = run(&args);
        count += 1;
        assert!(o.status.success(), "{args:?}: {}", text(&o));
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(err.matches("is read-only").count(), 1, "{args:?}: {err}");
        assert!(!o.stdout.is_empty(), "{args:?} printed nothing");
    }
    let o = run(&["show", &id, "--raw"]);
    count += 1;
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(o.stdout, sent, "the exact bytes");
    assert!(export.join("MANIFEST").is_file(), "the export was written");
    // Reading commands that do not open the store: they work as anywhere.
    for args in [
        vec!["verify-dossier", export.to_str().unwrap()],
        vec!["verify", eml.to_str().unwrap()],
        vec!["inspect", eml.to_str().unwrap()],
        vec!["trust", "list"],
        vec!["account", "list"],
    ] {
        let o = run(&args);
        count += 1;
        // verify and verify-dossier say "not valid" (1) for the test PKI's signatures.
        assert!(
            matches!(o.status.code(), Some(0) | Some(1)),
            "{args:?}: {}",
            text(&o)
        );
        assert!(!o.stdout.is_empty(), "{args:?} printed nothing");
    }
    // Writing commands: refused with words, exit 3, before anything is done.
    for args in [
        vec!["import", eml.to_str().unwrap()],
        vec!["reindex"],
        vec!["sync"],
        vec![
            "send",
            "--to",
            "anna@pec.altro.it",
            "--subject",
            "prova",
            "--body-file",
            body.to_str().unwrap(),
        ],
        vec![
            "account",
            "add",
            "--id",
            "studio",
            "--address",
            "studio@pec.esempio.it",
            "--no-test",
        ],
        vec!["trust", "add", pem.to_str().unwrap()],
    ] {
        let o = run(&args);
        count += 1;
        assert_eq!(o.status.code(), Some(3), "{args:?}: {}", text(&o));
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains("is read-only") && err.contains("nothing was changed"),
            "{args:?}: {err}"
        );
    }
    assert_eq!(
        snapshot(profile),
        before,
        "not one byte of the profile changed"
    );
    count
}

/// A tmpfs mounted here, unmounted when dropped.
struct Mount(PathBuf);

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

fn mount(args: &[&str], at: &Path) -> bool {
    Command::new("mount")
        .args(args)
        .arg(at)
        .stderr(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

fn is_root() -> bool {
    // The effective user id, as the kernel reports it.
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .and_then(|l| l.split_whitespace().nth(2).map(|u| u == "0"))
        })
        .unwrap_or(false)
}

#[test]
fn a_profile_on_a_read_only_mount_is_browsed_and_never_written() {
    let check = "read-only profile on a tmpfs remounted read-only";
    let work = tempfile::tempdir().unwrap();
    let source = work.path().join("source");
    let (id, sent) = populate(&source);
    let at = work.path().join("mnt");
    std::fs::create_dir_all(&at).unwrap();
    if !is_root() || !mount(&["-t", "tmpfs", "-o", "size=64m", "tmpfs"], &at) {
        not_run(
            "faults",
            check,
            "mounting needs root and the right to mount here; the chmod variant of this test still runs",
        );
        return;
    }
    let mounted = Mount(at.clone());
    let profile = at.join("profile");
    let o = Command::new("cp")
        .arg("-a")
        .arg(&source)
        .arg(&profile)
        .output()
        .unwrap();
    assert!(o.status.success(), "cp: {}", text(&o));
    assert!(mount(&["-o", "remount,ro"], &at), "remount read-only");
    assert!(
        std::fs::write(profile.join("probe"), b"x").is_err(),
        "the mount refuses writes"
    );
    let scratch = work.path().join("scratch");
    std::fs::create_dir_all(&scratch).unwrap();
    let commands = check_profile(&profile, &scratch, RunAs::Me, id, &sent);
    drop(mounted);
    Figures::new("faults", check)
        .runs(commands)
        .outcome(format!(
            "{commands} commands on a profile on a read-only tmpfs: every reading command worked (the store's said read-only once), every writing command refused with words and exit 3, and no byte changed"
        ))
        .record();
}

#[test]
fn a_profile_without_write_permission_is_browsed_and_never_written() {
    let check = "read-only profile without write permission";
    let work = tempfile::tempdir().unwrap();
    let profile = work.path().join("profile");
    let (id, sent) = populate(&profile);
    let scratch = work.path().join("scratch");
    std::fs::create_dir_all(&scratch).unwrap();
    let run_as = if is_root() {
        // Permissions do not bind root: the commands run as `nobody`, who may read the
        // profile (0755/0644, owned by root) and write only the scratch folder.
        for p in [work.path(), profile.as_path()] {
            std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        for (path, _) in snapshot(&profile) {
            let mode = if path.is_dir() { 0o755 } else { 0o644 };
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        }
        std::fs::set_permissions(&scratch, std::fs::Permissions::from_mode(0o777)).unwrap();
        let bin = work.path().join("sigillo");
        if std::fs::hard_link(env!("CARGO_BIN_EXE_sigillo"), &bin).is_err() {
            std::fs::copy(env!("CARGO_BIN_EXE_sigillo"), &bin).unwrap();
        }
        let _ = NOBODY_BIN.set(bin);
        let o = sigillo(&profile, RunAs::Nobody, &scratch)
            .arg("--version")
            .output();
        if !o.map(|o| o.status.success()).unwrap_or(false) {
            not_run(
                "faults",
                check,
                "the sigillo binary cannot be run as the user nobody here (its folder is not readable by others)",
            );
            return;
        }
        RunAs::Nobody
    } else {
        for (path, _) in snapshot(&profile) {
            let mode = if path.is_dir() { 0o555 } else { 0o444 };
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        }
        std::fs::set_permissions(&profile, std::fs::Permissions::from_mode(0o555)).unwrap();
        if std::fs::write(profile.join("probe"), b"x").is_ok() {
            not_run(
                "faults",
                check,
                "this user can write without permission (a capability): no read-only profile to test",
            );
            return;
        }
        RunAs::Me
    };
    let commands = check_profile(&profile, &scratch, run_as, id, &sent);
    if let RunAs::Me = run_as {
        // Give the temporary folder back its permissions, so that it can be removed.
        for (path, _) in snapshot(&profile) {
            if path.is_dir() {
                std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
            }
        }
        std::fs::set_permissions(&profile, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    Figures::new("faults", check)
        .runs(commands)
        .outcome(format!(
            "{commands} commands on a profile its user may not write: every reading command worked (the store's said read-only once), every writing command refused with words and exit 3, and no byte changed"
        ))
        .record();
}
