//! Replies to conversations: to a given one or to a user's latest, by an admin (comments,
//! notes, assignment, opening, closing, snoozing) or by a customer (comments only).

use serde_json::{Value, json};

use super::contacts::id_of;
use super::contacts::timestamp;
use super::conversations::conversation_not_found;
use super::customers::{customer, involves};
use super::workspace::{self, admin_not_found};
use crate::call::{Call, Outcome, Reply};
use crate::fault::Fault;
use crate::shapes;
use crate::state::State;

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
/// open, close or snooze (`snooze_until`, or `message_type` `snoozed` with `snoozed_until`, as
/// the SDKs send it); a user (`type: user`, named by `intercom_user_id`,
/// `user_id` or `email`) may only comment, which reopens the conversation and leaves it
/// unread and waiting.
fn reply(state: &mut State, call: &Call, seq: u64) -> Outcome {
    let part = Part::read(state, call)?;
    let (_, part_id) = state.next_id();
    let now = call.now;
    let added = part.to_json(&part_id, now);
    let topic = part.topic();
    state.conversations.update(seq, |conversation| {
        add_part(conversation, added);
        part.apply(conversation, now);
    });
    let conversation = state
        .conversations
        .by_seq(seq)
        .cloned()
        .ok_or_else(conversation_not_found)?;
    if let Some(topic) = topic {
        state.notify(topic, conversation.clone());
    }
    Ok(Reply::ok(conversation))
}

/// `POST /conversations/{id}/run_assignment_rules`: the mock's one assignment rule assigns
/// an open conversation that is assigned to no one to the workspace's first team, with an
/// `assignment` part by the `bot`, and tells subscriptions `conversation.admin.assigned`. A
/// closed or already assigned conversation, or a workspace without teams, is left as it is.
/// Answers the conversation.
pub fn run_assignment_rules(state: &mut State, call: &Call) -> Outcome {
    let seq = state
        .conversations
        .seq_of("id", call.path_param("id"))
        .ok_or_else(conversation_not_found)?;
    let conversation = state
        .conversations
        .by_seq(seq)
        .cloned()
        .ok_or_else(conversation_not_found)?;
    let unassigned = conversation["assignee"]["type"].as_str() == Some("nobody_admin")
        || conversation["assignee"]
            .get("id")
            .is_none_or(Value::is_null);
    let open = conversation["open"].as_bool() != Some(false);
    let team = state.teams.iter().next().map(id_of);
    let (Some(team), true, true) = (team, unassigned, open) else {
        return Ok(Reply::ok(conversation));
    };
    let (_, part_id) = state.next_id();
    let assignee = json!({ "type": "team", "id": team });
    let part = Part {
        by_admin: true,
        message_type: "assignment".to_owned(),
        snooze_until: None,
        author: json!({ "type": "bot", "id": null }),
        body: None,
        attachments: Vec::new(),
        assigned_to: Some(assignee),
    };
    let added = part.to_json(&part_id, call.now);
    state.conversations.update(seq, |conversation| {
        add_part(conversation, added);
        part.apply(conversation, call.now);
    });
    let conversation = state
        .conversations
        .by_seq(seq)
        .cloned()
        .ok_or_else(conversation_not_found)?;
    state.notify("conversation.admin.assigned", conversation.clone());
    Ok(Reply::ok(conversation))
}

/// The part a reply adds, as the body describes it, checked but not yet added.
struct Part {
    /// Whether an admin replies (rather than a customer).
    by_admin: bool,
    /// The part's `part_type`: `comment`, `note`, `assignment`, `open`, `close` or `snoozed`.
    message_type: String,
    /// When a snoozed conversation wakes up.
    snooze_until: Option<i64>,
    /// Who replies: `{type: admin, id}`, or a reference to the customer.
    author: Value,
    body: Option<String>,
    attachments: Vec<Value>,
    /// The `{type, id}` of the new assignee, for an assignment.
    assigned_to: Option<Value>,
}

impl Part {
    /// Reads and checks the reply the body describes, before anything changes: a refused
    /// reply leaves the conversation as it was.
    fn read(state: &State, call: &Call) -> Result<Part, Fault> {
        let by_admin = match call.body_text("type").as_deref() {
            Some("admin") => true,
            Some(_) => false,
            None => call.body_text("admin_id").is_some(),
        };
        let snooze_until = ["snooze_until", "snoozed_until"]
            .iter()
            .find_map(|name| call.body.get(*name).and_then(Value::as_i64));
        // A snooze may leave the message type out: its part is `snoozed`.
        let message_type = call.body_text("message_type").unwrap_or_else(|| {
            if snooze_until.is_some() {
                "snoozed"
            } else {
                "comment"
            }
            .to_owned()
        });
        let author = author(state, call, by_admin, &message_type)?;
        let body = call.body_text("body");
        let attachments = attachments(call);
        if matches!(message_type.as_str(), "comment" | "note")
            && body.is_none()
            && attachments.is_empty()
        {
            return Err(
                Fault::missing("body").with_message(format!("A {message_type} needs a body"))
            );
        }
        let assigned_to = if message_type == "assignment" {
            Some(assignee(state, &call.require_body_text("assignee_id")?)?)
        } else {
            None
        };
        if message_type == "snoozed" && snooze_until.is_none() {
            return Err(Fault::missing("snoozed_until")
                .with_message("A snoozed reply needs the time it ends, snoozed_until"));
        }
        if snooze_until.is_some() && !by_admin {
            return Err(Fault::invalid(
                "snooze_until",
                "Only an admin can snooze a conversation",
            ));
        }
        Ok(Part {
            by_admin,
            message_type,
            snooze_until,
            author,
            body,
            attachments,
            assigned_to,
        })
    }

    /// The topic subscriptions are told: `conversation.user.replied` for a customer's
    /// comment; for an admin's part, `conversation.admin.` and `replied`, `noted`,
    /// `assigned`, `opened`, `closed` or `snoozed`.
    fn topic(&self) -> Option<&'static str> {
        if !self.by_admin {
            return Some("conversation.user.replied");
        }
        if self.snooze_until.is_some() {
            return Some("conversation.admin.snoozed");
        }
        match self.message_type.as_str() {
            "comment" => Some("conversation.admin.replied"),
            "note" => Some("conversation.admin.noted"),
            "assignment" => Some("conversation.admin.assigned"),
            "open" => Some("conversation.admin.opened"),
            "close" => Some("conversation.admin.closed"),
            _ => None,
        }
    }

    /// The `conversation_part` object, numbered `id`, created at `now`.
    fn to_json(&self, id: &str, now: i64) -> Value {
        json!({
            "type": "conversation_part",
            "id": id,
            "part_type": self.message_type,
            "body": self.body,
            "created_at": now,
            "updated_at": now,
            "notified_at": now,
            "assigned_to": self.assigned_to,
            "author": self.author,
            "attachments": self.attachments,
        })
    }

    /// What the reply does to the conversation besides adding its part: closes, opens,
    /// assigns or snoozes it; an admin's comment ends the wait, a user's comment reopens it
    /// and leaves it unread and waiting.
    fn apply(self, conversation: &mut Value, now: i64) {
        match self.message_type.as_str() {
            "close" => set_state(conversation, "closed", None),
            "open" => set_state(conversation, "open", None),
            "assignment" => {
                if let Some(assignee) = self.assigned_to {
                    conversation["assignee"] = assignee;
                }
            }
            _ => {}
        }
        if let Some(until) = self.snooze_until {
            set_state(conversation, "snoozed", Some(until));
        }
        if self.by_admin {
            if self.message_type == "comment" {
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
    }
}

/// Who replies: the admin `admin_id` names (who must exist), or else the customer the body
/// names, who can only comment.
fn author(state: &State, call: &Call, by_admin: bool, message_type: &str) -> Result<Value, Fault> {
    if by_admin {
        let admin_id = call.require_body_text("admin_id")?;
        workspace::admin(state, &admin_id)?;
        Ok(json!({ "type": "admin", "id": admin_id }))
    } else {
        if message_type != "comment" {
            return Err(Fault::invalid(
                "message_type",
                format!("A user can only reply with a comment, not {message_type:?}"),
            ));
        }
        Ok(shapes::reference(customer(
            state,
            &call.body,
            "intercom_user_id",
        )?))
    }
}

/// The attachments of the body's `attachment_urls`.
fn attachments(call: &Call) -> Vec<Value> {
    call.body
        .get("attachment_urls")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice)
        .iter()
        .filter_map(Value::as_str)
        .map(attachment)
        .collect()
}

/// Appends `part` to the conversation's parts and updates their `total_count`.
fn add_part(conversation: &mut Value, part: Value) {
    let parts = shapes::items_mut(conversation, "conversation_parts", "conversation_part.list");
    parts.push(part);
    let total = parts.len();
    if let Some(list) = conversation["conversation_parts"].as_object_mut() {
        list.insert("total_count".to_owned(), json!(total));
    }
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
