//! `Timestamp`: the caller's clock, as validated unix seconds, with a small RFC 3339 parser.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use crate::Error;

/// The latest accepted time, 9999-12-31T23:59:59Z: the end of the RFC 3339 range. A larger
/// value is almost always milliseconds or microseconds passed as seconds.
pub const MAX_TIMESTAMP: f64 = 253_402_300_799.0;

const SECONDS_PER_DAY: i64 = 86_400;

/// A point in time as unix seconds (UTC, fractions allowed), supplied by the caller.
///
/// The crate never reads the clock itself: histories move only with the times they are
/// given, so tests and replays are deterministic. A timestamp is finite, not before
/// 1970-01-01T00:00:00Z (zero) and not after [`MAX_TIMESTAMP`]; anything else is an
/// [`Error`], never a panic.
///
/// # Example
///
/// ```
/// use sentiment_triage::Timestamp;
///
/// let t = Timestamp::parse_rfc3339("2024-03-01T09:30:00+01:00")?;
/// assert_eq!(t, Timestamp::from_unix_seconds(1_709_281_800.0)?);
/// assert_eq!(t.to_string(), "2024-03-01T08:30:00Z");
/// assert!(Timestamp::from_unix_seconds(f64::NAN).is_err());
/// assert!(Timestamp::from_unix_seconds(-1.0).is_err());
/// # Ok::<(), sentiment_triage::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "f64", into = "f64"))]
pub struct Timestamp(f64);

impl Timestamp {
    /// 1970-01-01T00:00:00Z.
    pub const EPOCH: Timestamp = Timestamp(0.0);

    /// A timestamp from unix seconds.
    ///
    /// # Errors
    ///
    /// When `seconds` is NaN, infinite, negative, or after [`MAX_TIMESTAMP`].
    pub fn from_unix_seconds(seconds: f64) -> Result<Timestamp, Error> {
        if !seconds.is_finite() {
            return Err(Error::invalid(format!(
                "timestamp {seconds} is not a finite number of seconds"
            )));
        }
        if seconds < 0.0 {
            return Err(Error::invalid(format!(
                "timestamp {seconds} is before 1970-01-01T00:00:00Z"
            )));
        }
        if seconds > MAX_TIMESTAMP {
            return Err(Error::invalid(format!(
                "timestamp {seconds} is after the year 9999 (milliseconds passed as seconds?)"
            )));
        }
        // `+ 0.0` turns -0.0 into 0.0, so equal timestamps have equal bits.
        Ok(Timestamp(seconds + 0.0))
    }

    /// Parses an RFC 3339 date-time: `YYYY-MM-DDTHH:MM:SS(.fff)?(Z|±HH:MM)`. A lower-case
    /// `t` or `z`, or a space instead of `T`, is accepted as RFC 3339 allows. A leap second
    /// (`:60`) counts as the first second of the next minute.
    ///
    /// # Errors
    ///
    /// When the text does not have that shape, a field is out of range (month 13, February
    /// 30th, hour 24), or the time is outside the range of [`Timestamp`].
    pub fn parse_rfc3339(text: &str) -> Result<Timestamp, Error> {
        parse_rfc3339(text).ok_or_else(|| {
            Error::invalid(format!(
                "'{text}' is not an RFC 3339 date-time like 2024-03-01T09:30:00Z"
            ))
        })?
    }

    /// The unix seconds.
    pub fn as_unix_seconds(self) -> f64 {
        self.0
    }

    /// Seconds from `earlier` to `self`; zero when `earlier` is later.
    pub fn seconds_since(self, earlier: Timestamp) -> f64 {
        (self.0 - earlier.0).max(0.0)
    }
}

impl PartialEq for Timestamp {
    fn eq(&self, other: &Timestamp) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Timestamp {}

impl PartialOrd for Timestamp {
    fn partial_cmp(&self, other: &Timestamp) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Timestamp {
    fn cmp(&self, other: &Timestamp) -> Ordering {
        self.0.total_cmp(&other.0)
    }
}

impl Hash for Timestamp {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.to_bits().hash(state);
    }
}

impl TryFrom<f64> for Timestamp {
    type Error = Error;

    fn try_from(seconds: f64) -> Result<Timestamp, Error> {
        Timestamp::from_unix_seconds(seconds)
    }
}

impl From<Timestamp> for f64 {
    fn from(t: Timestamp) -> f64 {
        t.0
    }
}

impl FromStr for Timestamp {
    type Err = Error;

    /// Same as [`Timestamp::parse_rfc3339`].
    fn from_str(s: &str) -> Result<Timestamp, Error> {
        Timestamp::parse_rfc3339(s)
    }
}

impl fmt::Display for Timestamp {
    /// RFC 3339 in UTC, with milliseconds only when there is a fraction.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let whole = self.0.floor();
        let millis = ((self.0 - whole) * 1000.0).round() as i64;
        // Rounding up to a full second carries into the seconds.
        let (secs, millis) = if millis >= 1000 {
            (whole as i64 + 1, 0)
        } else {
            (whole as i64, millis)
        };
        let (days, rem) = (
            secs.div_euclid(SECONDS_PER_DAY),
            secs.rem_euclid(SECONDS_PER_DAY),
        );
        let (y, m, d) = civil_from_days(days);
        let (hh, mm, ss) = (rem / 3600, rem / 60 % 60, rem % 60);
        write!(f, "{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}")?;
        if millis > 0 {
            write!(f, ".{millis:03}")?;
        }
        f.write_str("Z")
    }
}

/// `None` when the shape or a field is wrong; `Some(Err)` when the time is out of range.
fn parse_rfc3339(text: &str) -> Option<Result<Timestamp, Error>> {
    let b = text.as_bytes();
    if b.len() < 20 || !b.is_ascii() {
        return None;
    }
    let num = |range: std::ops::Range<usize>| -> Option<i64> {
        let digits = b.get(range)?;
        digits.iter().try_fold(0i64, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0'))
        })
    };
    let sep = |i: usize, ok: &[u8]| ok.contains(&b[i]);
    if !(sep(4, b"-") && sep(7, b"-") && sep(10, b"Tt ") && sep(13, b":") && sep(16, b":")) {
        return None;
    }
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut i = 19;
    let mut fraction = 0.0;
    if b[i] == b'.' {
        let start = i + 1;
        i = start;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return None;
        }
        fraction = text[start - 1..i].parse::<f64>().ok()?;
    }
    let offset = match b.get(i..)? {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let (oh, om) = (num(i + 1..i + 3)?, num(i + 4..i + 6)?);
            if oh > 23 || om > 59 {
                return None;
            }
            let minutes = oh * 60 + om;
            if *sign == b'+' {
                minutes
            } else {
                -minutes
            }
        }
        _ => return None,
    };
    let secs =
        days_from_civil(year, month, day) * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second
            - offset * 60;
    Some(Timestamp::from_unix_seconds(secs as f64 + fraction))
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// (text, unix seconds, or None when it must be rejected)
    const CASES: &[(&str, Option<f64>)] = &[
        ("1970-01-01T00:00:00Z", Some(0.0)),
        ("2024-03-01T09:30:00Z", Some(1_709_285_400.0)),
        ("2024-03-01T09:30:00+01:00", Some(1_709_281_800.0)),
        ("2024-03-01T09:30:00-05:30", Some(1_709_305_200.0)),
        ("2024-03-01t09:30:00z", Some(1_709_285_400.0)),
        ("2024-03-01 09:30:00Z", Some(1_709_285_400.0)),
        ("2024-03-01T09:30:00.250Z", Some(1_709_285_400.25)),
        ("2024-02-29T00:00:00Z", Some(1_709_164_800.0)),
        ("2016-12-31T23:59:60Z", Some(1_483_228_800.0)),
        ("2000-02-29T12:00:00Z", Some(951_825_600.0)),
        ("9999-12-31T23:59:59Z", Some(MAX_TIMESTAMP)),
        ("2023-02-29T00:00:00Z", None),
        ("1900-02-29T00:00:00Z", None),
        ("2024-13-01T00:00:00Z", None),
        ("2024-00-01T00:00:00Z", None),
        ("2024-04-31T00:00:00Z", None),
        ("2024-03-01T24:00:00Z", None),
        ("2024-03-01T09:60:00Z", None),
        ("2024-03-01T09:30:61Z", None),
        ("2024-03-01T09:30:00", None),
        ("2024-03-01T09:30:00.Z", None),
        ("2024-03-01T09:30:00+0100", None),
        ("2024-03-01T09:30:00+24:00", None),
        ("2024-03-01T09:30:00Zjunk", None),
        ("2024-3-01T09:30:00Z", None),
        ("+024-03-01T09:30:00Z", None),
        ("1969-12-31T23:59:59Z", None),
        ("1970-01-01T00:30:00+01:00", None),
        ("2024-03-01T09:30:00Zé", None),
        ("", None),
    ];

    #[test]
    fn rfc3339_table() {
        for (text, want) in CASES {
            let got = Timestamp::parse_rfc3339(text).ok().map(f64::from);
            assert_eq!(got, *want, "{text}");
        }
    }

    #[test]
    fn bad_numbers_are_errors_with_a_reason() {
        for (x, fragment) in [
            (f64::NAN, "finite"),
            (f64::INFINITY, "finite"),
            (-0.5, "before 1970"),
            (1.7e12, "milliseconds"),
        ] {
            let err = Timestamp::from_unix_seconds(x).unwrap_err().to_string();
            assert!(err.contains(fragment), "{err}");
        }
        assert_eq!(
            Timestamp::from_unix_seconds(-0.0).unwrap(),
            Timestamp::EPOCH
        );
    }

    #[test]
    fn display_is_rfc3339_utc() {
        let t = Timestamp::from_unix_seconds(1_709_285_400.25).unwrap();
        assert_eq!(t.to_string(), "2024-03-01T09:30:00.250Z");
        let t = Timestamp::from_unix_seconds(0.9999).unwrap();
        assert_eq!(t.to_string(), "1970-01-01T00:00:01Z");
    }

    proptest! {
        #[test]
        fn display_then_parse_round_trips(secs in 0i64..=MAX_TIMESTAMP as i64) {
            let t = Timestamp::from_unix_seconds(secs as f64).unwrap();
            prop_assert_eq!(Timestamp::parse_rfc3339(&t.to_string()).unwrap(), t);
        }

        #[test]
        fn parser_never_panics(s in "\\PC{0,40}") {
            let _ = Timestamp::parse_rfc3339(&s);
        }
    }
}
