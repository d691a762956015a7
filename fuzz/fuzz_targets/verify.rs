//! Fuzz target: the signature verifier's input side (MIME location, base64, DER/BER reading,
//! CMS parsing) must never panic, and a fuzzed input is never `valid` unless it really is.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fuzz_target!(|data: &[u8]| {
    static TRUST: OnceLock<sigillo::verify::TrustList> = OnceLock::new();
    let trust = TRUST.get_or_init(sigillo::verify::TrustList::builtin);
    let _ = sigillo::verify::der::read_signed_data(data);
    let m = sigillo::verify::open(data, trust);
    let _ = m.verification().status;
});
