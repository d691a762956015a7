//! Settings section "proof over time": the time-stamping authority (address, user, password
//! into the OS keyring, its trust point, whether exported dossiers and the register's head are
//! timestamped), a backup of the profile and the audit of the store against its register. The
//! engine does the work (`export::timestamp`, `backup`, `Store::audit`) on worker threads; this
//! screen only renders what it says.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use iced::widget::{button, checkbox, column, container, row, rule, text, text_input};
use iced::{Element, Length, Task};

use sigillo::account::{Keyring, Secret};
use sigillo::export::timestamp::RegisterStampChecker;
use sigillo::export::timestamp::settings::{self, TsaSettings};
use sigillo::i18n::{Lang, arg, num, tr, tr_args};
use sigillo::store::text::store_error_text;
use sigillo::verify::TrustList;

use super::style;

/// The configuration folder of a profile as the window uses it: the OS one for the default
/// profile, `<profile>/config` for one chosen explicitly (as `account::config_dir` says).
pub fn config_for(profile: &Path) -> Option<PathBuf> {
    let default = sigillo::profile::default_profile_dir();
    if default.as_deref() == Some(profile) {
        sigillo::account::config_dir(None)
    } else {
        sigillo::account::config_dir(Some(profile))
    }
}

/// Messages of the section.
#[derive(Debug, Clone)]
pub enum Message {
    /// Authority address typed.
    Url(String),
    /// User typed.
    User(String),
    /// Password typed (kept only until saved into the keyring).
    Password(String),
    /// Timestamp dossiers exported from the window.
    Dossiers(bool),
    /// Timestamp the register's head daily.
    Daily(bool),
    /// Save the authority's settings.
    Save,
    /// A trust point's path typed.
    AnchorPath(String),
    /// Add that trust point.
    AddAnchor,
    /// Backup file typed.
    BackupPath(String),
    /// Back up now.
    Backup,
    /// The backup ended: a line to show.
    BackupDone(Result<String, String>),
    /// Audit now.
    Audit,
    /// The audit ended: lines to show.
    AuditDone(Result<Vec<String>, String>),
}

/// The section's state.
#[derive(Debug, Default)]
pub struct ArchiveSection {
    url: String,
    user: String,
    password: String,
    dossiers: bool,
    daily: bool,
    anchor_path: String,
    backup_path: String,
    working: bool,
    notice: Option<String>,
    audit: Vec<String>,
}

impl ArchiveSection {
    /// The section with the saved settings of `profile`.
    pub fn load(profile: &Path) -> ArchiveSection {
        let s = config_for(profile)
            .and_then(|c| TsaSettings::load(&c).ok())
            .unwrap_or_default();
        ArchiveSection {
            url: s.url,
            user: s.username.unwrap_or_default(),
            dossiers: s.dossiers,
            daily: s.register_daily,
            ..Default::default()
        }
    }

    /// Handles a message.
    pub fn update(
        &mut self,
        message: Message,
        lang: Lang,
        profile: &Path,
        trust: Arc<TrustList>,
    ) -> Task<Message> {
        match message {
            Message::Url(s) => self.url = s,
            Message::User(s) => self.user = s,
            Message::Password(s) => self.password = s,
            Message::Dossiers(b) => self.dossiers = b,
            Message::Daily(b) => self.daily = b,
            Message::AnchorPath(p) => self.anchor_path = p,
            Message::BackupPath(p) => self.backup_path = p,
            Message::Save => self.notice = Some(self.save(lang, profile)),
            Message::AddAnchor => {
                self.notice = Some(
                    match settings::add_anchor(profile, Path::new(self.anchor_path.trim())) {
                        Ok(added) => {
                            self.anchor_path.clear();
                            added
                                .into_iter()
                                .map(|i| {
                                    tr_args(lang, "cli-tsa-trusted", &[("subject", arg(i.subject))])
                                })
                                .collect::<Vec<_>>()
                                .join(" ")
                        }
                        Err(e) => sigillo::export::text::settings_error_text(lang, &e),
                    },
                );
            }
            Message::Backup => {
                let out = PathBuf::from(self.backup_path.trim());
                if out.as_os_str().is_empty() {
                    self.notice = Some(tr(lang, "gui-archive-backup-path-missing"));
                    return Task::none();
                }
                self.working = true;
                self.notice = Some(tr(lang, "gui-archive-working"));
                let profile = profile.to_owned();
                return Task::perform(
                    async move {
                        tokio::task::spawn_blocking(move || {
                            let config = config_for(&profile);
                            sigillo::backup::backup(
                                &profile,
                                config.as_deref(),
                                &out,
                                &mut |_, _, _| {},
                            )
                            .map(|s| {
                                tr_args(
                                    lang,
                                    "cli-backup-done",
                                    &[
                                        ("path", arg(s.path.display().to_string())),
                                        ("files", num(s.files)),
                                        ("messages", num(s.messages)),
                                    ],
                                )
                            })
                            .map_err(|e| {
                                tr_args(lang, "backup-error", &[("reason", arg(e.to_string()))])
                            })
                        })
                        .await
                        .unwrap_or_else(|e| Err(e.to_string()))
                    },
                    Message::BackupDone,
                );
            }
            Message::BackupDone(r) => {
                self.working = false;
                self.notice = Some(r.unwrap_or_else(|e| e));
            }
            Message::AuditDone(Err(e)) => {
                self.working = false;
                self.notice = Some(e);
            }
            Message::Audit => {
                self.working = true;
                self.audit.clear();
                self.notice = Some(tr(lang, "gui-archive-working"));
                let profile = profile.to_owned();
                return Task::perform(
                    async move {
                        tokio::task::spawn_blocking(move || audit(&profile, &trust, lang))
                            .await
                            .unwrap_or_else(|e| Err(e.to_string()))
                    },
                    Message::AuditDone,
                );
            }
            Message::AuditDone(Ok(lines)) => {
                self.working = false;
                self.notice = None;
                self.audit = lines;
            }
        }
        Task::none()
    }

    fn save(&mut self, lang: Lang, profile: &Path) -> String {
        let url = self.url.trim().to_owned();
        if !(url.is_empty() || url.starts_with("https://") || url.starts_with("http://")) {
            return tr_args(lang, "ts-error-bad-url", &[("url", arg(url))]);
        }
        let Some(config) = config_for(profile) else {
            return tr(lang, "cli-tsa-no-profile");
        };
        let s = TsaSettings {
            url,
            username: Some(self.user.trim().to_owned()).filter(|u| !u.is_empty()),
            policy: TsaSettings::load(&config).ok().and_then(|s| s.policy),
            dossiers: self.dossiers,
            register_daily: self.daily,
        };
        if let Err(e) = s.save(&config) {
            return sigillo::export::text::settings_error_text(lang, &e);
        }
        if !self.password.is_empty() {
            let secret = Secret::new(std::mem::take(&mut self.password));
            if let Err(e) = Keyring::system().set(settings::KEYRING_KEY, &secret) {
                return sigillo::account::text::secret_error_text(lang, &e);
            }
        }
        tr(lang, "cli-tsa-saved")
    }

    /// The section.
    pub fn view(&self, lang: Lang) -> Element<'_, Message> {
        let mut col = column![
            rule::horizontal(1),
            text(tr(lang, "gui-archive-title")).size(18),
            text(tr(lang, "gui-archive-tsa-explained")).size(12),
            row![
                text_input("https://…", &self.url)
                    .on_input(Message::Url)
                    .width(Length::Fill),
                text_input(&tr(lang, "gui-archive-user"), &self.user)
                    .on_input(Message::User)
                    .width(Length::Fixed(210.0)),
                text_input(&tr(lang, "gui-archive-password"), &self.password)
                    .on_input(Message::Password)
                    .secure(true)
                    .width(Length::Fixed(210.0)),
            ]
            .spacing(8),
            checkbox(self.dossiers)
                .label(tr(lang, "gui-archive-dossiers"))
                .on_toggle(Message::Dossiers)
                .text_size(13),
            checkbox(self.daily)
                .label(tr(lang, "gui-archive-daily"))
                .on_toggle(Message::Daily)
                .text_size(13),
            button(text(tr(lang, "gui-archive-save"))).on_press(Message::Save),
            row![
                text_input(&tr(lang, "gui-archive-anchor-path"), &self.anchor_path)
                    .on_input(Message::AnchorPath)
                    .on_submit(Message::AddAnchor)
                    .width(Length::Fill),
                button(text(tr(lang, "gui-settings-add"))).on_press(Message::AddAnchor),
            ]
            .spacing(8),
            text(tr(lang, "gui-archive-backup-explained")).size(12),
        ]
        .spacing(8);
        let mut backup = button(text(tr(lang, "gui-archive-backup")));
        let mut audit = button(text(tr(lang, "gui-archive-audit"))).style(button::secondary);
        if !self.working {
            backup = backup.on_press(Message::Backup);
            audit = audit.on_press(Message::Audit);
        }
        col = col.push(
            row![
                text_input(&tr(lang, "gui-archive-backup-path"), &self.backup_path)
                    .on_input(Message::BackupPath)
                    .width(Length::Fill),
                backup,
                audit,
            ]
            .spacing(8),
        );
        if let Some(n) = &self.notice {
            col = col.push(text(n.clone()).size(12));
        }
        if !self.audit.is_empty() {
            let mut lines = column![].spacing(4);
            for l in &self.audit {
                lines = lines.push(text(l.clone()).size(12));
            }
            col = col.push(container(lines).padding(8).style(style::panel));
        }
        container(col).padding(16).into()
    }
}

/// The audit of the profile's store, as lines for a person (the verdict last).
fn audit(profile: &Path, trust: &TrustList, lang: Lang) -> Result<Vec<String>, String> {
    let words = |e: sigillo::store::StoreError| store_error_text(lang, &e, Some(profile));
    let store = sigillo::store::Store::open(profile).map_err(words)?;
    let anchors = settings::load_anchors(profile).unwrap_or_default();
    let report = store
        .audit(trust, &RegisterStampChecker { anchors }, &mut |_, _| {})
        .map_err(words)?;
    let mut lines: Vec<String> = report
        .findings
        .iter()
        .map(|f| format!("✗ {}", sigillo::export::text::finding_text(lang, f)))
        .collect();
    for s in &report.stamps {
        lines.push(tr_args(
            lang,
            "cli-audit-stamp-ok",
            &[
                ("seq", arg(s.head_seq.to_string())),
                ("time", arg(sigillo::i18n::local_time_text(s.time))),
            ],
        ));
    }
    lines.push(if report.ok() {
        tr_args(
            lang,
            "cli-audit-passed",
            &[
                ("messages", num(report.messages)),
                ("signatures", num(report.signatures_checked)),
                ("entries", num(report.entries)),
            ],
        )
    } else {
        tr_args(
            lang,
            "cli-audit-failed",
            &[("count", num(report.findings.len()))],
        )
    });
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saving_writes_the_authority_settings_and_refuses_a_bad_address() {
        let dir = tempfile::tempdir().unwrap();
        let profile = dir.path().join("profilo");
        std::fs::create_dir_all(&profile).unwrap();
        let trust = Arc::new(TrustList::builtin());
        let mut s = ArchiveSection::load(&profile);
        assert!(s.url.is_empty());
        let _ = s.update(
            Message::Url("ftp://tsa.example".into()),
            Lang::It,
            &profile,
            trust.clone(),
        );
        let _ = s.update(Message::Save, Lang::It, &profile, trust.clone());
        assert!(
            s.notice
                .as_deref()
                .unwrap()
                .contains("non è un indirizzo http"),
            "{:?}",
            s.notice
        );
        for m in [
            Message::Url("https://tsa.example/tsa".into()),
            Message::User("studio".into()),
            Message::Dossiers(true),
            Message::Daily(true),
            Message::Save,
        ] {
            let _ = s.update(m, Lang::It, &profile, trust.clone());
        }
        assert_eq!(
            s.notice.as_deref(),
            Some(tr(Lang::It, "cli-tsa-saved").as_str())
        );
        let saved = TsaSettings::load(&config_for(&profile).unwrap()).unwrap();
        assert_eq!(saved.url, "https://tsa.example/tsa");
        assert_eq!(saved.username.as_deref(), Some("studio"));
        assert!(saved.dossiers && saved.register_daily);
        let text =
            std::fs::read_to_string(config_for(&profile).unwrap().join(settings::SETTINGS_FILE))
                .unwrap();
        assert!(!text.contains("password"), "{text}");
        // Loaded again, the section shows what was saved.
        let again = ArchiveSection::load(&profile);
        assert_eq!(again.url, "https://tsa.example/tsa");
        assert!(again.dossiers && again.daily);
    }
}
