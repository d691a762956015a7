//! Where the real PEC corpus lives, and what to do when it is absent.
//!
//! The corpus is third-party mail with real people's data: it never enters the project. Tests
//! read it from `SIGILLO_CORPUS` (a folder holding `real/` and `trust/`) or from
//! `shared/corpus` beside the checkout or one of its parent folders. When it is absent the checks are reported loudly as
//! NOT RUN; with `SIGILLO_REQUIRE_CORPUS=1` (set by CI) absence is a failure.

use std::path::PathBuf;

/// The corpus root (holding `real/` and `trust/`), if present.
pub fn corpus_root() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("SIGILLO_CORPUS").map(PathBuf::from) {
        return p.join("real").is_dir().then_some(p);
    }
    // `shared/corpus` beside the checkout or beside one of its parents.
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .skip(1)
        .map(|a| a.join("shared/corpus"))
        .find(|p| p.join("real").is_dir())
}

/// The corpus root, or `None` after announcing loudly that `what` was not run.
/// Panics instead when `SIGILLO_REQUIRE_CORPUS=1`.
pub fn corpus_or_announce(what: &str) -> Option<PathBuf> {
    corpus_root().or_else(|| {
        not_run(
            what,
            "REAL CORPUS NOT FOUND",
            "the folder holding real/ and trust/",
        )
    })
}

/// Announces loudly that `what` was not run for want of a corpus (`missing`; `wanted` is what
/// SIGILLO_CORPUS should name), and records it for the test script's summary; panics instead
/// when `SIGILLO_REQUIRE_CORPUS=1`.
fn not_run(what: &str, missing: &str, wanted: &str) -> Option<PathBuf> {
    let msg = format!(
        "\n{bar}\n!! {missing}: {what} NOT RUN.\n!! Set SIGILLO_CORPUS to {wanted}.\n{bar}\n",
        bar = "!".repeat(72)
    );
    if std::env::var("SIGILLO_REQUIRE_CORPUS").as_deref() == Ok("1") {
        panic!("{msg}");
    }
    eprintln!("{msg}");
    // Recorded so the test script can print a summary of checks not run.
    if let Ok(path) = std::env::var("SIGILLO_NOT_RUN_LOG") {
        use std::io::Write;
        if let Ok(mut f) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
        {
            // One write per line: tests of one binary run in parallel and append to it.
            let _ = f.write_all(format!("{what}\n").as_bytes());
        }
    }
    None
}

/// Every `.eml` in the real corpus, sorted by name.
pub fn real_messages(root: &std::path::Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("real"))
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "eml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// Converts LF line ends to CRLF, or CRLF to LF when the input already uses CRLF.
pub fn flip_line_endings(raw: &[u8]) -> Vec<u8> {
    let crlf = raw.windows(2).filter(|w| w == b"\r\n").count();
    let lf = raw.iter().filter(|&&b| b == b'\n').count();
    if crlf * 2 > lf {
        let mut out = Vec::with_capacity(raw.len());
        let mut i = 0;
        while i < raw.len() {
            if raw[i] == b'\r' && raw.get(i + 1) == Some(&b'\n') {
                i += 1;
                continue;
            }
            out.push(raw[i]);
            i += 1;
        }
        out
    } else {
        let mut out = Vec::with_capacity(raw.len() + lf);
        for (i, &b) in raw.iter().enumerate() {
            if b == b'\n' && (i == 0 || raw[i - 1] != b'\r') {
                out.push(b'\r');
            }
            out.push(b);
        }
        out
    }
}

/// The REM example set (`rem/agid-policy-it-1.2` in the corpus), if present.
pub fn rem_root() -> Option<PathBuf> {
    let base = match std::env::var_os("SIGILLO_CORPUS").map(PathBuf::from) {
        Some(p) => Some(p),
        None => std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .ancestors()
            .skip(1)
            .map(|a| a.join("shared/corpus"))
            .find(|p| p.join("rem").is_dir()),
    }?;
    let root = base.join("rem/agid-policy-it-1.2");
    root.is_dir().then_some(root)
}

/// The REM example set, or `None` after announcing loudly that `what` was not run (a failure
/// with `SIGILLO_REQUIRE_CORPUS=1`).
pub fn rem_or_announce(what: &str) -> Option<PathBuf> {
    rem_root().or_else(|| {
        not_run(
            what,
            "REM CORPUS NOT FOUND",
            "the folder holding rem/agid-policy-it-1.2",
        )
    })
}

/// Every REM message of the example set (`REM_*.eml` in its flow folders), sorted.
pub fn rem_messages(root: &std::path::Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = ["Intra-REM-flow", "Outflow", "Inflow"]
        .iter()
        .flat_map(|d| std::fs::read_dir(root.join(d)).into_iter().flatten())
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|x| x == "eml")
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("REM_"))
        })
        .collect();
    files.sort();
    files
}

/// Every standalone evidence of the example set, sorted.
pub fn rem_evidences(root: &std::path::Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("standalone-evidence"))
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "xml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}
