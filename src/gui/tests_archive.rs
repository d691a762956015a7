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
    let task = app.update(Message::View(message_view::Message::ConfirmDelete));
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
    let _ = app.update(Message::View(message_view::Message::ConfirmDelete));
    assert_eq!(app.update(Message::DeleteDue(id)).units(), 1);
    assert_eq!(app.mailbox.pending_delete, None);
    // A second deletion while one waits carries the first out at once (its store task beside
    // the new timer).
    open(&mut app, id);
    let one = app.update(Message::View(message_view::Message::ConfirmDelete));
    open(&mut app, other);
    let two = app.update(Message::View(message_view::Message::ConfirmDelete));
    assert_eq!(two.units(), one.units() + 1);
    assert_eq!(app.mailbox.pending_delete, Some(other));
}
