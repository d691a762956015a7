//! Compose: To and Cc only (PEC refuses blind copies, and the screen says so in one line), the
//! delivery receipt type, attachments with the size rule (size × recipients) checked before
//! sending, warnings for recipients that are probably outside PEC, and drafts kept in the
//! profile (`<profile>/drafts/<id>.json`).

use std::path::{Path, PathBuf};

use iced::widget::{button, column, pick_list, row, scrollable, text, text_editor, text_input};
use iced::{Alignment, Element, Length, Task};
use serde::{Deserialize, Serialize};

use sigillo::i18n::{Lang, arg, num, tr, tr_args};
use sigillo::net::compose::Drafts;
use sigillo::pec::ReceiptType;

/// The id of the To field (Ctrl+N puts the cursor there).
pub const TO_ID: &str = "compose-to";
/// The id of the body editor (a reply puts the cursor there).
pub const BODY_ID: &str = "compose-body";

/// Default provider limit on size × recipients: the engine's (Italian rules: 30 MB, decimal),
/// so the window never lets through what sending refuses.
pub const DEFAULT_SIZE_LIMIT: u64 = sigillo::account::presets::DEFAULT_SIZE_TIMES_RECIPIENTS;

/// Bytes the MIME structure adds besides the encoded content, at most: the envelope's header
/// fields and each part's (an estimate made before the message is built must not come out
/// smaller than the message the engine measures when sending).
const MIME_OVERHEAD: u64 = 4096;

/// The encoded size of `n` bytes of attachment: base64 grows them by a third, and a line
/// break every 76 characters.
fn base64_size(n: u64) -> u64 {
    let encoded = n.div_ceil(3) * 4;
    encoded + encoded.div_ceil(76) * 2
}

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
    /// No To recipient.
    NoRecipient,
    /// An address that is not an address.
    BadAddress(String),
    /// Size × recipients over the limit.
    TooLarge { total: u64, limit: u64 },
    /// An attachment cannot be read.
    Unreadable(PathBuf),
    /// Probably outside PEC: no delivery receipt will come (warning only).
    ProbablyExternal(String),
    /// A notification that asks for a sintetica receipt or has copy recipients.
    Notifica(sigillo::net::compose::ComposeError),
}

impl Check {
    /// True for problems that stop sending.
    pub fn blocks(&self) -> bool {
        !matches!(self, Check::ProbablyExternal(_))
    }

    fn text(&self, lang: Lang) -> String {
        match self {
            Check::NoRecipient => tr(lang, "gui-compose-no-recipient"),
            Check::BadAddress(a) => {
                tr_args(lang, "gui-compose-bad-address", &[("address", arg(a))])
            }
            Check::TooLarge { total, limit } => tr_args(
                lang,
                "gui-compose-too-large",
                &[
                    // Megabytes as providers count them (10^6 bytes); the total rounded
                    // up, so a message over the limit never reads as equal to it.
                    ("total", num(total.div_ceil(1_000_000) as usize)),
                    ("limit", num((*limit / 1_000_000) as usize)),
                ],
            ),
            Check::Unreadable(p) => tr_args(
                lang,
                "gui-compose-unreadable",
                &[("path", arg(p.display().to_string()))],
            ),
            Check::ProbablyExternal(a) => {
                tr_args(lang, "gui-compose-external", &[("address", arg(a))])
            }
            Check::Notifica(e) => sigillo::i18n::compose_error_text(lang, e),
        }
    }
}

/// Splits a recipient field on commas and semicolons.
pub fn addresses(field: &str) -> Vec<String> {
    field
        .split([',', ';'])
        .map(|a| {
            let a = a.trim();
            match (a.rfind('<'), a.rfind('>')) {
                (Some(s), Some(e)) if s < e => a[s + 1..e].trim().to_owned(),
                _ => a.to_owned(),
            }
        })
        .filter(|a| !a.is_empty())
        .collect()
}

fn plausible(address: &str) -> bool {
    let mut parts = address.split('@');
    matches!(
        (parts.next(), parts.next(), parts.next()),
        (Some(l), Some(d), None) if !l.is_empty() && d.contains('.') && !d.starts_with('.') && !d.ends_with('.')
            && !address.chars().any(|c| c.is_whitespace() || c.is_control())
    )
}

impl Draft {
    /// Everything that stops sending or deserves a warning. `is_pec_domain` says whether a
    /// domain is known to be PEC.
    pub fn checks(&self, limit: u64, is_pec_domain: &dyn Fn(&str) -> bool) -> Vec<Check> {
        let mut out = Vec::new();
        let to = addresses(&self.to);
        let cc = addresses(&self.cc);
        if to.is_empty() {
            out.push(Check::NoRecipient);
        }
        if self.notifica && self.receipt_type() == ReceiptType::Sintetica {
            out.push(Check::Notifica(
                sigillo::net::compose::ComposeError::NotificaSintetica,
            ));
        }
        if self.notifica && !cc.is_empty() {
            out.push(Check::Notifica(
                sigillo::net::compose::ComposeError::NotificaCc,
            ));
        }
        for a in to.iter().chain(&cc) {
            if !plausible(a) {
                out.push(Check::BadAddress(a.clone()));
            } else if !is_pec_domain(a.rsplit('@').next().unwrap_or("")) {
                out.push(Check::ProbablyExternal(a.clone()));
            }
        }
        // The body may be quoted-printable or base64 when it is not plain ASCII: counted as
        // base64, the larger of the two.
        let mut size = MIME_OVERHEAD + base64_size((self.body.len() + self.subject.len()) as u64);
        for a in &self.kept {
            size += MIME_OVERHEAD + base64_size(a.bytes.len() as u64);
        }
        for p in &self.attachments {
            match std::fs::metadata(p) {
                Ok(m) => size += MIME_OVERHEAD + base64_size(m.len()),
                Err(_) => out.push(Check::Unreadable(p.clone())),
            }
        }
        // The engine's rule, the one sending applies.
        if let Err(sigillo::net::compose::ComposeError::TooLarge { total, limit, .. }) =
            sigillo::net::compose::check_size(
                usize::try_from(size).unwrap_or(usize::MAX),
                to.len() + cc.len(),
                limit,
            )
        {
            out.push(Check::TooLarge { total, limit });
        }
        out
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
            to: addresses(&self.to),
            cc: addresses(&self.cc),
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
    /// Send.
    Send,
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
        }
    }
}

/// Domains known to be PEC (the AgID CA1 provider list and the presets).
pub fn known_pec_domain(domain: &str) -> bool {
    sigillo::account::presets::is_known_pec_domain(domain)
        || domain.to_ascii_lowercase().split('.').any(|l| l == "pec")
}

impl ComposeScreen {
    /// A screen on a reply or forward the engine prepared, sent from account `from` (empty:
    /// the default one).
    pub fn from_reply(draft: sigillo::net::compose::Draft, from: String) -> Self {
        let id = ComposeScreen::default().draft.id;
        ComposeScreen::from_draft(Draft {
            from,
            ..Draft::from_net(&id, draft)
        })
    }

    /// A screen on an existing draft.
    pub fn from_draft(draft: Draft) -> Self {
        ComposeScreen {
            body: text_editor::Content::with_text(&draft.body),
            draft,
            ..ComposeScreen::default()
        }
    }

    /// Handles a message.
    pub fn update(
        &mut self,
        message: Message,
        lang: Lang,
        profile: &Path,
    ) -> (Task<Message>, Option<Event>) {
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
                    *self = ComposeScreen::from_draft(d);
                }
            }
            Message::SaveDraft => {
                self.notice = Some(match self.draft.save(profile) {
                    Ok(_) => tr(lang, "gui-compose-draft-saved"),
                    Err(e) => tr_args(
                        lang,
                        "gui-compose-draft-failed",
                        &[("reason", arg(e.to_string()))],
                    ),
                });
            }
            Message::Send => {
                let checks = self.draft.checks(DEFAULT_SIZE_LIMIT, &known_pec_domain);
                if checks.iter().any(Check::blocks) {
                    self.notice = Some(tr(lang, "gui-compose-fix-first"));
                    return (Task::none(), None);
                }
                let _ = self.draft.save(profile);
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

    /// The screen, with the saved drafts of `profile` listed at the bottom.
    /// The screen; `senders` are the accounts to send from, as (id, address), first the default.
    pub fn view(
        &self,
        lang: Lang,
        profile: &Path,
        senders: &[(String, String)],
    ) -> Element<'_, Message> {
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
                text(tr(lang, "gui-compose-title"))
                    .size(20)
                    .width(Length::Fill),
                if self.sending {
                    send
                } else {
                    send.on_press(Message::Send)
                },
                button(text(tr(lang, "gui-compose-save-draft")))
                    .style(button::secondary)
                    .on_press(Message::SaveDraft),
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
            let chosen = sender_index(senders, &self.draft.from).map(|i| choices[i].clone());
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
                text_editor(&self.body)
                    .id(BODY_ID)
                    .on_action(Message::Body)
                    .key_binding(body_keys)
                    .height(Length::Fixed(220.0)),
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
        for c in self.draft.checks(DEFAULT_SIZE_LIMIT, &known_pec_domain) {
            if !(c == Check::NoRecipient && self.draft.to.trim().is_empty()) {
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
                    button(text(format!("{label} — {}", d.to)).size(12))
                        .style(button::text)
                        .on_press(Message::OpenDraft(d.id.clone())),
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

    #[test]
    fn checks_block_what_pec_refuses_and_warn_about_external_recipients() {
        let d = Draft {
            to: "anna@pec.alfa.it, luca@gmail.com".into(),
            cc: "non un indirizzo".into(),
            ..Draft::default()
        };
        let c = d.checks(DEFAULT_SIZE_LIMIT, &known_pec_domain);
        assert!(c.contains(&Check::ProbablyExternal("luca@gmail.com".into())));
        assert!(c.contains(&Check::BadAddress("non un indirizzo".into())));
        assert!(!c.contains(&Check::ProbablyExternal("anna@pec.alfa.it".into())));
        assert!(
            Draft::default()
                .checks(DEFAULT_SIZE_LIMIT, &known_pec_domain)
                .contains(&Check::NoRecipient)
        );
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
        assert!(
            d.checks(DEFAULT_SIZE_LIMIT, &known_pec_domain)
                .iter()
                .any(|c| matches!(c, Check::TooLarge { .. }))
        );
        let d1 = Draft {
            to: "u@pec.alfa.it".into(),
            ..d
        };
        assert!(
            !d1.checks(DEFAULT_SIZE_LIMIT, &known_pec_domain)
                .iter()
                .any(Check::blocks)
        );
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
        assert!(
            d.checks(DEFAULT_SIZE_LIMIT, &known_pec_domain)
                .iter()
                .any(|c| matches!(c, Check::TooLarge { .. })),
            "the window blocks it"
        );
        let account = sigillo::account::Account::from_preset(
            "studio",
            "studio@pec.alfa.it",
            &sigillo::account::presets::PRESETS[0],
        );
        assert!(
            matches!(
                sigillo::net::compose::build(&account, &d.to_net().unwrap()),
                Err(sigillo::net::compose::ComposeError::TooLarge { .. })
            ),
            "and sending refuses it too"
        );
        // Well under the limit, both let it through.
        std::fs::write(&f, vec![b'x'; 20_000_000]).unwrap();
        assert!(
            !d.checks(DEFAULT_SIZE_LIMIT, &known_pec_domain)
                .iter()
                .any(Check::blocks)
        );
        assert!(sigillo::net::compose::build(&account, &d.to_net().unwrap()).is_ok());
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
