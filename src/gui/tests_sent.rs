//! A PEC sent through the local test provider (real SMTPS submission, real Dovecot over IMAPS)
//! and synced back: one entry for the sent message, shown as "PEC inviata", with both copies
//! (the one kept at sending and the server's Sent copy) as its places, and its delivery card in
//! the message view, once with the copy Sigillo appended (same bytes) and once with a copy the
//! server rewrote (other bytes, kept byte-exact).

use sigillo::account::{Account, Incoming, Secret, ServerConfig};
use sigillo::i18n::{self, Lang, tr};

use sigillo::net::compose::Draft;
use sigillo::net::send::{SendOptions, send};
use sigillo::net::sync::{SyncOptions, sync_once};
use sigillo::net::tls::{Fingerprint, Protocol, Security, Timeouts};
use sigillo::outcome::Badge;
use sigillo::pec::ReceiptType;
use sigillo::pec::timeline::RecipientState;
use sigillo::store::{ListQuery, Store};
use sigillo::verify::{AnchorSource, TrustList};
use sigillo_test_provider::provider::{Provider, ProviderConfig};

use super::message_view::MessageView;
use super::tests::texts;
use sigillo::reading::{self, StoredFacts};

const A: &str = "elena.galli@pec.alfa.test";
const B: &str = "paolo.conti@pec.beta.test";
const X: &str = "fabio.santoro@esterno.test";
const PW: &str = "Pw-di-prova-9Z!k";

fn timeouts() -> Timeouts {
    Timeouts {
        connect: std::time::Duration::from_secs(5),
        tls: std::time::Duration::from_secs(5),
        io: std::time::Duration::from_secs(10),
    }
}

fn account(p: &Provider, append_sent: bool) -> Account {
    let pin = Fingerprint::of_certificate(&p.tls_cert_pem()).unwrap();
    let server = |port| ServerConfig {
        host: p.host().into(),
        port,
        security: Security::Tls,
        pin: Some(pin),
    };
    let mut a = Account::custom(
        "studio",
        A,
        Incoming::Imap,
        server(p.imaps_port()),
        server(p.smtps_port()),
    );
    a.imap.append_sent = append_sent;
    a
}

fn draft(subject: &str) -> Draft {
    Draft {
        to: vec![B.into()],
        cc: vec![X.into()],
        subject: subject.into(),
        body: "Gentile collega,\nle trasmetto la documentazione.\n".into(),
        receipt: ReceiptType::Completa,
        ..Draft::default()
    }
}

/// What the window loads besides the bytes.
fn stored(store: &Store, id: i64) -> StoredFacts {
    let policy = sigillo::pec::timeline::Policy::default();
    reading::stored_facts(store, id, chrono::Utc::now(), &policy).unwrap()
}

#[test]
fn a_sent_pec_synced_back_is_one_entry_shown_as_sent_with_its_copies_and_delivery_card() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let p = rt
        .block_on(Provider::start(ProviderConfig::for_tests()))
        .unwrap_or_else(|e| panic!("the test provider did not start: {e}"));
    p.add_pec_account(A, PW).unwrap();
    p.add_pec_account(B, PW).unwrap();
    p.add_external_mailbox(X, PW).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let pw = Secret::new(PW);
    let opts = SendOptions {
        timeouts: timeouts(),
    };

    // 1. Sigillo appends its own copy to Sent (the same bytes).
    let same = rt
        .block_on(send(
            &mut store,
            &account(&p, true),
            &pw,
            &draft("Trasmissione documenti n. 1"),
            &opts,
            &mut |_| {},
        ))
        .unwrap_or_else(|e| panic!("sending failed: {e}"));
    assert_eq!(same.appended_to.as_deref(), Some("Sent"));

    // 2. The server keeps its own copy in Sent, rewritten (a header added): other bytes.
    let rewritten = rt
        .block_on(send(
            &mut store,
            &account(&p, false),
            &pw,
            &draft("Trasmissione documenti n. 2"),
            &opts,
            &mut |_| {},
        ))
        .unwrap_or_else(|e| panic!("sending failed: {e}"));
    let kept = store.raw(rewritten.store_id).unwrap();
    let mut server_copy = b"X-Archived-By: server copy of the submission\r\n".to_vec();
    server_copy.extend_from_slice(&kept);
    rt.block_on(async {
        let acc = account(&p, false);
        let ep = acc.incoming_server.endpoint(Protocol::Imap, timeouts());
        let mut imap = sigillo::net::imap::Imap::login(&ep, A, &pw).await.unwrap();
        imap.append("Sent", "\\Seen", &server_copy).await.unwrap();
        imap.logout().await;
    });

    // Sync: receipts, and the Sent folder.
    let trust = TrustList::from_anchors(
        vec![openssl::x509::X509::from_pem(&p.pec_root_pem()).unwrap()],
        AnchorSource::Extra,
    );
    let sync_opts = SyncOptions {
        timeouts: timeouts(),
        verify_with: Some(std::sync::Arc::new(trust.clone())),
        ..SyncOptions::default()
    };
    // The receipts come a moment after submission: sync until both transmissions are
    // accepted and delivered to B (bounded).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        rt.block_on(sync_once(
            &mut store,
            &account(&p, true),
            &pw,
            &sync_opts,
            &mut |_| {},
        ))
        .unwrap_or_else(|e| panic!("sync failed: {e}"));
        let done = [same.store_id, rewritten.store_id].iter().all(|&id| {
            store
                .timeline_of(
                    id,
                    chrono::Utc::now(),
                    &sigillo::pec::timeline::Policy::default(),
                )
                .unwrap()
                .is_some_and(|t| {
                    t.recipients
                        .iter()
                        .any(|r| r.state == RecipientState::Consegnato)
                })
        });
        if done {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the receipts did not arrive"
        );
        std::thread::sleep(std::time::Duration::from_millis(500));
    }

    let rows = store.list(&ListQuery::default()).unwrap();
    for (sent, other_bytes) in [(&same, false), (&rewritten, true)] {
        // One entry per sent message, shown as a PEC the user sent.
        let entries: Vec<_> = rows
            .iter()
            .filter(|r| r.message_id.as_deref() == Some(sent.message_id.as_str()))
            .collect();
        assert_eq!(entries.len(), 1, "{}: {entries:#?}", sent.message_id);
        let row = entries[0];
        assert_eq!(row.id, sent.store_id);
        assert_eq!(row.outcome.badge(), Badge::Sent);
        // Both copies are its places; the rewritten one keeps its own bytes.
        let copies = store.copies(row.id).unwrap();
        let mut places: Vec<(String, Option<String>)> = copies
            .iter()
            .map(|c| (c.source.as_str().to_owned(), c.folder.clone()))
            .collect();
        places.sort();
        assert_eq!(
            places,
            [("imap".into(), Some("Sent".into())), ("sent".into(), None)]
        );
        let imap = copies
            .iter()
            .find(|c| c.source == sigillo::store::CopyKind::Imap)
            .unwrap();
        assert_eq!(imap.bytes_id.is_some(), other_bytes);
        if let Some(b) = imap.bytes_id {
            assert_eq!(store.raw(b).unwrap(), server_copy, "kept byte-exact");
            assert_eq!(store.raw(row.id).unwrap(), kept, "kept byte-exact");
        }
        // Its view: "PEC inviata", the delivery card, both copies.
        for lang in Lang::ALL {
            let raw = store.raw(row.id).unwrap();
            let opened = reading::prepare(row.id, raw, &trust, None, lang, stored(&store, row.id));
            let headline = i18n::outcome_headline(lang, &opened.outcome);
            let found = texts(MessageView::new(opened).view(lang));
            let has = |s: &str| found.iter().any(|(t, _)| t == s);
            let sent_prefix = i18n::tr_args(lang, "outcome-sent", &[("summary", i18n::arg(""))]);
            assert_eq!(found[0].0, headline);
            assert!(found[0].0.starts_with(&sent_prefix), "{lang:?}: {headline}");
            assert!(has(&i18n::badge_label(lang, Badge::Sent)));
            assert!(has(&tr(lang, "gui-delivery-title")));
            assert!(has(B) && has(X), "{found:?}");
            assert!(has(&i18n::state_label(lang, RecipientState::Consegnato)));
            assert!(has(&i18n::state_label(lang, RecipientState::Esterno)));
            assert!(has(&i18n::tr_args(
                lang,
                "gui-copies-title",
                &[("count", i18n::num(2))]
            )));
            let marker = i18n::tr_args(lang, "gui-copy-other-bytes", &[("sha", i18n::arg(""))]);
            let marker = marker.split(" (").next().unwrap().to_owned();
            let other_line = found.iter().any(|(t, _)| t.contains(&marker));
            assert_eq!(other_line, other_bytes, "{lang:?}");
        }
    }
    // The sidebar lists the messages in Sent, not also under "no folder".
    let folders = store.folders().unwrap();
    assert!(
        folders
            .iter()
            .all(|f| f.folder.is_some() || f.account.as_deref() != Some("studio")),
        "{folders:#?}"
    );
}
