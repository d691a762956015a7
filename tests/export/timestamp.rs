//! Marca temporale end to end against a local time-stamping authority (the real
//! `openssl ts -reply` behind an HTTP responder): a timestamped dossier is verified by
//! `sigillo verify-dossier` and by `openssl ts -verify` alone (the command the report
//! prints); a byte changed in any of its files is caught, every byte of the token included;
//! an unreachable or lying authority (wrong hash, wrong nonce, bad signature, HTTP error,
//! refusal, untrusted) gives a clear error and no dossier; the register's head is timestamped
//! and the audit checks it.

use crate::support;

use std::path::Path;
use std::process::Command;

use sigillo::export::timestamp::{self, TimestampError};
use sigillo_test_provider::tsa::{LocalTsa, Mode};
use support::dossier::all_files;
use support::notification::{notify, sigillo, store, trust_root};

const B: &str = "anna.bianchi@pec.beta.test";

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

/// A profile with one stored notification, trusting the test root and the local authority.
fn setup(dir: &Path, tsa: &LocalTsa) -> (std::path::PathBuf, i64) {
    let profile = dir.join("profile");
    trust_root(&profile);
    let n = notify(
        "Diffida",
        "diffida-1@studio.test",
        &[B],
        &[],
        "completa",
        &[B],
    );
    let id = store(&profile, &n, 1);
    let (code, text) = run(&profile, &["tsa", "set", "--url", tsa.url()]);
    assert_eq!(code, Some(0), "{text}");
    let (code, text) = run(
        &profile,
        &["tsa", "trust", tsa.root_file().to_str().unwrap()],
    );
    assert_eq!(code, Some(0), "{text}");
    (profile, id)
}

#[test]
fn a_timestamped_dossier_holds_for_sigillo_and_for_openssl_alone() {
    let tsa = LocalTsa::start().expect("local TSA");
    let dir = tempfile::tempdir().unwrap();
    let (profile, id) = setup(dir.path(), &tsa);
    let out = dir.path().join("fascicolo");
    let (code, text) = run(
        &profile,
        &[
            "export",
            &id.to_string(),
            "--timestamp",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(code, Some(0), "{text}");
    assert_eq!(tsa.requests(), 1);
    assert!(text.contains("Il MANIFEST esisteva il"), "{text}");
    assert!(text.contains("Sigillo Test TSA"), "{text}");
    let command = timestamp::openssl_command();
    assert!(text.contains(&command), "{text}");
    let token = std::fs::read(out.join(timestamp::TOKEN_FILE)).unwrap();
    let manifest = std::fs::read(out.join("MANIFEST")).unwrap();
    // The authorities' trust points are listed in the MANIFEST; the token cannot be.
    let manifest_text = String::from_utf8_lossy(&manifest);
    assert!(manifest_text.contains(timestamp::ANCHORS_FILE));
    assert!(!manifest_text.contains(timestamp::TOKEN_FILE));

    // sigillo verify-dossier: every file holds and the time is reported.
    let (code, text) = run(&profile, &["verify-dossier", out.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("Il MANIFEST esisteva il"), "{text}");
    assert!(text.contains(&command), "{text}");

    // openssl alone, with the command the report prints, in the dossier's folder.
    let mut parts = command.split_whitespace();
    let o = Command::new(parts.next().unwrap())
        .args(parts)
        .current_dir(&out)
        .output()
        .unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(o.status.success(), "{said}");
    assert!(said.contains("Verification: OK"), "{said}");

    // A checker without the authority's trust point: the timestamp fails, and says why.
    let other = dir.path().join("other-profile");
    trust_root(&other);
    let (code, text) = run(&other, &["verify-dossier", out.to_str().unwrap()]);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("Marca temporale non valida"), "{text}");
    // … and with the trust point given for this run, it holds.
    let (code, text) = run(
        &other,
        &[
            "verify-dossier",
            "--tsa-trust",
            tsa.root_file().to_str().unwrap(),
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(code, Some(0), "{text}");

    // Any file with one byte changed: the dossier does not hold (checked in-process).
    let trust = support::notification::trust();
    let anchors = sigillo::verify::trust::parse_certificates(&tsa.root_pem());
    let intact = sigillo::export::verify_dossier_with(&out, &trust, &anchors).unwrap();
    assert!(intact.ok(), "{:?}", intact.failed());
    for (rel, _) in all_files(&out) {
        let copy = dir.path().join(format!("flip-{}", rel.replace('/', "_")));
        support::dossier::copy_dir(&out, &copy);
        support::dossier::flip_byte(&copy.join(&rel));
        let check = sigillo::export::verify_dossier_with(&copy, &trust, &anchors).unwrap();
        assert!(!check.ok(), "a byte changed in {rel} went unnoticed");
        std::fs::remove_dir_all(&copy).unwrap();
    }
    // Every byte of the token, one at a time.
    let digest = timestamp::digest(&manifest);
    assert!(timestamp::check_token(&token, &digest, &anchors).is_ok());
    let mut unnoticed = Vec::new();
    for i in 0..token.len() {
        for bit in [0x01u8, 0x80] {
            let mut bad = token.clone();
            bad[i] ^= bit;
            if timestamp::check_token(&bad, &digest, &anchors).is_ok() {
                unnoticed.push((i, bit));
            }
        }
    }
    assert!(
        unnoticed.is_empty(),
        "token bytes changed unnoticed (index, bit): {unnoticed:?} of {}",
        token.len()
    );
    // The token for another MANIFEST.
    let mut other_manifest = manifest.clone();
    other_manifest[10] ^= 1;
    assert_eq!(
        timestamp::check_token(&token, &timestamp::digest(&other_manifest), &anchors),
        Err(TimestampError::WrongImprint)
    );

    // The export is in the register with the time the authority gave.
    let store = sigillo::store::Store::open(&profile).unwrap();
    let exported = store
        .register_entries()
        .unwrap()
        .into_iter()
        .find(|e| e.event == "exported")
        .expect("export recorded");
    let detail = exported.detail_json();
    assert!(detail["timestamp"].as_str().is_some(), "{detail}");
    assert_eq!(
        detail["manifest_sha256"].as_str().unwrap(),
        sigillo::export::manifest::sha256_hex(&manifest)
    );
}

#[test]
fn an_unreachable_or_lying_authority_leaves_no_dossier() {
    let tsa = LocalTsa::start().expect("local TSA");
    let dir = tempfile::tempdir().unwrap();
    let (profile, id) = setup(dir.path(), &tsa);
    let cases = [
        (Mode::WrongHash, "riguarda altri dati"),
        (Mode::WrongNonce, "non risponde a questa richiesta"),
        (
            Mode::BadSignature,
            "firma della marca temporale non è valida",
        ),
        (Mode::HttpError, "errore HTTP 500"),
        (Mode::Refuse, "ha rifiutato la richiesta"),
    ];
    for (n, (mode, words)) in cases.into_iter().enumerate() {
        tsa.set_mode(mode);
        let out = dir.path().join(format!("fascicolo-{n}"));
        let (code, text) = run(
            &profile,
            &[
                "export",
                &id.to_string(),
                "--timestamp",
                "--out",
                out.to_str().unwrap(),
            ],
        );
        assert_ne!(code, Some(0), "{mode:?}: {text}");
        assert!(text.contains(words), "{mode:?}: {text}");
        assert!(
            text.contains("Il fascicolo non è stato scritto"),
            "{mode:?}: {text}"
        );
        assert!(
            !out.exists(),
            "{mode:?}: a dossier was left at {}",
            out.display()
        );
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().contains("partial"))
            .collect();
        assert!(leftovers.is_empty(), "{mode:?}: {leftovers:?}");
    }
    // Unreachable: nothing listens there.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let (code, text) = run(
        &profile,
        &[
            "tsa",
            "set",
            "--url",
            &format!("http://127.0.0.1:{port}/tsa"),
        ],
    );
    assert_eq!(code, Some(0), "{text}");
    let out = dir.path().join("fascicolo-unreachable");
    let (code, text) = run(
        &profile,
        &[
            "export",
            &id.to_string(),
            "--timestamp",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_ne!(code, Some(0), "{text}");
    assert!(text.contains("non è raggiungibile"), "{text}");
    assert!(!out.exists());

    // An honest authority whose certificate this profile does not trust.
    tsa.set_mode(Mode::Honest);
    let (code, _) = run(&profile, &["tsa", "set", "--url", tsa.url()]);
    assert_eq!(code, Some(0));
    let fp = sigillo::verify::certinfo::fingerprint(
        &sigillo::verify::trust::parse_certificates(&tsa.root_pem())[0],
    );
    let (code, text) = run(&profile, &["tsa", "untrust", &fp[..16]]);
    assert_eq!(code, Some(0), "{text}");
    let out = dir.path().join("fascicolo-untrusted");
    let (code, text) = run(
        &profile,
        &[
            "export",
            &id.to_string(),
            "--timestamp",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_ne!(code, Some(0), "{text}");
    assert!(text.contains("Nessun certificato di fiducia"), "{text}");
    assert!(!out.exists());
    // A trust point that is not the authority's: its path does not reach it.
    let stranger = dir.path().join("stranger.pem");
    std::fs::write(&stranger, support::notification::pki().root().cert_pem()).unwrap();
    let (code, _) = run(&profile, &["tsa", "trust", stranger.to_str().unwrap()]);
    assert_eq!(code, Some(0));
    let (code, text) = run(
        &profile,
        &[
            "export",
            &id.to_string(),
            "--timestamp",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_ne!(code, Some(0), "{text}");
    assert!(text.contains("non è attendibile"), "{text}");
    assert!(!out.exists());
}

#[test]
fn the_register_head_is_timestamped_and_audited() {
    let tsa = LocalTsa::start().expect("local TSA");
    let dir = tempfile::tempdir().unwrap();
    let (profile, _) = setup(dir.path(), &tsa);
    let (code, text) = run(&profile, &["audit", "--stamp"]);
    assert_eq!(code, Some(0), "{text}");
    assert!(
        text.contains("Marca temporale del registro ottenuta"),
        "{text}"
    );
    let (code, text) = run(&profile, &["audit"]);
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("Marca temporale valida"), "{text}");
    // The stamped entry rewritten (its hash recomputed to hide it): the chain breaks and the
    // timestamp no longer names the entry.
    let store = sigillo::store::Store::open(&profile).unwrap();
    let stamp = store.register_stamps().unwrap().remove(0);
    drop(store);
    let c = rusqlite::Connection::open(profile.join("sigillo.db")).unwrap();
    let mut e = c
        .query_row(
            &format!(
                "SELECT {} FROM register WHERE seq = ?1",
                sigillo::store::register::ENTRY_COLUMNS
            ),
            [stamp.head_seq],
            sigillo::store::register::Entry::from_row,
        )
        .unwrap();
    e.at = "2020-01-01T00:00:00Z".into();
    e.hash = e.computed_hash();
    c.execute(
        "UPDATE register SET at = ?2, hash = ?3 WHERE seq = ?1",
        rusqlite::params![e.seq, e.at, e.hash],
    )
    .unwrap();
    drop(c);
    let (code, text) = run(&profile, &["audit"]);
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains(&format!(
            "Marca temporale del registro (voce {}) non valida",
            stamp.entry.seq
        )),
        "{text}"
    );
}
