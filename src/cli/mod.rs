//! Headless commands on the same engine as the app. Each subcommand lives in its own module and
//! returns the process exit code.

mod account;
mod export;
pub mod fattura;
mod import;
mod inspect;
mod list;
pub mod p7m;
mod password;
mod reindex;
mod search;
mod send;
mod show;
mod sync;
mod timeline;
mod trust;
mod verify;
mod verify_dossier;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use sigillo::i18n::{Lang, arg, tr_args};
use sigillo::store::{self, Store};

/// Sigillo: a desktop client for Italian certified email (PEC).
#[derive(Debug, Parser)]
#[command(name = "sigillo", version, about, long_about = None)]
pub struct Cli {
    /// Language of the output: `it` or `en` (default: from the system locale).
    #[arg(long, global = true, value_name = "LANG")]
    lang: Option<String>,

    /// Profile folder holding the store, trust list and settings (default: SIGILLO_PROFILE,
    /// else the user's data folder).
    #[arg(long, global = true, value_name = "DIR")]
    profile: Option<PathBuf>,

    /// Open the built-in demo mailbox (the app opens it by itself when no account exists).
    #[arg(long)]
    demo: bool,

    /// Print the time until a frame showing message rows was drawn, then quit (for benchmarks).
    #[arg(long, hide = true)]
    rows_drawn_and_quit: bool,

    /// Once the rows are drawn, scroll the whole message list a page at a time, print how long
    /// it took, then quit (for benchmarks).
    #[arg(long, hide = true)]
    scroll_all_and_quit: bool,

    /// Open the window on this screen: mailbox, timeline, compose, settings (for screenshots).
    #[arg(long, hide = true, value_name = "SCREEN")]
    screen: Option<String>,

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
    /// Import .eml files, folders of them, mbox files and Maildir folders into the store.
    Import(import::Args),
    /// List stored messages, newest first.
    List(list::Args),
    /// Show one stored message (or its exact bytes with --raw).
    Show(show::Args),
    /// The per-recipient timeline of every sent PEC.
    Timeline(timeline::Args),
    /// Full-text search over the store.
    Search(search::Args),
    /// Recompute everything derived from the stored bytes.
    Reindex(reindex::Args),
    /// Signed documents (.p7m, CAdES): verify every signature, extract the document.
    P7m(p7m::Args),
    /// Electronic invoices (FatturaPA) and SdI messages.
    Fattura(fattura::Args),
    /// Export a message (or a selection, or a date range) as a dossier of legal proof.
    Export(export::Args),
    /// Check an exported dossier: every hash, every signature at signing time.
    VerifyDossier(verify_dossier::Args),
    /// PEC accounts: add, list, remove, test (passwords only in the OS keyring).
    Account(account::Args),
    /// Download new mail (IMAPS/POP3S) into the store, then check signatures.
    Sync(sync::Args),
    /// Send a PEC message (To and Cc only; the receipt type is chosen with --receipt).
    Send(send::Args),
}

/// What every command needs besides its own arguments.
pub struct Ctx {
    /// Output language.
    pub lang: Lang,
    /// `--profile`, if given.
    pub profile: Option<PathBuf>,
}

impl Ctx {
    /// Opens the store, or prints why not and returns the exit code.
    pub fn open_store(&self) -> Result<Store, u8> {
        let dir = store::resolve_profile_dir(self.profile.as_deref()).map_err(|e| {
            self.store_error(&e);
            EXIT_STORE
        })?;
        Store::open(&dir).map_err(|e| {
            self.store_error(&e);
            EXIT_STORE
        })
    }

    /// Opens the store for reading; says on stderr when some messages still wait for their
    /// analysis (an interrupted import or reindex), since they are missing from the results.
    pub fn open_store_for_reading(&self) -> Result<Store, u8> {
        let store = self.open_store()?;
        if let Ok(n) = store.pending_analysis()
            && n > 0
        {
            eprintln!(
                "sigillo: {}",
                tr_args(
                    self.lang,
                    "cli-pending-note",
                    &[("count", sigillo::i18n::num(n))]
                )
            );
        }
        Ok(store)
    }

    /// The profile's trust list (built-in anchors when the profile has none of its own).
    pub fn trust_list(&self) -> Result<sigillo::verify::TrustList, u8> {
        self.load_trust_list().map_err(|e| {
            eprintln!(
                "sigillo: {}",
                sigillo::i18n::trust_error_text(self.lang, &e)
            );
            EXIT_UNREADABLE
        })
    }

    /// The trust list, or why it cannot be read (nothing printed).
    pub fn load_trust_list(
        &self,
    ) -> Result<sigillo::verify::TrustList, sigillo::verify::TrustError> {
        match sigillo::profile::resolve(self.profile.as_deref()) {
            Some(dir) => sigillo::verify::TrustList::load(&dir),
            None => Ok(sigillo::verify::TrustList::builtin()),
        }
    }

    /// Checks the provider signature of every message not yet verified, with progress on a
    /// terminal; returns how many were checked.
    pub fn verify_pending(&self, store: &mut Store) -> Result<usize, u8> {
        use std::io::IsTerminal;
        let trust = self.trust_list()?;
        let tty = std::io::stderr().is_terminal();
        let lang = self.lang;
        let mut progress = |done: usize, total: usize| {
            if tty {
                eprint!(
                    "\r{}",
                    tr_args(
                        lang,
                        "cli-verify-progress",
                        &[
                            ("done", sigillo::i18n::num(done)),
                            ("total", sigillo::i18n::num(total))
                        ]
                    )
                );
            }
        };
        let n = store
            .verify_pending(&trust, chrono::Utc::now(), &mut progress)
            .map_err(|e| {
                self.store_error(&e);
                EXIT_STORE
            })?;
        if tty && n > 0 {
            eprintln!();
        }
        Ok(n)
    }

    /// Prints a store error (a full disk in words the user can act on).
    pub fn store_error(&self, e: &store::StoreError) {
        if e.is_disk_full() {
            let path = store::resolve_profile_dir(self.profile.as_deref())
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            eprintln!(
                "sigillo: {}",
                tr_args(self.lang, "cli-error-disk-full", &[("path", arg(path))])
            );
            return;
        }
        eprintln!(
            "sigillo: {}",
            tr_args(
                self.lang,
                "cli-error-store",
                &[("reason", arg(e.to_string()))]
            )
        );
    }
}

/// Exit code: every input was read.
pub const EXIT_OK: u8 = 0;
/// Exit code: a check did not hold (used by verify commands).
pub const EXIT_NOT_VALID: u8 = 1;
/// Exit code: some input could not be read.
pub const EXIT_UNREADABLE: u8 = 2;
/// Exit code: the store could not be opened, read or written.
pub const EXIT_STORE: u8 = 3;
/// Exit code: a server could not be used (connection, certificate, login, refusal).
pub const EXIT_NETWORK: u8 = 4;
/// Exit code: the request breaks a rule or names something unknown (Bcc, size, no such
/// account, invalid settings).
pub const EXIT_REFUSED: u8 = 5;
/// Exit code: the connection broke after a message was handed over: it may have been sent.
/// Do not send it again before checking for its acceptance receipt.
pub const EXIT_UNCERTAIN: u8 = 6;

/// The async runtime of network commands (one thread: the work is waiting on the network).
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
}

/// Parses the command line and runs the command.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let lang = cli
        .lang
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or_else(Lang::from_env);
    let ctx = Ctx {
        lang,
        profile: cli.profile,
    };
    let code = match cli.command {
        Some(Command::Inspect(args)) => inspect::run(args, lang),
        Some(Command::Verify(args)) => verify::run(args, ctx.profile.clone(), lang),
        Some(Command::Trust(args)) => trust::run(args, ctx.profile.clone(), lang),
        Some(Command::Import(args)) => import::run(args, &ctx),
        Some(Command::List(args)) => list::run(args, &ctx),
        Some(Command::Show(args)) => show::run(args, &ctx),
        Some(Command::Timeline(args)) => timeline::run(args, &ctx),
        Some(Command::Search(args)) => search::run(args, &ctx),
        Some(Command::Reindex(args)) => reindex::run(args, &ctx),
        Some(Command::P7m(args)) => p7m::run(args, ctx.profile.clone(), lang),
        Some(Command::Fattura(args)) => fattura::run(args, ctx.profile.clone(), lang),
        Some(Command::Export(args)) => export::run(args, &ctx),
        Some(Command::VerifyDossier(args)) => verify_dossier::run(args, &ctx),
        Some(Command::Account(args)) => account::run(args, &ctx),
        Some(Command::Sync(args)) => sync::run(args, &ctx),
        Some(Command::Send(args)) => send::run(args, &ctx),
        None => {
            #[cfg(windows)]
            if !cli.rows_drawn_and_quit && !cli.scroll_all_and_quit {
                crate::win32::prepare_desktop_app();
            }
            let options = crate::gui::Options {
                profile: ctx.profile.clone(),
                demo: cli.demo,
                bench: if cli.scroll_all_and_quit {
                    Some(crate::gui::Bench::ScrollAll)
                } else if cli.rows_drawn_and_quit {
                    Some(crate::gui::Bench::RowsDrawn)
                } else {
                    None
                },
                screen: cli.screen.clone(),
            };
            match crate::gui::run(options) {
                Ok(()) => EXIT_OK,
                Err(e) => {
                    eprintln!(
                        "sigillo: {}",
                        tr_args(lang, "gui-error-window", &[("reason", arg(e.to_string()))])
                    );
                    EXIT_UNREADABLE
                }
            }
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

/// Prints a JSON value, pretty.
pub fn print_json(value: &serde_json::Value) {
    use std::io::Write;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let _ = writeln!(
        out,
        "{}",
        serde_json::to_string_pretty(value).unwrap_or_default()
    );
}

/// One listing line: id, date, kind, subject, sender, signature.
pub fn row_line(row: &store::MessageRow, lang: Lang) -> String {
    let date = row
        .date
        .map(|d| d.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|| "-".into());
    let kind = row
        .kind
        .map(|k| k.as_str().to_owned())
        .unwrap_or_else(|| sigillo::i18n::tr(lang, "cli-pending"));
    let sig = row
        .signature
        .map(|s| s.as_str().to_owned())
        .unwrap_or_else(|| sigillo::i18n::tr(lang, "cli-unverified"));
    format!(
        "{:>7}  {}  {:<25}  {:<12}  {}  <{}>",
        row.id,
        date,
        kind,
        sig,
        row.subject.as_deref().unwrap_or("-"),
        row.sender.as_deref().unwrap_or("-")
    )
}

/// Parses a kind for `--kind`.
pub fn parse_kind(s: &str) -> Result<sigillo::pec::PecKind, String> {
    sigillo::pec::PecKind::parse(s).ok_or_else(|| {
        let all: Vec<&str> = sigillo::pec::PecKind::ALL
            .iter()
            .map(|k| k.as_str())
            .collect();
        all.join(", ")
    })
}

/// Parses a timeline state for `--state`.
pub fn parse_state(s: &str) -> Result<sigillo::pec::timeline::RecipientState, String> {
    sigillo::pec::timeline::RecipientState::parse(s).ok_or_else(|| {
        let all: Vec<&str> = sigillo::pec::timeline::RecipientState::ALL
            .iter()
            .map(|k| k.as_str())
            .collect();
        all.join(", ")
    })
}
