//! Syncs cut in the middle: a loopback TCP proxy of this test sits between Sigillo and a real
//! Dovecot (IMAPS) and, at a random byte count of the server's stream, either drops the
//! connection or stalls it (the client's silence limit ends it). After one to three cut syncs,
//! an uncut sync must complete with every server message stored exactly once, byte-exact.
//! Also: a UIDVALIDITY change re-syncs the folder and keeps the old copies; POP3 resumes too.

mod support;

use std::collections::{BTreeMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sha2::{Digest, Sha256};
use sigillo::account::{Account, Incoming, Secret, ServerConfig};
use sigillo::net::sync::{SyncOptions, sync_once};
use sigillo::net::tls::{Fingerprint, Security, Timeouts};
use sigillo::store::Store;
use sigillo_test_provider::dovecot::Dovecot;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

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

#[derive(Debug, Clone, Copy)]
enum Fault {
    /// Close both sides after this many server bytes.
    Drop(u64),
    /// Stop forwarding (keep the sockets open) after this many server bytes.
    Stall(u64),
}

/// The proxy: every accepted connection takes the fault set at that moment.
struct Proxy {
    port: u16,
    fault: Arc<Mutex<Option<Fault>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn pump_limited(
    mut from: tokio::net::tcp::OwnedReadHalf,
    mut to: tokio::net::tcp::OwnedWriteHalf,
    fault: Option<Fault>,
) {
    let mut sent: u64 = 0;
    let mut buf = vec![0u8; 4096];
    loop {
        let room = match fault {
            Some(Fault::Drop(n) | Fault::Stall(n)) => n.saturating_sub(sent) as usize,
            None => buf.len(),
        };
        if room == 0 {
            match fault {
                Some(Fault::Stall(_)) => {
                    // Hold both sockets open, forward nothing more.
                    let _keep = (from, to);
                    tokio::time::sleep(Duration::from_secs(3600)).await;
                }
                _ => return, // dropping the halves closes the connection
            }
            return;
        }
        let want = room.min(buf.len());
        let n = match from.read(&mut buf[..want]).await {
            Ok(0) | Err(_) => return,
            Ok(n) => n,
        };
        if to.write_all(&buf[..n]).await.is_err() {
            return;
        }
        sent += n as u64;
    }
}

async fn start_proxy(target: u16) -> Proxy {
    let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = l.local_addr().unwrap().port();
    let fault: Arc<Mutex<Option<Fault>>> = Arc::new(Mutex::new(None));
    let f = fault.clone();
    let task = tokio::spawn(async move {
        let mut conns = Vec::new();
        while let Ok((client, _)) = l.accept().await {
            let Ok(server) = TcpStream::connect(("127.0.0.1", target)).await else {
                continue;
            };
            let fault = *f.lock().unwrap();
            let (cr, cw) = client.into_split();
            let (sr, sw) = server.into_split();
            conns.push(tokio::spawn(pump_limited(cr, sw, None)));
            conns.push(tokio::spawn(pump_limited(sr, cw, fault)));
        }
    });
    Proxy { port, fault, task }
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
            tls: Duration::from_millis(700),
            io: Duration::from_millis(700),
        },
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
async fn imap_syncs_cut_twenty_times_resume_without_loss_or_duplicates() {
    let d = Dovecot::start().unwrap_or_else(|e| panic!("Dovecot did not start: {e}"));
    d.add_user(USER, PW).unwrap();
    let mut sizes = BTreeMap::new();
    for i in 0..24 {
        let size = [600, 3_000, 20_000, 90_000][i % 4];
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
    for run in 0..20 {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        for _ in 0..1 + rng.below(3) {
            // Cut anywhere in the server's stream: handshake, greeting, listing, a literal.
            let at = rng.below(total as u64 + 20_000);
            let fault = if rng.below(2) == 0 {
                Fault::Drop(at)
            } else {
                Fault::Stall(at)
            };
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
    for run in 0..5 {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        for _ in 0..2 {
            let at = rng.below(170_000);
            *proxy.fault.lock().unwrap() = Some(if run % 2 == 0 {
                Fault::Drop(at)
            } else {
                Fault::Stall(at)
            });
            let _ = sync_once(&mut store, &acc, &pw, &fast(), &mut |_| {}).await;
        }
        *proxy.fault.lock().unwrap() = None;
        sync_once(&mut store, &acc, &pw, &fast(), &mut |_| {})
            .await
            .unwrap_or_else(|e| panic!("run {run}: {e}"));
        assert_exactly_once(&d, &store, &["INBOX"], &format!("pop3 run {run}"));
    }
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
    sync_once(&mut store, &acc, &pw, &fast(), &mut |_| {})
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
    let s = sync_once(&mut store, &acc, &pw, &fast(), &mut |e| events.push(e))
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
            .imap_uids("archivio", "INBOX", before.uidvalidity)
            .unwrap()
            .len(),
        4
    );
}
