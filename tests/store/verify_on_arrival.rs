//! Signatures checked as messages are stored (`Store::ingest_batch_verified`, import with
//! `verify_with`) give exactly what the separate check (`Store::verify_pending`) gives, on
//! messages really signed by the test provider: valid, tampered, untrusted and unsigned; and
//! nothing is left for the separate check to do.

use std::sync::Arc;

use chrono::Utc;
use sigillo::import::{ImportOptions, import, mbox::write_mbox};
use sigillo::store::{IncomingMessage, Source, Store};
use sigillo::verify::{Status, TrustList};
use sigillo_test_provider::message::{Gestore, Original, Style};
use sigillo_test_provider::pki::{ProviderSpec, TestPki};

const ALFA: &str = "pec.alfa.test";
const BETA: &str = "pec.beta.test";

struct Fixture {
    trust: TrustList,
    /// (label, bytes, expected status)
    messages: Vec<(&'static str, Vec<u8>, Status)>,
}

fn fixture() -> Fixture {
    let pki = TestPki::generate(&[
        ProviderSpec::new(ALFA, "Gestore Alfa S.p.A."),
        ProviderSpec::new(BETA, "Gestore Beta S.r.l."),
    ])
    .unwrap();
    let other = TestPki::generate(&[ProviderSpec::new(ALFA, "Gestore Alfa S.p.A.")]).unwrap();
    let mut trust = TrustList::empty();
    trust.add_extra(vec![pki.root().cert.clone()]);
    let original = |n: u32| {
        Original::parse(
            format!(
                "From: mario.rossi@{ALFA}\r\nTo: anna.bianchi@{BETA}\r\nSubject: Prova {n}\r\n\
                 Date: Mon, 3 Mar 2025 10:00:00 +0100\r\nMessage-ID: <c-{n}@studio.test>\r\n\
                 MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nTesto {n}.\r\n"
            )
            .as_bytes(),
        )
        .unwrap()
    };
    // Signed now: the test PKI's provider certificates are valid from yesterday.
    let at = sigillo_test_provider::clock::now_italian();
    let certified = |a: &str| a.ends_with(ALFA) || a.ends_with(BETA);
    let alfa = Gestore::new(ALFA, "Gestore Alfa S.p.A.", pki.signer(ALFA).unwrap());
    let beta = Gestore::new(BETA, "Gestore Beta S.r.l.", pki.signer(BETA).unwrap())
        .with_style(Style::plain_sha256());
    let stranger = Gestore::new(ALFA, "Gestore Alfa S.p.A.", other.signer(ALFA).unwrap());
    let sender = format!("mario.rossi@{ALFA}");
    let tx1 = alfa.accept(original(1), &sender, "[127.0.0.1]", at, certified);
    let tx2 = beta.accept(original(2), &sender, "[127.0.0.1]", at, certified);
    let tx3 = stranger.accept(original(3), &sender, "[127.0.0.1]", at, certified);
    let envelope = beta.envelope(&tx2).unwrap();
    let mut tampered = envelope.clone();
    let i = tampered
        .windows(7)
        .position(|w| w == b"Testo 2")
        .expect("the text is in the envelope");
    tampered[i] = b't';
    Fixture {
        trust,
        messages: vec![
            (
                "acceptance",
                alfa.accettazione(&tx1, at).unwrap(),
                Status::Valid,
            ),
            ("envelope", envelope, Status::Valid),
            ("tampered", tampered, Status::Tampered),
            (
                "other root",
                stranger.accettazione(&tx3, at).unwrap(),
                Status::Untrusted,
            ),
            (
                "plain mail",
                b"From: a@b.test\r\nSubject: ciao\r\n\r\nciao\r\n".to_vec(),
                Status::Unsigned,
            ),
        ],
    }
}

fn src(uid: u32) -> Source {
    Source::Imap {
        account: "studio".into(),
        folder: "INBOX".into(),
        uidvalidity: 1,
        uid,
    }
}

#[test]
fn checked_on_arrival_equals_checked_afterwards() {
    let f = fixture();
    let now = Utc::now();
    let sources: Vec<Source> = (1..=f.messages.len() as u32).map(src).collect();
    let items: Vec<(&[u8], &Source)> = f
        .messages
        .iter()
        .zip(&sources)
        .map(|((_, raw, _), s)| (raw.as_slice(), s))
        .collect();

    let on_arrival = tempfile::tempdir().unwrap();
    let mut a = Store::open(on_arrival.path()).unwrap();
    let got = a.ingest_batch_verified(&items, &f.trust, now).unwrap();
    assert!(got.iter().all(|r| r.new_message && r.verified));
    assert_eq!(
        a.verify_pending(&f.trust, now, &mut |_, _| {}).unwrap(),
        0,
        "nothing is left to check"
    );

    let afterwards = tempfile::tempdir().unwrap();
    let mut b = Store::open(afterwards.path()).unwrap();
    let plain = b.ingest_batch(&items).unwrap();
    assert!(plain.iter().all(|r| !r.verified));
    assert!(b.verification(plain[0].id).unwrap().is_none());
    assert_eq!(
        b.verify_pending(&f.trust, now, &mut |_, _| {}).unwrap(),
        f.messages.len()
    );

    for ((label, _, expected), (ra, rb)) in f.messages.iter().zip(got.iter().zip(&plain)) {
        let va = a.verification(ra.id).unwrap().expect("checked on arrival");
        let vb = b.verification(rb.id).unwrap().expect("checked afterwards");
        assert_eq!(va.status, *expected, "{label}");
        assert_eq!(vb.status, *expected, "{label}");
        assert_eq!(va.reason, vb.reason, "{label}");
        assert_eq!(va.signer_subject, vb.signer_subject, "{label}");
        assert_eq!(va.signing_time, vb.signing_time, "{label}");
        assert_eq!(va.notes, vb.notes, "{label}");
    }

    // The same bytes again: stored once, not checked again.
    let again = a.ingest_batch_verified(&items[..1], &f.trust, now).unwrap();
    assert!(!again[0].new_message && !again[0].verified);
}

#[test]
fn import_checks_as_it_stores() {
    let f = fixture();
    let dir = tempfile::tempdir().unwrap();
    let mbox = dir.path().join("INBOX");
    let refs: Vec<&[u8]> = f
        .messages
        .iter()
        .map(|(_, raw, _)| raw.as_slice())
        .collect();
    let mut out = Vec::new();
    write_mbox(&mut out, &refs).unwrap();
    std::fs::write(&mbox, out).unwrap();
    let mut store = Store::open(&dir.path().join("profile")).unwrap();
    let opts = ImportOptions {
        verify_with: Some(Arc::new(f.trust.clone())),
        ..ImportOptions::default()
    };
    let summary = import(&mut store, &[mbox], &opts, &mut |_| {}).unwrap();
    assert_eq!(summary.imported, f.messages.len());
    assert_eq!(summary.verified, f.messages.len());
    assert_eq!(
        store
            .verify_pending(&f.trust, Utc::now(), &mut |_, _| {})
            .unwrap(),
        0
    );
    let mut statuses: Vec<Status> = (1..=f.messages.len() as i64)
        .map(|id| store.verification(id).unwrap().unwrap().status)
        .collect();
    let mut expected: Vec<Status> = f.messages.iter().map(|(_, _, s)| *s).collect();
    statuses.sort_by_key(|s| s.as_str());
    expected.sort_by_key(|s| s.as_str());
    assert_eq!(statuses, expected);
}

/// The sync's way: bytes stored at once, analysis and checks on another thread while the
/// caller goes on, written when the job is finished; a job never finished leaves the
/// messages stored and pending, completed by the next `analyse_pending`.
#[test]
fn analysis_in_the_background_gives_the_same_outcomes() {
    let f = fixture();
    let now = Utc::now();
    let items: Vec<IncomingMessage> = f
        .messages
        .iter()
        .enumerate()
        .map(|(i, (_, raw, _))| IncomingMessage::new(raw.clone(), src(i as u32 + 1)))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let job = store
        .store_then_analyse(items.clone(), Some((Arc::new(f.trust.clone()), now)))
        .unwrap();
    assert_eq!(job.len(), f.messages.len());
    // The bytes are stored before the analysis is written, byte-exact.
    for (i, m) in items.iter().enumerate() {
        assert_eq!(store.raw(i as i64 + 1).unwrap(), m.bytes());
    }
    let done = store.finish_analysis(job).unwrap();
    assert!(
        done.iter()
            .all(|r| r.new_message && r.verified && r.kind.is_some())
    );
    for ((label, _, expected), r) in f.messages.iter().zip(&done) {
        let v = store.verification(r.id).unwrap().expect("checked");
        assert_eq!(v.status, *expected, "{label}");
    }
    assert_eq!(store.pending_analysis().unwrap(), 0);

    // A job dropped unfinished (a crash, an error first): stored, analysed later.
    let other = tempfile::tempdir().unwrap();
    let mut store = Store::open(other.path()).unwrap();
    let job = store.store_then_analyse(items.clone(), None).unwrap();
    drop(job);
    assert_eq!(store.pending_analysis().unwrap(), f.messages.len());
    assert_eq!(
        store.analyse_pending(&mut |_, _| {}).unwrap(),
        f.messages.len()
    );
    assert_eq!(store.pending_analysis().unwrap(), 0);
}

#[test]
fn a_batch_of_analysed_pending_and_repeated_messages_is_analysed_once_each() {
    let f = fixture();
    assert!(f.messages.len() >= 4);
    let now = Utc::now();
    let trust = Arc::new(f.trust.clone());
    let msg = |i: usize, uid: u32| IncomingMessage::new(f.messages[i].1.clone(), src(uid));
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    // Message 0 stored and analysed; message 1 stored, its analysis never written (pending).
    let job = store
        .store_then_analyse(vec![msg(0, 1)], Some((Arc::clone(&trust), now)))
        .unwrap();
    store.finish_analysis(job).unwrap();
    drop(store.store_then_analyse(vec![msg(1, 2)], None).unwrap());
    assert_eq!(store.pending_analysis().unwrap(), 1);

    // One batch: message 0 found in another place, message 1 again, message 2 twice, new.
    let batch = vec![msg(0, 10), msg(1, 11), msg(2, 12), msg(2, 13)];
    let job = store
        .store_then_analyse(batch, Some((Arc::clone(&trust), now)))
        .unwrap();
    let done = store.finish_analysis(job).unwrap();
    let flags: Vec<(bool, bool, bool)> = done
        .iter()
        .map(|r| (r.new_message, r.new_copy, r.verified))
        .collect();
    assert_eq!(
        flags,
        vec![
            // Analysed before: not checked again.
            (false, true, false),
            // Pending: analysed and checked now.
            (false, true, true),
            // New, and its second copy in the same batch: one message, checked once.
            (true, true, true),
            (false, true, true),
        ]
    );
    assert_eq!(done[2].id, done[3].id);
    assert_eq!(store.pending_analysis().unwrap(), 0);
    for (i, r) in done.iter().enumerate().take(3) {
        let (label, _, expected) = &f.messages[i];
        let v = store.verification(r.id).unwrap().expect("checked");
        assert_eq!(v.status, *expected, "{label}");
        assert!(r.kind.is_some(), "{label}");
    }
}
