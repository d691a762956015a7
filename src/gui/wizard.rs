//! The account wizard: a provider preset or custom servers (implicit TLS or STARTTLS), the
//! address, the login, the password (which goes to the OS keyring only), IMAP or POP3 (with the
//! note that POP3 leaves messages on the server), what each field means for the chosen provider,
//! and a connection test that shows exactly which step failed — with the option to pin a
//! self-signed server certificate after seeing its fingerprint (one pin for a host serves both
//! servers on it). Saving settings that did not pass a test asks first.

use std::sync::Arc;

use iced::widget::{
    button, column, container, pick_list, radio, row, scrollable, text, text_input,
};
use iced::{Alignment, Element, Length, Task};

use sigillo::account::{Account, AccountError, Incoming, PRESETS, Preset, Secret, ServerConfig};
use sigillo::i18n::{Lang, arg, tr, tr_args};
use sigillo::net::check::{CheckReport, check_account};
use sigillo::net::tls::{Fingerprint, Security, Timeouts};

use super::account_settings::{SecurityChoice, security_choices, untested_question};
use super::{connection_test, style};

/// A preset in the pick list, or "another provider".
#[derive(Debug, Clone, PartialEq)]
pub struct PresetChoice {
    preset: Option<&'static Preset>,
    label: String,
}

impl std::fmt::Display for PresetChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label)
    }
}

/// Messages of the wizard.
#[derive(Debug, Clone)]
pub enum Message {
    /// Provider picked.
    Preset(PresetChoice),
    /// Address typed.
    Address(String),
    /// Login typed (empty: the address).
    Login(String),
    /// Password typed.
    Password(String),
    /// IMAP or POP3.
    Incoming(Incoming),
    /// Custom incoming host.
    InHost(String),
    /// Custom incoming port.
    InPort(String),
    /// Custom SMTP host.
    SmtpHost(String),
    /// Custom SMTP port.
    SmtpPort(String),
    /// Security of the custom incoming (true) or SMTP server.
    Security(bool, SecurityChoice),
    /// Run the connection test.
    Test,
    /// The test finished.
    Tested(Arc<CheckReport>),
    /// Accept (pin) the certificate a host showed, for every server on that host.
    Pin { host: String, fingerprint: String },
    /// Save the account (asks first when it did not pass a test).
    Save,
    /// Save although it did not pass a test.
    SaveAnyway,
}

/// What the app must do.
#[derive(Debug, Clone)]
pub enum Event {
    /// Keep this account (settings) with this password.
    Save(Box<Account>, Arc<Secret>),
}

/// The wizard's state.
#[derive(Debug, Default)]
pub struct Wizard {
    preset: Option<&'static Preset>,
    address: String,
    login: String,
    password: String,
    incoming: Option<Incoming>,
    in_host: String,
    in_port: String,
    in_security: Security,
    smtp_host: String,
    smtp_port: String,
    smtp_security: Security,
    /// Certificates the user trusted, by host.
    pins: Vec<(String, Fingerprint)>,
    testing: bool,
    report: Option<Arc<CheckReport>>,
    /// The account (as the form then was) that last passed a test.
    passed: Option<Account>,
    confirm_untested: bool,
    notice: Option<String>,
}

impl Wizard {
    /// The account the form describes (without touching the keyring).
    pub fn account(&self) -> Result<Account, AccountError> {
        let address = self.address.trim().to_owned();
        if !address.contains('@') {
            return Err(AccountError::InvalidAddress(address));
        }
        let id = address
            .split('@')
            .next()
            .unwrap_or("pec")
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '.' || *c == '-' || *c == '_')
            .collect::<String>();
        let incoming = self.incoming.unwrap_or(Incoming::Imap);
        let mut acc = match self.preset {
            Some(p) => {
                let mut a = Account::from_preset(&id, &address, p);
                a.incoming = incoming;
                if incoming == Incoming::Pop3 {
                    a.incoming_server = ServerConfig {
                        host: p.pop3.host.to_owned(),
                        port: p.pop3.port,
                        security: p.pop3.security,
                        pin: None,
                    };
                }
                a
            }
            None => {
                // Empty: the usual port of the security chosen; anything else must be a port
                // (never replaced by the default behind the user's back).
                let port =
                    |host: &str, s: &str, d: u16| match s.trim() {
                        "" => Ok(d),
                        t => t.parse::<u16>().ok().filter(|p| *p > 0).ok_or_else(|| {
                            AccountError::InvalidServer(format!("{}:{t}", host.trim()))
                        }),
                    };
                Account::custom(
                    &id,
                    &address,
                    incoming,
                    ServerConfig {
                        host: self.in_host.trim().to_owned(),
                        port: port(
                            &self.in_host,
                            &self.in_port,
                            default_port(incoming, self.in_security),
                        )?,
                        security: self.in_security,
                        pin: None,
                    },
                    ServerConfig {
                        host: self.smtp_host.trim().to_owned(),
                        port: port(
                            &self.smtp_host,
                            &self.smtp_port,
                            if self.smtp_security == Security::StartTls {
                                587
                            } else {
                                465
                            },
                        )?,
                        security: self.smtp_security,
                        pin: None,
                    },
                )
            }
        };
        if !self.login.trim().is_empty() {
            acc.login = self.login.trim().to_owned();
        }
        for (host, fp) in &self.pins {
            acc.pin_host(host, *fp);
        }
        acc.validate()?;
        Ok(acc)
    }

    /// Handles a message.
    pub fn update(&mut self, message: Message, lang: Lang) -> (Task<Message>, Option<Event>) {
        match message {
            Message::Preset(c) => self.preset = c.preset,
            Message::Address(a) => {
                if self.preset.is_none()
                    && let Some(p) = sigillo::account::presets::preset_for_address(&a)
                {
                    self.preset = Some(p);
                }
                self.address = a;
            }
            Message::Login(l) => self.login = l,
            Message::Password(p) => self.password = p,
            Message::Incoming(i) => self.incoming = Some(i),
            Message::InHost(s) => self.in_host = s,
            Message::InPort(s) => self.in_port = s,
            Message::SmtpHost(s) => self.smtp_host = s,
            Message::SmtpPort(s) => self.smtp_port = s,
            Message::Security(incoming, c) => {
                if incoming {
                    self.in_security = c.value;
                } else {
                    self.smtp_security = c.value;
                }
            }
            Message::Test => match self.account() {
                Ok(acc) => {
                    // What an earlier attempt said about the form no longer holds.
                    self.notice = None;
                    self.testing = true;
                    self.report = None;
                    let password = Secret::new(self.password.clone());
                    return (
                        Task::perform(
                            async move {
                                Arc::new(check_account(&acc, &password, Timeouts::default()).await)
                            },
                            Message::Tested,
                        ),
                        None,
                    );
                }
                Err(e) => self.notice = Some(super::account_settings::invalid_text(lang, &e)),
            },
            Message::Tested(r) => {
                self.testing = false;
                if r.ok() {
                    self.passed = self.account().ok();
                }
                self.report = Some(r);
            }
            Message::Pin { host, fingerprint } => {
                if let Some(fp) = Fingerprint::parse(&fingerprint) {
                    self.pins.retain(|(h, _)| !h.eq_ignore_ascii_case(&host));
                    self.pins.push((host, fp));
                }
                return self.update(Message::Test, lang);
            }
            Message::Save | Message::SaveAnyway => match self.account() {
                Ok(acc) if !self.password.is_empty() => {
                    // The keyring entry's name is new at each call: compare the rest.
                    let tested = self.passed.as_ref().is_some_and(|p| {
                        Account {
                            keyring_key: acc.keyring_key.clone(),
                            ..p.clone()
                        } == acc
                    });
                    if !tested && matches!(message, Message::Save) {
                        self.confirm_untested = true;
                        return (Task::none(), None);
                    }
                    self.confirm_untested = false;
                    self.notice = None;
                    let secret = Arc::new(Secret::new(std::mem::take(&mut self.password)));
                    return (Task::none(), Some(Event::Save(Box::new(acc), secret)));
                }
                Ok(_) => self.notice = Some(tr(lang, "gui-wizard-no-password")),
                Err(e) => self.notice = Some(super::account_settings::invalid_text(lang, &e)),
            },
        }
        (Task::none(), None)
    }

    /// Shows a message from the app (saved, keyring unavailable…).
    pub fn set_notice(&mut self, n: String) {
        self.notice = Some(n);
    }

    /// The screen.
    pub fn view(&self, lang: Lang, keyring_unavailable: bool) -> Element<'_, Message> {
        let mut choices = vec![PresetChoice {
            preset: None,
            label: tr(lang, "gui-wizard-custom"),
        }];
        choices.extend(PRESETS.iter().map(|p| PresetChoice {
            preset: Some(p),
            label: format!(
                "{} ({})",
                p.name,
                sigillo::account::text::preset_status_label(lang, &p.status)
            ),
        }));
        let selected = choices
            .iter()
            .find(|c| c.preset.map(|p| p.id) == self.preset.map(|p| p.id))
            .cloned();
        let incoming = self.incoming.unwrap_or(Incoming::Imap);
        let label = |key: &str| text(tr(lang, key)).width(Length::Fixed(180.0));
        let help = |key: &str| text(tr(lang, key)).size(11);
        let provider = self.preset.map(|p| p.name).unwrap_or_default();
        let mut col = column![
            text(tr(lang, "gui-wizard-title")).size(20),
            text(tr(lang, "gui-wizard-explained")).size(12),
            row![
                label("gui-wizard-provider"),
                pick_list(choices, selected, Message::Preset),
            ]
            .align_y(Alignment::Center),
            row![
                label("gui-wizard-address"),
                text_input("nome@pec.esempio.it", &self.address).on_input(Message::Address),
            ]
            .align_y(Alignment::Center),
            help("gui-wizard-help-address"),
            row![
                label("gui-accounts-login"),
                text_input(&tr(lang, "gui-wizard-login-placeholder"), &self.login)
                    .on_input(Message::Login),
            ]
            .align_y(Alignment::Center),
            help("gui-wizard-help-login"),
            row![
                label("gui-wizard-password"),
                text_input("", &self.password)
                    .secure(true)
                    .on_input(Message::Password),
            ]
            .align_y(Alignment::Center),
        ]
        .spacing(8)
        .padding(16);
        col = col.push(match self.preset.and_then(|p| p.app_password) {
            Some(rule) => text(tr_args(
                lang,
                "gui-wizard-app-password-help",
                &[("provider", arg(provider)), ("url", arg(rule.renew_url))],
            ))
            .size(11),
            None => help("gui-wizard-password-note"),
        });
        col = col
            .push(
                row![
                    radio("IMAP", Incoming::Imap, Some(incoming), Message::Incoming),
                    radio("POP3", Incoming::Pop3, Some(incoming), Message::Incoming),
                ]
                .spacing(20),
            )
            .push(help(if incoming == Incoming::Pop3 {
                "gui-wizard-pop3-note"
            } else {
                "gui-wizard-imap-note"
            }));
        if self.preset.is_none() {
            let security = security_choices(lang);
            let in_sel = security
                .iter()
                .find(|c| c.value == self.in_security)
                .cloned();
            let smtp_sel = security
                .iter()
                .find(|c| c.value == self.smtp_security)
                .cloned();
            // The POP3 server has its own name and port, not the IMAP ones.
            let in_host_hint = match incoming {
                Incoming::Imap => "imaps.pec.esempio.it",
                Incoming::Pop3 => "pop3s.pec.esempio.it",
            };
            let in_port_hint = default_port(incoming, self.in_security).to_string();
            col = col.push(
                row![
                    label("gui-wizard-in-server"),
                    text_input(in_host_hint, &self.in_host).on_input(Message::InHost),
                    text_input(&in_port_hint, &self.in_port)
                        .on_input(Message::InPort)
                        .width(Length::Fixed(70.0)),
                    pick_list(security.clone(), in_sel, |c| Message::Security(true, c))
                        .text_size(12),
                ]
                .spacing(6)
                .align_y(Alignment::Center),
            );
            let smtp_port_hint = if self.smtp_security == Security::StartTls {
                "587"
            } else {
                "465"
            };
            col = col.push(
                row![
                    label("gui-wizard-smtp-server"),
                    text_input("smtps.pec.esempio.it", &self.smtp_host).on_input(Message::SmtpHost),
                    text_input(smtp_port_hint, &self.smtp_port)
                        .on_input(Message::SmtpPort)
                        .width(Length::Fixed(70.0)),
                    pick_list(security, smtp_sel, |c| Message::Security(false, c)).text_size(12),
                ]
                .spacing(6)
                .align_y(Alignment::Center),
            );
            col = col.push(help("gui-wizard-help-servers"));
        } else if let Some(p) = self.preset {
            let server = match incoming {
                Incoming::Imap => p.imap,
                Incoming::Pop3 => p.pop3,
            };
            let sec = |s: Security| {
                tr(
                    lang,
                    match s {
                        Security::Tls => "gui-security-tls",
                        Security::StartTls => "gui-security-starttls",
                    },
                )
            };
            col = col.push(
                text(tr_args(
                    lang,
                    "gui-wizard-preset-servers",
                    &[
                        ("incoming", arg(format!("{}:{}", server.host, server.port))),
                        ("insecurity", arg(sec(server.security))),
                        ("smtp", arg(format!("{}:{}", p.smtp.host, p.smtp.port))),
                        ("smtpsecurity", arg(sec(p.smtp.security))),
                    ],
                ))
                .size(11),
            );
            col = col.push(
                text(tr_args(
                    lang,
                    "gui-wizard-preset-source",
                    &[("source", arg(p.source))],
                ))
                .size(11),
            );
            if let Some(why) = sigillo::account::text::preset_why_text(lang, p) {
                col = col.push(text(why).size(11));
            }
        }
        for (host, fp) in &self.pins {
            col = col.push(
                text(tr_args(
                    lang,
                    "gui-wizard-pinned",
                    &[("host", arg(host)), ("fingerprint", arg(fp.to_string()))],
                ))
                .size(11),
            );
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
        let test = button(text(tr(
            lang,
            if self.testing {
                "gui-wizard-testing"
            } else {
                "gui-wizard-test"
            },
        )))
        .style(button::secondary);
        col = col.push(
            row![
                if self.testing {
                    test
                } else {
                    test.on_press(Message::Test)
                },
                button(text(tr(lang, "gui-wizard-save")))
                    .style(button::success)
                    .on_press(Message::Save),
            ]
            .spacing(8),
        );
        if self.confirm_untested {
            col = col.push(untested_question(lang, Message::Test, Message::SaveAnyway));
        }
        if let Some(r) = &self.report {
            let account = self.account().ok();
            col = col.push(connection_test::report_view(
                lang,
                account.as_ref(),
                r,
                |host, fingerprint| Message::Pin { host, fingerprint },
            ));
        }
        if let Some(n) = &self.notice {
            col = col.push(text(n.clone()).size(12));
        }
        scrollable(col).height(Length::Fill).into()
    }
}

/// The usual port of an incoming server.
fn default_port(incoming: Incoming, security: Security) -> u16 {
    match (incoming, security) {
        (Incoming::Imap, Security::Tls) => 993,
        (Incoming::Imap, Security::StartTls) => 143,
        (Incoming::Pop3, Security::Tls) => 995,
        (Incoming::Pop3, Security::StartTls) => 110,
    }
}
