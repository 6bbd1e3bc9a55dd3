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
//! value into its field through a [`Sink`], without building an intermediate [`Value`] for known
//! fields. Values reach the models through trait objects ([`Sink`], [`MapIn`], [`SeqIn`]), so
//! the JSON parser is compiled once rather than once per model (see the `erased` module).

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserializer, Error as _, MapAccess, Unexpected};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Number, Value};

mod erased;
mod list;
mod object;

pub use erased::with_map;
pub use erased::{Fail, MapIn, SeqIn, Sink};
pub(crate) use erased::{SinkVisitor, raw_map, raw_seq};
use object::ObjectSink;
pub use object::{ObjectSlot, object_field, object_list_field};

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
    fn from_map(map: &mut dyn MapIn<'_>) -> Result<Decoded<Self>, Fail> {
        raw_map(map).map(Decoded::Mismatch)
    }

    /// Decodes a JSON array, consuming all of its elements.
    fn from_seq(seq: &mut dyn SeqIn<'_>) -> Result<Decoded<Self>, Fail> {
        raw_seq(seq).map(Decoded::Mismatch)
    }

    /// Decodes a JSON object into `slot`, returning the raw value when it does not fit.
    ///
    /// Generated structs decode in place, so a large struct is never moved after decoding.
    fn map_into(map: &mut dyn MapIn<'_>, slot: &mut Option<Self>) -> Result<Option<Value>, Fail> {
        Ok(put(Self::from_map(map)?, slot))
    }

    /// The value as JSON, used to rebuild the raw form of a list that turned out to mismatch.
    fn into_raw(self) -> Value {
        serde_json::to_value(&self).unwrap_or(Value::Null)
    }
}

/// Stores a decoded value in `slot`; returns the raw value of a mismatch.
#[inline]
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
///
/// Its methods take no type parameters, so each struct's decoding is compiled once.
pub trait Object {
    /// Decodes the value of `key` into its field and returns `true`, or returns `false`
    /// without touching `map` when `key` is not a known field.
    ///
    /// Generated impls match the wire key and call [`field`] (or [`boxed_field`]).
    fn decode_field(&mut self, key: &str, map: &mut dyn MapIn<'_>) -> Result<bool, Fail> {
        let _ = (key, map);
        Ok(false)
    }

    /// The map that holds unknown fields and known fields with a mismatched value.
    fn extra_mut(&mut self) -> &mut Map<String, Value>;
}

/// Decodes the next map value into `slot`; a mismatched value goes to `extra` under `key`.
///
/// Always returns `Ok(true)`, so a generated `decode_field` can return it directly.
///
/// Never inlined: inlined, it would put a copy of the slot's decoding code for its type in
/// every code unit with a `decode_field` that has such a field, and LLVM would optimise each
/// copy (a tenth of the library's optimisation time). Out of line there is one per type; a
/// decode costs 0.6% more instructions.
#[inline(never)]
pub fn field<T: Lenient>(
    map: &mut dyn MapIn<'_>,
    key: &str,
    slot: &mut Option<T>,
    extra: &mut Map<String, Value>,
) -> Result<bool, Fail> {
    let mut sink = SlotSink::new(slot);
    map.next_value(&mut sink)?;
    keep_mismatch(sink.mismatch, key, extra);
    Ok(true)
}

/// [`field`] for a field boxed to break a cycle between types.
pub fn boxed_field<T: Lenient>(
    map: &mut dyn MapIn<'_>,
    key: &str,
    slot: &mut Option<Box<T>>,
    extra: &mut Map<String, Value>,
) -> Result<bool, Fail> {
    let mut value = None;
    let mut sink = SlotSink::new(&mut value);
    map.next_value(&mut sink)?;
    keep_mismatch(sink.mismatch, key, extra);
    *slot = value.map(Box::new);
    Ok(true)
}

/// Files a field's mismatched value in `extra` under its key; a fitting value clears what an
/// earlier occurrence of the key left there.
#[inline]
fn keep_mismatch(mismatch: Option<Value>, key: &str, extra: &mut Map<String, Value>) {
    match mismatch {
        None => forget_stale(key, extra),
        Some(raw) => {
            extra.insert(key.to_owned(), raw);
        }
    }
}

/// A repeated key replaces what an earlier occurrence left in `extra`.
#[inline]
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
    T: Object + Default,
{
    let mut slot: Option<T> = None;
    deserialize_into(d, &mut slot)?;
    slot.ok_or_else(|| D::Error::invalid_type(Unexpected::Unit, &"a JSON object"))
}

/// The body of [`deserialize_object`], compiled once per deserializer rather than once per
/// struct: fills `slot` from a JSON object, leaves it empty for `null`, fails on anything else.
pub(crate) fn deserialize_into<'de, D: Deserializer<'de>>(
    d: D,
    slot: &mut dyn ObjectSlot,
) -> Result<(), D::Error> {
    let mut sink = ObjectSink::new(slot);
    d.deserialize_any(SinkVisitor(&mut sink))?;
    match sink.mismatch {
        Some(raw) => Err(D::Error::invalid_type(unexpected(&raw), &"a JSON object")),
        None => Ok(()),
    }
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
    let mut slot = None;
    let mut sink = SlotSink::new(&mut slot);
    d.deserialize_any(SinkVisitor(&mut sink))?;
    let mismatch = sink.mismatch;
    Ok(SlotSink::decoded(slot, mismatch))
}

/// How a value that is not the expected shape is named in an error.
pub(crate) fn unexpected(raw: &Value) -> Unexpected<'_> {
    match raw {
        Value::Null => Unexpected::Unit,
        Value::Bool(v) => Unexpected::Bool(*v),
        Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(v), _, _) => Unexpected::Unsigned(v),
            (_, Some(v), _) => Unexpected::Signed(v),
            (_, _, Some(v)) => Unexpected::Float(v),
            _ => Unexpected::Other("number"),
        },
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    }
}

/// Decodes the entries of a map into `out`, in place.
pub fn decode_object_into(map: &mut dyn MapIn<'_>, out: &mut dyn Object) -> Result<(), Fail> {
    map.read_object(out)
}

/// [`Object::decode_field`] over a serde map, for hand-written visitors.
pub fn decode_field_from<'de, A: MapAccess<'de>>(
    out: &mut dyn Object,
    key: &str,
    map: &mut A,
) -> Result<bool, A::Error> {
    with_map(map, |map| out.decode_field(key, map))
}

/// A map key, borrowed from the input when the deserializer allows it.
pub struct Key<'de>(pub Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> serde::de::Visitor<'de> for KeyVisitor {
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

/// Decodes one value straight into `slot`; `mismatch` is the raw JSON of a value that did not
/// fit.
pub(crate) struct SlotSink<'s, T> {
    slot: &'s mut Option<T>,
    mismatch: Option<Value>,
}

impl<'s, T> SlotSink<'s, T> {
    pub(crate) fn new(slot: &'s mut Option<T>) -> Self {
        SlotSink {
            slot,
            mismatch: None,
        }
    }

    /// The outcome, from the slot and the mismatch a sink left.
    pub(crate) fn decoded(slot: Option<T>, mismatch: Option<Value>) -> Decoded<T> {
        match (slot, mismatch) {
            (_, Some(raw)) => Decoded::Mismatch(raw),
            (Some(v), None) => Decoded::Ok(v),
            (None, None) => Decoded::Null,
        }
    }
}

impl<'de, T: Lenient> Sink<'de> for SlotSink<'_, T> {
    #[inline]
    fn bool(&mut self, v: bool) {
        self.mismatch = put(T::from_bool(v), self.slot);
    }

    #[inline]
    fn i64(&mut self, v: i64) {
        self.mismatch = put(T::from_i64(v), self.slot);
    }

    #[inline]
    fn u64(&mut self, v: u64) {
        self.mismatch = put(T::from_u64(v), self.slot);
    }

    #[inline]
    fn f64(&mut self, v: f64) {
        self.mismatch = put(T::from_f64(v), self.slot);
    }

    #[inline]
    fn str(&mut self, v: &str) {
        self.mismatch = put(T::from_str(v), self.slot);
    }

    #[inline]
    fn string(&mut self, v: String) {
        self.mismatch = put(T::from_string(v), self.slot);
    }

    #[inline]
    fn null(&mut self) {
        self.mismatch = put(Decoded::Null, self.slot);
    }

    #[inline]
    fn map(&mut self, map: &mut dyn MapIn<'de>) -> Result<(), Fail> {
        self.mismatch = T::map_into(map, self.slot)?;
        Ok(())
    }

    #[inline]
    fn seq(&mut self, seq: &mut dyn SeqIn<'de>) -> Result<(), Fail> {
        self.mismatch = put(T::from_seq(seq)?, self.slot);
        Ok(())
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

impl<T: Object + Default + Serialize> Lenient for T {
    fn from_map(map: &mut dyn MapIn<'_>) -> Result<Decoded<Self>, Fail> {
        let mut out = T::default();
        decode_object_into(map, &mut out)?;
        Ok(Decoded::Ok(out))
    }

    fn map_into(map: &mut dyn MapIn<'_>, slot: &mut Option<Self>) -> Result<Option<Value>, Fail> {
        decode_object_into(map, slot.insert(T::default()))?;
        Ok(None)
    }
}

/// Strings only: a number or a boolean is kept raw, since writing it back as a string would
/// change it.
impl Lenient for String {
    #[inline]
    fn from_str(v: &str) -> Decoded<Self> {
        Decoded::Ok(v.to_owned())
    }

    #[inline]
    fn from_string(v: String) -> Decoded<Self> {
        Decoded::Ok(v)
    }

    #[inline]
    fn into_raw(self) -> Value {
        Value::String(self)
    }
}

/// Booleans only: `"true"` is kept raw, since writing it back as `true` would change it.
impl Lenient for bool {
    #[inline]
    fn from_bool(v: bool) -> Decoded<Self> {
        Decoded::Ok(v)
    }

    #[inline]
    fn into_raw(self) -> Value {
        Value::Bool(self)
    }
}

/// JSON integers that fit: a numeric string (`"42"`) or a float (`42.0`) is kept raw, since
/// writing it back as an integer would change it.
impl Lenient for i64 {
    #[inline]
    fn from_i64(v: i64) -> Decoded<Self> {
        Decoded::Ok(v)
    }

    #[inline]
    fn from_u64(v: u64) -> Decoded<Self> {
        match i64::try_from(v) {
            Ok(v) => Decoded::Ok(v),
            Err(_) => Decoded::Mismatch(Value::from(v)),
        }
    }

    #[inline]
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

    fn from_map(map: &mut dyn MapIn<'_>) -> Result<Decoded<Self>, Fail> {
        raw_map(map).map(Decoded::Ok)
    }

    fn from_seq(seq: &mut dyn SeqIn<'_>) -> Result<Decoded<Self>, Fail> {
        raw_seq(seq).map(Decoded::Ok)
    }

    fn into_raw(self) -> Value {
        self
    }
}

impl Lenient for Map<String, Value> {
    fn from_map(map: &mut dyn MapIn<'_>) -> Result<Decoded<Self>, Fail> {
        match raw_map(map)? {
            Value::Object(map) => Ok(Decoded::Ok(map)),
            other => Ok(Decoded::Mismatch(other)),
        }
    }

    fn into_raw(self) -> Value {
        Value::Object(self)
    }
}
