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

impl Source {
    /// The database spelling of the variant.
    pub fn kind(&self) -> &'static str {
        match self {
            Source::Import { .. } => "import",
            Source::Imap { .. } => "imap",
            Source::Pop3 { .. } => "pop3",
            Source::Sent { .. } => "sent",
        }
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
}
