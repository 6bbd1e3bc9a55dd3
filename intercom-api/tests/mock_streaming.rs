//! Ten thousand users created through the client in intercom-mock come back exactly once, both
//! through `list_users().stream()` (following `pages.next`) and through the scroll API.

use std::collections::HashSet;

use futures_util::{StreamExt, TryStreamExt, stream};
use intercom_api::{Client, RetryPolicy};

const USERS: usize = 10_000;

async fn client_with_users() -> (intercom_mock::MockServer, Client, HashSet<String>) {
    let mock = intercom_mock::start().await;
    let client = Client::builder()
        .token("test-token")
        .base_url(mock.url())
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client for the mock");
    let created: HashSet<String> = stream::iter(0..USERS)
        .map(|i| {
            let client = client.clone();
            async move {
                let user = client
                    .create_user()
                    .user_id(format!("user-{i}"))
                    .email(format!("user-{i}@example.com"))
                    .await?;
                Ok::<_, intercom_api::Error>(user.id.unwrap_or_default())
            }
        })
        .buffer_unordered(16)
        .try_collect()
        .await
        .expect("creating the users");
    assert_eq!(created.len(), USERS, "every create made a distinct user");
    (mock, client, created)
}

/// Collects `ids`, failing on the first id seen twice.
fn exactly_once(ids: Vec<String>) -> HashSet<String> {
    let mut seen = HashSet::new();
    for id in ids {
        assert!(seen.insert(id.clone()), "{id} came back twice");
    }
    seen
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_users_stream_through_pages_exactly_once() {
    let (mock, client, created) = client_with_users().await;
    let before = mock.request_count();

    let ids: Vec<String> = client
        .list_users()
        .stream()
        .map_ok(|user| user.id.unwrap_or_default())
        .try_collect()
        .await
        .expect("streaming the users");

    assert_eq!(ids.len(), USERS);
    assert_eq!(exactly_once(ids), created);
    let pages = mock.request_count() - before;
    assert_eq!(pages, (USERS / 50) as u64, "one request per page of 50");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_users_scroll_exactly_once() {
    let (mock, client, created) = client_with_users().await;
    let before = mock.request_count();

    let ids: Vec<String> = client
        .scroll_users()
        .stream()
        .map_ok(|user| user.id.unwrap_or_default())
        .try_collect()
        .await
        .expect("scrolling the users");

    assert_eq!(ids.len(), USERS);
    assert_eq!(exactly_once(ids), created);
    let batches = mock.request_count() - before;
    assert_eq!(
        batches,
        (USERS / 100 + 1) as u64,
        "batches of 100, then the empty one"
    );

    // The scroll closed with its empty batch: a new one opens.
    let again: Vec<_> = client
        .scroll_users()
        .stream()
        .take(1)
        .try_collect()
        .await
        .expect("a second scroll after the first ended");
    assert_eq!(again.len(), 1);
}
