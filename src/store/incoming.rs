//! A message on its way into the store: its bytes, where it came from, and the SHA-256 of the
//! bytes, computed where they arrived (the import's reading thread, a sync's download task),
//! so that the thread holding the database's write lock does not spend its time hashing.
//!
//! The hash is private and made only here, from the bytes it travels with: a caller cannot
//! hand the store a digest of other bytes.

use sha2::{Digest, Sha256};

use super::Source;

/// A message to store: bytes, place, and the digest of those bytes.
#[derive(Debug, Clone)]
pub struct IncomingMessage {
    bytes: Vec<u8>,
    sha256: String,
    /// Where the message was found.
    pub source: Source,
}

impl IncomingMessage {
    /// Takes the bytes and hashes them (on the caller's thread).
    pub fn new(bytes: Vec<u8>, source: Source) -> Self {
        IncomingMessage {
            sha256: sha256_hex(&bytes),
            bytes,
            source,
        }
    }

    /// The exact bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The SHA-256 of the bytes, lower-case hex (the store's key for them).
    pub fn sha256(&self) -> &str {
        &self.sha256
    }

    /// The bytes, given up (the hash goes with them no more).
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }
}

impl From<(Vec<u8>, Source)> for IncomingMessage {
    fn from((bytes, source): (Vec<u8>, Source)) -> Self {
        IncomingMessage::new(bytes, source)
    }
}

/// Lower-case hex SHA-256 of `bytes`, the store's key for stored bytes.
pub(super) fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_digest_is_of_the_bytes_it_travels_with() {
        let source = Source::Import {
            path: "/a.eml".into(),
            offset: None,
            account: None,
            folder: None,
        };
        let m = IncomingMessage::new(b"abc".to_vec(), source);
        assert_eq!(
            m.sha256(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(m.bytes(), b"abc");
        assert_eq!(m.into_bytes(), b"abc".to_vec());
    }
}
