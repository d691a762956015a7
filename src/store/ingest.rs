//! Storing messages: raw bytes first (one transaction), then the analysis of the new bytes
//! (a second transaction), then the timelines they touch (in that same second transaction).
//! With a trust list ([`Store::ingest_batch_verified`]) the provider signature of each new
//! message is checked in the same pass as its analysis (one parse, on every core) and its
//! outcome written in that second transaction.
//!
//! A crash between the two leaves stored bytes whose analysis is pending
//! (`analysis_version = 0`); the next import, sync or reindex completes it
//! ([`Store::analyse_pending`]).

use std::collections::{BTreeSet, HashSet};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use super::analysis::{self, ANALYSIS_VERSION, Analysis};
use super::error::Result;
use super::incoming::{IncomingMessage, sha256_hex};
use super::verification::write_verification;
use super::{Source, Store, links, merge, now_secs, workers};
use crate::pec::PecKind;
use crate::verify::{TrustList, Verification};

/// What happened to one incoming message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ingested {
    /// The message's id in the store.
    pub id: i64,
    /// True when these bytes were not in the store before.
    pub new_message: bool,
    /// True when this place (source) was not recorded for the message before.
    pub new_copy: bool,
    /// The kind, once analysed.
    pub kind: Option<PecKind>,
    /// True when this call checked the message's signature (and stored the outcome).
    pub verified: bool,
}

/// Messages whose bytes are stored and whose analysis is under way on other threads
/// ([`Store::store_then_analyse`]); give it to [`Store::finish_analysis`].
#[must_use = "the analysis is written only by Store::finish_analysis"]
pub struct AnalysisJob {
    results: Vec<Ingested>,
    sent_copies: Vec<i64>,
    analysis: JobState,
}

impl AnalysisJob {
    /// How many messages the job holds.
    pub fn len(&self) -> usize {
        self.results.len()
    }

    /// True when it holds none.
    pub fn is_empty(&self) -> bool {
        self.results.is_empty()
    }
}

enum JobState {
    /// On the pool of [`super::workers`]; nothing arrives when the analysis died.
    Running(std::sync::mpsc::Receiver<Vec<Analysed>>),
    Done(Vec<Analysed>),
}

/// What step 1 of storing did: one [`Ingested`] per input, the (id, input index) of messages
/// to analyse, and the messages newly seen in a Sent folder.
struct Stored {
    results: Vec<Ingested>,
    due: Vec<(i64, usize)>,
    sent_copies: Vec<i64>,
}

/// The messages whose analysis is pending, by who will do it ([`Store::pending_by_owner`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PendingAnalysis {
    /// Being analysed by another running process (an import, a sync, the window).
    pub in_progress: usize,
    /// The ids of those processes, when known.
    pub processes: Vec<u32>,
    /// Left by a run that stopped before their analysis: the next import, sync or reindex
    /// analyses them.
    pub interrupted: usize,
    /// Analysed by an earlier version of Sigillo, which read them by other rules: shown as
    /// that version read them until the next import, sync or reindex (or the window) analyses
    /// and checks them again.
    pub outdated: usize,
    /// Taken by this connection (a reindex or catch-up under way here).
    pub this_connection: usize,
}

/// What a reindex did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReindexSummary {
    /// Messages analysed again.
    pub messages: usize,
    /// Messages the parser could not read.
    pub unreadable: usize,
    /// Sent PEC timelines rebuilt.
    pub timelines: usize,
}

/// One message for [`Store::store_raw`]: its bytes, their SHA-256 (hex), where it was found.
type ToStore<'a> = (&'a [u8], &'a str, &'a Source);

/// Messages analysed, then written in one transaction, per piece of a batch (see
/// `Store::analyse_and_write`).
const PIPELINE_CHUNK: usize = 128;
/// Messages analysed per transaction when catching up.
const PENDING_BATCH: usize = 256;
/// Bytes of messages loaded at once when catching up (one larger message goes alone).
const PENDING_BYTES: i64 = 64 * 1024 * 1024;

impl Store {
    /// Stores one message: its bytes first, then its analysis. The same bytes arriving again
    /// are stored once; each new source is recorded as another copy.
    pub fn ingest(&mut self, raw: &[u8], source: &Source) -> Result<Ingested> {
        let mut out = self.ingest_batch(&[(raw, source)])?;
        Ok(out.remove(0))
    }

    /// Stores several messages: all their bytes in one transaction, then the analyses in a
    /// second one. Returns one [`Ingested`] per input, in order.
    pub fn ingest_batch(&mut self, items: &[(&[u8], &Source)]) -> Result<Vec<Ingested>> {
        self.ingest_inner(items, None)
    }

    /// [`Store::ingest_batch`], also checking the provider signature of every message it
    /// analyses against `trust` (at `now` for "expired since" notes), in the same pass: the
    /// outcome is stored with the analysis, as [`Store::verify_pending`] would store it.
    pub fn ingest_batch_verified(
        &mut self,
        items: &[(&[u8], &Source)],
        trust: &TrustList,
        now: DateTime<Utc>,
    ) -> Result<Vec<Ingested>> {
        self.ingest_inner(items, Some((trust, now)))
    }

    fn ingest_inner(
        &mut self,
        items: &[(&[u8], &Source)],
        verify: Option<(&TrustList, DateTime<Utc>)>,
    ) -> Result<Vec<Ingested>> {
        let hashes: Vec<String> = items.iter().map(|(raw, _)| sha256_hex(raw)).collect();
        let refs: Vec<ToStore<'_>> = items
            .iter()
            .zip(&hashes)
            .map(|(&(raw, source), sha)| (raw, sha.as_str(), source))
            .collect();
        let Stored {
            mut results,
            due,
            sent_copies,
        } = self.store_raw(&refs)?;
        // 2. and 3. Analysis (and signature checks) outside any transaction, on every core,
        // while what is analysed is written (derived data, outcomes and timelines).
        let inputs: Vec<(i64, &[u8])> = due.iter().map(|&(id, i)| (id, items[i].0)).collect();
        let verified = self.analyse_and_write(&inputs, verify, &sent_copies)?;
        self.fill_outcomes(&mut results, &verified)?;
        Ok(results)
    }

    /// Stores the bytes of `items` (one transaction, synced to disk) and starts their analysis,
    /// with `verify` their signature checks too, on other threads; returns at once, so that the
    /// caller goes on (a sync downloads the next messages meanwhile).
    /// [`Store::finish_analysis`] writes what the analysis found. Should the job never be
    /// finished (the process stops, an error comes first), the messages are stored and wait
    /// for their analysis, which the next import, sync or reindex does.
    pub fn store_then_analyse(
        &mut self,
        items: Vec<IncomingMessage>,
        verify: Option<(Arc<TrustList>, DateTime<Utc>)>,
    ) -> Result<AnalysisJob> {
        let refs: Vec<ToStore<'_>> = items
            .iter()
            .map(|m| (m.bytes(), m.sha256(), &m.source))
            .collect();
        let Stored {
            results,
            due,
            sent_copies,
        } = self.store_raw(&refs)?;
        // The bytes go to the analysis (no copy): the store has them now.
        let mut bytes: Vec<Vec<u8>> = items.into_iter().map(IncomingMessage::into_bytes).collect();
        let owned: Vec<(i64, Vec<u8>)> = due
            .iter()
            .map(|&(id, i)| (id, std::mem::take(&mut bytes[i])))
            .collect();
        let work = move || {
            let inputs: Vec<(i64, &[u8])> =
                owned.iter().map(|(id, b)| (*id, b.as_slice())).collect();
            let v = verify.as_ref().map(|(t, now)| (t.as_ref(), *now));
            analyse_all(&inputs, v)
        };
        // Should no thread be available, the messages stay stored and pending (see above).
        let analysis = match workers::spawn(work) {
            Some(running) => JobState::Running(running),
            None => JobState::Done(Vec::new()),
        };
        Ok(AnalysisJob {
            results,
            sent_copies,
            analysis,
        })
    }

    /// Waits for the analysis of `job` and writes it (derived data, outcomes, timelines);
    /// returns one [`Ingested`] per message given to [`Store::store_then_analyse`], in order.
    pub fn finish_analysis(&mut self, job: AnalysisJob) -> Result<Vec<Ingested>> {
        let AnalysisJob {
            mut results,
            sent_copies,
            analysis,
        } = job;
        let analyses = match analysis {
            // An analysis that died (it must not) leaves its messages pending, analysed later.
            JobState::Running(result) => result.recv().unwrap_or_default(),
            JobState::Done(a) => a,
        };
        self.write_analyses(&analyses, &sent_copies)?;
        let verified: HashSet<i64> = analyses
            .iter()
            .filter(|a| a.verification.is_some())
            .map(|a| a.id)
            .collect();
        self.fill_outcomes(&mut results, &verified)?;
        Ok(results)
    }

    /// Step 1 of storing: the raw bytes and where they came from, in one transaction, before
    /// anything parses them.
    fn store_raw(&mut self, items: &[ToStore<'_>]) -> Result<Stored> {
        let now = now_secs();
        let mut results = Vec::with_capacity(items.len());
        let mut due: Vec<(i64, usize)> = Vec::new();
        let mut sent_copies: Vec<i64> = Vec::new();
        let lease = self.lease_id();
        let tx = self.write_tx()?;
        for (i, &(raw, sha, source)) in items.iter().enumerate() {
            let existing: Option<(i64, i64, i64, Option<i64>)> = tx
                .prepare_cached(
                    "SELECT m.id, m.analysis_version, coalesce(e.sort_date, m.sort_date),
                            m.copy_of
                     FROM messages m LEFT JOIN messages e ON e.id = m.copy_of
                     WHERE m.sha256 = ?1",
                )?
                .query_row([sha], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
                .optional()?;
            let mut entry = None;
            let (id, new_message, version, sort_date) = match existing {
                Some((id, v, sd, copy_of)) => {
                    // Bytes kept as another copy of a message: the place is that message's.
                    entry = copy_of;
                    (id, false, v, sd)
                }
                None => {
                    tx.prepare_cached(
                        "INSERT INTO messages (sha256, size, stored_at, sort_date, analysing_lease)
                         VALUES (?1, ?2, ?3, ?3, ?4)",
                    )?
                    .execute(params![sha, raw.len() as i64, now, lease])?;
                    let id = tx.last_insert_rowid();
                    insert_raw(&tx, id, raw)?;
                    super::register::stored(&tx, sha, raw.len())?;
                    (id, true, 0, now)
                }
            };
            let new_copy = match entry {
                Some(e) => insert_copy(&tx, e, source, sort_date, now, Some(id))?,
                None => insert_copy(&tx, id, source, sort_date, now, None)?,
            };
            if new_copy && matches!(source, Source::Sent { .. }) {
                super::register::sent(&tx, sha, source.account())?;
            }
            if version != ANALYSIS_VERSION && !due.iter().any(|(d, _)| *d == id) {
                due.push((id, i));
            }
            if new_copy && source.is_sent() && version == ANALYSIS_VERSION {
                sent_copies.push(entry.unwrap_or(id));
            }
            results.push(Ingested {
                id: entry.unwrap_or(id),
                new_message,
                new_copy,
                kind: None,
                verified: false,
            });
        }
        tx.commit()?;
        Ok(Stored {
            results,
            due,
            sent_copies,
        })
    }

    /// The kind of each stored message, and whether this call checked its signature; bytes
    /// found to be another copy of a stored message answer with that message (`merge`).
    fn fill_outcomes(&self, results: &mut [Ingested], verified: &HashSet<i64>) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT coalesce(e.id, m.id), coalesce(e.kind, m.kind)
             FROM messages m LEFT JOIN messages e ON e.id = m.copy_of WHERE m.id = ?1",
        )?;
        for r in results {
            let (entry, kind): (i64, Option<String>) =
                stmt.query_row([r.id], |row| Ok((row.get(0)?, row.get(1)?)))?;
            r.kind = kind.as_deref().and_then(PecKind::parse);
            r.verified = verified.contains(&r.id);
            r.id = entry;
        }
        Ok(())
    }

    /// Records one more place a stored message was seen (e.g. the same message found in a
    /// second folder) without sending its bytes again. Returns false when it was known.
    pub fn add_copy(&mut self, id: i64, source: &Source) -> Result<bool> {
        let tx = self.write_tx()?;
        let (version, sort_date, copy_of): (i64, i64, Option<i64>) = tx
            .query_row(
                "SELECT analysis_version, sort_date, copy_of FROM messages WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?
            .ok_or(super::StoreError::NoSuchMessage(id))?;
        let new_copy = match copy_of {
            Some(entry) => insert_copy(&tx, entry, source, sort_date, now_secs(), Some(id))?,
            None => insert_copy(&tx, id, source, sort_date, now_secs(), None)?,
        };
        if new_copy && matches!(source, Source::Sent { .. }) {
            let sha: String =
                tx.query_row("SELECT sha256 FROM messages WHERE id = ?1", [id], |r| {
                    r.get(0)
                })?;
            super::register::sent(&tx, &sha, source.account())?;
        }
        if new_copy && source.is_sent() && version == ANALYSIS_VERSION {
            let mut dirty = BTreeSet::new();
            let entry = merge::merge_sent_copies(&tx, copy_of.unwrap_or(id), &mut dirty)?;
            links::link(&tx, entry, &mut dirty)?;
            links::recompute_all(&tx, &dirty)?;
        }
        tx.commit()?;
        Ok(new_copy)
    }

    /// The id of the stored message recorded for a source, if any (e.g. to skip fetching an
    /// IMAP UID the store already holds).
    pub fn find_copy(&self, source: &Source) -> Result<Option<i64>> {
        Ok(self
            .conn
            .prepare_cached("SELECT message_id FROM copies WHERE source_key = ?1 LIMIT 1")?
            .query_row([source.key()], |r| r.get(0))
            .optional()?)
    }

    /// How many stored messages wait for their analysis (being analysed now, left by an
    /// interrupted run, or outdated by an upgrade that changed the derived data).
    pub fn pending_analysis(&self) -> Result<usize> {
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM messages WHERE analysis_version < ?1 OR analysis_version > ?1",
            [ANALYSIS_VERSION],
            |r| r.get(0),
        )?;
        Ok(n as usize)
    }

    /// The messages waiting for their analysis, told apart by who will do it: a running
    /// process (an import, a sync, the window) that holds their lease, or nobody yet (left by
    /// a run that stopped, or outdated by an upgrade).
    pub fn pending_by_owner(&self) -> Result<PendingAnalysis> {
        let mut stmt = self.conn.prepare(
            "SELECT analysing_lease, analysis_version BETWEEN 1 AND ?1 - 1, count(*)
             FROM messages
             WHERE analysis_version < ?1 OR analysis_version > ?1
             GROUP BY analysing_lease, analysis_version BETWEEN 1 AND ?1 - 1",
        )?;
        let groups: Vec<(Option<i64>, bool, i64)> = stmt
            .query_map([ANALYSIS_VERSION], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = PendingAnalysis::default();
        for (lease, earlier_version, n) in groups {
            let n = n as usize;
            let unowned = |out: &mut PendingAnalysis| {
                if earlier_version {
                    out.outdated += n
                } else {
                    out.interrupted += n
                }
            };
            match lease {
                Some(id) if Some(id) == self.lease_id() => out.this_connection += n,
                Some(id) => match super::lease::owner(self.profile_dir(), id) {
                    super::lease::Owner::Running(pid) => {
                        out.in_progress += n;
                        if let Some(pid) = pid
                            && !out.processes.contains(&pid)
                        {
                            out.processes.push(pid);
                        }
                    }
                    super::lease::Owner::Gone => unowned(&mut out),
                },
                None => unowned(&mut out),
            }
        }
        out.processes.sort_unstable();
        Ok(out)
    }

    /// Leases of pending messages whose owner is gone: their messages may be taken over.
    fn abandoned_leases(&self) -> Result<Vec<i64>> {
        let mut stmt = self.conn.prepare(
            "SELECT DISTINCT analysing_lease FROM messages
             WHERE (analysis_version < ?1 OR analysis_version > ?1)
               AND analysing_lease IS NOT NULL",
        )?;
        let leases: Vec<i64> = stmt
            .query_map([ANALYSIS_VERSION], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(leases
            .into_iter()
            .filter(|&id| {
                Some(id) != self.lease_id()
                    && super::lease::owner(self.profile_dir(), id) == super::lease::Owner::Gone
            })
            .collect())
    }

    /// Takes over up to `limit` pending messages that no running process is analysing (left
    /// by an interrupted run, this connection's own, or those of `abandoned` leases): they
    /// carry this connection's lease from now on, so that another process does not analyse
    /// them too and readers know they are being analysed. Returns their ids and sizes.
    fn claim_pending(&mut self, abandoned: &[i64], limit: usize) -> Result<Vec<(i64, i64)>> {
        let mut claimable: Vec<String> = abandoned.iter().map(i64::to_string).collect();
        let lease = self.lease_id();
        claimable.extend(lease.map(|l| l.to_string()));
        let owner_filter = if claimable.is_empty() {
            "analysing_lease IS NULL".to_owned()
        } else {
            // Integers this code computed, never text from outside.
            format!(
                "(analysing_lease IS NULL OR analysing_lease IN ({}))",
                claimable.join(",")
            )
        };
        // Losing a claim to a power cut costs nothing (the messages are simply unclaimed).
        self.unsynced(|store| {
            let tx = store.write_tx()?;
            // Ids and sizes first: the batch stops at about PENDING_BYTES of messages, and
            // the bytes of a message too large to analyse are not loaded at all. Written as
            // two ranges, in the index's order, so that SQLite reads the index of analysis
            // versions instead of every message (1.5 s on 100,000 messages, at every sync).
            let due: Vec<(i64, i64)> = {
                let mut stmt = tx.prepare(&format!(
                    "SELECT id, size FROM messages
                     WHERE (analysis_version < ?1 OR analysis_version > ?1) AND {owner_filter}
                     LIMIT ?2"
                ))?;
                stmt.query_map(params![ANALYSIS_VERSION, limit as i64], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?
                .collect::<rusqlite::Result<_>>()?
            };
            if let Some(lease) = lease {
                let mut claim =
                    tx.prepare_cached("UPDATE messages SET analysing_lease = ?1 WHERE id = ?2")?;
                for (id, _) in &due {
                    claim.execute(params![lease, id])?;
                }
            }
            tx.commit()?;
            Ok(due)
        })
    }

    /// Analyses every message whose analysis is missing or outdated and that no other running
    /// process is analysing, in batches. `progress` gets (done, total).
    pub fn analyse_pending(&mut self, progress: &mut dyn FnMut(usize, usize)) -> Result<usize> {
        self.analyse_pending_at_most(usize::MAX, progress)
    }

    /// [`Store::analyse_pending`], stopping after the batch that reaches `at_most` messages:
    /// a caller sharing the store with a window (its catch-up after an upgrade re-analyses
    /// every message) takes the work in steps and lets the window read between them.
    pub fn analyse_pending_at_most(
        &mut self,
        at_most: usize,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<usize> {
        self.writable()?;
        let abandoned = self.abandoned_leases()?;
        let before = self.pending_by_owner()?;
        let total = before.interrupted + before.outdated + before.this_connection;
        let mut done = 0;
        loop {
            let due = self.claim_pending(&abandoned, PENDING_BATCH)?;
            if due.is_empty() {
                break;
            }
            let mut batch: Vec<(i64, Vec<u8>)> = Vec::new();
            let mut oversized: Vec<Analysed> = Vec::new();
            let mut bytes = 0i64;
            for (id, size) in due {
                if size as u64 > crate::pec::MAX_CLASSIFIED_BYTES as u64 {
                    oversized.push(Analysed {
                        id,
                        analysis: analysis::too_large(),
                        verification: None,
                    });
                    continue;
                }
                if !batch.is_empty() && bytes + size > PENDING_BYTES {
                    break;
                }
                bytes += size;
                let raw: Vec<u8> = self
                    .conn
                    .prepare_cached("SELECT bytes FROM raw_messages WHERE message_id = ?1")?
                    .query_row([id], |r| r.get(0))?;
                batch.push((id, raw));
            }
            let inputs: Vec<(i64, &[u8])> =
                batch.iter().map(|(id, b)| (*id, b.as_slice())).collect();
            let mut analyses = analyse_all(&inputs, None);
            analyses.append(&mut oversized);
            self.write_analyses(&analyses, &[])?;
            done += analyses.len();
            progress(done, total.max(done));
            if done >= at_most {
                break;
            }
        }
        Ok(done)
    }

    /// Recomputes everything derived from the raw bytes, for every message: classification,
    /// daticert fields, attachments, search index and timelines. Verification results are kept
    /// (the verifier refreshes them). Safe to interrupt: a later run (or import) finishes it.
    pub fn reindex(&mut self, progress: &mut dyn FnMut(usize, usize)) -> Result<ReindexSummary> {
        {
            let lease = self.lease_id();
            let tx = self.write_tx()?;
            // Every message is pending again, taken by this connection.
            tx.execute(
                "UPDATE messages SET analysis_version = 0, transmission_id = NULL,
                     analysing_lease = ?1",
                [lease],
            )?;
            tx.execute_batch("DELETE FROM transmissions;")?;
            tx.commit()?;
        }
        let messages = self.analyse_pending(progress)?;
        self.optimize()?;
        let (unreadable, timelines): (i64, i64) = self.conn.query_row(
            "SELECT (SELECT count(*) FROM messages WHERE kind = 'illeggibile'),
                    (SELECT count(*) FROM transmissions WHERE counts_as_sent)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok(ReindexSummary {
            messages,
            unreadable: unreadable as usize,
            timelines: timelines as usize,
        })
    }

    /// Analyses `inputs` (checking signatures with `verify`) and writes the results, in
    /// pieces of [`PIPELINE_CHUNK`] messages: while one piece is written (one transaction:
    /// SQLite work on this thread), the next is analysed on the other cores, so the two
    /// overlap instead of taking turns. Pieces are written in order; a crash between two leaves
    /// the later ones pending (`analysis_version = 0`), completed by the next run. Returns the
    /// ids whose signature was checked.
    fn analyse_and_write(
        &mut self,
        inputs: &[(i64, &[u8])],
        verify: Option<(&TrustList, DateTime<Utc>)>,
        sent_copies: &[i64],
    ) -> Result<HashSet<i64>> {
        let checked = |a: &[Analysed]| {
            a.iter()
                .filter(|a| a.verification.is_some())
                .map(|a| a.id)
                .collect::<Vec<_>>()
        };
        if inputs.len() <= PIPELINE_CHUNK {
            let analyses = analyse_all(inputs, verify);
            self.write_analyses(&analyses, sent_copies)?;
            return Ok(checked(&analyses).into_iter().collect());
        }
        std::thread::scope(|s| {
            // One piece ahead at most: memory stays bounded by two pieces of analyses.
            let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Analysed>>(1);
            s.spawn(move || {
                for piece in inputs.chunks(PIPELINE_CHUNK) {
                    if tx.send(analyse_all(piece, verify)).is_err() {
                        // The writer stopped on an error: nothing more to analyse.
                        break;
                    }
                }
            });
            let mut sent = sent_copies;
            let mut ids = HashSet::new();
            for analyses in rx {
                self.write_analyses(&analyses, sent)?;
                sent = &[];
                ids.extend(checked(&analyses));
            }
            if !sent.is_empty() {
                self.write_analyses(&[], sent)?;
            }
            Ok(ids)
        })
    }

    fn write_analyses(&mut self, analyses: &[Analysed], sent_copies: &[i64]) -> Result<()> {
        if analyses.is_empty() && sent_copies.is_empty() {
            return Ok(());
        }
        // Derived data is not synced to disk on its own: it can always be recomputed from the
        // bytes. Lost to a power cut, it is simply pending again (analysis_version = 0).
        self.unsynced(|store| {
            store.write_analyses_tx(analyses, sent_copies)?;
            // The indexes' new segments merged where FTS5 merged them, unless this is a sync's
            // writer: its segments are merged later, on a thread of their own (`index_merge`).
            if store.merge_after_write {
                store.merge_index_steps()?;
            }
            Ok(())
        })
    }

    fn write_analyses_tx(&mut self, analyses: &[Analysed], sent_copies: &[i64]) -> Result<()> {
        let tx = self.write_tx()?;
        let mut dirty = BTreeSet::new();
        for a in analyses {
            if a.verification.is_none() {
                // Read by an earlier version's rules: its stored outcome goes with its old
                // reading, and is checked again (verify_pending) like the rest of it.
                tx.prepare_cached(
                    "UPDATE messages SET sig_status = NULL, sig_signer_subject = NULL,
                        sig_signer_organization = NULL, sig_signer_email = NULL,
                        sig_signing_time = NULL, sig_signing_time_source = NULL,
                        sig_reason = NULL, sig_notes = NULL, sig_detail = NULL,
                        sig_checked_at = NULL
                     WHERE id = ?1 AND analysis_version BETWEEN 1 AND ?2 - 1",
                )?
                .execute(params![a.id, ANALYSIS_VERSION])?;
            }
            analysis::write(&tx, a.id, &a.analysis)?;
            if let Some(v) = &a.verification {
                write_verification(&tx, a.id, v)?;
            }
        }
        for id in analyses
            .iter()
            .map(|a| a.id)
            .chain(sent_copies.iter().copied())
        {
            // Another copy of a sent message already stored becomes one with it first.
            let entry = merge::merge_sent_copies(&tx, id, &mut dirty)?;
            links::link(&tx, entry, &mut dirty)?;
        }
        links::recompute_all(&tx, &dirty)?;
        // Last, so that the search index is written to disk once (see write_search).
        for a in analyses {
            analysis::write_search(&tx, a.id, &a.analysis)?;
        }
        tx.commit()?;
        Ok(())
    }
}

/// Messages larger than this are written into the database in pieces (incremental blob
/// I/O): binding them whole would make SQLite copy them twice in memory.
const WHOLE_BLOB_MAX: usize = 1024 * 1024;

/// Stores the raw bytes of message `id`. A large message is written in 1 MiB pieces into a
/// blob of its size, so memory holds it once (the caller's copy), never three times.
fn insert_raw(tx: &rusqlite::Transaction<'_>, id: i64, raw: &[u8]) -> Result<()> {
    if raw.len() <= WHOLE_BLOB_MAX {
        tx.prepare_cached("INSERT INTO raw_messages (message_id, bytes) VALUES (?1, ?2)")?
            .execute(params![id, raw])?;
        return Ok(());
    }
    tx.prepare_cached("INSERT INTO raw_messages (message_id, bytes) VALUES (?1, zeroblob(?2))")?
        .execute(params![id, raw.len() as i64])?;
    let mut blob = tx.blob_open(rusqlite::MAIN_DB, "raw_messages", "bytes", id, false)?;
    let mut at = 0;
    for piece in raw.chunks(WHOLE_BLOB_MAX) {
        blob.write_at(piece, at)?;
        at += piece.len();
    }
    Ok(())
}

/// Records that message `id` was found at `source`; `bytes_of`: the stored message whose bytes
/// this copy has, when it is another copy of `id` with other bytes (see `merge`).
fn insert_copy(
    tx: &rusqlite::Transaction<'_>,
    id: i64,
    source: &Source,
    sort_date: i64,
    now: i64,
    bytes_of: Option<i64>,
) -> rusqlite::Result<bool> {
    let (uidvalidity, uid, uidl, path, offset) = match source {
        Source::Imap {
            uidvalidity, uid, ..
        } => (
            Some(*uidvalidity as i64),
            Some(*uid as i64),
            None,
            None,
            None,
        ),
        Source::Pop3 { uidl, .. } => (None, None, Some(uidl.as_str()), None, None),
        Source::Import { path, offset, .. } => (
            None,
            None,
            None,
            Some(path.as_str()),
            offset.map(|o| o as i64),
        ),
        Source::Sent { .. } => (None, None, None, None, None),
    };
    let n = tx
        .prepare_cached(
            "INSERT OR IGNORE INTO copies (message_id, source, account, folder, uidvalidity, uid,
                 uidl, path, mbox_offset, source_key, is_sent, sort_date, added_at, bytes_of)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        )?
        .execute(params![
            id,
            source.kind(),
            source.account(),
            source.folder(),
            uidvalidity,
            uid,
            uidl,
            path,
            offset,
            source.key(),
            source.is_sent(),
            sort_date,
            now,
            bytes_of,
        ])?;
    Ok(n > 0)
}

/// One analysed message, with its signature outcome when one was asked for.
struct Analysed {
    id: i64,
    analysis: Analysis,
    verification: Option<Verification>,
}

fn analyse_one(id: i64, raw: &[u8], verify: Option<(&TrustList, DateTime<Utc>)>) -> Analysed {
    match verify {
        Some((trust, now)) => {
            let (analysis, v) = analysis::analyse_verified(raw, trust, now);
            Analysed {
                id,
                analysis,
                verification: Some(v),
            }
        }
        None => Analysed {
            id,
            analysis: analysis::analyse(raw),
            verification: None,
        },
    }
}

/// Analyses (and checks) messages on every core (parsing is the slow part of an import). A
/// message whose analysis died (it must not) is left out: it stays pending.
fn analyse_all(
    inputs: &[(i64, &[u8])],
    verify: Option<(&TrustList, DateTime<Utc>)>,
) -> Vec<Analysed> {
    workers::on_every_core(inputs, |(id, raw)| analyse_one(*id, raw, verify))
        .into_iter()
        .flatten()
        .collect()
}
