//! The machine the benchmark ran on, how busy it was meanwhile, and the document written to
//! `docs/benchmarks.md`.

use std::fmt::Write as _;
use std::process::Command;

use chrono::{DateTime, Utc};

use crate::Ctx;
use crate::report::{self, Row};

/// CPU counters and load at one moment.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// When.
    pub at: DateTime<Utc>,
    /// 1, 5, 15-minute load averages as the kernel prints them.
    pub loadavg: String,
    /// Busy and total jiffies of all CPUs (`/proc/stat`).
    pub cpu: (u64, u64),
    /// CPU seconds of this process and its waited-for children.
    pub own_cpu: f64,
}

fn proc_stat() -> (u64, u64) {
    let text = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    let Some(line) = text.lines().find(|l| l.starts_with("cpu ")) else {
        return (0, 0);
    };
    let v: Vec<u64> = line
        .split_whitespace()
        .skip(1)
        .filter_map(|x| x.parse().ok())
        .collect();
    // user nice system idle iowait irq softirq steal ...
    let total: u64 = v.iter().take(8).sum();
    let idle = v.get(3).copied().unwrap_or(0) + v.get(4).copied().unwrap_or(0);
    (total.saturating_sub(idle), total)
}

fn own_cpu() -> f64 {
    let mut total = 0.0;
    for who in [libc::RUSAGE_SELF, libc::RUSAGE_CHILDREN] {
        // SAFETY: getrusage writes into the zeroed struct we pass; no other precondition.
        let mut u: libc::rusage = unsafe { std::mem::zeroed() };
        if unsafe { libc::getrusage(who, &mut u) } == 0 {
            let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
            total += tv(u.ru_utime) + tv(u.ru_stime);
        }
    }
    total
}

impl Snapshot {
    /// Now.
    pub fn now() -> Snapshot {
        Snapshot {
            at: Utc::now(),
            loadavg: std::fs::read_to_string("/proc/loadavg")
                .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
                .unwrap_or_else(|_| "unknown".into()),
            cpu: proc_stat(),
            own_cpu: own_cpu(),
        }
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

/// The generated part of the document.
pub fn document(
    ctx: &Ctx,
    before: &Snapshot,
    after: &Snapshot,
    rows: &[Row],
    notes: &[String],
) -> String {
    let mut s = String::new();
    let kind = if ctx.quick {
        "quick sizes (smoke test: no verdicts)"
    } else {
        "full sizes"
    };
    let build = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    let _ = writeln!(
        s,
        "## Results\n\nRun of {} – {} (UTC), {kind}, {build} build, median of {} runs per \
         contender, contenders alternating (A, B, C, A, B, C, …).\n",
        before.at.format("%Y-%m-%d %H:%M"),
        after.at.format("%Y-%m-%d %H:%M"),
        ctx.runs
    );
    s.push_str(&report::table(rows));
    let (busy, total) = (
        after.cpu.0.saturating_sub(before.cpu.0) as f64,
        after.cpu.1.saturating_sub(before.cpu.1) as f64,
    );
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let wall = (after.at - before.at).num_milliseconds() as f64 / 1000.0;
    let machine_busy = if total > 0.0 { busy / total } else { 0.0 };
    let ours = (after.own_cpu - before.own_cpu) / (wall * cores as f64).max(1e-9);
    let _ = writeln!(
        s,
        "\n## Machine\n\n\
         - CPU: {} ({cores} cores as seen by the process)\n\
         - RAM: {}\n\
         - OS: {}, kernel {}\n\
         - Rust: {}\n\
         - Dovecot {}; {}; {}; SQLite {} (bundled)\n\
         - Load average (1/5/15 min) at the start: {}; at the end: {}\n\
         - CPU time in use during the run: {:.0} % of all cores, of which this benchmark \
           and the processes it waited for (Dovecot, mbsync, the app) {:.0} %; the rest was \
           other work on the machine (it is shared).",
        cpu_model(),
        ram(),
        os(),
        first_line("uname", &["-r"]),
        first_line("rustc", &["--version"]),
        first_line("/usr/sbin/dovecot", &["--version"]),
        first_line("mbsync", &["--version"]),
        openssl::version::version(),
        sqlite_version(),
        before.loadavg,
        after.loadavg,
        machine_busy * 100.0,
        (ours * 100.0).min(machine_busy * 100.0),
    );
    if !notes.is_empty() {
        s.push_str("\n## How each figure was measured\n\n");
        for n in notes {
            let _ = writeln!(s, "- {n}");
        }
    }
    s
}
