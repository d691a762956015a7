//! The per-recipient timeline of one sent PEC: a pure state machine (no I/O, no SQL).
//!
//! Input: the sent message, when it is known, and every receipt or notice that references it, in
//! any order. Output: the acceptance outcome and one row per recipient with its state, the time
//! and reason of that state and the receipts that prove it.
//!
//! The result does not depend on the order of the notices: they are first put in a total order
//! (time, kind, caller id), and each recipient's state is decided by precedence over the set of
//! facts, not by replaying events. Precedence, strongest first (pec-spec.md §2.1–2.4):
//!
//! 1. `consegnato`: a delivery receipt names the recipient (a later delivery after a 12 h
//!    preavviso still means delivered; a signed delivery is a fact no other notice undoes);
//! 2. `virus`: a non-delivery notice for a virus, or a virus detection, names the recipient;
//! 3. `errore-consegna`: a non-delivery notice names the recipient, or a timeout notice whose
//!    `errore-esteso` starts with `5.4.1` (the final 24 h notice of Aruba and Namirial);
//! 4. `preavviso`: a (non-final) timeout notice names the recipient;
//! 5. `non-accettato`: the provider refused the message and never accepted it;
//! 6. `esterno`: the provider classified the recipient as outside PEC: no receipt will come;
//! 7. `accettato`: the provider accepted the message;
//! 8. `in-attesa`: nothing yet.
//!
//! Only proof sets a state. A notice whose provider signature was not found valid
//! ([`Notice::proven`] false: unsigned, tampered, untrusted, not yet checked) decides nothing:
//! it adds no recipient, classifies no one, and never overrides a proven state. It is listed,
//! marked not proven, beside the recipients it names (or apart, when it names none of them).
//!
//! `in-ritardo` is the only time-dependent state: a certified (or not yet classified) recipient
//! still `accettato` or `in-attesa` when the delivery timeout (24 h by default) has passed since
//! acceptance (or sending) is late. [`Timeline::at`] applies it for a given `now`.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, FixedOffset, Utc};
use serde::Serialize;

use super::summary::normalize_msgid;
use super::{Classification, Destinatario, PecKind, ReceiptType, RecipientType};

/// The state of one recipient of a sent PEC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RecipientState {
    /// No acceptance receipt yet.
    InAttesa,
    /// Accepted by the sender's provider; no delivery outcome yet.
    Accettato,
    /// The sender's provider refused the message.
    NonAccettato,
    /// Delivered: a delivery receipt names this recipient.
    Consegnato,
    /// Not delivered (including the final 24-hour timeout, code 5.4.1).
    ErroreConsegna,
    /// Not yet delivered after 12 hours: the provider keeps trying.
    Preavviso,
    /// Not delivered because of a virus.
    Virus,
    /// Outside the PEC circuit: accepted, and no delivery receipt will ever come.
    Esterno,
    /// No delivery receipt within the configured time.
    InRitardo,
}

impl RecipientState {
    /// Every state, in a stable order.
    pub const ALL: [RecipientState; 9] = [
        RecipientState::InAttesa,
        RecipientState::Accettato,
        RecipientState::NonAccettato,
        RecipientState::Consegnato,
        RecipientState::ErroreConsegna,
        RecipientState::Preavviso,
        RecipientState::Virus,
        RecipientState::Esterno,
        RecipientState::InRitardo,
    ];

    /// The wire / JSON / database spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            RecipientState::InAttesa => "in-attesa",
            RecipientState::Accettato => "accettato",
            RecipientState::NonAccettato => "non-accettato",
            RecipientState::Consegnato => "consegnato",
            RecipientState::ErroreConsegna => "errore-consegna",
            RecipientState::Preavviso => "preavviso",
            RecipientState::Virus => "virus",
            RecipientState::Esterno => "esterno",
            RecipientState::InRitardo => "in-ritardo",
        }
    }

    /// Parses [`RecipientState::as_str`] output.
    pub fn parse(s: &str) -> Option<RecipientState> {
        RecipientState::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// True when the state can still change by the arrival of a receipt.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            RecipientState::InAttesa
                | RecipientState::Accettato
                | RecipientState::Preavviso
                | RecipientState::InRitardo
        )
    }
}

impl std::fmt::Display for RecipientState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The outcome of the acceptance step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AcceptanceState {
    /// No acceptance or non-acceptance notice yet.
    InAttesa,
    /// Accepted.
    Accettato,
    /// Refused.
    NonAccettato,
}

impl AcceptanceState {
    /// The wire spelling (the same words as the recipient states).
    pub fn as_str(self) -> &'static str {
        match self {
            AcceptanceState::InAttesa => "in-attesa",
            AcceptanceState::Accettato => "accettato",
            AcceptanceState::NonAccettato => "non-accettato",
        }
    }

    /// Parses [`AcceptanceState::as_str`] output.
    pub fn parse(s: &str) -> Option<AcceptanceState> {
        [
            AcceptanceState::InAttesa,
            AcceptanceState::Accettato,
            AcceptanceState::NonAccettato,
        ]
        .into_iter()
        .find(|x| x.as_str() == s)
    }
}

/// The facts of one receipt or notice that a timeline needs. `id` is the caller's handle
/// (the store's message id); it is carried through to the output.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    /// The caller's identifier for this notice.
    pub id: i64,
    /// Its kind (a notification kind; others are ignored).
    pub kind: PecKind,
    /// The certified event time (daticert `<data>`), else the outer `Date:`.
    pub at: Option<DateTime<FixedOffset>>,
    /// daticert `<identificativo>`: the PEC id the provider gave the sent message.
    pub identificativo: Option<String>,
    /// The sender's client Message-ID (daticert `<msgid>`, else `X-Riferimento-Message-ID`),
    /// without angle brackets.
    pub msgid: Option<String>,
    /// Every recipient with its type, as the provider classified it.
    pub destinatari: Vec<Destinatario>,
    /// daticert `<consegna>`: the recipient this notice is about.
    pub consegna: Option<String>,
    /// daticert `<ricezione>` (presa-in-carico).
    pub ricezione: Vec<String>,
    /// daticert `errore` attribute.
    pub errore: String,
    /// daticert `<errore-esteso>`.
    pub errore_esteso: Option<String>,
    /// The notice concerns a virus.
    pub virus: bool,
    /// Delivery receipt type.
    pub receipt_type: Option<ReceiptType>,
    /// The certified subject.
    pub subject: Option<String>,
    /// True when the notice's provider signature was checked and found valid: only then does
    /// it decide anything.
    pub proven: bool,
}

impl Notice {
    /// The facts of a classified receipt or notice; `None` for other kinds. `proven`: its
    /// provider signature was checked and found valid.
    pub fn from_classification(id: i64, c: &Classification, proven: bool) -> Option<Notice> {
        if !c.kind.is_notification() {
            return None;
        }
        let d = c.certification();
        let virus = c.warnings.iter().any(|w| w.code() == "virus-reported");
        Some(Notice {
            id,
            kind: c.kind,
            at: d.and_then(|d| d.time()).or(c.headers.summary.date),
            identificativo: d
                .and_then(|d| d.message_ref())
                .map(normalize_msgid)
                .filter(|s| !s.is_empty()),
            msgid: d
                .and_then(|d| d.client_msgid())
                .or(c.headers.x_riferimento_message_id.clone())
                .map(|m| normalize_msgid(&m))
                .filter(|s| !s.is_empty()),
            destinatari: d.map(|d| d.recipients()).unwrap_or_default(),
            consegna: d.and_then(|d| d.consegna()),
            ricezione: d.map(|d| d.about()).unwrap_or_default(),
            errore: d.map(|d| d.error()).unwrap_or_else(|| "nessuno".into()),
            errore_esteso: d.and_then(|d| d.error_detail()),
            virus,
            receipt_type: c.receipt_type,
            subject: d.and_then(|d| d.subject()).map(str::to_owned),
            proven,
        })
    }

    /// True for the final 24-hour timeout notice (`5.4.1`).
    pub fn is_final_timeout(&self) -> bool {
        self.kind == PecKind::PreavvisoErroreConsegna
            && self
                .errore_esteso
                .as_deref()
                .is_some_and(|e| e.trim_start().starts_with("5.4.1"))
    }

    fn reason(&self) -> Option<String> {
        self.errore_esteso
            .clone()
            .filter(|s| !s.trim().is_empty())
            .or_else(|| (self.errore != "nessuno").then(|| self.errore.clone()))
    }
}

/// The facts of the sent message itself, when the store has it.
#[derive(Debug, Clone, PartialEq)]
pub struct Sent {
    /// The caller's identifier for the sent message.
    pub id: i64,
    /// Its Message-ID, without angle brackets.
    pub message_id: Option<String>,
    /// Subject.
    pub subject: Option<String>,
    /// From address.
    pub from: Option<String>,
    /// Date header.
    pub date: Option<DateTime<FixedOffset>>,
    /// To and Cc addresses, in order.
    pub recipients: Vec<String>,
}

impl Sent {
    /// The facts of a classified sent message (normally an ordinary message: what the client
    /// handed to the provider).
    pub fn from_classification(id: i64, c: &Classification) -> Sent {
        let s = &c.headers.summary;
        Sent {
            id,
            message_id: s
                .message_id
                .as_deref()
                .map(normalize_msgid)
                .filter(|m| !m.is_empty()),
            subject: s.subject.clone(),
            from: s.from.as_ref().map(|m| m.address.clone()),
            date: s.date,
            recipients: s
                .to
                .iter()
                .chain(s.cc.iter())
                .map(|m| m.address.clone())
                .filter(|a| !a.is_empty())
                .collect(),
        }
    }
}

/// A receipt that concerns a recipient (or the whole message).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReceiptRef {
    /// The caller's id of the notice.
    pub id: i64,
    /// Its kind.
    pub kind: PecKind,
    /// Its certified time.
    pub at: Option<DateTime<FixedOffset>>,
    /// False when its provider signature is not valid: it proves nothing.
    pub proven: bool,
}

/// The acceptance step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Acceptance {
    /// Outcome.
    pub state: AcceptanceState,
    /// Time of the deciding notice.
    pub at: Option<DateTime<FixedOffset>>,
    /// The deciding notice.
    pub receipt: Option<i64>,
    /// Why it was refused.
    pub reason: Option<String>,
}

/// One recipient's row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecipientRow {
    /// The address, lower case.
    pub address: String,
    /// `Some(true)` certified, `Some(false)` external, `None` not yet known (no notice
    /// classified it).
    pub certified: Option<bool>,
    /// The state.
    pub state: RecipientState,
    /// When the state was reached (time of the deciding notice).
    pub at: Option<DateTime<FixedOffset>>,
    /// Why (non-delivery, refusal, timeout).
    pub reason: Option<String>,
    /// Delivery receipt type, for `consegnato`.
    pub receipt_type: Option<ReceiptType>,
    /// The notices that decided the state.
    pub proof: Vec<i64>,
    /// Every notice that concerns this recipient, in time order.
    pub receipts: Vec<ReceiptRef>,
    /// Since when this recipient waits for a delivery outcome (the base of `in-ritardo`).
    pub waiting_since: Option<DateTime<FixedOffset>>,
}

impl RecipientRow {
    /// The state at `now`: `in-ritardo` when the row has waited longer than the policy allows.
    pub fn state_at(&self, now: DateTime<Utc>, policy: &Policy) -> RecipientState {
        match self.waiting_since {
            Some(since)
                if matches!(
                    self.state,
                    RecipientState::Accettato | RecipientState::InAttesa
                ) && since.with_timezone(&Utc) + policy.delivery_timeout <= now =>
            {
                RecipientState::InRitardo
            }
            _ => self.state,
        }
    }
}

/// Tunable rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// A certified recipient without a delivery outcome after this long is `in-ritardo`.
    pub delivery_timeout: Duration,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            delivery_timeout: Duration::hours(24),
        }
    }
}

/// The timeline of one sent PEC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Timeline {
    /// The sent message, when the store has it.
    pub sent_id: Option<i64>,
    /// True when the sent message itself is not known: the timeline was built from receipts.
    pub from_receipts_only: bool,
    /// The client Message-ID, without angle brackets.
    pub message_id: Option<String>,
    /// The PEC id the provider gave the message.
    pub identificativo: Option<String>,
    /// Subject (the sent message's, else the certified one).
    pub subject: Option<String>,
    /// When it was sent (Date of the sent message, else the acceptance time).
    pub sent_at: Option<DateTime<FixedOffset>>,
    /// The acceptance step.
    pub acceptance: Acceptance,
    /// One row per recipient.
    pub recipients: Vec<RecipientRow>,
    /// Notices that name no recipient of this message (kept, shown apart).
    pub unassigned: Vec<ReceiptRef>,
}

impl Timeline {
    /// The same timeline with `in-ritardo` applied at `now`.
    pub fn at(mut self, now: DateTime<Utc>, policy: &Policy) -> Timeline {
        for r in &mut self.recipients {
            r.state = r.state_at(now, policy);
        }
        self
    }

    /// Every notice id used by this timeline, acceptance included.
    pub fn notice_ids(&self) -> Vec<i64> {
        let mut ids: Vec<i64> = self
            .recipients
            .iter()
            .flat_map(|r| r.receipts.iter().map(|x| x.id))
            .chain(self.unassigned.iter().map(|x| x.id))
            .chain(self.acceptance.receipt)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }
}

/// Builds the timeline at `now` under `policy`.
pub fn timeline(
    sent: Option<&Sent>,
    notices: &[Notice],
    now: DateTime<Utc>,
    policy: &Policy,
) -> Timeline {
    build(sent, notices).at(now, policy)
}

/// Lower case, no blanks, no angle brackets.
pub fn normalize_address(a: &str) -> String {
    a.trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase()
}

fn kind_rank(k: PecKind) -> u8 {
    match k {
        PecKind::Accettazione => 0,
        PecKind::NonAccettazione => 1,
        PecKind::PresaInCarico => 2,
        PecKind::AvvenutaConsegna => 3,
        PecKind::PreavvisoErroreConsegna => 4,
        PecKind::ErroreConsegna => 5,
        PecKind::RilevazioneVirus => 6,
        _ => 7,
    }
}

/// A total order over notices: time (unknown last), kind, id.
fn order_key(n: &Notice) -> (i64, u8, i64) {
    (
        n.at.map(|t| t.timestamp()).unwrap_or(i64::MAX),
        kind_rank(n.kind),
        n.id,
    )
}

fn reference(n: &Notice) -> ReceiptRef {
    ReceiptRef {
        id: n.id,
        kind: n.kind,
        at: n.at,
        proven: n.proven,
    }
}

/// What one notice says about one recipient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Fact {
    Preavviso,
    Errore,
    Virus,
    Consegnato,
}

fn fact(n: &Notice) -> Option<Fact> {
    match n.kind {
        PecKind::AvvenutaConsegna => Some(Fact::Consegnato),
        PecKind::ErroreConsegna if n.virus || n.errore.eq_ignore_ascii_case("virus") => {
            Some(Fact::Virus)
        }
        PecKind::ErroreConsegna => Some(Fact::Errore),
        PecKind::RilevazioneVirus => Some(Fact::Virus),
        PecKind::PreavvisoErroreConsegna if n.is_final_timeout() => Some(Fact::Errore),
        PecKind::PreavvisoErroreConsegna => Some(Fact::Preavviso),
        _ => None,
    }
}

#[derive(Default)]
struct Acc {
    certified: Option<bool>,
    receipts: Vec<ReceiptRef>,
    facts: Vec<(Fact, usize)>,
}

/// Builds the timeline from the facts alone, without applying lateness (see [`Timeline::at`]).
/// Only proven notices decide; the others are listed beside what they name.
pub fn build(sent: Option<&Sent>, notices: &[Notice]) -> Timeline {
    let mut all: Vec<&Notice> = notices
        .iter()
        .filter(|n| n.kind.is_notification())
        .collect();
    all.sort_by_key(|n| order_key(n));
    all.dedup_by_key(|n| n.id);
    let (sorted, unproven): (Vec<&Notice>, Vec<&Notice>) = all.into_iter().partition(|n| n.proven);
    let mut tl = build_proven(sent, &sorted);
    // Identifiers only, never a state: a timeline of unproven notices alone still needs them
    // to be found and named.
    if tl.message_id.is_none() {
        tl.message_id = unproven.iter().find_map(|n| n.msgid.clone());
    }
    if tl.identificativo.is_none() {
        tl.identificativo = unproven.iter().find_map(|n| n.identificativo.clone());
    }
    if tl.subject.is_none() {
        tl.subject = unproven.iter().find_map(|n| n.subject.clone());
    }
    for n in unproven {
        let named = named_addresses(n);
        let mut placed = false;
        for row in &mut tl.recipients {
            if named.contains(&row.address) {
                row.receipts.push(reference(n));
                placed = true;
            }
        }
        if !placed {
            tl.unassigned.push(reference(n));
        }
    }
    for row in &mut tl.recipients {
        row.receipts.sort_by_key(|r| {
            (
                r.at.map(|t| t.timestamp()).unwrap_or(i64::MAX),
                kind_rank(r.kind),
                r.id,
            )
        });
    }
    tl
}

/// The recipients a notice is about: the one it reports on (`consegna`, `ricezione`), else
/// every recipient it lists.
fn named_addresses(n: &Notice) -> Vec<String> {
    let about: Vec<String> = n
        .consegna
        .iter()
        .chain(n.ricezione.iter())
        .map(|a| normalize_address(a))
        .collect();
    if !about.is_empty() {
        return about;
    }
    n.destinatari
        .iter()
        .map(|d| normalize_address(&d.address))
        .collect()
}

/// [`build`] over proven notices, sorted and without duplicates.
fn build_proven(sent: Option<&Sent>, sorted: &[&Notice]) -> Timeline {
    // Acceptance.
    let accept = sorted.iter().find(|n| n.kind == PecKind::Accettazione);
    let refuse = sorted.iter().find(|n| n.kind == PecKind::NonAccettazione);
    let acceptance = match (accept, refuse) {
        (Some(a), _) => Acceptance {
            state: AcceptanceState::Accettato,
            at: a.at,
            receipt: Some(a.id),
            reason: None,
        },
        (None, Some(r)) => Acceptance {
            state: AcceptanceState::NonAccettato,
            at: r.at,
            receipt: Some(r.id),
            reason: r.reason(),
        },
        (None, None) => Acceptance {
            state: AcceptanceState::InAttesa,
            at: None,
            receipt: None,
            reason: None,
        },
    };

    // Recipients: the order of the sent message, then of the provider's list, then the rest.
    let mut order: Vec<String> = Vec::new();
    let mut rows: BTreeMap<String, Acc> = BTreeMap::new();
    let mut add = |order: &mut Vec<String>, addr: &str| -> Option<String> {
        let key = normalize_address(addr);
        if key.is_empty() {
            return None;
        }
        if !rows.contains_key(&key) {
            rows.insert(key.clone(), Acc::default());
            order.push(key.clone());
        }
        Some(key)
    };
    if let Some(s) = sent {
        for r in &s.recipients {
            add(&mut order, r);
        }
    }
    // Classification by the provider: the acceptance first, then any other notice in order.
    let classifiers = accept
        .into_iter()
        .chain(refuse)
        .chain(sorted.iter())
        .copied();
    let mut classified: Vec<(String, bool)> = Vec::new();
    for n in classifiers {
        for d in &n.destinatari {
            if let Some(key) = add(&mut order, &d.address)
                && !classified.iter().any(|(k, _)| *k == key)
            {
                classified.push((key, d.tipo == RecipientType::Certificato));
            }
        }
    }
    for n in sorted {
        if let Some(c) = &n.consegna {
            add(&mut order, c);
        }
    }
    for (key, certified) in classified {
        if let Some(acc) = rows.get_mut(&key) {
            acc.certified = Some(certified);
        }
    }
    // A take-over that reports the recipient it is about as external (REM RelayToNonERDS: the
    // provider relayed the message outside the circuit) makes that recipient external, whatever
    // the acceptance said. PEC take-overs list only certified recipients.
    for n in sorted.iter().filter(|n| n.kind == PecKind::PresaInCarico) {
        for d in n
            .destinatari
            .iter()
            .filter(|d| d.tipo == RecipientType::Esterno)
        {
            let key = normalize_address(&d.address);
            if n.ricezione.iter().any(|r| normalize_address(r) == key)
                && let Some(acc) = rows.get_mut(&key)
            {
                acc.certified = Some(false);
            }
        }
    }

    // Per-recipient facts.
    let mut unassigned = Vec::new();
    let single = (rows.len() == 1).then(|| order[0].clone());
    for (i, n) in sorted.iter().enumerate() {
        match n.kind {
            PecKind::Accettazione | PecKind::NonAccettazione => {
                for acc in rows.values_mut() {
                    acc.receipts.push(reference(n));
                }
            }
            PecKind::PresaInCarico => {
                let mut any = false;
                for r in &n.ricezione {
                    if let Some(acc) = rows.get_mut(&normalize_address(r)) {
                        acc.receipts.push(reference(n));
                        any = true;
                    }
                }
                if !any {
                    unassigned.push(reference(n));
                }
            }
            _ => {
                // The recipient the notice reports on (`consegna`); a REM evidence may refer
                // to several, listed in `ricezione`; a notice naming none of them concerns
                // the only recipient, if there is one.
                let targets: Vec<String> = if n.consegna.is_none() && !n.ricezione.is_empty() {
                    n.ricezione
                        .iter()
                        .map(|a| normalize_address(a))
                        .filter(|k| rows.contains_key(k))
                        .collect::<Vec<String>>()
                } else {
                    n.consegna
                        .as_deref()
                        .map(normalize_address)
                        .filter(|k| rows.contains_key(k))
                        .or_else(|| single.clone().filter(|_| n.consegna.is_none()))
                        .into_iter()
                        .collect()
                };
                let f = fact(n);
                if targets.is_empty() || f.is_none() {
                    unassigned.push(reference(n));
                }
                for key in targets {
                    if let (Some(acc), Some(f)) = (rows.get_mut(&key), f) {
                        acc.receipts.push(reference(n));
                        acc.facts.push((f, i));
                        if f == Fact::Consegnato && acc.certified.is_none() {
                            acc.certified = Some(true);
                        }
                    }
                }
            }
        }
    }

    let sent_at = sent
        .and_then(|s| s.date)
        .or(acceptance.at)
        .or_else(|| sorted.iter().find_map(|n| n.at));
    let recipients = order
        .iter()
        .filter_map(|key| rows.remove(key).map(|acc| (key.clone(), acc)))
        .map(|(address, acc)| decide(address, acc, &acceptance, sorted, sent_at))
        .collect();

    Timeline {
        sent_id: sent.map(|s| s.id),
        from_receipts_only: sent.is_none(),
        message_id: sent
            .and_then(|s| s.message_id.clone())
            .or_else(|| sorted.iter().find_map(|n| n.msgid.clone())),
        identificativo: accept
            .and_then(|a| a.identificativo.clone())
            .or_else(|| sorted.iter().find_map(|n| n.identificativo.clone())),
        subject: sent
            .and_then(|s| s.subject.clone())
            .or_else(|| sorted.iter().find_map(|n| n.subject.clone())),
        sent_at,
        acceptance,
        recipients,
        unassigned,
    }
}

fn decide(
    address: String,
    acc: Acc,
    acceptance: &Acceptance,
    sorted: &[&Notice],
    sent_at: Option<DateTime<FixedOffset>>,
) -> RecipientRow {
    let mut row = RecipientRow {
        address,
        certified: acc.certified,
        state: RecipientState::InAttesa,
        at: None,
        reason: None,
        receipt_type: None,
        proof: Vec::new(),
        receipts: acc.receipts,
        waiting_since: None,
    };
    // The strongest fact wins; among equals, the earliest notice decides.
    if let Some(&(best, _)) = acc.facts.iter().max_by_key(|(f, _)| *f) {
        let deciding: Vec<&Notice> = acc
            .facts
            .iter()
            .filter(|(f, _)| *f == best)
            .map(|&(_, i)| sorted[i])
            .collect();
        let first = deciding[0];
        row.proof = deciding.iter().map(|n| n.id).collect();
        row.at = first.at;
        match best {
            Fact::Consegnato => {
                row.state = RecipientState::Consegnato;
                row.receipt_type = first.receipt_type;
                row.certified = Some(true);
            }
            Fact::Virus => {
                row.state = RecipientState::Virus;
                row.reason = first.reason();
            }
            Fact::Errore => {
                row.state = RecipientState::ErroreConsegna;
                row.reason = first.reason();
            }
            Fact::Preavviso => {
                row.state = RecipientState::Preavviso;
                row.reason = first.reason();
            }
        }
        return row;
    }
    match acceptance.state {
        AcceptanceState::NonAccettato => {
            row.state = RecipientState::NonAccettato;
            row.at = acceptance.at;
            row.reason = acceptance.reason.clone();
            row.proof = acceptance.receipt.into_iter().collect();
        }
        _ if row.certified == Some(false) => {
            row.state = RecipientState::Esterno;
            row.at = acceptance.at;
            row.proof = acceptance.receipt.into_iter().collect();
            if row.proof.is_empty() {
                // Classified by a later notice although the acceptance is missing.
                row.proof = sorted
                    .iter()
                    .find(|n| {
                        n.destinatari
                            .iter()
                            .any(|d| normalize_address(&d.address) == row.address)
                    })
                    .map(|n| n.id)
                    .into_iter()
                    .collect();
            }
        }
        AcceptanceState::Accettato => {
            row.state = RecipientState::Accettato;
            row.at = acceptance.at;
            row.proof = acceptance.receipt.into_iter().collect();
            row.waiting_since = acceptance.at.or(sent_at);
        }
        AcceptanceState::InAttesa => {
            row.state = RecipientState::InAttesa;
            row.waiting_since = sent_at;
        }
    }
    row
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(h: u32, m: u32) -> Option<DateTime<FixedOffset>> {
        use chrono::TimeZone;
        FixedOffset::east_opt(3600)
            .unwrap()
            .with_ymd_and_hms(2025, 2, 5, h, m, 0)
            .single()
    }

    fn dest() -> Vec<Destinatario> {
        vec![
            Destinatario {
                address: "Anna@pec.altro.it".into(),
                tipo: RecipientType::Certificato,
            },
            Destinatario {
                address: "luca@example.com".into(),
                tipo: RecipientType::Esterno,
            },
        ]
    }

    fn notice(id: i64, kind: PecKind, at: Option<DateTime<FixedOffset>>) -> Notice {
        Notice {
            id,
            kind,
            at,
            identificativo: Some("opec1@pec.esempio.it".into()),
            msgid: Some("client-1@studio".into()),
            destinatari: dest(),
            consegna: None,
            ricezione: vec![],
            errore: "nessuno".into(),
            errore_esteso: None,
            virus: false,
            receipt_type: None,
            subject: Some("Contratto".into()),
            proven: true,
        }
    }

    #[test]
    fn states_round_trip() {
        for s in RecipientState::ALL {
            assert_eq!(RecipientState::parse(s.as_str()), Some(s));
        }
        assert_eq!(RecipientState::parse("x"), None);
    }

    #[test]
    fn external_recipient_never_waits() {
        let a = notice(1, PecKind::Accettazione, t(10, 0));
        let tl = build(None, &[a]);
        let luca = &tl.recipients[1];
        assert_eq!(luca.state, RecipientState::Esterno);
        assert_eq!(luca.waiting_since, None);
        let later = Utc::now() + Duration::days(400);
        assert_eq!(
            luca.state_at(later, &Policy::default()),
            RecipientState::Esterno
        );
        assert_eq!(
            tl.recipients[0].state_at(later, &Policy::default()),
            RecipientState::InRitardo
        );
    }

    #[test]
    fn lateness_follows_the_policy() {
        let a = notice(1, PecKind::Accettazione, t(10, 0));
        let tl = build(None, &[a]);
        let anna = &tl.recipients[0];
        let base = t(10, 0).unwrap().with_timezone(&Utc);
        let p = Policy {
            delivery_timeout: Duration::hours(2),
        };
        assert_eq!(
            anna.state_at(base + Duration::minutes(119), &p),
            RecipientState::Accettato
        );
        assert_eq!(
            anna.state_at(base + Duration::hours(2), &p),
            RecipientState::InRitardo
        );
    }
}
