//! Lead and visitor operations through the client against intercom-mock: each call's typed
//! result, and the change it makes as other calls read it back.

mod mock_support;

use std::collections::HashSet;

use futures_util::TryStreamExt;
use intercom_api::types::{ConvertVisitorRequestType, Lead, LeadRef, UserUpsert, VisitorRef};
use mock_support::{
    api_error, assert_not_found, assert_refused_unsent, client, field, mock, object, seeded,
    seeded_with,
};
use serde_json::json;

/// `count` leads `l-00`, `l-01`, … created a minute apart, in seed form.
fn leads_json(count: usize) -> serde_json::Value {
    (0..count)
        .map(|i| {
            json!({
                "user_id": format!("l-{i:02}"),
                "email": format!("lead{i}@example.com"),
                "created_at": 1_600_000_000 + 60 * i,
            })
        })
        .collect()
}

/// A lead named by its `user_id`, as the lead to convert.
fn lead_by_user_id(user_id: &str) -> LeadRef {
    LeadRef {
        user_id: Some(user_id.into()),
        ..Default::default()
    }
}

/// A user named by its `user_id`, as the user a conversion makes or merges into.
fn user_by_user_id(user_id: &str) -> UserUpsert {
    UserUpsert {
        user_id: Some(user_id.into()),
        ..Default::default()
    }
}

fn lead_ids(leads: &[Lead]) -> Vec<&str> {
    leads.iter().filter_map(|l| l.user_id.as_deref()).collect()
}

const VISITOR_SEED: &str = r#"{
    "users": [{"id": "5b0000000000000000000001", "user_id": "u-1", "email": "ada@example.com",
               "custom_attributes": {"plan": "pro"}}],
    "leads": [{"id": "5a0000000000000000000001", "user_id": "l-1"}],
    "visitors": [
        {"id": "590000000000000000000001", "user_id": "9b7e1c1e-0000-4000-8000-000000000001",
         "name": "Window shopper", "custom_attributes": {"source": "ad"}},
        {"id": "590000000000000000000002", "user_id": "9b7e1c1e-0000-4000-8000-000000000002"},
        {"id": "590000000000000000000003", "user_id": "9b7e1c1e-0000-4000-8000-000000000003"}
    ]
}"#;

#[tokio::test]
async fn create_lead_then_read_it_back() {
    let mock = mock().await;
    let client = client(&mock);

    let lead = client
        .create_lead()
        .email("curious@example.com")
        .name("Curious")
        .phone("+353870000000")
        .custom_attribute("source", "ad")
        .await
        .expect("created lead");

    let id = lead.id.clone().expect("an id");
    let user_id = lead
        .user_id
        .clone()
        .expect("the mock gives a lead a user_id");
    assert_eq!(user_id.len(), 36, "UUID-shaped user_id {user_id}");
    assert_eq!(lead.type_.as_deref(), Some("contact"));
    assert_eq!(lead.anonymous, Some(true));
    assert_eq!(lead.email.as_deref(), Some("curious@example.com"));
    assert_eq!(lead.name.as_deref(), Some("Curious"));
    assert_eq!(
        lead.custom_attributes,
        Some(object(json!({"source": "ad"})))
    );

    assert_eq!(client.get_lead(&id).await.expect("get_lead"), lead);
    let by_user_id = client
        .list_leads()
        .user_id(&user_id)
        .await
        .expect("by user_id");
    assert_eq!(by_user_id.contacts, Some(vec![lead.clone()]));
    let by_email = client
        .list_leads()
        .email("curious@example.com")
        .await
        .expect("by email");
    assert_eq!(by_email.contacts, Some(vec![lead.clone()]));
    assert_eq!(by_email.total_count, Some(1));
    let by_phone = client
        .list_leads()
        .phone("+353879999999")
        .await
        .expect("by another phone");
    assert_eq!(by_phone.contacts, Some(vec![]));

    // A second lead gets its own user_id.
    let other = client.create_lead().await.expect("an empty lead");
    assert_ne!(other.user_id, lead.user_id);
    let all = client.list_leads().await.expect("list_leads");
    assert_eq!(all.total_count, Some(2));
}

#[tokio::test]
async fn update_lead_changes_the_lead_it_names() {
    let mock = seeded(
        r#"{"leads": [{"id": "5a0000000000000000000001", "user_id": "l-1", "name": "Curious",
                       "custom_attributes": {"source": "ad", "visits": 1}}]}"#,
    )
    .await;
    let client = client(&mock);

    let by_id = client
        .update_lead()
        .id("5a0000000000000000000001")
        .name("Very curious")
        .custom_attribute("visits", 2)
        .await
        .expect("updated by id");
    assert_eq!(by_id.id.as_deref(), Some("5a0000000000000000000001"));
    assert_eq!(by_id.name.as_deref(), Some("Very curious"));
    assert_eq!(
        by_id.custom_attributes,
        Some(object(json!({"source": "ad", "visits": 2})))
    );

    let by_user_id = client
        .update_lead()
        .user_id("l-1")
        .email("curious@example.com")
        .await
        .expect("updated by user_id");
    assert_eq!(by_user_id.id, by_id.id);

    let stored = client
        .get_lead("5a0000000000000000000001")
        .await
        .expect("get_lead");
    assert_eq!(stored, by_user_id);
    assert_eq!(stored.email.as_deref(), Some("curious@example.com"));
    assert_eq!(stored.name.as_deref(), Some("Very curious"));
    let all = client.list_leads().await.expect("list_leads");
    assert_eq!(all.total_count, Some(1), "updated, not created");
}

#[tokio::test]
async fn list_leads_streams_sixty_leads_over_two_pages() {
    let mock = seeded_with(json!({ "leads": leads_json(60) })).await;
    let client = client(&mock);

    let before = mock.request_count();
    let leads: Vec<Lead> = client
        .list_leads()
        .stream()
        .try_collect()
        .await
        .expect("streaming the leads");
    assert_eq!(mock.request_count() - before, 2, "50 + 10");
    let newest_first: Vec<String> = (0..60).rev().map(|i| format!("l-{i:02}")).collect();
    assert_eq!(lead_ids(&leads), newest_first);

    let pages: Vec<_> = client
        .list_leads()
        .per_page(20)
        .pages()
        .try_collect()
        .await
        .expect("pages of 20");
    let sizes: Vec<usize> = pages
        .iter()
        .map(|p| p.contacts.as_ref().map_or(0, Vec::len))
        .collect();
    assert_eq!(sizes, [20, 20, 20]);
    assert_eq!(pages[2].pages.as_ref().and_then(|p| p.page), Some(3));
}

#[tokio::test]
async fn scroll_leads_streams_every_lead_once() {
    let mock = seeded_with(json!({ "leads": leads_json(130) })).await;
    let client = client(&mock);

    let before = mock.request_count();
    let leads: Vec<Lead> = client
        .scroll_leads()
        .stream()
        .try_collect()
        .await
        .expect("scrolling the leads");
    assert_eq!(mock.request_count() - before, 3, "100 + 30, then empty");
    let ids: HashSet<&str> = lead_ids(&leads).into_iter().collect();
    assert_eq!((leads.len(), ids.len()), (130, 130));

    let pages: Vec<_> = client
        .scroll_leads()
        .pages()
        .try_collect()
        .await
        .expect("scroll pages");
    assert_eq!(
        pages.len(),
        3,
        "the empty page that ends the scroll is yielded too"
    );
    assert!(pages.iter().all(|p| p.scroll_param.is_some()));
    assert_eq!(pages[2].contacts, Some(vec![]));
}

#[tokio::test]
async fn delete_lead_and_delete_lead_by_id_remove_the_lead() {
    let mock = seeded_with(json!({ "leads": leads_json(3) })).await;
    let client = client(&mock);
    let leads = client.list_leads().await.expect("seeded leads");
    let leads = leads.contacts.expect("contacts");

    let deleted = client
        .delete_lead()
        .user_id("l-01")
        .await
        .expect("deleted by user_id");
    assert_eq!(deleted.user_id.as_deref(), Some("l-01"));
    assert_eq!(deleted.email.as_deref(), Some("lead1@example.com"));
    assert_not_found(client.list_leads().user_id("l-01").await);
    assert_not_found(client.delete_lead().user_id("l-01").await);

    let target = leads
        .iter()
        .find(|l| l.user_id.as_deref() == Some("l-02"))
        .expect("l-02");
    let id = target.id.clone().expect("id");
    let deleted = client.delete_lead_by_id(&id).await.expect("deleted by id");
    assert_eq!(&deleted, target);
    assert_not_found(client.get_lead(&id).await);
    assert_not_found(client.delete_lead_by_id(&id).await);

    let left = client.list_leads().await.expect("list_leads");
    assert_eq!(lead_ids(&left.contacts.expect("contacts")), ["l-00"]);

    // delete_lead without user_id is refused by the client.
    let before = mock.request_count();
    assert_refused_unsent(client.delete_lead().await, &["user_id"]);
    assert_eq!(mock.request_count(), before, "nothing was sent");
}

#[tokio::test]
async fn convert_lead_makes_a_new_user_or_merges_into_one() {
    let mock = seeded(
        r#"{"users": [{"id": "5b0000000000000000000001", "user_id": "u-1", "email": "ada@example.com",
                       "custom_attributes": {"plan": "pro"}}],
            "leads": [
              {"id": "5a0000000000000000000001", "user_id": "l-1", "email": "curious@example.com",
               "name": "Curious", "custom_attributes": {"source": "ad"}},
              {"id": "5a0000000000000000000002", "user_id": "l-2", "email": "other@example.com",
               "phone": "+353870000000", "custom_attributes": {"plan": "free", "source": "search"}}]}"#,
    )
    .await;
    let client = client(&mock);

    // Into a new user: the lead's data under the user's identifiers.
    let user = client
        .convert_lead(lead_by_user_id("l-1"), user_by_user_id("u-9"))
        .await
        .expect("converted into a new user");
    assert_eq!(user.type_.as_deref(), Some("user"));
    assert_eq!(user.user_id.as_deref(), Some("u-9"));
    assert_eq!(user.email.as_deref(), Some("curious@example.com"));
    assert_eq!(user.name.as_deref(), Some("Curious"));
    assert_eq!(user.anonymous, Some(false));
    assert_eq!(
        user.custom_attributes,
        Some(object(json!({"source": "ad"})))
    );
    assert_not_found(client.get_lead("5a0000000000000000000001").await);
    let found = client
        .find_user()
        .user_id("u-9")
        .await
        .expect("the new user");
    assert_eq!(found.users, Some(vec![user]));

    // Into an existing user: what the user lacks comes from the lead, the rest stays.
    let lead = LeadRef {
        id: Some("5a0000000000000000000002".into()),
        ..Default::default()
    };
    let merged = client
        .convert_lead(lead, user_by_user_id("u-1"))
        .await
        .expect("merged into u-1");
    assert_eq!(merged.id.as_deref(), Some("5b0000000000000000000001"));
    assert_eq!(merged.email.as_deref(), Some("ada@example.com"));
    assert_eq!(merged.phone.as_deref(), Some("+353870000000"));
    assert_eq!(
        merged.custom_attributes,
        Some(object(json!({"plan": "pro", "source": "search"})))
    );
    assert_eq!(
        client
            .get_user("5b0000000000000000000001")
            .await
            .expect("u-1"),
        merged
    );
    let users = client.list_users().await.expect("list_users");
    assert_eq!(users.total_count, Some(2), "u-1 and u-9");
    let leads = client.list_leads().await.expect("list_leads");
    assert_eq!(leads.total_count, Some(0));

    assert_not_found(
        client
            .convert_lead(lead_by_user_id("l-1"), user_by_user_id("u-10"))
            .await,
    );
}

#[tokio::test]
async fn visitors_are_read_updated_and_deleted() {
    let mock = seeded(VISITOR_SEED).await;
    let client = client(&mock);

    let visitor = client
        .get_visitor("590000000000000000000001")
        .await
        .expect("seeded visitor");
    assert_eq!(visitor.type_.as_deref(), Some("visitor"));
    assert_eq!(visitor.anonymous, Some(true));
    assert_eq!(visitor.name.as_deref(), Some("Window shopper"));

    let updated = client
        .update_visitor()
        .user_id("9b7e1c1e-0000-4000-8000-000000000001")
        .name("Returning shopper")
        .custom_attribute("visits", 2)
        .await
        .expect("updated by user_id");
    assert_eq!(updated.id, visitor.id);
    assert_eq!(updated.name.as_deref(), Some("Returning shopper"));
    assert_eq!(
        updated.custom_attributes,
        Some(object(json!({"source": "ad", "visits": 2})))
    );
    let by_id = client
        .update_visitor()
        .id("590000000000000000000001")
        .unsubscribed_from_emails(true)
        .await
        .expect("updated by id");
    assert_eq!(by_id.unsubscribed_from_emails, Some(true));
    assert_eq!(
        client
            .get_visitor("590000000000000000000001")
            .await
            .expect("get_visitor"),
        by_id
    );

    let deleted = client
        .delete_visitor_by_id("590000000000000000000001")
        .await
        .expect("deleted");
    assert_eq!(deleted, by_id);
    assert_not_found(client.get_visitor("590000000000000000000001").await);
    assert_not_found(
        client
            .delete_visitor_by_id("590000000000000000000001")
            .await,
    );
    assert_not_found(
        client
            .update_visitor()
            .id("590000000000000000000001")
            .name("Gone")
            .await,
    );
}

#[tokio::test]
async fn convert_visitor_makes_a_lead_or_a_user() {
    let mock = seeded(VISITOR_SEED).await;
    let client = client(&mock);
    let visitor = |user_id: &str| VisitorRef {
        user_id: Some(user_id.into()),
        ..Default::default()
    };

    // To a lead: the same id, now a contact.
    let lead = client
        .convert_visitor(
            visitor("9b7e1c1e-0000-4000-8000-000000000001"),
            ConvertVisitorRequestType::Lead,
        )
        .await
        .expect("converted to a lead");
    assert_eq!(lead.id.as_deref(), Some("590000000000000000000001"));
    assert_eq!(lead.type_.as_deref(), Some("contact"));
    assert_eq!(lead.name.as_deref(), Some("Window shopper"));
    let stored = client
        .get_lead("590000000000000000000001")
        .await
        .expect("now a lead");
    assert_eq!(
        stored.user_id.as_deref(),
        Some("9b7e1c1e-0000-4000-8000-000000000001")
    );
    assert_not_found(client.get_visitor("590000000000000000000001").await);

    // To a new user.
    let grace = UserUpsert {
        user_id: Some("u-7".into()),
        email: Some("grace@example.com".into()),
        ..Default::default()
    };
    let user = client
        .convert_visitor(
            visitor("9b7e1c1e-0000-4000-8000-000000000002"),
            ConvertVisitorRequestType::User,
        )
        .user(grace)
        .await
        .expect("converted to a user");
    assert_eq!(user.type_.as_deref(), Some("user"));
    assert_eq!(user.user_id.as_deref(), Some("u-7"));
    let found = client
        .find_user()
        .email("grace@example.com")
        .await
        .expect("u-7");
    assert_eq!(found.users, Some(vec![user]));
    assert_not_found(client.get_visitor("590000000000000000000002").await);

    // Into an existing user.
    let by_id = VisitorRef {
        id: Some("590000000000000000000003".into()),
        ..Default::default()
    };
    let ada = UserUpsert {
        email: Some("ada@example.com".into()),
        ..Default::default()
    };
    let merged = client
        .convert_visitor(by_id, ConvertVisitorRequestType::User)
        .user(ada)
        .await
        .expect("merged into ada");
    assert_eq!(merged.id.as_deref(), Some("5b0000000000000000000001"));
    assert_eq!(
        merged.custom_attributes,
        Some(object(json!({"plan": "pro"})))
    );
    let users = client.list_users().await.expect("list_users");
    assert_eq!(users.total_count, Some(2), "ada and u-7");
}

#[tokio::test]
async fn lead_and_visitor_errors_come_back_as_api_errors() {
    let mock = seeded(VISITOR_SEED).await;
    let client = client(&mock);

    assert_not_found(client.get_lead("5a0000000000000000009999").await);
    assert_not_found(client.get_visitor("590000000000000000009999").await);

    // A visitor becomes a user only with the user's identifiers; the visitor is left alone.
    let visitor = VisitorRef {
        id: Some("590000000000000000000002".into()),
        ..Default::default()
    };
    let missing = api_error(
        client
            .convert_visitor(visitor.clone(), ConvertVisitorRequestType::User)
            .await,
        400,
        "parameter_not_found",
    );
    assert_eq!(field(&missing), Some("user.user_id"));
    client
        .get_visitor("590000000000000000000002")
        .await
        .expect("the refused conversion kept the visitor");

    let missing = api_error(
        client
            // `convert_lead` requires a `user`, so this sends an empty one.
            .convert_lead(lead_by_user_id("l-1"), UserUpsert::default())
            .await,
        400,
        "parameter_not_found",
    );
    assert_eq!(field(&missing), Some("user.user_id"));
    client
        .get_lead("5a0000000000000000000001")
        .await
        .expect("the refused conversion kept the lead");

    let wrong_type = api_error(
        client
            .convert_visitor(
                visitor,
                ConvertVisitorRequestType::Unknown("customer".into()),
            )
            .await,
        400,
        "parameter_invalid",
    );
    assert_eq!(field(&wrong_type), Some("type"));
}
