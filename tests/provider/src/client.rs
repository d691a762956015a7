//! Small mail clients the tests use to look into mailboxes the way a user's program would:
//! IMAPS with `async-imap` and POP3S with a minimal RFC 1939 reader, both over
//! `tokio-native-tls` trusting only the server certificate given. They exist to make
//! assertions, not to be Sigillo's own clients.

use futures_util::TryStreamExt as _;
use tokio::io::{AsyncBufReadExt as _, AsyncReadExt as _, AsyncWriteExt as _, BufReader};
use tokio::net::TcpStream;
use tokio_native_tls::TlsStream;

/// Where and who.
#[derive(Debug, Clone)]
pub struct MailAccount {
    /// Host name (checked against the certificate).
    pub host: String,
    /// Port (implicit TLS).
    pub port: u16,
    /// Login.
    pub user: String,
    /// Password.
    pub password: String,
    /// The only trusted root, PEM.
    pub ca_pem: Vec<u8>,
}

/// A client step failed.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// Network.
    #[error("network error: {0}")]
    Io(#[from] std::io::Error),
    /// TLS.
    #[error("TLS error: {0}")]
    Tls(#[from] native_tls::Error),
    /// IMAP.
    #[error("IMAP error: {0}")]
    Imap(#[from] async_imap::error::Error),
    /// The server answered something else than expected.
    #[error("unexpected server answer: {0}")]
    Protocol(String),
}

async fn connect(acc: &MailAccount) -> Result<TlsStream<TcpStream>, ClientError> {
    let connector = native_tls::TlsConnector::builder()
        .disable_built_in_roots(true)
        .add_root_certificate(native_tls::Certificate::from_pem(&acc.ca_pem)?)
        .build()?;
    let connector = tokio_native_tls::TlsConnector::from(connector);
    let tcp = TcpStream::connect((acc.host.as_str(), acc.port)).await?;
    Ok(connector.connect(&acc.host, tcp).await?)
}

/// Every message of `mailbox` (`BODY.PEEK[]`, in UID order) over IMAPS.
pub async fn imap_fetch_all(acc: &MailAccount, mailbox: &str) -> Result<Vec<Vec<u8>>, ClientError> {
    let mut session = imap_login(acc).await?;
    let selected = session.select(mailbox).await?;
    let mut out = Vec::new();
    if selected.exists > 0 {
        let mut fetches: Vec<_> = session
            .fetch("1:*", "(UID BODY.PEEK[])")
            .await?
            .try_collect()
            .await?;
        fetches.sort_by_key(|f| f.uid);
        for f in fetches {
            out.push(f.body().unwrap_or_default().to_vec());
        }
    }
    session.logout().await?;
    Ok(out)
}

/// The `STORAGE` quota (usage, limit) in KiB that `GETQUOTAROOT <mailbox>` reports.
pub async fn imap_storage_quota(
    acc: &MailAccount,
    mailbox: &str,
) -> Result<Option<(u64, u64)>, ClientError> {
    let mut session = imap_login(acc).await?;
    let (_roots, quotas) = session.get_quota_root(mailbox).await?;
    session.logout().await?;
    Ok(quotas
        .iter()
        .flat_map(|q| q.resources.iter())
        .find(|r| r.name == async_imap::types::QuotaResourceName::Storage)
        .map(|r| (r.usage, r.limit)))
}

async fn imap_login(
    acc: &MailAccount,
) -> Result<async_imap::Session<TlsStream<TcpStream>>, ClientError> {
    let tls = connect(acc).await?;
    let mut client = async_imap::Client::new(tls);
    client
        .read_response()
        .await?
        .ok_or_else(|| ClientError::Protocol("no IMAP greeting".into()))?;
    client
        .login(&acc.user, &acc.password)
        .await
        .map_err(|(e, _)| ClientError::Imap(e))
}

/// Every message of the POP3 maildrop (`RETR 1..n`, dot-unstuffed, CRLF kept) over POP3S.
pub async fn pop3_retrieve_all(acc: &MailAccount) -> Result<Vec<Vec<u8>>, ClientError> {
    let tls = connect(acc).await?;
    let mut s = BufReader::new(tls);
    expect_ok(&mut s).await?;
    command(&mut s, &format!("USER {}", acc.user)).await?;
    command(&mut s, &format!("PASS {}", acc.password)).await?;
    let stat = command(&mut s, "STAT").await?;
    let count: usize = stat
        .split_whitespace()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| ClientError::Protocol(format!("bad STAT answer {stat:?}")))?;
    let mut out = Vec::with_capacity(count);
    for i in 1..=count {
        command(&mut s, &format!("RETR {i}")).await?;
        let mut msg = Vec::new();
        loop {
            let mut line = Vec::new();
            if s.read_until(b'\n', &mut line).await? == 0 {
                return Err(ClientError::Protocol(
                    "connection closed inside RETR".into(),
                ));
            }
            if line == b".\r\n" {
                break;
            }
            let line = line.strip_prefix(b".").unwrap_or(&line);
            msg.extend_from_slice(line);
        }
        out.push(msg);
    }
    command(&mut s, "QUIT").await?;
    let mut rest = Vec::new();
    let _ = s.read_to_end(&mut rest).await;
    Ok(out)
}

async fn command(
    s: &mut BufReader<TlsStream<TcpStream>>,
    cmd: &str,
) -> Result<String, ClientError> {
    s.get_mut()
        .write_all(format!("{cmd}\r\n").as_bytes())
        .await?;
    s.get_mut().flush().await?;
    expect_ok(s).await
}

async fn expect_ok(s: &mut BufReader<TlsStream<TcpStream>>) -> Result<String, ClientError> {
    let mut line = String::new();
    s.read_line(&mut line).await?;
    if line.starts_with("+OK") {
        Ok(line.trim_end().to_owned())
    } else {
        Err(ClientError::Protocol(line.trim_end().to_owned()))
    }
}
