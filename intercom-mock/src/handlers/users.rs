//! Users: upserts (with their companies), lookups by id, `user_id` or email, lists, scrolls,
//! archiving, and a company's users.

use serde_json::{Value, json};

use super::companies;
use super::contacts::{
    by_email, find, get, has_id, ids, merge, named_user, page_all, sorted, stored_id, strip,
    timestamp, user_not_found, users,
};
use crate::call::{Call, Outcome, Reply, text};
use crate::fault::Fault;
use crate::lists;
use crate::shapes;
use crate::state::State;
use crate::webhooks;

/// `POST /users`: updates the user the body names (see [`named_user`]), or creates one;
/// companies in the body are created or updated and linked, or, with `remove: true`,
/// unlinked. `update_last_request_at: true` sets `last_request_at` to now, and
/// `new_session: true` counts a session.
pub fn upsert_user(state: &mut State, call: &Call) -> Outcome {
    let id = upsert(state, &call.body, call.now)?;
    Ok(Reply::ok(get(&state.users, &id)?))
}

/// Creates or updates the user `body` names, as `POST /users` does; returns its id. Tells
/// subscriptions `user.created`, or `user.email.updated` and `user.unsubscribed` when the
/// email changes or the user unsubscribes, and `company.created` for each company created.
pub fn upsert(state: &mut State, body: &Value, now: i64) -> Result<String, Fault> {
    let given = |name: &str| body.get(name).and_then(text);
    let flag = |name: &str| body.get(name).and_then(Value::as_bool) == Some(true);
    let existing = named_user(&state.users, body)?;
    if existing.is_none() && given("user_id").is_none() && given("email").is_none() {
        return Err(Fault::missing("user_id").with_message("A user needs a user_id or an email"));
    }
    // A company that can be neither found nor created refuses the whole call, before the
    // user is stored.
    let listed = body.get("companies").and_then(Value::as_array);
    for (i, company) in listed.into_iter().flatten().enumerate() {
        if find(&state.companies, company, &["id", "company_id"]).is_none()
            && company.get("company_id").and_then(text).is_none()
            && !removes(company)
        {
            return Err(Fault::missing("company_id").under(&format!("companies[{i}]")));
        }
    }
    let mut fields = body.clone();
    strip(
        &mut fields,
        &["update_last_request_at", "new_session", "companies"],
    );
    let before = existing.and_then(|seq| state.users.by_seq(seq).cloned());
    let id = match existing {
        Some(seq) => {
            state.users.update(seq, |user| merge(user, &fields, now));
            stored_id(&state.users, seq)
        }
        None => {
            strip(&mut fields, &["type", "id"]);
            state.create(users, shapes::contact(&fields, "user", now))
        }
    };
    if (flag("update_last_request_at") || flag("new_session"))
        && let Some(seq) = state.users.seq_of("id", &id)
    {
        let session = flag("new_session");
        state.users.update(seq, |user| {
            user["last_request_at"] = json!(now);
            if session {
                user["session_count"] = json!(timestamp(user, "session_count") + 1);
            }
        });
    }
    for (i, company) in listed.into_iter().flatten().enumerate() {
        if removes(company) {
            if let Some(seq) = find(&state.companies, company, &["id", "company_id"]) {
                let company_id = stored_id(&state.companies, seq);
                companies::unlink(state, &id, &company_id);
            }
            continue;
        }
        let company_id = companies::upsert(state, company, now)
            .map_err(|f| f.under(&format!("companies[{i}]")))?;
        companies::link(state, &id, &company_id);
    }
    let after = get(&state.users, &id)?;
    match before {
        None => state.notify("user.created", after),
        Some(before) => {
            if given("email").is_some() && before["email"] != after["email"] {
                state.notify("user.email.updated", after.clone());
            }
            if after["unsubscribed_from_emails"] == json!(true)
                && before["unsubscribed_from_emails"] != json!(true)
            {
                state.notify("user.unsubscribed", after);
            }
        }
    }
    Ok(id)
}

/// Whether a company entry of a user upsert asks to remove the user from the company.
fn removes(company: &Value) -> bool {
    company.get("remove").and_then(Value::as_bool) == Some(true)
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
    let sort = call.query("sort").unwrap_or("created_at");
    let order = call.query("order");
    let Some(since) = call
        .query("created_since")
        .and_then(|days| days.parse::<i64>().ok())
        .map(|days| call.now - days * 86_400)
    else {
        return page_all(&mut state.users, call, "user.list", sort, order);
    };
    let users = state
        .users
        .entries()
        .filter(|(_, u)| timestamp(u, "created_at") >= since);
    lists::page(call, "user.list", sorted(users, sort, order))
}

/// `DELETE /users?user_id=` or `?email=`: archives the user and returns it. A `user_id` is
/// the only identifier looked at when given; an email several users share is refused (409).
pub fn archive_user(state: &mut State, call: &Call) -> Outcome {
    let seq = match (call.query("user_id"), call.query("email")) {
        (Some(user_id), _) => state.users.seq_of("user_id", user_id),
        (None, Some(email)) => by_email(&state.users, email)?,
        (None, None) => None,
    }
    .ok_or_else(user_not_found)?;
    let id = stored_id(&state.users, seq);
    let user = archive(state, &id)?;
    state.notify("user.deleted", webhooks::removed(&user));
    Ok(Reply::ok(user))
}

/// `DELETE /users/{id}`: archives the user with that Intercom id and returns it.
pub fn archive_user_by_id(state: &mut State, call: &Call) -> Outcome {
    let user = archive(state, call.path_param("id"))?;
    state.notify("user.deleted", webhooks::removed(&user));
    Ok(Reply::ok(user))
}

/// Removes the user `id` and uncounts it from its companies; returns it. Archiving keeps the
/// user's notes, events and conversations (a permanent deletion removes those too).
pub fn archive(state: &mut State, id: &str) -> Result<Value, Fault> {
    let user = state.users.remove(id).ok_or_else(user_not_found)?;
    companies::unlink_all(state, &user);
    Ok(user)
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
    companies::users_of(state, call, id)
}

/// `GET /users?tag_id=`: a page of the users carrying the tag, newest first.
pub fn list_users_by_tag(state: &mut State, call: &Call) -> Outcome {
    carrying(
        state,
        call,
        "tags",
        call.query("tag_id").unwrap_or_default(),
    )
}

/// `GET /users?segment_id=`: a page of the users in the segment, newest first.
pub fn list_users_by_segment(state: &mut State, call: &Call) -> Outcome {
    carrying(
        state,
        call,
        "segments",
        call.query("segment_id").unwrap_or_default(),
    )
}

/// A page of the users whose wrapped list `key` holds `id`, newest first.
fn carrying(state: &State, call: &Call, key: &str, id: &str) -> Outcome {
    let matching = state.users.entries().filter(|(_, user)| {
        shapes::items(user.get(key), key)
            .iter()
            .any(|item| has_id(item, id))
    });
    lists::page(call, "user.list", sorted(matching, "created_at", None))
}
