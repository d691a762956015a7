//! One message, shown the way the rules mean it: the signature banner first, then (for anomaly
//! envelopes) a banner saying the content is not certified, then the original message as the
//! main content with its attachments; the certification data (daticert) in a side panel with
//! certified and external recipients marked; the raw source on demand.

use std::path::PathBuf;
use std::sync::Arc;

use iced::widget::{button, column, container, row, rule, scrollable, text};
use iced::{Element, Length, Task};

use sigillo::i18n::{self, Lang, arg, num, tr, tr_args};
use sigillo::pec::{Classification, PecKind, RecipientType};
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
    pub documents: Arc<Vec<crate::cli::fattura::DescribedDocument>>,
    /// True when opening it marked it read (its folders' unread counts changed).
    pub read_now: bool,
}

impl std::fmt::Debug for crate::cli::fattura::DescribedDocument {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DescribedDocument")
            .field("name", &self.name)
            .finish()
    }
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
pub fn prepare(
    id: i64,
    raw: Vec<u8>,
    trust: &verify::TrustList,
    qualified: Option<&sigillo::p7m::QualifiedTrust>,
    lang: Lang,
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
        crate::cli::fattura::describe_documents(body_source, qualified, reference, lang);
    Opened {
        id,
        verification,
        classification,
        body,
        raw,
        content,
        documents: Arc::new(documents),
        read_now: false,
    }
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
pub fn load(data: &Data, id: i64, lang: Lang) -> Task<Result<Opened, Failure>> {
    let d = data.clone();
    let trust = data.trust();
    let profile = data.profile().to_owned();
    Task::perform(
        async move {
            let (raw, read_now) = read_for_view(&d, id).await?;
            tokio::task::spawn_blocking(move || {
                let qualified = sigillo::p7m::QualifiedTrust::load(&profile).ok().flatten();
                Opened {
                    read_now,
                    ..prepare(id, raw, &trust, qualified.as_ref(), lang)
                }
            })
            .await
            .map_err(|e| Failure {
                summary_key: "gui-error-internal",
                details: e.to_string(),
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
        // The banner is the first element, always: nothing of the content comes before it.
        let mut main = column![widgets::signature_banner(lang, &o.verification)].spacing(10);
        if c.kind == PecKind::Anomalia {
            main = main.push(widgets::anomaly_banner(lang));
        }
        for w in &c.warnings {
            main = main.push(text(format!("⚠ {}", i18n::warning_text(lang, w))).size(12));
        }
        main = main.push(
            row![
                widgets::kind_badge(lang, Some(c.kind)),
                text(i18n::kind_label(lang, c.kind)).size(13),
            ]
            .spacing(8),
        );
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
            main = main.push(widgets::labelled(
                tr(lang, "gui-date"),
                d.format("%d/%m/%Y %H:%M:%S %z").to_string(),
            ));
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
        match &self.confirm_delete {
            None => {
                main = main.push(
                    button(text(tr(lang, "gui-delete")).size(12))
                        .style(button::secondary)
                        .on_press(Message::Delete),
                );
            }
            Some(proof) => {
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

        let panel = self.daticert_panel(lang);
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
        let fields = [
            ("gui-dc-tipo", d.tipo.clone()),
            ("gui-dc-mittente", d.mittente.clone()),
            ("gui-dc-oggetto", d.oggetto.clone()),
            ("gui-dc-gestore", d.gestore_emittente.clone()),
            (
                "gui-dc-data",
                d.data
                    .timestamp()
                    .map(|t| t.format("%d/%m/%Y %H:%M:%S %z").to_string()),
            ),
            ("gui-dc-identificativo", d.identificativo.clone()),
            ("gui-dc-msgid", d.msgid.clone()),
            ("gui-dc-ricevuta", d.ricevuta.clone()),
            ("gui-dc-consegna", d.consegna.clone()),
            (
                "gui-dc-errore",
                (d.errore != "nessuno").then(|| d.errore.clone()),
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
    sigillo::launch::open_attachment(&name, &bytes).map_err(|e| i18n::launch_error_text(lang, &e))
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
