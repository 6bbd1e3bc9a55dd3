//! User operations against a loopback server: what each one sends and what it decodes.
//!
//! The request shapes are one table, [`table`]: each row makes one call and names the exact
//! method, path, query pairs and JSON body the client must send, and what it must decode from
//! the answer. Behaviour beyond one request keeps its own tests: a single user answered as a
//! page, streams over pages and scrolls, and calls refused before sending.

mod operations_support;

use futures_util::TryStreamExt;
use intercom_api::types::{
    CreateUpdateUserRequest, CreateUserRequest, ListUsersSort, Order, UserCompany,
};
use operations_support::{
    Answer, Row, assert_one_request, assert_request, call, client, last_page, requests, run_table,
    serve_json, user_json,
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

fn table() -> Vec<Row> {
    vec![
        Row {
            name: "archive_user by email",
            call: call(|c| async move {
                let user = c.archive_user().email("ada+news@example.com").await?;
                Ok(json!({"id": user.id, "email": user.email}))
            }),
            method: "DELETE",
            path: "/users",
            query: &[("email", "ada+news@example.com")],
            body: None,
            answer: Answer::Json(user_json(
                "5714dd359a3fd47136000001",
                "25",
                "ada+news@example.com",
            )),
            decoded: json!({"id": "5714dd359a3fd47136000001", "email": "ada+news@example.com"}),
        },
        Row {
            name: "archive_user by user_id",
            call: call(|c| async move { Ok(json!(c.archive_user().user_id("25").await?.user_id)) }),
            method: "DELETE",
            path: "/users",
            query: &[("user_id", "25")],
            body: None,
            answer: Answer::Json(user_json(
                "5714dd359a3fd47136000001",
                "25",
                "ada@example.com",
            )),
            decoded: json!("25"),
        },
        Row {
            name: "create_update_user posts the user",
            call: call(|c| async move {
                let user = c
                    .create_update_user()
                    .request_body(new_user!(CreateUpdateUserRequest))
                    .await?;
                let companies = user.companies.expect("companies");
                let tags: Vec<_> = user
                    .tags
                    .expect("tags")
                    .into_iter()
                    .filter_map(|t| t.name)
                    .collect();
                let location = user.location_data.expect("location_data");
                Ok(json!({
                    "email": user.email,
                    "session_count": user.session_count,
                    "companies": companies.len(),
                    "companies[0].company_id": companies[0].company_id,
                    "tags": tags,
                    "location_data.city_name": location.city_name,
                    "location_data.latitude is 53.3331": location.latitude == Some(53.3331.into()),
                }))
            }),
            method: "POST",
            path: "/users",
            query: &[],
            body: Some(new_user_body()),
            answer: Answer::Json(user_json(
                "5714dd359a3fd47136000001",
                "25",
                "ada@example.com",
            )),
            decoded: json!({
                "email": "ada@example.com",
                "session_count": 12,
                "companies": 1,
                "companies[0].company_id": "acme-1",
                "tags": ["vip", "beta"],
                "location_data.city_name": "Dublin",
                "location_data.latitude is 53.3331": true,
            }),
        },
        Row {
            name: "create_user posts the user",
            call: call(|c| async move {
                let user = c
                    .create_user()
                    .request_body(new_user!(CreateUserRequest))
                    .await?;
                let social = user.social_profiles.expect("social_profiles");
                Ok(json!({
                    "id": user.id,
                    "avatar.image_url": user.avatar.and_then(|a| a.image_url),
                    "social_profiles[0].username": social[0].username,
                }))
            }),
            method: "POST",
            path: "/users",
            query: &[],
            body: Some(new_user_body()),
            answer: Answer::Json(user_json(
                "5714dd359a3fd47136000001",
                "25",
                "ada@example.com",
            )),
            decoded: json!({
                "id": "5714dd359a3fd47136000001",
                "avatar.image_url": "https://static.intercomassets.com/avatars/1/square_128/ada.png",
                "social_profiles[0].username": "ada",
            }),
        },
        Row {
            name: "find_user by email answers a user list",
            call: call(|c| async move {
                let page = c.find_user().email("ada@example.com").await?;
                let ids: Vec<_> = page
                    .users
                    .expect("users")
                    .into_iter()
                    .filter_map(|u| u.user_id)
                    .collect();
                Ok(json!({"user_ids": ids, "total_count": page.total_count}))
            }),
            method: "GET",
            path: "/users",
            query: &[("email", "ada@example.com")],
            body: None,
            answer: Answer::Json(json!({
                "type": "user.list",
                "users": [
                    user_json("5714dd359a3fd47136000001", "25", "ada@example.com"),
                    user_json("5714dd359a3fd47136000002", "26", "ada@example.com")
                ],
                "pages": last_page(1, 1),
                "total_count": 2
            })),
            decoded: json!({"user_ids": ["25", "26"], "total_count": 2}),
        },
        Row {
            name: "get_user by id",
            call: call(|c| async move {
                let user = c.get_user("5714dd359a3fd47136000001").await?;
                Ok(json!({
                    "name": user.name,
                    "custom_attributes.seats": user
                        .custom_attributes
                        .and_then(|c| c.get("seats").cloned()),
                    "segments": user.segments.map(|s| s.len()),
                }))
            }),
            method: "GET",
            path: "/users/5714dd359a3fd47136000001",
            query: &[],
            body: None,
            answer: Answer::Json(user_json(
                "5714dd359a3fd47136000001",
                "25",
                "ada@example.com",
            )),
            decoded: json!({
                "name": "Ada Lovelace",
                "custom_attributes.seats": 4,
                "segments": 1,
            }),
        },
        Row {
            name: "get_user keeps the id in one path segment",
            call: call(|c| async move {
                c.get_user("../admins/me?x=1").await?;
                Ok(Value::Null)
            }),
            method: "GET",
            path: "/users/..%2Fadmins%2Fme%3Fx%3D1",
            query: &[],
            body: None,
            answer: Answer::Json(user_json(
                "5714dd359a3fd47136000001",
                "25",
                "ada@example.com",
            )),
            decoded: Value::Null,
        },
        Row {
            name: "list_users with order and sort",
            call: call(|c| async move {
                let page = c
                    .list_users()
                    .created_since(7)
                    .order(Order::Desc)
                    .sort(ListUsersSort::UpdatedAt)
                    .per_page(50)
                    .await?;
                let emails: Vec<_> = page
                    .users
                    .expect("users")
                    .into_iter()
                    .filter_map(|u| u.email)
                    .collect();
                let pages = page.pages.expect("pages");
                Ok(json!({
                    "emails": emails,
                    "pages.next is None": pages.next.is_none(),
                    "pages.total_pages": pages.total_pages,
                    "total_count": page.total_count,
                }))
            }),
            method: "GET",
            path: "/users",
            query: &[
                ("created_since", "7"),
                ("order", "desc"),
                ("sort", "updated_at"),
                ("per_page", "50"),
            ],
            body: None,
            answer: Answer::Json(json!({
                "type": "user.list",
                "users": [
                    user_json("5714dd359a3fd47136000001", "25", "ada@example.com"),
                    user_json("5714dd359a3fd47136000002", "26", "grace@example.com")
                ],
                "pages": {"type": "pages", "next": null, "page": 1, "per_page": 50, "total_pages": 1},
                "total_count": 2
            })),
            decoded: json!({
                "emails": ["ada@example.com", "grace@example.com"],
                "pages.next is None": true,
                "pages.total_pages": 1,
                "total_count": 2,
            }),
        },
        Row {
            name: "scroll_users continues an open scroll",
            call: call(|c| async move {
                let page = c
                    .scroll_users()
                    .scroll("0a2bde71-f3b0-4f2a-9a23-8b4e0c0e1a57")
                    .await?;
                Ok(json!({
                    "scroll_param": page.scroll_param,
                    "users": page.users.map(|u| u.len()),
                }))
            }),
            method: "GET",
            path: "/users/scroll",
            query: &[("scroll_param", "0a2bde71-f3b0-4f2a-9a23-8b4e0c0e1a57")],
            body: None,
            answer: Answer::Json(json!({
                "type": "user.list",
                "users": [user_json("5714dd359a3fd47136000001", "25", "ada@example.com")],
                "scroll_param": "25b649f7-4d33-4ef6-88f5-60e5b8244309"
            })),
            decoded: json!({
                "scroll_param": "25b649f7-4d33-4ef6-88f5-60e5b8244309",
                "users": 1,
            }),
        },
    ]
}

#[tokio::test]
async fn every_row_sends_its_request_and_decodes_its_answer() {
    run_table(table()).await;
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
