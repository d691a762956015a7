//! Where each account's sync stands, built from the events its worker reports: what it is doing
//! now (connecting, a folder with its progress, waiting, retrying after an error, stopped), when
//! it last finished and with what, and its last error. Every account has its own line: one
//! account's news never hides another's failure.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::NetError;
use super::sync::{SyncError, SyncEvent, SyncSummary};

/// What an account's worker is doing.
#[derive(Debug, Clone, Default)]
pub enum Phase {
    /// Nothing heard yet.
    #[default]
    Starting,
    /// No password for this session: the worker cannot run until one is given.
    NoPassword,
    /// Connecting and logging in.
    Connecting,
    /// Syncing a folder: `done` of `total` messages stored.
    Syncing {
        /// The folder.
        folder: String,
        /// Stored so far in this sync.
        done: usize,
        /// To store in this sync.
        total: usize,
    },
    /// Up to date, waiting for new mail.
    Waiting,
    /// A network error; it tries again by itself.
    Retrying {
        /// The error.
        error: NetError,
        /// Attempts so far.
        attempt: u32,
        /// Seconds to the next one.
        in_seconds: u64,
    },
    /// Stopped until the user changes something (password, certificate, settings).
    Failed(Arc<SyncError>),
}

/// The state of one account.
#[derive(Debug, Clone, Default)]
pub struct AccountStatus {
    /// What it is doing now.
    pub phase: Phase,
    /// When a sync last finished, and what it did.
    pub last_sync: Option<(DateTime<Utc>, SyncSummary)>,
    /// When the last error happened (cleared by a sync that finishes after it).
    pub last_error_at: Option<DateTime<Utc>>,
}

impl AccountStatus {
    /// True when the last attempt failed: the worker stopped, or is retrying after an error.
    pub fn failing(&self) -> bool {
        matches!(
            self.phase,
            Phase::Failed(_) | Phase::Retrying { .. } | Phase::NoPassword
        )
    }

    /// True while a sync runs (for a progress indicator).
    pub fn busy(&self) -> bool {
        matches!(self.phase, Phase::Connecting | Phase::Syncing { .. })
    }

    /// The network error of the last failure, if it was one.
    pub fn net_error(&self) -> Option<&NetError> {
        match &self.phase {
            Phase::Retrying { error, .. } => Some(error),
            Phase::Failed(e) => match e.as_ref() {
                SyncError::Net(n) => Some(n),
                SyncError::Store(_) => None,
            },
            _ => None,
        }
    }

    /// True when the server refused the login (wrong or expired password).
    pub fn login_refused(&self) -> bool {
        matches!(self.net_error(), Some(NetError::Login { .. }))
    }
}

/// Every account's status, by account id.
#[derive(Debug, Clone, Default)]
pub struct StatusBoard {
    accounts: BTreeMap<String, AccountStatus>,
}

impl StatusBoard {
    /// The status of `id` (the default, "starting", when nothing was heard).
    pub fn get(&self, id: &str) -> AccountStatus {
        self.accounts.get(id).cloned().unwrap_or_default()
    }

    /// The status of `id`, if anything was heard.
    pub fn peek(&self, id: &str) -> Option<&AccountStatus> {
        self.accounts.get(id)
    }

    /// Records that `id` has no password for this session.
    pub fn no_password(&mut self, id: &str) {
        self.accounts.entry(id.to_owned()).or_default().phase = Phase::NoPassword;
    }

    /// Forgets `id` (removed, or restarted with new settings: its old failure no longer holds).
    pub fn reset(&mut self, id: &str) {
        if let Some(s) = self.accounts.get_mut(id) {
            s.phase = Phase::Starting;
        }
    }

    /// Forgets `id` entirely (the account was removed).
    pub fn remove(&mut self, id: &str) {
        self.accounts.remove(id);
    }

    /// Takes one event of a worker, at `now`.
    pub fn apply(&mut self, event: &SyncEvent, now: DateTime<Utc>) {
        let (account, phase) = match event {
            SyncEvent::Connecting { account } => (account, Some(Phase::Connecting)),
            SyncEvent::Connected { account } => (account, None),
            SyncEvent::Folder {
                account,
                folder,
                to_fetch,
            } => (
                account,
                Some(Phase::Syncing {
                    folder: folder.clone(),
                    done: 0,
                    total: *to_fetch,
                }),
            ),
            SyncEvent::Stored {
                account,
                folder,
                done,
                total,
                ..
            } => (
                account,
                Some(Phase::Syncing {
                    folder: folder.clone(),
                    done: *done,
                    total: *total,
                }),
            ),
            SyncEvent::UidValidityChanged { account, .. } => (account, None),
            SyncEvent::Finished { account, summary } => {
                let s = self.accounts.entry(account.clone()).or_default();
                s.last_sync = Some((now, summary.clone()));
                s.last_error_at = None;
                (account, Some(Phase::Waiting))
            }
            SyncEvent::Waiting { account, .. } => (account, Some(Phase::Waiting)),
            SyncEvent::Retrying {
                account,
                error,
                attempt,
                in_seconds,
            } => {
                self.accounts
                    .entry(account.clone())
                    .or_default()
                    .last_error_at = Some(now);
                (
                    account,
                    Some(Phase::Retrying {
                        error: error.clone(),
                        attempt: *attempt,
                        in_seconds: *in_seconds,
                    }),
                )
            }
            SyncEvent::Failed { account, error } => {
                self.accounts
                    .entry(account.clone())
                    .or_default()
                    .last_error_at = Some(now);
                (account, Some(Phase::Failed(error.clone())))
            }
        };
        let s = self.accounts.entry(account.clone()).or_default();
        if let Some(p) = phase {
            s.phase = p;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn login_failed(account: &str) -> SyncEvent {
        SyncEvent::Failed {
            account: account.into(),
            error: Arc::new(SyncError::Net(NetError::Login {
                detail: "AUTHENTICATIONFAILED".into(),
            })),
        }
    }

    #[test]
    fn each_account_keeps_its_own_state() {
        let mut b = StatusBoard::default();
        let now = Utc::now();
        b.apply(&login_failed("studio"), now);
        // Another account speaking later does not hide the first one's failure.
        b.apply(
            &SyncEvent::Finished {
                account: "ufficio".into(),
                summary: SyncSummary::default(),
            },
            now,
        );
        assert!(b.get("studio").failing());
        assert!(b.get("studio").login_refused());
        assert!(!b.get("ufficio").failing());
        assert!(b.get("ufficio").last_sync.is_some());
        assert!(b.peek("altro").is_none());
    }

    #[test]
    fn progress_then_success_clears_the_error() {
        let mut b = StatusBoard::default();
        let now = Utc::now();
        b.apply(
            &SyncEvent::Retrying {
                account: "a".into(),
                error: NetError::Timeout {
                    host: "h".into(),
                    port: 993,
                    stage: crate::net::error::Stage::Connect,
                },
                attempt: 1,
                in_seconds: 2,
            },
            now,
        );
        assert!(b.get("a").failing() && !b.get("a").login_refused());
        b.apply(
            &SyncEvent::Stored {
                id: 1,
                account: "a".into(),
                folder: "INBOX".into(),
                done: 3,
                total: 10,
                new_message: true,
                kind: None,
            },
            now,
        );
        assert!(b.get("a").busy());
        assert!(matches!(
            b.get("a").phase,
            Phase::Syncing {
                done: 3,
                total: 10,
                ..
            }
        ));
        b.apply(
            &SyncEvent::Finished {
                account: "a".into(),
                summary: SyncSummary::default(),
            },
            now,
        );
        let s = b.get("a");
        assert!(!s.failing() && !s.busy());
        assert!(s.last_error_at.is_none());
        b.no_password("a");
        assert!(b.get("a").failing());
        b.reset("a");
        assert!(!b.get("a").failing());
    }
}
