//! Exporting legal proof from the window: the dossier of a message (a ZIP named after the
//! message) into the user's documents folder, or into the folder the user picks, with progress
//! and a cancel button. The work runs in a blocking thread on its own store connection.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use iced::futures::SinkExt;
use iced::futures::Stream;

use sigillo::export::{self, ExportOptions, ExportRequest, Format, Progress};
use sigillo::i18n::Lang;
use sigillo::pec::timeline::Policy;
use sigillo::store::Store;
use sigillo::verify::TrustList;

/// What an export reports.
#[derive(Debug, Clone)]
pub enum ExportEvent {
    /// Messages read and dossiers written so far.
    Progress(Progress),
    /// Finished: where the dossier is, or why not.
    Done(Result<PathBuf, String>),
}

/// The default destination folder: `<Documents>/Sigillo`, else the home folder.
pub fn default_dir() -> Option<PathBuf> {
    let dirs = directories::UserDirs::new()?;
    Some(
        dirs.document_dir()
            .map(|d| d.join("Sigillo"))
            .unwrap_or_else(|| dirs.home_dir().join("Sigillo")),
    )
}

/// Exports the dossier of message `id` into folder `out`, under the dossier's own name (its
/// date, subject and the other party, as the engine names it).
pub fn start(
    profile: PathBuf,
    trust: Arc<TrustList>,
    id: i64,
    lang: Lang,
    policy: Policy,
    out: PathBuf,
    cancel: Arc<AtomicBool>,
) -> impl Stream<Item = ExportEvent> {
    iced::stream::channel(16, async move |mut output| {
        let (tx, mut rx) = iced::futures::channel::mpsc::unbounded();
        let worker = tokio::task::spawn_blocking(move || {
            run(
                &profile,
                &trust,
                id,
                lang,
                policy,
                &out,
                &cancel,
                &mut |p| {
                    let _ = tx.unbounded_send(p);
                },
            )
        });
        use iced::futures::StreamExt;
        while let Some(p) = rx.next().await {
            let _ = output.send(ExportEvent::Progress(p)).await;
        }
        let result = worker.await.unwrap_or_else(|e| Err(e.to_string()));
        let _ = output.send(ExportEvent::Done(result)).await;
    })
}

#[allow(clippy::too_many_arguments)]
pub(super) fn run(
    profile: &Path,
    trust: &TrustList,
    id: i64,
    lang: Lang,
    policy: Policy,
    out: &Path,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(Progress),
) -> Result<PathBuf, String> {
    if let Some(parent) = out.parent() {
        std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
    }
    let store = Store::open(profile)
        .map_err(|e| sigillo::store::text::store_error_text(lang, &e, Some(profile)))?;
    // Dossiers are timestamped when the settings ask for it; without a timestamp then, none
    // is written (the error says why).
    let config = super::archive_settings::config_for(profile);
    let wants_stamp = config
        .as_deref()
        .and_then(|c| sigillo::export::timestamp::settings::TsaSettings::load(c).ok())
        .is_some_and(|s| s.dossiers && s.is_configured());
    let timestamp = match (wants_stamp, config) {
        (true, Some(c)) => Some(
            sigillo::export::timestamp::Stamper::configured(
                &c,
                profile,
                &sigillo::account::Keyring::system(),
            )
            .map_err(|e| sigillo::export::text::timestamp_error_text(lang, &e))?,
        ),
        _ => None,
    };
    let options = ExportOptions {
        lang,
        format: Format::Zip,
        policy,
        timestamp,
        ..ExportOptions::default()
    };
    if cancel.load(Ordering::Relaxed) {
        return Err("cancelled".into());
    }
    export::export(
        &store,
        trust,
        &ExportRequest::message(id),
        out,
        &options,
        progress,
        cancel,
    )
    .map(|s| s.path)
    .map_err(|e| sigillo::export::text::export_error_text(lang, &e))
}
