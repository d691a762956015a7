//! Small building blocks shared by the screens: the signature banner (always first), kind badges,
//! signature dots, labelled values.

use iced::widget::{column, container, row, text};
use iced::{Alignment, Element, Length};

use sigillo::i18n::{self, Lang, arg, tr, tr_args};
use sigillo::pec::PecKind;
use sigillo::verify::{Status, TimeSource, Verification};

use super::style;

/// A PEC kind as a coloured badge with its name.
pub fn kind_badge<'a, M: 'a>(lang: Lang, kind: Option<PecKind>) -> Element<'a, M> {
    let (label, color) = match kind {
        Some(k) => (
            tr(lang, &format!("gui-badge-{}", k.as_str())),
            style::kind_color(k),
        ),
        None => (tr(lang, "gui-badge-pending"), style::UNVERIFIED),
    };
    container(text(label).size(11))
        .padding([2, 8])
        .style(style::pill(color))
        .into()
}

/// The signature outcome as a coloured dot with a short word.
pub fn signature_mark<'a, M: 'a>(lang: Lang, status: Option<Status>) -> Element<'a, M> {
    let (label, color) = match status {
        Some(s) => (
            tr(lang, &format!("gui-sig-short-{}", s.as_str())),
            style::status_color(s),
        ),
        None => (tr(lang, "gui-sig-short-unverified"), style::UNVERIFIED),
    };
    row![
        container(iced::widget::Space::new().width(10).height(10))
            .width(10)
            .height(10)
            .style(style::dot(color)),
        text(label).size(12).color(color),
    ]
    .spacing(4)
    .align_y(Alignment::Center)
    .into()
}

/// One sentence saying who signed and when, for a valid signature.
fn signer_line(lang: Lang, v: &Verification) -> Option<String> {
    let signer = v.signer.as_ref()?;
    let who = signer
        .organization
        .clone()
        .or_else(|| signer.common_name.clone())
        .unwrap_or_else(|| signer.subject.clone());
    let when = v
        .signing_time
        .map(|t| {
            // With its offset: the certification data beside it may give another zone.
            t.with_timezone(&chrono::Local)
                .format("%d/%m/%Y %H:%M:%S %z")
                .to_string()
        })
        .unwrap_or_default();
    let source = v
        .signing_time_source
        .map(|s| i18n::time_source_label(lang, s))
        .unwrap_or_default();
    Some(tr_args(
        lang,
        "gui-banner-signer",
        &[
            ("who", arg(who)),
            ("when", arg(when)),
            ("source", arg(source)),
        ],
    ))
}

/// The signature banner. It is the first thing of every message view: nothing of the content is
/// shown above it, and every outcome has its own colour and words.
pub fn signature_banner<'a, M: 'a>(lang: Lang, v: &Verification) -> Element<'a, M> {
    let color = style::status_color(v.status);
    let mut lines = column![
        text(tr(lang, &format!("gui-banner-title-{}", v.status.as_str())))
            .size(18)
            .color(color),
        text(i18n::status_explanation(lang, v.status)).size(13),
    ]
    .spacing(4);
    if let Some(line) = signer_line(lang, v) {
        lines = lines.push(text(line).size(13));
    }
    if v.signing_time_source == Some(TimeSource::DateHeader)
        || v.signing_time_source == Some(TimeSource::Now)
    {
        lines = lines.push(text(tr(lang, "gui-banner-time-unsigned")).size(12));
    }
    for note in &v.notes {
        if let Some(t) = i18n::note_text(lang, note) {
            lines = lines.push(text(format!("• {t}")).size(12));
        }
    }
    container(lines)
        .padding(12)
        .width(Length::Fill)
        .style(style::banner(color))
        .into()
}

/// A second banner for anomaly envelopes: the content is not certified, and why.
pub fn anomaly_banner<'a, M: 'a>(lang: Lang) -> Element<'a, M> {
    let color = style::kind_color(PecKind::Anomalia);
    container(
        column![
            text(tr(lang, "gui-anomaly-title")).size(16).color(color),
            text(tr(lang, "gui-anomaly-explained")).size(13),
        ]
        .spacing(4),
    )
    .padding(12)
    .width(Length::Fill)
    .style(style::banner(color))
    .into()
}

/// `label: value` on one line.
pub fn labelled<'a, M: 'a>(label: String, value: String) -> Element<'a, M> {
    row![
        text(format!("{label}:"))
            .size(13)
            .width(Length::Fixed(110.0)),
        text(value).size(13).width(Length::Fill),
    ]
    .spacing(8)
    .into()
}

/// A label above its value, for narrow panels.
pub fn stacked<'a, M: 'a>(label: String, value: String) -> Element<'a, M> {
    // Identifiers and addresses are single long words: they break anywhere rather than run
    // out of the panel.
    column![
        text(label).size(11),
        text(value).size(13).wrapping(text::Wrapping::WordOrGlyph)
    ]
    .spacing(1)
    .into()
}

/// Cuts `s` to `max` characters, ending with an ellipsis when cut.
pub fn ellipsize(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}
