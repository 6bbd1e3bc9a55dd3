//! Users, leads and visitors: upserts, lookups, lists, deletion and conversion.

mod support;

use intercom_mock::{MockServer, Seed};
use serde_json::{Value, json};
use support::{Api, error, ids, start, start_with};

#[tokio::test]
async fn creating_a_user_answers_the_api_shape() {
    let api = start().await;
    let user = api
        .created(
            "/users",
            json!({"user_id": "u1", "email": "ada@example.com", "name": "Ada",
                   "custom_attributes": {"plan": "pro"}}),
        )
        .await;
    assert_eq!(user["type"], "user");
    assert!(
        user["id"].as_str().is_some_and(|id| !id.is_empty()),
        "{user}"
    );
    assert_eq!(user["user_id"], "u1");
    assert_eq!(user["email"], "ada@example.com");
    assert_eq!(user["name"], "Ada");
    assert_eq!(user["anonymous"], false);
    assert_eq!(user["custom_attributes"], json!({"plan": "pro"}));
    for (key, list_type) in [
        ("companies", "company.list"),
        ("tags", "tag.list"),
        ("segments", "segment.list"),
        ("social_profiles", "social_profile.list"),
    ] {
        assert_eq!(user[key]["type"], list_type, "{user}");
        assert_eq!(user[key][key], json!([]), "{user}");
    }
    assert!(
        user["created_at"].is_i64() && user["updated_at"].is_i64(),
        "{user}"
    );
    assert_eq!(
        api.fetched(&format!("/users/{}", user["id"].as_str().unwrap()))
            .await,
        user
    );
}

#[tokio::test]
async fn posting_the_same_user_id_or_email_updates_the_user() {
    let api = start().await;
    let first = api
        .created(
            "/users",
            json!({"user_id": "u1", "email": "ada@example.com",
                   "custom_attributes": {"a": 1, "b": 2}}),
        )
        .await;
    let by_user_id = api
        .created(
            "/users",
            json!({"user_id": "u1", "name": "Ada", "custom_attributes": {"b": 3, "c": 4}}),
        )
        .await;
    assert_eq!(by_user_id["id"], first["id"]);
    assert_eq!(by_user_id["name"], "Ada");
    assert_eq!(by_user_id["email"], "ada@example.com");
    assert_eq!(
        by_user_id["custom_attributes"],
        json!({"a": 1, "b": 3, "c": 4})
    );

    let by_email = api
        .created(
            "/users",
            json!({"email": "ada@example.com", "phone": "+353 1 555"}),
        )
        .await;
    assert_eq!(by_email["id"], first["id"]);
    assert_eq!(by_email["phone"], "+353 1 555");
    assert_eq!(by_email["name"], "Ada");
    assert_eq!(api.fetched("/users").await["total_count"], 1);
}

#[tokio::test]
async fn a_user_needs_a_user_id_or_an_email() {
    let api = start().await;
    let (status, _, body) = api.post("/users", json!({"name": "Nobody"})).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["type"], "error.list");
    assert_eq!(api.fetched("/users").await["total_count"], 0);
}

#[tokio::test]
async fn companies_in_a_user_body_are_created_and_linked() {
    let api = start().await;
    let user = api
        .created(
            "/users",
            json!({"user_id": "u1", "companies": [{"company_id": "c1", "name": "Acme"}]}),
        )
        .await;
    let linked = &user["companies"]["companies"];
    assert_eq!(linked.as_array().map(Vec::len), Some(1), "{user}");
    assert_eq!(linked[0]["company_id"], "c1");
    let company_id = linked[0]["id"]
        .as_str()
        .expect("the company's id")
        .to_owned();

    let company = api.fetched(&format!("/companies/{company_id}")).await;
    assert_eq!(company["name"], "Acme");
    assert_eq!(company["user_count"], 1);
    let members = api.fetched(&format!("/companies/{company_id}/users")).await;
    assert_eq!(members["type"], "user.list");
    assert_eq!(ids(&members["users"]), [user["id"].as_str().unwrap()]);

    // Posting the same link again does not count the user twice.
    api.created(
        "/users",
        json!({"user_id": "u1", "companies": [{"company_id": "c1"}]}),
    )
    .await;
    let company = api.fetched(&format!("/companies/{company_id}")).await;
    assert_eq!(company["user_count"], 1);
}

#[tokio::test]
async fn a_company_the_user_body_cannot_create_leaves_nothing_behind() {
    let api = start().await;
    let body = json!({"user_id": "u1", "companies": [{"name": "No id"}]});
    let (status, _, answer) = api.post("/users", body).await;
    assert_eq!(status, 400, "{answer}");
    assert_eq!(support::field(&answer), "companies[0].company_id");
    assert_eq!(api.fetched("/users").await["total_count"], 0);
}

#[tokio::test]
async fn users_are_found_by_id_user_id_and_email() {
    let api = start().await;
    let user = api
        .created(
            "/users",
            json!({"user_id": "u1", "email": "ada@example.com"}),
        )
        .await;
    api.created(
        "/users",
        json!({"user_id": "u2", "email": "bob@example.com"}),
    )
    .await;
    let id = user["id"].as_str().unwrap();

    assert_eq!(api.fetched(&format!("/users/{id}")).await["user_id"], "u1");
    let (status, _, body) = api.get("/users/5d0000000000000000009999").await;
    assert_eq!(status, 404);
    error(&body, "not_found");

    let single = api.fetched("/users?user_id=u1").await;
    assert_eq!(
        (single["type"].as_str(), single["id"].as_str()),
        (Some("user"), Some(id))
    );
    let (status, _, _) = api.get("/users?user_id=nobody").await;
    assert_eq!(status, 404);

    let by_email = api.fetched("/users?email=ada%40example.com").await;
    assert_eq!(by_email["type"], "user.list");
    assert_eq!(ids(&by_email["users"]), [id]);
}

#[tokio::test]
async fn archiving_a_user_by_email_removes_it() {
    let api = start().await;
    let user = api
        .created(
            "/users",
            json!({"user_id": "u1", "email": "ada@example.com"}),
        )
        .await;
    let (status, _, archived) = api.delete("/users?email=ada@example.com").await;
    assert_eq!(status, 200, "{archived}");
    assert_eq!(archived["id"], user["id"]);
    let (status, _, _) = api
        .get(&format!("/users/{}", user["id"].as_str().unwrap()))
        .await;
    assert_eq!(status, 404);
    assert_eq!(api.delete("/users?email=ada@example.com").await.0, 404);

    api.created("/users", json!({"user_id": "u2"})).await;
    assert_eq!(api.delete("/users?user_id=u2").await.0, 200);
    assert_eq!(api.fetched("/users").await["total_count"], 0);
}

fn is_uuid(text: &str) -> bool {
    let groups: Vec<usize> = text.split('-').map(str::len).collect();
    groups == [8, 4, 4, 4, 12] && text.chars().all(|c| c == '-' || c.is_ascii_hexdigit())
}

#[tokio::test]
async fn an_empty_lead_gets_a_generated_user_id() {
    let api = start().await;
    let lead = api.created("/contacts", json!({})).await;
    assert_eq!(lead["type"], "contact");
    assert_eq!(lead["anonymous"], true);
    let user_id = lead["user_id"].as_str().expect("a user_id");
    assert!(is_uuid(user_id), "{user_id}");
    let other = api.created("/contacts", json!({})).await;
    assert_ne!(other["user_id"], lead["user_id"]);
    assert_ne!(other["id"], lead["id"]);
}

#[tokio::test]
async fn leads_are_updated_by_id_or_user_id() {
    let api = start().await;
    let lead = api.created("/contacts", json!({"name": "Curious"})).await;
    let id = lead["id"].as_str().unwrap();
    let user_id = lead["user_id"].as_str().unwrap();

    let by_id = api
        .created("/contacts", json!({"id": id, "email": "c@example.com"}))
        .await;
    assert_eq!(by_id["id"], id);
    assert_eq!(by_id["email"], "c@example.com");
    let by_user_id = api
        .created("/contacts", json!({"user_id": user_id, "phone": "555"}))
        .await;
    assert_eq!(by_user_id["id"], id);
    assert_eq!(by_user_id["phone"], "555");
    assert_eq!(by_user_id["name"], "Curious");
    assert_eq!(api.fetched("/contacts").await["total_count"], 1);

    assert_eq!(
        api.fetched(&format!("/contacts/{id}")).await["phone"],
        "555"
    );
    let single = api.fetched(&format!("/contacts?user_id={user_id}")).await;
    assert_eq!(
        (single["type"].as_str(), single["id"].as_str()),
        (Some("contact"), Some(id))
    );
    assert_eq!(api.get("/contacts?user_id=nobody").await.0, 404);
}

#[tokio::test]
async fn leads_are_listed_filtered_by_email_and_phone() {
    let api = start().await;
    let a = api
        .created("/contacts", json!({"email": "a@example.com", "phone": "1"}))
        .await;
    let b = api
        .created("/contacts", json!({"email": "b@example.com", "phone": "1"}))
        .await;
    let all = api.fetched("/contacts").await;
    assert_eq!(all["type"], "contact.list");
    assert_eq!(all["total_count"], 2);
    let by_email = api.fetched("/contacts?email=a%40example.com").await;
    assert_eq!(ids(&by_email["contacts"]), [a["id"].as_str().unwrap()]);
    let mut by_phone = ids(&api.fetched("/contacts?phone=1").await["contacts"]);
    by_phone.sort();
    let mut both = vec![
        a["id"].as_str().unwrap().to_owned(),
        b["id"].as_str().unwrap().to_owned(),
    ];
    both.sort();
    assert_eq!(by_phone, both);
    assert_eq!(api.fetched("/contacts?phone=2").await["total_count"], 0);
}

#[tokio::test]
async fn leads_are_deleted_by_user_id_and_by_id() {
    let api = start().await;
    let a = api.created("/contacts", json!({})).await;
    let b = api.created("/contacts", json!({})).await;
    let path = format!("/contacts?user_id={}", a["user_id"].as_str().unwrap());
    let (status, _, deleted) = api.delete(&path).await;
    assert_eq!(status, 200, "{deleted}");
    assert_eq!(deleted["id"], a["id"]);
    assert_eq!(api.delete(&path).await.0, 404);

    let path = format!("/contacts/{}", b["id"].as_str().unwrap());
    let (status, _, deleted) = api.delete(&path).await;
    assert_eq!((status, &deleted["id"]), (200, &b["id"]));
    assert_eq!(api.get(&path).await.0, 404);
    assert_eq!(api.fetched("/contacts").await["total_count"], 0);

    let (status, _, body) = api.delete("/contacts").await;
    assert_eq!((status, support::field(&body)), (400, "user_id"), "{body}");
}

#[tokio::test]
async fn a_lead_converts_into_a_new_user() {
    let api = start().await;
    let lead = api
        .created(
            "/contacts",
            json!({"email": "lead@example.com", "custom_attributes": {"source": "ad"}}),
        )
        .await;
    let body = json!({"contact": {"user_id": lead["user_id"]}, "user": {"user_id": "u-new"}});
    let user = api.created("/contacts/convert", body).await;
    assert_eq!(user["type"], "user");
    assert_eq!(user["user_id"], "u-new");
    assert_eq!(user["email"], "lead@example.com");
    assert_eq!(user["anonymous"], false);
    assert_eq!(user["custom_attributes"]["source"], "ad");
    assert_eq!(
        api.get(&format!("/contacts/{}", lead["id"].as_str().unwrap()))
            .await
            .0,
        404
    );
    assert_eq!(api.fetched("/users?user_id=u-new").await["id"], user["id"]);
    assert_eq!(api.fetched("/users").await["total_count"], 1);
}

#[tokio::test]
async fn a_lead_converts_into_an_existing_user_by_merging() {
    let api = start().await;
    let existing = api
        .created(
            "/users",
            json!({"user_id": "u1", "email": "ada@example.com", "custom_attributes": {"a": 1}}),
        )
        .await;
    let lead = api
        .created(
            "/contacts",
            json!({"phone": "555", "custom_attributes": {"a": 9, "b": 2}}),
        )
        .await;
    let body = json!({"contact": {"id": lead["id"]}, "user": {"email": "ada@example.com"}});
    let user = api.created("/contacts/convert", body).await;
    assert_eq!(user["id"], existing["id"]);
    assert_eq!(user["user_id"], "u1");
    assert_eq!(
        user["phone"], "555",
        "the lead's fields the user lacked: {user}"
    );
    assert_eq!(user["custom_attributes"], json!({"a": 1, "b": 2}));
    assert_eq!(api.fetched("/users").await["total_count"], 1);
    assert_eq!(api.fetched("/contacts").await["total_count"], 0);

    let again = json!({"contact": {"id": lead["id"]}, "user": {"email": "ada@example.com"}});
    assert_eq!(api.post("/contacts/convert", again).await.0, 404);
}

async fn with_visitors() -> Api {
    let seed = Seed::from_json(
        r#"{"visitors": [
            {"id": "v1", "user_id": "visitor-1", "name": "Blue Fish"},
            {"id": "v2", "user_id": "visitor-2"},
            {"id": "v3", "user_id": "visitor-3", "custom_attributes": {"seen": 3}}
        ]}"#,
    )
    .expect("the seed");
    start_with(MockServer::builder().seed(seed)).await
}

#[tokio::test]
async fn visitors_are_read_updated_and_deleted() {
    let api = with_visitors().await;
    let visitor = api.fetched("/visitors/v1").await;
    assert_eq!(visitor["type"], "visitor");
    assert_eq!(visitor["user_id"], "visitor-1");
    assert_eq!(visitor["anonymous"], true);
    assert_eq!(api.get("/visitors/nobody").await.0, 404);

    let (status, _, updated) = api
        .put(
            "/visitors",
            json!({"user_id": "visitor-1", "name": "Red Fish"}),
        )
        .await;
    assert_eq!(status, 200, "{updated}");
    assert_eq!(
        (updated["id"].as_str(), updated["name"].as_str()),
        (Some("v1"), Some("Red Fish"))
    );
    let (status, _, updated) = api
        .put(
            "/visitors",
            json!({"id": "v1", "custom_attributes": {"k": "v"}}),
        )
        .await;
    assert_eq!(status, 200, "{updated}");
    assert_eq!(
        api.fetched("/visitors/v1").await["custom_attributes"],
        json!({"k": "v"})
    );
    assert_eq!(api.put("/visitors", json!({"id": "nobody"})).await.0, 404);

    let (status, _, deleted) = api.delete("/visitors/v1").await;
    assert_eq!((status, deleted["id"].as_str()), (200, Some("v1")));
    assert_eq!(api.get("/visitors/v1").await.0, 404);
}

#[tokio::test]
async fn a_visitor_converts_into_a_lead_or_a_user() {
    let api = with_visitors().await;
    let body = json!({"visitor": {"user_id": "visitor-2"}, "type": "lead"});
    let lead = api.created("/visitors/convert", body).await;
    assert_eq!(lead["type"], "contact");
    assert_eq!(lead["id"], "v2");
    assert_eq!(lead["user_id"], "visitor-2");
    assert_eq!(api.fetched("/contacts/v2").await["type"], "contact");
    assert_eq!(api.get("/visitors/v2").await.0, 404);

    let body = json!({"visitor": {"id": "v3"}, "type": "user",
                      "user": {"user_id": "u3", "email": "v3@example.com"}});
    let user = api.created("/visitors/convert", body).await;
    assert_eq!(user["type"], "user");
    assert_eq!(user["user_id"], "u3");
    assert_eq!(user["custom_attributes"]["seen"], 3);
    assert_eq!(api.get("/visitors/v3").await.0, 404);
    let found: Value = api.fetched("/users?user_id=u3").await;
    assert_eq!(found["id"], user["id"]);

    let bad_type = json!({"visitor": {"id": "v1"}, "type": "ghost"});
    let (status, _, body) = api.post("/visitors/convert", bad_type).await;
    assert_eq!((status, support::field(&body)), (400, "type"), "{body}");
    assert_eq!(
        api.fetched("/visitors/v1").await["id"],
        "v1",
        "a refused convert changes nothing"
    );
}

#[tokio::test]
async fn users_may_share_an_email() {
    let api = start().await;
    let ada = api
        .created(
            "/users",
            json!({"user_id": "u1", "email": "team@example.com"}),
        )
        .await;
    // Another user_id with the same email is another user; the first keeps its user_id.
    let bob = api
        .created(
            "/users",
            json!({"user_id": "u2", "email": "team@example.com"}),
        )
        .await;
    assert_ne!(bob["id"], ada["id"]);
    assert_eq!(api.fetched("/users?user_id=u1").await["id"], ada["id"]);
    assert_eq!(api.fetched("/users").await["total_count"], 2);

    let listed = api.fetched("/users?email=team%40example.com").await;
    assert_eq!(listed["type"], "user.list");
    assert_eq!(
        ids(&listed["users"]),
        [ada["id"].as_str().unwrap(), bob["id"].as_str().unwrap()]
    );

    // An email alone no longer says which user.
    let (status, _, body) = api
        .post("/users", json!({"email": "team@example.com", "name": "?"}))
        .await;
    assert_eq!(status, 409, "{body}");
    error(&body, "conflict");
    let (status, _, body) = api.delete("/users?email=team@example.com").await;
    assert_eq!(status, 409, "{body}");
    // With the user_id it does, and the other user stays.
    assert_eq!(
        api.delete("/users?user_id=u1&email=team@example.com")
            .await
            .2["id"],
        ada["id"]
    );
    let listed = api.fetched("/users?email=team%40example.com").await;
    assert_eq!(ids(&listed["users"]), [bob["id"].as_str().unwrap()]);
    assert_eq!(
        api.delete("/users?user_id=u1").await.0,
        404,
        "a user_id is not looked up by email"
    );
}

#[tokio::test]
async fn a_user_known_by_email_only_gets_its_user_id() {
    let api = start().await;
    let by_email = api
        .created("/users", json!({"email": "ada@example.com"}))
        .await;
    assert_eq!(by_email["user_id"], Value::Null);
    let identified = api
        .created(
            "/users",
            json!({"user_id": "u1", "email": "ada@example.com"}),
        )
        .await;
    assert_eq!(identified["id"], by_email["id"]);
    assert_eq!(identified["user_id"], "u1");
    assert_eq!(api.fetched("/users").await["total_count"], 1);
    assert_eq!(api.fetched("/users?user_id=u1").await["id"], by_email["id"]);
}

#[tokio::test]
async fn a_refused_conversion_keeps_the_lead() {
    let api = start().await;
    let lead = api
        .created("/contacts", json!({"email": "lead@example.com"}))
        .await;
    let (status, _, body) = api
        .post(
            "/contacts/convert",
            json!({"contact": {"id": lead["id"]}, "user": {}}),
        )
        .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(
        api.fetched(&format!("/contacts/{}", lead["id"].as_str().unwrap()))
            .await["id"],
        lead["id"]
    );
    assert_eq!(api.fetched("/users").await["total_count"], 0);
    let (status, _, _) = api
        .post(
            "/contacts/convert",
            json!({"contact": {"user_id": "nobody"}, "user": {"user_id": "u"}}),
        )
        .await;
    assert_eq!(status, 404);
    assert_eq!(api.fetched("/users").await["total_count"], 0);
}
