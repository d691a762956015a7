//! "The limit" of import: only what any client must do to trust a PEC message, written as
//! plainly as possible — mail-parser parses the message, OpenSSL checks the CMS signature of
//! the signed part (content digest, signer's signature, and the path to the trusted root at
//! the current time). No store, no classification, no report. One loop per worker thread, as
//! many workers as Sigillo's import uses.

use anyhow::{Result, anyhow};
use mail_parser::{MessageParser, MimeHeaders, PartType};
use openssl::cms::{CMSOptions, CmsContentInfo};
use openssl::x509::X509;
use openssl::x509::store::{X509Store, X509StoreBuilder};

/// A trust store holding the given root.
pub fn store(root: &X509) -> Result<X509Store> {
    let mut b = X509StoreBuilder::new()?;
    b.add_cert(root.clone())?;
    Ok(b.build())
}

/// Parses one message and checks its signature; true when the signature holds.
pub fn parse_and_verify(raw: &[u8], store: &X509Store) -> bool {
    let Some(msg) = MessageParser::default().parse(raw) else {
        return false;
    };
    let Some(root) = msg.parts.first() else {
        return false;
    };
    let PartType::Multipart(children) = &root.body else {
        return false;
    };
    let (Some(&signed), Some(&signature)) = (children.first(), children.get(1)) else {
        return false;
    };
    let (Some(signed), Some(signature)) = (
        msg.parts.get(signed as usize),
        msg.parts.get(signature as usize),
    ) else {
        return false;
    };
    if !signature
        .content_type()
        .and_then(|c| c.subtype())
        .is_some_and(|s| s.to_ascii_lowercase().contains("pkcs7-signature"))
    {
        return false;
    }
    let content = &raw[signed.offset_header as usize..signed.offset_end as usize];
    let Ok(mut cms) = CmsContentInfo::from_der(signature.contents()) else {
        return false;
    };
    cms.verify(None, Some(store), Some(content), None, CMSOptions::BINARY)
        .is_ok()
}

/// Checks every message on `workers` threads; returns how many signatures held.
pub fn run(messages: &[&[u8]], store: &X509Store, workers: usize) -> Result<usize> {
    let chunk = messages.len().div_ceil(workers.max(1)).max(1);
    let counts: Vec<usize> = std::thread::scope(|s| {
        let handles: Vec<_> = messages
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    part.iter()
                        .filter(|raw| parse_and_verify(raw, store))
                        .count()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().map_err(|_| anyhow!("a limit thread died")))
            .collect::<Result<Vec<_>>>()
    })?;
    Ok(counts.iter().sum())
}
