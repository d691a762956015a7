//! The messages of the exchange system (SdI, Sistema di Interscambio) carried by PEC: receipts
//! and notifications about an invoice file, and the metadata file sent with each invoice.
//!
//! Root elements, old (`http://www.fatturapa.gov.it/sdi/messaggi/v1.0`) and current
//! (`http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fattura/messaggi/v1.0`) schemas:
//! RC `RicevutaConsegna`; NS `NotificaScarto` / `RicevutaScarto`; MC `NotificaMancataConsegna`
//! / `RicevutaImpossibilitaRecapito`; NE `NotificaEsito`; DT `NotificaDecorrenzaTermini`;
//! AT `AttestazioneTrasmissioneFattura`; EC `NotificaEsitoCommittente`; SE
//! `ScartoEsitoCommittente`; MT `FileMetadati` (the element the schema defines, written by SdI)
//! or `MetadatiInvioFile` (the name of its type, used as the root by some intermediaries).

use serde::Serialize;

use crate::xml::{self, Element, XmlError};

/// The kind of an SdI message (the two letters in its file name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum SdiKind {
    /// Ricevuta di consegna: the invoice was delivered to the recipient.
    #[serde(rename = "RC")]
    Rc,
    /// Notifica (ricevuta) di scarto: SdI rejected the file; the invoice is not issued.
    #[serde(rename = "NS")]
    Ns,
    /// Notifica di mancata consegna / ricevuta di impossibilità di recapito.
    #[serde(rename = "MC")]
    Mc,
    /// Notifica di esito: the public administration accepted (EC01) or refused (EC02).
    #[serde(rename = "NE")]
    Ne,
    /// Notifica di decorrenza termini: the administration did not answer within 15 days.
    #[serde(rename = "DT")]
    Dt,
    /// Attestazione di avvenuta trasmissione della fattura con impossibilità di recapito.
    #[serde(rename = "AT")]
    At,
    /// Notifica di esito committente: the outcome the recipient sent.
    #[serde(rename = "EC")]
    Ec,
    /// Scarto esito committente: SdI rejected the recipient's outcome.
    #[serde(rename = "SE")]
    Se,
    /// File dei metadati: sent with each invoice to its recipient.
    #[serde(rename = "MT")]
    Mt,
}

impl SdiKind {
    /// Every kind.
    pub const ALL: [SdiKind; 9] = [
        SdiKind::Rc,
        SdiKind::Ns,
        SdiKind::Mc,
        SdiKind::Ne,
        SdiKind::Dt,
        SdiKind::At,
        SdiKind::Ec,
        SdiKind::Se,
        SdiKind::Mt,
    ];

    /// The two-letter code.
    pub fn code(self) -> &'static str {
        match self {
            SdiKind::Rc => "RC",
            SdiKind::Ns => "NS",
            SdiKind::Mc => "MC",
            SdiKind::Ne => "NE",
            SdiKind::Dt => "DT",
            SdiKind::At => "AT",
            SdiKind::Ec => "EC",
            SdiKind::Se => "SE",
            SdiKind::Mt => "MT",
        }
    }

    /// Parses a two-letter code (any case).
    pub fn from_code(code: &str) -> Option<SdiKind> {
        SdiKind::ALL
            .into_iter()
            .find(|k| k.code().eq_ignore_ascii_case(code))
    }

    /// The kind a root element name stands for.
    pub fn from_root(name: &str) -> Option<SdiKind> {
        Some(match name {
            "RicevutaConsegna" => SdiKind::Rc,
            "NotificaScarto" | "RicevutaScarto" => SdiKind::Ns,
            "NotificaMancataConsegna" | "RicevutaImpossibilitaRecapito" => SdiKind::Mc,
            "NotificaEsito" => SdiKind::Ne,
            "NotificaDecorrenzaTermini" => SdiKind::Dt,
            "AttestazioneTrasmissioneFattura" => SdiKind::At,
            "NotificaEsitoCommittente" => SdiKind::Ec,
            "ScartoEsitoCommittente" => SdiKind::Se,
            "FileMetadati" | "MetadatiInvioFile" => SdiKind::Mt,
            _ => return None,
        })
    }
}

/// How a message reads for the sender or recipient of the invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Tone {
    /// Things went as hoped (delivered, accepted).
    Positive,
    /// Information, or a situation with a known way forward.
    Neutral,
    /// Rejected or refused: someone must act.
    Negative,
}

/// What the message says happened, one value per distinct meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// RC.
    Delivered,
    /// NS.
    Rejected,
    /// MC.
    NotDelivered,
    /// NE with EC01.
    Accepted,
    /// NE with EC02.
    Refused,
    /// NE without a readable outcome.
    OutcomeUnknown,
    /// DT.
    TermsExpired,
    /// AT.
    TransmittedNotDelivered,
    /// EC with EC01.
    RecipientAccepts,
    /// EC with EC02.
    RecipientRefuses,
    /// SE.
    OutcomeRejected,
    /// MT.
    Metadata,
}

impl Outcome {
    /// Wire spelling, also the i18n key suffix (`sdi-outcome-<…>`).
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Delivered => "delivered",
            Outcome::Rejected => "rejected",
            Outcome::NotDelivered => "not-delivered",
            Outcome::Accepted => "accepted",
            Outcome::Refused => "refused",
            Outcome::OutcomeUnknown => "outcome-unknown",
            Outcome::TermsExpired => "terms-expired",
            Outcome::TransmittedNotDelivered => "transmitted-not-delivered",
            Outcome::RecipientAccepts => "recipient-accepts",
            Outcome::RecipientRefuses => "recipient-refuses",
            Outcome::OutcomeRejected => "outcome-rejected",
            Outcome::Metadata => "metadata",
        }
    }

    /// Every outcome.
    pub const ALL: [Outcome; 12] = [
        Outcome::Delivered,
        Outcome::Rejected,
        Outcome::NotDelivered,
        Outcome::Accepted,
        Outcome::Refused,
        Outcome::OutcomeUnknown,
        Outcome::TermsExpired,
        Outcome::TransmittedNotDelivered,
        Outcome::RecipientAccepts,
        Outcome::RecipientRefuses,
        Outcome::OutcomeRejected,
        Outcome::Metadata,
    ];

    /// Good news, news, or bad news.
    pub fn tone(self) -> Tone {
        match self {
            Outcome::Delivered | Outcome::Accepted | Outcome::RecipientAccepts => Tone::Positive,
            Outcome::Rejected
            | Outcome::Refused
            | Outcome::RecipientRefuses
            | Outcome::OutcomeRejected => Tone::Negative,
            _ => Tone::Neutral,
        }
    }
}

/// One error of `ListaErrori`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SdiError {
    /// `Codice` (e.g. 00404).
    pub code: String,
    /// `Descrizione`.
    pub description: String,
    /// `Suggerimento`.
    pub suggestion: Option<String>,
}

/// `RiferimentoFattura`: which invoice of a file the message is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InvoiceRef {
    /// `NumeroFattura`.
    pub number: Option<String>,
    /// `AnnoFattura`.
    pub year: Option<String>,
    /// `PosizioneFattura`.
    pub position: Option<String>,
}

/// An SdI message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notification {
    /// Which message.
    pub kind: SdiKind,
    /// The root element's name as written.
    pub root: String,
    /// What it says happened.
    pub outcome: Outcome,
    /// `IdentificativoSdI`.
    pub sdi_id: Option<String>,
    /// `NomeFile`: the invoice file concerned.
    pub file_name: Option<String>,
    /// `Hash` of that file.
    pub hash: Option<String>,
    /// `DataOraRicezione`, as written.
    pub received: Option<String>,
    /// `DataOraConsegna`, as written.
    pub delivered: Option<String>,
    /// `DataMessaADisposizione`, as written.
    pub available_since: Option<String>,
    /// `Destinatario` code and description.
    pub recipient: Option<(String, Option<String>)>,
    /// `Esito` (EC01/EC02) or `Scarto` (EN00/EN01) code, as written.
    pub code: Option<String>,
    /// `RiferimentoFattura`.
    pub invoice_ref: Option<InvoiceRef>,
    /// `Descrizione`.
    pub description: Option<String>,
    /// `ListaErrori`.
    pub errors: Vec<SdiError>,
    /// `MessageId`.
    pub message_id: Option<String>,
    /// `MessageIdCommittente`.
    pub recipient_message_id: Option<String>,
    /// `PecMessageId`.
    pub pec_message_id: Option<String>,
    /// `Note`.
    pub note: Option<String>,
    /// `Formato` (metadata file).
    pub format: Option<String>,
    /// `CodiceDestinatario` (metadata file).
    pub recipient_code: Option<String>,
    /// `TentativiInvio` (metadata file).
    pub attempts: Option<String>,
}

/// Why a file is not a readable SdI message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotificationError {
    /// Not XML.
    #[error("the SdI message is not readable XML: {0}")]
    Xml(#[from] XmlError),
    /// XML, but another document.
    #[error("the XML is not an SdI message: its root is <{0}>")]
    NotNotification(String),
    /// A message without the identifiers every SdI message has.
    #[error("the SdI message lacks {0}")]
    Missing(String),
}

fn text(e: &Element, path: &[&str]) -> Option<String> {
    e.text_at(path)
}

/// Reads an already parsed SdI message.
pub fn notification_from_tree(root: &Element) -> Result<Notification, NotificationError> {
    let kind = SdiKind::from_root(&root.name)
        .ok_or_else(|| NotificationError::NotNotification(root.name.clone()))?;
    // NE carries the recipient's outcome inside EsitoCommittente; EC has it at the top.
    let esito = root.child("EsitoCommittente").unwrap_or(root);
    let code = match kind {
        SdiKind::Ne | SdiKind::Ec => text(esito, &["Esito"]),
        SdiKind::Se => text(root, &["Scarto"]),
        _ => None,
    };
    let outcome = match kind {
        SdiKind::Rc => Outcome::Delivered,
        SdiKind::Ns => Outcome::Rejected,
        SdiKind::Mc => Outcome::NotDelivered,
        SdiKind::Ne => match code.as_deref() {
            Some("EC01") => Outcome::Accepted,
            Some("EC02") => Outcome::Refused,
            _ => Outcome::OutcomeUnknown,
        },
        SdiKind::Dt => Outcome::TermsExpired,
        SdiKind::At => Outcome::TransmittedNotDelivered,
        SdiKind::Ec => match code.as_deref() {
            Some("EC02") => Outcome::RecipientRefuses,
            _ => Outcome::RecipientAccepts,
        },
        SdiKind::Se => Outcome::OutcomeRejected,
        SdiKind::Mt => Outcome::Metadata,
    };
    let riferimento = esito
        .child("RiferimentoFattura")
        .or_else(|| root.child("RiferimentoFattura"));
    let errors = root
        .child("ListaErrori")
        .map(|l| {
            l.children_named("Errore")
                .map(|e| SdiError {
                    code: text(e, &["Codice"]).unwrap_or_default(),
                    description: text(e, &["Descrizione"]).unwrap_or_default(),
                    suggestion: text(e, &["Suggerimento"]),
                })
                .collect()
        })
        .unwrap_or_default();
    let n = Notification {
        kind,
        root: root.name.clone(),
        outcome,
        sdi_id: text(root, &["IdentificativoSdI"]).or_else(|| text(esito, &["IdentificativoSdI"])),
        file_name: text(root, &["NomeFile"]),
        hash: text(root, &["Hash"]),
        received: text(root, &["DataOraRicezione"]),
        delivered: text(root, &["DataOraConsegna"]),
        available_since: text(root, &["DataMessaADisposizione"]),
        recipient: root
            .child("Destinatario")
            .and_then(|d| text(d, &["Codice"]).map(|c| (c, text(d, &["Descrizione"])))),
        code,
        invoice_ref: riferimento.map(|r| InvoiceRef {
            number: text(r, &["NumeroFattura"]),
            year: text(r, &["AnnoFattura"]),
            position: text(r, &["PosizioneFattura"]),
        }),
        description: text(root, &["Descrizione"]).or_else(|| text(esito, &["Descrizione"])),
        errors,
        message_id: text(root, &["MessageId"]),
        recipient_message_id: text(root, &["MessageIdCommittente"])
            .or_else(|| text(esito, &["MessageIdCommittente"])),
        pec_message_id: text(root, &["PecMessageId"]),
        note: text(root, &["Note"]),
        format: text(root, &["Formato"]),
        recipient_code: text(root, &["CodiceDestinatario"]),
        attempts: text(root, &["TentativiInvio"]),
    };
    if n.sdi_id.is_none() {
        return Err(NotificationError::Missing("IdentificativoSdI".into()));
    }
    Ok(n)
}

/// Reads an SdI message from its XML bytes.
pub fn read_notification(bytes: &[u8]) -> Result<Notification, NotificationError> {
    let doc = xml::parse(bytes)?;
    notification_from_tree(&doc.root)
}
