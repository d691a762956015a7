//! Small, bounded helpers over mail-parser's MIME tree: content types, file names, the raw and
//! decoded bytes of a part, and walks that never recurse without limit.

use std::borrow::Cow;

use mail_parser::{Message, MessagePart, MimeHeaders, PartType};

/// Walks visit at most this many parts of one message level.
pub const MAX_PARTS_VISITED: usize = 200_000;

/// `type/subtype` in lower case, `text/plain` when the part has no Content-Type.
pub fn content_type(part: &MessagePart<'_>) -> String {
    match part.content_type() {
        Some(ct) => match ct.subtype() {
            Some(sub) => format!("{}/{}", ct.ctype(), sub).to_ascii_lowercase(),
            None => ct.ctype().to_ascii_lowercase(),
        },
        None => "text/plain".to_owned(),
    }
}

/// A Content-Type parameter, e.g. `protocol` or `micalg`.
pub fn content_type_param<'a>(part: &'a MessagePart<'_>, name: &str) -> Option<&'a str> {
    part.content_type().and_then(|ct| ct.attribute(name))
}

/// The file name of a part: Content-Disposition `filename`, else Content-Type `name`.
pub fn file_name(part: &MessagePart<'_>) -> Option<String> {
    part.attachment_name().map(|n| n.trim().to_owned())
}

/// A parsed message together with the coordinate system of its offsets.
///
/// mail-parser parses a nested `message/rfc822` part that has no transfer encoding in the same
/// pass as its parent: its `raw_message` is only the nested message's bytes, but the offsets of
/// its parts and headers stay relative to the outermost buffer of that pass. `base` is the
/// offset of `msg.raw_message()[0]` in that buffer (0 for a top-level or decoded message).
#[derive(Clone, Copy)]
pub struct View<'m, 'x> {
    /// The message.
    pub msg: &'m Message<'x>,
    /// Where its raw bytes start in the coordinates of its offsets.
    pub base: usize,
}

impl<'m, 'x> View<'m, 'x> {
    /// A top-level message.
    pub fn top(msg: &'m Message<'x>) -> Self {
        View { msg, base: 0 }
    }

    /// The message nested in `part`, if the part is one.
    pub fn nested(&self, part: &'m MessagePart<'x>) -> Option<View<'m, 'x>> {
        match &part.body {
            PartType::Message(inner) => Some(View {
                msg: inner,
                base: if part.encoding == mail_parser::Encoding::None {
                    part.offset_body as usize
                } else {
                    0
                },
            }),
            _ => None,
        }
    }

    /// Bytes between two offsets of this message's coordinate system, clamped to what exists.
    pub fn slice(&self, start: u32, end: u32) -> &'m [u8] {
        let raw = self.msg.raw_message();
        let start = (start as usize).saturating_sub(self.base).min(raw.len());
        let end = (end as usize)
            .saturating_sub(self.base)
            .clamp(start, raw.len());
        &raw[start..end]
    }
}

/// The bytes of a part's body as they appear in the message (still transfer-encoded).
pub fn raw_body<'m>(view: &View<'m, '_>, part: &MessagePart<'_>) -> &'m [u8] {
    view.slice(part.offset_body, part.offset_end)
}

/// The whole part, headers included, as it appears in the message.
pub fn raw_part<'m>(view: &View<'m, '_>, part: &MessagePart<'_>) -> &'m [u8] {
    view.slice(part.offset_header, part.offset_end)
}

/// The exact bytes of a leaf part once its transfer encoding is removed (no charset
/// conversion: what a user saves is what the sender attached). For a nested message this is the
/// message itself.
pub fn decoded_body<'m>(view: &View<'m, '_>, part: &'m MessagePart<'_>) -> Cow<'m, [u8]> {
    use mail_parser::Encoding;
    match &part.body {
        PartType::Message(_) if part.encoding == Encoding::None => {
            Cow::Borrowed(raw_body(view, part))
        }
        PartType::Message(inner) => Cow::Borrowed(inner.raw_message()),
        PartType::Multipart(_) => Cow::Borrowed(b""),
        PartType::Binary(b) | PartType::InlineBinary(b) => Cow::Borrowed(b.as_ref()),
        // Text was converted to UTF-8 by the parser; go back to the transferred bytes.
        PartType::Text(_) | PartType::Html(_) => {
            let raw = raw_body(view, part);
            let decoded = match part.encoding {
                Encoding::None => return Cow::Borrowed(raw),
                Encoding::Base64 => mail_parser::decoders::base64::base64_decode(raw),
                Encoding::QuotedPrintable => {
                    mail_parser::decoders::quoted_printable::quoted_printable_decode(raw)
                }
            };
            decoded
                .map(Cow::Owned)
                .unwrap_or_else(|| Cow::Borrowed(part.contents()))
        }
    }
}

/// Child part ids of a multipart part (empty for leaves).
pub fn children<'m>(part: &'m MessagePart<'_>) -> &'m [u32] {
    part.sub_parts().unwrap_or(&[])
}

/// The part with this id, if it exists.
pub fn part<'m, 'x>(msg: &'m Message<'x>, id: u32) -> Option<&'m MessagePart<'x>> {
    msg.parts.get(id as usize)
}

/// Breadth-first search from the root over multipart children only (never into nested
/// messages), returning the first part id that matches.
pub fn find_part(msg: &Message<'_>, mut pred: impl FnMut(&MessagePart<'_>) -> bool) -> Option<u32> {
    let mut queue = std::collections::VecDeque::from([0u32]);
    let mut visited = 0usize;
    while let Some(id) = queue.pop_front() {
        visited += 1;
        if visited > MAX_PARTS_VISITED {
            return None;
        }
        let Some(p) = part(msg, id) else { continue };
        if pred(p) {
            return Some(id);
        }
        queue.extend(children(p).iter().copied().filter(|&c| c > id));
    }
    None
}

/// Depth-first leaves (and nested messages) under `root`, not entering nested messages.
pub fn leaves(msg: &Message<'_>, root: u32) -> Vec<u32> {
    let mut out = Vec::new();
    let mut stack = vec![root];
    let mut visited = 0usize;
    while let Some(id) = stack.pop() {
        visited += 1;
        if visited > MAX_PARTS_VISITED {
            break;
        }
        let Some(p) = part(msg, id) else { continue };
        match &p.body {
            // Children always have larger ids than their parent; this also rules out loops.
            PartType::Multipart(kids) => {
                stack.extend(kids.iter().rev().copied().filter(|&c| c > id))
            }
            _ => out.push(id),
        }
    }
    out
}

/// True for `message/rfc822` (and `message/global`) parts.
pub fn is_message_part(part: &MessagePart<'_>) -> bool {
    matches!(part.body, PartType::Message(_))
        || matches!(
            content_type(part).as_str(),
            "message/rfc822" | "message/global"
        )
}
