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
    record(state, &call.body, call.now)?;
    Ok(Reply::empty(202))
}

/// Records the event `data` describes, as `POST /events` does, and tells subscriptions
/// `event.created`.
pub fn record(state: &mut State, data: &Value, now: i64) -> Result<(), Fault> {
    let name = data
        .get("event_name")
        .and_then(text)
        .ok_or_else(|| Fault::missing("event_name"))?;
    let created_at = data
        .get("created_at")
        .and_then(Value::as_i64)
        .ok_or_else(|| Fault::missing("created_at"))?;
    if !names_someone(data, PERSON_KEYS) {
        return Err(Fault::missing("user_id")
            .with_message("An event needs a user_id, an email or an id to name the user"));
    }
    let user = person(state, data).ok_or_else(user_not_found)?;
    let metadata = data
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
    let id = state.create(events, shapes::event(&event, now));
    if let Some(stored) = state.events.get(&id).cloned() {
        state.notify("event.created", stored);
    }
    Ok(())
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
                "first": shapes::iso8601(first),
                "last": shapes::iso8601(last),
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
