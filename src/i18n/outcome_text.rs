//! Words for what happened ([`crate::outcome`]): the sentence that opens a message, the short
//! word a list shows, the badges, the reasons, and how we know.

use super::time_text::{local_clock, local_date};
use super::{Lang, arg, num, tr, tr_args};
use crate::outcome::{Badge, Delivery, Event, Failure, Outcome, Proof, Refusal};
use crate::pec::timeline::{AcceptanceState, RecipientState};
use crate::verify::Status;
use chrono::{DateTime, FixedOffset};

/// The list's short name for a message (`PEC inviata`, `Mancata consegna`, …).
pub fn badge_label(lang: Lang, badge: Badge) -> String {
    tr(lang, &format!("badge-{}", badge.as_str()))
}

/// Why a message was not delivered, in a few words.
pub fn failure_text(lang: Lang, f: Failure) -> String {
    tr(
        lang,
        match f {
            Failure::MailboxUnknown => "failure-mailbox-unknown",
            Failure::DomainUnknown => "failure-domain-unknown",
            Failure::MailboxFull => "failure-mailbox-full",
            Failure::Virus => "failure-virus",
            Failure::Timeout => "failure-timeout",
            Failure::Other => "failure-other",
        },
    )
}

/// Why a message was not delivered, in one or two words (a list's mark).
pub fn failure_short_text(lang: Lang, f: Failure) -> String {
    tr(
        lang,
        match f {
            Failure::MailboxUnknown => "failure-short-mailbox-unknown",
            Failure::DomainUnknown => "failure-short-domain-unknown",
            Failure::MailboxFull => "failure-short-mailbox-full",
            Failure::Virus => "failure-short-virus",
            Failure::Timeout => "failure-short-timeout",
            Failure::Other => "failure-short-other",
        },
    )
}

/// Why a message was refused, in a few words.
pub fn refusal_text(lang: Lang, r: Refusal) -> String {
    tr(
        lang,
        match r {
            Refusal::BlindCopy => "refusal-blind-copy",
            Refusal::Virus => "refusal-virus",
            Refusal::Other => "refusal-other",
        },
    )
}

/// The words for a daticert `errore` value (`no-dest`, `no-dominio`, `virus`, `altro`).
pub fn errore_label(lang: Lang, errore: &str) -> String {
    let e = errore.trim().to_ascii_lowercase();
    match e.as_str() {
        "nessuno" | "no-dest" | "no-dominio" | "virus" | "altro" => {
            tr(lang, &format!("errore-{e}"))
        }
        _ => tr_args(lang, "errore-unknown", &[("value", arg(errore))]),
    }
}

/// " alle 19:06 del 03/03/2025", in local time; empty without a time.
fn when(lang: Lang, at: Option<DateTime<FixedOffset>>) -> String {
    match at {
        Some(t) => format!(
            " {}",
            tr_args(
                lang,
                "outcome-at",
                &[("time", arg(local_clock(t))), ("date", arg(local_date(t)))]
            )
        ),
        None => String::new(),
    }
}

fn who(lang: Lang, w: &Option<String>) -> String {
    w.clone()
        .filter(|w| !w.trim().is_empty())
        .unwrap_or_else(|| tr(lang, "outcome-someone"))
}

/// The reason of a failure: the words for it, with the provider's own when they add
/// something.
fn failure_reason(lang: Lang, f: Failure, detail: &Option<String>) -> String {
    match (f, detail) {
        (Failure::Other, Some(d)) if !d.trim().is_empty() => d.trim().to_owned(),
        _ => failure_text(lang, f),
    }
}

fn refusal_reason(lang: Lang, r: Refusal, detail: &Option<String>) -> String {
    match (r, detail) {
        (Refusal::Other, Some(d)) if !d.trim().is_empty() => d.trim().to_owned(),
        _ => refusal_text(lang, r),
    }
}

/// The sentence that opens a message: what happened, when (local time), and, when its
/// signature does not hold, that it is not proven (never the claim as a fact).
pub fn outcome_headline(lang: Lang, o: &Outcome) -> String {
    if o.event_needs_proof() {
        match o.proof {
            Proof::NotProven(_) => return claimed(lang, o, "outcome-not-proven"),
            Proof::Unchecked => return claimed(lang, o, "outcome-unchecked"),
            _ => {}
        }
    }
    let at = when(lang, o.at);
    match &o.event {
        Event::Received { from } => {
            tr_args(lang, "outcome-received", &[("who", arg(who(lang, from)))]) + &at
        }
        Event::Anomaly { from } => match from {
            Some(f) if !f.trim().is_empty() => {
                tr_args(lang, "outcome-anomaly-from", &[("who", arg(f.clone()))])
            }
            _ => tr(lang, "outcome-anomaly"),
        },
        Event::Accepted { recipients } => {
            tr_args(lang, "outcome-accepted", &[("count", num(*recipients))]) + &at
        }
        Event::NotAccepted { refusal, detail } => tr_args(
            lang,
            "outcome-not-accepted",
            &[("reason", arg(refusal_reason(lang, *refusal, detail)))],
        ),
        Event::TakenOver { to } => {
            tr_args(lang, "outcome-taken-over", &[("who", arg(who(lang, to)))]) + &at
        }
        Event::Delivered { to } => {
            tr_args(lang, "outcome-delivered", &[("who", arg(who(lang, to)))]) + &at
        }
        Event::NotDelivered {
            to,
            failure,
            detail,
        } => tr_args(
            lang,
            "outcome-not-delivered",
            &[
                ("who", arg(who(lang, to))),
                ("reason", arg(failure_reason(lang, *failure, detail))),
            ],
        ),
        Event::NotYetDelivered { to } => tr_args(
            lang,
            "outcome-not-yet-delivered",
            &[("who", arg(who(lang, to)))],
        ),
        Event::Sent(d) => tr_args(
            lang,
            "outcome-sent",
            &[("summary", arg(sent_summary(lang, d)))],
        ),
        Event::Ordinary { from } => {
            tr_args(lang, "outcome-ordinary", &[("who", arg(who(lang, from)))])
        }
        Event::Unreadable => tr(lang, "outcome-unreadable"),
        Event::Pending => tr(lang, "outcome-pending"),
    }
}

/// "Not proven: delivery receipt for X": what the message is and whom it names, never what
/// it claims as if it had happened.
fn claimed(lang: Lang, o: &Outcome, key: &str) -> String {
    let what = lower_first(&badge_claim(lang, o.kind_badge()));
    let about = match &o.event {
        Event::Received { from } => from.clone().map(|f| ("outcome-claim-from", f)),
        Event::Delivered { to }
        | Event::NotDelivered { to, .. }
        | Event::NotYetDelivered { to }
        | Event::TakenOver { to } => to.clone().map(|t| ("outcome-claim-for", t)),
        _ => None,
    };
    let what = match about {
        Some((k, w)) if !w.trim().is_empty() => {
            tr_args(lang, k, &[("what", arg(what.clone())), ("who", arg(w))])
        }
        _ => what,
    };
    tr_args(lang, key, &[("what", arg(what))])
}

fn badge_claim(lang: Lang, b: Badge) -> String {
    tr(lang, &format!("claim-{}", b.as_str()))
}

/// The sentence with a lower-case first letter, to follow a colon; a first word in capitals
/// ("NON", "NOT") keeps them.
fn lower_first(s: &str) -> String {
    let first_word: String = s.chars().take_while(|c| c.is_alphabetic()).collect();
    if first_word.chars().count() > 1 && first_word.chars().all(char::is_uppercase) {
        return s.to_owned();
    }
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// What happened to a sent PEC, after "PEC inviata:".
pub fn sent_summary(lang: Lang, d: &Delivery) -> String {
    use RecipientState as S;
    match d.acceptance {
        AcceptanceState::InAttesa => return tr(lang, "outcome-sent-waiting"),
        AcceptanceState::NonAccettato => {
            let reason =
                refusal_reason(lang, d.refusal.unwrap_or(Refusal::Other), &d.refusal_detail);
            return tr_args(lang, "outcome-sent-refused", &[("reason", arg(reason))]);
        }
        AcceptanceState::Accettato => {}
    }
    let certified: Vec<_> = d.certified().collect();
    if let [only] = certified.as_slice() {
        let to = Some(only.address.clone());
        let at = when(lang, only.at);
        let line = match only.state {
            S::Consegnato => {
                tr_args(lang, "outcome-delivered", &[("who", arg(who(lang, &to)))]) + &at
            }
            S::ErroreConsegna | S::Virus => tr_args(
                lang,
                "outcome-not-delivered",
                &[
                    ("who", arg(who(lang, &to))),
                    (
                        "reason",
                        arg(failure_reason(
                            lang,
                            only.failure.unwrap_or(Failure::Other),
                            &only.detail,
                        )),
                    ),
                ],
            ),
            S::Preavviso => tr_args(
                lang,
                "outcome-not-yet-delivered",
                &[("who", arg(who(lang, &to)))],
            ),
            S::InRitardo => tr_args(
                lang,
                "outcome-sent-late-one",
                &[("who", arg(who(lang, &to)))],
            ),
            _ => tr_args(
                lang,
                "outcome-sent-accepted-one",
                &[("who", arg(who(lang, &to)))],
            ),
        };
        let external = d.count(&[S::Esterno]);
        return if external > 0 {
            format!(
                "{}, {}",
                lower_first(&line),
                tr_args(lang, "outcome-sent-external", &[("count", num(external))])
            )
        } else {
            lower_first(&line)
        };
    }
    let delivered = d.count(&[S::Consegnato]);
    let failed = d.count(&[S::ErroreConsegna, S::Virus, S::NonAccettato]);
    let late = d.count(&[S::InRitardo, S::Preavviso]);
    let waiting = d.count(&[S::Accettato, S::InAttesa]);
    let external = d.count(&[S::Esterno]);
    let mut parts = Vec::new();
    if !certified.is_empty() {
        parts.push(if delivered == certified.len() {
            tr_args(
                lang,
                "outcome-sent-delivered-all",
                &[("count", num(delivered))],
            )
        } else {
            tr_args(
                lang,
                "outcome-sent-delivered-of",
                &[
                    ("delivered", num(delivered)),
                    ("certified", num(certified.len())),
                ],
            )
        });
    }
    for (count, key) in [
        (failed, "outcome-sent-failed"),
        (late, "outcome-sent-late"),
        (waiting, "outcome-sent-waiting-delivery"),
        (external, "outcome-sent-external"),
    ] {
        if count > 0 {
            parts.push(tr_args(lang, key, &[("count", num(count))]));
        }
    }
    parts.join(", ")
}

/// The short word a list shows for the outcome (coloured by its tone).
pub fn outcome_short(lang: Lang, o: &Outcome) -> String {
    if o.event_needs_proof() {
        match o.proof {
            Proof::NotProven(Status::Tampered) => return tr(lang, "short-tampered"),
            // Why, in a word: no signature is not the same news as a signer not recognised.
            Proof::NotProven(s) => {
                return tr_args(lang, "short-not-proven", &[("status", arg(s.as_str()))]);
            }
            Proof::Unchecked => return tr(lang, "short-unchecked"),
            _ => {}
        }
    }
    match &o.event {
        Event::Received { .. } => tr(lang, "short-received"),
        Event::Anomaly { .. } => tr(lang, "short-anomaly"),
        Event::Accepted { .. } => tr(lang, "short-accepted"),
        Event::NotAccepted { refusal, .. } => tr_args(
            lang,
            "short-not-accepted",
            &[("reason", arg(refusal_text(lang, *refusal)))],
        ),
        Event::TakenOver { .. } => tr(lang, "short-taken-over"),
        Event::Delivered { .. } => tr(lang, "short-delivered"),
        Event::NotDelivered { failure, .. } => tr_args(
            lang,
            "short-not-delivered",
            &[("reason", arg(failure_short_text(lang, *failure)))],
        ),
        Event::NotYetDelivered { .. } => tr(lang, "short-not-yet-delivered"),
        Event::Sent(d) => sent_short(lang, d),
        Event::Ordinary { .. } => tr(lang, "short-ordinary"),
        Event::Unreadable => tr(lang, "short-unreadable"),
        Event::Pending => tr(lang, "short-pending"),
    }
}

fn sent_short(lang: Lang, d: &Delivery) -> String {
    use RecipientState as S;
    match d.acceptance {
        AcceptanceState::InAttesa => return tr(lang, "short-sent-waiting"),
        AcceptanceState::NonAccettato => return tr(lang, "short-sent-refused"),
        AcceptanceState::Accettato => {}
    }
    let certified = d.certified().count();
    let failed = d.count(&[S::ErroreConsegna, S::Virus, S::NonAccettato]);
    if failed > 0 {
        return tr_args(lang, "short-sent-failed", &[("count", num(failed))]);
    }
    tr_args(
        lang,
        "short-sent-delivered",
        &[
            ("delivered", num(d.count(&[S::Consegnato]))),
            ("certified", num(certified)),
        ],
    )
}

/// How we know, in one sentence, for the line that follows the outcome (`None` for a proven
/// provider message: the signature line says who signed it).
pub fn proof_text(lang: Lang, o: &Outcome) -> Option<String> {
    match o.proof {
        Proof::Proven => None,
        Proof::NotProven(s) => Some(tr(lang, &format!("proof-not-proven-{}", s.as_str()))),
        Proof::Unchecked => Some(tr(lang, "proof-unchecked")),
        Proof::Receipts => Some(tr(lang, "proof-receipts")),
        Proof::NotCertified => Some(tr(lang, "proof-not-certified")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::Facts;
    use crate::pec::PecKind;

    fn delivery(states: &[RecipientState]) -> Delivery {
        let mut d = Delivery::waiting();
        d.acceptance = AcceptanceState::Accettato;
        d.recipients = states
            .iter()
            .enumerate()
            .map(|(i, s)| crate::outcome::RecipientOutcome {
                address: format!("r{i}@pec.example"),
                state: *s,
                at: None,
                failure: None,
                detail: None,
            })
            .collect();
        d
    }

    #[test]
    fn every_badge_claim_and_proof_has_words_in_both_languages() {
        for lang in Lang::ALL {
            for b in Badge::ALL {
                assert!(!badge_label(lang, b).starts_with("badge-"), "{b:?}");
                assert!(!badge_claim(lang, b).starts_with("claim-"), "{b:?}");
            }
            for s in Status::ALL {
                let o = Outcome {
                    event: Event::Delivered { to: None },
                    at: None,
                    proof: Proof::NotProven(s),
                };
                assert!(!proof_text(lang, &o).unwrap().starts_with("proof-"));
            }
            // The daticert codes become words (no raw `no-dest` on screen).
            for e in ["nessuno", "no-dest", "no-dominio", "altro"] {
                let t = errore_label(lang, e);
                assert!(!t.starts_with("errore-") && !t.contains(e), "{e}: {t}");
            }
            assert!(errore_label(lang, "strano").contains("strano ("));
        }
    }

    #[test]
    fn the_short_words_say_why_a_receipt_proves_nothing() {
        let short = |lang, s| {
            outcome_short(
                lang,
                &Outcome {
                    event: Event::Delivered { to: None },
                    at: None,
                    proof: Proof::NotProven(s),
                },
            )
        };
        let expected = [
            (
                Status::Unsigned,
                "non provata: senza firma",
                "not proven: unsigned",
            ),
            (
                Status::Untrusted,
                "non provata: firmatario non fidato",
                "not proven: untrusted signer",
            ),
            (
                Status::Expired,
                "non provata: certificato scaduto",
                "not proven: certificate expired",
            ),
            (
                Status::Malformed,
                "non provata: firma illeggibile",
                "not proven: unreadable signature",
            ),
            (
                Status::Tampered,
                "MANOMESSA: non prova nulla",
                "TAMPERED: proves nothing",
            ),
        ];
        for (status, it, en) in expected {
            assert_eq!(short(Lang::It, status), it, "{status:?}");
            assert_eq!(short(Lang::En, status), en, "{status:?}");
        }
        // Never "delivered" for any of them.
        for status in Status::ALL.into_iter().filter(|s| *s != Status::Valid) {
            assert!(
                !short(Lang::It, status).contains("consegnata"),
                "{status:?}"
            );
        }
    }

    #[test]
    fn a_receipt_whose_signature_fails_never_reads_as_delivered() {
        let f = Facts {
            kind: Some(PecKind::AvvenutaConsegna),
            signature: Some(Status::Tampered),
            about: Some("paolo@pec.example".into()),
            ..Facts::default()
        };
        let it = outcome_headline(Lang::It, &f.outcome());
        let en = outcome_headline(Lang::En, &f.outcome());
        assert!(it.starts_with("Non provato"), "{it}");
        assert!(en.starts_with("Not proven"), "{en}");
        assert!(
            it.contains("paolo@pec.example") && !it.contains("Consegnata"),
            "{it}"
        );
        assert!(!en.contains("Delivered"), "{en}");
    }

    #[test]
    fn sent_summaries_use_plurals() {
        use RecipientState::*;
        let d = delivery(&[Consegnato, Consegnato, ErroreConsegna, Esterno]);
        assert_eq!(
            sent_summary(Lang::It, &d),
            "consegnata a 2 di 3 destinatari, NON consegnata a 1 destinatario, 1 destinatario esterno (nessuna ricevuta di consegna)"
        );
        assert_eq!(
            sent_summary(Lang::En, &d),
            "delivered to 2 of 3 recipients, NOT delivered to 1 recipient, 1 external recipient (no delivery receipt)"
        );
        let d = delivery(&[Consegnato, Consegnato]);
        assert_eq!(
            sent_summary(Lang::It, &d),
            "consegnata a tutti e 2 i destinatari"
        );
        let d = delivery(&[Consegnato]);
        assert_eq!(sent_summary(Lang::En, &d), "delivered to r0@pec.example");
    }
}
