//! The store commands as a user runs them: `import`, `list`, `show`, `timeline`, `search`,
//! `reindex`, each a real process on a real profile folder; and every command that checks
//! signatures refusing to run without its trust list.

use crate::support;

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;
use support::cli::sigillo_c_locale as sigillo;
use support::exchange::{Exchange, NoticeSpec};
use support::handmade::{Pec, daticert, postacert};

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

/// A Sent folder and an inbox export of one exchange with two recipients.
fn archive(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let a = "anna@pec.altro.it";
    let x = Exchange::new(77, &[(a, true), ("luca@example.com", false)]);
    let sent = dir.join("Sent");
    std::fs::create_dir_all(&sent).unwrap();
    std::fs::write(sent.join("inviato.eml"), x.sent()).unwrap();
    let inbox = dir.join("INBOX");
    std::fs::create_dir_all(&inbox).unwrap();
    std::fs::write(
        inbox.join("acc.eml"),
        x.notice(&NoticeSpec::new("accettazione", (10, 16))),
    )
    .unwrap();
    std::fs::write(
        inbox.join("cons.eml"),
        x.notice(&NoticeSpec::new("avvenuta-consegna", (10, 17)).to(a)),
    )
    .unwrap();
    (sent, inbox)
}

/// Adds the authority of the scripted exchanges' test provider to the profile's trust list:
/// only receipts whose signature holds decide a timeline.
fn trust_test_provider(profile: &Path, dir: &Path) {
    let pem = dir.join("test-provider-ca.pem");
    std::fs::write(&pem, support::exchange::trust_pem()).unwrap();
    ok(sigillo(profile)
        .args(["trust", "add"])
        .arg(&pem)
        .output()
        .unwrap());
}

#[test]
fn import_list_show_timeline_search_reindex() {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("profilo");
    let (sent, inbox) = archive(dir.path());
    trust_test_provider(&profile, dir.path());

    let out = ok(sigillo(&profile)
        .arg("import")
        .arg(&sent)
        .arg(&inbox)
        .output()
        .unwrap());
    assert!(out.contains("Import finished."), "{out}");
    assert!(
        out.contains("New in the store:                  3"),
        "{out}"
    );
    let again = ok(sigillo(&profile)
        .arg("import")
        .arg(&sent)
        .arg(&inbox)
        .output()
        .unwrap());
    assert!(
        again.contains("Already there (duplicates):        3"),
        "{again}"
    );

    let list = json(sigillo(&profile).args(["list", "--json"]).output().unwrap());
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 3);
    for key in [
        "id",
        "date",
        "kind",
        "subject",
        "sender",
        "size",
        "signature",
        "warnings",
    ] {
        assert!(list[0].get(key).is_some(), "missing {key}");
    }
    let only = json(
        sigillo(&profile)
            .args(["list", "--json", "--kind", "accettazione"])
            .output()
            .unwrap(),
    );
    assert_eq!(only.as_array().unwrap().len(), 1);
    let in_sent = json(
        sigillo(&profile)
            .args(["list", "--json", "--folder", "Sent"])
            .output()
            .unwrap(),
    );
    let sent_id = in_sent[0]["id"].as_i64().unwrap();
    assert_eq!(in_sent[0]["kind"], "ordinaria");

    // show --raw gives back the exact bytes.
    let raw = sigillo(&profile)
        .args(["show", "--raw", &sent_id.to_string()])
        .output()
        .unwrap();
    assert!(raw.status.success());
    assert_eq!(raw.stdout, std::fs::read(sent.join("inviato.eml")).unwrap());
    let shown = json(
        sigillo(&profile)
            .args(["show", "--json", &sent_id.to_string()])
            .output()
            .unwrap(),
    );
    assert_eq!(shown["copies"][0]["folder"], "Sent");
    assert_eq!(shown["timeline"]["recipients"][0]["state"], "consegnato");
    let human = ok(sigillo(&profile)
        .args(["show", &sent_id.to_string()])
        .output()
        .unwrap());
    assert!(human.contains("Pratica numero 77"), "{human}");

    // The documented timeline JSON.
    let t = json(
        sigillo(&profile)
            .args(["timeline", "--json"])
            .output()
            .unwrap(),
    );
    let t = t.as_array().unwrap();
    assert_eq!(t.len(), 1);
    let t = &t[0];
    assert_eq!(t["subject"], "Pratica numero 77");
    assert_eq!(t["message_id"], "client-77.609763@studio.esempio");
    assert_eq!(t["sent_at"], "2025-02-05T10:15:20+01:00");
    assert_eq!(t["acceptance"]["state"], "accettato");
    assert_eq!(t["from_receipts_only"], false);
    let r = t["recipients"].as_array().unwrap();
    assert_eq!(r[0]["address"], "anna@pec.altro.it");
    assert_eq!(r[0]["certified"], true);
    assert_eq!(r[0]["state"], "consegnato");
    let kinds: Vec<&str> = r[0]["receipts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, vec!["accettazione", "avvenuta-consegna"]);
    assert_eq!(r[1]["state"], "esterno");
    assert_eq!(r[1]["certified"], false);
    let filtered = json(
        sigillo(&profile)
            .args(["timeline", "--json", "--state", "in-ritardo"])
            .output()
            .unwrap(),
    );
    assert!(filtered.as_array().unwrap().is_empty());
    let bad = sigillo(&profile)
        .args(["timeline", "--state", "boh"])
        .output()
        .unwrap();
    assert!(!bad.status.success());

    let hits = json(
        sigillo(&profile)
            .args(["search", "--json", "pratica", "77"])
            .output()
            .unwrap(),
    );
    assert_eq!(hits.as_array().unwrap().len(), 3);
    assert!(hits[0]["score"].is_number());
    let hits = json(
        sigillo(&profile)
            .args(["search", "--json", "--kind", "avvenuta-consegna", "pratica"])
            .output()
            .unwrap(),
    );
    assert_eq!(hits.as_array().unwrap().len(), 1);
    // Import checks every signature: nothing stays unverified. The receipts are signed by the
    // test provider the profile trusts (valid), the sent message is not signed (unsigned).
    let by_signature = |status: &str| {
        json(
            sigillo(&profile)
                .args([
                    "search",
                    "--json",
                    "--signature",
                    status,
                    "--by-date",
                    "pratica",
                ])
                .output()
                .unwrap(),
        )
        .as_array()
        .unwrap()
        .len()
    };
    assert_eq!(by_signature("unverified"), 0);
    assert_eq!(by_signature("valid"), 2);
    assert_eq!(by_signature("unsigned"), 1);

    let out = ok(sigillo(&profile).arg("reindex").output().unwrap());
    assert!(out.contains("Re-analysed 3 messages"), "{out}");
}

#[test]
fn italian_output_profile_from_the_environment_and_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("p");
    let (sent, _) = archive(dir.path());
    let mut c = Command::new(env!("CARGO_BIN_EXE_sigillo"));
    let out = c
        .env("SIGILLO_PROFILE", &profile)
        .env("LANG", "it_IT.UTF-8")
        .env_remove("SIGILLO_LANG")
        .arg("import")
        .arg(&sent)
        .arg(dir.path().join("manca.eml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "a path could not be read");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("Importazione conclusa."), "{stdout}");
    assert!(stdout.contains("Errori di lettura"), "{stdout}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("manca.eml"), "{stderr}");
    assert!(profile.join(sigillo::store::DATABASE_FILE).exists());

    let missing = sigillo(&profile).args(["show", "999"]).output().unwrap();
    assert_eq!(missing.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("999"));
}

/// The ways a profile's trust folder can be broken that the trust list refuses to load (as any
/// user, root included): the anchors folder is a file, the list of disabled anchors is a
/// folder.
fn break_trust_folder(profile: &Path, how: usize) {
    let trust = profile.join("trust");
    std::fs::create_dir_all(&trust).unwrap();
    match how {
        0 => std::fs::write(trust.join("anchors"), b"not a folder").unwrap(),
        1 => std::fs::create_dir_all(trust.join("disabled")).unwrap(),
        _ => {
            // A trust point file that holds no certificate: never skipped in silence.
            std::fs::create_dir_all(trust.join("anchors")).unwrap();
            std::fs::write(trust.join("anchors/x.pem"), b"not a certificate").unwrap();
        }
    }
}

fn repair_trust_folder(profile: &Path) {
    std::fs::remove_dir_all(profile.join("trust")).unwrap();
}

fn refused(out: &Output, words: &[&str]) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(2),
        "stdout: {}\nstderr: {stderr}",
        String::from_utf8_lossy(&out.stdout)
    );
    for w in words {
        assert!(stderr.contains(w), "{w:?} not in: {stderr}");
    }
}

/// A trust list that cannot be loaded is an error for every command that checks signatures,
/// and nothing is done: `import` stores nothing (not even a store), `reindex` keeps the
/// stored outcomes, `verify` and `export` check and write nothing. In Italian and English.
#[test]
fn a_trust_list_that_cannot_be_loaded_stops_every_command_that_checks() {
    let dir = tempfile::tempdir().unwrap();
    let (sent, inbox) = archive(dir.path());
    for how in 0..3 {
        let profile = dir.path().join(format!("rotto-{how}"));
        break_trust_folder(&profile, how);
        let trust_folder = profile.join("trust").display().to_string();
        let out = sigillo(&profile)
            .arg("import")
            .arg(&sent)
            .arg(&inbox)
            .output()
            .unwrap();
        refused(
            &out,
            &[
                "trust list cannot be loaded",
                "no message was imported",
                &trust_folder,
            ],
        );
        assert!(out.stdout.is_empty(), "no import summary");
        assert!(!profile.join(sigillo::store::DATABASE_FILE).exists());
        let it = sigillo(&profile)
            .args(["--lang", "it", "import"])
            .arg(&sent)
            .output()
            .unwrap();
        refused(&it, &["nessun messaggio è stato importato"]);
        assert!(!profile.join(sigillo::store::DATABASE_FILE).exists());
    }

    // A store whose messages were checked, then a trust folder that breaks.
    let profile = dir.path().join("profilo");
    ok(sigillo(&profile)
        .arg("import")
        .arg(&sent)
        .arg(&inbox)
        .output()
        .unwrap());
    let before = json(sigillo(&profile).args(["list", "--json"]).output().unwrap());
    assert!(
        before
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["signature"].is_string()),
        "every message was checked: {before:#}"
    );
    break_trust_folder(&profile, 0);
    refused(
        &sigillo(&profile).arg("reindex").output().unwrap(),
        &["nothing was recomputed"],
    );
    let after = json(sigillo(&profile).args(["list", "--json"]).output().unwrap());
    assert_eq!(before, after, "reindex left the stored outcomes alone");
    refused(
        &sigillo(&profile)
            .arg("verify")
            .arg(sent.join("inviato.eml"))
            .output()
            .unwrap(),
        &["nothing was checked"],
    );
    let id = before[0]["id"].as_i64().unwrap().to_string();
    let out_dir = dir.path().join("fascicolo");
    refused(
        &sigillo(&profile)
            .args(["export", &id, "--out"])
            .arg(&out_dir)
            .output()
            .unwrap(),
        &["no dossier was written"],
    );
    assert!(!out_dir.exists());
    // Repaired, the same commands work again.
    repair_trust_folder(&profile);
    ok(sigillo(&profile).arg("reindex").output().unwrap());
}

/// The top-level blocks of `show --json` output (`  "key": …` up to the next top-level key),
/// as printed: text, not parsed JSON, so that key order and layout count too.
fn top_level_blocks(text: &str) -> Vec<(String, String)> {
    let mut blocks: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("  \"")
            && let Some((key, _)) = rest.split_once('"')
        {
            blocks.push((key.to_owned(), String::new()));
        }
        if let Some((_, block)) = blocks.last_mut()
            && line != "}"
        {
            block.push_str(line);
            block.push('\n');
        }
    }
    blocks
}

/// `show --json` prints the outer headers, the certification data and the carried original
/// exactly as scripts have read them so far: the same keys in the same order, the same values,
/// byte for byte (what a change to how the store reads them must keep).
#[test]
fn show_json_prints_outer_daticert_and_original_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("profilo");
    let (sent, inbox) = archive(dir.path());
    // A received PEC carrying its original, with a certified recipient and an external one.
    let envelope = Pec {
        x_trasporto: Some("posta-certificata"),
        x_ricevuta: None,
        extra_headers: vec![],
        subject: "POSTA CERTIFICATA: Contratto di fornitura".into(),
        daticert: Some(daticert(
            "posta-certificata",
            "nessuno",
            "Contratto di fornitura",
            "<ricevuta tipo=\"completa\" />",
        )),
        postacert: Some(postacert(false)),
        postacert_name: "postacert.eml",
    }
    .build();
    std::fs::write(inbox.join("busta.eml"), envelope).unwrap();
    trust_test_provider(&profile, dir.path());
    ok(sigillo(&profile)
        .arg("import")
        .arg(&sent)
        .arg(&inbox)
        .output()
        .unwrap());
    let list = json(sigillo(&profile).args(["list", "--json"]).output().unwrap());
    let mut printed = String::new();
    let mut ids: Vec<(String, i64)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["kind"].as_str().unwrap().to_owned(),
                r["id"].as_i64().unwrap(),
            )
        })
        .collect();
    ids.sort();
    for (kind, id) in ids {
        let out = ok(sigillo(&profile)
            .args(["show", "--json", &id.to_string()])
            .output()
            .unwrap());
        let blocks = top_level_blocks(&out);
        let keys: Vec<&str> = blocks.iter().map(|(k, _)| k.as_str()).collect();
        printed.push_str(&format!("# {kind}\n{}\n", keys.join(" ")));
        for (key, block) in &blocks {
            if [
                "outer",
                "daticert",
                "original",
                "receipt_type",
                "recipients",
            ]
            .contains(&key.as_str())
            {
                printed.push_str(block);
            }
        }
    }
    assert_eq!(printed, SHOW_JSON_EXPECTED, "printed:\n{printed}");
}

/// Reviewed: what `show --json` printed before the store read these fields into typed structs.
const SHOW_JSON_EXPECTED: &str = r#"# accettazione
analysis_version attachments copies counterpart date daticert id kind message_id original outcome outer receipt_type recipients sender sha256 signature signature_layout size stored_at subject timeline unread verification warnings
  "daticert": {
    "consegna": null,
    "data": "2025-02-05T10:16:00+01:00",
    "errore": "nessuno",
    "errore_esteso": null,
    "gestore_emittente": "Gestore Esempio S.p.A.",
    "identificativo": "opec077.20250205101530.77@pec.esempio.it",
    "mittente": "mario.rossi@pec.esempio.it",
    "msgid": "<client-77.609763@studio.esempio>",
    "oggetto": "Pratica numero 77",
    "ricevuta": null,
    "ricezione": [],
    "risposte": "mario.rossi@pec.esempio.it",
    "tipo": "accettazione"
  },
  "original": null,
  "outer": {
    "date": "2025-02-05T10:16:00+01:00",
    "from": "posta-certificata@pec.esempio.it",
    "message_id": "opec.accettazione.1016.all@pec.esempio.it",
    "subject": "ACCETTAZIONE: Pratica numero 77",
    "to": [
      "mario.rossi@pec.esempio.it"
    ],
    "x_riferimento_message_id": "<client-77.609763@studio.esempio>",
    "x_tipo_ricevuta": null
  },
  "receipt_type": null,
  "recipients": [
    {
      "address": "anna@pec.altro.it",
      "tipo": "certificato"
    },
    {
      "address": "luca@example.com",
      "tipo": "esterno"
    }
  ],
# avvenuta-consegna
analysis_version attachments copies counterpart date daticert id kind message_id original outcome outer receipt_type recipients sender sha256 signature signature_layout size stored_at subject timeline unread verification warnings
  "daticert": {
    "consegna": "anna@pec.altro.it",
    "data": "2025-02-05T10:17:00+01:00",
    "errore": "nessuno",
    "errore_esteso": null,
    "gestore_emittente": "Gestore Esempio S.p.A.",
    "identificativo": "opec077.20250205101530.77@pec.esempio.it",
    "mittente": "mario.rossi@pec.esempio.it",
    "msgid": "<client-77.609763@studio.esempio>",
    "oggetto": "Pratica numero 77",
    "ricevuta": null,
    "ricezione": [],
    "risposte": "mario.rossi@pec.esempio.it",
    "tipo": "avvenuta-consegna"
  },
  "original": null,
  "outer": {
    "date": "2025-02-05T10:17:00+01:00",
    "from": "posta-certificata@pec.esempio.it",
    "message_id": "opec.avvenuta-consegna.1017.anna.pec.altro.it@pec.esempio.it",
    "subject": "CONSEGNA: Pratica numero 77",
    "to": [
      "mario.rossi@pec.esempio.it"
    ],
    "x_riferimento_message_id": "<client-77.609763@studio.esempio>",
    "x_tipo_ricevuta": null
  },
  "receipt_type": "sintetica",
  "recipients": [
    {
      "address": "anna@pec.altro.it",
      "tipo": "certificato"
    },
    {
      "address": "luca@example.com",
      "tipo": "esterno"
    }
  ],
# ordinaria
analysis_version attachments copies counterpart date daticert id kind message_id original outcome outer receipt_type recipients sender sha256 signature signature_layout size stored_at subject timeline unread verification warnings
  "daticert": null,
  "original": null,
  "outer": {
    "date": "2025-02-05T10:15:20+01:00",
    "from": "mario.rossi@pec.esempio.it",
    "message_id": "client-77.609763@studio.esempio",
    "subject": "Pratica numero 77",
    "to": [
      "anna@pec.altro.it",
      "luca@example.com"
    ],
    "x_riferimento_message_id": null,
    "x_tipo_ricevuta": "completa"
  },
  "receipt_type": null,
  "recipients": [],
# posta-certificata
analysis_version attachments copies counterpart date daticert id kind message_id original outcome outer receipt_type recipients sender sha256 signature signature_layout size stored_at subject timeline unread verification warnings
  "daticert": {
    "consegna": null,
    "data": "2025-02-05T10:15:30+01:00",
    "errore": "nessuno",
    "errore_esteso": null,
    "gestore_emittente": "Gestore Esempio S.p.A.",
    "identificativo": "opec001.20250205101530.1@pec.esempio.it",
    "mittente": "mario.rossi@pec.esempio.it",
    "msgid": "<client-1@studio.esempio>",
    "oggetto": "Contratto di fornitura",
    "ricevuta": "completa",
    "ricezione": [],
    "risposte": "mario.rossi@pec.esempio.it",
    "tipo": "posta-certificata"
  },
  "original": {
    "date": "2025-02-05T10:15:20+01:00",
    "from": "mario.rossi@pec.esempio.it",
    "message_id": "opec001.20250205101530.1@pec.esempio.it",
    "sha256": "915da1d1754a4efba491bffd01784ae98ac367163d0301c9d30a5e3bc6eaf29b",
    "size": 662,
    "subject": "Contratto di fornitura",
    "to": [
      "anna.bianchi@pec.altro.it",
      "luca.verdi@example.com"
    ]
  },
  "outer": {
    "date": "2025-02-05T10:15:31+01:00",
    "from": "posta-certificata@pec.esempio.it",
    "message_id": "opec001.20250205101530.1@pec.esempio.it",
    "subject": "POSTA CERTIFICATA: Contratto di fornitura",
    "to": [
      "anna.bianchi@pec.altro.it",
      "luca.verdi@example.com"
    ],
    "x_riferimento_message_id": "<client-1@studio.esempio>",
    "x_tipo_ricevuta": null
  },
  "receipt_type": "completa",
  "recipients": [
    {
      "address": "anna.bianchi@pec.altro.it",
      "tipo": "certificato"
    },
    {
      "address": "luca.verdi@example.com",
      "tipo": "esterno"
    }
  ],
"#;
