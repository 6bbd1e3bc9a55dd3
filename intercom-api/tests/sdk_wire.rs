//! The operations of `spec/sdk-operations.md` (the 1.x SDKs' calls beyond the reference) and
//! the body variants they brought, on the wire: one table row per call, with the exact method,
//! path, query pairs and JSON body the client must send, and what it must decode from a
//! realistic answer of a loopback server.
//!
//! The expectations are written by hand from what the SDKs and Intercom's pages say about each
//! call, not from the spec or the generated code, so that the two check each other.

mod operations_support;

use std::future::Future;
use std::pin::Pin;

use futures_util::TryStreamExt;
use intercom_api::Client;
use intercom_api::types::{
    BulkEventItem, BulkUserItem, BulkUserItemMethod, JobRef, JobState, ReplyAuthorType,
    ReplyMessageType, SubscriptionMetadata, SubscriptionServiceType, Topic, UserCompany,
};
use operations_support::{
    Answer, Call, Outcome, Row, assert_request, client, company_json, conversation_json, last_page,
    lead_json, requests, run_table, user_json, visitor_json,
};
use serde_json::{Map, Value, json};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

const USER_ID: &str = "5714dd359a3fd47136000001";
const SUB_ID: &str = "nsub_6d4a6f10-3c2b-11e6-8a6b-8d0a1c2e3f40";
const JOB_ID: &str = "job_5ca1ab1eca11ab1e";
const LEAD_USER_ID: &str = "8a88a590-e1c3-41e2-a502-e0649dbf721c";

/// Builds a [`Call`]: `call!(|c| expr)` where `expr` is an async block's body using the client
/// `c` and evaluating to an [`Outcome`].
macro_rules! call {
    (|$c:ident| $body:expr) => {
        Box::new(
            |$c: Client| -> Pin<Box<dyn Future<Output = Outcome> + Send>> {
                Box::pin(async move { $body })
            },
        ) as Call
    };
}

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/sdk/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: not JSON: {e}"))
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        other => panic!("not an object: {other}"),
    }
}

fn user_list() -> Value {
    json!({
        "type": "user.list",
        "users": [
            user_json(USER_ID, "25", "ada@example.com"),
            user_json("5714dd359a3fd47136000002", "26", "grace@example.com")
        ],
        "pages": last_page(1, 1),
        "total_count": 2
    })
}

fn company_list() -> Value {
    json!({
        "type": "company.list",
        "companies": [
            company_json("5d8b8e2f3c1a4b0012345678", "acme-1", "Acme Inc"),
            company_json("5d8b8e2f3c1a4b0012345679", "blue-sun", "Blue Sun")
        ],
        "pages": last_page(1, 1),
        "total_count": 2
    })
}

fn data_attributes_of_both_models() -> Value {
    json!({
        "type": "list",
        "data_attributes": [
            {
                "type": "data_attribute", "model": "customer", "name": "email",
                "full_name": "email", "label": "Email", "description": "The user's email",
                "data_type": "string", "api_writable": true, "ui_writable": true,
                "custom": false, "archived": false
            },
            {
                "type": "data_attribute", "model": "company", "name": "monthly_spend",
                "full_name": "monthly_spend", "label": "Monthly spend",
                "description": "The monthly revenue you receive from this company",
                "data_type": "float", "api_writable": true, "ui_writable": true,
                "custom": false, "archived": false
            }
        ]
    })
}

fn emails(users: Option<Vec<intercom_api::types::User>>) -> Value {
    json!(
        users
            .unwrap_or_default()
            .into_iter()
            .map(|u| u.email)
            .collect::<Vec<_>>()
    )
}

fn company_ids(companies: Option<Vec<intercom_api::types::Company>>) -> Value {
    json!(
        companies
            .unwrap_or_default()
            .into_iter()
            .map(|c| c.company_id)
            .collect::<Vec<_>>()
    )
}

/// Name counts (`[{"VIP": 3}]`) as sent.
fn name_counts(counts: Option<Vec<Map<String, Value>>>) -> Value {
    json!(counts)
}

fn table() -> Vec<Row> {
    vec![
        // --- People -----------------------------------------------------------------------
        Row {
            name: "archive_user_by_id",
            call: call!(|c| {
                let user = c.archive_user_by_id(USER_ID).await?;
                Ok(json!([user.id, user.email]))
            }),
            method: "DELETE",
            path: "/users/5714dd359a3fd47136000001",
            query: &[],
            body: None,
            answer: Answer::Json(user_json(USER_ID, "25", "ada@example.com")),
            decoded: json!([USER_ID, "ada@example.com"]),
        },
        Row {
            name: "archive_user_by_id, an id that must be percent-encoded",
            call: call!(|c| {
                let user = c.archive_user_by_id("57/14 dd?x#y%").await?;
                Ok(json!(user.id))
            }),
            method: "DELETE",
            path: "/users/57%2F14%20dd%3Fx%23y%25",
            query: &[],
            body: None,
            answer: Answer::Json(user_json(USER_ID, "25", "ada@example.com")),
            decoded: json!(USER_ID),
        },
        Row {
            name: "permanently_delete_user",
            call: call!(|c| {
                let deletion = c.permanently_delete_user(USER_ID).await?;
                Ok(json!(deletion.id))
            }),
            method: "POST",
            path: "/user_delete_requests",
            query: &[],
            body: Some(json!({"intercom_user_id": USER_ID})),
            answer: Answer::Json(fixture("permanent_deletion.json")),
            decoded: json!(123_456),
        },
        Row {
            name: "list_users_by_tag",
            call: call!(|c| {
                let page = c.list_users_by_tag("2731457").page(2).per_page(25).await?;
                Ok(emails(page.users))
            }),
            method: "GET",
            path: "/users",
            query: &[("tag_id", "2731457"), ("page", "2"), ("per_page", "25")],
            body: None,
            answer: Answer::Json(user_list()),
            decoded: json!(["ada@example.com", "grace@example.com"]),
        },
        Row {
            name: "list_users_by_tag, the tag alone",
            call: call!(|c| {
                let page = c.list_users_by_tag("2731457").await?;
                Ok(emails(page.users))
            }),
            method: "GET",
            path: "/users",
            query: &[("tag_id", "2731457")],
            body: None,
            answer: Answer::Json(user_list()),
            decoded: json!(["ada@example.com", "grace@example.com"]),
        },
        Row {
            name: "list_users_by_segment",
            call: call!(|c| {
                let page = c
                    .list_users_by_segment("5d2f1c0a9e8b7a0012345678")
                    .page(1)
                    .per_page(50)
                    .await?;
                Ok(emails(page.users))
            }),
            method: "GET",
            path: "/users",
            query: &[
                ("segment_id", "5d2f1c0a9e8b7a0012345678"),
                ("page", "1"),
                ("per_page", "50"),
            ],
            body: None,
            answer: Answer::Json(user_list()),
            decoded: json!(["ada@example.com", "grace@example.com"]),
        },
        Row {
            name: "get_lead_by_user_id",
            call: call!(|c| {
                let lead = c.get_lead_by_user_id(LEAD_USER_ID).await?;
                Ok(json!([lead.type_, lead.user_id, lead.pseudonym]))
            }),
            method: "GET",
            path: "/contacts",
            query: &[("user_id", LEAD_USER_ID)],
            body: None,
            answer: Answer::Json(lead_json("5d8b8e2f3c1a4b00aaaa0001", LEAD_USER_ID)),
            decoded: json!(["contact", LEAD_USER_ID, "Red Fox from Dublin"]),
        },
        Row {
            name: "get_visitor_by_user_id",
            call: call!(|c| {
                let visitor = c
                    .get_visitor_by_user_id("b0c8a1d2-3e4f-4a5b-8c6d-7e8f9a0b1c2d")
                    .await?;
                Ok(json!([visitor.type_, visitor.user_id]))
            }),
            method: "GET",
            path: "/visitors",
            query: &[("user_id", "b0c8a1d2-3e4f-4a5b-8c6d-7e8f9a0b1c2d")],
            body: None,
            answer: Answer::Json(visitor_json(
                "5d8b8e2f3c1a4b00bbbb0001",
                "b0c8a1d2-3e4f-4a5b-8c6d-7e8f9a0b1c2d",
            )),
            decoded: json!(["visitor", "b0c8a1d2-3e4f-4a5b-8c6d-7e8f9a0b1c2d"]),
        },
        // --- Companies --------------------------------------------------------------------
        Row {
            name: "get_company_by_company_id",
            call: call!(|c| {
                let company = c.get_company_by_company_id("acme-1").await?;
                Ok(json!([
                    company.company_id,
                    company.name,
                    company.plan.and_then(|p| p.name),
                    company.user_count
                ]))
            }),
            method: "GET",
            path: "/companies",
            query: &[("company_id", "acme-1")],
            body: None,
            answer: Answer::Json(company_json(
                "5d8b8e2f3c1a4b0012345678",
                "acme-1",
                "Acme Inc",
            )),
            decoded: json!(["acme-1", "Acme Inc", "pro", 42]),
        },
        Row {
            name: "get_company_by_name",
            call: call!(|c| {
                let company = c.get_company_by_name("Acme & Sons, Inc. #2").await?;
                Ok(json!([company.company_id, company.name]))
            }),
            method: "GET",
            path: "/companies",
            query: &[("name", "Acme & Sons, Inc. #2")],
            body: None,
            answer: Answer::Json(company_json(
                "5d8b8e2f3c1a4b0012345678",
                "acme-2",
                "Acme & Sons, Inc. #2",
            )),
            decoded: json!(["acme-2", "Acme & Sons, Inc. #2"]),
        },
        Row {
            name: "list_company_users_by_company_id",
            call: call!(|c| {
                let page = c
                    .list_company_users_by_company_id("acme-1")
                    .page(1)
                    .per_page(50)
                    .await?;
                Ok(json!([page.total_count, emails(page.users)]))
            }),
            method: "GET",
            path: "/companies",
            query: &[
                ("type", "user"),
                ("company_id", "acme-1"),
                ("page", "1"),
                ("per_page", "50"),
            ],
            body: None,
            answer: Answer::Json(user_list()),
            decoded: json!([2, ["ada@example.com", "grace@example.com"]]),
        },
        Row {
            name: "list_company_users_by_name",
            call: call!(|c| {
                let page = c.list_company_users_by_name("Acme Inc").await?;
                Ok(emails(page.users))
            }),
            method: "GET",
            path: "/companies",
            query: &[("type", "user"), ("name", "Acme Inc")],
            body: None,
            answer: Answer::Json(user_list()),
            decoded: json!(["ada@example.com", "grace@example.com"]),
        },
        Row {
            name: "list_companies_by_tag",
            call: call!(|c| {
                let page = c
                    .list_companies_by_tag("2731460")
                    .page(3)
                    .per_page(10)
                    .await?;
                Ok(company_ids(page.companies))
            }),
            method: "GET",
            path: "/companies",
            query: &[("tag_id", "2731460"), ("page", "3"), ("per_page", "10")],
            body: None,
            answer: Answer::Json(company_list()),
            decoded: json!(["acme-1", "blue-sun"]),
        },
        Row {
            name: "list_companies_by_segment",
            call: call!(|c| {
                let page = c
                    .list_companies_by_segment("5d2f1c0a9e8b7a0012345679")
                    .await?;
                Ok(company_ids(page.companies))
            }),
            method: "GET",
            path: "/companies",
            query: &[("segment_id", "5d2f1c0a9e8b7a0012345679")],
            body: None,
            answer: Answer::Json(company_list()),
            decoded: json!(["acme-1", "blue-sun"]),
        },
        // --- Conversations ----------------------------------------------------------------
        Row {
            name: "run_assignment_rules",
            call: call!(|c| {
                let conversation = c.run_assignment_rules("147").await?;
                Ok(json!([
                    conversation.id,
                    conversation.assignee.and_then(|a| a.id)
                ]))
            }),
            method: "POST",
            path: "/conversations/147/run_assignment_rules",
            query: &[],
            body: None,
            answer: Answer::Json(conversation_json("147")),
            decoded: json!(["147", "394051"]),
        },
        // --- Counts -----------------------------------------------------------------------
        Row {
            name: "get_app_counts",
            call: call!(|c| {
                let counts = c.get_app_counts().await?;
                let n = |v: Option<intercom_api::types::CountValue>| v.and_then(|v| v.count);
                Ok(json!([
                    counts.type_,
                    n(counts.company),
                    n(counts.segment),
                    n(counts.tag),
                    n(counts.user)
                ]))
            }),
            method: "GET",
            path: "/counts",
            query: &[],
            body: None,
            answer: Answer::Json(fixture("counts_app.json")),
            decoded: json!(["count.hash", 8, 47, 341, 12_239]),
        },
        Row {
            name: "get_conversation_counts",
            call: call!(|c| {
                let counts = c.get_conversation_counts().await?;
                let v = counts.conversation.unwrap_or_default();
                Ok(json!([v.open, v.closed, v.assigned, v.unassigned]))
            }),
            method: "GET",
            path: "/counts",
            query: &[("type", "conversation")],
            body: None,
            answer: Answer::Json(fixture("counts_conversation.json")),
            decoded: json!([2, 15, 1, 1]),
        },
        Row {
            name: "get_admin_conversation_counts",
            call: call!(|c| {
                let counts = c.get_admin_conversation_counts().await?;
                let admins = counts
                    .conversation
                    .and_then(|v| v.admin)
                    .unwrap_or_default();
                Ok(json!(
                    admins
                        .into_iter()
                        .map(|a| json!([a.id, a.name, a.open, a.closed]))
                        .collect::<Vec<_>>()
                ))
            }),
            method: "GET",
            path: "/counts",
            query: &[("type", "conversation"), ("count", "admin")],
            body: None,
            answer: Answer::Json(fixture("counts_conversation_admin.json")),
            decoded: json!([
                ["394051", "Ciaran Lee", 5, 10],
                ["394052", "Eoghan McCabe", 0, 2],
                ["814860", "Des Traynor", 3, 0]
            ]),
        },
        Row {
            name: "get_user_tag_counts",
            call: call!(|c| {
                let counts = c.get_user_tag_counts().await?;
                Ok(name_counts(counts.user.and_then(|v| v.tag)))
            }),
            method: "GET",
            path: "/counts",
            query: &[("type", "user"), ("count", "tag")],
            body: None,
            answer: Answer::Json(fixture("counts_user_tag.json")),
            decoded: json!([{"VIP": 3}, {"Trial ends this week": 14}, {"Independent": 0}]),
        },
        Row {
            name: "get_user_segment_counts",
            call: call!(|c| {
                let counts = c.get_user_segment_counts().await?;
                Ok(name_counts(counts.user.and_then(|v| v.segment)))
            }),
            method: "GET",
            path: "/counts",
            query: &[("type", "user"), ("count", "segment")],
            body: None,
            answer: Answer::Json(fixture("counts_user_segment.json")),
            decoded: json!([{"Active": 1}, {"New": 0}, {"Slipping Away": 0}, {"All Users": 12_239}]),
        },
        Row {
            name: "get_company_tag_counts",
            call: call!(|c| {
                let counts = c.get_company_tag_counts().await?;
                Ok(name_counts(counts.company.and_then(|v| v.tag)))
            }),
            method: "GET",
            path: "/counts",
            query: &[("type", "company"), ("count", "tag")],
            body: None,
            answer: Answer::Json(fixture("counts_company_tag.json")),
            decoded: json!([{"enterprise": 2}, {"Partner & Reseller": 1}]),
        },
        Row {
            name: "get_company_segment_counts",
            call: call!(|c| {
                let counts = c.get_company_segment_counts().await?;
                Ok(name_counts(counts.company.and_then(|v| v.segment)))
            }),
            method: "GET",
            path: "/counts",
            query: &[("type", "company"), ("count", "segment")],
            body: None,
            answer: Answer::Json(fixture("counts_company_segment.json")),
            decoded: json!([{"Active": 7}, {"New": 1}, {"Slipping Away": 0}]),
        },
        Row {
            name: "get_company_user_counts",
            call: call!(|c| {
                let counts = c.get_company_user_counts().await?;
                Ok(name_counts(counts.company.and_then(|v| v.user)))
            }),
            method: "GET",
            path: "/counts",
            query: &[("type", "company"), ("count", "user")],
            body: None,
            answer: Answer::Json(fixture("counts_company_user.json")),
            decoded: json!([{"Acme Inc": 42}, {"Blue Sun": 3}, {"Serenity": 0}]),
        },
        // --- Data attributes --------------------------------------------------------------
        Row {
            name: "list_all_data_attributes",
            call: call!(|c| {
                let list = c.list_all_data_attributes().await?;
                Ok(json!(
                    list.data_attributes
                        .unwrap_or_default()
                        .into_iter()
                        .map(|a| json!([a.model, a.name]))
                        .collect::<Vec<_>>()
                ))
            }),
            method: "GET",
            path: "/data_attributes",
            query: &[],
            body: None,
            answer: Answer::Json(data_attributes_of_both_models()),
            decoded: json!([["customer", "email"], ["company", "monthly_spend"]]),
        },
        Row {
            name: "list_all_data_attributes, archived too",
            call: call!(|c| {
                let list = c.list_all_data_attributes().include_archived(true).await?;
                Ok(json!(list.data_attributes.map(|a| a.len())))
            }),
            method: "GET",
            path: "/data_attributes",
            query: &[("include_archived", "true")],
            body: None,
            answer: Answer::Json(data_attributes_of_both_models()),
            decoded: json!(2),
        },
        // --- Subscriptions ----------------------------------------------------------------
        Row {
            name: "create_subscription",
            call: call!(|c| {
                let topics = [
                    Topic::UserCreated,
                    Topic::UserTagCreated,
                    Topic::ConversationUserCreated,
                    Topic::EventCreated,
                ];
                let sub = c
                    .create_subscription("https://hooks.example.com/intercom", topics)
                    .service_type(SubscriptionServiceType::Web)
                    .hub_secret("5b7a8e9c0d1f")
                    .metadata(SubscriptionMetadata {
                        event_names: Some(vec![
                            "invited-friend".to_owned(),
                            "placed-order".to_owned(),
                        ]),
                        ..Default::default()
                    })
                    .active(true)
                    .await?;
                Ok(json!([sub.id, sub.hub_secret, sub.active, sub.mode]))
            }),
            method: "POST",
            path: "/subscriptions",
            query: &[],
            body: Some(json!({
                "service_type": "web",
                "url": "https://hooks.example.com/intercom",
                "topics": [
                    "user.created",
                    "user.tag.created",
                    "conversation.user.created",
                    "event.created"
                ],
                "hub_secret": "5b7a8e9c0d1f",
                "metadata": {"event_names": ["invited-friend", "placed-order"]},
                "active": true
            })),
            answer: Answer::Json(fixture("subscription.json")),
            decoded: json!([SUB_ID, "5b7a8e9c0d1f", true, "point"]),
        },
        Row {
            name: "create_subscription, a topic family and no secret",
            call: call!(|c| {
                let sub = c
                    .create_subscription(
                        "https://hooks.example.com/intercom",
                        [Topic::from("user"), Topic::from("company.created")],
                    )
                    .await?;
                Ok(json!(sub.id))
            }),
            method: "POST",
            path: "/subscriptions",
            query: &[],
            body: Some(json!({
                "url": "https://hooks.example.com/intercom",
                "topics": ["user", "company.created"]
            })),
            answer: Answer::Json(fixture("subscription.json")),
            decoded: json!(SUB_ID),
        },
        Row {
            name: "list_subscriptions",
            call: call!(|c| {
                let list = c.list_subscriptions().await?;
                Ok(json!(
                    list.items
                        .unwrap_or_default()
                        .into_iter()
                        .map(|s| json!([s.id, s.active]))
                        .collect::<Vec<_>>()
                ))
            }),
            method: "GET",
            path: "/subscriptions",
            query: &[],
            body: None,
            answer: Answer::Json(fixture("subscription_list.json")),
            decoded: json!([
                [SUB_ID, true],
                ["nsub_8f1e2d30-4a5b-11e6-9c7d-1b2a3c4d5e6f", false]
            ]),
        },
        Row {
            name: "get_subscription",
            call: call!(|c| {
                let sub = c.get_subscription(SUB_ID).await?;
                Ok(json!([sub.id, sub.url, sub.topics.map(|t| t.len())]))
            }),
            method: "GET",
            path: "/subscriptions/nsub_6d4a6f10-3c2b-11e6-8a6b-8d0a1c2e3f40",
            query: &[],
            body: None,
            answer: Answer::Json(fixture("subscription.json")),
            decoded: json!([SUB_ID, "https://hooks.example.com/intercom", 5]),
        },
        Row {
            name: "get_subscription, an id that must be percent-encoded",
            call: call!(|c| {
                let sub = c.get_subscription("nsub/../admins").await?;
                Ok(json!(sub.id))
            }),
            method: "GET",
            path: "/subscriptions/nsub%2F..%2Fadmins",
            query: &[],
            body: None,
            answer: Answer::Json(fixture("subscription.json")),
            decoded: json!(SUB_ID),
        },
        Row {
            name: "update_subscription",
            call: call!(|c| {
                let sub = c
                    .update_subscription(SUB_ID)
                    .topics([Topic::UserCreated, Topic::UserDeleted])
                    .active(false)
                    .url("https://hooks.example.com/intercom/v2")
                    .await?;
                Ok(json!(sub.id))
            }),
            method: "POST",
            path: "/subscriptions/nsub_6d4a6f10-3c2b-11e6-8a6b-8d0a1c2e3f40",
            query: &[],
            body: Some(json!({
                "topics": ["user.created", "user.deleted"],
                "active": false,
                "url": "https://hooks.example.com/intercom/v2"
            })),
            answer: Answer::Json(fixture("subscription.json")),
            decoded: json!(SUB_ID),
        },
        Row {
            name: "delete_subscription, answered with the subscription",
            call: call!(|c| {
                let sub = c.delete_subscription(SUB_ID).await?;
                Ok(json!(sub.and_then(|s| s.id)))
            }),
            method: "DELETE",
            path: "/subscriptions/nsub_6d4a6f10-3c2b-11e6-8a6b-8d0a1c2e3f40",
            query: &[],
            body: None,
            answer: Answer::Json(fixture("subscription.json")),
            decoded: json!(SUB_ID),
        },
        Row {
            name: "delete_subscription, answered with an empty body",
            call: call!(|c| {
                let sub = c.delete_subscription(SUB_ID).await?;
                Ok(json!(sub.is_none()))
            }),
            method: "DELETE",
            path: "/subscriptions/nsub_6d4a6f10-3c2b-11e6-8a6b-8d0a1c2e3f40",
            query: &[],
            body: None,
            answer: Answer::Empty(200),
            decoded: json!(true),
        },
        Row {
            name: "ping_subscription",
            call: call!(|c| {
                c.ping_subscription(SUB_ID).await?;
                Ok(json!("pinged"))
            }),
            method: "POST",
            path: "/subscriptions/nsub_6d4a6f10-3c2b-11e6-8a6b-8d0a1c2e3f40/ping",
            query: &[],
            body: None,
            answer: Answer::Empty(200),
            decoded: json!("pinged"),
        },
        Row {
            name: "list_subscription_sent_notifications",
            call: call!(|c| {
                let page = c.list_subscription_sent_notifications(SUB_ID).await?;
                Ok(json!(
                    page.notifications
                        .unwrap_or_default()
                        .into_iter()
                        .map(|n| json!([n.id, n.topic.map(|t| t.to_string())]))
                        .collect::<Vec<_>>()
                ))
            }),
            method: "GET",
            path: "/subscriptions/nsub_6d4a6f10-3c2b-11e6-8a6b-8d0a1c2e3f40/sent",
            query: &[],
            body: None,
            answer: Answer::Json(fixture("notification_list_sent.json")),
            decoded: json!([
                ["notif_78c122d0-3f8b-11e6-a4b3-4f5a9c2e1d07", "user.created"],
                ["notif_8a0c6b5e-3f8b-11e6-9d2c-7b1e0f4a3c21", "ping"]
            ]),
        },
        Row {
            name: "list_subscription_error_notifications",
            call: call!(|c| {
                let page = c.list_subscription_error_notifications(SUB_ID).await?;
                Ok(json!(
                    page.notifications
                        .unwrap_or_default()
                        .into_iter()
                        .map(|n| {
                            let http = n.http_request.unwrap_or_default();
                            json!([n.id, http.request_method, http.response_status_code])
                        })
                        .collect::<Vec<_>>()
                ))
            }),
            method: "GET",
            path: "/subscriptions/nsub_6d4a6f10-3c2b-11e6-8a6b-8d0a1c2e3f40/error",
            query: &[],
            body: None,
            answer: Answer::Json(fixture("notification_list_error.json")),
            decoded: json!([["notif_a3f9e6c4-3f8c-11e6-8b1d-2c4e6a8f0b13", "POST", 503]]),
        },
        // --- Bulk jobs --------------------------------------------------------------------
        Row {
            name: "submit_bulk_user_job",
            call: call!(|c| {
                let items = [
                    BulkUserItem {
                        method: Some(BulkUserItemMethod::Post),
                        data_type: Some("user".to_owned()),
                        data: Some(object(json!({
                            "user_id": "25",
                            "email": "ada@example.com",
                            "companies": [{"company_id": "acme-1", "name": "Acme Inc"}]
                        }))),
                        ..Default::default()
                    },
                    BulkUserItem {
                        method: Some(BulkUserItemMethod::Delete),
                        data_type: Some("user".to_owned()),
                        data: Some(object(json!({"email": "gone@example.com"}))),
                        ..Default::default()
                    },
                ];
                // No `.job(..)`: a new job.
                let job = c.submit_bulk_user_job(items).await?;
                Ok(json!([job.id, job.state.map(|s| s.to_string())]))
            }),
            method: "POST",
            path: "/bulk/users",
            query: &[],
            body: Some(json!({
                "items": [
                    {
                        "method": "post",
                        "data_type": "user",
                        "data": {
                            "user_id": "25",
                            "email": "ada@example.com",
                            "companies": [{"company_id": "acme-1", "name": "Acme Inc"}]
                        }
                    },
                    {
                        "method": "delete",
                        "data_type": "user",
                        "data": {"email": "gone@example.com"}
                    }
                ]
            })),
            answer: Answer::Json(fixture("job_running.json")),
            decoded: json!([JOB_ID, "running"]),
        },
        Row {
            name: "submit_bulk_user_job, appended to an open job",
            call: call!(|c| {
                let item = BulkUserItem {
                    method: Some(BulkUserItemMethod::Post),
                    data_type: Some("user".to_owned()),
                    data: Some(object(json!({"user_id": "27"}))),
                    ..Default::default()
                };
                let job = c
                    .submit_bulk_user_job([item])
                    .job(JobRef {
                        id: Some(JOB_ID.to_owned()),
                        ..Default::default()
                    })
                    .await?;
                Ok(json!(job.id))
            }),
            method: "POST",
            path: "/bulk/users",
            query: &[],
            body: Some(json!({
                "items": [{"method": "post", "data_type": "user", "data": {"user_id": "27"}}],
                "job": {"id": JOB_ID}
            })),
            answer: Answer::Json(fixture("job_running.json")),
            decoded: json!(JOB_ID),
        },
        Row {
            name: "submit_bulk_event_job",
            call: call!(|c| {
                let item = BulkEventItem {
                    method: Some("post".to_owned()),
                    data_type: Some("event".to_owned()),
                    data: Some(object(json!({
                        "event_name": "invited-friend",
                        "created_at": 1_438_944_979,
                        "user_id": "25",
                        "metadata": {"invitee_email": "pi@example.org", "invite_code": "ADDAFRIEND"}
                    }))),
                    ..Default::default()
                };
                let job = c
                    .submit_bulk_event_job([item])
                    .job(JobRef {
                        id: Some(JOB_ID.to_owned()),
                        ..Default::default()
                    })
                    .await?;
                Ok(json!([job.id, job.name]))
            }),
            method: "POST",
            path: "/bulk/events",
            query: &[],
            body: Some(json!({
                "items": [{
                    "method": "post",
                    "data_type": "event",
                    "data": {
                        "event_name": "invited-friend",
                        "created_at": 1_438_944_979,
                        "user_id": "25",
                        "metadata": {"invitee_email": "pi@example.org", "invite_code": "ADDAFRIEND"}
                    }
                }],
                "job": {"id": JOB_ID}
            })),
            answer: Answer::Json(fixture("job_running.json")),
            decoded: json!([JOB_ID, "api bulk job"]),
        },
        Row {
            name: "get_job",
            call: call!(|c| {
                let job = c.get_job(JOB_ID).await?;
                Ok(json!([
                    job.state == Some(JobState::Completed),
                    job.tasks.map(|t| t.len()),
                    job.links.and_then(|l| l.error)
                ]))
            }),
            method: "GET",
            path: "/jobs/job_5ca1ab1eca11ab1e",
            query: &[],
            body: None,
            answer: Answer::Json(fixture("job_completed.json")),
            decoded: json!([
                true,
                2,
                "https://api.intercom.io/jobs/job_5ca1ab1eca11ab1e/error"
            ]),
        },
        Row {
            name: "get_job, an id that must be percent-encoded",
            call: call!(|c| {
                let job = c.get_job("job 5/ca?1#e%").await?;
                Ok(json!(job.id))
            }),
            method: "GET",
            path: "/jobs/job%205%2Fca%3F1%23e%25",
            query: &[],
            body: None,
            answer: Answer::Json(fixture("job_completed.json")),
            decoded: json!(JOB_ID),
        },
        Row {
            name: "list_job_errors",
            call: call!(|c| {
                let page = c.list_job_errors(JOB_ID).await?;
                Ok(json!([
                    page.job_id,
                    page.items
                        .unwrap_or_default()
                        .into_iter()
                        .map(|i| json!([i.id, i.method, i.error.and_then(|e| e.code)]))
                        .collect::<Vec<_>>()
                ]))
            }),
            method: "GET",
            path: "/jobs/job_5ca1ab1eca11ab1e/error",
            query: &[],
            body: None,
            answer: Answer::Json(fixture("job_errors.json")),
            decoded: json!([
                JOB_ID,
                [
                    ["item_c0ffee0a1b2c3d4e", "post", "parameter_invalid"],
                    ["item_c0ffee0a1b2c3d4f", "delete", "not_found"]
                ]
            ]),
        },
        // --- Body variants of older calls -------------------------------------------------
        Row {
            name: "create_update_user, update_last_request_at",
            call: call!(|c| {
                let user = c
                    .create_update_user()
                    .user_id("25")
                    .update_last_request_at(true)
                    .await?;
                Ok(json!(user.user_id))
            }),
            method: "POST",
            path: "/users",
            query: &[],
            body: Some(json!({"user_id": "25", "update_last_request_at": true})),
            answer: Answer::Json(user_json(USER_ID, "25", "ada@example.com")),
            decoded: json!("25"),
        },
        Row {
            name: "create_update_user, new_session",
            call: call!(|c| {
                let user = c
                    .create_update_user()
                    .id(USER_ID)
                    .new_session(true)
                    .companies([UserCompany {
                        id: Some("5d8b8e2f3c1a4b0012345678".to_owned()),
                        ..Default::default()
                    }])
                    .await?;
                Ok(json!(user.session_count))
            }),
            method: "POST",
            path: "/users",
            query: &[],
            body: Some(json!({
                "id": USER_ID,
                "new_session": true,
                "companies": [{"id": "5d8b8e2f3c1a4b0012345678"}]
            })),
            answer: Answer::Json(user_json(USER_ID, "25", "ada@example.com")),
            decoded: json!(12),
        },
        Row {
            name: "create_update_user, a company removed",
            call: call!(|c| {
                let user = c
                    .create_update_user()
                    .id(USER_ID)
                    .companies([UserCompany {
                        id: Some("5d8b8e2f3c1a4b0012345678".to_owned()),
                        remove: Some(true),
                        ..Default::default()
                    }])
                    .await?;
                Ok(json!(user.id))
            }),
            method: "POST",
            path: "/users",
            query: &[],
            body: Some(json!({
                "id": USER_ID,
                "companies": [{"id": "5d8b8e2f3c1a4b0012345678", "remove": true}]
            })),
            answer: Answer::Json(user_json(USER_ID, "25", "ada@example.com")),
            decoded: json!(USER_ID),
        },
        Row {
            name: "post_reply, snoozed",
            call: call!(|c| {
                let conversation = c
                    .post_reply("147", ReplyAuthorType::Admin, ReplyMessageType::Snoozed)
                    .admin_id("394051")
                    .snoozed_until(1_569_600_000)
                    .await?;
                Ok(json!(conversation.id))
            }),
            method: "POST",
            path: "/conversations/147/reply",
            query: &[],
            body: Some(json!({
                "type": "admin",
                "admin_id": "394051",
                "message_type": "snoozed",
                "snoozed_until": 1_569_600_000
            })),
            answer: Answer::Json(conversation_json("147")),
            decoded: json!("147"),
        },
    ]
}

/// The operations of `spec/sdk-operations.md`, each of which needs at least one row.
const SDK_OPERATIONS: &[&str] = &[
    "archive_user_by_id",
    "permanently_delete_user",
    "list_users_by_tag",
    "list_users_by_segment",
    "get_lead_by_user_id",
    "get_visitor_by_user_id",
    "get_company_by_company_id",
    "get_company_by_name",
    "list_company_users_by_company_id",
    "list_company_users_by_name",
    "list_companies_by_tag",
    "list_companies_by_segment",
    "run_assignment_rules",
    "get_app_counts",
    "get_conversation_counts",
    "get_admin_conversation_counts",
    "get_user_tag_counts",
    "get_user_segment_counts",
    "get_company_tag_counts",
    "get_company_segment_counts",
    "get_company_user_counts",
    "list_all_data_attributes",
    "create_subscription",
    "list_subscriptions",
    "get_subscription",
    "update_subscription",
    "delete_subscription",
    "ping_subscription",
    "list_subscription_sent_notifications",
    "list_subscription_error_notifications",
    "submit_bulk_user_job",
    "submit_bulk_event_job",
    "get_job",
    "list_job_errors",
];

#[tokio::test]
async fn every_row_sends_its_request_and_decodes_its_answer() {
    run_table(table()).await;
}

#[test]
fn every_sdk_operation_has_a_row() {
    let rows = table();
    let missing: Vec<&str> = SDK_OPERATIONS
        .iter()
        .copied()
        .filter(|op| {
            !rows
                .iter()
                .any(|r| r.name == *op || r.name.starts_with(&format!("{op},")))
        })
        .collect();
    assert!(missing.is_empty(), "operations without a row: {missing:?}");
    let spec = include_str!("../../spec/sdk-operations.md");
    let in_spec: Vec<&str> = spec
        .lines()
        .filter_map(|l| l.strip_prefix("## "))
        .map(str::trim)
        .collect();
    assert_eq!(
        in_spec, SDK_OPERATIONS,
        "the table's list of operations is the spec's"
    );
}

#[tokio::test]
async fn list_company_users_by_company_id_streams_every_page() {
    let server = MockServer::start().await;
    let next = format!(
        "{}/companies?type=user&company_id=acme-1&page=2&per_page=2",
        server.uri()
    );
    Mock::given(method("GET"))
        .and(path("/companies"))
        .and(query_param_is_missing("page"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "type": "user.list",
            "users": [
                user_json(USER_ID, "25", "u1@example.com"),
                user_json("5714dd359a3fd47136000002", "26", "u2@example.com")
            ],
            "pages": {"type": "pages", "next": next, "page": 1, "per_page": 2, "total_pages": 2},
            "total_count": 3
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/companies"))
        .and(query_param("page", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "type": "user.list",
            "users": [user_json("5714dd359a3fd47136000003", "27", "u3@example.com")],
            "pages": {"type": "pages", "next": null, "page": 2, "per_page": 2, "total_pages": 2},
            "total_count": 3
        })))
        .mount(&server)
        .await;

    let users: Vec<_> = client(&server)
        .list_company_users_by_company_id("acme-1")
        .stream()
        .try_collect()
        .await
        .expect("every user of the company");

    let emails: Vec<_> = users.iter().filter_map(|u| u.email.as_deref()).collect();
    assert_eq!(
        emails,
        ["u1@example.com", "u2@example.com", "u3@example.com"]
    );
    let received = requests(&server).await;
    assert_eq!(received.len(), 2, "one request per page");
    assert_request(
        &received[0],
        "GET",
        "/companies",
        &[("type", "user"), ("company_id", "acme-1")],
        None,
    );
    assert_request(
        &received[1],
        "GET",
        "/companies",
        &[
            ("type", "user"),
            ("company_id", "acme-1"),
            ("page", "2"),
            ("per_page", "2"),
        ],
        None,
    );
}

#[tokio::test]
async fn list_users_by_segment_streams_every_page() {
    let server = MockServer::start().await;
    let next = format!(
        "{}/users?segment_id=5d2f1c0a9e8b7a0012345678&page=2&per_page=1",
        server.uri()
    );
    Mock::given(method("GET"))
        .and(path("/users"))
        .and(query_param_is_missing("page"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "type": "user.list",
            "users": [user_json(USER_ID, "25", "u1@example.com")],
            "pages": {"type": "pages", "next": next, "page": 1, "per_page": 1, "total_pages": 2},
            "total_count": 2
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/users"))
        .and(query_param("page", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "type": "user.list",
            "users": [user_json("5714dd359a3fd47136000002", "26", "u2@example.com")],
            "pages": {"type": "pages", "next": null, "page": 2, "per_page": 1, "total_pages": 2},
            "total_count": 2
        })))
        .mount(&server)
        .await;

    let users: Vec<_> = client(&server)
        .list_users_by_segment("5d2f1c0a9e8b7a0012345678")
        .stream()
        .try_collect()
        .await
        .expect("every user of the segment");

    let emails: Vec<_> = users.iter().filter_map(|u| u.email.as_deref()).collect();
    assert_eq!(emails, ["u1@example.com", "u2@example.com"]);
    assert_eq!(requests(&server).await.len(), 2, "one request per page");
}

#[tokio::test]
async fn list_job_errors_streams_the_failed_items() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/jobs/job_5ca1ab1eca11ab1e/error"))
        .respond_with(ResponseTemplate::new(200).set_body_json(fixture("job_errors.json")))
        .mount(&server)
        .await;

    let items: Vec<_> = client(&server)
        .list_job_errors(JOB_ID)
        .stream()
        .try_collect()
        .await
        .expect("the failed items");

    let ids: Vec<_> = items.iter().filter_map(|i| i.id.as_deref()).collect();
    assert_eq!(ids, ["item_c0ffee0a1b2c3d4e", "item_c0ffee0a1b2c3d4f"]);
    assert_eq!(
        requests(&server).await.len(),
        1,
        "an empty pages object ends the feed"
    );
}
