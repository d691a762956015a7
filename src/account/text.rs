//! Words for accounts: every error of the settings file and the keyring as a sentence the user
//! can act on, the provider presets' status, how a password stands against the provider's
//! expiry and what to do when a login is refused.

use chrono::{DateTime, Utc};

use super::manage::{self, PasswordExpiry};
use super::{Account, AccountError, PresetStatus, SecretError};
use crate::i18n::{Lang, arg, local_time_text, num, tr, tr_args};

/// An account settings error as a sentence.
pub fn account_error_text(lang: Lang, e: &AccountError) -> String {
    match e {
        AccountError::NoConfigDir => tr(lang, "account-error-no-config-dir"),
        AccountError::Io { path, source } => tr_args(
            lang,
            "account-error-io",
            &[
                ("path", arg(path.display().to_string())),
                ("reason", arg(source.to_string())),
            ],
        ),
        AccountError::Invalid { path, detail } => tr_args(
            lang,
            "account-error-invalid",
            &[
                ("path", arg(path.display().to_string())),
                ("detail", arg(detail)),
            ],
        ),
        AccountError::Exists(id) => tr_args(lang, "account-error-exists", &[("id", arg(id))]),
        AccountError::NotFound(id) => tr_args(lang, "account-error-not-found", &[("id", arg(id))]),
        AccountError::InvalidId(id) => {
            tr_args(lang, "account-error-invalid-id", &[("id", arg(id))])
        }
        AccountError::InvalidAddress(a) if a.trim().is_empty() => {
            tr(lang, "account-error-no-address")
        }
        AccountError::InvalidAddress(a) => {
            tr_args(lang, "compose-error-address", &[("address", arg(a))])
        }
        AccountError::MissingLogin => tr(lang, "account-error-missing-login"),
        AccountError::InvalidServer(s) => {
            tr_args(lang, "account-error-invalid-server", &[("server", arg(s))])
        }
        AccountError::UnknownPreset(p) => {
            tr_args(lang, "account-error-unknown-preset", &[("preset", arg(p))])
        }
    }
}

/// A keyring error as a sentence.
pub fn secret_error_text(lang: Lang, e: &SecretError) -> String {
    match e {
        SecretError::Unavailable(r) => tr_args(lang, "keyring-unavailable", &[("reason", arg(r))]),
        SecretError::Failed(r) => tr_args(lang, "keyring-failed", &[("reason", arg(r))]),
    }
}

/// "verified" / "to check" for a preset.
pub fn preset_status_label(lang: Lang, s: &PresetStatus) -> String {
    match s {
        PresetStatus::Confirmed => tr(lang, "preset-confirmed"),
        PresetStatus::ToCheck(_) => tr(lang, "preset-to-check"),
    }
}

/// What is still to check in a preset, in the user's language (`None` when confirmed).
pub fn preset_why_text(lang: Lang, p: &crate::account::Preset) -> Option<String> {
    match p.status {
        PresetStatus::Confirmed => None,
        PresetStatus::ToCheck(_) => Some(tr(lang, &format!("preset-why-{}", p.id))),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_to_check_says_why_in_both_languages() {
        for lang in Lang::ALL {
            for p in crate::account::PRESETS {
                if let Some(t) = preset_why_text(lang, p) {
                    assert!(!t.starts_with("preset-why-"), "{lang:?} {}", p.id);
                }
            }
        }
    }

    #[test]
    fn an_empty_address_is_asked_for_not_called_invalid() {
        let empty = account_error_text(Lang::It, &AccountError::InvalidAddress("  ".into()));
        assert!(empty.starts_with("Indica l'indirizzo PEC"), "{empty}");
        let wrong = account_error_text(Lang::It, &AccountError::InvalidAddress("mario".into()));
        assert!(wrong.contains("«mario»"), "{wrong}");
        for lang in Lang::ALL {
            let t = account_error_text(lang, &AccountError::InvalidAddress(String::new()));
            assert!(!t.contains("account-error"), "{lang:?}: {t}");
        }
    }
}
