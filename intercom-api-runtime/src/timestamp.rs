//! [`Timestamp`]: an instant as Intercom sends it, in whichever form it arrived.
//!
//! The REST API sends times as Unix seconds (`1460428612`). Webhook deliveries carry the same
//! fields as RFC 3339 text (`"2016-04-12T02:36:52.214Z"`) or as numeric strings
//! (`"1401970114"`). All three decode into the same [`Timestamp`], which remembers the form so
//! that serializing it gives back exactly what was received.

use std::cmp::Ordering;
use std::fmt::{self, Write as _};
use std::hash::{Hash, Hasher};
use std::str::FromStr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use crate::de::{Decoded, Lenient, float_value, integral};

const NANOS_PER_SEC: u32 = 1_000_000_000;
const SECS_PER_DAY: i64 = 86_400;

/// An instant with one-nanosecond resolution, and the form it arrived in.
///
/// - **Decoding** accepts Unix seconds as a JSON integer (`1460428612`), as a numeric string
///   (`"1460428612"`, `"1460428612.5"`), or RFC 3339 text (`"2016-04-12T02:36:52.214Z"`,
///   `"2016-04-12T04:36:52+02:00"`, with at most nine fraction digits). Anything else does not
///   fit: the field stays `None` and the value is kept in the model's `extra` map, as for every
///   other type. So is a string that would not be written back the same (`"+5"`, `"007"`,
///   `"1.4e9"`).
/// - **Serializing** writes the value exactly as it was received: an integer as an integer, a
///   string as the same string. A timestamp made in Rust ([`from_unix`](Self::from_unix),
///   `From<i64>`, `From<SystemTime>`) serializes as integer seconds, the form the API takes
///   in requests. To send a received timestamp back in that form, use
///   [`to_unix_form`](Self::to_unix_form); in a query string a timestamp is always sent as Unix
///   seconds.
/// - **Comparing**: two timestamps are equal when they denote the same instant, whatever the
///   form ([`form`](Self::form) tells the forms apart), and they order by instant. A timestamp
///   equals an `i64` of Unix seconds when it falls exactly on that second, and orders against
///   one by instant.
/// - **Display** writes the instant as RFC 3339 in UTC (`2016-04-12T02:36:52.214Z`).
///
/// A `Timestamp` is `Copy` and as large as an `i64` and a `u64`; an `Option<Timestamp>` is no
/// larger.
///
/// ```
/// use intercom_api::{Timestamp, TimestampForm};
///
/// let rest: Timestamp = serde_json::from_str("1460428612")?;
/// let hook: Timestamp = serde_json::from_str(r#""2016-04-12T04:36:52+02:00""#)?;
/// assert_eq!(rest, hook);
/// assert_eq!(hook, 1_460_428_612);
/// assert!(hook > 1_460_000_000);
/// assert_eq!(hook.form(), TimestampForm::Rfc3339);
/// assert_eq!(serde_json::to_string(&hook)?, r#""2016-04-12T04:36:52+02:00""#);
/// assert_eq!(serde_json::to_string(&hook.to_unix_form())?, "1460428612");
/// assert_eq!(hook.to_string(), "2016-04-12T02:36:52Z");
/// # Ok::<(), serde_json::Error>(())
/// ```
///
/// With the `chrono` feature, a `chrono::DateTime<Tz>` converts into a timestamp and a
/// timestamp converts (`TryFrom`) into a `chrono::DateTime<Utc>`; with the `time` feature, the
/// same holds for `time::OffsetDateTime`.
#[derive(Clone, Copy)]
pub struct Timestamp {
    /// Whole seconds since the Unix epoch, rounded down.
    secs: i64,
    /// Nanoseconds past `secs`, below one second.
    nanos: u32,
    form: Form,
}

/// How to write a timestamp back as it arrived. Decoding accepts a string only when writing it
/// back from this gives the same string.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    Integer,
    /// A decimal string of Unix seconds with `fraction` digits after the point (none: no point).
    Numeric {
        fraction: u8,
    },
    Rfc3339(Rfc3339Style),
}

/// The writing of an RFC 3339 timestamp, apart from its instant, in three bytes so that a
/// [`Timestamp`] stays as small as an `i64` and a `u64`.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Rfc3339Style {
    /// The offset from UTC in minutes (`i16`, little-endian); the local time is the instant
    /// plus the offset.
    offset_minutes: [u8; 2],
    /// Bits 0–3: the number of fraction digits (0: no point); bits 4–5: the byte between date
    /// and time (`T`, `t`, space); bits 6–7: the [`Zone`].
    layout: u8,
}

const SEPARATORS: [u8; 3] = [b'T', b't', b' '];

impl Rfc3339Style {
    fn new(offset_minutes: i16, fraction: usize, separator: u8, zone: Zone) -> Option<Self> {
        let fraction = u8::try_from(fraction).ok().filter(|f| *f <= 9)?;
        let separator = SEPARATORS.iter().position(|s| *s == separator)? as u8;
        Some(Rfc3339Style {
            offset_minutes: offset_minutes.to_le_bytes(),
            layout: fraction | separator << 4 | (zone as u8) << 6,
        })
    }

    fn offset_minutes(self) -> i16 {
        i16::from_le_bytes(self.offset_minutes)
    }

    fn fraction(self) -> u8 {
        self.layout & 0x0f
    }

    fn separator(self) -> char {
        char::from(SEPARATORS[usize::from(self.layout >> 4 & 0x03).min(2)])
    }

    fn zone(self) -> Zone {
        match self.layout >> 6 {
            0 => Zone::UpperZ,
            1 => Zone::LowerZ,
            2 => Zone::Numeric,
            _ => Zone::UnknownLocal,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Zone {
    /// `Z`
    UpperZ = 0,
    /// `z`
    LowerZ = 1,
    /// `+HH:MM` or `-HH:MM`, by the sign of the offset
    Numeric = 2,
    /// `-00:00`: UTC, with the local offset unknown
    UnknownLocal = 3,
}

/// The form a [`Timestamp`] arrived in, which is the form it serializes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TimestampForm {
    /// A JSON integer of Unix seconds, or a timestamp made in Rust.
    Integer,
    /// A JSON string of Unix seconds, such as `"1401970114"`.
    NumericString,
    /// A JSON string in RFC 3339 form, such as `"2016-04-12T02:36:52.214Z"`.
    Rfc3339,
}

impl Timestamp {
    /// The timestamp `secs` seconds after the Unix epoch (before it, when negative); it
    /// serializes as an integer.
    pub const fn from_unix(secs: i64) -> Self {
        Timestamp {
            secs,
            nanos: 0,
            form: Form::Integer,
        }
    }

    /// Whole seconds since the Unix epoch, rounded down (towards the past).
    pub const fn unix_seconds(&self) -> i64 {
        self.secs
    }

    /// Nanoseconds past [`unix_seconds`](Self::unix_seconds), below one second.
    pub const fn subsec_nanos(&self) -> u32 {
        self.nanos
    }

    /// The same instant in integer form: it serializes as Unix seconds (rounded down), the form
    /// request bodies take.
    pub const fn to_unix_form(self) -> Self {
        Timestamp::from_unix(self.secs)
    }

    /// The instant as a [`SystemTime`], or `None` when it lies outside the range the platform's
    /// `SystemTime` can hold.
    pub fn to_system_time(&self) -> Option<SystemTime> {
        let whole = Duration::from_secs(self.secs.unsigned_abs());
        let at_second = if self.secs >= 0 {
            UNIX_EPOCH.checked_add(whole)?
        } else {
            UNIX_EPOCH.checked_sub(whole)?
        };
        at_second.checked_add(Duration::from_nanos(u64::from(self.nanos)))
    }

    /// The form the timestamp arrived in, which is the form it serializes to.
    pub fn form(&self) -> TimestampForm {
        match self.form {
            Form::Integer => TimestampForm::Integer,
            Form::Numeric { .. } => TimestampForm::NumericString,
            Form::Rfc3339(_) => TimestampForm::Rfc3339,
        }
    }

    /// The instant alone, for comparisons.
    fn instant(&self) -> (i64, u32) {
        (self.secs, self.nanos)
    }

    /// Parses a string as it arrived, keeping its form; `None` unless writing the result back
    /// gives the same string.
    ///
    /// Both parsers accept only text in the one spelling [`write_received`](Self::write_received)
    /// gives back (fixed-width fields, the fraction's digits counted, no leading zeros, no
    /// `-0`); the tests check the round trip.
    fn parse_received(text: &str) -> Option<Self> {
        parse_numeric(text).or_else(|| parse_rfc3339(text.as_bytes()))
    }

    /// Writes a string form as it arrived.
    fn write_received(&self, out: &mut impl fmt::Write) -> fmt::Result {
        match self.form {
            Form::Integer => write!(out, "{}", self.secs),
            Form::Numeric { fraction } => {
                let total =
                    i128::from(self.secs) * i128::from(NANOS_PER_SEC) + i128::from(self.nanos);
                let sign = if total < 0 { "-" } else { "" };
                let magnitude = total.unsigned_abs();
                let per_sec = u128::from(NANOS_PER_SEC);
                write!(out, "{sign}{}", magnitude / per_sec)?;
                write_fraction(out, (magnitude % per_sec) as u32, fraction)
            }
            Form::Rfc3339(style) => {
                let local = self.secs + i64::from(style.offset_minutes()) * 60;
                let (date, of_day) = (
                    local.div_euclid(SECS_PER_DAY),
                    local.rem_euclid(SECS_PER_DAY),
                );
                let (year, month, day) = civil_from_days(date);
                write!(
                    out,
                    "{year:04}-{month:02}-{day:02}{}{:02}:{:02}:{:02}",
                    style.separator(),
                    of_day / 3600,
                    of_day % 3600 / 60,
                    of_day % 60,
                )?;
                write_fraction(out, self.nanos, style.fraction())?;
                let minutes = style.offset_minutes().unsigned_abs();
                match style.zone() {
                    Zone::UpperZ => out.write_str("Z"),
                    Zone::LowerZ => out.write_str("z"),
                    Zone::UnknownLocal => out.write_str("-00:00"),
                    Zone::Numeric => {
                        let sign = if style.offset_minutes() < 0 { '-' } else { '+' };
                        write!(out, "{sign}{:02}:{:02}", minutes / 60, minutes % 60)
                    }
                }
            }
        }
    }
}

/// Writes `.` and the first `digits` of a nanosecond count's nine, when `digits` is not zero.
fn write_fraction(out: &mut impl fmt::Write, nanos: u32, digits: u8) -> fmt::Result {
    if digits == 0 {
        return Ok(());
    }
    let digits = usize::from(digits.min(9));
    let shown = nanos / 10_u32.pow(9 - digits as u32);
    write!(out, ".{shown:0digits$}")
}

/// A small stack buffer for writing a timestamp as text without allocating.
struct Buf {
    bytes: [u8; 48],
    len: usize,
}

impl Default for Buf {
    fn default() -> Self {
        Buf {
            bytes: [0; 48],
            len: 0,
        }
    }
}

impl Buf {
    fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(self.as_bytes()).unwrap_or_default()
    }
}

impl fmt::Write for Buf {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        let slot = self.bytes.get_mut(self.len..end).ok_or(fmt::Error)?;
        slot.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// The error of parsing a string that is neither Unix seconds nor RFC 3339 text as a
/// [`Timestamp`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseTimestampError {
    excerpt: String,
}

impl fmt::Display for ParseTimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} is neither Unix seconds nor an RFC 3339 date-time",
            self.excerpt
        )
    }
}

impl std::error::Error for ParseTimestampError {}

/// The error of converting a [`Timestamp`] into a type whose range does not hold its instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimestampRangeError {
    secs: i64,
}

impl fmt::Display for TimestampRangeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the timestamp {} (Unix seconds) is out of the target type's range",
            self.secs
        )
    }
}

impl std::error::Error for TimestampRangeError {}

/// Parses Unix seconds (`"1401970114"`, `"1401970114.5"`) or RFC 3339 text, keeping the form:
/// the result serializes as the same string.
///
/// ```
/// use intercom_api::Timestamp;
///
/// let t: Timestamp = "2016-04-12T02:36:52.214Z".parse()?;
/// assert_eq!((t.unix_seconds(), t.subsec_nanos()), (1_460_428_612, 214_000_000));
/// assert!("12 April 2016".parse::<Timestamp>().is_err());
/// # Ok::<(), intercom_api::timestamp::ParseTimestampError>(())
/// ```
impl FromStr for Timestamp {
    type Err = ParseTimestampError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Timestamp::parse_received(s).ok_or_else(|| ParseTimestampError {
            excerpt: s.chars().take(64).collect(),
        })
    }
}

impl From<i64> for Timestamp {
    fn from(secs: i64) -> Self {
        Timestamp::from_unix(secs)
    }
}

/// The instant of a `SystemTime`, to the nanosecond; it serializes as integer seconds.
impl From<SystemTime> for Timestamp {
    fn from(time: SystemTime) -> Self {
        let (secs, nanos) = match time.duration_since(UNIX_EPOCH) {
            Ok(after) => (
                i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
                after.subsec_nanos(),
            ),
            Err(before) => {
                let before = before.duration();
                let whole = i64::try_from(before.as_secs()).unwrap_or(i64::MAX);
                match before.subsec_nanos() {
                    0 => (-whole, 0),
                    n => (-whole - 1, NANOS_PER_SEC - n),
                }
            }
        };
        Timestamp {
            secs,
            nanos,
            form: Form::Integer,
        }
    }
}

impl TryFrom<Timestamp> for SystemTime {
    type Error = TimestampRangeError;

    fn try_from(t: Timestamp) -> Result<Self, Self::Error> {
        t.to_system_time()
            .ok_or(TimestampRangeError { secs: t.secs })
    }
}

impl PartialEq for Timestamp {
    fn eq(&self, other: &Self) -> bool {
        self.instant() == other.instant()
    }
}

impl Eq for Timestamp {}

impl PartialOrd for Timestamp {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Timestamp {
    fn cmp(&self, other: &Self) -> Ordering {
        self.instant().cmp(&other.instant())
    }
}

impl Hash for Timestamp {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.instant().hash(state);
    }
}

/// A timestamp equals Unix seconds when it falls exactly on that second.
impl PartialEq<i64> for Timestamp {
    fn eq(&self, secs: &i64) -> bool {
        self.instant() == (*secs, 0)
    }
}

/// Unix seconds equal a timestamp that falls exactly on that second.
impl PartialEq<Timestamp> for i64 {
    fn eq(&self, t: &Timestamp) -> bool {
        t == self
    }
}

/// A timestamp orders against Unix seconds by instant: `t >= 1_700_000_000`.
impl PartialOrd<i64> for Timestamp {
    fn partial_cmp(&self, secs: &i64) -> Option<Ordering> {
        Some(self.instant().cmp(&(*secs, 0)))
    }
}

/// Unix seconds order against a timestamp by instant.
impl PartialOrd<Timestamp> for i64 {
    fn partial_cmp(&self, t: &Timestamp) -> Option<Ordering> {
        t.partial_cmp(self).map(Ordering::reverse)
    }
}

/// `Timestamp(1460428612)`, or the instant and the received text for a string form.
impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.form {
            Form::Integer if self.nanos == 0 => write!(f, "Timestamp({})", self.secs),
            Form::Integer => write!(f, "Timestamp({self})"),
            Form::Numeric { .. } | Form::Rfc3339(_) => {
                let mut received = Buf::default();
                self.write_received(&mut received)?;
                write!(f, "Timestamp({self} from {:?})", received.as_str())
            }
        }
    }
}

/// RFC 3339 in UTC, with a fraction only when the instant is not on a whole second.
impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let days = self.secs.div_euclid(SECS_PER_DAY);
        let of_day = self.secs.rem_euclid(SECS_PER_DAY);
        let (year, month, day) = civil_from_days(days);
        if (0..=9999).contains(&year) {
            write!(f, "{year:04}")?;
        } else {
            write!(f, "{year:+05}")?;
        }
        write!(
            f,
            "-{month:02}-{day:02}T{:02}:{:02}:{:02}",
            of_day / 3600,
            of_day % 3600 / 60,
            of_day % 60
        )?;
        if self.nanos != 0 {
            let mut fraction = Buf::default();
            write_fraction(&mut fraction, self.nanos, 9)?;
            f.write_str(fraction.as_str().trim_end_matches('0'))?;
        }
        f.write_char('Z')
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.form {
            Form::Integer => s.serialize_i64(self.secs),
            Form::Numeric { .. } | Form::Rfc3339(_) => {
                let mut text = Buf::default();
                self.write_received(&mut text)
                    .map_err(serde::ser::Error::custom)?;
                s.serialize_str(text.as_str())
            }
        }
    }
}

/// Unix seconds, whatever form the timestamp arrived in: query strings take no other form.
impl crate::request::QueryValue for Timestamp {
    fn to_query_value(&self) -> String {
        self.secs.to_string()
    }
}

/// Accepts what the models accept (see [`Timestamp`]); any other value is an error.
impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::de::deserialize_lenient(d)
    }
}

impl Lenient for Timestamp {
    fn from_i64(v: i64) -> Decoded<Self> {
        Decoded::Ok(Timestamp::from_unix(v))
    }

    fn from_u64(v: u64) -> Decoded<Self> {
        match i64::try_from(v) {
            Ok(v) => Decoded::Ok(Timestamp::from_unix(v)),
            Err(_) => Decoded::Mismatch(Value::from(v)),
        }
    }

    fn from_f64(v: f64) -> Decoded<Self> {
        match integral(v) {
            Some(v) => Decoded::Ok(Timestamp::from_unix(v)),
            None => Decoded::Mismatch(float_value(v)),
        }
    }

    fn from_str(v: &str) -> Decoded<Self> {
        match Timestamp::parse_received(v) {
            Some(t) => Decoded::Ok(t),
            None => Decoded::Mismatch(Value::String(v.to_owned())),
        }
    }

    fn into_raw(self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

/// Parses `[-]digits[.digits]` as Unix seconds (at most nine fraction digits).
fn parse_numeric(text: &str) -> Option<Timestamp> {
    let (whole, fraction) = match text.split_once('.') {
        Some((whole, fraction)) if !fraction.is_empty() => (whole, fraction),
        Some(_) => return None,
        None => (text, ""),
    };
    let negative = whole.starts_with('-');
    let unsigned = whole.strip_prefix('-').unwrap_or(whole);
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if unsigned.is_empty()
        || !all_digits(unsigned)
        || (unsigned.len() > 1 && unsigned.starts_with('0'))
        || !all_digits(fraction)
        || fraction.len() > 9
    {
        return None;
    }
    let secs: i64 = whole.parse().ok()?;
    let (secs, nanos) = match fraction_nanos(fraction.as_bytes()) {
        // `-0` and `-0.00` would be written back without their sign.
        0 if negative && secs == 0 => return None,
        // `-1.25` is 1.25 seconds before the epoch: the second -2, plus 0.75.
        n if n > 0 && negative => (secs.checked_sub(1)?, NANOS_PER_SEC - n),
        n => (secs, n),
    };
    Some(Timestamp {
        secs,
        nanos,
        form: Form::Numeric {
            fraction: fraction.len() as u8,
        },
    })
}

/// Nanoseconds of at most nine fraction digits (after the point).
fn fraction_nanos(digits: &[u8]) -> u32 {
    (0..9).fold(0, |nanos, i| {
        nanos * 10 + digits.get(i).map_or(0, |d| u32::from(d - b'0'))
    })
}

/// Parses `YYYY-MM-DD(T|t| )HH:MM:SS[.digits](Z|z|±HH:MM)` (at most nine fraction digits).
///
/// A leap second (`:60`) does not parse: Unix time has none, and the text could not be
/// written back from the instant.
fn parse_rfc3339(b: &[u8]) -> Option<Timestamp> {
    fn num(b: &[u8], at: usize, len: usize) -> Option<i64> {
        let digits = b.get(at..at + len)?;
        digits.iter().try_fold(0_i64, |n, d| {
            d.is_ascii_digit().then(|| n * 10 + i64::from(d - b'0'))
        })
    }
    let byte_is = |at: usize, what: &[u8]| b.get(at).is_some_and(|c| what.contains(c));

    let year = num(b, 0, 4)?;
    let month = num(b, 5, 2)?;
    let day = num(b, 8, 2)?;
    let hour = num(b, 11, 2)?;
    let minute = num(b, 14, 2)?;
    let second = num(b, 17, 2)?;
    if !(byte_is(4, b"-")
        && byte_is(7, b"-")
        && byte_is(10, b"Tt ")
        && byte_is(13, b":")
        && byte_is(16, b":"))
    {
        return None;
    }
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }

    let mut at = 19;
    let mut fraction = &b[..0];
    if byte_is(at, b".") {
        let digits = b.get(at + 1..)?;
        let len = digits.iter().take_while(|d| d.is_ascii_digit()).count();
        if len == 0 || len > 9 {
            return None;
        }
        fraction = &digits[..len];
        at += 1 + len;
    }

    let (zone, offset_minutes) = match b.get(at..)? {
        b"Z" => (Zone::UpperZ, 0),
        b"z" => (Zone::LowerZ, 0),
        b"-00:00" => (Zone::UnknownLocal, 0),
        [sign @ (b'+' | b'-'), ..] if b.len() == at + 6 && byte_is(at + 3, b":") => {
            let hours = num(b, at + 1, 2)?;
            let minutes = num(b, at + 4, 2)?;
            if hours > 23 || minutes > 59 {
                return None;
            }
            let offset = hours * 60 + minutes;
            (Zone::Numeric, if *sign == b'-' { -offset } else { offset })
        }
        _ => return None,
    };

    let days = days_from_civil(year, month, day);
    let local = days * SECS_PER_DAY + hour * 3600 + minute * 60 + second;
    Some(Timestamp {
        secs: local - offset_minutes * 60,
        nanos: fraction_nanos(fraction),
        form: Form::Rfc3339(Rfc3339Style::new(
            i16::try_from(offset_minutes).ok()?,
            fraction.len(),
            b[10],
            zone,
        )?),
    })
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

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (`civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(feature = "chrono")]
mod chrono_impls {
    use super::{Form, Timestamp, TimestampRangeError};

    /// The instant of a `chrono::DateTime`, to the nanosecond; it serializes as integer
    /// seconds. Needs the `chrono` feature.
    #[cfg_attr(docsrs, doc(cfg(feature = "chrono")))]
    impl<Tz: chrono::TimeZone> From<chrono::DateTime<Tz>> for Timestamp {
        fn from(time: chrono::DateTime<Tz>) -> Self {
            Timestamp {
                secs: time.timestamp(),
                nanos: time.timestamp_subsec_nanos().min(999_999_999),
                form: Form::Integer,
            }
        }
    }

    /// The instant in UTC, when `chrono` can represent it. Needs the `chrono` feature.
    #[cfg_attr(docsrs, doc(cfg(feature = "chrono")))]
    impl TryFrom<Timestamp> for chrono::DateTime<chrono::Utc> {
        type Error = TimestampRangeError;

        fn try_from(t: Timestamp) -> Result<Self, Self::Error> {
            chrono::DateTime::from_timestamp(t.secs, t.nanos)
                .ok_or(TimestampRangeError { secs: t.secs })
        }
    }
}

#[cfg(feature = "time")]
mod time_impls {
    use super::{Form, NANOS_PER_SEC, Timestamp, TimestampRangeError};

    /// The instant of a `time::OffsetDateTime`, to the nanosecond; it serializes as integer
    /// seconds. Needs the `time` feature.
    #[cfg_attr(docsrs, doc(cfg(feature = "time")))]
    impl From<time::OffsetDateTime> for Timestamp {
        fn from(time: time::OffsetDateTime) -> Self {
            let nanos = time.unix_timestamp_nanos();
            let per_sec = i128::from(NANOS_PER_SEC);
            Timestamp {
                // `OffsetDateTime` spans years ±9999 at most, well inside i64 seconds.
                secs: i64::try_from(nanos.div_euclid(per_sec)).unwrap_or(i64::MAX),
                nanos: u32::try_from(nanos.rem_euclid(per_sec)).unwrap_or(0),
                form: Form::Integer,
            }
        }
    }

    /// The instant in UTC, when `time` can represent it. Needs the `time` feature.
    #[cfg_attr(docsrs, doc(cfg(feature = "time")))]
    impl TryFrom<Timestamp> for time::OffsetDateTime {
        type Error = TimestampRangeError;

        fn try_from(t: Timestamp) -> Result<Self, Self::Error> {
            let nanos = i128::from(t.secs) * i128::from(NANOS_PER_SEC) + i128::from(t.nanos);
            time::OffsetDateTime::from_unix_timestamp_nanos(nanos)
                .map_err(|_| TimestampRangeError { secs: t.secs })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Option<(i64, u32)> {
        text.parse::<Timestamp>().ok().map(|t| t.instant())
    }

    fn written(t: Timestamp) -> String {
        serde_json::to_value(t)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }

    #[test]
    fn rfc3339_forms_parse_and_write_back_unchanged() {
        for (text, instant) in [
            ("1970-01-01T00:00:00Z", (0, 0)),
            ("2016-04-12T02:36:52.214Z", (1_460_428_612, 214_000_000)),
            ("2016-04-12T02:36:52.2140Z", (1_460_428_612, 214_000_000)),
            ("2016-04-12T02:36:52.000Z", (1_460_428_612, 0)),
            ("2016-04-12T04:36:52+02:00", (1_460_428_612, 0)),
            ("2016-04-11t21:36:52-05:00", (1_460_428_612, 0)),
            ("2016-04-12T08:06:52.5+05:30", (1_460_428_612, 500_000_000)),
            ("2016-04-12 02:36:52z", (1_460_428_612, 0)),
            ("2016-04-12T02:36:52-00:00", (1_460_428_612, 0)),
            ("2016-04-12T02:36:52+00:00", (1_460_428_612, 0)),
            (
                "2016-04-12T02:36:52.123456789Z",
                (1_460_428_612, 123_456_789),
            ),
            ("1969-12-31T23:59:59.5Z", (-1, 500_000_000)),
            ("2000-02-29T00:00:00Z", (951_782_400, 0)),
            ("0000-01-01T00:00:00Z", (-62_167_219_200, 0)),
            ("0000-01-01T00:00:00+23:59", (-62_167_305_540, 0)),
            ("9999-12-31T23:59:59Z", (253_402_300_799, 0)),
        ] {
            let t: Timestamp = text.parse().unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(t.instant(), instant, "{text}");
            assert_eq!(t.form(), TimestampForm::Rfc3339);
            assert_eq!(written(t), text);
        }
    }

    /// Every spelling the parser accepts is written back unchanged.
    #[test]
    fn every_accepted_rfc3339_spelling_writes_back_unchanged() {
        let mut checked = 0;
        for (date, time) in [
            ("0000-01-01", "00:00:00"),
            ("1969-12-31", "23:59:59"),
            ("2000-02-29", "12:30:05"),
            ("2016-04-12", "02:36:52"),
            ("9999-12-31", "23:59:59"),
        ] {
            for separator in ["T", "t", " "] {
                for fraction in [
                    "",
                    ".0",
                    ".5",
                    ".214",
                    ".000001",
                    ".123456789",
                    ".100000000",
                ] {
                    for zone in ["Z", "z", "+00:00", "-00:00", "+05:30", "-11:59", "+23:59"] {
                        let text = format!("{date}{separator}{time}{fraction}{zone}");
                        let t: Timestamp = text.parse().unwrap_or_else(|e| panic!("{e}"));
                        assert_eq!(written(t), text);
                        checked += 1;
                    }
                }
            }
        }
        assert_eq!(checked, 5 * 3 * 7 * 7);
    }

    #[test]
    fn not_rfc3339() {
        for text in [
            "",
            "2016-04-12",
            "2016-04-12T02:36:52",
            "2016-04-12T02:36Z",
            "2016-04-12T02:36:52.Z",
            "2016-04-12T02:36:52.1234567891Z",
            "2016-04-12T02:36:52ZZ",
            "2016-04-12T02:36:52+0200",
            "2016-04-12T02:36:52+24:00",
            "2016-04-12T02:36:52+02:60",
            "2016-13-12T02:36:52Z",
            "2016-00-12T02:36:52Z",
            "2015-02-29T02:36:52Z",
            "1900-02-29T00:00:00Z",
            "2016-04-31T00:00:00Z",
            "2016-04-12T24:00:00Z",
            "2016-04-12T23:60:00Z",
            "2016-04-12T23:59:61Z",
            "2016-12-31T23:59:60Z",
            "2016/04/12T02:36:52Z",
            "2016-04-12X02:36:52Z",
            "+016-04-12T02:36:52Z",
            "2016-04-12T02:36:52Zé",
            "yesterday",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
    }

    #[test]
    fn numeric_strings_parse_and_write_back_unchanged() {
        for (text, instant) in [
            ("1401970114", (1_401_970_114, 0)),
            ("0", (0, 0)),
            ("-5", (-5, 0)),
            ("1401970114.25", (1_401_970_114, 250_000_000)),
            ("1401970114.250", (1_401_970_114, 250_000_000)),
            ("-1.25", (-2, 750_000_000)),
            ("-0.5", (-1, 500_000_000)),
            ("0.000", (0, 0)),
            ("10", (10, 0)),
            ("9223372036854775807", (i64::MAX, 0)),
            ("-9223372036854775808", (i64::MIN, 0)),
        ] {
            let t: Timestamp = text.parse().unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(t.instant(), instant, "{text}");
            assert_eq!(t.form(), TimestampForm::NumericString);
            assert_eq!(written(t), text);
        }
    }

    #[test]
    fn numbers_that_would_not_write_back_the_same_do_not_parse() {
        for text in [
            "+5",
            "007",
            "-0",
            "-0.00",
            "-01",
            "00.5",
            "5 ",
            "1_000",
            "1.4e9",
            "1.",
            ".5",
            "-",
            "1.1234567891",
            "NaN",
            "inf",
            " 5",
            "9223372036854775808",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
    }

    #[test]
    fn display_is_utc_rfc3339() {
        let show = |secs, nanos| {
            Timestamp {
                secs,
                nanos,
                form: Form::Integer,
            }
            .to_string()
        };
        assert_eq!(show(0, 0), "1970-01-01T00:00:00Z");
        assert_eq!(show(1_460_428_612, 214_000_000), "2016-04-12T02:36:52.214Z");
        assert_eq!(show(-1, 500_000_000), "1969-12-31T23:59:59.5Z");
        assert_eq!(show(951_782_400, 1), "2000-02-29T00:00:00.000000001Z");
        assert_eq!(show(253_402_300_800, 0), "+10000-01-01T00:00:00Z");
        assert_eq!(show(-62_167_219_201, 0), "-0001-12-31T23:59:59Z");
        assert!(show(i64::MAX, 999_999_999).ends_with(".999999999Z"));
        assert!(show(i64::MIN, 0).ends_with('Z'));
    }

    #[test]
    fn display_and_parse_agree_over_the_four_digit_years() {
        let mut secs = -62_167_219_200_i64;
        while secs < 253_402_300_799 {
            let t = Timestamp::from_unix(secs);
            assert_eq!(parse(&t.to_string()), Some((secs, 0)), "{t}");
            secs += 7 * SECS_PER_DAY + 3_601;
        }
    }

    #[test]
    fn integers_and_floats() {
        let t: Timestamp = serde_json::from_str("1460428612").expect("integer");
        assert_eq!(
            (t, t.form()),
            (Timestamp::from_unix(1_460_428_612), TimestampForm::Integer)
        );
        let t: Timestamp = serde_json::from_str("1460428612.0").expect("integral float");
        assert_eq!(t, 1_460_428_612);
        assert!(serde_json::from_str::<Timestamp>("1460428612.5").is_err());
        assert!(serde_json::from_str::<Timestamp>("18446744073709551615").is_err());
        assert!(serde_json::from_str::<Timestamp>("true").is_err());
        assert!(serde_json::from_str::<Timestamp>("\"soon\"").is_err());
    }

    #[test]
    fn equality_and_order_are_by_instant() {
        let text: Timestamp = "2016-04-12T02:36:52Z".parse().expect("rfc3339");
        let numeric: Timestamp = "1460428612".parse().expect("numeric");
        let later: Timestamp = "2016-04-12T02:36:52.001Z".parse().expect("rfc3339");
        assert_eq!(text, numeric);
        assert_eq!(text, Timestamp::from_unix(1_460_428_612));
        assert_ne!(text.form(), numeric.form());
        assert!(later > text && later > 1_460_428_612 && 1_460_428_613 > later);
        assert_ne!(later, 1_460_428_612);
        assert_eq!(1_460_428_612, text);
        assert_eq!(written(text.to_unix_form()), "");
        assert_eq!(
            serde_json::to_string(&later.to_unix_form()).ok().as_deref(),
            Some("1460428612")
        );
    }

    #[test]
    fn debug_shows_the_received_text() {
        let t: Timestamp = "2016-04-12T04:36:52+02:00".parse().expect("rfc3339");
        assert_eq!(
            format!("{t:?}"),
            "Timestamp(2016-04-12T02:36:52Z from \"2016-04-12T04:36:52+02:00\")"
        );
        assert_eq!(format!("{:?}", Timestamp::from_unix(5)), "Timestamp(5)");
    }

    #[test]
    fn option_is_no_larger_than_the_timestamp() {
        assert_eq!(
            std::mem::size_of::<Option<Timestamp>>(),
            std::mem::size_of::<Timestamp>()
        );
        assert_eq!(std::mem::size_of::<Timestamp>(), 16);
    }

    #[cfg(feature = "chrono")]
    #[test]
    fn chrono_round_trip() {
        let t: Timestamp = "2016-04-12T04:36:52.214+02:00".parse().expect("rfc3339");
        let utc = chrono::DateTime::<chrono::Utc>::try_from(t).expect("in range");
        assert_eq!(utc.to_rfc3339(), "2016-04-12T02:36:52.214+00:00");
        let back = Timestamp::from(utc);
        assert_eq!((back, back.form()), (t, TimestampForm::Integer));
        let offset = chrono::DateTime::parse_from_rfc3339("1969-12-31T23:59:59.5-01:00")
            .expect("chrono parses");
        assert_eq!(Timestamp::from(offset).instant(), (3_599, 500_000_000));
        assert!(chrono::DateTime::<chrono::Utc>::try_from(Timestamp::from_unix(i64::MAX)).is_err());
    }

    #[cfg(feature = "time")]
    #[test]
    fn time_round_trip() {
        let t: Timestamp = "2016-04-12T04:36:52.214+02:00".parse().expect("rfc3339");
        let utc = time::OffsetDateTime::try_from(t).expect("in range");
        assert_eq!(utc.unix_timestamp_nanos(), 1_460_428_612_214_000_000);
        let back = Timestamp::from(utc);
        assert_eq!((back, back.form()), (t, TimestampForm::Integer));
        let before =
            time::OffsetDateTime::from_unix_timestamp_nanos(-1_500_000_000).expect("in range");
        assert_eq!(Timestamp::from(before).instant(), (-2, 500_000_000));
        assert!(time::OffsetDateTime::try_from(Timestamp::from_unix(i64::MAX)).is_err());
    }

    #[test]
    fn system_time_round_trip() {
        let before = UNIX_EPOCH - Duration::new(1, 250_000_000);
        let t = Timestamp::from(before);
        assert_eq!(t.instant(), (-2, 750_000_000));
        assert_eq!(t.to_system_time(), Some(before));
        let after = UNIX_EPOCH + Duration::new(1_700_000_000, 5);
        assert_eq!(Timestamp::from(after).to_system_time(), Some(after));
        assert_eq!(SystemTime::try_from(Timestamp::from(after)), Ok(after));
    }
}
