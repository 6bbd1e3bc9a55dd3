//! Lead and visitor operations against a loopback server: what each one sends and what it
//! decodes.

mod operations_support;

use intercom_api::types::{ConvertVisitorRequestType, LeadRef, UserUpsert, VisitorRef};
use operations_support::{
    assert_one_request, client, last_page, lead_json, serve_json, user_json, visitor_json,
};
use serde_json::json;

const LEAD_ID: &str = "5d8b8f1a3c1a4b0012345680";
const LEAD_USER_ID: &str = "8a88a590-e1c3-41e2-a502-e0649dbf721c";
const VISITOR_ID: &str = "5d8b90aa3c1a4b0012345681";
const VISITOR_USER_ID: &str = "2b9fe4d1-6f28-4b3c-9a7e-4c1f0e8d9a21";

#[tokio::test]
async fn convert_lead_to_a_user() {
    let server = serve_json(
        200,
        user_json("5714dd359a3fd47136000001", "25", "grace@example.com"),
    )
    .await;
    let lead = LeadRef {
        user_id: Some(LEAD_USER_ID.to_owned()),
        ..Default::default()
    };
    let user = UserUpsert {
        email: Some("grace@example.com".to_owned()),
        ..Default::default()
    };

    let result = client(&server).convert_lead(lead, user).await;

    assert_one_request(
        &server,
        "POST",
        "/contacts/convert",
        &[],
        Some(json!({
            "contact": {"user_id": LEAD_USER_ID},
            "user": {"email": "grace@example.com"}
        })),
    )
    .await;
    let user = result.expect("user");
    assert_eq!(user.type_.as_deref(), Some("user"));
    assert_eq!(user.email.as_deref(), Some("grace@example.com"));
}

#[tokio::test]
async fn convert_visitor_to_a_user() {
    let server = serve_json(
        200,
        user_json("5714dd359a3fd47136000001", "25", "owl@example.com"),
    )
    .await;
    let visitor = VisitorRef {
        user_id: Some(VISITOR_USER_ID.to_owned()),
        ..Default::default()
    };
    let user = UserUpsert {
        user_id: Some("25".to_owned()),
        email: Some("owl@example.com".to_owned()),
        ..Default::default()
    };

    let result = client(&server)
        .convert_visitor(visitor, ConvertVisitorRequestType::User)
        .user(user)
        .await;

    assert_one_request(
        &server,
        "POST",
        "/visitors/convert",
        &[],
        Some(json!({
            "visitor": {"user_id": VISITOR_USER_ID},
            "user": {"user_id": "25", "email": "owl@example.com"},
            "type": "user"
        })),
    )
    .await;
    let user = result.expect("user");
    assert_eq!(user.user_id.as_deref(), Some("25"));
    assert_eq!(user.email.as_deref(), Some("owl@example.com"));
}

#[tokio::test]
async fn create_lead_posts_the_lead() {
    let server = serve_json(200, lead_json(LEAD_ID, LEAD_USER_ID)).await;
    let result = client(&server)
        .create_lead()
        .email("grace@example.com")
        .name("Grace Hopper")
        .utm_source("newsletter")
        .custom_attribute("source", "pricing-page")
        .await;

    assert_one_request(
        &server,
        "POST",
        "/contacts",
        &[],
        Some(json!({
            "email": "grace@example.com",
            "name": "Grace Hopper",
            "utm_source": "newsletter",
            "custom_attributes": {"source": "pricing-page"}
        })),
    )
    .await;
    let lead = result.expect("lead");
    assert_eq!(lead.type_.as_deref(), Some("contact"));
    assert_eq!(lead.user_id.as_deref(), Some(LEAD_USER_ID));
    assert_eq!(lead.anonymous, Some(true));
    let tags: Vec<_> = lead
        .tags
        .expect("tags")
        .into_iter()
        .filter_map(|t| t.name)
        .collect();
    assert_eq!(tags, ["inbound"]);
}

#[tokio::test]
async fn create_lead_with_an_empty_body() {
    let server = serve_json(200, lead_json(LEAD_ID, LEAD_USER_ID)).await;

    let result = client(&server).create_lead().await;

    assert_one_request(&server, "POST", "/contacts", &[], Some(json!({}))).await;
    assert_eq!(result.expect("lead").id.as_deref(), Some(LEAD_ID));
}

#[tokio::test]
async fn delete_lead_by_user_id() {
    let server = serve_json(200, lead_json(LEAD_ID, LEAD_USER_ID)).await;

    let result = client(&server).delete_lead().user_id(LEAD_USER_ID).await;

    assert_one_request(
        &server,
        "DELETE",
        "/contacts",
        &[("user_id", LEAD_USER_ID)],
        None,
    )
    .await;
    assert_eq!(result.expect("lead").id.as_deref(), Some(LEAD_ID));
}

#[tokio::test]
async fn delete_lead_by_id() {
    let server = serve_json(200, lead_json(LEAD_ID, LEAD_USER_ID)).await;

    let result = client(&server).delete_lead_by_id(LEAD_ID).await;

    assert_one_request(
        &server,
        "DELETE",
        "/contacts/5d8b8f1a3c1a4b0012345680",
        &[],
        None,
    )
    .await;
    assert_eq!(result.expect("lead").user_id.as_deref(), Some(LEAD_USER_ID));
}

#[tokio::test]
async fn delete_visitor_by_id() {
    let server = serve_json(200, visitor_json(VISITOR_ID, VISITOR_USER_ID)).await;

    let result = client(&server).delete_visitor_by_id(VISITOR_ID).await;

    assert_one_request(
        &server,
        "DELETE",
        "/visitors/5d8b90aa3c1a4b0012345681",
        &[],
        None,
    )
    .await;
    let visitor = result.expect("visitor");
    assert_eq!(visitor.type_.as_deref(), Some("visitor"));
    assert_eq!(visitor.user_id.as_deref(), Some(VISITOR_USER_ID));
}

#[tokio::test]
async fn get_lead_by_id() {
    let server = serve_json(200, lead_json(LEAD_ID, LEAD_USER_ID)).await;

    let result = client(&server).get_lead(LEAD_ID).await;

    assert_one_request(
        &server,
        "GET",
        "/contacts/5d8b8f1a3c1a4b0012345680",
        &[],
        None,
    )
    .await;
    let lead = result.expect("lead");
    assert_eq!(lead.name.as_deref(), Some("Grace Hopper"));
    assert_eq!(lead.pseudonym.as_deref(), Some("Red Fox from Dublin"));
    assert_eq!(lead.companies.map(|c| c.len()), Some(0));
}

#[tokio::test]
async fn get_visitor_by_id() {
    let server = serve_json(200, visitor_json(VISITOR_ID, VISITOR_USER_ID)).await;

    let result = client(&server).get_visitor(VISITOR_ID).await;

    assert_one_request(
        &server,
        "GET",
        "/visitors/5d8b90aa3c1a4b0012345681",
        &[],
        None,
    )
    .await;
    let visitor = result.expect("visitor");
    assert_eq!(visitor.name.as_deref(), Some("Blue Owl from Cork"));
    assert_eq!(visitor.session_count, Some(1));
}

#[tokio::test]
async fn list_leads_by_email() {
    let server = serve_json(
        200,
        json!({
            "type": "contact.list",
            "contacts": [lead_json(LEAD_ID, LEAD_USER_ID)],
            "pages": last_page(1, 1),
            "total_count": 1
        }),
    )
    .await;

    let result = client(&server)
        .list_leads()
        .email("grace@example.com")
        .await;

    assert_one_request(
        &server,
        "GET",
        "/contacts",
        &[("email", "grace@example.com")],
        None,
    )
    .await;
    let page = result.expect("lead list");
    let contacts = page.contacts.expect("contacts");
    assert_eq!(contacts.len(), 1);
    assert_eq!(contacts[0].email.as_deref(), Some("grace@example.com"));
    assert_eq!(page.pages.and_then(|p| p.page), Some(1));
    assert_eq!(page.total_count, Some(1));
}

#[tokio::test]
async fn list_leads_by_user_id_answers_one_contact() {
    let server = serve_json(200, lead_json(LEAD_ID, LEAD_USER_ID)).await;

    let result = client(&server).list_leads().user_id(LEAD_USER_ID).await;

    assert_one_request(
        &server,
        "GET",
        "/contacts",
        &[("user_id", LEAD_USER_ID)],
        None,
    )
    .await;
    let page = result.expect("one-lead page");
    let contacts = page.contacts.expect("contacts");
    assert_eq!(contacts.len(), 1);
    assert_eq!(contacts[0].id.as_deref(), Some(LEAD_ID));
    assert_eq!(contacts[0].user_id.as_deref(), Some(LEAD_USER_ID));
}

#[tokio::test]
async fn list_leads_by_phone() {
    let server = serve_json(
        200,
        json!({
            "type": "contact.list",
            "contacts": [lead_json(LEAD_ID, LEAD_USER_ID)],
            "pages": last_page(1, 1),
            "total_count": 1
        }),
    )
    .await;

    let result = client(&server).list_leads().phone("+1 555 0100").await;

    assert_one_request(
        &server,
        "GET",
        "/contacts",
        &[("phone", "+1 555 0100")],
        None,
    )
    .await;
    assert_eq!(
        result.expect("lead list").contacts.map(|c| c.len()),
        Some(1)
    );
}

#[tokio::test]
async fn scroll_leads_first_page() {
    let server = serve_json(
        200,
        json!({
            "type": "contact.list",
            "contacts": [lead_json(LEAD_ID, LEAD_USER_ID)],
            "scroll_param": "a61e3fd4-3cb1-4ac8-9a6a-7f6f4f3c2b10"
        }),
    )
    .await;

    let result = client(&server).scroll_leads().await;

    assert_one_request(&server, "GET", "/contacts/scroll", &[], None).await;
    let page = result.expect("scroll page");
    assert_eq!(
        page.scroll_param.as_deref(),
        Some("a61e3fd4-3cb1-4ac8-9a6a-7f6f4f3c2b10")
    );
    assert_eq!(
        page.contacts.expect("contacts")[0].id.as_deref(),
        Some(LEAD_ID)
    );
}

#[tokio::test]
async fn scroll_leads_with_scroll_param() {
    let server = serve_json(
        200,
        json!({
            "type": "contact.list",
            "contacts": [],
            "scroll_param": "a61e3fd4-3cb1-4ac8-9a6a-7f6f4f3c2b10"
        }),
    )
    .await;

    let result = client(&server)
        .scroll_leads()
        .scroll("a61e3fd4-3cb1-4ac8-9a6a-7f6f4f3c2b10")
        .await;

    assert_one_request(
        &server,
        "GET",
        "/contacts/scroll",
        &[("scroll_param", "a61e3fd4-3cb1-4ac8-9a6a-7f6f4f3c2b10")],
        None,
    )
    .await;
    assert_eq!(result.expect("scroll page").contacts, Some(vec![]));
}

#[tokio::test]
async fn update_lead_posts_the_changes() {
    let server = serve_json(200, lead_json(LEAD_ID, LEAD_USER_ID)).await;
    let result = client(&server)
        .update_lead()
        .id(LEAD_ID)
        .name("Grace B. Hopper")
        .phone("+1 555 0100")
        .unsubscribed_from_emails(true)
        .await;

    assert_one_request(
        &server,
        "POST",
        "/contacts",
        &[],
        Some(json!({
            "id": LEAD_ID,
            "name": "Grace B. Hopper",
            "phone": "+1 555 0100",
            "unsubscribed_from_emails": true
        })),
    )
    .await;
    assert_eq!(result.expect("lead").id.as_deref(), Some(LEAD_ID));
}

#[tokio::test]
async fn update_visitor_puts_the_changes() {
    let server = serve_json(200, visitor_json(VISITOR_ID, VISITOR_USER_ID)).await;
    let result = client(&server)
        .update_visitor()
        .user_id(VISITOR_USER_ID)
        .name("Curious Otter")
        .custom_attribute("landing_page", "/pricing")
        .custom_attribute("visits", 3)
        .await;

    assert_one_request(
        &server,
        "PUT",
        "/visitors",
        &[],
        Some(json!({
            "user_id": VISITOR_USER_ID,
            "name": "Curious Otter",
            "custom_attributes": {"landing_page": "/pricing", "visits": 3}
        })),
    )
    .await;
    let visitor = result.expect("visitor");
    assert_eq!(visitor.id.as_deref(), Some(VISITOR_ID));
    assert_eq!(visitor.anonymous, Some(true));
}
