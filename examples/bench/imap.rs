//! Workloads 2 and 3: the first IMAPS sync of a mailbox into a new store (verified and
//! indexed, as `sigillo sync` does it: `net::sync::sync_once` with the trust list), against
//! `mbsync` syncing the same mailbox into a new Maildir and against a bare async-imap
//! `UID FETCH 1:* BODY.PEEK[]` into memory; then the incremental sync of new mail into the
//! store and Maildir as an earlier incremental sync left them. The limit's work on the same
//! messages runs beside them, so that the first sync's floor on this machine is known
//! ([`crate::limit::Floor`]).
//!
//! Durability is the same for both: every message is on disk when the run ends. Sigillo
//! commits each batch with `synchronous = FULL` (an fsync per batch of 500); mbsync runs with
//! `FSync no` and is followed, inside its timing, by `syncfs(2)` on the Maildir's file system
//! (with `FSync yes` it would fsync every message file, a stronger promise than Sigillo
//! makes, and slower for it).
//!
//! Every run starts on a settled disk: its untimed set-up (removing the last run's store or
//! Maildir, copying the base state back) ends with `syncfs(2)`, so that no timing includes
//! writing back files of the set-up or of the other contender (a copied 260 MiB store left
//! dirty in the page cache made the first fsync of the next run wait for all of it).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use openssl::x509::X509;
use sigillo::account::{Account, Incoming, Secret};
use sigillo::net::sync::{SyncOptions, SyncSummary, sync_once};
use sigillo::store::{DATABASE_FILE, Store};

use crate::Ctx;
use crate::data::Msg;
use crate::import::trust_list;
use crate::limit;
use crate::report::{Outcome, Row};
use crate::server::{PASSWORD, Server, bare_imap_fetch, runtime};
use crate::stats::{Contender, mib, thousands};

const USER: &str = "imap.bench@pec.alfa-bench.example";

/// One Sigillo sync of the account into the store of `profile`.
pub fn sigillo_sync(profile: &Path, account: &Account, opts: &SyncOptions) -> Result<SyncSummary> {
    let rt = runtime()?;
    let mut store = Store::open(profile)?;
    let summary = rt.block_on(sync_once(
        &mut store,
        account,
        &Secret::new(PASSWORD),
        opts,
        &mut |_| {},
    ))?;
    drop(store);
    Ok(summary)
}

/// The mbsync set-up: its configuration file and where the Maildir goes.
struct Mbsync {
    config: PathBuf,
    maildir: PathBuf,
}

impl Mbsync {
    fn new(dir: &Path, server: &Server) -> Result<Mbsync> {
        let maildir = dir.join("mbsync-maildir");
        let config = dir.join("mbsyncrc");
        // Host localhost: mbsync checks the name against the certificate (pitfall 9).
        // FSync no: the Maildir's file system is synced once after the run (see the module's
        // words on durability). Pipelining as mbsync chooses.
        let text = format!(
            "FSync no\n\nIMAPAccount bench\nHost localhost\nPort {port}\nUser {USER}\nPass {PASSWORD}\n\
             SSLType IMAPS\nCertificateFile {cert}\n\n\
             IMAPStore bench-far\nAccount bench\n\n\
             MaildirStore bench-near\nPath {md}/\nInbox {md}/INBOX\n\n\
             Channel bench\nFar :bench-far:\nNear :bench-near:\nPatterns INBOX\n\
             Create Near\nSync Pull\nExpunge None\nSyncState *\n",
            port = server.dovecot.imaps_port(),
            cert = server.dovecot.cert_path().display(),
            md = maildir.display(),
        );
        std::fs::write(&config, text)?;
        Ok(Mbsync { config, maildir })
    }

    fn run(&self) -> Result<()> {
        let out = Command::new("mbsync")
            .arg("-c")
            .arg(&self.config)
            .arg("-q")
            .arg("bench")
            .output()
            .context("running mbsync (Debian package isync)")?;
        if !out.status.success() {
            bail!(
                "mbsync failed ({}): {}",
                out.status,
                String::from_utf8_lossy(&out.stderr).trim()
            );
        }
        syncfs(&self.maildir)
    }

    fn count(&self) -> usize {
        ["cur", "new"]
            .iter()
            .map(|s| {
                std::fs::read_dir(self.maildir.join("INBOX").join(s))
                    .map(|d| d.count())
                    .unwrap_or(0)
            })
            .sum()
    }
}

/// Flushes the file system holding `dir` to disk (syncfs(2)).
fn syncfs(dir: &Path) -> Result<()> {
    let f = std::fs::File::open(dir)?;
    // SAFETY: syncfs on a valid open descriptor; no memory is passed.
    let r = unsafe { libc::syncfs(std::os::fd::AsRawFd::as_raw_fd(&f)) };
    if r != 0 {
        bail!(
            "syncfs of {}: {}",
            dir.display(),
            std::io::Error::last_os_error()
        );
    }
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    let _ = std::fs::remove_dir_all(to);
    let status = Command::new("cp").arg("-a").arg(from).arg(to).status()?;
    if !status.success() {
        bail!("cp -a {} {} failed", from.display(), to.display());
    }
    Ok(())
}

/// Runs workloads 2 and 3 (`first`, `incremental` say which to report).
pub fn run(
    ctx: &Ctx,
    mailbox: &[Msg],
    earlier: &[Msg],
    new: &[Msg],
    root: &X509,
    incremental: bool,
) -> Result<Outcome> {
    let n = mailbox.len();
    let dir = ctx.dir.join("imap");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    let mut server = Server::start()?;
    server.add_user(USER)?;
    let refs: Vec<&[u8]> = mailbox.iter().map(|m| m.bytes.as_slice()).collect();
    let bytes: u64 = refs.iter().map(|m| m.len() as u64).sum();
    ctx.log(&format!("imap: filling the mailbox with {n} messages"));
    server.fill(USER, &refs)?;
    let account = server.account(USER, Incoming::Imap)?;
    let opts = SyncOptions {
        verify_with: Some(Arc::new(trust_list(root))),
        ..SyncOptions::default()
    };
    let profile = dir.join("profile");
    let mbsync = Mbsync::new(&dir, &server)?;

    let mut app_summary = SyncSummary::default();
    let mut mbsync_count = 0;
    let mut limit_got = (0, 0);
    // The least work on what the download brings (the import limit on the same messages):
    // with the bare FETCH's time and CPU, the least a first sync can take on this machine.
    let mut same = limit::OnSameMessages::new(&dir, mailbox)?;
    let rt = runtime()?;
    let mut contenders = vec![
        Contender::new(
            "Sigillo sync",
            |_| {
                let _ = std::fs::remove_dir_all(&profile);
                syncfs(&dir)
            },
            |_| {
                app_summary = sigillo_sync(&profile, &account, &opts)?;
                Ok(())
            },
        ),
        Contender::new(
            "mbsync",
            |_| {
                let _ = std::fs::remove_dir_all(&mbsync.maildir);
                std::fs::create_dir_all(&mbsync.maildir)?;
                syncfs(&dir)
            },
            |_| {
                mbsync.run()?;
                mbsync_count = mbsync.count();
                Ok(())
            },
        ),
        Contender::new(
            "limit: bare UID FETCH 1:* BODY.PEEK[]",
            |_| Ok(()),
            |_| {
                limit_got = rt.block_on(bare_imap_fetch(&server, USER, 1))?;
                Ok(())
            },
        ),
        same.contender(limit::BESIDE_A_SYNC, root),
    ];
    let first = ctx.alternate("imap first sync", &mut contenders)?;
    drop(contenders);
    if app_summary.fetched != n || app_summary.new_messages != n || app_summary.verified != n {
        bail!("Sigillo's first sync: {app_summary:?}, expected {n} fetched, new and verified");
    }
    let outcomes = crate::import::signature_counts(&profile)?;
    if outcomes != vec![("valid".to_owned(), n as i64)] {
        bail!("Sigillo's first sync: signature outcomes {outcomes:?}");
    }
    if mbsync_count != n {
        bail!("mbsync stored {mbsync_count} of {n} messages");
    }
    if limit_got != (n, bytes) {
        bail!("the bare FETCH got {limit_got:?}, expected {n} messages of {bytes} bytes");
    }
    same.check(n, bytes)?;
    let (app, mb, lim) = (first[0].median(), first[1].median(), first[2].median());
    let floor = limit::Floor::of("bare FETCH", &first[2], &first[3], &first[0]);
    let mut out = Outcome::default();
    out.rows.push(Row {
        id: "2".into(),
        workload: format!(
            "first IMAPS sync of {} messages ({}) from local Dovecot: stored, indexed, every \
             signature checked",
            thousands(n as u64),
            mib(bytes)
        ),
        sigillo: first[0].text(),
        compared: format!(
            "mbsync to a Maildir, same durability: {}; bare FETCH into memory: {}",
            first[1].text(),
            first[2].text()
        ),
        result: format!(
            "{:.2}× mbsync's wall time; {:.1}× the bare FETCH (floor on this machine: {:.2}× \
             mbsync; {:.1}× the bare FETCH)",
            app / mb,
            app / lim,
            floor.secs / mb,
            floor.secs / lim
        ),
        target: "≤ 0.6× mbsync; ≤ 3× the bare FETCH".into(),
        verdict: ctx.judge_with_floor(
            app / mb <= 0.6 && app / lim <= 3.0,
            &floor,
            floor.secs / mb <= 0.6 && floor.secs / lim <= 3.0,
            format!("{:.2}× mbsync", floor.secs / mb),
        ),
        samples: first.clone(),
    });
    out.notes.push(format!(
        "2. First sync, each run into a new store / new Maildir (not timed: removing the old \
         one, then syncfs(2) so that nothing of it is left to write) on {}. Sigillo: \
         `net::sync::sync_once` (what `sigillo sync` runs, single-threaded tokio runtime, \
         default batch of {} UIDs per FETCH, the server certificate pinned) \
         with the signature check of every new message; all {} came out `valid`. Samples: {}. \
         mbsync {}: `Sync Pull`, `Create Near`, `FSync no`, then syncfs(2) of the Maildir's \
         file system inside the timing (durability: every message on disk when the run ends, \
         for both; Sigillo's commits are synced per batch); samples: {}. Bare FETCH: \
         async-imap `UID FETCH 1:* BODY.PEEK[]` after EXAMINE, bodies kept in memory; \
         samples: {}. The {}: no first sync can end sooner on this machine than {:.2}× \
         mbsync's wall time; the limit's samples: {}.",
        crate::machine::filesystem(&dir),
        SyncOptions::default().batch,
        thousands(n as u64),
        first[0].list(),
        crate::machine::first_line("mbsync", &["--version"]),
        first[1].list(),
        first[2].list(),
        floor.text,
        floor.secs / mb,
        first[3].list()
    ));
    if !incremental {
        return Ok(out);
    }

    // 3. Incremental: the base of every run is the state an incremental sync leaves after
    // another one (the last first sync, then `earlier` synced by both, half in each of two
    // syncs): each run finds what the one before it left to do (Sigillo: the short
    // write-ahead log its close leaves, read back at open and copied into the file while the
    // server is waited for, and the full-text index segments it left unmerged, merged
    // meanwhile). Two, because the first sync after a first sync is not a usual one: it
    // merges the segments the long first sync left.
    let e = earlier.len();
    for half in earlier.chunks(e.div_ceil(2).max(1)) {
        let refs: Vec<&[u8]> = half.iter().map(|m| m.bytes.as_slice()).collect();
        server.fill(USER, &refs)?;
        let warm = sigillo_sync(&profile, &account, &opts)?;
        if warm.new_messages != half.len() || warm.verified != half.len() {
            bail!(
                "Sigillo's sync of {} of the earlier messages: {warm:?}",
                half.len()
            );
        }
        mbsync.run()?;
    }
    if mbsync.count() != n + e {
        bail!(
            "mbsync's Maildir holds {}, expected {}",
            mbsync.count(),
            n + e
        );
    }
    let left_log =
        std::fs::metadata(profile.join(format!("{DATABASE_FILE}-wal"))).map_or(0, |m| m.len());
    let n = n + e;
    let m = new.len();
    let base_profile = dir.join("profile-base");
    let base_maildir = dir.join("mbsync-base");
    std::fs::rename(&profile, &base_profile)?;
    std::fs::rename(&mbsync.maildir, &base_maildir)?;
    let new_refs: Vec<&[u8]> = new.iter().map(|m| m.bytes.as_slice()).collect();
    ctx.log(&format!("imap: {m} new messages arrive"));
    server.fill(USER, &new_refs)?;
    let new_bytes: u64 = new_refs.iter().map(|b| b.len() as u64).sum();
    // The floor: the new messages' bare FETCH (UIDs after the first n) and the limit's work
    // on them, as for the first sync.
    let mut bare_new = (0, 0);
    let mut same_new = limit::OnSameMessages::new(&dir, new)?;
    let mut contenders = vec![
        Contender::new(
            "Sigillo sync",
            |_| {
                copy_dir(&base_profile, &profile)?;
                syncfs(&dir)
            },
            |_| {
                app_summary = sigillo_sync(&profile, &account, &opts)?;
                Ok(())
            },
        ),
        Contender::new(
            "mbsync",
            |_| {
                copy_dir(&base_maildir, &mbsync.maildir)?;
                syncfs(&dir)
            },
            |_| {
                mbsync.run()?;
                mbsync_count = mbsync.count();
                Ok(())
            },
        ),
        Contender::new(
            "limit: bare UID FETCH of the new messages",
            |_| Ok(()),
            |_| {
                bare_new = rt.block_on(bare_imap_fetch(&server, USER, n as u32 + 1))?;
                Ok(())
            },
        ),
        same_new.contender(limit::BESIDE_A_SYNC, root),
    ];
    let inc = ctx.alternate("imap incremental", &mut contenders)?;
    drop(contenders);
    if bare_new != (m, new_bytes) {
        bail!(
            "the bare FETCH of the new messages got {bare_new:?}, expected {m} of {new_bytes} bytes"
        );
    }
    same_new.check(m, new_bytes)?;
    if app_summary.fetched != m || app_summary.verified != m {
        bail!("Sigillo's incremental sync: {app_summary:?}, expected {m} fetched and verified");
    }
    if mbsync_count != n + m {
        bail!("mbsync's Maildir holds {mbsync_count}, expected {}", n + m);
    }
    let (app, mb) = (inc[0].median(), inc[1].median());
    let floor = limit::Floor::of("bare FETCH", &inc[2], &inc[3], &inc[0]);
    out.rows.push(Row {
        id: "3".into(),
        workload: format!(
            "incremental sync: {} new messages in a {} mailbox",
            thousands(m as u64),
            thousands((n + m) as u64)
        ),
        sigillo: inc[0].text(),
        compared: format!("mbsync, same durability: {}", inc[1].text()),
        result: format!(
            "{:.2}× mbsync's wall time (floor on this machine: {:.2}×)",
            app / mb,
            floor.secs / mb
        ),
        target: "≤ 1.0×".into(),
        verdict: ctx.judge_with_floor(
            app / mb <= 1.0,
            &floor,
            floor.secs / mb <= 1.0,
            format!("{:.2}× mbsync", floor.secs / mb),
        ),
        samples: inc.clone(),
    });
    out.notes.push(format!(
        "3. Incremental sync: before each run the store / Maildir synced with the first {} \
         messages and then with {} more in two syncs (the state an incremental sync leaves \
         after another; Sigillo's \
         write-ahead log beside it: {}) is copied back (not timed, followed by syncfs(2): the \
         copy is on disk before the run starts, as a user's store is); {} new messages wait \
         on the server. \
         Sigillo fetched, stored and verified exactly those. Samples: Sigillo {}; mbsync {}. \
         The {} (the new messages' bare `UID FETCH {}:*`, login and EXAMINE included); its \
         samples: {}; the limit's: {}.",
        thousands((n - e) as u64),
        thousands(e as u64),
        mib(left_log),
        thousands(m as u64),
        inc[0].list(),
        inc[1].list(),
        floor.text,
        n + 1,
        inc[2].list(),
        inc[3].list()
    ));
    Ok(out)
}
