//! Webhook subscriptions and the notifications the mock delivers: stored subscriptions,
//! signed deliveries to a loopback receiver, retries, the sent and error feeds, `ping`,
//! inactive subscriptions, topic families and the `event.created` filter.

mod support;

use std::time::Duration;

use hmac::{Hmac, KeyInit, Mac};
use intercom_mock::{MockServer, Seed};
use serde_json::{Value, json};
use sha1::Sha1;
use support::receiver::{Receiver, poll_async, refusing_url};
use support::{Api, error, field, ids, start, start_with};

/// Subscribes `url` to `topics`, with the other fields of `extra`; answers the subscription.
async fn subscribe(api: &Api, url: &str, topics: &[&str], extra: Value) -> Value {
    let mut body = json!({ "service_type": "web", "url": url, "topics": topics });
    if let (Some(body), Some(extra)) = (body.as_object_mut(), extra.as_object()) {
        body.extend(extra.clone());
    }
    api.created("/subscriptions", body).await
}

/// The topics of the notifications `received`, in the order they arrived.
fn topics(received: &[support::receiver::Received]) -> Vec<String> {
    received
        .iter()
        .map(|r| r.json()["topic"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// The lowercase hex HMAC-SHA1 of `body` under `secret`, as `sha1=…`.
fn signature(secret: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha1>::new_from_slice(secret.as_bytes()).expect("any key");
    mac.update(body);
    let hex: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("sha1={hex}")
}

/// Waits until the feed `feed` (`sent` or `error`) of subscription `id` holds `n`
/// notifications; answers the feed's page.
async fn feed(api: &Api, id: &str, feed: &str, n: usize) -> Value {
    let path = format!("/subscriptions/{id}/{feed}");
    poll_async(&format!("{n} notifications in {path}"), || async {
        let page = api.fetched(&path).await;
        let len = page["notifications"].as_array().map_or(0, Vec::len);
        (len >= n).then_some(page)
    })
    .await
}

#[tokio::test]
async fn subscriptions_are_created_listed_read_changed_and_deleted() {
    let api = start().await;
    let created = subscribe(
        &api,
        "http://127.0.0.1:9/hooks",
        &["user.created", "conversation"],
        json!({ "hub_secret": "s3cret", "metadata": { "event_names": ["ordered"] } }),
    )
    .await;
    let id = support::id(&created);
    assert!(id.starts_with("nsub_"), "{id}");
    assert_eq!(created["type"], "notification_subscription");
    assert_eq!(created["service_type"], "web");
    assert_eq!(created["url"], "http://127.0.0.1:9/hooks");
    assert_eq!(created["topics"], json!(["user.created", "conversation"]));
    assert_eq!(created["active"], true);
    assert_eq!(created["hub_secret"], "s3cret");
    assert_eq!(created["mode"], "point");
    assert_eq!(created["app_id"], "mockapp1");
    assert_eq!(created["metadata"], json!({ "event_names": ["ordered"] }));
    assert_eq!(
        created["self"],
        format!("{}/subscriptions/{id}", api.mock.url())
    );
    assert!(created["created_at"].is_i64(), "{created}");
    let sent = created["links"]["sent"].as_str().expect("a sent link");
    assert_eq!(api.fetched(sent).await["type"], "notification.list");

    let other = subscribe(&api, "http://127.0.0.1:9/x", &["all"], json!({})).await;
    assert_eq!(other["hub_secret"], Value::Null, "unsigned");
    let list = api.fetched("/subscriptions").await;
    assert_eq!(list["type"], "notification_subscription.list");
    assert_eq!(ids(&list["items"]), [id.clone(), support::id(&other)]);
    assert_eq!(api.fetched(&format!("/subscriptions/{id}")).await, created);

    // Topics are replaced, not merged; what the body leaves out stays.
    let changed = api
        .created(
            &format!("/subscriptions/{id}"),
            json!({ "topics": ["company.created"], "active": false }),
        )
        .await;
    assert_eq!(changed["topics"], json!(["company.created"]));
    assert_eq!(changed["active"], false);
    assert_eq!(changed["url"], "http://127.0.0.1:9/hooks");
    assert_eq!(changed["hub_secret"], "s3cret");
    assert_eq!(api.fetched(&format!("/subscriptions/{id}")).await, changed);

    let (status, _, deleted) = api.delete(&format!("/subscriptions/{id}")).await;
    assert_eq!(status, 200, "{deleted}");
    assert_eq!(deleted, changed);
    for path in [
        format!("/subscriptions/{id}"),
        format!("/subscriptions/{id}/sent"),
        format!("/subscriptions/{id}/error"),
    ] {
        let (status, _, body) = api.get(&path).await;
        assert_eq!(status, 404, "{path}");
        error(&body, "not_found");
    }
    let (status, _, _) = api.post_empty(&format!("/subscriptions/{id}/ping")).await;
    assert_eq!(status, 404);
    assert_eq!(
        ids(&api.fetched("/subscriptions").await["items"]),
        [support::id(&other)]
    );
}

#[tokio::test]
async fn a_subscription_needs_a_url_topics_and_event_names_for_events() {
    let api = start().await;
    for (body, at) in [
        (json!({ "topics": ["user.created"] }), "url"),
        (
            json!({ "url": "not a url", "topics": ["user.created"] }),
            "url",
        ),
        (
            json!({ "url": "ftp://example.com/x", "topics": ["user"] }),
            "url",
        ),
        (json!({ "url": "https://example.com/x" }), "topics"),
        (
            json!({ "url": "https://example.com/x", "topics": [] }),
            "topics",
        ),
        (
            json!({ "url": "https://example.com/x", "topics": ["user.renamed"] }),
            "topics[0]",
        ),
        (
            json!({ "url": "https://example.com/x", "topics": ["event.created"] }),
            "metadata.event_names",
        ),
        (
            json!({ "url": "https://example.com/x", "topics": ["user"], "color": "red" }),
            "color",
        ),
    ] {
        let (status, _, answer) = api.post("/subscriptions", body.clone()).await;
        assert_eq!((status, field(&answer)), (400, at), "{body}: {answer}");
    }
    assert_eq!(
        api.fetched("/subscriptions").await["items"],
        json!([]),
        "nothing was stored"
    );
}

#[tokio::test]
async fn a_change_is_delivered_signed_with_the_hub_secret() {
    let api = start().await;
    let receiver = Receiver::ok().await;
    let signed = subscribe(
        &api,
        &receiver.url,
        &["user.created"],
        json!({ "hub_secret": "s3cret" }),
    )
    .await;
    let plain = Receiver::ok().await;
    subscribe(&api, &plain.url, &["user.created"], json!({})).await;

    let user = api.user("u1", "ada@example.com").await;
    let got = receiver.wait_for(1).await;
    let delivery = &got[0];
    assert_eq!(delivery.method, "POST");
    assert_eq!(delivery.header("content-type"), "application/json");
    assert_eq!(
        delivery.header("user-agent"),
        "intercom-parrot-service-client/1.0"
    );
    // The signature covers the exact bytes sent.
    assert_eq!(
        delivery.header("x-hub-signature"),
        signature("s3cret", &delivery.body)
    );
    assert_ne!(
        delivery.header("x-hub-signature"),
        signature("other", &delivery.body)
    );
    let mut tampered = delivery.body.to_vec();
    tampered.push(b' ');
    assert_ne!(
        delivery.header("x-hub-signature"),
        signature("s3cret", &tampered)
    );

    let notification = delivery.json();
    assert_eq!(notification["type"], "notification_event");
    assert_eq!(notification["topic"], "user.created");
    assert_eq!(notification["app_id"], "mockapp1");
    assert!(
        notification["id"]
            .as_str()
            .is_some_and(|id| id.starts_with("notif_")),
        "{notification}"
    );
    assert_eq!(notification["delivery_attempts"], 1);
    assert_eq!(notification["delivery_status"], "pending");
    assert_eq!(notification["delivered_at"], 0);
    assert!(notification["first_sent_at"].is_i64());
    assert!(notification["created_at"].is_i64());
    assert_eq!(notification["links"], json!({}));
    let data = &notification["data"];
    assert_eq!(data["type"], "notification_event_data");
    let item = &data["item"];
    assert_eq!(
        (item["type"].as_str(), &item["id"], item["email"].as_str()),
        (Some("user"), &user["id"], Some("ada@example.com"))
    );
    // Deliveries carry a user's times as ISO 8601 text where the API has Unix seconds.
    let created = item["created_at"].as_str().expect("ISO 8601 text");
    assert!(
        created.len() == 24 && created.ends_with('Z') && created.as_bytes()[10] == b'T',
        "{created}"
    );

    let unsigned = plain.wait_for(1).await;
    assert_eq!(unsigned[0].header("x-hub-signature"), "");
    assert_eq!(unsigned[0].json()["topic"], "user.created");

    let id = support::id(&signed);
    let sent = feed(&api, &id, "sent", 1).await;
    assert_eq!(sent["type"], "notification.list");
    let entry = &sent["notifications"][0];
    assert_eq!(entry["id"], notification["id"]);
    assert_eq!(entry["delivery_status"], "delivered");
    assert_eq!(entry["delivery_attempts"], 1);
    assert!(entry["delivered_at"].as_i64().is_some_and(|t| t > 0));
    assert_eq!(entry["data"], notification["data"]);
    assert_eq!(
        api.fetched(&format!("/subscriptions/{id}/error")).await["notifications"],
        json!([])
    );
}

#[tokio::test]
async fn the_answer_does_not_wait_for_the_receiver() {
    let api = start_with(MockServer::builder().webhook_timeout(Duration::from_secs(60))).await;
    // A receiver that takes the connection and never answers.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let url = format!(
        "http://{}/hooks",
        listener.local_addr().expect("an address")
    );
    let held = tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            open.push(stream);
        }
    });
    subscribe(&api, &url, &["user"], json!({})).await;
    let answered =
        tokio::time::timeout(Duration::from_secs(5), api.user("u1", "ada@example.com")).await;
    assert!(
        answered.is_ok(),
        "the API answered while the delivery hangs"
    );
    let again = tokio::time::timeout(Duration::from_secs(5), api.fetched("/users?user_id=u1"))
        .await
        .expect("the state is not locked by the delivery");
    assert_eq!(again["user_id"], "u1");
    held.abort();
}

#[tokio::test]
async fn a_failing_receiver_is_retried_then_reported_in_the_error_feed() {
    let api = start_with(MockServer::builder().webhook_retry(3, Duration::from_millis(10))).await;
    let receiver = Receiver::answering(&[500]).await;
    let sub = subscribe(
        &api,
        &receiver.url,
        &["company"],
        json!({ "hub_secret": "k" }),
    )
    .await;
    let id = support::id(&sub);
    api.company("c1", "Acme").await;

    let tries = receiver.wait_for(3).await;
    let attempts: Vec<Value> = tries
        .iter()
        .map(|t| t.json()["delivery_attempts"].clone())
        .collect();
    assert_eq!(attempts, [json!(1), json!(2), json!(3)]);
    for attempt in &tries {
        assert_eq!(
            attempt.header("x-hub-signature"),
            signature("k", &attempt.body),
            "each try is signed over its own body"
        );
    }
    let failed = feed(&api, &id, "error", 1).await;
    let entry = &failed["notifications"][0];
    assert_eq!(entry["topic"], "company.created");
    assert_eq!(entry["delivery_status"], "failed");
    assert_eq!(entry["delivery_attempts"], 3);
    assert_eq!(entry["data"]["item"]["company_id"], "c1");
    let request = &entry["http_request"];
    assert_eq!(request["request_method"], "POST");
    assert_eq!(request["request_uri"], receiver.url.as_str());
    assert_eq!(
        request["request_headers"]["User-Agent"],
        "intercom-parrot-service-client/1.0"
    );
    let last = tries.last().expect("three tries");
    assert_eq!(
        request["request_entity"].as_str().map(str::as_bytes),
        Some(&last.body[..]),
        "the body of the last try"
    );
    assert_eq!(
        request["request_headers"]["X-Hub-Signature"],
        last.header("x-hub-signature")
    );
    assert_eq!(request["response_status_code"], 500);
    assert_eq!(request["response_entity"], "receiver says no");
    assert_eq!(request["response_headers"]["x-receiver"], "test");
    assert_eq!(
        api.fetched(&format!("/subscriptions/{id}/sent")).await["notifications"],
        json!([])
    );
    // Three tries and no more: a ping afterwards is the fourth request.
    assert_eq!(
        api.post_empty(&format!("/subscriptions/{id}/ping")).await.0,
        200
    );
    let all = receiver.wait_for(4).await;
    assert_eq!(
        topics(&all),
        [
            "company.created",
            "company.created",
            "company.created",
            "ping"
        ]
    );
}

#[tokio::test]
async fn a_retry_that_succeeds_is_sent() {
    let api = start_with(MockServer::builder().webhook_retry(3, Duration::from_millis(10))).await;
    let receiver = Receiver::answering(&[503, 204]).await;
    let sub = subscribe(&api, &receiver.url, &["user.created"], json!({})).await;
    api.user("u1", "ada@example.com").await;
    receiver.wait_for(2).await;
    let sent = feed(&api, &support::id(&sub), "sent", 1).await;
    assert_eq!(sent["notifications"][0]["delivery_attempts"], 2);
    assert_eq!(
        api.fetched(&format!("/subscriptions/{}/error", support::id(&sub)))
            .await["notifications"],
        json!([])
    );
}

#[tokio::test]
async fn an_unreachable_receiver_is_reported() {
    let api = start_with(MockServer::builder().webhook_retry(2, Duration::from_millis(5))).await;
    let url = refusing_url().await;
    let sub = subscribe(&api, &url, &["user"], json!({})).await;
    api.user("u1", "ada@example.com").await;
    let failed = feed(&api, &support::id(&sub), "error", 1).await;
    let entry = &failed["notifications"][0];
    assert_eq!(entry["delivery_attempts"], 2);
    assert_eq!(entry["http_request"]["response_status_code"], Value::Null);
    assert_eq!(entry["http_request"]["request_uri"], url.as_str());
}

#[tokio::test]
async fn a_ping_is_sent_to_the_subscription_pinged() {
    let api = start().await;
    let receiver = Receiver::ok().await;
    let other = Receiver::ok().await;
    let sub = subscribe(&api, &receiver.url, &["company.created"], json!({})).await;
    let id = support::id(&sub);
    subscribe(&api, &other.url, &["all"], json!({})).await;
    let (status, _, body) = api.post_empty(&format!("/subscriptions/{id}/ping")).await;
    assert_eq!((status, body), (200, Value::Null));
    let got = receiver.wait_for(1).await;
    let ping = got[0].json();
    assert_eq!(ping["topic"], "ping");
    assert_eq!(ping["data"]["item"]["type"], "ping");
    assert!(ping["data"]["item"]["message"].is_string(), "{ping}");
    feed(&api, &id, "sent", 1).await;
    // The other subscription was not pinged: its first delivery is the company that follows.
    api.company("c1", "Acme").await;
    assert_eq!(topics(&other.wait_for(1).await), ["company.created"]);
}

#[tokio::test]
async fn an_inactive_subscription_sends_nothing() {
    let api = start().await;
    let receiver = Receiver::ok().await;
    let sub = subscribe(
        &api,
        &receiver.url,
        &["user.created"],
        json!({ "active": false }),
    )
    .await;
    let id = support::id(&sub);
    api.user("quiet", "quiet@example.com").await;
    api.post_empty(&format!("/subscriptions/{id}/ping")).await;
    api.created(&format!("/subscriptions/{id}"), json!({ "active": true }))
        .await;
    api.user("loud", "loud@example.com").await;
    // A subscription's notifications arrive in order: had the first user or the ping been
    // sent, it would have arrived before this one.
    let got = receiver.wait_for(1).await;
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].json()["data"]["item"]["user_id"], "loud");
}

#[tokio::test]
async fn event_created_is_sent_only_for_the_event_names_listed() {
    let api = start().await;
    api.user("u1", "ada@example.com").await;
    let receiver = Receiver::ok().await;
    subscribe(
        &api,
        &receiver.url,
        &["event.created"],
        json!({ "metadata": { "event_names": ["ordered"] } }),
    )
    .await;
    for name in ["viewed", "ordered"] {
        let (status, _, body) = api
            .post(
                "/events",
                json!({ "event_name": name, "created_at": 1_700_000_000, "user_id": "u1",
                        "metadata": { "total": 12 } }),
            )
            .await;
        assert_eq!(status, 202, "{body}");
    }
    let got = receiver.wait_for(1).await;
    let notification = got[0].json();
    assert_eq!(notification["topic"], "event.created");
    let event = &notification["data"]["item"];
    assert_eq!(event["type"], "event");
    assert_eq!(event["event_name"], "ordered");
    assert_eq!(
        event["created_at"], 1_700_000_000,
        "events keep Unix seconds"
    );
    assert_eq!(event["user_id"], "u1");
    assert_eq!(event["metadata"], json!({ "total": 12 }));
    assert!(event["intercom_user_id"].is_string(), "{event}");
    assert_eq!(got.len(), 1, "viewed is not listed");
}

/// A workspace with a visitor to convert.
fn visitor_seed() -> Seed {
    Seed::from_json(r#"{"visitors": [{"id": "v-1", "user_id": "visitor-1"}]}"#).expect("a seed")
}

#[tokio::test]
async fn each_change_is_told_under_its_topic_and_families_cover_theirs() {
    let api = start_with(MockServer::builder().seed(visitor_seed())).await;
    let everything = Receiver::ok().await;
    subscribe(&api, &everything.url, &["all"], json!({})).await;
    let users_only = Receiver::ok().await;
    let users_sub = subscribe(&api, &users_only.url, &["user"], json!({})).await;

    let ada = api
        .created(
            "/users",
            json!({"user_id": "ada", "email": "ada@example.com", "companies": [{"company_id": "c1"}]}),
        )
        .await;
    api.created(
        "/users",
        json!({"user_id": "ada", "email": "ada@new.example.com"}),
    )
    .await;
    api.created(
        "/tags",
        json!({"name": "VIP", "users": [{"user_id": "ada"}]}),
    )
    .await;
    api.created(
        "/tags",
        json!({"name": "VIP", "users": [{"user_id": "ada", "untag": true}]}),
    )
    .await;
    let lead = api.created("/contacts", json!({"name": "Lee"})).await;
    api.created(
        "/tags",
        json!({"name": "Warm", "users": [{"id": lead["id"]}]}),
    )
    .await;
    api.created(
        "/contacts/convert",
        json!({"contact": {"id": lead["id"]}, "user": {"user_id": "lee"}}),
    )
    .await;
    api.created(
        "/visitors/convert",
        json!({"visitor": {"id": "v-1"}, "user": {"user_id": "vic"}, "type": "user"}),
    )
    .await;
    let message = api
        .created(
            "/messages",
            json!({"from": {"type": "user", "id": ada["id"]}, "body": "Hello"}),
        )
        .await;
    let conversation = format!(
        "/conversations/{}/reply",
        message["conversation_id"].as_str().expect("a conversation")
    );
    for reply in [
        json!({"type": "user", "intercom_user_id": ada["id"], "message_type": "comment", "body": "Still there?"}),
        json!({"type": "admin", "admin_id": "1001", "message_type": "comment", "body": "Yes"}),
        json!({"type": "admin", "admin_id": "1001", "message_type": "note", "body": "VIP"}),
        json!({"type": "admin", "admin_id": "1001", "message_type": "assignment", "assignee_id": "1002"}),
        json!({"type": "admin", "admin_id": "1001", "message_type": "close"}),
        json!({"type": "admin", "admin_id": "1001", "message_type": "open"}),
        json!({"type": "admin", "admin_id": "1001", "snooze_until": 1_900_000_000}),
    ] {
        api.created(&conversation, reply).await;
    }
    api.created(
        "/messages",
        json!({"from": {"type": "admin", "id": "1001"}, "to": {"type": "user", "user_id": "ada"},
               "message_type": "inapp", "body": "Hi"}),
    )
    .await;
    assert_eq!(api.delete("/users?user_id=ada").await.0, 200);

    let expected = [
        "company.created",
        "user.created",
        "user.email.updated",
        "user.tag.created",
        "user.tag.deleted",
        "contact.created",
        "contact.tag.created",
        "contact.signed_up",
        "user.created",
        "visitor.signed_up",
        "user.created",
        "conversation.user.created",
        "conversation.user.replied",
        "conversation.admin.replied",
        "conversation.admin.noted",
        "conversation.admin.assigned",
        "conversation.admin.closed",
        "conversation.admin.opened",
        "conversation.admin.snoozed",
        "conversation.admin.single.created",
        "user.deleted",
    ];
    let got = everything.wait_for(expected.len()).await;
    assert_eq!(topics(&got), expected);

    // The `user` family covers the user topics only; a ping after them marks the end.
    let user_topics: Vec<&str> = expected
        .iter()
        .copied()
        .filter(|t| t.starts_with("user."))
        .collect();
    users_only.wait_for(user_topics.len()).await;
    api.post_empty(&format!("/subscriptions/{}/ping", support::id(&users_sub)))
        .await;
    let got = users_only.wait_for(user_topics.len() + 1).await;
    let mut with_ping = user_topics.clone();
    with_ping.push("ping");
    assert_eq!(topics(&got), with_ping);

    // Items: a tagging names the user and the tag; a deletion carries only who was deleted.
    let all = everything.received();
    let tagged = all[3].json()["data"]["item"].clone();
    assert_eq!(tagged["type"], "user_tag");
    assert_eq!(tagged["user"]["user_id"], "ada");
    assert_eq!(tagged["tag"]["name"], "VIP");
    let contact_tag = all[6].json()["data"]["item"].clone();
    assert_eq!(contact_tag["type"], "contact_tag");
    assert_eq!(contact_tag["contact"]["id"], lead["id"]);
    let deleted = all[20].json()["data"]["item"].clone();
    assert_eq!(
        deleted,
        json!({"type": "user", "id": ada["id"], "user_id": "ada", "email": "ada@new.example.com"})
    );
    let assigned = all[15].json()["data"]["item"].clone();
    assert_eq!(assigned["type"], "conversation");
    assert_eq!(assigned["assignee"], json!({"type": "admin", "id": "1002"}));
    assert!(
        assigned["created_at"].is_i64(),
        "conversations keep Unix seconds"
    );
}

#[tokio::test]
async fn reset_forgets_subscriptions_and_their_feeds() {
    let api = start().await;
    let receiver = Receiver::ok().await;
    let sub = subscribe(&api, &receiver.url, &["user"], json!({})).await;
    api.user("u1", "ada@example.com").await;
    feed(&api, &support::id(&sub), "sent", 1).await;
    api.mock.reset();
    assert_eq!(api.fetched("/subscriptions").await["items"], json!([]));
    let (status, _, _) = api
        .get(&format!("/subscriptions/{}/sent", support::id(&sub)))
        .await;
    assert_eq!(status, 404);
    // Nothing is subscribed any more: a new subscription's first delivery is its own.
    let again = Receiver::ok().await;
    subscribe(&api, &again.url, &["user"], json!({})).await;
    api.user("u2", "bob@example.com").await;
    assert_eq!(
        again.wait_for(1).await[0].json()["data"]["item"]["user_id"],
        "u2"
    );
    assert_eq!(receiver.received().len(), 1);
}
