//! Bounds on what an IMAP server may send, enforced on the byte stream before the IMAP parser
//! sees it. The parser keeps a whole response in memory and parses it again each time more
//! bytes arrive, so a server that sends an endless line (or announces a literal of gigabytes)
//! would make it burn memory and time without ever timing out. This guard follows the
//! protocol's framing — lines, and `{N}` literals whose N bytes are skipped — and fails the
//! read with a clear error when a line outside literals grows past [`GuardLimits::max_line`]
//! or a literal is announced larger than [`GuardLimits::max_literal`].

use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// What the guard lets through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GuardLimits {
    /// Longest line outside literals, bytes. Sigillo asks nothing whose reply line grows with
    /// the folder (UIDs come one FETCH line each), so 1 MiB is far above any honest line; the
    /// IMAP parser reparses a growing line on every read, so the limit also bounds that time.
    pub max_line: usize,
    /// Largest literal, bytes (a whole message arrives as one literal).
    pub max_literal: u64,
}

impl Default for GuardLimits {
    fn default() -> Self {
        GuardLimits {
            max_line: 1024 * 1024,
            max_literal: crate::store::MAX_MESSAGE_BYTES as u64,
        }
    }
}

/// Why the guard stopped a connection (carried inside the `io::Error` it returns).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GuardError {
    /// A line longer than the limit.
    #[error("the server sent a line longer than {limit} bytes")]
    LineTooLong { limit: usize },
    /// A literal announced larger than the limit.
    #[error("the server announced {announced} bytes of data, more than the {limit} accepted")]
    LiteralTooLarge { announced: String, limit: u64 },
}

/// Where the current line is in a possible literal announcement `{123}` / `{123+}` (which
/// must end the line).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Brace {
    /// Not in one.
    None,
    /// After `{`: the value so far, whether it overflowed, how many digits.
    Digits(u64, bool, usize),
    /// After `{123+`.
    Plus(u64, bool),
    /// After `}`.
    Closed(u64, bool),
    /// After `}` and a CR.
    ClosedCr(u64, bool),
}

/// A stream wrapper that enforces [`GuardLimits`] on what is read.
#[derive(Debug)]
pub struct Guarded<S> {
    inner: S,
    limits: GuardLimits,
    /// Bytes of the current line so far (outside literals).
    line_len: usize,
    /// A literal announcement being read at the end of the current line.
    brace: Brace,
    /// Literal bytes still to come.
    literal_left: u64,
    /// Set once a limit was broken: every later read fails the same way.
    broken: Option<GuardError>,
}

impl<S> Guarded<S> {
    /// Wraps a stream.
    pub fn new(inner: S, limits: GuardLimits) -> Self {
        Guarded {
            inner,
            limits,
            line_len: 0,
            brace: Brace::None,
            literal_left: 0,
            broken: None,
        }
    }

    /// The wrapped stream.
    pub fn get_ref(&self) -> &S {
        &self.inner
    }

    /// Follows the framing over bytes just read.
    fn scan(&mut self, mut bytes: &[u8]) -> Result<(), GuardError> {
        while !bytes.is_empty() {
            if self.literal_left > 0 {
                let skip = usize::try_from(self.literal_left)
                    .unwrap_or(usize::MAX)
                    .min(bytes.len());
                self.literal_left -= skip as u64;
                bytes = &bytes[skip..];
                continue;
            }
            let b = bytes[0];
            bytes = &bytes[1..];
            self.line_len += 1;
            if self.line_len > self.limits.max_line {
                return Err(GuardError::LineTooLong {
                    limit: self.limits.max_line,
                });
            }
            self.brace = match (self.brace, b) {
                (Brace::Closed(v, o) | Brace::ClosedCr(v, o), b'\n') => {
                    self.line_len = 0;
                    if o || v > self.limits.max_literal {
                        return Err(GuardError::LiteralTooLarge {
                            announced: if o {
                                "more than 18446744073709551615".into()
                            } else {
                                v.to_string()
                            },
                            limit: self.limits.max_literal,
                        });
                    }
                    self.literal_left = v;
                    Brace::None
                }
                (_, b'\n') => {
                    self.line_len = 0;
                    Brace::None
                }
                (_, b'{') => Brace::Digits(0, false, 0),
                (Brace::Digits(v, o, n), d) if d.is_ascii_digit() => {
                    let next = v
                        .checked_mul(10)
                        .and_then(|x| x.checked_add(u64::from(d - b'0')));
                    Brace::Digits(next.unwrap_or(u64::MAX), o || next.is_none(), n + 1)
                }
                (Brace::Digits(v, o, n), b'+') if n > 0 => Brace::Plus(v, o),
                (Brace::Digits(v, o, n), b'}') if n > 0 => Brace::Closed(v, o),
                (Brace::Plus(v, o), b'}') => Brace::Closed(v, o),
                (Brace::Closed(v, o), b'\r') => Brace::ClosedCr(v, o),
                _ => Brace::None,
            };
        }
        Ok(())
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Guarded<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let this = &mut *self;
        if let Some(e) = &this.broken {
            return Poll::Ready(Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                e.clone(),
            )));
        }
        let before = buf.filled().len();
        let r = Pin::new(&mut this.inner).poll_read(cx, buf);
        if let Poll::Ready(Ok(())) = r
            && let Err(e) = this.scan(&buf.filled()[before..])
        {
            this.broken = Some(e.clone());
            // What was read beyond the limit is not handed over.
            buf.set_filled(before);
            return Poll::Ready(Err(std::io::Error::new(std::io::ErrorKind::InvalidData, e)));
        }
        r
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Guarded<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// The guard's complaint inside an I/O error, if that is what it is.
pub fn guard_error(e: &std::io::Error) -> Option<&GuardError> {
    e.get_ref()
        .and_then(|inner| inner.downcast_ref::<GuardError>())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> GuardLimits {
        GuardLimits {
            max_line: 64,
            max_literal: 1000,
        }
    }

    #[test]
    fn literals_are_skipped_and_lines_counted_outside_them() {
        let mut g = Guarded::new((), limits());
        // A literal much longer than a line may be, with line ends inside it.
        let mut body = b"* 1 FETCH (UID 7 BODY[] {900}\r\n".to_vec();
        body.extend(std::iter::repeat_n(b'x', 900));
        body.extend_from_slice(b")\r\nA1 OK done\r\n");
        for chunk in body.chunks(7) {
            g.scan(chunk).unwrap();
        }
        assert_eq!(g.literal_left, 0);
        assert_eq!(g.line_len, 0);
        assert!(
            g.scan(b"* 2 FETCH (BODY[] {800+}\r\n").is_ok(),
            "LITERAL+ form"
        );
        assert_eq!(g.literal_left, 800);
    }

    #[test]
    fn an_endless_line_and_a_huge_literal_are_refused() {
        let mut g = Guarded::new((), limits());
        let e = g.scan(&[b'a'; 65]).unwrap_err();
        assert_eq!(e, GuardError::LineTooLong { limit: 64 });
        let mut g = Guarded::new((), limits());
        let e = g.scan(b"* 1 FETCH (BODY[] {1001}\r\n").unwrap_err();
        assert!(matches!(e, GuardError::LiteralTooLarge { .. }));
        let mut g = Guarded::new((), limits());
        let e = g
            .scan(b"* 1 FETCH (BODY[] {99999999999999999999999}\r\n")
            .unwrap_err();
        assert!(matches!(e, GuardError::LiteralTooLarge { .. }), "{e}");
    }

    #[test]
    fn braces_that_are_not_literals_are_text() {
        for line in [
            &b"* OK {not a literal}\r\n"[..],
            b"* OK {}\r\n",
            b"* OK 12}\r\n",
            b"* OK {5} then more\r\n",
            b"{+}\r\n",
        ] {
            let mut g = Guarded::new((), limits());
            g.scan(line).unwrap();
            assert_eq!(g.literal_left, 0, "{line:?}");
        }
        for (line, n) in [
            (&b"x {12}\r\n"[..], 12),
            (b"{3}\n", 3),
            (
                b"* 1 FETCH (BODY[] {0000000000000000000000000000999}\r\n",
                999,
            ),
        ] {
            let mut g = Guarded::new((), limits());
            g.scan(line).unwrap();
            assert_eq!(g.literal_left, n, "{line:?}");
        }
    }
}
