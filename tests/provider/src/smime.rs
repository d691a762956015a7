//! Detached CMS (S/MIME v3) signatures as PEC providers make them: SignedData over the exact
//! bytes of the signed MIME entity (CRLF canonical form), with the signer certificate and the
//! intermediate included and a `signingTime` attribute.
//!
//! The `openssl` crate's `CmsContentInfo::sign` always stamps the current time, and tests need
//! messages signed "in the past" (certificates that were valid then and have expired since).
//! So this module drives the CMS API through `openssl-sys`: `CMS_sign` with `CMS_PARTIAL`,
//! `CMS_add1_signer`, then the `signingTime` attribute, then `CMS_final` (which only adds a
//! signing time itself when none is present).

use std::ffi::{c_int, c_uint, c_void};
use std::ptr;

use chrono::{DateTime, TimeZone};
use foreign_types::ForeignType;
use openssl::asn1::Asn1Time;
use openssl::cms::CmsContentInfo;
use openssl::error::ErrorStack;
use openssl::hash::MessageDigest;
use openssl::stack::Stack;
use openssl::x509::X509;
use openssl_sys as ffi;

use crate::pki::Signer;

// Part of libcrypto's stable CMS API, not declared by openssl-sys.
unsafe extern "C" {
    fn CMS_add1_signer(
        cms: *mut ffi::CMS_ContentInfo,
        signer: *mut ffi::X509,
        pk: *mut ffi::EVP_PKEY,
        md: *const ffi::EVP_MD,
        flags: c_uint,
    ) -> *mut c_void;
    fn CMS_signed_add1_attr_by_NID(
        si: *mut c_void,
        nid: c_int,
        attr_type: c_int,
        bytes: *const c_void,
        len: c_int,
    ) -> c_int;
    fn CMS_final(
        cms: *mut ffi::CMS_ContentInfo,
        data: *mut ffi::BIO,
        dcont: *mut ffi::BIO,
        flags: c_uint,
    ) -> c_int;
}

/// Message digest of the signature. Real providers signed with SHA-1 until at least 2024;
/// a SHA-1 signature made today is no longer accepted as proof.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Digest {
    /// SHA-1 (Aruba, InfoCert, Namirial, Telecom, ... in the corpus).
    Sha1,
    /// SHA-256 (Register.it 2018, Sogei 2019; what a signature made today needs).
    #[default]
    Sha256,
}

impl Digest {
    /// The `micalg` parameter value for this digest (RFC 5751 §3.4.3.2).
    pub fn micalg(self) -> &'static str {
        match self {
            Digest::Sha1 => "sha1",
            Digest::Sha256 => "sha-256",
        }
    }

    fn message_digest(self) -> MessageDigest {
        match self {
            Digest::Sha1 => MessageDigest::sha1(),
            Digest::Sha256 => MessageDigest::sha256(),
        }
    }
}

/// Signing failed.
#[derive(Debug, thiserror::Error)]
#[error("OpenSSL could not make the CMS signature ({step}): {source}")]
pub struct SignError {
    step: &'static str,
    #[source]
    source: ErrorStack,
}

fn check(ok: bool, step: &'static str) -> Result<(), SignError> {
    if ok {
        Ok(())
    } else {
        Err(SignError {
            step,
            source: ErrorStack::get(),
        })
    }
}

/// Signs `content` (already in canonical CRLF form; signed as-is, byte for byte) and returns
/// the DER of a detached CMS SignedData with the given signing time.
pub fn sign_detached<Tz: TimeZone>(
    content: &[u8],
    signer: &Signer,
    digest: Digest,
    signing_time: &DateTime<Tz>,
) -> Result<Vec<u8>, SignError> {
    let mut chain = Stack::<X509>::new().map_err(|source| SignError {
        step: "allocating the certificate stack",
        source,
    })?;
    for c in &signer.chain {
        chain.push(c.clone()).map_err(|source| SignError {
            step: "adding a chain certificate",
            source,
        })?;
    }
    let time = Asn1Time::from_unix(signing_time.timestamp() as libc::time_t).map_err(|source| {
        SignError {
            step: "encoding the signing time",
            source,
        }
    })?;
    let flags = ffi::CMS_DETACHED | ffi::CMS_BINARY | ffi::CMS_PARTIAL;
    // SAFETY: every pointer passed below comes from a live owned openssl-crate object that
    // outlives the call; ownership of the CMS structure goes to `CmsContentInfo` right after
    // creation so it is freed on every path. `CMS_add1_signer` and `CMS_add1_cert` take their
    // own references. The attribute data is copied by OpenSSL (len -1 → ASN1_TYPE_set1).
    unsafe {
        let raw = ffi::CMS_sign(
            ptr::null_mut(),
            ptr::null_mut(),
            chain.as_ptr(),
            ptr::null_mut(),
            flags,
        );
        check(!raw.is_null(), "CMS_sign")?;
        let cms = CmsContentInfo::from_ptr(raw);
        let si = CMS_add1_signer(
            cms.as_ptr(),
            signer.cert.as_ptr(),
            signer.key.as_ptr(),
            digest.message_digest().as_ptr(),
            ffi::CMS_BINARY,
        );
        check(!si.is_null(), "CMS_add1_signer")?;
        let time_ptr = time.as_ptr() as *const ffi::ASN1_STRING;
        let attr_type = ffi::ASN1_STRING_type(time_ptr);
        check(
            CMS_signed_add1_attr_by_NID(
                si,
                ffi::NID_pkcs9_signingTime,
                attr_type,
                time_ptr as *const c_void,
                -1,
            ) == 1,
            "adding the signingTime attribute",
        )?;
        let bio = openssl_mem_bio(content)?;
        let ok = CMS_final(cms.as_ptr(), bio, ptr::null_mut(), flags);
        ffi::BIO_free_all(bio);
        check(ok == 1, "CMS_final")?;
        cms.to_der().map_err(|source| SignError {
            step: "encoding the SignedData",
            source,
        })
    }
}

/// A read-only memory BIO over `data`; the caller frees it with `BIO_free_all`.
unsafe fn openssl_mem_bio(data: &[u8]) -> Result<*mut ffi::BIO, SignError> {
    let len = c_int::try_from(data.len()).map_err(|_| SignError {
        step: "content larger than 2 GiB",
        source: ErrorStack::get(),
    })?;
    // SAFETY: BIO_new_mem_buf only reads `len` bytes from `data`, which outlives the BIO's use.
    let bio = unsafe { ffi::BIO_new_mem_buf(data.as_ptr() as *const c_void, len) };
    check(!bio.is_null(), "BIO_new_mem_buf")?;
    Ok(bio)
}

/// Verifies a detached signature with the OpenSSL library against `trusted` roots (used by
/// this crate's own self-checks; the project's verifier lives in `sigillo::verify`).
pub fn verify_detached(
    content: &[u8],
    p7s_der: &[u8],
    trusted: &[X509],
    at: Option<i64>,
) -> Result<(), ErrorStack> {
    let mut store = openssl::x509::store::X509StoreBuilder::new()?;
    for c in trusted {
        store.add_cert(c.clone())?;
    }
    let mut params = openssl::x509::verify::X509VerifyParam::new()?;
    params.set_purpose(openssl::x509::X509PurposeId::SMIME_SIGN)?;
    if let Some(t) = at {
        params.set_time(t as libc::time_t);
    }
    store.set_param(&params)?;
    let store = store.build();
    let mut cms = CmsContentInfo::from_der(p7s_der)?;
    cms.verify(
        None,
        Some(&store),
        Some(content),
        None,
        openssl::cms::CMSOptions::BINARY,
    )
}
