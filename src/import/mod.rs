//! Importing archives into the store: `.eml` files, folders of them (recursively), mbox files
//! (Thunderbird and provider exports) and Maildir folders.
//!
//! Import is idempotent: the same bytes are stored once and the same place (file, or mbox
//! offset) is recorded once, so running it again adds nothing. Nothing is dropped: every file
//! named on the command line is stored, even when it is not mail (it is listed as
//! `illeggibile`); files met while walking a folder that do not look like mail are reported as
//! skipped, by name. Messages are stored in batches (bytes first, then analysis) to keep the
//! rate high.

pub mod mbox;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::pec::PecKind;
use crate::store::{AnalysisJob, IncomingMessage, Result, Source, Store};
use crate::verify::TrustList;

/// Options of an import.
#[derive(Clone)]
pub struct ImportOptions {
    /// Account the archive belongs to (recorded on every copy).
    pub account: Option<String>,
    /// Folder name for every copy, instead of the one derived from the archive.
    pub folder: Option<String>,
    /// Messages per transaction, at most.
    pub batch_messages: usize,
    /// Bytes per transaction, about.
    pub batch_bytes: usize,
    /// When set, the provider signature of every new message is checked as it is analysed
    /// (one pass, on every core) and the outcome stored with it.
    pub verify_with: Option<Arc<TrustList>>,
}

impl std::fmt::Debug for ImportOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImportOptions")
            .field("account", &self.account)
            .field("folder", &self.folder)
            .field("batch_messages", &self.batch_messages)
            .field("batch_bytes", &self.batch_bytes)
            .field("verify", &self.verify_with.is_some())
            .finish()
    }
}

/// Messages stored per transaction unless told otherwise (`sigillo import`, the window): with
/// [`ImportOptions::batch_bytes`] at 32 MiB, the fastest measured. The 10,000-message import
/// of `scripts/bench` took 2.9 s in batches of 1,024 against 3.3 s in batches of 256 (median
/// of 3 runs each, alternating); 4,096 was no faster (the bytes bound the batch first).
pub const DEFAULT_BATCH_MESSAGES: usize = 1024;

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            account: None,
            folder: None,
            batch_messages: DEFAULT_BATCH_MESSAGES,
            batch_bytes: 32 * 1024 * 1024,
            verify_with: None,
        }
    }
}

/// A path that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// The path.
    pub path: PathBuf,
    /// What the system said.
    pub reason: String,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    /// Messages read from the inputs.
    pub messages: usize,
    /// Of those, new to the store.
    pub imported: usize,
    /// Of those, already in the store (same bytes).
    pub duplicates: usize,
    /// New messages the parser could not read (stored as `illeggibile`).
    pub unreadable: usize,
    /// Messages stored by an earlier, interrupted run whose analysis this run completed.
    pub resumed: usize,
    /// New messages whose signature was checked as they were stored (with `verify_with`).
    pub verified: usize,
    /// Files met while walking folders that do not look like mail (not imported).
    pub skipped: Vec<PathBuf>,
    /// Paths that could not be read.
    pub errors: Vec<ImportError>,
}

/// Where an import is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    /// Messages read so far.
    pub messages: usize,
    /// Input bytes read so far.
    pub bytes_done: u64,
    /// Input bytes in total.
    pub bytes_total: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Eml,
    Mbox,
}

#[derive(Debug, Clone)]
struct Input {
    path: PathBuf,
    format: Format,
    folder: Option<String>,
    size: u64,
}

/// Header-like first line: `Name: value` with a printable ASCII field name.
fn looks_like_mail(head: &[u8]) -> bool {
    let line_end = head.iter().position(|&b| b == b'\n').unwrap_or(head.len());
    let line = &head[..line_end];
    match line.iter().position(|&b| b == b':') {
        Some(colon) if colon > 0 => line[..colon]
            .iter()
            .all(|&b| b.is_ascii_graphic() && b != b':'),
        _ => false,
    }
}

fn sniff(path: &Path) -> std::io::Result<(Vec<u8>, u64)> {
    let mut f = std::fs::File::open(path)?;
    let size = f.metadata()?.len();
    let mut head = vec![0u8; 512];
    let mut n = 0;
    while n < head.len() {
        let got = f.read(&mut head[n..])?;
        if got == 0 {
            break;
        }
        n += got;
    }
    head.truncate(n);
    Ok((head, size))
}

fn is_maildir(dir: &Path) -> bool {
    dir.join("cur").is_dir() && dir.join("new").is_dir()
}

fn sorted_entries(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    v.sort();
    Ok(v)
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

struct Planner<'a> {
    opts: &'a ImportOptions,
    inputs: Vec<Input>,
    skipped: Vec<PathBuf>,
    errors: Vec<ImportError>,
}

impl Planner<'_> {
    fn error(&mut self, path: &Path, e: impl std::fmt::Display) {
        self.errors.push(ImportError {
            path: path.to_owned(),
            reason: e.to_string(),
        });
    }

    fn folder(&self, derived: Option<String>) -> Option<String> {
        self.opts.folder.clone().or(derived)
    }

    /// A file named by the user: always imported.
    fn explicit_file(&mut self, path: &Path) {
        match sniff(path) {
            Ok((head, size)) => {
                let (format, folder) = if mbox::looks_like_mbox(&head) {
                    (
                        Format::Mbox,
                        path.file_stem().map(|s| s.to_string_lossy().into_owned()),
                    )
                } else {
                    (Format::Eml, None)
                };
                self.inputs.push(Input {
                    path: path.to_owned(),
                    format,
                    folder: self.folder(folder),
                    size,
                });
            }
            Err(e) => self.error(path, e),
        }
    }

    /// A file met while walking: imported when it looks like mail.
    fn walked_file(&mut self, path: &Path, folder: Option<String>) {
        let name = file_name(path);
        match sniff(path) {
            Ok((head, size)) => {
                let format = if mbox::looks_like_mbox(&head) {
                    Format::Mbox
                } else if name.to_ascii_lowercase().ends_with(".eml") || looks_like_mail(&head) {
                    Format::Eml
                } else {
                    self.skipped.push(path.to_owned());
                    return;
                };
                let folder = match format {
                    Format::Mbox => path.file_stem().map(|s| s.to_string_lossy().into_owned()),
                    Format::Eml => folder,
                };
                self.inputs.push(Input {
                    path: path.to_owned(),
                    format,
                    folder: self.folder(folder),
                    size,
                });
            }
            Err(e) => self.error(path, e),
        }
    }

    fn maildir(&mut self, dir: &Path, folder: String) {
        for sub in ["new", "cur"] {
            let d = dir.join(sub);
            match sorted_entries(&d) {
                Ok(entries) => {
                    for p in entries.into_iter().filter(|p| p.is_file()) {
                        match std::fs::metadata(&p) {
                            Ok(m) => self.inputs.push(Input {
                                path: p,
                                format: Format::Eml,
                                folder: self.folder(Some(folder.clone())),
                                size: m.len(),
                            }),
                            Err(e) => self.error(&p, e),
                        }
                    }
                }
                Err(e) => self.error(&d, e),
            }
        }
        // Maildir++ subfolders: `.Sent`, `.Archivio.2019`, … beside cur/new/tmp.
        if let Ok(entries) = sorted_entries(dir) {
            for p in entries {
                let name = file_name(&p);
                if p.is_dir() && name.starts_with('.') && name.len() > 1 && is_maildir(&p) {
                    let sub = name[1..].replace('.', "/");
                    let full = if folder == "INBOX" {
                        sub
                    } else {
                        format!("{folder}/{sub}")
                    };
                    self.maildir(&p, full);
                }
            }
        }
    }

    fn walk(&mut self, dir: &Path, depth: usize) {
        if is_maildir(dir) {
            self.maildir(dir, "INBOX".into());
            return;
        }
        if depth > 64 {
            self.error(dir, "folders nested too deep");
            return;
        }
        let entries = match sorted_entries(dir) {
            Ok(e) => e,
            Err(e) => return self.error(dir, e),
        };
        let here = Some(file_name(dir)).filter(|n| !n.is_empty());
        for p in entries {
            let name = file_name(&p);
            if p.is_dir() {
                if is_maildir(&p) {
                    let folder = name.trim_start_matches('.').to_owned();
                    self.maildir(
                        &p,
                        if folder.is_empty() {
                            "INBOX".into()
                        } else {
                            folder
                        },
                    );
                } else {
                    self.walk(&p, depth + 1);
                }
            } else if p.is_file() {
                if name.starts_with('.') {
                    self.skipped.push(p);
                } else {
                    self.walked_file(&p, here.clone());
                }
            }
        }
    }
}

fn source_for(abs: &str, offset: Option<u64>, input: &Input, opts: &ImportOptions) -> Source {
    Source::Import {
        path: abs.to_owned(),
        offset,
        account: opts.account.clone(),
        folder: input.folder.clone(),
    }
}

/// The path recorded for an input: absolute when it can be made so.
fn recorded_path(path: &Path) -> String {
    std::fs::canonicalize(path)
        .unwrap_or_else(|_| path.to_owned())
        .to_string_lossy()
        .into_owned()
}

/// Messages stored in batches. Each batch has its bytes stored at once (one transaction,
/// synced) and is analysed on the other cores while the next batch is stored; the analysis of
/// a batch is written after the next batch's bytes. Reading the files (and hashing each
/// message) happens on a thread of its own ([`read_inputs`]), so that this one, which holds
/// the database's write lock, only writes: reading, storing and parsing overlap instead of
/// taking turns (the same order as a sync's writer).
struct Batches<'s> {
    store: &'s mut Store,
    verify_with: Option<Arc<TrustList>>,
    /// The batch stored before this one, still being analysed.
    analysing: Option<AnalysisJob>,
}

impl Batches<'_> {
    /// Stores `items` and starts their analysis; writes the analysis of the batch before.
    fn store(&mut self, items: Vec<IncomingMessage>, summary: &mut ImportSummary) -> Result<()> {
        if items.is_empty() {
            return Ok(());
        }
        let verify = self
            .verify_with
            .as_ref()
            .map(|t| (Arc::clone(t), chrono::Utc::now()));
        let job = self.store.store_then_analyse(items, verify)?;
        if let Some(before) = self.analysing.replace(job) {
            self.finish(before, summary)?;
        }
        Ok(())
    }

    /// Writes the analysis of the last batch.
    fn finish_last(&mut self, summary: &mut ImportSummary) -> Result<()> {
        match self.analysing.take() {
            Some(last) => self.finish(last, summary),
            None => Ok(()),
        }
    }

    fn finish(&mut self, job: AnalysisJob, summary: &mut ImportSummary) -> Result<()> {
        let results = self.store.finish_analysis(job)?;
        summary.verified += results.iter().filter(|r| r.verified).count();
        let mut seen_new = std::collections::HashSet::new();
        for r in results {
            if r.new_message && seen_new.insert(r.id) {
                summary.imported += 1;
                if r.kind == Some(PecKind::Illeggibile) {
                    summary.unreadable += 1;
                }
            } else {
                summary.duplicates += 1;
            }
        }
        Ok(())
    }
}

/// A batch read, and where the reading was when it was full.
struct ReadBatch {
    items: Vec<IncomingMessage>,
    at: Progress,
}

/// The reading thread's side: gathers the messages of `inputs` into batches (hashing each
/// one) and hands each full batch over. Stops early when the storing side stops listening.
struct Reader<'a> {
    opts: &'a ImportOptions,
    out: std::sync::mpsc::SyncSender<ReadBatch>,
    items: Vec<IncomingMessage>,
    bytes: usize,
    state: Progress,
    errors: Vec<ImportError>,
}

/// The storing side stopped (on an error it returns itself): nothing more to read.
struct Stopped;

impl Reader<'_> {
    fn push(&mut self, bytes: Vec<u8>, source: Source) {
        self.bytes += bytes.len();
        self.items.push(IncomingMessage::new(bytes, source));
        self.state.messages += 1;
    }

    /// Hands the batch over when it is full (`force`: whatever it holds).
    fn hand_over(&mut self, force: bool) -> std::result::Result<(), Stopped> {
        let full = self.items.len() >= self.opts.batch_messages.max(1)
            || self.bytes >= self.opts.batch_bytes;
        if self.items.is_empty() || !(full || force) {
            return Ok(());
        }
        self.bytes = 0;
        let read = ReadBatch {
            items: std::mem::take(&mut self.items),
            at: self.state.clone(),
        };
        self.out.send(read).map_err(|_| Stopped)
    }

    fn error(&mut self, path: &Path, reason: impl std::fmt::Display) {
        self.errors.push(ImportError {
            path: path.to_owned(),
            reason: reason.to_string(),
        });
    }

    fn input(&mut self, input: &Input) -> std::result::Result<(), Stopped> {
        let abs = recorded_path(&input.path);
        match input.format {
            Format::Eml if input.size > crate::store::MAX_MESSAGE_BYTES as u64 => self.error(
                &input.path,
                format!(
                    "the file is {} MB, larger than the {} MB a message may be: it was not imported",
                    input.size / (1024 * 1024),
                    crate::store::MAX_MESSAGE_BYTES / (1024 * 1024)
                ),
            ),
            Format::Eml => match std::fs::read(&input.path) {
                Ok(bytes) => self.push(bytes, source_for(&abs, None, input, self.opts)),
                Err(e) => self.error(&input.path, e),
            },
            Format::Mbox => {
                let file = match std::fs::File::open(&input.path) {
                    Ok(f) => f,
                    Err(e) => {
                        self.error(&input.path, e);
                        return Ok(());
                    }
                };
                let reader =
                    mbox::MboxReader::new(std::io::BufReader::with_capacity(1 << 20, file));
                let start_done = self.state.bytes_done;
                for m in reader {
                    match m {
                        Ok(m) => {
                            self.state.bytes_done = start_done + m.offset;
                            self.push(m.bytes, source_for(&abs, Some(m.offset), input, self.opts));
                            self.hand_over(false)?;
                        }
                        Err(e) => {
                            let go_on = mbox::oversized(&e).is_some();
                            self.error(&input.path, e);
                            // A message too large is skipped; the ones after it are read.
                            if !go_on {
                                break;
                            }
                        }
                    }
                }
                self.state.bytes_done = start_done;
            }
        }
        self.state.bytes_done += input.size;
        self.hand_over(false)
    }
}

/// Reads every input into batches for the storing side; returns the paths it could not read
/// and where it got to. A reading that fails unexpectedly (it must not) is told as an error
/// of that file; the messages read before it are stored.
fn read_inputs(
    inputs: &[Input],
    opts: &ImportOptions,
    total: u64,
    out: std::sync::mpsc::SyncSender<ReadBatch>,
) -> (Vec<ImportError>, Progress) {
    let mut reader = Reader {
        opts,
        out,
        items: Vec::new(),
        bytes: 0,
        state: Progress {
            messages: 0,
            bytes_done: 0,
            bytes_total: total,
        },
        errors: Vec::new(),
    };
    for input in inputs {
        let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| reader.input(input)));
        match read {
            Ok(Ok(())) => {}
            Ok(Err(Stopped)) => return (reader.errors, reader.state),
            Err(_) => reader.error(
                &input.path,
                "reading this file stopped unexpectedly: the messages read before were stored; import it again to complete it",
            ),
        }
    }
    let _ = reader.hand_over(true);
    (reader.errors, reader.state)
}

/// Imports every message found under `paths`. Database errors stop the import (what was
/// committed stays, and a re-run completes it); unreadable paths are reported in the summary.
pub fn import(
    store: &mut Store,
    paths: &[PathBuf],
    opts: &ImportOptions,
    progress: &mut dyn FnMut(&Progress),
) -> Result<ImportSummary> {
    let mut summary = ImportSummary {
        resumed: store.analyse_pending(&mut |_, _| {})?,
        ..ImportSummary::default()
    };

    let mut planner = Planner {
        opts,
        inputs: Vec::new(),
        skipped: Vec::new(),
        errors: Vec::new(),
    };
    for p in paths {
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => planner.walk(p, 0),
            Ok(_) => planner.explicit_file(p),
            Err(e) => planner.error(p, e),
        }
    }
    let Planner {
        inputs,
        skipped,
        errors,
        ..
    } = planner;
    summary.skipped = skipped;
    summary.errors = errors;

    let total: u64 = inputs.iter().map(|i| i.size).sum();
    progress(&Progress {
        messages: 0,
        bytes_done: 0,
        bytes_total: total,
    });
    let mut batches = Batches {
        store,
        verify_with: opts.verify_with.clone(),
        analysing: None,
    };
    // One batch may wait while the next is read and another is stored: memory stays bounded.
    let (out, batches_read) = std::sync::mpsc::sync_channel::<ReadBatch>(1);
    let (read_errors, state) = std::thread::scope(|s| -> Result<_> {
        let reader = s.spawn(|| read_inputs(&inputs, opts, total, out));
        for read in batches_read {
            batches.store(read.items, &mut summary)?;
            progress(&read.at);
        }
        batches.finish_last(&mut summary)?;
        // The reader catches its own panics; should the thread itself fail, nothing read is
        // lost (every batch it handed over is stored) and the summary says it stopped.
        Ok(reader.join().unwrap_or_else(|_| {
            (
                vec![ImportError {
                    path: PathBuf::new(),
                    reason:
                        "reading the files stopped unexpectedly: import them again to complete it"
                            .into(),
                }],
                Progress {
                    messages: 0,
                    bytes_done: 0,
                    bytes_total: total,
                },
            )
        }))
    })?;
    summary.errors.extend(read_errors);
    batches.store.optimize()?;
    summary.messages = state.messages;
    progress(&state);
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mail_sniffing() {
        assert!(looks_like_mail(b"Return-Path: <a@b>\r\n"));
        assert!(looks_like_mail(b"X-Trasporto: posta-certificata\n"));
        assert!(!looks_like_mail(b"%PDF-1.4\n"));
        assert!(!looks_like_mail(b"hello world: not a header\n"));
        assert!(!looks_like_mail(b""));
    }
}
