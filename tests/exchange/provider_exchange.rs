//! End to end through the local PEC provider: real SMTP submission over TLS (lettre), real
//! Dovecot mailboxes read over IMAPS (async-imap) and POP3S, real signatures checked with the
//! openssl command-line tool, and `sigillo::pec::classify` on everything that arrives.

use std::time::{Duration, Instant};

use lettre::address::Envelope;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sigillo::pec::{Classification, PecKind, ReceiptType, RecipientType, classify};
use sigillo_test_provider::client::{MailAccount, imap_fetch_all, pop3_retrieve_all};
use sigillo_test_provider::openssl_cli;
use sigillo_test_provider::provider::{Provider, ProviderConfig};
use sigillo_test_provider::virus::EICAR;

const A: &str = "mario.rossi@pec.alfa.test";
const B: &str = "anna.bianchi@pec.beta.test";
const C: &str = "nessuno@pec.beta.test";
const X: &str = "luca.verdi@esterno.test";
const PW: &str = "password-di-prova";

async fn provider(config: ProviderConfig) -> Provider {
    let p = Provider::start(config)
        .await
        .unwrap_or_else(|e| panic!("the test provider did not start: {e}"));
    p.add_pec_account(A, PW).unwrap();
    p.add_pec_account(B, PW).unwrap();
    p.add_external_mailbox(X, PW).unwrap();
    p
}

enum Port {
    Implicit,
    StartTls,
    Mx,
}

fn transport(
    p: &Provider,
    port: Port,
    login: Option<(&str, Mechanism)>,
) -> AsyncSmtpTransport<Tokio1Executor> {
    let tls = TlsParameters::builder("localhost".into())
        .add_root_certificate(Certificate::from_pem(&p.tls_cert_pem()).unwrap())
        .build_native()
        .unwrap();
    let (port, tls) = match port {
        Port::Implicit => (p.smtps_port(), Tls::Wrapper(tls)),
        Port::StartTls => (p.submission_port(), Tls::Required(tls)),
        Port::Mx => (p.mx_port(), Tls::Required(tls)),
    };
    let mut b = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous("localhost")
        .port(port)
        .tls(tls)
        .timeout(Some(Duration::from_secs(30)));
    if let Some((user, mech)) = login {
        b = b
            .credentials(Credentials::new(user.into(), PW.into()))
            .authentication(vec![mech]);
    }
    b.build()
}

fn account(p: &Provider, user: &str, pop3: bool) -> MailAccount {
    MailAccount {
        host: p.host().into(),
        port: if pop3 { p.pop3s_port() } else { p.imaps_port() },
        user: user.into(),
        password: PW.into(),
        ca_pem: p.tls_cert_pem(),
    }
}

fn mbox(s: &str) -> Mailbox {
    s.parse().unwrap()
}

/// Reads a mailbox over IMAPS and POP3S; both must give the same bytes as the Maildir.
async fn read_both(p: &Provider, user: &str) -> Vec<Vec<u8>> {
    let imap = imap_fetch_all(&account(p, user, false), "INBOX")
        .await
        .unwrap();
    let pop = pop3_retrieve_all(&account(p, user, true)).await.unwrap();
    assert_eq!(imap, pop, "IMAP and POP3 disagree for {user}");
    assert_eq!(imap, p.dovecot().messages(user, "INBOX").unwrap());
    imap
}

/// Waits until a mailbox holds `n` messages (timed notices arrive in the background).
fn wait_for(p: &Provider, user: &str, n: usize) -> Vec<Vec<u8>> {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let m = p.dovecot().messages(user, "INBOX").unwrap();
        if m.len() >= n {
            return m;
        }
        assert!(
            Instant::now() < deadline,
            "{user} has {} messages, waited for {n}; events:\n{}",
            m.len(),
            events(p)
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn events(p: &Provider) -> String {
    p.events()
        .iter()
        .map(|e| format!("{} {}", e.at.format("%H:%M:%S%.3f"), e.text))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Classifies and has the openssl CLI verify the provider signature against the test root.
fn verified(p: &Provider, raw: &[u8]) -> Classification {
    let v = openssl_cli::smime_verify(raw, &p.pec_root_pem(), None).unwrap();
    assert!(
        v.ok,
        "openssl rejected a provider message: {}\n{}",
        v.stderr,
        String::from_utf8_lossy(raw)
    );
    classify(raw)
}

fn kinds(cs: &[Classification]) -> Vec<PecKind> {
    cs.iter().map(|c| c.kind).collect()
}

fn codes(c: &Classification) -> Vec<&'static str> {
    c.warnings.iter().map(|w| w.code()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scripted_exchange_to_certified_unknown_and_external() {
    let p = provider(ProviderConfig::for_tests()).await;
    let msg = Message::builder()
        .from(mbox(&format!("Mario Rossi <{A}>")))
        .to(mbox(&format!("Anna Bianchi <{B}>")))
        .to(mbox(C))
        .to(mbox(X))
        .subject("Contratto di fornitura n. 12")
        .message_id(Some("<contratto-12@studio.rossi.test>".into()))
        .multipart(
            MultiPart::mixed()
                .singlepart(SinglePart::plain(
                    "In allegato il contratto firmato.".to_owned(),
                ))
                .singlepart(Attachment::new("contratto.pdf".into()).body(
                    b"%PDF-1.4 finto".to_vec(),
                    ContentType::parse("application/pdf").unwrap(),
                )),
        )
        .unwrap();
    let client_id = "<contratto-12@studio.rossi.test>";
    let reply = transport(&p, Port::Implicit, Some((A, Mechanism::Plain)))
        .send(msg)
        .await
        .unwrap();
    assert!(reply.is_positive());

    // A: acceptance, delivery receipt for B, non-delivery for C. Nothing else.
    let a: Vec<Classification> = read_both(&p, A)
        .await
        .iter()
        .map(|m| verified(&p, m))
        .collect();
    assert_eq!(
        kinds(&a),
        [
            PecKind::Accettazione,
            PecKind::AvvenutaConsegna,
            PecKind::ErroreConsegna
        ],
        "events:\n{}",
        events(&p)
    );
    let acc = a[0].daticert.as_ref().unwrap();
    let dest: Vec<(&str, RecipientType)> = acc
        .destinatari
        .iter()
        .map(|d| (d.address.as_str(), d.tipo))
        .collect();
    assert_eq!(
        dest,
        [
            (B, RecipientType::Certificato),
            (C, RecipientType::Certificato),
            (X, RecipientType::Esterno),
        ]
    );
    assert_eq!(acc.msgid.as_deref(), Some(client_id));
    let p_id = acc.identificativo.clone().unwrap();
    assert!(p_id.ends_with("@pec.alfa.test"));
    for c in &a {
        let d = c.daticert.as_ref().unwrap();
        assert_eq!(
            d.identificativo.as_deref(),
            Some(p_id.as_str()),
            "same transaction"
        );
        assert_eq!(d.oggetto.as_deref(), Some("Contratto di fornitura n. 12"));
        assert!(codes(c).is_empty(), "{:?}", c.warnings);
    }
    let consegna = a[1].daticert.as_ref().unwrap();
    assert_eq!(consegna.consegna.as_deref(), Some(B));
    assert_eq!(a[1].receipt_type, Some(ReceiptType::Completa));
    assert_eq!(
        a[1].original.as_ref().unwrap().summary.attachments[0]
            .name
            .as_deref(),
        Some("contratto.pdf")
    );
    // The delivery receipt is signed by B's provider, the acceptance by A's.
    assert_eq!(
        a[1].headers.summary.from.as_ref().unwrap().address,
        "posta-certificata@pec.beta.test"
    );
    assert_eq!(
        a[0].headers.summary.from.as_ref().unwrap().address,
        "posta-certificata@pec.alfa.test"
    );
    let errore = a[2].daticert.as_ref().unwrap();
    assert_eq!(errore.consegna.as_deref(), Some(C));
    assert_eq!(errore.errore, "no-dest");
    assert!(
        errore
            .errore_esteso
            .as_deref()
            .unwrap()
            .starts_with("5.1.1")
    );

    // B: exactly the envelope, carrying the message with the PEC msgid.
    let b: Vec<Classification> = read_both(&p, B)
        .await
        .iter()
        .map(|m| verified(&p, m))
        .collect();
    assert_eq!(kinds(&b), [PecKind::PostaCertificata]);
    assert!(codes(&b[0]).is_empty(), "{:?}", b[0].warnings);
    assert_eq!(
        b[0].headers.summary.message_id.as_deref(),
        Some(p_id.as_str())
    );
    let o = b[0].original.as_ref().unwrap();
    assert_eq!(o.summary.message_id.as_deref(), Some(p_id.as_str()));
    assert_eq!(
        o.summary.subject.as_deref(),
        Some("Contratto di fornitura n. 12")
    );

    // x (ordinary mailbox): the same envelope as ordinary mail; no receipt comes for it.
    let x = read_both(&p, X).await;
    assert_eq!(x.len(), 1);
    assert_eq!(verified(&p, &x[0]).kind, PecKind::PostaCertificata);
    assert_eq!(x[0], p.dovecot().messages(B, "INBOX").unwrap()[0]);

    // Nobody gets a presa-in-carico: it is in A's provider's service mailbox only.
    let service = p
        .dovecot()
        .messages("posta-certificata@pec.alfa.test", "INBOX")
        .unwrap();
    let service: Vec<Classification> = service.iter().map(|m| verified(&p, m)).collect();
    assert_eq!(kinds(&service), [PecKind::PresaInCarico]);
    assert_eq!(service[0].daticert.as_ref().unwrap().ricezione, [B, C]);
    for m in [&a, &b] {
        assert!(!kinds(m).contains(&PecKind::PresaInCarico));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hidden_recipients_and_bad_headers_are_refused() {
    let p = provider(ProviderConfig::for_tests()).await;
    // STARTTLS + AUTH LOGIN this time. lettre keeps Bcc out of the headers, so the provider
    // sees a RCPT that is in neither To nor Cc.
    let smtp = transport(&p, Port::StartTls, Some((A, Mechanism::Login)));
    let msg = Message::builder()
        .from(mbox(A))
        .to(mbox(B))
        .bcc(mbox(X))
        .subject("Con copia nascosta")
        .body("testo".to_owned())
        .unwrap();
    smtp.send(msg).await.unwrap();
    // A raw message with a Bcc header, and one whose From is not the session's sender.
    let env = Envelope::new(Some(A.parse().unwrap()), vec![B.parse().unwrap()]).unwrap();
    let with_bcc = format!(
        "From: {A}\r\nTo: {B}\r\nBcc: {X}\r\nSubject: Bcc nel messaggio\r\nMessage-ID: <bcc-2@test>\r\n\r\ntesto\r\n"
    );
    smtp.send_raw(&env, with_bcc.as_bytes()).await.unwrap();
    let other_from = format!(
        "From: altro@pec.alfa.test\r\nTo: {B}\r\nSubject: From diverso\r\nMessage-ID: <from-3@test>\r\n\r\ntesto\r\n"
    );
    smtp.send_raw(&env, other_from.as_bytes()).await.unwrap();

    let a: Vec<Classification> = read_both(&p, A)
        .await
        .iter()
        .map(|m| verified(&p, m))
        .collect();
    assert_eq!(
        kinds(&a),
        [PecKind::NonAccettazione; 3],
        "events:\n{}",
        events(&p)
    );
    let reasons: Vec<String> = a
        .iter()
        .map(|c| c.daticert.as_ref().unwrap().errore_esteso.clone().unwrap())
        .collect();
    assert!(
        reasons[0].contains(X) && reasons[0].contains("To o Cc"),
        "{}",
        reasons[0]
    );
    assert!(reasons[1].contains("Bcc"), "{}", reasons[1]);
    assert!(reasons[2].contains("From"), "{}", reasons[2]);
    for c in &a {
        assert!(
            c.original.is_none(),
            "a non-accettazione must not carry the message"
        );
        assert!(codes(c).is_empty(), "{:?}", c.warnings);
    }
    assert!(p.dovecot().messages(B, "INBOX").unwrap().is_empty());
    assert!(p.dovecot().messages(X, "INBOX").unwrap().is_empty());

    // Without TLS the submission port refuses to authenticate; a wrong password is refused.
    let plain = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous("localhost")
        .port(p.submission_port())
        .credentials(Credentials::new(A.into(), PW.into()))
        .build();
    let probe = Message::builder()
        .from(mbox(A))
        .to(mbox(B))
        .subject("x")
        .body("x".to_owned())
        .unwrap();
    assert!(plain.send(probe.clone()).await.is_err());
    let wrong = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous("localhost")
        .port(p.smtps_port())
        .tls(Tls::Wrapper(
            TlsParameters::builder("localhost".into())
                .add_root_certificate(Certificate::from_pem(&p.tls_cert_pem()).unwrap())
                .build_native()
                .unwrap(),
        ))
        .credentials(Credentials::new(A.into(), "sbagliata".into()))
        .build();
    assert!(wrong.send(probe).await.is_err());
    assert_eq!(p.dovecot().messages(A, "INBOX").unwrap().len(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mail_from_outside_pec_becomes_an_anomaly() {
    let p = provider(ProviderConfig::for_tests()).await;
    // An ordinary sender on the external domain writes to a PEC mailbox and to x.
    let msg = Message::builder()
        .from(mbox(X))
        .to(mbox(B))
        .cc(mbox(X))
        .subject("Posta ordinaria")
        .message_id(Some("<ordinaria-1@esterno.test>".into()))
        .body("Non sono una PEC.".to_owned())
        .unwrap();
    transport(&p, Port::Mx, None).send(msg).await.unwrap();

    let b: Vec<Classification> = read_both(&p, B)
        .await
        .iter()
        .map(|m| verified(&p, m))
        .collect();
    assert_eq!(kinds(&b), [PecKind::Anomalia], "events:\n{}", events(&p));
    assert!(b[0].daticert.is_none());
    assert!(codes(&b[0]).is_empty(), "{:?}", b[0].warnings);
    let carried = b[0].original.as_ref().unwrap();
    assert_eq!(carried.summary.subject.as_deref(), Some("Posta ordinaria"));
    assert_eq!(
        b[0].headers.summary.message_id.as_deref(),
        Some("ordinaria-1@esterno.test")
    );
    // The external mailbox gets it as it is.
    let x = p.dovecot().messages(X, "INBOX").unwrap();
    assert_eq!(x.len(), 1);
    assert_eq!(classify(&x[0]).kind, PecKind::Ordinaria);
    // No receipt for anybody.
    assert!(p.dovecot().messages(A, "INBOX").unwrap().is_empty());

    // A genuine envelope arriving from outside is delivered as it is; a tampered one is not.
    let genuine = b_envelope(&p).await;
    p.inject(&genuine, &[B]).unwrap();
    let mut tampered = genuine.clone();
    let pos = tampered.windows(9).position(|w| w == b"Il giorno").unwrap();
    tampered[pos] = b'J';
    p.inject(&tampered, &[B]).unwrap();
    let b: Vec<Classification> = p
        .dovecot()
        .messages(B, "INBOX")
        .unwrap()
        .iter()
        .map(|m| verified(&p, m))
        .collect();
    assert_eq!(
        kinds(&b),
        [
            PecKind::Anomalia,
            PecKind::PostaCertificata,
            PecKind::PostaCertificata,
            PecKind::Anomalia
        ]
    );
}

/// A genuine envelope for B (sent by A through the provider), as B received it.
async fn b_envelope(p: &Provider) -> Vec<u8> {
    let msg = Message::builder()
        .from(mbox(A))
        .to(mbox(B))
        .subject("Busta autentica")
        .body("testo".to_owned())
        .unwrap();
    transport(p, Port::Implicit, Some((A, Mechanism::Plain)))
        .send(msg)
        .await
        .unwrap();
    p.dovecot().messages(B, "INBOX").unwrap().pop().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eicar_gives_virus_notices() {
    let p = provider(ProviderConfig::for_tests()).await;
    let msg = Message::builder()
        .from(mbox(A))
        .to(mbox(B))
        .subject("Fattura")
        .multipart(
            MultiPart::mixed()
                .singlepart(SinglePart::plain("Vedi allegato.".to_owned()))
                .singlepart(Attachment::new("fattura.com".into()).body(
                    EICAR.as_bytes().to_vec(),
                    ContentType::parse("application/octet-stream").unwrap(),
                )),
        )
        .unwrap();
    transport(&p, Port::Implicit, Some((A, Mechanism::Plain)))
        .send(msg)
        .await
        .unwrap();
    let a: Vec<Classification> = read_both(&p, A)
        .await
        .iter()
        .map(|m| verified(&p, m))
        .collect();
    assert_eq!(
        kinds(&a),
        [PecKind::Accettazione, PecKind::ErroreConsegna],
        "events:\n{}",
        events(&p)
    );
    assert_eq!(a[1].daticert.as_ref().unwrap().errore, "virus");
    assert_eq!(a[1].headers.x_verifica_sicurezza.as_deref(), Some("errore"));
    assert_eq!(codes(&a[1]), ["virus-reported"]);
    assert!(p.dovecot().messages(B, "INBOX").unwrap().is_empty());
    let service: Vec<Classification> = p
        .dovecot()
        .messages("posta-certificata@pec.alfa.test", "INBOX")
        .unwrap()
        .iter()
        .map(|m| verified(&p, m))
        .collect();
    assert_eq!(kinds(&service), [PecKind::RilevazioneVirus]);
    assert_eq!(service[0].headers.x_mittente.as_deref(), Some(A));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eicar_refused_at_acceptance_when_the_access_point_scans() {
    let p = provider(ProviderConfig {
        virus_check_at_acceptance: true,
        ..ProviderConfig::for_tests()
    })
    .await;
    let env = Envelope::new(Some(A.parse().unwrap()), vec![B.parse().unwrap()]).unwrap();
    let raw = format!(
        "From: {A}\r\nTo: {B}\r\nSubject: Virus\r\nMessage-ID: <v@test>\r\n\r\n{EICAR}\r\n"
    );
    transport(&p, Port::Implicit, Some((A, Mechanism::Plain)))
        .send_raw(&env, raw.as_bytes())
        .await
        .unwrap();
    let a: Vec<Classification> = read_both(&p, A)
        .await
        .iter()
        .map(|m| verified(&p, m))
        .collect();
    assert_eq!(kinds(&a), [PecKind::NonAccettazione]);
    assert_eq!(a[0].daticert.as_ref().unwrap().errore, "virus");
    assert!(p.dovecot().messages(B, "INBOX").unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn full_mailbox_gives_timeout_notices_then_late_delivery_or_final_failure() {
    const B2: &str = "bruno.gialli@pec.beta.test";
    let p = provider(ProviderConfig {
        preavviso_after: Duration::from_secs(1),
        final_after: Duration::from_secs(4),
        retry_every: Duration::from_millis(200),
        ..ProviderConfig::for_tests()
    })
    .await;
    p.add_pec_account(B2, PW).unwrap();
    p.set_mailbox_full(B, true).unwrap();
    p.set_mailbox_full(B2, true).unwrap();
    let msg = Message::builder()
        .from(mbox(A))
        .to(mbox(B))
        .to(mbox(B2))
        .subject("Scadenza")
        .body("testo".to_owned())
        .unwrap();
    transport(&p, Port::Implicit, Some((A, Mechanism::Plain)))
        .send(msg)
        .await
        .unwrap();
    assert_eq!(p.held_count(), 2, "events:\n{}", events(&p));

    // The 12-hour notices (one per recipient), then B gets room again.
    let a = wait_for(&p, A, 3);
    let a: Vec<Classification> = a.iter().map(|m| verified(&p, m)).collect();
    assert_eq!(
        kinds(&a),
        [
            PecKind::Accettazione,
            PecKind::PreavvisoErroreConsegna,
            PecKind::PreavvisoErroreConsegna
        ]
    );
    for c in &a[1..] {
        assert!(!c.daticert.as_ref().unwrap().is_final_timeout());
        assert!(codes(c).is_empty(), "{:?}", c.warnings);
    }
    p.set_mailbox_full(B, false).unwrap();

    // B: late delivery (lateness does not cancel it); B2: the final 24-hour notice.
    let a = wait_for(&p, A, 5);
    let a: Vec<Classification> = a.iter().map(|m| verified(&p, m)).collect();
    let tail = &a[3..];
    let delivered = tail
        .iter()
        .find(|c| c.kind == PecKind::AvvenutaConsegna)
        .unwrap_or_else(|| panic!("no late delivery receipt; events:\n{}", events(&p)));
    assert_eq!(
        delivered.daticert.as_ref().unwrap().consegna.as_deref(),
        Some(B)
    );
    let final_notice = tail
        .iter()
        .find(|c| c.kind == PecKind::PreavvisoErroreConsegna)
        .expect("the final notice");
    let d = final_notice.daticert.as_ref().unwrap();
    assert_eq!(d.consegna.as_deref(), Some(B2));
    assert!(d.is_final_timeout());
    assert!(d.errore_esteso.as_deref().unwrap().starts_with("5.4.1 - "));
    assert_eq!(codes(final_notice), ["final-timeout"]);
    assert_eq!(p.held_count(), 0);
    assert_eq!(p.dovecot().messages(B, "INBOX").unwrap().len(), 1);
    assert!(p.dovecot().messages(B2, "INBOX").unwrap().is_empty());
    assert_eq!(a.len(), 5, "nothing else for A");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requested_receipt_type_is_honoured_and_cc_gets_sintetica() {
    const B2: &str = "bruno.gialli@pec.beta.test";
    let p = provider(ProviderConfig::for_tests()).await;
    p.add_pec_account(B2, PW).unwrap();
    let env = Envelope::new(
        Some(A.parse().unwrap()),
        vec![B.parse().unwrap(), B2.parse().unwrap()],
    )
    .unwrap();
    let raw = format!(
        "From: Mario Rossi <{A}>\r\nTo: {B}\r\nCc: {B2}\r\nSubject: Breve\r\n\
Message-ID: <breve-1@studio.rossi.test>\r\nX-TipoRicevuta: breve\r\nMIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=\"s\"\r\n\r\n--s\r\nContent-Type: text/plain\r\n\r\n\
Testo.\r\n--s\r\nContent-Type: application/pdf; name=\"perizia.pdf\"\r\n\
Content-Disposition: attachment; filename=\"perizia.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n\
JVBERi0xLjQKJSBwZXJpemlhCg==\r\n--s--\r\n"
    );
    transport(&p, Port::StartTls, Some((A, Mechanism::Plain)))
        .send_raw(&env, raw.as_bytes())
        .await
        .unwrap();
    let a: Vec<Classification> = read_both(&p, A)
        .await
        .iter()
        .map(|m| verified(&p, m))
        .collect();
    assert_eq!(
        kinds(&a),
        [
            PecKind::Accettazione,
            PecKind::AvvenutaConsegna,
            PecKind::AvvenutaConsegna
        ]
    );
    let to_b = &a[1];
    assert_eq!(to_b.daticert.as_ref().unwrap().consegna.as_deref(), Some(B));
    assert_eq!(to_b.receipt_type, Some(ReceiptType::Breve));
    let carried = to_b.original.as_ref().unwrap();
    assert_eq!(
        carried.summary.attachments[0].name.as_deref(),
        Some("perizia.pdf.hash")
    );
    let cc = &a[2];
    assert_eq!(cc.daticert.as_ref().unwrap().consegna.as_deref(), Some(B2));
    assert_eq!(cc.receipt_type, Some(ReceiptType::Sintetica));
    assert!(cc.original.is_none());
    // The envelope keeps what the client asked for.
    let b = classify(&p.dovecot().messages(B, "INBOX").unwrap()[0]);
    assert_eq!(b.receipt_type, Some(ReceiptType::Breve));
    assert_eq!(b.headers.x_tipo_ricevuta.as_deref(), Some("breve"));
    assert!(codes(&b).is_empty(), "{:?}", b.warnings);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn size_times_recipients_over_the_limit_is_refused() {
    let p = provider(ProviderConfig {
        max_size_times_recipients: 2_000,
        ..ProviderConfig::for_tests()
    })
    .await;
    let smtp = transport(&p, Port::Implicit, Some((A, Mechanism::Plain)));
    let body = "x".repeat(800);
    // 1 recipient × ~1 KB: accepted. 3 recipients × ~1 KB: over 2 000 bytes, refused.
    let one = Message::builder()
        .from(mbox(A))
        .to(mbox(B))
        .subject("Uno")
        .body(body.clone())
        .unwrap();
    smtp.send(one).await.unwrap();
    let three = Message::builder()
        .from(mbox(A))
        .to(mbox(B))
        .to(mbox(X))
        .cc(mbox(C))
        .subject("Tre")
        .body(body)
        .unwrap();
    smtp.send(three).await.unwrap();
    let a: Vec<Classification> = read_both(&p, A)
        .await
        .iter()
        .map(|m| verified(&p, m))
        .collect();
    assert_eq!(
        kinds(&a),
        [
            PecKind::Accettazione,
            PecKind::AvvenutaConsegna,
            PecKind::NonAccettazione
        ]
    );
    let reason = a[2]
        .daticert
        .as_ref()
        .unwrap()
        .errore_esteso
        .clone()
        .unwrap();
    assert!(reason.contains("oltre il limite di 2000 byte"), "{reason}");
    assert_eq!(p.dovecot().messages(B, "INBOX").unwrap().len(), 1);
}
