//! Signed PEC notifications made by the test provider's own message builders (the code its
//! SMTP side runs), with a throw-away PKI: a sent message, its acceptance receipt and the
//! delivery receipts of the recipients chosen, stored in a profile that trusts the test root.

use std::path::Path;
use std::sync::OnceLock;

use chrono::{DateTime, FixedOffset, Utc};
use sigillo::store::{Source, Store};
use sigillo::verify::TrustList;
use sigillo_test_provider::message::{Gestore, Original, Style, Transaction};
use sigillo_test_provider::pki::{ProviderSpec, TestPki};

pub const ALFA: &str = "pec.alfa.test";
pub const BETA: &str = "pec.beta.test";
pub const SENDER: &str = "mario.rossi@pec.alfa.test";

/// The PKI of the two test providers (made once per test binary).
pub fn pki() -> &'static TestPki {
    static P: OnceLock<TestPki> = OnceLock::new();
    P.get_or_init(|| {
        TestPki::generate(&[
            ProviderSpec::new(ALFA, "Gestore Alfa S.p.A."),
            ProviderSpec::new(BETA, "Gestore Beta S.r.l."),
        ])
        .expect("test PKI")
    })
}

/// A trust list with the test root.
pub fn trust() -> TrustList {
    let mut t = TrustList::builtin();
    t.add_extra(vec![pki().root().cert.clone()]);
    t
}

fn italian(t: DateTime<Utc>) -> DateTime<FixedOffset> {
    t.with_timezone(&FixedOffset::east_opt(3600).unwrap())
}

/// One notification: what was sent and what came back.
pub struct Notification {
    /// The message as the client sent it.
    pub sent: Vec<u8>,
    /// The acceptance receipt.
    pub acceptance: Vec<u8>,
    /// (recipient, delivery receipt) for the recipients that got one.
    pub deliveries: Vec<(String, Vec<u8>)>,
    /// The provider's transaction (its `postacert` is what a completa receipt carries).
    pub tx: Transaction,
}

/// Sends `subject` to `to` and `cc` asking for `receipt` (`completa`, `breve`, `sintetica`);
/// the recipients in `delivered` get their delivery receipt (by the receiving provider),
/// the others none. Addresses outside the two PEC domains are external.
pub fn notify(
    subject: &str,
    msgid: &str,
    to: &[&str],
    cc: &[&str],
    receipt: &str,
    delivered: &[&str],
) -> Notification {
    let mut head = format!("From: Mario Rossi <{SENDER}>\r\nTo: {}\r\n", to.join(", "));
    if !cc.is_empty() {
        head.push_str(&format!("Cc: {}\r\n", cc.join(", ")));
    }
    let sent = format!(
        "{head}Subject: {subject}\r\nDate: Mon, 3 Mar 2025 10:00:00 +0100\r\n\
Message-ID: <{msgid}>\r\nX-TipoRicevuta: {receipt}\r\nMIME-Version: 1.0\r\n\
Content-Type: text/plain; charset=utf-8\r\n\r\nSi notifica l'atto allegato.\r\n"
    )
    .into_bytes();
    let alfa = Gestore::new(ALFA, "Gestore Alfa S.p.A.", pki().signer(ALFA).unwrap())
        .with_style(Style::plain_sha256());
    let beta = Gestore::new(BETA, "Gestore Beta S.r.l.", pki().signer(BETA).unwrap())
        .with_style(Style::plain_sha256());
    let now = Utc::now();
    let tx = alfa.accept(
        Original::parse(&sent).expect("original"),
        SENDER,
        "[127.0.0.1]",
        italian(now),
        |a| a.ends_with(ALFA) || a.ends_with(BETA),
    );
    let acceptance = alfa.accettazione(&tx, italian(now)).unwrap();
    let mut deliveries = Vec::new();
    for r in &tx.recipients {
        if delivered.iter().any(|d| d.eq_ignore_ascii_case(&r.address)) {
            let g = if r.address.ends_with(BETA) {
                &beta
            } else {
                &alfa
            };
            deliveries.push((
                r.address.clone(),
                g.avvenuta_consegna(&tx, r, italian(now + chrono::Duration::seconds(2)))
                    .unwrap(),
            ));
        }
    }
    Notification {
        sent,
        acceptance,
        deliveries,
        tx,
    }
}

/// Stores a notification in the profile (the sent copy as sent from `account`, the receipts
/// as found in its INBOX) with signatures checked; returns the sent message's id.
pub fn store(profile: &Path, n: &Notification, uid_base: u32) -> i64 {
    let mut store = Store::open(profile).unwrap();
    let trust = trust();
    let sent = Source::Sent {
        account: "studio".into(),
    };
    let mut items: Vec<(Vec<u8>, Source)> = vec![(n.sent.clone(), sent)];
    let mut receipts = vec![n.acceptance.clone()];
    receipts.extend(n.deliveries.iter().map(|(_, b)| b.clone()));
    for (i, r) in receipts.into_iter().enumerate() {
        items.push((
            r,
            Source::Imap {
                account: "studio".into(),
                folder: "INBOX".into(),
                uidvalidity: 1,
                uid: uid_base + i as u32,
            },
        ));
    }
    let refs: Vec<(&[u8], &Source)> = items.iter().map(|(b, s)| (b.as_slice(), s)).collect();
    let out = store
        .ingest_batch_verified(&refs, &trust, Utc::now())
        .unwrap();
    out[0].id
}

/// Makes the profile trust the test root with `sigillo trust add` (recorded in the register).
pub fn trust_root(profile: &Path) {
    std::fs::create_dir_all(profile).unwrap();
    let file = profile.with_extension("test-root.pem");
    std::fs::write(&file, pki().root().cert_pem()).unwrap();
    let out = sigillo(profile)
        .arg("trust")
        .arg("add")
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::remove_file(&file).unwrap();
}

/// The `sigillo` binary on a profile, in Italian, without the keyring.
pub fn sigillo(profile: &Path) -> std::process::Command {
    let mut c = std::process::Command::new(crate::sigillo_bin());
    c.env_remove("SIGILLO_PROFILE")
        .env_remove("SIGILLO_LANG")
        .env("LANG", "it_IT.UTF-8")
        .env("SIGILLO_NO_KEYRING", "1")
        .env("SIGILLO_CONFIG_DIR", profile.join("config"))
        .arg("--profile")
        .arg(profile);
    c
}
