//! Sigillo's engine: everything the desktop app and the command line share. It never imports the
//! GUI toolkit.
//!
//! The flow of a message: raw bytes are kept first; [`pec`] says what they are; the verifier
//! checks the provider signature; the store keeps both; timelines, search and export read them.

pub mod account;
pub mod backup;
pub mod export;
pub mod fatturapa;
pub mod hidden_chars;
pub mod i18n;
pub mod import;
pub mod launch;
pub mod net;
pub mod outcome;
pub mod p7m;
pub mod pec;
pub mod profile;
pub mod reading;
pub mod report;
pub mod store;
pub mod terminal;
pub mod verify;
pub mod xml;
