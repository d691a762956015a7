//! A small deterministic byte stream (SHA-256 in counter mode) for the demo mailbox, whose
//! output must be the same for the same seed: keys, serial numbers, people and dates.
//! Not for secrets: everything it makes is throw-away test material.

use sha2::{Digest, Sha256};

/// Deterministic generator seeded by a number and a label.
#[derive(Debug, Clone)]
pub struct SeededRng {
    key: [u8; 32],
    counter: u64,
    buffer: Vec<u8>,
}

impl SeededRng {
    /// A stream for `seed`, separated by `label` so that unrelated uses do not share bytes.
    pub fn new(seed: u64, label: &str) -> Self {
        let mut h = Sha256::new();
        h.update(b"sigillo-test-provider/seeded-rng/v1\0");
        h.update(seed.to_be_bytes());
        h.update(label.as_bytes());
        SeededRng {
            key: h.finalize().into(),
            counter: 0,
            buffer: Vec::new(),
        }
    }

    /// Fills `out` with the next bytes of the stream.
    pub fn fill(&mut self, out: &mut [u8]) {
        let mut written = 0;
        while written < out.len() {
            if self.buffer.is_empty() {
                let mut h = Sha256::new();
                h.update(self.key);
                h.update(self.counter.to_be_bytes());
                self.counter += 1;
                self.buffer = h.finalize().to_vec();
            }
            let n = (out.len() - written).min(self.buffer.len());
            out[written..written + n].copy_from_slice(&self.buffer[..n]);
            self.buffer.drain(..n);
            written += n;
        }
    }

    /// The next 64-bit value.
    pub fn next_u64(&mut self) -> u64 {
        let mut b = [0u8; 8];
        self.fill(&mut b);
        u64::from_be_bytes(b)
    }

    /// A value in `0..n` (`n > 0`); the tiny modulo bias does not matter for test data.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream_and_labels_separate() {
        let mut a = SeededRng::new(7, "x");
        let mut b = SeededRng::new(7, "x");
        let mut c = SeededRng::new(7, "y");
        let (va, vb, vc) = (a.next_u64(), b.next_u64(), c.next_u64());
        assert_eq!(va, vb);
        assert_ne!(va, vc);
        let mut big = [0u8; 100];
        a.fill(&mut big);
        assert!(big.iter().any(|&x| x != 0));
    }
}
