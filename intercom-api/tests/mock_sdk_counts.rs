//! The count variants (`get_app_counts`, `get_conversation_counts`, …) through the client
//! against intercom-mock: each one's typed answer, and how it follows the changes other calls
//! make.

mod mock_support;

use std::collections::BTreeMap;

use intercom_api::Client;
use intercom_api::types::{
    CountValue, CreateTagRequestCompany, CreateTagRequestUser, MessageSender, MessageSenderType,
    ReplyAuthorType, ReplyMessageType, UserCompany,
};
use mock_support::{client, seeded};
use serde_json::{Map, Value};

const WORKSPACE: &str = r#"{
    "users": [
        {"id": "5b0000000000000000000001", "user_id": "u-1", "email": "ada@example.com",
         "segments": [{"type": "segment", "id": "3001"}]},
        {"id": "5b0000000000000000000002", "user_id": "u-2", "email": "grace@example.com",
         "segments": [{"type": "segment", "id": "3001"}, {"type": "segment", "id": "3002"}]},
        {"id": "5b0000000000000000000003", "user_id": "u-3", "email": "hedy@example.com"}],
    "companies": [
        {"id": "5c0000000000000000000001", "company_id": "acme", "name": "Acme",
         "segments": [{"type": "segment", "id": "3101"}]},
        {"id": "5c0000000000000000000002", "company_id": "globex", "name": "Globex"}],
    "segments": [
        {"id": "3001", "name": "Active", "person_type": "user"},
        {"id": "3002", "name": "New", "person_type": "user"},
        {"id": "3101", "name": "Big accounts", "person_type": "company"}],
    "tags": [{"id": "7001", "name": "vip"}, {"id": "7002", "name": "beta"}]
}"#;

const ADA: &str = "5b0000000000000000000001";
const GRACE: &str = "5b0000000000000000000002";
const HEDY: &str = "5b0000000000000000000003";

/// The name counts of a breakdown (`[{"vip": 2}, …]`) as one map; each entry must have exactly
/// one key, an integer count.
fn by_name(entries: Option<Vec<Map<String, Value>>>) -> BTreeMap<String, i64> {
    let entries = entries.expect("a breakdown");
    let mut counts = BTreeMap::new();
    for entry in &entries {
        assert_eq!(entry.len(), 1, "a one-key entry: {entry:?}");
        let (name, n) = entry.iter().next().expect("one key");
        let n = n
            .as_i64()
            .unwrap_or_else(|| panic!("an integer count: {entry:?}"));
        assert!(
            counts.insert(name.clone(), n).is_none(),
            "{name} counted twice"
        );
    }
    counts
}

fn counts(pairs: &[(&str, i64)]) -> BTreeMap<String, i64> {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect()
}

fn total(value: Option<CountValue>) -> Option<i64> {
    value.and_then(|v| v.count)
}

/// The users with the Intercom ids `ids`, as a tag request lists them to tag (or untag).
fn tagged(ids: &[&str], untag: bool) -> Vec<CreateTagRequestUser> {
    ids.iter()
        .map(|id| CreateTagRequestUser {
            id: Some((*id).into()),
            untag: untag.then_some(true),
            ..Default::default()
        })
        .collect()
}

/// The company `company_id`, as a user's `companies` entry.
fn company_ref(company_id: &str) -> UserCompany {
    UserCompany {
        company_id: Some(company_id.into()),
        ..Default::default()
    }
}

/// A conversation started by the user `user_id`; its id.
async fn started_by(client: &Client, user_id: &str) -> String {
    let from = MessageSender {
        type_: Some(MessageSenderType::User),
        user_id: Some(user_id.into()),
        ..Default::default()
    };
    client
        .post_message(from, "Hello?")
        .await
        .expect("a user message")
        .conversation_id
        .expect("it starts a conversation")
}

async fn admin_reply(
    client: &Client,
    id: &str,
    message_type: ReplyMessageType,
    assignee: Option<&str>,
) {
    let mut reply = client
        .post_reply(id, ReplyAuthorType::Admin, message_type)
        .admin_id("1001");
    if let Some(assignee) = assignee {
        reply = reply.assignee_id(assignee);
    }
    reply.await.expect("an admin reply");
}

#[tokio::test]
async fn get_app_counts_follows_users_companies_and_tags() {
    let mock = seeded(WORKSPACE).await;
    let client = client(&mock);

    let totals = client.get_app_counts().await.expect("app totals");
    assert_eq!(totals.type_.as_deref(), Some("count.hash"));
    assert_eq!(total(totals.user), Some(3));
    assert_eq!(total(totals.company), Some(2));
    assert_eq!(total(totals.segment), Some(3));
    assert_eq!(total(totals.tag), Some(2));

    client
        .create_user()
        .user_id("u-4")
        .companies([UserCompany {
            company_id: Some("initech".into()),
            name: Some("Initech".into()),
            ..Default::default()
        }])
        .await
        .expect("a user and a new company");
    client
        .create_tag("gold")
        .users(tagged(&[ADA], false))
        .await
        .expect("a new tag");
    client
        .archive_user_by_id(HEDY)
        .await
        .expect("one user archived");

    let totals = client.get_app_counts().await.expect("app totals after");
    assert_eq!(total(totals.user), Some(3), "one added, one archived");
    assert_eq!(total(totals.company), Some(3));
    assert_eq!(total(totals.tag), Some(3));
    assert_eq!(total(totals.segment), Some(3));
}

#[tokio::test]
async fn conversation_counts_follow_replies() {
    let mock = seeded(WORKSPACE).await;
    let client = client(&mock);

    let none = client
        .get_conversation_counts()
        .await
        .expect("no conversations");
    assert_eq!(none.type_.as_deref(), Some("count"));
    let v = none.conversation.expect("conversation");
    assert_eq!(
        (v.open, v.closed, v.assigned, v.unassigned),
        (Some(0), Some(0), Some(0), Some(0))
    );

    let first = started_by(&client, "u-1").await;
    let second = started_by(&client, "u-2").await;
    let third = started_by(&client, "u-3").await;
    admin_reply(&client, &first, ReplyMessageType::Assignment, Some("1002")).await;
    admin_reply(&client, &second, ReplyMessageType::Close, None).await;

    let counted = client
        .get_conversation_counts()
        .await
        .expect("three conversations");
    let v = counted.conversation.expect("conversation");
    assert_eq!(v.open, Some(2), "{v:?}");
    assert_eq!(v.closed, Some(1));
    assert_eq!(v.assigned, Some(1));
    assert_eq!(v.unassigned, Some(1));
    assert_eq!(v.admin, None);

    admin_reply(&client, &third, ReplyMessageType::Close, None).await;
    let v = client
        .get_conversation_counts()
        .await
        .expect("after closing")
        .conversation
        .expect("conversation");
    assert_eq!((v.open, v.closed), (Some(1), Some(2)));
}

#[tokio::test]
async fn admin_conversation_counts_count_each_admins_conversations() {
    let mock = seeded(WORKSPACE).await;
    let client = client(&mock);
    let first = started_by(&client, "u-1").await;
    let second = started_by(&client, "u-2").await;
    started_by(&client, "u-3").await;
    admin_reply(&client, &first, ReplyMessageType::Assignment, Some("1002")).await;
    admin_reply(&client, &second, ReplyMessageType::Assignment, Some("1002")).await;
    admin_reply(&client, &second, ReplyMessageType::Close, None).await;

    let counted = client
        .get_admin_conversation_counts()
        .await
        .expect("per admin");
    assert_eq!(counted.type_.as_deref(), Some("count"));
    let v = counted.conversation.expect("conversation");
    assert_eq!(v.open, None, "no totals in the per-admin variant");
    let mut admins: Vec<_> = v
        .admin
        .expect("admin")
        .into_iter()
        .map(|a| (a.id, a.name, a.open, a.closed))
        .collect();
    admins.sort();
    assert_eq!(
        admins,
        [
            (
                Some("1001".to_owned()),
                Some("Ada Admin".to_owned()),
                Some(0),
                Some(0)
            ),
            (
                Some("1002".to_owned()),
                Some("Grace Support".to_owned()),
                Some(1),
                Some(1)
            ),
        ]
    );
}

#[tokio::test]
async fn user_tag_and_segment_counts_follow_tagging() {
    let mock = seeded(WORKSPACE).await;
    let client = client(&mock);
    client
        .create_tag("vip")
        .users(tagged(&[ADA, GRACE], false))
        .await
        .expect("tagged");

    let tags = client.get_user_tag_counts().await.expect("users per tag");
    assert_eq!(tags.type_.as_deref(), Some("count"));
    let user = tags.user.expect("user");
    assert_eq!(user.segment, None);
    assert_eq!(by_name(user.tag), counts(&[("vip", 2), ("beta", 0)]));

    client
        .create_tag("vip")
        .users(tagged(&[GRACE], true))
        .await
        .expect("untagged");
    client
        .create_tag("beta")
        .users(tagged(&[HEDY], false))
        .await
        .expect("tagged");
    let user = client
        .get_user_tag_counts()
        .await
        .expect("after")
        .user
        .expect("user");
    assert_eq!(by_name(user.tag), counts(&[("vip", 1), ("beta", 1)]));

    let segments = client
        .get_user_segment_counts()
        .await
        .expect("users per segment");
    let user = segments.user.expect("user");
    assert_eq!(user.tag, None);
    assert_eq!(by_name(user.segment), counts(&[("Active", 2), ("New", 1)]));
    client.archive_user_by_id(GRACE).await.expect("archived");
    let user = client
        .get_user_segment_counts()
        .await
        .expect("after archiving")
        .user
        .expect("user");
    assert_eq!(by_name(user.segment), counts(&[("Active", 1), ("New", 0)]));
}

#[tokio::test]
async fn company_counts_follow_members_and_tags() {
    let mock = seeded(WORKSPACE).await;
    let client = client(&mock);
    for user_id in ["u-1", "u-2"] {
        client
            .create_update_user()
            .user_id(user_id)
            .companies([company_ref("acme")])
            .await
            .expect("joined acme");
    }
    client
        .create_update_user()
        .user_id("u-3")
        .companies([company_ref("globex")])
        .await
        .expect("joined globex");
    client
        .create_tag("vip")
        .companies([CreateTagRequestCompany {
            company_id: Some("globex".into()),
            ..Default::default()
        }])
        .await
        .expect("tagged globex");

    let users = client
        .get_company_user_counts()
        .await
        .expect("users per company");
    assert_eq!(users.type_.as_deref(), Some("count"));
    let company = users.company.expect("company");
    assert_eq!(
        (company.tag.as_ref(), company.segment.as_ref()),
        (None, None)
    );
    assert_eq!(by_name(company.user), counts(&[("Acme", 2), ("Globex", 1)]));

    let tags = client
        .get_company_tag_counts()
        .await
        .expect("companies per tag");
    let company = tags.company.expect("company");
    assert_eq!(company.user, None);
    assert_eq!(by_name(company.tag), counts(&[("vip", 1), ("beta", 0)]));

    let segments = client
        .get_company_segment_counts()
        .await
        .expect("companies per segment");
    let company = segments.company.expect("company");
    assert_eq!(by_name(company.segment), counts(&[("Big accounts", 1)]));

    // A user leaving a company is counted out.
    client
        .create_update_user()
        .id(ADA)
        .companies([UserCompany {
            remove: Some(true),
            ..company_ref("acme")
        }])
        .await
        .expect("ada leaves acme");
    let company = client
        .get_company_user_counts()
        .await
        .expect("after leaving")
        .company
        .expect("company");
    assert_eq!(by_name(company.user), counts(&[("Acme", 1), ("Globex", 1)]));
}
