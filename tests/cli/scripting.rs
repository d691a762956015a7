//! What scripts and archives need of the command line, each command a real process on a real
//! profile: `list --json` and `search --json` carry each message's Message-ID, and `show` and
//! `export` accept one instead of a store id; times read in the user's zone (`TZ`) whatever
//! zone each message was stamped in; and a sent PEC imported from an mbox together with its
//! signed receipts, in shuffled order, is the sent message of its timeline and is in its
//! dossier byte-exact.

use crate::support;

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;
use support::cli::sigillo_c_locale as sigillo;

fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn json(out: Output) -> Value {
    serde_json::from_str(&ok(out)).unwrap()
}

/// An ordinary message stamped with `date` (RFC 5322).
fn mail(n: u32, date: &str) -> Vec<u8> {
    format!(
        "Message-ID: <messaggio-{n}@studio.esempio>\r\nFrom: Anna <anna@studio.esempio>\r\n\
To: luca@studio.esempio\r\nSubject: Promemoria {n}\r\nDate: {date}\r\n\
Content-Type: text/plain; charset=utf-8\r\n\r\nTesto del promemoria {n}.\r\n"
    )
    .into_bytes()
}

/// Three messages whose own offsets disagree with their order in time: 09:30 +0000 (newest),
/// 07:12 +0000, and 08:06 +0100 (07:06 UTC, oldest).
fn stamped(dir: &Path) -> PathBuf {
    let folder = dir.join("promemoria");
    std::fs::create_dir_all(&folder).unwrap();
    for (n, date) in [
        (1, "Mon, 3 Mar 2025 07:12:00 +0000"),
        (2, "Mon, 3 Mar 2025 08:06:00 +0100"),
        (3, "Mon, 3 Mar 2025 09:30:00 +0000"),
    ] {
        std::fs::write(folder.join(format!("{n}.eml")), mail(n, date)).unwrap();
    }
    folder
}

#[test]
fn json_listings_carry_the_message_id_and_show_and_export_accept_one() {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("profilo");
    let folder = stamped(dir.path());
    ok(sigillo(&profile)
        .arg("import")
        .arg(&folder)
        .output()
        .unwrap());
    let listed = json(sigillo(&profile).args(["list", "--json"]).output().unwrap());
    let rows = listed.as_array().unwrap();
    assert_eq!(rows.len(), 3);
    for r in rows {
        let id = r["id"].as_i64().unwrap();
        let mid = r["message_id"].as_str().expect("message_id in list --json");
        assert!(mid.starts_with("messaggio-") && mid.ends_with("@studio.esempio"));
        // The outcome travels with the row, for scripts too.
        assert_eq!(r["outcome"]["event"], "ordinary");
        // show and export take the Message-ID, with or without angle brackets.
        for given in [mid.to_owned(), format!("<{mid}>")] {
            let shown = json(
                sigillo(&profile)
                    .args(["show", "--json", &given])
                    .output()
                    .unwrap(),
            );
            assert_eq!(shown["id"].as_i64(), Some(id), "{given}");
        }
        let raw = sigillo(&profile)
            .args(["show", "--raw", mid])
            .output()
            .unwrap();
        assert!(raw.status.success());
        assert_eq!(
            raw.stdout,
            ok(sigillo(&profile)
                .args(["show", "--raw", &id.to_string()])
                .output()
                .unwrap())
            .into_bytes()
        );
    }
    let found = json(
        sigillo(&profile)
            .args(["search", "--json", "promemoria"])
            .output()
            .unwrap(),
    );
    let mut ids: Vec<&str> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["message_id"].as_str().unwrap())
        .collect();
    ids.sort();
    assert_eq!(
        ids,
        [
            "messaggio-1@studio.esempio",
            "messaggio-2@studio.esempio",
            "messaggio-3@studio.esempio"
        ]
    );
    let out = dir.path().join("fascicolo");
    ok(sigillo(&profile)
        .args(["export", "--out"])
        .arg(&out)
        .arg("<messaggio-2@studio.esempio>")
        .output()
        .unwrap());
    let files = support::dossier::all_files(&out);
    assert!(
        files
            .iter()
            .any(|(_, b)| *b == mail(2, "Mon, 3 Mar 2025 08:06:00 +0100")),
        "the dossier holds the message named by its Message-ID"
    );
    // An unknown Message-ID: said, exit 2, nothing shown.
    let missing = sigillo(&profile)
        .args(["show", "<nessuno@da.nessuna.parte>"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&missing.stderr).contains("<nessuno@da.nessuna.parte>"),
        "{}",
        String::from_utf8_lossy(&missing.stderr)
    );
}

/// The date column of `sigillo list`: `YYYY-MM-DD HH:MM ±hhmm`.
fn list_times(text: &str) -> Vec<(String, String)> {
    text.lines()
        .map(|l| {
            let cols: Vec<&str> = l.split_whitespace().collect();
            (format!("{} {}", cols[1], cols[2]), cols[3].to_owned())
        })
        .collect()
}

#[test]
fn times_read_in_the_users_zone_whatever_zone_the_message_was_stamped_in() {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("profilo");
    let folder = stamped(dir.path());
    ok(sigillo(&profile)
        .arg("import")
        .arg(&folder)
        .output()
        .unwrap());
    for (zone, expected) in [
        (
            "Europe/Rome",
            [
                ("2025-03-03 10:30", "+0100"),
                ("2025-03-03 08:12", "+0100"),
                ("2025-03-03 08:06", "+0100"),
            ],
        ),
        (
            "America/New_York",
            [
                ("2025-03-03 04:30", "-0500"),
                ("2025-03-03 02:12", "-0500"),
                ("2025-03-03 02:06", "-0500"),
            ],
        ),
    ] {
        let text = ok(sigillo(&profile)
            .env("TZ", zone)
            .arg("list")
            .output()
            .unwrap());
        let times = list_times(&text);
        assert_eq!(
            times,
            expected.map(|(t, o)| (t.to_owned(), o.to_owned())),
            "{zone}:\n{text}"
        );
        // Newest first, and reading so: every time in one offset, in descending order.
        let mut sorted = times.clone();
        sorted.sort_by(|a, b| b.0.cmp(&a.0));
        assert_eq!(times, sorted, "{zone}");
        // One message in full: the local time, then the time as the message wrote it.
        let shown = ok(sigillo(&profile)
            .env("TZ", zone)
            .args(["show", "<messaggio-2@studio.esempio>"])
            .output()
            .unwrap());
        let date_line = shown
            .lines()
            .find(|l| l.contains("2025-03-03"))
            .unwrap_or_else(|| panic!("{shown}"));
        assert!(
            date_line.contains(&format!("{} {}", expected[2].0, expected[2].1))
                && date_line.contains("2025-03-03T08:06:00+01:00"),
            "{zone}: {date_line}"
        );
    }
}

/// An mbox of `messages` in the order given (mboxrd quoting; none of these has a `From `
/// line in its text).
fn mbox(messages: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::new();
    for m in messages {
        out.extend_from_slice(b"From MAILER-DAEMON Mon Mar  3 19:00:00 2025\n");
        out.extend_from_slice(m);
        if !m.ends_with(b"\n") {
            out.push(b'\n');
        }
        out.push(b'\n');
    }
    out
}

#[test]
fn a_sent_pec_imported_from_an_mbox_with_its_receipts_is_in_its_timeline_and_dossier() {
    let demo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/demo");
    let read = |p: &str| std::fs::read(demo.join(p)).unwrap();
    let sent = read("sent/01-contratto-locazione.eml");
    let receipts = [
        read("inbox/01-accettazione.eml"),
        read("inbox/02-consegna-completa.eml"),
        read("inbox/03-consegna-sintetica-cc.eml"),
    ];
    // The archive of an old client: not a Sent folder, receipts first, the sent message among
    // them, in shuffled order.
    for (n, order) in [[3usize, 1, 0, 2], [1, 2, 3, 0], [2, 0, 1, 3]]
        .iter()
        .enumerate()
    {
        let dir = tempfile::tempdir().unwrap();
        let profile = dir.path().join("profilo");
        ok(sigillo(&profile)
            .args(["trust", "add"])
            .arg(demo.join("ca/demo-root.pem"))
            .output()
            .unwrap());
        let all: Vec<&[u8]> = vec![&receipts[0], &receipts[1], &receipts[2], &sent];
        let shuffled: Vec<&[u8]> = order.iter().map(|&i| all[i]).collect();
        let file = dir.path().join(format!("archivio-{n}.mbox"));
        std::fs::write(&file, mbox(&shuffled)).unwrap();
        ok(sigillo(&profile).arg("import").arg(&file).output().unwrap());
        let timelines = json(
            sigillo(&profile)
                .args(["timeline", "--json"])
                .output()
                .unwrap(),
        );
        let t = &timelines.as_array().unwrap()[0];
        assert_eq!(timelines.as_array().unwrap().len(), 1, "{order:?}");
        let sent_id = t["sent_id"]
            .as_i64()
            .unwrap_or_else(|| panic!("{order:?}: no sent_id in {t:#}"));
        assert_eq!(t["from_receipts_only"], false);
        let states: Vec<&str> = t["recipients"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["state"].as_str().unwrap())
            .collect();
        assert_eq!(states, ["consegnato", "consegnato"], "{order:?}");
        let raw = sigillo(&profile)
            .args(["show", "--raw", &sent_id.to_string()])
            .output()
            .unwrap();
        assert_eq!(raw.stdout, sent, "{order:?}: stored byte-exact");
        // The list says what it is: a PEC the user sent, delivered.
        let listed = json(sigillo(&profile).args(["list", "--json"]).output().unwrap());
        let row = listed
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"].as_i64() == Some(sent_id))
            .unwrap();
        assert_eq!(row["outcome"]["event"], "sent", "{row:#}");
        assert_eq!(row["outcome"]["proof"], "receipts");
        // Its dossier, asked for by a receipt, holds the sent message byte-exact.
        let receipt_id = t["acceptance"]["receipt"]
            .as_i64()
            .unwrap_or_else(|| panic!("{t:#}"));
        let out = dir.path().join("fascicolo");
        ok(sigillo(&profile)
            .args(["export", "--out"])
            .arg(&out)
            .arg(receipt_id.to_string())
            .output()
            .unwrap());
        let files = support::dossier::all_files(&out);
        assert!(
            files.iter().any(|(p, b)| *b == sent && p.ends_with(".eml")),
            "{order:?}: the dossier lacks the sent message: {:?}",
            files.iter().map(|(p, _)| p).collect::<Vec<_>>()
        );
    }
}
