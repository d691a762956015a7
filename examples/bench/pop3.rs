//! Workload 4: what `sigillo sync` does on a POP3 account (`net::sync::sync_once` with the
//! trust list: every message downloaded, stored, classified, indexed and its signature
//! checked) into a new store, against the raw transfer of the same bytes: a pipelined RETR
//! loop over the same TLS into memory; with the limit's work on the same messages, for the
//! floor of a POP3 sync on this machine ([`crate::limit::Floor`]).

use std::sync::Arc;

use anyhow::{Result, bail};
use openssl::x509::X509;
use sigillo::account::Incoming;
use sigillo::net::sync::{SyncOptions, SyncSummary};

use crate::Ctx;
use crate::data::Msg;
use crate::imap::sigillo_sync;
use crate::import::trust_list;
use crate::limit;
use crate::report::{Outcome, Row};
use crate::server::{RAW_RETR_WINDOW, Server, raw_retr_loop, runtime};
use crate::stats::{Contender, mib, thousands};

const USER: &str = "pop3.bench@pec.alfa-bench.example";

/// Runs workload 4.
pub fn run(ctx: &Ctx, mailbox: &[Msg], root: &X509) -> Result<Outcome> {
    let n = mailbox.len();
    let dir = ctx.dir.join("pop3");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    let mut server = Server::start()?;
    server.add_user(USER)?;
    let refs: Vec<&[u8]> = mailbox.iter().map(|m| m.bytes.as_slice()).collect();
    let bytes: u64 = refs.iter().map(|m| m.len() as u64).sum();
    ctx.log(&format!("pop3: filling the mailbox with {n} messages"));
    server.fill(USER, &refs)?;
    let account = server.account(USER, Incoming::Pop3)?;
    // What `sigillo sync` runs: the signatures checked as the messages are stored.
    let opts = SyncOptions {
        verify_with: Some(Arc::new(trust_list(root))),
        ..SyncOptions::default()
    };
    let profile = dir.join("profile");
    let rt = runtime()?;
    let mut got = SyncSummary::default();
    let mut raw = (0, 0);
    // The least work on what the download brings (the import limit on the same messages):
    // with the raw loop's time and CPU, the least a POP3 sync can take on this machine.
    let mut same = limit::OnSameMessages::new(&dir, mailbox)?;
    let mut contenders = vec![
        Contender::new(
            "Sigillo POP3 sync (signatures checked)",
            |_| {
                let _ = std::fs::remove_dir_all(&profile);
                Ok(())
            },
            |_| {
                got = sigillo_sync(&profile, &account, &opts)?;
                Ok(())
            },
        ),
        Contender::new(
            "raw pipelined RETR loop",
            |_| Ok(()),
            |_| {
                raw = rt.block_on(raw_retr_loop(&server, USER))?;
                Ok(())
            },
        ),
        same.contender(limit::BESIDE_A_SYNC, root),
    ];
    let s = ctx.alternate("pop3", &mut contenders)?;
    drop(contenders);
    if got.fetched != n || got.new_messages != n || got.verified != n {
        bail!("Sigillo's POP3 sync: {got:?}, expected {n} fetched, new and verified");
    }
    let outcomes = crate::import::signature_counts(&profile)?;
    if outcomes != vec![("valid".to_owned(), n as i64)] {
        bail!("Sigillo's POP3 sync: signature outcomes {outcomes:?}");
    }
    if raw != (n, bytes) {
        bail!("the raw RETR loop got {raw:?}, expected {n} messages of {bytes} bytes");
    }
    same.check(n, bytes)?;
    let (app, lim) = (s[0].median(), s[1].median());
    let floor = limit::Floor::of("raw loop", &s[1], &s[2], &s[0]);
    let ratio = floor.secs / lim;
    Ok(Outcome {
        rows: vec![Row {
            id: "4".into(),
            workload: format!(
                "POP3S sync of {} messages ({}): stored, indexed, every signature checked",
                thousands(n as u64),
                mib(bytes)
            ),
            sigillo: s[0].text(),
            compared: format!("raw pipelined RETR loop over the same TLS: {}", s[1].text()),
            result: format!(
                "{:.2}× the raw transfer time (floor on this machine: {ratio:.2}×)",
                app / lim
            ),
            target: "≤ 1.3×".into(),
            verdict: ctx.judge_with_floor(
                app / lim <= 1.3,
                &floor,
                ratio <= 1.3,
                format!("{ratio:.2}×"),
            ),
            samples: s.clone(),
        }],
        notes: vec![format!(
            "4. POP3S: each run into a new store. Sigillo: `net::sync::sync_once` on a POP3 \
             account with the trust list, as `sigillo sync` runs it (our POP3 client, \
             USER/PASS, LIST/UIDL, RETRs sent {} ahead with PIPELINING; each batch of {} \
             handed to a writer thread with its own database connection, which stores it \
             byte-exact, then classifies, indexes and checks the signatures while the download \
             goes on); all {} signatures came out `valid`; samples: {}. Raw transfer: our own \
             minimal loop (STAT, then RETR 1..n with {RAW_RETR_WINDOW} commands in flight, \
             dot-unstuffed into memory) over the same tokio-native-tls connection type; \
             samples: {}. The {}: no POP3 sync can end sooner on this machine than {ratio:.2}× \
             the raw transfer time; the limit's samples: {}.",
            sigillo::net::pop3::RETR_WINDOW,
            SyncOptions::default().batch,
            thousands(n as u64),
            s[0].list(),
            s[1].list(),
            floor.text,
            s[2].list()
        )],
    })
}
