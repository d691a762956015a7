//! The values CMS prescribes for the fields outside the signature (RFC 5652 §5.1, §5.3,
//! §11.1; RFC 5754): versions, content types, digest and signature algorithms that match.
//! OpenSSL tolerates some deviations there, but a signature file whose structure was altered is
//! not pristine evidence.

use ::der::asn1::ObjectIdentifier;
use ::der::oid::db::{rfc5911, rfc5912};

use super::{Algorithm, SignedDataInfo, SignerInfoData};

/// ecdsa-with-SHA1 (RFC 3279); not in the `der` OID database.
const ECDSA_WITH_SHA_1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.1");

/// RSA and ECDSA signature algorithms with the digest each one implies (`None`: any digest).
const SIGNATURE_ALGORITHMS: &[(ObjectIdentifier, Option<ObjectIdentifier>)] = &[
    (rfc5912::RSA_ENCRYPTION, None),
    (rfc5912::ID_RSASSA_PSS, None),
    (rfc5912::SHA_1_WITH_RSA_ENCRYPTION, Some(rfc5912::ID_SHA_1)),
    (
        rfc5912::SHA_256_WITH_RSA_ENCRYPTION,
        Some(rfc5912::ID_SHA_256),
    ),
    (
        rfc5912::SHA_384_WITH_RSA_ENCRYPTION,
        Some(rfc5912::ID_SHA_384),
    ),
    (
        rfc5912::SHA_512_WITH_RSA_ENCRYPTION,
        Some(rfc5912::ID_SHA_512),
    ),
    (ECDSA_WITH_SHA_1, Some(rfc5912::ID_SHA_1)),
    (rfc5912::ECDSA_WITH_SHA_256, Some(rfc5912::ID_SHA_256)),
    (rfc5912::ECDSA_WITH_SHA_384, Some(rfc5912::ID_SHA_384)),
    (rfc5912::ECDSA_WITH_SHA_512, Some(rfc5912::ID_SHA_512)),
];

/// The encoding of an ASN.1 NULL, the only parameters RSA digests and signatures take.
const NULL: &[u8] = &[0x05, 0x00];

impl SignedDataInfo {
    /// Fields outside the signature that must still hold exactly the values CMS prescribes
    /// (RFC 5652 §5.1, §5.3, §11.1; RFC 5754). OpenSSL tolerates some deviations there, but a
    /// signature file whose structure was altered is not pristine evidence.
    pub fn rule_violation(&self) -> Option<&'static str> {
        self.rule_violation_for(0)
    }

    /// [`SignedDataInfo::rule_violation`] for the `index`-th signer.
    pub fn rule_violation_for(&self, index: usize) -> Option<&'static str> {
        let signer = self.signers.get(index)?;
        let Some(signer_version) = signer.version.as_deref() else {
            return Some("a SignerInfo cannot be read as DER");
        };
        let expected_version: &[u8] = if self.econtent_type == rfc5911::ID_DATA.as_bytes()
            && self
                .signers
                .iter()
                .all(|s| s.version.as_deref() == Some(&[1]))
        {
            &[1]
        } else {
            &[3]
        };
        if self.version.as_deref() != Some(expected_version) {
            return Some("the SignedData version does not match its content");
        }
        if signer_version != [1] && signer_version != [3] {
            return Some("the SignerInfo version is not 1 or 3");
        }
        if let Some(ct) = &signer.content_type_attr
            && ct != &self.econtent_type
        {
            return Some("the signed content type does not match the encapsulated content type");
        }
        if self.encapsulated.is_none() && self.econtent_type != rfc5911::ID_DATA.as_bytes() {
            return Some("a detached S/MIME signature must be over data");
        }
        signer_rule_violation(signer, &self.digest_algorithms)
    }
}

/// The algorithm rules of one SignerInfo: its digest among the declared ones, NULL or absent
/// parameters, a known signature algorithm that matches the digest.
pub fn signer_rule_violation(
    signer: &SignerInfoData,
    declared_digests: &[Algorithm],
) -> Option<&'static str> {
    let digest = signer.digest.as_ref()?;
    if !declared_digests.is_empty() && !declared_digests.iter().any(|d| d.oid == digest.oid) {
        return Some("the signer's digest algorithm is not among the declared ones");
    }
    for alg in declared_digests.iter().chain([digest]) {
        if alg.params.as_deref().is_some_and(|p| p != NULL) {
            return Some("a digest algorithm has unexpected parameters");
        }
    }
    let sig = signer.signature_algorithm.as_ref()?;
    let known = SIGNATURE_ALGORITHMS
        .iter()
        .find(|(oid, _)| sig.oid == oid.as_bytes());
    match known {
        None => return Some("the signature algorithm is not a known RSA or ECDSA one"),
        Some((_, Some(implied))) if implied.as_bytes() != digest.oid.as_slice() => {
            return Some("the signature algorithm does not match the digest algorithm");
        }
        _ => {}
    }
    let rsa_pss = sig.oid == rfc5912::ID_RSASSA_PSS.as_bytes();
    if !rsa_pss && sig.params.as_deref().is_some_and(|p| p != NULL) {
        return Some("the signature algorithm has unexpected parameters");
    }
    None
}
