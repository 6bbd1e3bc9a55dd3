//! Webhook subscriptions: creating, listing, reading, changing and deleting them, pinging
//! one, and the feeds of what each was sent and what could not be delivered. What is sent,
//! and when, is [`crate::webhooks`]'s business.

use serde_json::{Value, json};

use crate::call::{Call, Outcome, Reply, text};
use crate::fault::Fault;
use crate::lists;
use crate::state::{Records, State};
use crate::webhooks::Happening;

/// An app has at most this many subscriptions made through the API.
pub const MAX_SUBSCRIPTIONS: usize = 250;

fn subscriptions(state: &mut State) -> &mut Records {
    &mut state.subscriptions
}

/// 404 `not_found` for a subscription.
fn not_found() -> Fault {
    Fault::not_found("Subscription Not Found")
}

/// `POST /subscriptions`: a subscription of `url` to `topics` (both required), active unless
/// `active` is false, signed when it has a `hub_secret`. Listing `event.created` needs
/// `metadata.event_names`. `ping` is always subscribed.
pub fn create_subscription(state: &mut State, call: &Call) -> Outcome {
    if state.subscriptions.len() >= MAX_SUBSCRIPTIONS {
        return Err(Fault::bad_request(format!(
            "An app has at most {MAX_SUBSCRIPTIONS} subscriptions"
        )));
    }
    let url = checked_url(&call.require_body_text("url")?)?;
    let topics = checked_topics(call.body.get("topics"))?;
    let metadata = call
        .body
        .get("metadata")
        .filter(|m| m.is_object())
        .cloned()
        .unwrap_or_else(|| json!({}));
    check_event_names(&topics, &metadata)?;
    let id = format!("nsub_{}", state.uuid());
    let subscription = json!({
        "type": "notification_subscription",
        "id": id,
        "created_at": call.now,
        "updated_at": call.now,
        "service_type": "web",
        "app_id": state.app_id(),
        "url": url,
        "self": format!("{}/subscriptions/{id}", call.base_url),
        "topics": topics,
        "active": call.body.get("active").and_then(Value::as_bool).unwrap_or(true),
        "metadata": metadata,
        "hub_secret": call.body_text("hub_secret"),
        "mode": "point",
        "links": {
            "sent": format!("{}/subscriptions/{id}/sent", call.base_url),
            "errors": format!("{}/subscriptions/{id}/error", call.base_url),
        },
        "notes": [],
    });
    state.create(subscriptions, subscription);
    get(state, &id)
}

/// `GET /subscriptions`: every subscription, oldest first, under `items`.
pub fn list_subscriptions(state: &mut State, call: &Call) -> Outcome {
    lists::whole(
        call,
        "notification_subscription.list",
        state.subscriptions.iter(),
    )
}

/// `GET /subscriptions/{id}`.
pub fn get_subscription(state: &mut State, call: &Call) -> Outcome {
    get(state, call.path_param("id"))
}

/// `POST /subscriptions/{id}`: changes the fields the body gives; `topics` replaces the whole
/// list.
pub fn update_subscription(state: &mut State, call: &Call) -> Outcome {
    let id = call.path_param("id");
    let seq = state.subscriptions.seq_of("id", id).ok_or_else(not_found)?;
    let current = state
        .subscriptions
        .by_seq(seq)
        .cloned()
        .ok_or_else(not_found)?;
    let url = match call.body.get("url").filter(|v| !v.is_null()) {
        Some(url) => json!(checked_url(&text(url).unwrap_or_default())?),
        None => current["url"].clone(),
    };
    let topics = match call.body.get("topics").filter(|v| !v.is_null()) {
        Some(topics) => json!(checked_topics(Some(topics))?),
        None => current["topics"].clone(),
    };
    let metadata = match call.body.get("metadata") {
        Some(metadata) if metadata.is_object() => metadata.clone(),
        _ => current["metadata"].clone(),
    };
    let names: Vec<String> = topics
        .as_array()
        .map(|t| t.iter().filter_map(text).collect())
        .unwrap_or_default();
    check_event_names(&names, &metadata)?;
    let active = call.body.get("active").and_then(Value::as_bool);
    let hub_secret = call.body.get("hub_secret").filter(|v| !v.is_null());
    let now = call.now;
    state.subscriptions.update(seq, |subscription| {
        subscription["url"] = url;
        subscription["topics"] = topics;
        subscription["metadata"] = metadata;
        if let Some(active) = active {
            subscription["active"] = json!(active);
        }
        if let Some(secret) = hub_secret {
            // An empty secret stops signing.
            subscription["hub_secret"] = json!(text(secret));
        }
        subscription["updated_at"] = json!(now);
    });
    get(state, id)
}

/// `DELETE /subscriptions/{id}`: removes the subscription and its feeds; answers it.
pub fn delete_subscription(state: &mut State, call: &Call) -> Outcome {
    let id = call.path_param("id");
    let subscription = state.subscriptions.remove(id).ok_or_else(not_found)?;
    state.feeds.remove(id);
    Ok(Reply::ok(subscription))
}

/// `POST /subscriptions/{id}/ping`: sends the subscription a `ping` notification (unless it
/// is inactive); answers 200 with an empty body.
pub fn ping_subscription(state: &mut State, call: &Call) -> Outcome {
    let id = call.path_param("id");
    state.subscriptions.get(id).ok_or_else(not_found)?;
    state.outbox.push(Happening::ping(id));
    Ok(Reply::empty(200))
}

/// `GET /subscriptions/{id}/sent`: a page of the notifications delivered, newest first.
pub fn list_subscription_sent_notifications(state: &mut State, call: &Call) -> Outcome {
    let id = call.path_param("id");
    state.subscriptions.get(id).ok_or_else(not_found)?;
    let sent = state.feeds.get(id).map(|feeds| &feeds.sent);
    lists::page(call, "notification.list", sent.into_iter().flatten())
}

/// `GET /subscriptions/{id}/error`: a page of the notifications that could not be delivered,
/// newest first, each with the last failed request and its answer in `http_request`.
pub fn list_subscription_error_notifications(state: &mut State, call: &Call) -> Outcome {
    let id = call.path_param("id");
    state.subscriptions.get(id).ok_or_else(not_found)?;
    let failed = state.feeds.get(id).map(|feeds| &feeds.error);
    lists::page(call, "notification.list", failed.into_iter().flatten())
}

fn get(state: &State, id: &str) -> Outcome {
    Ok(Reply::ok(
        state.subscriptions.get(id).cloned().ok_or_else(not_found)?,
    ))
}

/// `url` when it is an absolute `http` or `https` URL; 400 on `url` otherwise.
fn checked_url(url: &str) -> Result<String, Fault> {
    match url::Url::parse(url) {
        Ok(parsed) if matches!(parsed.scheme(), "http" | "https") => Ok(url.to_owned()),
        _ => Err(Fault::invalid(
            "url",
            format!("url must be an absolute http or https URL, not {url:?}"),
        )),
    }
}

/// The topics of a body: a non-empty list (the body's shape already checked each is a known
/// topic or family).
fn checked_topics(topics: Option<&Value>) -> Result<Vec<String>, Fault> {
    let topics: Vec<String> = topics
        .and_then(Value::as_array)
        .map(|t| t.iter().filter_map(text).collect())
        .unwrap_or_default();
    if topics.is_empty() {
        return Err(Fault::missing("topics").with_message("topics needs at least one topic"));
    }
    Ok(topics)
}

/// Refuses `event.created` among `topics` without `metadata.event_names`.
fn check_event_names(topics: &[String], metadata: &Value) -> Result<(), Fault> {
    let named = metadata
        .get("event_names")
        .and_then(Value::as_array)
        .is_some_and(|names| names.iter().any(|n| text(n).is_some()));
    if topics.iter().any(|t| t == "event.created") && !named {
        return Err(Fault::missing("metadata.event_names").with_message(
            "event.created needs the event names to notify in metadata.event_names",
        ));
    }
    Ok(())
}
