//! The formats Sigillo reads: every PEC kind, REM (AgID's examples), signed documents (.p7m)
//! and FatturaPA invoices. One test binary for the area.
//!
//! Sharing this process is safe: the tests read fixtures, the corpus and documents signed in
//! each test's temporary folder; the fixtures built once per process (`OnceLock`) are never
//! changed after. Nothing changes the environment or the current directory.

use sigillo_test_support as support;

mod fatturapa;
mod p7m_documents;
mod pec_kinds;
mod rem_corpus;
