//! Dossiers made from hostile input: subjects, recipient addresses and attachment names with
//! path separators, `..`, Windows device names, trailing dots and blanks, control characters,
//! direction overrides, other scripts and overlong text must give file names that are safe and
//! distinct on Windows, macOS and Linux. Also: the destination rules (never overwrite unless
//! asked), cancellation (nothing left behind), and what verify-dossier says about added,
//! removed and unlisted files.

use crate::support;

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use sigillo::export::filename::{MAX_NAME, is_safe_component};
use sigillo::export::{self, ExportError, ExportOptions, ExportRequest, Failure, Format};
use sigillo::store::{Source, Store};
use sigillo::verify::TrustList;
use support::dossier::{all_files, sha256sum_check, zip_files};
use support::exchange::{Exchange, NoticeSpec};
use support::reliability::Figures;

const HOSTILE: &[&str] = &[
    "../../etc/passwd",
    "..\\..\\Windows\\System32\\cmd.exe",
    "/assoluto",
    "CON",
    "con.txt",
    "PRN.pdf",
    "aux",
    "NUL.tar.gz",
    "COM1",
    "lpt9.doc",
    "punto finale.",
    "spazio finale ",
    ".nascosto",
    "-rf",
    "ctrl\u{1}\u{1f}\u{7f}.txt",
    "fattura\u{202e}fdp.exe",
    "perché è così: l'atto n° 5?*<>|\".pdf",
    "合同附件.pdf",
    "Договор.docx",
    "😀.png",
    "..",
    "",
    "MANIFEST",
    "manifest",
];

fn pct(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// A sent message carrying one attachment per hostile name (RFC 2231 names).
fn hostile_sent(x: &Exchange, long_name: &str) -> Vec<u8> {
    let to: Vec<&str> = x.recipients.iter().map(|(a, _)| a.as_str()).collect();
    let mut s = format!(
        "Message-ID: <{}>\r\nFrom: <{}>\r\nTo: {}\r\nSubject: {}\r\nDate: Wed, 5 Feb 2025 10:15:20 +0100\r\n\
MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n\
Content-Type: text/plain; charset=utf-8\r\n\r\ntesto\r\n",
        x.msgid,
        x.sender,
        to.join(", "),
        x.subject
    );
    for (i, name) in HOSTILE.iter().chain([&long_name]).enumerate() {
        s.push_str(&format!(
            "--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename*=utf-8''{}\r\n\r\nallegato {i}\r\n",
            pct(name)
        ));
    }
    s.push_str("--b--\r\n");
    s.into_bytes()
}

fn store_with_hostile_exchange(profile: &Path) -> (Store, i64) {
    let long = format!("{}.pdf", "nome lunghissimo ".repeat(30));
    let mut x = Exchange::new(
        9,
        &[
            ("CON..\\..\\x@pec.esempio.it", true),
            ("b\u{202e}gpj@pec.esempio.it", true),
            ("esterno@example.com", false),
        ],
    );
    x.subject = format!(
        "../../AUX: oggetto \u{202e}lungo {} \u{1} fine. ",
        "molto ".repeat(40)
    );
    let mut store = Store::open(profile).unwrap();
    let sent = store
        .ingest(
            &hostile_sent(&x, &long),
            &Source::Sent {
                account: "studio".into(),
            },
        )
        .unwrap()
        .id;
    let (a, b) = (x.recipients[0].0.clone(), x.recipients[1].0.clone());
    for spec in [
        NoticeSpec::new("accettazione", (10, 16)),
        NoticeSpec::new("avvenuta-consegna", (10, 17)).to(&a),
        NoticeSpec::new("avvenuta-consegna", (10, 18)).to(&b),
        NoticeSpec::new("errore-consegna", (10, 19)).to(&a),
    ] {
        let src = Source::Import {
            path: format!("/x/{}.eml", spec.tipo),
            offset: Some(spec.at.1 as u64),
            account: None,
            folder: None,
        };
        store.ingest(&x.notice(&spec), &src).unwrap();
    }
    (store, sent)
}

fn assert_safe_tree(paths: &[String]) {
    let mut lower = std::collections::HashSet::new();
    for p in paths {
        assert!(p.len() <= 2 * MAX_NAME + 20, "path too long: {p}");
        for part in p.split('/') {
            assert!(is_safe_component(part), "unsafe component {part:?} in {p}");
            assert!(part.len() <= MAX_NAME, "{part}");
        }
        assert!(
            lower.insert(p.to_ascii_lowercase()),
            "two files differ only by case: {p}"
        );
    }
}

fn opts(format: Format) -> ExportOptions {
    ExportOptions {
        format,
        ..Default::default()
    }
}

#[test]
fn hostile_subjects_addresses_and_attachment_names_give_safe_distinct_files() {
    let dir = tempfile::tempdir().unwrap();
    let (store, sent) = store_with_hostile_exchange(&dir.path().join("p"));
    let trust = TrustList::builtin();
    let cancel = AtomicBool::new(false);
    // Into an existing folder: the dossier is named after the message.
    let into = dir.path().join("esportazioni");
    std::fs::create_dir(&into).unwrap();
    let s = export::export(
        &store,
        &trust,
        &ExportRequest::message(sent),
        &into,
        &opts(Format::Folder),
        &mut |_| {},
        &cancel,
    )
    .unwrap();
    assert_eq!(s.path.parent(), Some(into.as_path()));
    let top = s.path.file_name().unwrap().to_string_lossy().into_owned();
    assert!(is_safe_component(&top), "{top}");
    assert!(
        top.starts_with("2025-02-05_AUX-oggetto-lungo-molto"),
        "{top}"
    );
    let files = all_files(&s.path);
    let paths: Vec<String> = files.iter().map(|(p, _)| p.clone()).collect();
    assert_safe_tree(&paths);
    let attachments = paths
        .iter()
        .filter(|p| p.starts_with("attachments/"))
        .count();
    assert_eq!(attachments, HOSTILE.len() + 1, "{paths:#?}");
    assert!(paths.contains(&"attachments/_CON".to_owned()), "{paths:#?}");
    assert!(
        paths.contains(&"attachments/_con.txt".to_owned()),
        "{paths:#?}"
    );
    assert!(
        paths.contains(&"attachments/fatturafdp.exe".to_owned()),
        "{paths:#?}"
    );
    assert!(
        paths
            .iter()
            .any(|p| p.starts_with("03_avvenuta-consegna__CON.-.-x@pec.esempio.it_")),
        "{paths:#?}"
    );
    sha256sum_check(&s.path);
    // The provider "signatures" of these scripted receipts are fake: the report says so and
    // verify-dossier names them.
    assert_eq!(s.dossiers[0].signatures_not_valid, 4);
    let check = export::verify_dossier(&s.path, &trust).unwrap();
    let failed: Vec<&str> = check.failed().iter().map(|f| f.path.as_str()).collect();
    assert_eq!(failed.len(), 4, "{failed:?}");
    assert!(
        failed
            .iter()
            .all(|f| f.ends_with(".eml") && !f.starts_with("01_"))
    );

    // The same again: never overwritten, unless asked.
    let again = export::export(
        &store,
        &trust,
        &ExportRequest::message(sent),
        &s.path,
        &opts(Format::Folder),
        &mut |_| {},
        &cancel,
    );
    assert!(matches!(again, Err(ExportError::Exists(_))), "{again:?}");
    let replaced = export::export(
        &store,
        &trust,
        &ExportRequest::message(sent),
        &s.path,
        &ExportOptions {
            replace: true,
            ..opts(Format::Folder)
        },
        &mut |_| {},
        &cancel,
    )
    .unwrap();
    assert_eq!(replaced.path, s.path);

    // ZIP: the same safe names under one top folder.
    let z = dir.path().join("hostile.zip");
    export::export(
        &store,
        &trust,
        &ExportRequest::message(sent),
        &z,
        &opts(Format::Zip),
        &mut |_| {},
        &cancel,
    )
    .unwrap();
    let names: Vec<String> = zip_files(&z)
        .into_iter()
        .map(|(n, _)| n.strip_prefix("hostile/").unwrap().to_owned())
        .collect();
    assert_safe_tree(&names);
    assert_eq!(names.len(), files.len());
    Figures::new(
        "hostile",
        "dossier export of a message with hostile subject, recipient addresses and attachment names (../, device names, control characters, direction overrides, other scripts, overlong)",
    )
    .inputs(HOSTILE.len() + 4)
    .outcome("folder and ZIP: every path component safe on Windows, macOS and Linux, distinct even ignoring case, inside the dossier; MANIFEST checks with sha256sum")
    .record();
}

#[test]
fn cancelling_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let (store, sent) = store_with_hostile_exchange(&dir.path().join("p"));
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    for format in [Format::Folder, Format::Zip] {
        let cancel = AtomicBool::new(false);
        let mut calls = 0;
        let r = export::export(
            &store,
            &TrustList::builtin(),
            &ExportRequest {
                ids: vec![sent, sent + 1],
                ..Default::default()
            },
            &out_dir.join("sel"),
            &opts(format),
            &mut |p| {
                calls += 1;
                if p.done >= 2 {
                    cancel.store(true, Ordering::Relaxed);
                }
            },
            &cancel,
        );
        assert!(matches!(r, Err(ExportError::Cancelled)), "{r:?}");
        assert!(calls >= 2);
        let left: Vec<_> = std::fs::read_dir(&out_dir).unwrap().collect();
        assert!(left.is_empty(), "{format:?} left {left:?}");
    }
}

#[test]
fn added_removed_and_unreadable_files_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("p")).unwrap();
    // An ordinary message with an attachment: nothing signed, so the dossier holds as it is.
    let raw = b"From: <a@example.com>\r\nTo: <b@example.com>\r\nSubject: ordinaria\r\n\
Date: Wed, 5 Feb 2025 10:15:20 +0100\r\nMIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nciao\r\n\
--b\r\nContent-Type: application/pdf; name=\"atto.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b--\r\n";
    let id = store
        .ingest(
            raw,
            &Source::Import {
                path: "/x/o.eml".into(),
                offset: None,
                account: None,
                folder: None,
            },
        )
        .unwrap()
        .id;
    let trust = TrustList::builtin();
    let out = dir.path().join("d");
    export::export(
        &store,
        &trust,
        &ExportRequest::message(id),
        &out,
        &opts(Format::Folder),
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    assert!(export::verify_dossier(&out, &trust).unwrap().ok());
    assert_eq!(
        std::fs::read(out.join("attachments/atto.pdf")).unwrap(),
        b"%PDF-1.4\n"
    );

    // An added file.
    std::fs::write(out.join("aggiunto.txt"), b"x").unwrap();
    let c = export::verify_dossier(&out, &trust).unwrap();
    let f = c.failed();
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].path, "aggiunto.txt");
    assert!(matches!(f[0].failures[0], Failure::NotListed { .. }));
    std::fs::remove_file(out.join("aggiunto.txt")).unwrap();

    // A removed file.
    std::fs::remove_file(out.join("attachments/atto.pdf")).unwrap();
    let c = export::verify_dossier(&out, &trust).unwrap();
    let f = c.failed();
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].path, "attachments/atto.pdf");
    assert_eq!(f[0].failures, [Failure::Missing]);
    std::fs::write(out.join("attachments/atto.pdf"), b"%PDF-1.4\n").unwrap();
    assert!(export::verify_dossier(&out, &trust).unwrap().ok());

    // A replaced attachment with its MANIFEST line "fixed" by hand: the MANIFEST no longer
    // matches itself, and the attachment is not the message's.
    let manifest = std::fs::read_to_string(out.join("MANIFEST")).unwrap();
    let old = sigillo::export::manifest::sha256_hex(b"%PDF-1.4\n");
    let new = sigillo::export::manifest::sha256_hex(b"%PDF-1.4 falso\n");
    std::fs::write(out.join("MANIFEST"), manifest.replace(&old, &new)).unwrap();
    std::fs::write(out.join("attachments/atto.pdf"), b"%PDF-1.4 falso\n").unwrap();
    let c = export::verify_dossier(&out, &trust).unwrap();
    let failed: Vec<&str> = c.failed().iter().map(|f| f.path.as_str()).collect();
    assert_eq!(failed, ["MANIFEST", "attachments/atto.pdf"]);

    // Not a dossier at all: exit code 2 from the command line.
    let empty = dir.path().join("vuota");
    std::fs::create_dir(&empty).unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_sigillo"))
        .args(["--lang", "en", "verify-dossier"])
        .arg(&empty)
        .env_remove("SIGILLO_PROFILE")
        .arg("--profile")
        .arg(dir.path().join("p"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("has no MANIFEST"));
}
