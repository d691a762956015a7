//! The message view says what happened first, for every kind of the demo mailbox, in both
//! languages: the outcome sentence, then the provider signature (one line when valid, the loud
//! banner when not), then the content; the final 24-hour notice is a non-delivery; the user's
//! own sent PEC is "PEC inviata" with its delivery card; a tampered receipt never reads as
//! delivered, in the message view, in the list and in the timeline.

use iced_test::simulator;

use sigillo::i18n::{self, Lang, tr};
use sigillo::outcome::{Badge, Proof};
use sigillo::pec::timeline::RecipientState;
use sigillo::store::{ListQuery, Source, Store};
use sigillo::verify::Status;

use super::data::Data;
use super::demo_files::FILES;
use super::message_view::{self, MessageView};
use super::tests::{demo_data, texts};
use super::{mailbox, timeline};
use sigillo::pec::timeline::Policy;
use sigillo::reading::{self, OpenedMessage, StoredFacts};

/// The bytes of a demo file.
fn demo_file(name: &str) -> &'static [u8] {
    FILES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, b)| *b)
        .unwrap_or_else(|| panic!("no demo file {name}"))
}

/// What the store knows of message `id`, as the window loads it.
fn stored(data: &Data, id: i64) -> StoredFacts {
    data.with_store_now(|s| reading::stored_facts(s, id, chrono::Utc::now(), &Policy::default()))
        .unwrap()
}

/// The demo message stored from file `name`, opened as the window opens it.
fn open_demo(name: &str, lang: Lang) -> OpenedMessage {
    let (_, data) = demo_data();
    let bytes = demo_file(name);
    let ids = data
        .with_store_now(|s| {
            s.list(&ListQuery::default())
                .map(|rows| rows.into_iter().map(|r| r.id).collect::<Vec<_>>())
        })
        .unwrap();
    for id in ids {
        let raw = data.with_store_now(|s| s.raw(id)).unwrap();
        if raw == bytes {
            return reading::prepare(id, raw, &data.trust(), None, lang, stored(data, id));
        }
    }
    panic!("{name} is not in the demo store");
}

/// The index of the first text that is the signature: the compact line or a banner title.
fn signature_at(found: &[(String, f32)], lang: Lang) -> Option<usize> {
    let titles: Vec<String> = Status::ALL
        .iter()
        .map(|s| tr(lang, &format!("gui-banner-title-{}", s.as_str())))
        .collect();
    found
        .iter()
        .position(|(t, _)| t.starts_with("✓ ") || titles.contains(t))
}

#[test]
fn every_demo_message_opens_with_its_outcome_then_its_signature() {
    // (file, badge, start of the Italian sentence, start of the English one)
    let expected: &[(&str, Badge, &str, &str)] = &[
        (
            "inbox/01-accettazione.eml",
            Badge::Accepted,
            "Accettata dal gestore del mittente per 2 destinatari alle ",
            "Accepted by the sender's provider for 2 recipients on ",
        ),
        (
            "inbox/02-consegna-completa.eml",
            Badge::Delivered,
            "Consegnata a paolo.conti@pec.demo-beta.example alle ",
            "Delivered to paolo.conti@pec.demo-beta.example on ",
        ),
        (
            "inbox/03-consegna-sintetica-cc.eml",
            Badge::Delivered,
            "Consegnata a sara.marchetti@pec.demo-beta.example alle ",
            "Delivered to sara.marchetti@pec.demo-beta.example on ",
        ),
        (
            "inbox/06-mancata-consegna.eml",
            Badge::NotDelivered,
            "NON consegnata a protocollo.chiuso@pec.demo-beta.example: casella inesistente",
            "NOT delivered to protocollo.chiuso@pec.demo-beta.example: the mailbox does not exist",
        ),
        (
            "inbox/08-preavviso-12-ore.eml",
            Badge::Delayed,
            "Non ancora consegnata a paolo.conti@pec.demo-beta.example dopo 12 ore",
            "Not yet delivered to paolo.conti@pec.demo-beta.example after 12 hours",
        ),
        (
            "inbox/09-mancata-consegna-24-ore.eml",
            Badge::NotDelivered,
            "NON consegnata a paolo.conti@pec.demo-beta.example: non consegnata entro 24 ore",
            "NOT delivered to paolo.conti@pec.demo-beta.example: not delivered within 24 hours",
        ),
        (
            "inbox/10-non-accettazione.eml",
            Badge::NotAccepted,
            "Non accettata: destinatari in copia nascosta",
            "Not accepted: blind-copy (Bcc) recipients",
        ),
        (
            "inbox/11-posta-certificata.eml",
            Badge::Received,
            "PEC certificata ricevuta da paolo.conti@pec.demo-beta.example alle ",
            "Certified PEC received from paolo.conti@pec.demo-beta.example on ",
        ),
        (
            "inbox/12-posta-certificata-manomessa.eml",
            Badge::NotProven,
            "Non provato: messaggio PEC da ",
            "Not proven: PEC message from ",
        ),
        (
            "inbox/13-anomalia.eml",
            Badge::Anomaly,
            "Anomalia: contenuto non certificato",
            "Anomaly: the content is not certified",
        ),
        (
            "inbox/15-mancata-consegna-virus.eml",
            Badge::Virus,
            "NON consegnata a sara.marchetti@pec.demo-beta.example: virus rilevato",
            "NOT delivered to sara.marchetti@pec.demo-beta.example: a virus was found",
        ),
        (
            "sent/01-contratto-locazione.eml",
            Badge::Sent,
            "PEC inviata: consegnata a tutti e 2 i destinatari",
            "PEC sent: delivered to all 2 recipients",
        ),
        (
            "sent/02-convocazione-assemblea.eml",
            Badge::Sent,
            "PEC inviata: consegnata a 1 di 2 destinatari, NON consegnata a 1 destinatario, 1 destinatario esterno",
            "PEC sent: delivered to 1 of 2 recipients, NOT delivered to 1 recipient, 1 external recipient",
        ),
        (
            "sent/03-sollecito-pagamento.eml",
            Badge::Sent,
            "PEC inviata: NON consegnata a paolo.conti@pec.demo-beta.example: non consegnata entro 24 ore",
            "PEC sent: NOT delivered to paolo.conti@pec.demo-beta.example: not delivered within 24 hours",
        ),
        (
            "sent/04-preventivo-con-bcc.eml",
            Badge::Sent,
            "PEC inviata: NON accettata: destinatari in copia nascosta",
            "PEC sent: NOT accepted: blind-copy (Bcc) recipients",
        ),
    ];
    for lang in Lang::ALL {
        for (file, badge, it, en) in expected {
            let opened = open_demo(file, lang);
            assert_eq!(opened.outcome.badge(), *badge, "{file}");
            let start = if lang == Lang::It { it } else { en };
            let found = texts(MessageView::new(opened.clone()).view(lang));
            // First the sentence, in the outcome's words.
            assert!(
                found[0].0.starts_with(start),
                "{lang:?} {file}: first text {:?}",
                found[0].0
            );
            assert_eq!(found[0].0, i18n::outcome_headline(lang, &opened.outcome));
            // Then how we know: the signature in the same card (none for the user's own
            // unsigned message, whose proof line says its receipts prove it).
            if opened.outcome.proof == Proof::Receipts {
                assert_eq!(found[1].0, tr(lang, "proof-receipts"), "{file}");
            } else {
                let at = signature_at(&found, lang)
                    .unwrap_or_else(|| panic!("{lang:?} {file}: no signature in {found:?}"));
                assert!(at <= 2, "{lang:?} {file}: signature at {at}");
                let valid = opened.verification.is_valid();
                assert_eq!(
                    found[at].0.starts_with("✓ "),
                    valid,
                    "{file}: compact iff valid"
                );
            }
            // The badge follows the card, before the subject.
            let badge_text = i18n::badge_label(lang, *badge);
            let b = found
                .iter()
                .position(|(t, _)| *t == badge_text)
                .unwrap_or_else(|| panic!("{lang:?} {file}: no badge {badge_text:?}"));
            assert!(b > 1, "{file}");
            // "Delivered to" is never the label of a non-delivery notice.
            if *badge != Badge::Delivered {
                assert!(
                    !found.iter().any(|(t, _)| *t == tr(lang, "gui-dc-consegna")),
                    "{lang:?} {file}"
                );
            }
        }
    }
}

#[test]
fn the_users_own_sent_pec_shows_its_delivery_card_with_local_times_and_receipts() {
    for lang in Lang::ALL {
        let opened = open_demo("sent/02-convocazione-assemblea.eml", lang);
        let found = texts(MessageView::new(opened.clone()).view(lang));
        let pos = |s: &str| found.iter().position(|(t, _)| t == s);
        let card = pos(&tr(lang, "gui-delivery-title")).expect("the delivery card");
        assert!(found.iter().any(|(t, _)| *t == tr(lang, "gui-sent-kind")));
        // Each recipient, its state, and the receipts about it.
        let t = opened.timeline.as_ref().unwrap();
        for r in &t.recipients {
            let a = pos(&r.address).unwrap_or_else(|| panic!("{} missing", r.address));
            assert!(a > card);
            let state = i18n::state_label(lang, r.state);
            assert!(found[a..].iter().any(|(x, _)| *x == state), "{}", r.address);
            for rc in &r.receipts {
                let label = super::timeline::receipt_label(lang, rc);
                assert!(pos(&label).is_some(), "{label}");
                // Times read in the local zone.
                if let Some(at) = rc.at {
                    assert!(label.contains(&i18n::time_text::local_minutes(at)));
                }
            }
        }
        // Where it is: its copy in the sent folder.
        assert!(
            found.iter().any(|(x, _)| x.starts_with(&i18n::tr_args(
                lang,
                "gui-copies-title",
                &[("count", i18n::num(1))]
            ))),
            "{found:?}"
        );
        // Clicking a receipt asks the app to open it.
        let first = &t.recipients[0].receipts[0];
        let view = MessageView::new(opened.clone());
        let mut ui = simulator(view.view(lang));
        ui.click(super::timeline::receipt_label(lang, first).as_str())
            .expect("the receipt button");
        let asked: Vec<message_view::Message> = ui.into_messages().collect();
        assert!(
            asked
                .iter()
                .any(|m| matches!(m, message_view::Message::App(message_view::Event::OpenOther(id)) if *id == first.id))
        );
    }
}

/// A delivery receipt whose signed content was changed after signing.
#[test]
fn the_certification_panel_says_when_the_signature_does_not_vouch_for_it() {
    for lang in [Lang::It, Lang::En] {
        let shown = |name: &str| -> Vec<String> {
            texts(MessageView::new(open_demo(name, lang)).view(lang))
                .into_iter()
                .map(|(t, _)| t)
                .collect()
        };
        let (title, unproven_title, note) = (
            tr(lang, "gui-daticert-title"),
            tr(lang, "gui-daticert-title-unproven"),
            tr(lang, "gui-certification-unproven"),
        );
        let valid = shown("inbox/11-posta-certificata.eml");
        assert!(valid.contains(&title), "{valid:?}");
        assert!(!valid.contains(&unproven_title) && !valid.contains(&note));
        let tampered = shown("inbox/12-posta-certificata-manomessa.eml");
        assert!(tampered.contains(&unproven_title), "{tampered:?}");
        assert!(tampered.contains(&note), "{tampered:?}");
        assert!(!tampered.contains(&title), "{tampered:?}");
    }
}

fn tampered_delivery() -> Vec<u8> {
    let raw = demo_file("inbox/02-consegna-completa.eml").to_vec();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let at = text
        .find("Ricevuta di avvenuta consegna")
        .expect("the receipt's text");
    let mut out = raw.clone();
    out[at] = b'r';
    out
}

#[test]
fn a_tampered_receipt_never_reads_as_delivered() {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path();
    // The demo's sent message, its acceptance, a tampered delivery receipt and a valid one.
    let anchor = profile.join("demo-root.pem");
    std::fs::write(&anchor, demo_file("ca/demo-root.pem")).unwrap();
    sigillo::verify::trust::add(profile, &anchor).unwrap();
    let mut store = Store::open(profile).unwrap();
    let src = |folder: &str, n: u64| Source::Import {
        path: format!("demo-{n}"),
        offset: None,
        account: Some("demo".into()),
        folder: Some(folder.into()),
    };
    store
        .ingest(
            demo_file("sent/01-contratto-locazione.eml"),
            &src("Posta inviata", 1),
        )
        .unwrap();
    store
        .ingest(demo_file("inbox/01-accettazione.eml"), &src("INBOX", 2))
        .unwrap();
    let bad = store
        .ingest(&tampered_delivery(), &src("INBOX", 3))
        .unwrap()
        .id;
    store
        .ingest(
            demo_file("inbox/03-consegna-sintetica-cc.eml"),
            &src("INBOX", 4),
        )
        .unwrap();
    let trust = sigillo::verify::TrustList::load(profile).unwrap();
    store
        .verify_pending(&trust, chrono::Utc::now(), &mut |_, _| {})
        .unwrap();
    drop(store);
    let data = Data::open(profile).unwrap();
    let paolo = "paolo.conti@pec.demo-beta.example";
    for lang in Lang::ALL {
        let delivered = i18n::tr_args(lang, "outcome-delivered", &[("who", i18n::arg(paolo))]);
        let consegnato = i18n::state_label(lang, RecipientState::Consegnato);
        // The receipt itself.
        let raw = data.with_store_now(|s| s.raw(bad)).unwrap();
        let opened = reading::prepare(bad, raw, &data.trust(), None, lang, stored(&data, bad));
        assert_eq!(opened.verification.status, Status::Tampered);
        assert_eq!(opened.outcome.badge(), Badge::NotProven);
        let found = texts(MessageView::new(opened.clone()).view(lang));
        assert!(found[0].0.contains(paolo), "{:?}", found[0]);
        for (t, _) in &found {
            assert!(!t.starts_with(&delivered), "{lang:?}: {t}");
            assert_ne!(*t, consegnato, "{lang:?}");
            assert_ne!(*t, i18n::badge_label(lang, Badge::Delivered), "{lang:?}");
        }
        // The list: the row says "not proven", not "delivered".
        let rows = data
            .with_store_now(|s| s.list(&ListQuery::default()))
            .unwrap();
        let row = rows.iter().find(|r| r.id == bad).unwrap();
        assert_eq!(row.outcome.badge(), Badge::NotProven);
        assert_eq!(
            i18n::outcome_short(lang, &row.outcome),
            tr(lang, "short-tampered")
        );
        let mut mb = mailbox::Mailbox::default();
        let _ = mb.update(mailbox::Message::ResultsLoaded(0, Ok(rows.clone())), &data);
        let list = texts(mb.list(lang));
        assert!(list.iter().any(|(t, _)| *t == tr(lang, "short-tampered")));
        // The timeline and the sent message's card: Paolo is not delivered, and the
        // tampered receipt is there, marked as proving nothing.
        let timelines = data
            .with_store_now(|s| s.timelines(&sigillo::store::TimelineQuery::default()))
            .unwrap();
        let t = &timelines[0];
        let row = t.recipients.iter().find(|r| r.address == paolo).unwrap();
        assert_ne!(row.state, RecipientState::Consegnato);
        let rc = row.receipts.iter().find(|r| r.id == bad).unwrap();
        assert!(!rc.proven);
        let label = super::timeline::receipt_label(lang, rc);
        let mut screen = timeline::TimelineScreen::default();
        let _ = screen.update(
            timeline::Message::Loaded(Ok(timelines.clone())),
            &data,
            sigillo::pec::timeline::Policy::default(),
        );
        let shown = texts(screen.view(lang));
        assert!(shown.iter().any(|(x, _)| *x == label), "{label}");
        let sent = t.sent_id.unwrap();
        let raw = data.with_store_now(|s| s.raw(sent)).unwrap();
        let opened = reading::prepare(sent, raw, &data.trust(), None, lang, stored(&data, sent));
        let found = texts(MessageView::new(opened).view(lang));
        assert!(found.iter().any(|(x, _)| *x == label));
        assert!(!found[0].0.contains("tutti") && !found[0].0.contains("all 2"));
    }
}

/// The wire codes of PEC and of the timeline: never shown to an English reader.
fn raw_codes() -> Vec<String> {
    // ("virus" is also an English word.)
    let mut codes: Vec<String> = sigillo::pec::PecKind::ALL
        .iter()
        .map(|k| k.as_str().to_owned())
        .chain(RecipientState::ALL.iter().map(|s| s.as_str().to_owned()))
        .filter(|c| c != "virus")
        .collect();
    codes.extend(
        [
            "completa",
            "breve",
            "sintetica",
            "certificato",
            "esterno",
            "nessuno",
            "no-dest",
            "no-dominio",
            "altro",
            "signing-time",
            "date-header",
        ]
        .map(str::to_owned),
    );
    codes
}

/// Problems of one text of the English window: an i18n key shown as itself, or a raw code.
fn english_problems(text: &str, codes: &[String]) -> Vec<String> {
    const PREFIXES: &[&str] = &[
        "gui-",
        "cli-",
        "kind-",
        "state-",
        "badge-",
        "outcome-",
        "short-",
        "claim-",
        "proof-",
        "failure-",
        "refusal-",
        "errore-",
        "warn-",
        "time-source-",
        "status-",
        "receipt-",
        "recipient-",
        "note-",
        "export-",
        "sdi-",
        "fattura-",
        "p7m-",
        "account-",
        "sync-",
        "send-",
        "print-",
        "trust-",
        "reply-",
    ];
    let mut out = Vec::new();
    let looks_like_key = text
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if looks_like_key && PREFIXES.iter().any(|p| text.starts_with(p)) {
        out.push(format!("untranslated key {text:?}"));
    }
    for token in text.split(|c: char| !(c.is_alphanumeric() || "-@._".contains(c))) {
        // Addresses and file names are content (`posta-certificata@…`).
        if token.contains('@') || token.contains('.') {
            continue;
        }
        if codes.iter().any(|c| c == token) {
            out.push(format!("raw code {token:?} in {text:?}"));
        }
    }
    out
}

#[test]
fn the_english_window_shows_no_untranslated_key_and_no_raw_code() {
    let lang = Lang::En;
    let codes = raw_codes();
    let mut problems = Vec::new();
    // The providers' own words (the extended error) are content, in Italian.
    let provider_words: Vec<String> = FILES
        .iter()
        .filter_map(|(_, b)| sigillo::pec::classify(b).daticert?.errore_esteso)
        .collect();
    let mut check = |where_: &str, found: Vec<(String, f32)>, content: &[String]| {
        for (t, _) in found {
            let t = t.trim().to_owned();
            if content.contains(&t) || provider_words.iter().any(|w| t.ends_with(w)) {
                continue;
            }
            for p in english_problems(&t, &codes) {
                problems.push(format!("{where_}: {p}"));
            }
        }
    };
    // Every message of the demo, with its certification data panel.
    for (name, _) in FILES.iter().filter(|(n, _)| n.ends_with(".eml")) {
        let opened = open_demo(name, lang);
        let mut content = vec![opened.body.clone()];
        let c = &opened.classification;
        content.extend(c.display_subject().map(str::to_owned));
        content.extend(c.original.as_ref().and_then(|o| o.summary.subject.clone()));
        content.extend(c.daticert.as_ref().and_then(|d| d.oggetto.clone()));
        check(name, texts(MessageView::new(opened).view(lang)), &content);
    }
    // The list, the folders and filters, the timeline, and the whole window.
    let (_, data) = demo_data();
    let rows = data
        .with_store_now(|s| s.list(&ListQuery::default()))
        .unwrap();
    let subjects: Vec<String> = rows.iter().filter_map(|r| r.subject.clone()).collect();
    let mut mb = mailbox::Mailbox::default();
    let _ = mb.update(mailbox::Message::ResultsLoaded(0, Ok(rows)), data);
    check("list", texts(mb.list(lang)), &subjects);
    check("toolbar", texts(mb.toolbar(lang)), &[]);
    let timelines = data
        .with_store_now(|s| s.timelines(&sigillo::store::TimelineQuery::default()))
        .unwrap();
    let mut screen = timeline::TimelineScreen::default();
    let _ = screen.update(
        timeline::Message::Loaded(Ok(timelines)),
        data,
        sigillo::pec::timeline::Policy::default(),
    );
    check("timeline", texts(screen.view(lang)), &subjects);
    let dir = tempfile::tempdir().unwrap();
    let (mut app, _) = super::App::boot(super::Options {
        profile: Some(dir.path().to_owned()),
        demo: true,
        ..super::Options::default()
    });
    let _ = app.update(super::Message::Settings(
        super::settings::Message::Language(Lang::En),
    ));
    check("window", texts(app.view()), &subjects);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The check itself sees what it must refuse.
    assert!(!english_problems("gui-no-such-text", &codes).is_empty());
    assert!(!english_problems("Type: avvenuta-consegna", &codes).is_empty());
    assert!(english_problems("posta-certificata@pec.demo-alfa.example", &codes).is_empty());
}
