//! The per-recipient state machine (`pec::timeline`) against the rules of issue 5 and
//! pec-spec.md §2.1–2.4: each scripted exchange gives exactly the expected states, and every
//! permutation of its notices gives the same timeline.

use crate::support;

use chrono::{DateTime, Duration, TimeZone, Utc};
use sigillo::pec::classify;
use sigillo::pec::timeline::{
    AcceptanceState, Notice, Policy, RecipientState, Sent, Timeline, build, timeline,
};
use support::exchange::{Exchange, NoticeSpec, permutations};

use RecipientState::*;

const A: &str = "anna.bianchi@pec.altro.it";
const B: &str = "bruno.neri@pec.terzo.it";
const L: &str = "luca.verdi@example.com";

fn exchange() -> Exchange {
    Exchange::new(1, &[(A, true), (B, true), (L, false)])
}

fn notices(x: &Exchange, specs: &[NoticeSpec]) -> Vec<Notice> {
    specs
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let c = classify(&x.notice(s));
            // The rules themselves: every notice here is taken as proven (its signature
            // valid); tests/verify/timeline_proof.rs covers notices that are not.
            Notice::from_classification(100 + i as i64, &c, true).expect("a notification kind")
        })
        .collect()
}

fn sent(x: &Exchange) -> Sent {
    Sent::from_classification(1, &classify(&x.sent()))
}

/// Shortly after the last event: nothing is late yet.
fn soon() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 2, 5, 12, 0, 0).unwrap()
}

fn states(t: &Timeline) -> Vec<(String, RecipientState)> {
    t.recipients
        .iter()
        .map(|r| (r.address.clone(), r.state))
        .collect()
}

fn expect(t: &Timeline, want: &[(&str, RecipientState)]) {
    let want: Vec<(String, RecipientState)> =
        want.iter().map(|(a, s)| ((*a).to_owned(), *s)).collect();
    assert_eq!(states(t), want, "{t:#?}");
}

/// Builds the timeline for every order of the notices and checks they are all equal.
fn every_order(sent: Option<&Sent>, ns: &[Notice], now: DateTime<Utc>) -> Timeline {
    let reference = timeline(sent, ns, now, &Policy::default());
    for p in permutations(ns.len()) {
        let shuffled: Vec<Notice> = p.iter().map(|&i| ns[i].clone()).collect();
        let t = timeline(sent, &shuffled, now, &Policy::default());
        assert_eq!(t, reference, "order {p:?} changed the timeline");
    }
    reference
}

fn accept() -> NoticeSpec {
    NoticeSpec::new("accettazione", (10, 16))
}

#[test]
fn accepted_delivered_and_external() {
    let x = exchange();
    let ns = notices(
        &x,
        &[
            accept(),
            NoticeSpec {
                ricevuta: Some("completa"),
                ..NoticeSpec::new("avvenuta-consegna", (10, 17)).to(A)
            },
            NoticeSpec::new("avvenuta-consegna", (10, 18)).to(B),
        ],
    );
    let s = sent(&x);
    let t = every_order(Some(&s), &ns, soon());
    expect(&t, &[(A, Consegnato), (B, Consegnato), (L, Esterno)]);
    assert_eq!(t.acceptance.state, AcceptanceState::Accettato);
    assert_eq!(t.acceptance.receipt, Some(100));
    assert_eq!(t.message_id.as_deref(), Some(x.msgid.as_str()));
    assert_eq!(t.identificativo.as_deref(), Some(x.ident.as_str()));
    assert!(!t.from_receipts_only);
    let anna = &t.recipients[0];
    assert_eq!(anna.proof, vec![101]);
    assert_eq!(anna.certified, Some(true));
    assert_eq!(anna.receipt_type, Some(sigillo::pec::ReceiptType::Completa));
    assert_eq!(
        anna.receipts.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![100, 101]
    );
    assert_eq!(anna.at.unwrap().to_rfc3339(), "2025-02-05T10:17:00+01:00");
    let luca = &t.recipients[2];
    assert_eq!(luca.certified, Some(false));
    // External recipients never become late.
    let much_later = soon() + Duration::days(30);
    let t = timeline(Some(&s), &ns, much_later, &Policy::default());
    assert_eq!(t.recipients[2].state, Esterno);
}

#[test]
fn delivery_after_a_12_hour_warning_is_delivered() {
    let x = exchange();
    let ns = notices(
        &x,
        &[
            accept(),
            NoticeSpec::new("preavviso-errore-consegna", (22, 16))
                .to(A)
                .error(
                    "altro",
                    "Il messaggio non è stato consegnato nelle prime dodici ore",
                ),
            NoticeSpec::new("avvenuta-consegna", (23, 0)).to(A),
            NoticeSpec::new("preavviso-errore-consegna", (22, 16))
                .to(B)
                .error("altro", "non consegnato nelle prime dodici ore"),
        ],
    );
    let t = every_order(None, &ns, soon());
    expect(&t, &[(A, Consegnato), (B, Preavviso), (L, Esterno)]);
    assert_eq!(
        t.recipients[1].reason.as_deref(),
        Some("non consegnato nelle prime dodici ore")
    );
    // A preavviso is not "late": the provider already said so.
    let later = soon() + Duration::days(3);
    assert_eq!(
        timeline(None, &ns, later, &Policy::default()).recipients[1].state,
        Preavviso
    );
}

#[test]
fn final_timeout_5_4_1_is_a_delivery_failure() {
    let x = exchange();
    let ns = notices(
        &x,
        &[
            accept(),
            NoticeSpec::new("preavviso-errore-consegna", (22, 16))
                .to(A)
                .error("altro", "non consegnato nelle prime dodici ore"),
            NoticeSpec::new("preavviso-errore-consegna", (34, 16)).to(A).error(
                "altro",
                "5.4.1 - Gestore Esempio - il messaggio non è stato consegnato nelle prime ventiquattro ore dal suo invio",
            ),
            NoticeSpec::new("avvenuta-consegna", (10, 30)).to(B),
        ],
    );
    let t = every_order(None, &ns, soon());
    expect(&t, &[(A, ErroreConsegna), (B, Consegnato), (L, Esterno)]);
    assert!(
        t.recipients[0]
            .reason
            .as_deref()
            .unwrap()
            .starts_with("5.4.1")
    );
    assert_eq!(t.recipients[0].proof, vec![102]);
    assert_eq!(t.recipients[0].receipts.len(), 3);
}

#[test]
fn delivery_error_and_virus() {
    let x = exchange();
    let ns = notices(
        &x,
        &[
            accept(),
            NoticeSpec::new("errore-consegna", (10, 17))
                .to(A)
                .error("no-dest", "5.1.1 - Gestore Altro - indirizzo non valido"),
            NoticeSpec::new("errore-consegna", (10, 18))
                .to(B)
                .error("virus", "5.7.1 - virus rilevato")
                .virus(),
        ],
    );
    let t = every_order(None, &ns, soon());
    expect(&t, &[(A, ErroreConsegna), (B, Virus), (L, Esterno)]);
    assert_eq!(
        t.recipients[0].reason.as_deref(),
        Some("5.1.1 - Gestore Altro - indirizzo non valido")
    );
    assert!(t.from_receipts_only);
}

#[test]
fn non_acceptance_refuses_every_recipient() {
    let x = exchange();
    let ns = notices(
        &x,
        &[NoticeSpec::new("non-accettazione", (10, 16))
            .error("altro", "Destinatario in Bcc non ammesso")],
    );
    let s = sent(&x);
    let t = every_order(Some(&s), &ns, soon());
    expect(
        &t,
        &[(A, NonAccettato), (B, NonAccettato), (L, NonAccettato)],
    );
    assert_eq!(t.acceptance.state, AcceptanceState::NonAccettato);
    assert_eq!(
        t.acceptance.reason.as_deref(),
        Some("Destinatario in Bcc non ammesso")
    );
    // A refused message never becomes late.
    let later = soon() + Duration::days(3);
    assert_eq!(
        states(&timeline(Some(&s), &ns, later, &Policy::default()))[0].1,
        NonAccettato
    );
}

#[test]
fn waiting_then_late_with_a_configurable_timeout() {
    let x = exchange();
    let s = sent(&x);
    // Nothing arrived: waiting for acceptance; certification of recipients is unknown.
    let t = timeline(Some(&s), &[], soon(), &Policy::default());
    expect(&t, &[(A, InAttesa), (B, InAttesa), (L, InAttesa)]);
    assert!(t.recipients.iter().all(|r| r.certified.is_none()));
    assert_eq!(t.acceptance.state, AcceptanceState::InAttesa);

    // Accepted; delivered to A only.
    let ns = notices(
        &x,
        &[
            accept(),
            NoticeSpec::new("avvenuta-consegna", (10, 17)).to(A),
        ],
    );
    let sent_at = Utc.with_ymd_and_hms(2025, 2, 5, 9, 16, 0).unwrap(); // acceptance, in UTC
    let day = Policy::default();
    let before = timeline(
        Some(&s),
        &ns,
        sent_at + Duration::hours(24) - Duration::seconds(1),
        &day,
    );
    expect(&before, &[(A, Consegnato), (B, Accettato), (L, Esterno)]);
    let after = timeline(Some(&s), &ns, sent_at + Duration::hours(24), &day);
    expect(&after, &[(A, Consegnato), (B, InRitardo), (L, Esterno)]);
    let short = Policy {
        delivery_timeout: Duration::hours(2),
    };
    let t = timeline(Some(&s), &ns, sent_at + Duration::hours(2), &short);
    expect(&t, &[(A, Consegnato), (B, InRitardo), (L, Esterno)]);
    // build() alone never applies lateness.
    assert_eq!(build(Some(&s), &ns).recipients[1].state, Accettato);
}

#[test]
fn addresses_match_whatever_their_case_and_unknown_ones_are_kept_apart() {
    let x = exchange();
    let mut specs = vec![
        accept(),
        NoticeSpec::new("avvenuta-consegna", (10, 17)).to("Anna.Bianchi@PEC.altro.it"),
    ];
    let mut ns = notices(&x, &specs);
    // A delivery receipt naming nobody of this message (a provider mistake) is kept apart.
    specs.push(NoticeSpec::new("avvenuta-consegna", (10, 18)).to("qualcun.altro@pec.it"));
    ns = {
        let mut all = ns;
        let extra = notices(&x, &specs[2..]);
        all.extend(extra.into_iter().map(|mut n| {
            n.id = 200;
            n
        }));
        all
    };
    let t = every_order(None, &ns, soon());
    assert_eq!(t.recipients[0].state, Consegnato);
    assert_eq!(t.recipients.len(), 4, "the named address gets its own row");
    assert_eq!(t.recipients[3].address, "qualcun.altro@pec.it");
    assert_eq!(t.recipients[3].state, Consegnato);
}

#[test]
fn duplicate_notices_count_once() {
    let x = exchange();
    let ns = notices(
        &x,
        &[
            accept(),
            NoticeSpec::new("avvenuta-consegna", (10, 17)).to(A),
        ],
    );
    let mut doubled = ns.clone();
    doubled.extend(ns.iter().cloned());
    let t = timeline(None, &doubled, soon(), &Policy::default());
    assert_eq!(t, timeline(None, &ns, soon(), &Policy::default()));
    assert_eq!(t.recipients[0].receipts.len(), 2);
}

#[test]
fn a_large_mixed_exchange_is_order_independent() {
    let x = exchange();
    let ns = notices(
        &x,
        &[
            accept(),
            NoticeSpec::new("presa-in-carico", (10, 16)),
            NoticeSpec::new("preavviso-errore-consegna", (22, 16))
                .to(A)
                .error("altro", "dodici ore"),
            NoticeSpec::new("avvenuta-consegna", (23, 10)).to(A),
            NoticeSpec::new("preavviso-errore-consegna", (22, 16))
                .to(B)
                .error("altro", "dodici ore"),
            NoticeSpec::new("preavviso-errore-consegna", (34, 16))
                .to(B)
                .error("altro", "5.4.1 - ventiquattro ore"),
            NoticeSpec::new("errore-consegna", (34, 20))
                .to(B)
                .error("altro", "5.4.1 - ventiquattro ore"),
        ],
    );
    let t = every_order(None, &ns, soon());
    expect(&t, &[(A, Consegnato), (B, ErroreConsegna), (L, Esterno)]);
}

#[test]
fn stronger_facts_win_whatever_their_time() {
    let x = exchange();
    // A delivery receipt, then a timeout notice fired anyway (e.g. the receipt was late between
    // providers): the signed delivery stands. A non-delivery notice, then a 12-hour warning:
    // the failure stands.
    let ns = notices(
        &x,
        &[
            accept(),
            NoticeSpec::new("avvenuta-consegna", (10, 17)).to(A),
            NoticeSpec::new("preavviso-errore-consegna", (22, 16))
                .to(A)
                .error("altro", "dodici ore"),
            NoticeSpec::new("preavviso-errore-consegna", (34, 16))
                .to(A)
                .error("altro", "5.4.1 - ventiquattro ore"),
            NoticeSpec::new("errore-consegna", (10, 20))
                .to(B)
                .error("no-dest", "5.1.1 - casella inesistente"),
            NoticeSpec::new("preavviso-errore-consegna", (22, 16))
                .to(B)
                .error("altro", "dodici ore"),
        ],
    );
    let t = every_order(None, &ns, soon());
    expect(&t, &[(A, Consegnato), (B, ErroreConsegna), (L, Esterno)]);
    assert_eq!(t.recipients[0].proof, vec![101]);
    assert_eq!(
        t.recipients[1].reason.as_deref(),
        Some("5.1.1 - casella inesistente")
    );
}
