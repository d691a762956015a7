//! Workload 7: the desktop app's cold start on the large store: a new `sigillo` process
//! (`--rows-drawn-and-quit --profile DIR`) under Xvfb with software rendering, timed from the
//! moment it is started to the moment it prints that a frame showing message rows was drawn
//! (the list, not an empty window), and its peak resident memory (VmHWM, from
//! `/usr/bin/time -v`). With `scroll`, also the app scrolling its whole list from top to
//! bottom a page at a time (`--scroll-all-and-quit`), every page loaded and drawn, and its
//! peak resident memory meanwhile.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::Ctx;
use crate::report::{Outcome, Row};
use crate::stats::{Contender, Samples, thousands};

/// A private X display, stopped on drop.
struct Xvfb {
    child: Child,
    display: String,
}

impl Xvfb {
    fn start() -> Result<Xvfb> {
        for n in 140..200 {
            if Path::new(&format!("/tmp/.X11-unix/X{n}")).exists()
                || Path::new(&format!("/tmp/.X{n}-lock")).exists()
            {
                continue;
            }
            let display = format!(":{n}");
            let child = Command::new("Xvfb")
                .arg(&display)
                // -noreset: by default Xvfb resets when its last client leaves, and a start
                // that connects during the reset fails to open the display.
                .args([
                    "-screen",
                    "0",
                    "1280x800x24",
                    "-nolisten",
                    "tcp",
                    "-noreset",
                ])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .context("starting Xvfb (Debian package xvfb)")?;
            let mut x = Xvfb { child, display };
            for _ in 0..100 {
                if Path::new(&format!("/tmp/.X11-unix/X{n}")).exists() {
                    return Ok(x);
                }
                if let Ok(Some(status)) = x.child.try_wait() {
                    bail!("Xvfb exited at once ({status})");
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            bail!("Xvfb did not open its socket");
        }
        bail!("no free X display number")
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What the app does before quitting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Quit once a frame with message rows was drawn.
    RowsDrawn,
    /// Then scroll the whole list, a page at a time, and quit at its end.
    ScrollAll,
}

struct Start {
    /// From spawn to the "rows drawn" line.
    wall: f64,
    /// What the app printed (ms since its own start).
    own_ms: u64,
    /// Peak RSS, KiB.
    peak_kib: u64,
    /// Rows scrolled through and the milliseconds it took (scroll mode).
    scrolled: Option<(u64, u64)>,
}

fn start_once(bin: &Path, profile: &Path, display: &str, mode: Mode) -> Result<Start> {
    let t = Instant::now();
    let flag = match mode {
        Mode::RowsDrawn => "--rows-drawn-and-quit",
        Mode::ScrollAll => "--scroll-all-and-quit",
    };
    let mut child = Command::new("/usr/bin/time")
        .arg("-v")
        .arg(bin)
        .arg(flag)
        .arg("--profile")
        .arg(profile)
        .env("DISPLAY", display)
        .env("SIGILLO_LANG", "it")
        .env_remove("WAYLAND_DISPLAY")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("starting {} under /usr/bin/time", bin.display()))?;
    let stdout = child.stdout.take().context("stdout")?;
    let stderr = child.stderr.take().context("stderr")?;
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut BufReader::new(stderr), &mut s);
        s
    });
    let mut wall = None;
    let mut own_ms = None;
    let mut scrolled = None;
    for line in BufReader::new(stdout).lines() {
        let line = line?;
        if let Some(rest) = line.strip_prefix("rows drawn after ") {
            wall = Some(t.elapsed().as_secs_f64());
            own_ms = rest.trim_end_matches(" ms").trim().parse().ok();
        }
        // "scrolled 1000000 rows in 123456 ms"
        if let Some(rest) = line.strip_prefix("scrolled ") {
            let v: Vec<u64> = rest
                .split_whitespace()
                .filter_map(|w| w.parse().ok())
                .collect();
            if let [rows, ms] = v[..] {
                scrolled = Some((rows, ms));
            }
        }
    }
    let status = child.wait()?;
    let err = err_reader.join().unwrap_or_default();
    if !status.success() {
        bail!("sigillo exited with {status}: {}", err.trim());
    }
    let peak_kib = err
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("Maximum resident set size (kbytes):")
                .and_then(|v| v.trim().parse().ok())
        })
        .context("no peak RSS in /usr/bin/time's output")?;
    if mode == Mode::ScrollAll && scrolled.is_none() {
        bail!("sigillo never said it scrolled its list: {}", err.trim());
    }
    match (wall, own_ms) {
        (Some(wall), Some(own_ms)) => Ok(Start {
            wall,
            own_ms,
            peak_kib,
            scrolled,
        }),
        _ => bail!("sigillo never drew message rows: {}", err.trim()),
    }
}

/// Peak RSS samples in MiB, kept beside the time samples of the same runs.
fn rss_samples(name: &str, runs: &Samples, kib: &[u64]) -> Samples {
    Samples {
        name: format!("{name}: peak RSS (MiB)"),
        secs: kib.iter().map(|k| *k as f64 / 1024.0).collect(),
        before: runs.before.clone(),
        during: runs.during.clone(),
        cpu: runs.cpu.clone(),
        refused: runs.refused,
    }
}

fn mib_range(s: &Samples) -> String {
    format!("{:.0} MiB ({:.0}–{:.0})", s.median(), s.min(), s.max())
}

/// Runs workload 7 (`id`): cold start to rows drawn with its peak memory, judged against
/// `target_secs` and `target_mb`; with `scroll`, also the scroll through the whole list, its
/// memory judged against `scroll_mb`.
pub fn run(
    ctx: &Ctx,
    profile: &Path,
    messages: usize,
    ids: (&str, &str),
    targets: (f64, f64, f64),
    scroll: bool,
) -> Result<Outcome> {
    let (target_secs, target_mb, scroll_mb) = targets;
    if !ctx.sigillo.exists() {
        bail!("{} does not exist (build it first)", ctx.sigillo.display());
    }
    let x = Xvfb::start()?;
    // One start not counted: the binary itself into the page cache, like any later start.
    start_once(&ctx.sigillo, profile, &x.display, Mode::RowsDrawn)?;
    let mut starts: Vec<Start> = Vec::new();
    let mut contenders = vec![Contender::own(
        "app: spawn to message rows drawn",
        |_| Ok(()),
        |_| {
            let s = start_once(&ctx.sigillo, profile, &x.display, Mode::RowsDrawn)?;
            let wall = Duration::from_secs_f64(s.wall);
            starts.push(s);
            Ok(wall)
        },
    )];
    let s = ctx.alternate("start", &mut contenders)?;
    drop(contenders);
    // Only the accepted samples' memory (a refused run is run again).
    let kept: Vec<&Start> = s[0]
        .secs
        .iter()
        .filter_map(|w| starts.iter().find(|st| (st.wall - *w).abs() < 1e-6))
        .collect();
    let kib: Vec<u64> = kept.iter().map(|st| st.peak_kib).collect();
    let own: Vec<f64> = kept.iter().map(|st| st.own_ms as f64).collect();
    let rss = rss_samples("app start", &s[0], &kib);
    let wall = s[0].median();
    let mut out = Outcome::default();
    out.rows.push(Row {
        id: ids.0.into(),
        workload: format!(
            "app cold start to message rows drawn, {} messages (Xvfb, software rendering)",
            thousands(messages as u64)
        ),
        sigillo: format!("{}; peak RSS {}", s[0].text(), mib_range(&rss)),
        compared: "–".into(),
        result: format!(
            "{:.0} ms to rows drawn; peak RSS {:.0} MiB (max {:.0})",
            wall * 1e3,
            rss.median(),
            rss.max()
        ),
        target: format!("< {:.0} ms; RSS < {target_mb:.0} MB", target_secs * 1e3),
        verdict: ctx.judge(wall < target_secs && rss.max() * 1.048_576 < target_mb),
        samples: vec![s[0].clone(), rss.clone()],
    });
    out.notes.push(format!(
        "{}. Cold start: `{} --rows-drawn-and-quit --profile DIR` on the store under Xvfb \
         (1280×800, tiny-skia software renderer, no window manager), a new process each time \
         (one start before the runs is not counted, so the binary comes from the page cache \
         like any later start; the database pages too). Timed from spawn to its \"rows drawn\" \
         line, which the app prints once a frame was drawn from a view whose list rows in \
         sight were all loaded (not a frame with an empty list); the app itself counts {:.0} ms \
         (median) from its own start. Peak RSS is VmHWM as `/usr/bin/time -v` reports it. \
         Samples: {}.",
        ids.0,
        ctx.sigillo.display(),
        crate::stats::median(&own),
        kept.iter()
            .map(|st| format!("{:.0} ms / {} MiB", st.wall * 1e3, st.peak_kib / 1024))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    if scroll {
        let mut scrolls: Vec<Start> = Vec::new();
        let mut contenders = vec![Contender::own(
            "app: scroll the whole list",
            |_| Ok(()),
            |_| {
                let st = start_once(&ctx.sigillo, profile, &x.display, Mode::ScrollAll)?;
                let (_, ms) = st.scrolled.unwrap_or_default();
                scrolls.push(st);
                Ok(Duration::from_millis(ms))
            },
        )];
        let sc = ctx.alternate("scroll", &mut contenders)?;
        drop(contenders);
        let kept: Vec<&Start> = sc[0]
            .secs
            .iter()
            .filter_map(|w| {
                scrolls.iter().find(|st| {
                    st.scrolled
                        .is_some_and(|(_, ms)| (ms as f64 / 1e3 - *w).abs() < 1e-6)
                })
            })
            .collect();
        let kib: Vec<u64> = kept.iter().map(|st| st.peak_kib).collect();
        let rows = kept
            .first()
            .and_then(|st| st.scrolled)
            .map_or(0, |(r, _)| r);
        if (rows as usize) < messages.saturating_sub(100) {
            bail!("the app scrolled through {rows} rows of {messages}");
        }
        let rss = rss_samples("app scrolling", &sc[0], &kib);
        out.rows.push(Row {
            id: ids.1.into(),
            workload: format!(
                "app memory while scrolling the whole list of {} messages, page by page",
                thousands(messages as u64)
            ),
            sigillo: format!("peak RSS {}; scroll took {}", mib_range(&rss), sc[0].text()),
            compared: "–".into(),
            result: format!("peak RSS {:.0} MiB (max {:.0})", rss.median(), rss.max()),
            target: format!("RSS < {scroll_mb:.0} MB"),
            verdict: ctx.judge(rss.max() * 1.048_576 < scroll_mb),
            samples: vec![sc[0].clone(), rss],
        });
        out.notes.push(format!(
            "{}. Scrolling: `{} --scroll-all-and-quit --profile DIR`: after the rows are drawn \
             the app moves its list down one page (100 rows) at a time, each step once the \
             rows in sight are loaded and drawn, to the end ({} rows); peak RSS (VmHWM) of the \
             whole process life. Samples (scroll time / peak): {}.",
            ids.1,
            ctx.sigillo.display(),
            thousands(rows),
            kept.iter()
                .map(|st| format!(
                    "{:.1} s / {} MiB",
                    st.scrolled.map_or(0, |(_, ms)| ms) as f64 / 1e3,
                    st.peak_kib / 1024
                ))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    drop(x);
    Ok(out)
}
