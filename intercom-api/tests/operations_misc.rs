//! Tag, segment, note, event, admin, team, count and data-attribute operations against a
//! loopback server: what each one sends and what it decodes.

mod operations_support;

use intercom_api::types::{
    CountBreakdown, CountedType, CreateTagRequestCompany, CreateTagRequestUser, UserUpsert,
};
use operations_support::{admin_json, assert_one_request, client, serve_empty, serve_json};
use serde_json::{Map, Value, json};

fn attributes(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        other => panic!("not an object: {other}"),
    }
}

const ADMIN_ID: &str = "394051";
const USER_ID: &str = "5714dd359a3fd47136000001";

fn note_json(id: &str) -> Value {
    json!({
        "type": "note",
        "id": id,
        "created_at": 1_569_486_700,
        "body": "<p>Called about the September invoice</p>",
        "author": admin_json(ADMIN_ID, "ciaran@example.com"),
        "user": {"type": "user", "id": USER_ID}
    })
}

// Tags

#[tokio::test]
async fn create_tag_by_name() {
    let server = serve_json(200, json!({"type": "tag", "id": "2731457", "name": "vip"})).await;
    let result = client(&server).create_tag("vip").await;

    assert_one_request(&server, "POST", "/tags", &[], Some(json!({"name": "vip"}))).await;
    let tag = result.expect("tag");
    assert_eq!(tag.id.as_deref(), Some("2731457"));
    assert_eq!(tag.name.as_deref(), Some("vip"));
}

#[tokio::test]
async fn create_tag_tags_and_untags_users() {
    let server = serve_json(200, json!({"type": "tag", "id": "2731457", "name": "vip"})).await;
    let users = [
        CreateTagRequestUser {
            id: Some(USER_ID.to_owned()),
            ..Default::default()
        },
        CreateTagRequestUser {
            user_id: Some("26".to_owned()),
            ..Default::default()
        },
        CreateTagRequestUser {
            email: Some("grace@example.com".to_owned()),
            untag: Some(true),
            ..Default::default()
        },
    ];

    let result = client(&server).create_tag("vip").users(users).await;

    assert_one_request(
        &server,
        "POST",
        "/tags",
        &[],
        Some(json!({
            "name": "vip",
            "users": [
                {"id": USER_ID},
                {"user_id": "26"},
                {"email": "grace@example.com", "untag": true}
            ]
        })),
    )
    .await;
    assert_eq!(result.expect("tag").type_.as_deref(), Some("tag"));
}

#[tokio::test]
async fn create_tag_tags_companies() {
    let server = serve_json(
        200,
        json!({"type": "tag", "id": "2731460", "name": "enterprise"}),
    )
    .await;
    let companies = [
        CreateTagRequestCompany {
            company_id: Some("acme-1".to_owned()),
            ..Default::default()
        },
        CreateTagRequestCompany {
            id: Some("5d8b8e2f3c1a4b0012345679".to_owned()),
            untag: Some(true),
            ..Default::default()
        },
    ];

    let result = client(&server)
        .create_tag("enterprise")
        .companies(companies)
        .await;

    assert_one_request(
        &server,
        "POST",
        "/tags",
        &[],
        Some(json!({
            "name": "enterprise",
            "companies": [
                {"company_id": "acme-1"},
                {"id": "5d8b8e2f3c1a4b0012345679", "untag": true}
            ]
        })),
    )
    .await;
    assert_eq!(result.expect("tag").name.as_deref(), Some("enterprise"));
}

#[tokio::test]
async fn update_tag_renames_it() {
    let server = serve_json(
        200,
        json!({"type": "tag", "id": "2731457", "name": "very-important"}),
    )
    .await;
    let result = client(&server)
        .update_tag("2731457", "very-important")
        .await;

    assert_one_request(
        &server,
        "POST",
        "/tags",
        &[],
        Some(json!({"id": "2731457", "name": "very-important"})),
    )
    .await;
    assert_eq!(result.expect("tag").name.as_deref(), Some("very-important"));
}

#[tokio::test]
async fn delete_tag_answered_with_an_empty_body() {
    let server = serve_empty(200).await;

    let result = client(&server).delete_tag("2731457").await;

    assert_one_request(&server, "DELETE", "/tags/2731457", &[], None).await;
    assert_eq!(result.expect("deleted"), None);
}

#[tokio::test]
async fn delete_tag_answered_with_the_tag() {
    let server = serve_json(200, json!({"type": "tag", "id": "2731457", "name": "vip"})).await;

    let result = client(&server).delete_tag("2731457").await;

    assert_one_request(&server, "DELETE", "/tags/2731457", &[], None).await;
    let tag = result.expect("deleted").expect("a tag");
    assert_eq!(tag.name.as_deref(), Some("vip"));
}

#[tokio::test]
async fn list_tags() {
    let server = serve_json(
        200,
        json!({
            "type": "tag.list",
            "tags": [
                {"type": "tag", "id": "2731457", "name": "vip"},
                {"type": "tag", "id": "2731458", "name": "beta"},
                {"type": "tag", "id": "2731460", "name": "enterprise"}
            ]
        }),
    )
    .await;

    let result = client(&server).list_tags().await;

    assert_one_request(&server, "GET", "/tags", &[], None).await;
    let names: Vec<_> = result
        .expect("tag list")
        .tags
        .expect("tags")
        .into_iter()
        .filter_map(|t| t.name)
        .collect();
    assert_eq!(names, ["vip", "beta", "enterprise"]);
}

// Segments

#[tokio::test]
async fn get_segment_with_count() {
    let server = serve_json(
        200,
        json!({
            "type": "segment",
            "id": "5d2f1c0a9e8b7a0012345678",
            "name": "Active last 30 days",
            "created_at": 1_562_000_000,
            "updated_at": 1_569_486_400,
            "person_type": "user",
            "count": 1234
        }),
    )
    .await;

    let result = client(&server)
        .get_segment("5d2f1c0a9e8b7a0012345678")
        .include_count(true)
        .await;

    assert_one_request(
        &server,
        "GET",
        "/segments/5d2f1c0a9e8b7a0012345678",
        &[("include_count", "true")],
        None,
    )
    .await;
    let segment = result.expect("segment");
    assert_eq!(segment.name.as_deref(), Some("Active last 30 days"));
    assert_eq!(segment.person_type.as_deref(), Some("user"));
    assert_eq!(segment.count, Some(1234));
}

#[tokio::test]
async fn list_segments_of_companies_with_counts() {
    let server = serve_json(
        200,
        json!({
            "type": "segment.list",
            "segments": [
                {"type": "segment", "id": "5d2f1c0a9e8b7a0012345679", "name": "Active",
                 "created_at": 1_562_000_000, "updated_at": 1_569_486_400,
                 "person_type": "company", "count": 17},
                {"type": "segment", "id": "5d2f1c0a9e8b7a0012345680", "name": "Churn risk",
                 "created_at": 1_562_000_100, "updated_at": 1_569_486_500,
                 "person_type": "company", "count": 3}
            ]
        }),
    )
    .await;

    let result = client(&server)
        .list_segments()
        .include_count(true)
        .type_("company")
        .await;

    assert_one_request(
        &server,
        "GET",
        "/segments",
        &[("include_count", "true"), ("type", "company")],
        None,
    )
    .await;
    let segments = result.expect("segment list").segments.expect("segments");
    let counts: Vec<_> = segments.iter().filter_map(|s| s.count).collect();
    assert_eq!(counts, [17, 3]);
    assert_eq!(segments[1].name.as_deref(), Some("Churn risk"));
}

// Notes

#[tokio::test]
async fn create_note_for_a_user() {
    let server = serve_json(200, note_json("17495962")).await;
    let user = UserUpsert {
        email: Some("ada@example.com".to_owned()),
        ..Default::default()
    };

    let result = client(&server)
        .create_note("<p>Called about the September invoice</p>")
        .admin_id(ADMIN_ID)
        .user(user)
        .await;

    assert_one_request(
        &server,
        "POST",
        "/notes",
        &[],
        Some(json!({
            "body": "<p>Called about the September invoice</p>",
            "admin_id": ADMIN_ID,
            "user": {"email": "ada@example.com"}
        })),
    )
    .await;
    let note = result.expect("note");
    assert_eq!(note.id.as_deref(), Some("17495962"));
    assert_eq!(
        note.author.and_then(|a| a.email).as_deref(),
        Some("ciaran@example.com")
    );
    assert_eq!(note.user.and_then(|u| u.id).as_deref(), Some(USER_ID));
}

#[tokio::test]
async fn get_note_by_id() {
    let server = serve_json(200, note_json("17495962")).await;

    let result = client(&server).get_note("17495962").await;

    assert_one_request(&server, "GET", "/notes/17495962", &[], None).await;
    let note = result.expect("note");
    assert_eq!(
        note.body.as_deref(),
        Some("<p>Called about the September invoice</p>")
    );
    assert_eq!(note.created_at, Some(1_569_486_700.into()));
}

#[tokio::test]
async fn list_notes_for_user_by_user_id() {
    let server = serve_json(
        200,
        json!({
            "type": "note.list",
            "notes": [note_json("17495962"), note_json("17495963")],
            "pages": {}
        }),
    )
    .await;

    let result = client(&server).list_notes_for_user().user_id("25").await;

    assert_one_request(&server, "GET", "/notes", &[("user_id", "25")], None).await;
    let page = result.expect("note list");
    let ids: Vec<_> = page
        .notes
        .expect("notes")
        .into_iter()
        .filter_map(|n| n.id)
        .collect();
    assert_eq!(ids, ["17495962", "17495963"]);
    assert_eq!(page.pages.and_then(|p| p.next), None);
}

#[tokio::test]
async fn list_notes_for_user_by_intercom_id() {
    let server = serve_json(
        200,
        json!({"type": "note.list", "notes": [note_json("17495962")], "pages": {}}),
    )
    .await;

    let result = client(&server).list_notes_for_user().id(USER_ID).await;

    assert_one_request(&server, "GET", "/notes", &[("id", USER_ID)], None).await;
    assert_eq!(result.expect("note list").notes.map(|n| n.len()), Some(1));
}

// Events

#[tokio::test]
async fn create_event_answered_with_202_and_no_body() {
    let server = serve_empty(202).await;
    let metadata = attributes(json!({
        "order_date": 1_569_486_790,
        "stripe_invoice": "inv_3434343434",
        "order_number": {"value": "3434-3434", "url": "https://example.org/orders/3434-3434"},
        "price": {"currency": "usd", "amount": 34999}
    }));

    let result = client(&server)
        .create_event("placed-order", 1_569_486_800)
        .user_id("25")
        .metadata(metadata)
        .await;

    assert_one_request(
        &server,
        "POST",
        "/events",
        &[],
        Some(json!({
            "event_name": "placed-order",
            "created_at": 1_569_486_800,
            "user_id": "25",
            "metadata": {
                "order_date": 1_569_486_790,
                "stripe_invoice": "inv_3434343434",
                "order_number": {"value": "3434-3434", "url": "https://example.org/orders/3434-3434"},
                "price": {"currency": "usd", "amount": 34999}
            }
        })),
    )
    .await;
    result.expect("event accepted");
}

#[tokio::test]
async fn list_events_for_user_by_user_id() {
    let server = serve_json(
        200,
        json!({
            "type": "event.list",
            "events": [
                {"type": "event", "id": "7e6b8f2e-1b1e-11ea-8d71-362b9e155667",
                 "event_name": "placed-order", "created_at": 1_569_486_800,
                 "user_id": "25", "email": "ada@example.com",
                 "intercom_user_id": USER_ID,
                 "metadata": {"stripe_invoice": "inv_3434343434"}},
                {"type": "event", "id": "7e6b8f2e-1b1e-11ea-8d71-362b9e155668",
                 "event_name": "invited-friend", "created_at": 1_569_400_100,
                 "user_id": "25", "email": "ada@example.com",
                 "intercom_user_id": USER_ID, "metadata": {}}
            ],
            "pages": {"next": "https://api.intercom.io/events?type=user&user_id=25&before=1569400100"}
        }),
    )
    .await;

    let result = client(&server).list_events_for_user().user_id("25").await;

    assert_one_request(
        &server,
        "GET",
        "/events",
        &[("type", "user"), ("user_id", "25")],
        None,
    )
    .await;
    let page = result.expect("event list");
    let events = page.events.expect("events");
    let names: Vec<_> = events
        .iter()
        .filter_map(|e| e.event_name.as_deref())
        .collect();
    assert_eq!(names, ["placed-order", "invited-friend"]);
    assert_eq!(
        events[0]
            .metadata
            .as_ref()
            .and_then(|m| m.get("stripe_invoice")),
        Some(&json!("inv_3434343434"))
    );
    assert_eq!(
        page.pages.and_then(|p| p.next).as_deref(),
        Some("https://api.intercom.io/events?type=user&user_id=25&before=1569400100")
    );
}

#[tokio::test]
async fn list_events_for_user_summary_by_email() {
    let server = serve_json(
        200,
        json!({
            "type": "event.summary",
            "email": "ada@example.com",
            "intercom_user_id": USER_ID,
            "user_id": "25",
            "events": [
                {"name": "placed-order", "first": "2019-09-20T10:00:00.000Z",
                 "last": "2019-09-26T08:33:20.000Z", "count": 3, "description": null}
            ]
        }),
    )
    .await;

    let result = client(&server)
        .list_events_for_user()
        .email("ada@example.com")
        .summary(true)
        .await;

    assert_one_request(
        &server,
        "GET",
        "/events",
        &[
            ("type", "user"),
            ("email", "ada@example.com"),
            ("summary", "true"),
        ],
        None,
    )
    .await;
    let page = result.expect("event summary");
    assert_eq!(page.type_.as_deref(), Some("event.summary"));
    let events = page.events.expect("events");
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].extra.get("name"), Some(&json!("placed-order")));
    assert_eq!(events[0].extra.get("count"), Some(&json!(3)));
}

// Admins

#[tokio::test]
async fn get_admin_by_id() {
    let server = serve_json(200, admin_json(ADMIN_ID, "ciaran@example.com")).await;

    let result = client(&server).get_admin(ADMIN_ID).await;

    assert_one_request(&server, "GET", "/admins/394051", &[], None).await;
    let admin = result.expect("admin");
    assert_eq!(admin.email.as_deref(), Some("ciaran@example.com"));
    assert_eq!(admin.team_ids, Some(vec![814_865, 814_866]));
    assert_eq!(admin.away_mode_enabled, Some(false));
}

#[tokio::test]
async fn get_current_admin_and_app() {
    let mut me = admin_json(ADMIN_ID, "ciaran@example.com");
    me["app"] = json!({
        "type": "app",
        "id_code": "ecahpwf5",
        "name": "Acme Support",
        "created_at": 1_420_070_400,
        "secure": true,
        "identity_verification": true,
        "timezone": "Europe/Dublin"
    });
    let server = serve_json(200, me).await;

    let result = client(&server).get_current_admin_and_app().await;

    assert_one_request(&server, "GET", "/me", &[], None).await;
    let admin = result.expect("admin");
    assert_eq!(admin.id.as_deref(), Some(ADMIN_ID));
    let app = admin.app.expect("app");
    assert_eq!(app.id_code.as_deref(), Some("ecahpwf5"));
    assert_eq!(app.identity_verification, Some(true));
    assert_eq!(app.timezone.as_deref(), Some("Europe/Dublin"));
}

#[tokio::test]
async fn list_admins_including_a_team() {
    let server = serve_json(
        200,
        json!({
            "type": "admin.list",
            "admins": [
                admin_json(ADMIN_ID, "ciaran@example.com"),
                admin_json("394052", "dana@example.com"),
                {"type": "team", "id": "814865", "name": "Support", "admin_ids": [394051, 394052]}
            ]
        }),
    )
    .await;

    let result = client(&server).list_admins().await;

    assert_one_request(&server, "GET", "/admins", &[], None).await;
    let admins = result.expect("admin list").admins.expect("admins");
    let kinds: Vec<_> = admins.iter().filter_map(|a| a.type_.as_deref()).collect();
    assert_eq!(kinds, ["admin", "admin", "team"]);
    assert_eq!(admins[1].email.as_deref(), Some("dana@example.com"));
    assert_eq!(admins[2].name.as_deref(), Some("Support"));
}

#[tokio::test]
async fn set_admin_away_sends_a_json_body() {
    let mut away = admin_json(ADMIN_ID, "ciaran@example.com");
    away["away_mode_enabled"] = json!(true);
    away["away_mode_reassign"] = json!(true);
    let server = serve_json(200, away).await;
    let result = client(&server).set_admin_away(ADMIN_ID, true, true).await;

    assert_one_request(
        &server,
        "PUT",
        "/admins/394051/away",
        &[],
        Some(json!({"away_mode_enabled": true, "away_mode_reassign": true})),
    )
    .await;
    let admin = result.expect("admin");
    assert_eq!(admin.away_mode_enabled, Some(true));
    assert_eq!(admin.away_mode_reassign, Some(true));
}

#[tokio::test]
async fn list_activity_logs_for_admin_between_two_dates() {
    let server = serve_json(
        200,
        json!({
            "type": "activity_log.list",
            "activity_logs": [
                {
                    "id": "ddee3a18-0032-4061-b9b9-26230c6e1a8c",
                    "performed_by": {"type": "admin", "id": ADMIN_ID, "email": "ciaran@example.com", "ip": "89.101.12.34"},
                    "metadata": {"reassign_conversations": true, "away_mode": true},
                    "created_at": 1_569_486_900,
                    "activity_type": "admin_away_mode_change",
                    "activity_description": "Ciaran Lee changed their away mode."
                }
            ],
            "pages": {"type": "pages", "next": null, "page": 1, "per_page": 20, "total_pages": 1}
        }),
    )
    .await;

    let result = client(&server)
        .list_activity_logs_for_admin(1_569_400_000)
        .created_at_before(1_569_500_000)
        .await;

    assert_one_request(
        &server,
        "GET",
        "/admins/activity_logs",
        &[
            ("created_at_after", "1569400000"),
            ("created_at_before", "1569500000"),
        ],
        None,
    )
    .await;
    let logs = result
        .expect("activity logs")
        .activity_logs
        .expect("activity_logs");
    assert_eq!(logs.len(), 1);
    assert_eq!(
        logs[0].activity_type.as_deref(),
        Some("admin_away_mode_change")
    );
    assert_eq!(
        logs[0].performed_by.as_ref().and_then(|p| p.ip.as_deref()),
        Some("89.101.12.34")
    );
}

// Teams

#[tokio::test]
async fn get_team_by_id() {
    let server = serve_json(
        200,
        json!({"type": "team", "id": "814865", "name": "Support", "admin_ids": [394051, 394052]}),
    )
    .await;

    let result = client(&server).get_team("814865").await;

    assert_one_request(&server, "GET", "/teams/814865", &[], None).await;
    let team = result.expect("team");
    assert_eq!(team.name.as_deref(), Some("Support"));
    assert_eq!(team.admin_ids, Some(vec![394_051, 394_052]));
}

#[tokio::test]
async fn list_teams() {
    let server = serve_json(
        200,
        json!({
            "type": "team.list",
            "teams": [
                {"type": "team", "id": "814865", "name": "Support", "admin_ids": [394051, 394052]},
                {"type": "team", "id": "814866", "name": "Sales", "admin_ids": []}
            ]
        }),
    )
    .await;

    let result = client(&server).list_teams().await;

    assert_one_request(&server, "GET", "/teams", &[], None).await;
    let names: Vec<_> = result
        .expect("team list")
        .teams
        .expect("teams")
        .into_iter()
        .filter_map(|t| t.name)
        .collect();
    assert_eq!(names, ["Support", "Sales"]);
}

// Counts

#[tokio::test]
async fn get_count_of_users_per_company() {
    let server = serve_json(
        200,
        json!({
            "type": "count",
            "company": {"user": [{"Acme Inc": 42}, {"Globex": 7}]}
        }),
    )
    .await;

    let result = client(&server)
        .get_count()
        .type_(CountedType::Company)
        .count(CountBreakdown::User)
        .await;

    assert_one_request(
        &server,
        "GET",
        "/counts",
        &[("type", "company"), ("count", "user")],
        None,
    )
    .await;
    let count = result.expect("count");
    assert_eq!(count.type_.as_deref(), Some("count"));
    assert_eq!(
        count.company.and_then(|c| c.get("user").cloned()),
        Some(json!([{"Acme Inc": 42}, {"Globex": 7}]))
    );
}

#[tokio::test]
async fn get_count_of_conversations_per_admin() {
    let server = serve_json(
        200,
        json!({
            "type": "count",
            "conversation": {"admin": [
                {"id": ADMIN_ID, "name": "Ciaran Lee", "open": 5, "closed": 31}
            ]}
        }),
    )
    .await;

    let result = client(&server)
        .get_count()
        .type_(CountedType::Conversation)
        .count(CountBreakdown::Admin)
        .await;

    assert_one_request(
        &server,
        "GET",
        "/counts",
        &[("type", "conversation"), ("count", "admin")],
        None,
    )
    .await;
    let count = result.expect("count");
    assert!(count.conversation.is_some_and(|c| c.contains_key("admin")));
}

#[tokio::test]
async fn get_count_of_the_app() {
    let server = serve_json(
        200,
        json!({
            "type": "count.hash",
            "company": {"count": 12},
            "segment": {"count": 6},
            "tag": {"count": 9},
            "user": {"count": 1234},
            "lead": {"count": 87}
        }),
    )
    .await;

    let result = client(&server).get_count().await;

    assert_one_request(&server, "GET", "/counts", &[], None).await;
    let count = result.expect("count");
    assert_eq!(count.type_.as_deref(), Some("count.hash"));
    assert_eq!(
        count.user.and_then(|u| u.get("count").cloned()),
        Some(json!(1234))
    );
    assert_eq!(
        count.lead.and_then(|l| l.get("count").cloned()),
        Some(json!(87))
    );
}

// Data attributes

#[tokio::test]
async fn list_data_attributes_for_companies() {
    let server = serve_json(
        200,
        json!({
            "type": "list",
            "data_attributes": [
                {"type": "data_attribute", "name": "monthly_spend", "full_name": "monthly_spend",
                 "label": "Monthly Spend", "description": "The monthly revenue of the company",
                 "data_type": "float", "model": "company", "api_writable": true,
                 "ui_writable": false, "custom": false, "archived": false},
                {"type": "data_attribute", "name": "referral_source",
                 "full_name": "custom_attributes.referral_source", "label": "referral_source",
                 "data_type": "string", "model": "company", "api_writable": true,
                 "ui_writable": true, "custom": true, "archived": true,
                 "admin_id": ADMIN_ID, "created_at": 1_562_000_000, "updated_at": 1_569_000_000}
            ]
        }),
    )
    .await;

    let result = client(&server)
        .list_data_attributes_for_companies()
        .include_archived(true)
        .await;

    assert_one_request(
        &server,
        "GET",
        "/data_attributes",
        &[("model", "company"), ("include_archived", "true")],
        None,
    )
    .await;
    let attributes = result
        .expect("data attributes")
        .data_attributes
        .expect("data_attributes");
    let names: Vec<_> = attributes
        .iter()
        .filter_map(|a| a.full_name.as_deref())
        .collect();
    assert_eq!(
        names,
        ["monthly_spend", "custom_attributes.referral_source"]
    );
    assert_eq!(attributes[1].archived, Some(true));
    assert_eq!(attributes[1].custom, Some(true));
}

#[tokio::test]
async fn list_data_attributes_for_customers() {
    let server = serve_json(
        200,
        json!({
            "type": "list",
            "data_attributes": [
                {"type": "data_attribute", "name": "email", "full_name": "email",
                 "label": "Email", "description": "The user's email", "data_type": "string",
                 "model": "customer", "api_writable": true, "ui_writable": false,
                 "custom": false, "archived": false},
                {"type": "data_attribute", "name": "plan_tier",
                 "full_name": "custom_attributes.plan_tier", "label": "Plan tier",
                 "data_type": "string", "options": ["bronze", "silver", "gold"],
                 "model": "customer", "api_writable": true, "ui_writable": true,
                 "custom": true, "archived": false}
            ]
        }),
    )
    .await;

    let result = client(&server).list_data_attributes_for_customers().await;

    assert_one_request(
        &server,
        "GET",
        "/data_attributes",
        &[("model", "customer")],
        None,
    )
    .await;
    let attributes = result
        .expect("data attributes")
        .data_attributes
        .expect("data_attributes");
    assert_eq!(attributes.len(), 2);
    assert_eq!(attributes[0].model.as_deref(), Some("customer"));
    assert_eq!(
        attributes[1].options,
        Some(vec![
            "bronze".to_owned(),
            "silver".to_owned(),
            "gold".to_owned()
        ])
    );
}
