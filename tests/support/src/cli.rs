//! The `sigillo` binary as the command-line tests run it.

use std::path::Path;
use std::process::{Command, Output, Stdio};

/// `sigillo --profile PROFILE` in the C locale, with no language or profile inherited from the
/// environment (the words come out in Italian, the default).
pub fn sigillo_c_locale(profile: &Path) -> Command {
    let mut c = Command::new(crate::sigillo_bin());
    c.env_remove("SIGILLO_LANG")
        .env_remove("SIGILLO_PROFILE")
        .env("LANG", "C.UTF-8")
        .arg("--profile")
        .arg(profile);
    c
}

/// `sigillo --profile PROFILE --lang en`, reading nothing and with its output captured.
pub fn sigillo_en(profile: &Path) -> Command {
    let mut c = Command::new(crate::sigillo_bin());
    c.arg("--profile")
        .arg(profile)
        .arg("--lang")
        .arg("en")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

/// A finished run in words, for assertion messages: exit code, standard output and error.
pub fn run_text(o: &Output) -> String {
    format!(
        "exit {:?}\nstdout: {}\nstderr: {}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}
