//! Words for opening attachments: why a file is not opened, and what went wrong otherwise.

use super::{Danger, LaunchError, SystemOpenError};
use crate::i18n::{Lang, arg, extract_error_text, tr, tr_args};

/// Why a file is not opened, as a sentence that says what the user can do instead.
pub fn danger_text(lang: Lang, name: &str, danger: &Danger) -> String {
    match danger {
        Danger::Extension(ext) => tr_args(
            lang,
            "launch-refused-extension",
            &[("name", arg(name)), ("extension", arg(ext))],
        ),
        Danger::Program => tr_args(lang, "launch-refused-program", &[("name", arg(name))]),
    }
}

/// An error of [`crate::launch`] as a sentence.
pub fn launch_error_text(lang: Lang, e: &LaunchError) -> String {
    match e {
        LaunchError::Refused { name, danger } => danger_text(lang, name, danger),
        LaunchError::Folder(source) => tr_args(
            lang,
            "launch-error-folder",
            &[("reason", arg(source.to_string()))],
        ),
        LaunchError::NoFolder => tr(lang, "launch-error-no-folder"),
        LaunchError::Write(e) => extract_error_text(lang, e),
        LaunchError::System(SystemOpenError::Start { program, source }) => tr_args(
            lang,
            "launch-error-start",
            &[
                ("program", arg(program)),
                ("reason", arg(source.to_string())),
            ],
        ),
        LaunchError::System(SystemOpenError::Failed { program, code }) => tr_args(
            lang,
            "launch-error-failed",
            &[("program", arg(program)), ("code", arg(code.to_string()))],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_has_words_in_both_languages() {
        let errors = [
            LaunchError::Refused {
                name: "x.exe".into(),
                danger: Danger::Extension("exe".into()),
            },
            LaunchError::Refused {
                name: "x.pdf".into(),
                danger: Danger::Program,
            },
            LaunchError::Folder(std::io::Error::other("disco pieno")),
            LaunchError::NoFolder,
            LaunchError::System(SystemOpenError::Start {
                program: "xdg-open".into(),
                source: std::io::Error::from(std::io::ErrorKind::NotFound),
            }),
            LaunchError::System(SystemOpenError::Failed {
                program: "xdg-open".into(),
                code: 3,
            }),
        ];
        for lang in Lang::ALL {
            for e in &errors {
                let t = launch_error_text(lang, e);
                assert!(!t.contains("launch-"), "{t}");
                assert!(t.len() > 30, "{t}");
            }
        }
        let t = launch_error_text(Lang::En, &errors[0]);
        assert!(t.contains("x.exe") && t.contains(".exe"), "{t}");
    }
}
