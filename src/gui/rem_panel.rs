//! The certification panel of a REM message ("PEC europea"): the REM badge, the event and its
//! reason in words, the recipients the evidence refers to, the provider, the parties with their
//! assurance level, and the identifiers; what the engine read from the signed evidence.

use iced::widget::{column, container, row, text};
use iced::{Element, Length};

use sigillo::i18n::{self, Lang, arg, tr, tr_args};
use sigillo::pec::rem::{DigestCheck, RemMessage};

use super::{style, widgets};

/// The badge that marks a REM message beside its kind.
pub fn badge<'a, M: 'a>(lang: Lang) -> Element<'a, M> {
    row![
        container(text(tr(lang, "rem-badge")).size(11))
            .padding([2, 8])
            .style(style::pill(style::status_color(
                sigillo::verify::Status::Valid
            ))),
        text(tr(lang, "rem-format-label")).size(12),
    ]
    .spacing(6)
    .into()
}

/// The side panel for a REM message; `status`: the provider signature's outcome (unless it
/// holds, the panel says that nothing vouches for the evidence shown).
pub fn view<'a, M: 'a>(
    lang: Lang,
    rem: &'a RemMessage,
    status: sigillo::verify::Status,
) -> Element<'a, M> {
    let mut col =
        column![row![badge(lang), text(tr(lang, "rem-evidence")).size(15)].spacing(8)].spacing(6);
    if status != sigillo::verify::Status::Valid {
        col = col.push(widgets::unproven_note(lang, status));
    }
    let field = |col: iced::widget::Column<'a, M>, key: &str, value: Option<String>| match value
        .filter(|v| !v.is_empty())
    {
        Some(v) => col.push(widgets::stacked(tr(lang, key), v)),
        None => col,
    };
    col = field(
        col,
        "rem-event",
        rem.event_name()
            .map(|e| format!("{} ({e})", i18n::rem_event_label(lang, &e))),
    );
    col = field(
        col,
        "rem-reason",
        rem.reason_name().map(|r| {
            let details = rem.reason_details();
            match details.first() {
                Some(code) => format!("{} ({r}, {code})", i18n::rem_reason_text(lang, &r)),
                None => format!("{} ({r})", i18n::rem_reason_text(lang, &r)),
            }
        }),
    );
    let refers = rem.refers_to();
    col = field(col, "rem-refers-to", Some(refers.join("\n")));
    if let Some(e) = &rem.evidence {
        col = field(col, "rem-event-time", e.event_time.clone());
        col = field(col, "rem-submission-time", e.submission_time.clone());
        col = field(col, "gui-dc-gestore", e.issuer.name().map(str::to_owned));
        col = field(
            col,
            "gui-dc-mittente",
            e.sender
                .address
                .clone()
                .map(|a| with_level(lang, a, &e.sender)),
        );
        col = field(col, "gui-dc-oggetto", e.subject.clone());
        col = col.push(text(tr(lang, "gui-dc-destinatari")).size(13));
        let outside = e.outside_rem();
        for p in &e.recipients {
            let address = p.address.clone().unwrap_or_default();
            let mut line = with_level(lang, address.clone(), p);
            if outside.contains(&address) {
                line = format!("{line} — {}", tr(lang, "rem-outside"));
            }
            col = col.push(
                text(line)
                    .size(12)
                    .wrapping(text::Wrapping::WordOrGlyph)
                    .width(Length::Fill),
            );
        }
        col = field(col, "rem-evidence-id", e.identifier.clone());
        col = field(col, "gui-dc-identificativo", e.message_identifier.clone());
    }
    col = field(col, "rem-ua-message-id", rem.ua_message_id());
    if rem.digest == DigestCheck::Matches {
        col = col.push(text(tr(lang, "rem-digest-matches")).size(11));
    }
    container(col).padding(12).style(style::panel).into()
}

fn with_level(lang: Lang, address: String, p: &sigillo::pec::rem::evidence::Party) -> String {
    match &p.assurance_level {
        Some(level) => format!(
            "{address} ({})",
            tr_args(
                lang,
                "rem-assurance",
                &[("level", arg(sigillo::pec::rem::event::local_name(level)))]
            )
        ),
        None => address,
    }
}
