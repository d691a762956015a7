//! Schema migrations from every earlier version, with fixture databases kept byte-exact in
//! tests/fixtures/store/. `v1.sqlite` was written by the version-1 code path (the
//! `write_v1_fixture` function below, run once with `SIGILLO_WRITE_STORE_FIXTURE=1`); when the
//! schema moves on, it must still open, migrate and read back the same data. `v2.sqlite` is
//! that same file as the version-2 code left it after opening it (migrated to version 2 by
//! `sigillo list`), kept byte-exact too; `v3.sqlite` is `v2.sqlite` as the version-3 code left
//! it (the same way), `v4.sqlite` is `v3.sqlite` as the version-4 code left it, and `v5.sqlite`
//! is `v4.sqlite` as the version-5 code left it.

use crate::support;

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use sigillo::pec::PecKind;
use sigillo::pec::timeline::RecipientState;
use sigillo::store::{
    FlagSet, ListQuery, MailboxKey, SCHEMA_VERSION, SearchQuery, Source, Store, StoreError,
    TimelineQuery,
};
use sigillo::verify::{Status, Verification};
use support::exchange::{Exchange, NoticeSpec};

fn fixture(version: u32) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join(format!("tests/fixtures/store/v{version}.sqlite"))
}

/// SHA-256 of the committed v1 fixture: it must never change.
const V1_SHA256: &str = include_str!("../fixtures/store/v1.sqlite.sha256");
/// SHA-256 of the committed v2 fixture: it must never change.
const V2_SHA256: &str = include_str!("../fixtures/store/v2.sqlite.sha256");
/// SHA-256 of the committed v3 fixture: it must never change.
const V3_SHA256: &str = include_str!("../fixtures/store/v3.sqlite.sha256");
/// SHA-256 of the committed v4 fixture: it must never change.
const V4_SHA256: &str = include_str!("../fixtures/store/v4.sqlite.sha256");
/// SHA-256 of the committed v5 fixture: it must never change.
const V5_SHA256: &str = include_str!("../fixtures/store/v5.sqlite.sha256");

fn imap(folder: &str, uid: u32) -> Source {
    Source::Imap {
        account: "studio".into(),
        folder: folder.into(),
        uidvalidity: 1,
        uid,
    }
}

fn fixture_messages() -> Vec<(Vec<u8>, Source)> {
    let a = "anna@pec.altro.it";
    let x = Exchange::new(42, &[(a, true), ("luca@example.com", false)]);
    vec![
        (x.sent(), imap("Sent", 1)),
        (
            x.unsigned_notice(&NoticeSpec::new("accettazione", (10, 16))),
            imap("INBOX", 2),
        ),
        (
            x.unsigned_notice(&NoticeSpec::new("avvenuta-consegna", (10, 17)).to(a)),
            imap("INBOX", 3),
        ),
        (b"\x00\x01 not a message".to_vec(), imap("INBOX", 4)),
    ]
}

/// The version-1 code path that wrote the fixture.
fn write_v1_fixture(dir: &Path) -> PathBuf {
    let mut store = Store::open(dir).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        1,
        "only the v1 code writes the v1 fixture"
    );
    for (raw, src) in fixture_messages() {
        store.ingest(&raw, &src).unwrap();
    }
    store
        .set_verification(
            2,
            &Verification::bare(Status::Untrusted, Some("test anchor".into())),
        )
        .unwrap();
    let path = store.path().to_owned();
    drop(store);
    path
}

/// `PRAGMA user_version` read from the file header (4 bytes, big-endian, at offset 60), so the
/// committed fixture is never opened: SQLite would create -shm/-wal files beside it, even
/// read-only.
fn header_user_version(p: &Path) -> u32 {
    let bytes = std::fs::read(p).unwrap();
    assert!(
        bytes.starts_with(b"SQLite format 3\0"),
        "{} is not a database",
        p.display()
    );
    u32::from_be_bytes(bytes[60..64].try_into().unwrap())
}

fn sha256_file(p: &Path) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(std::fs::read(p).unwrap()))
}

#[test]
fn v1_fixture_opens_migrates_and_reads_back() {
    if std::env::var("SIGILLO_WRITE_STORE_FIXTURE").as_deref() == Ok("1") {
        let dir = tempfile::tempdir().unwrap();
        let written = write_v1_fixture(dir.path());
        std::fs::copy(&written, fixture(1)).unwrap();
        std::fs::write(
            fixture(1).with_extension("sqlite.sha256"),
            sha256_file(&fixture(1)),
        )
        .unwrap();
    }
    let original = fixture(1);
    assert_eq!(
        sha256_file(&original),
        V1_SHA256.trim(),
        "the fixture is kept byte-exact"
    );
    assert_eq!(header_user_version(&original), 1);
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(&original, dir.path().join(sigillo::store::DATABASE_FILE)).unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert!(store.integrity_check().unwrap().is_empty());

    let stats = store.stats().unwrap();
    assert_eq!((stats.messages, stats.copies, stats.unreadable), (4, 4, 1));
    // Raw bytes are what was stored.
    for (i, (raw, _)) in fixture_messages().iter().enumerate() {
        assert_eq!(&store.raw(i as i64 + 1).unwrap(), raw);
    }
    let rows = store.list(&ListQuery::default()).unwrap();
    assert_eq!(rows.len(), 4);
    assert_eq!(
        store.verification(2).unwrap().unwrap().status,
        Status::Untrusted
    );
    assert_eq!(store.verification(1).unwrap(), None);
    let t = store.timelines(&TimelineQuery::default()).unwrap();
    assert_eq!(t.len(), 1);
    assert_eq!(t[0].recipients[0].state, RecipientState::Consegnato);
    assert_eq!(t[0].recipients[1].state, RecipientState::Esterno);
    let hits = store
        .search(&SearchQuery {
            text: "pratica".into(),
            ..SearchQuery::default()
        })
        .unwrap();
    assert_eq!(hits.len(), 3);
    // Derived data of an older analysis is due again (schema 5's index of subjects and
    // correspondents is filled by analysis 2); until then the full index finds the messages.
    assert_eq!(stats.pending, 4);
    assert!(hits.iter().all(|h| h.score >= 2.0), "{hits:?}");
    // The migrated store keeps working: more mail, reindex.
    let x = Exchange::new(43, &[("bruno@pec.it", true)]);
    let r = store.ingest(&x.sent(), &imap("Sent", 5)).unwrap();
    assert_eq!(r.kind, Some(PecKind::Ordinaria));
    store.reindex(&mut |_, _| {}).unwrap();
    assert_eq!(store.stats().unwrap().pending, 0);
    let hits = store
        .search(&SearchQuery {
            text: "pratica".into(),
            ..SearchQuery::default()
        })
        .unwrap();
    assert_eq!(hits.len(), 4);
    assert_eq!(
        hits[0].score, 1.0,
        "subjects are in the new index: {hits:?}"
    );
    assert_eq!(store.timelines(&TimelineQuery::default()).unwrap().len(), 2);
    assert_eq!(sha256_file(&original), V1_SHA256.trim());
}

#[test]
fn v1_fixture_gains_the_sync_state_of_v2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture(1), dir.path().join(sigillo::store::DATABASE_FILE)).unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    // The v1 copies are there, with no flags and no sync state yet.
    assert_eq!(
        store
            .imap_uids(&MailboxKey::new("studio", "INBOX", 1))
            .unwrap(),
        [2, 3, 4].into_iter().collect()
    );
    assert!(
        store
            .imap_flags(&MailboxKey::new("studio", "INBOX", 1))
            .unwrap()
            .is_empty()
    );
    assert_eq!(store.imap_folder("studio", "INBOX").unwrap(), None);
    // The new state works on the migrated file.
    let state = sigillo::store::ImapFolderState {
        account: "studio".into(),
        folder: "INBOX".into(),
        uidvalidity: 1,
        synced_below: 5,
        highestmodseq: Some(77),
        synced_at: Some(1_700_000_000),
    };
    store.set_imap_folder(&state).unwrap();
    assert_eq!(store.imap_folder("studio", "INBOX").unwrap(), Some(state));
    store
        .set_imap_flags(
            &MailboxKey::new("studio", "INBOX", 1),
            &[(2, "\\Seen".into())],
        )
        .unwrap();
    assert_eq!(
        store
            .imap_flags(&MailboxKey::new("studio", "INBOX", 1))
            .unwrap()[&2]
            .to_string(),
        "\\Seen"
    );
    // The v1 receipts were never checked: they say nothing about how an address was
    // classified until their provider signature is found valid.
    assert_eq!(
        store.known_recipient_type("ANNA@pec.altro.it").unwrap(),
        None
    );
    assert_eq!(
        store.known_recipient_type("luca@example.com").unwrap(),
        None
    );
    let receipts: Vec<i64> = store
        .list(&ListQuery::default())
        .unwrap()
        .iter()
        .filter(|m| {
            m.kind == Some(PecKind::AvvenutaConsegna) || m.kind == Some(PecKind::Accettazione)
        })
        .map(|m| m.id)
        .collect();
    assert!(!receipts.is_empty());
    for id in receipts {
        store
            .set_verification(id, &Verification::bare(Status::Valid, None))
            .unwrap();
    }
    assert_eq!(
        store.known_recipient_type("ANNA@pec.altro.it").unwrap(),
        Some(sigillo::pec::RecipientType::Certificato)
    );
    assert_eq!(
        store.known_recipient_type("luca@example.com").unwrap(),
        Some(sigillo::pec::RecipientType::Esterno)
    );
    assert_eq!(store.known_recipient_type("nobody@x.it").unwrap(), None);
    assert_eq!(store.forget_sync_state("studio").unwrap(), 1);
    assert_eq!(
        store.stats().unwrap().copies,
        4,
        "forgetting state keeps every copy"
    );
}

#[test]
fn version_0_an_empty_file_becomes_the_current_schema() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(sigillo::store::DATABASE_FILE), b"").unwrap();
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(store.stats().unwrap().messages, 0);
}

#[test]
fn a_database_from_a_newer_sigillo_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(sigillo::store::DATABASE_FILE);
    {
        let c = Connection::open(&path).unwrap();
        c.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 999;")
            .unwrap();
    }
    match Store::open(dir.path()) {
        Err(StoreError::TooNew { found, .. }) => assert_eq!(found, 999),
        other => panic!("expected TooNew, got {other:?}"),
    }
    let c = Connection::open(&path).unwrap();
    let v: i64 = c
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, 999);
}

#[test]
fn a_file_that_is_not_a_database_gives_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(sigillo::store::DATABASE_FILE),
        b"this is not an SQLite database, just text that happens to be here\n".repeat(100),
    )
    .unwrap();
    let err = Store::open(dir.path()).unwrap_err();
    assert!(!err.to_string().is_empty());
}

#[test]
fn v2_fixture_migrates_and_counts_folders_from_the_new_indexes() {
    let original = fixture(2);
    assert_eq!(
        sha256_file(&original),
        V2_SHA256.trim(),
        "the fixture is kept byte-exact"
    );
    assert_eq!(header_user_version(&original), 2);
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(&original, dir.path().join(sigillo::store::DATABASE_FILE)).unwrap();
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert!(store.integrity_check().unwrap().is_empty());
    drop(store);
    let c = Connection::open(dir.path().join(sigillo::store::DATABASE_FILE)).unwrap();
    let indexes: Vec<String> = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'copies'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    for name in ["copies_folder_message", "copies_account_folder_message"] {
        assert!(indexes.iter().any(|i| i == name), "{name} in {indexes:?}");
    }
    // The folder count is read from the index alone, and still counts distinct messages.
    let plan: Vec<String> = c
        .prepare(
            "EXPLAIN QUERY PLAN SELECT COUNT(DISTINCT c.message_id) FROM copies c WHERE c.folder = ?",
        )
        .unwrap()
        .query_map(["INBOX"], |r| r.get(3))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert!(
        plan.iter()
            .any(|p| p.contains("COVERING INDEX copies_folder_message")),
        "{plan:?}"
    );
    drop(c);
    let mut store = Store::open(dir.path()).unwrap();
    // A second copy of a stored message in the same folder is still one message.
    let raw = store.raw(2).unwrap();
    store.ingest(&raw, &imap("INBOX", 9)).unwrap();
    for (account, folder, expected) in [
        (None, "INBOX", 3),
        (Some("studio"), "INBOX", 3),
        (Some("studio"), "Sent", 1),
        (Some("altro"), "INBOX", 0),
    ] {
        let q = ListQuery {
            account: account.map(str::to_owned),
            folder: Some(folder.to_owned()),
            ..ListQuery::default()
        };
        assert_eq!(store.count(&q).unwrap(), expected, "{account:?} {folder}");
        assert_eq!(
            store.list(&q).unwrap().len(),
            expected,
            "{account:?} {folder}"
        );
    }
    let receipts = ListQuery {
        folder: Some("INBOX".into()),
        kind: Some(PecKind::Accettazione),
        ..ListQuery::default()
    };
    assert_eq!(store.count(&receipts).unwrap(), 1);
}

#[test]
fn v3_fixture_gains_the_read_here_mark_of_v4() {
    let original = fixture(3);
    assert_eq!(
        sha256_file(&original),
        V3_SHA256.trim(),
        "the fixture is kept byte-exact"
    );
    assert_eq!(header_user_version(&original), 3);
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(&original, dir.path().join(sigillo::store::DATABASE_FILE)).unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert!(store.integrity_check().unwrap().is_empty());
    // Nothing was read here before version 4.
    assert!(store.seen_pending("studio", "INBOX").unwrap().is_empty());
    let before = store.list(&ListQuery::default()).unwrap().len();
    // A copy whose flags the sync records can be read here, and waits for the server.
    store
        .set_imap_flags(
            &MailboxKey::new("studio", "INBOX", 1),
            &[(2, FlagSet::default())],
        )
        .unwrap();
    let id = store.find_copy(&imap("INBOX", 2)).unwrap().unwrap();
    assert_eq!(store.mark_read(id).unwrap(), 1);
    assert_eq!(store.seen_pending("studio", "INBOX").unwrap(), [(1, 2)]);
    assert_eq!(store.list(&ListQuery::default()).unwrap().len(), before);
}

#[test]
fn v4_fixture_gains_the_analysing_lease_of_v5() {
    let original = fixture(4);
    assert_eq!(
        sha256_file(&original),
        V4_SHA256.trim(),
        "the fixture is kept byte-exact"
    );
    assert_eq!(header_user_version(&original), 4);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(sigillo::store::DATABASE_FILE);
    std::fs::copy(&original, &db).unwrap();
    {
        // A message left pending by a version-4 run (no lease to tell who analyses it).
        let c = Connection::open(&db).unwrap();
        c.execute("UPDATE messages SET analysis_version = 0 WHERE id = 3", [])
            .unwrap();
    }
    let mut store = Store::open(dir.path()).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert!(store.integrity_check().unwrap().is_empty());
    let pending = store.pending_by_owner().unwrap();
    // One left unanalysed by a stopped run; the three others were analysed by an earlier
    // version's rules (analysis version 1): due again, and told apart.
    assert_eq!(
        (pending.interrupted, pending.outdated, pending.in_progress),
        (1, 3, 0),
        "stored before version 5: left by an interrupted run, or read by an earlier version"
    );
    assert_eq!(store.analyse_pending(&mut |_, _| {}).unwrap(), 4);
    assert_eq!(store.pending_analysis().unwrap(), 0);
    assert_eq!(store.list(&ListQuery::default()).unwrap().len(), 4);
    drop(store);
    let c = Connection::open(&db).unwrap();
    let columns: Vec<String> = c
        .prepare("SELECT name FROM pragma_table_info('messages')")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert!(
        columns.iter().any(|c| c == "analysing_lease"),
        "{columns:?}"
    );
    assert_eq!(sha256_file(&original), V4_SHA256.trim());
}

#[test]
fn v5_fixture_gains_one_entry_per_sent_message_of_v6() {
    let original = fixture(5);
    assert_eq!(
        sha256_file(&original),
        V5_SHA256.trim(),
        "the fixture is kept byte-exact"
    );
    assert_eq!(header_user_version(&original), 5);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(sigillo::store::DATABASE_FILE);
    std::fs::copy(&original, &db).unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert!(store.integrity_check().unwrap().is_empty());
    store.analyse_pending(&mut |_, _| {}).unwrap();
    // Everything of version 5 reads back: four messages, each copy with its own bytes.
    let listed = store.list(&ListQuery::default()).unwrap();
    assert_eq!(listed.len(), 4);
    for (i, (raw, _)) in fixture_messages().iter().enumerate() {
        assert_eq!(&store.raw(i as i64 + 1).unwrap(), raw);
        assert!(
            store
                .copies(i as i64 + 1)
                .unwrap()
                .iter()
                .all(|c| c.bytes_id.is_none())
        );
    }
    // The fixture's sent message is found by its Message-ID (the new index).
    let sent = fixture_messages()[0].0.clone();
    let msgid = sigillo::pec::classify(&sent)
        .headers
        .summary
        .message_id
        .unwrap();
    assert_eq!(store.find_by_message_id(&msgid).unwrap(), [1]);
    // Its copy stored when sending, with a header the server added, becomes one with it.
    let mut server = b"X-Server: rewritten\r\n".to_vec();
    server.extend_from_slice(&sent);
    let r = store
        .ingest(
            &server,
            &Source::Sent {
                account: "studio".into(),
            },
        )
        .unwrap();
    assert_eq!(r.id, 1, "the new bytes are another copy of message 1");
    assert_eq!(store.list(&ListQuery::default()).unwrap().len(), 4);
    assert_eq!(store.copies(1).unwrap().len(), 2);
    drop(store);
    let c = Connection::open(&db).unwrap();
    for (table, column) in [("messages", "copy_of"), ("copies", "bytes_of")] {
        let columns: Vec<String> = c
            .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(columns.iter().any(|c| c == column), "{table}: {columns:?}");
    }
    assert_eq!(sha256_file(&original), V5_SHA256.trim());
}

#[test]
fn v4_fixture_gains_a_register_recording_every_stored_message() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(sigillo::store::DATABASE_FILE);
    std::fs::copy(fixture(4), &db).unwrap();
    let shas: Vec<(String, Option<String>)> = {
        let c = Connection::open(&db).unwrap();
        c.prepare("SELECT sha256, sig_status FROM messages ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    };
    let store = Store::open(dir.path()).unwrap();
    let entries = store.register_entries().unwrap();
    assert!(sigillo::store::register::check_chain(&entries).is_empty());
    let existing: Vec<_> = entries.iter().filter(|e| e.event == "existing").collect();
    assert_eq!(existing.len(), shas.len());
    for (e, (sha, status)) in existing.iter().zip(&shas) {
        assert_eq!(e.subject.as_deref(), Some(sha.as_str()));
        assert_eq!(
            e.detail_json()["status"].as_str().map(str::to_owned),
            *status
        );
    }
    assert!(
        shas.iter().any(|(_, s)| s.as_deref() == Some("untrusted")),
        "the fixture's recorded outcome is carried into the register"
    );
    assert_eq!(
        entries.last().unwrap().event,
        "trust",
        "the trust folder's baseline"
    );
}
