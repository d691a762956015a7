use base64::Engine;

use super::*;
use crate::store::Source;
use crate::verify::{AnchorSource, Status};

use crate::verify::test_certs::{DECOY, PDF, rewrapped_signed_message};

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[test]
fn attachments_are_listed_and_taken_out_of_the_signed_bytes_only() {
    let (raw, root) = rewrapped_signed_message();
    // Read from the whole message, the first attachment is the decoy around the signature:
    // the rule below must not read it.
    let (_, around) = body::attachment(&raw, 0).expect("an attachment in the raw bytes");
    assert_eq!(around, DECOY);

    let trust = TrustList::from_anchors(vec![root], AnchorSource::User);
    let opened = prepare(1, raw, &trust, None, Lang::It, StoredFacts::default());
    assert_eq!(opened.verification.status, Status::Valid, "{opened:?}");
    let listed = opened.attachments();
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0].name, "contratto.pdf");
    assert_eq!(listed[0].size, PDF.len());
    let taken = opened
        .attachment(listed[0].index)
        .expect("the listed attachment");
    assert_eq!(taken.bytes, PDF, "the bytes saved are the signed ones");
    assert_eq!(taken.file_name, "contratto.pdf");
    assert!(matches!(
        opened.attachment(1),
        Err(AttachmentError::Missing { index: 1 })
    ));
    assert!(
        opened.body.contains("Il contratto firmato."),
        "{}",
        opened.body
    );
    assert!(!opened.body.contains("MZ"), "{}", opened.body);
}

#[test]
fn names_to_save_under_lose_paths_and_hidden_characters() {
    let raw = format!(
        "From: a@example.org\r\nTo: b@example.org\r\nSubject: x\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n\
         --b\r\nContent-Type: text/plain\r\n\r\nciao\r\n\
         --b\r\nContent-Type: application/pdf\r\n\
         Content-Disposition: attachment; filename=\"../../fattura\u{202e}fdp.exe\"\r\n\
         Content-Transfer-Encoding: base64\r\n\r\n{}\r\n\
         --b\r\nContent-Type: application/octet-stream\r\n\
         Content-Transfer-Encoding: base64\r\n\r\n{}\r\n--b--\r\n",
        b64(PDF),
        b64(DECOY)
    );
    let opened = prepare(
        7,
        raw.into_bytes(),
        &TrustList::empty(),
        None,
        Lang::En,
        StoredFacts::default(),
    );
    assert_eq!(opened.verification.status, Status::Unsigned);
    let listed = opened.attachments();
    assert_eq!(listed.len(), 2, "{listed:?}");
    for a in &listed {
        assert!(!a.file_name.contains(['/', '\\', '\u{202e}']), "{a:?}");
        let taken = opened.attachment(a.index).unwrap();
        assert_eq!(taken.file_name, a.file_name);
    }
    assert_eq!(listed[1].name, "allegato-2");
    assert_eq!(opened.attachment(1).unwrap().bytes, DECOY);
}

#[test]
fn saving_never_replaces_a_file_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("contratto.pdf");
    let first = TakenOut {
        file_name: "contratto.pdf".into(),
        bytes: PDF.to_vec(),
    };
    save_to(&path, &first, false).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), PDF);
    let second = TakenOut {
        bytes: DECOY.to_vec(),
        ..first
    };
    assert!(matches!(
        save_to(&path, &second, false),
        Err(AttachmentError::Exists { .. })
    ));
    assert_eq!(std::fs::read(&path).unwrap(), PDF, "left as it was");
    save_to(&path, &second, true).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), DECOY);
    let missing_dir = dir.path().join("nessuna").join("x.pdf");
    assert!(matches!(
        save_to(&missing_dir, &second, false),
        Err(AttachmentError::Write { .. })
    ));
}

#[test]
fn opening_a_stored_receipt_keeps_its_check_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let (receipt, root) =
        sigillo_test_provider::message::accettazione_for("mario@pec.it", &["a@pec.it"], &[]);
    let source = Source::Import {
        path: "accettazione.eml".into(),
        offset: None,
        account: None,
        folder: None,
    };
    let id = store.ingest(&receipt, &source).unwrap().id;
    let trust = TrustList::from_anchors(vec![root], AnchorSource::User);
    let now = Utc::now();
    let policy = Policy::default();

    let (raw, marked) = read_marking(&mut store, id).unwrap();
    assert_eq!(raw, receipt, "the stored bytes, exactly");
    // An imported copy has no server flags: it counts as read already (the window's test
    // marks a synced one).
    assert!(!marked);

    let facts = stored_facts(&store, id, now, &policy).unwrap();
    assert!(!facts.own_sent, "a receipt is not a PEC the user sent");
    assert_eq!(facts.copies.len(), 1);
    let opened = prepare(id, raw.clone(), &trust, None, Lang::It, facts);
    assert_eq!(opened.verification.status, Status::Valid);
    let kept = keep_check(&mut store, opened, &trust, now, &policy).unwrap();
    assert!(kept.verdict_changed, "the store held no check of it before");
    assert_eq!(
        store.message(id).unwrap().verification.map(|v| v.status),
        Some(Status::Valid)
    );

    // The same check again changes nothing.
    let facts = stored_facts(&store, id, now, &policy).unwrap();
    let again = prepare(id, raw, &trust, None, Lang::It, facts);
    let kept = keep_check(&mut store, again, &trust, now, &policy).unwrap();
    assert!(!kept.verdict_changed);
}
