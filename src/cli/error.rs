//! The command line's one error type. A command that cannot go on returns a [`CliError`]
//! (usually through `?`): what kind of failure it is (its exit code), one sentence saying what
//! went wrong and, sometimes, lines that say more. The dispatcher prints it once, on standard
//! error and in the user's language, and exits with its code.
//!
//! The engine's typed errors convert with `From` and keep their type until they are printed:
//! a store error needs the profile to be said well (where the disk is full, which database to
//! repair), which only the dispatcher's [`Ctx`] knows.

use sigillo::account::AccountError;
use sigillo::account::text::account_error_text;
use sigillo::backup::BackupError;
use sigillo::export::ExportError;
use sigillo::i18n::{Lang, arg, tr_args};
use sigillo::net::compose::ComposeError;
use sigillo::net::send::SendError;
use sigillo::net::text::{compose_error_text, send_error_text};
use sigillo::store::{self, StoreError};

use super::Ctx;

/// What kind of failure stopped a command; each has its exit code (the codes are documented
/// with the `EXIT_*` constants in the parent module).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// A check did not hold.
    NotValid,
    /// Some input could not be read.
    Unreadable,
    /// The store could not be opened, read or written.
    Store,
    /// A server could not be used.
    Network,
    /// The request breaks a rule or names something unknown.
    Refused,
    /// A message may have been sent: check for its acceptance receipt before sending again.
    Uncertain,
}

impl Exit {
    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            Exit::NotValid => super::EXIT_NOT_VALID,
            Exit::Unreadable => super::EXIT_UNREADABLE,
            Exit::Store => super::EXIT_STORE,
            Exit::Network => super::EXIT_NETWORK,
            Exit::Refused => super::EXIT_REFUSED,
            Exit::Uncertain => super::EXIT_UNCERTAIN,
        }
    }
}

/// Why a command stopped: its kind (exit code), what went wrong, and what more there is to
/// say. Printed once, by the dispatcher. Boxed: it travels through every `?` of a command,
/// and the engine's errors inside are large.
#[derive(Debug)]
pub struct CliError(Box<Parts>);

#[derive(Debug)]
struct Parts {
    exit: Exit,
    summary: Summary,
    details: Vec<String>,
}

/// The sentence that says what went wrong: already in the user's language, or an engine error
/// said when it is printed.
#[derive(Debug)]
enum Summary {
    /// Nothing to say (the reason was already shown, or there is no one to tell: a closed
    /// pipe).
    Nothing,
    /// A sentence in the user's language.
    Text(String),
    Store(StoreError),
    Account(AccountError),
    Compose(ComposeError),
    Send(SendError),
    Export(ExportError),
    Backup(BackupError),
}

/// What a command returns: its exit code when it ran to the end (a check that did not hold,
/// or some inputs that could not be read, are results, said in the output), or why it stopped.
pub type CliResult<T = u8> = Result<T, CliError>;

impl CliError {
    fn of(exit: Exit, summary: Summary) -> Self {
        CliError(Box::new(Parts {
            exit,
            summary,
            details: Vec::new(),
        }))
    }

    /// A failure said by `summary`, a sentence already in the user's language.
    pub fn new(exit: Exit, summary: impl Into<String>) -> Self {
        Self::of(exit, Summary::Text(summary.into()))
    }

    /// A failure with nothing more to say: only its exit code.
    pub fn quiet(exit: Exit) -> Self {
        Self::of(exit, Summary::Nothing)
    }

    /// Adds a line (in the user's language) said after the summary.
    pub fn with_detail(mut self, line: impl Into<String>) -> Self {
        self.0.details.push(line.into());
        self
    }

    /// The process exit code.
    pub fn code(&self) -> u8 {
        self.0.exit.code()
    }

    /// The lines to print, in the user's language, summary first.
    pub fn lines(&self, ctx: &Ctx) -> Vec<String> {
        let lang = ctx.lang;
        let summary = match &self.0.summary {
            Summary::Nothing => None,
            Summary::Text(t) => Some(t.clone()),
            Summary::Store(e) => Some(ctx.store_error_text(e)),
            Summary::Account(e) => Some(account_error_text(lang, e)),
            Summary::Compose(e) => Some(compose_error_text(lang, e)),
            Summary::Send(e) => Some(send_error_text(lang, e)),
            Summary::Export(e) => Some(export_failed_text(lang, e)),
            Summary::Backup(e) => Some(super::backup::backup_error_text(lang, e)),
        };
        summary
            .into_iter()
            .chain(self.0.details.iter().cloned())
            .collect()
    }

    /// The store error inside, if this is one.
    fn store_error(&self) -> Option<&StoreError> {
        match &self.0.summary {
            Summary::Store(e) => Some(e),
            _ => None,
        }
    }
}

impl Ctx {
    /// Prints why a command stopped, on standard error; a store found damaged is marked so
    /// that no later run writes into it.
    pub fn report(&self, e: &CliError) {
        if let Some(e) = e.store_error() {
            self.mark_if_damaged(e);
        }
        for line in e.lines(self) {
            errln!("sigillo: {line}");
        }
    }

    /// Prints a store error met in the middle of work that goes on (one message of several).
    pub fn store_error(&self, e: &StoreError) {
        self.mark_if_damaged(e);
        errln!("sigillo: {}", self.store_error_text(e));
    }

    /// A damaged store found in the middle of work is marked: no later run writes into it.
    fn mark_if_damaged(&self, e: &StoreError) {
        if Self::is_unnamed_damage(e)
            && let Ok(dir) = store::resolve_profile_dir(self.profile.as_deref())
        {
            store::mark_damaged(&dir, &e.to_string());
        }
    }

    /// Damage that no [`StoreError`] variant names (found by SQLite in the middle of work).
    fn is_unnamed_damage(e: &StoreError) -> bool {
        !e.is_disk_full()
            && !matches!(
                e,
                StoreError::ReadOnly { .. }
                    | StoreError::ReadOnlyOlder { .. }
                    | StoreError::NeedsRepair { .. }
                    | StoreError::InUse { .. }
            )
            && e.is_damage()
    }

    /// A store error in words the user can act on (see [`store::text::store_error_text`]).
    pub fn store_error_text(&self, e: &StoreError) -> String {
        let dir = store::resolve_profile_dir(self.profile.as_deref()).ok();
        store::text::store_error_text(self.lang, e, dir.as_deref())
    }
}

/// "The export failed: REASON", in the user's language.
fn export_failed_text(lang: Lang, e: &ExportError) -> String {
    tr_args(
        lang,
        "cli-export-failed",
        &[(
            "reason",
            arg(sigillo::export::text::export_error_text(lang, e)),
        )],
    )
}

impl From<StoreError> for CliError {
    fn from(e: StoreError) -> Self {
        CliError::of(Exit::Store, Summary::Store(e))
    }
}

impl From<AccountError> for CliError {
    /// The settings file that cannot be found, read or written is input that cannot be read;
    /// everything else is a request refused (an unknown or duplicate account, a bad value).
    fn from(e: AccountError) -> Self {
        let exit = match e {
            AccountError::NoConfigDir | AccountError::Io { .. } | AccountError::Invalid { .. } => {
                Exit::Unreadable
            }
            _ => Exit::Refused,
        };
        CliError::of(exit, Summary::Account(e))
    }
}

impl From<ComposeError> for CliError {
    /// A message that breaks a rule: nothing was sent.
    fn from(e: ComposeError) -> Self {
        CliError::of(Exit::Refused, Summary::Compose(e))
    }
}

impl From<SendError> for CliError {
    fn from(e: SendError) -> Self {
        let exit = match e {
            SendError::Compose(_) => Exit::Refused,
            SendError::Net(_) => Exit::Network,
            SendError::Store(_) | SendError::StoreUnavailable(_) => Exit::Store,
            SendError::Uncertain { .. } => Exit::Uncertain,
        };
        CliError::of(exit, Summary::Send(e))
    }
}

impl From<ExportError> for CliError {
    fn from(e: ExportError) -> Self {
        let exit = match e {
            ExportError::Store(_) => Exit::Store,
            _ => Exit::Unreadable,
        };
        CliError::of(exit, Summary::Export(e))
    }
}

impl From<BackupError> for CliError {
    fn from(e: BackupError) -> Self {
        let exit = match e {
            BackupError::Store(_) | BackupError::NoDatabase(_) => Exit::Store,
            BackupError::NotIntact(_) => Exit::NotValid,
            BackupError::Exists(_) | BackupError::ProfileExists(_) => Exit::Refused,
            _ => Exit::Unreadable,
        };
        CliError::of(exit, Summary::Backup(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(lang: Lang) -> Ctx {
        Ctx {
            lang,
            profile: Some(std::path::PathBuf::from("/nonexistent/sigillo-profile")),
        }
    }

    #[test]
    fn exit_codes_are_the_documented_ones() {
        let all = [
            (Exit::NotValid, 1),
            (Exit::Unreadable, 2),
            (Exit::Store, 3),
            (Exit::Network, 4),
            (Exit::Refused, 5),
            (Exit::Uncertain, 6),
        ];
        for (exit, code) in all {
            assert_eq!(exit.code(), code, "{exit:?}");
        }
    }

    #[test]
    fn an_unknown_account_is_refused_and_an_unreadable_settings_file_is_unreadable() {
        let unknown = CliError::from(AccountError::NotFound("studio".into()));
        assert_eq!(unknown.code(), Exit::Refused.code());
        let lines = unknown.lines(&ctx(Lang::En));
        assert_eq!(lines.len(), 1);
        assert!(lines[0].contains("studio"), "{lines:?}");
        let broken = CliError::from(AccountError::Invalid {
            path: "accounts.toml".into(),
            detail: "line 1".into(),
        });
        assert_eq!(broken.code(), Exit::Unreadable.code());
    }

    #[test]
    fn a_store_error_is_said_in_the_users_language_with_its_details_after() {
        let e = CliError::from(StoreError::InUse {
            pids: "PID 42".into(),
        })
        .with_detail("second line");
        assert_eq!(e.code(), 3);
        let it = e.lines(&ctx(Lang::It));
        let en = e.lines(&ctx(Lang::En));
        assert_eq!(it.len(), 2);
        assert!(it[0].contains("PID 42") && en[0].contains("PID 42"));
        assert_ne!(it[0], en[0], "the summary is translated");
        assert_eq!(it[1], "second line");
    }

    #[test]
    fn a_quiet_error_says_nothing_but_keeps_its_code() {
        let e = CliError::quiet(Exit::Store);
        assert!(e.lines(&ctx(Lang::En)).is_empty());
        assert_eq!(e.code(), 3);
    }
}
