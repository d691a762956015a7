//! Folder overview: message counts and unread counts from the server's flags.

use crate::support;

use sigillo::store::{ListQuery, MailboxKey, Source, Store};
use support::handmade::{Pec, daticert};

#[test]
fn folders_count_messages_and_unread_ones() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let imap = |uid: u32| Source::Imap {
        account: "studio".into(),
        folder: "INBOX".into(),
        uidvalidity: 7,
        uid,
    };
    for (i, tipo) in ["accettazione", "avvenuta-consegna", "errore-consegna"]
        .iter()
        .enumerate()
    {
        let mut pec = Pec::notice(
            tipo,
            "ACCETTAZIONE: ",
            daticert(tipo, "nessuno", &format!("Pratica {i}"), ""),
        );
        pec.subject = format!("ACCETTAZIONE: Pratica {i}");
        store.ingest(&pec.build(), &imap(i as u32 + 1)).unwrap();
    }
    store
        .set_imap_flags(
            &MailboxKey::new("studio", "INBOX", 7),
            &[
                (1, "\\Seen".into()),
                (2, "\\Answered".into()),
                (3, "".into()),
            ],
        )
        .unwrap();
    let folders = store.folders().unwrap();
    let inbox = folders
        .iter()
        .find(|f| f.folder.as_deref() == Some("INBOX"))
        .unwrap();
    assert_eq!(inbox.messages, 3);
    assert_eq!(inbox.unread, 2);
    assert_eq!(inbox.account.as_deref(), Some("studio"));
    let q = ListQuery {
        folder: Some("INBOX".into()),
        ..ListQuery::default()
    };
    assert_eq!(store.count(&q).unwrap(), 3);
    assert_eq!(store.count(&ListQuery::default()).unwrap(), 3);
}

/// The size of a folder is kept as copies come and go, and always equals counting the distinct
/// messages with a copy there: one message in two folders, twice in one folder, in two
/// accounts, imported (no account); copies deleted or moved by hand in the database.
#[test]
fn folder_sizes_always_equal_counting_the_copies() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let raw = |n: u32| {
        format!("From: a@example.org\r\nSubject: {n}\r\nMessage-ID: <{n}@x>\r\n\r\nciao {n}\r\n")
            .into_bytes()
    };
    let imap = |account: &str, folder: &str, uid: u32| Source::Imap {
        account: account.into(),
        folder: folder.into(),
        uidvalidity: 1,
        uid,
    };
    let import = |folder: &str, n: u32| Source::Import {
        path: format!("/archivio/{n}.eml"),
        offset: None,
        account: None,
        folder: Some(folder.into()),
    };
    for n in 0..6 {
        store
            .ingest(&raw(n), &imap("studio", "INBOX", n + 1))
            .unwrap();
    }
    // Message 0 again in the same folder (another UID), in Archivio, in another account.
    store
        .ingest(&raw(0), &imap("studio", "INBOX", 100))
        .unwrap();
    store
        .ingest(&raw(0), &imap("studio", "Archivio", 1))
        .unwrap();
    store.ingest(&raw(0), &imap("altro", "INBOX", 1)).unwrap();
    store.ingest(&raw(1), &import("INBOX", 1)).unwrap();
    store.ingest(&raw(9), &import("INBOX", 9)).unwrap();
    let check = |store: &Store, when: &str| {
        let conn = rusqlite::Connection::open(store.path()).unwrap();
        let places: Vec<(Option<String>, String)> = conn
            .prepare("SELECT DISTINCT account, folder FROM copies")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        for (account, folder) in places.iter().cloned().chain(
            places
                .iter()
                .map(|(_, f)| (None, f.clone()))
                .collect::<Vec<_>>(),
        ) {
            let counted: i64 = match &account {
                Some(a) => conn.query_row(
                    "SELECT COUNT(DISTINCT message_id) FROM copies WHERE account = ?1 AND folder = ?2",
                    [a, &folder],
                    |r| r.get(0),
                ),
                None => conn.query_row(
                    "SELECT COUNT(DISTINCT message_id) FROM copies WHERE folder = ?1",
                    [&folder],
                    |r| r.get(0),
                ),
            }
            .unwrap();
            let q = ListQuery {
                account: account.clone(),
                folder: Some(folder.clone()),
                ..ListQuery::default()
            };
            assert_eq!(
                store.count(&q).unwrap(),
                counted as usize,
                "{when}: {account:?} {folder}"
            );
            assert_eq!(store.list(&q).unwrap().len(), counted as usize);
        }
    };
    check(&store, "after storing");
    let total = |store: &Store| {
        let n: i64 = rusqlite::Connection::open(store.path())
            .unwrap()
            .query_row("SELECT COUNT(*) FROM messages", [], |r| r.get(0))
            .unwrap();
        (store.count(&ListQuery::default()).unwrap(), n as usize)
    };
    assert_eq!(total(&store), (7, 7));
    let inbox = ListQuery {
        folder: Some("INBOX".into()),
        ..ListQuery::default()
    };
    assert_eq!(store.count(&inbox).unwrap(), 7);
    let conn = rusqlite::Connection::open(store.path()).unwrap();
    // One of the two INBOX copies of message 1 goes: still there; then the other.
    conn.execute(
        "DELETE FROM copies WHERE source = 'import' AND message_id = 2",
        [],
    )
    .unwrap();
    check(&store, "after deleting one of two copies");
    conn.execute("DELETE FROM copies WHERE message_id = 2", [])
        .unwrap();
    check(&store, "after deleting the last copy");
    assert_eq!(store.count(&inbox).unwrap(), 6);
    // A copy moved to another folder and account.
    conn.execute(
        "UPDATE copies SET folder = 'Archivio', account = 'altro' WHERE message_id = 3",
        [],
    )
    .unwrap();
    check(&store, "after moving a copy");
    assert_eq!(store.count(&inbox).unwrap(), 5);
    // Messages gone by hand (with their copies): the total follows.
    conn.execute("DELETE FROM copies WHERE message_id = 5", [])
        .unwrap();
    conn.execute("DELETE FROM raw_messages WHERE message_id = 5", [])
        .unwrap();
    conn.execute("DELETE FROM messages WHERE id = 5", [])
        .unwrap();
    assert_eq!(total(&store), (6, 6));
    check(&store, "after deleting a message");
}
