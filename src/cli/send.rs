//! `sigillo send --account A --to … [--cc …] [--receipt completa|breve|sintetica]
//! [--attach FILE]… --subject S --body-file F`: sends a PEC message. There is no Bcc in PEC:
//! `--bcc` is refused with the reason. Recipients probably outside PEC are pointed out (no
//! delivery receipt will come for them). The sent message is stored at once; its receipts
//! arrive with the next sync.

use std::io::Read;
use std::path::PathBuf;

use sigillo::account::{AccountBook, AccountError, Keyring, config_dir};
use sigillo::i18n::{
    account_error_text, arg, compose_error_text, recipient_hint_text, send_error_text,
    send_event_text, tr, tr_args,
};
use sigillo::net::compose::{Attachment, ComposeError, Draft, recipient_hints};
use sigillo::net::send::{SendError, SendOptions, send};
use sigillo::pec::ReceiptType;

use super::{
    Ctx, EXIT_NETWORK, EXIT_OK, EXIT_REFUSED, EXIT_STORE, EXIT_UNCERTAIN, EXIT_UNREADABLE, password,
};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The account to send from (may be left out when there is only one).
    #[arg(long)]
    account: Option<String>,
    /// Recipient (repeat for more).
    #[arg(long, value_name = "ADDRESS")]
    to: Vec<String>,
    /// Recipient in copy (repeat for more).
    #[arg(long, value_name = "ADDRESS")]
    cc: Vec<String>,
    /// Not allowed in PEC: given only to be refused with the reason.
    #[arg(long, value_name = "ADDRESS", hide = true)]
    bcc: Vec<String>,
    /// Delivery receipt: completa (default), breve or sintetica.
    #[arg(long, value_parser = ["completa", "breve", "sintetica"], default_value = "completa")]
    receipt: String,
    /// Attach a file (repeat for more).
    #[arg(long, value_name = "FILE")]
    attach: Vec<PathBuf>,
    /// Subject.
    #[arg(long)]
    subject: String,
    /// The text of the message (`-` for standard input).
    #[arg(long, value_name = "FILE")]
    body_file: PathBuf,
    /// Read the password from the first line of standard input.
    #[arg(long)]
    password_stdin: bool,
    /// A notification (L. 53/1994): completa receipt required, sintetica and Cc refused.
    #[arg(long)]
    notifica: bool,
}

pub fn run(args: Args, ctx: &Ctx) -> u8 {
    let lang = ctx.lang;
    // The sent message is stored: refused on a read-only profile before anything is sent.
    if let Err(code) = super::refuse_if_read_only(ctx.profile.as_deref(), lang) {
        return code;
    }
    if !args.bcc.is_empty() {
        errln!(
            "sigillo: {}",
            compose_error_text(lang, &ComposeError::BccNotAllowed)
        );
        return EXIT_REFUSED;
    }
    let stdin_body = args.body_file.as_os_str() == "-";
    if stdin_body && args.password_stdin {
        errln!("sigillo: {}", tr(lang, "cli-error-stdin-twice"));
        return EXIT_REFUSED;
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
    let account = match (&args.account, book.accounts.as_slice()) {
        (Some(id), _) => match book.get(id) {
            Some(a) => a.clone(),
            None => {
                errln!(
                    "sigillo: {}",
                    account_error_text(lang, &AccountError::NotFound(id.clone()))
                );
                return EXIT_REFUSED;
            }
        },
        (None, [one]) => one.clone(),
        (None, []) => {
            errln!("sigillo: {}", tr(lang, "cli-account-none"));
            return EXIT_REFUSED;
        }
        (None, _) => {
            errln!("sigillo: {}", tr(lang, "cli-error-account-needed"));
            return EXIT_REFUSED;
        }
    };
    let body = if stdin_body {
        let mut s = String::new();
        if let Err(e) = std::io::stdin().read_to_string(&mut s) {
            errln!("sigillo: {}", super::read_error(lang, &args.body_file, &e));
            return EXIT_UNREADABLE;
        }
        s
    } else {
        match std::fs::read(&args.body_file) {
            Ok(b) => String::from_utf8_lossy(&b).into_owned(),
            Err(e) => {
                errln!("sigillo: {}", super::read_error(lang, &args.body_file, &e));
                return EXIT_UNREADABLE;
            }
        }
    };
    let mut attachments = Vec::new();
    for path in &args.attach {
        match std::fs::read(path) {
            Ok(bytes) => {
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "allegato".into());
                attachments.push(Attachment::from_file(&name, bytes));
            }
            Err(e) => {
                errln!("sigillo: {}", super::read_error(lang, path, &e));
                return EXIT_UNREADABLE;
            }
        }
    }
    let draft = Draft {
        to: args.to,
        cc: args.cc,
        subject: args.subject,
        body,
        attachments,
        receipt: ReceiptType::parse(&args.receipt).unwrap_or(ReceiptType::Completa),
        notifica: args.notifica,
        ..Draft::default()
    };
    let mut store = match ctx.open_store() {
        Ok(s) => s,
        Err(code) => return code,
    };
    // What is known about each recipient; a warning for those probably outside PEC.
    let hints = recipient_hints(Some(&store), &account, &draft);
    errln!("{}", tr(lang, "cli-send-recipients"));
    for (address, hint) in &hints {
        let mark = if hint.warn() { "!" } else { " " };
        errln!("  {mark} {}", recipient_hint_text(lang, address, *hint));
    }
    // Rules first: nothing is asked or sent for a message that would be refused.
    if let Err(e) = sigillo::net::compose::build(&account, &draft) {
        errln!("sigillo: {}", compose_error_text(lang, &e));
        return EXIT_REFUSED;
    }
    // The receipts already stored are checked after sending: the trust list is loaded first,
    // so that a broken one stops the command before anything is sent, not after.
    let trust = match ctx.trust_list(super::Stopped::Send) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let pw = match password::for_account(lang, &Keyring::system(), &account, args.password_stdin) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let mut on = |e| errln!("{}", send_event_text(lang, &e));
    let outcome = super::runtime().block_on(send(
        &mut store,
        &account,
        &pw,
        &draft,
        &SendOptions::default(),
        &mut on,
    ));
    let code = match outcome {
        Ok(o) => {
            outln!(
                "{}",
                tr_args(lang, "cli-send-sent", &[("id", arg(&o.message_id))])
            );
            EXIT_OK
        }
        Err(e) => {
            errln!("sigillo: {}", send_error_text(lang, &e));
            match e {
                SendError::Compose(_) => EXIT_REFUSED,
                SendError::Net(_) => EXIT_NETWORK,
                SendError::Store(_) | SendError::StoreUnavailable(_) => EXIT_STORE,
                SendError::Uncertain { .. } => EXIT_UNCERTAIN,
            }
        }
    };
    if let Err(c) = ctx.verify_pending(&mut store, &trust) {
        return c;
    }
    code
}
