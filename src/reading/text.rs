//! Words for reading a message: why an attachment or document was not saved or opened, as a
//! sentence that says what the user can do.

use super::AttachmentError;
use crate::i18n::{Lang, arg, tr, tr_args};
use crate::launch::text::launch_error_text;

/// An [`AttachmentError`] as a sentence.
pub fn attachment_error_text(lang: Lang, e: &AttachmentError) -> String {
    match e {
        AttachmentError::Missing { .. } => tr(lang, "reading-attachment-missing"),
        AttachmentError::NoDocument { .. } => tr(lang, "reading-document-missing"),
        AttachmentError::Exists { path } => tr_args(
            lang,
            "reading-file-exists",
            &[("path", arg(path.display().to_string()))],
        ),
        AttachmentError::Write { path, source } => tr_args(
            lang,
            "reading-write-failed",
            &[
                ("path", arg(path.display().to_string())),
                ("reason", arg(source.to_string())),
            ],
        ),
        AttachmentError::Open(e) => launch_error_text(lang, e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::launch::LaunchError;

    #[test]
    fn every_error_has_words_in_both_languages() {
        let errors = [
            AttachmentError::Missing { index: 2 },
            AttachmentError::NoDocument { index: 0 },
            AttachmentError::Exists {
                path: "/tmp/contratto.pdf".into(),
            },
            AttachmentError::Write {
                path: "/tmp/contratto.pdf".into(),
                source: std::io::Error::other("disco pieno"),
            },
            AttachmentError::Open(LaunchError::NoFolder),
        ];
        for lang in Lang::ALL {
            let texts: Vec<String> = errors
                .iter()
                .map(|e| attachment_error_text(lang, e))
                .collect();
            for t in &texts {
                assert!(!t.contains("reading-") && t.len() > 20, "{t}");
            }
            assert!(texts[2].contains("/tmp/contratto.pdf"), "{}", texts[2]);
            assert!(texts[3].contains("disco pieno"), "{}", texts[3]);
            // Each kind says something of its own.
            let distinct: std::collections::BTreeSet<_> = texts.iter().collect();
            assert_eq!(distinct.len(), texts.len(), "{texts:?}");
        }
    }
}
