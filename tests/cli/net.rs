//! `sigillo account|sync|send` as a user runs them, each a real process, against the local PEC
//! provider; once without any keyring (the password comes from standard input each time) and
//! once with a real Secret Service (gnome-keyring on a private D-Bus session). Afterwards every
//! file of the profile, configuration and home folders and every captured output is searched
//! for the password: it must appear nowhere. And a text file sent with `send` is what the
//! provider certifies, byte for byte, and what the exported dossier lists; and a trust list
//! that cannot be loaded stops `send` and `sync` before anything happens.

use crate::support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use mail_parser::MimeHeaders;
use serde_json::Value;
use sigillo_test_provider::provider::Provider;
use support::keyring_session::PrivateKeyring;
use support::net::{A, B, C, PW, X, pin, provider};
use support::reliability::Figures;

/// The folders and outputs of one user.
struct User {
    profile: tempfile::TempDir,
    home: tempfile::TempDir,
    bus: Option<Vec<(&'static str, PathBuf)>>,
    outputs: Vec<u8>,
}

impl User {
    fn new(keyring: Option<&PrivateKeyring>) -> User {
        User {
            profile: tempfile::tempdir().unwrap(),
            home: tempfile::tempdir().unwrap(),
            bus: keyring.map(|k| k.envs()),
            outputs: Vec::new(),
        }
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_sigillo"));
        let home = self.home.path();
        c.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("LANG", "C.UTF-8")
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("XDG_DATA_HOME", home.join(".local/share"))
            .env("XDG_RUNTIME_DIR", home.join("run"));
        match &self.bus {
            Some(envs) => {
                for (k, v) in envs {
                    if *k == "DBUS_SESSION_BUS_ADDRESS" {
                        c.env(k, v);
                    }
                }
            }
            // A bus that does not exist: the keyring is unavailable, as on a bare server.
            None => {
                c.env(
                    "DBUS_SESSION_BUS_ADDRESS",
                    format!("unix:path={}", home.join("no-such-bus").display()),
                );
            }
        }
        c.arg("--profile").arg(self.profile.path()).args(args);
        c
    }

    /// Trusts the test provider's PEC authority in this profile, as a user adds a trust point:
    /// only receipts whose signature holds decide a timeline.
    async fn trust_provider(&mut self, p: &Provider) {
        let pem = self.home.path().join("pec-test-root.pem");
        std::fs::write(&pem, p.pec_root_pem()).unwrap();
        let out = self
            .run(&["trust", "add", &pem.display().to_string()], None)
            .await;
        ok(&out);
    }

    /// Runs a command (stdin given or closed) and keeps its output for the leak check.
    async fn run(&mut self, args: &[&str], stdin: Option<&str>) -> Output {
        let mut c = self.command(args);
        c.stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
        let input = stdin.map(|s| s.as_bytes().to_vec());
        let out = tokio::task::spawn_blocking(move || {
            let mut child = c.spawn().unwrap();
            if let Some(bytes) = input {
                use std::io::Write;
                child.stdin.take().unwrap().write_all(&bytes).unwrap();
            }
            child.wait_with_output().unwrap()
        })
        .await
        .unwrap();
        self.outputs.extend_from_slice(&out.stdout);
        self.outputs.extend_from_slice(&out.stderr);
        out
    }

    /// Every file under the profile and home folders (configuration, data, cache, state: the
    /// XDG folders all live in the home of this test), and every output: no password. Returns
    /// how many files and output bytes were searched.
    fn assert_no_secret_anywhere(&self, extra: &[&Path]) -> (usize, usize) {
        let needle = PW.as_bytes();
        assert!(
            !contains(&self.outputs, needle),
            "the password appeared in the output"
        );
        let mut files = 0;
        for root in [self.profile.path(), self.home.path()].iter().chain(extra) {
            for f in walk(root) {
                files += 1;
                let bytes = std::fs::read(&f).unwrap_or_default();
                assert!(
                    !contains(&bytes, needle),
                    "the password is in {}",
                    f.display()
                );
            }
        }
        assert!(files >= 3, "the check looked at real files ({files})");
        (files, self.outputs.len())
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn walk(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            match e.file_type() {
                Ok(t) if t.is_dir() => stack.push(p),
                Ok(t) if t.is_file() => out.push(p),
                _ => {}
            }
        }
    }
    out
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn add_args(p: &Provider, id: &str, address: &str) -> Vec<String> {
    let fp = pin(p).to_string();
    vec![
        "account".into(),
        "add".into(),
        "--id".into(),
        id.into(),
        "--address".into(),
        address.into(),
        "--incoming".into(),
        format!("localhost:{}", p.imaps_port()),
        "--smtp".into(),
        format!("localhost:{}", p.smtps_port()),
        "--pin-incoming".into(),
        fp.clone(),
        "--pin-smtp".into(),
        fp,
        "--password-stdin".into(),
    ]
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

async fn timeline(u: &mut User) -> Value {
    let out = u.run(&["timeline", "--json"], None).await;
    serde_json::from_str(&ok(&out)).unwrap()
}

fn state_of(t: &Value, address: &str) -> String {
    t[0]["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["address"] == address)
        .unwrap_or_else(|| panic!("{address} not in {t:#}"))["state"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_keyring_the_password_is_asked_each_time_and_never_kept() {
    let p = provider().await;
    let mut u = User::new(None);
    u.trust_provider(&p).await;
    let pw_line = format!("{PW}\n");

    let out = u.run(&strs(&add_args(&p, "alfa", A)), Some(&pw_line)).await;
    let text = ok(&out);
    assert!(text.contains("Account alfa added"), "{text}");
    assert!(
        text.contains("Incoming mail (IMAP localhost): secure connection and login work"),
        "{text}"
    );
    assert!(
        text.contains("Outgoing mail (SMTP localhost): secure connection and login work"),
        "{text}"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("No system keyring is available"), "{err}");

    // The settings file holds the servers and pins, no password.
    let config = u.profile.path().join("config/accounts.toml");
    let settings = std::fs::read_to_string(&config).unwrap();
    assert!(settings.contains(&pin(&p).to_string()));

    let list: Value =
        serde_json::from_str(&ok(&u.run(&["account", "list", "--json"], None).await)).unwrap();
    assert_eq!(list[0]["id"], "alfa");
    assert_eq!(list[0]["password"], "unavailable");

    // No keyring, no terminal, no --password-stdin: a clear refusal, not a hang.
    let out = u.run(&["sync", "--account", "alfa"], None).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Use --password-stdin"));

    // Bcc is refused with the reason, before anything is asked or sent.
    let body = u.home.path().join("body.txt");
    std::fs::write(&body, "Si trasmette la diffida.\n").unwrap();
    let body_s = body.to_str().unwrap();
    let out = u
        .run(
            &[
                "send",
                "--account",
                "alfa",
                "--to",
                B,
                "--bcc",
                X,
                "--subject",
                "s",
                "--body-file",
                body_s,
            ],
            None,
        )
        .await;
    assert_eq!(out.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&out.stderr).contains("hidden recipients (Bcc)"));

    // An address the compose window refuses is refused here too, by the same rule, before
    // anything is asked or sent (two dots in a row: the window's own check once let it by).
    let out = u
        .run(
            &[
                "send",
                "--account",
                "alfa",
                "--to",
                "mario..rossi@pec.beta.test",
                "--subject",
                "s",
                "--body-file",
                body_s,
            ],
            None,
        )
        .await;
    assert_eq!(out.status.code(), Some(5));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("\"mario..rossi@pec.beta.test\" is not a valid e-mail address"),
        "{err}"
    );

    // Send to a certified, an unknown and an external recipient, with a short receipt.
    let attachment = u.home.path().join("diffida.pdf");
    std::fs::write(&attachment, b"%PDF-1.4 diffida").unwrap();
    let out = u
        .run(
            &[
                "send",
                "--account",
                "alfa",
                "--to",
                B,
                "--to",
                C,
                "--cc",
                X,
                "--receipt",
                "breve",
                "--attach",
                attachment.to_str().unwrap(),
                "--subject",
                "Diffida",
                "--body-file",
                body_s,
                "--password-stdin",
            ],
            Some(&pw_line),
        )
        .await;
    let text = ok(&out);
    assert!(text.contains("Message sent"), "{text}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("{X}: probably not a PEC mailbox")),
        "the external recipient is pointed out: {err}"
    );
    assert!(
        err.contains("Copy saved in the server folder Sent"),
        "{err}"
    );
    let t = timeline(&mut u).await;
    assert_eq!(
        t[0]["acceptance"]["state"], "in-attesa",
        "the timeline starts at once"
    );

    // Sync: the receipts arrive, signatures checked against the profile trust list.
    let out = u
        .run(
            &["sync", "--account", "alfa", "--password-stdin"],
            Some(&pw_line),
        )
        .await;
    let text = ok(&out);
    assert!(
        text.contains("alfa: 4 messages downloaded, 3 new."),
        "{text}"
    );
    let t = timeline(&mut u).await;
    assert_eq!(t.as_array().unwrap().len(), 1);
    assert_eq!(t[0]["acceptance"]["state"], "accettato");
    assert_eq!(state_of(&t, B), "consegnato");
    assert_eq!(state_of(&t, C), "errore-consegna");
    assert_eq!(state_of(&t, X), "esterno");

    // The stored receipts now say that X is outside PEC and B certified: the next message
    // lists them so (the compose window warns about the same recipients, through the same
    // `check_draft`), and is refused for its bad address before anything is asked or sent.
    let events = p.events().len();
    let out = u
        .run(
            &[
                "send",
                "--account",
                "alfa",
                "--to",
                B,
                "--cc",
                X,
                "--cc",
                "x..y@pec.beta.test",
                "--subject",
                "s",
                "--body-file",
                body_s,
            ],
            None,
        )
        .await;
    assert_eq!(out.status.code(), Some(5));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!(
            "! {X}: outside PEC according to an earlier receipt"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!("{B}: a PEC mailbox (an earlier receipt says so)")),
        "{err}"
    );
    assert!(!err.contains(&format!("! {B}")), "{err}");
    assert!(
        !err.contains("x..y@pec.beta.test: probably"),
        "no hint for what is no address: {err}"
    );
    assert!(
        err.contains("\"x..y@pec.beta.test\" is not a valid e-mail address"),
        "{err}"
    );
    assert_eq!(p.events().len(), events, "the provider saw nothing");

    // A wrong password is a login error with exit code 4, and the password is not echoed.
    let out = u
        .run(
            &["account", "test", "alfa", "--password-stdin"],
            Some("not-the-password\n"),
        )
        .await;
    assert_eq!(out.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&out.stdout).contains("refused the user name or password"));
    assert!(!contains(&u.outputs, b"not-the-password"));

    let out = u.run(&["account", "remove", "alfa"], None).await;
    assert!(ok(&out).contains("Account alfa removed"));
    let (files, bytes) = u.assert_no_secret_anywhere(&[]);
    Figures::new(
        "secrets",
        "known password searched after account add, sync, send, account test and remove without a keyring (password on standard input)",
    )
    .inputs(files)
    .outcome(format!(
        "0 hits in {files} files of the profile, configuration and home (XDG) folders and in {bytes} bytes of captured output"
    ))
    .record();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_a_secret_service_the_password_lives_only_in_the_keyring() {
    let keyring = PrivateKeyring::start();
    let p = provider().await;
    let mut u = User::new(Some(&keyring));
    let pw_line = format!("{PW}\n");

    let out = u.run(&strs(&add_args(&p, "alfa", A)), Some(&pw_line)).await;
    let text = ok(&out);
    assert!(
        text.contains("Password kept in the system keyring."),
        "{text}"
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("No system keyring"));

    // The secret is in the Secret Service under Sigillo's name and the account's key, as
    // secret-tool (not Sigillo) reads it.
    let list: Value =
        serde_json::from_str(&ok(&u.run(&["account", "list", "--json"], None).await)).unwrap();
    assert_eq!(list[0]["password"], "keyring");
    let settings = std::fs::read_to_string(u.profile.path().join("config/accounts.toml")).unwrap();
    let key = settings
        .lines()
        .find_map(|l| l.strip_prefix("keyring_key = "))
        .unwrap()
        .trim_matches('"')
        .to_owned();
    assert_eq!(
        keyring
            .lookup(&[("service", "it.sigillo.Sigillo"), ("username", &key)])
            .as_deref(),
        Some(PW)
    );

    // Sync and test with no terminal and no --password-stdin: the keyring answers.
    ok(&u.run(&["sync", "--account", "alfa"], None).await);
    ok(&u.run(&["account", "test", "alfa"], None).await);
    let body = u.home.path().join("body.txt");
    std::fs::write(&body, "ok\n").unwrap();
    let out = u
        .run(
            &[
                "send",
                "--to",
                B,
                "--subject",
                "Con portachiavi",
                "--body-file",
                body.to_str().unwrap(),
            ],
            None,
        )
        .await;
    ok(&out);

    // Removing the account removes its keyring entry.
    ok(&u.run(&["account", "remove", "alfa"], None).await);
    assert_eq!(
        keyring.lookup(&[("service", "it.sigillo.Sigillo"), ("username", &key)]),
        None
    );
    let (files, bytes) = u.assert_no_secret_anywhere(&[]);
    Figures::new(
        "secrets",
        "known password searched after account add, sync, send, account test and remove with a real Secret Service (gnome-keyring)",
    )
    .inputs(files)
    .outcome(format!(
        "the password only in the keyring (read back with secret-tool, gone after remove); 0 hits in {files} files of the profile, configuration and home (XDG) folders and in {bytes} bytes of captured output"
    ))
    .record();
}

/// The attachment called `name` of the `postacert.eml` a provider message carries (the
/// original message inside an envelope or a full delivery receipt), read with mail-parser
/// directly, not through Sigillo's PEC model.
fn certified_attachment(provider_message: &[u8], name: &str) -> Vec<u8> {
    let outer = mail_parser::MessageParser::default()
        .parse(provider_message)
        .unwrap();
    let inner = outer
        .parts
        .iter()
        .find_map(|p| match &p.body {
            mail_parser::PartType::Message(m) if p.attachment_name() == Some("postacert.eml") => {
                Some(m)
            }
            _ => None,
        })
        .expect("a postacert.eml part");
    attachment_named(inner, name)
}

fn attachment_named(message: &mail_parser::Message<'_>, name: &str) -> Vec<u8> {
    message
        .attachments()
        .find(|a| a.attachment_name() == Some(name))
        .unwrap_or_else(|| panic!("no attachment {name}"))
        .contents()
        .to_vec()
}

fn sha256(bytes: &[u8]) -> String {
    sigillo::export::manifest::sha256_hex(bytes)
}

/// A text file with LF line ends (and the lines a 7bit or quoted-printable encoding would
/// change: a lone dot, "From ", trailing spaces, no final line end) sent with `sigillo send`:
/// the provider certifies exactly the file's bytes (the `postacert.eml` of the recipient's
/// envelope and of the full delivery receipt), the stored sent copy holds them, and the
/// exported dossier lists that same hash in its files, MANIFEST and report.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_text_attachment_reaches_the_provider_byte_for_byte() {
    let p = provider().await;
    let mut u = User::new(None);
    u.trust_provider(&p).await;
    let pw_line = format!("{PW}\n");
    ok(&u.run(&strs(&add_args(&p, "alfa", A)), Some(&pw_line)).await);

    let file = u.home.path().join("verbale.txt");
    // Plain ASCII: the kind of file a MIME library sends as 7bit, line ends and all.
    let content = "Verbale dell'assemblea\n.\nFrom the board: approvato   \nfine";
    std::fs::write(&file, content).unwrap();
    let on_disk = sha256(&std::fs::read(&file).unwrap());
    let body = u.home.path().join("body.txt");
    std::fs::write(&body, "In allegato il verbale.\n").unwrap();
    let out = u
        .run(
            &[
                "send",
                "--account",
                "alfa",
                "--to",
                B,
                "--attach",
                file.to_str().unwrap(),
                "--subject",
                "Verbale",
                "--body-file",
                body.to_str().unwrap(),
                "--password-stdin",
            ],
            Some(&pw_line),
        )
        .await;
    ok(&out);

    // What the provider signed: the recipient's envelope, and the sender's full delivery
    // receipt, each carrying the original message as postacert.eml.
    let envelopes = p.dovecot().messages(B, "INBOX").unwrap();
    assert_eq!(envelopes.len(), 1);
    let in_envelope = certified_attachment(&envelopes[0], "verbale.txt");
    assert_eq!(
        sha256(&in_envelope),
        on_disk,
        "the envelope certifies the file"
    );

    ok(&u
        .run(
            &["sync", "--account", "alfa", "--password-stdin"],
            Some(&pw_line),
        )
        .await);
    let t = timeline(&mut u).await;
    assert_eq!(state_of(&t, B), "consegnato");
    let receipt_id = t[0]["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["address"] == B)
        .flat_map(|r| r["receipts"].as_array().unwrap())
        .find(|r| r["kind"] == "avvenuta-consegna")
        .and_then(|r| r["id"].as_i64())
        .unwrap_or_else(|| panic!("no delivery receipt for {B} in {t:#}"));
    let receipt = u
        .run(&["show", "--raw", &receipt_id.to_string()], None)
        .await;
    assert!(receipt.status.success());
    assert_eq!(
        sha256(&certified_attachment(&receipt.stdout, "verbale.txt")),
        on_disk,
        "the full delivery receipt certifies the file"
    );

    // The copy stored as sent holds the same bytes.
    let sent_id = t[0]["sent_id"].as_i64().unwrap();
    let sent = u.run(&["show", "--raw", &sent_id.to_string()], None).await;
    assert!(sent.status.success());
    let parsed = mail_parser::MessageParser::default()
        .parse(&sent.stdout)
        .unwrap();
    assert_eq!(sha256(&attachment_named(&parsed, "verbale.txt")), on_disk);

    // The dossier: the attachment file, its MANIFEST line and the report carry that hash.
    let out_dir = u.home.path().join("fascicolo");
    ok(&u
        .run(
            &[
                "export",
                &sent_id.to_string(),
                "--out",
                out_dir.to_str().unwrap(),
            ],
            None,
        )
        .await);
    let exported = std::fs::read(out_dir.join("attachments/verbale.txt")).unwrap();
    assert_eq!(sha256(&exported), on_disk);
    let manifest = std::fs::read_to_string(out_dir.join("MANIFEST")).unwrap();
    assert!(
        manifest.contains(&format!("{on_disk} *attachments/verbale.txt")),
        "{manifest}"
    );
    let report = support::dossier::pdf_text(&out_dir.join("report.pdf"));
    assert!(report.contains(&on_disk), "{report}");
}

/// With a trust list that cannot be loaded, `send` and `sync` stop before the network: the
/// provider sees no submission, nothing is downloaded, and the words say so. Repaired, both
/// work.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broken_trust_list_stops_send_and_sync_before_anything_happens() {
    let p = provider().await;
    let mut u = User::new(None);
    let pw_line = format!("{PW}\n");
    ok(&u.run(&strs(&add_args(&p, "alfa", A)), Some(&pw_line)).await);
    p.inject(
        format!(
            "From: qualcuno@esterno.test\r\nTo: {A}\r\nSubject: Posta ordinaria\r\n\
             Message-ID: <ord-9@esterno.test>\r\nDate: Tue, 24 Nov 2026 10:00:00 +0100\r\n\r\nCiao\r\n"
        )
        .as_bytes(),
        &[A],
    )
    .unwrap();
    let trust = u.profile.path().join("trust");
    std::fs::create_dir_all(&trust).unwrap();
    std::fs::write(trust.join("anchors"), b"not a folder").unwrap();
    let body = u.home.path().join("body.txt");
    std::fs::write(&body, "Testo.\n").unwrap();

    let events = p.events().len();
    let out = u
        .run(
            &[
                "send",
                "--to",
                B,
                "--subject",
                "Non parte",
                "--body-file",
                body.to_str().unwrap(),
                "--password-stdin",
            ],
            Some(&pw_line),
        )
        .await;
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no message was sent"), "{err}");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("Message sent"));
    assert_eq!(p.events().len(), events, "the provider saw nothing");
    assert!(p.dovecot().messages(B, "INBOX").unwrap().is_empty());

    let out = u
        .run(
            &["sync", "--account", "alfa", "--password-stdin"],
            Some(&pw_line),
        )
        .await;
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no message was downloaded"), "{err}");
    let listed = u.run(&["list", "--json"], None).await;
    let listed: Value = serde_json::from_str(&ok(&listed)).unwrap();
    assert_eq!(listed.as_array().map(Vec::len), Some(0), "{listed:#}");

    std::fs::remove_dir_all(&trust).unwrap();
    let out = u
        .run(
            &["sync", "--account", "alfa", "--password-stdin"],
            Some(&pw_line),
        )
        .await;
    assert!(
        ok(&out).contains("1 new"),
        "the message waited on the server"
    );
}
