//! Headless commands on the same engine as the app. Each subcommand lives in its own module and
//! returns its exit code, or why it stopped ([`CliError`], printed here, once).
//!
//! Text for a person goes out through [`outln!`] and [`errln!`] (or a
//! [`sigillo::terminal::SafeOutput`]): control and bidirectional characters from messages,
//! certificates and file names are escaped there, so they can never redraw the terminal. JSON
//! and a message's raw bytes go out exact.

/// `println!` for text meant for a person: control and bidi characters are escaped
/// ([`sigillo::terminal::escape_text`]).
macro_rules! outln {
    () => {
        $crate::cli::write_text(&mut std::io::stdout(), "")
    };
    ($($arg:tt)*) => {
        $crate::cli::write_text(&mut std::io::stdout(), &format!($($arg)*))
    };
}

/// `eprintln!` for text meant for a person: control and bidi characters are escaped.
macro_rules! errln {
    () => {
        $crate::cli::write_text(&mut std::io::stderr(), "")
    };
    ($($arg:tt)*) => {
        $crate::cli::write_text(&mut std::io::stderr(), &format!($($arg)*))
    };
}

mod account;
mod audit;
mod backup;
mod delete;
mod error;
mod export;
pub mod fattura;
mod import;
mod inspect;
mod list;
pub mod p7m;
mod password;
mod reindex;
mod repair;
mod search;
mod send;
mod show;
mod sync;
mod timeline;
mod trust;
mod tsa;
mod verify;
mod verify_dossier;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
pub use error::{CliError, CliResult, Exit};
use sigillo::i18n::{Lang, arg, tr_args};
use sigillo::store::{self, Store};
use sigillo::terminal::escape_line;

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
    /// Copy every readable message of a damaged store into a new one (the damaged file is kept).
    Repair(repair::Args),
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
    /// Check the store against its sealed register: bytes, signatures, chain, timestamps.
    Audit(audit::Args),
    /// Delete stored messages (what proof goes is said first, and asked).
    Delete(delete::Args),
    /// The time-stamping authority (marca temporale) for dossiers and the register.
    Tsa(tsa::Args),
    /// Back up the profile (messages, settings, trust; never passwords) to a ZIP archive.
    Backup(backup::BackupArgs),
    /// Restore a backup into a profile (checked first; never over a profile silently).
    Restore(backup::RestoreArgs),
}

/// What every command needs besides its own arguments.
pub struct Ctx {
    /// Output language.
    pub lang: Lang,
    /// `--profile`, if given.
    pub profile: Option<PathBuf>,
}

impl Ctx {
    /// Opens the store to write into it, or says why not. A store that can only be read
    /// (read-only media, no write permission, found damaged) is refused with words, before
    /// anything is done.
    pub fn open_store(&self) -> CliResult<Store> {
        let store = self.open_any_store()?;
        store.writable()?;
        Ok(store)
    }

    /// Opens the store, for reading or writing as the profile allows.
    fn open_any_store(&self) -> CliResult<Store> {
        let dir = store::resolve_profile_dir(self.profile.as_deref())?;
        Ok(Store::open(&dir)?)
    }

    /// Opens the store for reading. Says once on stderr when it is open read-only (and why),
    /// and when some messages still wait for their analysis (they are missing from the
    /// results): being analysed by another process right now, or left by an interrupted run.
    pub fn open_store_for_reading(&self) -> CliResult<Store> {
        let store = self.open_any_store()?;
        match store.read_only() {
            Some(store::ReadOnly::Media) => errln!(
                "sigillo: {}",
                tr_args(
                    self.lang,
                    "cli-read-only-note",
                    &[("path", arg(store.profile_dir().display().to_string()))]
                )
            ),
            Some(store::ReadOnly::Damaged(detail)) => errln!(
                "sigillo: {}",
                tr_args(
                    self.lang,
                    "cli-damaged-note",
                    &[("detail", arg(detail.as_str()))]
                )
            ),
            None => {}
        }
        if let Ok(p) = store.pending_by_owner() {
            if p.in_progress > 0 {
                let pids = if p.processes.is_empty() {
                    sigillo::i18n::tr(self.lang, "cli-process-unknown")
                } else {
                    p.processes
                        .iter()
                        .map(|p| format!("PID {p}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                errln!(
                    "sigillo: {}",
                    tr_args(
                        self.lang,
                        "cli-pending-busy-note",
                        &[
                            ("count", sigillo::i18n::num(p.in_progress)),
                            ("pids", arg(pids))
                        ]
                    )
                );
            }
            if p.outdated > 0 {
                errln!(
                    "sigillo: {}",
                    tr_args(
                        self.lang,
                        "cli-outdated-note",
                        &[("count", sigillo::i18n::num(p.outdated))]
                    )
                );
            }
            if p.interrupted > 0 {
                errln!(
                    "sigillo: {}",
                    tr_args(
                        self.lang,
                        "cli-pending-note",
                        &[("count", sigillo::i18n::num(p.interrupted))]
                    )
                );
            }
        }
        Ok(store)
    }

    /// The profile's trust list (built-in anchors when the profile has none of its own), or,
    /// when it cannot be loaded, why and that `stopped` did nothing. A command that checks
    /// signatures never runs without its trust list: a check that cannot run is a failure,
    /// not a skip.
    pub fn trust_list(&self, stopped: Stopped) -> CliResult<sigillo::verify::TrustList> {
        self.load_trust_list().map_err(|e| {
            let folder = sigillo::profile::resolve(self.profile.as_deref())
                .map(|d| sigillo::verify::trust::trust_dir(&d).display().to_string())
                .unwrap_or_default();
            CliError::new(
                Exit::Unreadable,
                sigillo::i18n::trust_error_text(self.lang, &e),
            )
            .with_detail(tr_args(
                self.lang,
                "cli-trust-unusable",
                &[("command", arg(stopped.as_str())), ("folder", arg(folder))],
            ))
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

    /// Checks the provider signature of every message not yet verified against `trust`, with
    /// progress on a terminal; returns how many were checked.
    pub fn verify_pending(
        &self,
        store: &mut Store,
        trust: &sigillo::verify::TrustList,
    ) -> CliResult<usize> {
        use std::io::IsTerminal;
        let tty = std::io::stderr().is_terminal();
        let lang = self.lang;
        let mut progress = progress_line(lang, "cli-verify-progress");
        let n = store.verify_pending(trust, chrono::Utc::now(), &mut progress)?;
        if tty && n > 0 {
            errln!();
        }
        Ok(n)
    }
}

/// Refuses (with words, exit code [`EXIT_STORE`]) a command that writes to the profile
/// (accounts, trust list, sync) when the profile cannot be written.
pub fn refuse_if_read_only(profile: Option<&std::path::Path>, lang: Lang) -> CliResult<()> {
    let Some(dir) = sigillo::profile::resolve(profile) else {
        return Ok(());
    };
    if sigillo::profile::is_read_only(&dir) {
        return Err(CliError::new(
            Exit::Store,
            tr_args(
                lang,
                "cli-error-read-only",
                &[("path", arg(dir.display().to_string()))],
            ),
        ));
    }
    Ok(())
}

/// What a command did not do because its trust list could not be loaded (for the sentence
/// that says so).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stopped {
    /// `import`: nothing was stored.
    Import,
    /// `sync`: nothing was downloaded.
    Sync,
    /// `send`: nothing was sent.
    Send,
    /// `reindex`: nothing was recomputed.
    Reindex,
    /// `export`: nothing was written.
    Export,
    /// `verify`, `verify-dossier`: nothing was checked.
    Verify,
}

impl Stopped {
    /// The selector of `cli-trust-unusable`.
    pub fn as_str(self) -> &'static str {
        match self {
            Stopped::Import => "import",
            Stopped::Sync => "sync",
            Stopped::Send => "send",
            Stopped::Reindex => "reindex",
            Stopped::Export => "export",
            Stopped::Verify => "verify",
        }
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
    let result = match cli.command {
        Some(Command::Inspect(args)) => inspect::run(args, lang),
        Some(Command::Verify(args)) => verify::run(args, ctx.profile.clone(), lang),
        Some(Command::Trust(args)) => trust::run(args, ctx.profile.clone(), lang),
        Some(Command::Import(args)) => import::run(args, &ctx),
        Some(Command::List(args)) => list::run(args, &ctx),
        Some(Command::Show(args)) => show::run(args, &ctx),
        Some(Command::Timeline(args)) => timeline::run(args, &ctx),
        Some(Command::Search(args)) => search::run(args, &ctx),
        Some(Command::Reindex(args)) => reindex::run(args, &ctx),
        Some(Command::Repair(args)) => repair::run(args, &ctx),
        Some(Command::P7m(args)) => p7m::run(args, ctx.profile.clone(), lang),
        Some(Command::Fattura(args)) => fattura::run(args, ctx.profile.clone(), lang),
        Some(Command::Export(args)) => export::run(args, &ctx),
        Some(Command::VerifyDossier(args)) => verify_dossier::run(args, &ctx),
        Some(Command::Account(args)) => account::run(args, &ctx),
        Some(Command::Sync(args)) => sync::run(args, &ctx),
        Some(Command::Send(args)) => send::run(args, &ctx),
        Some(Command::Audit(args)) => audit::run(args, &ctx),
        Some(Command::Delete(args)) => delete::run(args, &ctx),
        Some(Command::Tsa(args)) => tsa::run(args, &ctx),
        Some(Command::Backup(args)) => backup::run_backup(args, &ctx),
        Some(Command::Restore(args)) => backup::run_restore(args, &ctx),
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
            crate::gui::run(options).map(|()| EXIT_OK).map_err(|e| {
                CliError::new(
                    Exit::Unreadable,
                    tr_args(lang, "gui-error-window", &[("reason", arg(e.to_string()))]),
                )
            })
        }
    };
    // The one place where why a command stopped is said.
    let code = result.unwrap_or_else(|e| {
        ctx.report(&e);
        e.code()
    });
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

/// Writes one line of text for a person to `out` (stdout or stderr), with control and bidi
/// characters escaped ([`sigillo::terminal::escape_text`]). Errors writing (a closed pipe) are
/// ignored, as `println!` would not be.
pub fn write_text(out: &mut dyn std::io::Write, text: &str) {
    let mut line = sigillo::terminal::escape_text(text).into_owned();
    line.push('\n');
    let _ = out.write_all(line.as_bytes());
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
    // Local time with its offset: a list stamped in several zones reads in one.
    let date = row
        .date
        .map(sigillo::i18n::time_text::local_iso_minutes)
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
        "{:>7}  {}  {:<25}  {:<12}  {}  <{}>  {}",
        row.id,
        date,
        kind,
        sig,
        escape_line(row.subject.as_deref().unwrap_or("-")),
        escape_line(row.counterpart.as_deref().unwrap_or("-")),
        escape_line(&sigillo::i18n::outcome_short(lang, &row.outcome))
    )
}

/// The store id of a message named on the command line: a number is a store id; anything
/// else is its Message-ID (with or without angle brackets; give a Message-ID that is a number
/// in angle brackets). Says what is wrong when none (or several) match.
pub fn resolve_message(store: &store::Store, given: &str, ctx: &Ctx) -> CliResult<i64> {
    let given = given.trim();
    if let Ok(id) = given.parse::<i64>() {
        return Ok(id);
    }
    match store.find_by_message_id(given)?.as_slice() {
        [id] => Ok(*id),
        [] => Err(CliError::new(
            Exit::Unreadable,
            tr_args(ctx.lang, "cli-error-no-message-id", &[("id", arg(given))]),
        )),
        many => {
            let list: Vec<String> = many.iter().map(|i| format!("#{i}")).collect();
            Err(CliError::new(
                Exit::Unreadable,
                tr_args(
                    ctx.lang,
                    "cli-error-message-id-ambiguous",
                    &[("id", arg(given)), ("ids", arg(list.join(", ")))],
                ),
            ))
        }
    }
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

/// A progress line on standard error (`key` with `$done` and `$total`), redrawn in place; it
/// prints nothing when standard error is not a terminal.
pub(crate) fn progress_line(lang: Lang, key: &'static str) -> impl FnMut(usize, usize) {
    use std::io::IsTerminal;
    let tty = std::io::stderr().is_terminal();
    move |done, total| {
        if tty {
            eprint!(
                "\r{}",
                tr_args(
                    lang,
                    key,
                    &[
                        ("done", sigillo::i18n::num(done)),
                        ("total", sigillo::i18n::num(total))
                    ]
                )
            );
        }
    }
}
