//! Composing a PEC message: the model the compose window fills ([`Draft`]: To and Cc only —
//! PEC forbids hidden recipients, so there is no Bcc anywhere), the checks made before sending
//! (addresses, the provider's size × recipients rule, recipients probably outside PEC), judged
//! once by [`check_draft`] for both the compose window and `sigillo send`, the MIME message
//! itself (lettre builder, a unique Message-ID, `X-TipoRicevuta`), and drafts saved in the
//! profile folder.
//!
//! Every attachment goes out in base64, whatever its type. The provider certifies the message
//! in its SMTP (CRLF) form: a text file sent as `7bit` or quoted-printable would have its LF
//! line ends turned into CRLF on the way, so the provider would certify (and the recipient
//! receive) bytes that differ from the file, and the hash the sender's dossier lists would be
//! one the provider never saw. base64 is the only encoding no mail system rewrites.

use std::path::{Path, PathBuf};

use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue};
use lettre::message::{Attachment as MimeAttachment, Mailbox, MultiPart, SinglePart};
use serde::{Deserialize, Serialize};

use crate::account::Account;
use crate::account::presets::{domain_of, is_known_pec_domain};
use crate::pec::{ReceiptType, RecipientType};
use crate::store::{Store, StoreError};

/// One attachment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    /// File name shown to the recipient.
    pub name: String,
    /// MIME type (`application/pdf`); `application/octet-stream` when unknown.
    pub content_type: String,
    /// The bytes.
    #[serde(with = "b64")]
    pub bytes: Vec<u8>,
}

impl Attachment {
    /// An attachment from a file name and bytes, its type guessed from the extension.
    pub fn from_file(name: &str, bytes: Vec<u8>) -> Attachment {
        Attachment {
            name: name.to_owned(),
            content_type: guess_type(name).to_owned(),
            bytes,
        }
    }
}

mod b64 {
    use base64::Engine as _;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&base64::engine::general_purpose::STANDARD.encode(v))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let s = String::deserialize(d)?;
        base64::engine::general_purpose::STANDARD
            .decode(s)
            .map_err(serde::de::Error::custom)
    }
}

mod receipt_serde {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::pec::ReceiptType;

    pub fn serialize<S: Serializer>(v: &ReceiptType, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(v.as_str())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<ReceiptType, D::Error> {
        let s = String::deserialize(d)?;
        ReceiptType::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("receipt {s:?}")))
    }
}

fn default_receipt() -> ReceiptType {
    ReceiptType::Completa
}

/// The compose model: what the user writes. There is no Bcc field, by design.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// Recipients.
    #[serde(default)]
    pub to: Vec<String>,
    /// Recipients in copy (they get a short receipt's worth of proof, like To).
    #[serde(default)]
    pub cc: Vec<String>,
    /// Subject.
    #[serde(default)]
    pub subject: String,
    /// Plain-text body.
    #[serde(default)]
    pub body: String,
    /// Attachments.
    #[serde(default)]
    pub attachments: Vec<Attachment>,
    /// The delivery receipt asked for (`completa` by default).
    #[serde(default = "default_receipt", with = "receipt_serde")]
    pub receipt: ReceiptType,
    /// The Message-ID replied to (without angle brackets), for `In-Reply-To`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_reply_to: Option<String>,
    /// The thread's Message-IDs, oldest first (without angle brackets), for `References`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<String>,
    /// A notification (L. 53/1994): the delivery receipt must carry what was delivered, so
    /// `sintetica` is refused, and so is Cc (copy recipients get a `sintetica` receipt).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub notifica: bool,
}

impl Default for Draft {
    fn default() -> Self {
        Draft {
            to: Vec::new(),
            cc: Vec::new(),
            subject: String::new(),
            body: String::new(),
            attachments: Vec::new(),
            receipt: ReceiptType::Completa,
            in_reply_to: None,
            references: Vec::new(),
            notifica: false,
        }
    }
}

/// Why a message cannot be sent as it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ComposeError {
    /// PEC forbids hidden recipients.
    #[error("PEC does not allow hidden recipients (Bcc): put every recipient in To or Cc")]
    BccNotAllowed,
    /// Nobody in To.
    #[error("the message has no recipient in To")]
    NoRecipients,
    /// An address that cannot be used.
    #[error("{0:?} is not a valid e-mail address")]
    InvalidAddress(String),
    /// The provider would refuse it: size × recipients over the limit.
    #[error(
        "the message is {size} bytes for {recipients} recipients ({total} bytes in all): over the provider's limit of {limit} bytes"
    )]
    TooLarge {
        size: u64,
        recipients: u64,
        total: u64,
        limit: u64,
    },
    /// A raw message whose sender is not the account.
    #[error("the message is from {found}, but this account sends as {expected}")]
    WrongSender { expected: String, found: String },
    /// A raw message that cannot be read.
    #[error("the message cannot be read: {0}")]
    Unreadable(String),
    /// The MIME builder refused the message.
    #[error("the message cannot be built: {0}")]
    Build(String),
    /// A notification asks for a receipt that does not carry what was delivered.
    #[error(
        "a notification needs a completa delivery receipt: sintetica does not carry what was delivered"
    )]
    NotificaSintetica,
    /// A notification with copy recipients (they would get a sintetica receipt).
    #[error(
        "a notification's recipients go in To: copy recipients get a sintetica receipt, which does not carry what was delivered"
    )]
    NotificaCc,
}

/// A message ready to submit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Composed {
    /// The exact bytes to send and to store.
    pub raw: Vec<u8>,
    /// Its Message-ID, without angle brackets.
    pub message_id: String,
    /// The envelope sender (the account's address).
    pub from: String,
    /// Every recipient (To then Cc), as the SMTP envelope lists them.
    pub recipients: Vec<String>,
}

/// `X-TipoRicevuta`: the kind of delivery receipt asked for (RFC 6109 §3.1.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct XTipoRicevuta(pub ReceiptType);

impl Header for XTipoRicevuta {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("X-TipoRicevuta")
    }

    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        ReceiptType::parse(s)
            .map(XTipoRicevuta)
            .ok_or_else(|| format!("unknown receipt type {s:?}").into())
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.as_str().to_owned())
    }
}

/// The one rule that decides whether a recipient, as typed, is an address: it must read as a
/// mailbox (`anna@pec.it` or `Anna <anna@pec.it>`), the form the message is built with. The
/// compose window's checks and sending both use it, so the window never accepts an address
/// that sending refuses, nor the reverse.
pub fn parse_mailbox(s: &str) -> Result<Mailbox, ComposeError> {
    s.trim()
        .parse::<Mailbox>()
        .map_err(|_| ComposeError::InvalidAddress(s.trim().to_owned()))
}

/// Splits a recipient field as typed into one entry per mailbox: commas and semicolons
/// separate them, except inside a quoted name (`"Rossi, Anna" <anna@pec.it>`) or angle
/// brackets. Entries are trimmed and blank ones left out; each is judged by [`parse_mailbox`].
pub fn split_recipients(field: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let (mut quoted, mut escaped, mut angle) = (false, false, false);
    for c in field.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            '<' if !quoted => angle = true,
            '>' if !quoted => angle = false,
            ',' | ';' if !quoted && !angle => {
                out.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    out.push(current);
    out.into_iter()
        .map(|a| a.trim().to_owned())
        .filter(|a| !a.is_empty())
        .collect()
}

/// A new unique Message-ID (`<time.random@domain>`), without angle brackets.
pub fn new_message_id(from: &str) -> String {
    let mut r = [0u8; 12];
    let _ = openssl::rand::rand_bytes(&mut r);
    let domain = domain_of(from).unwrap_or_else(|| "sigillo.invalid".into());
    format!(
        "{}.{}@{}",
        chrono::Utc::now().timestamp_millis(),
        hex::encode(r),
        domain
    )
}

/// Checks the provider rule: message size × number of recipients within the limit.
pub fn check_size(size: usize, recipients: usize, limit: u64) -> Result<(), ComposeError> {
    let (size, recipients) = (size as u64, recipients.max(1) as u64);
    let total = size.saturating_mul(recipients);
    if total > limit {
        return Err(ComposeError::TooLarge {
            size,
            recipients,
            total,
            limit,
        });
    }
    Ok(())
}

/// Bytes the MIME structure adds besides the encoded content, at most: the envelope's header
/// fields and each part's (an estimate made before the message is built must not come out
/// smaller than the message `build` measures).
const MIME_OVERHEAD: u64 = 4096;

/// The encoded size of `n` bytes: base64 grows them by a third, and a line break every 76
/// characters.
fn base64_size(n: u64) -> u64 {
    let encoded = n.div_ceil(3) * 4;
    encoded + encoded.div_ceil(76) * 2
}

/// An upper bound of the size of the message a draft becomes, from the length of its subject
/// and body and of each attachment: for a window that checks the size rule before the files
/// are read. The text may go out quoted-printable or base64: counted as base64, the larger.
pub fn estimated_size(text_len: u64, attachment_lens: impl IntoIterator<Item = u64>) -> u64 {
    attachment_lens
        .into_iter()
        .fold(MIME_OVERHEAD + base64_size(text_len), |size, n| {
            size.saturating_add(MIME_OVERHEAD + base64_size(n))
        })
}

impl Draft {
    /// [`estimated_size`] of this draft, whose attachments are in memory.
    pub fn estimated_size(&self) -> u64 {
        estimated_size(
            (self.subject.len() + self.body.len()) as u64,
            self.attachments.iter().map(|a| a.bytes.len() as u64),
        )
    }

    /// The recipients as entered (To, then Cc), blank entries left out.
    fn entries(&self) -> impl Iterator<Item = &String> {
        self.to
            .iter()
            .chain(&self.cc)
            .filter(|a| !a.trim().is_empty())
    }
}

/// The rules about a draft's recipients and receipt, all of them broken in the order `build`
/// refuses them (each address as typed, To then Cc; no recipient in To; a notification's
/// receipt, then its copy recipients), with the mailboxes of To and Cc that do read.
fn recipient_rules(draft: &Draft) -> (Vec<Mailbox>, Vec<Mailbox>, Vec<ComposeError>) {
    let mut broken = Vec::new();
    let mut parse = |field: &[String]| -> Vec<Mailbox> {
        field
            .iter()
            .filter(|s| !s.trim().is_empty())
            .filter_map(|s| parse_mailbox(s).map_err(|e| broken.push(e)).ok())
            .collect()
    };
    let (to, cc) = (parse(&draft.to), parse(&draft.cc));
    if draft.to.iter().all(|s| s.trim().is_empty()) {
        broken.push(ComposeError::NoRecipients);
    }
    if draft.notifica && draft.receipt == ReceiptType::Sintetica {
        broken.push(ComposeError::NotificaSintetica);
    }
    if draft.notifica && draft.cc.iter().any(|s| !s.trim().is_empty()) {
        broken.push(ComposeError::NotificaCc);
    }
    (to, cc, broken)
}

/// One thing found in a draft before sending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DraftProblem {
    /// Sending refuses the draft for this reason.
    Blocks(ComposeError),
    /// The draft can go, but for this recipient no delivery receipt will probably come.
    Warns {
        /// The recipient's address.
        address: String,
        /// What is known about it.
        hint: RecipientHint,
    },
}

impl DraftProblem {
    /// True when sending refuses the draft.
    pub fn blocks(&self) -> bool {
        matches!(self, DraftProblem::Blocks(_))
    }
}

/// Everything that stops a draft from being sent, in the order sending refuses it, then a
/// warning for each recipient that will probably get no delivery receipt: what the compose
/// window shows and `sigillo send` refuses or warns about. `past` is what stored receipts said
/// of the recipients ([`PastReceipts::look_up`]); `account` is the sending account, whose size
/// limit applies and whose own domain counts as PEC (without one, the common 30 MB limit);
/// `size` is the message's size in bytes, measured on the built message when there is one,
/// else [`estimated_size`].
pub fn check_draft(
    past: &PastReceipts,
    account: Option<&Account>,
    draft: &Draft,
    size: u64,
) -> Vec<DraftProblem> {
    let (to, cc, broken) = recipient_rules(draft);
    let mut out: Vec<DraftProblem> = broken.into_iter().map(DraftProblem::Blocks).collect();
    let limit = account.map_or(
        crate::account::presets::DEFAULT_SIZE_TIMES_RECIPIENTS,
        |a| a.max_size_times_recipients,
    );
    let size = usize::try_from(size).unwrap_or(usize::MAX);
    if let Err(e) = check_size(size, draft.entries().count(), limit) {
        out.push(DraftProblem::Blocks(e));
    }
    let own = account.and_then(|a| domain_of(&a.address));
    for m in to.iter().chain(&cc) {
        let address = m.email.to_string();
        let hint = hint_for(&address, past, own.as_deref());
        if hint.warn() {
            out.push(DraftProblem::Warns { address, hint });
        }
    }
    out
}

/// Builds the message of a draft for an account, with all the checks made before sending.
pub fn build(account: &Account, draft: &Draft) -> Result<Composed, ComposeError> {
    let (to, cc, broken) = recipient_rules(draft);
    if let Some(first) = broken.into_iter().next() {
        return Err(first);
    }
    let from_addr = account
        .address
        .parse()
        .map_err(|_| ComposeError::InvalidAddress(account.address.clone()))?;
    let from = Mailbox::new(account.display_name.clone(), from_addr);
    let message_id = new_message_id(&account.address);
    let mut b = lettre::Message::builder()
        .from(from)
        .subject(draft.subject.clone())
        .message_id(Some(format!("<{message_id}>")))
        .date_now()
        .user_agent(format!("Sigillo {}", env!("CARGO_PKG_VERSION")))
        .header(XTipoRicevuta(draft.receipt));
    for m in &to {
        b = b.to(m.clone());
    }
    for m in &cc {
        b = b.cc(m.clone());
    }
    if let Some(id) = &draft.in_reply_to {
        b = b.in_reply_to(format!("<{}>", bare_id(id)));
    }
    if !draft.references.is_empty() {
        let refs: Vec<String> = draft
            .references
            .iter()
            .map(|r| format!("<{}>", bare_id(r)))
            .collect();
        b = b.references(refs.join(" "));
    }
    let text = SinglePart::plain(draft.body.clone());
    let message = if draft.attachments.is_empty() {
        b.singlepart(text)
    } else {
        let mut mp = MultiPart::mixed().singlepart(text);
        for a in &draft.attachments {
            mp = mp.singlepart(attachment_part(a));
        }
        b.multipart(mp)
    }
    .map_err(|e| ComposeError::Build(e.to_string()))?;
    let raw = message.formatted();
    let recipients: Vec<String> = to.iter().chain(&cc).map(|m| m.email.to_string()).collect();
    check_size(
        raw.len(),
        recipients.len(),
        account.max_size_times_recipients,
    )?;
    Ok(Composed {
        raw,
        message_id,
        from: account.address.clone(),
        recipients,
    })
}

/// A Message-ID without its angle brackets.
fn bare_id(id: &str) -> &str {
    id.trim().trim_start_matches('<').trim_end_matches('>')
}

/// The MIME part of an attachment. A whole message (`message/rfc822`, a forwarded signed
/// envelope or receipt) goes unchanged: as 7-bit text when its bytes allow it (RFC 2046 wants
/// no other encoding for an embedded message), else as an opaque `.eml` file in base64, which
/// decodes to the same bytes. Either way the recipient gets the exact bytes the provider
/// signed.
fn attachment_part(a: &Attachment) -> SinglePart {
    use lettre::message::Body;
    use lettre::message::header::{ContentDisposition, ContentTransferEncoding};
    let octets = || ContentType::parse("application/octet-stream").expect("valid");
    if a.content_type.eq_ignore_ascii_case("message/rfc822") {
        let body = Body::new_with_encoding(a.bytes.clone(), ContentTransferEncoding::SevenBit).ok();
        if let Some(body) = body.filter(|_| crlf_only(&a.bytes)) {
            return SinglePart::builder()
                .header(ContentType::parse("message/rfc822").expect("valid"))
                .header(ContentDisposition::attachment(&a.name))
                .body(body);
        }
        let body = Body::new_with_encoding(a.bytes.clone(), ContentTransferEncoding::Base64)
            .unwrap_or_else(Body::new);
        return SinglePart::builder()
            .header(octets())
            .header(ContentDisposition::attachment(&a.name))
            .body(body);
    }
    let ct = ContentType::parse(&a.content_type).unwrap_or_else(|_| octets());
    // Every other file goes in base64: 7bit or quoted-printable would let line ends change on
    // the way, and the provider would certify bytes that differ from the file.
    let body = Body::new_with_encoding(a.bytes.clone(), ContentTransferEncoding::Base64)
        .unwrap_or_else(Body::new);
    MimeAttachment::new(a.name.clone()).body(body, ct)
}

/// True when every line of `bytes` ends with CRLF (a bare LF or CR would be changed in transit).
fn crlf_only(bytes: &[u8]) -> bool {
    bytes.iter().enumerate().all(|(i, &b)| match b {
        b'\n' => i > 0 && bytes[i - 1] == b'\r',
        b'\r' => bytes.get(i + 1) == Some(&b'\n'),
        _ => true,
    })
}

/// Takes a message written elsewhere: it must be from the account, have a To and no Bcc,
/// a Message-ID, and respect the size rule. Its line ends are made CRLF first (the only form
/// SMTP carries, and the form the provider certifies), so that the copy stored as sent holds
/// the bytes that were sent.
pub fn from_raw(account: &Account, raw: &[u8]) -> Result<Composed, ComposeError> {
    let canonical = to_crlf(raw);
    let raw = canonical.as_slice();
    let header_end = find_header_end(raw);
    let head = String::from_utf8_lossy(&raw[..header_end]);
    let unfolded = head
        .replace("\r\n ", " ")
        .replace("\r\n\t", " ")
        .replace("\n ", " ");
    if unfolded
        .lines()
        .any(|l| l.len() >= 4 && l[..4].eq_ignore_ascii_case("bcc:"))
    {
        return Err(ComposeError::BccNotAllowed);
    }
    let parsed = mail_parser::MessageParser::default()
        .parse_headers(raw)
        .ok_or_else(|| ComposeError::Unreadable("no header section".into()))?;
    let addrs = |a: Option<&mail_parser::Address<'_>>| -> Vec<String> {
        a.map(|a| {
            a.iter()
                .filter_map(|x| x.address().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
    };
    let from = addrs(parsed.from());
    match from.as_slice() {
        [one] if one.eq_ignore_ascii_case(&account.address) => {}
        _ => {
            return Err(ComposeError::WrongSender {
                expected: account.address.clone(),
                found: from.join(", "),
            });
        }
    }
    let to = addrs(parsed.to());
    if to.is_empty() {
        return Err(ComposeError::NoRecipients);
    }
    let message_id = parsed
        .message_id()
        .map(str::to_owned)
        .ok_or_else(|| ComposeError::Unreadable("no Message-ID".into()))?;
    let recipients: Vec<String> = to.into_iter().chain(addrs(parsed.cc())).collect();
    check_size(
        raw.len(),
        recipients.len(),
        account.max_size_times_recipients,
    )?;
    Ok(Composed {
        raw: raw.to_vec(),
        message_id,
        from: account.address.clone(),
        recipients,
    })
}

/// Every bare LF and lone CR becomes CRLF; CRLF pairs stay as they are.
fn to_crlf(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len() + raw.len() / 32);
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            b'\r' if raw.get(i + 1) == Some(&b'\n') => {
                out.extend_from_slice(b"\r\n");
                i += 2;
                continue;
            }
            b'\r' | b'\n' => out.extend_from_slice(b"\r\n"),
            b => out.push(b),
        }
        i += 1;
    }
    out
}

fn find_header_end(raw: &[u8]) -> usize {
    raw.windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|p| p + 2)
        .or_else(|| raw.windows(2).position(|w| w == b"\n\n").map(|p| p + 1))
        .unwrap_or(raw.len())
}

/// What is known about a recipient before sending. Only the acceptance receipt will say for
/// sure whether a recipient is inside PEC; until then this is a hint, and says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RecipientHint {
    /// A stored, signed receipt classified this address as certified.
    CertifiedBefore,
    /// The domain belongs to a known PEC provider.
    ProbablyPec,
    /// A stored, signed receipt classified this address as outside PEC.
    ExternalBefore,
    /// Not a known PEC domain: probably outside PEC, so no delivery receipt would come.
    ProbablyNotPec,
}

impl RecipientHint {
    /// True when the user should be warned that no delivery receipt will probably come.
    pub fn warn(self) -> bool {
        matches!(
            self,
            RecipientHint::ExternalBefore | RecipientHint::ProbablyNotPec
        )
    }

    /// Stable spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            RecipientHint::CertifiedBefore => "certified-before",
            RecipientHint::ProbablyPec => "probably-pec",
            RecipientHint::ExternalBefore => "external-before",
            RecipientHint::ProbablyNotPec => "probably-not-pec",
        }
    }
}

/// What stored receipts said about some addresses: certified, outside PEC, or nothing. Looked
/// up once, so that a window can do it away from its drawing and judge the draft with it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PastReceipts {
    /// By address in lower case; `None` for an address no receipt named.
    known: std::collections::BTreeMap<String, Option<RecipientType>>,
}

impl PastReceipts {
    /// What the store's receipts said about each of `addresses`.
    pub fn look_up(store: &Store, addresses: &[String]) -> Result<PastReceipts, StoreError> {
        let mut known = std::collections::BTreeMap::new();
        for a in addresses {
            let key = a.trim().to_lowercase();
            if let std::collections::btree_map::Entry::Vacant(e) = known.entry(key) {
                e.insert(store.known_recipient_type(a)?);
            }
        }
        Ok(PastReceipts { known })
    }

    /// Adds what another lookup found (a later lookup of the same address wins).
    pub fn extend(&mut self, other: PastReceipts) {
        self.known.extend(other.known);
    }

    /// True when every one of `addresses` was looked up.
    pub fn covers(&self, addresses: &[String]) -> bool {
        addresses
            .iter()
            .all(|a| self.known.contains_key(&a.trim().to_lowercase()))
    }

    /// What a receipt said about `address`, if one did.
    fn of(&self, address: &str) -> Option<RecipientType> {
        self.known
            .get(&address.trim().to_lowercase())
            .copied()
            .flatten()
    }
}

/// The addresses of a draft's recipients that read as mailboxes (To, then Cc): those whose
/// past receipts matter.
pub fn recipient_addresses(draft: &Draft) -> Vec<String> {
    draft
        .entries()
        .filter_map(|a| parse_mailbox(a).ok())
        .map(|m| m.email.to_string())
        .collect()
}

/// The hint for one address: a past receipt first, then the domain (a known PEC provider's,
/// or the sending account's own).
fn hint_for(address: &str, past: &PastReceipts, own_domain: Option<&str>) -> RecipientHint {
    match past.of(address) {
        Some(RecipientType::Certificato) => RecipientHint::CertifiedBefore,
        Some(RecipientType::Esterno) => RecipientHint::ExternalBefore,
        None => match domain_of(address) {
            Some(d) if is_known_pec_domain(&d) || Some(d.as_str()) == own_domain => {
                RecipientHint::ProbablyPec
            }
            _ => RecipientHint::ProbablyNotPec,
        },
    }
}

/// The hint for each recipient of a draft that is an address (To, then Cc), for a list of
/// them all; an entry that is not an address gets none (sending refuses it). `past` is what
/// stored receipts said; the account's own domain counts as PEC. [`check_draft`] warns about
/// exactly those whose hint [`RecipientHint::warn`]s.
pub fn recipient_hints(
    past: &PastReceipts,
    account: &Account,
    draft: &Draft,
) -> Vec<(String, RecipientHint)> {
    let own = domain_of(&account.address);
    recipient_addresses(draft)
        .into_iter()
        .map(|address| {
            let hint = hint_for(&address, past, own.as_deref());
            (address, hint)
        })
        .collect()
}

/// A MIME type from a file name's extension (the common office and signed-document types).
pub fn guess_type(name: &str) -> &'static str {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "pdf" => "application/pdf",
        "p7m" => "application/pkcs7-mime",
        "p7s" => "application/pkcs7-signature",
        "xml" => "application/xml",
        "txt" => "text/plain",
        "htm" | "html" => "text/html",
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "zip" => "application/zip",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "odt" => "application/vnd.oasis.opendocument.text",
        "ods" => "application/vnd.oasis.opendocument.spreadsheet",
        "eml" => "message/rfc822",
        _ => "application/octet-stream",
    }
}

/// Drafts kept in the profile folder (`<profile>/drafts/<id>.json`, private to the user).
#[derive(Debug, Clone)]
pub struct Drafts {
    dir: PathBuf,
}

/// A saved draft in a listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftInfo {
    /// Its id.
    pub id: String,
    /// Subject.
    pub subject: String,
    /// Recipients in To.
    pub to: Vec<String>,
    /// Last saved (Unix seconds).
    pub modified: i64,
}

#[derive(Serialize, Deserialize)]
struct DraftFile {
    account: Option<String>,
    draft: Draft,
}

impl Drafts {
    /// The drafts of a profile folder.
    pub fn new(profile_dir: &Path) -> Drafts {
        Drafts {
            dir: profile_dir.join("drafts"),
        }
    }

    fn path(&self, id: &str) -> Option<PathBuf> {
        let ok = !id.is_empty()
            && id.len() <= 64
            && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        ok.then(|| self.dir.join(format!("{id}.json")))
    }

    /// Saves a draft (a new one when `id` is `None`); returns its id.
    pub fn save(
        &self,
        id: Option<&str>,
        account: Option<&str>,
        draft: &Draft,
    ) -> std::io::Result<String> {
        let id = match id {
            Some(i) => i.to_owned(),
            None => {
                let mut r = [0u8; 8];
                let _ = openssl::rand::rand_bytes(&mut r);
                format!("{}-{}", chrono::Utc::now().timestamp(), hex::encode(r))
            }
        };
        let path = self
            .path(&id)
            .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, "draft id"))?;
        std::fs::create_dir_all(&self.dir)?;
        let json = serde_json::to_vec_pretty(&DraftFile {
            account: account.map(str::to_owned),
            draft: draft.clone(),
        })
        .map_err(std::io::Error::other)?;
        let tmp = self.dir.join(format!(".{id}.tmp"));
        crate::profile::write_private(&tmp, &json)?;
        std::fs::rename(&tmp, &path)?;
        Ok(id)
    }

    /// Loads a draft and the account it was written for.
    pub fn load(&self, id: &str) -> std::io::Result<(Option<String>, Draft)> {
        let path = self
            .path(id)
            .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, "draft id"))?;
        let f: DraftFile = serde_json::from_slice(&std::fs::read(path)?)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
        Ok((f.account, f.draft))
    }

    /// Every saved draft, newest first (unreadable files are skipped).
    pub fn list(&self) -> std::io::Result<Vec<DraftInfo>> {
        let mut out = Vec::new();
        let rd = match std::fs::read_dir(&self.dir) {
            Ok(r) => r,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
            Err(e) => return Err(e),
        };
        for e in rd.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let Some(id) = name.strip_suffix(".json") else {
                continue;
            };
            let Ok((_, d)) = self.load(id) else { continue };
            let modified = e
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map(|d| d.as_secs() as i64)
                .unwrap_or(0);
            out.push(DraftInfo {
                id: id.to_owned(),
                subject: d.subject,
                to: d.to,
                modified,
            });
        }
        out.sort_by(|a, b| b.modified.cmp(&a.modified).then(b.id.cmp(&a.id)));
        Ok(out)
    }

    /// Deletes a draft (after it was sent, or on request).
    pub fn delete(&self, id: &str) -> std::io::Result<()> {
        let path = self
            .path(id)
            .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, "draft id"))?;
        std::fs::remove_file(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::presets;
    use crate::verify::{AnchorSource, TrustList};

    fn account() -> Account {
        Account::from_preset("studio", "mario@pec.it", presets::preset("aruba").unwrap())
    }

    fn draft() -> Draft {
        Draft {
            to: vec!["Anna <anna@legalmail.it>".into()],
            cc: vec!["luca@example.com".into()],
            subject: "Contratto n. 12 — firmato".into(),
            body: "In allegato il contratto.\n".into(),
            attachments: vec![Attachment::from_file(
                "contratto.pdf",
                b"%PDF-1.4 x".to_vec(),
            )],
            receipt: ReceiptType::Breve,
            ..Draft::default()
        }
    }

    #[test]
    fn a_draft_becomes_a_pec_message_with_receipt_type_and_unique_id() {
        let c = build(&account(), &draft()).unwrap();
        let text = String::from_utf8_lossy(&c.raw);
        assert!(text.contains("X-TipoRicevuta: breve\r\n"), "{text}");
        assert!(text.contains(&format!("Message-ID: <{}>", c.message_id)));
        assert!(!text.to_ascii_lowercase().contains("\nbcc:"));
        assert_eq!(c.recipients, ["anna@legalmail.it", "luca@example.com"]);
        let parsed = mail_parser::MessageParser::default().parse(&c.raw).unwrap();
        assert_eq!(parsed.subject(), Some("Contratto n. 12 — firmato"));
        assert_eq!(parsed.attachment_count(), 1);
        let c2 = build(&account(), &draft()).unwrap();
        assert_ne!(c.message_id, c2.message_id);
        assert!(c.message_id.ends_with("@pec.it"));
    }

    /// The header section of each body part of a multipart message, and its decoded body.
    fn parts(raw: &[u8]) -> Vec<(String, Vec<u8>)> {
        let parsed = mail_parser::MessageParser::default().parse(raw).unwrap();
        parsed
            .parts
            .iter()
            .skip(1)
            .map(|p| {
                let head =
                    String::from_utf8_lossy(&raw[p.offset_header as usize..p.offset_body as usize])
                        .into_owned();
                (head, p.contents().to_vec())
            })
            .collect()
    }

    #[test]
    fn every_attachment_goes_out_in_base64_with_its_exact_bytes() {
        // Files a 7bit or quoted-printable encoding would alter on the way: LF line ends, a
        // line that is only a dot, "From " at a line start, trailing spaces, no final line
        // end, a lone CR, accented text, and a PDF that happens to be plain ASCII.
        let files: Vec<(&str, Vec<u8>)> = vec![
            (
                "verbale.txt",
                b"Verbale n. 3\npunto uno\n.\nFrom the board\n".to_vec(),
            ),
            (
                "note.txt",
                "riga con spazi   \nperché così\nfine".as_bytes().to_vec(),
            ),
            ("dati.csv", b"a;b\rc;d\r\n".to_vec()),
            ("atto.xml", b"<?xml version=\"1.0\"?>\n<atto/>\n".to_vec()),
            ("contratto.pdf", b"%PDF-1.4 x\n".to_vec()),
        ];
        let mut d = draft();
        d.attachments = files
            .iter()
            .map(|(n, b)| Attachment::from_file(n, b.clone()))
            .collect();
        let c = build(&account(), &d).unwrap();
        // The whole message is in SMTP form: no bare LF, no lone CR.
        assert!(
            to_crlf(&c.raw) == c.raw,
            "a bare LF or lone CR in the message"
        );
        let parts = parts(&c.raw);
        assert_eq!(parts.len(), files.len() + 1, "the text and each file");
        for ((name, bytes), (head, decoded)) in files.iter().zip(&parts[1..]) {
            assert!(
                head.contains("Content-Transfer-Encoding: base64\r\n"),
                "{name}: {head}"
            );
            assert!(head.contains(name), "{head}");
            assert_eq!(&decoded, &bytes, "{name} decodes to the file's bytes");
        }
    }

    #[test]
    fn a_raw_message_is_stored_in_the_crlf_form_it_is_sent_in() {
        let lf =
            b"From: mario@pec.it\nTo: anna@pec.it\nMessage-ID: <y@pec.it>\n\nriga\r\naltra\rfine\n";
        let c = from_raw(&account(), lf).unwrap();
        assert_eq!(
            c.raw,
            b"From: mario@pec.it\r\nTo: anna@pec.it\r\nMessage-ID: <y@pec.it>\r\n\r\nriga\r\naltra\r\nfine\r\n"
        );
        let bcc =
            b"From: mario@pec.it\nTo: anna@pec.it\nBcc: n@pec.it\nMessage-ID: <y@pec.it>\n\nb\n";
        assert_eq!(from_raw(&account(), bcc), Err(ComposeError::BccNotAllowed));
    }

    #[test]
    fn a_forwarded_message_arrives_byte_for_byte_and_a_reply_keeps_the_thread() {
        // A signed envelope as providers write it (CRLF, 7-bit) and one that is not (bare LF,
        // 8-bit): both come out of the sent message exactly as they went in.
        let clean = b"From: posta-certificata@pec.it\r\nSubject: POSTA CERTIFICATA: x\r\n\r\nMIIB firmato\r\n".to_vec();
        let dirty = "From: a@pec.it\nSubject: caffè\n\nrighe\rcon a capo strani\n"
            .as_bytes()
            .to_vec();
        for (raw, embedded) in [(clean, true), (dirty, false)] {
            let mut d = draft();
            d.attachments = vec![Attachment {
                name: "busta-pec.eml".into(),
                content_type: "message/rfc822".into(),
                bytes: raw.clone(),
            }];
            d.in_reply_to = Some("<orig-1@pec.alfa.it>".into());
            d.references = vec!["prima@pec.alfa.it".into(), "orig-1@pec.alfa.it".into()];
            let c = build(&account(), &d).unwrap();
            let text = String::from_utf8_lossy(&c.raw);
            assert!(
                text.contains("In-Reply-To: <orig-1@pec.alfa.it>\r\n"),
                "{text}"
            );
            assert!(text.contains("References: <prima@pec.alfa.it> <orig-1@pec.alfa.it>\r\n"));
            assert_eq!(
                text.contains("Content-Type: message/rfc822"),
                embedded,
                "{text}"
            );
            let (name, bytes) = crate::pec::body::attachment(&c.raw, 0).expect("the attachment");
            assert_eq!(name.as_deref(), Some("busta-pec.eml"));
            assert_eq!(bytes, raw, "byte for byte");
        }
    }

    #[test]
    fn completa_is_the_default_receipt() {
        let d = Draft {
            to: vec!["a@pec.it".into()],
            ..Draft::default()
        };
        let c = build(&account(), &d).unwrap();
        assert!(String::from_utf8_lossy(&c.raw).contains("X-TipoRicevuta: completa\r\n"));
    }

    #[test]
    fn a_notification_refuses_sintetica_and_cc() {
        let notifica = Draft {
            to: vec!["a@pec.it".into()],
            notifica: true,
            ..Draft::default()
        };
        let c = build(&account(), &notifica).unwrap();
        assert!(String::from_utf8_lossy(&c.raw).contains("X-TipoRicevuta: completa\r\n"));
        let sintetica = Draft {
            receipt: ReceiptType::Sintetica,
            ..notifica.clone()
        };
        assert_eq!(
            build(&account(), &sintetica),
            Err(ComposeError::NotificaSintetica)
        );
        let with_cc = Draft {
            cc: vec!["b@pec.it".into()],
            ..notifica.clone()
        };
        assert_eq!(build(&account(), &with_cc), Err(ComposeError::NotificaCc));
        // Without the mark both are allowed.
        assert!(
            build(
                &account(),
                &Draft {
                    notifica: false,
                    ..sintetica
                }
            )
            .is_ok()
        );
    }

    #[test]
    fn no_recipient_or_a_bad_address_is_refused() {
        let mut d = draft();
        d.to.clear();
        assert_eq!(build(&account(), &d), Err(ComposeError::NoRecipients));
        let mut d = draft();
        d.cc.push("not an address".into());
        assert!(matches!(
            build(&account(), &d),
            Err(ComposeError::InvalidAddress(_))
        ));
    }

    #[test]
    fn the_size_rule_counts_every_recipient() {
        assert!(check_size(10_000_000, 3, 30_000_000).is_ok());
        match check_size(10_000_001, 3, 30_000_000) {
            Err(ComposeError::TooLarge { total, .. }) => assert_eq!(total, 30_000_003),
            other => panic!("{other:?}"),
        }
        let mut a = account();
        a.max_size_times_recipients = 10_000;
        let mut d = draft();
        d.attachments = vec![Attachment::from_file("big.bin", vec![7u8; 4_000])];
        // ~5.5 kB of base64 × 2 recipients > 10 kB.
        assert!(matches!(
            build(&a, &d),
            Err(ComposeError::TooLarge { recipients: 2, .. })
        ));
        d.cc.clear();
        assert!(build(&a, &d).is_ok());
    }

    #[test]
    fn raw_messages_with_bcc_or_another_sender_are_refused() {
        let ok = b"From: mario@pec.it\r\nTo: anna@pec.it\r\nMessage-ID: <x@pec.it>\r\nSubject: s\r\n\r\nbody\r\n";
        let c = from_raw(&account(), ok).unwrap();
        assert_eq!(c.recipients, ["anna@pec.it"]);
        assert_eq!(c.message_id, "x@pec.it");
        let bcc = b"From: mario@pec.it\r\nTo: anna@pec.it\r\nBCC: nascosto@pec.it\r\nMessage-ID: <x@pec.it>\r\n\r\nbody\r\n";
        assert_eq!(from_raw(&account(), bcc), Err(ComposeError::BccNotAllowed));
        let other = b"From: altro@pec.it\r\nTo: anna@pec.it\r\nMessage-ID: <x@pec.it>\r\n\r\nb\r\n";
        assert!(matches!(
            from_raw(&account(), other),
            Err(ComposeError::WrongSender { .. })
        ));
    }

    #[test]
    fn recipients_outside_known_pec_domains_are_flagged_honestly() {
        let hints = recipient_hints(&PastReceipts::default(), &account(), &draft());
        assert_eq!(
            hints,
            [
                ("anna@legalmail.it".to_owned(), RecipientHint::ProbablyPec),
                ("luca@example.com".to_owned(), RecipientHint::ProbablyNotPec),
            ]
        );
        assert!(hints[1].1.warn() && !hints[0].1.warn());
    }

    /// The first blocking problem `check_draft` finds is the error `build` refuses the same
    /// draft with, rule by rule; a draft it finds nothing to block in is built.
    #[test]
    fn check_draft_blocks_exactly_what_build_refuses() {
        let base = Draft {
            to: vec!["anna@legalmail.it".into()],
            ..Draft::default()
        };
        let cases: Vec<(Draft, Option<ComposeError>)> = vec![
            (base.clone(), None),
            (
                Draft {
                    to: vec!["Anna Bianchi <anna@legalmail.it>".into(), " ".into()],
                    cc: vec!["\"Rossi, Mario\" <mario@legalmail.it>".into()],
                    ..base.clone()
                },
                None,
            ),
            (
                Draft {
                    to: vec![],
                    ..base.clone()
                },
                Some(ComposeError::NoRecipients),
            ),
            (
                Draft {
                    to: vec!["mario..rossi@legalmail.it".into()],
                    ..base.clone()
                },
                Some(ComposeError::InvalidAddress(
                    "mario..rossi@legalmail.it".into(),
                )),
            ),
            (
                Draft {
                    to: vec![],
                    cc: vec!["non un indirizzo".into()],
                    ..base.clone()
                },
                Some(ComposeError::InvalidAddress("non un indirizzo".into())),
            ),
            (
                Draft {
                    notifica: true,
                    receipt: ReceiptType::Sintetica,
                    cc: vec!["b@legalmail.it".into()],
                    ..base.clone()
                },
                Some(ComposeError::NotificaSintetica),
            ),
            (
                Draft {
                    notifica: true,
                    cc: vec!["b@legalmail.it".into()],
                    ..base.clone()
                },
                Some(ComposeError::NotificaCc),
            ),
        ];
        for (d, refused) in cases {
            let built = build(&account(), &d);
            let size = built
                .as_ref()
                .map_or_else(|_| d.estimated_size(), |c| c.raw.len() as u64);
            let first = check_draft(&PastReceipts::default(), Some(&account()), &d, size)
                .into_iter()
                .find(DraftProblem::blocks);
            assert_eq!(built.as_ref().err(), refused.as_ref(), "{d:?}");
            assert_eq!(first, refused.map(DraftProblem::Blocks), "{d:?}");
        }
    }

    #[test]
    fn check_draft_applies_the_sending_accounts_size_limit() {
        let mut a = account();
        a.max_size_times_recipients = 10_000;
        let mut d = draft();
        d.attachments = vec![Attachment::from_file("big.bin", vec![7u8; 4_000])];
        let size = d.estimated_size();
        assert!(size > 5_000 && size < 15_000, "{size}");
        let too_large = |account: Option<&Account>| {
            check_draft(&PastReceipts::default(), account, &d, size)
                .into_iter()
                .find_map(|p| match p {
                    DraftProblem::Blocks(ComposeError::TooLarge {
                        limit, recipients, ..
                    }) => Some((limit, recipients)),
                    _ => None,
                })
        };
        assert_eq!(too_large(Some(&a)), Some((10_000, 2)));
        assert!(matches!(
            build(&a, &d),
            Err(ComposeError::TooLarge { limit: 10_000, .. })
        ));
        // Without an account, the common 30 MB.
        assert_eq!(too_large(None), None);
        // The estimate made before the files are read is never below the built size.
        d.attachments = vec![Attachment::from_file("a.txt", b"riga\n".repeat(50_000))];
        let built = build(&account(), &d).unwrap();
        assert!(d.estimated_size() >= built.raw.len() as u64);
    }

    #[test]
    fn a_recipient_field_splits_between_mailboxes_only() {
        assert_eq!(
            split_recipients(
                " anna@legalmail.it; \"Rossi, Mario\" <mario@legalmail.it>,,Luca <luca@x.it> ; "
            ),
            [
                "anna@legalmail.it",
                "\"Rossi, Mario\" <mario@legalmail.it>",
                "Luca <luca@x.it>"
            ]
        );
        // A quoted backslash-escaped quote does not end the name.
        assert_eq!(
            split_recipients("\"Il \\\"Capo\\\", ufficio\" <capo@x.it>, b@x.it").len(),
            2
        );
        assert!(split_recipients(" , ; ").is_empty());
    }

    /// Past receipts win over the domain: an address a stored receipt placed outside PEC is
    /// warned about on a PEC provider's domain, one it certified is not warned about on an
    /// unknown domain; the account's own domain counts as PEC.
    #[test]
    fn stored_receipts_decide_hints_and_warnings() {
        let profile = tempfile::tempdir().unwrap();
        let mut store = Store::open(profile.path()).unwrap();
        let (receipt, root) = sigillo_test_provider::message::accettazione_for(
            "mario@pec.it",
            &["nuova@studio-esempio.it"],
            &["vecchio@legalmail.it"],
        );
        let source = crate::store::Source::Import {
            path: "accettazione.eml".into(),
            offset: None,
            account: None,
            folder: None,
        };
        store.ingest(&receipt, &source).unwrap();
        let unchecked =
            PastReceipts::look_up(&store, &["vecchio@legalmail.it".to_owned()]).unwrap();
        assert_eq!(unchecked.of("vecchio@legalmail.it"), None);
        // Unchecked, the receipt says nothing about its recipients; found valid, it does.
        store
            .verify_pending(
                &TrustList::from_anchors(vec![root], AnchorSource::Extra),
                chrono::Utc::now(),
                &mut |_, _| {},
            )
            .unwrap();
        let d = Draft {
            to: vec![
                "Vecchio <VECCHIO@legalmail.it>".into(),
                "nuova@studio-esempio.it".into(),
            ],
            cc: vec!["collega@pec.it".into(), "altro@gmail.com".into()],
            ..Draft::default()
        };
        let past = PastReceipts::look_up(&store, &recipient_addresses(&d)).unwrap();
        assert!(past.covers(&recipient_addresses(&d)));
        assert_eq!(
            recipient_hints(&past, &account(), &d),
            [
                ("VECCHIO@legalmail.it".into(), RecipientHint::ExternalBefore),
                (
                    "nuova@studio-esempio.it".into(),
                    RecipientHint::CertifiedBefore
                ),
                ("collega@pec.it".into(), RecipientHint::ProbablyPec),
                ("altro@gmail.com".into(), RecipientHint::ProbablyNotPec),
            ]
        );
        // An entry that is no address gets no hint: sending refuses it, and nobody is
        // warned about it as a recipient (the window does the same).
        let with_bad = Draft {
            cc: vec!["x..y@gmail.com".into()],
            ..d.clone()
        };
        assert_eq!(recipient_hints(&past, &account(), &with_bad).len(), 2);
        assert!(
            !check_draft(&past, Some(&account()), &with_bad, 1_000)
                .iter()
                .any(
                    |p| matches!(p, DraftProblem::Warns { address, .. } if address.contains("x..y"))
                )
        );
        let size = build(&account(), &d).unwrap().raw.len() as u64;
        assert_eq!(
            check_draft(&past, Some(&account()), &d, size),
            [
                DraftProblem::Warns {
                    address: "VECCHIO@legalmail.it".into(),
                    hint: RecipientHint::ExternalBefore
                },
                DraftProblem::Warns {
                    address: "altro@gmail.com".into(),
                    hint: RecipientHint::ProbablyNotPec
                },
            ]
        );
        // Without what the receipts said, the domains alone decide.
        let none = check_draft(&PastReceipts::default(), Some(&account()), &d, size);
        assert_eq!(none.len(), 2);
        assert!(none.iter().all(|p| matches!(
            p,
            DraftProblem::Warns {
                hint: RecipientHint::ProbablyNotPec,
                ..
            }
        )));
    }

    #[test]
    fn drafts_are_saved_listed_loaded_and_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let drafts = Drafts::new(dir.path());
        assert!(drafts.list().unwrap().is_empty());
        let id = drafts.save(None, Some("studio"), &draft()).unwrap();
        let (acc, d) = drafts.load(&id).unwrap();
        assert_eq!(acc.as_deref(), Some("studio"));
        assert_eq!(d, draft());
        let again = drafts.save(Some(&id), None, &Draft::default()).unwrap();
        assert_eq!(again, id);
        assert_eq!(drafts.list().unwrap().len(), 1);
        assert!(drafts.load("../../etc/passwd").is_err());
        drafts.delete(&id).unwrap();
        assert!(drafts.list().unwrap().is_empty());
    }
}
