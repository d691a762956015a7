//! Builders for every PEC message kind of RFC 6109 §3, signed like the real ones.
//!
//! A [`Gestore`] (provider) has a mail domain, a name (`gestore-emittente`), a [`Signer`] and a
//! [`Style`] (which of the real providers' layouts it copies). [`Gestore::accept`] turns a
//! submitted [`Original`] into a [`Transaction`] (the PEC msgid, the acceptance time, the
//! recipients classified certified/external, the `postacert.eml` copy); the other methods
//! build the messages of that transaction: envelope, receipts and notices. Each result is the
//! complete message in CRLF form: outer headers, `multipart/signed` with the signed
//! `multipart/mixed` (readable text, `daticert.xml`, `postacert.eml` where the rules want it)
//! and `smime.p7s`.
//!
//! Every method is deterministic given its inputs, the signer and the gestore's id seed.

pub mod daticert;
pub mod mime;
pub mod original;
pub mod rem;
pub mod text;

use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, FixedOffset};

use crate::pki::Signer;
use crate::smime::{self, Digest, SignError};
pub use daticert::{DaticertTipo, DaticertXml, Errore};
use mime::Part;
pub use original::{Original, OriginalError, RawField, breve_copy};
use text::{About, Text};

/// Delivery receipt type (`X-TipoRicevuta`, daticert `<ricevuta tipo>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ReceiptType {
    /// Whole original message in the receipt (the default).
    #[default]
    Completa,
    /// Original with attachments replaced by their hashes.
    Breve,
    /// Certification data only.
    Sintetica,
}

impl ReceiptType {
    /// Wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ReceiptType::Completa => "completa",
            ReceiptType::Breve => "breve",
            ReceiptType::Sintetica => "sintetica",
        }
    }

    /// Parses a wire value (case and blanks ignored).
    pub fn parse(v: &str) -> Option<Self> {
        match v.trim().to_ascii_lowercase().as_str() {
            "completa" => Some(ReceiptType::Completa),
            "breve" => Some(ReceiptType::Breve),
            "sintetica" => Some(ReceiptType::Sintetica),
            _ => None,
        }
    }
}

/// Certified (PEC) or external (ordinary mail) recipient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecipientKind {
    /// A mailbox of a PEC domain.
    Certificato,
    /// Any other mailbox.
    Esterno,
}

impl RecipientKind {
    /// Wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            RecipientKind::Certificato => "certificato",
            RecipientKind::Esterno => "esterno",
        }
    }
}

/// Which header named the recipient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AddressField {
    /// `To:`
    To,
    /// `Cc:`
    Cc,
}

/// One recipient of an accepted message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    /// The address as written.
    pub address: String,
    /// Certified or external.
    pub kind: RecipientKind,
    /// To or Cc.
    pub field: AddressField,
}

/// Order of the parts in the signed `multipart/mixed`, after the corpus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    /// `multipart/alternative` text, `daticert.xml`, `postacert.eml` (Aruba, Sogei, Namirial).
    #[default]
    AlternativeDaticertFirst,
    /// `multipart/alternative` text, `postacert.eml`, `daticert.xml` (InfoCert Legalmail).
    AlternativePostacertFirst,
    /// `text/plain`, `postacert.eml`, `daticert.xml` (Telecom, Cedacri, Irideos).
    PlainPostacertFirst,
    /// `text/plain`, `daticert.xml`, `postacert.eml` (Register.it).
    PlainDaticertFirst,
}

/// How a provider writes its messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Part order.
    pub layout: Layout,
    /// `daticert.xml` base64-encoded (else 7bit/8bit text).
    pub daticert_base64: bool,
    /// `protocol="application/x-pkcs7-signature"` (else `application/pkcs7-signature`).
    pub x_pkcs7: bool,
    /// Signature digest.
    pub digest: Digest,
}

impl Default for Style {
    /// Aruba's layout (alternative text, base64 daticert, x-pkcs7), signed with SHA-256: a
    /// SHA-1 signature made today is no longer accepted as proof (see [`Style::sha1`]).
    fn default() -> Self {
        Style {
            layout: Layout::AlternativeDaticertFirst,
            daticert_base64: true,
            x_pkcs7: true,
            digest: Digest::Sha256,
        }
    }
}

impl Style {
    /// Like Aruba until 2024: the default layout signed with SHA-1.
    pub fn sha1() -> Self {
        Style {
            digest: Digest::Sha1,
            ..Style::default()
        }
    }

    /// Like Telecom/Cedacri: plain text, postacert first, 7bit daticert, pkcs7, SHA-256.
    pub fn plain_sha256() -> Self {
        Style {
            layout: Layout::PlainPostacertFirst,
            daticert_base64: false,
            x_pkcs7: false,
            digest: Digest::Sha256,
        }
    }
}

/// Building a message failed (only the signature can fail).
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The CMS signature could not be made.
    #[error(transparent)]
    Sign(#[from] SignError),
    /// A REM evidence could not be made or XAdES-signed.
    #[error("the REM evidence could not be signed: {0}")]
    Evidence(String),
}

/// The data of one accepted (or refused) submission, shared by all its messages.
#[derive(Debug, Clone)]
pub struct Transaction {
    /// The PEC msgid (daticert `identificativo`), without angle brackets.
    pub identificativo: String,
    /// Acceptance time.
    pub accepted_at: DateTime<FixedOffset>,
    /// Sender address (daticert `mittente`).
    pub sender: String,
    /// Reply address (daticert `risposte`).
    pub risposte: String,
    /// Subject (daticert `oggetto`).
    pub subject: Option<String>,
    /// Client Message-ID with angle brackets (daticert `msgid`, `X-Riferimento-Message-ID`).
    pub msgid: Option<String>,
    /// To then Cc recipients, classified.
    pub recipients: Vec<Recipient>,
    /// Requested delivery receipt type.
    pub receipt_type: ReceiptType,
    /// The submitted message.
    pub original: Original,
    /// The `postacert.eml` copy.
    pub postacert: Vec<u8>,
    /// Domain of the sender's provider (its service mailbox gets provider-only notices).
    pub sender_provider_domain: String,
}

impl Transaction {
    /// The recipients as daticert `destinatari`.
    pub fn destinatari(&self) -> Vec<(String, RecipientKind)> {
        self.recipients
            .iter()
            .map(|r| (r.address.clone(), r.kind))
            .collect()
    }

    /// The recipient with this address (case-insensitive).
    pub fn recipient(&self, address: &str) -> Option<&Recipient> {
        self.recipients
            .iter()
            .find(|r| r.address.eq_ignore_ascii_case(address))
    }
}

/// A PEC provider as a message factory.
pub struct Gestore {
    domain: String,
    name: String,
    signer: Signer,
    style: Style,
    id_tag: String,
    counter: AtomicU64,
}

impl std::fmt::Debug for Gestore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gestore")
            .field("domain", &self.domain)
            .field("name", &self.name)
            .field("style", &self.style)
            .finish_non_exhaustive()
    }
}

impl Gestore {
    /// A provider for `domain` named `name` (written as `gestore-emittente`), signing with
    /// `signer`. Message ids carry a random tag so that parallel instances never collide.
    pub fn new(domain: &str, name: &str, signer: Signer) -> Self {
        let mut tag = [0u8; 4];
        openssl::rand::rand_bytes(&mut tag).unwrap_or_else(|_| {
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.subsec_nanos())
                .unwrap_or(0);
            tag = (nanos ^ std::process::id()).to_be_bytes();
        });
        Gestore {
            domain: domain.to_ascii_lowercase(),
            name: name.to_owned(),
            signer,
            style: Style::default(),
            id_tag: hex::encode(tag),
            counter: AtomicU64::new(0),
        }
    }

    /// Same provider with another layout/digest.
    pub fn with_style(mut self, style: Style) -> Self {
        self.style = style;
        self
    }

    /// Same provider with reproducible message ids (for the demo mailbox).
    pub fn with_id_seed(mut self, seed: u64) -> Self {
        self.id_tag = format!("{:08x}", seed as u32 ^ (seed >> 32) as u32);
        self.counter = AtomicU64::new(0);
        self
    }

    /// The provider mail domain.
    pub fn domain(&self) -> &str {
        &self.domain
    }

    /// The provider name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The style.
    pub fn style(&self) -> Style {
        self.style
    }

    /// The signer.
    pub fn signer(&self) -> &Signer {
        &self.signer
    }

    /// `posta-certificata@<domain>`.
    pub fn service_address(&self) -> String {
        format!("posta-certificata@{}", self.domain)
    }

    /// A new message id of this provider, without angle brackets.
    pub fn new_message_id(&self, at: &DateTime<FixedOffset>) -> String {
        let n = self.counter.fetch_add(1, Ordering::Relaxed) + 1;
        format!(
            "opec-test.{}.{}.{n}@{}",
            at.format("%Y%m%d%H%M%S"),
            self.id_tag,
            self.domain
        )
    }

    /// Accepts a submission: assigns the PEC msgid, classifies the recipients with
    /// `is_certified`, and makes the `postacert.eml` copy. `envelope_sender` (MAIL FROM) is the
    /// sender when the From header does not hold exactly one address.
    pub fn accept(
        &self,
        original: Original,
        envelope_sender: &str,
        client: &str,
        at: DateTime<FixedOffset>,
        is_certified: impl Fn(&str) -> bool,
    ) -> Transaction {
        let identificativo = self.new_message_id(&at);
        let mut recipients: Vec<Recipient> = Vec::new();
        for (list, field) in [
            (&original.to, AddressField::To),
            (&original.cc, AddressField::Cc),
        ] {
            for a in list {
                if recipients.iter().any(|r| r.address.eq_ignore_ascii_case(a)) {
                    continue;
                }
                recipients.push(Recipient {
                    address: a.clone(),
                    kind: if is_certified(a) {
                        RecipientKind::Certificato
                    } else {
                        RecipientKind::Esterno
                    },
                    field,
                });
            }
        }
        let sender = original
            .sender()
            .map(str::to_owned)
            .unwrap_or_else(|| envelope_sender.to_owned());
        let received = format!(
            "Received: from {client}\r\n\tby smtp.{} (Sigillo test provider) with ESMTPSA id {identificativo};\r\n\t{}\r\n",
            self.domain,
            mime::rfc5322_date(&at)
        );
        let postacert = original.postacert(&received, &identificativo);
        Transaction {
            identificativo,
            accepted_at: at,
            risposte: original.reply_to.clone().unwrap_or_else(|| sender.clone()),
            sender,
            subject: original.subject.clone(),
            msgid: original.message_id.clone(),
            recipients,
            receipt_type: original.tipo_ricevuta.unwrap_or_default(),
            original,
            postacert,
            sender_provider_domain: self.domain.clone(),
        }
    }

    fn about<'a>(&self, tx: &'a Transaction, at: &DateTime<FixedOffset>) -> About<'a> {
        About {
            giorno: at.format("%d/%m/%Y").to_string(),
            ora: at.format("%H:%M:%S").to_string(),
            zona: at.format("%z").to_string(),
            oggetto: tx.subject.as_deref().unwrap_or(""),
            mittente: &tx.sender,
            identificativo: &tx.identificativo,
        }
    }

    fn daticert(
        &self,
        tx: &Transaction,
        tipo: DaticertTipo,
        errore: Errore,
        at: DateTime<FixedOffset>,
    ) -> DaticertXml {
        DaticertXml {
            tipo,
            errore,
            mittente: tx.sender.clone(),
            destinatari: tx.destinatari(),
            risposte: tx.risposte.clone(),
            oggetto: tx.subject.clone(),
            gestore_emittente: self.name.clone(),
            data: at,
            identificativo: tx.identificativo.clone(),
            msgid: tx.msgid.clone(),
            ricevuta: None,
            consegna: None,
            ricezione: Vec::new(),
            errore_esteso: None,
        }
    }

    /// The transport envelope (`X-Trasporto: posta-certificata`) of an accepted message: one
    /// message, delivered to every recipient, certified or external.
    pub fn envelope(&self, tx: &Transaction) -> Result<Vec<u8>, BuildError> {
        let at = tx.accepted_at;
        let mut headers: Vec<Vec<u8>> = Vec::new();
        for f in &tx.original.fields {
            if ["Received", "Return-Path", "To", "Cc", "Reply-To"]
                .iter()
                .any(|n| f.is(n))
            {
                headers.push(f.bytes.clone());
            }
        }
        let mut own = vec![
            format!(
                "Subject: {}",
                mime::encode_header_value(&format!(
                    "POSTA CERTIFICATA: {}",
                    tx.subject.as_deref().unwrap_or("")
                ))
            ),
            format!("Date: {}", mime::rfc5322_date(&at)),
            "X-Trasporto: posta-certificata".to_owned(),
            format!(
                "From: {} <{}>",
                mime::display_name(&format!("Per conto di: {}", tx.sender)),
                self.service_address()
            ),
        ];
        if tx.original.reply_to.is_none() {
            own.push(format!("Reply-To: {}", tx.sender));
        }
        if let Some(m) = &tx.msgid {
            own.push(format!("X-Riferimento-Message-ID: {m}"));
        }
        if let Some(t) = tx.original.tipo_ricevuta {
            own.push(format!("X-TipoRicevuta: {}", t.as_str()));
        }
        own.push(format!("Message-ID: <{}>", tx.identificativo));
        headers.extend(own.into_iter().map(|h| format!("{h}\r\n").into_bytes()));

        let mut d = self.daticert(tx, DaticertTipo::PostaCertificata, Errore::Nessuno, at);
        d.ricevuta = Some(tx.receipt_type);
        let text = text::envelope(&self.about(tx, &at), &tx.recipients);
        self.assemble(
            &tx.identificativo,
            headers,
            &text,
            Some(&d),
            Some(&tx.postacert),
            at,
        )
    }

    /// Headers and body of a notice (`X-Ricevuta`) addressed to `to`.
    #[allow(clippy::too_many_arguments)]
    fn notice(
        &self,
        tx: &Transaction,
        tipo: DaticertTipo,
        subject_prefix: &str,
        to: &str,
        extra: &[String],
        d: &DaticertXml,
        text: &Text,
        postacert: Option<&[u8]>,
        at: DateTime<FixedOffset>,
    ) -> Result<Vec<u8>, BuildError> {
        let id = self.new_message_id(&at);
        let mut h = vec![format!(
            "Subject: {}",
            mime::encode_header_value(&format!(
                "{subject_prefix}{}",
                tx.subject.as_deref().unwrap_or("")
            ))
        )];
        if let Some(m) = &tx.msgid {
            h.push(format!("X-Riferimento-Message-ID: {m}"));
        }
        h.push(format!("Date: {}", mime::rfc5322_date(&at)));
        h.push(format!("To: {to}"));
        h.push(format!("X-Ricevuta: {}", tipo.as_str()));
        h.extend(extra.iter().cloned());
        h.push(format!("From: {}", self.service_address()));
        h.push(format!("Message-ID: <{id}>"));
        let headers = h
            .into_iter()
            .map(|l| format!("{l}\r\n").into_bytes())
            .collect();
        self.assemble(&id, headers, text, Some(d), postacert, at)
    }

    /// Ricevuta di accettazione, to the sender.
    pub fn accettazione(
        &self,
        tx: &Transaction,
        at: DateTime<FixedOffset>,
    ) -> Result<Vec<u8>, BuildError> {
        let d = self.daticert(tx, DaticertTipo::Accettazione, Errore::Nessuno, at);
        let text = text::accettazione(&self.about(tx, &at), &tx.recipients);
        self.notice(
            tx,
            DaticertTipo::Accettazione,
            "ACCETTAZIONE: ",
            &tx.sender,
            &[],
            &d,
            &text,
            None,
            at,
        )
    }

    /// Avviso di non accettazione for a formal reason (Bcc, addresses, size...).
    pub fn non_accettazione(
        &self,
        tx: &Transaction,
        at: DateTime<FixedOffset>,
        reason: &str,
    ) -> Result<Vec<u8>, BuildError> {
        let mut d = self.daticert(tx, DaticertTipo::NonAccettazione, Errore::Altro, at);
        d.errore_esteso = Some(reason.to_owned());
        let text = text::non_accettazione(&self.about(tx, &at), reason, false);
        self.notice(
            tx,
            DaticertTipo::NonAccettazione,
            "AVVISO DI NON ACCETTAZIONE: ",
            &tx.sender,
            &[],
            &d,
            &text,
            None,
            at,
        )
    }

    /// Avviso di non accettazione per virus (`X-VerificaSicurezza: errore`).
    pub fn non_accettazione_virus(
        &self,
        tx: &Transaction,
        at: DateTime<FixedOffset>,
    ) -> Result<Vec<u8>, BuildError> {
        let mut d = self.daticert(tx, DaticertTipo::NonAccettazione, Errore::Virus, at);
        d.errore_esteso = Some(format!("5.7.1 - {} - virus rilevato", self.name));
        let text = text::non_accettazione(&self.about(tx, &at), "", true);
        self.notice(
            tx,
            DaticertTipo::NonAccettazione,
            "AVVISO DI NON ACCETTAZIONE PER VIRUS: ",
            &tx.sender,
            &["X-VerificaSicurezza: errore".to_owned()],
            &d,
            &text,
            None,
            at,
        )
    }

    /// Ricevuta di presa in carico: from this (receiving) provider to the sending provider's
    /// service mailbox, for the recipients it took over. Never for users.
    pub fn presa_in_carico(
        &self,
        tx: &Transaction,
        at: DateTime<FixedOffset>,
        ricezione: &[String],
    ) -> Result<Vec<u8>, BuildError> {
        let mut d = self.daticert(tx, DaticertTipo::PresaInCarico, Errore::Nessuno, at);
        d.ricezione = ricezione.to_vec();
        let text = text::presa_in_carico(&self.about(tx, &at), &self.name, ricezione);
        let to = format!("posta-certificata@{}", tx.sender_provider_domain);
        self.notice(
            tx,
            DaticertTipo::PresaInCarico,
            "PRESA IN CARICO: ",
            &to,
            &[],
            &d,
            &text,
            None,
            at,
        )
    }

    /// The receipt type a recipient gets: what was asked for To recipients, `sintetica` for
    /// Cc recipients when `completa` or `breve` was asked (RFC 6109 §3.3.2).
    pub fn receipt_type_for(tx: &Transaction, recipient: &Recipient) -> ReceiptType {
        match (tx.receipt_type, recipient.field) {
            (ReceiptType::Sintetica, _) | (_, AddressField::Cc) => ReceiptType::Sintetica,
            (t, AddressField::To) => t,
        }
    }

    /// Ricevuta di avvenuta consegna for one recipient, from this (receiving) provider.
    pub fn avvenuta_consegna(
        &self,
        tx: &Transaction,
        recipient: &Recipient,
        at: DateTime<FixedOffset>,
    ) -> Result<Vec<u8>, BuildError> {
        let kind = Self::receipt_type_for(tx, recipient);
        let mut d = self.daticert(tx, DaticertTipo::AvvenutaConsegna, Errore::Nessuno, at);
        d.ricevuta = Some(kind);
        d.consegna = Some(recipient.address.clone());
        let text = text::avvenuta_consegna(&self.about(tx, &at), &recipient.address);
        let carried = match kind {
            ReceiptType::Completa => Some(tx.postacert.clone()),
            ReceiptType::Breve => Some(breve_copy(&tx.postacert)),
            ReceiptType::Sintetica => None,
        };
        self.notice(
            tx,
            DaticertTipo::AvvenutaConsegna,
            "CONSEGNA: ",
            &tx.sender,
            &[],
            &d,
            &text,
            carried.as_deref(),
            at,
        )
    }

    /// Avviso di mancata consegna for one recipient (e.g. `Errore::NoDest` with
    /// `5.1.1 - <gestore> - casella inesistente`).
    pub fn errore_consegna(
        &self,
        tx: &Transaction,
        recipient: &Recipient,
        at: DateTime<FixedOffset>,
        errore: Errore,
        errore_esteso: &str,
    ) -> Result<Vec<u8>, BuildError> {
        let mut d = self.daticert(tx, DaticertTipo::ErroreConsegna, errore, at);
        d.consegna = Some(recipient.address.clone());
        d.errore_esteso = Some(errore_esteso.to_owned());
        let text = text::errore_consegna(
            &self.about(tx, &at),
            &recipient.address,
            errore_esteso,
            false,
        );
        self.notice(
            tx,
            DaticertTipo::ErroreConsegna,
            "AVVISO DI MANCATA CONSEGNA: ",
            &tx.sender,
            &[],
            &d,
            &text,
            None,
            at,
        )
    }

    /// Avviso di mancata consegna per virus, from the sending provider to the sender after a
    /// rilevazione-virus from the recipient's provider.
    pub fn errore_consegna_virus(
        &self,
        tx: &Transaction,
        recipient: &Recipient,
        at: DateTime<FixedOffset>,
    ) -> Result<Vec<u8>, BuildError> {
        let mut d = self.daticert(tx, DaticertTipo::ErroreConsegna, Errore::Virus, at);
        d.consegna = Some(recipient.address.clone());
        let esteso = format!(
            "5.7.1 - {} - virus rilevato dal gestore del destinatario",
            self.name
        );
        d.errore_esteso = Some(esteso.clone());
        let text = text::errore_consegna(&self.about(tx, &at), &recipient.address, &esteso, true);
        self.notice(
            tx,
            DaticertTipo::ErroreConsegna,
            "AVVISO DI MANCATA CONSEGNA PER VIRUS: ",
            &tx.sender,
            &["X-VerificaSicurezza: errore".to_owned()],
            &d,
            &text,
            None,
            at,
        )
    }

    /// Avviso di mancata consegna per superamento tempi massimi, from the sending provider:
    /// the 12-hour notice, or the final 24-hour one (`errore-esteso` starting `5.4.1`).
    pub fn preavviso_errore_consegna(
        &self,
        tx: &Transaction,
        recipient: &Recipient,
        at: DateTime<FixedOffset>,
        final_notice: bool,
    ) -> Result<Vec<u8>, BuildError> {
        let mut d = self.daticert(tx, DaticertTipo::PreavvisoErroreConsegna, Errore::Altro, at);
        d.consegna = Some(recipient.address.clone());
        d.errore_esteso = Some(if final_notice {
            format!(
                "5.4.1 - {} - il messaggio non è stato consegnato entro ventiquattro ore dall'invio",
                self.name
            )
        } else {
            format!(
                "4.4.7 - {} - il messaggio non è ancora stato consegnato dopo dodici ore dall'invio",
                self.name
            )
        });
        let text = text::preavviso(&self.about(tx, &at), &recipient.address, final_notice);
        self.notice(
            tx,
            DaticertTipo::PreavvisoErroreConsegna,
            "AVVISO DI MANCATA CONSEGNA PER SUP. TEMPO MASSIMO: ",
            &tx.sender,
            &[],
            &d,
            &text,
            None,
            at,
        )
    }

    /// Avviso di rilevazione virus: from this (receiving) provider to the sending provider's
    /// service mailbox (`X-Mittente` names the original sender). Never for users.
    pub fn rilevazione_virus(
        &self,
        tx: &Transaction,
        recipient: &Recipient,
        at: DateTime<FixedOffset>,
    ) -> Result<Vec<u8>, BuildError> {
        let mut d = self.daticert(tx, DaticertTipo::RilevazioneVirus, Errore::Virus, at);
        d.consegna = Some(recipient.address.clone());
        d.errore_esteso = Some(format!("5.7.1 - {} - virus rilevato", self.name));
        let text = text::rilevazione_virus(&self.about(tx, &at), &recipient.address);
        let to = format!("posta-certificata@{}", tx.sender_provider_domain);
        self.notice(
            tx,
            DaticertTipo::RilevazioneVirus,
            "PROBLEMA DI SICUREZZA: ",
            &to,
            &[
                "X-VerificaSicurezza: errore".to_owned(),
                format!("X-Mittente: {}", tx.sender),
            ],
            &d,
            &text,
            None,
            at,
        )
    }

    /// Busta di anomalia (`X-Trasporto: errore`) around a message that reached a PEC mailbox
    /// without being a correct PEC message (ordinary mail, damaged envelope). No daticert; the
    /// whole received message is attached as it arrived.
    pub fn anomalia(
        &self,
        received: &Original,
        at: DateTime<FixedOffset>,
    ) -> Result<Vec<u8>, BuildError> {
        let sender = received
            .from
            .first()
            .cloned()
            .unwrap_or_else(|| "mittente-sconosciuto".to_owned());
        let mut headers: Vec<Vec<u8>> = Vec::new();
        for f in &received.fields {
            if [
                "Received",
                "Return-Path",
                "To",
                "Cc",
                "Reply-To",
                "Message-ID",
            ]
            .iter()
            .any(|n| f.is(n))
            {
                headers.push(f.bytes.clone());
            }
        }
        let mut own = vec![
            format!(
                "Subject: {}",
                mime::encode_header_value(&format!(
                    "ANOMALIA MESSAGGIO: {}",
                    received.subject.as_deref().unwrap_or("")
                ))
            ),
            format!("Date: {}", mime::rfc5322_date(&at)),
            "X-Trasporto: errore".to_owned(),
            format!(
                "From: {} <{}>",
                mime::display_name(&format!("Per conto di: {sender}")),
                self.service_address()
            ),
        ];
        if received.reply_to.is_none() {
            own.push(format!("Reply-To: {sender}"));
        }
        let id = received
            .message_id
            .clone()
            .unwrap_or_else(|| format!("<{}>", self.new_message_id(&at)));
        if received.message_id.is_none() {
            own.push(format!("Message-ID: {id}"));
        }
        headers.extend(own.into_iter().map(|h| format!("{h}\r\n").into_bytes()));
        let about = About {
            giorno: at.format("%d/%m/%Y").to_string(),
            ora: at.format("%H:%M:%S").to_string(),
            zona: at.format("%z").to_string(),
            oggetto: received.subject.as_deref().unwrap_or(""),
            mittente: &sender,
            identificativo: &id,
        };
        let text = text::anomalia(&about);
        self.assemble(&id, headers, &text, None, Some(&received.raw), at)
    }

    /// Builds the signed `multipart/mixed`, signs it and wraps it in `multipart/signed`.
    fn assemble(
        &self,
        id: &str,
        headers: Vec<Vec<u8>>,
        text: &Text,
        daticert: Option<&DaticertXml>,
        attached: Option<&[u8]>,
        at: DateTime<FixedOffset>,
    ) -> Result<Vec<u8>, BuildError> {
        let plain = Part::new(
            vec![
                "Content-Type: text/plain; charset=\"iso-8859-1\"".into(),
                "Content-Disposition: inline".into(),
                "Content-Transfer-Encoding: quoted-printable".into(),
            ],
            mime::quoted_printable(&mime::latin1(&text.plain())),
        );
        let readable = match self.style.layout {
            Layout::AlternativeDaticertFirst | Layout::AlternativePostacertFirst => {
                let html = Part::new(
                    vec![
                        "Content-Type: text/html; charset=\"iso-8859-1\"".into(),
                        "Content-Disposition: inline".into(),
                        "Content-Transfer-Encoding: quoted-printable".into(),
                    ],
                    mime::quoted_printable(&mime::latin1(&text.html())),
                );
                Part::multipart(
                    "alternative",
                    &mime::boundary(id, 2),
                    vec![],
                    &[plain, html],
                )
            }
            Layout::PlainPostacertFirst | Layout::PlainDaticertFirst => plain,
        };
        let daticert_part = daticert.map(|d| {
            let xml = d.to_xml();
            let (cte, body) = if self.style.daticert_base64 {
                ("base64", mime::base64_lines(xml.as_bytes()))
            } else {
                let body = mime::to_crlf(xml.as_bytes());
                (if mime::is_7bit(&body) { "7bit" } else { "8bit" }, body)
            };
            Part::new(
                vec![
                    "Content-Type: application/xml; name=\"daticert.xml\"".into(),
                    "Content-Disposition: inline; filename=\"daticert.xml\"".into(),
                    format!("Content-Transfer-Encoding: {cte}"),
                ],
                body,
            )
        });
        let attached_part = attached.map(|bytes| {
            let cte = if mime::is_7bit(bytes) { "7bit" } else { "8bit" };
            Part::new(
                vec![
                    "Content-Type: message/rfc822; name=\"postacert.eml\"".into(),
                    "Content-Disposition: inline; filename=\"postacert.eml\"".into(),
                    format!("Content-Transfer-Encoding: {cte}"),
                ],
                bytes.to_vec(),
            )
        });
        let mut parts = vec![readable];
        let (first, second) = match self.style.layout {
            Layout::AlternativeDaticertFirst | Layout::PlainDaticertFirst => {
                (daticert_part, attached_part)
            }
            Layout::AlternativePostacertFirst | Layout::PlainPostacertFirst => {
                (attached_part, daticert_part)
            }
        };
        parts.extend(first);
        parts.extend(second);
        let eight_bit = parts.iter().any(|p| !mime::is_7bit(&p.body));
        let extra = if eight_bit {
            vec!["Content-Transfer-Encoding: 8bit".to_owned()]
        } else {
            vec![]
        };
        let entity = Part::multipart("mixed", &mime::boundary(id, 1), extra, &parts).to_bytes();
        let p7s = smime::sign_detached(&entity, &self.signer, self.style.digest, &at)?;
        Ok(wrap_signed(
            headers,
            &entity,
            &p7s,
            self.style,
            &mime::boundary(id, 0),
        ))
    }
}

/// The complete `multipart/signed` message around an already signed entity.
pub fn wrap_signed(
    headers: Vec<Vec<u8>>,
    entity: &[u8],
    p7s: &[u8],
    style: Style,
    boundary: &str,
) -> Vec<u8> {
    let protocol = if style.x_pkcs7 {
        "application/x-pkcs7-signature"
    } else {
        "application/pkcs7-signature"
    };
    let mut out = Vec::with_capacity(entity.len() + p7s.len() * 2 + 2048);
    for h in headers {
        out.extend_from_slice(&h);
    }
    out.extend_from_slice(b"MIME-Version: 1.0\r\n");
    out.extend_from_slice(
        format!(
            "Content-Type: multipart/signed; protocol=\"{protocol}\"; micalg=\"{}\";\r\n boundary=\"{boundary}\"\r\n",
            style.digest.micalg()
        )
        .as_bytes(),
    );
    out.extend_from_slice(b"\r\nThis is an S/MIME signed message\r\n\r\n");
    out.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
    out.extend_from_slice(entity);
    out.extend_from_slice(format!("\r\n--{boundary}\r\n").as_bytes());
    out.extend_from_slice(
        format!(
            "Content-Type: {protocol}; name=\"smime.p7s\"\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=\"smime.p7s\"\r\n\r\n"
        )
        .as_bytes(),
    );
    out.extend_from_slice(&mime::base64_lines(p7s));
    out.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    out
}

/// The signed entity (first part of the top-level `multipart/signed`) of a message built here,
/// exactly as signed: for tests that tamper with it or verify it independently.
pub fn signed_entity(message: &[u8]) -> Option<&[u8]> {
    let ct_pos = find(message, b"boundary=\"----=_sigillo_")?;
    let start_b = ct_pos + b"boundary=\"".len();
    let end_b = start_b + message[start_b..].iter().position(|&b| b == b'"')?;
    let boundary = &message[start_b..end_b];
    let mut open = b"\r\n--".to_vec();
    open.extend_from_slice(boundary);
    open.extend_from_slice(b"\r\n");
    let first = find(message, &open)? + open.len();
    let end = first + find(&message[first..], &open)?;
    Some(&message[first..end])
}

/// The DER of the `smime.p7s` part of a message built here.
pub fn signature_der(message: &[u8]) -> Option<Vec<u8>> {
    use base64::Engine as _;
    let needle = b"filename=\"smime.p7s\"\r\n\r\n";
    let start = find(message, needle)? + needle.len();
    let len = find(&message[start..], b"\r\n\r\n--")?;
    let b64: Vec<u8> = message[start..start + len]
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    base64::engine::general_purpose::STANDARD.decode(b64).ok()
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// True when `raw` is a PEC message (envelope or notice) whose provider signature verifies
/// against `trusted` roots: the first part of its top-level `multipart/signed`, taken as raw
/// bytes, checked against the detached CMS signature of the second part.
pub fn is_genuine_pec(raw: &[u8], trusted: &[openssl::x509::X509]) -> bool {
    use mail_parser::{MessageParser, MimeHeaders as _, PartType};
    let Some(m) = MessageParser::default().parse(raw) else {
        return false;
    };
    let pec_header = m.header_raw("X-Trasporto").is_some() || m.header_raw("X-Ricevuta").is_some();
    let root = m.root_part();
    let is_signed = root.content_type().is_some_and(|ct| {
        ct.ctype().eq_ignore_ascii_case("multipart")
            && ct
                .subtype()
                .is_some_and(|s| s.eq_ignore_ascii_case("signed"))
    });
    let PartType::Multipart(children) = &root.body else {
        return false;
    };
    if !pec_header || !is_signed || children.len() < 2 {
        return false;
    }
    let (Some(content), Some(sig)) = (m.part(children[0]), m.part(children[1])) else {
        return false;
    };
    let (start, end) = (
        content.raw_header_offset() as usize,
        content.raw_end_offset() as usize,
    );
    let Some(signed) = raw.get(start..end) else {
        return false;
    };
    let p7s = sig.contents();
    smime::verify_detached(signed, p7s, trusted, None).is_ok()
}

/// The signed acceptance receipt of a message `sender` wrote to `certified` and `external`
/// recipients (To, in that order), made by a throw-away provider of `pec.ricevute.test`: a
/// receipt whose daticert says how the provider classified each recipient, for tests of what
/// Sigillo learns from past receipts. Returns the receipt and the root certificate of that
/// provider's PKI (what a trust list must hold for the receipt to be found valid). Panics when
/// the test PKI cannot be made.
pub fn accettazione_for(
    sender: &str,
    certified: &[&str],
    external: &[&str],
) -> (Vec<u8>, openssl::x509::X509) {
    const DOMAIN: &str = "pec.ricevute.test";
    let at = DateTime::parse_from_rfc3339("2025-02-05T10:15:30+01:00").expect("a date");
    // The provider's certificate was valid when it signed, as a real one was.
    let mut options = crate::pki::PkiOptions::new(&[crate::pki::ProviderSpec::new(
        DOMAIN,
        "Gestore Ricevute (prova)",
    )]);
    options.provider_validity.0 = at.with_timezone(&chrono::Utc) - chrono::Duration::days(30);
    let pki = crate::pki::TestPki::generate_with(options).expect("the test PKI");
    let gestore = Gestore::new(
        DOMAIN,
        "Gestore Ricevute (prova)",
        pki.signer(DOMAIN).expect("the provider's signer"),
    );
    let to: Vec<&str> = certified.iter().chain(external).copied().collect();
    let original = Original::parse(
        format!(
            "From: {sender}\r\nTo: {}\r\nSubject: Prova\r\nMessage-ID: <prova-1@{DOMAIN}>\r\n\r\nTesto.\r\n",
            to.join(", ")
        )
        .as_bytes(),
    )
    .expect("a readable original");
    let tx = gestore.accept(original, sender, "127.0.0.1", at, |a| {
        certified.iter().any(|c| c.eq_ignore_ascii_case(a))
    });
    let receipt = gestore.accettazione(&tx, at).expect("the receipt");
    (receipt, pki.root().cert.clone())
}
