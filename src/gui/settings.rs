//! Settings: language (Italian by default on an Italian system, else English), light/dark theme,
//! the delivery-overdue threshold, and the trust anchors of the profile. Stored as
//! `<profile>/settings.json`; a missing or damaged file means the defaults.

use std::path::Path;

use iced::widget::{button, column, container, pick_list, row, rule, text, text_input};
use iced::{Alignment, Element, Length, Task};
use serde::{Deserialize, Serialize};

use sigillo::i18n::{Lang, arg, time_text, tr, tr_args};
use sigillo::verify::trust;

use super::data::{Data, Failure};
use super::style;

/// Light, dark or as the system says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ThemeChoice {
    /// Follow the system.
    #[default]
    System,
    /// Light.
    Light,
    /// Dark.
    Dark,
}

/// What the user chose.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// `it` or `en`; `None` = from the system.
    pub language: Option<String>,
    /// Theme.
    pub theme: ThemeChoice,
    /// Hours without a delivery receipt before a recipient is overdue.
    pub overdue_hours: u32,
    /// The folder the last file dialog ended in (the next one starts there).
    pub last_folder: Option<std::path::PathBuf>,
    /// The folder column's share of the window's width.
    pub folders_ratio: f32,
    /// The message list's share of what the folder column leaves.
    pub list_ratio: f32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            language: None,
            theme: ThemeChoice::System,
            overdue_hours: 24,
            last_folder: None,
            folders_ratio: 0.17,
            list_ratio: 0.40,
        }
    }
}

impl Settings {
    /// Reads the settings of a profile (defaults when absent or unreadable).
    pub fn load(profile: &Path) -> Settings {
        std::fs::read(profile.join("settings.json"))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    /// Writes them.
    pub fn save(&self, profile: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(profile)?;
        let tmp = profile.join("settings.json.tmp");
        std::fs::write(&tmp, serde_json::to_vec_pretty(self).unwrap_or_default())?;
        std::fs::rename(tmp, profile.join("settings.json"))
    }

    /// The language to use.
    pub fn lang(&self) -> Lang {
        self.language
            .as_deref()
            .and_then(Lang::parse)
            .unwrap_or_else(Lang::from_env)
    }
}

#[derive(Debug, Clone, PartialEq)]
struct Labeled<T> {
    value: T,
    label: String,
}

impl<T> std::fmt::Display for Labeled<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label)
    }
}

/// Messages of the settings screen.
#[derive(Debug, Clone)]
pub enum Message {
    /// Language picked.
    Language(Lang),
    /// Theme picked.
    Theme(ThemeChoice),
    /// Overdue hours typed.
    OverdueHours(String),
    /// A path to a certificate typed.
    AnchorPath(String),
    /// Add the certificate at the typed path.
    AddAnchor,
    /// Choose a certificate file (a dialog).
    BrowseAnchor,
    /// Stop trusting an anchor: asks first.
    RemoveAnchor(String),
    /// The removal asked about is confirmed.
    ConfirmRemoveAnchor,
    /// The removal asked about is not wanted.
    CancelRemoveAnchor,
    /// Trust again the anchor just removed.
    UndoRemoveAnchor,
    /// Days after which a POP3 account deletes from its server, as typed.
    Pop3Days(String, String),
    /// Save that rule (handled by the app, which owns the accounts).
    SavePop3(String),
}

/// What the app must do after a change.
#[derive(Debug, Clone)]
pub enum Event {
    /// Settings changed (language, theme, threshold).
    Changed,
    /// The trust list changed: signatures must be checked again.
    TrustChanged,
    /// Something failed.
    Failed(Failure),
    /// Ask the user for a certificate file.
    PickAnchor,
    /// Keep POP3 account `id`'s messages on the server this many days (`None`: always).
    Pop3Rule(String, Option<u32>),
}

/// The settings screen.
#[derive(Debug, Default)]
pub struct SettingsScreen {
    /// POP3 deletion days being typed, per account.
    pub pop3_days: std::collections::HashMap<String, String>,
    hours_text: String,
    anchor_path: String,
    notice: Option<String>,
    /// The anchor whose removal waits for a confirmation (fingerprint).
    confirm_remove: Option<String>,
    /// The anchor just removed, to trust again on "Annulla".
    removed: Option<sigillo::verify::Anchor>,
}

impl SettingsScreen {
    /// Handles a message, changing `settings` in place.
    pub fn update(
        &mut self,
        message: Message,
        settings: &mut Settings,
        data: &Data,
    ) -> (Task<Message>, Option<Event>) {
        let lang = settings.lang();
        let event = match message {
            Message::Language(l) => {
                settings.language = Some(l.code().to_owned());
                Some(Event::Changed)
            }
            Message::Theme(t) => {
                settings.theme = t;
                Some(Event::Changed)
            }
            Message::OverdueHours(s) => {
                self.hours_text = s.clone();
                match s.trim().parse::<u32>() {
                    Ok(h) if (1..=24 * 30).contains(&h) => {
                        settings.overdue_hours = h;
                        self.notice = None;
                        Some(Event::Changed)
                    }
                    _ => {
                        self.notice = Some(tr(lang, "gui-settings-hours-invalid"));
                        None
                    }
                }
            }
            Message::AnchorPath(p) => {
                self.anchor_path = p;
                None
            }
            Message::AddAnchor => {
                match trust::add(data.profile(), Path::new(self.anchor_path.trim())) {
                    Ok(added) => {
                        record_trust(data.profile(), &added);
                        self.notice = Some(tr(lang, "gui-settings-anchor-added"));
                        self.anchor_path.clear();
                        Some(Event::TrustChanged)
                    }
                    Err(e) => {
                        self.notice = Some(sigillo::i18n::trust_error_text(lang, &e));
                        None
                    }
                }
            }
            Message::BrowseAnchor => Some(Event::PickAnchor),
            Message::Pop3Days(id, text) => {
                self.pop3_days.insert(id, text);
                None
            }
            Message::SavePop3(id) => {
                let typed = self.pop3_days.get(&id).cloned().unwrap_or_default();
                match typed.trim() {
                    "" => Some(Event::Pop3Rule(id, None)),
                    t => match t.parse::<u32>() {
                        Ok(days) => Some(Event::Pop3Rule(id, Some(days))),
                        Err(_) => {
                            self.notice = Some(tr(lang, "gui-settings-days-invalid"));
                            None
                        }
                    },
                }
            }
            Message::RemoveAnchor(fp) => {
                self.confirm_remove = Some(fp);
                self.removed = None;
                None
            }
            Message::CancelRemoveAnchor => {
                self.confirm_remove = None;
                None
            }
            Message::ConfirmRemoveAnchor => {
                let Some(fp) = self.confirm_remove.take() else {
                    return (Task::none(), None);
                };
                let anchor = data
                    .trust()
                    .anchors()
                    .iter()
                    .find(|a| a.fingerprint == fp)
                    .cloned();
                match trust::remove(data.profile(), &fp) {
                    Ok(info) => {
                        // The register records the change (a failure shows at the next audit).
                        let _ = sigillo::store::register::record_trust_change_in(
                            data.profile(),
                            sigillo::store::register::TrustChange::Removed,
                            &info.sha256,
                            &info.subject,
                        );
                        self.notice = Some(tr_args(
                            lang,
                            "trust-removed",
                            &[("subject", arg(info.subject))],
                        ));
                        self.removed = anchor;
                        Some(Event::TrustChanged)
                    }
                    Err(e) => {
                        self.notice = Some(sigillo::i18n::trust_error_text(lang, &e));
                        None
                    }
                }
            }
            Message::UndoRemoveAnchor => {
                let Some(anchor) = self.removed.take() else {
                    return (Task::none(), None);
                };
                match trust::restore(data.profile(), &anchor) {
                    Ok(()) => {
                        let info = anchor.info();
                        let _ = sigillo::store::register::record_trust_change_in(
                            data.profile(),
                            sigillo::store::register::TrustChange::Added,
                            &info.sha256,
                            &info.subject,
                        );
                        self.notice = Some(tr(lang, "gui-settings-anchor-restored"));
                        Some(Event::TrustChanged)
                    }
                    Err(e) => {
                        self.notice = Some(sigillo::i18n::trust_error_text(lang, &e));
                        None
                    }
                }
            }
        };
        if matches!(event, Some(Event::Changed))
            && let Err(e) = settings.save(data.profile())
        {
            return (
                Task::none(),
                Some(Event::Failed(Failure::Settings(std::sync::Arc::new(e)))),
            );
        }
        (Task::none(), event)
    }

    /// Shows a line under the settings.
    pub fn set_notice(&mut self, n: String) {
        self.notice = Some(n);
    }

    /// The screen. `pop3` lists the POP3 accounts with their deletion rule.
    pub fn view(
        &self,
        settings: &Settings,
        data: &Data,
        pop3: &[(String, Option<u32>)],
    ) -> Element<'_, Message> {
        let lang = settings.lang();
        let langs = vec![
            Labeled {
                value: Lang::It,
                label: "Italiano".to_owned(),
            },
            Labeled {
                value: Lang::En,
                label: "English".to_owned(),
            },
        ];
        let lang_sel = langs.iter().find(|l| l.value == lang).cloned();
        let themes: Vec<Labeled<ThemeChoice>> = [
            (ThemeChoice::System, "gui-theme-system"),
            (ThemeChoice::Light, "gui-theme-light"),
            (ThemeChoice::Dark, "gui-theme-dark"),
        ]
        .into_iter()
        .map(|(v, k)| Labeled {
            value: v,
            label: tr(lang, k),
        })
        .collect();
        let theme_sel = themes.iter().find(|t| t.value == settings.theme).cloned();
        let hours = if self.hours_text.is_empty() {
            settings.overdue_hours.to_string()
        } else {
            self.hours_text.clone()
        };
        let mut col = column![
            rule::horizontal(1),
            text(tr(lang, "gui-settings-title")).size(20),
            row![
                text(tr(lang, "gui-settings-language")).width(Length::Fixed(260.0)),
                pick_list(langs, lang_sel, |l| Message::Language(l.value)),
            ]
            .align_y(Alignment::Center),
            row![
                text(tr(lang, "gui-settings-theme")).width(Length::Fixed(260.0)),
                pick_list(themes, theme_sel, |t| Message::Theme(t.value)),
            ]
            .align_y(Alignment::Center),
            row![
                text(tr(lang, "gui-settings-overdue")).width(Length::Fixed(260.0)),
                text_input("24", &hours)
                    .on_input(Message::OverdueHours)
                    .width(Length::Fixed(80.0)),
            ]
            .align_y(Alignment::Center),
            text(tr(lang, "gui-settings-pop3-note")).size(12),
        ]
        .spacing(12)
        .padding(16);
        for (id, days) in pop3 {
            let typed = self
                .pop3_days
                .get(id)
                .cloned()
                .unwrap_or_else(|| days.map(|d| d.to_string()).unwrap_or_default());
            let account = id.clone();
            let submit = id.clone();
            col = col.push(
                row![
                    text(format!("{id}: {}", tr(lang, "gui-settings-pop3-delete")))
                        .width(Length::Fill),
                    text_input("", &typed)
                        .on_input(move |t| Message::Pop3Days(account.clone(), t))
                        .on_submit(Message::SavePop3(submit.clone()))
                        .width(Length::Fixed(80.0)),
                    button(text(tr(lang, "gui-settings-add")).size(12))
                        .on_press(Message::SavePop3(id.clone())),
                ]
                .spacing(8)
                .align_y(Alignment::Center),
            );
        }
        col = col
            .push(rule::horizontal(1))
            .push(text(tr(lang, "gui-settings-trust")).size(16))
            .push(text(tr(lang, "gui-settings-trust-explained")).size(12));
        for a in data.trust().anchors() {
            let info = a.info();
            let state = if a.enabled {
                tr(lang, "trust-enabled")
            } else {
                tr(lang, "trust-disabled")
            };
            let mut line = row![
                column![
                    text(info.common_name.clone().unwrap_or(info.subject.clone())).size(13),
                    text(format!(
                        "{} · {} · {} · {}{}…",
                        tr(lang, &format!("trust-source-{}", a.source.as_str())),
                        tr(lang, &format!("trust-purpose-{}", a.purpose.as_str())),
                        state,
                        // Re-issues of one authority share its name: their periods and
                        // fingerprints tell them apart.
                        match (info.not_before, info.not_after) {
                            (Some(from), Some(to)) => format!(
                                "{} · ",
                                tr_args(
                                    lang,
                                    "trust-validity",
                                    &[
                                        ("from", arg(time_text::local_date(from.fixed_offset()))),
                                        ("to", arg(time_text::local_date(to.fixed_offset()))),
                                    ]
                                )
                            ),
                            _ => String::new(),
                        },
                        &a.fingerprint[..16]
                    ))
                    .size(11),
                ]
                .width(Length::Fill)
            ]
            .spacing(8)
            .align_y(Alignment::Center);
            let asking = self.confirm_remove.as_deref() == Some(a.fingerprint.as_str());
            if a.enabled && !asking {
                line = line.push(
                    button(text(tr(lang, "gui-settings-remove")).size(12))
                        .style(button::danger)
                        .on_press(Message::RemoveAnchor(a.fingerprint.clone())),
                );
            }
            let mut card = column![line].spacing(6);
            if asking {
                let key = if a.source == sigillo::verify::AnchorSource::Builtin {
                    "gui-settings-remove-builtin-question"
                } else {
                    "gui-settings-remove-question"
                };
                card = card.push(text(tr(lang, key)).size(12)).push(
                    row![
                        button(text(tr(lang, "gui-settings-remove-confirm")).size(12))
                            .style(button::danger)
                            .on_press(Message::ConfirmRemoveAnchor),
                        button(text(tr(lang, "gui-cancel")).size(12))
                            .style(button::secondary)
                            .on_press(Message::CancelRemoveAnchor),
                    ]
                    .spacing(8),
                );
            }
            col = col.push(container(card).padding(8).style(style::panel));
        }
        col = col.push(
            row![
                text_input(&tr(lang, "gui-settings-anchor-path"), &self.anchor_path)
                    .on_input(Message::AnchorPath)
                    .on_submit(Message::AddAnchor)
                    .width(Length::Fill),
                button(text(tr(lang, "gui-settings-add"))).on_press(Message::AddAnchor),
                button(text(tr(lang, "gui-settings-browse")))
                    .style(button::secondary)
                    .on_press(Message::BrowseAnchor),
            ]
            .spacing(8),
        );
        if let Some(n) = &self.notice {
            let mut line = row![text(n.clone()).size(12).width(Length::Fill)]
                .spacing(8)
                .align_y(Alignment::Center);
            if self.removed.is_some() {
                line = line.push(
                    button(text(tr(lang, "gui-undo")).size(12))
                        .style(button::secondary)
                        .on_press(Message::UndoRemoveAnchor),
                );
            }
            col = col.push(line);
        }
        // The app puts this under the accounts section, in one scrollable page.
        col.into()
    }
}

/// Records added trust points in the register (a failure shows at the next audit as a trust
/// list changed outside Sigillo).
fn record_trust(profile: &Path, added: &[trust::Added]) {
    use sigillo::store::register::{TrustChange, record_trust_change_in};
    for a in added {
        let _ = match a {
            trust::Added::Anchor(info) => {
                record_trust_change_in(profile, TrustChange::Added, &info.sha256, &info.subject)
            }
            trust::Added::Crl { issuer } => {
                record_trust_change_in(profile, TrustChange::RevocationList, "", issuer)
            }
        };
    }
}
