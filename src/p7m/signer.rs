//! The person behind a qualified signature certificate: name, fiscal code, organisation, issuer
//! (ETSI EN 319 412-1/-2 subject fields; the Italian fiscal code travels in the subject
//! serialNumber as `TINIT-<codice fiscale>`, older certificates write `IT:<codice fiscale>`).

use openssl::nid::Nid;
use openssl::x509::{X509NameRef, X509Ref};

use super::outcome::SignerReport;
use crate::verify::certinfo::{cert_info, name_line};

fn entry(name: &X509NameRef, nid: Nid) -> Option<String> {
    name.entries_by_nid(nid)
        .next()
        .and_then(|e| e.data().to_string().ok())
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
}

/// The fiscal code in a subject serialNumber, when it holds one: the ETSI semantics identifier
/// `TIN<country>-<code>`, the older `IT:<code>`, or a bare Italian fiscal code (16 characters)
/// or numeric one (11 digits). Other identifiers (passport `PAS…`, identity card `IDC…`) are
/// not fiscal codes.
pub fn fiscal_code(serial_number: &str) -> Option<String> {
    let s = serial_number.trim();
    let code = if let Some(rest) = s.strip_prefix("TIN") {
        let (country, code) = rest.split_once('-')?;
        if country.len() != 2 || !country.chars().all(|c| c.is_ascii_alphabetic()) {
            return None;
        }
        code
    } else if let Some(code) = s.strip_prefix("IT:") {
        code
    } else {
        s
    };
    let code = code.trim().to_ascii_uppercase();
    let plausible = !code.is_empty()
        && code.len() <= 32
        && code.chars().all(|c| c.is_ascii_alphanumeric())
        && (s.starts_with("TIN")
            || s.starts_with("IT:")
            || is_italian_fiscal_code(&code)
            || (code.len() == 11 && code.chars().all(|c| c.is_ascii_digit())));
    plausible.then_some(code)
}

/// The shape of a personal Italian fiscal code: 6 letters, 2 digits, a letter, 2 digits, a
/// letter, 3 digits, a check letter (digits may be replaced by letters for homocodes).
fn is_italian_fiscal_code(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 16
        && b[..6].iter().all(u8::is_ascii_alphabetic)
        && b[8].is_ascii_alphabetic()
        && b[11].is_ascii_alphabetic()
        && b[15].is_ascii_alphabetic()
        && b.iter().all(u8::is_ascii_alphanumeric)
}

/// Fills the person-facing fields of a report from the signer's certificate.
pub fn describe(cert: &X509Ref, report: &mut SignerReport) {
    let subject = cert.subject_name();
    let given = entry(subject, Nid::GIVENNAME);
    let surname = entry(subject, Nid::SURNAME);
    report.name = match (given, surname) {
        (Some(g), Some(s)) => Some(format!("{g} {s}")),
        _ => entry(subject, Nid::COMMONNAME),
    };
    report.subject_serial_number = entry(subject, Nid::SERIALNUMBER);
    report.fiscal_code = report
        .subject_serial_number
        .as_deref()
        .and_then(fiscal_code);
    report.organization = entry(subject, Nid::ORGANIZATIONNAME);
    let issuer = cert.issuer_name();
    report.issuer = entry(issuer, Nid::COMMONNAME)
        .or_else(|| entry(issuer, Nid::ORGANIZATIONNAME))
        .or_else(|| Some(name_line(issuer)));
    report.certificate = Some(cert_info(cert));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fiscal_codes_from_serial_numbers() {
        assert_eq!(
            fiscal_code("TINIT-RSSMRA80A01H501U").as_deref(),
            Some("RSSMRA80A01H501U")
        );
        assert_eq!(
            fiscal_code("IT:RSSMRA80A01H501U").as_deref(),
            Some("RSSMRA80A01H501U")
        );
        assert_eq!(
            fiscal_code("rssmra80a01h501u").as_deref(),
            Some("RSSMRA80A01H501U")
        );
        assert_eq!(fiscal_code("12345678901").as_deref(), Some("12345678901"));
        assert_eq!(fiscal_code("PASIT-YA1234567"), None);
        assert_eq!(fiscal_code("IDCIT-AB123"), None);
        assert_eq!(fiscal_code("2018123456"), None);
        assert_eq!(fiscal_code("TINITRSSMRA80A01H501U"), None);
        assert_eq!(fiscal_code("TIN-X"), None);
    }
}
