//! Tag, segment, note, event, admin, team, count and data-attribute operations against a
//! loopback server: what each one sends and what it decodes.
//!
//! Every test here is a request shape, so they are one table, [`table`]: each row makes one
//! call and names the exact method, path, query pairs and JSON body the client must send, and
//! what it must decode from the answer.

mod operations_support;

use intercom_api::types::{
    CountBreakdown, CountedType, CreateTagRequestCompany, CreateTagRequestUser, UserUpsert,
};
use operations_support::{Answer, Row, admin_json, call, run_table};
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

fn table() -> Vec<Row> {
    let mut rows = tags();
    rows.extend(segments());
    rows.extend(notes());
    rows.extend(events());
    rows.extend(admins());
    rows.extend(teams());
    rows.extend(counts());
    rows.extend(data_attributes());
    rows
}

fn tags() -> Vec<Row> {
    vec![
        Row {
            name: "create_tag by name",
            call: call(|c| async move {
                let tag = c.create_tag("vip").await?;
                Ok(json!({"id": tag.id, "name": tag.name}))
            }),
            method: "POST",
            path: "/tags",
            query: &[],
            body: Some(json!({"name": "vip"})),
            answer: Answer::Json(json!({"type": "tag", "id": "2731457", "name": "vip"})),
            decoded: json!({"id": "2731457", "name": "vip"}),
        },
        Row {
            name: "create_tag tags and untags users",
            call: call(|c| async move {
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
                Ok(json!(c.create_tag("vip").users(users).await?.type_))
            }),
            method: "POST",
            path: "/tags",
            query: &[],
            body: Some(json!({
                "name": "vip",
                "users": [
                    {"id": USER_ID},
                    {"user_id": "26"},
                    {"email": "grace@example.com", "untag": true}
                ]
            })),
            answer: Answer::Json(json!({"type": "tag", "id": "2731457", "name": "vip"})),
            decoded: json!("tag"),
        },
        Row {
            name: "create_tag tags companies",
            call: call(|c| async move {
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
                let tag = c.create_tag("enterprise").companies(companies).await?;
                Ok(json!(tag.name))
            }),
            method: "POST",
            path: "/tags",
            query: &[],
            body: Some(json!({
                "name": "enterprise",
                "companies": [
                    {"company_id": "acme-1"},
                    {"id": "5d8b8e2f3c1a4b0012345679", "untag": true}
                ]
            })),
            answer: Answer::Json(json!({"type": "tag", "id": "2731460", "name": "enterprise"})),
            decoded: json!("enterprise"),
        },
        Row {
            name: "update_tag renames it",
            call: call(|c| async move {
                Ok(json!(c.update_tag("2731457", "very-important").await?.name))
            }),
            method: "POST",
            path: "/tags",
            query: &[],
            body: Some(json!({"id": "2731457", "name": "very-important"})),
            answer: Answer::Json(json!({"type": "tag", "id": "2731457", "name": "very-important"})),
            decoded: json!("very-important"),
        },
        Row {
            name: "delete_tag answered with an empty body",
            call: call(|c| async move {
                let deleted = c.delete_tag("2731457").await?;
                Ok(json!({"deleted is None": deleted.is_none()}))
            }),
            method: "DELETE",
            path: "/tags/2731457",
            query: &[],
            body: None,
            answer: Answer::Empty(200),
            decoded: json!({"deleted is None": true}),
        },
        Row {
            name: "delete_tag answered with the tag",
            call: call(|c| async move {
                let tag = c.delete_tag("2731457").await?.expect("a tag");
                Ok(json!(tag.name))
            }),
            method: "DELETE",
            path: "/tags/2731457",
            query: &[],
            body: None,
            answer: Answer::Json(json!({"type": "tag", "id": "2731457", "name": "vip"})),
            decoded: json!("vip"),
        },
        Row {
            name: "list_tags",
            call: call(|c| async move {
                let names: Vec<_> = c
                    .list_tags()
                    .await?
                    .tags
                    .expect("tags")
                    .into_iter()
                    .filter_map(|t| t.name)
                    .collect();
                Ok(json!(names))
            }),
            method: "GET",
            path: "/tags",
            query: &[],
            body: None,
            answer: Answer::Json(json!({
                "type": "tag.list",
                "tags": [
                    {"type": "tag", "id": "2731457", "name": "vip"},
                    {"type": "tag", "id": "2731458", "name": "beta"},
                    {"type": "tag", "id": "2731460", "name": "enterprise"}
                ]
            })),
            decoded: json!(["vip", "beta", "enterprise"]),
        },
    ]
}

fn segments() -> Vec<Row> {
    vec![
        Row {
            name: "get_segment with count",
            call: call(|c| async move {
                let segment = c
                    .get_segment("5d2f1c0a9e8b7a0012345678")
                    .include_count(true)
                    .await?;
                Ok(json!({
                    "name": segment.name,
                    "person_type": segment.person_type,
                    "count": segment.count,
                }))
            }),
            method: "GET",
            path: "/segments/5d2f1c0a9e8b7a0012345678",
            query: &[("include_count", "true")],
            body: None,
            answer: Answer::Json(json!({
                "type": "segment",
                "id": "5d2f1c0a9e8b7a0012345678",
                "name": "Active last 30 days",
                "created_at": 1_562_000_000,
                "updated_at": 1_569_486_400,
                "person_type": "user",
                "count": 1234
            })),
            decoded: json!({
                "name": "Active last 30 days",
                "person_type": "user",
                "count": 1234,
            }),
        },
        Row {
            name: "list_segments of companies with counts",
            call: call(|c| async move {
                let segments = c
                    .list_segments()
                    .include_count(true)
                    .type_("company")
                    .await?
                    .segments
                    .expect("segments");
                let counts: Vec<_> = segments.iter().filter_map(|s| s.count).collect();
                Ok(json!({"counts": counts, "segments[1].name": segments[1].name}))
            }),
            method: "GET",
            path: "/segments",
            query: &[("include_count", "true"), ("type", "company")],
            body: None,
            answer: Answer::Json(json!({
                "type": "segment.list",
                "segments": [
                    {"type": "segment", "id": "5d2f1c0a9e8b7a0012345679", "name": "Active",
                     "created_at": 1_562_000_000, "updated_at": 1_569_486_400,
                     "person_type": "company", "count": 17},
                    {"type": "segment", "id": "5d2f1c0a9e8b7a0012345680", "name": "Churn risk",
                     "created_at": 1_562_000_100, "updated_at": 1_569_486_500,
                     "person_type": "company", "count": 3}
                ]
            })),
            decoded: json!({"counts": [17, 3], "segments[1].name": "Churn risk"}),
        },
    ]
}

fn notes() -> Vec<Row> {
    vec![
        Row {
            name: "create_note for a user",
            call: call(|c| async move {
                let user = UserUpsert {
                    email: Some("ada@example.com".to_owned()),
                    ..Default::default()
                };
                let note = c
                    .create_note("<p>Called about the September invoice</p>")
                    .admin_id(ADMIN_ID)
                    .user(user)
                    .await?;
                Ok(json!({
                    "id": note.id,
                    "author.email": note.author.and_then(|a| a.email),
                    "user.id": note.user.and_then(|u| u.id),
                }))
            }),
            method: "POST",
            path: "/notes",
            query: &[],
            body: Some(json!({
                "body": "<p>Called about the September invoice</p>",
                "admin_id": ADMIN_ID,
                "user": {"email": "ada@example.com"}
            })),
            answer: Answer::Json(note_json("17495962")),
            decoded: json!({
                "id": "17495962",
                "author.email": "ciaran@example.com",
                "user.id": USER_ID,
            }),
        },
        Row {
            name: "get_note by id",
            call: call(|c| async move {
                let note = c.get_note("17495962").await?;
                Ok(json!({
                    "body": note.body,
                    "created_at is 1569486700": note.created_at == Some(1_569_486_700.into()),
                }))
            }),
            method: "GET",
            path: "/notes/17495962",
            query: &[],
            body: None,
            answer: Answer::Json(note_json("17495962")),
            decoded: json!({
                "body": "<p>Called about the September invoice</p>",
                "created_at is 1569486700": true,
            }),
        },
        Row {
            name: "list_notes_for_user by user_id",
            call: call(|c| async move {
                let page = c.list_notes_for_user().user_id("25").await?;
                let ids: Vec<_> = page
                    .notes
                    .expect("notes")
                    .into_iter()
                    .filter_map(|n| n.id)
                    .collect();
                Ok(json!({"ids": ids, "pages.next": page.pages.and_then(|p| p.next)}))
            }),
            method: "GET",
            path: "/notes",
            query: &[("user_id", "25")],
            body: None,
            answer: Answer::Json(json!({
                "type": "note.list",
                "notes": [note_json("17495962"), note_json("17495963")],
                "pages": {}
            })),
            decoded: json!({"ids": ["17495962", "17495963"], "pages.next": null}),
        },
        Row {
            name: "list_notes_for_user by intercom id",
            call: call(|c| async move {
                let page = c.list_notes_for_user().id(USER_ID).await?;
                Ok(json!(page.notes.map(|n| n.len())))
            }),
            method: "GET",
            path: "/notes",
            query: &[("id", USER_ID)],
            body: None,
            answer: Answer::Json(
                json!({"type": "note.list", "notes": [note_json("17495962")], "pages": {}}),
            ),
            decoded: json!(1),
        },
    ]
}

fn events() -> Vec<Row> {
    vec![
        Row {
            name: "create_event answered with 202 and no body",
            call: call(|c| async move {
                let metadata = attributes(json!({
                    "order_date": 1_569_486_790,
                    "stripe_invoice": "inv_3434343434",
                    "order_number": {"value": "3434-3434", "url": "https://example.org/orders/3434-3434"},
                    "price": {"currency": "usd", "amount": 34999}
                }));
                c.create_event("placed-order", 1_569_486_800)
                    .user_id("25")
                    .metadata(metadata)
                    .await?;
                Ok(Value::Null)
            }),
            method: "POST",
            path: "/events",
            query: &[],
            body: Some(json!({
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
            answer: Answer::Empty(202),
            decoded: Value::Null,
        },
        Row {
            name: "list_events_for_user by user_id",
            call: call(|c| async move {
                let page = c.list_events_for_user().user_id("25").await?;
                let events = page.events.expect("events");
                let names: Vec<_> = events
                    .iter()
                    .filter_map(|e| e.event_name.as_deref())
                    .collect();
                Ok(json!({
                    "names": names,
                    "events[0].metadata.stripe_invoice": events[0]
                        .metadata
                        .as_ref()
                        .and_then(|m| m.get("stripe_invoice")),
                    "pages.next": page.pages.and_then(|p| p.next),
                }))
            }),
            method: "GET",
            path: "/events",
            query: &[("type", "user"), ("user_id", "25")],
            body: None,
            answer: Answer::Json(json!({
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
            })),
            decoded: json!({
                "names": ["placed-order", "invited-friend"],
                "events[0].metadata.stripe_invoice": "inv_3434343434",
                "pages.next": "https://api.intercom.io/events?type=user&user_id=25&before=1569400100",
            }),
        },
        Row {
            name: "list_events_for_user, summary by email",
            call: call(|c| async move {
                let page = c
                    .list_events_for_user()
                    .email("ada@example.com")
                    .summary(true)
                    .await?;
                let events = page.events.expect("events");
                Ok(json!({
                    "type": page.type_,
                    "events": events.len(),
                    "events[0].name": events[0].extra.get("name"),
                    "events[0].count": events[0].extra.get("count"),
                }))
            }),
            method: "GET",
            path: "/events",
            query: &[
                ("type", "user"),
                ("email", "ada@example.com"),
                ("summary", "true"),
            ],
            body: None,
            answer: Answer::Json(json!({
                "type": "event.summary",
                "email": "ada@example.com",
                "intercom_user_id": USER_ID,
                "user_id": "25",
                "events": [
                    {"name": "placed-order", "first": "2019-09-20T10:00:00.000Z",
                     "last": "2019-09-26T08:33:20.000Z", "count": 3, "description": null}
                ]
            })),
            decoded: json!({
                "type": "event.summary",
                "events": 1,
                "events[0].name": "placed-order",
                "events[0].count": 3,
            }),
        },
    ]
}

fn admins() -> Vec<Row> {
    vec![
        Row {
            name: "get_admin by id",
            call: call(|c| async move {
                let admin = c.get_admin(ADMIN_ID).await?;
                Ok(json!({
                    "email": admin.email,
                    "team_ids": admin.team_ids,
                    "away_mode_enabled": admin.away_mode_enabled,
                }))
            }),
            method: "GET",
            path: "/admins/394051",
            query: &[],
            body: None,
            answer: Answer::Json(admin_json(ADMIN_ID, "ciaran@example.com")),
            decoded: json!({
                "email": "ciaran@example.com",
                "team_ids": [814_865, 814_866],
                "away_mode_enabled": false,
            }),
        },
        Row {
            name: "get_current_admin_and_app",
            call: call(|c| async move {
                let admin = c.get_current_admin_and_app().await?;
                let app = admin.app.expect("app");
                Ok(json!({
                    "id": admin.id,
                    "app.id_code": app.id_code,
                    "app.identity_verification": app.identity_verification,
                    "app.timezone": app.timezone,
                }))
            }),
            method: "GET",
            path: "/me",
            query: &[],
            body: None,
            answer: Answer::Json({
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
                me
            }),
            decoded: json!({
                "id": ADMIN_ID,
                "app.id_code": "ecahpwf5",
                "app.identity_verification": true,
                "app.timezone": "Europe/Dublin",
            }),
        },
        Row {
            name: "list_admins including a team",
            call: call(|c| async move {
                let admins = c.list_admins().await?.admins.expect("admins");
                let kinds: Vec<_> = admins.iter().filter_map(|a| a.type_.as_deref()).collect();
                Ok(json!({
                    "types": kinds,
                    "admins[1].email": admins[1].email,
                    "admins[2].name": admins[2].name,
                }))
            }),
            method: "GET",
            path: "/admins",
            query: &[],
            body: None,
            answer: Answer::Json(json!({
                "type": "admin.list",
                "admins": [
                    admin_json(ADMIN_ID, "ciaran@example.com"),
                    admin_json("394052", "dana@example.com"),
                    {"type": "team", "id": "814865", "name": "Support", "admin_ids": [394051, 394052]}
                ]
            })),
            decoded: json!({
                "types": ["admin", "admin", "team"],
                "admins[1].email": "dana@example.com",
                "admins[2].name": "Support",
            }),
        },
        Row {
            name: "set_admin_away sends a JSON body",
            call: call(|c| async move {
                let admin = c.set_admin_away(ADMIN_ID, true, true).await?;
                Ok(json!({
                    "away_mode_enabled": admin.away_mode_enabled,
                    "away_mode_reassign": admin.away_mode_reassign,
                }))
            }),
            method: "PUT",
            path: "/admins/394051/away",
            query: &[],
            body: Some(json!({"away_mode_enabled": true, "away_mode_reassign": true})),
            answer: Answer::Json({
                let mut away = admin_json(ADMIN_ID, "ciaran@example.com");
                away["away_mode_enabled"] = json!(true);
                away["away_mode_reassign"] = json!(true);
                away
            }),
            decoded: json!({"away_mode_enabled": true, "away_mode_reassign": true}),
        },
        Row {
            name: "list_activity_logs_for_admin between two dates",
            call: call(|c| async move {
                let logs = c
                    .list_activity_logs_for_admin(1_569_400_000)
                    .created_at_before(1_569_500_000)
                    .await?
                    .activity_logs
                    .expect("activity_logs");
                Ok(json!({
                    "activity_logs": logs.len(),
                    "[0].activity_type": logs[0].activity_type,
                    "[0].performed_by.ip": logs[0].performed_by.as_ref().and_then(|p| p.ip.as_deref()),
                }))
            }),
            method: "GET",
            path: "/admins/activity_logs",
            query: &[
                ("created_at_after", "1569400000"),
                ("created_at_before", "1569500000"),
            ],
            body: None,
            answer: Answer::Json(json!({
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
            })),
            decoded: json!({
                "activity_logs": 1,
                "[0].activity_type": "admin_away_mode_change",
                "[0].performed_by.ip": "89.101.12.34",
            }),
        },
    ]
}

fn teams() -> Vec<Row> {
    vec![
        Row {
            name: "get_team by id",
            call: call(|c| async move {
                let team = c.get_team("814865").await?;
                Ok(json!({"name": team.name, "admin_ids": team.admin_ids}))
            }),
            method: "GET",
            path: "/teams/814865",
            query: &[],
            body: None,
            answer: Answer::Json(
                json!({"type": "team", "id": "814865", "name": "Support", "admin_ids": [394051, 394052]}),
            ),
            decoded: json!({"name": "Support", "admin_ids": [394_051, 394_052]}),
        },
        Row {
            name: "list_teams",
            call: call(|c| async move {
                let names: Vec<_> = c
                    .list_teams()
                    .await?
                    .teams
                    .expect("teams")
                    .into_iter()
                    .filter_map(|t| t.name)
                    .collect();
                Ok(json!(names))
            }),
            method: "GET",
            path: "/teams",
            query: &[],
            body: None,
            answer: Answer::Json(json!({
                "type": "team.list",
                "teams": [
                    {"type": "team", "id": "814865", "name": "Support", "admin_ids": [394051, 394052]},
                    {"type": "team", "id": "814866", "name": "Sales", "admin_ids": []}
                ]
            })),
            decoded: json!(["Support", "Sales"]),
        },
    ]
}

fn counts() -> Vec<Row> {
    vec![
        Row {
            name: "get_count of users per company",
            call: call(|c| async move {
                let count = c
                    .get_count()
                    .type_(CountedType::Company)
                    .count(CountBreakdown::User)
                    .await?;
                Ok(json!({
                    "type": count.type_,
                    "company.user": count.company.and_then(|c| c.get("user").cloned()),
                }))
            }),
            method: "GET",
            path: "/counts",
            query: &[("type", "company"), ("count", "user")],
            body: None,
            answer: Answer::Json(json!({
                "type": "count",
                "company": {"user": [{"Acme Inc": 42}, {"Globex": 7}]}
            })),
            decoded: json!({
                "type": "count",
                "company.user": [{"Acme Inc": 42}, {"Globex": 7}],
            }),
        },
        Row {
            name: "get_count of conversations per admin",
            call: call(|c| async move {
                let count = c
                    .get_count()
                    .type_(CountedType::Conversation)
                    .count(CountBreakdown::Admin)
                    .await?;
                Ok(json!({
                    "conversation has admin": count
                        .conversation
                        .is_some_and(|c| c.contains_key("admin")),
                }))
            }),
            method: "GET",
            path: "/counts",
            query: &[("type", "conversation"), ("count", "admin")],
            body: None,
            answer: Answer::Json(json!({
                "type": "count",
                "conversation": {"admin": [
                    {"id": ADMIN_ID, "name": "Ciaran Lee", "open": 5, "closed": 31}
                ]}
            })),
            decoded: json!({"conversation has admin": true}),
        },
        Row {
            name: "get_count of the app",
            call: call(|c| async move {
                let count = c.get_count().await?;
                Ok(json!({
                    "type": count.type_,
                    "user.count": count.user.and_then(|u| u.get("count").cloned()),
                    "lead.count": count.lead.and_then(|l| l.get("count").cloned()),
                }))
            }),
            method: "GET",
            path: "/counts",
            query: &[],
            body: None,
            answer: Answer::Json(json!({
                "type": "count.hash",
                "company": {"count": 12},
                "segment": {"count": 6},
                "tag": {"count": 9},
                "user": {"count": 1234},
                "lead": {"count": 87}
            })),
            decoded: json!({"type": "count.hash", "user.count": 1234, "lead.count": 87}),
        },
    ]
}

fn data_attributes() -> Vec<Row> {
    vec![
        Row {
            name: "list_data_attributes_for_companies",
            call: call(|c| async move {
                let attributes = c
                    .list_data_attributes_for_companies()
                    .include_archived(true)
                    .await?
                    .data_attributes
                    .expect("data_attributes");
                let names: Vec<_> = attributes
                    .iter()
                    .filter_map(|a| a.full_name.as_deref())
                    .collect();
                Ok(json!({
                    "full_names": names,
                    "[1].archived": attributes[1].archived,
                    "[1].custom": attributes[1].custom,
                }))
            }),
            method: "GET",
            path: "/data_attributes",
            query: &[("model", "company"), ("include_archived", "true")],
            body: None,
            answer: Answer::Json(json!({
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
            })),
            decoded: json!({
                "full_names": ["monthly_spend", "custom_attributes.referral_source"],
                "[1].archived": true,
                "[1].custom": true,
            }),
        },
        Row {
            name: "list_data_attributes_for_customers",
            call: call(|c| async move {
                let attributes = c
                    .list_data_attributes_for_customers()
                    .await?
                    .data_attributes
                    .expect("data_attributes");
                Ok(json!({
                    "data_attributes": attributes.len(),
                    "[0].model": attributes[0].model,
                    "[1].options": attributes[1].options,
                }))
            }),
            method: "GET",
            path: "/data_attributes",
            query: &[("model", "customer")],
            body: None,
            answer: Answer::Json(json!({
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
            })),
            decoded: json!({
                "data_attributes": 2,
                "[0].model": "customer",
                "[1].options": ["bronze", "silver", "gold"],
            }),
        },
    ]
}

#[tokio::test]
async fn every_row_sends_its_request_and_decodes_its_answer() {
    run_table(table()).await;
}
