//! A streaming mbox reader (Thunderbird, provider exports, `mboxrd`/`mboxo`): yields each
//! message with the byte offset of its `From ` line. Line endings are kept as they are (LF or
//! CRLF); `>From ` quoting is undone (`>>From ` becomes `>From `), and the empty line that
//! separates messages is not part of either message. Memory stays bounded: a message larger
//! than the limit (by default [`crate::store::MAX_MESSAGE_BYTES`]) is not kept in memory but
//! reported as an [`OversizedMessage`] error, and reading goes on with the next message.

use std::io::{BufRead, Read};

/// One message of an mbox file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MboxMessage {
    /// Byte offset of the message's `From ` separator line in the file.
    pub offset: u64,
    /// The message bytes.
    pub bytes: Vec<u8>,
}

/// A message of the mbox larger than the reader's limit: skipped, the next one follows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the message at byte {offset} is {size} bytes, larger than the {limit} bytes a message may be: it was not imported"
)]
pub struct OversizedMessage {
    /// Byte offset of its `From ` line.
    pub offset: u64,
    /// Its size, bytes.
    pub size: u64,
    /// The limit.
    pub limit: usize,
}

/// The [`OversizedMessage`] inside a reading error, if that is what it is.
pub fn oversized(e: &std::io::Error) -> Option<&OversizedMessage> {
    e.get_ref()
        .and_then(|i| i.downcast_ref::<OversizedMessage>())
}

/// True when a file's first bytes look like an mbox (a `From ` separator line).
pub fn looks_like_mbox(head: &[u8]) -> bool {
    head.starts_with(b"From ")
}

/// A separator line after the first: `From <sender> <asctime date>`, e.g.
/// `From - Tue Feb  4 10:15:31 2025` or `From MAILER-DAEMON Fri Jul  8 12:08:34 2011`.
fn looks_like_separator(line: &[u8]) -> bool {
    let Some(rest) = line.strip_prefix(b"From ") else {
        return false;
    };
    let text = String::from_utf8_lossy(rest);
    let tokens: Vec<&str> = text.split_whitespace().collect();
    if tokens.len() < 3 {
        return false;
    }
    let has_time = tokens.iter().any(|t| {
        let parts: Vec<&str> = t.split(':').collect();
        parts.len() >= 2
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    });
    let has_year = tokens
        .iter()
        .any(|t| t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()));
    has_time && has_year
}

fn is_blank(line: &[u8]) -> bool {
    line == b"\n" || line == b"\r\n"
}

/// Undoes mboxrd quoting: `>From `, `>>From `, … lose one `>`.
fn unquote(line: &[u8]) -> &[u8] {
    let gts = line.iter().take_while(|&&b| b == b'>').count();
    if gts > 0 && line[gts..].starts_with(b"From ") {
        &line[1..]
    } else {
        line
    }
}

/// Iterates over the messages of an mbox.
pub struct MboxReader<R> {
    input: R,
    pos: u64,
    /// The separator line that starts the next message, with its offset.
    pending: Option<u64>,
    line: Vec<u8>,
    started: bool,
    done: bool,
    max: usize,
}

impl<R: BufRead> MboxReader<R> {
    /// Reads from `input`, which must start at the beginning of the mbox.
    pub fn new(input: R) -> Self {
        Self::with_limit(input, crate::store::MAX_MESSAGE_BYTES)
    }

    /// Like [`MboxReader::new`], with messages larger than `max` bytes reported as
    /// [`OversizedMessage`] instead of read.
    pub fn with_limit(input: R, max: usize) -> Self {
        MboxReader {
            input,
            pos: 0,
            pending: None,
            line: Vec::new(),
            started: false,
            done: false,
            max,
        }
    }

    /// Reads one line, or its first `max + 1` bytes when it is longer (the rest follows as
    /// further "lines" of a message that is too large anyway).
    fn read_line(&mut self) -> std::io::Result<bool> {
        self.line.clear();
        let limit = self.max as u64 + 1;
        let n = (&mut self.input)
            .take(limit)
            .read_until(b'\n', &mut self.line)?;
        self.pos += n as u64;
        Ok(n > 0)
    }

    /// The next message, `None` at the end.
    pub fn next_message(&mut self) -> std::io::Result<Option<MboxMessage>> {
        if self.done {
            return Ok(None);
        }
        if !self.started {
            self.started = true;
            // Content before the first separator (not an mbox, or a damaged start) becomes a
            // message of its own at offset 0, so nothing is dropped.
            let start = self.pos;
            if !self.read_line()? {
                self.done = true;
                return Ok(None);
            }
            if self.line.starts_with(b"From ") {
                self.pending = Some(start);
            } else {
                let mut bytes = Vec::new();
                bytes.extend_from_slice(unquote(&self.line));
                return self.collect(start, bytes);
            }
        }
        let Some(offset) = self.pending.take() else {
            self.done = true;
            return Ok(None);
        };
        self.collect(offset, Vec::new())
    }

    fn collect(&mut self, offset: u64, mut bytes: Vec<u8>) -> std::io::Result<Option<MboxMessage>> {
        let mut prev_blank =
            bytes.is_empty() || bytes.ends_with(b"\n\n") || bytes.ends_with(b"\r\n\r\n");
        // Once past the limit the bytes are only counted.
        let mut oversized: Option<u64> = (bytes.len() > self.max).then_some(bytes.len() as u64);
        if oversized.is_some() {
            bytes = Vec::new();
        }
        loop {
            let line_start = self.pos;
            if !self.read_line()? {
                self.done = true;
                break;
            }
            let is_sep =
                self.line.starts_with(b"From ") && (looks_like_separator(&self.line) || prev_blank);
            if is_sep {
                self.pending = Some(line_start);
                // The empty line before a separator belongs to the mbox format.
                if bytes.ends_with(b"\r\n\r\n") {
                    bytes.truncate(bytes.len() - 2);
                } else if bytes.ends_with(b"\n\n") {
                    bytes.truncate(bytes.len() - 1);
                }
                break;
            }
            prev_blank = is_blank(&self.line);
            match &mut oversized {
                Some(size) => *size += self.line.len() as u64,
                None => {
                    bytes.extend_from_slice(unquote(&self.line));
                    if bytes.len() > self.max {
                        oversized = Some(bytes.len() as u64);
                        bytes = Vec::new();
                    }
                }
            }
        }
        if let Some(size) = oversized {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                OversizedMessage {
                    offset,
                    size,
                    limit: self.max,
                },
            ));
        }
        if self.done && self.pending.is_none() {
            // Last message: a trailing empty line written by the exporter is not content.
            if bytes.ends_with(b"\r\n\r\n") {
                bytes.truncate(bytes.len() - 2);
            } else if bytes.ends_with(b"\n\n") {
                bytes.truncate(bytes.len() - 1);
            }
        }
        Ok(Some(MboxMessage { offset, bytes }))
    }
}

impl<R: BufRead> Iterator for MboxReader<R> {
    type Item = std::io::Result<MboxMessage>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_message().transpose()
    }
}

/// Writes messages as an mbox (mboxrd quoting, separators in the messages' own line-ending
/// style). Used by tests and to hand archives back to other tools. Every message that ends
/// with a line break reads back byte for byte; one that does not gets one (the format has no
/// way to say it had none).
pub fn write_mbox(out: &mut impl std::io::Write, messages: &[&[u8]]) -> std::io::Result<()> {
    for m in messages {
        // The blank line after a message takes the ending of the message's own last line, so
        // that the reader, which drops exactly one such line, gives the message back as it was
        // (also when its line endings are mixed).
        let crlf = if m.ends_with(b"\n") {
            m.ends_with(b"\r\n")
        } else {
            m.windows(2).any(|w| w == b"\r\n")
        };
        let eol: &[u8] = if crlf { b"\r\n" } else { b"\n" };
        out.write_all(b"From sigillo@localhost Wed Feb  5 10:15:31 2025")?;
        out.write_all(eol)?;
        let mut start = 0;
        while start < m.len() {
            let end = m[start..]
                .iter()
                .position(|&b| b == b'\n')
                .map(|p| start + p + 1)
                .unwrap_or(m.len());
            let line = &m[start..end];
            let gts = line.iter().take_while(|&&b| b == b'>').count();
            if line[gts..].starts_with(b"From ") {
                out.write_all(b">")?;
            }
            out.write_all(line)?;
            start = end;
        }
        if !m.ends_with(b"\n") {
            out.write_all(eol)?;
        }
        out.write_all(eol)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(data: &[u8]) -> Vec<MboxMessage> {
        MboxReader::new(std::io::BufReader::new(data))
            .collect::<std::io::Result<Vec<_>>>()
            .unwrap()
    }

    #[test]
    fn splits_and_unquotes_lf() {
        let data = b"From a@b Tue Feb  4 10:15:31 2025\nSubject: one\n\nhello\n>From the start\n>>From x\n\nFrom - Wed Feb  5 10:15:31 2025\nSubject: two\n\nbye\n";
        let m = read_all(data);
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].offset, 0);
        assert_eq!(
            m[0].bytes,
            b"Subject: one\n\nhello\nFrom the start\n>From x\n".to_vec()
        );
        assert_eq!(&data[m[1].offset as usize..][..6], b"From -");
        assert_eq!(m[1].bytes, b"Subject: two\n\nbye\n".to_vec());
    }

    #[test]
    fn splits_crlf_and_round_trips() {
        let one: &[u8] = b"Subject: one\r\n\r\nFrom me, with love\r\n>From quoted\r\n";
        let two: &[u8] = b"Subject: two\r\n\r\nbody\r\n";
        let mut out = Vec::new();
        write_mbox(&mut out, &[one, two]).unwrap();
        let m = read_all(&out);
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].bytes, one);
        assert_eq!(m[1].bytes, two);
    }

    #[test]
    fn mixed_line_endings_round_trip() {
        // CRLF inside, a bare LF at the end: the old writer added a CRLF to such a message.
        let one: &[u8] = b"Subject: one\r\n\r\ncorpo\n";
        let two: &[u8] = b"Subject: two\n\nbody\r\n";
        let mut out = Vec::new();
        write_mbox(&mut out, &[one, two, one]).unwrap();
        let m = read_all(&out);
        assert_eq!(m.len(), 3);
        assert_eq!(m[0].bytes, one);
        assert_eq!(m[1].bytes, two);
        assert_eq!(m[2].bytes, one);
    }

    #[test]
    fn an_oversized_message_is_reported_and_the_next_one_read() {
        let big = format!("Subject: big\n\n{}\n", "x".repeat(300));
        let long_line = format!("Subject: long\n\n{}", "y".repeat(1000));
        let data = format!(
            "From a Tue Feb  4 10:15:31 2025\nSubject: one\n\nok\n\nFrom b Tue Feb  4 10:15:31 2025\n{big}\nFrom c Tue Feb  4 10:15:31 2025\n{long_line}\n\nFrom d Tue Feb  4 10:15:31 2025\nSubject: two\n\nok\n"
        );
        let items: Vec<_> = MboxReader::with_limit(data.as_bytes(), 200).collect();
        assert_eq!(items.len(), 4);
        assert_eq!(items[0].as_ref().unwrap().bytes, b"Subject: one\n\nok\n");
        let e = items[1].as_ref().unwrap_err();
        let o = oversized(e).unwrap();
        assert_eq!(&data.as_bytes()[o.offset as usize..][..6], b"From b");
        assert!(o.size > 200);
        assert!(oversized(items[2].as_ref().unwrap_err()).is_some());
        assert_eq!(items[3].as_ref().unwrap().bytes, b"Subject: two\n\nok\n");
    }

    #[test]
    fn body_from_lines_without_date_do_not_split() {
        let data = b"From a@b Tue Feb  4 10:15:31 2025\nSubject: x\n\ntext\nFrom here on\n";
        let m = read_all(data);
        assert_eq!(m.len(), 1);
        assert!(m[0].bytes.ends_with(b"From here on\n"));
    }

    #[test]
    fn leading_garbage_is_kept() {
        let data = b"garbage\nFrom a@b Tue Feb  4 10:15:31 2025\nSubject: x\n\nt\n";
        let m = read_all(data);
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].bytes, b"garbage\n".to_vec());
    }
}
