//! Signatures whose certificate chain is hostile — it loops, it is 50 certificates deep, or a
//! certificate carries a critical extension nobody knows — are never `valid`: each gives a
//! clear reason, quickly, through the verifier and through the store. A short chain built the
//! same way is valid, so each refusal is about the chain and nothing else. The messages are
//! PEC envelopes signed for real (OpenSSL CMS) by the test provider's message builder.

use crate::support;

use chrono::{FixedOffset, Utc};
use openssl::asn1::{Asn1Object, Asn1OctetString, Asn1Time};
use openssl::bn::BigNum;
use openssl::ec::{EcGroup, EcKey};
use openssl::hash::MessageDigest;
use openssl::nid::Nid;
use openssl::pkey::{PKey, Private};
use openssl::x509::extension::{
    BasicConstraints, ExtendedKeyUsage, KeyUsage, SubjectAlternativeName,
};
use openssl::x509::{X509, X509Extension, X509Name, X509NameBuilder};
use sigillo::store::{Source, Store};
use sigillo::verify::{self, AnchorSource, Status, TrustList};
use sigillo_test_provider::message::{Gestore, Original};
use sigillo_test_provider::pki::Signer;
use support::reliability::Figures;

const ALFA: &str = "pec.alfa.test";

fn key() -> PKey<Private> {
    let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).unwrap();
    PKey::from_ec_key(EcKey::generate(&group).unwrap()).unwrap()
}

fn name(cn: &str) -> X509Name {
    let mut b = X509NameBuilder::new().unwrap();
    b.append_entry_by_text("O", "Catena Ostile").unwrap();
    b.append_entry_by_text("CN", cn).unwrap();
    b.build()
}

/// An extension nobody knows (a private OID), marked critical.
fn unknown_critical() -> X509Extension {
    X509Extension::new_from_der(
        &Asn1Object::from_str("1.3.6.1.4.1.55555.7.1").unwrap(),
        true,
        &Asn1OctetString::new_from_bytes(b"\x05\x00").unwrap(),
    )
    .unwrap()
}

struct Made {
    cert: X509,
}

/// A certificate for `subject` (public key of `key`) issued under the name `issuer` by
/// `issuer_key`: a CA, or the provider's signing certificate.
fn issue(
    subject: &str,
    key: &PKey<Private>,
    issuer: &str,
    issuer_key: &PKey<Private>,
    ca: bool,
    serial: u32,
    critical_unknown: bool,
) -> Made {
    let mut b = X509::builder().unwrap();
    b.set_version(2).unwrap();
    b.set_serial_number(&BigNum::from_u32(serial).unwrap().to_asn1_integer().unwrap())
        .unwrap();
    b.set_subject_name(&name(subject)).unwrap();
    b.set_issuer_name(&name(issuer)).unwrap();
    b.set_pubkey(key).unwrap();
    let now = Utc::now().timestamp();
    b.set_not_before(&Asn1Time::from_unix(now - 86_400).unwrap())
        .unwrap();
    b.set_not_after(&Asn1Time::from_unix(now + 365 * 86_400).unwrap())
        .unwrap();
    if ca {
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
    } else {
        b.append_extension(
            KeyUsage::new()
                .critical()
                .digital_signature()
                .build()
                .unwrap(),
        )
        .unwrap();
        b.append_extension(ExtendedKeyUsage::new().email_protection().build().unwrap())
            .unwrap();
        let san = SubjectAlternativeName::new()
            .email(&format!("posta-certificata@{ALFA}"))
            .build(&b.x509v3_context(None, None))
            .unwrap();
        b.append_extension(san).unwrap();
    }
    if critical_unknown {
        b.append_extension(unknown_critical()).unwrap();
    }
    b.sign(issuer_key, MessageDigest::sha256()).unwrap();
    Made { cert: b.build() }
}

/// The trusted root of these tests.
struct Root {
    cert: X509,
    key: PKey<Private>,
}

fn root() -> Root {
    let key = key();
    let cert = issue(
        "Radice di prova",
        &key,
        "Radice di prova",
        &key,
        true,
        1,
        false,
    )
    .cert;
    Root { cert, key }
}

fn trust(root: &Root) -> TrustList {
    TrustList::from_anchors(vec![root.cert.clone()], AnchorSource::Extra)
}

/// A PEC envelope signed by `leaf` carrying `chain`.
fn envelope(leaf: X509, key: PKey<Private>, chain: Vec<X509>) -> Vec<u8> {
    let g = Gestore::new(
        ALFA,
        "Gestore Alfa S.p.A.",
        Signer {
            cert: leaf,
            key,
            chain,
        },
    );
    let original = Original::parse(
        format!(
            "From: Mario Rossi <mario.rossi@{ALFA}>\r\nTo: anna@{ALFA}\r\nSubject: Catena\r\n\
             Date: Mon, 3 Mar 2025 10:00:00 +0100\r\nMessage-ID: <catena@studio.test>\r\n\r\nTesto.\r\n"
        )
        .as_bytes(),
    )
    .unwrap();
    let now = Utc::now().with_timezone(&FixedOffset::east_opt(3600).unwrap());
    let tx = g.accept(
        original,
        &format!("mario.rossi@{ALFA}"),
        "[127.0.0.1]",
        now,
        |_| true,
    );
    g.envelope(&tx).unwrap()
}

/// Root → `depth - 1` intermediates → leaf; the intermediates are carried.
fn chain_of(root: &Root, intermediates: usize, critical_on_leaf: bool) -> Vec<u8> {
    let ca_key = key();
    let mut carried = Vec::new();
    let mut issuer = ("Radice di prova".to_owned(), root.key.clone());
    for i in 0..intermediates {
        let subject = format!("Intermedia {i}");
        let c = issue(
            &subject,
            &ca_key,
            &issuer.0,
            &issuer.1,
            true,
            100 + i as u32,
            false,
        );
        carried.push(c.cert);
        issuer = (subject, ca_key.clone());
    }
    let leaf_key = key();
    let leaf = issue(
        "Posta Certificata Gestore Alfa",
        &leaf_key,
        &issuer.0,
        &issuer.1,
        false,
        9,
        critical_on_leaf,
    );
    carried.reverse();
    envelope(leaf.cert, leaf_key, carried)
}

/// Verifies through the verifier and through the store; returns the status and the reason.
fn judge(raw: &[u8], trust: &TrustList) -> (Status, String) {
    let started = std::time::Instant::now();
    let m = verify::open(raw, trust);
    let v = m.verification().clone();
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "the check ends quickly"
    );
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let id = store
        .ingest(
            raw,
            &Source::Import {
                path: "catena.eml".into(),
                offset: None,
                account: None,
                folder: None,
            },
        )
        .unwrap()
        .id;
    store
        .verify_pending(trust, Utc::now(), &mut |_, _| {})
        .unwrap();
    let stored = store.verification(id).unwrap().expect("verified");
    assert_eq!(stored.status, v.status, "the store keeps the same outcome");
    assert_eq!(
        store.raw(id).unwrap(),
        raw,
        "the bytes are kept as they came"
    );
    (v.status, v.reason.unwrap_or_default())
}

#[test]
fn hostile_certificate_chains_are_never_valid() {
    let root = root();
    let trust = trust(&root);

    // The control: the same construction, two intermediates, is valid.
    let (status, reason) = judge(&chain_of(&root, 2, false), &trust);
    assert_eq!(status, Status::Valid, "{reason}");

    // 50 deep: 49 intermediates.
    let (status, reason) = judge(&chain_of(&root, 49, false), &trust);
    assert_ne!(status, Status::Valid);
    assert_eq!(status, Status::Untrusted, "{reason}");
    assert!(reason.contains("too long"), "{reason}");

    // An unknown critical extension on the signer.
    let (status, reason) = judge(&chain_of(&root, 2, true), &trust);
    assert_eq!(status, Status::Untrusted, "{reason}");
    assert!(reason.contains("critical"), "{reason}");

    // An unknown critical extension on an intermediate.
    let ca_key = key();
    let mid = issue(
        "Intermedia critica",
        &ca_key,
        "Radice di prova",
        &root.key,
        true,
        50,
        true,
    );
    let leaf_key = key();
    let leaf = issue(
        "Posta Certificata Gestore Alfa",
        &leaf_key,
        "Intermedia critica",
        &ca_key,
        false,
        51,
        false,
    );
    let (status, reason) = judge(&envelope(leaf.cert, leaf_key, vec![mid.cert]), &trust);
    assert_eq!(status, Status::Untrusted, "{reason}");
    assert!(reason.contains("critical"), "{reason}");

    // A loop: "Anello A" issued by "Anello B", "Anello B" by "Anello A", the signer by "A";
    // and a loop that passes by a certificate named like the trusted root but not it.
    let ring_key = key();
    let a = issue(
        "Anello A", &ring_key, "Anello B", &ring_key, true, 60, false,
    );
    let b = issue(
        "Anello B", &ring_key, "Anello A", &ring_key, true, 61, false,
    );
    let leaf_key = key();
    let leaf = issue(
        "Posta Certificata Gestore Alfa",
        &leaf_key,
        "Anello A",
        &ring_key,
        false,
        62,
        false,
    );
    let (status, reason) = judge(
        &envelope(leaf.cert.clone(), leaf_key.clone(), vec![a.cert, b.cert]),
        &trust,
    );
    assert_eq!(status, Status::Untrusted, "{reason}");
    let fake_root = issue(
        "Radice di prova",
        &ring_key,
        "Anello A",
        &ring_key,
        true,
        63,
        false,
    );
    let a2 = issue(
        "Anello A",
        &ring_key,
        "Radice di prova",
        &ring_key,
        true,
        64,
        false,
    );
    let (status, reason) = judge(
        &envelope(leaf.cert, leaf_key, vec![a2.cert, fake_root.cert]),
        &trust,
    );
    assert_eq!(status, Status::Untrusted, "{reason}");

    Figures::new(
        "hostile",
        "signatures with hostile certificate chains (loop, loop through a fake root, 50 deep, unknown critical extension on signer and on intermediate)",
    )
    .inputs(6)
    .outcome("never valid: each untrusted with OpenSSL's reason, stored byte-exact; a 3-certificate control chain built the same way is valid")
    .record();
}
