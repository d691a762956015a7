//! Words for the state of an account: its sync status in one line, its last sync, how its
//! password stands against the provider's expiry, and what to do when a login is refused.

use chrono::{DateTime, Utc};

use super::{Lang, arg, net_error_text, num, sync_error_text, tr, tr_args};
use crate::account::Account;
use crate::account::manage::{self, PasswordExpiry};
use crate::account::status::{AccountStatus, Phase};

/// A moment in the user's local time, as every screen shows it.
pub fn local_time_text(t: DateTime<Utc>) -> String {
    t.with_timezone(&chrono::Local)
        .format("%d/%m/%Y %H:%M")
        .to_string()
}

/// What the account's worker is doing now, in one sentence (without the account's name).
pub fn account_phase_text(lang: Lang, status: &AccountStatus) -> String {
    match &status.phase {
        Phase::Starting => tr(lang, "account-phase-starting"),
        Phase::NoPassword => tr(lang, "account-phase-no-password"),
        Phase::Connecting => tr(lang, "account-phase-connecting"),
        Phase::Syncing {
            folder,
            done,
            total,
        } => tr_args(
            lang,
            "account-phase-syncing",
            &[
                ("folder", arg(folder)),
                ("done", num(*done)),
                ("total", num(*total)),
            ],
        ),
        Phase::Waiting => tr(lang, "account-phase-waiting"),
        Phase::Retrying {
            error, in_seconds, ..
        } => tr_args(
            lang,
            "account-phase-retrying",
            &[
                ("reason", arg(net_error_text(lang, error))),
                ("seconds", num(*in_seconds as usize)),
            ],
        ),
        Phase::Failed(e) => tr_args(
            lang,
            "account-phase-failed",
            &[("reason", arg(sync_error_text(lang, e)))],
        ),
    }
}

/// When the last sync finished and what it brought, or that none has finished yet.
pub fn last_sync_text(lang: Lang, status: &AccountStatus) -> String {
    match &status.last_sync {
        Some((at, summary)) => tr_args(
            lang,
            "account-last-sync",
            &[
                ("when", arg(local_time_text(*at))),
                ("new", num(summary.new_messages)),
            ],
        ),
        None => tr(lang, "account-last-sync-never"),
    }
}

/// One line for the status area: the account, then what it is doing.
pub fn account_status_line(lang: Lang, id: &str, status: &AccountStatus) -> String {
    tr_args(
        lang,
        "account-status-line",
        &[
            ("account", arg(id)),
            ("state", arg(account_phase_text(lang, status))),
        ],
    )
}

/// The expiry of the account's password, when there is something to say.
pub fn password_expiry_text(lang: Lang, account: &Account, now: DateTime<Utc>) -> Option<String> {
    let rule = manage::app_password(account)?;
    let (key, expires) = match manage::password_expiry(account, now) {
        PasswordExpiry::Unknown => return None,
        PasswordExpiry::Valid { expires } => ("account-password-valid-until", expires),
        PasswordExpiry::Soon { expires } => ("account-password-expires-soon", expires),
        PasswordExpiry::Expired { expires } => ("account-password-expired", expires),
    };
    Some(tr_args(
        lang,
        key,
        &[
            ("when", arg(local_time_text(expires))),
            ("url", arg(rule.renew_url)),
        ],
    ))
}

/// True when the account's password expiry deserves a warning now (a week before, or after).
pub fn password_needs_attention(account: &Account, now: DateTime<Utc>) -> bool {
    matches!(
        manage::password_expiry(account, now),
        PasswordExpiry::Soon { .. } | PasswordExpiry::Expired { .. }
    )
}

/// What to tell the user when the server refused the login: the password may be wrong, and
/// for providers with dedicated passwords for mail programs, that one may have expired and
/// where to renew it (with the page that says so).
pub fn login_refused_hint(lang: Lang, account: &Account) -> String {
    match manage::app_password(account) {
        Some(rule) => {
            let name = account.preset().map(|p| p.name).unwrap_or_default();
            let mut s = tr_args(
                lang,
                "account-login-refused-app-password",
                &[("provider", arg(name)), ("url", arg(rule.renew_url))],
            );
            if let Some(days) = rule.lifetime_days {
                s.push(' ');
                s.push_str(&tr_args(
                    lang,
                    "account-app-password-lifetime",
                    &[("days", num(days as usize)), ("source", arg(rule.source))],
                ));
            }
            s
        }
        None => tr(lang, "account-login-refused"),
    }
}
