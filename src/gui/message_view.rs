//! One message, shown the way the rules mean it: what happened first (the engine's outcome:
//! delivered, not delivered and why, anomaly, a PEC the user sent…), in the same card the
//! provider signature that proves it (compact when valid, loud when not); for a PEC the user
//! sent, its delivery card (each recipient, state, local time, the receipt that proves it);
//! then the original message as the main content with its attachments, and where the message
//! was found (its copies); the certification data (daticert) in a side panel with certified and
//! external recipients marked and the times as written; the raw source on demand.

use std::path::PathBuf;
use std::sync::Arc;

use iced::widget::{button, column, container, row, rule, scrollable, text};
use iced::{Element, Length, Task};

use sigillo::i18n::time_text::{as_written, local_minutes, local_seconds};
use sigillo::i18n::{self, Lang, arg, num, tr, tr_args};
use sigillo::net::reply::ReplyKind;
use sigillo::pec::timeline::{AcceptanceState, Policy, ReceiptRef, RecipientState};
use sigillo::pec::{PecKind, RecipientType};
use sigillo::reading::{self, AttachmentError, OpenedMessage};
use sigillo::store::{CopyKind, CopyRecord};
use sigillo::verify;

use super::data::{Data, Failure};
use super::{style, widgets};

/// Checks and reads raw bytes for display with nothing known from the store (the engine's
/// [`sigillo::reading::prepare`]).
#[cfg(test)]
pub fn prepare(
    id: i64,
    raw: Vec<u8>,
    trust: &verify::TrustList,
    qualified: Option<&sigillo::p7m::QualifiedTrust>,
    lang: Lang,
) -> OpenedMessage {
    reading::prepare(id, raw, trust, qualified, lang, Default::default())
}

/// The bytes of message `id`, marking it read (the engine's [`reading::read_marking`]).
#[cfg(test)]
pub async fn read_for_view(data: &Data, id: i64) -> Result<(Vec<u8>, bool), Failure> {
    data.with_store(move |s| reading::read_marking(s, id)).await
}

/// Loads message `id` off the UI thread: its bytes and what the store knows of it, then the
/// check and the reading (the store stays free meanwhile), then the check kept as the store's.
pub fn load(
    data: &Data,
    id: i64,
    lang: Lang,
    policy: Policy,
) -> Task<Result<OpenedMessage, Failure>> {
    let d = data.clone();
    let trust = data.trust();
    let profile = data.profile().to_owned();
    Task::perform(
        async move {
            let (raw, read_now, facts) = d
                .with_store(move |s| {
                    let (raw, read_now) = reading::read_marking(s, id)?;
                    let facts = reading::stored_facts(s, id, chrono::Utc::now(), &policy)?;
                    Ok((raw, read_now, facts))
                })
                .await?;
            let kept_with = trust.clone();
            let opened = tokio::task::spawn_blocking(move || {
                let qualified = sigillo::p7m::QualifiedTrust::load(&profile).ok().flatten();
                OpenedMessage {
                    read_now,
                    ..reading::prepare(id, raw, &trust, qualified.as_ref(), lang, facts)
                }
            })
            .await
            .map_err(|e| Failure::internal(e.to_string()))?;
            d.with_store(move |s| {
                reading::keep_check(s, opened, &kept_with, chrono::Utc::now(), &policy)
            })
            .await
        },
        |r| r,
    )
}

/// Messages of the message view.
#[derive(Debug, Clone)]
pub enum Message {
    /// Show or hide the raw source.
    ToggleRaw,
    /// Open attachment `index` with the system's program for its type.
    Open(usize),
    /// Opening finished (or failed, and why).
    Launched(Result<PathBuf, Arc<AttachmentError>>),
    /// Keep the message the user was asked to confirm deleting.
    CancelDelete,
    /// What only the app can do (the store, the file dialogs, another screen).
    App(Event),
}

/// What the message view asks of the app (a button's [`Message::App`]).
#[derive(Debug, Clone)]
pub enum Event {
    /// Ask where to save attachment `index`, then save it.
    Save(usize),
    /// Ask where to save the document inside signed attachment `index`, then save it.
    SaveDocument(usize),
    /// Export the message's dossier (`choose`: ask where first).
    Export {
        /// Ask for the folder.
        choose: bool,
    },
    /// Stop the running export.
    CancelExport,
    /// Reply or forward.
    Reply(ReplyKind),
    /// Print the message.
    Print,
    /// Open another message (a receipt of the delivery card).
    OpenOther(i64),
    /// Delete the message (asking first what proof it carries).
    Delete,
    /// Delete it: the user was told what proof goes.
    ConfirmDelete,
}

/// State of the view of one message.
#[derive(Debug)]
pub struct MessageView {
    /// The message.
    pub opened: OpenedMessage,
    show_raw: bool,
    /// Why the last attachment was not opened.
    notice: Option<Arc<AttachmentError>>,
    /// Set while the user is asked to confirm a deletion: what proof would go.
    confirm_delete: Option<Vec<String>>,
}

impl MessageView {
    /// A view of a loaded message.
    pub fn new(opened: OpenedMessage) -> Self {
        MessageView {
            opened,
            show_raw: false,
            notice: None,
            confirm_delete: None,
        }
    }

    /// True while the deletion of this message waits for the user's answer.
    pub fn asking_delete(&self) -> bool {
        self.confirm_delete.is_some()
    }

    /// Asks to confirm the deletion of a message that is proof; `proof` says what goes.
    pub fn ask_delete(&mut self, proof: Vec<String>) {
        self.confirm_delete = Some(proof);
    }

    /// Handles a message; what needs the store, a file dialog or another screen is returned
    /// as an [`Event`] for the app.
    pub fn update(&mut self, message: Message) -> (Task<Message>, Option<Event>) {
        let event = match message {
            Message::ToggleRaw => {
                self.show_raw = !self.show_raw;
                None
            }
            Message::Open(index) => {
                // Off the UI thread: the copy is written and the system's opener waited for.
                let opened = self.opened.clone();
                let task = Task::perform(
                    async move { opened.open_attachment(index).map_err(Arc::new) },
                    Message::Launched,
                );
                return (task, None);
            }
            Message::Launched(result) => {
                self.notice = result.err();
                None
            }
            Message::CancelDelete => {
                self.confirm_delete = None;
                None
            }
            Message::App(event) => Some(event),
        };
        (Task::none(), event)
    }

    /// The whole view: banner first, then content and the certification panel. `export` is the
    /// line about a running or finished export, if any.
    #[cfg(test)]
    pub fn view(&self, lang: Lang) -> Element<'_, Message> {
        self.view_with(lang, None, false)
    }

    /// [`MessageView::view`] with the export status line.
    pub fn view_with(
        &self,
        lang: Lang,
        export: Option<&str>,
        exporting: bool,
    ) -> Element<'_, Message> {
        let o = &self.opened;
        let c = &o.classification;
        // What happened is the first element, always, with the signature that proves it:
        // nothing of the content comes before it.
        let mut main =
            column![widgets::outcome_card(lang, &o.outcome, &o.verification)].spacing(10);
        // Deleting proof asks here, at the top, where it is seen whatever the message's length
        // (Delete from the keyboard opens the message and asks at once).
        if let Some(proof) = &self.confirm_delete {
            let mut ask = column![text(tr(lang, "gui-delete-proof")).size(13)].spacing(4);
            for line in proof {
                ask = ask.push(text(format!("• {line}")).size(12));
            }
            ask = ask.push(
                row![
                    button(text(tr(lang, "gui-delete-anyway")).size(12))
                        .style(button::danger)
                        .on_press(Message::App(Event::ConfirmDelete)),
                    button(text(tr(lang, "gui-delete-keep")).size(12))
                        .style(button::secondary)
                        .on_press(Message::CancelDelete),
                ]
                .spacing(8),
            );
            main = main.push(container(ask).padding(8).style(style::panel));
        }
        if c.kind == PecKind::Anomalia {
            main = main.push(text(tr(lang, "gui-anomaly-explained")).size(13));
        }
        for w in &c.warnings {
            main = main.push(text(format!("⚠ {}", i18n::warning_text(lang, w))).size(12));
        }
        let own_sent = matches!(o.outcome.event, sigillo::outcome::Event::Sent(_));
        let mut kind_row = row![
            widgets::badge(lang, o.outcome.badge()),
            text(if own_sent {
                tr(lang, "gui-sent-kind")
            } else {
                i18n::kind_label(lang, c.kind)
            })
            .size(13),
        ]
        .spacing(8);
        if c.rem.is_some() {
            kind_row = kind_row.push(super::rem_panel::badge(lang));
        }
        main = main.push(kind_row);
        let (subject, from, to, cc, date) = match &c.original {
            Some(orig) => (
                orig.summary.subject.clone(),
                orig.summary.from.as_ref().map(|m| m.address.clone()),
                orig.summary
                    .to
                    .iter()
                    .map(|m| m.address.clone())
                    .collect::<Vec<_>>(),
                orig.summary
                    .cc
                    .iter()
                    .map(|m| m.address.clone())
                    .collect::<Vec<_>>(),
                orig.summary.date,
            ),
            None => (
                c.display_subject().map(str::to_owned),
                c.display_sender().map(str::to_owned),
                c.headers
                    .summary
                    .to
                    .iter()
                    .map(|m| m.address.clone())
                    .collect(),
                c.headers
                    .summary
                    .cc
                    .iter()
                    .map(|m| m.address.clone())
                    .collect(),
                c.headers.summary.date,
            ),
        };
        main = main.push(text(subject.unwrap_or_else(|| tr(lang, "gui-no-subject"))).size(20));
        main = main.push(widgets::labelled(
            tr(lang, "gui-from"),
            c.display_sender()
                .map(str::to_owned)
                .or(from)
                .unwrap_or_default(),
        ));
        if !to.is_empty() {
            main = main.push(widgets::labelled(tr(lang, "gui-to"), to.join(", ")));
        }
        if !cc.is_empty() {
            main = main.push(widgets::labelled(tr(lang, "gui-cc"), cc.join(", ")));
        }
        if let Some(d) = date {
            // Local time; the time as the message wrote it is in the details panel.
            main = main.push(widgets::labelled(tr(lang, "gui-date"), local_seconds(d)));
        }
        if own_sent {
            main = main.push(delivery_card(lang, o));
        }
        if c.kind == PecKind::Anomalia {
            main = main.push(text(tr(lang, "gui-received-note")).size(11));
        } else if c.original.is_some() && o.verification.is_valid() {
            main = main.push(text(tr(lang, "gui-original-note")).size(11));
        } else if c.original.is_some() {
            main = main.push(text(tr(lang, "gui-original-unverified-note")).size(11));
        }
        main = main.push(rule::horizontal(1));
        main = main.push(text(o.body.clone()).size(14));

        let atts = o.attachments();
        if !atts.is_empty() {
            main = main.push(rule::horizontal(1));
            main = main.push(text(tr(lang, "gui-attachments")).size(15));
            for sigillo::reading::ListedAttachment {
                index,
                name,
                content_type: ct,
                size,
                ..
            } in atts
            {
                let openable = sigillo::launch::rule::dangerous_extension(&name).is_none();
                let mut line = row![
                    text(name.clone()).size(13).width(Length::Fill),
                    text(format!(
                        "{ct} · {}",
                        tr_args(lang, "cli-size-bytes", &[("size", num(size))])
                    ))
                    .size(11),
                    button(text(tr(lang, "gui-save")).size(12))
                        .style(button::secondary)
                        .on_press(Message::App(Event::Save(index))),
                    // A file the library's rule refuses is never opened from here: the button
                    // stays but does nothing, and the line says why and what to do instead.
                    button(text(tr(lang, "gui-open-attachment")).size(12))
                        .style(button::text)
                        .on_press_maybe(openable.then_some(Message::Open(index))),
                ]
                .spacing(8);
                if !openable {
                    line = line.push(text(tr(lang, "gui-executable-warning")).size(11));
                }
                main = main.push(line);
            }
        }
        if !o.documents.is_empty() {
            main = main.push(rule::horizontal(1));
            main = main.push(text(tr(lang, "gui-documents")).size(15));
            for (i, d) in o.documents.iter().enumerate() {
                let mut head = row![
                    text(d.name.clone().unwrap_or_default())
                        .size(13)
                        .width(Length::Fill)
                ]
                .spacing(8);
                if let Some(st) = d.status {
                    let color = doc_color(st);
                    head = head.push(
                        container(text(i18n::doc_status_label(lang, st)).size(11))
                            .padding([1, 8])
                            .style(style::pill(color)),
                    );
                }
                if d.extracted.is_some() {
                    head = head.push(
                        button(text(tr(lang, "gui-save-document")).size(12))
                            .style(button::secondary)
                            .on_press(Message::App(Event::SaveDocument(i))),
                    );
                }
                main = main.push(head);
                main = main.push(
                    container(text(d.text.clone()).size(11).font(iced::Font::MONOSPACE))
                        .padding(8)
                        .style(style::panel),
                );
            }
        }
        if let Some(e) = &self.notice {
            main = main.push(text(reading::text::attachment_error_text(lang, e)).size(12));
        }
        if !o.copies.is_empty() {
            main = main.push(rule::horizontal(1));
            main = main.push(provenance(lang, &o.copies));
        }
        main = main.push(rule::horizontal(1));
        let mut export_row = row![].spacing(8);
        if exporting {
            export_row = export_row.push(
                button(text(tr(lang, "gui-export-cancel")).size(12))
                    .style(button::danger)
                    .on_press(Message::App(Event::CancelExport)),
            );
        } else {
            export_row = export_row
                .push(
                    button(text(tr(lang, "gui-export")).size(12))
                        .style(button::primary)
                        .on_press(Message::App(Event::Export { choose: false })),
                )
                .push(
                    button(text(tr(lang, "gui-export-as")).size(12))
                        .style(button::secondary)
                        .on_press(Message::App(Event::Export { choose: true })),
                );
        }
        main = main.push(export_row);
        main = main.push(actions(lang));
        if self.confirm_delete.is_none() {
            main = main.push(
                button(text(tr(lang, "gui-delete")).size(12))
                    .style(button::secondary)
                    .on_press(Message::App(Event::Delete)),
            );
        }
        if let Some(line) = export {
            main = main.push(text(line.to_owned()).size(12));
        }
        main = main.push(
            button(text(tr(
                lang,
                if self.show_raw {
                    "gui-hide-source"
                } else {
                    "gui-show-source"
                },
            )))
            .style(button::text)
            .on_press(Message::ToggleRaw),
        );
        if self.show_raw {
            let src: String = String::from_utf8_lossy(&o.raw)
                .chars()
                .take(200_000)
                .collect();
            main = main.push(
                container(text(src).size(11).font(iced::Font::MONOSPACE))
                    .padding(8)
                    .style(style::panel),
            );
        }

        let status = self.opened.verification.status;
        let panel = match &c.rem {
            Some(rem) => super::rem_panel::view(lang, rem, status),
            None => self.daticert_panel(lang, status),
        };
        row![
            scrollable(main.padding(12)).width(Length::FillPortion(2)),
            scrollable(panel).width(Length::FillPortion(1)),
        ]
        .spacing(8)
        .into()
    }

    /// The daticert's fields, certified when the provider signature holds (`status`); otherwise
    /// the panel says that nothing vouches for them, and marks no recipient green.
    fn daticert_panel(&self, lang: Lang, status: verify::Status) -> Element<'_, Message> {
        let c = &self.opened.classification;
        let proven = status == verify::Status::Valid;
        let title = if proven || c.daticert.is_none() {
            "gui-daticert-title"
        } else {
            "gui-daticert-title-unproven"
        };
        let mut col = column![text(tr(lang, title)).size(15)].spacing(6);
        let Some(d) = &c.daticert else {
            col = col.push(text(tr(lang, "gui-daticert-none")).size(12));
            return container(col).padding(12).style(style::panel).into();
        };
        if !proven {
            col = col.push(widgets::unproven_note(lang, status));
        }
        // Words, not the wire codes; times in local time and as the provider wrote them.
        let tipo = d
            .tipo
            .as_deref()
            .map(|t| match PecKind::from_daticert_tipo(t) {
                Some(k) => i18n::kind_label(lang, k),
                None => t.to_owned(),
            });
        let ricevuta = d
            .ricevuta
            .as_deref()
            .map(|r| match sigillo::pec::ReceiptType::parse(r) {
                Some(t) => i18n::receipt_label(lang, t),
                None => r.to_owned(),
            });
        // "Delivered to" only on a delivery receipt: a non-delivery notice names the
        // recipient it could not deliver to.
        let about_key = if c.kind == PecKind::AvvenutaConsegna {
            "gui-dc-consegna"
        } else {
            "gui-dc-about"
        };
        let fields = [
            ("gui-dc-tipo", tipo),
            ("gui-dc-mittente", d.mittente.clone()),
            ("gui-dc-oggetto", d.oggetto.clone()),
            ("gui-dc-gestore", d.gestore_emittente.clone()),
            ("gui-dc-data", d.data.timestamp().map(local_seconds)),
            ("gui-dc-data-written", d.data.timestamp().map(as_written)),
            ("gui-dc-identificativo", d.identificativo.clone()),
            ("gui-dc-msgid", d.msgid.clone()),
            ("gui-dc-ricevuta", ricevuta),
            (about_key, d.consegna.clone()),
            (
                "gui-dc-errore",
                (d.errore != "nessuno").then(|| i18n::errore_label(lang, &d.errore)),
            ),
            ("gui-dc-errore-esteso", d.errore_esteso.clone()),
        ];
        for (k, v) in fields {
            if let Some(v) = v.filter(|v| !v.is_empty()) {
                col = col.push(widgets::stacked(tr(lang, k), v));
            }
        }
        col = col.push(text(tr(lang, "gui-dc-destinatari")).size(13));
        for x in &d.destinatari {
            let (label, color) = match x.tipo {
                RecipientType::Certificato => (
                    tr(lang, "gui-recipient-certified"),
                    if proven {
                        style::status_color(verify::Status::Valid)
                    } else {
                        style::UNVERIFIED
                    },
                ),
                RecipientType::Esterno => (
                    tr(lang, "gui-recipient-external"),
                    style::kind_color(PecKind::Anomalia),
                ),
            };
            col = col.push(
                row![
                    text(x.address.clone())
                        .size(12)
                        .wrapping(text::Wrapping::WordOrGlyph)
                        .width(Length::Fill),
                    container(text(label).size(10))
                        .padding([1, 6])
                        .style(style::pill(color)),
                ]
                .spacing(6),
            );
        }
        if d.destinatari
            .iter()
            .any(|x| x.tipo == RecipientType::Esterno)
        {
            col = col.push(text(tr(lang, "gui-external-explained")).size(11));
        }
        container(col).padding(12).style(style::panel).into()
    }
}

/// The delivery card of a PEC the user sent: the acceptance, then each recipient with its
/// state, the local time of that state and the receipts about it (each opens; one whose
/// signature does not hold says "not proven" and proves nothing).
fn delivery_card<'a>(lang: Lang, o: &'a OpenedMessage) -> Element<'a, Message> {
    let mut col = column![text(tr(lang, "gui-delivery-title")).size(15)].spacing(6);
    let Some(t) = o.timeline.as_ref().filter(|t| t.sent_id == Some(o.id)) else {
        col = col.push(text(tr(lang, "gui-delivery-none")).size(12));
        return container(col).padding(10).style(style::panel).into();
    };
    let acc = match t.acceptance.state {
        AcceptanceState::Accettato => tr_args(
            lang,
            "gui-delivery-accepted",
            &[(
                "when",
                arg(t.acceptance.at.map(local_minutes).unwrap_or_default()),
            )],
        ),
        AcceptanceState::NonAccettato => tr_args(
            lang,
            "gui-tl-refused",
            &[(
                "reason",
                arg(t.acceptance.reason.clone().unwrap_or_default()),
            )],
        ),
        AcceptanceState::InAttesa => tr(lang, "gui-tl-waiting-acceptance"),
    };
    let mut acc_row = row![text(acc).size(12).width(Length::Fill)]
        .spacing(6)
        .align_y(iced::Alignment::Center);
    if let Some(id) = t.acceptance.receipt {
        acc_row = acc_row.push(
            button(text(tr(lang, "gui-tl-receipt")).size(11))
                .style(button::secondary)
                .padding([2, 6])
                .on_press(Message::App(Event::OpenOther(id))),
        );
    }
    col = col.push(acc_row);
    for r in &t.recipients {
        let color = super::timeline::state_color(r.state);
        let kind = match r.certified {
            Some(true) => tr(lang, "gui-recipient-certified"),
            Some(false) => tr(lang, "gui-recipient-external"),
            None => tr(lang, "gui-recipient-unknown"),
        };
        col = col.push(rule::horizontal(1));
        col = col.push(
            row![
                text(r.address.clone())
                    .size(13)
                    .width(Length::Fill)
                    .wrapping(text::Wrapping::WordOrGlyph),
                text(kind).size(11),
            ]
            .spacing(8)
            .align_y(iced::Alignment::Center),
        );
        let mut state = row![
            container(text(i18n::state_label(lang, r.state)).size(11))
                .padding([1, 8])
                .style(style::pill(color))
        ]
        .spacing(8)
        .align_y(iced::Alignment::Center);
        if let Some(at) = r.at {
            state = state.push(text(local_minutes(at)).size(11));
        }
        col = col.push(state);
        if let Some(reason) = &r.reason
            && r.state != RecipientState::Consegnato
        {
            col = col.push(text(reason.clone()).size(11).color(color));
        }
        if !r.receipts.is_empty() {
            let mut proofs = row![].spacing(4);
            for rc in &r.receipts {
                proofs = proofs.push(receipt_button(lang, rc));
            }
            col = col.push(proofs.wrap());
        }
    }
    if !t.unassigned.is_empty() {
        col = col.push(rule::horizontal(1));
        col = col.push(text(tr(lang, "gui-delivery-unassigned")).size(12));
        let mut proofs = row![].spacing(4);
        for rc in &t.unassigned {
            proofs = proofs.push(receipt_button(lang, rc));
        }
        col = col.push(proofs.wrap());
    }
    container(col).padding(10).style(style::panel).into()
}

/// The buttons under a message: reply, reply all, forward, forward as proof, print.
fn actions<'a>(lang: Lang) -> Element<'a, Message> {
    let b = |key: &str, e: Event| {
        button(text(tr(lang, key)).size(12))
            .style(button::secondary)
            .on_press(Message::App(e))
    };
    use Event::{Print, Reply};
    row![
        b("gui-reply", Reply(ReplyKind::Reply)),
        b("gui-reply-all", Reply(ReplyKind::ReplyAll)),
        b("gui-forward", Reply(ReplyKind::Forward)),
        b("gui-forward-proof", Reply(ReplyKind::ForwardAsProof)),
        b("gui-print", Print),
    ]
    .spacing(6)
    .wrap()
    .into()
}

/// A receipt of a delivery card; it opens the receipt (red when it proves nothing).
fn receipt_button<'a>(lang: Lang, rc: &ReceiptRef) -> Element<'a, Message> {
    button(text(super::timeline::receipt_label(lang, rc)).size(10))
        .style(if rc.proven {
            button::secondary
        } else {
            button::danger
        })
        .padding([2, 6])
        .on_press(Message::App(Event::OpenOther(rc.id)))
        .into()
}

/// The places the message was found in, and, when a copy has other bytes than the message
/// (the server rewrote a header of a sent message), their fingerprint.
fn provenance<'a>(lang: Lang, copies: &[CopyRecord]) -> Element<'a, Message> {
    let mut col = column![
        text(tr_args(
            lang,
            "gui-copies-title",
            &[("count", num(copies.len()))]
        ))
        .size(15)
    ]
    .spacing(4);
    for c in copies {
        let place = match c.source {
            CopyKind::Sent => tr_args(
                lang,
                "gui-copy-sent",
                &[("account", arg(c.account.clone().unwrap_or_default()))],
            ),
            CopyKind::Imap | CopyKind::Pop3 => tr_args(
                lang,
                "gui-copy-server",
                &[
                    ("account", arg(c.account.clone().unwrap_or_default())),
                    ("folder", arg(c.folder.clone().unwrap_or_default())),
                ],
            ),
            CopyKind::Import => tr_args(
                lang,
                "gui-copy-import",
                &[("path", arg(c.path.clone().unwrap_or_default()))],
            ),
        };
        let mut line = format!("• {place}");
        if let Some(sha) = &c.bytes_sha256 {
            line.push_str(&format!(
                " — {}",
                tr_args(
                    lang,
                    "gui-copy-other-bytes",
                    &[("sha", arg(sha.chars().take(16).collect::<String>()))]
                )
            ));
        }
        col = col.push(text(line).size(12).wrapping(text::Wrapping::WordOrGlyph));
    }
    col.into()
}

/// Colour of a signed-document outcome (same meaning as the provider outcomes).
fn doc_color(s: sigillo::p7m::DocStatus) -> iced::Color {
    use sigillo::p7m::DocStatus as D;
    style::status_color(match s {
        D::Valid => verify::Status::Valid,
        D::IntactNotChecked => verify::Status::Unsigned,
        D::Untrusted => verify::Status::Untrusted,
        D::Expired => verify::Status::Expired,
        D::Malformed => verify::Status::Malformed,
        D::Tampered => verify::Status::Tampered,
    })
}
