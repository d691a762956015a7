//! Fuzz target: the plain-text STARTTLS preamble of IMAP, POP3 and SMTP (greeting, capability
//! and reply lines, split anywhere): never a panic or a hang, and nothing said in plain text
//! but the request to switch to TLS. The checks live in `protocol.rs`, shared with
//! tests/hostile/fuzz_regressions.rs.
#![no_main]

mod protocol;

libfuzzer_sys::fuzz_target!(|data: &[u8]| protocol::starttls_preamble(data));
