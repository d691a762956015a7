//! Copying the write-ahead log back into the database file on a thread of its own.
//!
//! SQLite's own automatic checkpoint runs inside the commit that grows the log past 1,000
//! pages, on the thread that wrote: during an import or a sync that thread is the one every
//! other step waits for, and the copy took about a quarter of its time (measured with `perf`
//! on the 10,000-message import: 13 % of all the CPU samples, all of them on the writer).
//! Here the writing connection's log hook only wakes a checkpointer, which copies the pages
//! with a connection of its own (a `PASSIVE` checkpoint: it never blocks the writer nor a
//! reader) while the writer goes on.
//!
//! Nothing changes for durability: a commit is on disk when it returns (the log is synced as
//! before); the checkpoint only moves committed pages into the database file, and SQLite
//! keeps reading them from the log until it has. SQLite starts the log over only when a
//! write begins after every page was copied, which a writer that never pauses seldom gives
//! it: during a long import the log grows until [`IN_PLACE_PAGES`] (128 MiB), where the writer
//! copies the pages itself after its commit, as SQLite's automatic checkpoint would, and the
//! log is reused from its start. That bound is also what holds when the thread cannot start.
//! (Making the writer wait for the copy before each analysis transaction, so that the log
//! starts over every batch, was measured slower: 2.85–2.99 s against 2.55–2.57 s for the
//! 10,000-message import.)
//!
//! Closing leaves a short log for the next opening ([`LEFT_AT_CLOSE_PAGES`]): SQLite's own
//! close copies the whole log into the database file, syncs it and deletes the log, and after
//! a sync of a hundred new messages that was 3–7 ms of the 100 ms the user waited for
//! `sigillo sync`. The next opening reads the log back (SQLite does, about 1.4 ms per thousand
//! pages on the test machine); the next sync wakes the checkpointer before it connects
//! ([`Checkpointer::catch_up`], through `Store::catch_up_log`), which copies it while the sync
//! waits for the server; any other writer's commits wake it as usual. Nothing changes for
//! durability: a committed transaction is in the synced log either way. A longer log is copied
//! and deleted at close as before, so that no opening has much to read back. The profile's
//! database is its file together with its `-wal` (a backup copies both through SQLite; so does
//! a copy of the folder).
//!
//! For the same reason the thread is woken only once the log holds more than a close leaves
//! ([`WAKE_PAGES`]): a sync of a hundred new messages writes about 1,200 pages, and copying
//! them while the sync's last batches were still being stored and checked took a core from
//! that work (what the user waits for once the last byte has arrived), and the close then
//! waited for the copy under way. The next sync copies them while it waits for the server.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use rusqlite::Connection;
use rusqlite::wal::CheckpointMode;

/// Pages in the log after a commit from which the checkpointer is woken: a log the close
/// would leave for the next sync to copy is not copied while the writer works (SQLite's own
/// automatic checkpoint starts at 1,000 pages; see the module's words on the tail of a sync).
const WAKE_PAGES: i32 = LEFT_AT_CLOSE_PAGES;
/// Pages in the log after a commit from which the writer checkpoints by itself (128 MiB of
/// 4 KiB pages: several batches of an import).
const IN_PLACE_PAGES: i32 = 32 * 1024;
/// Pages the log may hold when the store is closed and still be left for the next opening
/// to read back (16 MiB of 4 KiB pages: about 6 ms there); a longer log is copied at close.
const LEFT_AT_CLOSE_PAGES: i32 = 4 * 1024;
/// Bytes the log file may span when the store is closed and still be left beside the database
/// (the bytes [`LEFT_AT_CLOSE_PAGES`] take). SQLite reuses a log file from its start and never
/// shrinks it: a long import grows it to [`IN_PLACE_PAGES`] and more (235 MB beside the 267 MB
/// database after the 10,000-message import), and a close that left its short valid part kept
/// that file on disk for good. Such a file is copied and deleted at close instead, once (about
/// as long as the copy of a short log). Cutting it back when SQLite starts the log over
/// (`PRAGMA journal_size_limit`) was measured slower: the 10,000-message import 3.14 → 3.24 s
/// (3 rounds of 5 interleaved runs), the file grown again after each cut.
const LOG_FILE_LIMIT_BYTES: i64 = LEFT_AT_CLOSE_PAGES as i64 * 4096;

/// The checkpointer of one writing connection (and of the others it [`Checkpointer::serve`]s):
/// its thread starts at the first commit that needs it, and stops (after the checkpoint under
/// way) when the installing store is closed.
#[derive(Clone)]
pub(super) struct Checkpointer {
    shared: Arc<Mutex<State>>,
    /// Pages in the log when last seen (after a commit, or by a checkpoint of the thread);
    /// `i32::MAX` while unknown.
    log_pages: Arc<AtomicI32>,
}

struct State {
    path: PathBuf,
    running: Option<(SyncSender<()>, JoinHandle<()>)>,
    /// The thread could not be started: the writer checkpoints by itself, as SQLite would.
    unavailable: bool,
}

impl Checkpointer {
    /// Installs the checkpointer on `conn`, the writing connection of the database at `path`,
    /// in place of SQLite's automatic checkpoint.
    pub(super) fn install(conn: &mut Connection, path: &Path) -> rusqlite::Result<Checkpointer> {
        let me = Checkpointer {
            shared: Arc::new(Mutex::new(State {
                path: path.to_owned(),
                running: None,
                unavailable: false,
            })),
            log_pages: Arc::new(AtomicI32::new(0)),
        };
        me.serve(conn)?;
        Ok(me)
    }

    /// Makes this checkpointer copy the log for `conn` too, another writing connection to the
    /// same database in this process (a background writer's): its thread is the installing
    /// connection's, which stops it when closed. Closing `conn` then never waits for a
    /// checkpoint under way.
    pub(super) fn serve(&self, conn: &mut Connection) -> rusqlite::Result<()> {
        let hook = self.clone();
        conn.wal_hook(Some(move |wal: &mut rusqlite::hooks::Wal, pages| {
            if hook.after_commit(pages) {
                // Behind, or no thread: the pages are copied here, as SQLite's automatic
                // checkpoint would do. A failure (another checkpoint under way) leaves them
                // for the next commit; the commit itself has succeeded either way.
                let _ = wal.checkpoint_v2(CheckpointMode::PASSIVE);
            }
            Ok(())
        }))
    }

    /// Copies what earlier runs left in the log, at once and on the checkpointer's thread:
    /// the caller does not wait for it.
    pub(super) fn catch_up(&self) {
        // Its length is known once the thread has looked; closing before that copies it.
        self.log_pages.store(i32::MAX, Ordering::Relaxed);
        let _ = self.wake(0);
    }

    /// True when closing the store may leave the log (`wal`, its file) as it is for the next
    /// opening to read back: its pages are few ([`LEFT_AT_CLOSE_PAGES`]) and its file is not
    /// longer than they are ([`LOG_FILE_LIMIT_BYTES`]).
    pub(super) fn leaves_log_on_close(&self, wal: &Path) -> bool {
        self.log_pages.load(Ordering::Relaxed) <= LEFT_AT_CLOSE_PAGES
            && std::fs::metadata(wal).map_or(true, |m| m.len() as i64 <= LOG_FILE_LIMIT_BYTES)
    }

    /// Called after each commit with the pages in the log; true when the writer must copy
    /// them itself.
    fn after_commit(&self, pages: i32) -> bool {
        self.log_pages.store(pages, Ordering::Relaxed);
        if pages < WAKE_PAGES {
            return false;
        }
        self.wake(pages)
    }

    /// Wakes the thread (started at the first call) to copy the log, which holds `pages`
    /// pages; true when the caller must copy them itself (no thread, or far behind).
    fn wake(&self, pages: i32) -> bool {
        let mut state = self.shared.lock().unwrap_or_else(|p| p.into_inner());
        if !state.unavailable && state.running.is_none() {
            match start(&state.path, Arc::clone(&self.log_pages)) {
                Some(running) => state.running = Some(running),
                None => state.unavailable = true,
            }
        }
        match &state.running {
            Some((wake, _)) => {
                // Already woken and not yet started: one checkpoint takes every page.
                if let Err(TrySendError::Disconnected(())) = wake.try_send(()) {
                    state.running = None;
                    state.unavailable = true;
                    return true;
                }
                pages >= IN_PLACE_PAGES
            }
            None => true,
        }
    }

    /// Stops the thread after the checkpoint under way; the writer then checkpoints by itself
    /// (a store being closed writes little more).
    pub(super) fn stop(&self) {
        let running = {
            let mut state = self.shared.lock().unwrap_or_else(|p| p.into_inner());
            state.unavailable = true;
            state.running.take()
        };
        if let Some((wake, thread)) = running {
            drop(wake);
            let _ = thread.join();
        }
    }
}

/// Opens the checkpointer's connection and starts its thread; `None` when either fails.
fn start(path: &Path, log_pages: Arc<AtomicI32>) -> Option<(SyncSender<()>, JoinHandle<()>)> {
    let conn = Connection::open(path).ok()?;
    let (wake, woken) = std::sync::mpsc::sync_channel(1);
    let thread = std::thread::Builder::new()
        .name("sigillo-checkpoint".into())
        .spawn(move || run(conn, woken, &log_pages))
        .ok()?;
    Some((wake, thread))
}

fn run(conn: Connection, woken: Receiver<()>, log_pages: &AtomicI32) {
    use std::sync::mpsc::RecvTimeoutError;
    use std::time::Duration;
    // A connection finds the database in WAL mode at its first read; until then a checkpoint
    // on it does nothing.
    if conn
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })
        .is_err()
    {
        return;
    }
    while woken.recv().is_ok() {
        // PASSIVE: copies what no reader still needs, waits for nobody. Woken right after a
        // commit, it may find the writer still holding its snapshot of before (or a reader
        // one of its own) and copy less than all: it tries again after a pause, longer each
        // time, until everything is copied or the next commit wakes it.
        let mut pause = Duration::from_millis(5);
        loop {
            let copied = conn.wal_checkpoint_v2(None::<&str>, CheckpointMode::PASSIVE);
            if let Ok((log, _)) = copied {
                log_pages.store(log, Ordering::Relaxed);
            }
            if matches!(copied, Ok((log, done)) if done >= log) || pause > Duration::from_secs(2) {
                break;
            }
            match woken.recv_timeout(pause) {
                Ok(()) | Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return,
            }
            pause *= 2;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pages of the database file itself: only a checkpoint moves committed pages there.
    fn file_pages(path: &Path) -> u64 {
        std::fs::metadata(path).map(|m| m.len() / 4096).unwrap_or(0)
    }

    /// Waits (30 s at most) until the database file holds `pages` pages: the checkpointer's
    /// thread copied them there.
    fn wait_for_file_pages(path: &Path, pages: u64) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while file_pages(path) < pages {
            assert!(
                std::time::Instant::now() < deadline,
                "the pages never reached the database file ({} there)",
                file_pages(path)
            );
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
    }

    /// A new database of 4 KiB pages in a folder of its own, in WAL mode, its checkpointer
    /// installed; the folder goes when the first value is dropped.
    fn writer() -> (tempfile::TempDir, PathBuf, Connection, Checkpointer) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite");
        let mut conn = Connection::open(&path).unwrap();
        // The page size is fixed before the switch to WAL, which writes the file's header.
        conn.execute_batch("PRAGMA page_size = 4096").unwrap();
        conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))
            .unwrap();
        conn.execute_batch("CREATE TABLE t (b BLOB)").unwrap();
        let checkpointer = Checkpointer::install(&mut conn, &path).unwrap();
        (dir, path, conn, checkpointer)
    }

    fn commit_pages(conn: &mut Connection, rows: usize) {
        let tx = conn.transaction().unwrap();
        for _ in 0..rows {
            tx.execute("INSERT INTO t VALUES (zeroblob(4000))", [])
                .unwrap();
        }
        tx.commit().unwrap();
    }

    #[test]
    fn committed_pages_reach_the_database_file_through_the_checkpointer() {
        let (_dir, path, mut conn, checkpointer) = writer();
        // About 5,000 pages: past the wake size, far below the writer's own bound.
        commit_pages(&mut conn, 5000);
        assert!(
            checkpointer.shared.lock().unwrap().running.is_some(),
            "the thread started at that commit"
        );
        // Below its bound the writer copies nothing itself: pages in the file came from the thread.
        wait_for_file_pages(&path, 5000);
        checkpointer.stop();
        assert!(checkpointer.shared.lock().unwrap().running.is_none());
        let other = Connection::open(&path).unwrap();
        let n: i64 = other
            .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 5000);
    }

    #[test]
    fn another_connection_is_served_by_the_same_thread_and_leaves_it_running() {
        let (_dir, path, _conn, checkpointer) = writer();
        let mut other = Connection::open(&path).unwrap();
        checkpointer.serve(&mut other).unwrap();
        commit_pages(&mut other, 5000);
        assert!(
            checkpointer.shared.lock().unwrap().running.is_some(),
            "the other connection's commit started the installing connection's thread"
        );
        // Closing the served connection stops nothing: the thread copies what it wrote.
        drop(other);
        assert!(checkpointer.shared.lock().unwrap().running.is_some());
        wait_for_file_pages(&path, 5000);
        checkpointer.stop();
        assert!(checkpointer.shared.lock().unwrap().running.is_none());
    }

    #[test]
    fn a_log_the_close_would_leave_wakes_nobody() {
        let (_dir, path, mut conn, checkpointer) = writer();
        // About 2,000 pages: what a sync of a few hundred messages writes.
        commit_pages(&mut conn, 2000);
        assert!(checkpointer.shared.lock().unwrap().running.is_none());
        let wal = path.with_extension("sqlite-wal");
        assert!(wal.exists());
        assert!(checkpointer.leaves_log_on_close(&wal));
        assert!(file_pages(&path) < 10, "nothing copied yet");
    }

    #[test]
    fn a_writer_without_its_thread_copies_the_pages_itself() {
        let (_dir, path, mut conn, checkpointer) = writer();
        checkpointer.stop();
        commit_pages(&mut conn, 5000);
        // Copied within the commit, as SQLite's automatic checkpoint does.
        assert!(file_pages(&path) >= 5000, "{} pages", file_pages(&path));
    }
}
