//! Sigillo's benchmark: each workload measured against what it is compared with (the least
//! work any correct program must do, `mbsync`, a raw transfer, a raw query doing the same
//! work), contenders alternating, median of at least seven runs with minimum and maximum, and
//! the machine's load before and during each sample (a sample taken while other work used
//! more than a quarter of the CPU is refused and taken again). Prints one table, writes it
//! with the machine it ran on into `docs/benchmarks.md` (between the marks; the rest of the
//! file is kept) and the same figures with every sample into `target/bench/*.json`.
//!
//! Run it with `scripts/bench` (release build, full sizes), `scripts/bench --scale 1000000`
//! (the million-message mailbox) or `scripts/bench --quick` (small sizes, debug build, a smoke
//! test for CI: it checks that every workload runs and gives numbers, and judges no target).
//!
//! ```text
//! bench [--quick] [--scale N] [--only 1,2,...] [--runs N] [--out FILE] [--json FILE]
//!       [--dir DIR] [--data DIR] [--sigillo BIN] [--seed N] [--max-wait SECS] [--keep]
//! ```

mod data;
mod imap;
mod import;
mod limit;
mod load;
mod machine;
mod pop3;
mod report;
mod scale;
mod server;
mod startup;
mod stats;
mod store;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use report::{Outcome, Row, Verdict};
use stats::{Contender, Samples};

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

/// Runs per contender a figure needs to be judged.
pub const MIN_RUNS: usize = 7;

/// What every workload needs.
pub struct Ctx {
    /// Scratch folder (removed at the end unless --keep).
    pub dir: PathBuf,
    /// Where generated data sets are kept between runs (the million-message mailbox takes a
    /// long time to make).
    pub data: PathBuf,
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
    /// Whether samples on a busy machine are refused.
    pub policy: load::Policy,
    started: Instant,
}

impl Ctx {
    /// Logs a line on stderr with the time since the start.
    pub fn log(&self, line: &str) {
        eprintln!("[{:>7.1} s] {line}", self.started.elapsed().as_secs_f64());
    }

    /// Runs contenders in turn ([`stats::alternate`]) with this run's settings, logging each
    /// sample.
    pub fn alternate(
        &self,
        workload: &str,
        contenders: &mut [Contender<'_>],
    ) -> Result<Vec<Samples>> {
        stats::alternate(
            self.runs,
            &self.policy,
            contenders,
            &mut |name, run, secs, during| {
                self.log(&format!(
                    "{workload}: run {} {name}: {} (other work {:.0} %)",
                    run + 1,
                    stats::fmt_secs(secs),
                    during * 100.0
                ))
            },
            &|line| self.log(&format!("{workload}: {line}")),
        )
    }

    /// Met or missed, unless the figures cannot be judged (quick sizes, too few runs).
    pub fn judge(&self, ok: bool) -> Verdict {
        if self.quick {
            Verdict::NotJudged("quick sizes")
        } else if !self.policy.refuse {
            Verdict::NotJudged("samples on a busy machine kept (--no-refuse)")
        } else if self.runs < MIN_RUNS {
            Verdict::NotJudged("fewer than 7 runs")
        } else if ok {
            Verdict::Met
        } else {
            Verdict::Missed
        }
    }

    /// [`Ctx::judge`], telling a target no program can meet on this machine from one
    /// Sigillo misses: `floor_ok` is whether `floor` meets the target, `shown` the floor as
    /// the verdict gives it. Only a measured floor puts a target out of reach.
    pub fn judge_with_floor(
        &self,
        ok: bool,
        floor: &limit::Floor,
        floor_ok: bool,
        shown: String,
    ) -> Verdict {
        match self.judge(ok) {
            Verdict::Missed if floor.measured && !floor_ok => Verdict::BelowFloor(shown),
            v => v,
        }
    }
}

struct Args {
    quick: bool,
    scale: Option<usize>,
    only: Option<Vec<u8>>,
    runs: Option<usize>,
    out: Option<PathBuf>,
    json: Option<PathBuf>,
    dir: Option<PathBuf>,
    data: Option<PathBuf>,
    sigillo: Option<PathBuf>,
    seed: u64,
    max_wait: u64,
    keep: bool,
    no_refuse: bool,
}

const USAGE: &str = "bench [--quick] [--scale N] [--only 1,2,...] [--runs N] [--out FILE] \
                     [--json FILE] [--dir DIR] [--data DIR] [--sigillo BIN] [--seed N] \
                     [--max-wait SECS] [--keep] [--no-refuse]";

fn parse_args() -> Result<Args> {
    let mut a = Args {
        quick: false,
        scale: None,
        only: None,
        runs: None,
        out: None,
        json: None,
        dir: None,
        data: None,
        sigillo: None,
        seed: 20_251_124,
        max_wait: 1800,
        keep: false,
        no_refuse: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().with_context(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--quick" => a.quick = true,
            "--keep" => a.keep = true,
            "--no-refuse" => a.no_refuse = true,
            "--scale" => a.scale = Some(value("--scale")?.replace('_', "").parse()?),
            "--only" => {
                a.only = Some(
                    value("--only")?
                        .split(',')
                        .map(|s| s.trim().parse::<u8>())
                        .collect::<Result<_, _>>()
                        .context("--only takes workload numbers such as 1,2,5")?,
                )
            }
            "--runs" => a.runs = Some(value("--runs")?.parse()?),
            "--out" => a.out = Some(value("--out")?.into()),
            "--json" => a.json = Some(value("--json")?.into()),
            "--dir" => a.dir = Some(value("--dir")?.into()),
            "--data" => a.data = Some(value("--data")?.into()),
            "--sigillo" => a.sigillo = Some(value("--sigillo")?.into()),
            "--seed" => a.seed = value("--seed")?.parse()?,
            "--max-wait" => a.max_wait = value("--max-wait")?.parse()?,
            "-h" | "--help" => {
                println!("{USAGE}");
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

/// The target folder (`CARGO_TARGET_DIR` or `target`).
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("target"))
}

/// Runs the chosen workloads; false when one of them failed or was not measured.
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
        data: args
            .data
            .clone()
            .unwrap_or_else(|| target_dir().join("bench-data")),
        runs: args.runs.unwrap_or(if args.quick { 3 } else { MIN_RUNS }),
        quick: args.quick,
        sizes: if args.quick { QUICK } else { FULL },
        sigillo: args
            .sigillo
            .clone()
            .unwrap_or_else(|| PathBuf::from("target/release/sigillo")),
        seed: args.seed,
        policy: load::Policy {
            refuse: !args.quick && !args.no_refuse,
            max_wait: Duration::from_secs(args.max_wait),
        },
        started,
    };
    let before = machine::Snapshot::now(&ctx);
    ctx.log(&format!(
        "{} sizes, {} runs per contender, scratch folder {} ({}), other work before the \
         start {:.0} % of the CPU",
        if ctx.quick { "quick" } else { "full" },
        ctx.runs,
        dir.display(),
        machine::filesystem(&dir),
        before.other_share * 100.0
    ));
    let generator = data::Generator::new(ctx.seed)?;
    let mut outcomes: Vec<(String, Result<Outcome>)> = Vec::new();
    let mut notes: Vec<String> = Vec::new();

    if let Some(n) = args.scale {
        let wants = |w: u8| args.only.as_ref().is_none_or(|o| o.contains(&w));
        outcomes.extend(scale::run(&ctx, &generator, n, &wants));
    } else {
        let wants = |w: u8| args.only.as_ref().is_none_or(|o| o.contains(&w));
        standard(&ctx, &generator, &wants, &mut outcomes, &mut notes)?;
    }

    let after = machine::Snapshot::now(&ctx);
    let mut rows: Vec<Row> = Vec::new();
    let mut ok = true;
    for (id, r) in outcomes {
        match r {
            Ok(o) => {
                ok &= o
                    .rows
                    .iter()
                    .all(|r| !matches!(r.verdict, Verdict::Failed | Verdict::NotMeasured(_)));
                rows.extend(o.rows);
                notes.extend(o.notes);
            }
            Err(e) => {
                ok = false;
                let verdict = match e.downcast_ref::<load::Busy>() {
                    Some(busy) => Verdict::NotMeasured(busy.0.clone()),
                    None => Verdict::Failed,
                };
                ctx.log(&format!("workload {id} not measured: {e:#}"));
                rows.push(Row {
                    id: id.clone(),
                    workload: format!("workload {id}"),
                    sigillo: String::new(),
                    compared: String::new(),
                    result: format!("{e:#}"),
                    target: String::new(),
                    verdict,
                    samples: Vec::new(),
                });
            }
        }
    }
    println!();
    println!("{}", report::plain_table(&rows));
    let commit = machine::Commit::read();
    let doc = machine::document(&ctx, &before, &after, &rows, &notes, &commit, args.scale);
    write_json(&args, &ctx, &before, &after, &rows, &notes, &commit)?;
    let marks = report::Marks::for_scale(args.scale);
    match (&args.out, ctx.quick) {
        (Some(out), _) => write_doc(out, &doc, &marks, &ctx)?,
        (None, true) => {}
        (None, false) => {
            // docs/benchmarks.md only holds figures measured by committed code, in full.
            let why_not = if cfg!(debug_assertions) {
                Some("a debug build".to_owned())
            } else if ctx.runs < MIN_RUNS {
                Some(format!("fewer than {MIN_RUNS} runs"))
            } else if !ctx.policy.refuse {
                Some("samples kept on a busy machine (--no-refuse)".to_owned())
            } else if commit.dirty {
                Some("code that is not committed (git status shows changes)".to_owned())
            } else if args.only.is_some() {
                Some("only some workloads (--only)".to_owned())
            } else {
                None
            };
            match why_not {
                Some(why) => ctx.log(&format!(
                    "docs/benchmarks.md left as it is: these figures come from {why}"
                )),
                None => write_doc(&PathBuf::from("docs/benchmarks.md"), &doc, &marks, &ctx)?,
            }
        }
    }
    if !args.keep {
        let _ = std::fs::remove_dir_all(&dir);
    }
    Ok(ok)
}

fn write_doc(out: &PathBuf, doc: &str, marks: &report::Marks, ctx: &Ctx) -> Result<()> {
    let existing = std::fs::read_to_string(out).ok();
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    let text = report::splice(existing.as_deref(), doc, marks);
    std::fs::write(out, text).with_context(|| format!("writing {}", out.display()))?;
    ctx.log(&format!("written to {}", out.display()));
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn write_json(
    args: &Args,
    ctx: &Ctx,
    before: &machine::Snapshot,
    after: &machine::Snapshot,
    rows: &[Row],
    notes: &[String],
    commit: &machine::Commit,
) -> Result<()> {
    let path = args.json.clone().unwrap_or_else(|| {
        let name = match (ctx.quick, args.scale) {
            (true, _) => "results-quick.json".to_owned(),
            (false, Some(n)) => format!("results-scale-{n}.json"),
            (false, None) => "results.json".to_owned(),
        };
        target_dir().join("bench").join(name)
    });
    let value = serde_json::json!({
        "commit": commit.hash,
        "dirty": commit.dirty,
        "build": if cfg!(debug_assertions) { "debug" } else { "release" },
        "quick": ctx.quick,
        "scale": args.scale,
        "runs": ctx.runs,
        "started": before.at.to_rfc3339(),
        "finished": after.at.to_rfc3339(),
        "machine": machine::json(ctx, before, after),
        "rows": rows.iter().map(Row::json).collect::<Vec<_>>(),
        "notes": notes,
    });
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(&path, serde_json::to_string_pretty(&value)? + "\n")
        .with_context(|| format!("writing {}", path.display()))?;
    ctx.log(&format!("figures written to {}", path.display()));
    Ok(())
}

/// Workloads 1–7 (issue 10, with issue 19's comparisons).
fn standard(
    ctx: &Ctx,
    generator: &data::Generator,
    wants: &dyn Fn(u8) -> bool,
    outcomes: &mut Vec<(String, Result<Outcome>)>,
    notes: &mut Vec<String>,
) -> Result<()> {
    if wants(1) || wants(2) || wants(3) || wants(4) {
        ctx.log("generating the mailbox data set");
        let size = ctx.sizes.import.max(ctx.sizes.mailbox);
        let (msgs, next) = generator.generate(0, size, true)?;
        let (new, after) = generator.generate(next, ctx.sizes.new, true)?;
        // Synced before the incremental runs (workload 3), so that each starts from the store
        // an incremental sync leaves, not from the first sync's.
        let (earlier, _) = generator.generate(after, ctx.sizes.new, true)?;
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
            outcomes.push((
                "1".into(),
                import::run(ctx, &msgs[..ctx.sizes.import], &root),
            ));
        }
        let mailbox = &msgs[..ctx.sizes.mailbox];
        if wants(2) || wants(3) {
            outcomes.push((
                "2".into(),
                imap::run(ctx, mailbox, &earlier, &new, &root, wants(3)),
            ));
        }
        if wants(4) {
            outcomes.push(("4".into(), pop3::run(ctx, mailbox, &root)));
        }
    }
    if wants(5) || wants(6) || wants(7) {
        ctx.log(&format!(
            "building the large store ({} messages)",
            ctx.sizes.store
        ));
        match store::build(ctx, generator, ctx.sizes.store) {
            Ok(built) => {
                notes.push(built.note.clone());
                if wants(5) {
                    outcomes.push((
                        "5".into(),
                        store::search(ctx, &built.profile, "5", 0.050, true),
                    ));
                }
                if wants(6) {
                    outcomes.push((
                        "6".into(),
                        store::first_page(ctx, &built.profile, "6", 0.020),
                    ));
                }
                if wants(7) {
                    outcomes.push((
                        "7".into(),
                        startup::run(
                            ctx,
                            &built.profile,
                            ctx.sizes.store,
                            ("7", "7"),
                            (1.0, 250.0, 0.0),
                            false,
                        ),
                    ));
                }
            }
            Err(e) => outcomes.push(("5".into(), Err(e))),
        }
    }
    Ok(())
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
