//! Lenient decoding through hand-written models shaped like the generated ones: a field takes
//! what it can serialize back unchanged, and everything else is kept in `extra` as received.

use intercom_api::de::{self, Decoded, Lenient, MapIn, Object};
use intercom_api::{Number, NumberForm};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value, json};

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
struct User {
    #[serde(rename = "id", skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    type_: Option<String>,
    #[serde(rename = "session_count", skip_serializing_if = "Option::is_none")]
    session_count: Option<i64>,
    #[serde(rename = "score", skip_serializing_if = "Option::is_none")]
    score: Option<Number>,
    #[serde(rename = "unsubscribed", skip_serializing_if = "Option::is_none")]
    unsubscribed: Option<bool>,
    #[serde(rename = "tags", skip_serializing_if = "Option::is_none")]
    tags: Option<Vec<Tag>>,
    #[serde(rename = "custom_attributes", skip_serializing_if = "Option::is_none")]
    custom_attributes: Option<Map<String, Value>>,
    #[serde(rename = "anything", skip_serializing_if = "Option::is_none")]
    anything: Option<Value>,
    #[serde(rename = "role", skip_serializing_if = "Option::is_none")]
    role: Option<Role>,
    #[serde(rename = "ids", skip_serializing_if = "Option::is_none")]
    ids: Option<Vec<i64>>,
    #[serde(rename = "manager", skip_serializing_if = "Option::is_none")]
    manager: Option<Box<User>>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

impl Object for User {
    fn decode_field(&mut self, key: &str, map: &mut dyn MapIn<'_>) -> Result<bool, de::Fail> {
        match key {
            "id" => de::field(map, key, &mut self.id, &mut self.extra),
            "type" => de::field(map, key, &mut self.type_, &mut self.extra),
            "session_count" => de::field(map, key, &mut self.session_count, &mut self.extra),
            "score" => de::field(map, key, &mut self.score, &mut self.extra),
            "unsubscribed" => de::field(map, key, &mut self.unsubscribed, &mut self.extra),
            "tags" => de::field(map, key, &mut self.tags, &mut self.extra),
            "custom_attributes" => {
                de::field(map, key, &mut self.custom_attributes, &mut self.extra)
            }
            "anything" => de::field(map, key, &mut self.anything, &mut self.extra),
            "role" => de::field(map, key, &mut self.role, &mut self.extra),
            "ids" => de::field(map, key, &mut self.ids, &mut self.extra),
            "manager" => de::boxed_field(map, key, &mut self.manager, &mut self.extra),
            _ => Ok(false),
        }
    }

    fn extra_mut(&mut self) -> &mut Map<String, Value> {
        &mut self.extra
    }
}

impl<'de> Deserialize<'de> for User {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        de::deserialize_object(d)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
struct Tag {
    #[serde(rename = "id", skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    #[serde(rename = "name", skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

impl Object for Tag {
    fn decode_field(&mut self, key: &str, map: &mut dyn MapIn<'_>) -> Result<bool, de::Fail> {
        match key {
            "id" => de::field(map, key, &mut self.id, &mut self.extra),
            "name" => de::field(map, key, &mut self.name, &mut self.extra),
            _ => Ok(false),
        }
    }

    fn extra_mut(&mut self) -> &mut Map<String, Value> {
        &mut self.extra
    }
}

impl<'de> Deserialize<'de> for Tag {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        de::deserialize_object(d)
    }
}

/// A struct without known fields uses the trait's default `decode_field`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
struct Empty {
    #[serde(flatten)]
    extra: Map<String, Value>,
}

impl Object for Empty {
    fn extra_mut(&mut self) -> &mut Map<String, Value> {
        &mut self.extra
    }
}

impl<'de> Deserialize<'de> for Empty {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        de::deserialize_object(d)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Role {
    User,
    Lead,
    Unknown(String),
}

impl Role {
    fn as_str(&self) -> &str {
        match self {
            Self::User => "user",
            Self::Lead => "lead",
            Self::Unknown(v) => v,
        }
    }
}

impl From<&str> for Role {
    fn from(v: &str) -> Self {
        match v {
            "user" => Self::User,
            "lead" => Self::Lead,
            other => Self::Unknown(other.to_owned()),
        }
    }
}

impl Serialize for Role {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Role {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        de::deserialize_lenient(d)
    }
}

impl Lenient for Role {
    fn from_str(v: &str) -> Decoded<Self> {
        Decoded::Ok(Self::from(v))
    }
}

fn user(v: Value) -> User {
    serde_json::from_value(v).expect("decodes")
}

fn user_str(text: &str) -> User {
    serde_json::from_str(text).expect("decodes")
}

#[test]
fn well_typed_fields_decode() {
    let u = user_str(
        r#"{"id":"5a1","type":"user","session_count":3,"score":1.5,"unsubscribed":false,
            "custom_attributes":{"plan":"pro"},"anything":[1,"x"],"role":"lead","ids":[1,2]}"#,
    );
    assert_eq!(u.id.as_deref(), Some("5a1"));
    assert_eq!(u.type_.as_deref(), Some("user"));
    assert_eq!(u.session_count, Some(3));
    assert_eq!(u.score, Some(1.5.into()));
    assert_eq!(u.unsubscribed, Some(false));
    assert_eq!(
        u.custom_attributes,
        Some(
            json!({"plan": "pro"})
                .as_object()
                .cloned()
                .unwrap_or_default()
        )
    );
    assert_eq!(u.anything, Some(json!([1, "x"])));
    assert_eq!(u.role, Some(Role::Lead));
    assert_eq!(u.ids, Some(vec![1, 2]));
    assert!(u.extra.is_empty());
}

#[test]
fn missing_fields_and_nulls_are_none() {
    let u = user(json!({"id": null, "session_count": null, "tags": null, "role": null}));
    assert_eq!(u, User::default());
    assert_eq!(user(json!({})), User::default());
}

/// Decodes `input`, checks that serializing gives it back, and returns the user.
fn round_trip(input: Value) -> User {
    let u = user(input.clone());
    assert_eq!(serde_json::to_value(&u).expect("serializes"), input);
    u
}

#[test]
fn numeric_strings_fit_number_fields_and_keep_their_text() {
    for (text, value) in [("1.5", 1.5), ("3", 3.0), ("-0.25", -0.25), ("1e3", 1000.0)] {
        let u = round_trip(json!({"score": text}));
        let score = u.score.expect("score");
        assert_eq!(score, value);
        assert_eq!(score.form(), NumberForm::NumericString);
        assert_eq!(score.text(), Some(text));
    }
}

#[test]
fn integers_fit_number_fields_and_stay_integers() {
    for (text, value) in [("2", 2.0), ("-2", -2.0), ("2.0", 2.0), ("2.5e-1", 0.25)] {
        let u = user_str(&format!(r#"{{"score": {text}}}"#));
        assert_eq!(u.score, Some(value.into()), "{text}");
        let written = serde_json::to_string(&u).expect("serializes");
        let again: Value = serde_json::from_str(&written).expect("JSON");
        let sent: Value = serde_json::from_str(&format!(r#"{{"score": {text}}}"#)).expect("JSON");
        assert_eq!(again, sent, "{text} came back as {written}");
    }
    assert_eq!(
        user_str(r#"{"score": 2}"#).score.map(|n| n.form()),
        Some(NumberForm::Integer)
    );
}

#[test]
fn numeric_strings_and_floats_do_not_fit_integer_fields() {
    for input in [
        json!({"session_count": "42"}),
        json!({"session_count": "-12"}),
        json!({"session_count": 12.0}),
        json!({"session_count": 1e3}),
    ] {
        let u = round_trip(input.clone());
        assert_eq!(u.session_count, None);
        assert_eq!(Value::Object(u.extra), input);
    }
}

#[test]
fn only_strings_fit_string_fields() {
    for input in [
        json!({"id": 42}),
        json!({"id": -7}),
        json!({"id": 1.5}),
        json!({"type": true}),
    ] {
        let u = round_trip(input.clone());
        assert_eq!((u.id, u.type_), (None, None));
        assert_eq!(Value::Object(u.extra), input);
    }
}

#[test]
fn only_booleans_fit_boolean_fields() {
    for input in [json!({"unsubscribed": "true"}), json!({"unsubscribed": 0})] {
        let u = round_trip(input.clone());
        assert_eq!(u.unsubscribed, None);
        assert_eq!(Value::Object(u.extra), input);
    }
}

#[test]
fn decode_then_serialize_gives_back_the_input_but_nulls_and_list_wrappers() {
    let u = user(json!({
        "id": 7,
        "type": "user",
        "session_count": "3",
        "score": 49,
        "unsubscribed": "false",
        "tags": {"type": "tag.list", "tags": [{"id": 203, "name": "vip", "note": null}]},
        "custom_attributes": {"a": null, "b": 1.0, "c": "2"},
        "anything": [null, 1, "1", 1.5],
        "role": "admin",
        "ids": [1, "2"],
        "manager": {"id": "m", "score": "0.50", "manager": null},
        "pseudonym": null,
    }));
    assert_eq!(
        serde_json::to_value(&u).expect("serializes"),
        json!({
            "id": 7,
            "type": "user",
            "session_count": "3",
            "score": 49,
            "unsubscribed": "false",
            "tags": [{"id": 203, "name": "vip", "note": null}],
            "custom_attributes": {"a": null, "b": 1.0, "c": "2"},
            "anything": [null, 1, "1", 1.5],
            "role": "admin",
            "ids": [1, "2"],
            "manager": {"id": "m", "score": "0.50"},
            "pseudonym": null,
        })
    );
}

#[test]
fn unknown_fields_are_kept_and_sent_back() {
    let input = json!({"id": "1", "pseudonym": "Red Panda", "location_data": {"city": "Dublin"}});
    let u = user(input.clone());
    assert_eq!(u.extra.get("pseudonym"), Some(&json!("Red Panda")));
    assert_eq!(
        u.extra.get("location_data"),
        Some(&json!({"city": "Dublin"}))
    );
    assert_eq!(serde_json::to_value(&u).expect("serializes"), input);
}

#[test]
fn mismatched_known_fields_go_to_extra_under_their_wire_key() {
    let input = json!({
        "type": {"nested": true},
        "session_count": {"a": 1},
        "score": "lots",
        "unsubscribed": 1,
        "custom_attributes": [1, 2],
        "role": 3,
        "tags": "none",
        "manager": "boss",
    });
    let u = user(input.clone());
    assert_eq!(u.type_, None);
    assert_eq!(u.session_count, None);
    assert_eq!(u.score, None);
    assert_eq!(u.unsubscribed, None);
    assert_eq!(u.custom_attributes, None);
    assert_eq!(u.role, None);
    assert_eq!(u.tags, None);
    assert_eq!(u.manager, None);
    assert_eq!(Value::Object(u.extra.clone()), input);
    assert_eq!(serde_json::to_value(&u).expect("serializes"), input);
}

#[test]
fn integers_out_of_range_or_fractional_are_kept_raw() {
    let u = user_str(r#"{"session_count": 1.5}"#);
    assert_eq!(u.session_count, None);
    assert_eq!(u.extra.get("session_count"), Some(&json!(1.5)));
    let u = user_str(r#"{"session_count": 18446744073709551615}"#);
    assert_eq!(u.session_count, None);
    assert_eq!(
        u.extra.get("session_count"),
        Some(&json!(18446744073709551615u64))
    );
    let u = user(json!({"session_count": "", "score": "NaN"}));
    assert_eq!(u.extra.get("session_count"), Some(&json!("")));
    assert_eq!(u.extra.get("score"), Some(&json!("NaN")));
}

#[test]
fn a_later_valid_duplicate_replaces_an_earlier_mismatch() {
    let u = user_str(r#"{"session_count": {}, "session_count": 3}"#);
    assert_eq!(u.session_count, Some(3));
    assert!(u.extra.is_empty());
}

#[test]
fn nested_lists_accept_plain_arrays() {
    let u = user(json!({"tags": [{"id": "1", "name": "vip"}, {"id": "2", "colour": "red"}]}));
    let tags = u.tags.expect("tags");
    assert_eq!(tags.len(), 2);
    assert_eq!(tags[0].name.as_deref(), Some("vip"));
    assert_eq!(tags[1].extra.get("colour"), Some(&json!("red")));
}

#[test]
fn nested_lists_accept_the_wrapped_form() {
    let u = user(json!({"tags": {"type": "tag.list", "tags": [{"id": "1", "name": "vip"}]}}));
    let tags = u.tags.expect("tags");
    assert_eq!(tags.len(), 1);
    assert_eq!(tags[0].id.as_deref(), Some("1"));
    assert!(u.extra.is_empty());

    let u = user(json!({"ids": {"ids": [3, 4], "type": "id.list"}}));
    assert_eq!(u.ids, Some(vec![3, 4]));
    let u = user(json!({"tags": {"type": "tag.list", "tags": []}}));
    assert_eq!(u.tags, Some(vec![]));
}

#[test]
fn a_wrapped_list_may_count_its_items() {
    let u = user(
        json!({"tags": {"type": "tag.list", "tags": [{"id": "1"}, {"id": "2"}], "total_count": 2}}),
    );
    assert_eq!(u.tags.map(|t| t.len()), Some(2));
    assert!(u.extra.is_empty());
}

#[test]
fn a_wrapped_list_with_more_than_its_items_can_tell_is_kept_raw() {
    let input = json!({"tags": {"type": "tag.list", "tags": [{"id": "1"}], "total_count": 9}});
    let u = user(input.clone());
    assert_eq!(u.tags, None);
    assert_eq!(serde_json::to_value(&u).expect("serializes"), input);

    let input =
        json!({"tags": {"type": "tag.list", "tags": [{"id": "1"}], "pages": {"next": null}}});
    let u = user(input.clone());
    assert_eq!(u.tags, None);
    assert_eq!(serde_json::to_value(&u).expect("serializes"), input);

    let input = json!({"tags": {"total_count": 1, "tags": [{"id": "1"}], "url": "/tags"}});
    let u = user(input.clone());
    assert_eq!(u.tags, None);
    assert_eq!(serde_json::to_value(&u).expect("serializes"), input);

    let input = json!({"tags": {"type": "tag.list"}});
    let u = user(input.clone());
    assert_eq!(u.tags, None);
    assert_eq!(serde_json::to_value(&u).expect("serializes"), input);

    let input = json!({"ids": {"a": [1], "b": [2]}});
    let u = user(input.clone());
    assert_eq!(u.ids, None);
    assert_eq!(serde_json::to_value(&u).expect("serializes"), input);
}

#[test]
fn a_list_with_a_mismatched_element_is_kept_raw() {
    let input = json!({"ids": [1, "2", {"x": 1}, 4], "tags": [{"id": "1"}, "loose", null]});
    let u = user(input.clone());
    assert_eq!(u.ids, None);
    assert_eq!(u.tags, None);
    assert_eq!(u.extra.get("ids"), Some(&json!([1, "2", {"x": 1}, 4])));
    assert_eq!(
        u.extra.get("tags"),
        Some(&json!([{"id": "1"}, "loose", null]))
    );
    let u = user(json!({"ids": [1, null]}));
    assert_eq!(u.extra.get("ids"), Some(&json!([1, null])));
}

#[test]
fn unknown_enum_values_are_kept() {
    let u = user(json!({"role": "visitor"}));
    assert_eq!(u.role, Some(Role::Unknown("visitor".to_owned())));
    assert_eq!(
        serde_json::to_value(&u).expect("serializes"),
        json!({"role": "visitor"})
    );
    let r: Role = serde_json::from_str("\"user\"").expect("decodes");
    assert_eq!(r, Role::User);
    assert!(serde_json::from_str::<Role>("null").is_err());
    assert!(serde_json::from_str::<Role>("[1]").is_err());
}

#[test]
fn nested_objects_decode_leniently_and_recursively() {
    let input = json!({
        "id": "1",
        "manager": {"id": "2", "session_count": "5", "manager": {"id": "3", "mood": "calm"}}
    });
    let u = user(input);
    let m = u.manager.expect("manager");
    assert_eq!(m.id.as_deref(), Some("2"));
    assert_eq!(m.session_count, None);
    assert_eq!(m.extra.get("session_count"), Some(&json!("5")));
    let mm = m.manager.expect("manager's manager");
    assert_eq!(mm.extra.get("mood"), Some(&json!("calm")));
}

#[test]
fn structs_without_known_fields_keep_everything() {
    let input = json!({"a": 1, "b": [true, null], "c": {"d": "e"}});
    let e: Empty = serde_json::from_value(input.clone()).expect("decodes");
    assert_eq!(serde_json::to_value(&e).expect("serializes"), input);
}

#[test]
fn top_level_must_be_an_object() {
    assert!(serde_json::from_str::<User>("[]").is_err());
    assert!(serde_json::from_str::<User>("\"x\"").is_err());
    assert!(serde_json::from_str::<User>("null").is_err());
    assert!(serde_json::from_str::<User>("{\"id\": ").is_err());
}

#[test]
fn lists_of_models_decode_from_a_top_level_array() {
    let tags: Vec<Tag> =
        serde_json::from_str(r#"[{"id":"1"},{"id":"2","x":null}]"#).expect("decodes");
    assert_eq!(tags[1].id.as_deref(), Some("2"));
    assert_eq!(tags[1].extra.get("x"), Some(&Value::Null));
}

#[test]
fn keys_with_escapes_match_known_fields() {
    let u = user_str(r#"{"i\u0064": "escaped", "t\u0079pe": 1}"#);
    assert_eq!(u.id.as_deref(), Some("escaped"));
    assert_eq!(u.type_, None);
    assert_eq!(u.extra.get("type"), Some(&json!(1)));
}

#[test]
fn decoding_from_a_reader_matches_decoding_from_a_slice() {
    let text = r#"{"id":"1","tags":{"type":"tag.list","tags":[{"id":"9"}]},"extra_key":[1]}"#;
    let from_reader: User = serde_json::from_reader(text.as_bytes()).expect("decodes");
    assert_eq!(from_reader, user_str(text));
}

#[test]
fn decode_reports_null_and_mismatches() {
    let mut d = serde_json::Deserializer::from_str("null");
    assert_eq!(de::decode::<_, i64>(&mut d).expect("json"), Decoded::Null);
    let mut d = serde_json::Deserializer::from_str("{\"a\":1}");
    assert_eq!(
        de::decode::<_, i64>(&mut d).expect("json"),
        Decoded::Mismatch(json!({"a": 1}))
    );
    let mut d = serde_json::Deserializer::from_str("9");
    assert_eq!(de::decode::<_, i64>(&mut d).expect("json"), Decoded::Ok(9));
    let mut d = serde_json::Deserializer::from_str("\"9\"");
    assert_eq!(
        de::decode::<_, i64>(&mut d).expect("json"),
        Decoded::Mismatch(json!("9"))
    );
}
