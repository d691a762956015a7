//! Headless tests of deleting from the window: a message that is proof is deleted only after
//! the window showed what proof goes and the user confirmed; "keep" keeps it; the deletion is
//! recorded in the register; a deletion waits a few seconds with "Annulla" (Delete and
//! Ctrl+Z from the keyboard) before the store deletes.

use sigillo::i18n::{Lang, tr};

use super::tests::texts;
use super::{App, Message, Options, message_view};

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
    (dir, app)
}

#[test]
fn deleting_proof_shows_what_goes_and_waits_for_confirmation() {
    let (_dir, mut app) = demo_app();
    let data = app.data.clone().unwrap();
    let ids: Vec<i64> = data
        .with_store_now(|s| {
            s.list(&sigillo::store::ListQuery::default())
                .map(|rows| rows.into_iter().map(|r| r.id).collect())
        })
        .unwrap();
    let (id, stake) = ids
        .iter()
        .find_map(|&id| {
            let stake = data.with_store_now(|s| s.proof_at_stake(id)).unwrap();
            stake.is_proof().then_some((id, stake))
        })
        .expect("the demo holds proof");
    let raw = data.with_store_now(|s| s.raw(id)).unwrap();
    app.viewer = Some(message_view::MessageView::new(message_view::prepare(
        id,
        raw,
        &data.trust(),
        None,
        Lang::It,
    )));
    let lines: Vec<String> = stake
        .items
        .iter()
        .map(|p| sigillo::export::text::proof_item_text(Lang::It, p))
        .collect();
    let _ = app.update(Message::DeleteAsked(Ok((id, lines.clone()))));
    let shown: Vec<String> = texts(app.viewer.as_ref().unwrap().view(Lang::It))
        .into_iter()
        .map(|(t, _)| t)
        .collect();
    assert!(
        shown.contains(&tr(Lang::It, "gui-delete-proof")),
        "{shown:?}"
    );
    for l in &lines {
        assert!(shown.contains(&format!("• {l}")), "{l} not in {shown:?}");
    }
    assert!(shown.contains(&tr(Lang::It, "gui-delete-anyway")));
    // The question is the first thing under the outcome, whatever the message's length.
    let at = |t: &str, shown: &[String]| shown.iter().position(|s| s == t).unwrap();
    assert!(
        at(&tr(Lang::It, "gui-delete-proof"), &shown) <= 3,
        "{shown:?}"
    );
    // Esc keeps it, as "Conserva" does.
    let _ = app.on_shortcut(super::shortcuts::Shortcut::Escape, &data);
    assert!(!app.viewer.as_ref().unwrap().asking_delete());
    let _ = app.update(Message::DeleteAsked(Ok((id, lines.clone()))));
    assert!(app.viewer.as_ref().unwrap().asking_delete());
    // Keep: the question goes, the message stays.
    let _ = app.update(Message::View(message_view::Message::CancelDelete));
    let shown: Vec<String> = texts(app.viewer.as_ref().unwrap().view(Lang::It))
        .into_iter()
        .map(|(t, _)| t)
        .collect();
    assert!(!shown.contains(&tr(Lang::It, "gui-delete-anyway")));
    assert!(data.with_store_now(|s| s.raw(id)).is_ok());
    // Confirmed (the app's task, run here): deleted, recorded, the view closed.
    let sha = data.with_store_now(|s| s.message(id)).unwrap().sha256;
    data.with_store_now(|s| s.delete_message(id)).unwrap();
    let _ = app.update(Message::Deleted(Ok(id)));
    assert!(app.viewer.is_none());
    let recorded = data
        .with_store_now(|s| s.register_entries())
        .unwrap()
        .into_iter()
        .any(|e| e.event == "deleted" && e.subject.as_deref() == Some(sha.as_str()));
    assert!(recorded, "the deletion is in the register");
}

#[test]
fn a_deletion_waits_for_its_undo_time_and_can_be_undone() {
    use super::shortcuts::Shortcut;
    let (_dir, mut app) = demo_app();
    let data = app.data.clone().unwrap();
    let listed = data
        .with_store_now(|s| s.list(&sigillo::store::ListQuery::default()))
        .unwrap();
    let (id, other) = (listed[0].id, listed[1].id);
    let open = |app: &mut App, id: i64| {
        let raw = data.with_store_now(|s| s.raw(id)).unwrap();
        app.viewer = Some(message_view::MessageView::new(message_view::prepare(
            id,
            raw,
            &data.trust(),
            None,
            Lang::It,
        )));
    };
    // Delete from the keyboard on the message shown: the store is asked what proof goes.
    open(&mut app, id);
    assert_eq!(app.on_shortcut(Shortcut::Delete, &data).units(), 1);
    // Confirmed: the view closes and the row waits; the store still has the message, and the
    // deletion is a timer, not done yet.
    let task = app.update(Message::View(message_view::Message::App(
        message_view::Event::ConfirmDelete,
    )));
    assert!(task.units() >= 1);
    assert!(app.viewer.is_none());
    assert_eq!(app.mailbox.pending_delete, Some(id));
    assert!(data.with_store_now(|s| s.raw(id)).is_ok());
    // Ctrl+Z keeps it: when the time runs out nothing is deleted.
    let _ = app.on_shortcut(Shortcut::Undo, &data);
    assert_eq!(app.mailbox.pending_delete, None);
    assert_eq!(app.update(Message::DeleteDue(id)).units(), 0);
    assert!(data.with_store_now(|s| s.raw(id)).is_ok());
    // Not undone: when the time runs out the store deletes it.
    open(&mut app, id);
    let _ = app.update(Message::View(message_view::Message::App(
        message_view::Event::ConfirmDelete,
    )));
    assert_eq!(app.update(Message::DeleteDue(id)).units(), 1);
    assert_eq!(app.mailbox.pending_delete, None);
    // A second deletion while one waits carries the first out at once (its store task beside
    // the new timer).
    open(&mut app, id);
    let one = app.update(Message::View(message_view::Message::App(
        message_view::Event::ConfirmDelete,
    )));
    open(&mut app, other);
    let two = app.update(Message::View(message_view::Message::App(
        message_view::Event::ConfirmDelete,
    )));
    assert_eq!(two.units(), one.units() + 1);
    assert_eq!(app.mailbox.pending_delete, Some(other));
}

#[test]
fn saving_an_attachment_writes_the_listed_part_and_never_over_a_file() {
    let (dir, mut app) = demo_app();
    let data = app.data.clone().unwrap();
    let pdf: &[u8] = b"%PDF-1.4 preventivo\n";
    let raw = format!(
        "From: a@example.org\r\nTo: b@example.org\r\nSubject: Preventivo\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n\
         --b\r\nContent-Type: text/plain\r\n\r\nIn allegato.\r\n\
         --b\r\nContent-Type: application/pdf\r\n\
         Content-Disposition: attachment; filename=\"preventivo.pdf\"\r\n\
         Content-Transfer-Encoding: base64\r\n\r\n{}\r\n--b--\r\n",
        base64::Engine::encode(&base64::engine::general_purpose::STANDARD, pdf)
    );
    app.viewer = Some(message_view::MessageView::new(message_view::prepare(
        1,
        raw.into_bytes(),
        &data.trust(),
        None,
        Lang::It,
    )));
    let target = dir.path().join("scelto.pdf");
    let purpose = || super::files::Purpose::SaveAttachment(0, "preventivo.pdf".into());
    // The built-in chooser (not native): it has not asked about replacing.
    let _ = app.picked(purpose(), Some(vec![target.clone()]), false);
    assert_eq!(std::fs::read(&target).unwrap(), pdf);
    let saved = app.notice.as_ref().map(|n| n.text.clone()).unwrap();
    assert!(saved.contains("scelto.pdf"), "{saved}");

    std::fs::write(&target, b"di prima").unwrap();
    let _ = app.picked(purpose(), Some(vec![target.clone()]), false);
    assert_eq!(std::fs::read(&target).unwrap(), b"di prima", "kept");
    let refused = app.notice.as_ref().map(|n| n.text.clone()).unwrap();
    assert!(
        refused.contains("esiste già") && refused.contains("scelto.pdf"),
        "{refused}"
    );
    // The system's dialog asked before replacing: the file is replaced.
    let _ = app.picked(purpose(), Some(vec![target.clone()]), true);
    assert_eq!(std::fs::read(&target).unwrap(), pdf);

    // An attachment that is not there says so, in words.
    let _ = app.picked(
        super::files::Purpose::SaveAttachment(3, "x".into()),
        Some(vec![dir.path().join("altro.pdf")]),
        false,
    );
    let missing = app.notice.as_ref().map(|n| n.text.clone()).unwrap();
    assert_eq!(
        missing,
        sigillo::reading::text::attachment_error_text(
            Lang::It,
            &sigillo::reading::AttachmentError::Missing { index: 3 }
        )
    );
}

#[test]
fn each_receipt_says_what_it_proves_before_it_is_deleted() {
    let (_dir, app) = demo_app();
    let data = app.data.clone().unwrap();
    let rows = data
        .with_store_now(|s| s.list(&sigillo::store::ListQuery::default()))
        .unwrap();
    let of_kind = |k: sigillo::pec::PecKind| {
        let id = rows
            .iter()
            .find(|r| r.kind == Some(k))
            .unwrap_or_else(|| {
                panic!(
                    "no {k:?} in {:?}",
                    rows.iter().map(|r| r.kind).collect::<Vec<_>>()
                )
            })
            .id;
        let stake = data.with_store_now(|s| s.proof_at_stake(id)).unwrap();
        stake
            .items
            .iter()
            .map(|p| sigillo::export::text::proof_item_text(Lang::It, p))
            .collect::<Vec<_>>()
    };
    // A non-acceptance is named as what it is, not as an acceptance receipt.
    let refused = of_kind(sigillo::pec::PecKind::NonAccettazione);
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert!(
        refused[0]
            .starts_with("è l'avviso di non accettazione della PEC inviata «Preventivo lavori»"),
        "{refused:?}"
    );
    let accepted = of_kind(sigillo::pec::PecKind::Accettazione);
    assert!(
        accepted[0].starts_with("è la ricevuta di accettazione"),
        "{accepted:?}"
    );
    // A delivery notice: the recipient, the sent PEC, then the notice's name as a label.
    let delivered = of_kind(sigillo::pec::PecKind::AvvenutaConsegna);
    assert!(
        delivered
            .iter()
            .any(|l| l.starts_with("prova per ") && l.contains("della PEC inviata «")),
        "{delivered:?}"
    );
}
