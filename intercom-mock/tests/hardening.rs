//! A hostile client cannot stall the mock or corrupt its state: truncated bodies, bodies over
//! the limit, stalled headers and idle connections, over raw loopback sockets.

mod support;

use std::time::Duration;

use intercom_mock::{DEFAULT_MAX_BODY_SIZE, MockServer};
use serde_json::{Value, json};
use support::{TOKEN, error, start, start_with};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// How long a test waits for something that happens soon unless the code is broken.
const HANG_GUARD: Duration = Duration::from_secs(60);

async fn connect(mock: &MockServer) -> TcpStream {
    TcpStream::connect(mock.addr()).await.expect("connects")
}

/// The head of a request with the token, ending with the blank line.
fn head(method: &str, path: &str, extra: &str) -> String {
    format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {TOKEN}\r\n\
         Accept: application/json\r\n{extra}\r\n"
    )
}

/// Everything the server sends until it closes the connection.
async fn read_to_close(stream: &mut TcpStream) -> String {
    let mut answer = Vec::new();
    let read = tokio::time::timeout(HANG_GUARD, async {
        let mut buf = [0_u8; 4096];
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => answer.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    assert!(read.is_ok(), "the server never closed the connection");
    String::from_utf8_lossy(&answer).into_owned()
}

/// The status and JSON body of a raw HTTP/1.1 answer (with a `Content-Length`).
fn parse_answer(answer: &str) -> (u16, Value) {
    let status = answer
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP answer: {answer:?}"));
    let body = answer.split_once("\r\n\r\n").map_or("", |(_, body)| body);
    (status, serde_json::from_str(body).unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_truncated_body_is_refused_and_changes_nothing() {
    let api = start().await;
    let mut stream = connect(&api.mock).await;
    let body = br#"{"email":"ada@example.com","name":"Ada L"#;
    assert_eq!(body.len(), 40);
    let request = head(
        "POST",
        "/contacts",
        "Content-Type: application/json\r\nContent-Length: 1000\r\n",
    );
    stream.write_all(request.as_bytes()).await.expect("writes");
    stream.write_all(body).await.expect("writes");
    stream.shutdown().await.expect("half-closes");

    let answer = read_to_close(&mut stream).await;

    if !answer.is_empty() {
        let (status, body) = parse_answer(&answer);
        assert_eq!(status, 400, "{answer}");
        error(&body, "invalid_document");
    }
    let leads = api.fetched("/contacts").await;
    assert_eq!(leads["total_count"], 0, "no lead was created: {leads}");
}

#[tokio::test]
async fn an_announced_body_over_the_limit_is_413_before_it_is_read() {
    let api = start().await;
    let mut stream = connect(&api.mock).await;
    let request = head(
        "POST",
        "/users",
        &format!(
            "Content-Type: application/json\r\nContent-Length: {}\r\n",
            100 * 1024 * 1024
        ),
    );
    stream.write_all(request.as_bytes()).await.expect("writes");
    stream
        .write_all(br#"{"email":"big@example.com","name":""#)
        .await
        .expect("writes");

    let answer = read_to_close(&mut stream).await;

    let (status, body) = parse_answer(&answer);
    assert_eq!(status, 413, "{answer}");
    let first = error(&body, "request_too_large");
    assert!(
        first["message"]
            .as_str()
            .unwrap_or_default()
            .contains(&DEFAULT_MAX_BODY_SIZE.to_string()),
        "{body}"
    );
    let (status, _, _) = api.get("/users?email=big@example.com").await;
    assert_eq!(status, 404, "no user was created");
}

#[tokio::test]
async fn a_chunked_body_over_a_configured_limit_is_413() {
    let api = start_with(MockServer::builder().max_body_size(1024)).await;
    let mut stream = connect(&api.mock).await;
    let request = head(
        "POST",
        "/users",
        "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n",
    );
    stream.write_all(request.as_bytes()).await.expect("writes");
    let body = json!({"email": "big@example.com", "name": "n".repeat(4096)}).to_string();
    for chunk in body.as_bytes().chunks(512) {
        let frame = format!("{:x}\r\n", chunk.len());
        if stream.write_all(frame.as_bytes()).await.is_err()
            || stream.write_all(chunk).await.is_err()
            || stream.write_all(b"\r\n").await.is_err()
        {
            break;
        }
    }

    let answer = read_to_close(&mut stream).await;

    let (status, body) = parse_answer(&answer);
    assert_eq!(status, 413, "{answer}");
    error(&body, "request_too_large");
    let (status, _, _) = api.get("/users?email=big@example.com").await;
    assert_eq!(status, 404, "no user was created");
    let (status, _, _) = api
        .post("/users", json!({"email": "small@example.com"}))
        .await;
    assert_eq!(status, 200, "a body under the limit is served");
}

#[tokio::test]
async fn stalled_headers_are_closed_after_the_header_timeout() {
    let api =
        start_with(MockServer::builder().header_read_timeout(Duration::from_millis(200))).await;
    let mut stalled = Vec::new();
    for _ in 0..20 {
        let mut stream = connect(&api.mock).await;
        stream
            .write_all(b"GET /users HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            .await
            .expect("writes");
        stalled.push(stream);
    }

    for stream in &mut stalled {
        let answer = read_to_close(stream).await;
        assert!(
            answer.is_empty() || answer.starts_with("HTTP/1.1 408"),
            "{answer:?}"
        );
    }
    let (status, _, _) = api.get("/users").await;
    assert_eq!(status, 200, "the server still serves");
}

#[tokio::test]
async fn idle_kept_alive_connections_are_closed() {
    let api =
        start_with(MockServer::builder().header_read_timeout(Duration::from_millis(200))).await;
    let mut stream = connect(&api.mock).await;
    stream
        .write_all(head("GET", "/me", "").as_bytes())
        .await
        .expect("writes");

    let answer = read_to_close(&mut stream).await;

    assert!(answer.starts_with("HTTP/1.1 200"), "{answer:?}");
    assert!(
        !answer.contains("connection: close"),
        "the connection was kept alive, then closed for being idle"
    );
}

#[tokio::test]
async fn a_body_that_stops_arriving_is_408_after_the_body_timeout() {
    let api = start_with(MockServer::builder().body_read_timeout(Duration::from_millis(200))).await;
    let mut stream = connect(&api.mock).await;
    let request = head(
        "POST",
        "/contacts",
        "Content-Type: application/json\r\nContent-Length: 1000\r\n",
    );
    stream.write_all(request.as_bytes()).await.expect("writes");
    stream.write_all(b"{\"email\":").await.expect("writes");

    let answer = read_to_close(&mut stream).await;

    let (status, body) = parse_answer(&answer);
    assert_eq!(status, 408, "{answer}");
    error(&body, "request_timeout");
    assert_eq!(api.fetched("/contacts").await["total_count"], 0);
}
