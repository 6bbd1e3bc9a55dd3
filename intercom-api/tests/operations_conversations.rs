//! Conversation and message operations against a loopback server: what each one sends and
//! what it decodes.

mod operations_support;

use intercom_api::types::{
    Customer, DisplayAs, ListConversationsSort, ListConversationsType, MessageChannel,
    MessageRecipient, MessageRecipientType, MessageSender, MessageSenderType, MessageTemplate,
    Order, ReplyAuthorType, ReplyMessageType,
};
use operations_support::{assert_one_request, client, conversation_json, last_page, serve_json};
use serde_json::json;

const CONVERSATION_ID: &str = "147";
const ADMIN_ID: &str = "394051";
const USER_ID: &str = "5714dd359a3fd47136000001";

#[tokio::test]
async fn add_customer_to_conversation_as_admin() {
    let server = serve_json(
        200,
        json!({
            "customers": [
                {"type": "user", "id": USER_ID},
                {"type": "user", "id": "5714dd359a3fd47136000002"}
            ]
        }),
    )
    .await;
    let customer = Customer {
        email: Some("charles@example.com".to_owned()),
        ..Default::default()
    };

    let result = client(&server)
        .add_customer_to_conversation(CONVERSATION_ID, customer)
        .admin_id(ADMIN_ID)
        .await;

    assert_one_request(
        &server,
        "POST",
        "/conversations/147/customers",
        &[],
        Some(json!({
            "admin_id": ADMIN_ID,
            "customer": {"email": "charles@example.com"}
        })),
    )
    .await;
    let customers = result.expect("customers").customers.expect("customers");
    let ids: Vec<_> = customers.iter().filter_map(|c| c.id.as_deref()).collect();
    assert_eq!(ids, [USER_ID, "5714dd359a3fd47136000002"]);
    assert_eq!(customers[0].type_.as_deref(), Some("user"));
}

#[tokio::test]
async fn delete_customer_to_conversation_sends_admin_id() {
    let server = serve_json(200, json!({"customers": [{"type": "user", "id": USER_ID}]})).await;
    let result = client(&server)
        .delete_customer_to_conversation(CONVERSATION_ID, "5714dd359a3fd47136000002", ADMIN_ID)
        .await;

    assert_one_request(
        &server,
        "DELETE",
        "/conversations/147/customers/5714dd359a3fd47136000002",
        &[],
        Some(json!({"admin_id": ADMIN_ID})),
    )
    .await;
    let customers = result.expect("customers").customers.expect("customers");
    assert_eq!(customers.len(), 1);
    assert_eq!(customers[0].id.as_deref(), Some(USER_ID));
}

#[tokio::test]
async fn get_conversation_as_plaintext() {
    let server = serve_json(200, conversation_json(CONVERSATION_ID)).await;

    let result = client(&server)
        .get_conversation(CONVERSATION_ID)
        .display_as(DisplayAs::Plaintext)
        .await;

    assert_one_request(
        &server,
        "GET",
        "/conversations/147",
        &[("display_as", "plaintext")],
        None,
    )
    .await;
    let conversation = result.expect("conversation");
    assert_eq!(conversation.id.as_deref(), Some(CONVERSATION_ID));
    assert_eq!(conversation.open, Some(true));
    assert_eq!(
        conversation.assignee.and_then(|a| a.id).as_deref(),
        Some(ADMIN_ID)
    );
    let parts = conversation.conversation_parts.expect("conversation_parts");
    assert_eq!(parts.len(), 1);
    assert_eq!(parts[0].part_type.as_deref(), Some("comment"));
    assert_eq!(
        parts[0].author.as_ref().and_then(|a| a.type_.as_deref()),
        Some("admin")
    );
    let message = conversation
        .conversation_message
        .expect("conversation_message");
    assert_eq!(
        message.body.as_deref(),
        Some("<p>Hi, my invoice is wrong</p>")
    );
    let tags: Vec<_> = conversation
        .tags
        .expect("tags")
        .into_iter()
        .filter_map(|t| t.name)
        .collect();
    assert_eq!(tags, ["billing"]);
}

#[tokio::test]
async fn list_conversations_for_an_admin() {
    let server = serve_json(
        200,
        json!({
            "type": "conversation.list",
            "conversations": [conversation_json("147"), conversation_json("148")],
            "pages": last_page(1, 1)
        }),
    )
    .await;

    let result = client(&server)
        .list_conversations()
        .type_(ListConversationsType::Admin)
        .admin_id(ADMIN_ID)
        .open(true)
        .order(Order::Desc)
        .sort(ListConversationsSort::WaitingSince)
        .display_as(DisplayAs::Plaintext)
        .await;

    assert_one_request(
        &server,
        "GET",
        "/conversations",
        &[
            ("type", "admin"),
            ("admin_id", ADMIN_ID),
            ("open", "true"),
            ("order", "desc"),
            ("sort", "waiting_since"),
            ("display_as", "plaintext"),
        ],
        None,
    )
    .await;
    let page = result.expect("conversation list");
    let ids: Vec<_> = page
        .conversations
        .expect("conversations")
        .into_iter()
        .filter_map(|c| c.id)
        .collect();
    assert_eq!(ids, ["147", "148"]);
    assert_eq!(page.pages.and_then(|p| p.total_pages), Some(1));
}

#[tokio::test]
async fn list_conversations_for_a_user() {
    let server = serve_json(
        200,
        json!({
            "type": "conversation.list",
            "conversations": [conversation_json("147")],
            "pages": last_page(1, 1)
        }),
    )
    .await;

    let result = client(&server)
        .list_conversations()
        .type_(ListConversationsType::User)
        .intercom_user_id(USER_ID)
        .unread(false)
        .await;

    assert_one_request(
        &server,
        "GET",
        "/conversations",
        &[
            ("type", "user"),
            ("intercom_user_id", USER_ID),
            ("unread", "false"),
        ],
        None,
    )
    .await;
    assert_eq!(
        result
            .expect("conversation list")
            .conversations
            .map(|c| c.len()),
        Some(1)
    );
}

#[tokio::test]
async fn list_conversations_by_email() {
    let server = serve_json(
        200,
        json!({
            "type": "conversation.list",
            "conversations": [],
            "pages": last_page(1, 0)
        }),
    )
    .await;

    let result = client(&server)
        .list_conversations()
        .type_(ListConversationsType::User)
        .email("ada@example.com")
        .await;

    assert_one_request(
        &server,
        "GET",
        "/conversations",
        &[("type", "user"), ("email", "ada@example.com")],
        None,
    )
    .await;
    assert_eq!(
        result.expect("conversation list").conversations,
        Some(vec![])
    );
}

#[tokio::test]
async fn list_conversations_by_user_id() {
    let server = serve_json(
        200,
        json!({
            "type": "conversation.list",
            "conversations": [conversation_json("147")],
            "pages": last_page(1, 1)
        }),
    )
    .await;

    let result = client(&server)
        .list_conversations()
        .type_(ListConversationsType::User)
        .user_id("25")
        .await;

    assert_one_request(
        &server,
        "GET",
        "/conversations",
        &[("type", "user"), ("user_id", "25")],
        None,
    )
    .await;
    assert!(result.is_ok(), "{result:?}");
}

#[tokio::test]
async fn mark_conversation_as_read_puts_read_true() {
    let mut answer = conversation_json(CONVERSATION_ID);
    answer["read"] = json!(true);
    let server = serve_json(200, answer).await;
    let result = client(&server)
        .mark_conversation_as_read(CONVERSATION_ID, true)
        .await;

    assert_one_request(
        &server,
        "PUT",
        "/conversations/147",
        &[],
        Some(json!({"read": true})),
    )
    .await;
    assert_eq!(result.expect("conversation").read, Some(true));
}

#[tokio::test]
async fn post_message_sends_an_admin_email() {
    let server = serve_json(
        200,
        json!({
            "type": "admin_message",
            "id": "2001",
            "created_at": 1_569_486_500,
            "message_type": "email",
            "subject": "Your invoice",
            "body": "<p>Here is the corrected invoice.</p>",
            "template": "plain",
            "owner": {
                "type": "admin",
                "id": ADMIN_ID,
                "name": "Ciaran Lee",
                "email": "ciaran@example.com",
                "away_mode_enabled": false,
                "away_mode_reassign": false,
                "avatar": {"type": "avatar", "image_url": null}
            }
        }),
    )
    .await;
    let from = MessageSender {
        type_: Some(MessageSenderType::Admin),
        id: Some(ADMIN_ID.to_owned()),
        ..Default::default()
    };
    let to = MessageRecipient {
        type_: Some(MessageRecipientType::User),
        email: Some("ada@example.com".to_owned()),
        ..Default::default()
    };

    let result = client(&server)
        .post_message(from, "<p>Here is the corrected invoice.</p>")
        .message_type(MessageChannel::Email)
        .subject("Your invoice")
        .template(MessageTemplate::Plain)
        .to(to)
        .await;

    assert_one_request(
        &server,
        "POST",
        "/messages",
        &[],
        Some(json!({
            "message_type": "email",
            "subject": "Your invoice",
            "body": "<p>Here is the corrected invoice.</p>",
            "template": "plain",
            "from": {"type": "admin", "id": ADMIN_ID},
            "to": {"type": "user", "email": "ada@example.com"}
        })),
    )
    .await;
    let message = result.expect("message");
    assert_eq!(message.id.as_deref(), Some("2001"));
    assert_eq!(message.message_type.as_deref(), Some("email"));
    assert_eq!(
        message.owner.and_then(|o| o.email).as_deref(),
        Some("ciaran@example.com")
    );
}

#[tokio::test]
async fn post_message_from_a_user() {
    let server = serve_json(
        200,
        json!({
            "type": "user_message",
            "id": "2002",
            "created_at": 1_569_486_600,
            "body": "Where is my order?",
            "message_type": "inapp",
            "conversation_id": "149"
        }),
    )
    .await;
    let from = MessageSender {
        type_: Some(MessageSenderType::User),
        user_id: Some("25".to_owned()),
        ..Default::default()
    };

    let result = client(&server)
        .post_message(from, "Where is my order?")
        .await;

    assert_one_request(
        &server,
        "POST",
        "/messages",
        &[],
        Some(json!({
            "from": {"type": "user", "user_id": "25"},
            "body": "Where is my order?"
        })),
    )
    .await;
    assert_eq!(
        result.expect("message").conversation_id.as_deref(),
        Some("149")
    );
}

#[tokio::test]
async fn post_reply_as_an_admin() {
    let server = serve_json(200, conversation_json(CONVERSATION_ID)).await;
    let result = client(&server)
        .post_reply(
            CONVERSATION_ID,
            ReplyAuthorType::Admin,
            ReplyMessageType::Comment,
        )
        .admin_id(ADMIN_ID)
        .body("<p>Sorry about that, fixing it now.</p>")
        .attachment_urls(["https://files.example.com/invoice-2019-09.pdf"])
        .await;

    assert_one_request(
        &server,
        "POST",
        "/conversations/147/reply",
        &[],
        Some(json!({
            "type": "admin",
            "message_type": "comment",
            "admin_id": ADMIN_ID,
            "body": "<p>Sorry about that, fixing it now.</p>",
            "attachment_urls": ["https://files.example.com/invoice-2019-09.pdf"]
        })),
    )
    .await;
    let conversation = result.expect("conversation");
    assert_eq!(conversation.id.as_deref(), Some(CONVERSATION_ID));
    assert_eq!(conversation.conversation_parts.map(|p| p.len()), Some(1));
}

#[tokio::test]
async fn post_reply_assigns_and_snoozes() {
    let server = serve_json(200, conversation_json(CONVERSATION_ID)).await;
    let result = client(&server)
        .post_reply(
            CONVERSATION_ID,
            ReplyAuthorType::Admin,
            ReplyMessageType::Assignment,
        )
        .admin_id(ADMIN_ID)
        .assignee_id("394052")
        .snooze_until(1_569_600_000)
        .await;

    assert_one_request(
        &server,
        "POST",
        "/conversations/147/reply",
        &[],
        Some(json!({
            "type": "admin",
            "message_type": "assignment",
            "admin_id": ADMIN_ID,
            "assignee_id": "394052",
            "snooze_until": 1_569_600_000
        })),
    )
    .await;
    assert!(result.is_ok(), "{result:?}");
}

#[tokio::test]
async fn post_reply_to_last_conversation_as_the_user() {
    let server = serve_json(200, conversation_json("150")).await;
    let result = client(&server)
        .post_reply_to_last_conversation(ReplyAuthorType::User, ReplyMessageType::Comment)
        .email("ada@example.com")
        .body("Thanks, that fixed it!")
        .await;

    assert_one_request(
        &server,
        "POST",
        "/conversations/last/reply",
        &[],
        Some(json!({
            "type": "user",
            "message_type": "comment",
            "email": "ada@example.com",
            "body": "Thanks, that fixed it!"
        })),
    )
    .await;
    let conversation = result.expect("conversation");
    assert_eq!(conversation.id.as_deref(), Some("150"));
    assert_eq!(
        conversation.user.and_then(|u| u.id).as_deref(),
        Some(USER_ID)
    );
}
