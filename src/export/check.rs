//! Checks a dossier (folder or ZIP) the way its recipient would: every file against the
//! MANIFEST, the MANIFEST against itself, nothing unlisted, every signed message verified at
//! its signing time against the checker's trust list (never the anchors the dossier brings),
//! and every derived file (daticert, signature, inner message, attachment) against the signed
//! message it was taken from. The verdict names each file that does not hold.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};

use super::manifest::{self, ManifestProblem, sha256_hex};
use crate::pec::{self, PecKind};
use crate::verify::{self, Status, TrustList, Verification};

/// Why a file does not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Its SHA-256 is not the one in the MANIFEST.
    Altered {
        /// From the MANIFEST.
        expected: String,
        /// Computed now.
        actual: String,
    },
    /// Listed in the MANIFEST, not in the dossier.
    Missing,
    /// In the dossier, not in the MANIFEST (of its folder, when given).
    NotListed {
        /// The MANIFEST that should list it.
        manifest: String,
    },
    /// Cannot be read.
    Unreadable(String),
    /// A name that could lead outside the dossier, a link, or not a dossier name.
    UnsafePath,
    /// The MANIFEST itself is damaged.
    Manifest(ManifestProblem),
    /// A PEC message whose provider signature does not hold.
    Signature {
        /// The outcome.
        status: Status,
        /// Why, in English (the CLI words come from the status).
        reason: Option<String>,
    },
    /// A derived file that is not what its message carries.
    NotFromSource {
        /// The message it should come from.
        source: String,
    },
    /// A derived file whose message is not in the dossier.
    NoSource {
        /// The message it should come from.
        source: String,
    },
    /// A certificate file without certificates.
    NotCertificate,
    /// The timestamp of the MANIFEST does not hold (or cannot be checked here).
    Timestamp(super::timestamp::TimestampError),
}

/// What was established about a file.
#[derive(Debug, Clone, PartialEq)]
pub enum Fact {
    /// Its SHA-256 matches the MANIFEST.
    HashMatches,
    /// The MANIFEST is intact and lists this many files.
    ManifestIntact {
        /// Entries.
        entries: usize,
    },
    /// The provider signature holds.
    SignatureValid(Box<Verification>),
    /// An ordinary message without provider signature (the message as sent).
    PlainMessage,
    /// Taken unchanged from this message.
    FromSource {
        /// The message.
        source: String,
    },
    /// A certificate file.
    Certificates {
        /// Subject of the first certificate.
        subject: String,
        /// Its SHA-256 fingerprint.
        sha256: String,
        /// True when it is an anchor of the checker's own trust list.
        trusted_here: bool,
    },
    /// The MANIFEST existed at this time: a time-stamping authority trusted here says so.
    Timestamped(Box<super::timestamp::TokenInfo>),
}

/// The verdict on one file.
#[derive(Debug, Clone, PartialEq)]
pub struct FileCheck {
    /// Path inside the dossier.
    pub path: String,
    /// What does not hold (empty: the file holds).
    pub failures: Vec<Failure>,
    /// What was established.
    pub facts: Vec<Fact>,
}

impl FileCheck {
    /// True when nothing failed.
    pub fn ok(&self) -> bool {
        self.failures.is_empty()
    }
}

/// The verdict on a dossier.
#[derive(Debug, Clone, PartialEq)]
pub struct DossierCheck {
    /// What was checked.
    pub path: PathBuf,
    /// Each file, MANIFEST first.
    pub files: Vec<FileCheck>,
}

impl DossierCheck {
    /// True when every file holds.
    pub fn ok(&self) -> bool {
        self.files.iter().all(FileCheck::ok)
    }

    /// The files that do not hold.
    pub fn failed(&self) -> Vec<&FileCheck> {
        self.files.iter().filter(|f| !f.ok()).collect()
    }
}

/// Why a dossier could not be checked at all.
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    /// The path cannot be read.
    #[error("cannot read {path}: {reason}")]
    Unreadable {
        /// The path.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// No MANIFEST at the top of the folder or archive.
    #[error("{0} is not a dossier: it has no MANIFEST at its top")]
    NoManifest(PathBuf),
}

/// Largest file read from a dossier (a stored message is far smaller).
const MAX_FILE: u64 = 1 << 30;

/// The files of a dossier, read into memory: relative path → bytes or why not.
struct Files {
    files: BTreeMap<String, Result<Vec<u8>, String>>,
    unsafe_paths: Vec<String>,
}

fn read_folder(root: &Path) -> Result<Files, CheckError> {
    let mut files = BTreeMap::new();
    let mut unsafe_paths = Vec::new();
    let mut stack = vec![(root.to_owned(), String::new())];
    while let Some((dir, rel)) = stack.pop() {
        let rd = std::fs::read_dir(&dir).map_err(|e| CheckError::Unreadable {
            path: dir.clone(),
            reason: e.to_string(),
        })?;
        for entry in rd {
            let entry = entry.map_err(|e| CheckError::Unreadable {
                path: dir.clone(),
                reason: e.to_string(),
            })?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = if rel.is_empty() {
                name.clone()
            } else {
                format!("{rel}/{name}")
            };
            let meta = match entry.path().symlink_metadata() {
                Ok(m) => m,
                Err(e) => {
                    files.insert(path, Err(e.to_string()));
                    continue;
                }
            };
            if meta.file_type().is_symlink() {
                unsafe_paths.push(path);
            } else if meta.is_dir() {
                stack.push((entry.path(), path));
            } else if meta.len() > MAX_FILE {
                files.insert(path, Err("file too large for a dossier".into()));
            } else {
                files.insert(path, std::fs::read(entry.path()).map_err(|e| e.to_string()));
            }
        }
    }
    Ok(Files {
        files,
        unsafe_paths,
    })
}

fn read_zip(path: &Path) -> Result<Files, CheckError> {
    let unreadable = |reason: String| CheckError::Unreadable {
        path: path.to_owned(),
        reason,
    };
    let file = std::fs::File::open(path).map_err(|e| unreadable(e.to_string()))?;
    let mut archive = zip::ZipArchive::new(file).map_err(|e| unreadable(e.to_string()))?;
    let mut files = BTreeMap::new();
    let mut unsafe_paths = Vec::new();
    for i in 0..archive.len() {
        let mut entry = match archive.by_index(i) {
            Ok(e) => e,
            Err(e) => return Err(unreadable(e.to_string())),
        };
        let (name, decodable) = match entry.name() {
            Ok(n) => (n.into_owned(), true),
            Err(_) => (
                String::from_utf8_lossy(entry.name_raw()).into_owned(),
                false,
            ),
        };
        if entry.is_dir() {
            continue;
        }
        if !decodable
            || name.starts_with('/')
            || name.contains('\\')
            || name
                .split('/')
                .any(|c| c.is_empty() || c == "." || c == "..")
        {
            unsafe_paths.push(name);
            continue;
        }
        if files.contains_key(&name) {
            unsafe_paths.push(name);
            continue;
        }
        let mut bytes = Vec::new();
        let read = (&mut entry)
            .take(MAX_FILE + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| e.to_string())
            .and_then(|n| {
                if n as u64 > MAX_FILE {
                    Err("file too large for a dossier".to_owned())
                } else {
                    Ok(bytes)
                }
            });
        files.insert(name, read);
    }
    // A dossier archive holds one top folder; its MANIFEST is the dossier's.
    if !files.contains_key(manifest::FILE_NAME) {
        let tops: BTreeSet<&str> = files
            .keys()
            .chain(unsafe_paths.iter())
            .map(|k| k.split('/').next().unwrap_or(""))
            .collect();
        if tops.len() == 1 {
            let top = format!("{}/", tops.iter().next().copied().unwrap_or(""));
            if files.contains_key(&format!("{top}{}", manifest::FILE_NAME)) {
                files = files
                    .into_iter()
                    .map(|(k, v)| (k[top.len()..].to_owned(), v))
                    .collect();
                unsafe_paths = unsafe_paths
                    .into_iter()
                    .map(|k| k.strip_prefix(&top).unwrap_or(&k).to_owned())
                    .collect();
            }
        }
    }
    Ok(Files {
        files,
        unsafe_paths,
    })
}

/// Checks the dossier at `path` (a folder, or a `.zip` file) against `trust`; a timestamp in
/// it can only fail here (no trust point for authorities: see [`verify_dossier_with`]).
pub fn verify_dossier(path: &Path, trust: &TrustList) -> Result<DossierCheck, CheckError> {
    verify_dossier_with(path, trust, &[])
}

/// [`verify_dossier`], checking a timestamp of the MANIFEST against `tsa_anchors`, the
/// checker's trust points for time-stamping authorities (never those the dossier brings).
pub fn verify_dossier_with(
    path: &Path,
    trust: &TrustList,
    tsa_anchors: &[openssl::x509::X509],
) -> Result<DossierCheck, CheckError> {
    let meta = std::fs::metadata(path).map_err(|e| CheckError::Unreadable {
        path: path.to_owned(),
        reason: e.to_string(),
    })?;
    let files = if meta.is_dir() {
        read_folder(path)?
    } else {
        read_zip(path)?
    };
    if !matches!(files.files.get(manifest::FILE_NAME), Some(Ok(_))) {
        return Err(CheckError::NoManifest(path.to_owned()));
    }
    let mut checks = check_files(&files, trust);
    if let Some(token) = files.files.get(super::timestamp::TOKEN_FILE) {
        checks.push(check_timestamp(token, &files, tsa_anchors));
    }
    Ok(DossierCheck {
        path: path.to_owned(),
        files: checks,
    })
}

/// The verdict on the timestamp of the top MANIFEST.
fn check_timestamp(
    token: &Result<Vec<u8>, String>,
    files: &Files,
    anchors: &[openssl::x509::X509],
) -> FileCheck {
    let mut check = FileCheck {
        path: super::timestamp::TOKEN_FILE.to_owned(),
        failures: Vec::new(),
        facts: Vec::new(),
    };
    let token = match token {
        Ok(t) => t,
        Err(e) => {
            check.failures.push(Failure::Unreadable(e.clone()));
            return check;
        }
    };
    let Some(Ok(manifest)) = files.files.get(manifest::FILE_NAME) else {
        return check;
    };
    let digest = super::timestamp::digest(manifest);
    match super::timestamp::check_token(token, &digest, anchors) {
        Ok(info) => check.facts.push(Fact::Timestamped(Box::new(info))),
        Err(e) => check.failures.push(Failure::Timestamp(e)),
    }
    check
}

/// The folder part of a path ("" at the root).
fn folder_of(path: &str) -> &str {
    path.rfind('/').map(|i| &path[..i]).unwrap_or("")
}

fn check_files(files: &Files, trust: &TrustList) -> Vec<FileCheck> {
    let mut out: BTreeMap<String, FileCheck> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut entry = |out: &mut BTreeMap<String, FileCheck>, path: &str| {
        if !out.contains_key(path) {
            order.push(path.to_owned());
        }
        out.entry(path.to_owned()).or_insert_with(|| FileCheck {
            path: path.to_owned(),
            failures: Vec::new(),
            facts: Vec::new(),
        });
    };

    // Every MANIFEST: the root one first, then those of sub-dossiers.
    let mut manifests: Vec<String> = vec![manifest::FILE_NAME.to_owned()];
    manifests.extend(
        files
            .files
            .keys()
            .filter(|k| {
                // Sub-dossiers sit one level down, never in these folders.
                k.split_once('/').is_some_and(|(folder, rest)| {
                    rest == manifest::FILE_NAME
                        && folder != "attachments"
                        && folder != "certificates"
                })
            })
            .cloned(),
    );
    let mut listed_in: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for mpath in &manifests {
        entry(&mut out, mpath);
        let folder = folder_of(mpath);
        let prefix = if folder.is_empty() {
            String::new()
        } else {
            format!("{folder}/")
        };
        let bytes = match files.files.get(mpath) {
            Some(Ok(b)) => b,
            Some(Err(e)) => {
                if let Some(c) = out.get_mut(mpath) {
                    c.failures.push(Failure::Unreadable(e.clone()));
                }
                continue;
            }
            None => continue,
        };
        let (m, problems) = manifest::parse(bytes);
        let mut listed = BTreeSet::new();
        for (rel, expected) in &m.entries {
            let path = format!("{prefix}{rel}");
            listed.insert(path.clone());
            entry(&mut out, &path);
            let check = out.get_mut(&path).expect("just added");
            match files.files.get(&path) {
                None => {
                    if !check.failures.contains(&Failure::Missing) {
                        check.failures.push(Failure::Missing);
                    }
                }
                Some(Err(e)) => check.failures.push(Failure::Unreadable(e.clone())),
                Some(Ok(b)) => {
                    let actual = sha256_hex(b);
                    if &actual == expected {
                        if !check.facts.contains(&Fact::HashMatches) {
                            check.facts.push(Fact::HashMatches);
                        }
                    } else {
                        check.failures.push(Failure::Altered {
                            expected: expected.clone(),
                            actual,
                        });
                    }
                }
            }
        }
        let mc = out.get_mut(mpath).expect("added");
        if problems.is_empty() {
            mc.facts.push(Fact::ManifestIntact {
                entries: m.entries.len(),
            });
        }
        mc.failures
            .extend(problems.into_iter().map(Failure::Manifest));
        listed_in.insert(mpath.clone(), listed);
    }

    // Nothing may be in a dossier without being listed: at the root, every file; in a
    // sub-dossier, every file of its folder in its own MANIFEST too.
    let root_listed = listed_in
        .get(manifest::FILE_NAME)
        .cloned()
        .unwrap_or_default();
    for path in files.files.keys() {
        // The timestamp of the MANIFEST cannot be listed in it: it is checked on its own.
        if path == manifest::FILE_NAME || path == super::timestamp::TOKEN_FILE {
            continue;
        }
        if !root_listed.contains(path) {
            entry(&mut out, path);
            if let Some(c) = out.get_mut(path) {
                c.failures.push(Failure::NotListed {
                    manifest: manifest::FILE_NAME.to_owned(),
                });
            }
        }
        for mpath in manifests.iter().skip(1) {
            let folder = folder_of(mpath);
            if path != mpath
                && path.starts_with(&format!("{folder}/"))
                && !listed_in.get(mpath).is_some_and(|l| l.contains(path))
            {
                entry(&mut out, path);
                if let Some(c) = out.get_mut(path) {
                    c.failures.push(Failure::NotListed {
                        manifest: mpath.clone(),
                    });
                }
            }
        }
        if !manifest::is_safe_path(path) {
            entry(&mut out, path);
            if let Some(c) = out.get_mut(path) {
                c.failures.push(Failure::UnsafePath);
            }
        }
    }
    for path in &files.unsafe_paths {
        entry(&mut out, path);
        if let Some(c) = out.get_mut(path) {
            c.failures.push(Failure::UnsafePath);
        }
    }

    // What each file is.
    let sources: BTreeMap<&str, SourceInfo> = files
        .files
        .iter()
        .filter(|(k, _)| is_message(k))
        .filter_map(|(k, v)| v.as_ref().ok().map(|b| (k.as_str(), SourceInfo::read(b))))
        .collect();
    for path in order.clone() {
        let Some(Ok(bytes)) = files.files.get(&path) else {
            continue;
        };
        let check = out.get_mut(&path).expect("listed");
        semantic(&path, bytes, &sources, trust, check);
    }
    order.into_iter().filter_map(|p| out.remove(&p)).collect()
}

/// A stored message as a derived file needs it.
struct SourceInfo {
    classification: pec::Classification,
    signature: Option<Vec<u8>>,
    entity: Option<Vec<u8>>,
    inner_attachments: Vec<String>,
    attachments: Vec<String>,
}

impl SourceInfo {
    fn read(bytes: &[u8]) -> SourceInfo {
        let reading = pec::read(bytes);
        let classification = reading.classification.clone();
        let signature = verify::signed_part::from_located(&reading.signature)
            .ok()
            .map(|e| match e {
                verify::signed_part::SignedEntity::Detached { signature, .. } => signature,
                verify::signed_part::SignedEntity::Opaque { der } => der,
            });
        let inner_attachments = classification
            .original
            .as_ref()
            .map(|o| {
                super::gather::attachments(&o.bytes)
                    .iter()
                    .map(|(_, _, b)| sha256_hex(b))
                    .collect()
            })
            .unwrap_or_default();
        let attachments = super::gather::attachments(reading.source(bytes))
            .iter()
            .map(|(_, _, b)| sha256_hex(b))
            .collect();
        SourceInfo {
            entity: super::certs::nested_signed_entity(bytes),
            classification,
            signature,
            inner_attachments,
            attachments,
        }
    }
}

const DERIVED: [&str; 6] = [
    ".daticert.xml",
    ".evidence.xml",
    ".smime.p7s",
    ".smime.p7m",
    ".postacert.eml",
    ".signed.eml",
];

fn is_message(path: &str) -> bool {
    path.ends_with(".eml")
        && !path.ends_with(".postacert.eml")
        && !path.ends_with(".signed.eml")
        && !path.contains("attachments/")
}

fn semantic(
    path: &str,
    bytes: &[u8],
    sources: &BTreeMap<&str, SourceInfo>,
    trust: &TrustList,
    check: &mut FileCheck,
) {
    let name = path.rsplit('/').next().unwrap_or(path);
    let folder = folder_of(path);
    let in_folder = |sub: &str| -> bool {
        if folder == sub {
            return true;
        }
        folder.ends_with(&format!("/{sub}"))
    };
    if name == manifest::FILE_NAME
        || (!in_folder("attachments") && (name.ends_with(".pdf") || name.ends_with(".csv")))
    {
        return;
    }
    if let Some(suffix) = DERIVED.iter().find(|s| name.ends_with(**s)) {
        let source = format!("{}.eml", &path[..path.len() - suffix.len()]);
        let Some(info) = sources.get(source.as_str()) else {
            check.failures.push(Failure::NoSource { source });
            return;
        };
        let expected: Option<&[u8]> = match *suffix {
            ".daticert.xml" => info.classification.daticert_bytes.as_deref(),
            ".evidence.xml" => info
                .classification
                .rem
                .as_ref()
                .and_then(|r| r.evidence_bytes.as_deref()),
            ".postacert.eml" => info
                .classification
                .original
                .as_ref()
                .map(|o| o.bytes.as_slice()),
            ".signed.eml" => info.entity.as_deref(),
            _ => info.signature.as_deref(),
        };
        if expected == Some(bytes) {
            check.facts.push(Fact::FromSource { source });
        } else {
            check.failures.push(Failure::NotFromSource { source });
        }
        return;
    }
    if is_message(path) {
        let (v, c) = verify::open(bytes, trust).into_parts();
        let signed = verify::signed_part::locate(bytes).is_ok();
        if v.status == Status::Valid {
            check.facts.push(Fact::SignatureValid(Box::new(v)));
        } else if c.kind.is_pec() || signed || c.kind == PecKind::Illeggibile {
            check.failures.push(Failure::Signature {
                status: v.status,
                reason: v.reason,
            });
        } else {
            check.facts.push(Fact::PlainMessage);
        }
        return;
    }
    if in_folder("certificates") {
        let certs = verify::trust::parse_certificates(bytes);
        match certs.first() {
            None => check.failures.push(Failure::NotCertificate),
            Some(first) => {
                let fp = verify::certinfo::fingerprint(first);
                check.facts.push(Fact::Certificates {
                    subject: verify::certinfo::name_line(first.subject_name()),
                    trusted_here: trust
                        .anchors()
                        .iter()
                        .any(|a| a.enabled && a.fingerprint == fp),
                    sha256: fp,
                });
            }
        }
        return;
    }
    if in_folder("attachments") {
        let sha = sha256_hex(bytes);
        let dossier = folder.strip_suffix("attachments").unwrap_or("");
        let found = sources.iter().find(|(p, info)| {
            p.starts_with(dossier)
                && folder_of(p) == dossier.trim_end_matches('/')
                && (info.attachments.contains(&sha) || info.inner_attachments.contains(&sha))
        });
        match found {
            Some((p, _)) => check.facts.push(Fact::FromSource {
                source: (*p).to_owned(),
            }),
            None => check.failures.push(Failure::NotFromSource {
                source: format!("{dossier}*.eml"),
            }),
        }
    }
}
