//! The SDKs' alternative bindings and extra calls on people, companies, conversations and data
//! attributes (`spec/sdk-operations.md`) through the client against intercom-mock: each call's
//! typed result, and the change it makes as other calls read it back.

mod mock_support;

use std::collections::HashSet;

use futures_util::TryStreamExt;
use intercom_api::Client;
use intercom_api::operations::{CreateTag, CreateUpdateUser};
use intercom_api::types::{
    CreateTagRequestCompany, CreateTagRequestUser, MessageSender, MessageSenderType,
    ReplyAuthorType, ReplyMessageType, User, UserCompany,
};
use mock_support::{api_error, assert_not_found, client, mock, seeded, seeded_with, users_json};
use serde_json::json;

const PEOPLE: &str = r#"{
    "users": [
        {"id": "5b0000000000000000000001", "user_id": "u-1", "email": "ada@example.com",
         "name": "Ada", "segments": [{"type": "segment", "id": "3001"}]},
        {"id": "5b0000000000000000000002", "user_id": "u-2", "email": "grace@example.com",
         "name": "Grace", "segments": [{"type": "segment", "id": "3001"}, {"type": "segment", "id": "3002"}]},
        {"id": "5b0000000000000000000003", "user_id": "u-3", "email": "hedy@example.com",
         "name": "Hedy"}],
    "leads": [{"id": "5a0000000000000000000001", "user_id": "8a88a590-e1c3-41e2-a502-e0649dbf721c",
               "email": "lead@example.com", "name": "Curious lead"}],
    "visitors": [{"id": "590000000000000000000001", "user_id": "9b7e1c1e-0000-4000-8000-000000000001",
                  "name": "Window shopper"}],
    "companies": [
        {"id": "5c0000000000000000000001", "company_id": "acme", "name": "Acme Corp",
         "segments": [{"type": "segment", "id": "3101"}]},
        {"id": "5c0000000000000000000002", "company_id": "globex", "name": "Globex"}],
    "segments": [
        {"id": "3001", "name": "Active", "person_type": "user"},
        {"id": "3002", "name": "New", "person_type": "user"},
        {"id": "3101", "name": "Big accounts", "person_type": "company"}]
}"#;

const ADA: &str = "5b0000000000000000000001";
const GRACE: &str = "5b0000000000000000000002";
const HEDY: &str = "5b0000000000000000000003";
const LEAD: &str = "5a0000000000000000000001";
const LEAD_USER_ID: &str = "8a88a590-e1c3-41e2-a502-e0649dbf721c";
const VISITOR_USER_ID: &str = "9b7e1c1e-0000-4000-8000-000000000001";
const ACME: &str = "5c0000000000000000000001";

/// Asserts that `result` is the 404 `company_not_found` Intercom answers for an unknown company.
#[track_caller]
fn assert_no_company<T: std::fmt::Debug>(result: intercom_api::Result<T>) {
    api_error(result, 404, "company_not_found");
}

fn user_ids(users: &[User]) -> Vec<&str> {
    users.iter().filter_map(|u| u.user_id.as_deref()).collect()
}

fn sorted(mut ids: Vec<&str>) -> Vec<&str> {
    ids.sort_unstable();
    ids
}

/// Joins the user `user_id` to the company `company_id` (upsert).
fn joining(client: &Client, user_id: &str, company_id: &str) -> CreateUpdateUser {
    client
        .create_update_user()
        .user_id(user_id)
        .companies([UserCompany {
            company_id: Some(company_id.into()),
            ..Default::default()
        }])
}

/// Tags (or untags) users by their Intercom id.
fn tagging(client: &Client, name: &str, ids: &[&str], untag: bool) -> CreateTag {
    client
        .create_tag(name)
        .users(ids.iter().map(|id| CreateTagRequestUser {
            id: Some((*id).into()),
            untag: untag.then_some(true),
            ..Default::default()
        }))
}

// ---------------------------------------------------------------------------------------------
// Archiving and permanent deletion.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn archive_user_by_id_archives_the_user_it_names() {
    let mock = seeded(PEOPLE).await;
    let client = client(&mock);
    let before = client.get_user(ADA).await.expect("ada before");

    let archived = client.archive_user_by_id(ADA).await.expect("archived");
    assert_eq!(archived.id.as_deref(), Some(ADA));
    assert_eq!(archived.email.as_deref(), Some("ada@example.com"));
    assert_eq!(archived.user_id, before.user_id);

    assert_not_found(client.get_user(ADA).await);
    assert_not_found(client.find_user().user_id("u-1").await);
    let left: Vec<User> = client
        .list_users()
        .stream()
        .try_collect()
        .await
        .expect("the users left");
    assert_eq!(sorted(user_ids(&left)), ["u-2", "u-3"]);
    assert_not_found(client.archive_user_by_id(ADA).await);
    assert_not_found(client.archive_user_by_id("5b00000000000000000000ff").await);
    // The others are untouched.
    assert_eq!(
        client
            .get_user(GRACE)
            .await
            .expect("grace")
            .email
            .as_deref(),
        Some("grace@example.com")
    );
}

#[tokio::test]
async fn permanently_delete_user_removes_the_user_everywhere() {
    let mock = seeded(PEOPLE).await;
    let client = client(&mock);
    joining(&client, "u-1", "acme")
        .await
        .expect("ada joins acme");
    joining(&client, "u-2", "acme")
        .await
        .expect("grace joins acme");
    let vip = tagging(&client, "vip", &[ADA, GRACE], false)
        .await
        .expect("tagged");
    let vip_id = vip.id.expect("tag id");
    let totals_before = client.get_app_counts().await.expect("totals before");

    let deletion = client
        .permanently_delete_user(ADA)
        .await
        .expect("deletion requested");
    assert!(
        deletion.id.is_some_and(|id| id > 0),
        "the id of the deletion request: {deletion:?}"
    );

    assert_not_found(client.get_user(ADA).await);
    assert_not_found(client.find_user().email("ada@example.com").await);
    let users: Vec<User> = client
        .list_users()
        .stream()
        .try_collect()
        .await
        .expect("users");
    assert_eq!(sorted(user_ids(&users)), ["u-2", "u-3"]);
    let members: Vec<User> = client
        .list_company_users_by_company_id("acme")
        .stream()
        .try_collect()
        .await
        .expect("acme's users");
    assert_eq!(user_ids(&members), ["u-2"]);
    assert_eq!(
        client.get_company(ACME).await.expect("acme").user_count,
        Some(1)
    );
    let tagged: Vec<User> = client
        .list_users_by_tag(&vip_id)
        .stream()
        .try_collect()
        .await
        .expect("vip users");
    assert_eq!(user_ids(&tagged), ["u-2"]);
    let in_segment: Vec<User> = client
        .list_users_by_segment("3001")
        .stream()
        .try_collect()
        .await
        .expect("active users");
    assert_eq!(user_ids(&in_segment), ["u-2"]);
    let totals = client.get_app_counts().await.expect("totals after");
    assert_eq!(
        totals.user.and_then(|u| u.count),
        totals_before.user.and_then(|u| u.count).map(|n| n - 1)
    );
    // A deleted user cannot be archived or deleted again.
    assert_not_found(client.archive_user_by_id(ADA).await);
    assert_not_found(client.permanently_delete_user(ADA).await);
}

#[tokio::test]
async fn permanently_delete_user_takes_a_lead_too() {
    let mock = seeded(PEOPLE).await;
    let client = client(&mock);

    let deletion = client
        .permanently_delete_user(LEAD)
        .await
        .expect("deletion of a lead");
    assert!(deletion.id.is_some());
    assert_not_found(client.get_lead(LEAD).await);
    assert_not_found(client.get_lead_by_user_id(LEAD_USER_ID).await);
    let leads = client.list_leads().await.expect("leads");
    assert_eq!(leads.contacts, Some(vec![]));
}

// ---------------------------------------------------------------------------------------------
// Users by tag and by segment.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn list_users_by_tag_follows_tagging_and_untagging() {
    let mock = seeded(PEOPLE).await;
    let client = client(&mock);
    let vip = tagging(&client, "vip", &[ADA, HEDY], false)
        .await
        .expect("tagged");
    let vip_id = vip.id.clone().expect("tag id");
    let other = tagging(&client, "beta", &[GRACE], false)
        .await
        .expect("tagged");

    let page = client.list_users_by_tag(&vip_id).await.expect("vip users");
    assert_eq!(page.type_.as_deref(), Some("user.list"));
    let users = page.users.expect("users");
    assert_eq!(sorted(user_ids(&users)), ["u-1", "u-3"]);
    assert!(
        users.iter().all(|u| u
            .tags
            .iter()
            .flatten()
            .any(|t| t.id.as_deref() == Some(vip_id.as_str()))),
        "each user listed carries the tag"
    );

    tagging(&client, "vip", &[ADA], true)
        .await
        .expect("untagged");
    let page = client.list_users_by_tag(&vip_id).await.expect("vip users");
    assert_eq!(user_ids(&page.users.expect("users")), ["u-3"]);
    let page = client
        .list_users_by_tag(other.id.expect("tag id"))
        .await
        .expect("beta users");
    assert_eq!(user_ids(&page.users.expect("users")), ["u-2"]);
}

#[tokio::test]
async fn list_users_by_tag_pages_through_many_users() {
    let mut seed = json!({"users": users_json(7)});
    seed["tags"] = json!([{"id": "7001", "name": "vip"}]);
    for user in seed["users"].as_array_mut().expect("users") {
        user["tags"] = json!([{"type": "tag", "id": "7001"}]);
    }
    let mock = seeded_with(seed).await;
    let client = client(&mock);

    let first = client
        .list_users_by_tag("7001")
        .per_page(3)
        .await
        .expect("first page");
    assert_eq!(first.users.as_ref().map(Vec::len), Some(3));
    let pages = first.pages.expect("pages");
    assert_eq!(pages.total_pages, Some(3));
    assert!(pages.next.is_some());
    let third = client
        .list_users_by_tag("7001")
        .page(3)
        .per_page(3)
        .await
        .expect("third page");
    assert_eq!(third.users.as_ref().map(Vec::len), Some(1));

    let before = mock.request_count();
    let all: Vec<User> = client
        .list_users_by_tag("7001")
        .per_page(3)
        .stream()
        .try_collect()
        .await
        .expect("every tagged user");
    assert_eq!(mock.request_count() - before, 3, "one request per page");
    let ids: HashSet<&str> = user_ids(&all).into_iter().collect();
    assert_eq!(ids.len(), 7, "each user once: {ids:?}");
}

#[tokio::test]
async fn list_users_by_segment_lists_the_segments_users() {
    let mock = seeded(PEOPLE).await;
    let client = client(&mock);

    let active = client
        .list_users_by_segment("3001")
        .await
        .expect("active users");
    assert_eq!(
        sorted(user_ids(&active.users.expect("users"))),
        ["u-1", "u-2"]
    );
    let new: Vec<User> = client
        .list_users_by_segment("3002")
        .per_page(1)
        .stream()
        .try_collect()
        .await
        .expect("new users");
    assert_eq!(user_ids(&new), ["u-2"]);
    let none = client
        .list_users_by_segment("3101")
        .await
        .expect("a company segment holds no users");
    assert_eq!(none.users, Some(vec![]));
}

// ---------------------------------------------------------------------------------------------
// Leads and visitors by user_id.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn get_lead_by_user_id_finds_the_lead() {
    let mock = seeded(PEOPLE).await;
    let client = client(&mock);

    let seeded_lead = client
        .get_lead_by_user_id(LEAD_USER_ID)
        .await
        .expect("the seeded lead");
    assert_eq!(seeded_lead.id.as_deref(), Some(LEAD));
    assert_eq!(seeded_lead.type_.as_deref(), Some("contact"));
    assert_eq!(seeded_lead, client.get_lead(LEAD).await.expect("by id"));

    let created = client
        .create_lead()
        .email("new-lead@example.com")
        .name("New lead")
        .await
        .expect("a new lead");
    let user_id = created
        .user_id
        .clone()
        .expect("the mock gives it a user_id");
    let found = client
        .get_lead_by_user_id(&user_id)
        .await
        .expect("the new lead");
    assert_eq!(found, created);

    assert_not_found(client.get_lead_by_user_id("no-such-lead").await);
    assert_not_found(client.get_lead_by_user_id("u-1").await);
}

#[tokio::test]
async fn get_visitor_by_user_id_reads_changes_back() {
    let mock = seeded(PEOPLE).await;
    let client = client(&mock);

    let visitor = client
        .get_visitor_by_user_id(VISITOR_USER_ID)
        .await
        .expect("the visitor");
    assert_eq!(visitor.type_.as_deref(), Some("visitor"));
    assert_eq!(visitor.id.as_deref(), Some("590000000000000000000001"));
    assert_eq!(visitor.name.as_deref(), Some("Window shopper"));

    client
        .update_visitor()
        .user_id(VISITOR_USER_ID)
        .name("Returning shopper")
        .await
        .expect("updated");
    let again = client
        .get_visitor_by_user_id(VISITOR_USER_ID)
        .await
        .expect("the visitor again");
    assert_eq!(again.name.as_deref(), Some("Returning shopper"));
    assert_eq!(
        again,
        client
            .get_visitor("590000000000000000000001")
            .await
            .expect("get_visitor")
    );

    assert_not_found(client.get_visitor_by_user_id("no-such-visitor").await);
    assert_not_found(client.get_visitor_by_user_id(LEAD_USER_ID).await);
}

// ---------------------------------------------------------------------------------------------
// Companies by company_id and name; their users; by tag and segment.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn get_company_by_company_id_and_by_name_answer_one_company() {
    let mock = mock().await;
    let client = client(&mock);
    let created = client
        .create_company()
        .company_id("acme & sons/1")
        .name("Acme & Sons, Inc.")
        .plan("pro")
        .custom_attribute("seats", 5)
        .await
        .expect("created");

    let by_company_id = client
        .get_company_by_company_id("acme & sons/1")
        .await
        .expect("by company_id");
    assert_eq!(by_company_id, created);
    let by_name = client
        .get_company_by_name("Acme & Sons, Inc.")
        .await
        .expect("by name");
    assert_eq!(by_name, created);

    client
        .update_company()
        .company_id("acme & sons/1")
        .monthly_spend(990.0)
        .await
        .expect("updated");
    let updated = client
        .get_company_by_company_id("acme & sons/1")
        .await
        .expect("after the update");
    assert_eq!(updated.monthly_spend, Some(990.0.into()));
    assert_eq!(updated.id, created.id);

    assert_no_company(client.get_company_by_company_id("no-such-company").await);
    assert_no_company(client.get_company_by_name("No Such Company").await);
}

#[tokio::test]
async fn company_users_by_company_id_and_name_follow_joins_and_removals() {
    let mock = seeded(PEOPLE).await;
    let client = client(&mock);
    for user_id in ["u-1", "u-2"] {
        joining(&client, user_id, "acme")
            .await
            .expect("joined acme");
    }
    joining(&client, "u-3", "globex")
        .await
        .expect("joined globex");

    let page = client
        .list_company_users_by_company_id("acme")
        .await
        .expect("acme's users");
    assert_eq!(page.type_.as_deref(), Some("user.list"));
    assert_eq!(
        sorted(user_ids(&page.users.expect("users"))),
        ["u-1", "u-2"]
    );
    let by_name: Vec<User> = client
        .list_company_users_by_name("Acme Corp")
        .stream()
        .try_collect()
        .await
        .expect("acme's users by name");
    assert_eq!(sorted(user_ids(&by_name)), ["u-1", "u-2"]);

    // Removing the company from a user takes the user out of the company.
    let removed = client
        .create_update_user()
        .id(ADA)
        .companies([UserCompany {
            id: Some(ACME.into()),
            remove: Some(true),
            ..Default::default()
        }])
        .await
        .expect("removed from acme");
    assert_eq!(removed.companies, Some(vec![]));
    let members: Vec<User> = client
        .list_company_users_by_company_id("acme")
        .stream()
        .try_collect()
        .await
        .expect("acme's users after");
    assert_eq!(user_ids(&members), ["u-2"]);
    assert_eq!(
        client
            .get_company_by_company_id("acme")
            .await
            .expect("acme")
            .user_count,
        Some(1)
    );
    let globex: Vec<User> = client
        .list_company_users_by_name("Globex")
        .stream()
        .try_collect()
        .await
        .expect("globex's users");
    assert_eq!(user_ids(&globex), ["u-3"]);

    assert_no_company(client.list_company_users_by_company_id("no-such").await);
    assert_no_company(client.list_company_users_by_name("No Such").await);
}

#[tokio::test]
async fn company_users_stream_over_pages() {
    let mut seed = json!({
        "users": users_json(5),
        "companies": [{"id": "5c0000000000000000000001", "company_id": "acme", "name": "Acme"}]
    });
    for user in seed["users"].as_array_mut().expect("users") {
        user["companies"] = json!([{"id": "5c0000000000000000000001"}]);
    }
    let mock = seeded_with(seed).await;
    let client = client(&mock);

    let first = client
        .list_company_users_by_company_id("acme")
        .per_page(2)
        .await
        .expect("first page");
    assert_eq!(first.users.as_ref().map(Vec::len), Some(2));
    assert_eq!(first.pages.and_then(|p| p.total_pages), Some(3));

    let before = mock.request_count();
    let all: Vec<User> = client
        .list_company_users_by_company_id("acme")
        .per_page(2)
        .stream()
        .try_collect()
        .await
        .expect("every user of acme");
    assert_eq!(mock.request_count() - before, 3, "one request per page");
    let ids: HashSet<&str> = user_ids(&all).into_iter().collect();
    assert_eq!(ids.len(), 5, "each user once: {ids:?}");
}

#[tokio::test]
async fn companies_by_tag_and_by_segment() {
    let mock = seeded(PEOPLE).await;
    let client = client(&mock);
    let tag = client
        .create_tag("enterprise")
        .companies([CreateTagRequestCompany {
            company_id: Some("globex".into()),
            ..Default::default()
        }])
        .await
        .expect("tagged globex");
    let tag_id = tag.id.expect("tag id");

    let tagged = client
        .list_companies_by_tag(&tag_id)
        .await
        .expect("tagged companies");
    assert_eq!(tagged.type_.as_deref(), Some("company.list"));
    let companies = tagged.companies.expect("companies");
    assert_eq!(companies.len(), 1);
    assert_eq!(companies[0].company_id.as_deref(), Some("globex"));

    client
        .create_tag("enterprise")
        .companies([CreateTagRequestCompany {
            company_id: Some("globex".into()),
            untag: Some(true),
            ..Default::default()
        }])
        .await
        .expect("untagged globex");
    let untagged = client
        .list_companies_by_tag(&tag_id)
        .await
        .expect("no tagged companies");
    assert_eq!(untagged.companies, Some(vec![]));

    let in_segment: Vec<_> = client
        .list_companies_by_segment("3101")
        .stream()
        .try_collect()
        .await
        .expect("companies in the segment");
    assert_eq!(in_segment.len(), 1);
    assert_eq!(in_segment[0].company_id.as_deref(), Some("acme"));
    let empty = client
        .list_companies_by_segment("3001")
        .await
        .expect("a user segment holds no companies");
    assert_eq!(empty.companies, Some(vec![]));
}

// ---------------------------------------------------------------------------------------------
// Conversations: assignment rules, snoozing.
// ---------------------------------------------------------------------------------------------

async fn conversation_started_by_ada(client: &Client) -> String {
    let ada = MessageSender {
        type_: Some(MessageSenderType::User),
        user_id: Some("u-1".into()),
        ..Default::default()
    };
    let message = client
        .post_message(ada, "Help with my invoice")
        .await
        .expect("a user message");
    message.conversation_id.expect("it starts a conversation")
}

#[tokio::test]
async fn run_assignment_rules_answers_the_conversation() {
    let mock = seeded(PEOPLE).await;
    let client = client(&mock);
    let id = conversation_started_by_ada(&client).await;

    let ruled = client.run_assignment_rules(&id).await.expect("rules ran");
    assert_eq!(ruled.id.as_deref(), Some(id.as_str()));
    assert_eq!(ruled.type_.as_deref(), Some("conversation"));
    assert_eq!(
        client.get_conversation(&id).await.expect("read back"),
        ruled,
        "what the rules did is kept"
    );
    assert_not_found(client.run_assignment_rules("999999").await);
}

#[tokio::test]
async fn post_reply_snoozed_snoozes_until_the_time_given() {
    let mock = seeded(PEOPLE).await;
    let client = client(&mock);
    let id = conversation_started_by_ada(&client).await;

    let snoozed = client
        .post_reply(&id, ReplyAuthorType::Admin, ReplyMessageType::Snoozed)
        .admin_id("1001")
        .snoozed_until(1_900_000_000)
        .await
        .expect("snoozed");
    assert_eq!(snoozed.state.as_deref(), Some("snoozed"));
    assert_eq!(snoozed.snoozed_until, Some(1_900_000_000.into()));
    assert_eq!(
        client.get_conversation(&id).await.expect("read back"),
        snoozed
    );
}

// ---------------------------------------------------------------------------------------------
// User upserts: last seen and sessions.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn update_last_request_at_and_new_session_change_the_user() {
    let mock = seeded_with(json!({"users": [{
        "id": ADA, "user_id": "u-1", "email": "ada@example.com",
        "session_count": 4, "last_request_at": 1_500_000_000
    }]}))
    .await;
    let client = client(&mock);

    let seen = client
        .create_update_user()
        .user_id("u-1")
        .update_last_request_at(true)
        .await
        .expect("last seen now");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs();
    let last = serde_json::to_value(seen.last_request_at.as_ref().expect("last_request_at"))
        .expect("a timestamp")
        .as_i64()
        .expect("Unix seconds");
    assert!(
        last > 1_500_000_000 && last <= i64::try_from(now).expect("now fits") + 1,
        "last_request_at is now: {last}"
    );
    assert_eq!(seen.session_count, Some(4), "not a new session");

    let session = client
        .create_update_user()
        .id(ADA)
        .new_session(true)
        .await
        .expect("a new session");
    assert_eq!(session.session_count, Some(5));
    assert_eq!(
        client.get_user(ADA).await.expect("read back").session_count,
        Some(5)
    );
}

// ---------------------------------------------------------------------------------------------
// Data attributes of both models.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn list_all_data_attributes_lists_both_models() {
    let mock = seeded(
        r#"{"data_attributes": [
              {"model": "customer", "name": "plan_tier", "full_name": "custom_attributes.plan_tier", "data_type": "string", "custom": true, "archived": false},
              {"model": "customer", "name": "old_flag", "full_name": "custom_attributes.old_flag", "data_type": "boolean", "custom": true, "archived": true},
              {"model": "company", "name": "seats", "full_name": "custom_attributes.seats", "data_type": "integer", "custom": true, "archived": false}]}"#,
    )
    .await;
    let client = client(&mock);

    let all = client
        .list_all_data_attributes()
        .await
        .expect("both models");
    let names: Vec<_> = all
        .data_attributes
        .iter()
        .flatten()
        .map(|a| (a.model.as_deref(), a.name.as_deref()))
        .collect();
    assert_eq!(
        names,
        [
            (Some("customer"), Some("plan_tier")),
            (Some("company"), Some("seats"))
        ]
    );
    let with_archived = client
        .list_all_data_attributes()
        .include_archived(true)
        .await
        .expect("with archived");
    assert_eq!(with_archived.data_attributes.map(|a| a.len()), Some(3));

    // Each per-model list is the matching part of the whole.
    let customers = client
        .list_data_attributes_for_customers()
        .await
        .expect("customers");
    let companies = client
        .list_data_attributes_for_companies()
        .await
        .expect("companies");
    let mut parts = customers.data_attributes.unwrap_or_default();
    parts.extend(companies.data_attributes.unwrap_or_default());
    assert_eq!(Some(parts), all.data_attributes);
}
