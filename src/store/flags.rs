//! The IMAP flags of a stored copy as a set (`\Seen`, `\Answered`, `$Label`…). The store keeps
//! them in one column as the flag names sorted and joined by single spaces (`\Answered \Seen`);
//! this type is the only reader and writer of that text, and [`unseen_sql!`] the only SQL
//! test of it (listings count unread copies in SQL, over many rows at once).

use std::collections::BTreeSet;
use std::fmt;

/// The IMAP system flag of a message read.
pub const SEEN: &str = "\\Seen";

/// The flags of one copy, each once, in sorted order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct FlagSet(BTreeSet<String>);

impl FlagSet {
    /// Reads the stored text: flag names separated by blanks.
    pub fn parse(stored: &str) -> FlagSet {
        FlagSet(stored.split_whitespace().map(str::to_owned).collect())
    }

    /// True when the copy was read (`\Seen`).
    pub fn is_seen(&self) -> bool {
        self.contains(SEEN)
    }

    /// True when `flag` is set (names compared exactly, as the server wrote them).
    pub fn contains(&self, flag: &str) -> bool {
        self.0.contains(flag)
    }

    /// Sets `flag`; false when it was set already.
    pub fn insert(&mut self, flag: &str) -> bool {
        self.0.insert(flag.to_owned())
    }

    /// True when no flag is set.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The flags, sorted.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(String::as_str)
    }
}

impl<S: Into<String>> FromIterator<S> for FlagSet {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> Self {
        FlagSet(
            iter.into_iter()
                .map(Into::into)
                .filter(|f: &String| !f.is_empty())
                .collect(),
        )
    }
}

impl From<&str> for FlagSet {
    fn from(stored: &str) -> Self {
        FlagSet::parse(stored)
    }
}

/// The stored text: the flags sorted, joined by single spaces.
impl fmt::Display for FlagSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, flag) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            f.write_str(flag)?;
        }
        Ok(())
    }
}

/// The SQL condition "this copy has server flags and `\Seen` is not among them", over the flags
/// column named by the literal given (e.g. `unseen_sql!("u.flags")`): the one place that knows
/// how the stored text spells a read copy.
macro_rules! unseen_sql {
    ($column:literal) => {
        concat!(
            "(",
            $column,
            " IS NOT NULL AND instr(",
            $column,
            ", '\\Seen') = 0)"
        )
    };
}
pub(super) use unseen_sql;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_text_reads_back_sorted_each_flag_once() {
        let f = FlagSet::parse("  \\Seen $Label  \\Answered \\Seen ");
        assert_eq!(f.to_string(), "$Label \\Answered \\Seen");
        assert!(f.is_seen());
        assert_eq!(FlagSet::parse(&f.to_string()), f);
        assert_eq!(FlagSet::parse("").to_string(), "");
        assert!(FlagSet::parse(" ").is_empty());
    }

    #[test]
    fn seen_is_the_exact_system_flag() {
        assert!(!FlagSet::parse("\\Answered $Seen \\seen").is_seen());
        let mut f = FlagSet::parse("\\Flagged");
        assert!(f.insert(SEEN));
        assert!(!f.insert(SEEN));
        assert_eq!(f.to_string(), "\\Flagged \\Seen");
    }

    #[test]
    fn the_sql_test_agrees_with_the_set() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        for stored in [
            None,
            Some(""),
            Some("\\Answered"),
            Some("\\Answered \\Seen"),
        ] {
            let unseen: bool = conn
                .query_row(concat!("SELECT ", unseen_sql!("?1")), [stored], |r| {
                    r.get::<_, Option<bool>>(0)
                })
                .unwrap()
                .unwrap_or(false);
            let expected = stored.is_some_and(|s| !FlagSet::parse(s).is_seen());
            assert_eq!(unseen, expected, "{stored:?}");
        }
    }
}
