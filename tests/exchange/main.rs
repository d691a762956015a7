//! End to end through the local PEC provider (tests/provider): real SMTP over TLS, a real
//! Dovecot, every message kind it makes, REM next to PEC, and the demo mailbox. One test binary
//! for the area.
//!
//! Sharing this process is safe: every provider and Dovecot is private to its test and listens
//! on free loopback ports; the REM exchange runs `sigillo` with its own HOME and XDG folders and
//! a private keyring session (tests/support/src/keyring_session.rs). The waits (30 s for a message
//! to arrive) are ceilings against hangs. Nothing changes this process's environment or
//! current directory.

use sigillo_test_support as support;

mod demo;
mod dovecot_harness;
mod provider_exchange;
mod provider_messages;
mod rem_exchange;
