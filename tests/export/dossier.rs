//! Dossier export end to end through the local PEC provider: a real message sent over SMTPS,
//! its receipts read back over IMAPS and the recipient's envelope over POP3S, stored, exported
//! as folders and ZIP archives, and then judged by independent tools: `sha256sum -c`, the
//! `openssl smime -verify` commands the report prints, `pdftotext`/`pdffonts`/`pdfinfo`
//! (poppler-utils), and `sigillo verify-dossier` as a separate process, also after changing one
//! byte of every file in turn.

use crate::support;

use std::path::Path;
use std::process::{Command, Output};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use lettre::address::Envelope;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sigillo::export::{self, ExportOptions, ExportRequest, Format};
use sigillo::i18n::Lang;
use sigillo::pec::PecKind;
use sigillo::store::{Source, Store};
use sigillo::verify::{self, TrustList};
use sigillo_test_provider::client::{MailAccount, imap_fetch_all, pop3_retrieve_all};
use sigillo_test_provider::provider::{Provider, ProviderConfig};
use support::dossier::{
    all_files, flip_byte, openssl_commands, pdf_text, run_openssl_command, sha256sum_check,
};

const A: &str = "mario.rossi@pec.alfa.test";
const B: &str = "anna.bianchi@pec.beta.test";
const C: &str = "nessuno@pec.beta.test";
const X: &str = "luca.verdi@esterno.test";
const PW: &str = "password-di-prova";
const SUBJECT: &str = "Diffida n. 7/2025 — perché: \"urgente\" ../../CON";

fn account(p: &Provider, user: &str, pop3: bool) -> MailAccount {
    MailAccount {
        host: p.host().into(),
        port: if pop3 { p.pop3s_port() } else { p.imaps_port() },
        user: user.into(),
        password: PW.into(),
        ca_pem: p.tls_cert_pem(),
    }
}

fn wait_for(p: &Provider, user: &str, n: usize) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while p.dovecot().messages(user, "INBOX").unwrap().len() < n {
        assert!(Instant::now() < deadline, "{user}: fewer than {n} messages");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn sigillo(profile: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sigillo"));
    c.env_remove("SIGILLO_LANG")
        .env_remove("SIGILLO_PROFILE")
        .env("LANG", "it_IT.UTF-8")
        .arg("--profile")
        .arg(profile);
    c
}

fn text(out: &Output) -> String {
    format!(
        "exit {:?}\n{}{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// What the exchange left behind.
struct Exchanged {
    sent: Vec<u8>,
    a_imap: Vec<Vec<u8>>,
    b_pop3: Vec<Vec<u8>>,
    root_pem: Vec<u8>,
}

async fn exchange() -> (Provider, Exchanged) {
    let p = Provider::start(ProviderConfig::for_tests())
        .await
        .unwrap_or_else(|e| panic!("the test provider did not start: {e}"));
    p.add_pec_account(A, PW).unwrap();
    p.add_pec_account(B, PW).unwrap();
    p.add_external_mailbox(X, PW).unwrap();
    let msg = Message::builder()
        .from(format!("Mario Rossi <{A}>").parse::<Mailbox>().unwrap())
        .to(format!("Anna Bianchi <{B}>").parse::<Mailbox>().unwrap())
        .to(C.parse::<Mailbox>().unwrap())
        .to(X.parse::<Mailbox>().unwrap())
        .subject(SUBJECT)
        .message_id(Some("<diffida-7@studio.rossi.test>".into()))
        .multipart(
            MultiPart::mixed()
                .singlepart(SinglePart::plain("In allegato la diffida.".to_owned()))
                .singlepart(Attachment::new("diffida firmata.pdf".into()).body(
                    b"%PDF-1.4 diffida".to_vec(),
                    ContentType::parse("application/pdf").unwrap(),
                ))
                .singlepart(
                    Attachment::new("..\\..\\AUX.txt\u{202e}fdp.exe".into())
                        .body(b"nota".to_vec(), ContentType::parse("text/plain").unwrap()),
                ),
        )
        .unwrap();
    let sent = msg.formatted();
    let tls = TlsParameters::builder("localhost".into())
        .add_root_certificate(Certificate::from_pem(&p.tls_cert_pem()).unwrap())
        .build_native()
        .unwrap();
    let smtp = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous("localhost")
        .port(p.smtps_port())
        .tls(Tls::Wrapper(tls))
        .credentials(Credentials::new(A.into(), PW.into()))
        .authentication(vec![Mechanism::Plain])
        .timeout(Some(Duration::from_secs(30)))
        .build();
    let env = Envelope::new(
        Some(A.parse().unwrap()),
        vec![B.parse().unwrap(), C.parse().unwrap(), X.parse().unwrap()],
    )
    .unwrap();
    smtp.send_raw(&env, &sent).await.unwrap();
    wait_for(&p, A, 3);
    wait_for(&p, B, 1);
    let a_imap = imap_fetch_all(&account(&p, A, false), "INBOX")
        .await
        .unwrap();
    let a_pop3 = pop3_retrieve_all(&account(&p, A, true)).await.unwrap();
    assert_eq!(a_imap, a_pop3, "IMAP and POP3 serve the same bytes");
    let b_pop3 = pop3_retrieve_all(&account(&p, B, true)).await.unwrap();
    let root_pem = p.pec_root_pem();
    (
        p,
        Exchanged {
            sent,
            a_imap,
            b_pop3,
            root_pem,
        },
    )
}

fn trust(root_pem: &[u8]) -> TrustList {
    let mut t = TrustList::builtin();
    t.add_extra(verify::trust::parse_certificates(root_pem));
    t
}

fn options(format: Format) -> ExportOptions {
    ExportOptions {
        lang: Lang::It,
        format,
        ..Default::default()
    }
}

fn no_progress(_: export::Progress) {}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sent_and_received_dossiers_hold_against_independent_tools() {
    let (_p, x) = exchange().await;
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("profile");
    let mut store = Store::open(&profile).unwrap();
    let sent_id = store
        .ingest(&x.sent, &Source::Sent { account: A.into() })
        .unwrap()
        .id;
    let mut receipt_ids = Vec::new();
    for (i, raw) in x.a_imap.iter().enumerate() {
        let src = Source::Imap {
            account: A.into(),
            folder: "INBOX".into(),
            uidvalidity: 1,
            uid: i as u32 + 1,
        };
        receipt_ids.push(store.ingest(raw, &src).unwrap().id);
    }
    let envelope_id = store
        .ingest(
            &x.b_pop3[0],
            &Source::Pop3 {
                account: B.into(),
                uidl: "0001".into(),
            },
        )
        .unwrap()
        .id;
    let trust = trust(&x.root_pem);
    // Checked as an import or sync would: only proven receipts decide the timeline.
    store
        .verify_pending(&trust, chrono::Utc::now(), &mut |_, _| {})
        .unwrap();
    let root_file = dir.path().join("root.pem");
    std::fs::write(&root_file, &x.root_pem).unwrap();
    let cancel = AtomicBool::new(false);

    // The sent dossier, asked for by one of its receipts.
    let out = dir.path().join("fascicolo");
    let summary = export::export(
        &store,
        &trust,
        &ExportRequest::message(receipt_ids[1]),
        &out,
        &options(Format::Folder),
        &mut no_progress,
        &cancel,
    )
    .unwrap();
    assert_eq!(summary.path, out);
    assert_eq!(summary.dossiers.len(), 1);
    assert_eq!(summary.dossiers[0].signatures_valid, 3);
    assert_eq!(summary.dossiers[0].signatures_not_valid, 0);
    let files = all_files(&out);
    let names: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    for (path, _) in &files {
        for part in path.split('/') {
            assert!(
                sigillo::export::filename::is_safe_component(part),
                "unsafe name {path}"
            );
        }
    }

    // Exact bytes: served = stored = exported.
    let eml: Vec<&(String, Vec<u8>)> = files
        .iter()
        .filter(|(p, _)| p.ends_with(".eml") && !p.contains('/'))
        .collect();
    assert_eq!(eml.len(), 4, "{names:?}");
    assert!(eml[0].0.starts_with("01_messaggio-inviato_"), "{names:?}");
    assert_eq!(eml[0].1, x.sent);
    assert_eq!(eml[0].1, store.raw(sent_id).unwrap());
    let mut served: Vec<&Vec<u8>> = x.a_imap.iter().collect();
    let mut exported: Vec<&Vec<u8>> = eml[1..].iter().map(|(_, b)| b).collect();
    served.sort();
    exported.sort();
    assert_eq!(served, exported, "receipts as IMAP served them");
    for id in &receipt_ids {
        let raw = store.raw(*id).unwrap();
        assert!(eml.iter().any(|(_, b)| *b == raw));
    }
    let kinds: Vec<PecKind> = eml[1..]
        .iter()
        .map(|(_, b)| sigillo::pec::classify(b).kind)
        .collect();
    assert!(kinds.contains(&PecKind::Accettazione));
    assert!(kinds.contains(&PecKind::AvvenutaConsegna));
    assert!(kinds.contains(&PecKind::ErroreConsegna));
    assert!(
        names
            .iter()
            .any(|n| n.contains("avvenuta-consegna_anna.bianchi@pec.beta.test_")),
        "{names:?}"
    );
    for n in ["MANIFEST", "report.pdf"] {
        assert!(names.contains(&n), "{names:?}");
    }
    assert_eq!(
        names
            .iter()
            .filter(|n| n.ends_with(".daticert.xml"))
            .count(),
        3
    );
    assert_eq!(
        names.iter().filter(|n| n.ends_with(".smime.p7s")).count(),
        3
    );
    assert!(names.iter().any(|n| n.starts_with("certificates/anchor_")));
    let attachments: Vec<&(String, Vec<u8>)> = files
        .iter()
        .filter(|(p, _)| p.starts_with("attachments/"))
        .collect();
    assert_eq!(attachments.len(), 2, "{names:?}");
    assert!(
        attachments
            .iter()
            .any(|(p, b)| p == "attachments/diffida-firmata.pdf" && b == b"%PDF-1.4 diffida")
    );

    // Anyone can check the hashes with sha256sum.
    sha256sum_check(&out);

    // Every openssl command the report prints succeeds, with the exported anchor only.
    let report = pdf_text(&out.join("report.pdf"));
    let commands = openssl_commands(&report);
    assert_eq!(commands.len(), 3, "{report}");
    for cmd in &commands {
        assert!(cmd.contains("-CAfile certificates/anchor_"), "{cmd}");
        run_openssl_command(&out, cmd);
    }
    // The report names the recipients, their states and the hashes.
    for needle in [
        B,
        C,
        X,
        "consegnato",
        "errore di consegna",
        "destinatario esterno",
        "certificato (PEC)",
        "esterno (non PEC)",
        "Firma valida",
        "diffida firmata.pdf",
    ] {
        assert!(
            report.contains(needle),
            "report lacks {needle:?}:\n{report}"
        );
    }
    for (path, bytes) in eml
        .iter()
        .map(|e| (&e.0, &e.1))
        .chain(attachments.iter().map(|a| (&a.0, &a.1)))
    {
        let sha = sigillo::export::manifest::sha256_hex(bytes);
        assert!(report.contains(&sha), "report lacks the hash of {path}");
    }
    support::dossier::pdf_is_sound(&out.join("report.pdf"));

    // verify-dossier as a process: holds with the test root, not without it.
    let ok = sigillo(&profile)
        .args(["verify-dossier", "--trust"])
        .arg(&root_file)
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok));
    let without = sigillo(&profile)
        .arg("verify-dossier")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(without.status.code(), Some(1), "{}", text(&without));
    assert!(text(&without).contains("Firmatario non riconosciuto"));

    // One changed byte in any file: verify-dossier fails and names that file.
    for (path, _) in &files {
        let copy = dir.path().join("manomesso");
        let _ = std::fs::remove_dir_all(&copy);
        support::dossier::copy_dir(&out, &copy);
        flip_byte(&copy.join(path));
        let o = sigillo(&profile)
            .args(["--lang", "en", "verify-dossier", "--trust"])
            .arg(&root_file)
            .arg(&copy)
            .output()
            .unwrap();
        let t = text(&o);
        assert_eq!(o.status.code(), Some(1), "{path}: {t}");
        assert!(
            t.lines()
                .any(|l| l.starts_with("FAILED") && l.ends_with(path.as_str())),
            "{path} not named:\n{t}"
        );
        assert!(t.contains("Dossier NOT intact"), "{t}");
    }

    // The ZIP form holds the same bytes and checks the same.
    let zip_out = dir.path().join("fascicolo.zip");
    export::export(
        &store,
        &trust,
        &ExportRequest::message(sent_id),
        &zip_out,
        &options(Format::Zip),
        &mut no_progress,
        &cancel,
    )
    .unwrap();
    let zipped = support::dossier::zip_files(&zip_out);
    for (path, bytes) in &files {
        if path == "MANIFEST" || path == "report.pdf" {
            continue;
        }
        let z = zipped
            .iter()
            .find(|(p, _)| p == &format!("fascicolo/{path}"))
            .unwrap_or_else(|| panic!("{path} not in the ZIP"));
        assert_eq!(&z.1, bytes, "{path}");
    }
    let o = sigillo(&profile)
        .args(["verify-dossier", "--trust"])
        .arg(&root_file)
        .arg(&zip_out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    // One changed byte in any entry of the archive.
    for (path, _) in &zipped {
        let bad = dir.path().join("manomesso.zip");
        support::dossier::rezip_with_flip(&zip_out, &bad, path);
        let check = export::verify_dossier(&bad, &trust).unwrap();
        let inner = path.strip_prefix("fascicolo/").unwrap();
        let failed: Vec<&str> = check.failed().iter().map(|f| f.path.as_str()).collect();
        assert!(failed.contains(&inner), "{path}: {failed:?}");
    }

    // The received envelope: the envelope as POP3 served it, its inner message, its proof.
    let env_out = dir.path().join("ricevuto");
    export::export(
        &store,
        &trust,
        &ExportRequest::message(envelope_id),
        &env_out,
        &options(Format::Folder),
        &mut no_progress,
        &cancel,
    )
    .unwrap();
    let env_files = all_files(&env_out);
    let env_names: Vec<&str> = env_files.iter().map(|(p, _)| p.as_str()).collect();
    let envelope = env_files
        .iter()
        .find(|(p, _)| p.starts_with("01_posta-certificata_") && p.ends_with("Z.eml"))
        .unwrap_or_else(|| panic!("{env_names:?}"));
    assert_eq!(envelope.1, x.b_pop3[0]);
    let inner = env_files
        .iter()
        .find(|(p, _)| p.ends_with(".postacert.eml"))
        .unwrap();
    assert_eq!(
        inner.1,
        sigillo::pec::classify(&x.b_pop3[0]).original.unwrap().bytes
    );
    sha256sum_check(&env_out);
    let env_report = pdf_text(&env_out.join("report.pdf"));
    let cmds = openssl_commands(&env_report);
    assert_eq!(cmds.len(), 1, "{env_report}");
    run_openssl_command(&env_out, &cmds[0]);
    for needle in [
        A,
        B,
        "Posta certificata",
        "Firma valida",
        "diffida firmata.pdf",
    ] {
        assert!(
            env_report.contains(needle),
            "lacks {needle:?}:\n{env_report}"
        );
    }
    let o = sigillo(&profile)
        .args(["verify-dossier", "--trust"])
        .arg(&root_file)
        .arg(&env_out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));

    // A selection (the sent PEC asked twice, and the envelope): two dossiers and an index,
    // via the command line, in English.
    drop(store);
    let sel = dir.path().join("selezione");
    let o = sigillo(&profile)
        .args(["--lang", "en", "export", "--trust"])
        .arg(&root_file)
        .arg(sent_id.to_string())
        .arg(receipt_ids[0].to_string())
        .arg(envelope_id.to_string())
        .arg("--out")
        .arg(&sel)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let sel_files = all_files(&sel);
    let folders: std::collections::BTreeSet<&str> = sel_files
        .iter()
        .filter_map(|(p, _)| p.split_once('/').map(|(f, _)| f))
        .collect();
    assert_eq!(folders.len(), 2, "{folders:?}");
    assert!(sel_files.iter().any(|(p, _)| p == "index.pdf"));
    let csv = &sel_files.iter().find(|(p, _)| p == "index.csv").unwrap().1;
    let csv = String::from_utf8(csv.clone()).unwrap();
    assert_eq!(csv.lines().count(), 3, "{csv}");
    assert!(csv.contains(&format!("{B}=consegnato")), "{csv}");
    let index = pdf_text(&sel.join("index.pdf"));
    for needle in [
        "Index of the exported dossiers",
        B,
        "delivered",
        "Proof dossier",
    ] {
        let hay = if needle == "Proof dossier" {
            pdf_text(&sel.join(folders.iter().next().unwrap()).join("report.pdf"))
        } else {
            index.clone()
        };
        assert!(hay.contains(needle), "lacks {needle:?}:\n{hay}");
    }
    sha256sum_check(&sel);
    for f in &folders {
        sha256sum_check(&sel.join(f));
    }
    let o = sigillo(&profile)
        .args(["verify-dossier", "--trust"])
        .arg(&root_file)
        .arg(&sel)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let victim = sel_files
        .iter()
        .find(|(p, _)| p.contains('/') && p.ends_with(".daticert.xml"))
        .unwrap()
        .0
        .clone();
    let copy = dir.path().join("selezione-manomessa");
    support::dossier::copy_dir(&sel, &copy);
    flip_byte(&copy.join(&victim));
    let check = export::verify_dossier(&copy, &trust).unwrap();
    let failed: Vec<&str> = check.failed().iter().map(|f| f.path.as_str()).collect();
    assert_eq!(failed, [victim.as_str()]);

    // A date range around now: the same two dossiers; a range in the past: nothing.
    let store = Store::open(&profile).unwrap();
    let now = chrono::Utc::now();
    let range = dir.path().join("periodo.zip");
    let s = export::export(
        &store,
        &trust,
        &ExportRequest {
            ids: vec![],
            since: Some(now - chrono::Duration::days(1)),
            until: Some(now + chrono::Duration::days(1)),
        },
        &range,
        &options(Format::Zip),
        &mut no_progress,
        &cancel,
    )
    .unwrap();
    let mut got: Vec<i64> = s.dossiers.iter().map(|d| d.message).collect();
    got.sort();
    assert_eq!(got, [sent_id, envelope_id]);
    assert!(export::verify_dossier(&range, &trust).unwrap().ok());
    let past = export::export(
        &store,
        &trust,
        &ExportRequest {
            ids: vec![],
            since: Some(now - chrono::Duration::days(30)),
            until: Some(now - chrono::Duration::days(29)),
        },
        &dir.path().join("vuoto"),
        &options(Format::Folder),
        &mut no_progress,
        &cancel,
    );
    assert!(matches!(past, Err(export::ExportError::Empty)), "{past:?}");
    assert!(!dir.path().join("vuoto").exists());
}
