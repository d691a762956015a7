//! Decoded certificates, shared by every check in the process. A PEC mailbox holds thousands of
//! messages signed with the same few provider certificates, and decoding a certificate (its
//! public key above all) is the slowest step of OpenSSL 3 in a signature check, so each
//! distinct encoding is decoded once; the facts shown about it (names, fingerprint) are
//! likewise worked out once. The key is the exact DER: a different byte is a different
//! certificate, decoded (or refused) on its own.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use openssl::x509::{X509, X509Ref};

use super::certinfo::cert_info;
use super::outcome::CertInfo;

/// Distinct certificates kept at most; the cache starts over when full.
const CAPACITY: usize = 512;

fn cache() -> &'static Mutex<HashMap<Vec<u8>, X509>> {
    static CACHE: OnceLock<Mutex<HashMap<Vec<u8>, X509>>> = OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(HashMap::new()))
}

/// The certificate with this DER encoding; `None` when OpenSSL cannot read it.
pub fn decode(der: &[u8]) -> Option<X509> {
    if let Some(c) = cache().lock().unwrap_or_else(|p| p.into_inner()).get(der) {
        return Some(c.clone());
    }
    let cert = X509::from_der(der).ok()?;
    let mut map = cache().lock().unwrap_or_else(|p| p.into_inner());
    if map.len() >= CAPACITY {
        map.clear();
    }
    map.insert(der.to_vec(), cert.clone());
    Some(cert)
}

fn infos() -> &'static Mutex<HashMap<Vec<u8>, CertInfo>> {
    static INFOS: OnceLock<Mutex<HashMap<Vec<u8>, CertInfo>>> = OnceLock::new();
    INFOS.get_or_init(|| Mutex::new(HashMap::new()))
}

/// [`cert_info`] of a certificate whose exact encoding is `der`.
pub fn info_of(der: &[u8], cert: &X509Ref) -> CertInfo {
    if let Some(i) = infos().lock().unwrap_or_else(|p| p.into_inner()).get(der) {
        return i.clone();
    }
    let i = cert_info(cert);
    let mut map = infos().lock().unwrap_or_else(|p| p.into_inner());
    if map.len() >= CAPACITY {
        map.clear();
    }
    map.insert(der.to_vec(), i.clone());
    i
}

/// Facts already worked out for a decoded certificate, by the certificate's identity (the
/// address of OpenSSL's object). The map holds a reference to each certificate it names, so
/// an address in it cannot be freed and given to another certificate while its entry lives.
fn by_identity() -> &'static Mutex<HashMap<usize, (X509, CertInfo)>> {
    static BY_IDENTITY: OnceLock<Mutex<HashMap<usize, (X509, CertInfo)>>> = OnceLock::new();
    BY_IDENTITY.get_or_init(|| Mutex::new(HashMap::new()))
}

/// [`cert_info`] of a certificate. Certificates handed out again ([`decode`]'s, and the paths
/// `pathcache` keeps) are the same objects for every message: those are found by identity,
/// without encoding them again (that encoding was 2 % of an import's CPU); any other is found
/// by its encoding ([`info_of`]).
pub fn info(cert: &X509Ref) -> CertInfo {
    // A reference to an OpenSSL object is the object's own address (foreign-types).
    let identity = std::ptr::from_ref(cert) as usize;
    if let Some((_, i)) = by_identity()
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .get(&identity)
    {
        return i.clone();
    }
    let i = match cert.to_der() {
        Ok(der) => info_of(&der, cert),
        Err(_) => cert_info(cert),
    };
    let mut map = by_identity().lock().unwrap_or_else(|p| p.into_inner());
    if map.len() >= CAPACITY {
        map.clear();
    }
    map.insert(identity, (cert.to_owned(), i.clone()));
    i
}

/// Every certificate of a list, or `None` when one of them cannot be read.
pub fn decode_all(ders: &[Vec<u8>]) -> Option<Vec<X509>> {
    ders.iter().map(|d| decode(d)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn self_signed(cn: &str) -> Vec<u8> {
        crate::verify::test_certs::self_signed(cn)
            .1
            .to_der()
            .unwrap()
    }

    #[test]
    fn same_bytes_same_certificate_other_bytes_other_certificate() {
        let a = self_signed("cache test A");
        let b = self_signed("cache test B");
        let first = decode(&a).unwrap();
        let again = decode(&a).unwrap();
        assert_eq!(first.to_der().unwrap(), a);
        assert_eq!(again.to_der().unwrap(), a);
        assert_eq!(decode(&b).unwrap().to_der().unwrap(), b);
        let both = decode_all(&[a.clone(), b.clone()]).unwrap();
        assert_eq!(both.len(), 2);
        assert_eq!(both[1].to_der().unwrap(), b);
    }

    #[test]
    fn facts_are_those_of_the_certificate_itself() {
        let a = self_signed("cache test E");
        let b = self_signed("cache test F");
        let (ca, cb) = (decode(&a).unwrap(), decode(&b).unwrap());
        for _ in 0..2 {
            assert_eq!(info_of(&a, &ca), cert_info(&ca));
            assert_eq!(info(&cb), cert_info(&cb));
        }
        assert_ne!(info(&ca).sha256, info(&cb).sha256);
    }

    #[test]
    fn a_certificate_freed_after_its_facts_never_lends_them_to_the_next_one() {
        // Each certificate is dropped by the caller right after; were the identity cache not
        // holding it, the allocator would hand its address to the next one, which would then
        // be answered with the facts of the one before.
        for n in 0..40 {
            let (_, cert) = crate::verify::test_certs::self_signed(&format!("identity {n}"));
            let facts = info(&cert);
            assert_eq!(facts, cert_info(&cert), "certificate {n}");
            assert_eq!(info(&cert), facts, "certificate {n}, asked again");
        }
    }

    #[test]
    fn unreadable_bytes_are_refused_every_time() {
        let mut damaged = self_signed("cache test C");
        let n = damaged.len();
        damaged.truncate(n - 10);
        assert!(decode(&damaged).is_none());
        assert!(decode(&damaged).is_none());
        let good = self_signed("cache test D");
        assert!(decode_all(&[good, damaged]).is_none());
    }
}
