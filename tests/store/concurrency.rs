//! Several processes on one profile at the same moment, with the real binary:
//!
//! - four commands started together on a new profile, and on a profile one schema version
//!   behind (the byte-exact v4 fixture), twenty times each: every one succeeds and the profile
//!   ends with one schema, the current one (the migration used to fail with "table messages
//!   already exists" in all twenty runs);
//! - while a process is analysing messages, the others say so ("being analysed by another
//!   process", with its PID) and leave those messages alone; once that process is gone, the
//!   same messages are "left by an interrupted run" and the next import completes them.

use crate::support;

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use sigillo::store::{IncomingMessage, SCHEMA_VERSION, Source, Store};
use support::cli::{run_text as text, sigillo_en as sigillo};
use support::exchange::{Exchange, NoticeSpec};
use support::reliability::Figures;

/// Runs of each scenario (the issue asks for 20).
const RUNS: usize = 20;

/// The schema as SQLite keeps it: every table, index and trigger with its SQL, sorted.
fn schema(db: &Path) -> (i64, Vec<(String, String, Option<String>)>) {
    let c = Connection::open(db).unwrap();
    let version: i64 = c
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    let mut rows: Vec<(String, String, Option<String>)> = c
        .prepare("SELECT type, name, sql FROM sqlite_master")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    rows.sort();
    let ok: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    (version, rows)
}

fn fixture_v4() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/store/v4.sqlite")
}

#[test]
fn four_commands_started_together_end_with_one_schema_and_no_error() {
    let work = tempfile::tempdir().unwrap();
    let eml = work.path().join("nuovo.eml");
    let x = Exchange::new(500, &[("anna@pec.altro.it", true)]);
    std::fs::write(&eml, x.sent()).unwrap();
    // The schema a single process makes, to compare with.
    let reference = work.path().join("reference");
    let o = sigillo(&reference).arg("list").output().unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let want = schema(&reference.join(sigillo::store::DATABASE_FILE));
    assert_eq!(want.0, SCHEMA_VERSION);

    let mut commands = 0;
    for behind in [false, true] {
        for run in 0..RUNS {
            let profile = work
                .path()
                .join(format!("{}-{run}", if behind { "v4" } else { "new" }));
            if behind {
                std::fs::create_dir_all(&profile).unwrap();
                std::fs::copy(fixture_v4(), profile.join(sigillo::store::DATABASE_FILE)).unwrap();
            }
            let children: Vec<_> = [
                vec!["list"],
                vec!["search", "pratica"],
                vec!["timeline"],
                vec!["import", eml.to_str().unwrap()],
            ]
            .into_iter()
            .map(|args| sigillo(&profile).args(&args).spawn().unwrap())
            .collect();
            for child in children {
                let o = child.wait_with_output().unwrap();
                commands += 1;
                assert!(
                    o.status.success(),
                    "{} run {run}: {}",
                    if behind { "v4 profile" } else { "new profile" },
                    text(&o)
                );
            }
            let db = profile.join(sigillo::store::DATABASE_FILE);
            assert_eq!(schema(&db), want, "run {run}: one schema, the current one");
            let c = Connection::open(&db).unwrap();
            let copies: i64 = c
                .query_row(
                    "SELECT count(*) FROM copies WHERE source = 'import'",
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(copies, 1, "run {run}: the imported message is stored once");
        }
    }
    Figures::new(
        "faults",
        "4 commands started together on a new profile and on one a schema version behind",
    )
    .runs(2 * RUNS)
    .with("commands", serde_json::json!(commands))
    .outcome(format!(
        "{RUNS} runs on a new profile and {RUNS} on the version-4 fixture, list, search, timeline and import started together each time: every command succeeded and every profile ended with the one current schema (version {SCHEMA_VERSION}), the imported message stored once"
    ))
    .record();
}

fn notices(n: u32) -> Vec<(Vec<u8>, Source)> {
    (0..n)
        .map(|i| {
            let x = Exchange::new(600 + i, &[("anna@pec.altro.it", true)]);
            (
                x.notice(&NoticeSpec::new("accettazione", (10, 16))),
                Source::Imap {
                    account: "studio".into(),
                    folder: "INBOX".into(),
                    uidvalidity: 1,
                    uid: 600 + i,
                },
            )
        })
        .collect()
}

#[test]
fn work_of_a_running_process_is_told_apart_from_an_interrupted_run() {
    const PENDING: u32 = 30;
    let work = tempfile::tempdir().unwrap();
    let profile = work.path().join("profile");
    let eml = work.path().join("altro.eml");
    std::fs::write(
        &eml,
        Exchange::new(700, &[("bruno@pec.altro.it", true)]).sent(),
    )
    .unwrap();
    let mut store = Store::open(&profile).unwrap();
    // This process stores 30 messages and is analysing them (the analysis is not written
    // until the job is finished): another process must see them as work under way.
    let job = store
        .store_then_analyse(
            notices(PENDING)
                .into_iter()
                .map(IncomingMessage::from)
                .collect(),
            None,
        )
        .unwrap();
    assert_eq!(store.pending_analysis().unwrap(), PENDING as usize);
    let me = format!("PID {}", std::process::id());

    for cmd in [vec!["list"], vec!["search", "pratica"], vec!["timeline"]] {
        let o = sigillo(&profile).args(&cmd).output().unwrap();
        assert!(o.status.success(), "{}", text(&o));
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains("30 messages are being analysed by another Sigillo process")
                && err.contains(&me),
            "{cmd:?}: {err}"
        );
        assert!(!err.contains("interrupted"), "{cmd:?}: {err}");
    }
    // A concurrent import leaves them to their process and says nothing was resumed.
    let o = sigillo(&profile).arg("import").arg(&eml).output().unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        !out.contains("Completed from an interrupted import"),
        "{out}"
    );
    assert_eq!(
        store.pending_by_owner().unwrap().this_connection,
        PENDING as usize
    );

    // The process stops without writing the analysis: now they were left by it.
    drop(job);
    drop(store);
    let o = sigillo(&profile).arg("list").output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("30 messages still wait for their analysis, left by an interrupted"),
        "{err}"
    );
    assert!(!err.contains("being analysed"), "{err}");
    let o = sigillo(&profile).arg("import").arg(&eml).output().unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    let resumed = out
        .lines()
        .find(|l| l.contains("Completed from an interrupted import"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(resumed.trim_end().ends_with(" 30"), "{resumed}");
    let store = Store::open(&profile).unwrap();
    assert_eq!(store.pending_analysis().unwrap(), 0);
    Figures::new(
        "faults",
        "list/search/timeline/import while another process analyses messages",
    )
    .runs(1)
    .messages(PENDING as usize)
    .outcome(
        "while a live process held 30 stored, unanalysed messages, list, search and timeline said they were being analysed by that process (its PID) and a concurrent import left them alone; once it stopped, the same 30 were reported as left by an interrupted run and the next import completed exactly 30",
    )
    .record();
}
