//! Characters that change how a name or a line looks without being what a system reads:
//! control characters, bidirectional marks, overrides and isolates, zero-width and other
//! invisible format characters, fillers and selectors that render as nothing.
//!
//! One list for every file name Sigillo writes, shows or judges (dossier and filing names,
//! documents taken out of `.p7m` files, the rule that refuses to open executables, the PDF
//! report): "fattura\u{202E}fdp.exe" must be the same name to all of them, so the rule lives
//! here once. Written here rather than taken from a crate: the set of characters is the point,
//! and the crates found either strip only ANSI sequences or follow a Unicode property that
//! leaves out the fillers used to disguise names.

/// True when `c` is hidden in a displayed name: it is removed before a name is shown, written
/// or judged.
pub fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(c,
            // soft hyphen, combining grapheme joiner, Arabic letter mark
            '\u{00ad}' | '\u{034f}' | '\u{061c}'
            // Hangul and Khmer fillers, Mongolian vowel separator
            | '\u{115f}' | '\u{1160}' | '\u{17b4}' | '\u{17b5}' | '\u{180e}'
            // zero-width space/joiners, LRM/RLM, line and paragraph separators,
            // bidirectional embeddings and overrides
            | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}'
            // word joiner, invisible operators, bidirectional isolates, deprecated formats
            | '\u{2060}'..='\u{206f}'
            | '\u{3164}'
            // variation selectors, byte-order mark, half-width Hangul filler, specials
            | '\u{fe00}'..='\u{fe0f}' | '\u{feff}' | '\u{ffa0}' | '\u{fff0}'..='\u{fffb}'
            // tag characters and the variation selectors supplement
            | '\u{e0000}'..='\u{e007f}' | '\u{e0100}'..='\u{e01ef}')
}

/// `s` without its hidden characters.
pub fn without_hidden(s: &str) -> String {
    s.chars().filter(|&c| !is_hidden(c)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_that_disguise_a_name_are_hidden() {
        for c in [
            '\0',
            '\t',
            '\u{7f}',
            '\u{85}',
            '\u{ad}',
            '\u{34f}',
            '\u{61c}',
            '\u{115f}',
            '\u{180e}',
            '\u{200b}',
            '\u{200d}',
            '\u{200e}',
            '\u{200f}',
            '\u{2028}',
            '\u{202a}',
            '\u{202e}',
            '\u{2066}',
            '\u{2069}',
            '\u{3164}',
            '\u{fe0f}',
            '\u{feff}',
            '\u{ffa0}',
            '\u{fffb}',
            '\u{e0001}',
            '\u{e0100}',
        ] {
            assert!(is_hidden(c), "{:?}", c);
        }
        assert_eq!(without_hidden("fattura\u{202e}fdp.exe"), "fatturafdp.exe");
    }

    #[test]
    fn what_people_write_is_kept() {
        let text = "Perché l'attività è già più società à € § ° «»–— 日本 ñ ß";
        assert_eq!(without_hidden(text), text);
        for c in text.chars() {
            assert!(!is_hidden(c), "{c:?}");
        }
    }
}
