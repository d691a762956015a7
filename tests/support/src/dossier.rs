//! Looking at exported dossiers with independent tools: `sha256sum`, `openssl`, poppler's
//! `pdftotext`/`pdfinfo`/`pdffonts`, and plain file and ZIP reading.

use std::io::{Read, Write};
use std::path::Path;
use std::process::Command;

/// Every file under `root`: (relative `/` path, bytes), sorted by path.
pub fn all_files(root: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_owned()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p
                    .strip_prefix(root)
                    .unwrap()
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                out.push((rel, std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// Copies a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    for (rel, bytes) in all_files(from) {
        let dest = to.join(&rel);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::write(dest, bytes).unwrap();
    }
}

/// Changes one byte in the middle of a file.
pub fn flip_byte(path: &Path) {
    let mut b = std::fs::read(path).unwrap();
    assert!(!b.is_empty(), "{} is empty", path.display());
    let i = b.len() / 2;
    b[i] ^= 0x01;
    std::fs::write(path, b).unwrap();
}

fn tool(name: &str, package: &str) -> Command {
    let found = Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {name}"))
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    assert!(
        found,
        "the `{name}` tool is missing: install the Debian package `{package}` (scripts/test does)"
    );
    Command::new(name)
}

/// `sha256sum --strict -c MANIFEST` in the folder must pass.
pub fn sha256sum_check(dir: &Path) {
    let o = tool("sha256sum", "coreutils")
        .args(["--strict", "-c", "MANIFEST"])
        .current_dir(dir)
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "sha256sum -c failed in {}:\n{out}{}",
        dir.display(),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        out.lines().count() >= 2 && out.lines().all(|l| l.ends_with(": OK")),
        "{out}"
    );
}

/// The text of a PDF, by `pdftotext`.
pub fn pdf_text(path: &Path) -> String {
    let o = tool("pdftotext", "poppler-utils")
        .arg(path)
        .arg("-")
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "pdftotext cannot read {}",
        path.display()
    );
    String::from_utf8(o.stdout).unwrap()
}

/// `pdfinfo` opens it and `pdffonts` finds every font embedded.
pub fn pdf_is_sound(path: &Path) {
    let o = tool("pdfinfo", "poppler-utils").arg(path).output().unwrap();
    let info = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success() && info.contains("Pages:"), "{info}");
    assert!(
        o.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = tool("pdffonts", "poppler-utils")
        .arg(path)
        .output()
        .unwrap();
    let fonts = String::from_utf8_lossy(&o.stdout);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{fonts}");
    for row in rows {
        // name, type…, encoding, emb, sub, uni, object, id
        let cols: Vec<&str> = row.split_whitespace().collect();
        let n = cols.len();
        assert_eq!(&cols[n - 5..n - 2], ["yes", "yes", "yes"], "{row}");
    }
}

/// The `openssl smime -verify …` commands a report prints (wrapped lines joined).
pub fn openssl_commands(report: &str) -> Vec<String> {
    let flat = report.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = Vec::new();
    let mut rest = flat.as_str();
    while let Some(i) = rest.find("openssl smime -verify") {
        let tail = &rest[i..];
        let end = tail
            .find("/dev/null")
            .expect("a command ends with -out /dev/null")
            + 9;
        out.push(tail[..end].to_owned());
        rest = &tail[end..];
    }
    out
}

/// Runs one printed command in the dossier folder; it must verify.
pub fn run_openssl_command(dir: &Path, cmd: &str) {
    run_openssl(dir, cmd, true)
}

/// The same, saying nothing of the command or the files when it fails (for the real corpus,
/// whose file names carry real addresses).
pub fn run_openssl_command_quietly(dir: &Path, cmd: &str) {
    run_openssl(dir, cmd, false)
}

fn run_openssl(dir: &Path, cmd: &str, show: bool) {
    let args: Vec<&str> = cmd.split_whitespace().collect();
    assert_eq!(args[0], "openssl");
    let o = tool("openssl", "openssl")
        .args(&args[1..])
        .current_dir(dir)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    if show {
        assert!(
            o.status.success() && err.contains("Verification successful"),
            "`{cmd}` in {} failed:\n{err}",
            dir.display()
        );
    } else {
        assert!(
            o.status.success() && err.contains("Verification successful"),
            "an openssl command printed by a report failed (details withheld: real data)"
        );
    }
}

/// Every entry of a ZIP archive: (name, bytes).
pub fn zip_files(path: &Path) -> Vec<(String, Vec<u8>)> {
    let mut a = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut out = Vec::new();
    for i in 0..a.len() {
        let mut e = a.by_index(i).unwrap();
        let name = e.name().unwrap().into_owned();
        let mut b = Vec::new();
        e.read_to_end(&mut b).unwrap();
        out.push((name, b));
    }
    out
}

/// Writes a copy of an archive with one byte of one entry changed (a well-formed archive).
pub fn rezip_with_flip(from: &Path, to: &Path, entry: &str) {
    let files = zip_files(from);
    let mut w = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    for (name, mut bytes) in files {
        if name == entry {
            let i = bytes.len() / 2;
            bytes[i] ^= 0x01;
        }
        w.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(&bytes).unwrap();
    }
    w.finish().unwrap();
}
