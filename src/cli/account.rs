//! `sigillo account add|list|remove|test|pin|presets`: PEC accounts. Settings go to the
//! accounts file in the configuration folder; the password only to the OS keyring (when there
//! is none, it is asked each time and never saved).

use std::io::{BufRead, Write};

use sigillo::account::presets::{self, PRESETS, Preset, preset_for_address};
use sigillo::account::text::{preset_status_label, preset_why_text, secret_error_text};
use sigillo::account::{
    Account, AccountBook, AccountError, Incoming, Keyring, Secret, ServerConfig, config_dir,
};
use sigillo::i18n::{Lang, arg, num, tr, tr_args};
use sigillo::net::NetError;
use sigillo::net::check::{CheckReport, check_account};
use sigillo::net::text::net_error_text;
use sigillo::net::tls::{Fingerprint, Security, Timeouts};

use super::{CliError, CliResult, Ctx, EXIT_NETWORK, EXIT_OK, Exit, password};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Debug, clap::Subcommand)]
enum Cmd {
    /// Add an account (asks for what is missing when run on a terminal).
    Add(Box<AddArgs>),
    /// List the accounts.
    List {
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
    /// Remove an account and its keyring entry (downloaded messages stay in the store).
    Remove {
        /// The account.
        id: String,
    },
    /// Test the connection of an account: DNS, TCP, certificate, login, inbox, SMTP.
    Test {
        /// The account.
        id: String,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Pin a server's certificate (its SHA-256 fingerprint) for an account.
    Pin {
        /// The account.
        id: String,
        /// Fingerprint for the incoming (IMAP/POP3) server.
        #[arg(long, value_name = "SHA256")]
        incoming: Option<String>,
        /// Fingerprint for the SMTP server.
        #[arg(long, value_name = "SHA256")]
        outgoing: Option<String>,
    },
    /// The provider presets, with their sources and what is still to check.
    Presets,
}

#[derive(Debug, clap::Args)]
struct AddArgs {
    /// Short name of the account (letters, digits, '-', '_', '.').
    #[arg(long)]
    id: Option<String>,
    /// The PEC address.
    #[arg(long)]
    address: Option<String>,
    /// Provider preset (see `sigillo account presets`); default: found from the address.
    #[arg(long)]
    preset: Option<String>,
    /// Receive with IMAP (default) or POP3.
    #[arg(long, value_parser = ["imap", "pop3"])]
    protocol: Option<String>,
    /// Incoming server, HOST or HOST:PORT (overrides the preset).
    #[arg(long, value_name = "HOST[:PORT]")]
    incoming: Option<String>,
    /// Outgoing SMTP server, HOST or HOST:PORT (overrides the preset).
    #[arg(long, value_name = "HOST[:PORT]")]
    smtp: Option<String>,
    /// Use STARTTLS (not direct TLS) for the incoming server.
    #[arg(long)]
    starttls_incoming: bool,
    /// Use STARTTLS (port 587 style) for SMTP.
    #[arg(long)]
    starttls_smtp: bool,
    /// Pin the incoming server's certificate (SHA-256 fingerprint).
    #[arg(long, value_name = "SHA256")]
    pin_incoming: Option<String>,
    /// Pin the SMTP server's certificate (SHA-256 fingerprint).
    #[arg(long, value_name = "SHA256")]
    pin_smtp: Option<String>,
    /// Login name (default: the address).
    #[arg(long)]
    login: Option<String>,
    /// Name shown beside the address.
    #[arg(long)]
    name: Option<String>,
    /// The Sent folder (default: found on the server).
    #[arg(long)]
    sent_folder: Option<String>,
    /// Do not append sent messages to the Sent folder (the provider does it).
    #[arg(long)]
    no_append_sent: bool,
    /// POP3 only: delete messages from the server this many days after they are stored here
    /// (default: never).
    #[arg(long, value_name = "DAYS")]
    delete_after_days: Option<u32>,
    /// Read the password from the first line of standard input.
    #[arg(long)]
    password_stdin: bool,
    /// Do not test the connection.
    #[arg(long)]
    no_test: bool,
}

pub fn run(args: Args, ctx: &Ctx) -> CliResult {
    let lang = ctx.lang;
    // Adding, removing and pinning write the profile's settings: refused at once on a
    // read-only profile, before anything is asked.
    if matches!(
        args.command,
        Cmd::Add(_) | Cmd::Remove { .. } | Cmd::Pin { .. }
    ) {
        super::refuse_if_read_only(ctx.profile.as_deref(), lang)?;
    }
    let dir = config_dir(ctx.profile.as_deref()).ok_or(AccountError::NoConfigDir)?;
    let mut book = AccountBook::load(&dir)?;
    let save = |book: &AccountBook| -> CliResult<()> { Ok(book.save(&dir)?) };
    match args.command {
        Cmd::Presets => {
            print_presets(lang);
            Ok(EXIT_OK)
        }
        Cmd::List { json } => {
            list(&book, lang, json);
            Ok(EXIT_OK)
        }
        Cmd::Remove { id } => {
            let acc = book.remove(&id)?;
            save(&book)?;
            forget(ctx, &acc);
            outln!(
                "{}",
                tr_args(lang, "cli-account-removed", &[("id", arg(&id))])
            );
            Ok(EXIT_OK)
        }
        Cmd::Test { id, password_stdin } => {
            let acc = find(&book, id)?;
            let pw = password::for_account(lang, &Keyring::system(), &acc, password_stdin)?;
            let report = super::runtime().block_on(check_account(&acc, &pw, Timeouts::default()));
            print_report(lang, &acc, &report);
            Ok(if report.ok() { EXIT_OK } else { EXIT_NETWORK })
        }
        Cmd::Pin {
            id,
            incoming,
            outgoing,
        } => {
            let mut acc = find(&book, id)?;
            for (value, server) in [
                (incoming, &mut acc.incoming_server),
                (outgoing, &mut acc.smtp_server),
            ] {
                if let Some(v) = value {
                    let fp = parse_pin(lang, &v)?;
                    server.pin = Some(fp);
                    say_pinned(lang, &server.host, fp);
                }
            }
            book.update(acc)?;
            save(&book)?;
            Ok(EXIT_OK)
        }
        Cmd::Add(a) => add(*a, ctx, &mut book, &save),
    }
}

/// A copy of the account named `id`, or why not.
fn find(book: &AccountBook, id: String) -> Result<Account, AccountError> {
    book.get(&id).cloned().ok_or(AccountError::NotFound(id))
}

/// After an account was removed: its password leaves the keyring and its sync state the
/// store (its downloaded messages stay). What cannot be done is said, and does not undo the
/// removal.
fn forget(ctx: &Ctx, acc: &Account) {
    let keyring = Keyring::system();
    if keyring.is_available()
        && let Err(e) = keyring.delete(&acc.keyring_key)
    {
        errln!("sigillo: {}", secret_error_text(ctx.lang, &e));
    }
    match ctx.open_store() {
        Ok(mut store) => {
            let _ = store.forget_sync_state(&acc.id);
        }
        Err(e) => ctx.report(&e),
    }
}

/// Says that `host`'s certificate is pinned to `fp`.
fn say_pinned(lang: Lang, host: &str, fp: Fingerprint) {
    outln!(
        "{}",
        tr_args(
            lang,
            "cli-account-pin-set",
            &[("host", arg(host)), ("fingerprint", arg(fp.to_string()))]
        )
    );
}

fn parse_pin(lang: Lang, v: &str) -> CliResult<Fingerprint> {
    Fingerprint::parse(v).ok_or_else(|| {
        CliError::new(
            Exit::Refused,
            tr_args(lang, "cli-error-fingerprint", &[("value", arg(v))]),
        )
    })
}

fn parse_server(lang: Lang, v: &str, default_port: u16) -> CliResult<(String, u16)> {
    let bad = || {
        CliError::new(
            Exit::Refused,
            tr_args(lang, "cli-error-server", &[("value", arg(v))]),
        )
    };
    let v = v.trim();
    let (host, port) = match v.rsplit_once(':') {
        Some((h, p)) => (h, p.parse::<u16>().map_err(|_| bad())?),
        None => (v, default_port),
    };
    if host.is_empty() || host.contains(char::is_whitespace) || port == 0 {
        return Err(bad());
    }
    Ok((host.to_owned(), port))
}

fn ask(lang: Lang, key: &str, args: &[(&str, fluent_bundle::FluentValue<'_>)]) -> Option<String> {
    let mut err = std::io::stderr();
    let _ = write!(err, "{} ", tr_args(lang, key, args));
    let _ = err.flush();
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).ok()?;
    let t = line.trim().to_owned();
    (!t.is_empty()).then_some(t)
}

/// `value`, else asked on a terminal (with the question `key`), else refused naming `flag`.
fn required(
    lang: Lang,
    value: Option<String>,
    key: &str,
    what: &str,
    flag: &str,
) -> CliResult<String> {
    if let Some(v) = value {
        return Ok(v);
    }
    if password::can_prompt()
        && let Some(v) = ask(lang, key, &[])
    {
        return Ok(v);
    }
    Err(CliError::new(
        Exit::Refused,
        tr_args(
            lang,
            "cli-error-missing",
            &[("what", arg(what)), ("flag", arg(flag))],
        ),
    ))
}

/// `account add`: the account is built from a preset or the servers given, checked, saved with
/// its password in the keyring, then its connection is tested (unless `--no-test`).
fn add(
    a: AddArgs,
    ctx: &Ctx,
    book: &mut AccountBook,
    save: &dyn Fn(&AccountBook) -> CliResult<()>,
) -> CliResult {
    let lang = ctx.lang;
    let interactive = password::can_prompt() && !a.password_stdin;
    let id = required(lang, a.id.clone(), "cli-account-ask-id", "id", "--id")?;
    let address = required(
        lang,
        a.address.clone(),
        "cli-account-ask-address",
        "address",
        "--address",
    )?;
    let preset = choose_preset(&a, lang, &address, interactive)?;
    let mut acc = match preset {
        Some(p) => account_from_preset(&a, lang, &id, &address, p),
        None => account_from_servers_given(&a, lang, &id, &address)?,
    };
    if preset.is_some() {
        override_preset_servers(&a, lang, &mut acc)?;
    }
    apply_options(&a, lang, &mut acc)?;
    book.add(acc.clone())?;
    let pw = new_password(&a, lang, &id, &address)?;
    save(book)?;
    outln!(
        "{}",
        tr_args(
            lang,
            "cli-account-added",
            &[("id", arg(&id)), ("address", arg(&address))]
        )
    );
    keep_password(lang, &acc, &pw);
    if a.no_test {
        return Ok(EXIT_OK);
    }
    test_new_account(lang, interactive, acc, &pw, book, save)
}

fn is_pop3(a: &AddArgs) -> bool {
    a.protocol.as_deref() == Some("pop3")
}

/// The preset named by `--preset`, else the one the address belongs to (asked on a terminal
/// when none fits); none when both servers are given.
fn choose_preset(
    a: &AddArgs,
    lang: Lang,
    address: &str,
    interactive: bool,
) -> CliResult<Option<&'static Preset>> {
    let custom = a.incoming.is_some() && a.smtp.is_some();
    Ok(match a.preset.as_deref() {
        Some(p) => {
            Some(presets::preset(p).ok_or_else(|| AccountError::UnknownPreset(p.to_owned()))?)
        }
        None if custom => None,
        None => match preset_for_address(address) {
            Some(p) => Some(p),
            None if interactive => {
                let list: Vec<&str> = PRESETS.iter().map(|p| p.id).collect();
                ask(
                    lang,
                    "cli-account-ask-preset",
                    &[("list", arg(list.join(", ")))],
                )
                .and_then(|p| presets::preset(&p))
            }
            None => None,
        },
    })
}

/// The account a preset describes (its POP3 server with `--protocol pop3`), after saying
/// which preset it is, how sure its data are and where they come from.
fn account_from_preset(
    a: &AddArgs,
    lang: Lang,
    id: &str,
    address: &str,
    p: &'static Preset,
) -> Account {
    outln!(
        "{}",
        tr_args(
            lang,
            "cli-account-preset",
            &[
                ("name", arg(p.name)),
                ("status", arg(preset_status_label(lang, &p.status))),
                ("source", arg(p.source)),
            ]
        )
    );
    if let Some(why) = preset_why_text(lang, p) {
        outln!(
            "{}",
            tr_args(lang, "cli-account-preset-why", &[("why", arg(why))])
        );
    }
    let mut acc = Account::from_preset(id, address, p);
    if is_pop3(a) {
        acc.incoming = Incoming::Pop3;
        acc.incoming_server = ServerConfig {
            host: p.pop3.host.into(),
            port: p.pop3.port,
            security: p.pop3.security,
            pin: None,
        };
    }
    acc
}

/// The account on the servers of `--incoming` and `--smtp` (asked when missing), direct TLS.
fn account_from_servers_given(
    a: &AddArgs,
    lang: Lang,
    id: &str,
    address: &str,
) -> CliResult<Account> {
    let pop3 = is_pop3(a);
    let incoming = required(
        lang,
        a.incoming.clone(),
        "cli-account-ask-incoming",
        "incoming",
        "--incoming",
    )?;
    let smtp = required(
        lang,
        a.smtp.clone(),
        "cli-account-ask-smtp",
        "smtp",
        "--smtp",
    )?;
    let (ih, ip) = parse_server(lang, &incoming, if pop3 { 995 } else { 993 })?;
    let (sh, sp) = parse_server(lang, &smtp, 465)?;
    let server = |host, port| ServerConfig {
        host,
        port,
        security: Security::Tls,
        pin: None,
    };
    Ok(Account::custom(
        id,
        address,
        if pop3 { Incoming::Pop3 } else { Incoming::Imap },
        server(ih, ip),
        server(sh, sp),
    ))
}

/// `--incoming` and `--smtp` over a preset's servers (the preset's port when none is given).
fn override_preset_servers(a: &AddArgs, lang: Lang, acc: &mut Account) -> CliResult<()> {
    if let Some(v) = &a.incoming {
        (acc.incoming_server.host, acc.incoming_server.port) =
            parse_server(lang, v, acc.incoming_server.port)?;
    }
    if let Some(v) = &a.smtp {
        (acc.smtp_server.host, acc.smtp_server.port) = parse_server(lang, v, acc.smtp_server.port)?;
    }
    Ok(())
}

/// STARTTLS, pins, login, name, Sent folder and POP3 deletion as the flags say.
fn apply_options(a: &AddArgs, lang: Lang, acc: &mut Account) -> CliResult<()> {
    if a.starttls_incoming {
        acc.incoming_server.security = Security::StartTls;
    }
    if a.starttls_smtp {
        acc.smtp_server.security = Security::StartTls;
    }
    for (value, server) in [
        (&a.pin_incoming, &mut acc.incoming_server),
        (&a.pin_smtp, &mut acc.smtp_server),
    ] {
        if let Some(v) = value {
            server.pin = Some(parse_pin(lang, v)?);
        }
    }
    if let Some(l) = &a.login {
        acc.login = l.clone();
    }
    acc.display_name = a.name.clone();
    acc.imap.sent_folder = a.sent_folder.clone();
    if a.no_append_sent {
        acc.imap.append_sent = false;
    }
    acc.pop3.delete_after_days = a.delete_after_days;
    Ok(())
}

/// The new account's password: from standard input, else asked; refused when neither can be.
fn new_password(a: &AddArgs, lang: Lang, id: &str, address: &str) -> CliResult<Secret> {
    if a.password_stdin {
        password::read_stdin(lang)
    } else if password::can_prompt() {
        password::prompt(lang, address)
    } else {
        Err(CliError::new(
            Exit::Unreadable,
            tr_args(lang, "cli-password-missing", &[("id", arg(id))]),
        ))
    }
}

/// Keeps the password in the OS keyring; says so, or why not (the account stays: the password
/// is then asked each time).
fn keep_password(lang: Lang, acc: &Account, pw: &Secret) {
    match Keyring::system().set(&acc.keyring_key, pw) {
        Ok(()) => outln!("{}", tr(lang, "cli-account-password-stored")),
        Err(e) => errln!("sigillo: {}", secret_error_text(lang, &e)),
    }
}

/// Tests the new account's connection. On a terminal, a certificate nobody vouches for can be
/// pinned after the user compared it, and the test runs again. A failed test keeps the
/// account (said) and exits with [`EXIT_NETWORK`].
fn test_new_account(
    lang: Lang,
    interactive: bool,
    mut acc: Account,
    pw: &Secret,
    book: &mut AccountBook,
    save: &dyn Fn(&AccountBook) -> CliResult<()>,
) -> CliResult {
    loop {
        errln!(
            "{}",
            tr_args(lang, "cli-account-testing", &[("id", arg(&acc.id))])
        );
        let report = super::runtime().block_on(check_account(&acc, pw, Timeouts::default()));
        print_report(lang, &acc, &report);
        if report.ok() {
            return Ok(EXIT_OK);
        }
        if interactive
            && let Some((host, fp, incoming)) = untrusted_certificate(&report)
            && user_agrees_to_pin(lang, &host)
            && let Some(fp) = Fingerprint::parse(&fp)
        {
            pin_tested_certificate(&mut acc, fp, incoming);
            let _ = book.update(acc.clone());
            save(book)?;
            say_pinned(lang, &host, fp);
            continue;
        }
        errln!(
            "{}",
            tr_args(lang, "cli-account-test-saved", &[("id", arg(&acc.id))])
        );
        return Ok(EXIT_NETWORK);
    }
}

/// The first server whose certificate nobody vouches for: its host, the fingerprint seen, and
/// whether it is the incoming server.
fn untrusted_certificate(report: &CheckReport) -> Option<(String, String, bool)> {
    [
        (report.incoming.as_ref().err(), true),
        (report.smtp.as_ref().err(), false),
    ]
    .into_iter()
    .find_map(|(e, incoming)| match e {
        Some(NetError::CertUntrusted {
            host, fingerprint, ..
        }) => Some((host.clone(), fingerprint.clone(), incoming)),
        _ => None,
    })
}

/// Asks whether to pin `host`'s certificate; yes in Italian or English.
fn user_agrees_to_pin(lang: Lang, host: &str) -> bool {
    ask(lang, "cli-account-ask-pin", &[("host", arg(host))])
        .is_some_and(|r| matches!(r.to_lowercase().as_str(), "s" | "si" | "sì" | "y" | "yes"))
}

/// Pins `fp` on the server it was seen on (on both when one host serves both).
fn pin_tested_certificate(acc: &mut Account, fp: Fingerprint, incoming: bool) {
    let server = if incoming {
        &mut acc.incoming_server
    } else {
        &mut acc.smtp_server
    };
    server.pin = Some(fp);
    if acc.smtp_server.host == acc.incoming_server.host {
        acc.smtp_server.pin = Some(fp);
        acc.incoming_server.pin = Some(fp);
    }
}

fn print_report(lang: Lang, acc: &Account, r: &CheckReport) {
    let proto = match acc.incoming {
        Incoming::Imap => "IMAP",
        Incoming::Pop3 => "POP3",
    };
    match &r.incoming {
        Ok(info) => outln!(
            "{}",
            tr_args(
                lang,
                "cli-check-incoming-ok",
                &[
                    ("protocol", arg(proto)),
                    ("host", arg(&acc.incoming_server.host)),
                    ("folders", num(info.folders)),
                    ("messages", num(info.inbox_messages as usize)),
                ]
            )
        ),
        Err(e) => outln!(
            "{}",
            tr_args(
                lang,
                "cli-check-incoming-failed",
                &[
                    ("protocol", arg(proto)),
                    ("host", arg(&acc.incoming_server.host)),
                    ("reason", arg(net_error_text(lang, e))),
                ]
            )
        ),
    }
    match &r.smtp {
        Ok(()) => outln!(
            "{}",
            tr_args(
                lang,
                "cli-check-smtp-ok",
                &[("host", arg(&acc.smtp_server.host))]
            )
        ),
        Err(e) => outln!(
            "{}",
            tr_args(
                lang,
                "cli-check-smtp-failed",
                &[
                    ("host", arg(&acc.smtp_server.host)),
                    ("reason", arg(net_error_text(lang, e))),
                ]
            )
        ),
    }
}

fn list(book: &AccountBook, lang: Lang, json: bool) {
    let keyring = Keyring::system();
    let password_state = |acc: &Account| -> &'static str {
        if !keyring.is_available() {
            return "unavailable";
        }
        match keyring.get(&acc.keyring_key) {
            Ok(Some(_)) => "keyring",
            Ok(None) => "missing",
            Err(_) => "unavailable",
        }
    };
    if json {
        let arr: Vec<serde_json::Value> = book
            .accounts
            .iter()
            .map(|a| {
                serde_json::json!({
                    "id": a.id,
                    "address": a.address,
                    "login": a.login,
                    "preset": a.preset,
                    "incoming": {
                        "protocol": match a.incoming { Incoming::Imap => "imap", Incoming::Pop3 => "pop3" },
                        "host": a.incoming_server.host,
                        "port": a.incoming_server.port,
                        "security": a.incoming_server.security,
                        "pin": a.incoming_server.pin,
                    },
                    "smtp": {
                        "host": a.smtp_server.host,
                        "port": a.smtp_server.port,
                        "security": a.smtp_server.security,
                        "pin": a.smtp_server.pin,
                    },
                    "pop3_delete_after_days": a.pop3.delete_after_days,
                    "password": password_state(a),
                })
            })
            .collect();
        super::print_json(&serde_json::Value::Array(arr));
        return;
    }
    if book.accounts.is_empty() {
        outln!("{}", tr(lang, "cli-account-none"));
        return;
    }
    for a in &book.accounts {
        let proto = match a.incoming {
            Incoming::Imap => "imap",
            Incoming::Pop3 => "pop3",
        };
        let pw = match password_state(a) {
            "keyring" => tr(lang, "cli-account-password-kept"),
            "missing" => tr(lang, "cli-account-password-missing"),
            _ => tr(lang, "cli-account-password-unknown"),
        };
        outln!(
            "{:<12} {:<34} {} {}:{}  smtp {}:{}  ({pw})",
            a.id,
            a.address,
            proto,
            a.incoming_server.host,
            a.incoming_server.port,
            a.smtp_server.host,
            a.smtp_server.port
        );
        for s in [&a.incoming_server, &a.smtp_server] {
            if let Some(fp) = s.pin {
                outln!(
                    "             {} {}",
                    s.host,
                    tr_args(
                        lang,
                        "cli-account-pinned",
                        &[("fingerprint", arg(fp.to_string()))]
                    )
                );
            }
        }
    }
}

fn print_presets(lang: Lang) {
    outln!("{}", tr(lang, "cli-presets-title"));
    for p in PRESETS {
        outln!(
            "\n{:<10} {} [{}]",
            p.id,
            p.name,
            preset_status_label(lang, &p.status)
        );
        outln!(
            "           IMAP {}:{}  POP3 {}:{}  SMTP {}:{}",
            p.imap.host,
            p.imap.port,
            p.pop3.host,
            p.pop3.port,
            p.smtp.host,
            p.smtp.port
        );
        if !p.domains.is_empty() {
            outln!("           {}", p.domains.join(", "));
        }
        outln!("           {}", p.source);
        if let Some(why) = preset_why_text(lang, p) {
            outln!(
                "           {}",
                tr_args(lang, "cli-account-preset-why", &[("why", arg(why))])
            );
        }
    }
}
