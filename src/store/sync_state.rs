//! What the network sync remembers between runs, so that an interrupted sync resumes without
//! losing or duplicating anything: per IMAP folder its UIDVALIDITY, the UID below which every
//! message is stored, and its HIGHESTMODSEQ; per copy its IMAP flags; per POP3 copy when it
//! was deleted from the server. Stored messages and copies are never removed here.

use std::collections::{HashMap, HashSet};

use rusqlite::{OptionalExtension, params};

use super::error::Result;
use super::flags::{FlagSet, SEEN};
use super::{Store, now_secs};
use crate::pec::RecipientType;

/// One IMAP folder of one account at one UIDVALIDITY: the scope in which a UID names one
/// message. When the server gives the folder a new UIDVALIDITY, the same name is a new mailbox
/// whose UIDs say nothing about the old one's.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MailboxKey {
    /// Account id.
    pub account: String,
    /// Folder name as the server spells it.
    pub folder: String,
    /// The folder's UIDVALIDITY.
    pub uidvalidity: u32,
}

impl MailboxKey {
    /// The mailbox `folder` of `account` at `uidvalidity`.
    pub fn new(account: impl Into<String>, folder: impl Into<String>, uidvalidity: u32) -> Self {
        MailboxKey {
            account: account.into(),
            folder: folder.into(),
            uidvalidity,
        }
    }

    /// The values of [`IN_MAILBOX`]'s parameters ?1–?3.
    fn sql(&self) -> (&str, &str, i64) {
        (&self.account, &self.folder, i64::from(self.uidvalidity))
    }
}

/// SQL condition: a copy is one of the IMAP mailbox given as ?1 (account), ?2 (folder) and
/// ?3 (UIDVALIDITY) ([`MailboxKey::sql`]).
const IN_MAILBOX: &str = "source = 'imap' AND account = ?1 AND folder = ?2 AND uidvalidity = ?3";

/// The sync state of one IMAP folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImapFolderState {
    /// Account id.
    pub account: String,
    /// Folder name as the server spells it.
    pub folder: String,
    /// The folder's UIDVALIDITY when this state was written.
    pub uidvalidity: u32,
    /// Every message with a smaller UID is stored.
    pub synced_below: u32,
    /// HIGHESTMODSEQ at the last flag sync (CONDSTORE servers).
    pub highestmodseq: Option<u64>,
    /// When the folder was last synced (Unix seconds).
    pub synced_at: Option<i64>,
}

/// One POP3 copy as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pop3Copy {
    /// The server's unique id of the message.
    pub uidl: String,
    /// When it was stored here (Unix seconds).
    pub added_at: i64,
    /// When Sigillo deleted it from the server, if it did.
    pub server_deleted_at: Option<i64>,
}

impl Store {
    /// The sync state of an IMAP folder, if it was ever synced.
    pub fn imap_folder(&self, account: &str, folder: &str) -> Result<Option<ImapFolderState>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT uidvalidity, synced_below, highestmodseq, synced_at FROM imap_folders
                 WHERE account = ?1 AND folder = ?2",
            )?
            .query_row(params![account, folder], |r| {
                Ok(ImapFolderState {
                    account: account.to_owned(),
                    folder: folder.to_owned(),
                    uidvalidity: r.get::<_, i64>(0)? as u32,
                    synced_below: r.get::<_, i64>(1)? as u32,
                    highestmodseq: r.get::<_, Option<i64>>(2)?.map(|m| m as u64),
                    synced_at: r.get(3)?,
                })
            })
            .optional()?)
    }

    /// Every IMAP folder state of an account.
    pub fn imap_folders(&self, account: &str) -> Result<Vec<ImapFolderState>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT folder FROM imap_folders WHERE account = ?1 ORDER BY folder")?;
        let names: Vec<String> = stmt
            .query_map([account], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::new();
        for n in names {
            out.extend(self.imap_folder(account, &n)?);
        }
        Ok(out)
    }

    /// Writes the sync state of an IMAP folder (synced to disk, with every write before it).
    pub fn set_imap_folder(&mut self, s: &ImapFolderState) -> Result<()> {
        self.writable()?;
        self.write_imap_folder(s)
    }

    /// Writes the sync state of an IMAP folder part-way through its sync, after the bytes of
    /// the messages below its mark were stored: not synced to disk on its own (the sync's last
    /// [`Store::set_imap_folder`] syncs it). Lost to a power cut, the mark only lags behind
    /// what is stored, and the next sync knows those copies by their UIDs: none is fetched
    /// again.
    pub fn set_imap_folder_partway(&mut self, s: &ImapFolderState) -> Result<()> {
        self.writable()?;
        self.unsynced(|store| store.write_imap_folder(s))
    }

    fn write_imap_folder(&mut self, s: &ImapFolderState) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO imap_folders (account, folder, uidvalidity, synced_below,
                     highestmodseq, synced_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (account, folder) DO UPDATE SET uidvalidity = excluded.uidvalidity,
                     synced_below = excluded.synced_below, highestmodseq = excluded.highestmodseq,
                     synced_at = excluded.synced_at",
            )?
            .execute(params![
                s.account,
                s.folder,
                s.uidvalidity as i64,
                s.synced_below as i64,
                s.highestmodseq.map(|m| m as i64),
                s.synced_at,
            ])?;
        Ok(())
    }

    /// The UIDs of an IMAP mailbox whose messages are stored.
    pub fn imap_uids(&self, mailbox: &MailboxKey) -> Result<HashSet<u32>> {
        let (account, folder, uidvalidity) = mailbox.sql();
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT uid FROM copies WHERE {IN_MAILBOX}"))?;
        let uids = stmt
            .query_map(params![account, folder, uidvalidity], |r| {
                r.get::<_, i64>(0)
            })?
            .map(|r| r.map(|u| u as u32))
            .collect::<rusqlite::Result<_>>()?;
        Ok(uids)
    }

    /// Records the IMAP flags of stored copies of a mailbox, by UID. Not synced to disk on its
    /// own: flags are the server's, and a sync moves the folder's `highestmodseq` (synced)
    /// only after writing them, so flags lost to a power cut are listed again by the next
    /// sync.
    pub fn set_imap_flags(&mut self, mailbox: &MailboxKey, flags: &[(u32, FlagSet)]) -> Result<()> {
        if flags.is_empty() {
            // Nothing changed (the usual end of a sync): no transaction at all.
            return Ok(());
        }
        self.unsynced(|store| store.write_imap_flags(mailbox, flags))
    }

    fn write_imap_flags(&mut self, mailbox: &MailboxKey, flags: &[(u32, FlagSet)]) -> Result<()> {
        let (account, folder, uidvalidity) = mailbox.sql();
        let tx = self.write_tx()?;
        {
            // A copy read here whose `\Seen` the server does not know yet keeps its flags
            // until a sync has set it there (see `Store::mark_read`).
            let mut stmt = tx.prepare_cached(&format!(
                "UPDATE copies SET flags = ?5 WHERE {IN_MAILBOX} AND uid = ?4 AND NOT seen_pending"
            ))?;
            for (uid, f) in flags {
                stmt.execute(params![
                    account,
                    folder,
                    uidvalidity,
                    i64::from(*uid),
                    f.to_string()
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Marks a message read here (opened in the window): every IMAP copy of it without
    /// `\Seen` gets it at once, so the folder's unread count drops, and is marked for the next
    /// sync to set the flag on the server ([`Store::seen_pending`]). Copies from POP3 or an
    /// import have no read state. Returns how many copies changed (0 when already read).
    pub fn mark_read(&mut self, id: i64) -> Result<usize> {
        let tx = self.write_tx()?;
        let copies: Vec<(i64, String)> = tx
            .prepare_cached(
                "SELECT id, flags FROM copies WHERE message_id = ?1 AND source = 'imap'
                 AND flags IS NOT NULL",
            )?
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut changed = 0;
        for (copy, stored) in copies {
            // Written back sorted, as the sync writes flags, so that the server's own list
            // compares equal once it has `\Seen` too.
            let mut flags = FlagSet::parse(&stored);
            if !flags.insert(SEEN) {
                continue;
            }
            tx.prepare_cached("UPDATE copies SET flags = ?2, seen_pending = 1 WHERE id = ?1")?
                .execute(params![copy, flags.to_string()])?;
            changed += 1;
        }
        tx.commit()?;
        Ok(changed)
    }

    /// The copies of an IMAP folder read here whose `\Seen` the server does not know yet, as
    /// (UIDVALIDITY, UID), ascending.
    pub fn seen_pending(&self, account: &str, folder: &str) -> Result<Vec<(u32, u32)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT uidvalidity, uid FROM copies WHERE source = 'imap' AND account = ?1
             AND folder = ?2 AND seen_pending ORDER BY uidvalidity, uid",
        )?;
        let rows = stmt
            .query_map(params![account, folder], |r| {
                Ok((r.get::<_, i64>(0)? as u32, r.get::<_, i64>(1)? as u32))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Records that the server has `\Seen` on these copies now (or that they are gone from
    /// it: an earlier UIDVALIDITY), given as (UIDVALIDITY, UID).
    pub fn seen_pushed(
        &mut self,
        account: &str,
        folder: &str,
        copies: &[(u32, u32)],
    ) -> Result<()> {
        let tx = self.write_tx()?;
        {
            let mut stmt = tx.prepare_cached(
                "UPDATE copies SET seen_pending = 0 WHERE source = 'imap' AND account = ?1
                 AND folder = ?2 AND uidvalidity = ?3 AND uid = ?4",
            )?;
            for (uidvalidity, uid) in copies {
                stmt.execute(params![account, folder, *uidvalidity as i64, *uid as i64])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// The IMAP flags recorded for each UID of a mailbox.
    pub fn imap_flags(&self, mailbox: &MailboxKey) -> Result<HashMap<u32, FlagSet>> {
        let (account, folder, uidvalidity) = mailbox.sql();
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT uid, flags FROM copies WHERE {IN_MAILBOX} AND flags IS NOT NULL"
        ))?;
        let map = stmt
            .query_map(params![account, folder, uidvalidity], |r| {
                Ok((
                    r.get::<_, i64>(0)? as u32,
                    FlagSet::parse(&r.get::<_, String>(1)?),
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(map)
    }

    /// The stored flags of the copies with these UIDs in an IMAP mailbox (looked up one by
    /// one: for a few UIDs of a large folder, instead of [`Store::imap_flags`]).
    pub fn imap_flags_of(
        &self,
        mailbox: &MailboxKey,
        uids: &[u32],
    ) -> Result<HashMap<u32, FlagSet>> {
        let (account, folder, uidvalidity) = mailbox.sql();
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT flags FROM copies WHERE {IN_MAILBOX} AND uid = ?4 AND flags IS NOT NULL"
        ))?;
        let mut map = HashMap::with_capacity(uids.len());
        for &uid in uids {
            let found: Option<String> = stmt
                .query_row(params![account, folder, uidvalidity, i64::from(uid)], |r| {
                    r.get(0)
                })
                .optional()?;
            map.extend(found.map(|f| (uid, FlagSet::parse(&f))));
        }
        Ok(map)
    }

    /// The POP3 copies of an account.
    pub fn pop3_copies(&self, account: &str) -> Result<Vec<Pop3Copy>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT uidl, added_at, server_deleted_at FROM copies
             WHERE source = 'pop3' AND account = ?1 ORDER BY added_at, id",
        )?;
        let rows = stmt
            .query_map([account], |r| {
                Ok(Pop3Copy {
                    uidl: r.get(0)?,
                    added_at: r.get(1)?,
                    server_deleted_at: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Records that a POP3 message was deleted from the server (the stored copy stays).
    pub fn mark_pop3_deleted(&mut self, account: &str, uidl: &str) -> Result<()> {
        self.writable()?;
        self.conn
            .prepare_cached(
                "UPDATE copies SET server_deleted_at = ?3 WHERE source = 'pop3' AND account = ?1
                 AND uidl = ?2 AND server_deleted_at IS NULL",
            )?
            .execute(params![account, uidl, now_secs()])?;
        Ok(())
    }

    /// Forgets the sync state of an account (after the account is removed). Messages and
    /// their copies stay in the store.
    pub fn forget_sync_state(&mut self, account: &str) -> Result<usize> {
        self.writable()?;
        Ok(self
            .conn
            .execute("DELETE FROM imap_folders WHERE account = ?1", [account])?)
    }

    /// How the PEC system classified this address the last time a stored receipt named it
    /// (`certificato` or `esterno` in a daticert), if ever. Only receipts whose provider
    /// signature was checked and found valid count: an unsigned, unchecked or forged "receipt"
    /// (anyone can mail one) must not tell the user that an address is or is not a PEC box.
    pub fn known_recipient_type(&self, address: &str) -> Result<Option<RecipientType>> {
        let tipo: Option<String> = self
            .conn
            .prepare_cached(
                "SELECT r.tipo FROM recipients r JOIN messages m ON m.id = r.message_id
                 WHERE r.address = ?1 COLLATE NOCASE AND m.sig_status = 'valid'
                 ORDER BY m.sort_date DESC, m.id DESC LIMIT 1",
            )?
            .query_row([address.trim()], |r| r.get(0))
            .optional()?;
        Ok(tipo.as_deref().and_then(RecipientType::parse))
    }
}
