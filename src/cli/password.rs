//! Getting an account's password for one command: from standard input (`--password-stdin`,
//! for scripts), else from the OS keyring, else by asking on the terminal without echo. It is
//! never printed, logged or written anywhere.

use std::io::{BufRead, IsTerminal};

use sigillo::account::text::secret_error_text;
use sigillo::account::{Account, Keyring, Secret};
use sigillo::i18n::{Lang, arg, tr, tr_args};

use super::{CliError, CliResult, Exit};

/// Reads one line of standard input as the password (the line break is not part of it).
pub fn read_stdin(lang: Lang) -> CliResult<Secret> {
    let mut line = String::new();
    if std::io::stdin().lock().read_line(&mut line).is_err() || line.is_empty() {
        return Err(empty(lang));
    }
    let trimmed = line.trim_end_matches(['\n', '\r']).to_owned();
    // Wipe the buffer copy.
    let mut bytes = line.into_bytes();
    bytes.fill(0);
    std::hint::black_box(&bytes);
    if trimmed.is_empty() {
        return Err(empty(lang));
    }
    Ok(Secret::new(trimmed))
}

/// Asks on the terminal, without echo.
pub fn prompt(lang: Lang, address: &str) -> CliResult<Secret> {
    let p = format!(
        "{} ",
        tr_args(lang, "cli-password-prompt", &[("address", arg(address))])
    );
    match rpassword::prompt_password(p) {
        Ok(s) if !s.is_empty() => Ok(Secret::new(s)),
        _ => Err(empty(lang)),
    }
}

/// True when a person can be asked (a terminal is attached).
pub fn can_prompt() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// The password of an account for this command.
pub fn for_account(
    lang: Lang,
    keyring: &Keyring,
    account: &Account,
    from_stdin: bool,
) -> CliResult<Secret> {
    if from_stdin {
        return read_stdin(lang);
    }
    if keyring.is_available() {
        match keyring.get(&account.keyring_key) {
            Ok(Some(s)) => return Ok(s),
            Ok(None) => {}
            Err(e) => errln!("sigillo: {}", secret_error_text(lang, &e)),
        }
    } else if let Some(reason) = keyring.unavailable_reason() {
        errln!(
            "sigillo: {}",
            tr_args(lang, "keyring-unavailable", &[("reason", arg(reason))])
        );
    }
    if can_prompt() {
        return prompt(lang, &account.address);
    }
    Err(CliError::new(
        Exit::Unreadable,
        tr_args(lang, "cli-password-missing", &[("id", arg(&account.id))]),
    ))
}

/// No password was given.
fn empty(lang: Lang) -> CliError {
    CliError::new(Exit::Unreadable, tr(lang, "cli-password-empty"))
}
