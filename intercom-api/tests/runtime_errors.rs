//! How responses that are errors, or not the expected JSON, are reported.

mod runtime_support;

use intercom_api::request::{Method, Request};
use intercom_api::{Error, RetryPolicy};
use runtime_support::{User, test_client};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server_answering(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/users/u1"))
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

fn get_user() -> Request {
    Request::new(Method::GET, "/users/{id}").path("id", "u1")
}

#[tokio::test]
async fn several_errors_are_all_kept() {
    let body = json!({
        "type": "error.list",
        "request_id": "000ctalp4ohmdpc8tmhg",
        "errors": [
            {"code": "parameter_invalid", "message": "Email is invalid", "field": "email"},
            {"type": "missing_parameter", "message": "user_id or email required"},
            {"code": "conflict"}
        ]
    });
    let server = server_answering(
        ResponseTemplate::new(422)
            .insert_header("X-RateLimit-Limit", "83")
            .insert_header("X-RateLimit-Remaining", "80")
            .insert_header("X-RateLimit-Reset", "1571000000")
            .set_body_json(&body),
    )
    .await;
    let client = test_client(&server.uri(), RetryPolicy::none());

    let err = client.send::<User>(get_user()).await.expect_err("422");

    let Error::Api(api) = &err else {
        panic!("expected Api, got {err:?}");
    };
    assert_eq!(api.status, 422);
    assert_eq!(api.request_id.as_deref(), Some("000ctalp4ohmdpc8tmhg"));
    let entries: Vec<_> = api
        .errors
        .iter()
        .map(|e| (e.code.as_deref(), e.message.as_deref(), e.field.as_deref()))
        .collect();
    assert_eq!(
        entries,
        vec![
            (
                Some("parameter_invalid"),
                Some("Email is invalid"),
                Some("email")
            ),
            (
                Some("missing_parameter"),
                Some("user_id or email required"),
                None
            ),
            (Some("conflict"), None, None),
        ]
    );
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&api.body).ok(),
        Some(body)
    );
    assert_eq!(err.status(), Some(422));
    assert_eq!(err.code(), Some("parameter_invalid"));
    assert_eq!(err.request_id(), Some("000ctalp4ohmdpc8tmhg"));
    assert_eq!(err.rate_limit().map(|l| l.remaining), Some(80));
    assert_eq!(
        client.last_rate_limit().map(|l| l.limit),
        Some(83),
        "error responses update the last rate limit too"
    );
    assert!(!err.is_retryable());
    let message = err.to_string();
    for part in [
        "HTTP 422",
        "parameter_invalid: Email is invalid (field `email`)",
        "missing_parameter: user_id or email required",
        "conflict",
        "000ctalp4ohmdpc8tmhg",
    ] {
        assert!(message.contains(part), "{part:?} missing from {message:?}");
    }
}

#[tokio::test]
async fn error_body_without_errors() {
    let server = server_answering(
        ResponseTemplate::new(404).set_body_json(json!({"type": "error.list", "request_id": null})),
    )
    .await;
    let client = test_client(&server.uri(), RetryPolicy::none());

    let err = client.send::<User>(get_user()).await.expect_err("404");

    let api = err.api_error().expect("an API error");
    assert_eq!(api.status, 404);
    assert!(api.errors.is_empty());
    assert_eq!(api.request_id, None);
    assert_eq!(err.code(), None);
    assert_eq!(err.request_id(), None);
    assert!(err.to_string().contains("HTTP 404"), "{err}");
    assert!(
        err.to_string().contains("error.list"),
        "the body is shown: {err}"
    );
}

#[tokio::test]
async fn html_error_page() {
    let html = "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>";
    let server = server_answering(
        ResponseTemplate::new(502)
            .insert_header("Content-Type", "text/html")
            .set_body_string(html),
    )
    .await;
    let client = test_client(&server.uri(), RetryPolicy::none());

    let err = client.send::<User>(get_user()).await.expect_err("502");

    let api = err.api_error().expect("an API error");
    assert_eq!(api.status, 502);
    assert!(api.errors.is_empty());
    assert_eq!(api.body, html);
    assert!(err.is_retryable());
    assert!(err.to_string().contains("502 Bad Gateway"), "{err}");
}

#[tokio::test]
async fn non_json_success_is_a_decode_error_with_the_body() {
    let server = server_answering(
        ResponseTemplate::new(200)
            .insert_header("Content-Type", "text/html")
            .set_body_string("<html>maintenance</html>"),
    )
    .await;
    let client = test_client(&server.uri(), RetryPolicy::none());

    let err = client.send::<User>(get_user()).await.expect_err("not JSON");

    match &err {
        Error::Decode { status, body, .. } => {
            assert_eq!(*status, 200);
            assert_eq!(body, "<html>maintenance</html>");
        }
        other => panic!("expected Decode, got {other:?}"),
    }
    assert_eq!(err.status(), Some(200));
    assert!(!err.is_retryable());
    assert!(
        err.to_string().contains("<html>maintenance</html>"),
        "{err}"
    );
    assert!(
        std::error::Error::source(&err).is_some(),
        "the serde error is the source"
    );
}

#[tokio::test]
async fn long_undecodable_bodies_are_cut() {
    let server =
        server_answering(ResponseTemplate::new(200).set_body_string("x".repeat(100_000))).await;
    let client = test_client(&server.uri(), RetryPolicy::none());

    let err = client.send::<User>(get_user()).await.expect_err("not JSON");

    let Error::Decode { body, .. } = &err else {
        panic!("expected Decode, got {err:?}");
    };
    assert!(body.chars().count() <= 513, "{} characters", body.len());
    assert!(body.ends_with('…'));
}

#[tokio::test]
async fn empty_bodies() {
    let server = server_answering(ResponseTemplate::new(200)).await;
    Mock::given(method("POST"))
        .and(path("/events"))
        .respond_with(ResponseTemplate::new(202))
        .mount(&server)
        .await;
    let client = test_client(&server.uri(), RetryPolicy::none());

    let err = client.send::<User>(get_user()).await.expect_err("empty");
    assert!(matches!(err, Error::Decode { status: 200, .. }), "{err:?}");
    assert!(err.to_string().contains("empty"), "{err}");

    let none: Option<User> = client
        .send_optional(get_user())
        .await
        .expect("empty is None");
    assert_eq!(none, None);

    let event = Request::new(Method::POST, "/events").json(&json!({"event_name": "signed-up"}));
    client.send_empty(event).await.expect("202 with no body");
}

#[tokio::test]
async fn optional_bodies_are_decoded_when_present() {
    let server = server_answering(
        ResponseTemplate::new(200).set_body_json(json!({"type": "tag", "id": "u1"})),
    )
    .await;
    let client = test_client(&server.uri(), RetryPolicy::none());

    let user: Option<User> = client.send_optional(get_user()).await.expect("a body");

    assert_eq!(user.and_then(|u| u.id).as_deref(), Some("u1"));
}

#[tokio::test]
async fn success_metadata_is_readable() {
    let server = server_answering(
        ResponseTemplate::new(200)
            .insert_header("X-RateLimit-Limit", "500")
            .insert_header("X-RateLimit-Remaining", "321")
            .insert_header("X-RateLimit-Reset", "1571000010")
            .set_body_json(json!({"type": "user", "id": "u1"})),
    )
    .await;
    let client = test_client(&server.uri(), RetryPolicy::none());
    assert_eq!(client.last_rate_limit(), None);

    let response = client
        .send_with_meta::<User>(get_user())
        .await
        .expect("200");

    assert_eq!(response.status, 200);
    assert_eq!(response.body.id.as_deref(), Some("u1"));
    let limit = response.rate_limit.expect("headers");
    assert_eq!(
        (limit.limit, limit.remaining, limit.reset),
        (500, 321, 1_571_000_010)
    );
    assert_eq!(
        client.clone().last_rate_limit(),
        Some(limit),
        "clones share it"
    );
}

#[tokio::test]
async fn unserializable_body_sends_nothing() {
    let server = MockServer::start().await;
    let client = test_client(&server.uri(), RetryPolicy::none());
    let mut map = std::collections::HashMap::new();
    map.insert((1, 2), "a tuple key cannot be a JSON key");

    let err = client
        .send_empty(Request::new(Method::POST, "/users").json(&map))
        .await
        .expect_err("cannot serialize");

    assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
    assert!(err.to_string().contains("serialized"), "{err}");
    assert_eq!(server.received_requests().await.map(|r| r.len()), Some(0));
}
