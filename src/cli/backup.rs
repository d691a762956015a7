//! `sigillo backup --out FILE` and `sigillo restore FILE [--replace]`: a consistent copy of
//! the profile while the app may be running (the database by SQLite's online backup, every
//! other profile and settings file, a MANIFEST of hashes; never a password), and its
//! restoration, checked whole before anything is written, never over a profile silently.

use std::io::IsTerminal;
use std::path::PathBuf;

use sigillo::backup::{self, BackupError, Stage};
use sigillo::i18n::{arg, num, tr, tr_args};

use super::{CliError, CliResult, Ctx, EXIT_OK, Exit};

#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    /// The archive to write (a new .zip file).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct RestoreArgs {
    /// The backup archive.
    #[arg(value_name = "FILE")]
    archive: PathBuf,
    /// Only check the archive; restore nothing.
    #[arg(long)]
    check: bool,
    /// Replace the profile if it exists (it is moved aside under a dated name, not deleted).
    #[arg(long)]
    replace: bool,
}

fn progress(lang: sigillo::i18n::Lang) -> impl FnMut(Stage, usize, usize) {
    let tty = std::io::stderr().is_terminal();
    move |stage, done, total| {
        if tty {
            let key = match stage {
                Stage::Database => "cli-backup-progress-db",
                Stage::Files => "cli-backup-progress-files",
            };
            eprint!(
                "\r{}   ",
                tr_args(lang, key, &[("done", num(done)), ("total", num(total))])
            );
        }
    }
}

/// A backup error in the user's language.
pub fn backup_error_text(lang: sigillo::i18n::Lang, e: &BackupError) -> String {
    match e {
        BackupError::Exists(p) => tr_args(
            lang,
            "export-error-exists",
            &[("path", arg(p.display().to_string()))],
        ),
        BackupError::ProfileExists(p) => tr_args(
            lang,
            "backup-error-profile-exists",
            &[("path", arg(p.display().to_string()))],
        ),
        BackupError::NotIntact(why) => {
            tr_args(lang, "backup-error-not-intact", &[("reason", arg(why))])
        }
        other => tr_args(lang, "backup-error", &[("reason", arg(other.to_string()))]),
    }
}

pub fn run_backup(args: BackupArgs, ctx: &Ctx) -> CliResult {
    let lang = ctx.lang;
    let profile = profile_dir(ctx)?;
    let config = sigillo::account::config_dir(ctx.profile.as_deref());
    let mut on = progress(lang);
    let result = backup::backup(&profile, config.as_deref(), &args.out, &mut on);
    if std::io::stderr().is_terminal() {
        errln!();
    }
    let s = result?;
    outln!(
        "{}",
        tr_args(
            lang,
            "cli-backup-done",
            &[
                ("path", arg(s.path.display().to_string())),
                ("files", num(s.files)),
                ("messages", num(s.messages)),
            ]
        )
    );
    if let Some((seq, hash)) = &s.head {
        outln!(
            "{}",
            tr_args(
                lang,
                "cli-backup-head",
                &[("seq", arg(seq.to_string())), ("hash", arg(hash))]
            )
        );
    }
    outln!("{}", tr(lang, "cli-backup-no-passwords"));
    Ok(EXIT_OK)
}

pub fn run_restore(args: RestoreArgs, ctx: &Ctx) -> CliResult {
    let lang = ctx.lang;
    if args.check {
        let (messages, _) = backup::check(&args.archive)?;
        outln!(
            "{}",
            tr_args(lang, "cli-restore-checked", &[("messages", num(messages))])
        );
        return Ok(EXIT_OK);
    }
    let profile = profile_dir(ctx)?;
    let config = sigillo::account::config_dir(ctx.profile.as_deref());
    let mut on = progress(lang);
    let result = backup::restore(
        &args.archive,
        &profile,
        config.as_deref(),
        args.replace,
        &mut on,
    );
    if std::io::stderr().is_terminal() {
        errln!();
    }
    let s = result?;
    outln!(
        "{}",
        tr_args(
            lang,
            "cli-restore-done",
            &[
                ("path", arg(s.profile.display().to_string())),
                ("files", num(s.files)),
                ("messages", num(s.messages)),
            ]
        )
    );
    if let Some(p) = &s.previous {
        outln!(
            "{}",
            tr_args(
                lang,
                "cli-restore-previous",
                &[("path", arg(p.display().to_string()))]
            )
        );
    }
    for p in &s.config_kept {
        outln!(
            "{}",
            tr_args(
                lang,
                "cli-restore-config-kept",
                &[("path", arg(p.display().to_string()))]
            )
        );
    }
    outln!("{}", tr(lang, "cli-restore-passwords"));
    Ok(EXIT_OK)
}

/// The profile folder to back up or restore into, or why there is none.
fn profile_dir(ctx: &Ctx) -> CliResult<PathBuf> {
    sigillo::profile::resolve(ctx.profile.as_deref())
        .ok_or_else(|| CliError::new(Exit::Unreadable, tr(ctx.lang, "cli-tsa-no-profile")))
}
