//! Company operations against a loopback server: what each one sends and what it decodes.

mod operations_support;

use intercom_api::types::{ListCompaniesType, Order};
use operations_support::{
    assert_one_request, client, company_json, last_page, serve_json, user_json,
};
use serde_json::json;

const COMPANY_ID: &str = "5d8b8e2f3c1a4b0012345678";

#[tokio::test]
async fn create_company_sends_plan_as_a_string() {
    let server = serve_json(200, company_json(COMPANY_ID, "acme-1", "Acme Inc")).await;
    let result = client(&server)
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
        .await;

    assert_one_request(
        &server,
        "POST",
        "/companies",
        &[],
        Some(json!({
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
    )
    .await;
    let company = result.expect("company");
    assert_eq!(company.id.as_deref(), Some(COMPANY_ID));
    let plan = company.plan.expect("plan object");
    assert_eq!(plan.name.as_deref(), Some("pro"));
    assert_eq!(plan.id.as_deref(), Some("269315"));
    assert_eq!(company.monthly_spend, Some(155.5.into()));
    assert_eq!(company.user_count, Some(42));
}

#[tokio::test]
async fn update_company_posts_the_changes() {
    let server = serve_json(200, company_json(COMPANY_ID, "acme-1", "Acme Corp")).await;
    let result = client(&server)
        .update_company()
        .id(COMPANY_ID)
        .name("Acme Corp")
        .monthly_spend(210.25)
        .await;

    assert_one_request(
        &server,
        "POST",
        "/companies",
        &[],
        Some(json!({
            "id": COMPANY_ID,
            "name": "Acme Corp",
            "monthly_spend": 210.25
        })),
    )
    .await;
    let company = result.expect("company");
    assert_eq!(company.name.as_deref(), Some("Acme Corp"));
    let tags: Vec<_> = company
        .tags
        .expect("tags")
        .into_iter()
        .filter_map(|t| t.name)
        .collect();
    assert_eq!(tags, ["enterprise"]);
}

#[tokio::test]
async fn get_company_by_id() {
    let server = serve_json(200, company_json(COMPANY_ID, "acme-1", "Acme Inc")).await;

    let result = client(&server).get_company(COMPANY_ID).await;

    assert_one_request(
        &server,
        "GET",
        "/companies/5d8b8e2f3c1a4b0012345678",
        &[],
        None,
    )
    .await;
    let company = result.expect("company");
    assert_eq!(company.website.as_deref(), Some("https://acme.example.com"));
    let segments = company.segments.expect("segments");
    assert_eq!(segments[0].name.as_deref(), Some("Active"));
    assert_eq!(
        company
            .custom_attributes
            .and_then(|c| c.get("employees_2019").cloned()),
        Some(json!(85))
    );
}

#[tokio::test]
async fn list_companies_by_segment_and_tag() {
    let server = serve_json(
        200,
        json!({
            "type": "company.list",
            "companies": [
                company_json(COMPANY_ID, "acme-1", "Acme Inc"),
                company_json("5d8b8e2f3c1a4b0012345679", "globex-7", "Globex")
            ],
            "pages": last_page(1, 1),
            "total_count": 2
        }),
    )
    .await;

    let result = client(&server)
        .list_companies()
        .segment_id("5d2f1c0a9e8b7a0012345679")
        .tag_id("2731460")
        .order(Order::Asc)
        .await;

    assert_one_request(
        &server,
        "GET",
        "/companies",
        &[
            ("segment_id", "5d2f1c0a9e8b7a0012345679"),
            ("tag_id", "2731460"),
            ("order", "asc"),
        ],
        None,
    )
    .await;
    let page = result.expect("company list");
    let names: Vec<_> = page
        .companies
        .expect("companies")
        .into_iter()
        .filter_map(|c| c.name)
        .collect();
    assert_eq!(names, ["Acme Inc", "Globex"]);
    assert_eq!(page.total_count, Some(2));
}

#[tokio::test]
async fn list_companies_by_type_user() {
    let server = serve_json(
        200,
        json!({
            "type": "company.list",
            "companies": [company_json(COMPANY_ID, "acme-1", "Acme Inc")],
            "pages": last_page(1, 1),
            "total_count": 1
        }),
    )
    .await;

    let result = client(&server)
        .list_companies()
        .type_(ListCompaniesType::User)
        .await;

    assert_one_request(&server, "GET", "/companies", &[("type", "user")], None).await;
    assert_eq!(
        result.expect("company list").companies.map(|c| c.len()),
        Some(1)
    );
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

#[tokio::test]
async fn list_users_for_company() {
    let server = serve_json(
        200,
        json!({
            "type": "user.list",
            "users": [
                user_json("5714dd359a3fd47136000001", "25", "ada@example.com"),
                user_json("5714dd359a3fd47136000002", "26", "charles@example.com")
            ],
            "pages": last_page(1, 1),
            "total_count": 2
        }),
    )
    .await;

    let result = client(&server).list_users_for_company(COMPANY_ID).await;

    assert_one_request(
        &server,
        "GET",
        "/companies/5d8b8e2f3c1a4b0012345678/users",
        &[],
        None,
    )
    .await;
    let emails: Vec<_> = result
        .expect("user list")
        .users
        .expect("users")
        .into_iter()
        .filter_map(|u| u.email)
        .collect();
    assert_eq!(emails, ["ada@example.com", "charles@example.com"]);
}

#[tokio::test]
async fn scroll_companies_first_page() {
    let server = serve_json(
        200,
        json!({
            "type": "company.list",
            "companies": [
                company_json(COMPANY_ID, "acme-1", "Acme Inc"),
                company_json("5d8b8e2f3c1a4b0012345679", "globex-7", "Globex")
            ],
            "scroll_param": "e0b5a0a6-8d2c-4f55-9b0e-3a1b2c3d4e5f"
        }),
    )
    .await;

    let result = client(&server).scroll_companies().await;

    assert_one_request(&server, "GET", "/companies/scroll", &[], None).await;
    let page = result.expect("scroll page");
    assert_eq!(
        page.scroll_param.as_deref(),
        Some("e0b5a0a6-8d2c-4f55-9b0e-3a1b2c3d4e5f")
    );
    assert_eq!(page.companies.map(|c| c.len()), Some(2));
}

#[tokio::test]
async fn scroll_companies_sends_scroll_param() {
    let server = serve_json(
        200,
        json!({
            "type": "company.list",
            "companies": [],
            "scroll_param": "e0b5a0a6-8d2c-4f55-9b0e-3a1b2c3d4e5f"
        }),
    )
    .await;

    let result = client(&server)
        .scroll_companies()
        .scroll("e0b5a0a6-8d2c-4f55-9b0e-3a1b2c3d4e5f")
        .await;

    assert_one_request(
        &server,
        "GET",
        "/companies/scroll",
        &[("scroll_param", "e0b5a0a6-8d2c-4f55-9b0e-3a1b2c3d4e5f")],
        None,
    )
    .await;
    assert_eq!(result.expect("scroll page").companies, Some(vec![]));
}
