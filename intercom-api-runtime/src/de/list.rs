//! Lists: a plain array, or the wrapped form `{"type": "x.list", "<items>": […]}`.
//!
//! An element that does not fit (including `null`) makes the whole list a mismatch, so the raw
//! array is kept. The wrapped form may hold one array, a string `type` and a `total_count`
//! equal to the number of items: all of it can be rebuilt from the items. Anything more is
//! kept raw as a mismatch.
//!
//! Only decoding one element depends on the element type ([`Elements`]); reading arrays and
//! wrappers is written, and compiled, once.

use std::borrow::Cow;

use serde_json::{Map, Number, Value};

use super::erased::{Fail, MapIn, RawScalarSink, SeqIn, Sink, raw_map, raw_seq};
use super::{Decoded, Lenient, SlotSink, float_value};

/// What decoding one element gave.
pub(crate) enum Next {
    /// The array has ended.
    End,
    /// The element was appended to the list.
    Item,
    /// The element does not fit; here it is, as received.
    Mismatch(Value),
}

/// A list being decoded, whatever its element type.
pub(crate) trait Elements {
    /// Decodes the next element of `seq` and appends it to the list.
    fn next(&mut self, seq: &mut dyn SeqIn<'_>) -> Result<Next, Fail>;

    /// Makes room for `additional` more elements.
    fn reserve(&mut self, additional: usize);

    /// How many elements the list holds.
    fn len(&self) -> usize;

    /// Empties the list, returning its elements as JSON.
    fn take_raw(&mut self) -> Vec<Value>;
}

/// A list of any [`Lenient`] type, each element decoded through a [`SlotSink`].
struct Plain<'v, T>(&'v mut Vec<T>);

impl<T: Lenient> Elements for Plain<'_, T> {
    fn next(&mut self, seq: &mut dyn SeqIn<'_>) -> Result<Next, Fail> {
        let mut slot = None;
        let mut sink = SlotSink::new(&mut slot);
        if !seq.next_element(&mut sink)? {
            return Ok(Next::End);
        }
        let mismatch = sink.mismatch;
        Ok(match (mismatch, slot) {
            (None, Some(item)) => {
                self.0.push(item);
                Next::Item
            }
            (None, None) => Next::Mismatch(Value::Null),
            (Some(raw), _) => Next::Mismatch(raw),
        })
    }

    fn reserve(&mut self, additional: usize) {
        self.0.reserve(additional);
    }

    fn len(&self) -> usize {
        self.0.len()
    }

    fn take_raw(&mut self) -> Vec<Value> {
        std::mem::take(self.0)
            .into_iter()
            .map(Lenient::into_raw)
            .collect()
    }
}

impl<T: Lenient> Lenient for Vec<T> {
    fn from_seq(seq: &mut dyn SeqIn<'_>) -> Result<Decoded<Self>, Fail> {
        let mut items = Vec::new();
        Ok(match read_array(seq, &mut Plain(&mut items))? {
            None => Decoded::Ok(items),
            Some(raw) => Decoded::Mismatch(raw),
        })
    }

    fn from_map(map: &mut dyn MapIn<'_>) -> Result<Decoded<Self>, Fail> {
        let mut items = Vec::new();
        Ok(match read_wrapped(map, &mut Plain(&mut items))? {
            None => Decoded::Ok(items),
            Some(raw) => Decoded::Mismatch(raw),
        })
    }

    fn into_raw(self) -> Value {
        Value::Array(self.into_iter().map(Lenient::into_raw).collect())
    }
}

/// Decodes one value as a list into `elements`: an array or a wrapped list is taken, anything
/// else is kept as the mismatch (`null` is neither).
pub(crate) struct ListSink<'e> {
    elements: &'e mut dyn Elements,
    taken: bool,
    mismatch: Option<Value>,
}

impl<'e> ListSink<'e> {
    pub(crate) fn new(elements: &'e mut dyn Elements) -> Self {
        ListSink {
            elements,
            taken: false,
            mismatch: None,
        }
    }

    /// Whether a list was taken, and the value as received when it did not fit.
    pub(crate) fn finish(self) -> (bool, Option<Value>) {
        (self.taken, self.mismatch)
    }

    fn refuse(&mut self, raw: Value) {
        self.taken = false;
        self.mismatch = Some(raw);
    }

    fn outcome(&mut self, mismatch: Option<Value>) {
        self.taken = mismatch.is_none();
        self.mismatch = mismatch;
    }
}

impl<'de> RawScalarSink<'de> for ListSink<'_> {
    fn raw_scalar(&mut self, raw: Value) {
        self.refuse(raw);
    }

    fn null(&mut self) {
        self.taken = false;
        self.mismatch = None;
    }

    fn map(&mut self, map: &mut dyn MapIn<'de>) -> Result<(), Fail> {
        let mismatch = read_wrapped(map, self.elements)?;
        self.outcome(mismatch);
        Ok(())
    }

    fn seq(&mut self, seq: &mut dyn SeqIn<'de>) -> Result<(), Fail> {
        let mismatch = read_array(seq, self.elements)?;
        self.outcome(mismatch);
        Ok(())
    }
}

/// Reads an array into `elements`; the whole array as received when an element does not fit.
fn read_array(seq: &mut dyn SeqIn<'_>, elements: &mut dyn Elements) -> Result<Option<Value>, Fail> {
    elements.reserve(seq.size_hint().unwrap_or(0).min(1024));
    loop {
        match elements.next(seq)? {
            Next::End => return Ok(None),
            Next::Item => {}
            Next::Mismatch(failed) => {
                // The items so far, the failed one, the rest raw.
                let mut raw = elements.take_raw();
                raw.push(failed);
                while let Some(v) = seq.next_raw()? {
                    raw.push(v);
                }
                return Ok(Some(Value::Array(raw)));
            }
        }
    }
}

/// Reads a wrapped list into `elements`; `None` when it is a list, or the whole object as
/// received when it is not.
fn read_wrapped(
    map: &mut dyn MapIn<'_>,
    elements: &mut dyn Elements,
) -> Result<Option<Value>, Fail> {
    let mut wrapper = Wrapper::default();
    while let Some(key) = map.next_key()? {
        let mut entry = EntrySink {
            elements: &mut *elements,
            items_taken: wrapper.items_key.is_some(),
            entry: Entry::Other(Value::Null),
        };
        map.next_value(&mut entry)?;
        let unexpected = match entry.entry {
            // Only an array read while no items were taken is `Items`.
            Entry::Items => {
                wrapper.items_key = Some(key);
                continue;
            }
            Entry::Text(s) if key == "type" && wrapper.kind.is_none() => {
                wrapper.kind = Some(s);
                continue;
            }
            Entry::Other(Value::Number(n))
                if key == "total_count" && wrapper.total_count.is_none() =>
            {
                wrapper.total_count = Some(n);
                continue;
            }
            Entry::Text(s) => Value::String(s.into_owned()),
            Entry::Other(raw) => raw,
        };
        let mut raw = wrapper.into_raw(elements);
        raw.insert(key.into_owned(), unexpected);
        while let Some(k) = map.next_key()? {
            let v = map.next_raw()?;
            raw.insert(k.into_owned(), v);
        }
        return Ok(Some(Value::Object(raw)));
    }
    let counted = match &wrapper.total_count {
        Some(count) => count.as_u64() == u64::try_from(elements.len()).ok(),
        None => true,
    };
    if wrapper.items_key.is_some() && counted {
        return Ok(None);
    }
    Ok(Some(Value::Object(wrapper.into_raw(elements))))
}

/// The parts of a wrapped list read so far, besides the items; keys and `type` borrow from the
/// input when they can.
#[derive(Default)]
struct Wrapper<'de> {
    kind: Option<Cow<'de, str>>,
    items_key: Option<Cow<'de, str>>,
    total_count: Option<Number>,
}

impl Wrapper<'_> {
    /// The entries read so far, as received.
    fn into_raw(self, elements: &mut dyn Elements) -> Map<String, Value> {
        let mut raw = Map::new();
        if let Some(kind) = self.kind {
            raw.insert("type".to_owned(), Value::String(kind.into_owned()));
        }
        if let Some(key) = self.items_key {
            raw.insert(key.into_owned(), Value::Array(elements.take_raw()));
        }
        if let Some(count) = self.total_count {
            raw.insert("total_count".to_owned(), Value::Number(count));
        }
        raw
    }
}

/// One entry of a wrapped list: the array taken as the items, a string, or anything else as
/// received.
enum Entry<'de> {
    Items,
    Text(Cow<'de, str>),
    Other(Value),
}

/// Reads one entry of a wrapped list: the first array that fits becomes the items.
struct EntrySink<'a, 'de> {
    elements: &'a mut dyn Elements,
    items_taken: bool,
    entry: Entry<'de>,
}

impl<'de> Sink<'de> for EntrySink<'_, 'de> {
    fn bool(&mut self, v: bool) {
        self.entry = Entry::Other(Value::Bool(v));
    }

    fn i64(&mut self, v: i64) {
        self.entry = Entry::Other(Value::from(v));
    }

    fn u64(&mut self, v: u64) {
        self.entry = Entry::Other(Value::from(v));
    }

    fn f64(&mut self, v: f64) {
        self.entry = Entry::Other(float_value(v));
    }

    fn str(&mut self, v: &str) {
        self.entry = Entry::Text(Cow::Owned(v.to_owned()));
    }

    fn string(&mut self, v: String) {
        self.entry = Entry::Text(Cow::Owned(v));
    }

    fn borrowed_str(&mut self, v: &'de str) {
        self.entry = Entry::Text(Cow::Borrowed(v));
    }

    fn null(&mut self) {
        self.entry = Entry::Other(Value::Null);
    }

    fn map(&mut self, map: &mut dyn MapIn<'de>) -> Result<(), Fail> {
        self.entry = Entry::Other(raw_map(map)?);
        Ok(())
    }

    fn seq(&mut self, seq: &mut dyn SeqIn<'de>) -> Result<(), Fail> {
        self.entry = if self.items_taken {
            Entry::Other(raw_seq(seq)?)
        } else {
            match read_array(seq, self.elements)? {
                None => Entry::Items,
                Some(raw) => Entry::Other(raw),
            }
        };
        Ok(())
    }
}
