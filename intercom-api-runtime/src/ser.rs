//! Serializing the generated models without a copy of the serializer code per model.
//!
//! A derived `Serialize` is compiled once per model and serializer. Here each model only lists
//! its fields ([`Fields::write_fields`], no type parameters), each field as a [`FieldRef`]; one
//! function per serializer, [`serialize_object`], writes any model. The output is what
//! `#[derive(Serialize)]` with `skip_serializing_if = "Option::is_none"` fields and a flattened
//! `extra` map writes: the set fields in declaration order, then `extra`.

use serde::Serialize;
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde_json::{Map, Value};

use crate::{Number, Timestamp};

/// A generated struct: its fields, in declaration order.
pub trait Fields {
    /// Hands every set field to `out`, then the `extra` entries.
    fn write_fields(&self, out: &mut FieldWriter<'_>);
}

/// One field's value, as the serializer sees it.
#[derive(Clone, Copy)]
pub enum FieldRef<'a> {
    /// Text, including an enum's wire value.
    Str(&'a str),
    /// A boolean.
    Bool(bool),
    /// An integer.
    I64(i64),
    /// A number, in the form it arrived in.
    Number(&'a Number),
    /// A timestamp, in the form it arrived in.
    Timestamp(&'a Timestamp),
    /// Any JSON value.
    Value(&'a Value),
    /// A free-form JSON object.
    Map(&'a Map<String, Value>),
    /// A generated struct.
    Object(&'a dyn Fields),
    /// A list.
    List(&'a dyn ListRef),
}

/// A value a field can hold.
pub trait AsField {
    /// The value as the serializer sees it.
    fn as_field(&self) -> FieldRef<'_>;
}

/// A list of field values.
pub trait ListRef {
    /// How many items the list holds.
    fn count(&self) -> usize;
    /// The item at `index` (below [`ListRef::count`]).
    fn item(&self, index: usize) -> Option<FieldRef<'_>>;
}

/// Receives a struct's fields.
pub struct FieldWriter<'a> {
    write: &'a mut dyn FnMut(&str, FieldRef<'_>),
}

impl FieldWriter<'_> {
    /// Writes `value` under `key` when it is set.
    ///
    /// Never inlined: a struct's `write_fields` stays one call per field, and this body is
    /// compiled once per field type instead of once per field.
    #[inline(never)]
    pub fn field<T: AsField>(&mut self, key: &str, value: &Option<T>) {
        if let Some(value) = value {
            (self.write)(key, value.as_field());
        }
    }

    /// Writes the entries of a struct's `extra` map.
    pub fn extra(&mut self, extra: &Map<String, Value>) {
        for (key, value) in extra {
            (self.write)(key, FieldRef::Value(value));
        }
    }
}

/// Serializes a generated struct (the body of its `Serialize` impl).
pub fn serialize_object<S: Serializer>(
    object: &dyn Fields,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(None)?;
    let mut failed = None;
    object.write_fields(&mut FieldWriter {
        write: &mut |key, value| {
            if failed.is_none() {
                failed = map.serialize_entry(key, &value).err();
            }
        },
    });
    match failed {
        Some(err) => Err(err),
        None => map.end(),
    }
}

impl Serialize for FieldRef<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match *self {
            FieldRef::Str(v) => serializer.serialize_str(v),
            FieldRef::Bool(v) => serializer.serialize_bool(v),
            FieldRef::I64(v) => serializer.serialize_i64(v),
            FieldRef::Number(v) => v.serialize(serializer),
            FieldRef::Timestamp(v) => v.serialize(serializer),
            FieldRef::Value(v) => v.serialize(serializer),
            FieldRef::Map(v) => v.serialize(serializer),
            FieldRef::Object(v) => serialize_object(v, serializer),
            FieldRef::List(list) => {
                let mut seq = serializer.serialize_seq(Some(list.count()))?;
                for index in 0..list.count() {
                    if let Some(item) = list.item(index) {
                        seq.serialize_element(&item)?;
                    }
                }
                seq.end()
            }
        }
    }
}

impl AsField for String {
    fn as_field(&self) -> FieldRef<'_> {
        FieldRef::Str(self)
    }
}

impl AsField for bool {
    fn as_field(&self) -> FieldRef<'_> {
        FieldRef::Bool(*self)
    }
}

impl AsField for i64 {
    fn as_field(&self) -> FieldRef<'_> {
        FieldRef::I64(*self)
    }
}

impl AsField for Number {
    fn as_field(&self) -> FieldRef<'_> {
        FieldRef::Number(self)
    }
}

impl AsField for Timestamp {
    fn as_field(&self) -> FieldRef<'_> {
        FieldRef::Timestamp(self)
    }
}

impl AsField for Value {
    fn as_field(&self) -> FieldRef<'_> {
        FieldRef::Value(self)
    }
}

impl AsField for Map<String, Value> {
    fn as_field(&self) -> FieldRef<'_> {
        FieldRef::Map(self)
    }
}

impl<T: AsField> AsField for Box<T> {
    fn as_field(&self) -> FieldRef<'_> {
        (**self).as_field()
    }
}

impl<T: AsField> AsField for Vec<T> {
    fn as_field(&self) -> FieldRef<'_> {
        FieldRef::List(self)
    }
}

impl<T: AsField> ListRef for Vec<T> {
    fn count(&self) -> usize {
        self.len()
    }

    fn item(&self, index: usize) -> Option<FieldRef<'_>> {
        self.get(index).map(AsField::as_field)
    }
}
