//! Workspace operations (admins, teams, segments, data attributes, counts, activity logs)
//! through the client against intercom-mock, and the check that every operation of the spec
//! has a `mock_*` test.

mod mock_support;

use std::collections::{BTreeSet, HashMap};

use futures_util::TryStreamExt;
use intercom_api::types::{CountBreakdown, CountedType};
use mock_support::{COVERED, api_error, assert_not_found, client, field, mock, seeded, send_json};
use serde_json::json;

/// The `mock_*` test files, by name, to check that each calls the operations `COVERED` gives
/// it.
const TEST_FILES: &[(&str, &str)] = &[
    ("mock_users.rs", include_str!("mock_users.rs")),
    (
        "mock_leads_visitors.rs",
        include_str!("mock_leads_visitors.rs"),
    ),
    ("mock_companies.rs", include_str!("mock_companies.rs")),
    (
        "mock_tags_notes_events.rs",
        include_str!("mock_tags_notes_events.rs"),
    ),
    (
        "mock_conversations.rs",
        include_str!("mock_conversations.rs"),
    ),
    ("mock_workspace.rs", include_str!("mock_workspace.rs")),
    ("mock_sdk_lookups.rs", include_str!("mock_sdk_lookups.rs")),
    ("mock_sdk_counts.rs", include_str!("mock_sdk_counts.rs")),
    (
        "mock_sdk_subscriptions.rs",
        include_str!("mock_sdk_subscriptions.rs"),
    ),
    ("mock_sdk_bulk.rs", include_str!("mock_sdk_bulk.rs")),
];

#[test]
fn every_operation_is_exercised_against_the_mock() {
    let spec: BTreeSet<&str> = intercom_mock::spec::OPERATIONS
        .iter()
        .map(|op| op.name)
        .collect();
    let covered: BTreeSet<&str> = COVERED.iter().map(|(op, _)| *op).collect();
    assert_eq!(covered.len(), COVERED.len(), "an operation is listed twice");

    let untested: Vec<&str> = spec.difference(&covered).copied().collect();
    assert!(
        untested.is_empty(),
        "operations without a test against intercom-mock (add one to a mock_*.rs file and \
         list it in mock_support::COVERED): {untested:?}"
    );
    let unknown: Vec<&str> = covered.difference(&spec).copied().collect();
    assert!(
        unknown.is_empty(),
        "COVERED lists operations the spec does not have: {unknown:?}"
    );

    let files: HashMap<&str, &str> = TEST_FILES.iter().copied().collect();
    for (op, file) in COVERED {
        let source = files
            .get(file)
            .unwrap_or_else(|| panic!("{op} is listed under {file}, which is not a mock_* file"));
        assert!(
            source.contains(&format!(".{op}(")),
            "{file} does not call `{op}`, which COVERED says it tests"
        );
    }
}

#[test]
fn only_the_activity_logs_are_answered_from_samples() {
    assert_eq!(
        intercom_mock::sampled_operations(),
        ["list_activity_logs_for_admin"],
        "operations the mock keeps no state for"
    );
}

#[tokio::test]
async fn list_activity_logs_for_admin_is_an_empty_list() {
    let mock = mock().await;
    let client = client(&mock);

    let page = client
        .list_activity_logs_for_admin(1_600_000_000)
        .created_at_before(1_700_000_000)
        .await
        .expect("activity logs");
    assert_eq!(page.type_.as_deref(), Some("activity_log.list"));
    assert_eq!(page.activity_logs, Some(vec![]));
    assert_eq!(page.pages.and_then(|p| p.next), None);

    let before = mock.request_count();
    let logs: Vec<_> = client
        .list_activity_logs_for_admin(1_600_000_000)
        .stream()
        .try_collect()
        .await
        .expect("streamed");
    assert!(logs.is_empty());
    assert_eq!(mock.request_count() - before, 1, "one page, no next link");
}

#[tokio::test]
async fn admins_are_listed_read_and_set_away() {
    let mock = mock().await;
    let client = client(&mock);

    let admins = client.list_admins().await.expect("list_admins");
    let admins = admins.admins.expect("admins");
    let emails: Vec<_> = admins.iter().filter_map(|a| a.email.as_deref()).collect();
    assert_eq!(emails, ["ada@example.com", "grace@example.com"]);

    let grace = client.get_admin("1002").await.expect("get_admin");
    assert_eq!(grace, admins[1]);
    assert_eq!(grace.type_.as_deref(), Some("admin"));
    assert_eq!(grace.name.as_deref(), Some("Grace Support"));
    assert_eq!(grace.team_ids, Some(vec![2001]));
    assert_eq!(grace.away_mode_enabled, Some(false));

    let away = client
        .set_admin_away("1002", true, true)
        .await
        .expect("set away");
    assert_eq!(away.id.as_deref(), Some("1002"));
    assert_eq!(away.away_mode_enabled, Some(true));
    assert_eq!(away.away_mode_reassign, Some(true));
    assert_eq!(client.get_admin("1002").await.expect("get_admin"), away);
    let listed = client.list_admins().await.expect("list_admins");
    assert_eq!(listed.admins.expect("admins")[1], away);

    // `set_admin_away` takes both flags; the raw body leaves one out.
    let missing = api_error(
        send_json(
            &client,
            "PUT",
            "/admins/1002/away",
            json!({"away_mode_enabled": false}),
        )
        .await,
        400,
        "parameter_not_found",
    );
    assert_eq!(field(&missing), Some("away_mode_reassign"));
    let unchanged = client.get_admin("1002").await.expect("get_admin");
    assert_eq!(
        unchanged.away_mode_enabled,
        Some(true),
        "the refusal changed nothing"
    );

    api_error(client.get_admin("9999").await, 404, "admin_not_found");
    api_error(
        client.set_admin_away("9999", false, false).await,
        404,
        "admin_not_found",
    );
}

#[tokio::test]
async fn get_current_admin_and_app_answers_the_first_admin_and_the_app() {
    let mock = mock().await;
    let client = client(&mock);

    let me = client
        .get_current_admin_and_app()
        .await
        .expect("get_current_admin_and_app");
    assert_eq!(me.id.as_deref(), Some("1001"));
    assert_eq!(me.email.as_deref(), Some("ada@example.com"));
    let app = me.app.expect("the app");
    assert_eq!(app.type_.as_deref(), Some("app"));
    assert_eq!(app.id_code.as_deref(), Some("mockapp1"));
    assert_eq!(app.name.as_deref(), Some("Mock App"));
    assert_eq!(app.timezone.as_deref(), Some("Europe/Dublin"));
}

#[tokio::test]
async fn teams_are_listed_and_read() {
    let mock = mock().await;
    let client = client(&mock);

    let teams = client.list_teams().await.expect("list_teams");
    let teams = teams.teams.expect("teams");
    assert_eq!(teams.len(), 1);
    let support = client.get_team("2001").await.expect("get_team");
    assert_eq!(support, teams[0]);
    assert_eq!(support.name.as_deref(), Some("Support"));
    assert_eq!(support.admin_ids, Some(vec![1001, 1002]));
    assert_not_found(client.get_team("9999").await);
}

#[tokio::test]
async fn segments_are_listed_and_counted() {
    let mock = seeded(
        r#"{"segments": [
              {"id": "3001", "name": "Active", "person_type": "user"},
              {"id": "3002", "name": "New", "person_type": "user"},
              {"id": "3101", "name": "Big accounts", "person_type": "company"}],
            "users": [
              {"user_id": "u-1", "segments": [{"type": "segment", "id": "3001"}]},
              {"user_id": "u-2", "segments": [{"type": "segment", "id": "3001"}, {"type": "segment", "id": "3002"}]},
              {"user_id": "u-3"}],
            "companies": [{"company_id": "acme", "segments": [{"type": "segment", "id": "3101"}]}]}"#,
    )
    .await;
    let client = client(&mock);

    let people = client.list_segments().await.expect("list_segments");
    let names: Vec<_> = people
        .segments
        .iter()
        .flatten()
        .filter_map(|s| s.name.as_deref())
        .collect();
    assert_eq!(names, ["Active", "New"]);
    assert!(
        people.segments.iter().flatten().all(|s| s.count.is_none()),
        "no counts unless asked"
    );

    let counted = client
        .list_segments()
        .include_count(true)
        .await
        .expect("with counts");
    let counts: Vec<_> = counted.segments.iter().flatten().map(|s| s.count).collect();
    assert_eq!(counts, [Some(2), Some(1)]);

    let companies = client
        .list_segments()
        .type_("company")
        .include_count(true)
        .await
        .expect("company segments");
    let companies = companies.segments.expect("segments");
    assert_eq!(companies.len(), 1);
    assert_eq!(companies[0].name.as_deref(), Some("Big accounts"));
    assert_eq!(companies[0].count, Some(1));

    let active = client
        .get_segment("3001")
        .include_count(true)
        .await
        .expect("get_segment");
    assert_eq!(active.name.as_deref(), Some("Active"));
    assert_eq!(active.person_type.as_deref(), Some("user"));
    assert_eq!(active.count, Some(2));
    let uncounted = client.get_segment("3001").await.expect("get_segment");
    assert_eq!(uncounted.count, None);
    assert_not_found(client.get_segment("9999").await);
}

#[tokio::test]
async fn data_attributes_are_listed_per_model() {
    let mock = seeded(
        r#"{"data_attributes": [
              {"model": "customer", "name": "plan_tier", "full_name": "custom_attributes.plan_tier", "data_type": "string", "custom": true, "archived": false},
              {"model": "customer", "name": "old_flag", "full_name": "custom_attributes.old_flag", "data_type": "boolean", "custom": true, "archived": true},
              {"model": "company", "name": "seats", "full_name": "custom_attributes.seats", "data_type": "integer", "custom": true, "archived": false}]}"#,
    )
    .await;
    let client = client(&mock);

    let customers = client
        .list_data_attributes_for_customers()
        .await
        .expect("customer attributes");
    let customers = customers.data_attributes.expect("data_attributes");
    assert_eq!(customers.len(), 1, "archived ones left out");
    assert_eq!(customers[0].name.as_deref(), Some("plan_tier"));
    assert_eq!(customers[0].model.as_deref(), Some("customer"));
    assert_eq!(customers[0].data_type.as_deref(), Some("string"));
    assert_eq!(customers[0].custom, Some(true));

    let all = client
        .list_data_attributes_for_customers()
        .include_archived(true)
        .await
        .expect("with archived");
    let names: Vec<_> = all
        .data_attributes
        .iter()
        .flatten()
        .filter_map(|a| a.name.as_deref())
        .collect();
    assert_eq!(names, ["plan_tier", "old_flag"]);

    let companies = client
        .list_data_attributes_for_companies()
        .await
        .expect("company attributes");
    let companies = companies.data_attributes.expect("data_attributes");
    assert_eq!(companies.len(), 1);
    assert_eq!(companies[0].name.as_deref(), Some("seats"));
    assert_eq!(companies[0].model.as_deref(), Some("company"));

    // The default workspace has both kinds too.
    let default = mock_support::mock().await;
    let defaults = mock_support::client(&default)
        .list_data_attributes_for_companies()
        .include_archived(false)
        .await
        .expect("default company attributes");
    let defaults = defaults.data_attributes.expect("data_attributes");
    assert!(!defaults.is_empty());
    assert!(
        defaults
            .iter()
            .all(|a| a.model.as_deref() == Some("company"))
    );
}

#[tokio::test]
async fn get_count_counts_what_the_mock_holds() {
    let mock = seeded(
        r#"{"companies": [{"id": "5c0000000000000000000001", "company_id": "acme", "name": "Acme"}],
            "users": [
              {"user_id": "u-1", "companies": [{"id": "5c0000000000000000000001"}]},
              {"user_id": "u-2", "companies": [{"id": "5c0000000000000000000001"}]},
              {"user_id": "u-3"}],
            "leads": [{"user_id": "l-1"}],
            "tags": [{"id": "7001", "name": "vip"}]}"#,
    )
    .await;
    let client = client(&mock);

    let totals = client.get_count().await.expect("app totals");
    assert_eq!(totals.type_.as_deref(), Some("count.hash"));
    let total = |part: &Option<serde_json::Map<String, serde_json::Value>>| {
        part.as_ref().and_then(|p| p.get("count")).cloned()
    };
    assert_eq!(total(&totals.user), Some(json!(3)));
    assert_eq!(total(&totals.company), Some(json!(1)));
    assert_eq!(total(&totals.lead), Some(json!(1)));
    assert_eq!(total(&totals.tag), Some(json!(1)));
    assert_eq!(
        total(&totals.segment),
        Some(json!(3)),
        "the default segments"
    );

    let per_company = client
        .get_count()
        .type_(CountedType::Company)
        .count(CountBreakdown::User)
        .await
        .expect("users per company");
    assert_eq!(per_company.type_.as_deref(), Some("count"));
    assert_eq!(
        per_company.company.and_then(|c| c.get("user").cloned()),
        Some(json!([{"Acme": 2}]))
    );

    // Users created through the client are counted.
    client
        .create_user()
        .user_id("u-4")
        .await
        .expect("a fourth user");
    let totals = client.get_count().await.expect("app totals");
    assert_eq!(total(&totals.user), Some(json!(4)));

    let conversations = client
        .get_count()
        .type_(CountedType::Conversation)
        .await
        .expect("conversation totals");
    let conversation = conversations.conversation.expect("conversation");
    assert_eq!(conversation.get("open"), Some(&json!(0)));

    let untyped = api_error(
        client.get_count().count(CountBreakdown::User).await,
        400,
        "parameter_not_found",
    );
    assert_eq!(field(&untyped), Some("type"));
}
