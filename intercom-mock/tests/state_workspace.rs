//! The workspace: admins, `/me`, away mode, teams, segments, data attributes and counts.

mod support;

use intercom_mock::{MockServer, Seed};
use serde_json::{Value, json};
use support::{Api, code, field, items, start, start_with, texts};

#[tokio::test]
async fn admins_are_listed_and_found_by_id() {
    let mock = start().await;
    let list = mock.fetched("/admins").await;
    assert_eq!(list["type"], "admin.list");
    assert_eq!(texts(&list, "admins", "id"), ["1001", "1002"]);
    assert_eq!(items(&list, "admins")[0]["type"], "admin");
    assert_eq!(list.get("pages"), None, "one response holds them all");

    let grace = mock.fetched("/admins/1002").await;
    assert_eq!(grace["name"], "Grace Support");
    assert_eq!(grace["email"], "grace@example.com");
    let (status, _, body) = mock.get("/admins/999").await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(code(&body), "admin_not_found");
}

#[tokio::test]
async fn me_is_the_first_admin_with_the_app() {
    let mock = start().await;
    let me = mock.fetched("/me").await;
    assert_eq!(me["type"], "admin");
    assert_eq!(me["id"], "1001");
    assert_eq!(me["app"]["type"], "app");
    assert_eq!(me["app"]["id_code"], "mockapp1");
    assert_eq!(
        mock.fetched("/admins/1001").await.get("app"),
        None,
        "only /me adds it"
    );
}

#[tokio::test]
async fn away_mode_is_set_and_kept() {
    let mock = start().await;
    let (status, _, admin) = mock
        .put(
            "/admins/1002/away",
            json!({ "away_mode_enabled": true, "away_mode_reassign": true }),
        )
        .await;
    assert_eq!(status, 200, "{admin}");
    assert_eq!(admin["id"], "1002");
    assert_eq!(admin["away_mode_enabled"], true);
    assert_eq!(admin["away_mode_reassign"], true);
    let fetched = mock.fetched("/admins/1002").await;
    assert_eq!(fetched["away_mode_enabled"], true);
    assert_eq!(
        mock.fetched("/admins/1001").await["away_mode_enabled"],
        false
    );

    let (status, _, body) = mock
        .put(
            "/admins/999/away",
            json!({ "away_mode_enabled": true, "away_mode_reassign": false }),
        )
        .await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(code(&body), "admin_not_found");
    let (status, _, body) = mock
        .put("/admins/1001/away", json!({ "away_mode_enabled": true }))
        .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(field(&body), "away_mode_reassign");
    assert_eq!(
        mock.fetched("/admins/1001").await["away_mode_enabled"],
        false
    );
}

#[tokio::test]
async fn teams_are_listed_and_found_by_id() {
    let mock = start().await;
    let list = mock.fetched("/teams").await;
    assert_eq!(list["type"], "team.list");
    assert_eq!(texts(&list, "teams", "id"), ["2001"]);
    let team = mock.fetched("/teams/2001").await;
    assert_eq!(team["type"], "team");
    assert_eq!(team["name"], "Support");
    assert_eq!(team["admin_ids"], json!([1001, 1002]));
    let (status, _, body) = mock.get("/teams/999").await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(code(&body), "not_found");
}

/// The default seed plus a company segment 3100 that the company `c1` (Acme) is in.
async fn with_company_segment() -> Api {
    let mut seed = Seed::default();
    seed.segments.push(json!({
        "type": "segment", "id": "3100", "name": "Big accounts", "person_type": "company",
    }));
    seed.companies = vec![
        json!({ "company_id": "c1", "name": "Acme", "segments": [{ "type": "segment", "id": "3100" }] }),
        json!({ "company_id": "c2", "name": "Globex" }),
    ];
    start_with(MockServer::builder().seed(seed)).await
}

#[tokio::test]
async fn segments_are_listed_by_kind_with_counts_on_request() {
    let mock = with_company_segment().await;
    for (user_id, segments) in [
        ("u1", vec!["3001"]),
        ("u2", vec!["3001", "3002"]),
        ("u3", vec![]),
    ] {
        let segments: Vec<Value> = segments.iter().map(|id| json!({ "id": id })).collect();
        mock.created(
            "/users",
            json!({ "user_id": user_id, "segments": segments }),
        )
        .await;
    }

    let list = mock.fetched("/segments").await;
    assert_eq!(list["type"], "segment.list");
    assert_eq!(texts(&list, "segments", "id"), ["3001", "3002", "3003"]);
    assert!(
        items(&list, "segments")
            .iter()
            .all(|s| s.get("count").is_none()),
        "{list}"
    );

    let counted = mock.fetched("/segments?include_count=true").await;
    let counts: Vec<&Value> = items(&counted, "segments")
        .iter()
        .map(|s| &s["count"])
        .collect();
    assert_eq!(counts, [&json!(2), &json!(1), &json!(0)]);

    let companies = mock
        .fetched("/segments?type=company&include_count=true")
        .await;
    assert_eq!(texts(&companies, "segments", "id"), ["3100"]);
    assert_eq!(items(&companies, "segments")[0]["count"], 1);

    let one = mock.fetched("/segments/3002?include_count=true").await;
    assert_eq!((&one["name"], &one["count"]), (&json!("New"), &json!(1)));
    assert_eq!(mock.fetched("/segments/3002").await.get("count"), None);
    let (status, _, body) = mock.get("/segments/999").await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(code(&body), "not_found");
}

#[tokio::test]
async fn data_attributes_are_listed_per_model_archived_ones_on_request() {
    let mock = start().await;
    let customer = mock.fetched("/data_attributes?model=customer").await;
    assert_eq!(customer["type"], "list");
    let names = texts(&customer, "data_attributes", "name");
    assert!(names.contains(&"email".to_owned()), "{names:?}");
    assert!(
        !names.contains(&"legacy_score".to_owned()),
        "archived: {names:?}"
    );
    assert!(
        items(&customer, "data_attributes")
            .iter()
            .all(|a| a["model"] == "customer" && a["type"] == "data_attribute"),
        "{customer}"
    );

    let all = mock
        .fetched("/data_attributes?model=customer&include_archived=true")
        .await;
    let all_names = texts(&all, "data_attributes", "name");
    assert_eq!(all_names.len(), names.len() + 1);
    assert!(
        all_names.contains(&"legacy_score".to_owned()),
        "{all_names:?}"
    );

    let company = mock.fetched("/data_attributes?model=company").await;
    assert_eq!(company["type"], "list");
    let company_names = texts(&company, "data_attributes", "name");
    assert!(
        company_names.contains(&"monthly_spend".to_owned()),
        "{company_names:?}"
    );
    assert!(
        items(&company, "data_attributes")
            .iter()
            .all(|a| a["model"] == "company"),
        "{company}"
    );
}

#[tokio::test]
async fn counts_are_computed_from_the_state() {
    let mock = with_company_segment().await;
    let hash = mock.fetched("/counts").await;
    assert_eq!(
        hash,
        json!({
            "type": "count.hash",
            "company": { "count": 2 }, "user": { "count": 0 }, "lead": { "count": 0 },
            "tag": { "count": 0 }, "segment": { "count": 4 },
        })
    );

    for user_id in ["u1", "u2"] {
        mock.created(
            "/users",
            json!({ "user_id": user_id, "companies": [{ "company_id": "c1" }], "segments": [{ "id": "3002" }] }),
        )
        .await;
    }
    mock.created("/contacts", json!({ "name": "Lee" })).await;
    mock.created(
        "/tags",
        json!({ "name": "VIP", "users": [{ "user_id": "u1" }] }),
    )
    .await;
    mock.created("/tags", json!({ "name": "Churned" })).await;
    mock.created(
        "/tags",
        json!({ "name": "Churned", "companies": [{ "company_id": "c2" }] }),
    )
    .await;

    let hash = mock.fetched("/counts").await;
    assert_eq!(hash["user"], json!({ "count": 2 }));
    assert_eq!(hash["lead"], json!({ "count": 1 }));
    assert_eq!(hash["tag"], json!({ "count": 2 }));

    let users_per_company = mock.fetched("/counts?type=company&count=user").await;
    assert_eq!(
        users_per_company,
        json!({ "type": "count", "company": { "user": [{ "Acme": 2 }, { "Globex": 0 }] } })
    );
    let users_per_tag = mock.fetched("/counts?type=user&count=tag").await;
    assert_eq!(
        users_per_tag,
        json!({ "type": "count", "user": { "tag": [{ "VIP": 1 }, { "Churned": 0 }] } })
    );
    let companies_per_tag = mock.fetched("/counts?type=company&count=tag").await;
    assert_eq!(
        companies_per_tag["company"]["tag"],
        json!([{ "VIP": 0 }, { "Churned": 1 }])
    );
    let users_per_segment = mock.fetched("/counts?type=user&count=segment").await;
    assert_eq!(
        users_per_segment["user"]["segment"],
        json!([{ "Active": 0 }, { "New": 2 }, { "Warm leads": 0 }])
    );
    let companies_per_segment = mock.fetched("/counts?type=company&count=segment").await;
    assert_eq!(
        companies_per_segment["company"]["segment"],
        json!([{ "Big accounts": 1 }])
    );

    for (status_query, field_name) in [
        ("type=user", "count"),
        ("count=tag", "type"),
        ("type=conversation&count=tag", "count"),
    ] {
        let (status, _, body) = mock.get(&format!("/counts?{status_query}")).await;
        assert_eq!(status, 400, "{status_query}: {body}");
        assert_eq!(field(&body), field_name, "{status_query}");
    }
}

#[tokio::test]
async fn conversation_counts_split_open_closed_and_assignees() {
    let conversation = |open: bool, assignee: Value| {
        json!({
            "open": open, "state": if open { "open" } else { "closed" }, "assignee": assignee,
            "customers": [{ "type": "user", "id": "5d0000000000000000000abc" }],
        })
    };
    let ada = json!({ "type": "admin", "id": "1001" });
    let seed = Seed {
        users: vec![json!({ "id": "5d0000000000000000000abc", "user_id": "u1" })],
        conversations: vec![
            conversation(true, ada.clone()),
            conversation(true, json!({ "type": "nobody_admin", "id": null })),
            conversation(true, json!({ "type": "nobody_admin", "id": null })),
            conversation(false, ada),
            conversation(false, json!({ "type": "admin", "id": "1002" })),
        ],
        ..Seed::default()
    };
    let mock = start_with(MockServer::builder().seed(seed)).await;
    let totals = mock.fetched("/counts?type=conversation").await;
    assert_eq!(
        totals,
        json!({
            "type": "count",
            "conversation": { "open": 3, "closed": 2, "unassigned": 2, "assigned": 1 },
        })
    );
    let per_admin = mock.fetched("/counts?type=conversation&count=admin").await;
    assert_eq!(
        per_admin,
        json!({
            "type": "count",
            "conversation": { "admin": [
                { "id": "1001", "name": "Ada Admin", "open": 1, "closed": 1 },
                { "id": "1002", "name": "Grace Support", "open": 0, "closed": 1 },
            ] },
        })
    );
}

#[tokio::test]
async fn activity_logs_are_still_sampled() {
    assert!(intercom_mock::sampled_operations().contains(&"list_activity_logs_for_admin"));
    for handled in [
        "list_admins",
        "get_count",
        "post_reply",
        "create_tag",
        "create_event",
    ] {
        assert!(
            !intercom_mock::sampled_operations().contains(&handled),
            "{handled}"
        );
    }
    let mock = start().await;
    let logs = mock
        .fetched("/admins/activity_logs?created_at_after=0")
        .await;
    assert_eq!(logs["type"], "activity_log.list");
}
