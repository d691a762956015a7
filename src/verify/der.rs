//! A minimal, bounded DER reader for the parts of a CMS SignedData structure the verifiers need
//! to report on: the embedded certificates, every signer's identifier, `signingTime` and unsigned
//! attributes (counter-signatures, timestamps) (RFC 5652 §5, §11.4). The cryptographic check
//! itself is OpenSSL's; this only reads, plus the few definite-length encodings needed to hand
//! OpenSSL one signer at a time ([`single_signer`]).

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};

/// Nesting deeper than this is refused (a real SignedData is about 10 levels deep).
const MAX_DEPTH: usize = 64;

/// A DER value: its tag byte and its content bytes, plus the whole encoding.
#[derive(Debug, Clone, Copy)]
pub struct Tlv<'a> {
    /// The identifier octet (single-byte tags only; CMS needs nothing else).
    pub tag: u8,
    /// The content octets.
    pub content: &'a [u8],
    /// Tag, length and content together.
    pub whole: &'a [u8],
}

/// Reads one TLV at the start of `input`, returning it and the rest. Accepts the BER indefinite
/// length form for constructed values (Java-based providers emit it); for those, `content`
/// excludes the end-of-contents octets.
pub fn read_tlv(input: &[u8]) -> Option<(Tlv<'_>, &[u8])> {
    read_tlv_depth(input, 0)
}

fn read_tlv_depth(input: &[u8], depth: usize) -> Option<(Tlv<'_>, &[u8])> {
    if depth > MAX_DEPTH {
        return None;
    }
    let (&tag, rest) = input.split_first()?;
    if tag & 0x1f == 0x1f {
        return None; // multi-byte tags do not occur in CMS
    }
    let (&first, mut rest) = rest.split_first()?;
    if first == 0x80 {
        if tag & 0x20 == 0 {
            return None; // indefinite length is only for constructed values
        }
        let start = input.len() - rest.len();
        let mut cursor = rest;
        loop {
            if cursor.len() >= 2 && cursor[0] == 0 && cursor[1] == 0 {
                let content_end = input.len() - cursor.len();
                let after = &cursor[2..];
                let whole_end = input.len() - after.len();
                return Some((
                    Tlv {
                        tag,
                        content: &input[start..content_end],
                        whole: &input[..whole_end],
                    },
                    after,
                ));
            }
            let (_, r) = read_tlv_depth(cursor, depth + 1)?;
            cursor = r;
        }
    }
    let len = if first < 0x80 {
        first as usize
    } else {
        let n = (first & 0x7f) as usize;
        if n > 4 || rest.len() < n {
            return None;
        }
        let mut len = 0usize;
        for &b in &rest[..n] {
            len = (len << 8) | b as usize;
        }
        rest = &rest[n..];
        len
    };
    if rest.len() < len {
        return None;
    }
    let header_len = input.len() - rest.len();
    let (content, after) = rest.split_at(len);
    Some((
        Tlv {
            tag,
            content,
            whole: &input[..header_len + len],
        },
        after,
    ))
}

/// All TLVs inside a constructed value's content.
pub fn children(content: &[u8]) -> Option<Vec<Tlv<'_>>> {
    let mut out = Vec::new();
    let mut rest = content;
    while !rest.is_empty() {
        let (tlv, r) = read_tlv(rest)?;
        out.push(tlv);
        rest = r;
    }
    Some(out)
}

/// OID 1.2.840.113549.1.7.2 (id-signedData).
const OID_SIGNED_DATA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02];
/// OID 1.2.840.113549.1.9.5 (signingTime).
const OID_SIGNING_TIME: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x05];

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
    /// SignedData version.
    pub version: Option<Vec<u8>>,
    /// digestAlgorithms.
    pub digest_algorithms: Vec<Algorithm>,
    /// eContentType OID content octets.
    pub econtent_type: Vec<u8>,
    /// The first signer's version.
    pub signer_version: Option<Vec<u8>>,
    /// The first signer's digest algorithm.
    pub signer_digest: Option<Algorithm>,
    /// The first signer's signature algorithm.
    pub signer_signature: Option<Algorithm>,
    /// The first signer's contentType signed attribute (OID content octets).
    pub content_type_attr: Option<Vec<u8>>,
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
    /// The raw encodings the SignedData was made of, to rebuild it one signer at a time.
    pub raw: RawParts,
}

/// The exact encodings (tag, length, content) of the SignedData fields, as read.
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

/// One SignerInfo (RFC 5652 §5.3).
#[derive(Debug, Clone, Default)]
pub struct SignerInfoData {
    /// The whole encoding of the SignerInfo.
    pub whole: Vec<u8>,
    /// Its version (INTEGER content octets).
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
    /// The content octets of the `[0]` signed attributes, as encoded.
    pub signed_attrs: Option<Vec<u8>>,
    /// The messageDigest signed attribute.
    pub message_digest: Option<Vec<u8>>,
    /// The first certificate of an ESS signingCertificate(V2) signed attribute (CAdES): the
    /// digest algorithm OID (content octets) and the hash of the signer's certificate.
    pub signing_certificate: Option<(Vec<u8>, Vec<u8>)>,
    /// Unsigned attributes: OID content octets and the whole encoding of each value.
    pub unsigned_attrs: Vec<(Vec<u8>, Vec<Vec<u8>>)>,
}

/// OID 1.2.840.113549.1.9.16.2.12 (id-aa-signingCertificate, ESS, SHA-1 hashes).
const OID_SIGNING_CERTIFICATE: &[u8] = &[
    0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x10, 0x02, 0x0c,
];
/// OID 1.2.840.113549.1.9.16.2.47 (id-aa-signingCertificateV2).
const OID_SIGNING_CERTIFICATE_V2: &[u8] = &[
    0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x10, 0x02, 0x2f,
];
/// OID 1.3.14.3.2.26 (SHA-1).
pub const OID_SHA1: &[u8] = &[0x2b, 0x0e, 0x03, 0x02, 0x1a];
/// OID 2.16.840.1.101.3.4.2.1 (SHA-256).
pub const OID_SHA256: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01];

/// The first ESSCertID(v2) of a signingCertificate(V2) attribute value.
fn ess_first_cert(value: Tlv<'_>, v2: bool) -> Option<(Vec<u8>, Vec<u8>)> {
    let certs = children(value.content)?.into_iter().next()?;
    let first = children(certs.content)?.into_iter().next()?;
    let parts = children(first.content)?;
    let (alg, hash) = match parts.first()? {
        t if t.tag == 0x30 && v2 => (algorithm(*t)?.oid, parts.get(1)?),
        t => (if v2 { OID_SHA256 } else { OID_SHA1 }.to_vec(), t),
    };
    (hash.tag == 0x04).then(|| (alg, hash.content.to_vec()))
}

/// OID 1.2.840.113549.1.9.4 (messageDigest).
const OID_MESSAGE_DIGEST: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x04];

/// OID 1.2.840.113549.1.9.6 (countersignature).
pub const OID_COUNTERSIGNATURE: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x06];
/// OID 1.2.840.113549.1.9.16.2.14 (id-aa-signatureTimeStampToken).
pub const OID_SIGNATURE_TIMESTAMP: &[u8] = &[
    0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x10, 0x02, 0x0e,
];

impl SignerInfoData {
    /// The whole encodings of the SignerInfos counter-signing this one.
    pub fn countersignatures(&self) -> Vec<&[u8]> {
        self.unsigned_attrs
            .iter()
            .filter(|(oid, _)| oid == OID_COUNTERSIGNATURE)
            .flat_map(|(_, values)| values.iter().map(Vec::as_slice))
            .collect()
    }

    /// True when a signature timestamp token is attached (CAdES-T).
    pub fn has_timestamp(&self) -> bool {
        self.unsigned_attrs
            .iter()
            .any(|(oid, _)| oid == OID_SIGNATURE_TIMESTAMP)
    }
}

/// Reads a CMS ContentInfo holding SignedData. `None` when the structure is not SignedData or
/// cannot be read.
pub fn read_signed_data(der: &[u8]) -> Option<SignedDataInfo> {
    let (ci, _) = read_tlv(der)?;
    if ci.tag != 0x30 {
        return None;
    }
    let ci_items = children(ci.content)?;
    let oid = ci_items.first()?;
    if oid.tag != 0x06 || oid.content != OID_SIGNED_DATA {
        return None;
    }
    let explicit = ci_items.get(1)?;
    if explicit.tag != 0xa0 {
        return None;
    }
    let (sd, _) = read_tlv(explicit.content)?;
    if sd.tag != 0x30 {
        return None;
    }
    let items = children(sd.content)?;
    let mut info = SignedDataInfo::default();
    // version, digestAlgorithms, encapContentInfo, [0] certificates?, [1] crls?, signerInfos
    let version = items.first().filter(|t| t.tag == 0x02)?;
    info.version = Some(version.content.to_vec());
    info.raw.version = version.whole.to_vec();
    let digests = items.get(1).filter(|t| t.tag == 0x31)?;
    info.raw.digest_algorithms = digests.whole.to_vec();
    for d in children(digests.content)? {
        info.digest_algorithms.push(algorithm(d)?);
    }
    let encap = items.get(2).filter(|t| t.tag == 0x30)?;
    info.raw.encap = encap.whole.to_vec();
    let encap_items = children(encap.content)?;
    info.econtent_type = encap_items
        .first()
        .filter(|t| t.tag == 0x06)?
        .content
        .to_vec();
    if let Some(explicit) = encap_items.get(1).filter(|t| t.tag == 0xa0)
        && let Some((octets, _)) = read_tlv(explicit.content)
    {
        info.encapsulated = Some(collect_octets(octets, 0)?);
    }
    for item in &items[3..] {
        match item.tag {
            0xa0 => {
                info.raw.certificates = Some(item.whole.to_vec());
                for cert in children(item.content)? {
                    if cert.tag == 0x30 {
                        info.certificates.push(cert.whole.to_vec());
                    }
                }
            }
            0xa1 => info.raw.crls = Some(item.whole.to_vec()),
            0x31 => {
                let signers = children(item.content)?;
                info.signer_count = signers.len();
                info.signers = signers.iter().map(|t| read_signer_info(*t)).collect();
                if let Some(first) = info.signers.first() {
                    info.signer_version = first.version.clone();
                    info.signer_digest = first.digest.clone();
                    info.signer_signature = first.signature_algorithm.clone();
                    info.content_type_attr = first.content_type_attr.clone();
                    info.signer = first.sid.clone();
                    info.signing_time = first.signing_time;
                }
            }
            _ => {}
        }
    }
    Some(info)
}

/// OCTET STRING content, also when constructed (BER producers chunk it).
fn collect_octets(t: Tlv<'_>, depth: usize) -> Option<Vec<u8>> {
    if depth > MAX_DEPTH {
        return None;
    }
    match t.tag {
        0x04 => Some(t.content.to_vec()),
        0x24 => {
            let mut out = Vec::new();
            for c in children(t.content)? {
                out.extend(collect_octets(c, depth + 1)?);
            }
            Some(out)
        }
        _ => None,
    }
}

fn algorithm(t: Tlv<'_>) -> Option<Algorithm> {
    if t.tag != 0x30 {
        return None;
    }
    let parts = children(t.content)?;
    let oid = parts.first().filter(|o| o.tag == 0x06)?;
    if parts.len() > 2 {
        return None;
    }
    Some(Algorithm {
        oid: oid.content.to_vec(),
        params: parts.get(1).map(|p| p.whole.to_vec()),
    })
}

/// OID 1.2.840.113549.1.9.3 (contentType attribute).
const OID_CONTENT_TYPE: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x03];
/// OID 1.2.840.113549.1.7.1 (id-data).
pub const OID_DATA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01];

/// Reads one SignerInfo; fields that cannot be read stay empty (the rule checks and OpenSSL
/// then refuse the structure).
pub fn read_signer_info(t: Tlv<'_>) -> SignerInfoData {
    let mut si = SignerInfoData {
        whole: t.whole.to_vec(),
        ..SignerInfoData::default()
    };
    let Some(items) = children(t.content) else {
        return si;
    };
    // version, sid, digestAlgorithm, [0] signedAttrs?, signatureAlgorithm, signature, [1]?
    si.version = items
        .first()
        .filter(|t| t.tag == 0x02)
        .map(|t| t.content.to_vec());
    si.digest = items.get(2).and_then(|t| algorithm(*t));
    si.has_signed_attrs = items.get(3).is_some_and(|t| t.tag == 0xa0);
    let after_attrs = if si.has_signed_attrs { 4 } else { 3 };
    si.signature_algorithm = items.get(after_attrs).and_then(|t| algorithm(*t));
    si.signature = items
        .get(after_attrs + 1)
        .filter(|t| t.tag == 0x04)
        .map(|t| t.content.to_vec())
        .unwrap_or_default();
    if let Some(sid) = items.get(1) {
        si.sid = match sid.tag {
            0x30 => children(sid.content).and_then(|parts| {
                let issuer = parts.first()?;
                let serial = parts.get(1)?;
                Some(SignerId::IssuerSerial {
                    issuer: issuer.whole.to_vec(),
                    serial: serial.content.to_vec(),
                })
            }),
            0x80 => Some(SignerId::KeyId(sid.content.to_vec())),
            _ => None,
        };
    }
    if let Some(unsigned) = items.get(after_attrs + 2).filter(|t| t.tag == 0xa1)
        && let Some(attrs) = children(unsigned.content)
    {
        for attr in attrs {
            let Some(parts) = children(attr.content) else {
                continue;
            };
            if let (Some(oid), Some(values)) = (parts.first(), parts.get(1))
                && oid.tag == 0x06
                && let Some(values) = children(values.content)
            {
                si.unsigned_attrs.push((
                    oid.content.to_vec(),
                    values.iter().map(|v| v.whole.to_vec()).collect(),
                ));
            }
        }
    }
    let Some(attrs) = items.get(3).filter(|t| t.tag == 0xa0) else {
        return si;
    };
    si.signed_attrs = Some(attrs.content.to_vec());
    let Some(attrs) = children(attrs.content) else {
        return si;
    };
    for attr in attrs {
        let Some(parts) = children(attr.content) else {
            continue;
        };
        let (Some(oid), Some(values)) = (parts.first(), parts.get(1)) else {
            continue;
        };
        if oid.tag == 0x06
            && oid.content == OID_CONTENT_TYPE
            && let Some(first) = children(values.content).and_then(|v| v.into_iter().next())
            && first.tag == 0x06
        {
            si.content_type_attr = Some(first.content.to_vec());
        }
        if oid.tag == 0x06
            && oid.content == OID_MESSAGE_DIGEST
            && let Some(first) = children(values.content).and_then(|v| v.into_iter().next())
            && first.tag == 0x04
        {
            si.message_digest = Some(first.content.to_vec());
        }
        if oid.tag == 0x06
            && oid.content == OID_SIGNING_TIME
            && let Some(first) = children(values.content).and_then(|v| v.into_iter().next())
        {
            si.signing_time = parse_time(first);
        }
        if oid.tag == 0x06
            && (oid.content == OID_SIGNING_CERTIFICATE || oid.content == OID_SIGNING_CERTIFICATE_V2)
            && let Some(first) = children(values.content).and_then(|v| v.into_iter().next())
        {
            si.signing_certificate =
                ess_first_cert(first, oid.content == OID_SIGNING_CERTIFICATE_V2);
        }
    }
    si
}

/// One definite-length encoding with the given identifier octet.
pub fn encode_tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(content.len() + 6);
    out.push(tag);
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes: Vec<u8> = len
            .to_be_bytes()
            .into_iter()
            .skip_while(|&b| b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend_from_slice(&bytes);
    }
    out.extend_from_slice(content);
    out
}

/// A ContentInfo around a SignedData made of the given fields.
fn content_info(fields: &[&[u8]]) -> Vec<u8> {
    let signed_data = encode_tlv(0x30, &fields.concat());
    let mut ci = encode_tlv(0x06, OID_SIGNED_DATA);
    ci.extend(encode_tlv(0xa0, &signed_data));
    encode_tlv(0x30, &ci)
}

/// The same SignedData with only its `index`-th signer, as a ContentInfo. A signature covers
/// its own signed attributes and the content, never the other SignerInfos, so OpenSSL can then
/// check each signer on its own. `None` when there is no such signer.
pub fn single_signer(info: &SignedDataInfo, index: usize) -> Option<Vec<u8>> {
    let signer = info.signers.get(index)?;
    let signer_infos = encode_tlv(0x31, &signer.whole);
    let mut fields: Vec<&[u8]> = vec![
        &info.raw.version,
        &info.raw.digest_algorithms,
        &info.raw.encap,
    ];
    if let Some(c) = &info.raw.certificates {
        fields.push(c);
    }
    if let Some(c) = &info.raw.crls {
        fields.push(c);
    }
    fields.push(&signer_infos);
    Some(content_info(&fields))
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
    let all: Vec<u8> = info
        .signers
        .iter()
        .flat_map(|s| s.whole.iter().copied())
        .collect();
    let signer_infos = encode_tlv(0x31, &all);
    let mut fields: Vec<&[u8]> = vec![
        &info.raw.version,
        &info.raw.digest_algorithms,
        &info.raw.encap,
    ];
    if let Some(c) = &info.raw.crls {
        fields.push(c);
    }
    fields.push(&signer_infos);
    Some(content_info(&fields))
}

/// RSA and ECDSA signature algorithms with the digest each one implies (`None`: any digest).
fn signature_algorithm_digest(oid: &[u8]) -> Option<Option<&'static [u8]>> {
    const SHA1: &[u8] = &[0x2b, 0x0e, 0x03, 0x02, 0x1a];
    const SHA256: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01];
    const SHA384: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02];
    const SHA512: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03];
    const RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01];
    const ECDSA: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04];
    if let Some(last) = oid.strip_prefix(RSA) {
        return match last {
            [0x01] | [0x0a] => Some(None),
            [0x05] => Some(Some(SHA1)),
            [0x0b] => Some(Some(SHA256)),
            [0x0c] => Some(Some(SHA384)),
            [0x0d] => Some(Some(SHA512)),
            _ => None,
        };
    }
    if let Some(rest) = oid.strip_prefix(ECDSA) {
        return match rest {
            [0x01] => Some(Some(SHA1)),
            [0x03, 0x02] => Some(Some(SHA256)),
            [0x03, 0x03] => Some(Some(SHA384)),
            [0x03, 0x04] => Some(Some(SHA512)),
            _ => None,
        };
    }
    None
}

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
        let signer_version = signer.version.as_deref()?;
        let expected_version: &[u8] = if self.econtent_type == OID_DATA
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
        if self.encapsulated.is_none() && self.econtent_type != OID_DATA {
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
        if alg.params.as_deref().is_some_and(|p| p != [0x05, 0x00]) {
            return Some("a digest algorithm has unexpected parameters");
        }
    }
    let sig = signer.signature_algorithm.as_ref()?;
    match signature_algorithm_digest(&sig.oid) {
        None => return Some("the signature algorithm is not a known RSA or ECDSA one"),
        Some(Some(implied)) if implied != digest.oid.as_slice() => {
            return Some("the signature algorithm does not match the digest algorithm");
        }
        _ => {}
    }
    let rsa_pss = sig.oid.ends_with(&[0x01, 0x01, 0x0a]);
    if !rsa_pss && sig.params.as_deref().is_some_and(|p| p != [0x05, 0x00]) {
        return Some("the signature algorithm has unexpected parameters");
    }
    None
}

/// Parses a UTCTime (`YYMMDDHHMMSSZ`) or GeneralizedTime (`YYYYMMDDHHMMSSZ`).
pub fn parse_time(t: Tlv<'_>) -> Option<DateTime<Utc>> {
    let s = std::str::from_utf8(t.content).ok()?;
    let s = s.strip_suffix('Z')?;
    let (year, rest) = match t.tag {
        0x17 => {
            let yy: i32 = s.get(..2)?.parse().ok()?;
            (if yy >= 50 { 1900 + yy } else { 2000 + yy }, s.get(2..)?)
        }
        0x18 => (s.get(..4)?.parse().ok()?, s.get(4..)?),
        _ => return None,
    };
    if rest.len() < 10 || !rest.bytes().take(10).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let num = |r: std::ops::Range<usize>| rest.get(r).and_then(|x| x.parse::<u32>().ok());
    let date = NaiveDate::from_ymd_opt(year, num(0..2)?, num(2..4)?)?;
    let time = NaiveTime::from_hms_opt(num(4..6)?, num(6..8)?, num(8..10)?)?;
    Some(NaiveDateTime::new(date, time).and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_lengths_and_rejects_truncation() {
        let (t, rest) = read_tlv(&[0x04, 0x02, 0xaa, 0xbb, 0x00]).unwrap();
        assert_eq!(t.content, &[0xaa, 0xbb]);
        assert_eq!(rest, &[0x00]);
        assert!(read_tlv(&[0x04, 0x05, 0xaa]).is_none());
        assert!(
            read_tlv(&[0x30, 0x80]).is_none(),
            "unterminated indefinite length"
        );
        assert!(
            read_tlv(&[0x04, 0x80, 0x00, 0x00]).is_none(),
            "primitive indefinite"
        );
        let (t, rest) = read_tlv(&[0x30, 0x80, 0x04, 0x01, 0x07, 0x00, 0x00, 0x09]).unwrap();
        assert_eq!(t.content, &[0x04, 0x01, 0x07]);
        assert_eq!(t.whole.len(), 7);
        assert_eq!(rest, &[0x09]);
        let long: Vec<u8> = [0x04, 0x81, 0x80]
            .into_iter()
            .chain(std::iter::repeat_n(7, 0x80))
            .collect();
        assert_eq!(read_tlv(&long).unwrap().0.content.len(), 0x80);
    }

    #[test]
    fn parses_both_time_forms() {
        let utc = Tlv {
            tag: 0x17,
            content: b"181113153926Z",
            whole: b"",
        };
        assert_eq!(
            parse_time(utc).unwrap().to_rfc3339(),
            "2018-11-13T15:39:26+00:00"
        );
        let gen_time = Tlv {
            tag: 0x18,
            content: b"20500101000000Z",
            whole: b"",
        };
        assert_eq!(
            parse_time(gen_time).unwrap().format("%Y").to_string(),
            "2050"
        );
        let bad = Tlv {
            tag: 0x17,
            content: b"99999999Z",
            whole: b"",
        };
        assert!(parse_time(bad).is_none());
    }

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

    #[test]
    fn garbage_is_not_signed_data() {
        assert!(read_signed_data(b"").is_none());
        assert!(read_signed_data(&[0x30, 0x03, 0x06, 0x01, 0x00]).is_none());
        assert!(read_signed_data(&[0xff; 64]).is_none());
    }
}
