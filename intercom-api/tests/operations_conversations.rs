//! Conversation and message operations against a loopback server: what each one sends and
//! what it decodes.
//!
//! Every test here is a request shape, so they are one table, [`table`]: each row makes one
//! call and names the exact method, path, query pairs and JSON body the client must send, and
//! what it must decode from the answer.

mod operations_support;

use intercom_api::types::{
    Customer, DisplayAs, ListConversationsSort, ListConversationsType, MessageChannel,
    MessageRecipient, MessageRecipientType, MessageSender, MessageSenderType, MessageTemplate,
    Order, ReplyAuthorType, ReplyMessageType,
};
use operations_support::{Answer, Row, call, conversation_json, last_page, run_table};
use serde_json::{Value, json};

const CONVERSATION_ID: &str = "147";
const ADMIN_ID: &str = "394051";
const USER_ID: &str = "5714dd359a3fd47136000001";

fn table() -> Vec<Row> {
    vec![
        Row {
            name: "add_customer_to_conversation as admin",
            call: call(|c| async move {
                let customer = Customer {
                    email: Some("charles@example.com".to_owned()),
                    ..Default::default()
                };
                let customers = c
                    .add_customer_to_conversation(CONVERSATION_ID, customer)
                    .admin_id(ADMIN_ID)
                    .await?
                    .customers
                    .expect("customers");
                let ids: Vec<_> = customers.iter().filter_map(|c| c.id.as_deref()).collect();
                Ok(json!({"ids": ids, "customers[0].type": customers[0].type_}))
            }),
            method: "POST",
            path: "/conversations/147/customers",
            query: &[],
            body: Some(json!({
                "admin_id": ADMIN_ID,
                "customer": {"email": "charles@example.com"}
            })),
            answer: Answer::Json(json!({
                "customers": [
                    {"type": "user", "id": USER_ID},
                    {"type": "user", "id": "5714dd359a3fd47136000002"}
                ]
            })),
            decoded: json!({
                "ids": [USER_ID, "5714dd359a3fd47136000002"],
                "customers[0].type": "user",
            }),
        },
        Row {
            name: "delete_customer_to_conversation sends admin_id",
            call: call(|c| async move {
                let customers = c
                    .delete_customer_to_conversation(
                        CONVERSATION_ID,
                        "5714dd359a3fd47136000002",
                        ADMIN_ID,
                    )
                    .await?
                    .customers
                    .expect("customers");
                Ok(json!({"customers": customers.len(), "customers[0].id": customers[0].id}))
            }),
            method: "DELETE",
            path: "/conversations/147/customers/5714dd359a3fd47136000002",
            query: &[],
            body: Some(json!({"admin_id": ADMIN_ID})),
            answer: Answer::Json(json!({"customers": [{"type": "user", "id": USER_ID}]})),
            decoded: json!({"customers": 1, "customers[0].id": USER_ID}),
        },
        Row {
            name: "get_conversation as plaintext",
            call: call(|c| async move {
                let conversation = c
                    .get_conversation(CONVERSATION_ID)
                    .display_as(DisplayAs::Plaintext)
                    .await?;
                let parts = conversation.conversation_parts.expect("conversation_parts");
                let message = conversation
                    .conversation_message
                    .expect("conversation_message");
                let tags: Vec<_> = conversation
                    .tags
                    .expect("tags")
                    .into_iter()
                    .filter_map(|t| t.name)
                    .collect();
                Ok(json!({
                    "id": conversation.id,
                    "open": conversation.open,
                    "assignee.id": conversation.assignee.and_then(|a| a.id),
                    "parts": parts.len(),
                    "parts[0].part_type": parts[0].part_type,
                    "parts[0].author.type": parts[0].author.as_ref().and_then(|a| a.type_.as_deref()),
                    "conversation_message.body": message.body,
                    "tags": tags,
                }))
            }),
            method: "GET",
            path: "/conversations/147",
            query: &[("display_as", "plaintext")],
            body: None,
            answer: Answer::Json(conversation_json(CONVERSATION_ID)),
            decoded: json!({
                "id": CONVERSATION_ID,
                "open": true,
                "assignee.id": ADMIN_ID,
                "parts": 1,
                "parts[0].part_type": "comment",
                "parts[0].author.type": "admin",
                "conversation_message.body": "<p>Hi, my invoice is wrong</p>",
                "tags": ["billing"],
            }),
        },
        Row {
            name: "list_conversations for an admin",
            call: call(|c| async move {
                let page = c
                    .list_conversations()
                    .type_(ListConversationsType::Admin)
                    .admin_id(ADMIN_ID)
                    .open(true)
                    .order(Order::Desc)
                    .sort(ListConversationsSort::WaitingSince)
                    .display_as(DisplayAs::Plaintext)
                    .await?;
                let ids: Vec<_> = page
                    .conversations
                    .expect("conversations")
                    .into_iter()
                    .filter_map(|c| c.id)
                    .collect();
                Ok(json!({
                    "ids": ids,
                    "pages.total_pages": page.pages.and_then(|p| p.total_pages),
                }))
            }),
            method: "GET",
            path: "/conversations",
            query: &[
                ("type", "admin"),
                ("admin_id", ADMIN_ID),
                ("open", "true"),
                ("order", "desc"),
                ("sort", "waiting_since"),
                ("display_as", "plaintext"),
            ],
            body: None,
            answer: Answer::Json(json!({
                "type": "conversation.list",
                "conversations": [conversation_json("147"), conversation_json("148")],
                "pages": last_page(1, 1)
            })),
            decoded: json!({"ids": ["147", "148"], "pages.total_pages": 1}),
        },
        Row {
            name: "list_conversations for a user",
            call: call(|c| async move {
                let page = c
                    .list_conversations()
                    .type_(ListConversationsType::User)
                    .intercom_user_id(USER_ID)
                    .unread(false)
                    .await?;
                Ok(json!(page.conversations.map(|c| c.len())))
            }),
            method: "GET",
            path: "/conversations",
            query: &[
                ("type", "user"),
                ("intercom_user_id", USER_ID),
                ("unread", "false"),
            ],
            body: None,
            answer: Answer::Json(json!({
                "type": "conversation.list",
                "conversations": [conversation_json("147")],
                "pages": last_page(1, 1)
            })),
            decoded: json!(1),
        },
        Row {
            name: "list_conversations by email",
            call: call(|c| async move {
                let page = c
                    .list_conversations()
                    .type_(ListConversationsType::User)
                    .email("ada@example.com")
                    .await?;
                Ok(json!(page.conversations == Some(vec![])))
            }),
            method: "GET",
            path: "/conversations",
            query: &[("type", "user"), ("email", "ada@example.com")],
            body: None,
            answer: Answer::Json(json!({
                "type": "conversation.list",
                "conversations": [],
                "pages": last_page(1, 0)
            })),
            decoded: json!(true),
        },
        Row {
            name: "list_conversations by user_id",
            call: call(|c| async move {
                c.list_conversations()
                    .type_(ListConversationsType::User)
                    .user_id("25")
                    .await?;
                Ok(Value::Null)
            }),
            method: "GET",
            path: "/conversations",
            query: &[("type", "user"), ("user_id", "25")],
            body: None,
            answer: Answer::Json(json!({
                "type": "conversation.list",
                "conversations": [conversation_json("147")],
                "pages": last_page(1, 1)
            })),
            decoded: Value::Null,
        },
        Row {
            name: "mark_conversation_as_read puts read true",
            call: call(|c| async move {
                let conversation = c.mark_conversation_as_read(CONVERSATION_ID, true).await?;
                Ok(json!(conversation.read))
            }),
            method: "PUT",
            path: "/conversations/147",
            query: &[],
            body: Some(json!({"read": true})),
            answer: Answer::Json({
                let mut answer = conversation_json(CONVERSATION_ID);
                answer["read"] = json!(true);
                answer
            }),
            decoded: json!(true),
        },
        Row {
            name: "post_message sends an admin email",
            call: call(|c| async move {
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
                let message = c
                    .post_message(from, "<p>Here is the corrected invoice.</p>")
                    .message_type(MessageChannel::Email)
                    .subject("Your invoice")
                    .template(MessageTemplate::Plain)
                    .to(to)
                    .await?;
                Ok(json!({
                    "id": message.id,
                    "message_type": message.message_type,
                    "owner.email": message.owner.and_then(|o| o.email),
                }))
            }),
            method: "POST",
            path: "/messages",
            query: &[],
            body: Some(json!({
                "message_type": "email",
                "subject": "Your invoice",
                "body": "<p>Here is the corrected invoice.</p>",
                "template": "plain",
                "from": {"type": "admin", "id": ADMIN_ID},
                "to": {"type": "user", "email": "ada@example.com"}
            })),
            answer: Answer::Json(json!({
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
            })),
            decoded: json!({
                "id": "2001",
                "message_type": "email",
                "owner.email": "ciaran@example.com",
            }),
        },
        Row {
            name: "post_message from a user",
            call: call(|c| async move {
                let from = MessageSender {
                    type_: Some(MessageSenderType::User),
                    user_id: Some("25".to_owned()),
                    ..Default::default()
                };
                let message = c.post_message(from, "Where is my order?").await?;
                Ok(json!(message.conversation_id))
            }),
            method: "POST",
            path: "/messages",
            query: &[],
            body: Some(json!({
                "from": {"type": "user", "user_id": "25"},
                "body": "Where is my order?"
            })),
            answer: Answer::Json(json!({
                "type": "user_message",
                "id": "2002",
                "created_at": 1_569_486_600,
                "body": "Where is my order?",
                "message_type": "inapp",
                "conversation_id": "149"
            })),
            decoded: json!("149"),
        },
        Row {
            name: "post_reply as an admin",
            call: call(|c| async move {
                let conversation = c
                    .post_reply(
                        CONVERSATION_ID,
                        ReplyAuthorType::Admin,
                        ReplyMessageType::Comment,
                    )
                    .admin_id(ADMIN_ID)
                    .body("<p>Sorry about that, fixing it now.</p>")
                    .attachment_urls(["https://files.example.com/invoice-2019-09.pdf"])
                    .await?;
                Ok(json!({
                    "id": conversation.id,
                    "conversation_parts": conversation.conversation_parts.map(|p| p.len()),
                }))
            }),
            method: "POST",
            path: "/conversations/147/reply",
            query: &[],
            body: Some(json!({
                "type": "admin",
                "message_type": "comment",
                "admin_id": ADMIN_ID,
                "body": "<p>Sorry about that, fixing it now.</p>",
                "attachment_urls": ["https://files.example.com/invoice-2019-09.pdf"]
            })),
            answer: Answer::Json(conversation_json(CONVERSATION_ID)),
            decoded: json!({"id": CONVERSATION_ID, "conversation_parts": 1}),
        },
        Row {
            name: "post_reply assigns and snoozes",
            call: call(|c| async move {
                c.post_reply(
                    CONVERSATION_ID,
                    ReplyAuthorType::Admin,
                    ReplyMessageType::Assignment,
                )
                .admin_id(ADMIN_ID)
                .assignee_id("394052")
                .snooze_until(1_569_600_000)
                .await?;
                Ok(Value::Null)
            }),
            method: "POST",
            path: "/conversations/147/reply",
            query: &[],
            body: Some(json!({
                "type": "admin",
                "message_type": "assignment",
                "admin_id": ADMIN_ID,
                "assignee_id": "394052",
                "snooze_until": 1_569_600_000
            })),
            answer: Answer::Json(conversation_json(CONVERSATION_ID)),
            decoded: Value::Null,
        },
        Row {
            name: "post_reply_to_last_conversation as the user",
            call: call(|c| async move {
                let conversation = c
                    .post_reply_to_last_conversation(
                        ReplyAuthorType::User,
                        ReplyMessageType::Comment,
                    )
                    .email("ada@example.com")
                    .body("Thanks, that fixed it!")
                    .await?;
                Ok(json!({
                    "id": conversation.id,
                    "user.id": conversation.user.and_then(|u| u.id),
                }))
            }),
            method: "POST",
            path: "/conversations/last/reply",
            query: &[],
            body: Some(json!({
                "type": "user",
                "message_type": "comment",
                "email": "ada@example.com",
                "body": "Thanks, that fixed it!"
            })),
            answer: Answer::Json(conversation_json("150")),
            decoded: json!({"id": "150", "user.id": USER_ID}),
        },
    ]
}

#[tokio::test]
async fn every_row_sends_its_request_and_decodes_its_answer() {
    run_table(table()).await;
}
