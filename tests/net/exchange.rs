//! Sigillo's own network code against the local PEC provider (real SMTP submission over TLS,
//! real Dovecot over IMAPS and POP3S, certificates pinned): sending, the sender's timeline
//! after an IMAP sync, the recipient's envelope over IMAP and POP3, anomalies, the Bcc and size
//! rules, POP3 deletion only when asked, and the connection test.

use crate::support;

use futures_util::StreamExt;
use sigillo::account::{Incoming, Secret};
use sigillo::net::NetError;
use sigillo::net::check::check_account;
use sigillo::net::compose::{Attachment, ComposeError, Draft};
use sigillo::net::imap::Imap;
use sigillo::net::send::{
    SendError, SendEvent, SendOptions, SendProgress, send, send_raw, send_stream,
};
use sigillo::net::sync::{SyncOptions, sync_once};
use sigillo::net::tls::{Protocol, Security};
use sigillo::pec::timeline::{AcceptanceState, RecipientState};
use sigillo::pec::{PecKind, ReceiptType};
use sigillo::store::{ListQuery, Store, TimelineQuery};
use sigillo::verify::Status;
use support::net::{
    A, B, C, PW, X, account, provider, server_flags, sync_options, timeouts, trust,
};

fn pw() -> Secret {
    Secret::new(PW)
}

fn kinds(store: &Store, account: &str, folder: Option<&str>) -> Vec<PecKind> {
    let mut k: Vec<PecKind> = store
        .list(&ListQuery {
            account: Some(account.into()),
            folder: folder.map(str::to_owned),
            ..ListQuery::default()
        })
        .unwrap()
        .into_iter()
        .filter_map(|r| r.kind)
        .collect();
    k.sort_by_key(|k| k.as_str());
    k
}

fn draft(receipt: ReceiptType) -> Draft {
    Draft {
        to: vec![format!("Anna Bianchi <{B}>"), C.into()],
        cc: vec![X.into()],
        subject: "Diffida n. 7/2026".into(),
        body: "Gentile collega,\nin allegato la diffida.\n".into(),
        attachments: vec![Attachment::from_file(
            "diffida.pdf",
            b"%PDF-1.4 diffida di prova".to_vec(),
        )],
        receipt,
        ..Draft::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn send_then_the_senders_timeline_and_the_recipients_envelope() {
    let p = provider().await;
    let dir_a = tempfile::tempdir().unwrap();
    let mut store_a = Store::open(dir_a.path()).unwrap();
    let acc_a = account(&p, "alfa", A, Incoming::Imap);

    let mut events = Vec::new();
    let sent = send(
        &mut store_a,
        &acc_a,
        &pw(),
        &draft(ReceiptType::Breve),
        &SendOptions {
            timeouts: timeouts(),
        },
        &mut |e| events.push(e),
    )
    .await
    .unwrap_or_else(|e| panic!("sending failed: {e}"));
    assert_eq!(sent.recipients, [B, C, X]);
    assert_eq!(
        sent.appended_to.as_deref(),
        Some("Sent"),
        "{:?}",
        sent.append_error
    );
    assert!(
        sent.server_reply.starts_with("250"),
        "{}",
        sent.server_reply
    );
    assert!(matches!(
        events.first(),
        Some(SendEvent::Prepared { recipients: 3, .. })
    ));
    assert!(events.contains(&SendEvent::Stored { id: sent.store_id }));

    // The timeline starts at once, before any sync: waiting for the acceptance.
    let t = store_a.timelines(&TimelineQuery::default()).unwrap();
    assert_eq!(t.len(), 1);
    assert_eq!(t[0].sent_id, Some(sent.store_id));
    assert_eq!(t[0].acceptance.state, AcceptanceState::InAttesa);

    // Sync A over IMAPS: acceptance, B's delivery receipt, C's delivery error.
    let mut opts = sync_options();
    opts.verify_with = Some(std::sync::Arc::new(trust(&p)));
    let summary = sync_once(&mut store_a, &acc_a, &pw(), &opts, &mut |_| {})
        .await
        .unwrap_or_else(|e| panic!("sync failed: {e}"));
    assert_eq!(summary.folders, 2, "INBOX and Sent");
    assert_eq!(summary.fetched, 4, "three receipts and the Sent copy");
    assert_eq!(
        summary.new_messages, 3,
        "the Sent copy is the stored sent message"
    );
    assert_eq!(
        summary.verified, 4,
        "the receipts, and the sent message (unsigned)"
    );

    let t = store_a.timelines(&TimelineQuery::default()).unwrap();
    assert_eq!(t.len(), 1, "one transmission: {t:#?}");
    let t = &t[0];
    assert!(!t.from_receipts_only);
    assert_eq!(t.sent_id, Some(sent.store_id));
    assert_eq!(t.message_id.as_deref(), Some(sent.message_id.as_str()));
    assert_eq!(t.acceptance.state, AcceptanceState::Accettato);
    let row = |addr: &str| {
        t.recipients
            .iter()
            .find(|r| r.address == addr)
            .unwrap_or_else(|| panic!("{addr} not in {:#?}", t.recipients))
    };
    assert_eq!(row(B).state, RecipientState::Consegnato);
    assert_eq!(row(B).receipt_type, Some(ReceiptType::Breve));
    assert_eq!(row(B).certified, Some(true));
    assert_eq!(row(C).state, RecipientState::ErroreConsegna);
    assert_eq!(row(X).state, RecipientState::Esterno);
    assert_eq!(row(X).certified, Some(false));

    // Every receipt passed the signature check against the provider's root.
    for r in store_a
        .list(&ListQuery {
            folder: Some("INBOX".into()),
            ..ListQuery::default()
        })
        .unwrap()
    {
        assert_eq!(r.signature, Some(Status::Valid), "{:?}", r.kind);
    }
    // The sent message is one message with two copies: sent by Sigillo, and in Sent.
    let copies = store_a.copies(sent.store_id).unwrap();
    let mut sources: Vec<(String, Option<String>)> = copies
        .iter()
        .map(|c| (c.source.as_str().to_owned(), c.folder.clone()))
        .collect();
    sources.sort();
    assert_eq!(
        sources,
        [("imap".into(), Some("Sent".into())), ("sent".into(), None)]
    );

    // A second sync fetches nothing.
    let again = sync_once(&mut store_a, &acc_a, &pw(), &sync_options(), &mut |_| {})
        .await
        .unwrap();
    assert_eq!((again.fetched, again.new_messages), (0, 0));

    // B over IMAPS: the envelope, not marked as read on the server.
    let dir_b = tempfile::tempdir().unwrap();
    let mut store_b = Store::open(dir_b.path()).unwrap();
    let acc_b = account(&p, "beta", B, Incoming::Imap);
    sync_once(&mut store_b, &acc_b, &pw(), &sync_options(), &mut |_| {})
        .await
        .unwrap();
    assert_eq!(
        kinds(&store_b, "beta", Some("INBOX")),
        [PecKind::PostaCertificata]
    );
    let flags = server_flags(&p, B, "INBOX").await;
    assert_eq!(flags.len(), 1);
    assert!(
        !flags[0].1.contains("\\Seen"),
        "BODY.PEEK must not mark it read"
    );

    // B over POP3S: the same bytes, and they stay on the server.
    let dir_b2 = tempfile::tempdir().unwrap();
    let mut store_b2 = Store::open(dir_b2.path()).unwrap();
    let acc_b2 = account(&p, "beta-pop", B, Incoming::Pop3);
    let s = sync_once(&mut store_b2, &acc_b2, &pw(), &sync_options(), &mut |_| {})
        .await
        .unwrap();
    assert_eq!((s.fetched, s.deleted_on_server), (1, 0));
    let imap_row = &store_b.list(&ListQuery::default()).unwrap()[0];
    let pop_row = &store_b2.list(&ListQuery::default()).unwrap()[0];
    assert_eq!(
        store_b.raw(imap_row.id).unwrap(),
        store_b2.raw(pop_row.id).unwrap()
    );
    assert_eq!(p.dovecot().messages(B, "INBOX").unwrap().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ordinary_mail_into_a_pec_box_arrives_as_an_anomaly() {
    let p = provider().await;
    p.inject(
        format!(
            "From: qualcuno@esterno.test\r\nTo: {B}\r\nSubject: Posta ordinaria\r\n\
             Message-ID: <ord-1@esterno.test>\r\nDate: Tue, 24 Nov 2026 10:00:00 +0100\r\n\r\nCiao\r\n"
        )
        .as_bytes(),
        &[B],
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let acc = account(&p, "beta", B, Incoming::Imap);
    let mut opts = sync_options();
    opts.verify_with = Some(std::sync::Arc::new(trust(&p)));
    sync_once(&mut store, &acc, &pw(), &opts, &mut |_| {})
        .await
        .unwrap();
    let rows = store.list(&ListQuery::default()).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].kind, Some(PecKind::Anomalia));
    assert_eq!(rows[0].signature, Some(Status::Valid));
}

/// Unread messages of `folder` in the store, as the window's folder list shows them.
fn unread(store: &Store, folder: &str) -> usize {
    store
        .folders()
        .unwrap()
        .into_iter()
        .filter(|f| f.folder.as_deref() == Some(folder))
        .map(|f| f.unread)
        .sum()
}

/// The UIDs of `folder` that carry `\Seen` on the server.
async fn seen_on_server(
    p: &sigillo_test_provider::provider::Provider,
    address: &str,
    folder: &str,
) -> Vec<u32> {
    server_flags(p, address, folder)
        .await
        .into_iter()
        .filter(|(_, f)| f.split_whitespace().any(|f| f == "\\Seen"))
        .map(|(uid, _)| uid)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_opened_here_is_marked_read_on_the_server_by_the_next_sync() {
    let p = provider().await;
    for i in 1..=2 {
        let raw = format!(
            "From: qualcuno@esterno.test\r\nTo: {B}\r\nSubject: Avviso {i}\r\n\
             Message-ID: <seen-{i}@esterno.test>\r\nDate: Tue, 24 Nov 2026 10:0{i}:00 +0100\r\n\r\nCiao\r\n"
        );
        p.dovecot().deliver(B, "INBOX", raw.as_bytes()).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let acc = account(&p, "beta", B, Incoming::Imap);
    let first = sync_once(&mut store, &acc, &pw(), &sync_options(), &mut |_| {})
        .await
        .unwrap();
    assert_eq!((first.fetched, first.seen_set_on_server), (2, 0));
    assert_eq!(unread(&store, "INBOX"), 2);

    // Opened in the window: read here at once, the server not told yet.
    let rows = store.list(&ListQuery::default()).unwrap();
    let opened = rows[0].id;
    let copy = &store.copies(opened).unwrap()[0];
    let (uidvalidity, uid) = (copy.uidvalidity.unwrap() as u32, copy.uid.unwrap() as u32);
    assert_eq!(store.mark_read(opened).unwrap(), 1);
    assert_eq!(store.mark_read(opened).unwrap(), 0, "already read");
    assert_eq!(unread(&store, "INBOX"), 1);
    assert_eq!(
        store.seen_pending("beta", "INBOX").unwrap(),
        [(uidvalidity, uid)]
    );
    assert!(seen_on_server(&p, B, "INBOX").await.is_empty());

    // The next sync sets \Seen there, and its own look at the flags does not undo it here.
    let second = sync_once(&mut store, &acc, &pw(), &sync_options(), &mut |_| {})
        .await
        .unwrap();
    assert_eq!(second.seen_set_on_server, 1);
    assert_eq!(seen_on_server(&p, B, "INBOX").await, [uid]);
    assert!(store.seen_pending("beta", "INBOX").unwrap().is_empty());
    assert_eq!(unread(&store, "INBOX"), 1);
    let third = sync_once(&mut store, &acc, &pw(), &sync_options(), &mut |_| {})
        .await
        .unwrap();
    assert_eq!((third.seen_set_on_server, third.flags_updated), (0, 0));

    // Read in another client: the sync brings that here too.
    let other = rows[1].id;
    let other_uid = store.copies(other).unwrap()[0].uid.unwrap() as u32;
    let ep = acc.incoming_server.endpoint(Protocol::Imap, timeouts());
    let mut imap = Imap::login(&ep, B, &pw()).await.unwrap();
    imap.select("INBOX").await.unwrap();
    imap.add_seen(&[other_uid]).await.unwrap();
    imap.logout().await;
    sync_once(&mut store, &acc, &pw(), &sync_options(), &mut |_| {})
        .await
        .unwrap();
    assert_eq!(unread(&store, "INBOX"), 0);
    assert_eq!(store.mark_read(other).unwrap(), 0, "read elsewhere already");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bcc_and_oversized_messages_are_refused_before_connecting() {
    let p = provider().await;
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let mut acc = account(&p, "alfa", A, Incoming::Imap);
    let before = p.events().len();

    let raw = format!(
        "From: {A}\r\nTo: {B}\r\nBcc: {X}\r\nSubject: nascosto\r\nMessage-ID: <b@pec.alfa.test>\r\n\r\nx\r\n"
    );
    let r = send_raw(
        &mut store,
        &acc,
        &pw(),
        raw.as_bytes(),
        &SendOptions::default(),
        &mut |_| {},
    )
    .await;
    assert!(
        matches!(r, Err(SendError::Compose(ComposeError::BccNotAllowed))),
        "{r:?}"
    );

    acc.max_size_times_recipients = 50_000;
    let mut d = draft(ReceiptType::Completa);
    d.attachments = vec![Attachment::from_file("grande.bin", vec![0x5a; 20_000])];
    match send(
        &mut store,
        &acc,
        &pw(),
        &d,
        &SendOptions::default(),
        &mut |_| {},
    )
    .await
    {
        Err(SendError::Compose(ComposeError::TooLarge {
            recipients,
            limit,
            total,
            ..
        })) => {
            assert_eq!((recipients, limit), (3, 50_000));
            assert!(total > 50_000);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(p.events().len(), before, "nothing reached the provider");
    assert_eq!(store.stats().unwrap().messages, 0, "nothing stored as sent");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn starttls_submission_and_sintetica_receipt() {
    let p = provider().await;
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let mut acc = account(&p, "alfa", A, Incoming::Imap);
    acc.smtp_server.port = p.submission_port();
    acc.smtp_server.security = Security::StartTls;
    let d = Draft {
        to: vec![B.into()],
        subject: "Via STARTTLS".into(),
        body: "ok".into(),
        receipt: ReceiptType::Sintetica,
        ..Draft::default()
    };
    // Through the compose window's API: a stream of progress ending with the outcome.
    let progress: Vec<SendProgress> = send_stream(
        dir.path().to_owned(),
        acc.clone(),
        pw(),
        d,
        SendOptions {
            timeouts: timeouts(),
        },
    )
    .collect()
    .await;
    match progress.last() {
        Some(SendProgress::Done(Ok(o))) => assert!(o.appended_to.is_some()),
        other => panic!("STARTTLS sending failed: {other:?}"),
    }
    assert!(
        progress
            .iter()
            .any(|p| matches!(p, SendProgress::Event(SendEvent::Submitting)))
    );
    // Signatures checked as they arrive: only a proven receipt decides the state.
    let mut opts = sync_options();
    opts.verify_with = Some(std::sync::Arc::new(trust(&p)));
    sync_once(&mut store, &acc, &pw(), &opts, &mut |_| {})
        .await
        .unwrap();
    let t = &store.timelines(&TimelineQuery::default()).unwrap()[0];
    assert_eq!(t.recipients[0].state, RecipientState::Consegnato);
    assert_eq!(t.recipients[0].receipt_type, Some(ReceiptType::Sintetica));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pop3_deletes_only_when_asked_and_only_what_is_stored() {
    let p = provider().await;
    for i in 0..3 {
        p.inject(
            format!("From: x@esterno.test\r\nTo: {B}\r\nSubject: n{i}\r\n\r\nbody {i}\r\n")
                .as_bytes(),
            &[B],
        )
        .unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let mut acc = account(&p, "beta", B, Incoming::Pop3);
    let s = sync_once(&mut store, &acc, &pw(), &sync_options(), &mut |_| {})
        .await
        .unwrap();
    assert_eq!((s.fetched, s.deleted_on_server), (3, 0));
    assert_eq!(
        p.dovecot().messages(B, "INBOX").unwrap().len(),
        3,
        "left on the server"
    );

    // "Delete after 30 days": nothing is that old yet.
    acc.pop3.delete_after_days = Some(30);
    let s = sync_once(&mut store, &acc, &pw(), &sync_options(), &mut |_| {})
        .await
        .unwrap();
    assert_eq!((s.fetched, s.deleted_on_server), (0, 0));

    // "Delete after 0 days": everything stored here goes from the server, and stays here.
    acc.pop3.delete_after_days = Some(0);
    let s = sync_once(&mut store, &acc, &pw(), &sync_options(), &mut |_| {})
        .await
        .unwrap();
    assert_eq!(s.deleted_on_server, 3);
    assert!(p.dovecot().messages(B, "INBOX").unwrap().is_empty());
    assert_eq!(store.stats().unwrap().messages, 3);
    assert!(
        store
            .pop3_copies("beta")
            .unwrap()
            .iter()
            .all(|c| c.server_deleted_at.is_some())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_connection_test_reports_what_failed() {
    let p = provider().await;
    let acc = account(&p, "alfa", A, Incoming::Imap);
    let ok = check_account(&acc, &pw(), timeouts()).await;
    assert!(ok.ok(), "{ok:?}");
    assert!(ok.incoming.as_ref().unwrap().idle);

    let bad = check_account(&acc, &Secret::new("sbagliata"), timeouts()).await;
    assert!(
        matches!(bad.incoming, Err(NetError::Login { .. })),
        "{bad:?}"
    );
    assert!(matches!(bad.smtp, Err(NetError::Login { .. })), "{bad:?}");
    assert!(!format!("{bad:?}").contains("sbagliata"));

    let mut missing = acc.clone();
    missing.imap.folders = vec!["Archivio inesistente".into()];
    let r = check_account(&missing, &pw(), timeouts()).await;
    assert!(
        matches!(r.incoming, Err(NetError::Folder { ref folder, .. }) if folder == "Archivio inesistente"),
        "{r:?}"
    );

    let mut pop = account(&p, "beta", B, Incoming::Pop3);
    pop.incoming_server.port = p.imaps_port();
    let r = check_account(&pop, &pw(), timeouts()).await;
    assert!(
        matches!(
            r.incoming,
            Err(NetError::Protocol { .. }) | Err(NetError::Refused { .. })
        ),
        "an IMAP server answering POP3: {r:?}"
    );
    let _ = SyncOptions::default();
}
