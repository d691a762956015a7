//! Workload 1: import + classify + verify signed PEC messages from an mbox, exactly as
//! `sigillo import` does it (`sigillo::import::import`, then `Store::verify_pending` with the
//! built-in trust list plus the test root), against the least work any correct program must
//! do on the same file (see [`crate::limit`]).

use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use mail_parser::MessageParser;
use openssl::x509::X509;
use sigillo::import::{ImportOptions, import};
use sigillo::store::Store;
use sigillo::verify::TrustList;

use crate::data::Msg;
use crate::report::{Outcome, Row};
use crate::stats::{Contender, mib, thousands};
use crate::{Ctx, limit};

/// The trust list Sigillo uses: the built-in anchors plus the data set's root, as after
/// `sigillo trust add`.
pub fn trust_list(root: &X509) -> TrustList {
    let mut t = TrustList::builtin();
    t.add_extra(vec![root.clone()]);
    t
}

/// Worker threads Sigillo's import analyses on (the limit gets as many).
pub fn workers() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 8)
}

/// Signature outcomes in a store, e.g. `valid: 10000`.
pub fn signature_counts(profile: &Path) -> Result<Vec<(String, i64)>> {
    let conn = rusqlite::Connection::open_with_flags(
        profile.join(sigillo::store::DATABASE_FILE),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )?;
    let mut stmt = conn.prepare(
        "SELECT coalesce(sig_status, 'not verified'), count(*) FROM messages GROUP BY 1 ORDER BY 1",
    )?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Runs workload 1.
pub fn run(ctx: &Ctx, msgs: &[Msg], root: &X509) -> Result<Outcome> {
    let n = msgs.len();
    let dir = ctx.dir.join("import");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    let mbox = dir.join("INBOX");
    let bytes = limit::write_mbox_file(&mbox, msgs)?;
    let trust = trust_list(root);
    // What `sigillo import` does: signatures checked as the messages are analysed, then
    // whatever is still unchecked.
    let opts = ImportOptions {
        verify_with: Some(std::sync::Arc::new(trust.clone())),
        ..ImportOptions::default()
    };
    let workers = workers();
    let profile = dir.join("profile");

    let mut counts = (0usize, 0usize);
    let mut phases: (Vec<f64>, Vec<f64>) = (Vec::new(), Vec::new());
    let mut least = limit::OnSameMessages::reading(mbox.clone(), &dir);
    let mut contenders = vec![
        Contender::new(
            "Sigillo import + verify",
            |_| {
                let _ = std::fs::remove_dir_all(&profile);
                Ok(())
            },
            |_| {
                let t = Instant::now();
                let mut store = Store::open(&profile)?;
                let summary = import(&mut store, std::slice::from_ref(&mbox), &opts, &mut |_| {})?;
                phases.0.push(t.elapsed().as_secs_f64());
                let t = Instant::now();
                let leftovers = store.verify_pending(&trust, chrono::Utc::now(), &mut |_, _| {})?;
                drop(store);
                phases.1.push(t.elapsed().as_secs_f64());
                counts = (summary.imported, summary.verified + leftovers);
                Ok(())
            },
        ),
        least.contender(
            "limit: read, parse, hash, one key check, one path check per signer and day, write once",
            root,
        ),
    ];
    let samples = ctx.alternate("import", &mut contenders)?;
    drop(contenders);
    if counts != (n, n) {
        bail!(
            "Sigillo imported {} and verified {} of {n} messages",
            counts.0,
            counts.1
        );
    }
    let limit_done = least.check(n, bytes)?;
    let outcomes = signature_counts(&profile).context("reading the outcomes")?;
    let valid = outcomes
        .iter()
        .find(|(s, _)| s == "valid")
        .map_or(0, |(_, c)| *c);
    if valid as usize != n {
        bail!("Sigillo found {valid} of {n} signatures valid: {outcomes:?}");
    }
    let (app, lim) = (samples[0].median(), samples[1].median());
    let ratio = lim / app;
    let stages = Stages::measure(msgs, &trust, root, 3);
    let secs = |s: f64| format!("{s:.2} CPU-s");
    let (cpu, lim_cpu) = (samples[0].median_cpu(), samples[1].median_cpu());
    let budget_wall = lim / 0.6;
    let budget_cpu = budget_wall * workers as f64;
    let rate = |s: f64| format!("{} msg/s", thousands((n as f64 / s) as u64));
    Ok(Outcome {
        rows: vec![Row {
            id: "1".into(),
            workload: format!(
                "import + classify + verify {} signed PEC messages ({})",
                thousands(n as u64),
                mib(bytes)
            ),
            sigillo: format!("{} ({})", samples[0].text(), rate(app)),
            compared: format!(
                "limit (least work, {workers} threads): {} ({})",
                samples[1].text(),
                rate(lim)
            ),
            result: format!("{ratio:.2} of the limit's throughput"),
            target: "≥ 0.60".into(),
            verdict: ctx.judge(ratio >= 0.60),
            samples: samples.clone(),
        }],
        notes: vec![
            format!(
                "1. Sigillo: what `sigillo import` runs: `sigillo::import::import` of one mbox \
                 file into a new store, signatures checked as the messages are analysed \
                 (`ImportOptions::verify_with`), then `Store::verify_pending` for anything left \
                 unchecked; every one of the {} signatures came out `valid`. Samples: {}; of \
                 which the import (median) {}, the final check and closing the store {}.",
                thousands(n as u64),
                samples[0].list(),
                crate::stats::fmt_secs(crate::stats::median(&phases.0)),
                crate::stats::fmt_secs(crate::stats::median(&phases.1)),
            ),
            format!(
                "1. Limit: the least work any correct program must do with the same file, on \
                 {workers} threads taking the next message when done: read the mbox once and \
                 split it; parse each message with mail-parser; hash the signed part and \
                 compare with the signed digest; one public-key check of the signature per \
                 message (each distinct certificate decoded once); one certificate path \
                 validation per distinct signer certificate and signing day ({} in all); write \
                 each message's bytes once (one file per thread, fsynced at the end); all {} \
                 signatures held. Samples: {}.",
                limit_done.validations,
                thousands(n as u64),
                samples[1].list()
            ),
            format!(
                "1. Where Sigillo's CPU goes (one thread, each stage over the {} messages, \
                 median of 3 rounds): the limit's own work on each message (its reading, hash, \
                 key check and path check, no file read or written) {}; mail-parser reading \
                 each whole message {} (the limit reads each message so, once); the signed \
                 entity read again on its own, so that \
                 what is shown comes from exactly the verified bytes, {}; `pec::read`, both \
                 readings with the strict reading of the signed structure and the \
                 classification, {}; `verify::open_at`, all that and OpenSSL's check of the \
                 signature (certificate paths from the cache), {}. The whole import used {} \
                 (median of the samples, every thread), the limit {}. 0.6 of the limit's \
                 throughput is the import in {}: at most {} on {workers} cores, of which the \
                 analysis alone takes {}, leaving {} for reading the file, storing, indexing \
                 and copying the log; the import's CPU less that analysis is {} now.",
                thousands(n as u64),
                secs(stages.limit),
                secs(stages.whole),
                secs(stages.again),
                secs(stages.read),
                secs(stages.open),
                secs(cpu),
                secs(lim_cpu),
                crate::stats::fmt_secs(budget_wall),
                secs(budget_cpu),
                secs(stages.open),
                secs((budget_cpu - stages.open).max(0.0)),
                secs((cpu - stages.open).max(0.0)),
            ),
        ],
    })
}

/// Single-thread CPU seconds of the analysis's stages over the messages: what each reading
/// costs on its own, so that the distance to the limit can be read stage by stage.
struct Stages {
    limit: f64,
    whole: f64,
    again: f64,
    read: f64,
    open: f64,
}

impl Stages {
    /// Each stage over every message, `rounds` times in turn; the median of each.
    fn measure(msgs: &[Msg], trust: &TrustList, root: &X509, rounds: usize) -> Stages {
        let now = chrono::Utc::now();
        // The signed entity as the model reads it (outer header fields in front), made once.
        let contents: Vec<Vec<u8>> = msgs
            .iter()
            .filter_map(|m| sigillo::pec::read(&m.bytes).content)
            .collect();
        let mut times: [Vec<f64>; 5] = Default::default();
        for _ in 0..rounds {
            times[4].push(thread_cpu(|| limit::check_each(msgs, root)));
            times[0].push(thread_cpu(|| {
                msgs.iter()
                    .filter_map(|m| MessageParser::default().parse(&m.bytes[..]))
                    .count()
            }));
            times[1].push(thread_cpu(|| {
                contents
                    .iter()
                    .filter_map(|c| MessageParser::default().parse(&c[..]))
                    .count()
            }));
            times[2].push(thread_cpu(|| {
                msgs.iter()
                    .filter(|m| sigillo::pec::read(&m.bytes).content.is_some())
                    .count()
            }));
            times[3].push(thread_cpu(|| {
                msgs.iter()
                    .filter(|m| {
                        let opened = sigillo::verify::open_at(&m.bytes, trust, now);
                        opened.verification().status == sigillo::verify::Status::Valid
                    })
                    .count()
            }));
        }
        let m = |i: usize| crate::stats::median(&times[i]);
        Stages {
            limit: m(4),
            whole: m(0),
            again: m(1),
            read: m(2),
            open: m(3),
        }
    }
}

/// CPU seconds this thread spends in `work` (user and system).
fn thread_cpu<T>(work: impl FnOnce() -> T) -> f64 {
    let start = crate::load::rusage_seconds(libc::RUSAGE_THREAD);
    std::hint::black_box(work());
    crate::load::rusage_seconds(libc::RUSAGE_THREAD) - start
}
