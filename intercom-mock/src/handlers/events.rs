//! Events users did: recording one, and a user's events newest first or summed up by name.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::contacts::sorted;
use super::contacts::{PERSON_KEYS, id_of, named_in_query, names_someone, person, user_not_found};
use crate::call::{Call, Outcome, Reply, text};
use crate::fault::Fault;
use crate::lists;
use crate::shapes;
use crate::state::{Records, State};

fn events(state: &mut State) -> &mut Records {
    &mut state.events
}

/// `POST /events`: records `event_name` at `created_at` for the user (or lead) the body names
/// by `id`, `user_id` or `email`; answers 202 with no body, as Intercom does.
pub fn create_event(state: &mut State, call: &Call) -> Outcome {
    let name = call.require_body_text("event_name")?;
    let created_at = call
        .body
        .get("created_at")
        .and_then(Value::as_i64)
        .ok_or_else(|| Fault::missing("created_at"))?;
    if !names_someone(&call.body, PERSON_KEYS) {
        return Err(Fault::missing("user_id")
            .with_message("An event needs a user_id, an email or an id to name the user"));
    }
    let user = person(state, &call.body).ok_or_else(user_not_found)?;
    let metadata = call
        .body
        .get("metadata")
        .filter(|m| m.is_object())
        .cloned()
        .unwrap_or_else(|| json!({}));
    let event = json!({
        "type": "event",
        "event_name": name,
        "created_at": created_at,
        "user_id": user["user_id"],
        "email": user["email"],
        "intercom_user_id": user["id"],
        "metadata": metadata,
    });
    state.create(events, shapes::event(&event, call.now));
    Ok(Reply::empty(202))
}

/// `GET /events?type=user&intercom_user_id=|user_id=|email=`: a page of the user's events,
/// newest first; with `summary=true`, an `event.summary` counting them by name.
pub fn list_events_for_user(state: &mut State, call: &Call) -> Outcome {
    let named = named_in_query(call, "intercom_user_id");
    let user = person(state, &named).ok_or_else(user_not_found)?;
    let id = id_of(user);
    let theirs = state
        .events
        .entries()
        .filter(|(_, event)| text(&event["intercom_user_id"]).as_deref() == Some(id.as_str()));
    if call.query_flag("summary") {
        return Ok(Reply::ok(summary(user, theirs.map(|(_, event)| event))));
    }
    lists::page(call, "event.list", sorted(theirs, "created_at", None))
}

/// The `event.summary` of `user`'s `events`: per event name (alphabetically), when it first
/// and last happened (ISO 8601) and how often.
fn summary<'a>(user: &Value, events: impl Iterator<Item = &'a Value>) -> Value {
    let mut by_name: BTreeMap<String, (i64, i64, u64)> = BTreeMap::new();
    for event in events {
        let name = event["event_name"].as_str().unwrap_or_default().to_owned();
        let at = event["created_at"].as_i64().unwrap_or(0);
        let (first, last, count) = by_name.entry(name).or_insert((at, at, 0));
        *first = (*first).min(at);
        *last = (*last).max(at);
        *count += 1;
    }
    let entries: Vec<Value> = by_name
        .into_iter()
        .map(|(name, (first, last, count))| {
            json!({
                "name": name,
                "first": iso8601(first),
                "last": iso8601(last),
                "count": count,
                "description": "",
            })
        })
        .collect();
    json!({
        "type": "event.summary",
        "email": user["email"],
        "intercom_user_id": user["id"],
        "user_id": user["user_id"],
        "events": entries,
    })
}

/// Unix seconds as ISO 8601 in UTC with milliseconds: `2014-01-16T23:12:21.000Z`.
fn iso8601(seconds: i64) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
