//! Pacing over loopback HTTP: the client against intercom-mock enforcing millisecond windows,
//! and against servers that send no (or useless) rate-limit headers.
//!
//! Every request here is sent with `RetryPolicy::none()` unless said otherwise, so a 429 the
//! mock answers is an error of the call: "no 429" is checked both by every call succeeding and
//! by the mock's own count of refusals. Before its first answer a client knows nothing of the
//! window, so the limits here are at least as large as the number of requests made at once.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::{StreamExt, stream};
use intercom_api::types::CreateUserRequest;
use intercom_api::{Client, Error, Pacing, RetryPolicy};
use intercom_mock::{MockServer, RateLimit};

/// A mock enforcing `limit` requests per `window`.
async fn limited(limit: u32, window: Duration) -> MockServer {
    MockServer::builder()
        .rate_limit(RateLimit {
            limit,
            window,
            enforce: true,
        })
        .start()
        .await
        .expect("intercom-mock listens on a loopback port")
}

/// A client for `url` that never retries, paced as `pacing` says.
fn client(url: &str, pacing: Pacing) -> Client {
    Client::builder()
        .token("t")
        .base_url(url)
        .retry_policy(RetryPolicy::none())
        .pacing(pacing)
        .build()
        .expect("a client for a loopback URL")
}

/// Upserts user number `i`.
async fn upsert(client: &Client, i: usize) -> intercom_api::Result<()> {
    client
        .create_user()
        .request_body(CreateUserRequest {
            user_id: Some(format!("user-{i}")),
            email: Some(format!("user-{i}@example.com")),
            ..Default::default()
        })
        .await
        .map(|_| ())
}

/// Upserts users `0..count` through clones of `client`, `concurrency` at a time; the errors.
async fn upsert_all(client: &Client, count: usize, concurrency: usize) -> Vec<Error> {
    stream::iter(0..count)
        .map(|i| {
            let client = client.clone();
            async move { upsert(&client, i).await }
        })
        .buffer_unordered(concurrency)
        .filter_map(|result| async move { result.err() })
        .collect()
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixteen_tasks_stay_within_the_window_without_a_single_429() {
    // 200 upserts at 20 per 40 ms: 10 windows.
    let mock = limited(20, Duration::from_millis(40)).await;
    let paced = client(mock.url(), Pacing::new());
    let errors = upsert_all(&paced, 200, 16).await;
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(mock.rate_limited_count(), 0, "the mock refused nothing");
    assert_eq!(mock.request_count(), 200, "one request per upsert");

    // Unpaced, the same tasks run into the limit: the mock's window is long enough that the
    // first 26 requests all fall in it, and only 20 may pass.
    let mock = limited(20, Duration::from_secs(30)).await;
    let unpaced = client(mock.url(), Pacing::off());
    let errors = upsert_all(&unpaced, 26, 16).await;
    assert_eq!(errors.len(), 6, "{errors:?}");
    assert!(
        errors
            .iter()
            .all(|err| matches!(err, Error::RateLimited { .. })),
        "{errors:?}"
    );
    assert_eq!(mock.rate_limited_count(), 6);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tasks_take_turns_and_none_starves() {
    const TASKS: usize = 8;
    const EACH: usize = 12;
    // 96 requests at 8 per 30 ms: each window can serve every task about once.
    let mock = limited(8, Duration::from_millis(30)).await;
    let paced = client(mock.url(), Pacing::new());
    let done = Arc::new(Mutex::new(Vec::new()));
    let tasks: Vec<_> = (0..TASKS)
        .map(|task| {
            let client = paced.clone();
            let done = Arc::clone(&done);
            tokio::spawn(async move {
                for _ in 0..EACH {
                    client.list_tags().await?;
                    done.lock().expect("the log").push(task);
                }
                Ok::<_, Error>(())
            })
        })
        .collect();
    for task in tasks {
        task.await
            .expect("the task ends")
            .expect("every call passes");
    }
    assert_eq!(mock.rate_limited_count(), 0);
    let done = done.lock().expect("the log").clone();
    assert_eq!(done.len(), TASKS * EACH);
    // When the first task has made all its calls, every other one has made at least a third
    // of its own: waiting tasks are served in turn (a grabbing task would finish far ahead).
    let mut counts = [0; TASKS];
    for task in done {
        counts[task] += 1;
        if counts[task] == EACH {
            break;
        }
    }
    assert!(
        counts.iter().all(|&count| count >= EACH / 3),
        "calls made by each task when the first finished: {counts:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wait_past_the_cap_is_refused_without_sending_by_every_clone() {
    // Two requests per 30 seconds: the window cannot end within any wait allowed here.
    let mock = limited(2, Duration::from_secs(30)).await;
    let capped = client(
        mock.url(),
        Pacing::new().max_wait(Duration::from_millis(50)),
    );
    upsert(&capped, 1).await.expect("first of the window");
    upsert(&capped, 2).await.expect("second of the window");

    let started = Instant::now();
    let err = upsert(&capped, 3)
        .await
        .expect_err("the window's budget is spent");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "refused without waiting for the window: {:?}",
        started.elapsed()
    );
    let window = capped.last_rate_limit().expect("the window's headers");
    match &err {
        Error::RateLimited { reset, error } => {
            assert_eq!(*reset, Some(window.reset));
            assert_eq!(error.status, 429);
            assert_eq!(error.request_id, None, "no response: the client made it");
            assert_eq!(error.rate_limit.map(|limit| limit.remaining), Some(0));
        }
        other => panic!("expected RateLimited, got {other:?}"),
    }
    assert_eq!(err.code(), Some("rate_limit_exceeded"));
    // A clone shares what the responses said, so it refuses too; nothing reached the mock.
    let clone = capped.clone();
    assert!(matches!(
        upsert(&clone, 4).await,
        Err(Error::RateLimited { .. })
    ));
    assert_eq!(
        mock.request_count(),
        2,
        "the refused requests were not sent"
    );
    assert_eq!(mock.rate_limited_count(), 0);

    // The default cap is the retry policy's max_rate_limit_wait.
    let by_policy = Client::builder()
        .token("t")
        .base_url(mock.url())
        .retry_policy(RetryPolicy::none().max_rate_limit_wait(Duration::from_millis(50)))
        .build()
        .expect("client");
    // A separate client knows nothing yet: it sends, and the mock refuses.
    assert!(matches!(
        upsert(&by_policy, 5).await,
        Err(Error::RateLimited { .. })
    ));
    assert_eq!(mock.rate_limited_count(), 1);
    // Now it knows, and refuses without sending.
    assert!(matches!(
        upsert(&by_policy, 6).await,
        Err(Error::RateLimited { .. })
    ));
    assert_eq!(mock.request_count(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clone_waits_for_the_window_another_clone_spent() {
    let mock = limited(3, Duration::from_millis(200)).await;
    let first = client(mock.url(), Pacing::new());
    let second = first.clone();
    // The first clone spends the window (its own pacing stops it at the budget).
    let mut sent = 0;
    while first
        .last_rate_limit()
        .is_none_or(|limit| limit.remaining > 0)
    {
        upsert(&first, sent).await.expect("within the budget");
        sent += 1;
    }
    // The second has sent nothing yet, but waits for the window's end instead of being
    // refused.
    upsert(&second, 100).await.expect("sent in the next window");
    assert_eq!(mock.rate_limited_count(), 0);
    let window = second.last_rate_limit().expect("headers");
    assert_eq!(
        (window.limit, window.remaining),
        (3, 2),
        "the first request of a new window"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn whole_second_resets_as_intercom_sends_them_are_enough() {
    // Only Intercom's headers: the window's end is known to the second, rounded up.
    let mock = MockServer::builder()
        .rate_limit(RateLimit {
            limit: 4,
            window: Duration::from_secs(1),
            enforce: true,
        })
        .reset_millis(false)
        .start()
        .await
        .expect("mock");
    let paced = client(mock.url(), Pacing::new());
    let errors = upsert_all(&paced, 10, 4).await;
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(mock.rate_limited_count(), 0);
    assert_eq!(mock.request_count(), 10);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_given_up_while_waiting_leaves_the_queue() {
    let mock = limited(1, Duration::from_millis(300)).await;
    let paced = client(mock.url(), Pacing::new());
    upsert(&paced, 0).await.expect("the window's one request");
    // Waits for the window's end; dropped before then.
    let waiting = tokio::spawn({
        let paced = paced.clone();
        async move { upsert(&paced, 1).await }
    });
    tokio::time::sleep(Duration::from_millis(20)).await;
    waiting.abort();
    // The next request is not stuck behind the one given up.
    let next = tokio::time::timeout(Duration::from_secs(20), upsert(&paced, 2)).await;
    next.expect("not stuck in the queue")
        .expect("sent in the next window");
    assert_eq!(mock.rate_limited_count(), 0);
}

/// A server whose every answer waits until `together` requests are in flight at once, with
/// `headers` on it.
async fn rendezvous_server(
    together: usize,
    headers: &'static [(&'static str, &'static str)],
) -> String {
    use axum::response::IntoResponse;

    let barrier = Arc::new(tokio::sync::Barrier::new(together));
    let app = axum::Router::new().fallback(move || {
        let barrier = Arc::clone(&barrier);
        async move {
            barrier.wait().await;
            let mut response = (
                [("content-type", "application/json")],
                r#"{"type":"tag.list","tags":[]}"#,
            )
                .into_response();
            for (name, value) in headers {
                response
                    .headers_mut()
                    .insert(*name, axum::http::HeaderValue::from_static(value));
            }
            response
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port");
    let addr = listener.local_addr().expect("an address");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    format!("http://{addr}")
}

/// Sends `count` requests at once; each is answered only when all are in flight, so any
/// request held back by pacing would keep every one from finishing.
async fn all_at_once(url: &str, count: usize) {
    let paced = client(url, Pacing::new());
    let calls = stream::iter(0..count)
        .map(|_| {
            let client = paced.clone();
            async move { client.list_tags().await }
        })
        .buffer_unordered(count)
        .collect::<Vec<_>>();
    let results = tokio::time::timeout(Duration::from_secs(30), calls)
        .await
        .expect("every request was sent without waiting");
    assert!(results.iter().all(Result::is_ok), "{results:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_rate_limit_headers_nothing_waits() {
    let url = rendezvous_server(20, &[]).await;
    all_at_once(&url, 20).await;
    all_at_once(&url, 20).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_spent_window_whose_reset_is_past_does_not_hold_requests_back() {
    // Remaining 0, but the window ended long ago (a server clock far behind): no information.
    let url = rendezvous_server(
        20,
        &[
            ("x-ratelimit-limit", "83"),
            ("x-ratelimit-remaining", "0"),
            ("x-ratelimit-reset", "1500000000"),
        ],
    )
    .await;
    all_at_once(&url, 20).await;
    all_at_once(&url, 20).await;
}
