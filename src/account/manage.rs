//! Changing accounts after they were added, the same way from the window and the command
//! line: adding one (settings to the file, password to the keyring with the date it was set),
//! changing its servers and pins, giving it a new password, removing it (settings and keyring
//! entry go; the downloaded messages stay in the store), and the application-password rules of
//! the providers (when a dedicated password expires, and what to tell the user when a login
//! fails).

use std::path::Path;

use chrono::{DateTime, Duration, Utc};

use super::presets::AppPassword;
use super::{Account, AccountBook, AccountError, Keyring, Secret, SecretError};

/// Days before a known expiry from which the user is warned.
pub const EXPIRY_WARNING_DAYS: i64 = 7;

/// Why a change could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ManageError {
    /// The settings (file, validation, unknown account).
    #[error(transparent)]
    Account(#[from] AccountError),
    /// The keyring refused or is not there.
    #[error(transparent)]
    Keyring(#[from] SecretError),
}

/// Adds `account` and keeps `password` in the keyring. The settings are saved even when the
/// keyring fails (the password is then asked each session): the keyring's failure is returned
/// for the user to read.
pub fn add(
    book: &mut AccountBook,
    dir: &Path,
    keyring: &Keyring,
    mut account: Account,
    password: &Secret,
    now: DateTime<Utc>,
) -> Result<Option<SecretError>, AccountError> {
    let kept = keyring.set(&account.keyring_key, password);
    account.password_set = kept.is_ok().then_some(now);
    book.add(account)?;
    book.save(dir)?;
    Ok(kept.err())
}

/// Replaces the settings of an existing account (servers, security, pins, login, options).
/// The keyring entry and the date the password was set are kept as they were.
pub fn update(book: &mut AccountBook, dir: &Path, edited: Account) -> Result<(), AccountError> {
    let old = book
        .get(&edited.id)
        .ok_or_else(|| AccountError::NotFound(edited.id.clone()))?;
    let account = Account {
        keyring_key: old.keyring_key.clone(),
        password_set: old.password_set,
        ..edited
    };
    book.update(account)?;
    book.save(dir)
}

/// Gives account `id` a new password: into the keyring (replacing the old one), and the date
/// it was set into the settings (never the password).
pub fn set_password(
    book: &mut AccountBook,
    dir: &Path,
    keyring: &Keyring,
    id: &str,
    password: &Secret,
    now: DateTime<Utc>,
) -> Result<(), ManageError> {
    let mut account = book
        .get(id)
        .cloned()
        .ok_or_else(|| AccountError::NotFound(id.to_owned()))?;
    keyring.set(&account.keyring_key, password)?;
    account.password_set = Some(now);
    book.update(account)?;
    book.save(dir)?;
    Ok(())
}

/// What removing an account did.
#[derive(Debug)]
pub struct Removed {
    /// The account's settings as they were.
    pub account: Account,
    /// Whether its password was found and deleted in the keyring, or why not.
    pub password: Result<bool, SecretError>,
}

/// Removes account `id`: its settings from the file and its password from the keyring. The
/// messages downloaded for it are not touched (the store keeps them, and the caller forgets
/// only the sync position), nor is anything on the server.
pub fn remove(
    book: &mut AccountBook,
    dir: &Path,
    keyring: &Keyring,
    id: &str,
) -> Result<Removed, AccountError> {
    let account = book.remove(id)?;
    if let Err(e) = book.save(dir) {
        // Not saved: the account is still in the file, so it stays in the book too.
        book.accounts.push(account);
        return Err(e);
    }
    let password = keyring.delete(&account.keyring_key);
    Ok(Removed { account, password })
}

/// Where an account's password stands against its provider's expiry rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordExpiry {
    /// No known expiry: the provider has no rule we know of, or we do not know when the
    /// password was set.
    Unknown,
    /// Valid until then.
    Valid { expires: DateTime<Utc> },
    /// Expires within [`EXPIRY_WARNING_DAYS`].
    Soon { expires: DateTime<Utc> },
    /// The provider's period has passed.
    Expired { expires: DateTime<Utc> },
}

/// The application-password rule of the account's provider, if one is known.
pub fn app_password(account: &Account) -> Option<AppPassword> {
    account.preset().and_then(|p| p.app_password)
}

/// When the account's password expires by its provider's rule, as of `now`.
pub fn password_expiry(account: &Account, now: DateTime<Utc>) -> PasswordExpiry {
    let (Some(rule), Some(set)) = (app_password(account), account.password_set) else {
        return PasswordExpiry::Unknown;
    };
    let Some(days) = rule.lifetime_days else {
        return PasswordExpiry::Unknown;
    };
    let expires = set + Duration::days(i64::from(days));
    if now >= expires {
        PasswordExpiry::Expired { expires }
    } else if now >= expires - Duration::days(EXPIRY_WARNING_DAYS) {
        PasswordExpiry::Soon { expires }
    } else {
        PasswordExpiry::Valid { expires }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::presets;

    fn mock() -> Keyring {
        Keyring::with_store(keyring_core::mock::Store::new().unwrap())
    }

    fn aruba() -> Account {
        Account::from_preset("studio", "mario@pec.it", presets::preset("aruba").unwrap())
    }

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn add_change_password_and_remove_keep_the_password_out_of_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let k = mock();
        let mut book = AccountBook::default();
        let acc = aruba();
        let key = acc.keyring_key.clone();
        let failed = add(
            &mut book,
            dir.path(),
            &k,
            acc,
            &Secret::new("prima-Pw1"),
            at("2026-01-10T09:00:00Z"),
        )
        .unwrap();
        assert!(failed.is_none());
        assert_eq!(k.get(&key).unwrap().unwrap().expose(), "prima-Pw1");
        assert_eq!(
            AccountBook::load(dir.path()).unwrap().accounts[0].password_set,
            Some(at("2026-01-10T09:00:00Z"))
        );

        set_password(
            &mut book,
            dir.path(),
            &k,
            "studio",
            &Secret::new("seconda-Pw2"),
            at("2026-03-01T09:00:00Z"),
        )
        .unwrap();
        assert_eq!(k.get(&key).unwrap().unwrap().expose(), "seconda-Pw2");
        let text = std::fs::read_to_string(AccountBook::path(dir.path())).unwrap();
        assert!(!text.contains("seconda-Pw2") && !text.contains("prima-Pw1"));
        assert!(
            text.contains("password_set = \"2026-03-01T09:00:00Z\""),
            "{text}"
        );

        // Editing the servers keeps the keyring entry and the date.
        let mut edited = book.get("studio").unwrap().clone();
        edited.incoming_server.port = 1993;
        edited.keyring_key = "altro".into();
        edited.password_set = None;
        update(&mut book, dir.path(), edited).unwrap();
        let back = AccountBook::load(dir.path()).unwrap();
        assert_eq!(back.accounts[0].incoming_server.port, 1993);
        assert_eq!(back.accounts[0].keyring_key, key);
        assert_eq!(
            back.accounts[0].password_set,
            Some(at("2026-03-01T09:00:00Z"))
        );

        let removed = remove(&mut book, dir.path(), &k, "studio").unwrap();
        assert!(removed.password.unwrap(), "the keyring entry was deleted");
        assert!(k.get(&key).unwrap().is_none());
        assert!(AccountBook::load(dir.path()).unwrap().accounts.is_empty());
        assert!(matches!(
            remove(&mut book, dir.path(), &k, "studio"),
            Err(AccountError::NotFound(_))
        ));
    }

    #[test]
    fn without_a_keyring_the_account_is_kept_and_says_why() {
        let dir = tempfile::tempdir().unwrap();
        let mut book = AccountBook::default();
        let no = Keyring::unavailable("no session bus");
        let failed = add(
            &mut book,
            dir.path(),
            &no,
            aruba(),
            &Secret::new("x"),
            Utc::now(),
        )
        .unwrap();
        assert!(matches!(failed, Some(SecretError::Unavailable(_))));
        assert_eq!(book.accounts[0].password_set, None, "nothing was kept");
        assert!(matches!(
            set_password(
                &mut book,
                dir.path(),
                &no,
                "studio",
                &Secret::new("y"),
                Utc::now()
            ),
            Err(ManageError::Keyring(_))
        ));
    }

    #[test]
    fn aruba_passwords_warn_a_week_before_three_months() {
        let mut a = aruba();
        assert_eq!(
            password_expiry(&a, at("2026-01-01T00:00:00Z")),
            PasswordExpiry::Unknown,
            "never set here: no date to count from"
        );
        a.password_set = Some(at("2026-01-01T00:00:00Z"));
        let expires = at("2026-04-01T00:00:00Z");
        assert_eq!(
            password_expiry(&a, at("2026-03-24T23:59:59Z")),
            PasswordExpiry::Valid { expires }
        );
        assert_eq!(
            password_expiry(&a, at("2026-03-25T00:00:00Z")),
            PasswordExpiry::Soon { expires }
        );
        assert_eq!(
            password_expiry(&a, at("2026-04-01T00:00:00Z")),
            PasswordExpiry::Expired { expires }
        );
        // A provider with no known rule never warns.
        let mut l =
            Account::from_preset("l", "x@legalmail.it", presets::preset("legalmail").unwrap());
        l.password_set = Some(at("2020-01-01T00:00:00Z"));
        assert_eq!(password_expiry(&l, Utc::now()), PasswordExpiry::Unknown);
        assert!(app_password(&l).is_none() && app_password(&a).is_some());
    }

    #[test]
    fn one_pin_serves_both_servers_of_one_host() {
        let mut a = Account::custom(
            "t",
            "t@pec.test",
            crate::account::Incoming::Imap,
            crate::account::ServerConfig {
                host: "mail.pec.test".into(),
                port: 993,
                security: crate::account::endpoint::Security::Tls,
                pin: None,
            },
            crate::account::ServerConfig {
                host: "MAIL.pec.test".into(),
                port: 465,
                security: crate::account::endpoint::Security::Tls,
                pin: None,
            },
        );
        assert!(a.servers_share_host());
        let fp = crate::account::endpoint::Fingerprint([9; 32]);
        assert_eq!(a.pin_host("mail.pec.test", fp), 2);
        assert_eq!(a.incoming_server.pin, Some(fp));
        assert_eq!(a.smtp_server.pin, Some(fp));
        a.smtp_server.host = "smtp.pec.test".into();
        assert!(!a.servers_share_host());
        assert_eq!(
            a.pin_host(
                "smtp.pec.test",
                crate::account::endpoint::Fingerprint([1; 32])
            ),
            1
        );
        assert_eq!(a.incoming_server.pin, Some(fp));
    }
}
