//! The user's qualified-signature trust list: the certificate authorities that issue the
//! certificates of qualified electronic signatures, per profile in `<profile>/trust/qualified/`.
//!
//! It is filled by importing a PEM bundle (each certificate trusted as it is) or an ETSI
//! TS 119 612 trusted list (only CA/QC services for signatures or seals; each with its status
//! history, so a signature is judged by the status its issuer had when it was made). Files:
//! `<sha256>.pem` per certificate and, beside it, `<sha256>.json` saying where it came from.
//! Nothing is built in: without an import, signers are not checked, and the outcome says so.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use openssl::x509::{X509, X509Ref};
use serde::{Deserialize, Serialize};

use crate::verify::certinfo::{cert_info, fingerprint};
use crate::verify::trust::parse_certificates;
use crate::verify::trusted_list::{self as etsi, EtsiError, StatusPeriod};
use crate::verify::{AnchorSource, CertInfo, TrustList};

/// Where the list of a trusted list says an issuer is listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listing {
    /// The list's territory (e.g. `IT`).
    pub territory: Option<String>,
    /// Trust service provider.
    pub provider: String,
    /// Service name.
    pub service: String,
    /// Status history, oldest first.
    pub history: Vec<StatusPeriod>,
}

/// What is recorded beside each certificate.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Sidecar {
    /// Imported from a PEM bundle: trusted as it is.
    pem: bool,
    /// Listings from the last imported trusted list.
    listings: Vec<Listing>,
}

/// One trusted issuer.
#[derive(Clone)]
pub struct QualifiedIssuer {
    /// The certificate.
    pub cert: X509,
    /// Its SHA-256 fingerprint.
    pub fingerprint: String,
    /// Imported from a PEM bundle (trusted without a status history).
    pub from_pem: bool,
    /// Where trusted lists list it.
    pub listings: Vec<Listing>,
}

impl QualifiedIssuer {
    /// Whether the issuer was qualified at `t`: `Ok(provider name)` or `Err(why not)`.
    pub fn qualified_at(&self, t: DateTime<Utc>) -> Result<Option<String>, String> {
        if self.from_pem {
            return Ok(self.listings.first().map(|l| l.provider.clone()));
        }
        let mut last_status = None;
        for l in &self.listings {
            match etsi::status_at(&l.history, t) {
                Some(p) if etsi::is_qualified_status(&p.status) => {
                    return Ok(Some(l.provider.clone()));
                }
                Some(p) => last_status = Some(etsi::status_word(&p.status).to_owned()),
                None => {}
            }
        }
        Err(match last_status {
            Some(s) => {
                format!("the trusted list gives the issuer the status \"{s}\" at signing time")
            }
            None => "the trusted list did not yet list the issuer at signing time".to_owned(),
        })
    }

    /// Reader-facing facts of the certificate.
    pub fn info(&self) -> CertInfo {
        cert_info(&self.cert)
    }
}

/// The qualified-signature trust list of a profile.
#[derive(Clone, Default)]
pub struct QualifiedTrust {
    issuers: Vec<QualifiedIssuer>,
}

/// Problems with the qualified trust list.
#[derive(Debug, thiserror::Error)]
pub enum QualifiedTrustError {
    /// A file could not be read or written.
    #[error("cannot use {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// Neither certificates nor a trusted list.
    #[error("{path} holds neither certificates (PEM or DER) nor an ETSI trusted list (XML)")]
    NotCertificate {
        /// The file.
        path: PathBuf,
    },
    /// An XML file that is not a readable trusted list.
    #[error("{path}: {source}")]
    TrustedList {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        source: EtsiError,
    },
    /// A trusted list without any service issuing qualified signature certificates.
    #[error("{path} lists no certificate authority issuing qualified signature certificates")]
    NoQualifiedService {
        /// The file.
        path: PathBuf,
    },
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> QualifiedTrustError + '_ {
    move |source| QualifiedTrustError::Io {
        path: path.to_owned(),
        source,
    }
}

/// `<profile>/trust/qualified`.
pub fn qualified_dir(profile_dir: &Path) -> PathBuf {
    crate::verify::trust::trust_dir(profile_dir).join("qualified")
}

impl QualifiedTrust {
    /// A list trusting exactly these certificates (as a PEM import would).
    pub fn from_certificates(certs: Vec<X509>) -> QualifiedTrust {
        let mut t = QualifiedTrust::default();
        t.add_certificates(certs);
        t
    }

    /// Trusts these certificates as given (for one run: `--trust FILE`).
    pub fn add_certificates(&mut self, certs: Vec<X509>) {
        for cert in certs {
            let fp = fingerprint(&cert);
            match self.issuers.iter_mut().find(|i| i.fingerprint == fp) {
                Some(existing) => existing.from_pem = true,
                None => self.issuers.push(QualifiedIssuer {
                    cert,
                    fingerprint: fp,
                    from_pem: true,
                    listings: Vec::new(),
                }),
            }
        }
    }

    /// The list of a profile; `None` when nothing was imported.
    pub fn load(profile_dir: &Path) -> Result<Option<QualifiedTrust>, QualifiedTrustError> {
        let dir = qualified_dir(profile_dir);
        let mut t = QualifiedTrust::default();
        for (path, fp) in pem_files(&dir)? {
            let bytes = std::fs::read(&path).map_err(io_err(&path))?;
            let Some(cert) = parse_certificates(&bytes).into_iter().next() else {
                continue;
            };
            let sidecar = read_sidecar(&dir, &fp)?;
            if !sidecar.pem && sidecar.listings.is_empty() {
                continue;
            }
            t.issuers.push(QualifiedIssuer {
                fingerprint: fingerprint(&cert),
                cert,
                from_pem: sidecar.pem,
                listings: sidecar.listings,
            });
        }
        Ok((!t.issuers.is_empty()).then_some(t))
    }

    /// Every issuer.
    pub fn issuers(&self) -> &[QualifiedIssuer] {
        &self.issuers
    }

    /// The issuer with this certificate, if listed.
    pub fn find(&self, cert: &X509Ref) -> Option<&QualifiedIssuer> {
        let fp = fingerprint(cert);
        self.issuers.iter().find(|i| i.fingerprint == fp)
    }

    /// The issuers as anchors for path validation.
    pub fn trust_list(&self) -> TrustList {
        TrustList::from_anchors(
            self.issuers.iter().map(|i| i.cert.clone()).collect(),
            AnchorSource::User,
        )
    }
}

/// `(path, fingerprint)` of every `<sha256>.pem` in the folder.
fn pem_files(dir: &Path) -> Result<Vec<(PathBuf, String)>, QualifiedTrustError> {
    let rd = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io_err(dir)(e)),
    };
    let mut out: Vec<(PathBuf, String)> = rd
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter_map(|p| {
            let stem = p.file_stem()?.to_str()?.to_owned();
            (p.extension().is_some_and(|x| x == "pem") && p.is_file()).then_some((p, stem))
        })
        .collect();
    out.sort();
    Ok(out)
}

fn read_sidecar(dir: &Path, fp: &str) -> Result<Sidecar, QualifiedTrustError> {
    let path = dir.join(format!("{fp}.json"));
    match std::fs::read(&path) {
        // A damaged sidecar trusts nothing rather than everything.
        Ok(b) => Ok(serde_json::from_slice(&b).unwrap_or_default()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Sidecar::default()),
        Err(e) => Err(io_err(&path)(e)),
    }
}

fn write_entry(
    dir: &Path,
    cert: &X509Ref,
    sidecar: &Sidecar,
) -> Result<String, QualifiedTrustError> {
    let fp = fingerprint(cert);
    let pem_path = dir.join(format!("{fp}.pem"));
    let pem = cert.to_pem().unwrap_or_default();
    std::fs::write(&pem_path, pem).map_err(io_err(&pem_path))?;
    let json_path = dir.join(format!("{fp}.json"));
    let json = serde_json::to_vec_pretty(sidecar).unwrap_or_default();
    std::fs::write(&json_path, json).map_err(io_err(&json_path))?;
    Ok(fp)
}

/// What an import came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportKind {
    /// PEM/DER certificates.
    Certificates,
    /// An ETSI trusted list.
    TrustedList,
}

/// What an import did.
#[derive(Debug, Clone)]
pub struct ImportSummary {
    /// What the file was.
    pub kind: ImportKind,
    /// Issuers now in the list from this file.
    pub imported: Vec<CertInfo>,
    /// Services of the trusted list that were not taken (other service types or purposes).
    pub skipped_services: usize,
    /// Certificates in the file that could not be read.
    pub unreadable: usize,
    /// The trusted list's territory.
    pub territory: Option<String>,
    /// The trusted list's sequence number.
    pub sequence_number: Option<String>,
}

/// Imports a PEM bundle or an ETSI trusted list into the profile's qualified trust list. A new
/// trusted list replaces the issuers the previous one brought; PEM imports stay.
pub fn import(profile_dir: &Path, file: &Path) -> Result<ImportSummary, QualifiedTrustError> {
    let bytes = std::fs::read(file).map_err(io_err(file))?;
    let dir = qualified_dir(profile_dir);
    let start = bytes
        .strip_prefix(b"\xef\xbb\xbf")
        .unwrap_or(&bytes)
        .iter()
        .find(|b| !b.is_ascii_whitespace());
    if start == Some(&b'<') {
        let list =
            etsi::read_trusted_list(&bytes).map_err(|source| QualifiedTrustError::TrustedList {
                path: file.to_owned(),
                source,
            })?;
        return import_trusted_list(&dir, file, list);
    }
    let certs = parse_certificates(&bytes);
    if certs.is_empty() {
        return Err(QualifiedTrustError::NotCertificate {
            path: file.to_owned(),
        });
    }
    std::fs::create_dir_all(&dir).map_err(io_err(&dir))?;
    let mut imported = Vec::new();
    for cert in certs {
        let mut sidecar = read_sidecar(&dir, &fingerprint(&cert))?;
        sidecar.pem = true;
        write_entry(&dir, &cert, &sidecar)?;
        imported.push(cert_info(&cert));
    }
    Ok(ImportSummary {
        kind: ImportKind::Certificates,
        imported,
        skipped_services: 0,
        unreadable: 0,
        territory: None,
        sequence_number: None,
    })
}

fn import_trusted_list(
    dir: &Path,
    file: &Path,
    list: etsi::TrustedList,
) -> Result<ImportSummary, QualifiedTrustError> {
    let mut entries: Vec<(X509, Listing)> = Vec::new();
    let mut skipped = 0;
    let mut unreadable = 0;
    for s in &list.services {
        if !s.issues_qualified_signature_certificates() {
            skipped += 1;
            continue;
        }
        unreadable += s.unreadable_certificates;
        for der in &s.certificates {
            match X509::from_der(der) {
                Ok(cert) => entries.push((
                    cert,
                    Listing {
                        territory: list.territory.clone(),
                        provider: s.provider.clone(),
                        service: s.name.clone(),
                        history: s.history.clone(),
                    },
                )),
                Err(_) => unreadable += 1,
            }
        }
    }
    if entries.is_empty() {
        return Err(QualifiedTrustError::NoQualifiedService {
            path: file.to_owned(),
        });
    }
    std::fs::create_dir_all(dir).map_err(io_err(dir))?;
    // Forget what the previous trusted list brought.
    for (path, fp) in pem_files(dir)? {
        let mut sidecar = read_sidecar(dir, &fp)?;
        if sidecar.listings.is_empty() {
            continue;
        }
        sidecar.listings.clear();
        if sidecar.pem {
            let json = dir.join(format!("{fp}.json"));
            let bytes = serde_json::to_vec_pretty(&sidecar).unwrap_or_default();
            std::fs::write(&json, bytes).map_err(io_err(&json))?;
        } else {
            let _ = std::fs::remove_file(dir.join(format!("{fp}.json")));
            std::fs::remove_file(&path).map_err(io_err(&path))?;
        }
    }
    let mut imported: Vec<CertInfo> = Vec::new();
    let mut written: Vec<String> = Vec::new();
    for (cert, listing) in entries {
        let fp = fingerprint(&cert);
        let mut sidecar = read_sidecar(dir, &fp)?;
        if !sidecar.listings.contains(&listing) {
            sidecar.listings.push(listing);
        }
        write_entry(dir, &cert, &sidecar)?;
        if !written.contains(&fp) {
            written.push(fp);
            imported.push(cert_info(&cert));
        }
    }
    Ok(ImportSummary {
        kind: ImportKind::TrustedList,
        imported,
        skipped_services: skipped,
        unreadable,
        territory: list.territory,
        sequence_number: list.sequence_number,
    })
}
