//! Paged lists: `pages` with absolute `next` links to the mock itself.

mod support;

use std::collections::HashSet;

use serde_json::{Value, json};
use support::{Api, ids, start};

/// Creates `count` users with POSTs; answers their ids in creation order.
async fn users(api: &Api, count: usize) -> Vec<String> {
    let mut created = Vec::with_capacity(count);
    for i in 0..count {
        let user = api
            .created(
                "/users",
                json!({"user_id": format!("u{i}"), "email": format!("u{i}@example.com")}),
            )
            .await;
        created.push(user["id"].as_str().expect("an id").to_owned());
    }
    created
}

/// Follows `next` from `first` to the end; answers every page.
async fn follow(api: &Api, first: &str) -> Vec<Value> {
    let mut pages = vec![api.fetched(first).await];
    while let Some(next) = pages.last().and_then(|p| p["pages"]["next"].as_str()) {
        assert!(next.starts_with(api.mock.url()), "next is absolute: {next}");
        let next = next.to_owned();
        pages.push(api.fetched(&next).await);
        assert!(pages.len() <= 10, "next links never end");
    }
    pages
}

fn all_ids(pages: &[Value]) -> Vec<String> {
    pages.iter().flat_map(|p| ids(&p["users"])).collect()
}

#[tokio::test]
async fn one_hundred_twenty_users_come_in_three_pages_each_once() {
    let api = start().await;
    let created = users(&api, 120).await;

    let pages = follow(&api, "/users?per_page=50").await;
    assert_eq!(pages.len(), 3);
    for (i, page) in pages.iter().enumerate() {
        assert_eq!(page["type"], "user.list");
        assert_eq!(page["total_count"], 120);
        let meta = &page["pages"];
        assert_eq!(meta["type"], "pages");
        assert_eq!(meta["page"], i + 1);
        assert_eq!(meta["per_page"], 50);
        assert_eq!(meta["total_pages"], 3);
        assert_eq!(
            page["users"].as_array().map(Vec::len),
            Some([50, 50, 20][i])
        );
    }
    let second = pages[0]["pages"]["next"].as_str().unwrap();
    let url = url::Url::parse(second).expect("an absolute URL");
    assert_eq!(url.path(), "/users");
    let query: HashSet<(String, String)> = url.query_pairs().into_owned().collect();
    assert!(query.contains(&("page".into(), "2".into())), "{second}");
    assert!(
        query.contains(&("per_page".into(), "50".into())),
        "{second}"
    );
    assert_eq!(pages[2]["pages"]["next"], Value::Null);

    let seen = all_ids(&pages);
    assert_eq!(seen.len(), 120);
    assert_eq!(
        seen.iter().collect::<HashSet<_>>().len(),
        120,
        "each id once"
    );

    // Newest first: created_at never increases, and creation ties keep newest first.
    let times: Vec<i64> = pages
        .iter()
        .flat_map(|p| {
            p["users"]
                .as_array()
                .unwrap()
                .iter()
                .map(|u| u["created_at"].as_i64().unwrap())
        })
        .collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "{times:?}");
    let mut newest_first = created.clone();
    newest_first.reverse();
    assert_eq!(seen, newest_first);

    let ascending = all_ids(&follow(&api, "/users?order=asc").await);
    assert_eq!(ascending, created);
}

#[tokio::test]
async fn the_default_page_size_is_fifty_and_more_is_clamped() {
    let api = start().await;
    users(&api, 60).await;
    let default = api.fetched("/users").await;
    assert_eq!(default["pages"]["per_page"], 50);
    assert_eq!(default["users"].as_array().map(Vec::len), Some(50));
    let clamped = api.fetched("/users?per_page=500").await;
    assert_eq!(clamped["pages"]["per_page"], 50);
    assert_eq!(clamped["users"].as_array().map(Vec::len), Some(50));
    assert_eq!(clamped["pages"]["total_pages"], 2);
    let next = clamped["pages"]["next"].as_str().unwrap();
    assert!(next.contains("per_page=50"), "{next}");
    let small = api.fetched("/users?per_page=7&page=9").await;
    assert_eq!(small["pages"]["page"], 9);
    assert_eq!(small["users"].as_array().map(Vec::len), Some(4));
    assert_eq!(small["pages"]["next"], Value::Null);
    assert_eq!(small["total_count"], 60);
    let past_the_end = api.fetched("/users?per_page=7&page=10").await;
    assert_eq!(past_the_end["users"], json!([]));
}

#[tokio::test]
async fn next_links_keep_the_other_query_parameters() {
    let api = start().await;
    let created = users(&api, 5).await;
    let pages = follow(
        &api,
        "/users?order=asc&sort=created_at&created_since=1&per_page=2",
    )
    .await;
    assert_eq!(pages.len(), 3);
    for page in &pages[..2] {
        let next = page["pages"]["next"].as_str().unwrap();
        let url = url::Url::parse(next).unwrap();
        let query: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        for pair in [
            ("order", "asc"),
            ("sort", "created_at"),
            ("created_since", "1"),
            ("per_page", "2"),
        ] {
            assert!(
                query.contains(&(pair.0.into(), pair.1.into())),
                "{pair:?} in {next}"
            );
        }
        assert_eq!(
            query.iter().filter(|(k, _)| k == "page").count(),
            1,
            "{next}"
        );
    }
    assert_eq!(all_ids(&pages), created, "asc, kept on every page");
}

#[tokio::test]
async fn an_empty_list_is_one_page() {
    let api = start().await;
    let list = api.fetched("/users").await;
    assert_eq!(list["users"], json!([]));
    assert_eq!(list["total_count"], 0);
    assert_eq!(list["pages"]["page"], 1);
    assert_eq!(list["pages"]["total_pages"], 1);
    assert_eq!(list["pages"]["next"], Value::Null);
}
