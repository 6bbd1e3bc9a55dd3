//! The mock under load: many concurrent clients get every answer, and concurrent creates are
//! all kept. Counts are modest so that the test stays quick in a debug build; the `serve`
//! benchmark measures speed.

mod support;

use std::collections::HashSet;

use futures_util::{StreamExt, TryStreamExt, stream};
use serde_json::json;
use support::{TOKEN, start};

const CLIENTS: usize = 50;
const REQUESTS_PER_CLIENT: usize = 40;
const CREATES: usize = 5_000;
const IN_FLIGHT: usize = 100;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_clients_all_get_answers() {
    let api = start().await;
    let tasks: Vec<_> = (0..CLIENTS)
        .map(|_| {
            let client = reqwest::Client::new();
            let url = format!("{}/me", api.mock.url());
            tokio::spawn(async move {
                let mut ok = 0;
                for _ in 0..REQUESTS_PER_CLIENT {
                    let Ok(response) = client.get(&url).bearer_auth(TOKEN).send().await else {
                        continue;
                    };
                    let success = response.status().is_success();
                    if success && response.bytes().await.is_ok_and(|body| !body.is_empty()) {
                        ok += 1;
                    }
                }
                ok
            })
        })
        .collect();
    let mut answered = 0;
    for task in tasks {
        answered += task.await.expect("the client task ends");
    }
    assert_eq!(answered, CLIENTS * REQUESTS_PER_CLIENT);
    assert!(api.mock.request_count() >= (CLIENTS * REQUESTS_PER_CLIENT) as u64);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_creates_are_all_listed() {
    let api = start().await;
    let client = reqwest::Client::new();
    let url = format!("{}/users", api.mock.url());
    let created: Vec<u16> = stream::iter(0..CREATES)
        .map(|n| {
            let request = client.post(&url).bearer_auth(TOKEN).json(
                &json!({"user_id": format!("load-{n}"), "email": format!("load-{n}@example.com")}),
            );
            async move { request.send().await.map(|r| r.status().as_u16()) }
        })
        .buffer_unordered(IN_FLIGHT)
        .try_collect()
        .await
        .expect("every create is answered");
    assert!(
        created.iter().all(|status| *status == 200),
        "every create succeeds"
    );

    let mut seen = HashSet::new();
    let mut next = Some(format!("{url}?per_page=50"));
    while let Some(page) = next.take() {
        let body = api.fetched(&page).await;
        for user in body["users"].as_array().into_iter().flatten() {
            if let Some(user_id) = user["user_id"].as_str() {
                seen.insert(user_id.to_owned());
            }
        }
        next = body["pages"]["next"].as_str().map(str::to_owned);
    }
    let missing: Vec<_> = (0..CREATES)
        .map(|n| format!("load-{n}"))
        .filter(|id| !seen.contains(id))
        .collect();
    assert!(
        missing.is_empty(),
        "{} users missing: {:?}",
        missing.len(),
        &missing[..missing.len().min(5)]
    );
    let total = api.fetched("/users?per_page=1").await;
    assert!(
        total["total_count"].as_u64() >= Some(CREATES as u64),
        "{}",
        total["total_count"]
    );
}
