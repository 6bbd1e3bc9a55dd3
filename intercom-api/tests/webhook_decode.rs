//! Decoding `notification_event` deliveries (`tests/fixtures/webhooks/*.json`, written from the
//! shapes Intercom's 1.x webhooks send): the envelope, the item typed by its `type` (or by the
//! topic's family), timestamps in all three forms, and a round trip that gives back the body.
//!
//! # What "gives back the body" means
//!
//! [`round_trip`] serializes the decoded notification and compares it with the fixture. They
//! must be identical, except for what every model normalizes by design, listed per test so
//! that nothing else can hide: wrapped lists (`{"type": "tag.list", "tags": […]}`) come back
//! as plain arrays, and a `null` in a known field is dropped. Everything else comes back as
//! it arrived: numbers (`49` stays `49`, `"49.5"` a string) and timestamps in their form.

mod roundtrip_support;

use intercom_api::types::Topic;
use intercom_api::webhook::{NotificationItem, WebhookNotification};
use intercom_api::{NumberForm, Timestamp, TimestampForm};
use serde_json::{Value, json};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/webhooks/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn decode(name: &str) -> WebhookNotification {
    WebhookNotification::from_unverified_slice(&fixture(name))
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Decodes the fixture, serializes the result and compares it with the fixture, after
/// unwrapping the lists at `wrapped` and dropping the nulls at `nulls` (JSON pointers, applied
/// in that order). Decoding the serialized form again gives the same notification.
fn round_trip(name: &str, wrapped: &[&str], nulls: &[&str]) -> WebhookNotification {
    let body = fixture(name);
    let decoded = decode(name);
    let mut expected: Value = serde_json::from_slice(&body).expect("fixture is JSON");
    for path in wrapped {
        let slot = expected
            .pointer_mut(path)
            .unwrap_or_else(|| panic!("{name}: no {path}"));
        let list = slot
            .as_object()
            .and_then(|o| {
                o.iter()
                    .find(|(k, _)| *k != "type" && *k != "total_count")
                    .map(|(_, v)| v.clone())
            })
            .filter(Value::is_array)
            .unwrap_or_else(|| panic!("{name}: {path} is not a wrapped list"));
        *slot = list;
    }
    for path in nulls {
        let (parent, key) = path.rsplit_once('/').expect("a pointer");
        let removed = expected
            .pointer_mut(parent)
            .and_then(Value::as_object_mut)
            .and_then(|o| o.remove(key));
        assert_eq!(removed, Some(Value::Null), "{name}: {path} is not null");
    }
    let written = serde_json::to_value(&decoded).expect("serializes");
    let mut diffs = Vec::new();
    compare("", &expected, &written, &mut diffs);
    assert!(
        diffs.is_empty(),
        "{name}: round trip differs:\n{}",
        diffs.join("\n")
    );

    let again = WebhookNotification::from_unverified_slice(
        &serde_json::to_vec(&decoded).expect("serializes"),
    )
    .expect("decodes again");
    assert_eq!(again, decoded, "{name}: decoding the serialized form");
    decoded
}

fn compare(path: &str, expected: &Value, actual: &Value, diffs: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, ev) in e {
                match a.get(k) {
                    Some(av) => compare(&format!("{path}/{k}"), ev, av, diffs),
                    None => diffs.push(format!("{path}/{k}: missing")),
                }
            }
            for k in a.keys().filter(|k| !e.contains_key(*k)) {
                diffs.push(format!("{path}/{k}: added"));
            }
        }
        (Value::Array(e), Value::Array(a)) if e.len() == a.len() => {
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                compare(&format!("{path}/{i}"), ev, av, diffs);
            }
        }
        (e, a) if e == a => {}
        (e, a) => diffs.push(format!("{path}: {e} -> {a}")),
    }
}

fn rfc3339(text: &str) -> Timestamp {
    text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
}

#[test]
fn user_created_with_rfc3339_dates() {
    let n = round_trip(
        "user.created",
        &[
            "/data/item/companies",
            "/data/item/social_profiles",
            "/data/item/tags",
            "/data/item/segments",
        ],
        &[
            "/data/item/phone",
            "/data/item/pseudonym",
            "/data/item/avatar/image_url",
            "/data/item/location_data/postal_code",
            "/self",
        ],
    );
    let e = &n.envelope;
    assert_eq!(e.type_.as_deref(), Some("notification_event"));
    assert_eq!(n.topic(), Some(&Topic::UserCreated));
    assert_eq!(n.id(), Some("notif_78f5ea40-0057-11e6-a36e-9b4c1a3e3c9e"));
    assert_eq!(e.app_id.as_deref(), Some("ecahpwf5"));
    assert_eq!(e.delivery_status.as_deref(), Some("pending"));
    assert_eq!(e.delivery_attempts, Some(1));
    assert_eq!(e.delivered_at, Some(0.into()));
    assert_eq!(e.first_sent_at, Some(1_460_428_613.into()));
    assert_eq!(e.created_at, Some(1_460_428_613.into()));
    assert_eq!(e.links, Some(Default::default()));
    assert_eq!(e.extra["test_unknown_property"], json!("kept as received"));
    let data = e.data.as_ref().expect("data");
    assert_eq!(data.type_.as_deref(), Some("notification_event_data"));
    assert_eq!(data.item, None, "the item is decoded once, into n.item");

    let Some(NotificationItem::User(user)) = &n.item else {
        panic!("expected a user, got {:?}", n.item);
    };
    assert_eq!(user.id.as_deref(), Some("570c5c1f2c3b6b6e1c000063"));
    assert_eq!(user.user_id.as_deref(), Some("25"));
    assert_eq!(user.email.as_deref(), Some("ada@example.com"));
    assert_eq!(user.phone, None);

    // RFC 3339 text fills the typed fields, to the millisecond, and keeps its form.
    let created = user.created_at.expect("created_at");
    assert_eq!(created, rfc3339("2016-04-12T02:36:52.214Z"));
    assert_eq!(
        (created.unix_seconds(), created.subsec_nanos()),
        (1_460_428_612, 214_000_000)
    );
    assert_eq!(created.form(), TimestampForm::Rfc3339);
    assert!(created > 1_460_428_612 && created < 1_460_428_613);
    assert_eq!(user.last_request_at, Some(created));
    assert_eq!(user.signed_up_at, Some(1_460_394_000.into()));
    assert_eq!(user.remote_created_at, Some(1_460_394_000.into()));
    assert_eq!(user.updated_at.map(|t| t.subsec_nanos()), Some(231_000_000));
    let written = serde_json::to_value(user.as_ref()).expect("serializes");
    assert_eq!(written["created_at"], json!("2016-04-12T02:36:52.214Z"));
    assert_eq!(written["signed_up_at"], json!("2016-04-11T17:00:00.000Z"));

    assert!(user.extra.is_empty(), "{:?}", user.extra);
    let location = user.location_data.as_ref().expect("location");
    assert_eq!(location.latitude, Some(53.3331.into()));
    assert_eq!(location.longitude, Some((-6.2489).into()));
    // Tags and segments inside a webhook user are thin: a type and an id.
    let tags = user.tags.as_deref().expect("tags");
    assert_eq!(tags.len(), 1);
    assert_eq!(tags[0].id.as_deref(), Some("178523"));
    assert_eq!(tags[0].name, None);
    let segments = user.segments.as_deref().expect("segments");
    assert_eq!(segments[0].id.as_deref(), Some("56f1f3ab2bd0b85bd1000021"));
    assert_eq!(user.companies.as_deref(), Some(&[][..]));
    assert_eq!(
        user.custom_attributes.as_ref().map(|a| a["seats"].clone()),
        Some(json!(3))
    );
}

#[test]
fn user_created_with_numeric_string_dates() {
    let n = round_trip(
        "user.created.numeric_dates",
        &[
            "/data/item/companies",
            "/data/item/social_profiles",
            "/data/item/tags",
            "/data/item/segments",
        ],
        &["/delivery_status", "/self"],
    );
    let Some(NotificationItem::User(user)) = &n.item else {
        panic!("expected a user, got {:?}", n.item);
    };
    assert_eq!(user.created_at, Some(1_401_970_114.into()));
    assert_eq!(
        user.created_at.map(|t| t.form()),
        Some(TimestampForm::NumericString)
    );
    assert_eq!(user.signed_up_at, Some(1_393_613_864.into()));
    assert_eq!(user.last_request_at, user.updated_at);
    let written = serde_json::to_value(user.as_ref()).expect("serializes");
    assert_eq!(written["created_at"], json!("1401970114"));
    assert_eq!(user.location_data, Some(Default::default()));
    let companies = user.companies.as_deref().expect("companies");
    assert_eq!(companies[0].name.as_deref(), Some("Blue Sun"));
    assert_eq!(user.tags.as_deref(), Some(&[][..]));
    assert!(user.extra.is_empty(), "{:?}", user.extra);
    assert_eq!(n.envelope.delivery_status, None);
}

#[test]
fn a_null_tag_list_decodes_as_no_tags_and_is_kept() {
    let n = round_trip("user.created.null_tags", &[], &[]);
    let Some(NotificationItem::User(user)) = &n.item else {
        panic!("expected a user, got {:?}", n.item);
    };
    assert_eq!(user.name.as_deref(), Some("Joe Schmoe"));
    assert!(user.tags.clone().unwrap_or_default().is_empty());
    assert_eq!(
        user.extra["tags"],
        json!({"type": "tag.list", "tags": null})
    );
}

#[test]
fn user_deleted_carries_a_minimal_user() {
    let n = round_trip("user.deleted", &[], &["/self"]);
    assert_eq!(n.topic(), Some(&Topic::UserDeleted));
    let Some(NotificationItem::User(user)) = &n.item else {
        panic!("expected a user, got {:?}", n.item);
    };
    let expected = intercom_api::types::User {
        type_: Some("user".into()),
        id: Some("570c5c1f2c3b6b6e1c000063".into()),
        user_id: Some("25".into()),
        email: Some("ada@example.com".into()),
        ..Default::default()
    };
    assert_eq!(user.as_ref(), &expected);
}

#[test]
fn user_tag_created_carries_the_user_and_the_tag() {
    let n = round_trip(
        "user.tag.created",
        &["/data/item/user/tags", "/data/item/user/segments"],
        &["/self"],
    );
    assert_eq!(n.topic(), Some(&Topic::UserTagCreated));
    let Some(NotificationItem::UserTag(tagging)) = &n.item else {
        panic!("expected a user_tag, got {:?}", n.item);
    };
    assert_eq!(tagging.type_.as_deref(), Some("user_tag"));
    let user = tagging.user.as_ref().expect("user");
    assert_eq!(user.email.as_deref(), Some("ada@example.com"));
    assert_eq!(user.updated_at, Some(rfc3339("2016-04-12T02:41:08.904Z")));
    let tag = tagging.tag.as_ref().expect("tag");
    assert_eq!(
        (tag.id.as_deref(), tag.name.as_deref()),
        (Some("178523"), Some("VIP"))
    );
    assert_eq!(tagging.created_at, Some(1_460_428_868.into()));
    assert_eq!(
        tagging.created_at.map(|t| t.form()),
        Some(TimestampForm::Integer)
    );
    let admin = tagging.admin.as_ref().expect("admin");
    assert_eq!(
        (admin.type_.as_deref(), admin.id.as_deref()),
        (Some("admin"), None)
    );
}

#[test]
fn contact_created_carries_a_lead() {
    let n = round_trip(
        "contact.created",
        &[
            "/data/item/companies",
            "/data/item/social_profiles",
            "/data/item/tags",
            "/data/item/segments",
        ],
        &[
            "/data/item/email",
            "/data/item/name",
            "/data/item/avatar/image_url",
            "/data/item/location_data/postal_code",
            "/data/item/remote_created_at",
            "/data/item/signed_up_at",
            "/self",
        ],
    );
    assert_eq!(n.topic(), Some(&Topic::ContactCreated));
    let Some(NotificationItem::Lead(lead)) = &n.item else {
        panic!("expected a lead, got {:?}", n.item);
    };
    assert_eq!(lead.type_.as_deref(), Some("contact"));
    assert_eq!(lead.anonymous, Some(true));
    assert_eq!(lead.pseudonym.as_deref(), Some("Lime Hat from Dublin"));
    assert_eq!(lead.email, None);
    assert_eq!(lead.created_at, Some(rfc3339("2016-04-12T02:55:29.817Z")));
    assert_eq!(lead.last_request_at, Some(1_460_429_729.into()));
    assert_eq!(lead.signed_up_at, None);
}

#[test]
fn contact_tag_created_carries_the_lead_and_the_tag() {
    let n = round_trip(
        "contact.tag.created",
        &["/data/item/contact/tags"],
        &["/self"],
    );
    assert_eq!(n.topic(), Some(&Topic::ContactTagCreated));
    let Some(NotificationItem::ContactTag(tagging)) = &n.item else {
        panic!("expected a contact_tag, got {:?}", n.item);
    };
    let lead = tagging.contact.as_ref().expect("contact");
    assert_eq!(lead.email.as_deref(), Some("lead@example.com"));
    assert_eq!(lead.created_at, Some(rfc3339("2016-04-12T02:55:29.817Z")));
    assert_eq!(
        tagging.tag.as_ref().and_then(|t| t.name.as_deref()),
        Some("Trial lead")
    );
    assert_eq!(tagging.created_at, Some(1_460_430_602.into()));
    assert_eq!(
        tagging.admin.as_ref().and_then(|a| a.id.as_deref()),
        Some("1001")
    );
}

#[test]
fn visitor_signed_up_carries_a_visitor() {
    let n = round_trip(
        "visitor.signed_up",
        &["/data/item/tags", "/data/item/segments"],
        &["/data/item/name", "/self"],
    );
    assert_eq!(n.topic(), Some(&Topic::VisitorSignedUp));
    let Some(NotificationItem::Visitor(visitor)) = &n.item else {
        panic!("expected a visitor, got {:?}", n.item);
    };
    assert_eq!(visitor.email.as_deref(), Some("visitor@example.com"));
    assert_eq!(visitor.signed_up_at, visitor.updated_at);
    assert_eq!(
        visitor.signed_up_at,
        Some(rfc3339("2016-04-12T03:33:10.018Z"))
    );
}

#[test]
fn company_created_without_a_data_type() {
    let n = round_trip("company.created", &[], &["/self"]);
    assert_eq!(n.topic(), Some(&Topic::CompanyCreated));
    let data = n.envelope.data.as_ref().expect("data");
    assert_eq!(data.type_, None);
    let Some(NotificationItem::Company(company)) = &n.item else {
        panic!("expected a company, got {:?}", n.item);
    };
    assert_eq!(company.company_id.as_deref(), Some("6"));
    assert_eq!(company.name.as_deref(), Some("Blue Sun"));
    assert_eq!(company.created_at, Some(1_460_724_679.into()));
    assert_eq!(company.remote_created_at, Some(1_394_531_169.into()));
    assert_eq!(company.monthly_spend, Some(49.into()));
    assert_eq!(
        company.monthly_spend.map(|n| n.form()),
        Some(NumberForm::Integer)
    );
    assert_eq!(company.user_count, Some(1));
    // Webhook companies name their plan and tags by id; both survive, typed or not.
    assert_eq!(company.plan, None);
    let written = serde_json::to_value(company.as_ref()).expect("serializes");
    assert_eq!(written["plan_id"], json!("270436"));
    assert_eq!(written["tag_ids"], json!([]));
}

#[test]
fn conversation_user_replied_with_wrapped_parts_and_nobody_assigned() {
    let n = round_trip(
        "conversation.user.replied",
        &["/data/item/conversation_parts", "/data/item/tags"],
        &[
            "/data/item/assignee/id",
            "/data/item/conversation_parts/0/assigned_to",
            "/data/item/open",
        ],
    );
    assert_eq!(n.topic(), Some(&Topic::ConversationUserReplied));
    assert_eq!(
        n.envelope.self_.as_deref(),
        Some("https://api.intercom.io/notifications/notif_5b0f4a30-0068-11e6-9a1c-1f2e3d4c5b6a")
    );
    let Some(NotificationItem::Conversation(c)) = &n.item else {
        panic!("expected a conversation, got {:?}", n.item);
    };
    assert_eq!(c.id.as_deref(), Some("2770299743"));
    assert_eq!(c.created_at, Some(1_460_429_730.into()));
    assert_eq!(c.open, None);
    assert_eq!(c.read, Some(true));
    let assignee = c.assignee.as_ref().expect("assignee");
    assert_eq!(
        (assignee.type_.as_deref(), assignee.id.as_deref()),
        (Some("nobody_admin"), None)
    );
    let message = c.conversation_message.as_ref().expect("message");
    assert_eq!(
        message.author.as_ref().and_then(|a| a.type_.as_deref()),
        Some("user")
    );
    let parts = c.conversation_parts.as_deref().expect("parts");
    assert_eq!(parts.len(), 1);
    assert_eq!(parts[0].part_type.as_deref(), Some("comment"));
    assert_eq!(parts[0].created_at, Some(1_460_433_372.into()));
    assert_eq!(parts[0].assigned_to, None);
    let written = serde_json::to_value(c.as_ref()).expect("serializes");
    assert_eq!(
        written["links"]["conversation_web"],
        json!("https://app.intercom.io/a/apps/ecahpwf5/conversations/2770299743")
    );
    assert_eq!(written["metadata"], json!({}));
}

#[test]
fn event_created_with_zero_envelope_times() {
    let n = round_trip("event.created", &[], &["/self"]);
    assert_eq!(n.topic(), Some(&Topic::EventCreated));
    assert_eq!(n.envelope.created_at, Some(0.into()));
    assert_eq!(n.envelope.first_sent_at, Some(Timestamp::from_unix(0)));
    let Some(NotificationItem::Event(event)) = &n.item else {
        panic!("expected an event, got {:?}", n.item);
    };
    assert_eq!(event.event_name.as_deref(), Some("placed-order"));
    assert_eq!(
        event.intercom_user_id.as_deref(),
        Some("570c5c1f2c3b6b6e1c000063")
    );
    assert_eq!(event.created_at, Some(1_460_433_990.into()));
    assert_eq!(
        event
            .metadata
            .as_ref()
            .map(|m| m["price"]["amount"].clone()),
        Some(json!(34999))
    );
}

#[test]
fn ping() {
    let n = round_trip("ping", &[], &["/delivery_status", "/self"]);
    assert_eq!(n.topic(), Some(&Topic::Ping));
    let Some(NotificationItem::Ping(ping)) = &n.item else {
        panic!("expected a ping, got {:?}", n.item);
    };
    assert_eq!(
        ping.message.as_deref(),
        Some("something something interzen")
    );
    assert_eq!(n.item.as_ref().and_then(|i| i.item_type()), Some("ping"));
}

#[test]
fn an_unknown_topic_and_item_are_kept_not_refused() {
    let n = round_trip("unknown_topic", &[], &["/self"]);
    assert_eq!(
        n.topic(),
        Some(&Topic::Unknown("admin.away_mode_updated".into()))
    );
    assert_eq!(
        n.item,
        Some(NotificationItem::Unknown(json!({
            "type": "admin",
            "id": "1001",
            "away_mode_enabled": true,
            "away_mode_reassign": false
        })))
    );
    assert_eq!(n.item.as_ref().and_then(|i| i.item_type()), Some("admin"));
}

fn decode_json(body: Value) -> WebhookNotification {
    WebhookNotification::from_unverified_slice(body.to_string().as_bytes()).expect("decodes")
}

#[test]
fn the_item_type_wins_over_the_topic() {
    let n = decode_json(json!({
        "type": "notification_event",
        "topic": "user.created",
        "data": {"item": {"type": "contact", "id": "1", "pseudonym": "Blue Owl"}}
    }));
    match &n.item {
        Some(NotificationItem::Lead(lead)) => {
            assert_eq!(lead.pseudonym.as_deref(), Some("Blue Owl"))
        }
        other => panic!("expected a lead, got {other:?}"),
    }

    // A new topic whose item is of a known type.
    let n = decode_json(json!({
        "topic": "user.merged",
        "data": {"item": {"type": "user", "id": "2", "created_at": "2016-04-12T02:36:52Z"}}
    }));
    assert_eq!(n.topic(), Some(&Topic::Unknown("user.merged".into())));
    match &n.item {
        Some(NotificationItem::User(user)) => {
            assert_eq!(user.created_at, Some(1_460_428_612.into()))
        }
        other => panic!("expected a user, got {other:?}"),
    }
    let n = decode_json(json!({
        "topic": "brand.new.topic",
        "data": {"item": {"type": "company", "id": "3"}}
    }));
    assert!(
        matches!(&n.item, Some(NotificationItem::Company(c)) if c.id.as_deref() == Some("3")),
        "{:?}",
        n.item
    );

    // An unknown item type under a known topic is not forced into the topic's type.
    let n = decode_json(json!({
        "topic": "user.created",
        "data": {"item": {"type": "user_segment", "id": "4"}}
    }));
    assert!(
        matches!(&n.item, Some(NotificationItem::Unknown(v)) if v["id"] == "4"),
        "{:?}",
        n.item
    );
}

#[test]
fn an_item_without_a_type_is_typed_by_the_topic() {
    let n = decode_json(json!({
        "topic": "company.created",
        "data": {"item": {"id": "5", "name": "Acme", "created_at": "1401970114"}}
    }));
    match &n.item {
        Some(NotificationItem::Company(company)) => {
            assert_eq!(company.name.as_deref(), Some("Acme"));
            assert_eq!(company.created_at, Some(1_401_970_114.into()));
        }
        other => panic!("expected a company, got {other:?}"),
    }
    let n = decode_json(json!({
        "topic": "conversation_part.tag.created",
        "data": {"item": {"id": "6", "open": true}}
    }));
    assert!(
        matches!(&n.item, Some(NotificationItem::Conversation(c)) if c.open == Some(true)),
        "{:?}",
        n.item
    );
}

#[test]
fn odd_envelopes_decode_without_losing_anything() {
    let n = decode_json(json!({"topic": "ping"}));
    assert_eq!((n.item, n.envelope.data), (None, None));

    let n = decode_json(json!({"topic": "ping", "data": null}));
    assert_eq!((n.item, n.envelope.data), (None, None));

    let n = decode_json(json!({"topic": "ping", "data": {"type": "notification_event_data"}}));
    assert_eq!(n.item, None);

    let n = decode_json(json!({"topic": "ping", "data": "surprise"}));
    assert_eq!(n.item, None);
    assert_eq!(n.envelope.extra["data"], json!("surprise"));
    assert_eq!(
        serde_json::to_value(&n).expect("serializes"),
        json!({"topic": "ping", "data": "surprise"})
    );

    let n = decode_json(json!({"topic": "user.created", "data": {"item": "not an object"}}));
    assert_eq!(
        n.item,
        Some(NotificationItem::Unknown(json!("not an object")))
    );

    let n = decode_json(json!({
        "topic": "ping",
        "data": {"item": {"type": "ping"}, "extra_field": [1, 2]},
        "created_at": "2016-04-12T02:36:52Z"
    }));
    assert_eq!(n.envelope.created_at, Some(1_460_428_612.into()));
    assert_eq!(
        serde_json::to_value(&n).expect("serializes"),
        json!({
            "topic": "ping",
            "data": {"item": {"type": "ping"}, "extra_field": [1, 2]},
            "created_at": "2016-04-12T02:36:52Z"
        })
    );
}

#[test]
fn a_body_that_is_not_an_object_is_undecodable() {
    for body in [&b"[]"[..], b"\"ping\"", b"{", b"", b"\xff"] {
        assert!(
            WebhookNotification::from_unverified_slice(body).is_err(),
            "{}",
            String::from_utf8_lossy(body)
        );
    }
}

/// An item whose `type` comes first (as Intercom writes them) is decoded on the fly; one whose
/// `type` comes later is read whole first. Both give the same notification.
#[test]
fn the_place_of_the_item_type_does_not_matter() {
    let first = r#"{"topic":"contact.created","data":{"item":{"type":"contact","id":"7","created_at":"2016-04-12T02:36:52Z","tags":{"type":"tag.list","tags":[]},"surprise":1}}}"#;
    let later = r#"{"topic":"contact.created","data":{"item":{"id":"7","created_at":"2016-04-12T02:36:52Z","tags":{"type":"tag.list","tags":[]},"surprise":1,"type":"contact"}}}"#;
    let a = WebhookNotification::from_unverified_slice(first.as_bytes()).expect("decodes");
    let b = WebhookNotification::from_unverified_slice(later.as_bytes()).expect("decodes");
    assert_eq!(a, b);
    match &a.item {
        Some(NotificationItem::Lead(lead)) => {
            assert_eq!(lead.created_at, Some(1_460_428_612.into()));
            assert_eq!(lead.extra["surprise"], json!(1));
        }
        other => panic!("expected a lead, got {other:?}"),
    }
    // The same holds under a topic of another family: the item's type decides.
    let other_topic = first.replace("contact.created", "user.created");
    let c = WebhookNotification::from_unverified_slice(other_topic.as_bytes()).expect("decodes");
    assert_eq!(c.item, a.item);
}

/// Numbers no 64-bit integer or double holds are kept as their text, as in every response.
#[test]
fn numbers_too_wide_for_64_bits_are_kept_as_their_text() {
    let body = r#"{"topic":"event.created","data":{"item":{"type":"event","metadata":{"big":18446744073709551616}}},"huge":1e400}"#;
    let n = WebhookNotification::from_unverified_slice(body.as_bytes()).expect("decodes");
    match &n.item {
        Some(NotificationItem::Event(event)) => assert_eq!(
            event.metadata.as_ref().map(|m| m["big"].clone()),
            Some(json!("18446744073709551616"))
        ),
        other => panic!("expected an event, got {other:?}"),
    }
    assert_eq!(n.envelope.extra["huge"], json!("1e400"));
}

/// Decodes a delivery and serializes the notification again.
fn reserialize_delivery(text: &str) -> Result<Value, String> {
    let decoded = WebhookNotification::from_unverified_slice(text.as_bytes())
        .map_err(|e| format!("decoding failed: {e}"))?;
    serde_json::to_value(&decoded).map_err(|e| format!("serializing failed: {e}"))
}

/// Every file of `tests/fixtures/webhooks` comes back as received but for wrapped lists and
/// dropped nulls; the tests above name where each applied.
#[test]
fn every_fixture_comes_back_as_received() {
    let names = [
        "company.created.json",
        "contact.created.json",
        "contact.tag.created.json",
        "conversation.user.replied.json",
        "event.created.json",
        "ping.json",
        "unknown_topic.json",
        "user.created.json",
        "user.created.null_tags.json",
        "user.created.numeric_dates.json",
        "user.deleted.json",
        "user.tag.created.json",
        "visitor.signed_up.json",
    ];
    let decoders: Vec<(&str, roundtrip_support::Decoder)> = names
        .iter()
        .map(|name| (*name, reserialize_delivery as roundtrip_support::Decoder))
        .collect();
    assert_eq!(
        roundtrip_support::check_every_fixture("webhooks", &decoders),
        13
    );
}
