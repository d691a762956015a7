//! The filing package of a notification made by PEC (L. 53/1994): what a lawyer attaches to a
//! court filing, without renaming anything.
//!
//! Courts want the original receipts, not prints of them: the acceptance receipt and every
//! delivery receipt as the exact `.eml` the provider signed, and the notified message as the
//! provider delivered it (the original carried by a `completa` delivery receipt). The package
//! of a sent PEC holds:
//!
//! ```text
//! 01_ricevuta-accettazione.eml                           the acceptance receipt
//! 02_ricevuta-consegna_<recipient>.eml                   each recipient's deciding receipt
//! 02_ricevuta-mancata-consegna_<recipient>.eml           (or its non-delivery notice)
//! 03_messaggio-notificato.eml                            the original a completa receipt carries
//! 04_riepilogo-notifica.pdf                              one page: who, when, which file proves it
//! ```
//!
//! Names use only ASCII letters, digits, `-` and `_` before one extension (what courts' filing
//! systems accept). Only receipts whose provider signature holds now, checked on exactly the
//! bytes filed (`verify::open`), prove anything: a receipt that does not is still filed when it
//! is all there is, and said so. Warnings name every recipient whose delivery is not proven
//! by a `completa` receipt: a `breve` or `sintetica` receipt (it does not carry what was
//! delivered), a non-delivery, no receipt at all, or an external recipient (outside PEC: no
//! receipt will ever come, and the notification is not made).

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::gather::{self, DossierKey, DossierKind, Member};
use super::pdf::{Block, Document, Tone};
use super::report::time_text;
use super::{ExportError, manifest::sha256_hex};
use crate::i18n::{Lang, arg, tr, tr_args};
use crate::pec::timeline::{Policy, RecipientState};
use crate::pec::{PecKind, ReceiptType};
use crate::store::Store;
use crate::verify::{Status, TrustList};

/// Longest file name (with extension).
const MAX_NAME: usize = 96;

/// Something the lawyer must know before filing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "warning", rename_all = "kebab-case")]
pub enum FilingWarning {
    /// No acceptance receipt whose signature holds.
    NoAcceptance,
    /// A receipt is filed whose provider signature does not hold now: it proves nothing.
    NotProven {
        /// The file.
        file: String,
        /// The outcome.
        status: Status,
    },
    /// The recipient's delivery receipt is not `completa`: it does not carry what was
    /// delivered.
    NotCompleta {
        /// The recipient.
        recipient: String,
        /// Its type.
        receipt: ReceiptType,
    },
    /// No delivery receipt for the recipient.
    NoDeliveryReceipt {
        /// The recipient.
        recipient: String,
        /// Its state.
        state: RecipientState,
    },
    /// The message was not delivered to the recipient.
    NotDelivered {
        /// The recipient.
        recipient: String,
        /// Its state.
        state: RecipientState,
    },
    /// The recipient is outside PEC: no receipt will come; a notification there is not made.
    External {
        /// The recipient.
        recipient: String,
    },
    /// No proven `completa` receipt carries the original: the sent copy is filed instead and
    /// the provider does not vouch for it.
    OriginalFromSentCopy,
    /// Neither a carried original nor the sent message is stored.
    NoOriginal,
}

/// One file of the package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FilingFile {
    /// Its name.
    pub name: String,
    /// Its SHA-256.
    pub sha256: String,
    /// The stored message it is (or was taken from).
    pub message: Option<i64>,
    /// True when it is a receipt whose provider signature holds now.
    pub proven: bool,
}

/// A filing package, made but not written.
#[derive(Debug, Clone)]
pub struct FilingPackage {
    /// Folder name for it.
    pub name: String,
    /// (name, bytes) of every file, the summary last.
    pub files: Vec<(String, Vec<u8>)>,
    /// What each file is.
    pub listing: Vec<FilingFile>,
    /// Warnings, in recipient order.
    pub warnings: Vec<FilingWarning>,
    /// SHA-256 of every stored message in it.
    pub messages: Vec<String>,
}

/// `slug` for a filing name: ASCII letters and digits, runs of anything else become one `-`.
pub fn court_safe(text: &str, max: usize) -> String {
    let ascii = deunicode::deunicode(text).to_ascii_lowercase();
    let mut out = String::new();
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= max {
            break;
        }
    }
    let out = out.trim_end_matches('-').to_owned();
    if out.is_empty() { "x".into() } else { out }
}

/// A recipient's address for a file name: `anna-bianchi_pec-beta-test`.
fn recipient_part(address: &str) -> String {
    match address.rsplit_once('@') {
        Some((local, domain)) => format!("{}_{}", court_safe(local, 40), court_safe(domain, 40)),
        None => court_safe(address, 60),
    }
}

/// True when a file name is made only of what courts accept.
pub fn is_court_safe(name: &str) -> bool {
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return false;
    };
    name.len() <= MAX_NAME
        && !stem.is_empty()
        && stem
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        && matches!(ext, "eml" | "pdf")
}

struct Names(BTreeSet<String>);

impl Names {
    fn claim(&mut self, stem: &str, ext: &str) -> String {
        let stem: String = stem.chars().take(MAX_NAME - ext.len() - 4).collect();
        let mut name = format!("{stem}.{ext}");
        let mut n = 2;
        while !self.0.insert(name.clone()) {
            name = format!("{stem}-{n}.{ext}");
            n += 1;
        }
        name
    }
}

fn kind_part(kind: PecKind) -> &'static str {
    match kind {
        PecKind::Accettazione => "ricevuta-accettazione",
        PecKind::NonAccettazione => "avviso-non-accettazione",
        PecKind::AvvenutaConsegna => "ricevuta-consegna",
        PecKind::ErroreConsegna => "avviso-mancata-consegna",
        PecKind::PreavvisoErroreConsegna => "avviso-preavviso-mancata-consegna",
        PecKind::RilevazioneVirus => "avviso-rilevazione-virus",
        PecKind::PresaInCarico => "ricevuta-presa-in-carico",
        _ => "messaggio",
    }
}

/// Makes the filing package of the sent PEC that message `id` belongs to (the sent message
/// or any of its receipts). Every receipt is checked again against `trust`.
pub fn build(
    store: &Store,
    trust: &TrustList,
    id: i64,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<FilingPackage, ExportError> {
    let policy = Policy::default();
    let (key, timeline) = gather::key_of(store, id, now, &policy)?;
    if !matches!(key, DossierKey::Transmission(_)) || timeline.is_none() {
        return Err(ExportError::NotASentPec(id));
    }
    let d = gather::build(store, id, key, timeline, trust, now, &mut || {})?;
    if d.kind != DossierKind::Sent {
        return Err(ExportError::NotASentPec(id));
    }
    let tl = d.timeline.clone().ok_or(ExportError::NotASentPec(id))?;
    let member = |mid: i64| d.members.iter().find(|m| m.id == mid);
    let proven = |m: &Member| m.verification.status == Status::Valid;

    let mut names = Names(BTreeSet::new());
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut listing: Vec<FilingFile> = Vec::new();
    let mut warnings: Vec<FilingWarning> = Vec::new();
    let put = |files: &mut Vec<(String, Vec<u8>)>,
               listing: &mut Vec<FilingFile>,
               warnings: &mut Vec<FilingWarning>,
               name: String,
               bytes: Vec<u8>,
               m: Option<&Member>| {
        let is_proven = m.is_some_and(proven);
        if let Some(m) = m
            && !is_proven
            && m.role == gather::Role::Receipt
        {
            warnings.push(FilingWarning::NotProven {
                file: name.clone(),
                status: m.verification.status,
            });
        }
        listing.push(FilingFile {
            name: name.clone(),
            sha256: sha256_hex(&bytes),
            message: m.map(|m| m.id),
            proven: is_proven,
        });
        files.push((name, bytes));
    };

    // 1. Acceptance: the deciding notice, proven ones first.
    let acceptance = tl.acceptance.receipt.and_then(member).or_else(|| {
        d.members
            .iter()
            .find(|m| m.classification.kind == PecKind::Accettazione && proven(m))
    });
    match acceptance {
        Some(m) => {
            if !proven(m) {
                warnings.push(FilingWarning::NoAcceptance);
            }
            let name = names.claim(&format!("01_{}", kind_part(m.classification.kind)), "eml");
            put(
                &mut files,
                &mut listing,
                &mut warnings,
                name,
                m.raw.clone(),
                Some(m),
            );
        }
        None => warnings.push(FilingWarning::NoAcceptance),
    }

    // 2. Each recipient's deciding receipt; warnings for what does not prove a notification.
    let mut carried: Option<(Vec<u8>, i64)> = None;
    for row in &tl.recipients {
        let state = row.state_at(now, &policy);
        if row.certified == Some(false) || state == RecipientState::Esterno {
            warnings.push(FilingWarning::External {
                recipient: row.address.clone(),
            });
            continue;
        }
        // The deciding receipts that hold first, then the others.
        // (The acceptance decides an accepted recipient's state: it is filed once, above.)
        let mut deciding: Vec<&Member> = row
            .proof
            .iter()
            .filter_map(|&p| member(p))
            .filter(|m| {
                !matches!(
                    m.classification.kind,
                    PecKind::Accettazione | PecKind::NonAccettazione
                )
            })
            .collect();
        deciding.sort_by_key(|m| !proven(m));
        let delivery = deciding
            .iter()
            .find(|m| m.classification.kind == PecKind::AvvenutaConsegna)
            .copied();
        match delivery {
            Some(m) => {
                let receipt = m
                    .classification
                    .receipt_type
                    .unwrap_or(ReceiptType::Completa);
                if receipt != ReceiptType::Completa {
                    warnings.push(FilingWarning::NotCompleta {
                        recipient: row.address.clone(),
                        receipt,
                    });
                } else if proven(m)
                    && carried.is_none()
                    && let Some(o) = &m.classification.original
                {
                    carried = Some((o.bytes.clone(), m.id));
                }
                let name = names.claim(
                    &format!(
                        "02_{}_{}",
                        kind_part(m.classification.kind),
                        recipient_part(&row.address)
                    ),
                    "eml",
                );
                put(
                    &mut files,
                    &mut listing,
                    &mut warnings,
                    name,
                    m.raw.clone(),
                    Some(m),
                );
            }
            None => {
                if deciding.is_empty() {
                    warnings.push(FilingWarning::NoDeliveryReceipt {
                        recipient: row.address.clone(),
                        state,
                    });
                } else {
                    warnings.push(FilingWarning::NotDelivered {
                        recipient: row.address.clone(),
                        state,
                    });
                }
                for m in deciding {
                    let name = names.claim(
                        &format!(
                            "02_{}_{}",
                            kind_part(m.classification.kind),
                            recipient_part(&row.address)
                        ),
                        "eml",
                    );
                    put(
                        &mut files,
                        &mut listing,
                        &mut warnings,
                        name,
                        m.raw.clone(),
                        Some(m),
                    );
                }
            }
        }
    }

    // 3. The notified message: as a completa receipt carries it, else the sent copy.
    let sent = tl.sent_id.and_then(member);
    match (&carried, sent) {
        (Some((bytes, from)), _) => {
            let name = names.claim("03_messaggio-notificato", "eml");
            let m = member(*from);
            listing.push(FilingFile {
                name: name.clone(),
                sha256: sha256_hex(bytes),
                message: m.map(|m| m.id),
                proven: true,
            });
            files.push((name, bytes.clone()));
        }
        (None, Some(m)) => {
            warnings.push(FilingWarning::OriginalFromSentCopy);
            let name = names.claim("03_messaggio-inviato", "eml");
            listing.push(FilingFile {
                name: name.clone(),
                sha256: sha256_hex(&m.raw),
                message: Some(m.id),
                proven: false,
            });
            files.push((name, m.raw.clone()));
        }
        (None, None) => warnings.push(FilingWarning::NoOriginal),
    }

    // 4. The summary.
    let summary_name = names.claim("04_riepilogo-notifica", "pdf");
    let doc = summary(&d, &tl, &listing, &warnings, lang, now);
    let pdf = super::pdf::render(&doc)?;
    listing.push(FilingFile {
        name: summary_name.clone(),
        sha256: sha256_hex(&pdf),
        message: None,
        proven: false,
    });
    files.push((summary_name, pdf));

    let stamp = tl
        .sent_at
        .map(|t| t.with_timezone(&Utc).format("%Y%m%d").to_string())
        .unwrap_or_else(|| now.format("%Y%m%d").to_string());
    let name = format!(
        "notifica_{stamp}_{}",
        court_safe(tl.subject.as_deref().unwrap_or("pec"), 48)
    );
    Ok(FilingPackage {
        name,
        files,
        listing,
        messages: d.members.iter().map(|m| m.detail.sha256.clone()).collect(),
        warnings,
    })
}

/// One sentence per warning.
pub fn warning_text(lang: Lang, w: &FilingWarning) -> String {
    match w {
        FilingWarning::NoAcceptance => tr(lang, "filing-warn-no-acceptance"),
        FilingWarning::NotProven { file, status } => tr_args(
            lang,
            "filing-warn-not-proven",
            &[
                ("file", arg(file)),
                ("status", arg(crate::i18n::status_label(lang, *status))),
            ],
        ),
        FilingWarning::NotCompleta { recipient, receipt } => tr_args(
            lang,
            "filing-warn-not-completa",
            &[
                ("recipient", arg(recipient)),
                ("receipt", arg(receipt.as_str())),
            ],
        ),
        FilingWarning::NoDeliveryReceipt { recipient, state } => tr_args(
            lang,
            "filing-warn-no-delivery",
            &[
                ("recipient", arg(recipient)),
                ("state", arg(crate::i18n::state_label(lang, *state))),
            ],
        ),
        FilingWarning::NotDelivered { recipient, state } => tr_args(
            lang,
            "filing-warn-not-delivered",
            &[
                ("recipient", arg(recipient)),
                ("state", arg(crate::i18n::state_label(lang, *state))),
            ],
        ),
        FilingWarning::External { recipient } => tr_args(
            lang,
            "filing-warn-external",
            &[("recipient", arg(recipient))],
        ),
        FilingWarning::OriginalFromSentCopy => tr(lang, "filing-warn-sent-copy"),
        FilingWarning::NoOriginal => tr(lang, "filing-warn-no-original"),
    }
}

/// The one-page summary: who, when, which file proves it, and the warnings.
fn summary(
    d: &gather::Dossier,
    tl: &crate::pec::timeline::Timeline,
    listing: &[FilingFile],
    warnings: &[FilingWarning],
    lang: Lang,
    now: DateTime<Utc>,
) -> Document {
    let file_of = |id: i64| {
        listing
            .iter()
            .find(|f| f.message == Some(id))
            .map(|f| f.name.clone())
            .unwrap_or_else(|| "-".into())
    };
    let sender = d
        .members
        .iter()
        .find_map(|m| {
            m.classification
                .daticert
                .as_ref()
                .and_then(|x| x.mittente.clone())
        })
        .unwrap_or_else(|| "-".into());
    let mut blocks = vec![
        Block::Title(tr(lang, "filing-title")),
        Block::Subtitle(tl.subject.clone().unwrap_or_else(|| "-".into())),
        Block::field(tr(lang, "filing-sender"), sender),
        Block::field(
            tr(lang, "filing-sent-at"),
            tl.sent_at.map(time_text).unwrap_or_else(|| "-".into()),
        ),
        Block::mono(
            tr(lang, "filing-identificativo"),
            tl.identificativo.clone().unwrap_or_else(|| "-".into()),
        ),
    ];
    let acceptance_file = tl.acceptance.receipt.map(file_of);
    blocks.push(Block::toned(
        tr(lang, "filing-accepted"),
        match (tl.acceptance.at, &acceptance_file) {
            (Some(at), Some(f)) => format!("{} — {f}", time_text(at)),
            _ => tr(lang, "filing-none"),
        },
        if acceptance_file.is_some() && !warnings.contains(&FilingWarning::NoAcceptance) {
            Tone::Good
        } else {
            Tone::Bad
        },
    ));
    blocks.push(Block::Heading(tr(lang, "filing-recipients")));
    for row in &tl.recipients {
        let state = row.state_at(now, &Policy::default());
        let proof = row
            .proof
            .iter()
            .map(|&p| file_of(p))
            .filter(|f| f != "-")
            .collect::<Vec<_>>()
            .join(", ");
        let value = format!(
            "{} {}{}{}",
            crate::i18n::state_label(lang, state),
            row.at.map(time_text).unwrap_or_default(),
            row.receipt_type
                .map(|r| format!(" ({})", r.as_str()))
                .unwrap_or_default(),
            if proof.is_empty() {
                String::new()
            } else {
                format!(" — {proof}")
            }
        );
        let good = state == RecipientState::Consegnato
            && row.receipt_type == Some(ReceiptType::Completa)
            && !warnings.iter().any(|w| matches!(w, FilingWarning::NotProven { file, .. } if proof.contains(file.as_str())));
        blocks.push(Block::toned(
            row.address.clone(),
            value,
            if good { Tone::Good } else { Tone::Warn },
        ));
    }
    if !warnings.is_empty() {
        blocks.push(Block::Heading(tr(lang, "filing-warnings")));
        for w in warnings {
            blocks.push(Block::Bullet(warning_text(lang, w)));
        }
    }
    blocks.push(Block::Heading(tr(lang, "filing-files")));
    for f in listing {
        blocks.push(Block::mono(f.name.clone(), f.sha256.clone()));
    }
    blocks.push(Block::Note(tr_args(
        lang,
        "filing-note",
        &[("time", arg(super::report::utc_text(now)))],
    )));
    Document {
        title: tr(lang, "filing-title"),
        lang: lang.code().to_owned(),
        producer: super::tool_name(),
        created: now,
        footer: super::tool_name(),
        page_label: super::report::page_label(lang),
        blocks,
    }
}

/// What writing a filing package did.
#[derive(Debug, Clone)]
pub struct FilingSummary {
    /// The folder or ZIP written.
    pub path: std::path::PathBuf,
    /// Its files.
    pub files: Vec<FilingFile>,
    /// The warnings.
    pub warnings: Vec<FilingWarning>,
    /// SHA-256 of the summary PDF (what the register records).
    pub summary_sha256: String,
    /// SHA-256 of every stored message in it.
    pub messages: Vec<String>,
}

/// Makes the filing package of message `id`'s sent PEC and writes it to `out` (a new folder
/// or ZIP, or inside an existing folder under the package's name), as an export does.
pub fn export_filing(
    store: &Store,
    trust: &TrustList,
    id: i64,
    out: &std::path::Path,
    options: &super::ExportOptions,
) -> Result<FilingSummary, ExportError> {
    let package = build(store, trust, id, options.lang, options.now)?;
    let dest = super::destination(out, &package.name, options)?;
    let mut sink = match options.format {
        super::Format::Folder => super::sink::Sink::folder(&dest)?,
        super::Format::Zip => super::sink::Sink::zip(&dest, &package.name, options.now)?,
    };
    for (name, bytes) in &package.files {
        if let Err(e) = sink.add(name, bytes) {
            sink.abandon();
            return Err(e);
        }
    }
    sink.finish(&dest)?;
    Ok(FilingSummary {
        path: dest,
        summary_sha256: package
            .listing
            .last()
            .map(|f| f.sha256.clone())
            .unwrap_or_default(),
        files: package.listing,
        warnings: package.warnings,
        messages: package.messages,
    })
}
