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

/// Validates `leaf` at `at` with the intermediates the message carries. Only a message that
/// carries no intermediate at all is tried with each known issuance (AgID CA1 was re-issued
/// with different name constraints, so one cached copy is not enough); a message whose own
/// intermediates fail is judged on them, so a damaged certificate in it is never papered over.
pub fn check_path(
    leaf: &X509Ref,
    carried: &[X509],
    trust: &TrustList,
    at: DateTime<Utc>,
) -> PathResult {
    check_path_for(leaf, carried, trust, at, Purpose::SmimeSign)
}

/// [`check_path`] for a given purpose.
pub fn check_path_for(
    leaf: &X509Ref,
    carried: &[X509],
    trust: &TrustList,
    at: DateTime<Utc>,
    purpose: Purpose,
) -> PathResult {
    let first = attempt(leaf, carried, trust, at, purpose);
    if first.status == Status::Valid || !carried.is_empty() {
        return first;
    }
    let mut best = first;
    for known in trust.intermediates() {
        let mut with_known: Vec<X509> = vec![known.clone()];
        with_known.extend(carried.iter().cloned());
        let r = attempt(leaf, &with_known, trust, at, purpose);
        if r.status == Status::Valid {
            return r;
        }
        // A time failure says more than "no path": keep it.
        if r.status == Status::Expired && best.status != Status::Expired {
            best = r;
        }
    }
    best
}

fn attempt(
    leaf: &X509Ref,
    untrusted: &[X509],
    trust: &TrustList,
    at: DateTime<Utc>,
    purpose: Purpose,
) -> PathResult {
    match run(leaf, untrusted, trust, at, purpose) {
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
    trust: &TrustList,
    at: DateTime<Utc>,
    purpose: Purpose,
) -> Result<PathResult, openssl::error::ErrorStack> {
    let mut builder = X509StoreBuilder::new()?;
    for anchor in trust.enabled_anchors() {
        builder.add_cert(anchor.clone())?;
    }
    let mut param = X509VerifyParam::new()?;
    param.set_time(at.timestamp() as _);
    param.set_depth(MAX_DEPTH);
    if purpose == Purpose::SmimeSign {
        param.set_purpose(X509PurposeId::SMIME_SIGN)?;
    }
    // A user may trust an intermediate directly.
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
        reason: Some(error.error_string().to_owned()),
    })
}

/// Time failures are `Expired`; every other path failure is `Untrusted`.
fn status_for(error: X509VerifyResult) -> Status {
    // X509_V_ERR_CERT_NOT_YET_VALID = 9, X509_V_ERR_CERT_HAS_EXPIRED = 10.
    match error.as_raw() {
        9 | 10 => Status::Expired,
        _ => Status::Untrusted,
    }
}
