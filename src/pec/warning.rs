//! Warnings a careful reader of a PEC message needs. They are data (a code and its arguments);
//! the words come from the i18n layer so the UI and the CLI speak the user's language.

use super::daticert::DaticertIssue;
use super::kind::PecKind;
use super::signed::Malformation;

/// A header field outside the signature that can disagree with the certified data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OuterField {
    /// `Subject:`
    Subject,
    /// `From:` (for envelopes, the "Per conto di" address)
    From,
    /// `To:` and `Cc:` together
    Recipients,
    /// `Message-ID:`
    MessageId,
    /// `X-Riferimento-Message-ID:`
    RiferimentoMessageId,
    /// `Date:`
    Date,
    /// `X-TipoRicevuta:`
    TipoRicevuta,
}

impl OuterField {
    /// The header name as written in mail.
    pub fn header_name(self) -> &'static str {
        match self {
            OuterField::Subject => "Subject",
            OuterField::From => "From",
            OuterField::Recipients => "To/Cc",
            OuterField::MessageId => "Message-ID",
            OuterField::RiferimentoMessageId => "X-Riferimento-Message-ID",
            OuterField::Date => "Date",
            OuterField::TipoRicevuta => "X-TipoRicevuta",
        }
    }
}

/// One warning about a classified message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// An unsigned outer header says something else than the signed certification data.
    OuterHeaderDiffers {
        field: OuterField,
        outer: String,
        certified: String,
    },
    /// The PEC header and the signed daticert `tipo` disagree; the signed value was used.
    KindMismatch { header: PecKind, daticert: PecKind },
    /// A PEC message of this kind must carry a daticert.xml and this one does not.
    MissingDaticert { kind: PecKind },
    /// The Subject does not start with the prefix the rules prescribe.
    MissingSubjectPrefix { expected: String },
    /// The PEC headers are missing: the kind was taken from the signed daticert alone.
    HeadersMissing { daticert: PecKind },
    /// A PEC header has a value outside the rules.
    UnknownHeaderValue { header: String, value: String },
    /// Both X-Trasporto and X-Ricevuta are present.
    ConflictingHeaders,
    /// The daticert `tipo` is missing or unknown.
    UnknownDaticertTipo { value: String },
    /// The daticert could only be read in part.
    DaticertIssue(DaticertIssue),
    /// More than one daticert.xml belongs to this message; the first was used.
    DuplicateDaticert { count: usize },
    /// An envelope (or complete receipt) does not carry the original message.
    MissingOriginal { kind: PecKind },
    /// The signed envelope was re-wrapped by a third party (e.g. a mailing list).
    Rewrapped,
    /// A kind that providers exchange among themselves and that should not reach a user.
    ProviderOnly { kind: PecKind },
    /// The notice concerns a virus (X-VerificaSicurezza: errore or errore="virus").
    VirusReported,
    /// A timeout notice that is final (code 5.4.1): the message was not delivered.
    FinalTimeout,
    /// The delivery receipt names a recipient that is not among the recipients.
    ConsegnaNotARecipient { consegna: String },
    /// The message is not a PEC message but carries PEC data (e.g. a forwarded receipt).
    ContainsForwardedPec { count: usize },
    /// The message structure was damaged; parts may be missing.
    DamagedStructure,
    /// The signed structure could be read in more than one way: nothing in it is taken as
    /// certified, and the message was read whole.
    AmbiguousSignedStructure { reason: Malformation },
    /// The message is larger than the model reads ([`super::MAX_CLASSIFIED_BYTES`]): kept,
    /// not analysed, its signature not checked.
    TooLargeToAnalyse,
    /// Something a careful reader of a REM message should know.
    Rem(crate::pec::rem::RemIssue),
}

impl Warning {
    /// A stable identifier, for JSON consumers and tests.
    pub fn code(&self) -> &'static str {
        match self {
            Warning::OuterHeaderDiffers { .. } => "outer-header-differs",
            Warning::KindMismatch { .. } => "kind-mismatch",
            Warning::MissingDaticert { .. } => "missing-daticert",
            Warning::MissingSubjectPrefix { .. } => "missing-subject-prefix",
            Warning::HeadersMissing { .. } => "pec-headers-missing",
            Warning::UnknownHeaderValue { .. } => "unknown-header-value",
            Warning::ConflictingHeaders => "conflicting-headers",
            Warning::UnknownDaticertTipo { .. } => "unknown-daticert-tipo",
            Warning::DaticertIssue(_) => "daticert-recovered",
            Warning::DuplicateDaticert { .. } => "duplicate-daticert",
            Warning::MissingOriginal { .. } => "missing-original",
            Warning::Rewrapped => "rewrapped",
            Warning::ProviderOnly { .. } => "provider-only",
            Warning::VirusReported => "virus-reported",
            Warning::FinalTimeout => "final-timeout",
            Warning::ConsegnaNotARecipient { .. } => "consegna-not-a-recipient",
            Warning::ContainsForwardedPec { .. } => "contains-forwarded-pec",
            Warning::DamagedStructure => "damaged-structure",
            Warning::AmbiguousSignedStructure { .. } => "ambiguous-signed-structure",
            Warning::TooLargeToAnalyse => "too-large-to-analyse",
            Warning::Rem(issue) => issue.code(),
        }
    }
}
