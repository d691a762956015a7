//! The signature material of one signed message for a dossier: the detached `smime.p7s` (or the
//! whole opaque `.p7m`), the certificates it carries, and the path the verifier built from the
//! provider's certificate up to the trust anchor, as PEM files a reader can hand to OpenSSL.

use chrono::{DateTime, Utc};
use openssl::x509::X509;

use crate::verify::signed_part::{SignedEntity, locate};
use crate::verify::{TrustList, Verification, certinfo, chain, der};

/// What a signed message brings to its dossier.
#[derive(Clone)]
pub struct SignatureMaterial {
    /// The CMS structure (DER): the detached signature, or the whole opaque message.
    pub der: Vec<u8>,
    /// True for `application/pkcs7-mime` (content inside the signature).
    pub opaque: bool,
    /// The path the verifier built, signer first (up to the anchor when it is trusted).
    pub chain: Vec<X509>,
    /// The anchor that ends the path, when it is one of the trust list's anchors.
    pub anchor: Option<X509>,
    /// True when the message itself carries every intermediate of the path (OpenSSL then needs
    /// only the anchor); false when an issuer came from Sigillo's known issuances.
    pub self_contained: bool,
}

impl std::fmt::Debug for SignatureMaterial {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignatureMaterial")
            .field("opaque", &self.opaque)
            .field("chain", &self.chain.len())
            .field("anchor", &self.anchor.is_some())
            .finish()
    }
}

/// The material of a signed message; `None` when it carries no readable signature.
pub fn material(raw: &[u8], v: &Verification, trust: &TrustList) -> Option<SignatureMaterial> {
    let (der, opaque) = match locate(raw).ok()? {
        SignedEntity::Detached { signature, .. } => (signature, false),
        SignedEntity::Opaque { der } => (der, true),
    };
    let carried: Vec<X509> = der::read_signed_data(&der)
        .map(|i| {
            i.certificates
                .iter()
                .filter_map(|d| X509::from_der(d).ok())
                .collect()
        })
        .unwrap_or_default();
    let signer_fp = v.signer.as_ref().map(|s| s.sha256.clone());
    let leaf = signer_fp
        .as_deref()
        .and_then(|fp| carried.iter().find(|c| certinfo::fingerprint(c) == fp));
    let (chain, anchor, self_contained) = match leaf {
        Some(leaf) => {
            let others: Vec<X509> = carried
                .iter()
                .filter(|c| certinfo::fingerprint(c) != certinfo::fingerprint(leaf))
                .cloned()
                .collect();
            let at: DateTime<Utc> = v.signing_time.unwrap_or_else(Utc::now);
            let path = chain::check_path(leaf, &others, trust, at);
            let anchor = path
                .chain
                .last()
                .filter(|last| {
                    let fp = certinfo::fingerprint(last);
                    path.chain.len() > 1
                        && trust
                            .anchors()
                            .iter()
                            .any(|a| a.enabled && a.fingerprint == fp)
                })
                .cloned();
            let carried_fps: Vec<String> =
                carried.iter().map(|c| certinfo::fingerprint(c)).collect();
            let end = if anchor.is_some() {
                path.chain.len().saturating_sub(1)
            } else {
                path.chain.len()
            };
            let self_contained = path
                .chain
                .iter()
                .take(end)
                .all(|c| carried_fps.contains(&certinfo::fingerprint(c)));
            (path.chain, anchor, self_contained)
        }
        None => (carried, None, true),
    };
    Some(SignatureMaterial {
        der,
        opaque,
        chain,
        anchor,
        self_contained,
    })
}

/// PEM text of certificates, each preceded by comment lines naming it (OpenSSL skips text
/// outside the PEM blocks).
pub fn pem_with_comments(certs: &[X509]) -> Vec<u8> {
    let mut out = Vec::new();
    for c in certs {
        let info = certinfo::cert_info(c);
        let when = |t: Option<DateTime<Utc>>| {
            t.map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
                .unwrap_or_else(|| "?".into())
        };
        let comment = format!(
            "# Subject: {}\n# Issuer: {}\n# Valid: {} .. {}\n# SHA-256: {}\n",
            info.subject,
            info.issuer,
            when(info.not_before),
            when(info.not_after),
            info.sha256
        );
        let comment: String = comment
            .chars()
            .filter(|&ch| ch == '\n' || !ch.is_control())
            .collect();
        out.extend_from_slice(comment.as_bytes());
        if let Ok(pem) = c.to_pem() {
            out.extend_from_slice(&pem);
        }
    }
    out
}

/// When the signed entity is nested inside the message (a mailing list re-wrapped it), its
/// exact bytes as they sit in the message, headers included: OpenSSL reads only a message whose
/// top is the signature, so the dossier gives it this entity as a file of its own.
pub fn nested_signed_entity(raw: &[u8]) -> Option<Vec<u8>> {
    use crate::pec::mime;
    let msg = mail_parser::MessageParser::default().parse(raw)?;
    let id = mime::find_part(&msg, |p| mime::content_type(p) == "multipart/signed")?;
    if id == 0 {
        return None;
    }
    let view = mime::View::top(&msg);
    let part = mime::part(&msg, id)?;
    Some(mime::raw_part(&view, part).to_vec())
}
