//! Shared helpers for the integration tests.
#![allow(dead_code)]

pub mod cli;
pub mod corpus;
pub mod dossier;
pub mod exchange;
pub mod fattura;
pub mod flips;
pub mod handmade;
pub mod keyring_session;
pub mod net;
pub mod notification;
pub mod qes;
pub mod reliability;
pub mod store_checks;
