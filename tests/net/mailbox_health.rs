//! Mailbox health against a real Dovecot with the quota plugin: the usage the IMAP server reports
//! (GETQUOTAROOT) gives a warning at 80 % and a strong one at 95 %; POP3 reports what waits in
//! the mailbox, with no limit.

use sigillo::account::{Account, Incoming, Secret, ServerConfig};
use sigillo::net::health::{Level, mailbox_usage};
use sigillo::net::tls::{Fingerprint, Security, Timeouts};
use sigillo_test_provider::dovecot::Dovecot;

fn account(d: &Dovecot, address: &str, incoming: Incoming) -> Account {
    let pin = Fingerprint::of_certificate(&d.cert_pem()).expect("certificate");
    let server = |port| ServerConfig {
        host: "localhost".into(),
        port,
        security: Security::Tls,
        pin: Some(pin),
    };
    let port = match incoming {
        Incoming::Imap => d.imaps_port(),
        Incoming::Pop3 => d.pop3s_port(),
    };
    Account::custom("salute", address, incoming, server(port), server(465))
}

fn message(size: usize) -> Vec<u8> {
    let mut m =
        b"From: a@pec.alfa.test\r\nTo: b@pec.alfa.test\r\nSubject: riempimento\r\n\r\n".to_vec();
    m.extend(std::iter::repeat_n(b'x', size));
    m.extend_from_slice(b"\r\n");
    m
}

#[tokio::test(flavor = "multi_thread")]
async fn quota_levels_from_a_real_imap_server_and_pop3_sizes() {
    let d = Dovecot::start().unwrap_or_else(|e| panic!("Dovecot did not start: {e}"));
    let address = "salute@pec.alfa.test";
    let pw = "Pw-salute-3!";
    d.add_user_with_quota(address, pw, Some(100 * 1024))
        .unwrap();
    let imap = account(&d, address, Incoming::Imap);
    let secret = Secret::new(pw);

    let empty = mailbox_usage(&imap, &secret, Timeouts::default())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(empty.limit, Some(100 * 1024));
    assert_eq!(empty.level(), Level::Ok);

    d.deliver(address, "INBOX", &message(82 * 1024)).unwrap();
    let warn = mailbox_usage(&imap, &secret, Timeouts::default())
        .await
        .unwrap()
        .unwrap();
    assert!(warn.percent().unwrap() >= 80, "{warn:?}");
    assert_eq!(warn.level(), Level::Warning);

    d.deliver(address, "INBOX", &message(14 * 1024)).unwrap();
    let critical = mailbox_usage(&imap, &secret, Timeouts::default())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(critical.level(), Level::Critical, "{critical:?}");

    let pop = account(&d, address, Incoming::Pop3);
    let sizes = mailbox_usage(&pop, &secret, Timeouts::default())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(sizes.limit, None);
    assert!(sizes.used >= 96 * 1024, "{sizes:?}");
    assert_eq!(sizes.level(), Level::Ok);
}
