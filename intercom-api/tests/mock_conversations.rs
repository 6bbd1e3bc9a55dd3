//! Message and conversation operations through the client against intercom-mock: each call's
//! typed result, and the change it makes as other calls read it back.

mod mock_support;

use futures_util::TryStreamExt;
use intercom_api::Client;
use intercom_api::operations::{PostMessage, PostReply};
use intercom_api::types::{
    Conversation, Customer, DisplayAs, ListConversationsType, Message, MessageChannel,
    MessageRecipient, MessageRecipientType, MessageSender, MessageSenderType, MessageTemplate,
    Order, ReplyAuthorType, ReplyMessageType,
};
use mock_support::{api_error, assert_not_found, client, field, seeded, seeded_with};
use serde_json::json;

const PEOPLE: &str = r#"{
    "users": [
        {"id": "5b0000000000000000000001", "user_id": "u-1", "email": "ada@example.com"},
        {"id": "5b0000000000000000000002", "user_id": "u-2", "email": "grace@example.com"}],
    "leads": [{"id": "5a0000000000000000000001", "user_id": "l-1", "email": "lead@example.com"}]
}"#;

const ADA: &str = "5b0000000000000000000001";
const GRACE: &str = "5b0000000000000000000002";
const LEAD: &str = "5a0000000000000000000001";

/// The admin 1001, as the sender of a message.
fn from_admin() -> MessageSender {
    MessageSender {
        type_: Some(MessageSenderType::Admin),
        id: Some("1001".into()),
        ..Default::default()
    }
}

/// The user `u-1`, as the recipient of a message.
fn to_ada() -> MessageRecipient {
    MessageRecipient {
        type_: Some(MessageRecipientType::User),
        user_id: Some("u-1".into()),
        ..Default::default()
    }
}

/// The body of [`admin_email`].
const WELCOME: &str = "<p>Hello <b>Ada</b> &amp; welcome</p>";

/// An email from the admin 1001 to the user `u-1`.
fn admin_email(client: &Client) -> PostMessage {
    client
        .post_message(from_admin(), WELCOME)
        .message_type(MessageChannel::Email)
        .subject("Welcome")
        .template(MessageTemplate::Plain)
        .to(to_ada())
}

/// An in-app message from the user `u-1`.
fn user_message(client: &Client, body: &str) -> PostMessage {
    let from = MessageSender {
        type_: Some(MessageSenderType::User),
        user_id: Some("u-1".into()),
        ..Default::default()
    };
    client.post_message(from, body)
}

/// A reply by the admin 1001 to the conversation `id`.
fn admin_reply(client: &Client, id: &str, message_type: ReplyMessageType) -> PostReply {
    client
        .post_reply(id, ReplyAuthorType::Admin, message_type)
        .admin_id("1001")
}

/// The conversation a user message started.
async fn started_by_ada(client: &Client, body: &str) -> (Message, String) {
    let message = user_message(client, body).await.expect("a user message");
    let id = message
        .conversation_id
        .clone()
        .expect("a user message starts a conversation");
    (message, id)
}

fn ids(conversations: &[Conversation]) -> Vec<&str> {
    conversations
        .iter()
        .filter_map(|c| c.id.as_deref())
        .collect()
}

#[tokio::test]
async fn post_message_from_an_admin_starts_a_conversation_with_the_user() {
    let mock = seeded(PEOPLE).await;
    let client = client(&mock);

    let message = admin_email(&client).await.expect("sent");
    assert_eq!(message.type_.as_deref(), Some("admin_message"));
    assert_eq!(message.message_type.as_deref(), Some("email"));
    assert_eq!(message.subject.as_deref(), Some("Welcome"));
    assert_eq!(message.template.as_deref(), Some("plain"));
    let owner = message.owner.clone().expect("owner");
    assert_eq!(owner.id.as_deref(), Some("1001"));
    assert_eq!(owner.email.as_deref(), Some("ada@example.com"));

    let theirs = client
        .list_conversations()
        .type_(ListConversationsType::User)
        .user_id("u-1")
        .await
        .expect("ada's conversations");
    let conversations = theirs.conversations.expect("conversations");
    assert_eq!(conversations.len(), 1);
    let conversation = &conversations[0];
    let first = conversation
        .conversation_message
        .clone()
        .expect("conversation_message");
    assert_eq!(first.id, message.id);
    assert_eq!(first.subject.as_deref(), Some("Welcome"));
    assert_eq!(first.delivered_as.as_deref(), Some("admin_initiated"));
    assert_eq!(
        first.author.as_ref().and_then(|a| a.type_.as_deref()),
        Some("admin")
    );
    assert_eq!(
        conversation.user.as_ref().and_then(|u| u.id.as_deref()),
        Some(ADA)
    );
    assert_eq!(conversation.open, Some(true));
    assert_eq!(conversation.state.as_deref(), Some("open"));

    let id = conversation.id.clone().expect("conversation id");
    let fetched = client
        .get_conversation(&id)
        .await
        .expect("get_conversation");
    assert_eq!(&fetched, conversation);
    let plain = client
        .get_conversation(&id)
        .display_as(DisplayAs::Plaintext)
        .await
        .expect("as plain text");
    assert_eq!(
        plain.conversation_message.and_then(|m| m.body).as_deref(),
        Some("Hello Ada & welcome")
    );

    // To a lead, by id.
    let to_lead = client
        .post_message(from_admin(), "Hi there")
        .message_type(MessageChannel::Inapp)
        .subject("Welcome")
        .template(MessageTemplate::Plain)
        .to(MessageRecipient {
            type_: Some(MessageRecipientType::Contact),
            id: Some(LEAD.into()),
            ..Default::default()
        })
        .await
        .expect("sent to a lead");
    assert_eq!(to_lead.message_type.as_deref(), Some("inapp"));
    let all = client
        .list_conversations()
        .await
        .expect("every conversation");
    assert_eq!(all.conversations.map(|c| c.len()), Some(2));
}

#[tokio::test]
async fn post_message_from_a_user_waits_for_an_admin() {
    let mock = seeded(PEOPLE).await;
    let client = client(&mock);

    let (message, id) = started_by_ada(&client, "I can't log in").await;
    assert_eq!(message.type_.as_deref(), Some("user_message"));
    assert_eq!(message.body.as_deref(), Some("I can't log in"));

    let conversation = client
        .get_conversation(&id)
        .await
        .expect("the conversation");
    assert!(conversation.waiting_since.is_some());
    assert_eq!(conversation.read, Some(false));
    let customers: Vec<_> = conversation
        .customers
        .iter()
        .flatten()
        .filter_map(|c| c.id.as_deref())
        .collect();
    assert_eq!(customers, [ADA]);
    let first = conversation.conversation_message.expect("message");
    assert_eq!(first.delivered_as.as_deref(), Some("customer_initiated"));
    assert_eq!(first.author.and_then(|a| a.id).as_deref(), Some(ADA));
    assert_eq!(conversation.conversation_parts, Some(vec![]));
}

#[tokio::test]
async fn post_reply_comments_assigns_closes_and_snoozes() {
    let mock = seeded(PEOPLE).await;
    let client = client(&mock);
    let (_, id) = started_by_ada(&client, "Help!").await;

    let commented = admin_reply(&client, &id, ReplyMessageType::Comment)
        .body("Here's a guide")
        .attachment_urls(["https://files.example.com/guide.pdf?v=2"])
        .await
        .expect("commented");
    let parts = commented.conversation_parts.clone().expect("parts");
    assert_eq!(parts.len(), 1);
    assert_eq!(parts[0].part_type.as_deref(), Some("comment"));
    assert_eq!(parts[0].body.as_deref(), Some("Here's a guide"));
    assert_eq!(
        parts[0].author.as_ref().and_then(|a| a.id.as_deref()),
        Some("1001")
    );
    let attachment = &parts[0].attachments.as_ref().expect("attachments")[0];
    assert_eq!(attachment.get("name"), Some(&json!("guide.pdf")));
    assert_eq!(commented.waiting_since, None, "an admin answered");

    let assigned = admin_reply(&client, &id, ReplyMessageType::Assignment)
        .assignee_id("1002")
        .await
        .expect("assigned");
    let assignee = assigned.assignee.clone().expect("assignee");
    assert_eq!(
        (assignee.type_.as_deref(), assignee.id.as_deref()),
        (Some("admin"), Some("1002"))
    );
    let graces = client
        .list_conversations()
        .type_(ListConversationsType::Admin)
        .admin_id("1002")
        .await
        .expect("grace's conversations");
    assert_eq!(
        ids(&graces.conversations.expect("conversations")),
        [id.as_str()]
    );
    let adas = client
        .list_conversations()
        .type_(ListConversationsType::Admin)
        .admin_id("1001")
        .await
        .expect("ada's conversations");
    assert_eq!(adas.conversations, Some(vec![]));

    let note = admin_reply(&client, &id, ReplyMessageType::Note)
        .body("VIP customer")
        .await
        .expect("noted");
    assert_eq!(note.conversation_parts.map(|p| p.len()), Some(3));

    let closed = admin_reply(&client, &id, ReplyMessageType::Close)
        .await
        .expect("closed");
    assert_eq!(closed.open, Some(false));
    assert_eq!(closed.state.as_deref(), Some("closed"));
    let open = client
        .list_conversations()
        .open(true)
        .await
        .expect("open conversations");
    assert_eq!(open.conversations, Some(vec![]));
    let shut = client
        .list_conversations()
        .open(false)
        .await
        .expect("closed conversations");
    assert_eq!(shut.conversations, Some(vec![closed]));

    let reopened = admin_reply(&client, &id, ReplyMessageType::Open)
        .await
        .expect("reopened");
    assert_eq!(reopened.state.as_deref(), Some("open"));
    // `post_reply` needs a message_type; the mock would also snooze on `snooze_until` alone.
    let snoozed = admin_reply(&client, &id, ReplyMessageType::Snoozed)
        .snooze_until(1_900_000_000)
        .await
        .expect("snoozed");
    assert_eq!(snoozed.state.as_deref(), Some("snoozed"));
    assert_eq!(snoozed.snoozed_until, Some(1_900_000_000.into()));
    assert_eq!(
        client
            .get_conversation(&id)
            .await
            .expect("get_conversation"),
        snoozed
    );
}

#[tokio::test]
async fn post_reply_to_last_conversation_answers_the_users_latest_conversation() {
    let mock = seeded(PEOPLE).await;
    let client = client(&mock);
    let (_, older) = started_by_ada(&client, "First question").await;
    let (_, latest) = started_by_ada(&client, "Second question").await;
    admin_reply(&client, &latest, ReplyMessageType::Close)
        .await
        .expect("closed");

    let replied = client
        .post_reply_to_last_conversation(ReplyAuthorType::User, ReplyMessageType::Comment)
        .user_id("u-1")
        .body("Still broken")
        .await
        .expect("replied to the latest");
    assert_eq!(replied.id.as_deref(), Some(latest.as_str()));
    assert_eq!(
        replied.state.as_deref(),
        Some("open"),
        "a user reply reopens"
    );
    assert_eq!(replied.read, Some(false));
    let parts = replied.conversation_parts.expect("parts");
    let last = parts.last().expect("the reply");
    assert_eq!(last.body.as_deref(), Some("Still broken"));
    assert_eq!(
        last.author.as_ref().and_then(|a| a.id.as_deref()),
        Some(ADA)
    );

    let untouched = client.get_conversation(&older).await.expect("older");
    assert_eq!(untouched.conversation_parts, Some(vec![]));

    // By email, with intercom_user_id: the same user's latest conversation.
    let again = client
        .post_reply_to_last_conversation(ReplyAuthorType::User, ReplyMessageType::Comment)
        .intercom_user_id(ADA)
        .body("Any news?")
        .await
        .expect("replied again");
    assert_eq!(again.id.as_deref(), Some(latest.as_str()));

    assert_not_found(
        client
            .post_reply_to_last_conversation(ReplyAuthorType::User, ReplyMessageType::Comment)
            .email("grace@example.com")
            .body("Hello?")
            .await,
    );
}

#[tokio::test]
async fn mark_conversation_as_read_sets_read() {
    let mock = seeded(PEOPLE).await;
    let client = client(&mock);
    let (_, id) = started_by_ada(&client, "Hello").await;
    let (_, other) = started_by_ada(&client, "Hello again").await;

    let read = client
        .mark_conversation_as_read(&id, true)
        .await
        .expect("marked as read");
    assert_eq!(read.read, Some(true));
    assert_eq!(client.get_conversation(&id).await.expect("get"), read);
    let unread = client
        .list_conversations()
        .unread(true)
        .await
        .expect("unread conversations");
    assert_eq!(
        ids(&unread.conversations.expect("conversations")),
        [other.as_str()]
    );

    let unmarked = client
        .mark_conversation_as_read(&id, false)
        .await
        .expect("marked as unread");
    assert_eq!(unmarked.read, Some(false));
}

#[tokio::test]
async fn customers_are_added_to_and_removed_from_a_conversation() {
    let mock = seeded(PEOPLE).await;
    let client = client(&mock);
    let (_, id) = started_by_ada(&client, "Can my colleague join?").await;

    let added = client
        .add_customer_to_conversation(
            &id,
            Customer {
                user_id: Some("u-2".into()),
                ..Default::default()
            },
        )
        .admin_id("1001")
        .await
        .expect("added grace");
    let customers: Vec<_> = added
        .customers
        .iter()
        .flatten()
        .filter_map(|c| c.id.as_deref())
        .collect();
    assert_eq!(customers, [ADA, GRACE]);
    let graces = client
        .list_conversations()
        .type_(ListConversationsType::User)
        .email("grace@example.com")
        .await
        .expect("grace's conversations");
    assert_eq!(
        ids(&graces.conversations.expect("conversations")),
        [id.as_str()]
    );

    // A customer taking part may add another (here the lead, by email).
    let by_user = client
        .add_customer_to_conversation(
            &id,
            Customer {
                email: Some("lead@example.com".into()),
                ..Default::default()
            },
        )
        .intercom_user_id(ADA)
        .await
        .expect("added the lead");
    assert_eq!(by_user.customers.map(|c| c.len()), Some(3));

    let left = client
        .delete_customer_to_conversation(&id, GRACE, "1001")
        .await
        .expect("removed grace");
    let customers: Vec<_> = left
        .customers
        .iter()
        .flatten()
        .filter_map(|c| c.id.as_deref())
        .collect();
    assert_eq!(customers, [ADA, LEAD]);
    let conversation = client.get_conversation(&id).await.expect("get");
    assert_eq!(conversation.customers, left.customers);
    assert_not_found(
        client
            .delete_customer_to_conversation(&id, GRACE, "1001")
            .await,
    );
}

#[tokio::test]
async fn list_conversations_streams_sixty_conversations_over_two_pages() {
    let conversations: Vec<serde_json::Value> = (0..60)
        .map(|i| {
            json!({
                "id": format!("{}", 10_000 + i),
                "created_at": 1_600_000_000 + 60 * i,
                "updated_at": 1_600_000_000 + 60 * i,
            })
        })
        .collect();
    let mock = seeded_with(json!({ "conversations": conversations })).await;
    let client = client(&mock);

    let before = mock.request_count();
    let all: Vec<Conversation> = client
        .list_conversations()
        .stream()
        .try_collect()
        .await
        .expect("streaming the conversations");
    assert_eq!(mock.request_count() - before, 2, "50 + 10");
    let newest_first: Vec<String> = (0..60).rev().map(|i| format!("{}", 10_000 + i)).collect();
    assert_eq!(ids(&all), newest_first);

    let oldest = client
        .list_conversations()
        .order(Order::Asc)
        .per_page(5)
        .await
        .expect("the oldest five");
    assert_eq!(
        ids(&oldest.conversations.expect("conversations")),
        ["10000", "10001", "10002", "10003", "10004"]
    );
}

#[tokio::test]
async fn conversation_errors_come_back_as_api_errors_naming_the_field() {
    let mock = seeded(PEOPLE).await;
    let client = client(&mock);
    let (_, id) = started_by_ada(&client, "Hello").await;

    assert_not_found(client.get_conversation("999999").await);
    assert_not_found(
        admin_reply(&client, "999999", ReplyMessageType::Comment)
            .body("Hi")
            .await,
    );
    api_error(
        admin_reply(&client, &id, ReplyMessageType::Comment)
            .admin_id("9999")
            .body("Hi")
            .await,
        404,
        "admin_not_found",
    );
    let user_note = api_error(
        client
            .post_reply(&id, ReplyAuthorType::User, ReplyMessageType::Note)
            .user_id("u-1")
            .body("A note")
            .await,
        400,
        "parameter_invalid",
    );
    assert_eq!(field(&user_note), Some("message_type"));
    let empty = api_error(
        admin_reply(&client, &id, ReplyMessageType::Comment).await,
        400,
        "parameter_not_found",
    );
    assert_eq!(field(&empty), Some("body"));
    let conversation = client.get_conversation(&id).await.expect("get");
    assert_eq!(
        conversation.conversation_parts,
        Some(vec![]),
        "no refused reply was added"
    );

    let no_subject = api_error(
        client
            .post_message(from_admin(), WELCOME)
            .message_type(MessageChannel::Email)
            .template(MessageTemplate::Plain)
            .to(to_ada())
            .await,
        400,
        "parameter_not_found",
    );
    assert_eq!(field(&no_subject), Some("subject"));
    let no_admin = api_error(
        client
            .list_conversations()
            .type_(ListConversationsType::Admin)
            .await,
        400,
        "parameter_not_found",
    );
    assert_eq!(field(&no_admin), Some("admin_id"));
    let all = client.list_conversations().await.expect("conversations");
    assert_eq!(
        all.conversations.map(|c| c.len()),
        Some(1),
        "no refused message started a conversation"
    );
}
