//! Words for connections, sync and sending: every error of this layer as a sentence the user
//! can act on, progress lines, recipient hints and each account's sync status in one line.

use super::NetError;
use super::compose::{ComposeError, RecipientHint};
use super::send::{SendError, SendEvent};
use super::status::{AccountStatus, Phase};
use super::sync::{SyncError, SyncEvent};
use crate::i18n::{Lang, arg, local_time_text, num, tr, tr_args};

/// A network error as a sentence: what failed and what to do.
pub fn net_error_text(lang: Lang, e: &NetError) -> String {
    match e {
        NetError::Dns { host, detail } => tr_args(
            lang,
            "net-error-dns",
            &[("host", arg(host)), ("detail", arg(detail))],
        ),
        NetError::Tcp { host, port, detail } => tr_args(
            lang,
            "net-error-tcp",
            &[
                ("host", arg(host)),
                ("port", num(*port as usize)),
                ("detail", arg(detail)),
            ],
        ),
        NetError::Timeout { host, port, stage } => tr_args(
            lang,
            "net-error-timeout",
            &[
                ("host", arg(host)),
                ("port", num(*port as usize)),
                (
                    "stage",
                    arg(tr(lang, &format!("net-stage-{}", stage.as_str()))),
                ),
            ],
        ),
        NetError::CertUntrusted {
            host,
            issuer,
            fingerprint,
        } => tr_args(
            lang,
            "net-error-cert-untrusted",
            &[
                ("host", arg(host)),
                ("issuer", arg(issuer)),
                ("fingerprint", arg(fingerprint)),
            ],
        ),
        NetError::CertExpired { host, not_after } => tr_args(
            lang,
            "net-error-cert-expired",
            &[("host", arg(host)), ("date", arg(not_after))],
        ),
        NetError::CertNotYetValid { host, not_before } => tr_args(
            lang,
            "net-error-cert-not-yet-valid",
            &[("host", arg(host)), ("date", arg(not_before))],
        ),
        NetError::CertWrongHost { host, names } => tr_args(
            lang,
            "net-error-cert-wrong-host",
            &[("host", arg(host)), ("names", arg(names))],
        ),
        NetError::PinMismatch {
            host,
            expected,
            found,
        } => tr_args(
            lang,
            "net-error-pin-mismatch",
            &[
                ("host", arg(host)),
                ("expected", arg(expected)),
                ("found", arg(found)),
            ],
        ),
        NetError::Tls { host, detail } => tr_args(
            lang,
            "net-error-tls",
            &[("host", arg(host)), ("detail", arg(detail))],
        ),
        NetError::StartTlsUnsupported { host } => {
            tr_args(lang, "net-error-starttls", &[("host", arg(host))])
        }
        NetError::Login { detail } => tr_args(lang, "net-error-login", &[("detail", arg(detail))]),
        NetError::Folder { folder, detail } => tr_args(
            lang,
            "net-error-folder",
            &[("folder", arg(folder)), ("detail", arg(detail))],
        ),
        NetError::Protocol { detail } => {
            tr_args(lang, "net-error-protocol", &[("detail", arg(detail))])
        }
        NetError::Refused { command, detail } => tr_args(
            lang,
            "net-error-refused",
            &[("command", arg(command)), ("detail", arg(detail))],
        ),
        NetError::Unavailable { command, detail } => tr_args(
            lang,
            "net-error-unavailable",
            &[("command", arg(command)), ("detail", arg(detail))],
        ),
        NetError::ConnectionLost { detail } => {
            tr_args(lang, "net-error-lost", &[("detail", arg(detail))])
        }
    }
}

/// A sync error as a sentence.
pub fn sync_error_text(lang: Lang, e: &SyncError) -> String {
    match e {
        SyncError::Net(n) => net_error_text(lang, n),
        SyncError::Store(s) => tr_args(lang, "store-error", &[("reason", arg(s.to_string()))]),
    }
}

/// A compose rule broken, as a sentence.
pub fn compose_error_text(lang: Lang, e: &ComposeError) -> String {
    match e {
        ComposeError::BccNotAllowed => tr(lang, "compose-error-bcc"),
        ComposeError::NoRecipients => tr(lang, "compose-error-no-recipients"),
        ComposeError::InvalidAddress(a) => {
            tr_args(lang, "compose-error-address", &[("address", arg(a))])
        }
        ComposeError::TooLarge {
            size,
            recipients,
            total,
            limit,
        } => tr_args(
            lang,
            "compose-error-too-large",
            &[
                ("size", num(*size as usize)),
                ("recipients", num(*recipients as usize)),
                ("total", num(*total as usize)),
                ("limit", num(*limit as usize)),
            ],
        ),
        ComposeError::WrongSender { expected, found } => tr_args(
            lang,
            "compose-error-sender",
            &[("expected", arg(expected)), ("found", arg(found))],
        ),
        ComposeError::Unreadable(d) => {
            tr_args(lang, "compose-error-unreadable", &[("detail", arg(d))])
        }
        ComposeError::Build(d) => tr_args(lang, "compose-error-build", &[("detail", arg(d))]),
        ComposeError::NotificaSintetica => tr(lang, "compose-error-notifica-sintetica"),
        ComposeError::NotificaCc => tr(lang, "compose-error-notifica-cc"),
    }
}

/// A sending error as a sentence.
pub fn send_error_text(lang: Lang, e: &SendError) -> String {
    match e {
        SendError::Compose(c) => compose_error_text(lang, c),
        SendError::Net(n) => tr_args(
            lang,
            "send-error-net",
            &[("reason", arg(net_error_text(lang, n)))],
        ),
        SendError::Store(s) => tr_args(lang, "send-error-store", &[("reason", arg(s.to_string()))]),
        SendError::StoreUnavailable(s) => tr_args(
            lang,
            "send-error-store-unavailable",
            &[("reason", arg(s.to_string()))],
        ),
        SendError::Uncertain { message_id, error } => tr_args(
            lang,
            "send-error-uncertain",
            &[
                ("id", arg(message_id)),
                ("reason", arg(net_error_text(lang, error))),
            ],
        ),
    }
}

/// The warning or note for a recipient before sending.
pub fn recipient_hint_text(lang: Lang, address: &str, hint: RecipientHint) -> String {
    tr_args(
        lang,
        &format!("recipient-hint-{}", hint.as_str()),
        &[("address", arg(address))],
    )
}

/// One line of sync progress.
pub fn sync_event_text(lang: Lang, e: &SyncEvent) -> String {
    match e {
        SyncEvent::Connecting { account } => {
            tr_args(lang, "sync-connecting", &[("account", arg(account))])
        }
        SyncEvent::Connected { account } => {
            tr_args(lang, "sync-connected", &[("account", arg(account))])
        }
        SyncEvent::Folder {
            account,
            folder,
            to_fetch,
        } => tr_args(
            lang,
            "sync-folder",
            &[
                ("account", arg(account)),
                ("folder", arg(folder)),
                ("count", num(*to_fetch)),
            ],
        ),
        SyncEvent::Stored {
            account,
            folder,
            done,
            total,
            ..
        } => tr_args(
            lang,
            "sync-stored",
            &[
                ("account", arg(account)),
                ("folder", arg(folder)),
                ("done", num(*done)),
                ("total", num(*total)),
            ],
        ),
        SyncEvent::UidValidityChanged { account, folder } => tr_args(
            lang,
            "sync-uidvalidity",
            &[("account", arg(account)), ("folder", arg(folder))],
        ),
        SyncEvent::Finished { account, summary } => tr_args(
            lang,
            "sync-finished",
            &[
                ("account", arg(account)),
                ("fetched", num(summary.fetched)),
                ("new", num(summary.new_messages)),
            ],
        ),
        SyncEvent::Waiting {
            account,
            idle,
            seconds,
        } => tr_args(
            lang,
            if *idle {
                "sync-waiting-idle"
            } else {
                "sync-waiting-poll"
            },
            &[
                ("account", arg(account)),
                ("seconds", num(*seconds as usize)),
            ],
        ),
        SyncEvent::Retrying {
            account,
            error,
            in_seconds,
            ..
        } => tr_args(
            lang,
            "sync-retrying",
            &[
                ("account", arg(account)),
                ("reason", arg(net_error_text(lang, error))),
                ("seconds", num(*in_seconds as usize)),
            ],
        ),
        SyncEvent::Failed { account, error } => tr_args(
            lang,
            "sync-failed",
            &[
                ("account", arg(account)),
                ("reason", arg(sync_error_text(lang, error))),
            ],
        ),
    }
}

/// One line of sending progress.
pub fn send_event_text(lang: Lang, e: &SendEvent) -> String {
    match e {
        SendEvent::Prepared { bytes, recipients } => tr_args(
            lang,
            "send-prepared",
            &[("bytes", num(*bytes)), ("recipients", num(*recipients))],
        ),
        SendEvent::Connecting => tr(lang, "send-connecting"),
        SendEvent::Submitting => tr(lang, "send-submitting"),
        SendEvent::Submitted { reply } => tr_args(lang, "send-submitted", &[("reply", arg(reply))]),
        SendEvent::Stored { id } => tr_args(lang, "send-stored", &[("id", num(*id as usize))]),
        SendEvent::Appending { folder } => {
            tr_args(lang, "send-appending", &[("folder", arg(folder))])
        }
        SendEvent::Appended { folder } => {
            tr_args(lang, "send-appended", &[("folder", arg(folder))])
        }
        SendEvent::AppendFailed { error } => tr_args(
            lang,
            "send-append-failed",
            &[("reason", arg(net_error_text(lang, error)))],
        ),
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::Stage;

    fn all_net_errors() -> Vec<NetError> {
        let s = || "x".to_owned();
        vec![
            NetError::Dns {
                host: s(),
                detail: s(),
            },
            NetError::Tcp {
                host: s(),
                port: 1,
                detail: s(),
            },
            NetError::Timeout {
                host: s(),
                port: 1,
                stage: Stage::Tls,
            },
            NetError::CertUntrusted {
                host: s(),
                issuer: s(),
                fingerprint: "AB:CD".into(),
            },
            NetError::CertExpired {
                host: s(),
                not_after: s(),
            },
            NetError::CertNotYetValid {
                host: s(),
                not_before: s(),
            },
            NetError::CertWrongHost {
                host: s(),
                names: s(),
            },
            NetError::PinMismatch {
                host: s(),
                expected: s(),
                found: s(),
            },
            NetError::Tls {
                host: s(),
                detail: s(),
            },
            NetError::StartTlsUnsupported { host: s() },
            NetError::Login { detail: s() },
            NetError::Folder {
                folder: s(),
                detail: s(),
            },
            NetError::Protocol { detail: s() },
            NetError::Refused {
                command: s(),
                detail: s(),
            },
            NetError::Unavailable {
                command: s(),
                detail: s(),
            },
            NetError::ConnectionLost { detail: s() },
        ]
    }

    #[test]
    fn every_network_error_has_words_in_both_languages() {
        for lang in Lang::ALL {
            for e in all_net_errors() {
                let t = net_error_text(lang, &e);
                assert!(!t.starts_with("net-error"), "{lang:?} {e:?}: {t}");
                assert!(!t.contains("net-stage-"), "{t}");
            }
        }
        let t = net_error_text(
            Lang::It,
            &NetError::CertUntrusted {
                host: "imaps.example.it".into(),
                issuer: "Io".into(),
                fingerprint: "AB:CD".into(),
            },
        );
        assert!(t.contains("AB:CD") && t.contains("imaps.example.it"), "{t}");
    }

    #[test]
    fn compose_errors_and_hints_have_words() {
        for lang in Lang::ALL {
            for e in [
                ComposeError::BccNotAllowed,
                ComposeError::NoRecipients,
                ComposeError::InvalidAddress("a".into()),
                ComposeError::TooLarge {
                    size: 1,
                    recipients: 2,
                    total: 2,
                    limit: 1,
                },
                ComposeError::WrongSender {
                    expected: "a".into(),
                    found: "b".into(),
                },
                ComposeError::Unreadable("x".into()),
                ComposeError::Build("x".into()),
                ComposeError::NotificaSintetica,
                ComposeError::NotificaCc,
            ] {
                let t = compose_error_text(lang, &e);
                assert!(!t.starts_with("compose-error"), "{t}");
            }
            for h in [
                RecipientHint::CertifiedBefore,
                RecipientHint::ProbablyPec,
                RecipientHint::ExternalBefore,
                RecipientHint::ProbablyNotPec,
            ] {
                let t = recipient_hint_text(lang, "a@b.it", h);
                assert!(t.contains("a@b.it"), "{t}");
            }
        }
        assert!(compose_error_text(Lang::It, &ComposeError::BccNotAllowed).contains("Ccn"));
    }
}
