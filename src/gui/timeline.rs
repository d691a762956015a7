//! Sent timeline: for each sent PEC, one row per recipient with its state and local times, the
//! receipts that prove it (clickable; one whose signature does not hold says "not proven"), a
//! one-line summary in the engine's words ("consegnata a 2 di 3 destinatari, 1 destinatario
//! esterno"), failed and overdue deliveries highlighted, and a "needs attention" filter.

use iced::widget::{button, checkbox, column, container, row, rule, scrollable, text};
use iced::{Alignment, Color, Element, Length, Task};

use sigillo::i18n::time_text::local_minutes;
use sigillo::i18n::{self, Lang, arg, num, tr, tr_args};
use sigillo::pec::timeline::{AcceptanceState, Policy, ReceiptRef, RecipientState, Timeline};
use sigillo::store::TimelineQuery;

use super::data::{Data, Failure};
use super::style;

/// Timelines shown at first, and added by each "show more".
pub const STEP: usize = 100;

/// Messages of the timeline screen.
#[derive(Debug, Clone)]
pub enum Message {
    /// Timelines arrived.
    Loaded(Result<Vec<Timeline>, Failure>),
    /// Show only timelines that need attention.
    AttentionOnly(bool),
    /// Show [`STEP`] more (older) timelines.
    More,
    /// Open a receipt or the sent message.
    Open(i64),
    /// Export the dossier of this sent message.
    Export(i64),
    /// Print this sent message's timeline.
    Print(i64),
}

/// What the screen asks of the app.
#[derive(Debug, Clone)]
pub enum Event {
    /// Show this message.
    Open(i64),
    /// Export the dossier of this sent message.
    Export(i64),
    /// Print the timeline of this sent message.
    Print(i64),
    /// Something failed.
    Failed(Failure),
}

/// The timeline screen: the newest [`STEP`] sent messages (those needing attention, with the
/// filter on), more on request; a box of a million messages has hundreds of thousands.
#[derive(Debug)]
pub struct TimelineScreen {
    timelines: Vec<Timeline>,
    attention_only: bool,
    loaded: bool,
    /// How many are asked for.
    shown: usize,
}

impl Default for TimelineScreen {
    fn default() -> Self {
        TimelineScreen {
            timelines: Vec::new(),
            attention_only: false,
            loaded: false,
            shown: STEP,
        }
    }
}

/// True for states a person must act on.
pub fn needs_attention(s: RecipientState) -> bool {
    sigillo::store::NEEDS_ATTENTION.contains(&s)
}

/// The words of a receipt button: its kind and local time, "not proven" when its signature
/// does not hold.
pub fn receipt_label(lang: Lang, rc: &ReceiptRef) -> String {
    let mut label = i18n::kind_label(lang, rc.kind);
    if let Some(at) = rc.at {
        label = format!("{label} · {}", local_minutes(at));
    }
    if !rc.proven {
        label = tr_args(lang, "gui-receipt-not-proven", &[("receipt", arg(label))]);
    }
    label
}

/// Colour of a recipient state.
pub fn state_color(s: RecipientState) -> Color {
    match s {
        RecipientState::Consegnato => Color::from_rgb8(0x1b, 0x7f, 0x3b),
        RecipientState::Accettato | RecipientState::InAttesa => Color::from_rgb8(0x55, 0x6b, 0x8a),
        RecipientState::Esterno => Color::from_rgb8(0x7a, 0x6a, 0x40),
        RecipientState::Preavviso | RecipientState::InRitardo => Color::from_rgb8(0xc2, 0x5e, 0x00),
        RecipientState::NonAccettato | RecipientState::ErroreConsegna | RecipientState::Virus => {
            Color::from_rgb8(0xb3, 0x1d, 0x1d)
        }
    }
}

/// "consegnata a 2 di 3 destinatari, 1 destinatario esterno" for one timeline: the engine's
/// words for what happened to the sent PEC (plural rules included).
pub fn summary(lang: Lang, t: &Timeline) -> String {
    sigillo::i18n::sent_summary(lang, &sigillo::outcome::Delivery::from_timeline(t))
}

impl TimelineScreen {
    /// Loads every timeline (newest first) with lateness judged now.
    pub fn refresh(&self, data: &Data, policy: Policy) -> Task<Message> {
        let d = data.clone();
        let q = TimelineQuery {
            policy,
            needs_attention: self.attention_only,
            limit: Some(self.shown),
            ..TimelineQuery::default()
        };
        Task::perform(
            async move { d.with_store(move |s| s.timelines(&q)).await },
            Message::Loaded,
        )
    }

    /// Handles a message; the task loads the timelines again when what is shown changed.
    pub fn update(
        &mut self,
        message: Message,
        data: &Data,
        policy: Policy,
    ) -> (Task<Message>, Option<Event>) {
        match message {
            Message::Loaded(Ok(t)) => {
                self.timelines = t;
                self.loaded = true;
            }
            Message::Loaded(Err(e)) => return (Task::none(), Some(Event::Failed(e))),
            Message::AttentionOnly(b) => {
                self.attention_only = b;
                self.shown = STEP;
                return (self.refresh(data, policy), None);
            }
            Message::More => {
                self.shown += STEP;
                return (self.refresh(data, policy), None);
            }
            Message::Open(id) => return (Task::none(), Some(Event::Open(id))),
            Message::Export(id) => return (Task::none(), Some(Event::Export(id))),
            Message::Print(id) => return (Task::none(), Some(Event::Print(id))),
        }
        (Task::none(), None)
    }

    /// The timelines known (for tests).
    #[cfg(test)]
    pub fn timelines(&self) -> &[Timeline] {
        &self.timelines
    }

    /// The screen.
    pub fn view(&self, lang: Lang) -> Element<'_, Message> {
        let mut col = column![
            row![
                text(tr(lang, "gui-timeline-title"))
                    .size(20)
                    .width(Length::Fill),
                checkbox(self.attention_only)
                    .label(tr(lang, "gui-needs-attention"))
                    .on_toggle(Message::AttentionOnly),
            ]
            .align_y(Alignment::Center),
            text(tr(lang, "gui-timeline-explained")).size(12),
        ]
        .spacing(10)
        .padding(12);
        if !self.loaded {
            col = col.push(text(tr(lang, "gui-loading")));
        } else if self.timelines.is_empty() {
            col = col.push(text(tr(lang, "gui-timeline-empty")));
        }
        for t in &self.timelines {
            let attention = t.recipients.iter().any(|r| needs_attention(r.state))
                || t.acceptance.state == AcceptanceState::NonAccettato;
            if self.attention_only && !attention {
                continue;
            }
            col = col.push(self.card(lang, t, attention));
        }
        // As many as asked came back: there may be older ones.
        if self.loaded && self.timelines.len() >= self.shown {
            col = col.push(
                button(text(tr_args(lang, "gui-timeline-more", &[("count", num(STEP))])).size(12))
                    .style(button::secondary)
                    .on_press(Message::More),
            );
        }
        scrollable(col).height(Length::Fill).into()
    }

    fn card<'a>(&self, lang: Lang, t: &'a Timeline, attention: bool) -> Element<'a, Message> {
        let subject = t
            .subject
            .clone()
            .unwrap_or_else(|| tr(lang, "gui-no-subject"));
        // Local time, as every time of the window.
        let when = t.sent_at.map(local_minutes).unwrap_or_default();
        let mut head = row![
            text(subject).size(16).width(Length::Fill),
            text(when).size(12)
        ]
        .spacing(8)
        .align_y(Alignment::Center);
        if let Some(id) = t.sent_id {
            head = head.push(
                button(text(tr(lang, "gui-open-sent")).size(12))
                    .style(button::secondary)
                    .on_press(Message::Open(id)),
            );
        }
        if let Some(id) = t.sent_id.or(t.acceptance.receipt) {
            head = head.push(
                button(text(tr(lang, "gui-export")).size(12))
                    .style(button::primary)
                    .on_press(Message::Export(id)),
            );
            head = head.push(
                button(text(tr(lang, "gui-print")).size(12))
                    .style(button::secondary)
                    .on_press(Message::Print(id)),
            );
        }
        let summary_color = if attention {
            style::status_color(sigillo::verify::Status::Tampered)
        } else {
            style::status_color(sigillo::verify::Status::Valid)
        };
        let mut card =
            column![head, text(summary(lang, t)).size(13).color(summary_color)].spacing(6);
        if t.from_receipts_only {
            card = card.push(text(tr(lang, "gui-tl-from-receipts")).size(11));
        }
        let acc = match t.acceptance.state {
            AcceptanceState::Accettato => tr(lang, "gui-tl-accepted"),
            AcceptanceState::NonAccettato => tr_args(
                lang,
                "gui-tl-refused",
                &[(
                    "reason",
                    arg(t
                        .acceptance
                        .reason
                        .as_deref()
                        .map(|r| i18n::timeline_reason_text(lang, r))
                        .unwrap_or_default()),
                )],
            ),
            AcceptanceState::InAttesa => tr(lang, "gui-tl-waiting-acceptance"),
        };
        let mut acc_row = row![text(acc).size(12).width(Length::Fill)].spacing(6);
        if let Some(id) = t.acceptance.receipt {
            acc_row = acc_row.push(
                button(text(tr(lang, "gui-tl-receipt")).size(11))
                    .style(button::secondary)
                    .on_press(Message::Open(id)),
            );
        }
        card = card.push(acc_row).push(rule::horizontal(1));
        for r in &t.recipients {
            let color = state_color(r.state);
            let kind = match r.certified {
                Some(true) => tr(lang, "gui-recipient-certified"),
                Some(false) => tr(lang, "gui-recipient-external"),
                None => tr(lang, "gui-recipient-unknown"),
            };
            let line = row![
                text(r.address.clone())
                    .size(13)
                    .width(Length::FillPortion(3)),
                text(kind).size(11).width(Length::FillPortion(1)),
                container(text(i18n::state_label(lang, r.state)).size(11))
                    .padding([1, 8])
                    .style(style::pill(color)),
                text(r.at.map(local_minutes).unwrap_or_default()).size(11),
            ]
            .spacing(8)
            .align_y(Alignment::Center);
            let mut proofs = row![text("").width(Length::Fixed(16.0))].spacing(4);
            for rc in &r.receipts {
                // A receipt whose signature does not hold says so and proves nothing.
                proofs = proofs.push(
                    button(text(receipt_label(lang, rc)).size(10))
                        .style(if rc.proven {
                            button::secondary
                        } else {
                            button::danger
                        })
                        .padding([2, 6])
                        .on_press(Message::Open(rc.id)),
                );
            }
            card = card.push(line);
            if !r.receipts.is_empty() {
                card = card.push(proofs.wrap());
            }
            if let Some(reason) = &r.reason {
                let reason = i18n::timeline_reason_text(lang, reason);
                card = card.push(text(format!("  {reason}")).size(11).color(color));
            }
            if r.state == RecipientState::Esterno {
                card = card.push(text(tr(lang, "gui-tl-external-note")).size(11));
            }
        }
        container(card)
            .padding(10)
            .width(Length::Fill)
            .style(style::panel)
            .into()
    }
}
