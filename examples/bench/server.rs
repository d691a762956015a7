//! The mail server of workloads 2–4: the test provider's private Dovecot (IMAPS, POP3S on
//! loopback, real TLS), its mailboxes filled in bulk the way Dovecot's own delivery leaves them
//! (Maildir files with LF line ends, `S=`/`W=` sizes in the name), then read once so that its
//! indexes exist before anything is timed; and the bare clients the limits use.

use std::path::PathBuf;

use anyhow::{Context, Result, anyhow, bail};
use futures_util::TryStreamExt;
use sigillo::account::{Account, Incoming, ServerConfig};
use sigillo::net::tls::{Fingerprint, Security};
use sigillo_test_provider::dovecot::{Dovecot, DovecotOptions};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

/// The password of the benchmark's mailboxes (a throw-away local test server).
pub const PASSWORD: &str = "bench-password-7";

/// A running Dovecot.
pub struct Server {
    /// The instance.
    pub dovecot: Dovecot,
    filled: std::collections::HashMap<String, usize>,
}

fn vmail_ids() -> Option<(u32, u32)> {
    let name = std::ffi::CString::new("vmail").ok()?;
    // SAFETY: getpwnam reads the passwd database; the pointer is used at once.
    let pw = unsafe { libc::getpwnam(name.as_ptr()) };
    if pw.is_null() {
        return None;
    }
    // SAFETY: non-null result of getpwnam.
    unsafe { Some(((*pw).pw_uid, (*pw).pw_gid)) }
}

fn to_lf(b: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
            i += 1;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

impl Server {
    /// Starts Dovecot with no quota.
    pub fn start() -> Result<Server> {
        let dovecot = Dovecot::start_with(DovecotOptions {
            default_quota_bytes: None,
            identity: None,
        })
        .context("starting Dovecot")?;
        Ok(Server {
            dovecot,
            filled: Default::default(),
        })
    }

    /// Adds a mailbox.
    pub fn add_user(&self, user: &str) -> Result<()> {
        self.dovecot
            .add_user_with_quota(user, PASSWORD, None)
            .context("adding a Dovecot user")
    }

    fn maildir(&self, user: &str) -> PathBuf {
        self.dovecot
            .dir()
            .join("mail")
            .join(user.to_ascii_lowercase())
            .join("Maildir")
    }

    /// Appends messages to a user's INBOX (as new mail), then lets Dovecot index them.
    pub fn fill(&mut self, user: &str, msgs: &[&[u8]]) -> Result<()> {
        let root = self.maildir(user);
        for sub in ["cur", "new", "tmp"] {
            std::fs::create_dir_all(root.join(sub))?;
        }
        let first = *self.filled.get(user).unwrap_or(&0);
        for (i, m) in msgs.iter().enumerate() {
            let n = first + i;
            let lf = to_lf(m);
            let name = format!(
                "{}.M{n}P1.sigillo-bench,S={},W={}",
                1_700_000_000 + n,
                lf.len(),
                m.len()
            );
            std::fs::write(root.join("tmp").join(&name), &lf)?;
            std::fs::rename(root.join("tmp").join(&name), root.join("new").join(&name))?;
        }
        *self.filled.entry(user.to_owned()).or_default() += msgs.len();
        // As root, Dovecot reads and writes the mail as `vmail`.
        // SAFETY: geteuid has no preconditions.
        if unsafe { libc::geteuid() } == 0 {
            let (uid, gid) = vmail_ids().ok_or_else(|| anyhow!("no vmail user"))?;
            let home = root.parent().context("maildir parent")?;
            let status = std::process::Command::new("chown")
                .arg("-R")
                .arg(format!("{uid}:{gid}"))
                .arg(home)
                .status()?;
            if !status.success() {
                bail!("chown of the mailbox failed");
            }
        }
        self.warm(user)
    }

    /// Reads the mailbox once over IMAP (SELECT moves new mail to cur/ and builds the index;
    /// sizes and flags fill the cache) and over POP3 (UIDL), so no timed run pays for it.
    fn warm(&self, user: &str) -> Result<()> {
        let rt = runtime()?;
        let n = rt.block_on(async {
            let mut s = imap_session(self, user).await?;
            s.select("INBOX").await?;
            let n = s
                .fetch("1:*", "(UID FLAGS RFC822.SIZE)")
                .await?
                .try_fold(0usize, |n, _| async move { Ok(n + 1) })
                .await?;
            s.logout().await?;
            anyhow::Ok(n)
        })?;
        let expected = self.filled[user];
        if n != expected {
            bail!("Dovecot shows {n} messages in {user}'s INBOX, {expected} were delivered");
        }
        let (count, _) = rt.block_on(pop3_stat(self, user))?;
        if count != expected {
            bail!("Dovecot's POP3 shows {count} messages for {user}, {expected} were delivered");
        }
        Ok(())
    }

    /// A Sigillo account for a mailbox, the server certificate pinned (as a user accepts a
    /// self-signed certificate).
    pub fn account(&self, user: &str, incoming: Incoming) -> Result<Account> {
        let pin = Fingerprint::of_certificate(&self.dovecot.cert_pem())
            .context("the server certificate")?;
        let server = |port| ServerConfig {
            host: "localhost".into(),
            port,
            security: Security::Tls,
            pin: Some(pin),
        };
        let port = match incoming {
            Incoming::Imap => self.dovecot.imaps_port(),
            Incoming::Pop3 => self.dovecot.pop3s_port(),
        };
        Ok(Account::custom(
            "bench",
            user,
            incoming,
            server(port),
            server(self.dovecot.imaps_port()),
        ))
    }

    /// TLS trusting the server's certificate alone, as Sigillo pins it: the system's
    /// certificate store is not loaded (that costs milliseconds a bare transfer need not pay).
    fn connector(&self) -> Result<tokio_native_tls::TlsConnector> {
        let cert = native_tls::Certificate::from_pem(&self.dovecot.cert_pem())?;
        Ok(tokio_native_tls::TlsConnector::from(
            native_tls::TlsConnector::builder()
                .disable_built_in_roots(true)
                .add_root_certificate(cert)
                .build()?,
        ))
    }
}

/// A single-threaded tokio runtime, as `sigillo sync` uses.
pub fn runtime() -> Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?)
}

type Tls = tokio_native_tls::TlsStream<tokio::net::TcpStream>;

async fn tls(server: &Server, port: u16) -> Result<Tls> {
    let tcp = tokio::net::TcpStream::connect(("127.0.0.1", port)).await?;
    tcp.set_nodelay(true)?;
    Ok(server.connector()?.connect("localhost", tcp).await?)
}

async fn imap_session(server: &Server, user: &str) -> Result<async_imap::Session<Tls>> {
    let stream = tls(server, server.dovecot.imaps_port()).await?;
    let mut client = async_imap::Client::new(stream);
    client
        .read_response()
        .await?
        .ok_or_else(|| anyhow!("no IMAP greeting"))?;
    client
        .login(user, PASSWORD)
        .await
        .map_err(|(e, _)| anyhow!("IMAP login: {e}"))
}

/// The IMAP limit: one bare `UID FETCH <from>:* BODY.PEEK[]` of the INBOX into memory (from
/// UID 1: the whole mailbox). Returns the messages and their bytes.
pub async fn bare_imap_fetch(server: &Server, user: &str, from: u32) -> Result<(usize, u64)> {
    let mut s = imap_session(server, user).await?;
    s.examine("INBOX").await?;
    let fetched: Vec<async_imap::types::Fetch> = s
        .uid_fetch(format!("{from}:*"), "BODY.PEEK[]")
        .await?
        .try_collect()
        .await?;
    let bytes = fetched
        .iter()
        .map(|f| f.body().map_or(0, |b| b.len() as u64))
        .sum();
    let n = fetched.iter().filter(|f| f.body().is_some()).count();
    s.logout().await?;
    drop(fetched);
    Ok((n, bytes))
}

struct Pop3Raw {
    io: BufReader<Tls>,
    line: Vec<u8>,
}

impl Pop3Raw {
    async fn connect(server: &Server, user: &str) -> Result<Pop3Raw> {
        let stream = tls(server, server.dovecot.pop3s_port()).await?;
        let mut p = Pop3Raw {
            io: BufReader::with_capacity(64 * 1024, stream),
            line: Vec::new(),
        };
        p.status().await?;
        p.command(&format!("USER {user}")).await?;
        p.command(&format!("PASS {PASSWORD}")).await?;
        Ok(p)
    }

    async fn status(&mut self) -> Result<String> {
        self.line.clear();
        self.io.read_until(b'\n', &mut self.line).await?;
        let text = String::from_utf8_lossy(&self.line).trim_end().to_owned();
        if !text.starts_with("+OK") {
            bail!("POP3 server said {text:?}");
        }
        Ok(text)
    }

    async fn command(&mut self, c: &str) -> Result<String> {
        let w = self.io.get_mut();
        w.write_all(format!("{c}\r\n").as_bytes()).await?;
        w.flush().await?;
        self.status().await
    }

    async fn stat(&mut self) -> Result<(usize, u64)> {
        let t = self.command("STAT").await?;
        let mut it = t.split_whitespace().skip(1);
        let n = it
            .next()
            .and_then(|x| x.parse().ok())
            .context("STAT count")?;
        let b = it
            .next()
            .and_then(|x| x.parse().ok())
            .context("STAT size")?;
        Ok((n, b))
    }

    /// Sends a command without waiting for its answer (PIPELINING).
    async fn send(&mut self, c: &str) -> Result<()> {
        let w = self.io.get_mut();
        w.write_all(format!("{c}\r\n").as_bytes()).await?;
        w.flush().await?;
        Ok(())
    }

    /// The answer to a RETR sent before: the message, dot-unstuffed.
    async fn retr_answer(&mut self) -> Result<Vec<u8>> {
        self.status().await?;
        let mut out = Vec::new();
        loop {
            self.line.clear();
            if self.io.read_until(b'\n', &mut self.line).await? == 0 {
                bail!("the POP3 server closed the connection");
            }
            if self.line == b".\r\n" {
                return Ok(out);
            }
            let l = if self.line.first() == Some(&b'.') {
                &self.line[1..]
            } else {
                &self.line[..]
            };
            out.extend_from_slice(l);
        }
    }

    async fn quit(mut self) -> Result<()> {
        self.command("QUIT").await.map(|_| ())
    }
}

async fn pop3_stat(server: &Server, user: &str) -> Result<(usize, u64)> {
    let mut p = Pop3Raw::connect(server, user).await?;
    let s = p.stat().await?;
    p.quit().await?;
    Ok(s)
}

/// RETR commands the raw loop keeps in flight.
pub const RAW_RETR_WINDOW: usize = 32;

/// The POP3 limit: a plain RETR loop over the same TLS, pipelined ([`RAW_RETR_WINDOW`]
/// commands in flight, as PIPELINING allows), every message into memory.
pub async fn raw_retr_loop(server: &Server, user: &str) -> Result<(usize, u64)> {
    let mut p = Pop3Raw::connect(server, user).await?;
    let (n, _) = p.stat().await?;
    let mut all = Vec::with_capacity(n);
    let mut sent = 0;
    while sent < n.min(RAW_RETR_WINDOW) {
        sent += 1;
        p.send(&format!("RETR {sent}")).await?;
    }
    while all.len() < n {
        all.push(p.retr_answer().await?);
        if sent < n {
            sent += 1;
            p.send(&format!("RETR {sent}")).await?;
        }
    }
    p.quit().await?;
    Ok((all.len(), all.iter().map(|m| m.len() as u64).sum()))
}
