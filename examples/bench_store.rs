//! Store benchmark: builds a synthetic archive of N messages (default 100,000: scripted
//! exchanges of a sent message, its acceptance and delivery receipts, and incoming certified
//! envelopes), imports it through `sigillo::import` and measures the import rate, the first page
//! of folders, search (relevance and date order) and timelines, as p50/p99 over many runs.
//!
//! `scripts/bench-store [N] [DIR]` runs it in release mode. Not a test: no pass/fail.

#[path = "../tests/support/exchange.rs"]
#[allow(dead_code)]
mod exchange;
#[path = "../tests/support/handmade.rs"]
#[allow(dead_code)]
mod handmade;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use exchange::{Exchange, NoticeSpec};
use sigillo::import::{ImportOptions, import, mbox::write_mbox};
use sigillo::store::{ListQuery, SearchOrder, SearchQuery, Store, TimelineQuery};

const WORDS: &[&str] = &[
    "contratto",
    "fornitura",
    "fattura",
    "ricorso",
    "sentenza",
    "notifica",
    "pignoramento",
    "tribunale",
    "udienza",
    "preventivo",
    "ordine",
    "pagamento",
    "sollecito",
    "diffida",
    "verbale",
    "assemblea",
    "bilancio",
    "dichiarazione",
    "rimborso",
    "iva",
    "comune",
    "regione",
    "agenzia",
    "entrate",
    "inps",
    "inail",
    "appalto",
    "gara",
    "offerta",
    "determina",
    "delibera",
    "protocollo",
    "istanza",
    "autorizzazione",
    "concessione",
    "permesso",
    "cantiere",
    "collaudo",
    "perizia",
    "mandato",
    "procura",
    "atto",
    "decreto",
    "ingiuntivo",
    "precetto",
    "esecuzione",
    "mediazione",
    "conciliazione",
    "avviso",
    "accertamento",
    "cartella",
    "rateizzazione",
    "condominio",
    "locazione",
    "sfratto",
    "eredità",
    "successione",
    "donazione",
    "compravendita",
    "rogito",
    "mutuo",
    "ipoteca",
    "catasto",
    "visura",
    "certificato",
    "anagrafe",
    "residenza",
];

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn word(&mut self) -> &'static str {
        WORDS[(self.next() % WORDS.len() as u64) as usize]
    }
    fn words(&mut self, n: usize) -> String {
        (0..n).map(|_| self.word()).collect::<Vec<_>>().join(" ")
    }
}

fn percentile(mut v: Vec<Duration>, p: f64) -> Duration {
    v.sort();
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i]
}

fn measure(name: &str, runs: usize, mut f: impl FnMut(usize) -> usize) {
    let mut times = Vec::with_capacity(runs);
    let mut results = 0;
    for i in 0..runs {
        let t = Instant::now();
        results += f(i);
        times.push(t.elapsed());
    }
    println!(
        "{name:<44} p50 {:>8.2} ms   p99 {:>8.2} ms   max {:>8.2} ms   ({} runs, {:.1} results/run)",
        percentile(times.clone(), 0.5).as_secs_f64() * 1e3,
        percentile(times.clone(), 0.99).as_secs_f64() * 1e3,
        percentile(times, 1.0).as_secs_f64() * 1e3,
        runs,
        results as f64 / runs as f64
    );
}

fn build_archive(dir: &Path, n: usize) -> Vec<PathBuf> {
    let mut rng = Rng(0x5151_1105);
    let mut sent = Vec::new();
    let mut inbox = Vec::new();
    let exchanges = n / 4;
    for i in 0..exchanges {
        let a = format!("dest{}@pec.{}.it", i % 997, rng.word());
        let mut x = Exchange::new(i as u32 + 1, &[(&a, true), ("ufficio@example.com", false)]);
        x.subject = format!("{} {} n. {i}", rng.words(3), rng.word());
        sent.push(x.sent());
        let h = (8 + i % 10) as u32;
        inbox.push(x.notice(&NoticeSpec::new("accettazione", (h, 1))));
        if i % 7 == 0 {
            inbox.push(
                x.notice(
                    &NoticeSpec::new("errore-consegna", (h, 2))
                        .to(&a)
                        .error("no-dest", "5.1.1 - indirizzo non valido"),
                ),
            );
        } else {
            inbox.push(x.notice(&NoticeSpec::new("avvenuta-consegna", (h, 2)).to(&a)));
        }
        let oggetto = format!("{} {}", rng.words(4), i);
        let mut env = handmade::Pec {
            x_trasporto: Some("posta-certificata"),
            x_ricevuta: None,
            extra_headers: vec![],
            subject: format!("POSTA CERTIFICATA: {oggetto}"),
            daticert: Some(handmade::daticert(
                "posta-certificata",
                "nessuno",
                &oggetto,
                "<ricevuta tipo=\"completa\" />",
            )),
            postacert: Some(handmade::postacert(false).replace(
                "In allegato il contratto.",
                &format!("Si trasmette {}.", rng.words(40)),
            )),
            postacert_name: "postacert.eml",
        }
        .build();
        env.extend_from_slice(format!("\r\n{i}\r\n").as_bytes());
        inbox.push(env);
    }
    let mut paths = Vec::new();
    for (name, msgs) in [("Sent", &sent), ("INBOX", &inbox)] {
        let refs: Vec<&[u8]> = msgs.iter().map(|m| m.as_slice()).collect();
        let mut out = Vec::new();
        write_mbox(&mut out, &refs).unwrap();
        let p = dir.join(name);
        std::fs::write(&p, out).unwrap();
        paths.push(p);
    }
    paths
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let base = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("sigillo-bench-store"));
    let profile = base.join("profile");
    let reuse = std::env::var("SIGILLO_BENCH_REUSE").as_deref() == Ok("1")
        && profile.join(sigillo::store::DATABASE_FILE).exists();
    if !reuse {
        build_and_import(&base, &profile, n);
    }
    let store = Store::open(&profile).unwrap();
    println!("store: {} messages", store.stats().unwrap().messages);
    queries(&store);
}

fn build_and_import(base: &Path, profile: &Path, n: usize) {
    let _ = std::fs::remove_dir_all(base);
    std::fs::create_dir_all(base).unwrap();
    let t = Instant::now();
    let paths = build_archive(base, n);
    let archive_bytes: u64 = paths
        .iter()
        .map(|p| std::fs::metadata(p).unwrap().len())
        .sum();
    println!(
        "archive: {n} messages, {:.1} MiB, built in {:.1} s",
        archive_bytes as f64 / 1048576.0,
        t.elapsed().as_secs_f64()
    );

    let mut store = Store::open(profile).unwrap();
    let t = Instant::now();
    let summary = import(&mut store, &paths, &ImportOptions::default(), &mut |_| {}).unwrap();
    let secs = t.elapsed().as_secs_f64();
    println!(
        "import: {} messages in {secs:.1} s = {:.0} messages/s ({:.1} MiB/s); {} timelines",
        summary.imported,
        summary.imported as f64 / secs,
        archive_bytes as f64 / 1048576.0 / secs,
        store.stats().unwrap().timelines
    );
    let db = std::fs::metadata(store.path()).unwrap().len();
    println!("database: {:.1} MiB", db as f64 / 1048576.0);
}

fn queries(store: &Store) {
    for folder in ["INBOX", "Sent"] {
        measure(&format!("list first page (50) of {folder}"), 300, |_| {
            store
                .list(&ListQuery {
                    folder: Some(folder.into()),
                    limit: 50,
                    ..ListQuery::default()
                })
                .unwrap()
                .len()
        });
    }
    measure("list first page (50), all folders", 300, |_| {
        store
            .list(&ListQuery {
                limit: 50,
                ..ListQuery::default()
            })
            .unwrap()
            .len()
    });
    measure("list page 100 (offset 5000) of INBOX", 50, |_| {
        store
            .list(&ListQuery {
                folder: Some("INBOX".into()),
                limit: 50,
                offset: 5000,
                ..ListQuery::default()
            })
            .unwrap()
            .len()
    });
    let mut rng = Rng(42);
    let queries: Vec<String> = (0..500)
        .map(|i| match i % 4 {
            0 => rng.word().to_owned(),
            1 => rng.words(2),
            2 => rng.word()[..3].to_owned(),
            _ => format!("dest{}", rng.next() % 997),
        })
        .collect();
    for (name, order) in [
        ("search (relevance, 50)", SearchOrder::Relevance),
        ("search (date order, 50)", SearchOrder::Date),
    ] {
        measure(name, queries.len(), |i| {
            store
                .search(&SearchQuery {
                    text: queries[i].clone(),
                    order,
                    limit: 50,
                    ..SearchQuery::default()
                })
                .unwrap()
                .len()
        });
    }
    measure("search + kind filter (relevance, 50)", queries.len(), |i| {
        store
            .search(&SearchQuery {
                text: queries[i].clone(),
                kind: Some(sigillo::pec::PecKind::PostaCertificata),
                limit: 50,
                ..SearchQuery::default()
            })
            .unwrap()
            .len()
    });
    measure("search + state filter errore-consegna", 100, |i| {
        store
            .search(&SearchQuery {
                text: queries[i].clone(),
                state: Some(sigillo::pec::timeline::RecipientState::ErroreConsegna),
                limit: 50,
                ..SearchQuery::default()
            })
            .unwrap()
            .len()
    });
    measure("timeline first page (50)", 100, |_| {
        store
            .timelines(&TimelineQuery {
                limit: Some(50),
                ..TimelineQuery::default()
            })
            .unwrap()
            .len()
    });
    measure("timeline --state errore-consegna (50)", 50, |_| {
        store
            .timelines(&TimelineQuery {
                limit: Some(50),
                state: Some(sigillo::pec::timeline::RecipientState::ErroreConsegna),
                ..TimelineQuery::default()
            })
            .unwrap()
            .len()
    });
}
