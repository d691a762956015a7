//! Provider signature validation (S/MIME, CMS) against the PEC trust list, at signing time.
//!
//! Steps, each with its own outcome:
//! 1. find the signed entity and take its exact bytes ([`signed_part`]); none → `unsigned`;
//! 2. read the CMS structure; unreadable → `malformed`;
//! 3. check that the content matches the signature (OpenSSL `CMS_verify`, signer path not yet
//!    considered); mismatch → `tampered`;
//! 4. validate the signer's path to an enabled anchor at signing time ([`chain`]) → `valid`,
//!    `untrusted` or `expired`; an offline CRL can make it `untrusted` (revoked before signing);
//! 5. cross-check a valid signer against the certified data (provider, sender address);
//! 6. for REM ("PEC europea"): the signer must lead to a REM trust point (never a PEC one, and
//!    a PEC message never to a REM one: [`TrustList::for_purpose`]), and the attached original
//!    must match the digest the signed evidence (and `REM-DigestValue`) gives, else `tampered`.
//!
//! [`open`] is the only way the app gets a message to display: content and verification come
//! together, so no screen can show one without the other.

mod altered;
mod certcache;
pub mod certinfo;
pub mod chain;
pub mod der;
pub mod outcome;
mod pathcache;
pub mod signed_part;
#[cfg(test)]
pub(crate) mod test_certs;
pub mod trust;
pub mod trusted_list;
pub mod xades;

use chrono::{DateTime, Utc};
use openssl::cms::{CMSOptions, CmsContentInfo};
use openssl::stack::Stack;
use openssl::x509::X509;

pub use outcome::{CertInfo, Note, Status, TimeSource, Verification};
pub use trust::{Anchor, AnchorSource, TrustError, TrustList, TrustPurpose};

use crate::pec::{self, Classification};
use signed_part::{LocateError, SignedEntity};

/// Checks the provider signature of a raw message, at the current time for "expired since".
pub fn verify_message(
    raw: &[u8],
    classification: &Classification,
    trust: &TrustList,
) -> Verification {
    verify_message_at(raw, classification, trust, Utc::now())
}

/// Checks the provider signature of a raw message. `now` is used for notes such as "expired
/// since signing" and as the last-resort checking time.
pub fn verify_message_at(
    raw: &[u8],
    classification: &Classification,
    trust: &TrustList,
    now: DateTime<Utc>,
) -> Verification {
    if raw.len() > pec::MAX_CLASSIFIED_BYTES {
        return too_large(raw.len());
    }
    let trust = trust.for_purpose(TrustPurpose::for_format(classification.format()));
    match signed_part::locate(raw) {
        Ok(entity) => {
            let mut v = verify_entity(&entity, classification, &trust, now).0;
            rem_digest(classification, &mut v);
            v
        }
        Err(e) => located_error(e, classification),
    }
}

/// The outcome for a message of `size` bytes, larger than [`pec::MAX_CLASSIFIED_BYTES`]: not
/// checked, and said so (`malformed`: never shown as valid).
pub fn too_large(size: usize) -> Verification {
    Verification::bare(
        Status::Malformed,
        format!(
            "the message is {} MB, larger than the {} MB Sigillo reads: its signature was not checked",
            size / (1024 * 1024),
            pec::MAX_CLASSIFIED_BYTES / (1024 * 1024)
        ),
    )
}

fn located_error(e: LocateError, classification: &Classification) -> Verification {
    match e {
        LocateError::Unreadable | LocateError::NoSignature | LocateError::SignatureMissing => {
            let reason = if classification.kind.is_pec() {
                format!(
                    "{e}, although it presents itself as PEC ({}): its content is not certified",
                    classification.kind
                )
            } else {
                e.to_string()
            };
            Verification::bare(Status::Unsigned, reason)
        }
        LocateError::Ambiguous(_) | LocateError::BadEncoding(_) => {
            Verification::bare(Status::Malformed, e.to_string())
        }
    }
}

/// A message ready for display: what it is and whether its signature holds, inseparable, and
/// both taken from the same bytes: the content is read from exactly the entity the verifier
/// checked (the signed part between its delimiters, or the content of an opaque signature),
/// never from text around it.
#[derive(Debug, Clone)]
pub struct CertifiedMessage {
    classification: Classification,
    verification: Verification,
    content: Option<Vec<u8>>,
}

impl CertifiedMessage {
    /// The signature outcome; show it before anything else.
    pub fn verification(&self) -> &Verification {
        &self.verification
    }

    /// The classification of the signed content, with the verification that qualifies it.
    pub fn content(&self) -> (&Verification, &Classification) {
        (&self.verification, &self.classification)
    }

    /// The bytes the classification was read from, to take text and attachments from: the
    /// unsigned envelope header fields followed by exactly the signed entity, or `raw` itself
    /// when the message has no signature that could be read (then nothing in it is certified,
    /// and the verification says so).
    pub fn source<'a>(&'a self, raw: &'a [u8]) -> &'a [u8] {
        self.content.as_deref().unwrap_or(raw)
    }

    /// Both parts, owned.
    pub fn into_parts(self) -> (Verification, Classification) {
        (self.verification, self.classification)
    }

    /// The three parts, owned: the verification, the classification and the bytes it was read
    /// from (`None`: the message itself).
    pub fn into_all(self) -> (Verification, Classification, Option<Vec<u8>>) {
        (self.verification, self.classification, self.content)
    }
}

/// Classifies and verifies a raw message for display.
pub fn open(raw: &[u8], trust: &TrustList) -> CertifiedMessage {
    open_at(raw, trust, Utc::now())
}

/// [`open`] with an explicit current time.
pub fn open_at(raw: &[u8], trust: &TrustList, now: DateTime<Utc>) -> CertifiedMessage {
    let reading = pec::read(raw);
    let mut classification = reading.classification;
    let mut content = reading.content;
    if raw.len() > pec::MAX_CLASSIFIED_BYTES {
        return CertifiedMessage {
            classification,
            verification: too_large(raw.len()),
            content: None,
        };
    }
    // Only the trust points of the message's format may vouch for it.
    let trust = trust.for_purpose(TrustPurpose::for_format(classification.format()));
    let verification = match signed_part::from_located(&reading.signature) {
        Ok(entity) => {
            let (mut v, inner) = verify_entity(&entity, &classification, &trust, now);
            // Opaque signing: what is certified is inside the CMS structure.
            if let Some(inner) = inner {
                let bytes = with_outer_headers(raw, &inner);
                classification = pec::classify(&bytes);
                content = Some(bytes);
            }
            rem_digest(&classification, &mut v);
            v
        }
        Err(e) => located_error(e, &classification),
    };
    CertifiedMessage {
        classification,
        verification,
        content,
    }
}

/// A REM original that does not match the digest certifying it was changed: `tampered`,
/// whatever the signature says (the signed evidence vouches for other content, or the unsigned
/// `REM-DigestValue` was altered).
fn rem_digest(classification: &Classification, v: &mut Verification) {
    use crate::pec::rem::DigestCheck;
    let Some(rem) = &classification.rem else {
        return;
    };
    if v.status == Status::Untrusted
        && let Some(r) = &v.reason
    {
        v.reason = Some(crate::verify::xades::rem_path_text(r));
    }
    if matches!(v.status, Status::Unsigned | Status::Malformed) {
        return;
    }
    let reason = match rem.digest {
        DigestCheck::EvidenceMismatch => {
            "the attached original does not match the digest in the signed REM evidence: it is not the message the provider certified"
        }
        DigestCheck::HeaderMismatch => {
            "the attached original does not match the REM-DigestValue header: the message was changed"
        }
        _ => return,
    };
    v.status = Status::Tampered;
    v.reason = Some(reason.to_owned());
}

/// The outer header block (without its MIME fields) followed by the entity from inside an
/// opaque signature, so the PEC headers and the certified content are classified together.
fn with_outer_headers(raw: &[u8], inner: &[u8]) -> Vec<u8> {
    let header_end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|p| p + 2)
        .or_else(|| raw.windows(2).position(|w| w == b"\n\n").map(|p| p + 1))
        .unwrap_or(raw.len());
    let headers = String::from_utf8_lossy(&raw[..header_end]);
    let mut out = Vec::new();
    let mut skipping = false;
    for line in headers.split_inclusive('\n') {
        let folded = line.starts_with(' ') || line.starts_with('\t');
        if !folded {
            let name = line
                .split(':')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            skipping = name.starts_with("content-") || name == "mime-version";
        }
        if !skipping {
            out.extend_from_slice(line.as_bytes());
        }
    }
    out.extend_from_slice(b"MIME-Version: 1.0\r\n");
    out.extend_from_slice(inner);
    out
}

/// Verifies a located entity; for opaque signing also returns the certified content.
fn verify_entity(
    entity: &SignedEntity,
    classification: &Classification,
    trust: &TrustList,
    now: DateTime<Utc>,
) -> (Verification, Option<Vec<u8>>) {
    let (der, detached) = match entity {
        SignedEntity::Detached {
            content, signature, ..
        } => (signature.as_slice(), Some(content.as_slice())),
        SignedEntity::Opaque { der } => (der.as_slice(), None),
    };
    let info = der::read_signed_data(der);
    // Fast path: the certificates decoded once per process (see `certcache`), and OpenSSL given
    // the structure without them. Anything unusual takes the full path below.
    let cached = info
        .as_ref()
        .and_then(|i| certcache::decode_all(&i.certificates));
    let fast = match (&info, &cached) {
        (Some(i), Some(_)) => {
            der::without_certificates(i).and_then(|d| CmsContentInfo::from_der(&d).ok())
        }
        _ => None,
    };
    let used_fast = fast.is_some();
    let mut cms = match fast {
        Some(c) => c,
        None => match CmsContentInfo::from_der(der) {
            Ok(c) => c,
            Err(e) => {
                return (
                    Verification::bare(
                        Status::Malformed,
                        format!("the signature is not a readable CMS structure: {e}"),
                    ),
                    None,
                );
            }
        },
    };
    let Some(info) = info else {
        return (
            Verification::bare(
                Status::Malformed,
                "the signature is not CMS SignedData".to_owned(),
            ),
            None,
        );
    };
    if let Some(problem) = info.rule_violation() {
        return (
            Verification::bare(
                Status::Malformed,
                format!("the signature structure breaks the CMS rules: {problem}"),
            ),
            None,
        );
    }
    if info.signer_count == 0 {
        return (
            Verification::bare(Status::Malformed, "the signature has no signer".to_owned()),
            None,
        );
    }
    let certs: Vec<X509> = match cached {
        Some(c) => c,
        None => info
            .certificates
            .iter()
            .filter_map(|d| X509::from_der(d).ok())
            .collect(),
    };
    if certs.len() != info.certificates.len() {
        return (
            Verification::bare(
                Status::Malformed,
                "the signature carries a damaged certificate".to_owned(),
            ),
            None,
        );
    }
    let signer = find_signer(&certs, info.signer.as_ref());
    let signer_der = signer
        .and_then(|s| certs.iter().position(|c| std::ptr::eq(c, s)))
        .map(|i| info.certificates[i].as_slice());

    // 2–3. Content against signature (the signer's path is judged separately below).
    // The content comes out only when it is inside the structure (opaque signing): a detached
    // content is the caller's already, and copying it out would cost a pass over its bytes.
    let mut output = Vec::new();
    let wants_output = detached.is_none();
    let flags = CMSOptions::NO_SIGNER_CERT_VERIFY | CMSOptions::BINARY;
    let mut integrity = if used_fast {
        certificate_stack(&certs).and_then(|stack| {
            cms.verify(
                Some(&stack),
                None,
                detached,
                wants_output.then_some(&mut output),
                flags,
            )
        })
    } else {
        cms.verify(
            None,
            None,
            detached,
            wants_output.then_some(&mut output),
            flags,
        )
    };
    if integrity.is_err() && used_fast {
        // Judge a failure on the message's own, untouched structure, as OpenSSL reads it.
        output.clear();
        integrity = CmsContentInfo::from_der(der).and_then(|mut c| {
            c.verify(
                None,
                None,
                detached,
                wants_output.then_some(&mut output),
                flags,
            )
        });
    }
    let (signing_time, source) = pick_time(info.signing_time, classification, now);
    let mut v = Verification {
        status: Status::Valid,
        signer: signer
            .zip(signer_der)
            .map(|(c, der)| certcache::info_of(der, c)),
        chain: Vec::new(),
        signing_time: Some(signing_time),
        signing_time_source: Some(source),
        reason: None,
        notes: Vec::new(),
    };
    if let Err(e) = integrity {
        let text = e.to_string();
        v.notes.push(Note::Detail { text: text.clone() });
        let tampered = signer.is_some() && failure_means_tampering(&text);
        if tampered {
            v.status = Status::Tampered;
            v.reason = Some(
                "the content does not match the provider signature: it was changed after signing"
                    .to_owned(),
            );
        } else {
            v.status = Status::Malformed;
            v.reason = Some(format!("the signature cannot be checked: {text}"));
        }
        return (v, None);
    }
    let Some(signer) = signer else {
        v.status = Status::Malformed;
        v.reason = Some("the signer certificate is not in the signature".to_owned());
        return (v, None);
    };

    // A carried certificate altered in transit is not papered over by the trust point with
    // the same name (the certificate set is outside the signature, but the message is then no
    // longer what the provider sent).
    if let Some(damaged) = altered::altered_certificate(&certs, &info.certificates, trust) {
        v.status = Status::Malformed;
        v.reason = Some(format!(
            "the signature carries a certificate whose own signature does not hold (it was altered): {}",
            certinfo::name_line(damaged.subject_name())
        ));
        return (v, None);
    }

    // 4. Path to an anchor at signing time (a path found valid before for the same
    // certificates, in the span where they all are, is not built again: see `pathcache`).
    let (carried, carried_der): (Vec<X509>, Vec<&[u8]>) = certs
        .iter()
        .zip(&info.certificates)
        .filter(|(_, der)| Some(der.as_slice()) != signer_der)
        .map(|(c, der)| (c.clone(), der.as_slice()))
        .unzip();
    let path = match signer_der {
        Some(der) => pathcache::check_path(
            signer,
            der,
            &carried,
            &carried_der,
            trust,
            signing_time,
            chain::Purpose::SmimeSign,
        ),
        None => chain::check_path(signer, &carried, trust, signing_time),
    };
    v.chain = path.chain.iter().map(|c| certcache::info(c)).collect();
    v.status = path.status;
    v.reason = path.reason.map(|r| match path.status {
        Status::Expired => format!(
            "the provider certificate was not valid at signing time ({}): {r}",
            signing_time.to_rfc3339()
        ),
        _ => format!("the signer does not lead to a trusted authority: {r}"),
    });
    if v.status == Status::Valid {
        revocation(signer, &path.chain, trust, signing_time, now, &mut v);
    }
    if v.status == Status::Valid {
        weak_digest(&info, signing_time, &mut v);
    }
    if v.status == Status::Valid {
        if let Some(not_after) = v.signer.as_ref().and_then(|s| s.not_after)
            && not_after < now
        {
            v.notes.push(Note::ExpiredSinceSigning { not_after });
        }
        cross_check(&mut v, classification);
    }
    let inner = matches!(entity, SignedEntity::Opaque { .. }).then_some(output);
    (v, inner)
}

fn certificate_stack(certs: &[X509]) -> Result<Stack<X509>, openssl::error::ErrorStack> {
    let mut stack = Stack::new()?;
    for c in certs {
        stack.push(c.clone())?;
    }
    Ok(stack)
}

/// True when OpenSSL's words on a failed `CMS_verify` mean that the content or the signed
/// attributes do not match the signature (rather than an unreadable structure).
pub(crate) fn failure_means_tampering(openssl_text: &str) -> bool {
    let text = openssl_text.to_ascii_lowercase();
    [
        "digest failure",
        "content verify error",
        "verification failure",
        "signature failure",
        "bad signature",
    ]
    .iter()
    .any(|k| text.contains(k))
}

/// The certificate a SignerInfo names by issuer and serial number or by key identifier.
pub(crate) fn signer_by_id<'a>(certs: &'a [X509], id: &der::SignerId) -> Option<&'a X509> {
    certs.iter().find(|c| match id {
        der::SignerId::IssuerSerial { issuer, serial } => {
            c.issuer_name().to_der().ok().as_deref() == Some(issuer.as_slice())
                && c.serial_number()
                    .to_bn()
                    .ok()
                    .map(|b| b.to_vec())
                    .is_some_and(|b| strip_zeros(&b) == strip_zeros(serial))
        }
        der::SignerId::KeyId(kid) => c
            .subject_key_id()
            .is_some_and(|k| k.as_slice() == kid.as_slice()),
    })
}

fn find_signer<'a>(certs: &'a [X509], id: Option<&der::SignerId>) -> Option<&'a X509> {
    let by_id = id.and_then(|id| signer_by_id(certs, id));
    by_id.or_else(|| {
        // No identifier match: the only non-CA certificate is the signer.
        let leaves: Vec<&X509> = certs
            .iter()
            .filter(|c| c.subject_name().to_der().ok() != c.issuer_name().to_der().ok())
            .collect();
        (leaves.len() == 1).then(|| leaves[0])
    })
}

fn strip_zeros(b: &[u8]) -> &[u8] {
    let i = b.iter().position(|&x| x != 0).unwrap_or(b.len());
    &b[i..]
}

/// Signing time: the signed CMS attribute, else the signed daticert, else the Date header.
fn pick_time(
    cms_time: Option<DateTime<Utc>>,
    c: &Classification,
    now: DateTime<Utc>,
) -> (DateTime<Utc>, TimeSource) {
    if let Some(t) = cms_time {
        return (t, TimeSource::SigningTime);
    }
    if let Some(t) = c.certification().and_then(|d| d.time()) {
        return (t.with_timezone(&Utc), TimeSource::Daticert);
    }
    if let Some(t) = c.headers.summary.date {
        return (t.with_timezone(&Utc), TimeSource::DateHeader);
    }
    (now, TimeSource::Now)
}

/// Offline revocation: a CRL issued by the signer's issuer (and signed by it) that lists the
/// signer. Revoked before signing → untrusted; after → still valid, with a note.
fn revocation(
    signer: &X509,
    chain: &[X509],
    trust: &TrustList,
    signing_time: DateTime<Utc>,
    now: DateTime<Utc>,
    v: &mut Verification,
) {
    let issuer = chain.get(1);
    let mut checked = false;
    let mut too_old: Option<DateTime<Utc>> = None;
    for crl in trust.crls() {
        let Some(issuer) = issuer else { break };
        if crl.issuer_name().to_der().ok() != signer.issuer_name().to_der().ok() {
            continue;
        }
        let Ok(key) = issuer.public_key() else {
            continue;
        };
        if !crl.verify(&key).unwrap_or(false) {
            v.notes.push(Note::Detail {
                text: "a revocation list for this issuer has a bad signature and was ignored"
                    .to_owned(),
            });
            continue;
        }
        if let Some(next) = crl.next_update().and_then(certinfo::asn1_to_utc)
            && next < now
        {
            v.notes
                .push(Note::RevocationListStale { next_update: next });
        }
        let issued = certinfo::asn1_to_utc(crl.last_update());
        if let openssl::x509::CrlStatus::Revoked(entry) = crl.get_by_cert(signer) {
            let since = certinfo::asn1_to_utc(entry.revocation_date());
            v.notes.push(Note::Revoked { since });
            if since.is_none_or(|s| s <= signing_time) {
                v.status = Status::Untrusted;
                v.reason = Some(
                    "the provider certificate had been revoked when the message was signed"
                        .to_owned(),
                );
            }
            checked = true;
            continue;
        }
        // Not listed: that says something about the signing time only when the list was
        // issued after the signature.
        match issued {
            Some(t) if t < signing_time => {
                too_old = Some(too_old.map_or(t, |o| o.max(t)));
            }
            _ => checked = true,
        }
    }
    if !checked {
        match too_old {
            Some(this_update) => v.notes.push(Note::RevocationListTooOld { this_update }),
            None => v.notes.push(Note::RevocationNotChecked),
        }
    }
}

/// Digests that no longer protect against forgery: the object identifiers (DER contents) of
/// SHA-1 and MD5, alone or in a signature algorithm, with their names.
const WEAK_DIGESTS: &[(&[u8], &str)] = &[
    (&[0x2b, 0x0e, 0x03, 0x02, 0x1a], "SHA-1"),
    (&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x05], "MD5"),
    (
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x05],
        "SHA-1",
    ),
    (
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x04],
        "MD5",
    ),
    (&[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x01], "SHA-1"),
    (&[0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x03], "SHA-1"),
    (&[0x2b, 0x0e, 0x03, 0x02, 0x1d], "SHA-1"),
];

/// The day after which a SHA-1 (or MD5) signature is no longer accepted: 2025-01-01.
///
/// SHA-1 chosen-prefix collisions have been practical since 2020, so a SHA-1 signature can in
/// principle be reused over forged content. But PEC is SHA-1 by its own rules and history: the
/// real messages of the corpus are SHA-1 from 2018 to the end of 2024 (Aruba 2018–2023, Sogei,
/// InfoCert, Telecom, Namirial in December 2024; pec-spec.md §6). Refusing them would call
/// every genuine receipt of most providers unproven. So a SHA-1 signature made before this day
/// is valid with a note that names the weakness, and one made after it is `untrusted`: the
/// last year for which providers are known to have signed with SHA-1 is 2024.
fn weak_digest_deadline() -> DateTime<Utc> {
    DateTime::from_timestamp(1_735_689_600, 0).unwrap_or_default() // 2025-01-01T00:00:00Z
}

/// A signature with a weak digest is valid only when it was made before
/// [`weak_digest_deadline`] (with a note); later ones are `untrusted`.
fn weak_digest(info: &der::SignedDataInfo, signing_time: DateTime<Utc>, v: &mut Verification) {
    let weak = info
        .signers
        .iter()
        .flat_map(|s| [s.digest.as_ref(), s.signature_algorithm.as_ref()])
        .chain([info.signer_digest.as_ref(), info.signer_signature.as_ref()])
        .flatten()
        .find_map(|a| {
            WEAK_DIGESTS
                .iter()
                .find(|(oid, _)| *oid == a.oid.as_slice())
                .map(|(_, name)| *name)
        });
    let Some(algorithm) = weak else { return };
    if signing_time < weak_digest_deadline() {
        v.notes.push(Note::WeakDigest {
            algorithm: algorithm.to_owned(),
        });
    } else {
        v.status = Status::Untrusted;
        v.reason = Some(format!(
            "the signature uses {algorithm}, which no longer protects against forgery, and was made on {} (accepted only for signatures made before 2025)",
            signing_time.format("%Y-%m-%d")
        ));
    }
}

/// The provider of a valid signature must be the one the certified data name, and its address
/// the sender address of the message.
fn cross_check(v: &mut Verification, c: &Classification) {
    let Some(signer) = &v.signer else { return };
    if let (Some(gestore), Some(org)) = (
        c.certification().and_then(|d| d.provider()),
        signer
            .organization
            .as_deref()
            .or(signer.common_name.as_deref()),
    ) && !same_provider(gestore, org)
        && !signer
            .common_name
            .as_deref()
            .is_some_and(|cn| same_provider(gestore, cn))
    {
        v.notes.push(Note::ProviderMismatch {
            signer: org.to_owned(),
            gestore: gestore.to_owned(),
        });
    }
    if let Some(from) = c
        .headers
        .summary
        .from
        .as_ref()
        .map(|m| m.address.to_ascii_lowercase())
        && c.kind.is_pec()
        && !signer.emails.is_empty()
        && !signer.emails.iter().any(|e| e.eq_ignore_ascii_case(&from))
    {
        v.notes.push(Note::SenderMismatch {
            signer: signer.emails.join(", "),
            from,
        });
    }
}

/// Provider names compare without case, punctuation and legal-form words ("S.p.A.", "SpA").
fn same_provider(a: &str, b: &str) -> bool {
    fn words(s: &str) -> Vec<String> {
        let cleaned: String = s
            .chars()
            .map(|c| {
                if c.is_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    ' '
                }
            })
            .collect();
        let joined = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
        // Legal forms written with dots split into letters: "s p a", "s r l".
        let joined = format!(" {joined} ")
            .replace(" s p a ", " ")
            .replace(" s r l ", " ")
            .replace(" spa ", " ")
            .replace(" srl ", " ");
        joined
            .split_whitespace()
            .filter(|w| {
                !matches!(
                    *w,
                    "posta"
                        | "certificata"
                        | "pec"
                        | "elettronica"
                        | "gestore"
                        | "provider"
                        | "test"
                        | "demo"
                        | "non"
                        | "un"
                        | "reale"
                )
            })
            .map(str::to_owned)
            .collect()
    }
    let (wa, wb) = (words(a), words(b));
    if wa.is_empty() || wb.is_empty() {
        return true;
    }
    wa.iter().any(|w| w.len() > 2 && wb.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provider_names_compare_loosely() {
        assert!(same_provider("ARUBA PEC S.p.A.", "Aruba PEC S.p.A."));
        assert!(same_provider("Sogei SpA", "Sogei S.p.A."));
        assert!(same_provider(
            "Telecom Italia Trust Technologies S.r.l.",
            "Telecom Italia Trust Technologies S.r.l."
        ));
        assert!(!same_provider("InfoCert S.p.A.", "Aruba PEC S.p.A."));
        assert!(!same_provider("Gestore Alfa S.p.A.", "Gestore Beta S.r.l."));
        assert!(same_provider(
            "Gestore Alfa S.p.A. (TEST)",
            "Gestore Alfa S.p.A."
        ));
    }

    #[test]
    fn plain_mail_is_unsigned() {
        let raw = b"From: a@b.it\r\nSubject: x\r\n\r\nciao\r\n";
        let c = pec::classify(raw);
        let v = verify_message(raw, &c, &TrustList::builtin());
        assert_eq!(v.status, Status::Unsigned);
    }
}
