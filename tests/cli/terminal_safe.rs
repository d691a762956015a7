//! Nothing a stranger wrote reaches the terminal raw. Messages whose subject, sender name and
//! attachment name hold escape sequences (CSI, OSC), BEL, CR, LF and bidirectional overrides,
//! signed by a provider certificate (made with OpenSSL) whose common name does the same, and a
//! trust anchor with such a name: the text output of list, search, show, timeline, inspect,
//! verify, export and trust list holds none of those characters (they are shown escaped, so the
//! fields are still there), while `--json` output keeps the exact text.

use crate::support;

use std::process::Output;

use chrono::{FixedOffset, Utc};
use sigillo::store::{Source, Store};
use sigillo::terminal::is_unsafe;
use sigillo_test_provider::message::{Gestore, Original};
use sigillo_test_provider::pki::{PkiNames, PkiOptions, ProviderSpec, TestPki};
use support::cli::sigillo_en as sigillo;
use support::reliability::Figures;

const ALFA: &str = "pec.alfa.test";
/// A subject that would draw a fake "valid" row over the real one, then hide a link.
const SUBJECT: &str = "a\r      9  2025-02-05 10:15  posta-certificata          valid         Fake\u{202E}fdp.exe\u{7}\n fake row \u{1b}]8;;http://x.test\u{7}link\u{1b}]8;;\u{7}";
/// A sender name in red, reversed.
const SENDER: &str = "Mario\u{1b}[31m Rossi\u{202E}";
/// An attachment whose name reads backwards and clears the screen.
const ATTACHMENT: &str = "fattura\u{202E}fdp.exe\u{1b}[2J";
/// A provider name that overwrites the verdict line.
/// (The certificate's common name is "Posta Certificata " and this: at most 64 characters.)
const ORGANISATION: &str = "\r\u{1b}[2KValid signature \u{2014} ARUBA PEC\u{1b}[K";
/// A trust anchor's name.
const ROOT_CN: &str = "Radice\u{1b}[8m nascosta\u{2066}";

fn b64(s: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(s)
}

fn percent(s: &str) -> String {
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

fn original_bytes() -> Vec<u8> {
    format!(
        "From: =?UTF-8?B?{}?= <mario.rossi@{ALFA}>\r\nTo: anna@{ALFA}\r\n\
Subject: =?UTF-8?B?{}?=\r\nDate: Mon, 3 Mar 2025 10:00:00 +0100\r\n\
Message-ID: <client-9@studio.test>\r\nMIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n\
--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nIn allegato.\r\n\
--b1\r\nContent-Type: application/octet-stream\r\n\
Content-Disposition: attachment; filename*=UTF-8''{}\r\n\
Content-Transfer-Encoding: base64\r\n\r\nAAECAw==\r\n--b1--\r\n",
        b64(SENDER),
        b64(SUBJECT),
        percent(ATTACHMENT)
    )
    .into_bytes()
}

/// The characters of `out` that must not reach a terminal (line feeds are ours).
fn unsafe_chars(out: &[u8]) -> Vec<String> {
    let text = String::from_utf8(out.to_vec()).expect("the output is UTF-8");
    text.chars()
        .filter(|&c| c != '\n' && is_unsafe(c))
        .map(|c| format!("U+{:04X}", c as u32))
        .collect()
}

fn text_output(o: &Output, what: &str) -> String {
    assert_eq!(
        unsafe_chars(&o.stdout),
        Vec::<String>::new(),
        "{what}: stdout"
    );
    assert_eq!(
        unsafe_chars(&o.stderr),
        Vec::<String>::new(),
        "{what}: stderr"
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn hostile_fields_are_escaped_in_every_text_output_and_exact_in_json() {
    let work = tempfile::tempdir().unwrap();
    let profile = work.path().join("profile");
    let mut names = PkiNames::test();
    names.root_cn = ROOT_CN.into();
    let pki = TestPki::generate_with(PkiOptions {
        names,
        ..PkiOptions::new(&[ProviderSpec::new(ALFA, "Gestore Alfa S.p.A.")])
    })
    .unwrap();
    let (nb, na) = pki.options().provider_validity;
    let hostile = pki
        .issue_provider_cert(&ProviderSpec::new(ALFA, ORGANISATION), nb, na)
        .unwrap();
    let g = Gestore::new(ALFA, "Gestore Alfa S.p.A.", pki.signer_for(&hostile));
    let at = Utc::now().with_timezone(&FixedOffset::east_opt(3600).unwrap());
    let tx = g.accept(
        Original::parse(&original_bytes()).unwrap(),
        &format!("mario.rossi@{ALFA}"),
        "[127.0.0.1]",
        at,
        |a| a.ends_with(ALFA),
    );
    let envelope = g.envelope(&tx).unwrap();
    let acceptance = g.accettazione(&tx, at).unwrap();
    let ordinary = original_bytes();
    let files = work.path().join("files");
    std::fs::create_dir_all(&files).unwrap();
    let mut ids = Vec::new();
    {
        let mut store = Store::open(&profile).unwrap();
        for (i, (raw, folder)) in [
            (&envelope, "INBOX"),
            (&acceptance, "INBOX"),
            (&ordinary, "Sent"),
        ]
        .into_iter()
        .enumerate()
        {
            let src = Source::Imap {
                account: "studio".into(),
                folder: folder.into(),
                uidvalidity: 1,
                uid: i as u32 + 1,
            };
            ids.push(store.ingest(raw, &src).unwrap().id);
            std::fs::write(files.join(format!("{i}.eml")), raw).unwrap();
        }
    }
    let root = work.path().join("root.pem");
    std::fs::write(&root, pki.root().cert_pem()).unwrap();
    let o = sigillo(&profile)
        .arg("trust")
        .arg("add")
        .arg(&root)
        .output()
        .unwrap();
    assert!(o.status.success(), "{o:?}");

    let mut outputs = 0;
    let mut run = |args: Vec<String>| -> String {
        let o = sigillo(&profile).args(&args).output().unwrap();
        outputs += 1;
        text_output(&o, &args.join(" "))
    };
    let list = run(vec!["list".into()]);
    // The fields are there, escaped: nothing was dropped.
    assert!(
        list.contains("Fake\\u{202E}fdp.exe\\u{7}\\n fake row"),
        "{list}"
    );
    assert!(list.contains("a\\r"), "{list}");
    assert_eq!(list.lines().count(), 3, "one line per message: {list}");
    run(vec!["search".into(), "fake".into()]);
    for id in &ids {
        let shown = run(vec!["show".into(), id.to_string()]);
        assert!(!shown.contains('\u{1b}'));
    }
    let shown = run(vec!["show".into(), ids[0].to_string()]);
    assert!(
        shown.contains("fattura\\u{202E}fdp.exe\\u{1B}[2J"),
        "{shown}"
    );
    run(vec!["timeline".into()]);
    for i in 0..3 {
        let path = files.join(format!("{i}.eml")).display().to_string();
        run(vec!["inspect".into(), path.clone()]);
        let verified = run(vec!["verify".into(), path]);
        if i < 2 {
            // The verdict line stays whole: the certificate's name cannot overwrite it.
            let first = verified.lines().next().unwrap_or_default();
            assert!(first.contains("\\r\\u{1B}[2KValid signature"), "{verified}");
        }
    }
    run(vec![
        "export".into(),
        ids[0].to_string(),
        "--out".into(),
        work.path().join("fascicolo").display().to_string(),
    ]);
    let anchors = run(vec!["trust".into(), "list".into()]);
    assert!(
        anchors.contains("Radice\\u{1B}[8m nascosta\\u{2066}"),
        "{anchors}"
    );

    // JSON keeps the exact text (serde escapes the control characters itself).
    let o = sigillo(&profile).args(["list", "--json"]).output().unwrap();
    let rows: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let subjects: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["subject"].as_str())
        .collect();
    assert!(
        subjects.iter().any(|s| s.contains(SUBJECT)),
        "the exact subject in JSON: {subjects:?}"
    );
    assert!(
        !o.stdout.contains(&0x1b),
        "JSON escapes ESC as \\u001b itself"
    );
    Figures::new("hostile", "control and bidi characters in text output")
        .inputs(5)
        .runs(outputs)
        .outcome(format!(
            "a subject, sender name, attachment name, provider certificate name and trust anchor name full of ESC/CSI/OSC sequences, BEL, CR, LF and bidi overrides: {outputs} text outputs (list, search, show, timeline, inspect, verify, export, trust list) held none of them raw and showed each escaped; JSON kept the exact text"
        ))
        .record();
}
