//! Export of legal proof: a *dossier* per message that anyone can check without Sigillo, and
//! the check of a dossier ([`check::verify_dossier`]).
//!
//! The dossier of a sent PEC holds the sent message and every receipt about it as the exact
//! stored bytes (`.eml`), each receipt's `daticert.xml` and signature (`smime.p7s`), the
//! provider certificates with their path to the trust anchor (PEM), the attachments, a PDF
//! report in the user's language and a `MANIFEST` with the SHA-256 of every file
//! ([`manifest`]). A received envelope gets the same, with its inner message. A selection or a
//! date range gives one dossier per message in its own folder, an index (`index.pdf`,
//! `index.csv`) and a MANIFEST over everything. Either form can be a folder or a ZIP archive.
//!
//! Layout of one dossier (names are ASCII, see [`filename`]):
//! ```text
//! MANIFEST                                         sha256sum -c MANIFEST
//! report.pdf                                       PDF/A-2b report
//! 01_messaggio-inviato_20250205T091520Z.eml        the message as sent (when stored)
//! 02_accettazione_20250205T091521Z.eml             each receipt, exact bytes
//! 02_accettazione_20250205T091521Z.daticert.xml    its certification data
//! 02_accettazione_20250205T091521Z.smime.p7s       its signature (DER)
//! 03_avvenuta-consegna_<recipient>_<time>.eml      …
//! certificates/<provider>.pem                      signer and intermediates, with comments
//! certificates/anchor_<authority>.pem              the trust anchor, for openssl -CAfile
//! attachments/<name>                               the attachments of the message
//! ```

//!
//! For the window: run [`export`] on a worker thread with its own [`Store`] (open the profile
//! there), a [`TrustList`] and an `Arc<AtomicBool>` the Cancel button sets; `progress` receives
//! [`Progress`] after every message read and every dossier written (`done/total` messages,
//! `dossiers_done/dossiers`). [`resolve`] tells beforehand how many dossiers a request makes.
//! The result's [`ExportSummary::path`] and `report` locate the folder/ZIP and its PDF; errors
//! read well through [`crate::export::text::export_error_text`]. [`verify_dossier`] gives per-file
//! verdicts ([`FileCheck`]) to show, worded by `crate::export::text::check_failure_text` / `check_fact_text`.

pub mod certs;
pub mod check;
pub mod filename;
pub mod filing;
pub mod gather;
pub mod manifest;
pub mod pdf;
pub mod print;
pub mod report;
mod sink;
pub mod text;
pub mod timestamp;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{DateTime, Utc};

use crate::i18n::Lang;
use crate::pec::PecKind;
use crate::pec::timeline::Policy;
use crate::store::{SearchOrder, SearchQuery, Store, StoreError, TimelineQuery};
use crate::verify::TrustList;
use gather::{DossierKey, DossierKind};
use sink::Sink;

pub use check::{DossierCheck, Fact, Failure, FileCheck, verify_dossier, verify_dossier_with};

/// Folder or ZIP archive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// A folder.
    #[default]
    Folder,
    /// A ZIP archive (its entries under one top folder).
    Zip,
}

/// What to export.
#[derive(Debug, Clone, Default)]
pub struct ExportRequest {
    /// Store ids (a sent message, any of its receipts, or a received envelope).
    pub ids: Vec<i64>,
    /// With `until`: every sent PEC and received envelope dated in the range.
    pub since: Option<DateTime<Utc>>,
    /// End of the range (exclusive).
    pub until: Option<DateTime<Utc>>,
}

impl ExportRequest {
    /// One message.
    pub fn message(id: i64) -> Self {
        ExportRequest {
            ids: vec![id],
            ..Default::default()
        }
    }

    /// True when the result is one dossier rather than a collection with an index.
    pub fn is_single(&self) -> bool {
        self.ids.len() == 1 && self.since.is_none() && self.until.is_none()
    }
}

/// How to export.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    /// Language of the reports.
    pub lang: Lang,
    /// Folder or ZIP.
    pub format: Format,
    /// The export time (reports, MANIFEST, "late" states).
    pub now: DateTime<Utc>,
    /// Delivery timeout rule for the timelines.
    pub policy: Policy,
    /// Replace an existing file or folder at the destination.
    pub replace: bool,
    /// Timestamp the MANIFEST with this authority ([`timestamp::TOKEN_FILE`]); when it
    /// cannot, nothing is written.
    pub timestamp: Option<timestamp::Stamper>,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            lang: Lang::default(),
            format: Format::Folder,
            now: Utc::now(),
            policy: Policy::default(),
            replace: false,
            timestamp: None,
        }
    }
}

/// Where an export stands, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Messages read and checked so far.
    pub done: usize,
    /// Messages to read in all (known once the selection is resolved).
    pub total: usize,
    /// Dossiers finished.
    pub dossiers_done: usize,
    /// Dossiers in all.
    pub dossiers: usize,
}

/// One dossier written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DossierSummary {
    /// The message it was made for.
    pub message: i64,
    /// Its folder, relative to the export (empty for a single dossier).
    pub folder: String,
    /// Files written (MANIFEST included).
    pub files: usize,
    /// Signed messages whose signature holds.
    pub signatures_valid: usize,
    /// PEC messages whose signature does not hold (the report says why).
    pub signatures_not_valid: usize,
}

/// What an export produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportSummary {
    /// The folder or ZIP file written.
    pub path: PathBuf,
    /// The report (single dossier) or index (collection), relative to the export root.
    pub report: String,
    /// Each dossier.
    pub dossiers: Vec<DossierSummary>,
    /// Files written in all.
    pub files: usize,
    /// What the timestamp of the MANIFEST says, when one was asked for.
    pub timestamp: Option<timestamp::TokenInfo>,
    /// SHA-256 of the top MANIFEST.
    pub manifest_sha256: String,
    /// SHA-256 of every message in the export.
    pub messages: Vec<String>,
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The store could not be read.
    #[error("the message store cannot be read: {0}")]
    Store(#[from] StoreError),
    /// Nothing to export.
    #[error("nothing to export: no sent PEC or received envelope matches")]
    Empty,
    /// The destination exists.
    #[error("{0} already exists: choose another name or remove it first")]
    Exists(PathBuf),
    /// A file could not be written.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The ZIP archive could not be written.
    #[error("cannot write the ZIP archive {path}: {detail}")]
    Zip {
        /// The archive.
        path: PathBuf,
        /// What went wrong.
        detail: String,
    },
    /// The PDF report could not be made.
    #[error("the PDF report cannot be made: {0}")]
    Pdf(#[from] pdf::PdfError),
    /// The user cancelled; nothing was left behind.
    #[error("the export was cancelled; nothing was written")]
    Cancelled,
    /// A filing package is made for a sent PEC only.
    #[error(
        "message {0} is not a sent PEC nor one of its receipts: a filing package is made for a sent PEC"
    )]
    NotASentPec(i64),
    /// The timestamp could not be had or does not hold; nothing was written.
    #[error("the dossier was not written: {0}")]
    Timestamp(#[from] timestamp::TimestampError),
}

/// "Sigillo 0.1.0".
pub fn tool_name() -> String {
    format!("Sigillo {}", env!("CARGO_PKG_VERSION"))
}

/// The dossiers a request asks for, in order, each with the id it is made for and its
/// timeline. Messages of the same sent PEC give one dossier.
pub fn resolve(
    store: &Store,
    request: &ExportRequest,
    options: &ExportOptions,
) -> Result<Vec<(i64, DossierKey, Option<crate::pec::timeline::Timeline>)>, ExportError> {
    let mut ids: Vec<i64> = request.ids.clone();
    if request.since.is_some() || request.until.is_some() {
        let in_range = |t: Option<DateTime<Utc>>| {
            t.is_some_and(|t| {
                request.since.is_none_or(|s| t >= s) && request.until.is_none_or(|u| t < u)
            })
        };
        let timelines = store.timelines(&TimelineQuery {
            now: options.now,
            policy: options.policy,
            ..Default::default()
        })?;
        let mut dated: Vec<(DateTime<Utc>, i64)> = Vec::new();
        for tl in &timelines {
            let at = tl.sent_at.map(|t| t.with_timezone(&Utc));
            let Some(id) = tl.sent_id.or_else(|| tl.notice_ids().first().copied()) else {
                continue;
            };
            if in_range(at) {
                dated.push((at.unwrap_or(options.now), id));
            }
        }
        for kind in [PecKind::PostaCertificata, PecKind::Anomalia] {
            let hits = store.search(&SearchQuery {
                kind: Some(kind),
                since: request.since,
                until: request.until,
                order: SearchOrder::Date,
                limit: i64::MAX as usize,
                now: Some(options.now),
                ..Default::default()
            })?;
            for h in hits {
                let at = h.row.date.map(|d| d.with_timezone(&Utc));
                if in_range(at) {
                    dated.push((at.unwrap_or(options.now), h.row.id));
                }
            }
        }
        dated.sort();
        ids.extend(dated.into_iter().map(|(_, id)| id));
    }
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for id in ids {
        let (key, tl) = gather::key_of(store, id, options.now, &options.policy)?;
        if seen.insert(key) {
            out.push((id, key, tl));
        }
    }
    if out.is_empty() {
        return Err(ExportError::Empty);
    }
    Ok(out)
}

/// Where the export goes: inside `out` when it is an existing folder that is not an export
/// itself (under the dossier's own name), else `out` itself.
fn destination(
    out: &Path,
    default_name: &str,
    options: &ExportOptions,
) -> Result<PathBuf, ExportError> {
    let ext = if options.format == Format::Zip {
        ".zip"
    } else {
        ""
    };
    // An existing folder that is not itself an export receives the export inside it.
    let is_export = out.join(manifest::FILE_NAME).is_file();
    let dest = if out.is_dir() && !is_export {
        out.join(format!("{default_name}{ext}"))
    } else {
        out.to_owned()
    };
    if dest.symlink_metadata().is_ok() && !options.replace {
        return Err(ExportError::Exists(dest));
    }
    if let Some(parent) = dest.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|source| ExportError::Write {
            path: parent.to_owned(),
            source,
        })?;
    }
    Ok(dest)
}

/// Accumulates the files of an export and their hashes for the MANIFESTs.
struct Writer {
    sink: Option<Sink>,
    /// (path relative to the export root, SHA-256).
    all: Vec<(String, String)>,
}

impl Writer {
    fn add(&mut self, path: &str, bytes: &[u8]) -> Result<(), ExportError> {
        if let Some(s) = &mut self.sink {
            s.add(path, bytes)?;
        }
        self.all
            .push((path.to_owned(), manifest::sha256_hex(bytes)));
        Ok(())
    }
}

/// Exports the request to `out`. `progress` is called as messages are read; setting `cancel`
/// stops the export at the next message or file and removes what was written.
pub fn export(
    store: &Store,
    trust: &TrustList,
    request: &ExportRequest,
    out: &Path,
    options: &ExportOptions,
    progress: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
) -> Result<ExportSummary, ExportError> {
    let plan = resolve(store, request, options)?;
    let single = request.is_single() && plan.len() == 1;
    let total: usize = plan
        .iter()
        .map(|(_, _, tl)| match tl {
            Some(tl) => tl.notice_ids().len() + usize::from(tl.sent_id.is_some()),
            None => 1,
        })
        .sum();
    let mut state = Progress {
        done: 0,
        total,
        dossiers_done: 0,
        dossiers: plan.len(),
    };
    progress(state);

    let default_name = if single {
        None
    } else {
        Some(format!("export_{}", options.now.format("%Y-%m-%d_%H%M%S")))
    };
    // A single dossier is named after its message; the first one is gathered before the
    // destination is known.
    let mut first = None;
    if single {
        let (id, key, tl) = plan[0].clone();
        let d = gather::build(store, id, key, tl, trust, options.now, &mut || {
            state.done += 1;
            progress(state);
        })?;
        first = Some(d);
    }
    let name = match (&first, &default_name) {
        (Some(d), _) => d.name.clone(),
        (None, Some(n)) => n.clone(),
        (None, None) => "dossier".into(),
    };
    let dest = destination(out, &name, options)?;
    let top = dest
        .file_stem()
        .map(|s| filename::slug(&s.to_string_lossy(), 80, "dossier"))
        .unwrap_or_else(|| name.clone());
    let sink = match options.format {
        Format::Folder => Sink::folder(&dest)?,
        Format::Zip => Sink::zip(&dest, &top, options.now)?,
    };
    let mut w = Writer {
        sink: Some(sink),
        all: Vec::new(),
    };
    let mut messages: Vec<String> = Vec::new();
    let mut stamped: (String, Option<timestamp::TokenInfo>) = (String::new(), None);
    let result = (|| -> Result<(String, Vec<DossierSummary>), ExportError> {
        let tool = tool_name();
        let exported = options.now.format("%Y-%m-%dT%H:%M:%SZ").to_string();
        if let Some(d) = first.take() {
            let s = write_dossier(&mut w, "", &d, options, &tool, &exported, cancel)?;
            messages.extend(d.members.iter().map(|m| m.detail.sha256.clone()));
            stamped = close_export(&mut w, options, &tool, &exported)?;
            state.dossiers_done = 1;
            progress(state);
            return Ok(("report.pdf".into(), vec![s]));
        }
        let mut folders = filename::NameSet::new();
        for reserved in ["MANIFEST", "index.pdf", "index.csv"] {
            folders.claim(reserved);
        }
        let mut summaries = Vec::new();
        let mut index = Vec::new();
        for (n, (id, key, tl)) in plan.iter().enumerate() {
            if cancel.load(Ordering::Relaxed) {
                return Err(ExportError::Cancelled);
            }
            let d = gather::build(
                store,
                *id,
                *key,
                tl.clone(),
                trust,
                options.now,
                &mut || {
                    state.done += 1;
                    progress(state);
                },
            )?;
            let folder = folders.claim(&format!("{:03}_{}", n + 1, d.name));
            let s = write_dossier(&mut w, &folder, &d, options, &tool, &exported, cancel)?;
            messages.extend(d.members.iter().map(|m| m.detail.sha256.clone()));
            index.push(index_entry(&d, &folder, &s));
            summaries.push(s);
            state.dossiers_done += 1;
            progress(state);
        }
        let doc = report::index_report(&index, options.lang, &tool, options.now);
        w.add("index.pdf", &pdf::render(&doc)?)?;
        w.add("index.csv", &index_csv(&index, options.lang))?;
        stamped = close_export(&mut w, options, &tool, &exported)?;
        Ok(("index.pdf".into(), summaries))
    })();
    let sink = w.sink.take().expect("the sink is set until here");
    match result {
        Ok((report, dossiers)) => {
            if cancel.load(Ordering::Relaxed) {
                sink.abandon();
                return Err(ExportError::Cancelled);
            }
            // `destination` refused an existing one unless asked to replace it; the old one
            // stays whole under its name until the new one takes its place.
            sink.finish(&dest)?;
            Ok(ExportSummary {
                path: dest,
                report,
                dossiers,
                files: w.all.len(),
                manifest_sha256: stamped.0,
                timestamp: stamped.1,
                messages,
            })
        }
        Err(e) => {
            sink.abandon();
            Err(e)
        }
    }
}

/// Writes the top MANIFEST over every file written, and its timestamp when one is asked for
/// (with the authorities' trust points listed in the MANIFEST). Returns the MANIFEST's SHA-256
/// and what the timestamp says.
fn close_export(
    w: &mut Writer,
    options: &ExportOptions,
    tool: &str,
    exported: &str,
) -> Result<(String, Option<timestamp::TokenInfo>), ExportError> {
    if let Some(stamper) = &options.timestamp {
        w.add(
            timestamp::ANCHORS_FILE,
            &timestamp::settings::anchors_pem(&stamper.anchors),
        )?;
    }
    let entries = w.all.clone();
    let bytes = manifest::write(tool, exported, &entries);
    w.add(manifest::FILE_NAME, &bytes)?;
    let sha = manifest::sha256_hex(&bytes);
    let Some(stamper) = &options.timestamp else {
        return Ok((sha, None));
    };
    let (token, info) = stamper.stamp(&bytes)?;
    w.add(timestamp::TOKEN_FILE, &token)?;
    Ok((sha, Some(info)))
}

/// Writes one dossier (its files, report and MANIFEST) under `folder` ("" = the root).
fn write_dossier(
    w: &mut Writer,
    folder: &str,
    d: &gather::Dossier,
    options: &ExportOptions,
    tool: &str,
    exported: &str,
    cancel: &AtomicBool,
) -> Result<DossierSummary, ExportError> {
    let prefix = if folder.is_empty() {
        String::new()
    } else {
        format!("{folder}/")
    };
    let mut local: Vec<(String, String)> = Vec::new();
    let doc = report::dossier_report(d, options.lang, tool, options.now);
    let pdf_bytes = pdf::render(&doc)?;
    let mut put = |w: &mut Writer, path: &str, bytes: &[u8]| -> Result<(), ExportError> {
        if cancel.load(Ordering::Relaxed) {
            return Err(ExportError::Cancelled);
        }
        w.add(&format!("{prefix}{path}"), bytes)?;
        local.push((path.to_owned(), manifest::sha256_hex(bytes)));
        Ok(())
    };
    put(w, "report.pdf", &pdf_bytes)?;
    for (path, bytes) in &d.files {
        put(w, path, bytes)?;
    }
    let files = local.len() + 1;
    if !folder.is_empty() {
        w.add(
            &format!("{prefix}{}", manifest::FILE_NAME),
            &manifest::write(tool, exported, &local),
        )?;
    } else {
        // The root MANIFEST is written by the caller over everything.
    }
    let signed: Vec<&gather::Member> = d
        .members
        .iter()
        .filter(|m| report::signature_required(m))
        .collect();
    let valid = signed
        .iter()
        .filter(|m| m.verification.status == crate::verify::Status::Valid)
        .count();
    Ok(DossierSummary {
        message: d.requested,
        folder: folder.to_owned(),
        files,
        signatures_valid: valid,
        signatures_not_valid: signed.len() - valid,
    })
}

fn index_entry(d: &gather::Dossier, folder: &str, s: &DossierSummary) -> report::IndexEntry {
    let sender = d
        .members
        .iter()
        .find_map(|m| {
            m.classification
                .certification()
                .and_then(|x| x.sender().map(str::to_owned))
        })
        .or_else(|| {
            d.members
                .first()
                .and_then(|m| m.classification.display_sender().map(str::to_owned))
        });
    let recipients = match &d.timeline {
        Some(tl) => tl
            .recipients
            .iter()
            .map(|r| (r.address.clone(), Some(r.state)))
            .collect(),
        None => d
            .members
            .first()
            .and_then(|m| m.classification.certification())
            .map(|x| {
                x.recipients()
                    .iter()
                    .map(|r| (r.address.clone(), None))
                    .collect()
            })
            .unwrap_or_default(),
    };
    report::IndexEntry {
        folder: folder.to_owned(),
        kind: d.kind,
        date: d.date,
        subject: d.subject.clone(),
        sender,
        recipients,
        signatures: (s.signatures_valid, s.signatures_not_valid),
    }
}

fn csv_field(s: &str) -> String {
    let clean: String = s.chars().filter(|c| !c.is_control()).collect();
    // A leading = + - @ would make a spreadsheet run a formula.
    let clean = if clean.starts_with(['=', '+', '-', '@']) {
        format!("'{clean}")
    } else {
        clean
    };
    format!("\"{}\"", clean.replace('"', "\"\""))
}

/// The index as CSV (RFC 4180, UTF-8): one line per dossier.
fn index_csv(entries: &[report::IndexEntry], lang: Lang) -> Vec<u8> {
    use crate::i18n::tr;
    let mut out = String::new();
    let header = [
        "export-csv-folder",
        "export-csv-kind",
        "export-csv-date",
        "export-csv-subject",
        "export-csv-sender",
        "export-csv-recipients",
        "export-csv-signatures-valid",
        "export-csv-signatures-invalid",
    ];
    out.push_str(
        &header
            .iter()
            .map(|k| csv_field(&tr(lang, k)))
            .collect::<Vec<_>>()
            .join(","),
    );
    out.push_str("\r\n");
    for e in entries {
        let kind = match e.kind {
            DossierKind::Sent => "sent",
            DossierKind::Received => "received",
            DossierKind::Single => "single",
        };
        let recipients = e
            .recipients
            .iter()
            .map(|(a, s)| match s {
                Some(s) => format!("{a}={}", s.as_str()),
                None => a.clone(),
            })
            .collect::<Vec<_>>()
            .join("; ");
        let fields = [
            e.folder.clone(),
            kind.to_owned(),
            e.date.map(|d| d.to_rfc3339()).unwrap_or_default(),
            e.subject.clone().unwrap_or_default(),
            e.sender.clone().unwrap_or_default(),
            recipients,
            e.signatures.0.to_string(),
            e.signatures.1.to_string(),
        ];
        out.push_str(
            &fields
                .iter()
                .map(|f| csv_field(f))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push_str("\r\n");
    }
    out.into_bytes()
}
