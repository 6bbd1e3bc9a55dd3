//! Permanent deletion: a user or lead, and everything the mock holds about them, goes at once
//! (Intercom purges within 90 days; the mock does not wait).

use serde_json::{Value, json};

use super::companies;
use super::contacts::{has_id, id_of, user_not_found};
use crate::call::{Call, Outcome, Reply, text};
use crate::state::State;
use crate::webhooks;

/// `POST /user_delete_requests`: permanently deletes the user, or else the lead, whose
/// Intercom id is `intercom_user_id`; answers the deletion request's id (`{"id": 1}`, then
/// 2…), or 404 when no user or lead has that id.
///
/// The person goes from the users or leads, from their companies' `user_count`, and with
/// them their tags and segments (held on the person); their notes and events go too, the
/// conversations they started are deleted, and they leave the `customers` of the others.
/// Subscriptions are told `user.deleted` (or `contact.deleted` for a lead).
pub fn permanently_delete_user(state: &mut State, call: &Call) -> Outcome {
    let id = call.require_body_text("intercom_user_id")?;
    let (person, topic) = if let Some(user) = state.users.remove(&id) {
        companies::unlink_all(state, &user);
        (user, "user.deleted")
    } else if let Some(lead) = state.leads.remove(&id) {
        (lead, "contact.deleted")
    } else {
        return Err(user_not_found().on("intercom_user_id"));
    };
    purge(state, &id);
    state.notify(topic, webhooks::removed(&person));
    state.deletion_requests += 1;
    Ok(Reply::ok(json!({ "id": state.deletion_requests })))
}

/// Removes what the mock holds about the person `id` besides the person.
fn purge(state: &mut State, id: &str) {
    let notes: Vec<String> = state
        .notes
        .iter()
        .filter(|note| has_id(&note["user"], id))
        .map(id_of)
        .collect();
    for note in notes {
        state.notes.remove(&note);
    }
    let events: Vec<String> = state
        .events
        .iter()
        .filter(|event| event.get("intercom_user_id").and_then(text).as_deref() == Some(id))
        .map(id_of)
        .collect();
    for event in events {
        state.events.remove(&event);
    }
    let started: Vec<String> = state
        .conversations
        .iter()
        .filter(|conversation| has_id(&conversation["user"], id))
        .map(id_of)
        .collect();
    for conversation in started {
        state.conversations.remove(&conversation);
    }
    for conversation in state.conversations.values_mut() {
        if let Some(customers) = conversation
            .get_mut("customers")
            .and_then(Value::as_array_mut)
        {
            customers.retain(|customer| !has_id(customer, id));
        }
    }
    if let Some(scroll) = state.scroll.as_mut() {
        scroll.remaining.retain(|remaining| remaining != id);
    }
}
