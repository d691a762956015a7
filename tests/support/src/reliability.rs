//! The figures of the reliability suite: each test records what it did (runs, faults injected
//! and survived, inputs tried, anything lost or duplicated) as one JSON line, and
//! `scripts/test` renders them into `docs/reliability.md` after the whole suite ran
//! (`examples/reliability_report.rs`). Checks that could not run here are recorded as NOT RUN,
//! with what was not tested and why, and announced loudly.
//!
//! The file is `$SIGILLO_RELIABILITY_LOG` (set by scripts/test), else
//! `target/tmp/reliability.jsonl`.

use std::io::Write;

use serde_json::{Map, Value, json};

/// One line of figures for the report.
#[derive(Debug, Clone)]
pub struct Figures {
    section: &'static str,
    check: String,
    fields: Map<String, Value>,
}

impl Figures {
    /// Figures of `check` in the report's `section` (`faults`, `hostile`, `network`,
    /// `secrets`, …).
    pub fn new(section: &'static str, check: impl Into<String>) -> Figures {
        Figures {
            section,
            check: check.into(),
            fields: Map::new(),
        }
    }

    /// How many times the scenario ran.
    pub fn runs(self, n: usize) -> Figures {
        self.with("runs", json!(n))
    }

    /// Faults injected (kills, cuts, stalls, full disks…), every one survived.
    pub fn faults(self, n: usize) -> Figures {
        self.with("faults", json!(n))
    }

    /// Distinct inputs tried.
    pub fn inputs(self, n: usize) -> Figures {
        self.with("inputs", json!(n))
    }

    /// Messages that had to be kept: the report shows lost = 0 and duplicated = 0 only
    /// because the test asserted it over this many messages.
    pub fn messages(self, n: usize) -> Figures {
        self.with("messages", json!(n))
            .with("lost", json!(0))
            .with("duplicated", json!(0))
    }

    /// One sentence of outcome (what the test asserted).
    pub fn outcome(self, text: impl Into<String>) -> Figures {
        self.with("outcome", json!(text.into()))
    }

    /// Any other figure.
    pub fn with(mut self, key: &str, value: Value) -> Figures {
        self.fields.insert(key.to_owned(), value);
        self
    }

    /// Appends the line to the log.
    pub fn record(self) {
        let mut line = self.fields;
        line.insert("section".into(), json!(self.section));
        line.insert("check".into(), json!(self.check));
        line.insert("status".into(), json!("passed"));
        append(&Value::Object(line));
    }
}

/// Records (and announces loudly) a check that could not run here, with the reason. It also
/// goes to `$SIGILLO_NOT_RUN_LOG`, which scripts/test prints at the end.
pub fn not_run(section: &'static str, check: &str, reason: &str) {
    eprintln!(
        "\n{bar}\n!! NOT RUN: {check}\n!! {reason}\n{bar}\n",
        bar = "!".repeat(72)
    );
    if let Ok(path) = std::env::var("SIGILLO_NOT_RUN_LOG")
        && let Ok(mut f) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
    {
        // One write per line: tests of one binary run in parallel and append to it.
        let _ = f.write_all(format!("{check}: {reason}\n").as_bytes());
    }
    append(&json!({
        "section": section,
        "check": check,
        "status": "not-run",
        "outcome": reason,
    }));
}

fn append(line: &Value) {
    let path = std::env::var_os("SIGILLO_RELIABILITY_LOG")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| crate::target_tmp().join("reliability.jsonl"));
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    // One write per line: concurrent tests append whole lines.
    let mut text = line.to_string();
    text.push('\n');
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .unwrap_or_else(|e| panic!("cannot write the reliability log {}: {e}", path.display()));
    f.write_all(text.as_bytes())
        .unwrap_or_else(|e| panic!("cannot write the reliability log {}: {e}", path.display()));
}
