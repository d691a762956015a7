//! Every PEC message kind made by the local test provider (tests/provider) is classified by
//! `sigillo::pec::classify` as exactly that kind, and its signature verifies with the real
//! `openssl` command-line tool against the throw-away test root — and stops verifying when one
//! byte of the signed part changes.

use std::sync::OnceLock;

use chrono::{DateTime, Duration, FixedOffset};
use sigillo::pec::{Classification, PecKind, ReceiptType, RecipientType, classify};
use sigillo_test_provider::clock::now_italian;
use sigillo_test_provider::message::{
    self, Errore, Gestore, Original, Recipient, Style, Transaction,
};
use sigillo_test_provider::openssl_cli;
use sigillo_test_provider::pki::{ProviderSpec, TestPki, utc};

const ALFA: &str = "pec.alfa.test";
const BETA: &str = "pec.beta.test";

struct World {
    pki: TestPki,
    alfa: Gestore,
    beta: Gestore,
}

fn world() -> &'static World {
    static W: OnceLock<World> = OnceLock::new();
    W.get_or_init(|| {
        let pki = TestPki::generate(&[
            ProviderSpec::new(ALFA, "Gestore Alfa S.p.A."),
            ProviderSpec::new(BETA, "Gestore Beta S.r.l."),
        ])
        .expect("test PKI");
        let alfa = Gestore::new(
            ALFA,
            "Gestore Alfa S.p.A. (TEST)",
            pki.signer(ALFA).unwrap(),
        );
        let beta = Gestore::new(
            BETA,
            "Gestore Beta S.r.l. (TEST)",
            pki.signer(BETA).unwrap(),
        )
        .with_style(Style::plain_sha256());
        World { pki, alfa, beta }
    })
}

fn root_pem() -> Vec<u8> {
    world().pki.root().cert_pem()
}

/// The user's message: one certified To, one external To, one certified Cc, an attachment,
/// a subject that needs RFC 2047 and XML escaping.
fn original(tipo: Option<&str>) -> Original {
    let tipo = tipo
        .map(|t| format!("X-TipoRicevuta: {t}\r\n"))
        .unwrap_or_default();
    let raw = format!(
        "From: Mario Rossi <mario.rossi@{ALFA}>\r\n\
To: Anna Bianchi <anna.bianchi@{BETA}>, luca.verdi@esterno.test\r\n\
Cc: bea.neri@{BETA}\r\n\
Subject: =?UTF-8?B?{}?=\r\n\
Date: Mon, 3 Mar 2025 10:00:00 +0100\r\n\
Message-ID: <client-42@studio.rossi.test>\r\n\
{tipo}MIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=\"u1\"\r\n\
\r\n\
--u1\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
\r\n\
Buongiorno, in allegato il contratto.\r\n\
--u1\r\n\
Content-Type: application/pdf; name=\"contratto.pdf\"\r\n\
Content-Disposition: attachment; filename=\"contratto.pdf\"\r\n\
Content-Transfer-Encoding: base64\r\n\
\r\n\
JVBERi0xLjQKJcOkw7zDtsOfCjEgMCBvYmoKPDw+PgplbmRvYmoK\r\n\
--u1--\r\n",
        base64_utf8("Contratto <n. 12> & allegati \u{2014} perché")
    );
    Original::parse(raw.as_bytes()).expect("a readable original")
}

fn base64_utf8(s: &str) -> String {
    // Tiny local encoder: the test must not depend on the code under test for its input.
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let b = s.as_bytes();
    let mut out = String::new();
    for chunk in b.chunks(3) {
        let n = (chunk[0] as u32) << 16
            | (*chunk.get(1).unwrap_or(&0) as u32) << 8
            | *chunk.get(2).unwrap_or(&0) as u32;
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(T[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn transaction(tipo: Option<&str>, at: DateTime<FixedOffset>) -> Transaction {
    world().alfa.accept(
        original(tipo),
        &format!("mario.rossi@{ALFA}"),
        "[127.0.0.1]",
        at,
        |a| a.to_ascii_lowercase().ends_with(ALFA) || a.to_ascii_lowercase().ends_with(BETA),
    )
}

fn recipient<'a>(tx: &'a Transaction, address: &str) -> &'a Recipient {
    tx.recipient(address)
        .expect("a recipient of the transaction")
}

fn codes(c: &Classification) -> Vec<&'static str> {
    let mut v: Vec<_> = c.warnings.iter().map(|w| w.code()).collect();
    v.sort();
    v
}

/// Classification, warnings and the openssl CLI verdict of one built message.
fn check(
    raw: &[u8],
    kind: PecKind,
    receipt_type: Option<ReceiptType>,
    warnings: &[&str],
    at: DateTime<FixedOffset>,
) -> Classification {
    let c = classify(raw);
    assert_eq!(c.kind, kind, "{}", String::from_utf8_lossy(raw));
    assert_eq!(c.receipt_type, receipt_type, "receipt type of {kind}");
    let mut expected: Vec<&str> = warnings.to_vec();
    expected.sort();
    assert_eq!(codes(&c), expected, "warnings of {kind}: {:?}", c.warnings);
    let verdict = openssl_cli::smime_verify(raw, &root_pem(), Some(at.timestamp())).unwrap();
    assert!(
        verdict.ok,
        "openssl rejected the {kind}: {}",
        verdict.stderr
    );
    c
}

fn oggetto() -> &'static str {
    "Contratto <n. 12> & allegati \u{2014} perché"
}

fn assert_common(c: &Classification, tx: &Transaction, at: DateTime<FixedOffset>) {
    let d = c.daticert.as_ref().expect("a daticert");
    assert_eq!(
        d.mittente.as_deref(),
        Some(format!("mario.rossi@{ALFA}").as_str())
    );
    assert_eq!(d.oggetto.as_deref(), Some(oggetto()));
    assert_eq!(
        d.identificativo.as_deref(),
        Some(tx.identificativo.as_str())
    );
    assert_eq!(d.msgid.as_deref(), Some("<client-42@studio.rossi.test>"));
    assert_eq!(d.data.timestamp(), Some(at));
    let dest: Vec<(&str, RecipientType)> = d
        .destinatari
        .iter()
        .map(|x| (x.address.as_str(), x.tipo))
        .collect();
    assert_eq!(
        dest,
        [
            (
                format!("anna.bianchi@{BETA}").as_str(),
                RecipientType::Certificato
            ),
            ("luca.verdi@esterno.test", RecipientType::Esterno),
            (
                format!("bea.neri@{BETA}").as_str(),
                RecipientType::Certificato
            ),
        ]
    );
    assert_eq!(
        c.headers.x_riferimento_message_id.as_deref(),
        Some("<client-42@studio.rossi.test>")
    );
}

#[test]
fn envelope_and_acceptance() {
    let at = now_italian();
    let tx = transaction(None, at);
    let w = world();

    let env = w.alfa.envelope(&tx).unwrap();
    let c = check(
        &env,
        PecKind::PostaCertificata,
        Some(ReceiptType::Completa),
        &[],
        at,
    );
    assert_common(&c, &tx, at);
    assert_eq!(
        c.headers.summary.message_id.as_deref(),
        Some(tx.identificativo.as_str())
    );
    let from = c.headers.summary.from.as_ref().unwrap();
    assert_eq!(from.address, format!("posta-certificata@{ALFA}"));
    assert_eq!(
        from.name.as_deref(),
        Some(format!("Per conto di: mario.rossi@{ALFA}").as_str())
    );
    let o = c.original.as_ref().expect("postacert.eml");
    assert_eq!(o.part_name.as_deref(), Some("postacert.eml"));
    assert_eq!(
        o.summary.message_id.as_deref(),
        Some(tx.identificativo.as_str())
    );
    assert_eq!(o.summary.attachments.len(), 1);
    let postacert = String::from_utf8_lossy(&o.bytes);
    assert!(postacert.contains("X-Riferimento-Message-ID: <client-42@studio.rossi.test>\r\n"));
    assert!(!postacert.contains("\nMessage-ID: <client-42@studio.rossi.test>"));
    assert!(postacert.starts_with("Received: from [127.0.0.1]"));
    // The original body travels unmodified.
    assert!(o.bytes.ends_with(tx.original.body()));

    let acc = w.alfa.accettazione(&tx, at).unwrap();
    let c = check(&acc, PecKind::Accettazione, None, &[], at);
    assert_common(&c, &tx, at);
    assert!(c.original.is_none());
    assert_eq!(
        c.headers.summary.to[0].address,
        format!("mario.rossi@{ALFA}")
    );
}

#[test]
fn non_acceptance_formal_and_virus() {
    let at = now_italian();
    let tx = transaction(None, at);
    let w = world();
    let raw = w
        .alfa
        .non_accettazione(&tx, at, "Destinatari in copia nascosta (Bcc) non ammessi")
        .unwrap();
    let c = check(&raw, PecKind::NonAccettazione, None, &[], at);
    assert_common(&c, &tx, at);
    let d = c.daticert.as_ref().unwrap();
    assert_eq!(d.errore, "altro");
    assert_eq!(
        d.errore_esteso.as_deref(),
        Some("Destinatari in copia nascosta (Bcc) non ammessi")
    );
    assert!(
        c.original.is_none(),
        "non-accettazione MUST NOT carry the message"
    );

    let raw = w.alfa.non_accettazione_virus(&tx, at).unwrap();
    let c = check(
        &raw,
        PecKind::NonAccettazione,
        None,
        &["virus-reported"],
        at,
    );
    assert_eq!(c.daticert.as_ref().unwrap().errore, "virus");
    assert_eq!(c.headers.x_verifica_sicurezza.as_deref(), Some("errore"));
    assert!(
        c.headers
            .summary
            .subject
            .as_deref()
            .unwrap()
            .starts_with("AVVISO DI NON ACCETTAZIONE PER VIRUS: ")
    );
}

#[test]
fn presa_in_carico_goes_to_the_sending_provider() {
    let at = now_italian();
    let tx = transaction(None, at);
    let ricezione = vec![format!("anna.bianchi@{BETA}"), format!("bea.neri@{BETA}")];
    let raw = world().beta.presa_in_carico(&tx, at, &ricezione).unwrap();
    let c = check(&raw, PecKind::PresaInCarico, None, &["provider-only"], at);
    assert_common(&c, &tx, at);
    assert_eq!(c.daticert.as_ref().unwrap().ricezione, ricezione);
    assert_eq!(
        c.headers.summary.to[0].address,
        format!("posta-certificata@{ALFA}")
    );
    assert_eq!(
        c.headers.summary.from.as_ref().unwrap().address,
        format!("posta-certificata@{BETA}")
    );
}

#[test]
fn delivery_receipts_completa_breve_sintetica() {
    let at = now_italian();
    let w = world();
    for (tipo, to_type) in [
        (None, ReceiptType::Completa),
        (Some("completa"), ReceiptType::Completa),
        (Some("breve"), ReceiptType::Breve),
        (Some("sintetica"), ReceiptType::Sintetica),
    ] {
        let tx = transaction(tipo, at);
        let anna = recipient(&tx, &format!("anna.bianchi@{BETA}"));
        let raw = w.beta.avvenuta_consegna(&tx, anna, at).unwrap();
        let c = check(&raw, PecKind::AvvenutaConsegna, Some(to_type), &[], at);
        assert_common(&c, &tx, at);
        let d = c.daticert.as_ref().unwrap();
        assert_eq!(d.consegna.as_deref(), Some(anna.address.as_str()));
        assert_eq!(d.ricevuta.as_deref(), Some(to_type_str(to_type)));
        match to_type {
            ReceiptType::Completa => {
                let o = c.original.as_ref().expect("completa carries the message");
                assert_eq!(o.bytes, tx.postacert);
                assert_eq!(
                    o.summary.attachments[0].name.as_deref(),
                    Some("contratto.pdf")
                );
            }
            ReceiptType::Breve => {
                let o = c.original.as_ref().expect("breve carries the message");
                let a = &o.summary.attachments;
                assert_eq!(a.len(), 1);
                assert_eq!(a[0].name.as_deref(), Some("contratto.pdf.hash"));
                let text = String::from_utf8_lossy(&o.bytes);
                assert!(!text.contains("JVBERi0xLjQKJcOkw7zDtsOfCjEgMCBvYmoK"));
            }
            ReceiptType::Sintetica => assert!(c.original.is_none()),
        }
        // The Cc recipient always gets a sintetica receipt.
        let bea = recipient(&tx, &format!("bea.neri@{BETA}"));
        let raw = w.beta.avvenuta_consegna(&tx, bea, at).unwrap();
        let c = check(
            &raw,
            PecKind::AvvenutaConsegna,
            Some(ReceiptType::Sintetica),
            &[],
            at,
        );
        assert!(c.original.is_none());
        assert_eq!(
            c.daticert.as_ref().unwrap().consegna.as_deref(),
            Some(bea.address.as_str())
        );
    }
}

fn to_type_str(t: ReceiptType) -> &'static str {
    t.as_str()
}

#[test]
fn breve_hash_is_the_sha1_of_the_transmitted_body() {
    let at = now_italian();
    let tx = transaction(Some("breve"), at);
    let anna = recipient(&tx, &format!("anna.bianchi@{BETA}"));
    let raw = world().beta.avvenuta_consegna(&tx, anna, at).unwrap();
    let c = classify(&raw);
    let o = c.original.unwrap();
    let text = String::from_utf8_lossy(&o.bytes).into_owned();
    let body_after = text
        .split("filename=\"contratto.pdf.hash\"")
        .nth(1)
        .unwrap();
    let hex: String = body_after
        .split("\r\n\r\n")
        .nth(1)
        .unwrap()
        .chars()
        .take(40)
        .collect();
    let expected = openssl_sha1(b"JVBERi0xLjQKJcOkw7zDtsOfCjEgMCBvYmoKPDw+PgplbmRvYmoK");
    assert_eq!(hex, expected, "{text}");
}

fn openssl_sha1(data: &[u8]) -> String {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new("openssl")
        .args(["dgst", "-sha1", "-r"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(data).unwrap();
    let out = child.wait_with_output().unwrap();
    String::from_utf8(out.stdout).unwrap()[..40].to_owned()
}

#[test]
fn non_delivery_and_virus_notices() {
    let at = now_italian();
    let tx = transaction(None, at);
    let w = world();
    let anna = recipient(&tx, &format!("anna.bianchi@{BETA}"));

    let raw = w
        .beta
        .errore_consegna(
            &tx,
            anna,
            at,
            Errore::NoDest,
            "5.1.1 - Gestore Beta - casella inesistente",
        )
        .unwrap();
    let c = check(&raw, PecKind::ErroreConsegna, None, &[], at);
    assert_common(&c, &tx, at);
    let d = c.daticert.as_ref().unwrap();
    assert_eq!(d.errore, "no-dest");
    assert_eq!(d.consegna.as_deref(), Some(anna.address.as_str()));

    let raw = w.beta.rilevazione_virus(&tx, anna, at).unwrap();
    let c = check(
        &raw,
        PecKind::RilevazioneVirus,
        None,
        &["provider-only", "virus-reported"],
        at,
    );
    assert_eq!(
        c.headers.x_mittente.as_deref(),
        Some(format!("mario.rossi@{ALFA}").as_str())
    );
    assert_eq!(
        c.headers.summary.to[0].address,
        format!("posta-certificata@{ALFA}")
    );

    let raw = w.alfa.errore_consegna_virus(&tx, anna, at).unwrap();
    let c = check(&raw, PecKind::ErroreConsegna, None, &["virus-reported"], at);
    assert_eq!(c.daticert.as_ref().unwrap().errore, "virus");
    assert!(
        c.headers
            .summary
            .subject
            .as_deref()
            .unwrap()
            .starts_with("AVVISO DI MANCATA CONSEGNA PER VIRUS: ")
    );
}

#[test]
fn timeout_notices_12_and_24_hours() {
    let sent = now_italian();
    let tx = transaction(None, sent);
    let w = world();
    let anna = recipient(&tx, &format!("anna.bianchi@{BETA}"));
    // The notices are dated later than the submission, like real ones (the clocks are the
    // caller's business); certificates are valid for years, so this verifies.
    let at12 = sent + Duration::hours(12);
    let raw = w
        .alfa
        .preavviso_errore_consegna(&tx, anna, at12, false)
        .unwrap();
    let c = check(&raw, PecKind::PreavvisoErroreConsegna, None, &[], at12);
    let d = c.daticert.as_ref().unwrap();
    assert!(!d.is_final_timeout());
    assert_eq!(d.consegna.as_deref(), Some(anna.address.as_str()));

    let at24 = sent + Duration::hours(24);
    let raw = w
        .alfa
        .preavviso_errore_consegna(&tx, anna, at24, true)
        .unwrap();
    let c = check(
        &raw,
        PecKind::PreavvisoErroreConsegna,
        None,
        &["final-timeout"],
        at24,
    );
    let d = c.daticert.as_ref().unwrap();
    assert!(d.is_final_timeout());
    assert!(d.errore_esteso.as_deref().unwrap().starts_with("5.4.1 - "));
}

#[test]
fn anomaly_envelope_wraps_the_received_message_as_is() {
    let at = now_italian();
    let received = b"Received: from mx.esterno.test\r\n\tby mx.pec.beta.test; Mon, 3 Mar 2025 10:00:00 +0100\r\n\
From: Luca <luca.verdi@esterno.test>\r\nTo: anna.bianchi@pec.beta.test\r\nSubject: Ciao\r\n\
Message-ID: <ordinary-1@esterno.test>\r\n\r\nPosta ordinaria.\r\n";
    let o = Original::parse(received).unwrap();
    let raw = world().beta.anomalia(&o, at).unwrap();
    let c = check(&raw, PecKind::Anomalia, None, &[], at);
    assert!(c.daticert.is_none());
    let carried = c.original.as_ref().expect("the received message");
    assert_eq!(carried.bytes, received.to_vec());
    assert_eq!(
        c.headers.summary.message_id.as_deref(),
        Some("ordinary-1@esterno.test")
    );
    assert_eq!(c.headers.x_trasporto.as_deref(), Some("errore"));
    assert_eq!(
        c.headers.summary.subject.as_deref(),
        Some("ANOMALIA MESSAGGIO: Ciao")
    );
}

#[test]
fn flipping_one_signed_byte_breaks_the_signature_but_outer_headers_are_not_signed() {
    let at = now_italian();
    let tx = transaction(None, at);
    let env = world().alfa.envelope(&tx).unwrap();
    let entity = message::signed_entity(&env).expect("a signed entity");
    let offset = entity.as_ptr() as usize - env.as_ptr() as usize;
    let pos = offset
        + entity
            .windows(9)
            .position(|w| w == b"Il giorno")
            .expect("readable text");
    let mut tampered = env.clone();
    tampered[pos] = b'J';
    let v = openssl_cli::smime_verify(&tampered, &root_pem(), Some(at.timestamp())).unwrap();
    assert!(!v.ok, "a tampered envelope must not verify");

    // The outer headers are outside the signature, exactly like real PEC.
    let edited = String::from_utf8_lossy(&env).replacen("Subject: ", "Subject: [lista] ", 1);
    let v =
        openssl_cli::smime_verify(edited.as_bytes(), &root_pem(), Some(at.timestamp())).unwrap();
    assert!(v.ok, "{}", v.stderr);
}

#[test]
fn digests_and_signing_time_are_as_asked() {
    let at = now_italian();
    let tx = transaction(None, at);
    let w = world();
    // Aruba's layout signed with SHA-1, as real providers did until 2024.
    let alfa = Gestore::new(
        ALFA,
        "Gestore Alfa S.p.A. (TEST)",
        w.pki.signer(ALFA).unwrap(),
    )
    .with_style(Style::sha1())
    .accettazione(&tx, at)
    .unwrap();
    let beta = w
        .beta
        .avvenuta_consegna(&tx, recipient(&tx, &format!("anna.bianchi@{BETA}")), at)
        .unwrap();
    assert!(String::from_utf8_lossy(&alfa).contains("micalg=\"sha1\""));
    assert!(String::from_utf8_lossy(&beta).contains("micalg=\"sha-256\""));
    let pa = openssl_cli::cms_print(&message::signature_der(&alfa).unwrap()).unwrap();
    let pb = openssl_cli::cms_print(&message::signature_der(&beta).unwrap()).unwrap();
    assert!(pa.ok && pb.ok);
    assert!(pa.stderr.contains("algorithm: sha1 "), "{}", pa.stderr);
    assert!(pb.stderr.contains("algorithm: sha256 "), "{}", pb.stderr);
    // Two certificates: the provider's and the intermediate's.
    assert_eq!(pa.stderr.matches("cert_info:").count(), 2, "{}", pa.stderr);
    let stamp = at
        .with_timezone(&chrono::Utc)
        .format("%b %e %H:%M:%S %Y GMT")
        .to_string();
    assert!(pa.stderr.contains("signingTime"), "{}", pa.stderr);
    assert!(
        pa.stderr.contains(&stamp),
        "signing time {stamp} in {}",
        pa.stderr
    );
}

#[test]
fn signing_in_the_past_with_a_certificate_expired_since() {
    let w = world();
    let spec = ProviderSpec::new(ALFA, "Gestore Alfa S.p.A.");
    let old = w
        .pki
        .issue_provider_cert(&spec, utc(2019, 1, 1), utc(2022, 1, 1))
        .unwrap();
    let gestore = Gestore::new(ALFA, "Gestore Alfa S.p.A. (TEST)", w.pki.signer_for(&old));
    let then = sigillo_test_provider::clock::italian(utc(2020, 6, 15) + Duration::hours(9));
    let tx = gestore.accept(
        original(None),
        &format!("mario.rossi@{ALFA}"),
        "[127.0.0.1]",
        then,
        |_| true,
    );
    let raw = gestore.accettazione(&tx, then).unwrap();
    let c = classify(&raw);
    assert_eq!(c.kind, PecKind::Accettazione);
    // Valid at signing time...
    let v = openssl_cli::smime_verify(&raw, &root_pem(), Some(then.timestamp())).unwrap();
    assert!(v.ok, "{}", v.stderr);
    // ...expired now.
    let v = openssl_cli::smime_verify(&raw, &root_pem(), None).unwrap();
    assert!(!v.ok);
    assert!(v.stderr.contains("expired"), "{}", v.stderr);

    // Signed after the certificate expired: invalid at signing time too.
    let late = sigillo_test_provider::clock::italian(utc(2023, 2, 1));
    let raw = gestore.accettazione(&tx, late).unwrap();
    let v = openssl_cli::smime_verify(&raw, &root_pem(), Some(late.timestamp())).unwrap();
    assert!(!v.ok);
    assert!(v.stderr.contains("expired"), "{}", v.stderr);
}

#[test]
fn certificate_outside_the_name_constraints_is_rejected() {
    let w = world();
    let rogue = w
        .pki
        .issue_outside_constraints(&ProviderSpec::new(
            "pec.abusivo.test",
            "Gestore Alfa S.p.A.",
        ))
        .unwrap();
    assert!(
        w.pki
            .issue_outside_constraints(&ProviderSpec::new(ALFA, "x"))
            .is_err()
    );
    let gestore = Gestore::new("pec.abusivo.test", "Abusivo", w.pki.signer_for(&rogue));
    let at = now_italian();
    let tx = gestore.accept(
        original(None),
        "x@pec.abusivo.test",
        "[127.0.0.1]",
        at,
        |_| true,
    );
    let raw = gestore.accettazione(&tx, at).unwrap();
    assert_eq!(classify(&raw).kind, PecKind::Accettazione);
    let v = openssl_cli::smime_verify(&raw, &root_pem(), Some(at.timestamp())).unwrap();
    assert!(!v.ok);
    assert!(
        v.stderr.contains("permitted subtree violation"),
        "{}",
        v.stderr
    );
    // The legitimate provider certificate passes the same chain check.
    let good = w.pki.provider(ALFA).unwrap();
    let v = openssl_cli::verify_chain(
        &good.certified.cert_pem(),
        &w.pki.intermediate().cert_pem(),
        &root_pem(),
        None,
    )
    .unwrap();
    assert!(v.ok, "{}", v.stderr);
}

#[test]
fn certificates_have_the_pec_profile() {
    let w = world();
    let text = |pem: &[u8]| {
        use std::io::Write;
        use std::process::{Command, Stdio};
        let mut child = Command::new("openssl")
            .args(["x509", "-noout", "-text"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(pem).unwrap();
        String::from_utf8(child.wait_with_output().unwrap().stdout).unwrap()
    };
    let leaf = text(&w.pki.provider(BETA).unwrap().certified.cert_pem());
    assert!(
        leaf.contains("CN = Posta Certificata Gestore Beta S.r.l."),
        "{leaf}"
    );
    assert!(leaf.contains("X509v3 Key Usage: critical\n                Digital Signature\n"));
    assert!(leaf.contains("E-mail Protection"));
    assert!(leaf.contains("email:posta-certificata@pec.beta.test"));
    assert!(leaf.contains("X509v3 Subject Key Identifier"));
    assert!(leaf.contains("X509v3 Authority Key Identifier"));
    assert!(leaf.contains("Policy: 1.3.76.16.3.1.1"));
    assert!(!leaf.contains("Basic Constraints"));
    let inter = text(&w.pki.intermediate().cert_pem());
    assert!(inter.contains("CA:TRUE, pathlen:0"), "{inter}");
    assert!(inter.contains("email:pec.alfa.test"));
    assert!(inter.contains("email:pec.beta.test"));
    assert!(inter.contains("DirName:C = IT, O = Gestore Alfa S.p.A."));
    assert!(inter.contains("Policy: 1.3.76.16.3.1\n"));
}
