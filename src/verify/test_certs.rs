//! Throw-away certificates and signed messages for the engine's unit tests (compiled in tests
//! only).

use base64::Engine;
use sigillo_test_provider::pki::{ProviderSpec, TestPki};
use sigillo_test_provider::smime::{Digest, sign_detached};

use openssl::asn1::Asn1Time;
use openssl::hash::MessageDigest;
use openssl::pkey::{PKey, Private};
use openssl::rsa::Rsa;
use openssl::x509::{X509, X509Builder, X509NameBuilder};

/// A self-signed certificate named `cn`, valid from today for one day, and its key.
pub(crate) fn self_signed(cn: &str) -> (PKey<Private>, X509) {
    let key = PKey::from_rsa(Rsa::generate(2048).unwrap()).unwrap();
    let mut name = X509NameBuilder::new().unwrap();
    name.append_entry_by_text("CN", cn).unwrap();
    let name = name.build();
    let mut b = X509Builder::new().unwrap();
    b.set_version(2).unwrap();
    let serial = openssl::bn::BigNum::from_u32(4242)
        .unwrap()
        .to_asn1_integer()
        .unwrap();
    b.set_serial_number(&serial).unwrap();
    b.set_subject_name(&name).unwrap();
    b.set_issuer_name(&name).unwrap();
    b.set_pubkey(&key).unwrap();
    b.set_not_before(&Asn1Time::days_from_now(0).unwrap())
        .unwrap();
    b.set_not_after(&Asn1Time::days_from_now(1).unwrap())
        .unwrap();
    b.sign(&key, MessageDigest::sha256()).unwrap();
    (key, b.build())
}

pub(crate) const PDF: &[u8] = b"%PDF-1.4 the signed contract\n";
pub(crate) const DECOY: &[u8] = b"MZ an unsigned program put around the signature\n";

/// An ordinary S/MIME message re-wrapped by a list: an unsigned part with a decoy attachment,
/// then the signed message, whose own attachment is the contract. Returns the bytes and the
/// root the signer chains to.
pub(crate) fn rewrapped_signed_message() -> (Vec<u8>, openssl::x509::X509) {
    let pki = TestPki::generate(&[ProviderSpec::new("pec.lettura.test", "Gestore (prova)")])
        .expect("the test PKI");
    let signer = pki.signer("pec.lettura.test").expect("a signer");
    let entity = format!(
        "Content-Type: multipart/mixed; boundary=\"in\"\r\n\r\n\
         --in\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nIl contratto firmato.\r\n\
         --in\r\nContent-Type: application/pdf\r\n\
         Content-Disposition: attachment; filename=\"contratto.pdf\"\r\n\
         Content-Transfer-Encoding: base64\r\n\r\n{}\r\n--in--\r\n",
        base64::engine::general_purpose::STANDARD.encode(PDF)
    );
    let signature = sign_detached(
        entity.as_bytes(),
        &signer,
        Digest::Sha256,
        &chrono::Utc::now(),
    )
    .expect("a signature");
    let signed = format!(
        "Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; \
         micalg=sha-256; boundary=\"sig\"\r\n\r\n--sig\r\n{entity}\r\n--sig\r\n\
         Content-Type: application/pkcs7-signature; name=\"smime.p7s\"\r\n\
         Content-Transfer-Encoding: base64\r\n\r\n{}\r\n--sig--\r\n",
        base64::engine::general_purpose::STANDARD.encode(&signature)
    );
    let raw = format!(
        "From: mittente@pec.lettura.test\r\nTo: dest@example.org\r\nSubject: Contratto\r\n\
         Message-ID: <contratto-1@pec.lettura.test>\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"out\"\r\n\r\n\
         --out\r\nContent-Type: application/octet-stream\r\n\
         Content-Disposition: attachment; filename=\"contratto.pdf\"\r\n\
         Content-Transfer-Encoding: base64\r\n\r\n{}\r\n\
         --out\r\n{signed}\r\n--out--\r\n",
        base64::engine::general_purpose::STANDARD.encode(DECOY)
    );
    (raw.into_bytes(), pki.root().cert.clone())
}
