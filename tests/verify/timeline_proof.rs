//! Only proof sets a state. A scripted exchange stored with its signed receipts gives a
//! timeline; the same exchange with unsigned and tampered receipts of every kind added — some
//! naming recipients the message never had, some contradicting a proven state — gives the
//! same recipients, states, times and proofs, in every arrival order. The receipts that prove
//! nothing are listed beside the recipient they name, marked not proven, and the dossier's
//! report says so.

use crate::support;

use chrono::{TimeZone, Utc};
use sigillo::pec::timeline::{RecipientState, Timeline};
use sigillo::store::{Source, Store, TimelineQuery};
use support::exchange::{Exchange, NoticeSpec, ingest};

const A: &str = "anna@pec.altro.it";
const B: &str = "bruno@pec.terzo.it";
const L: &str = "luca@example.com";
const M: &str = "mallory@pec.altro.it";

fn imap(uid: u32) -> Source {
    Source::Imap {
        account: "studio".into(),
        folder: "INBOX".into(),
        uidvalidity: 1,
        uid,
    }
}

/// The proven story: accepted, A delivered, B not delivered.
fn proven(x: &Exchange) -> Vec<Vec<u8>> {
    vec![
        x.notice(&NoticeSpec::new("accettazione", (10, 16))),
        x.notice(&NoticeSpec::new("avvenuta-consegna", (10, 17)).to(A)),
        x.notice(
            &NoticeSpec::new("errore-consegna", (10, 18))
                .to(B)
                .error("no-dest", "5.1.1 - casella inesistente"),
        ),
    ]
}

/// Receipts of every kind that prove nothing, each in an unsigned and a tampered form.
fn unproven(x: &Exchange, y: &Exchange) -> Vec<Vec<u8>> {
    let specs = [
        // An acceptance that lists a recipient the message never had (y names M).
        (y, NoticeSpec::new("accettazione", (10, 15))),
        (
            x,
            NoticeSpec::new("non-accettazione", (10, 15)).error("altro", "rifiutato"),
        ),
        (x, NoticeSpec::new("presa-in-carico", (10, 16))),
        // Delivered to the one who was not delivered, and to a stranger.
        (x, NoticeSpec::new("avvenuta-consegna", (10, 30)).to(B)),
        (y, NoticeSpec::new("avvenuta-consegna", (10, 31)).to(M)),
        // Not delivered to the one who was.
        (
            x,
            NoticeSpec::new("errore-consegna", (10, 40))
                .to(A)
                .error("no-dest", "5.1.1"),
        ),
        (
            x,
            NoticeSpec::new("preavviso-errore-consegna", (22, 16))
                .to(A)
                .error("altro", "dodici ore"),
        ),
        (
            x,
            NoticeSpec::new("rilevazione-virus", (10, 50)).to(A).virus(),
        ),
    ];
    let mut out = Vec::new();
    for (ex, s) in specs {
        out.push(ex.unsigned_notice(&s));
        out.push(ex.tampered_notice(&s));
    }
    out
}

fn timeline_of(messages: &[(Vec<u8>, Source)]) -> Timeline {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    for (raw, src) in messages {
        ingest(&mut store, raw, src).unwrap();
    }
    let now = Utc.with_ymd_and_hms(2025, 2, 5, 12, 0, 0).unwrap();
    let mut t = store
        .timelines(&TimelineQuery {
            now,
            ..TimelineQuery::default()
        })
        .unwrap();
    assert_eq!(t.len(), 1, "one transmission: {t:#?}");
    t.remove(0)
}

/// What proof decided: recipients, their classification, states, times, reasons, and the
/// receipts that prove them (by kind and time: store ids follow the arrival order).
fn decided(t: &Timeline) -> Vec<String> {
    let mut v: Vec<String> = t
        .recipients
        .iter()
        .map(|r| {
            let proofs: Vec<String> = r
                .proof
                .iter()
                .map(|id| {
                    r.receipts
                        .iter()
                        .find(|x| x.id == *id)
                        .map(|x| format!("{}@{:?}", x.kind.as_str(), x.at))
                        .unwrap_or_else(|| "acceptance".into())
                })
                .collect();
            format!(
                "{} {:?} {} {:?} {:?} {:?} {proofs:?}",
                r.address,
                r.certified,
                r.state.as_str(),
                r.at,
                r.reason,
                r.receipt_type,
            )
        })
        .collect();
    v.push(format!(
        "acceptance {} {:?} {}",
        t.acceptance.state.as_str(),
        t.acceptance.at,
        t.acceptance.receipt.is_some()
    ));
    v
}

#[test]
fn receipts_that_prove_nothing_never_change_a_state_or_add_a_recipient() {
    let x = Exchange::new(9, &[(A, true), (B, true), (L, false)]);
    // The same identifiers, but a recipient list with a stranger: its receipts try to add M.
    let mut y = x.clone();
    y.recipients.push((M.to_owned(), true));

    let mut base: Vec<(Vec<u8>, Source)> = vec![(
        x.sent(),
        Source::Sent {
            account: "studio".into(),
        },
    )];
    for (i, r) in proven(&x).into_iter().enumerate() {
        base.push((r, imap(i as u32 + 1)));
    }
    let reference = timeline_of(&base);
    let states: Vec<(&str, RecipientState)> = reference
        .recipients
        .iter()
        .map(|r| (r.address.as_str(), r.state))
        .collect();
    assert_eq!(
        states,
        vec![
            (A, RecipientState::Consegnato),
            (B, RecipientState::ErroreConsegna),
            (L, RecipientState::Esterno)
        ]
    );
    assert!(
        reference
            .recipients
            .iter()
            .all(|r| r.receipts.iter().all(|x| x.proven))
    );

    let extra = unproven(&x, &y);
    let mut all = base.clone();
    for (i, r) in extra.iter().enumerate() {
        all.push((r.clone(), imap(100 + i as u32)));
    }
    // Several arrival orders: the unproven ones first, last, interleaved.
    let mut orders: Vec<Vec<(Vec<u8>, Source)>> = vec![all.clone()];
    let mut rev = all.clone();
    rev.reverse();
    orders.push(rev);
    let mut mixed = all.clone();
    mixed.sort_by_key(|(raw, _)| raw.len());
    orders.push(mixed);
    for order in orders {
        let t = timeline_of(&order);
        assert_eq!(decided(&t), decided(&reference), "{t:#?}");
        assert!(
            !t.recipients.iter().any(|r| r.address == M),
            "an unproven receipt added a recipient"
        );
        // Every unproven receipt is kept in view, marked: beside A or B, or apart.
        let listed: usize = t
            .recipients
            .iter()
            .map(|r| r.receipts.iter().filter(|x| !x.proven).count())
            .sum::<usize>()
            + t.unassigned.iter().filter(|x| !x.proven).count();
        assert!(listed >= extra.len(), "{listed} of {} listed", extra.len());
        let a = t.recipients.iter().find(|r| r.address == A).unwrap();
        assert!(
            a.receipts.iter().any(|x| !x.proven),
            "the unproven non-delivery to A is shown beside A"
        );
        // Proofs are proven receipts only.
        for r in &t.recipients {
            for id in &r.proof {
                let x = r.receipts.iter().find(|x| x.id == *id).unwrap();
                assert!(x.proven, "{} is proven by an unproven receipt", r.address);
            }
        }
    }
}

/// The dossier report of the exchange with unproven receipts: the outcomes are the proven ones
/// and every unproven receipt is marked as proving nothing.
#[test]
fn the_dossier_report_marks_unproven_receipts_and_keeps_the_proven_outcome() {
    let x = Exchange::new(10, &[(A, true), (B, true), (L, false)]);
    let y = x.clone();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("p")).unwrap();
    let sent = ingest(
        &mut store,
        &x.sent(),
        &Source::Sent {
            account: "studio".into(),
        },
    )
    .unwrap()
    .id;
    for (i, r) in proven(&x).into_iter().chain(unproven(&x, &y)).enumerate() {
        ingest(&mut store, &r, &imap(i as u32 + 1)).unwrap();
    }
    let out = dir.path().join("dossier");
    let trust = support::exchange::trust();
    sigillo::export::export(
        &store,
        &trust,
        &sigillo::export::ExportRequest::message(sent),
        &out,
        &sigillo::export::ExportOptions {
            lang: sigillo::i18n::Lang::It,
            format: sigillo::export::Format::Folder,
            ..Default::default()
        },
        &mut |_| {},
        &std::sync::atomic::AtomicBool::new(false),
    )
    .unwrap();
    let report = support::dossier::pdf_text(&out.join("report.pdf"));
    let squeezed: String = report.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(squeezed.contains("NON PROVATA"), "{squeezed}");
    // The stranger an unproven receipt names is never a recipient of the report (a heading
    // "address — certified/external"); its receipt is listed apart, marked.
    assert!(
        !squeezed.contains(&format!("{M} —")),
        "a stranger as a recipient in the report"
    );
    for who in [A, B, L] {
        assert!(squeezed.contains(&format!("{who} —")), "{who} missing");
    }
}
