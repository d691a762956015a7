//! Certificate checks against a real Dovecot serving IMAPS and POP3S with certificates made
//! for each case: a self-signed certificate that is neither trusted nor pinned is refused
//! (with its fingerprint, so the user can compare and pin it), so is one for another host and
//! an expired one; the pinned one is accepted, a different pinned one is refused. The refusal
//! happens before any login: the password never reaches an untrusted server.

use crate::support;

use std::time::Duration;

use openssl::asn1::Asn1Time;
use openssl::bn::BigNum;
use openssl::hash::MessageDigest;
use openssl::pkey::PKey;
use openssl::rsa::Rsa;
use openssl::x509::extension::{BasicConstraints, SubjectAlternativeName};
use openssl::x509::{X509, X509NameBuilder};
use sigillo::account::Secret;
use sigillo::net::NetError;
use sigillo::net::imap::Imap;
use sigillo::net::tls::{
    Endpoint, Fingerprint, Protocol, Security, Timeouts, connect, probe_certificate,
};
use sigillo_test_provider::dovecot::{Dovecot, DovecotOptions};
use sigillo_test_provider::tls::ServerIdentity;
use support::reliability::Figures;

const USER: &str = "utente@pec.test";
const PW: &str = "Segreta-TLS-42";

/// A self-signed certificate for `name`, valid between the two offsets (days from now).
fn identity(name: &str, from_days: i64, to_days: i64) -> ServerIdentity {
    let key = PKey::from_rsa(Rsa::generate(2048).unwrap()).unwrap();
    let mut n = X509NameBuilder::new().unwrap();
    n.append_entry_by_text("CN", name).unwrap();
    let n = n.build();
    let mut b = X509::builder().unwrap();
    b.set_version(2).unwrap();
    b.set_serial_number(&BigNum::from_u32(7).unwrap().to_asn1_integer().unwrap())
        .unwrap();
    b.set_subject_name(&n).unwrap();
    b.set_issuer_name(&n).unwrap();
    b.set_pubkey(&key).unwrap();
    let now = chrono::Utc::now().timestamp();
    b.set_not_before(&Asn1Time::from_unix(now + from_days * 86_400).unwrap())
        .unwrap();
    b.set_not_after(&Asn1Time::from_unix(now + to_days * 86_400).unwrap())
        .unwrap();
    b.append_extension(BasicConstraints::new().critical().ca().build().unwrap())
        .unwrap();
    let san = SubjectAlternativeName::new()
        .dns(name)
        .build(&b.x509v3_context(None, None))
        .unwrap();
    b.append_extension(san).unwrap();
    b.sign(&key, MessageDigest::sha256()).unwrap();
    ServerIdentity {
        cert: b.build(),
        key,
    }
}

fn dovecot(id: ServerIdentity) -> Dovecot {
    let d = Dovecot::start_with(DovecotOptions {
        identity: Some(id),
        ..DovecotOptions::default()
    })
    .unwrap_or_else(|e| panic!("Dovecot did not start: {e}"));
    d.add_user(USER, PW).unwrap();
    d
}

fn endpoint(d: &Dovecot, protocol: Protocol, pin: Option<Fingerprint>) -> Endpoint {
    Endpoint {
        protocol,
        host: "localhost".into(),
        port: match protocol {
            Protocol::Pop3 => d.pop3s_port(),
            _ => d.imaps_port(),
        },
        security: Security::Tls,
        pin,
        timeouts: Timeouts {
            connect: Duration::from_secs(5),
            tls: Duration::from_secs(5),
            io: Duration::from_secs(5),
        },
    }
}

fn fingerprint(d: &Dovecot) -> Fingerprint {
    Fingerprint::of_certificate(&d.cert_pem()).unwrap()
}

fn logins(d: &Dovecot) -> usize {
    d.log().matches("Login: user=").count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unpinned_self_signed_certificate_is_refused_and_a_pinned_one_accepted() {
    let d = dovecot(identity("localhost", -1, 365));
    let fp = fingerprint(&d);
    for protocol in [Protocol::Imap, Protocol::Pop3] {
        match connect(&endpoint(&d, protocol, None)).await {
            Err(NetError::CertUntrusted {
                fingerprint, host, ..
            }) => {
                assert_eq!(fingerprint, fp.to_string(), "the user can compare it");
                assert_eq!(host, "localhost");
            }
            other => panic!(
                "{protocol:?}: expected an untrusted certificate, got {:?}",
                other.err()
            ),
        }
    }
    match Imap::login(&endpoint(&d, Protocol::Imap, None), USER, &Secret::new(PW)).await {
        Err(NetError::CertUntrusted { .. }) => {}
        other => panic!("{:?}", other.err()),
    }
    assert_eq!(
        logins(&d),
        0,
        "no login was attempted on the untrusted connection"
    );

    // The wizard shows what it would pin.
    let info = probe_certificate(&endpoint(&d, Protocol::Imap, None))
        .await
        .unwrap();
    assert_eq!(info.fingerprint, fp);
    assert_eq!(info.names, ["localhost"]);

    // Pinned: accepted, and the login works.
    let imap = Imap::login(
        &endpoint(&d, Protocol::Imap, Some(fp)),
        USER,
        &Secret::new(PW),
    )
    .await
    .unwrap_or_else(|e| panic!("the pinned certificate was refused: {e}"));
    imap.logout().await;
    assert!(
        connect(&endpoint(&d, Protocol::Pop3, Some(fp)))
            .await
            .is_ok()
    );
    // The log does record logins: the zero above means something.
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while logins(&d) == 0 && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(logins(&d), 1, "{}", d.log());
    Figures::new(
        "secrets",
        "untrusted (self-signed, unpinned) server certificate, IMAPS and POP3S (real Dovecot)",
    )
    .inputs(2)
    .outcome("refused before any login, with the fingerprint to compare; accepted only once pinned")
    .record();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_pinned_certificate_is_refused() {
    let d = dovecot(identity("localhost", -1, 365));
    let other = Fingerprint([0x42; 32]);
    match Imap::login(
        &endpoint(&d, Protocol::Imap, Some(other)),
        USER,
        &Secret::new(PW),
    )
    .await
    {
        Err(NetError::PinMismatch {
            expected, found, ..
        }) => {
            assert_eq!(expected, other.to_string());
            assert_eq!(found, fingerprint(&d).to_string());
        }
        other => panic!("{:?}", other.err()),
    }
    assert_eq!(logins(&d), 0);
    Figures::new("secrets", "a pinned certificate that is not the server's")
        .inputs(1)
        .outcome("refused (pin mismatch, both fingerprints shown) before any login")
        .record();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_certificate_for_another_host_is_refused() {
    let d = dovecot(identity("mail.altro-gestore.example", -1, 365));
    match connect(&endpoint(&d, Protocol::Imap, None)).await {
        Err(NetError::CertWrongHost { host, names }) => {
            assert_eq!(host, "localhost");
            assert_eq!(names, "mail.altro-gestore.example");
        }
        other => panic!("{:?}", other.err()),
    }
    Figures::new("secrets", "a certificate issued for another host")
        .inputs(1)
        .outcome("refused, naming the host it is for")
        .record();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_certificate_is_refused_even_when_pinned() {
    let d = dovecot(identity("localhost", -400, -30));
    match connect(&endpoint(&d, Protocol::Imap, None)).await {
        Err(NetError::CertExpired { not_after, .. }) => assert!(!not_after.is_empty()),
        other => panic!("{:?}", other.err()),
    }
    match connect(&endpoint(&d, Protocol::Pop3, Some(fingerprint(&d)))).await {
        Err(NetError::CertExpired { .. }) => {}
        other => panic!("pinned but expired: {:?}", other.err()),
    }
    assert_eq!(logins(&d), 0);
    Figures::new("secrets", "an expired certificate, unpinned and pinned")
        .inputs(2)
        .outcome("refused in both cases before any login")
        .record();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn something_that_is_not_tls_is_a_tls_error() {
    // A plain TCP server that answers like an old plain-text IMAP server.
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = l.local_addr().unwrap().port();
    tokio::spawn(async move {
        use tokio::io::AsyncWriteExt;
        while let Ok((mut s, _)) = l.accept().await {
            let _ = s.write_all(b"* OK plain text IMAP\r\n").await;
        }
    });
    let ep = Endpoint {
        protocol: Protocol::Imap,
        host: "127.0.0.1".into(),
        port,
        security: Security::Tls,
        pin: None,
        timeouts: Timeouts {
            connect: Duration::from_secs(2),
            tls: Duration::from_secs(2),
            io: Duration::from_secs(2),
        },
    };
    match connect(&ep).await {
        Err(NetError::Tls { .. }) | Err(NetError::Timeout { .. }) => {}
        other => panic!("{:?}", other.err()),
    }
}

/// A server that speaks the plain-text preamble of `protocol`, then (when it agrees to) TLS
/// with `id`, then answers one line to prove the secured channel works.
async fn starttls_server(protocol: Protocol, id: ServerIdentity, agree: bool) -> u16 {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = l.local_addr().unwrap().port();
    let acceptor = tokio_native_tls::TlsAcceptor::from(
        native_tls::TlsAcceptor::new(
            native_tls::Identity::from_pkcs8(&id.cert_pem(), &id.key_pem()).unwrap(),
        )
        .unwrap(),
    );
    tokio::spawn(async move {
        while let Ok((s, _)) = l.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let mut s = BufReader::new(s);
                let (greeting, reply) = match (protocol, agree) {
                    (Protocol::Imap, true) => ("* OK ready\r\n", "s1 OK begin TLS\r\n"),
                    (Protocol::Imap, false) => ("* OK ready\r\n", "s1 NO no TLS here\r\n"),
                    (_, true) => ("+OK ready\r\n", "+OK begin TLS\r\n"),
                    (_, false) => ("+OK ready\r\n", "-ERR no TLS here\r\n"),
                };
                s.get_mut().write_all(greeting.as_bytes()).await.unwrap();
                let mut line = String::new();
                s.read_line(&mut line).await.unwrap();
                let expected = if protocol == Protocol::Imap {
                    "s1 STARTTLS"
                } else {
                    "STLS"
                };
                assert_eq!(line.trim_end(), expected);
                s.get_mut().write_all(reply.as_bytes()).await.unwrap();
                if agree {
                    let mut tls = acceptor.accept(s.into_inner()).await.unwrap();
                    tls.write_all(b"* OK secured\r\n").await.unwrap();
                }
            });
        }
    });
    port
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn starttls_upgrades_only_with_a_trusted_certificate_and_a_willing_server() {
    use tokio::io::AsyncReadExt;
    let id = identity("localhost", -1, 365);
    let fp = Fingerprint::of_certificate(&id.cert_pem()).unwrap();
    for protocol in [Protocol::Imap, Protocol::Pop3] {
        let port = starttls_server(protocol, id.clone(), true).await;
        let ep = |pin| Endpoint {
            protocol,
            host: "localhost".into(),
            port,
            security: Security::StartTls,
            pin,
            timeouts: Timeouts::default(),
        };
        // Upgraded, then verified like direct TLS: unpinned self-signed is refused…
        assert!(
            matches!(
                connect(&ep(None)).await,
                Err(NetError::CertUntrusted { .. })
            ),
            "{protocol:?}"
        );
        // …pinned, the secured channel carries data.
        let mut tls = connect(&ep(Some(fp))).await.unwrap();
        let mut buf = [0u8; 14];
        tls.read_exact(&mut buf).await.unwrap();
        assert_eq!(&buf, b"* OK secured\r\n");

        let port = starttls_server(protocol, id.clone(), false).await;
        let mut refused = ep(Some(fp));
        refused.port = port;
        assert!(
            matches!(
                connect(&refused).await,
                Err(NetError::StartTlsUnsupported { .. })
            ),
            "{protocol:?}"
        );
    }
}
