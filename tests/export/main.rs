//! Dossier export: the PDF report, the ZIP form, hostile names, the filing package, the
//! time stamp, the real corpus, and `export --replace` killed at every step. One test binary
//! for the whole area.
//!
//! Sharing this process is safe: each test exports into its own temporary folder; the
//! time-stamping authority and the provider listen on free loopback ports; the kills of
//! replace_crash are injected by strace at an exact system call of the child (not after a
//! delay), so they land on the same step whatever else runs. Nothing here changes this
//! process's environment or current directory.

use sigillo_test_support as support;

mod corpus;
mod dossier;
mod filing;
mod names;
mod replace_crash;
mod timestamp;
