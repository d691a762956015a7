//! Provider signature validation (S/MIME, CMS) against the PEC trust list, at signing time.
//!
//! The checker lands in steps; this module first fixes the outcome types every other layer
//! (store, timeline, export, GUI) records and shows.

pub mod outcome;

pub use outcome::{CertInfo, Note, Status, TimeSource, Verification};
