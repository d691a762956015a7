//! The sealed register and `sigillo audit`: a clean store passes; a stored message's bytes
//! edited, a register row deleted, two entries swapped, a past outcome changed directly in
//! SQLite, a message added behind Sigillo's back, a message row deleted, the trust list
//! changed outside Sigillo, and a signature that no longer holds are each named. Deleting
//! proof asks first, says what goes, and is recorded.

use crate::support;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, params};
use sigillo::store::Store;
use support::notification::{notify, sigillo, store, trust_root};

const B: &str = "anna.bianchi@pec.beta.test";
const X: &str = "luca.verdi@esterno.test";

fn run(profile: &Path, args: &[&str]) -> (Option<i32>, String) {
    let out = sigillo(profile).args(args).output().unwrap();
    (
        out.status.code(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

/// A clean profile: two notifications (signed, verified), an unsigned message.
fn clean(dir: &Path) -> PathBuf {
    let profile = dir.join("clean");
    trust_root(&profile);
    store(
        &profile,
        &notify("Diffida", "d-1@studio.test", &[B, X], &[], "completa", &[B]),
        1,
    );
    store(
        &profile,
        &notify("Sollecito", "d-2@studio.test", &[B], &[], "breve", &[B]),
        10,
    );
    let mut s = Store::open(&profile).unwrap();
    s.ingest(
        b"From: a@b.it\r\nTo: c@d.it\r\nSubject: ordinaria\r\n\r\nciao\r\n",
        &sigillo::store::Source::Import {
            path: "/tmp/x.eml".into(),
            offset: None,
            account: None,
            folder: None,
        },
    )
    .unwrap();
    profile
}

fn copy(from: &Path, to: &Path) -> PathBuf {
    support::dossier::copy_dir(from, to);
    to.to_owned()
}

fn db(profile: &Path) -> Connection {
    Connection::open(profile.join("sigillo.db")).unwrap()
}

fn audit_fails_with(profile: &Path, words: &[String]) {
    let (code, text) = run(profile, &["audit"]);
    assert_eq!(code, Some(1), "{text}");
    for w in words {
        assert!(text.contains(w.as_str()), "«{w}» not in:\n{text}");
    }
}

#[test]
fn audit_names_every_kind_of_tampering_and_passes_a_clean_store() {
    let dir = tempfile::tempdir().unwrap();
    let profile = clean(dir.path());
    let (code, text) = run(
        &profile,
        &[
            "audit",
            "--register",
            dir.path().join("reg.txt").to_str().unwrap(),
        ],
    );
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("Verifica superata: 7 messaggi"), "{text}");
    // The plain-text export: every line hashes to its last field, and links to the one before.
    let export = std::fs::read_to_string(dir.path().join("reg.txt")).unwrap();
    let mut prev = sigillo::store::register::GENESIS.to_owned();
    let mut lines = 0;
    for line in export.lines().filter(|l| !l.starts_with('#')) {
        let (body, hash) = line.rsplit_once('\t').unwrap();
        assert_eq!(
            hex::encode(<sha2::Sha256 as sha2::Digest>::digest(body.as_bytes())),
            hash
        );
        assert_eq!(body.rsplit('\t').next().unwrap(), prev);
        prev = hash.to_owned();
        lines += 1;
    }
    assert!(lines >= 9, "{export}");
    // What was recorded: each message stored, both sent PECs as sent, the outcomes, the trust
    // list's baseline and the test root added with `sigillo trust add`.
    let events: Vec<String> = export
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.split('\t').nth(2).unwrap().to_owned())
        .collect();
    let count = |e: &str| events.iter().filter(|x| *x == e).count();
    assert_eq!(count("stored"), 7, "{events:?}");
    assert_eq!(count("sent"), 2, "{events:?}");
    assert_eq!(count("trust"), 2, "{events:?}");
    assert!(count("outcome") >= 6, "{events:?}");

    let ids: Vec<(i64, String)> = db(&profile)
        .prepare("SELECT id, sha256 FROM messages ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    let (receipt, receipt_sha) = ids[1].clone();

    // 1. A stored message's bytes edited.
    let p = copy(&profile, &dir.path().join("bytes"));
    let raw: Vec<u8> = db(&p)
        .query_row(
            "SELECT bytes FROM raw_messages WHERE message_id = ?1",
            [receipt],
            |r| r.get(0),
        )
        .unwrap();
    let mut edited = raw.clone();
    let at = edited.len() / 2;
    edited[at] ^= 0x20;
    db(&p)
        .execute(
            "UPDATE raw_messages SET bytes = ?2 WHERE message_id = ?1",
            params![receipt, edited],
        )
        .unwrap();
    audit_fails_with(&p, &[format!("Messaggio {receipt} modificato")]);

    // The same with the recorded hash replaced to match: the register still knows.
    let new_sha = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&edited));
    db(&p)
        .execute(
            "UPDATE messages SET sha256 = ?2 WHERE id = ?1",
            params![receipt, new_sha],
        )
        .unwrap();
    audit_fails_with(
        &p,
        &[
            format!("Messaggio {receipt} presente nell'archivio ma mai registrato"),
            "Messaggio mancante: il registro lo ha archiviato".to_string(),
            receipt_sha.clone(),
        ],
    );

    // 2. A register row deleted.
    let p = copy(&profile, &dir.path().join("row"));
    db(&p)
        .execute("DELETE FROM register WHERE seq = 4", [])
        .unwrap();
    audit_fails_with(&p, &["Voce 4 del registro mancante".into()]);

    // 3. Two entries swapped.
    let p = copy(&profile, &dir.path().join("swap"));
    let c = db(&p);
    c.execute_batch(
        "UPDATE register SET seq = -1 WHERE seq = 5;
         UPDATE register SET seq = 5 WHERE seq = 6;
         UPDATE register SET seq = 6 WHERE seq = -1;",
    )
    .unwrap();
    drop(c);
    audit_fails_with(
        &p,
        &[
            "Voce 5 del registro spostata: era stata scritta come voce 6".into(),
            "Voce 6 del registro spostata: era stata scritta come voce 5".into(),
        ],
    );

    // 4. A past outcome changed directly: a valid receipt made "tampered", and the unsigned
    // message, never checked, made "valid".
    let p = copy(&profile, &dir.path().join("outcome"));
    let (plain, _) = ids.last().unwrap().clone();
    db(&p)
        .execute(
            "UPDATE messages SET sig_status = 'tampered' WHERE id = ?1",
            [receipt],
        )
        .unwrap();
    db(&p)
        .execute(
            "UPDATE messages SET sig_status = 'valid' WHERE id = ?1",
            [plain],
        )
        .unwrap();
    audit_fails_with(
        &p,
        &[
            format!(
                "Esito della firma del messaggio {receipt} cambiato fuori dal registro: registrato «valid», ora nell'archivio «tampered»"
            ),
            format!(
                "Esito della firma del messaggio {plain} cambiato fuori dal registro: registrato «-», ora nell'archivio «valid»"
            ),
        ],
    );

    // 5. A register entry's content edited (the past outcome rewritten there).
    let p = copy(&profile, &dir.path().join("entry"));
    let seq: i64 = db(&p)
        .query_row(
            "SELECT seq FROM register WHERE event = 'outcome' AND detail LIKE '%\"valid\"%'
             ORDER BY seq LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    db(&p)
        .execute(
            "UPDATE register SET detail = replace(detail, 'valid', 'tampered') WHERE seq = ?1",
            [seq],
        )
        .unwrap();
    audit_fails_with(&p, &[format!("Voce {seq} del registro modificata")]);

    // 6. A message row deleted behind Sigillo's back.
    let p = copy(&profile, &dir.path().join("gone"));
    db(&p)
        .execute("DELETE FROM messages WHERE id = ?1", [receipt])
        .unwrap();
    audit_fails_with(&p, &["Messaggio mancante".to_string(), receipt_sha.clone()]);

    // 7. The trust list changed outside Sigillo: the test root's file removed by hand, so
    // every provider signature is also no longer valid when checked again.
    let p = copy(&profile, &dir.path().join("trust"));
    std::fs::remove_dir_all(p.join("trust").join("anchors")).unwrap();
    audit_fails_with(
        &p,
        &[
            "L'elenco dei certificati di fiducia è cambiato fuori da Sigillo".into(),
            format!(
                "Firma del messaggio {receipt} non più valida: registrata valida, ricontrollata ora «untrusted»"
            ),
        ],
    );

    // The clean store still passes (nothing above touched it).
    let (code, text) = run(&profile, &["audit", "--json"]);
    assert_eq!(code, Some(0), "{text}");
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["findings"].as_array().unwrap().len(), 0);
    assert_eq!(json["messages"], 7);
}

#[test]
fn deleting_proof_asks_first_and_is_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let profile = clean(dir.path());
    let s = Store::open(&profile).unwrap();
    let tl = s
        .timelines(&sigillo::store::TimelineQuery::default())
        .unwrap();
    let diffida = tl
        .iter()
        .find(|t| t.subject.as_deref() == Some("Diffida"))
        .unwrap();
    let delivery = diffida
        .recipients
        .iter()
        .find(|r| r.address == B)
        .unwrap()
        .proof[0];
    drop(s);
    // Without a terminal and without --yes: refused, and what goes is said.
    let (code, text) = run(&profile, &["delete", &delivery.to_string()]);
    assert_eq!(code, Some(5), "{text}");
    assert!(
        text.contains(&format!("Il messaggio {delivery} è una prova")),
        "{text}"
    );
    assert!(
        text.contains(&format!("per {B} della PEC inviata «Diffida»")),
        "{text}"
    );
    assert!(text.contains("confermare con --yes"), "{text}");
    assert!(Store::open(&profile).unwrap().raw(delivery).is_ok(), "kept");
    // With --yes: deleted, recorded, the timeline no longer counts it, the audit passes.
    let (code, text) = run(&profile, &["delete", "--yes", &delivery.to_string()]);
    assert_eq!(code, Some(0), "{text}");
    let s = Store::open(&profile).unwrap();
    assert!(s.raw(delivery).is_err());
    let deleted = s
        .register_entries()
        .unwrap()
        .into_iter()
        .find(|e| e.event == "deleted")
        .unwrap();
    assert!(deleted.detail.contains(B), "{}", deleted.detail);
    let tl = s
        .timelines(&sigillo::store::TimelineQuery::default())
        .unwrap();
    let row = tl
        .iter()
        .find(|t| t.subject.as_deref() == Some("Diffida"))
        .unwrap()
        .recipients
        .iter()
        .find(|r| r.address == B)
        .unwrap()
        .clone();
    assert_ne!(
        row.state,
        sigillo::pec::timeline::RecipientState::Consegnato
    );
    drop(s);
    let (code, text) = run(&profile, &["audit"]);
    assert_eq!(code, Some(0), "{text}");
    // An ordinary message is no proof: deleted without asking.
    let plain: i64 = db(&profile)
        .query_row("SELECT max(id) FROM messages", [], |r| r.get(0))
        .unwrap();
    let (code, text) = run(&profile, &["delete", &plain.to_string()]);
    assert_eq!(code, Some(0), "{text}");
    assert!(!text.contains("è una prova"), "{text}");
}
