//! What users, leads and visitors share: finding a stored contact (by `id`, `user_id` or
//! email), merging a body into it, ordering lists by a timestamp, turning a lead or visitor
//! into a user, and the 404s for each kind of contact.
//!
//! The lookups and ordering here also serve the other handlers (companies, tags, notes, events
//! and conversations), which name "the user, or else the lead" by `id`, `user_id` or `email`
//! ([`person`]).

use serde_json::{Value, json};

use crate::call::{Call, Outcome, Reply, text};
use crate::fault::Fault;
use crate::lists;
use crate::shapes;
use crate::state::{Records, State};

/// The stored users, for [`State::create`].
pub fn users(state: &mut State) -> &mut Records {
    &mut state.users
}

/// The stored leads, for [`State::create`].
pub fn leads(state: &mut State) -> &mut Records {
    &mut state.leads
}

/// Refuses a conversion into a user that neither exists nor can be created, before the lead
/// or visitor is removed: a refused call changes nothing.
pub fn check_user_target(state: &State, user: &Value) -> Result<(), Fault> {
    let exists = named_user(&state.users, user)?.is_some();
    let creatable =
        user.get("user_id").and_then(text).is_some() || user.get("email").and_then(text).is_some();
    if exists || creatable {
        Ok(())
    } else {
        Err(Fault::missing("user.user_id").with_message("The user needs a user_id or an email"))
    }
}

/// Turns a lead or visitor into a user: merged into the user `user` names when one exists,
/// otherwise a new user with the identifiers `user` gives (and subscriptions are told
/// `user.created`).
pub fn become_user(state: &mut State, former: Value, user: &Value, now: i64) -> Outcome {
    if let Some(seq) = named_user(&state.users, user)? {
        state.users.update(seq, |existing| {
            adopt(existing, &former);
            merge(existing, user, now);
        });
        return Ok(Reply::ok(
            state
                .users
                .get(&stored_id(&state.users, seq))
                .cloned()
                .ok_or_else(user_not_found)?,
        ));
    }
    if user.get("user_id").and_then(text).is_none() && user.get("email").and_then(text).is_none() {
        return Err(
            Fault::missing("user.user_id").with_message("The user needs a user_id or an email")
        );
    }
    let mut created = former;
    strip(&mut created, &["id", "type", "user_id", "anonymous"]);
    if let Some(name) = created.get("name").cloned() {
        created["pseudonym"] = name;
    }
    merge(&mut created, user, now);
    let created = shapes::contact(&created, "user", now);
    let id = state.create(users, created);
    let user = get(&state.users, &id)?;
    state.notify("user.created", user.clone());
    Ok(Reply::ok(user))
}

/// Copies the fields `into` lacks from `from` (custom attributes key by key).
fn adopt(into: &mut Value, from: &Value) {
    let Some(from) = from.as_object() else { return };
    for (key, value) in from {
        match key.as_str() {
            "id" | "type" | "user_id" | "anonymous" | "created_at" => {}
            "custom_attributes" => {
                if let (Some(into_map), Some(from_map)) =
                    (into[key].as_object_mut(), value.as_object())
                {
                    for (k, v) in from_map {
                        into_map.entry(k.clone()).or_insert_with(|| v.clone());
                    }
                }
            }
            _ => shapes::default(into, key, value.clone()),
        }
    }
}

/// Applies the fields of a request body to a stored contact: `null` leaves a field alone,
/// custom attributes are merged key by key, nested lists are stored wrapped, ids never change.
pub fn merge(stored: &mut Value, body: &Value, now: i64) {
    let Some(fields) = body.as_object() else {
        return;
    };
    for (key, value) in fields {
        match key.as_str() {
            _ if value.is_null() => {}
            "id" | "type" | "companies" => {}
            "custom_attributes" => {
                if let (Some(into), Some(from)) = (stored[key].as_object_mut(), value.as_object()) {
                    for (k, v) in from {
                        into.insert(k.clone(), v.clone());
                    }
                } else {
                    stored[key] = value.clone();
                }
            }
            _ => {
                stored[key.as_str()] = match shapes::CONTACT_LISTS.iter().find(|(k, _)| k == key) {
                    Some((k, list_type)) => shapes::wrapped(Some(value), list_type, k),
                    None => value.clone(),
                };
            }
        }
    }
    stored["updated_at"] = json!(now);
}

/// The user `named` (a `POST /users` body, or a conversion's `user`) identifies: by `id`
/// first; then, with a `user_id`, the user with that `user_id`, or else the user known so far
/// by `email` only (no `user_id` yet), who gets it; without a `user_id`, the user with that
/// `email`. Email is not unique: a `user_id` with an email another user (with another
/// `user_id`) has makes a new user, and an email alone that several users share is refused.
pub fn named_user(users: &Records, named: &Value) -> Result<Option<u64>, Fault> {
    if let Some(seq) = find(users, named, &["id"]) {
        return Ok(Some(seq));
    }
    let email = named.get("email").and_then(text);
    let Some(user_id) = named.get("user_id").and_then(text) else {
        return match email {
            Some(email) => by_email(users, &email),
            None => Ok(None),
        };
    };
    if let Some(seq) = users.seq_of("user_id", &user_id) {
        return Ok(Some(seq));
    }
    Ok(email.and_then(|email| {
        users.seqs_of("email", &email).find(|seq| {
            users
                .by_seq(*seq)
                .is_some_and(|user| user.get("user_id").and_then(text).is_none())
        })
    }))
}

/// The one user with `email`; 409 `conflict` when several share it.
pub fn by_email(users: &Records, email: &str) -> Result<Option<u64>, Fault> {
    let mut matching = users.seqs_of("email", email);
    match (matching.next(), matching.next()) {
        (Some(_), Some(_)) => Err(Fault::conflict(
            "conflict",
            "Multiple existing users match this email address - must be more specific using user_id",
        )),
        (first, _) => Ok(first),
    }
}

/// The keys a request names a user or lead by, in the order they are tried.
pub const PERSON_KEYS: &[&str] = &["id", "user_id", "email"];

/// The user `named` identifies by `id`, `user_id` or `email`, or else the lead it identifies.
pub fn person<'a>(state: &'a State, named: &Value) -> Option<&'a Value> {
    [&state.users, &state.leads]
        .into_iter()
        .find_map(|records| find(records, named, PERSON_KEYS).and_then(|seq| records.by_seq(seq)))
}

/// Whether `named` carries at least one of `keys` as a non-empty value.
pub fn names_someone(named: &Value, keys: &[&str]) -> bool {
    keys.iter()
        .any(|key| named.get(*key).and_then(text).is_some())
}

/// `{id, user_id, email}` from the query parameters `id_param`, `user_id` and `email`
/// (`id_param` is `id` or `intercom_user_id`, depending on the endpoint).
pub fn named_in_query(call: &Call, id_param: &str) -> Value {
    json!({
        "id": call.query(id_param),
        "user_id": call.query("user_id"),
        "email": call.query("email"),
    })
}

/// The `id` of a stored object, as text.
pub fn id_of(object: &Value) -> String {
    object.get("id").and_then(text).unwrap_or_default()
}

/// Whether `object`'s `id` is `id` (written as a string or a number).
pub fn has_id(object: &Value, id: &str) -> bool {
    object.get("id").and_then(text).as_deref() == Some(id)
}

/// The creation number of the first object `named` identifies, trying `keys` in order.
pub fn find(records: &Records, named: &Value, keys: &[&str]) -> Option<u64> {
    keys.iter().find_map(|key| {
        let value = named.get(*key).and_then(text)?;
        records.seq_of(key, &value)
    })
}

/// `entries` sorted by the timestamp field `sort`, newest first unless `order` is `asc`; ties
/// keep creation order.
pub fn sorted<'a>(
    entries: impl Iterator<Item = (u64, &'a Value)>,
    sort: &str,
    order: Option<&str>,
) -> Vec<&'a Value> {
    let mut keyed: Vec<(i64, u64, &Value)> = entries
        .map(|(seq, v)| (timestamp(v, sort), seq, v))
        .collect();
    keyed.sort_unstable_by_key(|(t, seq, _)| (*t, *seq));
    if order != Some("asc") {
        keyed.reverse();
    }
    keyed.into_iter().map(|(_, _, v)| v).collect()
}

/// A page of every object of `records` by the timestamp field `sort`, newest first unless
/// `order` is `asc`, as [`sorted`] orders them; the order is computed once for all pages.
pub fn page_all(
    records: &mut Records,
    call: &Call,
    list_type: &str,
    sort: &str,
    order: Option<&str>,
) -> Outcome {
    let ascending = records.ordered_by(sort);
    if order == Some("asc") {
        lists::page_of_records(call, list_type, records, &ascending)
    } else {
        let descending: Vec<u64> = ascending.iter().rev().copied().collect();
        lists::page_of_records(call, list_type, records, &descending)
    }
}

/// The integer field `key` of `object`, 0 when absent.
pub fn timestamp(object: &Value, key: &str) -> i64 {
    object.get(key).and_then(Value::as_i64).unwrap_or(0)
}

/// The ids of every object, oldest first.
pub fn ids(records: &Records) -> std::collections::VecDeque<String> {
    records
        .iter()
        .filter_map(|v| v.get("id").and_then(text))
        .collect()
}

/// The id of the stored object `seq`.
pub fn stored_id(records: &Records, seq: u64) -> String {
    records
        .by_seq(seq)
        .and_then(|v| v.get("id").and_then(text))
        .unwrap_or_default()
}

/// Removes `keys` from a body before it is stored.
pub fn strip(object: &mut Value, keys: &[&str]) {
    if let Some(map) = object.as_object_mut() {
        for key in keys {
            map.remove(*key);
        }
    }
}

/// The stored user `id`, or 404.
pub fn get(records: &Records, id: &str) -> Result<Value, Fault> {
    records.get(id).cloned().ok_or_else(user_not_found)
}

/// The stored lead `id`, or 404.
pub fn get_lead_by(records: &Records, id: &str) -> Result<Value, Fault> {
    records.get(id).cloned().ok_or_else(lead_not_found)
}

/// 404 `not_found` for a user.
pub fn user_not_found() -> Fault {
    Fault::not_found("User Not Found")
}

/// 404 `not_found` for a lead.
pub fn lead_not_found() -> Fault {
    Fault::not_found("Contact Not Found")
}

/// 404 `not_found` for a visitor.
pub fn visitor_not_found() -> Fault {
    Fault::not_found("Visitor Not Found")
}
