//! Colours and widget styles. Every signature outcome and PEC kind has its own colour, always
//! paired with words (colour alone never carries meaning).

use iced::widget::{button, container};
use iced::{Background, Border, Color, Theme};

use sigillo::pec::PecKind;
use sigillo::verify::Status;

/// Colour of a signature outcome.
pub fn status_color(s: Status) -> Color {
    match s {
        Status::Valid => Color::from_rgb8(0x1b, 0x7f, 0x3b),
        Status::Tampered => Color::from_rgb8(0xb3, 0x1d, 0x1d),
        Status::Untrusted => Color::from_rgb8(0xc2, 0x5e, 0x00),
        Status::Expired => Color::from_rgb8(0x9a, 0x6a, 0x00),
        Status::Unsigned => Color::from_rgb8(0x5f, 0x63, 0x68),
        Status::Malformed => Color::from_rgb8(0x7b, 0x1f, 0x6e),
    }
}

/// Colour of "not yet verified".
pub const UNVERIFIED: Color = Color::from_rgb(0.45, 0.45, 0.5);

/// Colour of a PEC kind badge.
pub fn kind_color(k: PecKind) -> Color {
    match k {
        PecKind::PostaCertificata => Color::from_rgb8(0x1f, 0x5f, 0xa8),
        PecKind::Anomalia => Color::from_rgb8(0xb4, 0x5f, 0x06),
        PecKind::Accettazione => Color::from_rgb8(0x2e, 0x7d, 0x6b),
        PecKind::AvvenutaConsegna => Color::from_rgb8(0x1b, 0x7f, 0x3b),
        PecKind::NonAccettazione | PecKind::ErroreConsegna | PecKind::RilevazioneVirus => {
            Color::from_rgb8(0xb3, 0x1d, 0x1d)
        }
        PecKind::PreavvisoErroreConsegna => Color::from_rgb8(0xa8, 0x5a, 0x00),
        PecKind::PresaInCarico => Color::from_rgb8(0x55, 0x6b, 0x8a),
        PecKind::Ordinaria => Color::from_rgb8(0x6b, 0x6b, 0x6b),
        PecKind::Illeggibile => Color::from_rgb8(0x40, 0x40, 0x40),
    }
}

/// Colour of how an outcome reads.
pub fn tone_color(t: sigillo::outcome::Tone) -> Color {
    use sigillo::outcome::Tone;
    match t {
        Tone::Good => Color::from_rgb8(0x1b, 0x7f, 0x3b),
        Tone::Neutral => Color::from_rgb8(0x55, 0x6b, 0x8a),
        Tone::Warning => Color::from_rgb8(0xb4, 0x5f, 0x06),
        Tone::Bad => Color::from_rgb8(0xb3, 0x1d, 0x1d),
    }
}

/// Colour of a list badge (what a message is).
pub fn badge_color(b: sigillo::outcome::Badge) -> Color {
    use sigillo::outcome::Badge;
    match b {
        Badge::Received => kind_color(PecKind::PostaCertificata),
        Badge::Anomaly => kind_color(PecKind::Anomalia),
        Badge::Accepted => kind_color(PecKind::Accettazione),
        Badge::Delivered => kind_color(PecKind::AvvenutaConsegna),
        Badge::NotAccepted | Badge::NotDelivered | Badge::Virus => {
            kind_color(PecKind::ErroreConsegna)
        }
        Badge::Delayed => kind_color(PecKind::PreavvisoErroreConsegna),
        Badge::TakenOver => kind_color(PecKind::PresaInCarico),
        Badge::Sent => Color::from_rgb8(0x3b, 0x4c, 0x9e),
        Badge::Ordinary => kind_color(PecKind::Ordinaria),
        Badge::Unreadable => kind_color(PecKind::Illeggibile),
        Badge::Pending => UNVERIFIED,
        Badge::NotProven => Color::from_rgb8(0xb3, 0x1d, 0x1d),
    }
}

/// A filled pill in `color` with white text.
pub fn pill(color: Color) -> impl Fn(&Theme) -> container::Style {
    move |_| container::Style {
        text_color: Some(Color::WHITE),
        background: Some(Background::Color(color)),
        border: Border {
            radius: 10.0.into(),
            ..Border::default()
        },
        ..container::Style::default()
    }
}

/// A banner: a light tint of `color` with a strong left edge.
pub fn banner(color: Color) -> impl Fn(&Theme) -> container::Style {
    move |theme: &Theme| {
        let base = theme.extended_palette().background.base.color;
        let tint = Color {
            a: 1.0,
            r: base.r * 0.8 + color.r * 0.2,
            g: base.g * 0.8 + color.g * 0.2,
            b: base.b * 0.8 + color.b * 0.2,
        };
        container::Style {
            text_color: Some(theme.extended_palette().background.base.text),
            background: Some(Background::Color(tint)),
            border: Border {
                color,
                width: 2.0,
                radius: 6.0.into(),
            },
            ..container::Style::default()
        }
    }
}

/// A framed panel on the weak background.
pub fn panel(theme: &Theme) -> container::Style {
    let p = theme.extended_palette();
    container::Style {
        background: Some(Background::Color(p.background.weak.color)),
        border: Border {
            color: p.background.strong.color,
            width: 1.0,
            radius: 4.0.into(),
        },
        ..container::Style::default()
    }
}

/// A list row: highlighted when selected.
pub fn row_button(selected: bool) -> impl Fn(&Theme, button::Status) -> button::Style {
    move |theme: &Theme, status: button::Status| {
        let p = theme.extended_palette();
        let background = if selected {
            Some(Background::Color(p.primary.weak.color))
        } else if matches!(status, button::Status::Hovered) {
            Some(Background::Color(p.background.weak.color))
        } else {
            None
        };
        button::Style {
            background,
            text_color: if selected {
                p.primary.weak.text
            } else {
                p.background.base.text
            },
            border: Border::default(),
            ..button::Style::default()
        }
    }
}

/// A list row under the keyboard cursor: highlighted like a selected row when it is one,
/// and always framed in the primary colour, so that where the keyboard is stays visible.
pub fn row_focused(selected: bool) -> impl Fn(&Theme, button::Status) -> button::Style {
    move |theme: &Theme, status: button::Status| {
        let p = theme.extended_palette();
        button::Style {
            border: Border {
                color: p.primary.strong.color,
                width: 2.0,
                radius: 3.0.into(),
            },
            ..row_button(selected)(theme, status)
        }
    }
}

/// A tab of the top bar. The selected one cannot be pressed, yet keeps the full contrast of
/// a primary button (iced fades a disabled button to half its alpha: white on pale lavender,
/// hard to read).
pub fn tab(selected: bool) -> impl Fn(&Theme, button::Status) -> button::Style {
    move |theme: &Theme, status: button::Status| {
        let p = theme.extended_palette();
        let (background, text_color) = if selected {
            (
                Some(Background::Color(p.primary.base.color)),
                p.primary.base.text,
            )
        } else if matches!(status, button::Status::Hovered | button::Status::Pressed) {
            (
                Some(Background::Color(p.background.weak.color)),
                p.background.weak.text,
            )
        } else {
            (None, p.background.base.text)
        };
        button::Style {
            background,
            text_color,
            border: Border {
                radius: 4.0.into(),
                ..Border::default()
            },
            ..button::Style::default()
        }
    }
}

/// A pane of the mailbox screen: a thin frame, so that the handles between panes show.
pub fn pane(theme: &Theme) -> container::Style {
    let p = theme.extended_palette();
    container::Style {
        border: Border {
            color: p.background.strong.color,
            width: 1.0,
            radius: 0.0.into(),
        },
        ..container::Style::default()
    }
}

/// The dimmed window behind a dialog.
pub fn backdrop(_: &Theme) -> container::Style {
    container::Style {
        background: Some(Background::Color(Color {
            a: 0.5,
            ..Color::BLACK
        })),
        ..container::Style::default()
    }
}

/// A round dot in `color`.
pub fn dot(color: Color) -> impl Fn(&Theme) -> container::Style {
    move |_| container::Style {
        background: Some(Background::Color(color)),
        border: Border {
            radius: 5.0.into(),
            ..Border::default()
        },
        ..container::Style::default()
    }
}
