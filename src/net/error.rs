//! What can go wrong talking to a mail server, precisely enough to tell the user what to fix:
//! the name (DNS), the connection (TCP), the server's certificate (untrusted, expired, for
//! another host, not the pinned one), the login, a folder, or the server's replies.

use std::fmt;

/// The step of a connection a timeout happened in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Opening the TCP connection.
    Connect,
    /// The TLS handshake.
    Tls,
    /// Waiting for the server's greeting.
    Greeting,
    /// Logging in.
    Login,
    /// Any later command.
    Command,
}

impl Stage {
    /// Stable spelling (used for i18n keys).
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Connect => "connect",
            Stage::Tls => "tls",
            Stage::Greeting => "greeting",
            Stage::Login => "login",
            Stage::Command => "command",
        }
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error of the network layer. Each variant says exactly what failed; the i18n function
/// `sigillo::net::text::net_error_text` gives the sentence a user reads.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NetError {
    /// The server name could not be resolved.
    #[error("cannot find the server {host}: {detail}")]
    Dns { host: String, detail: String },
    /// No TCP connection could be opened.
    #[error("cannot connect to {host} port {port}: {detail}")]
    Tcp {
        host: String,
        port: u16,
        detail: String,
    },
    /// The server did not answer in time.
    #[error("{host} port {port} did not answer in time ({stage})")]
    Timeout {
        host: String,
        port: u16,
        stage: Stage,
    },
    /// The certificate is not signed by an authority this computer trusts (e.g. self-signed)
    /// and the account has no pin for it.
    #[error(
        "the certificate of {host} is not trusted (issued by {issuer}); SHA-256 fingerprint {fingerprint}"
    )]
    CertUntrusted {
        host: String,
        issuer: String,
        fingerprint: String,
    },
    /// The certificate has expired.
    #[error("the certificate of {host} expired on {not_after}")]
    CertExpired { host: String, not_after: String },
    /// The certificate is not valid yet (or the computer's clock is wrong).
    #[error("the certificate of {host} is valid only from {not_before}")]
    CertNotYetValid { host: String, not_before: String },
    /// The certificate was issued for other names.
    #[error("the certificate presented by {host} is for {names}, not for {host}")]
    CertWrongHost { host: String, names: String },
    /// The account pins a certificate and the server presented another one.
    #[error("the certificate of {host} is not the pinned one: expected {expected}, got {found}")]
    PinMismatch {
        host: String,
        expected: String,
        found: String,
    },
    /// The TLS handshake failed for another reason.
    #[error("secure connection to {host} failed: {detail}")]
    Tls { host: String, detail: String },
    /// STARTTLS was asked for and the server does not offer it.
    #[error("{host} does not offer STARTTLS")]
    StartTlsUnsupported { host: String },
    /// The server refused the user name or password.
    #[error("the server refused the login: {detail}")]
    Login { detail: String },
    /// A folder could not be opened.
    #[error("cannot open the folder {folder}: {detail}")]
    Folder { folder: String, detail: String },
    /// The server sent something that breaks the protocol (or lied about sizes).
    #[error("the server sent an invalid reply: {detail}")]
    Protocol { detail: String },
    /// The server refused a command.
    #[error("the server refused {command}: {detail}")]
    Refused { command: String, detail: String },
    /// The server answered a command it understood with NO (it cannot do it now: busy, a
    /// message expunged meanwhile, a fault of its own); asking again later may work.
    #[error("the server could not do {command} now: {detail}")]
    Unavailable { command: String, detail: String },
    /// The connection broke in the middle of a session.
    #[error("the connection was lost: {detail}")]
    ConnectionLost { detail: String },
}

impl NetError {
    /// True when retrying later may succeed (network trouble), false when the user must
    /// change something (certificate, password, settings).
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            NetError::Dns { .. }
                | NetError::Tcp { .. }
                | NetError::Timeout { .. }
                | NetError::ConnectionLost { .. }
                | NetError::Protocol { .. }
                | NetError::Unavailable { .. }
        )
    }

    /// True for certificate problems (the connection test groups them).
    pub fn is_certificate(&self) -> bool {
        matches!(
            self,
            NetError::CertUntrusted { .. }
                | NetError::CertExpired { .. }
                | NetError::CertNotYetValid { .. }
                | NetError::CertWrongHost { .. }
                | NetError::PinMismatch { .. }
        )
    }

    /// A stable code for scripts and JSON output.
    pub fn code(&self) -> &'static str {
        match self {
            NetError::Dns { .. } => "dns",
            NetError::Tcp { .. } => "tcp",
            NetError::Timeout { .. } => "timeout",
            NetError::CertUntrusted { .. } => "cert-untrusted",
            NetError::CertExpired { .. } => "cert-expired",
            NetError::CertNotYetValid { .. } => "cert-not-yet-valid",
            NetError::CertWrongHost { .. } => "cert-wrong-host",
            NetError::PinMismatch { .. } => "cert-pin-mismatch",
            NetError::Tls { .. } => "tls",
            NetError::StartTlsUnsupported { .. } => "starttls-unsupported",
            NetError::Login { .. } => "login",
            NetError::Folder { .. } => "folder",
            NetError::Protocol { .. } => "protocol",
            NetError::Refused { .. } => "refused",
            NetError::Unavailable { .. } => "unavailable",
            NetError::ConnectionLost { .. } => "connection-lost",
        }
    }

    /// A lost connection, from an I/O error in the middle of a session (a timeout of the
    /// idle-timer becomes [`NetError::Timeout`] when host and port are known).
    pub fn lost(e: &std::io::Error) -> NetError {
        NetError::ConnectionLost {
            detail: e.to_string(),
        }
    }
}

/// Result alias of the network layer.
pub type Result<T> = std::result::Result<T, NetError>;
