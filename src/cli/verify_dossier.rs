//! `sigillo verify-dossier PATH [--trust FILE]`: checks an exported dossier (folder or ZIP):
//! every file against its MANIFEST, every provider signature at signing time against the trust
//! list, every extracted file against its message. One verdict per file; exit code 0 only when
//! every file holds, 1 when one does not (each is named), 2 when PATH is not a readable dossier.

use std::io::Write;
use std::path::PathBuf;

use sigillo::export::{self, check::CheckError};
use sigillo::i18n::{Lang, arg, check_fact_text, check_failure_text, num, tr, tr_args};
use sigillo::verify::{self, TrustList};

use super::{Ctx, EXIT_NOT_VALID, EXIT_OK, EXIT_UNREADABLE};

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

/// Adds the anchors of `--trust` files to `trust`; prints why not and returns the exit code.
pub fn add_trust_files(trust: &mut TrustList, files: &[PathBuf], lang: Lang) -> Result<(), u8> {
    add_trust_files_for(trust, files, verify::TrustPurpose::Pec, lang)
}

/// Adds the anchors of `--trust` (PEC) or `--trust-rem` (REM) files to `trust`.
pub fn add_trust_files_for(
    trust: &mut TrustList,
    files: &[PathBuf],
    purpose: verify::TrustPurpose,
    lang: Lang,
) -> Result<(), u8> {
    for file in files {
        match std::fs::read(file) {
            Ok(bytes) => {
                let certs = verify::trust::parse_certificates(&bytes);
                if certs.is_empty() {
                    errln!(
                        "sigillo: {}",
                        tr_args(
                            lang,
                            "cli-error-not-certificate",
                            &[("path", arg(file.display().to_string()))]
                        )
                    );
                    return Err(EXIT_UNREADABLE);
                }
                trust.add_extra_for(certs, purpose);
            }
            Err(e) => {
                errln!("sigillo: {}", super::read_error(lang, file, &e));
                return Err(EXIT_UNREADABLE);
            }
        }
    }
    Ok(())
}

pub fn run(args: Args, ctx: &Ctx) -> u8 {
    let lang = ctx.lang;
    let mut trust = match ctx.trust_list(super::Stopped::Verify) {
        Ok(t) => t,
        Err(code) => return code,
    };
    if let Err(code) = add_trust_files(&mut trust, &args.trust, lang) {
        return code;
    }
    if let Err(code) =
        add_trust_files_for(&mut trust, &args.trust_rem, verify::TrustPurpose::Rem, lang)
    {
        return code;
    }
    let mut tsa_anchors = match super::tsa::profile_anchors(ctx) {
        Ok(a) => a,
        Err(code) => return code,
    };
    for file in &args.tsa_trust {
        match std::fs::read(file) {
            Ok(bytes) => {
                let certs = verify::trust::parse_certificates(&bytes);
                if certs.is_empty() {
                    errln!(
                        "sigillo: {}",
                        tr_args(
                            lang,
                            "cli-error-not-certificate",
                            &[("path", arg(file.display().to_string()))]
                        )
                    );
                    return EXIT_UNREADABLE;
                }
                tsa_anchors.extend(certs);
            }
            Err(e) => {
                errln!("sigillo: {}", super::read_error(lang, file, &e));
                return EXIT_UNREADABLE;
            }
        }
    }
    let check = match export::verify_dossier_with(&args.path, &trust, &tsa_anchors) {
        Ok(c) => c,
        Err(e) => {
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
            errln!("sigillo: {text}");
            return EXIT_UNREADABLE;
        }
    };
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
        EXIT_OK
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
        EXIT_NOT_VALID
    }
}
