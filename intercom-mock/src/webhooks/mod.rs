//! Webhook notifications: what changed during a call ([`Happening`]), which subscriptions it
//! concerns, the `notification_event` each is told with, and the feeds of what was sent and
//! what failed. [`deliver`] sends them.
//!
//! Handlers only record what happened ([`crate::state::State::notify`]); once the call is
//! handled, [`deliveries`] turns the record into one notification per subscription that
//! covers it, still under the state lock, and the server hands them to the delivery task
//! after releasing it.

pub mod deliver;
pub mod signature;

use std::collections::VecDeque;

use serde_json::{Value, json};

use crate::shapes;
use crate::state::{State, id_text};

/// At most this many notifications are kept in each feed of a subscription (the newest).
pub const FEED_LIMIT: usize = 500;

/// Something a call changed that a subscription may be told about.
#[derive(Debug, Clone, PartialEq)]
pub struct Happening {
    /// The topic (`user.created`).
    pub topic: &'static str,
    /// The object the topic is about, in the REST form (`data.item` of the notification).
    pub item: Value,
    /// Only for this subscription (a `ping`), instead of every subscription covering the
    /// topic.
    pub only: Option<String>,
}

impl Happening {
    /// `topic` happened to `item`.
    pub fn new(topic: &'static str, item: Value) -> Self {
        Happening {
            topic,
            item,
            only: None,
        }
    }

    /// A `ping` for the subscription `id` alone.
    pub fn ping(id: &str) -> Self {
        Happening {
            topic: "ping",
            item: json!({
                "type": "ping",
                "message": "A ping from intercom-mock",
            }),
            only: Some(id.to_owned()),
        }
    }
}

/// What a subscription was sent, and what could not be delivered; newest first.
#[derive(Debug, Clone, Default)]
pub struct Feeds {
    /// Delivered notifications.
    pub sent: VecDeque<Value>,
    /// Notifications whose every delivery attempt failed, each with its `http_request`.
    pub error: VecDeque<Value>,
}

impl Feeds {
    /// Records a delivered notification.
    pub fn sent(&mut self, notification: Value) {
        push(&mut self.sent, notification);
    }

    /// Records a notification that could not be delivered.
    pub fn failed(&mut self, notification: Value) {
        push(&mut self.error, notification);
    }
}

fn push(feed: &mut VecDeque<Value>, notification: Value) {
    feed.push_front(notification);
    feed.truncate(FEED_LIMIT);
}

/// One notification to send to one subscription.
#[derive(Debug, Clone)]
pub struct Delivery {
    /// The subscription's id.
    pub subscription: String,
    /// Where to POST it.
    pub url: String,
    /// The key of its `X-Hub-Signature`; unsigned when `None`.
    pub secret: Option<String>,
    /// The `notification_event`, as first sent.
    pub notification: Value,
    /// The state generation it belongs to: a reset in between drops it.
    pub epoch: u64,
}

/// Empties the state's outbox into one delivery per active subscription covering each
/// happening, in the order they happened.
pub fn deliveries(state: &mut State, epoch: u64, now: i64) -> Vec<Delivery> {
    let happenings = std::mem::take(&mut state.outbox);
    if happenings.is_empty() || state.subscriptions.len() == 0 {
        return Vec::new();
    }
    let app_id = state.app_id();
    let mut out = Vec::new();
    for happening in happenings {
        let targets: Vec<(String, String, Option<String>)> = state
            .subscriptions
            .iter()
            .filter(|sub| covers(sub, &happening))
            .filter_map(|sub| {
                let id = sub.get("id").and_then(id_text)?;
                let url = sub.get("url").and_then(Value::as_str)?.to_owned();
                let secret = sub
                    .get("hub_secret")
                    .and_then(Value::as_str)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned);
                Some((id, url, secret))
            })
            .collect();
        for (subscription, url, secret) in targets {
            let id = format!("notif_{}", state.uuid());
            let notification = envelope(&app_id, &id, &happening, now);
            out.push(Delivery {
                subscription,
                url,
                secret,
                notification,
                epoch,
            });
        }
    }
    out
}

/// Whether the subscription `sub` is told about `happening`.
///
/// An inactive subscription is told nothing. A `ping` goes to the subscription it is for. A
/// topic is covered when the subscription lists it, its family (`user` for `user.created`;
/// `conversation`, `company`, `contact`, `visitor`) or `all`; `event.created` also needs the
/// event's name among the subscription's `metadata.event_names`.
pub fn covers(sub: &Value, happening: &Happening) -> bool {
    if sub.get("active").and_then(Value::as_bool) == Some(false) {
        return false;
    }
    if let Some(only) = &happening.only {
        return sub.get("id").and_then(id_text).as_deref() == Some(only.as_str());
    }
    let topics: Vec<&str> = sub
        .get("topics")
        .and_then(Value::as_array)
        .map(|topics| topics.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let topic = happening.topic;
    let family = topic.split('.').next().unwrap_or(topic);
    let listed = topics
        .iter()
        .any(|t| *t == topic || *t == "all" || (*t == family && family != "event"));
    if topic != "event.created" {
        return listed;
    }
    let name = happening.item.get("event_name").and_then(Value::as_str);
    let names = sub
        .pointer("/metadata/event_names")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    listed && name.is_some_and(|name| names.iter().any(|n| n.as_str() == Some(name)))
}

/// The `notification_event` telling `happening`, as first sent.
fn envelope(app_id: &str, id: &str, happening: &Happening, now: i64) -> Value {
    json!({
        "type": "notification_event",
        "app_id": app_id,
        "id": id,
        "topic": happening.topic,
        "delivery_status": "pending",
        "delivery_attempts": 1,
        "delivered_at": 0,
        "first_sent_at": now,
        "created_at": now,
        "self": null,
        "links": {},
        "data": {
            "type": "notification_event_data",
            "item": webhook_item(&happening.item),
        },
    })
}

/// The times of user, lead, visitor and company items that notifications carry as ISO 8601
/// text, where the REST API sends Unix seconds.
const ISO_TIMES: &[&str] = &[
    "created_at",
    "updated_at",
    "last_request_at",
    "signed_up_at",
    "remote_created_at",
];

/// `item` as a notification carries it: a user's, lead's, visitor's or company's times (also
/// those of the user or lead inside a `user_tag` or `contact_tag`) become ISO 8601 text, as
/// in Intercom's deliveries; conversations and events keep Unix seconds.
pub fn webhook_item(item: &Value) -> Value {
    let mut item = item.clone();
    match item.get("type").and_then(Value::as_str) {
        Some("user" | "contact" | "lead" | "visitor" | "company") => iso_times(&mut item),
        Some("user_tag") => iso_times(&mut item["user"]),
        Some("contact_tag") => iso_times(&mut item["contact"]),
        _ => {}
    }
    item
}

fn iso_times(object: &mut Value) {
    for key in ISO_TIMES {
        if let Some(seconds) = object.get(*key).and_then(Value::as_i64) {
            object[*key] = json!(shapes::iso8601(seconds));
        }
    }
}

/// The short form of a removed user or lead that `user.deleted` and `contact.deleted` carry.
pub fn removed(person: &Value) -> Value {
    json!({
        "type": person["type"],
        "id": person["id"],
        "user_id": person["user_id"],
        "email": person["email"],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sub(topics: Value) -> Value {
        json!({ "id": "nsub_1", "active": true, "topics": topics, "metadata": {} })
    }

    #[test]
    fn topics_families_and_all_cover_a_topic() {
        let created = Happening::new("user.created", json!({"type": "user"}));
        assert!(covers(&sub(json!(["user.created"])), &created));
        assert!(covers(&sub(json!(["user"])), &created));
        assert!(covers(&sub(json!(["all"])), &created));
        assert!(!covers(&sub(json!(["user.deleted", "company"])), &created));
        let mut inactive = sub(json!(["all"]));
        inactive["active"] = json!(false);
        assert!(!covers(&inactive, &created));
        // `conversation` is not `conversation_part`.
        let tagged = Happening::new("conversation_part.tag.created", json!({}));
        assert!(!covers(&sub(json!(["conversation"])), &tagged));
    }

    #[test]
    fn events_need_their_name_listed() {
        let event = Happening::new(
            "event.created",
            json!({"type": "event", "event_name": "ordered"}),
        );
        let mut listed = sub(json!(["event.created"]));
        assert!(!covers(&listed, &event));
        listed["metadata"] = json!({"event_names": ["ordered"]});
        assert!(covers(&listed, &event));
        listed["metadata"] = json!({"event_names": ["shipped"]});
        assert!(!covers(&listed, &event));
    }

    #[test]
    fn a_ping_goes_to_its_subscription_only() {
        let ping = Happening::ping("nsub_1");
        assert!(covers(&sub(json!(["user.created"])), &ping));
        let mut other = sub(json!(["all"]));
        other["id"] = json!("nsub_2");
        assert!(!covers(&other, &ping));
    }

    #[test]
    fn contact_times_become_iso_8601() {
        let user = json!({"type": "user", "created_at": 0, "session_count": 3});
        let item = webhook_item(&user);
        assert_eq!(item["created_at"], "1970-01-01T00:00:00.000Z");
        assert_eq!(item["session_count"], 3);
        let tagging = webhook_item(&json!({"type": "user_tag", "user": user, "created_at": 5}));
        assert_eq!(tagging["user"]["created_at"], "1970-01-01T00:00:00.000Z");
        assert_eq!(tagging["created_at"], 5);
        let conversation = json!({"type": "conversation", "created_at": 7});
        assert_eq!(webhook_item(&conversation), conversation);
    }
}
