//! How much the mock's own work (authorization, routing, validation, state, serializing) adds
//! to a request, against a server on the same HTTP stack that answers the same bytes without
//! doing anything.
//!
//! - `get_user`: one user by id, from a mock holding 10k users.
//! - `list_users_page`: page 2 (50 users) of the 10k, in the order the mock keeps cached
//!   between pages.
//!
//! `cargo bench -p intercom-mock --bench serve`

use std::convert::Infallible;
use std::hint::black_box;
use std::net::SocketAddr;

use bytes::Bytes;
use criterion::{Criterion, criterion_group, criterion_main};
use http_body_util::Full;
use hyper::Response;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use intercom_mock::{MockServer, Seed};
use serde_json::json;
use tokio::net::TcpListener;
use tokio::runtime::Runtime;

const USERS: usize = 10_000;

/// A mock seeded with `USERS` users.
fn seeded_mock(runtime: &Runtime) -> MockServer {
    let users: Vec<_> = (0..USERS)
        .map(|i| json!({"id": format!("u{i:05}"), "user_id": format!("user-{i}"), "email": format!("user-{i}@example.com"), "name": format!("User {i}"), "created_at": 1_500_000_000 + i}))
        .collect();
    let seed = Seed::from_json(&json!({ "users": users }).to_string()).expect("a valid seed");
    runtime
        .block_on(MockServer::builder().seed(seed).start())
        .expect("the mock starts")
}

/// A server on the mock's HTTP stack (hyper, HTTP/1.1) answering every request with `body`.
fn canned_server(runtime: &Runtime, body: Bytes) -> SocketAddr {
    let listener = runtime
        .block_on(TcpListener::bind("127.0.0.1:0"))
        .expect("a loopback port");
    let addr = listener.local_addr().expect("an address");
    runtime.spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let body = body.clone();
            tokio::spawn(async move {
                let service = service_fn(move |_req| {
                    let body = body.clone();
                    async move {
                        Ok::<_, Infallible>(
                            Response::builder()
                                .header("Content-Type", "application/json; charset=utf-8")
                                .header("X-RateLimit-Limit", "500")
                                .header("X-RateLimit-Remaining", "499")
                                .header("X-RateLimit-Reset", "1900000000")
                                .body(Full::new(body))
                                .unwrap_or_default(),
                        )
                    }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    addr
}

async fn fetch(client: &reqwest::Client, url: &str) -> Bytes {
    client
        .get(url)
        .bearer_auth("bench")
        .header("Intercom-Version", "1.4")
        .send()
        .await
        .expect("a response")
        .bytes()
        .await
        .expect("a body")
}

fn compare(c: &mut Criterion, name: &str, path_and_query: &str) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let mock = seeded_mock(&runtime);
    let client = reqwest::Client::new();
    let mock_url = format!("{}{path_and_query}", mock.url());
    let body = runtime.block_on(fetch(&client, &mock_url));
    let answer: serde_json::Value = serde_json::from_slice(&body).expect("a JSON answer");
    assert_ne!(
        answer["type"], "error.list",
        "the mock answers {mock_url}: {answer}"
    );
    let canned_url = format!("http://{}{path_and_query}", canned_server(&runtime, body));

    let mut group = c.benchmark_group(name);
    group.bench_function("baseline_canned_same_bytes", |b| {
        b.to_async(&runtime)
            .iter(|| async { black_box(fetch(&client, &canned_url).await) });
    });
    group.bench_function("mock", |b| {
        b.to_async(&runtime)
            .iter(|| async { black_box(fetch(&client, &mock_url).await) });
    });
    group.finish();
}

fn get_user(c: &mut Criterion) {
    compare(c, "get_user", "/users/u05000");
}

fn list_users_page(c: &mut Criterion) {
    compare(c, "list_users_page", "/users?per_page=50&page=2");
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50);
    targets = get_user, list_users_page
}
criterion_main!(benches);
