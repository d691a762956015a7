//! The plain-text preamble of STARTTLS (only when the account asks for it): read the
//! greeting, ask the server to switch to TLS, and hand the still-plain connection to the
//! handshake. Nothing else is ever said in plain text: no login, no command with data.

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

use super::error::{NetError, Result, Stage};
use crate::account::endpoint::{Endpoint, Protocol};

/// Longest preamble line accepted.
const MAX_LINE: usize = 4096;
/// Most lines accepted in one multi-line reply (EHLO, CAPABILITY).
const MAX_LINES: usize = 100;

fn io_err(ep: &Endpoint, e: std::io::Error) -> NetError {
    if e.kind() == std::io::ErrorKind::TimedOut {
        NetError::Timeout {
            host: ep.host.clone(),
            port: ep.port,
            stage: Stage::Greeting,
        }
    } else {
        NetError::lost(&e)
    }
}

fn protocol_err(detail: impl Into<String>) -> NetError {
    NetError::Protocol {
        detail: detail.into(),
    }
}

/// Runs the STARTTLS preamble of the endpoint's protocol; returns the connection ready for
/// the TLS handshake. Generic over the stream so that the reply parsing can be fuzzed.
pub async fn preamble_for_port<S: AsyncRead + AsyncWrite + Unpin>(
    ep: &Endpoint,
    mut tcp: S,
) -> Result<S> {
    match ep.protocol {
        Protocol::Imap => {
            let greeting = read_line_unbuffered(&mut tcp, MAX_LINE)
                .await
                .map_err(|e| io_err(ep, e))?;
            if !greeting.starts_with("* OK") && !greeting.starts_with("* PREAUTH") {
                return Err(protocol_err(format!("IMAP greeting: {greeting}")));
            }
            write_line(&mut tcp, "s1 STARTTLS")
                .await
                .map_err(|e| io_err(ep, e))?;
            for _ in 0..MAX_LINES {
                let line = read_line_unbuffered(&mut tcp, MAX_LINE)
                    .await
                    .map_err(|e| io_err(ep, e))?;
                if let Some(rest) = line.strip_prefix("s1 ") {
                    return if rest.starts_with("OK") {
                        Ok(tcp)
                    } else {
                        Err(NetError::StartTlsUnsupported {
                            host: ep.host.clone(),
                        })
                    };
                }
            }
            Err(protocol_err("STARTTLS reply never ended"))
        }
        Protocol::Pop3 => {
            let greeting = read_line_unbuffered(&mut tcp, MAX_LINE)
                .await
                .map_err(|e| io_err(ep, e))?;
            if !greeting.starts_with("+OK") {
                return Err(protocol_err(format!("POP3 greeting: {greeting}")));
            }
            write_line(&mut tcp, "STLS")
                .await
                .map_err(|e| io_err(ep, e))?;
            let reply = read_line_unbuffered(&mut tcp, MAX_LINE)
                .await
                .map_err(|e| io_err(ep, e))?;
            if reply.starts_with("+OK") {
                Ok(tcp)
            } else {
                Err(NetError::StartTlsUnsupported {
                    host: ep.host.clone(),
                })
            }
        }
        Protocol::Smtp => {
            smtp_reply(ep, &mut tcp, "220").await?;
            write_line(&mut tcp, "EHLO sigillo.localhost")
                .await
                .map_err(|e| io_err(ep, e))?;
            let lines = smtp_reply(ep, &mut tcp, "250").await?;
            if !lines.iter().any(|l| {
                l.get(4..)
                    .is_some_and(|k| k.eq_ignore_ascii_case("STARTTLS"))
            }) {
                return Err(NetError::StartTlsUnsupported {
                    host: ep.host.clone(),
                });
            }
            write_line(&mut tcp, "STARTTLS")
                .await
                .map_err(|e| io_err(ep, e))?;
            smtp_reply(ep, &mut tcp, "220").await?;
            Ok(tcp)
        }
    }
}

/// Reads one (possibly multi-line) SMTP reply and checks its code.
async fn smtp_reply<S: AsyncRead + Unpin>(
    ep: &Endpoint,
    tcp: &mut S,
    code: &str,
) -> Result<Vec<String>> {
    let mut lines = Vec::new();
    for _ in 0..MAX_LINES {
        let line = read_line_unbuffered(tcp, MAX_LINE)
            .await
            .map_err(|e| io_err(ep, e))?;
        let last = line.as_bytes().get(3) != Some(&b'-');
        if !line.starts_with(code) {
            return Err(NetError::Refused {
                command: "STARTTLS".into(),
                detail: line,
            });
        }
        lines.push(line);
        if last {
            return Ok(lines);
        }
    }
    Err(protocol_err("SMTP reply never ended"))
}

/// Reads one CRLF-terminated line of at most `max` bytes, one byte at a time (used only
/// before STARTTLS, where nothing may be read past the line).
async fn read_line_unbuffered<S: AsyncRead + Unpin>(
    s: &mut S,
    max: usize,
) -> std::io::Result<String> {
    let mut line = Vec::new();
    loop {
        let b = s.read_u8().await?;
        line.push(b);
        if b == b'\n' {
            break;
        }
        if line.len() > max {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "line too long",
            ));
        }
    }
    Ok(String::from_utf8_lossy(&line)
        .trim_end_matches(['\r', '\n'])
        .to_owned())
}

/// Writes a command line.
async fn write_line<S: AsyncWrite + Unpin>(s: &mut S, line: &str) -> std::io::Result<()> {
    s.write_all(line.as_bytes()).await?;
    s.write_all(b"\r\n").await?;
    s.flush().await
}
