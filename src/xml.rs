//! A bounded XML reader that builds a small element tree keyed by local names (namespace
//! prefixes vary between producers: `p:`, `ns2:`, `a:` or none), for the structured documents
//! Sigillo reads besides daticert: FatturaPA invoices, SdI notifications, ETSI trusted lists.
//!
//! The bytes are decoded from the declared encoding (UTF-8 by default; ISO-8859-1 and
//! windows-1252 occur in invoices). Only the predefined entities and character references are
//! expanded; a document type declaration is ignored, so no entity can grow the input.

use quick_xml::events::Event;

/// Nesting deeper than this is refused.
pub const MAX_DEPTH: usize = 128;
/// More elements than this are refused.
pub const MAX_ELEMENTS: usize = 2_000_000;

/// One element: local name, attributes (local names), text and children.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Element {
    /// Local name (without prefix).
    pub name: String,
    /// Attributes by local name, values unescaped.
    pub attrs: Vec<(String, String)>,
    /// The element's own text (character data directly inside it), unescaped, untrimmed.
    pub text: String,
    /// Child elements in document order.
    pub children: Vec<Element>,
    /// Line of the start tag (1-based), for error messages.
    pub line: usize,
}

impl Element {
    /// The first child with this local name.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// Every child with this local name.
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The element reached by following first children with these names.
    pub fn at(&self, path: &[&str]) -> Option<&Element> {
        let mut e = self;
        for name in path {
            e = e.child(name)?;
        }
        Some(e)
    }

    /// The trimmed text of the element at `path`, if present and not blank.
    pub fn text_at(&self, path: &[&str]) -> Option<String> {
        self.at(path)
            .map(|e| e.text.trim().to_owned())
            .filter(|t| !t.is_empty())
    }

    /// The trimmed own text, if not blank.
    pub fn value(&self) -> Option<String> {
        Some(self.text.trim().to_owned()).filter(|t| !t.is_empty())
    }

    /// An attribute by local name.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Something noticed while reading that did not stop it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum XmlWarning {
    /// Bytes that are not valid in the declared encoding were replaced.
    InvalidEncoding {
        /// The encoding that was used.
        encoding: String,
    },
}

/// Why a document cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum XmlError {
    /// The declared encoding is not one Sigillo can read.
    #[error("the XML declares the encoding {0}, which cannot be read")]
    UnknownEncoding(String),
    /// The markup is broken.
    #[error("the XML is not well-formed at line {line}: {detail}")]
    NotWellFormed {
        /// 1-based line.
        line: usize,
        /// What the parser said.
        detail: String,
    },
    /// An entity other than the five predefined ones.
    #[error("the XML uses the undefined entity &{name}; at line {line}")]
    UnknownEntity {
        /// The entity name.
        name: String,
        /// 1-based line.
        line: usize,
    },
    /// No root element at all.
    #[error("the file holds no XML element")]
    Empty,
    /// Nesting or size beyond the limits.
    #[error("the XML is nested too deeply or has too many elements")]
    TooLarge,
}

/// A parsed document.
#[derive(Debug, Clone)]
pub struct Document {
    /// The root element.
    pub root: Element,
    /// What was noticed.
    pub warnings: Vec<XmlWarning>,
}

/// Decodes XML bytes to text following the BOM or the declared encoding.
pub fn decode_text(bytes: &[u8]) -> Result<(String, Vec<XmlWarning>), XmlError> {
    if let Some(rest) = bytes.strip_prefix(b"\xef\xbb\xbf") {
        return Ok(utf8(rest));
    }
    if bytes.starts_with(b"\xff\xfe") || bytes.starts_with(b"\xfe\xff") {
        let le = bytes[0] == 0xff;
        let units: Vec<u16> = bytes[2..]
            .chunks_exact(2)
            .map(|c| {
                if le {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            })
            .collect();
        let text = String::from_utf16_lossy(&units);
        let warnings = if text.contains('\u{fffd}') {
            vec![XmlWarning::InvalidEncoding {
                encoding: "UTF-16".into(),
            }]
        } else {
            Vec::new()
        };
        return Ok((text, warnings));
    }
    match declared_encoding(bytes) {
        None => Ok(utf8(bytes)),
        Some(enc) if matches!(enc.to_ascii_lowercase().as_str(), "utf-8" | "utf8") => {
            Ok(utf8(bytes))
        }
        Some(enc) => {
            let decoder = mail_parser::decoders::charsets::map::charset_decoder(enc.as_bytes())
                .ok_or_else(|| XmlError::UnknownEncoding(enc.clone()))?;
            Ok((decoder(bytes), Vec::new()))
        }
    }
}

fn utf8(bytes: &[u8]) -> (String, Vec<XmlWarning>) {
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_owned(), Vec::new()),
        Err(_) => (
            String::from_utf8_lossy(bytes).into_owned(),
            vec![XmlWarning::InvalidEncoding {
                encoding: "UTF-8".into(),
            }],
        ),
    }
}

/// The `encoding` of the XML declaration, if any.
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(256)];
    let head = String::from_utf8_lossy(head);
    let decl = head.trim_start().strip_prefix("<?xml")?;
    let decl = &decl[..decl.find("?>")?];
    let at = decl.find("encoding")?;
    let rest = decl[at + "encoding".len()..]
        .trim_start()
        .strip_prefix('=')?;
    let rest = rest.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &rest[1..];
    let end = value.find(quote)?;
    Some(value[..end].trim().to_owned())
}

fn line_of(text: &str, pos: u64) -> usize {
    let pos = (pos as usize).min(text.len());
    text.as_bytes()[..pos]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Parses bytes into a tree.
pub fn parse(bytes: &[u8]) -> Result<Document, XmlError> {
    let (text, warnings) = decode_text(bytes)?;
    let root = parse_str(&text)?;
    Ok(Document { root, warnings })
}

/// Parses text into a tree.
pub fn parse_str(text: &str) -> Result<Element, XmlError> {
    let mut reader = quick_xml::Reader::from_str(text);
    {
        let config = reader.config_mut();
        config.check_end_names = true;
        config.allow_unmatched_ends = false;
        config.expand_empty_elements = false;
    }
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    let mut count = 0usize;
    loop {
        let pos_before = reader.buffer_position();
        let event = reader.read_event().map_err(|e| XmlError::NotWellFormed {
            line: line_of(text, reader.error_position()),
            detail: e.to_string(),
        })?;
        match event {
            Event::Start(start) | Event::Empty(start)
                if stack.len() >= MAX_DEPTH || count >= MAX_ELEMENTS =>
            {
                let _ = start;
                return Err(XmlError::TooLarge);
            }
            Event::Start(ref start) | Event::Empty(ref start) => {
                count += 1;
                if stack.is_empty() && root.is_some() {
                    return Err(XmlError::NotWellFormed {
                        line: line_of(text, pos_before),
                        detail: "more than one root element".into(),
                    });
                }
                let mut el = Element {
                    name: start.local_name().as_ref().to_owned(),
                    line: line_of(text, pos_before),
                    ..Element::default()
                };
                for attr in start.attributes() {
                    let attr = attr.map_err(|e| XmlError::NotWellFormed {
                        line: el.line,
                        detail: e.to_string(),
                    })?;
                    let value = attr
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map_err(|e| XmlError::NotWellFormed {
                            line: el.line,
                            detail: e.to_string(),
                        })?
                        .into_owned();
                    el.attrs
                        .push((attr.key.local_name().as_ref().to_owned(), value));
                }
                if matches!(event, Event::Empty(_)) {
                    attach(&mut stack, &mut root, el);
                } else {
                    stack.push(el);
                }
            }
            Event::End(_) => {
                let Some(el) = stack.pop() else {
                    return Err(XmlError::NotWellFormed {
                        line: line_of(text, pos_before),
                        detail: "closing tag without an opening one".into(),
                    });
                };
                attach(&mut stack, &mut root, el);
            }
            Event::Text(t) => {
                if let Some(el) = stack.last_mut() {
                    el.text.push_str(&t.xml10_content());
                } else if !t.xml10_content().trim().is_empty() {
                    return Err(XmlError::NotWellFormed {
                        line: line_of(text, pos_before),
                        detail: "text outside the root element".into(),
                    });
                }
            }
            Event::CData(t) => {
                if let Some(el) = stack.last_mut() {
                    el.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                let raw = r.xml10_content();
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => match quick_xml::escape::resolve_predefined_entity(&raw) {
                        Some(s) => s.to_owned(),
                        None => {
                            return Err(XmlError::UnknownEntity {
                                name: raw.chars().take(64).collect(),
                                line: line_of(text, pos_before),
                            });
                        }
                    },
                    Err(e) => {
                        return Err(XmlError::NotWellFormed {
                            line: line_of(text, pos_before),
                            detail: e.to_string(),
                        });
                    }
                };
                if let Some(el) = stack.last_mut() {
                    el.text.push_str(&resolved);
                }
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if let Some(open) = stack.last() {
        return Err(XmlError::NotWellFormed {
            line: line_of(text, text.len() as u64),
            detail: format!("the element <{}> is never closed", open.name),
        });
    }
    root.ok_or(XmlError::Empty)
}

fn attach(stack: &mut [Element], root: &mut Option<Element>, el: Element) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(el),
        None => *root = Some(el),
    }
}

/// Reads only the local name of the root element (cheap recognition), if the bytes are XML.
pub fn root_name(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    let (text, _) = decode_text(head).ok()?;
    let mut reader = quick_xml::Reader::from_str(&text);
    loop {
        match reader.read_event() {
            Ok(Event::Start(s)) | Ok(Event::Empty(s)) => {
                return Some(s.local_name().as_ref().to_owned());
            }
            Ok(Event::Text(t)) if !t.xml10_content().trim().is_empty() => return None,
            Ok(Event::Eof) | Err(_) => return None,
            Ok(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_names_whatever_the_prefix() {
        let doc = parse(
            br#"<?xml version="1.0"?><p:A xmlns:p="urn:x" p:v="1"><B>x &amp; &#233;</B><C/></p:A>"#,
        )
        .unwrap();
        assert_eq!(doc.root.name, "A");
        assert_eq!(doc.root.attr("v"), Some("1"));
        assert_eq!(doc.root.text_at(&["B"]).as_deref(), Some("x & é"));
        assert!(doc.root.child("C").is_some());
        assert_eq!(
            root_name(b"  <ns2:Root xmlns:ns2='u'/>").as_deref(),
            Some("Root")
        );
    }

    #[test]
    fn errors_name_the_line() {
        let e = parse(b"<a>\n<b>\n</a>").unwrap_err();
        assert!(
            matches!(e, XmlError::NotWellFormed { line: 3, .. }),
            "{e:?}"
        );
        let e = parse(b"<a>&bomb;</a>").unwrap_err();
        assert!(matches!(e, XmlError::UnknownEntity { .. }));
        assert_eq!(parse(b"   ").unwrap_err(), XmlError::Empty);
        assert!(matches!(
            parse(b"<a></a><b/>").unwrap_err(),
            XmlError::NotWellFormed { .. }
        ));
        let deep = "<a>".repeat(MAX_DEPTH + 2);
        assert_eq!(parse(deep.as_bytes()).unwrap_err(), XmlError::TooLarge);
    }

    #[test]
    fn latin1_declared_encoding_is_decoded() {
        let doc = parse(b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>citt\xe0</a>").unwrap();
        assert_eq!(doc.root.value().as_deref(), Some("città"));
        let doc = parse(b"<a>citt\xe0</a>").unwrap();
        assert_eq!(doc.warnings.len(), 1);
    }
}
