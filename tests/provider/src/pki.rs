//! A throw-away PKI shaped like the real PEC chain (Actalis root → AgID CA1 → provider), made
//! with OpenSSL at run time: a root CA, one intermediate with the AgID CA1 profile (CA:TRUE
//! pathlen:0, name constraints permitting only the provider mail domains and organisations,
//! policy, EKU emailProtection) and, per PEC domain, a provider signing certificate with the
//! profile of RFC 6109 §5.5 and of the real ones (`Posta Certificata <Provider>`, KU critical
//! digitalSignature, EKU emailProtection, SAN `email:posta-certificata@<domain>`, AKI/SKI, no
//! basicConstraints).
//!
//! Keys are fresh random RSA-2048 keys, except for a seeded PKI (the demo mailbox), whose keys
//! and serial numbers are derived from the seed so that its output is reproducible.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::{DateTime, Duration, TimeZone, Utc};
use openssl::asn1::{Asn1Integer, Asn1Object, Asn1OctetString, Asn1Time};
use openssl::bn::{BigNum, BigNumContext};
use openssl::error::ErrorStack;
use openssl::hash::MessageDigest;
use openssl::pkey::{PKey, Private};
use openssl::rsa::Rsa;
use openssl::x509::extension::{
    AuthorityKeyIdentifier, BasicConstraints, ExtendedKeyUsage, KeyUsage, SubjectAlternativeName,
    SubjectKeyIdentifier,
};
use openssl::x509::{X509, X509Builder, X509Extension, X509Name, X509NameBuilder};

use crate::der;
use crate::rng::SeededRng;

/// Certificate policy of the AgID CA1 intermediate.
pub const CA_POLICY_OID: &str = "1.3.76.16.3.1";
/// Certificate policy of the PEC provider signing certificates.
pub const PROVIDER_POLICY_OID: &str = "1.3.76.16.3.1.1";
/// CPS pointer written in the test certificates (a reserved, unreachable host).
pub const TEST_CPS_URI: &str = "http://ca.sigillo-test.invalid/cps";

/// Something went wrong while making test certificates.
#[derive(Debug, thiserror::Error)]
pub enum PkiError {
    /// OpenSSL refused an operation.
    #[error("OpenSSL failed while {action}: {source}")]
    OpenSsl {
        action: &'static str,
        #[source]
        source: ErrorStack,
    },
    /// A provider domain was asked for that this PKI does not know.
    #[error("the test PKI has no provider certificate for the domain {0}")]
    UnknownDomain(String),
    /// A certificate "outside the name constraints" was asked for a domain that is inside them.
    #[error("{0} is permitted by the intermediate's name constraints; pick a domain outside them")]
    DomainInsideConstraints(String),
    /// Writing PEM files failed.
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

trait Ctx<T> {
    fn ctx(self, action: &'static str) -> Result<T, PkiError>;
}

impl<T> Ctx<T> for Result<T, ErrorStack> {
    fn ctx(self, action: &'static str) -> Result<T, PkiError> {
        self.map_err(|source| PkiError::OpenSsl { action, source })
    }
}

/// A PEC provider: its mail domain and its organisation name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderSpec {
    /// Provider mail domain, e.g. `pec.alfa.test`; the service address is
    /// `posta-certificata@<domain>`.
    pub domain: String,
    /// Organisation, e.g. `Gestore Alfa S.p.A.`; the certificate CN is
    /// `Posta Certificata <organisation>`.
    pub organisation: String,
}

impl ProviderSpec {
    /// A provider with the given domain and organisation.
    pub fn new(domain: impl Into<String>, organisation: impl Into<String>) -> Self {
        ProviderSpec {
            domain: domain.into().to_ascii_lowercase(),
            organisation: organisation.into(),
        }
    }

    /// The provider's service address, `posta-certificata@<domain>`.
    pub fn service_address(&self) -> String {
        format!("posta-certificata@{}", self.domain)
    }
}

/// The names written into the CA certificates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PkiNames {
    /// Organisation of the root and the intermediate.
    pub organisation: String,
    /// Common name of the root.
    pub root_cn: String,
    /// Common name of the intermediate.
    pub intermediate_cn: String,
}

impl PkiNames {
    /// Names of the throw-away test PKI.
    pub fn test() -> Self {
        PkiNames {
            organisation: "Sigillo TEST - non un gestore reale".into(),
            root_cn: "Sigillo TEST Root CA".into(),
            intermediate_cn: "Sigillo TEST CA1 (come AgID CA1)".into(),
        }
    }

    /// Names of the REM test PKI (its own chain, apart from the PEC one: like an EU trusted
    /// list's qualified registered delivery service and the AgID CA1 of PEC).
    pub fn rem() -> Self {
        PkiNames {
            organisation: "Sigillo TEST REM - non un gestore reale".into(),
            root_cn: "Sigillo TEST REM Root CA".into(),
            intermediate_cn: "Sigillo TEST REM CA (servizio qualificato di recapito)".into(),
        }
    }

    /// Names of the demo mailbox PKI: they say plainly that no real provider is involved.
    pub fn demo() -> Self {
        PkiNames {
            organisation: "Sigillo DEMO \u{2014} non un gestore reale".into(),
            root_cn: "Sigillo DEMO Root CA \u{2014} non un gestore reale".into(),
            intermediate_cn: "Sigillo DEMO CA1 \u{2014} non un gestore reale".into(),
        }
    }
}

/// How a [`TestPki`] is made.
#[derive(Debug, Clone)]
pub struct PkiOptions {
    /// Providers the intermediate permits and that get a signing certificate.
    pub providers: Vec<ProviderSpec>,
    /// Names of the CA certificates.
    pub names: PkiNames,
    /// Validity of the root and intermediate.
    pub ca_validity: (DateTime<Utc>, DateTime<Utc>),
    /// Validity of the provider certificates.
    pub provider_validity: (DateTime<Utc>, DateTime<Utc>),
    /// When set, keys and serial numbers are derived from this seed (reproducible output).
    pub seed: Option<u64>,
}

impl PkiOptions {
    /// Random keys; CAs valid 20 years either side of now (so tests can sign "in the past");
    /// provider certificates valid from yesterday for three years, like the real ones.
    pub fn new(providers: &[ProviderSpec]) -> Self {
        let now = Utc::now();
        PkiOptions {
            providers: providers.to_vec(),
            names: PkiNames::test(),
            ca_validity: (
                now - Duration::days(20 * 365),
                now + Duration::days(20 * 365),
            ),
            provider_validity: (now - Duration::days(1), now + Duration::days(3 * 365)),
            seed: None,
        }
    }
}

/// A certificate with its private key.
#[derive(Clone)]
pub struct CertifiedKey {
    /// The certificate.
    pub cert: X509,
    /// Its private key.
    pub key: PKey<Private>,
}

impl std::fmt::Debug for CertifiedKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CertifiedKey")
            .field("subject", &name_text(self.cert.subject_name()))
            .finish_non_exhaustive()
    }
}

impl CertifiedKey {
    /// The certificate as PEM.
    pub fn cert_pem(&self) -> Vec<u8> {
        self.cert.to_pem().expect("encoding a certificate we made")
    }

    /// The certificate as DER.
    pub fn cert_der(&self) -> Vec<u8> {
        self.cert.to_der().expect("encoding a certificate we made")
    }

    /// The private key as unencrypted PKCS#8 PEM (throw-away test keys only).
    pub fn key_pem(&self) -> Vec<u8> {
        self.key
            .private_key_to_pem_pkcs8()
            .expect("encoding a key we made")
    }
}

/// The signing certificate of one provider.
#[derive(Debug, Clone)]
pub struct ProviderCert {
    /// Domain and organisation.
    pub spec: ProviderSpec,
    /// Certificate and key.
    pub certified: CertifiedKey,
}

/// What signs a PEC message: the provider certificate and key, and the chain to include.
#[derive(Clone)]
pub struct Signer {
    /// The signing certificate.
    pub cert: X509,
    /// Its key.
    pub key: PKey<Private>,
    /// Certificates to include besides the signer (the intermediate, like AgID CA1).
    pub chain: Vec<X509>,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer")
            .field("subject", &name_text(self.cert.subject_name()))
            .field("chain", &self.chain.len())
            .finish_non_exhaustive()
    }
}

/// Paths of the PEM files written by [`TestPki::write_pem_files`].
#[derive(Debug, Clone)]
pub struct PemFiles {
    /// The root certificate (the trust anchor to pin).
    pub root: PathBuf,
    /// The intermediate certificate.
    pub intermediate: PathBuf,
}

/// The whole throw-away PKI.
pub struct TestPki {
    options: PkiOptions,
    root: CertifiedKey,
    intermediate: CertifiedKey,
    providers: Vec<ProviderCert>,
    rng: Mutex<Option<SeededRng>>,
}

impl std::fmt::Debug for TestPki {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestPki")
            .field("root", &self.root)
            .field("intermediate", &self.intermediate)
            .field("providers", &self.providers)
            .finish_non_exhaustive()
    }
}

impl TestPki {
    /// A fresh PKI with random keys for the given providers.
    pub fn generate(providers: &[ProviderSpec]) -> Result<Self, PkiError> {
        Self::generate_with(PkiOptions::new(providers))
    }

    /// A PKI made as `options` say.
    pub fn generate_with(options: PkiOptions) -> Result<Self, PkiError> {
        let rng = Mutex::new(options.seed.map(|s| SeededRng::new(s, "pki")));
        let mut pki_keys = KeyMaker { rng: &rng };
        let root = make_root(&options, &mut pki_keys)?;
        let intermediate = make_intermediate(&options, &root, &mut pki_keys)?;
        let mut pki = TestPki {
            options,
            root,
            intermediate,
            providers: Vec::new(),
            rng,
        };
        let (nb, na) = pki.options.provider_validity;
        for spec in pki.options.providers.clone() {
            let cert = pki.issue_provider_cert(&spec, nb, na)?;
            pki.providers.push(cert);
        }
        Ok(pki)
    }

    /// The options this PKI was made with.
    pub fn options(&self) -> &PkiOptions {
        &self.options
    }

    /// The root CA (the trust anchor).
    pub fn root(&self) -> &CertifiedKey {
        &self.root
    }

    /// The intermediate CA (the AgID CA1 look-alike).
    pub fn intermediate(&self) -> &CertifiedKey {
        &self.intermediate
    }

    /// The provider certificates, one per PEC domain, in the order given.
    pub fn providers(&self) -> &[ProviderCert] {
        &self.providers
    }

    /// The provider certificate of a domain (case-insensitive).
    pub fn provider(&self, domain: &str) -> Result<&ProviderCert, PkiError> {
        self.providers
            .iter()
            .find(|p| p.spec.domain.eq_ignore_ascii_case(domain))
            .ok_or_else(|| PkiError::UnknownDomain(domain.to_owned()))
    }

    /// The signer of a domain: its certificate and key, with the intermediate as chain.
    pub fn signer(&self, domain: &str) -> Result<Signer, PkiError> {
        Ok(self.signer_for(self.provider(domain)?))
    }

    /// A signer for any provider certificate issued by this PKI (e.g. a variant).
    pub fn signer_for(&self, cert: &ProviderCert) -> Signer {
        Signer {
            cert: cert.certified.cert.clone(),
            key: cert.certified.key.clone(),
            chain: vec![self.intermediate.cert.clone()],
        }
    }

    /// Issues a provider certificate with a chosen validity window, signed by the
    /// intermediate: for "expired at signing time" and "expired now but valid then" tests.
    pub fn issue_provider_cert(
        &self,
        spec: &ProviderSpec,
        not_before: DateTime<Utc>,
        not_after: DateTime<Utc>,
    ) -> Result<ProviderCert, PkiError> {
        self.issue_leaf(spec, &self.intermediate, not_before, not_after)
    }

    /// An ordinary S/MIME authority under the same root as the PEC one, without name
    /// constraints (like the Actalis root's other CAs, which issue S/MIME certificates to
    /// anyone), and a certificate from it with the PEC provider's profile and address
    /// (`posta-certificata@<domain>`): what an attacker can obtain. Never a PEC provider.
    pub fn issue_ordinary_smime(
        &self,
        spec: &ProviderSpec,
    ) -> Result<(CertifiedKey, ProviderCert), PkiError> {
        let mut keys = KeyMaker { rng: &self.rng };
        let key = keys.rsa_key()?;
        let name = x509_name(&[
            ("C", "IT"),
            ("O", &self.options.names.organisation),
            ("CN", "Sigillo TEST S/MIME CA (qualunque indirizzo)"),
        ])?;
        let mut b = cert_builder(&name, &self.root.cert, &key, &mut keys)?;
        set_validity(
            &mut b,
            self.options.ca_validity.0,
            self.options.ca_validity.1,
        )?;
        let ski = SubjectKeyIdentifier::new()
            .build(&b.x509v3_context(Some(&self.root.cert), None))
            .ctx("building the subject key identifier")?;
        let aki = AuthorityKeyIdentifier::new()
            .keyid(true)
            .build(&b.x509v3_context(Some(&self.root.cert), None))
            .ctx("building the authority key identifier")?;
        for ext in [
            BasicConstraints::new()
                .critical()
                .ca()
                .pathlen(0)
                .build()
                .ctx("building basic constraints")?,
            KeyUsage::new()
                .critical()
                .key_cert_sign()
                .crl_sign()
                .build()
                .ctx("building key usage")?,
            ExtendedKeyUsage::new()
                .email_protection()
                .build()
                .ctx("building extended key usage")?,
            ski,
            aki,
        ] {
            b.append_extension(ext).ctx("adding an extension")?;
        }
        b.sign(&self.root.key, MessageDigest::sha256())
            .ctx("signing the S/MIME CA")?;
        let ca = CertifiedKey {
            cert: b.build(),
            key,
        };
        let (nb, na) = self.options.provider_validity;
        let leaf = self.issue_leaf(spec, &ca, nb, na)?;
        Ok((ca, leaf))
    }

    /// A provider-profile certificate for `spec`, issued by `issuer`.
    fn issue_leaf(
        &self,
        spec: &ProviderSpec,
        issuer: &CertifiedKey,
        not_before: DateTime<Utc>,
        not_after: DateTime<Utc>,
    ) -> Result<ProviderCert, PkiError> {
        let mut keys = KeyMaker { rng: &self.rng };
        let key = keys.rsa_key()?;
        let subject = x509_name(&[
            ("C", "IT"),
            ("O", &spec.organisation),
            ("CN", &format!("Posta Certificata {}", spec.organisation)),
        ])?;
        let mut b = cert_builder(&subject, &issuer.cert, &key, &mut keys)?;
        set_validity(&mut b, not_before, not_after)?;
        let ski = SubjectKeyIdentifier::new()
            .build(&b.x509v3_context(Some(&issuer.cert), None))
            .ctx("building the subject key identifier")?;
        let aki = AuthorityKeyIdentifier::new()
            .keyid(true)
            .build(&b.x509v3_context(Some(&issuer.cert), None))
            .ctx("building the authority key identifier")?;
        let san = SubjectAlternativeName::new()
            .email(&spec.service_address())
            .build(&b.x509v3_context(Some(&issuer.cert), None))
            .ctx("building the subject alternative name")?;
        for ext in [
            ski,
            aki,
            policies_ext(PROVIDER_POLICY_OID)?,
            KeyUsage::new()
                .critical()
                .digital_signature()
                .build()
                .ctx("building key usage")?,
            ExtendedKeyUsage::new()
                .email_protection()
                .build()
                .ctx("building extended key usage")?,
            san,
        ] {
            b.append_extension(ext).ctx("adding an extension")?;
        }
        b.sign(&issuer.key, MessageDigest::sha256())
            .ctx("signing a provider certificate")?;
        Ok(ProviderCert {
            spec: spec.clone(),
            certified: CertifiedKey {
                cert: b.build(),
                key,
            },
        })
    }

    /// Issues a provider certificate for a domain that the intermediate's name constraints do
    /// NOT permit: a correct validator must reject signatures made with it.
    pub fn issue_outside_constraints(&self, spec: &ProviderSpec) -> Result<ProviderCert, PkiError> {
        if self
            .options
            .providers
            .iter()
            .any(|p| p.domain.eq_ignore_ascii_case(&spec.domain))
        {
            return Err(PkiError::DomainInsideConstraints(spec.domain.clone()));
        }
        let (nb, na) = self.options.provider_validity;
        self.issue_provider_cert(spec, nb, na)
    }

    /// Writes `root.pem` and `intermediate.pem` into `dir`.
    pub fn write_pem_files(&self, dir: &Path) -> Result<PemFiles, PkiError> {
        let files = PemFiles {
            root: dir.join("root.pem"),
            intermediate: dir.join("intermediate.pem"),
        };
        for (path, pem) in [
            (&files.root, self.root.cert_pem()),
            (&files.intermediate, self.intermediate.cert_pem()),
        ] {
            std::fs::write(path, pem).map_err(|source| PkiError::Io {
                path: path.clone(),
                source,
            })?;
        }
        Ok(files)
    }
}

/// The subject or issuer as one line, e.g. `C=IT, O=..., CN=...`.
pub fn name_text(name: &openssl::x509::X509NameRef) -> String {
    name.entries()
        .map(|e| {
            let key = e.object().nid().short_name().unwrap_or("?");
            let value = e.data().to_string().unwrap_or_default();
            format!("{key}={value}")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Random or seeded key and serial material.
struct KeyMaker<'a> {
    rng: &'a Mutex<Option<SeededRng>>,
}

impl KeyMaker<'_> {
    fn rsa_key(&mut self) -> Result<PKey<Private>, PkiError> {
        let mut guard = self.rng.lock().unwrap_or_else(|e| e.into_inner());
        let rsa = match guard.as_mut() {
            None => Rsa::generate(2048).ctx("generating an RSA key")?,
            Some(rng) => seeded_rsa(rng)?,
        };
        PKey::from_rsa(rsa).ctx("wrapping an RSA key")
    }

    fn serial(&mut self) -> Result<Asn1Integer, PkiError> {
        let mut bytes = [0u8; 16];
        let mut guard = self.rng.lock().unwrap_or_else(|e| e.into_inner());
        match guard.as_mut() {
            None => openssl::rand::rand_bytes(&mut bytes).ctx("drawing a serial number")?,
            Some(rng) => rng.fill(&mut bytes),
        }
        bytes[0] = (bytes[0] & 0x7f) | 0x10; // positive, full length
        BigNum::from_slice(&bytes)
            .and_then(|bn| bn.to_asn1_integer())
            .ctx("encoding a serial number")
    }
}

/// An RSA-2048 key whose primes come from the seeded stream (reproducible demo keys).
fn seeded_rsa(rng: &mut SeededRng) -> Result<Rsa<Private>, PkiError> {
    let mut ctx = BigNumContext::new().ctx("allocating a bignum context")?;
    let e = BigNum::from_u32(65537).ctx("making the public exponent")?;
    let one = BigNum::from_u32(1).ctx("making one")?;
    let mut prime = |rng: &mut SeededRng| -> Result<BigNum, PkiError> {
        loop {
            let mut bytes = [0u8; 128];
            rng.fill(&mut bytes);
            bytes[0] |= 0xc0; // top two bits: the product has exactly 2048 bits
            bytes[127] |= 1;
            let candidate = BigNum::from_slice(&bytes).ctx("making a prime candidate")?;
            if !candidate
                .is_prime_fasttest(64, &mut ctx, true)
                .ctx("testing a prime")?
            {
                continue;
            }
            let mut pm1 = BigNum::new().ctx("allocating")?;
            pm1.checked_sub(&candidate, &one).ctx("p - 1")?;
            let mut g = BigNum::new().ctx("allocating")?;
            g.gcd(&pm1, &e, &mut ctx).ctx("gcd")?;
            if g == one {
                return Ok(candidate);
            }
        }
    };
    let p = prime(rng)?;
    let q = loop {
        let q = prime(rng)?;
        if q != p {
            break q;
        }
    };
    let mut ctx = BigNumContext::new().ctx("allocating a bignum context")?;
    let mut n = BigNum::new().ctx("allocating")?;
    n.checked_mul(&p, &q, &mut ctx).ctx("n = p q")?;
    let mut pm1 = BigNum::new().ctx("allocating")?;
    pm1.checked_sub(&p, &one).ctx("p - 1")?;
    let mut qm1 = BigNum::new().ctx("allocating")?;
    qm1.checked_sub(&q, &one).ctx("q - 1")?;
    let mut phi = BigNum::new().ctx("allocating")?;
    phi.checked_mul(&pm1, &qm1, &mut ctx).ctx("phi")?;
    let mut d = BigNum::new().ctx("allocating")?;
    d.mod_inverse(&e, &phi, &mut ctx).ctx("d = e^-1 mod phi")?;
    let mut dmp1 = BigNum::new().ctx("allocating")?;
    dmp1.nnmod(&d, &pm1, &mut ctx).ctx("d mod p-1")?;
    let mut dmq1 = BigNum::new().ctx("allocating")?;
    dmq1.nnmod(&d, &qm1, &mut ctx).ctx("d mod q-1")?;
    let mut iqmp = BigNum::new().ctx("allocating")?;
    iqmp.mod_inverse(&q, &p, &mut ctx).ctx("q^-1 mod p")?;
    Rsa::from_private_components(n, e, d, p, q, dmp1, dmq1, iqmp).ctx("assembling an RSA key")
}

fn x509_name(entries: &[(&str, &str)]) -> Result<X509Name, PkiError> {
    let mut b = X509NameBuilder::new().ctx("building a name")?;
    for (k, v) in entries {
        b.append_entry_by_text(k, v).ctx("adding a name entry")?;
    }
    Ok(b.build())
}

fn asn1_time(t: DateTime<Utc>) -> Result<Asn1Time, PkiError> {
    Asn1Time::from_unix(t.timestamp() as libc::time_t).ctx("encoding a time")
}

fn set_validity(
    b: &mut X509Builder,
    not_before: DateTime<Utc>,
    not_after: DateTime<Utc>,
) -> Result<(), PkiError> {
    let nb = asn1_time(not_before)?;
    let na = asn1_time(not_after)?;
    b.set_not_before(&nb).ctx("setting notBefore")?;
    b.set_not_after(&na).ctx("setting notAfter")
}

fn cert_builder(
    subject: &X509Name,
    issuer: &X509,
    key: &PKey<Private>,
    keys: &mut KeyMaker<'_>,
) -> Result<X509Builder, PkiError> {
    let mut b = X509Builder::new().ctx("starting a certificate")?;
    b.set_version(2).ctx("setting the version")?;
    let serial = keys.serial()?;
    b.set_serial_number(&serial).ctx("setting the serial")?;
    b.set_subject_name(subject).ctx("setting the subject")?;
    b.set_issuer_name(issuer.subject_name())
        .ctx("setting the issuer")?;
    b.set_pubkey(key).ctx("setting the public key")?;
    Ok(b)
}

fn policies_ext(policy: &str) -> Result<X509Extension, PkiError> {
    der_ext(
        "2.5.29.32",
        false,
        &der::certificate_policies(policy, Some(TEST_CPS_URI)),
    )
}

fn der_ext(oid: &str, critical: bool, value: &[u8]) -> Result<X509Extension, PkiError> {
    let oid = Asn1Object::from_str(oid).ctx("parsing an OID")?;
    let value = Asn1OctetString::new_from_bytes(value).ctx("wrapping an extension value")?;
    X509Extension::new_from_der(&oid, critical, &value).ctx("building an extension")
}

fn make_root(options: &PkiOptions, keys: &mut KeyMaker<'_>) -> Result<CertifiedKey, PkiError> {
    let key = keys.rsa_key()?;
    let name = x509_name(&[
        ("C", "IT"),
        ("O", &options.names.organisation),
        ("CN", &options.names.root_cn),
    ])?;
    let mut b = X509Builder::new().ctx("starting the root")?;
    b.set_version(2).ctx("setting the version")?;
    let serial = keys.serial()?;
    b.set_serial_number(&serial).ctx("setting the serial")?;
    b.set_subject_name(&name).ctx("setting the subject")?;
    b.set_issuer_name(&name).ctx("setting the issuer")?;
    b.set_pubkey(&key).ctx("setting the public key")?;
    set_validity(&mut b, options.ca_validity.0, options.ca_validity.1)?;
    let ski = SubjectKeyIdentifier::new()
        .build(&b.x509v3_context(None, None))
        .ctx("building the subject key identifier")?;
    b.append_extension(
        BasicConstraints::new()
            .critical()
            .ca()
            .build()
            .ctx("building basic constraints")?,
    )
    .ctx("adding basic constraints")?;
    b.append_extension(
        KeyUsage::new()
            .critical()
            .key_cert_sign()
            .crl_sign()
            .build()
            .ctx("building key usage")?,
    )
    .ctx("adding key usage")?;
    b.append_extension(ski).ctx("adding the SKI")?;
    b.sign(&key, MessageDigest::sha256())
        .ctx("self-signing the root")?;
    Ok(CertifiedKey {
        cert: b.build(),
        key,
    })
}

fn make_intermediate(
    options: &PkiOptions,
    root: &CertifiedKey,
    keys: &mut KeyMaker<'_>,
) -> Result<CertifiedKey, PkiError> {
    let key = keys.rsa_key()?;
    let name = x509_name(&[
        ("C", "IT"),
        ("O", &options.names.organisation),
        ("CN", &options.names.intermediate_cn),
    ])?;
    let mut b = cert_builder(&name, &root.cert, &key, keys)?;
    set_validity(&mut b, options.ca_validity.0, options.ca_validity.1)?;
    let ski = SubjectKeyIdentifier::new()
        .build(&b.x509v3_context(Some(&root.cert), None))
        .ctx("building the subject key identifier")?;
    let aki = AuthorityKeyIdentifier::new()
        .keyid(true)
        .build(&b.x509v3_context(Some(&root.cert), None))
        .ctx("building the authority key identifier")?;

    // Name constraints like AgID CA1: the provider mail domains and organisation DNs, no IPs.
    let dir_names: Vec<Vec<u8>> = options
        .providers
        .iter()
        .map(|p| {
            x509_name(&[("C", "IT"), ("O", &p.organisation)])?
                .to_der()
                .ctx("encoding a name")
        })
        .collect::<Result<_, _>>()?;
    let mut permitted: Vec<der::GeneralName<'_>> = options
        .providers
        .iter()
        .map(|p| der::GeneralName::Email(&p.domain))
        .collect();
    permitted.extend(dir_names.iter().map(|d| der::GeneralName::Directory(d)));
    let excluded = [
        der::GeneralName::Ip(&[0; 8]),
        der::GeneralName::Ip(&[0; 32]),
    ];
    // AgID CA1 marks the extension non-critical; OpenSSL enforces it all the same.
    let nc = der_ext(
        "2.5.29.30",
        false,
        &der::name_constraints(&permitted, &excluded),
    )?;

    for ext in [
        BasicConstraints::new()
            .critical()
            .ca()
            .pathlen(0)
            .build()
            .ctx("building basic constraints")?,
        KeyUsage::new()
            .critical()
            .key_cert_sign()
            .crl_sign()
            .build()
            .ctx("building key usage")?,
        ExtendedKeyUsage::new()
            .server_auth()
            .email_protection()
            .build()
            .ctx("building extended key usage")?,
        policies_ext(CA_POLICY_OID)?,
        ski,
        aki,
        nc,
    ] {
        b.append_extension(ext).ctx("adding an extension")?;
    }
    b.sign(&root.key, MessageDigest::sha256())
        .ctx("signing the intermediate")?;
    Ok(CertifiedKey {
        cert: b.build(),
        key,
    })
}

/// A UTC instant from calendar values (for fixed validity windows in tests and the demo).
pub fn utc(year: i32, month: u32, day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(year, month, day, 0, 0, 0)
        .single()
        .expect("a valid calendar date")
}
