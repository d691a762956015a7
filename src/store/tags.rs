//! The "fatture" and "notifiche SdI" filters: messages whose (carried) attachments are
//! electronic invoice files or SdI messages, recognised by the SdI file naming scheme that the
//! exchange system applies to every file it handles (`IT01234567890_abcde.xml[.p7m]`,
//! `IT01234567890_abcde_RC_001.xml`). Content-based detection happens when a message is shown.

use rusqlite::OptionalExtension;
use rusqlite::params;

use super::Store;
use super::error::Result;
use super::query::{MessageRow, ROW_COLUMNS, read_row};
use crate::fatturapa::filename;

/// A document filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocumentTag {
    /// Messages carrying invoice files.
    Invoices,
    /// Messages carrying SdI notifications (receipts, rejections, outcomes…).
    SdiNotifications,
}

impl DocumentTag {
    fn matches(self, name: &str) -> bool {
        match filename::parse(name) {
            Some(f) => match self {
                DocumentTag::Invoices => f.kind.is_none(),
                DocumentTag::SdiNotifications => f.kind.is_some(),
            },
            None => false,
        }
    }
}

impl Store {
    /// Messages carrying documents of this kind, newest first, at most `limit` (0 = all).
    pub fn tagged(&self, tag: DocumentTag, limit: usize) -> Result<Vec<MessageRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.message_id, a.name FROM attachments a
             WHERE a.name LIKE '__%\\_%.%' ESCAPE '\\'",
        )?;
        let mut ids: Vec<i64> = Vec::new();
        let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (id, name) = row?;
            if tag.matches(&name) && ids.last() != Some(&id) && !ids.contains(&id) {
                ids.push(id);
            }
        }
        let mut out = Vec::with_capacity(ids.len());
        // Bytes kept as another copy of a listed message are found through that one.
        let sql =
            format!("SELECT {ROW_COLUMNS} FROM messages m WHERE m.id = ?1 AND m.copy_of IS NULL");
        let mut one = self.conn.prepare_cached(&sql)?;
        for id in ids {
            if let Some(row) = one.query_row(params![id], read_row).optional()? {
                out.push(row);
            }
        }
        drop(one);
        self.fill_deliveries(&mut out)?;
        out.sort_by(|a, b| b.date.cmp(&a.date).then(b.id.cmp(&a.id)));
        if limit > 0 {
            out.truncate(limit);
        }
        Ok(out)
    }
}
