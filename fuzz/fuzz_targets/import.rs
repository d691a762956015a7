//! Fuzz target: the mbox/Maildir/.eml importer end to end into a real store. The checks live
//! in `archive.rs`, shared with tests/hostile/fuzz_regressions.rs.
#![no_main]

mod archive;

libfuzzer_sys::fuzz_target!(|data: &[u8]| archive::import_files(data));
