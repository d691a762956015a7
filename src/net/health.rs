//! Mailbox health: how full the PEC mailbox is. A full PEC mailbox refuses incoming certified
//! mail and the sender gets a non-delivery notice that counts against the owner, so the app
//! warns at 80 % and strongly at 95 %. IMAP servers that offer QUOTA report use and limit;
//! POP3 reports only the size of what is waiting in the mailbox.

use super::NetError;
use super::pop3::{Limits, Pop3};
use super::tls::Timeouts;
use crate::account::{Account, Incoming, Secret};

/// How full a mailbox is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Usage {
    /// Bytes used.
    pub used: u64,
    /// The limit in bytes, when the server says it.
    pub limit: Option<u64>,
}

/// How worried to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Below 80 % (or no limit known).
    Ok,
    /// 80 % or more.
    Warning,
    /// 95 % or more: incoming PEC will soon be refused.
    Critical,
}

impl Usage {
    /// Percentage used, when the limit is known.
    pub fn percent(&self) -> Option<u64> {
        self.limit
            .filter(|l| *l > 0)
            .map(|l| self.used.saturating_mul(100) / l)
    }

    /// The warning level.
    pub fn level(&self) -> Level {
        match self.percent() {
            Some(p) if p >= 95 => Level::Critical,
            Some(p) if p >= 80 => Level::Warning,
            _ => Level::Ok,
        }
    }
}

/// Asks the incoming server how full the mailbox is. `Ok(None)` when the server does not say
/// (an IMAP server without QUOTA).
pub async fn mailbox_usage(
    account: &Account,
    password: &Secret,
    timeouts: Timeouts,
) -> Result<Option<Usage>, NetError> {
    let ep = account
        .incoming_server
        .endpoint(account.incoming_protocol(), timeouts);
    match account.incoming {
        Incoming::Imap => {
            let mut imap = super::imap::Imap::login(&ep, &account.login, password).await?;
            let q = imap.storage_quota().await;
            imap.logout().await;
            Ok(q?.map(|(used, limit)| Usage {
                used,
                limit: (limit > 0).then_some(limit),
            }))
        }
        Incoming::Pop3 => {
            let mut pop = Pop3::connect(&ep, Limits::default()).await?;
            pop.login(&account.login, password).await?;
            let (_, size) = pop.stat().await?;
            pop.quit().await?;
            Ok(Some(Usage {
                used: size,
                limit: None,
            }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels() {
        let u = |used, limit| Usage { used, limit };
        assert_eq!(u(79, Some(100)).level(), Level::Ok);
        assert_eq!(u(80, Some(100)).level(), Level::Warning);
        assert_eq!(u(95, Some(100)).level(), Level::Critical);
        assert_eq!(u(1 << 40, None).level(), Level::Ok);
        assert_eq!(u(5, Some(0)).percent(), None);
    }
}
