//! Bulk jobs: a job goes pending, running, completed as it is read; its items change the
//! state when it completes; the failed ones are in its error feed.

mod support;

use serde_json::{Value, json};
use support::{Api, error, field, start};

fn user_item(method: &str, data: Value) -> Value {
    json!({ "method": method, "data_type": "user", "data": data })
}

fn event_item(data: Value) -> Value {
    json!({ "method": "post", "data_type": "event", "data": data })
}

/// `GET /jobs/{id}`, which must succeed; answers the job's state.
async fn step(api: &Api, id: &str) -> String {
    let job = api.fetched(&format!("/jobs/{id}")).await;
    job["state"].as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn a_user_job_runs_as_it_is_read_and_reports_its_failed_items() {
    let api = start().await;
    api.user("old", "old@example.com").await;
    let job = api
        .created(
            "/bulk/users",
            json!({ "items": [
                user_item("post", json!({"user_id": "u1", "email": "ada@example.com", "name": "Ada"})),
                user_item("post", json!({"name": "Nobody"})),
                user_item("delete", json!({"user_id": "old"})),
            ] }),
        )
        .await;
    let id = support::id(&job);
    assert!(id.starts_with("job_"), "{id}");
    assert_eq!(job["type"], "job");
    assert_eq!(job["state"], "pending");
    assert_eq!(job["app_id"], "mockapp1");
    assert_eq!(job["completed_at"], Value::Null);
    assert!(
        job["closing_at"].as_i64() > job["created_at"].as_i64(),
        "{job}"
    );
    let base = api.mock.url();
    assert_eq!(job["links"]["self"], format!("{base}/jobs/{id}"));
    assert_eq!(job["links"]["error"], format!("{base}/jobs/{id}/error"));
    let tasks = job["tasks"].as_array().expect("tasks");
    assert_eq!(tasks.len(), 1);
    assert_eq!(
        (tasks[0]["item_count"].as_u64(), tasks[0]["state"].as_str()),
        (Some(3), Some("pending"))
    );
    // Nothing ran yet.
    assert_eq!(api.get("/users?user_id=u1").await.0, 404);

    // More items join the open job.
    let appended = api
        .created(
            "/bulk/users",
            json!({ "items": [user_item("post", json!({"user_id": "u2"}))], "job": {"id": id} }),
        )
        .await;
    assert_eq!(appended["id"], id.as_str());
    assert_eq!(appended["tasks"].as_array().map(Vec::len), Some(2));

    assert_eq!(step(&api, &id).await, "running");
    assert_eq!(
        api.get("/users?user_id=u1").await.0,
        404,
        "running, not yet done"
    );
    let done = api.fetched(&format!("/jobs/{id}")).await;
    assert_eq!(done["state"], "completed");
    assert!(done["completed_at"].is_i64(), "{done}");
    for task in done["tasks"].as_array().expect("tasks") {
        assert_eq!(task["state"], "completed");
        assert!(
            task["started_at"].is_i64() && task["completed_at"].is_i64(),
            "{task}"
        );
    }
    assert_eq!(step(&api, &id).await, "completed", "and stays so");

    assert_eq!(api.fetched("/users?user_id=u1").await["name"], "Ada");
    assert_eq!(api.fetched("/users?user_id=u2").await["user_id"], "u2");
    assert_eq!(api.get("/users?user_id=old").await.0, 404, "archived");

    let errors = api.fetched(&format!("/jobs/{id}/error")).await;
    assert_eq!(errors["job_id"], id.as_str());
    assert_eq!(errors["app_id"], "mockapp1");
    assert!(errors["pages"].is_object(), "{errors}");
    let failed = errors["items"].as_array().expect("items");
    assert_eq!(failed.len(), 1, "{errors}");
    assert_eq!(failed[0]["type"], "job_item");
    assert!(failed[0]["id"].is_string() && failed[0]["updated_at"].is_i64());
    assert_eq!(failed[0]["method"], "post");
    assert_eq!(failed[0]["data_type"], "user");
    assert_eq!(failed[0]["data"], json!({"name": "Nobody"}));
    assert_eq!(failed[0]["error"]["code"], "parameter_not_found");
    assert!(failed[0]["error"]["message"].is_string());

    // A completed job takes no more items.
    let (status, _, body) = api
        .post(
            "/bulk/users",
            json!({ "items": [user_item("post", json!({"user_id": "u3"}))], "job": {"id": id} }),
        )
        .await;
    assert_eq!((status, field(&body)), (400, "job.id"), "{body}");
    error(&body, "job_closed");
}

#[tokio::test]
async fn an_event_job_records_events_and_reports_the_bad_ones() {
    let api = start().await;
    let ada = api.user("u1", "ada@example.com").await;
    let job = api
        .created(
            "/bulk/events",
            json!({ "items": [
                event_item(json!({"event_name": "ordered", "created_at": 1_700_000_000,
                                  "user_id": "u1", "metadata": {"total": 3}})),
                event_item(json!({"created_at": 1_700_000_001, "user_id": "u1"})),
                event_item(json!({"event_name": "ordered", "created_at": 1_700_000_002,
                                  "user_id": "nobody"})),
                json!({"method": "delete", "data_type": "event", "data": {"event_name": "x"}}),
                json!({"method": "post", "data_type": "user", "data": {"user_id": "u9"}}),
            ] }),
        )
        .await;
    let id = support::id(&job);
    assert_eq!(step(&api, &id).await, "running");
    assert_eq!(step(&api, &id).await, "completed");

    let events = api
        .fetched(&format!(
            "/events?type=user&intercom_user_id={}",
            support::id(&ada)
        ))
        .await;
    let recorded = events["events"].as_array().expect("events");
    assert_eq!(recorded.len(), 1);
    assert_eq!(recorded[0]["event_name"], "ordered");
    assert_eq!(recorded[0]["metadata"], json!({"total": 3}));
    assert_eq!(
        api.get("/users?user_id=u9").await.0,
        404,
        "a user item in an event job fails"
    );

    let errors = api.fetched(&format!("/jobs/{id}/error")).await;
    let codes: Vec<(&str, &str)> = errors["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|item| {
            (
                item["data"]["event_name"].as_str().unwrap_or("-"),
                item["error"]["code"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        codes,
        [
            ("-", "parameter_not_found"),
            ("ordered", "not_found"),
            ("x", "parameter_invalid"),
            ("-", "parameter_invalid"),
        ]
    );
}

#[tokio::test]
async fn jobs_refuse_what_they_cannot_take() {
    let api = start().await;
    let (status, _, body) = api.get("/jobs/job_nope").await;
    assert_eq!(status, 404);
    error(&body, "not_found");
    let (status, _, body) = api.get("/jobs/job_nope/error").await;
    assert_eq!(status, 404);
    error(&body, "not_found");
    let (status, _, body) = api
        .post(
            "/bulk/users",
            json!({ "items": [user_item("post", json!({"user_id": "u1"}))], "job": {"id": "job_nope"} }),
        )
        .await;
    assert_eq!((status, field(&body)), (404, "job.id"), "{body}");
    let (status, _, body) = api.post("/bulk/users", json!({ "items": [] })).await;
    assert_eq!((status, field(&body)), (400, "items"), "{body}");
    let (status, _, body) = api
        .post(
            "/bulk/users",
            json!({ "items": [user_item("put", json!({}))] }),
        )
        .await;
    assert_eq!((status, field(&body)), (400, "items[0].method"), "{body}");

    // A user job takes no event items.
    let users = api
        .created(
            "/bulk/users",
            json!({ "items": [user_item("post", json!({"user_id": "u1"}))] }),
        )
        .await;
    let (status, _, body) = api
        .post(
            "/bulk/events",
            json!({ "items": [event_item(json!({"event_name": "x"}))], "job": {"id": users["id"]} }),
        )
        .await;
    assert_eq!((status, field(&body)), (400, "job.id"), "{body}");
    assert_eq!(
        api.get("/users?user_id=u1").await.0,
        404,
        "refusals run nothing"
    );
}

#[tokio::test]
async fn bulk_upserts_are_told_but_bulk_archives_are_not() {
    use support::receiver::Receiver;
    let api = start().await;
    api.user("old", "old@example.com").await;
    let receiver = Receiver::ok().await;
    let sub = api
        .created(
            "/subscriptions",
            json!({ "url": receiver.url, "topics": ["user"] }),
        )
        .await;
    let job = api
        .created(
            "/bulk/users",
            json!({ "items": [
                user_item("delete", json!({"user_id": "old"})),
                user_item("post", json!({"user_id": "u1"})),
            ] }),
        )
        .await;
    let id = support::id(&job);
    step(&api, &id).await;
    assert_eq!(step(&api, &id).await, "completed");
    api.post_empty(&format!("/subscriptions/{}/ping", support::id(&sub)))
        .await;
    let got = receiver.wait_for(2).await;
    let topics: Vec<Value> = got.iter().map(|r| r.json()["topic"].clone()).collect();
    assert_eq!(topics, [json!("user.created"), json!("ping")]);
    assert_eq!(got[0].json()["data"]["item"]["user_id"], "u1");
}
