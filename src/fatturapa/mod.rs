//! Electronic invoices (FatturaPA) and the messages of the exchange system (SdI) that PEC
//! carries: readers written from the published structure of the invoice schema (1.2.x) and of
//! the SdI message schemas, and the detection that says which attachments are which.
//!
//! Pure code, no I/O. A file that cannot be read gives an error naming what is wrong; the caller
//! keeps the raw bytes either way.

pub mod amount;
pub mod codes;
pub mod detect;
pub mod filename;
pub mod invoice;
pub mod sdi;

pub use amount::Amount;
pub use detect::{AttachmentKind, DetectedAttachment, Tags};
pub use invoice::{Invoice, InvoiceBody, InvoiceError, Party, read_invoice};
pub use sdi::{Notification, NotificationError, Outcome, SdiKind, Tone, read_notification};

use crate::xml::{self, XmlError};

/// An invoice or an SdI message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FatturaDocument {
    /// A FatturaPA invoice.
    Invoice(Box<Invoice>),
    /// An SdI message.
    Notification(Box<Notification>),
}

/// Why a file is neither a readable invoice nor a readable SdI message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FatturaError {
    /// Not XML.
    #[error("{0}")]
    Xml(#[from] XmlError),
    /// An invoice with a problem.
    #[error("{0}")]
    Invoice(#[from] InvoiceError),
    /// An SdI message with a problem.
    #[error("{0}")]
    Notification(#[from] NotificationError),
    /// Some other XML.
    #[error("the XML is neither a FatturaPA invoice nor an SdI message (its root is <{0}>)")]
    Unknown(String),
}

/// Reads an invoice or an SdI message, whichever the XML is.
pub fn read_document(bytes: &[u8]) -> Result<FatturaDocument, FatturaError> {
    let doc = xml::parse(bytes)?;
    let root = &doc.root;
    if root.name == "FatturaElettronica" {
        let mut inv = invoice::invoice_from_tree(root)?;
        if !doc.warnings.is_empty() {
            inv.warnings
                .insert(0, invoice::InvoiceWarning::InvalidEncoding);
        }
        return Ok(FatturaDocument::Invoice(Box::new(inv)));
    }
    if SdiKind::from_root(&root.name).is_some() {
        return Ok(FatturaDocument::Notification(Box::new(
            sdi::notification_from_tree(root)?,
        )));
    }
    Err(FatturaError::Unknown(root.name.clone()))
}
