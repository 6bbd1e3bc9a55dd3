//! Visitors: lookups, updates, deletion, and converting a visitor into a lead or a user.

use serde_json::{Value, json};

use super::contacts::{
    become_user, check_user_target, find, get_lead_by, leads, merge, stored_id, visitor_not_found,
};
use crate::call::{Call, Outcome, Reply};
use crate::state::State;

/// `GET /visitors/{id}`.
pub fn get_visitor(state: &mut State, call: &Call) -> Outcome {
    let visitor = state
        .visitors
        .get(call.path_param("id"))
        .ok_or_else(visitor_not_found)?;
    Ok(Reply::ok(visitor.clone()))
}

/// `GET /visitors?user_id=`.
pub fn get_visitor_by_user_id(state: &mut State, call: &Call) -> Outcome {
    let user_id = call.query("user_id").unwrap_or_default();
    let visitor = state
        .visitors
        .find_by("user_id", user_id)
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

/// `POST /visitors/convert`: the visitor becomes a lead (`type` `lead`, same id; tells
/// subscriptions `contact.created`) or a user (`type` `user`, merged into the `user` the body
/// names when it exists; tells them `visitor.signed_up`, with the visitor as it was).
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
            let lead = get_lead_by(&state.leads, &id)?;
            state.notify("contact.created", lead.clone());
            Ok(Reply::ok(lead))
        }
        _ => {
            state.notify("visitor.signed_up", visitor.clone());
            become_user(
                state,
                visitor,
                call.body.get("user").unwrap_or(&Value::Null),
                call.now,
            )
        }
    }
}
