//! Certificate paths already found valid, shared by every check in the process. A mailbox holds
//! thousands of messages signed with the same few provider certificates, and building a path
//! (a trust store of the anchors, a signature check per certificate) costs more than checking
//! the message's own signature.
//!
//! Only a valid path is kept, with the span of time in which every certificate on it is valid.
//! A later check of the same signer, with the same carried certificates and purpose, at a time
//! inside that span, is valid with the same path if the anchor that ended it is still enabled:
//! validating a path depends on the time only through the validity periods of its
//! certificates, and on the trust list only through its anchor (the path's other certificates
//! are the message's own, part of the key). Revocation and altered carried certificates are
//! checked apart, for every message. Anything else (another time, a failure, another trust
//! list without that anchor) is validated again in full.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use chrono::{DateTime, Utc};
use openssl::x509::X509;

use super::certinfo::{asn1_to_utc, fingerprint};
use super::chain::{self, PathResult, Purpose};
use super::outcome::Status;
use super::trust::TrustList;

/// Distinct (signer, carried, purpose) kept at most; the cache starts over when full.
const CAPACITY: usize = 512;

/// A path found valid, and when it is.
#[derive(Clone)]
struct Held {
    from: DateTime<Utc>,
    until: DateTime<Utc>,
    chain: Vec<X509>,
    /// SHA-256 of the anchor that ended the path.
    anchor: String,
}

type Key = (Vec<u8>, Purpose);

fn cache() -> &'static Mutex<HashMap<Key, Vec<Held>>> {
    static CACHE: OnceLock<Mutex<HashMap<Key, Vec<Held>>>> = OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(HashMap::new()))
}

/// The signer's DER, then each carried certificate's, each preceded by its length.
fn key(signer_der: &[u8], carried_der: &[&[u8]], purpose: Purpose) -> Key {
    let mut k = Vec::with_capacity(
        signer_der.len() + carried_der.iter().map(|c| c.len() + 8).sum::<usize>() + 8,
    );
    for d in std::iter::once(signer_der).chain(carried_der.iter().copied()) {
        k.extend_from_slice(&(d.len() as u64).to_le_bytes());
        k.extend_from_slice(d);
    }
    (k, purpose)
}

/// The span in which every certificate of `chain` is valid.
fn span(chain: &[X509]) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let mut from: Option<DateTime<Utc>> = None;
    let mut until: Option<DateTime<Utc>> = None;
    for c in chain {
        let nb = asn1_to_utc(c.not_before())?;
        let na = asn1_to_utc(c.not_after())?;
        from = Some(from.map_or(nb, |f| f.max(nb)));
        until = Some(until.map_or(na, |u| u.min(na)));
    }
    Some((from?, until?))
}

fn still_trusted(held: &Held, trust: &TrustList) -> bool {
    trust
        .anchors()
        .iter()
        .any(|a| a.enabled && a.fingerprint == held.anchor)
}

/// [`chain::check_path_for`], from the cache when the same path was found valid before for
/// a time in the same span. `signer_der` and `carried_der` are the exact encodings of `leaf`
/// and `carried`.
pub fn check_path(
    leaf: &X509,
    signer_der: &[u8],
    carried: &[X509],
    carried_der: &[&[u8]],
    trust: &TrustList,
    at: DateTime<Utc>,
    purpose: Purpose,
) -> PathResult {
    let k = key(signer_der, carried_der, purpose);
    if let Some(held) = cache()
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .get(&k)
        .and_then(|list| {
            list.iter()
                .find(|h| h.from <= at && at <= h.until && still_trusted(h, trust))
                .cloned()
        })
    {
        return PathResult {
            status: Status::Valid,
            chain: held.chain,
            reason: None,
        };
    }
    let result = chain::check_path_for(leaf, carried, trust, at, purpose);
    if result.status != Status::Valid {
        return result;
    }
    let (Some(anchor), Some((from, until))) = (result.chain.last(), span(&result.chain)) else {
        return result;
    };
    let held = Held {
        from,
        until,
        chain: result.chain.clone(),
        anchor: fingerprint(anchor),
    };
    let mut map = cache().lock().unwrap_or_else(|p| p.into_inner());
    if map.len() >= CAPACITY {
        map.clear();
    }
    map.entry(k).or_default().push(held);
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::trust::AnchorSource;

    #[test]
    fn a_valid_path_is_reused_only_inside_its_span_and_while_its_anchor_is_trusted() {
        let (_, cert) = crate::verify::test_certs::self_signed("path cache test");
        let der = cert.to_der().unwrap();
        let trusted = TrustList::from_anchors(vec![cert.clone()], AnchorSource::User);
        let now = Utc::now();
        let check = |trust: &TrustList, at| {
            check_path(&cert, &der, &[], &[], trust, at, Purpose::DocumentSigning)
        };
        for _ in 0..2 {
            let r = check(&trusted, now);
            assert_eq!(r.status, Status::Valid, "{:?}", r.reason);
            assert_eq!(r.chain.len(), 1);
            assert_eq!(r.chain[0].to_der().unwrap(), der);
        }
        // After the certificate expired: validated again, not taken from the cache.
        let later = now + chrono::Duration::days(3);
        assert_eq!(check(&trusted, later).status, Status::Expired);
        // The same certificate no longer trusted: validated again.
        assert_eq!(check(&TrustList::empty(), now).status, Status::Untrusted);
        let (_, other) = crate::verify::test_certs::self_signed("another anchor");
        let elsewhere = TrustList::from_anchors(vec![other], AnchorSource::User);
        assert_eq!(check(&elsewhere, now).status, Status::Untrusted);
        // Still valid where it is trusted.
        assert_eq!(check(&trusted, now).status, Status::Valid);
    }
}
