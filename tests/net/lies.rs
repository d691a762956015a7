//! Servers that lie. No real server can be made to, so these are scripted IMAP and POP3
//! servers of this test, over real TLS on loopback (a self-signed certificate the account
//! pins): literals of the wrong size (shorter, longer, absurd), endless lines, UIDs going
//! backwards without a UIDVALIDITY change, a UIDVALIDITY change, POP3 messages larger than
//! announced, UIDLs repeated or renamed. Each lie gives a clear error (quickly: no hang, no
//! memory blow-up) or a safe result; nothing half-read is stored; the next truthful sync
//! completes with every message exactly once, byte-exact; nothing is lost or duplicated.

use crate::support;

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};
use sigillo::account::{Account, Incoming, Secret, ServerConfig};
use sigillo::net::NetError;
use sigillo::net::sync::{SyncError, SyncOptions, SyncSummary, sync_once};
use sigillo::net::tls::{Fingerprint, Security, Timeouts};
use sigillo::store::{ListQuery, MailboxKey, Store};
use sigillo_test_provider::tls::ServerIdentity;
use support::reliability::Figures;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

const USER: &str = "utente@pec.test";
const PW: &str = "Bugie-2026";

/// What the scripted server lies about on the next connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lie {
    None,
    /// IMAP: a literal announced shorter than the message sent.
    ShortLiteral,
    /// IMAP: a literal announced longer than what is sent (then silence).
    LongLiteral,
    /// IMAP: a literal of a trillion bytes announced.
    HugeLiteral,
    /// IMAP: a response line that never ends. POP3: a message line that never ends.
    EndlessLine,
    /// IMAP: every message sent, then the connection closed when the flags are listed.
    CutAtFlags,
    /// IMAP: every message sent, then the flags listing refused (a tagged NO).
    RefusedFlags,
    /// IMAP: the folder listing refused (a tagged NO).
    RefusedList,
    /// IMAP: the folder listing ended with NO after its first folder (INBOX).
    PartialList,
    /// IMAP: a folder listing that ends with OK and names no folder.
    EmptyList,
    /// IMAP: the first message left out of a body FETCH, which ends with NO.
    UnreadableFirst,
    /// POP3: a message far larger than LIST said.
    OversizedRetr,
    /// POP3: the same UIDL for two messages.
    RepeatedUidl,
}

/// The server's mailbox: UIDVALIDITY, (UID, bytes) in order, and a suffix that renames UIDLs.
#[derive(Debug, Clone)]
struct Mailbox {
    uidvalidity: u32,
    uidnext: u32,
    messages: Vec<(u32, Vec<u8>)>,
    uidl_suffix: String,
}

#[derive(Clone)]
struct Shared(Arc<Mutex<(Mailbox, Lie)>>);

impl Shared {
    fn set_lie(&self, lie: Lie) {
        self.0.lock().unwrap().1 = lie;
    }

    fn edit(&self, f: impl FnOnce(&mut Mailbox)) {
        f(&mut self.0.lock().unwrap().0);
    }
}

fn message(i: usize) -> Vec<u8> {
    let mut m = format!(
        "From: mittente{i}@esterno.test\r\nTo: {USER}\r\nSubject: Bugia {i}\r\n\
         Message-ID: <bugia{i}@esterno.test>\r\n\r\n"
    )
    .into_bytes();
    while m.len() < 300 + i * 500 {
        m.extend_from_slice(format!("riga {i}\r\n").as_bytes());
    }
    m
}

fn mailbox(uids: &[u32]) -> Mailbox {
    Mailbox {
        uidvalidity: 7,
        uidnext: uids.iter().max().map_or(1, |m| m + 1),
        messages: uids
            .iter()
            .enumerate()
            .map(|(i, &u)| (u, message(i)))
            .collect(),
        uidl_suffix: String::new(),
    }
}

type Tls = tokio_native_tls::TlsStream<tokio::net::TcpStream>;

async fn serve(
    protocol: Incoming,
    id: &ServerIdentity,
    state: Shared,
) -> (u16, tokio::task::JoinHandle<()>) {
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = l.local_addr().unwrap().port();
    let acceptor = tokio_native_tls::TlsAcceptor::from(
        native_tls::TlsAcceptor::new(
            native_tls::Identity::from_pkcs8(&id.cert_pem(), &id.key_pem()).unwrap(),
        )
        .unwrap(),
    );
    let task = tokio::spawn(async move {
        while let Ok((tcp, _)) = l.accept().await {
            let acceptor = acceptor.clone();
            let (mb, lie) = state.0.lock().unwrap().clone();
            tokio::spawn(async move {
                let Ok(tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let _ = match protocol {
                    Incoming::Imap => imap_session(tls, mb, lie).await,
                    Incoming::Pop3 => pop3_session(tls, mb, lie).await,
                };
            });
        }
    });
    (port, task)
}

/// Parses `1:3,5,7:*` into the UIDs of the mailbox it names.
fn uid_set(set: &str, mb: &Mailbox) -> Vec<u32> {
    let max = mb.messages.iter().map(|m| m.0).max().unwrap_or(0);
    let n = |s: &str| {
        if s == "*" {
            max
        } else {
            s.parse().unwrap_or(0)
        }
    };
    let mut out = Vec::new();
    for part in set.split(',') {
        let (a, b) = match part.split_once(':') {
            Some((a, b)) => (n(a), n(b)),
            None => (n(part), n(part)),
        };
        let (lo, hi) = (a.min(b), a.max(b));
        out.extend(
            mb.messages
                .iter()
                .map(|m| m.0)
                .filter(|u| (lo..=hi).contains(u)),
        );
    }
    out.sort_unstable();
    out.dedup();
    out
}

async fn endless(w: &mut BufReader<Tls>) -> std::io::Result<()> {
    let chunk = vec![b'x'; 64 * 1024];
    loop {
        w.get_mut().write_all(&chunk).await?;
    }
}

async fn imap_session(tls: Tls, mb: Mailbox, lie: Lie) -> std::io::Result<()> {
    let mut s = BufReader::new(tls);
    s.get_mut()
        .write_all(b"* OK [CAPABILITY IMAP4rev1] scripted server\r\n")
        .await?;
    let mut line = String::new();
    loop {
        line.clear();
        if s.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let mut words = line.trim_end().splitn(3, ' ');
        let tag = words.next().unwrap_or("*").to_owned();
        let cmd = words.next().unwrap_or("").to_ascii_uppercase();
        let rest = words.next().unwrap_or("").to_owned();
        let mut out = String::new();
        match cmd.as_str() {
            "CAPABILITY" => out.push_str("* CAPABILITY IMAP4rev1\r\n"),
            "LOGIN" | "NOOP" | "ENABLE" => {}
            "LIST" if matches!(lie, Lie::RefusedList | Lie::PartialList) => {
                let listed = if lie == Lie::PartialList {
                    "* LIST (\\HasNoChildren) \"/\" \"INBOX\"\r\n"
                } else {
                    ""
                };
                s.get_mut()
                    .write_all(format!("{listed}{tag} NO listing unavailable\r\n").as_bytes())
                    .await?;
                continue;
            }
            "LIST" if lie == Lie::EmptyList => {}
            "LIST" => out.push_str("* LIST (\\HasNoChildren) \"/\" \"INBOX\"\r\n"),
            "EXAMINE" | "SELECT" => out.push_str(&format!(
                "* {} EXISTS\r\n* 0 RECENT\r\n* OK [UIDVALIDITY {}] ok\r\n* OK [UIDNEXT {}] ok\r\n",
                mb.messages.len(),
                mb.uidvalidity,
                mb.uidnext
            )),
            "LOGOUT" => {
                s.get_mut()
                    .write_all(format!("* BYE\r\n{tag} OK bye\r\n").as_bytes())
                    .await?;
                return Ok(());
            }
            "UID" => {
                let mut w = rest.splitn(3, ' ');
                let sub = w.next().unwrap_or("").to_ascii_uppercase();
                let arg = w.next().unwrap_or("");
                let items = w.next().unwrap_or("");
                match sub.as_str() {
                    "FETCH" => {
                        let uids = uid_set(arg, &mb);
                        let body = items.contains("BODY");
                        if !body && items.contains("FLAGS") {
                            match lie {
                                Lie::CutAtFlags => return Ok(()),
                                Lie::RefusedFlags => {
                                    let no = format!("{tag} NO [SERVERBUG] try later\r\n");
                                    s.get_mut().write_all(no.as_bytes()).await?;
                                    continue;
                                }
                                _ => {}
                            }
                        }
                        let mut bytes = Vec::new();
                        for (seq, (uid, raw)) in mb.messages.iter().enumerate() {
                            if !uids.contains(uid) {
                                continue;
                            }
                            if !body {
                                bytes.extend_from_slice(
                                    format!("* {} FETCH (UID {uid} FLAGS ())\r\n", seq + 1)
                                        .as_bytes(),
                                );
                                continue;
                            }
                            if lie == Lie::UnreadableFirst && seq == 0 {
                                continue;
                            }
                            let announced = match lie {
                                Lie::ShortLiteral => raw.len() - 10,
                                Lie::LongLiteral => raw.len() + 1000,
                                _ => raw.len(),
                            };
                            if lie == Lie::HugeLiteral {
                                bytes.extend_from_slice(
                                    format!(
                                        "* {} FETCH (UID {uid} FLAGS () BODY[] {{999999999999}}\r\n",
                                        seq + 1
                                    )
                                    .as_bytes(),
                                );
                                s.get_mut().write_all(&bytes).await?;
                                return endless(&mut s).await;
                            }
                            if lie == Lie::EndlessLine {
                                bytes.extend_from_slice(
                                    format!("* {} FETCH (UID {uid} FLAGS (", seq + 1).as_bytes(),
                                );
                                s.get_mut().write_all(&bytes).await?;
                                return endless(&mut s).await;
                            }
                            bytes.extend_from_slice(
                                format!(
                                    "* {} FETCH (UID {uid} FLAGS (\\Seen) BODY[] {{{announced}}}\r\n",
                                    seq + 1
                                )
                                .as_bytes(),
                            );
                            bytes.extend_from_slice(raw);
                            bytes.extend_from_slice(b")\r\n");
                        }
                        let end = if lie == Lie::UnreadableFirst && body {
                            "NO [SERVERBUG] one message could not be read"
                        } else {
                            "OK fetched"
                        };
                        bytes.extend_from_slice(format!("{tag} {end}\r\n").as_bytes());
                        s.get_mut().write_all(&bytes).await?;
                        if lie == Lie::LongLiteral && body {
                            // The client waits for the 1000 bytes announced: silence.
                            tokio::time::sleep(Duration::from_secs(60)).await;
                        }
                        continue;
                    }
                    _ => {
                        s.get_mut()
                            .write_all(format!("{tag} BAD unknown\r\n").as_bytes())
                            .await?;
                        continue;
                    }
                }
            }
            _ => {
                s.get_mut()
                    .write_all(format!("{tag} BAD unknown\r\n").as_bytes())
                    .await?;
                continue;
            }
        }
        out.push_str(&format!("{tag} OK done\r\n"));
        s.get_mut().write_all(out.as_bytes()).await?;
    }
}

async fn w(s: &mut BufReader<Tls>, t: String) -> std::io::Result<()> {
    s.get_mut().write_all(t.as_bytes()).await
}

async fn pop3_session(tls: Tls, mb: Mailbox, lie: Lie) -> std::io::Result<()> {
    let mut s = BufReader::new(tls);
    w(&mut s, "+OK scripted POP3\r\n".into()).await?;
    let mut line = String::new();
    loop {
        line.clear();
        if s.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let l = line.trim_end().to_owned();
        let cmd = l.split(' ').next().unwrap_or("").to_ascii_uppercase();
        let arg: usize = l
            .split(' ')
            .nth(1)
            .and_then(|a| a.parse().ok())
            .unwrap_or(0);
        match cmd.as_str() {
            "CAPA" => w(&mut s, "+OK\r\nUSER\r\nUIDL\r\n.\r\n".into()).await?,
            "USER" | "PASS" | "NOOP" | "DELE" => w(&mut s, "+OK\r\n".into()).await?,
            "STAT" => w(&mut s, format!("+OK {} 0\r\n", mb.messages.len())).await?,
            "LIST" => {
                let mut t = "+OK\r\n".to_owned();
                for (i, (_, raw)) in mb.messages.iter().enumerate() {
                    let size = if lie == Lie::OversizedRetr {
                        100
                    } else {
                        raw.len()
                    };
                    t.push_str(&format!("{} {size}\r\n", i + 1));
                }
                t.push_str(".\r\n");
                w(&mut s, t).await?;
            }
            "UIDL" => {
                let mut t = "+OK\r\n".to_owned();
                for (i, (uid, _)) in mb.messages.iter().enumerate() {
                    let uid = if lie == Lie::RepeatedUidl { 1 } else { *uid };
                    t.push_str(&format!("{} u{uid}{}\r\n", i + 1, mb.uidl_suffix));
                }
                t.push_str(".\r\n");
                w(&mut s, t).await?;
            }
            "RETR" => {
                let Some((_, raw)) = mb.messages.get(arg.wrapping_sub(1)) else {
                    w(&mut s, "-ERR no such message\r\n".into()).await?;
                    continue;
                };
                if lie == Lie::EndlessLine {
                    w(&mut s, "+OK\r\nSubject: x\r\n\r\n".into()).await?;
                    return endless(&mut s).await;
                }
                let mut t = b"+OK\r\n".to_vec();
                for line in raw.split_inclusive(|&b| b == b'\n') {
                    if line.starts_with(b".") {
                        t.push(b'.');
                    }
                    t.extend_from_slice(line);
                }
                if lie == Lie::OversizedRetr {
                    for _ in 0..20_000 {
                        t.extend_from_slice(b"riga in piu' di quanto annunciato\r\n");
                    }
                }
                t.extend_from_slice(b".\r\n");
                s.get_mut().write_all(&t).await?;
            }
            "QUIT" => {
                w(&mut s, "+OK bye\r\n".into()).await?;
                return Ok(());
            }
            _ => w(&mut s, "-ERR unknown\r\n".into()).await?,
        }
    }
}

fn account(id: &ServerIdentity, port: u16, incoming: Incoming) -> Account {
    let server = ServerConfig {
        host: "localhost".into(),
        port,
        security: Security::Tls,
        pin: Fingerprint::of_certificate(&id.cert_pem()),
    };
    Account::custom("bugie", USER, incoming, server.clone(), server)
}

fn opts() -> SyncOptions {
    SyncOptions {
        timeouts: Timeouts {
            connect: Duration::from_secs(2),
            tls: Duration::from_secs(2),
            io: Duration::from_millis(700),
        },
        batch: 2,
        ..support::net::sync_options()
    }
}

fn sha(b: &[u8]) -> Vec<u8> {
    Sha256::digest(b).to_vec()
}

/// The store holds exactly these messages, byte-exact, each once.
fn holds_exactly(store: &Store, messages: &[&[u8]], context: &str) {
    let want: HashSet<Vec<u8>> = messages.iter().map(|m| sha(m)).collect();
    let rows = store.list(&ListQuery::default()).unwrap();
    let got: Vec<Vec<u8>> = rows
        .iter()
        .map(|r| sha(&store.raw(r.id).unwrap()))
        .collect();
    assert_eq!(
        got.len(),
        want.len(),
        "{context}: no duplicate, nothing missing"
    );
    assert_eq!(
        got.into_iter().collect::<HashSet<_>>(),
        want,
        "{context}: byte-exact"
    );
    assert!(store.integrity_check().unwrap().is_empty(), "{context}");
}

async fn sync(store: &mut Store, acc: &Account) -> (Result<SyncSummary, SyncError>, Duration) {
    let started = Instant::now();
    let r = sync_once(store, acc, &Secret::new(PW), &opts(), &mut |_| {}).await;
    (r, started.elapsed())
}

fn protocol_error(r: &Result<SyncSummary, SyncError>, context: &str) -> String {
    match r {
        Err(SyncError::Net(NetError::Protocol { detail })) => detail.clone(),
        Err(SyncError::Net(e @ (NetError::ConnectionLost { .. } | NetError::Timeout { .. }))) => {
            e.to_string()
        }
        other => panic!("{context}: expected a protocol error, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn imap_lies_give_errors_and_lose_nothing() {
    let id = ServerIdentity::localhost().unwrap();
    let state = Shared(Arc::new(Mutex::new((mailbox(&[10, 11, 12]), Lie::None))));
    let (port, _task) = serve(Incoming::Imap, &id, state.clone()).await;
    let acc = account(&id, port, Incoming::Imap);
    let originals: Vec<Vec<u8>> = (0..3).map(message).collect();
    let refs: Vec<&[u8]> = originals.iter().map(Vec::as_slice).collect();
    let mut lies_told = 0;

    // Literal lies, an endless line: a clear error, quickly, nothing half-read stored; then
    // the truthful server's messages arrive exactly once.
    for lie in [
        Lie::ShortLiteral,
        Lie::LongLiteral,
        Lie::HugeLiteral,
        Lie::EndlessLine,
        Lie::EmptyList,
    ] {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        state.set_lie(lie);
        let (r, took) = sync(&mut store, &acc).await;
        lies_told += 1;
        let detail = protocol_error(&r, &format!("{lie:?}"));
        assert!(took < Duration::from_secs(20), "{lie:?}: took {took:?}");
        match lie {
            Lie::HugeLiteral => assert!(detail.contains("999999999999"), "{detail}"),
            Lie::EndlessLine => assert!(detail.contains("line longer"), "{detail}"),
            Lie::EmptyList => assert!(detail.contains("no folder"), "{detail}"),
            _ => {}
        }
        assert_eq!(
            store.stats().unwrap().messages,
            0,
            "{lie:?}: nothing half-read is stored"
        );
        state.set_lie(Lie::None);
        let (r, _) = sync(&mut store, &acc).await;
        r.unwrap_or_else(|e| panic!("{lie:?}: the truthful sync failed: {e}"));
        holds_exactly(&store, &refs, &format!("after {lie:?}"));
    }

    // The flags listing cut or refused, after every message arrived (the listing overlaps the
    // writer's last work): an error, not a listing read as complete and empty; what arrived
    // is stored and analysed all the same, and the next sync fetches none of it again.
    for lie in [Lie::CutAtFlags, Lie::RefusedFlags] {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        state.set_lie(lie);
        let (r, _) = sync(&mut store, &acc).await;
        lies_told += 1;
        match (lie, &r) {
            (Lie::RefusedFlags, Err(SyncError::Net(e @ NetError::Unavailable { detail, .. }))) => {
                assert!(detail.contains("try later"), "{detail}");
                assert!(e.is_transient(), "a NO is tried again later");
            }
            (Lie::RefusedFlags, other) => panic!("expected the refusal, got {other:?}"),
            _ => {
                protocol_error(&r, &format!("{lie:?}"));
            }
        }
        holds_exactly(&store, &refs, &format!("{lie:?}"));
        assert_eq!(store.pending_analysis().unwrap(), 0, "{lie:?}: analysed");
        state.set_lie(Lie::None);
        let s = sync(&mut store, &acc).await.0.unwrap();
        assert_eq!((s.fetched, s.new_messages), (0, 0), "{lie:?}: {s:?}");
        holds_exactly(&store, &refs, &format!("after {lie:?}"));
    }

    // The folder listing refused, or ended with NO after its first folder: an error tried
    // again later, never a sync of the folders that happened to be listed (Sent left out
    // would read as "synced"); nothing fetched, and the truthful sync gets everything.
    for lie in [Lie::RefusedList, Lie::PartialList] {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        state.set_lie(lie);
        let (r, _) = sync(&mut store, &acc).await;
        lies_told += 1;
        match &r {
            Err(SyncError::Net(e @ NetError::Unavailable { command, detail })) => {
                assert_eq!(command, "LIST", "{lie:?}");
                assert!(detail.contains("listing unavailable"), "{lie:?}: {detail}");
                assert!(e.is_transient(), "{lie:?}: a NO is tried again later");
            }
            other => panic!("{lie:?}: expected the refusal, got {other:?}"),
        }
        assert_eq!(
            store.stats().unwrap().messages,
            0,
            "{lie:?}: nothing synced"
        );
        state.set_lie(Lie::None);
        let (r, _) = sync(&mut store, &acc).await;
        r.unwrap_or_else(|e| panic!("{lie:?}: the truthful sync failed: {e}"));
        holds_exactly(&store, &refs, &format!("after {lie:?}"));
    }

    // A body FETCH that ends with NO after the messages the server could send: those are
    // stored, the sync goes on, and the next one fetches the one left out.
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    state.set_lie(Lie::UnreadableFirst);
    let s = sync(&mut store, &acc).await.0.unwrap();
    lies_told += 1;
    assert_eq!((s.fetched, s.new_messages), (2, 2), "{s:?}");
    holds_exactly(&store, &refs[1..], "one message left out with NO");
    state.set_lie(Lie::None);
    let s = sync(&mut store, &acc).await.0.unwrap();
    assert_eq!((s.fetched, s.new_messages), (1, 1), "{s:?}");
    holds_exactly(&store, &refs, "the message left out, fetched next time");

    // UIDs going backwards without a UIDVALIDITY change: a new message below the mark is
    // still fetched; the same messages renumbered are recognised, not duplicated.
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    sync(&mut store, &acc).await.0.unwrap();
    let newcomer = message(7);
    state.edit(|m| m.messages.insert(0, (5, newcomer.clone())));
    let (r, _) = sync(&mut store, &acc).await;
    let s = r.unwrap();
    lies_told += 1;
    assert_eq!(s.below_mark, 1, "{s:?}");
    let mut with_new = refs.clone();
    with_new.push(&newcomer);
    holds_exactly(&store, &with_new, "a UID below the mark");
    state.edit(|m| {
        for (i, msg) in m.messages.iter_mut().enumerate() {
            msg.0 = i as u32 + 1;
        }
        m.uidnext = 5;
    });
    let (r, _) = sync(&mut store, &acc).await;
    let s = r.unwrap();
    lies_told += 1;
    assert_eq!((s.fetched, s.new_messages), (4, 0), "{s:?}");
    holds_exactly(&store, &with_new, "UIDs renumbered");
    let copies_before = store.stats().unwrap().copies;

    // UIDVALIDITY changed: the folder is fetched again, the old copies stay.
    state.edit(|m| m.uidvalidity = 8);
    let (r, _) = sync(&mut store, &acc).await;
    let s = r.unwrap();
    lies_told += 1;
    assert_eq!(s.uidvalidity_resets, 1);
    assert_eq!((s.fetched, s.new_messages), (4, 0));
    holds_exactly(&store, &with_new, "UIDVALIDITY changed");
    assert_eq!(store.stats().unwrap().copies, copies_before + 4);
    // Under the old UIDVALIDITY: the first four UIDs and the four renumbered ones.
    assert_eq!(
        store
            .imap_uids(&MailboxKey::new("bugie", "INBOX", 7))
            .unwrap()
            .len(),
        8
    );

    Figures::new(
        "network",
        "IMAP server lies (scripted server over TLS): literal too short, too long, of a trillion bytes; endless line; flags listing cut, refused; folder listing refused; a message left out of a FETCH ending with NO; UIDs going backwards; UIDs renumbered; UIDVALIDITY change",
    )
    .inputs(lies_told)
    .messages(4)
    .outcome("each literal or line lie a protocol error or time-out within seconds with nothing half-read stored, then the truthful sync stored every message exactly once; a flags listing cut or refused an error with every message fetched kept and analysed; a message left out with NO fetched by the next sync; a message below the UID mark fetched; renumbered and re-validated messages recognised, old copies kept")
    .record();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pop3_lies_give_errors_and_lose_nothing() {
    let id = ServerIdentity::localhost().unwrap();
    let state = Shared(Arc::new(Mutex::new((mailbox(&[1, 2, 3]), Lie::None))));
    let (port, _task) = serve(Incoming::Pop3, &id, state.clone()).await;
    let acc = account(&id, port, Incoming::Pop3);
    let originals: Vec<Vec<u8>> = (0..3).map(message).collect();
    let refs: Vec<&[u8]> = originals.iter().map(Vec::as_slice).collect();
    let mut lies_told = 0;

    for lie in [Lie::OversizedRetr, Lie::EndlessLine, Lie::RepeatedUidl] {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        state.set_lie(lie);
        let (r, took) = sync(&mut store, &acc).await;
        lies_told += 1;
        let detail = protocol_error(&r, &format!("{lie:?}"));
        assert!(took < Duration::from_secs(20), "{lie:?}: took {took:?}");
        match lie {
            Lie::OversizedRetr => assert!(detail.contains("announced"), "{detail}"),
            Lie::EndlessLine => assert!(detail.contains("line longer"), "{detail}"),
            Lie::RepeatedUidl => assert!(detail.contains("twice"), "{detail}"),
            _ => {}
        }
        assert_eq!(store.stats().unwrap().messages, 0, "{lie:?}");
        state.set_lie(Lie::None);
        sync(&mut store, &acc)
            .await
            .0
            .unwrap_or_else(|e| panic!("{lie:?}: the truthful sync failed: {e}"));
        holds_exactly(&store, &refs, &format!("after {lie:?}"));
    }

    // UIDLs renamed: the same messages are fetched again and recognised by their bytes.
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    sync(&mut store, &acc).await.0.unwrap();
    state.edit(|m| m.uidl_suffix = "-nuovo".into());
    let s = sync(&mut store, &acc).await.0.unwrap();
    lies_told += 1;
    assert_eq!((s.fetched, s.new_messages), (3, 0));
    holds_exactly(&store, &refs, "UIDLs renamed");
    assert_eq!(store.stats().unwrap().copies, 6);

    Figures::new(
        "network",
        "POP3 server lies (scripted server over TLS): a message far larger than LIST said, an endless line, a UIDL given twice, UIDLs renamed",
    )
    .inputs(lies_told)
    .messages(3)
    .outcome("each a protocol error within seconds with nothing stored, then the truthful sync stored every message exactly once; renamed UIDLs fetched again and recognised by their bytes")
    .record();
}
