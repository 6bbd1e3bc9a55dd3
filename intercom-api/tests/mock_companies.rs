//! Company operations through the client against intercom-mock: each call's typed result, and
//! the change it makes as other calls read it back.

mod mock_support;

use std::collections::HashSet;

use futures_util::TryStreamExt;
use intercom_api::types::{
    Company, CreateCompanyRequest, CreateUserRequest, Order, UpdateCompanyRequest, User,
    UserCompany,
};
use mock_support::{api_error, client, field, mock, object, seeded, seeded_with};
use serde_json::json;

/// `count` companies `c-00`, `c-01`, … created a minute apart, in seed form.
fn companies_json(count: usize) -> serde_json::Value {
    (0..count)
        .map(|i| {
            json!({
                "company_id": format!("c-{i:02}"),
                "name": format!("Company {i}"),
                "created_at": 1_600_000_000 + 60 * i,
            })
        })
        .collect()
}

fn company_ids(companies: &[Company]) -> Vec<&str> {
    companies
        .iter()
        .filter_map(|c| c.company_id.as_deref())
        .collect()
}

fn acme() -> CreateCompanyRequest {
    CreateCompanyRequest {
        company_id: Some("acme".into()),
        name: Some("Acme Corp".into()),
        plan: Some("pro".into()),
        monthly_spend: Some(490.5.into()),
        size: Some(120),
        industry: Some("Manufacturing".into()),
        custom_attributes: Some(object(json!({"seats": 5}))),
        ..Default::default()
    }
}

fn member(user_id: &str, company_id: &str) -> CreateUserRequest {
    CreateUserRequest {
        user_id: Some(user_id.into()),
        companies: Some(vec![UserCompany {
            company_id: Some(company_id.into()),
            ..Default::default()
        }]),
        ..Default::default()
    }
}

#[tokio::test]
async fn create_company_then_read_it_back() {
    let mock = mock().await;
    let client = client(&mock);

    let company = client
        .create_company()
        .request_body(acme())
        .await
        .expect("created company");

    let id = company.id.clone().expect("an id");
    assert_eq!(company.type_.as_deref(), Some("company"));
    assert_eq!(company.company_id.as_deref(), Some("acme"));
    assert_eq!(company.name.as_deref(), Some("Acme Corp"));
    assert_eq!(company.monthly_spend, Some(490.5.into()));
    assert_eq!(company.size, Some(120));
    assert_eq!(company.industry.as_deref(), Some("Manufacturing"));
    assert_eq!(company.user_count, Some(0));
    assert_eq!(company.custom_attributes, Some(object(json!({"seats": 5}))));
    let plan = company.plan.clone().expect("the plan name became a plan");
    assert_eq!(plan.type_.as_deref(), Some("plan"));
    assert_eq!(plan.name.as_deref(), Some("pro"));
    assert!(plan.id.is_some());
    assert_eq!(company.tags, Some(vec![]));

    assert_eq!(client.get_company(&id).await.expect("get_company"), company);
    let by_company_id = client
        .list_companies()
        .company_id("acme")
        .await
        .expect("by company_id");
    assert_eq!(by_company_id.companies, Some(vec![company.clone()]));
    let by_name = client
        .list_companies()
        .name("Acme Corp")
        .await
        .expect("by name");
    assert_eq!(by_name.companies, Some(vec![company.clone()]));
    let all = client.list_companies().await.expect("list_companies");
    assert_eq!(all.companies, Some(vec![company]));
    assert_eq!(all.total_count, Some(1));
}

#[tokio::test]
async fn update_company_changes_the_company_it_names() {
    let mock = mock().await;
    let client = client(&mock);
    let created = client
        .create_company()
        .request_body(acme())
        .await
        .expect("created");

    let updated = client
        .update_company()
        .company_id("acme")
        .plan("enterprise")
        .monthly_spend(990.0)
        .custom_attribute("region", "EU")
        .await
        .expect("updated by company_id");
    assert_eq!(updated.id, created.id, "the same company, not a new one");
    assert_eq!(updated.name.as_deref(), Some("Acme Corp"));
    assert_eq!(updated.monthly_spend, Some(990.0.into()));
    assert_eq!(
        updated.plan.as_ref().and_then(|p| p.name.as_deref()),
        Some("enterprise")
    );
    assert_ne!(
        updated.plan.as_ref().and_then(|p| p.id.clone()),
        created.plan.as_ref().and_then(|p| p.id.clone()),
        "another plan"
    );
    assert_eq!(
        updated.custom_attributes,
        Some(object(json!({"seats": 5, "region": "EU"})))
    );

    let id = created.id.clone().expect("id");
    let renamed = client
        .update_company()
        .id(&id)
        .name("Acme Corporation")
        .await
        .expect("updated by id");
    assert_eq!(renamed.name.as_deref(), Some("Acme Corporation"));
    assert_eq!(client.get_company(&id).await.expect("get_company"), renamed);
    assert!(renamed.updated_at >= created.updated_at);

    // create_company with a known company_id updates too.
    let again = client
        .create_company()
        .company_id("acme")
        .size(130)
        .await
        .expect("upserted");
    assert_eq!(again.id.as_deref(), Some(id.as_str()));
    assert_eq!(again.size, Some(130));
    let all = client.list_companies().await.expect("list_companies");
    assert_eq!(all.total_count, Some(1));
}

#[tokio::test]
async fn list_companies_streams_sixty_companies_over_two_pages() {
    let mock = seeded_with(json!({ "companies": companies_json(60) })).await;
    let client = client(&mock);

    let before = mock.request_count();
    let companies: Vec<Company> = client
        .list_companies()
        .stream()
        .try_collect()
        .await
        .expect("streaming the companies");
    assert_eq!(mock.request_count() - before, 2, "50 + 10");
    let newest_first: Vec<String> = (0..60).rev().map(|i| format!("c-{i:02}")).collect();
    assert_eq!(company_ids(&companies), newest_first);

    let ascending: Vec<_> = client
        .list_companies()
        .order(Order::Asc)
        .pages()
        .try_collect()
        .await
        .expect("pages, oldest first");
    assert_eq!(ascending.len(), 2);
    let first = ascending[0].companies.as_deref().expect("companies");
    assert_eq!(company_ids(first)[..2], ["c-00", "c-01"]);
    assert_eq!(ascending[0].total_count, Some(60));

    let second_page = client
        .list_companies()
        .per_page(50)
        .page(2)
        .await
        .expect("page 2");
    assert_eq!(second_page.companies.as_ref().map(Vec::len), Some(10));
    assert_eq!(
        second_page.pages.as_ref().and_then(|p| p.next.clone()),
        None
    );
}

#[tokio::test]
async fn list_companies_filters_by_segment() {
    let mock = seeded(
        r#"{"companies": [
            {"company_id": "acme", "segments": [{"type": "segment", "id": "3001", "name": "Active"}]},
            {"company_id": "globex"}]}"#,
    )
    .await;
    let client = client(&mock);

    let active = client
        .list_companies()
        .segment_id("3001")
        .await
        .expect("companies in segment 3001");
    let companies = active.companies.expect("companies");
    assert_eq!(company_ids(&companies), ["acme"]);
    let segments = companies[0].segments.clone().expect("segments");
    assert_eq!(segments[0].name.as_deref(), Some("Active"));
}

#[tokio::test]
async fn scroll_companies_streams_every_company_once() {
    let mock = seeded_with(json!({ "companies": companies_json(150) })).await;
    let client = client(&mock);

    let before = mock.request_count();
    let companies: Vec<Company> = client
        .scroll_companies()
        .stream()
        .try_collect()
        .await
        .expect("scrolling the companies");
    assert_eq!(mock.request_count() - before, 3, "100 + 50, then empty");
    let ids: HashSet<&str> = company_ids(&companies).into_iter().collect();
    assert_eq!((companies.len(), ids.len()), (150, 150));

    let first = client.scroll_companies().await.expect("a new scroll");
    let param = first.scroll_param.expect("scroll_param");
    let rest: Vec<Company> = client
        .scroll_companies()
        .scroll(&param)
        .stream()
        .try_collect()
        .await
        .expect("the rest of an open scroll");
    assert_eq!(rest.len(), 50, "continues after the first batch of 100");
}

#[tokio::test]
async fn list_users_for_company_lists_its_members() {
    let mock = mock().await;
    let client = client(&mock);
    let ada = client
        .create_user()
        .request_body(member("u-1", "acme"))
        .await
        .expect("ada");
    let grace = client
        .create_user()
        .request_body(member("u-2", "acme"))
        .await
        .expect("grace");
    client
        .create_user()
        .request_body(member("u-3", "globex"))
        .await
        .expect("alan");
    let acme = client
        .list_companies()
        .company_id("acme")
        .await
        .expect("acme, created with its first user");
    let acme = acme.companies.expect("companies").remove(0);
    let acme_id = acme.id.clone().expect("id");
    assert_eq!(acme.user_count, Some(2));

    let page = client
        .list_users_for_company(&acme_id)
        .await
        .expect("acme's users");
    assert_eq!(page.users, Some(vec![ada.clone(), grace.clone()]));
    assert_eq!(page.total_count, Some(2));
    let streamed: Vec<User> = client
        .list_users_for_company(&acme_id)
        .stream()
        .try_collect()
        .await
        .expect("streamed");
    assert_eq!(streamed, [ada, grace]);

    // Archiving a member takes it off the list and the count.
    client
        .archive_user()
        .user_id("u-1")
        .await
        .expect("archived");
    let page = client
        .list_users_for_company(&acme_id)
        .await
        .expect("after archiving");
    let users = page.users.expect("users");
    assert_eq!(users.len(), 1);
    assert_eq!(users[0].user_id.as_deref(), Some("u-2"));
    let acme = client.get_company(&acme_id).await.expect("acme");
    assert_eq!(acme.user_count, Some(1));
}

#[tokio::test]
async fn company_errors_come_back_as_api_errors_naming_the_field() {
    let mock = mock().await;
    let client = client(&mock);

    let missing = api_error(
        client.create_company().name("No id").await,
        400,
        "parameter_not_found",
    );
    assert_eq!(field(&missing), Some("company_id"));

    let unknown = api_error(
        client
            .update_company()
            .request_body(UpdateCompanyRequest {
                company_id: Some("acme".into()),
                extra: object(json!({"employees": 12})),
                ..Default::default()
            })
            .await,
        400,
        "parameter_invalid",
    );
    assert_eq!(field(&unknown), Some("employees"));

    api_error(
        client.get_company("5d0000000000000000009999").await,
        404,
        "company_not_found",
    );
    let none = client.list_companies().await.expect("list_companies");
    assert_eq!(none.total_count, Some(0), "nothing was stored");
}
