//! Words for invoices and SdI messages: the code lists (document types, payment methods and
//! conditions, VAT natures), the SdI messages and their outcomes, and reading errors.

use super::{Lang, arg, tr, tr_args};
use crate::fatturapa::codes::{self, DOCUMENT_TYPES, NATURES, PAYMENT_CONDITIONS, PAYMENT_METHODS};
use crate::fatturapa::invoice::InvoiceWarning;
use crate::fatturapa::{FatturaError, InvoiceError, NotificationError, Outcome, SdiKind};
use crate::xml::XmlError;

fn coded(lang: Lang, list: &str, code: &str, known: &[&str]) -> String {
    match codes::key(list, code, known) {
        Some(key) => format!("{code} – {}", tr(lang, &key)),
        None => tr_args(lang, "fattura-code-unknown", &[("code", arg(code))]),
    }
}

/// `TD01 – Fattura`.
pub fn document_type_text(lang: Lang, code: &str) -> String {
    coded(lang, "td", code, DOCUMENT_TYPES)
}

/// `MP05 – bonifico`.
pub fn payment_method_text(lang: Lang, code: &str) -> String {
    coded(lang, "mp", code, PAYMENT_METHODS)
}

/// `TP02 – pagamento completo`.
pub fn payment_conditions_text(lang: Lang, code: &str) -> String {
    coded(lang, "tp", code, PAYMENT_CONDITIONS)
}

/// `N1 – escluse ex art. 15`.
pub fn nature_text(lang: Lang, code: &str) -> String {
    coded(lang, "n", code, NATURES)
}

/// The name of an SdI message ("Ricevuta di consegna").
pub fn sdi_kind_label(lang: Lang, kind: SdiKind) -> String {
    tr(lang, &format!("sdi-kind-{}", kind.code()))
}

/// What an SdI message means, in one plain sentence.
pub fn sdi_outcome_text(lang: Lang, outcome: Outcome) -> String {
    tr(lang, &format!("sdi-outcome-{}", outcome.as_str()))
}

fn xml_error_text(lang: Lang, e: &XmlError) -> String {
    match e {
        XmlError::UnknownEncoding(enc) => {
            tr_args(lang, "xml-error-encoding", &[("encoding", arg(enc))])
        }
        XmlError::NotWellFormed { line, detail } => tr_args(
            lang,
            "xml-error-not-well-formed",
            &[("line", super::num(*line)), ("detail", arg(detail))],
        ),
        XmlError::UnknownEntity { name, line } => tr_args(
            lang,
            "xml-error-entity",
            &[("name", arg(name)), ("line", super::num(*line))],
        ),
        XmlError::Empty => tr(lang, "xml-error-empty"),
        XmlError::TooLarge => tr(lang, "xml-error-too-large"),
    }
}

/// Why an invoice cannot be read, naming the element.
pub fn invoice_error_text(lang: Lang, e: &InvoiceError) -> String {
    match e {
        InvoiceError::Xml(x) => xml_error_text(lang, x),
        InvoiceError::NotInvoice(root) => {
            tr_args(lang, "fattura-error-not-invoice", &[("root", arg(root))])
        }
        InvoiceError::Missing { path } => {
            tr_args(lang, "fattura-error-missing", &[("path", arg(path))])
        }
        InvoiceError::Invalid {
            path,
            value,
            expected,
        } => tr_args(
            lang,
            "fattura-error-invalid",
            &[
                ("path", arg(path)),
                ("value", arg(value)),
                (
                    "expected",
                    arg(tr(lang, &format!("fattura-expected-{}", expected.as_str()))),
                ),
            ],
        ),
    }
}

/// Why an SdI message cannot be read.
pub fn notification_error_text(lang: Lang, e: &NotificationError) -> String {
    match e {
        NotificationError::Xml(x) => xml_error_text(lang, x),
        NotificationError::NotNotification(root) => {
            tr_args(lang, "sdi-error-not-notification", &[("root", arg(root))])
        }
        NotificationError::Missing(what) => {
            tr_args(lang, "sdi-error-missing", &[("path", arg(what))])
        }
    }
}

/// Why a file is neither a readable invoice nor a readable SdI message.
pub fn fattura_error_text(lang: Lang, e: &FatturaError) -> String {
    match e {
        FatturaError::Xml(x) => xml_error_text(lang, x),
        FatturaError::Invoice(i) => invoice_error_text(lang, i),
        FatturaError::Notification(n) => notification_error_text(lang, n),
        FatturaError::Unknown(root) => {
            tr_args(lang, "fattura-error-unknown", &[("root", arg(root))])
        }
    }
}

/// A warning about an invoice.
pub fn invoice_warning_text(lang: Lang, w: &InvoiceWarning) -> String {
    match w {
        InvoiceWarning::InvalidEncoding => tr(lang, "fattura-warn-encoding"),
        InvoiceWarning::UnknownFormat { format } => {
            tr_args(lang, "fattura-warn-format", &[("format", arg(format))])
        }
        InvoiceWarning::UnknownCode { path, value } => tr_args(
            lang,
            "fattura-warn-code",
            &[("path", arg(path)), ("value", arg(value))],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_kind_and_outcome_has_words_in_both_languages() {
        for lang in Lang::ALL {
            for (list, known) in [
                ("td", DOCUMENT_TYPES),
                ("mp", PAYMENT_METHODS),
                ("tp", PAYMENT_CONDITIONS),
                ("n", NATURES),
            ] {
                for code in known {
                    let text = coded(lang, list, code, known);
                    assert!(!text.contains("fattura-"), "{lang:?} {text}");
                    assert!(text.len() > code.len() + 4, "{text}");
                }
            }
            for k in SdiKind::ALL {
                assert!(!sdi_kind_label(lang, k).starts_with("sdi-"), "{k:?}");
            }
            let mut seen = std::collections::HashSet::new();
            for o in Outcome::ALL {
                let text = sdi_outcome_text(lang, o);
                assert!(!text.starts_with("sdi-"), "{o:?}");
                assert!(seen.insert(text), "two outcomes read the same");
            }
        }
        assert_eq!(
            document_type_text(Lang::It, "TD04"),
            "TD04 – Nota di credito"
        );
        assert!(document_type_text(Lang::En, "TD99").contains("TD99"));
    }
}
