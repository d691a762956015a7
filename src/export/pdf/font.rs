//! The fonts of the PDF report: DejaVu Sans, Sans Bold and Sans Mono, committed under
//! `assets/fonts/` with their licence and compiled into the binary, so every report looks the
//! same on every system and covers Italian (and most Latin, Greek and Cyrillic text) without
//! depending on the fonts a machine happens to have.
//!
//! This module measures text and maps characters to glyphs. A character the font lacks is drawn
//! as U+FFFD (or `?`), never as the `.notdef` glyph, which PDF/A forbids in shown text.

use std::sync::OnceLock;

use ttf_parser::{Face, GlyphId};

/// One of the three faces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FontId {
    /// DejaVu Sans.
    Regular,
    /// DejaVu Sans Bold.
    Bold,
    /// DejaVu Sans Mono.
    Mono,
}

impl FontId {
    /// Every face, in resource order.
    pub const ALL: [FontId; 3] = [FontId::Regular, FontId::Bold, FontId::Mono];

    /// The PostScript name used in the PDF.
    pub fn postscript_name(self) -> &'static str {
        match self {
            FontId::Regular => "DejaVuSans",
            FontId::Bold => "DejaVuSans-Bold",
            FontId::Mono => "DejaVuSansMono",
        }
    }

    /// The resource name in page dictionaries.
    pub fn resource(self) -> &'static [u8] {
        match self {
            FontId::Regular => b"F1",
            FontId::Bold => b"F2",
            FontId::Mono => b"F3",
        }
    }

    fn bytes(self) -> &'static [u8] {
        match self {
            FontId::Regular => include_bytes!("../../../assets/fonts/DejaVuSans.ttf"),
            FontId::Bold => include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf"),
            FontId::Mono => include_bytes!("../../../assets/fonts/DejaVuSansMono.ttf"),
        }
    }
}

/// A parsed face.
pub struct Font {
    /// Which face.
    pub id: FontId,
    /// The font program.
    pub data: &'static [u8],
    face: Face<'static>,
    fallback: GlyphId,
}

impl std::fmt::Debug for Font {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Font").field("id", &self.id).finish()
    }
}

/// The faces, parsed once. `None` only if a committed font file were damaged.
pub fn font(id: FontId) -> Option<&'static Font> {
    static FONTS: OnceLock<Vec<Option<Font>>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            FontId::ALL
                .iter()
                .map(|&id| {
                    let data = id.bytes();
                    let face = Face::parse(data, 0).ok()?;
                    let fallback = face
                        .glyph_index('\u{fffd}')
                        .or_else(|| face.glyph_index('?'))?;
                    Some(Font {
                        id,
                        data,
                        face,
                        fallback,
                    })
                })
                .collect()
        })
        .get(FontId::ALL.iter().position(|&f| f == id)?)?
        .as_ref()
}

impl Font {
    /// Font units per em.
    pub fn units_per_em(&self) -> f32 {
        self.face.units_per_em() as f32
    }

    /// The glyph drawn for `c` (never `.notdef`) and the character it stands for in the text
    /// layer (U+FFFD when the font lacks `c`).
    pub fn glyph(&self, c: char) -> (u16, char) {
        match self.face.glyph_index(c) {
            Some(g) if g.0 != 0 => (g.0, c),
            _ => (self.fallback.0, '\u{fffd}'),
        }
    }

    /// Advance of a glyph in font units.
    pub fn advance(&self, glyph: u16) -> f32 {
        self.face.glyph_hor_advance(GlyphId(glyph)).unwrap_or(0) as f32
    }

    /// Width of `text` at `size` points.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        let units: f32 = text.chars().map(|c| self.advance(self.glyph(c).0)).sum();
        units * size / self.units_per_em()
    }

    /// Width of one character at `size` points.
    pub fn char_width(&self, c: char, size: f32) -> f32 {
        self.advance(self.glyph(c).0) * size / self.units_per_em()
    }

    /// Ascender, descender, cap height in PDF glyph space (1/1000 em).
    pub fn metrics(&self) -> FontMetrics {
        let k = 1000.0 / self.units_per_em();
        let bbox = self.face.global_bounding_box();
        FontMetrics {
            ascent: self.face.ascender() as f32 * k,
            descent: self.face.descender() as f32 * k,
            cap_height: self.face.capital_height().unwrap_or(self.face.ascender()) as f32 * k,
            bbox: [
                bbox.x_min as f32 * k,
                bbox.y_min as f32 * k,
                bbox.x_max as f32 * k,
                bbox.y_max as f32 * k,
            ],
            italic_angle: self.face.italic_angle(),
            monospaced: self.face.is_monospaced(),
            bold: self.face.weight().to_number() >= 600,
        }
    }
}

/// What a font descriptor needs.
#[derive(Debug, Clone, Copy)]
pub struct FontMetrics {
    /// Ascent (1/1000 em).
    pub ascent: f32,
    /// Descent (negative, 1/1000 em).
    pub descent: f32,
    /// Cap height (1/1000 em).
    pub cap_height: f32,
    /// Font bounding box (1/1000 em).
    pub bbox: [f32; 4],
    /// Italic angle in degrees.
    pub italic_angle: f32,
    /// Fixed pitch.
    pub monospaced: bool,
    /// Bold weight.
    pub bold: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn committed_fonts_parse_and_cover_italian() {
        for id in FontId::ALL {
            let f = font(id).expect("font parses");
            for c in "àèéìòùÀÈÉÌÒÙ«»€°–—’“”".chars() {
                assert_eq!(f.glyph(c).1, c, "{id:?} lacks {c}");
            }
            assert!(f.width("Consegnato", 10.0) > 30.0);
        }
    }

    #[test]
    fn missing_glyphs_fall_back_and_never_use_notdef() {
        let f = font(FontId::Regular).unwrap();
        let (g, c) = f.glyph('\u{10FFFD}');
        assert_ne!(g, 0);
        assert_eq!(c, '\u{fffd}');
        let mono = font(FontId::Mono).unwrap();
        assert!((mono.width("0123", 10.0) - mono.width("abcd", 10.0)).abs() < 0.01);
    }
}
