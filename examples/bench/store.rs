//! Workloads 5 and 6 on a large store: search (what the window runs when the user searches:
//! relevance order over every match, up to 500 results with their rows) against one plain SQL
//! statement that computes the same ranking over the same indexes (equal work: the same ids in
//! the same order, checked for every query), and the first page of a folder (what the window
//! runs when a folder is opened: the count, then the first 100 rows). Also builds that store,
//! through `sigillo::import` and the verifier.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Result, bail};
use sigillo::import::{ImportOptions, import, mbox::write_mbox};
use sigillo::store::{
    ListQuery, RELEVANCE_TIERS, SearchOrder, SearchQuery, Store, fts_query, fts_whole_words,
};

use crate::Ctx;
use crate::data::{Folder, Generator, Rng, WORDS};
use crate::import::trust_list;
use crate::report::{Outcome, Row};
use crate::stats::{Contender, Samples, fmt_ms, fmt_secs, median, mib, percentile, thousands};

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
    let outcomes = crate::import::signature_counts(&profile)?;
    let expected = vec![
        ("unsigned".to_owned(), (n - inbox) as i64),
        ("valid".to_owned(), inbox as i64),
    ];
    if outcomes != expected {
        bail!("the store's signature outcomes are {outcomes:?}, expected {expected:?}");
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

/// The search queries of a run: single words, two words, 3-letter prefixes, surnames.
pub fn queries(seed: u64, n: usize) -> Vec<String> {
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

fn search_query(text: &str) -> SearchQuery {
    SearchQuery {
        text: text.to_owned(),
        order: SearchOrder::Relevance,
        limit: SEARCH_LIMIT,
        ..SearchQuery::default()
    }
}

/// The ranking of `Store::search` as one plain SQL statement: every match of every tier
/// gathered, each message at its best tier, sorted. ?1 whole words, ?2 word starts.
fn raw_ranking_sql() -> String {
    let tiers: Vec<String> = RELEVANCE_TIERS
        .iter()
        .map(|(tier, table, whole)| {
            format!(
                "SELECT rowid, {tier} AS tier FROM {table} WHERE {table} MATCH ?{}",
                if *whole { 1 } else { 2 }
            )
        })
        .collect();
    format!(
        "SELECT rowid FROM ({}) GROUP BY rowid ORDER BY min(tier), rowid DESC LIMIT {SEARCH_LIMIT}",
        tiers.join(" UNION ALL ")
    )
}

fn raw_ranking(stmt: &mut rusqlite::Statement<'_>, text: &str) -> Result<Vec<i64>> {
    let (Some(whole), Some(prefix)) = (fts_whole_words(text), fts_query(text)) else {
        bail!("the query {text:?} has no words");
    };
    Ok(stmt
        .query_map([whole, prefix], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

fn p50_p99(times: &[f64]) -> (f64, f64) {
    (percentile(times, 0.5), percentile(times, 0.99))
}

/// Search: `Store::search` over the queries of a run (the sample is the p99 of a run), and,
/// unless `raw_timed` is false (the million-message store, where the plain statement takes
/// seconds per query), the plain statement of the same ranking as a second contender. Both
/// give the same ids for every query (checked before timing; with `raw_timed` false, on the
/// first 20 queries).
pub fn search(
    ctx: &Ctx,
    profile: &Path,
    id: &str,
    target_p99: f64,
    raw_timed: bool,
) -> Result<Outcome> {
    let store = Store::open(profile)?;
    let raw = rusqlite::Connection::open_with_flags(
        profile.join(sigillo::store::DATABASE_FILE),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )?;
    let total = store.stats()?.messages;
    let qs = queries(ctx.seed, ctx.sizes.queries);
    let mut stmt = raw.prepare(&raw_ranking_sql())?;
    // Equal work, same answer: checked once per query (not timed; warms both).
    let checked = if raw_timed {
        qs.len()
    } else {
        qs.len().min(20)
    };
    let mut hits = 0usize;
    for q in &qs[..checked] {
        let ours: Vec<i64> = store
            .search(&search_query(q))?
            .iter()
            .map(|h| h.row.id)
            .collect();
        let theirs = raw_ranking(&mut stmt, q)?;
        if ours != theirs {
            bail!(
                "search {q:?}: Sigillo and the plain statement disagree ({} / {} ids, first \
                 difference at {:?})",
                ours.len(),
                theirs.len(),
                ours.iter().zip(&theirs).position(|(a, b)| a != b)
            );
        }
        hits += ours.len();
    }
    if hits == 0 {
        bail!("the searches found nothing");
    }
    for q in &qs[checked..] {
        let _ = store.search(&search_query(q))?;
    }
    let mut p50 = (Vec::new(), Vec::new());
    let mut contenders = vec![Contender::own(
        "Sigillo search (p99 of a run)",
        |_| Ok(()),
        |_| {
            let mut times = Vec::with_capacity(qs.len());
            for q in &qs {
                let t = Instant::now();
                std::hint::black_box(store.search(&search_query(q))?);
                times.push(t.elapsed().as_secs_f64());
            }
            let (a, b) = p50_p99(&times);
            p50.0.push(a);
            Ok(Duration::from_secs_f64(b))
        },
    )];
    if raw_timed {
        contenders.push(Contender::own(
            "plain SQL statement, same ranking (p99 of a run)",
            |_| Ok(()),
            |_| {
                let mut times = Vec::with_capacity(qs.len());
                for q in &qs {
                    let t = Instant::now();
                    std::hint::black_box(raw_ranking(&mut stmt, q)?);
                    times.push(t.elapsed().as_secs_f64());
                }
                let (a, b) = p50_p99(&times);
                p50.1.push(a);
                Ok(Duration::from_secs_f64(b))
            },
        ));
    }
    let s = ctx.alternate("search", &mut contenders)?;
    drop(contenders);
    let app_p99 = s[0].median();
    let compared = match s.get(1) {
        Some(r) => format!(
            "plain SQL statement computing the same ranking: p50 {} / p99 {}",
            fmt_ms(median(&p50.1)),
            r.text()
        ),
        None => format!(
            "– (the plain statement computing the same ranking gave the same ids for the first \
             {checked} queries; not timed at this size)"
        ),
    };
    let result = match s.get(1) {
        Some(r) => format!(
            "p99 {} ({:.2}× the plain statement's p99)",
            fmt_ms(app_p99),
            app_p99 / r.median()
        ),
        None => format!("p99 {}", fmt_ms(app_p99)),
    };
    Ok(Outcome {
        rows: vec![Row {
            id: id.into(),
            workload: format!(
                "search over {} messages, every match ranked ({} queries per run, 500 results \
                 with their rows)",
                thousands(total as u64),
                qs.len()
            ),
            sigillo: format!("p50 {} / p99 {}", fmt_ms(median(&p50.0)), s[0].text()),
            compared,
            result,
            target: format!("p99 < {:.0} ms", target_p99 * 1e3),
            verdict: ctx.judge(app_p99 < target_p99),
            samples: s.clone(),
        }],
        notes: vec![format!(
            "{id}. Search: {} queries per run (single words, two words, 3-letter prefixes, \
             surnames), each as the window asks (`Store::search`, relevance order, up to \
             {SEARCH_LIMIT} results with their rows). Relevance ranks every match: every word \
             whole in the subject or correspondents, then whole anywhere, then the same two as \
             word starts; newest first within each (each tier walks its index newest first and \
             stops at the page). The plain statement gathers every match of the four tiers \
             (`UNION ALL`), keeps each message at its best tier and sorts: `{}`. {} p99 per \
             run, Sigillo: {}{}.",
            qs.len(),
            raw_ranking_sql(),
            if raw_timed {
                "Both gave the same ids in the same order for every query; runs alternate."
                    .to_owned()
            } else {
                format!("Both gave the same ids in the same order for the first {checked} queries.")
            },
            ms_list(&s[0]),
            s.get(1)
                .map(|r| format!("; plain statement: {}", ms_list(r)))
                .unwrap_or_default(),
        )],
    })
}

fn ms_list(s: &Samples) -> String {
    s.secs
        .iter()
        .map(|x| format!("{:.2}", x * 1e3))
        .collect::<Vec<_>>()
        .join(" ")
        + " ms"
}

/// The first page of a folder, as the window opens it: `Store::count`, then the first
/// [`PAGE`] rows; 100 times per run, the sample is the p99 of a run. INBOX and all folders.
pub fn first_page(ctx: &Ctx, profile: &Path, id: &str, target: f64) -> Result<Outcome> {
    let store = Store::open(profile)?;
    let total = store.stats()?.messages;
    let mut labels = Vec::new();
    let mut queries = Vec::new();
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
        labels.push((label, count));
        queries.push(q);
    }
    let mut p50: Vec<Vec<f64>> = vec![Vec::new(); queries.len()];
    let mut contenders: Vec<Contender<'_>> = Vec::new();
    for ((label, _), (q, p50)) in labels.iter().zip(queries.iter().zip(p50.iter_mut())) {
        let store = &store;
        contenders.push(Contender::own(
            format!("{label}: count + {PAGE} rows (p99 of 100)"),
            |_| Ok(()),
            move |_| {
                let mut times = Vec::with_capacity(100);
                for _ in 0..100 {
                    let t = Instant::now();
                    let c = store.count(q)?;
                    let rows = store.list(q)?;
                    times.push(t.elapsed().as_secs_f64());
                    std::hint::black_box((c, rows));
                }
                let (a, b) = p50_p99(&times);
                p50.push(a);
                Ok(Duration::from_secs_f64(b))
            },
        ));
    }
    let s = ctx.alternate("first page", &mut contenders)?;
    drop(contenders);
    let worst = s.iter().map(Samples::median).fold(0.0, f64::max);
    Ok(Outcome {
        rows: vec![Row {
            id: id.into(),
            workload: format!(
                "folder first page (count + {PAGE} rows), {} messages",
                thousands(total as u64)
            ),
            sigillo: labels
                .iter()
                .zip(s.iter().zip(&p50))
                .map(|((l, _), (x, p))| {
                    format!("{l}: p50 {} / p99 {}", fmt_ms(median(p)), x.text())
                })
                .collect::<Vec<_>>()
                .join("; "),
            compared: "–".into(),
            result: format!("worst p99 {}", fmt_ms(worst)),
            target: format!("< {:.0} ms", target * 1e3),
            verdict: ctx.judge(worst < target),
            samples: s.clone(),
        }],
        notes: vec![format!(
            "{id}. First page: `Store::count` then `Store::list` of the first {PAGE} rows, 100 \
             times per run; {}.",
            labels
                .iter()
                .zip(&s)
                .map(|((l, c), x)| format!(
                    "{l} ({} messages) p99 per run: {}",
                    thousands(*c as u64),
                    ms_list(x)
                ))
                .collect::<Vec<_>>()
                .join("; ")
        )],
    })
}
