//! Replays every input kept in `fuzz/regressions/<target>/` (inputs that once crashed or hung a
//! fuzz target) through the same code the target exercises.

use std::path::Path;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target);
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter(|e| e.path().is_file())
                .map(|e| {
                    (
                        e.file_name().to_string_lossy().into_owned(),
                        std::fs::read(e.path()).unwrap(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

#[test]
fn classify_regressions_do_not_panic() {
    let all = inputs("classify");
    assert!(!all.is_empty(), "fuzz/regressions/classify holds no input");
    for (name, data) in all {
        let c = sigillo::pec::classify(&data);
        let v = sigillo::report::classification_json(&c, sigillo::i18n::Lang::En);
        assert!(v["kind"].is_string(), "{name}");
    }
}

#[test]
fn daticert_regressions_do_not_panic() {
    let all = inputs("daticert");
    assert!(!all.is_empty(), "fuzz/regressions/daticert holds no input");
    for (name, data) in all {
        let r = sigillo::pec::read_daticert(&data);
        assert!(!r.daticert.errore.is_empty(), "{name}");
    }
}

#[test]
fn p7m_regressions_do_not_panic_and_are_never_valid_untrusted() {
    let all = inputs("p7m");
    assert!(!all.is_empty(), "fuzz/regressions/p7m holds no input");
    for (name, data) in all {
        match sigillo::p7m::open(&data, Some(&name), None, sigillo::p7m::ReferenceTime::now()) {
            Ok(d) => {
                let v = d.verification();
                assert_ne!(v.status, sigillo::p7m::DocStatus::Valid, "{name}");
                assert!(!v.signers.is_empty(), "{name}");
                assert!(!d.name().contains(".p7m"), "{name}: {}", d.name());
            }
            Err(e) => assert!(!e.to_string().is_empty(), "{name}"),
        }
    }
}

#[test]
fn fatturapa_regressions_do_not_panic() {
    let all = inputs("fatturapa");
    assert!(!all.is_empty(), "fuzz/regressions/fatturapa holds no input");
    for (name, data) in all {
        let doc = sigillo::fatturapa::read_document(&data);
        let list = sigillo::verify::trusted_list::read_trusted_list(&data);
        assert!(
            doc.is_ok() || list.is_ok(),
            "{name}: a seed reads as something"
        );
        let _ = sigillo::fatturapa::detect::classify_attachment(Some(&name), &data);
    }
}

// The newer targets keep their checks in shared files, replayed here through the same code.
#[path = "../../fuzz/fuzz_targets/archive.rs"]
mod archive;
#[path = "../../fuzz/fuzz_targets/protocol.rs"]
mod protocol;

#[test]
fn pop3_regressions_do_not_panic() {
    let all = inputs("pop3");
    assert!(!all.is_empty(), "fuzz/regressions/pop3 holds no input");
    for (_, data) in all {
        protocol::pop3_session(&data);
    }
}

#[test]
fn starttls_regressions_say_nothing_in_plain_text() {
    let all = inputs("starttls");
    assert!(!all.is_empty(), "fuzz/regressions/starttls holds no input");
    for (_, data) in all {
        protocol::starttls_preamble(&data);
    }
}

#[test]
fn mbox_regressions_round_trip() {
    let all = inputs("mbox");
    assert!(!all.is_empty(), "fuzz/regressions/mbox holds no input");
    for (_, data) in all {
        archive::mbox_round_trip(&data);
    }
}

#[test]
fn import_regressions_store_every_message() {
    let all = inputs("import");
    assert!(!all.is_empty(), "fuzz/regressions/import holds no input");
    for (_, data) in all {
        archive::import_files(&data);
    }
    archive::clean_up();
}
