//! Words for REM ("PEC europea"): events, reasons, and what a reader should know.

use super::{Lang, arg, tr, tr_args};
use crate::pec::rem::RemIssue;
use crate::pec::rem::event::{self, Event};
use crate::pec::rem::evidence::EvidenceIssue;

/// The reader-facing name of an event (its ETSI name when Sigillo does not know it).
pub fn rem_event_label(lang: Lang, name: &str) -> String {
    match Event::parse(name) {
        Some(e) => tr(lang, &format!("rem-event-{}", e.as_str())),
        None => event::local_name(name).to_owned(),
    }
}

/// A reason in words; a reason Sigillo does not know is shown as written.
pub fn rem_reason_text(lang: Lang, reason: &str) -> String {
    match event::reason_key(reason) {
        Some(key) => tr(lang, &key),
        None => event::local_name(reason).to_owned(),
    }
}

/// A timeline reason in words: a REM reason code reads as its words followed by the code; any
/// other reason (a PEC provider's own text) as written.
pub fn timeline_reason_text(lang: Lang, reason: &str) -> String {
    match event::reason_key(reason) {
        Some(key) if event::local_name(reason) == reason.trim() => {
            format!("{} ({})", tr(lang, &key), reason.trim())
        }
        _ => reason.to_owned(),
    }
}

/// What is wrong with an evidence, in words.
pub fn evidence_issue_text(lang: Lang, issue: &EvidenceIssue) -> String {
    match issue {
        EvidenceIssue::Unreadable { reason } => {
            tr_args(lang, "rem-evidence-unreadable", &[("reason", arg(reason))])
        }
        EvidenceIssue::NotEvidence { root } => {
            tr_args(lang, "rem-evidence-not-evidence", &[("root", arg(root))])
        }
        EvidenceIssue::UnknownEvent { value } => {
            tr_args(lang, "rem-evidence-unknown-event", &[("value", arg(value))])
        }
        EvidenceIssue::BadRecipientIndex { value } => {
            tr_args(lang, "rem-evidence-bad-index", &[("value", arg(value))])
        }
        EvidenceIssue::Unsigned => tr(lang, "rem-evidence-unsigned"),
    }
}

/// One sentence on a REM issue.
pub fn rem_issue_text(lang: Lang, issue: &RemIssue) -> String {
    let key = format!("warn-{}", issue.code());
    match issue {
        RemIssue::HeaderDiffers {
            header,
            outer,
            certified,
        } => tr_args(
            lang,
            &key,
            &[
                ("header", arg(*header)),
                ("outer", arg(outer)),
                ("certified", arg(certified)),
            ],
        ),
        RemIssue::SeveralEvidences { count } => {
            tr_args(lang, &key, &[("count", super::num(*count))])
        }
        RemIssue::Evidence(e) => {
            tr_args(lang, &key, &[("detail", arg(evidence_issue_text(lang, e)))])
        }
        RemIssue::DigestMismatch { source } => tr_args(lang, &key, &[("source", arg(*source))]),
        RemIssue::NoEvidence | RemIssue::NoOriginal | RemIssue::DigestNotChecked => tr(lang, &key),
    }
}
