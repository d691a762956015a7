//! A message with a 200 MB attachment (about 270 MB as sent, base64), imported by a real
//! `sigillo import` process whose peak memory is measured (the kernel's high-water mark of the
//! child, `getrusage(RUSAGE_CHILDREN)`): the bytes are stored byte-exact, the analysis is
//! skipped above the documented limit (`sigillo::pec::MAX_CLASSIFIED_BYTES`, 64 MiB) with the
//! warning `too-large-to-analyse`, memory stays within a bound proportional to the message,
//! and the store stays usable. A file larger than `sigillo::store::MAX_MESSAGE_BYTES` is
//! refused by name without being read. Its own test binary: the rusage of children is per
//! process, so no other test's children may run beside it.

#![cfg(unix)]

use sigillo_test_support as support;

use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use base64::Engine as _;
use serde_json::Value;
use sha2::{Digest, Sha256};
use support::reliability::Figures;

const ATTACHMENT: usize = 200 * 1024 * 1024;

fn sigillo(profile: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sigillo"));
    c.arg("--profile")
        .arg(profile)
        .env("LANG", "C.UTF-8")
        .stdin(Stdio::null());
    c
}

/// Writes the message to `path` without holding it in memory; returns its SHA-256 and size.
fn write_big_message(path: &Path) -> (String, u64) {
    struct Tee<W: Write> {
        inner: W,
        hash: Sha256,
        size: u64,
    }
    impl<W: Write> Write for Tee<W> {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            let n = self.inner.write(b)?;
            self.hash.update(&b[..n]);
            self.size += n as u64;
            Ok(n)
        }
        fn flush(&mut self) -> std::io::Result<()> {
            self.inner.flush()
        }
    }
    let mut w = Tee {
        inner: BufWriter::with_capacity(1 << 20, std::fs::File::create(path).unwrap()),
        hash: Sha256::new(),
        size: 0,
    };
    w.write_all(
        b"From: studio@esempio.it\r\nTo: archivio@esempio.it\r\nSubject: Allegato enorme\r\n\
Message-ID: <enorme@esempio.it>\r\nMIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=\"grande\"\r\n\r\n--grande\r\n\
Content-Type: text/plain; charset=utf-8\r\n\r\nIn allegato la scansione.\r\n--grande\r\n\
Content-Type: application/octet-stream; name=\"scansione.bin\"\r\n\
Content-Disposition: attachment; filename=\"scansione.bin\"\r\n\
Content-Transfer-Encoding: base64\r\n\r\n",
    )
    .unwrap();
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut raw = vec![0u8; 57 * 1024];
    let mut left = ATTACHMENT;
    while left > 0 {
        let n = raw.len().min(left);
        for b in raw[..n].iter_mut() {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            *b = x as u8;
        }
        for line in raw[..n].chunks(57) {
            w.write_all(
                base64::engine::general_purpose::STANDARD
                    .encode(line)
                    .as_bytes(),
            )
            .unwrap();
            w.write_all(b"\r\n").unwrap();
        }
        left -= n;
    }
    w.write_all(b"--grande--\r\n").unwrap();
    w.flush().unwrap();
    (hex::encode(w.hash.finalize()), w.size)
}

/// Peak resident memory of the largest child waited for so far, bytes.
fn children_peak_rss() -> u64 {
    // SAFETY: getrusage only writes into the struct we pass.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut u) };
    assert_eq!(r, 0);
    u.ru_maxrss as u64 * 1024
}

#[test]
fn a_200_mb_attachment_is_stored_with_bounded_memory() {
    let work = tempfile::tempdir().unwrap();
    let profile = work.path().join("profile");
    let file = work.path().join("enorme.eml");
    let (sha, size) = write_big_message(&file);
    assert!(size > ATTACHMENT as u64 * 4 / 3, "base64 makes it larger");

    let before = children_peak_rss();
    let out = sigillo(&profile).arg("import").arg(&file).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let peak = children_peak_rss();
    assert!(peak > before, "the import is the largest child so far");
    eprintln!(
        "import of a {} MB message: peak RSS {} MB",
        size >> 20,
        peak >> 20
    );
    // The message is held once in memory (it is written into the database in pieces), plus
    // SQLite's page cache and the program itself; never the copies the parser would make.
    let bound = size + 200 * 1024 * 1024;
    assert!(
        peak < bound,
        "peak RSS {} MB above the bound of {} MB",
        peak >> 20,
        bound >> 20
    );

    let list: Value = serde_json::from_slice(
        &sigillo(&profile)
            .args(["list", "--json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let row = &list[0];
    assert_eq!(row["size"].as_u64(), Some(size));
    assert_eq!(row["kind"], "illeggibile", "{row:#}");
    let id = row["id"].as_i64().unwrap().to_string();
    let detail = sigillo(&profile)
        .args(["show", &id, "--json"])
        .output()
        .unwrap();
    let detail: Value = serde_json::from_slice(&detail.stdout).unwrap();
    assert_eq!(detail["sha256"], sha.as_str());
    assert!(
        detail.to_string().contains("too-large-to-analyse"),
        "the reason is given: {detail:#}"
    );
    let raw = sigillo(&profile)
        .args(["show", "--raw", &id])
        .output()
        .unwrap();
    assert_eq!(hex::encode(Sha256::digest(&raw.stdout)), sha, "byte-exact");
    drop(raw);

    // Idempotent, and the store stays usable.
    let again = sigillo(&profile).arg("import").arg(&file).output().unwrap();
    assert!(again.status.success());
    let small = work.path().join("piccolo.eml");
    std::fs::write(
        &small,
        b"From: a@esempio.it\r\nSubject: Piccolo\r\n\r\nciao\r\n",
    )
    .unwrap();
    assert!(
        sigillo(&profile)
            .arg("import")
            .arg(&small)
            .status()
            .unwrap()
            .success()
    );
    let store = sigillo::store::Store::open(&profile).unwrap();
    assert_eq!(store.stats().unwrap().messages, 2);
    assert!(store.integrity_check().unwrap().is_empty());
    drop(store);

    // Beyond the largest message there is: refused by name, not read (a sparse file).
    let huge = work.path().join("troppo.eml");
    let f = std::fs::File::create(&huge).unwrap();
    f.set_len(sigillo::store::MAX_MESSAGE_BYTES as u64 + 1)
        .unwrap();
    drop(f);
    let out = sigillo(&profile).arg("import").arg(&huge).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "a path could not be imported");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("troppo.eml") && err.contains("larger than"),
        "{err}"
    );

    Figures::new(
        "hostile",
        "a 200 MB attachment (message of about 270 MB) through `sigillo import`, show --raw, a second import; a file over the 400 MiB limit",
    )
    .inputs(2)
    .messages(1)
    .with("peak_rss_mb", serde_json::json!(peak >> 20))
    .with("message_mb", serde_json::json!(size >> 20))
    .outcome(format!(
        "stored byte-exact, analysis skipped above 64 MiB (illeggibile, too-large-to-analyse); peak RSS of the import {} MB for a {} MB message (bound asserted: message + 200 MB); the over-limit file refused by name without being read",
        peak >> 20,
        size >> 20
    ))
    .record();
}
