//! Every PEC kind, including those the real corpus lacks, built by hand after RFC 6109, and the
//! warnings a careful reader needs.

use crate::support;

use sigillo::pec::{OuterField, PecKind, ReceiptType, RecipientType, Warning, classify};
use support::corpus::flip_line_endings;
use support::handmade::{Pec, daticert, postacert};

fn codes(c: &sigillo::pec::Classification) -> Vec<&'static str> {
    c.warnings.iter().map(|w| w.code()).collect()
}

/// Classifies with both line-ending styles and checks they agree on the essentials.
fn classify_both(raw: &[u8]) -> sigillo::pec::Classification {
    let a = classify(raw);
    let b = classify(&flip_line_endings(raw));
    assert_eq!(a.kind, b.kind);
    assert_eq!(a.receipt_type, b.receipt_type);
    assert_eq!(a.daticert, b.daticert);
    assert_eq!(codes(&a), codes(&b));
    a
}

#[test]
fn transport_envelope() {
    let pec = Pec {
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
    };
    let c = classify_both(&pec.build());
    assert_eq!(c.kind, PecKind::PostaCertificata);
    assert_eq!(c.receipt_type, Some(ReceiptType::Completa));
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    let d = c.daticert.as_ref().unwrap();
    assert_eq!(d.destinatari[1].tipo, RecipientType::Esterno);
    let o = c.original.as_ref().unwrap();
    assert_eq!(o.summary.subject.as_deref(), Some("Contratto di fornitura"));
    assert_eq!(o.summary.attachments.len(), 1);
    assert_eq!(
        o.summary.attachments[0].name.as_deref(),
        Some("contratto.pdf")
    );
    assert_eq!(o.summary.attachments[0].size, 39);
    assert!(o.bytes.starts_with(b"Message-ID: <opec001"));
}

#[test]
fn anomaly_envelope_has_no_daticert_and_carries_the_foreign_message() {
    let pec = Pec {
        x_trasporto: Some("errore"),
        x_ricevuta: None,
        extra_headers: vec![],
        subject: "ANOMALIA MESSAGGIO: Contratto di fornitura".into(),
        daticert: None,
        postacert: Some(postacert(false)),
        postacert_name: "messaggio-originale.eml",
    };
    let c = classify_both(&pec.build());
    assert_eq!(c.kind, PecKind::Anomalia);
    assert_eq!(c.receipt_type, None);
    assert!(c.daticert.is_none());
    assert!(!codes(&c).contains(&"missing-daticert"));
    assert_eq!(
        c.original.as_ref().unwrap().part_name.as_deref(),
        Some("messaggio-originale.eml")
    );
}

#[test]
fn acceptance_and_non_acceptance() {
    let acc = Pec::notice(
        "accettazione",
        "ACCETTAZIONE: ",
        daticert("accettazione", "nessuno", "Contratto di fornitura", ""),
    );
    let c = classify_both(&acc.build());
    assert_eq!(c.kind, PecKind::Accettazione);
    assert_eq!(c.receipt_type, None);
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);

    let non = Pec::notice(
        "non-accettazione",
        "AVVISO DI NON ACCETTAZIONE: ",
        daticert(
            "non-accettazione",
            "altro",
            "Contratto di fornitura",
            "<errore-esteso>Destinatari in copia nascosta non ammessi</errore-esteso>",
        ),
    );
    let c = classify_both(&non.build());
    assert_eq!(c.kind, PecKind::NonAccettazione);
    assert_eq!(c.daticert.as_ref().unwrap().errore, "altro");

    let mut virus = Pec::notice(
        "non-accettazione",
        "AVVISO DI NON ACCETTAZIONE PER VIRUS: ",
        daticert("non-accettazione", "virus", "Contratto di fornitura", ""),
    );
    virus
        .extra_headers
        .push("X-VerificaSicurezza: errore".into());
    let c = classify_both(&virus.build());
    assert_eq!(c.kind, PecKind::NonAccettazione);
    assert!(codes(&c).contains(&"virus-reported"));
    assert!(!codes(&c).contains(&"missing-subject-prefix"));
}

#[test]
fn take_over_and_virus_detection_are_provider_only() {
    let presa = Pec::notice(
        "presa-in-carico",
        "PRESA IN CARICO: ",
        daticert(
            "presa-in-carico",
            "nessuno",
            "Contratto di fornitura",
            "<ricezione>anna.bianchi@pec.altro.it</ricezione>",
        ),
    );
    let c = classify_both(&presa.build());
    assert_eq!(c.kind, PecKind::PresaInCarico);
    assert_eq!(
        c.daticert.as_ref().unwrap().ricezione,
        vec!["anna.bianchi@pec.altro.it"]
    );
    assert!(codes(&c).contains(&"provider-only"));

    let mut virus = Pec::notice(
        "rilevazione-virus",
        "PROBLEMA DI SICUREZZA: ",
        daticert(
            "rilevazione-virus",
            "virus",
            "Contratto di fornitura",
            "<consegna>anna.bianchi@pec.altro.it</consegna>",
        ),
    );
    virus
        .extra_headers
        .push("X-Mittente: mario.rossi@pec.esempio.it".into());
    virus
        .extra_headers
        .push("X-VerificaSicurezza: errore".into());
    let c = classify_both(&virus.build());
    assert_eq!(c.kind, PecKind::RilevazioneVirus);
    assert_eq!(
        c.headers.x_mittente.as_deref(),
        Some("mario.rossi@pec.esempio.it")
    );
    assert!(codes(&c).contains(&"virus-reported"));
    assert!(codes(&c).contains(&"provider-only"));
}

#[test]
fn delivery_receipts_of_every_type() {
    for (tipo, breve, with_original) in [
        ("completa", false, true),
        ("breve", true, true),
        ("sintetica", false, false),
    ] {
        let mut pec = Pec::notice(
            "avvenuta-consegna",
            "CONSEGNA: ",
            daticert(
                "avvenuta-consegna",
                "nessuno",
                "Contratto di fornitura",
                &format!(
                    "<ricevuta tipo=\"{tipo}\" />\n<consegna>anna.bianchi@pec.altro.it</consegna>"
                ),
            ),
        );
        if with_original {
            pec.postacert = Some(postacert(breve));
        }
        let c = classify_both(&pec.build());
        assert_eq!(c.kind, PecKind::AvvenutaConsegna);
        assert_eq!(c.receipt_type, ReceiptType::parse(tipo), "{tipo}");
        assert_eq!(c.original.is_some(), with_original);
        assert!(c.warnings.is_empty(), "{tipo}: {:?}", c.warnings);
        if breve {
            let a = &c.original.as_ref().unwrap().summary.attachments[0];
            assert_eq!(a.name.as_deref(), Some("contratto.pdf.hash"));
        }
    }
}

#[test]
fn delivery_receipt_type_is_inferred_when_daticert_is_silent() {
    let mut pec = Pec::notice(
        "avvenuta-consegna",
        "CONSEGNA: ",
        daticert(
            "avvenuta-consegna",
            "nessuno",
            "Contratto di fornitura",
            "<consegna>anna.bianchi@pec.altro.it</consegna>",
        ),
    );
    pec.postacert = Some(postacert(true));
    assert_eq!(
        classify(&pec.build()).receipt_type,
        Some(ReceiptType::Breve)
    );
    pec.postacert = None;
    assert_eq!(
        classify(&pec.build()).receipt_type,
        Some(ReceiptType::Sintetica)
    );
}

#[test]
fn non_delivery_and_its_alias() {
    for header in ["errore-consegna", "mancata-consegna", "Errore-Consegna "] {
        let pec = Pec::notice(
            if header == "mancata-consegna" {
                "mancata-consegna"
            } else {
                "errore-consegna"
            },
            "AVVISO DI MANCATA CONSEGNA: ",
            daticert(
                "errore-consegna",
                "no-dest",
                "Contratto di fornitura",
                "<consegna>anna.bianchi@pec.altro.it</consegna>\n<errore-esteso>5.1.1 - Gestore Esempio - indirizzo non valido</errore-esteso>",
            ),
        );
        let c = classify_both(&pec.build());
        assert_eq!(c.kind, PecKind::ErroreConsegna, "{header}");
        assert_eq!(
            c.daticert.as_ref().unwrap().errore_esteso.as_deref(),
            Some("5.1.1 - Gestore Esempio - indirizzo non valido")
        );
        assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    }
}

#[test]
fn timeout_notices_and_the_final_one() {
    let first = Pec::notice(
        "preavviso-errore-consegna",
        "AVVISO DI MANCATA CONSEGNA PER SUP. TEMPO MASSIMO: ",
        daticert(
            "preavviso-errore-consegna",
            "nessuno",
            "Contratto di fornitura",
            "<consegna>anna.bianchi@pec.altro.it</consegna>\n<errore-esteso>4.4.7 - non consegnato nelle prime dodici ore</errore-esteso>",
        ),
    );
    let c = classify_both(&first.build());
    assert_eq!(c.kind, PecKind::PreavvisoErroreConsegna);
    assert!(!c.daticert.as_ref().unwrap().is_final_timeout());
    assert!(!codes(&c).contains(&"final-timeout"));

    let last = Pec::notice(
        "preavviso-errore-consegna",
        "AVVISO DI MANCATA CONSEGNA PER SUP. TEMPO MASSIMO: ",
        daticert(
            "preavviso-errore-consegna",
            "altro",
            "Contratto di fornitura",
            "<consegna>anna.bianchi@pec.altro.it</consegna>\n<errore-esteso>5.4.1 - Gestore - il messaggio non è stato consegnato nelle prime ventiquattro ore dal suo invio</errore-esteso>",
        ),
    );
    let c = classify_both(&last.build());
    assert!(c.daticert.as_ref().unwrap().is_final_timeout());
    assert!(codes(&c).contains(&"final-timeout"));
}

#[test]
fn signed_data_wins_over_a_forged_header() {
    let pec = Pec::notice(
        "avvenuta-consegna",
        "CONSEGNA: ",
        daticert(
            "errore-consegna",
            "no-dest",
            "Contratto di fornitura",
            "<consegna>anna.bianchi@pec.altro.it</consegna>",
        ),
    );
    let c = classify_both(&pec.build());
    assert_eq!(c.kind, PecKind::ErroreConsegna);
    assert!(c.warnings.contains(&Warning::KindMismatch {
        header: PecKind::AvvenutaConsegna,
        daticert: PecKind::ErroreConsegna,
    }));
}

#[test]
fn headers_missing_uses_the_signed_daticert() {
    let mut pec = Pec::notice(
        "accettazione",
        "ACCETTAZIONE: ",
        daticert("accettazione", "nessuno", "Contratto di fornitura", ""),
    );
    pec.x_ricevuta = None;
    let c = classify_both(&pec.build());
    assert_eq!(c.kind, PecKind::Accettazione);
    assert!(codes(&c).contains(&"pec-headers-missing"));
}

#[test]
fn outer_subject_and_recipients_edits_are_reported() {
    let mut pec = Pec {
        x_trasporto: Some("posta-certificata"),
        x_ricevuta: None,
        extra_headers: vec![],
        subject: "Contratto di fornitura (modificato)".into(),
        daticert: Some(daticert(
            "posta-certificata",
            "nessuno",
            "Contratto di fornitura",
            "<ricevuta tipo=\"completa\" />",
        )),
        postacert: Some(postacert(false)),
        postacert_name: "postacert.eml",
    };
    let c = classify_both(&pec.build());
    assert!(codes(&c).contains(&"missing-subject-prefix"));
    assert!(c.warnings.iter().any(|w| matches!(
        w,
        Warning::OuterHeaderDiffers {
            field: OuterField::Subject,
            ..
        }
    )));

    pec.subject = "POSTA CERTIFICATA: Contratto di fornitura".into();
    let raw = String::from_utf8(pec.build()).unwrap().replace(
        "To: anna.bianchi@pec.altro.it, luca.verdi@example.com\r\nMessage-ID: <opec001",
        "To: intruso@pec.altro.it\r\nMessage-ID: <opec001",
    );
    let c = classify_both(raw.as_bytes());
    assert!(c.warnings.iter().any(|w| matches!(
        w,
        Warning::OuterHeaderDiffers {
            field: OuterField::Recipients,
            ..
        }
    )));
}

#[test]
fn envelope_without_daticert_or_original_is_flagged() {
    let pec = Pec {
        x_trasporto: Some("posta-certificata"),
        x_ricevuta: None,
        extra_headers: vec![],
        subject: "POSTA CERTIFICATA: Contratto di fornitura".into(),
        daticert: None,
        postacert: None,
        postacert_name: "postacert.eml",
    };
    let c = classify_both(&pec.build());
    assert_eq!(c.kind, PecKind::PostaCertificata);
    assert!(codes(&c).contains(&"missing-daticert"));
    assert!(codes(&c).contains(&"missing-original"));
}

#[test]
fn ordinary_mail_with_a_forwarded_pec() {
    let envelope = Pec {
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
    .build();
    let mut mail = b"From: a@example.com\r\nTo: b@example.com\r\nSubject: Fw: la PEC\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"fw\"\r\n\r\n--fw\r\nContent-Type: text/plain\r\n\r\nTi giro la PEC.\r\n--fw\r\nContent-Type: message/rfc822; name=\"pec.eml\"\r\n\r\n".to_vec();
    mail.extend_from_slice(&envelope);
    mail.extend_from_slice(b"\r\n--fw--\r\n");
    let c = classify_both(&mail);
    assert_eq!(c.kind, PecKind::Ordinaria);
    assert!(c.daticert.is_none());
    assert!(codes(&c).contains(&"contains-forwarded-pec"));
}

#[test]
fn a_loose_daticert_does_not_make_a_plain_mail_pec() {
    let mail = b"From: a@example.com\r\nTo: b@example.com\r\nSubject: guarda\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"x\"\r\n\r\n--x\r\nContent-Type: text/plain\r\n\r\nciao\r\n--x\r\nContent-Type: application/xml; name=\"daticert.xml\"\r\n\r\n<postacert tipo=\"accettazione\"/>\r\n--x--\r\n";
    let c = classify(mail);
    assert_eq!(c.kind, PecKind::Ordinaria);
    assert!(c.daticert.is_none());
}

#[test]
fn plain_text_mail_is_ordinary_and_garbage_is_unreadable() {
    let c = classify(b"From: a@example.com\r\nSubject: ciao\r\n\r\ntesto\r\n");
    assert_eq!(c.kind, PecKind::Ordinaria);
    assert!(c.warnings.is_empty());
    for garbage in [
        &b""[..],
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"\xff\xd8\xff\xe0",
    ] {
        assert_eq!(classify(garbage).kind, PecKind::Illeggibile);
    }
}

#[test]
fn unknown_header_values_are_reported_not_trusted() {
    let mut pec = Pec::notice(
        "consegnata-forse",
        "CONSEGNA: ",
        daticert("avvenuta-consegna", "nessuno", "Contratto di fornitura", ""),
    );
    pec.x_ricevuta = Some("consegnata-forse");
    let c = classify(&pec.build());
    assert_eq!(c.kind, PecKind::AvvenutaConsegna);
    assert!(codes(&c).contains(&"unknown-header-value"));
}
