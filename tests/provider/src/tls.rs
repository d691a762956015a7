//! TLS material for the loopback servers (Dovecot, the provider's SMTP): a self-signed
//! certificate for `localhost` / 127.0.0.1 made at start. Clients pin it as their only root.

use openssl::asn1::Asn1Time;
use openssl::bn::BigNum;
use openssl::error::ErrorStack;
use openssl::hash::MessageDigest;
use openssl::pkey::{PKey, Private};
use openssl::rsa::Rsa;
use openssl::x509::extension::{
    BasicConstraints, ExtendedKeyUsage, KeyUsage, SubjectAlternativeName, SubjectKeyIdentifier,
};
use openssl::x509::{X509, X509Builder, X509NameBuilder};

/// A server certificate and its key.
#[derive(Clone)]
pub struct ServerIdentity {
    /// The certificate (self-signed; it is its own trust anchor).
    pub cert: X509,
    /// The key.
    pub key: PKey<Private>,
}

impl std::fmt::Debug for ServerIdentity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ServerIdentity(localhost)")
    }
}

impl ServerIdentity {
    /// A new self-signed certificate for `localhost` and 127.0.0.1, valid for ten years.
    pub fn localhost() -> Result<Self, ErrorStack> {
        let key = PKey::from_rsa(Rsa::generate(2048)?)?;
        let mut name = X509NameBuilder::new()?;
        name.append_entry_by_text("O", "Sigillo TEST loopback server")?;
        name.append_entry_by_text("CN", "localhost")?;
        let name = name.build();
        let mut b = X509Builder::new()?;
        b.set_version(2)?;
        let mut serial = [0u8; 16];
        openssl::rand::rand_bytes(&mut serial)?;
        serial[0] &= 0x7f;
        let serial = BigNum::from_slice(&serial)?.to_asn1_integer()?;
        b.set_serial_number(&serial)?;
        b.set_subject_name(&name)?;
        b.set_issuer_name(&name)?;
        b.set_pubkey(&key)?;
        let (not_before, not_after) = (Asn1Time::days_from_now(0)?, Asn1Time::days_from_now(3650)?);
        b.set_not_before(&not_before)?;
        b.set_not_after(&not_after)?;
        // CA:TRUE so that strict clients accept it as its own trust anchor.
        b.append_extension(BasicConstraints::new().critical().ca().build()?)?;
        b.append_extension(
            KeyUsage::new()
                .critical()
                .digital_signature()
                .key_encipherment()
                .key_cert_sign()
                .build()?,
        )?;
        b.append_extension(ExtendedKeyUsage::new().server_auth().build()?)?;
        let san = SubjectAlternativeName::new()
            .dns("localhost")
            .ip("127.0.0.1")
            .build(&b.x509v3_context(None, None))?;
        b.append_extension(san)?;
        let ski = SubjectKeyIdentifier::new().build(&b.x509v3_context(None, None))?;
        b.append_extension(ski)?;
        b.sign(&key, MessageDigest::sha256())?;
        Ok(ServerIdentity {
            cert: b.build(),
            key,
        })
    }

    /// The certificate as PEM (what clients pin).
    pub fn cert_pem(&self) -> Vec<u8> {
        self.cert.to_pem().expect("encoding our own certificate")
    }

    /// The key as PKCS#8 PEM.
    pub fn key_pem(&self) -> Vec<u8> {
        self.key
            .private_key_to_pem_pkcs8()
            .expect("encoding our own key")
    }
}
