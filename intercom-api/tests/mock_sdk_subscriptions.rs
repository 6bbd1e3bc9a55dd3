//! Webhook subscriptions through the client against intercom-mock: creating, reading, changing
//! and deleting them, the pings and notifications the mock delivers to a loopback receiver,
//! and the sent and error feeds that record them.
//!
//! Deliveries are asynchronous: the tests poll the receiver and the feeds with a bounded wait,
//! and never assert on timing.

mod mock_support;

use std::time::Duration;

use intercom_api::types::{
    CreateTagRequestUser, Notification, Subscription, SubscriptionMetadata,
    SubscriptionServiceType, Topic,
};
use intercom_api::webhook::{NotificationItem, WebhookError, WebhookVerifier};
use intercom_api::{Client, TimestampForm};
use mock_support::{assert_not_found, client, mock};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// How long a test waits for an asynchronous delivery before failing.
const PATIENCE: Duration = Duration::from_secs(30);

/// Polls `probe` until it gives a value, for at most [`PATIENCE`].
async fn eventually<T, F, Fut>(what: &str, mut probe: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        if let Some(value) = probe().await {
            return value;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "gave up waiting for {what} after {PATIENCE:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A loopback receiver answering every POST to `/hooks` with `status`.
async fn receiver(status: u16) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/hooks"))
        .respond_with(ResponseTemplate::new(status))
        .mount(&server)
        .await;
    server
}

fn hooks_url(receiver: &MockServer) -> String {
    format!("{}/hooks", receiver.uri())
}

/// The POSTs `receiver` got, once there are at least `n`.
async fn deliveries(receiver: &MockServer, n: usize) -> Vec<wiremock::Request> {
    eventually(&format!("{n} deliveries"), || async {
        let received = receiver
            .received_requests()
            .await
            .expect("request recording is enabled");
        (received.len() >= n).then_some(received)
    })
    .await
}

fn body(request: &wiremock::Request) -> Value {
    serde_json::from_slice(&request.body).expect("a delivery is JSON")
}

fn header<'a>(request: &'a wiremock::Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

async fn subscribe(client: &Client, url: String, topics: Vec<Topic>) -> Subscription {
    client
        .create_subscription(url, topics)
        .service_type(SubscriptionServiceType::Web)
        .await
        .expect("subscribed")
}

/// The sent feed of `id`, once it holds at least `n` notifications.
async fn sent_feed(client: &Client, id: &str, n: usize) -> Vec<Notification> {
    eventually(&format!("{n} notifications in the sent feed"), || async {
        let page = client
            .list_subscription_sent_notifications(id)
            .await
            .expect("the sent feed");
        let notifications = page.notifications.unwrap_or_default();
        (notifications.len() >= n).then_some(notifications)
    })
    .await
}

#[tokio::test]
async fn a_subscription_is_created_read_changed_and_deleted() {
    let mock = mock().await;
    let client = client(&mock);
    // Loopback receivers, so that nothing this test changes is ever sent off the machine.
    let hooks = receiver(200).await;
    let other_hooks = receiver(200).await;

    let created = client
        .create_subscription(hooks_url(&hooks), [Topic::UserCreated, Topic::EventCreated])
        .service_type(SubscriptionServiceType::Web)
        .hub_secret("s3cr3t")
        .metadata(SubscriptionMetadata {
            event_names: Some(vec!["placed-order".into()]),
            ..Default::default()
        })
        .await
        .expect("created");
    let id = created.id.clone().expect("an id");
    assert!(id.starts_with("nsub_"), "{id}");
    assert_eq!(created.type_.as_deref(), Some("notification_subscription"));
    assert_eq!(created.service_type.as_deref(), Some("web"));
    assert_eq!(created.url, Some(hooks_url(&hooks)));
    assert_eq!(created.hub_secret.as_deref(), Some("s3cr3t"));
    assert_eq!(created.active, Some(true), "active unless said otherwise");
    assert!(
        created
            .topics
            .iter()
            .flatten()
            .any(|t| *t == Topic::UserCreated),
        "{:?}",
        created.topics
    );
    assert_eq!(
        created
            .metadata
            .as_ref()
            .and_then(|m| m.event_names.clone()),
        Some(vec!["placed-order".to_owned()])
    );

    assert_eq!(client.get_subscription(&id).await.expect("read"), created);
    let list = client.list_subscriptions().await.expect("listed");
    assert_eq!(list.items, Some(vec![created.clone()]));

    let changed = client
        .update_subscription(&id)
        .topics([Topic::CompanyCreated])
        .active(false)
        .await
        .expect("changed");
    assert_eq!(changed.id, created.id);
    assert_eq!(changed.url, created.url, "what is not sent is kept");
    assert_eq!(changed.hub_secret, created.hub_secret);
    assert_eq!(changed.active, Some(false));
    let topics = changed.topics.clone().unwrap_or_default();
    assert!(
        topics.contains(&Topic::CompanyCreated) && !topics.contains(&Topic::UserCreated),
        "topics are replaced, not merged: {topics:?}"
    );
    assert_eq!(client.get_subscription(&id).await.expect("read"), changed);

    let second = subscribe(
        &client,
        hooks_url(&other_hooks),
        vec![Topic::from("conversation")],
    )
    .await;
    let ids: Vec<_> = client
        .list_subscriptions()
        .await
        .expect("listed")
        .items
        .unwrap_or_default()
        .into_iter()
        .filter_map(|s| s.id)
        .collect();
    assert_eq!(ids.len(), 2);
    assert!(ids.contains(&id) && ids.contains(second.id.as_ref().expect("id")));

    let deleted = client.delete_subscription(&id).await.expect("deleted");
    if let Some(deleted) = deleted {
        assert_eq!(deleted.id, created.id);
    }
    assert_not_found(client.get_subscription(&id).await);
    assert_not_found(client.delete_subscription(&id).await);
    assert_not_found(client.update_subscription(&id).await);
    let left = client.list_subscriptions().await.expect("listed");
    assert_eq!(left.items, Some(vec![second]));
}

#[tokio::test]
async fn ping_delivers_a_ping_and_records_it_as_sent() {
    let mock = mock().await;
    let client = client(&mock);
    let hooks = receiver(200).await;
    let sub = subscribe(&client, hooks_url(&hooks), vec![Topic::UserCreated]).await;
    let id = sub.id.expect("id");

    client.ping_subscription(&id).await.expect("pinged");

    let received = deliveries(&hooks, 1).await;
    let ping = body(&received[0]);
    assert_eq!(ping["type"], "notification_event");
    assert_eq!(ping["topic"], "ping");
    assert_eq!(ping["data"]["item"]["type"], "ping");
    assert!(
        ping["id"]
            .as_str()
            .is_some_and(|id| id.starts_with("notif_"))
    );
    assert_eq!(
        header(&received[0], "content-type"),
        Some("application/json")
    );
    assert_eq!(
        header(&received[0], "x-hub-signature"),
        None,
        "no hub_secret, no signature"
    );

    let sent = sent_feed(&client, &id, 1).await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].topic, Some(Topic::Ping));
    assert_eq!(sent[0].id.as_deref(), ping["id"].as_str());
    assert_eq!(sent[0].http_request, None);
    let errors = client
        .list_subscription_error_notifications(&id)
        .await
        .expect("error feed");
    assert_eq!(errors.notifications, Some(vec![]));

    assert_not_found(client.ping_subscription("nsub_missing").await);
    assert_not_found(
        client
            .list_subscription_sent_notifications("nsub_missing")
            .await,
    );
    assert_not_found(
        client
            .list_subscription_error_notifications("nsub_missing")
            .await,
    );
}

#[tokio::test]
async fn only_covered_topics_are_delivered() {
    let mock = mock().await;
    let client = client(&mock);
    let hooks = receiver(200).await;
    let sub = subscribe(&client, hooks_url(&hooks), vec![Topic::CompanyCreated]).await;
    let id = sub.id.expect("id");

    client
        .create_user()
        .user_id("u-1")
        .await
        .expect("a user, not covered");
    client
        .create_company()
        .company_id("acme")
        .name("Acme")
        .await
        .expect("a company, covered");

    let received = deliveries(&hooks, 1).await;
    let first = body(&received[0]);
    assert_eq!(first["topic"], "company.created", "{first:#}");
    assert_eq!(first["data"]["item"]["type"], "company");
    assert_eq!(first["data"]["item"]["company_id"], "acme");
    let sent = sent_feed(&client, &id, 1).await;
    let topics: Vec<_> = sent.iter().map(|n| n.topic.clone()).collect();
    assert_eq!(topics, [Some(Topic::CompanyCreated)]);
}

#[tokio::test]
async fn a_failing_receiver_is_retried_then_the_notification_is_in_the_error_feed() {
    let mock = mock().await;
    let client = client(&mock);
    let hooks = receiver(503).await;
    let sub = subscribe(&client, hooks_url(&hooks), vec![Topic::UserCreated]).await;
    let id = sub.id.expect("id");

    client.ping_subscription(&id).await.expect("pinged");

    let failed = eventually("a notification in the error feed", || async {
        let page = client
            .list_subscription_error_notifications(&id)
            .await
            .expect("the error feed");
        page.notifications.unwrap_or_default().into_iter().next()
    })
    .await;
    assert_eq!(failed.topic, Some(Topic::Ping));
    let attempts = failed.delivery_attempts.expect("delivery_attempts");
    assert!(attempts > 1, "retried: {attempts} attempts");
    let received = hooks.received_requests().await.expect("recording");
    assert_eq!(
        i64::try_from(received.len()).expect("a few"),
        attempts,
        "one POST per attempt"
    );
    for request in &received {
        assert_eq!(body(request)["id"], failed.id.as_deref().expect("id"));
    }
    let http = failed.http_request.expect("http_request");
    assert_eq!(http.request_method.as_deref(), Some("POST"));
    assert_eq!(http.request_uri, Some(hooks_url(&hooks)));
    assert_eq!(http.response_status_code, Some(503));
    let entity: Value = serde_json::from_str(http.request_entity.as_deref().expect("entity"))
        .expect("the body sent, as JSON text");
    assert_eq!(entity["topic"], "ping");

    let sent = client
        .list_subscription_sent_notifications(&id)
        .await
        .expect("sent feed");
    assert_eq!(sent.notifications, Some(vec![]), "nothing was delivered");
}

/// `body` with the first `from` replaced by `to` (of the same length).
fn tampered(body: &[u8], from: &str, to: &str) -> Vec<u8> {
    assert_eq!(from.len(), to.len());
    let at = body
        .windows(from.len())
        .position(|w| w == from.as_bytes())
        .unwrap_or_else(|| panic!("{from:?} is in the body"));
    let mut changed = body.to_vec();
    changed[at..at + to.len()].copy_from_slice(to.as_bytes());
    changed
}

#[tokio::test]
async fn a_signed_delivery_verifies_and_decodes_to_the_typed_user() {
    let mock = mock().await;
    let client = client(&mock);
    let hooks = receiver(200).await;
    let secret = "8f3c0a1e-hub-secret";
    let sub = client
        .create_subscription(hooks_url(&hooks), [Topic::UserCreated])
        .hub_secret(secret)
        .await
        .expect("subscribed");
    let id = sub.id.expect("id");

    let created = client
        .create_user()
        .user_id("u-1")
        .email("ada@example.com")
        .name("Ada Lovelace")
        .signed_up_at(1_600_000_000)
        .custom_attribute("plan_tier", "gold")
        .custom_attribute("seats", 4)
        .await
        .expect("a user");

    let received = deliveries(&hooks, 1).await;
    let delivery = &received[0];
    assert_eq!(header(delivery, "content-type"), Some("application/json"));
    let signature = header(delivery, "x-hub-signature").expect("a signed delivery");
    assert!(
        signature.len() == 45
            && signature.starts_with("sha1=")
            && signature[5..]
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
        "sha1=<40 lowercase hex digits>: {signature}"
    );

    let verifier = WebhookVerifier::new(secret);
    let notification = verifier
        .verify(&delivery.body, Some(signature))
        .expect("the mock's signature verifies with the subscription's hub_secret");
    assert_eq!(notification.topic(), Some(&Topic::UserCreated));
    assert!(notification.id().is_some_and(|id| id.starts_with("notif_")));
    assert_eq!(
        notification.envelope.type_.as_deref(),
        Some("notification_event")
    );
    let Some(NotificationItem::User(user)) = &notification.item else {
        panic!("a typed user item: {:?}", notification.item);
    };
    assert_eq!(user.id, created.id);
    assert_eq!(user.user_id.as_deref(), Some("u-1"));
    assert_eq!(user.email.as_deref(), Some("ada@example.com"));
    assert_eq!(user.name.as_deref(), Some("Ada Lovelace"));
    assert_eq!(user.custom_attributes, created.custom_attributes);
    // The delivery's RFC 3339 times fill the same typed fields as the API's Unix seconds.
    assert_eq!(user.signed_up_at, Some(1_600_000_000.into()));
    let created_at = user.created_at.as_ref().expect("created_at");
    assert_eq!(created_at.form(), TimestampForm::Rfc3339);
    assert_eq!(Some(created_at), created.created_at.as_ref());

    // A changed body, another secret, no signature or a malformed one: refused, never decoded.
    let changed = tampered(&delivery.body, "ada@example.com", "eve@example.com");
    assert!(matches!(
        verifier.verify(&changed, Some(signature)),
        Err(WebhookError::SignatureMismatch)
    ));
    assert!(matches!(
        WebhookVerifier::new("another-secret").verify(&delivery.body, Some(signature)),
        Err(WebhookError::SignatureMismatch)
    ));
    assert!(matches!(
        verifier.verify(&delivery.body, None::<&str>),
        Err(WebhookError::MissingSignature)
    ));
    assert!(matches!(
        verifier.verify(&delivery.body, Some(&signature[5..])),
        Err(WebhookError::MalformedSignature { .. })
    ));

    let sent = sent_feed(&client, &id, 1).await;
    assert_eq!(sent[0].id.as_deref(), notification.id());
    assert_eq!(sent[0].topic, Some(Topic::UserCreated));
}

#[tokio::test]
async fn taggings_and_named_events_are_delivered_as_typed_items() {
    let mock = mock().await;
    let client = client(&mock);
    let hooks = receiver(200).await;
    let secret = "another-hub-secret";
    client
        .create_subscription(
            hooks_url(&hooks),
            [Topic::UserTagCreated, Topic::EventCreated],
        )
        .hub_secret(secret)
        .metadata(SubscriptionMetadata {
            event_names: Some(vec!["placed-order".into()]),
            ..Default::default()
        })
        .await
        .expect("subscribed");
    let user = client
        .create_user()
        .user_id("u-1")
        .email("ada@example.com")
        .await
        .expect("a user (not subscribed)");

    client
        .create_tag("vip")
        .users([CreateTagRequestUser {
            user_id: Some("u-1".into()),
            ..Default::default()
        }])
        .await
        .expect("tagged");
    client
        .create_event("placed-order", 1_600_000_000)
        .user_id("u-1")
        .metadata_entry("order_number", "A-1001")
        .await
        .expect("a named event");

    let received = deliveries(&hooks, 2).await;
    let verifier = WebhookVerifier::new(secret);
    let mut tagging = None;
    let mut event = None;
    for delivery in &received {
        let notification = verifier
            .verify(&delivery.body, header(delivery, "x-hub-signature"))
            .expect("verified");
        match notification.item {
            Some(NotificationItem::UserTag(item)) => tagging = Some(item),
            Some(NotificationItem::Event(item)) => event = Some(item),
            other => panic!("an item of another topic: {other:?}"),
        }
    }
    let tagging = tagging.expect("a user.tag.created delivery");
    assert_eq!(tagging.type_.as_deref(), Some("user_tag"));
    assert_eq!(
        tagging.tag.as_ref().and_then(|t| t.name.as_deref()),
        Some("vip")
    );
    let tagged = tagging.user.as_ref().expect("the user tagged");
    assert_eq!(tagged.id, user.id);
    assert_eq!(tagged.email.as_deref(), Some("ada@example.com"));
    assert_eq!(tagged.created_at, user.created_at, "the same instant");
    let event = event.expect("an event.created delivery");
    assert_eq!(event.event_name.as_deref(), Some("placed-order"));
    assert_eq!(event.created_at, Some(1_600_000_000.into()));
    assert_eq!(event.user_id.as_deref(), Some("u-1"));
    assert_eq!(
        event
            .metadata
            .as_ref()
            .and_then(|m| m.get("order_number"))
            .cloned(),
        Some(json!("A-1001"))
    );
}
