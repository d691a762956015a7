//! Amounts, rates and quantities of an invoice, kept as the decimal strings the invoice writes
//! (never floating point): `1234.50`, `-10.00`, `22.00`, `3.00000000`.

use serde::Serialize;

/// A decimal number as written in the invoice, checked to be one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(transparent)]
pub struct Amount(String);

/// What kind of decimal an element holds (FatturaPA schema types).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecimalKind {
    /// `Amount2DecimalType`: signed, two decimals (totals, taxable amounts, taxes, payments).
    Amount2,
    /// `Amount8DecimalType`: signed, two to eight decimals (unit prices, line totals).
    Amount8,
    /// `RateType`: unsigned, up to three integer digits (VAT rates, percentages).
    Rate,
    /// `QuantitaType`: unsigned, two to eight decimals.
    Quantity,
}

impl DecimalKind {
    /// The form expected, for error messages.
    pub fn expected(self) -> Expected {
        match self {
            DecimalKind::Amount2 => Expected::Amount2,
            DecimalKind::Amount8 => Expected::Amount8,
            DecimalKind::Rate => Expected::Rate,
            DecimalKind::Quantity => Expected::Quantity,
        }
    }
}

/// The form an element should have had.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Expected {
    /// An amount with two decimals.
    Amount2,
    /// An amount with two to eight decimals.
    Amount8,
    /// A rate with two decimals.
    Rate,
    /// A quantity with two to eight decimals.
    Quantity,
    /// A date `YYYY-MM-DD`.
    Date,
    /// Base64 data.
    Base64,
}

impl Expected {
    /// Wire spelling, also the i18n key suffix (`fattura-expected-<…>`).
    pub fn as_str(self) -> &'static str {
        match self {
            Expected::Amount2 => "amount2",
            Expected::Amount8 => "amount8",
            Expected::Rate => "rate",
            Expected::Quantity => "quantity",
            Expected::Date => "date",
            Expected::Base64 => "base64",
        }
    }
}

impl std::fmt::Display for Expected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Expected::Amount2 => "an amount with a dot and two decimals, e.g. 1234.50",
            Expected::Amount8 => "an amount with a dot and two to eight decimals, e.g. 12.3456",
            Expected::Rate => "a rate with a dot and two decimals, e.g. 22.00",
            Expected::Quantity => "a quantity with a dot and two to eight decimals, e.g. 1.00",
            Expected::Date => "a date written YYYY-MM-DD",
            Expected::Base64 => "base64 data",
        })
    }
}

impl Amount {
    /// Checks a value. The schema asks for a dot and at least two decimals; values with fewer
    /// decimals (or none) are accepted as the numbers they plainly are.
    pub fn parse(s: &str, kind: DecimalKind) -> Option<Amount> {
        let s = s.trim();
        let (signed, max_int, max_frac) = match kind {
            DecimalKind::Amount2 => (true, 13, 2),
            DecimalKind::Amount8 => (true, 13, 8),
            DecimalKind::Rate => (false, 3, 2),
            DecimalKind::Quantity => (false, 12, 8),
        };
        let digits = match s.strip_prefix('-') {
            Some(rest) if signed => rest,
            Some(_) => return None,
            None => s,
        };
        let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
        let ok = !int.is_empty()
            && int.len() <= max_int
            && int.bytes().all(|b| b.is_ascii_digit())
            && frac.len() <= max_frac
            && frac.bytes().all(|b| b.is_ascii_digit())
            && !(digits.contains('.') && frac.is_empty());
        ok.then(|| Amount(s.to_owned()))
    }

    /// The value as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The value in hundredths (rounded half away from zero), for sums and comparisons.
    pub fn hundredths(&self) -> i128 {
        let neg = self.0.starts_with('-');
        let digits = self.0.trim_start_matches('-');
        let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
        let int: i128 = int.parse().unwrap_or(0);
        let mut frac_digits: Vec<u8> = frac.bytes().map(|b| b - b'0').collect();
        frac_digits.resize(3, 0);
        let mut v = int * 100 + (frac_digits[0] as i128) * 10 + frac_digits[1] as i128;
        if frac_digits[2] >= 5 {
            v += 1;
        }
        if neg { -v } else { v }
    }
}

impl std::fmt::Display for Amount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Formats hundredths as a decimal string with two decimals.
pub fn format_hundredths(v: i128) -> String {
    let sign = if v < 0 { "-" } else { "" };
    let a = v.unsigned_abs();
    format!("{sign}{}.{:02}", a / 100, a % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_schema_forms_and_refuses_the_rest() {
        for (s, k) in [
            ("1234.50", DecimalKind::Amount2),
            ("-10.00", DecimalKind::Amount2),
            ("0.12345678", DecimalKind::Amount8),
            ("22.00", DecimalKind::Rate),
            ("3.00000000", DecimalKind::Quantity),
            ("10", DecimalKind::Amount2),
        ] {
            assert_eq!(Amount::parse(s, k).unwrap().as_str(), s);
        }
        for (s, k) in [
            ("12,50", DecimalKind::Amount2),
            ("1.234.50", DecimalKind::Amount2),
            ("abc", DecimalKind::Amount2),
            ("", DecimalKind::Amount2),
            ("1e3", DecimalKind::Amount2),
            ("-22.00", DecimalKind::Rate),
            ("1000.00", DecimalKind::Rate),
            ("1.123", DecimalKind::Amount2),
            ("1.", DecimalKind::Amount2),
            (".5", DecimalKind::Amount2),
            ("NaN", DecimalKind::Amount8),
        ] {
            assert!(Amount::parse(s, k).is_none(), "{s} accepted");
        }
    }

    #[test]
    fn hundredths_are_exact() {
        let a = Amount::parse("1234.505", DecimalKind::Amount8).unwrap();
        assert_eq!(a.hundredths(), 123451);
        let b = Amount::parse("-0.10", DecimalKind::Amount2).unwrap();
        assert_eq!(b.hundredths(), -10);
        assert_eq!(format_hundredths(123451), "1234.51");
        assert_eq!(format_hundredths(-10), "-0.10");
        // 0.1 + 0.2 is exactly 0.30 here.
        let x = Amount::parse("0.10", DecimalKind::Amount2)
            .unwrap()
            .hundredths()
            + Amount::parse("0.20", DecimalKind::Amount2)
                .unwrap()
                .hundredths();
        assert_eq!(format_hundredths(x), "0.30");
    }
}
