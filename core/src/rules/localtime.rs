//! Local calendar time in the company's time zone: which local day an
//! instant falls on, and the UTC instant at which a local day starts or a
//! local wall-clock time occurs. Every "end of day" deadline in the rules is
//! the start of the next local day (deadlines are inclusive, so that
//! instant itself is still in time; anything on the last day certainly is).

use chrono::{DateTime, Days, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

/// The local calendar day of `at` in `tz`.
pub fn local_date(at: DateTime<Utc>, tz: Tz) -> NaiveDate {
    at.with_timezone(&tz).date_naive()
}

/// The UTC instant of local wall-clock `time` on `date` in `tz`.
///
/// An ambiguous time (clocks going back) takes the earlier instant; a time
/// that does not exist (clocks going forward) takes the first instant after
/// the gap.
pub fn local_instant(date: NaiveDate, time: NaiveTime, tz: Tz) -> DateTime<Utc> {
    let naive = date.and_time(time);
    if let Some(t) = tz.from_local_datetime(&naive).earliest() {
        return t.with_timezone(&Utc);
    }
    // Inside a DST gap: walk forward minute by minute (gaps are < 1 day).
    let mut probe = naive;
    for _ in 0..(24 * 60) {
        probe += chrono::Duration::minutes(1);
        if let Some(t) = tz.from_local_datetime(&probe).earliest() {
            return t.with_timezone(&Utc);
        }
    }
    // Unreachable for real time zones; fall back to reading it as UTC.
    Utc.from_utc_datetime(&naive)
}

/// The UTC instant at which local `date` starts (its local midnight).
pub fn start_of_day(date: NaiveDate, tz: Tz) -> DateTime<Utc> {
    local_instant(date, NaiveTime::MIN, tz)
}

/// The end of local `date`: the start of the following local day.
pub fn end_of_day(date: NaiveDate, tz: Tz) -> DateTime<Utc> {
    start_of_day(date + Days::new(1), tz)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{day as d, instant as utc};
    use chrono_tz::{America::Sao_Paulo, Asia::Shanghai, Europe::London};

    /// `end_of_day(date)` in `tz` is the instant `next` (UTC).
    fn assert_end(date: &str, tz: Tz, next: &str) {
        assert_eq!(
            end_of_day(d(date), tz),
            utc(next),
            "the end of {date} in {tz}"
        );
    }

    #[test]
    fn local_date_crosses_the_utc_day_in_shanghai() {
        // 23:30 local on 2026-03-05 is 15:30 UTC the same day...
        let late_evening = utc("2026-03-05T15:30:00Z");
        assert_eq!(local_date(late_evening, Shanghai), d("2026-03-05"));
        // ...and 00:30 local on 03-06 is still 03-05 in UTC.
        let after_midnight = utc("2026-03-05T16:30:00Z");
        assert_eq!(local_date(after_midnight, Shanghai), d("2026-03-06"));
    }

    #[test]
    fn end_of_day_is_next_local_midnight() {
        assert_end("2026-03-05", Shanghai, "2026-03-05T16:00:00Z");
    }

    #[test]
    fn dst_days_in_london() {
        // Clocks go forward at 01:00 on 2026-03-29; midnight exists.
        assert_end("2026-03-28", London, "2026-03-29T00:00:00Z");
        assert_end("2026-03-29", London, "2026-03-29T23:00:00Z");
        // 01:30 does not exist that day: the first instant after the gap.
        let t = local_instant(
            d("2026-03-29"),
            NaiveTime::from_hms_opt(1, 30, 0).unwrap(),
            London,
        );
        assert_eq!(t, utc("2026-03-29T01:00:00Z"));
    }

    #[test]
    fn midnight_inside_a_dst_gap() {
        // São Paulo skipped 00:00–01:00 on 2018-11-04.
        assert_eq!(
            start_of_day(d("2018-11-04"), Sao_Paulo),
            utc("2018-11-04T03:00:00Z")
        );
    }
}
