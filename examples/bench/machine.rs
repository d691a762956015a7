//! The machine the benchmark ran on, how busy it was meanwhile, and the document written to
//! `docs/benchmarks.md`.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use chrono::{DateTime, Utc};

use crate::report::{self, Row};
use crate::{Ctx, load};

/// The machine at one moment: the time, the load averages, and the share of the CPU other
/// work used in the second before.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// When.
    pub at: DateTime<Utc>,
    /// 1, 5, 15-minute load averages as the kernel prints them.
    pub loadavg: String,
    /// Share of all cores other work used in the second before (see [`crate::load`]).
    pub other_share: f64,
    /// CPU counters, to compare with a later snapshot.
    pub reading: load::Reading,
}

impl Snapshot {
    /// Now (watches the machine for a second first).
    pub fn now(_ctx: &Ctx) -> Snapshot {
        let a = load::Reading::now();
        std::thread::sleep(load::BEFORE_WINDOW);
        let reading = load::Reading::now();
        Snapshot {
            at: Utc::now(),
            loadavg: std::fs::read_to_string("/proc/loadavg")
                .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
                .unwrap_or_else(|_| "unknown".into()),
            other_share: a.other_share(&reading),
            reading,
        }
    }
}

/// The file system a folder is on (`ext4`, `tmpfs`, ...), as `df -T` names it: on tmpfs an
/// `fsync` costs nothing, so durable writes cannot be compared there.
pub fn filesystem(dir: &Path) -> String {
    let out = Command::new("df")
        .args(["--output=fstype,source"])
        .arg(dir)
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    out.lines()
        .nth(1)
        .map(|l| {
            let mut it = l.split_whitespace();
            let fs = it.next().unwrap_or("unknown");
            let dev = it.next().unwrap_or("");
            format!("{fs} on {dev}")
        })
        .unwrap_or_else(|| "unknown".into())
}

/// The commit the benchmark was built from, and whether the tree had changes.
#[derive(Debug, Clone)]
pub struct Commit {
    /// `git rev-parse HEAD`.
    pub hash: String,
    /// True when `git status` shows changes (outside docs/benchmarks.md).
    pub dirty: bool,
}

impl Commit {
    /// Reads it with git (unknown and dirty when git cannot say).
    pub fn read() -> Commit {
        let hash = first_line("git", &["rev-parse", "HEAD"]);
        let status = Command::new("git")
            .args(["status", "--porcelain", "--untracked-files=no"])
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned());
        let dirty = match status {
            Some(s) => s
                .lines()
                .any(|l| !l.trim_end().ends_with("docs/benchmarks.md")),
            None => true,
        };
        Commit { hash, dirty }
    }
}

pub fn first_line(cmd: &str, args: &[&str]) -> String {
    Command::new(cmd)
        .args(args)
        .output()
        .ok()
        .map(|o| {
            let mut s = String::from_utf8_lossy(&o.stdout).into_owned();
            if s.trim().is_empty() {
                s = String::from_utf8_lossy(&o.stderr).into_owned();
            }
            s.lines().next().unwrap_or("").trim().to_owned()
        })
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "unknown".into())
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|s| s.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".into())
}

fn ram() -> String {
    std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("MemTotal:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map(|kb| format!("{:.1} GiB", kb / 1_048_576.0))
        .unwrap_or_else(|| "unknown".into())
}

fn os() -> String {
    std::fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("PRETTY_NAME="))
                .map(|l| l["PRETTY_NAME=".len()..].trim_matches('"').to_owned())
        })
        .unwrap_or_else(|| std::env::consts::OS.into())
}

fn sqlite_version() -> String {
    rusqlite::Connection::open_in_memory()
        .and_then(|c| c.query_row("SELECT sqlite_version()", [], |r| r.get::<_, String>(0)))
        .unwrap_or_else(|_| "unknown".into())
}

/// Facts about the machine, for `results.json`.
pub fn json(ctx: &Ctx, before: &Snapshot, after: &Snapshot) -> serde_json::Value {
    serde_json::json!({
        "cpu": cpu_model(),
        "cores": load::cores(),
        "ram": ram(),
        "os": os(),
        "kernel": first_line("uname", &["-r"]),
        "rustc": first_line("rustc", &["--version"]),
        "dovecot": first_line("/usr/sbin/dovecot", &["--version"]),
        "mbsync": first_line("mbsync", &["--version"]),
        "openssl": openssl::version::version(),
        "sqlite": sqlite_version(),
        "scratch_filesystem": filesystem(&ctx.dir),
        "loadavg_start": before.loadavg,
        "loadavg_end": after.loadavg,
        "other_cpu_before_start": before.other_share,
        "other_cpu_whole_run": before.reading.other_share(&after.reading),
    })
}

/// The generated part of the document.
pub fn document(
    ctx: &Ctx,
    before: &Snapshot,
    after: &Snapshot,
    rows: &[Row],
    notes: &[String],
    commit: &Commit,
    scale: Option<usize>,
) -> String {
    let mut s = String::new();
    let kind = match (ctx.quick, scale) {
        (true, _) => "quick sizes (smoke test: no verdicts)".to_owned(),
        (false, Some(n)) => format!("the {}-message mailbox", crate::stats::thousands(n as u64)),
        (false, None) => "full sizes".to_owned(),
    };
    let build = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    let title = match scale {
        Some(_) => "## A million messages",
        None => "## Results",
    };
    let _ = writeln!(
        s,
        "{title}\n\nRun of {} – {} (UTC) of commit {}{}, {kind}, {build} build. Each figure is \
         the median of {} runs per contender with the smallest and largest in brackets, \
         contenders alternating (A, B, C, A, B, C, …); a sample taken while other work used \
         more than {:.0} % of the CPU (before or during it) was refused and taken again.\n",
        before.at.format("%Y-%m-%d %H:%M"),
        after.at.format("%Y-%m-%d %H:%M"),
        &commit.hash[..commit.hash.len().min(12)],
        if commit.dirty {
            " (with changes not committed)"
        } else {
            ""
        },
        ctx.runs,
        load::LIMIT * 100.0,
    );
    s.push_str(&report::table(rows));
    let _ = writeln!(
        s,
        "\n### Machine\n\n\
         - CPU: {} ({} cores as seen by the process)\n\
         - RAM: {}\n\
         - OS: {}, kernel {}\n\
         - Rust: {}\n\
         - Dovecot {}; {}; {}; SQLite {} (bundled)\n\
         - Scratch folder {}: {}\n\
         - Load average (1/5/15 min) at the start: {}; at the end: {}\n\
         - Other work (CPU time of the machine not spent by this benchmark and the processes \
           it started: Dovecot, mbsync, Xvfb, the app): {:.0} % of all cores in the second \
           before the start, {:.0} % over the whole run (waits for a quiet machine included).",
        cpu_model(),
        load::cores(),
        ram(),
        os(),
        first_line("uname", &["-r"]),
        first_line("rustc", &["--version"]),
        first_line("/usr/sbin/dovecot", &["--version"]),
        first_line("mbsync", &["--version"]),
        openssl::version::version(),
        sqlite_version(),
        ctx.dir.display(),
        filesystem(&ctx.dir),
        before.loadavg,
        after.loadavg,
        before.other_share * 100.0,
        before.reading.other_share(&after.reading) * 100.0,
    );
    if !notes.is_empty() {
        s.push_str("\n### How each figure was measured\n\n");
        for n in notes {
            let _ = writeln!(s, "- {n}");
        }
    }
    s
}
