//! Conversations: reading one (bodies as plain text on request), listing them by assignee,
//! customer, state and read status, marking one as read, and adding or removing customers.

use serde_json::{Value, json};

use super::contacts::sorted;
use super::contacts::{has_id, id_of, names_someone};
use super::customers::{CUSTOMER_KEYS, customer, customers, involves};
use super::workspace;
use crate::call::{Call, Outcome, Reply};
use crate::fault::Fault;
use crate::lists;
use crate::shapes;
use crate::state::State;

/// 404 `not_found` for a conversation.
pub fn conversation_not_found() -> Fault {
    Fault::not_found("Conversation Not Found")
}

/// `GET /conversations/{id}`; with `display_as=plaintext` the message and part bodies lose
/// their HTML.
pub fn get_conversation(state: &mut State, call: &Call) -> Outcome {
    let conversation = state
        .conversations
        .get(call.path_param("id"))
        .ok_or_else(conversation_not_found)?;
    Ok(Reply::ok(displayed(conversation, call)))
}

/// `conversation` as the call asks to see it: bodies as plain text with `display_as=plaintext`.
fn displayed(conversation: &Value, call: &Call) -> Value {
    let mut conversation = conversation.clone();
    if call.query("display_as") == Some("plaintext") {
        if let Some(body) = conversation.pointer_mut("/conversation_message/body") {
            plain(body);
        }
        if let Some(Value::Array(parts)) =
            conversation.pointer_mut("/conversation_parts/conversation_parts")
        {
            for part in parts {
                if let Some(body) = part.get_mut("body") {
                    plain(body);
                }
            }
        }
    }
    conversation
}

/// Replaces an HTML string with its text.
fn plain(body: &mut Value) {
    if let Some(html) = body.as_str() {
        *body = json!(strip_html(html));
    }
}

/// The text of `html`: tags dropped (line breaks for `<br>` and the end of a paragraph, div or
/// list item), the common entities decoded, surrounding blank space trimmed.
fn strip_html(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        text.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('>') else {
            // An unclosed `<` is text.
            text.push_str(&rest[start..]);
            rest = "";
            break;
        };
        let tag = rest[start + 1..start + end]
            .trim()
            .trim_end_matches('/')
            .trim()
            .to_ascii_lowercase();
        if matches!(tag.as_str(), "br" | "/p" | "/div" | "/li") {
            text.push('\n');
        }
        rest = &rest[start + end + 1..];
    }
    text.push_str(rest);
    let decoded = text
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    decoded.trim().to_owned()
}

/// `GET /conversations`: a page of conversations, filtered by assignee (`type=admin` with
/// `admin_id`, `nobody` for unassigned ones), by customer (`type=user` with
/// `intercom_user_id`, `user_id` or `email`), by `open` and by `unread=true`; sorted by `sort`
/// (`updated_at` by default), newest first unless `order=asc`.
pub fn list_conversations(state: &mut State, call: &Call) -> Outcome {
    let admin_id = call.query("admin_id");
    if call.query("type") == Some("admin") && admin_id.is_none() {
        return Err(Fault::missing("admin_id").with_message("type=admin needs an admin_id"));
    }
    let query_named = json!({
        "intercom_user_id": call.query("intercom_user_id"),
        "user_id": call.query("user_id"),
        "email": call.query("email"),
    });
    let customer_id =
        if call.query("type") == Some("user") || names_someone(&query_named, CUSTOMER_KEYS) {
            Some(id_of(customer(state, &query_named, "intercom_user_id")?))
        } else {
            None
        };
    let open = call.query("open").map(|open| open == "true");
    let unread_only = call.query_flag("unread");
    let matching = state.conversations.entries().filter(|(_, c)| {
        admin_id.is_none_or(|id| assigned_to(c, id))
            && customer_id.as_deref().is_none_or(|id| involves(c, id))
            && open.is_none_or(|open| c["open"].as_bool() == Some(open))
            && (!unread_only || c["read"].as_bool() != Some(true))
    });
    let sorted: Vec<Value> = sorted(
        matching,
        call.query("sort").unwrap_or("updated_at"),
        call.query("order"),
    )
    .into_iter()
    .map(|c| displayed(c, call))
    .collect();
    lists::page(call, "conversation.list", &sorted)
}

/// Whether `conversation` is assigned to the admin `id` (`nobody`: to no one).
fn assigned_to(conversation: &Value, id: &str) -> bool {
    let assignee = &conversation["assignee"];
    let unassigned = assignee["type"].as_str() == Some("nobody_admin")
        || assignee.get("id").is_none_or(Value::is_null);
    if id == "nobody" {
        unassigned
    } else {
        !unassigned && has_id(assignee, id)
    }
}

/// `PUT /conversations/{id}`: sets `read` (true unless the body says false) and answers the
/// conversation.
pub fn mark_conversation_as_read(state: &mut State, call: &Call) -> Outcome {
    let id = call.path_param("id");
    let seq = state
        .conversations
        .seq_of("id", id)
        .ok_or_else(conversation_not_found)?;
    let read = call
        .body
        .get("read")
        .and_then(Value::as_bool)
        .unwrap_or(true);
    state
        .conversations
        .update(seq, |conversation| conversation["read"] = json!(read));
    let conversation = state
        .conversations
        .get(id)
        .ok_or_else(conversation_not_found)?;
    Ok(Reply::ok(conversation.clone()))
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
