//! The watch loop as the desktop app uses it (`watch_stream`, an event stream per account):
//! new mail pushed by IMAP IDLE arrives without waiting for the poll, "sync now" wakes a
//! polling loop, network errors are retried with backoff, and a refused password stops the
//! loop with the reason.

use crate::support;

use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use sigillo::account::{Incoming, Secret};
use sigillo::net::NetError;
use sigillo::net::sync::{SyncError, SyncEvent, SyncOptions, watch_stream};
use sigillo::pec::PecKind;
use sigillo::store::{ListQuery, Store};
use sigillo_test_provider::provider::Provider;
use support::net::{B, PW, account, provider, sync_options};
use tokio::sync::Notify;

/// Waits for the next event matching `want`, failing after `secs`.
async fn next_matching<S>(stream: &mut S, secs: u64, want: impl Fn(&SyncEvent) -> bool) -> SyncEvent
where
    S: futures_util::Stream<Item = SyncEvent> + Unpin,
{
    let deadline = tokio::time::Instant::now() + Duration::from_secs(secs);
    loop {
        match tokio::time::timeout_at(deadline, stream.next()).await {
            Ok(Some(e)) if want(&e) => return e,
            Ok(Some(_)) => {}
            Ok(None) => panic!("the stream ended"),
            Err(_) => panic!("no matching event within {secs} s"),
        }
    }
}

fn finished(e: &SyncEvent) -> bool {
    matches!(e, SyncEvent::Finished { .. })
}

fn ordinary(n: u32) -> Vec<u8> {
    format!(
        "From: x@esterno.test\r\nTo: {B}\r\nSubject: nuova {n}\r\nMessage-ID: <n{n}@esterno.test>\r\n\r\nciao\r\n"
    )
    .into_bytes()
}

/// The watch loop of beta's IMAP account into `profile`, with a 10-minute poll: what arrives
/// comes by IDLE (or a wake in `opts`).
fn watching(
    p: &Provider,
    profile: &std::path::Path,
    opts: SyncOptions,
) -> std::pin::Pin<Box<impl futures_util::Stream<Item = SyncEvent> + use<>>> {
    let mut acc = account(p, "beta", B, Incoming::Imap);
    acc.imap.poll_seconds = 600;
    Box::pin(watch_stream(profile.to_owned(), acc, Secret::new(PW), opts))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_brings_new_mail_at_once_and_sync_now_wakes_a_poll() {
    let p = provider().await;
    let dir = tempfile::tempdir().unwrap();
    let mut stream = watching(&p, dir.path(), sync_options());
    next_matching(&mut stream, 20, finished).await;
    next_matching(&mut stream, 20, |e| {
        matches!(e, SyncEvent::Waiting { idle: true, .. })
    })
    .await;

    // New mail: IDLE wakes the loop long before the 10-minute poll.
    p.inject(&ordinary(1), &[B]).unwrap();
    match next_matching(&mut stream, 15, finished).await {
        SyncEvent::Finished { summary, .. } => assert_eq!(summary.fetched, 1),
        _ => unreachable!(),
    }
    let store = Store::open(dir.path()).unwrap();
    let rows = store.list(&ListQuery::default()).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].kind, Some(PecKind::Anomalia));
    drop(stream);

    // Without IDLE: a 10-minute poll, cut short by "sync now".
    let mut acc = account(&p, "beta", B, Incoming::Imap);
    acc.imap.poll_seconds = 600;
    acc.imap.idle = false;
    let wake = Arc::new(Notify::new());
    let mut opts = sync_options();
    opts.wake = Some(wake.clone());
    let mut stream = Box::pin(watch_stream(
        dir.path().to_owned(),
        acc,
        Secret::new(PW),
        opts,
    ));
    next_matching(&mut stream, 20, finished).await;
    next_matching(&mut stream, 20, |e| {
        matches!(e, SyncEvent::Waiting { idle: false, .. })
    })
    .await;
    p.inject(&ordinary(2), &[B]).unwrap();
    wake.notify_one();
    match next_matching(&mut stream, 15, finished).await {
        SyncEvent::Finished { summary, .. } => assert_eq!(summary.fetched, 1),
        _ => unreachable!(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn network_errors_are_retried_and_a_wrong_password_stops_the_loop() {
    let p = provider().await;
    let dir = tempfile::tempdir().unwrap();

    // Nothing listens there: retried with a growing pause.
    let mut acc = account(&p, "beta", B, Incoming::Imap);
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    acc.incoming_server.port = closed.local_addr().unwrap().port();
    drop(closed);
    let mut stream = Box::pin(watch_stream(
        dir.path().to_owned(),
        acc,
        Secret::new(PW),
        sync_options(),
    ));
    let mut attempts = Vec::new();
    while attempts.len() < 3 {
        if let SyncEvent::Retrying { attempt, error, .. } =
            next_matching(&mut stream, 10, |e| matches!(e, SyncEvent::Retrying { .. })).await
        {
            assert!(matches!(error, NetError::Tcp { .. }), "{error:?}");
            attempts.push(attempt);
        }
    }
    assert_eq!(attempts, [1, 2, 3]);
    drop(stream);

    // A refused password is not retried: the loop stops and says why.
    let acc = account(&p, "beta", B, Incoming::Imap);
    let mut stream = Box::pin(watch_stream(
        dir.path().to_owned(),
        acc,
        Secret::new("sbagliata"),
        sync_options(),
    ));
    match next_matching(&mut stream, 10, |e| matches!(e, SyncEvent::Failed { .. })).await {
        SyncEvent::Failed { error, .. } => {
            assert!(
                matches!(*error, SyncError::Net(NetError::Login { .. })),
                "{error:?}"
            )
        }
        _ => unreachable!(),
    }
    assert!(
        stream.next().await.is_none(),
        "the stream ends after Failed"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_read_in_the_window_reaches_the_server_on_the_open_connection() {
    let p = provider().await;
    p.inject(&ordinary(7), &[B]).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let wake = Arc::new(Notify::new());
    let mut opts = sync_options();
    opts.wake = Some(wake.clone());
    let mut stream = watching(&p, dir.path(), opts);
    next_matching(&mut stream, 20, finished).await;
    next_matching(&mut stream, 20, |e| {
        matches!(e, SyncEvent::Waiting { idle: true, .. })
    })
    .await;

    // The window opens the message (its own connection to the store), then wakes the worker.
    let mut store = Store::open(dir.path()).unwrap();
    let id = store.list(&ListQuery::default()).unwrap()[0].id;
    let uid = store.copies(id).unwrap()[0].uid.unwrap() as u32;
    assert_eq!(store.mark_read(id).unwrap(), 1);
    wake.notify_one();
    let mut between = Vec::new();
    let summary = loop {
        match tokio::time::timeout(Duration::from_secs(15), stream.next()).await {
            Ok(Some(SyncEvent::Finished { summary, .. })) => break summary,
            Ok(Some(e)) => between.push(e),
            Ok(None) => panic!("the stream ended"),
            Err(_) => panic!("no sync within 15 s of the wake"),
        }
    };
    assert_eq!(summary.seen_set_on_server, 1);
    assert!(
        !between.iter().any(|e| matches!(
            e,
            SyncEvent::Connecting { .. } | SyncEvent::Connected { .. }
        )),
        "IDLE ended and the same connection synced: {between:?}"
    );
    drop(stream);
    let flags = support::net::server_flags(&p, B, "INBOX").await;
    assert_eq!(flags.len(), 1);
    assert_eq!(flags[0].0, uid);
    assert!(flags[0].1.contains("\\Seen"), "{flags:?}");
    assert!(store.seen_pending("beta", "INBOX").unwrap().is_empty());
}

/// Segments of one of the store's full-text indexes, read from its structure record (FTS5
/// keeps it at id 10 of the index's `_data` table: a 4-byte cookie, in the structure's second
/// version a 4-byte marker, then the number of levels and of segments as SQLite varints).
fn index_segments(profile: &std::path::Path, index: &str) -> u64 {
    let c = rusqlite::Connection::open_with_flags(
        profile.join("sigillo.db"),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap();
    let block: Vec<u8> = c
        .query_row(
            &format!("SELECT block FROM {index}_data WHERE id = 10"),
            [],
            |r| r.get(0),
        )
        .unwrap();
    let mut at = 4;
    if block[4..8] == [0xff, 0, 0, 1] {
        at = 8;
    }
    let mut varint = || {
        let mut v = 0u64;
        for k in 0..9 {
            let b = block[at];
            at += 1;
            if k == 8 {
                return (v << 8) | u64::from(b);
            }
            v = (v << 7) | u64::from(b & 0x7f);
            if b & 0x80 == 0 {
                return v;
            }
        }
        unreachable!()
    };
    let _levels = varint();
    varint()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn between_syncs_the_watch_loop_merges_what_they_left_in_the_indexes() {
    let p = provider().await;
    let dir = tempfile::tempdir().unwrap();
    let mut stream = watching(&p, dir.path(), sync_options());
    let waiting = |e: &SyncEvent| matches!(e, SyncEvent::Waiting { idle: true, .. });
    next_matching(&mut stream, 20, waiting).await;
    // Five syncs of one message each on the same connection: a sync's writer leaves its
    // segment unmerged, five of them per index (FTS5 merges on its own only at 16).
    for n in 0..5 {
        p.inject(&ordinary(100 + n), &[B]).unwrap();
        match next_matching(&mut stream, 15, finished).await {
            SyncEvent::Finished { summary, .. } => assert_eq!(summary.fetched, 1),
            _ => unreachable!(),
        }
        next_matching(&mut stream, 20, waiting).await;
    }
    // While the loop waits in IDLE, they are merged (the structure's segments count
    // falls below four, FTS5's merge threshold).
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        let segments = ["search", "search_head"].map(|i| index_segments(dir.path(), i));
        if segments.iter().all(|&s| s < 4) {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "still unmerged 20 s after the last sync: {segments:?} segments"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let store = Store::open(dir.path()).unwrap();
    let found = store
        .search(&sigillo::store::SearchQuery {
            text: "nuova".into(),
            limit: 100,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(found.len(), 5, "every message still found after the merge");
}
