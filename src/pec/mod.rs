//! The PEC model: given the raw bytes of one message, say what it is.
//!
//! Pure code: no I/O, no async, no SQL. [`classify`] never panics and never fails; a message that
//! cannot be read as mail at all is [`PecKind::Illeggibile`]. The caller keeps the raw bytes.
//!
//! Identification follows RFC 6109: `X-Trasporto` marks envelopes, `X-Ricevuta` marks receipts
//! and notices; the provider-signed `daticert.xml` that is a direct child of the signed part
//! carries the certified data. Outer headers are not covered by the signature, so where they
//! disagree with the signed data the signed data wins and a [`Warning`] says so.
//!
//! REM messages ("PEC europea", ETSI EN 319 532) are read by [`crate::pec::rem`] from the same
//! signed content and classified in the same vocabulary; [`certification::Certification`] is
//! the one view of what a provider certified, whether a daticert or a REM evidence says it.

pub mod body;
pub mod certification;
mod checks;
pub mod daticert;
pub mod kind;
pub mod mime;
pub mod rem;
pub mod signed;
pub mod summary;
pub mod timeline;
pub mod warning;

use mail_parser::{Message, MessageParser};

pub use daticert::{Daticert, DaticertDate, DaticertIssue, Destinatario, read_daticert};
pub use kind::{PecKind, ReceiptType, RecipientType};
pub use summary::{Attachment, Mailbox, MessageSummary};
pub use warning::{OuterField, Warning};

/// How deep forwarded PEC messages inside attachments are classified.
pub const NESTED_PEC_DEPTH: usize = 3;

/// The PEC headers and the usual headers of the outer message (none of them signed).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OuterHeaders {
    /// Subject, From, To, Cc, Date, Message-ID.
    pub summary: MessageSummary,
    /// `X-Trasporto`, as written.
    pub x_trasporto: Option<String>,
    /// `X-Ricevuta`, as written.
    pub x_ricevuta: Option<String>,
    /// `X-Riferimento-Message-ID`, as written.
    pub x_riferimento_message_id: Option<String>,
    /// `X-TipoRicevuta`, as written.
    pub x_tipo_ricevuta: Option<String>,
    /// `X-VerificaSicurezza`, as written.
    pub x_verifica_sicurezza: Option<String>,
    /// `X-Mittente`, as written.
    pub x_mittente: Option<String>,
    /// The raw `To:` and `Cc:` values, unfolded.
    pub raw_to_cc: String,
}

/// Where the provider signature sits in the message, as far as the structure tells.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum SignatureLayout {
    /// No signature structure at all.
    #[default]
    None,
    /// `multipart/signed`: the signed content is the first part, the signature the second.
    Detached {
        /// `protocol=` parameter, lower case.
        protocol: Option<String>,
        /// `micalg=` parameter, as written.
        micalg: Option<String>,
        /// True when the signed entity is not the message itself (re-wrapped by a list).
        nested: bool,
        /// True when the second part (the signature) is missing.
        signature_missing: bool,
    },
    /// `application/pkcs7-mime` signed-data: the content is inside the CMS structure.
    Opaque,
}

/// The original message carried in an envelope, anomaly or complete receipt (postacert.eml).
#[derive(Debug, Clone, PartialEq)]
pub struct OriginalMessage {
    /// Its exact bytes (transfer encoding removed when the part was encoded).
    pub bytes: Vec<u8>,
    /// File name of the part (normally `postacert.eml`).
    pub part_name: Option<String>,
    /// Headers and attachments.
    pub summary: MessageSummary,
    /// Its text body as a reader shows it first (mail-parser's first text part; empty when it
    /// has none), read in the same pass as the summary.
    pub text: String,
}

/// Everything the model knows about one message.
#[derive(Debug, Clone, PartialEq)]
pub struct Classification {
    /// What the message is.
    pub kind: PecKind,
    /// Delivery receipt type, for delivery receipts and envelopes.
    pub receipt_type: Option<ReceiptType>,
    /// The unsigned outer headers.
    pub headers: OuterHeaders,
    /// Certification data, when the message carries its own daticert.xml.
    pub daticert: Option<Daticert>,
    /// The exact decoded bytes of that daticert.xml.
    pub daticert_bytes: Option<Vec<u8>>,
    /// The carried original message.
    pub original: Option<OriginalMessage>,
    /// Where the signature is.
    pub signature: SignatureLayout,
    /// What a careful reader should know.
    pub warnings: Vec<Warning>,
    /// For a REM message: its headers, sections and signed evidence.
    pub rem: Option<Box<crate::pec::rem::RemMessage>>,
}

impl Classification {
    /// What [`classify`] says of a message larger than [`MAX_CLASSIFIED_BYTES`] (so that a
    /// caller who knows the size need not load the bytes).
    pub fn too_large() -> Self {
        let mut c = Classification::unreadable();
        c.warnings.push(Warning::TooLargeToAnalyse);
        c
    }

    fn unreadable() -> Self {
        Classification {
            kind: PecKind::Illeggibile,
            receipt_type: None,
            headers: OuterHeaders::default(),
            daticert: None,
            daticert_bytes: None,
            original: None,
            signature: SignatureLayout::None,
            warnings: Vec::new(),
            rem: None,
        }
    }

    /// What the provider certified: the daticert of a PEC message or the evidence of a REM
    /// message.
    pub fn certification(&self) -> Option<certification::Certification<'_>> {
        match (&self.rem, &self.daticert) {
            (Some(r), _) => Some(certification::Certification::Rem(r)),
            (None, Some(d)) => Some(certification::Certification::Daticert(d)),
            (None, None) => None,
        }
    }

    /// `pec` or `rem`: the format of the message (plain mail counts as `pec`).
    pub fn format(&self) -> certification::Format {
        if self.rem.is_some() {
            certification::Format::Rem
        } else {
            certification::Format::Pec
        }
    }

    /// The certified subject (daticert `oggetto`), else the original's, else the outer one.
    pub fn display_subject(&self) -> Option<&str> {
        self.certification()
            .and_then(|c| c.subject())
            .or_else(|| {
                self.original
                    .as_ref()
                    .and_then(|o| o.summary.subject.as_deref())
            })
            .or(self.headers.summary.subject.as_deref())
    }

    /// The certified sender (daticert `mittente`), else the original's From, else the outer one.
    pub fn display_sender(&self) -> Option<&str> {
        self.certification()
            .and_then(|c| c.sender())
            .or_else(|| {
                self.original
                    .as_ref()
                    .and_then(|o| o.summary.from.as_ref().map(|m| m.address.as_str()))
            })
            .or(self
                .headers
                .summary
                .from
                .as_ref()
                .map(|m| m.address.as_str()))
    }
}

/// A message as the PEC model reads it: its classification, where its signature is, and the
/// bytes its content was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    /// What the message is, read from [`Reading::content`] (or the whole message).
    pub classification: Classification,
    /// Where the signature is, found strictly ([`signed::locate`]).
    pub signature: signed::Located,
    /// For a detached signature: the bytes the content was read from, the unsigned envelope
    /// header fields followed by exactly the signed entity ([`signed::certified_reading`]).
    /// `None` when the message was read whole (no signature, an opaque one, or a structure
    /// that is not read as signed).
    pub content: Option<Vec<u8>>,
}

impl Reading {
    /// The bytes a reader takes the message's text and attachments from: the signed entity
    /// when there is one, else the message itself (`raw`).
    pub fn source<'a>(&'a self, raw: &'a [u8]) -> &'a [u8] {
        self.content.as_deref().unwrap_or(raw)
    }
}

/// Classifies one message. Never panics, whatever the input.
pub fn classify(raw: &[u8]) -> Classification {
    read(raw).classification
}

/// Reads one message: its content is taken from exactly the signed entity when the signature
/// is detached and the structure can be read one way only. Never panics, whatever the input.
pub fn read(raw: &[u8]) -> Reading {
    if raw.len() > MAX_CLASSIFIED_BYTES {
        // Far beyond any PEC message: the parser's copies of it would cost several times its
        // size in memory. The caller keeps the bytes; nothing is read from them.
        return Reading {
            classification: Classification::too_large(),
            signature: signed::Located::None,
            content: None,
        };
    }
    read_at_depth(raw, NESTED_PEC_DEPTH)
}

/// The largest message the model reads: 64 MiB. PEC messages are far smaller (Italian rules:
/// size × recipients ≤ 30 MB); a larger message is [`PecKind::Illeggibile`] with the warning
/// [`Warning::TooLargeToAnalyse`], its bytes untouched.
pub const MAX_CLASSIFIED_BYTES: usize = 64 * 1024 * 1024;

fn read_at_depth(raw: &[u8], depth: usize) -> Reading {
    // mail-parser promises not to panic; a guard keeps that promise for us if it ever breaks.
    std::panic::catch_unwind(|| read_inner(raw, depth)).unwrap_or_else(|_| {
        let mut c = Classification::unreadable();
        c.warnings.push(Warning::DamagedStructure);
        Reading {
            classification: c,
            signature: signed::Located::None,
            content: None,
        }
    })
}

fn classify_at_depth(raw: &[u8], depth: usize) -> Classification {
    read_at_depth(raw, depth).classification
}

fn read_inner(raw: &[u8], depth: usize) -> Reading {
    let unreadable = || Reading {
        classification: Classification::unreadable(),
        signature: signed::Located::None,
        content: None,
    };
    let Some(outer) = MessageParser::default().parse(raw) else {
        return unreadable();
    };
    if !looks_like_mail(&outer) {
        return unreadable();
    }
    let signature = signed::locate(raw, &outer);
    let layout = signature_layout(&outer);
    let content = match &signature {
        signed::Located::Detached(d) => Some(signed::certified_reading(raw, &outer, &d.content)),
        _ => None,
    };
    // The content is read from the signed entity alone when there is one; its root is then
    // the container of the PEC parts.
    let (msg, container) = match &content {
        Some(bytes) => match MessageParser::default().parse(bytes) {
            Some(m) => (m, Some(0)),
            None => return unreadable(),
        },
        None => {
            let container = layout.1;
            (outer, container)
        }
    };
    let mut classification = classify_parsed(&msg, layout.0, container, depth);
    if let signed::Located::Malformed(reason) = &signature {
        classification
            .warnings
            .push(Warning::AmbiguousSignedStructure { reason: *reason });
    }
    Reading {
        classification,
        signature,
        content,
    }
}

fn classify_parsed(
    msg: &Message<'_>,
    layout: SignatureLayout,
    container: Option<u32>,
    depth: usize,
) -> Classification {
    let view = mime::View::top(msg);
    let mut warnings = Vec::new();
    let headers = read_outer_headers(&view);
    let rem_headers = crate::pec::rem::read_headers(&view);
    let rem_sections = crate::pec::rem::sections(msg, &view, container);
    // REM when the signed content carries a REM evidence; on the unsigned REM headers alone
    // only when nothing in it is PEC (a REM header added to a PEC message does not make it
    // REM: its signed daticert and PEC headers decide).
    let rem_signed = !rem_sections.of("xml_evidence").is_empty();
    let pec_marked = headers.x_trasporto.is_some()
        || headers.x_ricevuta.is_some()
        || !pec_parts(msg, layout.clone(), container)
            .daticert_parts
            .is_empty();
    if rem_signed || (rem_headers.present() && !pec_marked) {
        return classify_rem(
            msg,
            &view,
            layout,
            headers,
            rem_headers,
            &rem_sections,
            depth,
        );
    }
    let header_kind = header_kind(&headers, &mut warnings);

    let structure = pec_parts(msg, layout, container);
    let mut daticert = None;
    let mut daticert_bytes = None;
    if let Some(&first) = structure.daticert_parts.first() {
        if structure.daticert_parts.len() > 1 {
            warnings.push(Warning::DuplicateDaticert {
                count: structure.daticert_parts.len(),
            });
        }
        if let Some(part) = mime::part(msg, first) {
            let bytes = mime::decoded_body(&view, part).to_vec();
            let reading = read_daticert(&bytes);
            warnings.extend(reading.issues.into_iter().map(Warning::DaticertIssue));
            daticert = Some(reading.daticert);
            daticert_bytes = Some(bytes);
        }
    }

    let daticert_kind = daticert.as_ref().and_then(|d| {
        let tipo = d.tipo.as_deref().unwrap_or("");
        let parsed = PecKind::from_daticert_tipo(tipo);
        if parsed.is_none() {
            warnings.push(Warning::UnknownDaticertTipo {
                value: tipo.chars().take(64).collect(),
            });
        }
        parsed
    });

    let kind = match (header_kind, daticert_kind) {
        (Some(PecKind::Anomalia), _) => PecKind::Anomalia,
        (Some(h), Some(d)) if h == d => h,
        (Some(h), Some(d)) => {
            warnings.push(Warning::KindMismatch {
                header: h,
                daticert: d,
            });
            d
        }
        (Some(h), None) => h,
        (None, Some(d)) if structure.signed => {
            warnings.push(Warning::HeadersMissing { daticert: d });
            d
        }
        (None, _) => PecKind::Ordinaria,
    };
    if kind == PecKind::Ordinaria {
        // A loose daticert in an ordinary message belongs to something forwarded, not to it.
        daticert = None;
        daticert_bytes = None;
        warnings.retain(|w| {
            !matches!(
                w,
                Warning::DaticertIssue(_)
                    | Warning::DuplicateDaticert { .. }
                    | Warning::UnknownDaticertTipo { .. }
            )
        });
    }

    let original = if kind == PecKind::Ordinaria {
        None
    } else {
        structure
            .original_part
            .and_then(|id| original_message(msg, &view, id, depth))
    };

    let receipt_type = receipt_type(kind, daticert.as_ref(), &headers, original.as_ref());

    if kind == PecKind::Ordinaria {
        let forwarded = count_forwarded_pec(&view, depth);
        if forwarded > 0 {
            warnings.push(Warning::ContainsForwardedPec { count: forwarded });
        }
    }

    let mut c = Classification {
        kind,
        receipt_type,
        headers,
        daticert,
        daticert_bytes,
        original,
        signature: structure.layout,
        warnings,
        rem: None,
    };
    if kind.is_pec() {
        checks::add_consistency_warnings(&mut c, header_kind);
    }
    if msg.parts.iter().any(|p| p.is_encoding_problem) && kind.is_pec() {
        c.warnings.push(Warning::DamagedStructure);
    }
    c
}

/// The message carried in part `id` (postacert.eml, AttachedMimeMessage): its exact bytes and
/// summary.
fn original_message(
    msg: &Message<'_>,
    view: &mime::View<'_, '_>,
    id: u32,
    depth: usize,
) -> Option<OriginalMessage> {
    let part = mime::part(msg, id)?;
    let bytes = mime::decoded_body(view, part);
    let bytes = bytes.as_ref();
    let text_of = |m: &Message<'_>| {
        m.body_text(0)
            .map(std::borrow::Cow::into_owned)
            .unwrap_or_default()
    };
    let (summary, text) = match view.nested(part) {
        Some(inner) => (
            summary::summarize(&inner, |b| nested(b, depth)),
            text_of(inner.msg),
        ),
        None => MessageParser::default()
            .parse(bytes)
            .map(|m| {
                (
                    summary::summarize(&mime::View::top(&m), |b| nested(b, depth)),
                    text_of(&m),
                )
            })
            .unwrap_or_default(),
    };
    Some(OriginalMessage {
        bytes: bytes.to_vec(),
        part_name: mime::file_name(part),
        summary,
        text,
    })
}

/// A REM message: read by [`crate::pec::rem`] from the signed sections, in the PEC vocabulary.
fn classify_rem(
    msg: &Message<'_>,
    view: &mime::View<'_, '_>,
    layout: SignatureLayout,
    headers: OuterHeaders,
    rem_headers: crate::pec::rem::RemHeaders,
    sections: &crate::pec::rem::Sections,
    depth: usize,
) -> Classification {
    let original = sections
        .of("original")
        .first()
        .and_then(|&id| original_message(msg, view, id, depth));
    let rem = crate::pec::rem::read(
        msg,
        view,
        rem_headers,
        sections,
        original.as_ref().map(|o| o.bytes.as_slice()),
    );
    let kind = rem.as_ref().map_or(PecKind::Ordinaria, |r| r.kind());
    let mut warnings: Vec<Warning> = rem
        .iter()
        .flat_map(|r| r.issues.iter().cloned().map(Warning::Rem))
        .collect();
    if rem.as_ref().is_some_and(|r| r.malware()) {
        warnings.push(Warning::VirusReported);
    }
    if msg.parts.iter().any(|p| p.is_encoding_problem) {
        warnings.push(Warning::DamagedStructure);
    }
    Classification {
        kind,
        receipt_type: None,
        headers,
        daticert: None,
        daticert_bytes: None,
        original,
        signature: layout,
        warnings,
        rem: rem.map(Box::new),
    }
}

fn nested(bytes: &[u8], depth: usize) -> Option<Box<Classification>> {
    if depth == 0 {
        return None;
    }
    let c = classify_at_depth(bytes, depth - 1);
    c.kind.is_pec().then(|| Box::new(c))
}

/// mail-parser accepts almost anything; a message needs at least one well-formed header field.
fn looks_like_mail(msg: &Message<'_>) -> bool {
    msg.headers().iter().any(|h| {
        let name = h.name();
        !name.is_empty() && name.bytes().all(|b| b.is_ascii_graphic() && b != b':')
    }) && !msg.parts.is_empty()
}

fn read_outer_headers(view: &mime::View<'_, '_>) -> OuterHeaders {
    let msg = view.msg;
    let to = summary::header_raw(view, "To").unwrap_or_default();
    let cc = summary::header_raw(view, "Cc").unwrap_or_default();
    let raw_to_cc = match (to.is_empty(), cc.is_empty()) {
        (false, false) => format!("{to}, {cc}"),
        (false, true) => to,
        (true, _) => cc,
    };
    OuterHeaders {
        summary: summary::headers_summary(msg),
        x_trasporto: summary::header_text(view, "X-Trasporto"),
        x_ricevuta: summary::header_text(view, "X-Ricevuta"),
        x_riferimento_message_id: summary::header_text(view, "X-Riferimento-Message-ID"),
        x_tipo_ricevuta: summary::header_text(view, "X-TipoRicevuta"),
        x_verifica_sicurezza: summary::header_text(view, "X-VerificaSicurezza"),
        x_mittente: summary::header_text(view, "X-Mittente"),
        raw_to_cc,
    }
}

fn header_kind(h: &OuterHeaders, warnings: &mut Vec<Warning>) -> Option<PecKind> {
    let trasporto =
        h.x_trasporto
            .as_deref()
            .and_then(|v| match v.trim().to_ascii_lowercase().as_str() {
                "posta-certificata" => Some(PecKind::PostaCertificata),
                "errore" => Some(PecKind::Anomalia),
                _ => {
                    warnings.push(Warning::UnknownHeaderValue {
                        header: "X-Trasporto".into(),
                        value: v.chars().take(64).collect(),
                    });
                    None
                }
            });
    let ricevuta = h.x_ricevuta.as_deref().and_then(|v| {
        let k = PecKind::from_ricevuta(v);
        if k.is_none() {
            warnings.push(Warning::UnknownHeaderValue {
                header: "X-Ricevuta".into(),
                value: v.chars().take(64).collect(),
            });
        }
        k
    });
    if h.x_trasporto.is_some() && h.x_ricevuta.is_some() {
        warnings.push(Warning::ConflictingHeaders);
    }
    trasporto.or(ricevuta)
}

/// The parts that make a PEC message, found by structure.
struct Structure {
    layout: SignatureLayout,
    signed: bool,
    daticert_parts: Vec<u32>,
    original_part: Option<u32>,
}

fn is_daticert_name(name: &str) -> bool {
    let n = name.trim().to_ascii_lowercase();
    n == "daticert.xml" || n == "certdata.xml"
}

/// How the outer message presents its signature (from its MIME tree), and which part holds
/// the PEC parts when the message is read whole.
fn signature_layout(msg: &Message<'_>) -> (SignatureLayout, Option<u32>) {
    let signed_id = mime::find_part(msg, |p| mime::content_type(p) == "multipart/signed");
    let opaque = mime::part(msg, 0).is_some_and(|p| {
        matches!(
            mime::content_type(p).as_str(),
            "application/pkcs7-mime" | "application/x-pkcs7-mime"
        )
    });
    match signed_id.and_then(|id| mime::part(msg, id).map(|p| (id, p))) {
        Some((id, signed)) => {
            let kids = mime::children(signed);
            let layout = SignatureLayout::Detached {
                protocol: mime::content_type_param(signed, "protocol")
                    .map(|s| s.trim().to_ascii_lowercase()),
                micalg: mime::content_type_param(signed, "micalg").map(|s| s.trim().to_owned()),
                nested: id != 0,
                signature_missing: kids.len() < 2,
            };
            (layout, kids.first().copied())
        }
        None if opaque => (SignatureLayout::Opaque, None),
        None => (SignatureLayout::None, Some(0)),
    }
}

/// The daticert and original parts among the direct children of `container`.
fn pec_parts(msg: &Message<'_>, layout: SignatureLayout, container: Option<u32>) -> Structure {
    let signed = matches!(layout, SignatureLayout::Detached { .. });
    let mut daticert_parts = Vec::new();
    let mut original_named = None;
    let mut original_any = None;
    if let Some(container) = container.and_then(|id| mime::part(msg, id)) {
        for &kid in mime::children(container) {
            let Some(p) = mime::part(msg, kid) else {
                continue;
            };
            let name = mime::file_name(p);
            if name.as_deref().is_some_and(is_daticert_name) {
                daticert_parts.push(kid);
            } else if mime::is_message_part(p) {
                if name
                    .as_deref()
                    .is_some_and(|n| n.trim().eq_ignore_ascii_case("postacert.eml"))
                {
                    original_named.get_or_insert(kid);
                } else {
                    original_any.get_or_insert(kid);
                }
            }
        }
    }
    Structure {
        layout,
        signed,
        daticert_parts,
        original_part: original_named.or(original_any),
    }
}

fn receipt_type(
    kind: PecKind,
    daticert: Option<&Daticert>,
    headers: &OuterHeaders,
    original: Option<&OriginalMessage>,
) -> Option<ReceiptType> {
    let declared = daticert
        .and_then(|d| d.ricevuta.as_deref())
        .and_then(ReceiptType::parse);
    match kind {
        PecKind::PostaCertificata => declared.or_else(|| {
            headers
                .x_tipo_ricevuta
                .as_deref()
                .and_then(ReceiptType::parse)
        }),
        PecKind::AvvenutaConsegna => declared.or_else(|| {
            Some(match original {
                None => ReceiptType::Sintetica,
                Some(o) if o.summary.attachments.iter().any(is_hash_placeholder) => {
                    ReceiptType::Breve
                }
                Some(_) => ReceiptType::Completa,
            })
        }),
        _ => None,
    }
}

/// A `breve` receipt replaces each attachment by `<name>.hash` holding a hex digest.
fn is_hash_placeholder(a: &Attachment) -> bool {
    a.name
        .as_deref()
        .is_some_and(|n| n.to_ascii_lowercase().ends_with(".hash"))
        && a.size <= 200
}

fn count_forwarded_pec(view: &mime::View<'_, '_>, depth: usize) -> usize {
    if depth == 0 {
        return 0;
    }
    view.msg
        .attachments
        .iter()
        .filter_map(|&id| mime::part(view.msg, id))
        .filter(|p| {
            mime::is_message_part(p) && nested(&mime::decoded_body(view, p), depth).is_some()
        })
        .count()
}

#[cfg(test)]
mod tests;
