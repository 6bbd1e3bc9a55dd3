//! Structs decoded without a copy of the decoding code per struct: a struct is reached as
//! `&mut dyn Object` through an [`ObjectSlot`], so what each struct adds is its own
//! `decode_field` and two small functions.

use serde_json::{Map, Value};

use super::erased::{Fail, MapIn, RawScalarSink, SeqIn, raw_seq};
use super::list::{Elements, ListSink, Next};
use super::{Object, keep_mismatch};
use crate::ser::{FieldRef, Fields};

/// A place that holds one struct of some generated type, or nothing.
///
/// One method rather than two (fill, clear): each holds a copy of the struct's drop code, the
/// largest part of what a struct type costs to compile.
pub trait ObjectSlot {
    /// Empties the slot; with `fill`, then puts an empty struct in it and returns it, to be
    /// decoded into.
    fn reset(&mut self, fill: bool) -> Option<&mut dyn Object>;
}

impl<T: Object + Default> ObjectSlot for Option<T> {
    fn reset(&mut self, fill: bool) -> Option<&mut dyn Object> {
        *self = None;
        if fill {
            return Some(self.insert(T::default()));
        }
        None
    }
}

/// Decodes one value into a struct slot: an object fills it, anything else empties it and is
/// kept as the mismatch, as received (`null` is not a mismatch).
pub(crate) struct ObjectSink<'s> {
    slot: &'s mut dyn ObjectSlot,
    pub(crate) mismatch: Option<Value>,
}

impl<'s> ObjectSink<'s> {
    pub(crate) fn new(slot: &'s mut dyn ObjectSlot) -> Self {
        ObjectSink {
            slot,
            mismatch: None,
        }
    }

    fn refuse(&mut self, raw: Value) {
        self.slot.reset(false);
        self.mismatch = Some(raw);
    }
}

impl<'de> RawScalarSink<'de> for ObjectSink<'_> {
    fn raw_scalar(&mut self, raw: Value) {
        self.refuse(raw);
    }

    fn null(&mut self) {
        self.slot.reset(false);
        self.mismatch = None;
    }

    fn map(&mut self, map: &mut dyn MapIn<'de>) -> Result<(), Fail> {
        self.mismatch = None;
        match self.slot.reset(true) {
            Some(object) => super::decode_object_into(map, object),
            None => Ok(()),
        }
    }

    fn seq(&mut self, seq: &mut dyn SeqIn<'de>) -> Result<(), Fail> {
        let raw = raw_seq(seq)?;
        self.refuse(raw);
        Ok(())
    }
}

/// [`field`](super::field) for a field whose type is a generated struct.
#[inline]
pub fn object_field<T: Object + Default>(
    map: &mut dyn MapIn<'_>,
    key: &str,
    slot: &mut Option<T>,
    extra: &mut Map<String, Value>,
) -> Result<bool, Fail> {
    decode_object_field(map, key, slot, extra)
}

/// The body of [`object_field`], compiled once for every struct type.
fn decode_object_field(
    map: &mut dyn MapIn<'_>,
    key: &str,
    slot: &mut dyn ObjectSlot,
    extra: &mut Map<String, Value>,
) -> Result<bool, Fail> {
    let mut sink = ObjectSink::new(slot);
    map.next_value(&mut sink)?;
    keep_mismatch(sink.mismatch, key, extra);
    Ok(true)
}

/// A field that holds a list of some generated struct type, or nothing.
pub(crate) trait ObjectListSlot {
    /// Puts an empty list in the field and returns it, to be decoded into.
    fn start(&mut self) -> &mut dyn ObjectVec;

    /// Empties the field.
    fn clear(&mut self);
}

impl<T: Object + Default + Fields> ObjectListSlot for Option<Vec<T>> {
    fn start(&mut self) -> &mut dyn ObjectVec {
        self.insert(Vec::new())
    }

    fn clear(&mut self) {
        *self = None;
    }
}

/// A list of some generated struct type, decoded in place.
pub(crate) trait ObjectVec {
    /// Appends an empty struct and returns it, to be decoded into.
    fn push_default(&mut self) -> &mut dyn Object;

    /// Reserves room for `additional` more structs.
    fn reserve_more(&mut self, additional: usize);

    /// How many structs the list holds.
    fn count(&self) -> usize;

    /// The struct at `index`.
    fn item(&self, index: usize) -> Option<&dyn Fields>;

    /// Removes every struct.
    fn clear_items(&mut self);
}

impl<T: Object + Default + Fields> ObjectVec for Vec<T> {
    fn push_default(&mut self) -> &mut dyn Object {
        self.push(T::default());
        let last = self.len() - 1;
        &mut self[last]
    }

    fn reserve_more(&mut self, additional: usize) {
        self.reserve(additional);
    }

    fn count(&self) -> usize {
        self.len()
    }

    fn item(&self, index: usize) -> Option<&dyn Fields> {
        let item = self.get(index)?;
        Some(item)
    }

    fn clear_items(&mut self) {
        self.clear();
    }
}

/// Empties the list, returning its structs as JSON.
fn take_raw(list: &mut dyn ObjectVec) -> Vec<Value> {
    let raw = (0..list.count())
        .filter_map(|index| list.item(index).map(fields_value))
        .collect();
    list.clear_items();
    raw
}

/// A list of generated structs being decoded: each element is decoded in place, at the end of
/// the list.
struct Objects<'v>(&'v mut dyn ObjectVec);

impl Elements for Objects<'_> {
    fn next(&mut self, seq: &mut dyn SeqIn<'_>) -> Result<Next, Fail> {
        let mut sink = ElementSink {
            list: &mut *self.0,
            next: Next::End,
        };
        seq.next_element(&mut sink)?;
        Ok(sink.next)
    }

    fn reserve(&mut self, additional: usize) {
        self.0.reserve_more(additional);
    }

    fn len(&self) -> usize {
        self.0.count()
    }

    fn take_raw(&mut self) -> Vec<Value> {
        take_raw(self.0)
    }
}

/// Decodes one element of a list of structs: an object is appended, anything else (`null`
/// included) is a mismatch. Left at [`Next::End`] when the array has no more elements.
struct ElementSink<'v> {
    list: &'v mut dyn ObjectVec,
    next: Next,
}

impl<'de> RawScalarSink<'de> for ElementSink<'_> {
    fn raw_scalar(&mut self, raw: Value) {
        self.next = Next::Mismatch(raw);
    }

    fn null(&mut self) {
        self.next = Next::Mismatch(Value::Null);
    }

    fn map(&mut self, map: &mut dyn MapIn<'de>) -> Result<(), Fail> {
        self.next = Next::Item;
        super::decode_object_into(map, self.list.push_default())
    }

    fn seq(&mut self, seq: &mut dyn SeqIn<'de>) -> Result<(), Fail> {
        self.next = Next::Mismatch(raw_seq(seq)?);
        Ok(())
    }
}

/// [`field`](super::field) for a field whose type is a list of generated structs.
#[inline]
pub fn object_list_field<T: Object + Default + Fields>(
    map: &mut dyn MapIn<'_>,
    key: &str,
    slot: &mut Option<Vec<T>>,
    extra: &mut Map<String, Value>,
) -> Result<bool, Fail> {
    decode_object_list_field(map, key, slot, extra)
}

/// The body of [`object_list_field`], compiled once for every struct type.
fn decode_object_list_field(
    map: &mut dyn MapIn<'_>,
    key: &str,
    slot: &mut dyn ObjectListSlot,
    extra: &mut Map<String, Value>,
) -> Result<bool, Fail> {
    let mut elements = Objects(slot.start());
    let mut sink = ListSink::new(&mut elements);
    map.next_value(&mut sink)?;
    let (taken, mismatch) = sink.finish();
    if !taken {
        slot.clear();
    }
    keep_mismatch(mismatch, key, extra);
    Ok(true)
}

/// A struct as JSON, through the one serializer of [`FieldRef`] rather than one per struct.
fn fields_value(item: &dyn Fields) -> Value {
    serde_json::to_value(FieldRef::Object(item)).unwrap_or(Value::Null)
}
