//! The built-in file chooser, for systems without a native dialog (Linux with no desktop
//! portal): a folder's contents (folders first), going up and into folders, a path that can be
//! typed, and for saving a file name. It never does nothing silently: every way out is a
//! button, and an unreadable folder says why.

use std::path::{Path, PathBuf};

use iced::widget::{button, column, container, row, scrollable, text, text_input};
use iced::{Alignment, Element, Length};

use sigillo::i18n::{Lang, arg, tr, tr_args};

use super::style;

/// What the chooser picks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// One or more existing files.
    Files,
    /// A folder.
    Folder,
    /// A new file's path (a folder and a name).
    Save,
}

/// Messages of the chooser.
#[derive(Debug, Clone)]
pub enum Message {
    /// Go into this folder.
    Enter(PathBuf),
    /// Go to the parent folder.
    Up,
    /// The path field was edited.
    PathTyped(String),
    /// Go to the typed path (a folder), or choose it (a file).
    PathSubmitted,
    /// A file was clicked (toggles its selection).
    Toggle(PathBuf),
    /// The file name (saving) was edited.
    NameTyped(String),
    /// Done.
    Choose,
    /// Closed without choosing.
    Cancel,
}

/// The chooser's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// These paths.
    Chosen(Vec<PathBuf>),
    /// Nothing.
    Cancelled,
}

/// The built-in chooser.
#[derive(Debug, Clone)]
pub struct PathChooser {
    mode: Mode,
    dir: PathBuf,
    typed: String,
    name: String,
    extensions: Vec<&'static str>,
    entries: Result<Vec<(PathBuf, bool)>, String>,
    selected: Vec<PathBuf>,
    /// A typed path that does not exist.
    not_found: Option<PathBuf>,
}

/// At most this many entries of a folder are listed.
const MAX_ENTRIES: usize = 2000;

impl PathChooser {
    /// A chooser in `dir` (the home folder when absent). `extensions` filters the files shown
    /// (empty: all); `name` is the suggested file name when saving.
    pub fn new(
        mode: Mode,
        dir: Option<PathBuf>,
        extensions: Vec<&'static str>,
        name: String,
    ) -> PathChooser {
        let dir = dir
            .filter(|d| d.is_dir())
            .or_else(|| directories::UserDirs::new().map(|u| u.home_dir().to_owned()))
            .unwrap_or_else(|| PathBuf::from("/"));
        let mut c = PathChooser {
            mode,
            typed: dir.display().to_string(),
            dir: dir.clone(),
            name,
            extensions,
            entries: Ok(Vec::new()),
            selected: Vec::new(),
            not_found: None,
        };
        c.read(dir);
        c
    }

    fn read(&mut self, dir: PathBuf) {
        self.entries = list(&dir, &self.extensions, self.mode == Mode::Folder);
        self.typed = dir.display().to_string();
        self.dir = dir;
        self.selected.clear();
    }

    /// The folder shown.
    #[cfg(test)]
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Handles a message; `Some` when the chooser is done.
    pub fn update(&mut self, message: Message) -> Option<Outcome> {
        self.not_found = None;
        match message {
            Message::Enter(d) => self.read(d),
            Message::Up => {
                if let Some(p) = self.dir.parent() {
                    self.read(p.to_owned());
                }
            }
            Message::PathTyped(t) => self.typed = t,
            Message::PathSubmitted => {
                let p = PathBuf::from(self.typed.trim());
                if p.is_dir() {
                    self.read(p);
                } else if p.is_file() && self.mode == Mode::Files {
                    return Some(Outcome::Chosen(vec![p]));
                } else if self.mode == Mode::Save
                    && p.parent().is_some_and(Path::is_dir)
                    && let Some(n) = p.file_name()
                {
                    self.name = n.to_string_lossy().into_owned();
                    return Some(Outcome::Chosen(vec![p]));
                } else {
                    self.not_found = Some(p);
                    return None;
                }
            }
            Message::Toggle(p) => {
                if let Some(i) = self.selected.iter().position(|s| *s == p) {
                    self.selected.remove(i);
                } else {
                    if self.mode == Mode::Save {
                        self.name = p
                            .file_name()
                            .map(|n| n.to_string_lossy().into_owned())
                            .unwrap_or_default();
                        self.selected.clear();
                    }
                    self.selected.push(p);
                }
            }
            Message::NameTyped(n) => self.name = n,
            Message::Choose => {
                return match self.mode {
                    Mode::Folder => Some(Outcome::Chosen(vec![self.dir.clone()])),
                    Mode::Files if !self.selected.is_empty() => {
                        Some(Outcome::Chosen(self.selected.clone()))
                    }
                    Mode::Files => None,
                    Mode::Save => {
                        let name = self.name.trim();
                        (!name.is_empty() && !name.contains(['/', '\\']))
                            .then(|| Outcome::Chosen(vec![self.dir.join(name)]))
                    }
                };
            }
            Message::Cancel => return Some(Outcome::Cancelled),
        }
        None
    }

    /// The chooser, as a panel.
    pub fn view(&self, lang: Lang) -> Element<'_, Message> {
        let title = match self.mode {
            Mode::Files => "gui-chooser-title-files",
            Mode::Folder => "gui-chooser-title-folder",
            Mode::Save => "gui-chooser-title-save",
        };
        let mut col = column![
            text(tr(lang, title)).size(16),
            text(tr(lang, "gui-chooser-explained")).size(11),
            row![
                button(text(tr(lang, "gui-chooser-up")).size(12))
                    .style(button::secondary)
                    .on_press(Message::Up),
                text_input("", &self.typed)
                    .on_input(Message::PathTyped)
                    .on_submit(Message::PathSubmitted)
                    .size(13),
            ]
            .spacing(6)
            .align_y(Alignment::Center),
        ]
        .spacing(8);
        if let Some(p) = &self.not_found {
            col = col.push(
                text(tr_args(
                    lang,
                    "gui-chooser-not-found",
                    &[("path", arg(p.display().to_string()))],
                ))
                .size(12)
                .color(style::status_color(sigillo::verify::Status::Tampered)),
            );
        }
        let mut list = column![].spacing(1);
        match &self.entries {
            Err(e) => list = list.push(text(e.clone()).size(12)),
            Ok(entries) if entries.is_empty() => {
                list = list.push(text(tr(lang, "gui-chooser-empty")).size(12))
            }
            Ok(entries) => {
                for (path, is_dir) in entries {
                    let name = path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    let selected = self.selected.contains(path);
                    let label = if *is_dir {
                        format!("📁 {name}")
                    } else {
                        name
                    };
                    let msg = if *is_dir {
                        Message::Enter(path.clone())
                    } else {
                        Message::Toggle(path.clone())
                    };
                    list = list.push(
                        button(text(label).size(13))
                            .width(Length::Fill)
                            .padding([3, 8])
                            .style(style::row_button(selected))
                            .on_press(msg),
                    );
                }
            }
        }
        col = col.push(
            container(scrollable(list).height(Length::Fixed(260.0)))
                .padding(4)
                .style(style::panel),
        );
        if self.mode == Mode::Save {
            col = col.push(
                row![
                    text(tr(lang, "gui-chooser-name")).width(Length::Fixed(120.0)),
                    text_input("", &self.name).on_input(Message::NameTyped),
                ]
                .spacing(6)
                .align_y(Alignment::Center),
            );
        }
        let choose_key = match self.mode {
            Mode::Folder => "gui-chooser-this-folder",
            Mode::Files => "gui-chooser-choose",
            Mode::Save => "gui-chooser-save",
        };
        let choose = button(text(tr(lang, choose_key)).size(13)).style(button::primary);
        let ready = match self.mode {
            Mode::Files => !self.selected.is_empty(),
            Mode::Folder => true,
            Mode::Save => !self.name.trim().is_empty(),
        };
        col = col.push(
            row![
                if ready {
                    choose.on_press(Message::Choose)
                } else {
                    choose
                },
                button(text(tr(lang, "gui-cancel")).size(13))
                    .style(button::secondary)
                    .on_press(Message::Cancel),
            ]
            .spacing(8),
        );
        container(col)
            .padding(16)
            .width(Length::Fixed(620.0))
            .style(style::panel)
            .into()
    }
}

/// The folders and (matching) files of `dir`, folders first, by name; hidden ones left out.
fn list(
    dir: &Path,
    extensions: &[&str],
    folders_only: bool,
) -> Result<Vec<(PathBuf, bool)>, String> {
    let rd = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut out: Vec<(PathBuf, bool)> = rd
        .flatten()
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(|e| {
            let path = e.path();
            let is_dir = path.is_dir();
            let wanted = is_dir
                || (!folders_only
                    && (extensions.is_empty()
                        || path.extension().is_some_and(|x| {
                            extensions
                                .iter()
                                .any(|w| x.to_string_lossy().eq_ignore_ascii_case(w))
                        })));
            wanted.then_some((path, is_dir))
        })
        .take(MAX_ENTRIES)
        .collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn it_walks_folders_filters_files_and_picks() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sotto")).unwrap();
        std::fs::write(dir.path().join("a.eml"), b"x").unwrap();
        std::fs::write(dir.path().join("b.txt"), b"x").unwrap();
        std::fs::write(dir.path().join(".nascosto.eml"), b"x").unwrap();
        std::fs::write(dir.path().join("sotto/c.EML"), b"x").unwrap();
        let mut c = PathChooser::new(
            Mode::Files,
            Some(dir.path().to_owned()),
            vec!["eml"],
            String::new(),
        );
        let names = |c: &PathChooser| -> Vec<String> {
            c.entries
                .as_ref()
                .unwrap()
                .iter()
                .map(|(p, _)| p.file_name().unwrap().to_string_lossy().into_owned())
                .collect()
        };
        assert_eq!(names(&c), ["sotto", "a.eml"]);
        assert_eq!(c.update(Message::Choose), None, "nothing chosen yet");
        assert!(c.update(Message::Enter(dir.path().join("sotto"))).is_none());
        assert_eq!(names(&c), ["c.EML"]);
        let _ = c.update(Message::Toggle(dir.path().join("sotto/c.EML")));
        assert_eq!(
            c.update(Message::Choose),
            Some(Outcome::Chosen(vec![dir.path().join("sotto/c.EML")]))
        );
        let _ = c.update(Message::Up);
        assert_eq!(c.dir(), dir.path());

        let mut save = PathChooser::new(
            Mode::Save,
            Some(dir.path().to_owned()),
            vec![],
            "contratto.pdf".into(),
        );
        assert_eq!(
            save.update(Message::Choose),
            Some(Outcome::Chosen(vec![dir.path().join("contratto.pdf")]))
        );
        let _ = save.update(Message::NameTyped("../fuori.pdf".into()));
        assert_eq!(save.update(Message::Choose), None, "a name, not a path");
        let mut folder = PathChooser::new(Mode::Folder, None, vec![], String::new());
        assert!(matches!(
            folder.update(Message::Choose),
            Some(Outcome::Chosen(_))
        ));
        assert_eq!(folder.update(Message::Cancel), Some(Outcome::Cancelled));
    }
}
