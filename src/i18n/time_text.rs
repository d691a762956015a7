//! Times as a person reads them: in the user's local zone, whatever zone the message was
//! stamped in, so that a list sorted by time also reads sorted ("07:12 +0000" above
//! "08:06 +0100" looked unsorted). The offset the message was stamped with stays available
//! where details and proof are shown ([`as_written`]).

use chrono::{DateTime, FixedOffset, Local, TimeZone};

/// The same instant in the user's local zone (the system's, `TZ` on Unix).
pub fn local(t: DateTime<FixedOffset>) -> DateTime<Local> {
    t.with_timezone(&Local)
}

/// `03/03/2025 19:53`, local: lists and cards.
pub fn local_minutes(t: DateTime<FixedOffset>) -> String {
    in_zone(t, &Local, "%d/%m/%Y %H:%M")
}

/// `03/03/2025 19:53:22`, local: the message view.
pub fn local_seconds(t: DateTime<FixedOffset>) -> String {
    in_zone(t, &Local, "%d/%m/%Y %H:%M:%S")
}

/// `19:53`, local.
pub fn local_clock(t: DateTime<FixedOffset>) -> String {
    in_zone(t, &Local, "%H:%M")
}

/// `03/03/2025`, local.
pub fn local_date(t: DateTime<FixedOffset>) -> String {
    in_zone(t, &Local, "%d/%m/%Y")
}

/// `2025-03-03 19:53 +0100`, local with its offset: the command line, where the zone is said.
pub fn local_iso_minutes(t: DateTime<FixedOffset>) -> String {
    in_zone(t, &Local, "%Y-%m-%d %H:%M %z")
}

/// `2025-03-03 19:53:22 +01:00`, local with its offset: printed pages.
pub fn local_iso_seconds(t: DateTime<FixedOffset>) -> String {
    in_zone(t, &Local, "%Y-%m-%d %H:%M:%S %:z")
}

/// `03/03/2025 19:53:22 +0100` as the message wrote it (its own offset): details and proof.
pub fn as_written(t: DateTime<FixedOffset>) -> String {
    t.format("%d/%m/%Y %H:%M:%S %z").to_string()
}

/// `t` in `zone` with `format` (the local functions above use the system zone; tests give
/// one).
pub fn in_zone<Tz: TimeZone>(t: DateTime<FixedOffset>, zone: &Tz, format: &str) -> String
where
    Tz::Offset: std::fmt::Display,
{
    t.with_timezone(zone).format(format).to_string()
}

/// A moment in the user's local time, as every screen shows it ([`local_minutes`] of a UTC time).
pub fn local_time_text(t: chrono::DateTime<chrono::Utc>) -> String {
    local_minutes(t.fixed_offset())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_stamped_in_different_zones_read_in_one() {
        let utc = DateTime::parse_from_rfc3339("2025-03-03T07:12:00+00:00").unwrap();
        let rome = DateTime::parse_from_rfc3339("2025-03-03T08:06:00+01:00").unwrap();
        let zone = FixedOffset::east_opt(3600).unwrap();
        let a = in_zone(utc, &zone, "%H:%M %z");
        let b = in_zone(rome, &zone, "%H:%M %z");
        assert_eq!((a.as_str(), b.as_str()), ("08:12 +0100", "08:06 +0100"));
        // Ordered by instant, the texts read ordered too.
        assert!(b < a);
        assert_eq!(as_written(utc), "03/03/2025 07:12:00 +0000");
    }
}
