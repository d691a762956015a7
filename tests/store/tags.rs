//! The "fatture" and "notifiche SdI" filters over the real SdI envelopes of the corpus.

use crate::support;

use sigillo::store::{DocumentTag, Source, Store};
use support::corpus;

#[test]
fn invoices_and_sdi_notifications_are_listed_apart() {
    let Some(root) = corpus::corpus_or_announce("fatture / notifiche SdI filters on real SdI mail")
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let mut names = std::collections::HashMap::new();
    for path in corpus::real_messages(&root) {
        let raw = std::fs::read(&path).unwrap();
        let id = store
            .ingest(
                &raw,
                &Source::Import {
                    path: path.display().to_string(),
                    offset: None,
                    account: None,
                    folder: None,
                },
            )
            .unwrap()
            .id;
        names.insert(id, path.file_name().unwrap().to_string_lossy().into_owned());
    }
    let listed = |tag| -> Vec<String> {
        let mut v: Vec<String> = store
            .tagged(tag, 0)
            .unwrap()
            .iter()
            .map(|r| names[&r.id].clone())
            .collect();
        v.sort();
        v
    };
    let invoices = listed(DocumentTag::Invoices);
    let sdi = listed(DocumentTag::SdiNotifications);
    // The SdI envelopes carry invoice files (and their MT metadata)…
    assert!(
        invoices.contains(&"sogei-posta-certificata-sdi-invio-file-2018.eml".to_owned()),
        "{invoices:?}"
    );
    assert!(
        invoices.contains(&"sogei-posta-certificata-sdi-2019-a.eml".to_owned()),
        "{invoices:?}"
    );
    // …and the delivery receipt of an invoice is an SdI notification, not an invoice.
    assert!(
        sdi.contains(&"sogei-posta-certificata-sdi-ricevuta-consegna-2018.eml".to_owned()),
        "{sdi:?}"
    );
    assert!(
        !invoices.contains(&"sogei-posta-certificata-sdi-ricevuta-consegna-2018.eml".to_owned())
    );
    // Ordinary PEC with PDFs is in neither.
    for other in [
        "legalmail-posta-certificata-2019.eml",
        "register-posta-certificata-2018.eml",
    ] {
        assert!(!invoices.contains(&other.to_owned()) && !sdi.contains(&other.to_owned()));
    }
}
