//! The signature check on messages signed for real (OpenSSL, throw-away CAs made at test time)
//! by the local test provider: trusted, untrusted, expired at signing time, expired since,
//! outside the intermediate's name constraints, revoked (offline CRL), opaque signing, and byte
//! flips.

use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

use chrono::{DateTime, Duration, FixedOffset, TimeZone, Utc};
use sigillo::verify::{self, Note, Status, TimeSource, TrustList};
use sigillo_test_provider::message::{Gestore, Original, Style, Transaction};
use sigillo_test_provider::pki::{ProviderSpec, TestPki};

use crate::support;
use support::flips::{base64_neighbour, covered_ranges};

const ALFA: &str = "pec.alfa.test";
const BETA: &str = "pec.beta.test";

fn pki() -> &'static TestPki {
    static P: OnceLock<TestPki> = OnceLock::new();
    P.get_or_init(|| {
        TestPki::generate(&[
            ProviderSpec::new(ALFA, "Gestore Alfa S.p.A."),
            ProviderSpec::new(BETA, "Gestore Beta S.r.l."),
        ])
        .expect("test PKI")
    })
}

fn test_trust() -> TrustList {
    let mut t = TrustList::empty();
    t.add_extra(vec![pki().root().cert.clone()]);
    t
}

fn original() -> Original {
    Original::parse(
        format!(
            "From: Mario Rossi <mario.rossi@{ALFA}>\r\nTo: anna.bianchi@{BETA}, luca@esterno.test\r\n\
Subject: Diffida ad adempiere\r\nDate: Mon, 3 Mar 2025 10:00:00 +0100\r\n\
Message-ID: <client-7@studio.test>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
Con la presente si diffida.\r\n"
        )
        .as_bytes(),
    )
    .expect("original")
}

fn italian(t: DateTime<Utc>) -> DateTime<FixedOffset> {
    t.with_timezone(&FixedOffset::east_opt(3600).unwrap())
}

fn transaction(g: &Gestore, at: DateTime<FixedOffset>) -> Transaction {
    g.accept(
        original(),
        &format!("mario.rossi@{ALFA}"),
        "[127.0.0.1]",
        at,
        |a| a.ends_with(ALFA) || a.ends_with(BETA),
    )
}

fn gestore_with(cert: &sigillo_test_provider::pki::ProviderCert, style: Style) -> Gestore {
    Gestore::new(ALFA, "Gestore Alfa S.p.A.", pki().signer_for(cert)).with_style(style)
}

fn alfa(style: Style) -> Gestore {
    Gestore::new(ALFA, "Gestore Alfa S.p.A.", pki().signer(ALFA).unwrap()).with_style(style)
}

/// One envelope and its receipts from the normal provider, signed now.
fn normal_messages() -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for (label, style) in [
        ("sha256-x-pkcs7", Style::default()),
        ("sha256-pkcs7", Style::plain_sha256()),
    ] {
        let g = alfa(style);
        let tx = transaction(&g, italian(Utc::now()));
        out.push((format!("envelope {label}"), g.envelope(&tx).unwrap()));
        out.push((
            format!("accettazione {label}"),
            g.accettazione(&tx, italian(Utc::now())).unwrap(),
        ));
    }
    out
}

#[test]
fn provider_messages_are_valid_with_the_test_anchor_and_untrusted_without() {
    for (label, raw) in normal_messages() {
        let m = verify::open(&raw, &test_trust());
        let v = m.verification();
        assert_eq!(v.status, Status::Valid, "{label}: {:?}", v.reason);
        assert_eq!(v.signing_time_source, Some(TimeSource::SigningTime));
        assert_eq!(v.chain.len(), 3, "{label}");
        assert_eq!(
            v.signer.as_ref().unwrap().emails,
            vec![format!("posta-certificata@{ALFA}")]
        );
        assert!(
            !v.notes.iter().any(|n| matches!(
                n,
                Note::ProviderMismatch { .. } | Note::SenderMismatch { .. }
            )),
            "{label}: {:?}",
            v.notes
        );
        assert!(v.notes.contains(&Note::RevocationNotChecked));

        // The real PEC anchor does not vouch for the test provider.
        let v = verify::open(&raw, &TrustList::builtin());
        assert_eq!(v.verification().status, Status::Untrusted, "{label}");
        let v = verify::open(&raw, &TrustList::empty());
        assert_eq!(v.verification().status, Status::Untrusted, "{label}");
    }
}

/// SHA-1 no longer protects a signature against forgery. PEC providers signed with it until
/// at least the end of 2024 (the real corpus), so a SHA-1 signature made before 2025 is valid
/// with a note naming the weakness, and one made today is not valid.
#[test]
fn a_sha1_signature_is_valid_only_when_made_before_2025() {
    let spec = ProviderSpec::new(ALFA, "Gestore Alfa S.p.A.");
    let cert = pki()
        .issue_provider_cert(
            &spec,
            Utc.with_ymd_and_hms(2023, 1, 1, 0, 0, 0).unwrap(),
            Utc::now() + Duration::days(400),
        )
        .unwrap();
    let g = gestore_with(&cert, Style::sha1());

    let today = g.envelope(&transaction(&g, italian(Utc::now()))).unwrap();
    let v = verify::open(&today, &test_trust());
    let v = v.verification();
    assert_eq!(v.status, Status::Untrusted, "{:?}", v.reason);
    assert!(
        v.reason.as_deref().unwrap_or("").contains("SHA-1"),
        "{:?}",
        v.reason
    );

    for (y, m, d) in [(2024, 12, 31), (2023, 6, 1)] {
        let at = Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap();
        let then = g.envelope(&transaction(&g, italian(at))).unwrap();
        let v = verify::open(&then, &test_trust());
        let v = v.verification();
        assert_eq!(v.status, Status::Valid, "{at}: {:?}", v.reason);
        assert!(
            v.notes.contains(&Note::WeakDigest {
                algorithm: "SHA-1".into()
            }),
            "{:?}",
            v.notes
        );
    }
    let at = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 1).unwrap();
    let after = g.envelope(&transaction(&g, italian(at))).unwrap();
    assert_eq!(
        verify::open(&after, &test_trust()).verification().status,
        Status::Untrusted
    );
    // The same envelope made with SHA-256 today is valid, with no such note.
    let g = gestore_with(&cert, Style::plain_sha256());
    let today = g.envelope(&transaction(&g, italian(Utc::now()))).unwrap();
    let v = verify::open(&today, &test_trust());
    assert_eq!(v.verification().status, Status::Valid);
    assert!(
        !v.verification()
            .notes
            .iter()
            .any(|n| matches!(n, Note::WeakDigest { .. }))
    );
}

#[test]
fn a_certificate_outside_its_validity_at_signing_time_is_expired() {
    let spec = ProviderSpec::new(ALFA, "Gestore Alfa S.p.A.");
    let cert = pki()
        .issue_provider_cert(
            &spec,
            Utc.with_ymd_and_hms(2019, 1, 1, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(2021, 1, 1, 0, 0, 0).unwrap(),
        )
        .unwrap();
    let g = gestore_with(&cert, Style::default());

    // Signed in 2022, after the certificate ended: expired.
    let tx = transaction(
        &g,
        italian(Utc.with_ymd_and_hms(2022, 6, 1, 9, 0, 0).unwrap()),
    );
    let v = verify::open(&g.envelope(&tx).unwrap(), &test_trust());
    assert_eq!(
        v.verification().status,
        Status::Expired,
        "{:?}",
        v.verification().reason
    );

    // Signed in 2018, before it started: expired too (not valid at signing time).
    let tx = transaction(
        &g,
        italian(Utc.with_ymd_and_hms(2018, 6, 1, 9, 0, 0).unwrap()),
    );
    let v = verify::open(&g.envelope(&tx).unwrap(), &test_trust());
    assert_eq!(v.verification().status, Status::Expired);
}

#[test]
fn valid_then_expired_now_stays_valid_with_a_note() {
    let spec = ProviderSpec::new(ALFA, "Gestore Alfa S.p.A.");
    let not_after = Utc.with_ymd_and_hms(2021, 1, 1, 0, 0, 0).unwrap();
    let cert = pki()
        .issue_provider_cert(
            &spec,
            Utc.with_ymd_and_hms(2019, 1, 1, 0, 0, 0).unwrap(),
            not_after,
        )
        .unwrap();
    let g = gestore_with(&cert, Style::default());
    let signed_at = Utc.with_ymd_and_hms(2020, 3, 2, 11, 30, 0).unwrap();
    let tx = transaction(&g, italian(signed_at));
    let raw = g.envelope(&tx).unwrap();
    let v = verify::open(&raw, &test_trust());
    let v = v.verification();
    assert_eq!(v.status, Status::Valid, "{:?}", v.reason);
    assert_eq!(v.signing_time, Some(signed_at));
    assert!(v.notes.contains(&Note::ExpiredSinceSigning { not_after }));
}

#[test]
fn a_signer_outside_the_name_constraints_is_not_valid() {
    let rogue = ProviderSpec::new("pec.abusivo.test", "Gestore Alfa S.p.A.");
    let cert = pki().issue_outside_constraints(&rogue).unwrap();
    let g = Gestore::new(
        "pec.abusivo.test",
        "Gestore Alfa S.p.A.",
        pki().signer_for(&cert),
    );
    let tx = g.accept(
        original(),
        &format!("mario.rossi@{ALFA}"),
        "[127.0.0.1]",
        italian(Utc::now()),
        |_| true,
    );
    let v = verify::open(&g.envelope(&tx).unwrap(), &test_trust());
    let v = v.verification();
    assert_eq!(v.status, Status::Untrusted, "{:?}", v.reason);
    assert!(
        v.reason.as_deref().unwrap_or("").contains("subtree"),
        "{:?}",
        v.reason
    );
}

#[test]
fn byte_flips_of_provider_messages_are_never_valid() {
    let trust = test_trust();
    let mut tried = 0;
    for (label, raw) in normal_messages() {
        let (content, sig) = covered_ranges(&raw);
        let step = (content.len() / 450).max(1);
        for i in content
            .clone()
            .step_by(step)
            .chain([content.start, content.end - 1])
        {
            let mut m = raw.clone();
            m[i] ^= 0x01;
            let s = verify::open(&m, &trust).verification().status;
            assert_ne!(s, Status::Valid, "{label}: byte {i} ({:?})", raw[i] as char);
            tried += 1;
        }
        for &i in sig.iter().step_by((sig.len() / 220).max(1)) {
            let mut m = raw.clone();
            m[i] = base64_neighbour(m[i]);
            let s = verify::open(&m, &trust).verification().status;
            assert_ne!(s, Status::Valid, "{label}: signature byte {i}");
            tried += 1;
        }
    }
    assert!(tried > 1000, "{tried}");
}

fn openssl(args: &[&str], dir: &Path) {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("openssl CLI");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A CRL by the test intermediate listing `serial` as revoked at `revoked_at`, made with the real
/// `openssl ca` command.
fn crl_revoking(serial_hex: &str, subject: &str, revoked_at: DateTime<Utc>, dir: &Path) -> Vec<u8> {
    std::fs::write(dir.join("ca.pem"), pki().intermediate().cert_pem()).unwrap();
    std::fs::write(dir.join("ca.key"), pki().intermediate().key_pem()).unwrap();
    let expiry = (Utc::now() + Duration::days(365)).format("%y%m%d%H%M%SZ");
    let revoked = revoked_at.format("%y%m%d%H%M%SZ");
    std::fs::write(
        dir.join("index.txt"),
        format!("R\t{expiry}\t{revoked}\t{serial_hex}\tunknown\t{subject}\n"),
    )
    .unwrap();
    std::fs::write(dir.join("crlnumber"), "01\n").unwrap();
    std::fs::write(
        dir.join("ca.cnf"),
        "[ca]\ndefault_ca = t\n[t]\ndatabase = index.txt\ncrlnumber = crlnumber\ndefault_md = sha256\ndefault_crl_days = 30\n",
    )
    .unwrap();
    openssl(
        &[
            "ca", "-batch", "-config", "ca.cnf", "-gencrl", "-keyfile", "ca.key", "-cert",
            "ca.pem", "-out", "crl.pem",
        ],
        dir,
    );
    std::fs::read(dir.join("crl.pem")).unwrap()
}

#[test]
fn an_offline_crl_revokes_from_its_date() {
    let dir = tempfile::tempdir().unwrap();
    let spec = ProviderSpec::new(ALFA, "Gestore Alfa S.p.A.");
    let cert = pki()
        .issue_provider_cert(
            &spec,
            Utc::now() - Duration::days(400),
            Utc::now() + Duration::days(400),
        )
        .unwrap();
    let serial = cert
        .certified
        .cert
        .serial_number()
        .to_bn()
        .unwrap()
        .to_hex_str()
        .unwrap()
        .to_string();
    let subject = format!("/C=IT/O={0}/CN=Posta Certificata {0}", spec.organisation);
    let g = gestore_with(&cert, Style::plain_sha256());
    let signed_before = transaction(&g, italian(Utc::now() - Duration::days(100)));
    let signed_after = transaction(&g, italian(Utc::now() - Duration::days(2)));
    let crl = crl_revoking(
        &serial,
        &subject,
        Utc::now() - Duration::days(10),
        dir.path(),
    );

    let profile = dir.path().join("profile");
    let crl_file = dir.path().join("crl.pem");
    assert_eq!(crl, std::fs::read(&crl_file).unwrap());
    verify::trust::add(&profile, &crl_file).unwrap();
    let mut trust = TrustList::load(&profile).unwrap();
    trust.add_extra(vec![pki().root().cert.clone()]);
    assert_eq!(trust.crls().len(), 1);

    let after = verify::open(&g.envelope(&signed_after).unwrap(), &trust);
    assert_eq!(after.verification().status, Status::Untrusted);
    assert!(
        after
            .verification()
            .notes
            .iter()
            .any(|n| matches!(n, Note::Revoked { .. }))
    );

    let before = verify::open(&g.envelope(&signed_before).unwrap(), &trust);
    let v = before.verification();
    assert_eq!(
        v.status,
        Status::Valid,
        "signed before the revocation: {:?}",
        v.reason
    );
    assert!(v.notes.iter().any(|n| matches!(n, Note::Revoked { .. })));
    assert!(!v.notes.contains(&Note::RevocationNotChecked));
}

#[test]
fn opaque_pkcs7_mime_signing_is_verified_and_its_content_classified() {
    let dir = tempfile::tempdir().unwrap();
    let g = alfa(Style::default());
    let tx = transaction(&g, italian(Utc::now()));
    let envelope = g.envelope(&tx).unwrap();
    // Take the signed multipart/mixed entity of the envelope and sign it opaquely with the CLI.
    let entity = sigillo_test_provider::message::signed_entity(&envelope)
        .unwrap()
        .to_vec();
    std::fs::write(dir.path().join("content.eml"), &entity).unwrap();
    let signer = pki().signer(ALFA).unwrap();
    std::fs::write(dir.path().join("leaf.pem"), signer.cert.to_pem().unwrap()).unwrap();
    std::fs::write(
        dir.path().join("leaf.key"),
        signer.key.private_key_to_pem_pkcs8().unwrap(),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("chain.pem"),
        pki().intermediate().cert_pem(),
    )
    .unwrap();
    openssl(
        &[
            "cms",
            "-sign",
            "-binary",
            "-nodetach",
            "-in",
            "content.eml",
            "-signer",
            "leaf.pem",
            "-inkey",
            "leaf.key",
            "-certfile",
            "chain.pem",
            "-outform",
            "SMIME",
            "-out",
            "signed.eml",
        ],
        dir.path(),
    );
    let smime = std::fs::read(dir.path().join("signed.eml")).unwrap();
    let mut raw = format!(
        "From: \"Per conto di: mario.rossi@{ALFA}\" <posta-certificata@{ALFA}>\r\nTo: anna.bianchi@{BETA}\r\n\
Subject: POSTA CERTIFICATA: Diffida ad adempiere\r\nX-Trasporto: posta-certificata\r\nMessage-ID: <{}>\r\n",
        tx.identificativo
    )
    .into_bytes();
    raw.extend_from_slice(&smime);
    let m = verify::open(&raw, &test_trust());
    let (v, c) = m.content();
    assert_eq!(v.status, Status::Valid, "{:?}", v.reason);
    assert_eq!(c.kind, sigillo::pec::PecKind::PostaCertificata);
    assert_eq!(
        c.daticert
            .as_ref()
            .and_then(|d| d.identificativo.as_deref()),
        Some(tx.identificativo.as_str())
    );

    // Any change inside the opaque structure is caught.
    let mut tampered = raw.clone();
    let pos = tampered.len() - 200;
    tampered[pos] = if tampered[pos] == b'A' { b'B' } else { b'A' };
    assert_ne!(
        verify::open(&tampered, &test_trust()).verification().status,
        Status::Valid
    );
}

#[test]
fn a_valid_signature_from_another_provider_than_the_certified_data_name_is_flagged() {
    // Beta's key signs data that name Alfa as the issuing provider, sent from Alfa's address.
    let g = Gestore::new(ALFA, "Gestore Alfa S.p.A.", pki().signer(BETA).unwrap())
        .with_style(Style::plain_sha256());
    let tx = transaction(&g, italian(Utc::now()));
    let v = verify::open(&g.envelope(&tx).unwrap(), &test_trust());
    let v = v.verification();
    assert_eq!(v.status, Status::Valid);
    assert!(
        v.notes
            .iter()
            .any(|n| matches!(n, Note::ProviderMismatch { .. })),
        "{:?}",
        v.notes
    );
    assert!(
        v.notes
            .iter()
            .any(|n| matches!(n, Note::SenderMismatch { .. })),
        "{:?}",
        v.notes
    );
}

#[test]
fn without_signing_time_the_signed_daticert_date_is_used() {
    let dir = tempfile::tempdir().unwrap();
    let g = alfa(Style::default());
    let at = italian(Utc::now() - Duration::hours(12));
    let tx = transaction(&g, at);
    let envelope = g.envelope(&tx).unwrap();
    let entity = sigillo_test_provider::message::signed_entity(&envelope)
        .unwrap()
        .to_vec();
    std::fs::write(dir.path().join("content.eml"), &entity).unwrap();
    let signer = pki().signer(ALFA).unwrap();
    std::fs::write(dir.path().join("leaf.pem"), signer.cert.to_pem().unwrap()).unwrap();
    std::fs::write(
        dir.path().join("leaf.key"),
        signer.key.private_key_to_pem_pkcs8().unwrap(),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("chain.pem"),
        pki().intermediate().cert_pem(),
    )
    .unwrap();
    // -noattr: no signed attributes at all, so no signingTime.
    openssl(
        &[
            "cms",
            "-sign",
            "-binary",
            "-noattr",
            "-in",
            "content.eml",
            "-signer",
            "leaf.pem",
            "-inkey",
            "leaf.key",
            "-certfile",
            "chain.pem",
            "-outform",
            "SMIME",
            "-out",
            "signed.eml",
        ],
        dir.path(),
    );
    let mut raw = format!(
        "From: \"Per conto di: mario.rossi@{ALFA}\" <posta-certificata@{ALFA}>\r\nTo: anna.bianchi@{BETA}, luca@esterno.test\r\n\
Subject: POSTA CERTIFICATA: Diffida ad adempiere\r\nX-Trasporto: posta-certificata\r\nMessage-ID: <{}>\r\n",
        tx.identificativo
    )
    .into_bytes();
    raw.extend_from_slice(&std::fs::read(dir.path().join("signed.eml")).unwrap());
    let m = verify::open(&raw, &test_trust());
    let v = m.verification();
    assert_eq!(v.status, Status::Valid, "{:?}", v.reason);
    assert_eq!(v.signing_time_source, Some(TimeSource::Daticert));
    assert_eq!(v.signing_time.map(|t| t.timestamp()), Some(at.timestamp()));
}

#[test]
fn an_unreadable_signature_is_malformed_and_a_missing_one_unsigned() {
    let g = alfa(Style::default());
    let tx = transaction(&g, italian(Utc::now()));
    let env = g.envelope(&tx).unwrap();
    let (_, sig) = covered_ranges(&env);
    // Replace the whole signature with base64 of text that is not CMS.
    let mut garbage = env[..sig[0]].to_vec();
    garbage.extend_from_slice(b"Tk9UIEEgUkVBTCBTSUdOQVRVUkU=\r\n");
    let closing = env[*sig.last().unwrap()..]
        .iter()
        .position(|&b| b == b'\n')
        .unwrap()
        + sig.last().unwrap()
        + 1;
    garbage.extend_from_slice(&env[closing..]);
    assert_eq!(
        verify::open(&garbage, &test_trust()).verification().status,
        Status::Malformed
    );

    // Cut the message right after the signed part: no signature part at all.
    let text = String::from_utf8_lossy(&env).into_owned();
    let boundary_line = text[..sig[0]].rfind("\r\n--").unwrap();
    let mut unsigned = env[..boundary_line].to_vec();
    let b = text[boundary_line + 4..]
        .split("\r\n")
        .next()
        .unwrap()
        .to_owned();
    unsigned.extend_from_slice(format!("\r\n--{b}--\r\n").as_bytes());
    let m = verify::open(&unsigned, &test_trust());
    assert_eq!(m.verification().status, Status::Unsigned);
    assert!(
        m.verification()
            .reason
            .as_deref()
            .unwrap()
            .contains("presents itself as PEC")
    );
}
