//! `import` over real files: mbox (LF and CRLF, `From ` quoting), Maildir with subfolders,
//! folders of .eml, idempotency, and nothing dropped.

use crate::support;

use std::path::{Path, PathBuf};

use sigillo::import::{ImportOptions, import, mbox::write_mbox};
use sigillo::pec::PecKind;
use sigillo::pec::timeline::RecipientState;
use sigillo::store::{ListQuery, Store, TimelineQuery};
use support::exchange::{Exchange, NoticeSpec};

/// Imports with every signature checked against the scripted exchanges' test provider (only
/// proven receipts decide a timeline).
fn run(store: &mut Store, paths: &[PathBuf]) -> sigillo::import::ImportSummary {
    let options = ImportOptions {
        verify_with: Some(std::sync::Arc::new(support::exchange::trust())),
        ..ImportOptions::default()
    };
    import(store, paths, &options, &mut |_| {}).unwrap()
}

fn exchange_messages() -> (Vec<u8>, Vec<Vec<u8>>) {
    let a = "anna@pec.altro.it";
    let x = Exchange::new(21, &[(a, true), ("luca@example.com", false)]);
    let mut sent = x.sent();
    // A body line starting with "From " must survive mbox quoting.
    let pos = sent.len();
    sent.splice(
        pos..pos,
        b"From the archive, a quoted line.\r\n>From already quoted.\r\n"
            .iter()
            .copied(),
    );
    let inbox = vec![
        x.notice(&NoticeSpec::new("accettazione", (10, 16))),
        x.notice(&NoticeSpec::new("avvenuta-consegna", (10, 17)).to(a)),
    ];
    (sent, inbox)
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

fn mbox_of(messages: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::new();
    write_mbox(&mut out, messages).unwrap();
    out
}

fn all_raw(store: &Store) -> Vec<Vec<u8>> {
    let mut v: Vec<Vec<u8>> = store
        .list(&ListQuery::default())
        .unwrap()
        .iter()
        .map(|r| store.raw(r.id).unwrap())
        .collect();
    v.sort();
    v
}

#[test]
fn thunderbird_mboxes_in_both_line_ending_styles_import_byte_exact_and_idempotently() {
    let (sent, inbox) = exchange_messages();
    for flip in [false, true] {
        let conv = |b: &[u8]| {
            if flip {
                support::corpus::flip_line_endings(b)
            } else {
                b.to_vec()
            }
        };
        let sent = conv(&sent);
        let inbox: Vec<Vec<u8>> = inbox.iter().map(|m| conv(m)).collect();
        let dir = tempfile::tempdir().unwrap();
        let profile = dir.path().join("Local Folders");
        // Thunderbird keeps one mbox per folder, named after it, with no extension.
        write(&profile.join("Sent"), &mbox_of(&[&sent]));
        let refs: Vec<&[u8]> = inbox.iter().map(|m| m.as_slice()).collect();
        write(&profile.join("Inbox"), &mbox_of(&refs));
        write(
            &profile.join("Inbox.msf"),
            b"// <!-- <mdb:mork:z v=\"1.4\"/> -->",
        );

        let mut store = Store::open(&dir.path().join("store")).unwrap();
        let s = run(&mut store, std::slice::from_ref(&profile));
        assert_eq!((s.messages, s.imported, s.duplicates), (3, 3, 0), "{s:?}");
        assert_eq!(s.skipped, vec![profile.join("Inbox.msf")]);
        assert!(s.errors.is_empty());

        let mut want = vec![sent.clone()];
        want.extend(inbox.iter().cloned());
        want.sort();
        assert_eq!(all_raw(&store), want, "byte-exact (flip = {flip})");

        // The Sent mbox makes the message a sent one: the timeline links everything.
        let t = store.timelines(&TimelineQuery::default()).unwrap();
        assert_eq!(t.len(), 1);
        assert!(!t[0].from_receipts_only);
        assert_eq!(t[0].recipients[0].state, RecipientState::Consegnato);
        assert_eq!(t[0].recipients[1].state, RecipientState::Esterno);
        let sent_rows = store
            .list(&ListQuery {
                folder: Some("Sent".into()),
                ..ListQuery::default()
            })
            .unwrap();
        assert_eq!(sent_rows.len(), 1);

        // Idempotent.
        let again = run(&mut store, std::slice::from_ref(&profile));
        assert_eq!((again.imported, again.duplicates), (0, 3));
        assert_eq!(store.stats().unwrap().copies, 3);
        assert_eq!(store.stats().unwrap().messages, 3);
        // Copies record the mbox offsets.
        let id = sent_rows[0].id;
        let copies = store.copies(id).unwrap();
        assert_eq!(copies.len(), 1);
        assert_eq!(copies[0].mbox_offset, Some(0));
        assert!(copies[0].is_sent);
    }
}

#[test]
fn maildir_with_subfolders() {
    let (sent, inbox) = exchange_messages();
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("Maildir");
    for sub in ["cur", "new", "tmp"] {
        std::fs::create_dir_all(md.join(sub)).unwrap();
        std::fs::create_dir_all(md.join(".Sent").join(sub)).unwrap();
        std::fs::create_dir_all(md.join(".Archivio.2019").join(sub)).unwrap();
    }
    write(&md.join("cur/1700000000.1.host:2,S"), &inbox[0]);
    write(&md.join("new/1700000001.2.host"), &inbox[1]);
    write(
        &md.join("tmp/1700000002.3.host"),
        b"half-delivered, not a message yet",
    );
    write(&md.join(".Sent/cur/1700000003.4.host:2,S"), &sent);
    write(
        &md.join(".Archivio.2019/cur/1700000004.5.host:2,S"),
        &inbox[0],
    );

    let mut store = Store::open(&dir.path().join("store")).unwrap();
    let s = run(&mut store, std::slice::from_ref(&md));
    assert_eq!((s.messages, s.imported, s.duplicates), (4, 3, 1), "{s:?}");
    let folder = |f: &str| {
        store
            .list(&ListQuery {
                folder: Some(f.into()),
                ..ListQuery::default()
            })
            .unwrap()
            .len()
    };
    assert_eq!(folder("INBOX"), 2);
    assert_eq!(folder("Sent"), 1);
    assert_eq!(folder("Archivio/2019"), 1);
    let t = store.timelines(&TimelineQuery::default()).unwrap();
    assert_eq!(t.len(), 1);
    assert!(!t[0].from_receipts_only);
}

#[test]
fn folders_of_eml_recursively_and_nothing_dropped() {
    let (sent, inbox) = exchange_messages();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("export");
    write(&root.join("a/uno.eml"), &inbox[0]);
    write(&root.join("a/b/c/due.eml"), &inbox[1]);
    write(&root.join("a/b/rotto.eml"), b"\x00\x01\x02 not mail at all");
    write(&root.join("a/senza-estensione"), &sent);
    write(&root.join("note.txt"), b"appunti dell'archivio");
    write(&root.join(".DS_Store"), b"\x00\x00\x00\x01Bud1");
    let explicit = dir.path().join("foto.jpg");
    write(&explicit, b"\xff\xd8\xff\xe0 JFIF");

    let mut store = Store::open(&dir.path().join("store")).unwrap();
    let missing = dir.path().join("non-esiste.eml");
    let s = run(
        &mut store,
        &[root.clone(), explicit.clone(), missing.clone()],
    );
    assert_eq!(s.imported, 5, "{s:?}");
    assert_eq!(
        s.unreadable, 2,
        "the broken .eml and the explicit non-mail file"
    );
    let mut skipped = s.skipped.clone();
    skipped.sort();
    assert_eq!(skipped, vec![root.join(".DS_Store"), root.join("note.txt")]);
    assert_eq!(s.errors.len(), 1);
    assert_eq!(s.errors[0].path, missing);
    let unreadable = store
        .list(&ListQuery {
            kind: Some(PecKind::Illeggibile),
            ..ListQuery::default()
        })
        .unwrap();
    assert_eq!(unreadable.len(), 2);
    let paths: Vec<String> = unreadable
        .iter()
        .flat_map(|r| store.copies(r.id).unwrap())
        .filter_map(|c| c.path)
        .collect();
    assert!(paths.iter().any(|p| p.ends_with("rotto.eml")));
    assert!(paths.iter().any(|p| p.ends_with("foto.jpg")));
}

#[test]
fn the_real_corpus_through_an_mbox_comes_back_byte_exact() {
    let Some(root) = support::corpus::corpus_or_announce("import: real corpus through mbox") else {
        return;
    };
    let files = support::corpus::real_messages(&root);
    let raws: Vec<Vec<u8>> = files
        .iter()
        .map(|f| std::fs::read(f).unwrap())
        // mbox cannot represent a message without a final line end.
        .filter(|r| r.ends_with(b"\n"))
        .collect();
    assert!(raws.len() >= 20);
    let dir = tempfile::tempdir().unwrap();
    let refs: Vec<&[u8]> = raws.iter().map(|r| r.as_slice()).collect();
    let path = dir.path().join("export.mbox");
    write(&path, &mbox_of(&refs));
    let mut store = Store::open(&dir.path().join("store")).unwrap();
    let s = run(&mut store, &[path]);
    assert_eq!(s.messages, raws.len());
    let mut want = raws.clone();
    want.sort();
    want.dedup();
    assert_eq!(all_raw(&store), want);
}

/// The files are read on a thread of their own and handed over in batches: with batches of
/// two, every message is stored once, in reading order, and progress climbs to the end.
#[test]
fn small_batches_store_everything_in_reading_order_and_progress_reaches_the_end() {
    let messages: Vec<Vec<u8>> = (0..7)
        .map(|i| {
            format!(
                "From: a@example.org\r\nTo: b@example.org\r\nSubject: n. {i}\r\n\
                 Message-ID: <{i}@example.org>\r\n\r\nbody {i}\r\n"
            )
            .into_bytes()
        })
        .collect();
    let refs: Vec<&[u8]> = messages.iter().map(|m| m.as_slice()).collect();
    let dir = tempfile::tempdir().unwrap();
    let (first, single, second) = (
        dir.path().join("first"),
        dir.path().join("single.eml"),
        dir.path().join("second"),
    );
    write(&first, &mbox_of(&refs[..3]));
    write(&single, refs[3]);
    write(&second, &mbox_of(&refs[4..]));
    let total: u64 = [&first, &single, &second]
        .iter()
        .map(|p| std::fs::metadata(p).unwrap().len())
        .sum();

    let mut store = Store::open(&dir.path().join("store")).unwrap();
    let options = ImportOptions {
        batch_messages: 2,
        ..ImportOptions::default()
    };
    let mut seen = Vec::new();
    let s = import(&mut store, &[first, single, second], &options, &mut |p| {
        seen.push(p.clone())
    })
    .unwrap();
    assert_eq!((s.messages, s.imported, s.duplicates), (7, 7, 0), "{s:?}");
    assert!(s.errors.is_empty(), "{:?}", s.errors);
    // Stored in the order read: ids follow the files and the mbox order.
    for (i, m) in messages.iter().enumerate() {
        assert_eq!(&store.raw(i as i64 + 1).unwrap(), m, "message {i}");
    }
    assert!(seen.len() >= 4, "a report per batch: {seen:?}");
    assert!(seen.iter().all(|p| p.bytes_total == total));
    assert!(
        seen.windows(2)
            .all(|w| w[0].bytes_done <= w[1].bytes_done && w[0].messages <= w[1].messages),
        "{seen:?}"
    );
    let last = seen.last().unwrap();
    assert_eq!((last.messages, last.bytes_done), (7, total));
}
