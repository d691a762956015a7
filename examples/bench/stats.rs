//! Timing side by side: the contenders of a workload run in turn (A, B, C, A, B, C, ...), so
//! that a change in the machine's load hits them alike; each keeps its samples and the
//! median is what the table shows.

use std::time::{Duration, Instant};

use anyhow::Result;

/// The samples of one contender.
#[derive(Debug, Clone)]
pub struct Samples {
    /// Seconds, one per run, in run order.
    pub secs: Vec<f64>,
}

impl Samples {
    /// The median.
    pub fn median(&self) -> f64 {
        median(&self.secs)
    }

    /// The samples as text: `1.23 1.25 1.31 s`.
    pub fn list(&self) -> String {
        let v: Vec<String> = self.secs.iter().map(|s| fmt_secs_bare(*s)).collect();
        format!("{} s", v.join(" "))
    }
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
    /// The timed work; its own timing when it returns `Some` (e.g. measured to a line on
    /// stdout), else the whole call is timed.
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
}

/// Runs the contenders in turn, `runs` times each, and returns their samples in order.
/// `progress` is told about each sample.
pub fn alternate(
    runs: usize,
    contenders: &mut [Contender<'_>],
    progress: &mut dyn FnMut(&str, usize, f64),
) -> Result<Vec<Samples>> {
    let mut out: Vec<Samples> = contenders
        .iter()
        .map(|_| Samples { secs: Vec::new() })
        .collect();
    for i in 0..runs {
        for (c, s) in contenders.iter_mut().zip(out.iter_mut()) {
            (c.prepare)(i)?;
            // Every contender starts with nothing waiting to be written back: otherwise the
            // first fsync of a run pays for the files its set-up (or the contender before it)
            // wrote, e.g. 100 ms for a 200 MB store copied back before an incremental sync.
            // SAFETY: sync(2) takes no arguments and cannot fail.
            unsafe { libc::sync() };
            let t = Instant::now();
            let own = (c.run)(i)?;
            let took = own.unwrap_or_else(|| t.elapsed()).as_secs_f64();
            s.secs.push(took);
            progress(&c.name, i, took);
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
