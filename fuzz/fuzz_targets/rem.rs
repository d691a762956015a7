//! Fuzz target: REM ("PEC europea") reading must never panic on any input: the ETSI evidence
//! reader on the bytes themselves, and the whole message reader (REM headers, sections, the
//! signed part) on them as a message, and the certified facts read from either.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let evidence = sigillo::pec::rem::evidence::read(data);
    let _ = evidence.event();
    let _ = evidence.refers_to();
    let _ = evidence.outside_rem();
    let reading = sigillo::pec::read(data);
    let c = &reading.classification;
    if let Some(cert) = c.certification() {
        let _ = (cert.time(), cert.recipients(), cert.about(), cert.consegna());
    }
    let _ = sigillo::report::classification_json(c, sigillo::i18n::Lang::It);
});
