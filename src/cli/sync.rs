//! `sigillo sync [--account A] [--watch]`: downloads new mail of every account (or one) into
//! the store, with progress on stderr, then checks the provider signatures of what arrived.
//! With `--watch` it keeps going: new mail is pushed by IDLE when the server offers it, else
//! polled; network errors are retried with a growing pause.

use std::io::IsTerminal;
use std::sync::Arc;
use std::time::{Duration, Instant};

use sigillo::account::{Account, AccountBook, AccountError, Keyring, config_dir};
use sigillo::i18n::{Lang, arg, num, tr_args};
use sigillo::net::sync::{SyncEvent, SyncOptions, sync_once, watch};
use sigillo::net::text::{sync_error_text, sync_event_text};
use sigillo::store::Store;

use super::{CliError, CliResult, Ctx, EXIT_NETWORK, EXIT_OK, EXIT_STORE, Exit, password};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this account.
    #[arg(long)]
    account: Option<String>,
    /// Keep syncing: wait for new mail and reconnect after errors (Ctrl-C to stop).
    #[arg(long)]
    watch: bool,
    /// Read the password from the first line of standard input (one account only).
    #[arg(long)]
    password_stdin: bool,
}

/// Prints progress: every line on a terminal (overwriting), a line every few seconds else.
fn progress(lang: Lang) -> impl FnMut(SyncEvent) + Send {
    let tty = std::io::stderr().is_terminal();
    let mut last = Instant::now() - Duration::from_secs(60);
    move |e: SyncEvent| {
        let line = sync_event_text(lang, &e);
        match e {
            SyncEvent::Stored { done, total, .. } => {
                if tty {
                    eprint!("\r{line}   ");
                    if done == total {
                        errln!();
                    }
                } else if last.elapsed() > Duration::from_secs(5) || done == total {
                    last = Instant::now();
                    errln!("{line}");
                }
            }
            _ => errln!("{line}"),
        }
    }
}

pub fn run(args: Args, ctx: &Ctx) -> CliResult {
    let lang = ctx.lang;
    // A sync writes into the store: refused on a read-only profile before anything is asked.
    super::refuse_if_read_only(ctx.profile.as_deref(), lang)?;
    let dir = config_dir(ctx.profile.as_deref()).ok_or(AccountError::NoConfigDir)?;
    let book = AccountBook::load(&dir)?;
    let accounts: Vec<Account> = match &args.account {
        Some(id) => vec![
            book.get(id)
                .cloned()
                .ok_or_else(|| AccountError::NotFound(id.clone()))?,
        ],
        None => book.accounts.clone(),
    };
    if accounts.is_empty() {
        return Err(CliError::new(
            Exit::Refused,
            sigillo::i18n::tr(lang, "cli-account-none"),
        ));
    }
    if args.password_stdin && accounts.len() > 1 {
        return Err(CliError::new(
            Exit::Refused,
            sigillo::i18n::tr(lang, "cli-error-account-needed"),
        ));
    }
    let keyring = Keyring::system();
    let passwords = accounts
        .iter()
        .map(|a| password::for_account(lang, &keyring, a, args.password_stdin))
        .collect::<CliResult<Vec<_>>>()?;
    let trust = Arc::new(ctx.trust_list(super::Stopped::Sync)?);
    let profile = sigillo::store::resolve_profile_dir(ctx.profile.as_deref())?;
    let rt = super::runtime();
    if args.watch {
        let opts = SyncOptions {
            verify_with: Some(trust),
            ..SyncOptions::default()
        };
        let runs = accounts.iter().zip(&passwords).map(|(a, pw)| {
            let opts = opts.clone();
            let profile = profile.clone();
            async move {
                let mut store = match Store::open(&profile) {
                    Ok(s) => s,
                    Err(e) => {
                        ctx.store_error(&e);
                        return EXIT_STORE;
                    }
                };
                let mut on = progress(lang);
                let e = watch(&mut store, a, pw, &opts, &mut on).await;
                errln!(
                    "sigillo: {}",
                    tr_args(
                        lang,
                        "sync-failed",
                        &[
                            ("account", arg(&a.id)),
                            ("reason", arg(sync_error_text(lang, &e)))
                        ]
                    )
                );
                EXIT_NETWORK
            }
        });
        let codes = rt.block_on(futures_util::future::join_all(runs));
        return Ok(codes.into_iter().max().unwrap_or(EXIT_OK));
    }

    let mut store = ctx.open_store()?;
    let mut code = EXIT_OK;
    for (a, pw) in accounts.iter().zip(&passwords) {
        let mut on = progress(lang);
        match rt.block_on(sync_once(
            &mut store,
            a,
            pw,
            &SyncOptions::default(),
            &mut on,
        )) {
            Ok(s) => {
                outln!(
                    "{}",
                    tr_args(
                        lang,
                        "cli-sync-summary",
                        &[
                            ("account", arg(&a.id)),
                            ("fetched", num(s.fetched)),
                            ("new", num(s.new_messages)),
                        ]
                    )
                );
                if s.seen_set_on_server > 0 {
                    outln!(
                        "{}",
                        tr_args(
                            lang,
                            "cli-sync-seen",
                            &[
                                ("account", arg(&a.id)),
                                ("count", num(s.seen_set_on_server))
                            ]
                        )
                    );
                }
                if s.deleted_on_server > 0 {
                    outln!(
                        "{}",
                        tr_args(
                            lang,
                            "cli-sync-deleted",
                            &[("account", arg(&a.id)), ("count", num(s.deleted_on_server))]
                        )
                    );
                }
            }
            Err(e) => {
                errln!(
                    "sigillo: {}",
                    tr_args(
                        lang,
                        "sync-failed",
                        &[
                            ("account", arg(&a.id)),
                            ("reason", arg(sync_error_text(lang, &e)))
                        ]
                    )
                );
                code = code.max(match e {
                    sigillo::net::sync::SyncError::Store(_) => EXIT_STORE,
                    _ => EXIT_NETWORK,
                });
            }
        }
    }
    let verified = ctx.verify_pending(&mut store, &trust)?;
    if verified > 0 {
        outln!(
            "  {:<34} {}",
            format!("{}:", sigillo::i18n::tr(lang, "cli-import-verified")),
            verified
        );
    }
    drop(store);
    // The register's head, timestamped once a day when the settings ask for it.
    super::audit::stamp_if_due(ctx);
    Ok(code)
}
