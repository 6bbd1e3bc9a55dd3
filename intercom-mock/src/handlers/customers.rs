//! Who a conversation's customer is: naming one (by `intercom_user_id`, `user_id` or email),
//! and whether someone takes part in a conversation. Adding and removing customers are
//! conversation calls (`conversations`).

use serde_json::{Value, json};

use super::contacts::{has_id, names_someone, person, user_not_found};
use crate::fault::Fault;
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
pub fn customers(conversation: &Value) -> &[Value] {
    conversation["customers"]
        .as_array()
        .map_or(&[], Vec::as_slice)
}
