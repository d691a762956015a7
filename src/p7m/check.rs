//! Checks every signer of every layer of a signed document, each on its own:
//! 1. the SignerInfo must follow the CMS rules → else `malformed`;
//! 2. OpenSSL `CMS_verify` over a SignedData holding only this signer (the content stays
//!    enveloped) → a mismatch is `tampered`. A counter-signature (RFC 5652 §11.4) is checked
//!    with OpenSSL's digest and signature primitives: its messageDigest against the digest of
//!    the signature value it counter-signs, its signature over its signed attributes (CMS_verify
//!    would demand a contentType attribute that counter-signatures must not have);
//! 3. the time: the signer's `signingTime`, else the reference time the caller gives;
//! 4. with a trust list: the certificate path to an issuer of the list at that time, the issuer
//!    qualified at that time, a key usage for signatures → `valid`, `untrusted` or `expired`;
//!    without one: only the certificate's own validity at that time → `intact-not-checked` or
//!    `expired`.

use chrono::{DateTime, Utc};
use openssl::cms::{CMSOptions, CmsContentInfo};
use openssl::x509::{X509, X509KeyUsage};

use super::decode::Unwrapped;
use super::outcome::{
    DocNote, DocStatus, DocumentVerification, ReferenceTime, SignerReport, TimeSource,
};
use super::signer::describe;
use super::trust::QualifiedTrust;
use crate::verify::certinfo::cert_info;
use crate::verify::chain::{Purpose, check_path_for};
use crate::verify::der::{self, SignedDataInfo, SignerInfoData};

/// Counter-signatures of counter-signatures are followed this deep.
const MAX_COUNTERSIGNATURE_DEPTH: usize = 4;

/// Verifies every signer of an unwrapped document.
pub fn verify_unwrapped(
    unwrapped: &Unwrapped,
    trust: Option<&QualifiedTrust>,
    reference: ReferenceTime,
) -> DocumentVerification {
    let trust_list = trust.map(|t| (t, t.trust_list()));
    let ctx = Ctx {
        trust: trust_list.as_ref().map(|(q, l)| (*q, l)),
        reference,
    };
    let mut signers = Vec::new();
    for (index, layer) in unwrapped.layers.iter().enumerate() {
        check_layer(&ctx, index + 1, &layer.der, &layer.info, &mut signers);
    }
    let status = signers
        .iter()
        .map(|s| s.status)
        .max()
        .unwrap_or(DocStatus::Malformed);
    DocumentVerification {
        status,
        form: unwrapped.form,
        layers: unwrapped.layers.len(),
        reason: signers
            .is_empty()
            .then(|| "the signed document has no signer".to_owned()),
        signers,
        trust_list: trust.is_some(),
    }
}

struct Ctx<'a> {
    trust: Option<(&'a QualifiedTrust, &'a crate::verify::TrustList)>,
    reference: ReferenceTime,
}

fn check_layer(
    ctx: &Ctx<'_>,
    layer: usize,
    der: &[u8],
    info: &SignedDataInfo,
    out: &mut Vec<SignerReport>,
) {
    if info.signers.is_empty() {
        let mut r = SignerReport::new(layer, DocStatus::Malformed);
        r.reason = Some("this signature layer has no signer".to_owned());
        out.push(r);
        return;
    }
    let certs: Vec<X509> = info
        .certificates
        .iter()
        .filter_map(|d| X509::from_der(d).ok())
        .collect();
    let damaged = certs.len() != info.certificates.len();
    for (i, si) in info.signers.iter().enumerate() {
        let mut report = SignerReport::new(layer, DocStatus::Malformed);
        if damaged {
            report.reason = Some("the signature carries a damaged certificate".to_owned());
            out.push(report);
            continue;
        }
        let single;
        let cms_der = if info.signers.len() == 1 {
            der
        } else {
            match der::single_signer(info, i) {
                Some(d) => {
                    single = d;
                    &single
                }
                None => {
                    report.reason = Some("the signer cannot be separated from the others".into());
                    out.push(report);
                    continue;
                }
            }
        };
        let violation = info.rule_violation_for(i);
        check_signer(
            ctx,
            Integrity::Cms(cms_der),
            si,
            violation,
            &certs,
            &mut report,
        );
        out.push(report);
        let parent = out.len() - 1;
        check_countersignatures(ctx, layer, si, &certs, parent, 1, out);
    }
}

#[allow(clippy::too_many_arguments)]
fn check_countersignatures(
    ctx: &Ctx<'_>,
    layer: usize,
    parent_si: &SignerInfoData,
    certs: &[X509],
    parent: usize,
    depth: usize,
    out: &mut Vec<SignerReport>,
) {
    for cs in parent_si.countersignatures() {
        let mut report = SignerReport::new(layer, DocStatus::Malformed);
        report.countersigns = Some(parent);
        if depth > MAX_COUNTERSIGNATURE_DEPTH {
            report.reason = Some("counter-signatures are nested too deeply".to_owned());
            out.push(report);
            return;
        }
        let Some(cs_info) = der::read_signer_info(cs) else {
            report.reason = Some("a counter-signature cannot be read".to_owned());
            out.push(report);
            continue;
        };
        let violation = der::signer_rule_violation(&cs_info, &[]).or_else(|| {
            (!cs_info.has_signed_attrs).then_some("a counter-signature must have signed attributes")
        });
        check_signer(
            ctx,
            Integrity::Counter {
                countersigned: &parent_si.signature,
            },
            &cs_info,
            violation,
            certs,
            &mut report,
        );
        out.push(report);
        let me = out.len() - 1;
        check_countersignatures(ctx, layer, &cs_info, certs, me, depth + 1, out);
    }
}

/// How the integrity of a signer is checked.
enum Integrity<'a> {
    /// `CMS_verify` over this SignedData (holding only the signer).
    Cms(&'a [u8]),
    /// A counter-signature over this signature value.
    Counter { countersigned: &'a [u8] },
}

/// Why an integrity check failed.
enum Broken {
    /// The signed data or the signature value does not match.
    Tampered(String),
    /// The check could not run.
    Unreadable(String),
}

fn check_signer(
    ctx: &Ctx<'_>,
    integrity: Integrity<'_>,
    si: &SignerInfoData,
    violation: Option<&'static str>,
    certs: &[X509],
    r: &mut SignerReport,
) {
    let cert = si
        .sid
        .as_ref()
        .and_then(|id| crate::verify::signer_by_id(certs, id));
    if let Some(cert) = cert {
        describe(cert, r);
    }
    if let Some(problem) = violation {
        r.status = DocStatus::Malformed;
        r.reason = Some(format!(
            "the signature structure breaks the CMS rules: {problem}"
        ));
        return;
    }
    let Some(cert) = cert else {
        r.status = DocStatus::Malformed;
        r.reason = Some("the signer's certificate is not in the signature".to_owned());
        return;
    };

    // Integrity: content (or counter-signed value) and signed attributes against the signature.
    let counter = matches!(integrity, Integrity::Counter { .. });
    let result = match integrity {
        Integrity::Cms(der) => cms_integrity(der),
        Integrity::Counter { countersigned } => counter_integrity(si, cert, countersigned),
    };
    match result {
        Ok(()) => {}
        Err(Broken::Tampered(detail)) => {
            r.notes.push(DocNote::Detail { text: detail });
            r.status = DocStatus::Tampered;
            r.reason = Some(if counter {
                "the counter-signature does not match the signature it counter-signs".to_owned()
            } else {
                "the document does not match the signature: it was changed after signing".to_owned()
            });
            return;
        }
        Err(Broken::Unreadable(detail)) => {
            r.status = DocStatus::Malformed;
            r.reason = Some(format!("the signature cannot be checked: {detail}"));
            return;
        }
    }

    // CAdES binds the signer's certificate into the signed attributes: it must be this one.
    if let Some((alg, hash)) = &si.signing_certificate {
        match certificate_hash(cert, alg) {
            Some(h) if &h == hash => {}
            Some(_) => {
                r.status = DocStatus::Tampered;
                r.reason = Some(
                    "the certificate in the signature is not the one the signer signed with"
                        .to_owned(),
                );
                return;
            }
            None => {
                r.status = DocStatus::Malformed;
                r.reason = Some(
                    "the signed reference to the signer's certificate uses an unknown digest"
                        .to_owned(),
                );
                return;
            }
        }
    }

    // The time.
    let (at, source) = match si.signing_time {
        Some(t) => (t, TimeSource::SigningTime),
        None => (ctx.reference.time, ctx.reference.source),
    };
    r.signing_time = Some(at);
    r.signing_time_source = Some(source);
    if source == TimeSource::SigningTime {
        r.notes.push(DocNote::SigningTimeDeclared);
    }
    if si.has_timestamp() {
        r.notes.push(DocNote::TimestampNotChecked);
    }

    // Key usage: a certificate for signatures has nonRepudiation or digitalSignature.
    let usage_ok = cert.key_usage().is_none_or(|ku| {
        ku.intersects(X509KeyUsage::NON_REPUDIATION | X509KeyUsage::DIGITAL_SIGNATURE)
    });

    let Some((qualified, list)) = ctx.trust else {
        r.notes.push(DocNote::NoTrustList);
        r.chain = vec![cert_info(cert)];
        r.status = if !valid_at(cert, at) {
            r.reason = Some(format!(
                "the signer's certificate was not valid at signing time ({})",
                at.to_rfc3339()
            ));
            DocStatus::Expired
        } else if !usage_ok {
            r.reason = Some("the signer's certificate is not meant for signatures".to_owned());
            DocStatus::Untrusted
        } else {
            DocStatus::IntactNotChecked
        };
        return;
    };

    let carried: Vec<X509> = certs
        .iter()
        .filter(|c| c.to_der().ok() != cert.to_der().ok())
        .cloned()
        .collect();
    let path = check_path_for(cert, &carried, list, at, Purpose::DocumentSigning);
    r.chain = path.chain.iter().map(|c| cert_info(c)).collect();
    r.status = match path.status {
        crate::verify::Status::Valid => DocStatus::Valid,
        crate::verify::Status::Expired => DocStatus::Expired,
        _ => DocStatus::Untrusted,
    };
    // The anchor is the last certificate of the built path.
    let anchor = path.chain.last().and_then(|c| qualified.find(c));
    r.issuer_trusted = Some(anchor.is_some());
    if let Some(reason) = path.reason {
        r.reason = Some(match r.status {
            DocStatus::Expired => format!(
                "the signer's certificate (or its chain) was not valid at signing time ({}): {reason}",
                at.to_rfc3339()
            ),
            _ => format!("the signer does not lead to an issuer of the trust list: {reason}"),
        });
    }
    if r.status != DocStatus::Valid {
        return;
    }
    let Some(anchor) = anchor else {
        r.status = DocStatus::Untrusted;
        r.reason = Some("the signer does not lead to an issuer of the trust list".to_owned());
        return;
    };
    match anchor.qualified_at(at) {
        Ok(provider) => r.trust_service = provider,
        Err(why) => {
            r.status = DocStatus::Untrusted;
            r.reason = Some(why);
            return;
        }
    }
    if !usage_ok {
        r.status = DocStatus::Untrusted;
        r.reason = Some("the signer's certificate is not meant for signatures".to_owned());
        return;
    }
    r.notes.push(DocNote::RevocationNotChecked);
    if let Some(not_after) = r.certificate.as_ref().and_then(|c| c.not_after)
        && not_after < Utc::now()
    {
        r.notes.push(DocNote::ExpiredSinceSigning { not_after });
    }
}

/// OpenSSL `CMS_verify` of a one-signer SignedData, the signer's path not yet considered.
fn cms_integrity(der: &[u8]) -> Result<(), Broken> {
    let mut cms = CmsContentInfo::from_der(der).map_err(|e| {
        Broken::Unreadable(format!(
            "the signature is not a readable CMS structure: {e}"
        ))
    })?;
    let flags = CMSOptions::NO_SIGNER_CERT_VERIFY | CMSOptions::BINARY;
    cms.verify(None, None, None, None, flags).map_err(|e| {
        let text = e.to_string();
        if crate::verify::failure_means_tampering(&text) {
            Broken::Tampered(text)
        } else {
            Broken::Unreadable(text)
        }
    })
}

/// A counter-signature: its messageDigest must be the digest of the counter-signed signature
/// value, and its signature must verify over its signed attributes (DER, tagged as a SET).
fn counter_integrity(si: &SignerInfoData, cert: &X509, countersigned: &[u8]) -> Result<(), Broken> {
    use openssl::sign::Verifier;
    let unreadable = |what: &str| Broken::Unreadable(what.to_owned());
    let digest_oid = &si
        .digest
        .as_ref()
        .ok_or_else(|| unreadable("no digest algorithm"))?
        .oid;
    let md = message_digest(digest_oid).ok_or_else(|| unreadable("unknown digest algorithm"))?;
    let expected = si
        .message_digest
        .as_ref()
        .ok_or_else(|| unreadable("the counter-signature has no messageDigest attribute"))?;
    let actual =
        openssl::hash::hash(md, countersigned).map_err(|e| Broken::Unreadable(e.to_string()))?;
    if actual.as_ref() != expected.as_slice() {
        return Err(Broken::Tampered(
            "the counter-signed digest does not match".to_owned(),
        ));
    }
    let signed = si
        .signed_attrs
        .as_ref()
        .ok_or_else(|| unreadable("the counter-signature has no signed attributes"))?;
    let key = cert
        .public_key()
        .map_err(|e| Broken::Unreadable(e.to_string()))?;
    let sig_oid = si
        .signature_algorithm
        .as_ref()
        .map(|a| a.oid.as_slice())
        .unwrap_or_default();
    let mut verifier = Verifier::new(md, &key).map_err(|e| Broken::Unreadable(e.to_string()))?;
    if sig_oid.ends_with(&[0x01, 0x01, 0x0a]) {
        // RSASSA-PSS: the salt length is read from the signature itself.
        verifier
            .set_rsa_padding(openssl::rsa::Padding::PKCS1_PSS)
            .and_then(|()| verifier.set_rsa_mgf1_md(md))
            .and_then(|()| verifier.set_rsa_pss_saltlen(openssl::sign::RsaPssSaltlen::custom(-2)))
            .map_err(|e| Broken::Unreadable(e.to_string()))?;
    }
    verifier
        .update(signed)
        .map_err(|e| Broken::Unreadable(e.to_string()))?;
    match verifier.verify(&si.signature) {
        Ok(true) => Ok(()),
        Ok(false) => Err(Broken::Tampered(
            "the counter-signature value does not match its signed attributes".to_owned(),
        )),
        Err(e) => Err(Broken::Tampered(e.to_string())),
    }
}

/// The digest an OID names (SHA-1 or SHA-2).
fn message_digest(oid: &[u8]) -> Option<openssl::hash::MessageDigest> {
    use openssl::hash::MessageDigest;
    const SHA2: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02];
    if oid == der::OID_SHA1.as_bytes() {
        return Some(MessageDigest::sha1());
    }
    match oid.strip_prefix(SHA2) {
        Some([0x01]) => Some(MessageDigest::sha256()),
        Some([0x02]) => Some(MessageDigest::sha384()),
        Some([0x03]) => Some(MessageDigest::sha512()),
        _ => None,
    }
}

/// The hash of a certificate's DER with the digest named by an OID (SHA-1 or SHA-2).
fn certificate_hash(cert: &X509, digest_oid: &[u8]) -> Option<Vec<u8>> {
    let md = message_digest(digest_oid)?;
    let der = cert.to_der().ok()?;
    openssl::hash::hash(md, &der).ok().map(|d| d.to_vec())
}

fn valid_at(cert: &X509, at: DateTime<Utc>) -> bool {
    let info = cert_info(cert);
    info.not_before.is_some_and(|nb| nb <= at) && info.not_after.is_some_and(|na| at <= na)
}
