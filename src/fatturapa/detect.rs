//! Which attachments of a message are invoices, SdI messages or signed documents, so the store
//! and the window can filter "fatture" and "notifiche SdI". The content decides first: an
//! invoice is XML whose root is `FatturaElettronica` (plain or inside a `.p7m`), an SdI message
//! XML whose root is one of the SdI messages; any CMS SignedData is a signed document. Only when
//! the content says nothing (a damaged file) does an SdI file name (`IT…_xxxxx.xml`,
//! `IT…_xxxxx_RC_001.xml`) classify it, so that a broken invoice is shown as a broken invoice
//! rather than hidden.

use mail_parser::{MessageParser, PartType};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::sdi::SdiKind;
use crate::pec::mime::{self, View};
use crate::pec::{Classification, summary::decode_utf7_runs};

/// What an attachment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "sdi", rename_all = "kebab-case")]
pub enum AttachmentKind {
    /// A FatturaPA invoice (XML).
    Invoice,
    /// A FatturaPA invoice inside a signed document (`.xml.p7m`).
    SignedInvoice,
    /// An SdI message (receipt, notification or metadata).
    SdiNotification(SdiKind),
    /// A signed document (`.p7m`) holding something else.
    SignedDocument,
    /// Anything else.
    Other,
}

impl AttachmentKind {
    /// True for plain and signed invoices.
    pub fn is_invoice(self) -> bool {
        matches!(
            self,
            AttachmentKind::Invoice | AttachmentKind::SignedInvoice
        )
    }

    /// True for SdI messages.
    pub fn is_sdi_notification(self) -> bool {
        matches!(self, AttachmentKind::SdiNotification(_))
    }

    /// True for anything signed (`.p7m`), invoices included.
    pub fn is_signed(self) -> bool {
        matches!(
            self,
            AttachmentKind::SignedInvoice | AttachmentKind::SignedDocument
        )
    }
}

/// What an XML document's root says it is.
fn kind_of_xml(bytes: &[u8]) -> Option<AttachmentKind> {
    let root = crate::xml::root_name(bytes)?;
    if root == "FatturaElettronica" {
        return Some(AttachmentKind::Invoice);
    }
    SdiKind::from_root(&root).map(AttachmentKind::SdiNotification)
}

/// Classifies one attachment by its content, then, when the content is not recognised, by an
/// SdI file name.
pub fn classify_attachment(name: Option<&str>, bytes: &[u8]) -> AttachmentKind {
    let by_content = classify_bytes(bytes);
    if by_content != AttachmentKind::Other {
        return by_content;
    }
    match name.and_then(super::filename::parse) {
        Some(f) => match f.kind {
            Some(k) => AttachmentKind::SdiNotification(k),
            None if f.extension == "zip" => AttachmentKind::Other,
            None => AttachmentKind::Invoice,
        },
        None => AttachmentKind::Other,
    }
}

/// Classifies one attachment by its content only.
pub fn classify_bytes(bytes: &[u8]) -> AttachmentKind {
    if let Some(k) = kind_of_xml(bytes) {
        return k;
    }
    if let Ok(unwrapped) = crate::p7m::unwrap(bytes) {
        return match kind_of_xml(&unwrapped.document) {
            Some(AttachmentKind::Invoice) => AttachmentKind::SignedInvoice,
            Some(k @ AttachmentKind::SdiNotification(_)) => k,
            _ => AttachmentKind::SignedDocument,
        };
    }
    AttachmentKind::Other
}

/// One attachment and what it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DetectedAttachment {
    /// Position among the message's attachments (the order of `MessageSummary::attachments`).
    pub index: usize,
    /// File name as declared.
    pub name: Option<String>,
    /// SHA-256 of the decoded bytes (matches `Attachment::sha256`).
    pub sha256: String,
    /// What it is.
    pub kind: AttachmentKind,
}

/// The attachments of a raw message (its own, not those of a carried original), classified,
/// with their decoded bytes.
pub fn attachments_of(raw: &[u8]) -> Vec<(DetectedAttachment, Vec<u8>)> {
    let Some(msg) = MessageParser::default().parse(raw) else {
        return Vec::new();
    };
    let view = View::top(&msg);
    let mut out = Vec::new();
    for &id in msg.attachments.iter() {
        let Some(part) = mime::part(&msg, id) else {
            continue;
        };
        if out.len() >= crate::pec::summary::MAX_ATTACHMENTS_LISTED {
            break;
        }
        let bytes = mime::decoded_body(&view, part).into_owned();
        let name = mime::file_name(part).map(|n| decode_utf7_runs(&n).unwrap_or(n));
        let kind = if matches!(part.body, PartType::Message(_)) {
            AttachmentKind::Other
        } else {
            classify_attachment(name.as_deref(), &bytes)
        };
        out.push((
            DetectedAttachment {
                index: out.len(),
                name,
                sha256: hex::encode(Sha256::digest(&bytes)),
                kind,
            },
            bytes,
        ));
    }
    out
}

/// The invoices, SdI messages and signed documents among the attachments of the original
/// message a PEC envelope carries (`original.bytes`, the postacert.eml). Empty when there is
/// no original.
pub fn detect(c: &Classification) -> Vec<DetectedAttachment> {
    c.original
        .as_ref()
        .map(|o| {
            attachments_of(&o.bytes)
                .into_iter()
                .map(|(d, _)| d)
                .filter(|d| d.kind != AttachmentKind::Other)
                .collect()
        })
        .unwrap_or_default()
}

/// The attachments that matter to a reader of a raw message: those of the carried original
/// when it is a PEC envelope (or receipt) that carries one, else the message's own; both read
/// from exactly the signed entity when the message has a readable signature.
pub fn attachments_for_display(raw: &[u8]) -> Vec<(DetectedAttachment, Vec<u8>)> {
    let reading = crate::pec::read(raw);
    match &reading.classification.original {
        Some(o) => attachments_of(&o.bytes),
        None => attachments_of(reading.source(raw)),
    }
}

/// The filters a message belongs to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tags {
    /// Invoices among the attachments ("fatture").
    pub invoices: usize,
    /// SdI messages among the attachments ("notifiche SdI").
    pub sdi_notifications: usize,
    /// Signed documents (invoices included).
    pub signed_documents: usize,
}

impl Tags {
    /// Counts the kinds of classified attachments.
    pub fn of(attachments: &[DetectedAttachment]) -> Tags {
        let mut t = Tags::default();
        for a in attachments {
            t.invoices += a.kind.is_invoice() as usize;
            t.sdi_notifications += a.kind.is_sdi_notification() as usize;
            t.signed_documents += a.kind.is_signed() as usize;
        }
        t
    }
}

/// The filters a classified message belongs to (from its carried original).
pub fn tags(c: &Classification) -> Tags {
    Tags::of(&detect(c))
}
