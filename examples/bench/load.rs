//! How busy the machine is with work that is not the benchmark's: the CPU time of the whole
//! machine (`/proc/stat`) minus the CPU time of this process and every process it started
//! (Dovecot and its children, mbsync, Xvfb, the app), as a share of all cores. A sample taken
//! while other work used more than [`LIMIT`] of the CPU is refused and taken again later.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use anyhow::Result;

/// The machine stayed too busy with other work to take a sample: the figure is not measured
/// (never a figure taken on a busy machine).
#[derive(Debug)]
pub struct Busy(pub String);

impl std::fmt::Display for Busy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Busy {}

/// Share of all cores other work may use before or during a sample.
pub const LIMIT: f64 = 0.25;

/// How long the machine is watched before a sample ("load before").
pub const BEFORE_WINDOW: Duration = Duration::from_secs(1);

/// CPU counters at one moment.
#[derive(Debug, Clone, Copy)]
pub struct Reading {
    at: Instant,
    /// CPU seconds the whole machine spent busy (all cores).
    machine: f64,
    /// CPU seconds of this process and its descendants.
    ours: f64,
}

fn ticks_per_second() -> f64 {
    // SAFETY: sysconf has no preconditions.
    let t = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    if t > 0 { t as f64 } else { 100.0 }
}

/// Cores the machine has (the share is of all of them).
pub fn cores() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
}

/// Busy CPU seconds of the machine: everything but idle and I/O wait (steal included: a
/// virtual machine whose host runs others is as busy for us).
fn machine_busy(hz: f64) -> f64 {
    let text = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    let Some(line) = text.lines().find(|l| l.starts_with("cpu ")) else {
        return 0.0;
    };
    let v: Vec<u64> = line
        .split_whitespace()
        .skip(1)
        .filter_map(|x| x.parse().ok())
        .collect();
    // user nice system idle iowait irq softirq steal (guest time is inside user)
    let busy: u64 = v
        .iter()
        .take(8)
        .enumerate()
        .filter(|(i, _)| *i != 3 && *i != 4)
        .map(|(_, x)| x)
        .sum();
    busy as f64 / hz
}

/// (pid, parent, CPU seconds of the process and its reaped children) of every process.
fn processes(hz: f64) -> Vec<(i32, i32, f64)> {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for e in dir.flatten() {
        let Some(pid) = e.file_name().to_str().and_then(|s| s.parse::<i32>().ok()) else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(e.path().join("stat")) else {
            continue;
        };
        // The command name is in parentheses and may hold spaces: fields start after it.
        let Some(rest) = stat.rfind(')').map(|i| &stat[i + 1..]) else {
            continue;
        };
        let f: Vec<&str> = rest.split_whitespace().collect();
        // f[0] state, f[1] ppid, f[11..15] utime stime cutime cstime
        let num = |i: usize| f.get(i).and_then(|x| x.parse::<f64>().ok()).unwrap_or(0.0);
        let ppid = f.get(1).and_then(|x| x.parse().ok()).unwrap_or(0);
        out.push((pid, ppid, (num(11) + num(12) + num(13) + num(14)) / hz));
    }
    out
}

/// CPU seconds (user and system) that `getrusage(who)` reports: this process, its reaped
/// children or this thread; 0 when the call fails.
pub fn rusage_seconds(who: libc::c_int) -> f64 {
    // SAFETY: getrusage writes into the zeroed struct we pass; no other precondition.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    if unsafe { libc::getrusage(who, &mut u) } != 0 {
        return 0.0;
    }
    let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    tv(u.ru_utime) + tv(u.ru_stime)
}

/// CPU seconds of this process (and the children it reaped) plus every live descendant (and
/// the children they reaped). A process reaped between two readings moves from the second
/// term to the first with all its time, so nothing is counted twice or lost.
fn ours(hz: f64) -> f64 {
    let mut total = rusage_seconds(libc::RUSAGE_SELF) + rusage_seconds(libc::RUSAGE_CHILDREN);
    let me = std::process::id() as i32;
    let procs = processes(hz);
    let mut children: HashMap<i32, Vec<(i32, f64)>> = HashMap::new();
    for (pid, ppid, cpu) in procs {
        children.entry(ppid).or_default().push((pid, cpu));
    }
    let mut stack = vec![me];
    while let Some(p) = stack.pop() {
        for &(c, cpu) in children.get(&p).map(Vec::as_slice).unwrap_or(&[]) {
            total += cpu;
            stack.push(c);
        }
    }
    total
}

impl Reading {
    /// Now.
    pub fn now() -> Reading {
        let hz = ticks_per_second();
        Reading {
            at: Instant::now(),
            machine: machine_busy(hz),
            ours: ours(hz),
        }
    }

    /// CPU seconds this process and its descendants spent between `self` and `later`.
    pub fn own_cpu(&self, later: &Reading) -> f64 {
        (later.ours - self.ours).max(0.0)
    }

    /// Share of all cores that other work used between `self` and `later` (0..=1).
    pub fn other_share(&self, later: &Reading) -> f64 {
        let wall = later.at.duration_since(self.at).as_secs_f64();
        if wall <= 0.0 {
            return 0.0;
        }
        let other = (later.machine - self.machine) - (later.ours - self.ours);
        (other / (wall * cores() as f64)).clamp(0.0, 1.0)
    }
}

/// Whether samples are refused on a busy machine, and how long to wait for a quiet one.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    /// Refuse samples taken while other work used more than [`LIMIT`] (off for quick runs,
    /// which judge nothing).
    pub refuse: bool,
    /// Longest wait for a quiet machine before one sample; then the workload fails.
    pub max_wait: Duration,
}

/// Watches the machine for [`BEFORE_WINDOW`] and returns the share other work used; when
/// refusing, waits (watching again) until it is at most [`LIMIT`], for up to `max_wait`.
pub fn wait_quiet(policy: &Policy, log: &dyn Fn(&str)) -> Result<f64> {
    let started = Instant::now();
    let mut told = false;
    loop {
        let a = Reading::now();
        // Not refusing (quick runs): a short look is enough to record the load.
        std::thread::sleep(if policy.refuse {
            BEFORE_WINDOW
        } else {
            BEFORE_WINDOW / 5
        });
        let share = a.other_share(&Reading::now());
        if !policy.refuse || share <= LIMIT {
            return Ok(share);
        }
        if started.elapsed() >= policy.max_wait {
            return Err(Busy(format!(
                "the machine never became quiet enough: other work used {:.0} % of the CPU \
                 (at most {:.0} % allowed) for {} s",
                share * 100.0,
                LIMIT * 100.0,
                policy.max_wait.as_secs()
            ))
            .into());
        }
        if !told {
            log(&format!(
                "waiting for a quiet machine: other work uses {:.0} % of the CPU",
                share * 100.0
            ));
            told = true;
        }
    }
}
