//! The parts of a CMS SignedData (RFC 5652 §5) the verifiers report on and check by rule: the
//! embedded certificates, every signer's identifier and algorithms, `signingTime`, the ESS
//! signing-certificate binding and the unsigned attributes (counter-signatures, timestamps,
//! §11.4). RustCrypto's `der` crate reads the DER (and `cms` the outer ContentInfo); this module
//! only declares the structures, plus [`ber`] for the indefinite lengths der cannot read. The
//! cryptographic check itself is OpenSSL's; to hand it one signer at a time, or no certificates,
//! the structure is written again ([`single_signer`], [`without_certificates`]).

use ::der::asn1::{AnyRef, ContextSpecificRef, IntRef, ObjectIdentifier, OctetStringRef};
use ::der::oid::db::{rfc5911, rfc5912};
use ::der::{
    Any, Choice, Decode, DecodeValue, Encode, EncodeValue, FixedTag, Header, Length, Reader,
    Sequence, SliceReader, Tag, TagMode, TagNumber, Tagged, Writer,
};
use chrono::{DateTime, Utc};
use cms::cert::x509::spki::AlgorithmIdentifierRef;
use cms::cert::x509::time::Time;
use cms::content_info::ContentInfo;

mod ber;
mod rules;

pub use rules::signer_rule_violation;

/// A SET OF read and written in the order it was encoded. der's `SetOfVec`, which the `cms`
/// crate's `SignedData` and `SignerInfo` are made of, sorts a set when decoding it (and refuses
/// duplicates): signers would then be reported in another order than the file's, and signed
/// attributes written back in an order the signer did not sign. That is why the structures
/// below are declared here rather than taken from `cms`.
#[derive(Debug, Clone)]
struct InOrder<T>(Vec<T>);

impl<T> FixedTag for InOrder<T> {
    const TAG: Tag = Tag::Set;
}

impl<'a, T: Decode<'a>> DecodeValue<'a> for InOrder<T> {
    fn decode_value<R: Reader<'a>>(reader: &mut R, header: Header) -> ::der::Result<Self> {
        reader.read_nested(header.length, |r| {
            let mut items = Vec::new();
            while !r.is_finished() {
                items.push(T::decode(r)?);
            }
            Ok(Self(items))
        })
    }
}

impl<T: Encode> EncodeValue for InOrder<T> {
    fn value_len(&self) -> ::der::Result<Length> {
        (self.0.iter()).try_fold(Length::ZERO, |len, item| len + item.encoded_len()?)
    }

    fn encode_value(&self, writer: &mut impl Writer) -> ::der::Result<()> {
        self.0.iter().try_for_each(|item| item.encode(writer))
    }
}

/// SignedData (RFC 5652 §5.1); certificates, CRLs and SignerInfos kept as encoded.
#[derive(Sequence)]
struct SignedDataRef<'a> {
    version: IntRef<'a>,
    digest_algorithms: InOrder<AlgorithmIdentifierRef<'a>>,
    encap_content_info: EncapsulatedRef<'a>,
    #[asn1(
        context_specific = "0",
        tag_mode = "IMPLICIT",
        constructed = "true",
        optional = "true"
    )]
    certificates: Option<InOrder<AnyRef<'a>>>,
    #[asn1(
        context_specific = "1",
        tag_mode = "IMPLICIT",
        constructed = "true",
        optional = "true"
    )]
    crls: Option<InOrder<AnyRef<'a>>>,
    signer_infos: InOrder<AnyRef<'a>>,
}

/// EncapsulatedContentInfo (§5.2).
#[derive(Sequence)]
struct EncapsulatedRef<'a> {
    econtent_type: ObjectIdentifier,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    econtent: Option<OctetStringRef<'a>>,
}

/// SignerInfo (§5.3).
#[derive(Sequence)]
struct SignerInfoRef<'a> {
    version: IntRef<'a>,
    sid: SignerIdRef<'a>,
    digest_algorithm: AlgorithmIdentifierRef<'a>,
    #[asn1(
        context_specific = "0",
        tag_mode = "IMPLICIT",
        constructed = "true",
        optional = "true"
    )]
    signed_attrs: Option<InOrder<AttributeRef<'a>>>,
    signature_algorithm: AlgorithmIdentifierRef<'a>,
    signature: OctetStringRef<'a>,
    #[asn1(
        context_specific = "1",
        tag_mode = "IMPLICIT",
        constructed = "true",
        optional = "true"
    )]
    unsigned_attrs: Option<InOrder<AttributeRef<'a>>>,
}

/// SignerIdentifier (§5.3); the issuer Name kept as encoded, to compare with a certificate's.
#[derive(Choice)]
enum SignerIdRef<'a> {
    IssuerAndSerialNumber(IssuerSerialRef<'a>),
    #[asn1(context_specific = "0", tag_mode = "IMPLICIT")]
    SubjectKeyIdentifier(OctetStringRef<'a>),
}

/// IssuerAndSerialNumber (§10.2.4).
#[derive(Sequence)]
struct IssuerSerialRef<'a> {
    issuer: AnyRef<'a>,
    serial_number: IntRef<'a>,
}

/// Attribute (§5.3).
#[derive(Sequence)]
struct AttributeRef<'a> {
    attr_type: ObjectIdentifier,
    attr_values: InOrder<AnyRef<'a>>,
}

/// SigningCertificate and SigningCertificateV2 (RFC 2634 §5.4, RFC 5035 §3); only the first
/// ESSCertID is read.
#[derive(Sequence)]
struct SigningCertificateRef<'a> {
    certs: Vec<AnyRef<'a>>,
    policies: Option<AnyRef<'a>>,
}

/// ESSCertID and ESSCertIDv2: a v2 may name its hash algorithm (SHA-256 when absent).
#[derive(Sequence)]
struct EssCertIdRef<'a> {
    hash_algorithm: Option<AlgorithmIdentifierRef<'a>>,
    cert_hash: OctetStringRef<'a>,
    issuer_serial: Option<AnyRef<'a>>,
}

/// id-aa-signatureTimeStampToken (RFC 3161 appendix A); not in the `der` OID database.
const ID_AA_SIGNATURE_TIME_STAMP_TOKEN: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.14");

/// SHA-1 (1.3.14.3.2.26).
pub const OID_SHA1: ObjectIdentifier = rfc5912::ID_SHA_1;

/// How a SignerInfo names its signer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignerId {
    /// Issuer name (DER of the Name) and serial number (INTEGER content octets).
    IssuerSerial { issuer: Vec<u8>, serial: Vec<u8> },
    /// Subject key identifier.
    KeyId(Vec<u8>),
}

/// An AlgorithmIdentifier: the OID content octets and the parameters' encoding, if any.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Algorithm {
    /// OID content octets.
    pub oid: Vec<u8>,
    /// The whole encoding of the parameters (`05 00` for NULL), if present.
    pub params: Option<Vec<u8>>,
}

/// What the reporter needs from a SignedData.
#[derive(Debug, Clone, Default)]
pub struct SignedDataInfo {
    /// SignedData version (INTEGER content octets).
    pub version: Option<Vec<u8>>,
    /// digestAlgorithms.
    pub digest_algorithms: Vec<Algorithm>,
    /// eContentType OID content octets.
    pub econtent_type: Vec<u8>,
    /// The first signer's digest algorithm.
    pub signer_digest: Option<Algorithm>,
    /// The first signer's signature algorithm.
    pub signer_signature: Option<Algorithm>,
    /// DER of every certificate in the `certificates` field.
    pub certificates: Vec<Vec<u8>>,
    /// The first signer's identifier.
    pub signer: Option<SignerId>,
    /// The first signer's `signingTime` attribute.
    pub signing_time: Option<DateTime<Utc>>,
    /// Number of SignerInfos.
    pub signer_count: usize,
    /// The encapsulated content, when present (opaque signing).
    pub encapsulated: Option<Vec<u8>>,
    /// Every SignerInfo, in order.
    pub signers: Vec<SignerInfoData>,
    /// The encodings the SignedData was made of, to write it again one signer at a time.
    pub raw: RawParts,
}

/// The encodings (tag, length, content) of the SignedData fields, as read.
#[derive(Debug, Clone, Default)]
pub struct RawParts {
    /// `version`.
    pub version: Vec<u8>,
    /// `digestAlgorithms`.
    pub digest_algorithms: Vec<u8>,
    /// `encapContentInfo`.
    pub encap: Vec<u8>,
    /// `[0] certificates`, if present.
    pub certificates: Option<Vec<u8>>,
    /// `[1] crls`, if present.
    pub crls: Option<Vec<u8>>,
}

/// One SignerInfo (RFC 5652 §5.3). Only `whole` is set when it cannot be read.
#[derive(Debug, Clone, Default)]
pub struct SignerInfoData {
    /// The whole encoding of the SignerInfo.
    pub whole: Vec<u8>,
    /// Its version (INTEGER content octets); `None` when the SignerInfo cannot be read.
    pub version: Option<Vec<u8>>,
    /// Its signer identifier.
    pub sid: Option<SignerId>,
    /// Its digest algorithm.
    pub digest: Option<Algorithm>,
    /// Its signature algorithm.
    pub signature_algorithm: Option<Algorithm>,
    /// True when it has signed attributes.
    pub has_signed_attrs: bool,
    /// The contentType signed attribute (OID content octets).
    pub content_type_attr: Option<Vec<u8>>,
    /// The `signingTime` signed attribute.
    pub signing_time: Option<DateTime<Utc>>,
    /// The signature value.
    pub signature: Vec<u8>,
    /// The signed attributes as the signature covers them: their encoding tagged as a SET
    /// (§5.4), in the order they were written.
    pub signed_attrs: Option<Vec<u8>>,
    /// The messageDigest signed attribute.
    pub message_digest: Option<Vec<u8>>,
    /// The first certificate of an ESS signingCertificate(V2) signed attribute (CAdES): the
    /// digest algorithm OID (content octets) and the hash of the signer's certificate.
    pub signing_certificate: Option<(Vec<u8>, Vec<u8>)>,
    /// Unsigned attributes: OID content octets and the whole encoding of each value.
    pub unsigned_attrs: Vec<(Vec<u8>, Vec<Vec<u8>>)>,
}

impl SignerInfoData {
    /// The whole encodings of the SignerInfos counter-signing this one.
    pub fn countersignatures(&self) -> Vec<&[u8]> {
        self.unsigned_attrs
            .iter()
            .filter(|(oid, _)| oid == rfc5911::ID_COUNTERSIGNATURE.as_bytes())
            .flat_map(|(_, values)| values.iter().map(Vec::as_slice))
            .collect()
    }

    /// True when a signature timestamp token is attached (CAdES-T).
    pub fn has_timestamp(&self) -> bool {
        self.unsigned_attrs
            .iter()
            .any(|(oid, _)| oid == ID_AA_SIGNATURE_TIME_STAMP_TOKEN.as_bytes())
    }
}

/// Reads a CMS ContentInfo holding SignedData, in DER or in BER with indefinite lengths. Bytes
/// after the ContentInfo are not read (OpenSSL reads the same way). `None` when the structure
/// is not SignedData or cannot be read.
pub fn read_signed_data(input: &[u8]) -> Option<SignedDataInfo> {
    read_der(input).or_else(|| read_der(&ber::definite(input)?))
}

fn read_der(input: &[u8]) -> Option<SignedDataInfo> {
    let content_info = ContentInfo::decode(&mut SliceReader::new(input).ok()?).ok()?;
    if content_info.content_type != rfc5911::ID_SIGNED_DATA {
        return None;
    }
    let sd: SignedDataRef<'_> = content_info.content.decode_as().ok()?;
    let signers: Vec<SignerInfoData> = (sd.signer_infos.0.iter())
        .map(|any| {
            let whole = any.to_der().ok()?;
            Some(match any.decode_as() {
                Ok(si) => signer_info(&si, whole),
                Err(_) => SignerInfoData {
                    whole,
                    ..SignerInfoData::default()
                },
            })
        })
        .collect::<Option<_>>()?;
    let implicit = |number, set: &Option<InOrder<AnyRef<'_>>>| {
        set.as_ref().map(|value| {
            let field = ContextSpecificRef {
                tag_number: number,
                tag_mode: TagMode::Implicit,
                value,
            };
            field.to_der().ok()
        })
    };
    let first = signers.first();
    Some(SignedDataInfo {
        version: Some(sd.version.as_bytes().to_vec()),
        digest_algorithms: sd.digest_algorithms.0.iter().map(algorithm).collect(),
        econtent_type: sd.encap_content_info.econtent_type.as_bytes().to_vec(),
        signer_digest: first.and_then(|s| s.digest.clone()),
        signer_signature: first.and_then(|s| s.signature_algorithm.clone()),
        certificates: (sd.certificates.iter().flat_map(|set| &set.0))
            .filter(|cert| cert.tag() == Tag::Sequence)
            .map(Encode::to_der)
            .collect::<Result<_, _>>()
            .ok()?,
        signer: first.and_then(|s| s.sid.clone()),
        signing_time: first.and_then(|s| s.signing_time),
        signer_count: signers.len(),
        encapsulated: (sd.encap_content_info.econtent).map(|octets| octets.as_bytes().to_vec()),
        raw: RawParts {
            version: sd.version.to_der().ok()?,
            digest_algorithms: sd.digest_algorithms.to_der().ok()?,
            encap: sd.encap_content_info.to_der().ok()?,
            certificates: implicit(TagNumber::N0, &sd.certificates).flatten(),
            crls: implicit(TagNumber::N1, &sd.crls).flatten(),
        },
        signers,
    })
}

fn algorithm(a: &AlgorithmIdentifierRef<'_>) -> Algorithm {
    Algorithm {
        oid: a.oid.as_bytes().to_vec(),
        params: a.parameters.and_then(|p| p.to_der().ok()),
    }
}

/// Reads one SignerInfo from its whole encoding (a counter-signature's, §11.4). `None` when it
/// cannot be read.
pub fn read_signer_info(whole: &[u8]) -> Option<SignerInfoData> {
    let si = SignerInfoRef::from_der(whole).ok()?;
    Some(signer_info(&si, whole.to_vec()))
}

fn signer_info(si: &SignerInfoRef<'_>, whole: Vec<u8>) -> SignerInfoData {
    let mut out = SignerInfoData {
        whole,
        version: Some(si.version.as_bytes().to_vec()),
        sid: Some(match &si.sid {
            SignerIdRef::IssuerAndSerialNumber(id) => SignerId::IssuerSerial {
                issuer: id.issuer.to_der().unwrap_or_default(),
                serial: id.serial_number.as_bytes().to_vec(),
            },
            SignerIdRef::SubjectKeyIdentifier(kid) => SignerId::KeyId(kid.as_bytes().to_vec()),
        }),
        digest: Some(algorithm(&si.digest_algorithm)),
        signature_algorithm: Some(algorithm(&si.signature_algorithm)),
        has_signed_attrs: si.signed_attrs.is_some(),
        signature: si.signature.as_bytes().to_vec(),
        signed_attrs: si.signed_attrs.as_ref().and_then(|a| a.to_der().ok()),
        unsigned_attrs: (si.unsigned_attrs.iter().flat_map(|set| &set.0))
            .map(|attr| {
                let values = attr.attr_values.0.iter().filter_map(|v| v.to_der().ok());
                (attr.attr_type.as_bytes().to_vec(), values.collect())
            })
            .collect(),
        ..SignerInfoData::default()
    };
    // A later instance of an attribute replaces an earlier one; the values after the first
    // are not read. (OpenSSL refuses both for the signers it checks; RFC 5652 §11.)
    for attr in si.signed_attrs.iter().flat_map(|set| &set.0) {
        let Some(value) = attr.attr_values.0.first() else {
            continue;
        };
        match attr.attr_type {
            rfc5911::ID_CONTENT_TYPE => {
                if let Ok(oid) = value.decode_as::<ObjectIdentifier>() {
                    out.content_type_attr = Some(oid.as_bytes().to_vec());
                }
            }
            rfc5911::ID_MESSAGE_DIGEST => {
                if let Ok(digest) = value.decode_as::<OctetStringRef<'_>>() {
                    out.message_digest = Some(digest.as_bytes().to_vec());
                }
            }
            rfc5911::ID_SIGNING_TIME => out.signing_time = signing_time(value),
            rfc5911::ID_AA_SIGNING_CERTIFICATE => out.signing_certificate = ess_first(value, false),
            rfc5911::ID_AA_SIGNING_CERTIFICATE_V_2 => {
                out.signing_certificate = ess_first(value, true);
            }
            _ => {}
        }
    }
    out
}

/// A UTCTime or GeneralizedTime (RFC 5652 §11.3), as the `der` crate reads them.
fn signing_time(value: &AnyRef<'_>) -> Option<DateTime<Utc>> {
    let time = Time::from_der(&value.to_der().ok()?).ok()?;
    DateTime::from_timestamp(i64::try_from(time.to_unix_duration().as_secs()).ok()?, 0)
}

/// The digest algorithm and certificate hash of the first ESSCertID(v2) of a
/// signingCertificate(V2) attribute value.
fn ess_first(value: &AnyRef<'_>, v2: bool) -> Option<(Vec<u8>, Vec<u8>)> {
    let signing_certificate: SigningCertificateRef<'_> = value.decode_as().ok()?;
    let first: EssCertIdRef<'_> = signing_certificate.certs.first()?.decode_as().ok()?;
    let algorithm = match (first.hash_algorithm, v2) {
        (Some(a), true) => a.oid,
        (None, true) => rfc5912::ID_SHA_256,
        (None, false) => rfc5912::ID_SHA_1,
        (Some(_), false) => return None, // ESSCertID has no algorithm: SHA-1 only
    };
    Some((
        algorithm.as_bytes().to_vec(),
        first.cert_hash.as_bytes().to_vec(),
    ))
}

/// A ContentInfo around a SignedData made of the given field encodings, and its SignerInfos.
fn content_info(fields: &[&[u8]], signers: &[&[u8]]) -> Option<Vec<u8>> {
    let mut parts = (fields.iter())
        .map(|f| AnyRef::from_der(f).ok())
        .collect::<Option<Vec<_>>>()?;
    let signers = (signers.iter())
        .map(|s| AnyRef::from_der(s).ok())
        .collect::<Option<Vec<_>>>()?;
    let signer_infos = InOrder(signers).to_der().ok()?;
    parts.push(AnyRef::from_der(&signer_infos).ok()?);
    let content_info = ContentInfo {
        content_type: rfc5911::ID_SIGNED_DATA,
        content: Any::from_der(&parts.to_der().ok()?).ok()?,
    };
    content_info.to_der().ok()
}

/// The same SignedData with only its `index`-th signer, as a ContentInfo. A signature covers
/// its own signed attributes and the content, never the other SignerInfos, so OpenSSL can then
/// check each signer on its own. `None` when there is no such signer.
pub fn single_signer(info: &SignedDataInfo, index: usize) -> Option<Vec<u8>> {
    let signer = info.signers.get(index)?;
    let raw = &info.raw;
    let mut fields: Vec<&[u8]> = vec![&raw.version, &raw.digest_algorithms, &raw.encap];
    fields.extend(raw.certificates.as_deref());
    fields.extend(raw.crls.as_deref());
    content_info(&fields, &[&signer.whole])
}

/// The same SignedData without its `certificates` field, as a ContentInfo. Certificates are
/// not covered by any signature, so the signatures check the same; OpenSSL then decodes no
/// certificate (decoding one is its slowest step), and the caller hands over the certificates
/// it already decoded. `None` when there is no such field or no signer.
pub fn without_certificates(info: &SignedDataInfo) -> Option<Vec<u8>> {
    info.raw.certificates.as_ref()?;
    if info.signers.is_empty() {
        return None;
    }
    let raw = &info.raw;
    let mut fields: Vec<&[u8]> = vec![&raw.version, &raw.digest_algorithms, &raw.encap];
    fields.extend(raw.crls.as_deref());
    let signers: Vec<&[u8]> = info.signers.iter().map(|s| s.whole.as_slice()).collect();
    content_info(&fields, &signers)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A detached CMS signature over `content` by a throw-away self-signed certificate.
    fn detached_signature(content: &[u8]) -> (Vec<u8>, openssl::x509::X509) {
        use openssl::cms::{CMSOptions, CmsContentInfo};
        let (key, cert) = crate::verify::test_certs::self_signed("der test signer");
        let flags = CMSOptions::DETACHED | CMSOptions::BINARY;
        let cms =
            CmsContentInfo::sign(Some(&cert), Some(&key), None, Some(content), flags).unwrap();
        (cms.to_der().unwrap(), cert)
    }

    #[test]
    fn leaving_out_the_certificates_keeps_every_signature() {
        use openssl::cms::{CMSOptions, CmsContentInfo};
        use openssl::stack::Stack;
        let content = b"Content-Type: text/plain\r\n\r\nciao\r\n";
        let (der, cert) = detached_signature(content);
        let info = read_signed_data(&der).unwrap();
        assert_eq!(info.certificates.len(), 1);
        let stripped = without_certificates(&info).unwrap();
        let again = read_signed_data(&stripped).unwrap();
        assert!(again.certificates.is_empty());
        assert!(again.raw.certificates.is_none());
        assert_eq!(again.signers.len(), 1);
        assert_eq!(again.signers[0].whole, info.signers[0].whole);
        assert_eq!(again.raw.encap, info.raw.encap);
        assert!(
            without_certificates(&again).is_none(),
            "nothing left to leave out"
        );

        let flags = CMSOptions::NO_SIGNER_CERT_VERIFY | CMSOptions::BINARY;
        let mut certs = Stack::new().unwrap();
        certs.push(cert).unwrap();
        let mut cms = CmsContentInfo::from_der(&stripped).unwrap();
        cms.verify(Some(&certs), None, Some(content), None, flags)
            .expect("the signature holds with the certificate handed over");
        let mut cms = CmsContentInfo::from_der(&stripped).unwrap();
        assert!(
            cms.verify(Some(&certs), None, Some(b"changed"), None, flags)
                .is_err(),
            "other content still fails"
        );
        let mut cms = CmsContentInfo::from_der(&stripped).unwrap();
        assert!(
            cms.verify(None, None, Some(content), None, flags).is_err(),
            "without the certificate there is no signer"
        );
    }

    /// An opaque (enveloping) CMS signature over `content`, and the signer's certificate.
    fn opaque_signature(content: &[u8], name: &str) -> (Vec<u8>, openssl::x509::X509) {
        use openssl::cms::{CMSOptions, CmsContentInfo};
        let (key, cert) = crate::verify::test_certs::self_signed(name);
        let cms = CmsContentInfo::sign(
            Some(&cert),
            Some(&key),
            None,
            Some(content),
            CMSOptions::BINARY,
        )
        .unwrap();
        (cms.to_der().unwrap(), cert)
    }

    /// OpenSSL's verdict on a ContentInfo, and the content it returns.
    fn openssl_verifies(der: &[u8]) -> Option<Vec<u8>> {
        use openssl::cms::{CMSOptions, CmsContentInfo};
        let mut out = Vec::new();
        let flags = CMSOptions::NO_SIGNER_CERT_VERIFY | CMSOptions::BINARY;
        let mut cms = CmsContentInfo::from_der(der).ok()?;
        cms.verify(None, None, None, Some(&mut out), flags).ok()?;
        Some(out)
    }

    /// `tag`, the indefinite length, the parts and the end-of-contents octets.
    fn indefinite(tag: u8, parts: &[&[u8]]) -> Vec<u8> {
        [&[tag, 0x80][..], &parts.concat(), &[0, 0]].concat()
    }

    fn tlv(tag: Tag, content: &[u8]) -> Vec<u8> {
        AnyRef::new(tag, content).unwrap().to_der().unwrap()
    }

    /// The same SignedData as a streaming encoder writes it: indefinite lengths around the
    /// structure and the content cut in two chunks of a constructed OCTET STRING.
    fn streamed(info: &SignedDataInfo) -> Vec<u8> {
        let content = info.encapsulated.as_deref().unwrap();
        let (a, b) = content.split_at(content.len() / 2);
        let econtent = indefinite(
            0xa0,
            &[&indefinite(
                0x24,
                &[&tlv(Tag::OctetString, a), &tlv(Tag::OctetString, b)],
            )],
        );
        let oid = ObjectIdentifier::from_bytes(&info.econtent_type).unwrap();
        let encap = indefinite(0x30, &[&oid.to_der().unwrap(), &econtent]);
        let signers = tlv(Tag::Set, &info.signers[0].whole);
        let raw = &info.raw;
        let certificates = raw.certificates.as_deref().unwrap();
        let fields: [&[u8]; 5] = [
            &raw.version,
            &raw.digest_algorithms,
            &encap,
            certificates,
            &signers,
        ];
        let signed_data = indefinite(0x30, &fields);
        let id = rfc5911::ID_SIGNED_DATA.to_der().unwrap();
        indefinite(0x30, &[&id, &indefinite(0xa0, &[&signed_data])])
    }

    #[test]
    fn a_streamed_ber_signature_reads_as_its_der_form() {
        let content = b"atto firmato\r\n".repeat(50);
        let (der, _) = opaque_signature(&content, "ber signer");
        let info = read_signed_data(&der).unwrap();
        let ber = streamed(&info);
        assert_eq!(openssl_verifies(&ber).as_deref(), Some(&content[..]));
        assert!(read_der(&ber).is_none(), "der alone refuses BER");

        let again = read_signed_data(&ber).expect("BER with indefinite lengths is read");
        assert_eq!(again.encapsulated.as_deref(), Some(&content[..]));
        assert_eq!(again.certificates, info.certificates);
        assert_eq!(again.signers[0].whole, info.signers[0].whole);
        assert_eq!(again.signers[0].signed_attrs, info.signers[0].signed_attrs);
        assert_eq!(again.signing_time, info.signing_time);
        assert_eq!(again.rule_violation(), None);
        let one = single_signer(&again, 0).unwrap();
        assert_eq!(one, der, "rewritten, it is the DER OpenSSL wrote");
        assert_eq!(openssl_verifies(&one).as_deref(), Some(&content[..]));
    }

    #[test]
    fn what_is_not_der_nor_streamed_ber_is_refused() {
        let (der, _) = detached_signature(b"ciao\r\n");
        assert!(read_signed_data(&der).is_some());

        // A length written in more octets than needed (BER allows it, DER does not).
        assert_eq!(&der[..2], &[0x30, 0x82]);
        let long_length = [&[0x30, 0x83, 0x00][..], &der[2..]].concat();
        assert!(read_signed_data(&long_length).is_none());

        // Bytes after the SignedData inside the ContentInfo's [0].
        let content_info = ContentInfo::from_der(&der).unwrap();
        let signed_data = content_info.content.to_der().unwrap();
        let explicit = Tag::ContextSpecific {
            constructed: true,
            number: TagNumber::N0,
        };
        let id = rfc5911::ID_SIGNED_DATA.to_der().unwrap();
        let padded = [&signed_data[..], &[0x05, 0x00]].concat();
        let inner_trailing = tlv(
            Tag::Sequence,
            &[id.clone(), tlv(explicit, &padded)].concat(),
        );
        assert!(read_signed_data(&inner_trailing).is_none());
        let rebuilt = tlv(Tag::Sequence, &[id, tlv(explicit, &signed_data)].concat());
        assert_eq!(
            rebuilt, der,
            "the same construction without them is the original"
        );

        // Bytes after the whole ContentInfo are not part of it (OpenSSL reads the same way).
        let outer_trailing = [&der[..], b"\r\n"].concat();
        let info = read_signed_data(&outer_trailing).unwrap();
        assert_eq!(single_signer(&info, 0).unwrap(), der);
    }

    #[test]
    fn signers_and_signed_attributes_keep_the_order_they_were_written_in() {
        let content = b"delibera\r\n";
        let (first, _) = opaque_signature(content, "primo firmatario");
        let (second, _) = opaque_signature(content, "secondo firmatario");
        let first = read_signed_data(&first).unwrap();
        let second = read_signed_data(&second).unwrap();
        let (a, b) = (&first.signers[0].whole, &second.signers[0].whole);
        // Descending order: a DER SET OF would be ascending, and der's SetOfVec would sort it.
        let (high, low) = if a > b { (a, b) } else { (b, a) };
        let raw = &first.raw;
        let fields: [&[u8]; 3] = [&raw.version, &raw.digest_algorithms, &raw.encap];
        let both = content_info(&fields, &[high, low]).unwrap();
        let info = read_signed_data(&both).unwrap();
        assert_eq!(info.signer_count, 2);
        assert_eq!(&info.signers[0].whole, high);
        assert_eq!(&info.signers[1].whole, low);
        assert_eq!(single_signer(&info, 1).unwrap(), {
            let one: [&[u8]; 3] = [&raw.version, &raw.digest_algorithms, &raw.encap];
            content_info(&one, &[low]).unwrap()
        });

        // The signed attributes in reverse order: read as written, not sorted.
        let mut si = SignerInfoRef::from_der(high).unwrap();
        let attrs = si.signed_attrs.as_mut().unwrap();
        assert!(attrs.0.len() > 2);
        attrs.0.reverse();
        let reversed = attrs.to_der().unwrap();
        let whole = si.to_der().unwrap();
        let read = read_signer_info(&whole).unwrap();
        assert_eq!(read.signed_attrs.as_deref(), Some(&reversed[..]));
        let original = read_signer_info(high).unwrap().signed_attrs.unwrap();
        assert_ne!(reversed, original);
        assert_eq!(read.signing_time, info.signers[0].signing_time);
        assert_eq!(read.message_digest, info.signers[0].message_digest);
    }

    #[test]
    fn an_unreadable_signer_info_breaks_the_rules() {
        let (der, _) = detached_signature(b"ciao\r\n");
        let info = read_signed_data(&der).unwrap();
        let raw = &info.raw;
        let fields: [&[u8]; 3] = [&raw.version, &raw.digest_algorithms, &raw.encap];
        let not_a_signer: &[u8] = &[0x30, 0x03, 0x02, 0x01, 0x01];
        let odd = content_info(&fields, &[not_a_signer]).unwrap();
        let info = read_signed_data(&odd).unwrap();
        assert_eq!(info.signer_count, 1);
        assert_eq!(
            info.rule_violation(),
            Some("a SignerInfo cannot be read as DER")
        );
        assert!(read_signer_info(not_a_signer).is_none());
    }

    #[test]
    fn signing_time_in_both_forms() {
        let time = |tag, text: &[u8]| signing_time(&AnyRef::new(tag, text).unwrap());
        assert_eq!(
            time(Tag::UtcTime, b"181113153926Z").unwrap().to_rfc3339(),
            "2018-11-13T15:39:26+00:00"
        );
        assert_eq!(
            time(Tag::GeneralizedTime, b"20500101000000Z")
                .unwrap()
                .to_rfc3339(),
            "2050-01-01T00:00:00+00:00"
        );
        assert_eq!(time(Tag::UtcTime, b"99999999Z"), None);
        assert_eq!(
            time(Tag::UtcTime, b"1811131539Z"),
            None,
            "seconds are required"
        );
        assert_eq!(time(Tag::OctetString, b"181113153926Z"), None);
    }

    #[test]
    fn garbage_is_not_signed_data() {
        assert!(read_signed_data(b"").is_none());
        assert!(read_signed_data(&[0x30, 0x03, 0x06, 0x01, 0x00]).is_none());
        assert!(read_signed_data(&[0xff; 64]).is_none());
    }
}
