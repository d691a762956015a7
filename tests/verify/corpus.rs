//! The provider-signature check on every real corpus message, against the outcome recorded in
//! the corpus notes (SOURCES.md), and byte flips that must never come out `valid`.

use crate::support;

use std::path::Path;

use sigillo::verify::{self, Status, TrustList};
use support::corpus;
use support::flips::{base64_neighbour, covered_ranges};

/// Expected outcome per file, read from the summary table of SOURCES.md: integrity OK → valid
/// (with the real chain at signing time), a digest failure → tampered, no signature part or
/// no multipart/signed at all → unsigned.
fn expectations(root: &Path) -> Vec<(String, Status)> {
    let text = std::fs::read_to_string(root.join("real/SOURCES.md")).expect("SOURCES.md");
    let mut out = Vec::new();
    for line in text.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if cells.len() < 8 || !cells[1].starts_with('`') || !cells[1].ends_with(".eml`") {
            continue;
        }
        let file = cells[1].trim_matches('`').to_owned();
        let integrity = cells[6];
        let status = if integrity == "OK" {
            Status::Valid
        } else if integrity.contains("digest failure") {
            Status::Tampered
        } else if integrity.contains("no multipart body") || integrity.contains("invalid mime type")
        {
            Status::Unsigned
        } else {
            panic!("{file}: no rule for integrity '{integrity}'");
        };
        out.push((file, status));
    }
    out
}

#[test]
fn every_real_message_gets_the_outcome_the_corpus_notes_record() {
    let Some(root) = corpus::corpus_or_announce("signature checks over the real corpus") else {
        return;
    };
    let expected = expectations(&root);
    let files = corpus::real_messages(&root);
    assert!(!files.is_empty());
    let trust = TrustList::builtin();
    let mut checked = 0;
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let want = expected
            .iter()
            .find(|(f, _)| *f == name)
            .map(|(_, s)| *s)
            .unwrap_or_else(|| panic!("{name} is not in SOURCES.md"));
        let raw = std::fs::read(path).unwrap();
        for variant in [raw.clone(), corpus::flip_line_endings(&raw)] {
            let m = verify::open(&variant, &trust);
            let v = m.verification();
            assert_eq!(v.status, want, "{name}: {:?}", v.reason);
            if want == Status::Valid {
                // The path ends at the PEC trust point: a built-in AgID CA1 issuance.
                let chain = &v.chain;
                assert_eq!(chain.len(), 2, "{name}: chain {chain:?}");
                assert_eq!(chain[1].common_name.as_deref(), Some("AgID CA1"), "{name}");
                assert!(
                    trust
                        .anchors()
                        .iter()
                        .any(|a| a.fingerprint == chain[1].sha256),
                    "{name}: {chain:?}"
                );
                assert_eq!(
                    v.signing_time_source,
                    Some(verify::TimeSource::SigningTime),
                    "{name}"
                );
                let signer = v.signer.as_ref().unwrap();
                assert!(
                    signer
                        .emails
                        .iter()
                        .any(|e| e.starts_with("posta-certificata@")),
                    "{name}: {signer:?}"
                );
                // Every provider certificate in the corpus has expired since: still valid.
                assert!(
                    v.notes
                        .iter()
                        .any(|n| matches!(n, verify::Note::ExpiredSinceSigning { .. }))
                        || signer.not_after.unwrap() > chrono::Utc::now(),
                    "{name}"
                );
                assert!(
                    !v.notes.iter().any(|n| matches!(
                        n,
                        verify::Note::ProviderMismatch { .. } | verify::Note::SenderMismatch { .. }
                    )),
                    "{name}: {:?}",
                    v.notes
                );
            }
            checked += 1;
        }
    }
    assert_eq!(checked, files.len() * 2);
}

#[test]
fn without_the_anchor_real_messages_are_untrusted_and_with_only_it_they_are_valid() {
    let Some(root) = corpus::corpus_or_announce("trust-anchor checks over the real corpus") else {
        return;
    };
    let raw = std::fs::read(root.join("real/aruba-accettazione-2018.eml")).unwrap();
    let v = verify::open(&raw, &TrustList::empty());
    assert_eq!(v.verification().status, Status::Untrusted);

    // The AgID CA1 issuance the message carries, as the only trust point: valid.
    let mut only_agid = TrustList::empty();
    only_agid.add_extra(verify::trust::parse_certificates(
        &std::fs::read(root.join("trust/intermediates/agid-ca1-20180711.pem")).unwrap(),
    ));
    assert_eq!(
        verify::open(&raw, &only_agid).verification().status,
        Status::Valid
    );
    // Another issuance that is not yet valid when the message was signed (2018): not valid.
    let mut later = TrustList::empty();
    later.add_extra(verify::trust::parse_certificates(
        &std::fs::read(root.join("trust/intermediates/agid-ca1-20210921.pem")).unwrap(),
    ));
    assert_ne!(
        verify::open(&raw, &later).verification().status,
        Status::Valid
    );

    // Checked at today's date instead of the signing time, the 2017 certificate is expired:
    // the verifier must not do that. Signing time 2018 → valid; a forged time is not possible
    // because signingTime is a signed attribute.
    let v = verify::open(&raw, &TrustList::builtin());
    assert_eq!(
        v.verification().signing_time.unwrap().to_rfc3339(),
        "2018-11-13T15:39:26+00:00"
    );
}

#[test]
fn flipped_bytes_of_signed_real_messages_are_never_valid() {
    let Some(root) = corpus::corpus_or_announce("byte-flip checks over the real corpus") else {
        return;
    };
    let trust = TrustList::builtin();
    let mut tried = 0usize;
    for (name, status) in expectations(&root) {
        if status != Status::Valid {
            continue;
        }
        let raw = std::fs::read(root.join("real").join(&name)).unwrap();
        assert_eq!(
            verify::open(&raw, &trust).verification().status,
            Status::Valid
        );
        let (content, sig) = covered_ranges(&raw);
        // Dense for small messages, sparser for the megabyte ones (each check re-reads it all).
        let (n_content, n_sig) = if raw.len() > 1 << 20 {
            (40, 30)
        } else {
            (250, 120)
        };
        let step = (content.len() / n_content).max(1);
        let mut positions: Vec<usize> = content.clone().step_by(step).collect();
        // Always the first and last bytes of the signed part (headers and the final line).
        positions.extend([content.start, content.start + 1, content.end - 1]);
        for &i in &positions {
            let mut m = raw.clone();
            m[i] ^= 0x01;
            let s = verify::open(&m, &trust).verification().status;
            assert_ne!(s, Status::Valid, "{name}: flipping byte {i} kept it valid");
            tried += 1;
        }
        let sig_step = (sig.len() / n_sig).max(1);
        for &i in sig.iter().step_by(sig_step) {
            let mut m = raw.clone();
            m[i] = base64_neighbour(m[i]);
            let s = verify::open(&m, &trust).verification().status;
            assert_ne!(
                s,
                Status::Valid,
                "{name}: changing signature byte {i} kept it valid"
            );
            tried += 1;
        }
    }
    assert!(tried > 1000, "only {tried} flips tried");
    eprintln!("byte flips tried on real messages: {tried}, none valid");
}
