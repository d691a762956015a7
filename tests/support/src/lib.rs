//! Shared helpers for Sigillo's integration tests (dev-only): the command line run as a user
//! runs it, the real corpus, dossiers, signed fixtures made with OpenSSL, the Dovecot exchange
//! and the keyring session. One crate, so every test binary uses the same copy and the
//! compiler checks it once.

use std::path::PathBuf;

pub mod cli;
pub mod corpus;
pub mod dossier;
pub mod exchange;
pub mod fattura;
pub mod flips;
pub mod handmade;
pub mod keyring_session;
pub mod net;
pub mod notification;
pub mod qes;
pub mod reliability;
pub mod store_checks;

/// The folder cargo builds this profile into (`target/debug`): the running test binary sits
/// in its `deps` folder.
fn profile_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the running test binary's path");
    let mut dir = exe.parent().expect("the test binary's folder").to_owned();
    if dir.ends_with("deps") {
        dir.pop();
    }
    dir
}

/// The `sigillo` binary cargo built for this test run. Cargo names it to the integration
/// tests it compiles (`CARGO_BIN_EXE_sigillo`), not to a library like this one: it is found
/// beside the running test binary's `deps` folder.
pub fn sigillo_bin() -> PathBuf {
    if let Some(p) = std::env::var_os("CARGO_BIN_EXE_sigillo") {
        return p.into();
    }
    let bin = profile_dir().join(format!("sigillo{}", std::env::consts::EXE_SUFFIX));
    assert!(
        bin.is_file(),
        "{} is missing: run the tests through cargo, which builds it first",
        bin.display()
    );
    bin
}

/// Cargo's scratch folder for integration tests (`target/tmp`, what `CARGO_TARGET_TMPDIR`
/// names to the tests it compiles).
pub fn target_tmp() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_TMPDIR") {
        Some(p) => p.into(),
        None => {
            let profile = profile_dir();
            profile.parent().unwrap_or(&profile).join("tmp")
        }
    }
}
