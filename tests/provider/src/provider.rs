//! The local PEC provider: the access, incoming and delivery points of RFC 6109 §2.2 for two
//! or more PEC domains (each with its own provider certificate), over real SMTP with TLS and
//! a real Dovecot.
//!
//! - Submission (implicit TLS and STARTTLS, AUTH) by the provider's accounts: the acceptance
//!   checks of RFC 6109 §3.1.1 (From = MAIL FROM, To not empty, every RCPT in To/Cc, no Bcc,
//!   size × recipients within the limit) give a signed **non-accettazione**, else a signed
//!   **accettazione** naming certified and external recipients, and the signed
//!   **posta-certificata** envelope goes to every recipient.
//! - Certified recipients (the PEC domains here): the receiving side sends a
//!   **presa-in-carico** to the sending provider's service mailbox, delivers, and returns
//!   **avvenuta-consegna** (completa, breve or sintetica; sintetica for Cc) or
//!   **errore-consegna** for unknown mailboxes; EICAR gives **rilevazione-virus** to the
//!   sending provider and **errore-consegna per virus** to the sender.
//! - A delivery that fails temporarily (a full mailbox: [`Provider::set_mailbox_full`]) is
//!   held and retried; after the (configurable) 12 and 24 hours the sender gets
//!   **preavviso-errore-consegna**, the second one final (`5.4.1`).
//! - External recipients (ordinary domains whose mailboxes also live in this Dovecot) get the
//!   envelope as ordinary mail and no receipt ever comes for them.
//! - Mail arriving from outside PEC (the MX listener, or [`Provider::inject`]) for a PEC
//!   mailbox is wrapped in a signed **anomalia** envelope, unless it is a genuine PEC message
//!   signed under this provider's PKI.
//!
//! Processing of a submission happens before the SMTP `250` reply, so when the client's send
//! returns, every receipt except the timed notices is already in its mailbox.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::clock::now_italian;
use crate::dovecot::{DeliveryError, Dovecot, DovecotError, DovecotOptions};
use crate::message::mime::rfc5322_date;
use crate::message::rem::RemGestore;
use crate::message::{
    Errore, Gestore, Original, Recipient, RecipientKind, Style, Transaction, is_genuine_pec,
};
use crate::pki::{PkiError, ProviderSpec, TestPki};
use crate::smtp::{self, Backend, Envelope, ListenerConfig, Reply, Security};
use crate::tls::ServerIdentity;
use crate::virus::contains_eicar;

/// The legal limit of RFC 6109 practice: size × recipients ≤ 30 MB.
pub const DEFAULT_SIZE_TIMES_RECIPIENTS: u64 = 30 * 1000 * 1000;

/// One PEC domain served by the provider.
#[derive(Debug, Clone)]
pub struct PecDomain {
    /// Mail domain, e.g. `pec.alfa.test`.
    pub domain: String,
    /// Organisation in the provider certificate.
    pub organisation: String,
    /// `gestore-emittente` in daticert.
    pub gestore_name: String,
    /// Layout and digest of its messages.
    pub style: Style,
}

impl PecDomain {
    /// A PEC domain; the gestore name says it is a test provider.
    pub fn new(domain: &str, organisation: &str, style: Style) -> Self {
        PecDomain {
            domain: domain.to_ascii_lowercase(),
            organisation: organisation.to_owned(),
            gestore_name: format!("{organisation} (gestore di prova)"),
            style,
        }
    }
}

/// How the provider runs.
#[derive(Debug, Clone)]
pub struct ProviderConfig {
    /// The PEC domains (two or more for realistic exchanges).
    pub pec_domains: Vec<PecDomain>,
    /// REM domains ("PEC europea", ETSI EN 319 532): they send and receive REM messages,
    /// signed by a REM test chain of their own (see [`Provider::rem_root_pem`]).
    pub rem_domains: Vec<PecDomain>,
    /// Ordinary (non-PEC) domains whose mailboxes live in the same Dovecot.
    pub external_domains: Vec<String>,
    /// Size × recipients limit of the acceptance checks, bytes.
    pub max_size_times_recipients: u64,
    /// Largest message the SMTP listeners take at all, bytes.
    pub max_message_bytes: usize,
    /// When the first timeout notice is sent (12 hours in the rules).
    pub preavviso_after: Duration,
    /// When the final timeout notice is sent and the transaction ends (24 hours).
    pub final_after: Duration,
    /// How often held deliveries are retried.
    pub retry_every: Duration,
    /// True: the access point refuses infected messages (non-accettazione per virus);
    /// false: the receiving side detects them (rilevazione-virus).
    pub virus_check_at_acceptance: bool,
    /// Dovecot quota of new mailboxes, bytes.
    pub quota_bytes: Option<u64>,
    /// A ready PKI to use (it must hold a certificate for every PEC domain); a new one when
    /// `None`. RSA key generation takes most of a start, so test suites share one.
    pub pki: Option<Arc<TestPki>>,
    /// A ready TLS certificate for the listeners; a new one when `None`.
    pub tls_identity: Option<ServerIdentity>,
}

impl ProviderConfig {
    /// The default configuration with the PKI and TLS certificate shared by every provider
    /// of this process that uses this function (fast starts for parallel tests).
    pub fn for_tests() -> Self {
        static SHARED: std::sync::OnceLock<(Arc<TestPki>, ServerIdentity)> =
            std::sync::OnceLock::new();
        let config = ProviderConfig::default();
        let (pki, tls) = SHARED.get_or_init(|| {
            let specs: Vec<ProviderSpec> = config
                .pec_domains
                .iter()
                .map(|d| ProviderSpec::new(&d.domain, &d.organisation))
                .collect();
            (
                Arc::new(TestPki::generate(&specs).expect("generating the shared test PKI")),
                ServerIdentity::localhost().expect("generating the shared TLS certificate"),
            )
        });
        ProviderConfig {
            pki: Some(pki.clone()),
            tls_identity: Some(tls.clone()),
            ..config
        }
    }
}

impl Default for ProviderConfig {
    /// Two PEC domains (`pec.alfa.test` written like Aruba with SHA-1, `pec.beta.test` like
    /// Telecom with SHA-256), one external domain (`esterno.test`), the real 12/24-hour clocks.
    fn default() -> Self {
        ProviderConfig {
            pec_domains: vec![
                PecDomain::new("pec.alfa.test", "Gestore Alfa S.p.A.", Style::default()),
                PecDomain::new(
                    "pec.beta.test",
                    "Gestore Beta S.r.l.",
                    Style::plain_sha256(),
                ),
            ],
            rem_domains: Vec::new(),
            external_domains: vec!["esterno.test".into()],
            max_size_times_recipients: DEFAULT_SIZE_TIMES_RECIPIENTS,
            max_message_bytes: 50 * 1024 * 1024,
            preavviso_after: Duration::from_secs(12 * 3600),
            final_after: Duration::from_secs(24 * 3600),
            retry_every: Duration::from_secs(60),
            virus_check_at_acceptance: false,
            quota_bytes: Some(100 * 1024 * 1024),
            pki: None,
            tls_identity: None,
        }
    }
}

/// The provider could not start or do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum ProviderError {
    /// Dovecot.
    #[error(transparent)]
    Dovecot(#[from] DovecotError),
    /// Certificates.
    #[error(transparent)]
    Pki(#[from] PkiError),
    /// TLS setup.
    #[error("cannot set up TLS for the SMTP listeners: {0}")]
    Tls(String),
    /// Sockets.
    #[error("cannot open an SMTP listener: {0}")]
    Io(#[from] std::io::Error),
    /// A domain that the configuration does not know.
    #[error("{0} is not a domain of this provider (PEC: {1}; external: {2})")]
    UnknownDomain(String, String, String),
    /// A bad configuration.
    #[error("invalid provider configuration: {0}")]
    Config(String),
    /// Inbound mail that is not mail.
    #[error("the message has no header section")]
    NotMail,
}

/// Something the provider did, for the developer console and for debugging tests.
#[derive(Debug, Clone)]
pub struct Event {
    /// When.
    pub at: DateTime<FixedOffset>,
    /// What, in one line.
    pub text: String,
}

struct Held {
    tx: Arc<Transaction>,
    envelope: Arc<Vec<u8>>,
    recipient: Recipient,
    since: Instant,
    preavviso_sent: bool,
}

struct Inner {
    config: ProviderConfig,
    pki: Arc<TestPki>,
    gestori: Vec<Gestore>,
    rem_pki: Option<Arc<TestPki>>,
    rem: Vec<RemGestore>,
    dovecot: Dovecot,
    accounts: Mutex<HashMap<String, String>>,
    full: Mutex<HashMap<String, Option<u64>>>,
    held: Mutex<Vec<Held>>,
    /// Held deliveries taken out of `held` by a retry pass still under way. Read and
    /// written only while `held` is locked, so `held_count` never misses them.
    retrying: AtomicUsize,
    events: Mutex<Vec<Event>>,
    events_tx: tokio::sync::broadcast::Sender<Event>,
}

/// The running provider. Dropping it stops the listeners and Dovecot.
pub struct Provider {
    inner: Arc<Inner>,
    identity: ServerIdentity,
    smtps_port: u16,
    submission_port: u16,
    mx_port: u16,
    shutdown: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

impl std::fmt::Debug for Provider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Provider")
            .field("smtps_port", &self.smtps_port)
            .field("submission_port", &self.submission_port)
            .field("mx_port", &self.mx_port)
            .field("dovecot", &self.inner.dovecot)
            .finish_non_exhaustive()
    }
}

fn domain_of(address: &str) -> String {
    address
        .rsplit_once('@')
        .map(|(_, d)| d.trim().trim_end_matches('>').to_ascii_lowercase())
        .unwrap_or_default()
}

fn random_password() -> String {
    let mut b = [0u8; 18];
    openssl::rand::rand_bytes(&mut b).expect("OpenSSL random bytes");
    hex::encode(b)
}

impl Provider {
    /// Starts Dovecot and the SMTP listeners (implicit TLS, STARTTLS, MX) on free loopback
    /// ports, with a fresh PKI for the PEC domains. Each PEC domain gets its service mailbox
    /// `posta-certificata@<domain>`.
    pub async fn start(config: ProviderConfig) -> Result<Provider, ProviderError> {
        if config.pec_domains.is_empty() {
            return Err(ProviderError::Config("no PEC domain".into()));
        }
        let specs: Vec<ProviderSpec> = config
            .pec_domains
            .iter()
            .map(|d| ProviderSpec::new(&d.domain, &d.organisation))
            .collect();
        let (given_pki, given_tls) = (config.pki.clone(), config.tls_identity.clone());
        let rem_specs: Vec<ProviderSpec> = config
            .rem_domains
            .iter()
            .map(|d| ProviderSpec::new(&d.domain, &d.organisation))
            .collect();
        let rem_pki = if rem_specs.is_empty() {
            None
        } else {
            Some(Arc::new(
                tokio::task::spawn_blocking(move || {
                    let mut options = crate::pki::PkiOptions::new(&rem_specs);
                    options.names = crate::pki::PkiNames::rem();
                    TestPki::generate_with(options)
                })
                .await
                .map_err(|e| ProviderError::Config(e.to_string()))??,
            ))
        };
        let (pki, identity) = tokio::task::spawn_blocking(move || {
            let pki = match given_pki {
                Some(p) => p,
                None => Arc::new(TestPki::generate(&specs)?),
            };
            let identity = match given_tls {
                Some(i) => i,
                None => {
                    ServerIdentity::localhost().map_err(|e| ProviderError::Tls(e.to_string()))?
                }
            };
            Ok::<_, ProviderError>((pki, identity))
        })
        .await
        .map_err(|e| ProviderError::Config(e.to_string()))??;
        let options = DovecotOptions {
            default_quota_bytes: config.quota_bytes,
            identity: Some(identity.clone()),
        };
        let dovecot = tokio::task::spawn_blocking(move || Dovecot::start_with(options))
            .await
            .map_err(|e| ProviderError::Config(e.to_string()))??;
        let mut gestori = Vec::new();
        for d in &config.pec_domains {
            gestori.push(
                Gestore::new(&d.domain, &d.gestore_name, pki.signer(&d.domain)?)
                    .with_style(d.style),
            );
        }
        let mut rem = Vec::new();
        if let Some(rp) = &rem_pki {
            for d in &config.rem_domains {
                rem.push(RemGestore::new(
                    &d.domain,
                    &d.gestore_name,
                    rp.signer(&d.domain)?,
                ));
            }
        }
        let (events_tx, _) = tokio::sync::broadcast::channel(1024);
        let inner = Arc::new(Inner {
            config,
            pki,
            gestori,
            rem_pki,
            rem,
            dovecot,
            accounts: Mutex::new(HashMap::new()),
            full: Mutex::new(HashMap::new()),
            held: Mutex::new(Vec::new()),
            retrying: AtomicUsize::new(0),
            events: Mutex::new(Vec::new()),
            events_tx,
        });
        {
            let inner = inner.clone();
            tokio::task::spawn_blocking(move || -> Result<(), DovecotError> {
                for g in &inner.gestori {
                    inner.dovecot.add_user_with_quota(
                        &g.service_address(),
                        &random_password(),
                        None,
                    )?;
                }
                Ok(())
            })
            .await
            .map_err(|e| ProviderError::Config(e.to_string()))??;
        }

        let tls = native_tls::Identity::from_pkcs8(&identity.cert_pem(), &identity.key_pem())
            .and_then(native_tls::TlsAcceptor::new)
            .map_err(|e| ProviderError::Tls(e.to_string()))?;
        let tls = tokio_native_tls::TlsAcceptor::from(tls);
        let (shutdown, rx) = watch::channel(false);
        let mut tasks = Vec::new();
        let mut ports = Vec::new();
        for (security, require_auth, mx) in [
            (Security::Implicit, true, false),
            (Security::StartTlsRequired, true, false),
            (Security::StartTlsOptional, false, true),
        ] {
            let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
            ports.push(listener.local_addr()?.port());
            let backend: Arc<dyn Backend> = if mx {
                Arc::new(MxBackend(inner.clone()))
            } else {
                Arc::new(SubmissionBackend(inner.clone()))
            };
            let config = ListenerConfig {
                security,
                require_auth,
                hostname: "localhost".into(),
                max_message_bytes: inner.config.max_message_bytes,
            };
            tasks.push(tokio::spawn(smtp::serve(
                listener,
                tls.clone(),
                config,
                backend,
                rx.clone(),
            )));
        }
        tasks.push(tokio::spawn(retry_loop(inner.clone(), rx)));
        Ok(Provider {
            inner,
            identity,
            smtps_port: ports[0],
            submission_port: ports[1],
            mx_port: ports[2],
            shutdown,
            tasks,
        })
    }

    /// Host name of every listener (the TLS certificate is for `localhost` and 127.0.0.1).
    pub fn host(&self) -> &'static str {
        "localhost"
    }

    /// SMTP submission with implicit TLS (465-style).
    pub fn smtps_port(&self) -> u16 {
        self.smtps_port
    }

    /// SMTP submission with STARTTLS (587-style).
    pub fn submission_port(&self) -> u16 {
        self.submission_port
    }

    /// Inbound SMTP from outside PEC (an MX; no AUTH, STARTTLS offered).
    pub fn mx_port(&self) -> u16 {
        self.mx_port
    }

    /// IMAPS port of the Dovecot.
    pub fn imaps_port(&self) -> u16 {
        self.inner.dovecot.imaps_port()
    }

    /// POP3S port of the Dovecot.
    pub fn pop3s_port(&self) -> u16 {
        self.inner.dovecot.pop3s_port()
    }

    /// The certificate of every TLS listener (SMTP, IMAP, POP3), PEM: pin it.
    pub fn tls_cert_pem(&self) -> Vec<u8> {
        self.identity.cert_pem()
    }

    /// The root of the PEC signing PKI, PEM: the trust anchor for provider signatures.
    pub fn pec_root_pem(&self) -> Vec<u8> {
        self.inner.pki.root().cert_pem()
    }

    /// The root of the REM signing PKI, PEM, when the provider serves REM domains: the REM
    /// trust point of its messages (never a PEC one).
    pub fn rem_root_pem(&self) -> Option<Vec<u8>> {
        self.inner.rem_pki.as_ref().map(|p| p.root().cert_pem())
    }

    /// The PKI.
    pub fn pki(&self) -> &TestPki {
        &self.inner.pki
    }

    /// The Dovecot (to read mailboxes in assertions).
    pub fn dovecot(&self) -> &Dovecot {
        &self.inner.dovecot
    }

    /// The provider message factory of a PEC domain.
    pub fn gestore(&self, domain: &str) -> Option<&Gestore> {
        self.inner.gestore(domain)
    }

    /// The service mailbox of a PEC domain (presa-in-carico and rilevazione-virus land here).
    pub fn service_mailbox(&self, domain: &str) -> String {
        format!("posta-certificata@{}", domain.to_ascii_lowercase())
    }

    /// Adds a PEC account: SMTP login and mailbox, login = address.
    pub fn add_pec_account(&self, address: &str, password: &str) -> Result<(), ProviderError> {
        let domain = domain_of(address);
        if self.inner.gestore(&domain).is_none() && self.inner.rem_gestore(&domain).is_none() {
            return Err(self.inner.unknown_domain(&domain));
        }
        self.inner.dovecot.add_user(address, password)?;
        self.inner
            .accounts
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(address.to_ascii_lowercase(), password.to_owned());
        Ok(())
    }

    /// Adds an ordinary mailbox on an external domain (readable over IMAP/POP3; it cannot
    /// submit PEC).
    pub fn add_external_mailbox(&self, address: &str, password: &str) -> Result<(), ProviderError> {
        let domain = domain_of(address);
        if !self.inner.is_external(&domain) {
            return Err(self.inner.unknown_domain(&domain));
        }
        self.inner.dovecot.add_user(address, password)?;
        Ok(())
    }

    /// Makes a mailbox full (its Dovecot quota becomes 1 byte, so deliveries fail
    /// temporarily and are held) or restores its quota.
    pub fn set_mailbox_full(&self, address: &str, full: bool) -> Result<(), ProviderError> {
        let address = address.to_ascii_lowercase();
        let mut map = self.inner.full.lock().unwrap_or_else(|e| e.into_inner());
        if full {
            if !map.contains_key(&address) {
                self.inner.dovecot.set_quota(&address, Some(1))?;
                map.insert(address.clone(), self.inner.config.quota_bytes);
            }
        } else if let Some(quota) = map.remove(&address) {
            self.inner.dovecot.set_quota(&address, quota)?;
        }
        self.inner.event(format!(
            "mailbox {address} {}",
            if full {
                "marked full"
            } else {
                "no longer full"
            }
        ));
        Ok(())
    }

    /// Hands a message to the incoming point as if it came from outside PEC, for `rcpts`.
    pub fn inject(&self, raw: &[u8], rcpts: &[&str]) -> Result<(), ProviderError> {
        let rcpts: Vec<String> = rcpts.iter().map(|s| s.to_string()).collect();
        self.inner.inbound(raw, &rcpts, "injected", "127.0.0.1")
    }

    /// What happened so far.
    pub fn events(&self) -> Vec<Event> {
        self.inner
            .events
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// A live feed of events (for the developer console).
    pub fn subscribe(&self) -> tokio::sync::broadcast::Receiver<Event> {
        self.inner.events_tx.subscribe()
    }

    /// Number of deliveries currently held (full mailboxes), those a retry pass is
    /// trying again at this moment included: a pass takes them out of the queue while it
    /// works, and a caller asking during it must not see them vanish.
    pub fn held_count(&self) -> usize {
        let held = self.inner.held.lock().unwrap_or_else(|e| e.into_inner());
        held.len() + self.inner.retrying.load(Ordering::SeqCst)
    }

    /// Stops listeners and Dovecot.
    pub fn stop(&mut self) {
        let _ = self.shutdown.send(true);
        for t in self.tasks.drain(..) {
            t.abort();
        }
        self.inner.dovecot.stop();
    }
}

impl Drop for Provider {
    fn drop(&mut self) {
        self.stop();
    }
}

impl Inner {
    fn event(&self, text: String) {
        let e = Event {
            at: now_italian(),
            text,
        };
        let _ = self.events_tx.send(e.clone());
        self.events
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(e);
    }

    fn gestore(&self, domain: &str) -> Option<&Gestore> {
        self.gestori
            .iter()
            .find(|g| g.domain().eq_ignore_ascii_case(domain))
    }

    fn rem_gestore(&self, domain: &str) -> Option<&RemGestore> {
        self.rem
            .iter()
            .find(|g| g.domain().eq_ignore_ascii_case(domain))
    }

    fn is_external(&self, domain: &str) -> bool {
        self.config
            .external_domains
            .iter()
            .any(|d| d.eq_ignore_ascii_case(domain))
    }

    fn unknown_domain(&self, domain: &str) -> ProviderError {
        ProviderError::UnknownDomain(
            domain.to_owned(),
            self.gestori
                .iter()
                .map(|g| g.domain().to_owned())
                .collect::<Vec<_>>()
                .join(", "),
            self.config.external_domains.join(", "),
        )
    }

    fn is_certified(&self, address: &str) -> bool {
        self.gestore(&domain_of(address)).is_some()
    }

    /// Puts a provider message into a mailbox; a failure is logged, never fatal.
    fn notify(&self, to: &str, what: &str, raw: Result<Vec<u8>, crate::message::BuildError>) {
        match raw {
            Ok(raw) => match self.dovecot.deliver(to, "INBOX", &raw) {
                Ok(()) => self.event(format!("{what} -> {to}")),
                Err(e) => self.event(format!("{what} -> {to} NOT DELIVERED: {e}")),
            },
            Err(e) => self.event(format!("{what} for {to} NOT BUILT: {e}")),
        }
    }

    fn refusal_reason(&self, env: &Envelope, o: &Original) -> Option<String> {
        let listed: HashSet<String> =
            o.to.iter()
                .chain(&o.cc)
                .map(|a| a.to_ascii_lowercase())
                .collect();
        if !o.bcc.is_empty() {
            return Some("Destinatari in copia nascosta (Bcc) non ammessi".into());
        }
        match o.from.as_slice() {
            [one] if one.eq_ignore_ascii_case(&env.mail_from) => {}
            _ => {
                return Some(format!(
                    "Il campo From deve contenere un solo indirizzo, uguale al mittente della sessione SMTP ({})",
                    env.mail_from
                ));
            }
        }
        if o.to.is_empty() {
            return Some("Il campo To deve contenere almeno un destinatario".into());
        }
        if let Some(hidden) = env
            .rcpt_to
            .iter()
            .find(|r| !listed.contains(&r.to_ascii_lowercase()))
        {
            return Some(format!(
                "Il destinatario {hidden} non compare nei campi To o Cc: destinatari nascosti non ammessi"
            ));
        }
        let total = env.data.len() as u64 * env.rcpt_to.len() as u64;
        if total > self.config.max_size_times_recipients {
            return Some(format!(
                "Dimensione del messaggio per numero di destinatari ({total} byte) oltre il limite di {} byte",
                self.config.max_size_times_recipients
            ));
        }
        None
    }

    /// The access point: checks, receipts, envelope, delivery.
    fn submit(&self, env: Envelope) -> Result<String, Reply> {
        let domain = domain_of(&env.mail_from);
        if let Some(rem) = self.rem_gestore(&domain) {
            return self.submit_rem(env, rem);
        }
        let Some(gestore) = self.gestore(&domain) else {
            return Err(Reply::new(553, "5.7.1 sender domain not served here"));
        };
        let at = now_italian();
        let client = format!("{} ([{}])", env.helo, env.peer.ip());
        let (original, unreadable) = match Original::parse(&env.data) {
            Ok(o) => (o, false),
            Err(_) => (
                Original::parse(format!("From: {}\r\n\r\n", env.mail_from).as_bytes())
                    .map_err(|_| Reply::new(554, "5.6.0 unreadable message"))?,
                true,
            ),
        };
        let reason = if unreadable {
            Some("Messaggio non leggibile: manca l'intestazione".to_owned())
        } else {
            self.refusal_reason(&env, &original)
        };
        let infected = self.config.virus_check_at_acceptance && contains_eicar(&env.data);
        let tx = gestore.accept(original, &env.mail_from, &client, at, |a| {
            self.is_certified(a)
        });
        let sender = env.mail_from.to_ascii_lowercase();
        if let Some(reason) = reason {
            self.event(format!(
                "REFUSED {} from {sender}: {reason}",
                tx.identificativo
            ));
            self.notify(
                &sender,
                "non-accettazione",
                gestore.non_accettazione(&tx, now_italian(), &reason),
            );
            return Ok(format!(
                "refused, see the non-accettazione {}",
                tx.identificativo
            ));
        }
        if infected {
            self.event(format!(
                "REFUSED {} from {sender}: virus",
                tx.identificativo
            ));
            self.notify(
                &sender,
                "non-accettazione per virus",
                gestore.non_accettazione_virus(&tx, now_italian()),
            );
            return Ok(format!("refused (virus) {}", tx.identificativo));
        }
        self.event(format!(
            "ACCEPTED {} from {sender} to {}",
            tx.identificativo,
            tx.recipients
                .iter()
                .map(|r| format!("{} ({})", r.address, r.kind.as_str()))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        self.notify(&sender, "accettazione", gestore.accettazione(&tx, at));
        let envelope = match gestore.envelope(&tx) {
            Ok(e) => Arc::new(e),
            Err(e) => {
                self.event(format!("envelope {} NOT BUILT: {e}", tx.identificativo));
                return Err(Reply::new(451, "4.3.0 cannot sign the envelope"));
            }
        };
        let tx = Arc::new(tx);
        let virus = contains_eicar(&env.data);

        // External recipients: the envelope as ordinary mail, no receipt ever.
        for r in tx
            .recipients
            .iter()
            .filter(|r| r.kind == RecipientKind::Esterno)
        {
            let d = domain_of(&r.address);
            if self.is_external(&d) && self.dovecot.has_user(&r.address) {
                match self.dovecot.deliver(&r.address, "INBOX", &envelope) {
                    Ok(()) => self.event(format!("envelope -> {} (external)", r.address)),
                    Err(e) => {
                        self.event(format!("envelope -> {} (external) FAILED: {e}", r.address))
                    }
                }
            } else {
                self.event(format!(
                    "envelope -> {} (external): no such mailbox here, dropped",
                    r.address
                ));
            }
        }

        // Certified recipients, grouped by the receiving provider.
        let mut domains: Vec<String> = Vec::new();
        for r in tx
            .recipients
            .iter()
            .filter(|r| r.kind == RecipientKind::Certificato)
        {
            let d = domain_of(&r.address);
            if !domains.contains(&d) {
                domains.push(d);
            }
        }
        for d in domains {
            let Some(receiver) = self.gestore(&d) else {
                continue;
            };
            let targets: Vec<&Recipient> = tx
                .recipients
                .iter()
                .filter(|r| r.kind == RecipientKind::Certificato && domain_of(&r.address) == d)
                .collect();
            if virus {
                for r in targets {
                    self.notify(
                        &gestore.service_address(),
                        "rilevazione-virus",
                        receiver.rilevazione_virus(&tx, r, now_italian()),
                    );
                    self.notify(
                        &sender,
                        "errore-consegna per virus",
                        gestore.errore_consegna_virus(&tx, r, now_italian()),
                    );
                }
                continue;
            }
            let mut outcomes = Vec::new();
            for r in targets {
                let outcome = if self.dovecot.has_user(&r.address) {
                    self.dovecot.deliver(&r.address, "INBOX", &envelope)
                } else {
                    Err(DeliveryError::UnknownUser(r.address.clone()))
                };
                outcomes.push((r.clone(), outcome));
            }
            let ricezione: Vec<String> = outcomes
                .iter()
                .filter(|(_, o)| !matches!(o, Err(DeliveryError::Temporary { .. })))
                .map(|(r, _)| r.address.clone())
                .collect();
            if !ricezione.is_empty() {
                self.notify(
                    &gestore.service_address(),
                    "presa-in-carico",
                    receiver.presa_in_carico(&tx, now_italian(), &ricezione),
                );
            }
            for (r, outcome) in outcomes {
                self.after_delivery(&tx, receiver, &r, outcome, &envelope);
            }
        }
        Ok(format!("queued as {}", tx.identificativo))
    }

    /// The REM access point: the submission accepted or refused, the dispatch to each
    /// recipient, and one receipt per recipient from the provider that delivered (or not):
    /// ContentConsignment / ContentConsignmentFailure inside REM, RelayToNonERDS(Failure) for
    /// recipients outside it. Every receipt refers to its own recipient only.
    fn submit_rem(&self, env: Envelope, rg: &RemGestore) -> Result<String, Reply> {
        let at = now_italian();
        let original =
            Original::parse(&env.data).map_err(|_| Reply::new(554, "5.6.0 unreadable message"))?;
        let reason = self.refusal_reason(&env, &original);
        let sender = env.mail_from.to_ascii_lowercase();
        let recipients: Vec<String> = original
            .to
            .iter()
            .chain(&original.cc)
            .map(|a| a.to_ascii_lowercase())
            .collect();
        let outside: Vec<usize> = recipients
            .iter()
            .enumerate()
            .filter(|(_, r)| self.rem_gestore(&domain_of(r)).is_none())
            .map(|(i, _)| i + 1)
            .collect();
        let tx = rg.accept(
            original.raw.clone(),
            &sender,
            recipients.clone(),
            outside,
            original.subject.as_deref().unwrap_or(""),
            original.message_id.as_deref().unwrap_or(""),
            at,
        );
        if let Some(reason) = reason {
            self.event(format!(
                "REM REFUSED {} from {sender}: {reason}",
                tx.message_identifier
            ));
            self.notify(
                &sender,
                "REM SubmissionRejection",
                rg.receipt(
                    &tx,
                    "SubmissionRejection",
                    "S_ERDS_PolicyViolation",
                    "RA05",
                    &[],
                    now_italian(),
                ),
            );
            return Ok(format!(
                "refused, see the SubmissionRejection {}",
                tx.message_identifier
            ));
        }
        self.event(format!(
            "REM ACCEPTED {} from {sender} to {}",
            tx.message_identifier,
            recipients.join(", ")
        ));
        self.notify(
            &sender,
            "REM SubmissionAcceptance",
            rg.receipt(
                &tx,
                "SubmissionAcceptance",
                "MessageAccepted",
                "RA01",
                &[],
                at,
            ),
        );
        let dispatch = match rg.dispatch(&tx, at) {
            Ok(d) => d,
            Err(e) => {
                self.event(format!(
                    "REM dispatch {} NOT BUILT: {e}",
                    tx.message_identifier
                ));
                return Err(Reply::new(451, "4.3.0 cannot sign the dispatch"));
            }
        };
        for (i, r) in recipients.iter().enumerate() {
            let index = [i + 1];
            let delivered =
                self.dovecot.has_user(r) && self.dovecot.deliver(r, "INBOX", &dispatch).is_ok();
            let (receiver, event, reason, code) = match self.rem_gestore(&domain_of(r)) {
                Some(receiver) if delivered => (
                    receiver,
                    "ContentConsignment",
                    "MessageConsignedToRecipient",
                    "RD01",
                ),
                Some(receiver) => (
                    receiver,
                    "ContentConsignmentFailure",
                    "MessageNotConsignedForUnregisteredRecipient",
                    "RD21",
                ),
                None if delivered => (rg, "RelayToNonERDS", "MessageRelayedToNonERDS", "RF01"),
                None => (
                    rg,
                    "RelayToNonERDSFailure",
                    "MessageRejectedByExternalSystem",
                    "RF03",
                ),
            };
            self.event(format!("REM dispatch -> {r}: {event}"));
            self.notify(
                &sender,
                &format!("REM {event}"),
                receiver.receipt(&tx, event, reason, code, &index, now_italian()),
            );
        }
        Ok(format!("queued as {}", tx.message_identifier))
    }

    /// Receipts after one delivery attempt; a temporary failure is held for retries.
    fn after_delivery(
        &self,
        tx: &Arc<Transaction>,
        receiver: &Gestore,
        r: &Recipient,
        outcome: Result<(), DeliveryError>,
        envelope: &Arc<Vec<u8>>,
    ) {
        let sender = tx.sender.to_ascii_lowercase();
        match outcome {
            Ok(()) => {
                self.event(format!("envelope -> {} (certified)", r.address));
                self.notify(
                    &sender,
                    "avvenuta-consegna",
                    receiver.avvenuta_consegna(tx, r, now_italian()),
                );
            }
            Err(DeliveryError::UnknownUser(_)) => self.notify(
                &sender,
                "errore-consegna (casella inesistente)",
                receiver.errore_consegna(
                    tx,
                    r,
                    now_italian(),
                    Errore::NoDest,
                    &format!("5.1.1 - {} - casella inesistente", receiver.name()),
                ),
            ),
            Err(DeliveryError::Temporary { detail, .. }) => {
                self.event(format!("delivery to {} HELD: {detail}", r.address));
                self.held
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(Held {
                        tx: tx.clone(),
                        envelope: envelope.clone(),
                        recipient: r.clone(),
                        since: Instant::now(),
                        preavviso_sent: false,
                    });
            }
            Err(e @ DeliveryError::Failed { .. }) => self.notify(
                &sender,
                "errore-consegna",
                receiver.errore_consegna(
                    tx,
                    r,
                    now_italian(),
                    Errore::Altro,
                    &format!("5.0.0 - {} - {e}", receiver.name()),
                ),
            ),
        }
    }

    /// One pass over the held deliveries.
    fn retry_held(&self) {
        let items: Vec<Held> = {
            let mut held = self.held.lock().unwrap_or_else(|e| e.into_inner());
            self.retrying.store(held.len(), Ordering::SeqCst);
            std::mem::take(&mut *held)
        };
        let mut keep = Vec::new();
        for mut h in items {
            let sending = self.gestore(&h.tx.sender_provider_domain);
            let receiver = self.gestore(&domain_of(&h.recipient.address));
            let (Some(sending), Some(receiver)) = (sending, receiver) else {
                continue;
            };
            let sender = h.tx.sender.to_ascii_lowercase();
            match self
                .dovecot
                .deliver(&h.recipient.address, "INBOX", &h.envelope)
            {
                Ok(()) => {
                    self.notify(
                        &sending.service_address(),
                        "presa-in-carico",
                        receiver.presa_in_carico(
                            &h.tx,
                            now_italian(),
                            std::slice::from_ref(&h.recipient.address),
                        ),
                    );
                    self.after_delivery(&h.tx, receiver, &h.recipient, Ok(()), &h.envelope);
                }
                Err(DeliveryError::Temporary { .. }) => {
                    let waited = h.since.elapsed();
                    if waited >= self.config.final_after {
                        self.notify(
                            &sender,
                            "preavviso-errore-consegna (24 ore, definitivo)",
                            sending.preavviso_errore_consegna(
                                &h.tx,
                                &h.recipient,
                                now_italian(),
                                true,
                            ),
                        );
                        continue;
                    }
                    if waited >= self.config.preavviso_after && !h.preavviso_sent {
                        self.notify(
                            &sender,
                            "preavviso-errore-consegna (12 ore)",
                            sending.preavviso_errore_consegna(
                                &h.tx,
                                &h.recipient,
                                now_italian(),
                                false,
                            ),
                        );
                        h.preavviso_sent = true;
                    }
                    keep.push(h);
                }
                Err(other) => {
                    self.after_delivery(&h.tx, receiver, &h.recipient, Err(other), &h.envelope);
                }
            }
        }
        let mut held = self.held.lock().unwrap_or_else(|e| e.into_inner());
        held.extend(keep);
        self.retrying.store(0, Ordering::SeqCst);
    }

    /// The incoming point for mail from outside PEC.
    fn inbound(
        &self,
        raw: &[u8],
        rcpts: &[String],
        helo: &str,
        ip: &str,
    ) -> Result<(), ProviderError> {
        let first = self
            .gestori
            .first()
            .map(|g| g.domain().to_owned())
            .unwrap_or_default();
        let received = format!(
            "Received: from {helo} ([{ip}])\r\n\tby mx.{first} (Sigillo test provider) with ESMTP;\r\n\t{}\r\n",
            rfc5322_date(&now_italian())
        );
        let raw = [received.as_bytes(), &crate::message::mime::to_crlf(raw)].concat();
        let trusted = [self.pki.root().cert.clone()];
        let original = Original::parse(&raw).map_err(|_| ProviderError::NotMail)?;
        for r in rcpts {
            let d = domain_of(r);
            if let Some(receiver) = self.gestore(&d) {
                if is_genuine_pec(&raw, &trusted) {
                    match self.dovecot.deliver(r, "INBOX", &raw) {
                        Ok(()) => self.event(format!("genuine PEC message from outside -> {r}")),
                        Err(e) => {
                            self.event(format!("PEC message from outside -> {r} FAILED: {e}"))
                        }
                    }
                } else {
                    self.notify(r, "anomalia", receiver.anomalia(&original, now_italian()));
                }
            } else if self.is_external(&d) {
                match self.dovecot.deliver(r, "INBOX", &raw) {
                    Ok(()) => self.event(format!("ordinary mail -> {r}")),
                    Err(e) => self.event(format!("ordinary mail -> {r} FAILED: {e}")),
                }
            } else {
                return Err(self.unknown_domain(&d));
            }
        }
        Ok(())
    }
}

async fn retry_loop(inner: Arc<Inner>, mut shutdown: watch::Receiver<bool>) {
    let every = inner.config.retry_every;
    loop {
        tokio::select! {
            _ = shutdown.changed() => return,
            _ = tokio::time::sleep(every) => {
                let i = inner.clone();
                let _ = tokio::task::spawn_blocking(move || i.retry_held()).await;
            }
        }
    }
}

struct SubmissionBackend(Arc<Inner>);

impl Backend for SubmissionBackend {
    fn authenticate(&self, user: &str, password: &str) -> bool {
        self.0
            .accounts
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&user.to_ascii_lowercase())
            .is_some_and(|p| p == password)
    }

    fn check_sender(&self, auth_user: Option<&str>, mail_from: &str) -> Result<(), Reply> {
        match auth_user {
            Some(u) if u.eq_ignore_ascii_case(mail_from) => Ok(()),
            _ => Err(Reply::new(
                553,
                "5.7.1 the sender address must be the authenticated account",
            )),
        }
    }

    fn check_recipient(&self, _auth_user: Option<&str>, rcpt: &str) -> Result<(), Reply> {
        if rcpt.contains('@') {
            Ok(())
        } else {
            Err(Reply::new(501, "5.1.3 bad recipient address"))
        }
    }

    fn receive(&self, envelope: Envelope) -> Result<String, Reply> {
        self.0.submit(envelope)
    }
}

struct MxBackend(Arc<Inner>);

impl Backend for MxBackend {
    fn authenticate(&self, _user: &str, _password: &str) -> bool {
        false
    }

    fn check_sender(&self, _auth_user: Option<&str>, _mail_from: &str) -> Result<(), Reply> {
        Ok(())
    }

    fn check_recipient(&self, _auth_user: Option<&str>, rcpt: &str) -> Result<(), Reply> {
        let d = domain_of(rcpt);
        if self.0.gestore(&d).is_none() && !self.0.is_external(&d) {
            return Err(Reply::new(550, "5.7.1 relaying denied"));
        }
        if !self.0.dovecot.has_user(rcpt) {
            return Err(Reply::new(550, "5.1.1 no such mailbox"));
        }
        Ok(())
    }

    fn receive(&self, envelope: Envelope) -> Result<String, Reply> {
        self.0
            .inbound(
                &envelope.data,
                &envelope.rcpt_to,
                &envelope.helo,
                &envelope.peer.ip().to_string(),
            )
            .map(|()| "delivered".to_owned())
            .map_err(|e| Reply::new(554, format!("5.6.0 {e}")))
    }
}
