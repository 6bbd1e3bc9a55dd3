//! Messages and the conversations they start: sending a message, reading and listing
//! conversations, replying (comments, notes, assignment, opening, closing, snoozing), marking
//! as read, and adding or removing customers.

use serde_json::{Value, json};

use super::contacts::{find, sorted, timestamp};
use super::notes::{PERSON_KEYS, has_id, id_of, names_someone, person, user_not_found};
use super::workspace::{self, admin_not_found};
use crate::call::{Call, Outcome, Reply, text};
use crate::fault::Fault;
use crate::lists;
use crate::shapes;
use crate::state::{Records, State};

fn conversations(state: &mut State) -> &mut Records {
    &mut state.conversations
}

fn messages(state: &mut State) -> &mut Records {
    &mut state.messages
}

/// The keys a body or query names a customer by, the first being Intercom's own id.
const CUSTOMER_KEYS: &[&str] = &["intercom_user_id", "user_id", "email"];

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
fn customer<'a>(state: &'a State, source: &Value, field: &str) -> Result<&'a Value, Fault> {
    if !names_someone(source, CUSTOMER_KEYS) {
        return Err(Fault::missing(field).with_message(format!(
            "{field} needs an intercom_user_id, a user_id or an email"
        )));
    }
    person(state, &customer_named(source)).ok_or_else(user_not_found)
}

/// 404 `not_found` for a conversation.
fn conversation_not_found() -> Fault {
    Fault::not_found("Conversation Not Found")
}

/// `POST /messages`: a message from an admin (`from.type` `admin`) to the user or lead `to`
/// names, or from a user (`from.type` `user`) to the workspace. Either starts a conversation;
/// answers the message (`admin_message`, or `user_message` with its `conversation_id`).
pub fn post_message(state: &mut State, call: &Call) -> Outcome {
    let from = call
        .body
        .get("from")
        .filter(|from| from.is_object())
        .ok_or_else(|| Fault::missing("from"))?;
    let body = call.require_body_text("body")?;
    match from.get("type").and_then(Value::as_str) {
        Some("admin") => admin_message(state, call, from, body),
        Some(_) => user_message(state, call, from, body),
        None => Err(Fault::missing("from.type")),
    }
}

fn admin_message(state: &mut State, call: &Call, from: &Value, body: String) -> Outcome {
    let admin_id = from
        .get("id")
        .and_then(text)
        .ok_or_else(|| Fault::missing("from.id"))?;
    let owner = workspace::admin(state, &admin_id)?.clone();
    let to = call
        .body
        .get("to")
        .filter(|to| to.is_object())
        .ok_or_else(|| Fault::missing("to"))?;
    if !names_someone(to, PERSON_KEYS) {
        return Err(Fault::missing("to.id")
            .with_message("to needs an id, a user_id or an email to name the recipient"));
    }
    let recipient = match to.get("type").and_then(Value::as_str) {
        Some("contact") => find(&state.leads, to, PERSON_KEYS)
            .and_then(|seq| state.leads.by_seq(seq))
            .ok_or_else(|| Fault::not_found("Contact Not Found"))?,
        _ => find(&state.users, to, PERSON_KEYS)
            .and_then(|seq| state.users.by_seq(seq))
            .ok_or_else(user_not_found)?,
    };
    let recipient = shapes::reference(recipient);
    let message_type = call
        .body_text("message_type")
        .unwrap_or_else(|| "inapp".to_owned());
    let subject = call.body_text("subject");
    if message_type == "email" && subject.is_none() {
        return Err(Fault::missing("subject").with_message("An email message needs a subject"));
    }
    let template = call
        .body_text("template")
        .or_else(|| (message_type == "email").then(|| "plain".to_owned()));
    let message = json!({
        "type": "admin_message",
        "created_at": call.now,
        "message_type": message_type,
        "subject": subject,
        "body": body,
        "template": template,
        "owner": owner,
    });
    let message_id = state.create(messages, message);
    let conversation = shapes::conversation(
        &json!({
            "user": recipient,
            "customers": [recipient],
            "waiting_since": null,
            "snoozed_until": null,
            "conversation_message": {
                "type": "conversation_message",
                "id": message_id,
                "subject": subject,
                "body": body,
                "author": { "type": "admin", "id": admin_id },
                "attachments": [],
                "url": null,
                "delivered_as": "admin_initiated",
            },
            "conversation_parts": parts_list(Vec::new()),
        }),
        call.now,
    );
    state.create(conversations, conversation);
    get_message(&state.messages, &message_id)
}

fn user_message(state: &mut State, call: &Call, from: &Value, body: String) -> Outcome {
    if !names_someone(from, PERSON_KEYS) {
        return Err(Fault::missing("from.id")
            .with_message("from needs an id, a user_id or an email to name the user"));
    }
    let author = shapes::reference(person(state, from).ok_or_else(user_not_found)?);
    let subject = call.body_text("subject");
    let message = json!({
        "type": "user_message",
        "created_at": call.now,
        "message_type": "inapp",
        "subject": subject,
        "body": body,
    });
    let message_id = state.create(messages, message);
    let conversation = shapes::conversation(
        &json!({
            "user": author,
            "customers": [author],
            "waiting_since": call.now,
            "snoozed_until": null,
            "conversation_message": {
                "type": "conversation_message",
                "id": message_id,
                "subject": subject,
                "body": body,
                "author": author,
                "attachments": [],
                "url": null,
                "delivered_as": "customer_initiated",
            },
            "conversation_parts": parts_list(Vec::new()),
        }),
        call.now,
    );
    let conversation_id = state.create(conversations, conversation);
    if let Some(seq) = state.messages.seq_of("id", &message_id) {
        state
            .messages
            .update(seq, |m| m["conversation_id"] = json!(conversation_id));
    }
    get_message(&state.messages, &message_id)
}

fn get_message(records: &Records, id: &str) -> Outcome {
    let message = records
        .get(id)
        .ok_or_else(|| Fault::not_found("Message Not Found"))?;
    Ok(Reply::ok(message.clone()))
}

/// A wrapped `conversation_parts` list holding `parts`, with its `total_count`.
fn parts_list(parts: Vec<Value>) -> Value {
    let total = parts.len();
    json!({ "type": "conversation_part.list", "conversation_parts": parts, "total_count": total })
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

/// Whether the person `id` takes part in `conversation` (its `user` or one of its
/// `customers`).
fn involves(conversation: &Value, id: &str) -> bool {
    has_id(&conversation["user"], id) || customers(conversation).iter().any(|c| has_id(c, id))
}

fn customers(conversation: &Value) -> &[Value] {
    conversation["customers"]
        .as_array()
        .map_or(&[], Vec::as_slice)
}

/// `POST /conversations/{conversation_id}/reply`.
pub fn post_reply(state: &mut State, call: &Call) -> Outcome {
    let seq = state
        .conversations
        .seq_of("id", call.path_param("conversation_id"))
        .ok_or_else(conversation_not_found)?;
    reply(state, call, seq)
}

/// `POST /conversations/last/reply`: replies to the most recently updated conversation of the
/// user the body names by `intercom_user_id`, `user_id` or `email`.
pub fn post_reply_to_last_conversation(state: &mut State, call: &Call) -> Outcome {
    let user_id = id_of(customer(state, &call.body, "intercom_user_id")?);
    let seq = state
        .conversations
        .entries()
        .filter(|(_, c)| involves(c, &user_id))
        .max_by_key(|(seq, c)| (timestamp(c, "updated_at"), *seq))
        .map(|(seq, _)| seq)
        .ok_or_else(conversation_not_found)?;
    reply(state, call, seq)
}

/// Adds the part the body describes to the conversation `seq` and applies its effect.
///
/// An admin (`type: admin`, `admin_id`) may comment, leave a note, assign (`assignee_id`),
/// open, close or snooze (`snooze_until`); a user (`type: user`, named by `intercom_user_id`,
/// `user_id` or `email`) may only comment, which reopens the conversation and leaves it
/// unread and waiting.
fn reply(state: &mut State, call: &Call, seq: u64) -> Outcome {
    let by_admin = match call.body_text("type").as_deref() {
        Some("admin") => true,
        Some(_) => false,
        None => call.body_text("admin_id").is_some(),
    };
    let snooze_until = call.body.get("snooze_until").and_then(Value::as_i64);
    // A snooze needs no message type of its own (the enum has none): its part is `snoozed`.
    let message_type = call.body_text("message_type").unwrap_or_else(|| {
        if snooze_until.is_some() {
            "snoozed"
        } else {
            "comment"
        }
        .to_owned()
    });
    let author = if by_admin {
        let admin_id = call.require_body_text("admin_id")?;
        workspace::admin(state, &admin_id)?;
        json!({ "type": "admin", "id": admin_id })
    } else {
        if message_type != "comment" {
            return Err(Fault::invalid(
                "message_type",
                format!("A user can only reply with a comment, not {message_type:?}"),
            ));
        }
        shapes::reference(customer(state, &call.body, "intercom_user_id")?)
    };
    let body = call.body_text("body");
    let attachments: Vec<Value> = call
        .body
        .get("attachment_urls")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice)
        .iter()
        .filter_map(Value::as_str)
        .map(attachment)
        .collect();
    if matches!(message_type.as_str(), "comment" | "note")
        && body.is_none()
        && attachments.is_empty()
    {
        return Err(Fault::missing("body").with_message(format!("A {message_type} needs a body")));
    }
    let assigned_to = if message_type == "assignment" {
        Some(assignee(state, &call.require_body_text("assignee_id")?)?)
    } else {
        None
    };
    if snooze_until.is_some() && !by_admin {
        return Err(Fault::invalid(
            "snooze_until",
            "Only an admin can snooze a conversation",
        ));
    }
    let (_, part_id) = state.next_id();
    let now = call.now;
    let part = json!({
        "type": "conversation_part",
        "id": part_id,
        "part_type": message_type,
        "body": body,
        "created_at": now,
        "updated_at": now,
        "notified_at": now,
        "assigned_to": assigned_to,
        "author": author,
        "attachments": attachments,
    });
    state.conversations.update(seq, |conversation| {
        let parts = shapes::items_mut(conversation, "conversation_parts", "conversation_part.list");
        parts.push(part);
        let total = parts.len();
        if let Some(list) = conversation["conversation_parts"].as_object_mut() {
            list.insert("total_count".to_owned(), json!(total));
        }
        match message_type.as_str() {
            "close" => set_state(conversation, "closed", None),
            "open" => set_state(conversation, "open", None),
            "assignment" => {
                if let Some(assignee) = assigned_to {
                    conversation["assignee"] = assignee;
                }
            }
            _ => {}
        }
        if let Some(until) = snooze_until {
            set_state(conversation, "snoozed", Some(until));
        }
        if by_admin {
            if message_type == "comment" {
                conversation["waiting_since"] = Value::Null;
            }
        } else {
            if conversation["state"].as_str() != Some("open") {
                set_state(conversation, "open", None);
            }
            conversation["read"] = json!(false);
            if conversation["waiting_since"].is_null() {
                conversation["waiting_since"] = json!(now);
            }
        }
        conversation["updated_at"] = json!(now);
    });
    let conversation = state
        .conversations
        .by_seq(seq)
        .ok_or_else(conversation_not_found)?;
    Ok(Reply::ok(conversation.clone()))
}

/// Sets `state` (`open`, `closed` or `snoozed`), `open` to match, and `snoozed_until`.
fn set_state(conversation: &mut Value, state: &str, snoozed_until: Option<i64>) {
    conversation["state"] = json!(state);
    conversation["open"] = json!(state != "closed");
    conversation["snoozed_until"] = json!(snoozed_until);
}

/// An attachment object for an `attachment_urls` entry.
fn attachment(url: &str) -> Value {
    let name = url
        .split(['?', '#'])
        .next()
        .and_then(|path| path.rsplit('/').next())
        .unwrap_or(url);
    json!({ "type": "upload", "name": name, "url": url })
}

/// The `{type, id}` of the admin or team `id` a conversation is assigned to.
fn assignee(state: &State, id: &str) -> Result<Value, Fault> {
    if state.admins.get(id).is_some() {
        Ok(json!({ "type": "admin", "id": id }))
    } else if state.teams.get(id).is_some() {
        Ok(json!({ "type": "team", "id": id }))
    } else {
        Err(admin_not_found().on("assignee_id"))
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
