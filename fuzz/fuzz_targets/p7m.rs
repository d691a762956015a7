//! Fuzz target: signed documents (.p7m). Unwrapping (DER, BER, base64, nested layers), the
//! one-signer rebuild, counter-signatures and the OpenSSL checks must never panic, and a fuzzed
//! input is never `valid` (no trust list is given) nor `intact` without a signer that OpenSSL
//! accepted.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sigillo::p7m::{self, DocStatus, ReferenceTime};

fuzz_target!(|data: &[u8]| {
    let _ = sigillo::verify::der::read_signed_data(data);
    if let Ok(d) = p7m::open(data, Some("fuzz.pdf.p7m"), None, ReferenceTime::now()) {
        let v = d.verification();
        assert_ne!(v.status, DocStatus::Valid, "valid without a trust list");
        if v.status.is_intact() {
            assert!(!v.signers.is_empty());
        }
        let _ = p7m::name::safe_file_name(d.name());
    }
    if let Ok(s) = std::str::from_utf8(data) {
        let safe = p7m::name::safe_file_name(s);
        assert!(!safe.contains('/') && !safe.contains('\\') && safe != ".." && !safe.is_empty());
    }
});
