//! Headless tests of the accounts in the window (iced's simulator): the accounts section lists
//! every account with its servers, state and counts; a failed sync shows in the section, in the
//! folder column and in the status area; editing asks before saving untested settings; removal
//! asks, says what stays, and leaves the messages in the store; and, against the test provider
//! and a private gnome-keyring, a password changed in the window reaches the keyring and the next
//! sync uses it.

use std::sync::Arc;

use iced_test::simulator;

use sigillo::account::presets::PRESETS;
use sigillo::account::{Account, AccountBook, Incoming, Keyring, Secret};
use sigillo::i18n::{Lang, tr, tr_args};
use sigillo::net::NetError;
use sigillo::net::check::check_account;
use sigillo::net::sync::{SyncError, SyncEvent, SyncSummary};
use sigillo::net::tls::Timeouts;

use super::account_settings::{self as panel, AccountsPanel, Field};
use super::accounts::Accounts;
use super::tests::texts;

/// A configuration folder with an Aruba account (IMAP) and a custom POP3 one.
fn two_accounts(dir: &std::path::Path) -> Accounts {
    let mut book = AccountBook::default();
    book.add(Account::from_preset("studio", "studio@pec.it", &PRESETS[0]))
        .unwrap();
    let mut pop = Account::from_preset("ufficio", "ufficio@legalmail.it", &PRESETS[2]);
    pop.incoming = Incoming::Pop3;
    pop.incoming_server.port = 995;
    book.add(pop).unwrap();
    book.save(dir).unwrap();
    Accounts::with_keyring(dir, Keyring::unavailable("test: no keyring"))
}

fn login_refused(account: &str) -> SyncEvent {
    SyncEvent::Failed {
        account: account.into(),
        error: Arc::new(SyncError::Net(NetError::Login {
            detail: "[AUTHENTICATIONFAILED] Authentication failed.".into(),
        })),
    }
}

#[test]
fn the_accounts_section_shows_every_account_and_which_one_failed() {
    let dir = tempfile::tempdir().unwrap();
    let mut accounts = two_accounts(dir.path());
    let lang = Lang::It;
    accounts.on_event(&login_refused("studio"), lang);
    accounts.on_event(
        &SyncEvent::Finished {
            account: "ufficio".into(),
            summary: SyncSummary {
                new_messages: 2,
                ..SyncSummary::default()
            },
        },
        lang,
    );
    let counts = [("ufficio".to_owned(), (1usize, 7usize))].into();
    let panel = AccountsPanel::default();
    let found = texts(panel.view(lang, &accounts, &counts, true));
    let has = |s: &str| found.iter().any(|(t, _)| t == s);
    let contains = |s: &str| found.iter().any(|(t, _)| t.contains(s));
    assert!(has("studio — studio@pec.it"), "{found:?}");
    assert!(has("ufficio — ufficio@legalmail.it"));
    assert!(has("IMAP") && has("POP3"));
    assert!(contains("imaps.pec.aruba.it:993"));
    assert!(contains("mbox.cert.legalmail.it:995"));
    // The failure in words, with what to do: Aruba's application password and where to renew
    // it, with the page that says it lasts three months.
    assert!(contains("Il server ha rifiutato l'accesso"), "{found:?}");
    assert!(contains("https://account.aruba.it/pec"));
    assert!(contains("90 giorni"));
    // The other account: its last sync and counts.
    assert!(contains("2 messaggi nuovi"), "{found:?}");
    assert!(has(&tr_args(
        lang,
        "gui-accounts-counts",
        &[
            ("unread", sigillo::i18n::num(1)),
            ("total", sigillo::i18n::num(7))
        ]
    )));
    assert!(has(&tr(lang, "gui-wizard-keyring-unavailable")));

    // The status area has one line per account; the failing one says so.
    let lines = accounts.status_lines(lang);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0].0, "studio");
    assert!(lines[0].2, "studio is failing");
    assert!(lines[0].1.contains("rifiutato"), "{:?}", lines[0]);
    assert!(!lines[1].2, "ufficio is fine");

    // The folder column shows both accounts, before any message is stored, and the failure.
    let mailbox = super::mailbox::Mailbox::default();
    let marks = vec![
        super::mailbox::AccountMark {
            id: "studio".into(),
            problem: Some("ferma: accesso rifiutato".into()),
        },
        super::mailbox::AccountMark {
            id: "ufficio".into(),
            problem: None,
        },
    ];
    let side = texts(mailbox.sidebar(lang, &marks));
    assert!(side.iter().any(|(t, _)| t == "⚠ studio"), "{side:?}");
    assert!(side.iter().any(|(t, _)| t == "ufficio"));
    assert!(side.iter().any(|(t, _)| t == "ferma: accesso rifiutato"));
}

#[test]
fn an_account_is_edited_in_the_window_and_an_untested_change_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut accounts = two_accounts(dir.path());
    let lang = Lang::It;
    let counts = Default::default();
    let mut p = AccountsPanel::default();
    // "Modifica" on the first account, clicked through the real widgets.
    let mut ui = simulator(p.view(lang, &accounts, &counts, false));
    ui.click(tr(lang, "gui-accounts-edit").as_str())
        .expect("an edit button");
    let messages: Vec<panel::Message> = ui.into_messages().collect();
    assert!(!messages.is_empty());
    for m in messages {
        assert!(p.update(m, &accounts, lang).is_none());
    }
    assert_eq!(p.editing(), Some("studio"));
    let form = texts(p.view(lang, &accounts, &counts, false));
    assert!(
        form.iter()
            .any(|(t, _)| t.contains("Modifica di studio (studio@pec.it)"))
    );
    // A new port and STARTTLS, typed: saving without a test asks first.
    for m in [
        panel::Message::Field(Field::InPort, "143".into()),
        panel::Message::Security(true, panel::security_choices(lang)[1].clone()),
    ] {
        assert!(p.update(m, &accounts, lang).is_none());
    }
    assert!(p.update(panel::Message::Save, &accounts, lang).is_none());
    let asked = texts(p.view(lang, &accounts, &counts, false));
    assert!(
        asked
            .iter()
            .any(|(t, _)| *t == tr(lang, "gui-untested-question"))
    );
    // The question's "Salva comunque" button, clicked.
    let mut ui = simulator(p.view(lang, &accounts, &counts, false));
    ui.click(tr(lang, "gui-untested-save-anyway").as_str())
        .expect("save anyway");
    let mut saved = None;
    for m in ui.into_messages().collect::<Vec<_>>() {
        saved = p.update(m, &accounts, lang).or(saved);
    }
    let Some(panel::Event::Save(account, password)) = saved else {
        panic!("saving anyway hands the account over");
    };
    assert!(password.is_none(), "no password was typed");
    accounts.update_account(*account, lang).unwrap();
    let back = AccountBook::load(dir.path()).unwrap();
    let studio = back.get("studio").unwrap();
    assert_eq!(studio.incoming_server.port, 143);
    assert_eq!(
        studio.incoming_server.security,
        sigillo::net::tls::Security::StartTls
    );
    // Esc closes a form without saving.
    let _ = p.update(panel::Message::Edit("ufficio".into()), &accounts, lang);
    assert!(p.has_dialog());
    p.escape();
    assert!(!p.has_dialog());
}

#[test]
fn removing_an_account_asks_first_says_what_stays_and_keeps_its_messages() {
    let profile = tempfile::tempdir().unwrap();
    let config = profile.path().join("config");
    let raw = b"From: a@pec.example\r\nSubject: ricevuta\r\n\r\nciao\r\n".to_vec();
    {
        let mut store = sigillo::store::Store::open(profile.path()).unwrap();
        store
            .ingest(
                &raw,
                &sigillo::store::Source::Imap {
                    account: "studio".into(),
                    folder: "INBOX".into(),
                    uidvalidity: 1,
                    uid: 1,
                },
            )
            .unwrap();
    }
    let (mut app, _) = super::App::boot(super::Options {
        profile: Some(profile.path().to_owned()),
        ..super::Options::default()
    });
    app.accounts = two_accounts(&config);
    let _ = app.update(super::Message::Settings(
        super::settings::Message::Language(Lang::It),
    ));
    let lang = app.lang;
    app.screen = super::Screen::Settings;
    use super::Message as A;
    use panel::Message as P;
    // "Rimuovi" asks the store how many messages stay, then asks the user.
    let _ = app.update(A::AccountsPanel(P::Remove("studio".into())));
    let stored = app
        .data
        .as_ref()
        .unwrap()
        .with_store_now(|s| {
            s.count(&sigillo::store::ListQuery {
                account: Some("studio".into()),
                ..Default::default()
            })
        })
        .unwrap();
    assert_eq!(stored, 1);
    let _ = app.update(A::AccountsPanel(P::RemoveCounted("studio".into(), stored)));
    let shown = texts(app.view());
    assert!(
        shown
            .iter()
            .any(|(t, _)| t.contains("Rimuovere la casella studio")),
        "{shown:?}"
    );
    assert!(
        shown
            .iter()
            .any(|(t, _)| t.contains("il suo messaggio scaricato")),
        "what stays is said"
    );
    // Cancelling keeps it.
    let _ = app.update(A::AccountsPanel(P::CancelRemove));
    assert!(app.accounts.get("studio").is_some());
    // Confirmed through the button.
    let _ = app.update(A::AccountsPanel(P::Remove("studio".into())));
    let _ = app.update(A::AccountsPanel(P::RemoveCounted("studio".into(), 1)));
    let mut ui = simulator(app.view());
    ui.click(tr(lang, "gui-accounts-remove-confirm").as_str())
        .expect("the confirm button");
    for m in ui.into_messages().collect::<Vec<_>>() {
        let _ = app.update(m);
    }
    assert!(app.accounts.get("studio").is_none());
    assert!(AccountBook::load(&config).unwrap().get("studio").is_none());
    assert!(AccountBook::load(&config).unwrap().get("ufficio").is_some());
    // The message is still in the store, byte for byte.
    let data = app.data.as_ref().unwrap();
    let id = data
        .with_store_now(|s| s.list(&sigillo::store::ListQuery::default()))
        .unwrap()[0]
        .id;
    assert_eq!(data.with_store_now(|s| s.raw(id)).unwrap(), raw);
    let after = texts(app.view());
    assert!(
        after
            .iter()
            .any(|(t, _)| t.contains("Casella studio rimossa"))
    );
}

/// The private D-Bus session with gnome-keyring, from the integration tests' support.
use sigillo_test_support::keyring_session;

/// Set in the child process that runs against a private Secret Service.
const CHILD_ENV: &str = "SIGILLO_TEST_KEYRING_CHILD";

/// Against the test provider (real Dovecot, real TLS) and a real Secret Service (gnome-keyring
/// on a private D-Bus session): the provider changes the account's password, the next sync fails
/// and the window says so in the section, the folder column and the status area; the new
/// password typed in the window is tested, saved to the keyring (read back with secret-tool),
/// and the next sync, by a window started afresh, logs in with it.
#[test]
fn a_password_changed_in_the_window_reaches_the_keyring_and_the_next_sync() {
    if std::env::var_os(CHILD_ENV).is_some() {
        return password_change_child();
    }
    let keyring = keyring_session::PrivateKeyring::start();
    let work = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "gui::tests_accounts::a_password_changed_in_the_window_reaches_the_keyring_and_the_next_sync",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .envs(keyring.envs())
        .env(CHILD_ENV, work.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("1 passed"),
        "the child failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The keyring holds the new password under the account's key, as secret-tool reads it.
    let key = std::fs::read_to_string(work.path().join("keyring-key")).unwrap();
    assert_eq!(
        keyring
            .lookup(&[("service", sigillo::profile::APP_ID), ("username", &key)])
            .as_deref(),
        Some("Nuova-Pw-2")
    );
    // And the settings file has no password, only the date it was set.
    let settings =
        std::fs::read_to_string(work.path().join("profile/config/accounts.toml")).unwrap();
    assert!(!settings.contains("Nuova-Pw-2") && !settings.contains("Vecchia-Pw-1"));
    assert!(settings.contains("password_set"));
}

fn password_change_child() {
    use super::Message as A;
    use super::wizard::Message as W;
    use panel::Message as P;
    use sigillo_test_provider::provider::{Provider, ProviderConfig};

    let work = std::path::PathBuf::from(std::env::var_os(CHILD_ENV).unwrap());
    let profile = work.join("profile");
    let rt = tokio::runtime::Runtime::new().unwrap();
    let p = rt
        .block_on(Provider::start(ProviderConfig::for_tests()))
        .unwrap_or_else(|e| panic!("the test provider did not start: {e}"));
    let address = "giulia.ferri@pec.alfa.test";
    p.add_pec_account(address, "Vecchia-Pw-1").unwrap();
    assert!(
        Keyring::system().is_available(),
        "the child reaches the private Secret Service"
    );

    // The account is added through the wizard: tested, pinned, saved (password to the keyring).
    let (mut app, _) = super::App::boot(super::Options {
        profile: Some(profile.clone()),
        ..super::Options::default()
    });
    let _ = app.update(A::Settings(super::settings::Message::Language(Lang::It)));
    let lang = app.lang;
    for m in [
        W::Address(address.into()),
        W::Password("Vecchia-Pw-1".into()),
        W::InHost(p.host().into()),
        W::InPort(p.imaps_port().to_string()),
        W::SmtpHost(p.host().into()),
        W::SmtpPort(p.smtps_port().to_string()),
    ] {
        let _ = app.update(A::Wizard(m));
    }
    let tls_fp = |report: &sigillo::net::check::CheckReport| match &report.incoming {
        Err(NetError::CertUntrusted { fingerprint, .. }) => fingerprint.clone(),
        other => panic!("expected the test provider's self-signed certificate, got {other:?}"),
    };
    let account = app.wizard.account().unwrap();
    let first = rt.block_on(check_account(
        &account,
        &Secret::new("Vecchia-Pw-1"),
        Timeouts::default(),
    ));
    let fp = tls_fp(&first);
    let _ = app.update(A::Wizard(W::Pin {
        host: p.host().into(),
        fingerprint: fp,
    }));
    let account = app.wizard.account().unwrap();
    let report = rt.block_on(check_account(
        &account,
        &Secret::new("Vecchia-Pw-1"),
        Timeouts::default(),
    ));
    assert!(report.ok(), "{report:?}");
    let _ = app.update(A::Wizard(W::Tested(Arc::new(report))));
    let _ = app.update(A::Wizard(W::Save));
    let id = app.accounts.list()[0].id.clone();
    let key = app.accounts.list()[0].keyring_key.clone();
    std::fs::write(work.join("keyring-key"), &key).unwrap();

    // The provider makes the old password invalid (an application password that expired).
    p.add_pec_account(address, "Nuova-Pw-2").unwrap();
    // Dovecot reads its password file again at most once a second: wait until it refuses the
    // old password (bounded).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    loop {
        let old = app.accounts.get(&id).unwrap().clone();
        let r = rt.block_on(check_account(
            &old,
            &Secret::new("Vecchia-Pw-1"),
            Timeouts::default(),
        ));
        if matches!(r.incoming, Err(NetError::Login { .. })) {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the provider still takes the old password: {r:?}"
        );
        std::thread::sleep(std::time::Duration::from_millis(300));
    }
    let sync = |app: &mut super::App| -> Vec<SyncEvent> {
        let account = app.accounts.get(&id).unwrap().clone();
        let password = app.accounts.password(&id).expect("a password this session");
        let events: Vec<SyncEvent> = rt.block_on(async {
            use futures_util::StreamExt;
            sigillo::net::sync::sync_stream(
                profile.clone(),
                account,
                password,
                sigillo::net::sync::SyncOptions::default(),
            )
            .collect()
            .await
        });
        for e in &events {
            let _ = app.update(A::Sync(e.clone()));
        }
        events
    };
    let events = sync(&mut app);
    assert!(
        matches!(events.last(), Some(SyncEvent::Failed { .. })),
        "{events:?}"
    );
    assert!(app.accounts.status(&id).login_refused());
    app.screen = super::Screen::Mailbox;
    let shown = texts(app.view());
    assert!(
        shown.iter().any(|(t, _)| *t == format!("⚠ {id}")),
        "the folder column shows the failing account: {shown:?}"
    );
    assert!(
        shown
            .iter()
            .any(|(t, _)| t.starts_with(&format!("{id}: ")) && t.contains("rifiutato")),
        "the status area says it"
    );

    // The new password, typed in the accounts section: saving untested asks, a test passes,
    // and saving sends it to the keyring.
    app.screen = super::Screen::Settings;
    let _ = app.update(A::AccountsPanel(P::Edit(id.clone())));
    let _ = app.update(A::AccountsPanel(P::Field(
        Field::Password,
        "Nuova-Pw-2".into(),
    )));
    let _ = app.update(A::AccountsPanel(P::Save));
    assert!(
        texts(app.view())
            .iter()
            .any(|(t, _)| *t == tr(lang, "gui-untested-question"))
    );
    let account = app.accounts.get(&id).unwrap().clone();
    let report = rt.block_on(check_account(
        &account,
        &Secret::new("Nuova-Pw-2"),
        Timeouts::default(),
    ));
    assert!(report.ok(), "{report:?}");
    let _ = app.update(A::AccountsPanel(P::Tested(id.clone(), Arc::new(report))));
    let _ = app.update(A::AccountsPanel(P::Save));
    assert_eq!(app.accounts_panel.editing(), None, "saved and closed");
    assert_eq!(
        Keyring::system().get(&key).unwrap().unwrap().expose(),
        "Nuova-Pw-2"
    );
    assert!(
        !app.accounts.status(&id).failing(),
        "its worker starts again"
    );

    // A window started afresh reads the password from the keyring; its sync logs in.
    let (mut again, _) = super::App::boot(super::Options {
        profile: Some(profile.clone()),
        ..super::Options::default()
    });
    let events = sync(&mut again);
    assert!(
        matches!(events.last(), Some(SyncEvent::Finished { .. })),
        "{events:?}"
    );
    assert!(!again.accounts.status(&id).failing());
}

#[test]
fn notifications_follow_each_accounts_setting_and_name_the_message() {
    let dir = tempfile::tempdir().unwrap();
    let mut accounts = two_accounts(dir.path());
    let stored = |account: &str, kind, id| SyncEvent::Stored {
        id,
        account: account.into(),
        folder: "INBOX".into(),
        done: 1,
        total: 1,
        new_message: true,
        kind: Some(kind),
    };
    use sigillo::pec::PecKind;
    let n = accounts
        .notification(&stored("studio", PecKind::PostaCertificata, 41), Lang::It)
        .expect("a new PEC is announced");
    assert_eq!(n.2, 41, "clicking opens this message");
    assert_eq!(n.0, tr(Lang::It, "gui-notify-new-pec"));
    assert!(
        accounts
            .notification(&stored("studio", PecKind::ErroreConsegna, 42), Lang::It)
            .is_some_and(|n| n.0 == tr(Lang::It, "gui-notify-failure"))
    );
    // Receipts that say all is well are not worth a notification.
    assert!(
        accounts
            .notification(&stored("studio", PecKind::AvvenutaConsegna, 43), Lang::It)
            .is_none()
    );
    // Turned off for one account in its settings: that account stays silent, the other not.
    let mut ufficio = accounts.get("ufficio").unwrap().clone();
    ufficio.notify = false;
    accounts.update_account(ufficio, Lang::It).unwrap();
    assert!(
        accounts
            .notification(&stored("ufficio", PecKind::PostaCertificata, 44), Lang::It)
            .is_none()
    );
    assert!(
        !AccountBook::load(dir.path())
            .unwrap()
            .get("ufficio")
            .unwrap()
            .notify
    );
    assert!(
        accounts
            .notification(&stored("studio", PecKind::PostaCertificata, 45), Lang::It)
            .is_some()
    );
}
