//! The account wizard: a provider preset or custom servers, the address, the password (which
//! goes to the OS keyring only), IMAP or POP3 (with the note that POP3 leaves messages on the
//! server), and a connection test that shows exactly which step failed — with the option to pin
//! a self-signed server certificate after seeing its fingerprint.

use std::sync::Arc;

use iced::widget::{
    button, column, container, pick_list, radio, row, scrollable, text, text_input,
};
use iced::{Alignment, Element, Length, Task};

use sigillo::account::check::{CheckReport, check_account};
use sigillo::account::{Account, Incoming, PRESETS, Preset, Secret, ServerConfig};
use sigillo::i18n::{self, Lang, arg, tr, tr_args};
use sigillo::net::NetError;
use sigillo::net::tls::{Fingerprint, Security, Timeouts};

use super::style;

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
    /// Run the connection test.
    Test,
    /// The test finished.
    Tested(Arc<CheckReport>),
    /// Accept (pin) the certificate the incoming or SMTP server showed.
    Pin { incoming: bool, fingerprint: String },
    /// Save the account.
    Save,
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
    password: String,
    incoming: Option<Incoming>,
    in_host: String,
    in_port: String,
    smtp_host: String,
    smtp_port: String,
    in_pin: Option<Fingerprint>,
    smtp_pin: Option<Fingerprint>,
    testing: bool,
    report: Option<Arc<CheckReport>>,
    notice: Option<String>,
}

impl Wizard {
    /// The account the form describes (without touching the keyring).
    pub fn account(&self) -> Result<Account, String> {
        let address = self.address.trim().to_owned();
        if !address.contains('@') {
            return Err("address".into());
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
                let port = |s: &str, d: u16| s.trim().parse::<u16>().unwrap_or(d);
                Account::custom(
                    &id,
                    &address,
                    incoming,
                    ServerConfig {
                        host: self.in_host.trim().to_owned(),
                        port: port(
                            &self.in_port,
                            if incoming == Incoming::Imap { 993 } else { 995 },
                        ),
                        security: Security::Tls,
                        pin: None,
                    },
                    ServerConfig {
                        host: self.smtp_host.trim().to_owned(),
                        port: port(&self.smtp_port, 465),
                        security: Security::Tls,
                        pin: None,
                    },
                )
            }
        };
        acc.incoming_server.pin = self.in_pin;
        acc.smtp_server.pin = self.smtp_pin;
        acc.validate().map_err(|e| e.to_string())?;
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
            Message::Password(p) => self.password = p,
            Message::Incoming(i) => self.incoming = Some(i),
            Message::InHost(s) => self.in_host = s,
            Message::InPort(s) => self.in_port = s,
            Message::SmtpHost(s) => self.smtp_host = s,
            Message::SmtpPort(s) => self.smtp_port = s,
            Message::Test => match self.account() {
                Ok(acc) => {
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
                Err(e) => {
                    self.notice = Some(tr_args(lang, "gui-wizard-invalid", &[("reason", arg(e))]))
                }
            },
            Message::Tested(r) => {
                self.testing = false;
                self.report = Some(r);
            }
            Message::Pin {
                incoming,
                fingerprint,
            } => {
                let fp = Fingerprint::parse(&fingerprint);
                if incoming {
                    self.in_pin = fp;
                } else {
                    self.smtp_pin = fp;
                }
                return self.update(Message::Test, lang);
            }
            Message::Save => match self.account() {
                Ok(acc) if !self.password.is_empty() => {
                    let secret = Arc::new(Secret::new(std::mem::take(&mut self.password)));
                    return (Task::none(), Some(Event::Save(Box::new(acc), secret)));
                }
                Ok(_) => self.notice = Some(tr(lang, "gui-wizard-no-password")),
                Err(e) => {
                    self.notice = Some(tr_args(lang, "gui-wizard-invalid", &[("reason", arg(e))]))
                }
            },
        }
        (Task::none(), None)
    }

    /// Shows a message from the app (saved, keyring unavailable…).
    pub fn set_notice(&mut self, n: String) {
        self.notice = Some(n);
    }

    fn result_line<'a>(
        &self,
        lang: Lang,
        label: String,
        r: Result<String, &NetError>,
        incoming: bool,
    ) -> Element<'a, Message> {
        match r {
            Ok(info) => text(format!("✓ {label}: {info}"))
                .size(13)
                .color(style::status_color(sigillo::verify::Status::Valid))
                .into(),
            Err(e) => {
                let mut col = column![
                    text(format!("✗ {label}: {}", i18n::net_error_text(lang, e)))
                        .size(13)
                        .color(style::status_color(sigillo::verify::Status::Tampered))
                ]
                .spacing(4);
                if let NetError::CertUntrusted { fingerprint, .. } = e {
                    col = col.push(text(tr(lang, "gui-wizard-pin-explained")).size(12));
                    col = col.push(
                        button(
                            text(tr_args(
                                lang,
                                "gui-wizard-pin",
                                &[("fingerprint", arg(fingerprint.to_string()))],
                            ))
                            .size(12),
                        )
                        .style(button::secondary)
                        .on_press(Message::Pin {
                            incoming,
                            fingerprint: fingerprint.to_string(),
                        }),
                    );
                }
                col.into()
            }
        }
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
                i18n::preset_status_label(lang, &p.status)
            ),
        }));
        let selected = choices
            .iter()
            .find(|c| c.preset.map(|p| p.id) == self.preset.map(|p| p.id))
            .cloned();
        let incoming = self.incoming.unwrap_or(Incoming::Imap);
        let mut col = column![
            text(tr(lang, "gui-wizard-title")).size(20),
            text(tr(lang, "gui-wizard-explained")).size(12),
            row![
                text(tr(lang, "gui-wizard-provider")).width(Length::Fixed(180.0)),
                pick_list(choices, selected, Message::Preset),
            ]
            .align_y(Alignment::Center),
            row![
                text(tr(lang, "gui-wizard-address")).width(Length::Fixed(180.0)),
                text_input("nome@pec.esempio.it", &self.address).on_input(Message::Address),
            ]
            .align_y(Alignment::Center),
            row![
                text(tr(lang, "gui-wizard-password")).width(Length::Fixed(180.0)),
                text_input("", &self.password)
                    .secure(true)
                    .on_input(Message::Password),
            ]
            .align_y(Alignment::Center),
            text(tr(lang, "gui-wizard-password-note")).size(11),
            row![
                radio("IMAP", Incoming::Imap, Some(incoming), Message::Incoming),
                radio("POP3", Incoming::Pop3, Some(incoming), Message::Incoming),
            ]
            .spacing(20),
            text(tr(
                lang,
                if incoming == Incoming::Pop3 {
                    "gui-wizard-pop3-note"
                } else {
                    "gui-wizard-imap-note"
                }
            ))
            .size(12),
        ]
        .spacing(10)
        .padding(16);
        if self.preset.is_none() {
            col = col.push(
                row![
                    text(tr(lang, "gui-wizard-in-server")).width(Length::Fixed(180.0)),
                    text_input("imaps.pec.esempio.it", &self.in_host).on_input(Message::InHost),
                    text_input("993", &self.in_port)
                        .on_input(Message::InPort)
                        .width(Length::Fixed(80.0)),
                ]
                .spacing(6)
                .align_y(Alignment::Center),
            );
            col = col.push(
                row![
                    text(tr(lang, "gui-wizard-smtp-server")).width(Length::Fixed(180.0)),
                    text_input("smtps.pec.esempio.it", &self.smtp_host).on_input(Message::SmtpHost),
                    text_input("465", &self.smtp_port)
                        .on_input(Message::SmtpPort)
                        .width(Length::Fixed(80.0)),
                ]
                .spacing(6)
                .align_y(Alignment::Center),
            );
        } else if let Some(p) = self.preset {
            col = col.push(
                text(tr_args(
                    lang,
                    "gui-wizard-preset-source",
                    &[("source", arg(p.source))],
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
        if let Some(r) = &self.report {
            let incoming_label = tr(lang, "gui-wizard-incoming");
            col = col.push(self.result_line(
                lang,
                incoming_label,
                r.incoming.as_ref().map(|i| {
                    tr_args(
                        lang,
                        "gui-wizard-incoming-ok",
                        &[("messages", arg(i.inbox_messages.to_string()))],
                    )
                }),
                true,
            ));
            col = col.push(self.result_line(
                lang,
                tr(lang, "gui-wizard-smtp"),
                r.smtp.as_ref().map(|_| tr(lang, "gui-wizard-smtp-ok")),
                false,
            ));
        }
        if let Some(n) = &self.notice {
            col = col.push(text(n.clone()).size(12));
        }
        scrollable(col).height(Length::Fill).into()
    }
}
