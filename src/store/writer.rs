//! Storing on a thread of its own while the caller goes on downloading: a [`BackgroundWriter`]
//! holds a second connection to the same database on a thread of its own and does the jobs
//! given to it in order. For a batch of downloaded messages it stores the bytes (one
//! transaction, synced to disk, before anything parses them), starts their analysis on other
//! threads, and writes the analysis of the batch before (see [`Store::store_then_analyse`]);
//! the caller hears back, in order, when each batch's analysis is written. Other writes that
//! must follow the bytes (a sync's record of what it stored) are given as jobs too
//! ([`BackgroundWriter::then`]), so they are done after the bytes, and never when storing
//! the bytes failed.
//!
//! Every write transaction of the store begins `IMMEDIATE`, so the caller's own connection
//! may still write meanwhile: the two wait for each other (up to the busy timeout) rather
//! than fail.
//!
//! Should the writer stop on an error, the jobs after the failing one are not done (the
//! messages stay on the server, fetched by the next sync) and the error is returned by the
//! next call. Bytes it stored whose analysis was not written stay pending, as after a crash.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, Sender, SyncSender, channel, sync_channel};
use std::thread::JoinHandle;

use chrono::{DateTime, Utc};

use super::error::{Result, StoreError};
use super::{AnalysisJob, IncomingMessage, Ingested, Store};
use crate::verify::TrustList;

/// A write to do on the writer's connection, in turn with the batches.
pub type StoreJob = Box<dyn FnOnce(&mut Store) -> Result<()> + Send>;

enum Job {
    Batch {
        items: Vec<IncomingMessage>,
        verify: Option<(Arc<TrustList>, DateTime<Utc>)>,
    },
    Then(StoreJob),
}

/// A thread storing batches of messages through a connection of its own
/// ([`Store::background_writer`]).
pub struct BackgroundWriter {
    jobs: Option<SyncSender<Job>>,
    /// Jobs given and not yet done (zero: the writer waits for work).
    queued: Arc<AtomicUsize>,
    analysed: Receiver<Vec<Ingested>>,
    thread: Option<JoinHandle<Result<()>>>,
}

impl Store {
    /// Starts a [`BackgroundWriter`] on this store's database file (a second connection,
    /// opened here so that an error opening it is told at once).
    ///
    /// The indexes' segments its writes add are not merged by the writer (its last batch is
    /// what a sync's user waits for): they are merged later, on a thread of their own (see
    /// `index_merge`). A merge under way on this store is stopped first.
    pub fn background_writer(&mut self) -> Result<BackgroundWriter> {
        self.end_index_merge();
        let mut store = self.another_connection()?;
        store.merge_after_write = false;
        // One job may wait while the writer works on another: memory stays bounded.
        let (jobs, inbox) = sync_channel::<Job>(1);
        let (report, analysed) = channel::<Vec<Ingested>>();
        let queued = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&queued);
        let thread = std::thread::Builder::new()
            .name("sigillo-writer".into())
            .spawn(move || do_jobs(store, &inbox, &report, &counter))
            .map_err(|e| StoreError::Worker(e.to_string()))?;
        Ok(BackgroundWriter {
            jobs: Some(jobs),
            queued,
            analysed,
            thread: Some(thread),
        })
    }
}

/// The writer thread: each batch's bytes stored, then the analysis of the batch before
/// written; other jobs in turn; until the caller closes the channel or an error stops it.
fn do_jobs(
    mut store: Store,
    inbox: &Receiver<Job>,
    report: &Sender<Vec<Ingested>>,
    queued: &AtomicUsize,
) -> Result<()> {
    let mut analysing: Option<AnalysisJob> = None;
    for job in inbox {
        match job {
            Job::Batch { items, verify } => {
                let job = store.store_then_analyse(items, verify)?;
                if let Some(before) = analysing.replace(job) {
                    // The caller may have stopped listening; the work is done all the same.
                    let _ = report.send(store.finish_analysis(before)?);
                }
            }
            Job::Then(f) => f(&mut store)?,
        }
        queued.fetch_sub(1, Ordering::AcqRel);
    }
    if let Some(last) = analysing {
        let _ = report.send(store.finish_analysis(last)?);
    }
    Ok(())
}

impl BackgroundWriter {
    /// Gives the writer a batch: its bytes are stored before anything parses them, then it is
    /// analysed (with `verify`, its signatures checked too). Waits while another job is
    /// already waiting for the writer. Fails with the writer's error if it stopped on one.
    pub fn send(
        &mut self,
        items: Vec<IncomingMessage>,
        verify: Option<(Arc<TrustList>, DateTime<Utc>)>,
    ) -> Result<()> {
        self.give(Job::Batch { items, verify })
    }

    /// Gives the writer a write to do after the bytes of every batch given before are stored
    /// (and only if they were). Fails with the writer's error if it stopped on one.
    pub fn then(&mut self, job: StoreJob) -> Result<()> {
        self.give(Job::Then(job))
    }

    /// True when every job given is done: the writer waits for work (the analysis of its
    /// last batch may still run on another thread).
    pub fn is_idle(&self) -> bool {
        self.queued.load(Ordering::Acquire) == 0
    }

    fn give(&mut self, job: Job) -> Result<()> {
        let Some(jobs) = &self.jobs else {
            return Err(StoreError::Worker("the writer was already finished".into()));
        };
        self.queued.fetch_add(1, Ordering::AcqRel);
        if jobs.send(job).is_err() {
            // The writer closed its end: it stopped on an error.
            self.jobs = None;
            return Err(match self.join() {
                Err(e) => e,
                Ok(()) => StoreError::Worker("the writer stopped".into()),
            });
        }
        Ok(())
    }

    /// The next batch whose analysis is written, if one is ready (never waits): one
    /// [`Ingested`] per message of the batch, in order.
    pub fn try_next(&mut self) -> Option<Vec<Ingested>> {
        self.analysed.try_recv().ok()
    }

    /// Does every job given and stops the thread. Returns the batches analysed not yet taken,
    /// in order, with the writer's error if it stopped on one.
    pub fn finish(mut self) -> (Vec<Vec<Ingested>>, Result<()>) {
        self.jobs = None;
        let outcome = self.join();
        (self.analysed.try_iter().collect(), outcome)
    }

    fn join(&mut self) -> Result<()> {
        match self.thread.take() {
            Some(t) => t
                .join()
                .unwrap_or_else(|_| Err(StoreError::Worker("the writer thread failed".into()))),
            None => Ok(()),
        }
    }
}

impl Drop for BackgroundWriter {
    /// Dropped without [`BackgroundWriter::finish`] (an error elsewhere): what was given is
    /// still done before the thread ends.
    fn drop(&mut self) {
        self.jobs = None;
        let _ = self.join();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Source;
    use std::sync::Barrier;
    use std::sync::mpsc::channel;
    use std::time::Duration;

    fn message(i: usize) -> Vec<u8> {
        format!(
            "From: a@example.org\r\nTo: b@example.org\r\nSubject: message {i}\r\n\
             Message-ID: <{i}@example.org>\r\nDate: Mon, 2 Mar 2026 10:00:00 +0100\r\n\r\nbody {i}\r\n"
        )
        .into_bytes()
    }

    fn source(i: usize) -> Source {
        Source::Pop3 {
            account: "acc".into(),
            uidl: format!("uidl-{i}"),
        }
    }

    fn batch(from: usize, n: usize) -> Vec<IncomingMessage> {
        (from..from + n)
            .map(|i| IncomingMessage::new(message(i), source(i)))
            .collect()
    }

    #[test]
    fn jobs_are_done_in_order_and_analyses_reported_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let mut writer = store.background_writer().unwrap();
        let (seen, seen_rx) = channel();
        for b in 0..3 {
            writer.send(batch(b * 2, 2), None).unwrap();
            let seen = seen.clone();
            // A job given after a batch sees that batch's bytes stored.
            writer
                .then(Box::new(move |s: &mut Store| {
                    let stored = (0..6)
                        .filter(|i| s.find_copy(&source(*i)).unwrap().is_some())
                        .count();
                    seen.send(stored).unwrap();
                    Ok(())
                }))
                .unwrap();
        }
        let mut reports: Vec<Vec<Ingested>> = std::iter::from_fn(|| writer.try_next()).collect();
        let (rest, outcome) = writer.finish();
        outcome.unwrap();
        reports.extend(rest);
        assert_eq!(seen_rx.try_iter().collect::<Vec<_>>(), [2, 4, 6]);
        let ids: Vec<i64> = (0..6)
            .map(|i| store.find_copy(&source(i)).unwrap().expect("stored"))
            .collect();
        assert_eq!(reports.iter().map(Vec::len).collect::<Vec<_>>(), [2, 2, 2]);
        let analysed: Vec<&Ingested> = reports.iter().flatten().collect();
        assert_eq!(analysed.iter().map(|r| r.id).collect::<Vec<_>>(), ids);
        assert!(
            analysed
                .iter()
                .all(|r| r.new_message && r.new_copy && r.kind.is_some())
        );
        assert_eq!(store.pending_analysis().unwrap(), 0);
    }

    #[test]
    fn the_writer_says_when_it_waits_for_work() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let mut writer = store.background_writer().unwrap();
        assert!(writer.is_idle(), "nothing given yet");
        // A job held on a barrier: the writer is busy until it is let go.
        let gate = Arc::new(Barrier::new(2));
        let held = Arc::clone(&gate);
        writer
            .then(Box::new(move |_: &mut Store| {
                held.wait();
                Ok(())
            }))
            .unwrap();
        writer.send(batch(0, 2), None).unwrap();
        assert!(!writer.is_idle(), "two jobs given, none done");
        gate.wait();
        // Both done: idle again (within a few seconds on the slowest machine).
        let until = std::time::Instant::now() + Duration::from_secs(20);
        while !writer.is_idle() {
            assert!(
                std::time::Instant::now() < until,
                "the writer never became idle"
            );
            std::thread::sleep(Duration::from_millis(2));
        }
        assert!(
            store.find_copy(&source(0)).unwrap().is_some(),
            "stored when idle"
        );
        let (_, outcome) = writer.finish();
        outcome.unwrap();
    }

    #[test]
    fn a_failed_job_stops_the_writer_and_the_jobs_after_it() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let mut writer = store.background_writer().unwrap();
        writer.send(batch(0, 1), None).unwrap();
        writer
            .then(Box::new(|_: &mut Store| Err(StoreError::NoSuchMessage(7))))
            .unwrap();
        // The writer stops; a job given later fails with its error (at once, or at finish
        // when the channel still had room for it), and is never done.
        let later = writer.send(batch(1, 1), None);
        let (_, outcome) = writer.finish();
        let error = later.err().or(outcome.err()).expect("the writer's error");
        assert!(matches!(error, StoreError::NoSuchMessage(7)), "{error}");
        assert!(store.find_copy(&source(0)).unwrap().is_some());
        assert!(store.find_copy(&source(1)).unwrap().is_none());
    }

    #[test]
    fn a_writer_dropped_unfinished_still_stores_and_analyses_what_it_was_given() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let mut writer = store.background_writer().unwrap();
        writer.send(batch(0, 3), None).unwrap();
        writer.send(batch(3, 3), None).unwrap();
        drop(writer);
        for i in 0..6 {
            assert!(
                store.find_copy(&source(i)).unwrap().is_some(),
                "message {i}"
            );
        }
        assert_eq!(store.pending_analysis().unwrap(), 0);
    }

    #[test]
    fn a_finished_writer_refuses_more_work() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let mut writer = store.background_writer().unwrap();
        writer.jobs = None;
        assert!(matches!(
            writer.send(batch(0, 1), None),
            Err(StoreError::Worker(_))
        ));
    }

    /// Why the store's transactions begin IMMEDIATE: with SQLite's default (deferred)
    /// transactions, a transaction that read first and writes after another connection
    /// committed fails at once with SQLITE_BUSY_SNAPSHOT (extended code 517), whatever the busy
    /// timeout. Plain connections on the store's file, without the store's setting.
    #[test]
    fn deferred_transactions_fail_when_another_connection_wrote_in_between() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let path = store.conn.path().unwrap().to_owned();
        drop(store);
        let mut first = rusqlite::Connection::open(&path).unwrap();
        let second = rusqlite::Connection::open(&path).unwrap();
        first.busy_timeout(Duration::from_secs(5)).unwrap();
        second.busy_timeout(Duration::from_secs(5)).unwrap();
        let tx = first
            .transaction_with_behavior(rusqlite::TransactionBehavior::Deferred)
            .unwrap();
        let n: i64 = tx
            .query_row("SELECT count(*) FROM messages", [], |r| r.get(0))
            .unwrap();
        second
            .execute(
                "INSERT INTO messages (sha256, size, stored_at, sort_date) VALUES ('b', 0, 0, 0)",
                [],
            )
            .unwrap();
        let late = tx.execute(
            "INSERT INTO messages (sha256, size, stored_at, sort_date) VALUES ('a', ?1, 0, 0)",
            [n],
        );
        match late {
            Err(rusqlite::Error::SqliteFailure(e, _)) => assert_eq!(e.extended_code, 517),
            other => panic!("expected SQLITE_BUSY_SNAPSHOT, got {other:?}"),
        }
    }

    /// A transaction that reads, then writes, while another connection commits a write in
    /// between: with deferred transactions SQLite refuses the late write at once
    /// (SQLITE_BUSY_SNAPSHOT); the store's transactions take the lock when they begin, so
    /// the other connection waits instead and both writes succeed.
    #[test]
    fn write_transactions_of_two_connections_wait_for_each_other() {
        let dir = tempfile::tempdir().unwrap();
        let mut first = Store::open(dir.path()).unwrap();
        let mut second = first.another_connection().unwrap();
        let began = Barrier::new(2);
        std::thread::scope(|s| {
            let reader_writer = s.spawn(|| {
                let tx = first.conn.transaction().unwrap();
                let n: i64 = tx
                    .query_row("SELECT count(*) FROM messages", [], |r| r.get(0))
                    .unwrap();
                began.wait();
                // Time for the other connection to try its write meanwhile.
                std::thread::sleep(Duration::from_millis(200));
                tx.execute(
                    "INSERT INTO messages (sha256, size, stored_at, sort_date)
                     VALUES ('a', ?1, 0, 0)",
                    [n],
                )?;
                tx.commit()
            });
            began.wait();
            let other = second.conn.transaction().and_then(|tx| {
                tx.execute(
                    "INSERT INTO messages (sha256, size, stored_at, sort_date)
                         VALUES ('b', 0, 0, 0)",
                    [],
                )?;
                tx.commit()
            });
            other.expect("the second connection's write");
            reader_writer
                .join()
                .unwrap()
                .expect("the first connection's read-then-write");
        });
        let n: i64 = second
            .conn
            .query_row("SELECT count(*) FROM messages", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 2);
    }
}
