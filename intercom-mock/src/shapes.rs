//! The stored form of each kind of object: the response shape the API answers with, built
//! from what a request body or a seed file gives.
//!
//! Requests send nested lists as plain arrays and a company's plan as its name; responses wrap
//! the lists (`{"type": "tag.list", "tags": [...]}`) and make the plan an object. Every object
//! is stored in the response form, so handlers return what they stored.

use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{Map, Value, json};

/// Now, in Unix seconds.
pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// Unix seconds as ISO 8601 in UTC with milliseconds: `2014-01-16T23:12:21.000Z`.
pub fn iso8601(seconds: i64) -> String {
    let (year, month, day) = civil_from_days(seconds.div_euclid(86_400));
    let time = seconds.rem_euclid(86_400);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.000Z",
        time / 3600,
        time % 3600 / 60,
        time % 60
    )
}

/// The proleptic Gregorian date `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// `object` (or an empty object, if it is not one) with `type` set unless it has one.
pub fn typed(object: &Value, type_: &str) -> Value {
    let mut object = match object {
        Value::Object(map) => Value::Object(map.clone()),
        _ => Value::Object(Map::new()),
    };
    if object.get("type").is_none_or(Value::is_null) {
        object["type"] = json!(type_);
    }
    object
}

/// Sets `key` to `value` unless the object has a non-null value there.
pub fn default(object: &mut Value, key: &str, value: Value) {
    if object.get(key).is_none_or(Value::is_null) {
        object[key] = value;
    }
}

/// The wrapped form of a nested list: `{"type": list_type, key: [...]}`. A plain array is
/// wrapped, a wrapped list kept, anything else becomes an empty list.
pub fn wrapped(value: Option<&Value>, list_type: &str, key: &str) -> Value {
    match value {
        Some(Value::Array(items)) => json!({ "type": list_type, key: items }),
        Some(object @ Value::Object(map)) if map.get(key).is_some_and(Value::is_array) => {
            object.clone()
        }
        _ => json!({ "type": list_type, key: [] }),
    }
}

/// The items of a wrapped (or plain) nested list.
pub fn items<'a>(value: Option<&'a Value>, key: &str) -> &'a [Value] {
    let list = match value {
        Some(Value::Object(map)) => map.get(key),
        other => other,
    };
    list.and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

/// The items of the wrapped nested list `object[key]`, mutable, wrapping it first if needed.
pub fn items_mut<'a>(object: &'a mut Value, key: &str, list_type: &str) -> &'a mut Vec<Value> {
    let list = wrapped(object.get(key), list_type, key);
    object[key] = list;
    match &mut object[key][key] {
        Value::Array(items) => items,
        _ => unreachable!("wrapped always holds an array under its key"),
    }
}

/// A user (`kind` `user`), lead (`contact`) or visitor (`visitor`).
pub fn contact(input: &Value, kind: &str, now: i64) -> Value {
    let mut object = typed(input, kind);
    object["type"] = json!(kind);
    default(&mut object, "created_at", json!(now));
    default(&mut object, "updated_at", json!(now));
    default(&mut object, "anonymous", json!(kind != "user"));
    default(&mut object, "unsubscribed_from_emails", json!(false));
    default(&mut object, "session_count", json!(0));
    default(&mut object, "custom_attributes", json!({}));
    default(
        &mut object,
        "avatar",
        json!({"type": "avatar", "image_url": null}),
    );
    default(
        &mut object,
        "location_data",
        json!({"type": "location_data"}),
    );
    default(&mut object, "app_id", json!("mockapp1"));
    for (key, list_type) in CONTACT_LISTS {
        let list = wrapped(object.get(*key), list_type, key);
        object[*key] = list;
    }
    object
}

/// The nested lists of a contact and their list types.
pub const CONTACT_LISTS: &[(&str, &str)] = &[
    ("companies", "company.list"),
    ("segments", "segment.list"),
    ("tags", "tag.list"),
    ("social_profiles", "social_profile.list"),
];

/// A company; a `plan` given as a name becomes a plan object.
pub fn company(input: &Value, now: i64) -> Value {
    let mut object = typed(input, "company");
    if let Some(name) = object.get("plan").and_then(Value::as_str) {
        let plan = plan(name);
        object["plan"] = plan;
    }
    default(&mut object, "created_at", json!(now));
    default(&mut object, "updated_at", json!(now));
    default(&mut object, "user_count", json!(0));
    default(&mut object, "session_count", json!(0));
    default(&mut object, "monthly_spend", json!(0));
    default(&mut object, "custom_attributes", json!({}));
    default(&mut object, "app_id", json!("mockapp1"));
    for (key, list_type) in [("tags", "tag.list"), ("segments", "segment.list")] {
        let list = wrapped(object.get(key), list_type, key);
        object[key] = list;
    }
    object
}

/// The plan object for a plan name; the same name always has the same id.
pub fn plan(name: &str) -> Value {
    let id = name
        .bytes()
        .fold(5381u32, |h, b| h.wrapping_mul(33) ^ u32::from(b));
    json!({ "type": "plan", "id": id.to_string(), "name": name })
}

/// The short form of a company inside a contact's `companies`.
pub fn company_ref(company: &Value) -> Value {
    json!({
        "type": "company",
        "id": company["id"],
        "company_id": company["company_id"],
        "name": company["name"],
    })
}

/// The short form of a tag or segment inside another object's list.
pub fn short(object: &Value, type_: &str) -> Value {
    json!({ "type": type_, "id": object["id"], "name": object["name"] })
}

/// A `{type, id}` reference to `object`.
pub fn reference(object: &Value) -> Value {
    json!({ "type": object["type"], "id": object["id"] })
}

/// An admin.
pub fn admin(input: &Value, _now: i64) -> Value {
    let mut object = typed(input, "admin");
    default(&mut object, "away_mode_enabled", json!(false));
    default(&mut object, "away_mode_reassign", json!(false));
    default(&mut object, "team_ids", json!([]));
    default(
        &mut object,
        "avatar",
        json!({"type": "avatar", "image_url": null}),
    );
    object
}

/// A segment.
pub fn segment(input: &Value, now: i64) -> Value {
    let mut object = typed(input, "segment");
    default(&mut object, "created_at", json!(now));
    default(&mut object, "updated_at", json!(now));
    default(&mut object, "person_type", json!("user"));
    object
}

/// A note.
pub fn note(input: &Value, now: i64) -> Value {
    let mut object = typed(input, "note");
    default(&mut object, "created_at", json!(now));
    object
}

/// An event.
pub fn event(input: &Value, now: i64) -> Value {
    let mut object = typed(input, "event");
    default(&mut object, "created_at", json!(now));
    default(&mut object, "metadata", json!({}));
    object
}

/// A conversation.
pub fn conversation(input: &Value, now: i64) -> Value {
    let mut object = typed(input, "conversation");
    default(&mut object, "created_at", json!(now));
    default(&mut object, "updated_at", json!(now));
    default(&mut object, "open", json!(true));
    default(&mut object, "state", json!("open"));
    default(&mut object, "read", json!(false));
    default(
        &mut object,
        "assignee",
        json!({"type": "nobody_admin", "id": null}),
    );
    default(&mut object, "customers", json!([]));
    let parts = wrapped(
        object.get("conversation_parts"),
        "conversation_part.list",
        "conversation_parts",
    );
    object["conversation_parts"] = parts;
    let tags = wrapped(object.get("tags"), "tag.list", "tags");
    object["tags"] = tags;
    object
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_forms_become_response_forms() {
        let user = contact(
            &json!({"email": "a@example.com", "companies": [{"company_id": "c1"}]}),
            "user",
            7,
        );
        assert_eq!(
            user["companies"],
            json!({"type": "company.list", "companies": [{"company_id": "c1"}]})
        );
        assert_eq!(user["tags"], json!({"type": "tag.list", "tags": []}));
        assert_eq!(user["created_at"], json!(7));
        assert_eq!(user["anonymous"], json!(false));

        let company = company(&json!({"company_id": "c1", "plan": "pro"}), 7);
        assert_eq!(company["plan"]["name"], json!("pro"));
        assert_eq!(company["plan"]["type"], json!("plan"));
        assert_eq!(company["plan"]["id"], plan("pro")["id"]);
    }

    #[test]
    fn unix_seconds_format_as_iso_8601() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso8601(1_389_913_941), "2014-01-16T23:12:21.000Z");
        // A leap day, the day after it, and the turn of a century that is a leap year.
        assert_eq!(iso8601(951_782_400), "2000-02-29T00:00:00.000Z");
        assert_eq!(iso8601(951_868_799), "2000-02-29T23:59:59.000Z");
        assert_eq!(iso8601(951_868_800), "2000-03-01T00:00:00.000Z");
        // 1900 is not a leap year: 1900-02-28 is followed by 1900-03-01.
        assert_eq!(iso8601(-2_203_977_600), "1900-02-28T00:00:00.000Z");
        assert_eq!(iso8601(-2_203_891_200), "1900-03-01T00:00:00.000Z");
        assert_eq!(iso8601(-1), "1969-12-31T23:59:59.000Z");
        assert_eq!(iso8601(4_107_542_400), "2100-03-01T00:00:00.000Z");
    }

    #[test]
    fn items_mut_wraps_plain_lists() {
        let mut object = json!({"tags": [{"id": "1"}]});
        items_mut(&mut object, "tags", "tag.list").push(json!({"id": "2"}));
        assert_eq!(object["tags"]["type"], json!("tag.list"));
        assert_eq!(items(object.get("tags"), "tags").len(), 2);
    }
}
