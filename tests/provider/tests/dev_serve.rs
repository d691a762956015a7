//! `pec-test-provider serve` (what scripts/dev-provider runs): it prints working parameters,
//! the printed account logs in over IMAPS with the printed certificate, and Ctrl-C stops
//! everything and removes the files it printed.

use std::io::{BufRead as _, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use sigillo_test_provider::client::{MailAccount, imap_fetch_all};

fn value_after<'a>(lines: &'a [String], needle: &str) -> &'a str {
    lines
        .iter()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line with {needle:?} in:\n{}", lines.join("\n")))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_prints_usable_parameters_and_stops_on_ctrl_c() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pec-test-provider"))
        .arg("serve")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut lines = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let mut l = String::new();
        if out.read_line(&mut l).unwrap() == 0 {
            let _ = child.kill();
            let mut err = String::new();
            let _ = std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err);
            panic!("serve exited early:\n{}\n{err}", lines.join(""));
        }
        let done = l.contains("Press Ctrl-C");
        lines.push(l.trim_end().to_owned());
        if done || Instant::now() > deadline {
            break;
        }
    }
    let cert_line = value_after(&lines, "TLS certificate to trust/pin");
    let cert_path = cert_line.rsplit(" : ").next().unwrap().trim().to_owned();
    let ca_pem = std::fs::read(&cert_path).unwrap_or_else(|e| panic!("{cert_path}: {e}"));
    let imaps: u16 = value_after(&lines, "  IMAPS ")
        .rsplit(':')
        .next()
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let account = value_after(&lines, "mario.rossi@pec.alfa.test");
    let password = account.split_whitespace().last().unwrap().to_owned();
    let root_line = value_after(&lines, "Provider signatures chain to the test root:");
    let root_path = root_line.rsplit(": ").next().unwrap().to_owned();
    assert!(
        std::fs::read_to_string(&root_path)
            .unwrap()
            .contains("BEGIN CERTIFICATE")
    );

    let inbox = imap_fetch_all(
        &MailAccount {
            host: "localhost".into(),
            port: imaps,
            user: "mario.rossi@pec.alfa.test".into(),
            password,
            ca_pem,
        },
        "INBOX",
    )
    .await
    .unwrap();
    assert!(inbox.is_empty());

    // Ctrl-C.
    // SAFETY: kill(2) with SIGINT on our own child process, not yet reaped.
    unsafe {
        libc::kill(child.id() as i32, libc::SIGINT);
    }
    let status = child.wait().unwrap();
    assert!(status.success(), "{status}");
    assert!(
        !std::path::Path::new(&cert_path).exists(),
        "certificate folder removed"
    );
    assert!(
        std::net::TcpStream::connect(("127.0.0.1", imaps)).is_err(),
        "Dovecot stopped"
    );
}
