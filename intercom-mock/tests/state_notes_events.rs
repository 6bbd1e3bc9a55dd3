//! Notes on users and events users did.

mod support;

use serde_json::{Value, json};
use support::{code, field, id, items, start, texts};

#[tokio::test]
async fn a_note_is_written_by_an_admin_about_a_user() {
    let mock = start().await;
    let ada = mock.user("u1", "ada@example.com").await;
    let note = mock
        .created(
            "/notes",
            json!({ "body": "<p>Called</p>", "admin_id": "1002", "user": { "email": "ada@example.com" } }),
        )
        .await;
    assert_eq!(note["type"], "note");
    assert_eq!(note["body"], "<p>Called</p>");
    assert_eq!(note["user"], json!({ "type": "user", "id": id(&ada) }));
    assert_eq!(note["author"]["type"], "admin");
    assert_eq!(note["author"]["id"], "1002");
    assert_eq!(note["author"]["name"], "Grace Support");
    assert!(note["created_at"].is_i64(), "{note}");

    let fetched = mock.fetched(&format!("/notes/{}", id(&note))).await;
    assert_eq!(fetched, note);

    // Without admin_id the first admin writes it.
    let note = mock
        .created(
            "/notes",
            json!({ "body": "Hi", "user": { "user_id": "u1" } }),
        )
        .await;
    assert_eq!(note["author"]["id"], "1001");
}

#[tokio::test]
async fn a_note_needs_a_known_user_and_admin() {
    let mock = start().await;
    mock.user("u1", "ada@example.com").await;
    let (status, _, body) = mock
        .post(
            "/notes",
            json!({ "body": "x", "user": { "user_id": "nobody" } }),
        )
        .await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(code(&body), "not_found");
    assert_eq!(body["errors"][0]["message"], "User Not Found");

    let (status, _, body) = mock
        .post(
            "/notes",
            json!({ "body": "x", "admin_id": "999", "user": { "user_id": "u1" } }),
        )
        .await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(code(&body), "admin_not_found");

    let (status, _, body) = mock.post("/notes", json!({ "body": "x" })).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(field(&body), "user");

    let (status, _, body) = mock.get("/notes/no-such-note").await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(code(&body), "not_found");
}

#[tokio::test]
async fn a_users_notes_are_listed_newest_first_in_pages() {
    let mock = start().await;
    let ada = mock.user("u1", "ada@example.com").await;
    mock.user("u2", "grace@example.com").await;
    for body in ["first", "second", "third"] {
        mock.created(
            "/notes",
            json!({ "body": body, "user": { "user_id": "u1" } }),
        )
        .await;
    }
    mock.created(
        "/notes",
        json!({ "body": "other", "user": { "user_id": "u2" } }),
    )
    .await;

    for query in [
        "user_id=u1",
        "email=ada%40example.com",
        &format!("id={}", id(&ada)),
    ] {
        let list = mock.fetched(&format!("/notes?{query}")).await;
        assert_eq!(list["type"], "note.list");
        assert_eq!(
            texts(&list, "notes", "body"),
            ["third", "second", "first"],
            "{query}"
        );
        assert_eq!(list["total_count"], 3);
    }

    let page = mock.fetched("/notes?user_id=u1&per_page=2").await;
    assert_eq!(texts(&page, "notes", "body"), ["third", "second"]);
    let next = page["pages"]["next"].as_str().expect("a next page");
    assert!(next.starts_with(mock.mock.url()), "{next}");
    let last = mock.fetched(next).await;
    assert_eq!(texts(&last, "notes", "body"), ["first"]);
    assert_eq!(last["pages"]["next"], Value::Null);

    let (status, _, body) = mock.get("/notes?user_id=nobody").await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(code(&body), "not_found");
}

#[tokio::test]
async fn an_event_is_accepted_with_202_and_listed_newest_first() {
    let mock = start().await;
    let ada = mock.user("u1", "ada@example.com").await;
    mock.user("u2", "grace@example.com").await;
    let (status, _, body) = mock
        .post(
            "/events",
            json!({ "event_name": "signed-up", "created_at": 1_500_000_000, "user_id": "u1" }),
        )
        .await;
    assert_eq!((status, body), (202, Value::Null));
    for (name, at, who) in [
        (
            "ordered",
            1_500_000_200,
            json!({ "email": "ada@example.com" }),
        ),
        ("viewed", 1_500_000_100, json!({ "id": id(&ada) })),
        ("ordered", 1_500_000_300, json!({ "user_id": "u2" })),
    ] {
        let mut body = json!({ "event_name": name, "created_at": at, "metadata": { "n": 1 } });
        for (key, value) in who.as_object().into_iter().flatten() {
            body[key] = value.clone();
        }
        let (status, _, answer) = mock.post("/events", body).await;
        assert_eq!(status, 202, "{answer}");
    }

    let list = mock.fetched("/events?type=user&user_id=u1").await;
    assert_eq!(list["type"], "event.list");
    assert_eq!(
        texts(&list, "events", "event_name"),
        ["ordered", "viewed", "signed-up"]
    );
    let newest = &items(&list, "events")[0];
    assert_eq!(newest["type"], "event");
    assert_eq!(newest["created_at"], 1_500_000_200);
    assert_eq!(newest["user_id"], "u1");
    assert_eq!(newest["email"], "ada@example.com");
    assert_eq!(newest["intercom_user_id"], id(&ada));
    assert_eq!(newest["metadata"], json!({ "n": 1 }));

    let by_id = mock
        .fetched(&format!("/events?type=user&intercom_user_id={}", id(&ada)))
        .await;
    assert_eq!(items(&by_id, "events").len(), 3);
    let grace = mock
        .fetched("/events?type=user&email=grace%40example.com")
        .await;
    assert_eq!(texts(&grace, "events", "event_name"), ["ordered"]);
}

#[tokio::test]
async fn an_event_needs_a_name_a_time_and_a_known_user() {
    let mock = start().await;
    mock.user("u1", "ada@example.com").await;
    let (status, _, body) = mock
        .post(
            "/events",
            json!({ "event_name": "x", "created_at": 1, "user_id": "nobody" }),
        )
        .await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(code(&body), "not_found");

    let (status, _, body) = mock
        .post("/events", json!({ "created_at": 1, "user_id": "u1" }))
        .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(code(&body), "parameter_not_found");
    assert_eq!(field(&body), "event_name");

    let (status, _, body) = mock
        .post("/events", json!({ "event_name": "x", "user_id": "u1" }))
        .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(field(&body), "created_at");

    let (status, _, body) = mock
        .post("/events", json!({ "event_name": "x", "created_at": 1 }))
        .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(code(&body), "parameter_not_found");

    let list = mock.fetched("/events?type=user&user_id=u1").await;
    assert!(
        items(&list, "events").is_empty(),
        "nothing was recorded: {list}"
    );
    let (status, _, body) = mock.get("/events?type=user&user_id=nobody").await;
    assert_eq!(status, 404, "{body}");
}

#[tokio::test]
async fn an_event_summary_counts_by_name_with_iso_times() {
    let mock = start().await;
    let ada = mock.user("u1", "ada@example.com").await;
    for (name, at) in [
        ("ordered", 1_389_913_941),
        ("viewed", 1_400_000_000),
        ("ordered", 1_389_900_000),
        ("ordered", 1_389_999_999),
    ] {
        let (status, _, body) = mock
            .post(
                "/events",
                json!({ "event_name": name, "created_at": at, "user_id": "u1" }),
            )
            .await;
        assert_eq!(status, 202, "{body}");
    }
    let summary = mock
        .fetched("/events?type=user&user_id=u1&summary=true")
        .await;
    assert_eq!(summary["type"], "event.summary");
    assert_eq!(summary["user_id"], "u1");
    assert_eq!(summary["email"], "ada@example.com");
    assert_eq!(summary["intercom_user_id"], id(&ada));
    assert_eq!(
        summary["events"],
        json!([
            {
                "name": "ordered",
                "first": "2014-01-16T19:20:00.000Z",
                "last": "2014-01-17T23:06:39.000Z",
                "count": 3,
                "description": "",
            },
            {
                "name": "viewed",
                "first": "2014-05-13T16:53:20.000Z",
                "last": "2014-05-13T16:53:20.000Z",
                "count": 1,
                "description": "",
            },
        ])
    );
}
