//! Compose: To and Cc only (PEC refuses blind copies, and the screen says so in one line), the
//! delivery receipt type, attachments, and drafts kept in the profile
//! (`<profile>/drafts/<id>.json`). What stops sending and what deserves a warning (addresses,
//! the sending account's size × recipients limit, recipients that past receipts or their
//! domain place outside PEC) is the engine's judgement (`net::compose::check_draft`), the same
//! `sigillo send` applies: this screen only says it in words.

use std::path::{Path, PathBuf};

use iced::widget::{button, column, pick_list, row, scrollable, text, text_editor, text_input};
use iced::{Alignment, Element, Length, Task};
use serde::{Deserialize, Serialize};

use sigillo::account::Account;
use sigillo::i18n::{Lang, arg, num, tr, tr_args};
use sigillo::net::compose::{
    ComposeError, DraftProblem, Drafts, PastReceipts, RecipientHint, check_draft, estimated_size,
    recipient_addresses, split_recipients,
};
use sigillo::pec::ReceiptType;

/// Lines of the message body in sight while writing, their height and the editor's padding
/// (logical pixels).
const BODY_LINES: usize = 10;
const BODY_LINE_PX: f32 = 21.0;
const BODY_PADDING: f32 = 5.0;

/// The id of the To field (Ctrl+N puts the cursor there).
pub const TO_ID: &str = "compose-to";
/// The id of the body editor (a reply puts the cursor there).
pub const BODY_ID: &str = "compose-body";

/// A message being written. There is deliberately no Bcc: PEC refuses it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Draft {
    /// Draft id (file name stem).
    pub id: String,
    /// The account id to send from (empty: the first account).
    pub from: String,
    /// To, as typed.
    pub to: String,
    /// Cc, as typed.
    pub cc: String,
    /// Subject.
    pub subject: String,
    /// Body text.
    pub body: String,
    /// `completa`, `breve` or `sintetica`.
    pub receipt: String,
    /// Attached files.
    pub attachments: Vec<PathBuf>,
    /// Attachments restored from a saved draft (their bytes were kept in the draft), or
    /// carried over by a forward.
    #[serde(skip)]
    pub kept: Vec<sigillo::net::compose::Attachment>,
    /// The Message-ID replied to.
    pub in_reply_to: Option<String>,
    /// The thread's Message-IDs.
    pub references: Vec<String>,
    /// Marked as a notification (L. 53/1994): completa receipt, no sintetica, no Cc.
    pub notifica: bool,
}

/// One problem that stops sending, or one warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Check {
    /// What the engine found in the draft: a reason sending refuses it, or a recipient that
    /// will probably get no delivery receipt.
    Draft(DraftProblem),
    /// An attachment cannot be read.
    Unreadable(PathBuf),
}

impl Check {
    /// True for problems that stop sending.
    pub fn blocks(&self) -> bool {
        match self {
            Check::Draft(p) => p.blocks(),
            Check::Unreadable(_) => true,
        }
    }

    fn text(&self, lang: Lang) -> String {
        match self {
            Check::Draft(DraftProblem::Blocks(e)) => match e {
                ComposeError::NoRecipients => tr(lang, "gui-compose-no-recipient"),
                ComposeError::InvalidAddress(a) => {
                    tr_args(lang, "gui-compose-bad-address", &[("address", arg(a))])
                }
                ComposeError::TooLarge { total, limit, .. } => tr_args(
                    lang,
                    "gui-compose-too-large",
                    &[
                        // Megabytes as providers count them (10^6 bytes); the total rounded
                        // up, so a message over the limit never reads as equal to it.
                        ("total", num(total.div_ceil(1_000_000) as usize)),
                        ("limit", num((*limit / 1_000_000) as usize)),
                    ],
                ),
                other => sigillo::net::text::compose_error_text(lang, other),
            },
            Check::Draft(DraftProblem::Warns { address, hint }) => {
                let key = match hint {
                    RecipientHint::ExternalBefore => "gui-compose-external-before",
                    _ => "gui-compose-probably-not-pec",
                };
                tr_args(lang, key, &[("address", arg(address))])
            }
            Check::Unreadable(p) => tr_args(
                lang,
                "gui-compose-unreadable",
                &[("path", arg(p.display().to_string()))],
            ),
        }
    }
}

impl Draft {
    /// True when anything was written or chosen: a recipient, a subject, text or a file.
    pub fn has_content(&self) -> bool {
        [&self.to, &self.cc, &self.subject, &self.body]
            .iter()
            .any(|f| !f.trim().is_empty())
            || !self.attachments.is_empty()
    }

    /// Everything that stops sending or deserves a warning: the engine's judgement of the
    /// draft (`check_draft`, what `sigillo send` applies) with `past` receipts and the
    /// sending `account` (its size limit, its own domain), and any attachment that cannot be
    /// read. The size is an upper bound worked out from the files' lengths, so the window
    /// never lets through a message sending refuses.
    pub fn checks(&self, past: &PastReceipts, account: Option<&Account>) -> Vec<Check> {
        let mut unreadable = Vec::new();
        let mut lens: Vec<u64> = self.kept.iter().map(|a| a.bytes.len() as u64).collect();
        for p in &self.attachments {
            match std::fs::metadata(p) {
                Ok(m) => lens.push(m.len()),
                Err(_) => unreadable.push(Check::Unreadable(p.clone())),
            }
        }
        let size = estimated_size((self.body.len() + self.subject.len()) as u64, lens);
        let mut out: Vec<Check> = check_draft(past, account, &self.recipients(), size)
            .into_iter()
            .map(Check::Draft)
            .collect();
        out.extend(unreadable);
        out
    }

    /// The draft as the engine judges it, without the attachments' bytes (their size is
    /// given to the checks apart).
    fn recipients(&self) -> sigillo::net::compose::Draft {
        sigillo::net::compose::Draft {
            to: split_recipients(&self.to),
            cc: split_recipients(&self.cc),
            receipt: self.receipt_type(),
            notifica: self.notifica,
            ..sigillo::net::compose::Draft::default()
        }
    }

    /// The addresses whose past receipts the checks look at.
    pub fn recipient_addresses(&self) -> Vec<String> {
        recipient_addresses(&self.recipients())
    }

    /// The receipt type chosen.
    pub fn receipt_type(&self) -> ReceiptType {
        ReceiptType::parse(&self.receipt).unwrap_or(ReceiptType::Completa)
    }

    /// The message to send or keep: files read now, addresses split.
    pub fn to_net(&self) -> std::io::Result<sigillo::net::compose::Draft> {
        let mut attachments = self.kept.clone();
        for p in &self.attachments {
            let bytes = std::fs::read(p)
                .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", p.display())))?;
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "allegato".into());
            attachments.push(sigillo::net::compose::Attachment::from_file(&name, bytes));
        }
        Ok(sigillo::net::compose::Draft {
            to: split_recipients(&self.to),
            cc: split_recipients(&self.cc),
            subject: self.subject.clone(),
            body: self.body.clone(),
            attachments,
            receipt: self.receipt_type(),
            in_reply_to: self.in_reply_to.clone(),
            references: self.references.clone(),
            notifica: self.notifica,
        })
    }

    /// A form from a saved draft.
    pub fn from_net(id: &str, d: sigillo::net::compose::Draft) -> Draft {
        Draft {
            id: id.to_owned(),
            from: String::new(),
            to: d.to.join(", "),
            cc: d.cc.join(", "),
            subject: d.subject,
            body: d.body,
            receipt: d.receipt.as_str().to_owned(),
            attachments: Vec::new(),
            kept: d.attachments,
            in_reply_to: d.in_reply_to,
            references: d.references,
            notifica: d.notifica,
        }
    }

    /// Saves the draft in the profile's drafts (`sigillo::net::compose::Drafts`, the same
    /// folder the command line uses).
    pub fn save(&self, profile: &Path) -> std::io::Result<String> {
        let account = (!self.from.is_empty()).then_some(self.from.as_str());
        Drafts::new(profile).save(Some(&self.id), account, &self.to_net()?)
    }

    /// Every draft of the profile, newest first.
    pub fn load_all(profile: &Path) -> Vec<Draft> {
        let drafts = Drafts::new(profile);
        drafts
            .list()
            .unwrap_or_default()
            .into_iter()
            .filter_map(|info| {
                let (account, d) = drafts.load(&info.id).ok()?;
                Some(Draft {
                    from: account.unwrap_or_default(),
                    ..Draft::from_net(&info.id, d)
                })
            })
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq)]
struct ReceiptChoice(ReceiptType, String);

/// Which of `senders` (id, address) a draft whose `from` is this is sent from: the one chosen,
/// the first when none was; none when the chosen account is gone (sending then refuses, rather
/// than send from another account).
pub fn sender_index(senders: &[(String, String)], from: &str) -> Option<usize> {
    if from.is_empty() {
        (!senders.is_empty()).then_some(0)
    } else {
        senders.iter().position(|(id, _)| id == from)
    }
}

/// The account of `accounts` a draft whose `from` is this is sent from (see [`sender_index`]).
pub fn sender<'a>(accounts: &'a [Account], from: &str) -> Option<&'a Account> {
    let senders: Vec<(String, String)> = accounts
        .iter()
        .map(|a| (a.id.clone(), a.address.clone()))
        .collect();
    sender_index(&senders, from).map(|i| &accounts[i])
}

/// An account to send from: its id, and its address shown.
#[derive(Debug, Clone, PartialEq)]
struct SenderChoice(String, String);

impl std::fmt::Display for SenderChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.1)
    }
}

impl std::fmt::Display for ReceiptChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.1)
    }
}

/// Messages of the compose screen.
#[derive(Debug, Clone)]
pub enum Message {
    /// To changed.
    To(String),
    /// Cc changed.
    Cc(String),
    /// Subject changed.
    Subject(String),
    /// Body edited.
    Body(text_editor::Action),
    /// Receipt type picked.
    Receipt(ReceiptType),
    /// The "notifica" mark set or cleared.
    Notifica(bool),
    /// Account to send from picked (its id).
    From(String),
    /// Attachment path typed.
    AttachPath(String),
    /// Attach the typed path.
    Attach,
    /// Choose files to attach (a dialog).
    Browse,
    /// Remove attachment.
    Detach(usize),
    /// Save as draft.
    SaveDraft,
    /// Reopen a saved draft.
    OpenDraft(String),
    /// Delete a saved draft (the first press asks, the second deletes).
    DeleteDraft(String),
    /// Start a new, empty message (the one being written is kept among the drafts first).
    New,
    /// Send.
    Send,
    /// What stored receipts said of the recipients (looked up by the app off the window);
    /// `None` when the lookup failed.
    Past(Option<PastReceipts>),
}

impl Message {
    /// True when the message changes what is being written (not a cursor move, a lookup, a
    /// save or a send).
    fn edits(&self) -> bool {
        match self {
            Message::To(_)
            | Message::Cc(_)
            | Message::Subject(_)
            | Message::Receipt(_)
            | Message::Notifica(_)
            | Message::From(_)
            | Message::Detach(_) => true,
            Message::Body(a) => a.is_edit(),
            // An attachment counts once it is attached (see the handlers).
            Message::AttachPath(_)
            | Message::Attach
            | Message::Browse
            | Message::SaveDraft
            | Message::OpenDraft(_)
            | Message::DeleteDraft(_)
            | Message::New
            | Message::Send
            | Message::Past(_) => false,
        }
    }
}

/// What the screen asks of the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Send this draft (all blocking checks passed).
    Send(Box<Draft>),
    /// Ask the user for files to attach.
    PickFiles,
}

/// The compose screen.
#[derive(Debug)]
pub struct ComposeScreen {
    /// The draft being written.
    pub draft: Draft,
    body: text_editor::Content,
    attach_path: String,
    notice: Option<String>,
    /// A file given to attach that cannot be read.
    unreadable: Option<PathBuf>,
    /// Sending in progress (set by the app).
    pub sending: bool,
    /// What stored receipts said of the recipients looked up so far.
    past: PastReceipts,
    /// The addresses last handed to the app to look up (asked once, even when it fails).
    asked: Vec<String>,
    /// The last lookup failed: the warnings rest on the domains alone, and the screen says so.
    past_failed: bool,
    /// The user changed the message since it was opened or last saved.
    edited: bool,
    /// The saved draft whose deletion was asked once: the next press deletes it.
    deleting: Option<String>,
    /// What the screen is called: a new PEC, a reply, a forward, a draft.
    title: &'static str,
}

impl Default for ComposeScreen {
    fn default() -> Self {
        ComposeScreen {
            draft: Draft {
                id: format!("bozza-{}", chrono::Utc::now().format("%Y%m%d%H%M%S%3f")),
                receipt: "completa".into(),
                ..Draft::default()
            },
            body: text_editor::Content::new(),
            attach_path: String::new(),
            notice: None,
            unreadable: None,
            sending: false,
            past: PastReceipts::default(),
            asked: Vec::new(),
            past_failed: false,
            edited: false,
            deleting: None,
            title: "gui-compose-title",
        }
    }
}

impl ComposeScreen {
    /// A screen on a reply or forward the engine prepared, sent from account `from` (empty:
    /// the default one).
    pub fn from_reply(
        draft: sigillo::net::compose::Draft,
        from: String,
        kind: sigillo::net::reply::ReplyKind,
    ) -> Self {
        use sigillo::net::reply::ReplyKind;
        let id = ComposeScreen::default().draft.id;
        ComposeScreen {
            title: match kind {
                ReplyKind::Reply | ReplyKind::ReplyAll => "gui-compose-title-reply",
                ReplyKind::Forward | ReplyKind::ForwardAsProof => "gui-compose-title-forward",
            },
            ..ComposeScreen::from_draft(Draft {
                from,
                ..Draft::from_net(&id, draft)
            })
        }
    }

    /// A screen on an existing draft.
    pub fn from_draft(draft: Draft) -> Self {
        ComposeScreen {
            body: text_editor::Content::with_text(&draft.body),
            draft,
            title: "gui-compose-title-draft",
            ..ComposeScreen::default()
        }
    }

    /// The recipients' addresses whose past receipts are not looked up yet, if any and not
    /// asked already: the app looks them up in the store and hands them back as
    /// [`Message::Past`].
    pub fn start_look_up(&mut self) -> Option<Vec<String>> {
        let addresses = self.draft.recipient_addresses();
        if self.past.covers(&addresses) || addresses == self.asked {
            return None;
        }
        self.asked = addresses.clone();
        Some(addresses)
    }

    /// The checks of the draft as it stands, sent from the account of `accounts` it names.
    pub fn checks(&self, accounts: &[Account]) -> Vec<Check> {
        self.draft
            .checks(&self.past, sender(accounts, &self.draft.from))
    }

    /// Handles a message; `accounts` are those one can send from.
    pub fn update(
        &mut self,
        message: Message,
        lang: Lang,
        profile: &Path,
        accounts: &[Account],
    ) -> (Task<Message>, Option<Event>) {
        if message.edits() {
            self.edited = true;
        }
        match message {
            Message::To(s) => self.draft.to = s,
            Message::Cc(s) => self.draft.cc = s,
            Message::Subject(s) => self.draft.subject = s,
            Message::Body(a) => {
                self.body.perform(a);
                self.draft.body = self.body.text();
            }
            Message::Receipt(r) => self.draft.receipt = r.as_str().to_owned(),
            Message::Notifica(on) => {
                self.draft.notifica = on;
                // A notification defaults to the receipt that carries what was delivered.
                if on {
                    self.draft.receipt = ReceiptType::Completa.as_str().to_owned();
                }
            }
            Message::From(id) => self.draft.from = id,
            Message::AttachPath(p) => self.attach_path = p,
            Message::Attach => {
                let p = PathBuf::from(self.attach_path.trim());
                if p.is_file() {
                    self.draft.attachments.push(p);
                    self.edited = true;
                    self.attach_path.clear();
                    self.notice = None;
                } else {
                    self.notice = Some(Check::Unreadable(p).text(lang));
                }
            }
            Message::Browse => return (Task::none(), Some(Event::PickFiles)),
            Message::Detach(i) => {
                if i < self.draft.attachments.len() {
                    self.draft.attachments.remove(i);
                }
            }
            Message::OpenDraft(id) => {
                if let Some(d) = Draft::load_all(profile).into_iter().find(|d| d.id == id) {
                    self.replace_with(ComposeScreen::from_draft(d), lang, profile);
                }
            }
            Message::DeleteDraft(id) if self.deleting.as_ref() != Some(&id) => {
                // A draft is gone for good once deleted: the button asks first.
                self.deleting = Some(id);
            }
            Message::DeleteDraft(id) => {
                self.deleting = None;
                self.notice = Some(match Drafts::new(profile).delete(&id) {
                    Ok(()) => {
                        if id == self.draft.id {
                            // What is on the screen is no longer saved anywhere.
                            self.edited = true;
                        }
                        tr(lang, "gui-compose-draft-deleted")
                    }
                    Err(e) => tr_args(
                        lang,
                        "gui-compose-draft-delete-failed",
                        &[("reason", arg(e.to_string()))],
                    ),
                });
            }
            Message::New => {
                self.replace_with(ComposeScreen::default(), lang, profile);
            }
            Message::SaveDraft => {
                self.notice = Some(match self.draft.save(profile) {
                    Ok(_) => {
                        self.edited = false;
                        tr(lang, "gui-compose-draft-saved")
                    }
                    Err(e) => tr_args(
                        lang,
                        "gui-compose-draft-failed",
                        &[("reason", arg(e.to_string()))],
                    ),
                });
            }
            Message::Past(Some(p)) => {
                self.past.extend(p);
                self.past_failed = false;
            }
            Message::Past(None) => self.past_failed = true,
            Message::Send => {
                let checks = self.checks(accounts);
                if checks.iter().any(Check::blocks) {
                    self.notice = Some(tr(lang, "gui-compose-fix-first"));
                    return (Task::none(), None);
                }
                if self.draft.save(profile).is_ok() {
                    self.edited = false;
                }
                return (
                    Task::none(),
                    Some(Event::Send(Box::new(self.draft.clone()))),
                );
            }
        }
        (Task::none(), None)
    }

    /// Attaches files chosen in a dialog or dropped on the window (unreadable ones are said).
    pub fn attach_paths(&mut self, paths: Vec<PathBuf>) {
        for p in paths {
            if p.is_file() {
                if !self.draft.attachments.contains(&p) {
                    self.draft.attachments.push(p);
                    self.edited = true;
                }
            } else {
                self.unreadable = Some(p);
            }
        }
    }

    /// Shows a message from the app (sent, failed, not configured).
    pub fn set_notice(&mut self, notice: String) {
        self.notice = Some(notice);
    }

    /// Shows a message from the app below the one already shown, if any.
    pub fn add_notice(&mut self, notice: String) {
        self.notice = Some(match self.notice.take() {
            Some(first) => format!("{first}\n{notice}"),
            None => notice,
        });
    }

    /// True when the message holds something the user wrote or chose and has not saved:
    /// putting another in its place would lose it.
    pub fn unsaved_work(&self) -> bool {
        self.edited && self.draft.has_content()
    }

    /// Puts `next` in the place of the message being written. Unsaved work is saved among the
    /// drafts first, and `next` says where it went; when it cannot be saved, or while the
    /// message is being sent, nothing is replaced and the screen says why. True when replaced.
    pub fn replace_with(&mut self, mut next: ComposeScreen, lang: Lang, profile: &Path) -> bool {
        if self.sending {
            self.notice = Some(tr(lang, "gui-compose-busy-sending"));
            return false;
        }
        if self.unsaved_work() {
            if let Err(e) = self.draft.save(profile) {
                self.notice = Some(tr_args(
                    lang,
                    "gui-compose-not-replaced",
                    &[("reason", arg(e.to_string()))],
                ));
                return false;
            }
            let subject = match self.draft.subject.trim() {
                "" => tr(lang, "gui-no-subject"),
                s => s.to_owned(),
            };
            next.add_notice(tr_args(
                lang,
                "gui-compose-kept-as-draft",
                &[("subject", arg(subject))],
            ));
        }
        *self = next;
        true
    }

    /// The screen, with the saved drafts of `profile` listed at the bottom; `accounts` are
    /// those one can send from, the default first.
    pub fn view(&self, lang: Lang, profile: &Path, accounts: &[Account]) -> Element<'_, Message> {
        let senders: Vec<(String, String)> = accounts
            .iter()
            .map(|a| (a.id.clone(), a.address.clone()))
            .collect();
        let receipts: Vec<ReceiptChoice> = [
            ReceiptType::Completa,
            ReceiptType::Breve,
            ReceiptType::Sintetica,
        ]
        .into_iter()
        .filter(|r| !(self.draft.notifica && *r == ReceiptType::Sintetica))
        .map(|r| ReceiptChoice(r, sigillo::i18n::receipt_label(lang, r)))
        .collect();
        let selected = receipts
            .iter()
            .find(|r| r.0 == self.draft.receipt_type())
            .cloned();
        // Send and save at the top, where a small window never hides them.
        let send = button(text(tr(
            lang,
            if self.sending {
                "gui-compose-sending"
            } else {
                "gui-compose-send"
            },
        )));
        let mut col = column![
            row![
                text(tr(lang, self.title)).size(20).width(Length::Fill),
                if self.sending {
                    send
                } else {
                    send.on_press(Message::Send)
                },
                button(text(tr(lang, "gui-compose-save-draft")))
                    .style(button::secondary)
                    .on_press(Message::SaveDraft),
                button(text(tr(lang, "gui-compose-new")))
                    .style(button::secondary)
                    .on_press_maybe((!self.sending).then_some(Message::New)),
            ]
            .spacing(8)
            .align_y(Alignment::Center)
        ];
        if let Some(n) = &self.notice {
            col = col.push(text(n.clone()).size(12));
        }
        if !senders.is_empty() {
            let choices: Vec<SenderChoice> = senders
                .iter()
                .map(|(id, address)| SenderChoice(id.clone(), address.clone()))
                .collect();
            let chosen = sender_index(&senders, &self.draft.from).map(|i| choices[i].clone());
            col = col.push(field(
                tr(lang, "gui-from"),
                pick_list(choices, chosen, |c| Message::From(c.0)).into(),
            ));
        }
        col = col.push(
            column![
                field(
                    tr(lang, "gui-to"),
                    text_input("nome@pec.esempio.it", &self.draft.to)
                        .id(TO_ID)
                        .on_input(Message::To)
                        .into()
                ),
                field(
                    tr(lang, "gui-cc"),
                    text_input("", &self.draft.cc).on_input(Message::Cc).into()
                ),
                text(tr(lang, "gui-compose-no-bcc")).size(11),
                field(
                    tr(lang, "gui-subject"),
                    text_input("", &self.draft.subject)
                        .on_input(Message::Subject)
                        .into()
                ),
                field(
                    tr(lang, "gui-compose-receipt"),
                    pick_list(receipts, selected, |r| Message::Receipt(r.0)).into()
                ),
                text(tr(lang, "gui-compose-receipt-explained")).size(11),
                iced::widget::checkbox(self.draft.notifica)
                    .label(tr(lang, "gui-compose-notifica"))
                    .on_toggle(Message::Notifica),
                // Whole lines only: the software renderer draws a line the editor's lower
                // edge cuts whole, over what follows (seen at 1024x640 when forwarding a long
                // text), so the text area holds exactly BODY_LINES lines (scrolling moves by
                // whole lines).
                text_editor(&self.body)
                    .id(BODY_ID)
                    .on_action(Message::Body)
                    .key_binding(body_keys)
                    .padding(BODY_PADDING)
                    .line_height(iced::widget::text::LineHeight::Absolute(
                        BODY_LINE_PX.into()
                    ))
                    .height(Length::Fixed(
                        BODY_LINES as f32 * BODY_LINE_PX + 2.0 * BODY_PADDING
                    )),
            ]
            .spacing(8),
        );
        col = col.spacing(8).padding(16);
        for a in &self.draft.kept {
            col = col.push(text(format!("{} ({} byte)", a.name, a.bytes.len())).size(12));
        }
        for (i, p) in self.draft.attachments.iter().enumerate() {
            col = col.push(
                row![
                    text(p.display().to_string()).size(12).width(Length::Fill),
                    button(text(tr(lang, "gui-compose-detach")).size(11))
                        .style(button::text)
                        .on_press(Message::Detach(i)),
                ]
                .align_y(Alignment::Center),
            );
        }
        col = col.push(
            row![
                text_input(&tr(lang, "gui-compose-attach-path"), &self.attach_path)
                    .on_input(Message::AttachPath)
                    .on_submit(Message::Attach)
                    .width(Length::Fill),
                button(text(tr(lang, "gui-compose-attach")))
                    .style(button::secondary)
                    .on_press(Message::Attach),
                button(text(tr(lang, "gui-compose-browse")))
                    .style(button::primary)
                    .on_press(Message::Browse),
            ]
            .spacing(8),
        );
        col = col.push(text(tr(lang, "gui-compose-drop-hint")).size(11));
        if let Some(p) = &self.unreadable {
            col = col.push(text(format!("⚠ {}", Check::Unreadable(p.clone()).text(lang))).size(12));
        }
        if self.past_failed {
            col = col.push(text(format!("⚠ {}", tr(lang, "gui-compose-past-unknown"))).size(12));
        }
        let checks = self.checks(accounts);
        let warned = checks.iter().filter(|c| !c.blocks()).count();
        if warned > 0 {
            col = col.push(
                text(tr_args(
                    lang,
                    "gui-compose-no-receipt-count",
                    &[("count", num(warned))],
                ))
                .size(12),
            );
        }
        for c in checks {
            let untouched = self.draft.to.trim().is_empty()
                && c == Check::Draft(DraftProblem::Blocks(ComposeError::NoRecipients));
            if !untouched {
                col = col.push(text(format!("⚠ {}", c.text(lang))).size(12));
            }
        }
        let drafts = Draft::load_all(profile);
        if !drafts.is_empty() {
            col = col.push(text(tr(lang, "gui-compose-drafts")).size(15));
            for d in drafts.into_iter().take(20) {
                let label = if d.subject.trim().is_empty() {
                    tr(lang, "gui-no-subject")
                } else {
                    d.subject.clone()
                };
                col = col.push(
                    row![
                        button(text(format!("{label} — {}", d.to)).size(12))
                            .style(button::text)
                            .on_press(Message::OpenDraft(d.id.clone())),
                        if self.deleting.as_ref() == Some(&d.id) {
                            button(text(tr(lang, "gui-compose-draft-delete-confirm")).size(12))
                                .style(button::danger)
                        } else {
                            button(text(tr(lang, "gui-compose-draft-delete")).size(12))
                                .style(button::secondary)
                        }
                        .on_press(Message::DeleteDraft(d.id.clone())),
                    ]
                    .spacing(8)
                    .align_y(Alignment::Center),
                );
            }
        }
        scrollable(col).height(Length::Fill).into()
    }
}

/// The body editor's keys: as usual, except that Ctrl+Enter (send) and Tab (next field) are
/// left to the window's shortcuts instead of breaking a line or typing a tab.
fn body_keys(press: text_editor::KeyPress) -> Option<text_editor::Binding<Message>> {
    use iced::keyboard::{Key, key::Named};
    match &press.key {
        Key::Named(Named::Enter) if press.modifiers.command() => None,
        Key::Named(Named::Tab) => None,
        _ => text_editor::Binding::from_key_press(press),
    }
}

fn field<'a>(label: String, input: Element<'a, Message>) -> Element<'a, Message> {
    row![text(label).width(Length::Fixed(150.0)), input]
        .spacing(8)
        .align_y(Alignment::Center)
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    use sigillo::account::presets::PRESETS;
    use sigillo::net::compose::build;

    fn account(address: &str) -> Account {
        Account::from_preset("studio", address, &PRESETS[0])
    }

    fn none() -> PastReceipts {
        PastReceipts::default()
    }

    fn blocks(e: ComposeError) -> Check {
        Check::Draft(DraftProblem::Blocks(e))
    }

    fn warns(address: &str, hint: RecipientHint) -> Check {
        Check::Draft(DraftProblem::Warns {
            address: address.into(),
            hint,
        })
    }

    #[test]
    fn checks_block_what_pec_refuses_and_warn_about_external_recipients() {
        let d = Draft {
            to: "anna@legalmail.it, luca@gmail.com".into(),
            cc: "non un indirizzo".into(),
            ..Draft::default()
        };
        let c = d.checks(&none(), None);
        assert!(c.contains(&warns("luca@gmail.com", RecipientHint::ProbablyNotPec)));
        assert!(c.contains(&blocks(ComposeError::InvalidAddress(
            "non un indirizzo".into()
        ))));
        assert!(!c.iter().any(|c| matches!(
            c,
            Check::Draft(DraftProblem::Warns { address, .. }) if address == "anna@legalmail.it"
        )));
        assert!(
            Draft::default()
                .checks(&none(), None)
                .contains(&blocks(ComposeError::NoRecipients))
        );
    }

    /// The window's address rule is sending's: an address the window's own check once let by
    /// is refused by both, one it once refused is accepted by both, and a quoted name with a
    /// comma is one recipient, not two.
    #[test]
    fn an_address_is_judged_by_the_rule_sending_applies() {
        let sender = account("studio@legalmail.it");
        for (typed, is_address) in [
            // Two dots in a row: the window once passed it, sending refused it.
            ("mario..rossi@legalmail.it", false),
            // A trailing dot in the local part: the same.
            ("mario.@legalmail.it", false),
            // No dot in the domain: the window once refused it, sending took it.
            ("mario@localhost", true),
            // A display name with a comma, quoted: one mailbox.
            ("\"Rossi, Mario\" <mario@legalmail.it>", true),
            ("Mario Rossi <mario@legalmail.it>", true),
        ] {
            let d = Draft {
                to: typed.into(),
                subject: "Prova".into(),
                ..Draft::default()
            };
            let window_blocks = d.checks(&none(), Some(&sender)).iter().any(Check::blocks);
            let sent = build(&sender, &d.to_net().unwrap());
            assert_eq!(!window_blocks, is_address, "{typed}: the window");
            assert_eq!(sent.is_ok(), is_address, "{typed}: sending: {sent:?}");
            if is_address {
                assert_eq!(d.to_net().unwrap().to.len(), 1, "{typed}: one recipient");
            } else {
                assert!(
                    d.checks(&none(), Some(&sender))
                        .contains(&blocks(ComposeError::InvalidAddress(typed.into())))
                );
                assert_eq!(sent, Err(ComposeError::InvalidAddress(typed.into())));
            }
        }
    }

    #[test]
    fn size_rule_counts_every_recipient() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.bin");
        std::fs::write(&f, vec![0u8; 3 * 1024 * 1024]).unwrap();
        let d = Draft {
            to: (0..8)
                .map(|i| format!("u{i}@pec.alfa.it"))
                .collect::<Vec<_>>()
                .join(","),
            attachments: vec![f],
            ..Draft::default()
        };
        assert!(d.checks(&none(), None).iter().any(|c| matches!(
            c,
            Check::Draft(DraftProblem::Blocks(ComposeError::TooLarge { .. }))
        )));
        let d1 = Draft {
            to: "u@pec.alfa.it".into(),
            ..d
        };
        assert!(!d1.checks(&none(), None).iter().any(Check::blocks));
    }

    #[test]
    fn the_window_refuses_what_sending_would_refuse() {
        // 22.9 MB of attachment: 30.5 MB once encoded, over the providers' 30 MB (decimal) and
        // under 30 MiB, the limit the window once used on its own.
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("perizia.pdf");
        std::fs::write(&f, vec![b'x'; 22_900_000]).unwrap();
        let d = Draft {
            to: "anna@pec.alfa.it".into(),
            subject: "Perizia".into(),
            attachments: vec![f.clone()],
            ..Draft::default()
        };
        let account = account("studio@pec.alfa.it");
        assert!(
            d.checks(&none(), Some(&account)).iter().any(|c| matches!(
                c,
                Check::Draft(DraftProblem::Blocks(ComposeError::TooLarge { .. }))
            )),
            "the window blocks it"
        );
        assert!(
            matches!(
                build(&account, &d.to_net().unwrap()),
                Err(ComposeError::TooLarge { .. })
            ),
            "and sending refuses it too"
        );
        // Well under the limit, both let it through.
        std::fs::write(&f, vec![b'x'; 20_000_000]).unwrap();
        assert!(!d.checks(&none(), Some(&account)).iter().any(Check::blocks));
        assert!(build(&account, &d.to_net().unwrap()).is_ok());
    }

    /// The limit is the sending account's, the one sending applies: a message within the
    /// common 30 MB goes past the window only when the account allows it.
    #[test]
    fn the_size_limit_is_the_sending_accounts() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("perizia.pdf");
        std::fs::write(&f, vec![b'x'; 9_000_000]).unwrap();
        let mut small = account("studio@pec.alfa.it");
        small.id = "piccola".into();
        small.max_size_times_recipients = 10_000_000;
        let large = account("ufficio@pec.alfa.it");
        let d = Draft {
            from: "piccola".into(),
            to: "anna@pec.alfa.it".into(),
            attachments: vec![f],
            ..Draft::default()
        };
        let too_large = |checks: &[Check]| {
            checks.iter().find_map(|c| match c {
                Check::Draft(DraftProblem::Blocks(ComposeError::TooLarge { limit, .. })) => {
                    Some(*limit)
                }
                _ => None,
            })
        };
        // 12 MB once encoded: over the account's 10 MB, refused by the window and by sending.
        let screen = ComposeScreen::from_draft(d.clone());
        let accounts = [small.clone(), large.clone()];
        assert_eq!(too_large(&screen.checks(&accounts)), Some(10_000_000));
        assert!(matches!(
            build(&small, &d.to_net().unwrap()),
            Err(ComposeError::TooLarge {
                limit: 10_000_000,
                ..
            })
        ));
        // From the other account (30 MB), both let it through.
        let screen = ComposeScreen::from_draft(Draft {
            from: large.id.clone(),
            ..d.clone()
        });
        assert_eq!(too_large(&screen.checks(&accounts)), None);
        assert!(build(&large, &d.to_net().unwrap()).is_ok());
    }

    /// A recipient a stored receipt placed outside PEC is warned about even when its domain
    /// is a PEC provider's, and said to be so because of that receipt; one a receipt certified
    /// is not warned about even on an unknown domain. The same warnings `sigillo send` gives.
    #[test]
    fn past_receipts_decide_the_recipient_warnings() {
        let profile = tempfile::tempdir().unwrap();
        let mut store = sigillo::store::Store::open(profile.path()).unwrap();
        let (receipt, root) = sigillo_test_provider::message::accettazione_for(
            "studio@legalmail.it",
            &["nuova@studio-esempio.it"],
            &["vecchio@legalmail.it"],
        );
        let source = sigillo::store::Source::Import {
            path: "accettazione.eml".into(),
            offset: None,
            account: None,
            folder: None,
        };
        store.ingest(&receipt, &source).unwrap();
        // The receipt counts once its provider signature is found valid.
        store
            .verify_pending(
                &sigillo::verify::TrustList::from_anchors(
                    vec![root],
                    sigillo::verify::AnchorSource::Extra,
                ),
                chrono::Utc::now(),
                &mut |_, _| {},
            )
            .unwrap();
        let mut screen = ComposeScreen::from_draft(Draft {
            to: "Vecchio <vecchio@legalmail.it>, nuova@studio-esempio.it".into(),
            cc: "altro@gmail.com".into(),
            ..Draft::default()
        });
        let accounts = [account("studio@legalmail.it")];
        let asked = screen
            .start_look_up()
            .expect("the recipients are to look up");
        assert_eq!(
            asked,
            [
                "vecchio@legalmail.it",
                "nuova@studio-esempio.it",
                "altro@gmail.com"
            ]
        );
        assert_eq!(screen.start_look_up(), None, "asked once");
        // Before the answer: the domains alone.
        assert_eq!(
            screen
                .checks(&accounts)
                .into_iter()
                .filter(|c| !c.blocks())
                .collect::<Vec<_>>(),
            [
                warns("nuova@studio-esempio.it", RecipientHint::ProbablyNotPec),
                warns("altro@gmail.com", RecipientHint::ProbablyNotPec),
            ]
        );
        let past = PastReceipts::look_up(&store, &asked).unwrap();
        let _ = screen.update(
            Message::Past(Some(past.clone())),
            Lang::It,
            profile.path(),
            &accounts,
        );
        let shown = screen.checks(&accounts);
        assert_eq!(
            shown,
            [
                warns("vecchio@legalmail.it", RecipientHint::ExternalBefore),
                warns("altro@gmail.com", RecipientHint::ProbablyNotPec),
            ]
        );
        // Exactly the recipients the engine's hints (what `sigillo send` lists) warn about.
        let net = screen.draft.to_net().unwrap();
        let cli: Vec<Check> = sigillo::net::compose::recipient_hints(&past, &accounts[0], &net)
            .into_iter()
            .filter(|(_, h)| h.warn())
            .map(|(a, h)| warns(&a, h))
            .collect();
        assert_eq!(shown, cli);
        // In words, each kind its own sentence, under a heading that counts them.
        let words: Vec<String> = shown.iter().map(|c| c.text(Lang::It)).collect();
        assert!(
            words[0].contains("secondo una ricevuta già ricevuta"),
            "{}",
            words[0]
        );
        assert!(
            words[1].contains("dominio non riconosciuto"),
            "{}",
            words[1]
        );
        let found = crate::gui::tests::texts(screen.view(Lang::It, profile.path(), &accounts));
        let heading = tr_args(
            Lang::It,
            "gui-compose-no-receipt-count",
            &[("count", num(2))],
        );
        assert!(found.iter().any(|(t, _)| *t == heading), "{found:?}");
        for w in &words {
            assert!(found.iter().any(|(t, _)| *t == format!("⚠ {w}")), "{w}");
        }
        // A failed lookup is said, not hidden.
        let _ = screen.update(Message::Past(None), Lang::It, profile.path(), &accounts);
        let found = crate::gui::tests::texts(screen.view(Lang::It, profile.path(), &accounts));
        let unknown = format!("⚠ {}", tr(Lang::It, "gui-compose-past-unknown"));
        assert!(found.iter().any(|(t, _)| *t == unknown));
    }

    #[test]
    fn drafts_round_trip_through_the_shared_drafts_folder() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("contratto.pdf");
        std::fs::write(&file, b"%PDF-1.4 prova").unwrap();
        let d = Draft {
            id: "bozza-1".into(),
            from: "ufficio".into(),
            to: "a@pec.it, b@pec.it".into(),
            subject: "Prova".into(),
            receipt: "breve".into(),
            attachments: vec![file],
            ..Draft::default()
        };
        d.save(dir.path()).unwrap();
        let back = Draft::load_all(dir.path());
        assert_eq!(back.len(), 1);
        assert_eq!(back[0].to, "a@pec.it, b@pec.it");
        assert_eq!(back[0].receipt, "breve");
        assert_eq!(back[0].from, "ufficio", "the account to send from is kept");
        assert_eq!(back[0].kept[0].name, "contratto.pdf");
        assert_eq!(back[0].kept[0].bytes, b"%PDF-1.4 prova");
        // The command line's drafts API reads the same file.
        let (account, net) = Drafts::new(dir.path()).load("bozza-1").unwrap();
        assert_eq!(net.to, vec!["a@pec.it", "b@pec.it"]);
        assert_eq!(account.as_deref(), Some("ufficio"));
    }
}
