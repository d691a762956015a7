//! The real name of a signed document: its file name without the `.p7m` layers, the content
//! type sniffed from its first bytes when the name does not tell, and a sanitised form that is
//! safe to create inside a chosen folder on any operating system.

/// What the first bytes of a document say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sniffed {
    /// The usual extension, without the dot.
    pub extension: &'static str,
    /// The MIME type.
    pub content_type: &'static str,
}

const fn sniffed(extension: &'static str, content_type: &'static str) -> Sniffed {
    Sniffed {
        extension,
        content_type,
    }
}

/// Recognises common document formats by their signature bytes. `None` when nothing matches.
pub fn sniff(bytes: &[u8]) -> Option<Sniffed> {
    let b = bytes;
    let text_start = b.strip_prefix(b"\xef\xbb\xbf").unwrap_or(b);
    let trimmed = {
        let i = text_start
            .iter()
            .position(|c| !c.is_ascii_whitespace())
            .unwrap_or(text_start.len());
        &text_start[i..]
    };
    Some(if b.starts_with(b"%PDF-") {
        sniffed("pdf", "application/pdf")
    } else if b.starts_with(b"PK\x03\x04") {
        sniff_zip(b)
    } else if b.starts_with(b"\x89PNG\r\n\x1a\n") {
        sniffed("png", "image/png")
    } else if b.starts_with(b"\xff\xd8\xff") {
        sniffed("jpg", "image/jpeg")
    } else if b.starts_with(b"GIF87a") || b.starts_with(b"GIF89a") {
        sniffed("gif", "image/gif")
    } else if b.starts_with(b"II*\0") || b.starts_with(b"MM\0*") {
        sniffed("tif", "image/tiff")
    } else if b.starts_with(b"{\\rtf") {
        sniffed("rtf", "application/rtf")
    } else if b.starts_with(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") {
        sniffed("doc", "application/msword")
    } else if b.starts_with(b"\x1f\x8b") {
        sniffed("gz", "application/gzip")
    } else if b.starts_with(b"Rar!\x1a\x07") {
        sniffed("rar", "application/vnd.rar")
    } else if b.starts_with(b"7z\xbc\xaf\x27\x1c") {
        sniffed("7z", "application/x-7z-compressed")
    } else if b.starts_with(b"MZ") {
        sniffed("exe", "application/vnd.microsoft.portable-executable")
    } else if trimmed.starts_with(b"<?xml") || (trimmed.starts_with(b"<") && looks_like_text(b)) {
        if contains(trimmed, b"<html") || contains(trimmed, b"<HTML") {
            sniffed("html", "text/html")
        } else {
            sniffed("xml", "application/xml")
        }
    } else if super::decode::looks_like_p7m(b) {
        sniffed("p7m", "application/pkcs7-mime")
    } else if !b.is_empty() && looks_like_text(b) {
        sniffed("txt", "text/plain")
    } else {
        return None;
    })
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.len() >= needle.len() && hay.windows(needle.len()).take(4096).any(|w| w == needle)
}

/// Office Open XML and OpenDocument files are ZIP archives; the first entries tell them apart.
fn sniff_zip(b: &[u8]) -> Sniffed {
    let head = &b[..b.len().min(4096)];
    // OpenDocument: the first entry is an uncompressed `mimetype` holding the type.
    if head.get(30..38) == Some(b"mimetype") {
        let rest = &head[38..];
        for (needle, ext, ct) in [
            (
                &b"application/vnd.oasis.opendocument.text"[..],
                "odt",
                "application/vnd.oasis.opendocument.text",
            ),
            (
                &b"application/vnd.oasis.opendocument.spreadsheet"[..],
                "ods",
                "application/vnd.oasis.opendocument.spreadsheet",
            ),
            (
                &b"application/vnd.oasis.opendocument.presentation"[..],
                "odp",
                "application/vnd.oasis.opendocument.presentation",
            ),
        ] {
            if rest.starts_with(needle) {
                return sniffed(ext, ct);
            }
        }
    }
    if contains(head, b"word/") {
        return sniffed(
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        );
    }
    if contains(head, b"xl/") {
        return sniffed(
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        );
    }
    if contains(head, b"ppt/") {
        return sniffed(
            "pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        );
    }
    sniffed("zip", "application/zip")
}

/// UTF-8 text without control characters other than tab, CR, LF and form feed.
fn looks_like_text(b: &[u8]) -> bool {
    let head = &b[..b.len().min(8192)];
    // A multi-byte character may be cut at the end of the window.
    let valid = match std::str::from_utf8(head) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none() && e.valid_up_to() + 4 > head.len(),
    };
    valid
        && !head
            .iter()
            .any(|&c| c < 0x20 && !matches!(c, b'\t' | b'\n' | b'\r' | 0x0c))
}

/// The MIME type usually meant by a file extension (lower case, without the dot).
pub fn content_type_for_extension(ext: &str) -> Option<&'static str> {
    Some(match ext.to_ascii_lowercase().as_str() {
        "pdf" => "application/pdf",
        "xml" => "application/xml",
        "txt" => "text/plain",
        "html" | "htm" => "text/html",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "tif" | "tiff" => "image/tiff",
        "rtf" => "application/rtf",
        "doc" => "application/msword",
        "xls" => "application/vnd.ms-excel",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "odt" => "application/vnd.oasis.opendocument.text",
        "ods" => "application/vnd.oasis.opendocument.spreadsheet",
        "odp" => "application/vnd.oasis.opendocument.presentation",
        "zip" => "application/zip",
        "p7m" => "application/pkcs7-mime",
        "eml" => "message/rfc822",
        _ => return None,
    })
}

/// Removes every trailing `.p7m` (any case) from a file name: `atto.pdf.p7m.p7m` → `atto.pdf`.
/// Returns the rest and how many layers the name announced.
pub fn strip_p7m(name: &str) -> (&str, usize) {
    let mut rest = name.trim_end();
    let mut layers = 0;
    while rest.len() > 4 {
        let cut = rest.len() - 4;
        match rest.get(cut..) {
            Some(tail) if tail.eq_ignore_ascii_case(".p7m") => {
                rest = rest[..cut].trim_end();
                layers += 1;
            }
            _ => break,
        }
    }
    (rest, layers)
}

/// The extension of a file name (after the last dot), if it is a plausible one.
pub fn extension(name: &str) -> Option<&str> {
    let (stem, ext) = name.rsplit_once('.')?;
    (!stem.is_empty()
        && (1..=8).contains(&ext.len())
        && ext.chars().all(|c| c.is_ascii_alphanumeric()))
    .then_some(ext)
}

/// The name a signed document should be saved under: the signed file's name without its `.p7m`
/// layers; when that name has no extension (or there is no name) the sniffed one is added.
/// The result is sanitised ([`safe_file_name`]).
pub fn document_name(p7m_name: Option<&str>, document: &[u8]) -> String {
    let base = p7m_name
        .map(last_component)
        .map(|n| strip_p7m(n).0.to_owned())
        .filter(|n| !n.trim().is_empty());
    let sniffed = sniff(document);
    let name = match base {
        Some(n) if extension(&n).is_some() => n,
        Some(n) => match sniffed {
            Some(s) => format!("{n}.{}", s.extension),
            None => n,
        },
        None => format!(
            "documento.{}",
            sniffed.map(|s| s.extension).unwrap_or("bin")
        ),
    };
    safe_file_name(&name)
}

/// The part of a name after the last `/` or `\`.
fn last_component(name: &str) -> &str {
    name.rsplit(['/', '\\']).next().unwrap_or(name)
}

/// Characters that can make a name display differently from what it is (bidirectional
/// overrides and isolates, invisible marks) or that no file system accepts: the one list of
/// [`crate::hidden_chars`].
fn unsafe_char(c: char) -> bool {
    crate::hidden_chars::is_hidden(c)
}

/// Names Windows reserves for devices, whatever the extension.
fn reserved_on_windows(stem: &str) -> bool {
    let s = stem.trim_end_matches([' ', '.']).to_ascii_uppercase();
    matches!(
        s.as_str(),
        "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$"
    ) || ((s.starts_with("COM") || s.starts_with("LPT"))
        && s.len() == 4
        && s.as_bytes()[3].is_ascii_digit())
        || ((s.starts_with("COM") || s.starts_with("LPT"))
            && matches!(&s[3..], "\u{b9}" | "\u{b2}" | "\u{b3}"))
}

/// Longest name produced, in bytes (file systems allow 255).
const MAX_NAME_BYTES: usize = 200;

/// A file name that creates exactly one file inside the folder it is joined to, on Linux,
/// macOS and Windows: only the last path component is kept; control characters, direction
/// overrides and invisible marks are removed; characters Windows refuses become `_`; leading
/// dots and trailing dots and blanks go; reserved device names get a `_` in front; empty, `.`
/// and `..` become `documento`; overlong names are shortened keeping the extension.
pub fn safe_file_name(name: &str) -> String {
    let last = last_component(name);
    let mut out: String = last
        .chars()
        .filter(|&c| !unsafe_char(c))
        .map(|c| match c {
            '<' | '>' | ':' | '"' | '|' | '?' | '*' | '/' | '\\' => '_',
            c => c,
        })
        .collect();
    out = out
        .trim_start_matches(['.', ' '])
        .trim_end_matches(['.', ' '])
        .to_owned();
    if out.is_empty() {
        out = "documento".to_owned();
    }
    let stem = out.split('.').next().unwrap_or("");
    if reserved_on_windows(stem) {
        out.insert(0, '_');
    }
    if out.len() > MAX_NAME_BYTES {
        let ext = extension(&out).map(|e| format!(".{e}")).unwrap_or_default();
        let mut cut = MAX_NAME_BYTES - ext.len();
        while !out.is_char_boundary(cut) {
            cut -= 1;
        }
        out = format!("{}{ext}", out[..cut].trim_end_matches(['.', ' ']));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn p7m_layers_are_stripped() {
        assert_eq!(strip_p7m("atto.pdf.p7m"), ("atto.pdf", 1));
        assert_eq!(strip_p7m("atto.pdf.P7M.p7m"), ("atto.pdf", 2));
        assert_eq!(
            strip_p7m("IT01234567890_abcde.xml.p7m"),
            ("IT01234567890_abcde.xml", 1)
        );
        assert_eq!(strip_p7m("atto.pdf"), ("atto.pdf", 0));
        assert_eq!(strip_p7m(".p7m"), (".p7m", 0));
    }

    #[test]
    fn names_without_extension_get_the_sniffed_one() {
        assert_eq!(
            document_name(Some("contratto.p7m"), b"%PDF-1.7\n"),
            "contratto.pdf"
        );
        assert_eq!(
            document_name(Some("contratto.pdf.p7m"), b"plain"),
            "contratto.pdf"
        );
        assert_eq!(
            document_name(None, b"<?xml version=\"1.0\"?><a/>"),
            "documento.xml"
        );
        assert_eq!(document_name(None, &[0u8, 1, 2, 3]), "documento.bin");
        assert_eq!(
            document_name(Some("../../etc/passwd.p7m"), b"x"),
            "passwd.txt"
        );
    }

    #[test]
    fn sanitising_keeps_the_file_inside_the_folder() {
        assert_eq!(safe_file_name("../../evil.pdf"), "evil.pdf");
        assert_eq!(safe_file_name("C:\\Windows\\system32\\x.dll"), "x.dll");
        assert_eq!(safe_file_name("/etc/passwd"), "passwd");
        assert_eq!(safe_file_name(".."), "documento");
        assert_eq!(safe_file_name(""), "documento");
        assert_eq!(safe_file_name("...hidden"), "hidden");
        assert_eq!(safe_file_name("CON.txt"), "_CON.txt");
        assert_eq!(safe_file_name("lpt1"), "_lpt1");
        assert_eq!(safe_file_name("com1 .pdf"), "_com1 .pdf");
        assert_eq!(safe_file_name("console.txt"), "console.txt");
        assert_eq!(safe_file_name("fattura\u{202e}fdp.exe"), "fatturafdp.exe");
        assert_eq!(safe_file_name("a\u{0}b\nc\u{7f}.pdf"), "abc.pdf");
        assert_eq!(safe_file_name("que?sto:file*.pdf "), "que_sto_file_.pdf");
        let long = format!("{}.pdf", "a".repeat(400));
        let s = safe_file_name(&long);
        assert!(s.len() <= MAX_NAME_BYTES && s.ends_with(".pdf"));
        let accented = format!("{}.pdf", "è".repeat(300));
        assert!(safe_file_name(&accented).ends_with(".pdf"));
    }

    #[test]
    fn sniffing_common_formats() {
        assert_eq!(sniff(b"%PDF-1.4").unwrap().extension, "pdf");
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n....").unwrap().extension, "png");
        assert_eq!(
            sniff(b"\xef\xbb\xbf<?xml version='1.0'?><p:FatturaElettronica/>")
                .unwrap()
                .extension,
            "xml"
        );
        assert_eq!(sniff(b"ciao\n").unwrap().extension, "txt");
        let mut odt = b"PK\x03\x04".to_vec();
        odt.resize(30, 0);
        odt.extend_from_slice(b"mimetypeapplication/vnd.oasis.opendocument.text");
        assert_eq!(sniff(&odt).unwrap().extension, "odt");
        assert!(sniff(&[0xde, 0xad, 0xbe, 0xef, 0x00]).is_none());
    }
}
