//! Text safe to print on a terminal. Subjects, names, file names and certificate fields come
//! from strangers: printed raw, an escape sequence (ESC, CSI, OSC), a carriage return or a
//! bidirectional override can redraw what the user reads (a fake "valid" row, a verdict
//! overwritten, a file name shown backwards). Every text output of the command line goes
//! through here; JSON is left exact (serde escapes the control characters, and a program
//! reading JSON must get the real text).
//!
//! A character that could change what the terminal draws is replaced by a visible escape:
//! `\n`, `\r`, `\t`, else `\u{XXXX}` (its code point in hex); bytes that are not UTF-8 become
//! `\xNN`. Escaped are: C0 and C1 control characters and DEL; the bidirectional controls
//! (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069); the invisible characters that can
//! hide text or split lines (U+180E, U+200B, U+2028, U+2029, U+2060–U+2065, U+206A–U+206F,
//! U+FEFF, U+FFF9–U+FFFB, the tag characters U+E0000–U+E007F). Zero-width joiners (U+200C,
//! U+200D) stay: emoji and several scripts need them, and they move nothing.
//!
//! Written here rather than taken from a crate: the crates found strip ANSI sequences (which
//! hides what was there, and leaves bidi controls), and the set of characters is the point.

use std::borrow::Cow;
use std::io::{self, Write};

/// True when `c` must not reach a terminal as it is.
pub fn is_unsafe(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1F}'
        | '\u{7F}'..='\u{9F}'
        | '\u{61C}'
        | '\u{180E}'
        | '\u{200B}'
        | '\u{200E}'..='\u{200F}'
        | '\u{2028}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}'
        | '\u{FEFF}'
        | '\u{FFF9}'..='\u{FFFB}'
        | '\u{E0000}'..='\u{E007F}'
    )
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c => out.push_str(&format!("\\u{{{:X}}}", c as u32)),
    }
}

fn escape_where(s: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !s.chars().any(|c| is_unsafe(c) && !keep(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if is_unsafe(c) && !keep(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// One field of a line (a subject, an address, a file name, a certificate's name): every
/// unsafe character escaped, line breaks and tabs included, so the field stays on its line.
pub fn escape_line(s: &str) -> Cow<'_, str> {
    escape_where(s, |_| false)
}

/// Text of several lines written by Sigillo itself, with fields from outside in it: every
/// unsafe character escaped except line feeds and tabs.
pub fn escape_text(s: &str) -> Cow<'_, str> {
    escape_where(s, |c| c == '\n' || c == '\t')
}

/// A writer that passes text through [`escape_text`] on its way to `inner` (a terminal, a
/// pipe), or passes it exact when told to (JSON, a message's raw bytes). Bytes that are not
/// UTF-8 are written as `\xNN`; a character cut between two writes is put back together.
pub struct SafeOutput<W: Write> {
    inner: W,
    escape: bool,
    pending: Vec<u8>,
}

impl<W: Write> SafeOutput<W> {
    /// Escapes what goes through when `escape` is true, else passes it exact.
    pub fn new(inner: W, escape: bool) -> SafeOutput<W> {
        SafeOutput {
            inner,
            escape,
            pending: Vec::new(),
        }
    }

    /// Writes out what is pending; at the end (`last`), an incomplete character too.
    fn drain(&mut self, last: bool) -> io::Result<()> {
        let mut out = String::new();
        let mut rest: &[u8] = &self.pending;
        loop {
            match std::str::from_utf8(rest) {
                Ok(s) => {
                    out.push_str(&escape_text(s));
                    rest = &[];
                    break;
                }
                Err(e) => {
                    let (valid, after) = rest.split_at(e.valid_up_to());
                    out.push_str(&escape_text(std::str::from_utf8(valid).unwrap_or_default()));
                    let bad = match e.error_len() {
                        Some(n) => n,
                        None if last => after.len(),
                        // Cut at the end of this write: the rest comes with the next one.
                        None => {
                            rest = after;
                            break;
                        }
                    };
                    for b in &after[..bad] {
                        out.push_str(&format!("\\x{b:02X}"));
                    }
                    rest = &after[bad..];
                }
            }
        }
        let keep = rest.to_vec();
        self.pending = keep;
        self.inner.write_all(out.as_bytes())
    }
}

impl<W: Write> Write for SafeOutput<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if !self.escape {
            return self.inner.write(buf);
        }
        self.pending.extend_from_slice(buf);
        self.drain(false)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.escape && !self.pending.is_empty() {
            self.drain(true)?;
        }
        self.inner.flush()
    }
}

impl<W: Write> Drop for SafeOutput<W> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_untouched_and_borrowed() {
        for s in [
            "Pratica 42 — consegnata",
            "città, perché",
            "日本語",
            "👩‍💻 ok",
        ] {
            assert!(matches!(escape_line(s), Cow::Borrowed(_)), "{s}");
            assert_eq!(escape_line(s), s);
        }
    }

    #[test]
    fn controls_and_bidi_become_visible() {
        assert_eq!(
            escape_line("a\r\u{1b}[2Kvalid\u{7}"),
            "a\\r\\u{1B}[2Kvalid\\u{7}"
        );
        assert_eq!(
            escape_line("fattura\u{202E}fdp.exe"),
            "fattura\\u{202E}fdp.exe"
        );
        assert_eq!(
            escape_line("\u{1b}]8;;http://x\u{7}link\u{9b}"),
            "\\u{1B}]8;;http://x\\u{7}link\\u{9B}"
        );
        assert_eq!(escape_line("a\nb\tc"), "a\\nb\\tc");
        assert_eq!(escape_text("a\nb\tc\rd"), "a\nb\tc\\rd");
        for c in [
            '\u{61C}',
            '\u{200B}',
            '\u{200E}',
            '\u{200F}',
            '\u{2028}',
            '\u{2029}',
            '\u{202A}',
            '\u{2066}',
            '\u{2069}',
            '\u{FEFF}',
            '\u{E0041}',
            '\u{0}',
            '\u{7F}',
            '\u{85}',
        ] {
            let s = c.to_string();
            assert!(
                !escape_line(&s).chars().any(is_unsafe),
                "U+{:04X} escaped",
                c as u32
            );
        }
    }

    #[test]
    fn the_writer_escapes_across_writes_and_bad_bytes() {
        let mut out = SafeOutput::new(Vec::new(), true);
        let text = "é\u{202E}x\n".as_bytes();
        // Split inside the two-byte é and inside the three-byte U+202E.
        out.write_all(&text[..1]).unwrap();
        out.write_all(&text[1..4]).unwrap();
        out.write_all(&text[4..]).unwrap();
        out.write_all(b"\xff\x1b[31m").unwrap();
        out.flush().unwrap();
        let inner = std::mem::take(&mut out.inner);
        assert_eq!(
            String::from_utf8(inner).unwrap(),
            "é\\u{202E}x\n\\xFF\\u{1B}[31m"
        );
        let mut exact = SafeOutput::new(Vec::new(), false);
        exact.write_all(b"\x1b\xff").unwrap();
        assert_eq!(std::mem::take(&mut exact.inner), b"\x1b\xff");
    }
}
