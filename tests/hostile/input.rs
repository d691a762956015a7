//! Hostile and broken input: the classifier returns a safe result, never panics, and stays
//! bounded in time and memory (exercised here; speed is measured in the benchmarks).

use sigillo::pec::{PecKind, classify, read_daticert};
use sigillo_test_provider::hostile;

fn envelope_headers() -> String {
    "From: posta-certificata@pec.esempio.it\r\nX-Trasporto: posta-certificata\r\nSubject: POSTA CERTIFICATA: x\r\nMIME-Version: 1.0\r\n".to_owned()
}

#[test]
fn mime_nested_ten_thousand_deep() {
    let m = hostile::nested_multipart(&envelope_headers(), 10_000);
    let c = classify(m.as_bytes());
    assert_eq!(c.kind, PecKind::PostaCertificata);
    assert!(c.warnings.iter().any(|w| w.code() == "missing-daticert"));
}

#[test]
fn message_rfc822_nested_fifty_deep() {
    let mut inner = "From: a@b.it\r\nSubject: fondo\r\n\r\nciao\r\n".to_owned();
    for i in 0..50 {
        inner = format!(
            "From: a{i}@b.it\r\nX-Trasporto: posta-certificata\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"n{i}\"\r\n\r\n--n{i}\r\nContent-Type: message/rfc822; name=\"postacert.eml\"\r\n\r\n{inner}\r\n--n{i}--\r\n"
        );
    }
    let c = classify(inner.as_bytes());
    assert_eq!(c.kind, PecKind::PostaCertificata);
}

#[test]
fn one_hundred_thousand_parts() {
    let m = hostile::many_parts(&envelope_headers(), 100_000);
    let c = classify(m.as_bytes());
    assert_eq!(c.kind, PecKind::PostaCertificata);
}

#[test]
fn header_of_one_megabyte() {
    let mut m = envelope_headers();
    m.push_str("X-Junk: ");
    for _ in 0..(1 << 20) / 64 {
        m.push_str(&"a".repeat(63));
        m.push_str("\r\n ");
    }
    m.push_str("\r\nSubject: lungo\r\n\r\ncorpo\r\n");
    let c = classify(m.as_bytes());
    assert_eq!(c.kind, PecKind::PostaCertificata);
}

#[test]
fn ten_thousand_recipients() {
    let n = 10_000;
    let to: Vec<String> = (0..n)
        .map(|i| format!("utente{i}@pec.esempio.it"))
        .collect();
    let dest: String = to
        .iter()
        .map(|a| format!("<destinatari tipo=\"certificato\">{a}</destinatari>"))
        .collect();
    let daticert = format!(
        "<postacert tipo=\"posta-certificata\" errore=\"nessuno\"><intestazione><mittente>m@pec.esempio.it</mittente>{dest}<risposte>m@pec.esempio.it</risposte><oggetto>x</oggetto></intestazione><dati><gestore-emittente>G</gestore-emittente><data zona=\"+0100\"><giorno>01/01/2025</giorno><ora>10:00:00</ora></data><identificativo>id@pec.esempio.it</identificativo><ricevuta tipo=\"completa\"/></dati></postacert>"
    );
    let r = read_daticert(daticert.as_bytes());
    assert_eq!(r.daticert.destinatari.len(), n);
    let m = format!(
        "{}To: {}\r\nContent-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; boundary=\"s\"\r\n\r\n--s\r\nContent-Type: multipart/mixed; boundary=\"m\"\r\n\r\n--m\r\nContent-Type: application/xml; name=\"daticert.xml\"\r\n\r\n{daticert}\r\n--m--\r\n--s\r\nContent-Type: application/pkcs7-signature; name=smime.p7s\r\n\r\nAAAA\r\n--s--\r\n",
        envelope_headers(),
        to.join(", ")
    );
    let c = classify(m.as_bytes());
    assert_eq!(c.kind, PecKind::PostaCertificata);
    assert_eq!(c.daticert.unwrap().destinatari.len(), n);
    assert!(
        !c.warnings
            .iter()
            .any(|w| w.code() == "outer-header-differs")
    );
}

#[test]
fn daticert_with_a_huge_attribute_and_invalid_utf8() {
    let mut xml = b"<postacert tipo=\"".to_vec();
    xml.extend(std::iter::repeat_n(b'a', 2 << 20));
    xml.extend_from_slice(b"\" errore=\"nessuno\"><intestazione><mittente>\xff\xfe</mittente></intestazione></postacert>");
    let r = read_daticert(&xml);
    assert!(r.daticert.tipo.as_ref().unwrap().len() <= 64 * 1024);
    assert!(
        r.issues
            .iter()
            .any(|i| matches!(i, sigillo::pec::DaticertIssue::InvalidUtf8))
    );
    assert!(r.daticert.mittente.is_some());
}

#[test]
fn truncated_messages_at_every_length_never_panic() {
    let pec = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fuzz/regressions/classify/signed-with-empty-message"
    ))
    .unwrap();
    let mut sample = envelope_headers().into_bytes();
    sample.extend_from_slice(b"Content-Type: multipart/signed; boundary=\"s\"\r\n\r\n--s\r\nContent-Type: multipart/mixed; boundary=\"m\"\r\n\r\n--m\r\nContent-Type: application/xml; name=\"daticert.xml\"\r\nContent-Transfer-Encoding: base64\r\n\r\nPHBvc3RhY2VydCB0aXBvPSJhY2NldHRhemlvbmUiLz4=\r\n--m\r\nContent-Type: message/rfc822; name=postacert.eml\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nSubject: =3D\r\n\r\nx=\r\n--m--\r\n--s--\r\n");
    for input in [pec, sample] {
        for len in 0..input.len() {
            let _ = classify(&input[..len]);
        }
    }
}
