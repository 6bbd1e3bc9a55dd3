//! Lead and visitor operations against a loopback server: what each one sends and what it
//! decodes.
//!
//! The request shapes are one table, [`table`]: each row makes one call and names the exact
//! method, path, query pairs and JSON body the client must send, and what it must decode from
//! the answer. The behaviour beyond one request (a single lead answered as a page) keeps its
//! own test.

mod operations_support;

use intercom_api::types::{ConvertVisitorRequestType, LeadRef, UserUpsert, VisitorRef};
use operations_support::{
    Answer, Row, assert_one_request, call, client, last_page, lead_json, run_table, serve_json,
    user_json, visitor_json,
};
use serde_json::json;

const LEAD_ID: &str = "5d8b8f1a3c1a4b0012345680";
const LEAD_USER_ID: &str = "8a88a590-e1c3-41e2-a502-e0649dbf721c";
const VISITOR_ID: &str = "5d8b90aa3c1a4b0012345681";
const VISITOR_USER_ID: &str = "2b9fe4d1-6f28-4b3c-9a7e-4c1f0e8d9a21";

fn table() -> Vec<Row> {
    vec![
        Row {
            name: "convert_lead to a user",
            call: call(|c| async move {
                let lead = LeadRef {
                    user_id: Some(LEAD_USER_ID.to_owned()),
                    ..Default::default()
                };
                let user = UserUpsert {
                    email: Some("grace@example.com".to_owned()),
                    ..Default::default()
                };
                let user = c.convert_lead(lead, user).await?;
                Ok(json!({"type": user.type_, "email": user.email}))
            }),
            method: "POST",
            path: "/contacts/convert",
            query: &[],
            body: Some(json!({
                "contact": {"user_id": LEAD_USER_ID},
                "user": {"email": "grace@example.com"}
            })),
            answer: Answer::Json(user_json(
                "5714dd359a3fd47136000001",
                "25",
                "grace@example.com",
            )),
            decoded: json!({"type": "user", "email": "grace@example.com"}),
        },
        Row {
            name: "convert_visitor to a user",
            call: call(|c| async move {
                let visitor = VisitorRef {
                    user_id: Some(VISITOR_USER_ID.to_owned()),
                    ..Default::default()
                };
                let user = UserUpsert {
                    user_id: Some("25".to_owned()),
                    email: Some("owl@example.com".to_owned()),
                    ..Default::default()
                };
                let user = c
                    .convert_visitor(visitor, ConvertVisitorRequestType::User)
                    .user(user)
                    .await?;
                Ok(json!({"user_id": user.user_id, "email": user.email}))
            }),
            method: "POST",
            path: "/visitors/convert",
            query: &[],
            body: Some(json!({
                "visitor": {"user_id": VISITOR_USER_ID},
                "user": {"user_id": "25", "email": "owl@example.com"},
                "type": "user"
            })),
            answer: Answer::Json(user_json(
                "5714dd359a3fd47136000001",
                "25",
                "owl@example.com",
            )),
            decoded: json!({"user_id": "25", "email": "owl@example.com"}),
        },
        Row {
            name: "create_lead posts the lead",
            call: call(|c| async move {
                let lead = c
                    .create_lead()
                    .email("grace@example.com")
                    .name("Grace Hopper")
                    .utm_source("newsletter")
                    .custom_attribute("source", "pricing-page")
                    .await?;
                let tags: Vec<_> = lead
                    .tags
                    .expect("tags")
                    .into_iter()
                    .filter_map(|t| t.name)
                    .collect();
                Ok(json!({
                    "type": lead.type_,
                    "user_id": lead.user_id,
                    "anonymous": lead.anonymous,
                    "tags": tags,
                }))
            }),
            method: "POST",
            path: "/contacts",
            query: &[],
            body: Some(json!({
                "email": "grace@example.com",
                "name": "Grace Hopper",
                "utm_source": "newsletter",
                "custom_attributes": {"source": "pricing-page"}
            })),
            answer: Answer::Json(lead_json(LEAD_ID, LEAD_USER_ID)),
            decoded: json!({
                "type": "contact",
                "user_id": LEAD_USER_ID,
                "anonymous": true,
                "tags": ["inbound"],
            }),
        },
        Row {
            name: "create_lead with an empty body",
            call: call(|c| async move { Ok(json!(c.create_lead().await?.id)) }),
            method: "POST",
            path: "/contacts",
            query: &[],
            body: Some(json!({})),
            answer: Answer::Json(lead_json(LEAD_ID, LEAD_USER_ID)),
            decoded: json!(LEAD_ID),
        },
        Row {
            name: "delete_lead by user_id",
            call: call(
                |c| async move { Ok(json!(c.delete_lead().user_id(LEAD_USER_ID).await?.id)) },
            ),
            method: "DELETE",
            path: "/contacts",
            query: &[("user_id", LEAD_USER_ID)],
            body: None,
            answer: Answer::Json(lead_json(LEAD_ID, LEAD_USER_ID)),
            decoded: json!(LEAD_ID),
        },
        Row {
            name: "delete_lead_by_id",
            call: call(|c| async move { Ok(json!(c.delete_lead_by_id(LEAD_ID).await?.user_id)) }),
            method: "DELETE",
            path: "/contacts/5d8b8f1a3c1a4b0012345680",
            query: &[],
            body: None,
            answer: Answer::Json(lead_json(LEAD_ID, LEAD_USER_ID)),
            decoded: json!(LEAD_USER_ID),
        },
        Row {
            name: "delete_visitor_by_id",
            call: call(|c| async move {
                let visitor = c.delete_visitor_by_id(VISITOR_ID).await?;
                Ok(json!({"type": visitor.type_, "user_id": visitor.user_id}))
            }),
            method: "DELETE",
            path: "/visitors/5d8b90aa3c1a4b0012345681",
            query: &[],
            body: None,
            answer: Answer::Json(visitor_json(VISITOR_ID, VISITOR_USER_ID)),
            decoded: json!({"type": "visitor", "user_id": VISITOR_USER_ID}),
        },
        Row {
            name: "get_lead by id",
            call: call(|c| async move {
                let lead = c.get_lead(LEAD_ID).await?;
                Ok(json!({
                    "name": lead.name,
                    "pseudonym": lead.pseudonym,
                    "companies": lead.companies.map(|c| c.len()),
                }))
            }),
            method: "GET",
            path: "/contacts/5d8b8f1a3c1a4b0012345680",
            query: &[],
            body: None,
            answer: Answer::Json(lead_json(LEAD_ID, LEAD_USER_ID)),
            decoded: json!({
                "name": "Grace Hopper",
                "pseudonym": "Red Fox from Dublin",
                "companies": 0,
            }),
        },
        Row {
            name: "get_visitor by id",
            call: call(|c| async move {
                let visitor = c.get_visitor(VISITOR_ID).await?;
                Ok(json!({"name": visitor.name, "session_count": visitor.session_count}))
            }),
            method: "GET",
            path: "/visitors/5d8b90aa3c1a4b0012345681",
            query: &[],
            body: None,
            answer: Answer::Json(visitor_json(VISITOR_ID, VISITOR_USER_ID)),
            decoded: json!({"name": "Blue Owl from Cork", "session_count": 1}),
        },
        Row {
            name: "list_leads by email",
            call: call(|c| async move {
                let page = c.list_leads().email("grace@example.com").await?;
                let contacts = page.contacts.expect("contacts");
                Ok(json!({
                    "contacts": contacts.len(),
                    "contacts[0].email": contacts[0].email,
                    "pages.page": page.pages.and_then(|p| p.page),
                    "total_count": page.total_count,
                }))
            }),
            method: "GET",
            path: "/contacts",
            query: &[("email", "grace@example.com")],
            body: None,
            answer: Answer::Json(json!({
                "type": "contact.list",
                "contacts": [lead_json(LEAD_ID, LEAD_USER_ID)],
                "pages": last_page(1, 1),
                "total_count": 1
            })),
            decoded: json!({
                "contacts": 1,
                "contacts[0].email": "grace@example.com",
                "pages.page": 1,
                "total_count": 1,
            }),
        },
        Row {
            name: "list_leads by phone",
            call: call(|c| async move {
                let page = c.list_leads().phone("+1 555 0100").await?;
                Ok(json!(page.contacts.map(|c| c.len())))
            }),
            method: "GET",
            path: "/contacts",
            query: &[("phone", "+1 555 0100")],
            body: None,
            answer: Answer::Json(json!({
                "type": "contact.list",
                "contacts": [lead_json(LEAD_ID, LEAD_USER_ID)],
                "pages": last_page(1, 1),
                "total_count": 1
            })),
            decoded: json!(1),
        },
        Row {
            name: "scroll_leads, first page",
            call: call(|c| async move {
                let page = c.scroll_leads().await?;
                Ok(json!({
                    "scroll_param": page.scroll_param,
                    "contacts[0].id": page.contacts.expect("contacts")[0].id,
                }))
            }),
            method: "GET",
            path: "/contacts/scroll",
            query: &[],
            body: None,
            answer: Answer::Json(json!({
                "type": "contact.list",
                "contacts": [lead_json(LEAD_ID, LEAD_USER_ID)],
                "scroll_param": "a61e3fd4-3cb1-4ac8-9a6a-7f6f4f3c2b10"
            })),
            decoded: json!({
                "scroll_param": "a61e3fd4-3cb1-4ac8-9a6a-7f6f4f3c2b10",
                "contacts[0].id": LEAD_ID,
            }),
        },
        Row {
            name: "scroll_leads with scroll_param",
            call: call(|c| async move {
                let page = c
                    .scroll_leads()
                    .scroll("a61e3fd4-3cb1-4ac8-9a6a-7f6f4f3c2b10")
                    .await?;
                Ok(json!(page.contacts == Some(vec![])))
            }),
            method: "GET",
            path: "/contacts/scroll",
            query: &[("scroll_param", "a61e3fd4-3cb1-4ac8-9a6a-7f6f4f3c2b10")],
            body: None,
            answer: Answer::Json(json!({
                "type": "contact.list",
                "contacts": [],
                "scroll_param": "a61e3fd4-3cb1-4ac8-9a6a-7f6f4f3c2b10"
            })),
            decoded: json!(true),
        },
        Row {
            name: "update_lead posts the changes",
            call: call(|c| async move {
                let lead = c
                    .update_lead()
                    .id(LEAD_ID)
                    .name("Grace B. Hopper")
                    .phone("+1 555 0100")
                    .unsubscribed_from_emails(true)
                    .await?;
                Ok(json!(lead.id))
            }),
            method: "POST",
            path: "/contacts",
            query: &[],
            body: Some(json!({
                "id": LEAD_ID,
                "name": "Grace B. Hopper",
                "phone": "+1 555 0100",
                "unsubscribed_from_emails": true
            })),
            answer: Answer::Json(lead_json(LEAD_ID, LEAD_USER_ID)),
            decoded: json!(LEAD_ID),
        },
        Row {
            name: "update_visitor puts the changes",
            call: call(|c| async move {
                let visitor = c
                    .update_visitor()
                    .user_id(VISITOR_USER_ID)
                    .name("Curious Otter")
                    .custom_attribute("landing_page", "/pricing")
                    .custom_attribute("visits", 3)
                    .await?;
                Ok(json!({"id": visitor.id, "anonymous": visitor.anonymous}))
            }),
            method: "PUT",
            path: "/visitors",
            query: &[],
            body: Some(json!({
                "user_id": VISITOR_USER_ID,
                "name": "Curious Otter",
                "custom_attributes": {"landing_page": "/pricing", "visits": 3}
            })),
            answer: Answer::Json(visitor_json(VISITOR_ID, VISITOR_USER_ID)),
            decoded: json!({"id": VISITOR_ID, "anonymous": true}),
        },
    ]
}

#[tokio::test]
async fn every_row_sends_its_request_and_decodes_its_answer() {
    run_table(table()).await;
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
