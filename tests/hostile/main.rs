//! Hostile input: MIME nested 10,000 deep, 100,000 parts, huge headers, escaping attachment
//! names, hostile certificate chains, and the inputs that once crashed a fuzz target. One
//! test binary for the area.
//!
//! Sharing this process is safe: the inputs are built in memory or in each test's temporary
//! folder; the one fixed path (`/tmp/fuori.txt`) is only checked to be absent. The 20 s limit
//! on a hostile chain's check is a ceiling against runaway work, far above its cost with
//! another test beside it. The 200 MB attachment measures the peak memory of its child
//! process with getrusage(RUSAGE_CHILDREN), which counts every child this process ever
//! waited for: it keeps a process of its own (tests/hostile_large.rs).

use sigillo_test_support as support;

mod chains;
mod fuzz_regressions;
mod input;
mod names;
mod store;
