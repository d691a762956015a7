//! Marca temporale: RFC 3161 timestamps of a dossier's MANIFEST (and of the register's head).
//!
//! A time-stamping authority (TSA) signs the SHA-256 of the data with the time; the signed
//! token proves the data existed then. [`request`] asks the configured authority
//! ([`settings::TsaSettings`]) over HTTP(S) and accepts its token only after [`check_token`]
//! holds on it with the nonce of the request; [`check_token`] is also what `verify-dossier` and
//! the audit run:
//!
//! 1. the token is a DER CMS SignedData of a TSTInfo, with one signer, no revocation data,
//!    no unsigned attributes and no certificate outside the signer's path (a byte changed in
//!    any part of it, signed or not, is found);
//! 2. OpenSSL checks the signature over the TSTInfo;
//! 3. the TSTInfo's message imprint is the SHA-256 of the data (and the nonce the one asked);
//! 4. the signed ESS signing-certificate attribute names the certificate that signed;
//! 5. that certificate's path reaches a trust point for authorities of the checker's own
//!    ([`settings::load_anchors`], `--tsa-trust`), at the time the token gives, with the
//!    time-stamping purpose (critical extended key usage `timeStamping` only).
//!
//! The structures are RustCrypto's (`x509-tsp`, `cms`, `der`); `genTime` is read here because
//! authorities write fractions of a second, which `der` 0.7's GeneralizedTime refuses.

pub mod settings;

use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, Utc};
use cms::cert::CertificateChoices;
use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier};
use der::asn1::{Any, Int, ObjectIdentifier, OctetString};
use der::oid::db::rfc5912::ID_SHA_256;
use der::{Decode, Encode, Sequence, Tagged};
use openssl::cms::{CMSOptions, CmsContentInfo};
use openssl::hash::MessageDigest;
use openssl::stack::Stack;
use openssl::x509::store::X509StoreBuilder;
use openssl::x509::verify::{X509VerifyFlags, X509VerifyParam};
use openssl::x509::{X509, X509PurposeId, X509StoreContext};
use sha2::{Digest, Sha256};
use x509_tsp::{MessageImprint, TimeStampReq, TimeStampResp, TspVersion};

use crate::account::{Secret, SecretError};
use crate::verify::{CertInfo, certinfo};

/// The token of a dossier's MANIFEST, beside it at the dossier's top.
pub const TOKEN_FILE: &str = "MANIFEST.tst";
/// The trust points for authorities the dossier brings (a copy, for the `openssl` command:
/// compare its fingerprint with the authority's published one).
pub const ANCHORS_FILE: &str = "certificates/tsa-anchors.pem";

const ID_SIGNED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
const ID_CT_TSTINFO: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.1.4");
const ID_SIGNING_CERTIFICATE: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.12");
const ID_SIGNING_CERTIFICATE_V2: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.47");
const ID_SHA1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.14.3.2.26");

/// Largest reply read from an authority (a token is a few kilobytes).
const MAX_REPLY: usize = 1024 * 1024;
/// How long an authority may take to answer.
const TIMEOUT: Duration = Duration::from_secs(30);
/// Longest certificate path accepted.
const MAX_DEPTH: i32 = 8;

/// Why a timestamp could not be had, or does not hold.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimestampError {
    /// No authority is configured.
    #[error("no time-stamping authority is configured (set its address in the settings)")]
    NotConfigured,
    /// No trust point for authorities: a token cannot be checked.
    #[error(
        "no trust point for time-stamping authorities is configured: the authority's certificate cannot be checked"
    )]
    NoAnchors,
    /// The address is not a usable http(s) URL.
    #[error("the authority's address {0} is not an http:// or https:// address")]
    BadUrl(String),
    /// The authority could not be reached.
    #[error("the time-stamping authority {url} cannot be reached: {reason}")]
    Unreachable {
        /// Its address.
        url: String,
        /// Why.
        reason: String,
    },
    /// The authority answered with an HTTP error.
    #[error("the time-stamping authority {url} answered HTTP {status}")]
    Http {
        /// Its address.
        url: String,
        /// The HTTP status.
        status: u16,
    },
    /// The answer is not a timestamp reply.
    #[error("the authority's answer is not a timestamp reply: {0}")]
    NotAReply(String),
    /// The authority refused to timestamp.
    #[error("the time-stamping authority refused: {0}")]
    Refused(String),
    /// The token is not a well-formed RFC 3161 token.
    #[error("the timestamp token is not well formed: {0}")]
    Malformed(String),
    /// The token's signature does not hold.
    #[error("the timestamp token's signature does not hold: {0}")]
    BadSignature(String),
    /// The token vouches for other data.
    #[error("the timestamp is for other data (its hash is not this file's)")]
    WrongImprint,
    /// The token does not carry the nonce of the request (a replayed or foreign token).
    #[error("the timestamp does not answer this request (its nonce is not the one sent)")]
    WrongNonce,
    /// The certificate that signed is not in the token.
    #[error("the token does not carry the certificate that signed it")]
    NoSignerCertificate,
    /// The signed signing-certificate attribute names another certificate.
    #[error("the token's signing-certificate attribute does not name the certificate that signed")]
    SignerMismatch,
    /// The authority's certificate does not lead to a trust point at the token's time.
    #[error("the time-stamping authority's certificate is not trusted: {0}")]
    Untrusted(String),
    /// The keyring could not give the authority's password.
    #[error("the authority's password cannot be read from the keyring: {0}")]
    Keyring(String),
}

impl From<SecretError> for TimestampError {
    fn from(e: SecretError) -> Self {
        TimestampError::Keyring(e.to_string())
    }
}

/// What a token that holds says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenInfo {
    /// The time the authority vouches for.
    pub time: DateTime<Utc>,
    /// Its accuracy, in milliseconds, when given.
    pub accuracy_ms: Option<u64>,
    /// The token's serial number (hex).
    pub serial: String,
    /// The authority's policy (OID).
    pub policy: String,
    /// The nonce, as big-endian bytes, when present.
    pub nonce: Option<Vec<u8>>,
    /// The certificate that signed (the authority).
    pub authority: CertInfo,
    /// Its path, signer first, ending at the trust point.
    pub chain: Vec<CertInfo>,
}

/// `ESSCertID` (RFC 2634 §5.4.1).
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct EssCertId {
    cert_hash: OctetString,
    #[asn1(optional = "true")]
    issuer_serial: Option<Any>,
}

/// `SigningCertificate` (RFC 2634 §5.4).
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct SigningCertificate {
    certs: Vec<EssCertId>,
    #[asn1(optional = "true")]
    policies: Option<Any>,
}

/// `ESSCertIDv2` (RFC 5035 §4); the hash algorithm defaults to SHA-256.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct EssCertIdV2 {
    #[asn1(optional = "true")]
    hash_algorithm: Option<spki_alg::AlgorithmIdentifierOwned>,
    cert_hash: OctetString,
    #[asn1(optional = "true")]
    issuer_serial: Option<Any>,
}

/// `SigningCertificateV2` (RFC 5035 §3).
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct SigningCertificateV2 {
    certs: Vec<EssCertIdV2>,
    #[asn1(optional = "true")]
    policies: Option<Any>,
}

mod spki_alg {
    pub use cms::cert::x509::spki::AlgorithmIdentifierOwned;
}

/// `TSTInfo` (RFC 3161 §2.4.2) with `genTime` kept raw (see the module documentation).
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct TstInfo {
    version: TspVersion,
    policy: ObjectIdentifier,
    message_imprint: MessageImprint,
    serial_number: Int,
    gen_time: Any,
    #[asn1(optional = "true")]
    accuracy: Option<x509_tsp::Accuracy>,
    #[asn1(default = "Default::default")]
    ordering: bool,
    #[asn1(optional = "true")]
    nonce: Option<Int>,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    tsa: Option<Any>,
    #[asn1(context_specific = "1", tag_mode = "IMPLICIT", optional = "true")]
    extensions: Option<Any>,
}

fn sha256_imprint(digest: &[u8]) -> Result<MessageImprint, TimestampError> {
    Ok(MessageImprint {
        hash_algorithm: cms::cert::x509::spki::AlgorithmIdentifier {
            oid: ID_SHA_256,
            parameters: None,
        },
        hashed_message: OctetString::new(digest)
            .map_err(|e| TimestampError::Malformed(e.to_string()))?,
    })
}

/// A new random nonce (64 bits, positive).
pub fn new_nonce() -> Vec<u8> {
    let mut n = [0u8; 8];
    // OpenSSL's generator; should it fail, the time makes the nonce unique enough.
    if openssl::rand::rand_bytes(&mut n).is_err() {
        n = (Utc::now().timestamp_nanos_opt().unwrap_or(0) as u64).to_be_bytes();
    }
    n[0] &= 0x7f;
    n[0] |= 0x01;
    n.to_vec()
}

/// A DER `TimeStampReq` for the SHA-256 `digest`, with `nonce`, asking for the authority's
/// certificate in the token.
pub fn request_der(
    digest: &[u8],
    nonce: &[u8],
    policy: Option<&str>,
) -> Result<Vec<u8>, TimestampError> {
    let req_policy = match policy.filter(|p| !p.is_empty()) {
        Some(p) => Some(
            ObjectIdentifier::new(p)
                .map_err(|_| TimestampError::Malformed(format!("policy {p} is not an OID")))?,
        ),
        None => None,
    };
    TimeStampReq {
        version: TspVersion::V1,
        message_imprint: sha256_imprint(digest)?,
        req_policy,
        nonce: Some(Int::new(nonce).map_err(|e| TimestampError::Malformed(e.to_string()))?),
        cert_req: true,
        extensions: None,
    }
    .to_der()
    .map_err(|e| TimestampError::Malformed(e.to_string()))
}

/// The token of a DER `TimeStampResp`, when the authority granted it.
pub fn token_of_reply(reply: &[u8]) -> Result<Vec<u8>, TimestampError> {
    let resp =
        TimeStampResp::from_der(reply).map_err(|e| TimestampError::NotAReply(e.to_string()))?;
    // PKIStatus granted (0) or grantedWithMods (1).
    if resp.status.status as u8 > 1 {
        let text: Vec<String> = resp
            .status
            .status_string
            .iter()
            .flatten()
            .map(|s| s.as_str().chars().filter(|c| !c.is_control()).collect())
            .collect();
        return Err(TimestampError::Refused(format!(
            "status {:?}{}",
            resp.status.status,
            if text.is_empty() {
                String::new()
            } else {
                format!(": {}", text.join(" "))
            }
        )));
    }
    let token = resp
        .time_stamp_token
        .ok_or_else(|| TimestampError::NotAReply("the reply carries no token".into()))?;
    token
        .to_der()
        .map_err(|e| TimestampError::Malformed(e.to_string()))
}

/// Reads `genTime`: `YYYYMMDDHHMMSS[.fff…]Z`.
fn gen_time(any: &Any) -> Result<DateTime<Utc>, TimestampError> {
    if any.tag() != der::Tag::GeneralizedTime {
        return Err(TimestampError::Malformed(
            "genTime is not a GeneralizedTime".into(),
        ));
    }
    let text = std::str::from_utf8(any.value())
        .map_err(|_| TimestampError::Malformed("genTime is not text".into()))?;
    NaiveDateTime::parse_from_str(text, "%Y%m%d%H%M%S%.fZ")
        .map(|t| t.and_utc())
        .map_err(|_| TimestampError::Malformed(format!("genTime {text:?} is not a UTC time")))
}

fn accuracy_ms(a: &x509_tsp::Accuracy) -> u64 {
    a.seconds.unwrap_or(0) * 1000
        + a.millis.unwrap_or(0).max(0) as u64
        + u64::from(a.micros.unwrap_or(0) > 0)
}

/// Checks `token` (DER) as a timestamp of the SHA-256 `digest` against the trust points
/// `anchors` (see the module documentation for every step).
pub fn check_token(
    token: &[u8],
    digest: &[u8],
    anchors: &[X509],
) -> Result<TokenInfo, TimestampError> {
    let malformed = |e: String| TimestampError::Malformed(e);
    // 1. Structure (strict DER: the bytes are exactly what these values encode).
    let ci = ContentInfo::from_der(token).map_err(|e| malformed(e.to_string()))?;
    if ci.content_type != ID_SIGNED_DATA {
        return Err(malformed("it is not CMS SignedData".into()));
    }
    let sd: SignedData = ci
        .content
        .decode_as()
        .map_err(|e| malformed(e.to_string()))?;
    // RFC 5652 §5.1: version 3 for a content other than id-data.
    if sd.version != cms::content_info::CmsVersion::V3 {
        return Err(malformed("its SignedData version is not 3".into()));
    }
    if sd.encap_content_info.econtent_type != ID_CT_TSTINFO {
        return Err(malformed("its content is not a TSTInfo".into()));
    }
    if sd.crls.is_some() {
        return Err(malformed("it carries revocation data".into()));
    }
    let signers = sd.signer_infos.0.as_slice();
    let [signer] = signers else {
        return Err(malformed(format!(
            "it has {} signers, not one",
            signers.len()
        )));
    };
    // RFC 5652 §5.3: version 1 with issuer and serial number, 3 with a key identifier.
    let signer_version = match signer.sid {
        SignerIdentifier::IssuerAndSerialNumber(_) => cms::content_info::CmsVersion::V1,
        SignerIdentifier::SubjectKeyIdentifier(_) => cms::content_info::CmsVersion::V3,
    };
    if signer.version != signer_version {
        return Err(malformed(
            "its SignerInfo version does not match its identifier".into(),
        ));
    }
    if signer.unsigned_attrs.is_some() {
        return Err(malformed("it carries unsigned attributes".into()));
    }
    if sd.digest_algorithms.as_slice() != std::slice::from_ref(&signer.digest_alg) {
        return Err(malformed(
            "its digest algorithms are not the signer's".into(),
        ));
    }
    let mut certs: Vec<(Vec<u8>, cms::cert::x509::Certificate)> = Vec::new();
    for choice in sd.certificates.iter().flat_map(|c| c.0.iter()) {
        match choice {
            CertificateChoices::Certificate(c) => {
                certs.push((c.to_der().map_err(|e| malformed(e.to_string()))?, c.clone()))
            }
            CertificateChoices::Other(_) => {
                return Err(malformed(
                    "it carries a certificate of another format".into(),
                ));
            }
        }
    }

    // 2. The signature over the TSTInfo.
    let mut cms = CmsContentInfo::from_der(token).map_err(|e| malformed(e.to_string()))?;
    let mut content = Vec::new();
    cms.verify(
        None,
        None,
        None,
        Some(&mut content),
        CMSOptions::NO_SIGNER_CERT_VERIFY | CMSOptions::BINARY,
    )
    .map_err(|e| TimestampError::BadSignature(e.to_string()))?;

    // 3. What it vouches for.
    let tst = TstInfo::from_der(&content).map_err(|e| malformed(e.to_string()))?;
    if tst.message_imprint.hash_algorithm.oid != ID_SHA_256
        || tst.message_imprint.hashed_message.as_bytes() != digest
    {
        return Err(TimestampError::WrongImprint);
    }
    let time = gen_time(&tst.gen_time)?;

    // 4. The certificate that signed, and the signed attribute naming it.
    let signer_cert = certs
        .iter()
        .find(|(_, c)| match &signer.sid {
            SignerIdentifier::IssuerAndSerialNumber(ias) => {
                c.tbs_certificate.issuer == ias.issuer
                    && c.tbs_certificate.serial_number == ias.serial_number
            }
            SignerIdentifier::SubjectKeyIdentifier(ski) => {
                subject_key_id(c).is_some_and(|k| k == ski.0.as_bytes())
            }
        })
        .map(|(der, _)| der.clone())
        .ok_or(TimestampError::NoSignerCertificate)?;
    check_signing_certificate(signer, &signer_cert)?;
    let signer_x509 = X509::from_der(&signer_cert).map_err(|e| malformed(e.to_string()))?;
    // OpenSSL picks the algorithm from the key and tolerates any identifier here: one that
    // does not name a signature with this key is refused.
    if !signature_algorithm_fits(
        &signer.signature_algorithm.oid,
        &signer.digest_alg.oid,
        &signer_x509,
    ) {
        return Err(malformed(format!(
            "its signature algorithm {} does not fit the authority's key",
            signer.signature_algorithm.oid
        )));
    }

    // 5. Its path to a trust point, at the token's time, for time-stamping.
    if anchors.is_empty() {
        return Err(TimestampError::NoAnchors);
    }
    let carried: Vec<X509> = certs
        .iter()
        .filter(|(der, _)| *der != signer_cert)
        .filter_map(|(der, _)| X509::from_der(der).ok())
        .collect();
    let chain = authority_path(&signer_x509, &carried, anchors, time)?;
    let chain_der: Vec<Vec<u8>> = chain.iter().filter_map(|c| c.to_der().ok()).collect();
    if let Some((_, extra)) = certs.iter().find(|(der, _)| !chain_der.contains(der)) {
        return Err(malformed(format!(
            "it carries a certificate outside the authority's path ({})",
            extra.tbs_certificate.subject
        )));
    }
    Ok(TokenInfo {
        time,
        accuracy_ms: tst.accuracy.as_ref().map(accuracy_ms),
        serial: hex::encode(tst.serial_number.as_bytes()),
        policy: tst.policy.to_string(),
        nonce: tst.nonce.as_ref().map(|n| n.as_bytes().to_vec()),
        authority: certinfo::cert_info(&signer_x509),
        chain: chain.iter().map(|c| certinfo::cert_info(c)).collect(),
    })
}

fn subject_key_id(c: &cms::cert::x509::Certificate) -> Option<Vec<u8>> {
    use cms::cert::x509::ext::pkix::SubjectKeyIdentifier;
    c.tbs_certificate
        .extensions
        .iter()
        .flatten()
        .find(|e| e.extn_id == const_oid_ski())
        .and_then(|e| SubjectKeyIdentifier::from_der(e.extn_value.as_bytes()).ok())
        .map(|k| k.0.as_bytes().to_vec())
}

fn const_oid_ski() -> ObjectIdentifier {
    ObjectIdentifier::new_unwrap("2.5.29.14")
}

/// The signed `signingCertificate` (SHA-1) or `signingCertificateV2` attribute must name the
/// certificate that signed (its first entry, RFC 5035 §5.4).
fn check_signing_certificate(
    signer: &cms::signed_data::SignerInfo,
    cert_der: &[u8],
) -> Result<(), TimestampError> {
    let attrs = signer
        .signed_attrs
        .as_ref()
        .ok_or_else(|| TimestampError::Malformed("it has no signed attributes".into()))?;
    for attr in attrs.iter() {
        let Some(value) = attr.values.iter().next() else {
            continue;
        };
        if attr.oid == ID_SIGNING_CERTIFICATE_V2 {
            let sc: SigningCertificateV2 = value
                .decode_as()
                .map_err(|e| TimestampError::Malformed(e.to_string()))?;
            let first = sc.certs.first().ok_or(TimestampError::SignerMismatch)?;
            let alg = first
                .hash_algorithm
                .as_ref()
                .map(|a| a.oid)
                .unwrap_or(ID_SHA_256);
            let md = digest_by_oid(alg).ok_or_else(|| {
                TimestampError::Malformed(format!("unknown certificate hash algorithm {alg}"))
            })?;
            let hash = openssl::hash::hash(md, cert_der)
                .map_err(|e| TimestampError::Malformed(e.to_string()))?;
            return if first.cert_hash.as_bytes() == &*hash {
                Ok(())
            } else {
                Err(TimestampError::SignerMismatch)
            };
        }
        if attr.oid == ID_SIGNING_CERTIFICATE {
            let sc: SigningCertificate = value
                .decode_as()
                .map_err(|e| TimestampError::Malformed(e.to_string()))?;
            let first = sc.certs.first().ok_or(TimestampError::SignerMismatch)?;
            let hash = openssl::hash::hash(MessageDigest::sha1(), cert_der)
                .map_err(|e| TimestampError::Malformed(e.to_string()))?;
            return if first.cert_hash.as_bytes() == &*hash {
                Ok(())
            } else {
                Err(TimestampError::SignerMismatch)
            };
        }
    }
    Err(TimestampError::Malformed(
        "it has no signing-certificate attribute".into(),
    ))
}

/// True when `oid` names a signature made with the key of `cert` (RSA, RSA-PSS or ECDSA) and,
/// when it names a digest too, the signer's digest algorithm `digest`.
fn signature_algorithm_fits(
    oid: &ObjectIdentifier,
    digest: &ObjectIdentifier,
    cert: &X509,
) -> bool {
    // (signature algorithm, the digest it names, if any)
    const RSA: &[(&str, Option<&str>)] = &[
        ("1.2.840.113549.1.1.1", None),
        ("1.2.840.113549.1.1.10", None),
        ("1.2.840.113549.1.1.11", Some("2.16.840.1.101.3.4.2.1")),
        ("1.2.840.113549.1.1.12", Some("2.16.840.1.101.3.4.2.2")),
        ("1.2.840.113549.1.1.13", Some("2.16.840.1.101.3.4.2.3")),
    ];
    const EC: &[(&str, Option<&str>)] = &[
        ("1.2.840.10045.2.1", None),
        ("1.2.840.10045.4.3.2", Some("2.16.840.1.101.3.4.2.1")),
        ("1.2.840.10045.4.3.3", Some("2.16.840.1.101.3.4.2.2")),
        ("1.2.840.10045.4.3.4", Some("2.16.840.1.101.3.4.2.3")),
    ];
    let text = oid.to_string();
    let digest = digest.to_string();
    let Ok(key) = cert.public_key() else {
        return false;
    };
    let known = match key.id() {
        openssl::pkey::Id::RSA | openssl::pkey::Id::RSA_PSS => RSA,
        openssl::pkey::Id::EC => EC,
        _ => return false,
    };
    known
        .iter()
        .any(|(alg, d)| *alg == text && d.is_none_or(|d| d == digest))
}

fn digest_by_oid(oid: ObjectIdentifier) -> Option<MessageDigest> {
    use der::oid::db::rfc5912::{ID_SHA_384, ID_SHA_512};
    if oid == ID_SHA_256 {
        Some(MessageDigest::sha256())
    } else if oid == ID_SHA_384 {
        Some(MessageDigest::sha384())
    } else if oid == ID_SHA_512 {
        Some(MessageDigest::sha512())
    } else if oid == ID_SHA1 {
        Some(MessageDigest::sha1())
    } else {
        None
    }
}

/// The authority's path at `at` with OpenSSL: time-stamping purpose, the carried certificates
/// as intermediates, `anchors` as trust points (which need not be roots).
fn authority_path(
    leaf: &X509,
    carried: &[X509],
    anchors: &[X509],
    at: DateTime<Utc>,
) -> Result<Vec<X509>, TimestampError> {
    let run = || -> Result<(bool, i32, String, Vec<X509>), openssl::error::ErrorStack> {
        let mut builder = X509StoreBuilder::new()?;
        for a in anchors {
            builder.add_cert(a.clone())?;
        }
        let mut param = X509VerifyParam::new()?;
        param.set_time(at.timestamp() as _);
        param.set_depth(MAX_DEPTH);
        param.set_purpose(X509PurposeId::TIMESTAMP_SIGN)?;
        param.set_flags(X509VerifyFlags::PARTIAL_CHAIN)?;
        builder.set_param(&param)?;
        let store = builder.build();
        let mut stack = Stack::new()?;
        for c in carried {
            stack.push(c.clone())?;
        }
        let mut ctx = X509StoreContext::new()?;
        ctx.init(&store, leaf, &stack, |c| {
            let ok = c.verify_cert()?;
            let chain = c
                .chain()
                .map(|s| s.iter().map(|x| x.to_owned()).collect())
                .unwrap_or_default();
            Ok((
                ok,
                c.error().as_raw(),
                c.error().error_string().to_owned(),
                chain,
            ))
        })
    };
    let (ok, code, text, chain) = run().map_err(|e| TimestampError::Untrusted(e.to_string()))?;
    if ok {
        return Ok(chain);
    }
    let when = at.format("%Y-%m-%d %H:%M:%S UTC");
    Err(TimestampError::Untrusted(match code {
        // X509_V_ERR_CERT_NOT_YET_VALID, _HAS_EXPIRED
        9 | 10 => format!("it was not valid at the time the token gives ({when}): {text}"),
        // X509_V_ERR_INVALID_PURPOSE
        26 => format!("it is not a time-stamping certificate ({text})"),
        _ => {
            format!("its path does not reach a trust point for time-stamping authorities ({text})")
        }
    }))
}

/// The SHA-256 of `data`.
pub fn digest(data: &[u8]) -> [u8; 32] {
    Sha256::digest(data).into()
}

/// What a third party runs to check a dossier's timestamp with OpenSSL alone (in the
/// dossier's folder).
pub fn openssl_command() -> String {
    format!("openssl ts -verify -token_in -in {TOKEN_FILE} -data MANIFEST -CAfile {ANCHORS_FILE}")
}

/// Asks the authority at `url` for a token over the SHA-256 `digest` and returns it once
/// [`check_token`] holds on it with the nonce sent. Runs on a thread of its own with its own
/// runtime, so that it can be called from anywhere (the window's workers included).
pub fn request(
    url: &str,
    credentials: Option<(&str, &Secret)>,
    policy: Option<&str>,
    digest: &[u8],
    anchors: &[X509],
) -> Result<(Vec<u8>, TokenInfo), TimestampError> {
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return Err(TimestampError::BadUrl(url.to_owned()));
    }
    if anchors.is_empty() {
        return Err(TimestampError::NoAnchors);
    }
    let nonce = new_nonce();
    let body = request_der(digest, &nonce, policy)?;
    let url_owned = url.to_owned();
    let creds = credentials.map(|(u, p)| (u.to_owned(), p.clone()));
    let reply = std::thread::scope(|s| {
        s.spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| TimestampError::Unreachable {
                    url: url_owned.clone(),
                    reason: e.to_string(),
                })?;
            rt.block_on(post(&url_owned, creds, body))
        })
        .join()
        .unwrap_or_else(|_| {
            Err(TimestampError::Unreachable {
                url: url.to_owned(),
                reason: "the request stopped unexpectedly".into(),
            })
        })
    })?;
    let token = token_of_reply(&reply)?;
    let info = check_token(&token, digest, anchors)?;
    if info.nonce.as_deref() != Some(nonce.as_slice()) {
        return Err(TimestampError::WrongNonce);
    }
    Ok((token, info))
}

async fn post(
    url: &str,
    credentials: Option<(String, Secret)>,
    body: Vec<u8>,
) -> Result<Vec<u8>, TimestampError> {
    let unreachable = |e: &dyn std::fmt::Display| TimestampError::Unreachable {
        url: url.to_owned(),
        reason: e.to_string(),
    };
    let client = reqwest::Client::builder()
        .timeout(TIMEOUT)
        .connect_timeout(Duration::from_secs(15))
        .user_agent(super::tool_name())
        .build()
        .map_err(|e| unreachable(&e))?;
    let mut req = client
        .post(url)
        .header(reqwest::header::CONTENT_TYPE, "application/timestamp-query")
        .header(reqwest::header::ACCEPT, "application/timestamp-reply")
        .body(body);
    if let Some((user, password)) = &credentials {
        req = req.basic_auth(user, Some(password.expose()));
    }
    let mut resp = req
        .send()
        .await
        .map_err(|e| unreachable(&error_chain(&e)))?;
    let status = resp.status();
    if !status.is_success() {
        return Err(TimestampError::Http {
            url: url.to_owned(),
            status: status.as_u16(),
        });
    }
    let mut out = Vec::new();
    while let Some(chunk) = resp
        .chunk()
        .await
        .map_err(|e| unreachable(&error_chain(&e)))?
    {
        if out.len() + chunk.len() > MAX_REPLY {
            return Err(TimestampError::NotAReply(
                "the answer is far larger than a timestamp".into(),
            ));
        }
        out.extend_from_slice(&chunk);
    }
    Ok(out)
}

/// An error with its causes ("error sending request: connection refused").
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let s_text = s.to_string();
        if !text.contains(&s_text) {
            text.push_str(": ");
            text.push_str(&s_text);
        }
        source = s.source();
    }
    text
}

/// An authority ready to be asked: its address, credentials, policy and the trust points its
/// tokens are checked against.
#[derive(Clone)]
pub struct Stamper {
    /// Its address.
    pub url: String,
    /// User name and password, when it asks for them.
    pub credentials: Option<(String, Secret)>,
    /// The policy to ask for.
    pub policy: Option<String>,
    /// Trust points for its certificate.
    pub anchors: Vec<X509>,
}

impl std::fmt::Debug for Stamper {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stamper")
            .field("url", &self.url)
            .field("user", &self.credentials.as_ref().map(|(u, _)| u))
            .field("policy", &self.policy)
            .field("anchors", &self.anchors.len())
            .finish()
    }
}

impl Stamper {
    /// The authority of the settings of `config_dir` with the trust points of `profile_dir`
    /// and the password from `keyring`.
    pub fn configured(
        config_dir: &std::path::Path,
        profile_dir: &std::path::Path,
        keyring: &crate::account::Keyring,
    ) -> Result<Stamper, TimestampError> {
        let s = settings::TsaSettings::load(config_dir)
            .map_err(|e| TimestampError::Malformed(e.to_string()))?;
        if !s.is_configured() {
            return Err(TimestampError::NotConfigured);
        }
        let anchors = settings::load_anchors(profile_dir)
            .map_err(|e| TimestampError::Untrusted(e.to_string()))?;
        if anchors.is_empty() {
            return Err(TimestampError::NoAnchors);
        }
        Ok(Stamper {
            url: s.url.trim().to_owned(),
            credentials: s.credentials(keyring)?,
            policy: s.policy.clone(),
            anchors,
        })
    }

    /// A token over the SHA-256 of `data`, checked.
    pub fn stamp(&self, data: &[u8]) -> Result<(Vec<u8>, TokenInfo), TimestampError> {
        self.stamp_digest(&digest(data))
    }

    /// A token over a SHA-256 digest, checked.
    pub fn stamp_digest(&self, digest: &[u8]) -> Result<(Vec<u8>, TokenInfo), TimestampError> {
        request(
            &self.url,
            self.credentials.as_ref().map(|(u, p)| (u.as_str(), p)),
            self.policy.as_deref(),
            digest,
            &self.anchors,
        )
    }
}

/// Checks the register's head timestamps against trust points for authorities.
pub struct RegisterStampChecker {
    /// The trust points.
    pub anchors: Vec<X509>,
}

impl crate::store::StampChecker for RegisterStampChecker {
    fn check(&self, token: &[u8], digest: &[u8]) -> Result<DateTime<Utc>, String> {
        check_token(token, digest, &self.anchors)
            .map(|i| i.time)
            .map_err(|e| e.to_string())
    }
}
