//! The `sigillo` binary: the desktop app and, with a subcommand, the command line.

pub(crate) mod cli;
mod gui;

fn main() -> std::process::ExitCode {
    cli::run()
}
