//! A throw-away qualified-signature PKI made at test time, shaped like the Italian ones (a
//! provider root, an issuing "Firma Qualificata" CA, signer certificates with givenName,
//! surname, serialNumber `TINIT-<fiscal code>` and a critical nonRepudiation key usage), the
//! real `openssl cms -sign` command to sign documents with it, a hand-built CAdES
//! counter-signature, and an ETSI TS 119 612 trusted list naming its CAs. Every name and fiscal
//! code here is invented.

use std::path::Path;
use std::process::Command;

use chrono::{DateTime, Duration, Utc};
use der::asn1::{AnyRef, ObjectIdentifier};
use der::{Decode, Encode, Reader, SliceReader, Tag, Tagged};
use openssl::asn1::{Asn1Integer, Asn1Time};
use openssl::bn::BigNum;
use openssl::hash::{MessageDigest, hash};
use openssl::pkey::{PKey, Private};
use openssl::rsa::Rsa;
use openssl::sign::Signer;
use openssl::x509::extension::{BasicConstraints, KeyUsage, SubjectKeyIdentifier};
use openssl::x509::{X509, X509Builder, X509Name, X509NameBuilder};

/// A certificate and its key.
#[derive(Clone)]
pub struct Holder {
    pub cert: X509,
    pub key: PKey<Private>,
}

/// Root and issuing CA of one test provider.
pub struct Qca {
    pub root: Holder,
    pub ca: Holder,
}

/// Which key usage a signer certificate gets.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Usage {
    /// Critical nonRepudiation, as qualified signature certificates.
    NonRepudiation,
    /// keyEncipherment only: not a signature certificate.
    EncipherOnly,
}

fn name(entries: &[(&str, &str)]) -> X509Name {
    let mut b = X509NameBuilder::new().unwrap();
    for (k, v) in entries {
        b.append_entry_by_text(k, v).unwrap();
    }
    b.build()
}

fn time(t: DateTime<Utc>) -> Asn1Time {
    Asn1Time::from_unix(t.timestamp() as _).unwrap()
}

fn serial() -> Asn1Integer {
    let mut bn = BigNum::new().unwrap();
    bn.rand(64, openssl::bn::MsbOption::MAYBE_ZERO, false)
        .unwrap();
    bn.to_asn1_integer().unwrap()
}

fn key() -> PKey<Private> {
    PKey::from_rsa(Rsa::generate(2048).unwrap()).unwrap()
}

fn ca_cert(
    subject: &X509Name,
    issuer: Option<&Holder>,
    key: &PKey<Private>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> X509 {
    let mut b = X509Builder::new().unwrap();
    b.set_version(2).unwrap();
    b.set_serial_number(&serial()).unwrap();
    b.set_subject_name(subject).unwrap();
    b.set_issuer_name(issuer.map(|h| h.cert.subject_name()).unwrap_or(subject))
        .unwrap();
    b.set_pubkey(key).unwrap();
    b.set_not_before(&time(from)).unwrap();
    b.set_not_after(&time(to)).unwrap();
    b.append_extension(BasicConstraints::new().critical().ca().build().unwrap())
        .unwrap();
    b.append_extension(
        KeyUsage::new()
            .critical()
            .key_cert_sign()
            .crl_sign()
            .build()
            .unwrap(),
    )
    .unwrap();
    let ski = SubjectKeyIdentifier::new()
        .build(&b.x509v3_context(issuer.map(|h| h.cert.as_ref()), None))
        .unwrap();
    b.append_extension(ski).unwrap();
    b.sign(
        issuer.map(|h| &h.key).unwrap_or(key),
        MessageDigest::sha256(),
    )
    .unwrap();
    b.build()
}

impl Qca {
    /// A provider with a root and an issuing CA valid ten years either side of now.
    pub fn new(provider: &str) -> Qca {
        let now = Utc::now();
        let (from, to) = (now - Duration::days(3650), now + Duration::days(3650));
        let root_key = key();
        let root_name = name(&[
            ("C", "IT"),
            ("O", provider),
            ("CN", &format!("{provider} Root CA TEST")),
        ]);
        let root = Holder {
            cert: ca_cert(&root_name, None, &root_key, from, to),
            key: root_key,
        };
        let ca_key = key();
        let ca_name = name(&[
            ("C", "IT"),
            ("O", provider),
            ("OU", "Certificatore Qualificato TEST"),
            ("CN", &format!("{provider} Firma Qualificata TEST")),
        ]);
        let ca = Holder {
            cert: ca_cert(&ca_name, Some(&root), &ca_key, from, to),
            key: ca_key,
        };
        Qca { root, ca }
    }

    /// A signer certificate issued by the issuing CA.
    pub fn person(
        &self,
        given: &str,
        surname: &str,
        fiscal_code: &str,
        validity: (DateTime<Utc>, DateTime<Utc>),
        usage: Usage,
    ) -> Holder {
        let k = key();
        let subject = name(&[
            ("C", "IT"),
            ("SN", surname),
            ("GN", given),
            ("serialNumber", &format!("TINIT-{fiscal_code}")),
            ("CN", &format!("{surname} {given}")),
        ]);
        let mut b = X509Builder::new().unwrap();
        b.set_version(2).unwrap();
        b.set_serial_number(&serial()).unwrap();
        b.set_subject_name(&subject).unwrap();
        b.set_issuer_name(self.ca.cert.subject_name()).unwrap();
        b.set_pubkey(&k).unwrap();
        b.set_not_before(&time(validity.0)).unwrap();
        b.set_not_after(&time(validity.1)).unwrap();
        let ku = match usage {
            Usage::NonRepudiation => KeyUsage::new().critical().non_repudiation().build(),
            Usage::EncipherOnly => KeyUsage::new().critical().key_encipherment().build(),
        }
        .unwrap();
        b.append_extension(ku).unwrap();
        b.sign(&self.ca.key, MessageDigest::sha256()).unwrap();
        Holder {
            cert: b.build(),
            key: k,
        }
    }

    /// A signer valid from a year ago for two years.
    pub fn signer(&self, given: &str, surname: &str, fiscal_code: &str) -> Holder {
        let now = Utc::now();
        self.person(
            given,
            surname,
            fiscal_code,
            (now - Duration::days(365), now + Duration::days(365)),
            Usage::NonRepudiation,
        )
    }
}

/// How `openssl cms -sign` is asked to sign.
#[derive(Clone, Copy, Default)]
pub struct SignOpts {
    /// `-stream`: BER with indefinite lengths, as Java tools write.
    pub ber: bool,
    /// `-noattr`: no signed attributes at all (no signingTime).
    pub no_attributes: bool,
    /// `-cades`: add the ESS signingCertificateV2 attribute.
    pub cades: bool,
}

fn write(dir: &Path, file: &str, bytes: &[u8]) -> std::path::PathBuf {
    let p = dir.join(file);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn run_openssl(args: &[&std::ffi::OsStr]) {
    let out = Command::new("openssl")
        .args(args)
        .output()
        .expect("the openssl command must be installed (scripts/test installs it)");
    assert!(
        out.status.success(),
        "openssl {:?} failed: {}",
        args,
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Signs `content` with the real `openssl cms -sign -nodetach -binary`, DER output.
pub fn sign(content: &[u8], signer: &Holder, opts: SignOpts) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "in.bin", content);
    let cert = write(dir.path(), "s.pem", &signer.cert.to_pem().unwrap());
    let key = write(
        dir.path(),
        "s.key",
        &signer.key.private_key_to_pem_pkcs8().unwrap(),
    );
    let out = dir.path().join("out.p7m");
    let mut args: Vec<&std::ffi::OsStr> = ["cms", "-sign", "-nodetach", "-binary", "-md", "sha256"]
        .iter()
        .map(std::ffi::OsStr::new)
        .collect();
    args.extend([
        "-in".as_ref(),
        input.as_os_str(),
        "-signer".as_ref(),
        cert.as_os_str(),
        "-inkey".as_ref(),
        key.as_os_str(),
        "-outform".as_ref(),
        "DER".as_ref(),
        "-out".as_ref(),
        out.as_os_str(),
    ]);
    if opts.ber {
        args.push("-stream".as_ref());
    } else {
        args.push("-noindef".as_ref());
    }
    if opts.no_attributes {
        args.push("-noattr".as_ref());
    }
    if opts.cades {
        args.push("-cades".as_ref());
    }
    run_openssl(&args);
    std::fs::read(out).unwrap()
}

/// Adds a parallel signer to a DER `.p7m` with `openssl cms -resign`.
pub fn resign(p7m: &[u8], signer: &Holder) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "in.p7m", p7m);
    let cert = write(dir.path(), "s.pem", &signer.cert.to_pem().unwrap());
    let key = write(
        dir.path(),
        "s.key",
        &signer.key.private_key_to_pem_pkcs8().unwrap(),
    );
    let out = dir.path().join("out.p7m");
    let args: Vec<&std::ffi::OsStr> = vec![
        "cms".as_ref(),
        "-resign".as_ref(),
        "-nodetach".as_ref(),
        "-binary".as_ref(),
        "-noindef".as_ref(),
        "-md".as_ref(),
        "sha256".as_ref(),
        "-inform".as_ref(),
        "DER".as_ref(),
        "-in".as_ref(),
        input.as_os_str(),
        "-signer".as_ref(),
        cert.as_os_str(),
        "-inkey".as_ref(),
        key.as_os_str(),
        "-outform".as_ref(),
        "DER".as_ref(),
        "-out".as_ref(),
        out.as_os_str(),
    ];
    run_openssl(&args);
    std::fs::read(out).unwrap()
}

/// Base64 text in 64-column CRLF lines, as some tools save `.p7m` files.
pub fn to_base64(der: &[u8]) -> Vec<u8> {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let mut out = Vec::new();
    for chunk in b64.as_bytes().chunks(64) {
        out.extend_from_slice(chunk);
        out.extend_from_slice(b"\r\n");
    }
    out
}

/// An OBJECT IDENTIFIER from its dotted form.
pub fn oid(dotted: &str) -> Vec<u8> {
    ObjectIdentifier::new(dotted).unwrap().to_der().unwrap()
}

/// One DER element from its identifier octet and content.
fn encode_tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let tag = Tag::try_from(tag).unwrap();
    AnyRef::new(tag, content).unwrap().to_der().unwrap()
}

/// The elements of a constructed value's content.
fn elements(content: &[u8]) -> Vec<AnyRef<'_>> {
    let mut reader = SliceReader::new(content).unwrap();
    let mut out = Vec::new();
    while !reader.is_finished() {
        out.push(AnyRef::decode(&mut reader).unwrap());
    }
    out
}

/// The whole encodings of the elements of a constructed value's content.
fn element_encodings(content: &[u8]) -> Vec<Vec<u8>> {
    let all = elements(content);
    all.iter().map(|e| e.to_der().unwrap()).collect()
}

fn seq(items: &[Vec<u8>]) -> Vec<u8> {
    encode_tlv(0x30, &items.concat())
}

/// A DER SET OF: elements sorted by their encodings.
fn set_of(mut items: Vec<Vec<u8>>) -> Vec<u8> {
    items.sort();
    encode_tlv(0x31, &items.concat())
}

/// Adds to the `index`-th SignerInfo of a DER `.p7m` a counter-signature (RFC 5652 §11.4) by
/// `counter`, over that SignerInfo's signature value, and carries `counter`'s certificate.
/// `tamper` changes one byte of the counter-signature value.
pub fn countersign(p7m: &[u8], index: usize, counter: &Holder, tamper: bool) -> Vec<u8> {
    let content_info = AnyRef::from_der(p7m).unwrap();
    let ci_items = elements(content_info.value());
    let sd = AnyRef::from_der(ci_items[1].value()).unwrap();
    let mut items = element_encodings(sd.value());
    let si_pos = items.len() - 1;
    let mut signers = element_encodings(AnyRef::from_der(&items[si_pos]).unwrap().value());
    let parent = signers[index].clone();
    let parent_items = elements(AnyRef::from_der(&parent).unwrap().value());
    let signature_value = parent_items
        .iter()
        .rev()
        .find(|t| t.tag() == Tag::OctetString)
        .unwrap()
        .value()
        .to_vec();

    // The counter-signature SignerInfo.
    let digest = hash(MessageDigest::sha256(), &signature_value).unwrap();
    let now = Utc::now().format("%y%m%d%H%M%SZ").to_string();
    let attrs = vec![
        seq(&[
            oid("1.2.840.113549.1.9.5"),
            set_of(vec![encode_tlv(0x17, now.as_bytes())]),
        ]),
        seq(&[
            oid("1.2.840.113549.1.9.4"),
            set_of(vec![encode_tlv(0x04, &digest)]),
        ]),
    ];
    let attrs_set = set_of(attrs);
    let mut s = Signer::new(MessageDigest::sha256(), &counter.key).unwrap();
    s.update(&attrs_set).unwrap();
    let mut sig = s.sign_to_vec().unwrap();
    if tamper {
        sig[10] ^= 0x01;
    }
    let serial = counter.cert.serial_number().to_bn().unwrap().to_vec();
    let serial = if serial.first().is_some_and(|b| b & 0x80 != 0) {
        [vec![0], serial].concat()
    } else {
        serial
    };
    let null = vec![0x05, 0x00];
    let cs = seq(&[
        encode_tlv(0x02, &[1]),
        seq(&[
            counter.cert.issuer_name().to_der().unwrap(),
            encode_tlv(0x02, &serial),
        ]),
        seq(&[oid("2.16.840.1.101.3.4.2.1"), null.clone()]),
        encode_tlv(0xa0, AnyRef::from_der(&attrs_set).unwrap().value()),
        seq(&[oid("1.2.840.113549.1.1.11"), null]),
        encode_tlv(0x04, &sig),
    ]);
    let unsigned = encode_tlv(0xa1, &seq(&[oid("1.2.840.113549.1.9.6"), set_of(vec![cs])]));
    let mut parent_parts: Vec<Vec<u8>> = parent_items.iter().map(|t| t.to_der().unwrap()).collect();
    parent_parts.push(unsigned);
    signers[index] = seq(&parent_parts);
    items[si_pos] = encode_tlv(0x31, &signers.concat());

    // Carry the counter-signer's certificate.
    if let Some(certs_pos) = items.iter().position(|i| i[0] == 0xa0) {
        let mut list = element_encodings(AnyRef::from_der(&items[certs_pos]).unwrap().value());
        list.push(counter.cert.to_der().unwrap());
        items[certs_pos] = encode_tlv(0xa0, &list.concat());
    }
    let sd = seq(&items);
    seq(&[ci_items[0].to_der().unwrap(), encode_tlv(0xa0, &sd)])
}

/// One service of an ETSI trusted list written by [`trusted_list`].
pub struct TlService<'a> {
    pub provider: &'a str,
    pub service: &'a str,
    pub service_type: &'a str,
    pub cert: &'a X509,
    /// `(status word, since)`, oldest first; the last one is the current status.
    pub history: Vec<(&'a str, DateTime<Utc>)>,
    /// Additional service information URIs.
    pub additional: Vec<&'a str>,
}

fn b64(cert: &X509) -> String {
    use base64::Engine;
    let s = base64::engine::general_purpose::STANDARD.encode(cert.to_der().unwrap());
    s.as_bytes()
        .chunks(76)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect::<Vec<_>>()
        .join("\n")
}

fn status_uri(word: &str) -> String {
    format!("http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/{word}")
}

/// An ETSI TS 119 612 trusted list (with the `tsl:` prefix, as AgID writes it) naming the given
/// services. The list's "signature" and its pointer to the list of lists carry `decoy`, a
/// certificate that must never become a trust anchor.
pub fn trusted_list(services: &[TlService<'_>], decoy: &X509) -> String {
    let mut tsps = String::new();
    for s in services {
        let (current, history) = s.history.split_last().unwrap();
        let mut hist = String::new();
        for (word, since) in history.iter().rev() {
            hist.push_str(&format!(
                r#"
            <tsl:ServiceHistoryInstance>
              <tsl:ServiceTypeIdentifier>{}</tsl:ServiceTypeIdentifier>
              <tsl:ServiceName><tsl:Name xml:lang="en">{}</tsl:Name></tsl:ServiceName>
              <tsl:ServiceDigitalIdentity><tsl:DigitalId><tsl:X509SKI>AAAA</tsl:X509SKI></tsl:DigitalId></tsl:ServiceDigitalIdentity>
              <tsl:ServiceStatus>{}</tsl:ServiceStatus>
              <tsl:StatusStartingTime>{}</tsl:StatusStartingTime>
            </tsl:ServiceHistoryInstance>"#,
                s.service_type,
                s.service,
                status_uri(word),
                since.format("%Y-%m-%dT%H:%M:%SZ")
            ));
        }
        let additional: String = s
            .additional
            .iter()
            .map(|u| {
                format!(
                    r#"<tsl:Extension Critical="false"><tsl:AdditionalServiceInformation><tsl:URI xml:lang="en">{u}</tsl:URI></tsl:AdditionalServiceInformation></tsl:Extension>"#
                )
            })
            .collect();
        tsps.push_str(&format!(
            r#"
    <tsl:TrustServiceProvider>
      <tsl:TSPInformation>
        <tsl:TSPName><tsl:Name xml:lang="it">{provider}</tsl:Name><tsl:Name xml:lang="en">{provider}</tsl:Name></tsl:TSPName>
      </tsl:TSPInformation>
      <tsl:TSPServices>
        <tsl:TSPService>
          <tsl:ServiceInformation>
            <tsl:ServiceTypeIdentifier>{stype}</tsl:ServiceTypeIdentifier>
            <tsl:ServiceName><tsl:Name xml:lang="en">{service}</tsl:Name></tsl:ServiceName>
            <tsl:ServiceDigitalIdentity>
              <tsl:DigitalId><tsl:X509Certificate>{cert}</tsl:X509Certificate></tsl:DigitalId>
              <tsl:DigitalId><tsl:X509SubjectName>CN=whatever</tsl:X509SubjectName></tsl:DigitalId>
            </tsl:ServiceDigitalIdentity>
            <tsl:ServiceStatus>{status}</tsl:ServiceStatus>
            <tsl:StatusStartingTime>{since}</tsl:StatusStartingTime>
            <tsl:ServiceInformationExtensions>{additional}</tsl:ServiceInformationExtensions>
          </tsl:ServiceInformation>
          <tsl:ServiceHistory>{hist}
          </tsl:ServiceHistory>
        </tsl:TSPService>
      </tsl:TSPServices>
    </tsl:TrustServiceProvider>"#,
            provider = s.provider,
            stype = s.service_type,
            service = s.service,
            cert = b64(s.cert),
            status = status_uri(current.0),
            since = current.1.format("%Y-%m-%dT%H:%M:%SZ"),
        ));
    }
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<tsl:TrustServiceStatusList xmlns:tsl="http://uri.etsi.org/02231/v2#" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Id="TrustServiceStatusList" TSLTag="http://uri.etsi.org/19612/TSLTag">
  <tsl:SchemeInformation>
    <tsl:TSLVersionIdentifier>5</tsl:TSLVersionIdentifier>
    <tsl:TSLSequenceNumber>42</tsl:TSLSequenceNumber>
    <tsl:SchemeTerritory>IT</tsl:SchemeTerritory>
    <tsl:ListIssueDateTime>2026-01-01T00:00:00Z</tsl:ListIssueDateTime>
    <tsl:PointersToOtherTSL>
      <tsl:OtherTSLPointer>
        <tsl:ServiceDigitalIdentities><tsl:ServiceDigitalIdentity><tsl:DigitalId><tsl:X509Certificate>{decoy}</tsl:X509Certificate></tsl:DigitalId></tsl:ServiceDigitalIdentity></tsl:ServiceDigitalIdentities>
        <tsl:TSLLocation>https://ec.europa.invalid/lotl.xml</tsl:TSLLocation>
      </tsl:OtherTSLPointer>
    </tsl:PointersToOtherTSL>
  </tsl:SchemeInformation>
  <tsl:TrustServiceProviderList>{tsps}
  </tsl:TrustServiceProviderList>
  <ds:Signature Id="sig"><ds:SignedInfo/><ds:SignatureValue>AAAA</ds:SignatureValue><ds:KeyInfo><ds:X509Data><ds:X509Certificate>{decoy}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></ds:Signature>
</tsl:TrustServiceStatusList>
"#,
        decoy = b64(decoy),
    )
}

/// The service type of qualified certificate authorities.
pub const CA_QC: &str = "http://uri.etsi.org/TrstSvc/Svctype/CA/QC";
/// The service type of qualified timestamp authorities.
pub const TSA_QTST: &str = "http://uri.etsi.org/TrstSvc/Svctype/TSA/QTST";
