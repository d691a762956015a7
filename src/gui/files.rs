//! Files in and out of the window: the native file dialogs (through `rfd`: the desktop portal on
//! Linux, the system dialogs on Windows and macOS) and, where no portal answers, the built-in
//! chooser ([`super::path_chooser`]), never a button that silently does nothing; files dropped on
//! the window; importing .eml files, mbox files and Maildir folders; saving an attachment where
//! the user says (the last folder is remembered); and "Apri cartella" after saving or exporting.

use std::path::{Path, PathBuf};

use iced::Task;

use sigillo::i18n::{Lang, arg, num, tr, tr_args};

use super::path_chooser::{self, Mode, Outcome, PathChooser};
use super::{App, Message, Screen};

/// What a file is chosen for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    /// Files to attach to the message being written.
    Attach,
    /// A certificate or revocation list to trust.
    TrustAnchor,
    /// .eml or mbox files to import.
    ImportFiles,
    /// A Maildir folder (or a folder of .eml files) to import.
    ImportFolder,
    /// The folder to export message `id`'s dossier into.
    ExportTo(i64),
    /// Where to save attachment `index` of the message shown (its suggested name).
    SaveAttachment(usize, String),
    /// Where to save the document inside signed attachment `index` (its suggested name).
    SaveDocument(usize, String),
}

impl Purpose {
    fn mode(&self) -> Mode {
        match self {
            Purpose::Attach | Purpose::TrustAnchor | Purpose::ImportFiles => Mode::Files,
            Purpose::ImportFolder | Purpose::ExportTo(_) => Mode::Folder,
            Purpose::SaveAttachment(..) | Purpose::SaveDocument(..) => Mode::Save,
        }
    }

    fn extensions(&self) -> Vec<&'static str> {
        match self {
            Purpose::TrustAnchor => vec!["pem", "crt", "cer", "der", "crl"],
            Purpose::ImportFiles => vec!["eml", "mbox", "mbx", "mbs"],
            _ => Vec::new(),
        }
    }

    fn suggested_name(&self) -> String {
        match self {
            Purpose::SaveAttachment(_, n) | Purpose::SaveDocument(_, n) => n.clone(),
            _ => String::new(),
        }
    }
}

/// A line under the top bar about something done with files, with the folder to open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// What happened.
    pub text: String,
    /// The folder where the result is ("Apri cartella").
    pub folder: Option<PathBuf>,
}

/// True when native dialogs can be shown: always on Windows and macOS; on Linux and the BSDs
/// when a desktop portal is on the session bus (rfd asks it; without one its dialog never
/// opens).
pub fn native_available() -> bool {
    #[cfg(all(unix, not(target_os = "macos")))]
    {
        let Ok(conn) = zbus::blocking::Connection::session() else {
            return false;
        };
        let Ok(dbus) = zbus::blocking::fdo::DBusProxy::new(&conn) else {
            return false;
        };
        let Ok(name) = zbus::names::BusName::try_from("org.freedesktop.portal.Desktop") else {
            return false;
        };
        if dbus.name_has_owner(name.clone()).unwrap_or(false) {
            return true;
        }
        dbus.list_activatable_names()
            .map(|names| names.iter().any(|n| n.as_str() == name.as_str()))
            .unwrap_or(false)
    }
    #[cfg(not(all(unix, not(target_os = "macos"))))]
    {
        true
    }
}

/// Shows the native dialog for `purpose`, starting in `start`.
async fn native(purpose: Purpose, start: Option<PathBuf>, title: String) -> Option<Vec<PathBuf>> {
    let mut d = rfd::AsyncFileDialog::new().set_title(&title);
    if let Some(s) = &start {
        d = d.set_directory(s);
    }
    let ext = purpose.extensions();
    if !ext.is_empty() {
        d = d.add_filter(title.as_str(), &ext);
    }
    let paths = match purpose.mode() {
        Mode::Files => d
            .pick_files()
            .await
            .map(|v| v.iter().map(|h| h.path().to_owned()).collect()),
        Mode::Folder => d.pick_folder().await.map(|h| vec![h.path().to_owned()]),
        Mode::Save => d
            .set_file_name(purpose.suggested_name())
            .save_file()
            .await
            .map(|h| vec![h.path().to_owned()]),
    }?;
    (!paths.is_empty()).then_some(paths)
}

fn title_key(purpose: &Purpose) -> &'static str {
    match purpose {
        Purpose::Attach => "gui-files-title-attach",
        Purpose::TrustAnchor => "gui-files-title-anchor",
        Purpose::ImportFiles => "gui-files-title-import-files",
        Purpose::ImportFolder => "gui-files-title-import-folder",
        Purpose::ExportTo(_) => "gui-files-title-export",
        Purpose::SaveAttachment(..) | Purpose::SaveDocument(..) => "gui-files-title-save",
    }
}

impl App {
    /// Asks for a path for `purpose`: the native dialog, else the built-in chooser.
    pub(super) fn pick(&mut self, purpose: Purpose) -> Task<Message> {
        self.import_menu = false;
        let start = self.settings.last_folder.clone();
        if self.native_dialogs {
            let title = tr(self.lang, title_key(&purpose));
            let p = purpose.clone();
            Task::perform(native(purpose, start, title), move |r| {
                Message::Picked(p.clone(), r, true)
            })
        } else {
            self.chooser = Some((
                purpose.clone(),
                PathChooser::new(
                    purpose.mode(),
                    start,
                    purpose.extensions(),
                    purpose.suggested_name(),
                ),
            ));
            Task::none()
        }
    }

    /// A message of the built-in chooser.
    pub(super) fn chooser_message(&mut self, m: path_chooser::Message) -> Task<Message> {
        let Some((purpose, chooser)) = &mut self.chooser else {
            return Task::none();
        };
        match chooser.update(m) {
            Some(Outcome::Chosen(paths)) => {
                let purpose = purpose.clone();
                self.chooser = None;
                self.update(Message::Picked(purpose, Some(paths), false))
            }
            Some(Outcome::Cancelled) => {
                self.chooser = None;
                Task::none()
            }
            None => Task::none(),
        }
    }

    /// Paths were chosen (`None`: the dialog was closed). `native` is true when a native
    /// dialog chose them (it asked before replacing a file).
    pub(super) fn picked(
        &mut self,
        purpose: Purpose,
        paths: Option<Vec<PathBuf>>,
        native: bool,
    ) -> Task<Message> {
        let Some(paths) = paths.filter(|p| !p.is_empty()) else {
            return Task::none();
        };
        // Remember where the user was, for the next dialog.
        let folder = if purpose.mode() == Mode::Folder {
            Some(paths[0].clone())
        } else {
            paths[0].parent().map(Path::to_owned)
        };
        if let (Some(f), Some(d)) = (folder, &self.data) {
            self.settings.last_folder = Some(f);
            let _ = self.settings.save(d.profile());
        }
        let lang = self.lang;
        match purpose {
            Purpose::Attach => {
                self.compose.attach_paths(paths);
                Task::none()
            }
            Purpose::TrustAnchor => {
                let path = paths[0].display().to_string();
                self.screen = Screen::Settings;
                Task::batch([
                    self.update(Message::Settings(super::settings::Message::AnchorPath(
                        path,
                    ))),
                    self.update(Message::Settings(super::settings::Message::AddAnchor)),
                ])
            }
            Purpose::ImportFiles | Purpose::ImportFolder => self.import(paths),
            Purpose::ExportTo(id) => {
                let Some(data) = self.data.clone() else {
                    return Task::none();
                };
                self.start_export_into(&data, id, paths[0].clone())
            }
            Purpose::SaveAttachment(index, _) | Purpose::SaveDocument(index, _) => {
                let document = matches!(purpose, Purpose::SaveDocument(..));
                let Some(v) = &self.viewer else {
                    return Task::none();
                };
                // Taken out by the engine's one rule: the bytes of the part that was listed,
                // read from the certified content.
                let taken = if document {
                    v.opened.document(index)
                } else {
                    v.opened.attachment(index)
                };
                let path = paths[0].clone();
                // The system's dialog has asked before replacing a file; the built-in one has
                // not, so a file there is kept.
                let result = taken.and_then(|t| sigillo::reading::save_to(&path, &t, native));
                self.notice = Some(match result {
                    Ok(()) => Notice {
                        text: tr_args(
                            lang,
                            "gui-attachment-saved",
                            &[("path", arg(path.display().to_string()))],
                        ),
                        folder: path.parent().map(Path::to_owned),
                    },
                    Err(e) => Notice {
                        text: sigillo::reading::text::attachment_error_text(lang, &e),
                        folder: None,
                    },
                });
                Task::none()
            }
        }
    }

    /// A file or folder dropped on the window: attached when writing, trusted in the settings
    /// when it is a certificate, imported otherwise.
    pub(super) fn dropped(&mut self, path: PathBuf) -> Task<Message> {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        match self.screen {
            Screen::Compose if path.is_file() => {
                self.compose.attach_paths(vec![path]);
                Task::none()
            }
            Screen::Settings if ["pem", "crt", "cer", "der", "crl"].contains(&ext.as_str()) => {
                self.picked(Purpose::TrustAnchor, Some(vec![path]), false)
            }
            _ => self.import(vec![path]),
        }
    }

    /// Imports .eml files, mbox files and folders (Maildir or .eml) into the store, off the UI
    /// thread, checking signatures as they are stored.
    fn import(&mut self, paths: Vec<PathBuf>) -> Task<Message> {
        let Some(data) = &self.data else {
            return Task::none();
        };
        if self.demo {
            self.notice = Some(Notice {
                text: tr(self.lang, "gui-import-demo"),
                folder: None,
            });
            return Task::none();
        }
        self.notice = Some(Notice {
            text: tr(self.lang, "gui-import-running"),
            folder: None,
        });
        let lang = self.lang;
        let profile = data.profile().to_owned();
        let trust = data.trust();
        Task::perform(
            async move {
                tokio::task::spawn_blocking(move || {
                    let words =
                        |e| sigillo::store::text::store_error_text(lang, &e, Some(&profile));
                    let mut store = sigillo::store::Store::open(&profile).map_err(words)?;
                    let opts = sigillo::import::ImportOptions {
                        verify_with: Some(trust),
                        ..Default::default()
                    };
                    sigillo::import::import(&mut store, &paths, &opts, &mut |_| {}).map_err(words)
                })
                .await
                .unwrap_or_else(|e| Err(e.to_string()))
            },
            |r| Message::Imported(std::sync::Arc::new(r)),
        )
    }

    /// An import finished.
    pub(super) fn imported(
        &mut self,
        result: &Result<sigillo::import::ImportSummary, String>,
    ) -> Task<Message> {
        let lang = self.lang;
        self.notice = Some(Notice {
            text: match result {
                Ok(s) => {
                    let mut t = tr_args(
                        lang,
                        "gui-import-done",
                        &[
                            ("imported", num(s.imported)),
                            ("duplicates", num(s.duplicates)),
                        ],
                    );
                    for e in s.errors.iter().take(3) {
                        t.push(' ');
                        t.push_str(&tr_args(
                            lang,
                            "gui-import-unreadable",
                            &[
                                ("path", arg(e.path.display().to_string())),
                                ("reason", arg(&e.reason)),
                            ],
                        ));
                    }
                    t
                }
                Err(e) => tr_args(lang, "gui-import-failed", &[("reason", arg(e))]),
            },
            folder: None,
        });
        match &self.data {
            Some(d) => {
                let d = d.clone();
                Task::batch([
                    self.mailbox.refresh(&d).map(Message::Mailbox),
                    self.timeline
                        .refresh(&d, self.policy())
                        .map(Message::Timeline),
                ])
            }
            None => Task::none(),
        }
    }
}

/// Files dropped on the window.
pub fn drops() -> iced::Subscription<PathBuf> {
    iced::event::listen_with(|event, _status, _window| match event {
        iced::Event::Window(iced::window::Event::FileDropped(path)) => Some(path),
        _ => None,
    })
}

/// Opens a folder in the system's file manager.
pub fn open_folder(folder: &Path, lang: Lang) -> Result<(), String> {
    // The system's opener, whose verdict is waited for: a file manager that did not start is
    // said, not taken as opened.
    sigillo::launch::system::open(folder).map_err(|e| {
        tr_args(
            lang,
            "gui-files-open-folder-failed",
            &[("reason", arg(e.to_string()))],
        )
    })
}

/// The import menu: .eml or mbox files, or a Maildir folder.
pub fn import_menu<'a>(lang: Lang) -> iced::Element<'a, Message> {
    use iced::widget::{button, container, row, text};
    container(
        row![
            text(tr(lang, "gui-import-what")).size(12),
            button(text(tr(lang, "gui-import-files")).size(12))
                .style(button::secondary)
                .on_press(Message::Pick(Purpose::ImportFiles)),
            button(text(tr(lang, "gui-import-folder")).size(12))
                .style(button::secondary)
                .on_press(Message::Pick(Purpose::ImportFolder)),
            button(text(tr(lang, "gui-cancel")).size(12))
                .style(button::text)
                .on_press(Message::ImportMenu),
        ]
        .spacing(8)
        .align_y(iced::Alignment::Center),
    )
    .padding([4, 12])
    .into()
}

/// The notice line, with "Apri cartella" when there is a folder to open.
pub fn notice_bar<'a>(lang: Lang, notice: &Notice) -> iced::Element<'a, Message> {
    use iced::widget::{button, container, row, text};
    let mut line = row![text(notice.text.clone()).size(12).width(iced::Length::Fill)]
        .spacing(8)
        .align_y(iced::Alignment::Center);
    if let Some(f) = &notice.folder {
        line = line.push(
            button(text(tr(lang, "gui-open-folder")).size(12))
                .style(button::secondary)
                .on_press(Message::OpenFolder(f.clone())),
        );
    }
    line = line.push(
        button(text(tr(lang, "gui-error-dismiss")).size(12))
            .style(button::text)
            .on_press(Message::DismissNotice),
    );
    container(line)
        .padding([4, 12])
        .style(super::style::panel)
        .into()
}
