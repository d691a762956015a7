//! The XAdES signature of a standalone REM evidence (ETSI EN 319 522-3, XAdES-B-T), checked
//! with libxmlsec1 and its OpenSSL engine through the maintained `xmlsec` binding: parsing,
//! canonicalisation, transforms, reference digests and the signature value are the library's;
//! nothing of XML canonicalisation is written here.
//!
//! What this module adds around the library, because a valid XML signature proves nothing by
//! itself:
//! 1. the document has no DTD and exactly one `ds:Signature`, a child of `Evidence`;
//! 2. the signature covers the whole evidence: one reference to the document (`URI=""`, the
//!    signature subtracted by an XPath Filter 2.0 or enveloped transform, then
//!    canonicalisation) and one to the XAdES `SignedProperties`, nothing else;
//! 3. the key is the one of the certificate in `KeyInfo`, and the signed
//!    `SigningCertificateV2` (or `SigningCertificate`) digest names that certificate;
//! 4. that certificate leads to a REM trust point at the signed `SigningTime`
//!    ([`crate::verify::chain`]).
//!
//! The RFC 3161 time-stamp of the T level is not checked (it would need the canonical form of
//! `ds:SignatureValue`, which the binding does not expose): the signing time used is the signed
//! `SigningTime`, and the outcome says so in a note.

use base64::Engine;
use chrono::{DateTime, Utc};
use openssl::x509::X509;

use crate::pec::rem::evidence::{self, Evidence};
use crate::verify::chain::{self, Purpose};
use crate::verify::{Note, Status, TimeSource, TrustList, TrustPurpose, Verification, certinfo};
use crate::xml::{self, Element};

/// A standalone evidence, read and checked.
#[derive(Debug, Clone)]
pub struct CheckedEvidence {
    /// The signature outcome.
    pub verification: Verification,
    /// The evidence, read from the same bytes.
    pub evidence: Evidence,
}

/// True when `bytes` look like an ERDS evidence (root element `Evidence`).
pub fn looks_like_evidence(bytes: &[u8]) -> bool {
    xml::root_name(bytes).is_some_and(|n| n == "Evidence")
}

/// Reads and checks a standalone evidence at the current time.
pub fn verify(bytes: &[u8], trust: &TrustList) -> CheckedEvidence {
    verify_at(bytes, trust, Utc::now())
}

/// [`verify`] with an explicit current time.
pub fn verify_at(bytes: &[u8], trust: &TrustList, now: DateTime<Utc>) -> CheckedEvidence {
    let evidence = evidence::read(bytes);
    let verification = check(bytes, trust, now);
    CheckedEvidence {
        verification,
        evidence,
    }
}

fn bare(status: Status, reason: impl Into<String>) -> Verification {
    Verification::bare(status, reason.into())
}

/// The structural facts of the signature, from the same bytes the library reads.
struct SignatureFacts {
    certificates: Vec<X509>,
    signing_time: Option<DateTime<Utc>>,
    cert_digest: Option<(String, Vec<u8>)>,
    timestamped: bool,
}

fn check(bytes: &[u8], trust: &TrustList, now: DateTime<Utc>) -> Verification {
    if contains(bytes, b"<!DOCTYPE") || contains(bytes, b"<!ENTITY") {
        return bare(
            Status::Malformed,
            "the evidence declares a document type: it is not read",
        );
    }
    let root = match xml::parse(bytes) {
        Ok(doc) => doc.root,
        Err(e) => {
            return bare(
                Status::Malformed,
                format!("the evidence is not readable XML: {e}"),
            );
        }
    };
    if root.name != "Evidence" {
        return bare(Status::Malformed, "the file is not an ERDS evidence");
    }
    let facts = match signature_facts(&root) {
        Ok(f) => f,
        Err(v) => return *v,
    };
    let Some(signer) = facts.certificates.first().cloned() else {
        return bare(
            Status::Malformed,
            "the evidence signature carries no certificate",
        );
    };
    let integrity = library_verify(bytes, &signer);
    let mut v = Verification {
        status: Status::Valid,
        signer: Some(certinfo::cert_info(&signer)),
        chain: Vec::new(),
        signing_time: None,
        signing_time_source: None,
        reason: None,
        notes: Vec::new(),
    };
    match integrity {
        Ok(true) => {}
        Ok(false) => {
            v.status = Status::Tampered;
            v.reason = Some(
                "the evidence does not match its XAdES signature: it was changed after signing"
                    .to_owned(),
            );
            return v;
        }
        Err(e) => {
            v.status = Status::Malformed;
            v.reason = Some(format!("the XAdES signature cannot be checked: {e}"));
            return v;
        }
    }
    // The signed properties must name the certificate whose key verified the signature.
    match &facts.cert_digest {
        Some((algorithm, value)) => {
            let der = signer.to_der().unwrap_or_default();
            let b64 = base64::engine::general_purpose::STANDARD.encode(value);
            if evidence::digest_matches(Some(algorithm), &b64, &der) != Some(true) {
                v.status = Status::Tampered;
                v.reason = Some(
                    "the signed properties name another certificate than the one in the signature"
                        .to_owned(),
                );
                return v;
            }
        }
        None => {
            v.status = Status::Malformed;
            v.reason =
                Some("the XAdES signed properties do not name the signing certificate".to_owned());
            return v;
        }
    }
    let (at, source) = match facts.signing_time {
        Some(t) => (t, TimeSource::SigningTime),
        None => (now, TimeSource::Now),
    };
    v.signing_time = Some(at);
    v.signing_time_source = Some(source);
    if facts.timestamped {
        v.notes.push(Note::Detail {
            text: "the evidence's time-stamp (XAdES-T) was not checked: the signed signing time was used"
                .to_owned(),
        });
    }
    let carried: Vec<X509> = facts.certificates[1..].to_vec();
    // Only REM trust points vouch for an evidence, whatever list the caller holds.
    let trust = trust.for_purpose(TrustPurpose::Rem);
    let path = chain::check_path_for(&signer, &carried, &trust, at, Purpose::DocumentSigning);
    v.chain = path.chain.iter().map(|c| certinfo::cert_info(c)).collect();
    v.status = path.status;
    v.reason = path.reason.map(|r| match path.status {
        Status::Expired => format!(
            "the provider certificate was not valid at signing time ({}): {r}",
            at.to_rfc3339()
        ),
        _ => format!(
            "the signer does not lead to a REM trust point: {}",
            rem_path_text(&r)
        ),
    });
    if v.status == Status::Valid
        && let Some(not_after) = v.signer.as_ref().and_then(|s| s.not_after)
        && not_after < now
    {
        v.notes.push(Note::ExpiredSinceSigning { not_after });
    }
    v
}

/// A path failure in REM words: the chain module speaks of PEC trust points.
pub fn rem_path_text(reason: &str) -> String {
    if reason.contains("PEC trust point") || reason.contains("not a PEC provider") {
        let openssl = reason
            .rsplit_once('(')
            .map(|(_, o)| o.trim_end_matches(')'))
            .unwrap_or(reason);
        format!(
            "not a REM provider certificate: its path does not reach a REM trust point (a qualified registered delivery service of an EU trusted list, or one added for REM) ({openssl})"
        )
    } else {
        reason.to_owned()
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn count_named(e: &Element, name: &str) -> usize {
    usize::from(e.name == name)
        + e.children
            .iter()
            .map(|c| count_named(c, name))
            .sum::<usize>()
}

/// Checks what the signature covers and gathers its certificates and signed properties.
fn signature_facts(root: &Element) -> Result<SignatureFacts, Box<Verification>> {
    let malformed = |why: &str| Box::new(bare(Status::Malformed, why.to_owned()));
    if count_named(root, "Signature") != 1 {
        return Err(match root.child("Signature") {
            None => Box::new(bare(
                Status::Unsigned,
                "the evidence carries no XAdES signature",
            )),
            Some(_) => malformed("the evidence carries more than one signature"),
        });
    }
    let sig = root
        .child("Signature")
        .ok_or_else(|| malformed("the evidence's signature is not where EN 319 522-3 puts it"))?;
    let signed_info = sig
        .child("SignedInfo")
        .ok_or_else(|| malformed("the signature has no SignedInfo"))?;
    let props = sig
        .at(&["Object", "QualifyingProperties", "SignedProperties"])
        .ok_or_else(|| malformed("the signature has no XAdES signed properties"))?;
    let props_id = props.attr("Id").unwrap_or_default();
    let mut whole = 0;
    let mut properties = 0;
    for r in signed_info.children_named("Reference") {
        let uri = r.attr("URI");
        match uri {
            Some("") if covers_whole_document(r) => whole += 1,
            Some(u) if !props_id.is_empty() && u == format!("#{props_id}") => properties += 1,
            _ => {
                return Err(malformed(
                    "the signature references something other than the evidence and its signed properties",
                ));
            }
        }
    }
    if whole != 1 || properties != 1 {
        return Err(malformed(
            "the signature does not cover the whole evidence and its signed properties exactly once",
        ));
    }
    let certificates: Vec<X509> = sig
        .at(&["KeyInfo", "X509Data"])
        .map(|d| {
            d.children_named("X509Certificate")
                .filter_map(|c| c.value())
                .filter_map(|b| {
                    base64::engine::general_purpose::STANDARD
                        .decode(b.split_whitespace().collect::<String>())
                        .ok()
                })
                .map(|der| X509::from_der(&der))
                .collect::<Result<Vec<_>, _>>()
        })
        .transpose()
        .map_err(|_| malformed("the signature carries a damaged certificate"))?
        .unwrap_or_default();
    let ssp = props.child("SignedSignatureProperties");
    let signing_time = ssp
        .and_then(|s| s.text_at(&["SigningTime"]))
        .and_then(|t| evidence::parse_time(&t))
        .map(|t| t.with_timezone(&Utc));
    let cert = ssp.and_then(|s| {
        s.at(&["SigningCertificateV2", "Cert"])
            .or_else(|| s.at(&["SigningCertificate", "Cert"]))
    });
    let cert_digest = cert.and_then(|c| {
        let d = c.child("CertDigest")?;
        let algorithm = d.child("DigestMethod")?.attr("Algorithm")?.to_owned();
        let value = base64::engine::general_purpose::STANDARD
            .decode(
                d.text_at(&["DigestValue"])?
                    .split_whitespace()
                    .collect::<String>(),
            )
            .ok()?;
        Some((algorithm, value))
    });
    let timestamped = sig
        .at(&["Object", "QualifyingProperties", "UnsignedProperties"])
        .is_some_and(|u| count_named(u, "SignatureTimeStamp") > 0);
    Ok(SignatureFacts {
        certificates,
        signing_time,
        cert_digest,
        timestamped,
    })
}

/// A `URI=""` reference whose transforms remove only the signature itself (XPath Filter 2.0
/// `subtract` of `ds:Signature`, or enveloped-signature) and canonicalise.
fn covers_whole_document(reference: &Element) -> bool {
    let Some(transforms) = reference.child("Transforms") else {
        return false;
    };
    let mut removes_signature = false;
    for t in transforms.children_named("Transform") {
        match t.attr("Algorithm").unwrap_or_default() {
            "http://www.w3.org/2002/06/xmldsig-filter2" => {
                let ok = t.children_named("XPath").count() == 1
                    && t.child("XPath").is_some_and(|x| {
                        x.attr("Filter") == Some("subtract")
                            && matches!(
                                x.text.trim(),
                                "/descendant::ds:Signature" | "//ds:Signature"
                            )
                    });
                if !ok {
                    return false;
                }
                removes_signature = true;
            }
            "http://www.w3.org/2000/09/xmldsig#enveloped-signature" => removes_signature = true,
            "http://www.w3.org/2001/10/xml-exc-c14n#"
            | "http://www.w3.org/2001/10/xml-exc-c14n#WithComments"
            | "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
            | "http://www.w3.org/2006/12/xml-c14n11" => {}
            _ => return false,
        }
    }
    removes_signature
}

/// Runs libxmlsec1 on the bytes with the public key of `signer`. One call at a time: the
/// library's global state is shared.
#[cfg(target_os = "linux")]
fn library_verify(bytes: &[u8], signer: &X509) -> Result<bool, String> {
    use std::sync::Mutex;
    /// The XAdES namespace of `SignedProperties` (v1.3.2, the one EN 319 132 uses).
    const XADES_NS: &str = "http://uri.etsi.org/01903/v1.3.2#";
    /// The XML-DSig namespace.
    const DSIG_NS: &str = "http://www.w3.org/2000/09/xmldsig#";
    static LOCK: Mutex<()> = Mutex::new(());
    let _guard = LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let pem = signer
        .public_key()
        .and_then(|k| k.public_key_to_pem())
        .map_err(|e| format!("the certificate's key cannot be read: {e}"))?;
    let bytes = bytes.to_vec();
    silence_library_errors();
    // The binding panics on states it does not expect; a panic is an unreadable signature.
    std::panic::catch_unwind(move || {
        use xmlsec::{XmlSecDocumentExt, XmlSecKey, XmlSecKeyFormat, XmlSecSignatureContext};
        let options = libxml::parser::ParserOptions {
            recover: false,
            no_net: true,
            ..Default::default()
        };
        let doc = libxml::parser::Parser::default()
            .parse_string_with_options(&bytes, options)
            .map_err(|e| format!("libxml2 cannot parse it: {e:?}"))?;
        doc.specify_idattr(
            "//xades:SignedProperties",
            "Id",
            Some(&[("xades", XADES_NS), ("ds", DSIG_NS)]),
        )
        .map_err(|e| format!("{e:?}"))?;
        let key = XmlSecKey::from_memory(&pem, XmlSecKeyFormat::Pem, None)
            .map_err(|e| format!("{e:?}"))?;
        let mut ctx = XmlSecSignatureContext::new();
        ctx.insert_key(key);
        ctx.verify_document(&doc).map_err(|e| format!("{e:?}"))
    })
    .unwrap_or_else(|_| Err("the XML security library stopped on this signature".to_owned()))
}

/// libxmlsec1 prints every failure to standard error by default; Sigillo reports the outcome
/// itself (a tampered evidence is an answer, not an error of the program). The binding does not
/// expose `xmlsec/errors.h`, so its one switch is declared here.
#[cfg(target_os = "linux")]
fn silence_library_errors() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    unsafe extern "C" {
        fn xmlSecErrorsDefaultCallbackEnableOutput(enabled: std::os::raw::c_int);
    }
    ONCE.call_once(|| {
        // The library is initialised first so the call is not undone by its initialisation.
        xmlsec::XmlSecSignatureContext::new();
        // SAFETY: a plain setter of a global flag in libxmlsec1 (linked by the binding),
        // called once, under the module's lock.
        unsafe { xmlSecErrorsDefaultCallbackEnableOutput(0) };
    });
}

/// Other platforms: the check did not run, and that is a failure, never a pass.
#[cfg(not(target_os = "linux"))]
fn library_verify(_bytes: &[u8], _signer: &X509) -> Result<bool, String> {
    Err("the XML signature library is not part of this build".to_owned())
}
