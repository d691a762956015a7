//! The result of a connection test as the wizard and the accounts section show it: one line per
//! server (incoming, SMTP) saying which step failed, and for a certificate the system does not
//! know, its fingerprint and a button to trust it for that host (one pin serves both servers
//! when they share a host). A refused login says that an application password may have expired
//! and where to renew it, for providers that use them.

use iced::Element;
use iced::widget::{button, column, text};

use sigillo::account::Account;
use sigillo::i18n::{Lang, arg, tr, tr_args};
use sigillo::net::NetError;
use sigillo::net::check::CheckReport;

use super::style;

/// The report of a test of `account`; `on_pin(host, fingerprint)` is the message of the
/// "trust this certificate" button.
pub fn report_view<'a, M: Clone + 'a>(
    lang: Lang,
    account: Option<&Account>,
    report: &CheckReport,
    on_pin: impl Fn(String, String) -> M,
) -> Element<'a, M> {
    let incoming = report.incoming.as_ref().map(|i| {
        tr_args(
            lang,
            "gui-wizard-incoming-ok",
            &[("messages", sigillo::i18n::num(i.inbox_messages as usize))],
        )
    });
    let smtp = report.smtp.as_ref().map(|_| tr(lang, "gui-wizard-smtp-ok"));
    let mut col = column![].spacing(6);
    let mut pinned_hosts: Vec<String> = Vec::new();
    for (label, result) in [
        (tr(lang, "gui-wizard-incoming"), incoming),
        (tr(lang, "gui-wizard-smtp"), smtp),
    ] {
        match result {
            Ok(info) => {
                col = col.push(
                    text(format!("✓ {label}: {info}"))
                        .size(13)
                        .color(style::status_color(sigillo::verify::Status::Valid)),
                )
            }
            Err(e) => {
                col = col.push(
                    text(format!(
                        "✗ {label}: {}",
                        sigillo::net::text::net_error_text(lang, e)
                    ))
                    .size(13)
                    .color(style::status_color(sigillo::verify::Status::Tampered)),
                );
                if let NetError::Login { .. } = e
                    && let Some(a) = account
                {
                    col = col
                        .push(text(sigillo::account::text::login_refused_hint(lang, a)).size(12));
                }
                if let NetError::CertUntrusted {
                    host, fingerprint, ..
                } = e
                    && !pinned_hosts.contains(host)
                {
                    // The same host behind both servers shows one certificate: one button.
                    pinned_hosts.push(host.clone());
                    col = col.push(text(tr(lang, "gui-wizard-pin-explained")).size(12));
                    col = col.push(
                        button(
                            text(tr_args(
                                lang,
                                "gui-wizard-pin",
                                &[("fingerprint", arg(fingerprint.to_string()))],
                            ))
                            .size(12),
                        )
                        .style(button::secondary)
                        .on_press(on_pin(host.clone(), fingerprint.to_string())),
                    );
                }
            }
        }
    }
    col.into()
}
