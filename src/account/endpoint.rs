//! Where an account's servers are and how to reach them: host, port, TLS or STARTTLS, a pinned
//! certificate fingerprint, time limits. Plain settings data, kept with the accounts that hold
//! it; `net` connects to what these describe (and re-exports them from `net::tls`).

use std::time::Duration;

use openssl::x509::X509;
use serde::{Deserialize, Serialize};

/// How long network steps may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// DNS plus TCP connect.
    pub connect: Duration,
    /// The TLS handshake.
    pub tls: Duration,
    /// Longest silence while waiting for a reply during a session.
    pub io: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect: Duration::from_secs(20),
            tls: Duration::from_secs(20),
            io: Duration::from_secs(60),
        }
    }
}

/// A SHA-256 certificate fingerprint, written `AB:CD:…` (32 bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fingerprint(pub [u8; 32]);

impl Fingerprint {
    /// The fingerprint of a DER certificate.
    pub fn of_der(der: &[u8]) -> Fingerprint {
        use sha2::Digest;
        Fingerprint(sha2::Sha256::digest(der).into())
    }

    /// The fingerprint of the first certificate of a PEM text (or of DER bytes).
    pub fn of_certificate(bytes: &[u8]) -> Option<Fingerprint> {
        let cert = X509::from_pem(bytes)
            .or_else(|_| X509::from_der(bytes))
            .ok()?;
        let der = cert.to_der().ok()?;
        Some(Fingerprint::of_der(&der))
    }

    /// Parses `AB:CD:…`, `abcd…` or `sha256:AB:CD…` (spaces and colons ignored).
    pub fn parse(text: &str) -> Option<Fingerprint> {
        let t = text.trim();
        let t = t
            .strip_prefix("sha256:")
            .or_else(|| t.strip_prefix("SHA256:"))
            .or_else(|| t.strip_prefix("SHA-256:"))
            .unwrap_or(t);
        let hexdigits: String = t
            .chars()
            .filter(|c| !matches!(c, ':' | ' ' | '-'))
            .collect();
        let bytes = hex::decode(hexdigits).ok()?;
        let arr: [u8; 32] = bytes.try_into().ok()?;
        Some(Fingerprint(arr))
    }
}

impl std::fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self.0.iter().map(|b| format!("{b:02X}")).collect();
        f.write_str(&parts.join(":"))
    }
}

impl Serialize for Fingerprint {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Fingerprint {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Fingerprint::parse(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("{s:?} is not a SHA-256 fingerprint")))
    }
}

/// How a connection is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Security {
    /// TLS from the first byte (IMAPS 993, POP3S 995, SMTPS 465): the default.
    #[default]
    Tls,
    /// Plain connection upgraded with STARTTLS/STLS before anything else (only when asked).
    StartTls,
}

/// The protocol spoken on a connection (for the STARTTLS preamble and messages).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Protocol {
    /// IMAP4rev1.
    Imap,
    /// POP3.
    Pop3,
    /// SMTP submission.
    Smtp,
}

impl Protocol {
    /// Stable spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::Imap => "imap",
            Protocol::Pop3 => "pop3",
            Protocol::Smtp => "smtp",
        }
    }
}

/// Where to connect and which certificate to accept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// The protocol.
    pub protocol: Protocol,
    /// Host name (checked against the certificate).
    pub host: String,
    /// Port.
    pub port: u16,
    /// TLS or STARTTLS.
    pub security: Security,
    /// When set, exactly this certificate is accepted (self-signed servers).
    pub pin: Option<Fingerprint>,
    /// Time limits.
    pub timeouts: Timeouts,
}
