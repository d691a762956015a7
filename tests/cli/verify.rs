//! `sigillo verify` and `sigillo trust` as a user runs them.

use crate::support;

use std::path::PathBuf;
use std::process::Command;

use support::corpus;

fn sigillo(profile: &std::path::Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sigillo"));
    c.env_remove("SIGILLO_LANG")
        .env("LANG", "C.UTF-8")
        .arg("--profile")
        .arg(profile);
    c
}

fn tempdir(name: &str) -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix(&format!("sigillo-{name}-"))
        .tempdir()
        .unwrap()
}

/// One built-in PEC trust point: the AgID CA1 issuance of 2018-07-11 (valid when the 2018
/// corpus messages were signed).
fn anchor_pem() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/trust/pec/agid-ca1-20180711.pem")
}

/// The SHA-256 fingerprints of the built-in PEC trust points (every AgID CA1 issuance).
const BUILTIN: [&str; 5] = [
    "d070bf019cfba46c8d3414d6fe8d7d21077f3545c2fe839e3d250f324e37c5ab",
    "4648900b04272628ab7b2d82ddf74cd5b78d77f8652d5bbf2824bb64dd178659",
    "9271ca7e88ced25ed1d1f8e08afa03b11d1fe12ed1125585ada501243e2cac09",
    "4931388dc85b1fb943ed8ee6acfa015753cb048166470626c7ff939ed022a8ae",
    "32322ae2e31a7430be1d6c04bd8cabfbd240c74d2c9dbe82780db1f3f73660a6",
];

/// Disables every built-in trust point of a profile.
fn disable_builtin(profile: &std::path::Path) {
    for fp in BUILTIN {
        let out = sigillo(profile)
            .args(["trust", "remove", &fp[..16]])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn exit_codes_and_json_keys() {
    let Some(root) = corpus::corpus_or_announce("verify CLI on real messages") else {
        return;
    };
    let profile_guard = tempdir("exit");
    let profile = profile_guard.path().to_owned();
    let valid = root.join("real/aruba-accettazione-2018.eml");
    let tampered = root.join("real/sogei-posta-certificata-EDITED-normal-email.eml");

    let out = sigillo(&profile)
        .args(["verify", "--json"])
        .arg(&valid)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for key in [
        "file",
        "status",
        "signer",
        "chain",
        "signing_time",
        "signing_time_source",
        "reason",
        "warnings",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    assert_eq!(v["status"], "valid");
    assert_eq!(v["signing_time_source"], "signing-time");
    assert_eq!(v["signer"]["organization"], "Aruba PEC S.p.A.");
    // The path ends at the PEC trust point, AgID CA1, not at the root above it.
    let chain = v["chain"].as_array().unwrap();
    assert_eq!(chain.len(), 2, "{chain:?}");
    assert_eq!(chain[1]["common_name"], "AgID CA1");

    let out = sigillo(&profile)
        .args(["verify", "--json"])
        .arg(&valid)
        .arg(&tampered)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[1]["status"], "tampered");

    let out = sigillo(&profile)
        .arg("verify")
        .arg(&valid)
        .arg(profile.join("nope.eml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));

    // Without any anchor the same message is untrusted; --trust brings the anchor back for one run.
    let out = sigillo(&profile)
        .args(["verify", "--only-given-trust"])
        .arg(&valid)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Signer not recognised"));
    let out = sigillo(&profile)
        .args(["verify", "--only-given-trust", "--trust"])
        .arg(anchor_pem())
        .arg(&valid)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn trust_list_add_remove_change_what_verifies() {
    let profile_guard = tempdir("trust");
    let profile = profile_guard.path().to_owned();
    let out = sigillo(&profile).args(["trust", "list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    for fp in BUILTIN {
        assert!(text.contains(fp), "{fp} not listed: {text}");
    }
    assert!(text.contains("built in, enabled"), "{text}");
    assert!(!text.contains("Actalis Authentication Root CA"), "{text}");

    disable_builtin(&profile);
    let text = String::from_utf8_lossy(
        &sigillo(&profile)
            .args(["trust", "list"])
            .output()
            .unwrap()
            .stdout,
    )
    .into_owned();
    assert!(text.contains("built in, disabled"), "{text}");

    if let Some(root) =
        corpus::corpus_or_announce("a disabled built-in trust point on a real message")
    {
        let valid = root.join("real/aruba-accettazione-2018.eml");
        let out = sigillo(&profile)
            .arg("verify")
            .arg(&valid)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(1),
            "disabled anchor must not verify"
        );
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("not a PEC provider"),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }

    let out = sigillo(&profile)
        .args(["trust", "add"])
        .arg(anchor_pem())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(
        &sigillo(&profile)
            .args(["trust", "list"])
            .output()
            .unwrap()
            .stdout,
    )
    .into_owned();
    assert!(text.contains("built in, enabled"), "{text}");

    let out = sigillo(&profile)
        .args(["trust", "remove", "00000000"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("No trusted authority"));
    let junk = profile.join("junk.pem");
    std::fs::write(&junk, "hello").unwrap();
    let out = sigillo(&profile)
        .args(["trust", "add"])
        .arg(&junk)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn import_verifies_and_reindex_follows_a_trust_change() {
    let Some(root) = corpus::corpus_or_announce("store verification on real messages") else {
        return;
    };
    let profile_guard = tempdir("storeverify");
    let profile = profile_guard.path().to_owned();
    let valid = root.join("real/aruba-accettazione-2018.eml");
    let tampered = root.join("real/sogei-posta-certificata-EDITED-normal-email.eml");
    let ordinary = root.join("real/aruba-inner-postacert-2024.eml");
    let out = sigillo(&profile)
        .arg("import")
        .arg(&valid)
        .arg(&tampered)
        .arg(&ordinary)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let statuses = |profile: &std::path::Path| -> Vec<(String, String)> {
        let out = sigillo(profile).args(["list", "--json"]).output().unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let mut s: Vec<(String, String)> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|m| {
                (
                    m["kind"].as_str().unwrap().to_owned(),
                    m["signature"].as_str().unwrap_or("none").to_owned(),
                )
            })
            .collect();
        s.sort();
        s
    };
    assert_eq!(
        statuses(&profile),
        vec![
            ("accettazione".to_owned(), "valid".to_owned()),
            ("ordinaria".to_owned(), "unsigned".to_owned()),
            ("posta-certificata".to_owned(), "tampered".to_owned()),
        ]
    );
    disable_builtin(&profile);
    let out = sigillo(&profile).arg("reindex").output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(statuses(&profile).contains(&("accettazione".to_owned(), "untrusted".to_owned())));
}
