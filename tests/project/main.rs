//! Checks of the repository itself rather than of the app's code: the packaging sources agree
//! with the app, and the shipped demo mailbox is what `scripts/demo` makes. One test binary.
//!
//! Sharing this process is safe: the tests read files under the checkout by absolute path
//! (`CARGO_MANIFEST_DIR`) and run the binary; nothing changes the environment or the current
//! directory. The layering rule (tests/layers.rs) changes the current directory, so it keeps a
//! process of its own.

mod demo_assets;
mod packaging;
