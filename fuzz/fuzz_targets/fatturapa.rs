//! Fuzz target: the FatturaPA invoice and SdI message readers, the XML tree reader, the ETSI
//! trusted-list reader and attachment detection must never panic on any bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match sigillo::fatturapa::read_document(data) {
        Ok(sigillo::fatturapa::FatturaDocument::Invoice(inv)) => {
            for b in &inv.bodies {
                let _ = b.summary_total_hundredths();
            }
            let _ = sigillo::report::invoice_json(&inv, sigillo::i18n::Lang::It);
        }
        Ok(sigillo::fatturapa::FatturaDocument::Notification(n)) => {
            let _ = sigillo::report::notification_json(&n, sigillo::i18n::Lang::En);
        }
        Err(e) => {
            let _ = sigillo::i18n::fattura_error_text(sigillo::i18n::Lang::It, &e);
        }
    }
    let _ = sigillo::verify::trusted_list::read_trusted_list(data);
    let _ = sigillo::fatturapa::detect::classify_attachment(Some("IT01234567890_abcde.xml"), data);
    let _ = sigillo::fatturapa::detect::attachments_of(data);
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = sigillo::fatturapa::filename::parse(s);
    }
});
