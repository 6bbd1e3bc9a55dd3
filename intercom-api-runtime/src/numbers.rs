//! Numbers that do not fit: decoding response bodies without changing any number silently.
//!
//! `serde_json` reads an integer literal beyond the 64-bit range (`18446744073709551616`,
//! `-9223372036854775809`) as the nearest double, and fails the whole document on a literal
//! beyond the double range (`1e400`). Neither can be held exactly by a typed field or by a
//! `serde_json::Value`, so a body that has one is decoded a second time with such literals
//! turned into strings of their original text: typed fields refuse them (the field stays
//! empty, and the text is kept in the struct's `extra` under the field's key) and untyped
//! places keep them as that string.
//!
//! Whether the second pass is needed is learned during the first, at no cost to bodies without
//! such numbers: the lenient decoders report every double of magnitude 2⁶³ or more they see
//! ([`note_float`]), which is what a wide integer literal turns into, and a document that
//! fails to decode is retried when it has a literal to rewrite.

use std::cell::Cell;
use std::fmt;

use serde::de::{DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use crate::de::ObjectSlot;

thread_local! {
    /// Set when a decoder saw a double that may stand for a wider integer literal.
    static WIDE: Cell<bool> = const { Cell::new(false) };
}

/// 2⁶³: every integer literal that `serde_json` reads as a double is at least this large.
const WIDE_FLOAT: f64 = 9_223_372_036_854_775_808.0;

/// Notes a double seen while decoding; one of magnitude 2⁶³ or more may have been an integer
/// literal too wide for 64 bits, whose exact text the second pass recovers.
pub fn note_float(v: f64) {
    if v.abs() >= WIDE_FLOAT {
        WIDE.with(|wide| wide.set(true));
    }
}

/// Decodes `body` as `T`, keeping numbers no 64-bit integer or double can hold as strings of
/// their original text (see the module docs).
pub fn from_slice<T: DeserializeOwned>(body: &[u8]) -> serde_json::Result<T> {
    let mut decoded = None;
    let outcome = decode_with_retry(body, &mut |bytes| {
        decoded = Some(serde_json::from_slice::<T>(bytes)?);
        Ok(())
    });
    match (outcome, decoded) {
        (Ok(()), Some(value)) => Ok(value),
        (Err(err), _) => Err(err),
        (Ok(()), None) => Err(serde::de::Error::custom("the body decoded to nothing")),
    }
}

/// Decodes `body` into a generated model's slot, with the same handling of wide numbers as
/// [`from_slice`]. Not generic: every model's body is decoded by this one function.
///
/// When the first pass saw a wide number, the second pass decodes into the same slot. It
/// cannot fail where the first succeeded: the rewritten body differs only in some number
/// literals turned into strings, and a model takes any value.
pub(crate) fn from_slice_into(body: &[u8], slot: &mut dyn ObjectSlot) -> serde_json::Result<()> {
    decode_with_retry(body, &mut |bytes| {
        let mut de = serde_json::Deserializer::from_slice(bytes);
        crate::de::deserialize_into(&mut de, &mut *slot)?;
        de.end()
    })
}

/// Runs `decode` over `body`, and once more over `body` with its wide number literals
/// rewritten when the first pass saw one (a better decoding replaces the first) or failed
/// (the rewritten body may decode). Kept apart from [`from_slice`] so that it is compiled
/// once, not once per decoded type.
fn decode_with_retry(
    body: &[u8],
    decode: &mut dyn FnMut(&[u8]) -> serde_json::Result<()>,
) -> serde_json::Result<()> {
    WIDE.with(|wide| wide.set(false));
    let first = decode(body);
    let wide = WIDE.with(|wide| wide.replace(false));
    match first {
        Ok(()) if !wide => Ok(()),
        Ok(()) => {
            if let Some(rewritten) = rewrite_wide_numbers(body) {
                // A failed second pass leaves the first pass's value in place.
                let _ = decode(&rewritten);
            }
            Ok(())
        }
        Err(err) => match rewrite_wide_numbers(body) {
            Some(rewritten) => decode(&rewritten).map_err(|_| err),
            None => Err(err),
        },
    }
}

/// `body` with every number literal that no `i64`, `u64` or finite `f64` holds exactly turned
/// into a JSON string of its text; `None` when there is none.
fn rewrite_wide_numbers(body: &[u8]) -> Option<Vec<u8>> {
    let mut out: Option<Vec<u8>> = None;
    let mut copied = 0;
    let mut in_string = false;
    let mut escaped = false;
    let mut i = 0;
    while i < body.len() {
        let byte = body[i];
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            i += 1;
            continue;
        }
        if byte == b'"' {
            in_string = true;
            i += 1;
            continue;
        }
        if byte != b'-' && !byte.is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < body.len() && matches!(body[i], b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E') {
            i += 1;
        }
        let token = &body[start..i];
        if is_wide(token) {
            let out = out.get_or_insert_with(|| Vec::with_capacity(body.len() + 16));
            out.extend_from_slice(&body[copied..start]);
            out.push(b'"');
            out.extend_from_slice(token);
            out.push(b'"');
            copied = i;
        }
    }
    let mut out = out?;
    out.extend_from_slice(&body[copied..]);
    Some(out)
}

/// Whether a number literal is an integer outside `i64`/`u64`, or outside the double range.
fn is_wide(token: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(token) else {
        return false;
    };
    if text.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
        return text.parse::<i64>().is_err() && text.parse::<u64>().is_err();
    }
    text.parse::<f64>().is_ok_and(f64::is_infinite)
}

/// The integer a decimal text stands for exactly (`42`, `-7`, `42.0`, `1.5e3`), when it is
/// one and fits an `i64`. Unlike going through a double, nothing is rounded:
/// `9007199254740993.0` is 9007199254740993, and `-9223372036854775809` is `None`.
pub(crate) fn exact_i64(text: &str) -> Option<i64> {
    let (negative, rest) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (mantissa, exponent) = match rest.find(['e', 'E']) {
        Some(at) => (&rest[..at], rest[at + 1..].parse::<i64>().ok()?),
        None => (rest, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() && fraction.is_empty() || !all_digits(whole) || !all_digits(fraction) {
        return None;
    }
    // The value is `digits × 10^scale`.
    let digits = format!("{whole}{fraction}");
    let digits = digits.trim_start_matches('0');
    if digits.is_empty() {
        return Some(0);
    }
    let fraction_len = i64::try_from(fraction.len()).ok()?;
    let scale = exponent.checked_sub(fraction_len)?;
    let digits = if scale < 0 {
        // Dropping `-scale` digits must drop only zeros.
        let drop = usize::try_from(scale.unsigned_abs()).ok()?;
        let keep = digits.len().checked_sub(drop)?;
        if !digits[keep..].bytes().all(|b| b == b'0') {
            return None;
        }
        &digits[..keep]
    } else {
        digits
    };
    let zeros = usize::try_from(scale).unwrap_or(0);
    // i64 has 19 digits: anything longer does not fit.
    if digits.len().saturating_add(zeros) > 19 {
        return None;
    }
    let mut value: i128 = 0;
    for b in digits.bytes().chain(std::iter::repeat_n(b'0', zeros)) {
        value = value * 10 + i128::from(b - b'0');
    }
    i64::try_from(if negative { -value } else { value }).ok()
}

/// Decodes any JSON value like `Value`'s own `Deserialize`, noting wide doubles.
#[derive(Clone, Copy)]
pub struct ValueSeed;

impl<'de> DeserializeSeed<'de> for ValueSeed {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        note_float(v);
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element_seed(ValueSeed)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(ValueSeed)?;
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_integers() {
        for (text, expected) in [
            ("42", Some(42)),
            ("-7", Some(-7)),
            ("+3", Some(3)),
            ("42.0", Some(42)),
            ("42.000", Some(42)),
            ("1.5e3", Some(1500)),
            ("1E2", Some(100)),
            ("4200e-2", Some(42)),
            ("0", Some(0)),
            ("-0.0", Some(0)),
            ("0e999999", Some(0)),
            ("9223372036854775807", Some(i64::MAX)),
            ("-9223372036854775808", Some(i64::MIN)),
            ("9007199254740993.0", Some(9_007_199_254_740_993)),
            ("-9223372036854775809", None),
            ("9223372036854775808", None),
            ("18446744073709551616", None),
            ("1e400", None),
            ("1.5", None),
            ("4201e-2", None),
            ("1e99999999999999999999", None),
            ("", None),
            ("-", None),
            (".", None),
            ("1.2.3", None),
            ("abc", None),
            ("0x10", None),
            ("inf", None),
            ("NaN", None),
        ] {
            assert_eq!(exact_i64(text), expected, "{text:?}");
        }
    }

    #[test]
    fn only_wide_literals_are_rewritten() {
        let body = br#"{"a":18446744073709551616,"b":"18446744073709551616","c":[1e400,-9223372036854775809],"d":1.5,"e":-9223372036854775808,"f":"x\"1e400","g":18446744073709551615}"#;
        let rewritten = rewrite_wide_numbers(body).map(String::from_utf8);
        assert_eq!(
            rewritten.and_then(Result::ok).as_deref(),
            Some(
                r#"{"a":"18446744073709551616","b":"18446744073709551616","c":["1e400","-9223372036854775809"],"d":1.5,"e":-9223372036854775808,"f":"x\"1e400","g":18446744073709551615}"#
            )
        );
        assert_eq!(rewrite_wide_numbers(br#"{"a":1,"b":[2.5,-3]}"#), None);
    }

    #[test]
    fn untyped_values_keep_wide_numbers_as_text() {
        struct Any(Value);
        impl<'de> serde::Deserialize<'de> for Any {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                ValueSeed.deserialize(d).map(Any)
            }
        }
        let body = br#"{"big":18446744073709551616,"huge":1e400,"n":-1.5}"#;
        let value = match from_slice::<Any>(body) {
            Ok(Any(value)) => value,
            Err(err) => panic!("decodes: {err}"),
        };
        assert_eq!(
            value,
            serde_json::json!({"big": "18446744073709551616", "huge": "1e400", "n": -1.5})
        );
    }
}
