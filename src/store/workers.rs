//! The threads that read and check messages: one pool, started at the first use and kept for
//! the life of the process (a rayon thread pool: work-stealing, so that a large message does
//! not leave a core idle while the small ones wait behind it).
//!
//! Threads started and ended for every batch of a sync cost more than the work of a small
//! batch suggests: each ending thread has its touched stack handed back to the kernel
//! (`madvise`, a TLB flush on every core), and the next batch's threads fault fresh pages in.
//! Measured with `perf` on the benchmark's incremental sync (100 new messages): about a tenth
//! of the analysis threads' time went to that.
//!
//! A message whose reading or check panics (none must) is left out of the results alone: the
//! caller's work list keeps it for the next run, and the other messages are not lost.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::OnceLock;

use rayon::prelude::*;

/// At most this many threads read messages at once: each holds a message and its parsed copy
/// in memory (up to several times a large message's size).
const MAX_THREADS: usize = 8;

/// The process's pool; `None` when its threads could not be started (then the caller's
/// thread does the work, or the work is left pending).
fn pool() -> Option<&'static rayon::ThreadPool> {
    static POOL: OnceLock<Option<rayon::ThreadPool>> = OnceLock::new();
    POOL.get_or_init(|| {
        let threads = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .clamp(1, MAX_THREADS);
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|i| format!("sigillo-read-{i}"))
            .build()
            .ok()
    })
    .as_ref()
}

/// `f` applied to every item, on the pool's threads, each taking the next item when it is done
/// with one; the results in the items' order, `None` where `f` panicked on that item.
pub(super) fn on_every_core<T: Sync, R: Send>(
    items: &[T],
    f: impl Fn(&T) -> R + Sync,
) -> Vec<Option<R>> {
    let one = |item: &T| catch_unwind(AssertUnwindSafe(|| f(item))).ok();
    match pool() {
        Some(pool) if items.len() > 1 => pool.install(|| {
            items
                .par_iter()
                // One message per task: messages differ a lot in size.
                .with_max_len(1)
                .map(one)
                .collect()
        }),
        _ => items.iter().map(one).collect(),
    }
}

/// Runs `work` on the pool without waiting for it; the returned receiver gets its result
/// (nothing when it panicked). `None` when the pool could not be started.
pub(super) fn spawn<R: Send + 'static>(
    work: impl FnOnce() -> R + Send + 'static,
) -> Option<std::sync::mpsc::Receiver<R>> {
    let pool = pool()?;
    let (tx, rx) = std::sync::mpsc::channel();
    pool.spawn(move || {
        // A panic must not reach rayon, which would end the process.
        if let Ok(r) = catch_unwind(AssertUnwindSafe(work)) {
            let _ = tx.send(r);
        }
    });
    Some(rx)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_order() {
        let items: Vec<u64> = (0..1000).collect();
        let out = on_every_core(&items, |i| i * 2);
        assert_eq!(out, items.iter().map(|i| Some(i * 2)).collect::<Vec<_>>());
    }

    #[test]
    fn an_item_that_panics_is_left_out_alone() {
        let items: Vec<u32> = (0..50).collect();
        let out = on_every_core(&items, |i| {
            assert_ne!(*i, 17, "a reading that breaks its promise");
            *i
        });
        assert_eq!(out.len(), 50);
        assert_eq!(out[17], None);
        assert_eq!(out.iter().flatten().count(), 49);
        assert_eq!(out[18], Some(18));
    }

    #[test]
    fn spawned_work_reports_back_and_a_panic_reports_nothing() {
        let rx = spawn(|| on_every_core(&[1, 2, 3], |i| i + 1)).expect("a pool");
        assert_eq!(rx.recv().unwrap(), [Some(2), Some(3), Some(4)]);
        let rx = spawn(|| -> u8 { panic!("a job that breaks its promise") }).expect("a pool");
        assert!(rx.recv().is_err(), "nothing sent, the sender dropped");
        // The pool survives a job's panic.
        let rx = spawn(|| 7).unwrap();
        assert_eq!(rx.recv().unwrap(), 7);
    }
}
