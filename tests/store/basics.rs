//! The local store on a real SQLite file: raw bytes first and byte-exact, duplicates stored once
//! with every provenance, unreadable input kept, verification columns, reindex, search, listing,
//! and timelines fed from stored receipts in any arrival order.

use crate::support;

use std::collections::HashMap;

use chrono::{TimeZone, Utc};
use rusqlite::Connection;
use sigillo::pec::timeline::{Policy, RecipientState, Timeline};
use sigillo::pec::{PecKind, RecipientType};
use sigillo::store::{
    ListQuery, MailboxKey, SearchOrder, SearchQuery, SignatureFilter, Source, Store, TimelineQuery,
};
use sigillo::verify::{CertInfo, Note, Status, TimeSource, Verification};
use support::exchange::{Exchange, NoticeSpec, ingest, permutations};
use support::handmade::{Pec, daticert, postacert};

fn import_src(path: &str) -> Source {
    Source::Import {
        path: path.into(),
        offset: None,
        account: None,
        folder: None,
    }
}

fn imap(folder: &str, uid: u32) -> Source {
    Source::Imap {
        account: "studio".into(),
        folder: folder.into(),
        uidvalidity: 7,
        uid,
    }
}

fn envelope() -> Vec<u8> {
    Pec {
        x_trasporto: Some("posta-certificata"),
        x_ricevuta: None,
        extra_headers: vec![],
        subject: "POSTA CERTIFICATA: Contratto di fornitura".into(),
        daticert: Some(daticert(
            "posta-certificata",
            "nessuno",
            "Contratto di fornitura",
            "<ricevuta tipo=\"completa\" />",
        )),
        postacert: Some(postacert(false)),
        postacert_name: "postacert.eml",
    }
    .build()
}

fn raw_db(store: &Store) -> Connection {
    Connection::open(store.path()).unwrap()
}

#[test]
fn same_bytes_are_stored_once_with_every_provenance_and_byte_exact() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let raw = envelope();
    let a = ingest(&mut store, &raw, &imap("INBOX", 1)).unwrap();
    assert!(a.new_message && a.new_copy);
    assert_eq!(a.kind, Some(PecKind::PostaCertificata));
    let b = ingest(&mut store, &raw, &import_src("/archivio/busta.eml")).unwrap();
    assert_eq!(b.id, a.id);
    assert!(!b.new_message && b.new_copy);
    // The same place again adds nothing.
    let c = ingest(&mut store, &raw, &imap("INBOX", 1)).unwrap();
    assert!(!c.new_message && !c.new_copy);

    let stats = store.stats().unwrap();
    assert_eq!((stats.messages, stats.copies), (1, 2));
    assert_eq!(store.raw(a.id).unwrap(), raw);
    let copies = store.copies(a.id).unwrap();
    assert_eq!(copies[0].source, sigillo::store::CopyKind::Imap);
    assert_eq!(copies[0].uid, Some(1));
    assert_eq!(copies[0].uidvalidity, Some(7));
    assert_eq!(copies[1].source, sigillo::store::CopyKind::Import);
    assert_eq!(copies[1].path.as_deref(), Some("/archivio/busta.eml"));
    assert_eq!(store.find_copy(&imap("INBOX", 1)).unwrap(), Some(a.id));
    assert_eq!(store.find_copy(&imap("INBOX", 2)).unwrap(), None);

    // A line-ending change is different bytes: stored apart, never normalised.
    let flipped = support::corpus::flip_line_endings(&raw);
    let d = ingest(&mut store, &flipped, &imap("INBOX", 2)).unwrap();
    assert!(d.new_message);
    assert_eq!(store.raw(d.id).unwrap(), flipped);

    let detail = store.message(a.id).unwrap();
    assert_eq!(
        detail.row.subject.as_deref(),
        Some("Contratto di fornitura")
    );
    assert_eq!(
        detail.row.sender.as_deref(),
        Some("mario.rossi@pec.esempio.it")
    );
    assert_eq!(
        detail.daticert.as_ref().unwrap().identificativo.as_deref(),
        Some("opec001.20250205101530.1@pec.esempio.it")
    );
    assert_eq!(detail.recipients.len(), 2);
    assert_eq!(detail.recipients[1].tipo, RecipientType::Esterno);
    assert_eq!(detail.attachments.len(), 1);
    assert_eq!(detail.attachments[0].name.as_deref(), Some("contratto.pdf"));
    assert_eq!(detail.attachments[0].size, 39);
    assert_eq!(
        detail.original.as_ref().unwrap().subject.as_deref(),
        Some("Contratto di fornitura")
    );
    assert_eq!(
        detail.row.date.unwrap().to_rfc3339(),
        "2025-02-05T10:15:30+01:00"
    );
    use sha2::Digest;
    assert_eq!(detail.sha256, hex::encode(sha2::Sha256::digest(&raw)));
}

#[test]
fn unreadable_bytes_are_kept_and_listed_as_illeggibile() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let junk: Vec<u8> = (0..=255u8).cycle().take(3000).collect();
    let r = ingest(&mut store, &junk, &import_src("/x/blob.bin")).unwrap();
    assert_eq!(r.kind, Some(PecKind::Illeggibile));
    assert_eq!(store.raw(r.id).unwrap(), junk);
    let rows = store
        .list(&ListQuery {
            kind: Some(PecKind::Illeggibile),
            ..ListQuery::default()
        })
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].id, r.id);
    let empty = ingest(&mut store, b"", &import_src("/x/empty.eml")).unwrap();
    assert_eq!(empty.kind, Some(PecKind::Illeggibile));
    assert_eq!(store.stats().unwrap().unreadable, 2);
}

#[cfg(unix)]
#[test]
fn database_file_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("profilo");
    let mut store = Store::open(&profile).unwrap();
    ingest(&mut store, &envelope(), &imap("INBOX", 1)).unwrap();
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(store.path()), 0o600);
    assert_eq!(mode(&profile), 0o700);
    let wal = std::path::PathBuf::from(format!("{}-wal", store.path().display()));
    assert!(wal.exists(), "WAL mode");
    assert_eq!(mode(&wal), 0o600);
    let mode_of: String = raw_db(&store)
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode_of, "wal");
}

#[test]
fn verification_is_stored_and_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let id = store.ingest(&envelope(), &imap("INBOX", 1)).unwrap().id;
    assert_eq!(store.verification(id).unwrap(), None, "not yet verified");
    assert_eq!(
        store.list(&ListQuery::default()).unwrap()[0].signature,
        None
    );
    let when = Utc.with_ymd_and_hms(2025, 2, 5, 9, 15, 30).unwrap();
    let v = Verification {
        status: Status::Valid,
        signer: Some(cert(
            1,
            "C=IT, O=Gestore Esempio S.p.A., CN=posta-certificata@pec.esempio.it",
            "CN=AgID CA1",
        )),
        chain: vec![],
        signing_time: Some(when),
        signing_time_source: Some(TimeSource::SigningTime),
        reason: None,
        notes: vec![Note::RevocationNotChecked],
    };
    store.set_verification(id, &v).unwrap();
    let back = store.verification(id).unwrap().unwrap();
    assert_eq!(back.status, Status::Valid);
    assert_eq!(
        back.signer_organization.as_deref(),
        Some("Gestore Esempio S.p.A.")
    );
    assert_eq!(
        back.signer_email.as_deref(),
        Some("posta-certificata@pec.esempio.it")
    );
    assert_eq!(back.signing_time, Some(when));
    assert_eq!(back.signing_time_source, Some(TimeSource::SigningTime));
    assert_eq!(back.notes[0]["code"], "revocation-not-checked");
    assert_eq!(back.detail["status"], "valid");
    assert_eq!(
        store.list(&ListQuery::default()).unwrap()[0].signature,
        Some(Status::Valid)
    );
    let found = store
        .search(&SearchQuery {
            signature: Some(SignatureFilter::Status(Status::Valid)),
            ..SearchQuery::default()
        })
        .unwrap();
    assert_eq!(found.len(), 1);
    let unverified = store
        .search(&SearchQuery {
            signature: Some(SignatureFilter::Unverified),
            ..SearchQuery::default()
        })
        .unwrap();
    assert!(unverified.is_empty());
    // A reindex keeps the outcome; clearing forgets it.
    store.reindex(&mut |_, _| {}).unwrap();
    assert_eq!(
        store.verification(id).unwrap().unwrap().status,
        Status::Valid
    );
    assert_eq!(store.clear_verifications().unwrap(), 1);
    assert_eq!(store.verification(id).unwrap(), None);
    assert!(store.set_verification(9999, &v).is_err());
}

/// A certificate summary as the verifier makes one; `n` tells them apart.
fn cert(n: u8, subject: &str, issuer: &str) -> CertInfo {
    CertInfo {
        subject: subject.into(),
        issuer: issuer.into(),
        organization: Some("Gestore Esempio S.p.A.".into()),
        common_name: Some(subject.rsplit("CN=").next().unwrap().into()),
        emails: if n == 1 {
            vec!["posta-certificata@pec.esempio.it".into()]
        } else {
            vec![]
        },
        serial: format!("0{n}"),
        not_before: Some(Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap()),
        not_after: Some(Utc.with_ymd_and_hms(2034, 1, 1, 0, 0, 0).unwrap()),
        sha256: format!("{n:02x}").repeat(32),
    }
}

#[test]
fn a_signature_outcome_keeps_its_chain_once_and_reads_back_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let signer = cert(
        1,
        "O=Gestore Esempio S.p.A., CN=Posta Certificata",
        "CN=CA1",
    );
    let chain = vec![
        signer.clone(),
        cert(2, "CN=CA1", "CN=Root"),
        cert(3, "CN=Root", "CN=Root"),
    ];
    let v = Verification {
        status: Status::Valid,
        signer: Some(signer),
        chain,
        signing_time: Some(Utc.with_ymd_and_hms(2025, 2, 5, 9, 15, 30).unwrap()),
        signing_time_source: Some(TimeSource::SigningTime),
        reason: Some("why".into()),
        notes: vec![
            Note::RevocationNotChecked,
            Note::Detail {
                text: "library".into(),
            },
        ],
    };
    let whole = serde_json::to_value(&v).unwrap();
    // Three messages signed with the same chain.
    let mut ids: Vec<i64> = (1..=3u32)
        .map(|n| {
            let raw = String::from_utf8(envelope()).unwrap().replacen(
                "Subject: ",
                &format!("Subject: {n} "),
                1,
            );
            store
                .ingest(raw.as_bytes(), &imap("INBOX", 10 + n))
                .unwrap()
                .id
        })
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 3, "three messages");
    for &id in &ids {
        store.set_verification(id, &v).unwrap();
    }
    // Read back, the detail is the outcome's whole JSON: every field of the certificates.
    for &id in &ids {
        assert_eq!(store.verification(id).unwrap().unwrap().detail, whole);
    }
    let db = raw_db(&store);
    let kept: i64 = db
        .query_row("SELECT count(*) FROM certificates", [], |r| r.get(0))
        .unwrap();
    assert_eq!(kept, 3, "each certificate kept once");
    let row: String = db
        .query_row(
            "SELECT sig_detail FROM messages WHERE id = ?1",
            [ids[0]],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        !row.contains("Gestore Esempio"),
        "the row names them: {row}"
    );
    assert!(row.contains(&"02".repeat(32)), "{row}");
    // An outcome written in full by an earlier version reads as it was written.
    db.execute(
        "UPDATE messages SET sig_detail = ?2 WHERE id = ?1",
        rusqlite::params![ids[1], serde_json::to_string(&v).unwrap()],
    )
    .unwrap();
    assert_eq!(store.verification(ids[1]).unwrap().unwrap().detail, whole);
    // A certificate whose facts are missing stays a fingerprint, nothing made up.
    db.execute(
        "DELETE FROM certificates WHERE sha256 = ?1",
        [&"03".repeat(32)],
    )
    .unwrap();
    let detail = store.verification(ids[2]).unwrap().unwrap().detail;
    assert_eq!(
        detail["chain"][2],
        serde_json::json!({ "sha256": "03".repeat(32) })
    );
    assert_eq!(detail["chain"][1], whole["chain"][1]);
    // A newer reading of a certificate replaces the older one.
    let mut again = v.clone();
    again.chain[2].serial = "FF".into();
    store.set_verification(ids[2], &again).unwrap();
    assert_eq!(
        store.verification(ids[0]).unwrap().unwrap().detail["chain"][2]["serial"],
        "FF"
    );
}

#[test]
fn reindex_recomputes_everything_from_the_raw_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let x = Exchange::new(3, &[("anna@pec.altro.it", true)]);
    ingest(&mut store, &x.sent(), &imap("Sent", 1)).unwrap();
    ingest(
        &mut store,
        &x.notice(&NoticeSpec::new("accettazione", (10, 16))),
        &imap("INBOX", 2),
    )
    .unwrap();
    ingest(
        &mut store,
        &x.notice(&NoticeSpec::new("avvenuta-consegna", (10, 17)).to("anna@pec.altro.it")),
        &imap("INBOX", 3),
    )
    .unwrap();
    let before_list = store.list(&ListQuery::default()).unwrap();
    let before_tl = store.timelines(&TimelineQuery::default()).unwrap();
    let before_hits = store
        .search(&SearchQuery {
            text: "pratica".into(),
            ..SearchQuery::default()
        })
        .unwrap();
    assert_eq!(before_hits.len(), 3);

    // Damage every derived table behind the store's back.
    raw_db(&store)
        .execute_batch(
            "UPDATE messages SET kind = 'ordinaria', display_subject = 'x', cert_identificativo = NULL;
             DELETE FROM recipients; DELETE FROM timeline_rows; DELETE FROM transmissions;
             DELETE FROM search;",
        )
        .unwrap();
    assert!(
        store
            .timelines(&TimelineQuery::default())
            .unwrap()
            .is_empty()
    );

    let s = store.reindex(&mut |_, _| {}).unwrap();
    assert_eq!(s.messages, 3);
    assert_eq!(s.timelines, 1);
    assert_eq!(store.list(&ListQuery::default()).unwrap(), before_list);
    let after_tl = store.timelines(&TimelineQuery::default()).unwrap();
    assert_eq!(after_tl.len(), 1);
    assert_eq!(after_tl[0].recipients, before_tl[0].recipients);
    assert_eq!(after_tl[0].recipients[0].state, RecipientState::Consegnato);
    let after_hits = store
        .search(&SearchQuery {
            text: "pratica".into(),
            ..SearchQuery::default()
        })
        .unwrap();
    assert_eq!(after_hits.len(), 3);
    assert!(store.integrity_check().unwrap().is_empty());
}

/// Ingests one scripted exchange in the given order; returns the timeline with receipt ids
/// replaced by the labels of the messages.
fn run_order(order: &[usize], msgs: &[(&str, Vec<u8>, Source)]) -> (Timeline, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let mut label: HashMap<i64, String> = HashMap::new();
    for &i in order {
        let (name, raw, src) = &msgs[i];
        let r = ingest(&mut store, raw, src).unwrap();
        label.insert(r.id, (*name).to_owned());
    }
    let now = Utc.with_ymd_and_hms(2025, 2, 5, 12, 0, 0).unwrap();
    let q = TimelineQuery {
        now,
        ..TimelineQuery::default()
    };
    let all = store.timelines(&q).unwrap();
    assert_eq!(
        all.len(),
        1,
        "one sent message, one timeline (order {order:?})"
    );
    let mut t = all.into_iter().next().unwrap();
    // The stored rows equal what the state machine computes from the stored members.
    let sent_id = t.sent_id.expect("the sent message is linked");
    let pure = store
        .recompute_timeline_of(sent_id, now, &Policy::default())
        .unwrap()
        .unwrap();
    assert_eq!(pure, t);
    let map = |id: &mut i64| -> String { label[id].clone() };
    let mut proofs = Vec::new();
    for r in &mut t.recipients {
        let mut names: Vec<String> = r.receipts.iter_mut().map(|x| map(&mut x.id)).collect();
        names.sort();
        proofs.push(format!("{}:{}:{}", r.address, r.state, names.join(",")));
        r.receipts.clear();
        r.proof.clear();
    }
    t.sent_id = None;
    t.acceptance.receipt = None;
    (t, proofs)
}

#[test]
fn scripted_exchange_gives_the_same_timeline_in_every_arrival_order() {
    let a = "anna@pec.altro.it";
    let b = "bruno@pec.terzo.it";
    let l = "luca@example.com";
    let x = Exchange::new(5, &[(a, true), (b, true), (l, false)]);
    let msgs: Vec<(&str, Vec<u8>, Source)> = vec![
        ("sent", x.sent(), imap("Sent", 1)),
        (
            "acc",
            x.notice(&NoticeSpec::new("accettazione", (10, 16))),
            imap("INBOX", 2),
        ),
        (
            "cons-a",
            x.notice(&NoticeSpec::new("avvenuta-consegna", (10, 17)).to(a)),
            imap("INBOX", 3),
        ),
        (
            "prea-b",
            x.notice(
                &NoticeSpec::new("preavviso-errore-consegna", (22, 16))
                    .to(b)
                    .error("altro", "dodici ore"),
            ),
            imap("INBOX", 4),
        ),
        (
            "fin-b",
            x.notice(
                &NoticeSpec::new("preavviso-errore-consegna", (34, 16))
                    .to(b)
                    .error(
                        "altro",
                        "5.4.1 - Gestore - non consegnato nelle prime ventiquattro ore",
                    ),
            ),
            imap("INBOX", 5),
        ),
    ];
    let (reference, proofs) = run_order(&[0, 1, 2, 3, 4], &msgs);
    assert_eq!(
        proofs,
        vec![
            "anna@pec.altro.it:consegnato:acc,cons-a",
            "bruno@pec.terzo.it:errore-consegna:acc,fin-b,prea-b",
            "luca@example.com:esterno:acc",
        ]
    );
    assert!(!reference.from_receipts_only);
    assert_eq!(reference.subject.as_deref(), Some("Pratica numero 5"));
    for p in permutations(msgs.len()) {
        let (t, pr) = run_order(&p, &msgs);
        assert_eq!(pr, proofs, "order {p:?}");
        assert_eq!(t, reference, "order {p:?}");
    }
}

#[test]
fn orphan_receipts_wait_for_their_message_and_attach_when_it_arrives() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let a = "anna@pec.altro.it";
    let x = Exchange::new(8, &[(a, true)]);
    // A delivery receipt alone is an orphan: not yet a sent PEC.
    ingest(
        &mut store,
        &x.notice(&NoticeSpec::new("avvenuta-consegna", (10, 17)).to(a)),
        &imap("INBOX", 1),
    )
    .unwrap();
    assert!(
        store
            .timelines(&TimelineQuery::default())
            .unwrap()
            .is_empty()
    );
    // The acceptance receipt makes it a sent PEC, rebuilt from receipts.
    ingest(
        &mut store,
        &x.notice(&NoticeSpec::new("accettazione", (10, 16))),
        &imap("INBOX", 2),
    )
    .unwrap();
    let t = store.timelines(&TimelineQuery::default()).unwrap();
    assert_eq!(t.len(), 1);
    assert!(t[0].from_receipts_only);
    assert_eq!(t[0].recipients[0].state, RecipientState::Consegnato);
    // The sent message arrives, in any folder: the proven receipts name its Message-ID and
    // its sender, so it is the sent message of their transmission wherever it was found.
    let sent = x.sent();
    let r = ingest(&mut store, &sent, &imap("INBOX", 3)).unwrap();
    let t = store.timelines(&TimelineQuery::default()).unwrap();
    assert_eq!(t.len(), 1);
    assert!(
        !t[0].from_receipts_only,
        "proven receipts name it: it is the sent message"
    );
    assert_eq!(t[0].sent_id, Some(r.id));
    // Seen in Sent too: still one transmission, the same message.
    assert!(store.add_copy(r.id, &imap("Posta inviata", 9)).unwrap());
    let t = store.timelines(&TimelineQuery::default()).unwrap();
    assert_eq!(t.len(), 1);
    assert!(!t[0].from_receipts_only);
    assert_eq!(t[0].sent_id, Some(r.id));
    assert_eq!(t[0].recipients[0].receipts.len(), 2);
    // Every member points at the same timeline.
    let now = Utc::now();
    for id in 1..=3 {
        assert_eq!(
            store
                .timeline_of(id, now, &Policy::default())
                .unwrap()
                .unwrap()
                .sent_id,
            Some(r.id)
        );
    }
}

#[test]
fn sent_message_without_receipts_waits_then_is_late_and_can_be_filtered() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let x = Exchange::new(9, &[("anna@pec.altro.it", true)]);
    ingest(
        &mut store,
        &x.sent(),
        &Source::Sent {
            account: "studio".into(),
        },
    )
    .unwrap();
    let y = Exchange::new(10, &[("bruno@pec.terzo.it", true)]);
    ingest(&mut store, &y.sent(), &imap("Sent", 2)).unwrap();
    ingest(
        &mut store,
        &y.notice(&NoticeSpec::new("accettazione", (10, 16))),
        &imap("INBOX", 3),
    )
    .unwrap();
    let soon = Utc.with_ymd_and_hms(2025, 2, 5, 12, 0, 0).unwrap();
    let late = Utc.with_ymd_and_hms(2025, 2, 7, 12, 0, 0).unwrap();
    let q = |state, now| TimelineQuery {
        state: Some(state),
        now,
        ..TimelineQuery::default()
    };
    assert_eq!(
        store
            .timelines(&q(RecipientState::InAttesa, soon))
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        store
            .timelines(&q(RecipientState::Accettato, soon))
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        store
            .timelines(&q(RecipientState::InRitardo, soon))
            .unwrap()
            .len(),
        0
    );
    assert_eq!(
        store
            .timelines(&q(RecipientState::InRitardo, late))
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        store
            .timelines(&q(RecipientState::Accettato, late))
            .unwrap()
            .len(),
        0
    );
    // "Needs attention": late deliveries count only once they are late; the newest first,
    // as many as asked.
    let attention = |now, limit| TimelineQuery {
        needs_attention: true,
        now,
        limit,
        ..TimelineQuery::default()
    };
    assert!(store.timelines(&attention(soon, None)).unwrap().is_empty());
    let late_ones = store.timelines(&attention(late, None)).unwrap();
    assert_eq!(late_ones.len(), 2);
    let newest = store.timelines(&attention(late, Some(1))).unwrap();
    assert_eq!(newest.len(), 1);
    assert_eq!(newest[0].message_id, late_ones[0].message_id);
    let hits = store
        .search(&SearchQuery {
            text: "pratica".into(),
            state: Some(RecipientState::Accettato),
            now: Some(soon),
            ..SearchQuery::default()
        })
        .unwrap();
    assert_eq!(hits.len(), 2, "the sent message and its acceptance receipt");
    let hits = store
        .search(&SearchQuery {
            state: Some(RecipientState::InRitardo),
            now: Some(late),
            ..SearchQuery::default()
        })
        .unwrap();
    assert_eq!(hits.len(), 3);
    let by_account = store
        .timelines(&TimelineQuery {
            account: Some("studio".into()),
            ..TimelineQuery::default()
        })
        .unwrap();
    assert_eq!(by_account.len(), 2);
}

#[test]
fn search_covers_every_field_with_filters_and_both_orders() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let env = ingest(&mut store, &envelope(), &imap("INBOX", 1))
        .unwrap()
        .id;
    let x = Exchange::new(11, &[("anna@pec.altro.it", true)]);
    let sent = ingest(&mut store, &x.sent(), &imap("Sent", 2)).unwrap().id;
    let acc = ingest(
        &mut store,
        &x.notice(&NoticeSpec::new("accettazione", (10, 16))),
        &imap("INBOX", 3),
    )
    .unwrap()
    .id;
    let ids = |q: SearchQuery| -> Vec<i64> {
        let mut v: Vec<i64> = store.search(&q).unwrap().iter().map(|h| h.row.id).collect();
        v.sort();
        v
    };
    let text = |t: &str| SearchQuery {
        text: t.into(),
        ..SearchQuery::default()
    };
    // Certified subject, inner text, attachment name, addresses, daticert fields.
    assert_eq!(ids(text("contratto fornitura")), vec![env]);
    assert_eq!(ids(text("allegato")), vec![env], "the inner message's text");
    assert_eq!(ids(text("contratto.pdf")), vec![env]);
    assert_eq!(ids(text("anna.bianchi")), vec![env]);
    assert_eq!(ids(text("opec011")), vec![acc], "daticert identificativo");
    assert_eq!(ids(text("Gestore Esempio")), vec![env, acc]);
    assert_eq!(ids(text("documenti richiesti")), vec![sent]);
    assert_eq!(ids(text("docum")), vec![sent], "words match as prefixes");
    assert_eq!(ids(text("perche")), Vec::<i64>::new());
    // Operators and quotes are plain text, never an FTS5 syntax error.
    assert!(store.search(&text("\"AND OR NOT ( * :")).is_ok());
    assert!(store.search(&text("a\"b")).is_ok());
    // Filters.
    let mut q = text("pratica");
    q.kind = Some(PecKind::Accettazione);
    assert_eq!(ids(q), vec![acc]);
    let mut q = text("pratica");
    q.folder = Some("Sent".into());
    assert_eq!(ids(q), vec![sent]);
    let mut q = text("pratica");
    q.account = Some("altro".into());
    assert!(ids(q).is_empty());
    let q = SearchQuery {
        since: Some(Utc.with_ymd_and_hms(2025, 2, 5, 9, 15, 25).unwrap()),
        until: Some(Utc.with_ymd_and_hms(2025, 2, 5, 9, 15, 35).unwrap()),
        ..SearchQuery::default()
    };
    assert_eq!(
        ids(q),
        vec![env],
        "only the envelope is dated 10:15:30 +01:00"
    );
    // Date order: newest first.
    let mut q = text("pratica");
    q.order = SearchOrder::Date;
    let hits = store.search(&q).unwrap();
    assert_eq!(
        hits.iter().map(|h| h.row.id).collect::<Vec<_>>(),
        vec![acc, sent]
    );
    // Relevance: a subject hit ranks above a body-only hit.
    let y = Exchange::new(12, &[("zeta@pec.it", true)]);
    let mut body_only = y.sent();
    let pos = body_only.len() - 2;
    body_only.splice(
        pos..pos,
        b" Riferimento al contratto quadro.".iter().copied(),
    );
    let body_id = ingest(&mut store, &body_only, &imap("Sent", 9)).unwrap().id;
    let hits = store.search(&text("contratto")).unwrap();
    assert_eq!(hits.len(), 2);
    assert_eq!(hits[0].row.id, env);
    assert_eq!(hits[1].row.id, body_id);
    assert!(hits[0].score < hits[1].score);
}

fn plain(n: u32, subject: &str, body: &str) -> Vec<u8> {
    format!(
        "From: ufficio@example.org\r\nTo: studio@example.org\r\nSubject: {subject}\r\n\
         Date: Mon, 3 Feb 2025 10:{:02}:00 +0100\r\nMessage-ID: <rank-{n}@example.org>\r\n\r\n\
         {body}\r\n",
        n % 60
    )
    .into_bytes()
}

/// Relevance ranks every match, not the newest few thousand: the oldest message, with the word
/// in its subject, comes before newer ones that hold it only in their text; whole words come
/// before word starts; newest first within each tier; pages cut the same order.
#[test]
fn search_ranks_every_match_by_where_the_words_are_newest_first_within() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let mut add = |n: u32, subject: &str, body: &str| {
        store
            .ingest(&plain(n, subject, body), &imap("INBOX", n))
            .unwrap()
            .id
    };
    let subject_whole = add(1, "Nota di credito", "in allegato");
    let text_whole: Vec<i64> = (2..6)
        .map(|n| add(n, "Comunicazione", "vedi la nota allegata"))
        .collect();
    let subject_start = add(6, "Studio notarile Rossi", "in allegato");
    let text_start = add(7, "Comunicazione", "firmato dal notaio");
    let unrelated = add(8, "Comunicazione", "nulla da segnalare");
    let q = |offset, limit| SearchQuery {
        text: "nota".into(),
        offset,
        limit,
        ..SearchQuery::default()
    };
    let hits = store.search(&q(0, 50)).unwrap();
    let order: Vec<i64> = hits.iter().map(|h| h.row.id).collect();
    let mut expected = vec![subject_whole];
    expected.extend(text_whole.iter().rev());
    expected.extend([subject_start, text_start]);
    assert_eq!(order, expected);
    assert!(!order.contains(&unrelated));
    assert_eq!(
        hits.iter().map(|h| h.score).collect::<Vec<_>>(),
        [1.0, 2.0, 2.0, 2.0, 2.0, 3.0, 4.0]
    );
    // Pages cut the same order.
    let page: Vec<i64> = store
        .search(&q(2, 3))
        .unwrap()
        .iter()
        .map(|h| h.row.id)
        .collect();
    assert_eq!(page, expected[2..5]);
    // A surname in an address with digits is a whole word of the correspondent there.
    let from_bianchi = String::from_utf8(plain(20, "Comunicazione", "nulla"))
        .unwrap()
        .replace("ufficio@example.org", "mario.bianchi82@pec.example.org");
    let bianchi = store
        .ingest(from_bianchi.as_bytes(), &imap("INBOX", 20))
        .unwrap()
        .id;
    let in_text = store
        .ingest(
            &plain(21, "Comunicazione", "come da accordi con bianchi"),
            &imap("INBOX", 21),
        )
        .unwrap()
        .id;
    let found = store
        .search(&SearchQuery {
            text: "bianchi".into(),
            ..SearchQuery::default()
        })
        .unwrap();
    assert_eq!(
        found
            .iter()
            .map(|h| (h.row.id, h.score))
            .collect::<Vec<_>>(),
        [(bianchi, 1.0), (in_text, 2.0)]
    );
    // Filters apply to every tier (dated before 10:04 +01:00: messages 1 to 3).
    let mut filtered = q(0, 50);
    filtered.until = Some(Utc.with_ymd_and_hms(2025, 2, 3, 9, 4, 0).unwrap());
    let order: Vec<i64> = store
        .search(&filtered)
        .unwrap()
        .iter()
        .map(|h| h.row.id)
        .collect();
    assert_eq!(order, [subject_whole, text_whole[1], text_whole[0]]);
}

#[test]
fn listing_by_folder_kind_and_page() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let mut ids = Vec::new();
    for n in 0..30u32 {
        let x = Exchange::new(100 + n, &[("anna@pec.altro.it", true)]);
        let folder = if n % 3 == 0 { "Sent" } else { "Archivio" };
        ids.push(ingest(&mut store, &x.sent(), &imap(folder, n)).unwrap().id);
        // The same message in a second place in the same folder is listed once.
        ingest(&mut store, &x.sent(), &import_src(&format!("/dup/{n}.eml"))).unwrap();
    }
    let sent = store
        .list(&ListQuery {
            folder: Some("Sent".into()),
            ..ListQuery::default()
        })
        .unwrap();
    assert_eq!(sent.len(), 10);
    let page = store
        .list(&ListQuery {
            folder: Some("Archivio".into()),
            limit: 5,
            offset: 5,
            ..ListQuery::default()
        })
        .unwrap();
    assert_eq!(page.len(), 5);
    let all = store.list(&ListQuery::default()).unwrap();
    assert_eq!(all.len(), 30);
    // Page after page from where the last one ended gives what offsets give, duplicates once.
    for folder in [Some("Archivio"), None] {
        let q = |offset, after| ListQuery {
            folder: folder.map(str::to_owned),
            limit: 7,
            offset,
            after,
            ..ListQuery::default()
        };
        let mut after = None;
        let mut walked = Vec::new();
        for p in 0.. {
            let by_cursor = store.list_page(&q(0, after)).unwrap();
            let by_offset = store.list(&q(p * 7, None)).unwrap();
            assert_eq!(by_cursor.rows, by_offset, "{folder:?} page {p}");
            if by_cursor.rows.is_empty() {
                assert_eq!(by_cursor.last, None);
                break;
            }
            walked.extend(by_cursor.rows.iter().map(|r| r.id));
            after = by_cursor.last;
        }
        let whole: Vec<i64> = store
            .list(&ListQuery {
                folder: folder.map(str::to_owned),
                ..ListQuery::default()
            })
            .unwrap()
            .iter()
            .map(|r| r.id)
            .collect();
        assert_eq!(walked, whole);
        assert_eq!(
            whole.iter().collect::<std::collections::HashSet<_>>().len(),
            whole.len()
        );
    }
    // Same date: newest id first.
    assert_eq!(all[0].id, *ids.last().unwrap());
    let none = store
        .list(&ListQuery {
            kind: Some(PecKind::Accettazione),
            ..ListQuery::default()
        })
        .unwrap();
    assert!(none.is_empty());
    assert_eq!(
        store.stats().unwrap().timelines,
        10,
        "the Sent folder's messages"
    );
}

#[test]
fn whole_real_corpus_is_stored_byte_exact_and_classified_as_the_model_says() {
    let Some(root) = support::corpus::corpus_or_announce("store: import of the real corpus") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let files = support::corpus::real_messages(&root);
    assert!(files.len() >= 20);
    let mut expected_distinct = std::collections::HashSet::new();
    for f in &files {
        let raw = std::fs::read(f).unwrap();
        use sha2::Digest;
        expected_distinct.insert(sha2::Sha256::digest(&raw).to_vec());
        // Checked against the real PEC trust points: only proven receipts decide timelines.
        let r = store
            .ingest_batch_verified(
                &[(&raw, &import_src(&f.display().to_string()))],
                &sigillo::verify::TrustList::builtin(),
                Utc::now(),
            )
            .unwrap()
            .remove(0);
        assert_eq!(store.raw(r.id).unwrap(), raw, "{}", f.display());
        assert_eq!(
            r.kind,
            Some(sigillo::pec::classify(&raw).kind),
            "{}",
            f.display()
        );
        let d = store.message(r.id).unwrap();
        let c = sigillo::pec::classify(&raw);
        assert_eq!(
            d.row.subject.as_deref(),
            c.display_subject(),
            "{}",
            f.display()
        );
    }
    let stats = store.stats().unwrap();
    assert_eq!(stats.messages, expected_distinct.len());
    assert_eq!(stats.copies, files.len());
    assert_eq!(stats.pending, 0);
    // The corpus holds an Aruba acceptance and its delivery receipt: one timeline, delivered.
    let t = store.timelines(&TimelineQuery::default()).unwrap();
    let aruba = t
        .iter()
        .find(|t| t.subject.as_deref() == Some("IT03339130126_00009.xml"))
        .expect("the Aruba 2018 acceptance + delivery pair links");
    assert_eq!(aruba.recipients.len(), 1);
    assert_eq!(aruba.recipients[0].state, RecipientState::Consegnato);
    assert!(aruba.from_receipts_only);
    assert!(store.integrity_check().unwrap().is_empty());
    // Reindex reproduces the same listing.
    let before = store.list(&ListQuery::default()).unwrap();
    store.reindex(&mut |_, _| {}).unwrap();
    assert_eq!(store.list(&ListQuery::default()).unwrap(), before);
}

#[test]
fn receipts_without_msgid_link_through_the_identificativo_in_every_order() {
    let a = "anna@pec.altro.it";
    let b = "bruno@pec.terzo.it";
    let x = Exchange::new(31, &[(a, true), (b, true)]);
    // Only the acceptance carries both keys: it bridges the sent message (msgid) and the
    // delivery receipts (identificativo), whichever arrives first.
    let msgs: Vec<(&str, Vec<u8>, Source)> = vec![
        ("sent", x.sent(), imap("Sent", 1)),
        (
            "cons-a",
            x.notice(
                &NoticeSpec::new("avvenuta-consegna", (10, 17))
                    .to(a)
                    .without_msgid(),
            ),
            imap("INBOX", 2),
        ),
        (
            "err-b",
            x.notice(
                &NoticeSpec::new("errore-consegna", (10, 18))
                    .to(b)
                    .error("no-dest", "5.1.1 - indirizzo non valido")
                    .without_msgid(),
            ),
            imap("INBOX", 3),
        ),
        (
            "acc",
            x.notice(&NoticeSpec::new("accettazione", (10, 16))),
            imap("INBOX", 4),
        ),
    ];
    let (reference, proofs) = run_order(&[0, 1, 2, 3], &msgs);
    assert_eq!(
        proofs,
        vec![
            "anna@pec.altro.it:consegnato:acc,cons-a",
            "bruno@pec.terzo.it:errore-consegna:acc,err-b",
        ]
    );
    for p in permutations(msgs.len()) {
        let (t, pr) = run_order(&p, &msgs);
        assert_eq!(pr, proofs, "order {p:?}");
        assert_eq!(t, reference, "order {p:?}");
    }
}

fn inbox_unread(store: &Store) -> usize {
    store
        .folders()
        .unwrap()
        .iter()
        .filter(|f| f.folder.as_deref() == Some("INBOX"))
        .map(|f| f.unread)
        .sum()
}

#[test]
fn a_message_read_here_keeps_seen_until_the_server_has_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let read = ingest(
        &mut store,
        b"Subject: uno\r\n\r\nuno\r\n",
        &imap("INBOX", 3),
    )
    .unwrap();
    let pop = ingest(
        &mut store,
        b"Subject: due\r\n\r\ndue\r\n",
        &Source::Pop3 {
            account: "studio".into(),
            uidl: "u-2".into(),
        },
    )
    .unwrap();
    store
        .set_imap_flags(
            &MailboxKey::new("studio", "INBOX", 7),
            &[(3, "\\Flagged".into())],
        )
        .unwrap();
    assert_eq!(inbox_unread(&store), 1);
    let unread_rows = |store: &Store| -> Vec<(i64, bool)> {
        let mut v: Vec<(i64, bool)> = store
            .list(&ListQuery::default())
            .unwrap()
            .iter()
            .map(|r| (r.id, r.unread))
            .collect();
        v.sort();
        v
    };
    // The listing says which messages are not read (POP3 copies have no read state).
    assert_eq!(unread_rows(&store), [(read.id, true), (pop.id, false)]);

    assert_eq!(store.mark_read(read.id).unwrap(), 1);
    assert_eq!(inbox_unread(&store), 0);
    assert_eq!(unread_rows(&store), [(read.id, false), (pop.id, false)]);
    assert!(!store.message(read.id).unwrap().row.unread);
    // The flags kept in the server's own form (sorted), so its list compares equal later.
    let stored: String = raw_db(&store)
        .query_row(
            "SELECT flags FROM copies WHERE source = 'imap' AND uid = 3",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stored, "\\Flagged \\Seen");
    assert!(
        store
            .imap_flags(&MailboxKey::new("studio", "INBOX", 7))
            .unwrap()[&3]
            .is_seen()
    );
    assert_eq!(store.seen_pending("studio", "INBOX").unwrap(), [(7, 3)]);
    // A UID names a message only within its mailbox: the same folder at another UIDVALIDITY,
    // or another account's folder of the same name, holds none of these copies.
    for other in [
        MailboxKey::new("studio", "INBOX", 8),
        MailboxKey::new("altro", "INBOX", 7),
    ] {
        assert!(store.imap_flags(&other).unwrap().is_empty(), "{other:?}");
        assert!(
            store.imap_flags_of(&other, &[3]).unwrap().is_empty(),
            "{other:?}"
        );
        assert!(store.imap_uids(&other).unwrap().is_empty(), "{other:?}");
    }
    assert!(
        store
            .imap_uids(&MailboxKey::new("studio", "INBOX", 7))
            .unwrap()
            .contains(&3)
    );
    // The flags of some UIDs (a CONDSTORE listing's) are those of the whole folder's reading;
    // a UID with no stored copy has none.
    let key = MailboxKey::new("studio", "INBOX", 7);
    assert_eq!(
        store.imap_flags_of(&key, &[3, 99]).unwrap(),
        store.imap_flags(&key).unwrap()
    );
    assert!(store.imap_flags_of(&key, &[99]).unwrap().is_empty());
    // POP3 copies have no read state.
    assert_eq!(store.mark_read(pop.id).unwrap(), 0);

    // A sync that saw the old flags before the server was told cannot undo the read.
    store
        .set_imap_flags(
            &MailboxKey::new("studio", "INBOX", 7),
            &[(3, "\\Flagged".into())],
        )
        .unwrap();
    assert_eq!(inbox_unread(&store), 0);

    // Once the server has it, its flags are recorded again as it reports them.
    store.seen_pushed("studio", "INBOX", &[(7, 3)]).unwrap();
    assert!(store.seen_pending("studio", "INBOX").unwrap().is_empty());
    store
        .set_imap_flags(
            &MailboxKey::new("studio", "INBOX", 7),
            &[(3, "\\Answered \\Seen".into())],
        )
        .unwrap();
    assert_eq!(
        store
            .imap_flags(&MailboxKey::new("studio", "INBOX", 7))
            .unwrap()[&3]
            .to_string(),
        "\\Answered \\Seen"
    );
    assert_eq!(store.mark_read(read.id).unwrap(), 0);
}

/// The database file alone, copied without its log, opened read-only: what a checkpoint has
/// copied into the file so far.
fn file_alone(profile: &std::path::Path, copy_to: &std::path::Path) -> Connection {
    std::fs::copy(profile.join(sigillo::store::DATABASE_FILE), copy_to).unwrap();
    Connection::open_with_flags(copy_to, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
}

fn rows_in(conn: &Connection) -> i64 {
    conn.query_row("SELECT count(*) FROM raw_messages", [], |r| r.get(0))
        .unwrap_or(0)
}

/// Closing after a few writes leaves the log for the next opening (a sync's close does not
/// copy and sync it), and the next sync's catch-up copies it into the file; closing after
/// many writes copies the log and deletes it, so that no opening has much to read back.
#[test]
fn a_short_log_is_left_at_close_and_copied_at_the_next_opening() {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("profilo");
    let wal = profile.join(format!("{}-wal", sigillo::store::DATABASE_FILE));
    let mut store = Store::open(&profile).unwrap();
    ingest(&mut store, &envelope(), &imap("INBOX", 1)).unwrap();
    drop(store);
    assert!(
        std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0),
        "the log is left for the next opening"
    );
    assert_eq!(
        rows_in(&file_alone(&profile, &dir.path().join("a.db"))),
        0,
        "the message is in the log only"
    );
    // Opened and closed with nothing written: nothing copied, the log is read back.
    let store = Store::open(&profile).unwrap();
    assert_eq!(store.stats().unwrap().messages, 1);
    drop(store);
    assert_eq!(
        rows_in(&file_alone(&profile, &dir.path().join("a2.db"))),
        0,
        "still in the log only"
    );
    // What a sync does before it connects: the log is copied meanwhile.
    let store = Store::open(&profile).unwrap();
    store.catch_up_log();
    drop(store);
    assert_eq!(
        rows_in(&file_alone(&profile, &dir.path().join("b.db"))),
        1,
        "copied into the file by the catch-up"
    );

    // One commit of about 24 MiB: more than a closing leaves, copied and deleted at close.
    // (Smaller commits one after the other would not do: each starts the log over once the
    // checkpointer has copied it.)
    let mut store = Store::open(&profile).unwrap();
    let mut big = envelope();
    big.extend(std::iter::repeat_n(b'x', 24 * 1024 * 1024));
    ingest(&mut store, &big, &imap("INBOX", 2)).unwrap();
    drop(store);
    assert!(!wal.exists(), "a long log is not left behind");
    assert_eq!(rows_in(&file_alone(&profile, &dir.path().join("c.db"))), 2);
}

/// A log file that grew long (an import, here 24 MiB of messages in one transaction) is not
/// left on disk by a close: SQLite reuses it from its start without shrinking it, so once its
/// pages were copied and it started over, a close that left its short valid part kept the
/// whole file for good. Now such a file is copied and deleted at close.
#[test]
fn a_long_log_file_is_not_left_on_disk_by_a_close() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let wal = dir.path().join("sigillo.db-wal");
    // The checkpoint sequence number in the log's header: SQLite adds one each time the log
    // starts over.
    let restarts = || {
        let mut header = [0u8; 16];
        std::io::Read::read_exact(&mut std::fs::File::open(&wal).unwrap(), &mut header).unwrap();
        u32::from_be_bytes(header[12..16].try_into().unwrap())
    };
    let filler = "x".repeat(76) + "\r\n";
    let big: Vec<Vec<u8>> = (0..24)
        .map(|n| {
            let mut m = plain(n, "Allegato grande", "");
            m.extend(filler.repeat(1024 * 1024 / filler.len()).as_bytes());
            m
        })
        .collect();
    let sources: Vec<Source> = (0..24).map(|n| imap("INBOX", n)).collect();
    let items: Vec<(&[u8], &Source)> = big.iter().map(|m| m.as_slice()).zip(&sources).collect();
    let before = restarts();
    // One transaction holds the 24 MiB of raw bytes: the log file grows past them.
    store.ingest_batch(&items).unwrap();
    // Small writes until one starts the log over (the checkpointer copies in the background;
    // the batch's own analysis may be that write already): its valid part is short again.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let mut n = 100;
    while restarts() == before {
        assert!(
            std::time::Instant::now() < deadline,
            "the log never started over"
        );
        store.catch_up_log();
        std::thread::sleep(std::time::Duration::from_millis(20));
        store
            .ingest(&plain(n, "Piccolo", "ciao"), &imap("INBOX", n))
            .unwrap();
        n += 1;
    }
    let grown = std::fs::metadata(&wal).unwrap().len();
    assert!(
        grown > 24 << 20,
        "the log file spans the batch: {grown} bytes"
    );
    drop(store);
    let left = std::fs::metadata(&wal).map_or(0, |m| m.len());
    assert!(
        left <= 16 << 20,
        "the close left a log file of {left} bytes"
    );
    let store = Store::open(dir.path()).unwrap();
    let rows = store
        .list(&ListQuery {
            limit: 1000,
            ..ListQuery::default()
        })
        .unwrap();
    assert_eq!(rows.len() as u32, 24 + n - 100, "every message still there");
}
