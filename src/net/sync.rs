//! Receiving mail: one sync of an account (IMAP: every folder, Sent included; POP3: the inbox)
//! and the watch loop (IDLE for new mail when offered, else a poll; reconnection with backoff).
//!
//! Never lose, never duplicate: downloaded messages are stored in batches (up to
//! [`SyncOptions::batch`] messages or 32 MiB): their raw bytes first, in one transaction,
//! before anything parses them (`Store::ingest_batch`), then their analysis and, when asked,
//! their signature checks, on every core. What arrived before a cut is stored all the same; a
//! message lost in flight by a crash is still on the server. The folder state (UIDs below
//! which everything is stored) only moves past UIDs whose bytes are stored, so a sync cut
//! anywhere resumes where it stopped; what was stored is recognised by its UID (or UIDL) and
//! never fetched twice, and identical bytes are kept once in any case. A UIDVALIDITY change
//! makes the folder sync again from the start: the copies of the old UIDVALIDITY stay. A server
//! that goes back in its UIDs without changing UIDVALIDITY cannot hide a message either: the
//! flags listing names every UID, and any UID never stored is fetched there and then.
//!
//! For the desktop app, [`watch_stream`] runs the watch loop as a stream of [`SyncEvent`]s (an
//! iced subscription); dropping the stream stops it.

use std::collections::{HashSet, VecDeque};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;

use super::error::NetError;
use super::imap::{Fetched, Folder, Imap};
use super::pop3::{Limits, Pop3, RETR_WINDOW};
use super::tls::{Protocol, Timeouts};
use crate::account::{Account, Incoming, Secret};
use crate::pec::PecKind;
use crate::store::{
    BackgroundWriter, FlagSet, ImapFolderState, IncomingMessage, Ingested, MailboxKey, Source,
    Store, StoreError, StoreJob,
};
use crate::verify::TrustList;

/// How a sync runs.
#[derive(Clone)]
pub struct SyncOptions {
    /// Network time limits.
    pub timeouts: Timeouts,
    /// Messages asked for per IMAP FETCH, and stored together (one transaction); POP3
    /// messages are stored in groups of as many.
    pub batch: usize,
    /// First wait before reconnecting after a network error (doubles up to `max_backoff`).
    pub min_backoff: Duration,
    /// Longest wait between reconnection attempts.
    pub max_backoff: Duration,
    /// When set, provider signatures of new messages are checked as they are stored (and any
    /// message still unchecked after each sync).
    pub verify_with: Option<Arc<TrustList>>,
    /// Wakes a waiting watch loop at once (the "sync now" button).
    pub wake: Option<Arc<Notify>>,
}

impl std::fmt::Debug for SyncOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SyncOptions")
            .field("timeouts", &self.timeouts)
            .field("batch", &self.batch)
            .field("verify", &self.verify_with.is_some())
            .finish_non_exhaustive()
    }
}

impl Default for SyncOptions {
    fn default() -> Self {
        SyncOptions {
            timeouts: Timeouts::default(),
            batch: 500,
            min_backoff: Duration::from_secs(2),
            max_backoff: Duration::from_secs(300),
            verify_with: None,
            wake: None,
        }
    }
}

/// What one sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncSummary {
    /// Folders synced (1 for POP3).
    pub folders: usize,
    /// Messages downloaded.
    pub fetched: usize,
    /// Of those, bytes the store did not hold before.
    pub new_messages: usize,
    /// Folders synced again from the start because their UIDVALIDITY changed.
    pub uidvalidity_resets: usize,
    /// Messages found below a folder's UID mark (a server that went back in its UIDs without
    /// changing UIDVALIDITY), fetched so that nothing is missed.
    pub below_mark: usize,
    /// Copies whose IMAP flags were updated.
    pub flags_updated: usize,
    /// POP3 messages deleted from the server (only with "delete after N days" on).
    pub deleted_on_server: usize,
    /// Messages whose provider signature was checked (as they were stored, or after the sync).
    pub verified: usize,
    /// Messages read here whose `\Seen` flag this sync set on the server.
    pub seen_set_on_server: usize,
}

/// Why a sync stopped.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// The network or the server.
    #[error(transparent)]
    Net(#[from] NetError),
    /// The local store.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl SyncError {
    /// True when trying again later may work.
    pub fn is_transient(&self) -> bool {
        match self {
            SyncError::Net(e) => e.is_transient(),
            SyncError::Store(_) => false,
        }
    }
}

/// Progress of a sync, for a progress bar or a status line.
#[derive(Debug, Clone)]
pub enum SyncEvent {
    /// Connecting to the incoming server.
    Connecting { account: String },
    /// Logged in.
    Connected { account: String },
    /// A folder is being synced; `to_fetch` messages are new there.
    Folder {
        account: String,
        folder: String,
        to_fetch: usize,
    },
    /// One message was stored.
    Stored {
        /// Its id in the store.
        id: i64,
        account: String,
        folder: String,
        done: usize,
        total: usize,
        new_message: bool,
        kind: Option<PecKind>,
    },
    /// A folder's UIDVALIDITY changed: it is synced again, old copies kept.
    UidValidityChanged { account: String, folder: String },
    /// A sync finished.
    Finished {
        account: String,
        summary: SyncSummary,
    },
    /// Waiting for new mail (IDLE) or for the next poll.
    Waiting {
        account: String,
        idle: bool,
        seconds: u64,
    },
    /// A network error; the watch loop tries again after `in_seconds`.
    Retrying {
        account: String,
        error: NetError,
        attempt: u32,
        in_seconds: u64,
    },
    /// The watch loop stopped for good (wrong password, untrusted certificate, store error).
    Failed {
        account: String,
        error: Arc<SyncError>,
    },
}

/// What a sync does before it connects: a sync killed between storing a message's bytes and
/// its analysis left it pending, and it is not fetched again (its UID is known), so it is
/// analysed here; then what the last run left is tidied while the server is waited for (TLS,
/// login, the server reading its folders), not during the download.
fn before_connecting(store: &mut Store) -> Result<(), SyncError> {
    store.analyse_pending(&mut |_, _| {})?;
    tidy_meanwhile(store);
    Ok(())
}

/// Starts tidying what the syncs before left, on threads of their own, and returns at once:
/// the write-ahead log copied into the database file (see `store::checkpoint`) and the
/// full-text indexes' segments merged (see `store::index_merge`; stopped before the store
/// writes again). Called before a sync connects, and by the watch loop while it waits for the
/// next sync.
fn tidy_meanwhile(store: &mut Store) {
    store.catch_up_log();
    store.merge_index_meanwhile();
}

/// Syncs an account once.
pub async fn sync_once(
    store: &mut Store,
    account: &Account,
    password: &Secret,
    opts: &SyncOptions,
    on: &mut (dyn FnMut(SyncEvent) + Send),
) -> Result<SyncSummary, SyncError> {
    before_connecting(store)?;
    on(SyncEvent::Connecting {
        account: account.id.clone(),
    });
    let mut summary = match account.incoming {
        Incoming::Imap => {
            let mut imap = imap_login(account, password, opts).await?;
            on(SyncEvent::Connected {
                account: account.id.clone(),
            });
            let r = sync_imap(&mut imap, store, account, opts, on).await;
            imap.logout().await;
            r?
        }
        Incoming::Pop3 => sync_pop3(store, account, password, opts, on).await?,
    };
    if let Some(trust) = &opts.verify_with {
        // What was stored without a check (by an earlier version or run) is checked now.
        summary.verified += store.verify_pending(trust, chrono::Utc::now(), &mut |_, _| {})?;
    }
    on(SyncEvent::Finished {
        account: account.id.clone(),
        summary: summary.clone(),
    });
    Ok(summary)
}

/// In a sync that fits in one batch, the fewest messages given to an idle writer.
const EAGER_BATCH: usize = 32;

/// Bytes of downloaded messages held before they are stored, at most (about).
const MAX_BATCH_BYTES: usize = 32 * 1024 * 1024;

/// One downloaded message: its bytes (hashed as they arrive, on the download's thread, not
/// the writer's), where it came from, and (IMAP) its UID and flags.
type Arrival = (IncomingMessage, Option<(u32, FlagSet)>);

/// Downloaded messages waiting to be stored: up to `opts.batch` messages or
/// [`MAX_BATCH_BYTES`], then given together to a [`BackgroundWriter`], which stores them on a
/// thread of its own (bytes first, in one transaction, synced) and then their analysis (with
/// `verify_with` the signature checks too) while the download goes on. Writes that must follow
/// the bytes (the IMAP sync state) go to the writer too ([`Arrivals::then`]). The writer
/// reports back in order; the events are told here, on the caller's thread. At most one job
/// waits for the writer, so memory stays bounded.
struct Arrivals<'s> {
    store: &'s mut Store,
    opts: &'s SyncOptions,
    pending: Vec<Arrival>,
    bytes: usize,
    /// Started with the first batch (no thread when there is nothing to fetch).
    writer: Option<BackgroundWriter>,
    /// Per batch whose analysis is not reported written: each message's (account, folder).
    unanalysed: VecDeque<Vec<(String, String)>>,
    /// IMAP UIDs and flags of what was given to the writer since the caller last took them.
    flags: Vec<(u32, FlagSet)>,
    done: usize,
    total: usize,
}

impl<'s> Arrivals<'s> {
    fn new(store: &'s mut Store, opts: &'s SyncOptions, total: usize) -> Self {
        Arrivals {
            store,
            opts,
            pending: Vec::new(),
            bytes: 0,
            writer: None,
            unanalysed: VecDeque::new(),
            flags: Vec::new(),
            done: 0,
            total,
        }
    }

    fn push(
        &mut self,
        raw: Vec<u8>,
        source: Source,
        imap: Option<(u32, FlagSet)>,
        on: &mut (dyn FnMut(SyncEvent) + Send),
        summary: &mut SyncSummary,
    ) -> Result<(), SyncError> {
        self.bytes += raw.len();
        self.pending.push((IncomingMessage::new(raw, source), imap));
        // A full batch goes to the writer. In a sync that fits in one batch, so does a
        // smaller one whenever the writer has nothing to do: storing and checking then overlap
        // the download instead of waiting for its end (a hundred new messages took 120 ms
        // against 102 ms this way). A longer sync overlaps batch by batch already, and smaller
        // batches there only add commits.
        let batch = self.opts.batch.max(1);
        let eager = self.total <= batch
            && self.pending.len() >= EAGER_BATCH
            && self.writer.as_ref().is_none_or(BackgroundWriter::is_idle);
        if self.pending.len() >= batch || self.bytes >= MAX_BATCH_BYTES || eager {
            self.flush(on, summary)?;
        }
        Ok(())
    }

    /// Gives what is pending to the writer (its bytes are stored before anything parses
    /// them), then tells what the writer has analysed meanwhile.
    fn flush(
        &mut self,
        on: &mut (dyn FnMut(SyncEvent) + Send),
        summary: &mut SyncSummary,
    ) -> Result<(), SyncError> {
        let sent = self.give_pending();
        // What the writer finished is told even when giving it more failed.
        self.take_reports(on, summary);
        sent
    }

    /// Gives the pending messages to the writer (started with the first batch).
    fn give_pending(&mut self) -> Result<(), SyncError> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let pending = std::mem::take(&mut self.pending);
        self.bytes = 0;
        let mut items = Vec::with_capacity(pending.len());
        let mut places = Vec::with_capacity(pending.len());
        let mut flags = Vec::new();
        for (message, imap) in pending {
            places.push((
                message.source.account().unwrap_or_default().to_owned(),
                message.source.folder().unwrap_or("INBOX").to_owned(),
            ));
            flags.extend(imap);
            items.push(message);
        }
        let verify = self
            .opts
            .verify_with
            .as_ref()
            .map(|t| (Arc::clone(t), chrono::Utc::now()));
        let writer = match &mut self.writer {
            Some(w) => w,
            None => self.writer.insert(self.store.background_writer()?),
        };
        writer.send(items, verify)?;
        self.flags.extend(flags);
        self.unanalysed.push_back(places);
        Ok(())
    }

    /// Writes `job` after the bytes of everything given before are stored, and only if they
    /// were (on the writer, or here when nothing was given to one).
    fn then(&mut self, job: StoreJob) -> Result<(), SyncError> {
        match &mut self.writer {
            Some(w) => w.then(job)?,
            None => job(self.store)?,
        }
        Ok(())
    }

    /// Stores what is pending and waits for every job under way to be done.
    fn finish(
        &mut self,
        on: &mut (dyn FnMut(SyncEvent) + Send),
        summary: &mut SyncSummary,
    ) -> Result<(), SyncError> {
        let flushed = self.flush(on, summary);
        let Some(writer) = self.writer.take() else {
            return flushed;
        };
        let (rest, outcome) = writer.finish();
        for results in rest {
            self.told(results, on, summary);
        }
        flushed?;
        Ok(outcome?)
    }

    /// Tells every batch analysis the writer has written so far (never waits).
    fn take_reports(&mut self, on: &mut (dyn FnMut(SyncEvent) + Send), summary: &mut SyncSummary) {
        while let Some(results) = self.writer.as_mut().and_then(BackgroundWriter::try_next) {
            self.told(results, on, summary);
        }
    }

    fn told(
        &mut self,
        results: Vec<Ingested>,
        on: &mut (dyn FnMut(SyncEvent) + Send),
        summary: &mut SyncSummary,
    ) {
        let places = self.unanalysed.pop_front().unwrap_or_default();
        for ((account, folder), r) in places.into_iter().zip(results) {
            self.done += 1;
            summary.fetched += 1;
            summary.verified += usize::from(r.verified);
            if r.new_message {
                summary.new_messages += 1;
            }
            on(SyncEvent::Stored {
                id: r.id,
                account,
                folder,
                done: self.done,
                total: self.total,
                new_message: r.new_message,
                kind: r.kind,
            });
        }
    }
}

async fn imap_login(
    account: &Account,
    password: &Secret,
    opts: &SyncOptions,
) -> Result<Imap, NetError> {
    let ep = account
        .incoming_server
        .endpoint(Protocol::Imap, opts.timeouts);
    Imap::login(&ep, &account.login, password).await
}

/// The folders to sync: those the account names, else every real (non-virtual) folder.
fn chosen_folders(account: &Account, all: &[Folder]) -> Vec<String> {
    if !account.imap.folders.is_empty() {
        return account.imap.folders.clone();
    }
    let mut names: Vec<String> = all
        .iter()
        .filter(|f| !f.is_virtual && !f.special_drafts)
        .map(|f| f.name.clone())
        .collect();
    if let Some(sent) = &account.imap.sent_folder
        && !names.contains(sent)
    {
        names.push(sent.clone());
    }
    // INBOX first: new receipts matter most.
    names.sort_by_key(|n| !n.eq_ignore_ascii_case("INBOX"));
    names
}

async fn sync_imap(
    imap: &mut Imap,
    store: &mut Store,
    account: &Account,
    opts: &SyncOptions,
    on: &mut (dyn FnMut(SyncEvent) + Send),
) -> Result<SyncSummary, SyncError> {
    let folders = imap.folders().await?;
    let mut summary = SyncSummary::default();
    for name in chosen_folders(account, &folders) {
        sync_folder(imap, store, account, &name, opts, on, &mut summary).await?;
        summary.folders += 1;
    }
    Ok(summary)
}

async fn sync_folder(
    imap: &mut Imap,
    store: &mut Store,
    account: &Account,
    folder: &str,
    opts: &SyncOptions,
    on: &mut (dyn FnMut(SyncEvent) + Send),
    summary: &mut SyncSummary,
) -> Result<(), SyncError> {
    // Read-only unless messages read here wait for their `\Seen` on the server.
    let seen_here = store.seen_pending(&account.id, folder)?;
    let status = if seen_here.is_empty() {
        imap.examine(folder).await?
    } else {
        imap.select(folder).await?
    };
    if !seen_here.is_empty() {
        let uids: Vec<u32> = seen_here
            .iter()
            .filter(|(v, _)| *v == status.uidvalidity)
            .map(|(_, uid)| *uid)
            .collect();
        imap.add_seen(&uids).await?;
        // Copies of an earlier UIDVALIDITY are gone from the server: nothing to set.
        store.seen_pushed(&account.id, folder, &seen_here)?;
        summary.seen_set_on_server += uids.len();
    }
    let previous = store.imap_folder(&account.id, folder)?;
    let (mut synced_below, prev_modseq) = match &previous {
        Some(p) if p.uidvalidity == status.uidvalidity => (p.synced_below.max(1), p.highestmodseq),
        Some(_) => {
            summary.uidvalidity_resets += 1;
            on(SyncEvent::UidValidityChanged {
                account: account.id.clone(),
                folder: folder.to_owned(),
            });
            (1, None)
        }
        None => (1, None),
    };
    let mailbox = MailboxKey::new(&account.id, folder, status.uidvalidity);
    let mut stored: HashSet<u32> = store.imap_uids(&mailbox)?;
    let candidates = if status.exists == 0 {
        Vec::new()
    } else {
        imap.uids_from(synced_below).await?
    };
    let todo: Vec<u32> = candidates
        .iter()
        .copied()
        .filter(|u| !stored.contains(u))
        .collect();
    on(SyncEvent::Folder {
        account: account.id.clone(),
        folder: folder.to_owned(),
        to_fetch: todo.len(),
    });
    let mut state = ImapFolderState {
        account: account.id.clone(),
        folder: folder.to_owned(),
        uidvalidity: status.uidvalidity,
        synced_below,
        highestmodseq: prev_modseq,
        synced_at: previous.as_ref().and_then(|p| p.synced_at),
    };
    let total = todo.len();
    let mut arrivals = Arrivals::new(store, opts, total);
    for chunk in todo.chunks(opts.batch.max(1)) {
        fetch_chunk(
            imap,
            &mut arrivals,
            &mailbox,
            chunk,
            &mut stored,
            summary,
            on,
        )
        .await?;
        // Move the mark over every candidate now stored; stop at the first one missing (a
        // message the server did not send is fetched again next time).
        synced_below = candidates
            .iter()
            .copied()
            .find(|u| *u >= synced_below && !stored.contains(u))
            .unwrap_or_else(|| {
                candidates
                    .last()
                    .map_or(synced_below, |l| l + 1)
                    .max(synced_below)
            });
        state.synced_below = synced_below;
        let mark = state.clone();
        arrivals.then(Box::new(move |s: &mut Store| {
            s.set_imap_folder_partway(&mark)
        }))?;
    }
    // Flags of the copies already here: with CONDSTORE only what changed. Listed while the
    // writer finishes the last batch, so that the round trip to the server overlaps its work;
    // what arrived is stored even when the listing fails.
    let condstore = imap.has("CONDSTORE") && status.highestmodseq.is_some();
    let unchanged = condstore && prev_modseq.is_some() && prev_modseq == status.highestmodseq;
    let since = if condstore { prev_modseq } else { None };
    let listing = if status.exists > 0 && !unchanged {
        Some(imap.flags(since).await)
    } else {
        None
    };
    arrivals.finish(on, summary)?;
    drop(arrivals);
    if todo.is_empty()
        && let Some(last) = candidates.last()
    {
        state.synced_below = state.synced_below.max(last + 1);
    }

    if let Some(listed) = listing {
        let listed = listed?;
        // Read after the writer finished: the flags of this sync's new copies are there.
        let known = if since.is_some() {
            // Only what changed was listed: those copies' flags, not the whole folder's.
            let uids: Vec<u32> = listed.iter().map(|(uid, _)| *uid).collect();
            store.imap_flags_of(&mailbox, &uids)?
        } else {
            store.imap_flags(&mailbox)?
        };
        // A UID listed here and never stored lies below the mark (or arrived during this
        // sync): fetched now, so a server going back in its UIDs loses nothing.
        let mut missing: Vec<u32> = listed
            .iter()
            .map(|(uid, _)| *uid)
            .filter(|uid| !stored.contains(uid))
            .collect();
        missing.sort_unstable();
        missing.dedup();
        if !missing.is_empty() {
            summary.below_mark += missing.iter().filter(|u| **u < synced_below).count();
            let mut arrivals = Arrivals::new(store, opts, missing.len());
            for chunk in missing.chunks(opts.batch.max(1)) {
                fetch_chunk(
                    imap,
                    &mut arrivals,
                    &mailbox,
                    chunk,
                    &mut stored,
                    summary,
                    on,
                )
                .await?;
            }
            arrivals.finish(on, summary)?;
        }
        let changed: Vec<(u32, FlagSet)> = listed
            .into_iter()
            .filter(|(uid, f)| stored.contains(uid) && known.get(uid) != Some(f))
            .collect();
        summary.flags_updated += changed.len();
        store.set_imap_flags(&mailbox, &changed)?;
    }
    state.highestmodseq = if condstore {
        status.highestmodseq
    } else {
        None
    };
    state.synced_at = Some(chrono::Utc::now().timestamp());
    store.set_imap_folder(&state)?;
    Ok(())
}

/// Fetches one batch of UIDs and stores what arrived (bytes first, see [`Arrivals`]), then
/// the flags of what was stored (also after a cut: what arrived is stored and its flags known).
/// The UIDs given to the store are added to `stored`.
async fn fetch_chunk(
    imap: &mut Imap,
    arrivals: &mut Arrivals<'_>,
    mailbox: &MailboxKey,
    chunk: &[u32],
    stored: &mut HashSet<u32>,
    summary: &mut SyncSummary,
    on: &mut (dyn FnMut(SyncEvent) + Send),
) -> Result<(), SyncError> {
    let fetched = imap
        .fetch_raw(chunk, &mut |m: Fetched| -> Result<(), SyncError> {
            let Some(raw) = m.raw else {
                return Ok(());
            };
            let source = Source::Imap {
                account: mailbox.account.clone(),
                folder: mailbox.folder.clone(),
                uidvalidity: mailbox.uidvalidity,
                uid: m.uid,
            };
            arrivals.push(raw, source, Some((m.uid, m.flags)), on, summary)
        })
        .await;
    if let Err(e @ SyncError::Store(_)) = fetched {
        // Storing failed during the download: the writer stopped on that error, which is the
        // one told (a later job would only hear that the writer is gone). What was stored
        // before gets its analysis written first.
        let _ = arrivals.finish(on, summary);
        return Err(e);
    }
    arrivals.flush(on, summary)?;
    // Counted as stored from here: the writer stores them before it records their flags (or
    // anything after), and should storing fail, the sync stops with that error.
    let chunk_flags = std::mem::take(&mut arrivals.flags);
    stored.extend(chunk_flags.iter().map(|(uid, _)| *uid));
    let mailbox = mailbox.clone();
    arrivals.then(Box::new(move |s: &mut Store| {
        s.set_imap_flags(&mailbox, &chunk_flags)
    }))?;
    if fetched.is_err() {
        // What was stored gets its analysis written before the error is told.
        arrivals.finish(on, summary)?;
    }
    fetched
}

async fn sync_pop3(
    store: &mut Store,
    account: &Account,
    password: &Secret,
    opts: &SyncOptions,
    on: &mut (dyn FnMut(SyncEvent) + Send),
) -> Result<SyncSummary, SyncError> {
    let ep = account
        .incoming_server
        .endpoint(Protocol::Pop3, opts.timeouts);
    let mut pop = Pop3::connect(&ep, Limits::default()).await?;
    pop.login(&account.login, password).await?;
    on(SyncEvent::Connected {
        account: account.id.clone(),
    });
    let listing = pop.listing().await?;
    let mut todo = Vec::new();
    for l in &listing {
        let source = Source::Pop3 {
            account: account.id.clone(),
            uidl: l.uidl.clone(),
        };
        if store.find_copy(&source)?.is_none() {
            todo.push((l, source));
        }
    }
    let mut summary = SyncSummary {
        folders: 1,
        ..SyncSummary::default()
    };
    on(SyncEvent::Folder {
        account: account.id.clone(),
        folder: "INBOX".into(),
        to_fetch: todo.len(),
    });
    let total = todo.len();
    let mut arrivals = Arrivals::new(store, opts, total);
    for window in todo.chunks(RETR_WINDOW) {
        let wanted: Vec<(u32, u64)> = window.iter().map(|(l, _)| (l.number, l.size)).collect();
        let (got, outcome) = pop.retr_many(&wanted).await;
        for (raw, (_, source)) in got.into_iter().zip(window) {
            arrivals.push(raw, source.clone(), None, on, &mut summary)?;
        }
        if let Err(e) = outcome {
            // What arrived before the cut is stored all the same.
            arrivals.finish(on, &mut summary)?;
            return Err(e.into());
        }
    }
    arrivals.finish(on, &mut summary)?;
    drop(arrivals);
    // Deleting from the server only when the user turned it on, only what is stored here,
    // and only after the chosen number of days.
    let mut deleted = Vec::new();
    if let Some(days) = account.pop3.delete_after_days {
        let copies: std::collections::HashMap<String, crate::store::Pop3Copy> = store
            .pop3_copies(&account.id)?
            .into_iter()
            .map(|c| (c.uidl.clone(), c))
            .collect();
        let now = chrono::Utc::now().timestamp();
        for l in &listing {
            let Some(c) = copies.get(&l.uidl) else {
                continue;
            };
            if c.server_deleted_at.is_none() && now - c.added_at >= i64::from(days) * 86_400 {
                pop.dele(l.number).await?;
                deleted.push(l.uidl.clone());
            }
        }
    }
    pop.quit().await?;
    for uidl in &deleted {
        store.mark_pop3_deleted(&account.id, uidl)?;
    }
    summary.deleted_on_server = deleted.len();
    Ok(summary)
}

/// Keeps an account in sync until a permanent error: a sync, then waiting for new mail (IDLE
/// on the inbox when the server offers it, else a poll), again and again; network errors are
/// retried with a growing pause. Returns only with the error that stopped it.
pub async fn watch(
    store: &mut Store,
    account: &Account,
    password: &Secret,
    opts: &SyncOptions,
    on: &mut (dyn FnMut(SyncEvent) + Send),
) -> SyncError {
    let mut attempt: u32 = 0;
    loop {
        let outcome = watch_session(store, account, password, opts, on, &mut attempt).await;
        let error = match outcome {
            Ok(()) => continue,
            Err(e) => e,
        };
        if !error.is_transient() {
            return error;
        }
        attempt = attempt.saturating_add(1);
        let wait = backoff(opts, attempt);
        if let SyncError::Net(e) = &error {
            on(SyncEvent::Retrying {
                account: account.id.clone(),
                error: e.clone(),
                attempt,
                in_seconds: wait.as_secs(),
            });
        }
        wait_or_wake(wait, opts.wake.as_deref()).await;
    }
}

fn backoff(opts: &SyncOptions, attempt: u32) -> Duration {
    let factor = 2u32.saturating_pow(attempt.saturating_sub(1).min(16));
    opts.min_backoff
        .saturating_mul(factor)
        .min(opts.max_backoff)
}

async fn wait_or_wake(d: Duration, wake: Option<&Notify>) {
    match wake {
        Some(n) => {
            tokio::select! {
                _ = tokio::time::sleep(d) => {}
                _ = n.notified() => {}
            }
        }
        None => tokio::time::sleep(d).await,
    }
}

/// One connection's life in the watch loop: syncs and waits until something fails (`Err`),
/// or until a poll interval ends (`Ok`, the loop reconnects).
async fn watch_session(
    store: &mut Store,
    account: &Account,
    password: &Secret,
    opts: &SyncOptions,
    on: &mut (dyn FnMut(SyncEvent) + Send),
    attempt: &mut u32,
) -> Result<(), SyncError> {
    match account.incoming {
        Incoming::Pop3 => {
            sync_once(store, account, password, opts, on).await?;
            *attempt = 0;
            tidy_meanwhile(store);
            let secs = account.pop3.poll_seconds.max(10);
            on(SyncEvent::Waiting {
                account: account.id.clone(),
                idle: false,
                seconds: secs,
            });
            wait_or_wake(Duration::from_secs(secs), opts.wake.as_deref()).await;
            Ok(())
        }
        Incoming::Imap => {
            before_connecting(store)?;
            on(SyncEvent::Connecting {
                account: account.id.clone(),
            });
            let mut imap = imap_login(account, password, opts).await?;
            on(SyncEvent::Connected {
                account: account.id.clone(),
            });
            loop {
                let mut summary = sync_imap(&mut imap, store, account, opts, on).await?;
                if let Some(trust) = &opts.verify_with {
                    summary.verified +=
                        store.verify_pending(trust, chrono::Utc::now(), &mut |_, _| {})?;
                }
                *attempt = 0;
                on(SyncEvent::Finished {
                    account: account.id.clone(),
                    summary,
                });
                // The window's store stays open between syncs: what this one left is tidied
                // while the loop waits, not at the start of the next one.
                tidy_meanwhile(store);
                let secs = account.imap.poll_seconds.clamp(10, 25 * 60);
                if account.imap.idle && imap.has("IDLE") {
                    imap.examine("INBOX").await?;
                    on(SyncEvent::Waiting {
                        account: account.id.clone(),
                        idle: true,
                        seconds: secs,
                    });
                    // New mail, the poll interval, or a wake ("sync now", a message read in
                    // the window) ends the wait; the loop then syncs on the same connection.
                    let wait = Duration::from_secs(secs);
                    imap = imap.idle(wait, opts.wake.as_deref()).await?.0;
                } else {
                    imap.logout().await;
                    on(SyncEvent::Waiting {
                        account: account.id.clone(),
                        idle: false,
                        seconds: secs,
                    });
                    wait_or_wake(Duration::from_secs(secs), opts.wake.as_deref()).await;
                    return Ok(());
                }
            }
        }
    }
}

/// Runs the watch loop of one account in a tokio task with its own store connection, as a
/// stream of events (for an iced subscription keyed by the account id). The stream ends after
/// a `Failed` event; dropping it stops the task.
pub fn watch_stream(
    profile_dir: PathBuf,
    account: Account,
    password: Secret,
    opts: SyncOptions,
) -> impl futures_util::Stream<Item = SyncEvent> + Send + 'static {
    super::stream::spawn_stream(move |tx| async move {
        let id = account.id.clone();
        let mut store = match Store::open(&profile_dir) {
            Ok(s) => s,
            Err(e) => {
                let _ = tx.send(SyncEvent::Failed {
                    account: id,
                    error: Arc::new(SyncError::Store(e)),
                });
                return;
            }
        };
        let txc = tx.clone();
        let mut on = move |e: SyncEvent| {
            let _ = txc.send(e);
        };
        let error = watch(&mut store, &account, &password, &opts, &mut on).await;
        let _ = tx.send(SyncEvent::Failed {
            account: id,
            error: Arc::new(error),
        });
    })
}

/// One sync of one account as a stream of events (the last one is `Finished` or `Failed`).
pub fn sync_stream(
    profile_dir: PathBuf,
    account: Account,
    password: Secret,
    opts: SyncOptions,
) -> impl futures_util::Stream<Item = SyncEvent> + Send + 'static {
    super::stream::spawn_stream(move |tx| async move {
        let id = account.id.clone();
        let result = match Store::open(&profile_dir) {
            Ok(mut store) => {
                let txc = tx.clone();
                let mut on = move |e: SyncEvent| {
                    let _ = txc.send(e);
                };
                sync_once(&mut store, &account, &password, &opts, &mut on)
                    .await
                    .map(|_| ())
            }
            Err(e) => Err(SyncError::Store(e)),
        };
        if let Err(e) = result {
            let _ = tx.send(SyncEvent::Failed {
                account: id,
                error: Arc::new(e),
            });
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::tls::Security;

    #[test]
    fn backoff_doubles_up_to_the_limit() {
        let o = SyncOptions {
            min_backoff: Duration::from_secs(2),
            max_backoff: Duration::from_secs(60),
            ..SyncOptions::default()
        };
        let v: Vec<u64> = (1..=7).map(|a| backoff(&o, a).as_secs()).collect();
        assert_eq!(v, [2, 4, 8, 16, 32, 60, 60]);
        assert_eq!(backoff(&o, u32::MAX).as_secs(), 60);
    }

    #[test]
    fn folders_inbox_first_without_virtual_ones() {
        let f = |n: &str, v: bool, d: bool| Folder {
            name: n.into(),
            special_sent: false,
            special_drafts: d,
            is_virtual: v,
        };
        let acc = Account::custom(
            "a",
            "a@pec.it",
            Incoming::Imap,
            crate::account::ServerConfig {
                host: "h".into(),
                port: 993,
                security: Security::Tls,
                pin: None,
            },
            crate::account::ServerConfig {
                host: "h".into(),
                port: 465,
                security: Security::Tls,
                pin: None,
            },
        );
        let all = [
            f("Sent", false, false),
            f("INBOX", false, false),
            f("All Mail", true, false),
            f("Drafts", false, true),
        ];
        assert_eq!(chosen_folders(&acc, &all), ["INBOX", "Sent"]);
    }
}
