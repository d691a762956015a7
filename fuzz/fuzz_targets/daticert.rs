//! Fuzz target: the lenient daticert reader must never panic on any bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let r = sigillo::pec::read_daticert(data);
    if let Some(t) = r.daticert.data.timestamp() {
        let _ = t.to_rfc3339();
    }
});
