//! Messages and conversations: starting one, replies and their effects, filters, reading,
//! customers.

mod support;

use intercom_mock::{MockServer, Seed};
use serde_json::{Value, json};
use support::{Api, code, field, id, items, start, start_with, texts};

/// An in-app message from admin 1001 to the user `user_id`; answers the conversation it
/// started.
async fn started(mock: &Api, user_id: &str, body: &str) -> Value {
    let message = mock
        .created(
            "/messages",
            json!({
                "message_type": "inapp",
                "body": body,
                "from": { "type": "admin", "id": "1001" },
                "to": { "type": "user", "user_id": user_id },
            }),
        )
        .await;
    let user = mock.fetched(&format!("/users?user_id={user_id}")).await;
    let list = mock
        .fetched(&format!(
            "/conversations?type=user&intercom_user_id={}",
            id(&user)
        ))
        .await;
    items(&list, "conversations")
        .iter()
        .find(|c| c["conversation_message"]["id"] == message["id"])
        .cloned()
        .unwrap_or_else(|| panic!("no conversation for {message}: {list}"))
}

/// Posts a reply to the conversation `conversation`, which must succeed; answers the
/// conversation.
async fn replied(mock: &Api, conversation: &Value, body: Value) -> Value {
    mock.created(&format!("/conversations/{}/reply", id(conversation)), body)
        .await
}

#[tokio::test]
async fn an_admin_message_starts_a_conversation_with_the_recipient() {
    let mock = start().await;
    let ada = mock.user("u1", "ada@example.com").await;
    let message = mock
        .created(
            "/messages",
            json!({
                "message_type": "email",
                "subject": "Welcome",
                "body": "<p>Hello</p>",
                "template": "personal",
                "from": { "type": "admin", "id": "1001" },
                "to": { "type": "user", "email": "ada@example.com" },
            }),
        )
        .await;
    assert_eq!(message["type"], "admin_message");
    assert_eq!(message["message_type"], "email");
    assert_eq!(message["subject"], "Welcome");
    assert_eq!(message["body"], "<p>Hello</p>");
    assert_eq!(message["template"], "personal");
    assert_eq!(message["owner"]["type"], "admin");
    assert_eq!(message["owner"]["id"], "1001");
    assert_eq!(message["owner"]["name"], "Ada Admin");
    assert!(message["created_at"].is_i64());

    let list = mock.fetched("/conversations").await;
    assert_eq!(list["type"], "conversation.list");
    assert_eq!(items(&list, "conversations").len(), 1);
    let conversation = mock
        .fetched(&format!(
            "/conversations/{}",
            id(&items(&list, "conversations")[0])
        ))
        .await;
    assert_eq!(conversation["type"], "conversation");
    let me = json!({ "type": "user", "id": id(&ada) });
    assert_eq!(conversation["user"], me);
    assert_eq!(conversation["customers"], json!([me]));
    assert_eq!(conversation["open"], true);
    assert_eq!(conversation["state"], "open");
    assert_eq!(conversation["read"], false);
    let first = &conversation["conversation_message"];
    assert_eq!(first["type"], "conversation_message");
    assert_eq!(first["id"], message["id"]);
    assert_eq!(first["subject"], "Welcome");
    assert_eq!(first["body"], "<p>Hello</p>");
    assert_eq!(first["author"], json!({ "type": "admin", "id": "1001" }));
    assert_eq!(
        conversation["conversation_parts"]["type"],
        "conversation_part.list"
    );
    assert!(items(&conversation, "conversation_parts").is_empty());
}

#[tokio::test]
async fn a_message_needs_a_known_sender_and_recipient() {
    let mock = start().await;
    mock.user("u1", "ada@example.com").await;
    let message = |from: Value, to: Value| json!({ "message_type": "inapp", "body": "Hi", "from": from, "to": to });
    let (status, _, body) = mock
        .post(
            "/messages",
            message(
                json!({ "type": "admin", "id": "999" }),
                json!({ "type": "user", "user_id": "u1" }),
            ),
        )
        .await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(code(&body), "admin_not_found");

    let (status, _, body) = mock
        .post(
            "/messages",
            message(
                json!({ "type": "admin", "id": "1001" }),
                json!({ "type": "user", "user_id": "nobody" }),
            ),
        )
        .await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(code(&body), "not_found");

    let (status, _, body) = mock
        .post(
            "/messages",
            json!({
                "message_type": "email", "body": "Hi",
                "from": { "type": "admin", "id": "1001" }, "to": { "type": "user", "user_id": "u1" },
            }),
        )
        .await;
    assert_eq!(status, 400, "an email without a subject: {body}");
    assert_eq!(field(&body), "subject");

    let (status, _, body) = mock
        .post(
            "/messages",
            message(json!({ "type": "user", "user_id": "nobody" }), Value::Null),
        )
        .await;
    assert_eq!(status, 404, "{body}");

    let list = mock.fetched("/conversations").await;
    assert!(
        items(&list, "conversations").is_empty(),
        "nothing started: {list}"
    );
}

#[tokio::test]
async fn a_user_message_names_the_conversation_it_started() {
    let mock = start().await;
    let ada = mock.user("u1", "ada@example.com").await;
    let message = mock
        .created(
            "/messages",
            json!({ "body": "Help!", "from": { "type": "user", "user_id": "u1" } }),
        )
        .await;
    assert_eq!(message["type"], "user_message");
    assert_eq!(message["body"], "Help!");
    let conversation_id = message["conversation_id"]
        .as_str()
        .expect("a conversation id");
    let conversation = mock
        .fetched(&format!("/conversations/{conversation_id}"))
        .await;
    assert_eq!(conversation["conversation_message"]["id"], message["id"]);
    assert_eq!(
        conversation["conversation_message"]["author"],
        json!({ "type": "user", "id": id(&ada) })
    );
    assert!(conversation["waiting_since"].is_i64(), "{conversation}");
}

#[tokio::test]
async fn replies_are_appended_as_parts_and_change_the_conversation() {
    let mock = start().await;
    let ada = mock.user("u1", "ada@example.com").await;
    let conversation = started(&mock, "u1", "Hello").await;

    let after = replied(
        &mock,
        &conversation,
        json!({ "type": "user", "message_type": "comment", "user_id": "u1", "body": "Hi back",
                "attachment_urls": ["https://files.example.com/a/report.pdf"] }),
    )
    .await;
    let parts = items(&after, "conversation_parts");
    assert_eq!(parts.len(), 1);
    assert_eq!(after["conversation_parts"]["total_count"], 1);
    assert_eq!(parts[0]["type"], "conversation_part");
    assert_eq!(parts[0]["part_type"], "comment");
    assert_eq!(parts[0]["body"], "Hi back");
    assert_eq!(
        parts[0]["author"],
        json!({ "type": "user", "id": id(&ada) })
    );
    assert_eq!(
        parts[0]["attachments"][0]["url"],
        "https://files.example.com/a/report.pdf"
    );
    assert_eq!(parts[0]["attachments"][0]["name"], "report.pdf");
    assert_eq!(after["read"], false);
    assert!(
        after["waiting_since"].is_i64(),
        "a user reply waits: {after}"
    );

    let after = replied(
        &mock,
        &conversation,
        json!({ "type": "admin", "admin_id": "1002", "message_type": "comment", "body": "On it" }),
    )
    .await;
    assert_eq!(after["waiting_since"], Value::Null, "an admin answered");
    let after = replied(
        &mock,
        &conversation,
        json!({ "type": "admin", "admin_id": "1001", "message_type": "assignment", "assignee_id": "1002" }),
    )
    .await;
    assert_eq!(after["assignee"], json!({ "type": "admin", "id": "1002" }));
    let last = items(&after, "conversation_parts")
        .last()
        .cloned()
        .unwrap_or_default();
    assert_eq!(last["part_type"], "assignment");
    assert_eq!(
        last["assigned_to"],
        json!({ "type": "admin", "id": "1002" })
    );

    let after = replied(
        &mock,
        &conversation,
        json!({ "type": "admin", "admin_id": "1002", "message_type": "close" }),
    )
    .await;
    assert_eq!(
        (&after["open"], &after["state"]),
        (&json!(false), &json!("closed"))
    );
    let after = replied(
        &mock,
        &conversation,
        json!({ "type": "admin", "admin_id": "1002", "message_type": "open" }),
    )
    .await;
    assert_eq!(
        (&after["open"], &after["state"]),
        (&json!(true), &json!("open"))
    );
    let after = replied(
        &mock,
        &conversation,
        json!({ "type": "admin", "admin_id": "1002", "snooze_until": 2_000_000_000 }),
    )
    .await;
    assert_eq!(after["state"], "snoozed");
    assert_eq!(after["snoozed_until"], 2_000_000_000);
    let last = items(&after, "conversation_parts")
        .last()
        .cloned()
        .unwrap_or_default();
    assert_eq!(last["part_type"], "snoozed");

    // Every part is kept, in order, and a later GET sees them.
    let fetched = mock
        .fetched(&format!("/conversations/{}", id(&conversation)))
        .await;
    assert_eq!(
        texts(&fetched, "conversation_parts", "part_type"),
        [
            "comment",
            "comment",
            "assignment",
            "close",
            "open",
            "snoozed"
        ]
    );
    assert_eq!(fetched["conversation_parts"]["total_count"], 6);
    assert_eq!(fetched["state"], "snoozed");
}

#[tokio::test]
async fn a_reply_needs_a_known_conversation_and_author() {
    let mock = start().await;
    mock.user("u1", "ada@example.com").await;
    let conversation = started(&mock, "u1", "Hello").await;
    let path = format!("/conversations/{}/reply", id(&conversation));

    let (status, _, body) = mock
        .post(
            "/conversations/nope/reply",
            json!({ "type": "admin", "admin_id": "1001", "body": "x" }),
        )
        .await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(code(&body), "not_found");
    let (status, _, body) = mock
        .post(
            &path,
            json!({ "type": "admin", "admin_id": "999", "message_type": "comment", "body": "x" }),
        )
        .await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(code(&body), "admin_not_found");
    let (status, _, body) = mock
        .post(
            &path,
            json!({ "type": "user", "user_id": "u1", "message_type": "close" }),
        )
        .await;
    assert_eq!(status, 400, "a user cannot close: {body}");
    assert_eq!(field(&body), "message_type");
    let (status, _, body) = mock
        .post(
            &path,
            json!({ "type": "admin", "admin_id": "1001", "message_type": "comment" }),
        )
        .await;
    assert_eq!(status, 400, "a comment without a body: {body}");
    assert_eq!(field(&body), "body");
    let (status, _, body) = mock
        .post(&path, json!({ "type": "admin", "admin_id": "1001", "message_type": "assignment", "assignee_id": "42" }))
        .await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(code(&body), "admin_not_found");

    let fetched = mock
        .fetched(&format!("/conversations/{}", id(&conversation)))
        .await;
    assert!(
        items(&fetched, "conversation_parts").is_empty(),
        "{fetched}"
    );
}

#[tokio::test]
async fn display_as_plaintext_strips_html_from_the_returned_copy() {
    let mock = start().await;
    mock.user("u1", "ada@example.com").await;
    let conversation = started(&mock, "u1", "<p>Hello <b>Ada</b> &amp; co</p>").await;
    replied(
        &mock,
        &conversation,
        json!({ "type": "admin", "admin_id": "1001", "message_type": "note", "body": "<p>Call<br>her</p>" }),
    )
    .await;
    let path = format!("/conversations/{}", id(&conversation));
    let plain = mock.fetched(&format!("{path}?display_as=plaintext")).await;
    assert_eq!(plain["conversation_message"]["body"], "Hello Ada & co");
    assert_eq!(items(&plain, "conversation_parts")[0]["body"], "Call\nher");
    let html = mock.fetched(&path).await;
    assert_eq!(
        html["conversation_message"]["body"],
        "<p>Hello <b>Ada</b> &amp; co</p>"
    );
    let listed = mock.fetched("/conversations?display_as=plaintext").await;
    assert_eq!(
        items(&listed, "conversations")[0]["conversation_message"]["body"],
        "Hello Ada & co"
    );
}

#[tokio::test]
async fn conversations_are_filtered_by_assignee_customer_state_and_read() {
    let mock = start().await;
    let ada = mock.user("u1", "ada@example.com").await;
    mock.user("u2", "grace@example.com").await;
    let assigned = started(&mock, "u1", "one").await;
    let closed = started(&mock, "u1", "two").await;
    let other = started(&mock, "u2", "three").await;
    replied(
        &mock,
        &assigned,
        json!({ "type": "admin", "admin_id": "1001", "message_type": "assignment", "assignee_id": "1002" }),
    )
    .await;
    replied(
        &mock,
        &closed,
        json!({ "type": "admin", "admin_id": "1001", "message_type": "close" }),
    )
    .await;
    let (status, _, body) = mock
        .put(
            &format!("/conversations/{}", id(&other)),
            json!({ "read": true }),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["read"], true);
    assert_eq!(
        mock.fetched(&format!("/conversations/{}", id(&other)))
            .await["read"],
        true
    );

    let ids = |list: Value| {
        let mut ids: Vec<String> = items(&list, "conversations").iter().map(id).collect();
        ids.sort();
        ids
    };
    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };
    assert_eq!(
        ids(mock
            .fetched("/conversations?type=admin&admin_id=1002")
            .await),
        [id(&assigned)]
    );
    assert_eq!(
        ids(mock
            .fetched("/conversations?type=admin&admin_id=nobody")
            .await),
        sorted(vec![id(&closed), id(&other)])
    );
    assert_eq!(
        ids(mock
            .fetched(&format!(
                "/conversations?type=user&intercom_user_id={}",
                id(&ada)
            ))
            .await),
        sorted(vec![id(&assigned), id(&closed)])
    );
    assert_eq!(
        ids(mock
            .fetched("/conversations?type=user&email=grace%40example.com")
            .await),
        [id(&other)]
    );
    assert_eq!(
        ids(mock.fetched("/conversations?open=false").await),
        [id(&closed)]
    );
    assert_eq!(
        ids(mock.fetched("/conversations?unread=true").await),
        sorted(vec![id(&assigned), id(&closed)])
    );

    let oldest_first = mock
        .fetched("/conversations?sort=created_at&order=asc")
        .await;
    let created: Vec<String> = items(&oldest_first, "conversations")
        .iter()
        .map(id)
        .collect();
    assert_eq!(created, [id(&assigned), id(&closed), id(&other)]);
    let newest_first = mock.fetched("/conversations?sort=created_at").await;
    let created: Vec<String> = items(&newest_first, "conversations")
        .iter()
        .map(id)
        .collect();
    assert_eq!(created, [id(&other), id(&closed), id(&assigned)]);

    let (status, _, body) = mock.get("/conversations?type=admin").await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(field(&body), "admin_id");
    let (status, _, body) = mock.get("/conversations?type=user&user_id=nobody").await;
    assert_eq!(status, 404, "{body}");
    let (status, _, body) = mock
        .put("/conversations/nope", json!({ "read": true }))
        .await;
    assert_eq!(status, 404, "{body}");
}

#[tokio::test]
async fn a_reply_to_the_last_conversation_goes_to_the_most_recently_updated() {
    let user =
        json!({ "id": "5d0000000000000000000abc", "user_id": "u1", "email": "ada@example.com" });
    let customer = json!({ "type": "user", "id": "5d0000000000000000000abc" });
    let conversation = |id: &str, updated_at: i64| {
        json!({
            "id": id, "created_at": 1_000, "updated_at": updated_at, "user": customer,
            "customers": [customer],
            "conversation_message": { "type": "conversation_message", "id": format!("m{id}"), "body": "x" },
        })
    };
    let seed = Seed {
        users: vec![
            user,
            json!({ "user_id": "u2", "email": "grace@example.com" }),
        ],
        // Created in this order, so the most recently updated one is not the newest.
        conversations: vec![conversation("recent", 3_000), conversation("older", 2_000)],
        ..Seed::default()
    };
    let mock = start_with(MockServer::builder().seed(seed)).await;
    let after = mock
        .created(
            "/conversations/last/reply",
            json!({ "type": "user", "message_type": "comment", "email": "ada@example.com", "body": "Me again" }),
        )
        .await;
    assert_eq!(after["id"], "recent");
    assert_eq!(texts(&after, "conversation_parts", "body"), ["Me again"]);
    let older = mock.fetched("/conversations/older").await;
    assert!(items(&older, "conversation_parts").is_empty());

    // An admin reply to the user's last conversation: now "recent" is again the latest.
    let after = mock
        .created(
            "/conversations/last/reply",
            json!({ "type": "admin", "admin_id": "1001", "message_type": "note", "intercom_user_id": "5d0000000000000000000abc", "body": "Noted" }),
        )
        .await;
    assert_eq!(after["id"], "recent");
    assert_eq!(items(&after, "conversation_parts").len(), 2);

    let (status, _, body) = mock
        .post(
            "/conversations/last/reply",
            json!({ "type": "user", "user_id": "u2", "body": "x" }),
        )
        .await;
    assert_eq!(status, 404, "no conversation: {body}");
    let (status, _, body) = mock
        .post(
            "/conversations/last/reply",
            json!({ "type": "user", "user_id": "nobody", "body": "x" }),
        )
        .await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(code(&body), "not_found");
}

#[tokio::test]
async fn customers_are_added_and_removed() {
    let mock = start().await;
    let ada = mock.user("u1", "ada@example.com").await;
    let grace = mock.user("u2", "grace@example.com").await;
    let conversation = started(&mock, "u1", "Hello").await;
    let path = format!("/conversations/{}/customers", id(&conversation));

    let answer = mock
        .created(
            &path,
            json!({ "admin_id": "1001", "customer": { "email": "grace@example.com" } }),
        )
        .await;
    let both = json!([{ "type": "user", "id": id(&ada) }, { "type": "user", "id": id(&grace) }]);
    assert_eq!(answer, json!({ "customers": both }));
    let again = mock
        .created(
            &path,
            json!({ "user_id": "u1", "customer": { "intercom_user_id": id(&grace) } }),
        )
        .await;
    assert_eq!(again["customers"], both, "added once");
    let grace_list = mock.fetched("/conversations?type=user&user_id=u2").await;
    assert_eq!(items(&grace_list, "conversations").len(), 1);

    let (status, _, body) = mock
        .post(
            &path,
            json!({ "admin_id": "1001", "customer": { "user_id": "nobody" } }),
        )
        .await;
    assert_eq!(status, 404, "{body}");
    let (status, _, body) = mock
        .post(&path, json!({ "customer": { "user_id": "u2" } }))
        .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(field(&body), "admin_id");
    let (status, _, body) = mock
        .post(
            "/conversations/nope/customers",
            json!({ "admin_id": "1001", "customer": { "user_id": "u2" } }),
        )
        .await;
    assert_eq!(status, 404, "{body}");

    let (status, _, answer) = mock
        .delete_with(
            &format!("{path}/{}", id(&grace)),
            json!({ "admin_id": "1001" }),
        )
        .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(
        answer,
        json!({ "customers": [{ "type": "user", "id": id(&ada) }] })
    );
    let fetched = mock
        .fetched(&format!("/conversations/{}", id(&conversation)))
        .await;
    assert_eq!(fetched["customers"], answer["customers"]);

    let (status, _, body) = mock
        .delete_with(
            &format!("{path}/{}", id(&grace)),
            json!({ "admin_id": "1001" }),
        )
        .await;
    assert_eq!(status, 404, "not a customer any more: {body}");
    let (status, _, body) = mock
        .delete_with(
            &format!("{path}/{}", id(&ada)),
            json!({ "admin_id": "999" }),
        )
        .await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(code(&body), "admin_not_found");
}
