//! Headless test of a REM message ("PEC europea") in the message view: the outcome first, then
//! the signature that proves it, the REM badge and "PEC europea" in words, and the evidence in the certification panel
//! (event and reason in words, the recipient it refers to, the provider).

use sigillo::i18n::{self, Lang, tr};

use super::message_view;
use super::tests::{corpus_support, texts};

#[test]
fn a_rem_receipt_shows_its_badge_and_evidence_after_the_banner() {
    let Some(root) = corpus_support::rem_or_announce("GUI: REM message view") else {
        return;
    };
    let raw = std::fs::read(root.join("Intra-REM-flow/REM_ContentConsignment2.RD01.eml")).unwrap();
    let mut trust = sigillo::verify::TrustList::empty();
    trust.add_extra_for(
        sigillo::verify::trust::parse_certificates(
            &std::fs::read(root.join("certificates/REM-ROOT-CA.crt")).unwrap(),
        ),
        sigillo::verify::TrustPurpose::Rem,
    );
    for lang in [Lang::It, Lang::En] {
        let opened = message_view::prepare(1, raw.clone(), &trust, None, lang);
        let found = texts(message_view::MessageView::new(opened).view(lang));
        let has = |needle: &str| found.iter().any(|(t, _)| t.contains(needle));
        // The outcome first, about the recipient the evidence refers to, then the signature
        // that proves it.
        assert!(
            found[0].0.contains("recD@r2-rems-only-for-test.it"),
            "{found:?}"
        );
        assert!(
            found[1].0.contains(&tr(lang, "gui-banner-title-valid")),
            "{found:?}"
        );
        assert!(has(&tr(lang, "rem-badge")));
        assert!(has(&tr(lang, "rem-format-label")));
        assert!(has(&i18n::rem_event_label(lang, "ContentConsignment")));
        assert!(has(&i18n::rem_reason_text(
            lang,
            "MessageConsignedToRecipient"
        )));
        assert!(has("recD@r2-rems-only-for-test.it"));
        assert!(has("R-REMS-2 provider"));
        assert!(!has(&tr(lang, "gui-certification-unproven")));
        // Untrusted without the REM trust point, and the banner says it first.
        let opened = message_view::prepare(
            1,
            raw.clone(),
            &sigillo::verify::TrustList::builtin(),
            None,
            lang,
        );
        let found = texts(message_view::MessageView::new(opened).view(lang));
        assert!(
            found[0].0.starts_with(&tr(lang, "badge-not-proven"))
                || found
                    .iter()
                    .take(3)
                    .any(|(t, _)| t.contains(&tr(lang, "gui-banner-title-untrusted"))),
            "{found:?}"
        );
        // The evidence panel then says that nothing vouches for what it shows.
        let unproven = tr(lang, "gui-certification-unproven");
        assert!(found.iter().any(|(t, _)| *t == unproven), "{found:?}");
    }
}
