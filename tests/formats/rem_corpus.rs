//! The REM example set of AgID's working group (Policy-IT 1.2), read from the corpus (never
//! copied into the project): every message's kind, event and reason; `valid` with the test
//! chain as a REM trust point, `untrusted` without it and with it given as a PEC trust point;
//! byte flips never valid; the standalone evidences checked as XAdES; the Intra-REM flow
//! imported in shuffled order into one timeline with each recipient's own state.

use crate::support;

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;
use sigillo::pec::PecKind;
use sigillo::verify::{self, Status, TrustList, TrustPurpose};
use support::cli::sigillo_c_locale as sigillo;
use support::corpus::{rem_evidences, rem_messages, rem_or_announce};

/// The reason each Policy-IT code stands for (REM Policy-IT 1.2 §2.7 and the evidences'
/// `Details`), written here from the standard's tables, not read from the messages.
const REASONS: &[(&str, &str)] = &[
    ("RA01", "MessageAccepted"),
    ("RA02", "InvalidMessageFormat"),
    ("RA03", "MalwareFound"),
    ("RA05", "S_ERDS_PolicyViolation"),
    ("RA51", "S_ERDS_Malfunction"),
    ("RB01", "S_ERDS_MessageSuccessfullyRelayed"),
    ("RB02", "R_ERDS_MessageRejected"),
    ("RB03", "R_ERDS_MessageRejectedForMalware"),
    ("RB04", "R_ERDS_MessageRejectedForInvalidSignature"),
    ("RB05", "R_ERDS_MessageRejectedForInvalidCertificate"),
    ("RB06", "R_ERDS_PolicyViolation"),
    ("RB07", "R_ERDS_Malfunction"),
    ("RB08", "R_ERDS_NotIdentified"),
    ("RB09", "R_ERDS_Unreachable"),
    ("RB10", "UnknownRecipient"),
    ("RB21", "MessageNotAcceptedForUnregisteredRecipient"),
    ("RB22", "S_ERDSP_ReceivedNoRelayAcceptanceInfoFromR_ERDSP"),
    ("RD01", "MessageConsignedToRecipient"),
    ("RD03", "S_ERDSP_ReceivedNoDeliveryInfoFromR_ERDSP"),
    ("RD04", "MessageNotConsignedForQuota"),
    ("RD05", "MessageNotConsignedForMalfunction"),
    ("RD06", "MessageNotConsignedForUnallowedType"),
    ("RD21", "MessageNotConsignedForUnregisteredRecipient"),
    ("RF01", "MessageRelayedToNonERDS"),
    ("RF02", "ExternalSystemUnreachable"),
    ("RF03", "MessageRejectedByExternalSystem"),
    ("RF04", "MessageReceivedFromNonERDS"),
    ("RF51", "RelayToNonERDSNotAllowed"),
];

/// What a file name says: `REM_<Event><n>.<code>.eml` → (event, kind, reason).
fn expected(path: &Path) -> (&'static str, PecKind, &'static str) {
    let name = path.file_name().unwrap().to_str().unwrap();
    let (stem, code) = {
        let mut parts = name.trim_end_matches(".eml").split('.');
        (parts.next().unwrap(), parts.next().unwrap())
    };
    let event = stem
        .trim_start_matches("REM_")
        .trim_end_matches(|c: char| c.is_ascii_digit());
    let (event, kind) = match event {
        "Dispatch" | "DispatchExt" => ("SubmissionAcceptance", PecKind::PostaCertificata),
        "EXTERNAL" => ("ReceivedFromNonERDS", PecKind::Anomalia),
        "SubmissionAcceptance" | "SubmissionAcceptanceExt" => {
            ("SubmissionAcceptance", PecKind::Accettazione)
        }
        "SubmissionRejection" => ("SubmissionRejection", PecKind::NonAccettazione),
        "RelayAcceptance" => ("RelayAcceptance", PecKind::PresaInCarico),
        "RelayToNonERDS" => ("RelayToNonERDS", PecKind::PresaInCarico),
        "ContentConsignment" => ("ContentConsignment", PecKind::AvvenutaConsegna),
        "RelayRejection" => ("RelayRejection", PecKind::ErroreConsegna),
        "RelayFailure" => ("RelayFailure", PecKind::ErroreConsegna),
        "ContentConsignmentFailure" => ("ContentConsignmentFailure", PecKind::ErroreConsegna),
        "RelayToNonERDSFailure" => ("RelayToNonERDSFailure", PecKind::ErroreConsegna),
        other => panic!("unexpected REM file {other}"),
    };
    let reason = REASONS
        .iter()
        .find(|(c, _)| *c == code)
        .unwrap_or_else(|| panic!("no reason for {code}"))
        .1;
    (event, kind, reason)
}

fn rem_trust(root: &Path) -> TrustList {
    let mut t = TrustList::empty();
    t.add_extra_for(
        verify::trust::parse_certificates(
            &std::fs::read(root.join("certificates/REM-ROOT-CA.crt")).unwrap(),
        ),
        TrustPurpose::Rem,
    );
    t
}

fn pec_trust_with_rem_root(root: &Path) -> TrustList {
    let mut t = TrustList::builtin();
    t.add_extra(verify::trust::parse_certificates(
        &std::fs::read(root.join("certificates/REM-ROOT-CA.crt")).unwrap(),
    ));
    t
}

#[test]
fn every_rem_message_has_its_kind_event_and_reason_and_verifies_only_with_a_rem_trust_point() {
    let Some(root) = rem_or_announce("REM corpus: kinds, events, reasons, trust") else {
        return;
    };
    let files = rem_messages(&root);
    assert!(files.len() >= 43, "only {} REM messages", files.len());
    let with = rem_trust(&root);
    let pec_only = pec_trust_with_rem_root(&root);
    for path in &files {
        let raw = std::fs::read(path).unwrap();
        let (event, kind, reason) = expected(path);
        let name = path.display();
        let certified = verify::open(&raw, &with);
        let (v, c) = certified.content();
        assert_eq!(c.kind, kind, "{name}");
        assert_eq!(c.format().as_str(), "rem", "{name}");
        let rem = c.rem.as_ref().expect("rem");
        assert_eq!(rem.event_name().as_deref(), Some(event), "{name}");
        assert_eq!(rem.reason_name().as_deref(), Some(reason), "{name}");
        assert_eq!(v.status, Status::Valid, "{name}: {:?}", v.reason);
        // Read from the signed content: the evidence's event is the one the header names.
        assert!(rem.evidence_bytes.as_ref().is_some_and(|b| !b.is_empty()));
        if kind == PecKind::PostaCertificata || kind == PecKind::Anomalia {
            assert_eq!(
                rem.digest,
                sigillo::pec::rem::DigestCheck::Matches,
                "{name}: the attached original matches the certified digest"
            );
        }
        // Without a trust point, and with the REM root trusted only for PEC: untrusted.
        let none = verify::open(&raw, &TrustList::empty());
        assert_eq!(none.verification().status, Status::Untrusted, "{name}");
        let pec = verify::open(&raw, &pec_only);
        assert_eq!(
            pec.verification().status,
            Status::Untrusted,
            "{name}: a PEC trust point must not vouch for a REM provider"
        );
    }
}

#[test]
fn every_reason_of_the_set_has_words_in_italian_and_english() {
    for (_, reason) in REASONS {
        for lang in [sigillo::i18n::Lang::It, sigillo::i18n::Lang::En] {
            let text = sigillo::i18n::rem_reason_text(lang, reason);
            assert_ne!(&text, reason, "{reason} has no words in {lang:?}");
            assert!(text.len() > 10);
        }
        assert_ne!(
            sigillo::i18n::rem_reason_text(sigillo::i18n::Lang::It, reason),
            sigillo::i18n::rem_reason_text(sigillo::i18n::Lang::En, reason)
        );
    }
}

/// Flips bytes of the signed content (every `stride`-th, and every byte of the attached
/// original when there is one) and of the signature's base64: none of them may stay valid.
#[test]
fn flipped_bytes_of_signed_rem_messages_are_never_valid() {
    let Some(root) = rem_or_announce("REM corpus: byte flips") else {
        return;
    };
    let trust = rem_trust(&root);
    for rel in [
        "Intra-REM-flow/REM_Dispatch.RA01.eml",
        "Intra-REM-flow/REM_ContentConsignment2.RD01.eml",
        "Outflow/REM_RelayToNonERDSFailure.RF02.eml",
        "Inflow/REM_EXTERNAL.RF04.eml",
    ] {
        let raw = std::fs::read(root.join(rel)).unwrap();
        assert_eq!(
            verify::open(&raw, &trust).verification().status,
            Status::Valid
        );
        let (content, sig_chars) = support::flips::covered_ranges(&raw);
        let mut positions: Vec<usize> = content.clone().step_by(53).collect();
        // Every byte of the attached original (of the intra-REM dispatch: the flips cost time).
        if rel.contains("REM_Dispatch")
            && let Some(start) = find(&raw, b"REM-Section-Type: rem_message/original")
        {
            let body = find(&raw[start..], b"\r\n\r\n").unwrap() + start + 4;
            let end = find(&raw[body..], b"\r\n------=_Part").unwrap() + body;
            positions.extend(body..end);
        }
        let mut flipped = 0;
        for i in positions {
            let mut bad = raw.clone();
            bad[i] ^= 0x01;
            let status = verify::open(&bad, &trust).verification().status;
            assert_ne!(
                status,
                Status::Valid,
                "{rel}: byte {i} flipped is still valid"
            );
            flipped += 1;
        }
        for &i in sig_chars.iter().step_by(11) {
            let mut bad = raw.clone();
            bad[i] = support::flips::base64_neighbour(bad[i]);
            let status = verify::open(&bad, &trust).verification().status;
            assert_ne!(status, Status::Valid, "{rel}: signature byte {i} flipped");
            flipped += 1;
        }
        assert!(flipped > 300, "{rel}: only {flipped} flips");
    }
}

#[test]
fn an_altered_digest_header_or_original_is_tampered() {
    let Some(root) = rem_or_announce("REM corpus: digest of the original") else {
        return;
    };
    let trust = rem_trust(&root);
    let raw = std::fs::read(root.join("Intra-REM-flow/REM_Dispatch.RA01.eml")).unwrap();
    // The unsigned REM-DigestValue header, changed: the signature holds, the message does not.
    let text = String::from_utf8(raw.clone()).unwrap();
    let header = text.replacen("REM-DigestValue: ePggZQ9/", "REM-DigestValue: fPggZQ9/", 1);
    assert_ne!(header, text);
    let v = verify::open(header.as_bytes(), &trust);
    assert_eq!(v.verification().status, Status::Tampered);
    assert!(
        v.verification()
            .reason
            .as_deref()
            .unwrap()
            .contains("REM-DigestValue")
    );
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[test]
fn standalone_evidences_verify_as_xades_and_a_flipped_byte_does_not() {
    let Some(root) = rem_or_announce("REM corpus: standalone evidence") else {
        return;
    };
    let trust = rem_trust(&root);
    let files = rem_evidences(&root);
    assert!(files.len() >= 40, "only {} evidences", files.len());
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let checked = sigillo::verify::xades::verify(&bytes, &trust);
        assert_eq!(
            checked.verification.status,
            Status::Valid,
            "{}: {:?}",
            path.display(),
            checked.verification.reason
        );
        assert!(checked.evidence.event().is_some(), "{}", path.display());
        let untrusted = sigillo::verify::xades::verify(&bytes, &TrustList::empty());
        assert_eq!(untrusted.verification.status, Status::Untrusted);
        // A PEC trust point does not vouch for evidence either.
        let pec = sigillo::verify::xades::verify(&bytes, &pec_trust_with_rem_root(&root));
        assert_eq!(pec.verification.status, Status::Untrusted);
    }
    // Flips in what the signature covers: the evidence itself, SignedInfo, the signed
    // properties and the signature value. (Unsigned properties, where the XAdES-T time-stamp
    // sits, are outside the signature by design, and the time-stamp is not checked.)
    let path = root.join("standalone-evidence/RelayFailure.RB10.xml");
    let bytes = std::fs::read(&path).unwrap();
    let sig = find(&bytes, b"<ds:Signature ").unwrap();
    let unsigned = find(&bytes, b"<xades:UnsignedProperties").unwrap();
    // The root's start tag declares namespaces only attribute values use (`elp:`, `enp:` in
    // `xsi:type`): exclusive canonicalisation leaves such declarations out of what is signed,
    // and nothing Sigillo reads depends on them. Flips start after that tag; the namespace the
    // elements themselves use is checked on its own below.
    let root_end = find(&bytes, b"<tns:Evidence").unwrap();
    let root_end = find(&bytes[root_end..], b">").unwrap() + root_end + 1;
    let mut flipped = 0;
    let positions = (root_end..sig)
        .step_by(11)
        // SignedInfo and the signature value (the Id attributes of the Signature and
        // SignatureValue elements are not signed: they only name them).
        .chain(
            (find(&bytes, b"<ds:SignedInfo").unwrap()
                ..find(&bytes, b"<ds:SignatureValue").unwrap())
                .step_by(13),
        )
        .chain({
            let open = find(&bytes, b"<ds:SignatureValue").unwrap();
            let start = find(&bytes[open..], b">").unwrap() + open + 1;
            (start..find(&bytes, b"</ds:SignatureValue>").unwrap()).step_by(3)
        })
        .chain((find(&bytes, b"<xades:SignedProperties").unwrap()..unsigned).step_by(17));
    for i in positions {
        let mut bad = bytes.clone();
        bad[i] ^= 0x01;
        let status = sigillo::verify::xades::verify(&bad, &trust)
            .verification
            .status;
        assert_ne!(status, Status::Valid, "byte {i} flipped is still valid");
        flipped += 1;
    }
    assert!(flipped > 600, "only {flipped} flips");
    // One plain edit of a field: tampered, not just unreadable.
    let text = String::from_utf8(bytes).unwrap();
    let other_ns = text.replacen(
        "xmlns:tns=\"http://uri.etsi.org/19522/v1#\"",
        "xmlns:tns=\"http://uri.etsi.org/19522/v2#\"",
        1,
    );
    assert_ne!(other_ns, text);
    assert_ne!(
        sigillo::verify::xades::verify(other_ns.as_bytes(), &trust)
            .verification
            .status,
        Status::Valid
    );
    let edited = text.replacen("<Details>RB10</Details>", "<Details>RB01</Details>", 1);
    assert_ne!(edited, text);
    let v = sigillo::verify::xades::verify(edited.as_bytes(), &trust).verification;
    assert_eq!(v.status, Status::Tampered);
}

fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A deterministic shuffle (xorshift), so a failure can be replayed.
fn shuffled(mut files: Vec<PathBuf>, seed: u64) -> Vec<PathBuf> {
    let mut x = seed | 1;
    for i in (1..files.len()).rev() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        files.swap(i, (x % (i as u64 + 1)) as usize);
    }
    files
}

/// Imports `files` one by one, in this order, into a new profile that trusts the test chain
/// for REM; returns the timelines.
fn timelines_of(root: &Path, files: &[PathBuf]) -> Vec<Value> {
    let dir = tempfile::tempdir().unwrap();
    timelines_in(&dir.path().join("p"), root, files)
}

fn timelines_in(profile: &Path, root: &Path, files: &[PathBuf]) -> Vec<Value> {
    let profile = profile.to_owned();
    ok(sigillo(&profile)
        .args(["trust", "add", "--rem"])
        .arg(root.join("certificates/REM-ROOT-CA.crt"))
        .output()
        .unwrap());
    for f in files {
        ok(sigillo(&profile).arg("import").arg(f).output().unwrap());
    }
    let out = ok(sigillo(&profile)
        .args(["timeline", "--json"])
        .output()
        .unwrap());
    let v: Value = serde_json::from_str(&out).unwrap();
    v.as_array().cloned().unwrap_or_else(|| vec![v])
}

fn row<'a>(t: &'a Value, address: &str) -> &'a Value {
    t["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["address"] == address)
        .unwrap_or_else(|| panic!("no row for {address}: {t:#}"))
}

#[test]
fn the_intra_rem_flow_imported_shuffled_is_one_timeline_with_each_recipients_state() {
    let Some(root) = rem_or_announce("REM corpus: Intra-REM timeline") else {
        return;
    };
    let flow = |names: &[&str]| -> Vec<PathBuf> {
        names
            .iter()
            .map(|n| root.join("Intra-REM-flow").join(n))
            .collect()
    };
    let (c, d) = (
        "recc@r2-rems-only-for-test.it",
        "recd@r2-rems-only-for-test.it",
    );

    // A dispatch relayed and accepted for one recipient, refused for the other.
    let split = flow(&[
        "REM_SubmissionAcceptance.RA01.eml",
        "REM_RelayAcceptance.RB01.eml",
        "REM_ContentConsignment1.RD01.eml",
        "REM_ContentConsignmentFailure2.RD04.eml",
    ]);
    for seed in [3, 11, 29] {
        let tls = timelines_of(&root, &shuffled(split.clone(), seed));
        assert_eq!(tls.len(), 1, "one timeline: {tls:#?}");
        let t = &tls[0];
        assert_eq!(t["acceptance"]["state"], "accettato");
        assert_eq!(row(t, c)["state"], "consegnato", "{t:#}");
        assert_eq!(row(t, d)["state"], "errore-consegna", "{t:#}");
        assert_eq!(row(t, d)["reason"], "MessageNotConsignedForQuota");
        // Each delivery outcome is the recipient's own: one receipt decides each row.
        assert_eq!(row(t, c)["proof"].as_array().unwrap().len(), 1);
        assert_eq!(row(t, d)["proof"].as_array().unwrap().len(), 1);
        assert_ne!(row(t, c)["proof"], row(t, d)["proof"]);
    }

    // The rejection by the recipient's provider reaches both recipients it refers to.
    let refused = flow(&[
        "REM_SubmissionAcceptance.RA01.eml",
        "REM_RelayRejection.RB03.eml",
    ]);
    let t = &timelines_of(&root, &shuffled(refused, 5))[0];
    for r in [c, d] {
        assert_eq!(row(t, r)["state"], "virus", "{t:#}");
        assert_eq!(row(t, r)["reason"], "R_ERDS_MessageRejectedForMalware");
    }

    // A submission refused by the sender's provider, with its reason.
    let t = &timelines_of(&root, &flow(&["REM_SubmissionRejection.RA05.eml"]))[0];
    assert_eq!(t["acceptance"]["state"], "non-accettato");
    assert_eq!(t["acceptance"]["reason"], "S_ERDS_PolicyViolation");

    // The whole flow, shuffled: one timeline; each recipient delivered by its own receipt.
    let all: Vec<PathBuf> = rem_messages(&root)
        .into_iter()
        .filter(|p| p.parent().unwrap().ends_with("Intra-REM-flow"))
        .collect();
    let tls = timelines_of(&root, &shuffled(all, 17));
    assert_eq!(tls.len(), 1, "{tls:#?}");
    let t = &tls[0];
    assert_eq!(t["acceptance"]["state"], "accettato");
    for r in [c, d] {
        assert_eq!(row(t, r)["state"], "consegnato", "{t:#}");
        assert_eq!(row(t, r)["certified"], true);
        // The failures are listed beside the recipient they refer to.
        assert!(row(t, r)["receipts"].as_array().unwrap().len() > 10);
    }
}

#[test]
fn the_outflow_ends_outside_rem_for_one_recipient_and_failed_for_the_other() {
    let Some(root) = rem_or_announce("REM corpus: Outflow timeline") else {
        return;
    };
    let files: Vec<PathBuf> = [
        "REM_SubmissionAcceptanceExt.RA01.eml",
        "REM_RelayToNonERDS.RF01.eml",
        "REM_RelayToNonERDSFailure.RF02.eml",
    ]
    .iter()
    .map(|n| root.join("Outflow").join(n))
    .collect();
    let t = &timelines_of(&root, &shuffled(files, 7))[0];
    let one = row(t, "recipient1@r-external-nonrems1-only-for-test.it");
    let two = row(t, "recipient2@r-external-nonrems2-only-for-test.it");
    assert_eq!(one["state"], "esterno", "{t:#}");
    assert_eq!(one["certified"], false);
    assert_eq!(two["state"], "errore-consegna", "{t:#}");
    assert_eq!(two["reason"], "ExternalSystemUnreachable");
}

#[test]
fn inspect_json_names_the_format_and_the_rem_fields() {
    let Some(root) = rem_or_announce("REM corpus: inspect --json") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = ok(sigillo(&dir.path().join("p"))
        .args(["inspect", "--json"])
        .arg(root.join("Intra-REM-flow/REM_ContentConsignment2.RD01.eml"))
        .output()
        .unwrap());
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["format"], "rem");
    assert_eq!(v["kind"], "avvenuta-consegna");
    let rem = &v["rem"];
    assert_eq!(rem["event"], "ContentConsignment");
    assert_eq!(rem["reason"], "MessageConsignedToRecipient");
    assert_eq!(rem["message_type"], "receipt");
    assert_eq!(rem["ua_message_id"], "<30be01d30072$242ddc3f$f9b72bf0$@it>");
    assert_eq!(
        rem["evidence_id"],
        "76A0CF65.00566CE0.242DDC3F.03B4A2C2.rem-service@r2-rems-only-for-test.it"
    );
    assert_eq!(
        rem["refers_to"],
        serde_json::json!(["recD@r2-rems-only-for-test.it"])
    );
    assert_eq!(
        rem["sender"]["address"],
        "sender@sender-own-domain-only-for-test.it"
    );
    assert_eq!(
        rem["sender"]["assurance_level"],
        "http://eidas.europa.eu/LoA/substantial"
    );
    assert_eq!(rem["provider"]["name"], "R-REMS-2 provider");
    assert_eq!(rem["event_time"], "2022-08-03T14:22:14Z");
    assert_eq!(rem["submission_time"], "2022-08-03T14:22:11Z");
    assert_eq!(
        rem["original_digest"]["value"],
        "ePggZQ9/Uwbe6ui/mqn+moZJcfkdFVIluG1B4a3ov9k="
    );
    assert!(
        rem["policies"]
            .as_array()
            .unwrap()
            .contains(&Value::from("http://uri.etsi.org/19532/v1#/REMbaseline"))
    );
    // A PEC message says pec and has no rem object.
    let pec = support::exchange::Exchange::new(5, &[("a@pec.it", true)]);
    let file = dir.path().join("pec.eml");
    std::fs::write(&file, pec.sent()).unwrap();
    let v: Value = serde_json::from_str(&ok(sigillo(&dir.path().join("p"))
        .args(["inspect", "--json"])
        .arg(&file)
        .output()
        .unwrap()))
    .unwrap();
    assert_eq!(v["format"], "pec");
    assert!(v["rem"].is_null());
}

#[test]
fn a_rem_timeline_exports_to_a_dossier_that_verify_dossier_accepts() {
    let Some(root) = rem_or_announce("REM corpus: export and verify-dossier") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("p");
    let files: Vec<PathBuf> = [
        "REM_SubmissionAcceptance.RA01.eml",
        "REM_RelayAcceptance.RB01.eml",
        "REM_ContentConsignment1.RD01.eml",
        "REM_ContentConsignmentFailure2.RD04.eml",
    ]
    .iter()
    .map(|n| root.join("Intra-REM-flow").join(n))
    .collect();
    let tls = timelines_in(&profile, &root, &files);
    let receipt = tls[0]["acceptance"]["receipt"]
        .as_i64()
        .unwrap()
        .to_string();
    // Search finds REM messages by format, event and reason.
    let found = |q: &str| -> usize {
        let out = ok(sigillo(&profile)
            .args(["search", "--json", q])
            .output()
            .unwrap());
        serde_json::from_str::<Value>(&out)
            .unwrap()
            .as_array()
            .map(Vec::len)
            .unwrap_or(0)
    };
    assert_eq!(found("REM"), files.len());
    assert_eq!(found("ContentConsignmentFailure"), 1);
    assert_eq!(found("MessageConsignedToRecipient"), 1);
    assert_eq!(found("MessageNotConsignedForQuota"), 1);
    assert_eq!(found("RelayAcceptance"), 1);
    let out = dir.path().join("fascicolo");
    ok(sigillo(&profile)
        .args(["--lang", "en", "export", &receipt, "--out"])
        .arg(&out)
        .output()
        .unwrap());
    let all = support::dossier::all_files(&out);
    // Each REM message byte-exact, and its evidence beside it, byte-exact.
    for f in &files {
        let raw = std::fs::read(f).unwrap();
        assert!(
            all.iter().any(|(n, b)| n.ends_with(".eml") && *b == raw),
            "{} not in the dossier byte-exact",
            f.display()
        );
    }
    let evidences: Vec<&(String, Vec<u8>)> = all
        .iter()
        .filter(|(n, _)| n.ends_with(".evidence.xml"))
        .collect();
    assert_eq!(
        evidences.len(),
        files.len(),
        "{:?}",
        all.iter().map(|x| &x.0).collect::<Vec<_>>()
    );
    let standalone =
        std::fs::read(root.join("standalone-evidence/ContentConsignmentt1.RD01.xml")).unwrap();
    assert!(evidences.iter().any(|(_, b)| *b == standalone));
    // The report names the events and the reasons.
    let pdf = all
        .iter()
        .find(|(n, _)| n.ends_with(".pdf"))
        .map(|(n, _)| out.join(n))
        .unwrap();
    let text = support::dossier::pdf_text(&pdf);
    for word in [
        "ContentConsignment",
        "RelayAcceptance",
        "MessageNotConsignedForQuota",
        "recipient's mailbox is full",
    ] {
        assert!(text.contains(word), "the report does not name {word}");
    }
    // verify-dossier: holds with the REM trust point, fails without it, fails on a changed
    // evidence file.
    ok(sigillo(&profile)
        .args(["verify-dossier"])
        .arg(&out)
        .output()
        .unwrap());
    let fresh = dir.path().join("other");
    let without = sigillo(&fresh)
        .args(["verify-dossier"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(
        without.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&without.stdout)
    );
    let with_flag = sigillo(&fresh)
        .args(["verify-dossier", "--trust-rem"])
        .arg(root.join("certificates/REM-ROOT-CA.crt"))
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        with_flag.status.success(),
        "{}",
        String::from_utf8_lossy(&with_flag.stdout)
    );
    let ev = out.join(&evidences[0].0);
    support::dossier::flip_byte(&ev);
    let flipped = sigillo(&profile)
        .args(["verify-dossier"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(flipped.status.code(), Some(1));
}
