//! Replying to and forwarding a message: the draft to write, prepared from what was certified.
//!
//! A reply to a received PEC quotes the certified original (the `postacert.eml` the verifier took
//! out of the signed envelope), never the unsigned outer text the provider wrapped around it;
//! it addresses the original's sender (its Reply-To, else its From) and keeps the thread
//! (`In-Reply-To` and `References` from the original's Message-ID). A PEC envelope whose
//! original cannot be read is not quoted at all: the reply says why rather than quote text
//! nobody vouched for. "Forward as proof" attaches the whole signed envelope or receipt,
//! byte for byte, as an `.eml`, so that the recipient can check the provider's signature
//! themselves.

use mail_parser::{HeaderValue, MessageParser};

use super::compose::{Attachment, Draft};
use crate::i18n::{Lang, arg, tr, tr_args};

/// What to prepare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplyKind {
    /// To the sender.
    Reply,
    /// To the sender, with the other recipients in Cc.
    ReplyAll,
    /// The text and attachments, to someone else.
    Forward,
    /// The whole signed message, unchanged, as an attachment.
    ForwardAsProof,
}

/// The message replied to.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    /// The message as stored (the signed envelope, receipt or ordinary message): what a
    /// forward as proof carries.
    pub raw: &'a [u8],
    /// What was shown of a message that is not an envelope: exactly its signed entity when it
    /// has a readable signature, else `raw`. Replies quote it and forwards carry its
    /// attachments, never text or parts around the signature.
    pub content: &'a [u8],
    /// The original carried in the envelope (postacert.eml), as the verifier took it out.
    pub certified_original: Option<&'a [u8]>,
    /// True for a PEC envelope or an anomaly envelope: its outer text is the provider's
    /// wrapping, never what the sender wrote.
    pub envelope: bool,
}

/// Why no draft could be prepared.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReplyError {
    /// The envelope carries no readable original: there is nothing certified to quote.
    #[error("the envelope carries no readable original message to quote")]
    NoOriginal,
    /// The message cannot be read as mail.
    #[error("the message cannot be read")]
    Unreadable,
}

/// A draft ready for the compose screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    /// The draft.
    pub draft: Draft,
    /// The addresses the original was sent to (To and Cc), to choose the account to reply from.
    pub original_recipients: Vec<String>,
}

/// Prepares a reply or a forward. `own` are the user's addresses (left out of "reply all").
pub fn prepare(
    kind: ReplyKind,
    source: &Source<'_>,
    own: &[String],
    lang: Lang,
) -> Result<Prepared, ReplyError> {
    let content = match (source.certified_original, source.envelope) {
        (Some(o), _) => o,
        (None, false) => source.content,
        (None, true) if kind == ReplyKind::ForwardAsProof => source.raw,
        (None, true) => return Err(ReplyError::NoOriginal),
    };
    let m = MessageParser::default()
        .parse(content)
        .ok_or(ReplyError::Unreadable)?;
    let addresses = |a: Option<&mail_parser::Address<'_>>| -> Vec<String> {
        a.map(|a| {
            a.iter()
                .filter_map(|x| x.address().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
    };
    let from = addresses(m.from());
    let reply_to = addresses(m.reply_to());
    let to = addresses(m.to());
    let cc = addresses(m.cc());
    let sender: Vec<String> = if reply_to.is_empty() {
        from.clone()
    } else {
        reply_to
    };
    let subject = m.subject().unwrap_or_default().trim().to_owned();
    let message_id = m.message_id().map(str::to_owned);
    let mut references: Vec<String> = match m.references() {
        HeaderValue::Text(t) => vec![t.to_string()],
        HeaderValue::TextList(l) => l.iter().map(|t| t.to_string()).collect(),
        _ => Vec::new(),
    };
    if let Some(id) = &message_id {
        references.push(id.clone());
    }
    let date = m
        .date()
        .and_then(crate::pec::summary::to_chrono)
        .map(|d| {
            d.with_timezone(&chrono::Local)
                .format("%d/%m/%Y %H:%M")
                .to_string()
        })
        .unwrap_or_default();
    let text = crate::pec::body::readable_text(content).unwrap_or_default();
    let who = from.first().cloned().unwrap_or_default();
    let is_own = |a: &String| own.iter().any(|o| o.eq_ignore_ascii_case(a));

    let mut draft = Draft::default();
    match kind {
        ReplyKind::Reply | ReplyKind::ReplyAll => {
            draft.to = sender.clone();
            if kind == ReplyKind::ReplyAll {
                let mut seen: Vec<String> = sender.iter().map(|s| s.to_lowercase()).collect();
                for a in to.iter().chain(&cc) {
                    let l = a.to_lowercase();
                    if !is_own(a) && !seen.contains(&l) {
                        seen.push(l);
                        draft.cc.push(a.clone());
                    }
                }
            }
            draft.subject = prefixed(&tr(lang, "reply-prefix"), &subject);
            let header = tr_args(
                lang,
                "reply-quote-header",
                &[("date", arg(&date)), ("sender", arg(&who))],
            );
            draft.body = format!("\n\n{header}\n{}", quote(&text));
            draft.in_reply_to = message_id;
            draft.references = references;
        }
        ReplyKind::Forward => {
            draft.subject = prefixed(&tr(lang, "reply-forward-prefix"), &subject);
            draft.body = format!(
                "\n\n{}\n{}\n{}\n{}\n{}\n\n{text}",
                tr(lang, "reply-forwarded-header"),
                tr_args(lang, "reply-forwarded-from", &[("sender", arg(&who))]),
                tr_args(lang, "reply-forwarded-date", &[("date", arg(&date))]),
                tr_args(
                    lang,
                    "reply-forwarded-subject",
                    &[("subject", arg(&subject))]
                ),
                tr_args(lang, "reply-forwarded-to", &[("to", arg(to.join(", ")))]),
            );
            draft.attachments = attachments_of(content);
        }
        ReplyKind::ForwardAsProof => {
            draft.subject = prefixed(&tr(lang, "reply-forward-prefix"), &subject);
            draft.body = format!("\n\n{}", tr(lang, "reply-proof-body"));
            draft.attachments = vec![Attachment {
                name: tr(
                    lang,
                    if source.envelope {
                        "reply-proof-file-envelope"
                    } else {
                        "reply-proof-file-message"
                    },
                ),
                content_type: "message/rfc822".into(),
                bytes: source.raw.to_vec(),
            }];
        }
    }
    Ok(Prepared {
        draft,
        original_recipients: to.into_iter().chain(cc).collect(),
    })
}

/// At most this many attachments are carried over by a forward.
const MAX_FORWARDED_ATTACHMENTS: usize = 500;

/// The attachments of a message, decoded, with their names and types.
fn attachments_of(raw: &[u8]) -> Vec<Attachment> {
    (0..MAX_FORWARDED_ATTACHMENTS)
        .map_while(|i| crate::pec::body::attachment(raw, i))
        .enumerate()
        .map(|(i, (name, bytes))| {
            Attachment::from_file(
                &name.unwrap_or_else(|| format!("allegato-{}", i + 1)),
                bytes,
            )
        })
        .collect()
}

/// `prefix` + `subject`, without stacking prefixes ("Re: Re: Re:").
fn prefixed(prefix: &str, subject: &str) -> String {
    let mut s = subject.trim();
    loop {
        let lower = s.to_lowercase();
        let cut = ["re:", "r:", "fwd:", "fw:", "i:", "inoltro:"]
            .iter()
            .chain(std::iter::once(&prefix.trim().to_lowercase().as_str()))
            .find(|p| lower.starts_with(*p))
            .map(|p| p.len());
        match cut {
            Some(n) if n > 0 => s = s[n..].trim_start(),
            _ => break,
        }
    }
    format!("{} {s}", prefix.trim())
}

/// Each line of `text` behind "> ".
fn quote(text: &str) -> String {
    text.lines()
        .map(|l| {
            if l.is_empty() {
                ">".to_owned()
            } else {
                format!("> {l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGINAL: &[u8] = b"From: Anna Bianchi <anna@pec.alfa.it>\r\nTo: studio@pec.it, carlo@pec.beta.it\r\nCc: dora@pec.gamma.it\r\nSubject: Diffida ad adempiere\r\nMessage-ID: <orig-1@pec.alfa.it>\r\nReferences: <prima@pec.alfa.it>\r\nDate: Tue, 3 Mar 2026 10:00:00 +0100\r\n\r\nTesto certificato.\r\nSeconda riga.\r\n";

    fn envelope() -> Vec<u8> {
        // The outer text is the provider's wrapping: it must never be quoted.
        b"From: \"Per conto di: anna@pec.alfa.it\" <posta-certificata@pec.alfa.it>\r\nReply-To: anna@pec.alfa.it\r\nSubject: POSTA CERTIFICATA: Diffida ad adempiere\r\nMessage-ID: <opec-9@pec.alfa.it>\r\n\r\nMessaggio di posta certificata del gestore, testo non firmato.\r\n".to_vec()
    }

    #[test]
    fn a_reply_quotes_the_certified_original_and_keeps_the_thread() {
        let raw = envelope();
        let src = Source {
            raw: &raw,
            content: &raw,
            certified_original: Some(ORIGINAL),
            envelope: true,
        };
        let p = prepare(ReplyKind::Reply, &src, &["studio@pec.it".into()], Lang::It).unwrap();
        let d = &p.draft;
        assert_eq!(d.to, ["anna@pec.alfa.it"]);
        assert!(d.cc.is_empty());
        assert_eq!(d.subject, "Re: Diffida ad adempiere");
        assert!(
            d.body.contains("> Testo certificato.\n> Seconda riga."),
            "{}",
            d.body
        );
        assert!(
            !d.body.contains("testo non firmato"),
            "never the outer text"
        );
        assert_eq!(d.in_reply_to.as_deref(), Some("orig-1@pec.alfa.it"));
        assert_eq!(d.references, ["prima@pec.alfa.it", "orig-1@pec.alfa.it"]);

        let all = prepare(
            ReplyKind::ReplyAll,
            &src,
            &["STUDIO@pec.it".into()],
            Lang::It,
        )
        .unwrap()
        .draft;
        assert_eq!(all.to, ["anna@pec.alfa.it"]);
        assert_eq!(all.cc, ["carlo@pec.beta.it", "dora@pec.gamma.it"]);
        // Replying twice does not stack prefixes.
        assert_eq!(prefixed("Re:", "R: re: Diffida"), "Re: Diffida");
        assert_eq!(prefixed("I:", "Fwd: Diffida"), "I: Diffida");
    }

    #[test]
    fn an_envelope_without_its_original_is_not_quoted() {
        let raw = envelope();
        let src = Source {
            raw: &raw,
            content: &raw,
            certified_original: None,
            envelope: true,
        };
        assert_eq!(
            prepare(ReplyKind::Reply, &src, &[], Lang::En),
            Err(ReplyError::NoOriginal)
        );
        // It can still be forwarded as proof, whole.
        let proof = prepare(ReplyKind::ForwardAsProof, &src, &[], Lang::En).unwrap();
        assert_eq!(proof.draft.attachments[0].bytes, raw);
    }

    #[test]
    fn forward_as_proof_attaches_the_signed_bytes_unchanged() {
        let raw = envelope();
        let src = Source {
            raw: &raw,
            content: &raw,
            certified_original: Some(ORIGINAL),
            envelope: true,
        };
        let p = prepare(ReplyKind::ForwardAsProof, &src, &[], Lang::It).unwrap();
        assert!(p.draft.to.is_empty(), "the user chooses the recipient");
        assert_eq!(p.draft.attachments.len(), 1);
        let a = &p.draft.attachments[0];
        assert_eq!(a.bytes, raw);
        assert_eq!(a.content_type, "message/rfc822");
        assert!(a.name.ends_with(".eml"));
        assert!(p.draft.subject.starts_with("I: "), "{}", p.draft.subject);
        let fwd = prepare(ReplyKind::Forward, &src, &[], Lang::En)
            .unwrap()
            .draft;
        assert!(fwd.body.contains("Testo certificato."));
        assert!(fwd.in_reply_to.is_none());
    }

    #[test]
    fn an_ordinary_signed_message_is_answered_from_its_signed_content() {
        // Re-wrapped by a list: text and a part around the signature, which the window did
        // not show as the message's.
        let raw = b"From: lista@example.org\r\nSubject: [lista] Preventivo\r\nContent-Type: multipart/mixed; boundary=\"o\"\r\n\r\n--o\r\nContent-Type: text/plain\r\n\r\nTesto aggiunto fuori dalla firma.\r\n--o\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"aggiunto.bin\"\r\n\r\nxx\r\n--o--\r\n";
        let content = b"From: Anna <anna@example.org>\r\nTo: studio@example.org\r\nSubject: Preventivo\r\nContent-Type: multipart/mixed; boundary=\"i\"\r\n\r\n--i\r\nContent-Type: text/plain\r\n\r\nTesto firmato.\r\n--i\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"preventivo.pdf\"\r\n\r\n%PDF\r\n--i--\r\n";
        let src = Source {
            raw,
            content,
            certified_original: None,
            envelope: false,
        };
        let reply = prepare(ReplyKind::Reply, &src, &[], Lang::It)
            .unwrap()
            .draft;
        assert_eq!(reply.to, ["anna@example.org"]);
        assert!(reply.body.contains("> Testo firmato."), "{}", reply.body);
        assert!(!reply.body.contains("fuori dalla firma"), "{}", reply.body);
        let fwd = prepare(ReplyKind::Forward, &src, &[], Lang::It)
            .unwrap()
            .draft;
        let names: Vec<&str> = fwd.attachments.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["preventivo.pdf"]);
        // As proof, the message goes whole, as stored.
        let proof = prepare(ReplyKind::ForwardAsProof, &src, &[], Lang::It)
            .unwrap()
            .draft;
        assert_eq!(proof.attachments[0].bytes, raw);
    }
}
