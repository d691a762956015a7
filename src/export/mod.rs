//! Export of legal proof: a dossier per message (folder or ZIP) and its check.

pub mod filename;
pub mod manifest;
pub mod pdf;
