//! Sigillo's local PEC test provider: dev-only tooling, never shipped with the app.
//!
//! No real PEC provider can be reached from a test machine, so this crate makes a faithful
//! local one after RFC 6109 (see `shared/docs/pec-spec.md`):
//!
//! - [`pki`]: a throw-away PKI shaped like the real chain (root → "AgID CA1" → provider);
//! - [`smime`]: CMS detached signatures with a chosen signing time, SHA-1 or SHA-256;
//! - [`message`]: builders for every PEC message kind (envelopes, receipts, notices), and for
//!   REM ("PEC europea") dispatches and receipts with XAdES-signed ETSI evidence
//!   ([`message::rem`]), signed by a REM test chain of their own;
//! - [`dovecot`]: a private, unprivileged Dovecot (IMAPS, POP3S, quota) on free loopback ports;
//! - [`smtp`] and [`provider`]: the provider itself, over SMTP with TLS;
//! - [`demo`]: a reproducible demo mailbox signed by a CA that says it is not real;
//! - [`hostile`]: messages nested 10,000 deep or of 100,000 parts, the same for every test;
//! - [`client`], [`openssl_cli`]: the IMAPS/POP3S readers and the `openssl` tool the tests use
//!   to look at the results independently;
//! - [`clock`], [`rng`], [`tls`], [`virus`]: Italian time, seeded bytes, loopback TLS
//!   certificates, the EICAR check.

pub mod client;
pub mod clock;
pub mod demo;
mod der;
pub mod dovecot;
pub mod hostile;
pub mod message;
pub mod openssl_cli;
pub mod pki;
pub mod provider;
pub mod rng;
pub mod smime;
pub mod smtp;
pub mod tls;
pub mod tsa;
pub mod virus;
