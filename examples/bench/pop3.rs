//! Workload 4: POP3S download of a mailbox into a new store with Sigillo's own POP3 client
//! (`net::sync::sync_once` on a POP3 account: every message stored, classified and indexed),
//! against the raw transfer of the same bytes: a plain RETR loop over the same TLS into
//! memory. For information, the same download followed by the signature check of every
//! message (what `sigillo sync` does).

use std::sync::Arc;

use anyhow::{Result, bail};
use openssl::x509::X509;
use sigillo::account::Incoming;
use sigillo::net::sync::{SyncOptions, SyncSummary};

use crate::Ctx;
use crate::data::Msg;
use crate::imap::sigillo_sync;
use crate::import::trust_list;
use crate::report::{Outcome, Row, Verdict};
use crate::server::{Server, raw_retr_loop, runtime};
use crate::stats::{Contender, alternate, fmt_secs, mib, thousands};

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
    let plain = SyncOptions::default();
    let verifying = SyncOptions {
        verify_with: Some(Arc::new(trust_list(root))),
        ..SyncOptions::default()
    };
    let profile = dir.join("profile");
    let profile_v = dir.join("profile-verified");
    let rt = runtime()?;
    let mut got = SyncSummary::default();
    let mut got_v = SyncSummary::default();
    let mut raw = (0, 0);
    let mut contenders = vec![
        Contender::new(
            "Sigillo POP3 download",
            |_| {
                let _ = std::fs::remove_dir_all(&profile);
                Ok(())
            },
            |_| {
                got = sigillo_sync(&profile, &account, &plain)?;
                Ok(())
            },
        ),
        Contender::new(
            "raw RETR loop",
            |_| Ok(()),
            |_| {
                raw = rt.block_on(raw_retr_loop(&server, USER))?;
                Ok(())
            },
        ),
        Contender::new(
            "Sigillo POP3 download + verify",
            |_| {
                let _ = std::fs::remove_dir_all(&profile_v);
                Ok(())
            },
            |_| {
                got_v = sigillo_sync(&profile_v, &account, &verifying)?;
                Ok(())
            },
        ),
    ];
    let s = alternate(ctx.runs, &mut contenders, &mut ctx.progress("pop3"))?;
    drop(contenders);
    if got.fetched != n || got.new_messages != n {
        bail!("Sigillo's POP3 download: {got:?}, expected {n} fetched and new");
    }
    if got_v.fetched != n || got_v.verified != n {
        bail!("Sigillo's POP3 download + verify: {got_v:?}, expected {n} fetched and verified");
    }
    if raw != (n, bytes) {
        bail!("the raw RETR loop got {raw:?}, expected {n} messages of {bytes} bytes");
    }
    let (app, lim, app_v) = (s[0].median(), s[1].median(), s[2].median());
    Ok(Outcome {
        rows: vec![
            Row {
                id: 4,
                workload: format!(
                    "POP3S download of {} messages ({}) into the store",
                    thousands(n as u64),
                    mib(bytes)
                ),
                sigillo: fmt_secs(app),
                compared: format!("raw RETR loop over the same TLS: {}", fmt_secs(lim)),
                result: format!("{:.2}× the raw transfer time", app / lim),
                target: "≤ 1.3×".into(),
                verdict: Verdict::judge(ctx.quick, app / lim <= 1.3),
            },
            Row {
                id: 4,
                workload: "the same, then every signature checked (as `sigillo sync` does)".into(),
                sigillo: fmt_secs(app_v),
                compared: format!("raw RETR loop: {}", fmt_secs(lim)),
                result: format!("{:.2}× the raw transfer time", app_v / lim),
                target: "– (information)".into(),
                verdict: Verdict::NotJudged("no target"),
            },
        ],
        notes: vec![format!(
            "4. POP3S: each run into a new store. Sigillo: `net::sync::sync_once` on a POP3 \
             account (our POP3 client, USER/PASS, LIST/UIDL, RETRs sent 16 ahead with PIPELINING; \
             each batch of 500 handed to a writer thread with its own database connection, which \
             stores it byte-exact, then classifies and indexes it while the download goes on); \
             samples: {}. With the signature \
             check of the {} messages as they are stored: {}. Raw transfer: our own minimal \
             loop (STAT, then RETR 1..n, dot-unstuffed into memory) over the same \
             tokio-native-tls connection type; samples: {}.",
            s[0].list(),
            thousands(n as u64),
            s[2].list(),
            s[1].list()
        )],
    })
}
