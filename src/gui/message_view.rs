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
use sigillo::outcome::{self, Delivery, Event, Outcome};
use sigillo::pec::timeline::{AcceptanceState, Policy, ReceiptRef, RecipientState, Timeline};
use sigillo::pec::{Classification, PecKind, RecipientType};
use sigillo::store::CopyRecord;
use sigillo::verify::{self, Verification};

use super::data::{Data, Failure};
use super::{style, widgets};

/// A message ready to be shown: fetched, classified and verified in the background.
#[derive(Debug, Clone)]
pub struct Opened {
    /// Store id.
    pub id: i64,
    /// The verification, done now against the current trust list.
    pub verification: Verification,
    /// What the message is.
    pub classification: Classification,
    /// The text a person reads.
    pub body: String,
    /// The raw bytes (for the source view).
    pub raw: Arc<Vec<u8>>,
    /// The bytes the content is read from: exactly the signed entity (with the envelope's
    /// header fields) when the message has a readable signature, else the raw bytes. Text and
    /// attachments come from here, never from text around the signed part.
    pub content: Arc<Vec<u8>>,
    /// Invoices, SdI messages and signed documents among the attachments, described.
    pub documents: Arc<Vec<sigillo::i18n::document_text::DescribedDocument>>,
    /// True when opening it marked it read (its folders' unread counts changed).
    pub read_now: bool,
    /// True when the check made now differs from the one the store held, which was then
    /// replaced (the list shows the new outcome too).
    pub verdict_changed: bool,
    /// What happened, decided by the engine from the verification done now.
    pub outcome: Outcome,
    /// The timeline the message belongs to (as the sent message or as one of its receipts).
    pub timeline: Option<Timeline>,
    /// The places the message was found in, and the bytes each has.
    pub copies: Vec<CopyRecord>,
}

/// What the store knows of a message besides its bytes: whether it is a PEC the user sent,
/// its timeline and its copies.
#[derive(Debug, Clone, Default)]
pub struct Stored {
    /// The user sent it through PEC (kept when sending, in a Sent folder, or the sent message
    /// its proven receipts name).
    pub own_sent: bool,
    /// Its timeline, lateness judged now.
    pub timeline: Option<Timeline>,
    /// Its copies.
    pub copies: Vec<CopyRecord>,
}

impl Opened {
    /// The message whose attachments are listed: the carried original, else the message's
    /// own content (the signed entity when there is one).
    fn attachment_carrier(&self) -> Vec<u8> {
        self.classification
            .original
            .as_ref()
            .map(|o| o.bytes.clone())
            .unwrap_or_else(|| self.content.to_vec())
    }
}

/// Attachments listed on screen: (name, content type, size, index in the carrying message).
fn attachments(c: &Classification) -> Vec<(String, String, usize, usize)> {
    let list = c
        .original
        .as_ref()
        .map(|o| &o.summary.attachments)
        .unwrap_or(&c.headers.summary.attachments);
    list.iter()
        .enumerate()
        .map(|(i, a)| {
            (
                a.name
                    .clone()
                    .unwrap_or_else(|| format!("allegato-{}", i + 1)),
                a.content_type.clone(),
                a.size,
                i,
            )
        })
        .collect()
}

/// Classifies and verifies raw bytes for display (the signature is checked now, against the
/// current trust list, before anything is shown).
#[cfg(test)]
pub fn prepare(
    id: i64,
    raw: Vec<u8>,
    trust: &verify::TrustList,
    qualified: Option<&sigillo::p7m::QualifiedTrust>,
    lang: Lang,
) -> Opened {
    prepare_with(id, raw, trust, qualified, lang, Stored::default())
}

/// [`prepare`] with what the store knows of the message.
pub fn prepare_with(
    id: i64,
    raw: Vec<u8>,
    trust: &verify::TrustList,
    qualified: Option<&sigillo::p7m::QualifiedTrust>,
    lang: Lang,
    stored: Stored,
) -> Opened {
    let certified = verify::open(&raw, trust);
    let (verification, mut classification, content) = certified.into_all();
    let raw = Arc::new(raw);
    let content = match content {
        Some(c) => Arc::new(c),
        None => raw.clone(),
    };
    // An ordinary message has no original part: list its own attachments (from the signed
    // entity when there is one).
    if classification.original.is_none()
        && let Some(m) = mail_parser::MessageParser::default().parse(content.as_slice())
    {
        classification.headers.summary =
            sigillo::pec::summary::summarize(&sigillo::pec::mime::View::top(&m), |_| None);
    }
    let body_source: &[u8] = classification
        .original
        .as_ref()
        .map(|o| o.bytes.as_slice())
        .unwrap_or(content.as_slice());
    let body = sigillo::pec::body::readable_text(body_source).unwrap_or_default();
    // Signed documents are checked at the certified delivery time only when the provider
    // signature holds; otherwise that time is not proven and "now" is used.
    let reference = if verification.is_valid() {
        sigillo::p7m::ReferenceTime::for_message(&classification)
    } else {
        sigillo::p7m::ReferenceTime::now()
    };
    let documents =
        sigillo::i18n::document_text::describe_documents(body_source, qualified, reference, lang);
    // A PEC the user sent: its proof is its receipts, as its timeline judged them.
    let delivery = stored.own_sent.then(|| {
        stored
            .timeline
            .as_ref()
            .filter(|t| t.sent_id == Some(id))
            .map(Delivery::from_timeline)
            .unwrap_or_else(Delivery::waiting)
    });
    let outcome = outcome::of_message(&classification, Some(verification.status), delivery);
    Opened {
        id,
        verification,
        classification,
        body,
        raw,
        content,
        documents: Arc::new(documents),
        read_now: false,
        verdict_changed: false,
        outcome,
        timeline: stored.timeline,
        copies: stored.copies,
    }
}

/// What the store knows of message `id` besides its bytes (lateness judged at `policy`).
pub async fn stored_facts(data: &Data, id: i64, policy: Policy) -> Result<Stored, Failure> {
    data.with_store(move |s| {
        let detail = s.message(id)?;
        let timeline = s.timeline_of(id, chrono::Utc::now(), &policy)?;
        Ok(Stored {
            own_sent: matches!(detail.row.outcome.event, Event::Sent(_)),
            timeline,
            copies: detail.copies,
        })
    })
    .await
}

/// The bytes of message `id`, marking it read: opened means read (`\Seen` here at once, on
/// the server at the next sync). True when this call marked it.
pub async fn read_for_view(data: &Data, id: i64) -> Result<(Vec<u8>, bool), Failure> {
    data.with_store(move |s| {
        // A read-only store keeps its read state as it is.
        let marked = s.read_only().is_none() && s.mark_read(id)? > 0;
        Ok((s.raw(id)?, marked))
    })
    .await
}

/// Loads, classifies and verifies message `id` off the UI thread.
pub fn load(data: &Data, id: i64, lang: Lang, policy: Policy) -> Task<Result<Opened, Failure>> {
    let d = data.clone();
    let trust = data.trust();
    let profile = data.profile().to_owned();
    Task::perform(
        async move {
            let (raw, read_now) = read_for_view(&d, id).await?;
            let kept_with = trust.clone();
            let stored = stored_facts(&d, id, policy).await?;
            let opened = tokio::task::spawn_blocking(move || {
                let qualified = sigillo::p7m::QualifiedTrust::load(&profile).ok().flatten();
                Opened {
                    read_now,
                    ..prepare_with(id, raw, &trust, qualified.as_ref(), lang, stored)
                }
            })
            .await
            .map_err(|e| Failure {
                summary_key: "gui-error-internal",
                details: e.to_string(),
            })?;
            // One truth per message: the check shown now is the one the store keeps.
            let v = opened.verification.clone();
            let verdict_changed = d
                .with_store(move |s| s.keep_check(id, &v, &kept_with))
                .await?
                == sigillo::store::CheckKept::Changed;
            // A changed outcome may change what the message's timeline proves.
            let timeline = if verdict_changed {
                stored_facts(&d, id, policy).await?.timeline
            } else {
                opened.timeline.clone()
            };
            Ok(Opened {
                verdict_changed,
                timeline,
                ..opened
            })
        },
        |r| r,
    )
}

/// Messages of the message view.
#[derive(Debug, Clone)]
pub enum Message {
    /// Show or hide the raw source.
    ToggleRaw,
    /// Save attachment `index` into the downloads folder.
    Save(usize),
    /// Save the document inside signed attachment `index` (of the documents list).
    SaveDocument(usize),
    /// Open attachment `index` with the system's program for its type.
    Open(usize),
    /// Opening finished (or failed).
    Opened(Result<PathBuf, String>),
    /// The save finished.
    Saved(Result<PathBuf, String>),
    /// Export the legal-proof dossier (`choose`: ask where with a dialog).
    Export { choose: bool },
    /// Stop a running export.
    CancelExport,
    /// Reply or forward (handled by the app: `super::reply`).
    Reply(sigillo::net::reply::ReplyKind),
    /// Print the message (handled by the app: `super::print`).
    Print,
    /// Open another message: a receipt of the delivery card (handled by the app).
    OpenOther(i64),
    /// Delete the message (the app first asks what proof it carries).
    Delete,
    /// Delete it after being told what proof goes (handled by the app).
    ConfirmDelete,
    /// Keep it.
    CancelDelete,
}

/// State of the view of one message.
#[derive(Debug)]
pub struct MessageView {
    /// The message.
    pub opened: Opened,
    show_raw: bool,
    notice: Option<String>,
    /// Set while the user is asked to confirm a deletion: what proof would go.
    confirm_delete: Option<Vec<String>>,
}

impl MessageView {
    /// A view of a loaded message.
    pub fn new(opened: Opened) -> Self {
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

    /// Handles a message.
    pub fn update(&mut self, message: Message, lang: Lang) -> Task<Message> {
        match message {
            Message::ToggleRaw => self.show_raw = !self.show_raw,
            Message::Save(index) => {
                let carrier = self.opened.attachment_carrier();
                return Task::perform(
                    async move {
                        tokio::task::spawn_blocking(move || save_attachment(&carrier, index))
                            .await
                            .unwrap_or_else(|e| Err(e.to_string()))
                    },
                    Message::Saved,
                );
            }
            Message::Open(index) => {
                let carrier = self.opened.attachment_carrier();
                return Task::perform(
                    async move {
                        tokio::task::spawn_blocking(move || open_attachment(&carrier, index, lang))
                            .await
                            .unwrap_or_else(|e| Err(e.to_string()))
                    },
                    Message::Opened,
                );
            }
            Message::Opened(Ok(_)) => self.notice = None,
            // Already a sentence that says what happened and what to do instead.
            Message::Opened(Err(e)) => self.notice = Some(e),
            Message::SaveDocument(i) => {
                let docs = self.opened.documents.clone();
                return Task::perform(
                    async move {
                        tokio::task::spawn_blocking(move || {
                            let (name, bytes) = docs
                                .get(i)
                                .and_then(|d| d.extracted.clone())
                                .ok_or_else(|| "no document".to_owned())?;
                            save_in_downloads(&name, &bytes)
                        })
                        .await
                        .unwrap_or_else(|e| Err(e.to_string()))
                    },
                    Message::Saved,
                );
            }
            // Handled by the app, which owns the store and trust list.
            Message::Export { .. }
            | Message::CancelExport
            | Message::Reply(_)
            | Message::Print
            | Message::OpenOther(_)
            | Message::Delete
            | Message::ConfirmDelete => {}
            Message::CancelDelete => self.confirm_delete = None,
            Message::Saved(Ok(path)) => {
                self.notice = Some(tr_args(
                    lang,
                    "gui-attachment-saved",
                    &[("path", arg(path.display().to_string()))],
                ))
            }
            Message::Saved(Err(e)) => {
                self.notice = Some(tr_args(
                    lang,
                    "gui-attachment-save-failed",
                    &[("reason", arg(e))],
                ))
            }
        }
        Task::none()
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
                        .on_press(Message::ConfirmDelete),
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
        let own_sent = matches!(o.outcome.event, Event::Sent(_));
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

        let atts = attachments(c);
        if !atts.is_empty() {
            main = main.push(rule::horizontal(1));
            main = main.push(text(tr(lang, "gui-attachments")).size(15));
            for (name, ct, size, index) in atts {
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
                        .on_press(Message::Save(index)),
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
                            .on_press(Message::SaveDocument(i)),
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
        if let Some(n) = &self.notice {
            main = main.push(text(n.clone()).size(12));
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
                    .on_press(Message::CancelExport),
            );
        } else {
            export_row = export_row
                .push(
                    button(text(tr(lang, "gui-export")).size(12))
                        .style(button::primary)
                        .on_press(Message::Export { choose: false }),
                )
                .push(
                    button(text(tr(lang, "gui-export-as")).size(12))
                        .style(button::secondary)
                        .on_press(Message::Export { choose: true }),
                );
        }
        main = main.push(export_row);
        main = main.push(super::reply::actions(lang));
        if self.confirm_delete.is_none() {
            main = main.push(
                button(text(tr(lang, "gui-delete")).size(12))
                    .style(button::secondary)
                    .on_press(Message::Delete),
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

        let panel = match &c.rem {
            Some(rem) => super::rem_panel::view(lang, rem),
            None => self.daticert_panel(lang),
        };
        row![
            scrollable(main.padding(12)).width(Length::FillPortion(2)),
            scrollable(panel).width(Length::FillPortion(1)),
        ]
        .spacing(8)
        .into()
    }

    fn daticert_panel(&self, lang: Lang) -> Element<'_, Message> {
        let c = &self.opened.classification;
        let mut col = column![text(tr(lang, "gui-daticert-title")).size(15)].spacing(6);
        let Some(d) = &c.daticert else {
            col = col.push(text(tr(lang, "gui-daticert-none")).size(12));
            return container(col).padding(12).style(style::panel).into();
        };
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
                    style::status_color(verify::Status::Valid),
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
fn delivery_card<'a>(lang: Lang, o: &'a Opened) -> Element<'a, Message> {
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
                .on_press(Message::OpenOther(id)),
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

/// A receipt of a delivery card; it opens the receipt (red when it proves nothing).
fn receipt_button<'a>(lang: Lang, rc: &ReceiptRef) -> Element<'a, Message> {
    button(text(receipt_label(lang, rc)).size(10))
        .style(if rc.proven {
            button::secondary
        } else {
            button::danger
        })
        .padding([2, 6])
        .on_press(Message::OpenOther(rc.id))
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
        let place = match c.source.as_str() {
            "sent" => tr_args(
                lang,
                "gui-copy-sent",
                &[("account", arg(c.account.clone().unwrap_or_default()))],
            ),
            "imap" | "pop3" => tr_args(
                lang,
                "gui-copy-server",
                &[
                    ("account", arg(c.account.clone().unwrap_or_default())),
                    ("folder", arg(c.folder.clone().unwrap_or_default())),
                ],
            ),
            _ => tr_args(
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

/// Saves attachment `index` of `carrier` into the user's downloads folder, never outside it.
fn save_attachment(carrier: &[u8], index: usize) -> Result<PathBuf, String> {
    let (name, bytes) = sigillo::pec::body::attachment(carrier, index)
        .ok_or_else(|| "attachment not found".to_owned())?;
    let name = name.unwrap_or_else(|| format!("allegato-{}", index + 1));
    save_in_downloads(&name, &bytes)
}

/// Opens attachment `index` of `carrier` through the library's rule and private folder
/// (`sigillo::launch`); the error is the sentence to show.
fn open_attachment(carrier: &[u8], index: usize, lang: Lang) -> Result<PathBuf, String> {
    let (name, bytes) = sigillo::pec::body::attachment(carrier, index)
        .ok_or_else(|| tr(lang, "gui-attachment-missing"))?;
    let name = name.unwrap_or_else(|| format!("allegato-{}", index + 1));
    sigillo::launch::open_attachment(&name, &bytes)
        .map_err(|e| sigillo::launch::text::launch_error_text(lang, &e))
}

/// Saves bytes under a sanitised name in the downloads folder (never outside it, never over an
/// existing file).
fn save_in_downloads(name: &str, bytes: &[u8]) -> Result<PathBuf, String> {
    let dir = directories::UserDirs::new()
        .and_then(|u| u.download_dir().map(|d| d.to_owned()))
        .or_else(|| directories::UserDirs::new().map(|u| u.home_dir().to_owned()))
        .ok_or_else(|| "no downloads folder".to_owned())?;
    sigillo::p7m::extract::save_in(&dir, name, bytes).map_err(|e| e.to_string())
}
