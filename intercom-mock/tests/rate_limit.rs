//! The rate limit: `X-RateLimit-*` on every answer, and 429 past an enforced limit.

mod support;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use intercom_mock::{MockServer, RateLimit};
use support::{error, header, header_u64, start, start_with};

fn since_epoch() -> Duration {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("after 1970")
}

#[tokio::test]
async fn by_default_five_hundred_a_minute_are_reported() {
    let api = start().await;
    let (_, first, _) = api.get("/users").await;
    let (_, second, _) = api.get("/nowhere").await;
    let now = support::now();
    for headers in [&first, &second] {
        assert_eq!(header_u64(headers, "X-RateLimit-Limit"), 500);
        let reset = header_u64(headers, "X-RateLimit-Reset");
        assert!(
            reset > now - 1 && reset <= now + 61,
            "reset {reset}, now {now}"
        );
    }
    let remaining = |h: &reqwest::header::HeaderMap| header_u64(h, "X-RateLimit-Remaining");
    if header(&first, "X-RateLimit-Reset") == header(&second, "X-RateLimit-Reset") {
        assert_eq!(remaining(&first), 499);
        assert_eq!(remaining(&second), 498);
    }
    // Not enforced: going over only reports.
    let api = start_with(MockServer::builder().rate_limit(RateLimit {
        limit: 1,
        window: Duration::from_secs(60),
        enforce: false,
    }))
    .await;
    for _ in 0..3 {
        let (status, headers, _) = api.get("/users").await;
        assert_eq!(status, 200);
        assert_eq!(header_u64(&headers, "X-RateLimit-Limit"), 1);
    }
    assert_eq!(
        header_u64(&api.get("/users").await.1, "X-RateLimit-Remaining"),
        0
    );
}

#[tokio::test]
async fn an_enforced_limit_refuses_until_the_window_ends() {
    let api = start_with(MockServer::builder().rate_limit(RateLimit {
        limit: 2,
        window: Duration::from_secs(1),
        enforce: true,
    }))
    .await;
    // The window starts with the first request.
    let before_first = since_epoch();
    let (status, headers, _) = api.get("/users").await;
    let after_first = since_epoch();
    assert_eq!(
        (status, header_u64(&headers, "X-RateLimit-Remaining")),
        (200, 1)
    );
    let (status, headers, _) = api.get("/users").await;
    assert_eq!(
        (status, header_u64(&headers, "X-RateLimit-Remaining")),
        (200, 0)
    );

    let (status, headers, body) = api.get("/users").await;
    assert_eq!(status, 429, "{body}");
    error(&body, "rate_limit_exceeded");
    assert_eq!(header_u64(&headers, "X-RateLimit-Remaining"), 0);
    assert_eq!(header_u64(&headers, "X-RateLimit-Limit"), 2);
    assert!(header(&headers, "Content-Type").starts_with("application/json"));
    // Reset is the window's end in whole seconds, never before it.
    let reset = Duration::from_secs(header_u64(&headers, "X-RateLimit-Reset"));
    let end = after_first + Duration::from_secs(1);
    assert!(reset >= before_first + Duration::from_secs(1), "{reset:?}");
    assert!(reset < end + Duration::from_secs(1), "{reset:?}");
    // Refused whatever it asks, and refusals do not open a new window.
    assert_eq!(api.get("/nowhere").await.0, 429);

    // Once the window has ended (which is no later than Reset) requests pass again.
    if let Some(wait) = (end + Duration::from_millis(30)).checked_sub(since_epoch()) {
        tokio::time::sleep(wait).await;
    }
    let (status, headers, body) = api.get("/users").await;
    assert_eq!(status, 200, "after the window: {body}");
    assert_eq!(header_u64(&headers, "X-RateLimit-Remaining"), 1);
    assert!(Duration::from_secs(header_u64(&headers, "X-RateLimit-Reset")) > reset);
}
