//! The few DER encodings the test PKI needs and the `openssl` crate has no builder for
//! (name constraints, certificate policies). Only definite-length, short-form-or-long-form TLVs.

/// One DER TLV with the given identifier octet.
pub(crate) fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes: Vec<u8> = len
            .to_be_bytes()
            .into_iter()
            .skip_while(|&b| b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend_from_slice(&bytes);
    }
    out.extend_from_slice(content);
    out
}

/// `SEQUENCE { items... }`.
pub(crate) fn sequence(items: &[Vec<u8>]) -> Vec<u8> {
    tlv(0x30, &items.concat())
}

/// An OBJECT IDENTIFIER from its dotted form. Panics only on a malformed literal in our code.
pub(crate) fn oid(dotted: &str) -> Vec<u8> {
    let arcs: Vec<u64> = dotted
        .split('.')
        .map(|a| a.parse().expect("OID literal"))
        .collect();
    assert!(arcs.len() >= 2, "OID literal needs two arcs");
    let mut content = Vec::new();
    base128(arcs[0] * 40 + arcs[1], &mut content);
    for &arc in &arcs[2..] {
        base128(arc, &mut content);
    }
    tlv(0x06, &content)
}

fn base128(mut v: u64, out: &mut Vec<u8>) {
    let mut tmp = vec![(v & 0x7f) as u8];
    v >>= 7;
    while v > 0 {
        tmp.push(0x80 | (v & 0x7f) as u8);
        v >>= 7;
    }
    tmp.reverse();
    out.extend(tmp);
}

/// `IA5String`.
pub(crate) fn ia5(s: &str) -> Vec<u8> {
    tlv(0x16, s.as_bytes())
}

/// A permitted or excluded subtree base.
pub(crate) enum GeneralName<'a> {
    /// `rfc822Name` (a mail domain or address).
    Email(&'a str),
    /// `directoryName`, given as the DER of the `Name`.
    Directory(&'a [u8]),
    /// `iPAddress` with mask (8 bytes for IPv4, 32 for IPv6).
    Ip(&'a [u8]),
}

impl GeneralName<'_> {
    fn encode(&self) -> Vec<u8> {
        match self {
            GeneralName::Email(s) => tlv(0x81, s.as_bytes()),
            GeneralName::Directory(name) => tlv(0xa4, name),
            GeneralName::Ip(bytes) => tlv(0x87, bytes),
        }
    }
}

/// The value of a NameConstraints extension (RFC 5280 §4.2.1.10).
pub(crate) fn name_constraints(
    permitted: &[GeneralName<'_>],
    excluded: &[GeneralName<'_>],
) -> Vec<u8> {
    let subtrees = |names: &[GeneralName<'_>]| -> Vec<u8> {
        names
            .iter()
            .map(|n| sequence(&[n.encode()]))
            .collect::<Vec<_>>()
            .concat()
    };
    let mut parts = Vec::new();
    if !permitted.is_empty() {
        parts.push(tlv(0xa0, &subtrees(permitted)));
    }
    if !excluded.is_empty() {
        parts.push(tlv(0xa1, &subtrees(excluded)));
    }
    sequence(&parts)
}

/// The value of a CertificatePolicies extension with one policy and an optional CPS URI.
pub(crate) fn certificate_policies(policy: &str, cps: Option<&str>) -> Vec<u8> {
    let mut info = vec![oid(policy)];
    if let Some(uri) = cps {
        let qualifier = sequence(&[oid("1.3.6.1.5.5.7.2.1"), ia5(uri)]);
        info.push(sequence(&[qualifier]));
    }
    sequence(&[sequence(&info)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_known_values() {
        assert_eq!(
            oid("1.3.76.16.3.1"),
            vec![0x06, 0x05, 0x2b, 0x4c, 0x10, 0x03, 0x01]
        );
        assert_eq!(oid("2.5.29.30"), vec![0x06, 0x03, 0x55, 0x1d, 0x1e]);
        assert_eq!(
            oid("1.2.840.113549"),
            vec![0x06, 0x06, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d]
        );
        let long = tlv(0x04, &[0u8; 300]);
        assert_eq!(&long[..4], &[0x04, 0x82, 0x01, 0x2c]);
    }
}
