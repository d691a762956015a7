//! The layers of docs/architecture.md, kept by a test: every module of `src/` may name only
//! modules below it. The few arrows that still point up are listed here by name (each is a
//! debt, described in docs/architecture.md); a new one fails this test, and so does a listed one
//! that is gone (the list must say what is true).
//!
//! Its own test binary: the test makes the checkout its current directory, which is the whole
//! process's, so no other test may run beside it.

use std::collections::BTreeSet;
use std::path::Path;

/// Bottom to top. A module may name the modules before it.
const LAYERS: &[&str] = &[
    "hidden_chars",
    "xml",
    "terminal",
    "profile",
    "win32",
    "pec",
    "verify",
    "p7m",
    "fatturapa",
    "outcome",
    "i18n",
    "store",
    "account",
    "net",
    "import",
    "export",
    "backup",
    "launch",
    "reading",
    "report",
    "gui",
    "cli",
];

/// Arrows that still point up: (from, to). None is left; a debt taken on again is named here.
const KNOWN_UPWARD: &[(&str, &str)] = &[];

fn top_module(path: &Path) -> Option<String> {
    let rel = path.strip_prefix("src").ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?.to_owned();
    let name = first.trim_end_matches(".rs").to_owned();
    (name != "lib" && name != "main").then_some(name)
}

/// The modules a file names (`crate::x`, `sigillo::x`, `super::super::x` is not used), test
/// code left out.
fn named_modules(text: &str) -> BTreeSet<String> {
    let code = match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => text,
    };
    let mut out = BTreeSet::new();
    for prefix in ["crate::", "sigillo::"] {
        let mut rest = code;
        while let Some(i) = rest.find(prefix) {
            let before = rest[..i].chars().next_back();
            rest = &rest[i + prefix.len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            if let Some(group) = rest.strip_prefix('{') {
                // `crate::{a::X, b}`: the first name of each item at the top of the group.
                let mut depth = 0usize;
                let mut item_start = true;
                for (i, c) in group.char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' if depth == 0 => break,
                        '}' => depth -= 1,
                        ',' if depth == 0 => item_start = true,
                        c if item_start && (c.is_alphanumeric() || c == '_') => {
                            item_start = false;
                            out.insert(leading_name(&group[i..]));
                        }
                        _ => {}
                    }
                }
                continue;
            }
            let name = leading_name(rest);
            if !name.is_empty() {
                out.insert(name);
            }
        }
    }
    out
}

fn leading_name(s: &str) -> String {
    s.chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn every_arrow_points_down_but_the_listed_ones() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::env::set_current_dir(root).unwrap();
    let mut all = Vec::new();
    files(Path::new("src"), &mut all);
    let rank = |m: &str| LAYERS.iter().position(|l| *l == m);
    let mut upward = BTreeSet::new();
    let mut unknown = BTreeSet::new();
    for f in &all {
        let Some(from) = top_module(f) else { continue };
        let Some(r_from) = rank(&from) else {
            unknown.insert(from);
            continue;
        };
        let text = std::fs::read_to_string(f).unwrap();
        for to in named_modules(&text) {
            if to == from {
                continue;
            }
            match rank(&to) {
                Some(r_to) if r_to > r_from => {
                    upward.insert((from.clone(), to, f.display().to_string()));
                }
                _ => {}
            }
        }
    }
    assert!(
        unknown.is_empty(),
        "modules missing from LAYERS: {unknown:?}"
    );
    let found: BTreeSet<(String, String)> = upward
        .iter()
        .map(|(a, b, _)| (a.clone(), b.clone()))
        .collect();
    let known: BTreeSet<(String, String)> = KNOWN_UPWARD
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    let new: Vec<_> = upward
        .iter()
        .filter(|(a, b, _)| !known.contains(&(a.clone(), b.clone())))
        .collect();
    assert!(new.is_empty(), "arrows pointing up: {new:#?}");
    let gone: Vec<_> = known.difference(&found).collect();
    assert!(
        gone.is_empty(),
        "listed as pointing up but gone (remove them from KNOWN_UPWARD): {gone:?}"
    );
}

#[test]
fn the_window_never_calls_the_command_line() {
    let mut all = Vec::new();
    files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src/gui"),
        &mut all,
    );
    for f in all {
        let text = std::fs::read_to_string(&f).unwrap();
        assert!(
            !named_modules(&text).contains("cli"),
            "{} names the command line",
            f.display()
        );
    }
}

#[test]
fn the_scanner_sees_what_it_must() {
    let found = named_modules(
        "use crate::store::Store;\nuse crate::{pec::{a, b}, verify};\nfn f() { sigillo::net::x(); my_crate::gui::y(); }\n#[cfg(test)]\nmod tests { use crate::cli; }",
    );
    assert_eq!(
        found,
        ["net", "pec", "store", "verify"]
            .into_iter()
            .map(String::from)
            .collect()
    );
}
