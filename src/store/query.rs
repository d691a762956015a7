//! Reading the store: folder listings, one message in full, its raw bytes, and full-text search
//! with filters. Listings walk indexes in date order and stop at the page size, so the first
//! page of a folder costs the same whatever the folder's size.

use std::collections::HashSet;

use chrono::{DateTime, FixedOffset, Utc};
use rusqlite::{OptionalExtension, Row, params_from_iter, types::Value};
use serde::Serialize;

use super::error::{Result, StoreError};
use super::flags::unseen_sql;
use super::timelines::state_condition;
use super::{CopyKind, Store, StoredVerification};
use crate::outcome::{Delivery, Event, Facts, Outcome};
use crate::pec::timeline::{Policy, RecipientState};
use crate::pec::{PecKind, ReceiptType, RecipientType};
use crate::verify::Status;

/// One line of a listing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MessageRow {
    /// The store id.
    pub id: i64,
    /// The certified date, else the Date header, else when it was stored.
    pub date: Option<DateTime<FixedOffset>>,
    /// The kind; `None` while the analysis is pending.
    pub kind: Option<PecKind>,
    /// Delivery receipt type.
    pub receipt_type: Option<ReceiptType>,
    /// Certified subject, else the original's, else the outer one.
    pub subject: Option<String>,
    /// Certified sender, else the original's, else the outer one.
    pub sender: Option<String>,
    /// Size of the raw bytes.
    pub size: u64,
    /// The signature outcome; `None` = not yet verified.
    pub signature: Option<Status>,
    /// Warning codes of the PEC model.
    pub warnings: Vec<String>,
    /// True when a server lists one of its copies as not read (IMAP `\Seen` missing).
    pub unread: bool,
    /// Its own Message-ID (without angle brackets), as written.
    pub message_id: Option<String>,
    /// Who the message is about: the recipient a receipt concerns, the recipients of an
    /// acceptance or of a message the user sent, else the sender.
    pub counterpart: Option<String>,
    /// What happened, and how we know (see `outcome`): what a list shows first.
    pub outcome: Outcome,
}

pub(super) const ROW_COLUMNS: &str = concat!(
    "m.id, m.display_date, m.kind, m.receipt_type, m.display_subject, \
     m.display_sender, m.size, m.sig_status, m.warning_codes, m.stored_at, \
     EXISTS (SELECT 1 FROM copies u WHERE u.message_id = m.id AND ",
    unseen_sql!("u.flags"),
    "), \
     m.outer_message_id, m.cert_consegna, m.cert_ricezione, m.cert_errore, m.cert_errore_esteso, \
     m.virus, \
     (m.kind = 'ordinaria' AND m.copy_of IS NULL AND \
         (EXISTS (SELECT 1 FROM copies s WHERE s.message_id = m.id AND s.is_sent) \
          OR EXISTS (SELECT 1 FROM transmissions t WHERE t.id = m.transmission_id \
                     AND t.sent_message_id = m.id))), \
     (SELECT group_concat(address, ', ') FROM recipients r WHERE r.message_id = m.id), \
     (SELECT count(*) FROM recipients r WHERE r.message_id = m.id), \
     m.outer_to"
);

/// The columns of [`ROW_COLUMNS`]: a query that selects more after them starts at this index.
pub(super) const ROW_COLUMN_COUNT: usize = 21;

pub(super) fn read_row(r: &Row<'_>) -> rusqlite::Result<MessageRow> {
    let stored_at: i64 = r.get(9)?;
    let json_list = |i: usize| -> rusqlite::Result<Vec<String>> {
        Ok(r.get::<_, Option<String>>(i)?
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default())
    };
    let date = r
        .get::<_, Option<String>>(1)?
        .and_then(|s| DateTime::parse_from_rfc3339(&s).ok());
    let kind = r
        .get::<_, Option<String>>(2)?
        .as_deref()
        .and_then(PecKind::parse);
    let sender: Option<String> = r.get(5)?;
    let signature = r
        .get::<_, Option<String>>(7)?
        .as_deref()
        .and_then(Status::parse);
    let warnings: Vec<String> = json_list(8)?;
    let consegna: Option<String> = r.get(12)?;
    let ricezione = json_list(13)?;
    let errore_esteso: Option<String> = r.get(15)?;
    let own_sent: bool = r.get::<_, Option<bool>>(17)?.unwrap_or(false);
    let recipients: Option<String> = r.get(18)?;
    let outer_to = json_list(20)?;
    let about = consegna.clone().or_else(|| ricezione.first().cloned());
    let facts = Facts {
        kind,
        signature,
        at: date,
        sender: sender.clone(),
        about: about.clone(),
        recipients: r.get::<_, i64>(19)? as usize,
        errore: r.get(14)?,
        final_timeout: kind == Some(PecKind::PreavvisoErroreConsegna)
            && (warnings.iter().any(|w| w == "final-timeout")
                || errore_esteso
                    .as_deref()
                    .is_some_and(crate::outcome::is_final_timeout_code)),
        errore_esteso,
        virus: r.get(16)?,
        // Filled by `fill_deliveries` from the timeline.
        sent: own_sent.then(Delivery::waiting),
    };
    let counterpart = match kind {
        Some(k) if k.is_notification() => about.or(recipients),
        Some(PecKind::Ordinaria) if own_sent && !outer_to.is_empty() => Some(outer_to.join(", ")),
        _ => sender.clone(),
    };
    Ok(MessageRow {
        id: r.get(0)?,
        date: date.or_else(|| DateTime::from_timestamp(stored_at, 0).map(|d| d.fixed_offset())),
        kind,
        receipt_type: r
            .get::<_, Option<String>>(3)?
            .as_deref()
            .and_then(ReceiptType::parse),
        subject: r.get(4)?,
        sender,
        size: r.get::<_, i64>(6)? as u64,
        signature,
        warnings,
        unread: r.get(10)?,
        message_id: r.get(11)?,
        counterpart,
        outcome: facts.outcome(),
    })
}

impl Store {
    /// Puts the delivery of each sent PEC among `rows` into its outcome (what its timeline
    /// says, lateness judged now).
    pub(super) fn fill_deliveries(&self, rows: &mut [MessageRow]) -> Result<()> {
        let now = Utc::now();
        let policy = Policy::default();
        for row in rows {
            if let Event::Sent(d) = &mut row.outcome.event
                && let Some(t) = self.timeline_of(row.id, now, &policy)?
                && t.sent_id == Some(row.id)
            {
                *d = Delivery::from_timeline(&t);
            }
        }
        Ok(())
    }
}

/// What to list.
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    /// Only copies of this account.
    pub account: Option<String>,
    /// Only copies in this folder.
    pub folder: Option<String>,
    /// Only messages of this kind.
    pub kind: Option<PecKind>,
    /// Skip this many messages.
    pub offset: usize,
    /// At most this many (0 = no limit).
    pub limit: usize,
    /// Start just after this row, from an earlier page ([`ListPage::last`]); `offset` is then
    /// not used. The next page of a long listing costs the same as the first this way, where
    /// an offset walks every row before it.
    pub after: Option<ListCursor>,
}

/// A place in a listing (the order key of one of its rows).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListCursor {
    sort_date: i64,
    id: i64,
}

/// One page of a listing.
#[derive(Debug, Clone, PartialEq)]
pub struct ListPage {
    /// The rows, newest first.
    pub rows: Vec<MessageRow>,
    /// Where the page ends: give it as [`ListQuery::after`] for the next page.
    pub last: Option<ListCursor>,
}

/// Signature filter for search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureFilter {
    /// Not yet verified.
    Unverified,
    /// Verified with this outcome.
    Status(Status),
}

/// Result order of a search.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SearchOrder {
    /// Best match first, over every match (see [`Store::search`] for what "best" means).
    #[default]
    Relevance,
    /// Newest first.
    Date,
}

/// A search: words (all must match, each as a prefix) and filters.
#[derive(Debug, Clone, Default)]
pub struct SearchQuery {
    /// The words to look for; empty means "every message that passes the filters".
    pub text: String,
    /// Only this kind.
    pub kind: Option<PecKind>,
    /// Only messages of a sent PEC with a recipient in this state.
    pub state: Option<RecipientState>,
    /// Only this signature outcome.
    pub signature: Option<SignatureFilter>,
    /// Only copies of this account.
    pub account: Option<String>,
    /// Only copies in this folder.
    pub folder: Option<String>,
    /// Dated at or after.
    pub since: Option<DateTime<Utc>>,
    /// Dated before.
    pub until: Option<DateTime<Utc>>,
    /// Order.
    pub order: SearchOrder,
    /// Skip this many.
    pub offset: usize,
    /// At most this many (0 = 50).
    pub limit: usize,
    /// Time at which lateness is judged (default: now).
    pub now: Option<DateTime<Utc>>,
    /// Delivery timeout policy.
    pub policy: Policy,
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit {
    /// The message.
    #[serde(flatten)]
    pub row: MessageRow,
    /// How well it matches, lower is better ([`Store::search`]): 1 every word whole in the
    /// subject or the correspondents, 2 every word whole anywhere, 3 every word as a word
    /// start in the subject or the correspondents, 4 as a word start anywhere; 0 in date
    /// order or without search words.
    pub score: f64,
}

/// One copy (provenance) of a message.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CopyRecord {
    /// The kind of place (serialised `import`, `imap`, `pop3` or `sent`).
    pub source: CopyKind,
    /// Account.
    pub account: Option<String>,
    /// Folder.
    pub folder: Option<String>,
    /// IMAP UIDVALIDITY.
    pub uidvalidity: Option<i64>,
    /// IMAP UID.
    pub uid: Option<i64>,
    /// POP3 UIDL.
    pub uidl: Option<String>,
    /// Imported file.
    pub path: Option<String>,
    /// Byte offset in an mbox file.
    pub mbox_offset: Option<i64>,
    /// True when this copy makes the message a sent one.
    pub is_sent: bool,
    /// When recorded.
    pub added_at: Option<DateTime<Utc>>,
    /// Set when this copy's bytes differ from the message's (the server rewrote a header of a
    /// sent message): the store id of the row holding them, byte-exact.
    pub bytes_id: Option<i64>,
    /// The SHA-256 of those bytes.
    pub bytes_sha256: Option<String>,
}

/// One daticert recipient.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecipientRecord {
    /// Address.
    pub address: String,
    /// Inside PEC (`certificato`) or not (`esterno`), as the daticert says.
    pub tipo: RecipientType,
}

/// One attachment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AttachmentRecord {
    /// Declared name.
    pub name: Option<String>,
    /// Content type.
    pub content_type: String,
    /// Decoded size.
    pub size: u64,
    /// SHA-256 of the decoded bytes.
    pub sha256: String,
    /// Kind, when the attachment is itself a PEC message.
    pub nested_kind: Option<PecKind>,
}

/// The outer (transport) headers of a message, as the analysis stored them. Dates are the
/// RFC 3339 text the analysis wrote, kept as text so that they are shown exactly as stored.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct OuterHeaders {
    /// Subject.
    pub subject: Option<String>,
    /// From address.
    pub from: Option<String>,
    /// To addresses.
    pub to: Vec<String>,
    /// Date header, RFC 3339.
    pub date: Option<String>,
    /// Message-ID, without angle brackets.
    pub message_id: Option<String>,
    /// `X-Riferimento-Message-ID`: the client Message-ID a notice refers to.
    pub x_riferimento_message_id: Option<String>,
    /// `X-TipoRicevuta`, as written.
    pub x_tipo_ricevuta: Option<String>,
}

/// The certification data (daticert.xml) of a message, as the analysis stored it: the fields
/// of [`crate::pec::Daticert`] the store keeps, the event time already resolved to RFC 3339
/// and the recipients in [`MessageDetail::recipients`].
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct StoredDaticert {
    /// `postacert/@tipo`, as written.
    pub tipo: Option<String>,
    /// `postacert/@errore`.
    pub errore: Option<String>,
    /// Short error description (`errore-esteso`).
    pub errore_esteso: Option<String>,
    /// Original sender.
    pub mittente: Option<String>,
    /// Original Reply-To (or From).
    pub risposte: Option<String>,
    /// Original subject.
    pub oggetto: Option<String>,
    /// Provider that issued the data.
    pub gestore_emittente: Option<String>,
    /// Time of the event, RFC 3339.
    pub data: Option<String>,
    /// PEC message id given by the access point.
    pub identificativo: Option<String>,
    /// Client Message-ID of the original.
    pub msgid: Option<String>,
    /// Requested delivery receipt type, as written.
    pub ricevuta: Option<String>,
    /// Recipient delivered to or tried.
    pub consegna: Option<String>,
    /// Recipients covered by a presa-in-carico.
    pub ricezione: Vec<String>,
}

/// The original message a PEC carries, as the analysis stored it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredOriginal {
    /// Its Message-ID.
    pub message_id: Option<String>,
    /// Subject.
    pub subject: Option<String>,
    /// From address.
    pub from: Option<String>,
    /// To addresses.
    pub to: Vec<String>,
    /// Date header, RFC 3339.
    pub date: Option<String>,
    /// Size of its bytes.
    pub size: u64,
    /// SHA-256 of its bytes.
    pub sha256: Option<String>,
}

/// Everything the store knows about one message.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MessageDetail {
    /// The listing line.
    #[serde(flatten)]
    pub row: MessageRow,
    /// SHA-256 of the raw bytes.
    pub sha256: String,
    /// When the bytes were first stored.
    pub stored_at: Option<DateTime<Utc>>,
    /// Version of the stored analysis (0 = pending).
    pub analysis_version: i64,
    /// Outer (unsigned) headers.
    pub outer: OuterHeaders,
    /// daticert fields (`None` when the message has none).
    pub daticert: Option<StoredDaticert>,
    /// The carried original message (`None` when none).
    pub original: Option<StoredOriginal>,
    /// `multipart-signed`, `pkcs7-mime` or `none`.
    pub signature_layout: Option<String>,
    /// daticert recipients.
    pub recipients: Vec<RecipientRecord>,
    /// Attachments.
    pub attachments: Vec<AttachmentRecord>,
    /// Where it was found.
    pub copies: Vec<CopyRecord>,
    /// The signature check, when done.
    pub verification: Option<StoredVerification>,
}

/// Counts over the whole store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Stats {
    /// Distinct messages (distinct bytes).
    pub messages: usize,
    /// Copies (provenances).
    pub copies: usize,
    /// Messages the parser could not read.
    pub unreadable: usize,
    /// Messages waiting for analysis.
    pub pending: usize,
    /// Sent PECs with a timeline.
    pub timelines: usize,
}

/// The words of a search as FTS5 terms, quoted so that FTS5 operators and punctuation are
/// plain text; `prefix` makes each one match as a word start.
fn fts_terms(text: &str, prefix: bool) -> Option<String> {
    let star = if prefix { "*" } else { "" };
    let terms: Vec<String> = text
        .split_whitespace()
        .filter(|t| t.chars().any(char::is_alphanumeric))
        .map(|t| format!("\"{}\"{star}", t.replace('"', "\"\"")))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

/// Turns what a person typed into an FTS5 query: every word must match, as a prefix; the
/// words are quoted so that FTS5 operators and punctuation are plain text.
pub fn fts_query(text: &str) -> Option<String> {
    fts_terms(text, true)
}

/// The same words as [`fts_query`], each matching as a whole word.
pub fn fts_whole_words(text: &str) -> Option<String> {
    fts_terms(text, false)
}

/// The four relevance tiers of [`Store::search`], best first: (tier, index, whole words).
/// `search_head` holds the subjects and correspondents alone, `search` everything.
pub const RELEVANCE_TIERS: [(u8, &str, bool); 4] = [
    (1, "search_head", true),
    (2, "search", true),
    (3, "search_head", false),
    (4, "search", false),
];

/// The WHERE clause over copies `c` (and messages `m` for a kind) of a listing restricted to an
/// account or folder, its values appended to `args`; `None` when the listing is not restricted
/// to copies (then it reads messages alone).
pub(super) fn copy_filter(q: &ListQuery, args: &mut Vec<Value>) -> Option<String> {
    if q.folder.is_none() && q.account.is_none() {
        return None;
    }
    let mut where_ = Vec::new();
    if let Some(f) = &q.folder {
        where_.push("c.folder = ?");
        args.push(Value::Text(f.clone()));
    }
    if let Some(a) = &q.account {
        where_.push("c.account = ?");
        args.push(Value::Text(a.clone()));
    }
    if let Some(k) = q.kind {
        where_.push("m.kind = ?");
        args.push(Value::Text(k.as_str().to_owned()));
    }
    Some(where_.join(" AND "))
}

impl Store {
    /// Lists messages newest first.
    pub fn list(&self, q: &ListQuery) -> Result<Vec<MessageRow>> {
        Ok(self.list_page(q)?.rows)
    }

    /// Lists messages newest first, and says where the page ends.
    ///
    /// Rows come lazily in index order and the page stops as soon as it is full. A page after
    /// another starts at the other's end ([`ListQuery::after`]); a page at an offset first
    /// finds where it starts by walking the keys alone.
    pub fn list_page(&self, q: &ListQuery) -> Result<ListPage> {
        let limit = if q.limit == 0 { usize::MAX } else { q.limit };
        let mut args: Vec<Value> = Vec::new();
        // (FROM and WHERE of the rows, key columns). Bytes kept as another copy of a listed
        // message are not listed themselves.
        let (from, (sd, id)) = if let Some(filter) = copy_filter(q, &mut args) {
            (
                format!(
                    "FROM copies c JOIN messages m ON m.id = c.message_id
                     WHERE {filter} AND m.copy_of IS NULL"
                ),
                ("c.sort_date", "c.message_id"),
            )
        } else {
            let filter = match q.kind {
                Some(k) => {
                    args.push(Value::Text(k.as_str().to_owned()));
                    "WHERE m.kind = ? AND m.copy_of IS NULL"
                }
                None => "WHERE m.copy_of IS NULL",
            };
            (format!("FROM messages m {filter}"), ("m.sort_date", "m.id"))
        };
        let start = match q.after {
            Some(c) => Some(c),
            None if q.offset > 0 => {
                // The key of the row just before the page; none: the offset is past the end.
                let mut a = args.clone();
                a.push(Value::Integer(q.offset as i64 - 1));
                let key: Option<(i64, i64)> = self
                    .conn
                    .prepare_cached(&format!(
                        "SELECT DISTINCT {sd}, {id} {from}
                         ORDER BY {sd} DESC, {id} DESC LIMIT 1 OFFSET ?"
                    ))?
                    .query_row(params_from_iter(a), |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()?;
                match key {
                    Some((sort_date, id)) => Some(ListCursor { sort_date, id }),
                    None => {
                        return Ok(ListPage {
                            rows: Vec::new(),
                            last: None,
                        });
                    }
                }
            }
            None => None,
        };
        let mut sql = format!("SELECT {ROW_COLUMNS}, {sd} {from}");
        if let Some(c) = start {
            sql.push_str(&format!(" AND ({sd}, {id}) < (?, ?)"));
            args.push(Value::Integer(c.sort_date));
            args.push(Value::Integer(c.id));
        }
        sql.push_str(&format!(" ORDER BY {sd} DESC, {id} DESC"));
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params_from_iter(args))?;
        // A message with two copies in the same folder is listed once (the two are next to
        // each other: same key).
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        let mut last = None;
        while let Some(r) = rows.next()? {
            let row = read_row(r)?;
            if !seen.insert(row.id) {
                continue;
            }
            last = Some(ListCursor {
                sort_date: r.get(ROW_COLUMN_COUNT)?,
                id: row.id,
            });
            out.push(row);
            if out.len() >= limit {
                break;
            }
        }
        drop(rows);
        drop(stmt);
        self.fill_deliveries(&mut out)?;
        Ok(ListPage { rows: out, last })
    }

    /// The messages whose own Message-ID is `message_id` (angle brackets and blanks around it
    /// ignored), by id: what a script that names a message by its Message-ID means. Bytes kept
    /// as another copy of a message are found as that message.
    pub fn find_by_message_id(&self, message_id: &str) -> Result<Vec<i64>> {
        let wanted = crate::pec::summary::normalize_msgid(message_id);
        if wanted.is_empty() {
            return Ok(Vec::new());
        }
        Ok(self
            .conn
            .prepare_cached(
                "SELECT DISTINCT coalesce(copy_of, id) FROM messages WHERE outer_message_id = ?1
                 ORDER BY 1",
            )?
            .query_map([wanted], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// The exact bytes of message `id`, as stored.
    pub fn raw(&self, id: i64) -> Result<Vec<u8>> {
        self.conn
            .prepare_cached("SELECT bytes FROM raw_messages WHERE message_id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?
            .ok_or(StoreError::NoSuchMessage(id))
    }

    /// Everything about message `id`.
    pub fn message(&self, id: i64) -> Result<MessageDetail> {
        const C: usize = ROW_COLUMN_COUNT;
        let mut d = self
            .conn
            .prepare_cached(&format!(
                "SELECT {ROW_COLUMNS}, m.sha256, m.analysis_version, m.outer_subject, m.outer_from,
                    m.outer_to, m.outer_date, m.outer_message_id, m.x_riferimento_message_id,
                    m.x_tipo_ricevuta, m.cert_tipo, m.cert_errore, m.cert_errore_esteso,
                    m.cert_mittente, m.cert_risposte, m.cert_oggetto, m.cert_gestore, m.cert_data,
                    m.cert_identificativo, m.cert_msgid, m.cert_ricevuta, m.cert_consegna,
                    m.cert_ricezione, m.original_message_id, m.original_subject, m.original_from,
                    m.original_to, m.original_date, m.original_size, m.original_sha256,
                    m.signature_layout
                 FROM messages m WHERE m.id = ?1"
            ))?
            .query_row([id], |r| {
                let list = |i: usize| -> rusqlite::Result<Vec<String>> {
                    Ok(r.get::<_, Option<String>>(i)?
                        .and_then(|s| serde_json::from_str(&s).ok())
                        .unwrap_or_default())
                };
                let s = |i: usize| -> rusqlite::Result<Option<String>> { r.get(i) };
                let tipo: Option<String> = r.get(C + 9)?;
                let identificativo = s(C + 17)?;
                let daticert = if tipo.is_some() || identificativo.is_some() {
                    Some(StoredDaticert {
                        tipo,
                        errore: s(C + 10)?,
                        errore_esteso: s(C + 11)?,
                        mittente: s(C + 12)?,
                        risposte: s(C + 13)?,
                        oggetto: s(C + 14)?,
                        gestore_emittente: s(C + 15)?,
                        data: s(C + 16)?,
                        identificativo,
                        msgid: s(C + 18)?,
                        ricevuta: s(C + 19)?,
                        consegna: s(C + 20)?,
                        ricezione: list(C + 21)?,
                    })
                } else {
                    None
                };
                let original = match r.get::<_, Option<i64>>(C + 27)? {
                    Some(size) => Some(StoredOriginal {
                        message_id: s(C + 22)?,
                        subject: s(C + 23)?,
                        from: s(C + 24)?,
                        to: list(C + 25)?,
                        date: s(C + 26)?,
                        size: size as u64,
                        sha256: s(C + 28)?,
                    }),
                    None => None,
                };
                Ok(MessageDetail {
                    row: read_row(r)?,
                    sha256: r.get(C)?,
                    stored_at: DateTime::from_timestamp(r.get(9)?, 0),
                    analysis_version: r.get(C + 1)?,
                    outer: OuterHeaders {
                        subject: s(C + 2)?,
                        from: s(C + 3)?,
                        to: list(C + 4)?,
                        date: s(C + 5)?,
                        message_id: s(C + 6)?,
                        x_riferimento_message_id: s(C + 7)?,
                        x_tipo_ricevuta: s(C + 8)?,
                    },
                    daticert,
                    original,
                    signature_layout: r.get(C + 29)?,
                    recipients: Vec::new(),
                    attachments: Vec::new(),
                    copies: Vec::new(),
                    verification: None,
                })
            })
            .optional()?
            .ok_or(StoreError::NoSuchMessage(id))?;
        d.recipients = self
            .conn
            .prepare_cached(
                "SELECT address, tipo FROM recipients WHERE message_id = ?1 ORDER BY position",
            )?
            .query_map([id], |r| {
                let tipo: String = r.get(1)?;
                Ok(RecipientRecord {
                    address: r.get(0)?,
                    // Written with `as_str`: anything else is a damaged row, said as such.
                    tipo: RecipientType::parse(&tipo).ok_or_else(|| {
                        rusqlite::Error::FromSqlConversionFailure(
                            1,
                            rusqlite::types::Type::Text,
                            format!("recipient type {tipo:?}").into(),
                        )
                    })?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        d.attachments = self
            .conn
            .prepare_cached(
                "SELECT name, content_type, size, sha256, nested_kind FROM attachments
                 WHERE message_id = ?1 ORDER BY position",
            )?
            .query_map([id], |r| {
                Ok(AttachmentRecord {
                    name: r.get(0)?,
                    content_type: r.get(1)?,
                    size: r.get::<_, i64>(2)? as u64,
                    sha256: r.get(3)?,
                    nested_kind: r
                        .get::<_, Option<String>>(4)?
                        .as_deref()
                        .and_then(PecKind::parse),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        d.copies = self.copies(id)?;
        d.verification = self.verification(id)?;
        self.fill_deliveries(std::slice::from_mut(&mut d.row))?;
        Ok(d)
    }

    /// Where message `id` was found, oldest record first.
    pub fn copies(&self, id: i64) -> Result<Vec<CopyRecord>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT c.source, c.account, c.folder, c.uidvalidity, c.uid, c.uidl, c.path,
                        c.mbox_offset, c.is_sent, c.added_at, c.bytes_of, b.sha256
                 FROM copies c LEFT JOIN messages b ON b.id = c.bytes_of
                 WHERE c.message_id = ?1 ORDER BY c.id",
            )?
            .query_map([id], |r| {
                Ok(CopyRecord {
                    source: r.get(0)?,
                    account: r.get(1)?,
                    folder: r.get(2)?,
                    uidvalidity: r.get(3)?,
                    uid: r.get(4)?,
                    uidl: r.get(5)?,
                    path: r.get(6)?,
                    mbox_offset: r.get(7)?,
                    is_sent: r.get(8)?,
                    added_at: DateTime::from_timestamp(r.get(9)?, 0),
                    bytes_id: r.get(10)?,
                    bytes_sha256: r.get(11)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Full-text search with filters.
    ///
    /// Built for large stores: each filter becomes a set of ids read from a narrow index.
    /// Relevance order ranks every match, best first: messages whose subject or correspondents
    /// hold every word as a whole word, then those holding every word as a whole word
    /// anywhere (text, attachment names, certification data), then the same two with the words
    /// as word starts ("fattur" for "fatture"); newest first within each. Each tier walks its
    /// index newest first and stops once the page is full, so a word found in nearly every
    /// message costs no more than a rare one. Date order walks the date index and stops at the
    /// page.
    pub fn search(&self, q: &SearchQuery) -> Result<Vec<SearchHit>> {
        let mut sets: Vec<String> = Vec::new();
        let mut args: Vec<Value> = Vec::new();
        if let Some(k) = q.kind {
            sets.push("SELECT id FROM messages WHERE kind = ?".into());
            args.push(Value::Text(k.as_str().to_owned()));
        }
        match q.signature {
            Some(SignatureFilter::Unverified) => {
                sets.push("SELECT id FROM messages WHERE sig_status IS NULL".into())
            }
            Some(SignatureFilter::Status(s)) => {
                sets.push("SELECT id FROM messages WHERE sig_status = ?".into());
                args.push(Value::Text(s.as_str().to_owned()));
            }
            None => {}
        }
        if q.since.is_some() || q.until.is_some() {
            let mut c = Vec::new();
            if let Some(t) = q.since {
                c.push("sort_date >= ?");
                args.push(Value::Integer(t.timestamp()));
            }
            if let Some(t) = q.until {
                c.push("sort_date < ?");
                args.push(Value::Integer(t.timestamp()));
            }
            sets.push(format!(
                "SELECT id FROM messages INDEXED BY messages_sort WHERE {}",
                c.join(" AND ")
            ));
        }
        if q.folder.is_some() || q.account.is_some() {
            let mut c = Vec::new();
            if let Some(f) = &q.folder {
                c.push("folder = ?");
                args.push(Value::Text(f.clone()));
            }
            if let Some(a) = &q.account {
                c.push("account = ?");
                args.push(Value::Text(a.clone()));
            }
            sets.push(format!(
                "SELECT message_id FROM copies WHERE {}",
                c.join(" AND ")
            ));
        }
        if let Some(state) = q.state {
            let (cond, a) = state_condition(state, q.now.unwrap_or_else(Utc::now), &q.policy);
            sets.push(format!(
                "SELECT id FROM messages WHERE transmission_id IN
                   (SELECT r.transmission_id FROM timeline_rows r WHERE {cond})"
            ));
            args.extend(a);
        }
        let limit = if q.limit == 0 { 50 } else { q.limit };
        let fts = fts_query(&q.text);
        let ranked: Vec<(i64, f64)> = match (&fts, q.order) {
            (Some(_), SearchOrder::Relevance) => {
                self.ranked(&q.text, &sets, &args, q.offset, limit)?
            }
            _ => {
                let mut all = Vec::new();
                if let Some(m) = &fts {
                    sets.insert(0, "SELECT rowid FROM search WHERE search MATCH ?".into());
                    all.push(Value::Text(m.clone()));
                }
                all.extend(args);
                let filters: String = sets.iter().map(|s| format!(" AND m.id IN ({s})")).collect();
                // Bytes kept as another copy of a listed message are found through it.
                let filters = format!("WHERE m.copy_of IS NULL{filters}");
                let sql = format!(
                    "SELECT m.id FROM messages m INDEXED BY messages_sort {filters}
                     ORDER BY m.sort_date DESC, m.id DESC LIMIT {limit} OFFSET {}",
                    q.offset
                );
                self.conn
                    .prepare_cached(&sql)?
                    .query_map(params_from_iter(all), |r| Ok((r.get(0)?, 0.0)))?
                    .collect::<rusqlite::Result<_>>()?
            }
        };
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {ROW_COLUMNS} FROM messages m WHERE m.id = ?1"
        ))?;
        let mut hits = Vec::with_capacity(ranked.len());
        for (id, score) in ranked {
            if let Some(row) = stmt.query_row([id], read_row).optional()? {
                hits.push(SearchHit { row, score });
            }
        }
        drop(stmt);
        let mut rows: Vec<MessageRow> = hits.iter().map(|h| h.row.clone()).collect();
        self.fill_deliveries(&mut rows)?;
        for (h, r) in hits.iter_mut().zip(rows) {
            h.row = r;
        }
        Ok(hits)
    }

    /// The ids of the page `offset..offset + limit` of the relevance order of
    /// [`Store::search`], with their tier: each tier asked for the first `offset + limit`
    /// matches newest first (enough: fewer than that were taken before it), ids already taken
    /// by a better tier skipped. `filters` are id sets every match must be in.
    fn ranked(
        &self,
        text: &str,
        filters: &[String],
        args: &[Value],
        offset: usize,
        limit: usize,
    ) -> Result<Vec<(i64, f64)>> {
        let need = offset + limit;
        let mut taken: Vec<(i64, f64)> = Vec::new();
        let mut seen: HashSet<i64> = HashSet::new();
        // `+rowid` keeps the filter sets out of FTS5's planning (it would otherwise run one
        // full-text lookup per id of the set).
        let filters: String = filters
            .iter()
            .map(|s| format!(" AND +rowid IN ({s})"))
            .collect();
        for (tier, table, whole) in RELEVANCE_TIERS {
            if taken.len() >= need {
                break;
            }
            let terms = if whole {
                fts_whole_words(text)
            } else {
                fts_query(text)
            };
            let Some(terms) = terms else { break };
            let sql = format!(
                "SELECT rowid FROM {table} WHERE {table} MATCH ?{filters}
                 ORDER BY rowid DESC LIMIT {need}"
            );
            let mut all = vec![Value::Text(terms)];
            all.extend(args.iter().cloned());
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let mut rows = stmt.query(params_from_iter(all))?;
            while let Some(r) = rows.next()? {
                let id: i64 = r.get(0)?;
                if seen.insert(id) {
                    taken.push((id, f64::from(tier)));
                    if taken.len() >= need {
                        break;
                    }
                }
            }
        }
        Ok(taken.into_iter().skip(offset).collect())
    }

    /// Counts over the whole store.
    pub fn stats(&self) -> Result<Stats> {
        Ok(self.conn.query_row(
            "SELECT (SELECT count(*) FROM messages),
                    (SELECT count(*) FROM copies),
                    (SELECT count(*) FROM messages WHERE kind = 'illeggibile'),
                    (SELECT count(*) FROM messages
                     WHERE analysis_version < ?1 OR analysis_version > ?1),
                    (SELECT count(*) FROM transmissions WHERE counts_as_sent)",
            [super::ANALYSIS_VERSION],
            |r| {
                Ok(Stats {
                    messages: r.get::<_, i64>(0)? as usize,
                    copies: r.get::<_, i64>(1)? as usize,
                    unreadable: r.get::<_, i64>(2)? as usize,
                    pending: r.get::<_, i64>(3)? as usize,
                    timelines: r.get::<_, i64>(4)? as usize,
                })
            },
        )?)
    }
}
