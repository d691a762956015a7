//! The PDF report of a dossier, in the user's language: the message, the outcome per recipient,
//! every message's signature check with signer, signing time and where that time came from,
//! and how to check everything without Sigillo. Also the index of a multi-dossier export.

use chrono::{DateTime, FixedOffset, Utc};

use super::gather::{Dossier, DossierKind, Member, Role, copy_line};
use super::pdf::{Block, Document, Tone};
use crate::i18n::{
    Lang, arg, kind_label, note_text, receipt_label, state_label, status_explanation, status_label,
    time_source_label, tr, tr_args,
};
use crate::pec::timeline::RecipientState;
use crate::verify::Status;

/// `2025-02-05 10:15:22 +01:00`: the instant in the reader's local zone, with its offset, so
/// that times stamped in several zones read in one (the messages in the dossier keep the
/// offsets they were written with).
pub fn time_text(t: DateTime<FixedOffset>) -> String {
    crate::i18n::time_text::local_iso_seconds(t)
}

/// `2025-02-05 09:15:22 UTC`.
pub fn utc_text(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M:%S UTC").to_string()
}

fn opt_time(lang: Lang, t: Option<DateTime<FixedOffset>>) -> String {
    t.map(time_text)
        .unwrap_or_else(|| tr(lang, "export-unknown"))
}

fn state_tone(s: RecipientState) -> Tone {
    match s {
        RecipientState::Consegnato => Tone::Good,
        RecipientState::ErroreConsegna
        | RecipientState::NonAccettato
        | RecipientState::Virus
        | RecipientState::InRitardo => Tone::Bad,
        RecipientState::Preavviso | RecipientState::InAttesa => Tone::Warn,
        RecipientState::Accettato | RecipientState::Esterno => Tone::Normal,
    }
}

fn status_tone(s: Status) -> Tone {
    if s == Status::Valid {
        Tone::Good
    } else {
        Tone::Bad
    }
}

/// The PEC kind words of a member.
fn member_label(lang: Lang, m: &Member) -> String {
    match m.role {
        Role::Sent => tr(lang, "export-sent-message"),
        _ => kind_label(lang, m.classification.kind),
    }
}

/// True when the member's signature must be valid for the dossier to hold: a PEC message, or
/// anything that carries a signature.
pub fn signature_required(m: &Member) -> bool {
    m.classification.kind.is_pec() || m.material.is_some()
}

/// The openssl command that checks one message at its signing time.
///
/// Only for messages whose signature holds: the report promises the command succeeds.
pub fn openssl_command(m: &Member) -> Option<String> {
    if m.verification.status != Status::Valid {
        return None;
    }
    let anchor = m.anchor_file.as_deref()?;
    let t = m.verification.signing_time?;
    let certfile = match (&m.material, &m.chain_file) {
        (Some(mat), Some(chain)) if !mat.self_contained => format!(" -certfile {chain}"),
        _ => String::new(),
    };
    // The PEC trust point (AgID CA1) is not a root: OpenSSL accepts a path that ends at it
    // only with -partial_chain (its name constraints are still enforced).
    Some(format!(
        "openssl smime -verify -in {} -CAfile {anchor}{certfile} -partial_chain -purpose smimesign -attime {} -out /dev/null",
        m.entity.as_deref().unwrap_or(&m.eml),
        t.timestamp()
    ))
}

/// The report of one dossier.
pub fn dossier_report(d: &Dossier, lang: Lang, tool: &str, now: DateTime<Utc>) -> Document {
    let mut b: Vec<Block> = Vec::new();
    let subject = d
        .subject
        .clone()
        .unwrap_or_else(|| tr(lang, "export-no-subject"));
    let title_key = match d.kind {
        DossierKind::Sent => "export-title-sent",
        DossierKind::Received => "export-title-received",
        DossierKind::Single => "export-title-single",
    };
    let title = tr(lang, title_key);
    b.push(Block::Title(title.clone()));
    b.push(Block::Subtitle(subject.clone()));
    b.push(Block::Subtitle(tr_args(
        lang,
        "export-made-by",
        &[("tool", arg(tool)), ("time", arg(utc_text(now)))],
    )));
    b.push(Block::Space(6.0));
    b.push(Block::Paragraph(tr(lang, "export-intro")));

    message_section(d, lang, &mut b);
    if let Some(tl) = &d.timeline {
        timeline_section(d, tl, lang, &mut b);
    }
    members_section(d, lang, &mut b);
    how_to_section(d, lang, &mut b);

    Document {
        title: format!("{title} — {subject}"),
        lang: lang.code().to_owned(),
        producer: tool.to_owned(),
        created: now,
        footer: format!("{tool} · {}", d.name),
        page_label: page_label(lang),
        blocks: b,
    }
}

/// "page N of M" in `lang`, for a [`Document`].
pub fn page_label(lang: Lang) -> Box<dyn Fn(usize, usize) -> String> {
    Box::new(move |n, total| {
        tr_args(
            lang,
            "export-page",
            &[
                ("page", arg(n.to_string())),
                ("total", arg(total.to_string())),
            ],
        )
    })
}

fn message_section(d: &Dossier, lang: Lang, b: &mut Vec<Block>) {
    b.push(Block::Heading(tr(lang, "export-section-message")));
    let principal = d.members.first();
    let c = principal.map(|m| &m.classification);
    // Sender, subject and identifiers: the certified data first.
    let certified = d
        .members
        .iter()
        .find_map(|m| m.classification.certification());
    let sender = certified
        .and_then(|x| x.sender().map(str::to_owned))
        .or_else(|| c.and_then(|c| c.display_sender().map(str::to_owned)));
    b.push(Block::field(
        tr(lang, "export-sender"),
        sender.unwrap_or_else(|| tr(lang, "export-unknown")),
    ));
    b.push(Block::field(
        tr(lang, "export-subject"),
        d.subject
            .clone()
            .unwrap_or_else(|| tr(lang, "export-no-subject")),
    ));
    let when_key = if d.kind == DossierKind::Sent {
        "export-sent-at"
    } else {
        "export-date"
    };
    b.push(Block::field(tr(lang, when_key), opt_time(lang, d.date)));
    if let Some(x) = certified {
        if let Some(id) = x.message_ref() {
            b.push(Block::mono(tr(lang, "export-pec-id"), id.to_owned()));
        }
        if let Some(id) = x.client_msgid() {
            b.push(Block::mono(tr(lang, "export-msgid"), id));
        }
        if let Some(g) = x.provider() {
            b.push(Block::field(tr(lang, "export-provider"), g.to_owned()));
        }
    }
    // Recipients: from the timeline (sent) or from the certified data (received).
    let recipients: Vec<(String, Option<bool>)> = match &d.timeline {
        Some(tl) => tl
            .recipients
            .iter()
            .map(|r| (r.address.clone(), r.certified))
            .collect(),
        None => certified
            .map(|x| {
                x.recipients()
                    .iter()
                    .map(|r| {
                        (
                            r.address.clone(),
                            Some(r.tipo == crate::pec::RecipientType::Certificato),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default(),
    };
    for (i, (addr, certified)) in recipients.iter().enumerate() {
        let kind = match certified {
            Some(true) => tr(lang, "export-recipient-certified"),
            Some(false) => tr(lang, "export-recipient-external"),
            None => tr(lang, "export-recipient-unknown"),
        };
        let label = if i == 0 {
            tr(lang, "export-recipients")
        } else {
            String::new()
        };
        b.push(Block::field(label, format!("{addr} — {kind}")));
    }
    if let Some(m) = principal {
        b.push(Block::mono(
            tr(lang, "export-file-sha256"),
            format!("{} {}", m.detail.sha256, m.eml),
        ));
    }
    if let Some(m) = principal.filter(|m| m.inner.is_some())
        && let (Some(inner), Some(o)) = (&m.inner, &m.classification.original)
    {
        b.push(Block::mono(
            tr(lang, "export-inner-message"),
            format!("{} {inner}", super::manifest::sha256_hex(&o.bytes)),
        ));
    }

    b.push(Block::SubHeading(tr(lang, "export-attachments")));
    if let Some((from, inner)) = &d.attachments_from {
        let key = if *inner {
            "export-attachments-from-inner"
        } else {
            "export-attachments-from"
        };
        b.push(Block::Note(tr_args(lang, key, &[("file", arg(from))])));
    }
    if d.attachments.is_empty() {
        b.push(Block::Paragraph(tr(lang, "export-no-attachments")));
    }
    for a in &d.attachments {
        b.push(Block::field(
            a.original_name
                .clone()
                .unwrap_or_else(|| tr(lang, "export-unnamed")),
            tr_args(
                lang,
                "export-attachment-line",
                &[
                    ("type", arg(&a.content_type)),
                    ("size", crate::i18n::num(a.size)),
                    ("file", arg(&a.path)),
                ],
            ),
        ));
        b.push(Block::mono("SHA-256", a.sha256.clone()));
    }
}

fn file_of(d: &Dossier, id: i64) -> Option<&Member> {
    d.members.iter().find(|m| m.id == id)
}

fn timeline_section(
    d: &Dossier,
    tl: &crate::pec::timeline::Timeline,
    lang: Lang,
    b: &mut Vec<Block>,
) {
    b.push(Block::Heading(tr(lang, "export-section-timeline")));
    if tl.from_receipts_only {
        b.push(Block::Note(tr(lang, "export-from-receipts-only")));
    }
    let acc = &tl.acceptance;
    let acc_tone = match acc.state {
        crate::pec::timeline::AcceptanceState::Accettato => Tone::Good,
        crate::pec::timeline::AcceptanceState::NonAccettato => Tone::Bad,
        crate::pec::timeline::AcceptanceState::InAttesa => Tone::Warn,
    };
    b.push(Block::toned(
        tr(lang, "export-acceptance"),
        format!(
            "{} — {}",
            tr(lang, &format!("export-acceptance-{}", acc.state.as_str())),
            opt_time(lang, acc.at)
        ),
        acc_tone,
    ));
    if let Some(r) = &acc.reason {
        b.push(Block::field(
            tr(lang, "export-reason"),
            crate::i18n::timeline_reason_text(lang, r),
        ));
    }
    if let Some(m) = acc.receipt.and_then(|id| file_of(d, id)) {
        b.push(Block::mono(tr(lang, "export-proof"), m.eml.clone()));
    }
    for r in &tl.recipients {
        let kind = match r.certified {
            Some(true) => tr(lang, "export-recipient-certified"),
            Some(false) => tr(lang, "export-recipient-external"),
            None => tr(lang, "export-recipient-unknown"),
        };
        b.push(Block::SubHeading(format!("{} — {kind}", r.address)));
        b.push(Block::toned(
            tr(lang, "export-state"),
            format!("{} ({})", state_label(lang, r.state), r.state.as_str()),
            state_tone(r.state),
        ));
        b.push(Block::field(
            tr(lang, "export-state-since"),
            opt_time(lang, r.at),
        ));
        if let Some(reason) = &r.reason {
            b.push(Block::field(
                tr(lang, "export-reason"),
                crate::i18n::timeline_reason_text(lang, reason),
            ));
        }
        if let Some(t) = r.receipt_type {
            b.push(Block::field(
                tr(lang, "export-receipt-type"),
                receipt_label(lang, t),
            ));
        }
        for (i, id) in r.proof.iter().enumerate() {
            if let Some(m) = file_of(d, *id) {
                let label = if i == 0 {
                    tr(lang, "export-proof")
                } else {
                    String::new()
                };
                b.push(Block::mono(label, m.eml.clone()));
            }
        }
        for (i, x) in r.receipts.iter().enumerate() {
            let label = if i == 0 {
                tr(lang, "export-related")
            } else {
                String::new()
            };
            let file = file_of(d, x.id)
                .map(|m| m.eml.clone())
                .unwrap_or_else(|| format!("#{}", x.id));
            // A receipt whose signature is not valid proves nothing: it says so.
            let proven = if x.proven {
                String::new()
            } else {
                format!(" — {}", tr(lang, "export-not-proven"))
            };
            b.push(Block::field(
                label,
                format!(
                    "{} — {} — {file}{proven}",
                    kind_label(lang, x.kind),
                    opt_time(lang, x.at)
                ),
            ));
        }
    }
    if !tl.unassigned.is_empty() {
        b.push(Block::SubHeading(tr(lang, "export-unassigned")));
        for x in &tl.unassigned {
            let file = file_of(d, x.id)
                .map(|m| m.eml.clone())
                .unwrap_or_else(|| format!("#{}", x.id));
            let proven = if x.proven {
                String::new()
            } else {
                format!(" — {}", tr(lang, "export-not-proven"))
            };
            b.push(Block::Bullet(format!(
                "{} — {} — {file}{proven}",
                kind_label(lang, x.kind),
                opt_time(lang, x.at)
            )));
        }
    }
}

fn members_section(d: &Dossier, lang: Lang, b: &mut Vec<Block>) {
    b.push(Block::Heading(tr(lang, "export-section-files")));
    b.push(Block::Paragraph(tr(lang, "export-files-intro")));
    for m in &d.members {
        b.push(Block::SubHeading(format!(
            "{} — {}",
            m.stem,
            member_label(lang, m)
        )));
        b.push(Block::mono(tr(lang, "export-file"), m.eml.clone()));
        b.push(Block::mono("SHA-256", m.detail.sha256.clone()));
        b.push(Block::field(
            tr(lang, "export-size"),
            tr_args(
                lang,
                "export-bytes",
                &[("size", crate::i18n::num(m.raw.len()))],
            ),
        ));
        b.push(Block::field(
            tr(lang, "export-event-time"),
            opt_time(lang, m.at),
        ));
        if let Some(rem) = &m.classification.rem {
            // REM ("PEC europea"): the event and its reason, in words and by ETSI name.
            b.push(Block::field(
                tr(lang, "rem-badge"),
                tr(lang, "rem-format-label"),
            ));
            if let Some(e) = rem.event_name() {
                b.push(Block::field(
                    tr(lang, "rem-event"),
                    format!("{} ({e})", crate::i18n::rem_event_label(lang, &e)),
                ));
            }
            if let Some(r) = rem.reason_name() {
                b.push(Block::field(
                    tr(lang, "rem-reason"),
                    format!("{} ({r})", crate::i18n::rem_reason_text(lang, &r)),
                ));
            }
            let refers = rem.refers_to();
            if !refers.is_empty() {
                b.push(Block::field(tr(lang, "rem-refers-to"), refers.join(", ")));
            }
        }
        for (i, c) in m.detail.copies.iter().enumerate() {
            let label = if i == 0 {
                tr(lang, "export-source")
            } else {
                String::new()
            };
            b.push(Block::field(label, copy_line(c)));
        }
        let v = &m.verification;
        let required = signature_required(m);
        let tone = if required {
            status_tone(v.status)
        } else {
            Tone::Normal
        };
        b.push(Block::toned(
            tr(lang, "export-signature"),
            format!("{} ({})", status_label(lang, v.status), v.status.as_str()),
            tone,
        ));
        if !required {
            b.push(Block::Note(tr(lang, "export-plain-message")));
        } else if v.status != Status::Valid {
            b.push(Block::Note(status_explanation(lang, v.status)));
        }
        if let Some(s) = &v.signer {
            let mut who = vec![s.common_name.clone().unwrap_or_else(|| s.subject.clone())];
            who.extend(s.organization.clone());
            who.extend(s.emails.first().cloned());
            b.push(Block::field(tr(lang, "export-signer"), who.join(" — ")));
            b.push(Block::mono(
                tr(lang, "export-signer-sha256"),
                s.sha256.clone(),
            ));
        }
        if v.chain.len() > 1 {
            let names: Vec<String> = v
                .chain
                .iter()
                .map(|c| c.common_name.clone().unwrap_or_else(|| c.subject.clone()))
                .collect();
            b.push(Block::field(tr(lang, "export-chain"), names.join(" → ")));
        }
        if let (Some(t), Some(src)) = (v.signing_time, v.signing_time_source) {
            b.push(Block::field(
                tr(lang, "export-signing-time"),
                format!("{} — {}", utc_text(t), time_source_label(lang, src)),
            ));
        }
        for n in &v.notes {
            if let Some(text) = note_text(lang, n) {
                b.push(Block::toned(tr(lang, "export-note"), text, Tone::Warn));
            }
        }
        let cert_key = if m.classification.rem.is_some() {
            "rem-evidence"
        } else {
            "export-daticert-file"
        };
        for (key, path) in [
            (cert_key, &m.daticert),
            ("export-signature-file", &m.signature),
            ("export-inner-file", &m.inner),
            ("export-entity-file", &m.entity),
            ("export-chain-file", &m.chain_file),
            ("export-anchor-file", &m.anchor_file),
        ] {
            if let Some(p) = path {
                b.push(Block::mono(tr(lang, key), p.clone()));
            }
        }
    }
}

fn how_to_section(d: &Dossier, lang: Lang, b: &mut Vec<Block>) {
    b.push(Block::Heading(tr(lang, "export-section-howto")));
    b.push(Block::SubHeading(tr(lang, "export-howto-hashes")));
    b.push(Block::Paragraph(tr(lang, "export-howto-hashes-text")));
    b.push(Block::Code("sha256sum -c MANIFEST".into()));
    b.push(Block::Note(tr(lang, "export-howto-hashes-other")));
    b.push(Block::Code("shasum -a 256 -c MANIFEST".into()));
    b.push(Block::Code("certutil -hashfile FILE SHA256".into()));

    b.push(Block::SubHeading(tr(lang, "export-howto-signatures")));
    b.push(Block::Paragraph(tr(lang, "export-howto-signatures-text")));
    let mut any = false;
    for m in &d.members {
        if let Some(cmd) = openssl_command(m) {
            any = true;
            b.push(Block::Code(cmd));
        }
    }
    if !any {
        b.push(Block::Paragraph(tr(lang, "export-howto-no-signature")));
    }
    b.push(Block::Note(tr(lang, "export-howto-attime")));

    let anchors: Vec<_> = d.certificates.iter().filter(|c| c.anchor).collect();
    if !anchors.is_empty() {
        b.push(Block::SubHeading(tr(lang, "export-howto-anchor")));
        b.push(Block::Paragraph(tr(lang, "export-howto-anchor-text")));
        for a in anchors {
            b.push(Block::Code(format!(
                "openssl x509 -in {} -noout -subject -fingerprint -sha256",
                a.path
            )));
            b.push(Block::field(
                tr(lang, "export-anchor-subject"),
                a.subject.clone(),
            ));
            b.push(Block::mono("SHA-256", a.sha256.clone()));
        }
    }
    b.push(Block::SubHeading(tr(lang, "export-howto-sigillo")));
    b.push(Block::Code("sigillo verify-dossier .".into()));
}

/// One line of the index.
#[derive(Debug, Clone)]
pub struct IndexEntry {
    /// Folder of the dossier.
    pub folder: String,
    /// Sent or received.
    pub kind: DossierKind,
    /// Date.
    pub date: Option<DateTime<FixedOffset>>,
    /// Subject.
    pub subject: Option<String>,
    /// Sender.
    pub sender: Option<String>,
    /// `address: state` per recipient.
    pub recipients: Vec<(String, Option<RecipientState>)>,
    /// Signed messages whose signature holds / does not.
    pub signatures: (usize, usize),
}

/// The index of a multi-dossier export.
pub fn index_report(
    entries: &[IndexEntry],
    lang: Lang,
    tool: &str,
    now: DateTime<Utc>,
) -> Document {
    let mut b = vec![
        Block::Title(tr(lang, "export-index-title")),
        Block::Subtitle(tr_args(
            lang,
            "export-made-by",
            &[("tool", arg(tool)), ("time", arg(utc_text(now)))],
        )),
        Block::Paragraph(tr_args(
            lang,
            "export-index-intro",
            &[("count", crate::i18n::num(entries.len()))],
        )),
    ];
    for (i, e) in entries.iter().enumerate() {
        b.push(Block::SubHeading(format!(
            "{}. {}",
            i + 1,
            e.subject
                .clone()
                .unwrap_or_else(|| tr(lang, "export-no-subject"))
        )));
        b.push(Block::mono(tr(lang, "export-folder"), e.folder.clone()));
        let kind = match e.kind {
            DossierKind::Sent => tr(lang, "export-kind-sent"),
            DossierKind::Received => tr(lang, "export-kind-received"),
            DossierKind::Single => tr(lang, "export-kind-single"),
        };
        b.push(Block::field(tr(lang, "export-kind"), kind));
        b.push(Block::field(
            tr(lang, "export-date"),
            opt_time(lang, e.date),
        ));
        if let Some(s) = &e.sender {
            b.push(Block::field(tr(lang, "export-sender"), s.clone()));
        }
        for (k, (addr, state)) in e.recipients.iter().enumerate() {
            let label = if k == 0 {
                tr(lang, "export-recipients")
            } else {
                String::new()
            };
            let value = match state {
                Some(s) => format!("{addr} — {}", state_label(lang, *s)),
                None => addr.clone(),
            };
            b.push(Block::toned(
                label,
                value,
                state.map(state_tone).unwrap_or_default(),
            ));
        }
        let (ok, bad) = e.signatures;
        b.push(Block::toned(
            tr(lang, "export-signatures"),
            tr_args(
                lang,
                "export-signatures-count",
                &[
                    ("valid", crate::i18n::num(ok)),
                    ("invalid", crate::i18n::num(bad)),
                ],
            ),
            if bad > 0 { Tone::Bad } else { Tone::Good },
        ));
    }
    b.push(Block::SubHeading(tr(lang, "export-howto-hashes")));
    b.push(Block::Paragraph(tr(lang, "export-index-howto")));
    b.push(Block::Code("sha256sum -c MANIFEST".into()));
    Document {
        title: tr(lang, "export-index-title"),
        lang: lang.code().to_owned(),
        producer: tool.to_owned(),
        created: now,
        footer: tool.to_owned(),
        page_label: page_label(lang),
        blocks: b,
    }
}
