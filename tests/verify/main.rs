//! Signature checks and what they prove: forgeries, trust points, signatures made with
//! OpenSSL at test time, the real corpus and its golden files, and the per-recipient timeline.
//! One test binary for the area.
//!
//! Sharing this process is safe, and closer to the app: the verifier's certificate and path
//! caches (src/verify/certcache.rs, pathcache.rs) are process-wide, keyed by the exact
//! certificates, and a cached path counts only at a time inside its span and only while its
//! anchor is enabled in the trust list at hand, as in a day of the app's use. Each test builds
//! its own trust list and store; nothing changes the environment or the current directory.

use sigillo_test_support as support;

mod corpus;
mod corpus_golden;
mod forgery;
mod provider;
mod timeline_proof;
mod timeline_rules;
mod trust_points;
