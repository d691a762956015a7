//! Printing from the window: the message or receipt shown, or a sent message's timeline, made
//! into a PDF by the engine (`sigillo::export::print`, the dossier report's PDF engine), kept in
//! a private temporary folder and opened with the system's viewer, whose print dialog prints it.

use std::path::PathBuf;

use iced::Task;

use sigillo::export::print::{PrintWhat, print_pdf};
use sigillo::export::{ExportOptions, filename};
use sigillo::i18n::{Lang, arg, tr_args};
use sigillo::store::Store;

use super::{App, Message};

/// Makes the PDF of message `id` and opens it; returns where it is.
fn print(
    profile: PathBuf,
    trust: std::sync::Arc<sigillo::verify::TrustList>,
    id: i64,
    what: PrintWhat,
    lang: Lang,
    policy: sigillo::pec::timeline::Policy,
) -> Result<PathBuf, String> {
    print_with(profile, &trust, id, what, lang, policy, |name, bytes| {
        sigillo::launch::open_attachment(name, bytes)
    })
}

/// [`print`], the PDF handed to `open`: by default the session's private folder (the user's
/// own, removed on exit, never a folder other users share such as `/tmp`) and the system's
/// viewer, whose verdict is waited for, so that a viewer that did not start is said.
fn print_with(
    profile: PathBuf,
    trust: &sigillo::verify::TrustList,
    id: i64,
    what: PrintWhat,
    lang: Lang,
    policy: sigillo::pec::timeline::Policy,
    open: impl FnOnce(&str, &[u8]) -> Result<PathBuf, sigillo::launch::LaunchError>,
) -> Result<PathBuf, String> {
    let store = Store::open(&profile)
        .map_err(|e| sigillo::store::text::store_error_text(lang, &e, Some(&profile)))?;
    let options = ExportOptions {
        lang,
        policy,
        ..ExportOptions::default()
    };
    let bytes = print_pdf(&store, trust, id, what, &options)
        .map_err(|e| sigillo::export::text::export_error_text(lang, &e))?;
    let name = store
        .message(id)
        .ok()
        .and_then(|d| d.row.subject)
        .unwrap_or_default();
    drop(store);
    let stem = filename::slug(&name, 60, "stampa");
    open(&format!("{stem}-{id}.pdf"), &bytes).map_err(|e| no_viewer_text(lang, &e))
}

/// Why the PDF is not on the screen, with what the user can do instead (the attachments'
/// words would say "save the attachment").
fn no_viewer_text(lang: Lang, e: &sigillo::launch::LaunchError) -> String {
    use sigillo::launch::{LaunchError, SystemOpenError};
    let (program, detail) = match e {
        LaunchError::System(SystemOpenError::Start { program, source }) => {
            (program.clone(), source.to_string())
        }
        LaunchError::System(SystemOpenError::Failed { program, code }) => (
            program.clone(),
            tr_args(
                lang,
                "gui-print-exit-code",
                &[("code", arg(code.to_string()))],
            ),
        ),
        other => return sigillo::launch::text::launch_error_text(lang, other),
    };
    tr_args(
        lang,
        "gui-print-no-viewer",
        &[("program", arg(program)), ("detail", arg(detail))],
    )
}

impl App {
    /// Ctrl+P and the "Stampa" button of the message view.
    pub(super) fn shortcut_print(&mut self) -> Task<Message> {
        self.print_message()
    }

    /// Prints the message shown.
    pub(super) fn print_message(&mut self) -> Task<Message> {
        match &self.viewer {
            Some(v) => self.start_print(v.opened.id, PrintWhat::Message),
            None => Task::none(),
        }
    }

    /// Prints message `id` or its timeline, off the UI thread.
    pub(super) fn start_print(&mut self, id: i64, what: PrintWhat) -> Task<Message> {
        let Some(data) = &self.data else {
            return Task::none();
        };
        let (profile, trust, lang, policy) = (
            data.profile().to_owned(),
            data.trust(),
            self.lang,
            self.policy(),
        );
        self.export_status = Some(sigillo::i18n::tr(lang, "gui-print-starting"));
        Task::perform(
            async move {
                tokio::task::spawn_blocking(move || print(profile, trust, id, what, lang, policy))
                    .await
                    .unwrap_or_else(|e| Err(e.to_string()))
            },
            Message::Printed,
        )
    }

    /// A print finished.
    pub(super) fn printed(&mut self, result: Result<PathBuf, String>) {
        let lang = self.lang;
        let line = match result {
            Ok(path) => tr_args(
                lang,
                "gui-print-opened",
                &[("path", arg(path.display().to_string()))],
            ),
            Err(e) => tr_args(lang, "gui-print-failed", &[("reason", arg(e))]),
        };
        self.export_status = Some(line.clone());
        self.notice = Some(super::files::Notice {
            text: line,
            folder: None,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use sigillo::launch::{LaunchError, SystemOpenError};

    use crate::gui::tests::{demo_data, demo_message};

    fn print_demo(
        open: impl FnOnce(&str, &[u8]) -> Result<PathBuf, LaunchError>,
    ) -> Result<PathBuf, String> {
        let (dir, data) = demo_data();
        let id = demo_message("Verbale della riunione").id;
        print_with(
            dir.path().to_owned(),
            &data.trust(),
            id,
            PrintWhat::Message,
            Lang::It,
            sigillo::pec::timeline::Policy::default(),
            open,
        )
    }

    #[test]
    fn the_pdf_goes_to_the_opener_under_the_messages_name() {
        let mut seen = None;
        let path = print_demo(|name, bytes| {
            seen = Some((name.to_owned(), bytes.starts_with(b"%PDF-")));
            Ok(PathBuf::from("/private/copy.pdf"))
        })
        .unwrap();
        assert_eq!(path, PathBuf::from("/private/copy.pdf"));
        let (name, is_pdf) = seen.unwrap();
        assert!(name.ends_with(".pdf") && name.contains("Verbale"), "{name}");
        assert!(is_pdf);
    }

    #[test]
    fn a_viewer_that_did_not_open_is_said_not_claimed() {
        let e = print_demo(|_, _| {
            Err(LaunchError::System(SystemOpenError::Failed {
                program: "xdg-open".into(),
                code: 3,
            }))
        })
        .unwrap_err();
        assert!(e.contains("xdg-open") && e.contains('3'), "{e}");
        assert!(e.contains("Esporta in"), "says what to do instead: {e}");
    }
}
