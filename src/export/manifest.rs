//! The `MANIFEST` of a dossier: the SHA-256 of every other file, in exactly the format of GNU
//! `sha256sum` (and `shasum -a 256`), so anyone can check a dossier with
//! `sha256sum -c MANIFEST` in its folder.
//!
//! ```text
//! # Sigillo dossier MANIFEST, format 1
//! # Each line not starting with "#" is "<SHA-256> *<file>" (sha256sum binary-mode format).
//! # Check it in this folder: sha256sum -c MANIFEST (macOS: shasum -a 256 -c MANIFEST)
//! # tool: Sigillo 0.1.0
//! # exported: 2025-02-05T10:20:00Z
//! 3f1a…e9 *01_messaggio-inviato_20250205T091520Z.eml
//! …
//! # manifest-sha256: <SHA-256 of every byte of this file before this line>
//! ```
//!
//! Lines end with LF. The `*` marks binary mode: the bytes are hashed as they are on every
//! system (Perl's `shasum` in text mode would translate line ends on Windows). `sha256sum -c`
//! and `shasum -c` skip lines starting with `#`; the last line binds the
//! header and every entry, so a change anywhere in the MANIFEST itself is found too. Paths are
//! relative, separated by `/`, and use only the characters of [`super::filename`].

use sha2::{Digest, Sha256};

/// The first line of every MANIFEST.
pub const MAGIC: &str = "# Sigillo dossier MANIFEST, format 1";
/// The file name.
pub const FILE_NAME: &str = "MANIFEST";
const SELF_HASH: &str = "# manifest-sha256: ";

/// Lowercase hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Writes a MANIFEST for `entries` (path, SHA-256), in the given order.
pub fn write(tool: &str, exported: &str, entries: &[(String, String)]) -> Vec<u8> {
    let mut s = String::new();
    s.push_str(MAGIC);
    s.push('\n');
    s.push_str(
        "# Each line not starting with \"#\" is \"<SHA-256> *<file>\" (sha256sum, binary mode).\n",
    );
    s.push_str(
        "# Check it in this folder: sha256sum -c MANIFEST (macOS: shasum -a 256 -c MANIFEST)\n",
    );
    s.push_str(&format!("# tool: {}\n", one_line(tool)));
    s.push_str(&format!("# exported: {}\n", one_line(exported)));
    for (path, hash) in entries {
        s.push_str(&format!("{hash} *{path}\n"));
    }
    let digest = sha256_hex(s.as_bytes());
    s.push_str(SELF_HASH);
    s.push_str(&digest);
    s.push('\n');
    s.into_bytes()
}

fn one_line(s: &str) -> String {
    s.chars().filter(|c| !c.is_control()).collect()
}

/// A MANIFEST as read back.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Manifest {
    /// `# tool:` value.
    pub tool: Option<String>,
    /// `# exported:` value.
    pub exported: Option<String>,
    /// (path, expected SHA-256), in file order.
    pub entries: Vec<(String, String)>,
}

/// Why a MANIFEST is not sound.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ManifestProblem {
    /// Not a Sigillo MANIFEST (first line).
    #[error("it is not a Sigillo dossier MANIFEST (the first line is wrong)")]
    NotAManifest,
    /// Not UTF-8 text.
    #[error("it is not text")]
    NotText,
    /// A line is neither a comment nor `<hash>  <path>`.
    #[error("line {line} is neither a comment nor a file entry")]
    BadLine {
        /// 1-based line number.
        line: usize,
    },
    /// A path that could lead outside the dossier or is not a dossier name.
    #[error("line {line} names an unsafe path: {path}")]
    UnsafePath {
        /// 1-based line number.
        line: usize,
        /// The path as written.
        path: String,
    },
    /// The same file twice.
    #[error("line {line} lists {path} a second time")]
    Duplicate {
        /// 1-based line number.
        line: usize,
        /// The path.
        path: String,
    },
    /// The closing self-hash line is missing or not last.
    #[error("the closing manifest-sha256 line is missing")]
    NoSelfHash,
    /// The MANIFEST was changed after it was written.
    #[error("the MANIFEST was changed after export (its own SHA-256 does not match)")]
    SelfHashMismatch,
}

/// Reads a MANIFEST. Entries that could be read are returned even when problems were found,
/// so the files can still be checked and named.
pub fn parse(bytes: &[u8]) -> (Manifest, Vec<ManifestProblem>) {
    let mut m = Manifest::default();
    let mut problems = Vec::new();
    let Ok(text) = std::str::from_utf8(bytes) else {
        return (m, vec![ManifestProblem::NotText]);
    };
    if !text.starts_with(&format!("{MAGIC}\n")) {
        problems.push(ManifestProblem::NotAManifest);
    }
    let mut seen = std::collections::HashSet::new();
    let mut offset = 0usize;
    let mut self_hash_ok = None;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let n = i + 1;
        let start = offset;
        offset += line.len();
        if self_hash_ok.is_some() {
            // Anything after the closing line.
            problems.push(ManifestProblem::BadLine { line: n });
            continue;
        }
        let Some(body) = line.strip_suffix('\n') else {
            problems.push(ManifestProblem::BadLine { line: n });
            continue;
        };
        if let Some(hash) = body.strip_prefix(SELF_HASH) {
            self_hash_ok = Some(hash == sha256_hex(&bytes[..start]));
            continue;
        }
        if let Some(comment) = body.strip_prefix("# ") {
            if let Some(v) = comment.strip_prefix("tool: ") {
                m.tool = Some(v.to_owned());
            } else if let Some(v) = comment.strip_prefix("exported: ") {
                m.exported = Some(v.to_owned());
            }
            continue;
        }
        if body.starts_with('#') {
            continue;
        }
        let Some((hash, path)) = split_entry(body) else {
            problems.push(ManifestProblem::BadLine { line: n });
            continue;
        };
        if !is_safe_path(path) {
            problems.push(ManifestProblem::UnsafePath {
                line: n,
                path: path.to_owned(),
            });
            continue;
        }
        if !seen.insert(path.to_ascii_lowercase()) {
            problems.push(ManifestProblem::Duplicate {
                line: n,
                path: path.to_owned(),
            });
            continue;
        }
        m.entries.push((path.to_owned(), hash.to_owned()));
    }
    match self_hash_ok {
        None => problems.push(ManifestProblem::NoSelfHash),
        Some(false) => problems.push(ManifestProblem::SelfHashMismatch),
        Some(true) => {}
    }
    (m, problems)
}

/// `<64 hex>  <path>` (text mode) or `<64 hex> *<path>` (binary mode).
fn split_entry(line: &str) -> Option<(&str, &str)> {
    let hash = line.get(..64)?;
    if !hash
        .bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        return None;
    }
    let rest = &line[64..];
    let path = rest
        .strip_prefix("  ")
        .or_else(|| rest.strip_prefix(" *"))?;
    (!path.is_empty()).then_some((hash, path))
}

/// A relative `/`-separated path whose every component is a safe dossier name.
pub fn is_safe_path(path: &str) -> bool {
    !path.is_empty()
        && path.len() <= 1024
        && path.split('/').all(super::filename::is_safe_component)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<u8> {
        write(
            "Sigillo 0.1.0",
            "2025-02-05T10:20:00Z",
            &[
                ("a.eml".into(), sha256_hex(b"a")),
                ("certificates/b.pem".into(), sha256_hex(b"b")),
            ],
        )
    }

    #[test]
    fn round_trip() {
        let (m, problems) = parse(&sample());
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(m.tool.as_deref(), Some("Sigillo 0.1.0"));
        assert_eq!(m.exported.as_deref(), Some("2025-02-05T10:20:00Z"));
        assert_eq!(m.entries.len(), 2);
        assert_eq!(m.entries[1].0, "certificates/b.pem");
        assert_eq!(m.entries[1].1, sha256_hex(b"b"));
    }

    #[test]
    fn every_single_byte_change_is_found() {
        let good = sample();
        for i in 0..good.len() {
            let mut bad = good.clone();
            bad[i] ^= 0x01;
            let (_, problems) = parse(&bad);
            assert!(!problems.is_empty(), "byte {i} changed unnoticed");
        }
    }

    #[test]
    fn unsafe_and_duplicate_paths_are_refused() {
        let h = sha256_hex(b"x");
        for p in [
            "../x",
            "/etc/passwd",
            "a\\b",
            "a//b",
            "CON",
            "a/./b",
            ".hidden",
        ] {
            let text = format!("{MAGIC}\n{h}  {p}\n");
            let digest = sha256_hex(text.as_bytes());
            let bytes = format!("{text}{SELF_HASH}{digest}\n");
            let (m, problems) = parse(bytes.as_bytes());
            assert!(m.entries.is_empty(), "{p}");
            assert!(
                matches!(problems[0], ManifestProblem::UnsafePath { .. }),
                "{p}: {problems:?}"
            );
        }
        let text = format!("{MAGIC}\n{h}  a.eml\n{h} *A.eml\n");
        let digest = sha256_hex(text.as_bytes());
        let (_, problems) = parse(format!("{text}{SELF_HASH}{digest}\n").as_bytes());
        assert!(matches!(
            problems[0],
            ManifestProblem::Duplicate { line: 3, .. }
        ));
    }
}
