//! `sigillo sync [--account A] [--watch]`: downloads new mail of every account (or one) into
//! the store, with progress on stderr, then checks the provider signatures of what arrived.
//! With `--watch` it keeps going: new mail is pushed by IDLE when the server offers it, else
//! polled; network errors are retried with a growing pause.

use std::io::IsTerminal;
use std::sync::Arc;
use std::time::{Duration, Instant};

use sigillo::account::{Account, AccountBook, AccountError, Keyring, config_dir};
use sigillo::i18n::{
    Lang, account_error_text, arg, num, sync_error_text, sync_event_text, tr_args,
};
use sigillo::net::sync::{SyncEvent, SyncOptions, sync_once, watch};
use sigillo::store::Store;

use super::{Ctx, EXIT_NETWORK, EXIT_OK, EXIT_REFUSED, EXIT_STORE, EXIT_UNREADABLE, password};

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

pub fn run(args: Args, ctx: &Ctx) -> u8 {
    let lang = ctx.lang;
    // A sync writes into the store: refused on a read-only profile before anything is asked.
    if let Err(code) = super::refuse_if_read_only(ctx.profile.as_deref(), lang) {
        return code;
    }
    let Some(dir) = config_dir(ctx.profile.as_deref()) else {
        errln!(
            "sigillo: {}",
            account_error_text(lang, &AccountError::NoConfigDir)
        );
        return EXIT_UNREADABLE;
    };
    let book = match AccountBook::load(&dir) {
        Ok(b) => b,
        Err(e) => {
            errln!("sigillo: {}", account_error_text(lang, &e));
            return EXIT_UNREADABLE;
        }
    };
    let accounts: Vec<Account> = match &args.account {
        Some(id) => match book.get(id) {
            Some(a) => vec![a.clone()],
            None => {
                errln!(
                    "sigillo: {}",
                    account_error_text(lang, &AccountError::NotFound(id.clone()))
                );
                return EXIT_REFUSED;
            }
        },
        None => book.accounts.clone(),
    };
    if accounts.is_empty() {
        errln!("sigillo: {}", sigillo::i18n::tr(lang, "cli-account-none"));
        return EXIT_REFUSED;
    }
    if args.password_stdin && accounts.len() > 1 {
        errln!(
            "sigillo: {}",
            sigillo::i18n::tr(lang, "cli-error-account-needed")
        );
        return EXIT_REFUSED;
    }
    let keyring = Keyring::system();
    let mut passwords = Vec::new();
    for a in &accounts {
        match password::for_account(lang, &keyring, a, args.password_stdin) {
            Ok(p) => passwords.push(p),
            Err(code) => return code,
        }
    }
    let trust = match ctx.trust_list(super::Stopped::Sync) {
        Ok(t) => Arc::new(t),
        Err(code) => return code,
    };
    let profile = match sigillo::store::resolve_profile_dir(ctx.profile.as_deref()) {
        Ok(p) => p,
        Err(e) => {
            ctx.store_error(&e);
            return EXIT_STORE;
        }
    };
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
        return codes.into_iter().max().unwrap_or(EXIT_OK);
    }

    let mut store = match ctx.open_store() {
        Ok(s) => s,
        Err(code) => return code,
    };
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
    match ctx.verify_pending(&mut store, &trust) {
        Ok(n) if n > 0 => outln!(
            "  {:<34} {}",
            format!("{}:", sigillo::i18n::tr(lang, "cli-import-verified")),
            n
        ),
        Ok(_) => {}
        Err(c) => return c,
    }
    drop(store);
    // The register's head, timestamped once a day when the settings ask for it.
    super::audit::stamp_if_due(ctx);
    code
}
