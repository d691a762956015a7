//! Timing side by side: the contenders of a workload run in turn (A, B, C, A, B, C, ...), so
//! that a change in the machine's load hits them alike; each keeps its samples (the table
//! shows their median, minimum and maximum) and how busy the machine was with other work
//! before and during each of them. A sample taken while other work used more than a quarter of
//! the CPU is refused and taken again once the machine is quiet (see [`crate::load`]).

use std::time::{Duration, Instant};

use anyhow::Result;

use crate::load::{self, Reading};

/// Refused samples of one contender at most, in a row, before its workload fails.
const MAX_REFUSED_IN_A_ROW: usize = 20;

/// The samples of one contender.
#[derive(Debug, Clone, Default)]
pub struct Samples {
    /// The contender's name.
    pub name: String,
    /// Seconds, one per run, in run order.
    pub secs: Vec<f64>,
    /// Share of the CPU other work used in the second before each sample.
    pub before: Vec<f64>,
    /// Share of the CPU other work used during each sample.
    pub during: Vec<f64>,
    /// CPU seconds (all cores) the benchmark and every process it started (Dovecot, mbsync,
    /// the app) spent during each sample: the work a contender costs the machine.
    pub cpu: Vec<f64>,
    /// Samples refused (other work above the limit) and taken again.
    pub refused: usize,
}

impl Samples {
    /// The median.
    pub fn median(&self) -> f64 {
        median(&self.secs)
    }

    /// The smallest sample.
    pub fn min(&self) -> f64 {
        self.secs.iter().copied().fold(f64::INFINITY, f64::min)
    }

    /// The largest sample.
    pub fn max(&self) -> f64 {
        self.secs.iter().copied().fold(f64::NEG_INFINITY, f64::max)
    }

    /// `1.23 s (1.20–1.31)`: median, then minimum and maximum.
    pub fn text(&self) -> String {
        fmt_range(self.median(), self.min(), self.max())
    }

    /// The samples as text: `1.23 1.25 1.31 s`.
    pub fn list(&self) -> String {
        let v: Vec<String> = self.secs.iter().map(|s| fmt_secs_bare(*s)).collect();
        format!("{} s", v.join(" "))
    }

    /// Records one accepted sample.
    pub fn push(&mut self, secs: f64, before: f64, during: f64, cpu: f64) {
        self.secs.push(secs);
        self.before.push(before);
        self.during.push(during);
        self.cpu.push(cpu);
    }

    /// The median of the CPU seconds the samples cost.
    pub fn median_cpu(&self) -> f64 {
        median(&self.cpu)
    }

    /// The samples, their statistics and the machine's load, for `results.json`.
    pub fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "name": self.name,
            "unit": "s",
            "median": self.median(),
            "min": self.min(),
            "max": self.max(),
            "samples": self.secs,
            "other_cpu_before": self.before,
            "other_cpu_during": self.during,
            "cpu_seconds": self.cpu,
            "refused": self.refused,
        })
    }

    /// Highest share of the CPU other work used before or during an accepted sample.
    pub fn worst_load(&self) -> f64 {
        self.before
            .iter()
            .chain(self.during.iter())
            .copied()
            .fold(0.0, f64::max)
    }
}

/// `median (min–max)` with the unit of the median.
pub fn fmt_range(median: f64, min: f64, max: f64) -> String {
    if median >= 1.0 {
        format!("{median:.2} s ({min:.2}–{max:.2})")
    } else if median >= 0.001 {
        format!("{:.1} ms ({:.1}–{:.1})", median * 1e3, min * 1e3, max * 1e3)
    } else {
        format!("{:.0} µs ({:.0}–{:.0})", median * 1e6, min * 1e6, max * 1e6)
    }
}

/// One line on how busy the machine was during a set of samples.
pub fn load_text(samples: &[&Samples]) -> String {
    let worst = samples.iter().map(|s| s.worst_load()).fold(0.0, f64::max);
    let refused: usize = samples.iter().map(|s| s.refused).sum();
    format!(
        "other work ≤ {:.0} % of the CPU before and during every sample; {refused} refused",
        worst * 100.0
    )
}

/// The median of a list (the mean of the two middle values for an even count).
pub fn median(v: &[f64]) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    let n = s.len();
    if n % 2 == 1 {
        s[n / 2]
    } else {
        (s[n / 2 - 1] + s[n / 2]) / 2.0
    }
}

/// The `p` quantile (0..=1) of a list, nearest rank.
pub fn percentile(v: &[f64], p: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    let i = ((s.len() as f64 - 1.0) * p).round() as usize;
    s[i.min(s.len() - 1)]
}

/// One contender: a name, a preparation that is not timed, and the timed work.
pub struct Contender<'a> {
    /// Name in the table.
    pub name: String,
    /// Runs before each timed run (fresh folders and the like); not timed.
    pub prepare: Box<dyn FnMut(usize) -> Result<()> + 'a>,
    /// The timed work; its own figure when it returns `Some` (e.g. measured to a line on
    /// stdout, or a percentile of many queries), else the whole call is timed.
    pub run: Box<dyn FnMut(usize) -> Result<Option<Duration>> + 'a>,
}

impl<'a> Contender<'a> {
    /// A contender timed over the whole call.
    pub fn new(
        name: impl Into<String>,
        prepare: impl FnMut(usize) -> Result<()> + 'a,
        run: impl FnMut(usize) -> Result<()> + 'a,
    ) -> Self {
        let mut run = run;
        Contender {
            name: name.into(),
            prepare: Box::new(prepare),
            run: Box::new(move |i| run(i).map(|_| None)),
        }
    }

    /// A contender that gives its own figure.
    pub fn own(
        name: impl Into<String>,
        prepare: impl FnMut(usize) -> Result<()> + 'a,
        run: impl FnMut(usize) -> Result<Duration> + 'a,
    ) -> Self {
        let mut run = run;
        Contender {
            name: name.into(),
            prepare: Box::new(prepare),
            run: Box::new(move |i| run(i).map(Some)),
        }
    }
}

/// Runs the contenders in turn, `runs` times each, and returns their samples in order. Before
/// each sample the machine is watched for a second; a sample is refused, and taken again
/// (prepared again too), when other work used more than [`load::LIMIT`] of the CPU before or
/// during it (unless the policy says not to refuse). `progress` is told about each sample.
pub fn alternate(
    runs: usize,
    policy: &load::Policy,
    contenders: &mut [Contender<'_>],
    progress: &mut dyn FnMut(&str, usize, f64, f64),
    log: &dyn Fn(&str),
) -> Result<Vec<Samples>> {
    let mut out: Vec<Samples> = contenders
        .iter()
        .map(|c| Samples {
            name: c.name.clone(),
            ..Samples::default()
        })
        .collect();
    for i in 0..runs {
        for (c, s) in contenders.iter_mut().zip(out.iter_mut()) {
            let mut in_a_row = 0;
            loop {
                (c.prepare)(i)?;
                // Every contender starts with nothing waiting to be written back: otherwise
                // the first fsync of a run pays for the files its set-up (or the contender
                // before it) wrote, e.g. 100 ms for a 200 MB store copied back before an
                // incremental sync.
                // SAFETY: sync(2) takes no arguments and cannot fail.
                unsafe { libc::sync() };
                let before = load::wait_quiet(policy, log)?;
                let r0 = Reading::now();
                let t = Instant::now();
                let own = (c.run)(i)?;
                let took = own.unwrap_or_else(|| t.elapsed()).as_secs_f64();
                let r1 = Reading::now();
                let during = r0.other_share(&r1);
                if policy.refuse && during > load::LIMIT {
                    s.refused += 1;
                    in_a_row += 1;
                    log(&format!(
                        "{}: sample refused: other work used {:.0} % of the CPU during it",
                        c.name,
                        during * 100.0
                    ));
                    if in_a_row >= MAX_REFUSED_IN_A_ROW {
                        return Err(load::Busy(format!(
                            "{}: {in_a_row} samples in a row refused (other work on the machine)",
                            c.name
                        ))
                        .into());
                    }
                    continue;
                }
                s.push(took, before, during, r0.own_cpu(&r1));
                progress(&c.name, i, took, during);
                break;
            }
        }
    }
    Ok(out)
}

/// `1.234 s`, `56.7 ms`, `890 µs`.
pub fn fmt_secs(s: f64) -> String {
    if s >= 100.0 {
        format!("{s:.0} s")
    } else if s >= 1.0 {
        format!("{s:.2} s")
    } else if s >= 0.001 {
        format!("{:.1} ms", s * 1e3)
    } else {
        format!("{:.0} µs", s * 1e6)
    }
}

fn fmt_secs_bare(s: f64) -> String {
    if s >= 1.0 {
        format!("{s:.2}")
    } else {
        format!("{s:.3}")
    }
}

/// Milliseconds with two decimals.
pub fn fmt_ms(s: f64) -> String {
    format!("{:.2} ms", s * 1e3)
}

/// `12,345` (thousands separated by commas, as the table is in English).
pub fn thousands(n: u64) -> String {
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

/// Bytes as MiB with one decimal.
pub fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / 1_048_576.0)
}
