//! Where one copy of a message came from: an imported file, an IMAP folder, a POP3 mailbox, or
//! Sigillo's own sending. The same bytes can arrive from several places; each place is recorded.

use serde::Serialize;

/// Folder names that hold sent mail (compared case-insensitively on the last path segment).
const SENT_FOLDER_NAMES: &[&str] = &[
    "sent",
    "sent items",
    "sent messages",
    "sent mail",
    "posta inviata",
    "inviata",
    "inviati",
    "elementi inviati",
    "messaggi inviati",
];

/// True when a folder name denotes sent mail (`Sent`, `INBOX.Sent`, `Posta inviata`, …).
pub fn is_sent_folder(name: &str) -> bool {
    let last = name
        .rsplit(['/', '.', '\\'])
        .next()
        .unwrap_or(name)
        .trim()
        .to_lowercase();
    SENT_FOLDER_NAMES.contains(&last.as_str())
}

/// The provenance of one copy of a message.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "source", rename_all = "kebab-case")]
pub enum Source {
    /// Read from a file: an `.eml`, a message of an mbox (at a byte offset) or of a Maildir.
    Import {
        /// The file, as an absolute path when it could be made one.
        path: String,
        /// Byte offset of the message's `From ` line inside an mbox file.
        offset: Option<u64>,
        /// The account the user said the archive belongs to.
        account: Option<String>,
        /// The folder the archive stands for (mbox file name, Maildir folder), if any.
        folder: Option<String>,
    },
    /// Fetched over IMAP.
    Imap {
        account: String,
        folder: String,
        uidvalidity: u32,
        uid: u32,
    },
    /// Fetched over POP3.
    Pop3 { account: String, uidl: String },
    /// Sent by Sigillo from this account.
    Sent { account: String },
}

/// Which kind of place a copy was found in (`copies.source`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CopyKind {
    /// An imported file (`.eml`, mbox, Maildir).
    Import,
    /// An IMAP folder.
    Imap,
    /// A POP3 mailbox.
    Pop3,
    /// The copy Sigillo kept when it sent the message.
    Sent,
}

impl CopyKind {
    /// The database spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            CopyKind::Import => "import",
            CopyKind::Imap => "imap",
            CopyKind::Pop3 => "pop3",
            CopyKind::Sent => "sent",
        }
    }

    /// Reads the database spelling.
    pub fn parse(s: &str) -> Option<CopyKind> {
        [
            CopyKind::Import,
            CopyKind::Imap,
            CopyKind::Pop3,
            CopyKind::Sent,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

impl rusqlite::types::FromSql for CopyKind {
    fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        let s = value.as_str()?;
        CopyKind::parse(s).ok_or_else(|| {
            rusqlite::types::FromSqlError::Other(format!("unknown kind of copy {s:?}").into())
        })
    }
}

impl Source {
    /// The kind of place.
    pub fn copy_kind(&self) -> CopyKind {
        match self {
            Source::Import { .. } => CopyKind::Import,
            Source::Imap { .. } => CopyKind::Imap,
            Source::Pop3 { .. } => CopyKind::Pop3,
            Source::Sent { .. } => CopyKind::Sent,
        }
    }

    /// The database spelling of the variant.
    pub fn kind(&self) -> &'static str {
        self.copy_kind().as_str()
    }

    /// The account, if any.
    pub fn account(&self) -> Option<&str> {
        match self {
            Source::Import { account, .. } => account.as_deref(),
            Source::Imap { account, .. }
            | Source::Pop3 { account, .. }
            | Source::Sent { account } => Some(account),
        }
    }

    /// The folder, if any (POP3 mail counts as INBOX).
    pub fn folder(&self) -> Option<&str> {
        match self {
            Source::Import { folder, .. } => folder.as_deref(),
            Source::Imap { folder, .. } => Some(folder),
            Source::Pop3 { .. } => Some("INBOX"),
            Source::Sent { .. } => None,
        }
    }

    /// True when this copy makes the message a sent one (sent by Sigillo, or in a Sent folder).
    pub fn is_sent(&self) -> bool {
        match self {
            Source::Sent { .. } => true,
            _ => self.folder().is_some_and(is_sent_folder),
        }
    }

    /// A stable text that identifies this place; the same place is recorded once per message.
    pub fn key(&self) -> String {
        match self {
            Source::Import { path, offset, .. } => match offset {
                Some(o) => format!("import:{path}#{o}"),
                None => format!("import:{path}"),
            },
            Source::Imap {
                account,
                folder,
                uidvalidity,
                uid,
            } => format!("imap:{account}:{folder}:{uidvalidity}:{uid}"),
            Source::Pop3 { account, uidl } => format!("pop3:{account}:{uidl}"),
            Source::Sent { account } => format!("sent:{account}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sent_folders_are_recognised() {
        for name in [
            "Sent",
            "INBOX.Sent",
            "Posta inviata",
            "[Gmail]/Sent Mail",
            "inviata",
        ] {
            assert!(is_sent_folder(name), "{name}");
        }
        for name in ["INBOX", "Sentinel", "Archivio"] {
            assert!(!is_sent_folder(name), "{name}");
        }
    }

    #[test]
    fn keys_tell_places_apart() {
        let a = Source::Import {
            path: "/a.mbox".into(),
            offset: Some(0),
            account: None,
            folder: None,
        };
        let b = Source::Import {
            path: "/a.mbox".into(),
            offset: Some(10),
            account: None,
            folder: None,
        };
        assert_ne!(a.key(), b.key());
        let imap = Source::Imap {
            account: "x".into(),
            folder: "Sent".into(),
            uidvalidity: 1,
            uid: 2,
        };
        assert!(imap.is_sent());
        assert!(!a.is_sent());
    }

    #[test]
    fn copy_kinds_keep_their_database_and_json_spelling() {
        for (kind, spelled) in [
            (CopyKind::Import, "import"),
            (CopyKind::Imap, "imap"),
            (CopyKind::Pop3, "pop3"),
            (CopyKind::Sent, "sent"),
        ] {
            assert_eq!(kind.as_str(), spelled);
            assert_eq!(CopyKind::parse(spelled), Some(kind));
            assert_eq!(serde_json::to_value(kind).unwrap(), spelled);
        }
        assert_eq!(CopyKind::parse("IMAP"), None);
        let pop = Source::Pop3 {
            account: "a".into(),
            uidl: "1".into(),
        };
        assert_eq!(pop.copy_kind(), CopyKind::Pop3);
        assert_eq!(pop.kind(), "pop3");
    }
}
