//! What checking a signed document concluded: one [`DocStatus`] per signer and for the whole
//! document (the worst of its signers), who signed, against which trust list, at which time.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::verify::CertInfo;

/// The outcome for one signer, or for a whole document. Never claims more than was checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum DocStatus {
    /// Intact, and the signer's certificate leads to an issuer of the user's qualified-signature
    /// trust list that was qualified at signing time.
    Valid,
    /// Intact, but no trust list was imported: who signed was NOT checked. Never "valid".
    IntactNotChecked,
    /// Intact, but the signer does not lead to an issuer of the trust list (or that issuer was
    /// not qualified at signing time, or the certificate is not for signatures).
    Untrusted,
    /// Intact, but the signer's certificate (or its chain) was not valid at signing time.
    Expired,
    /// The signature structure cannot be read or breaks the CMS rules.
    Malformed,
    /// The content (or a signed attribute) does not match the signature.
    Tampered,
}

impl DocStatus {
    /// Every status, best first (the order used to pick the worst).
    pub const ALL: [DocStatus; 6] = [
        DocStatus::Valid,
        DocStatus::IntactNotChecked,
        DocStatus::Untrusted,
        DocStatus::Expired,
        DocStatus::Malformed,
        DocStatus::Tampered,
    ];

    /// The wire / JSON spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            DocStatus::Valid => "valid",
            DocStatus::IntactNotChecked => "intact-not-checked",
            DocStatus::Untrusted => "untrusted",
            DocStatus::Expired => "expired",
            DocStatus::Malformed => "malformed",
            DocStatus::Tampered => "tampered",
        }
    }

    /// Parses [`DocStatus::as_str`] output.
    pub fn parse(s: &str) -> Option<DocStatus> {
        DocStatus::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// True when the signature matches the content (whatever is known of the signer).
    pub fn is_intact(self) -> bool {
        matches!(
            self,
            DocStatus::Valid
                | DocStatus::IntactNotChecked
                | DocStatus::Untrusted
                | DocStatus::Expired
        )
    }
}

impl std::fmt::Display for DocStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where the time a signer was checked at came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TimeSource {
    /// The signer's `signingTime` attribute: signed, but declared by the signer's own software.
    SigningTime,
    /// The certified delivery time of the PEC message that carried the document.
    PecDelivery,
    /// A time given by the user.
    Given,
    /// The current time (the signature states no time).
    Now,
}

impl TimeSource {
    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            TimeSource::SigningTime => "signing-time",
            TimeSource::PecDelivery => "pec-delivery",
            TimeSource::Given => "given",
            TimeSource::Now => "now",
        }
    }

    /// Every source.
    pub const ALL: [TimeSource; 4] = [
        TimeSource::SigningTime,
        TimeSource::PecDelivery,
        TimeSource::Given,
        TimeSource::Now,
    ];
}

/// The time to check a signer at when its signature states none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReferenceTime {
    /// The instant.
    pub time: DateTime<Utc>,
    /// What it is.
    pub source: TimeSource,
}

impl ReferenceTime {
    /// The current time.
    pub fn now() -> Self {
        ReferenceTime {
            time: Utc::now(),
            source: TimeSource::Now,
        }
    }

    /// A time the user chose.
    pub fn given(time: DateTime<Utc>) -> Self {
        ReferenceTime {
            time,
            source: TimeSource::Given,
        }
    }

    /// The certified delivery time of the PEC message that carried the document.
    pub fn pec_delivery(time: DateTime<Utc>) -> Self {
        ReferenceTime {
            time,
            source: TimeSource::PecDelivery,
        }
    }

    /// For a document attached to a PEC message: the certified time of its daticert (`<data>`),
    /// else now. That time is certified only when the provider signature of the message is
    /// valid (`crate::verify`); the caller decides whether to use it.
    pub fn for_message(c: &crate::pec::Classification) -> Self {
        c.daticert
            .as_ref()
            .and_then(|d| d.data.timestamp())
            .map(|t| ReferenceTime::pec_delivery(t.with_timezone(&Utc)))
            .unwrap_or_else(ReferenceTime::now)
    }
}

/// What qualifies a signer's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "kebab-case")]
pub enum DocNote {
    /// No qualified-signature trust list is imported: the signer was not checked.
    NoTrustList,
    /// The signing time comes from the signer's own software, not from a timestamp authority.
    SigningTimeDeclared,
    /// A signature timestamp is attached but was not checked.
    TimestampNotChecked,
    /// The signer's certificate has expired since signing; the signature was valid then.
    ExpiredSinceSigning { not_after: DateTime<Utc> },
    /// Revocation (CRL/OCSP) was not checked: Sigillo works offline.
    RevocationNotChecked,
    /// A detail from the cryptographic library, for the details view.
    Detail { text: String },
}

/// One signer of one layer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignerReport {
    /// The layer, 1 = outermost.
    pub layer: usize,
    /// When this is a counter-signature: the position (0-based, in this report's list) of the
    /// signer it counter-signs.
    pub countersigns: Option<usize>,
    /// The outcome for this signer.
    pub status: DocStatus,
    /// Given name and surname from the certificate, else its common name.
    pub name: Option<String>,
    /// The Italian fiscal code from the subject serialNumber (`TINIT-…`), when it is one.
    pub fiscal_code: Option<String>,
    /// The subject serialNumber as written (also when it is not a fiscal code).
    pub subject_serial_number: Option<String>,
    /// Subject organisation, if any.
    pub organization: Option<String>,
    /// The issuer's common name (else organisation, else the whole name).
    pub issuer: Option<String>,
    /// The signer's certificate.
    pub certificate: Option<CertInfo>,
    /// Whether the issuer is in the user's trust list (`None`: no list imported, or the
    /// signature could not be checked far enough to ask).
    pub issuer_trusted: Option<bool>,
    /// The trust service provider that lists the issuer, when the list says.
    pub trust_service: Option<String>,
    /// The chain as built, signer first.
    pub chain: Vec<CertInfo>,
    /// The time the signer was checked at.
    pub signing_time: Option<DateTime<Utc>>,
    /// Where that time came from.
    pub signing_time_source: Option<TimeSource>,
    /// Why (for non-valid outcomes), in English for logs; the UI words come from i18n.
    pub reason: Option<String>,
    /// Notes.
    pub notes: Vec<DocNote>,
}

impl SignerReport {
    /// An empty report for a signer of `layer`.
    pub fn new(layer: usize, status: DocStatus) -> Self {
        SignerReport {
            layer,
            countersigns: None,
            status,
            name: None,
            fiscal_code: None,
            subject_serial_number: None,
            organization: None,
            issuer: None,
            certificate: None,
            issuer_trusted: None,
            trust_service: None,
            chain: Vec::new(),
            signing_time: None,
            signing_time_source: None,
            reason: None,
            notes: Vec::new(),
        }
    }
}

/// The verification of a whole signed document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentVerification {
    /// The worst outcome of all signers (or `malformed` when there are none).
    pub status: DocStatus,
    /// How the file was written.
    pub form: super::Form,
    /// Number of nested signature layers.
    pub layers: usize,
    /// Every signer of every layer, outermost layer first, counter-signatures after the
    /// signature they counter-sign.
    pub signers: Vec<SignerReport>,
    /// True when a qualified-signature trust list was used.
    pub trust_list: bool,
    /// Why, when no signer could be reported.
    pub reason: Option<String>,
}

impl DocumentVerification {
    /// True only when every signer is valid against the trust list.
    pub fn is_valid(&self) -> bool {
        self.status == DocStatus::Valid
    }
}
