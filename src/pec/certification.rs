//! What a provider certified about a message, whichever format says it: the daticert.xml of a
//! PEC message or the ETSI evidence of a REM message. Timelines, the store, search and the
//! dossier read the certified facts through this one view, so both formats are treated alike.

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use super::{Daticert, Destinatario, RecipientType};
use crate::pec::rem::RemMessage;

/// The format of a certified message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// Italian PEC (RFC 6109, DM 2/11/2005).
    Pec,
    /// ETSI REM (EN 319 532), "PEC europea".
    Rem,
}

impl Format {
    /// The wire / JSON spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Pec => "pec",
            Format::Rem => "rem",
        }
    }
}

/// The certified data of one message.
#[derive(Debug, Clone, Copy)]
pub enum Certification<'a> {
    /// A PEC daticert.xml.
    Daticert(&'a Daticert),
    /// A REM message and its evidence.
    Rem(&'a RemMessage),
}

impl<'a> Certification<'a> {
    /// Which format certified it.
    pub fn format(&self) -> Format {
        match self {
            Certification::Daticert(_) => Format::Pec,
            Certification::Rem(_) => Format::Rem,
        }
    }

    /// When the certified event happened (daticert `<data>`, evidence `EventTime`).
    pub fn time(&self) -> Option<DateTime<FixedOffset>> {
        match self {
            Certification::Daticert(d) => d.data.timestamp(),
            Certification::Rem(r) => r.evidence.as_ref().and_then(|e| e.event_at()),
        }
    }

    /// The provider that issued it.
    pub fn provider(&self) -> Option<&'a str> {
        match self {
            Certification::Daticert(d) => d.gestore_emittente.as_deref(),
            Certification::Rem(r) => r.evidence.as_ref().and_then(|e| e.issuer.name()),
        }
    }

    /// The sender's address.
    pub fn sender(&self) -> Option<&'a str> {
        match self {
            Certification::Daticert(d) => d.mittente.as_deref(),
            Certification::Rem(r) => r
                .evidence
                .as_ref()
                .and_then(|e| e.sender.address.as_deref()),
        }
    }

    /// The certified subject.
    pub fn subject(&self) -> Option<&'a str> {
        match self {
            Certification::Daticert(d) => d.oggetto.as_deref(),
            Certification::Rem(r) => r.evidence.as_ref().and_then(|e| e.subject.as_deref()),
        }
    }

    /// Every recipient with its type: REM recipients reached outside REM
    /// (`UntrustedPathToRecipient`, or the recipients of a `RelayToNonERDS`) are `esterno`.
    pub fn recipients(&self) -> Vec<Destinatario> {
        match self {
            Certification::Daticert(d) => d.destinatari.clone(),
            Certification::Rem(r) => {
                let Some(e) = &r.evidence else {
                    return Vec::new();
                };
                let mut outside = e.outside_rem();
                if r.event() == Some(crate::pec::rem::event::Event::RelayToNonErds) {
                    outside.extend(e.refers_to());
                }
                e.recipient_addresses()
                    .into_iter()
                    .map(|address| Destinatario {
                        tipo: if outside.iter().any(|o| o.eq_ignore_ascii_case(&address)) {
                            RecipientType::Esterno
                        } else {
                            RecipientType::Certificato
                        },
                        address,
                    })
                    .collect()
            }
        }
    }

    /// The one recipient a PEC notice reports on (daticert `<consegna>`); for REM, the
    /// recipient the evidence refers to when it refers to exactly one.
    pub fn consegna(&self) -> Option<String> {
        match self {
            Certification::Daticert(d) => d.consegna.clone(),
            Certification::Rem(r) => match r.refers_to().as_slice() {
                [one] => Some(one.clone()),
                _ => None,
            },
        }
    }

    /// The recipients a notice is about beyond `consegna`: daticert `<ricezione>`
    /// (presa-in-carico); for REM, every recipient the evidence refers to.
    pub fn about(&self) -> Vec<String> {
        match self {
            Certification::Daticert(d) => d.ricezione.clone(),
            Certification::Rem(r) => r.refers_to(),
        }
    }

    /// The id the sender's provider gave the message (daticert `<identificativo>`, evidence
    /// `MessageIdentifier`).
    pub fn message_ref(&self) -> Option<&'a str> {
        match self {
            Certification::Daticert(d) => d.identificativo.as_deref(),
            Certification::Rem(r) => r
                .evidence
                .as_ref()
                .and_then(|e| e.message_identifier.as_deref()),
        }
    }

    /// The sender's client Message-ID (daticert `<msgid>`, REM `AppLayerIdentifier`, else
    /// `REM-UAMessageIdentifier`).
    pub fn client_msgid(&self) -> Option<String> {
        match self {
            Certification::Daticert(d) => d.msgid.clone(),
            Certification::Rem(r) => r.ua_message_id(),
        }
    }

    /// The event, in the format's own words: daticert `tipo`, REM event local name.
    pub fn event(&self) -> Option<String> {
        match self {
            Certification::Daticert(d) => d.tipo.clone(),
            Certification::Rem(r) => r.event_name(),
        }
    }

    /// The error or reason code: daticert `errore` (`nessuno` when none); REM reason local name.
    pub fn error(&self) -> String {
        match self {
            Certification::Daticert(d) => d.errore.clone(),
            Certification::Rem(r) => r.reason_name().unwrap_or_else(|| "nessuno".into()),
        }
    }

    /// The error's details as the timeline takes them: daticert `<errore-esteso>`; none for
    /// REM, whose reason is a code with words of its own (see [`Certification::error`]).
    pub fn error_detail(&self) -> Option<String> {
        match self {
            Certification::Daticert(d) => d.errore_esteso.clone(),
            Certification::Rem(_) => None,
        }
    }

    /// The provider's own free text on the event: daticert `<errore-esteso>`; REM reason
    /// details (Policy-IT code first), joined.
    pub fn details(&self) -> Option<String> {
        match self {
            Certification::Daticert(d) => d.errore_esteso.clone(),
            Certification::Rem(r) => Some(r.reason_details().join(" — ")).filter(|s| !s.is_empty()),
        }
    }

    /// The certified data file's name (daticert.xml, `ContentConsignment.xml`…).
    pub fn file_name(&self) -> Option<String> {
        match self {
            Certification::Daticert(_) => None,
            Certification::Rem(r) => r.evidence_name.clone(),
        }
    }
}
