//! Sigillo's network code (IMAP, POP3, SMTP) against a real Dovecot, the local PEC provider,
//! scripted lying servers and a cutting proxy. One test binary for the whole area.
//!
//! Sharing this process is safe: every server, proxy and Dovecot listens on a free loopback
//! port chosen at run time (port 0), never a fixed one; nothing sets environment variables or
//! changes the current directory. The two TLS connectors the library builds once per process
//! (src/net/tls.rs) hold nothing of a test: the verifying one trusts the system's roots, the
//! other accepts a certificate only once its pinned fingerprint is checked. The time limits (a lying server's sync ends
//! within 20 s where the I/O timeout is 0.7 s; the watch loop's 15 s) are ceilings against
//! hangs, far above the work even with another test running beside it.

use sigillo_test_support as support;

mod downgrade;
mod exchange;
mod lies;
mod mailbox_health;
mod resume;
mod tls;
mod watch;
