//! Where a dossier's files go: a folder or a ZIP archive, written under a temporary name beside
//! the destination and renamed into place only when complete, so an error or a cancellation
//! never leaves half a dossier behind.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use super::ExportError;

/// A destination being written.
pub enum Sink {
    /// A folder.
    Folder {
        /// The temporary folder.
        temp: PathBuf,
    },
    /// A ZIP archive whose entries sit under `prefix/`.
    Zip {
        /// The temporary file.
        temp: PathBuf,
        /// The archive.
        writer: Box<zip::ZipWriter<BufWriter<File>>>,
        /// Top folder inside the archive.
        prefix: String,
        /// Entry time.
        time: zip::DateTime,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> ExportError + '_ {
    move |source| ExportError::Write {
        path: path.to_owned(),
        source,
    }
}

fn temp_name(dest: &Path) -> PathBuf {
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "dossier".into());
    dest.with_file_name(format!(".{name}.partial-{}", std::process::id()))
}

impl Sink {
    /// A folder that will become `dest`.
    pub fn folder(dest: &Path) -> Result<Sink, ExportError> {
        let temp = temp_name(dest);
        if temp.exists() {
            std::fs::remove_dir_all(&temp).map_err(io(&temp))?;
        }
        std::fs::create_dir_all(&temp).map_err(io(&temp))?;
        Ok(Sink::Folder { temp })
    }

    /// A ZIP archive that will become `dest`, its entries under `prefix/`.
    pub fn zip(
        dest: &Path,
        prefix: &str,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Sink, ExportError> {
        use chrono::{Datelike, Timelike};
        let temp = temp_name(dest);
        let file = File::create(&temp).map_err(io(&temp))?;
        let time = zip::DateTime::from_date_and_time(
            now.year().clamp(1980, 2107) as u16,
            now.month() as u8,
            now.day() as u8,
            now.hour() as u8,
            now.minute() as u8,
            now.second() as u8,
        )
        .unwrap_or_default();
        Ok(Sink::Zip {
            temp,
            writer: Box::new(zip::ZipWriter::new(BufWriter::new(file))),
            prefix: prefix.to_owned(),
            time,
        })
    }

    /// Adds one file at a relative `/`-separated path (already checked safe).
    pub fn add(&mut self, path: &str, bytes: &[u8]) -> Result<(), ExportError> {
        match self {
            Sink::Folder { temp } => {
                let full = path.split('/').fold(temp.clone(), |p, c| p.join(c));
                if let Some(parent) = full.parent() {
                    std::fs::create_dir_all(parent).map_err(io(parent))?;
                }
                let mut f = File::create(&full).map_err(io(&full))?;
                f.write_all(bytes).map_err(io(&full))?;
                f.sync_all().map_err(io(&full))?;
                Ok(())
            }
            Sink::Zip {
                temp,
                writer,
                prefix,
                time,
            } => {
                // PDFs and signatures barely compress; mail and text do.
                let method = if path.ends_with(".pdf") || path.ends_with(".p7s") {
                    zip::CompressionMethod::Stored
                } else {
                    zip::CompressionMethod::Deflated
                };
                let options = zip::write::SimpleFileOptions::default()
                    .compression_method(method)
                    .last_modified_time(*time)
                    .unix_permissions(0o644)
                    .large_file(bytes.len() as u64 >= u32::MAX as u64);
                let name = format!("{prefix}/{path}");
                writer
                    .start_file(name, options)
                    .map_err(|e| ExportError::Zip {
                        path: temp.clone(),
                        detail: e.to_string(),
                    })?;
                writer.write_all(bytes).map_err(io(temp))?;
                Ok(())
            }
        }
    }

    /// Completes the destination and moves it to `dest`.
    pub fn finish(self, dest: &Path) -> Result<(), ExportError> {
        match self {
            Sink::Folder { temp } => {
                std::fs::rename(&temp, dest).map_err(io(dest))?;
            }
            Sink::Zip { temp, writer, .. } => {
                let inner = writer.finish().map_err(|e| ExportError::Zip {
                    path: temp.clone(),
                    detail: e.to_string(),
                })?;
                let file = inner.into_inner().map_err(|e| ExportError::Write {
                    path: temp.clone(),
                    source: e.into_error(),
                })?;
                file.sync_all().map_err(io(&temp))?;
                std::fs::rename(&temp, dest).map_err(io(dest))?;
            }
        }
        Ok(())
    }

    /// Removes what was written (after an error or a cancellation).
    pub fn abandon(self) {
        match self {
            Sink::Folder { temp } => {
                let _ = std::fs::remove_dir_all(temp);
            }
            Sink::Zip { temp, writer, .. } => {
                drop(writer);
                let _ = std::fs::remove_file(temp);
            }
        }
    }
}
