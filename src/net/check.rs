//! The connection test of an account: each server is tried the way a sync or a sending would
//! use it (DNS, TCP, TLS with the certificate checked or pinned, login, the inbox), and the
//! report says exactly which step failed, with the server's certificate fingerprint when that
//! is what the user must decide about.

use super::NetError;
use super::imap::Imap;
use super::pop3::{Limits, Pop3};
use super::tls::{Protocol, Timeouts};
use crate::account::{Account, Incoming, Secret};

/// What the incoming server showed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomingInfo {
    /// Folders (IMAP) or 1 (POP3).
    pub folders: usize,
    /// Messages in the inbox.
    pub inbox_messages: u32,
    /// IMAP IDLE offered (new mail pushed).
    pub idle: bool,
    /// IMAP CONDSTORE offered (cheap flag sync).
    pub condstore: bool,
}

/// The outcome of a connection test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckReport {
    /// The incoming server (IMAP or POP3).
    pub incoming: Result<IncomingInfo, NetError>,
    /// The SMTP server (connection and login only: nothing is sent).
    pub smtp: Result<(), NetError>,
}

impl CheckReport {
    /// True when both servers work.
    pub fn ok(&self) -> bool {
        self.incoming.is_ok() && self.smtp.is_ok()
    }
}

/// Tests both servers of an account.
pub async fn check_account(
    account: &Account,
    password: &Secret,
    timeouts: Timeouts,
) -> CheckReport {
    let incoming = check_incoming(account, password, timeouts).await;
    let smtp_ep = account.smtp_server.endpoint(Protocol::Smtp, timeouts);
    let smtp = super::send::check_smtp(&smtp_ep, &account.login, password).await;
    CheckReport { incoming, smtp }
}

async fn check_incoming(
    account: &Account,
    password: &Secret,
    timeouts: Timeouts,
) -> Result<IncomingInfo, NetError> {
    let ep = account
        .incoming_server
        .endpoint(account.incoming_protocol(), timeouts);
    match account.incoming {
        Incoming::Imap => {
            let mut imap = Imap::login(&ep, &account.login, password).await?;
            let result = async {
                let folders = imap.folders().await?;
                let inbox = imap.examine("INBOX").await?;
                for f in &account.imap.folders {
                    imap.examine(f).await?;
                }
                Ok(IncomingInfo {
                    folders: folders.len(),
                    inbox_messages: inbox.exists,
                    idle: imap.has("IDLE"),
                    condstore: imap.has("CONDSTORE"),
                })
            }
            .await;
            imap.logout().await;
            result
        }
        Incoming::Pop3 => {
            let mut pop = Pop3::connect(&ep, Limits::default()).await?;
            pop.login(&account.login, password).await?;
            let (n, _) = pop.stat().await?;
            pop.quit().await?;
            Ok(IncomingInfo {
                folders: 1,
                inbox_messages: n,
                idle: false,
                condstore: false,
            })
        }
    }
}
