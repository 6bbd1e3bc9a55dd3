//! Snapshots of `generated/types.rs` for small models.

mod emit_fixture;

use codegen::model::{Method, Paging, TypeRef};
use emit_fixture::*;

#[test]
fn struct_with_every_field_type_keywords_odd_keys_and_nesting() {
    let api = api(
        vec![],
        vec![
            object(
                "Message",
                "A message.\n\nSent by an admin:\n\n    POST /messages\n\nSee https://developers.intercom.com.",
                vec![
                    field("type", TypeRef::String, "Always `message`."),
                    field("from", named("Sender"), "Who sent it."),
                    field("messageType", TypeRef::String, ""),
                    field("plan*", TypeRef::String, "A key written with a star."),
                    field(
                        "extra",
                        TypeRef::Boolean,
                        "A key that meets the unknown-field map.",
                    ),
                    field("2fa", TypeRef::Boolean, ""),
                    field("count", TypeRef::Integer, ""),
                    field("score", TypeRef::Number, ""),
                    field("created_at", TypeRef::Timestamp, ""),
                    field("custom_attributes", TypeRef::Object, ""),
                    field("payload", TypeRef::Any, ""),
                    field("attachment_urls", array(TypeRef::String), ""),
                    field("recipients", array(named("Sender")), ""),
                    field(
                        "reply_to",
                        named("Message"),
                        "A message contains the one it answers.",
                    ),
                ],
            ),
            object(
                "Sender",
                "",
                vec![
                    field("type", named("SenderType"), ""),
                    field("id", TypeRef::String, ""),
                ],
            ),
            enumeration("SenderType", "", &["admin", "user"]),
        ],
    );
    insta::assert_snapshot!(file(&api, "generated/types.rs"));
}

#[test]
fn enums_with_awkward_values() {
    let api = api(
        vec![],
        vec![
            enumeration("Order", "The order of results.", &["asc", "desc"]),
            enumeration(
                "Odd",
                "",
                &[
                    "created_at",
                    "self",
                    "unknown",
                    "1.4",
                    "tag.list",
                    "created-at",
                    "asc",
                    "asc",
                ],
            ),
            enumeration("Nothing", "No values are known.", &[]),
        ],
    );
    insta::assert_snapshot!(file(&api, "generated/types.rs"));
}

#[test]
fn list_models_implement_envelope() {
    let api = api(
        vec![
            paged(
                returning(op("list_users", Method::Get, "/users"), "UserList"),
                Paging::Pages,
                "users",
                "User",
            ),
            paged(
                returning(
                    op("scroll_users", Method::Get, "/users/scroll"),
                    "UserScroll",
                ),
                Paging::Scroll,
                "users",
                "User",
            ),
            paged(
                returning(
                    op("list_customers", Method::Get, "/customers"),
                    "CustomerList",
                ),
                Paging::List,
                "customers",
                "User",
            ),
        ],
        vec![
            user_schema(),
            pages_schema(),
            list_model(
                "UserList",
                "users",
                "User",
                vec![
                    field("pages", named("Pages"), ""),
                    field("total_count", TypeRef::Integer, ""),
                ],
            ),
            list_model(
                "UserScroll",
                "users",
                "User",
                vec![field(
                    "scroll_param",
                    TypeRef::String,
                    "Send back for the next page.",
                )],
            ),
            object(
                "CustomerList",
                "Customers of a conversation, without a `type`.",
                vec![field("customers", array(named("User")), "")],
            ),
        ],
    );
    insta::assert_snapshot!(file(&api, "generated/types.rs"));
}

#[test]
fn type_names_that_shadow_the_prelude_use_full_paths() {
    let api = api(
        vec![],
        vec![
            object(
                "From",
                "Who a message is from.",
                vec![field("id", TypeRef::String, "")],
            ),
            object(
                "Option",
                "",
                vec![
                    field("label", TypeRef::String, ""),
                    field("values", array(TypeRef::Integer), ""),
                ],
            ),
            enumeration("String", "", &["a"]),
        ],
    );
    let text = file(&api, "generated/types.rs");
    assert!(text.contains("pub label: ::std::option::Option<::std::string::String>,"));
    assert!(text.contains("pub values: ::std::option::Option<Vec<i64>>,"));
    assert!(text.contains("out.field(\"values\", &self.values);"));
    assert!(text.contains("impl ::std::convert::From<&str> for String {"));
    assert!(text.contains("Unknown(::std::string::String),"));
    insta::assert_snapshot!(text);
}
