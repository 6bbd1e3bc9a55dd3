//! Leads (the API's `contacts`): upserts, lookups, lists, scrolls, deletion, and converting a
//! lead into a user.

use serde_json::{Value, json};

use super::contacts::{
    become_user, check_user_target, find, get_lead_by, ids, lead_not_found, leads, merge, page_all,
    sorted, stored_id, strip,
};
use crate::call::{Call, Outcome, Reply, text};
use crate::lists;
use crate::shapes;
use crate::state::State;
use crate::webhooks;

/// `POST /contacts`: updates the lead the body names by `id` or `user_id`, or creates one
/// with a fresh `user_id`.
///
/// Tells subscriptions `contact.created`, or `contact.added_email` when a lead without an
/// email gets one.
pub fn upsert_lead(state: &mut State, call: &Call) -> Outcome {
    let (id, topic) = match find(&state.leads, &call.body, &["id", "user_id"]) {
        Some(seq) => {
            let had_email = state
                .leads
                .by_seq(seq)
                .and_then(|lead| lead.get("email"))
                .and_then(text)
                .is_some();
            state
                .leads
                .update(seq, |lead| merge(lead, &call.body, call.now));
            let added_email = !had_email && call.body_text("email").is_some();
            (
                stored_id(&state.leads, seq),
                added_email.then_some("contact.added_email"),
            )
        }
        None => {
            let mut input = call.body.clone();
            strip(&mut input, &["companies", "type", "id"]);
            if call.body_text("user_id").is_none() {
                input["user_id"] = json!(state.uuid());
            }
            let id = state.create(leads, shapes::contact(&input, "contact", call.now));
            (id, Some("contact.created"))
        }
    };
    let lead = get_lead_by(&state.leads, &id)?;
    if let Some(topic) = topic {
        state.notify(topic, lead.clone());
    }
    Ok(Reply::ok(lead))
}

/// `GET /contacts/{id}`.
pub fn get_lead(state: &mut State, call: &Call) -> Outcome {
    Ok(Reply::ok(get_lead_by(&state.leads, call.path_param("id"))?))
}

/// `GET /contacts?user_id=`: that lead.
pub fn get_lead_by_user_id(state: &mut State, call: &Call) -> Outcome {
    let user_id = call.query("user_id").unwrap_or_default();
    let lead = state
        .leads
        .find_by("user_id", user_id)
        .ok_or_else(lead_not_found)?;
    Ok(Reply::ok(lead.clone()))
}

/// `GET /contacts`: with `user_id` (and `email` or `phone`, which the lookup alone does not
/// take), that lead; otherwise a page of leads, filtered by `email`
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
    if email.is_none() && phone.is_none() {
        return page_all(&mut state.leads, call, "contact.list", "created_at", None);
    }
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
    let lead = state.leads.remove(&id).ok_or_else(lead_not_found)?;
    state.notify("contact.deleted", webhooks::removed(&lead));
    Ok(Reply::ok(lead))
}

/// `DELETE /contacts/{id}`.
pub fn delete_lead_by_id(state: &mut State, call: &Call) -> Outcome {
    let lead = state
        .leads
        .remove(call.path_param("id"))
        .ok_or_else(lead_not_found)?;
    state.notify("contact.deleted", webhooks::removed(&lead));
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
/// the `user` the body names exists, the lead is merged into it. Tells subscriptions
/// `contact.signed_up` (with the lead as it was).
pub fn convert_lead(state: &mut State, call: &Call) -> Outcome {
    let contact = call.body.get("contact").unwrap_or(&Value::Null);
    let seq = find(&state.leads, contact, &["id", "user_id"]).ok_or_else(lead_not_found)?;
    let user = call.body.get("user").unwrap_or(&Value::Null);
    check_user_target(state, user)?;
    let lead_id = stored_id(&state.leads, seq);
    let lead = state.leads.remove(&lead_id).ok_or_else(lead_not_found)?;
    state.notify("contact.signed_up", lead.clone());
    become_user(state, lead, user, call.now)
}
