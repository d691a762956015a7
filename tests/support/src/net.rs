//! Helpers for the network tests: the local PEC provider with its accounts, Sigillo accounts
//! pinned to the provider's TLS certificate, short time limits, and the provider's signing
//! root as the trust anchor.

use std::time::Duration;

use sigillo::account::{Account, Incoming, ServerConfig};
use sigillo::net::sync::SyncOptions;
use sigillo::net::tls::{Fingerprint, Security, Timeouts};
use sigillo::verify::{AnchorSource, TrustList};
use sigillo_test_provider::provider::{Provider, ProviderConfig};

/// Certified sender.
pub const A: &str = "mario.rossi@pec.alfa.test";
/// Certified recipient on another PEC domain.
pub const B: &str = "anna.bianchi@pec.beta.test";
/// A PEC address with no mailbox.
pub const C: &str = "nessuno@pec.beta.test";
/// An ordinary mailbox outside PEC.
pub const X: &str = "luca.verdi@esterno.test";
/// The password of every test mailbox.
pub const PW: &str = "Pw-di-prova-7Q!x";

/// Starts the provider with A, B (PEC) and X (external).
pub async fn provider() -> Provider {
    let p = Provider::start(ProviderConfig::for_tests())
        .await
        .unwrap_or_else(|e| panic!("the test provider did not start: {e}"));
    p.add_pec_account(A, PW).unwrap();
    p.add_pec_account(B, PW).unwrap();
    p.add_external_mailbox(X, PW).unwrap();
    p
}

/// The provider's TLS certificate fingerprint (what the user pins).
pub fn pin(p: &Provider) -> Fingerprint {
    Fingerprint::of_certificate(&p.tls_cert_pem()).expect("the provider certificate")
}

/// A Sigillo account for a provider mailbox, both servers pinned.
pub fn account(p: &Provider, id: &str, address: &str, incoming: Incoming) -> Account {
    let server = |port| ServerConfig {
        host: p.host().into(),
        port,
        security: Security::Tls,
        pin: Some(pin(p)),
    };
    let port = match incoming {
        Incoming::Imap => p.imaps_port(),
        Incoming::Pop3 => p.pop3s_port(),
    };
    let mut a = Account::custom(id, address, incoming, server(port), server(p.smtps_port()));
    a.imap.poll_seconds = 10;
    a
}

/// Short time limits, so that a stalled connection fails quickly in tests.
pub fn timeouts() -> Timeouts {
    Timeouts {
        connect: Duration::from_secs(5),
        tls: Duration::from_secs(5),
        io: Duration::from_secs(5),
    }
}

/// Sync options for tests.
pub fn sync_options() -> SyncOptions {
    SyncOptions {
        timeouts: timeouts(),
        batch: 4,
        min_backoff: Duration::from_millis(50),
        max_backoff: Duration::from_millis(200),
        ..SyncOptions::default()
    }
}

/// The provider's PEC signing root as the only anchor.
pub fn trust(p: &Provider) -> TrustList {
    let root = openssl::x509::X509::from_pem(&p.pec_root_pem()).unwrap();
    TrustList::from_anchors(vec![root], AnchorSource::Extra)
}

/// The flags the server holds for every message of `folder` in `address`'s mailbox, as
/// (UID, flags), read over IMAPS with a read-only EXAMINE (it changes nothing).
pub async fn server_flags(p: &Provider, address: &str, folder: &str) -> Vec<(u32, String)> {
    let acc = account(p, "look", address, Incoming::Imap);
    let ep = acc
        .incoming_server
        .endpoint(sigillo::net::tls::Protocol::Imap, timeouts());
    let mut imap =
        sigillo::net::imap::Imap::login(&ep, address, &sigillo::account::Secret::new(PW))
            .await
            .unwrap();
    imap.examine(folder).await.unwrap();
    let mut flags: Vec<(u32, String)> = imap
        .flags(None)
        .await
        .unwrap()
        .into_iter()
        .map(|(uid, f)| (uid, f.to_string()))
        .collect();
    imap.logout().await;
    flags.sort();
    flags
}
