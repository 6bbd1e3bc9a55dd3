//! One collection of stored objects: creation order, lookup by id, and indexes on chosen keys.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use serde_json::Value;

/// Objects of one kind, as JSON, in the order they were created.
///
/// Lookups by `id` and by each indexed key (`user_id`, `email`) are hash lookups, so upserting
/// into a collection of many thousands stays cheap. Several objects may share the value of an
/// indexed key (users an email, companies a name): lookups find the oldest of them.
#[derive(Debug, Clone, Default)]
pub struct Records {
    items: BTreeMap<u64, Value>,
    by_key: HashMap<(&'static str, String), BTreeSet<u64>>,
    keys: &'static [&'static str],
    /// The last order [`Records::ordered_by`] computed, and its key; any change forgets it.
    order: Option<(String, Arc<[u64]>)>,
    /// Objects already written as JSON text, by creation number, for answers that list many
    /// of them; a change to an object forgets its text.
    texts: HashMap<u64, Arc<str>>,
}

impl Records {
    /// An empty collection indexed on `id` and on `keys`.
    pub fn indexed(keys: &'static [&'static str]) -> Self {
        Records {
            keys,
            ..Records::default()
        }
    }

    /// Stores `object` under the creation number `seq`.
    pub fn insert(&mut self, seq: u64, object: Value) {
        self.order = None;
        self.texts.remove(&seq);
        self.index(seq, &object);
        self.items.insert(seq, object);
    }

    /// The object whose `id` is `id`.
    pub fn get(&self, id: &str) -> Option<&Value> {
        self.find_by("id", id)
    }

    /// The object created as number `seq`.
    pub fn by_seq(&self, seq: u64) -> Option<&Value> {
        self.items.get(&seq)
    }

    /// The object whose `key` (`id` or an indexed key) equals `value`.
    pub fn find_by(&self, key: &str, value: &str) -> Option<&Value> {
        self.seq_of(key, value).and_then(|seq| self.items.get(&seq))
    }

    /// The creation number of the oldest object whose `key` equals `value`.
    pub fn seq_of(&self, key: &str, value: &str) -> Option<u64> {
        self.seqs_of(key, value).next()
    }

    /// The creation numbers of every object whose `key` equals `value`, oldest first.
    pub fn seqs_of(&self, key: &str, value: &str) -> impl Iterator<Item = u64> + '_ {
        self.key_name(key)
            .and_then(|key| self.by_key.get(&(key, value.to_owned())))
            .into_iter()
            .flatten()
            .copied()
    }

    /// Changes the object `seq` with `change`, keeping the indexes right.
    pub fn update<R>(&mut self, seq: u64, change: impl FnOnce(&mut Value) -> R) -> Option<R> {
        let mut object = self.items.remove(&seq)?;
        self.unindex(seq, &object);
        let result = change(&mut object);
        self.insert(seq, object);
        Some(result)
    }

    /// Removes and returns the object whose `id` is `id`.
    pub fn remove(&mut self, id: &str) -> Option<Value> {
        let seq = self.seq_of("id", id)?;
        let object = self.items.remove(&seq)?;
        self.unindex(seq, &object);
        self.order = None;
        self.texts.remove(&seq);
        Some(object)
    }

    /// The object `seq` as JSON text, written once and kept until the object changes.
    pub fn text(&mut self, seq: u64) -> Option<Arc<str>> {
        if let Some(text) = self.texts.get(&seq) {
            return Some(Arc::clone(text));
        }
        let text: Arc<str> = Arc::from(self.items.get(&seq)?.to_string());
        self.texts.insert(seq, Arc::clone(&text));
        Some(text)
    }

    /// The creation numbers of every object, ordered by the integer field `key` (0 when
    /// absent) and then by creation, ascending.
    ///
    /// Paging through a large list asks for the same order once per page; it is computed once
    /// and kept until the collection changes.
    pub fn ordered_by(&mut self, key: &str) -> Arc<[u64]> {
        if let Some((cached, order)) = &self.order
            && cached == key
        {
            return Arc::clone(order);
        }
        let mut keyed: Vec<(i64, u64)> = self
            .items
            .iter()
            .map(|(seq, v)| (v.get(key).and_then(Value::as_i64).unwrap_or(0), *seq))
            .collect();
        keyed.sort_unstable();
        let order: Arc<[u64]> = keyed.into_iter().map(|(_, seq)| seq).collect();
        self.order = Some((key.to_owned(), Arc::clone(&order)));
        order
    }

    /// Every object, oldest first.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Value> {
        self.items.values()
    }

    /// Every object with its creation number, oldest first.
    pub fn entries(&self) -> impl DoubleEndedIterator<Item = (u64, &Value)> {
        self.items.iter().map(|(seq, v)| (*seq, v))
    }

    /// Every object, mutable, oldest first. Indexed keys must not be changed through this.
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut Value> {
        self.order = None;
        self.texts.clear();
        self.items.values_mut()
    }

    /// How many objects there are.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    fn key_name(&self, key: &str) -> Option<&'static str> {
        if key == "id" {
            return Some("id");
        }
        self.keys.iter().copied().find(|k| *k == key)
    }

    fn index(&mut self, seq: u64, object: &Value) {
        for key in std::iter::once("id").chain(self.keys.iter().copied()) {
            if let Some(value) = index_value(object, key) {
                self.by_key.entry((key, value)).or_default().insert(seq);
            }
        }
    }

    fn unindex(&mut self, seq: u64, object: &Value) {
        for key in std::iter::once("id").chain(self.keys.iter().copied()) {
            let Some(value) = index_value(object, key) else {
                continue;
            };
            let entry = (key, value);
            if let Some(seqs) = self.by_key.get_mut(&entry) {
                seqs.remove(&seq);
                if seqs.is_empty() {
                    self.by_key.remove(&entry);
                }
            }
        }
    }
}

/// The text an object is found by under `key`: strings as they are, numbers as written.
fn index_value(object: &Value, key: &str) -> Option<String> {
    match object.get(key)? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_cached_order_follows_changes() {
        let mut records = Records::indexed(&[]);
        records.insert(1, json!({"id": "a", "created_at": 30}));
        records.insert(2, json!({"id": "b", "created_at": 10}));
        records.insert(3, json!({"id": "c", "created_at": 10}));
        assert_eq!(&*records.ordered_by("created_at"), &[2, 3, 1]);
        records.update(1, |a| a["created_at"] = json!(5));
        assert_eq!(&*records.ordered_by("created_at"), &[1, 2, 3]);
        records.remove("b");
        assert_eq!(&*records.ordered_by("created_at"), &[1, 3]);
        records.insert(4, json!({"id": "d"}));
        assert_eq!(&*records.ordered_by("created_at"), &[4, 1, 3]);
        records
            .values_mut()
            .for_each(|v| v["created_at"] = json!(1));
        assert_eq!(&*records.ordered_by("created_at"), &[1, 3, 4]);
    }

    #[test]
    fn the_text_of_an_object_follows_its_changes() {
        let mut records = Records::indexed(&[]);
        records.insert(1, json!({"id": "a", "n": 1}));
        assert_eq!(records.text(1).as_deref(), Some(r#"{"id":"a","n":1}"#));
        records.update(1, |a| a["n"] = json!(2));
        assert_eq!(records.text(1).as_deref(), Some(r#"{"id":"a","n":2}"#));
        records.values_mut().for_each(|v| v["n"] = json!(3));
        assert_eq!(records.text(1).as_deref(), Some(r#"{"id":"a","n":3}"#));
        records.remove("a");
        assert_eq!(records.text(1), None);
    }

    #[test]
    fn updates_move_index_entries() {
        let mut records = Records::indexed(&["email"]);
        records.insert(1, json!({"id": "a", "email": "old@example.com"}));
        records.update(1, |u| u["email"] = json!("new@example.com"));
        assert!(records.find_by("email", "old@example.com").is_none());
        assert_eq!(
            records
                .find_by("email", "new@example.com")
                .map(|u| &u["id"]),
            Some(&json!("a"))
        );
        assert!(records.remove("a").is_some());
        assert_eq!(records.len(), 0);
        assert!(records.find_by("email", "new@example.com").is_none());
    }

    #[test]
    fn objects_may_share_an_indexed_value() {
        let mut records = Records::indexed(&["email"]);
        records.insert(1, json!({"id": "a", "email": "same@example.com"}));
        records.insert(2, json!({"id": "b", "email": "same@example.com"}));
        let sharing = |r: &Records| r.seqs_of("email", "same@example.com").collect::<Vec<_>>();
        assert_eq!(sharing(&records), [1, 2]);
        assert_eq!(
            records
                .find_by("email", "same@example.com")
                .map(|o| &o["id"]),
            Some(&json!("a"))
        );
        // Changing or removing one leaves the other found.
        records.update(1, |a| a["email"] = json!("other@example.com"));
        assert_eq!(sharing(&records), [2]);
        records.update(1, |a| a["email"] = json!("same@example.com"));
        assert!(records.remove("b").is_some());
        assert_eq!(sharing(&records), [1]);
        assert_eq!(records.seq_of("id", "a"), Some(1));
    }
}
