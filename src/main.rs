//! The `sigillo` binary: the desktop app and, with a subcommand, the command line.

pub(crate) mod cli;
mod gui;
#[cfg(windows)]
mod win32;

fn main() -> std::process::ExitCode {
    cli::run()
}
