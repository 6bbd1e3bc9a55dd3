//! A hostile or broken server cannot make the client leak credentials, page forever, hold
//! unbounded bodies, print unbounded errors, change numbers silently or retry requests that
//! could never be sent. Every test runs over a loopback socket.

mod runtime_support;

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use futures_util::StreamExt;
use intercom_api::pagination::{self, PagingKind};
use intercom_api::request::{Method, Request};
use intercom_api::{Client, DEFAULT_MAX_BODY_SIZE, Error, MAX_URL_LENGTH, RetryPolicy};
use runtime_support::{Conn, RawServer, TOKEN, User, UserList, fast_retries, test_client};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

const MIB: u64 = 1024 * 1024;

/// How long a test waits for something that happens at once unless the code is broken.
const HANG_GUARD: Duration = Duration::from_secs(60);

async fn request_count(server: &MockServer) -> usize {
    server.received_requests().await.map_or(0, |r| r.len())
}

fn users(ids: impl IntoIterator<Item = usize>) -> Value {
    ids.into_iter()
        .map(|id| json!({"type": "user", "id": format!("u{id}")}))
        .collect()
}

/// Every item and error of a `/users` stream.
async fn walk(client: Client) -> (Vec<String>, Vec<Error>) {
    let mut stream = pagination::items::<UserList>(
        client,
        Request::new(Method::GET, "/users"),
        PagingKind::Pages,
    );
    let mut ids = Vec::new();
    let mut errors = Vec::new();
    while let Some(item) = stream.next().await {
        match item {
            Ok(user) => ids.extend(user.id),
            Err(err) => errors.push(err),
        }
    }
    (ids, errors)
}

/// A loopback server that runs `handle` on every connection and counts connections.
async fn raw_server<F, Fut>(handle: F) -> (String, Arc<AtomicUsize>)
where
    F: Fn(TcpStream) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("local_addr");
    let connections = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&connections);
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(handle(stream));
        }
    });
    (format!("http://{addr}"), connections)
}

/// Reads one request: its head, and a body of the announced `Content-Length`. `None` once
/// the client has closed the connection.
async fn read_request(stream: &mut TcpStream) -> Option<String> {
    let mut data = Vec::new();
    let mut buf = [0_u8; 4096];
    let head_end = loop {
        if let Some(at) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => data.extend_from_slice(&buf[..n]),
        }
    };
    let head = String::from_utf8_lossy(&data[..head_end]).into_owned();
    let length: usize = head
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
        .unwrap_or(0);
    while data.len() < head_end + length {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => data.extend_from_slice(&buf[..n]),
        }
    }
    Some(head)
}

/// Answers the first request with `head`, then body bytes until the client stops reading (or
/// 1 GiB, far past any limit under test), and reports how many body bytes it could write.
async fn endless_body(
    mut stream: TcpStream,
    head: &'static str,
    chunked: bool,
    done: mpsc::UnboundedSender<u64>,
) {
    if read_request(&mut stream).await.is_none() {
        return;
    }
    let mut written = 0_u64;
    if stream.write_all(head.as_bytes()).await.is_ok() {
        let block = vec![b' '; 64 * 1024];
        let mut frame = Vec::new();
        if chunked {
            frame.extend_from_slice(format!("{:x}\r\n", block.len()).as_bytes());
        }
        frame.extend_from_slice(&block);
        if chunked {
            frame.extend_from_slice(b"\r\n");
        }
        while written < 1024 * MIB && stream.write_all(&frame).await.is_ok() {
            written += block.len() as u64;
        }
    }
    let _ = done.send(written);
}

async fn written_before_close(done: &mut mpsc::UnboundedReceiver<u64>) -> u64 {
    match tokio::time::timeout(HANG_GUARD, done.recv()).await {
        Ok(Some(written)) => written,
        other => panic!("the server never saw the connection close: {other:?}"),
    }
}

fn client_with_limit(base_url: &str, limit: u64) -> Client {
    Client::builder()
        .token(TOKEN)
        .base_url(base_url)
        .retry_policy(fast_retries(3))
        .max_body_size(limit)
        .build()
        .expect("client")
}

fn get_user() -> Request {
    Request::new(Method::GET, "/users/{id}").path("id", "u1")
}

// 1. A `pages.next` link may change the path and query only.

#[tokio::test]
async fn next_links_with_credentials_or_a_fragment_are_not_followed() {
    for (next, says) in [
        ("http://user:hunter2@{host}/users?page=2", "credentials"),
        ("http://user@{host}/users?page=2", "credentials"),
        ("/users?page=2#section", "fragment"),
    ] {
        let server = MockServer::start().await;
        let host = server.address().to_string();
        Mock::given(method("GET"))
            .and(path("/users"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "type": "user.list",
                "users": users(1..=2),
                "pages": {"next": next.replace("{host}", &host)},
            })))
            .mount(&server)
            .await;

        let (ids, errors) = walk(test_client(&server.uri(), RetryPolicy::none())).await;

        assert_eq!(ids, ["u1", "u2"], "{next}");
        assert_eq!(errors.len(), 1, "{next}: one error ends the stream");
        assert!(
            matches!(errors[0], Error::InvalidRequest { .. }),
            "{next}: {:?}",
            errors[0]
        );
        let message = errors[0].to_string();
        assert!(message.contains(says), "{next}: {message}");
        assert!(
            !message.contains("hunter2"),
            "the password is not shown: {message}"
        );
        assert_eq!(request_count(&server).await, 1, "{next} is not requested");
    }
}

// 2. Paging cycles end with an error naming the URL.

#[tokio::test]
async fn a_next_link_back_to_a_page_already_read_ends_the_stream() {
    let server = MockServer::start().await;
    let first = format!("{}/users", server.uri());
    Mock::given(method("GET"))
        .and(path("/users"))
        .and(query_param_is_missing("page"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "type": "user.list",
            "users": users(1..=2),
            "pages": {"next": format!("{first}?page=2")},
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/users"))
        .and(query_param("page", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "type": "user.list",
            "users": users(3..=4),
            "pages": {"next": first},
        })))
        .mount(&server)
        .await;

    let (ids, errors) = walk(test_client(&server.uri(), RetryPolicy::none())).await;

    assert_eq!(ids, ["u1", "u2", "u3", "u4"], "each page once");
    assert_eq!(errors.len(), 1);
    assert!(
        matches!(errors[0], Error::InvalidRequest { .. }),
        "{:?}",
        errors[0]
    );
    let message = errors[0].to_string();
    assert!(
        message.contains(&format!("{first},")),
        "names the URL: {message}"
    );
    assert_eq!(request_count(&server).await, 2);
}

#[tokio::test]
async fn a_page_linking_to_itself_ends_the_stream() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/users"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "type": "user.list",
            "users": users(1..=1),
            "pages": {"next": format!("{}/users", server.uri())},
        })))
        .mount(&server)
        .await;

    let (ids, errors) = walk(test_client(&server.uri(), RetryPolicy::none())).await;

    assert_eq!(ids, ["u1"]);
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].to_string().contains("already read"),
        "{}",
        errors[0]
    );
    assert_eq!(request_count(&server).await, 1);
}

// 3. Response bodies are bounded while reading; bodies nobody needs are not kept.

#[tokio::test]
async fn a_growing_body_is_abandoned_at_the_limit_and_not_retried() {
    let (tx, mut done) = mpsc::unbounded_channel();
    let (url, connections) = raw_server(move |stream| {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
        endless_body(stream, head, true, tx.clone())
    })
    .await;
    let client = client_with_limit(&url, MIB);

    let err = client
        .send::<User>(get_user())
        .await
        .expect_err("too large");

    assert!(
        matches!(err, Error::BodyTooLarge { status: 200, limit } if limit == MIB),
        "{err:?}"
    );
    assert!(!err.is_retryable());
    assert_eq!(err.status(), Some(200));
    assert!(err.to_string().contains("1048576 bytes"), "{err}");
    let written = written_before_close(&mut done).await;
    assert!(
        written < 256 * MIB,
        "the client stopped reading: the server wrote {written} bytes before the connection closed"
    );
    assert_eq!(connections.load(Ordering::SeqCst), 1, "not retried");
}

#[tokio::test]
async fn an_announced_body_past_the_limit_is_not_read() {
    let (tx, mut done) = mpsc::unbounded_channel();
    let (url, connections) = raw_server(move |stream| {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 10737418240\r\n\r\n";
        endless_body(stream, head, false, tx.clone())
    })
    .await;
    let client = client_with_limit(&url, 4 * MIB);

    let err = client
        .send::<User>(get_user())
        .await
        .expect_err("too large");

    assert!(
        matches!(err, Error::BodyTooLarge { status: 200, .. }),
        "{err:?}"
    );
    assert!(written_before_close(&mut done).await < 256 * MIB);
    assert_eq!(connections.load(Ordering::SeqCst), 1, "not retried");
}

#[tokio::test]
async fn error_bodies_are_held_to_the_same_limit() {
    let (tx, mut done) = mpsc::unbounded_channel();
    let (url, connections) = raw_server(move |stream| {
        let head = "HTTP/1.1 503 Service Unavailable\r\nTransfer-Encoding: chunked\r\n\r\n";
        endless_body(stream, head, true, tx.clone())
    })
    .await;
    let client = client_with_limit(&url, MIB);

    let err = client
        .send::<User>(get_user())
        .await
        .expect_err("too large");

    assert!(
        matches!(err, Error::BodyTooLarge { status: 503, .. }),
        "{err:?}"
    );
    assert!(written_before_close(&mut done).await < 256 * MIB);
    assert_eq!(
        connections.load(Ordering::SeqCst),
        1,
        "a 503 is retried for GET, a body past the limit is not"
    );
}

#[tokio::test]
async fn a_body_in_many_chunks_under_the_limit_is_read_whole() {
    let name = "n".repeat(3 * MIB as usize);
    let body = json!({"type": "user", "id": "u1", "name": name}).to_string();
    let (url, _) = raw_server(move |mut stream| {
        let body = body.clone();
        async move {
            if read_request(&mut stream).await.is_none() {
                return;
            }
            let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
            let _ = stream.write_all(head.as_bytes()).await;
            for chunk in body.as_bytes().chunks(10_000) {
                let frame = format!("{:x}\r\n", chunk.len());
                let _ = stream.write_all(frame.as_bytes()).await;
                let _ = stream.write_all(chunk).await;
                let _ = stream.write_all(b"\r\n").await;
            }
            let _ = stream.write_all(b"0\r\n\r\n").await;
            let _ = stream.shutdown().await;
        }
    })
    .await;
    let client = client_with_limit(&url, 4 * MIB);

    let user: Value = client.send(get_user()).await.expect("under the limit");

    assert_eq!(user["name"].as_str().map(str::len), Some(3 * MIB as usize));
    assert_eq!(client.max_body_size(), 4 * MIB);
    let default = Client::builder().token(TOKEN).build().expect("client");
    assert_eq!(default.max_body_size(), DEFAULT_MAX_BODY_SIZE);
}

/// When the event in these tests happened: `create_event` needs a time besides the name.
const EVENT_AT: i64 = 1_569_486_800;

#[tokio::test]
async fn a_large_body_nobody_needs_closes_the_connection() {
    let (tx, mut done) = mpsc::unbounded_channel();
    let (url, _) = raw_server(move |stream| {
        let head = "HTTP/1.1 202 Accepted\r\nTransfer-Encoding: chunked\r\n\r\n";
        endless_body(stream, head, true, tx.clone())
    })
    .await;
    let client = client_with_limit(&url, 4 * MIB);

    client
        .create_event("signed-up", EVENT_AT)
        .await
        .expect("202 is a success");

    let written = written_before_close(&mut done).await;
    assert!(
        written < 256 * MIB,
        "the body was not read to its end: {written} bytes written"
    );
}

#[tokio::test]
async fn a_small_body_nobody_needs_is_drained_and_the_connection_reused() {
    let (url, connections) = raw_server(|mut stream| async move {
        while read_request(&mut stream).await.is_some() {
            let reply = "HTTP/1.1 202 Accepted\r\nContent-Length: 100\r\n\r\n".to_owned()
                + &"x".repeat(100);
            if stream.write_all(reply.as_bytes()).await.is_err() {
                return;
            }
        }
    })
    .await;
    let client = client_with_limit(&url, 4 * MIB);

    let event = client.create_event("signed-up", EVENT_AT);
    event.clone().await.expect("first");
    event.await.expect("second");

    assert_eq!(
        connections.load(Ordering::SeqCst),
        1,
        "one kept-alive connection"
    );
}

// 4. Server text in errors is bounded.

#[tokio::test]
async fn huge_error_texts_are_cut_in_display_and_debug_but_kept() {
    let big = |c: &str, mib: usize| c.repeat(mib * MIB as usize);
    let mut errors =
        vec![json!({"code": big("c", 1), "message": big("m", 10), "field": big("f", 1)})];
    errors.extend((0..5_000).map(|i| json!({"code": "invalid", "message": format!("entry {i}")})));
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(422).set_body_json(json!({
            "type": "error.list",
            "request_id": big("r", 1),
            "errors": errors,
        })))
        .mount(&server)
        .await;
    let client = test_client(&server.uri(), RetryPolicy::none());

    let err = client.send::<User>(get_user()).await.expect_err("422");

    let display = err.to_string();
    let debug = format!("{err:?}");
    assert!(
        display.len() < 16 * 1024,
        "Display is {} bytes",
        display.len()
    );
    assert!(debug.len() < 32 * 1024, "Debug is {} bytes", debug.len());
    assert!(display.contains("mmm…"), "{}", &display[..200]);
    assert!(
        display.contains("and 4991 more"),
        "entries past the tenth are counted"
    );
    let api = err.api_error().expect("an API error");
    assert_eq!(api.errors.len(), 5_001);
    assert_eq!(
        api.errors[0].message.as_deref().map(str::len),
        Some(10 * MIB as usize)
    );
    assert_eq!(api.request_id.as_deref().map(str::len), Some(MIB as usize));
    assert!(format!("{:?}", api.errors[0]).len() < 4096);
    assert!(api.errors[0].to_string().len() < 4096);
}

#[tokio::test]
async fn huge_error_bodies_and_request_ids_are_cut() {
    let server = MockServer::start().await;
    let id = "i".repeat(MIB as usize);
    Mock::given(method("GET"))
        .and(path("/users/u1"))
        .respond_with(
            ResponseTemplate::new(429)
                .set_body_json(json!({"request_id": id, "pad": "p".repeat(MIB as usize)})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/users/u2"))
        .respond_with(ResponseTemplate::new(500).set_body_string("<html>".repeat(MIB as usize)))
        .mount(&server)
        .await;
    let client = test_client(&server.uri(), RetryPolicy::none());

    let limited = client.send::<User>(get_user()).await.expect_err("429");
    assert!(matches!(limited, Error::RateLimited { .. }), "{limited:?}");
    let failed = client
        .send::<User>(Request::new(Method::GET, "/users/{id}").path("id", "u2"))
        .await
        .expect_err("500");

    for err in [limited, failed] {
        let (display, debug) = (err.to_string(), format!("{err:?}"));
        assert!(display.len() < 4096, "Display is {} bytes", display.len());
        assert!(debug.len() < 8192, "Debug is {} bytes", debug.len());
    }
}

#[tokio::test]
async fn transport_errors_do_not_show_a_whole_long_url() {
    let server = RawServer::start(vec![Conn::Drop]).await;
    let client = test_client(&server.url(), RetryPolicy::none());
    let long = "q".repeat(10_000);

    let err = client
        .send::<User>(get_user().query("email", &long))
        .await
        .expect_err("dropped");

    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert!(
        err.to_string().len() < 4096,
        "{} bytes",
        err.to_string().len()
    );
    assert!(format!("{err:?}").len() < 4096);
}

// 5. Numbers that do not fit stay out of typed fields and are kept as they came.

#[tokio::test]
async fn numbers_out_of_range_are_kept_as_received() {
    let body = r#"{"type":"user","id":"u1","email":"ada@example.com",
        "created_at":-9223372036854775809,
        "updated_at":18446744073709551616,
        "signed_up_at":1e400,
        "remote_created_at":-9223372036854775808,
        "last_request_at":1.5e9,
        "session_count":"-9223372036854775809",
        "name":12345678901234567890123,
        "custom_attributes":{"big":123456789012345678901234567890,"small":-1.25,"max":18446744073709551615},
        "unknown_huge":-1e400}"#;
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/users/u1"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;
    let client = test_client(&server.uri(), RetryPolicy::none());

    let user = client.get_user("u1").await.expect("the call succeeds");

    assert_eq!(user.email.as_deref(), Some("ada@example.com"));
    assert_eq!(user.created_at, None);
    assert_eq!(user.updated_at, None);
    assert_eq!(user.signed_up_at, None);
    assert_eq!(
        user.remote_created_at.map(|t| t.unix_seconds()),
        Some(i64::MIN),
        "fits exactly"
    );
    assert_eq!(
        user.last_request_at.map(|t| t.unix_seconds()),
        Some(1_500_000_000)
    );
    assert_eq!(user.session_count, None);
    assert_eq!(user.name.as_deref(), Some("12345678901234567890123"));
    for (key, original) in [
        ("created_at", "-9223372036854775809"),
        ("updated_at", "18446744073709551616"),
        ("signed_up_at", "1e400"),
        ("session_count", "-9223372036854775809"),
        ("unknown_huge", "-1e400"),
    ] {
        assert_eq!(user.extra.get(key), Some(&json!(original)), "{key}");
    }
    let custom = user.custom_attributes.clone().unwrap_or_default();
    assert_eq!(
        custom.get("big"),
        Some(&json!("123456789012345678901234567890"))
    );
    assert_eq!(custom.get("small"), Some(&json!(-1.25)));
    assert_eq!(custom.get("max"), Some(&json!(u64::MAX)));
    let again = serde_json::to_value(&user).expect("serializes");
    assert_eq!(again["created_at"], json!("-9223372036854775809"));
    assert_eq!(again["updated_at"], json!("18446744073709551616"));
}

// 6. A token a header cannot carry as it is.

#[tokio::test]
async fn non_ascii_tokens_are_refused_without_being_shown() {
    let token = "tökén-sécret-42";
    let err = Client::builder().token(token).build().expect_err("refused");
    assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
    for shown in [err.to_string(), format!("{err:?}")] {
        assert!(
            !shown.contains("sécret") && !shown.contains("tök"),
            "{shown}"
        );
        assert!(shown.contains("access token"), "{shown}");
    }
    assert!(
        Client::builder().token("abc def").build().is_err(),
        "inner space"
    );

    let server = RawServer::start(vec![Conn::Drop]).await;
    let client = Client::builder().token(token).base_url(server.url());
    assert!(client.build().is_err());
    let lazy = Client::new(token);
    let err = lazy.send::<User>(get_user()).await.expect_err("refused");
    assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
    assert_eq!(server.connections(), 0);
}

// 7. URLs past the limit are refused before anything is sent.

#[tokio::test]
async fn over_long_urls_are_invalid_requests_and_never_sent() {
    let server = RawServer::start(vec![Conn::Drop]).await;
    let client = test_client(&server.url(), fast_retries(3));

    let err = client
        .send::<User>(Request::new(Method::GET, "/users/{id}").path("id", &"x".repeat(70_000)))
        .await
        .expect_err("too long");

    assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
    assert!(!err.is_retryable());
    assert!(err.to_string().len() < 300, "{err}");
    assert!(
        err.to_string().contains(&MAX_URL_LENGTH.to_string()),
        "{err}"
    );
    tokio::task::yield_now().await;
    assert_eq!(server.connections(), 0, "nothing was sent");
}

#[tokio::test]
async fn over_long_next_links_are_not_followed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/users"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "type": "user.list",
            "users": users(1..=1),
            "pages": {"next": format!("/users?page={}", "9".repeat(MAX_URL_LENGTH))},
        })))
        .mount(&server)
        .await;

    let (ids, errors) = walk(test_client(&server.uri(), fast_retries(3))).await;

    assert_eq!(ids, ["u1"]);
    assert_eq!(errors.len(), 1);
    assert!(
        matches!(errors[0], Error::InvalidRequest { .. }),
        "{:?}",
        errors[0]
    );
    assert!(errors[0].to_string().len() < 300);
    assert_eq!(request_count(&server).await, 1);
}
