//! Workloads 5 and 6 on a large store: search (what the window runs when the user searches:
//! relevance order, up to 500 results) against the raw FTS5 query on the same database, and
//! the first page of a folder (what the window runs when a folder is opened: the count, then
//! the first 100 rows). Also builds that store, through `sigillo::import` and the verifier.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use sigillo::import::{ImportOptions, import, mbox::write_mbox};
use sigillo::store::{ListQuery, SearchOrder, SearchQuery, Store, fts_query};

use crate::Ctx;
use crate::data::{Folder, Generator, Rng, WORDS};
use crate::import::trust_list;
use crate::report::{Outcome, Row, Verdict};
use crate::stats::{fmt_ms, fmt_secs, median, mib, percentile, thousands};

/// Rows the window asks for per page.
const PAGE: usize = 100;
/// Results the window asks for per search.
const SEARCH_LIMIT: usize = 500;
/// Messages generated and imported per slice (keeps the disk use small).
const SLICE: usize = 10_000;

/// The large store: where it is and what it holds.
pub struct Built {
    /// Profile folder.
    pub profile: PathBuf,
    /// Notes about it.
    pub note: String,
}

/// Builds a store of `n` messages (inbox and sent) in `dir/profile`.
pub fn build(ctx: &Ctx, generator: &Generator, n: usize) -> Result<Built> {
    let dir = ctx.dir.join("store");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    let profile = dir.join("profile");
    let mut store = Store::open(&profile)?;
    let trust = trust_list(&generator.root());
    let t = Instant::now();
    let mut chunk = 1_000_000; // far from the chunks of the other data sets
    let (mut done, mut bytes, mut inbox) = (0usize, 0u64, 0usize);
    let mut import_secs = 0.0;
    while done < n {
        let want = SLICE.min(n - done);
        let (msgs, next) = generator.generate(chunk, want, false)?;
        chunk = next;
        let mut paths = Vec::new();
        for folder in [Folder::Inbox, Folder::Sent] {
            let refs: Vec<&[u8]> = msgs
                .iter()
                .filter(|m| m.folder == folder)
                .map(|m| m.bytes.as_slice())
                .collect();
            if folder == Folder::Inbox {
                inbox += refs.len();
            }
            let path = dir.join(folder.name());
            let mut out = std::io::BufWriter::new(std::fs::File::create(&path)?);
            write_mbox(&mut out, &refs)?;
            drop(out);
            paths.push(path);
        }
        bytes += msgs.iter().map(|m| m.bytes.len() as u64).sum::<u64>();
        let ti = Instant::now();
        let s = import(&mut store, &paths, &ImportOptions::default(), &mut |_| {})?;
        store.verify_pending(&trust, chrono::Utc::now(), &mut |_, _| {})?;
        import_secs += ti.elapsed().as_secs_f64();
        if s.imported != msgs.len() {
            bail!("the store build imported {} of {}", s.imported, msgs.len());
        }
        for p in paths {
            std::fs::remove_file(p)?;
        }
        done += msgs.len();
        ctx.log(&format!(
            "store: {done} of {n} messages stored and verified"
        ));
    }
    let stats = store.stats()?;
    drop(store);
    if stats.messages != n {
        bail!("the store holds {} messages, {n} were made", stats.messages);
    }
    let db = std::fs::metadata(profile.join(sigillo::store::DATABASE_FILE))?.len();
    Ok(Built {
        note: format!(
            "The large store: {} messages ({} in INBOX, {} in Sent; {} of mail) made by the \
             test provider, imported from mbox files in slices of {} and verified in {} \
             (generation not counted; {} total), database {}.",
            thousands(n as u64),
            thousands(inbox as u64),
            thousands((n - inbox) as u64),
            mib(bytes),
            thousands(SLICE as u64),
            fmt_secs(import_secs),
            fmt_secs(t.elapsed().as_secs_f64()),
            mib(db),
        ),
        profile,
    })
}

fn queries(seed: u64, n: usize) -> Vec<String> {
    let mut rng = Rng::new(seed, 77);
    (0..n)
        .map(|i| match i % 4 {
            0 => rng.pick(WORDS).to_string(),
            1 => format!("{} {}", rng.pick(WORDS), rng.pick(WORDS)),
            2 => rng.pick(WORDS).chars().take(3).collect(),
            _ => ["ferri", "conti", "galli", "ricci", "santoro"][rng.below(5) as usize].to_owned(),
        })
        .collect()
}

struct Runs {
    p50: Vec<f64>,
    p99: Vec<f64>,
}

impl Runs {
    fn new() -> Runs {
        Runs {
            p50: Vec::new(),
            p99: Vec::new(),
        }
    }

    fn push(&mut self, times: &[f64]) {
        self.p50.push(percentile(times, 0.5));
        self.p99.push(percentile(times, 0.99));
    }

    fn text(&self) -> String {
        format!(
            "p50 {} / p99 {}",
            fmt_ms(median(&self.p50)),
            fmt_ms(median(&self.p99))
        )
    }

    fn list(&self) -> String {
        self.p99
            .iter()
            .map(|s| format!("{:.2}", s * 1e3))
            .collect::<Vec<_>>()
            .join(" ")
            + " ms"
    }
}

/// Runs workloads 5 and 6 on the built store.
pub fn run(ctx: &Ctx, built: &Built) -> Result<Outcome> {
    let store = Store::open(&built.profile)?;
    let raw = rusqlite::Connection::open_with_flags(
        built.profile.join(sigillo::store::DATABASE_FILE),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )?;
    let total = store.stats()?.messages;
    let qs = queries(ctx.seed, ctx.sizes.queries);
    let mut app = Runs::new();
    let mut fts = Runs::new();
    let (mut hits_app, mut hits_fts) = (0usize, 0usize);
    // Warm both once (first statements prepared, pages cached), not timed.
    for q in &qs {
        let _ = store.search(&search_query(q))?;
    }
    let mut stmt = raw.prepare(&format!(
        "SELECT rowid FROM search WHERE search MATCH ?1 ORDER BY rank LIMIT {SEARCH_LIMIT}"
    ))?;
    for i in 0..ctx.runs {
        let mut times = Vec::with_capacity(qs.len());
        for q in &qs {
            let t = Instant::now();
            let hits = store.search(&search_query(q))?;
            times.push(t.elapsed().as_secs_f64());
            hits_app += hits.len();
        }
        app.push(&times);
        let mut times = Vec::with_capacity(qs.len());
        for q in &qs {
            let m = fts_query(q).context("a query with words")?;
            let t = Instant::now();
            let ids: Vec<i64> = stmt
                .query_map([&m], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            times.push(t.elapsed().as_secs_f64());
            hits_fts += ids.len();
        }
        fts.push(&times);
        ctx.log(&format!(
            "search: run {}: Sigillo p99 {}, raw FTS5 p99 {}",
            i + 1,
            fmt_ms(app.p99[i]),
            fmt_ms(fts.p99[i])
        ));
    }
    drop(stmt);
    if hits_app == 0 || hits_fts == 0 {
        bail!("the searches found nothing ({hits_app} / {hits_fts} hits)");
    }

    // 6. First page: the count, then the first rows, of INBOX and of "all messages".
    let mut pages = Vec::new();
    for (label, folder) in [("INBOX", Some("INBOX")), ("all folders", None)] {
        let q = ListQuery {
            folder: folder.map(str::to_owned),
            limit: PAGE,
            ..ListQuery::default()
        };
        let count = store.count(&q)?;
        let rows = store.list(&q)?;
        if rows.len() != PAGE.min(count) || count == 0 {
            bail!("{label}: first page of {} rows, count {count}", rows.len());
        }
        let mut r = Runs::new();
        for _ in 0..ctx.runs {
            let mut times = Vec::new();
            for _ in 0..100 {
                let t = Instant::now();
                let c = store.count(&q)?;
                let rows = store.list(&q)?;
                times.push(t.elapsed().as_secs_f64());
                std::hint::black_box((c, rows));
            }
            r.push(&times);
        }
        pages.push((label, count, r));
    }
    let worst = pages
        .iter()
        .map(|(_, _, r)| median(&r.p99))
        .fold(0.0, f64::max);
    let search_p99 = median(&app.p99);
    let fts_p99 = median(&fts.p99);
    Ok(Outcome {
        rows: vec![
            Row {
                id: 5,
                workload: format!(
                    "search over {} messages ({} queries per run)",
                    thousands(total as u64),
                    qs.len()
                ),
                sigillo: app.text(),
                compared: format!("raw FTS5 query: {}", fts.text()),
                result: format!(
                    "p99 {} ({:.1}× the raw query's p99)",
                    fmt_ms(search_p99),
                    search_p99 / fts_p99
                ),
                target: "p99 < 50 ms".into(),
                verdict: Verdict::judge(ctx.quick, search_p99 < 0.050),
            },
            Row {
                id: 6,
                workload: format!(
                    "folder first page (count + {PAGE} rows), {} messages",
                    thousands(total as u64)
                ),
                sigillo: pages
                    .iter()
                    .map(|(l, _, r)| format!("{l}: {}", r.text()))
                    .collect::<Vec<_>>()
                    .join("; "),
                compared: "–".into(),
                result: format!("worst p99 {}", fmt_ms(worst)),
                target: "< 20 ms".into(),
                verdict: Verdict::judge(ctx.quick, worst < 0.020),
            },
        ],
        notes: vec![
            built.note.clone(),
            format!(
                "5. Search: {} queries per run (single words, two words, 3-letter prefixes, \
                 surnames), each as the window asks (`Store::search`, relevance order, up to \
                 {SEARCH_LIMIT} results with their rows); the raw query is `SELECT rowid FROM \
                 search WHERE search MATCH ?1 ORDER BY rank LIMIT {SEARCH_LIMIT}` with the \
                 same match expression, on a second connection to the same file. Both warmed \
                 once; runs alternate. p99 per run, Sigillo: {}; raw FTS5: {}.",
                qs.len(),
                app.list(),
                fts.list()
            ),
            format!(
                "6. First page: `Store::count` then `Store::list` of the first {PAGE} rows, \
                 100 times per run; {}.",
                pages
                    .iter()
                    .map(|(l, c, r)| format!(
                        "{l} ({} messages) p99 per run: {}",
                        thousands(*c as u64),
                        r.list()
                    ))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        ],
    })
}

fn search_query(text: &str) -> SearchQuery {
    SearchQuery {
        text: text.to_owned(),
        order: SearchOrder::Relevance,
        limit: SEARCH_LIMIT,
        ..SearchQuery::default()
    }
}
