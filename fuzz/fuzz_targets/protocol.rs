//! The protocol fuzz targets' checks, shared with `tests/hostile/fuzz_regressions.rs` (which replays
//! the kept inputs through exactly these functions): a byte stream whose reads come from the
//! fuzzer's input (in chunks of a size the input chooses, so that replies split anywhere) and
//! whose writes are kept, so a check can see what the client said.
#![allow(dead_code)]

use std::cell::RefCell;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use std::time::Duration;

use sigillo::account::Secret;
use sigillo::net::pop3::{Limits, Pop3};
use sigillo::net::starttls::preamble_for_port;
use sigillo::net::tls::{Endpoint, Protocol, Security, Timeouts};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

pub struct ScriptStream {
    data: Vec<u8>,
    pos: usize,
    chunk: usize,
    written: Rc<RefCell<Vec<u8>>>,
}

impl ScriptStream {
    /// The first byte picks the chunk size (1..=64); the rest is what the server says.
    pub fn new(input: &[u8]) -> ScriptStream {
        let (chunk, data) = match input.split_first() {
            Some((c, rest)) => (usize::from(*c % 64) + 1, rest.to_vec()),
            None => (1, Vec::new()),
        };
        ScriptStream {
            data,
            pos: 0,
            chunk,
            written: Rc::default(),
        }
    }

    /// What the client wrote, readable after the stream is gone.
    pub fn log(&self) -> Rc<RefCell<Vec<u8>>> {
        self.written.clone()
    }
}

impl AsyncRead for ScriptStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let this = &mut *self;
        let n = this
            .chunk
            .min(buf.remaining())
            .min(this.data.len() - this.pos);
        buf.put_slice(&this.data[this.pos..this.pos + n]);
        this.pos += n;
        // At the end of the script: end of file (the server closed the connection).
        Poll::Ready(Ok(()))
    }
}

impl AsyncWrite for ScriptStream {
    fn poll_write(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        self.written.borrow_mut().extend_from_slice(buf);
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

/// A single-threaded runtime, built once per fuzzing process.
pub fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: std::sync::OnceLock<tokio::runtime::Runtime> = std::sync::OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("a tokio runtime")
    })
}

const LIMITS: Limits = Limits {
    max_line: 512,
    max_message: 64 * 1024,
    max_entries: 64,
};

/// A POP3 session against a server that says `data`: it must never panic or hang, never return
/// a message larger than its limits allow, and never give a listing with a zero message
/// number, a repeated UIDL or a non-printable one.
pub fn pop3_session(data: &[u8]) {
    runtime().block_on(async {
        let stream = ScriptStream::new(data);
        let Ok(mut p) = Pop3::greet(stream, "fuzz.invalid", 995, LIMITS).await else {
            return;
        };
        // Every step runs whatever the previous one said: a lying server must not confuse
        // the parser into a panic at any later point either.
        let _ = p.login("utente@pec.test", &Secret::new("segreto")).await;
        let _ = p.stat().await;
        if let Ok(list) = p.listing().await {
            assert!(list.len() <= LIMITS.max_entries);
            let mut seen = std::collections::HashSet::new();
            for l in &list {
                assert!(l.number > 0);
                assert!(!l.uidl.is_empty() && l.uidl.len() <= 70);
                assert!(l.uidl.bytes().all(|b| (0x21..=0x7e).contains(&b)));
                assert!(seen.insert(l.uidl.clone()), "UIDL twice");
            }
            for l in list.iter().take(3) {
                if let Ok(raw) = p.retr(l.number, l.size).await {
                    assert!(raw.len() <= LIMITS.max_message);
                    let slack = (l.size / 10).max(4096);
                    assert!(raw.len() as u64 <= l.size.saturating_add(slack));
                }
            }
        }
        let _ = p.retr(1, 100).await;
        let _ = p.dele(1).await;
        let _ = p.quit().await;
    });
}

/// The STARTTLS preamble of IMAP, POP3 or SMTP (first byte) against a server that says the
/// rest: whatever it says, the client says nothing in plain text but the greeting and the
/// request to switch to TLS.
pub fn starttls_preamble(data: &[u8]) {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let protocol = match which % 3 {
        0 => Protocol::Imap,
        1 => Protocol::Pop3,
        _ => Protocol::Smtp,
    };
    let ep = Endpoint {
        protocol,
        host: "fuzz.invalid".into(),
        port: 143,
        security: Security::StartTls,
        pin: None,
        timeouts: Timeouts {
            connect: Duration::from_secs(1),
            tls: Duration::from_secs(1),
            io: Duration::from_secs(1),
        },
    };
    runtime().block_on(async {
        let stream = ScriptStream::new(rest);
        let log = stream.log();
        let ok = preamble_for_port(&ep, stream).await.is_ok();
        let expected: &[u8] = match protocol {
            Protocol::Imap => b"s1 STARTTLS\r\n",
            Protocol::Pop3 => b"STLS\r\n",
            Protocol::Smtp => b"EHLO sigillo.localhost\r\nSTARTTLS\r\n",
        };
        let written = log.borrow();
        if ok {
            assert_eq!(
                &written[..],
                expected,
                "only the STARTTLS request is said in plain text"
            );
        } else {
            assert!(
                expected.starts_with(&written),
                "nothing but the STARTTLS request"
            );
        }
    });
}
