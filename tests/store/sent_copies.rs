//! The user's own sent PEC in the store: one sent message is one entry even when the server's
//! Sent copy differs in bytes from the copy kept at sending (both kept byte-exact, both listed
//! as its places), and a sent message imported from anywhere (an mbox, an .eml) is recognised
//! as the sent message of its receipts when a receipt whose signature is valid names its
//! Message-ID and its sender, in any arrival order; a forged or unproven receipt claims
//! nothing.

use crate::support;

use sigillo::outcome::{Badge, Event};
use sigillo::pec::PecKind;
use sigillo::store::{ListQuery, SearchQuery, Source, Store, TimelineQuery};
use sigillo::verify::{Status, Verification};
use support::exchange::{Exchange, NoticeSpec, permutations};

fn imap(folder: &str, uid: u32) -> Source {
    Source::Imap {
        account: "studio".into(),
        folder: folder.into(),
        uidvalidity: 1,
        uid,
    }
}

fn sent_here() -> Source {
    Source::Sent {
        account: "studio".into(),
    }
}

fn archive(offset: u64) -> Source {
    Source::Import {
        path: "/archivio/vecchia-posta.mbox".into(),
        offset: Some(offset),
        account: None,
        folder: Some("vecchia-posta".into()),
    }
}

/// The server's copy of a sent message: the same message with a header the server added.
fn server_rewrite(raw: &[u8]) -> Vec<u8> {
    let mut out = b"X-Stored-By: server-side copy of the submission\r\n".to_vec();
    out.extend_from_slice(raw);
    out
}

fn valid() -> Verification {
    Verification::bare(Status::Valid, None)
}

fn rows(store: &Store) -> Vec<sigillo::store::MessageRow> {
    store.list(&ListQuery::default()).unwrap()
}

/// Every count the store keeps (all messages, each folder for any account and per account)
/// equals the rows the same listing gives.
fn counts_match_listings(store: &Store, when: &str) {
    let mut queries = vec![ListQuery::default()];
    for f in store.folders().unwrap() {
        let Some(folder) = f.folder else { continue };
        queries.push(ListQuery {
            folder: Some(folder.clone()),
            ..ListQuery::default()
        });
        queries.push(ListQuery {
            account: f.account.clone(),
            folder: Some(folder),
            ..ListQuery::default()
        });
    }
    for q in queries {
        assert_eq!(
            store.count(&q).unwrap(),
            store.list(&q).unwrap().len(),
            "{when}: {:?} {:?}",
            q.account,
            q.folder
        );
    }
}

#[test]
fn a_sent_message_and_its_rewritten_server_copy_are_one_entry_with_both_bytes() {
    let x = Exchange::new(1, &[("anna@pec.altro.it", true)]);
    let here = x.sent();
    let server = server_rewrite(&here);
    assert_ne!(here, server);
    for order in [[0usize, 1], [1, 0]] {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let items = [
            (here.clone(), sent_here()),
            (server.clone(), imap("Sent", 7)),
        ];
        let mut ids = Vec::new();
        for &i in &order {
            ids.push(store.ingest(&items[i].0, &items[i].1).unwrap().id);
        }
        // Whichever arrived first is the entry; the second answers with it too.
        assert_eq!(ids[0], ids[1], "{order:?}");
        let entry = ids[0];
        let listed = rows(&store);
        assert_eq!(listed.len(), 1, "{order:?}: one entry, not two");
        assert_eq!(listed[0].id, entry);
        assert_eq!(listed[0].outcome.badge(), Badge::Sent);
        assert_eq!(store.count(&ListQuery::default()).unwrap(), 1);
        counts_match_listings(&store, "merged");
        // Both copies are its places; each says whose bytes it has.
        let copies = store.copies(entry).unwrap();
        assert_eq!(copies.len(), 2, "{copies:#?}");
        let other = copies
            .iter()
            .find(|c| c.bytes_id.is_some())
            .expect("the copy with other bytes says so");
        let first_bytes = &items[order[0]].0;
        let second_bytes = &items[order[1]].0;
        assert_eq!(&store.raw(entry).unwrap(), first_bytes);
        assert_eq!(&store.raw(other.bytes_id.unwrap()).unwrap(), second_bytes);
        use sha2::Digest;
        assert_eq!(
            other.bytes_sha256.as_deref(),
            Some(hex::encode(sha2::Sha256::digest(second_bytes)).as_str())
        );
        // One timeline, whose sent message is the entry.
        let t = store.timelines(&TimelineQuery::default()).unwrap();
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].sent_id, Some(entry));
        // Found once by words, by Message-ID (entry first), in Sent and nowhere else.
        let hits = store
            .search(&SearchQuery {
                text: "pratica".into(),
                ..SearchQuery::default()
            })
            .unwrap();
        assert_eq!(hits.iter().map(|h| h.row.id).collect::<Vec<_>>(), [entry]);
        let by_id = store.find_by_message_id(&format!("<{}>", x.msgid)).unwrap();
        assert_eq!(by_id, [entry], "both copies are found as the entry");
        let folders = store.folders().unwrap();
        assert_eq!(
            folders
                .iter()
                .map(|f| (f.folder.as_deref(), f.messages))
                .collect::<Vec<_>>(),
            [(Some("Sent"), 1)],
            "not also under 'no folder'"
        );
        // The same place again adds nothing; a reindex keeps one entry and both bytes.
        let again = store.ingest(&server, &imap("Sent", 7)).unwrap();
        assert!(!again.new_copy && !again.new_message);
        assert_eq!(again.id, entry);
        store.reindex(&mut |_, _| {}).unwrap();
        assert_eq!(rows(&store).len(), 1);
        assert_eq!(store.copies(entry).unwrap().len(), 2);
        assert_eq!(store.timelines(&TimelineQuery::default()).unwrap().len(), 1);
        assert_eq!(store.stats().unwrap().messages, 2, "both bytes stay stored");
        counts_match_listings(&store, "reindexed");
        // The entry deleted: what stays is listed and counted alike.
        store.delete_message(entry).unwrap();
        counts_match_listings(&store, "entry deleted");
    }
}

#[test]
fn only_the_users_own_sent_copies_are_merged() {
    let x = Exchange::new(2, &[("anna@pec.altro.it", true)]);
    let here = x.sent();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    store.ingest(&here, &sent_here()).unwrap();
    // The same Message-ID received in the inbox (not a sent copy): another message.
    let received = server_rewrite(&here);
    store.ingest(&received, &imap("INBOX", 1)).unwrap();
    // A sent copy with the same Message-ID but another sender: another message.
    let forged = String::from_utf8(here.clone())
        .unwrap()
        .replace("mario.rossi@pec.esempio.it", "qualcun.altro@pec.esempio.it")
        .into_bytes();
    store.ingest(&forged, &imap("Sent", 2)).unwrap();
    assert_eq!(rows(&store).len(), 3);
}

fn notices(x: &Exchange, to: &str) -> Vec<Vec<u8>> {
    vec![
        x.notice(&NoticeSpec::new("accettazione", (10, 16))),
        x.notice(&NoticeSpec::new("avvenuta-consegna", (10, 17)).to(to)),
    ]
}

#[test]
fn a_sent_message_imported_from_anywhere_is_the_sent_message_of_its_proven_receipts() {
    let a = "anna@pec.altro.it";
    let x = Exchange::new(3, &[(a, true)]);
    let mut items: Vec<Vec<u8>> = notices(&x, a);
    items.push(x.sent());
    for order in permutations(items.len()) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let mut sent_id = None;
        let mut receipts = Vec::new();
        for &i in &order {
            let r = store.ingest(&items[i], &archive(i as u64 * 1000)).unwrap();
            if r.kind == Some(PecKind::Ordinaria) {
                sent_id = Some(r.id);
            } else {
                receipts.push(r.id);
            }
        }
        // Before the receipts' signatures are known valid, nothing is claimed.
        let t = store.timelines(&TimelineQuery::default()).unwrap();
        assert_eq!(t.len(), 1);
        assert_eq!(
            t[0].sent_id, None,
            "{order:?}: unproven receipts claim nothing"
        );
        assert!(t[0].from_receipts_only);
        // The checks find them valid: the archive's message is the sent message.
        for id in &receipts {
            store.set_verification(*id, &valid()).unwrap();
        }
        let t = store.timelines(&TimelineQuery::default()).unwrap();
        assert_eq!(t.len(), 1, "{order:?}");
        assert_eq!(t[0].sent_id, sent_id, "{order:?}");
        assert!(!t[0].from_receipts_only);
        let row = rows(&store)
            .into_iter()
            .find(|r| Some(r.id) == sent_id)
            .unwrap();
        assert_eq!(row.outcome.badge(), Badge::Sent, "{order:?}");
        let Event::Sent(d) = &row.outcome.event else {
            unreachable!()
        };
        assert_eq!(d.recipients.len(), 1);
        assert_eq!(
            d.recipients[0].state,
            sigillo::pec::timeline::RecipientState::Consegnato
        );
        // A trust-list change forgets every check: the claim goes with it.
        store.clear_verifications().unwrap();
        let t = store.timelines(&TimelineQuery::default()).unwrap();
        assert_eq!(t[0].sent_id, None, "{order:?}");
        assert_ne!(
            rows(&store)
                .into_iter()
                .find(|r| Some(r.id) == sent_id)
                .unwrap()
                .outcome
                .badge(),
            Badge::Sent
        );
    }
}

#[test]
fn a_receipt_claims_no_message_of_another_sender_nor_with_a_failing_signature() {
    let a = "anna@pec.altro.it";
    let x = Exchange::new(4, &[(a, true)]);
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    // Someone else's message that happens to carry the same Message-ID.
    let other = String::from_utf8(x.sent())
        .unwrap()
        .replace(
            "From: Mario Rossi <mario.rossi@pec.esempio.it>",
            "From: <x@altrove.it>",
        )
        .into_bytes();
    let m = store.ingest(&other, &archive(0)).unwrap().id;
    for (i, n) in notices(&x, a).iter().enumerate() {
        let id = store.ingest(n, &archive(100 + i as u64)).unwrap().id;
        store.set_verification(id, &valid()).unwrap();
    }
    let t = store.timelines(&TimelineQuery::default()).unwrap();
    assert_eq!(t[0].sent_id, None, "another sender's message is not ours");
    // The user's own message, with receipts whose signature was tampered with.
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    store.ingest(&x.sent(), &archive(0)).unwrap();
    for (i, n) in notices(&x, a).iter().enumerate() {
        let id = store.ingest(n, &archive(100 + i as u64)).unwrap().id;
        store
            .set_verification(id, &Verification::bare(Status::Tampered, None))
            .unwrap();
    }
    let t = store.timelines(&TimelineQuery::default()).unwrap();
    assert_eq!(t[0].sent_id, None, "tampered receipts prove nothing");
    let _ = m;
}

#[test]
fn the_users_own_copy_outranks_a_lookalike_from_an_archive() {
    // Anyone who knows a sent message's Message-ID and sender can make a message with both and
    // other words. Imported first, it is named by the proven receipts; the user's own copy
    // (seen in the Sent folder) arrives later and is the sent message all the same.
    let a = "anna@pec.altro.it";
    let x = Exchange::new(4, &[(a, true)]);
    let real = x.sent();
    let text = String::from_utf8(real.clone()).unwrap();
    let forged = text.replacen("Subject: ", "X-Altered: 1\r\nSubject: ", 1);
    assert_ne!(forged.as_bytes(), real.as_slice());
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let lookalike = store.ingest(forged.as_bytes(), &archive(0)).unwrap();
    for (i, n) in notices(&x, a).iter().enumerate() {
        let r = store.ingest(n, &archive(1000 + i as u64)).unwrap();
        store.set_verification(r.id, &valid()).unwrap();
    }
    let t = store.timelines(&TimelineQuery::default()).unwrap();
    assert_eq!(t[0].sent_id, Some(lookalike.id), "named by proven receipts");
    let own = store.ingest(&real, &imap("Posta inviata", 7)).unwrap();
    assert_ne!(own.id, lookalike.id);
    let t = store.timelines(&TimelineQuery::default()).unwrap();
    assert_eq!(t.len(), 1);
    assert_eq!(
        t[0].sent_id,
        Some(own.id),
        "the user's own copy is the sent message"
    );
    assert_eq!(store.raw(t[0].sent_id.unwrap()).unwrap(), real);
}
