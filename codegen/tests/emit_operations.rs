//! Snapshots of `generated/operations.rs` and of the list of operations without a method.

mod emit_fixture;

use codegen::model::{Binding, Method, Paging, TypeRef};
use emit_fixture::*;

#[test]
fn path_query_and_body_parameters() {
    let api = api(
        vec![
            described(
                with_params(
                    returning(op("get_user", Method::Get, "/users/{id}"), "User"),
                    vec![path("id", "The Intercom id of the user.")],
                ),
                "Retrieve a user.",
            ),
            described(
                with_body(
                    with_params(
                        returning(
                            op(
                                "reply_to_part",
                                Method::Post,
                                "/conversations/{conversation_id}/parts/{part_id}/reply",
                            ),
                            "User",
                        ),
                        vec![
                            path("part_id", "The part."),
                            query("type", named("ReplyType"), true, "Who replies."),
                            query("from", TypeRef::Timestamp, false, "Only parts since then."),
                            path("conversation_id", "The conversation."),
                            query("email", TypeRef::String, false, "The user's email."),
                            wire(query("per_page", TypeRef::Integer, false, ""), "perPage"),
                            query("open", TypeRef::Boolean, false, "Whether it is open."),
                            query("order", named("Order"), false, "The order."),
                            query("tags", TypeRef::Array(Box::new(TypeRef::String)), false, ""),
                            query("count", TypeRef::Integer, true, "How many."),
                        ],
                    ),
                    "ReplyRequest",
                ),
                "Reply to a part.\n\nThe reply is added at the end:\n\n```\nPOST /conversations/1/parts/2/reply\n```",
            ),
        ],
        vec![
            user_schema(),
            enumeration("ReplyType", "", &["admin", "user"]),
            enumeration("Order", "", &["asc", "desc"]),
            object(
                "ReplyRequest",
                "The reply.",
                vec![field("body", TypeRef::String, "The text.")],
            ),
        ],
    );
    insta::assert_snapshot!(file(&api, "generated/operations.rs"));
}

#[test]
fn responses_without_a_body_or_maybe_empty() {
    let api = api(
        vec![
            with_body(
                op("create_event", Method::Post, "/events"),
                "CreateEventRequest",
            ),
            with_params(
                returning_or_empty(op("delete_tag", Method::Delete, "/tags/{id}"), "Tag"),
                vec![path("id", "")],
            ),
        ],
        vec![
            object(
                "CreateEventRequest",
                "",
                vec![field("event_name", TypeRef::String, "")],
            ),
            object("Tag", "", vec![field("id", TypeRef::String, "")]),
        ],
    );
    insta::assert_snapshot!(file(&api, "generated/operations.rs"));
}

#[test]
fn paged_scrolled_and_plain_lists() {
    let api = api(
        vec![
            described(
                with_params(
                    paged(
                        returning(op("list_users", Method::Get, "/users"), "UserList"),
                        Paging::Pages,
                        "users",
                        "User",
                    ),
                    vec![query("created_since", TypeRef::Integer, false, "Days.")],
                ),
                "List users.",
            ),
            with_params(
                paged(
                    returning(
                        op("scroll_users", Method::Get, "/users/scroll"),
                        "UserScroll",
                    ),
                    Paging::Scroll,
                    "users",
                    "User",
                ),
                vec![wire(
                    query("scroll", TypeRef::String, false, "The scroll parameter."),
                    "scroll_param",
                )],
            ),
            paged(
                returning(op("list_tags", Method::Get, "/tags"), "TagList"),
                Paging::List,
                "tags",
                "Tag",
            ),
        ],
        vec![
            user_schema(),
            pages_schema(),
            object("Tag", "", vec![field("id", TypeRef::String, "")]),
            list_model(
                "UserList",
                "users",
                "User",
                vec![field("pages", named("Pages"), "")],
            ),
            list_model(
                "UserScroll",
                "users",
                "User",
                vec![field("scroll_param", TypeRef::String, "")],
            ),
            list_model("TagList", "tags", "Tag", vec![]),
        ],
    );
    insta::assert_snapshot!(file(&api, "generated/operations.rs"));
}

#[test]
fn operations_without_an_endpoint_get_no_method_and_are_listed() {
    let api = api(
        vec![
            returning(op("get_user", Method::Get, "/users/me"), "User"),
            unbound(
                "delete_company",
                Binding::None {
                    reason: "the API has no call that deletes a company\nby user_id.".to_owned(),
                },
            ),
            unbound("legacy_call", Binding::Unbound),
        ],
        vec![user_schema()],
    );
    let operations = file(&api, "generated/operations.rs");
    assert!(operations.contains("pub fn get_user(&self) -> GetUser"));
    assert!(!operations.contains("delete_company"));
    assert!(!operations.contains("legacy_call"));
    insta::assert_snapshot!(file(&api, codegen::emit::UNBOUND_DOC_PATH));
}

#[test]
fn every_operation_bound_gives_a_short_list() {
    let api = api(vec![op("ping", Method::Get, "/ping")], vec![]);
    insta::assert_snapshot!(file(&api, codegen::emit::UNBOUND_DOC_PATH));
}
