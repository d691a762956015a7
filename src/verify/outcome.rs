//! What a signature check concluded: exactly one [`Status`], who signed, the chain, the signing
//! time and where that time came from, and the notes a reader needs.

use chrono::{DateTime, Utc};
use serde::Serialize;

/// The outcome of checking a provider signature. Exactly one per message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// The signature matches the content and the signer chains to a trusted anchor at signing
    /// time.
    Valid,
    /// The content does not match the signature: something was changed after signing.
    Tampered,
    /// The signature matches, but the signer does not chain to a trusted anchor (or its chain
    /// breaks a rule: name constraints, purpose, revocation).
    Untrusted,
    /// The signer (or a certificate of its chain) was not valid at signing time.
    Expired,
    /// There is no provider signature.
    Unsigned,
    /// The signature structure cannot be read.
    Malformed,
}

impl Status {
    /// Every status, in a stable order.
    pub const ALL: [Status; 6] = [
        Status::Valid,
        Status::Tampered,
        Status::Untrusted,
        Status::Expired,
        Status::Unsigned,
        Status::Malformed,
    ];

    /// The wire / JSON / database spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Valid => "valid",
            Status::Tampered => "tampered",
            Status::Untrusted => "untrusted",
            Status::Expired => "expired",
            Status::Unsigned => "unsigned",
            Status::Malformed => "malformed",
        }
    }

    /// Parses [`Status::as_str`] output.
    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where the time used to check the chain came from, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TimeSource {
    /// The CMS `signingTime` signed attribute (covered by the signature).
    SigningTime,
    /// The daticert `<data>` (covered by the signature).
    Daticert,
    /// The outer `Date:` header (not covered by the signature).
    DateHeader,
    /// No time in the message: the current time was used.
    Now,
}

impl TimeSource {
    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            TimeSource::SigningTime => "signing-time",
            TimeSource::Daticert => "daticert",
            TimeSource::DateHeader => "date-header",
            TimeSource::Now => "now",
        }
    }

    /// Parses [`TimeSource::as_str`] output.
    pub fn parse(s: &str) -> Option<TimeSource> {
        [
            TimeSource::SigningTime,
            TimeSource::Daticert,
            TimeSource::DateHeader,
            TimeSource::Now,
        ]
        .into_iter()
        .find(|x| x.as_str() == s)
    }
}

/// The facts of one certificate that a person needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CertInfo {
    /// Subject distinguished name, one line (`C=IT, O=…, CN=…`).
    pub subject: String,
    /// Issuer distinguished name, one line.
    pub issuer: String,
    /// Subject organisation (O), if any.
    pub organization: Option<String>,
    /// Subject common name (CN), if any.
    pub common_name: Option<String>,
    /// rfc822Name entries of the subject alternative name.
    pub emails: Vec<String>,
    /// Serial number, upper-case hex.
    pub serial: String,
    /// Start of validity.
    pub not_before: Option<DateTime<Utc>>,
    /// End of validity.
    pub not_after: Option<DateTime<Utc>>,
    /// SHA-256 fingerprint of the DER certificate, lower-case hex.
    pub sha256: String,
}

/// Why a message is not `valid`, or what qualifies a `valid` one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "kebab-case")]
pub enum Note {
    /// The signer's certificate has expired since signing; the signature was valid then.
    ExpiredSinceSigning { not_after: DateTime<Utc> },
    /// No revocation list was given: revocation was not checked.
    RevocationNotChecked,
    /// The signer's certificate is revoked by the given list.
    Revoked { since: Option<DateTime<Utc>> },
    /// A revocation list of the signer's issuer is past its `nextUpdate`: a newer one exists
    /// and may say more.
    RevocationListStale { next_update: DateTime<Utc> },
    /// The revocation lists of the signer's issuer were all issued before the signature: they
    /// cannot tell whether the certificate was revoked when it signed.
    RevocationListTooOld { this_update: DateTime<Utc> },
    /// The signature uses a digest no longer safe against forgery (SHA-1, MD5). It was made
    /// before 2025, when providers still used it, and is accepted with this note.
    WeakDigest { algorithm: String },
    /// The signer's provider does not match daticert `gestore-emittente`.
    ProviderMismatch { signer: String, gestore: String },
    /// The signer's e-mail does not match the sender (From) domain of the message.
    SenderMismatch { signer: String, from: String },
    /// A detail from the cryptographic library, for the details view.
    Detail { text: String },
}

/// The full result of checking one message's provider signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verification {
    /// The outcome.
    pub status: Status,
    /// The signer certificate, when one could be read (even for non-valid outcomes).
    pub signer: Option<CertInfo>,
    /// The chain from the signer up to the anchor (signer first), as built.
    pub chain: Vec<CertInfo>,
    /// The time the chain was checked at.
    pub signing_time: Option<DateTime<Utc>>,
    /// Where that time came from.
    pub signing_time_source: Option<TimeSource>,
    /// One sentence on why (for non-valid outcomes), in English for logs; the UI words come
    /// from i18n keyed by the status and notes.
    pub reason: Option<String>,
    /// Notes and qualifications.
    pub notes: Vec<Note>,
}

impl Verification {
    /// A result with only a status and a reason.
    pub fn bare(status: Status, reason: impl Into<Option<String>>) -> Self {
        Verification {
            status,
            signer: None,
            chain: Vec::new(),
            signing_time: None,
            signing_time_source: None,
            reason: reason.into(),
            notes: Vec::new(),
        }
    }

    /// True only for a real, successful check against the trust list.
    pub fn is_valid(&self) -> bool {
        self.status == Status::Valid
    }
}
