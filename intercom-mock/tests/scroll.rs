//! Scrolls: batches of 100 until an empty one, one open scroll per app, expiry.

mod support;

use std::collections::HashSet;
use std::time::Duration;

use intercom_mock::{MockBuilder, MockServer, Seed};
use serde_json::{Value, json};
use support::{Api, error, ids, start_with};

/// A mock seeded with `users` users and two companies.
fn seeded(users: usize) -> MockBuilder {
    let seed = Seed {
        users: (0..users)
            .map(|i| json!({"user_id": format!("u{i}"), "email": format!("u{i}@example.com")}))
            .collect(),
        companies: vec![json!({"company_id": "c1"}), json!({"company_id": "c2"})],
        ..Seed::default()
    };
    MockServer::builder().seed(seed)
}

fn scroll_param(batch: &Value) -> String {
    batch["scroll_param"]
        .as_str()
        .unwrap_or_else(|| panic!("no scroll_param: {batch}"))
        .to_owned()
}

async fn next(api: &Api, path: &str, param: &str) -> Value {
    api.fetched(&format!("{path}?scroll_param={param}")).await
}

#[tokio::test]
async fn a_scroll_returns_batches_of_one_hundred_until_an_empty_one() {
    let api = start_with(seeded(250)).await;
    let first = api.fetched("/users/scroll").await;
    assert_eq!(first["type"], "user.list");
    assert!(first.get("pages").is_none(), "{first}");
    let param = scroll_param(&first);
    let mut seen = ids(&first["users"]);
    assert_eq!(seen.len(), 100);

    let second = next(&api, "/users/scroll", &param).await;
    assert_eq!(second["users"].as_array().map(Vec::len), Some(100));
    let third = next(&api, "/users/scroll", &scroll_param(&second)).await;
    assert_eq!(third["users"].as_array().map(Vec::len), Some(50));
    seen.extend(ids(&second["users"]));
    seen.extend(ids(&third["users"]));
    assert_eq!(
        seen.iter().collect::<HashSet<_>>().len(),
        250,
        "every user once"
    );

    let last = next(&api, "/users/scroll", &scroll_param(&third)).await;
    assert_eq!(last["users"], json!([]), "the end");

    // The empty batch closed the scroll: its param is refused and a new scroll opens.
    let (status, _, _) = api
        .get(&format!("/users/scroll?scroll_param={param}"))
        .await;
    assert_eq!(status, 404);
    let again = api.fetched("/users/scroll").await;
    assert_eq!(again["users"].as_array().map(Vec::len), Some(100));
    assert_ne!(scroll_param(&again), param);
}

#[tokio::test]
async fn only_one_scroll_is_open_at_a_time() {
    let api = start_with(seeded(150)).await;
    let first = api.fetched("/users/scroll").await;
    let (status, _, body) = api.get("/users/scroll").await;
    assert_eq!(status, 400, "{body}");
    error(&body, "scroll_exists");
    let (status, _, body) = api.get("/companies/scroll").await;
    assert_eq!(status, 400, "one per app, whatever the list: {body}");
    error(&body, "scroll_exists");
    // The open scroll is not disturbed by the refusals.
    let second = next(&api, "/users/scroll", &scroll_param(&first)).await;
    assert_eq!(second["users"].as_array().map(Vec::len), Some(50));
}

#[tokio::test]
async fn an_unknown_scroll_param_is_not_found() {
    let api = start_with(seeded(3)).await;
    let (status, _, body) = api.get("/users/scroll?scroll_param=made-up").await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(body["type"], "error.list");
    // With a scroll open, another param is still unknown.
    api.fetched("/users/scroll").await;
    let (status, _, _) = api.get("/users/scroll?scroll_param=made-up").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn a_scroll_param_belongs_to_its_list() {
    let api = start_with(seeded(3)).await;
    let users = api.fetched("/users/scroll").await;
    let (status, _, body) = api
        .get(&format!(
            "/companies/scroll?scroll_param={}",
            scroll_param(&users)
        ))
        .await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(
        api.get(&format!(
            "/contacts/scroll?scroll_param={}",
            scroll_param(&users)
        ))
        .await
        .0,
        404
    );
}

#[tokio::test]
async fn an_unused_scroll_expires() {
    let api = start_with(seeded(150).scroll_expiry(Duration::from_millis(100))).await;
    let first = api.fetched("/users/scroll").await;
    let param = scroll_param(&first);
    tokio::time::sleep(Duration::from_millis(150)).await;
    let (status, _, body) = api
        .get(&format!("/users/scroll?scroll_param={param}"))
        .await;
    assert_eq!(status, 404, "expired: {body}");
    let fresh = api.fetched("/users/scroll").await;
    assert_eq!(fresh["users"].as_array().map(Vec::len), Some(100));

    // Expiry also frees the app for a new scroll without the old param being sent back.
    tokio::time::sleep(Duration::from_millis(150)).await;
    let companies = api.fetched("/companies/scroll").await;
    assert_eq!(companies["type"], "company.list");
    assert_eq!(companies["companies"].as_array().map(Vec::len), Some(2));
}

#[tokio::test]
async fn a_used_scroll_stays_open() {
    let api = start_with(seeded(250).scroll_expiry(Duration::from_millis(300))).await;
    let mut param = scroll_param(&api.fetched("/users/scroll").await);
    for _ in 0..2 {
        tokio::time::sleep(Duration::from_millis(200)).await;
        let batch = next(&api, "/users/scroll", &param).await;
        assert!(!batch["users"].as_array().unwrap().is_empty());
        param = scroll_param(&batch);
    }
}

#[tokio::test]
async fn a_reset_closes_the_open_scroll() {
    let api = start_with(seeded(150)).await;
    let first = api.fetched("/users/scroll").await;
    api.mock.reset();
    assert_eq!(
        api.get(&format!(
            "/users/scroll?scroll_param={}",
            scroll_param(&first)
        ))
        .await
        .0,
        404
    );
    assert_eq!(api.get("/users/scroll").await.0, 200);
}
