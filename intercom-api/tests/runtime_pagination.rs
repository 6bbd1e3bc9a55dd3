//! Page and scroll streams against a loopback server.

mod runtime_support;

use futures_util::{StreamExt, TryStreamExt};
use intercom_api::pagination::{self, Envelope, PagingKind};
use intercom_api::request::{Method, Request};
use intercom_api::{Error, RetryPolicy};
use runtime_support::{User, UserList, test_client};
use serde_json::{Value, json};
use wiremock::matchers::{header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SCROLL: PagingKind = PagingKind::Scroll {
    param: "scroll_param",
};

fn users(ids: impl IntoIterator<Item = usize>) -> Value {
    ids.into_iter()
        .map(|id| json!({"type": "user", "id": format!("u{id}")}))
        .collect()
}

fn ids(users: &[User]) -> Vec<String> {
    users.iter().filter_map(|u| u.id.clone()).collect()
}

async fn request_count(server: &MockServer) -> usize {
    server.received_requests().await.map_or(0, |r| r.len())
}

/// `/users` in `pages` pages of 3 users; page 1 is the one without a `page` parameter.
async fn mount_pages(server: &MockServer, pages: usize) {
    for page in 1..=pages {
        let next =
            (page < pages).then(|| format!("{}/users?per_page=3&page={}", server.uri(), page + 1));
        let body = json!({
            "type": "user.list",
            "users": users((page - 1) * 3 + 1..=page * 3),
            "pages": {"type": "pages", "next": next, "page": page, "per_page": 3, "total_pages": pages},
            "total_count": pages * 3,
        });
        let mock = Mock::given(method("GET")).and(path("/users"));
        let mock = if page == 1 {
            mock.and(query_param("per_page", "3"))
                .and(query_param_is_missing("page"))
        } else {
            mock.and(query_param("page", page.to_string().as_str()))
        };
        mock.and(header(
            "authorization",
            format!("Bearer {}", runtime_support::TOKEN).as_str(),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .expect(1)
        .mount(server)
        .await;
    }
}

fn list_users() -> Request {
    Request::new(Method::GET, "/users").query("per_page", &3_i64)
}

#[tokio::test]
async fn items_follow_many_pages() {
    let server = MockServer::start().await;
    mount_pages(&server, 7).await;
    let client = test_client(&server.uri(), RetryPolicy::none());

    let all: Vec<User> = pagination::items::<UserList>(client, list_users(), PagingKind::Pages)
        .try_collect()
        .await
        .expect("all pages");

    let expected: Vec<String> = (1..=21).map(|id| format!("u{id}")).collect();
    assert_eq!(ids(&all), expected);
    assert_eq!(request_count(&server).await, 7);
}

#[tokio::test]
async fn pages_yield_each_page() {
    let server = MockServer::start().await;
    mount_pages(&server, 3).await;
    let client = test_client(&server.uri(), RetryPolicy::none());

    let pages: Vec<UserList> = pagination::pages(client, list_users(), PagingKind::Pages)
        .try_collect()
        .await
        .expect("all pages");

    assert_eq!(pages.len(), 3);
    assert!(pages[0].next_url().is_some());
    assert!(pages[2].next_url().is_none());
}

#[tokio::test]
async fn streams_are_lazy() {
    let server = MockServer::start().await;
    for page in 1..=2 {
        let next = format!("{}/users?page={}", server.uri(), page + 1);
        let body = json!({"type": "user.list", "users": users(page * 10..page * 10 + 2), "pages": {"next": next}});
        let mock = Mock::given(method("GET")).and(path("/users"));
        let mock = if page == 1 {
            mock.and(query_param_is_missing("page"))
        } else {
            mock.and(query_param("page", "2"))
        };
        mock.respond_with(ResponseTemplate::new(200).set_body_json(body))
            .mount(&server)
            .await;
    }
    let client = test_client(&server.uri(), RetryPolicy::none());
    let req = Request::new(Method::GET, "/users");

    let first_two: Vec<User> =
        pagination::items::<UserList>(client.clone(), req.clone(), PagingKind::Pages)
            .take(2)
            .try_collect()
            .await
            .expect("the first page");
    assert_eq!(ids(&first_two), ["u10", "u11"]);
    assert_eq!(
        request_count(&server).await,
        1,
        "the second page was not fetched"
    );

    let three: Vec<User> = pagination::items::<UserList>(client, req, PagingKind::Pages)
        .take(3)
        .try_collect()
        .await
        .expect("two pages");
    assert_eq!(ids(&three), ["u10", "u11", "u20"]);
    assert_eq!(request_count(&server).await, 3);
}

#[tokio::test]
async fn scroll_ends_at_the_empty_page() {
    let server = MockServer::start().await;
    let steps = [
        (None, users(1..=2), "s1"),
        (Some("s1"), users(3..=4), "s2"),
        (Some("s2"), users(5..=5), "s3"),
        (Some("s3"), users(0..0), "s4"),
    ];
    for (param, users, next) in steps {
        let mock = Mock::given(method("GET")).and(path("/users/scroll"));
        let mock = match param {
            None => mock.and(query_param_is_missing("scroll_param")),
            Some(param) => mock.and(query_param("scroll_param", param)),
        };
        mock.respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "type": "user.list",
            "users": users,
            "scroll_param": next,
        })))
        .expect(1)
        .mount(&server)
        .await;
    }
    let client = test_client(&server.uri(), RetryPolicy::none());
    let req = Request::new(Method::GET, "/users/scroll");

    let all: Vec<User> = pagination::items::<UserList>(client.clone(), req.clone(), SCROLL)
        .try_collect()
        .await
        .expect("the whole scroll");
    assert_eq!(ids(&all), ["u1", "u2", "u3", "u4", "u5"]);
    assert_eq!(request_count(&server).await, 4, "no request with s4");
}

#[tokio::test]
async fn scroll_pages_include_the_empty_last_page() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/users/scroll"))
        .and(query_param_is_missing("scroll_param"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"type": "user.list", "users": users(1..=1), "scroll_param": "a"}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/users/scroll"))
        .and(query_param("scroll_param", "a"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"type": "user.list", "users": [], "scroll_param": "b"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = test_client(&server.uri(), RetryPolicy::none());

    let pages: Vec<UserList> =
        pagination::pages(client, Request::new(Method::GET, "/users/scroll"), SCROLL)
            .try_collect()
            .await
            .expect("two pages");

    let sizes: Vec<usize> = pages
        .into_iter()
        .map(|p| p.users.map_or(0, |u| u.len()))
        .collect();
    assert_eq!(sizes, [1, 0]);
}

#[tokio::test]
async fn single_object_list_response() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/users"))
        .and(query_param("email", "ann@example.com"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"type": "user", "id": "u9"})))
        .mount(&server)
        .await;
    let client = test_client(&server.uri(), RetryPolicy::none());
    let req = Request::new(Method::GET, "/users").query("email", "ann@example.com");

    let list: UserList = client.send_list(req.clone()).await.expect("one user");
    assert_eq!(list.type_.as_deref(), Some("user.list"));
    assert_eq!(
        list.users,
        Some(vec![User {
            id: Some("u9".to_owned()),
            type_: Some("user".to_owned())
        }])
    );

    let streamed: Vec<User> = pagination::items::<UserList>(client, req, PagingKind::Pages)
        .try_collect()
        .await
        .expect("one user");
    assert_eq!(ids(&streamed), ["u9"]);
}

#[tokio::test]
async fn empty_list_is_a_list() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/users"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"type": "user.list", "users": []})),
        )
        .mount(&server)
        .await;
    let client = test_client(&server.uri(), RetryPolicy::none());

    let list: UserList = client
        .send_list(Request::new(Method::GET, "/users"))
        .await
        .expect("an empty list");

    assert_eq!(list.users, Some(Vec::new()));
}

#[tokio::test]
async fn cross_origin_next_is_refused_without_a_request() {
    let server = MockServer::start().await;
    let other = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"type": "user.list", "users": []})),
        )
        .mount(&other)
        .await;
    Mock::given(method("GET"))
        .and(path("/users"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "type": "user.list",
            "users": users(1..=2),
            "pages": {"next": format!("{}/users?page=2", other.uri())},
        })))
        .mount(&server)
        .await;
    let client = test_client(&server.uri(), RetryPolicy::none());

    let mut stream = Box::pin(pagination::items::<UserList>(
        client,
        Request::new(Method::GET, "/users"),
        PagingKind::Pages,
    ));
    let mut got = Vec::new();
    let mut errors = Vec::new();
    while let Some(item) = stream.next().await {
        match item {
            Ok(user) => got.push(user),
            Err(err) => errors.push(err),
        }
    }

    assert_eq!(ids(&got), ["u1", "u2"]);
    assert_eq!(errors.len(), 1, "one error, then the stream ends");
    assert!(
        matches!(errors[0], Error::InvalidRequest { .. }),
        "{:?}",
        errors[0]
    );
    assert!(errors[0].to_string().contains("origin"), "{}", errors[0]);
    assert_eq!(
        request_count(&other).await,
        0,
        "nothing was sent to the other origin"
    );
    assert_eq!(request_count(&server).await, 1);
}

#[tokio::test]
async fn errors_end_the_stream() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/users"))
        .and(query_param_is_missing("page"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "type": "user.list",
            "users": users(1..=1),
            "pages": {"next": format!("{}/users?page=2", server.uri())},
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/users"))
        .and(query_param("page", "2"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    let client = test_client(&server.uri(), RetryPolicy::none());

    let results: Vec<Result<User, Error>> = pagination::items::<UserList>(
        client,
        Request::new(Method::GET, "/users"),
        PagingKind::Pages,
    )
    .collect()
    .await;

    assert_eq!(results.len(), 2);
    assert!(results[0].is_ok());
    assert_eq!(results[1].as_ref().err().and_then(Error::status), Some(500));
}
