//! Small building blocks shared by the screens: the outcome card (always first: what happened,
//! then the signature that proves it), badges, outcome dots, labelled values.

use iced::widget::{column, container, row, text};
use iced::{Alignment, Element, Length};

use sigillo::i18n::{self, Lang, arg, tr, tr_args};
use sigillo::outcome::{Badge, Outcome, Proof, Tone};
use sigillo::verify::{Note, Status, TimeSource, Verification};

use super::style;

/// What a message is, as a coloured badge with its short name ("PEC inviata", "Mancata
/// consegna", …): decided by the engine's outcome, not by the kind alone (the final 24-hour
/// notice is a non-delivery, the user's own sent PEC is not "ordinary mail").
pub fn badge<'a, M: 'a>(lang: Lang, b: Badge) -> Element<'a, M> {
    container(text(i18n::badge_label(lang, b)).size(11))
        .padding([2, 8])
        .style(style::pill(style::badge_color(b)))
        .into()
}

/// The outcome as a coloured dot with its short words (`i18n::outcome_short`, already cut to
/// the room there is: the list's second line).
pub fn outcome_mark<'a, M: 'a>(label: String, tone: Tone) -> Element<'a, M> {
    let color = style::tone_color(tone);
    row![
        container(iced::widget::Space::new().width(10).height(10))
            .width(10)
            .height(10)
            .style(style::dot(color)),
        text(label)
            .size(12)
            .color(color)
            .wrapping(text::Wrapping::None),
    ]
    .spacing(4)
    .align_y(Alignment::Center)
    .into()
}

/// The first thing of every message view: what happened, in one sentence coloured by how it
/// reads, then how we know it. The provider signature follows in the same card: one compact
/// line when it is valid, the full loud banner when it is not (for a provider's message, the
/// sentence then already says "not proven").
pub fn outcome_card<'a, M: 'a>(lang: Lang, o: &Outcome, v: &Verification) -> Element<'a, M> {
    let color = style::tone_color(o.tone());
    let mut lines = column![
        text(i18n::outcome_headline(lang, o))
            .size(17)
            .color(color)
            .wrapping(text::Wrapping::WordOrGlyph)
    ]
    .spacing(6);
    let quiet = match o.proof {
        // The user's own message and ordinary mail carry no provider signature by nature:
        // the sentence above says so; anything else about a signature is still shown.
        Proof::Receipts | Proof::NotCertified => v.status == Status::Unsigned,
        _ => false,
    };
    // How we know: the loud banner explains a failing signature itself.
    let loud = !v.is_valid() && !quiet;
    if !loud && let Some(p) = i18n::proof_text(lang, o) {
        lines = lines.push(text(p).size(13));
    }
    if v.is_valid() {
        lines = lines.push(signature_compact(lang, v));
    } else if loud {
        lines = lines.push(signature_banner(lang, v));
    }
    container(lines)
        .padding(12)
        .width(Length::Fill)
        .style(style::banner(color))
        .into()
}

/// A valid provider signature in one line: who signed and when (local time), and where that
/// time comes from; then the notes that qualify it.
pub fn signature_compact<'a, M: 'a>(lang: Lang, v: &Verification) -> Element<'a, M> {
    let color = style::status_color(v.status);
    let who = v
        .signer
        .as_ref()
        .map(|s| {
            s.organization
                .clone()
                .or_else(|| s.common_name.clone())
                .unwrap_or_else(|| s.subject.clone())
        })
        .unwrap_or_default();
    let when = v
        .signing_time
        .map(|t| i18n::time_text::local_seconds(t.fixed_offset()))
        .unwrap_or_default();
    let source = v
        .signing_time_source
        .map(|s| i18n::time_source_label(lang, s))
        .unwrap_or_default();
    let mut col = column![
        text(format!(
            "✓ {}",
            tr_args(
                lang,
                "gui-sig-compact",
                &[
                    ("who", arg(who)),
                    ("when", arg(when)),
                    ("source", arg(source))
                ],
            )
        ))
        .size(12)
        .color(color)
    ]
    .spacing(2);
    for note in &v.notes {
        if matches!(note, Note::RevocationNotChecked) {
            // Said of every message checked offline: noise in a compact line.
            continue;
        }
        if let Some(t) = i18n::note_text(lang, note) {
            col = col.push(text(format!("• {t}")).size(11));
        }
    }
    col.into()
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
        .map(|t| i18n::time_text::local_seconds(t.fixed_offset()))
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

/// The full signature banner, for a signature that is not valid: every outcome has its own
/// colour and words.
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

/// The line under a certification panel's title when the provider signature does not hold
/// (`status`): what the panel shows is only what the message says. In the signature's colour.
pub fn unproven_note<'a, M: 'a>(lang: Lang, status: Status) -> Element<'a, M> {
    text(tr(lang, "gui-certification-unproven"))
        .size(12)
        .color(style::status_color(status))
        .into()
}
