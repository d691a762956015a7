//! Tests whose outcome depends on how real processes overlap in time, each run alone: SIGKILL
//! at random points of `sigillo import` and `sigillo sync` (the delays are drawn from a full
//! run measured first, and at least a given number of kills must land mid-way), and a backup
//! that must be taken while a sync is still writing. Another test running beside one of them
//! would slow one process and not the other and change what is measured, so every test here
//! holds [`one_at_a_time`] for its whole run: one binary (one link), the same timing as a
//! process of its own.

use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::{Mutex, MutexGuard};

use sigillo::net::tls::Fingerprint;
use sigillo_test_provider::dovecot::Dovecot;

use sigillo_test_support as support;

mod backup_restore;
mod store_crash;
mod sync_crash;

/// Held by each test of this binary while it runs, so that none runs beside another.
pub fn one_at_a_time() -> MutexGuard<'static, ()> {
    static ALONE: Mutex<()> = Mutex::new(());
    // A test that failed while holding it poisons it; the next still runs alone.
    ALONE.lock().unwrap_or_else(|p| p.into_inner())
}

/// Runs `sigillo` (a command on a profile, without its arguments) to add the account `arch` of
/// `user` on `d`'s IMAPS port, the server's certificate pinned and no connection test, the
/// password given on standard input.
pub fn add_pinned_account(mut sigillo: Command, d: &Dovecot, user: &str, password: &str) {
    let fp = Fingerprint::of_certificate(&d.cert_pem())
        .unwrap()
        .to_string();
    let incoming = format!("localhost:{}", d.imaps_port());
    let mut add = sigillo
        .args([
            "account",
            "add",
            "--id",
            "arch",
            "--address",
            user,
            "--incoming",
            &incoming,
            "--smtp",
            "localhost:1",
            "--pin-incoming",
            &fp,
            "--pin-smtp",
            &fp,
            "--no-test",
            "--password-stdin",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    add.stdin
        .take()
        .unwrap()
        .write_all(format!("{password}\n").as_bytes())
        .unwrap();
    let add = add.wait_with_output().unwrap();
    assert!(
        add.status.success(),
        "account add: {}",
        String::from_utf8_lossy(&add.stderr)
    );
}
