//! The "Caselle" section of the settings: every account with its protocol, servers, what its
//! sync is doing (with progress), its last sync, its last error in words, unread and total
//! counts, how full the mailbox is and when its application password expires; and for each one
//! "sync now", a connection test (with re-pinning a changed certificate), editing (servers,
//! security, pins, login, a new password for the keyring, notifications) and removal, which asks
//! first and says what stays in the store. Saving settings that were not tested asks first too.
//! The screen only renders and collects: the app does the work through `accounts::Accounts`.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use iced::widget::{
    Space, button, checkbox, column, container, pick_list, progress_bar, row, text, text_input,
};
use iced::{Alignment, Element, Length};

use sigillo::account::{Account, AccountError, Incoming, Secret, ServerConfig};
use sigillo::i18n::{Lang, arg, num, tr, tr_args};
use sigillo::net::check::CheckReport;
use sigillo::net::status::Phase;
use sigillo::net::tls::{Fingerprint, Security};

use super::accounts::Accounts;
use super::{connection_test, style};

/// Messages of the accounts section.
#[derive(Debug, Clone)]
pub enum Message {
    /// Start editing account `id`.
    Edit(String),
    /// Leave the form without saving.
    CancelEdit,
    /// A field of the form changed.
    Field(Field, String),
    /// Security of the incoming (true) or SMTP server picked.
    Security(bool, SecurityChoice),
    /// Forget the pin of the incoming (true) or SMTP server.
    ClearPin(bool),
    /// Notifications on or off.
    Notify(bool),
    /// Test the form (or, outside the form, account `id` as saved).
    Test(String),
    /// A test finished.
    Tested(String, Arc<CheckReport>),
    /// Trust the certificate a host showed (id, host, fingerprint).
    Pin(String, String, String),
    /// Save the form (asks first when it was not tested).
    Save,
    /// Save although the test did not pass.
    SaveAnyway,
    /// "Sync now" for account `id`.
    SyncNow(String),
    /// Ask to remove account `id`.
    Remove(String),
    /// The store holds this many messages of the account to remove (for the question).
    RemoveCounted(String, usize),
    /// Removal confirmed.
    ConfirmRemove(String),
    /// Removal not wanted.
    CancelRemove,
    /// Go to the wizard to add an account.
    Add,
}

/// A text field of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// Login name.
    Login,
    /// Incoming host.
    InHost,
    /// Incoming port.
    InPort,
    /// SMTP host.
    SmtpHost,
    /// SMTP port.
    SmtpPort,
    /// A new password.
    Password,
}

/// Implicit TLS or STARTTLS, with its words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityChoice {
    /// The value.
    pub value: Security,
    label: String,
}

impl std::fmt::Display for SecurityChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label)
    }
}

/// The choices of a server's security, in `lang`.
pub fn security_choices(lang: Lang) -> Vec<SecurityChoice> {
    vec![
        SecurityChoice {
            value: Security::Tls,
            label: tr(lang, "gui-security-tls"),
        },
        SecurityChoice {
            value: Security::StartTls,
            label: tr(lang, "gui-security-starttls"),
        },
    ]
}

/// What the app must do.
#[derive(Debug)]
pub enum Event {
    /// Test this account with this password (`None`: the one kept for the account).
    Test(Box<Account>, Option<Secret>),
    /// Keep these settings, and this new password when one was typed.
    Save(Box<Account>, Option<Secret>),
    /// Count the stored messages of this account (before asking to remove it).
    CountForRemoval(String),
    /// Remove this account.
    Remove(String),
    /// Sync this account now.
    SyncNow(String),
    /// Open the wizard.
    Add,
}

/// The form of the account being edited.
#[derive(Debug, Clone)]
struct Form {
    original: Account,
    login: String,
    in_host: String,
    in_port: String,
    in_security: Security,
    in_pin: Option<Fingerprint>,
    smtp_host: String,
    smtp_port: String,
    smtp_security: Security,
    smtp_pin: Option<Fingerprint>,
    password: String,
    notify: bool,
    /// The account (as the form then was) that last passed a test.
    passed: Option<Account>,
    /// Saving was asked without a passing test: the question is shown.
    confirm_untested: bool,
}

impl Form {
    fn new(a: &Account) -> Form {
        Form {
            original: a.clone(),
            login: a.login.clone(),
            in_host: a.incoming_server.host.clone(),
            in_port: a.incoming_server.port.to_string(),
            in_security: a.incoming_server.security,
            in_pin: a.incoming_server.pin,
            smtp_host: a.smtp_server.host.clone(),
            smtp_port: a.smtp_server.port.to_string(),
            smtp_security: a.smtp_server.security,
            smtp_pin: a.smtp_server.pin,
            password: String::new(),
            notify: a.notify,
            passed: None,
            confirm_untested: false,
        }
    }

    /// The account the form describes.
    fn account(&self) -> Result<Account, AccountError> {
        let port = |host: &str, s: &str| {
            (s.trim().parse::<u16>())
                .map_err(|_| AccountError::InvalidServer(format!("{host}:{s}")))
        };
        let a = Account {
            login: self.login.trim().to_owned(),
            incoming_server: ServerConfig {
                host: self.in_host.trim().to_owned(),
                port: port(&self.in_host, &self.in_port)?,
                security: self.in_security,
                pin: self.in_pin,
            },
            smtp_server: ServerConfig {
                host: self.smtp_host.trim().to_owned(),
                port: port(&self.smtp_host, &self.smtp_port)?,
                security: self.smtp_security,
                pin: self.smtp_pin,
            },
            notify: self.notify,
            ..self.original.clone()
        };
        a.validate()?;
        Ok(a)
    }

    fn secret(&self) -> Option<Secret> {
        (!self.password.is_empty()).then(|| Secret::new(self.password.clone()))
    }
}

/// A test of an account: running, or its report.
#[derive(Debug, Clone)]
enum TestState {
    Running,
    Done(Arc<CheckReport>),
}

/// The accounts section.
#[derive(Debug, Default)]
pub struct AccountsPanel {
    form: Option<Form>,
    tests: HashMap<String, TestState>,
    removing: Option<(String, Option<usize>)>,
    notice: Option<String>,
}

impl AccountsPanel {
    /// Shows a line under the section (saved, removed, failed…).
    pub fn set_notice(&mut self, n: String) {
        self.notice = Some(n);
    }

    /// The id of the account being edited, if any.
    pub fn editing(&self) -> Option<&str> {
        self.form.as_ref().map(|f| f.original.id.as_str())
    }

    /// Closes the form (after a save) and forgets its test.
    pub fn close_form(&mut self) {
        if let Some(f) = self.form.take() {
            self.tests.remove(&f.original.id);
        }
    }

    /// A test that could not start (no password for this session).
    pub fn test_not_run(&mut self, id: &str) {
        self.tests.remove(id);
    }

    /// Closes the removal question (after a removal).
    pub fn removed(&mut self, id: &str) {
        self.removing = None;
        self.tests.remove(id);
        if self.editing() == Some(id) {
            self.form = None;
        }
    }

    /// True when a dialog-like part (form, removal question) is open, for Esc.
    pub fn has_dialog(&self) -> bool {
        self.form.is_some() || self.removing.is_some()
    }

    /// Esc: closes the removal question, else the form.
    pub fn escape(&mut self) {
        if self.removing.is_some() {
            self.removing = None;
        } else if let Some(f) = &mut self.form {
            if f.confirm_untested {
                f.confirm_untested = false;
            } else {
                self.form = None;
            }
        }
    }

    /// Handles a message; returns what the app must do.
    pub fn update(&mut self, message: Message, accounts: &Accounts, lang: Lang) -> Option<Event> {
        match message {
            Message::Edit(id) => {
                if let Some(a) = accounts.get(&id) {
                    self.form = Some(Form::new(a));
                    self.tests.remove(&id);
                    self.notice = None;
                }
            }
            Message::CancelEdit => self.form = None,
            Message::Field(field, value) => {
                if let Some(f) = &mut self.form {
                    let slot = match field {
                        Field::Login => &mut f.login,
                        Field::InHost => &mut f.in_host,
                        Field::InPort => &mut f.in_port,
                        Field::SmtpHost => &mut f.smtp_host,
                        Field::SmtpPort => &mut f.smtp_port,
                        Field::Password => &mut f.password,
                    };
                    *slot = value;
                    f.confirm_untested = false;
                }
            }
            Message::Security(incoming, choice) => {
                if let Some(f) = &mut self.form {
                    if incoming {
                        f.in_security = choice.value;
                    } else {
                        f.smtp_security = choice.value;
                    }
                }
            }
            Message::ClearPin(incoming) => {
                if let Some(f) = &mut self.form {
                    if incoming {
                        f.in_pin = None;
                    } else {
                        f.smtp_pin = None;
                    }
                }
            }
            Message::Notify(on) => {
                if let Some(f) = &mut self.form {
                    f.notify = on;
                }
            }
            Message::Test(id) => {
                let (account, password) = match &self.form {
                    Some(f) if f.original.id == id => match f.account() {
                        Ok(a) => {
                            // What an earlier attempt said about the form no longer holds.
                            self.notice = None;
                            (a, f.secret())
                        }
                        Err(e) => {
                            self.notice = Some(invalid_text(lang, &e));
                            return None;
                        }
                    },
                    _ => (accounts.get(&id)?.clone(), None),
                };
                self.tests.insert(id, TestState::Running);
                return Some(Event::Test(Box::new(account), password));
            }
            Message::Tested(id, report) => {
                if let Some(f) = &mut self.form
                    && f.original.id == id
                    && report.ok()
                {
                    f.passed = f.account().ok();
                }
                self.tests.insert(id, TestState::Done(report));
            }
            Message::Pin(id, host, fingerprint) => {
                let fp = Fingerprint::parse(&fingerprint)?;
                match &mut self.form {
                    Some(f) if f.original.id == id => {
                        // Every server of the form on that host takes the pin.
                        if f.in_host.trim().eq_ignore_ascii_case(&host) {
                            f.in_pin = Some(fp);
                        }
                        if f.smtp_host.trim().eq_ignore_ascii_case(&host) {
                            f.smtp_pin = Some(fp);
                        }
                        return self.update(Message::Test(id), accounts, lang);
                    }
                    _ => {
                        // Re-pinning from the list: the account is saved with the new pin and
                        // tested again.
                        let mut a = accounts.get(&id)?.clone();
                        a.pin_host(&host, fp);
                        self.tests.remove(&id);
                        return Some(Event::Save(Box::new(a), None));
                    }
                }
            }
            Message::Save | Message::SaveAnyway => {
                let anyway = matches!(message, Message::SaveAnyway);
                let f = self.form.as_mut()?;
                let account = match f.account() {
                    Ok(a) => a,
                    Err(e) => {
                        self.notice = Some(invalid_text(lang, &e));
                        return None;
                    }
                };
                let changed = account != f.original || !f.password.is_empty();
                let tested = f.passed.as_ref() == Some(&account);
                if changed && !tested && !anyway {
                    f.confirm_untested = true;
                    return None;
                }
                let password = f.secret();
                f.password.clear();
                return Some(Event::Save(Box::new(account), password));
            }
            Message::SyncNow(id) => return Some(Event::SyncNow(id)),
            Message::Remove(id) => {
                self.removing = Some((id.clone(), None));
                return Some(Event::CountForRemoval(id));
            }
            Message::RemoveCounted(id, n) => {
                if let Some((r, count)) = &mut self.removing
                    && *r == id
                {
                    *count = Some(n);
                }
            }
            Message::ConfirmRemove(id) => return Some(Event::Remove(id)),
            Message::CancelRemove => self.removing = None,
            Message::Add => return Some(Event::Add),
        }
        None
    }

    /// The section. `counts` gives (unread, total) per account id.
    pub fn view<'a>(
        &'a self,
        lang: Lang,
        accounts: &'a Accounts,
        counts: &BTreeMap<String, (usize, usize)>,
        keyring_unavailable: bool,
    ) -> Element<'a, Message> {
        let mut col = column![
            row![
                text(tr(lang, "gui-accounts-title"))
                    .size(20)
                    .width(Length::Fill),
                button(text(tr(lang, "gui-accounts-add")).size(13))
                    .style(button::success)
                    .on_press(Message::Add),
            ]
            .align_y(Alignment::Center),
        ]
        .spacing(10);
        if accounts.list().is_empty() {
            col = col.push(text(tr(lang, "gui-accounts-none")).size(13));
        }
        if keyring_unavailable {
            col = col.push(
                container(text(tr(lang, "gui-wizard-keyring-unavailable")).size(12))
                    .padding(8)
                    .style(style::banner(style::status_color(
                        sigillo::verify::Status::Untrusted,
                    ))),
            );
        }
        for a in accounts.list() {
            let card = match &self.form {
                Some(f) if f.original.id == a.id => self.form_view(lang, f),
                _ => self.card(lang, a, accounts, counts.get(&a.id).copied()),
            };
            col = col.push(container(card).padding(10).style(style::panel));
        }
        if let Some(n) = &self.notice {
            col = col.push(text(n.clone()).size(12));
        }
        col.into()
    }

    fn card<'a>(
        &'a self,
        lang: Lang,
        a: &'a Account,
        accounts: &'a Accounts,
        counts: Option<(usize, usize)>,
    ) -> Element<'a, Message> {
        let status = accounts.status(&a.id);
        let bad = style::status_color(sigillo::verify::Status::Tampered);
        let protocol = match a.incoming {
            Incoming::Imap => "IMAP",
            Incoming::Pop3 => "POP3",
        };
        let mut col = column![
            row![
                text(format!("{} — {}", a.id, a.address))
                    .size(15)
                    .width(Length::Fill),
                container(text(protocol).size(11))
                    .padding([1, 8])
                    .style(style::pill(style::UNVERIFIED)),
            ]
            .spacing(8)
            .align_y(Alignment::Center),
            text(server_line(
                lang,
                "gui-accounts-incoming",
                &a.incoming_server
            ))
            .size(12),
            text(server_line(lang, "gui-accounts-outgoing", &a.smtp_server)).size(12),
        ]
        .spacing(4);
        let (unread, total) = counts.unwrap_or((0, 0));
        let mut facts = tr_args(
            lang,
            "gui-accounts-counts",
            &[("unread", num(unread)), ("total", num(total))],
        );
        if let Some(u) = accounts.usage(&a.id) {
            facts.push_str(" · ");
            facts.push_str(&match u.percent() {
                Some(p) => tr_args(lang, "gui-accounts-quota", &[("percent", num(p as usize))]),
                None => tr_args(
                    lang,
                    "gui-accounts-quota-used",
                    &[("mb", num((u.used / 1_000_000) as usize))],
                ),
            });
        }
        col = col.push(text(facts).size(12));
        col = col.push(text(sigillo::net::text::last_sync_text(lang, &status)).size(12));
        let phase = sigillo::net::text::account_phase_text(lang, &status);
        col = col.push(if status.failing() {
            text(phase).size(13).color(bad)
        } else {
            text(phase).size(12)
        });
        if let Phase::Syncing { done, total, .. } = status.phase
            && total > 0
        {
            col = col.push(
                progress_bar(0.0..=total as f32, done as f32)
                    .girth(6)
                    .length(Length::Fill),
            );
        }
        if status.login_refused() {
            col = col.push(text(sigillo::account::text::login_refused_hint(lang, a)).size(12));
        }
        let now = chrono::Utc::now();
        if let Some(t) = sigillo::account::text::password_expiry_text(lang, a, now) {
            col = col.push(
                if sigillo::account::text::password_needs_attention(a, now) {
                    text(t).size(12).color(bad)
                } else {
                    text(t).size(12)
                },
            );
        }
        let testing = matches!(self.tests.get(&a.id), Some(TestState::Running));
        let sync = button(
            text(tr(
                lang,
                if status.busy() {
                    "gui-accounts-syncing"
                } else {
                    "gui-sync-now"
                },
            ))
            .size(12),
        )
        .style(button::secondary);
        let test = button(
            text(tr(
                lang,
                if testing {
                    "gui-wizard-testing"
                } else {
                    "gui-accounts-test"
                },
            ))
            .size(12),
        )
        .style(button::secondary);
        col = col.push(
            row![
                if status.busy() {
                    sync
                } else {
                    sync.on_press(Message::SyncNow(a.id.clone()))
                },
                if testing {
                    test
                } else {
                    test.on_press(Message::Test(a.id.clone()))
                },
                button(text(tr(lang, "gui-accounts-edit")).size(12))
                    .style(button::primary)
                    .on_press(Message::Edit(a.id.clone())),
                Space::new().width(Length::Fill),
                button(text(tr(lang, "gui-accounts-remove")).size(12))
                    .style(button::danger)
                    .on_press(Message::Remove(a.id.clone())),
            ]
            .spacing(8)
            .align_y(Alignment::Center),
        );
        if let Some(TestState::Done(report)) = self.tests.get(&a.id) {
            let id = a.id.clone();
            col = col.push(connection_test::report_view(
                lang,
                Some(a),
                report,
                move |host, fp| Message::Pin(id.clone(), host, fp),
            ));
        }
        if let Some((id, count)) = &self.removing
            && *id == a.id
        {
            col = col.push(self.removal_question(lang, a, *count));
        }
        col.into()
    }

    fn removal_question<'a>(
        &self,
        lang: Lang,
        a: &Account,
        count: Option<usize>,
    ) -> Element<'a, Message> {
        let color = style::status_color(sigillo::verify::Status::Tampered);
        let stays = match count {
            Some(n) => tr_args(lang, "gui-accounts-remove-stays", &[("count", num(n))]),
            None => tr(lang, "gui-loading"),
        };
        container(
            column![
                text(tr_args(
                    lang,
                    "gui-accounts-remove-question",
                    &[("account", arg(&a.id)), ("address", arg(&a.address))],
                ))
                .size(14)
                .color(color),
                text(stays).size(12),
                text(tr(lang, "gui-accounts-remove-goes")).size(12),
                row![
                    button(text(tr(lang, "gui-accounts-remove-confirm")).size(12))
                        .style(button::danger)
                        .on_press(Message::ConfirmRemove(a.id.clone())),
                    button(text(tr(lang, "gui-cancel")).size(12))
                        .style(button::secondary)
                        .on_press(Message::CancelRemove),
                ]
                .spacing(8),
            ]
            .spacing(6),
        )
        .padding(10)
        .width(Length::Fill)
        .style(style::banner(color))
        .into()
    }

    fn form_view<'a>(&'a self, lang: Lang, f: &'a Form) -> Element<'a, Message> {
        let id = f.original.id.clone();
        let label = |key: &str| text(tr(lang, key)).width(Length::Fixed(200.0));
        let choices = security_choices(lang);
        let in_sel = choices.iter().find(|c| c.value == f.in_security).cloned();
        let smtp_sel = choices.iter().find(|c| c.value == f.smtp_security).cloned();
        let mut col = column![
            text(tr_args(
                lang,
                "gui-accounts-editing",
                &[("account", arg(&id)), ("address", arg(&f.original.address))],
            ))
            .size(15),
            row![
                label("gui-accounts-login"),
                text_input("", &f.login).on_input(|v| Message::Field(Field::Login, v)),
            ]
            .spacing(6)
            .align_y(Alignment::Center),
            row![
                label("gui-wizard-in-server"),
                text_input("", &f.in_host).on_input(|v| Message::Field(Field::InHost, v)),
                text_input("", &f.in_port)
                    .on_input(|v| Message::Field(Field::InPort, v))
                    .width(Length::Fixed(70.0)),
                pick_list(choices.clone(), in_sel, |c| Message::Security(true, c)).text_size(12),
            ]
            .spacing(6)
            .align_y(Alignment::Center),
            row![
                label("gui-wizard-smtp-server"),
                text_input("", &f.smtp_host).on_input(|v| Message::Field(Field::SmtpHost, v)),
                text_input("", &f.smtp_port)
                    .on_input(|v| Message::Field(Field::SmtpPort, v))
                    .width(Length::Fixed(70.0)),
                pick_list(choices, smtp_sel, |c| Message::Security(false, c)).text_size(12),
            ]
            .spacing(6)
            .align_y(Alignment::Center),
        ]
        .spacing(8);
        for (incoming, pin) in [(true, f.in_pin), (false, f.smtp_pin)] {
            if let Some(fp) = pin {
                col = col.push(
                    row![
                        text(tr_args(
                            lang,
                            if incoming {
                                "gui-accounts-pin-incoming"
                            } else {
                                "gui-accounts-pin-outgoing"
                            },
                            &[("fingerprint", arg(fp.to_string()))],
                        ))
                        .size(11)
                        .width(Length::Fill),
                        button(text(tr(lang, "gui-accounts-pin-forget")).size(11))
                            .style(button::text)
                            .on_press(Message::ClearPin(incoming)),
                    ]
                    .spacing(6)
                    .align_y(Alignment::Center),
                );
            }
        }
        col = col.push(
            row![
                label("gui-accounts-new-password"),
                text_input(
                    &tr(lang, "gui-accounts-new-password-placeholder"),
                    &f.password
                )
                .secure(true)
                .on_input(|v| Message::Field(Field::Password, v)),
            ]
            .spacing(6)
            .align_y(Alignment::Center),
        );
        col = col.push(text(tr(lang, "gui-accounts-password-note")).size(11));
        if let Some(rule) = sigillo::account::manage::app_password(&f.original) {
            col = col.push(
                text(tr_args(
                    lang,
                    "gui-wizard-app-password-help",
                    &[
                        (
                            "provider",
                            arg(f.original.preset().map(|p| p.name).unwrap_or_default()),
                        ),
                        ("url", arg(rule.renew_url)),
                    ],
                ))
                .size(11),
            );
        }
        col = col.push(
            checkbox(f.notify)
                .label(tr(lang, "gui-accounts-notify"))
                .on_toggle(Message::Notify)
                .text_size(13),
        );
        let testing = matches!(self.tests.get(&id), Some(TestState::Running));
        let test = button(
            text(tr(
                lang,
                if testing {
                    "gui-wizard-testing"
                } else {
                    "gui-wizard-test"
                },
            ))
            .size(13),
        )
        .style(button::secondary);
        col = col.push(
            row![
                if testing {
                    test
                } else {
                    test.on_press(Message::Test(id.clone()))
                },
                button(text(tr(lang, "gui-accounts-save")).size(13))
                    .style(button::success)
                    .on_press(Message::Save),
                button(text(tr(lang, "gui-cancel")).size(13))
                    .style(button::secondary)
                    .on_press(Message::CancelEdit),
            ]
            .spacing(8),
        );
        if let Some(TestState::Done(report)) = self.tests.get(&id) {
            let pin_id = id.clone();
            col = col.push(connection_test::report_view(
                lang,
                Some(&f.original),
                report,
                move |host, fp| Message::Pin(pin_id.clone(), host, fp),
            ));
        }
        if f.confirm_untested {
            col = col.push(untested_question(
                lang,
                Message::Test(id),
                Message::SaveAnyway,
            ));
        }
        col.into()
    }
}

/// "The connection was not tested (or the test failed): save anyway?", with its two buttons.
pub fn untested_question<'a, M: Clone + 'a>(lang: Lang, test: M, anyway: M) -> Element<'a, M> {
    let color = style::status_color(sigillo::verify::Status::Untrusted);
    container(
        column![
            text(tr(lang, "gui-untested-question"))
                .size(13)
                .color(color),
            text(tr(lang, "gui-untested-explained")).size(12),
            row![
                button(text(tr(lang, "gui-wizard-test")).size(12))
                    .style(button::primary)
                    .on_press(test),
                button(text(tr(lang, "gui-untested-save-anyway")).size(12))
                    .style(button::secondary)
                    .on_press(anyway),
            ]
            .spacing(8),
        ]
        .spacing(6),
    )
    .padding(10)
    .width(Length::Fill)
    .style(style::banner(color))
    .into()
}

/// "In arrivo: host:port (TLS), certificato fissato".
fn server_line(lang: Lang, key: &str, s: &ServerConfig) -> String {
    let security = tr(
        lang,
        match s.security {
            Security::Tls => "gui-security-tls",
            Security::StartTls => "gui-security-starttls",
        },
    );
    let mut line = tr_args(
        lang,
        key,
        &[
            ("host", arg(&s.host)),
            ("port", arg(s.port.to_string())),
            ("security", arg(security)),
        ],
    );
    if s.pin.is_some() {
        line.push_str(" · ");
        line.push_str(&tr(lang, "gui-accounts-pinned"));
    }
    line
}

/// "The settings are not valid: WHY", in the user's words.
pub(super) fn invalid_text(lang: Lang, e: &AccountError) -> String {
    let why = sigillo::account::text::account_error_text(lang, e);
    tr_args(lang, "gui-wizard-invalid", &[("reason", arg(why))])
}
