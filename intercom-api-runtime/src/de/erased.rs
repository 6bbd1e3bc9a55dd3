//! One JSON value handed over as trait objects instead of through serde's generic visitors.
//!
//! A serde visitor is compiled once per visitor type and deserializer; with a visitor per
//! model type, every model would carry its own copy of the JSON parser's dispatch. Here a
//! single visitor, [`SinkVisitor`], forwards each value to a [`Sink`], and maps and arrays are
//! read through the object-safe [`MapIn`] and [`SeqIn`]. The parser is compiled once per
//! deserializer; what each model adds is a handful of small functions.
//!
//! Errors cross the trait objects as [`Fail`]: the deserializer's own error is kept by the
//! adapter that met it and handed back, unchanged, where the adapter ends.

use std::borrow::Cow;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use crate::numbers::{ValueSeed, note_float};

use super::{Key, Object, float_value};

/// A decoding failure passed across [`MapIn`] and [`SeqIn`]. Failures come from the
/// deserializer, whose error the adapter that met it keeps and hands back where it ends.
#[derive(Debug)]
pub struct Fail(());

impl Fail {
    /// The deserializer's error for this failure: the one the adapter kept.
    fn into_error<E: serde::de::Error>(self, kept: Option<E>) -> E {
        kept.unwrap_or_else(|| E::custom("the input ended a value early"))
    }
}

/// Receives one JSON value.
pub trait Sink<'de> {
    /// A boolean.
    fn bool(&mut self, v: bool);
    /// A negative integer (or any integer, for some deserializers).
    fn i64(&mut self, v: i64);
    /// A non-negative integer.
    fn u64(&mut self, v: u64);
    /// A number with a fraction or exponent.
    fn f64(&mut self, v: f64);
    /// A string borrowed for the call.
    fn str(&mut self, v: &str);
    /// A string the deserializer already owns.
    fn string(&mut self, v: String) {
        self.str(&v);
    }
    /// A string borrowed from the input, for sinks that keep it without a copy.
    fn borrowed_str(&mut self, v: &'de str) {
        self.str(v);
    }
    /// `null`.
    fn null(&mut self);
    /// An object; the sink reads all of its entries.
    fn map(&mut self, map: &mut dyn MapIn<'de>) -> Result<(), Fail>;
    /// An array; the sink reads all of its elements.
    fn seq(&mut self, seq: &mut dyn SeqIn<'de>) -> Result<(), Fail>;
}

/// A sink to which every boolean, number and string is the same case: the value as received,
/// as JSON (a struct or a list that does not take it). Implementing it implements [`Sink`].
pub(crate) trait RawScalarSink<'de> {
    /// A boolean, number or string, as JSON.
    fn raw_scalar(&mut self, raw: Value);
    /// `null`.
    fn null(&mut self);
    /// An object; the sink reads all of its entries.
    fn map(&mut self, map: &mut dyn MapIn<'de>) -> Result<(), Fail>;
    /// An array; the sink reads all of its elements.
    fn seq(&mut self, seq: &mut dyn SeqIn<'de>) -> Result<(), Fail>;
}

impl<'de, S: RawScalarSink<'de>> Sink<'de> for S {
    fn bool(&mut self, v: bool) {
        self.raw_scalar(Value::Bool(v));
    }

    fn i64(&mut self, v: i64) {
        self.raw_scalar(Value::from(v));
    }

    fn u64(&mut self, v: u64) {
        self.raw_scalar(Value::from(v));
    }

    fn f64(&mut self, v: f64) {
        self.raw_scalar(float_value(v));
    }

    fn str(&mut self, v: &str) {
        self.raw_scalar(Value::String(v.to_owned()));
    }

    fn string(&mut self, v: String) {
        self.raw_scalar(Value::String(v));
    }

    fn null(&mut self) {
        RawScalarSink::null(self);
    }

    fn map(&mut self, map: &mut dyn MapIn<'de>) -> Result<(), Fail> {
        RawScalarSink::map(self, map)
    }

    fn seq(&mut self, seq: &mut dyn SeqIn<'de>) -> Result<(), Fail> {
        RawScalarSink::seq(self, seq)
    }
}

/// The entries of a JSON object, read in order.
pub trait MapIn<'de> {
    /// The next key, borrowed from the input when the deserializer allows it.
    fn next_key(&mut self) -> Result<Option<Cow<'de, str>>, Fail>;
    /// The value of the key just read, handed to `sink`.
    fn next_value(&mut self, sink: &mut dyn Sink<'de>) -> Result<(), Fail>;
    /// The value of the key just read, as JSON.
    fn next_raw(&mut self) -> Result<Value, Fail>;

    /// Reads all remaining entries into `out`: known keys into their fields, the others into
    /// `extra`. The adapter runs the loop itself, which saves an indirect call per key.
    fn read_object(&mut self, out: &mut dyn Object) -> Result<(), Fail>;
}

/// Reads the remaining entries of `map` into `out`: known keys into their fields, the others
/// into `extra`.
#[inline]
fn read_object<'de, M: MapIn<'de>>(map: &mut M, out: &mut dyn Object) -> Result<(), Fail> {
    // Unknown fields join `extra` at the end, so that while the known ones are decoded `extra`
    // holds only mismatches (almost never), and checking it for a stale entry costs nothing.
    let mut unknown = Vec::new();
    while let Some(key) = map.next_key()? {
        if !out.decode_field(&key, map)? {
            let value = map.next_raw()?;
            unknown.push((key.into_owned(), value));
        }
    }
    out.extra_mut().extend(unknown);
    Ok(())
}

/// The elements of a JSON array, read in order.
pub trait SeqIn<'de> {
    /// How many elements are left, when the deserializer knows.
    fn size_hint(&self) -> Option<usize>;
    /// Hands the next element to `sink`; `false` at the end of the array.
    fn next_element(&mut self, sink: &mut dyn Sink<'de>) -> Result<bool, Fail>;
    /// The next element as JSON; `None` at the end of the array.
    fn next_raw(&mut self) -> Result<Option<Value>, Fail>;
}

/// The one visitor: forwards whatever value the deserializer meets to a [`Sink`].
pub(crate) struct SinkVisitor<'s, 'de>(pub(crate) &'s mut dyn Sink<'de>);

impl<'de> DeserializeSeed<'de> for SinkVisitor<'_, 'de> {
    type Value = ();

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for SinkVisitor<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    #[inline]
    fn visit_bool<E>(self, v: bool) -> Result<(), E> {
        self.0.bool(v);
        Ok(())
    }

    #[inline]
    fn visit_i64<E>(self, v: i64) -> Result<(), E> {
        self.0.i64(v);
        Ok(())
    }

    #[inline]
    fn visit_u64<E>(self, v: u64) -> Result<(), E> {
        self.0.u64(v);
        Ok(())
    }

    #[inline]
    fn visit_f64<E>(self, v: f64) -> Result<(), E> {
        note_float(v);
        self.0.f64(v);
        Ok(())
    }

    #[inline]
    fn visit_str<E>(self, v: &str) -> Result<(), E> {
        self.0.str(v);
        Ok(())
    }

    #[inline]
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<(), E> {
        self.0.borrowed_str(v);
        Ok(())
    }

    #[inline]
    fn visit_string<E>(self, v: String) -> Result<(), E> {
        self.0.string(v);
        Ok(())
    }

    #[inline]
    fn visit_unit<E>(self) -> Result<(), E> {
        self.0.null();
        Ok(())
    }

    #[inline]
    fn visit_none<E>(self) -> Result<(), E> {
        self.0.null();
        Ok(())
    }

    #[inline]
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }

    #[inline]
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        with_map(map, |map| self.0.map(map))
    }

    #[inline]
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        let mut adapter = SeqAdapter { seq, kept: None };
        let outcome = self.0.seq(&mut adapter);
        outcome.map_err(|fail| fail.into_error(adapter.kept))
    }
}

/// Runs `read` over a serde map as a [`MapIn`], turning a [`Fail`] back into the map's error.
pub fn with_map<'de, A, R>(
    map: A,
    read: impl FnOnce(&mut dyn MapIn<'de>) -> Result<R, Fail>,
) -> Result<R, A::Error>
where
    A: MapAccess<'de>,
{
    let mut adapter = MapAdapter { map, kept: None };
    let outcome = read(&mut adapter);
    outcome.map_err(|fail| fail.into_error(adapter.kept))
}

/// A serde map as a [`MapIn`]; keeps the error it meets (`E` is the map's error type).
struct MapAdapter<A, E> {
    map: A,
    kept: Option<E>,
}

impl<A, E> MapAdapter<A, E> {
    #[inline]
    fn keep<T>(&mut self, outcome: Result<T, E>) -> Result<T, Fail> {
        outcome.map_err(|err| {
            self.kept = Some(err);
            Fail(())
        })
    }
}

impl<'de, A: MapAccess<'de>> MapIn<'de> for MapAdapter<A, A::Error> {
    #[inline]
    fn next_key(&mut self) -> Result<Option<Cow<'de, str>>, Fail> {
        let key = self.map.next_key::<Key<'de>>();
        self.keep(key).map(|key| key.map(|Key(key)| key))
    }

    #[inline]
    fn next_value(&mut self, sink: &mut dyn Sink<'de>) -> Result<(), Fail> {
        let value = self.map.next_value_seed(SinkVisitor(sink));
        self.keep(value)
    }

    #[inline]
    fn next_raw(&mut self) -> Result<Value, Fail> {
        let value = self.map.next_value_seed(ValueSeed);
        self.keep(value)
    }

    #[inline]
    fn read_object(&mut self, out: &mut dyn Object) -> Result<(), Fail> {
        read_object(self, out)
    }
}

/// A serde sequence as a [`SeqIn`]; keeps the error it meets (`E` is the sequence's error type).
struct SeqAdapter<A, E> {
    seq: A,
    kept: Option<E>,
}

impl<A, E> SeqAdapter<A, E> {
    #[inline]
    fn keep<T>(&mut self, outcome: Result<T, E>) -> Result<T, Fail> {
        outcome.map_err(|err| {
            self.kept = Some(err);
            Fail(())
        })
    }
}

impl<'de, A: SeqAccess<'de>> SeqIn<'de> for SeqAdapter<A, A::Error> {
    #[inline]
    fn size_hint(&self) -> Option<usize> {
        self.seq.size_hint()
    }

    #[inline]
    fn next_element(&mut self, sink: &mut dyn Sink<'de>) -> Result<bool, Fail> {
        let element = self.seq.next_element_seed(SinkVisitor(sink));
        self.keep(element).map(|element| element.is_some())
    }

    #[inline]
    fn next_raw(&mut self) -> Result<Option<Value>, Fail> {
        let element = self.seq.next_element_seed(ValueSeed);
        self.keep(element)
    }
}

/// Reads the rest of an object as JSON.
pub(crate) fn raw_map(map: &mut dyn MapIn<'_>) -> Result<Value, Fail> {
    let mut out = serde_json::Map::new();
    while let Some(key) = map.next_key()? {
        let value = map.next_raw()?;
        out.insert(key.into_owned(), value);
    }
    Ok(Value::Object(out))
}

/// Reads the rest of an array as JSON.
pub(crate) fn raw_seq(seq: &mut dyn SeqIn<'_>) -> Result<Value, Fail> {
    let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
    while let Some(item) = seq.next_raw()? {
        items.push(item);
    }
    Ok(Value::Array(items))
}
