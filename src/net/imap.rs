//! IMAP over a verified TLS connection, with async-imap: login, folder list, one folder's
//! UIDs, flags and raw messages (always `BODY.PEEK[]`, so nothing is marked `\Seen`), APPEND
//! to the Sent folder, and IDLE. The sync logic that uses these lives in [`super::sync`].

use std::collections::HashSet;
use std::time::Duration;

use async_imap::types::{Flag, NameAttribute};
use tokio::sync::Notify;

use super::error::{NetError, Result, Stage};
use super::guard::{GuardLimits, Guarded, guard_error};
use super::tls::{self, Endpoint, Security, TimeoutHandle, TlsStream};
use crate::account::Secret;
use crate::store::FlagSet;

/// The connection under an IMAP session: verified TLS, with the server's framing bounded.
type ImapStream = Guarded<TlsStream>;

/// An authenticated IMAP session.
pub struct Imap {
    session: async_imap::Session<ImapStream>,
    caps: HashSet<String>,
    timeout: TimeoutHandle,
    io_limit: Duration,
    host: String,
    port: u16,
}

impl std::fmt::Debug for Imap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Imap")
            .field("host", &self.host)
            .field("port", &self.port)
            .finish_non_exhaustive()
    }
}

/// A folder as the server lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folder {
    /// Name as the server spells it (modified UTF-7 for non-ASCII names).
    pub name: String,
    /// The RFC 6154 `\Sent` special use.
    pub special_sent: bool,
    /// The RFC 6154 `\Drafts` special use.
    pub special_drafts: bool,
    /// A virtual folder (`\All`, `\Flagged`): its messages live in other folders too.
    pub is_virtual: bool,
}

/// What EXAMINE said about a folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FolderStatus {
    /// UIDVALIDITY.
    pub uidvalidity: u32,
    /// UIDNEXT, when given.
    pub uidnext: Option<u32>,
    /// Number of messages.
    pub exists: u32,
    /// HIGHESTMODSEQ (CONDSTORE servers).
    pub highestmodseq: Option<u64>,
}

/// One fetched message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// Its UID.
    pub uid: u32,
    /// Its flags.
    pub flags: FlagSet,
    /// The exact bytes (`None` when the server sent no body, e.g. the message was expunged
    /// meanwhile).
    pub raw: Option<Vec<u8>>,
}

/// Maps an async-imap error to what the user sees.
pub(crate) fn map_err(e: async_imap::error::Error, host: &str, port: u16) -> NetError {
    use async_imap::error::Error as E;
    match e {
        E::Io(io) if guard_error(&io).is_some() => NetError::Protocol {
            detail: guard_error(&io).map(|g| g.to_string()).unwrap_or_default(),
        },
        E::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => NetError::Timeout {
            host: host.to_owned(),
            port,
            stage: Stage::Command,
        },
        E::Io(io) => NetError::lost(&io),
        E::ConnectionLost => NetError::ConnectionLost {
            detail: "the server closed the connection".into(),
        },
        E::No(t) | E::Bad(t) => NetError::Refused {
            command: "IMAP".into(),
            detail: t,
        },
        E::Parse(p) => NetError::Protocol {
            detail: p.to_string(),
        },
        other => NetError::Protocol {
            detail: other.to_string(),
        },
    }
}

/// The IMAP flags of a message as the store keeps them (`\Seen`, `\Answered`, `$Label`).
/// `\Recent` is left out: it belongs to one session (the first to open the folder read-write
/// takes it), so recording it would make every later sync see a change that is none.
pub fn flag_set<'a>(flags: impl Iterator<Item = Flag<'a>>) -> FlagSet {
    flags
        .filter(|f| !matches!(f, Flag::Recent))
        .map(|f| match f {
            Flag::Seen => "\\Seen".to_owned(),
            Flag::Answered => "\\Answered".to_owned(),
            Flag::Flagged => "\\Flagged".to_owned(),
            Flag::Deleted => "\\Deleted".to_owned(),
            Flag::Draft => "\\Draft".to_owned(),
            Flag::Recent => "\\Recent".to_owned(),
            Flag::MayCreate => "\\*".to_owned(),
            Flag::Custom(c) => c.into_owned(),
        })
        .collect()
}

/// One FETCH response of a listing: its attributes as the server sent them.
struct FetchItem<'a> {
    uid: Option<u32>,
    attrs: &'a [async_imap::imap_proto::AttributeValue<'a>],
}

impl<'a> FetchItem<'a> {
    fn new(attrs: &'a [async_imap::imap_proto::AttributeValue<'a>]) -> Self {
        use async_imap::imap_proto::AttributeValue;
        let uid = attrs.iter().find_map(|a| match a {
            AttributeValue::Uid(u) => Some(*u),
            _ => None,
        });
        FetchItem { uid, attrs }
    }

    /// The message's flags, as the store keeps them.
    fn flags(&self) -> FlagSet {
        use async_imap::imap_proto::AttributeValue;
        flag_set(
            self.attrs
                .iter()
                .filter_map(|a| match a {
                    AttributeValue::Flags(f) => Some(f.iter().map(|s| Flag::from(s.as_ref()))),
                    _ => None,
                })
                .flatten(),
        )
    }

    /// The whole message (`BODY[]`), when it was asked for.
    fn body(&self) -> Option<&'a [u8]> {
        use async_imap::imap_proto::AttributeValue;
        self.attrs.iter().find_map(|a| match a {
            AttributeValue::BodySection {
                section: None,
                data: Some(body),
                ..
            }
            | AttributeValue::Rfc822(Some(body)) => Some(body.as_ref()),
            _ => None,
        })
    }
}

/// What a checked command ([`Imap::command_checked`]) does when the server ends it
/// with NO.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OnNo {
    /// Fails with [`NetError::Unavailable`]: the answer is incomplete and nothing else would
    /// tell (a listing, a STORE).
    Fail,
    /// Keeps what came: the caller knows what is missing (the messages of a FETCH).
    KeepWhatCame,
}

/// Quotes a mailbox name for a command we write ourselves.
fn quote(name: &str) -> Result<String> {
    if name.contains(['\r', '\n', '\0']) {
        return Err(NetError::Protocol {
            detail: format!("folder name {name:?} cannot be sent"),
        });
    }
    Ok(format!(
        "\"{}\"",
        name.replace('\\', "\\\\").replace('"', "\\\"")
    ))
}

impl Imap {
    /// Connects, reads the greeting and logs in.
    pub async fn login(ep: &Endpoint, user: &str, password: &Secret) -> Result<Imap> {
        let (tls, timeout) = tls::connect_with_handle(ep).await?;
        let mut client = async_imap::Client::new(Guarded::new(tls, GuardLimits::default()));
        if ep.security == Security::Tls {
            match client.read_response().await {
                Ok(Some(_greeting)) => {}
                Ok(None) => {
                    return Err(NetError::ConnectionLost {
                        detail: "the server closed the connection before its greeting".into(),
                    });
                }
                Err(e) if e.kind() == std::io::ErrorKind::TimedOut => {
                    return Err(NetError::Timeout {
                        host: ep.host.clone(),
                        port: ep.port,
                        stage: Stage::Greeting,
                    });
                }
                Err(e) => {
                    return Err(match guard_error(&e) {
                        Some(g) => NetError::Protocol {
                            detail: g.to_string(),
                        },
                        None => NetError::lost(&e),
                    });
                }
            }
        }
        let mut session = match client.login(user, password.expose()).await {
            Ok(s) => s,
            Err((async_imap::error::Error::No(t), _))
            | Err((async_imap::error::Error::Bad(t), _)) => {
                return Err(NetError::Login { detail: t });
            }
            Err((async_imap::error::Error::Validate(_), _)) => {
                return Err(NetError::Login {
                    detail: "the user name or password contains a character IMAP cannot send"
                        .into(),
                });
            }
            Err((e, _)) => return Err(map_err(e, &ep.host, ep.port)),
        };
        let caps: HashSet<String> = session
            .capabilities()
            .await
            .map_err(|e| map_err(e, &ep.host, ep.port))?
            .iter()
            .map(|c| match c {
                async_imap::types::Capability::Imap4rev1 => "IMAP4REV1".to_owned(),
                async_imap::types::Capability::Auth(a) => format!("AUTH={}", a.to_uppercase()),
                async_imap::types::Capability::Atom(a) => a.to_uppercase(),
            })
            .collect();
        let mut imap = Imap {
            session,
            caps,
            timeout,
            io_limit: ep.timeouts.io,
            host: ep.host.clone(),
            port: ep.port,
        };
        if imap.has("CONDSTORE") && imap.has("ENABLE") {
            // Makes EXAMINE report HIGHESTMODSEQ and FETCH accept CHANGEDSINCE.
            let _ = imap
                .session
                .run_command_and_check_ok("ENABLE CONDSTORE")
                .await;
        }
        Ok(imap)
    }

    /// True when the server announced this capability.
    pub fn has(&self, cap: &str) -> bool {
        self.caps.contains(&cap.to_ascii_uppercase())
    }

    /// Every folder, with its special use.
    pub async fn folders(&mut self) -> Result<Vec<Folder>> {
        use async_imap::imap_proto::{MailboxDatum, MailboxListData, Response};
        let mut out = Vec::new();
        let mut listed = 0usize;
        // Read through the checked command: async-imap's LIST stream ends without a word at a
        // tagged NO and at a connection closed midway, and a listing cut after INBOX would sync
        // INBOX alone and say the account was synced.
        self.command_checked("LIST \"\" *", OnNo::Fail, &mut |response| {
            let Response::MailboxData(MailboxDatum::List(MailboxListData {
                name_attributes: attrs,
                name,
                ..
            })) = response
            else {
                return Ok::<(), NetError>(());
            };
            listed += 1;
            let has = |f: fn(&NameAttribute<'_>) -> bool| attrs.iter().any(f);
            if has(|a| matches!(a, NameAttribute::NoSelect))
                || has(
                    |a| matches!(a, NameAttribute::Extension(e) if e.eq_ignore_ascii_case("\\NonExistent")),
                )
            {
                return Ok(());
            }
            out.push(Folder {
                name: name.to_string(),
                special_sent: has(|a| matches!(a, NameAttribute::Sent)),
                special_drafts: has(|a| matches!(a, NameAttribute::Drafts)),
                is_virtual: has(|a| matches!(a, NameAttribute::All | NameAttribute::Flagged)),
            });
            Ok(())
        })
        .await?;
        // Every server has an INBOX: a listing that ends with OK and names no folder is an
        // error, not an account with nothing to sync.
        if listed == 0 {
            return Err(NetError::Protocol {
                detail: "the server listed no folder, not even INBOX".into(),
            });
        }
        Ok(out)
    }

    /// Storage use of the inbox's quota root (RFC 2087 GETQUOTAROOT), in bytes, when the server
    /// offers QUOTA: `(used, limit)`.
    pub async fn storage_quota(&mut self) -> Result<Option<(u64, u64)>> {
        if !self.has("QUOTA") {
            return Ok(None);
        }
        let (_, quotas) = self
            .session
            .get_quota_root("INBOX")
            .await
            .map_err(|e| map_err(e, &self.host, self.port))?;
        // STORAGE is counted in units of 1024 octets.
        Ok(quotas
            .iter()
            .flat_map(|q| q.resources.iter())
            .find(|r| r.name == async_imap::types::QuotaResourceName::Storage)
            .map(|r| (r.usage.saturating_mul(1024), r.limit.saturating_mul(1024))))
    }

    /// Opens a folder read-only.
    pub async fn examine(&mut self, folder: &str) -> Result<FolderStatus> {
        self.open_folder(folder, false).await
    }

    /// Opens a folder read-write (to set flags with [`Imap::add_seen`]).
    pub async fn select(&mut self, folder: &str) -> Result<FolderStatus> {
        self.open_folder(folder, true).await
    }

    async fn open_folder(&mut self, folder: &str, write: bool) -> Result<FolderStatus> {
        let opened = if write {
            self.session.select(folder).await
        } else {
            self.session.examine(folder).await
        };
        let mb = opened.map_err(|e| match e {
            async_imap::error::Error::No(t) | async_imap::error::Error::Bad(t) => {
                NetError::Folder {
                    folder: folder.to_owned(),
                    detail: t,
                }
            }
            other => map_err(other, &self.host, self.port),
        })?;
        let uidvalidity = mb.uid_validity.ok_or_else(|| NetError::Folder {
            folder: folder.to_owned(),
            detail: "the server gives no UIDVALIDITY".into(),
        })?;
        Ok(FolderStatus {
            uidvalidity,
            uidnext: mb.uid_next,
            exists: mb.exists,
            highestmodseq: mb.highest_modseq,
        })
    }

    /// Sets `\Seen` on these UIDs of the folder opened with [`Imap::select`]
    /// (`UID STORE … +FLAGS.SILENT (\Seen)`: other flags untouched, UIDs gone ignored).
    pub async fn add_seen(&mut self, uids: &[u32]) -> Result<()> {
        if uids.is_empty() {
            return Ok(());
        }
        // Checked: a refused STORE must not read as done (the marks would be dropped here).
        let command = format!("UID STORE {} +FLAGS.SILENT (\\Seen)", uid_set(uids));
        self.uid_command_checked(&command, OnNo::Fail, &mut |_| Ok::<(), NetError>(()))
            .await
    }

    /// The UIDs at or above `from` in the open folder, ascending. Asked with `UID FETCH n:*
    /// (UID)`, one short line per message, rather than SEARCH, whose single reply line grows
    /// with the folder (the stream guard bounds line length).
    pub async fn uids_from(&mut self, from: u32) -> Result<Vec<u32>> {
        let mut v: Vec<u32> = Vec::new();
        let command = format!("UID FETCH {}:* (UID)", from.max(1));
        self.uid_command_checked(&command, OnNo::Fail, &mut |item| {
            v.extend(item.uid.filter(|&u| u >= from));
            Ok::<(), NetError>(())
        })
        .await?;
        v.sort_unstable();
        v.dedup();
        Ok(v)
    }

    /// Fetches whole messages by UID with `BODY.PEEK[]` (never marks them `\Seen`), calling
    /// `each` as each one arrives so it can be stored before the next is read.
    pub async fn fetch_raw<E: From<NetError>>(
        &mut self,
        uids: &[u32],
        each: &mut (dyn FnMut(Fetched) -> std::result::Result<(), E> + Send),
    ) -> std::result::Result<(), E> {
        if uids.is_empty() {
            return Ok(());
        }
        let wanted: HashSet<u32> = uids.iter().copied().collect();
        let command = format!("UID FETCH {} (UID FLAGS BODY.PEEK[])", uid_set(uids));
        // A NO after the messages it could send (one it cannot read, one expunged meanwhile):
        // what came is stored, and the folder's mark stays below what did not, so that the
        // next sync asks for it again; the rest of this sync goes on.
        self.uid_command_checked(&command, OnNo::KeepWhatCame, &mut |item| match item.uid {
            Some(uid) if wanted.contains(&uid) => each(Fetched {
                uid,
                flags: item.flags(),
                raw: item.body().map(<[u8]>::to_vec),
            }),
            _ => Ok(()),
        })
        .await
    }

    /// The flags of every message (or, with CONDSTORE, of those changed since `modseq`).
    pub async fn flags(&mut self, changed_since: Option<u64>) -> Result<Vec<(u32, FlagSet)>> {
        let query = match changed_since {
            Some(m) => format!("(UID FLAGS) (CHANGEDSINCE {m})"),
            None => "(UID FLAGS)".to_owned(),
        };
        let mut listed = Vec::new();
        self.uid_command_checked(&format!("UID FETCH 1:* {query}"), OnNo::Fail, &mut |item| {
            listed.extend(item.uid.map(|u| (u, item.flags())));
            Ok::<(), NetError>(())
        })
        .await?;
        Ok(listed)
    }

    /// Runs a `UID FETCH` or `UID STORE` command, giving `each` every FETCH response as it
    /// arrives (see [`Imap::command_checked`]).
    async fn uid_command_checked<E: From<NetError>>(
        &mut self,
        command: &str,
        on_no: OnNo,
        each: &mut (dyn FnMut(FetchItem<'_>) -> std::result::Result<(), E> + Send),
    ) -> std::result::Result<(), E> {
        use async_imap::imap_proto::Response;
        self.command_checked(command, on_no, &mut |response| match response {
            Response::Fetch(_, attrs) => each(FetchItem::new(attrs)),
            _ => Ok(()),
        })
        .await
    }

    /// Runs `command`, giving `each` every untagged response as it arrives, and fails unless
    /// the server ends the command with OK (or NO, as `on_no` says), never at a connection
    /// closed before the end. async-imap's own fetch, store and list streams end without a
    /// word at a tagged NO or BAD and at a connection closed between two responses: a listing
    /// cut so would read as complete (flags changed on the server, listed once with CONDSTORE,
    /// would never come again; folders never listed would never be synced) and a refused
    /// STORE as done.
    async fn command_checked<E: From<NetError>>(
        &mut self,
        command: &str,
        on_no: OnNo,
        each: &mut (
                 dyn FnMut(&async_imap::imap_proto::Response<'_>) -> std::result::Result<(), E>
                     + Send
             ),
    ) -> std::result::Result<(), E> {
        use async_imap::imap_proto::{Response, Status};
        let (host, port) = (self.host.clone(), self.port);
        // What the error names: "UID FETCH", "UID STORE", "LIST".
        let words = if command.starts_with("UID ") { 2 } else { 1 };
        let verb = command.split(' ').take(words).collect::<Vec<_>>().join(" ");
        let tag = self
            .session
            .run_command(command)
            .await
            .map_err(|e| E::from(map_err(e, &host, port)))?;
        loop {
            let Some(response) = self
                .session
                .read_response()
                .await
                .map_err(|e| E::from(map_err(e.into(), &host, port)))?
            else {
                return Err(E::from(NetError::ConnectionLost {
                    detail: format!("the server closed the connection before ending {verb}"),
                }));
            };
            match response.parsed() {
                Response::Done {
                    tag: done,
                    status,
                    outcome,
                } if *done == tag => {
                    let detail = outcome.information.as_deref().unwrap_or("").to_owned();
                    return match status {
                        Status::Ok => Ok(()),
                        Status::No if on_no == OnNo::KeepWhatCame => Ok(()),
                        // NO: understood, not possible now (the watch loop tries again).
                        Status::No => Err(E::from(NetError::Unavailable {
                            command: verb,
                            detail,
                        })),
                        _ => Err(E::from(NetError::Refused {
                            command: verb,
                            detail,
                        })),
                    };
                }
                // Anything else the server says meanwhile (EXISTS, EXPUNGE): the caller takes
                // what it asked for, the next sync sees what the rest announces.
                other => each(other)?,
            }
        }
    }

    /// Appends a message to a folder with the given flags (e.g. `\Seen`).
    pub async fn append(&mut self, folder: &str, flags: &str, raw: &[u8]) -> Result<()> {
        self.session
            .append(folder, Some(&format!("({flags})")), None, raw)
            .await
            .map_err(|e| match e {
                async_imap::error::Error::No(t) | async_imap::error::Error::Bad(t) => {
                    NetError::Folder {
                        folder: folder.to_owned(),
                        detail: t,
                    }
                }
                async_imap::error::Error::Append => NetError::Folder {
                    folder: folder.to_owned(),
                    detail: "the server refused the message".into(),
                },
                other => map_err(other, &self.host, self.port),
            })
    }

    /// Creates a folder.
    pub async fn create(&mut self, folder: &str) -> Result<()> {
        let cmd = format!("CREATE {}", quote(folder)?);
        self.session
            .run_command_and_check_ok(&cmd)
            .await
            .map_err(|e| NetError::Folder {
                folder: folder.to_owned(),
                detail: e.to_string(),
            })
    }

    /// Waits in IDLE on the open folder until the server reports a change, `wait` passes, or
    /// `interrupt` is notified (IDLE then ends cleanly: the same session goes on, no new login).
    /// Returns the session and true when the server reported something.
    pub async fn idle(self, wait: Duration, interrupt: Option<&Notify>) -> Result<(Imap, bool)> {
        let Imap {
            session,
            caps,
            timeout,
            io_limit,
            host,
            port,
        } = self;
        // The silence limit must not cut the IDLE wait short.
        timeout.set(wait + io_limit);
        let mut handle = session.idle();
        handle.init().await.map_err(|e| map_err(e, &host, port))?;
        let (fut, stop) = handle.wait_with_timeout(wait);
        let outcome = match interrupt {
            Some(n) => {
                tokio::pin!(fut);
                let mut stop = Some(stop);
                tokio::select! {
                    r = &mut fut => r,
                    _ = n.notified() => {
                        // Dropping the stop source ends the wait (ManualInterrupt).
                        drop(stop.take());
                        fut.await
                    }
                }
            }
            None => {
                let _stop = stop;
                fut.await
            }
        }
        .map_err(|e| map_err(e, &host, port))?;
        let changed = matches!(
            outcome,
            async_imap::extensions::idle::IdleResponse::NewData(_)
        );
        timeout.set(io_limit);
        let session = handle.done().await.map_err(|e| map_err(e, &host, port))?;
        Ok((
            Imap {
                session,
                caps,
                timeout,
                io_limit,
                host,
                port,
            },
            changed,
        ))
    }

    /// Says goodbye (errors are ignored: the work is done).
    pub async fn logout(mut self) {
        let _ = self.session.logout().await;
    }
}

/// A compact UID set: `1:5,7,9:12`.
pub fn uid_set(uids: &[u32]) -> String {
    let mut v = uids.to_vec();
    v.sort_unstable();
    v.dedup();
    let mut parts = Vec::new();
    let mut i = 0;
    while i < v.len() {
        let start = v[i];
        let mut end = start;
        while i + 1 < v.len() && v[i + 1] == end + 1 {
            i += 1;
            end = v[i];
        }
        parts.push(if start == end {
            start.to_string()
        } else {
            format!("{start}:{end}")
        });
        i += 1;
    }
    parts.join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uid_sets_are_compact() {
        assert_eq!(uid_set(&[1, 2, 3, 5, 7, 8, 9, 12]), "1:3,5,7:9,12");
        assert_eq!(uid_set(&[4]), "4");
        assert_eq!(uid_set(&[3, 1, 2, 2]), "1:3");
    }

    #[test]
    fn folder_names_are_quoted_safely() {
        assert_eq!(
            quote("Posta \"in\" arrivo").unwrap(),
            "\"Posta \\\"in\\\" arrivo\""
        );
        assert!(quote("a\r\nb").is_err());
    }

    #[test]
    fn flags_render_sorted() {
        let f = vec![
            Flag::Seen,
            Flag::Recent,
            Flag::Custom("$Label1".into()),
            Flag::Answered,
        ];
        assert_eq!(
            flag_set(f.into_iter()).to_string(),
            "$Label1 \\Answered \\Seen"
        );
    }
}
