//! `sigillo p7m verify|extract|trust-import`: signed documents (CAdES `.p7m`) — the verdict on
//! every signer first, then the document under its real name.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use sigillo::i18n::{self, Lang, arg, num, tr, tr_args};
use sigillo::p7m::{self, DocStatus, QualifiedTrust, ReferenceTime};

use super::{CliError, CliResult, EXIT_NOT_VALID, EXIT_OK, EXIT_UNREADABLE, Exit};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

/// Options shared by the commands that verify.
#[derive(Debug, clap::Args)]
struct TrustArgs {
    /// Also trust the certificate authorities in this PEM/DER file, for this run only.
    #[arg(long, value_name = "FILE")]
    trust: Vec<PathBuf>,
    /// Use only the --trust authorities, not the profile's qualified trust list.
    #[arg(long)]
    only_given_trust: bool,
    /// Check signers that state no signing time at this time (RFC 3339), not now.
    #[arg(long, value_name = "TIME")]
    at: Option<String>,
}

#[derive(Debug, clap::Subcommand)]
enum Action {
    /// Check every signature of signed documents (.p7m), at signing time.
    Verify {
        /// Print JSON: one object per file, an array when there are several.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        trust: TrustArgs,
        /// The signed documents.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Check a signed document, then save the document inside under its real name.
    Extract {
        #[command(flatten)]
        trust: TrustArgs,
        /// Folder to save into (default: the current folder).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Save even when the signature is broken (tampered or unreadable).
        #[arg(long)]
        force: bool,
        /// The signed document.
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Import the qualified-signature trust list: a PEM bundle or an ETSI trusted list (XML).
    TrustImport {
        /// A PEM/DER file of certificate authorities, or the ETSI TS 119 612 XML.
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
}

pub fn run(args: Args, profile: Option<PathBuf>, lang: Lang) -> CliResult {
    match args.action {
        Action::Verify { json, trust, files } => verify(json, &trust, &files, profile, lang),
        Action::Extract {
            trust,
            out,
            force,
            file,
        } => extract(&trust, out, force, &file, profile, lang),
        Action::TrustImport { file } => trust_import(&file, profile, lang),
    }
}

/// The trust list and the reference time, or what is wrong with them.
fn setup(
    args: &TrustArgs,
    profile: Option<PathBuf>,
    lang: Lang,
) -> CliResult<(Option<QualifiedTrust>, ReferenceTime)> {
    let reference = match &args.at {
        None => ReferenceTime::now(),
        Some(t) => {
            let t = DateTime::parse_from_rfc3339(t).map_err(|_| {
                CliError::new(
                    Exit::Unreadable,
                    tr_args(lang, "p7m-error-bad-time", &[("time", arg(t))]),
                )
            })?;
            ReferenceTime::given(t.with_timezone(&Utc))
        }
    };
    let mut trust = if args.only_given_trust {
        None
    } else {
        match sigillo::profile::resolve(profile.as_deref()) {
            Some(dir) => QualifiedTrust::load(&dir).map_err(|e| trust_unusable(lang, &e))?,
            None => None,
        }
    };
    let mut extra = Vec::new();
    for file in &args.trust {
        let bytes = std::fs::read(file)
            .map_err(|e| CliError::new(Exit::Unreadable, super::read_error(lang, file, &e)))?;
        let certs = sigillo::verify::trust::parse_certificates(&bytes);
        if certs.is_empty() {
            return Err(CliError::new(
                Exit::Unreadable,
                tr_args(
                    lang,
                    "p7m-trust-error-not-certificate",
                    &[("path", arg(file.display().to_string()))],
                ),
            ));
        }
        extra.extend(certs);
    }
    if !extra.is_empty() {
        trust.get_or_insert_default().add_certificates(extra);
    }
    Ok((trust, reference))
}

fn file_name(path: &Path) -> Option<String> {
    path.file_name().map(|n| n.to_string_lossy().into_owned())
}

fn verify(
    json: bool,
    trust_args: &TrustArgs,
    files: &[PathBuf],
    profile: Option<PathBuf>,
    lang: Lang,
) -> CliResult {
    let (trust, reference) = setup(trust_args, profile, lang)?;
    let mut code = EXIT_OK;
    let mut objects = Vec::new();
    let stdout = std::io::stdout();
    let mut out = sigillo::terminal::SafeOutput::new(stdout.lock(), !json);
    for (i, path) in files.iter().enumerate() {
        let raw = match std::fs::read(path) {
            Ok(raw) => raw,
            Err(e) => {
                errln!("sigillo: {}", super::read_error(lang, path, &e));
                code = EXIT_UNREADABLE;
                continue;
            }
        };
        let opened = p7m::open(&raw, file_name(path).as_deref(), trust.as_ref(), reference);
        let valid = matches!(&opened, Ok(d) if d.verification().is_valid());
        if !valid && code == EXIT_OK {
            code = EXIT_NOT_VALID;
        }
        if json {
            let mut obj = match &opened {
                Ok(d) => sigillo::report::document_json(d, lang),
                Err(e) => serde_json::json!({
                    "status": DocStatus::Malformed.as_str(),
                    "reason": e.to_string(),
                    "error": i18n::p7m_error_text(lang, e),
                }),
            };
            obj["file"] = serde_json::json!(path.display().to_string());
            objects.push(obj);
        } else {
            if i > 0 {
                let _ = writeln!(out);
            }
            match &opened {
                Ok(d) => {
                    sigillo::i18n::document_text::write_signed_document(&mut out, path, d, lang)
                }
                Err(e) => {
                    let _ = writeln!(
                        out,
                        "{}: {}\n  {}",
                        path.display(),
                        i18n::doc_status_label(lang, DocStatus::Malformed),
                        i18n::p7m_error_text(lang, e)
                    );
                }
            }
        }
    }
    if json {
        let value = if files.len() == 1 {
            objects.pop().unwrap_or(serde_json::Value::Null)
        } else {
            serde_json::Value::Array(objects)
        };
        let _ = writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&value).unwrap_or_default()
        );
    }
    Ok(code)
}

fn extract(
    trust_args: &TrustArgs,
    dir: Option<PathBuf>,
    force: bool,
    path: &Path,
    profile: Option<PathBuf>,
    lang: Lang,
) -> CliResult {
    let (trust, reference) = setup(trust_args, profile, lang)?;
    let raw = std::fs::read(path)
        .map_err(|e| CliError::new(Exit::Unreadable, super::read_error(lang, path, &e)))?;
    let stdout = std::io::stdout();
    let mut out = sigillo::terminal::SafeOutput::new(stdout.lock(), true);
    let d = match p7m::open(&raw, file_name(path).as_deref(), trust.as_ref(), reference) {
        Ok(d) => d,
        Err(e) => {
            let _ = writeln!(
                out,
                "{}: {}\n  {}",
                path.display(),
                i18n::doc_status_label(lang, DocStatus::Malformed),
                i18n::p7m_error_text(lang, &e)
            );
            return Ok(EXIT_NOT_VALID);
        }
    };
    // The verdict always comes first.
    sigillo::i18n::document_text::write_signed_document(&mut out, path, &d, lang);
    let status = d.verification().status;
    if !status.is_intact() && !force {
        let _ = writeln!(out, "{}", tr(lang, "p7m-extract-refused"));
        return Ok(EXIT_NOT_VALID);
    }
    let dir = dir.unwrap_or_else(|| PathBuf::from("."));
    let (_, bytes) = d.content();
    let saved = p7m::extract::save_in(&dir, d.name(), bytes)
        .map_err(|e| CliError::new(Exit::Unreadable, i18n::extract_error_text(lang, &e)))?;
    let _ = writeln!(
        out,
        "{}",
        tr_args(
            lang,
            "p7m-extract-saved",
            &[("path", arg(saved.display().to_string()))]
        )
    );
    Ok(if status == DocStatus::Valid {
        EXIT_OK
    } else {
        EXIT_NOT_VALID
    })
}

/// The qualified trust list cannot be loaded or imported.
fn trust_unusable(lang: Lang, e: &p7m::trust::QualifiedTrustError) -> CliError {
    CliError::new(Exit::Unreadable, i18n::qualified_trust_error_text(lang, e))
}

fn trust_import(file: &Path, profile: Option<PathBuf>, lang: Lang) -> CliResult {
    super::refuse_if_read_only(profile.as_deref(), lang)?;
    let dir = sigillo::profile::resolve(profile.as_deref())
        .ok_or_else(|| CliError::new(Exit::Unreadable, tr(lang, "cli-error-no-profile")))?;
    let summary = p7m::trust::import(&dir, file).map_err(|e| trust_unusable(lang, &e))?;
    let stdout = std::io::stdout();
    let mut out = sigillo::terminal::SafeOutput::new(stdout.lock(), true);
    let key = match summary.kind {
        p7m::trust::ImportKind::Certificates => "p7m-trust-imported-pem",
        p7m::trust::ImportKind::TrustedList => "p7m-trust-imported-list",
    };
    let _ = writeln!(
        out,
        "{}",
        tr_args(
            lang,
            key,
            &[
                ("count", num(summary.imported.len())),
                (
                    "territory",
                    arg(summary.territory.clone().unwrap_or_else(|| "?".into()))
                ),
                (
                    "sequence",
                    arg(summary
                        .sequence_number
                        .clone()
                        .unwrap_or_else(|| "?".into()))
                ),
                ("skipped", num(summary.skipped_services)),
            ]
        )
    );
    for info in &summary.imported {
        let _ = writeln!(out, "  {}", info.subject);
    }
    if summary.unreadable > 0 {
        let _ = writeln!(
            out,
            "! {}",
            tr_args(
                lang,
                "p7m-trust-unreadable",
                &[("count", num(summary.unreadable))]
            )
        );
    }
    if summary.kind == p7m::trust::ImportKind::TrustedList {
        let _ = writeln!(
            out,
            "! {}",
            tr(lang, "p7m-trust-list-signature-not-checked")
        );
    }
    Ok(EXIT_OK)
}
