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
async fn by_default_ten_second_windows_are_reported_and_never_reached() {
    let api = start().await;
    let (_, first, _) = api.get("/users").await;
    let (_, second, _) = api.get("/nowhere").await;
    let now = support::now();
    let default = RateLimit::default();
    assert_eq!(default.window, Duration::from_secs(10));
    assert!(!default.enforce);
    for headers in [&first, &second] {
        assert_eq!(
            header_u64(headers, "X-RateLimit-Limit"),
            u64::from(default.limit)
        );
        let reset = header_u64(headers, "X-RateLimit-Reset");
        assert!(
            reset > now - 1 && reset <= now + 11,
            "reset {reset}, now {now}"
        );
        // The same end to the millisecond, in the second Reset names.
        let reset_ms = header_u64(headers, "X-RateLimit-Reset-Ms");
        assert_eq!(reset_ms.div_ceil(1000), reset, "{headers:?}");
    }
    let remaining = |h: &reqwest::header::HeaderMap| header_u64(h, "X-RateLimit-Remaining");
    if header(&first, "X-RateLimit-Reset") == header(&second, "X-RateLimit-Reset") {
        assert_eq!(remaining(&first), u64::from(default.limit) - 1);
        assert_eq!(remaining(&second), u64::from(default.limit) - 2);
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
    assert_eq!(api.mock.rate_limited_count(), 0);
}

#[tokio::test]
async fn per_minute_limits_count_intercoms_ten_second_windows() {
    let api = start_with(MockServer::builder().rate_limit(RateLimit::per_minute(500))).await;
    let before = since_epoch();
    let (status, headers, _) = api.get("/users").await;
    assert_eq!(status, 200);
    assert_eq!(header_u64(&headers, "X-RateLimit-Limit"), 83);
    assert_eq!(header_u64(&headers, "X-RateLimit-Remaining"), 82);
    let reset_ms = Duration::from_millis(header_u64(&headers, "X-RateLimit-Reset-Ms"));
    assert!(reset_ms >= before + Duration::from_secs(10), "{reset_ms:?}");
    assert!(reset_ms <= since_epoch() + Duration::from_secs(10) + Duration::from_millis(1));
}

#[tokio::test]
async fn without_reset_millis_the_headers_are_intercoms() {
    let api = start_with(MockServer::builder().reset_millis(false)).await;
    let (_, headers, _) = api.get("/users").await;
    assert!(headers.get("X-RateLimit-Reset-Ms").is_none(), "{headers:?}");
    for name in [
        "X-RateLimit-Limit",
        "X-RateLimit-Remaining",
        "X-RateLimit-Reset",
    ] {
        assert!(header(&headers, name).parse::<u64>().is_ok(), "{name}");
    }
}

#[tokio::test]
async fn millisecond_windows_refuse_past_the_limit_and_reopen_at_their_end() {
    let window = Duration::from_millis(40);
    let api = start_with(MockServer::builder().rate_limit(RateLimit {
        limit: 3,
        window,
        enforce: true,
    }))
    .await;
    let before_first = since_epoch();
    let (_, first, _) = api.get("/users").await;
    let end = Duration::from_millis(header_u64(&first, "X-RateLimit-Reset-Ms"));
    // The end is the first request's arrival plus the window, rounded up to the millisecond.
    assert!(end >= before_first + window, "{end:?}");
    assert!(
        end <= since_epoch() + window + Duration::from_millis(1),
        "{end:?}"
    );
    let mut refused = 0;
    let mut passed = 1;
    // Until the end of the window, three pass and the rest are refused, each saying when
    // the window ends.
    loop {
        let (status, headers, _) = api.get("/users").await;
        let ends = Duration::from_millis(header_u64(&headers, "X-RateLimit-Reset-Ms"));
        if ends != end {
            // A new window opened: the end has passed (the header rounds it up to the
            // millisecond, so it may say up to a millisecond more).
            assert!(since_epoch() + Duration::from_millis(1) >= end);
            assert_eq!(status, 200);
            assert_eq!(header_u64(&headers, "X-RateLimit-Remaining"), 2);
            break;
        }
        match status {
            200 => passed += 1,
            429 => {
                refused += 1;
                assert_eq!(header_u64(&headers, "X-RateLimit-Remaining"), 0);
            }
            other => panic!("status {other}"),
        }
    }
    assert_eq!(passed, 3, "the window's limit");
    assert_eq!(api.mock.rate_limited_count(), refused);
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
