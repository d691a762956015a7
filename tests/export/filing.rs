//! The filing package of a notification (L. 53/1994), from the test provider's exchanges:
//! one asking for `completa` with a delivered recipient, a recipient whose receipt never came,
//! an external recipient and one in Cc (sintetica); one asking for `breve`. Checked: the exact
//! files and their names, the bytes (as stored and signed), the carried original, the
//! warnings, the one-page summary read back with pdftotext, and the register entry.

use crate::support;

use std::path::Path;

use sigillo::export::filing;
use sigillo::store::Store;
use support::dossier::{all_files, pdf_text};
use support::notification::{notify, sigillo, store, trust_root};

const B: &str = "anna.bianchi@pec.beta.test";
const C: &str = "carlo.neri@pec.beta.test";
const D: &str = "dora@pec.beta.test";
const X: &str = "luca.verdi@esterno.test";

fn run(profile: &Path, args: &[&str]) -> (bool, String) {
    let out = sigillo(profile).args(args).output().unwrap();
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

#[test]
fn filing_packages_hold_the_original_receipts_named_for_filing_with_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("profile");
    trust_root(&profile);
    let completa = notify(
        "Notifica atto di citazione",
        "notifica-1@studio.test",
        &[B, C, X],
        &[D],
        "completa",
        &[B, D],
    );
    let breve = notify(
        "Notifica precetto",
        "notifica-2@studio.test",
        &[B],
        &[],
        "breve",
        &[B],
    );
    let id1 = store(&profile, &completa, 10);
    let id2 = store(&profile, &breve, 20);

    // 1. completa: B delivered, C never, X external, D in copy (sintetica).
    let out1 = dir.path().join("deposito1");
    let (ok, text) = run(
        &profile,
        &[
            "export",
            &id1.to_string(),
            "--filing",
            "--out",
            out1.to_str().unwrap(),
        ],
    );
    assert!(ok, "{text}");
    let files = all_files(&out1);
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        vec![
            "01_ricevuta-accettazione.eml",
            "02_ricevuta-consegna_anna-bianchi_pec-beta-test.eml",
            "02_ricevuta-consegna_dora_pec-beta-test.eml",
            "03_messaggio-notificato.eml",
            "04_riepilogo-notifica.pdf",
        ],
        "{text}"
    );
    for n in &names {
        assert!(filing::is_court_safe(n), "{n}");
        assert!(
            n.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)),
            "{n}"
        );
        assert_eq!(n.matches('.').count(), 1, "{n}: one extension only");
    }
    // Exact bytes: the receipts as the providers signed them, the original as the completa
    // receipt carries it (the provider's postacert).
    assert_eq!(files[0].1, completa.acceptance);
    let b_receipt = &completa.deliveries.iter().find(|(a, _)| a == B).unwrap().1;
    let d_receipt = &completa.deliveries.iter().find(|(a, _)| a == D).unwrap().1;
    assert_eq!(&files[1].1, b_receipt);
    assert_eq!(&files[2].1, d_receipt);
    assert_eq!(files[3].1, completa.tx.postacert);
    for (name, bytes) in &files[..3] {
        let v = sigillo::verify::open(bytes, &support::notification::trust());
        assert_eq!(
            v.verification().status,
            sigillo::verify::Status::Valid,
            "{name}"
        );
    }
    // The warnings: C has no receipt, X is external, D's receipt is sintetica.
    assert!(
        text.contains(&format!("Nessuna ricevuta di consegna per {C}")),
        "{text}"
    );
    assert!(
        text.contains(&format!("{X} è fuori dal circuito PEC")),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "La ricevuta di consegna per {D} è sintetica, non completa"
        )),
        "{text}"
    );
    assert!(!text.contains(&format!("per {B} è")), "{text}");
    assert_eq!(text.matches('⚠').count(), 3, "{text}");
    // The summary names who, when and which file proves it.
    let summary = pdf_text(&out1.join("04_riepilogo-notifica.pdf"));
    let flat = summary.split_whitespace().collect::<Vec<_>>().join(" ");
    for needle in [
        "Notifica a mezzo PEC",
        "Notifica atto di citazione",
        B,
        C,
        X,
        "02_ricevuta-consegna_anna-bianchi_pec-beta-test.eml",
        "01_ricevuta-accettazione.eml",
        "Avvertenze",
    ] {
        assert!(
            flat.contains(needle),
            "{needle} not in the summary:\n{flat}"
        );
    }
    let info = std::process::Command::new("pdfinfo")
        .arg(out1.join("04_riepilogo-notifica.pdf"))
        .output()
        .unwrap();
    let info = String::from_utf8_lossy(&info.stdout).into_owned();
    let pages = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .map(str::trim);
    assert_eq!(pages, Some("1"), "one page: {info}");

    // 2. breve: the receipt is filed and named, with its warning; no completa carries the
    // original, so the sent copy is filed and said not to be vouched for.
    let out2 = dir.path().join("deposito2");
    let (ok, text2) = run(
        &profile,
        &[
            "export",
            &id2.to_string(),
            "--filing",
            "--out",
            out2.to_str().unwrap(),
        ],
    );
    assert!(ok, "{text2}");
    let names2: Vec<String> = all_files(&out2).into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        names2,
        vec![
            "01_ricevuta-accettazione.eml",
            "02_ricevuta-consegna_anna-bianchi_pec-beta-test.eml",
            "03_messaggio-inviato.eml",
            "04_riepilogo-notifica.pdf",
        ]
    );
    assert!(
        text2.contains(&format!("per {B} è breve, non completa")),
        "{text2}"
    );
    assert!(text2.contains("è depositata la copia inviata"), "{text2}");

    // Asked by a receipt's id, the same package; an ordinary message is refused.
    let store_ = Store::open(&profile).unwrap();
    let pkg = filing::build(
        &store_,
        &support::notification::trust(),
        id1 + 1,
        sigillo::i18n::Lang::En,
        chrono::Utc::now(),
    )
    .unwrap();
    assert_eq!(pkg.files.len(), 5);
    assert_eq!(
        pkg.warnings,
        vec![
            filing::FilingWarning::NoDeliveryReceipt {
                recipient: C.into(),
                state: sigillo::pec::timeline::RecipientState::Accettato,
            },
            filing::FilingWarning::External {
                recipient: X.into()
            },
            filing::FilingWarning::NotCompleta {
                recipient: D.into(),
                receipt: sigillo::pec::ReceiptType::Sintetica,
            },
        ]
    );
    // Both exports are in the register.
    let exported = store_
        .register_entries()
        .unwrap()
        .into_iter()
        .filter(|e| e.event == "exported")
        .count();
    assert_eq!(exported, 2);
    drop(store_);

    // Without the test root, nothing proves anything and every receipt filed says so.
    let untrusted = filing::build(
        &Store::open(&profile).unwrap(),
        &sigillo::verify::TrustList::builtin(),
        id1,
        sigillo::i18n::Lang::It,
        chrono::Utc::now(),
    )
    .unwrap();
    let not_proven = untrusted
        .warnings
        .iter()
        .filter(|w| matches!(w, filing::FilingWarning::NotProven { .. }))
        .count();
    assert_eq!(not_proven, 3, "{:?}", untrusted.warnings);
    assert!(
        untrusted
            .warnings
            .contains(&filing::FilingWarning::OriginalFromSentCopy),
        "an unproven completa receipt does not vouch for the original"
    );
}
