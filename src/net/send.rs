//! Sending a PEC message: SMTP submission with lettre over our own verified (or pinned) TLS
//! connection — implicit TLS (465) or STARTTLS (587) as the account says — with AUTH; then the
//! message is stored at once as sent (its timeline starts immediately) and, for IMAP accounts
//! whose provider does not file it, appended to the Sent folder.
//!
//! lettre's SMTP client runs on the stream we hand it, so the certificate checks (and the pin)
//! are the same as for IMAP and POP3 and happen before the password is sent.
//!
//! Never sent twice by surprise: nothing here retries a submission. When the connection breaks
//! after the whole message and its final `.` were handed over but before the provider's reply
//! came, the provider may have accepted it: that is [`SendError::Uncertain`], never "not
//! sent", so that neither the user nor a script sends it again blindly. A break before the
//! final `.` is a plain failure: without it no SMTP server accepts the message.

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};

use lettre::address::Envelope;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, AsyncTokioStream};
use lettre::transport::smtp::extension::ClientId;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

use super::compose::{self, ComposeError, Composed, Draft};
use super::error::{NetError, Stage};
use super::imap::Imap;
use super::tls::{self, Endpoint, Protocol, Security, Timeouts, TlsStream};
use crate::account::{Account, Incoming, Secret};
use crate::store::{Source, Store, StoreError, is_sent_folder};

/// How sending runs.
#[derive(Debug, Clone, Default)]
pub struct SendOptions {
    /// Network time limits.
    pub timeouts: Timeouts,
}

/// Progress of a sending, for the compose window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendEvent {
    /// The message is built and checked.
    Prepared { bytes: usize, recipients: usize },
    /// Connecting to the SMTP server.
    Connecting,
    /// Handing the message over.
    Submitting,
    /// The provider took it; its acceptance receipt will follow.
    Submitted { reply: String },
    /// Stored locally as sent (store id).
    Stored { id: i64 },
    /// Appending to the Sent folder.
    Appending { folder: String },
    /// Appended.
    Appended { folder: String },
    /// The append failed; the message was sent and is stored.
    AppendFailed { error: NetError },
}

/// What a sending did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendOutcome {
    /// Message-ID, without angle brackets.
    pub message_id: String,
    /// The id of the stored sent message.
    pub store_id: i64,
    /// Bytes sent.
    pub size: usize,
    /// Recipients (To then Cc).
    pub recipients: Vec<String>,
    /// The server's reply to the submission.
    pub server_reply: String,
    /// The Sent folder the message was appended to, if it was.
    pub appended_to: Option<String>,
    /// Why the append failed, if it did (the message is sent and stored all the same).
    pub append_error: Option<NetError>,
}

/// Why a message was not sent.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// The message breaks a rule (Bcc, no recipient, size, …): nothing was sent.
    #[error(transparent)]
    Compose(#[from] ComposeError),
    /// The network or the server: nothing was sent unless the error says the server took it.
    #[error(transparent)]
    Net(#[from] NetError),
    /// The message was sent but could not be stored.
    #[error("the message was sent, but storing it failed: {0}")]
    Store(#[from] StoreError),
    /// The store could not be opened: nothing was sent.
    #[error("the message store cannot be opened, nothing was sent: {0}")]
    StoreUnavailable(StoreError),
    /// The connection broke after the whole message was handed over and before the provider
    /// answered: it may have been accepted. It was not sent again.
    #[error(
        "the connection broke after message {message_id} was handed to the provider ({error}): it may have been accepted and was not sent again"
    )]
    Uncertain {
        /// The message's Message-ID (without angle brackets), to find its receipts.
        message_id: String,
        /// What broke.
        error: NetError,
    },
}

/// Progress and outcome of [`send_stream`].
#[derive(Debug, Clone)]
pub enum SendProgress {
    /// A step.
    Event(SendEvent),
    /// The end: what was sent, or why not.
    Done(Result<SendOutcome, std::sync::Arc<SendError>>),
}

/// Sends a draft in a tokio task with its own store connection, as a stream of progress that
/// ends with [`SendProgress::Done`] (for the compose window).
pub fn send_stream(
    profile_dir: std::path::PathBuf,
    account: Account,
    password: Secret,
    draft: Draft,
    opts: SendOptions,
) -> impl futures_util::Stream<Item = SendProgress> + Send + 'static {
    super::stream::spawn_stream(move |tx| async move {
        let result = match Store::open(&profile_dir) {
            Ok(mut store) => {
                let txc = tx.clone();
                let mut on = move |e: SendEvent| {
                    let _ = txc.send(SendProgress::Event(e));
                };
                send(&mut store, &account, &password, &draft, &opts, &mut on).await
            }
            Err(e) => Err(SendError::StoreUnavailable(e)),
        };
        let _ = tx.send(SendProgress::Done(result.map_err(std::sync::Arc::new)));
    })
}

/// Sends a draft from an account.
pub async fn send(
    store: &mut Store,
    account: &Account,
    password: &Secret,
    draft: &Draft,
    opts: &SendOptions,
    on: &mut (dyn FnMut(SendEvent) + Send),
) -> Result<SendOutcome, SendError> {
    let composed = compose::build(account, draft)?;
    send_composed(store, account, password, composed, opts, on).await
}

/// Sends a message written elsewhere (it must have no Bcc and be from the account).
pub async fn send_raw(
    store: &mut Store,
    account: &Account,
    password: &Secret,
    raw: &[u8],
    opts: &SendOptions,
    on: &mut (dyn FnMut(SendEvent) + Send),
) -> Result<SendOutcome, SendError> {
    let composed = compose::from_raw(account, raw)?;
    send_composed(store, account, password, composed, opts, on).await
}

async fn send_composed(
    store: &mut Store,
    account: &Account,
    password: &Secret,
    c: Composed,
    opts: &SendOptions,
    on: &mut (dyn FnMut(SendEvent) + Send),
) -> Result<SendOutcome, SendError> {
    on(SendEvent::Prepared {
        bytes: c.raw.len(),
        recipients: c.recipients.len(),
    });
    on(SendEvent::Connecting);
    let ep = account.smtp_server.endpoint(Protocol::Smtp, opts.timeouts);
    let reply = submit(&ep, &account.login, password, &c, on).await?;
    on(SendEvent::Submitted {
        reply: reply.clone(),
    });
    // Stored at once: the timeline of this message starts now.
    let stored = store.ingest(
        &c.raw,
        &Source::Sent {
            account: account.id.clone(),
        },
    )?;
    on(SendEvent::Stored { id: stored.id });
    let mut outcome = SendOutcome {
        message_id: c.message_id.clone(),
        store_id: stored.id,
        size: c.raw.len(),
        recipients: c.recipients.clone(),
        server_reply: reply,
        appended_to: None,
        append_error: None,
    };
    if account.incoming == Incoming::Imap && account.imap.append_sent {
        match append_to_sent(account, password, &c.raw, opts, on).await {
            Ok(folder) => {
                on(SendEvent::Appended {
                    folder: folder.clone(),
                });
                outcome.appended_to = Some(folder);
            }
            Err(error) => {
                on(SendEvent::AppendFailed {
                    error: error.clone(),
                });
                outcome.append_error = Some(error);
            }
        }
    }
    Ok(outcome)
}

/// Our verified TLS stream as lettre's transport. After STARTTLS the server sends no new
/// greeting, but lettre reads one first: a synthetic `220` is served before the real bytes.
#[derive(Debug)]
struct SmtpStream {
    inner: TlsStream,
    prefix: &'static [u8],
    peer: std::net::SocketAddr,
    /// The last bytes written, to see when the end-of-data line has been handed over.
    tail: Vec<u8>,
    /// Set once the end of the message data (`CRLF . CRLF`) was written (one message per
    /// session): from then on the server may accept the message whatever happens to the
    /// connection.
    data_ended: Arc<AtomicBool>,
}

/// The end-of-data mark of SMTP (RFC 5321 §4.1.1.4). Dot-stuffed message data never holds it.
const END_OF_DATA: &[u8] = b"\r\n.\r\n";

impl AsyncRead for SmtpStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        if !self.prefix.is_empty() {
            let n = self.prefix.len().min(buf.remaining());
            buf.put_slice(&self.prefix[..n]);
            self.prefix = &self.prefix[n..];
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for SmtpStream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let this = &mut *self;
        let r = Pin::new(&mut this.inner).poll_write(cx, buf);
        if let Poll::Ready(Ok(n)) = r {
            this.tail.extend_from_slice(&buf[..n]);
            let keep = this.tail.len().saturating_sub(END_OF_DATA.len());
            this.tail.drain(..keep);
            // Latched: after a failure lettre still writes QUIT, which must not unset it.
            if this.tail == END_OF_DATA {
                this.data_ended.store(true, Ordering::SeqCst);
            }
        }
        r
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

impl AsyncTokioStream for SmtpStream {
    fn peer_addr(&self) -> std::io::Result<std::net::SocketAddr> {
        Ok(self.peer)
    }
}

fn smtp_error(
    ep: &Endpoint,
    stage: Stage,
    command: &str,
    e: lettre::transport::smtp::Error,
) -> NetError {
    if e.is_timeout() {
        return NetError::Timeout {
            host: ep.host.clone(),
            port: ep.port,
            stage,
        };
    }
    if e.is_permanent() || e.is_transient() {
        let detail = e.to_string();
        return if stage == Stage::Login {
            NetError::Login { detail }
        } else {
            NetError::Refused {
                command: command.to_owned(),
                detail,
            }
        };
    }
    if e.is_response() || e.is_client() {
        return NetError::Protocol {
            detail: e.to_string(),
        };
    }
    NetError::ConnectionLost {
        detail: e.to_string(),
    }
}

/// Opens an authenticated SMTP session: TLS (checked before anything is sent), EHLO, AUTH.
async fn smtp_session(
    ep: &Endpoint,
    login: &str,
    password: &Secret,
) -> Result<(AsyncSmtpConnection, Arc<AtomicBool>), NetError> {
    let (tls, _) = tls::connect_with_handle(ep).await?;
    let peer = tls
        .get_ref()
        .get_ref()
        .get_ref()
        .get_ref()
        .peer_addr()
        .map_err(|e| NetError::lost(&e))?;
    let stream = SmtpStream {
        inner: tls,
        prefix: if ep.security == Security::StartTls {
            b"220 ready after STARTTLS\r\n"
        } else {
            b""
        },
        peer,
        tail: Vec::new(),
        data_ended: Arc::new(AtomicBool::new(false)),
    };
    let data_ended = stream.data_ended.clone();
    let hello = ClientId::Domain("sigillo.localhost".into());
    let mut conn = AsyncSmtpConnection::connect_with_transport(Box::new(stream), &hello)
        .await
        .map_err(|e| smtp_error(ep, Stage::Greeting, "EHLO", e))?;
    let creds = Credentials::new(login.to_owned(), password.expose().to_owned());
    conn.auth(&[Mechanism::Plain, Mechanism::Login], &creds)
        .await
        .map_err(|e| smtp_error(ep, Stage::Login, "AUTH", e))?;
    Ok((conn, data_ended))
}

/// Checks that the SMTP server can be reached securely and takes the login (nothing is sent).
pub async fn check_smtp(ep: &Endpoint, login: &str, password: &Secret) -> Result<(), NetError> {
    let (mut conn, _) = smtp_session(ep, login, password).await?;
    let _ = conn.quit().await;
    Ok(())
}

/// Submits the message over an authenticated session: MAIL, RCPT, DATA, once. A failure
/// after the end of the data was handed over, other than the server's own refusal, is
/// [`SendError::Uncertain`].
async fn submit(
    ep: &Endpoint,
    login: &str,
    password: &Secret,
    c: &Composed,
    on: &mut (dyn FnMut(SendEvent) + Send),
) -> Result<String, SendError> {
    let (mut conn, data_ended) = smtp_session(ep, login, password).await?;
    on(SendEvent::Submitting);
    let from = c.from.parse().map_err(|_| NetError::Protocol {
        detail: format!("{} is not an address", c.from),
    })?;
    let to: Vec<lettre::Address> = c
        .recipients
        .iter()
        .map(|r| {
            r.parse().map_err(|_| NetError::Protocol {
                detail: format!("{r} is not an address"),
            })
        })
        .collect::<Result<_, _>>()?;
    let envelope = Envelope::new(Some(from), to).map_err(|e| NetError::Protocol {
        detail: e.to_string(),
    })?;
    let response = match conn.send(&envelope, &c.raw).await {
        Ok(r) => r,
        Err(e) => {
            // The server's own answer (4xx/5xx) is a refusal whenever it came; anything else
            // after the end of the data leaves the outcome open.
            let answered = e.is_permanent() || e.is_transient();
            let error = smtp_error(ep, Stage::Command, "sending", e);
            if data_ended.load(Ordering::SeqCst) && !answered {
                return Err(SendError::Uncertain {
                    message_id: c.message_id.clone(),
                    error,
                });
            }
            return Err(error.into());
        }
    };
    let reply = response.message().collect::<Vec<&str>>().join(" ");
    let _ = conn.quit().await;
    Ok(format!("{} {}", response.code(), reply))
}

/// Appends the sent message to the Sent folder (found by special use or name; created as
/// `Sent` when there is none), marked `\Seen`. Returns the folder.
async fn append_to_sent(
    account: &Account,
    password: &Secret,
    raw: &[u8],
    opts: &SendOptions,
    on: &mut (dyn FnMut(SendEvent) + Send),
) -> Result<String, NetError> {
    let ep = account
        .incoming_server
        .endpoint(Protocol::Imap, opts.timeouts);
    let mut imap = Imap::login(&ep, &account.login, password).await?;
    let result = async {
        let folder = match &account.imap.sent_folder {
            Some(f) => f.clone(),
            None => {
                let folders = imap.folders().await?;
                match folders
                    .iter()
                    .find(|f| f.special_sent)
                    .or_else(|| folders.iter().find(|f| is_sent_folder(&f.name)))
                {
                    Some(f) => f.name.clone(),
                    None => {
                        imap.create("Sent").await?;
                        "Sent".to_owned()
                    }
                }
            }
        };
        on(SendEvent::Appending {
            folder: folder.clone(),
        });
        imap.append(&folder, "\\Seen", raw).await?;
        Ok(folder)
    }
    .await;
    imap.logout().await;
    result
}
