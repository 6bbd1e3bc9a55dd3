//! Notes admins leave on users: creating one, reading one, and a user's notes newest first.
//!
//! Also the lookup the other person-centred handlers share: the user (or, failing that, the
//! lead) a request names by `id`, `user_id` or `email`.

use serde_json::{Value, json};

use super::contacts::{find, sorted};
use super::workspace;
use crate::call::{Call, Outcome, Reply, text};
use crate::fault::Fault;
use crate::lists;
use crate::shapes;
use crate::state::{Records, State};

/// The keys a request names a user or lead by, in the order they are tried.
pub const PERSON_KEYS: &[&str] = &["id", "user_id", "email"];

fn notes(state: &mut State) -> &mut Records {
    &mut state.notes
}

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

/// 404 `not_found` for a user.
pub fn user_not_found() -> Fault {
    Fault::not_found("User Not Found")
}

/// `POST /notes`: a note by the admin `admin_id` (the first admin when absent) on the user the
/// body's `user` names by `id`, `user_id` or `email`.
pub fn create_note(state: &mut State, call: &Call) -> Outcome {
    let body = call.require_body_text("body")?;
    let named = call
        .body
        .get("user")
        .filter(|user| !user.is_null())
        .ok_or_else(|| Fault::missing("user"))?;
    if !names_someone(named, PERSON_KEYS) {
        return Err(Fault::missing("user.id")
            .with_message("user needs an id, a user_id or an email to name the user"));
    }
    let user = shapes::reference(person(state, named).ok_or_else(user_not_found)?);
    let author = match call.body_text("admin_id") {
        Some(id) => workspace::admin(state, &id)?.clone(),
        None => state
            .admins
            .iter()
            .next()
            .cloned()
            .ok_or_else(workspace::admin_not_found)?,
    };
    let note = shapes::note(
        &json!({ "body": body, "author": author, "user": user }),
        call.now,
    );
    let id = state.create(notes, note);
    get(&state.notes, &id)
}

/// `GET /notes/{id}`.
pub fn get_note(state: &mut State, call: &Call) -> Outcome {
    get(&state.notes, call.path_param("id"))
}

/// `GET /notes?user_id=|email=|id=`: a page of the user's notes, newest first.
pub fn list_notes_for_user(state: &mut State, call: &Call) -> Outcome {
    let named = named_in_query(call, "id");
    let user_id = id_of(person(state, &named).ok_or_else(user_not_found)?);
    let theirs = state
        .notes
        .entries()
        .filter(|(_, note)| has_id(&note["user"], &user_id));
    lists::page(call, "note.list", sorted(theirs, "created_at", None))
}

fn get(records: &Records, id: &str) -> Outcome {
    let note = records
        .get(id)
        .ok_or_else(|| Fault::not_found("Note Not Found"))?;
    Ok(Reply::ok(note.clone()))
}
