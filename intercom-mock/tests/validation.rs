//! What the mock refuses before any handler runs, and the headers every answer carries.

mod support;

use intercom_mock::MockServer;
use reqwest::Method;
use serde_json::json;
use support::{error, field, header, send, start, start_with};

#[tokio::test]
async fn an_unknown_path_is_a_not_found_error_list() {
    let api = start().await;
    let (status, _, body) = api.get("/no/such/thing").await;
    assert_eq!(status, 404);
    error(&body, "not_found");
    assert!(body["request_id"].as_str().is_some_and(|id| !id.is_empty()));
}

#[tokio::test]
async fn a_known_path_with_another_method_is_not_found() {
    let api = start().await;
    // `/users/{id}` is served for GET only; `/me` for GET only.
    let (status, _, body) = api.put("/users/abc", json!({})).await;
    assert_eq!(status, 404, "{body}");
    error(&body, "not_found");
    let (status, _, body) = api.delete("/me").await;
    assert_eq!(status, 404, "{body}");
    error(&body, "not_found");
}

#[tokio::test]
async fn a_request_without_credentials_is_unauthorized() {
    let api = start().await;
    let (status, _, body) = send(api.client.get(api.url("/users"))).await;
    assert_eq!(status, 401);
    error(&body, "unauthorized");

    let empty = api
        .client
        .get(api.url("/users"))
        .header("Authorization", "Bearer ");
    let (status, _, body) = send(empty).await;
    assert_eq!(status, 401, "{body}");
    error(&body, "unauthorized");

    let other_scheme = api
        .client
        .get(api.url("/users"))
        .header("Authorization", "Token abc");
    assert_eq!(send(other_scheme).await.0, 401);
}

#[tokio::test]
async fn a_configured_token_is_the_only_one_accepted() {
    let api = start_with(MockServer::builder().token("secret")).await;
    let wrong = api.client.get(api.url("/users")).bearer_auth("not-secret");
    let (status, _, body) = send(wrong).await;
    assert_eq!(status, 401, "{body}");
    assert_eq!(body["type"], "error.list");

    let right = api.client.get(api.url("/users")).bearer_auth("secret");
    let (status, _, body) = send(right).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["type"], "user.list");

    // The scheme is case-insensitive (RFC 7235).
    let lower = api
        .client
        .get(api.url("/users"))
        .header("Authorization", "bearer secret");
    assert_eq!(send(lower).await.0, 200);
}

#[tokio::test]
async fn http_basic_with_the_token_as_user_name_is_accepted() {
    let api = start_with(MockServer::builder().token("secret")).await;
    let basic = api
        .client
        .get(api.url("/users"))
        .basic_auth("secret", None::<&str>);
    let (status, _, body) = send(basic).await;
    assert_eq!(status, 200, "{body}");
    let with_password = api
        .client
        .get(api.url("/users"))
        .basic_auth("secret", Some("x"));
    assert_eq!(send(with_password).await.0, 200);
    let wrong = api
        .client
        .get(api.url("/users"))
        .basic_auth("other", None::<&str>);
    assert_eq!(send(wrong).await.0, 401);
}

#[tokio::test]
async fn a_missing_required_query_parameter_is_named() {
    let api = start().await;
    let (status, _, body) = api.get("/admins/activity_logs").await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(field(&body), "created_at_after");
    assert_eq!(body["errors"][0]["code"], "parameter_not_found");
    // An empty value is no value.
    let (status, _, body) = api.get("/admins/activity_logs?created_at_after=").await;
    assert_eq!((status, field(&body)), (400, "created_at_after"));
    let (status, _, body) = api
        .get("/admins/activity_logs?created_at_after=1500000000")
        .await;
    assert_eq!(status, 200, "{body}");
}

#[tokio::test]
async fn an_unknown_query_parameter_is_named() {
    let api = start().await;
    let (status, _, body) = api.get("/users?colour=blue").await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(field(&body), "colour");
    let (status, _, body) = api.get("/users/scroll?page=2").await;
    assert_eq!((status, field(&body)), (400, "page"), "{body}");
}

#[tokio::test]
async fn parameters_of_the_wrong_type_are_named() {
    let api = start().await;
    let (status, _, body) = api.get("/users?created_since=abc").await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(field(&body), "created_since");
    error(&body, "parameter_invalid");

    let (status, _, body) = api.get("/users?order=sideways").await;
    assert_eq!((status, field(&body)), (400, "order"), "{body}");
    let (status, _, body) = api.get("/users?sort=name").await;
    assert_eq!((status, field(&body)), (400, "sort"), "{body}");
    let (status, _, body) = api.get("/users?per_page=many").await;
    assert_eq!((status, field(&body)), (400, "per_page"), "{body}");
    let (status, _, body) = api.get("/segments?include_count=yes").await;
    assert_eq!((status, field(&body)), (400, "include_count"), "{body}");

    assert_eq!(
        api.get("/users?order=asc&sort=updated_at&created_since=3")
            .await
            .0,
        200
    );
}

#[tokio::test]
async fn one_of_needs_one_of_its_parameters() {
    let api = start().await;
    let (status, _, body) = api.delete("/users").await;
    assert_eq!(status, 400, "{body}");
    let named = field(&body);
    assert!(
        named.contains("email") && named.contains("user_id"),
        "{body}"
    );
    // Either one will do (the user is then looked up, and is not there).
    let (status, _, body) = api.delete("/users?email=nobody@example.com").await;
    assert_eq!(status, 404, "{body}");
}

#[tokio::test]
async fn a_body_of_the_wrong_shape_is_refused_naming_the_field() {
    let api = start().await;
    let (status, _, body) = api.post("/users", json!({"email": 5})).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(field(&body), "email");
    error(&body, "parameter_invalid");

    let nested = json!({"user_id": "u", "companies": [{"company_id": 7}]});
    let (status, _, body) = api.post("/users", nested).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(field(&body), "companies[0].company_id");

    let unknown = json!({"user_id": "u", "favourite_colour": "blue"});
    let (status, _, body) = api.post("/users", unknown).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(field(&body), "favourite_colour");

    let (status, _, body) = api.post("/users", json!([{"user_id": "u"}])).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(field(&body), "body");

    // Nothing of the refused bodies was stored.
    let list = api.fetched("/users").await;
    assert_eq!(list["total_count"], 0, "{list}");
}

#[tokio::test]
async fn a_body_that_is_not_json_is_refused() {
    let api = start().await;
    let request = api
        .request(Method::POST, "/users")
        .header("Content-Type", "application/json")
        .body("{\"user_id\": ");
    let (status, _, body) = send(request).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["type"], "error.list");
}

#[tokio::test]
async fn a_body_on_an_endpoint_that_takes_none_is_refused() {
    let api = start().await;
    let request = api
        .request(Method::GET, "/users")
        .header("Content-Type", "application/json")
        .body("{\"user_id\": \"u\"}");
    let (status, _, body) = send(request).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["type"], "error.list");
    // Whitespace is no body.
    let blank = api.request(Method::GET, "/users").body("  \n");
    assert_eq!(send(blank).await.0, 200);
}

#[tokio::test]
async fn only_versions_one_zero_to_one_four_are_accepted() {
    let api = start().await;
    let bad = api
        .request(Method::GET, "/users")
        .header("Intercom-Version", "9.9");
    let (status, _, body) = send(bad).await;
    assert_eq!(status, 400, "{body}");
    error(&body, "intercom_version_invalid");
    for version in ["1.0", "1.1", "1.2", "1.3", "1.4"] {
        let good = api
            .request(Method::GET, "/users")
            .header("Intercom-Version", version);
        let (status, _, body) = send(good).await;
        assert_eq!(status, 200, "{version}: {body}");
    }
}

#[tokio::test]
async fn every_answer_carries_rate_limit_headers_and_json() {
    let api = start().await;
    let answers = [
        api.get("/users").await,
        api.get("/nowhere").await,
        api.get("/users?order=sideways").await,
        send(api.client.get(api.url("/users"))).await,
        api.post("/users", json!({"user_id": "u1"})).await,
    ];
    let statuses: Vec<u16> = answers.iter().map(|(s, _, _)| *s).collect();
    assert_eq!(statuses, [200, 404, 400, 401, 200]);
    for (status, headers, _) in &answers {
        for name in [
            "X-RateLimit-Limit",
            "X-RateLimit-Remaining",
            "X-RateLimit-Reset",
        ] {
            assert!(
                header(headers, name).parse::<u64>().is_ok(),
                "{status}: {name} in {headers:?}"
            );
        }
        assert!(
            header(headers, "Content-Type").starts_with("application/json"),
            "{status}: {headers:?}"
        );
    }
}

#[tokio::test]
async fn literal_segments_win_over_path_parameters() {
    let api = start().await;
    api.created("/users", json!({"user_id": "u1"})).await;
    let (status, _, body) = api.get("/users/scroll").await;
    assert_eq!(status, 200, "{body}");
    assert!(
        body["scroll_param"].is_string(),
        "the scroll, not get_user: {body}"
    );
    assert_eq!(body["users"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn path_parameters_are_percent_decoded() {
    let api = start().await;
    let (status, _, body) = api.get("/users/a%2Fb").await;
    assert_eq!(status, 404, "{body}");
    error(&body, "not_found");
    // One segment: with the decoded id stored, it is found.
    let seeded = intercom_mock::Seed::from_json(r#"{"users": [{"id": "a/b", "user_id": "ab"}]}"#)
        .expect("seed");
    api.mock.load(seeded);
    let user = api.fetched("/users/a%2Fb").await;
    assert_eq!(user["user_id"], "ab");
}

#[tokio::test]
async fn fixed_query_pairs_choose_the_operation() {
    let api = start().await;
    let companies = api.fetched("/data_attributes?model=company").await;
    assert!(companies["data_attributes"].is_array(), "{companies}");
    let customers = api.fetched("/data_attributes?model=customer").await;
    assert!(customers["data_attributes"].is_array(), "{customers}");
    // Without `model` it is the 1.4 list of both models; another model is no parameter of it.
    let all = api.fetched("/data_attributes").await;
    let models: std::collections::BTreeSet<&str> = all["data_attributes"]
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|a| a["model"].as_str())
        .collect();
    assert_eq!(models, ["company", "customer"].into());
    let (status, _, body) = api.get("/data_attributes?model=other").await;
    assert_eq!((status, field(&body)), (400, "model"), "{body}");
}
