//! A small POP3 client (RFC 1939, CAPA from RFC 2449, AUTH PLAIN from RFC 5034) over any
//! byte stream — in the app a verified TLS connection (POP3S, port 995).
//!
//! It trusts nothing the server says: every line is bounded, multi-line replies have a
//! bounded number of entries, a message larger than announced (beyond a small tolerance) or
//! than the absolute limit is an error, and a silent server times out in the stream below
//! (see [`super::tls::Timed`]). A lying server gives an error, never a hang or a panic.

use base64::Engine as _;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};

use super::error::{NetError, Result, Stage};
use super::tls::{Endpoint, Security};
use crate::account::Secret;

/// Bounds on what the server may send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Longest line, bytes (RFC 5322 allows 998 characters; servers send longer ones).
    pub max_line: usize,
    /// Largest message, bytes.
    pub max_message: usize,
    /// Most entries in a LIST or UIDL reply.
    pub max_entries: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_line: 64 * 1024,
            max_message: crate::store::MAX_MESSAGE_BYTES,
            max_entries: 1_000_000,
        }
    }
}

/// An open POP3 session.
pub struct Pop3<S> {
    io: BufReader<S>,
    host: String,
    port: u16,
    limits: Limits,
    line: Vec<u8>,
    /// The server offers PIPELINING (RFC 2449): commands may be sent without waiting.
    pipelining: bool,
}

/// RETR commands sent ahead at most, with PIPELINING.
pub const RETR_WINDOW: usize = 16;

/// One message in the maildrop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    /// Message number in this session.
    pub number: u32,
    /// Size the server announced, bytes.
    pub size: u64,
    /// Unique id (UIDL), stable across sessions.
    pub uidl: String,
}

fn protocol(detail: impl Into<String>) -> NetError {
    NetError::Protocol {
        detail: detail.into(),
    }
}

impl Pop3<super::tls::TlsStream> {
    /// Opens a session the way the endpoint says: TLS from the first byte (the greeting is
    /// read here) or STLS on the plain connection (done by `tls::connect`, which read the
    /// greeting before upgrading). The one way the sync, the connection test and the mailbox
    /// health open a POP3 session.
    pub async fn connect(ep: &Endpoint, limits: Limits) -> Result<Self> {
        let stream = super::tls::connect(ep).await?;
        match ep.security {
            Security::Tls => Pop3::greet(stream, &ep.host, ep.port, limits).await,
            Security::StartTls => Ok(Pop3::after_stls(stream, &ep.host, ep.port, limits)),
        }
    }
}

impl<S: AsyncRead + AsyncWrite + Unpin> Pop3<S> {
    /// Starts a session over a connection whose greeting is still to be read.
    pub async fn greet(stream: S, host: &str, port: u16, limits: Limits) -> Result<Pop3<S>> {
        let mut p = Pop3::after_stls(stream, host, port, limits);
        let greeting = p.read_status(Stage::Greeting).await?;
        if let Err(text) = greeting {
            return Err(NetError::Refused {
                command: "connection".into(),
                detail: text,
            });
        }
        Ok(p)
    }

    /// Continues a session after STLS (no greeting follows).
    pub fn after_stls(stream: S, host: &str, port: u16, limits: Limits) -> Pop3<S> {
        Pop3 {
            io: BufReader::new(stream),
            host: host.to_owned(),
            port,
            limits,
            line: Vec::new(),
            pipelining: false,
        }
    }

    fn io_error(&self, e: std::io::Error, stage: Stage) -> NetError {
        if e.kind() == std::io::ErrorKind::TimedOut {
            NetError::Timeout {
                host: self.host.clone(),
                port: self.port,
                stage,
            }
        } else if e.kind() == std::io::ErrorKind::UnexpectedEof {
            NetError::ConnectionLost {
                detail: "the server closed the connection".into(),
            }
        } else {
            NetError::lost(&e)
        }
    }

    /// Reads one line (CRLF or LF kept) into `self.line`.
    async fn read_line(&mut self, stage: Stage) -> Result<()> {
        self.line.clear();
        loop {
            let avail = match self.io.fill_buf().await {
                Ok(a) => a,
                Err(e) => return Err(self.io_error(e, stage)),
            };
            if avail.is_empty() {
                return Err(NetError::ConnectionLost {
                    detail: "the server closed the connection".into(),
                });
            }
            let (take, done) = match avail.iter().position(|&b| b == b'\n') {
                Some(i) => (i + 1, true),
                None => (avail.len(), false),
            };
            self.line.extend_from_slice(&avail[..take]);
            self.io.consume(take);
            if self.line.len() > self.limits.max_line {
                return Err(protocol(format!(
                    "a line longer than {} bytes",
                    self.limits.max_line
                )));
            }
            if done {
                return Ok(());
            }
        }
    }

    fn line_text(&self) -> String {
        String::from_utf8_lossy(&self.line)
            .trim_end_matches(['\r', '\n'])
            .to_owned()
    }

    /// Reads a status line: `Ok(text)` for `+OK`, `Err(text)` for `-ERR`.
    async fn read_status(&mut self, stage: Stage) -> Result<std::result::Result<String, String>> {
        self.read_line(stage).await?;
        let text = self.line_text();
        if let Some(rest) = text.strip_prefix("+OK") {
            Ok(Ok(rest.trim().to_owned()))
        } else if let Some(rest) = text.strip_prefix("-ERR") {
            Ok(Err(rest.trim().to_owned()))
        } else {
            Err(protocol(format!(
                "expected +OK or -ERR, got {:?}",
                clip(&text)
            )))
        }
    }

    async fn send(&mut self, command: &str, stage: Stage) -> Result<()> {
        if command.contains(['\r', '\n']) {
            return Err(protocol("a command may not contain line breaks"));
        }
        let w = self.io.get_mut();
        let r = async {
            w.write_all(command.as_bytes()).await?;
            w.write_all(b"\r\n").await?;
            w.flush().await
        }
        .await;
        r.map_err(|e| self.io_error(e, stage))
    }

    /// Sends a command and requires `+OK`.
    async fn command(&mut self, command: &str, shown: &str) -> Result<String> {
        self.send(command, Stage::Command).await?;
        match self.read_status(Stage::Command).await? {
            Ok(t) => Ok(t),
            Err(t) => Err(NetError::Refused {
                command: shown.to_owned(),
                detail: t,
            }),
        }
    }

    /// Reads the body of a multi-line reply: lines until `.`, dot-unstuffed, at most `max`
    /// bytes in all (else the error `too_large` makes).
    async fn read_multiline(
        &mut self,
        max: usize,
        too_large: impl Fn() -> NetError,
    ) -> Result<Vec<u8>> {
        let mut out = Vec::new();
        loop {
            self.read_line(Stage::Command).await?;
            let l = &self.line;
            if l == b".\r\n" || l == b".\n" {
                return Ok(out);
            }
            let body = if l.first() == Some(&b'.') {
                &l[1..]
            } else {
                &l[..]
            };
            if out.len() + body.len() > max {
                return Err(too_large());
            }
            out.extend_from_slice(body);
        }
    }

    /// The server's capabilities (empty when it does not know CAPA).
    pub async fn capa(&mut self) -> Result<Vec<String>> {
        self.send("CAPA", Stage::Command).await?;
        if self.read_status(Stage::Command).await?.is_err() {
            return Ok(Vec::new());
        }
        let max = self.limits.max_line * 16;
        let body = self
            .read_multiline(max, || {
                protocol(format!("the CAPA reply is larger than {max} bytes"))
            })
            .await?;
        Ok(String::from_utf8_lossy(&body)
            .lines()
            .map(|l| l.trim().to_owned())
            .filter(|l| !l.is_empty())
            .collect())
    }

    /// Logs in with USER/PASS, or AUTH PLAIN when the server offers only SASL.
    pub async fn login(&mut self, user: &str, password: &Secret) -> Result<()> {
        if user.contains(['\r', '\n']) || password.expose().contains(['\r', '\n', '\0']) {
            return Err(NetError::Login {
                detail: "the user name or password contains a line break".into(),
            });
        }
        let caps = self.capa().await?;
        let has = |c: &str| {
            caps.iter().any(|l| {
                l.split_whitespace()
                    .next()
                    .is_some_and(|w| w.eq_ignore_ascii_case(c))
            })
        };
        self.pipelining = has("PIPELINING");
        let sasl_plain = caps.iter().any(|l| {
            let mut w = l.split_whitespace();
            w.next().is_some_and(|x| x.eq_ignore_ascii_case("SASL"))
                && w.any(|m| m.eq_ignore_ascii_case("PLAIN"))
        });
        if !has("USER") && sasl_plain {
            let token = base64::engine::general_purpose::STANDARD
                .encode(format!("\0{user}\0{}", password.expose()));
            self.send(&format!("AUTH PLAIN {token}"), Stage::Login)
                .await?;
        } else {
            self.send(&format!("USER {user}"), Stage::Login).await?;
            if let Err(t) = self.read_status(Stage::Login).await? {
                return Err(NetError::Login { detail: t });
            }
            self.send(&format!("PASS {}", password.expose()), Stage::Login)
                .await?;
        }
        match self.read_status(Stage::Login).await? {
            Ok(_) => Ok(()),
            Err(t) => Err(NetError::Login { detail: t }),
        }
    }

    /// Number of messages and their total size.
    pub async fn stat(&mut self) -> Result<(u32, u64)> {
        let t = self.command("STAT", "STAT").await?;
        let mut w = t.split_whitespace();
        match (
            w.next().and_then(|n| n.parse().ok()),
            w.next().and_then(|n| n.parse().ok()),
        ) {
            (Some(n), Some(s)) => Ok((n, s)),
            _ => Err(protocol(format!("STAT reply {:?}", clip(&t)))),
        }
    }

    async fn number_pairs(&mut self, command: &str) -> Result<Vec<(u32, String)>> {
        self.command(command, command).await?;
        let max = self.limits.max_entries.saturating_mul(80);
        let body = self
            .read_multiline(max, || {
                protocol(format!("the {command} reply is larger than {max} bytes"))
            })
            .await?;
        let text = String::from_utf8_lossy(&body);
        let mut out = Vec::new();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            if out.len() >= self.limits.max_entries {
                return Err(protocol(format!("{command} lists too many messages")));
            }
            let mut w = line.split_whitespace();
            let n = w.next().and_then(|n| n.parse::<u32>().ok());
            let v = w.next();
            match (n, v) {
                (Some(n), Some(v)) if n > 0 && v.len() <= 70 => out.push((n, v.to_owned())),
                _ => return Err(protocol(format!("{command} line {:?}", clip(line)))),
            }
        }
        Ok(out)
    }

    /// Every message with its size and unique id.
    pub async fn listing(&mut self) -> Result<Vec<Listing>> {
        let sizes = self.number_pairs("LIST").await?;
        let uidls = self.number_pairs("UIDL").await?;
        let uidl_of: std::collections::HashMap<u32, String> = uidls.into_iter().collect();
        let mut seen = std::collections::HashSet::new();
        let mut out = Vec::with_capacity(sizes.len());
        for (n, size) in sizes {
            let size: u64 = size
                .parse()
                .map_err(|_| protocol(format!("LIST size {size:?}")))?;
            let uidl = uidl_of
                .get(&n)
                .ok_or_else(|| protocol(format!("UIDL has no entry for message {n}")))?
                .clone();
            if !uidl.bytes().all(|b| (0x21..=0x7e).contains(&b)) {
                return Err(protocol(format!("UIDL {uidl:?} is not printable ASCII")));
            }
            if !seen.insert(uidl.clone()) {
                return Err(protocol(format!("UIDL {uidl} is given twice")));
            }
            out.push(Listing {
                number: n,
                size,
                uidl,
            });
        }
        Ok(out)
    }

    /// The exact bytes of message `n`. `announced` is its LIST size: a message much larger
    /// than announced is refused (a server that never stops sending).
    pub async fn retr(&mut self, n: u32, announced: u64) -> Result<Vec<u8>> {
        self.send(&format!("RETR {n}"), Stage::Command).await?;
        self.read_retr_reply(n, announced).await
    }

    /// Downloads the messages `wanted` (number, size announced by LIST), in order. When the
    /// server offers PIPELINING the RETR commands go out together and the replies are read in
    /// turn, which saves a round trip per message; otherwise one at a time. Returns what
    /// arrived, and the error that stopped it if one did (the messages before it are whole).
    pub async fn retr_many(&mut self, wanted: &[(u32, u64)]) -> (Vec<Vec<u8>>, Result<()>) {
        let mut got = Vec::with_capacity(wanted.len());
        if !self.pipelining || wanted.len() < 2 {
            for &(n, size) in wanted {
                match self.retr(n, size).await {
                    Ok(raw) => got.push(raw),
                    Err(e) => return (got, Err(e)),
                }
            }
            return (got, Ok(()));
        }
        let commands: String = wanted
            .iter()
            .map(|(n, _)| format!("RETR {n}\r\n"))
            .collect();
        let w = self.io.get_mut();
        let sent = async {
            w.write_all(commands.as_bytes()).await?;
            w.flush().await
        }
        .await;
        if let Err(e) = sent {
            return (got, Err(self.io_error(e, Stage::Command)));
        }
        for &(n, announced) in wanted {
            match self.read_retr_reply(n, announced).await {
                Ok(raw) => got.push(raw),
                Err(e) => return (got, Err(e)),
            }
        }
        (got, Ok(()))
    }

    /// The reply to `RETR n`, already sent.
    async fn read_retr_reply(&mut self, n: u32, announced: u64) -> Result<Vec<u8>> {
        let slack = (announced / 10).max(4096);
        let max = (announced.saturating_add(slack) as usize).min(self.limits.max_message);
        if let Err(t) = self.read_status(Stage::Command).await? {
            return Err(NetError::Refused {
                command: "RETR".into(),
                detail: t,
            });
        }
        self.read_multiline(max, || {
            protocol(format!(
                "message {n} is larger than the {announced} bytes the server announced"
            ))
        })
        .await
    }

    /// Marks message `n` for deletion (done at QUIT).
    pub async fn dele(&mut self, n: u32) -> Result<()> {
        self.command(&format!("DELE {n}"), "DELE").await.map(|_| ())
    }

    /// Ends the session (deletions take effect).
    pub async fn quit(mut self) -> Result<()> {
        self.command("QUIT", "QUIT").await.map(|_| ())
    }
}

fn clip(s: &str) -> String {
    s.chars().take(120).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, DuplexStream};

    /// A scripted server: answers each command line with the next canned reply.
    fn server(
        script: Vec<(&'static str, Vec<u8>)>,
    ) -> (DuplexStream, tokio::task::JoinHandle<Vec<String>>) {
        let (client, mut srv) = tokio::io::duplex(1 << 16);
        let h = tokio::spawn(async move {
            let mut seen = Vec::new();
            for (expect, reply) in script {
                if !expect.is_empty() {
                    let mut line = Vec::new();
                    loop {
                        let mut b = [0u8; 1];
                        if srv.read(&mut b).await.unwrap_or(0) == 0 {
                            return seen;
                        }
                        line.push(b[0]);
                        if b[0] == b'\n' {
                            break;
                        }
                    }
                    let l = String::from_utf8_lossy(&line).trim_end().to_owned();
                    assert!(l.starts_with(expect), "expected {expect}, got {l}");
                    seen.push(l);
                }
                if srv.write_all(&reply).await.is_err() {
                    return seen;
                }
            }
            seen
        });
        (client, h)
    }

    fn b(s: &str) -> Vec<u8> {
        s.as_bytes().to_vec()
    }

    async fn session(
        script: Vec<(&'static str, Vec<u8>)>,
    ) -> (Pop3<DuplexStream>, tokio::task::JoinHandle<Vec<String>>) {
        let (c, h) = server(script);
        let limits = Limits {
            max_line: 1000,
            max_message: 1 << 20,
            max_entries: 100,
        };
        (Pop3::greet(c, "test", 995, limits).await.unwrap(), h)
    }

    #[tokio::test]
    async fn login_list_retrieve_with_dot_unstuffing_and_quit() {
        let (mut p, h) = session(vec![
            ("", b("+OK ready\r\n")),
            ("CAPA", b("+OK\r\nUSER\r\nUIDL\r\n.\r\n")),
            ("USER anna", b("+OK\r\n")),
            ("PASS segreto", b("+OK logged in\r\n")),
            ("STAT", b("+OK 2 40\r\n")),
            ("LIST", b("+OK\r\n1 20\r\n2 20\r\n.\r\n")),
            ("UIDL", b("+OK\r\n1 aaa\r\n2 bbb\r\n.\r\n")),
            ("RETR 2", b("+OK\r\nSubject: x\r\n\r\n..dot line\r\n.\r\n")),
            ("DELE 1", b("+OK\r\n")),
            ("QUIT", b("+OK bye\r\n")),
        ])
        .await;
        p.login("anna", &Secret::new("segreto")).await.unwrap();
        assert_eq!(p.stat().await.unwrap(), (2, 40));
        let l = p.listing().await.unwrap();
        assert_eq!(l[1].uidl, "bbb");
        let raw = p.retr(2, 20).await.unwrap();
        assert_eq!(raw, b"Subject: x\r\n\r\n.dot line\r\n");
        p.dele(1).await.unwrap();
        p.quit().await.unwrap();
        assert_eq!(h.await.unwrap().len(), 9);
    }

    /// With PIPELINING the RETRs go out together: this server answers only once it has read
    /// all three commands, so a client waiting after each one would hang (and time out here).
    /// A refusal in the middle keeps what came before it.
    #[tokio::test]
    async fn pipelined_retrieval_sends_ahead_and_keeps_what_came_before_an_error() {
        let (mut p, h) = session(vec![
            ("", b("+OK ready\r\n")),
            ("CAPA", b("+OK\r\nUSER\r\nUIDL\r\nPIPELINING\r\n.\r\n")),
            ("USER anna", b("+OK\r\n")),
            ("PASS segreto", b("+OK logged in\r\n")),
            ("RETR 1", b("")),
            ("RETR 2", b("")),
            (
                "RETR 3",
                b("+OK\r\nSubject: 1\r\n\r\nuno\r\n.\r\n+OK\r\nSubject: 2\r\n\r\n..due\r\n.\r\n+OK\r\nSubject: 3\r\n\r\ntre\r\n.\r\n"),
            ),
            ("RETR 4", b("")),
            ("RETR 5", b("+OK\r\nSubject: 4\r\n\r\nquattro\r\n.\r\n-ERR no such message\r\n")),
        ])
        .await;
        p.login("anna", &Secret::new("segreto")).await.unwrap();
        let (got, outcome) = tokio::time::timeout(
            std::time::Duration::from_secs(5),
            p.retr_many(&[(1, 20), (2, 20), (3, 20)]),
        )
        .await
        .expect("the three commands were sent before any reply was awaited");
        outcome.unwrap();
        assert_eq!(
            got,
            [
                b"Subject: 1\r\n\r\nuno\r\n".to_vec(),
                b"Subject: 2\r\n\r\n.due\r\n".to_vec(),
                b"Subject: 3\r\n\r\ntre\r\n".to_vec(),
            ]
        );
        let (got, outcome) = p.retr_many(&[(4, 20), (5, 20)]).await;
        assert_eq!(got, [b"Subject: 4\r\n\r\nquattro\r\n".to_vec()]);
        assert!(
            matches!(outcome, Err(NetError::Refused { ref command, .. }) if command == "RETR"),
            "{outcome:?}"
        );
        assert_eq!(h.await.unwrap().len(), 8);
    }

    #[tokio::test]
    async fn a_refused_password_is_a_login_error_without_the_password() {
        let (mut p, _h) = session(vec![
            ("", b("+OK ready\r\n")),
            ("CAPA", b("-ERR what\r\n")),
            ("USER anna", b("+OK\r\n")),
            ("PASS", b("-ERR [AUTH] Authentication failed.\r\n")),
        ])
        .await;
        match p.login("anna", &Secret::new("sbagliata")).await {
            Err(NetError::Login { detail }) => {
                assert!(detail.contains("Authentication failed"));
                assert!(!detail.contains("sbagliata"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[tokio::test]
    async fn sasl_plain_when_user_is_not_offered() {
        let token = base64::engine::general_purpose::STANDARD.encode("\0anna\0pw");
        let expect: &'static str = Box::leak(format!("AUTH PLAIN {token}").into_boxed_str());
        let (mut p, _h) = session(vec![
            ("", b("+OK ready\r\n")),
            ("CAPA", b("+OK\r\nSASL PLAIN\r\n.\r\n")),
            (expect, b("+OK\r\n")),
        ])
        .await;
        p.login("anna", &Secret::new("pw")).await.unwrap();
    }

    #[tokio::test]
    async fn an_endless_line_is_an_error() {
        let mut long = b("+OK ");
        long.extend(std::iter::repeat_n(b'x', 5000));
        let (c, _h) = server(vec![("", long)]);
        let r = Pop3::greet(
            c,
            "t",
            1,
            Limits {
                max_line: 1000,
                ..Limits::default()
            },
        )
        .await;
        assert!(matches!(r, Err(NetError::Protocol { .. })), "{:?}", r.err());
    }

    #[tokio::test]
    async fn a_message_far_larger_than_announced_is_an_error() {
        let mut body = b("+OK\r\n");
        for _ in 0..2000 {
            body.extend_from_slice(b"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n");
        }
        body.extend_from_slice(b".\r\n");
        let (mut p, _h) = session(vec![("", b("+OK\r\n")), ("RETR 1", body)]).await;
        match p.retr(1, 100).await {
            Err(NetError::Protocol { detail }) => assert!(detail.contains("100 bytes")),
            other => panic!("{other:?}"),
        }
    }

    #[tokio::test]
    async fn lies_in_listings_are_errors() {
        for (list, uidl) in [
            ("+OK\r\n1 abc\r\n.\r\n", "+OK\r\n1 u\r\n.\r\n"),
            ("+OK\r\n1 10\r\n.\r\n", "+OK\r\n2 u\r\n.\r\n"),
            ("+OK\r\n1 10\r\n2 10\r\n.\r\n", "+OK\r\n1 u\r\n2 u\r\n.\r\n"),
            ("+OK\r\n0 10\r\n.\r\n", "+OK\r\n0 u\r\n.\r\n"),
            ("+OK\r\nnonsense\r\n.\r\n", "+OK\r\n.\r\n"),
        ] {
            let (mut p, _h) = session(vec![
                ("", b("+OK\r\n")),
                ("LIST", b(list)),
                ("UIDL", b(uidl)),
            ])
            .await;
            assert!(
                matches!(p.listing().await, Err(NetError::Protocol { .. })),
                "{list:?} / {uidl:?}"
            );
        }
    }

    #[tokio::test]
    async fn too_many_entries_is_an_error() {
        let mut list = b("+OK\r\n");
        for i in 1..=150 {
            list.extend_from_slice(format!("{i} 10\r\n").as_bytes());
        }
        list.extend_from_slice(b".\r\n");
        let (mut p, _h) = session(vec![("", b("+OK\r\n")), ("LIST", list)]).await;
        assert!(matches!(p.listing().await, Err(NetError::Protocol { .. })));
    }

    #[tokio::test]
    async fn garbage_and_a_closed_connection_are_errors() {
        let (c, _h) = server(vec![("", b("HTTP/1.1 400 Bad Request\r\n"))]);
        assert!(matches!(
            Pop3::greet(c, "t", 1, Limits::default()).await,
            Err(NetError::Protocol { .. })
        ));
        let (mut p, _h) = session(vec![("", b("+OK\r\n")), ("RETR 1", b("+OK\r\npartial"))]).await;
        assert!(matches!(
            p.retr(1, 10).await,
            Err(NetError::ConnectionLost { .. })
        ));
    }

    #[tokio::test]
    async fn a_stalled_server_times_out() {
        let (client, _srv) = tokio::io::duplex(64);
        let timed = super::super::tls::Timed::new(client, std::time::Duration::from_millis(100));
        match Pop3::greet(timed, "h", 995, Limits::default()).await {
            Err(NetError::Timeout { stage, .. }) => assert_eq!(stage, Stage::Greeting),
            other => panic!("{:?}", other.err()),
        }
    }
}
