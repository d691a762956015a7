//! A million messages (`--scale N`): ten years of a public office's PEC box, made once and kept
//! as mbox files under the data folder (see [`crate::data::Mix::Office`]), imported as
//! `sigillo import` does it, then what a person waits for on that store: the first page of a
//! folder, a search with every match ranked, the timeline of the newest sent messages, the
//! window's cold start to its list drawn and its memory while the whole list is scrolled.
//!
//! M1 import rate, M2 store size against the raw bytes, M3 folder first page, M4 search, M5
//! timeline, M6 cold start, M7 memory while scrolling.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Result, bail};
use sigillo::import::{ImportOptions, import};
use sigillo::store::{Store, TimelineQuery};

use crate::data::{Generator, Mix};
use crate::import::trust_list;
use crate::report::{Outcome, Row, Verdict};
use crate::stats::{Contender, fmt_ms, median, mib, percentile, thousands};
use crate::{Ctx, startup, store};

/// The store of the data set, kept in the data folder beside it: the import runs (M1) make it
/// again; a run of only the later workloads uses the one there, and says which commit made it
/// (`made-by` beside it).
fn store_dir(ctx: &Ctx, n: usize) -> PathBuf {
    ctx.data.join(format!("office-{n}-seed{}-store", ctx.seed))
}

/// Records which code made the store.
fn mark_store(dir: &Path) -> Result<()> {
    let c = crate::machine::Commit::read();
    std::fs::write(
        dir.join("made-by"),
        format!(
            "{}{}\n",
            c.hash,
            if c.dirty {
                " (with changes not committed)"
            } else {
                ""
            }
        ),
    )?;
    Ok(())
}

fn db_bytes(profile: &Path) -> u64 {
    let db = profile.join(sigillo::store::DATABASE_FILE);
    ["", "-wal"]
        .iter()
        .filter_map(|suffix| {
            let mut p = db.clone().into_os_string();
            p.push(suffix);
            std::fs::metadata(PathBuf::from(p)).ok().map(|m| m.len())
        })
        .sum()
}

/// Runs the workloads of the `n`-message mailbox that `wants` names (1–7 for M1–M7).
pub fn run(
    ctx: &Ctx,
    base: &Generator,
    n: usize,
    wants: &dyn Fn(u8) -> bool,
) -> Vec<(String, Result<Outcome>)> {
    let _ = base;
    let mut out = Vec::new();
    let data = match Generator::new(ctx.seed).and_then(|g| {
        let g = g.with_mix(Mix::Office);
        let dir = ctx.data.join(format!("office-{n}-seed{}", ctx.seed));
        let t = Instant::now();
        let c = g.cached_mboxes(&dir, n, &|l| ctx.log(l))?;
        ctx.log(&format!(
            "data set ready in {:.0} s: {} messages ({} in INBOX), {}, in {}",
            t.elapsed().as_secs_f64(),
            c.messages,
            c.inbox_messages,
            mib(c.bytes),
            dir.display()
        ));
        Ok((g, c))
    }) {
        Ok(d) => d,
        Err(e) => {
            out.push(("M".into(), Err(e)));
            return out;
        }
    };
    let (generator, set) = data;
    let root = generator.root();
    let profile = store_dir(ctx, n).join("profile");
    let mut notes = vec![format!(
        "The data set: {} messages of a public office's PEC box made by the test provider \
         (seed {}, generator {}), {} in INBOX and {} in Sent, {} in all, median {} KiB; \
         kinds: {}. Made once and kept as two mbox files; not counted in any figure.",
        thousands(set.messages as u64),
        ctx.seed,
        crate::data::GENERATOR_VERSION,
        thousands(set.inbox_messages as u64),
        thousands((set.messages - set.inbox_messages) as u64),
        mib(set.bytes),
        set.median / 1024,
        set.kinds
            .iter()
            .map(|(k, c)| format!("{k} {}", thousands(*c as u64)))
            .collect::<Vec<_>>()
            .join(", ")
    )];

    if !(1..=7).any(wants) {
        // `--only 0`: the data set alone (made once, for a later run).
        out.push((
            "M".into(),
            Ok(Outcome {
                rows: Vec::new(),
                notes,
            }),
        ));
        return out;
    }
    if wants(1) || wants(2) || !profile.join(sigillo::store::DATABASE_FILE).exists() {
        match import_runs(ctx, &set, &root, &profile) {
            Ok(o) => out.push(("M1".into(), Ok(o))),
            Err(e) => {
                out.push(("M1".into(), Err(e)));
                return out;
            }
        }
    } else {
        let made_by = profile
            .parent()
            .and_then(|d| std::fs::read_to_string(d.join("made-by")).ok())
            .unwrap_or_else(|| "unknown code".into());
        let made_by = made_by.trim();
        ctx.log(&format!(
            "using the store made earlier by {made_by}: {}",
            profile.display()
        ));
        notes.push(format!(
            "M1/M2 not run: the store measured was made by an earlier import (commit {made_by})."
        ));
    }
    if let Some((_, Ok(o))) = out.first_mut() {
        o.notes.splice(0..0, notes.drain(..));
    } else {
        out.push((
            "M".into(),
            Ok(Outcome {
                rows: Vec::new(),
                notes: std::mem::take(&mut notes),
            }),
        ));
    }
    if wants(3) {
        out.push(("M3".into(), store::first_page(ctx, &profile, "M3", 0.020)));
    }
    if wants(4) {
        out.push((
            "M4".into(),
            store::search(ctx, &profile, "M4", 0.100, false),
        ));
    }
    if wants(5) {
        out.push(("M5".into(), timeline(ctx, &profile)));
    }
    if wants(6) || wants(7) {
        out.push((
            "M6".into(),
            startup::run(
                ctx,
                &profile,
                n,
                ("M6", "M7"),
                (0.500, 300.0, 300.0),
                wants(7),
            ),
        ));
    }
    out
}

/// M1 and M2: `sigillo import` of the two mbox files into a new store, as many runs as
/// asked; the store of the last run stays for the other workloads.
fn import_runs(
    ctx: &Ctx,
    set: &crate::data::Cached,
    root: &openssl::x509::X509,
    profile: &Path,
) -> Result<Outcome> {
    let trust = trust_list(root);
    let opts = ImportOptions {
        verify_with: Some(std::sync::Arc::new(trust.clone())),
        ..ImportOptions::default()
    };
    let paths = vec![set.inbox.clone(), set.sent.clone()];
    let mut counts = (0usize, 0usize);
    let mut contenders = vec![Contender::new(
        "Sigillo import + verify",
        |_| {
            if let Some(dir) = profile.parent() {
                let _ = std::fs::remove_dir_all(dir);
            }
            Ok(())
        },
        |_| {
            let mut store = Store::open(profile)?;
            let s = import(&mut store, &paths, &opts, &mut |_| {})?;
            let late = store.verify_pending(&trust, chrono::Utc::now(), &mut |_, _| {})?;
            drop(store);
            counts = (s.imported, s.verified + late);
            Ok(())
        },
    )];
    let s = ctx.alternate("import", &mut contenders)?;
    drop(contenders);
    let n = set.messages;
    if counts != (n, n) {
        bail!(
            "the import stored {} and verified {} of {n} messages",
            counts.0,
            counts.1
        );
    }
    // Every inbox message is signed by its provider; what the user sent is plain mail.
    let outcomes = crate::import::signature_counts(profile)?;
    let sent = (n - set.inbox_messages) as i64;
    let expected: Vec<(String, i64)> = [
        ("unsigned".to_owned(), sent),
        ("valid".to_owned(), set.inbox_messages as i64),
    ]
    .into_iter()
    .filter(|(_, c)| *c > 0)
    .collect();
    if outcomes != expected {
        bail!("signature outcomes after the import: {outcomes:?}, expected {expected:?}");
    }
    if let Some(dir) = profile.parent() {
        mark_store(dir)?;
    }
    let size = db_bytes(profile);
    let rate = n as f64 / s[0].median();
    Ok(Outcome {
        rows: vec![
            Row {
                id: "M1".into(),
                workload: format!(
                    "import + classify + verify {} messages ({})",
                    thousands(n as u64),
                    mib(set.bytes)
                ),
                sigillo: format!("{} ({} msg/s)", s[0].text(), thousands(rate as u64)),
                compared: "–".into(),
                result: format!("{} msg/s", thousands(rate as u64)),
                target: "– (information)".into(),
                verdict: Verdict::NotJudged("no target"),
                samples: s.clone(),
            },
            Row {
                id: "M2".into(),
                workload: "store size against the raw bytes".into(),
                sigillo: format!("database {}", mib(size)),
                compared: format!("raw messages {}", mib(set.bytes)),
                result: format!("{:.2}× the raw bytes", size as f64 / set.bytes as f64),
                target: "– (information)".into(),
                verdict: Verdict::NotJudged("no target"),
                samples: Vec::new(),
            },
        ],
        notes: vec![format!(
            "M1. Import: what `sigillo import INBOX Sent` runs (`sigillo::import::import` of the \
             two mbox files into a new store, signatures checked as the messages are analysed, \
             then `Store::verify_pending`); every signature in INBOX came out `valid` (what was \
             sent is plain mail: `unsigned`). Samples: {}. M2: \
             the database file and its write-ahead log after the last run.",
            s[0].list()
        )],
    })
}

/// M5: the timeline screen's query, the newest 100 sent messages with every recipient's
/// state, 20 times per run; the sample is the p99 of a run.
fn timeline(ctx: &Ctx, profile: &Path) -> Result<Outcome> {
    let store = Store::open(profile)?;
    let q = TimelineQuery {
        limit: Some(100),
        ..TimelineQuery::default()
    };
    let first = store.timelines(&q)?;
    if first.len() != 100 {
        bail!("the timeline query gave {} timelines", first.len());
    }
    let mut p50 = Vec::new();
    let mut contenders = vec![Contender::own(
        "Store::timelines, newest 100 (p99 of 20)",
        |_| Ok(()),
        |_| {
            let mut times = Vec::new();
            for _ in 0..20 {
                let t = Instant::now();
                std::hint::black_box(store.timelines(&q)?);
                times.push(t.elapsed().as_secs_f64());
            }
            p50.push(percentile(&times, 0.5));
            Ok(Duration::from_secs_f64(percentile(&times, 0.99)))
        },
    )];
    let s = ctx.alternate("timeline", &mut contenders)?;
    drop(contenders);
    let p99 = s[0].median();
    Ok(Outcome {
        rows: vec![Row {
            id: "M5".into(),
            workload: "timeline of the newest 100 sent messages (every recipient's state)".into(),
            sigillo: format!("p50 {} / p99 {}", fmt_ms(median(&p50)), s[0].text()),
            compared: "–".into(),
            result: format!("p99 {}", fmt_ms(p99)),
            target: "< 50 ms".into(),
            verdict: ctx.judge(p99 < 0.050),
            samples: s.clone(),
        }],
        notes: vec![format!(
            "M5. Timeline: `Store::timelines` with a limit of 100 (what the timeline screen \
             asks), lateness judged now; 20 times per run. p99 per run: {}.",
            s[0].secs
                .iter()
                .map(|x| format!("{:.2}", x * 1e3))
                .collect::<Vec<_>>()
                .join(" ")
                + " ms"
        )],
    })
}
