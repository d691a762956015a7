//! FatturaPA invoices (FPA12, FPR12; several lines, rates, payments, attachments; every root
//! prefix seen in the wild), malformed invoices, every SdI message, signed invoices, attachment
//! detection in generated messages, and the real SdI envelopes of the corpus.

use sigillo::fatturapa::detect::{self, AttachmentKind, Tags};
use sigillo::fatturapa::invoice::InvoiceWarning;
use sigillo::fatturapa::{
    self, FatturaDocument, FatturaError, InvoiceError, Outcome, SdiKind, Tone, read_invoice,
    read_notification,
};
use sigillo::i18n::{self, Lang};

use crate::support;
use support::fattura::{InvoiceSpec, invoice, mail_with_attachments, sdi};
use support::qes::{self, Qca, SignOpts};

#[test]
fn an_fpr12_invoice_reads_completely() {
    let pdf = b"%PDF-1.4 preventivo di prova, 38 byte".to_vec();
    let xml = invoice(&InvoiceSpec {
        attachments: vec![
            ("preventivo.pdf", pdf.clone()),
            ("ddt.pdf", vec![0u8; 1000]),
        ],
        ..InvoiceSpec::default()
    });
    let inv = read_invoice(&xml).unwrap();
    assert_eq!(inv.format, "FPR12");
    assert!(inv.warnings.is_empty(), "{:?}", inv.warnings);
    assert_eq!(inv.transmission.recipient_code.as_deref(), Some("0000000"));
    let s = &inv.supplier;
    assert_eq!(s.display_name(), "Fornitore di Prova S.r.l.");
    assert_eq!(s.vat_id.as_ref().unwrap().to_string(), "IT01234567890");
    assert_eq!(s.tax_regime.as_deref(), Some("RF01"));
    assert_eq!(
        s.address.as_ref().unwrap().to_string(),
        "Via della Prova 12, 10100 Torino (TO), IT"
    );
    let c = &inv.customer;
    assert_eq!(c.display_name(), "Giovanna Prova");
    assert!(c.vat_id.is_none());
    assert_eq!(c.fiscal_code.as_deref(), Some("PRVGNN80A01H501Z"));

    assert_eq!(inv.bodies.len(), 1);
    let b = &inv.bodies[0];
    assert_eq!(b.document_type, "TD01");
    assert_eq!(b.number, "FT-2024/001");
    assert_eq!(b.date.to_string(), "2024-03-11");
    assert_eq!(b.currency, "EUR");
    assert_eq!(
        b.reasons,
        ["Servizi di prova & consulenza", "secondo periodo"]
    );
    assert_eq!(b.stamp_duty.as_ref().unwrap().as_str(), "2.00");
    assert_eq!(b.total.as_ref().unwrap().as_str(), "1186.00");
    assert_eq!(b.lines.len(), 3);
    // Decimal strings exactly as written, never re-formatted floats.
    assert_eq!(b.lines[0].unit_price.as_str(), "80.00000000");
    assert_eq!(b.lines[0].quantity.as_ref().unwrap().as_str(), "10.00");
    assert_eq!(b.lines[0].unit.as_deref(), Some("ore"));
    assert_eq!(b.lines[1].vat_rate.as_str(), "4.00");
    assert_eq!(b.lines[2].nature.as_deref(), Some("N1"));
    assert!(b.lines[2].quantity.is_none());
    assert_eq!(b.vat_summary.len(), 3);
    assert_eq!(b.vat_summary[0].tax.as_str(), "176.00");
    assert_eq!(
        b.vat_summary[2].legal_reference.as_deref(),
        Some("Escluse ex art. 15")
    );
    assert_eq!(
        b.summary_total_hundredths(),
        b.total.as_ref().unwrap().hundredths()
    );
    let p = &b.payments[0];
    assert_eq!(p.conditions, "TP01");
    assert_eq!(p.details.len(), 2);
    assert_eq!(p.details[0].method, "MP05");
    assert_eq!(
        p.details[0].iban.as_deref(),
        Some("IT60X0542811101000000123456")
    );
    assert_eq!(p.details[0].due_date.unwrap().to_string(), "2024-04-30");
    assert_eq!(p.details[1].method, "MP12");
    let paid: i128 = p.details.iter().map(|d| d.amount.hundredths()).sum();
    assert_eq!(paid, 118600);
    assert_eq!(b.attachments.len(), 2);
    assert_eq!(b.attachments[0].name, "preventivo.pdf");
    assert_eq!(b.attachments[0].size, pdf.len());
    assert_eq!(b.attachments[0].data, pdf);
    assert_eq!(b.attachments[1].size, 1000);
}

#[test]
fn fpa12_lots_and_every_prefix() {
    for prefix in ["p", "ns2", "a", ""] {
        let xml = invoice(&InvoiceSpec {
            format: "FPA12",
            prefix,
            bodies: 3,
            attachments: vec![],
        });
        let inv = read_invoice(&xml).unwrap_or_else(|e| panic!("prefix {prefix:?}: {e}"));
        assert_eq!(inv.format, "FPA12");
        assert_eq!(inv.bodies.len(), 3);
        assert_eq!(inv.bodies[2].number, "FT-2024/003");
        assert_eq!(
            inv.customer.display_name(),
            "Comune di Esempio (ente di prova)"
        );
        assert_eq!(inv.customer.fiscal_code.as_deref(), Some("80000000000"));
        assert_eq!(inv.transmission.recipient_code.as_deref(), Some("UFABCD"));
        assert!(matches!(
            fatturapa::read_document(&xml),
            Ok(FatturaDocument::Invoice(_))
        ));
    }
}

fn replace(xml: &[u8], from: &str, to: &str) -> Vec<u8> {
    let s = String::from_utf8(xml.to_vec()).unwrap();
    assert!(s.contains(from), "{from} not in the invoice");
    s.replacen(from, to, 1).into_bytes()
}

#[test]
fn malformed_invoices_name_what_is_wrong() {
    let good = invoice(&InvoiceSpec::default());
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (
            replace(
                &good,
                "<PrezzoTotale>200.00</PrezzoTotale>",
                "<PrezzoTotale>200,00</PrezzoTotale>",
            ),
            "FatturaElettronicaBody[1]/DatiBeniServizi/DettaglioLinee[2]/PrezzoTotale",
        ),
        (
            replace(&good, "<Data>2024-03-11</Data>", "<Data>11/03/2024</Data>"),
            "DatiGeneraliDocumento/Data",
        ),
        (
            replace(&good, "<Numero>FT-2024/001</Numero>", "<Numero>  </Numero>"),
            "DatiGeneraliDocumento/Numero",
        ),
        (
            replace(
                &good,
                "<IdFiscaleIVA><IdPaese>IT</IdPaese><IdCodice>01234567890</IdCodice></IdFiscaleIVA>\n        <CodiceFiscale>01234567890</CodiceFiscale>",
                "",
            ),
            "CedentePrestatore/DatiAnagrafici/IdFiscaleIVA",
        ),
        (
            replace(
                &good,
                "<AliquotaIVA>22.00</AliquotaIVA>",
                "<AliquotaIVA>ventidue</AliquotaIVA>",
            ),
            "DettaglioLinee[1]/AliquotaIVA",
        ),
        (
            replace(&good, "<Attachment>", "<Attachment>!!not base64!!"),
            "Allegati[1]/Attachment",
        ),
        (
            replace(&good, "<ModalitaPagamento>MP05</ModalitaPagamento>", ""),
            "DettaglioPagamento[1]/ModalitaPagamento",
        ),
        (replace(&good, " versione=\"FPR12\"", ""), "@versione"),
    ];
    for (xml, path) in cases {
        let e = read_invoice(&xml).expect_err(path);
        let text = e.to_string();
        assert!(text.contains(path), "{path}: {text}");
        for lang in Lang::ALL {
            let words = i18n::invoice_error_text(lang, &e);
            assert!(words.contains(path), "{words}");
            assert!(!words.contains("fattura-"), "{words}");
        }
    }
    // No lines at all.
    let s = String::from_utf8(good.clone()).unwrap();
    let start = s.find("<DettaglioLinee>").unwrap();
    let end = s.rfind("</DettaglioLinee>").unwrap() + "</DettaglioLinee>".len();
    let no_lines = format!("{}{}", &s[..start], &s[end..]);
    assert_eq!(
        read_invoice(no_lines.as_bytes()).unwrap_err(),
        InvoiceError::Missing {
            path: "FatturaElettronica/FatturaElettronicaBody[1]/DatiBeniServizi/DettaglioLinee"
                .into()
        }
    );
    // Broken markup names the line.
    let broken = replace(&good, "</CedentePrestatore>", "</Cedente>");
    let e = read_invoice(&broken).unwrap_err();
    assert!(
        matches!(
            e,
            InvoiceError::Xml(sigillo::xml::XmlError::NotWellFormed { line: 19, .. })
        ),
        "{e:?}"
    );
    // Another XML document.
    assert_eq!(
        read_invoice(b"<html/>").unwrap_err(),
        InvoiceError::NotInvoice("html".into())
    );
    assert!(matches!(
        fatturapa::read_document(b"<Ordine/>"),
        Err(FatturaError::Unknown(r)) if r == "Ordine"
    ));
}

#[test]
fn unusual_but_readable_invoices_carry_warnings() {
    let good = invoice(&InvoiceSpec::default());
    let odd = replace(
        &good,
        "<TipoDocumento>TD01</TipoDocumento>",
        "<TipoDocumento>TD99</TipoDocumento>",
    );
    let inv = read_invoice(&odd).unwrap();
    assert!(
        matches!(&inv.warnings[..], [InvoiceWarning::UnknownCode { value, .. }] if value == "TD99")
    );
    let latin1: Vec<u8> = String::from_utf8(good.clone())
        .unwrap()
        .replace("encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\"")
        .replace("Manuale cartaceo", "Manuale cartaceo \u{e0} colori")
        .chars()
        .map(|c| c as u32 as u8)
        .collect();
    let inv = read_invoice(&latin1).unwrap();
    assert_eq!(
        inv.bodies[0].lines[1].description,
        "Manuale cartaceo à colori"
    );
    assert!(inv.warnings.is_empty());
}

fn notification(root: &str, inner: &str) -> fatturapa::Notification {
    read_notification(&sdi(root, inner)).unwrap_or_else(|e| panic!("{root}: {e}"))
}

#[test]
fn every_sdi_message_is_read_and_worded() {
    let file = "<NomeFile>IT01234567890_abcde.xml</NomeFile>";
    let cases: Vec<(&str, String, SdiKind, Outcome)> = vec![
        (
            "RicevutaConsegna",
            format!("{file}<DataOraRicezione>2024-03-11T10:00:00.000+01:00</DataOraRicezione><DataOraConsegna>2024-03-11T10:05:00.000+01:00</DataOraConsegna><Destinatario><Codice>0000000</Codice></Destinatario>"),
            SdiKind::Rc,
            Outcome::Delivered,
        ),
        (
            "NotificaScarto",
            format!("{file}<DataOraRicezione>2024-03-11T10:00:00.000+01:00</DataOraRicezione><ListaErrori><Errore><Codice>00404</Codice><Descrizione>Fattura duplicata</Descrizione></Errore><Errore><Codice>00305</Codice><Descrizione>IdFiscaleIVA del cessionario non valido</Descrizione><Suggerimento>Verificare la partita IVA</Suggerimento></Errore></ListaErrori>"),
            SdiKind::Ns,
            Outcome::Rejected,
        ),
        (
            "RicevutaScarto",
            format!("{file}<ListaErrori><Errore><Codice>00200</Codice><Descrizione>File non conforme al formato</Descrizione></Errore></ListaErrori>"),
            SdiKind::Ns,
            Outcome::Rejected,
        ),
        (
            "NotificaMancataConsegna",
            format!("{file}<Descrizione>Casella piena</Descrizione>"),
            SdiKind::Mc,
            Outcome::NotDelivered,
        ),
        (
            "RicevutaImpossibilitaRecapito",
            format!("{file}<DataMessaADisposizione>2024-03-12</DataMessaADisposizione>"),
            SdiKind::Mc,
            Outcome::NotDelivered,
        ),
        (
            "NotificaEsito",
            format!("{file}<EsitoCommittente><IdentificativoSdI>111222333</IdentificativoSdI><RiferimentoFattura><NumeroFattura>FT-2024/001</NumeroFattura><AnnoFattura>2024</AnnoFattura></RiferimentoFattura><Esito>EC01</Esito><MessageIdCommittente>77</MessageIdCommittente></EsitoCommittente>"),
            SdiKind::Ne,
            Outcome::Accepted,
        ),
        (
            "NotificaEsito",
            format!("{file}<EsitoCommittente><IdentificativoSdI>111222333</IdentificativoSdI><Esito>EC02</Esito><Descrizione>Importo errato</Descrizione></EsitoCommittente>"),
            SdiKind::Ne,
            Outcome::Refused,
        ),
        (
            "NotificaDecorrenzaTermini",
            format!("<RiferimentoFattura><NumeroFattura>FT-2024/001</NumeroFattura><AnnoFattura>2024</AnnoFattura></RiferimentoFattura>{file}<Descrizione>Decorsi i termini</Descrizione>"),
            SdiKind::Dt,
            Outcome::TermsExpired,
        ),
        (
            "AttestazioneTrasmissioneFattura",
            format!("{file}<DataOraRicezione>2024-03-11T10:00:00.000+01:00</DataOraRicezione><Destinatario><Codice>UFABCD</Codice><Descrizione>Ufficio di prova</Descrizione></Destinatario>"),
            SdiKind::At,
            Outcome::TransmittedNotDelivered,
        ),
        (
            "NotificaEsitoCommittente",
            "<RiferimentoFattura><NumeroFattura>FT-2024/001</NumeroFattura><AnnoFattura>2024</AnnoFattura></RiferimentoFattura><Esito>EC02</Esito><Descrizione>Non dovuta</Descrizione><MessageIdCommittente>9</MessageIdCommittente>".to_owned(),
            SdiKind::Ec,
            Outcome::RecipientRefuses,
        ),
        (
            "NotificaEsitoCommittente",
            "<Esito>EC01</Esito>".to_owned(),
            SdiKind::Ec,
            Outcome::RecipientAccepts,
        ),
        (
            "ScartoEsitoCommittente",
            "<RiferimentoFattura><NumeroFattura>FT-2024/001</NumeroFattura><AnnoFattura>2024</AnnoFattura></RiferimentoFattura><Scarto>EN01</Scarto>".to_owned(),
            SdiKind::Se,
            Outcome::OutcomeRejected,
        ),
        (
            "FileMetadati",
            format!("{file}<CodiceDestinatario>0000000</CodiceDestinatario><Formato>FPR12</Formato><TentativiInvio>1</TentativiInvio>"),
            SdiKind::Mt,
            Outcome::Metadata,
        ),
        (
            "MetadatiInvioFile",
            format!("{file}<CodiceDestinatario>ABC1234</CodiceDestinatario><Formato>FPA12</Formato><TentativiInvio>2</TentativiInvio>"),
            SdiKind::Mt,
            Outcome::Metadata,
        ),
    ];
    for (root, inner, kind, outcome) in &cases {
        let n = notification(root, inner);
        assert_eq!(n.kind, *kind, "{root}");
        assert_eq!(n.outcome, *outcome, "{root}");
        assert_eq!(n.sdi_id.as_deref(), Some("111222333"));
        assert_eq!(n.message_id.as_deref(), Some("444555666"));
        if inner.contains("<NomeFile>") {
            assert_eq!(n.file_name.as_deref(), Some("IT01234567890_abcde.xml"));
        }
        for lang in Lang::ALL {
            assert!(!i18n::sdi_kind_label(lang, n.kind).starts_with("sdi-"));
            assert!(i18n::sdi_outcome_text(lang, n.outcome).len() > 15);
        }
        assert!(matches!(
            detect::classify_bytes(&sdi(root, inner)),
            AttachmentKind::SdiNotification(k) if k == *kind
        ));
    }
    let ns = notification(cases[1].0, &cases[1].1);
    assert_eq!(ns.errors.len(), 2);
    assert_eq!(ns.errors[0].code, "00404");
    assert_eq!(
        ns.errors[1].suggestion.as_deref(),
        Some("Verificare la partita IVA")
    );
    assert_eq!(ns.outcome.tone(), Tone::Negative);
    let ne = notification(cases[5].0, &cases[5].1);
    assert_eq!(ne.code.as_deref(), Some("EC01"));
    assert_eq!(
        ne.invoice_ref.as_ref().unwrap().number.as_deref(),
        Some("FT-2024/001")
    );
    assert_eq!(ne.recipient_message_id.as_deref(), Some("77"));
    assert_eq!(ne.outcome.tone(), Tone::Positive);
    let at = notification(cases[8].0, &cases[8].1);
    assert_eq!(
        at.recipient,
        Some(("UFABCD".into(), Some("Ufficio di prova".into())))
    );
    let se = notification(cases[11].0, &cases[11].1);
    assert_eq!(se.code.as_deref(), Some("EN01"));
    // The metadata file, under both names of its root: what the recipient needs of it.
    for case in &cases[12..] {
        let mt = notification(case.0, &case.1);
        assert_eq!(mt.file_name.as_deref(), Some("IT01234567890_abcde.xml"));
        assert!(mt.recipient_code.is_some() && mt.format.is_some() && mt.attempts.is_some());
    }
    let mt = notification(cases[13].0, &cases[13].1);
    assert_eq!(
        (
            mt.recipient_code.as_deref(),
            mt.format.as_deref(),
            mt.attempts.as_deref()
        ),
        (Some("ABC1234"), Some("FPA12"), Some("2"))
    );
    // A message without the SdI identifier is refused.
    let bad =
        b"<ns3:RicevutaConsegna xmlns:ns3='u'><NomeFile>x.xml</NomeFile></ns3:RicevutaConsegna>";
    assert!(read_notification(bad).is_err());
}

/// The metadata file SdI sends with each invoice (`*_MT_*.xml`), with the root element named
/// after its type (`MetadatiInvioFile`) in the old namespace of the SdI messages and in the
/// current one: read as an SdI message from its content, whatever the file is called, and
/// found among a message's attachments.
#[test]
fn a_metadata_file_is_an_sdi_message_in_either_namespace() {
    for ns in [
        "http://www.fatturapa.gov.it/sdi/messaggi/v1.0",
        "http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fattura/messaggi/v1.0",
    ] {
        let xml = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<ns2:MetadatiInvioFile xmlns:ns2="{ns}" versione="1.0">
  <IdentificativoSdI>987654321</IdentificativoSdI>
  <NomeFile>IT01234567890_0A1B2.xml</NomeFile>
  <Hash>480aa1d80e981d878d5d41f0e0477ed56e0fc0a183dfe563df80545d4be08129</Hash>
  <CodiceDestinatario>KRRH6B9</CodiceDestinatario>
  <Formato>FPR12</Formato>
  <TentativiInvio>3</TentativiInvio>
  <MessageId>123123</MessageId>
</ns2:MetadatiInvioFile>"#
        );
        let n = read_notification(xml.as_bytes()).unwrap_or_else(|e| panic!("{ns}: {e}"));
        assert_eq!(n.kind, SdiKind::Mt);
        assert_eq!(n.outcome, Outcome::Metadata);
        assert_eq!(n.sdi_id.as_deref(), Some("987654321"));
        assert_eq!(n.file_name.as_deref(), Some("IT01234567890_0A1B2.xml"));
        assert_eq!(n.recipient_code.as_deref(), Some("KRRH6B9"));
        assert_eq!(n.format.as_deref(), Some("FPR12"));
        assert_eq!(n.attempts.as_deref(), Some("3"));
        assert!(matches!(
            fatturapa::read_document(xml.as_bytes()),
            Ok(FatturaDocument::Notification(_))
        ));
        // By content, under any name; and among the attachments of a message.
        for name in ["IT01234567890_0A1B2_MT_001.xml", "metadati.xml"] {
            assert_eq!(
                detect::classify_attachment(Some(name), xml.as_bytes()),
                AttachmentKind::SdiNotification(SdiKind::Mt),
                "{name}"
            );
        }
        let mail =
            mail_with_attachments(&[("IT01234567890_0A1B2_MT_001.xml", xml.clone().into_bytes())]);
        let found: Vec<AttachmentKind> = detect::attachments_of(&mail)
            .into_iter()
            .map(|(a, _)| a.kind)
            .collect();
        assert_eq!(found, [AttachmentKind::SdiNotification(SdiKind::Mt)]);
    }
}

#[test]
fn a_signed_invoice_is_recognised_and_read_after_its_signature() {
    let ca = Qca::new("Certificatore Fatture TEST");
    let signer = ca.signer("ELISA", "FATTURANTE", "FTTLSE85M41F205K");
    let xml = invoice(&InvoiceSpec::default());
    let p7m = qes::sign(
        &xml,
        &signer,
        SignOpts {
            ber: true,
            ..SignOpts::default()
        },
    );
    assert_eq!(detect::classify_bytes(&p7m), AttachmentKind::SignedInvoice);
    assert_eq!(
        detect::classify_bytes(&qes::to_base64(&p7m)),
        AttachmentKind::SignedInvoice
    );
    let d = sigillo::p7m::open(
        &p7m,
        Some("IT01234567890_abcde.xml.p7m"),
        None,
        sigillo::p7m::ReferenceTime::now(),
    )
    .unwrap();
    assert_eq!(d.name(), "IT01234567890_abcde.xml");
    assert_eq!(
        d.verification().status,
        sigillo::p7m::DocStatus::IntactNotChecked
    );
    let inv = read_invoice(d.content().1).unwrap();
    assert_eq!(inv.bodies[0].number, "FT-2024/001");
    // A signed PDF is a signed document, not an invoice.
    let pdf = qes::sign(b"%PDF-1.4 x", &signer, SignOpts::default());
    assert_eq!(detect::classify_bytes(&pdf), AttachmentKind::SignedDocument);
    assert_eq!(detect::classify_bytes(b"%PDF-1.4 x"), AttachmentKind::Other);
}

#[test]
fn attachments_are_classified_for_the_filters() {
    let ca = Qca::new("Certificatore Allegati TEST");
    let signer = ca.signer("FRANCO", "ALLEGATI", "LLGFNC70A01L219P");
    let xml = invoice(&InvoiceSpec::default());
    let signed = qes::sign(&xml, &signer, SignOpts::default());
    let rc = sdi(
        "RicevutaConsegna",
        "<NomeFile>IT01234567890_abcde.xml</NomeFile>",
    );
    let raw = mail_with_attachments(&[
        ("IT01234567890_abcde.xml", xml.clone()),
        ("IT01234567890_abcdf.xml.p7m", signed),
        ("IT01234567890_abcde_RC_001.xml", rc),
        (
            "IT01234567890_abcdg.xml",
            b"<Fattura Elettronica rotta".to_vec(),
        ),
        ("offerta.pdf", b"%PDF-1.4 offerta".to_vec()),
    ]);
    let found = detect::attachments_for_display(&raw);
    let kinds: Vec<AttachmentKind> = found.iter().map(|(a, _)| a.kind).collect();
    assert_eq!(
        kinds,
        [
            AttachmentKind::Invoice,
            AttachmentKind::SignedInvoice,
            AttachmentKind::SdiNotification(SdiKind::Rc),
            AttachmentKind::Invoice,
            AttachmentKind::Other,
        ]
    );
    assert_eq!(found[0].1, xml);
    assert!(matches!(
        fatturapa::read_document(&found[3].1),
        Err(FatturaError::Xml(_))
    ));
    let tags = Tags::of(&found.iter().map(|(a, _)| a.clone()).collect::<Vec<_>>());
    assert_eq!(
        tags,
        Tags {
            invoices: 3,
            sdi_notifications: 1,
            signed_documents: 1
        }
    );
    // A plain message has no carried original: the classification-based helper says nothing,
    // the raw-message one reads its own attachments.
    let c = sigillo::pec::classify(&raw);
    assert!(detect::detect(&c).is_empty());
}

/// The real SdI envelopes: invoices, metadata, receipts, an FPR12 invoice inside a `.p7m`.
#[test]
fn real_sdi_envelopes_of_the_corpus() {
    let Some(root) = support::corpus::corpus_or_announce("real SdI envelopes (fatturapa)") else {
        return;
    };
    let read = |name: &str| std::fs::read(root.join("real").join(name)).unwrap();
    let expect = [
        (
            "sogei-posta-certificata-sdi-invio-file-2018.eml",
            vec![
                AttachmentKind::SdiNotification(SdiKind::Mt),
                AttachmentKind::Invoice,
            ],
        ),
        (
            "sogei-posta-certificata-sdi-2019-a.eml",
            vec![
                AttachmentKind::SdiNotification(SdiKind::Mt),
                AttachmentKind::Invoice,
            ],
        ),
        (
            "sogei-posta-certificata-sdi-ricevuta-consegna-2018.eml",
            vec![AttachmentKind::SdiNotification(SdiKind::Rc)],
        ),
        (
            "sogei-posta-certificata-sdi-mancata-consegna-2019-anonymized.eml",
            vec![AttachmentKind::SdiNotification(SdiKind::Mc)],
        ),
        (
            "sogei-posta-certificata-sdi-invio-file-EDITED-base64.eml",
            vec![
                AttachmentKind::SdiNotification(SdiKind::Mt),
                AttachmentKind::SignedInvoice,
            ],
        ),
        (
            "sogei-posta-certificata-sdi-invio-file-EDITED-broken-xml.eml",
            vec![
                AttachmentKind::SdiNotification(SdiKind::Mt),
                AttachmentKind::Invoice,
            ],
        ),
    ];
    for (file, kinds) in expect {
        let raw = read(file);
        let c = sigillo::pec::classify(&raw);
        let found: Vec<AttachmentKind> = detect::detect(&c).iter().map(|d| d.kind).collect();
        assert_eq!(found, kinds, "{file}");
        // The daticert gives the delivery time; the anonymised envelope lost its daticert.
        let expected_source = if c.daticert.is_some() {
            sigillo::p7m::TimeSource::PecDelivery
        } else {
            sigillo::p7m::TimeSource::Now
        };
        assert_eq!(
            sigillo::p7m::ReferenceTime::for_message(&c).source,
            expected_source,
            "{file}"
        );
        let t = detect::tags(&c);
        assert_eq!(
            t.invoices > 0,
            kinds.iter().any(|k| k.is_invoice()),
            "{file}"
        );
        assert!(t.sdi_notifications > 0, "{file}");
        // The detected attachments are the summary's, matched by hash.
        let summary = &c.original.as_ref().unwrap().summary;
        for d in detect::detect(&c) {
            assert_eq!(summary.attachments[d.index].sha256, d.sha256, "{file}");
        }
        for (a, bytes) in detect::attachments_for_display(&raw) {
            match a.kind {
                AttachmentKind::Invoice if file.contains("broken-xml") => {
                    let e = fatturapa::read_document(&bytes).unwrap_err();
                    assert!(matches!(e, FatturaError::Xml(_)), "{e}");
                }
                AttachmentKind::Invoice => {
                    let inv = read_invoice(&bytes).unwrap_or_else(|e| panic!("{file}: {e}"));
                    assert_eq!(inv.format, "FPR12");
                    assert!(inv.supplier.vat_id.is_some());
                    assert!(!inv.bodies.is_empty());
                    assert!(inv.bodies.iter().all(|b| !b.lines.is_empty()));
                }
                AttachmentKind::SignedInvoice => {
                    let d = sigillo::p7m::open(
                        &bytes,
                        a.name.as_deref(),
                        None,
                        sigillo::p7m::ReferenceTime::now(),
                    )
                    .unwrap();
                    let v = d.verification();
                    assert_eq!(v.form, sigillo::p7m::Form::Base64);
                    // The PEC envelope was edited upstream; the invoice's own signature is
                    // intact, and without a trust list its signer is not checked.
                    assert_eq!(v.status, sigillo::p7m::DocStatus::IntactNotChecked);
                    let s = &v.signers[0];
                    assert_eq!(s.fiscal_code.as_ref().map(String::len), Some(16));
                    assert_eq!(
                        s.signing_time_source,
                        Some(sigillo::p7m::TimeSource::SigningTime)
                    );
                    assert!(d.name().ends_with(".xml") && !d.name().contains("p7m"));
                    let inv = read_invoice(d.content().1).unwrap();
                    assert_eq!(inv.format, "FPR12");
                    // And tampering with it is seen.
                    let mut der = sigillo::p7m::unwrap(&bytes).unwrap().layers[0].der.clone();
                    let at = der.windows(8).position(|w| w == b"<Numero>").unwrap();
                    der[at + 8] ^= 0x01;
                    let t =
                        sigillo::p7m::open(&der, None, None, sigillo::p7m::ReferenceTime::now())
                            .unwrap();
                    assert_eq!(t.verification().status, sigillo::p7m::DocStatus::Tampered);
                }
                AttachmentKind::SdiNotification(kind) => {
                    let n = read_notification(&bytes).unwrap_or_else(|e| panic!("{file}: {e}"));
                    assert_eq!(n.kind, kind);
                    assert!(n.sdi_id.is_some());
                    let name = n.file_name.as_deref().unwrap();
                    let parsed = fatturapa::filename::parse(name).unwrap();
                    assert_eq!(parsed.kind, None, "{name} names the invoice file");
                    // The message's own file name points at the same invoice file (except in
                    // the envelope whose invoice was swapped upstream).
                    let own = fatturapa::filename::parse(a.name.as_deref().unwrap()).unwrap();
                    assert_eq!(own.kind, Some(kind));
                    if !file.contains("EDITED-base64") {
                        assert_eq!(own.invoice_stem(), parsed.invoice_stem(), "{file}");
                    }
                }
                AttachmentKind::SignedDocument | AttachmentKind::Other => {}
            }
        }
    }
}
