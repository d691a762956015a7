//! Headless tests of deleting from the window: a message that is proof is deleted only after
//! the window showed what proof goes and the user confirmed; "keep" keeps it; the deletion is
//! recorded in the register.

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
        .map(|p| sigillo::i18n::proof_item_text(Lang::It, p))
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
