//! Reply, reply all, forward and "forward as proof" from the window: what the buttons under a
//! message (drawn by `message_view`) and Ctrl+R, Ctrl+Shift+R, Ctrl+L do. The engine (`sigillo::net::reply`)
//! prepares the draft from the certified original; this module only picks the account to write
//! from and opens the compose screen on it.

use iced::Task;

use sigillo::i18n::tr;
use sigillo::net::reply::{self, ReplyKind};
use sigillo::pec::PecKind;

use super::data::Failure;
use super::shortcuts::Shortcut;
use super::{App, Message, Screen, compose};

impl App {
    /// Ctrl+R, Ctrl+Shift+R, Ctrl+L.
    pub(super) fn shortcut_reply(
        &mut self,
        s: Shortcut,
        _data: &super::data::Data,
    ) -> Task<Message> {
        let kind = match s {
            Shortcut::ReplyAll => ReplyKind::ReplyAll,
            Shortcut::Forward => ReplyKind::Forward,
            _ => ReplyKind::Reply,
        };
        self.reply(kind)
    }

    /// Opens the compose screen on a reply or forward of the message shown.
    pub(super) fn reply(&mut self, kind: ReplyKind) -> Task<Message> {
        let Some(v) = &self.viewer else {
            return Task::none();
        };
        let o = &v.opened;
        let c = &o.classification;
        let source = o.reply_source();
        let unverified_quote = c.kind == PecKind::PostaCertificata
            && !o.verification.is_valid()
            && matches!(kind, ReplyKind::Reply | ReplyKind::ReplyAll);
        let own: Vec<String> = self
            .accounts
            .list()
            .iter()
            .map(|a| a.address.clone())
            .collect();
        match reply::prepare(kind, &source, &own, self.lang) {
            Ok(prepared) => {
                // Written from the account the message was sent to, when it is one of ours.
                let from = self
                    .accounts
                    .list()
                    .iter()
                    .find(|a| {
                        prepared
                            .original_recipients
                            .iter()
                            .any(|r| r.eq_ignore_ascii_case(&a.address))
                    })
                    .map(|a| a.id.clone())
                    .unwrap_or_default();
                let mut next = compose::ComposeScreen::from_reply(prepared.draft, from, kind);
                if unverified_quote {
                    next.set_notice(tr(self.lang, "gui-reply-from-unverified"));
                }
                // What was being written is kept among the drafts before the reply takes its
                // place (or stays, saying why, when it cannot be kept).
                // (A message is shown only from a store, so the profile is there.)
                let Some(profile) = self.data.as_ref().map(|d| d.profile().to_owned()) else {
                    return Task::none();
                };
                let replaced = self.compose.replace_with(next, self.lang, &profile);
                self.screen = Screen::Compose;
                if !replaced {
                    return Task::none();
                }
                let target = if matches!(kind, ReplyKind::Forward | ReplyKind::ForwardAsProof) {
                    compose::TO_ID
                } else {
                    compose::BODY_ID
                };
                iced::widget::operation::focus(target)
            }
            Err(e) => {
                self.fail(Failure::Reply(e));
                Task::none()
            }
        }
    }
}
