//! Archiving a user by id, permanent deletion (the user or lead goes everywhere), the
//! assignment rules, and the user upsert and reply variants the SDKs send.

mod support;

use intercom_mock::{MockServer, Seed};
use serde_json::json;
use support::{Api, error, field, ids, start, start_with, texts};

/// Ada (in Acme, tagged VIP, in the Active segment) and Bob (in Acme), with a note, events
/// and conversations each; a lead.
fn seed() -> Seed {
    Seed::from_json(
        &json!({
            "companies": [{"id": "c-acme", "company_id": "acme", "name": "Acme"}],
            "users": [
                {"id": "u-ada", "user_id": "ada", "email": "ada@example.com",
                 "companies": [{"id": "c-acme"}], "tags": [{"id": "t-vip", "name": "VIP"}],
                 "segments": [{"id": "3001", "name": "Active"}]},
                {"id": "u-bob", "user_id": "bob", "email": "bob@example.com",
                 "companies": [{"id": "c-acme"}]}
            ],
            "leads": [{"id": "l-1", "user_id": "lead-1", "email": "lead@example.com"}],
            "tags": [{"id": "t-vip", "name": "VIP"}],
            "notes": [
                {"id": "n-ada", "body": "Ada's", "user": {"type": "user", "id": "u-ada"}},
                {"id": "n-bob", "body": "Bob's", "user": {"type": "user", "id": "u-bob"}}
            ],
            "events": [
                {"id": "e-ada", "event_name": "ordered", "created_at": 1, "intercom_user_id": "u-ada"},
                {"id": "e-bob", "event_name": "ordered", "created_at": 2, "intercom_user_id": "u-bob"}
            ],
            "conversations": [
                {"id": "conv-ada", "user": {"type": "user", "id": "u-ada"},
                 "customers": [{"type": "user", "id": "u-ada"}]},
                {"id": "conv-bob", "user": {"type": "user", "id": "u-bob"},
                 "customers": [{"type": "user", "id": "u-bob"}, {"type": "user", "id": "u-ada"}]}
            ]
        })
        .to_string(),
    )
    .expect("the seed parses")
}

async fn seeded() -> Api {
    start_with(MockServer::builder().seed(seed())).await
}

#[tokio::test]
async fn a_user_is_archived_by_its_intercom_id() {
    let api = seeded().await;
    let (status, _, archived) = api.delete("/users/u-ada").await;
    assert_eq!(status, 200, "{archived}");
    assert_eq!(
        (archived["type"].as_str(), archived["id"].as_str()),
        (Some("user"), Some("u-ada"))
    );
    assert_eq!(api.get("/users/u-ada").await.0, 404);
    assert_eq!(api.fetched("/companies/c-acme").await["user_count"], 1);
    // Archiving is not a deletion: the user's notes stay.
    assert_eq!(api.fetched("/notes/n-ada").await["body"], "Ada's");
    let (status, _, body) = api.delete("/users/u-ada").await;
    assert_eq!(status, 404);
    error(&body, "not_found");
}

#[tokio::test]
async fn a_permanent_deletion_removes_the_user_everywhere() {
    let api = seeded().await;
    let (status, _, answer) = api
        .post(
            "/user_delete_requests",
            json!({"intercom_user_id": "u-ada"}),
        )
        .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(
        answer,
        json!({"id": 1}),
        "the id of the request, an integer"
    );

    assert_eq!(api.get("/users/u-ada").await.0, 404);
    assert_eq!(api.get("/users?user_id=ada").await.0, 404);
    assert_eq!(api.get("/users?email=ada@example.com").await.0, 404);
    assert_eq!(ids(&api.fetched("/users").await["users"]), ["u-bob"]);
    assert_eq!(api.fetched("/companies/c-acme").await["user_count"], 1);
    assert_eq!(
        ids(&api.fetched("/companies/c-acme/users").await["users"]),
        ["u-bob"]
    );
    assert_eq!(api.fetched("/users?tag_id=t-vip").await["total_count"], 0);
    assert_eq!(
        api.fetched("/users?segment_id=3001").await["total_count"],
        0
    );
    let tag_counts = api.fetched("/counts?type=user&count=tag").await;
    assert_eq!(tag_counts["user"]["tag"], json!([{"VIP": 0}]));
    assert_eq!(api.get("/notes/n-ada").await.0, 404);
    assert_eq!(api.fetched("/notes/n-bob").await["body"], "Bob's");
    assert_eq!(
        api.get("/events?type=user&intercom_user_id=u-ada").await.0,
        404
    );
    let bobs = api
        .fetched("/events?type=user&intercom_user_id=u-bob")
        .await;
    assert_eq!(ids(&bobs["events"]), ["e-bob"]);
    // Ada's conversation is gone; she leaves Bob's.
    assert_eq!(api.get("/conversations/conv-ada").await.0, 404);
    let bob = api.fetched("/conversations/conv-bob").await;
    assert_eq!(ids(&bob["customers"]), ["u-bob"]);
    assert_eq!(
        ids(&api.fetched("/conversations").await["conversations"]),
        ["conv-bob"]
    );
    assert_eq!(api.fetched("/counts").await["user"], json!({"count": 1}));

    // A second request is for someone else: its id follows.
    let (status, _, again) = api
        .post(
            "/user_delete_requests",
            json!({"intercom_user_id": "u-ada"}),
        )
        .await;
    assert_eq!(status, 404, "{again}");
    assert_eq!(field(&again), "intercom_user_id");
    let next = api
        .created(
            "/user_delete_requests",
            json!({"intercom_user_id": "u-bob"}),
        )
        .await;
    assert_eq!(next, json!({"id": 2}));
    assert_eq!(api.fetched("/companies/c-acme").await["user_count"], 0);
}

#[tokio::test]
async fn a_permanent_deletion_takes_a_lead_too_and_needs_an_id() {
    let api = seeded().await;
    assert_eq!(
        api.created("/user_delete_requests", json!({"intercom_user_id": "l-1"}))
            .await,
        json!({"id": 1})
    );
    assert_eq!(api.get("/contacts/l-1").await.0, 404);
    assert_eq!(api.get("/contacts?user_id=lead-1").await.0, 404);
    let (status, _, body) = api.post("/user_delete_requests", json!({})).await;
    assert_eq!((status, field(&body)), (400, "intercom_user_id"), "{body}");
    let (status, _, body) = api
        .post("/user_delete_requests", json!({"user_id": "ada"}))
        .await;
    assert_eq!((status, field(&body)), (400, "user_id"), "{body}");
    assert_eq!(
        api.fetched("/users").await["total_count"],
        2,
        "nothing else went"
    );
}

/// A user message from Ada; answers the conversation's id.
async fn conversation_from_ada(api: &Api) -> String {
    let message = api
        .created(
            "/messages",
            json!({"from": {"type": "user", "user_id": "ada"}, "body": "Help"}),
        )
        .await;
    message["conversation_id"]
        .as_str()
        .expect("a conversation")
        .to_owned()
}

#[tokio::test]
async fn the_assignment_rules_give_an_unassigned_conversation_to_the_first_team() {
    let api = seeded().await;
    let id = conversation_from_ada(&api).await;
    let path = format!("/conversations/{id}/run_assignment_rules");
    let ruled = api.post_empty(&path).await;
    assert_eq!(ruled.0, 200, "{}", ruled.2);
    let ruled = ruled.2;
    assert_eq!(ruled["id"], id.as_str());
    assert_eq!(ruled["assignee"], json!({"type": "team", "id": "2001"}));
    let parts = &ruled["conversation_parts"]["conversation_parts"];
    let last = &parts[parts.as_array().map_or(0, Vec::len) - 1];
    assert_eq!(last["part_type"], "assignment");
    assert_eq!(last["assigned_to"], json!({"type": "team", "id": "2001"}));
    assert_eq!(last["author"]["type"], "bot");
    assert_eq!(api.fetched(&format!("/conversations/{id}")).await, ruled);

    // Assigned already: left as it is.
    let again = api.post_empty(&path).await.2;
    assert_eq!(again, ruled);
    // Closed and unassigned: left as it is.
    let other = conversation_from_ada(&api).await;
    api.created(
        &format!("/conversations/{other}/reply"),
        json!({"type": "admin", "admin_id": "1001", "message_type": "close"}),
    )
    .await;
    let closed = api
        .post_empty(&format!("/conversations/{other}/run_assignment_rules"))
        .await
        .2;
    assert_eq!(closed["assignee"]["type"], "nobody_admin");

    let (status, _, body) = api
        .post_empty("/conversations/999/run_assignment_rules")
        .await;
    assert_eq!(status, 404);
    error(&body, "not_found");
}

#[tokio::test]
async fn a_snoozed_reply_snoozes_until_snoozed_until() {
    let api = seeded().await;
    let id = conversation_from_ada(&api).await;
    let path = format!("/conversations/{id}/reply");
    let snoozed = api
        .created(
            &path,
            json!({"type": "admin", "admin_id": "1001", "message_type": "snoozed",
                   "snoozed_until": 1_900_000_000}),
        )
        .await;
    assert_eq!(snoozed["state"], "snoozed");
    assert_eq!(snoozed["snoozed_until"], 1_900_000_000);
    let (status, _, body) = api
        .post(
            &path,
            json!({"type": "admin", "admin_id": "1001", "message_type": "snoozed"}),
        )
        .await;
    assert_eq!((status, field(&body)), (400, "snoozed_until"), "{body}");
}

#[tokio::test]
async fn user_upserts_count_sessions_touch_last_seen_and_leave_companies() {
    let api = start().await;
    let created = api
        .created(
            "/users",
            json!({"user_id": "u1", "companies": [{"company_id": "c1"}, {"company_id": "c2"}]}),
        )
        .await;
    assert_eq!(created["session_count"], 0);
    let before = support::now();
    let seen = api
        .created(
            "/users",
            json!({"user_id": "u1", "update_last_request_at": true, "new_session": true}),
        )
        .await;
    assert_eq!(seen["session_count"], 1);
    assert!(
        seen["last_request_at"]
            .as_u64()
            .is_some_and(|t| t >= before),
        "{seen}"
    );
    assert!(seen.get("new_session").is_none() && seen.get("update_last_request_at").is_none());
    let again = api
        .created("/users", json!({"user_id": "u1", "new_session": true}))
        .await;
    assert_eq!(again["session_count"], 2);

    let left = api
        .created(
            "/users",
            json!({"user_id": "u1", "companies": [{"company_id": "c1", "remove": true}]}),
        )
        .await;
    assert_eq!(texts(&left, "companies", "company_id"), ["c2"]);
    let c1 = api.fetched("/companies?company_id=c1").await;
    assert_eq!(c1["user_count"], 0);
    assert!(c1.get("remove").is_none(), "{c1}");
    assert_eq!(
        api.fetched("/companies?company_id=c2").await["user_count"],
        1
    );
    // Removing from a company the user is not in, or that does not exist, changes nothing.
    let same = api
        .created(
            "/users",
            json!({"user_id": "u1", "companies": [{"company_id": "c1", "remove": true},
                                                  {"company_id": "nope", "remove": true}]}),
        )
        .await;
    assert_eq!(texts(&same, "companies", "company_id"), ["c2"]);
    assert_eq!(api.get("/companies?company_id=nope").await.0, 404);
}
