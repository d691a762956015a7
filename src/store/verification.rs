//! The signature verification outcome stored beside each message. A message that was never
//! checked has no outcome (`None`), which is not the same as any status.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::error::{Result, StoreError};
use super::{Store, now_secs};
use crate::verify::{Note, Status, TimeSource, Verification};

/// A verification outcome as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredVerification {
    /// The outcome.
    pub status: Status,
    /// Signer subject DN.
    pub signer_subject: Option<String>,
    /// Signer organisation.
    pub signer_organization: Option<String>,
    /// Signer e-mail (first rfc822Name).
    pub signer_email: Option<String>,
    /// The time the chain was checked at.
    pub signing_time: Option<DateTime<Utc>>,
    /// Where that time came from.
    pub signing_time_source: Option<TimeSource>,
    /// Why (for non-valid outcomes).
    pub reason: Option<String>,
    /// The notes, as JSON objects with a `code` (see `verify::Note`).
    pub notes: Vec<serde_json::Value>,
    /// The whole outcome as JSON (chain included), for the details view.
    pub detail: serde_json::Value,
    /// When the check was recorded.
    pub checked_at: Option<DateTime<Utc>>,
}

impl StoredVerification {
    /// What the store would hold for a check made at `at`.
    pub fn from_check(v: &Verification, at: DateTime<Utc>) -> StoredVerification {
        let signer = v.signer.as_ref();
        StoredVerification {
            status: v.status,
            signer_subject: signer.map(|s| s.subject.clone()),
            signer_organization: signer.and_then(|s| s.organization.clone()),
            signer_email: signer.and_then(|s| s.emails.first().cloned()),
            signing_time: v.signing_time,
            signing_time_source: v.signing_time_source,
            reason: v.reason.clone(),
            notes: v
                .notes
                .iter()
                .filter_map(|n| serde_json::to_value(n).ok())
                .collect(),
            detail: serde_json::to_value(v).unwrap_or(serde_json::Value::Null),
            checked_at: Some(at),
        }
    }
}

/// The outcome as `sig_detail` holds it: the whole [`Verification`] with each certificate
/// (the signer and the chain) replaced by its SHA-256 fingerprint. The certificates' facts are
/// kept once in the `certificates` table: a provider signs thousands of messages with the same
/// chain, and repeating its four summaries made more than half of every message row.
/// Its fields mirror `Verification`'s (a test checks that expanding it gives back exactly the
/// JSON of the outcome).
#[derive(Serialize)]
struct CompactDetail<'a> {
    status: Status,
    signer: Option<&'a str>,
    chain: Vec<&'a str>,
    signing_time: Option<DateTime<Utc>>,
    signing_time_source: Option<TimeSource>,
    reason: Option<&'a str>,
    notes: &'a [Note],
}

impl<'a> CompactDetail<'a> {
    fn of(v: &'a Verification) -> CompactDetail<'a> {
        CompactDetail {
            status: v.status,
            signer: v.signer.as_ref().map(|c| c.sha256.as_str()),
            chain: v.chain.iter().map(|c| c.sha256.as_str()).collect(),
            signing_time: v.signing_time,
            signing_time_source: v.signing_time_source,
            reason: v.reason.as_deref(),
            notes: &v.notes,
        }
    }
}

/// Keeps the facts of every certificate of `v` in the `certificates` table (once each; a
/// newer reading of the same certificate replaces an older one).
fn keep_certificates(conn: &rusqlite::Connection, v: &Verification) -> Result<()> {
    let mut seen: Vec<&str> = Vec::with_capacity(v.chain.len() + 1);
    for cert in v.signer.iter().chain(&v.chain) {
        if seen.contains(&cert.sha256.as_str()) {
            continue;
        }
        seen.push(&cert.sha256);
        let info = serde_json::to_string(cert).unwrap_or_else(|_| "null".into());
        conn.prepare_cached(
            "INSERT INTO certificates (sha256, info) VALUES (?1, ?2)
             ON CONFLICT (sha256) DO UPDATE SET info = excluded.info
             WHERE info IS NOT excluded.info",
        )?
        .execute(params![cert.sha256, info])?;
    }
    Ok(())
}

/// The stored `sig_detail` as the whole outcome's JSON: fingerprints (what this version
/// writes) are replaced by the certificate facts kept in `certificates`; summaries written
/// in full by earlier versions are read as they are. A fingerprint whose facts are missing
/// stays an object holding only the fingerprint: nothing is made up.
fn expand_detail(conn: &rusqlite::Connection, detail: &str) -> Result<serde_json::Value> {
    let Ok(mut value) = serde_json::from_str::<serde_json::Value>(detail) else {
        return Ok(serde_json::Value::Null);
    };
    let lookup = |slot: &mut serde_json::Value| -> Result<()> {
        let Some(sha256) = slot.as_str() else {
            return Ok(());
        };
        let info: Option<String> = conn
            .prepare_cached("SELECT info FROM certificates WHERE sha256 = ?1")?
            .query_row([sha256], |r| r.get(0))
            .optional()?;
        *slot = info
            .and_then(|i| serde_json::from_str(&i).ok())
            .unwrap_or_else(|| serde_json::json!({ "sha256": sha256 }));
        Ok(())
    };
    if let Some(signer) = value.get_mut("signer") {
        lookup(signer)?;
    }
    if let Some(chain) = value.get_mut("chain").and_then(|c| c.as_array_mut()) {
        for cert in chain {
            lookup(cert)?;
        }
    }
    Ok(value)
}

pub(super) fn write_verification(
    conn: &rusqlite::Connection,
    id: i64,
    v: &Verification,
) -> Result<()> {
    let signer = v.signer.as_ref();
    let signing_time = v.signing_time.map(|t| t.to_rfc3339());
    super::register::outcome_if_changed(conn, id, v.status.as_str(), signing_time.as_deref())?;
    keep_certificates(conn, v)?;
    // Cached: an import writes one outcome per message, and preparing the statement each
    // time was as costly as running it.
    let n = conn
        .prepare_cached(
            "UPDATE messages SET sig_status = ?2, sig_signer_subject = ?3,
            sig_signer_organization = ?4, sig_signer_email = ?5, sig_signing_time = ?6,
            sig_signing_time_source = ?7, sig_reason = ?8, sig_notes = ?9, sig_detail = ?10,
            sig_checked_at = ?11
         WHERE id = ?1",
        )?
        .execute(params![
            id,
            v.status.as_str(),
            signer.map(|s| s.subject.clone()),
            signer.and_then(|s| s.organization.clone()),
            signer.and_then(|s| s.emails.first().cloned()),
            signing_time,
            v.signing_time_source.map(|t| t.as_str()),
            v.reason,
            serde_json::to_string(&v.notes).unwrap_or_else(|_| "[]".into()),
            serde_json::to_string(&CompactDetail::of(v)).unwrap_or_else(|_| "null".into()),
            now_secs(),
        ])?;
    if n == 0 {
        return Err(StoreError::NoSuchMessage(id));
    }
    Ok(())
}

/// Recomputes the timelines of the transmissions messages `ids` belong to: whether a receipt
/// proves anything depends on its verification outcome.
pub(super) fn recompute_timelines_of(conn: &rusqlite::Connection, ids: &[i64]) -> Result<()> {
    let mut dirty = std::collections::BTreeSet::new();
    let mut stmt = conn.prepare_cached("SELECT transmission_id FROM messages WHERE id = ?1")?;
    for &id in ids {
        if let Some(Some(t)) = stmt
            .query_row([id], |r| r.get::<_, Option<i64>>(0))
            .optional()?
        {
            dirty.insert(t);
        }
    }
    // A receipt found valid (or no longer) may make a message of the archive its sent message.
    super::links::relink_after_verification(conn, ids, &mut dirty)?;
    super::links::recompute_all(conn, &dirty)?;
    Ok(())
}

/// What became of a check offered to the store ([`Store::keep_check`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckKept {
    /// The store held another outcome (or none): it now holds this one.
    Changed,
    /// The store already held this outcome.
    Same,
    /// Not kept: the store is read-only, or the check used anchors given for one run.
    NotKept,
}

impl CheckKept {
    /// True when the store now holds the outcome of the check.
    pub fn held(self) -> bool {
        self != CheckKept::NotKept
    }
}

impl Store {
    /// Records the verification outcome of message `id`, replacing any earlier one (and the
    /// timeline it proves something in).
    pub fn set_verification(&mut self, id: i64, v: &Verification) -> Result<()> {
        self.writable()?;
        let tx = self.conn.transaction()?;
        write_verification(&tx, id, v)?;
        recompute_timelines_of(&tx, &[id])?;
        tx.commit()?;
        Ok(())
    }

    /// Keeps the outcome of a check just made on message `id` with `trust` when it differs
    /// from the stored one (or none was stored): what a screen or a command showed is then what
    /// every other one shows, and the timeline it proves something in follows. Nothing is kept
    /// in a read-only store, nor an outcome reached with anchors given for one run (`--trust`):
    /// that is not the profile's.
    pub fn keep_check(
        &mut self,
        id: i64,
        v: &Verification,
        trust: &crate::verify::TrustList,
    ) -> Result<CheckKept> {
        if self.read_only().is_some() || trust.has_extras() {
            return Ok(CheckKept::NotKept);
        }
        Ok(if self.record_check(id, v)? {
            CheckKept::Changed
        } else {
            CheckKept::Same
        })
    }

    /// Records `v` for message `id` when it differs from the stored outcome; true when it did.
    fn record_check(&mut self, id: i64, v: &Verification) -> Result<bool> {
        let stored = self.verification(id)?;
        let notes: Vec<serde_json::Value> = v
            .notes
            .iter()
            .filter_map(|n| serde_json::to_value(n).ok())
            .collect();
        let same = stored.as_ref().is_some_and(|s| {
            s.status == v.status
                && s.reason == v.reason
                && s.notes == notes
                && s.signing_time == v.signing_time
        });
        if same {
            return Ok(false);
        }
        self.set_verification(id, v)?;
        Ok(true)
    }

    /// Verifies every message not yet verified against `trust` (at `now` for "expired since"
    /// notes), in batches of one transaction each, the checks of a batch on every core;
    /// returns how many were checked.
    /// `progress(done, total)` is called after each batch.
    pub fn verify_pending(
        &mut self,
        trust: &crate::verify::TrustList,
        now: DateTime<Utc>,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<usize> {
        self.verify_pending_at_most(trust, now, usize::MAX, progress)
    }

    /// [`Store::verify_pending`], stopping after the batch that reaches `at_most` messages
    /// (see [`Store::analyse_pending_at_most`]).
    pub fn verify_pending_at_most(
        &mut self,
        trust: &crate::verify::TrustList,
        now: DateTime<Utc>,
        at_most: usize,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<usize> {
        const BATCH: usize = 256;
        self.writable()?;
        let total: usize = self.conn.query_row(
            "SELECT COUNT(*) FROM messages WHERE sig_status IS NULL AND kind IS NOT NULL",
            [],
            |r| r.get::<_, i64>(0),
        )? as usize;
        let mut done = 0;
        loop {
            let ids = self.unverified_ids(BATCH)?;
            if ids.is_empty() {
                break;
            }
            let mut raws = Vec::with_capacity(ids.len());
            let mut too_large = Vec::new();
            for id in ids {
                let size: i64 =
                    self.conn
                        .query_row("SELECT size FROM messages WHERE id = ?1", [id], |r| {
                            r.get(0)
                        })?;
                if size as u64 > crate::pec::MAX_CLASSIFIED_BYTES as u64 {
                    // Not loaded: it would not be read anyway.
                    too_large.push((id, crate::verify::too_large(size as usize)));
                    continue;
                }
                raws.push((id, self.raw(id)?));
            }
            // Parsing and checking on every core; writing in one transaction.
            let mut results: Vec<(i64, Verification)> =
                super::workers::on_every_core(&raws, |(id, raw)| {
                    let c = crate::pec::classify(raw);
                    (*id, crate::verify::verify_message_at(raw, &c, trust, now))
                })
                .into_iter()
                .flatten()
                .collect();
            let cut_short = results.len() != raws.len();
            results.append(&mut too_large);
            let tx = self.write_tx()?;
            for (id, v) in &results {
                write_verification(&tx, *id, v)?;
            }
            let ids: Vec<i64> = results.iter().map(|(id, _)| *id).collect();
            recompute_timelines_of(&tx, &ids)?;
            tx.commit()?;
            done += results.len();
            progress(done, total.max(done));
            if cut_short {
                // A check died (it must not): what it left stays "not verified", and the next
                // run tries again, rather than this one looping on the same messages.
                break;
            }
            if done >= at_most {
                break;
            }
        }
        Ok(done)
    }

    /// The trust list changed: every stored outcome is forgotten and every message checked
    /// again against `trust` (what the window does when an anchor is added or removed).
    /// Returns how many were checked.
    pub fn verify_all_again(
        &mut self,
        trust: &crate::verify::TrustList,
        now: DateTime<Utc>,
    ) -> Result<usize> {
        self.clear_verifications()?;
        self.verify_pending(trust, now, &mut |_, _| {})
    }

    /// Forgets the verification outcome of every message (e.g. after a trust-list change),
    /// so that all show as not yet verified until checked again.
    /// Timelines are recomputed with it: until checked again, no receipt proves anything.
    pub fn clear_verifications(&mut self) -> Result<usize> {
        self.writable()?;
        let tx = self.conn.transaction()?;
        let n = tx.execute(
            "UPDATE messages SET sig_status = NULL, sig_signer_subject = NULL,
                sig_signer_organization = NULL, sig_signer_email = NULL, sig_signing_time = NULL,
                sig_signing_time_source = NULL, sig_reason = NULL, sig_notes = NULL,
                sig_detail = NULL, sig_checked_at = NULL
             WHERE sig_status IS NOT NULL",
            [],
        )?;
        let mut all: std::collections::BTreeSet<i64> = tx
            .prepare("SELECT id FROM transmissions")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        // Sent messages recognised by their receipts alone are no longer proven either.
        super::links::relink_after_verification(&tx, &[], &mut all)?;
        super::links::recompute_all(&tx, &all)?;
        tx.commit()?;
        Ok(n)
    }

    /// Ids of analysed messages that were never verified, oldest first, at most `limit`: the
    /// verifier's work list. Ordinary mail is checked too (it is `unsigned`, or signed by
    /// someone who is not a PEC provider), so that "not verified" only ever means "not yet".
    pub fn unverified_ids(&self, limit: usize) -> Result<Vec<i64>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM messages
             WHERE sig_status IS NULL AND kind IS NOT NULL
             ORDER BY id LIMIT ?1",
        )?;
        let ids = stmt
            .query_map([limit.min(i64::MAX as usize) as i64], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }

    /// The stored verification outcome of message `id`; `None` when it was never verified.
    pub fn verification(&self, id: i64) -> Result<Option<StoredVerification>> {
        let row = self
            .conn
            .prepare_cached(
                "SELECT sig_status, sig_signer_subject, sig_signer_organization, sig_signer_email,
                        sig_signing_time, sig_signing_time_source, sig_reason, sig_notes,
                        sig_detail, sig_checked_at
                 FROM messages WHERE id = ?1",
            )?
            .query_row([id], |r| {
                let status: Option<String> = r.get(0)?;
                Ok(status.as_deref().and_then(Status::parse).map(|status| {
                    let stored = StoredVerification {
                        status,
                        signer_subject: r.get(1)?,
                        signer_organization: r.get(2)?,
                        signer_email: r.get(3)?,
                        signing_time: r
                            .get::<_, Option<String>>(4)?
                            .and_then(|s| DateTime::parse_from_rfc3339(&s).ok())
                            .map(|d| d.with_timezone(&Utc)),
                        signing_time_source: r
                            .get::<_, Option<String>>(5)?
                            .as_deref()
                            .and_then(TimeSource::parse),
                        reason: r.get(6)?,
                        notes: r
                            .get::<_, Option<String>>(7)?
                            .and_then(|s| serde_json::from_str(&s).ok())
                            .unwrap_or_default(),
                        // Filled below from sig_detail (its certificates looked up).
                        detail: serde_json::Value::Null,
                        checked_at: r
                            .get::<_, Option<i64>>(9)?
                            .and_then(|s| DateTime::from_timestamp(s, 0)),
                    };
                    Ok::<_, rusqlite::Error>((stored, r.get::<_, Option<String>>(8)?))
                }))
            })
            .optional()?;
        match row {
            None => Err(StoreError::NoSuchMessage(id)),
            Some(None) => Ok(None),
            Some(Some(v)) => {
                let (mut v, detail) = v?;
                if let Some(detail) = detail {
                    v.detail = expand_detail(&self.conn, &detail)?;
                }
                Ok(Some(v))
            }
        }
    }
}
