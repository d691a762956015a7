//! Certificate path validation at a given time with OpenSSL: the signer, the intermediates the
//! message carries (or known issuances), an enabled anchor of the trust list; the signing
//! [`Purpose`]; name constraints (OpenSSL enforces them during path validation).

use chrono::{DateTime, Utc};
use openssl::stack::Stack;
use openssl::x509::store::X509StoreBuilder;
use openssl::x509::verify::{X509VerifyFlags, X509VerifyParam};
use openssl::x509::{X509, X509PurposeId, X509Ref, X509StoreContext, X509VerifyResult};

use super::outcome::Status;
use super::trust::TrustList;

/// The verdict on a certificate path.
pub struct PathResult {
    /// `Valid`, `Untrusted` or `Expired`.
    pub status: Status,
    /// The path as built, signer first.
    pub chain: Vec<X509>,
    /// OpenSSL's words on a failure.
    pub reason: Option<String>,
}

/// What the signer's certificate must be good for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Purpose {
    /// S/MIME signing (PEC provider signatures): OpenSSL's `smimesign` purpose.
    SmimeSign,
    /// Signing documents (CAdES): no extended key usage is required; the caller checks the key
    /// usage (qualified certificates carry only nonRepudiation).
    DocumentSigning,
}

/// Longest path accepted (real PEC paths have three certificates).
const MAX_DEPTH: i32 = 8;

/// Validates `leaf` at `at` with the intermediates the message carries, against the enabled
/// trust points (a path may end at a trust point that is not a root: PEC trust points are the
/// AgID CA1 issuances, whose name constraints OpenSSL still enforces on the path).
pub fn check_path(
    leaf: &X509Ref,
    carried: &[X509],
    trust: &TrustList,
    at: DateTime<Utc>,
) -> PathResult {
    check_path_for(leaf, carried, trust, at, Purpose::SmimeSign)
}

/// [`check_path`] for a given purpose.
///
/// Several trust points can share the leaf issuer's name and key (AgID CA1 was re-issued with
/// other validity and name constraints): which one OpenSSL would pick is not a choice to leave
/// to it, since one may permit the provider and another not. Each such trust point is tried on
/// its own, the one the message carries byte for byte first; the path is valid when one of
/// them makes it valid.
pub fn check_path_for(
    leaf: &X509Ref,
    carried: &[X509],
    trust: &TrustList,
    at: DateTime<Utc>,
    purpose: Purpose,
) -> PathResult {
    let issuer = leaf.issuer_name().to_der().ok();
    let mut direct: Vec<&X509> = trust
        .enabled_anchors()
        .filter(|a| a.subject_name().to_der().ok() == issuer)
        .collect();
    let carried_der: Vec<Vec<u8>> = carried.iter().filter_map(|c| c.to_der().ok()).collect();
    direct.sort_by_key(|a| {
        let der = a.to_der().ok();
        !carried_der.iter().any(|c| Some(c) == der.as_ref())
    });
    let mut best: Option<PathResult> = None;
    if direct.len() > 1 {
        for anchor in &direct {
            let r = attempt(leaf, carried, std::slice::from_ref(anchor), at, purpose);
            if r.status == Status::Valid {
                return r;
            }
            best = Some(better(best, r));
        }
    }
    let anchors: Vec<&X509> = trust.enabled_anchors().collect();
    let r = attempt(leaf, carried, &anchors, at, purpose);
    if r.status == Status::Valid {
        return r;
    }
    better(best, r)
}

/// The more telling of two failures: a time failure says more than "no path".
fn better(best: Option<PathResult>, r: PathResult) -> PathResult {
    match best {
        Some(b) if b.status == Status::Expired || r.status != Status::Expired => b,
        _ => r,
    }
}

fn attempt(
    leaf: &X509Ref,
    untrusted: &[X509],
    anchors: &[&X509],
    at: DateTime<Utc>,
    purpose: Purpose,
) -> PathResult {
    match run(leaf, untrusted, anchors, at, purpose) {
        Ok(r) => r,
        Err(e) => PathResult {
            status: Status::Untrusted,
            chain: vec![leaf.to_owned()],
            reason: Some(format!("path validation could not run: {e}")),
        },
    }
}

fn run(
    leaf: &X509Ref,
    untrusted: &[X509],
    anchors: &[&X509],
    at: DateTime<Utc>,
    purpose: Purpose,
) -> Result<PathResult, openssl::error::ErrorStack> {
    let mut builder = X509StoreBuilder::new()?;
    for anchor in anchors {
        builder.add_cert((*anchor).clone())?;
    }
    let mut param = X509VerifyParam::new()?;
    param.set_time(at.timestamp() as _);
    param.set_depth(MAX_DEPTH);
    if purpose == Purpose::SmimeSign {
        param.set_purpose(X509PurposeId::SMIME_SIGN)?;
    }
    // A trust point need not be a root: the PEC trust points are intermediates (AgID CA1).
    param.set_flags(X509VerifyFlags::PARTIAL_CHAIN)?;
    builder.set_param(&param)?;
    let store = builder.build();

    let mut chain_stack = Stack::new()?;
    for c in untrusted {
        chain_stack.push(c.clone())?;
    }
    let mut ctx = X509StoreContext::new()?;
    let (ok, error, chain) = ctx.init(&store, leaf, &chain_stack, |c| {
        let ok = c.verify_cert()?;
        let chain: Vec<X509> = c
            .chain()
            .map(|s| s.iter().map(|x| x.to_owned()).collect())
            .unwrap_or_default();
        Ok((ok, c.error(), chain))
    })?;
    let chain = if chain.is_empty() {
        vec![leaf.to_owned()]
    } else {
        chain
    };
    if ok {
        return Ok(PathResult {
            status: Status::Valid,
            chain,
            reason: None,
        });
    }
    Ok(PathResult {
        status: status_for(error),
        chain,
        reason: Some(path_failure_text(error)),
    })
}

/// OpenSSL's words on a path failure, with what they mean for a PEC signature first.
fn path_failure_text(error: X509VerifyResult) -> String {
    let openssl = error.error_string();
    // X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT (2), _DEPTH_ZERO_SELF_SIGNED_CERT (18),
    // _SELF_SIGNED_CERT_IN_CHAIN (19), _UNABLE_TO_GET_ISSUER_CERT_LOCALLY (20),
    // _UNABLE_TO_VERIFY_LEAF_SIGNATURE (21): no path to any trust point.
    // X509_V_ERR_PERMITTED_VIOLATION (47), _EXCLUDED_VIOLATION (48): name constraints.
    match error.as_raw() {
        2 | 18 | 19 | 20 | 21 => format!(
            "not a PEC provider certificate: its path does not reach a PEC trust point (AgID CA1, or one added to the trust list) ({openssl})"
        ),
        47 | 48 => format!(
            "not a PEC provider certificate: the trust point's name constraints do not permit this signer ({openssl})"
        ),
        _ => openssl.to_owned(),
    }
}

/// Time failures are `Expired`; every other path failure is `Untrusted`.
fn status_for(error: X509VerifyResult) -> Status {
    // X509_V_ERR_CERT_NOT_YET_VALID = 9, X509_V_ERR_CERT_HAS_EXPIRED = 10.
    match error.as_raw() {
        9 | 10 => Status::Expired,
        _ => Status::Untrusted,
    }
}
