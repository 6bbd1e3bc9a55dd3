//! Notes admins leave on users: creating one, reading one, and a user's notes newest first.

use serde_json::json;

use super::contacts::{
    PERSON_KEYS, has_id, id_of, named_in_query, names_someone, person, sorted, user_not_found,
};
use super::workspace;
use crate::call::{Call, Outcome, Reply};
use crate::fault::Fault;
use crate::lists;
use crate::shapes;
use crate::state::{Records, State};

fn notes(state: &mut State) -> &mut Records {
    &mut state.notes
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
