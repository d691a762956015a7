//! Carried certificates altered in transit: a certificate in a signature whose own signature
//! does not hold under the key of the certificate named as its issuer. The verdict is a pure
//! function of the carried certificates' exact bytes and of the trust list's certificates, and
//! a mailbox holds thousands of messages carrying the same two or three, so it is worked out
//! once per distinct set (a public-key check and several encodings per certificate, per
//! message, were a tenth of an import's parsing time) and remembered for the process.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use openssl::x509::X509;

use super::trust::TrustList;

/// Distinct (carried certificates, anchors) kept at most; the memory starts over when full.
const CAPACITY: usize = 512;

type Key = Vec<u8>;

fn verdicts() -> &'static Mutex<HashMap<Key, Option<usize>>> {
    static VERDICTS: OnceLock<Mutex<HashMap<Key, Option<usize>>>> = OnceLock::new();
    VERDICTS.get_or_init(|| Mutex::new(HashMap::new()))
}

/// What the verdict depends on: each carried certificate's exact DER (length first), then each
/// anchor's SHA-256 fingerprint, in order. The certificates kept to check issuers are the
/// built-in ones, the same in every trust list (a trust list has no way to change them); their
/// number is in the key all the same.
fn key(carried_der: &[Vec<u8>], trust: &TrustList) -> Key {
    let mut k = Vec::with_capacity(carried_der.iter().map(|d| d.len() + 8).sum::<usize>() + 256);
    for d in carried_der {
        k.extend_from_slice(&(d.len() as u64).to_le_bytes());
        k.extend_from_slice(d);
    }
    k.extend_from_slice(&(trust.issuers().len() as u64).to_le_bytes());
    for a in trust.anchors() {
        k.push(b'|');
        k.extend_from_slice(a.fingerprint.as_bytes());
    }
    k
}

/// The first carried certificate (of `certs`, decoded from `carried_der` in the same order)
/// that was altered: see [`judge`].
pub(super) fn altered_certificate<'a>(
    certs: &'a [X509],
    carried_der: &[Vec<u8>],
    trust: &TrustList,
) -> Option<&'a X509> {
    if certs.len() != carried_der.len() {
        // Not the pairing this memory is keyed on: judged afresh.
        return judge(certs, trust).and_then(|i| certs.get(i));
    }
    let key = key(carried_der, trust);
    let known = verdicts()
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .get(&key)
        .copied();
    let verdict = match known {
        Some(v) => v,
        None => {
            let v = judge(certs, trust);
            let mut map = verdicts().lock().unwrap_or_else(|p| p.into_inner());
            if map.len() >= CAPACITY {
                map.clear();
            }
            map.insert(key, v);
            v
        }
    };
    verdict.and_then(|i| certs.get(i))
}

/// The position of the first carried certificate whose signature does not verify with the key
/// of any certificate (carried, trusted, or kept to check issuers) named as its issuer. A certificate whose issuer
/// is not at hand cannot be judged and is left to the path check, unless it presents itself as
/// a trust point (same name and key) without being one byte for byte: a copy of AgID CA1
/// whose issuer field was altered must not pass for the real one.
fn judge(certs: &[X509], trust: &TrustList) -> Option<usize> {
    let key_of = |c: &X509| c.public_key().ok().and_then(|k| k.public_key_to_der().ok());
    certs.iter().position(|c| {
        let issuer = c.issuer_name().to_der().ok();
        // An issuer is the certificate named as such, and, where both say it, the one whose
        // key identifier the certificate refers to: another authority that merely has the
        // same name does not make a foreign certificate "altered" (it is untrusted instead).
        let aki = c.authority_key_id().map(|k| k.as_slice().to_vec());
        let candidates: Vec<&X509> = certs
            .iter()
            .chain(trust.anchors().iter().map(|a| &a.cert))
            .chain(trust.issuers())
            .filter(|i| i.subject_name().to_der().ok() == issuer)
            .filter(|i| match (&aki, i.subject_key_id()) {
                (Some(aki), Some(ski)) => aki.as_slice() == ski.as_slice(),
                _ => true,
            })
            .collect();
        let verified = candidates.iter().any(|i| {
            i.public_key()
                .ok()
                .is_some_and(|k| c.verify(&k).unwrap_or(false))
        });
        if verified {
            return false;
        }
        let der = c.to_der().ok();
        let subject = c.subject_name().to_der().ok();
        let mimics_trust_point = trust.anchors().iter().any(|a| {
            a.cert.subject_name().to_der().ok() == subject
                && key_of(&a.cert) == key_of(c)
                && a.cert.to_der().ok() != der
        });
        !candidates.is_empty() || mimics_trust_point
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::test_certs::self_signed;
    use crate::verify::trust::AnchorSource;
    use openssl::hash::MessageDigest;
    use openssl::x509::{X509Builder, X509NameBuilder};

    fn der(c: &X509) -> Vec<u8> {
        c.to_der().unwrap()
    }

    /// A certificate named `cn`, issued in the name of `issuer_cn` by `key`.
    fn issued(
        cn: &str,
        issuer_cn: &str,
        key: &openssl::pkey::PKey<openssl::pkey::Private>,
    ) -> X509 {
        let name = |n: &str| {
            let mut b = X509NameBuilder::new().unwrap();
            b.append_entry_by_text("CN", n).unwrap();
            b.build()
        };
        let (_, own) = self_signed(cn);
        let mut b = X509Builder::new().unwrap();
        b.set_version(2).unwrap();
        b.set_subject_name(&name(cn)).unwrap();
        b.set_issuer_name(&name(issuer_cn)).unwrap();
        b.set_pubkey(&own.public_key().unwrap()).unwrap();
        b.set_not_before(own.not_before()).unwrap();
        b.set_not_after(own.not_after()).unwrap();
        b.sign(key, MessageDigest::sha256()).unwrap();
        b.build()
    }

    #[test]
    fn an_altered_certificate_is_found_every_time_and_an_intact_one_never() {
        let (_, intact) = self_signed("altered test");
        let mut bytes = der(&intact);
        let last = bytes.len() - 1;
        bytes[last] ^= 0x01; // inside the signature value
        let altered = X509::from_der(&bytes).unwrap();
        let trust = TrustList::empty();
        for _ in 0..2 {
            // The second round answers from memory: it must answer the same.
            let certs = [intact.clone()];
            assert!(altered_certificate(&certs, &[der(&intact)], &trust).is_none());
            let certs = [intact.clone(), altered.clone()];
            let found = altered_certificate(&certs, &[der(&intact), bytes.clone()], &trust);
            assert_eq!(found.map(der), Some(bytes.clone()));
        }
    }

    #[test]
    fn the_verdict_follows_the_trust_list() {
        // Issued in the name of an authority whose key is not at hand: it cannot be judged.
        let (signing_key, _) = self_signed("the real authority");
        let cert = issued("provider", "Autorita di prova", &signing_key);
        let certs = [cert.clone()];
        let ders = [der(&cert)];
        assert!(altered_certificate(&certs, &ders, &TrustList::empty()).is_none());
        // A trust point of that name, with another key: the signature does not hold under it.
        let (_, impostor) = self_signed("Autorita di prova");
        let trust = TrustList::from_anchors(vec![impostor], AnchorSource::User);
        assert!(altered_certificate(&certs, &ders, &trust).is_some());
        // And without it again, the earlier verdict, not the one just remembered.
        assert!(altered_certificate(&certs, &ders, &TrustList::empty()).is_none());
    }
}
