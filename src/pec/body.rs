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

/// HTML to plain text, safely: tags are removed (attributes too, whatever they hold: a `>`
/// inside quotes does not end a tag), comments and declarations are dropped, the contents of
/// `script`, `style`, `head`, `title`, `object`, `iframe`, `template`, `noscript`, `svg`,
/// `math`, `applet`, `frameset`, `noframes`, `audio`, `video` and `canvas` are dropped, block
/// elements become line breaks and the usual entities are decoded. The result is plain text:
/// nothing in it is ever fetched, followed or run. Time and memory are linear in the input.
///
/// Why this is not the `html2text` crate (0.17, html5ever underneath): the body of a certified
/// message is shown and printed as its sender wrote it, and html2text lays text out for a
/// terminal: it wraps lines at a fixed width, adds Markdown-like marks (`*em*`, `# ` before
/// headings, `[…]` around links and image descriptions) and lists link targets as footnotes,
/// words the sender never wrote. Turned off one by one, what remains is this function's job,
/// for a dozen more crates (html5ever, markup5ever, tendril, string_cache…) on hostile input.
/// This one must never build a tree or recurse: it is a single forward scan, so no nesting
/// depth or element count can exhaust the stack or memory (see the tests).
pub fn html_to_text(html: &str) -> String {
    const DROP: [&str; 16] = [
        "script", "style", "head", "title", "object", "iframe", "template", "noscript", "svg",
        "math", "applet", "frameset", "noframes", "audio", "video", "canvas",
    ];
    const BLOCK: [&str; 15] = [
        "br",
        "p",
        "div",
        "tr",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
        "blockquote",
        "pre",
        "hr",
    ];
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len() / 2);
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        let lt = i + off;
        out.push_str(&decode_entities(&html[i..lt]));
        let rest = &html[lt..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            i = comment.find("-->").map_or(html.len(), |e| lt + 4 + e + 3);
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            i = rest.find('>').map_or(html.len(), |e| lt + e + 1);
            continue;
        }
        let closing = bytes.get(lt + 1) == Some(&b'/');
        let name_start = lt + 1 + usize::from(closing);
        if !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
            // "a < b": a lone '<' is text.
            out.push('<');
            i = lt + 1;
            continue;
        }
        let name_end = name_start
            + bytes[name_start..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric())
                .count();
        let name = html[name_start..name_end].to_ascii_lowercase();
        i = tag_end(bytes, name_end);
        if !closing && DROP.contains(&name.as_str()) {
            i = after_closing_tag(bytes, i, &name);
            continue;
        }
        if BLOCK.contains(&name.as_str()) && !out.ends_with('\n') {
            out.push('\n');
        }
    }
    out.push_str(&decode_entities(&html[i..]));
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

/// Where a tag ends: after its `>`, skipping quoted attribute values (the end of the input
/// when it never ends).
fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut quote: Option<u8> = None;
    for (k, &b) in bytes.iter().enumerate().skip(from) {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return k + 1,
            None => {}
        }
    }
    bytes.len()
}

/// Where the element `name` whose content is dropped ends: after its closing tag (matched
/// without regard to case), or the end of the input.
fn after_closing_tag(bytes: &[u8], from: usize, name: &str) -> usize {
    let n = name.len();
    let mut k = from;
    while k + 2 + n <= bytes.len() {
        if bytes[k] == b'<'
            && bytes[k + 1] == b'/'
            && bytes[k + 2..k + 2 + n].eq_ignore_ascii_case(name.as_bytes())
            && !bytes
                .get(k + 2 + n)
                .is_some_and(|b| b.is_ascii_alphanumeric())
        {
            return tag_end(bytes, k + 2 + n);
        }
        k += 1;
    }
    bytes.len()
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
    fn attributes_comments_and_lone_brackets() {
        let html = r#"<p title="a > b" data-x='<script>'>uno</p><!-- <img src="http://c/x"> -->
<img alt="x>y" src="http://tracker.example/pixel.gif?id=1">3 < 5 &amp; 6 > 4<SCRIPT type=x>evil()</script >
<svg onload="evil()"><script>evil()</script></svg>fine<STYLE>x{}</Style>end"#;
        let t = html_to_text(html);
        assert_eq!(t, "uno\n\n3 < 5 & 6 > 4\nfineend", "{t}");
    }

    #[test]
    fn an_unclosed_script_drops_the_rest_and_many_are_fast() {
        assert_eq!(html_to_text("ok<script>never closed"), "ok");
        let many = "<script>x</script>t".repeat(20_000);
        let t = html_to_text(&many);
        assert_eq!(t.len(), 20_000);
    }

    #[test]
    fn deep_nesting_is_only_more_text_to_scan() {
        let depth = 200_000;
        let html = format!(
            "{}fondo{}",
            "<div><b>".repeat(depth),
            "</b></div>".repeat(depth)
        );
        assert_eq!(html_to_text(&html), "fondo");
        let unclosed = format!("{}x", "<svg><math>".repeat(depth));
        assert_eq!(html_to_text(&unclosed), "");
    }

    #[test]
    fn readable_text_prefers_plain_and_falls_back_to_html() {
        let plain = b"From: a@b\r\nSubject: x\r\n\r\nciao\r\n";
        assert_eq!(readable_text(plain).as_deref(), Some("ciao"));
        let html = b"From: a@b\r\nContent-Type: text/html\r\n\r\n<p>ciao <b>tutti</b></p><script>x()</script>\r\n";
        assert_eq!(readable_text(html).as_deref(), Some("ciao tutti"));
    }
}
