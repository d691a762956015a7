//! Golden tests: `sigillo inspect --json` on every real corpus message must equal the reviewed
//! expectation in `tests/golden/<name>.json`, with the original line endings and with LF and
//! CRLF swapped. A mismatch writes `tests/golden/<name>.actual.json` for review.
//!
//! To (re)create an expectation after reviewing it: `SIGILLO_BLESS=1 cargo test --test
//! corpus_golden` writes the fixtures; read each one against the spec before committing it.

use crate::support;

use std::path::{Path, PathBuf};

use serde_json::Value;
use sigillo::i18n::Lang;
use support::corpus;

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn actual_json(name: &str, raw: &[u8]) -> Value {
    let c = sigillo::pec::classify(raw);
    let mut v = serde_json::json!({ "file": name });
    if let (Some(o), Value::Object(rest)) = (
        v.as_object_mut(),
        sigillo::report::classification_json(&c, Lang::En),
    ) {
        o.extend(rest);
    }
    v
}

/// Sizes and hashes of text carried without transfer encoding legitimately change when the line
/// ends change; everything else must not.
fn mask_sizes(v: &mut Value) {
    match v {
        Value::Object(map) => {
            for (k, val) in map.iter_mut() {
                if k == "size" || k == "sha256" {
                    *val = Value::Null;
                } else {
                    mask_sizes(val);
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(mask_sizes),
        _ => {}
    }
}

#[test]
fn inspect_matches_reviewed_golden_files_for_every_real_message() {
    let Some(root) = corpus::corpus_or_announce("golden tests over the real corpus") else {
        return;
    };
    let files = corpus::real_messages(&root);
    let bless = std::env::var("SIGILLO_BLESS").as_deref() == Ok("1");
    let mut ran = 0;
    let mut failures = Vec::new();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let stem = name.trim_end_matches(".eml");
        let raw = std::fs::read(path).expect("corpus file is readable");
        let actual = actual_json(&name, &raw);
        let golden_path = golden_dir().join(format!("{stem}.json"));
        let actual_path = golden_dir().join(format!("{stem}.actual.json"));
        let pretty = serde_json::to_string_pretty(&actual).unwrap() + "\n";
        if bless {
            std::fs::write(&golden_path, &pretty).unwrap();
        }
        let Ok(expected_text) = std::fs::read_to_string(&golden_path) else {
            std::fs::write(&actual_path, &pretty).unwrap();
            failures.push(format!(
                "{name}: no reviewed golden file (wrote {stem}.actual.json)"
            ));
            continue;
        };
        let expected: Value = serde_json::from_str(&expected_text).expect("golden is JSON");
        if actual != expected {
            std::fs::write(&actual_path, &pretty).unwrap();
            failures.push(format!(
                "{name}: differs from golden (see {stem}.actual.json)"
            ));
            continue;
        }
        let _ = std::fs::remove_file(&actual_path);

        let flipped = corpus::flip_line_endings(&raw);
        assert_ne!(flipped, raw, "{name}: line-ending flip changed nothing");
        let mut a = actual_json(&name, &flipped);
        let mut e = expected.clone();
        mask_sizes(&mut a);
        mask_sizes(&mut e);
        if a != e {
            let p = golden_dir().join(format!("{stem}.flipped.actual.json"));
            std::fs::write(&p, serde_json::to_string_pretty(&a).unwrap()).unwrap();
            failures.push(format!(
                "{name}: differs after swapping LF/CRLF (see {stem}.flipped.actual.json)"
            ));
            continue;
        }
        ran += 1;
    }
    assert!(ran > 0 || !failures.is_empty(), "no golden fixture ran");
    assert!(
        failures.is_empty(),
        "golden mismatches:\n{}",
        failures.join("\n")
    );
    assert_eq!(ran, files.len());
    eprintln!("golden: {ran} real messages checked, each with both line-ending styles");
}

#[test]
fn every_golden_file_has_its_corpus_message() {
    let Some(root) = corpus::corpus_or_announce("golden fixture inventory") else {
        return;
    };
    let names: Vec<String> = corpus::real_messages(&root)
        .iter()
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    for entry in std::fs::read_dir(golden_dir()).unwrap() {
        let file = entry.unwrap().file_name().to_string_lossy().into_owned();
        if file.ends_with(".actual.json") || !file.ends_with(".json") {
            continue;
        }
        let stem = file.trim_end_matches(".json");
        assert!(
            names.iter().any(|n| n == stem),
            "golden {file} has no corpus message"
        );
    }
}
