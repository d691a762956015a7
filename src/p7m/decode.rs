//! From the bytes of a `.p7m` file to its signature layers and the document inside.
//!
//! A `.p7m` is a CMS SignedData with the document enveloped (CAdES-BES and later), written as
//! DER (or BER with indefinite lengths, as Java tools do) or as base64 text, with or without PEM
//! armour. Signing a `.p7m` again makes a `.p7m.p7m`: the content of each layer is then the
//! next SignedData, until the document itself.

use base64::Engine;

use crate::verify::der::{self, SignedDataInfo};

/// Layers unwrapped at most (real files have one to three).
pub const MAX_LAYERS: usize = 16;

/// How the outermost layer was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Form {
    /// Binary DER/BER.
    Der,
    /// Base64 text (possibly with PEM armour).
    Base64,
}

impl Form {
    /// Wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Form::Der => "der",
            Form::Base64 => "base64",
        }
    }
}

/// One signature layer: its CMS structure (as DER/BER bytes) and what was read of it.
#[derive(Debug, Clone)]
pub struct Layer {
    /// The ContentInfo bytes of this layer.
    pub der: Vec<u8>,
    /// What the reader found in it.
    pub info: SignedDataInfo,
}

/// A `.p7m` taken apart.
#[derive(Debug, Clone)]
pub struct Unwrapped {
    /// How the file was written.
    pub form: Form,
    /// The layers, outermost first.
    pub layers: Vec<Layer>,
    /// The signed document (the content of the innermost layer).
    pub document: Vec<u8>,
}

/// Why a file is not a readable signed document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum P7mError {
    /// Neither DER nor base64 of a CMS SignedData.
    #[error("the file is not a signed document (CAdES / .p7m): no CMS SignedData structure in it")]
    NotSigned,
    /// A SignedData without the document inside (a detached `.p7s`-style signature).
    #[error(
        "the signature does not contain the document (detached signature): the signed file is not inside"
    )]
    Detached,
    /// More layers than [`MAX_LAYERS`].
    #[error("the document is signed in more than {MAX_LAYERS} nested layers; refused")]
    TooDeep,
}

/// Reads a SignedData from DER/BER bytes or base64 text. Returns the DER and its form.
pub fn decode_signed_data(bytes: &[u8]) -> Option<(Vec<u8>, Form, SignedDataInfo)> {
    if bytes.first() == Some(&0x30)
        && let Some(info) = der::read_signed_data(bytes)
    {
        return Some((bytes.to_vec(), Form::Der, info));
    }
    let decoded = decode_base64_text(bytes)?;
    if decoded.first() != Some(&0x30) {
        return None;
    }
    let info = der::read_signed_data(&decoded)?;
    Some((decoded, Form::Base64, info))
}

/// Base64 text, possibly with PEM armour lines and any line breaks, into bytes. `None` when the
/// text holds anything else.
fn decode_base64_text(bytes: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes)).ok()?;
    let mut clean = String::with_capacity(text.len());
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with("-----BEGIN") || line.starts_with("-----END") {
            continue;
        }
        for c in line.chars() {
            match c {
                'A'..='Z' | 'a'..='z' | '0'..='9' | '+' | '/' | '=' => clean.push(c),
                '-' => clean.push('+'),
                '_' => clean.push('/'),
                c if c.is_whitespace() => {}
                _ => return None,
            }
        }
    }
    if clean.len() < 16 {
        return None;
    }
    let unpadded = clean.trim_end_matches('=');
    base64::engine::general_purpose::STANDARD_NO_PAD
        .decode(unpadded)
        .ok()
}

/// True when the bytes are a CMS SignedData (DER or base64), i.e. a `.p7m` whatever its name.
pub fn looks_like_p7m(bytes: &[u8]) -> bool {
    decode_signed_data(bytes).is_some()
}

/// Takes a `.p7m` apart: every layer and the document. Nothing is verified here.
pub fn unwrap(bytes: &[u8]) -> Result<Unwrapped, P7mError> {
    let (der, form, info) = decode_signed_data(bytes).ok_or(P7mError::NotSigned)?;
    let mut layers = Vec::new();
    let mut current = Layer { der, info };
    loop {
        let Some(content) = current.info.encapsulated.clone() else {
            return Err(P7mError::Detached);
        };
        layers.push(current);
        match decode_signed_data(&content) {
            // A detached signature inside is not a further layer: it is what was signed.
            Some((_, _, info)) if info.encapsulated.is_none() => {
                return Ok(Unwrapped {
                    form,
                    layers,
                    document: content,
                });
            }
            Some((der, _, info)) => {
                if layers.len() >= MAX_LAYERS {
                    return Err(P7mError::TooDeep);
                }
                current = Layer { der, info };
            }
            None => {
                return Ok(Unwrapped {
                    form,
                    layers,
                    document: content,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_is_not_signed() {
        assert_eq!(unwrap(b"").unwrap_err(), P7mError::NotSigned);
        assert_eq!(unwrap(b"%PDF-1.4").unwrap_err(), P7mError::NotSigned);
        assert_eq!(
            unwrap(b"TWFueSBoYW5kcyBtYWtlIGxpZ2h0IHdvcmsu").unwrap_err(),
            P7mError::NotSigned
        );
        assert!(!looks_like_p7m(&[0x30, 0x80, 0x00, 0x00]));
    }

    #[test]
    fn base64_text_is_cleaned() {
        let text = b"-----BEGIN PKCS7-----\r\nTWFueSBo\r\nYW5kcyBtYWtlIGxpZ2h0IHdvcmsu\r\n-----END PKCS7-----\r\n";
        assert_eq!(
            decode_base64_text(text).unwrap(),
            b"Many hands make light work."
        );
        assert!(decode_base64_text(b"not base64 at all!").is_none());
    }
}
