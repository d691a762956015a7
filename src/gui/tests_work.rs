//! Headless tests of working in the window all day (iced's simulator and the app's own
//! messages): moving through the list with the arrows and opening with Enter, every shortcut,
//! Tab and Ctrl+Enter left to the window by the compose fields, a reply that quotes the
//! certified original, a forward-as-proof whose attachment is byte for byte the signed
//! envelope (and still verifies), printing through the dossier's PDF engine, the built-in
//! file chooser standing in when no desktop portal answers, and a new message, reply or draft
//! that never takes the place of unsaved work.

use iced::keyboard::key::Named;
use iced_test::simulator;

use sigillo::i18n::{Lang, tr};
use sigillo::net::reply::ReplyKind;
use sigillo::verify::Status;

use super::shortcuts::Shortcut;
use super::tests::{demo_data, demo_message, demo_message_where, texts};
use super::{App, Message, Options, Screen, compose, mailbox, message_view};

/// The demo app in Italian, its lists loaded.
fn demo_app() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, _) = App::boot(Options {
        profile: Some(dir.path().to_owned()),
        demo: true,
        ..Options::default()
    });
    let _ = app.update(Message::Settings(super::settings::Message::Language(
        Lang::It,
    )));
    let data = app.data.clone().unwrap();
    let rows = data
        .with_store_now(|s| s.list(&sigillo::store::ListQuery::default()))
        .unwrap();
    let _ = app.update(Message::Mailbox(mailbox::Message::ResultsLoaded(
        app.mailbox.generation(),
        Ok(rows),
    )));
    (dir, app)
}

/// The demo's received PEC whose provider signature holds.
fn valid_pec() -> sigillo::reading::OpenedMessage {
    demo_message_where(|raw, o| {
        String::from_utf8_lossy(raw).contains("Verbale della riunione")
            && o.verification.status == Status::Valid
    })
}

/// Shows `opened` in the app's reading pane.
fn show(app: &mut App, opened: sigillo::reading::OpenedMessage) {
    app.viewer = Some(message_view::MessageView::new(opened));
}

#[test]
fn the_arrows_move_through_the_list_and_enter_opens() {
    let (_dir, mut app) = demo_app();
    assert!(app.mailbox.total() > 3);
    let first = app.mailbox.row_id(0).unwrap();
    let second = app.mailbox.row_id(1).unwrap();
    let third = app.mailbox.row_id(2).unwrap();
    for _ in 0..3 {
        let _ = app.update(Message::Key(Shortcut::Down));
    }
    assert_eq!(
        app.mailbox.cursor_id(),
        Some(third),
        "down 3: the third row"
    );
    let _ = app.update(Message::Key(Shortcut::Up));
    assert_eq!(app.mailbox.cursor_id(), Some(second), "up 1: the second");
    assert_eq!(
        app.mailbox.selected, None,
        "moving does not open (nor mark read)"
    );
    let _ = app.update(Message::Key(Shortcut::Open));
    assert_eq!(app.mailbox.selected, Some(second), "Enter opens it");
    // The top stops at the first row.
    for _ in 0..10 {
        let _ = app.update(Message::Key(Shortcut::Up));
    }
    assert_eq!(app.mailbox.cursor_id(), Some(first));
}

#[test]
fn each_shortcut_does_its_job() {
    let (_dir, mut app) = demo_app();
    // F1 (or ?) shows the help over the window; Esc closes it.
    let _ = app.update(Message::Key(Shortcut::Help));
    let shown = texts(app.view());
    assert!(
        shown
            .iter()
            .any(|(t, _)| *t == tr(Lang::It, "gui-keys-title"))
    );
    assert!(shown.iter().any(|(t, _)| t == "Ctrl+F"));
    let _ = app.update(Message::Key(Shortcut::Escape));
    assert!(
        !texts(app.view())
            .iter()
            .any(|(t, _)| *t == tr(Lang::It, "gui-keys-title"))
    );
    // Ctrl+N writes, Ctrl+F goes back to the mail.
    let _ = app.update(Message::Key(Shortcut::Compose));
    assert_eq!(app.screen, Screen::Compose);
    let _ = app.update(Message::Key(Shortcut::Search));
    assert_eq!(app.screen, Screen::Mailbox);
    // Ctrl+R, Ctrl+Shift+R and Ctrl+L with a message shown.
    show(&mut app, valid_pec());
    for (s, subject_prefix) in [
        (Shortcut::Reply, "Re: "),
        (Shortcut::ReplyAll, "Re: "),
        (Shortcut::Forward, "I: "),
    ] {
        app.screen = Screen::Mailbox;
        let _ = app.update(Message::Key(s));
        assert_eq!(app.screen, Screen::Compose, "{s:?}");
        assert!(
            app.compose.draft.subject.starts_with(subject_prefix),
            "{s:?}: {}",
            app.compose.draft.subject
        );
    }
    // Ctrl+Enter sends what is being written (the demo says it does not send).
    app.compose.draft.to = "anna@pec.alfa.it".into();
    let _ = app.update(Message::Key(Shortcut::Send));
    assert!(
        texts(app.view())
            .iter()
            .any(|(t, _)| *t == tr(Lang::It, "gui-compose-demo-no-send"))
    );
    // Esc closes the import menu, then the error line.
    let _ = app.update(Message::ImportMenu);
    assert!(app.import_menu);
    let _ = app.update(Message::Key(Shortcut::Escape));
    assert!(!app.import_menu);
    // With nothing to close it lets the focused field go (a widget operation for the window),
    // so that the arrows reach the list after a search.
    app.error = None;
    app.screen = Screen::Mailbox;
    let task = app.update(Message::Key(Shortcut::Escape));
    assert!(
        task.units() > 0,
        "Esc with nothing to close must unfocus the field"
    );
    // Arrows do nothing on another screen.
    app.screen = Screen::Timeline;
    let _ = app.update(Message::Key(Shortcut::Down));
    assert_eq!(app.mailbox.cursor_id(), None);
}

#[test]
fn compose_fields_leave_tab_and_ctrl_enter_to_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let screen = compose::ComposeScreen::default();
    let mut ui = simulator(screen.view(Lang::It, dir.path(), &[]));
    ui.click("nome@pec.esempio.it").expect("the To field");
    // A focused field does not swallow Tab: the window's shortcut moves to the next field.
    assert_eq!(
        ui.tap_key(Named::Tab),
        iced::event::Status::Ignored,
        "Tab in a field"
    );
    assert_eq!(
        super::shortcuts::shortcut(
            &iced::keyboard::Key::Named(Named::Tab),
            iced::keyboard::Modifiers::empty(),
            false
        ),
        Some(Shortcut::NextField)
    );
    // In the body editor, Tab and Ctrl+Enter are not typed into the text either.
    let found = texts(screen.view(Lang::It, dir.path(), &[]));
    let receipt = found
        .iter()
        .find(|(t, _)| *t == tr(Lang::It, "gui-compose-receipt-explained"))
        .unwrap()
        .1;
    let mut ui = simulator(screen.view(Lang::It, dir.path(), &[]));
    ui.point_at(iced::Point::new(400.0, receipt + 60.0));
    let _ = ui.simulate(iced_test::simulator::click());
    // The editor has the focus: typed letters go into the body...
    let _ = ui.typewrite("ab");
    // ...but Tab and Ctrl+Enter do not.
    assert_eq!(ui.tap_key(Named::Tab), iced::event::Status::Ignored);
    let mut ctrl_enter = iced_test::simulator::press_key(Named::Enter, None);
    if let iced::Event::Keyboard(iced::keyboard::Event::KeyPressed { modifiers, .. }) =
        &mut ctrl_enter
    {
        *modifiers = iced::keyboard::Modifiers::COMMAND;
    }
    let _ = ui.simulate([ctrl_enter, iced_test::simulator::release_key(Named::Enter)]);
    let _ = ui.simulate([
        iced_test::simulator::press_key(Named::Enter, None),
        iced_test::simulator::release_key(Named::Enter),
    ]);
    let edits: Vec<compose::Message> = ui
        .into_messages()
        .filter(|m| {
            matches!(
                m,
                compose::Message::Body(iced::widget::text_editor::Action::Edit(_))
            )
        })
        .collect();
    assert_eq!(
        edits.len(),
        3,
        "a, b and the plain Enter; not Tab nor Ctrl+Enter: {edits:?}"
    );
}

#[test]
fn a_reply_quotes_the_certified_original_never_the_envelope_text() {
    let (_dir, mut app) = demo_app();
    let opened = valid_pec();
    assert_eq!(opened.verification.status, Status::Valid);
    let original = opened
        .classification
        .original
        .as_ref()
        .expect("the envelope's postacert.eml")
        .bytes
        .clone();
    let outer_text = String::from_utf8_lossy(&opened.raw).into_owned();
    show(&mut app, opened.clone());
    // Through the button under the message.
    let mut ui = simulator(app.viewer.as_ref().unwrap().view(Lang::It));
    ui.click(tr(Lang::It, "gui-reply").as_str())
        .expect("the reply button");
    for m in ui.into_messages().collect::<Vec<_>>() {
        let _ = app.update(Message::View(m));
    }
    assert_eq!(app.screen, Screen::Compose);
    let d = &app.compose.draft;
    let parsed = mail_parser::MessageParser::default()
        .parse(&original)
        .unwrap();
    let sender = parsed.from().unwrap().first().unwrap().address().unwrap();
    assert_eq!(
        sigillo::net::compose::split_recipients(&d.to),
        vec![sender.to_owned()]
    );
    assert_eq!(d.in_reply_to.as_deref(), parsed.message_id());
    let text = sigillo::pec::body::readable_text(&original).unwrap();
    let first_line = text.lines().find(|l| !l.trim().is_empty()).unwrap();
    assert!(
        d.body.contains(&format!("> {first_line}")),
        "the certified text is quoted: {}",
        d.body
    );
    // The provider's own words of the envelope are not.
    let envelope_text =
        sigillo::pec::body::readable_text(opened.raw.as_slice()).unwrap_or_default();
    for line in envelope_text.lines().filter(|l| l.len() > 20) {
        if !text.contains(line) {
            assert!(!d.body.contains(line), "envelope text quoted: {line}");
        }
    }
    assert!(!outer_text.is_empty());
}

#[test]
fn forward_as_proof_carries_the_signed_envelope_byte_for_byte() {
    let (_dir, mut app) = demo_app();
    let opened = valid_pec();
    show(&mut app, opened.clone());
    let _ = app.update(Message::View(message_view::Message::App(
        message_view::Event::Reply(ReplyKind::ForwardAsProof),
    )));
    assert_eq!(app.screen, Screen::Compose);
    assert_eq!(app.compose.draft.kept.len(), 1);
    assert_eq!(app.compose.draft.kept[0].bytes, *opened.raw);
    // As it would be sent: built, then read back as the recipient's program reads it.
    app.compose.draft.to = "anna@pec.alfa.it".into();
    let net = app.compose.draft.to_net().unwrap();
    let account = sigillo::account::Account::from_preset(
        "studio",
        "studio@pec.it",
        &sigillo::account::PRESETS[0],
    );
    let sent = sigillo::net::compose::build(&account, &net).unwrap();
    let (name, bytes) = sigillo::pec::body::attachment(&sent.raw, 0).unwrap();
    assert!(name.unwrap().ends_with(".eml"));
    assert_eq!(bytes, *opened.raw, "byte for byte");
    // And the recipient can verify it: the provider signature still holds.
    let (_, data) = demo_data();
    let again = message_view::prepare(1, bytes, &data.trust(), None, Lang::It);
    assert_eq!(again.verification.status, Status::Valid);
}

#[test]
fn printing_makes_a_pdf_with_the_outcome_first() {
    let (dir, data) = demo_data();
    let opened = valid_pec();
    let store = sigillo::store::Store::open(dir.path()).unwrap();
    let options = sigillo::export::ExportOptions {
        lang: Lang::It,
        ..Default::default()
    };
    use sigillo::export::print::{PrintWhat, print_pdf};
    let pdf = print_pdf(
        &store,
        &data.trust(),
        opened.id,
        PrintWhat::Message,
        &options,
    )
    .unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let doc = sigillo::export::print::message_document(
        &opened.raw,
        &data.trust(),
        Lang::It,
        chrono::Utc::now(),
    );
    let labels: Vec<String> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            sigillo::export::pdf::Block::Heading(h) => Some(h.clone()),
            sigillo::export::pdf::Block::Field { value, .. } => Some(value.clone()),
            _ => None,
        })
        .collect();
    // What happened first, then the signature that proves it.
    let headline = labels
        .iter()
        .position(|t| *t == sigillo::i18n::outcome_headline(Lang::It, &opened.outcome))
        .expect("what happened is printed");
    let outcome = labels
        .iter()
        .position(|t| *t == sigillo::i18n::status_label(Lang::It, Status::Valid))
        .expect("the signature outcome is printed");
    assert!(
        headline < outcome,
        "what happened comes before the signature"
    );
    let message = labels
        .iter()
        .position(|t| *t == tr(Lang::It, "export-section-message"))
        .unwrap();
    assert!(outcome < message, "the outcome comes first");
    // A sent message's timeline prints as its dossier report.
    let sent = demo_message("Convocazione assemblea del 20 marzo");
    let tl = print_pdf(
        &store,
        &data.trust(),
        sent.id,
        PrintWhat::Timeline,
        &options,
    )
    .unwrap();
    assert!(tl.starts_with(b"%PDF-") && tl.len() > 1000);
}

#[test]
fn without_a_portal_the_built_in_chooser_stands_in() {
    let (dir, mut app) = demo_app();
    app.native_dialogs = false;
    let folder = dir.path().join("allegati");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("contratto.pdf"), b"%PDF-1.4 x").unwrap();
    app.settings.last_folder = Some(folder.clone());
    app.screen = Screen::Compose;
    let _ = app.update(Message::Compose(compose::Message::Browse));
    let shown = texts(app.view());
    assert!(
        shown
            .iter()
            .any(|(t, _)| *t == tr(Lang::It, "gui-chooser-title-files")),
        "the chooser opens instead of nothing"
    );
    // Pick the file through the chooser's own buttons.
    let mut ui = simulator(app.view());
    ui.click("contratto.pdf").expect("the file");
    for m in ui.into_messages().collect::<Vec<_>>() {
        let _ = app.update(m);
    }
    let mut ui = simulator(app.view());
    ui.click(tr(Lang::It, "gui-chooser-choose").as_str())
        .expect("choose");
    for m in ui.into_messages().collect::<Vec<_>>() {
        let _ = app.update(m);
    }
    assert!(app.chooser.is_none());
    assert_eq!(
        app.compose.draft.attachments,
        [folder.join("contratto.pdf")]
    );
    // A file dropped on the window while writing is attached too.
    std::fs::write(folder.join("delega.pdf"), b"%PDF-1.4 y").unwrap();
    let _ = app.update(Message::Dropped(folder.join("delega.pdf")));
    assert_eq!(app.compose.draft.attachments.len(), 2);
}

#[test]
fn an_exported_dossier_is_named_after_the_message() {
    let (dir, data) = demo_data();
    let sent = demo_message("Convocazione assemblea del 20 marzo");
    let out = tempfile::tempdir().unwrap();
    let path = super::export::run(
        dir.path(),
        &data.trust(),
        sent.id,
        Lang::It,
        sigillo::pec::timeline::Policy::default(),
        out.path(),
        &std::sync::atomic::AtomicBool::new(false),
        &mut |_| {},
    )
    .expect("export");
    assert_eq!(path.parent(), Some(out.path()), "into the folder chosen");
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    // Date, subject, first recipient: not "sigillo-dossier-1.zip".
    assert!(name.starts_with("2025-03-0"), "{name}");
    assert!(name.contains("Convocazione-assemblea"), "{name}");
    assert!(name.contains("_anna.barbieri@pec.demo"), "{name}");
    assert!(name.ends_with(".zip"), "{name}");
}

/// The font the window draws with on Debian (the package depends on fonts-dejavu-core, and
/// `sans-serif` resolves to it): the simulator's own default is narrower, and would let labels
/// pass that a real window cuts off.
const DEJAVU_SANS: &str = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

/// Every label of the top bar, and the demo's explanation under it, is drawn whole inside a
/// window of `width`: nothing cut off at the right edge or squeezed to nothing.
fn assert_top_bar_fits(app: &App, lang: Lang, width: f32, height: f32) {
    let font = std::fs::read(DEJAVU_SANS)
        .unwrap_or_else(|e| panic!("{DEJAVU_SANS} (apt install fonts-dejavu-core): {e}"));
    let settings = iced::Settings {
        fonts: vec![font.into()],
        default_font: iced::Font::with_name("DejaVu Sans"),
        ..iced::Settings::default()
    };
    let mut ui =
        iced_test::Simulator::with_size(settings, iced::Size::new(width, height), app.view());
    let mut labels: Vec<String> = [
        "gui-tab-mailbox",
        "gui-tab-timeline",
        "gui-tab-compose",
        "gui-tab-settings",
        "gui-add-account",
    ]
    .iter()
    .map(|k| tr(lang, k))
    .collect();
    labels.push("?".into());
    if app.demo {
        labels.push(tr(lang, "gui-demo-marker"));
        labels.push(tr(lang, "gui-demo-explained"));
    } else {
        labels.push(tr(lang, "gui-import"));
    }
    for label in &labels {
        let found = ui
            .find(label.as_str())
            .unwrap_or_else(|e| panic!("{label:?} is shown at {width}×{height}: {e}"));
        let b = found.bounds();
        assert!(
            b.x >= 0.0 && b.x + b.width <= width && b.y + b.height <= height && b.width > 6.0,
            "{label:?} lies inside the {width}×{height} window: {b:?}"
        );
    }
}

/// Window sizes the top bar must fit: the default, a small laptop, half a screen, and less.
const WINDOW_SIZES: [(f32, f32); 4] = [
    (1280.0, 800.0),
    (1024.0, 640.0),
    (800.0, 600.0),
    (640.0, 480.0),
];

#[test]
fn the_top_bar_fits_small_windows() {
    for lang in [Lang::It, Lang::En] {
        let (_dir, mut demo) = demo_app();
        let _ = demo.update(Message::Settings(super::settings::Message::Language(lang)));
        // A profile with no account yet: Import and Add account instead of the demo marker.
        let dir = tempfile::tempdir().unwrap();
        let (mut empty, _) = App::boot(Options {
            profile: Some(dir.path().to_owned()),
            ..Options::default()
        });
        let _ = empty.update(Message::Settings(super::settings::Message::Language(lang)));
        assert!(demo.demo && !empty.demo);
        for app in [&demo, &empty] {
            for (w, h) in WINDOW_SIZES {
                assert_top_bar_fits(app, lang, w, h);
            }
        }
    }
}

/// Writes `subject` to `to` in the app's compose screen, as typing would.
fn write(app: &mut App, to: &str, subject: &str) {
    let _ = app.update(Message::Compose(compose::Message::To(to.into())));
    let _ = app.update(Message::Compose(compose::Message::Subject(subject.into())));
}

/// The saved drafts of the app's profile, by subject.
fn draft_subjects(app: &App) -> Vec<String> {
    let profile = app.data.as_ref().unwrap().profile().to_owned();
    sigillo::net::compose::Drafts::new(&profile)
        .list()
        .unwrap()
        .into_iter()
        .map(|d| d.subject)
        .collect()
}

/// True when the window shows a line containing `part`.
fn shows(app: &App, part: &str) -> bool {
    texts(app.view()).iter().any(|(t, _)| t.contains(part))
}

#[test]
fn a_reply_keeps_the_message_being_written_among_the_drafts() {
    let (_dir, mut app) = demo_app();
    let _ = app.update(Message::Key(Shortcut::Compose));
    write(&mut app, "anna@pec.alfa.it", "Preventivo lavori");
    show(&mut app, valid_pec());
    let _ = app.update(Message::Key(Shortcut::Reply));
    assert!(app.compose.draft.subject.starts_with("Re: "));
    assert_eq!(draft_subjects(&app), ["Preventivo lavori"]);
    assert!(
        shows(&app, &tr(Lang::It, "gui-compose-title-reply")),
        "a reply is called one"
    );
    assert!(
        shows(&app, "Preventivo lavori"),
        "the reply says where the message went"
    );
    // The untouched reply is not kept when the draft is opened again: nothing was written.
    let id = sigillo::net::compose::Drafts::new(app.data.as_ref().unwrap().profile())
        .list()
        .unwrap()[0]
        .id
        .clone();
    let _ = app.update(Message::Compose(compose::Message::OpenDraft(id.clone())));
    assert_eq!(app.compose.draft.subject, "Preventivo lavori");
    assert!(shows(&app, &tr(Lang::It, "gui-compose-title-draft")));
    assert_eq!(app.compose.draft.to, "anna@pec.alfa.it");
    assert_eq!(draft_subjects(&app), ["Preventivo lavori"]);
    // Deleting it from the list asks first, then removes the file.
    let _ = app.update(Message::Compose(compose::Message::DeleteDraft(id.clone())));
    assert_eq!(
        draft_subjects(&app),
        ["Preventivo lavori"],
        "asked, not deleted"
    );
    assert!(shows(
        &app,
        &tr(Lang::It, "gui-compose-draft-delete-confirm")
    ));
    let _ = app.update(Message::Compose(compose::Message::DeleteDraft(id)));
    assert!(draft_subjects(&app).is_empty());
    assert!(shows(&app, &tr(Lang::It, "gui-compose-draft-deleted")));
    assert!(
        app.compose.unsaved_work(),
        "the message on the screen is no longer saved anywhere"
    );
}

#[test]
fn ctrl_n_starts_an_empty_message_and_keeps_the_one_being_written() {
    let (_dir, mut app) = demo_app();
    let _ = app.update(Message::Key(Shortcut::Compose));
    write(&mut app, "anna@pec.alfa.it", "Verbale");
    let _ = app.update(Message::Compose(compose::Message::Body(
        iced::widget::text_editor::Action::Edit(iced::widget::text_editor::Edit::Insert('x')),
    )));
    let _ = app.update(Message::Key(Shortcut::Search));
    let _ = app.update(Message::Key(Shortcut::Compose));
    assert_eq!(app.screen, Screen::Compose);
    assert!(!app.compose.draft.has_content(), "a new, empty message");
    let title = tr(Lang::It, "gui-compose-title");
    assert!(
        texts(app.view()).iter().any(|(t, _)| *t == title),
        "{title}"
    );
    assert_eq!(draft_subjects(&app), ["Verbale"]);
    let profile = app.data.as_ref().unwrap().profile().to_owned();
    let kept = sigillo::net::compose::Drafts::new(&profile).list().unwrap()[0]
        .id
        .clone();
    let (_, saved) = sigillo::net::compose::Drafts::new(&profile)
        .load(&kept)
        .unwrap();
    assert_eq!(saved.body, "x", "the text written is in the draft");
    // An empty message is not saved; the button does what Ctrl+N does.
    let _ = app.update(Message::Key(Shortcut::Compose));
    write(&mut app, "", "Secondo");
    let _ = app.update(Message::Compose(compose::Message::New));
    assert!(!app.compose.draft.has_content());
    let mut subjects = draft_subjects(&app);
    subjects.sort();
    assert_eq!(subjects, ["Secondo", "Verbale"]);
}

#[test]
fn a_message_is_not_replaced_while_it_is_sent_or_when_it_cannot_be_kept() {
    let (_dir, mut app) = demo_app();
    let _ = app.update(Message::Key(Shortcut::Compose));
    write(&mut app, "anna@pec.alfa.it", "In partenza");
    app.compose.sending = true;
    show(&mut app, valid_pec());
    let _ = app.update(Message::Key(Shortcut::Reply));
    assert_eq!(app.compose.draft.subject, "In partenza");
    assert!(shows(&app, &tr(Lang::It, "gui-compose-busy-sending")));
    let _ = app.update(Message::Key(Shortcut::Compose));
    assert_eq!(app.compose.draft.subject, "In partenza");
    // Sent: a message whose draft cannot be written stays, and the screen says why.
    app.compose.sending = false;
    let profile = app.data.as_ref().unwrap().profile().to_owned();
    std::fs::write(profile.join("drafts"), b"not a folder").unwrap();
    let _ = app.update(Message::Key(Shortcut::Forward));
    assert_eq!(app.compose.draft.subject, "In partenza");
    assert!(shows(&app, "è rimasta qui"));
    let _ = app.update(Message::Compose(compose::Message::New));
    assert_eq!(app.compose.draft.subject, "In partenza");
}
