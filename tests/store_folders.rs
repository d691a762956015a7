//! Folder overview: message counts and unread counts from the server's flags.

mod support;

use sigillo::store::{ListQuery, Source, Store};
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
            "studio",
            "INBOX",
            7,
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
