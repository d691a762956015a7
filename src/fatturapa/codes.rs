//! The code lists of the FatturaPA technical rules (specifiche tecniche 1.2.x / 1.9): document
//! types, payment methods and conditions, VAT natures. Their words live in the i18n files
//! (`fattura-td-TD01`, `fattura-mp-MP05`, …).

/// `TipoDocumento` values (TD07–TD09 are the simplified invoice's, TD10–TD12 the former
/// cross-border data's; TD29 is the 2025 notice of omitted invoicing).
pub const DOCUMENT_TYPES: &[&str] = &[
    "TD01", "TD02", "TD03", "TD04", "TD05", "TD06", "TD07", "TD08", "TD09", "TD10", "TD11", "TD12",
    "TD16", "TD17", "TD18", "TD19", "TD20", "TD21", "TD22", "TD23", "TD24", "TD25", "TD26", "TD27",
    "TD28", "TD29",
];

/// `ModalitaPagamento` values.
pub const PAYMENT_METHODS: &[&str] = &[
    "MP01", "MP02", "MP03", "MP04", "MP05", "MP06", "MP07", "MP08", "MP09", "MP10", "MP11", "MP12",
    "MP13", "MP14", "MP15", "MP16", "MP17", "MP18", "MP19", "MP20", "MP21", "MP22", "MP23",
];

/// `CondizioniPagamento` values.
pub const PAYMENT_CONDITIONS: &[&str] = &["TP01", "TP02", "TP03"];

/// `Natura` values (the plain N2, N3 and N6 were replaced by their sub-codes in 2021 but
/// appear in older invoices).
pub const NATURES: &[&str] = &[
    "N1", "N2", "N2.1", "N2.2", "N3", "N3.1", "N3.2", "N3.3", "N3.4", "N3.5", "N3.6", "N4", "N5",
    "N6", "N6.1", "N6.2", "N6.3", "N6.4", "N6.5", "N6.6", "N6.7", "N6.8", "N6.9", "N7",
];

/// The i18n key of a code of a list, if the code is known: `fattura-td-TD01`.
pub fn key(list: &str, code: &str, known: &[&str]) -> Option<String> {
    known
        .contains(&code)
        .then(|| format!("fattura-{list}-{}", code.replace('.', "-")))
}
