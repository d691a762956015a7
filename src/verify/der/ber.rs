//! BER's indefinite lengths rewritten as definite ones, for the `der` crate to read.
//!
//! Why this is written here: der 0.7 (the version `cms` and `x509-tsp` are built on) reads DER
//! only and refuses the indefinite-length form that streaming CMS encoders write (Java tools,
//! `openssl cms -stream`); `.p7m` files made that way must still open. This part rewrites only
//! that: an indefinite length becomes a definite one and a chunked (constructed) OCTET STRING
//! one primitive string. Any element without such a thing inside is copied byte for byte, so
//! certificates and signed attributes stay exactly as signed. Lengths are read by der
//! ([`IndefiniteLength`](::der::IndefiniteLength)), which refuses non-minimal ones as in DER;
//! nesting is bounded. The result is then read by der like any DER.

use ::der::{Decode, Encode, IndefiniteLength, Length, Reader, SliceReader};

/// Nesting deeper than this is refused (a real SignedData is about 10 levels deep).
const MAX_DEPTH: usize = 64;
const CONSTRUCTED: u8 = 0x20;
const OCTET_STRING: u8 = 0x04;
const CHUNKED_OCTET_STRING: u8 = OCTET_STRING | CONSTRUCTED;

/// The first element of `input` in definite-length form; `None` when it cannot be read or
/// has nothing to rewrite (then der has already said what it thinks of it).
pub fn definite(input: &[u8]) -> Option<Vec<u8>> {
    match element(input, 0)?.0 {
        Piece::Rewritten(bytes) => Some(bytes),
        Piece::Verbatim(_) => None,
    }
}

/// An element in definite-length form.
enum Piece<'a> {
    /// Already definite: its bytes as read.
    Verbatim(&'a [u8]),
    /// Written again.
    Rewritten(Vec<u8>),
}

impl Piece<'_> {
    fn bytes(&self) -> &[u8] {
        match self {
            Piece::Verbatim(b) => b,
            Piece::Rewritten(b) => b,
        }
    }
}

/// The identifier octet, the length (`None`: indefinite) and the header's size.
fn header(input: &[u8]) -> Option<(u8, Option<usize>, usize)> {
    let (&tag, rest) = input.split_first()?;
    if tag & 0x1f == 0x1f {
        return None; // multi-byte tags do not occur in CMS
    }
    let mut reader = SliceReader::new(rest).ok()?;
    let length: Option<Length> = IndefiniteLength::decode(&mut reader).ok()?.into();
    let length = length.map(usize::try_from).transpose().ok()?;
    Some((tag, length, 1 + usize::try_from(reader.position()).ok()?))
}

/// The element at the start of `input` and the bytes after it.
fn element(input: &[u8], depth: usize) -> Option<(Piece<'_>, &[u8])> {
    if depth > MAX_DEPTH {
        return None;
    }
    let (tag, length, header_len) = header(input)?;
    let body = &input[header_len..];
    let constructed = tag & CONSTRUCTED != 0;
    let Some(length) = length else {
        if !constructed {
            return None; // indefinite length is only for constructed values
        }
        let mut children = Vec::new();
        let mut cursor = body;
        loop {
            if let Some(after) = cursor.strip_prefix(&[0, 0]) {
                return Some((Piece::Rewritten(write(tag, &children)?), after));
            }
            let (child, rest) = element(cursor, depth + 1)?;
            children.push(child);
            cursor = rest;
        }
    };
    let whole = input.get(..header_len + length)?;
    let after = &input[whole.len()..];
    if !constructed {
        return Some((Piece::Verbatim(whole), after));
    }
    // A definite-length element is walked only to find indefinite ones inside; whatever
    // cannot be walked stays as it is for der to judge.
    let mut children = Vec::new();
    let mut cursor = &whole[header_len..];
    while !cursor.is_empty() {
        let Some((child, rest)) = element(cursor, depth + 1) else {
            return Some((Piece::Verbatim(whole), after));
        };
        children.push(child);
        cursor = rest;
    }
    let unchanged = children.iter().all(|c| matches!(c, Piece::Verbatim(_)));
    if unchanged && tag != CHUNKED_OCTET_STRING {
        return Some((Piece::Verbatim(whole), after));
    }
    Some((Piece::Rewritten(write(tag, &children)?), after))
}

/// An element from its (definite) children; a chunked OCTET STRING becomes one string.
fn write(tag: u8, children: &[Piece<'_>]) -> Option<Vec<u8>> {
    let (tag, content) = if tag == CHUNKED_OCTET_STRING {
        let mut octets = Vec::new();
        for child in children {
            let bytes = child.bytes();
            match header(bytes)? {
                (OCTET_STRING, Some(_), len) => octets.extend_from_slice(&bytes[len..]),
                _ => return None,
            }
        }
        (OCTET_STRING, octets)
    } else {
        (
            tag,
            children.iter().flat_map(Piece::bytes).copied().collect(),
        )
    };
    let mut out = vec![tag];
    out.extend(Length::try_from(content.len()).ok()?.to_der().ok()?);
    out.extend(content);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::definite;

    #[test]
    fn only_indefinite_lengths_and_chunks_are_rewritten() {
        assert_eq!(
            definite(&[0x30, 0x80, 0x30, 0x03, 0x02, 0x01, 0x05, 0, 0]).unwrap(),
            [0x30, 0x05, 0x30, 0x03, 0x02, 0x01, 0x05],
            "the definite element inside is copied as it is"
        );
        assert_eq!(
            definite(&[0x24, 0x80, 0x04, 0x01, 0x61, 0x04, 0x01, 0x62, 0, 0]).unwrap(),
            [0x04, 0x02, 0x61, 0x62]
        );
        assert_eq!(
            definite(&[0x30, 0x03, 0x02, 0x01, 0x05]),
            None,
            "already DER"
        );
        assert_eq!(definite(&[0x04, 0x80, 0, 0]), None, "primitive indefinite");
        assert_eq!(definite(&[0x30, 0x80, 0x04, 0x01, 0x07]), None, "no end");
        assert_eq!(
            definite(&[0x30, 0x80, 0x30, 0x81, 0x03, 0x02, 0x01, 0x05, 0, 0]),
            None,
            "a non-minimal length stays refused, as in DER"
        );
        assert_eq!(
            definite(&[0x24, 0x80, 0x02, 0x01, 0x05, 0, 0]),
            None,
            "a chunk of an OCTET STRING must be an OCTET STRING"
        );
        let deep = [[0x30, 0x80].repeat(100), [0, 0].repeat(100)].concat();
        assert_eq!(definite(&deep), None, "nesting is bounded");
    }
}
