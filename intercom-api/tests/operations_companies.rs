//! Company operations against a loopback server: what each one sends and what it decodes.
//!
//! The request shapes are one table, [`table`]: each row makes one call and names the exact
//! method, path, query pairs and JSON body the client must send, and what it must decode from
//! the answer. The behaviour beyond one request (a single company answered as a page) keeps
//! its own tests.

mod operations_support;

use intercom_api::types::{ListCompaniesType, Order};
use operations_support::{
    Answer, Row, assert_one_request, call, client, company_json, last_page, run_table, serve_json,
    user_json,
};
use serde_json::json;

const COMPANY_ID: &str = "5d8b8e2f3c1a4b0012345678";

fn table() -> Vec<Row> {
    vec![
        Row {
            name: "create_company sends plan as a string",
            call: call(|c| async move {
                let company = c
                    .create_company()
                    .company_id("acme-1")
                    .name("Acme Inc")
                    .plan("pro")
                    .monthly_spend(155.5)
                    .size(85)
                    .website("https://acme.example.com")
                    .industry("Manufacturing")
                    .remote_created_at(1_420_070_400)
                    .custom_attribute("referral_source", "partner")
                    .await?;
                let plan = company.plan.expect("plan object");
                Ok(json!({
                    "id": company.id,
                    "plan.name": plan.name,
                    "plan.id": plan.id,
                    "monthly_spend is 155.5": company.monthly_spend == Some(155.5.into()),
                    "user_count": company.user_count,
                }))
            }),
            method: "POST",
            path: "/companies",
            query: &[],
            body: Some(json!({
                "company_id": "acme-1",
                "name": "Acme Inc",
                "plan": "pro",
                "monthly_spend": 155.5,
                "size": 85,
                "website": "https://acme.example.com",
                "industry": "Manufacturing",
                "remote_created_at": 1_420_070_400,
                "custom_attributes": {"referral_source": "partner"}
            })),
            answer: Answer::Json(company_json(COMPANY_ID, "acme-1", "Acme Inc")),
            decoded: json!({
                "id": COMPANY_ID,
                "plan.name": "pro",
                "plan.id": "269315",
                "monthly_spend is 155.5": true,
                "user_count": 42,
            }),
        },
        Row {
            name: "update_company posts the changes",
            call: call(|c| async move {
                let company = c
                    .update_company()
                    .id(COMPANY_ID)
                    .name("Acme Corp")
                    .monthly_spend(210.25)
                    .await?;
                let tags: Vec<_> = company
                    .tags
                    .expect("tags")
                    .into_iter()
                    .filter_map(|t| t.name)
                    .collect();
                Ok(json!({"name": company.name, "tags": tags}))
            }),
            method: "POST",
            path: "/companies",
            query: &[],
            body: Some(json!({
                "id": COMPANY_ID,
                "name": "Acme Corp",
                "monthly_spend": 210.25
            })),
            answer: Answer::Json(company_json(COMPANY_ID, "acme-1", "Acme Corp")),
            decoded: json!({"name": "Acme Corp", "tags": ["enterprise"]}),
        },
        Row {
            name: "get_company by id",
            call: call(|c| async move {
                let company = c.get_company(COMPANY_ID).await?;
                let segments = company.segments.expect("segments");
                Ok(json!({
                    "website": company.website,
                    "segments[0].name": segments[0].name,
                    "custom_attributes.employees_2019": company
                        .custom_attributes
                        .and_then(|c| c.get("employees_2019").cloned()),
                }))
            }),
            method: "GET",
            path: "/companies/5d8b8e2f3c1a4b0012345678",
            query: &[],
            body: None,
            answer: Answer::Json(company_json(COMPANY_ID, "acme-1", "Acme Inc")),
            decoded: json!({
                "website": "https://acme.example.com",
                "segments[0].name": "Active",
                "custom_attributes.employees_2019": 85,
            }),
        },
        Row {
            name: "list_companies by segment and tag",
            call: call(|c| async move {
                let page = c
                    .list_companies()
                    .segment_id("5d2f1c0a9e8b7a0012345679")
                    .tag_id("2731460")
                    .order(Order::Asc)
                    .await?;
                let names: Vec<_> = page
                    .companies
                    .expect("companies")
                    .into_iter()
                    .filter_map(|c| c.name)
                    .collect();
                Ok(json!({"names": names, "total_count": page.total_count}))
            }),
            method: "GET",
            path: "/companies",
            query: &[
                ("segment_id", "5d2f1c0a9e8b7a0012345679"),
                ("tag_id", "2731460"),
                ("order", "asc"),
            ],
            body: None,
            answer: Answer::Json(json!({
                "type": "company.list",
                "companies": [
                    company_json(COMPANY_ID, "acme-1", "Acme Inc"),
                    company_json("5d8b8e2f3c1a4b0012345679", "globex-7", "Globex")
                ],
                "pages": last_page(1, 1),
                "total_count": 2
            })),
            decoded: json!({"names": ["Acme Inc", "Globex"], "total_count": 2}),
        },
        Row {
            name: "list_companies by type user",
            call: call(|c| async move {
                let page = c.list_companies().type_(ListCompaniesType::User).await?;
                Ok(json!(page.companies.map(|c| c.len())))
            }),
            method: "GET",
            path: "/companies",
            query: &[("type", "user")],
            body: None,
            answer: Answer::Json(json!({
                "type": "company.list",
                "companies": [company_json(COMPANY_ID, "acme-1", "Acme Inc")],
                "pages": last_page(1, 1),
                "total_count": 1
            })),
            decoded: json!(1),
        },
        Row {
            name: "list_users_for_company",
            call: call(|c| async move {
                let emails: Vec<_> = c
                    .list_users_for_company(COMPANY_ID)
                    .await?
                    .users
                    .expect("users")
                    .into_iter()
                    .filter_map(|u| u.email)
                    .collect();
                Ok(json!(emails))
            }),
            method: "GET",
            path: "/companies/5d8b8e2f3c1a4b0012345678/users",
            query: &[],
            body: None,
            answer: Answer::Json(json!({
                "type": "user.list",
                "users": [
                    user_json("5714dd359a3fd47136000001", "25", "ada@example.com"),
                    user_json("5714dd359a3fd47136000002", "26", "charles@example.com")
                ],
                "pages": last_page(1, 1),
                "total_count": 2
            })),
            decoded: json!(["ada@example.com", "charles@example.com"]),
        },
        Row {
            name: "scroll_companies, first page",
            call: call(|c| async move {
                let page = c.scroll_companies().await?;
                Ok(json!({
                    "scroll_param": page.scroll_param,
                    "companies": page.companies.map(|c| c.len()),
                }))
            }),
            method: "GET",
            path: "/companies/scroll",
            query: &[],
            body: None,
            answer: Answer::Json(json!({
                "type": "company.list",
                "companies": [
                    company_json(COMPANY_ID, "acme-1", "Acme Inc"),
                    company_json("5d8b8e2f3c1a4b0012345679", "globex-7", "Globex")
                ],
                "scroll_param": "e0b5a0a6-8d2c-4f55-9b0e-3a1b2c3d4e5f"
            })),
            decoded: json!({
                "scroll_param": "e0b5a0a6-8d2c-4f55-9b0e-3a1b2c3d4e5f",
                "companies": 2,
            }),
        },
        Row {
            name: "scroll_companies sends scroll_param",
            call: call(|c| async move {
                let page = c
                    .scroll_companies()
                    .scroll("e0b5a0a6-8d2c-4f55-9b0e-3a1b2c3d4e5f")
                    .await?;
                Ok(json!(page.companies == Some(vec![])))
            }),
            method: "GET",
            path: "/companies/scroll",
            query: &[("scroll_param", "e0b5a0a6-8d2c-4f55-9b0e-3a1b2c3d4e5f")],
            body: None,
            answer: Answer::Json(json!({
                "type": "company.list",
                "companies": [],
                "scroll_param": "e0b5a0a6-8d2c-4f55-9b0e-3a1b2c3d4e5f"
            })),
            decoded: json!(true),
        },
    ]
}

#[tokio::test]
async fn every_row_sends_its_request_and_decodes_its_answer() {
    run_table(table()).await;
}

#[tokio::test]
async fn list_companies_by_company_id_answers_one_company() {
    let server = serve_json(200, company_json(COMPANY_ID, "acme-1", "Acme Inc")).await;

    let result = client(&server).list_companies().company_id("acme-1").await;

    assert_one_request(
        &server,
        "GET",
        "/companies",
        &[("company_id", "acme-1")],
        None,
    )
    .await;
    let page = result.expect("one-company page");
    let companies = page.companies.expect("companies");
    assert_eq!(companies.len(), 1);
    assert_eq!(companies[0].company_id.as_deref(), Some("acme-1"));
    assert_eq!(companies[0].name.as_deref(), Some("Acme Inc"));
}

#[tokio::test]
async fn list_companies_by_name_answers_one_company() {
    let server = serve_json(200, company_json(COMPANY_ID, "acme-1", "Acme & Sons")).await;

    let result = client(&server).list_companies().name("Acme & Sons").await;

    assert_one_request(
        &server,
        "GET",
        "/companies",
        &[("name", "Acme & Sons")],
        None,
    )
    .await;
    let companies = result
        .expect("one-company page")
        .companies
        .expect("companies");
    assert_eq!(companies.len(), 1);
    assert_eq!(companies[0].name.as_deref(), Some("Acme & Sons"));
}
