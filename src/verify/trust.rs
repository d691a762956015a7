//! The trust list: which certificate authorities may vouch for a PEC provider.
//!
//! A PEC provider's signing certificate is issued by **AgID CA1**, the authority of the Agenzia
//! per l'Italia Digitale, whose certificate carries name constraints that permit only the
//! providers' mail domains and organisations. That is the PEC trust point, not the root above it:
//! the root (Actalis Authentication Root CA) also issues ordinary S/MIME certificates, free ones
//! included, so a path to it proves nothing about being a PEC provider. Built in: every known
//! issuance of AgID CA1 (re-issued with different validity and name constraints, same key),
//! each a trust point of its own (a partial chain ending there is enough), its name
//! constraints still enforced by OpenSSL on the path. Per profile, a user can add trust points
//! (a new AgID issuance, a test authority), disable built-in ones, and add revocation lists
//! (CRL files) for offline revocation checks. Profile files live in `<profile>/trust/`:
//! `anchors/<sha256>.pem`, `disabled` (one fingerprint per line), `crl/<sha256>.crl`.
//!
//! Every trust point has one [`TrustPurpose`]: it vouches for PEC providers or for REM
//! providers ("PEC europea", ETSI EN 319 532), never both. A REM provider's certificate must not
//! become valid for PEC messages, nor a PEC provider's for REM ones: a verification sees only
//! the trust points of the message's format ([`TrustList::for_purpose`]). Nothing is built in
//! for REM: its trust points come from an EU trusted list (ETSI TS 119 612, the qualified
//! electronic registered delivery services) or from a certificate the user adds for REM; they
//! live in `<profile>/trust/rem/anchors/<sha256>.pem`.

use std::path::{Path, PathBuf};

use openssl::x509::{X509, X509Crl};

use super::certinfo::{cert_info, fingerprint};
use super::outcome::CertInfo;

/// The built-in PEC trust points: the issuances of AgID CA1 (see `assets/trust/pec`, extracted
/// byte-exact from real provider signatures; fingerprints checked in the tests below).
const BUILTIN_PEC_TRUST_POINTS: &[&[u8]] = &[
    include_bytes!("../../assets/trust/pec/agid-ca1-20171012.pem"),
    include_bytes!("../../assets/trust/pec/agid-ca1-20180404.pem"),
    include_bytes!("../../assets/trust/pec/agid-ca1-20180711.pem"),
    include_bytes!("../../assets/trust/pec/agid-ca1-20210622.pem"),
    include_bytes!("../../assets/trust/pec/agid-ca1-20210921.pem"),
];

/// Certificates that vouch for nothing and serve one purpose: checking that the certificates a
/// message carries were not altered (their own signatures). The Actalis root, which issued
/// every AgID CA1: with its key a damaged copy of AgID CA1 in a message is told from an intact
/// one, although the path ends at AgID CA1.
const BUILTIN_ISSUERS: &[&[u8]] = &[include_bytes!(
    "../../assets/trust/issuers/actalis-authentication-root-ca.pem"
)];

fn builtin_issuers() -> Vec<X509> {
    BUILTIN_ISSUERS
        .iter()
        .flat_map(|pem| parse_certificates(pem))
        .collect()
}

/// Where an anchor comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnchorSource {
    /// Shipped with Sigillo.
    Builtin,
    /// Added by the user to this profile.
    User,
    /// Given for one run only (`--trust FILE`).
    Extra,
}

impl AnchorSource {
    /// Wire spelling.
    pub fn as_str(&self) -> &'static str {
        match self {
            AnchorSource::Builtin => "builtin",
            AnchorSource::User => "user",
            AnchorSource::Extra => "extra",
        }
    }
}

/// What a trust point vouches for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum TrustPurpose {
    /// Italian PEC providers.
    #[default]
    Pec,
    /// REM providers (ETSI EN 319 532, qualified electronic registered delivery).
    Rem,
}

impl TrustPurpose {
    /// Wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            TrustPurpose::Pec => "pec",
            TrustPurpose::Rem => "rem",
        }
    }

    /// The purpose of the trust points that may vouch for a message of this format.
    pub fn for_format(format: crate::pec::certification::Format) -> TrustPurpose {
        match format {
            crate::pec::certification::Format::Pec => TrustPurpose::Pec,
            crate::pec::certification::Format::Rem => TrustPurpose::Rem,
        }
    }
}

/// The ETSI TS 119 612 service types of qualified electronic registered delivery: the REM
/// trust points an EU trusted list provides.
pub const QERDS_SERVICE_TYPES: &[&str] = &[
    "http://uri.etsi.org/TrstSvc/Svctype/EDS/Q",
    "http://uri.etsi.org/TrstSvc/Svctype/EDS/REM/Q",
];

/// One trusted certificate authority.
#[derive(Clone)]
pub struct Anchor {
    /// The certificate.
    pub cert: X509,
    /// Its SHA-256 fingerprint (lower-case hex).
    pub fingerprint: String,
    /// Where it comes from.
    pub source: AnchorSource,
    /// False when the user disabled a built-in anchor.
    pub enabled: bool,
    /// What it vouches for.
    pub purpose: TrustPurpose,
}

impl std::fmt::Debug for Anchor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Anchor")
            .field("fingerprint", &self.fingerprint)
            .field("source", &self.source)
            .field("enabled", &self.enabled)
            .finish()
    }
}

impl Anchor {
    /// The reader-facing facts.
    pub fn info(&self) -> CertInfo {
        cert_info(&self.cert)
    }
}

/// Problems with trust files.
#[derive(Debug, thiserror::Error)]
pub enum TrustError {
    /// A file could not be read or written.
    #[error("cannot use {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A file holds neither a certificate nor a revocation list (PEM or DER).
    #[error("{path} holds no certificate or revocation list (PEM or DER)")]
    NotCertificate {
        /// The file.
        path: PathBuf,
    },
    /// No anchor matches what was asked to remove.
    #[error("no trust anchor has a fingerprint starting with {0}")]
    NotFound(String),
    /// A fingerprint prefix matches more than one anchor.
    #[error("{0} matches more than one anchor: give more of the fingerprint")]
    Ambiguous(String),
    /// An XML file that is not a readable ETSI trusted list.
    #[error("{path} is not a readable ETSI trusted list: {reason}")]
    TrustedList {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// A trusted list without any qualified electronic registered delivery service.
    #[error("{path} lists no qualified electronic registered delivery service (REM)")]
    NoRemService {
        /// The file.
        path: PathBuf,
    },
}

fn looks_like_xml(bytes: &[u8]) -> bool {
    bytes
        .strip_prefix(b"\xef\xbb\xbf")
        .unwrap_or(bytes)
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        == Some(&b'<')
}

/// The certificates of the qualified electronic registered delivery services of an ETSI
/// TS 119 612 trusted list whose current status is qualified (granted).
pub fn qerds_certificates(bytes: &[u8]) -> Result<Vec<X509>, String> {
    let list = crate::verify::trusted_list::read_trusted_list(bytes).map_err(|e| e.to_string())?;
    Ok(list
        .services
        .iter()
        .filter(|s| QERDS_SERVICE_TYPES.contains(&s.service_type.trim()))
        .filter(|s| {
            s.history
                .last()
                .is_some_and(|p| crate::verify::trusted_list::is_qualified_status(&p.status))
        })
        .flat_map(|s| s.certificates.iter())
        .filter_map(|der| X509::from_der(der).ok())
        .collect())
}

/// The certificates and revocation lists a verification may rely on.
#[derive(Clone, Default)]
pub struct TrustList {
    anchors: Vec<Anchor>,
    issuers: Vec<X509>,
    crls: Vec<std::sync::Arc<X509Crl>>,
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> TrustError + '_ {
    move |source| TrustError::Io {
        path: path.to_owned(),
        source,
    }
}

/// Reads every certificate in PEM (one or more) or DER bytes.
pub fn parse_certificates(bytes: &[u8]) -> Vec<X509> {
    if let Ok(list) = X509::stack_from_pem(bytes)
        && !list.is_empty()
    {
        return list;
    }
    X509::from_der(bytes).map(|c| vec![c]).unwrap_or_default()
}

fn parse_crl(bytes: &[u8]) -> Option<X509Crl> {
    X509Crl::from_pem(bytes)
        .or_else(|_| X509Crl::from_der(bytes))
        .ok()
}

impl TrustList {
    /// The built-in list only: the PEC trust points (every AgID CA1 issuance).
    pub fn builtin() -> TrustList {
        let anchors = BUILTIN_PEC_TRUST_POINTS
            .iter()
            .flat_map(|pem| parse_certificates(pem))
            .map(|cert| Anchor {
                fingerprint: fingerprint(&cert),
                cert,
                source: AnchorSource::Builtin,
                enabled: true,
                purpose: TrustPurpose::Pec,
            })
            .collect();
        TrustList {
            anchors,
            issuers: builtin_issuers(),
            crls: Vec::new(),
        }
    }

    /// A list of exactly these anchors, with no built-in ones (e.g. the qualified-signature
    /// trust list of signed documents).
    pub fn from_anchors(certs: Vec<X509>, source: AnchorSource) -> TrustList {
        let mut list = TrustList::empty();
        for cert in certs {
            let fp = fingerprint(&cert);
            if !list.anchors.iter().any(|a| a.fingerprint == fp) {
                list.anchors.push(Anchor {
                    cert,
                    fingerprint: fp,
                    source: source.clone(),
                    enabled: true,
                    purpose: TrustPurpose::Pec,
                });
            }
        }
        list
    }

    /// An empty list: nothing is trusted (for tests and for a user who removed everything).
    /// The certificates kept to check carried certificates are still there: they vouch for
    /// nothing.
    pub fn empty() -> TrustList {
        TrustList {
            issuers: builtin_issuers(),
            ..TrustList::default()
        }
    }

    /// The list of a profile: built-in anchors (minus the disabled ones), the user's anchors and
    /// revocation lists. A profile without trust files gets the built-in list.
    pub fn load(profile_dir: &Path) -> Result<TrustList, TrustError> {
        let mut list = TrustList::builtin();
        let dir = trust_dir(profile_dir);
        let disabled = read_disabled(&dir)?;
        for a in &mut list.anchors {
            if disabled.contains(&a.fingerprint) {
                a.enabled = false;
            }
        }
        for purpose in [TrustPurpose::Pec, TrustPurpose::Rem] {
            for path in files_in(&anchors_dir(profile_dir, purpose))? {
                let bytes = std::fs::read(&path).map_err(io_err(&path))?;
                let certs = parse_certificates(&bytes);
                if certs.is_empty() {
                    // A trust point that cannot be read is never skipped in silence: the user
                    // believes it is there.
                    return Err(TrustError::NotCertificate { path });
                }
                for cert in certs {
                    let fp = fingerprint(&cert);
                    if list
                        .anchors
                        .iter()
                        .any(|a| a.fingerprint == fp && a.purpose == purpose)
                    {
                        continue;
                    }
                    list.anchors.push(Anchor {
                        cert,
                        fingerprint: fp.clone(),
                        source: AnchorSource::User,
                        enabled: !disabled.contains(&fp),
                        purpose,
                    });
                }
            }
        }
        for path in files_in(&dir.join("crl"))? {
            let bytes = std::fs::read(&path).map_err(io_err(&path))?;
            let crl = parse_crl(&bytes).ok_or(TrustError::NotCertificate { path })?;
            list.crls.push(std::sync::Arc::new(crl));
        }
        Ok(list)
    }

    /// Adds PEC anchors for this run only (`--trust FILE`).
    pub fn add_extra(&mut self, certs: Vec<X509>) {
        self.add_extra_for(certs, TrustPurpose::Pec);
    }

    /// Adds anchors of one purpose for this run only (`--trust FILE`, `--trust-rem FILE`).
    pub fn add_extra_for(&mut self, certs: Vec<X509>, purpose: TrustPurpose) {
        for cert in certs {
            let fp = fingerprint(&cert);
            if !self
                .anchors
                .iter()
                .any(|a| a.fingerprint == fp && a.purpose == purpose)
            {
                self.anchors.push(Anchor {
                    cert,
                    fingerprint: fp,
                    source: AnchorSource::Extra,
                    enabled: true,
                    purpose,
                });
            }
        }
    }

    /// The same list with only the trust points of `purpose`: what may vouch for a message of
    /// that format. Revocation lists and the certificates kept to check carried ones stay.
    pub fn for_purpose(&self, purpose: TrustPurpose) -> TrustList {
        TrustList {
            anchors: self
                .anchors
                .iter()
                .filter(|a| a.purpose == purpose)
                .cloned()
                .collect(),
            issuers: self.issuers.clone(),
            crls: self.crls.clone(),
        }
    }

    /// Adds a revocation list for this run only.
    pub fn add_crl(&mut self, crl: X509Crl) {
        self.crls.push(std::sync::Arc::new(crl));
    }

    /// Every anchor, enabled or not.
    pub fn anchors(&self) -> &[Anchor] {
        &self.anchors
    }

    /// The anchors a verification may use.
    pub fn enabled_anchors(&self) -> impl Iterator<Item = &X509> {
        self.anchors.iter().filter(|a| a.enabled).map(|a| &a.cert)
    }

    /// Certificates used only to check that carried certificates were not altered; they
    /// vouch for nothing (see `BUILTIN_ISSUERS`).
    pub fn issuers(&self) -> &[X509] {
        &self.issuers
    }

    /// True when anchors were given for this run only (`--trust FILE`): a verdict reached with
    /// them is not the profile's, and is not recorded as such.
    pub fn has_extras(&self) -> bool {
        self.anchors
            .iter()
            .any(|a| a.enabled && a.source == AnchorSource::Extra)
    }

    /// Offline revocation lists.
    pub fn crls(&self) -> &[std::sync::Arc<X509Crl>] {
        &self.crls
    }
}

/// `<profile>/trust`.
pub fn trust_dir(profile_dir: &Path) -> PathBuf {
    profile_dir.join("trust")
}

/// Where the user's trust points of `purpose` live: `<profile>/trust/anchors` (PEC),
/// `<profile>/trust/rem/anchors` (REM).
pub fn anchors_dir(profile_dir: &Path, purpose: TrustPurpose) -> PathBuf {
    match purpose {
        TrustPurpose::Pec => trust_dir(profile_dir).join("anchors"),
        TrustPurpose::Rem => trust_dir(profile_dir).join("rem").join("anchors"),
    }
}

fn files_in(dir: &Path) -> Result<Vec<PathBuf>, TrustError> {
    match std::fs::read_dir(dir) {
        Ok(rd) => {
            let mut v: Vec<PathBuf> = Vec::new();
            for entry in rd {
                let path = entry.map_err(io_err(dir))?.path();
                // Every entry is read: a dangling link or a folder where a file should be is
                // an error the user must see, not an entry to skip.
                if !path.is_file() {
                    return Err(TrustError::NotCertificate { path });
                }
                v.push(path);
            }
            v.sort();
            Ok(v)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(io_err(dir)(e)),
    }
}

fn read_disabled(dir: &Path) -> Result<Vec<String>, TrustError> {
    let path = dir.join("disabled");
    match std::fs::read_to_string(&path) {
        Ok(s) => Ok(s
            .lines()
            .map(|l| l.trim().to_ascii_lowercase())
            .filter(|l| !l.is_empty())
            .collect()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(io_err(&path)(e)),
    }
}

/// What `add` stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Added {
    /// A certificate, now a user anchor (or re-enabled).
    Anchor(CertInfo),
    /// A revocation list.
    Crl {
        /// Its issuer, one line.
        issuer: String,
    },
}

/// Adds the certificates (or revocation list) in `file` to the profile's PEC trust list.
pub fn add(profile_dir: &Path, file: &Path) -> Result<Vec<Added>, TrustError> {
    add_for(profile_dir, file, TrustPurpose::Pec)
}

/// Adds the certificates (or revocation list) in `file` to the profile's trust points of
/// `purpose`. For REM, `file` may also be an ETSI TS 119 612 trusted list: the certificates of
/// its qualified electronic registered delivery services whose current status is qualified
/// become REM trust points.
pub fn add_for(
    profile_dir: &Path,
    file: &Path,
    purpose: TrustPurpose,
) -> Result<Vec<Added>, TrustError> {
    let bytes = std::fs::read(file).map_err(io_err(file))?;
    let dir = trust_dir(profile_dir);
    let certs = if purpose == TrustPurpose::Rem && looks_like_xml(&bytes) {
        let certs = qerds_certificates(&bytes).map_err(|reason| TrustError::TrustedList {
            path: file.to_owned(),
            reason,
        })?;
        if certs.is_empty() {
            return Err(TrustError::NoRemService {
                path: file.to_owned(),
            });
        }
        certs
    } else {
        parse_certificates(&bytes)
    };
    if certs.is_empty() {
        let crl = parse_crl(&bytes).ok_or_else(|| TrustError::NotCertificate {
            path: file.to_owned(),
        })?;
        let crl_dir = dir.join("crl");
        std::fs::create_dir_all(&crl_dir).map_err(io_err(&crl_dir))?;
        let der = crl.to_der().unwrap_or_default();
        let name = format!("{}.crl", hex::encode(sha256(&der)));
        let path = crl_dir.join(name);
        std::fs::write(&path, &der).map_err(io_err(&path))?;
        return Ok(vec![Added::Crl {
            issuer: super::certinfo::name_line(crl.issuer_name()),
        }]);
    }
    let anchors_dir = anchors_dir(profile_dir, purpose);
    std::fs::create_dir_all(&anchors_dir).map_err(io_err(&anchors_dir))?;
    let mut added = Vec::new();
    let mut disabled = read_disabled(&dir)?;
    for cert in certs {
        let fp = fingerprint(&cert);
        disabled.retain(|d| d != &fp);
        let is_builtin = purpose == TrustPurpose::Pec
            && TrustList::builtin()
                .anchors
                .iter()
                .any(|a| a.fingerprint == fp);
        if !is_builtin {
            let path = anchors_dir.join(format!("{fp}.pem"));
            let pem = cert.to_pem().unwrap_or_default();
            std::fs::write(&path, pem).map_err(io_err(&path))?;
        }
        added.push(Added::Anchor(cert_info(&cert)));
    }
    write_disabled(&dir, &disabled)?;
    Ok(added)
}

/// Removes a user anchor, or disables a built-in one, by fingerprint (or an unambiguous prefix of
/// at least 8 hex digits). Returns what was removed.
pub fn remove(profile_dir: &Path, fingerprint_prefix: &str) -> Result<CertInfo, TrustError> {
    let prefix: String = fingerprint_prefix
        .chars()
        .filter(|c| c.is_ascii_hexdigit())
        .collect::<String>()
        .to_ascii_lowercase();
    if prefix.len() < 8 {
        return Err(TrustError::NotFound(fingerprint_prefix.to_owned()));
    }
    let list = TrustList::load(profile_dir)?;
    let matches: Vec<&Anchor> = list
        .anchors
        .iter()
        .filter(|a| a.fingerprint.starts_with(&prefix) && a.enabled)
        .collect();
    let anchor = match matches.as_slice() {
        [] => return Err(TrustError::NotFound(fingerprint_prefix.to_owned())),
        [one] => *one,
        _ => return Err(TrustError::Ambiguous(fingerprint_prefix.to_owned())),
    };
    let dir = trust_dir(profile_dir);
    match anchor.source {
        AnchorSource::User => {
            let path = anchors_dir(profile_dir, anchor.purpose)
                .join(format!("{}.pem", anchor.fingerprint));
            match std::fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    // Added under another file name: disable it instead.
                    let mut disabled = read_disabled(&dir)?;
                    disabled.push(anchor.fingerprint.clone());
                    write_disabled(&dir, &disabled)?;
                }
                Err(e) => return Err(io_err(&path)(e)),
            }
        }
        AnchorSource::Builtin | AnchorSource::Extra => {
            let mut disabled = read_disabled(&dir)?;
            disabled.push(anchor.fingerprint.clone());
            write_disabled(&dir, &disabled)?;
        }
    }
    Ok(anchor.info())
}

/// Undoes [`remove`]: trusts `anchor` again (a built-in one is enabled, a user's written back).
pub fn restore(profile_dir: &Path, anchor: &Anchor) -> Result<(), TrustError> {
    let dir = trust_dir(profile_dir);
    let mut disabled = read_disabled(&dir)?;
    disabled.retain(|d| d != &anchor.fingerprint);
    if anchor.source == AnchorSource::User {
        let anchors_dir = anchors_dir(profile_dir, anchor.purpose);
        std::fs::create_dir_all(&anchors_dir).map_err(io_err(&anchors_dir))?;
        let path = anchors_dir.join(format!("{}.pem", anchor.fingerprint));
        let pem = anchor.cert.to_pem().unwrap_or_default();
        std::fs::write(&path, pem).map_err(io_err(&path))?;
    }
    write_disabled(&dir, &disabled)
}

fn write_disabled(dir: &Path, list: &[String]) -> Result<(), TrustError> {
    let path = dir.join("disabled");
    if list.is_empty() {
        return match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io_err(&path)(e)),
            _ => Ok(()),
        };
    }
    std::fs::create_dir_all(dir).map_err(io_err(dir))?;
    let mut sorted = list.to_vec();
    sorted.sort();
    sorted.dedup();
    std::fs::write(&path, sorted.join("\n") + "\n").map_err(io_err(&path))
}

fn sha256(data: &[u8]) -> Vec<u8> {
    use sha2::Digest;
    sha2::Sha256::digest(data).to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SHA-256 of the five AgID CA1 issuances, as listed in the corpus' trust README.
    const AGID_CA1: [(&str, &str); 5] = [
        ("2017-10-12", "agid-ca1-20171012"),
        ("2018-04-04", "agid-ca1-20180404"),
        ("2018-07-11", "agid-ca1-20180711"),
        ("2021-06-22", "agid-ca1-20210622"),
        ("2021-09-21", "agid-ca1-20210921"),
    ];

    #[test]
    fn builtin_list_holds_every_agid_ca1_issuance_and_not_the_root_above() {
        let list = TrustList::builtin();
        assert_eq!(list.anchors().len(), AGID_CA1.len());
        for (a, (since, _)) in list.anchors().iter().zip(AGID_CA1) {
            let info = a.info();
            assert_eq!(info.common_name.as_deref(), Some("AgID CA1"));
            assert_eq!(
                info.not_before
                    .map(|t| t.format("%Y-%m-%d").to_string())
                    .as_deref(),
                Some(since)
            );
            // Each issuance carries its name constraints (the providers' domains).
            let nc = a
                .cert
                .to_text()
                .map(|t| String::from_utf8_lossy(&t).into_owned());
            assert!(
                nc.unwrap_or_default().contains("Name Constraints"),
                "{since}: no name constraints"
            );
        }
        assert!(
            !list
                .anchors()
                .iter()
                .any(|a| a.info().common_name.as_deref() == Some("Actalis Authentication Root CA"))
        );
    }

    /// A trusted list with a qualified registered delivery service (granted), one withdrawn,
    /// and a CA/QC service: only the first becomes a REM trust point, and it never vouches
    /// for PEC.
    #[test]
    fn a_trusted_list_gives_rem_trust_points_only_from_granted_qerds_services() {
        use base64::Engine;
        let builtin = TrustList::builtin();
        let (a, b, c) = (
            &builtin.anchors()[0].cert,
            &builtin.anchors()[1].cert,
            &builtin.anchors()[2].cert,
        );
        let b64 = |x: &X509| base64::engine::general_purpose::STANDARD.encode(x.to_der().unwrap());
        let service = |stype: &str, status: &str, cert: &X509| {
            format!(
                "<tsl:TSPService><tsl:ServiceInformation><tsl:ServiceTypeIdentifier>{stype}</tsl:ServiceTypeIdentifier><tsl:ServiceName><tsl:Name xml:lang=\"en\">S</tsl:Name></tsl:ServiceName><tsl:ServiceDigitalIdentity><tsl:DigitalId><tsl:X509Certificate>{}</tsl:X509Certificate></tsl:DigitalId></tsl:ServiceDigitalIdentity><tsl:ServiceStatus>http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/{status}</tsl:ServiceStatus><tsl:StatusStartingTime>2020-01-01T00:00:00Z</tsl:StatusStartingTime></tsl:ServiceInformation></tsl:TSPService>",
                b64(cert)
            )
        };
        let xml = format!(
            "<tsl:TrustServiceStatusList xmlns:tsl=\"http://uri.etsi.org/02231/v2#\"><tsl:SchemeInformation><tsl:SchemeTerritory>IT</tsl:SchemeTerritory></tsl:SchemeInformation><tsl:TrustServiceProviderList><tsl:TrustServiceProvider><tsl:TSPInformation><tsl:TSPName><tsl:Name xml:lang=\"en\">P</tsl:Name></tsl:TSPName></tsl:TSPInformation><tsl:TSPServices>{}{}{}</tsl:TSPServices></tsl:TrustServiceProvider></tsl:TrustServiceProviderList></tsl:TrustServiceStatusList>",
            service(QERDS_SERVICE_TYPES[0], "granted", a),
            service(QERDS_SERVICE_TYPES[1], "withdrawn", b),
            service("http://uri.etsi.org/TrstSvc/Svctype/CA/QC", "granted", c),
        );
        let certs = qerds_certificates(xml.as_bytes()).unwrap();
        assert_eq!(certs.len(), 1);
        assert_eq!(fingerprint(&certs[0]), fingerprint(a));

        let dir = std::env::temp_dir().join(format!("sigillo-trust-rem-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("tl.xml");
        std::fs::write(&file, &xml).unwrap();
        add_for(&dir, &file, TrustPurpose::Rem).unwrap();
        let list = TrustList::load(&dir).unwrap();
        let rem: Vec<&Anchor> = list
            .anchors()
            .iter()
            .filter(|x| x.purpose == TrustPurpose::Rem)
            .collect();
        assert_eq!(rem.len(), 1);
        assert_eq!(rem[0].source, AnchorSource::User);
        assert_eq!(list.for_purpose(TrustPurpose::Rem).anchors().len(), 1);
        assert!(
            list.for_purpose(TrustPurpose::Pec)
                .anchors()
                .iter()
                .all(|x| x.purpose == TrustPurpose::Pec && x.source == AnchorSource::Builtin)
        );
        // A list without any such service is refused with words.
        let none = xml.replace(
            QERDS_SERVICE_TYPES[0],
            "http://uri.etsi.org/TrstSvc/Svctype/TSA/QTST",
        );
        std::fs::write(&file, none).unwrap();
        assert!(matches!(
            add_for(&dir, &file, TrustPurpose::Rem),
            Err(TrustError::NoRemService { .. })
        ));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_profile_can_disable_and_restore_a_builtin_trust_point() {
        let dir = std::env::temp_dir().join(format!("sigillo-trust-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let newest = TrustList::builtin().anchors()[4].clone();
        let removed = remove(&dir, &newest.fingerprint[..12]).unwrap();
        assert_eq!(removed.common_name.as_deref(), Some("AgID CA1"));
        let list = TrustList::load(&dir).unwrap();
        assert_eq!(list.enabled_anchors().count(), AGID_CA1.len() - 1);
        assert!(matches!(
            remove(&dir, &newest.fingerprint[..12]),
            Err(TrustError::NotFound(_))
        ));
        let pem_path = dir.join("agid.pem");
        std::fs::write(&pem_path, newest.cert.to_pem().unwrap()).unwrap();
        add(&dir, &pem_path).unwrap();
        assert_eq!(
            TrustList::load(&dir).unwrap().enabled_anchors().count(),
            AGID_CA1.len()
        );
        assert!(matches!(
            add(&dir, &dir.join("missing.pem")),
            Err(TrustError::Io { .. })
        ));
        std::fs::write(&pem_path, b"not a certificate").unwrap();
        assert!(matches!(
            add(&dir, &pem_path),
            Err(TrustError::NotCertificate { .. })
        ));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_removal_can_be_undone() {
        let dir = tempfile::tempdir().unwrap();
        let builtin = TrustList::builtin().anchors()[0].clone();
        remove(dir.path(), &builtin.fingerprint).unwrap();
        assert!(!TrustList::load(dir.path()).unwrap().anchors()[0].enabled);
        restore(dir.path(), &builtin).unwrap();
        assert!(TrustList::load(dir.path()).unwrap().anchors()[0].enabled);

        let other = TrustList::builtin().anchors()[1].cert.clone();
        let user = Anchor {
            fingerprint: "0".repeat(64),
            cert: other,
            source: AnchorSource::User,
            enabled: true,
            purpose: TrustPurpose::Pec,
        };
        restore(dir.path(), &user).unwrap();
        assert!(
            dir.path()
                .join("trust/anchors")
                .join(format!("{}.pem", "0".repeat(64)))
                .exists()
        );
    }
}
