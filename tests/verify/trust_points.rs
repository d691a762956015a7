//! Who counts as a PEC provider: a signer whose path reaches a PEC trust point (AgID CA1 in
//! real life; here a test "PEC CA" with name constraints), not any S/MIME certificate under
//! the same root. A test PKI with one root, a name-constrained PEC CA and a second,
//! unconstrained CA under that root, which issues a certificate for the provider's own
//! address (`posta-certificata@<domain>`), as anyone can buy one.

use chrono::{FixedOffset, Utc};
use sigillo::verify::{self, Status, TrustList};
use sigillo_test_provider::message::{Gestore, Original, Style};
use sigillo_test_provider::pki::{ProviderSpec, TestPki};

const ALFA: &str = "pec.alfa.test";

fn original() -> Original {
    Original::parse(
        format!(
            "From: Mario Rossi <mario.rossi@{ALFA}>\r\nTo: anna@{ALFA}\r\nSubject: Atto\r\n\
Date: Mon, 3 Mar 2025 10:00:00 +0100\r\nMessage-ID: <t-1@studio.test>\r\nMIME-Version: 1.0\r\n\
Content-Type: text/plain; charset=utf-8\r\n\r\nTesto.\r\n"
        )
        .as_bytes(),
    )
    .unwrap()
}

/// An envelope and a delivery receipt signed by `g`.
fn signed_by(g: &Gestore) -> Vec<Vec<u8>> {
    let now = Utc::now().with_timezone(&FixedOffset::east_opt(3600).unwrap());
    let tx = g.accept(
        original(),
        &format!("mario.rossi@{ALFA}"),
        "[127.0.0.1]",
        now,
        |_| true,
    );
    vec![g.envelope(&tx).unwrap(), g.accettazione(&tx, now).unwrap()]
}

fn with(anchors: &[&openssl::x509::X509]) -> TrustList {
    let mut t = TrustList::empty();
    t.add_extra(anchors.iter().map(|c| (*c).clone()).collect());
    t
}

#[test]
fn only_a_path_to_the_pec_trust_point_makes_a_pec_provider() {
    let pki = TestPki::generate(&[ProviderSpec::new(ALFA, "Gestore Alfa S.p.A.")]).unwrap();
    let pec_ca = &pki.intermediate().cert;
    let provider = Gestore::new(ALFA, "Gestore Alfa S.p.A.", pki.signer(ALFA).unwrap())
        .with_style(Style::default());

    // The ordinary S/MIME CA under the same root, and its certificate for the provider's own
    // address, with the provider's organisation and profile.
    let (other_ca, impostor) = pki
        .issue_ordinary_smime(&ProviderSpec::new(ALFA, "Gestore Alfa S.p.A."))
        .unwrap();
    let mut signer = pki.signer_for(&impostor);
    signer.chain = vec![other_ca.cert.clone()];
    let forger = Gestore::new(ALFA, "Gestore Alfa S.p.A.", signer).with_style(Style::default());

    let pec_trust = with(&[pec_ca]);
    for raw in signed_by(&provider) {
        let v = verify::open(&raw, &pec_trust);
        let v = v.verification();
        assert_eq!(v.status, Status::Valid, "{:?}", v.reason);
        // The path ends at the PEC CA: the root above it is not needed.
        assert_eq!(v.chain.len(), 2);
        assert_eq!(
            v.chain[1].sha256,
            sigillo::verify::certinfo::fingerprint(pec_ca)
        );
        // Without any trust point, not valid.
        assert_eq!(
            verify::open(&raw, &TrustList::empty())
                .verification()
                .status,
            Status::Untrusted
        );
        // The real PEC trust points do not vouch for a test provider.
        assert_eq!(
            verify::open(&raw, &TrustList::builtin())
                .verification()
                .status,
            Status::Untrusted
        );
    }
    for raw in signed_by(&forger) {
        // The certificate is a sound S/MIME certificate for the provider's address, the
        // content matches its signature: yet it is not a PEC provider's.
        let v = verify::open(&raw, &pec_trust);
        let v = v.verification();
        assert_eq!(v.status, Status::Untrusted, "{:?}", v.reason);
        assert!(
            v.reason
                .as_deref()
                .unwrap_or("")
                .contains("not a PEC provider certificate"),
            "{:?}",
            v.reason
        );
        assert_eq!(
            verify::open(&raw, &TrustList::empty())
                .verification()
                .status,
            Status::Untrusted
        );
        assert_eq!(
            verify::open(&raw, &TrustList::builtin())
                .verification()
                .status,
            Status::Untrusted
        );
    }
    // With the PEC CA and the ordinary CA's own anchor both given, only the provider's is
    // valid through the PEC CA; trusting the root itself is the user's explicit choice of a
    // wider trust point, and then both are valid: the trust point decides.
    let root_trust = with(&[&pki.root().cert]);
    let forged = &signed_by(&forger)[0];
    assert_eq!(
        verify::open(forged, &root_trust).verification().status,
        Status::Valid
    );
}

/// A signer outside the PEC trust point's name constraints is refused, the constraints of a
/// trust point that is not a root are enforced.
#[test]
fn the_name_constraints_of_a_trust_point_that_is_not_a_root_are_enforced() {
    let pki = TestPki::generate(&[ProviderSpec::new(ALFA, "Gestore Alfa S.p.A.")]).unwrap();
    let rogue = ProviderSpec::new("pec.abusivo.test", "Gestore Abusivo S.p.A.");
    let cert = pki.issue_outside_constraints(&rogue).unwrap();
    let g = Gestore::new(
        "pec.abusivo.test",
        "Gestore Abusivo S.p.A.",
        pki.signer_for(&cert),
    )
    .with_style(Style::default());
    let now = Utc::now().with_timezone(&FixedOffset::east_opt(3600).unwrap());
    let tx = g.accept(
        original(),
        "mario.rossi@pec.abusivo.test",
        "[127.0.0.1]",
        now,
        |_| true,
    );
    let raw = g.envelope(&tx).unwrap();
    let v = verify::open(&raw, &with(&[&pki.intermediate().cert]));
    let v = v.verification();
    assert_eq!(v.status, Status::Untrusted, "{:?}", v.reason);
    assert!(
        v.reason
            .as_deref()
            .unwrap_or("")
            .contains("name constraints"),
        "{:?}",
        v.reason
    );
}
