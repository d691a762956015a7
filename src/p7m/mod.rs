//! Signed documents: CAdES `.p7m` attachments, as Italian firms, lawyers and public offices
//! exchange them over PEC.
//!
//! A `.p7m` envelopes the document it signs ([`decode`]): DER, BER with indefinite lengths or
//! base64 text, possibly signed by several people in parallel, counter-signed, or signed again
//! as a whole (`.p7m.p7m`). [`open`] takes it apart, checks every signer of every layer with
//! OpenSSL at signing time against the user's qualified-signature trust list ([`check`],
//! [`trust`], [`crate::verify::trusted_list`]), and hands back the document under its real name ([`name`]) together
//! with the verdict — never one without the other. Without an imported trust list the best a
//! document can get is "signature intact, signer not checked", never "valid".

pub mod check;
pub mod decode;
pub mod extract;
pub mod name;
pub mod outcome;
pub mod signer;
pub mod trust;

pub use decode::{Form, P7mError, looks_like_p7m, unwrap};
pub use outcome::{
    DocNote, DocStatus, DocumentVerification, ReferenceTime, SignerReport, TimeSource,
};
pub use trust::{QualifiedTrust, QualifiedTrustError};

/// Something about the document a careful reader should know.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "code", rename_all = "kebab-case")]
pub enum DocWarning {
    /// The file name announces one type, the content is another (e.g. `.pdf` but a program).
    NameMismatch {
        /// The extension of the name.
        declared: String,
        /// What the content is.
        detected: String,
    },
    /// The name announced a different number of `.p7m` layers than the file has.
    LayerCountMismatch {
        /// Layers in the name.
        named: usize,
        /// Layers in the file.
        found: usize,
    },
}

/// A signed document ready for display: the verdict and the content, inseparable.
#[derive(Debug, Clone)]
pub struct SignedDocument {
    verification: DocumentVerification,
    document: Vec<u8>,
    name: String,
    content_type: String,
    warnings: Vec<DocWarning>,
}

impl SignedDocument {
    /// The verdict; show it before anything else.
    pub fn verification(&self) -> &DocumentVerification {
        &self.verification
    }

    /// The document's bytes, with the verdict that qualifies them.
    pub fn content(&self) -> (&DocumentVerification, &[u8]) {
        (&self.verification, &self.document)
    }

    /// The real file name (without `.p7m`), sanitised for saving.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The document's MIME type (from its name, else its content).
    pub fn content_type(&self) -> &str {
        &self.content_type
    }

    /// What a careful reader should know about the file.
    pub fn warnings(&self) -> &[DocWarning] {
        &self.warnings
    }

    /// Verdict, document bytes and name.
    pub fn into_parts(self) -> (DocumentVerification, Vec<u8>, String) {
        (self.verification, self.document, self.name)
    }
}

/// Opens a `.p7m`: unwraps every layer, verifies every signer at signing time (else at
/// `reference`), and names the document. `file_name` is the `.p7m`'s own name, if known.
/// `trust` is the user's qualified-signature trust list (`None`: none imported). An error means
/// there is no document to show at all.
pub fn open(
    bytes: &[u8],
    file_name: Option<&str>,
    trust: Option<&QualifiedTrust>,
    reference: ReferenceTime,
) -> Result<SignedDocument, P7mError> {
    let unwrapped = decode::unwrap(bytes)?;
    let verification = check::verify_unwrapped(&unwrapped, trust, reference);
    let name = name::document_name(file_name, &unwrapped.document);
    let sniffed = name::sniff(&unwrapped.document);
    let declared = name::extension(&name)
        .and_then(|e| name::content_type_for_extension(e).map(|ct| (e.to_ascii_lowercase(), ct)));
    let mut warnings = Vec::new();
    if let (Some((ext, declared_ct)), Some(s)) = (&declared, sniffed)
        && !compatible(declared_ct, s.content_type)
    {
        warnings.push(DocWarning::NameMismatch {
            declared: ext.clone(),
            detected: s.extension.to_owned(),
        });
    }
    if let Some(n) = file_name {
        let named = name::strip_p7m(n).1;
        if named > 0 && named != unwrapped.layers.len() {
            warnings.push(DocWarning::LayerCountMismatch {
                named,
                found: unwrapped.layers.len(),
            });
        }
    }
    let content_type = declared
        .map(|(_, ct)| ct)
        .or(sniffed.map(|s| s.content_type))
        .unwrap_or("application/octet-stream")
        .to_owned();
    Ok(SignedDocument {
        verification,
        document: unwrapped.document,
        name,
        content_type,
        warnings,
    })
}

/// Whether a declared type and a detected one can be the same file (ZIP-based office formats
/// are ZIP archives; XML, HTML and CSV are text).
fn compatible(declared: &str, detected: &str) -> bool {
    let zip_family = |t: &str| {
        t == "application/zip"
            || t.starts_with("application/vnd.openxmlformats")
            || t.starts_with("application/vnd.oasis.opendocument")
    };
    let text_family =
        |t: &str| t.starts_with("text/") || t == "application/xml" || t == "message/rfc822";
    declared == detected
        || (zip_family(declared) && zip_family(detected))
        || (text_family(declared) && text_family(detected))
        || (declared == "application/msword" && detected == "application/rtf")
        || (declared == "application/vnd.ms-excel" && detected == "application/msword")
}
