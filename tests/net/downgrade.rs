//! Downgrade to plain text is impossible. A man in the middle that strips STARTTLS (refuses
//! it, or leaves it out of the capabilities) gets nothing from Sigillo but the request to
//! switch to TLS: no login, no user name, no password, for IMAP, POP3 and SMTP, through the
//! real login paths (IMAP login, a POP3 sync, the SMTP check). A server that answers in plain
//! text on a TLS port is a TLS error. And no setting can ask for plain text: an accounts file
//! that says so is refused.

use crate::support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use sigillo::account::{Account, AccountBook, Incoming, Secret, ServerConfig};
use sigillo::net::NetError;
use sigillo::net::imap::Imap;
use sigillo::net::send::check_smtp;
use sigillo::net::sync::{SyncError, sync_once};
use sigillo::net::tls::{Endpoint, Protocol, Security, Timeouts};
use sigillo::store::Store;
use support::reliability::Figures;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

const PW: &str = "Non-In-Chiaro-99";

/// A plain-text server that plays the stripping man in the middle for `protocol` and keeps
/// every byte the client sends.
async fn stripper(protocol: Protocol, refuse: bool) -> (u16, Arc<Mutex<Vec<u8>>>) {
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = l.local_addr().unwrap().port();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let keep = seen.clone();
    tokio::spawn(async move {
        while let Ok((s, _)) = l.accept().await {
            let keep = keep.clone();
            tokio::spawn(async move {
                let mut s = BufReader::new(s);
                let greeting: &[u8] = match protocol {
                    // No STARTTLS among the capabilities, and LOGIN allowed in plain text.
                    Protocol::Imap => b"* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] mitm\r\n",
                    Protocol::Pop3 => b"+OK mitm\r\n",
                    Protocol::Smtp => b"220 mitm ESMTP\r\n",
                };
                if s.get_mut().write_all(greeting).await.is_err() {
                    return;
                }
                let mut line = String::new();
                loop {
                    line.clear();
                    match tokio::time::timeout(Duration::from_secs(3), s.read_line(&mut line)).await
                    {
                        Ok(Ok(n)) if n > 0 => {}
                        _ => return,
                    }
                    keep.lock().unwrap().extend_from_slice(line.as_bytes());
                    let up = line.to_ascii_uppercase();
                    let reply: String = if up.starts_with("EHLO") {
                        // STARTTLS stripped from the extensions.
                        "250-mitm\r\n250 AUTH PLAIN LOGIN\r\n".into()
                    } else if up.contains("STARTTLS") || up.starts_with("STLS") {
                        match protocol {
                            Protocol::Imap if refuse => "s1 BAD STARTTLS unknown\r\n".into(),
                            Protocol::Imap => "* OK still here\r\ns1 NO not now\r\n".into(),
                            Protocol::Pop3 => "-ERR unknown command\r\n".into(),
                            Protocol::Smtp => "502 5.5.1 unknown\r\n".into(),
                        }
                    } else {
                        match protocol {
                            Protocol::Imap => {
                                let tag = line.split(' ').next().unwrap_or("*").to_owned();
                                format!("{tag} OK fine\r\n")
                            }
                            Protocol::Pop3 => "+OK\r\n".into(),
                            Protocol::Smtp => "235 ok\r\n".into(),
                        }
                    };
                    if s.get_mut().write_all(reply.as_bytes()).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    (port, seen)
}

fn endpoint(protocol: Protocol, port: u16) -> Endpoint {
    Endpoint {
        protocol,
        host: "localhost".into(),
        port,
        security: Security::StartTls,
        pin: None,
        timeouts: Timeouts {
            connect: Duration::from_secs(2),
            tls: Duration::from_secs(2),
            io: Duration::from_secs(2),
        },
    }
}

fn assert_only_starttls(seen: &[u8], protocol: Protocol) {
    let text = String::from_utf8_lossy(seen);
    assert!(
        !text.contains(PW),
        "{protocol:?}: the password went out: {text}"
    );
    let allowed: &[&str] = match protocol {
        Protocol::Imap => &["s1 STARTTLS"],
        Protocol::Pop3 => &["STLS"],
        Protocol::Smtp => &["EHLO sigillo.localhost"],
    };
    for line in text.lines() {
        assert!(
            allowed.contains(&line.trim_end()),
            "{protocol:?}: said in plain text: {line:?}"
        );
    }
    assert!(!text.is_empty(), "{protocol:?}: the client did connect");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_man_in_the_middle_stripping_starttls_gets_no_login() {
    let mut cases = 0;
    for refuse in [true, false] {
        // IMAP: the real login path.
        let (port, seen) = stripper(Protocol::Imap, refuse).await;
        match Imap::login(
            &endpoint(Protocol::Imap, port),
            "utente@pec.test",
            &Secret::new(PW),
        )
        .await
        {
            Err(NetError::StartTlsUnsupported { .. }) => {}
            other => panic!("IMAP: expected a refusal, got {:?}", other.err()),
        }
        assert_only_starttls(&seen.lock().unwrap(), Protocol::Imap);
        cases += 1;
    }

    // POP3: a whole sync.
    let (port, seen) = stripper(Protocol::Pop3, true).await;
    let server = ServerConfig {
        host: "localhost".into(),
        port,
        security: Security::StartTls,
        pin: None,
    };
    let acc = Account::custom(
        "mitm",
        "utente@pec.test",
        Incoming::Pop3,
        server.clone(),
        server,
    );
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let r = sync_once(
        &mut store,
        &acc,
        &Secret::new(PW),
        &support::net::sync_options(),
        &mut |_| {},
    )
    .await;
    assert!(
        matches!(r, Err(SyncError::Net(NetError::StartTlsUnsupported { .. }))),
        "POP3: {r:?}"
    );
    assert_only_starttls(&seen.lock().unwrap(), Protocol::Pop3);
    cases += 1;

    // SMTP: the login check (the same session opening as a sending).
    let (port, seen) = stripper(Protocol::Smtp, true).await;
    match check_smtp(
        &endpoint(Protocol::Smtp, port),
        "utente@pec.test",
        &Secret::new(PW),
    )
    .await
    {
        Err(NetError::StartTlsUnsupported { .. }) => {}
        other => panic!("SMTP: expected a refusal, got {other:?}"),
    }
    assert_only_starttls(&seen.lock().unwrap(), Protocol::Smtp);
    cases += 1;

    Figures::new(
        "secrets",
        "STARTTLS stripped by a man in the middle (IMAP refused and left out, POP3, SMTP left out of EHLO)",
    )
    .inputs(cases)
    .outcome("refused as 'the server does not offer STARTTLS'; nothing but the STARTTLS request (and SMTP's EHLO) was said in plain text: no login, no user, no password")
    .record();
}

#[test]
fn no_setting_asks_for_plain_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut refused = 0;
    for security in ["none", "plain", "plaintext", "clear", ""] {
        std::fs::write(
            AccountBook::path(dir.path()),
            format!(
                "[[account]]\nid = \"a\"\naddress = \"a@pec.test\"\nlogin = \"a@pec.test\"\nincoming = \"imap\"\nkeyring_key = \"k\"\n\n[account.incoming_server]\nhost = \"h\"\nport = 143\nsecurity = \"{security}\"\n\n[account.smtp_server]\nhost = \"h\"\nport = 25\nsecurity = \"{security}\"\n"
            ),
        )
        .unwrap();
        assert!(
            AccountBook::load(dir.path()).is_err(),
            "security = {security:?} is refused"
        );
        refused += 1;
    }
    // The same file with a secure setting loads: the refusals are about the setting.
    for security in ["tls", "starttls"] {
        std::fs::write(
            AccountBook::path(dir.path()),
            format!(
                "[[account]]\nid = \"a\"\naddress = \"a@pec.test\"\nlogin = \"a@pec.test\"\nincoming = \"imap\"\nkeyring_key = \"k\"\n\n[account.incoming_server]\nhost = \"h\"\nport = 143\nsecurity = \"{security}\"\n\n[account.smtp_server]\nhost = \"h\"\nport = 25\nsecurity = \"{security}\"\n"
            ),
        )
        .unwrap();
        let book =
            AccountBook::load(dir.path()).unwrap_or_else(|e| panic!("security = {security}: {e}"));
        assert_eq!(book.accounts.len(), 1);
    }
    Figures::new(
        "secrets",
        "accounts file asking for plain text (security = none, plain, plaintext, clear, empty)",
    )
    .inputs(refused)
    .outcome("refused when loaded; the same file with tls or starttls loads")
    .record();
}
