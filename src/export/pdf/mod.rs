//! A small PDF writer for the dossier report and index, written to the rules of PDF/A-2b
//! (ISO 19005-2, level B): every font embedded (subset, with its widths and a ToUnicode map so
//! the text can be searched and copied), an XMP metadata stream that states the conformance and
//! agrees with the document information dictionary, an sRGB output intent with an embedded ICC
//! profile, colours only in `DeviceRGB`, no transparency, encryption, JavaScript or external
//! content, and a file identifier in the trailer.
//!
//! Built on `pdf-writer` (typst's low-level object writer: no dependencies of its own, builds on
//! Rust 1.95) rather than a layout crate, because the report needs exact control over what the
//! file contains to meet PDF/A; `subsetter` keeps only the glyphs used, so a report is tens of
//! kilobytes, not the megabyte of the full fonts. No PDF/A validator (veraPDF) runs on this
//! machine: the tests check the file with poppler (`pdfinfo`, `pdffonts`, `pdftotext`).

pub mod font;
mod icc;
pub mod layout;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write as _;

use chrono::{DateTime, Datelike, Timelike, Utc};
use pdf_writer::types::{CidFontType, FontFlags, OutputIntentSubtype, SystemInfo};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

use font::{FontId, font};
use layout::{PAGE_HEIGHT, PAGE_WIDTH, layout};

/// The colour of a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tone {
    /// Plain.
    #[default]
    Normal,
    /// A check that holds.
    Good,
    /// A check that fails.
    Bad,
    /// Something to look at.
    Warn,
}

/// One block of content, laid out top to bottom.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// The document title.
    Title(String),
    /// A grey line under the title.
    Subtitle(String),
    /// A section heading with a rule.
    Heading(String),
    /// A sub-section heading.
    SubHeading(String),
    /// Body text.
    Paragraph(String),
    /// Small grey text.
    Note(String),
    /// A bullet point.
    Bullet(String),
    /// A label and its value (values in the fixed-width face when `mono`).
    Field {
        /// The label.
        label: String,
        /// The value.
        value: String,
        /// Fixed-width face (hashes, identifiers).
        mono: bool,
        /// Colour.
        tone: Tone,
    },
    /// A command or other fixed-width text.
    Code(String),
    /// Vertical space in points.
    Space(f32),
    /// Starts a new page.
    PageBreak,
}

impl Block {
    /// A plain field.
    pub fn field(label: impl Into<String>, value: impl Into<String>) -> Block {
        Block::Field {
            label: label.into(),
            value: value.into(),
            mono: false,
            tone: Tone::Normal,
        }
    }

    /// A fixed-width field.
    pub fn mono(label: impl Into<String>, value: impl Into<String>) -> Block {
        Block::Field {
            label: label.into(),
            value: value.into(),
            mono: true,
            tone: Tone::Normal,
        }
    }

    /// A coloured field.
    pub fn toned(label: impl Into<String>, value: impl Into<String>, tone: Tone) -> Block {
        Block::Field {
            label: label.into(),
            value: value.into(),
            mono: false,
            tone,
        }
    }
}

/// A document to render.
pub struct Document {
    /// Title (metadata and first line).
    pub title: String,
    /// BCP 47 language of the text (`it`, `en`).
    pub lang: String,
    /// The program that made it (metadata), e.g. `Sigillo 0.1.0`.
    pub producer: String,
    /// Creation time (metadata).
    pub created: DateTime<Utc>,
    /// Footer text on every page.
    pub footer: String,
    /// "page N of M", in the document's language.
    pub page_label: Box<dyn Fn(usize, usize) -> String>,
    /// The content.
    pub blocks: Vec<Block>,
}

impl std::fmt::Debug for Document {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Document")
            .field("title", &self.title)
            .field("blocks", &self.blocks.len())
            .finish()
    }
}

/// Why a PDF could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// A committed font file is damaged (a build problem, not a user one).
    #[error("the report font {0} cannot be read")]
    Font(&'static str),
    /// Subsetting failed.
    #[error("the report font {name} could not be prepared: {detail}")]
    Subset {
        /// Font.
        name: &'static str,
        /// What the subsetter said.
        detail: String,
    },
}

/// Glyphs used per font: original glyph id → character for the text layer.
type Usage = BTreeMap<FontId, BTreeMap<u16, char>>;

struct Alloc(i32);

impl Alloc {
    fn next(&mut self) -> Ref {
        self.0 += 1;
        Ref::new(self.0)
    }
}

/// Renders a document to PDF bytes.
pub fn render(doc: &Document) -> Result<Vec<u8>, PdfError> {
    let pages = layout(doc);

    // Glyphs per face.
    let mut usage: Usage = BTreeMap::new();
    for page in &pages {
        for t in &page.texts {
            let f = font(t.font).ok_or(PdfError::Font(t.font.postscript_name()))?;
            let used = usage.entry(t.font).or_default();
            for c in t.text.chars() {
                let (g, shown) = f.glyph(c);
                used.entry(g).or_insert(shown);
            }
        }
    }

    let mut alloc = Alloc(0);
    let catalog_id = alloc.next();
    let tree_id = alloc.next();
    let info_id = alloc.next();
    let meta_id = alloc.next();
    let icc_id = alloc.next();
    let mut pdf = Pdf::new();
    pdf.set_version(1, 7);

    // Fonts.
    let mut font_refs: BTreeMap<FontId, (Ref, subsetter::GlyphRemapper)> = BTreeMap::new();
    for (&id, glyphs) in &usage {
        let f = font(id).ok_or(PdfError::Font(id.postscript_name()))?;
        let sorted: Vec<u16> = glyphs.keys().copied().collect();
        let remapper = subsetter::GlyphRemapper::new_from_glyphs_sorted(&sorted);
        let subset = subsetter::subset(f.data, 0, &remapper).map_err(|e| PdfError::Subset {
            name: id.postscript_name(),
            detail: e.to_string(),
        })?;
        let type0 = alloc.next();
        write_font(&mut pdf, &mut alloc, type0, f, glyphs, &remapper, &subset);
        font_refs.insert(id, (type0, remapper));
    }

    // Pages.
    let mut page_ids = Vec::with_capacity(pages.len());
    for page in &pages {
        let page_id = alloc.next();
        let content_id = alloc.next();
        page_ids.push(page_id);
        let mut content = Content::new();
        content.set_stroke_rgb(0.7, 0.7, 0.7);
        content.set_line_width(0.5);
        for r in &page.rules {
            content.move_to(r.x1, r.y);
            content.line_to(r.x2, r.y);
        }
        if !page.rules.is_empty() {
            content.stroke();
        }
        for t in &page.texts {
            let Some((_, remapper)) = font_refs.get(&t.font) else {
                continue;
            };
            let Some(f) = font(t.font) else { continue };
            let mut encoded = Vec::with_capacity(t.text.len() * 2);
            for c in t.text.chars() {
                let g = remapper.get(f.glyph(c).0).unwrap_or(0);
                encoded.extend_from_slice(&g.to_be_bytes());
            }
            content.set_fill_rgb(t.color[0], t.color[1], t.color[2]);
            content.begin_text();
            content.set_font(Name(t.font.resource()), t.size);
            content.next_line(t.x, t.y);
            content.show(Str(&encoded));
            content.end_text();
        }
        let data = deflate(&content.finish().into_vec());
        pdf.stream(content_id, &data).filter(Filter::FlateDecode);
        let mut p = pdf.page(page_id);
        p.parent(tree_id)
            .media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT))
            .contents(content_id);
        let mut res = p.resources();
        let mut fonts = res.fonts();
        for (id, (r, _)) in &font_refs {
            fonts.pair(Name(id.resource()), *r);
        }
        fonts.finish();
        res.finish();
        p.finish();
    }
    pdf.pages(tree_id)
        .kids(page_ids.iter().copied())
        .count(page_ids.len() as i32);

    // Metadata: the information dictionary and XMP say the same.
    let date = pdf_date(doc.created);
    let title = layout::clean(&doc.title);
    pdf.document_info(info_id)
        .title(TextStr(&title))
        .producer(TextStr(&doc.producer))
        .creator(TextStr(&doc.producer))
        .creation_date(date)
        .modified_date(date);
    let xmp = xmp(&title, &doc.producer, doc.created);
    pdf.metadata(meta_id, xmp.as_bytes());
    let icc = icc::srgb_profile();
    pdf.icc_profile(icc_id, &icc)
        .n(3)
        .range([0.0, 1.0, 0.0, 1.0, 0.0, 1.0]);
    let mut catalog = pdf.catalog(catalog_id);
    catalog.pages(tree_id);
    catalog.metadata(meta_id);
    catalog.lang(TextStr(&doc.lang));
    catalog
        .output_intents()
        .push()
        .subtype(OutputIntentSubtype::PDFA)
        .output_condition_identifier(TextStr("sRGB IEC61966-2.1"))
        .info(TextStr("sRGB IEC61966-2.1"))
        .dest_output_profile(icc_id);
    catalog.finish();

    let id = file_id(&title, doc.created, &usage);
    pdf.set_file_id((id.clone(), id));
    Ok(pdf.finish())
}

fn write_font(
    pdf: &mut Pdf,
    alloc: &mut Alloc,
    type0: Ref,
    f: &font::Font,
    glyphs: &BTreeMap<u16, char>,
    remapper: &subsetter::GlyphRemapper,
    subset: &[u8],
) {
    let cid = alloc.next();
    let descriptor = alloc.next();
    let file = alloc.next();
    let cmap = alloc.next();
    let base = format!("{}+{}", subset_tag(f.id, glyphs), f.id.postscript_name());
    let system = SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    };

    pdf.type0_font(type0)
        .base_font(Name(base.as_bytes()))
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid)
        .to_unicode(cmap);

    // Widths by new glyph id (= CID), in PDF glyph space.
    let k = 1000.0 / f.units_per_em();
    let widths: Vec<f32> = remapper
        .remapped_gids()
        .map(|old| (f.advance(old) * k).round())
        .collect();
    let mut c = pdf.cid_font(cid);
    c.subtype(CidFontType::Type2)
        .base_font(Name(base.as_bytes()))
        .system_info(system)
        .font_descriptor(descriptor)
        .default_width(0.0)
        .cid_to_gid_map_predefined(Name(b"Identity"));
    c.widths().consecutive(0, widths);
    c.finish();

    let m = f.metrics();
    let mut flags = FontFlags::SYMBOLIC;
    if m.monospaced {
        flags |= FontFlags::FIXED_PITCH;
    }
    if m.bold {
        flags |= FontFlags::FORCE_BOLD;
    }
    pdf.font_descriptor(descriptor)
        .name(Name(base.as_bytes()))
        .flags(flags)
        .bbox(Rect::new(m.bbox[0], m.bbox[1], m.bbox[2], m.bbox[3]))
        .italic_angle(m.italic_angle)
        .ascent(m.ascent)
        .descent(m.descent)
        .cap_height(m.cap_height)
        .stem_v(if m.bold { 120.0 } else { 80.0 })
        .font_file2(file);

    let data = deflate(subset);
    pdf.stream(file, &data)
        .filter(Filter::FlateDecode)
        .pair(Name(b"Length1"), subset.len() as i32);

    let mut unicode = pdf_writer::types::UnicodeCmap::new(Name(b"Sigillo-UTF16"), system);
    for (&old, &c) in glyphs {
        if let Some(new) = remapper.get(old) {
            unicode.pair(new, c);
        }
    }
    let cmap_data = unicode.finish().into_vec();
    pdf.cmap(cmap, &cmap_data)
        .name(Name(b"Sigillo-UTF16"))
        .system_info(system);
}

/// Six upper-case letters derived from the glyph set, as PDF requires for subset fonts.
fn subset_tag(id: FontId, glyphs: &BTreeMap<u16, char>) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(id.postscript_name().as_bytes());
    for g in glyphs.keys() {
        h.update(g.to_be_bytes());
    }
    h.finalize()
        .iter()
        .take(6)
        .map(|b| (b'A' + b % 26) as char)
        .collect()
}

fn file_id(title: &str, created: DateTime<Utc>, usage: &Usage) -> Vec<u8> {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(title.as_bytes());
    h.update(created.to_rfc3339().as_bytes());
    let glyphs: BTreeSet<(FontId, u16)> = usage
        .iter()
        .flat_map(|(f, g)| g.keys().map(move |g| (*f, *g)))
        .collect();
    for (f, g) in glyphs {
        h.update([f as u8]);
        h.update(g.to_be_bytes());
    }
    h.finalize()[..16].to_vec()
}

fn pdf_date(t: DateTime<Utc>) -> pdf_writer::Date {
    pdf_writer::Date::new(t.year().clamp(0, 9999) as u16)
        .month(t.month() as u8)
        .day(t.day() as u8)
        .hour(t.hour() as u8)
        .minute(t.minute() as u8)
        .second(t.second() as u8)
        .utc_offset_hour(0)
        .utc_offset_minute(0)
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// The XMP packet: PDF/A-2b identification and the same facts as the information dictionary.
fn xmp(title: &str, producer: &str, created: DateTime<Utc>) -> String {
    let date = created.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let title = xml_escape(title);
    let producer = xml_escape(producer);
    format!(
        "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>
<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">
 <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">
  <rdf:Description rdf:about=\"\"
    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"
    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"
    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"
    xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{title}</rdf:li></rdf:Alt></dc:title>
   <xmp:CreatorTool>{producer}</xmp:CreatorTool>
   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:ModifyDate>{date}</xmp:ModifyDate>
   <xmp:MetadataDate>{date}</xmp:MetadataDate>
   <pdf:Producer>{producer}</pdf:Producer>
   <pdfaid:part>2</pdfaid:part>
   <pdfaid:conformance>B</pdfaid:conformance>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end=\"w\"?>"
    )
}

fn deflate(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    // Writing to a Vec cannot fail.
    let _ = e.write_all(data);
    e.finish().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Document {
        Document {
            title: "Fascicolo di prova — perché sì".into(),
            lang: "it".into(),
            producer: "Sigillo test".into(),
            created: DateTime::from_timestamp(1_738_746_922, 0).unwrap(),
            footer: "Sigillo".into(),
            page_label: Box::new(|n, t| format!("pag. {n} di {t}")),
            blocks: (0..80)
                .map(|i| Block::mono(format!("Voce {i}"), "ab".repeat(32)))
                .chain([Block::Heading("Città".into())])
                .collect(),
        }
    }

    #[test]
    fn renders_pdfa_markers_and_subset_fonts() {
        let bytes = render(&sample()).unwrap();
        assert!(bytes.starts_with(b"%PDF-1.7"));
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains("<pdfaid:part>2</pdfaid:part>"));
        assert!(text.contains("/GTS_PDFA1"));
        assert!(text.contains("/ID ["));
        assert!(text.contains("+DejaVuSansMono"));
        // Subset: far smaller than the fonts themselves.
        assert!(bytes.len() < 120_000, "{} bytes", bytes.len());
        // More than one page.
        let pages = text.matches("/Type /Page").count() - text.matches("/Type /Pages").count();
        assert!(pages >= 2, "{pages} pages");
    }
}
