//! The demo mailbox of the test provider: reproducible from its seed, every message of the
//! kind its manifest says, signed by a demo PKI that says it is not a real provider (the
//! tampered envelope excepted, whose signature must fail).

use sigillo::pec::{PecKind, classify};
use sigillo_test_provider::demo::write_demo;
use sigillo_test_provider::openssl_cli;

fn read_tree(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().display().to_string();
                out.push((rel, std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    let (a, b, c) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    write_demo(a.path(), 42).unwrap();
    write_demo(b.path(), 42).unwrap();
    write_demo(c.path(), 43).unwrap();
    let (ta, tb, tc) = (
        read_tree(a.path()),
        read_tree(b.path()),
        read_tree(c.path()),
    );
    assert!(ta.len() > 15);
    assert_eq!(ta, tb);
    assert_ne!(ta, tc);
    assert_eq!(
        ta.iter().map(|(n, _)| n).collect::<Vec<_>>(),
        tc.iter().map(|(n, _)| n).collect::<Vec<_>>(),
        "the same files, with other content"
    );
}

#[test]
fn every_demo_message_is_what_the_manifest_says() {
    let dir = tempfile::tempdir().unwrap();
    let entries = write_demo(dir.path(), 2025).unwrap();
    let root = std::fs::read(dir.path().join("ca/demo-root.pem")).unwrap();
    let root_text = String::from_utf8_lossy(&root).to_string();
    assert!(root_text.starts_with("-----BEGIN CERTIFICATE-----"));
    let manifest = std::fs::read_to_string(dir.path().join("manifest.tsv")).unwrap();
    assert_eq!(manifest.lines().count(), entries.len() + 1);

    let mut seen = std::collections::BTreeSet::new();
    for e in &entries {
        let raw = std::fs::read(dir.path().join(&e.file)).unwrap();
        let c = classify(&raw);
        let kind = PecKind::parse(&e.kind).unwrap();
        assert_eq!(c.kind, kind, "{}", e.file);
        seen.insert(e.kind.clone());
        assert!(manifest.contains(&e.file));
        if kind == PecKind::Ordinaria {
            continue;
        }
        let v = openssl_cli::smime_verify(&raw, &root, Some(e.date.timestamp())).unwrap();
        assert_eq!(v.ok, e.signature_valid, "{}: {}", e.file, v.stderr);
        // The signer says it is a demo, not a real provider.
        let from = c.headers.summary.from.as_ref().unwrap().address.clone();
        assert!(from.ends_with(".example"), "{from}");
        let expected: &[&str] = match (kind, c.daticert.as_ref().map(|d| d.errore.as_str())) {
            (PecKind::ErroreConsegna, Some("virus")) => &["virus-reported"],
            (PecKind::PreavvisoErroreConsegna, _)
                if c.daticert.as_ref().unwrap().is_final_timeout() =>
            {
                &["final-timeout"]
            }
            _ => &[],
        };
        let codes: Vec<_> = c.warnings.iter().map(|w| w.code()).collect();
        assert_eq!(codes, expected, "{}", e.file);
    }
    for k in [
        "posta-certificata",
        "anomalia",
        "accettazione",
        "non-accettazione",
        "avvenuta-consegna",
        "errore-consegna",
        "preavviso-errore-consegna",
        "ordinaria",
    ] {
        assert!(seen.contains(k), "the demo has no {k}");
    }

    // The demo CA names say plainly that no real provider is involved.
    let text = std::process::Command::new("openssl")
        .args(["x509", "-noout", "-subject", "-nameopt", "utf8", "-in"])
        .arg(dir.path().join("ca/demo-root.pem"))
        .output()
        .unwrap();
    let subject = String::from_utf8_lossy(&text.stdout);
    assert!(subject.contains("non un gestore reale"), "{subject}");
}
