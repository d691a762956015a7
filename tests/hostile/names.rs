//! Attachment names that try to escape: `../`, absolute paths (Unix, Windows drive, UNC),
//! Windows device names, control characters, direction overrides and invisible marks, empty
//! and dot-only names. A message carrying them is stored, and each attachment is saved the way
//! the desktop app saves it (`pec::body::attachment`, then `p7m::extract::save_in` into the
//! chosen folder — the downloads folder in the app): every file lands directly inside the
//! chosen folder under a harmless name, nothing is written anywhere else, and saving again
//! never overwrites. (The dossier export has its own names: tests/export/names.rs.)

use crate::support;

use std::path::{Path, PathBuf};

use sigillo::store::{Source, Store};
use support::reliability::Figures;

const HOSTILE: &[&str] = &[
    "../../etc/passwd",
    "../../../../../../tmp/fuori.txt",
    "..\\..\\Windows\\System32\\cmd.exe",
    "/etc/cron.d/assoluto",
    "C:\\Windows\\win.ini",
    "\\\\server\\share\\unc.txt",
    "dir/../../x.pdf",
    "CON",
    "con.txt",
    "PRN.pdf",
    "aux",
    "NUL.tar.gz",
    "COM1",
    "lpt9.doc",
    "punto finale.",
    "spazio finale ",
    "..",
    ".",
    "...",
    "",
    "ctrl\u{1}\u{1f}\u{7f}.txt",
    "a capo\r\n.txt",
    "fattura\u{202e}fdp.exe",
    "isolato\u{2066}x\u{2069}.pdf",
    "marca\u{200f}\u{200b}.pdf",
    "perché è così: l'atto n° 5?*<>|\".pdf",
    "合同附件.pdf",
];

fn pct(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn hostile_message() -> Vec<u8> {
    let mut s = "From: studio@esempio.it\r\nTo: cliente@esempio.it\r\nSubject: Allegati ostili\r\n\
MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n\
Content-Type: text/plain; charset=utf-8\r\n\r\ntesto\r\n"
        .to_owned();
    for (i, name) in HOSTILE.iter().enumerate() {
        s.push_str(&format!(
            "--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename*=utf-8''{}\r\n\r\nallegato {i}\r\n",
            pct(name)
        ));
    }
    s.push_str("--b--\r\n");
    s.into_bytes()
}

fn walk(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if e.file_type().unwrap().is_dir() {
                stack.push(p.clone());
            }
            out.push(p);
        }
    }
    out.sort();
    out
}

fn harmless(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or("").to_ascii_uppercase();
    let device = matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit());
    !name.is_empty()
        && name != "."
        && name != ".."
        && !name.starts_with('.')
        && !name.ends_with(['.', ' '])
        && !device
        && !name.chars().any(|c| {
            c.is_control()
                || matches!(c, '/' | '\\' | ':' | '<' | '>' | '"' | '|' | '?' | '*')
                || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
}

#[test]
fn saved_attachments_never_leave_the_chosen_folder() {
    let sandbox = tempfile::tempdir().unwrap();
    let profile = sandbox.path().join("profilo");
    let chosen = sandbox.path().join("Scaricati");
    let raw = hostile_message();
    let mut store = Store::open(&profile).unwrap();
    let id = store
        .ingest(
            &raw,
            &Source::Import {
                path: "ostile.eml".into(),
                offset: None,
                account: None,
                folder: None,
            },
        )
        .unwrap()
        .id;
    let stored = store.raw(id).unwrap();
    assert_eq!(stored, raw);
    let listed = store.message(id).unwrap().attachments.len();
    assert_eq!(listed, HOSTILE.len(), "every attachment is listed");

    let before_outside: Vec<PathBuf> = walk(sandbox.path())
        .into_iter()
        .filter(|p| !p.starts_with(&chosen))
        .collect();
    let mut saved = Vec::new();
    for round in 0..2 {
        for i in 0..HOSTILE.len() {
            // What the window does (message_view::save_attachment).
            let (name, bytes) = sigillo::pec::body::attachment(&stored, i).unwrap();
            let name = name.unwrap_or_else(|| format!("allegato-{}", i + 1));
            let path = sigillo::p7m::extract::save_in(&chosen, &name, &bytes)
                .unwrap_or_else(|e| panic!("{name:?}: {e}"));
            assert_eq!(
                path.parent(),
                Some(chosen.as_path()),
                "{name:?} went to {}",
                path.display()
            );
            let file = path.file_name().unwrap().to_str().unwrap().to_owned();
            assert!(harmless(&file), "{name:?} became {file:?}");
            assert_eq!(std::fs::read(&path).unwrap(), bytes, "round {round}");
            saved.push(path);
        }
    }
    // Every save made its own file (the second round did not overwrite the first).
    let mut distinct = saved.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 2 * HOSTILE.len());
    let inside = walk(&chosen);
    assert_eq!(inside.len(), 2 * HOSTILE.len(), "{inside:#?}");
    assert!(inside.iter().all(|p| p.parent() == Some(chosen.as_path())));
    // Nothing appeared anywhere else in the sandbox (nor in /tmp, /etc: the names above).
    let after_outside: Vec<PathBuf> = walk(sandbox.path())
        .into_iter()
        .filter(|p| !p.starts_with(&chosen) && p != &chosen)
        .collect();
    assert_eq!(after_outside, before_outside);
    assert!(!Path::new("/tmp/fuori.txt").exists());

    Figures::new(
        "hostile",
        "attachment names with ../, absolute Unix/Windows/UNC paths, Windows device names, control characters, direction overrides and invisible marks, empty and dot-only names, saved as the desktop app saves them",
    )
    .inputs(HOSTILE.len())
    .outcome(format!(
        "{} saves (each name twice): every file directly inside the chosen folder under a harmless name, none overwritten, nothing written anywhere else",
        2 * HOSTILE.len()
    ))
    .record();
}
