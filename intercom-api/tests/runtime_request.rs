//! What goes over the wire: paths, query strings, headers and bodies.

mod runtime_support;

use intercom_api::request::{Method, QueryValue, Request};
use intercom_api::{Client, Error, RetryPolicy};
use runtime_support::{TOKEN, test_client};
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn echo_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"type": "user", "id": "x"})))
        .mount(&server)
        .await;
    server
}

async fn received(server: &MockServer) -> Vec<wiremock::Request> {
    server.received_requests().await.unwrap_or_default()
}

#[tokio::test]
async fn path_parameters_stay_one_segment() {
    let server = echo_server().await;
    let client = test_client(&server.uri(), RetryPolicy::none());
    let cases = [
        ("../admins", "/users/..%2Fadmins"),
        ("../../me", "/users/..%2F..%2Fme"),
        ("a/b", "/users/a%2Fb"),
        ("?", "/users/%3F"),
        ("x?email=a", "/users/x%3Femail%3Da"),
        ("#", "/users/%23"),
        ("%", "/users/%25"),
        ("%2e%2e", "/users/%252e%252e"),
        ("a b", "/users/a%20b"),
        ("héllo", "/users/h%C3%A9llo"),
        ("5a1b-2c_3d.4~e", "/users/5a1b-2c_3d.4~e"),
        ("...", "/users/..."),
        ("\\..\\", "/users/%5C..%5C"),
    ];

    for (value, _) in cases {
        let req = Request::new(Method::GET, "/users/{id}").path("id", value);
        client
            .send::<serde_json::Value>(req)
            .await
            .unwrap_or_else(|err| panic!("{value:?}: {err}"));
    }

    let paths: Vec<String> = received(&server)
        .await
        .iter()
        .map(|r| r.url.path().to_owned())
        .collect();
    let expected: Vec<&str> = cases.iter().map(|(_, path)| *path).collect();
    assert_eq!(paths, expected);
    assert!(
        received(&server)
            .await
            .iter()
            .all(|r| r.url.query().is_none())
    );
}

#[tokio::test]
async fn dot_segments_and_empty_values_are_refused_without_a_request() {
    let server = echo_server().await;
    let client = test_client(&server.uri(), RetryPolicy::none());

    for value in ["..", ".", ""] {
        let req = Request::new(Method::DELETE, "/users/{id}").path("id", value);
        let err = client.send_empty(req).await.expect_err("not one segment");
        assert!(
            matches!(err, Error::InvalidRequest { .. }),
            "{value:?}: {err:?}"
        );
    }

    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn several_path_parameters_and_a_base_path_prefix() {
    let server = echo_server().await;
    let client = test_client(&format!("{}/intercom/", server.uri()), RetryPolicy::none());

    let req = Request::new(
        Method::DELETE,
        "/conversations/{conversation_id}/customers/{id}",
    )
    .path("conversation_id", "c/1")
    .path("id", "u 2")
    .json(&json!({"admin_id": "7"}));
    client.send_empty(req).await.expect("200");

    let requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].method.as_str(), "DELETE");
    assert_eq!(
        requests[0].url.path(),
        "/intercom/conversations/c%2F1/customers/u%202"
    );
}

#[tokio::test]
async fn query_values_are_rendered_as_the_api_expects() {
    struct Order;
    impl QueryValue for Order {
        fn to_query_value(&self) -> String {
            "desc".to_owned()
        }
    }
    let server = echo_server().await;
    let client = test_client(&server.uri(), RetryPolicy::none());
    let email: Option<String> = None;

    let req = Request::new(Method::GET, "/users")
        .query("order", &Order)
        .query("created_since", &1_570_000_000_i64)
        .query("include_count", &true)
        .query("open", &false)
        .query("per_page", &50.0_f64)
        .query("ratio", &0.5_f64)
        .query_opt("email", email.as_deref())
        .query_opt("sort", None::<&Order>)
        .query_opt("user_id", Some("a&b=c d+é"));
    client.send::<serde_json::Value>(req).await.expect("200");

    let requests = received(&server).await;
    assert_eq!(
        requests[0].url.query(),
        Some(
            "order=desc&created_since=1570000000&include_count=true&open=false&per_page=50\
             &ratio=0.5&user_id=a%26b%3Dc+d%2B%C3%A9"
        )
    );
    let pairs: Vec<(String, String)> = requests[0]
        .url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    assert!(pairs.contains(&("user_id".to_owned(), "a&b=c d+é".to_owned())));
    assert!(!pairs.iter().any(|(k, _)| k == "email" || k == "sort"));
}

#[tokio::test]
async fn default_headers() {
    let server = echo_server().await;
    let client = test_client(&server.uri(), RetryPolicy::none());

    client
        .send::<serde_json::Value>(Request::new(Method::GET, "/me"))
        .await
        .expect("200");
    let body = json!({"name": "Ann", "custom_attributes": {"paid": true}});
    client
        .send::<serde_json::Value>(Request::new(Method::POST, "/users").json(&body))
        .await
        .expect("200");

    let requests = received(&server).await;
    let header = |i: usize, name: &str| {
        requests[i]
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    for i in 0..2 {
        assert_eq!(header(i, "authorization"), Some(format!("Bearer {TOKEN}")));
        assert_eq!(header(i, "accept").as_deref(), Some("application/json"));
        assert_eq!(header(i, "intercom-version").as_deref(), Some("1.4"));
        assert!(
            header(i, "user-agent").is_some_and(|ua| ua.starts_with("intercom-api-rust/")),
            "{:?}",
            header(i, "user-agent")
        );
    }
    assert_eq!(header(0, "content-type"), None, "no body, no content type");
    assert!(requests[0].body.is_empty());
    assert_eq!(
        header(1, "content-type").as_deref(),
        Some("application/json")
    );
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&requests[1].body).ok(),
        Some(body)
    );
}

#[tokio::test]
async fn header_parameters_are_sent_and_bad_ones_refused_without_a_request() {
    let server = echo_server().await;
    let client = test_client(&server.uri(), RetryPolicy::none());
    let req = Request::new(Method::GET, "/things")
        .header("X-Request-Id", "req-42")
        .header_opt("On-Behalf-Of", Some("acct 7"))
        .header_opt("If-Match", None::<&str>)
        .header("X-Page", &3_i64);
    client.send::<serde_json::Value>(req).await.expect("200");
    let requests = received(&server).await;
    let header = |name: &str| {
        requests[0]
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    assert_eq!(header("x-request-id").as_deref(), Some("req-42"));
    assert_eq!(header("on-behalf-of").as_deref(), Some("acct 7"));
    assert_eq!(header("x-page").as_deref(), Some("3"));
    assert_eq!(header("if-match"), None);
    assert_eq!(header("authorization"), Some(format!("Bearer {TOKEN}")));

    for req in [
        Request::new(Method::GET, "/things").header("X-Note", "two\nlines"),
        Request::new(Method::GET, "/things").header("Bad Name", "x"),
    ] {
        let err = client
            .send::<serde_json::Value>(req)
            .await
            .expect_err("refused");
        assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
    }
    assert_eq!(received(&server).await.len(), 1, "nothing more was sent");
}

#[tokio::test]
async fn configured_headers() {
    let server = echo_server().await;
    let client = Client::builder()
        .token(format!("  {TOKEN}\n"))
        .base_url(server.uri())
        .intercom_version("1.2")
        .user_agent("my-app/2.0")
        .build()
        .expect("a client");

    client
        .send::<serde_json::Value>(Request::new(Method::GET, "/me"))
        .await
        .expect("200");

    let requests = received(&server).await;
    let header = |name: &str| requests[0].headers.get(name).and_then(|v| v.to_str().ok());
    assert_eq!(
        header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    assert_eq!(header("intercom-version"), Some("1.2"));
    assert_eq!(header("user-agent"), Some("my-app/2.0"));
}

#[tokio::test]
async fn custom_http_client_keeps_its_user_agent() {
    let server = echo_server().await;
    let http = reqwest::Client::builder()
        .user_agent("custom-agent/1")
        .build()
        .expect("a reqwest client");
    let client = Client::builder()
        .token(TOKEN)
        .base_url(server.uri())
        .http_client(http)
        .build()
        .expect("a client");

    client
        .send::<serde_json::Value>(Request::new(Method::GET, "/me"))
        .await
        .expect("200");

    let requests = received(&server).await;
    let header = |name: &str| requests[0].headers.get(name).and_then(|v| v.to_str().ok());
    assert_eq!(header("user-agent"), Some("custom-agent/1"));
    assert_eq!(
        header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
}

#[tokio::test]
async fn a_client_with_an_unusable_token_sends_nothing() {
    let server = echo_server().await;
    let client = Client::new("bad\ntoken");

    let err = client
        .send::<serde_json::Value>(Request::new(Method::GET, "/me"))
        .await
        .expect_err("the token cannot be a header");

    assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
    assert!(!err.to_string().contains("bad"), "{err}");
    assert!(received(&server).await.is_empty());
}

#[test]
fn regions_choose_the_host() {
    use intercom_api::Region;
    let base = |region| {
        Client::builder()
            .token(TOKEN)
            .region(region)
            .build()
            .map(|c| c.base_url().to_owned())
            .ok()
    };
    assert_eq!(
        base(Region::Us).as_deref(),
        Some("https://api.intercom.io/")
    );
    assert_eq!(
        base(Region::Eu).as_deref(),
        Some("https://api.eu.intercom.io/")
    );
    assert_eq!(
        base(Region::Au).as_deref(),
        Some("https://api.au.intercom.io/")
    );
    assert_eq!(Client::new(TOKEN).base_url(), "https://api.intercom.io/");
}

#[test]
fn send_futures_are_send_and_static_when_boxed() {
    use std::future::Future;
    use std::pin::Pin;
    type Boxed<T> = Pin<Box<dyn Future<Output = intercom_api::Result<T>> + Send + 'static>>;

    let client = Client::new(TOKEN);
    let req = || Request::new(Method::GET, "/me");
    let c = client.clone();
    let r = req();
    let _send: Boxed<serde_json::Value> = Box::pin(async move { c.send(r).await });
    let c = client.clone();
    let r = req();
    let _empty: Boxed<()> = Box::pin(async move { c.send_empty(r).await });
    let c = client.clone();
    let r = req();
    let _optional: Boxed<Option<serde_json::Value>> =
        Box::pin(async move { c.send_optional(r).await });
    let c = client.clone();
    let r = req();
    let _list: Boxed<runtime_support::UserList> = Box::pin(async move { c.send_list(r).await });
    let _meta: Boxed<intercom_api::Response<serde_json::Value>> =
        Box::pin(async move { client.send_with_meta(req()).await });
}
