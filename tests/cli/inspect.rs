//! `sigillo inspect` as a user runs it: a real process, real files, exit codes and output.

use crate::support;

use std::process::Command;

use support::handmade::{Pec, daticert};

fn sigillo() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sigillo"));
    c.env_remove("SIGILLO_LANG").env("LANG", "C.UTF-8");
    c
}

fn sample(dir: &std::path::Path) -> std::path::PathBuf {
    let pec = Pec::notice(
        "accettazione",
        "ACCETTAZIONE: ",
        daticert("accettazione", "nessuno", "Contratto di fornitura", ""),
    );
    let path = dir.join("accettazione.eml");
    std::fs::write(&path, pec.build()).unwrap();
    path
}

fn tempdir(name: &str) -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix(&format!("sigillo-{name}-"))
        .tempdir()
        .unwrap()
}

#[test]
fn json_for_one_file_is_an_object_with_the_documented_keys() {
    let dir_guard = tempdir("one");
    let dir = dir_guard.path().to_owned();
    let file = sample(&dir);
    let out = sigillo()
        .args(["inspect", "--json"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for key in [
        "file",
        "kind",
        "receipt_type",
        "daticert",
        "original",
        "warnings",
    ] {
        assert!(v.get(key).is_some(), "missing key {key}");
    }
    assert_eq!(v["kind"], "accettazione");
    assert_eq!(v["signature_checked"], false);
    assert_eq!(v["daticert"]["gestore_emittente"], "Gestore Esempio S.p.A.");
    assert_eq!(v["daticert"]["data"], "2025-02-05T10:15:30+01:00");
    assert_eq!(v["daticert"]["destinatari"][1]["tipo"], "esterno");
    assert!(v["original"].is_null());
    assert!(v["warnings"].as_array().unwrap().is_empty());
}

#[test]
fn json_for_several_files_is_an_array_and_unreadable_paths_exit_2() {
    let dir_guard = tempdir("many");
    let dir = dir_guard.path().to_owned();
    let file = sample(&dir);
    let garbage = dir.join("garbage.eml");
    std::fs::write(&garbage, [0u8, 1, 2, 255]).unwrap();
    let missing = dir.join("missing.eml");
    let out = sigillo()
        .args(["inspect", "--json"])
        .arg(&file)
        .arg(&garbage)
        .arg(&missing)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let arr = v.as_array().unwrap();
    assert_eq!(arr.len(), 2);
    assert_eq!(arr[1]["kind"], "illeggibile");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("missing.eml"), "{err}");
}

#[test]
fn human_output_speaks_the_chosen_language() {
    let dir_guard = tempdir("lang");
    let dir = dir_guard.path().to_owned();
    let file = sample(&dir);
    let it = sigillo()
        .args(["inspect", "--lang", "it"])
        .arg(&file)
        .output()
        .unwrap();
    let en = sigillo()
        .args(["inspect", "--lang", "en"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(it.status.code(), Some(0));
    let it = String::from_utf8_lossy(&it.stdout);
    let en = String::from_utf8_lossy(&en.stdout);
    assert!(it.contains("Ricevuta di accettazione"), "{it}");
    assert!(en.contains("Acceptance receipt"), "{en}");
    // First of all: no signature was checked, and where it is.
    let second = |t: &str| t.lines().nth(1).unwrap_or_default().to_owned();
    assert!(
        second(&it).contains("non controllata") && second(&it).contains("sigillo verify"),
        "{it}"
    );
    assert!(second(&en).contains("not checked"), "{en}");
    assert!(!it.contains("Data certificata"), "{it}");
    let sys = sigillo()
        .env("LANG", "it_IT.UTF-8")
        .args(["inspect"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&sys.stdout).contains("Tipo"));
}
