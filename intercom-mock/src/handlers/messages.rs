//! Messages and the conversations they start: a message from an admin to a user or lead, or
//! from a user to the workspace, each opening a conversation.

use serde_json::{Value, json};

use super::contacts::find;
use super::contacts::{PERSON_KEYS, names_someone, person, user_not_found};
use super::workspace;
use crate::call::{Call, Outcome, Reply, text};
use crate::fault::Fault;
use crate::shapes;
use crate::state::{Records, State};

fn conversations(state: &mut State) -> &mut Records {
    &mut state.conversations
}

fn messages(state: &mut State) -> &mut Records {
    &mut state.messages
}

/// `POST /messages`: a message from an admin (`from.type` `admin`) to the user or lead `to`
/// names, or from a user (`from.type` `user`) to the workspace. Either starts a conversation
/// (and tells subscriptions `conversation.admin.single.created` or
/// `conversation.user.created`); answers the message (`admin_message`, or `user_message` with
/// its `conversation_id`).
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
    let recipient = recipient(state, call)?;
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
    let conversation_id = start_conversation(
        state,
        Opening {
            customer: recipient,
            message_id: &message_id,
            subject: subject.as_deref(),
            body: &body,
            author: json!({ "type": "admin", "id": admin_id }),
            delivered_as: "admin_initiated",
            waiting_since: Value::Null,
            now: call.now,
        },
    );
    tell(state, "conversation.admin.single.created", &conversation_id);
    get_message(&state.messages, &message_id)
}

/// A reference to the user (or, with `type` `contact`, the lead) the body's `to` names by
/// `id`, `user_id` or `email`.
fn recipient(state: &State, call: &Call) -> Result<Value, Fault> {
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
    Ok(shapes::reference(recipient))
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
    let conversation_id = start_conversation(
        state,
        Opening {
            customer: author.clone(),
            message_id: &message_id,
            subject: subject.as_deref(),
            body: &body,
            author,
            delivered_as: "customer_initiated",
            waiting_since: json!(call.now),
            now: call.now,
        },
    );
    if let Some(seq) = state.messages.seq_of("id", &message_id) {
        state
            .messages
            .update(seq, |m| m["conversation_id"] = json!(conversation_id));
    }
    tell(state, "conversation.user.created", &conversation_id);
    get_message(&state.messages, &message_id)
}

/// What a new conversation starts from: the message, who wrote it and who it is with.
struct Opening<'a> {
    customer: Value,
    message_id: &'a str,
    subject: Option<&'a str>,
    body: &'a str,
    author: Value,
    delivered_as: &'static str,
    waiting_since: Value,
    now: i64,
}

/// Stores the conversation `opening` starts, open and unread; returns its id.
fn start_conversation(state: &mut State, opening: Opening) -> String {
    let conversation = shapes::conversation(
        &json!({
            "user": opening.customer,
            "customers": [opening.customer],
            "waiting_since": opening.waiting_since,
            "snoozed_until": null,
            "conversation_message": {
                "type": "conversation_message",
                "id": opening.message_id,
                "subject": opening.subject,
                "body": opening.body,
                "author": opening.author,
                "attachments": [],
                "url": null,
                "delivered_as": opening.delivered_as,
            },
            "conversation_parts": parts_list(Vec::new()),
        }),
        opening.now,
    );
    state.create(conversations, conversation)
}

/// Tells subscriptions `topic` about the conversation `id`.
fn tell(state: &mut State, topic: &'static str, id: &str) {
    if let Some(conversation) = state.conversations.get(id).cloned() {
        state.notify(topic, conversation);
    }
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
