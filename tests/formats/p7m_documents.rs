//! Signed documents (.p7m, CAdES) signed for real at test time with `openssl cms -sign` and
//! throw-away qualified-signature CAs: DER, BER, base64 and PEM forms; parallel signers,
//! counter-signatures and nested .p7m.p7m; no trust list, PEM trust list, ETSI trusted list;
//! tampering anywhere; expired at signing time; the time the caller gives.

use std::sync::OnceLock;

use chrono::{Duration, Utc};
use sigillo::p7m::{
    self, DocNote, DocStatus, Form, P7mError, QualifiedTrust, ReferenceTime, TimeSource,
};

use crate::support;
use support::qes::{self, Holder, Qca, SignOpts, TlService, Usage};

const DOC: &[u8] = b"%PDF-1.4\n% documento di prova firmato, non un atto reale\n%%EOF\n";

struct Fixture {
    alfa: Qca,
    beta: Qca,
    anna: Holder,
    bruno: Holder,
    carla: Holder,
    outsider: Holder,
}

fn fx() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let alfa = Qca::new("Certificatore Alfa TEST");
        let beta = Qca::new("Certificatore Beta TEST");
        let anna = alfa.signer("ANNA", "PROVA", "PRVNNA80A41H501X");
        let bruno = alfa.signer("BRUNO", "ESEMPIO", "SMPBRN75C12F205Y");
        let carla = alfa.signer("CARLA", "FINTA", "FNTCRL90D55L219Z");
        let outsider = beta.signer("DARIO", "ESTRANEO", "STRDRA70E10A662W");
        Fixture {
            alfa,
            beta,
            anna,
            bruno,
            carla,
            outsider,
        }
    })
}

fn alfa_trust() -> QualifiedTrust {
    QualifiedTrust::from_certificates(vec![fx().alfa.ca.cert.clone()])
}

fn open(bytes: &[u8], name: &str, trust: Option<&QualifiedTrust>) -> p7m::SignedDocument {
    p7m::open(bytes, Some(name), trust, ReferenceTime::now()).expect("a signed document")
}

#[test]
fn without_a_trust_list_the_signer_is_not_checked_never_valid() {
    let der = qes::sign(DOC, &fx().anna, SignOpts::default());
    let d = open(&der, "contratto.pdf.p7m", None);
    let v = d.verification();
    assert_eq!(v.status, DocStatus::IntactNotChecked);
    assert!(!v.is_valid());
    assert!(!v.trust_list);
    assert_eq!(v.form, Form::Der);
    assert_eq!(v.layers, 1);
    let s = &v.signers[0];
    assert_eq!(s.name.as_deref(), Some("ANNA PROVA"));
    assert_eq!(s.fiscal_code.as_deref(), Some("PRVNNA80A41H501X"));
    assert_eq!(
        s.subject_serial_number.as_deref(),
        Some("TINIT-PRVNNA80A41H501X")
    );
    assert_eq!(
        s.issuer.as_deref(),
        Some("Certificatore Alfa TEST Firma Qualificata TEST")
    );
    assert_eq!(s.issuer_trusted, None);
    assert_eq!(s.signing_time_source, Some(TimeSource::SigningTime));
    assert!(s.notes.contains(&DocNote::NoTrustList));
    assert!(s.notes.contains(&DocNote::SigningTimeDeclared));
    let t = s.signing_time.unwrap();
    assert!((Utc::now() - t).num_minutes().abs() < 10, "{t}");
    assert_eq!(d.name(), "contratto.pdf");
    assert_eq!(d.content_type(), "application/pdf");
    assert_eq!(d.content().1, DOC);
    assert!(d.warnings().is_empty());
}

#[test]
fn a_trusted_issuer_makes_the_signature_valid() {
    let der = qes::sign(DOC, &fx().anna, SignOpts::default());
    let trust = alfa_trust();
    let d = open(&der, "contratto.pdf.p7m", Some(&trust));
    let v = d.verification();
    assert_eq!(v.status, DocStatus::Valid, "{v:#?}");
    assert!(v.trust_list);
    let s = &v.signers[0];
    assert_eq!(s.issuer_trusted, Some(true));
    assert_eq!(s.chain.len(), 2, "signer and the trusted issuing CA");
    assert!(s.notes.contains(&DocNote::RevocationNotChecked));
    // The same file against another provider's CA only.
    let other = QualifiedTrust::from_certificates(vec![fx().beta.ca.cert.clone()]);
    let v = open(&der, "contratto.pdf.p7m", Some(&other))
        .verification()
        .clone();
    assert_eq!(v.status, DocStatus::Untrusted);
    assert_eq!(v.signers[0].issuer_trusted, Some(false));
    // Trusting the root also works: the issuing CA is then found in... nowhere (the .p7m
    // carries only the signer), so the path cannot be built.
    let root_only = QualifiedTrust::from_certificates(vec![fx().alfa.root.cert.clone()]);
    let v = open(&der, "contratto.pdf.p7m", Some(&root_only))
        .verification()
        .clone();
    assert_eq!(v.status, DocStatus::Untrusted);
}

#[test]
fn ber_base64_and_pem_forms_read_the_same() {
    let trust = alfa_trust();
    let ber = qes::sign(
        DOC,
        &fx().anna,
        SignOpts {
            ber: true,
            ..SignOpts::default()
        },
    );
    assert_eq!(
        &ber[..2],
        &[0x30, 0x80],
        "openssl -stream writes indefinite lengths"
    );
    let d = open(&ber, "atto.pdf.p7m", Some(&trust));
    assert_eq!(d.verification().status, DocStatus::Valid);
    assert_eq!(d.content().1, DOC);

    let b64 = qes::to_base64(&qes::sign(DOC, &fx().anna, SignOpts::default()));
    let d = open(&b64, "atto.pdf.p7m", Some(&trust));
    assert_eq!(d.verification().form, Form::Base64);
    assert_eq!(d.verification().status, DocStatus::Valid);
    assert_eq!(d.content().1, DOC);

    let pem = [
        b"-----BEGIN PKCS7-----\n".to_vec(),
        qes::to_base64(&ber),
        b"-----END PKCS7-----\n".to_vec(),
    ]
    .concat();
    let d = open(&pem, "atto.pdf.p7m", Some(&trust));
    assert_eq!(d.verification().form, Form::Base64);
    assert_eq!(d.verification().status, DocStatus::Valid);
}

#[test]
fn parallel_signers_are_each_reported() {
    let one = qes::sign(DOC, &fx().anna, SignOpts::default());
    let two = qes::resign(&one, &fx().bruno);
    let trust = alfa_trust();
    let d = open(&two, "delibera.pdf.p7m", Some(&trust));
    let v = d.verification();
    assert_eq!(v.layers, 1);
    assert_eq!(v.signers.len(), 2);
    let mut names: Vec<_> = v.signers.iter().map(|s| s.name.clone().unwrap()).collect();
    names.sort();
    assert_eq!(names, ["ANNA PROVA", "BRUNO ESEMPIO"]);
    assert!(v.signers.iter().all(|s| s.status == DocStatus::Valid));
    assert_eq!(v.status, DocStatus::Valid);
    // One of the two from another provider: the document is only as good as its worst signer.
    let mixed = qes::resign(&one, &fx().outsider);
    let v = open(&mixed, "delibera.pdf.p7m", Some(&trust))
        .verification()
        .clone();
    for s in &v.signers {
        let expected = if s.name.as_deref() == Some("ANNA PROVA") {
            DocStatus::Valid
        } else {
            DocStatus::Untrusted
        };
        assert_eq!(s.status, expected, "{s:#?}");
    }
    assert_eq!(v.status, DocStatus::Untrusted);
}

#[test]
fn nested_p7m_layers_are_unwrapped_and_each_verified() {
    let inner = qes::sign(DOC, &fx().anna, SignOpts::default());
    let outer = qes::sign(
        &inner,
        &fx().bruno,
        SignOpts {
            ber: true,
            cades: true,
            ..SignOpts::default()
        },
    );
    let trust = alfa_trust();
    let d = open(&outer, "ricorso.pdf.p7m.p7m", Some(&trust));
    let v = d.verification();
    assert_eq!(v.layers, 2);
    assert_eq!(v.signers.len(), 2);
    assert_eq!(v.signers[0].layer, 1);
    assert_eq!(v.signers[0].name.as_deref(), Some("BRUNO ESEMPIO"));
    assert_eq!(v.signers[1].layer, 2);
    assert_eq!(v.signers[1].name.as_deref(), Some("ANNA PROVA"));
    assert_eq!(v.status, DocStatus::Valid);
    assert_eq!(d.name(), "ricorso.pdf");
    assert_eq!(d.content().1, DOC);
    assert!(d.warnings().is_empty());
    // A name that announces one layer of two is worth a warning.
    let d = open(&outer, "ricorso.pdf.p7m", Some(&trust));
    assert!(matches!(
        d.warnings(),
        [p7m::DocWarning::LayerCountMismatch { named: 1, found: 2 }]
    ));
}

#[test]
fn counter_signatures_are_verified_over_the_signature_they_countersign() {
    let one = qes::sign(DOC, &fx().anna, SignOpts::default());
    let counter = qes::countersign(&one, 0, &fx().carla, false);
    let trust = alfa_trust();
    let v = open(&counter, "a.pdf.p7m", Some(&trust))
        .verification()
        .clone();
    assert_eq!(v.signers.len(), 2, "{v:#?}");
    assert_eq!(v.signers[1].countersigns, Some(0));
    assert_eq!(v.signers[1].name.as_deref(), Some("CARLA FINTA"));
    assert_eq!(v.signers[1].status, DocStatus::Valid, "{:#?}", v.signers[1]);
    assert_eq!(v.status, DocStatus::Valid);

    let bad = qes::countersign(&one, 0, &fx().carla, true);
    let v = open(&bad, "a.pdf.p7m", Some(&trust)).verification().clone();
    assert_eq!(v.signers[0].status, DocStatus::Valid);
    assert_eq!(v.signers[1].status, DocStatus::Tampered);
    assert_eq!(v.status, DocStatus::Tampered);
}

/// Every single byte changed in the signed content, the signed attributes or the signature
/// value: never intact; a changed certificate never valid.
#[test]
fn a_tampered_p7m_is_never_shown_intact() {
    let der = qes::sign(
        DOC,
        &fx().anna,
        SignOpts {
            cades: true,
            ..SignOpts::default()
        },
    );
    let trust = alfa_trust();
    let content_at = der
        .windows(DOC.len())
        .position(|w| w == DOC)
        .expect("content enveloped");
    let cert = fx().anna.cert.to_der().unwrap();
    let cert_at = der
        .windows(cert.len())
        .position(|w| w == cert.as_slice())
        .expect("signer certificate carried");
    let mut checked = 0;
    for i in 0..der.len() {
        let mut bad = der.clone();
        bad[i] ^= 0x01;
        for t in [None, Some(&trust)] {
            let Ok(d) = p7m::open(&bad, Some("x.pdf.p7m"), t, ReferenceTime::now()) else {
                continue;
            };
            let v = d.verification();
            let in_content = (content_at..content_at + DOC.len()).contains(&i);
            if in_content {
                assert_eq!(v.status, DocStatus::Tampered, "byte {i} of the content");
            }
            if t.is_some() {
                assert_ne!(v.status, DocStatus::Valid, "byte {i} changed, still valid");
            } else {
                // Without a trust list, only bytes outside what the signature covers may
                // leave the document intact; the content never.
                assert!(!(in_content && v.status.is_intact()), "byte {i}");
                // CAdES signs a hash of the signer's certificate: a forged name is caught
                // even without a trust list.
                let in_cert = (cert_at..cert_at + cert.len()).contains(&i);
                assert!(!(in_cert && v.status.is_intact()), "certificate byte {i}");
            }
            checked += 1;
        }
    }
    assert!(checked > der.len(), "most flips still parse: {checked}");
    // The last bytes are the signature value.
    let mut bad = der.clone();
    let n = bad.len();
    bad[n - 3] ^= 0x40;
    let v = open(&bad, "x.pdf.p7m", None).verification().clone();
    assert_eq!(v.status, DocStatus::Tampered);
}

#[test]
fn expired_at_signing_time_and_the_time_the_caller_gives() {
    let f = fx();
    let now = Utc::now();
    let expired = f.alfa.person(
        "ELENA",
        "SCADUTA",
        "SCDLNE60A41H501V",
        (now - Duration::days(800), now - Duration::days(400)),
        Usage::NonRepudiation,
    );
    let trust = alfa_trust();
    // Signed today (signingTime = now) with a certificate that ended a year ago.
    let der = qes::sign(DOC, &expired, SignOpts::default());
    for t in [None, Some(&trust)] {
        let v = open(&der, "x.pdf.p7m", t).verification().clone();
        assert_eq!(v.status, DocStatus::Expired, "{v:#?}");
        assert!(!v.status.is_intact() || v.status == DocStatus::Expired);
    }
    // No signed attributes: no signingTime; the caller's time decides, and says so.
    let der = qes::sign(
        DOC,
        &expired,
        SignOpts {
            no_attributes: true,
            ..SignOpts::default()
        },
    );
    let at = now - Duration::days(600);
    let d = p7m::open(
        &der,
        Some("x.pdf.p7m"),
        Some(&trust),
        ReferenceTime::given(at),
    )
    .unwrap();
    let s = &d.verification().signers[0];
    assert_eq!(s.status, DocStatus::Valid, "{s:#?}");
    assert_eq!(s.signing_time, Some(at));
    assert_eq!(s.signing_time_source, Some(TimeSource::Given));
    assert!(
        s.notes
            .iter()
            .any(|n| matches!(n, DocNote::ExpiredSinceSigning { .. }))
    );
    let d = p7m::open(&der, Some("x.pdf.p7m"), Some(&trust), ReferenceTime::now()).unwrap();
    let s = &d.verification().signers[0];
    assert_eq!(s.status, DocStatus::Expired);
    assert_eq!(s.signing_time_source, Some(TimeSource::Now));
    let d = p7m::open(
        &der,
        Some("x.pdf.p7m"),
        None,
        ReferenceTime::pec_delivery(at),
    )
    .unwrap();
    let s = &d.verification().signers[0];
    assert_eq!(s.status, DocStatus::IntactNotChecked);
    assert_eq!(s.signing_time_source, Some(TimeSource::PecDelivery));
}

#[test]
fn a_certificate_not_meant_for_signatures_is_not_trusted() {
    let now = Utc::now();
    let enc = fx().alfa.person(
        "FABIO",
        "CIFRATURA",
        "CFRFBA70A01H501T",
        (now - Duration::days(10), now + Duration::days(10)),
        Usage::EncipherOnly,
    );
    let der = qes::sign(DOC, &enc, SignOpts::default());
    let v = open(&der, "x.pdf.p7m", Some(&alfa_trust()))
        .verification()
        .clone();
    assert_eq!(v.status, DocStatus::Untrusted);
}

#[test]
fn an_etsi_trusted_list_is_imported_and_its_history_decides() {
    let f = fx();
    let now = Utc::now();
    let xml = qes::trusted_list(
        &[
            TlService {
                provider: "Certificatore Alfa TEST S.p.A.",
                service: "Alfa Firma Qualificata TEST",
                service_type: qes::CA_QC,
                cert: &f.alfa.ca.cert,
                history: vec![("granted", now - Duration::days(3000))],
                additional: vec![
                    "http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/ForeSignatures",
                ],
            },
            // A timestamp service of the other provider: not an issuer of signatures.
            TlService {
                provider: "Certificatore Beta TEST S.r.l.",
                service: "Beta TSA TEST",
                service_type: qes::TSA_QTST,
                cert: &f.beta.ca.cert,
                history: vec![("granted", now - Duration::days(3000))],
                additional: vec![],
            },
        ],
        &f.beta.root.cert,
    );
    let profile = tempfile::tempdir().unwrap();
    let file = profile.path().join("IT_TL.xml");
    std::fs::write(&file, &xml).unwrap();
    assert!(QualifiedTrust::load(profile.path()).unwrap().is_none());
    let summary = p7m::trust::import(profile.path(), &file).unwrap();
    assert_eq!(summary.kind, p7m::trust::ImportKind::TrustedList);
    assert_eq!(summary.imported.len(), 1);
    assert_eq!(summary.skipped_services, 1);
    assert_eq!(summary.territory.as_deref(), Some("IT"));
    let trust = QualifiedTrust::load(profile.path()).unwrap().unwrap();
    assert_eq!(trust.issuers().len(), 1, "decoys never become anchors");
    assert_eq!(
        trust.issuers()[0].fingerprint,
        sigillo::verify::certinfo::fingerprint(&f.alfa.ca.cert)
    );

    let der = qes::sign(DOC, &f.anna, SignOpts::default());
    let v = open(&der, "x.pdf.p7m", Some(&trust)).verification().clone();
    assert_eq!(v.status, DocStatus::Valid);
    assert_eq!(
        v.signers[0].trust_service.as_deref(),
        Some("Certificatore Alfa TEST S.p.A.")
    );
    let v = open(
        &qes::sign(DOC, &f.outsider, SignOpts::default()),
        "x.pdf.p7m",
        Some(&trust),
    )
    .verification()
    .clone();
    assert_eq!(v.status, DocStatus::Untrusted);

    // A newer list says the service was withdrawn 30 days ago: a signature made today is not
    // qualified; one made (as the caller says) a year ago still is.
    let withdrawn = qes::trusted_list(
        &[TlService {
            provider: "Certificatore Alfa TEST S.p.A.",
            service: "Alfa Firma Qualificata TEST",
            service_type: qes::CA_QC,
            cert: &f.alfa.ca.cert,
            history: vec![
                ("granted", now - Duration::days(3000)),
                ("withdrawn", now - Duration::days(30)),
            ],
            additional: vec![],
        }],
        &f.beta.root.cert,
    );
    std::fs::write(&file, &withdrawn).unwrap();
    p7m::trust::import(profile.path(), &file).unwrap();
    let trust = QualifiedTrust::load(profile.path()).unwrap().unwrap();
    let v = open(&der, "x.pdf.p7m", Some(&trust)).verification().clone();
    assert_eq!(v.status, DocStatus::Untrusted, "{v:#?}");
    assert!(
        v.signers[0]
            .reason
            .as_deref()
            .unwrap()
            .contains("withdrawn")
    );
    let old = qes::sign(
        DOC,
        &f.anna,
        SignOpts {
            no_attributes: true,
            ..SignOpts::default()
        },
    );
    let d = p7m::open(
        &old,
        Some("x.pdf.p7m"),
        Some(&trust),
        ReferenceTime::given(now - Duration::days(300)),
    )
    .unwrap();
    assert_eq!(d.verification().status, DocStatus::Valid);

    // A PEM bundle import adds to it; garbage is refused with a clear error.
    let pem = profile.path().join("beta.pem");
    std::fs::write(&pem, f.beta.ca.cert.to_pem().unwrap()).unwrap();
    let s = p7m::trust::import(profile.path(), &pem).unwrap();
    assert_eq!(s.kind, p7m::trust::ImportKind::Certificates);
    assert_eq!(
        QualifiedTrust::load(profile.path())
            .unwrap()
            .unwrap()
            .issuers()
            .len(),
        2
    );
    std::fs::write(&pem, b"nothing here").unwrap();
    let e = p7m::trust::import(profile.path(), &pem).unwrap_err();
    assert!(e.to_string().contains("neither certificates"), "{e}");
    std::fs::write(&pem, b"<html><body>not a list</body></html>").unwrap();
    let e = p7m::trust::import(profile.path(), &pem).unwrap_err();
    assert!(e.to_string().contains("TrustServiceStatusList"), "{e}");
}

#[test]
fn not_a_p7m_and_detached_signatures_are_clear_errors() {
    assert_eq!(
        p7m::open(DOC, Some("x.pdf"), None, ReferenceTime::now()).unwrap_err(),
        P7mError::NotSigned
    );
    // A detached signature (.p7s) does not hold the document.
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::write(&input, DOC).unwrap();
    let cert = dir.path().join("c.pem");
    std::fs::write(&cert, fx().anna.cert.to_pem().unwrap()).unwrap();
    let key = dir.path().join("k.pem");
    std::fs::write(&key, fx().anna.key.private_key_to_pem_pkcs8().unwrap()).unwrap();
    let out = dir.path().join("out.p7s");
    let st = std::process::Command::new("openssl")
        .args(["cms", "-sign", "-binary", "-outform", "DER", "-in"])
        .arg(&input)
        .arg("-signer")
        .arg(&cert)
        .arg("-inkey")
        .arg(&key)
        .arg("-out")
        .arg(&out)
        .status()
        .unwrap();
    assert!(st.success());
    let p7s = std::fs::read(&out).unwrap();
    assert_eq!(
        p7m::open(&p7s, Some("x.pdf.p7s"), None, ReferenceTime::now()).unwrap_err(),
        P7mError::Detached
    );
    // A detached signature that is itself signed (enveloped) is the signed document.
    let wrapped = qes::sign(&p7s, &fx().bruno, SignOpts::default());
    let d = open(&wrapped, "firma.p7s.p7m", None);
    assert_eq!(d.verification().layers, 1);
    assert_eq!(d.content().1, p7s.as_slice());
    assert_eq!(d.name(), "firma.p7s");
}

#[test]
fn a_name_that_lies_about_the_content_is_flagged() {
    let exe = b"MZ\x90\x00\x03\x00\x00\x00 not really a program";
    let der = qes::sign(exe, &fx().anna, SignOpts::default());
    let d = open(&der, "fattura.pdf.p7m", None);
    assert!(matches!(
        d.warnings(),
        [p7m::DocWarning::NameMismatch { declared, detected }] if declared == "pdf" && detected == "exe"
    ));
    // An unknown inner name gets the sniffed extension.
    let d = open(
        &qes::sign(DOC, &fx().anna, SignOpts::default()),
        "allegato.p7m",
        None,
    );
    assert_eq!(d.name(), "allegato.pdf");
}
