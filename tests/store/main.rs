//! The local store: SQLite file, schema migrations, folders, tags, the sealed register,
//! repair, read-only archives, a full disk, import of mbox and Maildir, and several processes
//! on one profile. One test binary (one link) for the whole area.
//!
//! Sharing this process is safe: no test here sets environment variables, changes the current
//! directory or uses a fixed port or path; each works in its own temporary folder (disk_full
//! mounts its own tmpfs volume there) and gives any child process its environment through
//! `Command::env`. The few time limits (repair waits up to 30 s for an import to open the
//! store) are ceilings against hangs, far above what the work takes with another test
//! running beside it. The backup taken *while* a sync writes depends on how the two processes
//! overlap, so it runs in tests/timed, one test at a time.

use sigillo_test_support as support;

mod basics;
mod concurrency;
mod disk_full;
mod folders;
mod import;
mod migration;
mod read_only;
mod register;
mod repair;
mod sent_copies;
mod tags;
mod verify_on_arrival;
