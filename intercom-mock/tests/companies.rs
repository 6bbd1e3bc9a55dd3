//! Companies: upserts by `company_id`, lookups (by id, `company_id` or name), lists (all, by
//! tag, by segment) and the users of a company.

mod support;

use serde_json::json;
use support::{error, ids, start};

#[tokio::test]
async fn a_company_is_created_and_updated_by_company_id() {
    let api = start().await;
    let created = api
        .created(
            "/companies",
            json!({"company_id": "c1", "name": "Acme", "plan": "pro", "monthly_spend": 49.5,
                   "custom_attributes": {"seats": 5}}),
        )
        .await;
    assert_eq!(created["type"], "company");
    let id = created["id"].as_str().expect("an id").to_owned();
    assert_eq!(created["company_id"], "c1");
    assert_eq!(created["monthly_spend"], 49.5);
    assert_eq!(created["user_count"], 0);
    let plan = &created["plan"];
    assert_eq!(plan["type"], "plan");
    assert_eq!(plan["name"], "pro");
    assert!(plan["id"].as_str().is_some_and(|p| !p.is_empty()), "{plan}");

    let updated = api
        .created(
            "/companies",
            json!({"company_id": "c1", "plan": "enterprise", "custom_attributes": {"tier": 2}}),
        )
        .await;
    assert_eq!(updated["id"], id.as_str());
    assert_eq!(updated["name"], "Acme");
    assert_eq!(
        (
            updated["plan"]["type"].as_str(),
            updated["plan"]["name"].as_str()
        ),
        (Some("plan"), Some("enterprise"))
    );
    assert_ne!(updated["plan"]["id"], plan["id"]);
    assert_eq!(updated["custom_attributes"], json!({"seats": 5, "tier": 2}));
    // The same plan name is the same plan.
    let again = api
        .created("/companies", json!({"company_id": "c2", "plan": "pro"}))
        .await;
    assert_eq!(again["plan"], *plan);

    let by_id = api
        .created("/companies", json!({"id": id, "name": "Acme Inc"}))
        .await;
    assert_eq!(by_id["company_id"], "c1");
    assert_eq!(
        api.fetched(&format!("/companies/{id}")).await["name"],
        "Acme Inc"
    );
    assert_eq!(api.fetched("/companies").await["total_count"], 2);
}

#[tokio::test]
async fn a_company_needs_a_company_id() {
    let api = start().await;
    let (status, _, body) = api.post("/companies", json!({"name": "Acme"})).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(support::field(&body), "company_id");
    let (status, _, body) = api
        .post("/companies", json!({"company_id": "c1", "size": "big"}))
        .await;
    assert_eq!((status, support::field(&body)), (400, "size"), "{body}");
}

#[tokio::test]
async fn companies_are_found_by_company_id_and_name() {
    let api = start().await;
    let acme = api
        .created("/companies", json!({"company_id": "c1", "name": "Acme"}))
        .await;
    api.created(
        "/companies",
        json!({"company_id": "c2", "name": "Globex Corp"}),
    )
    .await;

    let by_company_id = api.fetched("/companies?company_id=c1").await;
    assert_eq!(
        (by_company_id["type"].as_str(), &by_company_id["id"]),
        (Some("company"), &acme["id"])
    );
    let by_name = api.fetched("/companies?name=Globex%20Corp").await;
    assert_eq!(by_name["company_id"], "c2");

    let (status, _, body) = api.get("/companies?company_id=nope").await;
    assert_eq!(status, 404);
    error(&body, "company_not_found");
    let (status, _, body) = api.get("/companies/5d0000000000000000009999").await;
    assert_eq!(status, 404);
    error(&body, "company_not_found");
    let (status, _, body) = api.get("/companies/5d0000000000000000009999/users").await;
    assert_eq!(status, 404);
    error(&body, "company_not_found");
}

#[tokio::test]
async fn companies_are_listed_in_pages() {
    let api = start().await;
    let mut created = Vec::new();
    for i in 0..7 {
        let company = api
            .created(
                "/companies",
                json!({"company_id": format!("c{i}"), "name": format!("Company {i}")}),
            )
            .await;
        created.push(company["id"].as_str().unwrap().to_owned());
    }
    let first = api.fetched("/companies?per_page=5").await;
    assert_eq!(first["type"], "company.list");
    assert_eq!(first["total_count"], 7);
    assert_eq!(first["pages"]["total_pages"], 2);
    let next = first["pages"]["next"].as_str().expect("a next page");
    let second = api.fetched(next).await;
    assert_eq!(second["pages"]["next"], json!(null));
    let mut seen = ids(&first["companies"]);
    seen.extend(ids(&second["companies"]));
    created.reverse();
    assert_eq!(seen, created, "newest first");
    let asc = api.fetched("/companies?order=asc").await;
    created.reverse();
    assert_eq!(ids(&asc["companies"]), created);
}

#[tokio::test]
async fn companies_cannot_be_deleted_in_1x() {
    let api = start().await;
    let user = api
        .created(
            "/users",
            json!({"user_id": "u1", "companies": [{"company_id": "c1"}]}),
        )
        .await;
    let c1 = user["companies"]["companies"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    // The 1.x API has no company deletion: the path answers for no DELETE.
    let (status, _, body) = api.delete(&format!("/companies/{c1}")).await;
    assert_eq!(status, 404, "{body}");
    error(&body, "not_found");
    assert_eq!(
        api.fetched(&format!("/companies/{c1}")).await["user_count"],
        1
    );
    let user = api.fetched("/users?user_id=u1").await;
    assert_eq!(ids(&user["companies"]["companies"]), [c1.as_str()]);
}

#[tokio::test]
async fn archiving_a_user_uncounts_it_from_its_companies() {
    let api = start().await;
    api.created(
        "/users",
        json!({"user_id": "u1", "companies": [{"company_id": "c1"}]}),
    )
    .await;
    api.created(
        "/users",
        json!({"user_id": "u2", "companies": [{"company_id": "c1"}]}),
    )
    .await;
    assert_eq!(
        api.fetched("/companies?company_id=c1").await["user_count"],
        2
    );
    assert_eq!(api.delete("/users?user_id=u1").await.0, 200);
    let company = api.fetched("/companies?company_id=c1").await;
    assert_eq!(company["user_count"], 1);
    let members = api
        .fetched(&format!(
            "/companies/{}/users",
            company["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(members["users"][0]["user_id"], "u2");
    assert_eq!(members["total_count"], 1);
}
