//! Connections cut in the middle: a loopback TCP proxy of this test sits between Sigillo and a
//! real server and, at a random byte count of one direction of the stream, drops the
//! connection (both ways), truncates it (that direction ends, the other goes on) or stalls it
//! (the client's silence limit ends it). IMAP (real Dovecot): after one to three cut syncs, an
//! uncut sync must complete with every server message stored exactly once, byte-exact, 50 runs.
//! POP3 likewise. SMTP (the local PEC provider): 50 sendings cut anywhere; a sending reported
//! as done was delivered once, one reported as not sent was never delivered, one reported as
//! uncertain at most once, and Sigillo never connected twice for one sending (no retry).
//! Also: a UIDVALIDITY change re-syncs the folder and keeps the old copies.

use crate::support;

use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sha2::{Digest, Sha256};
use sigillo::account::{Account, Incoming, Secret, ServerConfig};
use sigillo::net::send::{SendError, SendOptions, send};
use sigillo::net::sync::{SyncOptions, sync_once};
use sigillo::net::tls::{Fingerprint, Security, Timeouts};
use sigillo::store::{MailboxKey, Store};
use sigillo_test_provider::dovecot::Dovecot;
use support::reliability::Figures;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;

const USER: &str = "archivio@pec.test";
const PW: &str = "Resume-Pw-2026";

/// A small deterministic generator (xorshift), seeded per run so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cut {
    /// Close the connection both ways.
    Drop,
    /// End this direction (the peer reads end-of-file), leave the other open.
    Truncate,
    /// Stop forwarding, keep the sockets open.
    Stall,
}

/// Where and how a connection is cut.
#[derive(Debug, Clone, Copy)]
struct Fault {
    cut: Cut,
    /// After this many bytes of the chosen direction.
    at: u64,
    /// The client-to-server direction (else server-to-client).
    upstream: bool,
}

impl Fault {
    fn random(rng: &mut Rng, downstream_bytes: u64, upstream_bytes: u64) -> Fault {
        let upstream = rng.below(4) == 0;
        let cut = match rng.below(3) {
            0 => Cut::Drop,
            1 => Cut::Truncate,
            _ => Cut::Stall,
        };
        let span = if upstream {
            upstream_bytes
        } else {
            downstream_bytes
        };
        Fault {
            cut,
            at: rng.below(span),
            upstream,
        }
    }
}

/// The proxy: every accepted connection takes the fault set at that moment.
struct Proxy {
    port: u16,
    fault: Arc<Mutex<Option<Fault>>>,
    connections: Arc<AtomicUsize>,
    /// Bytes forwarded on the last connection: (client to server, server to client).
    forwarded: Arc<(AtomicU64, AtomicU64)>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn pump(
    mut from: tokio::net::tcp::OwnedReadHalf,
    mut to: tokio::net::tcp::OwnedWriteHalf,
    limit: Option<(Cut, u64)>,
    kill: Arc<Notify>,
    count: impl Fn(u64) + Send,
) {
    let mut sent: u64 = 0;
    let mut buf = vec![0u8; 4096];
    loop {
        let room = match limit {
            Some((_, n)) => n.saturating_sub(sent) as usize,
            None => buf.len(),
        };
        if room == 0 {
            match limit {
                Some((Cut::Stall, _)) => {
                    let _keep = (from, to);
                    tokio::time::sleep(Duration::from_secs(3600)).await;
                }
                Some((Cut::Drop, _)) => kill.notify_waiters(),
                // Dropping the write half sends end-of-file; the other direction goes on.
                _ => {}
            }
            return;
        }
        let want = room.min(buf.len());
        let n = tokio::select! {
            r = from.read(&mut buf[..want]) => match r {
                Ok(0) | Err(_) => return,
                Ok(n) => n,
            },
            _ = kill.notified() => return,
        };
        if to.write_all(&buf[..n]).await.is_err() {
            return;
        }
        sent += n as u64;
        count(sent);
    }
}

async fn start_proxy(target: u16) -> Proxy {
    let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = l.local_addr().unwrap().port();
    let fault: Arc<Mutex<Option<Fault>>> = Arc::new(Mutex::new(None));
    let connections = Arc::new(AtomicUsize::new(0));
    let forwarded = Arc::new((AtomicU64::new(0), AtomicU64::new(0)));
    let (f, c, fw) = (fault.clone(), connections.clone(), forwarded.clone());
    let task = tokio::spawn(async move {
        while let Ok((client, _)) = l.accept().await {
            c.fetch_add(1, Ordering::SeqCst);
            fw.0.store(0, Ordering::SeqCst);
            fw.1.store(0, Ordering::SeqCst);
            let Ok(server) = TcpStream::connect(("127.0.0.1", target)).await else {
                continue;
            };
            let fault = *f.lock().unwrap();
            let (cr, cw) = client.into_split();
            let (sr, sw) = server.into_split();
            let kill = Arc::new(Notify::new());
            let up = fault.filter(|f| f.upstream).map(|f| (f.cut, f.at));
            let down = fault.filter(|f| !f.upstream).map(|f| (f.cut, f.at));
            let (f_up, f_down) = (fw.clone(), fw.clone());
            tokio::spawn(pump(cr, sw, up, kill.clone(), move |n| {
                f_up.0.store(n, Ordering::SeqCst)
            }));
            tokio::spawn(pump(sr, cw, down, kill, move |n| {
                f_down.1.store(n, Ordering::SeqCst)
            }));
        }
    });
    Proxy {
        port,
        fault,
        connections,
        forwarded,
        task,
    }
}

fn account_via(d: &Dovecot, port: u16, incoming: Incoming) -> Account {
    let server = ServerConfig {
        host: "localhost".into(),
        port,
        security: Security::Tls,
        pin: Fingerprint::of_certificate(&d.cert_pem()),
    };
    Account::custom("archivio", USER, incoming, server.clone(), server)
}

fn fast() -> SyncOptions {
    SyncOptions {
        timeouts: Timeouts {
            connect: Duration::from_secs(2),
            tls: Duration::from_millis(500),
            io: Duration::from_millis(500),
        },
        batch: 3,
        ..support::net::sync_options()
    }
}

/// Ordinary timeouts, small batches: for tests that cut nothing, so that a busy machine never
/// turns a slow answer into a failure.
fn patient() -> SyncOptions {
    SyncOptions {
        batch: 3,
        ..support::net::sync_options()
    }
}

/// A message of a given size, unique by its number.
fn message(i: usize, size: usize) -> Vec<u8> {
    let mut m = format!(
        "From: mittente{i}@esterno.test\r\nTo: {USER}\r\nSubject: Messaggio {i}\r\n\
         Message-ID: <m{i}@esterno.test>\r\nDate: Tue, 24 Nov 2026 10:{:02}:00 +0100\r\n\r\n",
        i % 60
    )
    .into_bytes();
    let line = format!("riga del messaggio {i} .. con un punto\r\n");
    while m.len() < size {
        m.extend_from_slice(line.as_bytes());
    }
    m
}

fn sha(b: &[u8]) -> String {
    hex::encode(Sha256::digest(b))
}

/// Every message of the server's folders, by SHA-256, must be in the store exactly once, and
/// each folder copy recorded once.
fn assert_exactly_once(d: &Dovecot, store: &Store, folders: &[&str], context: &str) {
    let mut expected = HashSet::new();
    let mut count = 0;
    for f in folders {
        for m in d.messages(USER, f).unwrap() {
            expected.insert(sha(&m));
            count += 1;
        }
    }
    let stats = store.stats().unwrap();
    assert_eq!(
        stats.messages,
        expected.len(),
        "{context}: distinct messages"
    );
    assert_eq!(
        stats.copies, count,
        "{context}: one copy per server message"
    );
    let mut found = HashSet::new();
    for row in store.list(&sigillo::store::ListQuery::default()).unwrap() {
        found.insert(sha(&store.raw(row.id).unwrap()));
    }
    assert_eq!(found, expected, "{context}: byte-exact");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn imap_syncs_cut_fifty_times_resume_without_loss_or_duplicates() {
    let d = Dovecot::start().unwrap_or_else(|e| panic!("Dovecot did not start: {e}"));
    d.add_user(USER, PW).unwrap();
    let mut sizes = BTreeMap::new();
    for i in 0..16 {
        let size = [600, 3_000, 12_000, 40_000][i % 4];
        let folder = if i % 3 == 0 { "Archivio" } else { "INBOX" };
        d.deliver(USER, folder, &message(i, size)).unwrap();
        *sizes.entry(folder).or_insert(0usize) += size;
    }
    let total: usize = sizes.values().sum();
    let proxy = start_proxy(d.imaps_port()).await;
    let acc = account_via(&d, proxy.port, Incoming::Imap);
    let pw = Secret::new(PW);
    let seed = std::env::var("SIGILLO_RESUME_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_2026_u64);
    let mut rng = Rng(seed);
    let mut cut_syncs = 0;
    let mut interrupted = 0;
    let mut kinds = BTreeMap::new();
    const RUNS: usize = 50;
    for run in 0..RUNS {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        for _ in 0..1 + rng.below(3) {
            // Cut anywhere: handshake, greeting, listing, a literal; or the client's commands.
            let fault = Fault::random(&mut rng, total as u64 + 20_000, 3_000);
            *kinds.entry(format!("{:?}", fault.cut)).or_insert(0) += 1;
            *proxy.fault.lock().unwrap() = Some(fault);
            cut_syncs += 1;
            if sync_once(&mut store, &acc, &pw, &fast(), &mut |_| {})
                .await
                .is_err()
            {
                interrupted += 1;
            }
        }
        *proxy.fault.lock().unwrap() = None;
        let s = sync_once(&mut store, &acc, &pw, &fast(), &mut |_| {})
            .await
            .unwrap_or_else(|e| panic!("run {run} (seed {seed}): the uncut sync failed: {e}"));
        assert_eq!(s.folders, 2);
        assert_exactly_once(
            &d,
            &store,
            &["INBOX", "Archivio"],
            &format!("run {run}, seed {seed}"),
        );
        // Nothing is left to fetch.
        let again = sync_once(&mut store, &acc, &pw, &fast(), &mut |_| {})
            .await
            .unwrap();
        assert_eq!(again.fetched, 0, "run {run}");
    }
    assert!(
        interrupted * 2 >= cut_syncs,
        "most cut syncs must really be cut ({interrupted} of {cut_syncs})"
    );
    Figures::new(
        "network",
        "IMAP sync through a proxy that drops, truncates or stalls at a random byte (real Dovecot, IMAPS)",
    )
    .runs(RUNS)
    .faults(cut_syncs)
    .messages(16)
    .with("interrupted", serde_json::json!(interrupted))
    .outcome(format!(
        "{interrupted} of {cut_syncs} cut syncs failed with an error ({kinds:?}); every following uncut sync completed with each server message stored exactly once, byte-exact, and a further sync fetched nothing"
    ))
    .record();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pop3_syncs_cut_resume_without_loss_or_duplicates() {
    let d = Dovecot::start().unwrap_or_else(|e| panic!("Dovecot did not start: {e}"));
    d.add_user(USER, PW).unwrap();
    for i in 0..10 {
        d.deliver(USER, "INBOX", &message(i, [800, 30_000][i % 2]))
            .unwrap();
    }
    let proxy = start_proxy(d.pop3s_port()).await;
    let acc = account_via(&d, proxy.port, Incoming::Pop3);
    let pw = Secret::new(PW);
    let mut rng = Rng(0x0909);
    const RUNS: usize = 15;
    let mut cuts = 0;
    for run in 0..RUNS {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        for _ in 0..2 {
            *proxy.fault.lock().unwrap() = Some(Fault::random(&mut rng, 170_000, 400));
            cuts += 1;
            let _ = sync_once(&mut store, &acc, &pw, &fast(), &mut |_| {}).await;
        }
        *proxy.fault.lock().unwrap() = None;
        sync_once(&mut store, &acc, &pw, &fast(), &mut |_| {})
            .await
            .unwrap_or_else(|e| panic!("run {run}: {e}"));
        assert_exactly_once(&d, &store, &["INBOX"], &format!("pop3 run {run}"));
    }
    Figures::new(
        "network",
        "POP3 sync through a proxy that drops, truncates or stalls at a random byte (real Dovecot, POP3S)",
    )
    .runs(RUNS)
    .faults(cuts)
    .messages(10)
    .outcome("every following uncut sync completed with each server message stored exactly once, byte-exact")
    .record();
}

/// How many messages in `mailbox` of `address` carry `token` in their bytes.
fn count_with(d: &Dovecot, address: &str, mailbox: &str, token: &str) -> usize {
    d.messages(address, mailbox)
        .unwrap()
        .iter()
        .filter(|m| m.windows(token.len()).any(|w| w == token.as_bytes()))
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sendings_cut_anywhere_are_never_duplicated_silently() {
    use support::net::{A, B, PW as PROVIDER_PW, account, provider};
    let p = provider().await;
    let proxy = start_proxy(p.smtps_port()).await;
    let mut acc = account(&p, "alfa", A, Incoming::Imap);
    acc.smtp_server.port = proxy.port;
    acc.imap.append_sent = false;
    let pw = Secret::new(PROVIDER_PW);
    let opts = SendOptions {
        timeouts: Timeouts {
            connect: Duration::from_secs(2),
            tls: Duration::from_millis(800),
            io: Duration::from_millis(800),
        },
    };
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let mut rng = Rng(0x5e4d_0050);
    const RUNS: usize = 50;
    // Runs aimed at the last bytes the server sends (the reply to the data, then to QUIT).
    const AT_THE_END: usize = 8;
    // (token, outcome) per run; outcome: "sent", "not-sent", "uncertain".
    let mut outcomes: Vec<(String, &str)> = Vec::new();
    let (mut up_total, mut down_total) = (0u64, 0u64);
    let cuts = [Cut::Drop, Cut::Truncate, Cut::Stall];
    for run in 0..RUNS {
        let token = format!("Invio-{run:02}-{:x}", rng.next() & 0xffff);
        let draft = sigillo::net::compose::Draft {
            to: vec![B.into()],
            subject: format!("Prova di taglio {token}"),
            body: format!("Messaggio {token}.\n"),
            ..Default::default()
        };
        // The first run is not cut: it proves the counting below sees a delivery, and gives
        // the session's length each way. Then cuts sweep both directions from the first byte
        // to the last, and a few aim at the server's last replies.
        let cut = cuts[run % 3];
        let fault = match run {
            0 => None,
            r if r <= AT_THE_END => Some(Fault {
                cut,
                at: down_total.saturating_sub(r as u64 * 15),
                upstream: false,
            }),
            r => {
                let upstream = r % 2 == 0;
                let total = if upstream { up_total } else { down_total };
                let step = total / ((RUNS - AT_THE_END) as u64 / 2);
                let k = (r - AT_THE_END) as u64 / 2;
                Some(Fault {
                    cut,
                    at: (k * step + rng.below(step.max(1))).min(total.saturating_sub(1)),
                    upstream,
                })
            }
        };
        *proxy.fault.lock().unwrap() = fault;
        let before = proxy.connections.load(Ordering::SeqCst);
        let r = send(&mut store, &acc, &pw, &draft, &opts, &mut |_| {}).await;
        assert_eq!(
            proxy.connections.load(Ordering::SeqCst) - before,
            1,
            "run {run}: one connection per sending, never a retry ({fault:?})"
        );
        if run == 0 {
            up_total = proxy.forwarded.0.load(Ordering::SeqCst);
            down_total = proxy.forwarded.1.load(Ordering::SeqCst);
            assert!(
                up_total > 500 && down_total > 500,
                "{up_total} / {down_total}"
            );
        }
        let outcome = match &r {
            Ok(_) => "sent",
            Err(SendError::Uncertain { .. }) => "uncertain",
            Err(SendError::Net(_)) => "not-sent",
            Err(e) => panic!("run {run}: unexpected error {e}"),
        };
        outcomes.push((token, outcome));
    }
    *proxy.fault.lock().unwrap() = None;
    // The provider delivers before it answers; a short wait covers a delivery still running
    // when a cut connection was closed.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let mut tally = BTreeMap::new();
    for (token, outcome) in &outcomes {
        let delivered = count_with(p.dovecot(), B, "INBOX", token);
        match *outcome {
            "sent" => assert_eq!(delivered, 1, "{token}: reported sent, delivered once"),
            "not-sent" => assert_eq!(delivered, 0, "{token}: reported not sent, never delivered"),
            _ => assert!(delivered <= 1, "{token}: uncertain, at most once"),
        }
        *tally.entry(format!("{outcome}/{delivered}")).or_insert(0) += 1;
    }
    assert_eq!(outcomes[0].1, "sent", "the uncut sending went through");
    for outcome in ["not-sent", "uncertain"] {
        assert!(
            outcomes.iter().any(|o| o.1 == outcome),
            "the cuts reached the '{outcome}' case: {tally:?}"
        );
    }
    Figures::new(
        "network",
        "SMTP sendings through a proxy that drops, truncates or stalls at a random byte (local PEC provider, SMTPS)",
    )
    .runs(RUNS)
    .faults(RUNS - 1)
    .outcome(format!(
        "outcome/deliveries: {tally:?}; reported sent = delivered once, reported not sent = never delivered, uncertain (cut after the end of the data) = at most once and said so; one connection per sending, never retried"
    ))
    .record();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_uidvalidity_change_resyncs_the_folder_and_keeps_old_copies() {
    let d = Dovecot::start().unwrap_or_else(|e| panic!("Dovecot did not start: {e}"));
    d.add_user(USER, PW).unwrap();
    for i in 0..4 {
        d.deliver(USER, "INBOX", &message(i, 700)).unwrap();
    }
    let acc = account_via(&d, d.imaps_port(), Incoming::Imap);
    let pw = Secret::new(PW);
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    sync_once(&mut store, &acc, &pw, &patient(), &mut |_| {})
        .await
        .unwrap();
    let before = store.imap_folder("archivio", "INBOX").unwrap().unwrap();
    assert_eq!(before.synced_below, 5);

    let out = std::process::Command::new("/usr/bin/doveadm")
        .arg("-c")
        .arg(d.dir().join("dovecot.conf"))
        .args(["mailbox", "update", "--uid-validity"])
        .arg((before.uidvalidity + 1000).to_string())
        .args(["-u", USER, "INBOX"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    d.deliver(USER, "INBOX", &message(99, 700)).unwrap();

    let mut events = Vec::new();
    let s = sync_once(&mut store, &acc, &pw, &patient(), &mut |e| events.push(e))
        .await
        .unwrap();
    assert_eq!(s.uidvalidity_resets, 1);
    assert_eq!(
        (s.fetched, s.new_messages),
        (5, 1),
        "all fetched again, one is new"
    );
    assert!(
        events
            .iter()
            .any(|e| matches!(e, sigillo::net::sync::SyncEvent::UidValidityChanged { .. }))
    );
    let after = store.imap_folder("archivio", "INBOX").unwrap().unwrap();
    assert_eq!(after.uidvalidity, before.uidvalidity + 1000);
    let stats = store.stats().unwrap();
    assert_eq!(stats.messages, 5);
    assert_eq!(
        stats.copies, 9,
        "4 copies of the old UIDVALIDITY kept, 5 new"
    );
    assert_eq!(
        store
            .imap_uids(&MailboxKey::new("archivio", "INBOX", before.uidvalidity))
            .unwrap()
            .len(),
        4
    );
}
