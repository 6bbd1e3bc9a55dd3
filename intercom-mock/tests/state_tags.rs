//! Tags: one per name, renaming, tagging and untagging users, leads and companies, deletion.

mod support;

use serde_json::json;
use support::{code, field, id, items, start, texts};

#[tokio::test]
async fn a_tag_is_created_once_per_name_whatever_the_case() {
    let mock = start().await;
    let tag = mock.created("/tags", json!({ "name": "VIP" })).await;
    assert_eq!(tag["type"], "tag");
    assert_eq!(tag["name"], "VIP");
    let again = mock.created("/tags", json!({ "name": "vip" })).await;
    assert_eq!(again["id"], tag["id"], "the same tag");
    assert_eq!(again["name"], "VIP", "the first spelling stays");
    mock.created("/tags", json!({ "name": "Churned" })).await;

    let list = mock.fetched("/tags").await;
    assert_eq!(list["type"], "tag.list");
    assert_eq!(texts(&list, "tags", "name"), ["VIP", "Churned"]);
    assert_eq!(items(&list, "tags")[0]["type"], "tag");

    let (status, _, body) = mock.post("/tags", json!({})).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(code(&body), "parameter_not_found");
    assert_eq!(field(&body), "name");
}

#[tokio::test]
async fn a_tag_with_an_id_is_renamed_where_it_is_listed_too() {
    let mock = start().await;
    let user = mock.user("u1", "ada@example.com").await;
    let tag = mock
        .created(
            "/tags",
            json!({ "name": "Trial", "users": [{ "id": id(&user) }] }),
        )
        .await;
    let renamed = mock
        .created("/tags", json!({ "id": id(&tag), "name": "Paid" }))
        .await;
    assert_eq!(renamed["id"], tag["id"]);
    assert_eq!(renamed["name"], "Paid");
    assert_eq!(
        texts(&mock.fetched("/tags").await, "tags", "name"),
        ["Paid"]
    );
    let user = mock.fetched(&format!("/users/{}", id(&user))).await;
    assert_eq!(texts(&user, "tags", "name"), ["Paid"]);

    let (status, _, body) = mock
        .post("/tags", json!({ "id": "no-such-tag", "name": "X" }))
        .await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(code(&body), "not_found");

    mock.created("/tags", json!({ "name": "Other" })).await;
    let (status, _, body) = mock
        .post("/tags", json!({ "id": id(&tag), "name": "OTHER" }))
        .await;
    assert_eq!(status, 400, "a name another tag has: {body}");
    assert_eq!(field(&body), "name");
}

#[tokio::test]
async fn users_and_leads_are_tagged_and_untagged_by_any_identifier() {
    let mock = start().await;
    let ada = mock.user("u1", "ada@example.com").await;
    let grace = mock.user("u2", "grace@example.com").await;
    let linus = mock.user("u3", "linus@example.com").await;
    let lead = mock.created("/contacts", json!({ "name": "Lee" })).await;

    let tag = mock
        .created(
            "/tags",
            json!({
                "name": "Beta",
                "users": [
                    { "id": id(&ada) },
                    { "user_id": "u2" },
                    { "email": "linus@example.com" },
                    { "id": id(&lead) },
                ],
            }),
        )
        .await;
    assert_eq!(tag["name"], "Beta");
    assert_eq!(
        texts(&mock.fetched("/tags").await, "tags", "id"),
        [id(&tag)]
    );

    let ada_now = mock.fetched(&format!("/users/{}", id(&ada))).await;
    assert_eq!(ada_now["tags"]["type"], "tag.list");
    assert_eq!(
        items(&ada_now, "tags"),
        &vec![json!({ "type": "tag", "id": id(&tag), "name": "Beta" })]
    );
    let lead_now = mock.fetched(&format!("/contacts/{}", id(&lead))).await;
    assert_eq!(texts(&lead_now, "tags", "id"), [id(&tag)]);

    // Tagging twice lists the tag once; untag and tag mix in one request.
    mock.created(
        "/tags",
        json!({
            "name": "beta",
            "users": [
                { "user_id": "u1" },
                { "user_id": "u2", "untag": true },
                { "id": id(&lead), "untag": true },
            ],
        }),
    )
    .await;
    let tagged = |user: serde_json::Value| texts(&user, "tags", "id").len();
    assert_eq!(
        tagged(mock.fetched(&format!("/users/{}", id(&ada))).await),
        1
    );
    assert_eq!(
        tagged(mock.fetched(&format!("/users/{}", id(&grace))).await),
        0
    );
    assert_eq!(
        tagged(mock.fetched(&format!("/users/{}", id(&linus))).await),
        1
    );
    assert_eq!(
        tagged(mock.fetched(&format!("/contacts/{}", id(&lead))).await),
        0
    );
}

#[tokio::test]
async fn tagging_an_unknown_user_changes_nothing() {
    let mock = start().await;
    let ada = mock.user("u1", "ada@example.com").await;
    let (status, _, body) = mock
        .post(
            "/tags",
            json!({ "name": "Beta", "users": [{ "user_id": "u1" }, { "email": "nobody@example.com" }] }),
        )
        .await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(code(&body), "not_found");
    assert_eq!(field(&body), "users[1]");
    let ada = mock.fetched(&format!("/users/{}", id(&ada))).await;
    assert!(items(&ada, "tags").is_empty(), "{ada}");

    let (status, _, body) = mock
        .post(
            "/tags",
            json!({ "name": "Beta", "users": [{ "untag": true }] }),
        )
        .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(field(&body), "users[0].id");
}

#[tokio::test]
async fn companies_are_tagged_by_id_or_company_id_and_found_by_tag() {
    let mock = start().await;
    let acme = mock.company("c1", "Acme").await;
    let globex = mock.company("c2", "Globex").await;
    let tag = mock
        .created(
            "/tags",
            json!({ "name": "Enterprise", "companies": [{ "id": id(&acme) }, { "company_id": "c2" }] }),
        )
        .await;
    let acme_now = mock.fetched(&format!("/companies/{}", id(&acme))).await;
    assert_eq!(acme_now["tags"]["type"], "tag.list");
    assert_eq!(texts(&acme_now, "tags", "name"), ["Enterprise"]);
    let by_tag = mock
        .fetched(&format!("/companies?tag_id={}", id(&tag)))
        .await;
    assert_eq!(by_tag["total_count"], 2);

    mock.created(
        "/tags",
        json!({ "id": id(&tag), "companies": [{ "company_id": "c2", "untag": true }] }),
    )
    .await;
    let by_tag = mock
        .fetched(&format!("/companies?tag_id={}", id(&tag)))
        .await;
    assert_eq!(texts(&by_tag, "companies", "id"), [id(&acme)]);
    let globex_now = mock.fetched(&format!("/companies/{}", id(&globex))).await;
    assert!(items(&globex_now, "tags").is_empty());

    let (status, _, body) = mock
        .post(
            "/tags",
            json!({ "name": "X", "companies": [{ "company_id": "nope" }] }),
        )
        .await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(code(&body), "company_not_found");

    let (status, _, body) = mock
        .post(
            "/tags",
            json!({ "name": "X", "companies": [{ "company_id": "c1" }], "users": [{ "id": "x" }] }),
        )
        .await;
    assert_eq!(status, 400, "users and companies in one request: {body}");
    assert_eq!(code(&body), "bad_request");
}

#[tokio::test]
async fn a_deleted_tag_leaves_every_list_and_answers_an_empty_body() {
    let mock = start().await;
    let ada = mock.user("u1", "ada@example.com").await;
    let acme = mock.company("c1", "Acme").await;
    let keep = mock
        .created(
            "/tags",
            json!({ "name": "Keep", "users": [{ "user_id": "u1" }] }),
        )
        .await;
    let gone = mock
        .created(
            "/tags",
            json!({ "name": "Gone", "users": [{ "user_id": "u1" }] }),
        )
        .await;
    mock.created(
        "/tags",
        json!({ "name": "Gone", "companies": [{ "company_id": "c1" }] }),
    )
    .await;

    let (status, _, body) = mock.delete(&format!("/tags/{}", id(&gone))).await;
    assert_eq!((status, body), (200, serde_json::Value::Null));
    assert_eq!(
        texts(&mock.fetched("/tags").await, "tags", "name"),
        ["Keep"]
    );
    let ada = mock.fetched(&format!("/users/{}", id(&ada))).await;
    assert_eq!(texts(&ada, "tags", "id"), [id(&keep)]);
    let acme = mock.fetched(&format!("/companies/{}", id(&acme))).await;
    assert!(items(&acme, "tags").is_empty(), "{acme}");

    let (status, _, body) = mock.delete(&format!("/tags/{}", id(&gone))).await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(code(&body), "not_found");
}
