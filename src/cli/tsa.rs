//! `sigillo tsa`: the time-stamping authority (marca temporale, RFC 3161) used by
//! `export --timestamp` and the register's daily timestamp: its address, user name (password in
//! the OS keyring only), whether the window timestamps dossiers and the register, and the trust
//! points its certificate is checked against.

use std::path::PathBuf;

use sigillo::account::text::secret_error_text;
use sigillo::account::{Keyring, config_dir};
use sigillo::export::text::{settings_error_text, timestamp_error_text};
use sigillo::export::timestamp::settings::{self, SettingsError, TsaSettings};
use sigillo::export::timestamp::{self, Stamper};
use sigillo::i18n::{Lang, arg, tr, tr_args};

use super::{CliError, CliResult, Ctx, EXIT_OK, Exit};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

#[derive(Debug, clap::Subcommand)]
enum Action {
    /// Show the authority, its options and its trust points.
    Show,
    /// Set the authority's address and options.
    Set {
        /// Its address (https://…); an empty string removes it.
        #[arg(long, value_name = "URL")]
        url: String,
        /// User name, when it asks for one (the password is set with `sigillo tsa password`).
        #[arg(long, value_name = "USER")]
        user: Option<String>,
        /// The policy to ask for (OID), when it has several.
        #[arg(long, value_name = "OID")]
        policy: Option<String>,
        /// Timestamp every dossier exported from the window.
        #[arg(long)]
        dossiers: bool,
        /// Timestamp the register's head once a day (after a sync, or with `audit --stamp`).
        #[arg(long)]
        daily: bool,
    },
    /// Keep the authority's password in the OS keyring (read from standard input, or asked).
    Password {
        /// Read it from standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Trust the time-stamping authorities of this PEM/DER file.
    Trust {
        /// The certificate file.
        file: PathBuf,
    },
    /// Stop trusting the authority certificate whose SHA-256 fingerprint starts with this.
    Untrust {
        /// Fingerprint (or its start).
        fingerprint: String,
    },
}

/// The profile's trust points for authorities, or why not.
pub fn profile_anchors(ctx: &Ctx) -> CliResult<Vec<openssl::x509::X509>> {
    let Some(profile) = sigillo::profile::resolve(ctx.profile.as_deref()) else {
        return Ok(Vec::new());
    };
    settings::load_anchors(&profile).map_err(|e| unreadable(ctx.lang, &e))
}

/// The configured authority, ready to be asked, or why not.
pub fn stamper(ctx: &Ctx) -> CliResult<Stamper> {
    let config = config_dir(ctx.profile.as_deref());
    let profile = sigillo::profile::resolve(ctx.profile.as_deref());
    let (Some(config), Some(profile)) = (config, profile) else {
        return Err(CliError::new(
            Exit::Refused,
            timestamp_error_text(ctx.lang, &timestamp::TimestampError::NotConfigured),
        ));
    };
    Stamper::configured(&config, &profile, &Keyring::system()).map_err(|e| {
        CliError::new(
            Exit::Refused,
            tr_args(
                ctx.lang,
                "cli-timestamp-unusable",
                &[("reason", arg(timestamp_error_text(ctx.lang, &e)))],
            ),
        )
    })
}

/// A settings or trust-point file that cannot be used, as the engine says it.
fn unreadable(lang: Lang, e: &SettingsError) -> CliError {
    CliError::new(Exit::Unreadable, settings_error_text(lang, e))
}

pub fn run(args: Args, ctx: &Ctx) -> CliResult {
    let lang = ctx.lang;
    let (Some(config), Some(profile)) = (
        config_dir(ctx.profile.as_deref()),
        sigillo::profile::resolve(ctx.profile.as_deref()),
    ) else {
        return Err(CliError::new(
            Exit::Unreadable,
            tr(lang, "cli-tsa-no-profile"),
        ));
    };
    let mut current = TsaSettings::load(&config).map_err(|e| unreadable(lang, &e))?;
    match args.action {
        Action::Show => {
            if current.is_configured() {
                outln!(
                    "{}",
                    tr_args(lang, "cli-tsa-url", &[("url", arg(&current.url))])
                );
            } else {
                outln!("{}", tr(lang, "ts-error-not-configured"));
            }
            if let Some(user) = &current.username {
                outln!("{}", tr_args(lang, "cli-tsa-user", &[("user", arg(user))]));
            }
            outln!(
                "{}",
                tr_args(
                    lang,
                    "cli-tsa-options",
                    &[
                        ("dossiers", arg(yes_no(lang, current.dossiers))),
                        ("daily", arg(yes_no(lang, current.register_daily))),
                    ]
                )
            );
            let anchors = settings::load_anchors(&profile).map_err(|e| unreadable(lang, &e))?;
            if anchors.is_empty() {
                outln!("{}", tr(lang, "ts-error-no-anchors"));
            }
            for a in anchors {
                let info = sigillo::verify::certinfo::cert_info(&a);
                outln!("  {}  {}", &info.sha256[..16], info.subject);
            }
            Ok(EXIT_OK)
        }
        Action::Set {
            url,
            user,
            policy,
            dossiers,
            daily,
        } => {
            super::refuse_if_read_only(ctx.profile.as_deref(), lang)?;
            let url = url.trim().to_owned();
            if !(url.is_empty() || url.starts_with("https://") || url.starts_with("http://")) {
                return Err(CliError::new(
                    Exit::Refused,
                    timestamp_error_text(lang, &timestamp::TimestampError::BadUrl(url)),
                ));
            }
            current.url = url;
            current.username = user.filter(|u| !u.is_empty());
            current.policy = policy.filter(|p| !p.is_empty());
            current.dossiers = dossiers;
            current.register_daily = daily;
            current.save(&config).map_err(|e| unreadable(lang, &e))?;
            outln!("{}", tr(lang, "cli-tsa-saved"));
            Ok(EXIT_OK)
        }
        Action::Password { password_stdin } => {
            let secret = if password_stdin {
                super::password::read_stdin(lang)?
            } else {
                super::password::prompt(lang, &current.url)?
            };
            Keyring::system()
                .set(settings::KEYRING_KEY, &secret)
                .map_err(|e| CliError::new(Exit::Unreadable, secret_error_text(lang, &e)))?;
            outln!("{}", tr(lang, "cli-tsa-password-saved"));
            Ok(EXIT_OK)
        }
        Action::Trust { file } => {
            super::refuse_if_read_only(ctx.profile.as_deref(), lang)?;
            for info in settings::add_anchor(&profile, &file).map_err(|e| unreadable(lang, &e))? {
                outln!(
                    "{}",
                    tr_args(lang, "cli-tsa-trusted", &[("subject", arg(info.subject))])
                );
            }
            Ok(EXIT_OK)
        }
        Action::Untrust { fingerprint } => {
            super::refuse_if_read_only(ctx.profile.as_deref(), lang)?;
            let info = settings::remove_anchor(&profile, &fingerprint)
                .map_err(|e| unreadable(lang, &e))?
                .ok_or_else(|| {
                    CliError::new(
                        Exit::Refused,
                        tr_args(
                            lang,
                            "cli-tsa-no-such-anchor",
                            &[("fingerprint", arg(&fingerprint))],
                        ),
                    )
                })?;
            outln!(
                "{}",
                tr_args(lang, "cli-tsa-untrusted", &[("subject", arg(info.subject))])
            );
            Ok(EXIT_OK)
        }
    }
}

fn yes_no(lang: sigillo::i18n::Lang, b: bool) -> String {
    tr(lang, if b { "cli-tsa-yes" } else { "cli-tsa-no" })
}
