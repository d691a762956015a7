//! Headless commands on the same engine as the app. Each subcommand lives in its own module and
//! returns the process exit code.

mod fattura;
mod inspect;
mod p7m;
mod trust;
mod verify;

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use sigillo::i18n::Lang;

/// Sigillo: a desktop client for Italian certified email (PEC).
#[derive(Debug, Parser)]
#[command(name = "sigillo", version, about, long_about = None)]
pub struct Cli {
    /// Language of the output: `it` or `en` (default: from the system locale).
    #[arg(long, global = true, value_name = "LANG")]
    lang: Option<String>,

    /// Profile folder (store, trust list, settings); default: the OS data folder.
    #[arg(long, global = true, value_name = "DIR")]
    profile: Option<std::path::PathBuf>,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Classify PEC messages (.eml files): kind, receipt type, certification data, warnings.
    Inspect(inspect::Args),
    /// Check provider signatures at signing time against the trust list.
    Verify(verify::Args),
    /// Manage the certificate authorities trusted to vouch for PEC providers.
    Trust(trust::Args),
    /// Signed documents (.p7m, CAdES): verify every signature, extract the document.
    P7m(p7m::Args),
    /// Electronic invoices (FatturaPA) and SdI messages.
    Fattura(fattura::Args),
}

/// Exit code: every input was read.
pub const EXIT_OK: u8 = 0;
/// Exit code: a check did not hold (used by verify commands).
pub const EXIT_NOT_VALID: u8 = 1;
/// Exit code: some input could not be read.
pub const EXIT_UNREADABLE: u8 = 2;

/// Parses the command line and runs the command.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let lang = cli
        .lang
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or_else(Lang::from_env);
    let code = match cli.command {
        Some(Command::Inspect(args)) => inspect::run(args, lang),
        Some(Command::Verify(args)) => verify::run(args, cli.profile, lang),
        Some(Command::Trust(args)) => trust::run(args, cli.profile, lang),
        Some(Command::P7m(args)) => p7m::run(args, cli.profile, lang),
        Some(Command::Fattura(args)) => fattura::run(args, cli.profile, lang),
        None => {
            use clap::CommandFactory;
            let _ = Cli::command().print_help();
            EXIT_OK
        }
    };
    ExitCode::from(code)
}

/// "cannot read PATH: REASON", in the user's language.
pub fn read_error(lang: Lang, path: &std::path::Path, e: &std::io::Error) -> String {
    sigillo::i18n::tr_args(
        lang,
        "cli-error-read",
        &[
            ("path", sigillo::i18n::arg(path.display().to_string())),
            ("reason", sigillo::i18n::arg(e.to_string())),
        ],
    )
}
