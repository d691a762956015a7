//! Opening secure connections to mail servers: DNS, TCP, then TLS with the certificate always
//! verified. A self-signed certificate is accepted only when the account pins it (its SHA-256
//! fingerprint); STARTTLS only when the account asks for it; plain text never.
//!
//! When the verified handshake fails, a second, diagnostic handshake looks at the certificate
//! without trusting it, so the error says exactly what is wrong with it (expired, issued for
//! another host, not signed by a trusted authority) and gives its fingerprint. No data and no
//! password are ever sent over the diagnostic connection.

use std::pin::Pin;
use std::sync::Arc;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use openssl::nid::Nid;
use openssl::x509::X509;
use serde::Serialize;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;

use super::error::{NetError, Result, Stage};
pub use crate::account::endpoint::{Endpoint, Fingerprint, Protocol, Security, Timeouts};

/// A shared, adjustable read/write silence limit (IDLE waits longer than commands do).
#[derive(Debug, Clone)]
pub struct TimeoutHandle(Arc<AtomicU64>);

impl TimeoutHandle {
    fn new(d: Duration) -> Self {
        TimeoutHandle(Arc::new(AtomicU64::new(d.as_millis() as u64)))
    }

    /// Sets the silence limit.
    pub fn set(&self, d: Duration) {
        self.0.store(d.as_millis() as u64, Ordering::Relaxed);
    }

    /// The silence limit.
    pub fn get(&self) -> Duration {
        Duration::from_millis(self.0.load(Ordering::Relaxed))
    }
}

/// A byte stream that fails with `TimedOut` when the peer stays silent (or does not take our
/// bytes) for longer than its limit: a stalled server gives an error, never a hang.
#[derive(Debug)]
pub struct Timed<S> {
    inner: S,
    limit: TimeoutHandle,
    read_deadline: Option<Pin<Box<tokio::time::Sleep>>>,
    write_deadline: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl<S> Timed<S> {
    /// Wraps a stream with a silence limit.
    pub fn new(inner: S, limit: Duration) -> Self {
        Timed {
            inner,
            limit: TimeoutHandle::new(limit),
            read_deadline: None,
            write_deadline: None,
        }
    }

    /// The handle that changes the limit.
    pub fn handle(&self) -> TimeoutHandle {
        self.limit.clone()
    }

    /// The wrapped stream.
    pub fn get_ref(&self) -> &S {
        &self.inner
    }
}

fn poll_deadline(
    slot: &mut Option<Pin<Box<tokio::time::Sleep>>>,
    limit: Duration,
    cx: &mut Context<'_>,
) -> Poll<std::io::Error> {
    let sleep = slot.get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
    match sleep.as_mut().poll(cx) {
        Poll::Ready(()) => {
            *slot = None;
            Poll::Ready(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                format!("no data for {} s", limit.as_secs_f32()),
            ))
        }
        Poll::Pending => Poll::Pending,
    }
}

use std::future::Future as _;

impl<S: AsyncRead + Unpin> AsyncRead for Timed<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let this = &mut *self;
        match Pin::new(&mut this.inner).poll_read(cx, buf) {
            Poll::Ready(r) => {
                this.read_deadline = None;
                Poll::Ready(r)
            }
            Poll::Pending => {
                let limit = this.limit.get();
                match poll_deadline(&mut this.read_deadline, limit, cx) {
                    Poll::Ready(e) => Poll::Ready(Err(e)),
                    Poll::Pending => Poll::Pending,
                }
            }
        }
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Timed<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let this = &mut *self;
        match Pin::new(&mut this.inner).poll_write(cx, buf) {
            Poll::Ready(r) => {
                this.write_deadline = None;
                Poll::Ready(r)
            }
            Poll::Pending => {
                let limit = this.limit.get();
                match poll_deadline(&mut this.write_deadline, limit, cx) {
                    Poll::Ready(e) => Poll::Ready(Err(e)),
                    Poll::Pending => Poll::Pending,
                }
            }
        }
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// The TCP stream under every connection.
pub type TcpTimed = Timed<TcpStream>;

/// A verified TLS connection.
pub type TlsStream = tokio_native_tls::TlsStream<TcpTimed>;

/// Opens the TCP connection: DNS first (its own error), then each address in turn.
pub async fn connect_tcp(ep: &Endpoint) -> Result<TcpTimed> {
    let lookup = tokio::time::timeout(
        ep.timeouts.connect,
        tokio::net::lookup_host((ep.host.as_str(), ep.port)),
    )
    .await
    .map_err(|_| NetError::Timeout {
        host: ep.host.clone(),
        port: ep.port,
        stage: Stage::Connect,
    })?;
    let addrs: Vec<std::net::SocketAddr> = match lookup {
        Ok(a) => a.collect(),
        Err(e) => {
            return Err(NetError::Dns {
                host: ep.host.clone(),
                detail: e.to_string(),
            });
        }
    };
    if addrs.is_empty() {
        return Err(NetError::Dns {
            host: ep.host.clone(),
            detail: "no address".into(),
        });
    }
    let mut last = String::new();
    for addr in addrs {
        match tokio::time::timeout(ep.timeouts.connect, TcpStream::connect(addr)).await {
            Ok(Ok(s)) => {
                let _ = s.set_nodelay(true);
                return Ok(Timed::new(s, ep.timeouts.io));
            }
            Ok(Err(e)) => last = format!("{addr}: {e}"),
            Err(_) => last = format!("{addr}: timed out"),
        }
    }
    Err(NetError::Tcp {
        host: ep.host.clone(),
        port: ep.port,
        detail: last,
    })
}

/// The TLS connector, built once per process for each of its two forms: building one loads
/// and parses the system's root certificates (about 20 ms), which every connection would
/// otherwise pay again (docs/benchmarks.md, workload 3).
fn connector(accept_any: bool) -> Result<tokio_native_tls::TlsConnector> {
    static VERIFYING: OnceLock<std::result::Result<native_tls::TlsConnector, String>> =
        OnceLock::new();
    static PINNED: OnceLock<std::result::Result<native_tls::TlsConnector, String>> =
        OnceLock::new();
    let cell = if accept_any { &PINNED } else { &VERIFYING };
    cell.get_or_init(|| {
        let mut b = native_tls::TlsConnector::builder();
        b.min_protocol_version(Some(native_tls::Protocol::Tlsv12));
        if accept_any {
            // Only with a pinned certificate, whose fingerprint is checked after the handshake.
            b.danger_accept_invalid_certs(true);
            b.danger_accept_invalid_hostnames(true);
        }
        b.build().map_err(|e| e.to_string())
    })
    .clone()
    .map(tokio_native_tls::TlsConnector::from)
    .map_err(|detail| NetError::Tls {
        host: String::new(),
        detail,
    })
}

/// Runs the TLS handshake over an open connection, verifying the server's certificate (or
/// matching the pin). Used for implicit TLS and after STARTTLS.
pub async fn handshake(ep: &Endpoint, tcp: TcpTimed) -> Result<TlsStream> {
    let timeout = |_| NetError::Timeout {
        host: ep.host.clone(),
        port: ep.port,
        stage: Stage::Tls,
    };
    if let Some(pin) = ep.pin {
        let tls = tokio::time::timeout(ep.timeouts.tls, connector(true)?.connect(&ep.host, tcp))
            .await
            .map_err(timeout)?
            .map_err(|e| NetError::Tls {
                host: ep.host.clone(),
                detail: e.to_string(),
            })?;
        let cert = peer_certificate(&tls).ok_or_else(|| NetError::Tls {
            host: ep.host.clone(),
            detail: "the server sent no certificate".into(),
        })?;
        let found = Fingerprint::of_der(&cert.to_der().unwrap_or_default());
        if found != pin {
            return Err(NetError::PinMismatch {
                host: ep.host.clone(),
                expected: pin.to_string(),
                found: found.to_string(),
            });
        }
        check_dates(&ep.host, &cert)?;
        return Ok(tls);
    }
    let outcome = tokio::time::timeout(ep.timeouts.tls, connector(false)?.connect(&ep.host, tcp))
        .await
        .map_err(timeout)?;
    match outcome {
        Ok(tls) => Ok(tls),
        Err(e) => Err(diagnose(ep, e.to_string()).await),
    }
}

/// Connects and secures the connection: implicit TLS (the server's greeting follows the
/// handshake), or the STARTTLS preamble then TLS (no greeting follows: the caller goes on with
/// its first command).
pub async fn connect(ep: &Endpoint) -> Result<TlsStream> {
    Ok(connect_with_handle(ep).await?.0)
}

/// Like [`connect`], also returning the handle that changes the connection's silence limit.
pub async fn connect_with_handle(ep: &Endpoint) -> Result<(TlsStream, TimeoutHandle)> {
    let tcp = connect_tcp(ep).await?;
    let handle = tcp.handle();
    let tcp = if ep.security == Security::StartTls {
        super::starttls::preamble_for_port(ep, tcp).await?
    } else {
        tcp
    };
    Ok((handshake(ep, tcp).await?, handle))
}

fn peer_certificate(tls: &TlsStream) -> Option<X509> {
    let der = tls.get_ref().peer_certificate().ok()??.to_der().ok()?;
    X509::from_der(&der).ok()
}

fn asn1_to_string(t: &openssl::asn1::Asn1TimeRef) -> String {
    t.to_string()
}

fn check_dates(host: &str, cert: &X509) -> Result<()> {
    let now = openssl::asn1::Asn1Time::days_from_now(0).map_err(|e| NetError::Tls {
        host: host.to_owned(),
        detail: e.to_string(),
    })?;
    if cert.not_after() < now {
        return Err(NetError::CertExpired {
            host: host.to_owned(),
            not_after: asn1_to_string(cert.not_after()),
        });
    }
    if cert.not_before() > now {
        return Err(NetError::CertNotYetValid {
            host: host.to_owned(),
            not_before: asn1_to_string(cert.not_before()),
        });
    }
    Ok(())
}

/// The DNS names and IP addresses a certificate is for (SAN, else the common name).
pub fn certificate_names(cert: &X509) -> Vec<String> {
    let mut names = Vec::new();
    if let Some(sans) = cert.subject_alt_names() {
        for n in sans.iter() {
            if let Some(d) = n.dnsname() {
                names.push(d.to_ascii_lowercase());
            } else if let Some(ip) = n.ipaddress() {
                let ip = match ip.len() {
                    4 => <[u8; 4]>::try_from(ip)
                        .map(|a| std::net::IpAddr::from(a).to_string())
                        .ok(),
                    16 => <[u8; 16]>::try_from(ip)
                        .map(|a| std::net::IpAddr::from(a).to_string())
                        .ok(),
                    _ => None,
                };
                names.extend(ip);
            }
        }
    }
    if names.is_empty() {
        for e in cert.subject_name().entries_by_nid(Nid::COMMONNAME) {
            if let Ok(s) = e.data().to_string() {
                names.push(s.to_ascii_lowercase());
            }
        }
    }
    names
}

/// True when `host` matches one of the certificate names (a leading `*.` matches exactly
/// one label, as RFC 6125 allows).
pub fn host_matches(host: &str, names: &[String]) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    names.iter().any(|n| {
        let n = n.trim_end_matches('.');
        if let Some(rest) = n.strip_prefix("*.") {
            match host.split_once('.') {
                Some((label, tail)) => !label.is_empty() && tail == rest,
                None => false,
            }
        } else {
            n == host
        }
    })
}

fn issuer_text(cert: &X509) -> String {
    let name = cert.issuer_name();
    let pick = |nid| {
        name.entries_by_nid(nid)
            .next()
            .and_then(|e| e.data().to_string().ok())
    };
    match (pick(Nid::ORGANIZATIONNAME), pick(Nid::COMMONNAME)) {
        (Some(o), Some(cn)) => format!("{cn} ({o})"),
        (Some(o), None) => o,
        (None, Some(cn)) => cn,
        (None, None) => "?".into(),
    }
}

/// After a failed verified handshake: looks at the certificate without trusting it and says
/// what is wrong. Nothing but the handshake happens on this connection.
async fn diagnose(ep: &Endpoint, original: String) -> NetError {
    let fallback = || NetError::Tls {
        host: ep.host.clone(),
        detail: original.clone(),
    };
    let Ok(tcp) = connect_tcp(ep).await else {
        return fallback();
    };
    let tcp = if ep.security == Security::StartTls {
        // The diagnostic connection needs the same plain-text preamble.
        match super::starttls::preamble_for_port(ep, tcp).await {
            Ok(t) => t,
            Err(_) => return fallback(),
        }
    } else {
        tcp
    };
    let Ok(connector) = connector(true) else {
        return fallback();
    };
    let Ok(Ok(tls)) = tokio::time::timeout(ep.timeouts.tls, connector.connect(&ep.host, tcp)).await
    else {
        return fallback();
    };
    let Some(cert) = peer_certificate(&tls) else {
        return fallback();
    };
    drop(tls);
    if let Err(e) = check_dates(&ep.host, &cert) {
        return e;
    }
    let names = certificate_names(&cert);
    if !host_matches(&ep.host, &names) {
        return NetError::CertWrongHost {
            host: ep.host.clone(),
            names: names.join(", "),
        };
    }
    NetError::CertUntrusted {
        host: ep.host.clone(),
        issuer: issuer_text(&cert),
        fingerprint: Fingerprint::of_der(&cert.to_der().unwrap_or_default()).to_string(),
    }
}

/// Fetches the certificate a server presents, without trusting it, for the "pin this
/// certificate?" question of the account wizard: its fingerprint, names, issuer and dates.
pub async fn probe_certificate(ep: &Endpoint) -> Result<CertificateInfo> {
    let tcp = connect_tcp(ep).await?;
    let tcp = if ep.security == Security::StartTls {
        super::starttls::preamble_for_port(ep, tcp).await?
    } else {
        tcp
    };
    let tls = tokio::time::timeout(ep.timeouts.tls, connector(true)?.connect(&ep.host, tcp))
        .await
        .map_err(|_| NetError::Timeout {
            host: ep.host.clone(),
            port: ep.port,
            stage: Stage::Tls,
        })?
        .map_err(|e| NetError::Tls {
            host: ep.host.clone(),
            detail: e.to_string(),
        })?;
    let cert = peer_certificate(&tls).ok_or_else(|| NetError::Tls {
        host: ep.host.clone(),
        detail: "the server sent no certificate".into(),
    })?;
    Ok(CertificateInfo {
        fingerprint: Fingerprint::of_der(&cert.to_der().unwrap_or_default()),
        names: certificate_names(&cert),
        issuer: issuer_text(&cert),
        not_before: asn1_to_string(cert.not_before()),
        not_after: asn1_to_string(cert.not_after()),
    })
}

/// What a server's certificate says, for the user to compare before pinning it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CertificateInfo {
    /// SHA-256 fingerprint.
    pub fingerprint: Fingerprint,
    /// Names it is for.
    pub names: Vec<String>,
    /// Who issued it.
    pub issuer: String,
    /// Valid from.
    pub not_before: String,
    /// Valid until.
    pub not_after: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::AsyncReadExt;

    #[test]
    fn fingerprints_round_trip_in_every_spelling() {
        let f = Fingerprint([0xab; 32]);
        let s = f.to_string();
        assert_eq!(s.len(), 32 * 3 - 1);
        assert_eq!(Fingerprint::parse(&s), Some(f));
        assert_eq!(
            Fingerprint::parse(&s.replace(':', "").to_lowercase()),
            Some(f)
        );
        assert_eq!(Fingerprint::parse(&format!("sha256:{s}")), Some(f));
        assert_eq!(Fingerprint::parse("AB:CD"), None);
        assert_eq!(Fingerprint::parse("zz"), None);
    }

    #[test]
    fn host_names_match_like_rfc_6125() {
        let names = vec!["*.pec.example.it".to_owned(), "mail.example.it".to_owned()];
        assert!(host_matches("imaps.pec.example.it", &names));
        assert!(host_matches("MAIL.example.it.", &names));
        assert!(!host_matches("a.b.pec.example.it", &names));
        assert!(!host_matches("pec.example.it", &names));
        assert!(!host_matches("evil-example.it", &names));
        assert!(host_matches("127.0.0.1", &["127.0.0.1".to_owned()]));
    }

    #[tokio::test]
    async fn a_silent_peer_times_out_instead_of_hanging() {
        let (a, _b) = tokio::io::duplex(64);
        let mut t = Timed::new(a, Duration::from_millis(50));
        let mut buf = [0u8; 4];
        let e = t.read(&mut buf).await.unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::TimedOut);
    }

    #[tokio::test]
    async fn an_unknown_host_is_a_dns_error() {
        let ep = Endpoint {
            protocol: Protocol::Imap,
            host: "no-such-host.invalid".into(),
            port: 993,
            security: Security::Tls,
            pin: None,
            timeouts: Timeouts::default(),
        };
        match connect_tcp(&ep).await {
            Err(NetError::Dns { host, .. }) => assert_eq!(host, "no-such-host.invalid"),
            other => panic!("expected a DNS error, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn a_closed_port_is_a_tcp_error() {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = l.local_addr().unwrap().port();
        drop(l);
        let ep = Endpoint {
            protocol: Protocol::Imap,
            host: "127.0.0.1".into(),
            port,
            security: Security::Tls,
            pin: None,
            timeouts: Timeouts::default(),
        };
        assert!(matches!(connect_tcp(&ep).await, Err(NetError::Tcp { .. })));
    }
}
