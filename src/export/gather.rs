//! Gathers one dossier from the store: which messages belong to it (a sent message and every
//! receipt about it, or one received envelope), their exact stored bytes, a fresh signature
//! check of each at export time, and the files derived from them (daticert, signature,
//! certificates, inner message, attachments), each under a safe name.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, Utc};
use mail_parser::MessageParser;
use openssl::x509::X509;

use super::certs::{self, SignatureMaterial};
use super::filename::{self, NameSet};
use super::manifest::sha256_hex;
use crate::pec::timeline::{Policy, Timeline};
use crate::pec::{Classification, PecKind, mime};
use crate::store::{CopyRecord, MessageDetail, Store, StoreError};
use crate::verify::{TrustList, Verification, certinfo};

/// What a dossier is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DossierKind {
    /// A sent PEC with its receipts.
    Sent,
    /// A received certified envelope (or anomaly), with its inner message.
    Received,
    /// Any other single message.
    Single,
}

/// The part a message plays in its dossier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The message as the sender's client handed it to the provider.
    Sent,
    /// A receipt or notice about the sent message.
    Receipt,
    /// The message the dossier is about (envelope, anomaly, other).
    Main,
}

/// One stored message in a dossier.
pub struct Member {
    /// Store id.
    pub id: i64,
    /// Its part.
    pub role: Role,
    /// The exact stored bytes.
    pub raw: Vec<u8>,
    /// What the store knows (copies, kind).
    pub detail: MessageDetail,
    /// Classification of the certified content.
    pub classification: Classification,
    /// The bytes that classification was read from (the signed entity with the envelope's
    /// header fields), when the message has a readable detached or opaque signature.
    pub content: Option<Vec<u8>>,
    /// The signature check done at export time.
    pub verification: Verification,
    /// Signature material, for signed messages.
    pub material: Option<SignatureMaterial>,
    /// The event time used in its name and ordering.
    pub at: Option<DateTime<FixedOffset>>,
    /// File stem (`02_accettazione_20250205T091521Z`).
    pub stem: String,
    /// The `.eml` file.
    pub eml: String,
    /// The extracted daticert, if any.
    pub daticert: Option<String>,
    /// The extracted signature, if any.
    pub signature: Option<String>,
    /// The extracted inner message (`postacert.eml`), for received envelopes.
    pub inner: Option<String>,
    /// The signed entity as a file of its own, when it is nested inside the message.
    pub entity: Option<String>,
    /// The certificate file of its signer's path.
    pub chain_file: Option<String>,
    /// The anchor file of its signer's path.
    pub anchor_file: Option<String>,
}

/// An attachment written to the dossier.
#[derive(Debug, Clone)]
pub struct AttachmentFile {
    /// Path in the dossier.
    pub path: String,
    /// Name as the sender wrote it.
    pub original_name: Option<String>,
    /// Content type.
    pub content_type: String,
    /// Decoded size.
    pub size: usize,
    /// SHA-256 of the decoded bytes.
    pub sha256: String,
}

/// A certificate file written to the dossier.
#[derive(Debug, Clone)]
pub struct CertFile {
    /// Path in the dossier.
    pub path: String,
    /// True for a trust anchor (for `-CAfile`).
    pub anchor: bool,
    /// Subject of the first certificate.
    pub subject: String,
    /// SHA-256 fingerprint of the first certificate.
    pub sha256: String,
}

/// Everything one dossier holds, before the report and MANIFEST are made.
pub struct Dossier {
    /// The message id it was asked for.
    pub requested: i64,
    /// What it is about.
    pub kind: DossierKind,
    /// Folder name (safe).
    pub name: String,
    /// The messages, in file order.
    pub members: Vec<Member>,
    /// The per-recipient timeline (sent dossiers).
    pub timeline: Option<Timeline>,
    /// Attachments of the principal message.
    pub attachments: Vec<AttachmentFile>,
    /// Which member the attachments were read from (and whether from its inner message).
    pub attachments_from: Option<(String, bool)>,
    /// Certificate files.
    pub certificates: Vec<CertFile>,
    /// Every file except the report and the MANIFEST: (path, bytes).
    pub files: Vec<(String, Vec<u8>)>,
    /// Subject for titles.
    pub subject: Option<String>,
    /// Date for the folder name and the index.
    pub date: Option<DateTime<FixedOffset>>,
}

/// Which dossier a message belongs to: the sent transmission it is part of, or itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DossierKey {
    /// The transmission whose sent message (or first receipt) has this id.
    Transmission(i64),
    /// One message.
    Message(i64),
}

/// The dossier a stored message belongs to, and its timeline when it is a sent one.
pub fn key_of(
    store: &Store,
    id: i64,
    now: DateTime<Utc>,
    policy: &Policy,
) -> Result<(DossierKey, Option<Timeline>), StoreError> {
    let detail = store.message(id)?;
    let envelope = matches!(
        detail.row.kind,
        Some(PecKind::PostaCertificata | PecKind::Anomalia)
    );
    if !envelope && let Some(tl) = store.timeline_of(id, now, policy)? {
        let first = tl
            .sent_id
            .or_else(|| tl.notice_ids().first().copied())
            .unwrap_or(id);
        return Ok((DossierKey::Transmission(first), Some(tl)));
    }
    Ok((DossierKey::Message(id), None))
}

fn event_time(c: &Classification, d: &MessageDetail) -> Option<DateTime<FixedOffset>> {
    c.certification()
        .and_then(|x| x.time())
        .or(c.headers.summary.date)
        .or(d.row.date)
}

fn compact_utc(t: Option<DateTime<FixedOffset>>) -> String {
    t.map(|t| t.with_timezone(&Utc).format("%Y%m%dT%H%M%SZ").to_string())
        .unwrap_or_else(|| "senza-data".into())
}

/// Reads one member from the store and verifies it.
fn load(
    store: &Store,
    id: i64,
    role: Role,
    trust: &TrustList,
    now: DateTime<Utc>,
) -> Result<Member, StoreError> {
    let raw = store.raw(id)?;
    let detail = store.message(id)?;
    let (verification, classification, content) =
        crate::verify::open_at(&raw, trust, now).into_all();
    let material = certs::material(&raw, &verification, trust);
    let at = event_time(&classification, &detail);
    Ok(Member {
        id,
        role,
        raw,
        detail,
        classification,
        content,
        verification,
        material,
        at,
        stem: String::new(),
        eml: String::new(),
        daticert: None,
        signature: None,
        inner: None,
        entity: None,
        chain_file: None,
        anchor_file: None,
    })
}

/// Builds the dossier for `key`. `progress` is called after each message is read.
pub fn build(
    store: &Store,
    requested: i64,
    key: DossierKey,
    timeline: Option<Timeline>,
    trust: &TrustList,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(),
) -> Result<Dossier, StoreError> {
    let mut members = Vec::new();
    let kind;
    match (&key, &timeline) {
        (DossierKey::Transmission(_), Some(tl)) => {
            kind = DossierKind::Sent;
            if let Some(sent) = tl.sent_id {
                members.push(load(store, sent, Role::Sent, trust, now)?);
                progress();
            }
            let mut receipts = Vec::new();
            for id in tl.notice_ids() {
                if Some(id) == tl.sent_id {
                    continue;
                }
                receipts.push(load(store, id, Role::Receipt, trust, now)?);
                progress();
            }
            receipts.sort_by_key(|m| (m.at.map(|t| t.timestamp()), m.id));
            members.extend(receipts);
        }
        (_, _) => {
            let m = load(store, requested, Role::Main, trust, now)?;
            kind = if matches!(
                m.classification.kind,
                PecKind::PostaCertificata | PecKind::Anomalia
            ) {
                DossierKind::Received
            } else {
                DossierKind::Single
            };
            members.push(m);
            progress();
        }
    }

    let subject = match (&timeline, members.first()) {
        (Some(tl), _) if tl.subject.is_some() => tl.subject.clone(),
        (_, Some(m)) => m.classification.display_subject().map(str::to_owned),
        _ => None,
    };
    let date = match (&timeline, members.first()) {
        (Some(tl), _) if tl.sent_at.is_some() => tl.sent_at,
        (_, Some(m)) => m.at,
        _ => None,
    };
    // The other party: the first recipient of what was sent, the sender of what was received.
    let party = match (&timeline, members.first()) {
        (Some(tl), _) if !tl.recipients.is_empty() => Some(tl.recipients[0].address.clone()),
        (_, Some(m)) => m
            .classification
            .original
            .as_ref()
            .and_then(|o| o.summary.to.first().map(|x| x.address.clone()))
            .filter(|_| kind == DossierKind::Sent)
            .or_else(|| m.classification.display_sender().map(str::to_owned)),
        _ => None,
    };
    let party = party
        .map(|p| filename::slug(&p, 28, ""))
        .filter(|p| !p.is_empty())
        .map(|p| format!("{p}_"))
        .unwrap_or_default();
    let name = format!(
        "{}_{}_{}{}",
        date.map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_else(|| "senza-data".into()),
        filename::slug(subject.as_deref().unwrap_or(""), 48, "messaggio"),
        party,
        requested
    );

    let mut dossier = Dossier {
        requested,
        kind,
        name,
        members,
        timeline,
        attachments: Vec::new(),
        attachments_from: None,
        certificates: Vec::new(),
        files: Vec::new(),
        subject,
        date,
    };
    name_and_collect(&mut dossier);
    Ok(dossier)
}

/// Gives every file its name and collects the bytes.
fn name_and_collect(d: &mut Dossier) {
    let mut root = NameSet::new();
    for reserved in ["MANIFEST", "report.pdf", "certificates", "attachments"] {
        root.claim(reserved);
    }
    let mut cert_names = NameSet::new();
    // Certificates by fingerprint of the first one: (path, is_anchor).
    let mut written: BTreeMap<String, String> = BTreeMap::new();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut certificates = Vec::new();

    for (n, m) in d.members.iter_mut().enumerate() {
        let label = match m.role {
            Role::Sent => "messaggio-inviato".to_owned(),
            _ => m.classification.kind.as_str().to_owned(),
        };
        let recipient = m
            .classification
            .certification()
            .and_then(|x| x.consegna())
            .filter(|_| m.role == Role::Receipt)
            .map(|a| format!("_{}", filename::slug(&a, 40, "destinatario")))
            .unwrap_or_default();
        let stem = format!("{:02}_{label}{recipient}_{}", n + 1, compact_utc(m.at));
        let stem = root.claim(&stem);
        m.eml = format!("{stem}.eml");
        files.push((m.eml.clone(), m.raw.clone()));
        if let Some(bytes) = &m.classification.daticert_bytes {
            let p = format!("{stem}.daticert.xml");
            files.push((p.clone(), bytes.clone()));
            m.daticert = Some(p);
        }
        // A REM message's certification data: its ETSI evidence, byte-exact.
        if let Some(bytes) = m
            .classification
            .rem
            .as_ref()
            .and_then(|r| r.evidence_bytes.as_ref())
        {
            let p = format!("{stem}.evidence.xml");
            files.push((p.clone(), bytes.clone()));
            m.daticert = Some(p);
        }
        if let Some(mat) = &m.material {
            let p = format!("{stem}.smime.{}", if mat.opaque { "p7m" } else { "p7s" });
            files.push((p.clone(), mat.der.clone()));
            m.signature = Some(p);
            if let Some(entity) = certs::nested_signed_entity(&m.raw) {
                let p = format!("{stem}.signed.eml");
                files.push((p.clone(), entity));
                m.entity = Some(p);
            }
            // The provider's path (without the anchor), then the anchor on its own.
            let without_anchor: Vec<X509> = match &mat.anchor {
                Some(_) => mat.chain[..mat.chain.len() - 1].to_vec(),
                None => mat.chain.clone(),
            };
            if let Some(first) = without_anchor.first() {
                let fp = certinfo::fingerprint(first);
                let path = written.entry(fp.clone()).or_insert_with(|| {
                    let info = certinfo::cert_info(first);
                    let who = info
                        .common_name
                        .clone()
                        .or(info.organization.clone())
                        .unwrap_or_else(|| "firmatario".into());
                    let name = cert_names
                        .claim(&format!("{}.pem", filename::slug(&who, 60, "firmatario")));
                    let path = format!("certificates/{name}");
                    files.push((path.clone(), certs::pem_with_comments(&without_anchor)));
                    certificates.push(CertFile {
                        path: path.clone(),
                        anchor: false,
                        subject: info.subject,
                        sha256: fp,
                    });
                    path
                });
                m.chain_file = Some(path.clone());
            }
            if let Some(anchor) = &mat.anchor {
                let fp = certinfo::fingerprint(anchor);
                let path = written.entry(fp.clone()).or_insert_with(|| {
                    let info = certinfo::cert_info(anchor);
                    let who = info
                        .common_name
                        .clone()
                        .or(info.organization.clone())
                        .unwrap_or_else(|| "ancora".into());
                    let name = cert_names.claim(&format!(
                        "anchor_{}.pem",
                        filename::slug(&who, 60, "ancora")
                    ));
                    let path = format!("certificates/{name}");
                    files.push((
                        path.clone(),
                        certs::pem_with_comments(std::slice::from_ref(anchor)),
                    ));
                    certificates.push(CertFile {
                        path: path.clone(),
                        anchor: true,
                        subject: info.subject,
                        sha256: fp,
                    });
                    path
                });
                m.anchor_file = Some(path.clone());
            }
        }
        if m.role == Role::Main
            && let Some(o) = &m.classification.original
        {
            let p = format!("{stem}.postacert.eml");
            files.push((p.clone(), o.bytes.clone()));
            m.inner = Some(p);
        }
        m.stem = stem;
    }

    // Attachments of the principal message: the sent message, else the original carried by a
    // receipt, else the inner message of an envelope, else the message itself.
    let source: Option<(usize, bool)> = match d.kind {
        DossierKind::Sent => d
            .members
            .iter()
            .position(|m| m.role == Role::Sent)
            .map(|i| (i, false))
            .or_else(|| {
                d.members
                    .iter()
                    .position(|m| m.classification.original.is_some())
                    .map(|i| (i, true))
            }),
        DossierKind::Received => Some((0, d.members[0].classification.original.is_some())),
        DossierKind::Single => Some((0, false)),
    };
    if let Some((i, inner)) = source {
        let m = &d.members[i];
        let bytes: &[u8] = if inner {
            m.classification
                .original
                .as_ref()
                .map(|o| o.bytes.as_slice())
                .unwrap_or(&[])
        } else {
            // The message's own attachments, from the signed entity when there is one.
            m.content.as_deref().unwrap_or(&m.raw)
        };
        let summary_names: Vec<(Option<String>, String)> = if inner {
            m.classification
                .original
                .as_ref()
                .map(|o| {
                    o.summary
                        .attachments
                        .iter()
                        .map(|a| (a.name.clone(), a.sha256.clone()))
                        .collect()
                })
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        let mut names = NameSet::new();
        // A file called MANIFEST anywhere but at a dossier's top would look like one.
        names.claim(super::manifest::FILE_NAME);
        for (k, (name, content_type, data)) in attachments(bytes).into_iter().enumerate() {
            let sha = sha256_hex(&data);
            let shown = summary_names
                .get(k)
                .filter(|(_, s)| *s == sha)
                .and_then(|(n, _)| n.clone())
                .or(name);
            let fallback = format!("allegato-{}", k + 1);
            let mut safe = filename::file_name(shown.as_deref().unwrap_or(""), &fallback);
            if shown.is_none()
                && let Some(s) = crate::p7m::name::sniff(&data)
            {
                safe = format!("{safe}.{}", s.extension);
            }
            let path = format!("attachments/{}", names.claim(&safe));
            d.attachments.push(AttachmentFile {
                path: path.clone(),
                original_name: shown,
                content_type,
                size: data.len(),
                sha256: sha,
            });
            files.push((path, data));
        }
        d.attachments_from = Some((m.eml.clone(), inner));
    }
    d.files = files;
    d.certificates = certificates;
}

/// The attachments of a message: (declared name, content type, decoded bytes), in the order
/// the PEC model lists them.
pub fn attachments(raw: &[u8]) -> Vec<(Option<String>, String, Vec<u8>)> {
    let Some(msg) = MessageParser::default().parse(raw) else {
        return Vec::new();
    };
    let view = mime::View::top(&msg);
    let mut out = Vec::new();
    for &id in msg.attachments.iter() {
        let Some(part) = mime::part(&msg, id) else {
            continue;
        };
        let bytes = mime::decoded_body(&view, part).into_owned();
        out.push((mime::file_name(part), mime::content_type(part), bytes));
    }
    out
}

/// Where a copy came from, in one line.
pub fn copy_line(c: &CopyRecord) -> String {
    let mut parts: Vec<String> = vec![c.source.as_str().to_owned()];
    for v in [&c.account, &c.folder, &c.path, &c.uidl]
        .into_iter()
        .flatten()
    {
        parts.push(v.clone());
    }
    if let (Some(v), Some(u)) = (c.uidvalidity, c.uid) {
        parts.push(format!("UID {v}/{u}"));
    }
    if let Some(o) = c.mbox_offset {
        parts.push(format!("@{o}"));
    }
    parts.join(" · ")
}
