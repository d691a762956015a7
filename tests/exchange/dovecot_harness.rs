//! The private Dovecot the test suite runs (tests/provider): it starts on free loopback ports
//! with IMAPS and POP3S, serves what was delivered, reports quota, refuses unknown users and
//! over-quota delivery the way a real server does, and leaves nothing behind.

use sigillo_test_provider::client::{
    MailAccount, imap_fetch_all, imap_storage_quota, pop3_retrieve_all,
};
use sigillo_test_provider::dovecot::{DeliveryError, Dovecot};

fn start() -> Dovecot {
    Dovecot::start().unwrap_or_else(|e| panic!("{e}"))
}

fn account(d: &Dovecot, user: &str, pop3: bool) -> MailAccount {
    MailAccount {
        host: d.host().into(),
        port: if pop3 { d.pop3s_port() } else { d.imaps_port() },
        user: user.into(),
        password: "segreta-1".into(),
        ca_pem: d.cert_pem(),
    }
}

fn message(n: usize) -> Vec<u8> {
    format!(
        "From: a@pec.alfa.test\r\nTo: b@pec.beta.test\r\nSubject: prova {n}\r\n\
Message-ID: <m{n}@test>\r\n\r\nriga uno\r\n.riga che inizia con un punto\r\n"
    )
    .into_bytes()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delivered_mail_reads_back_over_imaps_and_pop3s() {
    let d = start();
    d.add_user("b@pec.beta.test", "segreta-1").unwrap();
    for n in 1..=3 {
        d.deliver("b@pec.beta.test", "INBOX", &message(n)).unwrap();
    }
    let on_disk = d.messages("b@pec.beta.test", "INBOX").unwrap();
    assert_eq!(on_disk.len(), 3);

    let imap = imap_fetch_all(&account(&d, "b@pec.beta.test", false), "INBOX")
        .await
        .unwrap();
    let pop = pop3_retrieve_all(&account(&d, "b@pec.beta.test", true))
        .await
        .unwrap();
    assert_eq!(imap.len(), 3);
    assert_eq!(pop.len(), 3);
    for n in 1..=3 {
        // Byte-exact through both protocols, dot-stuffing undone.
        assert_eq!(imap[n - 1], message(n));
        assert_eq!(pop[n - 1], message(n));
    }

    // Wrong password: refused.
    let mut wrong = account(&d, "b@pec.beta.test", false);
    wrong.password = "sbagliata".into();
    assert!(imap_fetch_all(&wrong, "INBOX").await.is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quota_is_reported_and_enforced() {
    let d = start();
    d.add_user_with_quota("q@pec.beta.test", "segreta-1", Some(64 * 1024))
        .unwrap();
    d.deliver("q@pec.beta.test", "INBOX", &message(1)).unwrap();
    let (usage, limit) = imap_storage_quota(&account(&d, "q@pec.beta.test", false), "INBOX")
        .await
        .unwrap()
        .expect("a STORAGE quota resource");
    assert_eq!(limit, 64);
    assert_eq!(usage, 1, "one small message, rounded up to 1 KiB");

    // A message larger than the quota: a temporary failure, as an MTA must see it.
    let big = [message(2), vec![b'x'; 100 * 1024]].concat();
    match d.deliver("q@pec.beta.test", "INBOX", &big) {
        Err(DeliveryError::Temporary { .. }) => {}
        other => panic!("expected a temporary failure, got {other:?}\n{}", d.log()),
    }
    // Raising the quota lets the same message in.
    d.set_quota("q@pec.beta.test", Some(1024 * 1024)).unwrap();
    d.deliver("q@pec.beta.test", "INBOX", &big).unwrap();
    assert_eq!(d.messages("q@pec.beta.test", "INBOX").unwrap().len(), 2);
}

#[test]
fn unknown_users_other_mailboxes_and_cleanup() {
    let d = start();
    d.add_user("c@pec.beta.test", "segreta-1").unwrap();
    assert_eq!(
        d.deliver("nessuno@pec.beta.test", "INBOX", &message(1)),
        Err(DeliveryError::UnknownUser("nessuno@pec.beta.test".into()))
    );
    d.deliver("c@pec.beta.test", "Servizio", &message(7))
        .unwrap();
    assert_eq!(
        d.messages("c@pec.beta.test", "Servizio").unwrap(),
        [message(7)]
    );
    assert!(d.messages("c@pec.beta.test", "INBOX").unwrap().is_empty());

    // Two instances side by side use different ports and directories.
    let other = start();
    assert_ne!(other.imaps_port(), d.imaps_port());
    assert_ne!(other.dir(), d.dir());

    let pid = d.master_pid().expect("running") as i32;
    let dir = d.dir().to_path_buf();
    let port = d.imaps_port();
    d.stop();
    drop(d);
    // SAFETY: signal 0 only checks whether the process exists.
    assert_ne!(unsafe { libc_kill(pid, 0) }, 0, "the master is gone");
    assert!(!dir.exists(), "the directory is removed");
    assert!(std::net::TcpStream::connect(("127.0.0.1", port)).is_err());
}

unsafe extern "C" {
    #[link_name = "kill"]
    fn libc_kill(pid: i32, sig: i32) -> i32;
}
