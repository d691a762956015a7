//! Sigillo's benchmark: the seven workloads of issue 10, each measured side by side with what
//! it is compared with (the limit of the work, `mbsync`, a raw transfer, a raw FTS5 query),
//! alternating the contenders, median of several runs. Prints one table and writes it, with
//! the machine it ran on, to `docs/benchmarks.md` (between the marks; the rest of the file is
//! kept).
//!
//! Run it with `scripts/bench` (release build, full sizes) or `scripts/bench --quick` (small
//! sizes, debug build, a smoke test for CI: it checks that every workload runs and gives
//! numbers, and judges no target).
//!
//! ```text
//! bench [--quick] [--only 1,2,...] [--runs N] [--out FILE] [--dir DIR] [--sigillo BIN] [--seed N]
//! ```

mod data;
mod imap;
mod import;
mod limit;
mod machine;
mod pop3;
mod report;
mod server;
mod startup;
mod stats;
mod store;

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result, bail};

use report::{Outcome, Row, Verdict};

/// Sizes of the data sets.
#[derive(Debug, Clone, Copy)]
pub struct Sizes {
    /// Messages imported (workload 1).
    pub import: usize,
    /// Messages in the IMAP/POP3 mailbox (workloads 2–4).
    pub mailbox: usize,
    /// New messages for the incremental sync (workload 3).
    pub new: usize,
    /// Messages in the large store (workloads 5–7).
    pub store: usize,
    /// Search queries per run (workload 5).
    pub queries: usize,
}

const FULL: Sizes = Sizes {
    import: 10_000,
    mailbox: 10_000,
    new: 100,
    store: 100_000,
    queries: 200,
};

const QUICK: Sizes = Sizes {
    import: 200,
    mailbox: 200,
    new: 10,
    store: 1_000,
    queries: 40,
};

/// What every workload needs.
pub struct Ctx {
    /// Scratch folder (removed at the end unless --keep).
    pub dir: PathBuf,
    /// Runs per contender.
    pub runs: usize,
    /// Small sizes, no verdicts.
    pub quick: bool,
    /// Data set sizes.
    pub sizes: Sizes,
    /// The `sigillo` binary (workload 7).
    pub sigillo: PathBuf,
    /// Seed of the data sets.
    pub seed: u64,
    started: Instant,
}

impl Ctx {
    /// Logs a line on stderr with the time since the start.
    pub fn log(&self, line: &str) {
        eprintln!("[{:>7.1} s] {line}", self.started.elapsed().as_secs_f64());
    }

    /// A progress callback for [`stats::alternate`].
    pub fn progress<'a>(&'a self, workload: &'a str) -> impl FnMut(&str, usize, f64) + 'a {
        move |name, run, secs| {
            self.log(&format!(
                "{workload}: run {} {name}: {}",
                run + 1,
                stats::fmt_secs(secs)
            ))
        }
    }
}

struct Args {
    quick: bool,
    only: Vec<u8>,
    runs: Option<usize>,
    out: Option<PathBuf>,
    dir: Option<PathBuf>,
    sigillo: Option<PathBuf>,
    seed: u64,
    keep: bool,
}

fn parse_args() -> Result<Args> {
    let mut a = Args {
        quick: false,
        only: (1..=7).collect(),
        runs: None,
        out: None,
        dir: None,
        sigillo: None,
        seed: 20_251_124,
        keep: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().with_context(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--quick" => a.quick = true,
            "--keep" => a.keep = true,
            "--only" => {
                a.only = value("--only")?
                    .split(',')
                    .map(|s| s.trim().parse::<u8>())
                    .collect::<Result<_, _>>()
                    .context("--only takes workload numbers such as 1,2,5")?
            }
            "--runs" => a.runs = Some(value("--runs")?.parse()?),
            "--out" => a.out = Some(value("--out")?.into()),
            "--dir" => a.dir = Some(value("--dir")?.into()),
            "--sigillo" => a.sigillo = Some(value("--sigillo")?.into()),
            "--seed" => a.seed = value("--seed")?.parse()?,
            "-h" | "--help" => {
                println!(
                    "bench [--quick] [--only 1,2,...] [--runs N] [--out FILE] [--dir DIR] [--sigillo BIN] [--seed N] [--keep]"
                );
                std::process::exit(0);
            }
            other => bail!("unknown argument {other:?} (see --help)"),
        }
    }
    Ok(a)
}

fn main() {
    match run() {
        Ok(true) => {}
        Ok(false) => std::process::exit(1),
        Err(e) => {
            eprintln!("bench: {e:#}");
            std::process::exit(2);
        }
    }
}

/// Runs the chosen workloads; false when one of them failed.
fn run() -> Result<bool> {
    let args = parse_args()?;
    let started = Instant::now();
    let dir = args
        .dir
        .clone()
        .unwrap_or_else(|| std::env::temp_dir().join("sigillo-bench"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    let ctx = Ctx {
        dir: dir.clone(),
        runs: args.runs.unwrap_or(if args.quick { 3 } else { 5 }),
        quick: args.quick,
        sizes: if args.quick { QUICK } else { FULL },
        sigillo: args
            .sigillo
            .clone()
            .unwrap_or_else(|| PathBuf::from("target/release/sigillo")),
        seed: args.seed,
        started,
    };
    let before = machine::Snapshot::now();
    ctx.log(&format!(
        "{} sizes, {} runs per contender, scratch folder {}",
        if ctx.quick { "quick" } else { "full" },
        ctx.runs,
        dir.display()
    ));
    let generator = data::Generator::new(ctx.seed)?;
    let mut outcomes: Vec<(u8, Result<Outcome>)> = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    let wants = |w: u8| args.only.contains(&w);

    if wants(1) || wants(2) || wants(3) || wants(4) {
        ctx.log("generating the mailbox data set");
        let size = ctx.sizes.import.max(ctx.sizes.mailbox);
        let (msgs, next) = generator.generate(0, size, true)?;
        let (new, _) = generator.generate(next, ctx.sizes.new, true)?;
        let d = data::describe(&msgs);
        ctx.log(&format!(
            "{} messages, {}, median {} B, p99 {} B, largest {} B",
            d.count,
            stats::mib(d.bytes),
            d.median,
            d.p99,
            d.max
        ));
        notes.push(data_note(&d, ctx.seed));
        let root = generator.root();
        if wants(1) {
            outcomes.push((1, import::run(&ctx, &msgs[..ctx.sizes.import], &root)));
        }
        let mailbox = &msgs[..ctx.sizes.mailbox];
        if wants(2) || wants(3) {
            outcomes.push((2, imap::run(&ctx, mailbox, &new, &root, wants(3))));
        }
        if wants(4) {
            outcomes.push((4, pop3::run(&ctx, mailbox, &root)));
        }
    }
    if wants(5) || wants(6) || wants(7) {
        ctx.log(&format!(
            "building the large store ({} messages)",
            ctx.sizes.store
        ));
        match store::build(&ctx, &generator, ctx.sizes.store) {
            Ok(built) => {
                if wants(5) || wants(6) {
                    outcomes.push((5, store::run(&ctx, &built)));
                }
                if wants(7) {
                    outcomes.push((7, startup::run(&ctx, &built.profile, ctx.sizes.store)));
                }
            }
            Err(e) => outcomes.push((5, Err(e))),
        }
    }

    let after = machine::Snapshot::now();
    let mut rows: Vec<Row> = Vec::new();
    let mut ok = true;
    for (id, r) in outcomes {
        match r {
            Ok(o) => {
                rows.extend(o.rows);
                notes.extend(o.notes);
            }
            Err(e) => {
                ok = false;
                ctx.log(&format!("workload {id} FAILED: {e:#}"));
                rows.push(Row {
                    id,
                    workload: format!("workload {id}"),
                    sigillo: String::new(),
                    compared: String::new(),
                    result: format!("failed: {e:#}"),
                    target: String::new(),
                    verdict: Verdict::Failed,
                });
            }
        }
    }
    println!();
    println!("{}", report::plain_table(&rows));
    let doc = machine::document(&ctx, &before, &after, &rows, &notes);
    let out = match (&args.out, ctx.quick) {
        (Some(o), _) => Some(o.clone()),
        (None, false) => Some(PathBuf::from("docs/benchmarks.md")),
        (None, true) => None,
    };
    if let Some(out) = out {
        let existing = std::fs::read_to_string(&out).ok();
        if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)?;
        }
        let text = report::splice(existing.as_deref(), &doc);
        std::fs::write(&out, text).with_context(|| format!("writing {}", out.display()))?;
        ctx.log(&format!("written to {}", out.display()));
    }
    if !args.keep {
        let _ = std::fs::remove_dir_all(&dir);
    }
    Ok(ok)
}

fn data_note(d: &data::Description, seed: u64) -> String {
    let kinds: Vec<String> = d
        .kinds
        .iter()
        .map(|(k, n)| format!("{k} {}", stats::thousands(*n as u64)))
        .collect();
    format!(
        "The mailbox data set (workloads 1–4): {} signed PEC messages made by the test provider \
         (seed {seed}, two providers, a seeded test PKI), {} in all: median {} KiB, 99th \
         percentile {} KiB, largest {} KiB. Kinds: {}.",
        stats::thousands(d.count as u64),
        stats::mib(d.bytes),
        d.median / 1024,
        d.p99 / 1024,
        d.max / 1024,
        kinds.join(", ")
    )
}
