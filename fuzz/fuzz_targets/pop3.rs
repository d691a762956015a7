//! Fuzz target: the POP3 client's reply parsing (status lines, CAPA, LIST/UIDL listings,
//! dot-unstuffed multi-line bodies) on whatever a server may send, split anywhere. The checks
//! live in `protocol.rs`, shared with tests/hostile/fuzz_regressions.rs.
#![no_main]

mod protocol;

libfuzzer_sys::fuzz_target!(|data: &[u8]| protocol::pop3_session(data));
