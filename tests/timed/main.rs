//! Tests whose outcome depends on how real processes overlap in time, each run alone: SIGKILL
//! at random points of `sigillo import` and `sigillo sync` (the delays are drawn from a full
//! run measured first, and at least a given number of kills must land mid-way), and a backup
//! that must be taken while a sync is still writing. Another test running beside one of them
//! would slow one process and not the other and change what is measured, so every test here
//! holds [`one_at_a_time`] for its whole run: one binary (one link), the same timing as a
//! process of its own.

use std::sync::{Mutex, MutexGuard};

#[path = "../support/mod.rs"]
mod support;

mod backup_restore;
mod store_crash;
mod sync_crash;

/// Held by each test of this binary while it runs, so that none runs beside another.
pub fn one_at_a_time() -> MutexGuard<'static, ()> {
    static ALONE: Mutex<()> = Mutex::new(());
    // A test that failed while holding it poisons it; the next still runs alone.
    ALONE.lock().unwrap_or_else(|p| p.into_inner())
}
