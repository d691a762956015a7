//! `sigillo trust list|add [--rem] FILE|remove FINGERPRINT`: the certificate authorities a
//! profile trusts to vouch for PEC providers, those it trusts for REM providers ("PEC europea":
//! a certificate, or an ETSI TS 119 612 trusted list whose qualified electronic registered
//! delivery services are taken), and its offline revocation lists.

use std::io::Write;
use std::path::PathBuf;

use sigillo::i18n::{Lang, arg, tr, tr_args};
use sigillo::verify::trust::{self, Added, TrustList, TrustPurpose};

use sigillo::store::register::{self, TrustChange};

use super::{CliError, CliResult, EXIT_OK, Exit};

/// Records a trust-list change in the store's register (says so when it cannot).
fn record(dir: &std::path::Path, added: &Added, lang: Lang) {
    let recorded = match added {
        Added::Anchor(info) => {
            register::record_trust_change_in(dir, TrustChange::Added, &info.sha256, &info.subject)
        }
        Added::Crl { issuer } => {
            register::record_trust_change_in(dir, TrustChange::RevocationList, "", issuer)
        }
    };
    if let Err(e) = recorded {
        errln!(
            "sigillo: {}",
            tr_args(
                lang,
                "cli-trust-not-recorded",
                &[("reason", arg(e.to_string()))]
            )
        );
    }
}

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

#[derive(Debug, clap::Subcommand)]
enum Action {
    /// Show every anchor (built-in and added) and whether it is enabled.
    List,
    /// Trust the certificate(s) in FILE (PEM or DER), or add a revocation list (CRL).
    Add {
        /// Trust it for REM providers ("PEC europea") instead of PEC ones; FILE may then also
        /// be an EU trusted list (ETSI TS 119 612 XML).
        #[arg(long)]
        rem: bool,
        /// A PEM/DER certificate or CRL file (or, with --rem, a trusted list).
        file: PathBuf,
    },
    /// Stop trusting an anchor, by SHA-256 fingerprint (at least 8 hex digits).
    Remove {
        /// The fingerprint or its beginning.
        fingerprint: String,
    },
}

pub fn run(args: Args, profile: Option<PathBuf>, lang: Lang) -> CliResult {
    let dir = sigillo::profile::resolve(profile.as_deref())
        .ok_or_else(|| CliError::new(Exit::Unreadable, tr(lang, "cli-error-no-profile")))?;
    if !matches!(args.action, Action::List) {
        super::refuse_if_read_only(Some(&dir), lang)?;
    }
    let stdout = std::io::stdout();
    let mut out = sigillo::terminal::SafeOutput::new(stdout.lock(), true);
    let result = match args.action {
        Action::List => TrustList::load(&dir).map(|list| {
            for a in list.anchors() {
                let info = a.info();
                let state = if a.enabled {
                    tr(lang, "trust-enabled")
                } else {
                    tr(lang, "trust-disabled")
                };
                let _ = writeln!(
                    out,
                    "{}  [{}, {}, {}]\n  {}\n  {}",
                    a.fingerprint,
                    tr(lang, &format!("trust-purpose-{}", a.purpose.as_str())),
                    tr(lang, &format!("trust-source-{}", a.source.as_str())),
                    state,
                    info.subject,
                    tr_args(
                        lang,
                        "trust-validity",
                        &[
                            (
                                "from",
                                arg(info.not_before.map(|t| t.to_rfc3339()).unwrap_or_default())
                            ),
                            (
                                "to",
                                arg(info.not_after.map(|t| t.to_rfc3339()).unwrap_or_default())
                            ),
                        ]
                    )
                );
            }
            let _ = writeln!(
                out,
                "{}",
                tr_args(
                    lang,
                    "trust-crl-count",
                    &[("count", sigillo::i18n::num(list.crls().len()))]
                )
            );
        }),
        Action::Add { rem, file } => trust::add_for(
            &dir,
            &file,
            if rem {
                TrustPurpose::Rem
            } else {
                TrustPurpose::Pec
            },
        )
        .map(|added| {
            for a in added {
                record(&dir, &a, lang);
                match a {
                    Added::Anchor(info) => {
                        let _ = writeln!(
                            out,
                            "{}",
                            tr_args(lang, "trust-added", &[("subject", arg(info.subject))])
                        );
                    }
                    Added::Crl { issuer } => {
                        let _ = writeln!(
                            out,
                            "{}",
                            tr_args(lang, "trust-added-crl", &[("issuer", arg(issuer))])
                        );
                    }
                }
            }
        }),
        Action::Remove { fingerprint } => trust::remove(&dir, &fingerprint).map(|info| {
            if let Err(e) = register::record_trust_change_in(
                &dir,
                TrustChange::Removed,
                &info.sha256,
                &info.subject,
            ) {
                errln!(
                    "sigillo: {}",
                    tr_args(
                        lang,
                        "cli-trust-not-recorded",
                        &[("reason", arg(e.to_string()))]
                    )
                );
            }
            let _ = writeln!(
                out,
                "{}",
                tr_args(lang, "trust-removed", &[("subject", arg(info.subject))])
            );
        }),
    };
    result
        .map_err(|e| CliError::new(Exit::Unreadable, sigillo::i18n::trust_error_text(lang, &e)))?;
    Ok(EXIT_OK)
}
