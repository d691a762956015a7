//! `sigillo send --account A --to … [--cc …] [--receipt completa|breve|sintetica]
//! [--attach FILE]… --subject S --body-file F`: sends a PEC message. There is no Bcc in PEC:
//! `--bcc` is refused with the reason. Recipients probably outside PEC are pointed out (no
//! delivery receipt will come for them). The sent message is stored at once; its receipts
//! arrive with the next sync.

use std::io::Read;
use std::path::{Path, PathBuf};

use sigillo::account::{Account, AccountBook, AccountError, Keyring, config_dir};
use sigillo::i18n::{Lang, arg, tr, tr_args};
use sigillo::net::compose::{
    Attachment, ComposeError, Draft, DraftProblem, PastReceipts, build, check_draft,
    recipient_addresses, recipient_hints,
};
use sigillo::net::send::{SendOptions, send};
use sigillo::net::text::{recipient_hint_text, send_event_text};
use sigillo::pec::ReceiptType;

use super::{CliError, CliResult, Ctx, EXIT_OK, Exit, password};

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

pub fn run(args: Args, ctx: &Ctx) -> CliResult {
    let lang = ctx.lang;
    // The sent message is stored: refused on a read-only profile before anything is sent.
    super::refuse_if_read_only(ctx.profile.as_deref(), lang)?;
    if !args.bcc.is_empty() {
        return Err(ComposeError::BccNotAllowed.into());
    }
    let stdin_body = args.body_file.as_os_str() == "-";
    if stdin_body && args.password_stdin {
        return Err(CliError::new(
            Exit::Refused,
            tr(lang, "cli-error-stdin-twice"),
        ));
    }
    let account = sending_account(args.account.as_deref(), ctx)?;
    let body = read_body(&args.body_file, stdin_body, lang)?;
    let attachments = read_attachments(&args.attach, lang)?;
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
    let mut store = ctx.open_store()?;
    // What past receipts said of the recipients. As before, a lookup that fails leaves each
    // recipient with what its domain says.
    let past = PastReceipts::look_up(&store, &recipient_addresses(&draft)).unwrap_or_default();
    // What is known about each recipient; a warning for those probably outside PEC.
    let hints = recipient_hints(&past, &account, &draft);
    errln!("{}", tr(lang, "cli-send-recipients"));
    for (address, hint) in &hints {
        let mark = if hint.warn() { "!" } else { " " };
        errln!("  {mark} {}", recipient_hint_text(lang, address, *hint));
    }
    // Rules first: nothing is asked or sent for a message that would be refused. The same
    // judgement as the compose window's, with the size of the message as built.
    let built = build(&account, &draft);
    let size = built
        .as_ref()
        .map_or_else(|_| draft.estimated_size(), |c| c.raw.len() as u64);
    let problems = check_draft(&past, Some(&account), &draft, size);
    if let Some(DraftProblem::Blocks(e)) = problems.into_iter().find(DraftProblem::blocks) {
        return Err(e.into());
    }
    built?;
    // The receipts already stored are checked after sending: the trust list is loaded first,
    // so that a broken one stops the command before anything is sent, not after.
    let trust = ctx.trust_list(super::Stopped::Send)?;
    let pw = password::for_account(lang, &Keyring::system(), &account, args.password_stdin)?;
    let mut on = |e| errln!("{}", send_event_text(lang, &e));
    let outcome = super::runtime().block_on(send(
        &mut store,
        &account,
        &pw,
        &draft,
        &SendOptions::default(),
        &mut on,
    ));
    let sent = match outcome {
        Ok(o) => {
            outln!(
                "{}",
                tr_args(lang, "cli-send-sent", &[("id", arg(&o.message_id))])
            );
            Ok(EXIT_OK)
        }
        Err(e) => Err(CliError::from(e)),
    };
    // Receipts already stored are checked whether or not this message went; when that fails
    // too, both are said, the sending first.
    if let Err(e) = ctx.verify_pending(&mut store, &trust) {
        if let Err(not_sent) = &sent {
            ctx.report(not_sent);
        }
        return Err(e);
    }
    sent
}

/// The account named by `--account`, else the only one; refused when there is none or the
/// choice is not clear.
fn sending_account(id: Option<&str>, ctx: &Ctx) -> CliResult<Account> {
    let lang = ctx.lang;
    let dir = config_dir(ctx.profile.as_deref()).ok_or(AccountError::NoConfigDir)?;
    let book = AccountBook::load(&dir)?;
    match (id, book.accounts.as_slice()) {
        (Some(id), _) => Ok(book
            .get(id)
            .cloned()
            .ok_or_else(|| AccountError::NotFound(id.to_owned()))?),
        (None, [one]) => Ok(one.clone()),
        (None, []) => Err(CliError::new(Exit::Refused, tr(lang, "cli-account-none"))),
        (None, _) => Err(CliError::new(
            Exit::Refused,
            tr(lang, "cli-error-account-needed"),
        )),
    }
}

/// The text of the message, from `path` or standard input.
fn read_body(path: &Path, from_stdin: bool, lang: Lang) -> CliResult<String> {
    let unreadable = |e| CliError::new(Exit::Unreadable, super::read_error(lang, path, &e));
    if from_stdin {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(unreadable)?;
        Ok(s)
    } else {
        let b = std::fs::read(path).map_err(unreadable)?;
        Ok(String::from_utf8_lossy(&b).into_owned())
    }
}

/// The files to attach, named as on disk.
fn read_attachments(paths: &[PathBuf], lang: Lang) -> CliResult<Vec<Attachment>> {
    paths
        .iter()
        .map(|path| {
            let bytes = std::fs::read(path)
                .map_err(|e| CliError::new(Exit::Unreadable, super::read_error(lang, path, &e)))?;
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "allegato".into());
            Ok(Attachment::from_file(&name, bytes))
        })
        .collect()
}
