//! Handing a file to the program the system associates with its type: `ShellExecuteW` on
//! Windows (never `cmd /C start`, whose command line would run `x&calc&.pdf`), `open` on macOS,
//! `xdg-open` elsewhere. The path is passed as one argument, never through a shell.

use std::path::Path;
#[cfg(not(windows))]
use std::time::{Duration, Instant};

/// Why the system did not open a file.
#[derive(Debug, thiserror::Error)]
pub enum SystemOpenError {
    /// The opener program could not be started.
    #[error("{program} cannot be started: {source}")]
    Start {
        /// `xdg-open` or `open`.
        program: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The opener ended with an error (usually: no program is set for this type).
    #[error("{program} ended with code {code}")]
    Failed {
        /// `xdg-open`, `open` or `ShellExecuteW`.
        program: String,
        /// Its exit code, or the error code ShellExecuteW returned.
        code: i64,
    },
}

/// How long to wait for the opener's own verdict; after that it is taken as started (some
/// openers stay until the program they started ends).
#[cfg(not(windows))]
const VERDICT_WAIT: Duration = Duration::from_secs(3);

/// Opens `path` with the program associated with its type.
#[cfg(windows)]
pub fn open(path: &Path) -> Result<(), SystemOpenError> {
    super::windows::shell_open(path).map_err(|code| SystemOpenError::Failed {
        program: "ShellExecuteW".to_owned(),
        code,
    })
}

/// Opens `path` with the program associated with its type.
#[cfg(not(windows))]
pub fn open(path: &Path) -> Result<(), SystemOpenError> {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    run_opener(std::ffi::OsStr::new(program), path)
}

/// Runs `program` with `path` as its only argument (no shell), and waits a little for its
/// verdict.
#[cfg(not(windows))]
fn run_opener(program: &std::ffi::OsStr, path: &Path) -> Result<(), SystemOpenError> {
    let name = || program.to_string_lossy().into_owned();
    let mut child = std::process::Command::new(program)
        .arg(path)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|source| SystemOpenError::Start {
            program: name(),
            source,
        })?;
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(status)) => {
                return Err(SystemOpenError::Failed {
                    program: name(),
                    code: status.code().map_or(-1, i64::from),
                });
            }
            Ok(None) if started.elapsed() < VERDICT_WAIT => {
                std::thread::sleep(Duration::from_millis(25))
            }
            // Still running: it started the program. A thread reaps it when it ends.
            Ok(None) | Err(_) => {
                std::thread::spawn(move || child.wait());
                return Ok(());
            }
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    /// A stand-in for xdg-open that writes each argument it got on a line of `log`.
    fn recorder(dir: &Path, exit: i32) -> std::path::PathBuf {
        use std::os::unix::fs::PermissionsExt;
        let log = dir.join("args.log");
        let script = dir.join("opener");
        std::fs::write(
            &script,
            format!(
                "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\" >> '{}'; done\nexit {exit}\n",
                log.display()
            ),
        )
        .unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o700)).unwrap();
        script
    }

    #[test]
    fn the_path_is_one_argument_and_no_shell_reads_it() {
        let dir = tempfile::tempdir().unwrap();
        let opener = recorder(dir.path(), 0);
        for name in [
            "x&calc&.pdf",
            "a;touch pwned;.pdf",
            "$(touch pwned).pdf",
            "`touch pwned`.pdf",
            "a|touch pwned.pdf",
            "a b  c.pdf",
            "-n.pdf",
        ] {
            let _ = std::fs::remove_file(dir.path().join("args.log"));
            let path = dir.path().join(name);
            std::fs::write(&path, b"%PDF-1.4").unwrap();
            run_opener(opener.as_os_str(), &path).unwrap();
            let log = std::fs::read_to_string(dir.path().join("args.log")).unwrap();
            assert_eq!(log, format!("{}\n", path.display()), "{name}");
            assert!(!dir.path().join("pwned").exists(), "{name} ran a command");
        }
    }

    #[test]
    fn an_opener_that_fails_is_an_error_with_its_code() {
        let dir = tempfile::tempdir().unwrap();
        let opener = recorder(dir.path(), 3);
        let path = dir.path().join("x.pdf");
        std::fs::write(&path, b"%PDF-1.4").unwrap();
        match run_opener(opener.as_os_str(), &path) {
            Err(SystemOpenError::Failed { code: 3, .. }) => {}
            other => panic!("{other:?}"),
        }
        let missing = dir.path().join("no-such-opener");
        assert!(matches!(
            run_opener(missing.as_os_str(), &path),
            Err(SystemOpenError::Start { .. })
        ));
    }
}
