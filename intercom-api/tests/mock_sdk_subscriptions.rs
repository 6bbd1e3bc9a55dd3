//! Webhook subscriptions through the client against intercom-mock: creating, reading, changing
//! and deleting them, the pings and notifications the mock delivers to a loopback receiver,
//! and the sent and error feeds that record them.
//!
//! Deliveries are asynchronous: the tests poll the receiver and the feeds with a bounded wait,
//! and never assert on timing.

mod mock_support;

use std::time::Duration;

use intercom_api::Client;
use intercom_api::types::{
    CreateCompanyRequest, CreateSubscriptionRequest, CreateUserRequest, Notification, ServiceType,
    Subscription, SubscriptionMetadata, Topic, UpdateSubscriptionRequest,
};
use mock_support::{assert_not_found, client, mock};
use serde_json::Value;
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
        .create_subscription(CreateSubscriptionRequest {
            service_type: Some(ServiceType::Web),
            url: Some(url),
            topics: Some(topics),
            ..Default::default()
        })
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

    let created = client
        .create_subscription(CreateSubscriptionRequest {
            service_type: Some(ServiceType::Web),
            url: Some("https://hooks.example.com/intercom".into()),
            topics: Some(vec![Topic::UserCreated, Topic::EventCreated]),
            hub_secret: Some("s3cr3t".into()),
            metadata: Some(SubscriptionMetadata {
                event_names: Some(vec!["placed-order".into()]),
                ..Default::default()
            }),
            ..Default::default()
        })
        .await
        .expect("created");
    let id = created.id.clone().expect("an id");
    assert!(id.starts_with("nsub_"), "{id}");
    assert_eq!(created.type_.as_deref(), Some("notification_subscription"));
    assert_eq!(created.service_type.as_deref(), Some("web"));
    assert_eq!(
        created.url.as_deref(),
        Some("https://hooks.example.com/intercom")
    );
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
        .update_subscription(
            &id,
            UpdateSubscriptionRequest {
                topics: Some(vec![Topic::CompanyCreated]),
                active: Some(false),
                ..Default::default()
            },
        )
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
        "https://hooks.example.com/second".into(),
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
    assert_not_found(
        client
            .update_subscription(&id, UpdateSubscriptionRequest::default())
            .await,
    );
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
        .create_user(CreateUserRequest {
            user_id: Some("u-1".into()),
            ..Default::default()
        })
        .await
        .expect("a user, not covered");
    client
        .create_company(CreateCompanyRequest {
            company_id: Some("acme".into()),
            name: Some("Acme".into()),
            ..Default::default()
        })
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
