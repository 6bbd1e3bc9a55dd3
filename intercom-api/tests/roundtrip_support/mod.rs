//! The round trip of the model tests: decode a fixture, serialize the result, and require the
//! JSON received back, exactly, but for the two normalizations the models apply by design:
//!
//! 1. **Wrapped lists** (`"tags": {"type": "tag.list", "tags": […]}`) are how responses nest
//!    lists; the models send them back in the request form, a plain array. Only an object
//!    holding a `.list` type, the array under the field's own key (or, for an untyped wrapper,
//!    its one array) and optionally a `total_count` equal to the array's length counts as one.
//! 2. **A `null` for a known field** decodes to `None` and is not serialized: for the API an
//!    absent field and a null one mean the same. A `null` anywhere else (in
//!    `custom_attributes`, `metadata`, unknown fields, a list) must come back as `null`.
//!
//! Everything else comes back as it arrived: an integer stays an integer (`49`, not `49.0`), a
//! numeric string stays a string (`"37.7749"`), a timestamp keeps its form, and a value that
//! does not fit its field (`"id": 998877` where the model has a string) is kept in `extra` and
//! written back unchanged. Anything else (a missing key, an added key, a changed value or
//! form, an array of another length) fails the test.
//!
//! [`roundtrip_text`] names, per test, the paths where each normalization applied, so none can
//! hide a loss; [`check_every_fixture`] runs the same comparison over every file of a fixture
//! directory, finding the normalizations itself, so that no fixture is left unchecked.

#![allow(dead_code)]

use std::collections::BTreeSet;
use std::fmt::Debug;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// A decoded fixture, and the paths of known fields whose `null` was left out.
pub struct Roundtrip<T> {
    pub value: T,
    /// JSON pointers of known fields that were `null` and are now absent (normalization 2).
    nulls_dropped: Vec<String>,
}

impl<T> Roundtrip<T> {
    /// Requires that the nulls left out are exactly `expected`.
    pub fn nulls_dropped(&self, expected: &[&str]) -> &Self {
        let mut expected: Vec<&str> = expected.to_vec();
        expected.sort_unstable();
        assert_eq!(
            self.nulls_dropped, expected,
            "known fields whose null was dropped"
        );
        self
    }
}

/// The text of `tests/fixtures/<dir>/<name>`.
pub fn read_fixture(dir: &str, name: &str) -> String {
    let path = format!("{}/tests/fixtures/{dir}/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {path}: {e}"))
}

/// Decodes `text` as `T` and requires that serializing gives it back. `wrapped` lists the
/// paths of the wrapped lists in `text` (`*` matches every array element); any other
/// difference than those and the nulls of known fields fails.
pub fn roundtrip_text<T>(label: &str, text: &str, wrapped: &[&str]) -> Roundtrip<T>
where
    T: DeserializeOwned + Serialize + PartialEq + Debug,
{
    let original: Value =
        serde_json::from_str(text).unwrap_or_else(|e| panic!("{label}: not JSON: {e}"));
    let value: T =
        serde_json::from_str(text).unwrap_or_else(|e| panic!("{label}: decoding failed: {e}"));
    let from_value: T = serde_json::from_value(original.clone())
        .unwrap_or_else(|e| panic!("{label}: decoding from a Value failed: {e}"));
    assert_eq!(
        value, from_value,
        "{label}: from_str and from_value disagree"
    );

    let reserialized =
        serde_json::to_value(&value).unwrap_or_else(|e| panic!("{label}: serializing failed: {e}"));
    let again: T = serde_json::from_value(reserialized.clone())
        .unwrap_or_else(|e| panic!("{label}: decoding the re-serialized value failed: {e}"));
    assert_eq!(
        again, value,
        "{label}: decode(serialize(decode(x))) != decode(x)"
    );
    let again_text: T = serde_json::to_string(&value)
        .map_err(|e| e.to_string())
        .and_then(|s| serde_json::from_str(&s).map_err(|e| e.to_string()))
        .unwrap_or_else(|e| panic!("{label}: text round trip failed: {e}"));
    assert_eq!(
        again_text, value,
        "{label}: text round trip changed the value"
    );
    assert_eq!(
        serde_json::to_value(&again).ok(),
        Some(reserialized.clone()),
        "{label}: serializing is not stable"
    );

    let mut expected = original;
    for pattern in wrapped {
        let count = unwrap_lists(&mut expected, pattern);
        assert!(count > 0, "{label}: no wrapped list at {pattern}");
    }
    let mut diff = Diff::default();
    compare("", &expected, &reserialized, false, &mut diff);
    assert!(
        diff.lost.is_empty(),
        "{label}: re-serializing changed the JSON:\n  {}\nre-serialized: {reserialized:#}",
        diff.lost.join("\n  ")
    );
    diff.nulls_dropped.sort_unstable();
    Roundtrip {
        value,
        nulls_dropped: diff.nulls_dropped,
    }
}

/// Decodes `text` as `T` and serializes it again: a [`Decoder`] for [`check_every_fixture`].
pub fn reserialize<T: DeserializeOwned + Serialize>(text: &str) -> Result<Value, String> {
    let value: T = serde_json::from_str(text).map_err(|e| format!("decoding failed: {e}"))?;
    serde_json::to_value(&value).map_err(|e| format!("serializing failed: {e}"))
}

/// Decodes a fixture's text with its model and serializes the result.
pub type Decoder = fn(&str) -> Result<Value, String>;

/// Requires that every file in `tests/fixtures/<dir>` has a decoder in `decoders` (by file
/// name) and comes back exactly, but for wrapped lists and the nulls of known fields, found
/// wherever they are. Returns how many fixtures were checked.
pub fn check_every_fixture(dir: &str, decoders: &[(&str, Decoder)]) -> usize {
    let path = format!("{}/tests/fixtures/{dir}", env!("CARGO_MANIFEST_DIR"));
    let files: BTreeSet<String> = std::fs::read_dir(&path)
        .unwrap_or_else(|e| panic!("reading {path}: {e}"))
        .map(|entry| {
            let entry = entry.unwrap_or_else(|e| panic!("reading {path}: {e}"));
            entry.file_name().to_string_lossy().into_owned()
        })
        .filter(|name| name.ends_with(".json"))
        .collect();
    let named: BTreeSet<String> = decoders.iter().map(|(n, _)| (*n).to_owned()).collect();
    assert_eq!(
        files, named,
        "every fixture in {dir} has a decoder, and every decoder a fixture"
    );
    let mut failures = Vec::new();
    for (name, decode) in decoders {
        let text = read_fixture(dir, name);
        let original: Value = match serde_json::from_str(&text) {
            Ok(v) => v,
            Err(e) => panic!("{dir}/{name}: not JSON: {e}"),
        };
        match decode(&text) {
            Ok(written) => {
                let mut diff = Diff::default();
                compare("", &original, &written, true, &mut diff);
                if !diff.lost.is_empty() {
                    failures.push(format!("{dir}/{name}:\n    {}", diff.lost.join("\n    ")));
                }
            }
            Err(e) => failures.push(format!("{dir}/{name}: {e}")),
        }
    }
    assert!(
        failures.is_empty(),
        "fixtures that do not come back as received:\n  {}",
        failures.join("\n  ")
    );
    decoders.len()
}

/// What a comparison found: changes (`lost`) and the nulls left out (`nulls_dropped`), as JSON
/// pointers with the values.
pub struct Differences {
    pub lost: Vec<String>,
    pub nulls_dropped: Vec<String>,
}

/// Compares the JSON received with the JSON written, as [`roundtrip_text`] does (or, with
/// `unwrap_any`, as [`check_every_fixture`] does).
pub fn differences(expected: &Value, actual: &Value, unwrap_any: bool) -> Differences {
    let mut diff = Diff::default();
    compare("", expected, actual, unwrap_any, &mut diff);
    Differences {
        lost: diff.lost,
        nulls_dropped: diff.nulls_dropped,
    }
}

/// Replaces the wrapped lists at `pattern` (`*` matches every array element) with their items;
/// panics on anything else than a wrapped list. Returns how many were replaced.
pub fn unwrap_lists(value: &mut Value, pattern: &str) -> usize {
    let segments: Vec<&str> = pattern.trim_start_matches('/').split('/').collect();
    let mut count = 0;
    unwrap_at(value, &segments, "", &mut count);
    count
}

fn unwrap_at(value: &mut Value, segments: &[&str], key: &str, count: &mut usize) {
    match segments.split_first() {
        None => {
            unwrap_wrapped_list(value, key);
            *count += 1;
        }
        Some((&"*", rest)) => {
            if let Value::Array(items) = value {
                for item in items {
                    unwrap_at(item, rest, key, count);
                }
            }
        }
        Some((first, rest)) => {
            if let Some(inner) = value.get_mut(*first) {
                unwrap_at(inner, rest, first, count);
            }
        }
    }
}

/// Normalization 1: `{"type": "x.list", "<key>": [..], "total_count": len}` becomes `[..]`.
fn unwrap_wrapped_list(value: &mut Value, key: &str) {
    match wrapped_items(value, Some(key)) {
        Some(items) => *value = Value::Array(items.clone()),
        None => panic!("{key}: not a wrapped list: {value}"),
    }
}

/// The items of a wrapped list: an object with a `.list` type, the array under `key` (any one
/// array when `key` is `None`) and at most a `total_count` equal to the array's length.
fn wrapped_items<'v>(value: &'v Value, key: Option<&str>) -> Option<&'v Vec<Value>> {
    let map = value.as_object()?;
    let kind = map.get("type").and_then(Value::as_str)?;
    if !kind.ends_with(".list") {
        return None;
    }
    let mut arrays = map
        .iter()
        .filter(|(k, _)| *k != "type" && *k != "total_count");
    let (items_key, items) = arrays.next()?;
    if arrays.next().is_some() || key.is_some_and(|k| k != items_key) {
        return None;
    }
    let items = items.as_array()?;
    match map.get("total_count") {
        Some(total) if total.as_u64() != u64::try_from(items.len()).ok() => None,
        _ => Some(items),
    }
}

#[derive(Default)]
struct Diff {
    lost: Vec<String>,
    nulls_dropped: Vec<String>,
}

/// Compares the JSON received with the JSON written. With `unwrap_any`, a wrapped list that
/// came back as a plain array of the same items is accepted wherever it is.
fn compare(path: &str, expected: &Value, actual: &Value, unwrap_any: bool, diff: &mut Diff) {
    match (expected, actual) {
        (Value::Object(_), Value::Array(_)) if unwrap_any => match wrapped_items(expected, None) {
            Some(items) => compare(path, &Value::Array(items.clone()), actual, true, diff),
            None => diff
                .lost
                .push(format!("{path}: {expected} became {actual}")),
        },
        (Value::Object(e), Value::Object(a)) => {
            for (k, ev) in e {
                let p = format!("{path}/{k}");
                match a.get(k) {
                    Some(av) => compare(&p, ev, av, unwrap_any, diff),
                    None if ev.is_null() => diff.nulls_dropped.push(p),
                    None => diff.lost.push(format!("{p}: {ev} is missing")),
                }
            }
            for (k, av) in a {
                if !e.contains_key(k) {
                    diff.lost.push(format!("{path}/{k}: {av} was added"));
                }
            }
        }
        (Value::Array(e), Value::Array(a)) if e.len() == a.len() => {
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                compare(&format!("{path}/{i}"), ev, av, unwrap_any, diff);
            }
        }
        // `Value`'s equality tells an integer from a float (`49` from `49.0`) and a number
        // from a string: only the same value in the same form passes.
        _ if expected == actual => {}
        _ => diff
            .lost
            .push(format!("{path}: {expected} became {actual}")),
    }
}
