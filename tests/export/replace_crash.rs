//! `sigillo export --replace` killed at every step that touches the destination: the final
//! name holds the old dossier (byte-exact) or the new one (whole: every file of its MANIFEST
//! there with its hash, nothing else), never a mix or nothing; and the next export into that
//! folder removes what the killed run left (`.NAME.partial-PID` and the like).
//!
//! The kills are real SIGKILLs delivered by `strace` at the entry of a chosen system call (the
//! N-th `mkdir`, `openat` with `O_CREAT`, `rename*`, `unlink*` or `rmdir` of the process,
//! found by a first traced run): every step is hit exactly, with no hook in the code. Where
//! `strace` cannot run the check reports NOT RUN.

#![cfg(target_os = "linux")]

use crate::support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use sha2::{Digest, Sha256};
use sigillo::store::{Source, Store};
use support::dossier::{all_files, copy_dir, zip_files};
use support::exchange::{Exchange, NoticeSpec};
use support::reliability::{Figures, not_run};

/// The destination's name: distinctive, so the trace lines about it are told apart.
const NAME: &str = "dossier_under_test";
/// The system calls a kill may land on.
const CALLS: &str = "mkdir,mkdirat,openat,rename,renameat,renameat2,unlink,unlinkat,rmdir";

fn sigillo(profile: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sigillo"));
    c.arg("--profile")
        .arg(profile)
        .arg("--lang")
        .arg("en")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

fn strace_works() -> bool {
    Command::new("strace")
        .args(["-f", "-qq", "-o", "/dev/null", "true"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

/// A profile with two sent PECs and their receipts; returns the ids of the two sent messages.
fn profile(dir: &Path) -> (i64, i64) {
    let mut store = Store::open(dir).unwrap();
    let mut ids = Vec::new();
    for n in [71, 72] {
        let a = format!("dest{n}@pec.altro.it");
        let x = Exchange::new(n, &[(&a, true)]);
        let sent = Source::Imap {
            account: "studio".into(),
            folder: "Sent".into(),
            uidvalidity: 1,
            uid: n,
        };
        ids.push(store.ingest(&x.sent(), &sent).unwrap().id);
        for (uid, notice) in [
            (
                100 + n,
                x.notice(&NoticeSpec::new("accettazione", (10, 16))),
            ),
            (
                200 + n,
                x.notice(&NoticeSpec::new("avvenuta-consegna", (10, 17)).to(&a)),
            ),
        ] {
            let inbox = Source::Imap {
                account: "studio".into(),
                folder: "INBOX".into(),
                uidvalidity: 1,
                uid,
            };
            store.ingest(&notice, &inbox).unwrap();
        }
    }
    (ids[0], ids[1])
}

/// The files of a dossier (folder or ZIP), by path relative to its root.
fn dossier_files(dest: &Path, zip: bool) -> BTreeMap<String, Vec<u8>> {
    if zip {
        zip_files(dest)
            .into_iter()
            .filter(|(n, _)| !n.ends_with('/'))
            .map(|(n, b)| (n.split_once('/').map(|(_, r)| r.to_owned()).unwrap_or(n), b))
            .collect()
    } else {
        all_files(dest).into_iter().collect()
    }
}

/// True when the files are a whole dossier: every file its MANIFEST lists is there with its
/// SHA-256, and nothing else is.
fn whole(files: &BTreeMap<String, Vec<u8>>) -> bool {
    let Some(manifest) = files.get("MANIFEST") else {
        return false;
    };
    let mut listed = BTreeSet::new();
    for line in String::from_utf8_lossy(manifest).lines() {
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        let Some((hash, path)) = line.split_once(" *") else {
            return false;
        };
        match files.get(path) {
            Some(bytes) if hex::encode(Sha256::digest(bytes)) == hash => {}
            _ => return false,
        }
        listed.insert(path.to_owned());
    }
    listed.insert("MANIFEST".to_owned());
    files.keys().cloned().collect::<BTreeSet<_>>() == listed
}

/// Leftovers of exports beside the destination.
fn leftovers(folder: &Path) -> Vec<String> {
    std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.') && n.contains(NAME))
        .collect()
}

/// One traced system call: its name, its text with process ids blanked, and which call of
/// that name it is in the process (1-based).
#[derive(Debug, Clone)]
struct Step {
    call: String,
    text: String,
    nth: usize,
}

/// Process ids in the leftover names (`.NAME.partial-1234`) vary from run to run.
fn blank_pids(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == '-' && chars.peek().is_some_and(|d| d.is_ascii_digit()) {
            while chars.peek().is_some_and(|d| d.is_ascii_digit()) {
                chars.next();
            }
            out.push('N');
        }
    }
    out
}

/// The steps of the main thread touching the destination, from a trace, and the first call
/// after the last of them (a kill there finds the export done).
fn steps(trace: &str) -> Vec<Step> {
    let mut main_pid: Option<&str> = None;
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut out = Vec::new();
    let mut after_last: Option<Step> = None;
    for line in trace.lines() {
        let Some((pid, rest)) = line.split_once(' ') else {
            continue;
        };
        let rest = rest.trim_start();
        let main = *main_pid.get_or_insert(pid);
        if pid != main || rest.starts_with("<...") || rest.starts_with("---") {
            continue;
        }
        let Some((call, _)) = rest.split_once('(') else {
            continue;
        };
        let n = counts.entry(call.to_owned()).or_default();
        *n += 1;
        // Files made in the destination's folder, renames and removals there, and the
        // removal of the old dossier's files (relative to its folder's descriptor).
        let ours = (rest.contains(NAME) && (call != "openat" || rest.contains("O_CREAT")))
            || (call == "unlinkat" && !rest.starts_with("unlinkat(AT_FDCWD"));
        let text = rest.rsplit_once(" = ").map(|(t, _)| t).unwrap_or(rest);
        let step = Step {
            call: call.to_owned(),
            text: blank_pids(text.trim_end_matches(" <unfinished ...>")),
            nth: *n,
        };
        if ours {
            out.push(step);
            after_last = None;
        } else if after_last.is_none() && !out.is_empty() {
            after_last = Some(step);
        }
    }
    out.extend(after_last);
    out
}

/// The system call a traced run was killed at (text with process ids blanked).
fn killed_at(trace: &str) -> Option<String> {
    let mut last = None;
    for line in trace.lines() {
        let rest = line
            .split_once(' ')
            .map(|(_, r)| r)
            .unwrap_or(line)
            .trim_start();
        if rest.contains("+++ killed by SIGKILL") {
            return last;
        }
        if let Some(text) = rest.strip_suffix(" = ?") {
            last = Some(blank_pids(text.trim_end_matches(" <unfinished ...>")));
        }
    }
    None
}

struct Outcome {
    kills: usize,
    old_kept: usize,
    new_whole: usize,
}

fn run_format(work: &Path, profile_dir: &Path, ids: (i64, i64), zip: bool) -> Outcome {
    let label = if zip { "zip" } else { "folder" };
    let base = work.join(format!("base-{label}"));
    std::fs::create_dir_all(&base).unwrap();
    let file_name = if zip {
        format!("{NAME}.zip")
    } else {
        NAME.to_owned()
    };
    let export = |out: &Path, id: i64, replace: bool| {
        let mut c = sigillo(profile_dir);
        c.arg("export").arg(id.to_string()).arg("--out").arg(out);
        if zip {
            c.arg("--zip");
        }
        if replace {
            c.arg("--replace");
        }
        c
    };
    // The old dossier, and what the new one is made of (names: its bytes hold its time).
    let old_dest = base.join(&file_name);
    assert!(export(&old_dest, ids.0, false).status().unwrap().success());
    let old_bytes = if zip {
        BTreeMap::from([(String::new(), std::fs::read(&old_dest).unwrap())])
    } else {
        dossier_files(&old_dest, false)
    };
    let old_files = dossier_files(&old_dest, zip);
    assert!(whole(&old_files), "{label}: the old dossier is whole");
    let reference = work.join(format!("reference-{label}"));
    std::fs::create_dir_all(&reference).unwrap();
    assert!(
        export(&reference.join(&file_name), ids.1, false)
            .status()
            .unwrap()
            .success()
    );
    let new_names: BTreeSet<String> = dossier_files(&reference.join(&file_name), zip)
        .into_keys()
        .collect();
    assert_ne!(
        new_names,
        old_files.keys().cloned().collect::<BTreeSet<_>>(),
        "{label}: the two dossiers differ"
    );

    // Every run writes into the same folder, so that the traces of two runs compare.
    let fresh = || -> PathBuf {
        let out = work.join(format!("{label}-run"));
        if out.exists() {
            std::fs::remove_dir_all(&out).unwrap();
        }
        std::fs::create_dir_all(&out).unwrap();
        if zip {
            std::fs::copy(&old_dest, out.join(&file_name)).unwrap();
        } else {
            copy_dir(&old_dest, &out.join(&file_name));
        }
        out
    };
    // A first run, traced, finds the steps.
    let out = fresh();
    let trace_file = work.join(format!("{label}.trace"));
    let status = Command::new("strace")
        .args(["-f", "-qq", "-s", "4096", "-e"])
        .arg(format!("trace={CALLS}"))
        .arg("-o")
        .arg(&trace_file)
        .arg(env!("CARGO_BIN_EXE_sigillo"))
        .arg("--profile")
        .arg(profile_dir)
        .args(["export", &ids.1.to_string(), "--replace", "--out"])
        .arg(out.join(&file_name))
        .args(if zip { &["--zip"][..] } else { &[][..] })
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "{label}: the traced export runs");
    let all = steps(&std::fs::read_to_string(&trace_file).unwrap());
    assert!(
        all.iter().any(|s| s.call.starts_with("rename")),
        "{label}: the trace shows the export's renames: {all:?}"
    );

    let mut outcome = Outcome {
        kills: 0,
        old_kept: 0,
        new_whole: 0,
    };
    for (i, step) in all.iter().enumerate() {
        let out = fresh();
        let dest = out.join(&file_name);
        let trace_file = work.join(format!("{label}-{i}.trace"));
        let status = Command::new("strace")
            .args(["-f", "-qq", "-s", "4096", "-e"])
            .arg(format!("trace={CALLS}"))
            .arg("-e")
            .arg(format!(
                "inject={}:signal=KILL:when={}",
                step.call, step.nth
            ))
            .arg("-o")
            .arg(&trace_file)
            .arg(env!("CARGO_BIN_EXE_sigillo"))
            .arg("--profile")
            .arg(profile_dir)
            .args(["export", &ids.1.to_string(), "--replace", "--out"])
            .arg(&dest)
            .args(if zip { &["--zip"][..] } else { &[][..] })
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap();
        let context = format!(
            "{label}: killed at {} (call {} #{})",
            step.text, step.call, step.nth
        );
        assert!(!status.success(), "{context}: the run was killed");
        assert_eq!(
            killed_at(&std::fs::read_to_string(&trace_file).unwrap()).as_deref(),
            Some(step.text.as_str()),
            "{context}: the kill landed on that step"
        );
        outcome.kills += 1;
        // The final name: the old dossier byte-exact, or the new one whole.
        assert!(
            dest.symlink_metadata().is_ok(),
            "{context}: the final name is never empty"
        );
        let is_old = if zip {
            std::fs::read(&dest).ok().as_ref() == old_bytes.get("")
        } else {
            dossier_files(&dest, false) == old_bytes
        };
        if is_old {
            outcome.old_kept += 1;
        } else {
            let files = dossier_files(&dest, zip);
            assert!(
                whole(&files),
                "{context}: neither the old dossier nor a whole new one"
            );
            assert_eq!(
                files.keys().cloned().collect::<BTreeSet<_>>(),
                new_names,
                "{context}: the new dossier"
            );
            outcome.new_whole += 1;
        }
        // The next export into that folder removes what the killed run left.
        assert!(
            export(&out.join("next"), ids.0, false)
                .status()
                .unwrap()
                .success(),
            "{context}: the next export"
        );
        assert_eq!(
            leftovers(&out),
            Vec::<String>::new(),
            "{context}: leftovers are cleaned"
        );
    }
    assert!(
        outcome.old_kept > 0 && outcome.new_whole > 0,
        "{label}: kills landed before and after the new dossier took the name ({} / {})",
        outcome.old_kept,
        outcome.new_whole
    );
    outcome
}

#[test]
fn export_replace_killed_at_every_step_keeps_a_whole_dossier_and_cleans_up() {
    let check = "SIGKILL at every step of `sigillo export --replace` (folder and ZIP)";
    if !strace_works() {
        not_run(
            "faults",
            check,
            "strace cannot run here (not installed, or tracing is not allowed): install the Debian package strace (scripts/test does)",
        );
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let profile_dir = work.path().join("profile");
    let ids = profile(&profile_dir);
    let folder = run_format(work.path(), &profile_dir, ids, false);
    let zip = run_format(work.path(), &profile_dir, ids, true);
    Figures::new("faults", check)
        .runs(folder.kills + zip.kills)
        .faults(folder.kills + zip.kills)
        .with("folder_kills", serde_json::json!(folder.kills))
        .with("zip_kills", serde_json::json!(zip.kills))
        .outcome(format!(
            "killed at each of {} steps of a folder export and {} of a ZIP export that touch the destination: the final name held the old dossier byte-exact ({} times) or the new one whole ({} times), never a mix or nothing, and the next export into that folder removed every leftover",
            folder.kills,
            zip.kills,
            folder.old_kept + zip.old_kept,
            folder.new_whole + zip.new_whole
        ))
        .record();
}
