//! Bulk jobs (the legacy Bulk API) through the client against intercom-mock: a job goes
//! pending → running → completed, its items change the users and events that other calls read
//! back, and the items that failed are in its error feed.
//!
//! Jobs run in the background: the tests poll `get_job` with a bounded wait, and never assert
//! on timing.

mod mock_support;

use std::time::Duration;

use futures_util::TryStreamExt;
use intercom_api::Client;
use intercom_api::types::{
    BulkEventItem, BulkUserItem, BulkUserItemMethod, Job, JobRef, JobState, User,
};
use mock_support::{assert_not_found, client, mock, object, seeded};
use serde_json::{Value, json};

/// How long a test waits for a job to complete before failing.
const PATIENCE: Duration = Duration::from_secs(30);

const PEOPLE: &str = r#"{
    "users": [
        {"id": "5b0000000000000000000001", "user_id": "u-1", "email": "ada@example.com", "name": "Ada"},
        {"id": "5b0000000000000000000002", "user_id": "u-2", "email": "grace@example.com", "name": "Grace"}]
}"#;

fn user_item(method: BulkUserItemMethod, data: Value) -> BulkUserItem {
    BulkUserItem {
        method: Some(method),
        data_type: Some("user".into()),
        data: Some(object(data)),
        ..Default::default()
    }
}

fn event_item(data: Value) -> BulkEventItem {
    BulkEventItem {
        method: Some("post".into()),
        data_type: Some("event".into()),
        data: Some(object(data)),
        ..Default::default()
    }
}

/// The one user whose `user_id` is `user_id`.
async fn user(client: &Client, user_id: &str) -> User {
    let found = client
        .find_user()
        .user_id(user_id)
        .await
        .unwrap_or_else(|e| panic!("the user {user_id}: {e}"));
    let mut users = found.users.unwrap_or_default();
    assert_eq!(users.len(), 1, "one user {user_id}: {users:?}");
    users.remove(0)
}

fn rank(state: &JobState) -> u8 {
    match state {
        JobState::Pending => 0,
        JobState::Running => 1,
        JobState::Completed | JobState::Failed => 2,
        JobState::Unknown(other) => panic!("a job state the API does not have: {other}"),
    }
}

/// Polls the job until it is completed (or failed), checking on the way that its state never
/// goes back; the job as last read.
async fn finished(client: &Client, id: &str) -> Job {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    let mut seen: Vec<JobState> = Vec::new();
    loop {
        let job = client.get_job(id).await.expect("get_job");
        let state = job.state.clone().expect("a state");
        if let Some(last) = seen.last() {
            assert!(
                rank(last) <= rank(&state),
                "the state went back: {seen:?} then {state:?}"
            );
        }
        if seen.last() != Some(&state) {
            seen.push(state.clone());
        }
        if rank(&state) == 2 {
            return job;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the job did not finish in {PATIENCE:?}: states {seen:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_user_job_upserts_and_archives_then_completes() {
    let mock = seeded(PEOPLE).await;
    let client = client(&mock);

    let job = client
        .submit_bulk_user_job([
            user_item(
                BulkUserItemMethod::Post,
                json!({"user_id": "u-3", "email": "hedy@example.com", "name": "Hedy",
                       "custom_attributes": {"plan_tier": "gold"}}),
            ),
            user_item(
                BulkUserItemMethod::Post,
                json!({"user_id": "u-1", "name": "Ada Lovelace"}),
            ),
            user_item(BulkUserItemMethod::Delete, json!({"user_id": "u-2"})),
        ])
        .await
        .expect("submitted");
    let id = job.id.clone().expect("a job id");
    assert!(id.starts_with("job_"), "{id}");
    assert!(
        matches!(job.state, Some(JobState::Pending | JobState::Running)),
        "a new job has not completed yet: {:?}",
        job.state
    );
    assert_eq!(job.completed_at, None);
    assert!(job.created_at.is_some());
    let links = job.links.clone().expect("links");
    assert!(
        links
            .error
            .as_deref()
            .is_some_and(|l| l.ends_with(&format!("/jobs/{id}/error"))),
        "{links:?}"
    );

    let done = finished(&client, &id).await;
    assert_eq!(done.state, Some(JobState::Completed));
    assert!(done.completed_at.is_some(), "completed_at once completed");
    assert_eq!(done.id, job.id);

    let hedy = user(&client, "u-3").await;
    assert_eq!(hedy.email.as_deref(), Some("hedy@example.com"));
    assert_eq!(
        hedy.custom_attributes
            .and_then(|c| c.get("plan_tier").cloned()),
        Some(json!("gold"))
    );
    let ada = user(&client, "u-1").await;
    assert_eq!(ada.name.as_deref(), Some("Ada Lovelace"));
    assert_eq!(ada.email.as_deref(), Some("ada@example.com"), "kept");
    assert_not_found(client.find_user().user_id("u-2").await);

    let errors: Vec<_> = client
        .list_job_errors(&id)
        .stream()
        .try_collect()
        .await
        .expect("error feed");
    assert_eq!(errors, vec![], "no item failed");
}

#[tokio::test]
async fn failed_items_are_in_the_error_feed_and_the_others_are_done() {
    let mock = seeded(PEOPLE).await;
    let client = client(&mock);

    let job = client
        .submit_bulk_user_job([
            user_item(
                BulkUserItemMethod::Post,
                json!({"user_id": "u-3", "email": "hedy@example.com"}),
            ),
            user_item(
                BulkUserItemMethod::Delete,
                json!({"user_id": "no-such-user"}),
            ),
            user_item(
                BulkUserItemMethod::Post,
                json!({"name": "Nobody in particular"}),
            ),
        ])
        .await
        .expect("submitted");
    let id = job.id.clone().expect("a job id");
    finished(&client, &id).await;

    assert_eq!(
        user(&client, "u-3").await.email.as_deref(),
        Some("hedy@example.com")
    );
    let page = client.list_job_errors(&id).await.expect("error feed");
    assert_eq!(page.job_id.as_deref(), Some(id.as_str()));
    let items = page.items.expect("items");
    assert_eq!(items.len(), 2, "{items:#?}");
    let delete = items
        .iter()
        .find(|i| i.method.as_deref() == Some("delete"))
        .expect("the failed delete");
    assert_eq!(delete.type_.as_deref(), Some("job_item"));
    assert_eq!(delete.data_type.as_deref(), Some("user"));
    assert_eq!(
        delete.data.as_ref().and_then(|d| d.get("user_id")).cloned(),
        Some(json!("no-such-user")),
        "the item's data as submitted"
    );
    let error = delete.error.as_ref().expect("error");
    assert!(error.code.is_some() && error.message.is_some(), "{error:?}");
    let post = items
        .iter()
        .find(|i| i.method.as_deref() == Some("post"))
        .expect("the failed upsert");
    assert_eq!(
        post.data.as_ref().and_then(|d| d.get("name")).cloned(),
        Some(json!("Nobody in particular"))
    );
    assert!(post.error.as_ref().and_then(|e| e.code.as_ref()).is_some());
    // Two users seeded, one created; the failed items changed nothing.
    let totals = client.get_app_counts().await.expect("totals");
    assert_eq!(totals.user.and_then(|u| u.count), Some(3));
}

#[tokio::test]
async fn items_can_be_added_to_an_open_job() {
    let mock = mock().await;
    let client = client(&mock);
    let job = client
        .submit_bulk_user_job([user_item(
            BulkUserItemMethod::Post,
            json!({"user_id": "b-1"}),
        )])
        .await
        .expect("submitted");
    let id = job.id.clone().expect("a job id");

    let appended = client
        .submit_bulk_user_job([user_item(
            BulkUserItemMethod::Post,
            json!({"user_id": "b-2"}),
        )])
        .job(JobRef {
            id: Some(id.clone()),
            ..Default::default()
        })
        .await
        .expect("appended");
    assert_eq!(appended.id, job.id, "the same job");

    finished(&client, &id).await;
    for user_id in ["b-1", "b-2"] {
        user(&client, user_id).await;
    }
    assert_not_found(client.get_job("job_missing").await);
    assert_not_found(client.list_job_errors("job_missing").await);
}

#[tokio::test]
async fn an_event_job_creates_the_events() {
    let mock = seeded(PEOPLE).await;
    let client = client(&mock);

    let job = client
        .submit_bulk_event_job([
            event_item(json!({
                "event_name": "placed-order", "created_at": 1_600_000_000, "user_id": "u-1",
                "metadata": {"order_number": "A-1001", "items": 3}
            })),
            event_item(json!({
                "event_name": "invited-friend", "created_at": 1_600_000_060,
                "email": "grace@example.com"
            })),
            event_item(json!({
                "event_name": "placed-order", "created_at": 1_600_000_120,
                "user_id": "no-such-user"
            })),
        ])
        .await
        .expect("submitted");
    let id = job.id.clone().expect("a job id");
    let done = finished(&client, &id).await;
    assert_eq!(done.state, Some(JobState::Completed));

    let adas = client
        .list_events_for_user()
        .user_id("u-1")
        .await
        .expect("ada's events");
    let events = adas.events.expect("events");
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].event_name.as_deref(), Some("placed-order"));
    assert_eq!(
        events[0]
            .metadata
            .as_ref()
            .and_then(|m| m.get("order_number"))
            .cloned(),
        Some(json!("A-1001"))
    );
    let graces = client
        .list_events_for_user()
        .email("grace@example.com")
        .await
        .expect("grace's events");
    assert_eq!(
        graces
            .events
            .unwrap_or_default()
            .iter()
            .filter_map(|e| e.event_name.as_deref())
            .collect::<Vec<_>>(),
        ["invited-friend"]
    );

    let errors = client.list_job_errors(&id).await.expect("error feed");
    let items = errors.items.expect("items");
    assert_eq!(items.len(), 1, "the event of an unknown user: {items:#?}");
    assert_eq!(items[0].data_type.as_deref(), Some("event"));
    assert_eq!(items[0].method.as_deref(), Some("post"));
}
