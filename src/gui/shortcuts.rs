//! Keyboard shortcuts: which key does what (one table, used both to act and to list them in the
//! help overlay), and the subscription that turns key presses into [`Shortcut`]s. The platform's
//! command key is Ctrl on Linux and Windows and ⌘ on macOS. A key a widget already used (typing
//! in a field, moving in the editor) is left to it, except the command-key combinations, Esc and
//! F1, which work everywhere.

use iced::keyboard::{Key, Modifiers, key::Named};
use iced::{Event, Subscription, event, keyboard, window};

use sigillo::i18n::{Lang, tr};

/// An action asked from the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shortcut {
    /// The previous message of the list.
    Up,
    /// The next message of the list.
    Down,
    /// Open the message under the cursor.
    Open,
    /// The next field.
    NextField,
    /// The previous field.
    PreviousField,
    /// Search (the mailbox's search field).
    Search,
    /// Write a new message.
    Compose,
    /// Reply to the message shown.
    Reply,
    /// Reply to everyone.
    ReplyAll,
    /// Forward the message shown.
    Forward,
    /// Send the message being written.
    Send,
    /// Print the message shown.
    Print,
    /// Close a menu, a dialog or the help.
    Escape,
    /// Show or hide the list of shortcuts.
    Help,
    /// Delete the message under the cursor (or the one shown).
    Delete,
    /// Keep the message just deleted.
    Undo,
}

/// The shortcut of a key press. `captured` is true when a widget already used the key.
pub fn shortcut(key: &Key, modifiers: Modifiers, captured: bool) -> Option<Shortcut> {
    use Shortcut::*;
    let command = modifiers.command();
    let shift = modifiers.shift();
    match key {
        Key::Named(Named::Escape) => return Some(Escape),
        Key::Named(Named::F1) => return Some(Help),
        Key::Named(Named::Enter) if command => return Some(Send),
        Key::Character(c) if command => {
            return match (c.to_lowercase().as_str(), shift) {
                ("f", false) => Some(Search),
                ("n", false) => Some(Compose),
                ("r", false) => Some(Reply),
                ("r", true) => Some(ReplyAll),
                ("l", false) => Some(Forward),
                ("p", false) => Some(Print),
                ("z", false) => Some(Undo),
                _ => None,
            };
        }
        _ => {}
    }
    if captured || command || modifiers.alt() {
        return None;
    }
    match key {
        Key::Named(Named::ArrowUp) => Some(Up),
        Key::Named(Named::ArrowDown) => Some(Down),
        Key::Named(Named::Enter) => Some(Open),
        Key::Named(Named::Delete) => Some(Delete),
        Key::Named(Named::Tab) if shift => Some(PreviousField),
        Key::Named(Named::Tab) => Some(NextField),
        Key::Character(c) if c.as_str() == "?" => Some(Help),
        _ => None,
    }
}

fn on_event(event: Event, status: event::Status, _window: window::Id) -> Option<Shortcut> {
    match event {
        Event::Keyboard(keyboard::Event::KeyPressed {
            key,
            modified_key,
            modifiers,
            ..
        }) => {
            let captured = status == event::Status::Captured;
            // "?" is Shift+/ on most layouts: the modified key says what was typed.
            let key = match &modified_key {
                Key::Character(c) if c.as_str() == "?" => modified_key.clone(),
                _ => key,
            };
            let modifiers = if matches!(&key, Key::Character(c) if c.as_str() == "?") {
                modifiers.difference(Modifiers::SHIFT)
            } else {
                modifiers
            };
            shortcut(&key, modifiers, captured)
        }
        _ => None,
    }
}

/// Every key press that is a shortcut.
pub fn subscription() -> Subscription<Shortcut> {
    event::listen_with(on_event)
}

/// The command key as this platform writes it.
fn command_key() -> &'static str {
    if cfg!(target_os = "macos") {
        "⌘"
    } else {
        "Ctrl+"
    }
}

/// The shortcuts as the help overlay lists them: (keys, what they do).
pub fn help_lines(lang: Lang) -> Vec<(String, String)> {
    let c = command_key();
    [
        ("↑ ↓".to_owned(), "gui-keys-move"),
        (tr(lang, "gui-key-enter"), "gui-keys-open"),
        ("Tab, Shift+Tab".to_owned(), "gui-keys-fields"),
        (format!("{c}F"), "gui-keys-search"),
        (format!("{c}N"), "gui-keys-compose"),
        (format!("{c}R"), "gui-keys-reply"),
        (format!("{c}Shift+R"), "gui-keys-reply-all"),
        (format!("{c}L"), "gui-keys-forward"),
        (format!("{c}{}", tr(lang, "gui-key-enter")), "gui-keys-send"),
        (format!("{c}P"), "gui-keys-print"),
        (tr(lang, "gui-key-delete"), "gui-keys-delete"),
        (format!("{c}Z"), "gui-keys-undo"),
        ("Esc".to_owned(), "gui-keys-escape"),
        ("F1, ?".to_owned(), "gui-keys-help"),
    ]
    .into_iter()
    .map(|(k, key)| (k, tr(lang, key)))
    .collect()
}

/// What the app does with a shortcut.
impl super::App {
    /// Acts on a shortcut; keys that mean nothing where the user is do nothing.
    pub(super) fn on_shortcut(
        &mut self,
        s: Shortcut,
        data: &super::data::Data,
    ) -> iced::Task<super::Message> {
        use super::{Message, Screen, compose, mailbox};
        use iced::Task;
        match s {
            Shortcut::Help => self.help = !self.help,
            Shortcut::Escape => {
                if self.chooser.is_some() {
                    self.chooser = None;
                } else if self.help {
                    self.help = false;
                } else if self.import_menu {
                    self.import_menu = false;
                } else if self.screen == Screen::Settings && self.accounts_panel.has_dialog() {
                    self.accounts_panel.escape();
                } else if self.error.is_some() {
                    self.error = None;
                } else if self.viewer.as_ref().is_some_and(|v| v.asking_delete()) {
                    return self.update(Message::View(super::message_view::Message::CancelDelete));
                } else if self.screen == Screen::Wizard {
                    self.screen = Screen::Settings;
                } else {
                    // Nothing to close: the field being typed in lets the keyboard go, so the
                    // arrows move through the list again (the search field is the only field
                    // of the mail screen, and Tab would come back to it).
                    return iced::advanced::widget::operate(
                        iced::advanced::widget::operation::focusable::unfocus(),
                    );
                }
            }
            Shortcut::Up | Shortcut::Down if self.screen == Screen::Mailbox && !self.help => {
                let delta = if s == Shortcut::Up { -1 } else { 1 };
                return self.mailbox.move_cursor(delta, data).map(Message::Mailbox);
            }
            Shortcut::Open if self.screen == Screen::Mailbox && !self.help => {
                if let Some(id) = self.mailbox.cursor_id() {
                    return self.update(Message::Mailbox(mailbox::Message::Open(id)));
                }
            }
            Shortcut::NextField => return iced::widget::operation::focus_next(),
            Shortcut::PreviousField => return iced::widget::operation::focus_previous(),
            Shortcut::Search => {
                self.help = false;
                self.screen = Screen::Mailbox;
                return iced::widget::operation::focus(mailbox::SEARCH_ID);
            }
            Shortcut::Compose => {
                // A new message: what was being written goes among the drafts first (an
                // untouched reply or draft is not kept again); the "Scrivi" tab returns to it.
                self.help = false;
                if self.compose.draft.has_content() {
                    self.compose.replace_with(
                        compose::ComposeScreen::default(),
                        self.lang,
                        data.profile(),
                    );
                }
                self.screen = Screen::Compose;
                return iced::widget::operation::focus(compose::TO_ID);
            }
            Shortcut::Send if self.screen == Screen::Compose => {
                return self.update(Message::Compose(compose::Message::Send));
            }
            Shortcut::Reply | Shortcut::ReplyAll | Shortcut::Forward => {
                return self.shortcut_reply(s, data);
            }
            Shortcut::Print => return self.shortcut_print(),
            Shortcut::Delete if self.screen == Screen::Mailbox && !self.help => {
                let shown = self.viewer.as_ref().map(|v| v.opened.id);
                match self.mailbox.cursor_id().or(shown) {
                    Some(id) if Some(id) == shown => return self.ask_delete(data, id),
                    // A row not yet open: it opens, showing what its deletion takes away.
                    Some(id) => {
                        self.delete_on_open = Some(id);
                        return self.update(Message::Mailbox(mailbox::Message::Open(id)));
                    }
                    None => {}
                }
            }
            Shortcut::Undo
                if self.screen == Screen::Mailbox && self.mailbox.pending_delete.is_some() =>
            {
                return self.update(Message::UndoDelete);
            }
            _ => {}
        }
        Task::none()
    }
}

/// The keyboard help, as a panel for the overlay.
pub fn help_panel<'a>(lang: Lang) -> iced::Element<'a, super::Message> {
    use iced::widget::{button, column, container, row, text};
    let mut col = column![text(tr(lang, "gui-keys-title")).size(18)].spacing(6);
    for (keys, what) in help_lines(lang) {
        col = col.push(
            row![
                text(keys)
                    .size(13)
                    .font(iced::Font::MONOSPACE)
                    .width(iced::Length::Fixed(170.0)),
                text(what).size(13),
            ]
            .spacing(8),
        );
    }
    col = col.push(
        button(text(tr(lang, "gui-keys-close")).size(13))
            .style(button::primary)
            .on_press(super::Message::ToggleHelp),
    );
    container(col)
        .padding(20)
        .width(iced::Length::Fixed(560.0))
        .style(super::style::panel)
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ch(c: &str) -> Key {
        Key::Character(c.into())
    }

    #[test]
    fn each_key_means_one_thing() {
        let none = Modifiers::empty();
        let cmd = Modifiers::COMMAND;
        assert_eq!(
            shortcut(&Key::Named(Named::ArrowDown), none, false),
            Some(Shortcut::Down)
        );
        assert_eq!(
            shortcut(&Key::Named(Named::ArrowUp), none, false),
            Some(Shortcut::Up)
        );
        assert_eq!(
            shortcut(&Key::Named(Named::Enter), none, false),
            Some(Shortcut::Open)
        );
        assert_eq!(
            shortcut(&Key::Named(Named::Delete), none, false),
            Some(Shortcut::Delete)
        );
        assert_eq!(
            shortcut(&Key::Named(Named::Delete), none, true),
            None,
            "Delete in a text field deletes text"
        );
        assert_eq!(shortcut(&ch("z"), cmd, false), Some(Shortcut::Undo));
        assert_eq!(shortcut(&ch("f"), cmd, false), Some(Shortcut::Search));
        assert_eq!(shortcut(&ch("N"), cmd, false), Some(Shortcut::Compose));
        assert_eq!(shortcut(&ch("r"), cmd, false), Some(Shortcut::Reply));
        assert_eq!(
            shortcut(&ch("R"), cmd | Modifiers::SHIFT, false),
            Some(Shortcut::ReplyAll)
        );
        assert_eq!(
            shortcut(&Key::Named(Named::Enter), cmd, true),
            Some(Shortcut::Send),
            "Ctrl+Enter sends even from the body editor"
        );
        assert_eq!(
            shortcut(&Key::Named(Named::Tab), Modifiers::SHIFT, false),
            Some(Shortcut::PreviousField)
        );
        assert_eq!(shortcut(&ch("?"), none, false), Some(Shortcut::Help));
        assert_eq!(
            shortcut(&Key::Named(Named::Escape), none, true),
            Some(Shortcut::Escape)
        );
        // What a widget used stays with it: typing "?" or moving in the editor.
        assert_eq!(shortcut(&ch("?"), none, true), None);
        assert_eq!(shortcut(&Key::Named(Named::ArrowDown), none, true), None);
        assert_eq!(shortcut(&Key::Named(Named::Enter), none, true), None);
        assert_eq!(
            shortcut(&ch("f"), none, false),
            None,
            "plain letters are text"
        );
    }

    #[test]
    fn the_help_lists_every_shortcut_in_words() {
        for lang in Lang::ALL {
            let lines = help_lines(lang);
            // One line per shortcut; Up/Down and the two field moves share a line each.
            assert_eq!(lines.len(), 14);
            for (_, what) in &lines {
                assert!(!what.starts_with("gui-keys"), "{what}");
            }
        }
    }
}
