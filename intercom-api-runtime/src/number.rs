//! [`Number`]: the value of a number field, in whichever form it arrived.
//!
//! Intercom sends a number field (`monthly_spend`, `latitude`, `longitude`) as a JSON integer
//! (`49`), a JSON float (`49.5`) or, in some responses, a numeric string (`"37.7749"`). All three
//! decode into a [`Number`] that keeps the form, so serializing a decoded model gives back the
//! same JSON.

use std::cmp::Ordering;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use crate::de::{Decoded, Lenient, float_value, integral};
use crate::numbers::exact_i64;

/// The longest numeric string a [`Number`] keeps, in bytes. Longer strings do not fit the field
/// and are kept in the model's `extra` map.
const TEXT_CAPACITY: usize = 22;

/// A number, and the form it arrived in.
///
/// - **Decoding** accepts a JSON integer that fits an `i64` (`49`), a JSON float (`49.5`,
///   `4.95e1`), or a string holding a finite number (`"37.7749"`, `"-6.2488"`, `"1e3"`) of at
///   most 22 bytes. Anything else does not fit: the field stays `None` and the value is kept in
///   the model's `extra` map, as for every other type.
/// - **Serializing** writes the number in the form it arrived in: an integer as an integer, a
///   float as a float, a string as the same string. A number made in Rust serializes as a JSON
///   integer (`From<i64>`) or float (`From<f64>`). [`to_number_form`](Self::to_number_form)
///   turns a received numeric string into a JSON number.
/// - **Reading**: [`as_f64`](Self::as_f64) gives the value whatever the form,
///   [`as_i64`](Self::as_i64) the exact integer when it is one, [`form`](Self::form) and
///   [`text`](Self::text) how it arrived.
/// - **Comparing**: two numbers are equal when their values are, whatever the form (`49`,
///   `49.0` and `"49"` are equal), and they order by value. A number compares with an `f64`
///   the same way. An integer is compared exactly: `9007199254740993` does not equal
///   `9007199254740992.0`.
/// - **Display** writes the number without quotes as JSON would (`49`, `49.5`), and a numeric
///   string as its text (`37.7749`).
///
/// A `Number` is `Copy`; an `Option<Number>` takes 32 bytes.
///
/// ```
/// use intercom_api::{Number, NumberForm};
///
/// let spend: Number = serde_json::from_str("49")?;
/// let latitude: Number = serde_json::from_str(r#""37.7749""#)?;
/// assert_eq!(spend, 49.0);
/// assert_eq!(spend.as_i64(), Some(49));
/// assert_eq!(latitude.as_f64(), 37.7749);
/// assert_eq!(latitude.form(), NumberForm::NumericString);
/// assert_eq!(serde_json::to_string(&spend)?, "49");
/// assert_eq!(serde_json::to_string(&latitude)?, r#""37.7749""#);
/// assert_eq!(serde_json::to_string(&latitude.to_number_form())?, "37.7749");
/// assert_eq!(serde_json::to_string(&Number::from(49.5))?, "49.5");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct Number(Repr);

#[derive(Clone, Copy)]
enum Repr {
    /// A JSON integer, or an `i64` made in Rust.
    Integer(i64),
    /// A JSON number with a fraction or an exponent, or an `f64` made in Rust; always finite.
    Float(f64),
    /// A JSON string holding a number: its value, and the string as received.
    Text(f64, Text),
}

/// The text of a numeric string, kept inline so that a [`Number`] stays `Copy`.
#[derive(Clone, Copy)]
struct Text {
    len: u8,
    bytes: [u8; TEXT_CAPACITY],
}

impl Text {
    fn new(text: &str) -> Option<Self> {
        let mut bytes = [0; TEXT_CAPACITY];
        bytes
            .get_mut(..text.len())?
            .copy_from_slice(text.as_bytes());
        Some(Text {
            len: u8::try_from(text.len()).ok()?,
            bytes,
        })
    }

    fn as_str(&self) -> &str {
        let bytes = self.bytes.get(..usize::from(self.len)).unwrap_or_default();
        std::str::from_utf8(bytes).unwrap_or_default()
    }
}

/// The form a [`Number`] arrived in, which is the form it serializes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum NumberForm {
    /// A JSON integer (`49`), or a number made from an `i64`.
    Integer,
    /// A JSON number with a fraction or an exponent (`49.5`), or a number made from an `f64`.
    Float,
    /// A JSON string holding a number (`"37.7749"`).
    NumericString,
}

impl Number {
    /// The value as an `f64`, whatever the form. An integer beyond 2⁵³ is rounded to the
    /// nearest double; [`as_i64`](Self::as_i64) gives it exactly.
    pub fn as_f64(&self) -> f64 {
        match self.0 {
            Repr::Integer(n) => n as f64,
            Repr::Float(v) | Repr::Text(v, _) => v,
        }
    }

    /// The value as an `i64` when it is a whole number an `i64` holds exactly: `49`, `49.0`,
    /// `"49"`; `None` for `49.5`. A float beyond 2⁵³ is `None`, since the integer written may
    /// have been another one; a numeric string is read from its text, so `"9007199254740993"`
    /// is exact.
    pub fn as_i64(&self) -> Option<i64> {
        match self.0 {
            Repr::Integer(n) => Some(n),
            Repr::Float(v) => integral(v),
            Repr::Text(_, text) => exact_i64(text.as_str()),
        }
    }

    /// The form the number arrived in, which is the form it serializes to.
    pub fn form(&self) -> NumberForm {
        match self.0 {
            Repr::Integer(_) => NumberForm::Integer,
            Repr::Float(_) => NumberForm::Float,
            Repr::Text(..) => NumberForm::NumericString,
        }
    }

    /// The string a numeric string arrived as (`"37.7749"` gives `37.7749`); `None` for a JSON
    /// number.
    pub fn text(&self) -> Option<&str> {
        match &self.0 {
            Repr::Text(_, text) => Some(text.as_str()),
            Repr::Integer(_) | Repr::Float(_) => None,
        }
    }

    /// The same value as a JSON number: a numeric string becomes an integer when its text is
    /// one that fits an `i64` (`"42"`), a float otherwise (`"37.7749"`, `"42.0"`). A JSON
    /// number is returned as it is.
    pub fn to_number_form(self) -> Self {
        match self.0 {
            Repr::Text(v, text) => {
                let digits = text.as_str().strip_prefix(['-', '+']);
                let integer = digits
                    .unwrap_or(text.as_str())
                    .bytes()
                    .all(|b| b.is_ascii_digit());
                match exact_i64(text.as_str()) {
                    Some(n) if integer => Number(Repr::Integer(n)),
                    _ => Number(Repr::Float(v)),
                }
            }
            Repr::Integer(_) | Repr::Float(_) => self,
        }
    }

    /// Parses a numeric string as it arrived; `None` unless it holds a finite number and fits
    /// [`TEXT_CAPACITY`].
    fn parse_text(text: &str) -> Option<Self> {
        let value = text.parse::<f64>().ok().filter(|v| v.is_finite())?;
        Some(Number(Repr::Text(value, Text::new(text)?)))
    }
}

/// A value as compared: an exact integer, or a double.
#[derive(Clone, Copy)]
enum Exact {
    Integer(i64),
    Double(f64),
}

impl Exact {
    fn of(n: &Number) -> Self {
        match n.0 {
            Repr::Integer(i) => Exact::Integer(i),
            Repr::Float(v) => Exact::Double(v),
            Repr::Text(v, text) => {
                exact_i64(text.as_str()).map_or(Exact::Double(v), Exact::Integer)
            }
        }
    }

    fn cmp(self, other: Self) -> Option<Ordering> {
        match (self, other) {
            (Exact::Integer(a), Exact::Integer(b)) => Some(a.cmp(&b)),
            (Exact::Integer(a), Exact::Double(b)) => cmp_integer_double(a, b),
            (Exact::Double(a), Exact::Integer(b)) => {
                cmp_integer_double(b, a).map(Ordering::reverse)
            }
            (Exact::Double(a), Exact::Double(b)) => a.partial_cmp(&b),
        }
    }
}

/// Orders an integer against a double exactly, without rounding either.
fn cmp_integer_double(n: i64, v: f64) -> Option<Ordering> {
    // 2⁶³: every i64 is below it in magnitude, and it is a double.
    const BOUND: f64 = 9_223_372_036_854_775_808.0;
    if v.is_nan() {
        return None;
    }
    if v >= BOUND {
        return Some(Ordering::Less);
    }
    if v < -BOUND {
        return Some(Ordering::Greater);
    }
    // An integral double within ±2⁶³ converts to an i64 exactly.
    let whole = v.trunc() as i64;
    let fraction = v.fract();
    Some(
        n.cmp(&whole)
            .then_with(|| 0.0_f64.partial_cmp(&fraction).unwrap_or(Ordering::Equal)),
    )
}

/// A number that serializes as a JSON integer.
impl From<i64> for Number {
    fn from(n: i64) -> Self {
        Number(Repr::Integer(n))
    }
}

/// A number that serializes as a JSON float (`49.0` is written `49.0`). A value that is not
/// finite has no JSON form: it serializes as `null`, as `serde_json` writes such an `f64`.
impl From<f64> for Number {
    fn from(v: f64) -> Self {
        Number(Repr::Float(v))
    }
}

/// The value, whatever the form (see [`Number::as_f64`]).
impl From<Number> for f64 {
    fn from(n: Number) -> Self {
        n.as_f64()
    }
}

impl PartialEq for Number {
    fn eq(&self, other: &Self) -> bool {
        self.partial_cmp(other) == Some(Ordering::Equal)
    }
}

/// A number equals an `f64` of the same value, whatever its form.
impl PartialEq<f64> for Number {
    fn eq(&self, other: &f64) -> bool {
        *self == Number::from(*other)
    }
}

/// An `f64` equals a number of the same value, whatever its form.
impl PartialEq<Number> for f64 {
    fn eq(&self, other: &Number) -> bool {
        other == self
    }
}

impl PartialOrd for Number {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Exact::of(self).cmp(Exact::of(other))
    }
}

/// A number orders against an `f64` by value.
impl PartialOrd<f64> for Number {
    fn partial_cmp(&self, other: &f64) -> Option<Ordering> {
        self.partial_cmp(&Number::from(*other))
    }
}

/// An `f64` orders against a number by value.
impl PartialOrd<Number> for f64 {
    fn partial_cmp(&self, other: &Number) -> Option<Ordering> {
        other.partial_cmp(self).map(Ordering::reverse)
    }
}

/// `Number(49)`, `Number(49.5)`, or `Number("37.7749")` for a numeric string.
impl fmt::Debug for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Repr::Integer(_) | Repr::Float(_) => write!(f, "Number({self})"),
            Repr::Text(_, text) => write!(f, "Number({:?})", text.as_str()),
        }
    }
}

/// The number as JSON writes it (`49`, `49.5`, `1e+21`), or the text of a numeric string
/// without its quotes (`37.7749`).
impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Repr::Integer(n) => write!(f, "{n}"),
            Repr::Float(v) => match serde_json::Number::from_f64(*v) {
                Some(json) => write!(f, "{json}"),
                None => write!(f, "{v}"),
            },
            Repr::Text(_, text) => f.write_str(text.as_str()),
        }
    }
}

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Repr::Integer(n) => s.serialize_i64(*n),
            Repr::Float(v) => s.serialize_f64(*v),
            Repr::Text(_, text) => s.serialize_str(text.as_str()),
        }
    }
}

/// Accepts what the models accept (see [`Number`]); any other value is an error.
impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::de::deserialize_lenient(d)
    }
}

impl Lenient for Number {
    fn from_i64(v: i64) -> Decoded<Self> {
        Decoded::Ok(Number(Repr::Integer(v)))
    }

    fn from_u64(v: u64) -> Decoded<Self> {
        match i64::try_from(v) {
            Ok(n) => Decoded::Ok(Number(Repr::Integer(n))),
            Err(_) => Decoded::Mismatch(Value::from(v)),
        }
    }

    fn from_f64(v: f64) -> Decoded<Self> {
        Decoded::Ok(Number(Repr::Float(v)))
    }

    fn from_str(v: &str) -> Decoded<Self> {
        match Number::parse_text(v) {
            Some(n) => Decoded::Ok(n),
            None => Decoded::Mismatch(Value::String(v.to_owned())),
        }
    }

    fn into_raw(self) -> Value {
        match &self.0 {
            Repr::Integer(n) => Value::from(*n),
            Repr::Float(v) => float_value(*v),
            Repr::Text(_, text) => Value::String(text.as_str().to_owned()),
        }
    }
}

/// The value as a query string takes it: an integer as its digits, a float without an exponent
/// (`49.5`, `49` for `49.0`), a numeric string as its text.
impl crate::request::QueryValue for Number {
    fn to_query_value(&self) -> String {
        match &self.0 {
            Repr::Integer(n) => n.to_string(),
            Repr::Float(v) => v.to_string(),
            Repr::Text(_, text) => text.as_str().to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::QueryValue;

    fn decode(json: &str) -> Decoded<Number> {
        let mut d = serde_json::Deserializer::from_str(json);
        crate::de::decode(&mut d).unwrap_or_else(|e| panic!("{json}: {e}"))
    }

    fn number(json: &str) -> Number {
        match decode(json) {
            Decoded::Ok(n) => n,
            other => panic!("{json}: {other:?}"),
        }
    }

    #[test]
    fn every_form_serializes_as_it_arrived() {
        for json in [
            "49",
            "-7",
            "0",
            "9223372036854775807",
            "-9223372036854775808",
            "9007199254740993",
            "49.5",
            "49.0",
            "-0.0",
            "1e21",
            "5e-324",
            r#""37.7749""#,
            r#""-122.4194""#,
            r#""49""#,
            r#""49.50""#,
            r#""+5""#,
            r#""007""#,
            r#""1e3""#,
            r#"".5""#,
            r#""1234567890.12345678901""#,
        ] {
            let n = number(json);
            let written = serde_json::to_string(&n).unwrap_or_default();
            assert_eq!(
                serde_json::from_str::<Value>(&written).ok(),
                serde_json::from_str::<Value>(json).ok(),
                "{json} came back as {written}"
            );
            assert_eq!(
                n.into_raw(),
                serde_json::from_str::<Value>(json).unwrap_or_default()
            );
        }
    }

    #[test]
    fn what_does_not_fit_is_a_mismatch_kept_as_received() {
        for json in [
            r#""""#,
            r#""abc""#,
            r#""NaN""#,
            r#""inf""#,
            r#""1e400""#,
            r#"" 5""#,
            r#""12345678901234567890123""#,
            "18446744073709551615",
            "true",
            "[1]",
            r#"{"a":1}"#,
        ] {
            let raw = serde_json::from_str::<Value>(json).unwrap_or_default();
            assert_eq!(decode(json), Decoded::Mismatch(raw), "{json}");
        }
        assert_eq!(decode("null"), Decoded::Null);
    }

    #[test]
    fn forms_and_values() {
        let n = number("49");
        assert_eq!(
            (n.form(), n.as_f64(), n.as_i64(), n.text()),
            (NumberForm::Integer, 49.0, Some(49), None)
        );
        let n = number("49.5");
        assert_eq!(
            (n.form(), n.as_f64(), n.as_i64(), n.text()),
            (NumberForm::Float, 49.5, None, None)
        );
        let n = number(r#""-6.2488""#);
        assert_eq!(
            (n.form(), n.as_f64(), n.as_i64(), n.text()),
            (NumberForm::NumericString, -6.2488, None, Some("-6.2488"))
        );
        assert_eq!(
            number("9007199254740993").as_i64(),
            Some(9_007_199_254_740_993)
        );
        assert_eq!(number("9007199254740994.0").as_i64(), None);
        assert_eq!(
            number(r#""9007199254740993""#).as_i64(),
            Some(9_007_199_254_740_993)
        );
        assert_eq!(number(r#""42.0""#).as_i64(), Some(42));
    }

    #[test]
    fn made_in_rust() {
        let json = |n: Number| serde_json::to_string(&n).unwrap_or_default();
        assert_eq!(json(Number::from(49)), "49");
        assert_eq!(json(Number::from(49.0)), "49.0");
        assert_eq!(json(Number::from(f64::NAN)), "null");
        assert_eq!(json(number(r#""42""#).to_number_form()), "42");
        assert_eq!(json(number(r#""-42""#).to_number_form()), "-42");
        assert_eq!(json(number(r#""42.0""#).to_number_form()), "42.0");
        assert_eq!(json(number(r#""1e3""#).to_number_form()), "1000.0");
        assert_eq!(
            json(number(r#""99999999999999999999""#).to_number_form()),
            "1e+20"
        );
        assert_eq!(json(number("49.5").to_number_form()), "49.5");
        assert_eq!(f64::from(number(r#""0.5""#)), 0.5);
    }

    #[test]
    fn equal_and_ordered_by_value() {
        assert_eq!(number("49"), number("49.0"));
        assert_eq!(number("49"), number(r#""49""#));
        assert_eq!(number("49"), 49.0);
        assert_eq!(49.0, number(r#""49.00""#));
        assert_ne!(number("9007199254740993"), number("9007199254740992.0"));
        assert_ne!(number("9007199254740993"), 9_007_199_254_740_992.0);
        assert_ne!(number("49.5"), number("49"));
        assert!(number("49") < number("49.5"));
        assert!(number(r#""-1""#) < number("0"));
        assert!(number("9007199254740993") > number("9007199254740992"));
        assert!(number("3") > 2.5);
        assert!(2.5 < number("3"));
        assert_eq!(
            number("49").partial_cmp(&number("49.0")),
            Some(Ordering::Equal)
        );
        assert_eq!(Number::from(f64::NAN).partial_cmp(&number("1")), None);
    }

    #[test]
    fn display_debug_and_query() {
        let shown = |json: &str| {
            let n = number(json);
            (n.to_string(), format!("{n:?}"), n.to_query_value())
        };
        assert_eq!(shown("49"), ("49".into(), "Number(49)".into(), "49".into()));
        assert_eq!(
            shown("49.0"),
            ("49.0".into(), "Number(49.0)".into(), "49".into())
        );
        assert_eq!(
            shown("1e21"),
            (
                "1e+21".into(),
                "Number(1e+21)".into(),
                "1000000000000000000000".into()
            )
        );
        assert_eq!(
            shown(r#""37.7749""#),
            (
                "37.7749".into(),
                r#"Number("37.7749")"#.into(),
                "37.7749".into()
            )
        );
    }

    #[test]
    fn an_option_is_four_words() {
        assert_eq!(std::mem::size_of::<Option<Number>>(), 32);
    }
}
