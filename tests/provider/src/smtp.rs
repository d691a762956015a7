//! A small SMTP server (RFC 5321) for the test provider: implicit TLS (465-style), STARTTLS
//! (587-style, RFC 3207) or plain with optional STARTTLS (an MX receiving from the Internet);
//! AUTH PLAIN and LOGIN (RFC 4954) after TLS only; SIZE (RFC 1870). What to accept is asked
//! of a [`Backend`]; the message is handed over complete, dot-unstuffed, byte-exact.

use std::net::SocketAddr;
use std::sync::Arc;

use base64::Engine as _;
use tokio::io::{
    AsyncBufRead, AsyncBufReadExt as _, AsyncReadExt as _, AsyncWrite, AsyncWriteExt as _,
    BufReader,
};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// How a listener protects its connections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// TLS from the first byte (port 465 style).
    Implicit,
    /// Plain greeting, STARTTLS required before AUTH and MAIL (port 587 style).
    StartTlsRequired,
    /// Plain, STARTTLS offered (an MX).
    StartTlsOptional,
}

/// A listener's settings.
#[derive(Debug, Clone)]
pub struct ListenerConfig {
    /// TLS mode.
    pub security: Security,
    /// True: MAIL needs a successful AUTH.
    pub require_auth: bool,
    /// Name in the greeting.
    pub hostname: String,
    /// Largest message accepted, bytes (SIZE).
    pub max_message_bytes: usize,
}

/// An SMTP reply code and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// Three-digit code.
    pub code: u16,
    /// Text.
    pub text: String,
}

impl Reply {
    /// A reply.
    pub fn new(code: u16, text: impl Into<String>) -> Self {
        Reply {
            code,
            text: text.into(),
        }
    }
}

/// One received message, as the SMTP session saw it.
#[derive(Debug, Clone)]
pub struct Envelope {
    /// Authenticated login, if any.
    pub auth_user: Option<String>,
    /// EHLO/HELO argument.
    pub helo: String,
    /// Client address.
    pub peer: SocketAddr,
    /// True when the session was under TLS.
    pub tls: bool,
    /// MAIL FROM address (without angle brackets; empty for the null sender).
    pub mail_from: String,
    /// RCPT TO addresses.
    pub rcpt_to: Vec<String>,
    /// The message, dot-unstuffed.
    pub data: Vec<u8>,
}

/// What the server asks of its owner. Methods may block (they run off the async threads).
pub trait Backend: Send + Sync + 'static {
    /// True when the login is valid.
    fn authenticate(&self, user: &str, password: &str) -> bool;
    /// Accepts or refuses a MAIL FROM.
    fn check_sender(&self, auth_user: Option<&str>, mail_from: &str) -> Result<(), Reply>;
    /// Accepts or refuses a RCPT TO.
    fn check_recipient(&self, auth_user: Option<&str>, rcpt: &str) -> Result<(), Reply>;
    /// Takes the message; returns the text of the 250 reply (e.g. the queue id).
    fn receive(&self, envelope: Envelope) -> Result<String, Reply>;
}

/// Serves connections until `shutdown` becomes true.
pub async fn serve(
    listener: TcpListener,
    tls: tokio_native_tls::TlsAcceptor,
    config: ListenerConfig,
    backend: Arc<dyn Backend>,
    mut shutdown: watch::Receiver<bool>,
) {
    let config = Arc::new(config);
    loop {
        tokio::select! {
            _ = shutdown.changed() => return,
            accepted = listener.accept() => {
                let Ok((tcp, peer)) = accepted else { continue };
                let (tls, config, backend) = (tls.clone(), config.clone(), backend.clone());
                let mut stop = shutdown.clone();
                tokio::spawn(async move {
                    tokio::select! {
                        _ = stop.changed() => {}
                        _ = connection(tcp, peer, tls, config, backend) => {}
                    }
                });
            }
        }
    }
}

async fn connection(
    tcp: TcpStream,
    peer: SocketAddr,
    tls: tokio_native_tls::TlsAcceptor,
    config: Arc<ListenerConfig>,
    backend: Arc<dyn Backend>,
) {
    if config.security == Security::Implicit {
        let Ok(stream) = tls.accept(tcp).await else {
            return;
        };
        let mut s = BufReader::new(stream);
        let _ = session(&mut s, peer, true, &config, &backend, true).await;
        return;
    }
    let mut plain = BufReader::new(tcp);
    match session(&mut plain, peer, false, &config, &backend, true).await {
        Ok(Outcome::StartTls) => {
            let tcp = plain.into_inner();
            let Ok(stream) = tls.accept(tcp).await else {
                return;
            };
            let mut s = BufReader::new(stream);
            let _ = session(&mut s, peer, true, &config, &backend, false).await;
        }
        Ok(Outcome::Closed) | Err(_) => {}
    }
}

enum Outcome {
    Closed,
    StartTls,
}

async fn say<S: AsyncWrite + Unpin>(s: &mut S, code: u16, text: &str) -> std::io::Result<()> {
    s.write_all(format!("{code} {text}\r\n").as_bytes()).await?;
    s.flush().await
}

fn b64(s: &str) -> Option<String> {
    base64::engine::general_purpose::STANDARD
        .decode(s.trim())
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
}

/// The address inside `FROM:<...>` / `TO:<...>`, and the rest of the line (parameters).
fn path_arg<'a>(arg: &'a str, keyword: &str) -> Option<(String, &'a str)> {
    let rest = arg.get(..keyword.len())?;
    if !rest.eq_ignore_ascii_case(keyword) {
        return None;
    }
    let rest = arg[keyword.len()..].trim_start();
    let rest = rest.strip_prefix('<')?;
    let end = rest.find('>')?;
    Some((rest[..end].trim().to_owned(), rest[end + 1..].trim()))
}

#[allow(clippy::too_many_lines)]
async fn session<T>(
    s: &mut BufReader<T>,
    peer: SocketAddr,
    tls: bool,
    config: &ListenerConfig,
    backend: &Arc<dyn Backend>,
    greet: bool,
) -> std::io::Result<Outcome>
where
    T: tokio::io::AsyncRead + AsyncWrite + Unpin,
{
    if greet {
        say(
            s,
            220,
            &format!("{} ESMTP Sigillo test provider", config.hostname),
        )
        .await?;
    }
    let mut helo = String::new();
    let mut auth_user: Option<String> = None;
    let mut mail_from: Option<String> = None;
    let mut rcpts: Vec<String> = Vec::new();
    let tls_needed = config.security == Security::StartTlsRequired && !tls;
    let auth_offered = tls && config.require_auth;
    loop {
        let Some(line) = read_line(s).await? else {
            return Ok(Outcome::Closed);
        };
        let (verb, arg) = match line.split_once(' ') {
            Some((v, a)) => (v.to_ascii_uppercase(), a.trim().to_owned()),
            None => (line.trim().to_ascii_uppercase(), String::new()),
        };
        match verb.as_str() {
            "EHLO" | "HELO" => {
                helo = arg.clone();
                mail_from = None;
                rcpts.clear();
                if verb == "HELO" {
                    say(s, 250, &config.hostname).await?;
                    continue;
                }
                let mut lines = vec![
                    format!("{} greets {arg}", config.hostname),
                    format!("SIZE {}", config.max_message_bytes),
                    "8BITMIME".to_owned(),
                ];
                if !tls {
                    lines.push("STARTTLS".into());
                }
                if auth_offered {
                    lines.push("AUTH PLAIN LOGIN".into());
                }
                let n = lines.len();
                let mut out = String::new();
                for (i, l) in lines.iter().enumerate() {
                    out.push_str(&format!("250{}{l}\r\n", if i + 1 == n { ' ' } else { '-' }));
                }
                s.write_all(out.as_bytes()).await?;
                s.flush().await?;
            }
            "STARTTLS" => {
                if tls {
                    say(s, 503, "5.5.1 TLS already active").await?;
                } else if !s.buffer().is_empty() {
                    // Commands pipelined after STARTTLS would be injected into the TLS session.
                    say(s, 501, "5.5.2 no commands may follow STARTTLS").await?;
                } else {
                    say(s, 220, "2.0.0 ready to start TLS").await?;
                    return Ok(Outcome::StartTls);
                }
            }
            "AUTH" => {
                if !auth_offered {
                    let text = if tls {
                        "5.5.1 authentication not available here"
                    } else {
                        "5.7.0 must issue a STARTTLS command first"
                    };
                    say(s, if tls { 503 } else { 530 }, text).await?;
                    continue;
                }
                if auth_user.is_some() {
                    say(s, 503, "5.5.1 already authenticated").await?;
                    continue;
                }
                let mut parts = arg.splitn(2, ' ');
                let mech = parts.next().unwrap_or("").to_ascii_uppercase();
                let initial = parts.next().map(str::to_owned);
                let creds = match mech.as_str() {
                    "PLAIN" => {
                        let data = match initial {
                            Some(d) => d,
                            None => {
                                say(s, 334, "").await?;
                                read_line(s).await?.unwrap_or_default()
                            }
                        };
                        b64(&data).and_then(|d| {
                            let mut f = d.split('\0');
                            let _authzid = f.next()?;
                            Some((f.next()?.to_owned(), f.next()?.to_owned()))
                        })
                    }
                    "LOGIN" => {
                        let user = match initial {
                            Some(u) => b64(&u),
                            None => {
                                say(s, 334, "VXNlcm5hbWU6").await?;
                                b64(&read_line(s).await?.unwrap_or_default())
                            }
                        };
                        say(s, 334, "UGFzc3dvcmQ6").await?;
                        let pass = b64(&read_line(s).await?.unwrap_or_default());
                        user.zip(pass)
                    }
                    _ => {
                        say(s, 504, "5.5.4 mechanism not supported").await?;
                        continue;
                    }
                };
                let ok = match &creds {
                    Some((u, p)) => {
                        let (b, u2, p2) = (backend.clone(), u.clone(), p.clone());
                        tokio::task::spawn_blocking(move || b.authenticate(&u2, &p2))
                            .await
                            .unwrap_or(false)
                    }
                    None => false,
                };
                if ok {
                    auth_user = creds.map(|(u, _)| u);
                    say(s, 235, "2.7.0 authentication successful").await?;
                } else {
                    say(s, 535, "5.7.8 authentication credentials invalid").await?;
                }
            }
            "MAIL" => {
                if tls_needed {
                    say(s, 530, "5.7.0 must issue a STARTTLS command first").await?;
                    continue;
                }
                if config.require_auth && auth_user.is_none() {
                    say(s, 530, "5.7.0 authentication required").await?;
                    continue;
                }
                if mail_from.is_some() {
                    say(s, 503, "5.5.1 sender already given").await?;
                    continue;
                }
                let Some((from, params)) = path_arg(&arg, "FROM:") else {
                    say(s, 501, "5.5.4 syntax: MAIL FROM:<address>").await?;
                    continue;
                };
                let declared = params.split_whitespace().find_map(|p| {
                    p.to_ascii_uppercase()
                        .strip_prefix("SIZE=")
                        .and_then(|v| v.parse::<usize>().ok())
                });
                if declared.is_some_and(|n| n > config.max_message_bytes) {
                    say(s, 552, "5.3.4 message size exceeds the fixed limit").await?;
                    continue;
                }
                match backend.check_sender(auth_user.as_deref(), &from) {
                    Ok(()) => {
                        mail_from = Some(from);
                        say(s, 250, "2.1.0 sender ok").await?;
                    }
                    Err(r) => say(s, r.code, &r.text).await?,
                }
            }
            "RCPT" => {
                if mail_from.is_none() {
                    say(s, 503, "5.5.1 need MAIL before RCPT").await?;
                    continue;
                }
                let Some((to, _)) = path_arg(&arg, "TO:") else {
                    say(s, 501, "5.5.4 syntax: RCPT TO:<address>").await?;
                    continue;
                };
                let (b, u, t) = (backend.clone(), auth_user.clone(), to.clone());
                let verdict =
                    tokio::task::spawn_blocking(move || b.check_recipient(u.as_deref(), &t))
                        .await
                        .unwrap_or_else(|_| Err(Reply::new(451, "4.3.0 internal error")));
                match verdict {
                    Ok(()) => {
                        rcpts.push(to);
                        say(s, 250, "2.1.5 recipient ok").await?;
                    }
                    Err(r) => say(s, r.code, &r.text).await?,
                }
            }
            "DATA" => {
                if mail_from.is_none() || rcpts.is_empty() {
                    say(s, 503, "5.5.1 need MAIL and RCPT before DATA").await?;
                    continue;
                }
                say(s, 354, "end data with <CR><LF>.<CR><LF>").await?;
                let Some(data) = read_data(s, config.max_message_bytes).await? else {
                    say(s, 552, "5.3.4 message size exceeds the fixed limit").await?;
                    mail_from = None;
                    rcpts.clear();
                    continue;
                };
                let envelope = Envelope {
                    auth_user: auth_user.clone(),
                    helo: helo.clone(),
                    peer,
                    tls,
                    mail_from: mail_from.take().unwrap_or_default(),
                    rcpt_to: std::mem::take(&mut rcpts),
                    data,
                };
                let b = backend.clone();
                let verdict = tokio::task::spawn_blocking(move || b.receive(envelope))
                    .await
                    .unwrap_or_else(|_| Err(Reply::new(451, "4.3.0 internal error")));
                match verdict {
                    Ok(text) => say(s, 250, &format!("2.0.0 {text}")).await?,
                    Err(r) => say(s, r.code, &r.text).await?,
                }
            }
            "RSET" => {
                mail_from = None;
                rcpts.clear();
                say(s, 250, "2.0.0 reset").await?;
            }
            "NOOP" => say(s, 250, "2.0.0 ok").await?,
            "QUIT" => {
                say(s, 221, "2.0.0 bye").await?;
                return Ok(Outcome::Closed);
            }
            _ => say(s, 500, "5.5.2 command not recognised").await?,
        }
    }
}

/// One command line without its line end; `None` at end of stream. Long lines are cut.
async fn read_line<S: AsyncBufRead + Unpin>(s: &mut S) -> std::io::Result<Option<String>> {
    let mut buf = Vec::new();
    let n = (&mut *s).take(4096).read_until(b'\n', &mut buf).await?;
    if n == 0 {
        return Ok(None);
    }
    while buf.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
        buf.pop();
    }
    Ok(Some(String::from_utf8_lossy(&buf).into_owned()))
}

/// The DATA section, dot-unstuffed; `None` when larger than `max` (the rest is read and
/// discarded so the session can go on).
async fn read_data<S: AsyncBufRead + Unpin>(
    s: &mut S,
    max: usize,
) -> std::io::Result<Option<Vec<u8>>> {
    let mut data = Vec::new();
    let mut too_big = false;
    loop {
        let mut line = Vec::new();
        if s.read_until(b'\n', &mut line).await? == 0 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "connection closed inside DATA",
            ));
        }
        if line == b".\r\n" || line == b".\n" {
            break;
        }
        let line = line.strip_prefix(b".").unwrap_or(&line);
        if data.len() + line.len() > max {
            too_big = true;
        }
        if !too_big {
            data.extend_from_slice(line);
        }
    }
    Ok(if too_big { None } else { Some(data) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_paths() {
        assert_eq!(
            path_arg("FROM:<a@b.it> SIZE=10", "FROM:"),
            Some(("a@b.it".into(), "SIZE=10"))
        );
        assert_eq!(path_arg("to: <x@y>", "TO:"), Some(("x@y".into(), "")));
        assert_eq!(path_arg("FROM:<>", "FROM:"), Some((String::new(), "")));
        assert_eq!(path_arg("FROM:a@b", "FROM:"), None);
    }
}
