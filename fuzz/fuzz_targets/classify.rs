//! Fuzz target: the classifier must never panic and must keep its invariants on any input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let c = sigillo::pec::classify(data);
    // Invariants that hold for every input.
    if c.kind == sigillo::pec::PecKind::Ordinaria {
        assert!(c.daticert.is_none());
        assert!(c.original.is_none());
    }
    if c.receipt_type.is_some() {
        assert!(matches!(
            c.kind,
            sigillo::pec::PecKind::AvvenutaConsegna | sigillo::pec::PecKind::PostaCertificata
        ));
    }
    let _ = sigillo::report::classification_json(&c, sigillo::i18n::Lang::It);
});
