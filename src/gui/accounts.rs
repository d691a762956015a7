//! The accounts as the app uses them: their settings, their passwords (from the OS keyring, or
//! typed for this session only when there is no keyring), one sync worker per account as an
//! iced subscription keyed by the account id and its own generation (a changed account restarts
//! only its worker), each account's sync status, notifications, and sending. Changes go through
//! `sigillo::account::manage`, the same rules as the command line.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use iced::Subscription;
use tokio::sync::Notify;

use sigillo::account::{Account, AccountBook, Keyring, Secret, manage};
use sigillo::i18n::{Lang, arg, tr, tr_args};
use sigillo::net::send::{SendOptions, SendProgress};
use sigillo::net::status::{AccountStatus, StatusBoard};
use sigillo::net::sync::{SyncEvent, SyncOptions};
use sigillo::pec::PecKind;
use sigillo::verify::TrustList;

use super::compose;

/// The accounts and their workers.
pub struct Accounts {
    dir: Option<PathBuf>,
    book: AccountBook,
    keyring: Keyring,
    passwords: HashMap<String, Arc<Secret>>,
    wakes: HashMap<String, Arc<Notify>>,
    board: StatusBoard,
    generations: HashMap<String, u64>,
    health: HashMap<String, sigillo::net::health::Usage>,
}

impl Accounts {
    /// Loads the accounts of the configuration folder (none for the demo).
    pub fn load(explicit_profile: Option<&Path>, demo: bool) -> Accounts {
        let dir = if demo {
            None
        } else {
            sigillo::account::config_dir(explicit_profile)
        };
        let book = dir
            .as_deref()
            .and_then(|d| AccountBook::load(d).ok())
            .unwrap_or_default();
        let keyring = Keyring::system();
        let mut passwords = HashMap::new();
        for a in &book.accounts {
            if let Ok(Some(p)) = keyring.get(&a.keyring_key) {
                passwords.insert(a.id.clone(), Arc::new(p));
            }
        }
        let wakes = book
            .accounts
            .iter()
            .map(|a| (a.id.clone(), Arc::new(Notify::new())))
            .collect();
        let mut board = StatusBoard::default();
        for a in &book.accounts {
            if !passwords.contains_key(&a.id) {
                board.no_password(&a.id);
            }
        }
        Accounts {
            dir,
            book,
            keyring,
            passwords,
            wakes,
            board,
            generations: HashMap::new(),
            health: HashMap::new(),
        }
    }

    /// Accounts of configuration folder `dir` with the given keyring (tests: a keyring with
    /// no store, or the private Secret Service of a child process).
    #[cfg(test)]
    pub fn with_keyring(dir: &Path, keyring: Keyring) -> Accounts {
        let book = AccountBook::load(dir).unwrap_or_default();
        let mut a = Accounts {
            dir: Some(dir.to_owned()),
            book,
            keyring,
            passwords: HashMap::new(),
            wakes: HashMap::new(),
            board: StatusBoard::default(),
            generations: HashMap::new(),
            health: HashMap::new(),
        };
        for acc in a.book.accounts.clone() {
            if let Ok(Some(p)) = a.keyring.get(&acc.keyring_key) {
                a.passwords.insert(acc.id.clone(), Arc::new(p));
            } else {
                a.board.no_password(&acc.id);
            }
            a.wakes.insert(acc.id.clone(), Arc::new(Notify::new()));
        }
        a
    }

    /// The account with this id.
    pub fn get(&self, id: &str) -> Option<&Account> {
        self.book.get(id)
    }

    /// The password of account `id` for this session (from the keyring, or typed).
    pub fn password(&self, id: &str) -> Option<Secret> {
        self.passwords.get(id).map(|p| Secret::clone(p))
    }

    /// The sync status of account `id`.
    pub fn status(&self, id: &str) -> AccountStatus {
        self.board.get(id)
    }

    /// How full the mailbox of `id` is, when its server said.
    pub fn usage(&self, id: &str) -> Option<sigillo::net::health::Usage> {
        self.health.get(id).copied()
    }

    /// Restarts the worker of `id` (new settings or password; or "sync now" after it stopped).
    fn restart(&mut self, id: &str) {
        *self.generations.entry(id.to_owned()).or_default() += 1;
        self.board.reset(id);
        if !self.passwords.contains_key(id) {
            self.board.no_password(id);
        }
    }

    fn config_dir(&self, lang: Lang) -> Result<PathBuf, String> {
        match &self.dir {
            Some(d) => Ok(d.clone()),
            None => sigillo::account::config_dir(None).ok_or_else(|| {
                sigillo::account::text::account_error_text(
                    lang,
                    &sigillo::account::AccountError::NoConfigDir,
                )
            }),
        }
    }

    /// Replaces an account's settings (servers, security, pins, login, notifications); its
    /// worker starts again with them.
    pub fn update_account(&mut self, edited: Account, lang: Lang) -> Result<(), String> {
        let dir = self.config_dir(lang)?;
        let id = edited.id.clone();
        manage::update(&mut self.book, &dir, edited)
            .map_err(|e| sigillo::account::text::account_error_text(lang, &e))?;
        self.restart(&id);
        Ok(())
    }

    /// Gives account `id` a new password: to the keyring, or for this session only when there
    /// is no keyring (the returned note says so). Its worker starts again with it.
    pub fn set_password(
        &mut self,
        id: &str,
        password: Secret,
        lang: Lang,
    ) -> Result<Option<String>, String> {
        let dir = self.config_dir(lang)?;
        let note = match manage::set_password(
            &mut self.book,
            &dir,
            &self.keyring,
            id,
            &password,
            chrono::Utc::now(),
        ) {
            Ok(()) => None,
            Err(manage::ManageError::Keyring(e)) => Some(tr_args(
                lang,
                "gui-wizard-keyring-failed",
                &[(
                    "reason",
                    arg(sigillo::account::text::secret_error_text(lang, &e)),
                )],
            )),
            Err(manage::ManageError::Account(e)) => {
                return Err(sigillo::account::text::account_error_text(lang, &e));
            }
        };
        self.passwords.insert(id.to_owned(), Arc::new(password));
        self.restart(id);
        Ok(note)
    }

    /// Removes account `id`: settings and keyring entry (its messages stay in the store; the
    /// caller forgets its sync position there). Returns a note when the keyring entry could not
    /// be deleted.
    pub fn remove(&mut self, id: &str, lang: Lang) -> Result<Option<String>, String> {
        let dir = self.config_dir(lang)?;
        let removed = manage::remove(&mut self.book, &dir, &self.keyring, id)
            .map_err(|e| sigillo::account::text::account_error_text(lang, &e))?;
        self.passwords.remove(id);
        self.wakes.remove(id);
        self.generations.remove(id);
        self.health.remove(id);
        self.board.remove(id);
        Ok(match removed.password {
            Err(e) if self.keyring.is_available() => Some(tr_args(
                lang,
                "gui-accounts-keyring-delete-failed",
                &[(
                    "reason",
                    arg(sigillo::account::text::secret_error_text(lang, &e)),
                )],
            )),
            _ => None,
        })
    }

    /// "Sync now" for one account: wakes its worker, or starts it again when it had stopped.
    pub fn sync_now(&mut self, id: &str) {
        if matches!(
            self.board.get(id).phase,
            sigillo::net::status::Phase::Failed(_)
        ) {
            self.restart(id);
        } else if let Some(w) = self.wakes.get(id) {
            w.notify_one();
        }
    }

    /// The accounts.
    pub fn list(&self) -> &[Account] {
        &self.book.accounts
    }

    /// The account `draft` is sent from: the one chosen, else the first (the same one whose
    /// limit and domain the compose screen's checks use).
    fn sender(&self, draft: &compose::Draft, lang: Lang) -> Result<Account, String> {
        compose::sender(self.list(), &draft.from)
            .cloned()
            .ok_or_else(|| tr(lang, "gui-compose-no-account"))
    }

    /// True when no OS keyring can keep passwords (they are then asked for each session).
    pub fn keyring_unavailable(&self) -> bool {
        !self.keyring.is_available()
    }

    /// Adds an account: settings to the configuration file, password to the keyring. Returns a
    /// note for the user when the password could only be kept for this session.
    pub fn add(
        &mut self,
        account: Account,
        password: Arc<Secret>,
        lang: Lang,
    ) -> Result<Option<String>, String> {
        let dir = self.config_dir(lang)?;
        let id = account.id.clone();
        let failed = manage::add(
            &mut self.book,
            &dir,
            &self.keyring,
            account,
            &password,
            chrono::Utc::now(),
        )
        .map_err(|e| sigillo::account::text::account_error_text(lang, &e))?;
        let note = failed.map(|e| match e {
            sigillo::account::SecretError::Unavailable(_) if !self.keyring.is_available() => {
                tr(lang, "gui-wizard-keyring-unavailable")
            }
            e => tr_args(
                lang,
                "gui-wizard-keyring-failed",
                &[(
                    "reason",
                    arg(sigillo::account::text::secret_error_text(lang, &e)),
                )],
            ),
        });
        self.dir = Some(dir);
        self.passwords.insert(id.clone(), password);
        self.wakes.insert(id.clone(), Arc::new(Notify::new()));
        self.restart(&id);
        Ok(note)
    }

    /// The POP3 accounts with their "delete from the server after N days" rule.
    pub fn pop3_rules(&self) -> Vec<(String, Option<u32>)> {
        self.book
            .accounts
            .iter()
            .filter(|a| a.incoming == sigillo::account::Incoming::Pop3)
            .map(|a| (a.id.clone(), a.pop3.delete_after_days))
            .collect()
    }

    /// Changes the deletion rule of a POP3 account (`None`: never delete, the default).
    pub fn set_pop3_rule(&mut self, id: &str, days: Option<u32>, lang: Lang) -> Result<(), String> {
        let dir = self.config_dir(lang)?;
        let mut account = self.book.get(id).cloned().ok_or_else(|| {
            sigillo::account::text::account_error_text(
                lang,
                &sigillo::account::AccountError::NotFound(id.to_owned()),
            )
        })?;
        account.pop3.delete_after_days = days;
        self.book
            .update(account)
            .map_err(|e| sigillo::account::text::account_error_text(lang, &e))?;
        self.book
            .save(&dir)
            .map_err(|e| sigillo::account::text::account_error_text(lang, &e))?;
        self.restart(id);
        Ok(())
    }

    /// One sync worker per account that has a password.
    pub fn subscriptions(&self, profile: &Path, trust: Arc<TrustList>) -> Subscription<SyncEvent> {
        Subscription::batch(self.book.accounts.iter().filter_map(|a| {
            let password = self.passwords.get(&a.id)?.clone();
            Some(Subscription::run_with(
                SyncJob {
                    profile: profile.to_owned(),
                    account: a.clone(),
                    password,
                    trust: trust.clone(),
                    wake: self.wakes.get(&a.id).cloned(),
                    generation: self.generations.get(&a.id).copied().unwrap_or(0),
                },
                SyncJob::stream,
            ))
        }))
    }

    /// Wakes every worker ("sync now").
    pub fn wake_all(&self) {
        for w in self.wakes.values() {
            w.notify_one();
        }
    }

    /// Wakes the IMAP workers only, to tell their servers what was read here (POP3 has no read
    /// state: a wake would only make it list the mailbox again).
    pub fn wake_for_read(&self) {
        for a in &self.book.accounts {
            if a.incoming == sigillo::account::Incoming::Imap
                && let Some(w) = self.wakes.get(&a.id)
            {
                w.notify_one();
            }
        }
    }

    /// Takes a sync event; returns true when the lists should be reloaded.
    pub fn on_event(&mut self, event: &SyncEvent, _lang: Lang) -> bool {
        self.board.apply(event, chrono::Utc::now());
        matches!(event, SyncEvent::Finished { .. })
    }

    /// The desktop notification an event deserves, if any: a new PEC or a delivery failure,
    /// for an account whose notifications are on. (summary, body, message id.)
    pub fn notification(&self, event: &SyncEvent, lang: Lang) -> Option<(String, String, i64)> {
        let SyncEvent::Stored {
            id,
            account,
            new_message: true,
            kind,
            ..
        } = event
        else {
            return None;
        };
        if !self.book.get(account).is_some_and(|a| a.notify) {
            return None;
        }
        let (summary, body) = match kind {
            Some(PecKind::PostaCertificata) => ("gui-notify-new-pec", "gui-notify-new-pec-body"),
            Some(
                PecKind::ErroreConsegna
                | PecKind::NonAccettazione
                | PecKind::PreavvisoErroreConsegna
                | PecKind::RilevazioneVirus,
            ) => ("gui-notify-failure", "gui-notify-failure-body"),
            _ => return None,
        };
        Some((tr(lang, summary), tr(lang, body), *id))
    }

    /// Asks the server of `account_id` how full the mailbox is.
    pub fn health_check(
        &self,
        account_id: &str,
    ) -> Option<
        impl std::future::Future<Output = (String, Option<sigillo::net::health::Usage>)>
        + Send
        + 'static
        + use<>,
    > {
        let account = self
            .book
            .accounts
            .iter()
            .find(|a| a.id == account_id)?
            .clone();
        let password = Secret::clone(self.passwords.get(account_id)?);
        Some(async move {
            let usage = sigillo::net::health::mailbox_usage(
                &account,
                &password,
                sigillo::net::tls::Timeouts::default(),
            )
            .await
            .ok()
            .flatten();
            (account.id, usage)
        })
    }

    /// Records a mailbox's usage.
    pub fn set_health(&mut self, account_id: String, usage: Option<sigillo::net::health::Usage>) {
        match usage {
            Some(u) => {
                self.health.insert(account_id, u);
            }
            None => {
                self.health.remove(&account_id);
            }
        }
    }

    /// Warnings about mailboxes that are (nearly) full, worst first.
    pub fn health_warnings(&self, lang: Lang) -> Vec<(sigillo::net::health::Level, String)> {
        use sigillo::net::health::Level;
        let mut out: Vec<(Level, String)> = self
            .health
            .iter()
            .filter_map(|(id, u)| {
                let level = u.level();
                let key = match level {
                    Level::Ok => return None,
                    Level::Warning => "gui-quota-warning",
                    Level::Critical => "gui-quota-critical",
                };
                Some((
                    level,
                    tr_args(
                        lang,
                        key,
                        &[
                            ("account", arg(id.clone())),
                            ("percent", arg(u.percent().unwrap_or(0).to_string())),
                        ],
                    ),
                ))
            })
            .collect();
        out.sort_by_key(|w| std::cmp::Reverse(w.0));
        out
    }

    /// One line per account: its id, what its worker is doing, and whether it is failing (a
    /// password about to expire counts as failing too).
    pub fn status_lines(&self, lang: Lang) -> Vec<(String, String, bool)> {
        let now = chrono::Utc::now();
        self.book
            .accounts
            .iter()
            .map(|a| {
                let s = self.board.get(&a.id);
                let mut line = sigillo::net::text::account_status_line(lang, &a.id, &s);
                let expiring = sigillo::account::text::password_needs_attention(a, now);
                if expiring
                    && let Some(t) = sigillo::account::text::password_expiry_text(lang, a, now)
                {
                    line = format!("{line} — {t}");
                }
                (a.id.clone(), line, s.failing() || expiring)
            })
            .collect()
    }

    /// Starts sending a draft with the first account.
    pub fn send(
        &self,
        profile: &Path,
        draft: &compose::Draft,
        lang: Lang,
    ) -> Result<impl futures_util::Stream<Item = SendProgress> + Send + 'static, String> {
        let account = self.sender(draft, lang)?;
        let password = self
            .passwords
            .get(&account.id)
            .ok_or_else(|| tr(lang, "gui-compose-no-password"))?;
        let net_draft = draft.to_net().map_err(|e| {
            tr_args(
                lang,
                "gui-attachment-save-failed",
                &[("reason", arg(e.to_string()))],
            )
        })?;
        Ok(sigillo::net::send::send_stream(
            profile.to_owned(),
            account,
            Secret::clone(password),
            net_draft,
            SendOptions::default(),
        ))
    }
}

/// What one sync worker needs; its identity is the account id and the accounts' generation.
struct SyncJob {
    profile: PathBuf,
    account: Account,
    password: Arc<Secret>,
    trust: Arc<TrustList>,
    wake: Option<Arc<Notify>>,
    generation: u64,
}

impl Hash for SyncJob {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.account.id.hash(state);
        self.profile.hash(state);
        self.generation.hash(state);
    }
}

impl SyncJob {
    fn stream(job: &SyncJob) -> impl futures_util::Stream<Item = SyncEvent> + Send + use<> {
        sigillo::net::sync::watch_stream(
            job.profile.clone(),
            job.account.clone(),
            Secret::clone(&job.password),
            SyncOptions {
                verify_with: Some(job.trust.clone()),
                wake: job.wake.clone(),
                ..SyncOptions::default()
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sigillo::account::presets::PRESETS;

    fn two_accounts() -> Accounts {
        let mut accounts = Accounts::load(None, true);
        for (id, address) in [
            ("studio", "studio@pec.esempio.it"),
            ("ufficio", "ufficio@pec.esempio.it"),
        ] {
            accounts
                .book
                .accounts
                .push(Account::from_preset(id, address, &PRESETS[0]));
        }
        accounts
    }

    #[test]
    fn reading_wakes_only_the_imap_workers() {
        use futures_util::FutureExt;
        let mut accounts = two_accounts();
        accounts.book.accounts[1].incoming = sigillo::account::Incoming::Pop3;
        for a in &accounts.book.accounts {
            accounts.wakes.insert(a.id.clone(), Arc::new(Notify::new()));
        }
        accounts.wake_for_read();
        // A wake is a stored permit: the next wait returns at once.
        let woken = |id: &str| accounts.wakes[id].notified().now_or_never().is_some();
        assert!(woken("studio"), "the IMAP worker");
        assert!(!woken("ufficio"), "not the POP3 one");
    }

    #[test]
    fn the_message_is_sent_from_the_account_chosen_else_the_first() {
        let accounts = two_accounts();
        let senders: Vec<(&str, &str)> = accounts
            .list()
            .iter()
            .map(|a| (a.id.as_str(), a.address.as_str()))
            .collect();
        assert_eq!(
            senders,
            [
                ("studio", "studio@pec.esempio.it"),
                ("ufficio", "ufficio@pec.esempio.it")
            ]
        );
        let mut draft = compose::Draft::default();
        assert_eq!(accounts.sender(&draft, Lang::It).unwrap().id, "studio");
        draft.from = "ufficio".into();
        assert_eq!(accounts.sender(&draft, Lang::It).unwrap().id, "ufficio");
        // An account removed since it was chosen: not sent from another one silently.
        draft.from = "rimosso".into();
        assert!(accounts.sender(&draft, Lang::It).is_err());
        assert!(
            Accounts::load(None, true)
                .sender(&compose::Draft::default(), Lang::It)
                .is_err()
        );
    }
}
