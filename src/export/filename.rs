//! File names inside a dossier: plain ASCII, short, and the same file on Windows, macOS and
//! Linux whatever the subject, address or attachment name they are made from.
//!
//! Rules: text is transliterated to ASCII (`è` → `e`, `ß` → `ss`, other scripts spelled in
//! Latin letters); only letters, digits and `. _ - @ +` are kept, every other run of characters
//! (path separators, `..`, `: * ? " < > |`, control characters, direction overrides, blanks)
//! becomes one `-`; leading and trailing dots, dashes and blanks go; Windows device names
//! (`CON`, `PRN`, `AUX`, `NUL`, `COM0`–`COM9`, `LPT0`–`LPT9`, with any extension) get a `_` in
//! front; each part is cut to a byte limit. ASCII-only names also keep the MANIFEST exact on
//! file systems that rewrite accented names (macOS HFS+ decomposes them) and in ZIP readers that
//! ignore the UTF-8 flag. [`NameSet`] keeps names unique in a folder ignoring case, since
//! Windows and macOS do.

use std::collections::HashSet;

/// Longest file name a dossier creates, in bytes (every file system takes 255).
pub const MAX_NAME: usize = 100;

/// The ASCII "slug" of a text: at most `max` bytes, never empty (`fallback` then).
pub fn slug(text: &str, max: usize, fallback: &str) -> String {
    let cleaned: String = text.chars().filter(|&c| !invisible(c)).collect();
    let ascii = deunicode::deunicode_with_tofu(&cleaned, "-");
    let mut out = String::with_capacity(ascii.len().min(max));
    let mut dash = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '@' | '+') {
            out.push(c);
            dash = false;
        } else if c == '-' || !dash {
            if !dash {
                out.push('-');
            }
            dash = true;
        }
    }
    // No `..` anywhere: harmless inside one component, but alarming in a listing.
    while out.contains("..") {
        out = out.replace("..", ".");
    }
    let mut out = trim_edges(&out);
    if out.len() > max {
        out.truncate(max);
        out = trim_edges(&out);
    }
    if out.is_empty() {
        out = trim_edges(&slug_fallback(fallback, max));
    }
    if reserved_on_windows(&out) {
        out.insert(0, '_');
        if out.len() > max {
            out.truncate(max);
        }
    }
    out
}

fn slug_fallback(fallback: &str, max: usize) -> String {
    let f: String = fallback
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(max)
        .collect();
    if f.is_empty() { "file".to_owned() } else { f }
}

fn trim_edges(s: &str) -> String {
    s.trim_matches(|c: char| matches!(c, '.' | '-' | ' ' | '_'))
        .to_owned()
}

/// Characters that are removed before anything else: the one list of characters that hide in
/// a name ([`crate::hidden_chars`]).
pub fn invisible(c: char) -> bool {
    crate::hidden_chars::is_hidden(c)
}

/// True for names Windows reserves for devices, whatever follows the first dot.
pub fn reserved_on_windows(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or("").trim_end();
    let upper = stem.to_ascii_uppercase();
    match upper.as_str() {
        "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$" | "CLOCK$" => true,
        _ => {
            let b = upper.as_bytes();
            b.len() == 4
                && (upper.starts_with("COM") || upper.starts_with("LPT"))
                && b[3].is_ascii_digit()
        }
    }
}

/// A safe file name for an attachment (or any named file): the slug of the stem and of the
/// extension (at most 10 characters), within [`MAX_NAME`].
pub fn file_name(name: &str, fallback: &str) -> String {
    let cleaned: String = name.chars().filter(|&c| !invisible(c)).collect();
    // Only the last path component counts.
    let last = cleaned
        .rsplit(['/', '\\'])
        .find(|s| !s.trim().is_empty())
        .unwrap_or("");
    let (stem, ext) = match last.rfind('.') {
        Some(i) if i > 0 && last.len() - i <= 11 => (&last[..i], Some(&last[i + 1..])),
        _ => (last, None),
    };
    let ext = ext
        .map(|e| {
            e.chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
        })
        .filter(|e| !e.is_empty());
    let room = MAX_NAME - ext.as_ref().map_or(0, |e| e.len() + 1);
    let stem = slug(stem, room, fallback);
    match ext {
        Some(e) => format!("{stem}.{e}"),
        None => stem,
    }
}

/// The names given out in one folder, compared without case; a taken name gets `-2`, `-3`, …
/// before its extension.
#[derive(Debug, Default, Clone)]
pub struct NameSet {
    taken: HashSet<String>,
}

impl NameSet {
    /// An empty set.
    pub fn new() -> Self {
        NameSet::default()
    }

    /// Reserves `name` (already safe), or a numbered variant of it, and returns it.
    pub fn claim(&mut self, name: &str) -> String {
        if self.taken.insert(name.to_ascii_lowercase()) {
            return name.to_owned();
        }
        let (stem, ext) = match name.rfind('.') {
            Some(i) if i > 0 => (&name[..i], &name[i..]),
            _ => (name, ""),
        };
        for n in 2.. {
            let suffix = format!("-{n}");
            let mut s = stem.to_owned();
            while s.len() + suffix.len() + ext.len() > MAX_NAME && !s.is_empty() {
                s.pop();
            }
            let candidate = format!("{s}{suffix}{ext}");
            if self.taken.insert(candidate.to_ascii_lowercase()) {
                return candidate;
            }
        }
        unreachable!("the counter never ends")
    }
}

/// True when `name` obeys every rule of this module (used to check names read back from a
/// dossier, and by the tests).
pub fn is_safe_component(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 255
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@' | '+'))
        && !name.starts_with(['.', '-'])
        && !name.ends_with(['.', ' '])
        && !name.contains("..")
        && !reserved_on_windows(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &[&str] = &[
        "../../etc/passwd",
        "..\\..\\Windows\\System32\\cmd.exe",
        "/absolute/path",
        "C:\\Users\\x\\file.pdf",
        "CON",
        "con.txt",
        "Prn.pdf",
        "AUX",
        "NUL.tar.gz",
        "COM1",
        "com9.log",
        "LPT1.doc",
        "lpt0",
        "CONIN$",
        "name. . .",
        "trailing dot.",
        "trailing space ",
        "   ",
        "",
        ".",
        "..",
        "...",
        ".hidden",
        "-rf",
        "a\u{0}b\u{1}c\u{1f}\u{7f}d",
        "line\nbreak\r\ttab",
        "fattura\u{202e}fdp.exe",
        "\u{2066}isolate\u{2069}",
        "zero\u{200b}width\u{feff}",
        "que?sto:file*<>|\"x\".pdf",
        "Perché è così: l'atto n° 5 (bis) – €100",
        "Straße Größe",
        "合同附件.pdf",
        "Договор.docx",
        "عقد.pdf",
        "😀😀😀.png",
        "a/b/c/../../d",
    ];

    #[test]
    fn hostile_names_become_safe_components() {
        for name in HOSTILE {
            for s in [slug(name, 60, "messaggio"), file_name(name, "allegato")] {
                assert!(is_safe_component(&s), "{name:?} → {s:?}");
                assert!(s.len() <= MAX_NAME, "{name:?} → {s:?}");
            }
        }
    }

    #[test]
    fn readable_names_stay_readable() {
        assert_eq!(
            slug("Contratto di fornitura n. 12", 60, "x"),
            "Contratto-di-fornitura-n.-12"
        );
        assert_eq!(slug("Perché è così", 60, "x"), "Perche-e-cosi");
        assert_eq!(slug("Straße", 60, "x"), "Strasse");
        assert_eq!(
            file_name("contratto firmato.pdf", "x"),
            "contratto-firmato.pdf"
        );
        assert_eq!(file_name("../../evil.pdf", "x"), "evil.pdf");
        assert_eq!(file_name("C:\\x\\y.dll", "x"), "y.dll");
        assert_eq!(file_name("CON.txt", "x"), "_CON.txt");
        assert_eq!(file_name("com1 .pdf", "x"), "_com1.pdf");
        assert_eq!(file_name("fattura\u{202e}fdp.exe", "x"), "fatturafdp.exe");
        assert_eq!(file_name("", "allegato"), "allegato");
        assert_eq!(file_name("..", "allegato"), "allegato");
        assert_eq!(
            slug("mario.rossi@pec.alfa.test", 60, "x"),
            "mario.rossi@pec.alfa.test"
        );
        assert!(file_name("合同.pdf", "x").ends_with(".pdf"));
    }

    #[test]
    fn long_names_are_cut_keeping_the_extension() {
        let long = format!("{}.pdf", "lungo ".repeat(100));
        let s = file_name(&long, "x");
        assert!(s.len() <= MAX_NAME && s.ends_with(".pdf"), "{s}");
        let accented = "è".repeat(400);
        assert!(slug(&accented, 40, "x").len() <= 40);
        assert!(slug(&"a".repeat(500), 40, "x").len() == 40);
    }

    #[test]
    fn reserved_names_are_recognised() {
        for n in [
            "CON", "con", "nul.txt", "COM1", "lpt9.x.y", "AUX ", "CLOCK$",
        ] {
            assert!(reserved_on_windows(n), "{n}");
        }
        for n in ["CONSOLE", "COM10", "com", "LPTX", "contratto"] {
            assert!(!reserved_on_windows(n), "{n}");
        }
    }

    #[test]
    fn names_are_unique_ignoring_case() {
        let mut set = NameSet::new();
        assert_eq!(set.claim("atto.pdf"), "atto.pdf");
        assert_eq!(set.claim("ATTO.pdf"), "ATTO-2.pdf");
        assert_eq!(set.claim("atto.pdf"), "atto-3.pdf");
        assert_eq!(set.claim("README"), "README");
        assert_eq!(set.claim("readme"), "readme-2");
        let long = "a".repeat(MAX_NAME - 4) + ".pdf";
        set.claim(&long);
        let second = set.claim(&long);
        assert!(
            second.len() <= MAX_NAME && second.ends_with("-2.pdf"),
            "{second}"
        );
    }
}
