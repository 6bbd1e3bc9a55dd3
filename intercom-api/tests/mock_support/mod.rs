//! Shared helpers of the `mock_*` tests, which run the client against intercom-mock: starting
//! a (seeded) mock, a client for it, reading API errors, and the list of operations the tests
//! cover.

#![allow(dead_code)]

use intercom_api::{ApiError, Client, Error, RetryPolicy};
use intercom_mock::{MockServer, Seed};

/// Every operation the `mock_*` tests call against the mock, with the test file that calls it.
///
/// `mock_workspace::every_operation_is_exercised_against_the_mock` checks that every operation
/// of the spec is listed here, and that the file named calls the method: add an entry (and a
/// test) when an operation is added to the spec.
pub const COVERED: &[(&str, &str)] = &[
    // mock_users.rs
    ("archive_user", "mock_users.rs"),
    ("create_update_user", "mock_users.rs"),
    ("create_user", "mock_users.rs"),
    ("find_user", "mock_users.rs"),
    ("get_user", "mock_users.rs"),
    ("list_users", "mock_users.rs"),
    ("scroll_users", "mock_users.rs"),
    // mock_leads_visitors.rs
    ("convert_lead", "mock_leads_visitors.rs"),
    ("convert_visitor", "mock_leads_visitors.rs"),
    ("create_lead", "mock_leads_visitors.rs"),
    ("delete_lead", "mock_leads_visitors.rs"),
    ("delete_lead_by_id", "mock_leads_visitors.rs"),
    ("delete_visitor_by_id", "mock_leads_visitors.rs"),
    ("get_lead", "mock_leads_visitors.rs"),
    ("get_visitor", "mock_leads_visitors.rs"),
    ("list_leads", "mock_leads_visitors.rs"),
    ("scroll_leads", "mock_leads_visitors.rs"),
    ("update_lead", "mock_leads_visitors.rs"),
    ("update_visitor", "mock_leads_visitors.rs"),
    // mock_companies.rs
    ("create_company", "mock_companies.rs"),
    ("get_company", "mock_companies.rs"),
    ("list_companies", "mock_companies.rs"),
    ("list_users_for_company", "mock_companies.rs"),
    ("scroll_companies", "mock_companies.rs"),
    ("update_company", "mock_companies.rs"),
    // mock_tags_notes_events.rs
    ("create_event", "mock_tags_notes_events.rs"),
    ("create_note", "mock_tags_notes_events.rs"),
    ("create_tag", "mock_tags_notes_events.rs"),
    ("delete_tag", "mock_tags_notes_events.rs"),
    ("get_note", "mock_tags_notes_events.rs"),
    ("list_events_for_user", "mock_tags_notes_events.rs"),
    ("list_notes_for_user", "mock_tags_notes_events.rs"),
    ("list_tags", "mock_tags_notes_events.rs"),
    ("update_tag", "mock_tags_notes_events.rs"),
    // mock_conversations.rs
    ("add_customer_to_conversation", "mock_conversations.rs"),
    ("delete_customer_to_conversation", "mock_conversations.rs"),
    ("get_conversation", "mock_conversations.rs"),
    ("list_conversations", "mock_conversations.rs"),
    ("mark_conversation_as_read", "mock_conversations.rs"),
    ("post_message", "mock_conversations.rs"),
    ("post_reply", "mock_conversations.rs"),
    ("post_reply_to_last_conversation", "mock_conversations.rs"),
    // mock_workspace.rs
    ("get_admin", "mock_workspace.rs"),
    ("get_count", "mock_workspace.rs"),
    ("get_current_admin_and_app", "mock_workspace.rs"),
    ("get_segment", "mock_workspace.rs"),
    ("get_team", "mock_workspace.rs"),
    ("list_activity_logs_for_admin", "mock_workspace.rs"),
    ("list_admins", "mock_workspace.rs"),
    ("list_data_attributes_for_companies", "mock_workspace.rs"),
    ("list_data_attributes_for_customers", "mock_workspace.rs"),
    ("list_segments", "mock_workspace.rs"),
    ("list_teams", "mock_workspace.rs"),
    ("set_admin_away", "mock_workspace.rs"),
    // mock_sdk_lookups.rs
    ("archive_user_by_id", "mock_sdk_lookups.rs"),
    ("get_company_by_company_id", "mock_sdk_lookups.rs"),
    ("get_company_by_name", "mock_sdk_lookups.rs"),
    ("get_lead_by_user_id", "mock_sdk_lookups.rs"),
    ("get_visitor_by_user_id", "mock_sdk_lookups.rs"),
    ("list_all_data_attributes", "mock_sdk_lookups.rs"),
    ("list_companies_by_segment", "mock_sdk_lookups.rs"),
    ("list_companies_by_tag", "mock_sdk_lookups.rs"),
    ("list_company_users_by_company_id", "mock_sdk_lookups.rs"),
    ("list_company_users_by_name", "mock_sdk_lookups.rs"),
    ("list_users_by_segment", "mock_sdk_lookups.rs"),
    ("list_users_by_tag", "mock_sdk_lookups.rs"),
    ("permanently_delete_user", "mock_sdk_lookups.rs"),
    ("run_assignment_rules", "mock_sdk_lookups.rs"),
    // mock_sdk_counts.rs
    ("get_admin_conversation_counts", "mock_sdk_counts.rs"),
    ("get_app_counts", "mock_sdk_counts.rs"),
    ("get_company_segment_counts", "mock_sdk_counts.rs"),
    ("get_company_tag_counts", "mock_sdk_counts.rs"),
    ("get_company_user_counts", "mock_sdk_counts.rs"),
    ("get_conversation_counts", "mock_sdk_counts.rs"),
    ("get_user_segment_counts", "mock_sdk_counts.rs"),
    ("get_user_tag_counts", "mock_sdk_counts.rs"),
    // mock_sdk_subscriptions.rs
    ("create_subscription", "mock_sdk_subscriptions.rs"),
    ("delete_subscription", "mock_sdk_subscriptions.rs"),
    ("get_subscription", "mock_sdk_subscriptions.rs"),
    (
        "list_subscription_error_notifications",
        "mock_sdk_subscriptions.rs",
    ),
    (
        "list_subscription_sent_notifications",
        "mock_sdk_subscriptions.rs",
    ),
    ("list_subscriptions", "mock_sdk_subscriptions.rs"),
    ("ping_subscription", "mock_sdk_subscriptions.rs"),
    ("update_subscription", "mock_sdk_subscriptions.rs"),
    // mock_sdk_bulk.rs
    ("get_job", "mock_sdk_bulk.rs"),
    ("list_job_errors", "mock_sdk_bulk.rs"),
    ("submit_bulk_event_job", "mock_sdk_bulk.rs"),
    ("submit_bulk_user_job", "mock_sdk_bulk.rs"),
];

/// A mock with the default seed (the workspace only: admins, a team, segments, data
/// attributes).
pub async fn mock() -> MockServer {
    intercom_mock::start().await
}

/// A mock started with the seed `json`.
pub async fn seeded(json: &str) -> MockServer {
    let seed = Seed::from_json(json).expect("the test's seed is valid Seed JSON");
    MockServer::builder()
        .seed(seed)
        .start()
        .await
        .expect("intercom-mock listens on a loopback port")
}

/// A client for `mock` that never retries.
pub fn client(mock: &MockServer) -> Client {
    Client::builder()
        .token("t")
        .base_url(mock.url())
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("a client for the mock's URL")
}

/// The API error of `result`, which must be an [`Error::Api`] with `status` and the code
/// `code`.
#[track_caller]
pub fn api_error<T: std::fmt::Debug>(
    result: intercom_api::Result<T>,
    status: u16,
    code: &str,
) -> Box<ApiError> {
    match result {
        Err(Error::Api(api)) => {
            assert_eq!(api.status, status, "status of {api}");
            assert_eq!(
                api.errors.first().and_then(|e| e.code.as_deref()),
                Some(code),
                "code of {api}"
            );
            assert!(
                api.request_id
                    .as_deref()
                    .is_some_and(|id| id.starts_with("mock-")),
                "the mock's request id in {api}"
            );
            api
        }
        other => panic!("expected an API error {status} {code}, got {other:?}"),
    }
}

/// The field the first entry of `api` names.
pub fn field(api: &ApiError) -> Option<&str> {
    api.errors.first().and_then(|e| e.field.as_deref())
}

/// Asserts that `result` is a 404 `not_found` from the mock.
#[track_caller]
pub fn assert_not_found<T: std::fmt::Debug>(result: intercom_api::Result<T>) {
    api_error(result, 404, "not_found");
}

/// Asserts that `result` was refused by the client before sending: `Error::InvalidRequest`
/// whose message names every parameter of `one_of`.
#[track_caller]
pub fn assert_refused_unsent<T: std::fmt::Debug>(result: intercom_api::Result<T>, one_of: &[&str]) {
    match result {
        Err(err @ Error::InvalidRequest { .. }) => {
            let message = err.to_string();
            for name in one_of {
                assert!(message.contains(name), "{message:?} names {name}");
            }
        }
        other => panic!("expected a client-side refusal, got {other:?}"),
    }
}

/// A JSON object for a request's free-form map fields (`custom_attributes`, `metadata`).
pub fn object(value: serde_json::Value) -> serde_json::Map<String, serde_json::Value> {
    match value {
        serde_json::Value::Object(map) => map,
        other => panic!("not a JSON object: {other}"),
    }
}

/// A mock started with the seed `value`, for seeds built in code.
pub async fn seeded_with(value: serde_json::Value) -> MockServer {
    seeded(&value.to_string()).await
}

/// `count` users `u-00`, `u-01`, … (`user{i}@example.com`), created a minute apart in 2020,
/// in seed form.
pub fn users_json(count: usize) -> serde_json::Value {
    let users: Vec<serde_json::Value> = (0..count)
        .map(|i| {
            serde_json::json!({
                "user_id": format!("u-{i:02}"),
                "email": format!("user{i}@example.com"),
                "name": format!("User {i}"),
                "created_at": 1_600_000_000 + 60 * i,
                "signed_up_at": 1_700_000_000 - 60 * i,
            })
        })
        .collect();
    serde_json::Value::Array(users)
}

/// Sends `method path` with `body` exactly as given, for a body the typed method cannot
/// produce: one that leaves out a field its `Client` method takes as an argument (a required
/// field).
pub async fn send_json(
    client: &Client,
    method: &str,
    path: &'static str,
    body: serde_json::Value,
) -> intercom_api::Result<serde_json::Value> {
    use intercom_api::request::{Method, Request};
    let method = Method::from_bytes(method.as_bytes()).expect("an HTTP method");
    client.send(Request::new(method, path).json(&body)).await
}
