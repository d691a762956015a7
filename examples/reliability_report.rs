//! Renders `docs/reliability.md` from what the suite recorded: the JSON lines the reliability
//! tests append (`tests/support/src/reliability.rs`; one line per check with its runs, faults,
//! inputs and what was lost) and the fuzzing figures `scripts/fuzz` keeps in
//! `fuzz/results.tsv`. `scripts/test` runs it after the whole suite passed; nothing in the
//! document is written by hand.
//!
//!   cargo run --example reliability_report -- LOG.jsonl fuzz/results.tsv docs/reliability.md

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use serde_json::Value;

/// Report sections, in order, with their titles.
const SECTIONS: &[(&str, &str)] = &[
    ("faults", "Faults: processes killed, disks filled"),
    (
        "network",
        "Network: connections cut, stalled, truncated; servers that lie",
    ),
    ("hostile", "Hostile and broken input"),
    ("secrets", "Secrets and TLS"),
    ("dependencies", "Dependencies (cargo deny)"),
];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() != 3 {
        eprintln!("usage: reliability_report LOG.jsonl FUZZ_RESULTS.tsv OUT.md");
        std::process::exit(2);
    }
    let log = std::fs::read_to_string(&args[0]).unwrap_or_else(|e| {
        eprintln!("cannot read {}: {e}", args[0]);
        std::process::exit(2)
    });
    let records: Vec<Value> = log
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            serde_json::from_str(l).unwrap_or_else(|e| {
                eprintln!("{}: a line is not JSON ({e}): {l}", args[0]);
                std::process::exit(2)
            })
        })
        .collect();
    let fuzz = std::fs::read_to_string(&args[1]).unwrap_or_default();
    let text = render(&records, &fuzz, Path::new(&args[1]));
    std::fs::write(&args[2], text).unwrap_or_else(|e| {
        eprintln!("cannot write {}: {e}", args[2]);
        std::process::exit(2)
    });
    println!("{} written from {} records", args[2], records.len());
}

fn num(v: &Value, key: &str) -> Option<u64> {
    v.get(key).and_then(Value::as_u64)
}

fn text(v: &Value, key: &str) -> String {
    v.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .replace('|', "\\|")
        .replace('\n', " ")
}

fn cell(v: &Value, key: &str) -> String {
    num(v, key).map_or_else(|| "—".to_owned(), group)
}

/// 1234567 → 1,234,567.
fn group(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn render(records: &[Value], fuzz: &str, fuzz_path: &Path) -> String {
    let mut out = String::new();
    let date = chrono::Utc::now().format("%Y-%m-%d %H:%M UTC");
    let passed = records.iter().filter(|r| r["status"] == "passed").count();
    let not_run: Vec<&Value> = records.iter().filter(|r| r["status"] != "passed").collect();
    let sum = |k: &str| -> u64 {
        records
            .iter()
            .filter(|r| r["status"] == "passed")
            .filter_map(|r| num(r, k))
            .sum()
    };
    let lost: u64 = sum("lost");
    let duplicated: u64 = sum("duplicated");
    writeln!(out, "# Reliability and security figures\n").unwrap();
    writeln!(
        out,
        "Written by `scripts/test` on {date} from what the test suite itself recorded while it ran \
         (`tests/support/src/reliability.rs`, rendered by `examples/reliability_report.rs`) and from the \
         fuzzing figures `scripts/fuzz` keeps in `fuzz/results.tsv`. Do not edit by hand: run \
         `scripts/test` again.\n"
    )
    .unwrap();
    writeln!(
        out,
        "**{passed} checks passed, {} not run.** Runs: {}. Faults injected and survived: {}. \
         Inputs tried: {}. Messages whose survival was checked: {}; lost: {lost}; duplicated: \
         {duplicated}.\n",
        not_run.len(),
        group(sum("runs")),
        group(sum("faults")),
        group(sum("inputs")),
        group(sum("messages")),
    )
    .unwrap();

    writeln!(out, "## Fuzzing\n").unwrap();
    render_fuzz(&mut out, fuzz, fuzz_path);

    let mut by_section: BTreeMap<&str, Vec<&Value>> = BTreeMap::new();
    for r in records.iter().filter(|r| r["status"] == "passed") {
        by_section
            .entry(r["section"].as_str().unwrap_or("other"))
            .or_default()
            .push(r);
    }
    let mut titles: Vec<(&str, &str)> = SECTIONS.to_vec();
    for s in by_section.keys() {
        if !titles.iter().any(|(k, _)| k == s) {
            titles.push((s, s));
        }
    }
    for (key, title) in titles {
        let Some(rows) = by_section.get(key) else {
            continue;
        };
        let mut rows = rows.clone();
        rows.sort_by_key(|r| text(r, "check"));
        writeln!(out, "## {title}\n").unwrap();
        writeln!(
            out,
            "| check | runs | faults survived | inputs | messages | lost | duplicated | outcome |"
        )
        .unwrap();
        writeln!(out, "|---|---:|---:|---:|---:|---:|---:|---|").unwrap();
        for r in rows {
            writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} | {} |",
                text(r, "check"),
                cell(r, "runs"),
                cell(r, "faults"),
                cell(r, "inputs"),
                cell(r, "messages"),
                cell(r, "lost"),
                cell(r, "duplicated"),
                text(r, "outcome"),
            )
            .unwrap();
        }
        writeln!(out).unwrap();
    }

    writeln!(out, "## Not run here\n").unwrap();
    if not_run.is_empty() {
        writeln!(out, "Every check ran.\n").unwrap();
    } else {
        for r in not_run {
            writeln!(out, "- **{}**: {}", text(r, "check"), text(r, "outcome")).unwrap();
        }
        writeln!(out).unwrap();
    }
    out
}

/// `fuzz/results.tsv`: target, seconds, executions, coverage (cov), features (ft), corpus
/// entries, date, inputs kept in fuzz/regressions.
fn render_fuzz(out: &mut String, fuzz: &str, path: &Path) {
    let rows: Vec<Vec<&str>> = fuzz
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').collect())
        .filter(|f: &Vec<&str>| f.len() >= 7)
        .collect();
    if rows.is_empty() {
        writeln!(
            out,
            "No fuzzing figures in `{}`: run `scripts/fuzz 600`.\n",
            path.display()
        )
        .unwrap();
        return;
    }
    writeln!(
        out,
        "Each cargo-fuzz target ran on its own (`scripts/fuzz SECONDS TARGET`), seeded with the real \
         corpus and the inputs kept in `fuzz/regressions/<target>/`, which `tests/hostile/fuzz_regressions.rs` \
         replays on every test run. Coverage is libFuzzer's count of covered edges (`cov`) and \
         features (`ft`) at the end of the run.\n"
    )
    .unwrap();
    writeln!(
        out,
        "| target | seconds | executions | coverage (edges) | features | corpus | regression inputs | run on |"
    )
    .unwrap();
    writeln!(out, "|---|---:|---:|---:|---:|---:|---:|---|").unwrap();
    let root = path.parent().unwrap_or(Path::new("."));
    let mut total: u64 = 0;
    for f in rows {
        let n = |i: usize| f[i].trim().parse::<u64>().ok();
        total += n(2).unwrap_or(0);
        let kept = std::fs::read_dir(root.join("regressions").join(f[0]))
            .map(|d| d.count())
            .unwrap_or(0);
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            f[0],
            n(1).map_or("?".into(), group),
            n(2).map_or("?".into(), group),
            n(3).map_or("?".into(), group),
            n(4).map_or("?".into(), group),
            n(5).map_or("?".into(), group),
            kept,
            f[6],
        )
        .unwrap();
    }
    writeln!(out, "\nExecutions in all: {}.\n", group(total)).unwrap();
}
