//! Workload 7: the desktop app's cold start on the large store: a new `sigillo` process
//! (`--first-frame-and-quit --profile DIR`) under Xvfb with software rendering, timed from
//! the moment it is started to the moment it prints that its first frame was drawn, and its
//! peak resident memory (VmHWM, from `/usr/bin/time -v`).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::Ctx;
use crate::report::{Outcome, Row, Verdict};
use crate::stats::{fmt_secs, median, thousands};

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

struct Start {
    /// From spawn to the "first frame" line.
    wall: f64,
    /// What the app printed (ms since its own start).
    own_ms: u64,
    /// Peak RSS, KiB.
    peak_kib: u64,
}

fn start_once(bin: &Path, profile: &Path, display: &str) -> Result<Start> {
    let t = Instant::now();
    let mut child = Command::new("/usr/bin/time")
        .arg("-v")
        .arg(bin)
        .arg("--first-frame-and-quit")
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
    for line in BufReader::new(stdout).lines() {
        let line = line?;
        if let Some(rest) = line.strip_prefix("first frame after ") {
            wall = Some(t.elapsed().as_secs_f64());
            own_ms = rest.trim_end_matches(" ms").trim().parse().ok();
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
    match (wall, own_ms) {
        (Some(wall), Some(own_ms)) => Ok(Start {
            wall,
            own_ms,
            peak_kib,
        }),
        _ => bail!("sigillo never printed its first frame: {}", err.trim()),
    }
}

/// Runs workload 7.
pub fn run(ctx: &Ctx, profile: &Path, messages: usize) -> Result<Outcome> {
    if !ctx.sigillo.exists() {
        bail!("{} does not exist (build it first)", ctx.sigillo.display());
    }
    let x = Xvfb::start()?;
    // One start not counted: the binary itself into the page cache, like any later start.
    start_once(&ctx.sigillo, profile, &x.display)?;
    let mut starts = Vec::new();
    for i in 0..ctx.runs {
        let s = start_once(&ctx.sigillo, profile, &x.display)?;
        ctx.log(&format!(
            "start: run {}: first frame {} after spawn ({} ms by the app), peak RSS {} MiB",
            i + 1,
            fmt_secs(s.wall),
            s.own_ms,
            s.peak_kib / 1024
        ));
        starts.push(s);
    }
    drop(x);
    let wall = median(&starts.iter().map(|s| s.wall).collect::<Vec<_>>());
    let own = median(&starts.iter().map(|s| s.own_ms as f64).collect::<Vec<_>>());
    let rss = median(&starts.iter().map(|s| s.peak_kib as f64).collect::<Vec<_>>()) / 1024.0;
    let rss_max = starts.iter().map(|s| s.peak_kib).max().unwrap_or(0) as f64 / 1024.0;
    Ok(Outcome {
        rows: vec![Row {
            id: 7,
            workload: format!(
                "app cold start to first frame, {} messages (Xvfb, software rendering)",
                thousands(messages as u64)
            ),
            sigillo: format!("{} after spawn; peak RSS {rss:.0} MiB", fmt_secs(wall)),
            compared: "–".into(),
            result: format!(
                "{} to first frame; peak RSS {rss:.0} MiB (max {rss_max:.0})",
                fmt_secs(wall)
            ),
            target: "< 1 s; RSS < 250 MB".into(),
            verdict: Verdict::judge(ctx.quick, wall < 1.0 && rss_max * 1.048_576 < 250.0),
        }],
        notes: vec![format!(
            "7. Cold start: `{} --first-frame-and-quit --profile DIR` on the large store under \
             Xvfb (1280×800, tiny-skia software renderer, no window manager), as a new process \
             each time (one start before the runs is not counted, so the binary comes from \
             the page cache like any later start; the database pages too). Timed from spawn \
             to its \"first frame\" line; the app itself counts {own:.0} ms (median) from its \
             own start. Peak RSS is VmHWM as `/usr/bin/time -v` reports it. Samples: {}.",
            ctx.sigillo.display(),
            starts
                .iter()
                .map(|s| format!("{:.0} ms / {} MiB", s.wall * 1e3, s.peak_kib / 1024))
                .collect::<Vec<_>>()
                .join(", ")
        )],
    })
}
