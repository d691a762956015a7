//! One stored message opened to be read: its signature checked now against the current trust
//! list, then everything a screen shows of it taken from the bytes that check covered (the
//! signed entity, or the original a PEC carries inside it): its text, its attachments, the
//! signed documents and invoices among them, what happened (the engine's outcome), its
//! timeline and its copies. The window renders an [`OpenedMessage`]; it never parses or
//! verifies a message itself.
//!
//! Attachments are listed and taken out by the same rule ([`OpenedMessage::attachments`],
//! [`OpenedMessage::attachment`]): the name a person reads and the bytes saved or opened under
//! it come from one part of one parse, never from two readers of different bytes.
//!
//! The steps are separate so a caller can keep the store free while the signature is checked:
//! [`read_marking`] and [`stored_facts`] read the store, [`prepare`] checks and reads the bytes
//! (no store), [`keep_check`] keeps the check in the store.

pub mod text;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::i18n::Lang;
use crate::i18n::document_text::{DescribedDocument, describe_documents};
use crate::launch::LaunchError;
use crate::outcome::{self, Delivery, Event, Outcome};
use crate::p7m::{QualifiedTrust, ReferenceTime};
use crate::pec::timeline::{Policy, Timeline};
use crate::pec::{Classification, PecKind, body, summary};
use crate::store::{CheckKept, CopyRecord, Store, StoreError};
use crate::verify::{self, TrustList, Verification};

/// A message ready to be shown: classified and verified, its content read from the certified
/// bytes.
#[derive(Debug, Clone)]
pub struct OpenedMessage {
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
    pub documents: Arc<Vec<DescribedDocument>>,
    /// True when opening it marked it read (its folders' unread counts changed).
    pub read_now: bool,
    /// True when the check made now differs from the one the store held, which was then
    /// replaced (lists show the new outcome too).
    pub verdict_changed: bool,
    /// What happened, decided from the verification done now.
    pub outcome: Outcome,
    /// The timeline the message belongs to (as the sent message or as one of its receipts).
    pub timeline: Option<Timeline>,
    /// The places the message was found in, and the bytes each has.
    pub copies: Vec<CopyRecord>,
}

/// What the store knows of a message besides its bytes: whether it is a PEC the user sent,
/// its timeline and its copies.
#[derive(Debug, Clone, Default)]
pub struct StoredFacts {
    /// The user sent it through PEC (kept when sending, in a Sent folder, or the sent message
    /// its proven receipts name).
    pub own_sent: bool,
    /// Its timeline, lateness judged when read.
    pub timeline: Option<Timeline>,
    /// Its copies.
    pub copies: Vec<CopyRecord>,
}

/// One attachment as a screen lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedAttachment {
    /// Its position, what [`OpenedMessage::attachment`] takes.
    pub index: usize,
    /// The name to show: the one the message gives, else `allegato-N`.
    pub name: String,
    /// The name to save it under: [`name`](Self::name) with path parts, invisible and
    /// direction characters taken out.
    pub file_name: String,
    /// Its declared content type.
    pub content_type: String,
    /// Its size in bytes, decoded.
    pub size: usize,
}

/// An attachment or document taken out of the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TakenOut {
    /// The name to save it under (sanitised).
    pub file_name: String,
    /// Its decoded bytes.
    pub bytes: Vec<u8>,
}

/// Why an attachment or document was not saved or opened.
#[derive(Debug, thiserror::Error)]
pub enum AttachmentError {
    /// No attachment at that position in the certified content.
    #[error("attachment {index} is not in the message")]
    Missing {
        /// The position asked for.
        index: usize,
    },
    /// No document at that position could be taken out of its signed file.
    #[error("document {index} cannot be taken out of its signed file")]
    NoDocument {
        /// The position asked for.
        index: usize,
    },
    /// The path chosen exists and was not to be replaced.
    #[error("{} already exists", path.display())]
    Exists {
        /// The path.
        path: PathBuf,
    },
    /// Writing the file failed.
    #[error("{}: {source}", path.display())]
    Write {
        /// The path.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// Opening it with the system's program failed or was refused.
    #[error(transparent)]
    Open(#[from] LaunchError),
}

fn default_name(index: usize) -> String {
    format!("allegato-{}", index + 1)
}

impl OpenedMessage {
    /// The bytes attachments are listed from and taken out of: the carried original, else the
    /// message's own content (the signed entity when there is one).
    fn attachment_carrier(&self) -> &[u8] {
        match &self.classification.original {
            Some(o) => &o.bytes,
            None => &self.content,
        }
    }

    /// The attachments, in the order [`OpenedMessage::attachment`] takes them.
    pub fn attachments(&self) -> Vec<ListedAttachment> {
        let c = &self.classification;
        let list = match &c.original {
            Some(o) => &o.summary.attachments,
            None => &c.headers.summary.attachments,
        };
        list.iter()
            .enumerate()
            .map(|(index, a)| {
                let name = a.name.clone().unwrap_or_else(|| default_name(index));
                ListedAttachment {
                    index,
                    file_name: crate::export::filename::file_name(&name, "allegato"),
                    name,
                    content_type: a.content_type.clone(),
                    size: a.size,
                }
            })
            .collect()
    }

    /// Attachment `index` as the message names it (`allegato-N` when it does not), taken out
    /// of the same bytes the list was read from.
    fn named_attachment(&self, index: usize) -> Result<(String, Vec<u8>), AttachmentError> {
        let (name, bytes) = body::attachment(self.attachment_carrier(), index)
            .ok_or(AttachmentError::Missing { index })?;
        Ok((name.unwrap_or_else(|| default_name(index)), bytes))
    }

    /// Attachment `index`, taken out of the same bytes the list was read from.
    pub fn attachment(&self, index: usize) -> Result<TakenOut, AttachmentError> {
        let (name, bytes) = self.named_attachment(index)?;
        Ok(TakenOut {
            file_name: crate::export::filename::file_name(&name, "allegato"),
            bytes,
        })
    }

    /// The document inside signed attachment `index` of [`OpenedMessage::documents`].
    pub fn document(&self, index: usize) -> Result<TakenOut, AttachmentError> {
        let (name, bytes) = self
            .documents
            .get(index)
            .and_then(|d| d.extracted.clone())
            .ok_or(AttachmentError::NoDocument { index })?;
        Ok(TakenOut {
            file_name: crate::export::filename::file_name(&name, "documento"),
            bytes,
        })
    }

    /// What a reply or forward of this message starts from: the original a PEC carries, else
    /// the content shown (the signed entity), and the stored bytes for a forward as proof.
    pub fn reply_source(&self) -> crate::net::reply::Source<'_> {
        let c = &self.classification;
        crate::net::reply::Source {
            raw: &self.raw,
            content: &self.content,
            certified_original: c.original.as_ref().map(|o| o.bytes.as_slice()),
            envelope: matches!(c.kind, PecKind::PostaCertificata | PecKind::Anomalia),
        }
    }

    /// Opens attachment `index` with the system's program for its type, through the rule of
    /// what is never opened and the session's private folder ([`crate::launch`]).
    pub fn open_attachment(&self, index: usize) -> Result<PathBuf, AttachmentError> {
        let (name, bytes) = self.named_attachment(index)?;
        Ok(crate::launch::open_attachment(&name, &bytes)?)
    }
}

/// Writes what was taken out to `path`, chosen by the user. An existing file is replaced only
/// when `replace` is set (the system's dialog has asked); the bytes are on disk when this
/// returns.
pub fn save_to(path: &Path, taken: &TakenOut, replace: bool) -> Result<(), AttachmentError> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if replace {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    let write = |e| AttachmentError::Write {
        path: path.to_owned(),
        source: e,
    };
    let mut f = options.open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            AttachmentError::Exists {
                path: path.to_owned(),
            }
        } else {
            write(e)
        }
    })?;
    f.write_all(&taken.bytes)
        .and_then(|()| f.sync_all())
        .map_err(write)
}

/// The bytes of message `id`, marking it read: opened means read (`\Seen` here at once, on the
/// server at the next sync). True when this call marked it; a read-only store keeps its read
/// state as it is.
pub fn read_marking(store: &mut Store, id: i64) -> Result<(Vec<u8>, bool), StoreError> {
    let marked = store.read_only().is_none() && store.mark_read(id)? > 0;
    Ok((store.raw(id)?, marked))
}

/// What the store knows of message `id` besides its bytes, lateness judged at `now`.
pub fn stored_facts(
    store: &Store,
    id: i64,
    now: DateTime<Utc>,
    policy: &Policy,
) -> Result<StoredFacts, StoreError> {
    let detail = store.message(id)?;
    let timeline = store.timeline_of(id, now, policy)?;
    Ok(StoredFacts {
        own_sent: matches!(detail.row.outcome.event, Event::Sent(_)),
        timeline,
        copies: detail.copies,
    })
}

/// Checks the signature of `raw` now against `trust` and reads what a person sees of it from
/// exactly the bytes that check covered. Touches no store.
pub fn prepare(
    id: i64,
    raw: Vec<u8>,
    trust: &TrustList,
    qualified: Option<&QualifiedTrust>,
    lang: Lang,
    facts: StoredFacts,
) -> OpenedMessage {
    let certified = verify::open(&raw, trust);
    let (verification, mut classification, content) = certified.into_all();
    let raw = Arc::new(raw);
    let content = match content {
        Some(c) => Arc::new(c),
        None => raw.clone(),
    };
    // An ordinary message has no original part: it lists its own attachments, read from the
    // signed entity when there is one.
    if classification.original.is_none() {
        classification.headers.summary = summary::shown(&classification, &content).1.into_owned();
    }
    let body_source = summary::shown_source(&classification, &content);
    let text = body::readable_text(body_source).unwrap_or_default();
    // Signed documents are checked at the certified delivery time only when the provider
    // signature holds; otherwise that time is not proven and "now" is used.
    let reference = if verification.is_valid() {
        ReferenceTime::for_message(&classification)
    } else {
        ReferenceTime::now()
    };
    let documents = describe_documents(body_source, qualified, reference, lang);
    // A PEC the user sent: its proof is its receipts, as its timeline judged them.
    let delivery = facts.own_sent.then(|| {
        facts
            .timeline
            .as_ref()
            .filter(|t| t.sent_id == Some(id))
            .map(Delivery::from_timeline)
            .unwrap_or_else(Delivery::waiting)
    });
    let outcome = outcome::of_message(&classification, Some(verification.status), delivery);
    OpenedMessage {
        id,
        verification,
        classification,
        body: text,
        raw,
        content,
        documents: Arc::new(documents),
        read_now: false,
        verdict_changed: false,
        outcome,
        timeline: facts.timeline,
        copies: facts.copies,
    }
}

/// One truth per message: keeps the check `opened` shows as the store's (see
/// [`Store::keep_check`]); when it changed the stored outcome, the timeline is read again, since
/// what it proves may have changed too.
pub fn keep_check(
    store: &mut Store,
    opened: OpenedMessage,
    trust: &TrustList,
    now: DateTime<Utc>,
    policy: &Policy,
) -> Result<OpenedMessage, StoreError> {
    let changed = store.keep_check(opened.id, &opened.verification, trust)? == CheckKept::Changed;
    let timeline = if changed {
        store.timeline_of(opened.id, now, policy)?
    } else {
        opened.timeline.clone()
    };
    Ok(OpenedMessage {
        verdict_changed: changed,
        timeline,
        ..opened
    })
}

#[cfg(test)]
mod tests;
