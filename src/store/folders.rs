//! Folder overview: which account/folder pairs hold messages and how many, and the size of a
//! listing (for a scroll bar that knows its length).

use rusqlite::{OptionalExtension, params_from_iter, types::Value};
use serde::Serialize;

use super::Store;
use super::error::Result;
use super::flags::unseen_sql;
use super::query::ListQuery;

/// One folder of one account (or of an import) and its message count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FolderCount {
    /// The account, `None` for imported files without one.
    pub account: Option<String>,
    /// The folder, `None` when the copies have none.
    pub folder: Option<String>,
    /// Distinct messages in it.
    pub messages: usize,
    /// Messages the server reports as not yet read (IMAP `\Seen` missing); copies without
    /// server flags (imports, POP3) count as read.
    pub unread: usize,
    /// True when it is a Sent folder.
    pub sent: bool,
}

impl Store {
    /// Every account/folder pair holding messages, sorted by account then folder. The copy
    /// Sigillo kept when it sent a message (it has no folder) is not counted apart when the
    /// server's Sent folder of the same account holds the message too: the message is in Sent,
    /// once, not also in "no folder".
    pub fn folders(&self) -> Result<Vec<FolderCount>> {
        let mut stmt = self.conn.prepare_cached(concat!(
            "SELECT account, folder, COUNT(DISTINCT message_id), MAX(is_sent),
                    COUNT(DISTINCT CASE WHEN ",
            unseen_sql!("flags"),
            " THEN message_id END)
             FROM copies c
             WHERE NOT (c.source = 'sent' AND EXISTS (
                 SELECT 1 FROM copies o WHERE o.message_id = c.message_id AND o.is_sent
                   AND o.folder IS NOT NULL AND o.account IS c.account))
             GROUP BY account, folder
             ORDER BY account IS NULL, account, folder IS NULL, folder",
        ))?;
        let rows = stmt
            .query_map([], |r| {
                Ok(FolderCount {
                    account: r.get(0)?,
                    folder: r.get(1)?,
                    messages: r.get::<_, i64>(2)? as usize,
                    sent: r.get::<_, i64>(3)? != 0,
                    unread: r.get::<_, i64>(4)? as usize,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// How many messages [`Store::list`] would return without offset and limit.
    ///
    /// The size of a folder (for any account, or for one) and the number of messages are
    /// kept by the database as copies and messages come and go (schema 9), so they are read,
    /// not counted; other listings are counted.
    pub fn count(&self, q: &ListQuery) -> Result<usize> {
        if q.kind.is_none() && q.folder.is_none() && q.account.is_none() {
            let n: i64 = self
                .conn
                .prepare_cached("SELECT messages FROM message_total")?
                .query_row([], |r| r.get(0))?;
            return Ok(n.max(0) as usize);
        }
        if q.kind.is_none()
            && let Some(folder) = &q.folder
        {
            let n: Option<i64> = match &q.account {
                None => self
                    .conn
                    .prepare_cached("SELECT messages FROM folder_sizes WHERE folder = ?1")?
                    .query_row([folder], |r| r.get(0))
                    .optional()?,
                Some(account) => self
                    .conn
                    .prepare_cached(
                        "SELECT messages FROM account_folder_sizes
                         WHERE account = ?1 AND folder = ?2",
                    )?
                    .query_row([account, folder], |r| r.get(0))
                    .optional()?,
            };
            return Ok(n.unwrap_or(0).max(0) as usize);
        }
        let mut args: Vec<Value> = Vec::new();
        let sql = if let Some(filter) = super::query::copy_filter(q, &mut args) {
            // Bytes kept as another copy of a listed message are not counted.
            format!(
                "SELECT COUNT(DISTINCT c.message_id) FROM copies c
                 JOIN messages m ON m.id = c.message_id WHERE {filter} AND m.copy_of IS NULL"
            )
        } else {
            // Bytes kept as another copy of a listed message are not counted (read from a
            // small partial index).
            match q.kind {
                Some(k) => {
                    args.push(Value::Text(k.as_str().to_owned()));
                    "SELECT COUNT(*) FROM messages m WHERE m.kind = ? AND m.copy_of IS NULL"
                        .to_owned()
                }
                None => "SELECT (SELECT COUNT(*) FROM messages)
                          - (SELECT COUNT(*) FROM messages WHERE copy_of IS NOT NULL)"
                    .to_owned(),
            }
        };
        let n: i64 = self
            .conn
            .prepare_cached(&sql)?
            .query_row(params_from_iter(args), |r| r.get(0))?;
        Ok(n as usize)
    }
}
