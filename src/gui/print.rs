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
    let store = Store::open(&profile)
        .map_err(|e| sigillo::store::text::store_error_text(lang, &e, Some(&profile)))?;
    let options = ExportOptions {
        lang,
        policy,
        ..ExportOptions::default()
    };
    let bytes = print_pdf(&store, &trust, id, what, &options)
        .map_err(|e| sigillo::export::text::export_error_text(lang, &e))?;
    let name = store
        .message(id)
        .ok()
        .and_then(|d| d.row.subject)
        .unwrap_or_default();
    let stem = filename::slug(&name, 60, "stampa");
    let dir = std::env::temp_dir().join(format!("sigillo-stampa-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let path = dir.join(format!("{stem}-{id}.pdf"));
    sigillo::profile::write_private(&path, &bytes).map_err(|e| e.to_string())?;
    opener::open(&path).map_err(|e| e.to_string())?;
    Ok(path)
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
