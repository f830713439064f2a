//! Dates as real boards write them.
//!
//! Accepts RFC 3339 (with or without fraction and zone), a bare date,
//! `YYYY-MM-DD HH:MM:SS ±ZZZZ`, `YYYY-MM-DD HH:MM` (Backlog.md's form) and
//! JavaScript's `Date.toString()` form.
//! A date without a zone is taken as UTC.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};

/// Parses one of the accepted date forms; `None` when it is none of them.
pub(crate) fn parse(raw: &str) -> Option<DateTime<FixedOffset>> {
    let s = raw.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Some(dt);
    }
    for format in [
        "%Y-%m-%d %H:%M:%S %z",
        "%Y-%m-%d %H:%M:%S%.f %z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
    ] {
        if let Ok(dt) = DateTime::parse_from_str(s, format) {
            return Some(dt);
        }
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(s, format) {
            return Some(utc(naive));
        }
    }
    if let Ok(date) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return date.and_hms_opt(0, 0, 0).map(utc);
    }
    parse_js_date(s)
}

/// `Sun Oct 12 2025 18:59:36 GMT-0500 (Central Daylight Time)`.
fn parse_js_date(s: &str) -> Option<DateTime<FixedOffset>> {
    let without_name = match s.find(" (") {
        Some(i) if s.ends_with(')') => &s[..i],
        _ => s,
    };
    DateTime::parse_from_str(without_name, "%a %b %d %Y %H:%M:%S GMT%z").ok()
}

fn utc(naive: NaiveDateTime) -> DateTime<FixedOffset> {
    Utc.from_utc_datetime(&naive).fixed_offset()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted_forms() {
        let cases = [
            ("2025-10-17T01:20:00.000Z", "2025-10-17T01:20:00+00:00"),
            ("2025-10-17T01:20:00Z", "2025-10-17T01:20:00+00:00"),
            ("2025-10-17T01:20:00+02:00", "2025-10-17T01:20:00+02:00"),
            ("2025-10-17T01:20:00", "2025-10-17T01:20:00+00:00"),
            (
                "2025-10-17T01:20:00.123456",
                "2025-10-17T01:20:00.123456+00:00",
            ),
            ("2025-10-17", "2025-10-17T00:00:00+00:00"),
            ("2025-10-19 10:50:14 -0500", "2025-10-19T10:50:14-05:00"),
            // #11 item 6: Backlog.md's `created_date`, minutes and no zone.
            ("2025-06-08 21:37", "2025-06-08T21:37:00+00:00"),
            ("2025-10-17T01:20", "2025-10-17T01:20:00+00:00"),
            (
                "Sun Oct 12 2025 18:59:36 GMT-0500 (Central Daylight Time)",
                "2025-10-12T18:59:36-05:00",
            ),
            (
                "Sun Oct 12 2025 18:59:36 GMT-0500",
                "2025-10-12T18:59:36-05:00",
            ),
        ];
        for (raw, want) in cases {
            let got = parse(raw).unwrap_or_else(|| panic!("{raw:?} did not parse"));
            assert_eq!(got.to_rfc3339(), want, "{raw:?}");
        }
    }

    #[test]
    fn rejected_forms() {
        for raw in [
            "",
            "yesterday",
            "2025-13-01",
            "$(date -Iseconds)",
            "17/10/2025",
            "2025-06-08 25:37",
            "2025-06-08 21:37 nonsense",
        ] {
            assert_eq!(parse(raw), None, "{raw:?}");
        }
    }
}
