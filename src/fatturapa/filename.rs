//! SdI file names: `IT01234567890_abcde.xml` (an invoice file, possibly `.xml.p7m` or `.zip`)
//! and `IT01234567890_abcde_RC_001.xml` (a message about it: the invoice file's name, the kind,
//! a three-character progressive).

use super::sdi::SdiKind;

/// A file name in the SdI scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SdiFileName {
    /// Country code of the transmitter (`IT`).
    pub country: String,
    /// Its identifier (VAT number or fiscal code).
    pub id: String,
    /// The file's progressive (up to five alphanumerics).
    pub progressive: String,
    /// The message kind, for messages; `None` for invoice files.
    pub kind: Option<SdiKind>,
    /// The message's own progressive.
    pub message_progressive: Option<String>,
    /// The extension(s) after the first dot, lower case (`xml`, `xml.p7m`, `zip`).
    pub extension: String,
}

impl SdiFileName {
    /// The invoice file a message refers to, without extension: `IT01234567890_abcde`.
    pub fn invoice_stem(&self) -> String {
        format!("{}{}_{}", self.country, self.id, self.progressive)
    }
}

fn alnum(s: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// Parses a file name in the SdI scheme; `None` for any other name.
pub fn parse(name: &str) -> Option<SdiFileName> {
    let name = name.trim();
    let (stem, ext) = name.split_once('.')?;
    let extension = ext.to_ascii_lowercase();
    if !matches!(extension.as_str(), "xml" | "xml.p7m" | "zip" | "p7m") {
        return None;
    }
    let parts: Vec<&str> = stem.split('_').collect();
    let (head, progressive, kind, msg_prog) = match parts.as_slice() {
        [head, prog] => (*head, *prog, None, None),
        [head, prog, kind, mp] => (*head, *prog, Some(*kind), Some(*mp)),
        _ => return None,
    };
    if head.len() < 3 || !head.is_char_boundary(2) {
        return None;
    }
    let (country, id) = head.split_at(2);
    if !country.bytes().all(|b| b.is_ascii_uppercase())
        || !alnum(id, 1, 28)
        || !alnum(progressive, 1, 5)
    {
        return None;
    }
    let kind = match kind {
        Some(k) => Some(SdiKind::from_code(k).filter(|_| k.len() == 2)?),
        None => None,
    };
    if let Some(mp) = msg_prog
        && !alnum(mp, 3, 3)
    {
        return None;
    }
    Some(SdiFileName {
        country: country.to_owned(),
        id: id.to_owned(),
        progressive: progressive.to_owned(),
        kind,
        message_progressive: msg_prog.map(str::to_owned),
        extension,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invoice_and_message_names() {
        let f = parse("IT01234567890_abcde.xml.p7m").unwrap();
        assert_eq!(f.country, "IT");
        assert_eq!(f.id, "01234567890");
        assert_eq!(f.kind, None);
        assert_eq!(f.extension, "xml.p7m");
        let m = parse("IT01234567890_abcde_RC_001.xml").unwrap();
        assert_eq!(m.kind, Some(SdiKind::Rc));
        assert_eq!(m.invoice_stem(), "IT01234567890_abcde");
        assert_eq!(
            parse("IT01234567890_00007_MT_002.xml").unwrap().kind,
            Some(SdiKind::Mt)
        );
        assert!(parse("fattura.xml").is_none());
        assert!(parse("IT01234567890_abcdef.xml").is_none());
        assert!(parse("IT01234567890_abcde_XX_001.xml").is_none());
        assert!(parse("IT01234567890_abcde.pdf").is_none());
        assert!(parse("it01234567890_abcde.xml").is_none());
    }
}
