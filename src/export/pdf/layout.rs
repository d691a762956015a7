//! Lays a [`Document`](super::Document) out on A4 pages: word wrapping with the real glyph
//! widths, long words (hashes, addresses) broken by character, headings kept with what follows,
//! and a footer with the page number on every page.

use super::font::{FontId, font};
use super::{Block, Document, Tone};

/// A4 in points.
pub const PAGE_WIDTH: f32 = 595.28;
/// A4 in points.
pub const PAGE_HEIGHT: f32 = 841.89;
const MARGIN_X: f32 = 56.0;
const MARGIN_TOP: f32 = 56.0;
const MARGIN_BOTTOM: f32 = 64.0;
const LABEL_WIDTH: f32 = 150.0;
const GAP: f32 = 8.0;

/// One positioned piece of text.
#[derive(Debug, Clone, PartialEq)]
pub struct TextItem {
    /// Left edge.
    pub x: f32,
    /// Baseline.
    pub y: f32,
    /// Face.
    pub font: FontId,
    /// Size in points.
    pub size: f32,
    /// RGB colour.
    pub color: [f32; 3],
    /// The text (already cleaned of invisible characters).
    pub text: String,
}

/// A horizontal rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// From.
    pub x1: f32,
    /// To.
    pub x2: f32,
    /// Height.
    pub y: f32,
}

/// The content of one page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    /// Text.
    pub texts: Vec<TextItem>,
    /// Lines.
    pub rules: Vec<Rule>,
}

const BLACK: [f32; 3] = [0.0, 0.0, 0.0];
const GREY: [f32; 3] = [0.38, 0.38, 0.38];
const HEADING: [f32; 3] = [0.08, 0.20, 0.42];

fn tone_color(t: Tone) -> [f32; 3] {
    match t {
        Tone::Normal => BLACK,
        Tone::Good => [0.05, 0.42, 0.12],
        Tone::Bad => [0.70, 0.05, 0.05],
        Tone::Warn => [0.60, 0.35, 0.0],
    }
}

/// Removes what must never reach a page: control characters, direction overrides and
/// invisible marks; tabs become blanks.
pub fn clean(text: &str) -> String {
    text.chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .filter(|&c| c == '\n' || !crate::export::filename::invisible(c))
        .collect()
}

/// Breaks `text` into lines no wider than `width`: at blanks where possible, inside a word
/// when the word alone is too wide. Explicit line breaks are kept.
pub fn wrap(text: &str, face: FontId, size: f32, width: f32) -> Vec<String> {
    let Some(f) = font(face) else {
        return vec![text.to_owned()];
    };
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        let mut line_w = 0.0f32;
        for word in para.split(' ') {
            let word_w = f.width(word, size);
            let space_w = if line.is_empty() {
                0.0
            } else {
                f.char_width(' ', size)
            };
            if line_w + space_w + word_w <= width {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(word);
                line_w += space_w + word_w;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                line_w = 0.0;
            }
            if word_w <= width {
                line.push_str(word);
                line_w = word_w;
                continue;
            }
            for c in word.chars() {
                let cw = f.char_width(c, size);
                if line_w + cw > width && !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    line_w = 0.0;
                }
                line.push(c);
                line_w += cw;
            }
        }
        lines.push(line);
    }
    lines
}

struct Cursor {
    pages: Vec<Page>,
    y: f32,
}

impl Cursor {
    fn page(&mut self) -> &mut Page {
        if self.pages.is_empty() {
            self.pages.push(Page::default());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = PAGE_HEIGHT - MARGIN_TOP;
    }

    /// Makes room for `h` points, starting a page when needed.
    fn ensure(&mut self, h: f32) {
        if self.pages.is_empty() {
            self.new_page();
        }
        if self.y - h < MARGIN_BOTTOM && self.y < PAGE_HEIGHT - MARGIN_TOP - 1.0 {
            self.new_page();
        }
    }

    fn text(&mut self, x: f32, font: FontId, size: f32, color: [f32; 3], text: String) {
        let y = self.y;
        if !text.is_empty() {
            self.page().texts.push(TextItem {
                x,
                y,
                font,
                size,
                color,
                text,
            });
        }
    }

    /// Flowing lines of one face.
    fn lines(&mut self, x: f32, width: f32, face: FontId, size: f32, color: [f32; 3], text: &str) {
        let lh = size * 1.32;
        for line in wrap(&clean(text), face, size, width) {
            self.ensure(lh);
            self.y -= size;
            self.text(x, face, size, color, line);
            self.y -= lh - size;
        }
    }
}

/// Lays out the document; returns the pages with their footers.
pub fn layout(doc: &Document) -> Vec<Page> {
    let width = PAGE_WIDTH - 2.0 * MARGIN_X;
    let mut c = Cursor {
        pages: Vec::new(),
        y: PAGE_HEIGHT - MARGIN_TOP,
    };
    c.new_page();
    let x = MARGIN_X;
    for (i, block) in doc.blocks.iter().enumerate() {
        match block {
            Block::Title(t) => {
                c.lines(x, width, FontId::Bold, 17.0, HEADING, t);
                c.y -= 4.0;
            }
            Block::Subtitle(t) => {
                c.lines(x, width, FontId::Regular, 9.5, GREY, t);
            }
            Block::Heading(t) => {
                // Keep a heading with at least a few lines of what follows.
                c.ensure(13.0 * 1.32 + 14.0 + 40.0);
                c.y -= 12.0;
                c.lines(x, width, FontId::Bold, 13.0, HEADING, t);
                let y = c.y + 2.0;
                c.page().rules.push(Rule {
                    x1: x,
                    x2: x + width,
                    y,
                });
                c.y -= 5.0;
            }
            Block::SubHeading(t) => {
                c.ensure(10.5 * 1.32 + 6.0 + 30.0);
                c.y -= 6.0;
                c.lines(x, width, FontId::Bold, 10.5, BLACK, t);
                c.y -= 1.0;
            }
            Block::Paragraph(t) => {
                c.lines(x, width, FontId::Regular, 9.5, BLACK, t);
                c.y -= 3.0;
            }
            Block::Note(t) => {
                c.lines(x, width, FontId::Regular, 8.5, GREY, t);
                c.y -= 2.0;
            }
            Block::Bullet(t) => {
                let size = 9.5;
                let indent = 12.0;
                let lh = size * 1.32;
                let lines = wrap(&clean(t), FontId::Regular, size, width - indent);
                for (n, line) in lines.into_iter().enumerate() {
                    c.ensure(lh);
                    c.y -= size;
                    if n == 0 {
                        c.text(x + 2.0, FontId::Regular, size, BLACK, "•".into());
                    }
                    c.text(x + indent, FontId::Regular, size, BLACK, line);
                    c.y -= lh - size;
                }
            }
            Block::Field {
                label,
                value,
                mono,
                tone,
            } => {
                let size = 9.0;
                let (face, vsize) = if *mono {
                    (FontId::Mono, 8.0)
                } else {
                    (FontId::Regular, size)
                };
                let lh = size * 1.32;
                let labels = wrap(&clean(label), FontId::Regular, size, LABEL_WIDTH - GAP);
                let values = wrap(&clean(value), face, vsize, width - LABEL_WIDTH);
                let rows = labels.len().max(values.len());
                for r in 0..rows {
                    c.ensure(lh);
                    c.y -= size;
                    if let Some(l) = labels.get(r) {
                        c.text(x, FontId::Regular, size, GREY, l.clone());
                    }
                    if let Some(v) = values.get(r) {
                        c.text(x + LABEL_WIDTH, face, vsize, tone_color(*tone), v.clone());
                    }
                    c.y -= lh - size;
                }
                c.y -= 1.0;
            }
            Block::Code(t) => {
                // A command is never split across pages (a reader copies it whole).
                let n = wrap(&clean(t), FontId::Mono, 8.0, width - 10.0).len();
                c.ensure(n as f32 * 8.0 * 1.32 + 6.0);
                c.y -= 2.0;
                c.lines(x + 10.0, width - 10.0, FontId::Mono, 8.0, BLACK, t);
                c.y -= 4.0;
            }
            Block::Space(h) => {
                // Never at the top of a page or at the very end.
                if c.y < PAGE_HEIGHT - MARGIN_TOP - 1.0 && i + 1 < doc.blocks.len() {
                    c.y -= h;
                }
            }
            Block::PageBreak => {
                if c.y < PAGE_HEIGHT - MARGIN_TOP - 1.0 {
                    c.new_page();
                }
            }
        }
    }
    let total = c.pages.len();
    for (n, page) in c.pages.iter_mut().enumerate() {
        let size = 7.5;
        let label = (doc.page_label)(n + 1, total);
        let face = font(FontId::Regular);
        let label_w = face.map(|f| f.width(&label, size)).unwrap_or(60.0);
        let mut footer = clean(&doc.footer);
        if let Some(f) = face {
            let room = width - label_w - 20.0;
            while f.width(&footer, size) > room && !footer.is_empty() {
                footer.pop();
            }
        }
        page.rules.push(Rule {
            x1: x,
            x2: x + width,
            y: MARGIN_BOTTOM - 22.0,
        });
        page.texts.push(TextItem {
            x,
            y: MARGIN_BOTTOM - 32.0,
            font: FontId::Regular,
            size,
            color: GREY,
            text: footer,
        });
        page.texts.push(TextItem {
            x: x + width - label_w,
            y: MARGIN_BOTTOM - 32.0,
            font: FontId::Regular,
            size,
            color: GREY,
            text: label,
        });
    }
    c.pages
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_respects_the_width_and_keeps_every_character() {
        let text = "Contratto di fornitura 3f1ae9c0d4b2a7e8f6c5d3b1a09f8e7d6c5b4a3928170f6e5d4c3b2a1908f7e6 fine";
        for w in [60.0, 120.0, 300.0] {
            let lines = wrap(text, FontId::Regular, 10.0, w);
            let f = font(FontId::Regular).unwrap();
            for l in &lines {
                assert!(f.width(l, 10.0) <= w + 0.01, "{l} wider than {w}");
            }
            let joined: String = lines.concat().chars().filter(|c| *c != ' ').collect();
            let original: String = text.chars().filter(|c| *c != ' ').collect();
            assert_eq!(joined, original);
        }
    }

    #[test]
    fn invisible_characters_never_reach_the_page() {
        assert_eq!(clean("a\u{202e}b\u{0}c\u{200b}d\te"), "abcd e");
    }
}
