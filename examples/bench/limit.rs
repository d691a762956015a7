//! "The limit" of import: the least work any correct program must do to keep a mailbox of
//! signed PEC messages and trust them, written as plainly as possible, on every core:
//!
//! - read the mbox file once and split it into messages (Sigillo's own mbox reader);
//! - parse each message (mail-parser) and find its signed part and signature;
//! - hash the signed bytes and compare with the digest the signature covers;
//! - one public-key verification per message (the signer's key decoded once per distinct
//!   certificate: the same bytes are the same key);
//! - one certificate path validation per distinct signer certificate and signing day;
//! - write the raw bytes once (each worker appends to a file of its own; one `fsync` per file
//!   at the end, so the bytes are on disk when it returns, as Sigillo's are).
//!
//! No database, no classification, no search index, no report. Workers take the next message
//! when done with one (messages differ a lot in size: fixed shares would leave a core idle).

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, RwLock};

use anyhow::{Context, Result, anyhow, bail};
use chrono::{DateTime, Utc};
use mail_parser::{MessageParser, MimeHeaders, PartType};
use openssl::hash::{MessageDigest, hash};
use openssl::pkey::{PKey, Public};
use openssl::sign::Verifier;
use openssl::stack::Stack;
use openssl::x509::store::X509StoreBuilder;
use openssl::x509::verify::X509VerifyParam;
use openssl::x509::{X509, X509PurposeId, X509StoreContext};
use sigillo::import::mbox::{MboxReader, write_mbox};
use sigillo::verify::der;

use crate::data::Msg;
use crate::stats::{Contender, Samples};

/// What the workers share: decoded keys, path verdicts, the trust anchor.
struct Shared<'a> {
    root: &'a X509,
    /// Certificate bytes → its public key.
    keys: RwLock<HashMap<Vec<u8>, PKey<Public>>>,
    /// (certificate bytes, day since 1970) → the path held.
    paths: Mutex<HashMap<(Vec<u8>, i64), bool>>,
    /// Path validations done.
    validations: AtomicUsize,
}

fn digest_for(oid: &[u8]) -> Option<MessageDigest> {
    const SHA1: &[u8] = &[0x2b, 0x0e, 0x03, 0x02, 0x1a];
    const SHA2: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02];
    if oid == SHA1 {
        return Some(MessageDigest::sha1());
    }
    match oid.strip_prefix(SHA2) {
        Some([1]) => Some(MessageDigest::sha256()),
        Some([2]) => Some(MessageDigest::sha384()),
        Some([3]) => Some(MessageDigest::sha512()),
        _ => None,
    }
}

impl Shared<'_> {
    fn key(&self, cert: &[u8]) -> Option<PKey<Public>> {
        if let Some(k) = self.keys.read().ok()?.get(cert) {
            return Some(k.clone());
        }
        let k = X509::from_der(cert).ok()?.public_key().ok()?;
        self.keys.write().ok()?.insert(cert.to_vec(), k.clone());
        Some(k)
    }

    /// The signer's path to the root at signing time, validated once per certificate and day.
    fn path_holds(&self, cert: &[u8], carried: &[Vec<u8>], at: DateTime<Utc>) -> bool {
        let day = at.timestamp().div_euclid(86_400);
        let key = (cert.to_vec(), day);
        if let Some(&ok) = self
            .paths
            .lock()
            .ok()
            .and_then(|m| m.get(&key).copied())
            .as_ref()
        {
            return ok;
        }
        self.validations.fetch_add(1, Ordering::Relaxed);
        let ok = validate(self.root, cert, carried, at).unwrap_or(false);
        if let Ok(mut m) = self.paths.lock() {
            m.insert(key, ok);
        }
        ok
    }
}

fn validate(root: &X509, cert: &[u8], carried: &[Vec<u8>], at: DateTime<Utc>) -> Result<bool> {
    let mut builder = X509StoreBuilder::new()?;
    builder.add_cert(root.clone())?;
    let mut param = X509VerifyParam::new()?;
    param.set_time(at.timestamp() as _);
    param.set_purpose(X509PurposeId::SMIME_SIGN)?;
    builder.set_param(&param)?;
    let store = builder.build();
    let leaf = X509::from_der(cert)?;
    let mut chain = Stack::new()?;
    for c in carried.iter().filter(|c| c.as_slice() != cert) {
        chain.push(X509::from_der(c)?)?;
    }
    let mut ctx = X509StoreContext::new()?;
    Ok(ctx.init(&store, &leaf, &chain, |c| c.verify_cert())?)
}

/// Parses one message and checks its signature: true when it holds.
fn check(raw: &[u8], shared: &Shared<'_>) -> bool {
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
    let Some(info) = der::read_signed_data(signature.contents()) else {
        return false;
    };
    let Some(si) = info.signers.first() else {
        return false;
    };
    let (Some(attrs), Some(expected), Some(digest)) = (
        si.signed_attrs.as_deref(),
        si.message_digest.as_deref(),
        si.digest.as_ref().and_then(|a| digest_for(&a.oid)),
    ) else {
        return false;
    };
    // The hash of the signed bytes must be the one the signature covers.
    if hash(digest, content).ok().as_deref() != Some(expected) {
        return false;
    }
    // The signer: the certificate the SignerInfo names (a PEC signature carries the provider's
    // certificate first; a wrong pick fails the key check below).
    let Some(cert) = info.certificates.first() else {
        return false;
    };
    let Some(key) = shared.key(cert) else {
        return false;
    };
    // The signed attributes as the signature covers them (tagged as a SET).
    let verified = Verifier::new(digest, &key)
        .and_then(|mut v| {
            v.update(attrs)?;
            v.verify(&si.signature)
        })
        .unwrap_or(false);
    if !verified {
        return false;
    }
    let Some(at) = si.signing_time else {
        return false;
    };
    shared.path_holds(cert, &info.certificates, at)
}

/// Writes `msgs` as one mbox file at `path`, the limit's input (and `sigillo import`'s);
/// returns the bytes of the messages.
pub fn write_mbox_file(path: &Path, msgs: &[Msg]) -> Result<u64> {
    let refs: Vec<&[u8]> = msgs.iter().map(|m| m.bytes.as_slice()).collect();
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    write_mbox(&mut out, &refs)?;
    out.flush()?;
    Ok(refs.iter().map(|r| r.len() as u64).sum())
}

/// The limit run on an mbox of messages as one contender, with what its last run did.
/// Beside a sync, on the messages it downloads, it gives the sync's floor on this machine
/// ([`Floor`]).
pub struct OnSameMessages {
    mbox: PathBuf,
    out: PathBuf,
    done: Done,
}

impl OnSameMessages {
    /// Writes `msgs` as an mbox under `dir` and reads that.
    pub fn new(dir: &Path, msgs: &[Msg]) -> Result<OnSameMessages> {
        let mbox = dir.join("limit-mbox");
        write_mbox_file(&mbox, msgs)?;
        Ok(OnSameMessages::reading(mbox, dir))
    }

    /// Reads `mbox`, already written; writes its output under `dir`.
    pub fn reading(mbox: PathBuf, dir: &Path) -> OnSameMessages {
        OnSameMessages {
            mbox,
            out: dir.join("limit-out"),
            done: Done::default(),
        }
    }

    /// The contender, named `name`: the limit's run, on every core.
    pub fn contender<'a>(&'a mut self, name: &str, root: &'a X509) -> Contender<'a> {
        Contender::new(
            name,
            |_| Ok(()),
            move |_| {
                self.done = run(&self.mbox, &self.out, root, crate::import::workers())?;
                Ok(())
            },
        )
    }

    /// What the last run did; fails unless it checked and wrote every one of `n` messages
    /// of `bytes` bytes. Removes what it wrote.
    pub fn check(&self, n: usize, bytes: u64) -> Result<Done> {
        let done = self.done;
        if done.messages != n || done.valid != n || done.written != bytes {
            bail!(
                "the limit read, checked and wrote {done:?}: expected {n} valid messages of {bytes} bytes"
            );
        }
        let _ = std::fs::remove_dir_all(&self.out);
        Ok(done)
    }
}

/// The name of the limit's contender beside a sync.
pub const BESIDE_A_SYNC: &str = "limit's work on the same messages (no download)";

/// The least wall time a sync can take on this machine.
pub struct Floor {
    /// Seconds: no less than the download alone (its median wall time), and no less than the
    /// CPU the download costs (the server's included) plus the CPU of the limit's work on
    /// what it brought, spread over every core. Never more than Sigillo's own time, which did
    /// all that work: were the estimate above it, the download measured would be slower than
    /// a real client's, and Sigillo's time is the better bound.
    pub secs: f64,
    /// The estimate itself, not Sigillo's time bounding it: only then may a target it misses
    /// be called out of reach.
    pub measured: bool,
    /// How it was found, for the notes.
    pub text: String,
}

impl Floor {
    /// The floor of a sync whose download (`what`, e.g. "bare FETCH") took `download`, the
    /// limit's work on the same messages `work`, and Sigillo's whole sync `sigillo`.
    pub fn of(what: &str, download: &Samples, work: &Samples, sigillo: &Samples) -> Floor {
        let cores = crate::load::cores().max(1);
        let estimate = download
            .median()
            .max((download.median_cpu() + work.median_cpu()) / cores as f64);
        let measured = estimate <= sigillo.median();
        let secs = estimate.min(sigillo.median());
        let bounded = if measured {
            ""
        } else {
            " (bounded by Sigillo's own time, shorter than that estimate)"
        };
        let text = format!(
            "floor on this machine {}{bounded}: the {what} alone takes {} wall and {:.2} CPU-s \
             (server included), the limit's work on the same messages {:.2} CPU-s, on {cores} \
             cores",
            crate::stats::fmt_secs(secs),
            crate::stats::fmt_secs(download.median()),
            download.median_cpu(),
            work.median_cpu(),
        );
        Floor {
            secs,
            measured,
            text,
        }
    }
}

/// What a limit run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Done {
    /// Messages read from the file.
    pub messages: usize,
    /// Signatures that held.
    pub valid: usize,
    /// Certificate path validations run.
    pub validations: usize,
    /// Bytes written.
    pub written: u64,
}

/// The limit's work on each message on this thread (parse, hash, one key check, one path check
/// per signer and day, with the caches [`run`] shares), without reading or writing a file:
/// how many signatures held.
pub fn check_each(messages: &[Msg], root: &X509) -> usize {
    let shared = Shared {
        root,
        keys: RwLock::new(HashMap::new()),
        paths: Mutex::new(HashMap::new()),
        validations: AtomicUsize::new(0),
    };
    messages.iter().filter(|m| check(&m.bytes, &shared)).count()
}

/// Reads `mbox`, checks every message on `workers` threads and writes each message's bytes
/// once under `out` (removed first).
pub fn run(mbox: &Path, out: &Path, root: &X509, workers: usize) -> Result<Done> {
    let _ = std::fs::remove_dir_all(out);
    std::fs::create_dir_all(out)?;
    let file = std::fs::File::open(mbox).with_context(|| format!("reading {}", mbox.display()))?;
    let messages: Vec<Vec<u8>> = MboxReader::new(std::io::BufReader::with_capacity(1 << 20, file))
        .map(|m| m.map(|m| m.bytes))
        .collect::<std::io::Result<_>>()?;
    let shared = Shared {
        root,
        keys: RwLock::new(HashMap::new()),
        paths: Mutex::new(HashMap::new()),
        validations: AtomicUsize::new(0),
    };
    let next = AtomicUsize::new(0);
    let results: Vec<Result<(usize, u64)>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers.max(1))
            .map(|w| {
                let (shared, next, messages) = (&shared, &next, &messages);
                s.spawn(move || -> Result<(usize, u64)> {
                    let file = std::fs::File::create(out.join(format!("worker-{w}")))?;
                    let mut file = std::io::BufWriter::with_capacity(1 << 20, file);
                    let (mut valid, mut written) = (0usize, 0u64);
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(raw) = messages.get(i) else { break };
                        valid += usize::from(check(raw, shared));
                        file.write_all(raw)?;
                        written += raw.len() as u64;
                    }
                    let file = file.into_inner().map_err(|e| anyhow!("{}", e.error()))?;
                    file.sync_all()?;
                    Ok((valid, written))
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().map_err(|_| anyhow!("a limit thread died"))?)
            .collect()
    });
    let mut done = Done {
        messages: messages.len(),
        validations: shared.validations.load(Ordering::Relaxed),
        ..Done::default()
    };
    for r in results {
        let (v, w) = r?;
        done.valid += v;
        done.written += w;
    }
    Ok(done)
}
