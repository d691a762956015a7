//! The rule for what is never handed to the system to open: a file whose name or first bytes
//! say it is a program, a script, an installer, a shortcut, a disk image or anything else the
//! system would run, mount or install instead of showing. Such a file can still be saved.
//!
//! The name is read as the system will read it: case does not matter; Windows drops trailing
//! dots and spaces (`fattura.exe. .` is `fattura.exe`), so they are dropped here too; invisible
//! characters (zero-width, right-to-left override) are ignored; only the last extension counts
//! (`fattura.pdf.exe` is a program, `fattura.exe.pdf` a PDF); a `:` (an NTFS stream name)
//! cannot hide one (`x.pdf:y.exe` and `x.exe:Zone.Identifier` are both refused).

/// Why a file is not opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Danger {
    /// Its name ends with an extension the system runs, mounts or installs (lower case,
    /// without the dot).
    Extension(String),
    /// Its first bytes are those of a program (Windows, Linux or macOS) or a script (`#!`).
    Program,
}

/// Extensions (lower case) of files that run code, install something, change the system or
/// mount a volume when opened, on Windows, macOS or Linux. Sources: the types Outlook and
/// Office block as "Level 1" attachments, the scripting hosts of Windows, the installer and
/// package formats of the three systems, shortcuts and links, and disk images (which also
/// bypass the "downloaded from the internet" mark on Windows).
#[rustfmt::skip]
const DANGEROUS_EXTENSIONS: &[&str] = &[
    // Windows programs, libraries, control panel items and screen savers.
    "exe", "com", "scr", "pif", "cpl", "dll", "ocx", "sys", "drv", "efi",
    // Command interpreters and script hosts.
    "bat", "cmd", "btm", "vb", "vbs", "vbe", "vbscript", "js", "jse", "ws", "wsf", "wsc", "wsh",
    "sct", "hta", "htc", "ps1", "ps1xml", "ps2", "ps2xml", "psc1", "psc2", "psd1", "psm1",
    "pssc", "cdxml", "msh", "msh1", "msh2", "mshxml", "msh1xml", "msh2xml", "scf",
    // Installers, updates, management consoles, policies, registry, certificates, databases
    // with code.
    "msi", "msp", "mst", "msu", "msc", "msix", "msixbundle", "appx", "appxbundle",
    "appinstaller", "application", "appref-ms", "xbap", "vsto", "gadget", "inf", "ins", "isp",
    "reg", "rgs", "diagcab", "wsb", "cab", "ade", "adp", "mda", "mdb", "mde", "mdt", "mdw",
    "mdz", "accda", "accde", "accdr", "accdt", "crt", "cer", "der", "prf", "ops", "shb", "shs",
    "grp", "mcf", "hlp", "chm", "its",
    // Shortcuts, links and places that point elsewhere.
    "lnk", "url", "website", "webloc", "inetloc", "fileloc", "xnk", "library-ms",
    "search-ms", "searchconnector-ms", "settingcontent-ms", "glk", "desklink",
    // Disk images and virtual disks (mounted when opened).
    "iso", "img", "vhd", "vhdx", "udf", "dmg", "sparseimage", "sparsebundle",
    // Office add-ins and macro-enabled documents, web queries.
    "xll", "xla", "xlam", "ppa", "ppam", "wll", "docm", "dotm", "xlsm", "xltm", "pptm",
    "potm", "ppsm", "sldm", "iqy", "slk",
    // Java and other runtimes.
    "jar", "jnlp", "class", "py", "pyw", "pyc", "pyo", "pyz", "pyzw", "pl", "rb", "php",
    "lua", "tcl", "swf",
    // macOS.
    "app", "command", "tool", "terminal", "workflow", "action", "scpt", "scptd",
    "applescript", "osax", "prefpane", "kext", "pkg", "mpkg", "definition", "bundle",
    "plugin", "dylib",
    // Linux and other Unix.
    "desktop", "sh", "bash", "zsh", "ksh", "csh", "tcsh", "fish", "run", "bin", "out",
    "appimage", "deb", "rpm", "snap", "flatpak", "flatpakref", "flatpakrepo", "so", "elf",
    // Mobile and browser packages.
    "apk", "xpi", "crx",
];

/// Characters that change how a name looks without being part of what the system reads: the
/// one list of [`crate::hidden_chars`].
fn invisible(c: char) -> bool {
    crate::hidden_chars::is_hidden(c)
}

/// The extension a system would see in one name (lower case, without the dot), if any.
fn extension_of(name: &str) -> Option<String> {
    let visible: String = name.chars().filter(|&c| !invisible(c)).collect();
    // Windows ignores trailing dots and spaces; Unix names do not end with them in practice.
    let trimmed = visible.trim_end_matches(|c: char| c == '.' || c.is_whitespace());
    let (_, ext) = trimmed.rsplit_once('.')?;
    let ext = ext.trim().to_lowercase();
    (!ext.is_empty()).then_some(ext)
}

/// The dangerous extension of a file name, if it has one. The last path component counts,
/// and each part of it around a `:` (an NTFS stream name) is read as a name of its own.
pub fn dangerous_extension(name: &str) -> Option<String> {
    let last = name.rsplit(['/', '\\']).next().unwrap_or(name);
    last.split(':')
        .filter_map(extension_of)
        .find(|ext| DANGEROUS_EXTENSIONS.contains(&ext.as_str()))
}

/// True when the first bytes are those of a program: a Windows executable (`MZ`), an ELF
/// binary, a Mach-O binary (thin or universal), a script with an interpreter line (`#!`), or a
/// desktop launcher (`[Desktop Entry]`, which Linux desktops recognise by content when the
/// name has no extension).
pub fn looks_like_program(bytes: &[u8]) -> bool {
    const MAGICS: &[&[u8]] = &[
        b"MZ",
        b"\x7fELF",
        b"\xfe\xed\xfa\xce",
        b"\xfe\xed\xfa\xcf",
        b"\xce\xfa\xed\xfe",
        b"\xcf\xfa\xed\xfe",
        b"\xca\xfe\xba\xbe",
        b"#!",
    ];
    let start = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let head = &start[..start.len().min(4096)];
    MAGICS.iter().any(|m| start.starts_with(m))
        || head
            .split(|&b| b == b'\n')
            .any(|line| line.trim_ascii() == b"[Desktop Entry]")
}

/// Why the file named `name` holding `bytes` must not be opened, if it must not.
pub fn danger(name: &str, bytes: &[u8]) -> Option<Danger> {
    if let Some(ext) = dangerous_extension(name) {
        return Some(Danger::Extension(ext));
    }
    looks_like_program(bytes).then_some(Danger::Program)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ext(name: &str) -> Option<String> {
        dangerous_extension(name)
    }

    #[test]
    fn every_type_the_issue_names_is_refused() {
        for e in [
            "exe",
            "vbe",
            "wsf",
            "cpl",
            "msc",
            "iso",
            "img",
            "hta",
            "jar",
            "ps1",
            "psm1",
            "lnk",
            "scr",
            "com",
            "pif",
            "reg",
            "msi",
            "msp",
            "appref-ms",
            "application",
            "gadget",
            "url",
            "desktop",
            "sh",
            "command",
            "app",
            "dmg",
            "pkg",
            "bat",
            "cmd",
            "js",
            "vbs",
        ] {
            assert_eq!(ext(&format!("documento.{e}")), Some(e.to_owned()), "{e}");
        }
    }

    #[test]
    fn case_does_not_matter() {
        assert_eq!(ext("FATTURA.EXE"), Some("exe".into()));
        assert_eq!(ext("Nota.Js"), Some("js".into()));
        assert_eq!(ext("Install.MsI"), Some("msi".into()));
        assert_eq!(ext("x.AppRef-MS"), Some("appref-ms".into()));
    }

    #[test]
    fn trailing_dots_and_spaces_are_dropped_as_windows_drops_them() {
        for name in [
            "fattura.exe.",
            "fattura.exe ",
            "fattura.exe. . .",
            "fattura.exe...",
            "fattura.exe\t",
            "fattura.exe\u{3000}",
        ] {
            assert_eq!(ext(name), Some("exe".into()), "{name:?}");
        }
    }

    #[test]
    fn only_the_last_extension_counts() {
        assert_eq!(ext("fattura.pdf.exe"), Some("exe".into()));
        assert_eq!(ext("fattura.pdf   .exe"), Some("exe".into()));
        assert_eq!(ext("fattura.pdf.lnk"), Some("lnk".into()));
        assert_eq!(ext("atto.docx.scr"), Some("scr".into()));
        assert_eq!(ext("fattura.exe.pdf"), None, "a PDF that mentions exe");
        assert_eq!(ext("archivio.tar.gz"), None);
    }

    #[test]
    fn invisible_characters_and_right_to_left_tricks_do_not_hide_it() {
        // Shown as "fatturaexe.pdf" by a bidi-aware display; really ends with .exe.
        assert_eq!(ext("fattura\u{202e}fdp.exe"), Some("exe".into()));
        assert_eq!(ext("fattura.e\u{200b}xe"), Some("exe".into()));
        assert_eq!(ext("fattura.exe\u{200b}"), Some("exe".into()));
        assert_eq!(ext("fattura.exe\u{feff}"), Some("exe".into()));
        assert_eq!(ext("fattura.\u{00ad}js"), Some("js".into()));
        assert_eq!(ext("fattura.exe\0"), Some("exe".into()));
    }

    #[test]
    fn path_components_and_stream_names_do_not_hide_it() {
        assert_eq!(ext("../../x.bat"), Some("bat".into()));
        assert_eq!(ext("C:\\Users\\x\\y.cmd"), Some("cmd".into()));
        assert_eq!(ext("x.pdf:y.exe"), Some("exe".into()));
        assert_eq!(ext("x.exe:Zone.Identifier"), Some("exe".into()));
        assert_eq!(ext("x.exe::$DATA"), Some("exe".into()));
    }

    #[test]
    fn documents_open() {
        for name in [
            "atto.pdf",
            "atto.pdf.p7m",
            "smime.p7s",
            "daticert.xml",
            "postacert.eml",
            "IT01234567890_abcde.xml.p7m",
            "contratto.docx",
            "foglio.xlsx",
            "foto.JPG",
            "testo.txt",
            "archivio.zip",
            "senza estensione",
            "x.",
            ".",
            "",
            "fattura.pdf.",
            "x\u{2024}exe",
        ] {
            assert_eq!(ext(name), None, "{name:?}");
            assert_eq!(danger(name, b"%PDF-1.7"), None, "{name:?}");
        }
    }

    #[test]
    fn programs_are_known_by_their_first_bytes_whatever_the_name() {
        for bytes in [
            &b"MZ\x90\x00\x03"[..],
            b"\x7fELF\x02\x01\x01",
            b"\xcf\xfa\xed\xfe\x07",
            b"\xca\xfe\xba\xbe\x00",
            b"#!/bin/sh\nrm -rf ~\n",
            b"\xef\xbb\xbf#!/usr/bin/env python3\n",
            b"# launcher\n[Desktop Entry]\r\nType=Application\nExec=sh -c 'rm -rf ~'\n",
        ] {
            assert_eq!(danger("fattura.pdf", bytes), Some(Danger::Program));
        }
        assert_eq!(danger("nota.txt", b"# titolo\n"), None);
        assert_eq!(
            danger("x.vbs", b"%PDF"),
            Some(Danger::Extension("vbs".into())),
            "the name is enough"
        );
    }
}
