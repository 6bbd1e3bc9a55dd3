//! Lenient, lossless decoding for the generated models.
//!
//! The generated `Deserialize` impls call into this module. Decoding is forgiving and keeps
//! everything it receives, in the form it was received:
//!
//! - every field is optional and `null` decodes to `None`;
//! - a field takes a value only in a form it serializes back unchanged: a string field takes
//!   strings, a boolean field booleans, an integer field JSON integers that fit `i64`; a number
//!   field ([`crate::Number`]) takes integers, floats and numeric strings and a timestamp field
//!   ([`crate::Timestamp`]) Unix seconds, numeric strings and RFC 3339 text, each keeping the
//!   form it arrived in;
//! - unknown keys are kept in the struct's `extra` map;
//! - a known key whose value does not fit its field (`"42"` for an integer, `42` for a string,
//!   `"true"` for a boolean, an object for a list) leaves the field `None` and keeps the value
//!   in `extra` under its wire key, as received;
//! - a list accepts both a plain array and the wrapped form `{"type": "tag.list", "tags": […]}`;
//! - unknown enum values decode to the enum's `Unknown(String)` variant;
//! - no number changes silently: an integer field takes only integers that fit `i64`, and a
//!   number that no 64-bit integer or double can hold (`18446744073709551616`, `1e400`) is kept
//!   as a string of its original text when a response is decoded by the client.
//!
//! So serializing a decoded model gives back the JSON it was decoded from, with two
//! normalizations: a `null` in a known field is left out (the field is `None`, which is not
//! serialized), and a wrapped list comes back as a plain array (the form requests take).
//!
//! Decoding is one pass over the input: [`Object::decode_field`] matches each key and decodes its
//! value with a [`Lenient`] visitor, without building an intermediate [`Value`] for known fields.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{DeserializeSeed, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Number, Value};

use crate::numbers::{self, ValueSeed, note_float};

/// The outcome of decoding one value leniently.
#[derive(Debug, Clone, PartialEq)]
pub enum Decoded<T> {
    /// The value fits the type.
    Ok(T),
    /// The value was `null`.
    Null,
    /// The value has a shape the type cannot hold; here it is, as received.
    Mismatch(Value),
}

/// A type that decodes from any JSON value, reporting a mismatch instead of failing.
///
/// Each hook receives one kind of JSON value. The defaults report a mismatch carrying the value
/// as received, so an implementation overrides only the hooks for the shapes it accepts.
pub trait Lenient: Sized + Serialize {
    /// Decodes a JSON boolean.
    fn from_bool(v: bool) -> Decoded<Self> {
        Decoded::Mismatch(Value::Bool(v))
    }

    /// Decodes a negative JSON integer (or any integer, for some deserializers).
    fn from_i64(v: i64) -> Decoded<Self> {
        Decoded::Mismatch(Value::from(v))
    }

    /// Decodes a non-negative JSON integer.
    fn from_u64(v: u64) -> Decoded<Self> {
        Decoded::Mismatch(Value::from(v))
    }

    /// Decodes a JSON number with a fraction or exponent.
    fn from_f64(v: f64) -> Decoded<Self> {
        Decoded::Mismatch(float_value(v))
    }

    /// Decodes a JSON string.
    fn from_str(v: &str) -> Decoded<Self> {
        Decoded::Mismatch(Value::String(v.to_owned()))
    }

    /// Decodes a JSON string the deserializer already owns.
    fn from_string(v: String) -> Decoded<Self> {
        Self::from_str(&v)
    }

    /// Decodes a JSON object, consuming all of its entries.
    fn from_map<'de, A: MapAccess<'de>>(map: A) -> Result<Decoded<Self>, A::Error> {
        numbers::value(MapAccessDeserializer::new(map)).map(Decoded::Mismatch)
    }

    /// Decodes a JSON array, consuming all of its elements.
    fn from_seq<'de, A: SeqAccess<'de>>(seq: A) -> Result<Decoded<Self>, A::Error> {
        numbers::value(SeqAccessDeserializer::new(seq)).map(Decoded::Mismatch)
    }

    /// Decodes a JSON object into `slot`, returning the raw value when it does not fit.
    ///
    /// Generated structs decode in place, so a large struct is never moved after decoding.
    fn map_into<'de, A: MapAccess<'de>>(
        map: A,
        slot: &mut Option<Self>,
    ) -> Result<Option<Value>, A::Error> {
        Ok(put(Self::from_map(map)?, slot))
    }

    /// The value as JSON, used to rebuild the raw form of a list that turned out to mismatch.
    fn into_raw(self) -> Value {
        serde_json::to_value(&self).unwrap_or(Value::Null)
    }
}

/// Stores a decoded value in `slot`; returns the raw value of a mismatch.
fn put<T>(decoded: Decoded<T>, slot: &mut Option<T>) -> Option<Value> {
    match decoded {
        Decoded::Ok(v) => {
            *slot = Some(v);
            None
        }
        Decoded::Null => {
            *slot = None;
            None
        }
        Decoded::Mismatch(raw) => {
            *slot = None;
            Some(raw)
        }
    }
}

/// A generated struct: known fields, plus an `extra` map for everything else.
pub trait Object: Default + Serialize {
    /// Decodes the value of `key` into its field and returns `true`, or returns `false`
    /// without touching `map` when `key` is not a known field.
    ///
    /// Generated impls match the wire key and call [`field`] (or [`boxed_field`]).
    fn decode_field<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> Result<bool, A::Error> {
        let _ = (key, map);
        Ok(false)
    }

    /// The map that holds unknown fields and known fields with a mismatched value.
    fn extra_mut(&mut self) -> &mut Map<String, Value>;
}

/// Decodes the next map value into `slot`; a mismatched value goes to `extra` under `key`.
///
/// Always returns `Ok(true)`, so a generated `decode_field` can return it directly.
pub fn field<'de, A, T>(
    map: &mut A,
    key: &str,
    slot: &mut Option<T>,
    extra: &mut Map<String, Value>,
) -> Result<bool, A::Error>
where
    A: MapAccess<'de>,
    T: Lenient,
{
    match map.next_value_seed(SlotSeed { slot })? {
        None => forget_stale(key, extra),
        Some(raw) => {
            extra.insert(key.to_owned(), raw);
        }
    }
    Ok(true)
}

/// [`field`] for a field boxed to break a cycle between types.
pub fn boxed_field<'de, A, T>(
    map: &mut A,
    key: &str,
    slot: &mut Option<Box<T>>,
    extra: &mut Map<String, Value>,
) -> Result<bool, A::Error>
where
    A: MapAccess<'de>,
    T: Lenient,
{
    let decoded = map.next_value_seed(Seed::<T>::new())?;
    *slot = store(decoded, key, extra).map(Box::new);
    Ok(true)
}

fn store<T>(decoded: Decoded<T>, key: &str, extra: &mut Map<String, Value>) -> Option<T> {
    match decoded {
        Decoded::Ok(v) => {
            forget_stale(key, extra);
            Some(v)
        }
        Decoded::Null => {
            forget_stale(key, extra);
            None
        }
        Decoded::Mismatch(raw) => {
            extra.insert(key.to_owned(), raw);
            None
        }
    }
}

/// A repeated key replaces what an earlier occurrence left in `extra`.
fn forget_stale(key: &str, extra: &mut Map<String, Value>) {
    if !extra.is_empty() {
        extra.remove(key);
    }
}

/// Deserializes a generated struct (the body of its `Deserialize` impl).
///
/// The input must be a JSON object; everything inside it is decoded leniently.
pub fn deserialize_object<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Object,
{
    d.deserialize_map(ObjectVisitor(PhantomData))
}

/// Deserializes any [`Lenient`] type, failing only when the value does not fit at all
/// (the body of a generated enum's `Deserialize` impl).
pub fn deserialize_lenient<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Lenient,
{
    match decode(d)? {
        Decoded::Ok(v) => Ok(v),
        Decoded::Null => Err(D::Error::custom("unexpected null")),
        Decoded::Mismatch(raw) => Err(D::Error::custom(format_args!("unexpected value {raw}"))),
    }
}

/// Decodes one value leniently, reporting `null` and mismatches instead of failing.
pub fn decode<'de, D, T>(d: D) -> Result<Decoded<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Lenient,
{
    Seed::<T>::new().deserialize(d)
}

/// Decodes the entries of a map into a fresh `T`.
fn decode_object<'de, A, T>(map: A) -> Result<T, A::Error>
where
    A: MapAccess<'de>,
    T: Object,
{
    let mut out = T::default();
    decode_object_into(map, &mut out)?;
    Ok(out)
}

/// Decodes the entries of a map into `out`, in place.
pub(crate) fn decode_object_into<'de, A, T>(mut map: A, out: &mut T) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Object,
{
    // Unknown fields join `extra` at the end, so that while the known ones are decoded `extra`
    // holds only mismatches (almost never), and checking it for a stale entry costs nothing.
    let mut unknown = Vec::new();
    while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
        if !out.decode_field(&key, &mut map)? {
            let value = map.next_value_seed(ValueSeed)?;
            unknown.push((key.into_owned(), value));
        }
    }
    out.extra_mut().extend(unknown);
    Ok(())
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        decode_object(map)
    }
}

/// A map key, borrowed from the input when the deserializer allows it.
pub(crate) struct Key<'de>(pub(crate) Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string key")
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E>(self, v: String) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(v)))
    }
}

/// Decodes one value of type `T` with `deserialize_any`, dispatching to its [`Lenient`] hooks.
struct Seed<T>(PhantomData<T>);

impl<T> Seed<T> {
    fn new() -> Self {
        Seed(PhantomData)
    }
}

impl<'de, T: Lenient> DeserializeSeed<'de> for Seed<T> {
    type Value = Decoded<T>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Decoded<T>, D::Error> {
        d.deserialize_any(LenientVisitor(PhantomData))
    }
}

struct LenientVisitor<T>(PhantomData<T>);

impl<'de, T: Lenient> Visitor<'de> for LenientVisitor<T> {
    type Value = Decoded<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Decoded<T>, E> {
        Ok(T::from_bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Decoded<T>, E> {
        Ok(T::from_i64(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Decoded<T>, E> {
        Ok(T::from_u64(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Decoded<T>, E> {
        note_float(v);
        Ok(T::from_f64(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Decoded<T>, E> {
        Ok(T::from_str(v))
    }

    fn visit_string<E>(self, v: String) -> Result<Decoded<T>, E> {
        Ok(T::from_string(v))
    }

    fn visit_unit<E>(self) -> Result<Decoded<T>, E> {
        Ok(Decoded::Null)
    }

    fn visit_none<E>(self) -> Result<Decoded<T>, E> {
        Ok(Decoded::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Decoded<T>, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Decoded<T>, A::Error> {
        T::from_map(map)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Decoded<T>, A::Error> {
        T::from_seq(seq)
    }
}

/// Decodes one value straight into a field's slot; its value is the raw JSON of a mismatch.
struct SlotSeed<'s, T> {
    slot: &'s mut Option<T>,
}

impl<'de, T: Lenient> DeserializeSeed<'de> for SlotSeed<'_, T> {
    type Value = Option<Value>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<Value>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, T: Lenient> Visitor<'de> for SlotSeed<'_, T> {
    type Value = Option<Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Option<Value>, E> {
        Ok(put(T::from_bool(v), self.slot))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Option<Value>, E> {
        Ok(put(T::from_i64(v), self.slot))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Option<Value>, E> {
        Ok(put(T::from_u64(v), self.slot))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Option<Value>, E> {
        note_float(v);
        Ok(put(T::from_f64(v), self.slot))
    }

    fn visit_str<E>(self, v: &str) -> Result<Option<Value>, E> {
        Ok(put(T::from_str(v), self.slot))
    }

    fn visit_string<E>(self, v: String) -> Result<Option<Value>, E> {
        Ok(put(T::from_string(v), self.slot))
    }

    fn visit_unit<E>(self) -> Result<Option<Value>, E> {
        Ok(put(Decoded::Null, self.slot))
    }

    fn visit_none<E>(self) -> Result<Option<Value>, E> {
        Ok(put(Decoded::Null, self.slot))
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<Value>, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Option<Value>, A::Error> {
        T::map_into(map, self.slot)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Option<Value>, A::Error> {
        Ok(put(T::from_seq(seq)?, self.slot))
    }
}

/// A finite float as a JSON number (JSON input never carries other floats).
pub(crate) fn float_value(v: f64) -> Value {
    Number::from_f64(v).map_or(Value::Null, Value::Number)
}

/// The integer a float stands for, when it has no fraction and is at most 2⁵³ in magnitude.
/// Past 2⁵³ a double is not every integer, so the number written may have been another one
/// (`9007199254740993.0` reads as 9007199254740992): such a value is not taken.
pub(crate) fn integral(v: f64) -> Option<i64> {
    const EXACT: f64 = 9_007_199_254_740_992.0;
    (v.fract() == 0.0 && v.abs() <= EXACT).then_some(v as i64)
}

impl<T: Object> Lenient for T {
    fn from_map<'de, A: MapAccess<'de>>(map: A) -> Result<Decoded<Self>, A::Error> {
        decode_object(map).map(Decoded::Ok)
    }

    fn map_into<'de, A: MapAccess<'de>>(
        map: A,
        slot: &mut Option<Self>,
    ) -> Result<Option<Value>, A::Error> {
        decode_object_into(map, slot.insert(T::default()))?;
        Ok(None)
    }
}

/// Strings only: a number or a boolean is kept raw, since writing it back as a string would
/// change it.
impl Lenient for String {
    fn from_str(v: &str) -> Decoded<Self> {
        Decoded::Ok(v.to_owned())
    }

    fn from_string(v: String) -> Decoded<Self> {
        Decoded::Ok(v)
    }

    fn into_raw(self) -> Value {
        Value::String(self)
    }
}

/// Booleans only: `"true"` is kept raw, since writing it back as `true` would change it.
impl Lenient for bool {
    fn from_bool(v: bool) -> Decoded<Self> {
        Decoded::Ok(v)
    }

    fn into_raw(self) -> Value {
        Value::Bool(self)
    }
}

/// JSON integers that fit: a numeric string (`"42"`) or a float (`42.0`) is kept raw, since
/// writing it back as an integer would change it.
impl Lenient for i64 {
    fn from_i64(v: i64) -> Decoded<Self> {
        Decoded::Ok(v)
    }

    fn from_u64(v: u64) -> Decoded<Self> {
        match i64::try_from(v) {
            Ok(v) => Decoded::Ok(v),
            Err(_) => Decoded::Mismatch(Value::from(v)),
        }
    }

    fn into_raw(self) -> Value {
        Value::from(self)
    }
}

impl Lenient for Value {
    fn from_bool(v: bool) -> Decoded<Self> {
        Decoded::Ok(Value::Bool(v))
    }

    fn from_i64(v: i64) -> Decoded<Self> {
        Decoded::Ok(Value::from(v))
    }

    fn from_u64(v: u64) -> Decoded<Self> {
        Decoded::Ok(Value::from(v))
    }

    fn from_f64(v: f64) -> Decoded<Self> {
        Decoded::Ok(float_value(v))
    }

    fn from_str(v: &str) -> Decoded<Self> {
        Decoded::Ok(Value::String(v.to_owned()))
    }

    fn from_string(v: String) -> Decoded<Self> {
        Decoded::Ok(Value::String(v))
    }

    fn from_map<'de, A: MapAccess<'de>>(map: A) -> Result<Decoded<Self>, A::Error> {
        numbers::value(MapAccessDeserializer::new(map)).map(Decoded::Ok)
    }

    fn from_seq<'de, A: SeqAccess<'de>>(seq: A) -> Result<Decoded<Self>, A::Error> {
        numbers::value(SeqAccessDeserializer::new(seq)).map(Decoded::Ok)
    }

    fn into_raw(self) -> Value {
        self
    }
}

impl Lenient for Map<String, Value> {
    fn from_map<'de, A: MapAccess<'de>>(map: A) -> Result<Decoded<Self>, A::Error> {
        match numbers::value(MapAccessDeserializer::new(map))? {
            Value::Object(map) => Ok(Decoded::Ok(map)),
            other => Ok(Decoded::Mismatch(other)),
        }
    }

    fn into_raw(self) -> Value {
        Value::Object(self)
    }
}

/// A list: a plain array, or the wrapped form `{"type": "x.list", "<items>": […]}`.
///
/// An element that does not fit (including `null`) makes the whole list a mismatch, so the raw
/// array is kept. The wrapped form may hold one array, a string `type` and a `total_count`
/// equal to the number of items: all of it can be rebuilt from the items. Anything more is
/// kept raw as a mismatch.
impl<T: Lenient> Lenient for Vec<T> {
    fn from_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<Decoded<Self>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        // Each element is decoded in place into `slot`, then moved once into the list.
        let mut slot = None;
        while let Some(mismatch) = seq.next_element_seed(SlotSeed { slot: &mut slot })? {
            match (mismatch, slot.take()) {
                (None, Some(item)) => items.push(item),
                (None, None) => return raw_rest(items, Value::Null, seq),
                (Some(raw), _) => return raw_rest(items, raw, seq),
            }
        }
        Ok(Decoded::Ok(items))
    }

    fn from_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<Decoded<Self>, A::Error> {
        let mut wrapper = Wrapper::default();
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            let entry = map.next_value_seed(WrapperEntrySeed::<T>(PhantomData))?;
            let unexpected = match entry {
                WrapperEntry::Items(Decoded::Ok(list)) if wrapper.items.is_none() => {
                    wrapper.items = Some((key, list));
                    continue;
                }
                WrapperEntry::Text(s) if key == "type" && wrapper.kind.is_none() => {
                    wrapper.kind = Some(s);
                    continue;
                }
                WrapperEntry::Text(s) => Value::String(s.into_owned()),
                WrapperEntry::Other(Value::Number(n))
                    if key == "total_count" && wrapper.total_count.is_none() =>
                {
                    wrapper.total_count = Some(n);
                    continue;
                }
                WrapperEntry::Items(Decoded::Ok(list)) => Value::Array(raw_list(list)),
                WrapperEntry::Items(Decoded::Null) => Value::Null,
                WrapperEntry::Items(Decoded::Mismatch(raw)) | WrapperEntry::Other(raw) => raw,
            };
            let mut raw = wrapper.into_raw();
            raw.insert(key.into_owned(), unexpected);
            while let Some(k) = map.next_key::<String>()? {
                let v = map.next_value_seed(ValueSeed)?;
                raw.insert(k, v);
            }
            return Ok(Decoded::Mismatch(Value::Object(raw)));
        }
        let counted = match (&wrapper.items, &wrapper.total_count) {
            (Some((_, list)), Some(count)) => count.as_u64() == u64::try_from(list.len()).ok(),
            (Some(_), None) => true,
            (None, _) => false,
        };
        match wrapper.items {
            Some((_, list)) if counted => Ok(Decoded::Ok(list)),
            _ => Ok(Decoded::Mismatch(Value::Object(wrapper.into_raw()))),
        }
    }

    fn into_raw(self) -> Value {
        Value::Array(raw_list(self))
    }
}

/// The parts of a wrapped list read so far; keys and `type` borrow from the input when they can.
struct Wrapper<'de, T> {
    kind: Option<Cow<'de, str>>,
    items: Option<(Cow<'de, str>, Vec<T>)>,
    total_count: Option<Number>,
}

impl<T> Default for Wrapper<'_, T> {
    fn default() -> Self {
        Wrapper {
            kind: None,
            items: None,
            total_count: None,
        }
    }
}

impl<T: Lenient> Wrapper<'_, T> {
    /// The entries read so far, as received.
    fn into_raw(self) -> Map<String, Value> {
        let mut raw = Map::new();
        if let Some(kind) = self.kind {
            raw.insert("type".to_owned(), Value::String(kind.into_owned()));
        }
        if let Some((key, list)) = self.items {
            raw.insert(key.into_owned(), Value::Array(raw_list(list)));
        }
        if let Some(count) = self.total_count {
            raw.insert("total_count".to_owned(), Value::Number(count));
        }
        raw
    }
}

fn raw_list<T: Lenient>(items: Vec<T>) -> Vec<Value> {
    items.into_iter().map(Lenient::into_raw).collect()
}

/// Rebuilds a list that mismatched at `failed`: the items so far, the failed one, the rest raw.
fn raw_rest<'de, A, T, L>(items: Vec<T>, failed: Value, mut seq: A) -> Result<Decoded<L>, A::Error>
where
    A: SeqAccess<'de>,
    T: Lenient,
{
    let mut raw = raw_list(items);
    raw.push(failed);
    while let Some(v) = seq.next_element_seed(ValueSeed)? {
        raw.push(v);
    }
    Ok(Decoded::Mismatch(Value::Array(raw)))
}

/// One entry of a wrapped list: an array decoded as the list, a string (borrowed when it can
/// be), or anything else kept raw.
enum WrapperEntry<'de, T> {
    Items(Decoded<Vec<T>>),
    Text(Cow<'de, str>),
    Other(Value),
}

struct WrapperEntrySeed<T>(PhantomData<T>);

impl<'de, T: Lenient> DeserializeSeed<'de> for WrapperEntrySeed<T> {
    type Value = WrapperEntry<'de, T>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<WrapperEntry<'de, T>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, T: Lenient> Visitor<'de> for WrapperEntrySeed<T> {
    type Value = WrapperEntry<'de, T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<WrapperEntry<'de, T>, A::Error> {
        Vec::<T>::from_seq(seq).map(WrapperEntry::Items)
    }

    fn visit_bool<E>(self, v: bool) -> Result<WrapperEntry<'de, T>, E> {
        Ok(WrapperEntry::Other(Value::Bool(v)))
    }

    fn visit_i64<E>(self, v: i64) -> Result<WrapperEntry<'de, T>, E> {
        Ok(WrapperEntry::Other(Value::from(v)))
    }

    fn visit_u64<E>(self, v: u64) -> Result<WrapperEntry<'de, T>, E> {
        Ok(WrapperEntry::Other(Value::from(v)))
    }

    fn visit_f64<E>(self, v: f64) -> Result<WrapperEntry<'de, T>, E> {
        note_float(v);
        Ok(WrapperEntry::Other(float_value(v)))
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<WrapperEntry<'de, T>, E> {
        Ok(WrapperEntry::Text(Cow::Borrowed(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<WrapperEntry<'de, T>, E> {
        Ok(WrapperEntry::Text(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E>(self, v: String) -> Result<WrapperEntry<'de, T>, E> {
        Ok(WrapperEntry::Text(Cow::Owned(v)))
    }

    fn visit_unit<E>(self) -> Result<WrapperEntry<'de, T>, E> {
        Ok(WrapperEntry::Other(Value::Null))
    }

    fn visit_none<E>(self) -> Result<WrapperEntry<'de, T>, E> {
        Ok(WrapperEntry::Other(Value::Null))
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<WrapperEntry<'de, T>, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<WrapperEntry<'de, T>, A::Error> {
        numbers::value(MapAccessDeserializer::new(map)).map(WrapperEntry::Other)
    }
}
