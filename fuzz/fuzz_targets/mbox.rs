//! Fuzz target: the streaming mbox reader and writer (offsets, nothing invented, byte-exact
//! round trip). The checks live in `archive.rs`, shared with tests/hostile/fuzz_regressions.rs.
#![no_main]

mod archive;

libfuzzer_sys::fuzz_target!(|data: &[u8]| archive::mbox_round_trip(data));
