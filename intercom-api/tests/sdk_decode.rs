//! The models of the SDK operations (`spec/sdk-operations.md`) decoded from realistic answers
//! (`tests/fixtures/sdk/*.json`, written from the shapes the 1.x SDKs' fixtures and Intercom's
//! pages show): the typed fields hold the values sent, and serializing the decoded value gives
//! back the answer.
//!
//! The comparison is the one of `models_decode.rs` (see `roundtrip_support`): the re-serialized
//! JSON must equal the original exactly, but for wrapped lists sent back as arrays and `null`
//! known fields left out, and each test names the exact paths where one applied;
//! [`every_fixture_comes_back_as_received`] checks every file of the directory.

mod roundtrip_support;

use std::fmt::Debug;

use intercom_api::TimestampForm;
use intercom_api::types::{
    AppCounts, CompanyCounts, ConversationCounts, DataAttributeList, Job, JobErrorList, JobState,
    Notification, NotificationList, ObjectRef, PermanentDeletion, Subscription, SubscriptionList,
    Tag, Topic, UserCounts, UserTag,
};
use roundtrip_support::{Decoder, Roundtrip, check_every_fixture, reserialize, roundtrip_text};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

/// Decodes the fixture `name` as `T` and checks that re-serializing gives it back.
/// `wrapped` lists the paths of wrapped lists in the fixture (`*` matches every array element).
fn roundtrip<T>(name: &str, wrapped: &[&str]) -> Roundtrip<T>
where
    T: DeserializeOwned + Serialize + PartialEq + Debug,
{
    roundtrip_text(name, &read_fixture(name), wrapped)
}

fn read_fixture(name: &str) -> String {
    roundtrip_support::read_fixture("sdk", name)
}

fn map(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(m) => m,
        other => panic!("not an object: {other}"),
    }
}

fn s(v: &str) -> Option<String> {
    Some(v.to_owned())
}

/// A timestamp field's value from Unix seconds (the fields are `i64` or a newtype over it).
fn ts<T: From<i64>>(secs: i64) -> Option<T> {
    Some(T::from(secs))
}

/// `[{"VIP": 3}, …]`, the name counts of the count variants.
fn name_counts(value: Value) -> Option<Vec<Map<String, Value>>> {
    match value {
        Value::Array(items) => Some(items.into_iter().map(map).collect()),
        other => panic!("not an array: {other}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Permanent deletion.
// ---------------------------------------------------------------------------------------------

#[test]
fn permanent_deletion() {
    let rt = roundtrip::<PermanentDeletion>("permanent_deletion.json", &[]);
    rt.nulls_dropped(&[]);
    assert_eq!(rt.value.id, Some(123_456));
    assert!(rt.value.extra.is_empty());
}

// ---------------------------------------------------------------------------------------------
// Counts.
// ---------------------------------------------------------------------------------------------

#[test]
fn app_counts() {
    let rt = roundtrip::<AppCounts>("counts_app.json", &[]);
    rt.nulls_dropped(&[]);
    let c = &rt.value;
    assert_eq!(c.type_, s("count.hash"));
    assert_eq!(c.company.as_ref().and_then(|v| v.count), Some(8));
    assert_eq!(c.segment.as_ref().and_then(|v| v.count), Some(47));
    assert_eq!(c.tag.as_ref().and_then(|v| v.count), Some(341));
    assert_eq!(c.user.as_ref().and_then(|v| v.count), Some(12_239));
    assert!(c.extra.is_empty());
}

#[test]
fn conversation_counts() {
    let rt = roundtrip::<ConversationCounts>("counts_conversation.json", &[]);
    rt.nulls_dropped(&[]);
    let c = &rt.value;
    assert_eq!(c.type_, s("count"));
    let v = c.conversation.as_ref().expect("conversation");
    assert_eq!(
        (v.open, v.closed, v.assigned, v.unassigned),
        (Some(2), Some(15), Some(1), Some(1))
    );
    assert_eq!(v.admin, None);
    assert!(v.extra.is_empty() && c.extra.is_empty());
}

#[test]
fn conversation_counts_per_admin() {
    let rt = roundtrip::<ConversationCounts>("counts_conversation_admin.json", &[]);
    rt.nulls_dropped(&[]);
    let v = rt.value.conversation.as_ref().expect("conversation");
    assert_eq!(v.open, None, "no totals in the per-admin variant");
    let admins = v.admin.as_ref().expect("admin");
    let rows: Vec<_> = admins
        .iter()
        .map(|a| (a.id.as_deref(), a.name.as_deref(), a.open, a.closed))
        .collect();
    assert_eq!(
        rows,
        [
            (Some("394051"), Some("Ciaran Lee"), Some(5), Some(10)),
            (Some("394052"), Some("Eoghan McCabe"), Some(0), Some(2)),
            (Some("814860"), Some("Des Traynor"), Some(3), Some(0)),
        ]
    );
}

#[test]
fn user_counts_per_tag() {
    let rt = roundtrip::<UserCounts>("counts_user_tag.json", &[]);
    rt.nulls_dropped(&[]);
    let c = &rt.value;
    assert_eq!(c.type_, s("count"));
    let v = c.user.as_ref().expect("user");
    assert_eq!(
        v.tag,
        name_counts(json!([{"VIP": 3}, {"Trial ends this week": 14}, {"Independent": 0}]))
    );
    assert_eq!(v.segment, None);
}

#[test]
fn user_counts_per_segment() {
    let rt = roundtrip::<UserCounts>("counts_user_segment.json", &[]);
    rt.nulls_dropped(&[]);
    let v = rt.value.user.as_ref().expect("user");
    assert_eq!(
        v.segment,
        name_counts(json!([
            {"Active": 1}, {"New": 0}, {"Slipping Away": 0}, {"All Users": 12_239}
        ]))
    );
    assert_eq!(v.tag, None);
}

#[test]
fn company_counts_per_tag_with_nested_pages() {
    let rt = roundtrip::<CompanyCounts>("counts_company_tag.json", &[]);
    rt.nulls_dropped(&[]);
    let c = &rt.value;
    assert_eq!(c.type_, s("count"));
    let v = c.company.as_ref().expect("company");
    assert_eq!(
        v.tag,
        name_counts(json!([{"enterprise": 2}, {"Partner & Reseller": 1}]))
    );
    assert_eq!((v.segment.as_ref(), v.user.as_ref()), (None, None));
    // The documented nested `pages` has no field: it is kept as received, its null included.
    assert_eq!(
        c.extra,
        map(json!({"pages": {"pages": {
            "type": "pages", "next": null, "page": 1, "per_page": 50, "total_pages": 1
        }}}))
    );
}

#[test]
fn company_counts_per_segment() {
    let rt = roundtrip::<CompanyCounts>("counts_company_segment.json", &[]);
    rt.nulls_dropped(&[]);
    let v = rt.value.company.as_ref().expect("company");
    assert_eq!(
        v.segment,
        name_counts(json!([{"Active": 7}, {"New": 1}, {"Slipping Away": 0}]))
    );
}

#[test]
fn company_counts_of_users() {
    let rt = roundtrip::<CompanyCounts>("counts_company_user.json", &[]);
    rt.nulls_dropped(&[]);
    let v = rt.value.company.as_ref().expect("company");
    assert_eq!(
        v.user,
        name_counts(json!([{"Acme Inc": 42}, {"Blue Sun": 3}, {"Serenity": 0}]))
    );
}

// ---------------------------------------------------------------------------------------------
// The 1.4 list of both models' data attributes.
// ---------------------------------------------------------------------------------------------

#[test]
fn data_attributes_of_both_models() {
    let rt = roundtrip::<DataAttributeList>("data_attribute_list_all.json", &[]);
    rt.nulls_dropped(&[
        "/data_attributes/0/admin_id",
        "/data_attributes/0/created_at",
        "/data_attributes/0/options",
        "/data_attributes/0/updated_at",
        "/data_attributes/2/admin_id",
        "/data_attributes/2/created_at",
        "/data_attributes/2/options",
        "/data_attributes/2/updated_at",
    ]);
    let attrs = rt.value.data_attributes.as_ref().expect("data_attributes");
    let models: Vec<_> = attrs.iter().map(|a| a.model.as_deref()).collect();
    assert_eq!(
        models,
        [Some("customer"), Some("customer"), Some("company")],
        "1.x names the people model customer"
    );
    let plan = &attrs[1];
    assert_eq!(plan.full_name, s("custom_attributes.plan_tier"));
    assert_eq!(
        plan.options,
        Some(vec!["bronze".into(), "silver".into(), "gold".into()])
    );
    assert_eq!(plan.ui_writable, Some(false));
    assert_eq!(plan.custom, Some(true));
    assert_eq!(plan.admin_id, s("814860"));
    assert_eq!(plan.created_at, ts(1_539_897_198));
    assert_eq!(attrs[2].data_type, s("float"));
    assert_eq!(attrs[2].options, None);
}

// ---------------------------------------------------------------------------------------------
// Subscriptions and notifications.
// ---------------------------------------------------------------------------------------------

const SUB_ID: &str = "nsub_6d4a6f10-3c2b-11e6-8a6b-8d0a1c2e3f40";

#[test]
fn subscription() {
    let rt = roundtrip::<Subscription>("subscription.json", &[]);
    rt.nulls_dropped(&[]);
    let sub = &rt.value;
    assert_eq!(sub.type_, s("notification_subscription"));
    assert_eq!(sub.id, s(SUB_ID));
    assert_eq!(sub.created_at, ts(1_466_589_262));
    assert_eq!(sub.updated_at, ts(1_466_589_290));
    assert_eq!(sub.service_type, s("web"));
    assert_eq!(sub.app_id, s("ecahpwf5"));
    assert_eq!(sub.url, s("https://hooks.example.com/intercom"));
    assert_eq!(
        sub.self_,
        Some(format!("https://api.intercom.io/subscriptions/{SUB_ID}"))
    );
    assert_eq!(
        sub.topics,
        Some(vec![
            Topic::UserCreated,
            Topic::UserTagCreated,
            Topic::ConversationUserCreated,
            Topic::EventCreated,
            Topic::Ping,
        ])
    );
    assert_eq!(sub.active, Some(true));
    let metadata = sub.metadata.as_ref().expect("metadata");
    assert_eq!(
        metadata.event_names,
        Some(vec!["invited-friend".to_owned(), "placed-order".to_owned()])
    );
    assert_eq!(sub.hub_secret, s("5b7a8e9c0d1f"));
    assert_eq!(sub.mode, s("point"));
    let links = sub.links.as_ref().expect("links");
    assert_eq!(
        links.keys().map(String::as_str).collect::<Vec<_>>(),
        ["errors", "retry", "sent"]
    );
    assert_eq!(
        links["sent"],
        json!(format!(
            "https://api.intercom.io/subscriptions/{SUB_ID}/sent"
        ))
    );
    assert_eq!(sub.notes, Some(vec![]));
    assert!(sub.extra.is_empty());
}

#[test]
fn subscription_list_under_items() {
    let rt = roundtrip::<SubscriptionList>("subscription_list.json", &[]);
    rt.nulls_dropped(&["/items/1/hub_secret"]);
    let list = &rt.value;
    assert!(list.extra.is_empty(), "the list is under items: {list:?}");
    let items = list.items.as_ref().expect("items");
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].id, s(SUB_ID));
    assert_eq!(items[0].topics, Some(vec![Topic::UserCreated, Topic::Ping]));
    assert_eq!(
        items[0].metadata.as_ref().map(|m| m.event_names.clone()),
        Some(None),
        "an empty metadata object"
    );
    let second = &items[1];
    assert_eq!(second.id, s("nsub_8f1e2d30-4a5b-11e6-9c7d-1b2a3c4d5e6f"));
    assert_eq!(second.active, Some(false));
    assert_eq!(second.hub_secret, None, "not signed");
    let topics: Vec<String> = second
        .topics
        .as_ref()
        .expect("topics")
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        topics,
        [
            "conversation",
            "conversation.admin.snoozed",
            "company.created",
            "a.topic.from.the.future"
        ]
    );
    assert_eq!(
        second.topics.as_ref().map(|t| t[3].clone()),
        Some(Topic::Unknown("a.topic.from.the.future".to_owned())),
        "a topic the client does not know is kept, not refused"
    );
}

#[test]
fn sent_notifications() {
    let rt = roundtrip::<NotificationList>("notification_list_sent.json", &[]);
    rt.nulls_dropped(&[
        "/notifications/0/self",
        "/notifications/1/self",
        "/pages/next",
    ]);
    let list = &rt.value;
    assert_eq!(list.type_, s("notification.list"));
    let pages = list.pages.as_ref().expect("pages");
    assert_eq!(
        (pages.page, pages.total_pages, pages.next.as_ref()),
        (Some(1), Some(1), None)
    );
    let notifications = list.notifications.as_ref().expect("notifications");
    assert_eq!(notifications.len(), 2);

    let created = &notifications[0];
    assert_eq!(created.type_, s("notification_event"));
    assert_eq!(created.id, s("notif_78c122d0-3f8b-11e6-a4b3-4f5a9c2e1d07"));
    assert_eq!(created.app_id, s("ecahpwf5"));
    assert_eq!(created.topic, Some(Topic::UserCreated));
    assert_eq!(created.delivery_status, s("success"));
    assert_eq!(created.delivery_attempts, Some(1));
    assert_eq!(created.delivered_at, ts(1_466_978_104));
    assert_eq!(created.first_sent_at, ts(1_466_978_103));
    assert_eq!(created.created_at, ts(1_466_978_102));
    assert_eq!(created.self_, None);
    assert_eq!(created.links, Some(Map::new()));
    assert_eq!(created.http_request, None, "only the error feed has it");
    let data = created.data.as_ref().expect("data");
    assert_eq!(data.type_, s("notification_event_data"));
    let item = data.item.as_ref().expect("item");
    assert_eq!(item["type"], json!("user"));
    assert_eq!(item["email"], json!("ada@example.com"));
    // The item is kept as sent: its ISO-8601 times and its nulls too.
    assert_eq!(item["created_at"], json!("2016-06-26T21:55:02.214Z"));
    assert_eq!(item["last_request_at"], Value::Null);

    let ping = &notifications[1];
    assert_eq!(ping.topic, Some(Topic::Ping));
    assert_eq!(
        ping.data.as_ref().and_then(|d| d.item.clone()),
        Some(json!({"type": "ping", "message": "something something interzen"}))
    );
}

#[test]
fn error_notifications_carry_the_failed_request() {
    let rt = roundtrip::<NotificationList>("notification_list_error.json", &[]);
    rt.nulls_dropped(&["/notifications/0/self", "/pages/next"]);
    let notifications = rt.value.notifications.as_ref().expect("notifications");
    assert_eq!(notifications.len(), 1);
    let failed: &Notification = &notifications[0];
    assert_eq!(failed.topic, Some(Topic::ConversationUserCreated));
    assert_eq!(failed.delivery_status, s("failed"));
    assert_eq!(failed.delivery_attempts, Some(3));
    assert_eq!(failed.delivered_at, ts(0), "0 until delivered");
    let item = failed
        .data
        .as_ref()
        .and_then(|d| d.item.as_ref())
        .expect("item");
    assert_eq!(
        item["assignee"],
        json!({"type": "nobody_admin", "id": null})
    );
    assert_eq!(item["open"], Value::Null);

    let http = failed.http_request.as_ref().expect("http_request");
    assert_eq!(http.request_method, s("POST"));
    assert_eq!(http.request_uri, s("https://hooks.example.com/intercom"));
    let request_headers = http.request_headers.as_ref().expect("request_headers");
    assert_eq!(
        request_headers["User-Agent"],
        json!("intercom-parrot-service-client/1.0")
    );
    assert_eq!(
        request_headers["X-Hub-Signature"],
        json!("sha1=6f8a1d3e52b0c47a9e1f2d3c4b5a69788796a5b4")
    );
    let entity = http.request_entity.as_deref().expect("request_entity");
    let sent: Value = serde_json::from_str(entity).expect("the request body is JSON text");
    assert_eq!(sent["topic"], json!("conversation.user.created"));
    assert_eq!(http.response_status_code, Some(503));
    assert_eq!(
        http.response_headers,
        Some(map(
            json!({"Content-Type": "text/html", "Retry-After": "120"})
        ))
    );
    assert_eq!(
        http.response_entity,
        s("<html><body>Service Unavailable</body></html>")
    );
    assert!(http.extra.is_empty() && failed.extra.is_empty());
}

// ---------------------------------------------------------------------------------------------
// Bulk jobs.
// ---------------------------------------------------------------------------------------------

const JOB_ID: &str = "job_5ca1ab1eca11ab1e";

#[test]
fn completed_job_with_tasks() {
    let rt = roundtrip::<Job>("job_completed.json", &[]);
    rt.nulls_dropped(&[]);
    let job = &rt.value;
    assert_eq!(job.id, s(JOB_ID));
    assert_eq!(job.app_id, s("ecahpwf5"));
    assert_eq!(job.name, s("api_bulk_job"));
    assert_eq!(job.state, Some(JobState::Completed));
    assert_eq!(job.created_at, ts(1_446_033_421));
    assert_eq!(job.updated_at, ts(1_446_033_466));
    assert_eq!(job.completed_at, ts(1_446_033_466));
    assert_eq!(job.closing_at, ts(1_446_034_321));
    let links = job.links.as_ref().expect("links");
    assert_eq!(
        links.error,
        Some(format!("https://api.intercom.io/jobs/{JOB_ID}/error"))
    );
    assert_eq!(
        links.self_,
        Some(format!("https://api.intercom.io/jobs/{JOB_ID}"))
    );
    let tasks = job.tasks.as_ref().expect("tasks");
    assert_eq!(tasks.len(), 2);
    let task = &tasks[0];
    assert_eq!(task.id, s("task_5ca1ab1eca11ab1e"));
    assert_eq!(task.item_count, Some(2));
    assert_eq!(task.state, Some(JobState::Completed));
    assert_eq!(task.created_at, ts(1_446_033_421));
    assert_eq!(task.started_at, ts(1_446_033_425));
    assert_eq!(task.completed_at, ts(1_446_033_466));
    assert_eq!(tasks[1].item_count, Some(1));
    assert!(job.extra.is_empty() && task.extra.is_empty());
}

#[test]
fn running_job_not_yet_completed() {
    let rt = roundtrip::<Job>("job_running.json", &[]);
    rt.nulls_dropped(&["/completed_at"]);
    let job = &rt.value;
    assert_eq!(job.id, s(JOB_ID));
    assert_eq!(job.name, s("api bulk job"));
    assert_eq!(job.state, Some(JobState::Running));
    assert_eq!(job.completed_at, None);
    assert_eq!(job.tasks, None);
    assert!(job.extra.is_empty());
}

#[test]
fn job_error_feed_with_failed_items() {
    let rt = roundtrip::<JobErrorList>("job_errors.json", &[]);
    rt.nulls_dropped(&[]);
    let feed = &rt.value;
    assert_eq!(feed.app_id, s("ecahpwf5"));
    assert_eq!(feed.job_id, s(JOB_ID));
    assert!(feed.pages.is_some(), "an empty pages object");
    let items = feed.items.as_ref().expect("items");
    assert_eq!(items.len(), 2);

    let invalid = &items[0];
    assert_eq!(invalid.type_, s("job_item"));
    assert_eq!(invalid.id, s("item_c0ffee0a1b2c3d4e"));
    assert_eq!(invalid.updated_at, ts(1_446_033_460));
    assert_eq!(invalid.method, s("post"));
    assert_eq!(invalid.data_type, s("user"));
    // The item's data is kept as submitted: an integer user_id stays an integer, a null stays.
    let data = invalid.data.as_ref().expect("data");
    assert_eq!(data["user_id"], json!(25));
    assert_eq!(
        data["custom_attributes"],
        json!({"plan_tier": "gold", "churn_risk": null})
    );
    assert_eq!(
        data["companies"],
        json!([{"company_id": "acme-1", "name": "Acme Inc"}])
    );
    let error = invalid.error.as_ref().expect("error");
    assert_eq!(error.code, s("parameter_invalid"));
    assert_eq!(error.message, s("Email address is invalid"));

    let missing = &items[1];
    assert_eq!(missing.method, s("delete"));
    assert_eq!(
        missing.error.as_ref().and_then(|e| e.code.as_deref()),
        Some("not_found")
    );
}

#[test]
fn empty_job_error_feed() {
    let rt = roundtrip::<JobErrorList>("job_errors_empty.json", &[]);
    rt.nulls_dropped(&[]);
    assert_eq!(rt.value.items, Some(vec![]));
    assert_eq!(rt.value.job_id, s(JOB_ID));
}

// ---------------------------------------------------------------------------------------------
// The item of a user.tag.created notification.
// ---------------------------------------------------------------------------------------------

#[test]
fn user_tag_with_webhook_times() {
    let rt = roundtrip::<UserTag>(
        "user_tag.json",
        &[
            "/user/companies",
            "/user/social_profiles",
            "/user/tags",
            "/user/segments",
        ],
    );
    rt.nulls_dropped(&[
        "/user/avatar/image_url",
        "/user/location_data/postal_code",
        "/user/phone",
        "/user/pseudonym",
        "/user/remote_created_at",
        "/user/user_agent_data",
    ]);
    let t = &rt.value;
    assert_eq!(t.type_, s("user_tag"));
    assert_eq!(t.created_at, ts(1_460_428_613));
    assert_eq!(
        t.tag,
        Some(Tag {
            type_: s("tag"),
            id: s("2731457"),
            name: s("vip"),
            ..Default::default()
        })
    );
    assert_eq!(
        t.admin,
        Some(ObjectRef {
            type_: s("admin"),
            ..Default::default()
        })
    );

    let u = t.user.as_ref().expect("user");
    assert_eq!(u.id, s("5714dd359a3fd47136000001"));
    assert_eq!(u.user_id, s("25"));
    assert_eq!(u.email, s("ada@example.com"));
    assert_eq!(u.session_count, Some(3));
    // The webhook's ISO-8601 times fill the same typed fields as the REST API's Unix seconds,
    // to the millisecond, and are sent back as received.
    let created = u.created_at.as_ref().expect("created_at is typed");
    assert_eq!(created.unix_seconds(), 1_460_428_612);
    assert_eq!(created.subsec_nanos(), 214_000_000);
    assert_eq!(created.form(), TimestampForm::Rfc3339);
    assert_eq!(u.signed_up_at, ts(1_460_428_200));
    assert_eq!(u.last_request_at, ts(1_460_428_580));
    assert_eq!(u.updated_at, ts(1_460_428_613));
    assert_eq!(u.remote_created_at, None);
    for key in [
        "created_at",
        "updated_at",
        "signed_up_at",
        "last_request_at",
    ] {
        assert!(!u.extra.contains_key(key), "{key} is typed, not in extra");
    }
    assert_eq!(
        serde_json::to_value(created).expect("serialized"),
        json!("2016-04-12T02:36:52.214Z")
    );
    // Tags and segments inside a webhook user are thin.
    assert_eq!(
        u.tags,
        Some(vec![Tag {
            type_: s("tag"),
            id: s("2731457"),
            ..Default::default()
        }])
    );
    assert_eq!(u.segments.as_ref().map(Vec::len), Some(1));
}

/// Every file of `tests/fixtures/sdk`, decoded with its model, comes back as received but for
/// wrapped lists and dropped nulls; a new fixture needs a line here.
#[test]
fn every_fixture_comes_back_as_received() {
    let decoders: &[(&str, Decoder)] = &[
        ("counts_app.json", reserialize::<AppCounts>),
        ("counts_company_segment.json", reserialize::<CompanyCounts>),
        ("counts_company_tag.json", reserialize::<CompanyCounts>),
        ("counts_company_user.json", reserialize::<CompanyCounts>),
        (
            "counts_conversation.json",
            reserialize::<ConversationCounts>,
        ),
        (
            "counts_conversation_admin.json",
            reserialize::<ConversationCounts>,
        ),
        ("counts_user_segment.json", reserialize::<UserCounts>),
        ("counts_user_tag.json", reserialize::<UserCounts>),
        (
            "data_attribute_list_all.json",
            reserialize::<DataAttributeList>,
        ),
        ("job_completed.json", reserialize::<Job>),
        ("job_errors.json", reserialize::<JobErrorList>),
        ("job_errors_empty.json", reserialize::<JobErrorList>),
        ("job_running.json", reserialize::<Job>),
        (
            "notification_list_error.json",
            reserialize::<NotificationList>,
        ),
        (
            "notification_list_sent.json",
            reserialize::<NotificationList>,
        ),
        ("permanent_deletion.json", reserialize::<PermanentDeletion>),
        ("subscription.json", reserialize::<Subscription>),
        ("subscription_list.json", reserialize::<SubscriptionList>),
        ("user_tag.json", reserialize::<UserTag>),
    ];
    assert_eq!(check_every_fixture("sdk", decoders), 19);
}
