//! What happened, said first: the one fact a PEC user needs before anything else ("delivered
//! to X at …", "NOT delivered to Y: the mailbox does not exist", "anomaly: the content is not
//! certified", "not accepted: blind copies"), and how we know it.
//!
//! The engine decides here, once, for the window, the command line and the printed page: an
//! [`Outcome`] is a typed event with its time and its [`Proof`]. The words come from
//! `i18n::outcome_headline` and `i18n::outcome_short`.
//!
//! The rules:
//! - a provider's message proves what it says only when its signature was found valid; any
//!   other result (tampered, untrusted, expired, missing, unreadable, not yet checked) turns
//!   the event into "not proven" ([`Proof::NotProven`], [`Proof::Unchecked`]): a receipt whose
//!   signature does not hold never reads as delivered;
//! - the final 24-hour notice (`preavviso-errore-consegna` with `5.4.1`) is a non-delivery,
//!   not a delay;
//! - an anomaly envelope is "not certified" whatever its signature says;
//! - a message the user sent through PEC carries no provider signature by nature: its proof is
//!   its receipts ([`Proof::Receipts`]) and its event is the delivery per recipient
//!   ([`Event::Sent`]), as the timeline decided from proven receipts only.
//!
//! Non-delivery reasons follow the extended error of the certification data (its leading
//! SMTP-like code, AgID note 12 of 2015), then the `errore` attribute, then the provider's
//! words: providers are inconsistent about the attribute (pec-spec §2, `errore` semantics).

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use crate::pec::timeline::{AcceptanceState, RecipientState, Timeline};
use crate::pec::{Classification, PecKind};
use crate::verify::Status;

/// Why a provider refused a message (a non-acceptance notice).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Refusal {
    /// The message had blind-copy (Bcc) recipients, which PEC refuses.
    BlindCopy,
    /// The provider found a virus in it.
    Virus,
    /// Another reason, in the provider's words.
    Other,
}

/// Why a message was not delivered to a recipient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Failure {
    /// The mailbox does not exist (`no-dest`, 5.1.1).
    MailboxUnknown,
    /// The domain is not a PEC domain or does not exist (`no-dominio`, 5.1.2).
    DomainUnknown,
    /// The mailbox is full (5.2.2).
    MailboxFull,
    /// A virus was found (`virus`, a virus detection notice).
    Virus,
    /// Not delivered within 24 hours: the transmission ended (5.4.1).
    Timeout,
    /// Another reason, in the provider's words.
    Other,
}

/// How we know what the outcome says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "proof", content = "signature", rename_all = "kebab-case")]
pub enum Proof {
    /// The provider signature is valid: the event is proven.
    Proven,
    /// A provider's message whose signature does not hold: the event is only claimed.
    NotProven(Status),
    /// A provider's message whose signature was not checked yet.
    Unchecked,
    /// A message the user sent: no provider signature by nature, its receipts prove it.
    Receipts,
    /// Not a PEC message: nothing in it is certified.
    NotCertified,
}

impl Proof {
    /// The proof a provider's message has, from its signature outcome (`None`: not checked).
    pub fn of_signature(status: Option<Status>) -> Proof {
        match status {
            Some(Status::Valid) => Proof::Proven,
            Some(s) => Proof::NotProven(s),
            None => Proof::Unchecked,
        }
    }

    /// True when the event stands proven.
    pub fn holds(self) -> bool {
        matches!(self, Proof::Proven | Proof::Receipts)
    }
}

/// One recipient of a sent PEC, as its delivery card shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecipientOutcome {
    /// The address.
    pub address: String,
    /// Its state (lateness applied).
    pub state: RecipientState,
    /// When that state was reached.
    pub at: Option<DateTime<FixedOffset>>,
    /// Why it was not delivered, for the failed states.
    pub failure: Option<Failure>,
    /// The provider's words for it.
    pub detail: Option<String>,
}

/// What happened to a PEC the user sent, from its timeline (proven receipts only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Delivery {
    /// The acceptance step.
    pub acceptance: AcceptanceState,
    /// When the provider accepted or refused it.
    pub acceptance_at: Option<DateTime<FixedOffset>>,
    /// Why it was refused.
    pub refusal: Option<Refusal>,
    /// The provider's words for the refusal.
    pub refusal_detail: Option<String>,
    /// Every recipient.
    pub recipients: Vec<RecipientOutcome>,
}

impl Delivery {
    /// A sent message no receipt speaks of yet.
    pub fn waiting() -> Delivery {
        Delivery {
            acceptance: AcceptanceState::InAttesa,
            acceptance_at: None,
            refusal: None,
            refusal_detail: None,
            recipients: Vec::new(),
        }
    }

    /// The delivery a timeline tells (its states as already judged for lateness).
    pub fn from_timeline(t: &Timeline) -> Delivery {
        let refused = t.acceptance.state == AcceptanceState::NonAccettato;
        Delivery {
            acceptance: t.acceptance.state,
            acceptance_at: t.acceptance.at,
            refusal: refused.then(|| refusal(None, t.acceptance.reason.as_deref())),
            refusal_detail: if refused {
                t.acceptance.reason.clone()
            } else {
                None
            },
            recipients: t
                .recipients
                .iter()
                .map(|r| RecipientOutcome {
                    address: r.address.clone(),
                    state: r.state,
                    at: r.at,
                    failure: match r.state {
                        RecipientState::ErroreConsegna => {
                            Some(failure(None, r.reason.as_deref(), false))
                        }
                        RecipientState::Virus => Some(Failure::Virus),
                        _ => None,
                    },
                    detail: r.reason.clone(),
                })
                .collect(),
        }
    }

    /// Certified (or not yet classified) recipients: those a delivery receipt can come for.
    pub fn certified(&self) -> impl Iterator<Item = &RecipientOutcome> {
        self.recipients
            .iter()
            .filter(|r| r.state != RecipientState::Esterno)
    }

    /// How many recipients are in one of `states`.
    pub fn count(&self, states: &[RecipientState]) -> usize {
        self.recipients
            .iter()
            .filter(|r| states.contains(&r.state))
            .count()
    }
}

/// What happened, as a message tells it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "event", rename_all = "kebab-case")]
pub enum Event {
    /// A certified message arrived (transport envelope).
    Received {
        /// The certified sender.
        from: Option<String>,
    },
    /// An anomaly envelope: the content is not certified.
    Anomaly {
        /// Who the message claims to be from.
        from: Option<String>,
    },
    /// The sender's provider accepted the message.
    Accepted {
        /// How many recipients it lists.
        recipients: usize,
    },
    /// The sender's provider refused the message.
    NotAccepted {
        /// Why.
        refusal: Refusal,
        /// The provider's words.
        detail: Option<String>,
    },
    /// The recipient's provider took the message over.
    TakenOver {
        /// The recipients it concerns.
        to: Option<String>,
    },
    /// Delivered to a recipient's mailbox.
    Delivered {
        /// The recipient.
        to: Option<String>,
    },
    /// Not delivered to a recipient (including the final 24-hour notice and viruses).
    NotDelivered {
        /// The recipient.
        to: Option<String>,
        /// Why.
        failure: Failure,
        /// The provider's words.
        detail: Option<String>,
    },
    /// Not yet delivered after 12 hours: the provider keeps trying.
    NotYetDelivered {
        /// The recipient.
        to: Option<String>,
    },
    /// A PEC the user sent, and what happened to it.
    Sent(Delivery),
    /// Ordinary mail, not PEC.
    Ordinary {
        /// Its sender.
        from: Option<String>,
    },
    /// Not readable as mail.
    Unreadable,
    /// Stored and not analysed yet.
    Pending,
}

/// How the outcome reads: good news, news, a warning, bad news.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Tone {
    /// Delivered, accepted, certified.
    Good,
    /// Information: nothing to do.
    Neutral,
    /// Something to keep an eye on: waiting, late, not certified.
    Warning,
    /// Not delivered, refused, not proven.
    Bad,
}

/// The short name of what a message is, as a list shows it beside the sender.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Badge {
    /// A certified message received.
    Received,
    /// An anomaly envelope.
    Anomaly,
    /// An acceptance receipt.
    Accepted,
    /// A non-acceptance notice.
    NotAccepted,
    /// A take-over receipt.
    TakenOver,
    /// A delivery receipt.
    Delivered,
    /// A non-delivery notice (the final 24-hour notice included).
    NotDelivered,
    /// A 12-hour delay notice.
    Delayed,
    /// A virus notice.
    Virus,
    /// A PEC the user sent.
    Sent,
    /// Ordinary mail.
    Ordinary,
    /// Unreadable.
    Unreadable,
    /// Not analysed yet.
    Pending,
    /// A provider's message whose signature does not hold: whatever it says is not proven.
    NotProven,
}

impl Badge {
    /// The spelling used in i18n keys (`badge-…`) and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Badge::Received => "received",
            Badge::Anomaly => "anomaly",
            Badge::Accepted => "accepted",
            Badge::NotAccepted => "not-accepted",
            Badge::TakenOver => "taken-over",
            Badge::Delivered => "delivered",
            Badge::NotDelivered => "not-delivered",
            Badge::Delayed => "delayed",
            Badge::Virus => "virus",
            Badge::Sent => "sent",
            Badge::Ordinary => "ordinary",
            Badge::Unreadable => "unreadable",
            Badge::Pending => "pending",
            Badge::NotProven => "not-proven",
        }
    }

    /// Every badge.
    pub const ALL: [Badge; 14] = [
        Badge::Received,
        Badge::Anomaly,
        Badge::Accepted,
        Badge::NotAccepted,
        Badge::TakenOver,
        Badge::Delivered,
        Badge::NotDelivered,
        Badge::Delayed,
        Badge::Virus,
        Badge::Sent,
        Badge::Ordinary,
        Badge::Unreadable,
        Badge::Pending,
        Badge::NotProven,
    ];
}

/// What happened, when, and how we know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outcome {
    /// The event.
    #[serde(flatten)]
    pub event: Event,
    /// When it happened (the certified time when there is one).
    pub at: Option<DateTime<FixedOffset>>,
    /// How we know.
    #[serde(flatten)]
    pub proof: Proof,
}

impl Outcome {
    /// How it reads.
    pub fn tone(&self) -> Tone {
        if matches!(self.proof, Proof::NotProven(_)) && self.event_needs_proof() {
            return Tone::Bad;
        }
        if self.proof == Proof::Unchecked && self.event_needs_proof() {
            return Tone::Warning;
        }
        match &self.event {
            Event::Received { .. } | Event::Accepted { .. } | Event::Delivered { .. } => Tone::Good,
            Event::TakenOver { .. } | Event::Ordinary { .. } | Event::Pending => Tone::Neutral,
            Event::Anomaly { .. } | Event::NotYetDelivered { .. } | Event::Unreadable => {
                Tone::Warning
            }
            Event::NotAccepted { .. } | Event::NotDelivered { .. } => Tone::Bad,
            Event::Sent(d) => sent_tone(d),
        }
    }

    /// True when the event is a provider's claim that its signature must prove (not an
    /// anomaly, which certifies nothing whatever its signature, nor the user's own message).
    pub fn event_needs_proof(&self) -> bool {
        !matches!(
            self.event,
            Event::Anomaly { .. }
                | Event::Sent(_)
                | Event::Ordinary { .. }
                | Event::Unreadable
                | Event::Pending
        )
    }

    /// True when the message stands proven as what it says it is (the banner may be
    /// compact).
    pub fn proven(&self) -> bool {
        self.proof.holds()
    }

    /// The list's short name for the message: what it is, unless it is a provider's message
    /// whose signature does not hold (a tampered receipt is not shown as a "delivery").
    pub fn badge(&self) -> Badge {
        if matches!(self.proof, Proof::NotProven(_)) && self.event_needs_proof() {
            return Badge::NotProven;
        }
        self.kind_badge()
    }

    /// What the message presents itself as, proven or not (the words of a claim).
    pub fn kind_badge(&self) -> Badge {
        match &self.event {
            Event::Received { .. } => Badge::Received,
            Event::Anomaly { .. } => Badge::Anomaly,
            Event::Accepted { .. } => Badge::Accepted,
            Event::NotAccepted { .. } => Badge::NotAccepted,
            Event::TakenOver { .. } => Badge::TakenOver,
            Event::Delivered { .. } => Badge::Delivered,
            Event::NotDelivered {
                failure: Failure::Virus,
                ..
            } => Badge::Virus,
            Event::NotDelivered { .. } => Badge::NotDelivered,
            Event::NotYetDelivered { .. } => Badge::Delayed,
            Event::Sent(_) => Badge::Sent,
            Event::Ordinary { .. } => Badge::Ordinary,
            Event::Unreadable => Badge::Unreadable,
            Event::Pending => Badge::Pending,
        }
    }
}

fn sent_tone(d: &Delivery) -> Tone {
    use RecipientState as S;
    match d.acceptance {
        AcceptanceState::NonAccettato => return Tone::Bad,
        AcceptanceState::InAttesa => return Tone::Warning,
        AcceptanceState::Accettato => {}
    }
    if d.count(&[S::ErroreConsegna, S::Virus, S::NonAccettato]) > 0 {
        Tone::Bad
    } else if d.count(&[S::InRitardo, S::Preavviso, S::Accettato, S::InAttesa]) > 0 {
        Tone::Warning
    } else {
        Tone::Good
    }
}

/// The facts an outcome is decided from: read from a classified message, or from the store's
/// columns of one (so the list and the message view say the same).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Facts {
    /// The kind; `None` while the analysis is pending.
    pub kind: Option<PecKind>,
    /// The provider signature outcome; `None` when not checked.
    pub signature: Option<Status>,
    /// The certified time, else the Date header.
    pub at: Option<DateTime<FixedOffset>>,
    /// The sender as shown (certified when there is one).
    pub sender: Option<String>,
    /// The recipient a receipt is about (daticert `consegna`, else `ricezione`).
    pub about: Option<String>,
    /// How many recipients the certification data list.
    pub recipients: usize,
    /// daticert `errore`.
    pub errore: Option<String>,
    /// daticert `errore-esteso`.
    pub errore_esteso: Option<String>,
    /// The notice reports a virus.
    pub virus: bool,
    /// The final 24-hour notice (5.4.1).
    pub final_timeout: bool,
    /// Set for a message the user sent through PEC: what happened to it.
    pub sent: Option<Delivery>,
}

impl Facts {
    /// The facts of a classified message with its signature outcome (`None`: not checked),
    /// and, for a message the user sent, its delivery.
    pub fn from_classification(
        c: &Classification,
        signature: Option<Status>,
        sent: Option<Delivery>,
    ) -> Facts {
        // What a provider certified, whichever format certified it (daticert or REM evidence).
        let cert = c.certification();
        let cert = cert.as_ref();
        let at = cert
            .and_then(|d| d.time())
            .or(c.headers.summary.date)
            .or_else(|| c.original.as_ref().and_then(|o| o.summary.date));
        let errore_esteso = cert.and_then(|d| d.error_detail());
        let final_timeout = c
            .warnings
            .iter()
            .any(|w| matches!(w, crate::pec::Warning::FinalTimeout))
            || (c.kind == PecKind::PreavvisoErroreConsegna
                && errore_esteso.as_deref().is_some_and(is_final_timeout_code));
        Facts {
            kind: Some(c.kind),
            signature,
            at,
            sender: c.display_sender().map(str::to_owned),
            about: cert.and_then(|d| d.consegna().or_else(|| d.about().first().cloned())),
            recipients: cert.map(|d| d.recipients().len()).unwrap_or(0),
            errore: cert.map(|d| d.error()),
            errore_esteso,
            virus: c
                .warnings
                .iter()
                .any(|w| matches!(w, crate::pec::Warning::VirusReported)),
            final_timeout,
            sent,
        }
    }

    /// The outcome these facts tell.
    pub fn outcome(&self) -> Outcome {
        let kind = match self.kind {
            Some(k) => k,
            None => {
                return Outcome {
                    event: Event::Pending,
                    at: self.at,
                    proof: Proof::Unchecked,
                };
            }
        };
        let proof = match kind {
            PecKind::Ordinaria if self.sent.is_some() => Proof::Receipts,
            PecKind::Ordinaria | PecKind::Illeggibile => Proof::NotCertified,
            _ => Proof::of_signature(self.signature),
        };
        let to = self.about.clone();
        let event = match kind {
            PecKind::PostaCertificata => Event::Received {
                from: self.sender.clone(),
            },
            PecKind::Anomalia => Event::Anomaly {
                from: self.sender.clone(),
            },
            PecKind::Accettazione => Event::Accepted {
                recipients: self.recipients,
            },
            PecKind::NonAccettazione => Event::NotAccepted {
                refusal: refusal(self.errore.as_deref(), self.errore_esteso.as_deref()),
                detail: self.detail(),
            },
            PecKind::PresaInCarico => Event::TakenOver { to },
            PecKind::AvvenutaConsegna => Event::Delivered { to },
            PecKind::ErroreConsegna => Event::NotDelivered {
                to,
                failure: failure(
                    self.errore.as_deref(),
                    self.errore_esteso.as_deref(),
                    self.virus,
                ),
                detail: self.detail(),
            },
            PecKind::PreavvisoErroreConsegna if self.final_timeout => Event::NotDelivered {
                to,
                failure: Failure::Timeout,
                detail: self.detail(),
            },
            PecKind::PreavvisoErroreConsegna => Event::NotYetDelivered { to },
            PecKind::RilevazioneVirus => Event::NotDelivered {
                to,
                failure: Failure::Virus,
                detail: self.detail(),
            },
            PecKind::Ordinaria => match &self.sent {
                Some(d) => Event::Sent(d.clone()),
                None => Event::Ordinary {
                    from: self.sender.clone(),
                },
            },
            PecKind::Illeggibile => Event::Unreadable,
        };
        Outcome {
            event,
            at: self.at,
            proof,
        }
    }

    fn detail(&self) -> Option<String> {
        self.errore_esteso.clone().filter(|s| !s.trim().is_empty())
    }
}

/// The outcome of a classified message (see [`Facts::from_classification`]).
pub fn of_message(
    c: &Classification,
    signature: Option<Status>,
    sent: Option<Delivery>,
) -> Outcome {
    Facts::from_classification(c, signature, sent).outcome()
}

/// True for an extended error that starts with the final-timeout code 5.4.1.
pub fn is_final_timeout_code(esteso: &str) -> bool {
    smtp_code(esteso) == Some("5.4.1")
}

/// The leading SMTP-like status code of an extended error (`5.1.1 - Gestore - …`).
fn smtp_code(esteso: &str) -> Option<&str> {
    let token = esteso.trim_start().split([' ', '-', '\t']).next()?;
    let mut parts = token.split('.');
    let ok = parts
        .by_ref()
        .take(3)
        .all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()))
        && token.matches('.').count() == 2;
    ok.then_some(token)
}

/// Why a message was not delivered, from the certification data (see the module's notes).
pub fn failure(errore: Option<&str>, esteso: Option<&str>, virus: bool) -> Failure {
    let errore = errore.map(|e| e.trim().to_ascii_lowercase());
    if virus || errore.as_deref() == Some("virus") {
        return Failure::Virus;
    }
    if let Some(code) = esteso.and_then(smtp_code) {
        match code {
            "5.4.1" => return Failure::Timeout,
            "5.1.1" => return Failure::MailboxUnknown,
            "5.1.2" => return Failure::DomainUnknown,
            "5.2.2" => return Failure::MailboxFull,
            _ => {}
        }
    }
    match errore.as_deref() {
        Some("no-dest") => return Failure::MailboxUnknown,
        Some("no-dominio") => return Failure::DomainUnknown,
        _ => {}
    }
    let words = esteso.unwrap_or_default().to_lowercase();
    if words.contains("inesistente") || words.contains("does not exist") {
        Failure::MailboxUnknown
    } else if words.contains("piena") || words.contains("quota") {
        Failure::MailboxFull
    } else if words.contains("virus") {
        Failure::Virus
    } else {
        Failure::Other
    }
}

/// Why a message was refused, from the certification data.
pub fn refusal(errore: Option<&str>, esteso: Option<&str>) -> Refusal {
    let errore = errore.map(|e| e.trim().to_ascii_lowercase());
    let words = esteso.unwrap_or_default().to_lowercase();
    if errore.as_deref() == Some("virus") || words.trim() == "virus" || words.contains("virus") {
        Refusal::Virus
    } else if words.contains("bcc")
        || words.contains("ccn")
        || words.contains("nascost")
        || words.contains("blind")
    {
        Refusal::BlindCopy
    } else {
        Refusal::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(kind: PecKind, signature: Option<Status>) -> Facts {
        Facts {
            kind: Some(kind),
            signature,
            about: Some("y@pec.example".into()),
            ..Facts::default()
        }
    }

    #[test]
    fn only_a_valid_signature_proves_a_receipt() {
        for s in Status::ALL {
            let o = facts(PecKind::AvvenutaConsegna, Some(s)).outcome();
            assert_eq!(o.kind_badge(), Badge::Delivered);
            if s == Status::Valid {
                assert_eq!((o.proof, o.tone()), (Proof::Proven, Tone::Good));
                assert_eq!(o.badge(), Badge::Delivered);
            } else {
                assert_eq!((o.proof, o.tone()), (Proof::NotProven(s), Tone::Bad), "{s}");
                assert_eq!(o.badge(), Badge::NotProven, "never a 'delivery' badge");
                assert!(!o.proven());
            }
        }
        let o = facts(PecKind::AvvenutaConsegna, None).outcome();
        assert_eq!((o.proof, o.tone()), (Proof::Unchecked, Tone::Warning));
    }

    #[test]
    fn the_final_timeout_is_a_non_delivery_and_the_first_a_delay() {
        let mut f = facts(PecKind::PreavvisoErroreConsegna, Some(Status::Valid));
        f.errore_esteso = Some("4.4.7 - Gestore - non ancora consegnato".into());
        assert_eq!(f.outcome().badge(), Badge::Delayed);
        assert_eq!(f.outcome().tone(), Tone::Warning);
        f.errore_esteso = Some("5.4.1 - Gestore - non consegnato entro 24 ore".into());
        f.final_timeout = true;
        let o = f.outcome();
        assert_eq!(o.badge(), Badge::NotDelivered);
        assert_eq!(o.tone(), Tone::Bad);
        assert!(matches!(
            o.event,
            Event::NotDelivered {
                failure: Failure::Timeout,
                ..
            }
        ));
    }

    #[test]
    fn reasons_come_from_the_code_then_the_attribute_then_the_words() {
        use Failure::*;
        assert_eq!(
            failure(Some("altro"), Some("5.1.1 - G - x"), false),
            MailboxUnknown
        );
        assert_eq!(failure(Some("no-dest"), None, false), MailboxUnknown);
        assert_eq!(
            failure(Some("no-dominio"), Some("dominio"), false),
            DomainUnknown
        );
        assert_eq!(
            failure(Some("altro"), Some("5.2.2 - casella piena"), false),
            MailboxFull
        );
        assert_eq!(
            failure(Some("altro"), Some("casella piena"), false),
            MailboxFull
        );
        assert_eq!(failure(Some("virus"), Some("5.7.1 - x"), false), Virus);
        assert_eq!(
            failure(Some("altro"), Some("5.4.1 - 24 ore"), false),
            Timeout
        );
        assert_eq!(failure(Some("altro"), Some("qualcosa"), false), Other);
        assert_eq!(failure(None, Some("5.1.10 - x"), false), Other);
        assert_eq!(
            refusal(
                Some("altro"),
                Some("Destinatari in copia nascosta (Bcc) non ammessi")
            ),
            Refusal::BlindCopy
        );
        assert_eq!(refusal(Some("virus"), None), Refusal::Virus);
        assert_eq!(
            refusal(Some("altro"), Some("troppo grande")),
            Refusal::Other
        );
    }

    #[test]
    fn an_anomaly_is_never_certified_and_own_mail_is_proven_by_receipts() {
        let o = facts(PecKind::Anomalia, Some(Status::Valid)).outcome();
        assert_eq!((o.badge(), o.tone()), (Badge::Anomaly, Tone::Warning));
        assert!(!o.event_needs_proof());
        let mut f = facts(PecKind::Ordinaria, Some(Status::Unsigned));
        assert_eq!(f.outcome().proof, Proof::NotCertified);
        assert_eq!(f.outcome().badge(), Badge::Ordinary);
        f.sent = Some(Delivery::waiting());
        let o = f.outcome();
        assert_eq!((o.badge(), o.proof), (Badge::Sent, Proof::Receipts));
        assert_eq!(o.tone(), Tone::Warning);
        assert!(o.proven());
    }
}
