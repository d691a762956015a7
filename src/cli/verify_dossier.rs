//! `sigillo verify-dossier PATH [--trust FILE]`: checks an exported dossier (folder or ZIP):
//! every file against its MANIFEST, every provider signature at signing time against the trust
//! list, every extracted file against its message. One verdict per file; exit code 0 only when
//! every file holds, 1 when one does not (each is named), 2 when PATH is not a readable dossier.

use std::io::Write;
use std::path::{Path, PathBuf};

use sigillo::export::text::{check_fact_text, check_failure_text};
use sigillo::export::{self, check::CheckError};
use sigillo::i18n::{Lang, arg, num, tr, tr_args};
use sigillo::verify::{self, TrustList};

use super::{CliError, CliResult, Ctx, EXIT_NOT_VALID, EXIT_OK, Exit};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Also trust the certificate authorities in this PEM/DER file, for this run only (the
    /// anchors inside the dossier are never trusted by themselves).
    #[arg(long, value_name = "FILE")]
    trust: Vec<PathBuf>,
    /// Also trust the authorities in this PEM/DER file for REM providers ("PEC europea"), for
    /// this run only.
    #[arg(long, value_name = "FILE")]
    trust_rem: Vec<PathBuf>,
    /// Also trust the time-stamping authorities in this PEM/DER file, for this run only (the
    /// profile's trust points for authorities are used too; never the dossier's own copy).
    #[arg(long, value_name = "FILE")]
    tsa_trust: Vec<PathBuf>,
    /// The dossier: its folder, or its ZIP archive.
    #[arg(value_name = "PATH")]
    path: PathBuf,
}

/// Adds the anchors of `--trust` files to `trust`, or says why not.
pub fn add_trust_files(trust: &mut TrustList, files: &[PathBuf], lang: Lang) -> CliResult<()> {
    add_trust_files_for(trust, files, verify::TrustPurpose::Pec, lang)
}

/// Adds the anchors of `--trust` (PEC) or `--trust-rem` (REM) files to `trust`.
pub fn add_trust_files_for(
    trust: &mut TrustList,
    files: &[PathBuf],
    purpose: verify::TrustPurpose,
    lang: Lang,
) -> CliResult<()> {
    for file in files {
        trust.add_extra_for(read_certificates(file, lang)?, purpose);
    }
    Ok(())
}

/// The certificates of a PEM/DER file given on the command line; refused when it holds none.
fn read_certificates(file: &Path, lang: Lang) -> CliResult<Vec<openssl::x509::X509>> {
    let bytes = std::fs::read(file)
        .map_err(|e| CliError::new(Exit::Unreadable, super::read_error(lang, file, &e)))?;
    let certs = verify::trust::parse_certificates(&bytes);
    if certs.is_empty() {
        return Err(CliError::new(
            Exit::Unreadable,
            tr_args(
                lang,
                "cli-error-not-certificate",
                &[("path", arg(file.display().to_string()))],
            ),
        ));
    }
    Ok(certs)
}

pub fn run(args: Args, ctx: &Ctx) -> CliResult {
    let lang = ctx.lang;
    let mut trust = ctx.trust_list(super::Stopped::Verify)?;
    add_trust_files(&mut trust, &args.trust, lang)?;
    add_trust_files_for(&mut trust, &args.trust_rem, verify::TrustPurpose::Rem, lang)?;
    let mut tsa_anchors = super::tsa::profile_anchors(ctx)?;
    for file in &args.tsa_trust {
        tsa_anchors.extend(read_certificates(file, lang)?);
    }
    let check = export::verify_dossier_with(&args.path, &trust, &tsa_anchors).map_err(|e| {
        let text = match &e {
            CheckError::NoManifest(p) => tr_args(
                lang,
                "cli-dossier-no-manifest",
                &[("path", arg(p.display().to_string()))],
            ),
            CheckError::Unreadable { path, reason } => tr_args(
                lang,
                "cli-error-read",
                &[
                    ("path", arg(path.display().to_string())),
                    ("reason", arg(reason)),
                ],
            ),
        };
        CliError::new(Exit::Unreadable, text)
    })?;
    let stdout = std::io::stdout();
    let mut out = sigillo::terminal::SafeOutput::new(stdout.lock(), true);
    let ok_word = tr(lang, "cli-dossier-ok");
    let fail_word = tr(lang, "cli-dossier-fail");
    for f in &check.files {
        let word = if f.ok() { &ok_word } else { &fail_word };
        let _ = writeln!(out, "{word:<6} {}", sigillo::terminal::escape_line(&f.path));
        for failure in &f.failures {
            let _ = writeln!(out, "       ✗ {}", check_failure_text(lang, failure));
        }
        for fact in &f.facts {
            let _ = writeln!(out, "       ✓ {}", check_fact_text(lang, fact));
        }
    }
    let failed = check.failed();
    let signatures = check
        .files
        .iter()
        .flat_map(|f| &f.facts)
        .filter(|x| matches!(x, export::Fact::SignatureValid(_)))
        .count();
    let _ = writeln!(out);
    if check
        .files
        .iter()
        .any(|f| f.path == export::timestamp::TOKEN_FILE)
    {
        let _ = writeln!(
            out,
            "{}",
            tr_args(
                lang,
                "cli-timestamp-openssl",
                &[("command", arg(export::timestamp::openssl_command()))]
            )
        );
    }
    if failed.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            tr_args(
                lang,
                "cli-dossier-intact",
                &[
                    ("files", num(check.files.len())),
                    ("signatures", num(signatures)),
                ]
            )
        );
        Ok(EXIT_OK)
    } else {
        let names: Vec<&str> = failed.iter().map(|f| f.path.as_str()).collect();
        let _ = writeln!(
            out,
            "{}",
            tr_args(
                lang,
                "cli-dossier-not-intact",
                &[
                    ("count", num(failed.len())),
                    ("files", arg(names.join(", "))),
                ]
            )
        );
        Ok(EXIT_NOT_VALID)
    }
}
