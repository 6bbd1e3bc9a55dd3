//! Users, leads and visitors: upserts, lookups, lists, scrolls, deletion and conversion.

use serde_json::{Value, json};

use super::companies;
use crate::call::{Call, Outcome, Reply, text};
use crate::fault::Fault;
use crate::lists;
use crate::shapes;
use crate::state::{Records, State};

fn users(state: &mut State) -> &mut Records {
    &mut state.users
}

fn leads(state: &mut State) -> &mut Records {
    &mut state.leads
}

/// `POST /users`: updates the user the body names (see [`named_user`]), or creates one;
/// companies in the body are created or updated and linked.
pub fn upsert_user(state: &mut State, call: &Call) -> Outcome {
    let existing = named_user(&state.users, &call.body)?;
    if existing.is_none()
        && call.body_text("user_id").is_none()
        && call.body_text("email").is_none()
    {
        return Err(Fault::missing("user_id").with_message("A user needs a user_id or an email"));
    }
    // A company that can be neither found nor created refuses the whole call, before the
    // user is stored.
    let listed = call.body.get("companies").and_then(Value::as_array);
    for (i, company) in listed.into_iter().flatten().enumerate() {
        if find(&state.companies, company, &["id", "company_id"]).is_none()
            && company.get("company_id").and_then(text).is_none()
        {
            return Err(Fault::missing("company_id").under(&format!("companies[{i}]")));
        }
    }
    let id = match existing {
        Some(seq) => {
            state
                .users
                .update(seq, |user| merge(user, &call.body, call.now));
            stored_id(&state.users, seq)
        }
        None => {
            let mut input = call.body.clone();
            strip(&mut input, &["companies", "type", "id"]);
            state.create(users, shapes::contact(&input, "user", call.now))
        }
    };
    if let Some(list) = call.body.get("companies").and_then(Value::as_array) {
        for (i, company) in list.iter().enumerate() {
            let company_id = companies::upsert(state, company, call.now)
                .map_err(|f| f.under(&format!("companies[{i}]")))?;
            companies::link(state, &id, &company_id);
        }
    }
    Ok(Reply::ok(get(&state.users, &id)?))
}

/// `GET /users/{id}`.
pub fn get_user(state: &mut State, call: &Call) -> Outcome {
    Ok(Reply::ok(get(&state.users, call.path_param("id"))?))
}

/// `GET /users`: with `user_id`, that user; with `email`, a list of the users with that email;
/// otherwise a page of all users, filtered by `created_since` and sorted by `sort`/`order`.
pub fn find_or_list_users(state: &mut State, call: &Call) -> Outcome {
    if let Some(user_id) = call.query("user_id") {
        let user = state
            .users
            .find_by("user_id", user_id)
            .ok_or_else(user_not_found)?;
        return Ok(Reply::ok(user.clone()));
    }
    if let Some(email) = call.query("email") {
        // Several users may share an email: the lookup lists them all, oldest first.
        let users: Vec<&Value> = state
            .users
            .seqs_of("email", email)
            .filter_map(|seq| state.users.by_seq(seq))
            .collect();
        if users.is_empty() {
            return Err(user_not_found());
        }
        return lists::page(call, "user.list", users);
    }
    let since = call
        .query("created_since")
        .and_then(|days| days.parse::<i64>().ok())
        .map(|days| call.now - days * 86_400);
    let users = state
        .users
        .entries()
        .filter(|(_, u)| since.is_none_or(|since| timestamp(u, "created_at") >= since));
    let sorted = sorted(
        users,
        call.query("sort").unwrap_or("created_at"),
        call.query("order"),
    );
    lists::page(call, "user.list", sorted)
}

/// `DELETE /users?user_id=` or `?email=`: removes the user and returns it. A `user_id` is
/// the only identifier looked at when given; an email several users share is refused (409).
pub fn archive_user(state: &mut State, call: &Call) -> Outcome {
    let seq = match (call.query("user_id"), call.query("email")) {
        (Some(user_id), _) => state.users.seq_of("user_id", user_id),
        (None, Some(email)) => by_email(&state.users, email)?,
        (None, None) => None,
    }
    .ok_or_else(user_not_found)?;
    let id = stored_id(&state.users, seq);
    let user = state.users.remove(&id).ok_or_else(user_not_found)?;
    companies::unlink_all(state, &user);
    Ok(Reply::ok(user))
}

/// `GET /users/scroll`.
pub fn scroll_users(state: &mut State, call: &Call) -> Outcome {
    lists::scroll(
        state,
        call,
        "user.list",
        |s| ids(&s.users),
        |s, id| s.users.get(id).cloned(),
    )
}

/// `GET /companies/{id}/users`: a page of the company's users.
pub fn list_users_for_company(state: &mut State, call: &Call) -> Outcome {
    let id = call.path_param("id");
    if state.companies.get(id).is_none() {
        return Err(companies::not_found());
    }
    let members = state.users.iter().filter(|u| {
        shapes::items(u.get("companies"), "companies")
            .iter()
            .any(|c| c["id"].as_str() == Some(id))
    });
    lists::page(call, "user.list", members)
}

/// `POST /contacts`: updates the lead the body names by `id` or `user_id`, or creates one
/// with a fresh `user_id`.
pub fn upsert_lead(state: &mut State, call: &Call) -> Outcome {
    let id = match find(&state.leads, &call.body, &["id", "user_id"]) {
        Some(seq) => {
            state
                .leads
                .update(seq, |lead| merge(lead, &call.body, call.now));
            stored_id(&state.leads, seq)
        }
        None => {
            let mut input = call.body.clone();
            strip(&mut input, &["companies", "type", "id"]);
            if call.body_text("user_id").is_none() {
                input["user_id"] = json!(uuid(state));
            }
            state.create(leads, shapes::contact(&input, "contact", call.now))
        }
    };
    Ok(Reply::ok(get_lead_by(&state.leads, &id)?))
}

/// `GET /contacts/{id}`.
pub fn get_lead(state: &mut State, call: &Call) -> Outcome {
    Ok(Reply::ok(get_lead_by(&state.leads, call.path_param("id"))?))
}

/// `GET /contacts`: with `user_id`, that lead; otherwise a page of leads, filtered by `email`
/// and `phone`, newest first.
pub fn list_leads(state: &mut State, call: &Call) -> Outcome {
    if let Some(user_id) = call.query("user_id") {
        let lead = state
            .leads
            .find_by("user_id", user_id)
            .ok_or_else(lead_not_found)?;
        return Ok(Reply::ok(lead.clone()));
    }
    let email = call.query("email");
    let phone = call.query("phone");
    let matching = state.leads.entries().filter(|(_, lead)| {
        email.is_none_or(|e| lead["email"].as_str() == Some(e))
            && phone.is_none_or(|p| lead["phone"].as_str() == Some(p))
    });
    lists::page(call, "contact.list", sorted(matching, "created_at", None))
}

/// `DELETE /contacts?user_id=`.
pub fn delete_lead(state: &mut State, call: &Call) -> Outcome {
    let user_id = call.query("user_id").unwrap_or_default();
    let seq = state
        .leads
        .seq_of("user_id", user_id)
        .ok_or_else(lead_not_found)?;
    let id = stored_id(&state.leads, seq);
    Ok(Reply::ok(
        state.leads.remove(&id).ok_or_else(lead_not_found)?,
    ))
}

/// `DELETE /contacts/{id}`.
pub fn delete_lead_by_id(state: &mut State, call: &Call) -> Outcome {
    let lead = state
        .leads
        .remove(call.path_param("id"))
        .ok_or_else(lead_not_found)?;
    Ok(Reply::ok(lead))
}

/// `GET /contacts/scroll`.
pub fn scroll_leads(state: &mut State, call: &Call) -> Outcome {
    lists::scroll(
        state,
        call,
        "contact.list",
        |s| ids(&s.leads),
        |s, id| s.leads.get(id).cloned(),
    )
}

/// `POST /contacts/convert`: the lead (`contact` by `id` or `user_id`) becomes a user; when
/// the `user` the body names exists, the lead is merged into it.
pub fn convert_lead(state: &mut State, call: &Call) -> Outcome {
    let contact = call.body.get("contact").unwrap_or(&Value::Null);
    let seq = find(&state.leads, contact, &["id", "user_id"]).ok_or_else(lead_not_found)?;
    let user = call.body.get("user").unwrap_or(&Value::Null);
    check_user_target(state, user)?;
    let lead_id = stored_id(&state.leads, seq);
    let lead = state.leads.remove(&lead_id).ok_or_else(lead_not_found)?;
    become_user(state, lead, user, call.now)
}

/// `GET /visitors/{id}`.
pub fn get_visitor(state: &mut State, call: &Call) -> Outcome {
    let visitor = state
        .visitors
        .get(call.path_param("id"))
        .ok_or_else(visitor_not_found)?;
    Ok(Reply::ok(visitor.clone()))
}

/// `PUT /visitors`: updates the visitor the body names by `id` or `user_id`.
pub fn update_visitor(state: &mut State, call: &Call) -> Outcome {
    let seq =
        find(&state.visitors, &call.body, &["id", "user_id"]).ok_or_else(visitor_not_found)?;
    state
        .visitors
        .update(seq, |visitor| merge(visitor, &call.body, call.now));
    let id = stored_id(&state.visitors, seq);
    Ok(Reply::ok(
        state
            .visitors
            .get(&id)
            .cloned()
            .ok_or_else(visitor_not_found)?,
    ))
}

/// `DELETE /visitors/{id}`.
pub fn delete_visitor_by_id(state: &mut State, call: &Call) -> Outcome {
    let visitor = state
        .visitors
        .remove(call.path_param("id"))
        .ok_or_else(visitor_not_found)?;
    Ok(Reply::ok(visitor))
}

/// `POST /visitors/convert`: the visitor becomes a lead (`type` `lead`, same id) or a user
/// (`type` `user`, merged into the `user` the body names when it exists).
pub fn convert_visitor(state: &mut State, call: &Call) -> Outcome {
    let named = call.body.get("visitor").unwrap_or(&Value::Null);
    let seq =
        find(&state.visitors, named, &["id", "user_id", "email"]).ok_or_else(visitor_not_found)?;
    let to_lead = call.body.get("type").and_then(Value::as_str) == Some("lead");
    if !to_lead {
        check_user_target(state, call.body.get("user").unwrap_or(&Value::Null))?;
    }
    let id = stored_id(&state.visitors, seq);
    let visitor = state.visitors.remove(&id).ok_or_else(visitor_not_found)?;
    match call.body.get("type").and_then(Value::as_str) {
        Some("lead") => {
            let mut lead = visitor;
            lead["type"] = json!("contact");
            lead["updated_at"] = json!(call.now);
            state.create(leads, lead);
            Ok(Reply::ok(get_lead_by(&state.leads, &id)?))
        }
        _ => become_user(
            state,
            visitor,
            call.body.get("user").unwrap_or(&Value::Null),
            call.now,
        ),
    }
}

/// Refuses a conversion into a user that neither exists nor can be created, before the lead
/// or visitor is removed: a refused call changes nothing.
fn check_user_target(state: &State, user: &Value) -> Result<(), Fault> {
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
/// otherwise a new user with the identifiers `user` gives.
fn become_user(state: &mut State, former: Value, user: &Value, now: i64) -> Outcome {
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
    Ok(Reply::ok(get(&state.users, &id)?))
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
fn by_email(users: &Records, email: &str) -> Result<Option<u64>, Fault> {
    let mut matching = users.seqs_of("email", email);
    match (matching.next(), matching.next()) {
        (Some(_), Some(_)) => Err(Fault::conflict(
            "conflict",
            "Multiple existing users match this email address - must be more specific using user_id",
        )),
        (first, _) => Ok(first),
    }
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

/// The integer field `key` of `object`, 0 when absent.
pub fn timestamp(object: &Value, key: &str) -> i64 {
    object.get(key).and_then(Value::as_i64).unwrap_or(0)
}

/// The ids of every object, oldest first.
fn ids(records: &Records) -> std::collections::VecDeque<String> {
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
fn strip(object: &mut Value, keys: &[&str]) {
    if let Some(map) = object.as_object_mut() {
        for key in keys {
            map.remove(*key);
        }
    }
}

/// A fresh lead `user_id`: a UUID-shaped text made from the next creation number.
fn uuid(state: &mut State) -> String {
    let (seq, _) = state.next_id();
    let hex = format!(
        "{:032x}",
        0x6a1b_0000_0000_4000_8000_0000_0000_0000u128 + u128::from(seq)
    );
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

fn get(records: &Records, id: &str) -> Result<Value, Fault> {
    records.get(id).cloned().ok_or_else(user_not_found)
}

fn get_lead_by(records: &Records, id: &str) -> Result<Value, Fault> {
    records.get(id).cloned().ok_or_else(lead_not_found)
}

fn user_not_found() -> Fault {
    Fault::not_found("User Not Found")
}

fn lead_not_found() -> Fault {
    Fault::not_found("Contact Not Found")
}

fn visitor_not_found() -> Fault {
    Fault::not_found("Visitor Not Found")
}
