//! User operations against a loopback server: what each one sends and what it decodes.

mod operations_support;

use futures_util::TryStreamExt;
use intercom_api::types::{
    CreateUpdateUserRequest, CreateUserRequest, ListUsersSort, Order, UserCompany,
};
use operations_support::{
    assert_one_request, assert_request, client, last_page, requests, serve_json, user_json,
};
use serde_json::{Map, Value, json};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn attributes(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        other => panic!("not an object: {other}"),
    }
}

/// Ada, as a `create_user` or a `create_update_user` body (the two requests have the same fields).
macro_rules! new_user {
    ($request:ident) => {
        $request {
            user_id: Some("25".to_owned()),
            email: Some("ada@example.com".to_owned()),
            name: Some("Ada Lovelace".to_owned()),
            phone: Some("+353871234567".to_owned()),
            signed_up_at: Some(1_569_400_000.into()),
            unsubscribed_from_emails: Some(false),
            custom_attributes: Some(attributes(json!({"plan_tier": "gold", "seats": 4}))),
            companies: Some(vec![UserCompany {
                company_id: Some("acme-1".to_owned()),
                name: Some("Acme Inc".to_owned()),
                ..Default::default()
            }]),
            ..Default::default()
        }
    };
}

fn new_user_body() -> Value {
    json!({
        "user_id": "25",
        "email": "ada@example.com",
        "name": "Ada Lovelace",
        "phone": "+353871234567",
        "signed_up_at": 1_569_400_000,
        "unsubscribed_from_emails": false,
        "custom_attributes": {"plan_tier": "gold", "seats": 4},
        "companies": [{"company_id": "acme-1", "name": "Acme Inc"}]
    })
}

#[tokio::test]
async fn archive_user_by_email() {
    let server = serve_json(
        200,
        user_json("5714dd359a3fd47136000001", "25", "ada+news@example.com"),
    )
    .await;

    let result = client(&server)
        .archive_user()
        .email("ada+news@example.com")
        .await;

    assert_one_request(
        &server,
        "DELETE",
        "/users",
        &[("email", "ada+news@example.com")],
        None,
    )
    .await;
    let user = result.expect("archived user");
    assert_eq!(user.id.as_deref(), Some("5714dd359a3fd47136000001"));
    assert_eq!(user.email.as_deref(), Some("ada+news@example.com"));
}

#[tokio::test]
async fn archive_user_by_user_id() {
    let server = serve_json(
        200,
        user_json("5714dd359a3fd47136000001", "25", "ada@example.com"),
    )
    .await;

    let result = client(&server).archive_user().user_id("25").await;

    assert_one_request(&server, "DELETE", "/users", &[("user_id", "25")], None).await;
    assert_eq!(
        result.expect("archived user").user_id.as_deref(),
        Some("25")
    );
}

#[tokio::test]
async fn create_update_user_posts_the_user() {
    let server = serve_json(
        200,
        user_json("5714dd359a3fd47136000001", "25", "ada@example.com"),
    )
    .await;

    let result = client(&server)
        .create_update_user()
        .request_body(new_user!(CreateUpdateUserRequest))
        .await;

    assert_one_request(&server, "POST", "/users", &[], Some(new_user_body())).await;
    let user = result.expect("user");
    assert_eq!(user.email.as_deref(), Some("ada@example.com"));
    assert_eq!(user.session_count, Some(12));
    let companies = user.companies.expect("companies");
    assert_eq!(companies.len(), 1);
    assert_eq!(companies[0].company_id.as_deref(), Some("acme-1"));
    let tags: Vec<_> = user
        .tags
        .expect("tags")
        .into_iter()
        .filter_map(|t| t.name)
        .collect();
    assert_eq!(tags, ["vip", "beta"]);
    let location = user.location_data.expect("location_data");
    assert_eq!(location.city_name.as_deref(), Some("Dublin"));
    assert_eq!(location.latitude, Some(53.3331.into()));
}

#[tokio::test]
async fn create_user_posts_the_user() {
    let server = serve_json(
        200,
        user_json("5714dd359a3fd47136000001", "25", "ada@example.com"),
    )
    .await;

    let result = client(&server)
        .create_user()
        .request_body(new_user!(CreateUserRequest))
        .await;

    assert_one_request(&server, "POST", "/users", &[], Some(new_user_body())).await;
    let user = result.expect("user");
    assert_eq!(user.id.as_deref(), Some("5714dd359a3fd47136000001"));
    assert_eq!(
        user.avatar.and_then(|a| a.image_url).as_deref(),
        Some("https://static.intercomassets.com/avatars/1/square_128/ada.png")
    );
    let social = user.social_profiles.expect("social_profiles");
    assert_eq!(social[0].username.as_deref(), Some("ada"));
}

#[tokio::test]
async fn find_user_by_user_id_answers_one_user() {
    let server = serve_json(
        200,
        user_json("5714dd359a3fd47136000001", "25", "ada@example.com"),
    )
    .await;

    let result = client(&server).find_user().user_id("25").await;

    assert_one_request(&server, "GET", "/users", &[("user_id", "25")], None).await;
    let page = result.expect("one-user page");
    let users = page.users.expect("users");
    assert_eq!(users.len(), 1);
    assert_eq!(users[0].email.as_deref(), Some("ada@example.com"));
    assert!(page.pages.is_none());
}

#[tokio::test]
async fn find_user_by_email_answers_a_user_list() {
    let server = serve_json(
        200,
        json!({
            "type": "user.list",
            "users": [
                user_json("5714dd359a3fd47136000001", "25", "ada@example.com"),
                user_json("5714dd359a3fd47136000002", "26", "ada@example.com")
            ],
            "pages": last_page(1, 1),
            "total_count": 2
        }),
    )
    .await;

    let result = client(&server).find_user().email("ada@example.com").await;

    assert_one_request(
        &server,
        "GET",
        "/users",
        &[("email", "ada@example.com")],
        None,
    )
    .await;
    let page = result.expect("user list");
    let ids: Vec<_> = page
        .users
        .expect("users")
        .into_iter()
        .filter_map(|u| u.user_id)
        .collect();
    assert_eq!(ids, ["25", "26"]);
    assert_eq!(page.total_count, Some(2));
}

#[tokio::test]
async fn get_user_by_id() {
    let server = serve_json(
        200,
        user_json("5714dd359a3fd47136000001", "25", "ada@example.com"),
    )
    .await;

    let result = client(&server).get_user("5714dd359a3fd47136000001").await;

    assert_one_request(&server, "GET", "/users/5714dd359a3fd47136000001", &[], None).await;
    let user = result.expect("user");
    assert_eq!(user.name.as_deref(), Some("Ada Lovelace"));
    assert_eq!(
        user.custom_attributes.and_then(|c| c.get("seats").cloned()),
        Some(json!(4))
    );
    assert_eq!(user.segments.map(|s| s.len()), Some(1));
}

#[tokio::test]
async fn get_user_keeps_the_id_in_one_path_segment() {
    let server = serve_json(
        200,
        user_json("5714dd359a3fd47136000001", "25", "ada@example.com"),
    )
    .await;

    let result = client(&server).get_user("../admins/me?x=1").await;

    assert_one_request(&server, "GET", "/users/..%2Fadmins%2Fme%3Fx%3D1", &[], None).await;
    assert!(result.is_ok(), "{result:?}");
}

#[tokio::test]
async fn list_users_with_order_and_sort() {
    let server = serve_json(
        200,
        json!({
            "type": "user.list",
            "users": [
                user_json("5714dd359a3fd47136000001", "25", "ada@example.com"),
                user_json("5714dd359a3fd47136000002", "26", "grace@example.com")
            ],
            "pages": {"type": "pages", "next": null, "page": 1, "per_page": 50, "total_pages": 1},
            "total_count": 2
        }),
    )
    .await;

    let result = client(&server)
        .list_users()
        .created_since(7)
        .order(Order::Desc)
        .sort(ListUsersSort::UpdatedAt)
        .per_page(50)
        .await;

    assert_one_request(
        &server,
        "GET",
        "/users",
        &[
            ("created_since", "7"),
            ("order", "desc"),
            ("sort", "updated_at"),
            ("per_page", "50"),
        ],
        None,
    )
    .await;
    let page = result.expect("user list");
    let emails: Vec<_> = page
        .users
        .expect("users")
        .into_iter()
        .filter_map(|u| u.email)
        .collect();
    assert_eq!(emails, ["ada@example.com", "grace@example.com"]);
    let pages = page.pages.expect("pages");
    assert_eq!(pages.next, None);
    assert_eq!(pages.total_pages, Some(1));
    assert_eq!(page.total_count, Some(2));
}

#[tokio::test]
async fn list_users_stream_follows_pages_next() {
    let server = MockServer::start().await;
    let next = format!("{}/users?page=2&per_page=2&order=asc", server.uri());
    Mock::given(method("GET"))
        .and(path("/users"))
        .and(query_param_is_missing("page"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "type": "user.list",
            "users": [
                user_json("5714dd359a3fd47136000001", "1", "u1@example.com"),
                user_json("5714dd359a3fd47136000002", "2", "u2@example.com")
            ],
            "pages": {"type": "pages", "next": next, "page": 1, "per_page": 2, "total_pages": 2},
            "total_count": 3
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/users"))
        .and(query_param("page", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "type": "user.list",
            "users": [user_json("5714dd359a3fd47136000003", "3", "u3@example.com")],
            "pages": {"type": "pages", "next": null, "page": 2, "per_page": 2, "total_pages": 2},
            "total_count": 3
        })))
        .mount(&server)
        .await;

    let users: Vec<_> = client(&server)
        .list_users()
        .order(Order::Asc)
        .stream()
        .try_collect()
        .await
        .expect("all users");

    let emails: Vec<_> = users.iter().filter_map(|u| u.email.as_deref()).collect();
    assert_eq!(
        emails,
        ["u1@example.com", "u2@example.com", "u3@example.com"]
    );
    let received = requests(&server).await;
    assert_eq!(received.len(), 2);
    assert_request(&received[0], "GET", "/users", &[("order", "asc")], None);
    assert_request(
        &received[1],
        "GET",
        "/users",
        &[("page", "2"), ("per_page", "2"), ("order", "asc")],
        None,
    );
}

#[tokio::test]
async fn scroll_users_continues_an_open_scroll() {
    let server = serve_json(
        200,
        json!({
            "type": "user.list",
            "users": [user_json("5714dd359a3fd47136000001", "25", "ada@example.com")],
            "scroll_param": "25b649f7-4d33-4ef6-88f5-60e5b8244309"
        }),
    )
    .await;

    let result = client(&server)
        .scroll_users()
        .scroll("0a2bde71-f3b0-4f2a-9a23-8b4e0c0e1a57")
        .await;

    assert_one_request(
        &server,
        "GET",
        "/users/scroll",
        &[("scroll_param", "0a2bde71-f3b0-4f2a-9a23-8b4e0c0e1a57")],
        None,
    )
    .await;
    let page = result.expect("scroll page");
    assert_eq!(
        page.scroll_param.as_deref(),
        Some("25b649f7-4d33-4ef6-88f5-60e5b8244309")
    );
    assert_eq!(page.users.map(|u| u.len()), Some(1));
}

#[tokio::test]
async fn scroll_users_stream_sends_scroll_param_until_an_empty_page() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/users/scroll"))
        .and(query_param_is_missing("scroll_param"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "type": "user.list",
            "users": [
                user_json("5714dd359a3fd47136000001", "1", "u1@example.com"),
                user_json("5714dd359a3fd47136000002", "2", "u2@example.com")
            ],
            "scroll_param": "25b649f7-4d33-4ef6-88f5-60e5b8244309"
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/users/scroll"))
        .and(query_param(
            "scroll_param",
            "25b649f7-4d33-4ef6-88f5-60e5b8244309",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "type": "user.list",
            "users": [],
            "scroll_param": "25b649f7-4d33-4ef6-88f5-60e5b8244309"
        })))
        .mount(&server)
        .await;

    let users: Vec<_> = client(&server)
        .scroll_users()
        .stream()
        .try_collect()
        .await
        .expect("all users");

    let ids: Vec<_> = users.iter().filter_map(|u| u.user_id.as_deref()).collect();
    assert_eq!(ids, ["1", "2"]);
    let received = requests(&server).await;
    assert_eq!(received.len(), 2);
    assert_request(&received[0], "GET", "/users/scroll", &[], None);
    assert_request(
        &received[1],
        "GET",
        "/users/scroll",
        &[("scroll_param", "25b649f7-4d33-4ef6-88f5-60e5b8244309")],
        None,
    );
}

/// Calls that identify a user by one of several parameters refuse to go out without any:
/// `DELETE /users` with no query would archive nobody, and `GET /users` would list everyone.
#[tokio::test]
async fn calls_without_a_user_identifier_are_refused_before_sending() {
    let server = serve_json(200, json!({"type": "user.list", "users": []})).await;
    let client = client(&server);

    let archive = client.archive_user().await;
    let find = client.find_user().await;
    let events = client.list_events_for_user().summary(true).await;
    let notes = client.list_notes_for_user().await;
    let delete = client.delete_lead().await;

    for (what, err) in [
        ("archive_user", archive.err()),
        ("find_user", find.err()),
        ("list_events_for_user", events.err()),
        ("list_notes_for_user", notes.err()),
        ("delete_lead", delete.err()),
    ] {
        let err = err.unwrap_or_else(|| panic!("{what} was sent without an identifier"));
        assert!(
            matches!(err, intercom_api::Error::InvalidRequest { .. }),
            "{what}: {err}"
        );
        assert!(
            err.to_string().contains("needs at least one of"),
            "{what}: {err}"
        );
    }
    let received = server.received_requests().await.unwrap_or_default();
    assert!(
        received.is_empty(),
        "nothing reaches the server: {received:?}"
    );
}
