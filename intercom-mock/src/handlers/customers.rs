//! The customers of a conversation: naming one (by `intercom_user_id`, `user_id` or email),
//! whether someone takes part in a conversation, and adding or removing customers.

use serde_json::{Value, json};

use super::contacts::{has_id, id_of, names_someone, person, user_not_found};
use super::conversations::conversation_not_found;
use super::workspace;
use crate::call::{Call, Outcome, Reply};
use crate::fault::Fault;
use crate::shapes;
use crate::state::State;

/// The keys a body or query names a customer by, the first being Intercom's own id.
pub const CUSTOMER_KEYS: &[&str] = &["intercom_user_id", "user_id", "email"];

/// `{id, user_id, email}` from an object naming a user by `intercom_user_id`, `user_id` or
/// `email`.
fn customer_named(source: &Value) -> Value {
    json!({
        "id": source.get("intercom_user_id"),
        "user_id": source.get("user_id"),
        "email": source.get("email"),
    })
}

/// The user (or lead) `source` names by `intercom_user_id`, `user_id` or `email`: 400 when it
/// names none (reported on `field`), 404 when there is no such person.
pub fn customer<'a>(state: &'a State, source: &Value, field: &str) -> Result<&'a Value, Fault> {
    if !names_someone(source, CUSTOMER_KEYS) {
        return Err(Fault::missing(field).with_message(format!(
            "{field} needs an intercom_user_id, a user_id or an email"
        )));
    }
    person(state, &customer_named(source)).ok_or_else(user_not_found)
}

/// Whether the person `id` takes part in `conversation` (its `user` or one of its
/// `customers`).
pub fn involves(conversation: &Value, id: &str) -> bool {
    has_id(&conversation["user"], id) || customers(conversation).iter().any(|c| has_id(c, id))
}

/// The conversation's `customers`.
fn customers(conversation: &Value) -> &[Value] {
    conversation["customers"]
        .as_array()
        .map_or(&[], Vec::as_slice)
}

/// `POST /conversations/{conversation_id}/customers`: an admin (`admin_id`) or a user taking
/// part (`intercom_user_id`, `user_id` or `email`) adds the user `customer` names; answers the
/// conversation's customers.
pub fn add_customer_to_conversation(state: &mut State, call: &Call) -> Outcome {
    let seq = state
        .conversations
        .seq_of("id", call.path_param("conversation_id"))
        .ok_or_else(conversation_not_found)?;
    match call.body_text("admin_id") {
        Some(admin_id) => {
            workspace::admin(state, &admin_id)?;
        }
        None if names_someone(&call.body, CUSTOMER_KEYS) => {
            customer(state, &call.body, "intercom_user_id")?;
        }
        None => {
            return Err(Fault::missing("admin_id").with_message(
                "The customer is added by an admin_id, or by a user named by intercom_user_id, user_id or email",
            ));
        }
    }
    let named = call.body.get("customer").unwrap_or(&Value::Null);
    let added = shapes::reference(customer(state, named, "customer")?);
    let added_id = id_of(&added);
    let customers = state
        .conversations
        .update(seq, |conversation| {
            if !customers(conversation).iter().any(|c| has_id(c, &added_id)) {
                let mut list = customers(conversation).to_vec();
                list.push(added);
                conversation["customers"] = json!(list);
            }
            conversation["customers"].clone()
        })
        .ok_or_else(conversation_not_found)?;
    Ok(Reply::ok(json!({ "customers": customers })))
}

/// `DELETE /conversations/{conversation_id}/customers/{id}`: the admin `admin_id` removes the
/// customer `id`; answers the customers left.
pub fn delete_customer_to_conversation(state: &mut State, call: &Call) -> Outcome {
    let seq = state
        .conversations
        .seq_of("id", call.path_param("conversation_id"))
        .ok_or_else(conversation_not_found)?;
    let admin_id = call.require_body_text("admin_id")?;
    workspace::admin(state, &admin_id)?;
    let id = call.path_param("id");
    let customers = state
        .conversations
        .update(seq, |conversation| {
            let list = customers(conversation);
            if !list.iter().any(|c| has_id(c, id)) {
                return None;
            }
            let left: Vec<Value> = list.iter().filter(|c| !has_id(c, id)).cloned().collect();
            conversation["customers"] = json!(left);
            Some(conversation["customers"].clone())
        })
        .flatten()
        .ok_or_else(|| Fault::not_found("Customer Not Found"))?;
    Ok(Reply::ok(json!({ "customers": customers })))
}
