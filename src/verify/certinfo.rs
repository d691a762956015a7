//! Turns an X.509 certificate into the facts a person reads: names, e-mail, serial, validity,
//! fingerprint.

use chrono::{DateTime, Utc};
use openssl::asn1::{Asn1Time, Asn1TimeRef};
use openssl::hash::MessageDigest;
use openssl::nid::Nid;
use openssl::x509::{X509NameRef, X509Ref};

use super::outcome::CertInfo;

/// One-line distinguished name, `C=IT, O=…, CN=…`, in the certificate's order.
pub fn name_line(name: &X509NameRef) -> String {
    name.entries()
        .map(|e| {
            let key = e.object().nid().short_name().unwrap_or("?").to_owned();
            let value = e
                .data()
                .to_string()
                .unwrap_or_else(|_| String::from_utf8_lossy(e.data().as_slice()).into_owned());
            format!("{key}={value}")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn name_entry(name: &X509NameRef, nid: Nid) -> Option<String> {
    name.entries_by_nid(nid)
        .next()
        .and_then(|e| e.data().to_string().ok())
}

/// Converts an ASN.1 time to UTC.
pub fn asn1_to_utc(t: &Asn1TimeRef) -> Option<DateTime<Utc>> {
    let epoch = Asn1Time::from_unix(0).ok()?;
    let diff = epoch.diff(t).ok()?;
    DateTime::from_timestamp(diff.days as i64 * 86_400 + diff.secs as i64, 0)
}

/// The rfc822Name entries of the subject alternative name.
pub fn emails(cert: &X509Ref) -> Vec<String> {
    cert.subject_alt_names()
        .map(|names| {
            names
                .iter()
                .filter_map(|n| n.email().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// SHA-256 fingerprint, lower-case hex.
pub fn fingerprint(cert: &X509Ref) -> String {
    cert.digest(MessageDigest::sha256())
        .map(|d| hex::encode(&*d))
        .unwrap_or_default()
}

/// All reader-facing facts of a certificate.
pub fn cert_info(cert: &X509Ref) -> CertInfo {
    CertInfo {
        subject: name_line(cert.subject_name()),
        issuer: name_line(cert.issuer_name()),
        organization: name_entry(cert.subject_name(), Nid::ORGANIZATIONNAME),
        common_name: name_entry(cert.subject_name(), Nid::COMMONNAME),
        emails: emails(cert),
        serial: cert
            .serial_number()
            .to_bn()
            .and_then(|b| b.to_hex_str().map(|s| s.to_string()))
            .unwrap_or_default(),
        not_before: asn1_to_utc(cert.not_before()),
        not_after: asn1_to_utc(cert.not_after()),
        sha256: fingerprint(cert),
    }
}
