//! Italian civil time (CET/CEST) without a time-zone database: daticert `<data>` and the
//! `Date:` of provider messages are local time with an explicit offset.

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, TimeZone, Utc, Weekday};

/// The Italian offset at a UTC instant: +02:00 from the last Sunday of March 01:00 UTC to the
/// last Sunday of October 01:00 UTC (EU rule), +01:00 otherwise.
pub fn italian_offset(at: DateTime<Utc>) -> FixedOffset {
    let year = at.year();
    let start = last_sunday(year, 3);
    let end = last_sunday(year, 10);
    let summer = at >= start && at < end;
    FixedOffset::east_opt(if summer { 7200 } else { 3600 }).expect("valid offset")
}

/// The instant in Italian civil time.
pub fn italian(at: DateTime<Utc>) -> DateTime<FixedOffset> {
    at.with_timezone(&italian_offset(at))
}

/// Now, in Italian civil time, to the second.
pub fn now_italian() -> DateTime<FixedOffset> {
    let now = Utc::now();
    let now = Utc
        .timestamp_opt(now.timestamp(), 0)
        .single()
        .unwrap_or(now);
    italian(now)
}

fn last_sunday(year: i32, month: u32) -> DateTime<Utc> {
    let first_next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    }
    .expect("valid date");
    let mut d = first_next - Duration::days(1);
    while d.weekday() != Weekday::Sun {
        d -= Duration::days(1);
    }
    Utc.from_utc_datetime(&d.and_hms_opt(1, 0, 0).expect("valid time"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summer_and_winter() {
        let winter = Utc.with_ymd_and_hms(2018, 11, 13, 15, 39, 26).unwrap();
        assert_eq!(italian(winter).to_rfc3339(), "2018-11-13T16:39:26+01:00");
        let summer = Utc.with_ymd_and_hms(2023, 8, 18, 15, 37, 14).unwrap();
        assert_eq!(italian(summer).to_rfc3339(), "2023-08-18T17:37:14+02:00");
        // 2024: DST starts 31 March 01:00 UTC.
        let before = Utc.with_ymd_and_hms(2024, 3, 31, 0, 59, 59).unwrap();
        let after = Utc.with_ymd_and_hms(2024, 3, 31, 1, 0, 0).unwrap();
        assert_eq!(italian_offset(before).local_minus_utc(), 3600);
        assert_eq!(italian_offset(after).local_minus_utc(), 7200);
    }
}
