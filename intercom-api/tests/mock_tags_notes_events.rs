//! Tag, note and event operations through the client against intercom-mock: each call's typed
//! result, and the change it makes as other calls read it back.

mod mock_support;

use futures_util::TryStreamExt;
use intercom_api::types::{
    CreateTagRequestCompany, CreateTagRequestUser, Event, Note, Tag, UserUpsert,
};
use mock_support::{
    api_error, assert_not_found, assert_refused_unsent, client, field, mock, object, seeded,
    send_json,
};
use serde_json::json;

const PEOPLE: &str = r#"{
    "users": [
        {"id": "5b0000000000000000000001", "user_id": "u-1", "email": "ada@example.com"},
        {"id": "5b0000000000000000000002", "user_id": "u-2", "email": "grace@example.com"}],
    "leads": [{"id": "5a0000000000000000000001", "user_id": "l-1", "email": "lead@example.com"}],
    "companies": [
        {"id": "5c0000000000000000000001", "company_id": "acme", "name": "Acme"},
        {"id": "5c0000000000000000000002", "company_id": "globex", "name": "Globex"}]
}"#;

const ADA: &str = "5b0000000000000000000001";
const GRACE: &str = "5b0000000000000000000002";
const LEAD: &str = "5a0000000000000000000001";
const ACME: &str = "5c0000000000000000000001";

fn tag_user(user_id: &str, untag: bool) -> CreateTagRequestUser {
    CreateTagRequestUser {
        user_id: Some(user_id.into()),
        untag: untag.then_some(true),
        ..Default::default()
    }
}

fn tag_names(tags: Option<Vec<Tag>>) -> Vec<String> {
    tags.unwrap_or_default()
        .into_iter()
        .filter_map(|t| t.name)
        .collect()
}

fn user_ref(user_id: &str) -> UserUpsert {
    UserUpsert {
        user_id: Some(user_id.into()),
        ..Default::default()
    }
}

#[tokio::test]
async fn create_tag_makes_one_tag_per_name_whatever_the_case() {
    let mock = mock().await;
    let client = client(&mock);

    let vip = client.create_tag("VIP").await.expect("created tag");
    assert_eq!(vip.type_.as_deref(), Some("tag"));
    assert_eq!(vip.name.as_deref(), Some("VIP"));
    assert!(vip.id.is_some());

    let again = client.create_tag("vip").await.expect("same tag");
    assert_eq!(again, vip, "tag names are case-insensitive");
    let beta = client.create_tag("beta").await.expect("another tag");
    assert_ne!(beta.id, vip.id);

    let tags = client.list_tags().await.expect("list_tags");
    assert_eq!(tags.tags, Some(vec![vip, beta]));
}

#[tokio::test]
async fn create_tag_tags_and_untags_users_leads_and_companies() {
    let mock = seeded(PEOPLE).await;
    let client = client(&mock);

    let vip = client
        .create_tag("vip")
        .users([
            tag_user("u-1", false),
            CreateTagRequestUser {
                email: Some("grace@example.com".into()),
                ..Default::default()
            },
            CreateTagRequestUser {
                id: Some(LEAD.into()),
                ..Default::default()
            },
        ])
        .await
        .expect("tagged users and a lead");
    assert_eq!(vip.name.as_deref(), Some("vip"));
    let ada = client.get_user(ADA).await.expect("ada");
    assert_eq!(tag_names(ada.tags), ["vip"]);
    let grace = client.get_user(GRACE).await.expect("grace");
    assert_eq!(tag_names(grace.tags), ["vip"]);
    let lead = client.get_lead(LEAD).await.expect("lead");
    assert_eq!(
        lead.tags.expect("tags")[0].id,
        vip.id,
        "the lead carries the tag"
    );

    // Tagging again adds nothing; untag and tag mix in one request. The tag is named by its
    // id, which wins over the name `create_tag` requires.
    let vip_id = vip.id.clone().expect("tag id");
    client
        .create_tag("vip")
        .id(&vip_id)
        .users([tag_user("u-1", true), tag_user("u-2", false)])
        .await
        .expect("untagged ada");
    assert_eq!(
        tag_names(client.get_user(ADA).await.expect("ada").tags),
        Vec::<String>::new()
    );
    assert_eq!(
        tag_names(client.get_user(GRACE).await.expect("grace").tags),
        ["vip"]
    );

    // Companies, by company_id or id; list_companies filters by the tag.
    let key = client
        .create_tag("key account")
        .companies([CreateTagRequestCompany {
            company_id: Some("acme".into()),
            ..Default::default()
        }])
        .await
        .expect("tagged acme");
    let acme = client.get_company(ACME).await.expect("acme");
    assert_eq!(tag_names(acme.tags), ["key account"]);
    let tagged = client
        .list_companies()
        .tag_id(key.id.clone().expect("tag id"))
        .await
        .expect("companies with the tag");
    let ids: Vec<_> = tagged
        .companies
        .iter()
        .flatten()
        .filter_map(|c| c.company_id.as_deref())
        .collect();
    assert_eq!(ids, ["acme"]);
    client
        .create_tag("key account")
        .companies([CreateTagRequestCompany {
            id: Some(ACME.into()),
            untag: Some(true),
            ..Default::default()
        }])
        .await
        .expect("untagged acme");
    let acme = client.get_company(ACME).await.expect("acme");
    assert_eq!(tag_names(acme.tags), Vec::<String>::new());
}

#[tokio::test]
async fn update_tag_renames_the_tag_everywhere() {
    let mock = seeded(PEOPLE).await;
    let client = client(&mock);
    let tag = client
        .create_tag("beta")
        .users([tag_user("u-1", false)])
        .await
        .expect("tagged ada");
    client.create_tag("vip").await.expect("another tag");
    let id = tag.id.clone().expect("tag id");

    let renamed = client
        .update_tag(&id, "early access")
        .await
        .expect("renamed");
    assert_eq!(renamed.id.as_deref(), Some(id.as_str()));
    assert_eq!(renamed.name.as_deref(), Some("early access"));
    let tags = client.list_tags().await.expect("list_tags");
    assert_eq!(tag_names(tags.tags), ["early access", "vip"]);
    let ada = client.get_user(ADA).await.expect("ada");
    assert_eq!(tag_names(ada.tags), ["early access"]);

    let taken = api_error(client.update_tag(&id, "VIP").await, 400, "bad_request");
    assert_eq!(field(&taken), Some("name"));
    assert_not_found(client.update_tag("9999", "ghost").await);
}

#[tokio::test]
async fn delete_tag_removes_it_from_the_list_and_from_users() {
    let mock = seeded(PEOPLE).await;
    let client = client(&mock);
    let tag = client
        .create_tag("churned")
        .users([tag_user("u-2", false)])
        .await
        .expect("tagged grace");
    let id = tag.id.expect("tag id");

    let deleted = client.delete_tag(&id).await.expect("deleted");
    assert_eq!(
        deleted, None,
        "the mock answers an empty body, as Intercom does"
    );
    let tags = client.list_tags().await.expect("list_tags");
    assert_eq!(tags.tags, Some(vec![]));
    let grace = client.get_user(GRACE).await.expect("grace");
    assert_eq!(grace.tags, Some(vec![]));
    assert_not_found(client.delete_tag(&id).await);
}

#[tokio::test]
async fn tag_errors_come_back_as_api_errors_naming_the_field() {
    let mock = seeded(PEOPLE).await;
    let client = client(&mock);

    let mixed = api_error(
        client
            .create_tag("vip")
            .users([tag_user("u-1", false)])
            .companies([CreateTagRequestCompany {
                company_id: Some("acme".into()),
                ..Default::default()
            }])
            .await,
        400,
        "bad_request",
    );
    assert_eq!(field(&mixed), Some("companies"));

    let nobody = api_error(
        client
            .create_tag("vip")
            .users([tag_user("u-1", false), tag_user("nobody", false)])
            .await,
        404,
        "not_found",
    );
    assert_eq!(field(&nobody), Some("users[1]"));
    let ada = client.get_user(ADA).await.expect("ada");
    assert_eq!(ada.tags, Some(vec![]), "a refused request tags no one");

    let nameless = api_error(
        send_json(&client, "POST", "/tags", json!({})).await,
        400,
        "parameter_not_found",
    );
    assert_eq!(field(&nameless), Some("name"));
    let tags = client.list_tags().await.expect("list_tags");
    assert_eq!(
        tags.tags,
        Some(vec![]),
        "no refused request created the tag"
    );
}

#[tokio::test]
async fn notes_are_created_read_and_listed_per_user() {
    let mock = seeded(PEOPLE).await;
    let client = client(&mock);

    let first = client
        .create_note("<p>Called about the invoice</p>")
        .admin_id("1002")
        .user(user_ref("u-1"))
        .await
        .expect("created note");
    assert_eq!(first.type_.as_deref(), Some("note"));
    assert_eq!(
        first.body.as_deref(),
        Some("<p>Called about the invoice</p>")
    );
    let author = first.author.clone().expect("author");
    assert_eq!(author.id.as_deref(), Some("1002"));
    assert_eq!(author.email.as_deref(), Some("grace@example.com"));
    let user = first.user.clone().expect("user");
    assert_eq!(user.id.as_deref(), Some(ADA));
    assert_eq!(user.type_.as_deref(), Some("user"));

    let second = client
        .create_note("Follow-up sent")
        .user(UserUpsert {
            email: Some("ada@example.com".into()),
            ..Default::default()
        })
        .await
        .expect("a second note, by the default admin");
    assert_eq!(
        second.author.and_then(|a| a.id).as_deref(),
        Some("1001"),
        "the first admin when admin_id is absent"
    );
    client
        .create_note("Grace's note")
        .user(user_ref("u-2"))
        .await
        .expect("a note on grace");

    let id = first.id.clone().expect("note id");
    assert_eq!(client.get_note(&id).await.expect("get_note"), first);

    let by_user_id = client
        .list_notes_for_user()
        .user_id("u-1")
        .await
        .expect("ada's notes");
    let bodies: Vec<_> = by_user_id
        .notes
        .iter()
        .flatten()
        .filter_map(|n| n.body.as_deref())
        .collect();
    assert_eq!(
        bodies,
        ["Follow-up sent", "<p>Called about the invoice</p>"],
        "newest first"
    );
    let by_email: Vec<Note> = client
        .list_notes_for_user()
        .email("ada@example.com")
        .stream()
        .try_collect()
        .await
        .expect("streamed by email");
    assert_eq!(Some(by_email.clone()), by_user_id.notes);
    let by_id = client
        .list_notes_for_user()
        .id(ADA)
        .await
        .expect("by Intercom id");
    assert_eq!(by_id.notes, Some(by_email));
}

#[tokio::test]
async fn note_errors_come_back_as_api_errors() {
    let mock = seeded(PEOPLE).await;
    let client = client(&mock);

    assert_not_found(client.get_note("5d0000000000000000009999").await);
    assert_not_found(client.list_notes_for_user().user_id("nobody").await);
    assert_not_found(client.create_note("Hello").user(user_ref("nobody")).await);
    let bodiless = api_error(
        send_json(
            &client,
            "POST",
            "/notes",
            json!({"user": {"user_id": "u-1"}}),
        )
        .await,
        400,
        "parameter_not_found",
    );
    assert_eq!(field(&bodiless), Some("body"));
    api_error(
        client
            .create_note("Hello")
            .admin_id("9999")
            .user(user_ref("u-1"))
            .await,
        404,
        "admin_not_found",
    );
    let notes = client
        .list_notes_for_user()
        .user_id("u-1")
        .await
        .expect("ada's notes");
    assert_eq!(notes.notes, Some(vec![]), "no refused note was stored");

    let before = mock.request_count();
    assert_refused_unsent(
        client.list_notes_for_user().await,
        &["user_id", "email", "id"],
    );
    assert_eq!(mock.request_count(), before, "nothing was sent");
}

#[tokio::test]
async fn events_are_recorded_and_listed_per_user() {
    let mock = seeded(PEOPLE).await;
    let client = client(&mock);
    client
        .create_event("ordered-item", 1_700_000_000)
        .user_id("u-1")
        .metadata_entry("order", "A1")
        .await
        .expect("recorded");
    client
        .create_event("ordered-item", 1_700_000_100)
        .user_id("u-1")
        .metadata_entry("order", "A2")
        .await
        .expect("recorded");
    client
        .create_event("invited-friend", 1_700_000_050)
        .email("ada@example.com")
        .await
        .expect("recorded by email");
    client
        .create_event("logged-in", 1_700_000_000)
        .id(GRACE)
        .await
        .expect("grace's event, by id");

    let page = client
        .list_events_for_user()
        .user_id("u-1")
        .await
        .expect("ada's events");
    let events = page.events.expect("events");
    let names: Vec<_> = events
        .iter()
        .filter_map(|e| e.event_name.as_deref())
        .collect();
    assert_eq!(
        names,
        ["ordered-item", "invited-friend", "ordered-item"],
        "newest first"
    );
    let latest = &events[0];
    assert_eq!(latest.type_.as_deref(), Some("event"));
    assert_eq!(latest.created_at, Some(1_700_000_100.into()));
    assert_eq!(latest.user_id.as_deref(), Some("u-1"));
    assert_eq!(latest.email.as_deref(), Some("ada@example.com"));
    assert_eq!(latest.intercom_user_id.as_deref(), Some(ADA));
    assert_eq!(latest.metadata, Some(object(json!({"order": "A2"}))));

    let streamed: Vec<Event> = client
        .list_events_for_user()
        .intercom_user_id(ADA)
        .stream()
        .try_collect()
        .await
        .expect("streamed by intercom_user_id");
    assert_eq!(streamed, events);
    let by_email = client
        .list_events_for_user()
        .email("ada@example.com")
        .await
        .expect("by email");
    assert_eq!(by_email.events, Some(events));

    // The summary counts the events by name. `list_events_for_user` decodes into `EventList`,
    // so each summary entry is an `Event` whose summary fields are kept in `extra`.
    let summary = client
        .list_events_for_user()
        .user_id("u-1")
        .summary(true)
        .await
        .expect("summary");
    assert_eq!(summary.type_.as_deref(), Some("event.summary"));
    let entries = summary.events.expect("summary entries");
    let counts: Vec<_> = entries
        .iter()
        .map(|e| (e.extra.get("name").cloned(), e.extra.get("count").cloned()))
        .collect();
    assert_eq!(
        counts,
        [
            (Some(json!("invited-friend")), Some(json!(1))),
            (Some(json!("ordered-item")), Some(json!(2))),
        ]
    );
    assert_eq!(
        entries[1].extra.get("last"),
        Some(&json!("2023-11-14T22:15:00.000Z"))
    );
}

#[tokio::test]
async fn event_errors_come_back_as_api_errors() {
    let mock = seeded(PEOPLE).await;
    let client = client(&mock);

    assert_not_found(
        client
            .create_event("ordered-item", 1_700_000_000)
            .user_id("nobody")
            .await,
    );
    let nameless = api_error(
        send_json(
            &client,
            "POST",
            "/events",
            json!({"created_at": 1_700_000_000, "user_id": "u-1"}),
        )
        .await,
        400,
        "parameter_not_found",
    );
    assert_eq!(field(&nameless), Some("event_name"));
    let undated = api_error(
        send_json(
            &client,
            "POST",
            "/events",
            json!({"event_name": "ordered-item", "user_id": "u-1"}),
        )
        .await,
        400,
        "parameter_not_found",
    );
    assert_eq!(field(&undated), Some("created_at"));
    let page = client
        .list_events_for_user()
        .user_id("u-1")
        .await
        .expect("ada's events");
    assert_eq!(page.events, Some(vec![]), "no refused event was stored");
    assert_not_found(client.list_events_for_user().user_id("nobody").await);

    let before = mock.request_count();
    assert_refused_unsent(
        client.list_events_for_user().summary(true).await,
        &["intercom_user_id", "user_id", "email"],
    );
    assert_eq!(mock.request_count(), before, "nothing was sent");
}
