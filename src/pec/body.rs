//! What a person reads of a message: its text, never its active content. HTML is turned into
//! plain text (scripts, styles, forms and images dropped; nothing is fetched), and attachments
//! can be taken out by position, in the same order as [`super::summary::summarize`] lists them.

use mail_parser::MessageParser;

use super::mime::{self, View};

/// Bodies longer than this are cut for display (the raw bytes stay whole).
pub const MAX_DISPLAY_CHARS: usize = 1_000_000;

/// The readable text of a message: its text/plain body, else its HTML body turned into text.
pub fn readable_text(raw: &[u8]) -> Option<String> {
    let msg = MessageParser::default().parse(raw)?;
    let text = if msg.text_body.iter().any(|&id| {
        mime::part(&msg, id).is_some_and(|p| matches!(p.body, mail_parser::PartType::Text(_)))
    }) {
        msg.text_body
            .iter()
            .filter_map(|&id| mime::part(&msg, id))
            .filter_map(|p| match &p.body {
                mail_parser::PartType::Text(t) => Some(t.to_string()),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join("\n")
    } else {
        msg.html_body
            .iter()
            .filter_map(|&id| mime::part(&msg, id))
            .filter_map(|p| match &p.body {
                mail_parser::PartType::Html(h) => Some(html_to_text(h)),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let mut text: String = text
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .take(MAX_DISPLAY_CHARS)
        .collect();
    while text.ends_with('\n') {
        text.pop();
    }
    Some(text)
}

/// HTML to plain text, safely: tags are removed, the contents of `script`, `style`, `head`,
/// `title`, `object`, `iframe` and `template` are dropped, block elements become line breaks
/// and the usual entities are decoded. No URL is ever followed.
pub fn html_to_text(html: &str) -> String {
    const DROP: [&str; 8] = [
        "script", "style", "head", "title", "object", "iframe", "template", "noscript",
    ];
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&decode_entities(&rest[..lt]));
        rest = &rest[lt..];
        let end = rest.find('>').map(|e| e + 1).unwrap_or(rest.len());
        let tag = rest[1..end.saturating_sub(1).max(1)]
            .trim()
            .to_ascii_lowercase();
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        rest = &rest[end..];
        if !tag.starts_with('/') && DROP.contains(&name.as_str()) {
            let close = format!("</{name}");
            match rest.to_ascii_lowercase().find(&close) {
                Some(i) => {
                    rest = &rest[i..];
                    let e = rest.find('>').map(|e| e + 1).unwrap_or(rest.len());
                    rest = &rest[e..];
                }
                None => rest = "",
            }
            continue;
        }
        if matches!(
            name.as_str(),
            "br" | "p"
                | "div"
                | "tr"
                | "li"
                | "h1"
                | "h2"
                | "h3"
                | "h4"
                | "h5"
                | "h6"
                | "table"
                | "blockquote"
                | "pre"
                | "hr"
        ) && !out.ends_with('\n')
        {
            out.push('\n');
        }
    }
    out.push_str(&decode_entities(rest));
    // Collapse runs of blank lines left by markup.
    let mut collapsed = String::with_capacity(out.len());
    let mut blank = 0;
    for line in out.lines() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        collapsed.push_str(line);
        collapsed.push('\n');
    }
    collapsed.trim().to_owned()
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest[..rest.len().min(12)].find(';') else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let ent = &rest[1..semi];
        let decoded = match ent {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some(' '),
            "egrave" => Some('è'),
            "eacute" => Some('é'),
            "agrave" => Some('à'),
            "ograve" => Some('ò'),
            "ugrave" => Some('ù'),
            "igrave" => Some('ì'),
            _ if ent.starts_with("#x") || ent.starts_with("#X") => {
                u32::from_str_radix(&ent[2..], 16)
                    .ok()
                    .and_then(char::from_u32)
            }
            _ if ent.starts_with('#') => ent[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The decoded bytes and declared name of the `index`-th attachment of a message (the order of
/// [`super::summary::summarize`]).
pub fn attachment(raw: &[u8], index: usize) -> Option<(Option<String>, Vec<u8>)> {
    let msg = MessageParser::default().parse(raw)?;
    let view = View::top(&msg);
    let id = *msg.attachments.get(index)?;
    let part = mime::part(&msg, id)?;
    let name = mime::file_name(part).map(|n| super::summary::decode_utf7_runs(&n).unwrap_or(n));
    Some((name, mime::decoded_body(&view, part).into_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_becomes_text_without_active_content() {
        let html = r#"<html><head><title>T</title><style>p{}</style></head><body>
<p>Gentile cliente,</p><script>alert(1)</script><img src="http://tracker/p.gif">
<form action="http://x"><input name=a></form><p>saldo &egrave; 10&nbsp;&euro;&#33;</p></body></html>"#;
        let t = html_to_text(html);
        assert!(t.contains("Gentile cliente,"));
        assert!(t.contains("saldo è 10"));
        assert!(t.contains('!'));
        assert!(!t.contains("alert"));
        assert!(!t.contains("tracker"));
        assert!(!t.contains("p{}"));
    }

    #[test]
    fn readable_text_prefers_plain_and_falls_back_to_html() {
        let plain = b"From: a@b\r\nSubject: x\r\n\r\nciao\r\n";
        assert_eq!(readable_text(plain).as_deref(), Some("ciao"));
        let html = b"From: a@b\r\nContent-Type: text/html\r\n\r\n<p>ciao <b>tutti</b></p><script>x()</script>\r\n";
        assert_eq!(readable_text(html).as_deref(), Some("ciao tutti"));
    }
}
