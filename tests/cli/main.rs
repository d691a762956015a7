//! The `sigillo` command line as a user runs it: each command a real process on real files.
//! One test binary for the whole area.
//!
//! Sharing this process is safe: every test runs the binary with its own profile folder;
//! the network commands give each child its own HOME and XDG folders through `Command::env`
//! and a private D-Bus session with its own unlocked gnome-keyring
//! (tests/support/src/keyring_session.rs), one per test, so parallel tests never see each other's
//! secrets. Servers listen on free loopback ports. Nothing here changes this process's
//! environment or current directory.

use sigillo_test_support as support;

mod inspect;
mod net;
mod p7m;
mod scripting;
mod store;
mod terminal_safe;
mod verify;
