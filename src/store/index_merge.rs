//! Merging the full-text indexes' segments apart from the writes that add them.
//!
//! FTS5 writes the terms of each transaction as a new segment and, by default, merges
//! segments inside the same commit whenever a level holds four (its `automerge`): every 64
//! leaf pages written cost up to 64 pages merged per level of the index. In a sync that is
//! work done after the last byte has arrived, on the thread every other step waits for.
//!
//! From schema version 11 both indexes (`search`, `search_head`) have `automerge = 0`: a write
//! only adds its segment. FTS5's `crisismerge` still merges a level that reaches 16 segments
//! inside the write, so an index that is never merged here stays bounded all the same. The
//! merging is done here, in steps of [`STEP_PAGES`] pages per index, each its own transaction:
//!
//! - right after the write, where FTS5 did it before ([`Store::merge_index`]): the import, the
//!   reindex and the analysis of pending messages, whose writes are not what a user waits for
//!   once the last byte arrived;
//! - later, for a sync's writer: its segments are merged on a thread of its own
//!   ([`Store::merge_index_meanwhile`]) while the next sync waits for the server or, in the
//!   watch loop (the window, `sigillo sync --watch`), while the loop waits for the next sync;
//!   anything that writes stops that thread first ([`Store::stop_index_merge`]), waiting for
//!   at most the step under way.
//!
//! Segments left unmerged change no search result, only how many lists a search walks.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;

use rusqlite::Connection;

use super::Store;
use super::error::{Result, StoreError};

/// Pages merged per index in one step (one transaction): about 1 MiB, what a writer that stops
/// the merging thread waits for at most.
const STEP_PAGES: i64 = 256;

/// The full-text indexes of the store (schema versions 1 and 8).
const INDEXES: [&str; 2] = ["search", "search_head"];

/// Merging under way on a thread of its own ([`Store::merge_index_meanwhile`]).
pub(super) struct Merging {
    stop: Arc<AtomicBool>,
    thread: JoinHandle<Result<()>>,
}

/// One step: up to [`STEP_PAGES`] pages of each index merged where a level holds four
/// segments or more (FTS5's `merge` command with its default `usermerge`), in one transaction
/// (begun `IMMEDIATE`, as every write of the store). True when either index merged something.
pub(super) fn step(conn: &mut Connection) -> rusqlite::Result<bool> {
    let tx = conn.transaction()?;
    let mut merged = false;
    for index in INDEXES {
        let before = tx.total_changes();
        tx.prepare_cached(&format!(
            "INSERT INTO {index} ({index}, rank) VALUES ('merge', ?1)"
        ))?
        .execute([STEP_PAGES])?;
        // The command counts as one change itself; FTS5 documents a delta below two as a
        // merge that found nothing to do.
        merged |= tx.total_changes() - before >= 2;
    }
    tx.commit()?;
    Ok(merged)
}

impl Store {
    /// Merges the full-text indexes until no level holds four segments, on this connection,
    /// in steps that are not synced to disk on their own (derived data: a power cut loses at
    /// most merging to do again).
    pub fn merge_index(&mut self) -> Result<()> {
        self.writable()?;
        self.stop_index_merge()?;
        self.unsynced(Store::merge_index_steps)
    }

    /// The steps of [`Store::merge_index`], on this connection as it is set.
    pub(super) fn merge_index_steps(&mut self) -> Result<()> {
        while step(&mut self.conn)? {}
        Ok(())
    }

    /// Starts merging the full-text indexes on a thread of its own (with a connection of its
    /// own) and returns at once: a sync calls it before it connects, and the watch loop after
    /// each sync, so that what a sync left unmerged is merged while nothing else is done. The
    /// thread stops when nothing is left to merge, or at the end of its step once
    /// [`Store::stop_index_merge`] is called (by every write of this store, and by closing
    /// it). Nothing happens on a read-only store, or when merging is already under way.
    pub fn merge_index_meanwhile(&mut self) {
        if self.read_only.is_some() || self.merging.is_some() {
            return;
        }
        let open = self.connection_opener();
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        let thread = std::thread::Builder::new()
            .name("sigillo-index".into())
            .spawn(move || {
                // Opened here: the caller goes on at once.
                let mut other = open()?;
                other
                    .conn
                    .pragma_update(None, "synchronous", "NORMAL")
                    .map_err(StoreError::from)?;
                while !stopped.load(Ordering::Acquire) && step(&mut other.conn)? {}
                Ok(())
            });
        // No thread: merged by the next write that merges, or the next call.
        if let Ok(thread) = thread {
            self.merging = Some(Merging { stop, thread });
        }
    }

    /// Stops the merging thread of [`Store::merge_index_meanwhile`], if one runs, after the
    /// step under way, and waits for it: what it left is merged another time. The error of a
    /// step that failed (the store is otherwise unchanged: a step is one transaction).
    pub fn stop_index_merge(&mut self) -> Result<()> {
        if let Some(merging) = &self.merging {
            merging.stop.store(true, Ordering::Release);
        }
        self.wait_for_index_merge()
    }

    /// [`Store::stop_index_merge`] before this store writes: a step that failed is left to be
    /// merged another time, and whatever made it fail (a full disk, damage) is met and told
    /// by the write itself.
    pub(super) fn end_index_merge(&mut self) {
        let _ = self.stop_index_merge();
    }

    /// Waits until the merging thread of [`Store::merge_index_meanwhile`] has merged all there
    /// was (or was stopped); its error, if a step failed.
    pub fn wait_for_index_merge(&mut self) -> Result<()> {
        let Some(merging) = self.merging.take() else {
            return Ok(());
        };
        merging
            .thread
            .join()
            .unwrap_or_else(|_| Err(StoreError::Worker("the index merge stopped".into())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{IncomingMessage, SearchQuery, Source};

    fn message(i: usize) -> Vec<u8> {
        format!(
            "From: a@example.org\r\nTo: b@example.org\r\nSubject: fattura {i}\r\n\
             Message-ID: <{i}@example.org>\r\nDate: Mon, 2 Mar 2026 10:00:00 +0100\r\n\r\n\
             parola{i} comune\r\n"
        )
        .into_bytes()
    }

    fn source(i: usize) -> Source {
        Source::Pop3 {
            account: "acc".into(),
            uidl: format!("uidl-{i}"),
        }
    }

    /// Records of the two indexes: each segment has one leaf record at least, so merging
    /// segments leaves fewer.
    fn index_records(store: &Store) -> i64 {
        store
            .conn
            .query_row(
                "SELECT (SELECT count(*) FROM search_data) + (SELECT count(*) FROM search_head_data)",
                [],
                |r| r.get(0),
            )
            .unwrap()
    }

    fn found(store: &Store, words: &str) -> usize {
        store
            .search(&SearchQuery {
                text: words.into(),
                limit: 100,
                ..SearchQuery::default()
            })
            .unwrap()
            .len()
    }

    /// Twelve messages (from the `from`th) given to a sync's writer one batch each: twelve
    /// segments per index, which the writer leaves unmerged (12 stays below FTS5's crisis
    /// merge of 16).
    fn twelve_unmerged_segments(store: &mut Store, from: usize) {
        let mut writer = store.background_writer().unwrap();
        for i in from..from + 12 {
            writer
                .send(vec![IncomingMessage::new(message(i), source(i))], None)
                .unwrap();
        }
        writer.finish().1.unwrap();
    }

    /// A new store (in a folder that goes with the first value) holding twelve unmerged
    /// segments per index.
    fn store_with_twelve_unmerged_segments() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        twelve_unmerged_segments(&mut store, 0);
        (dir, store)
    }

    #[test]
    fn both_indexes_merge_only_when_asked() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        for index in INDEXES {
            let automerge: i64 = store
                .conn
                .query_row(
                    &format!("SELECT v FROM {index}_config WHERE k = 'automerge'"),
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(automerge, 0, "{index}");
        }
    }

    #[test]
    fn a_syncs_writer_leaves_its_segments_and_merging_keeps_every_message_found() {
        let (_dir, mut store) = store_with_twelve_unmerged_segments();
        let unmerged = index_records(&store);
        assert!(
            unmerged >= 24,
            "12 segments in each index: {unmerged} records"
        );
        assert_eq!(found(&store, "comune"), 12);
        assert_eq!(found(&store, "fattura"), 12);

        assert!(step(&mut store.conn).unwrap(), "12 segments on one level");
        store.merge_index().unwrap();
        assert!(!step(&mut store.conn).unwrap(), "nothing left to merge");
        let merged = index_records(&store);
        assert!(
            merged < unmerged / 2,
            "{unmerged} records before, {merged} after"
        );
        assert_eq!(found(&store, "comune"), 12);
        assert_eq!(found(&store, "fattura"), 12);
        assert_eq!(found(&store, "parola7"), 1);
    }

    #[test]
    fn an_import_merges_right_after_it_writes() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        for i in 0..12 {
            store.ingest(&message(i), &source(i)).unwrap();
        }
        assert!(!step(&mut store.conn).unwrap(), "merged after each write");
        assert!(index_records(&store) < 24);
        assert_eq!(found(&store, "comune"), 12);
    }

    #[test]
    fn merging_meanwhile_finishes_on_its_own_or_stops_before_a_write() {
        let (dir, mut store) = store_with_twelve_unmerged_segments();
        let unmerged = index_records(&store);
        store.merge_index_meanwhile();
        assert!(store.merging.is_some());
        store.wait_for_index_merge().unwrap();
        assert!(index_records(&store) < unmerged / 2);
        assert!(
            !step(&mut store.conn).unwrap(),
            "the thread merged everything"
        );

        // Started again with work to do, then a write at once: the write waits for the step
        // under way and the thread is gone; nothing is lost either way.
        let mut store = Store::open(dir.path()).unwrap();
        twelve_unmerged_segments(&mut store, 12);
        store.merge_index_meanwhile();
        store.ingest(&message(99), &source(99)).unwrap();
        assert!(
            store.merging.is_none(),
            "the write stopped the merging thread"
        );
        assert_eq!(found(&store, "comune"), 25);
        store.merge_index().unwrap();
        assert_eq!(found(&store, "comune"), 25);
        assert_eq!(found(&store, "parola20"), 1);
        assert!(store.integrity_check().unwrap().is_empty());
    }

    #[test]
    fn a_read_only_store_merges_nothing() {
        let dir = tempfile::tempdir().unwrap();
        drop(Store::open(dir.path()).unwrap());
        let mut store = Store::open_read_only(dir.path(), crate::store::ReadOnly::Media).unwrap();
        store.merge_index_meanwhile();
        assert!(store.merging.is_none());
        assert!(store.merge_index().is_err());
    }
}
