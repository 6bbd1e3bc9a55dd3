//! The operation model as an OpenAPI 3.0.3 document (JSON).
//!
//! [`openapi`] maps the model one to one where OpenAPI can say the same thing:
//!
//! - every operation bound to HTTP is an Operation Object whose `operationId` is the operation's
//!   name; its path and query parameters use their wire names; `$body` is a required JSON
//!   `requestBody`; the return model is the `200` response, `or empty` adds a `204` (and says
//!   that a `200` may come without a body, which OpenAPI 3.0 cannot state in a schema), and an
//!   operation without a return model answers `200` and `202` (POST) or `204` (other methods)
//!   without content; `4XX`/`5XX` reference the `ErrorList` body;
//! - every schema of the model is in `components/schemas` under its own name: structs are
//!   `type: object` with their fields as properties keyed by wire name and
//!   `additionalProperties: true` (responses gain fields over time), enums are strings with
//!   `enum`;
//! - the schemas describe responses as they arrive and requests as they are sent. A schema a
//!   response reaches (a return model, any model of the models document no request body
//!   reaches, and what their fields name) admits `null` in every field (`nullable: true`; a
//!   named type as `allOf: [$ref]` with `nullable`), as Intercom sends `null` for unset values.
//!   A nested list of a resource ([`Field::response_wrapper`](crate::model::Field)) is the
//!   wrapper responses carry, `{"type": "company.list", "companies": [...]}` (items required,
//!   `type` the one value, an optional `total_count`). Request bodies are their own schemas
//!   (`CreateUserRequest`) with plain arrays; the model guarantees no request body reaches a
//!   model with a nested list, so one component never has to say both forms;
//! - every operation also takes the optional `Intercom-Version` header, described once
//!   (`components/parameters/IntercomVersion`, its values `1.0`…`1.4` the named schema
//!   `IntercomVersion`, so generators make one type for it), and every response may carry the
//!   `X-RateLimit-*` headers.
//!
//! Three extensions carry what OpenAPI has no field for:
//!
//! - `x-paging` on an operation with a list response: `kind` (`list`, `pages`: follow
//!   `pages.next`, `scroll`: send `scroll_param` back), `itemsField` and `item`;
//! - `x-aliases`, see *Shared method and path* below;
//! - top-level `x-unsupported-operations`: operations with `**Endpoint:** none` (with their
//!   reason) or without an endpoint, which have no path.
//!
//! # Shared method and path
//!
//! OpenAPI allows one operation per method and path, but the reference may bind several
//! operations to the same call (`create_user` and `create_update_user` are both `POST /users`).
//! The rule: the operations sharing a method and path form one Operation Object, owned by the
//! first of them in document order, which gives the `operationId`, summary and description.
//! Its parameters are the union of theirs, keyed by location and wire name, in order of first
//! appearance; a parameter is required only when every operation of the group requires it, and
//! when they type it differently its schema is an `anyOf` of their types. Bodies and response
//! models merge the same way (`anyOf` when they differ; the body is required only when every
//! operation sends one). Each later operation is listed in the owner's `x-aliases` with its
//! `operationId`, summary, description, its own parameters (`name`, `in`, `required`,
//! `schema`), its `requestBody` and `response` schemas and its paging, so no operation of the
//! model is lost.
//!
//! The output is deterministic: paths are sorted, methods follow the OpenAPI field order,
//! schemas are sorted by name, and every object's keys are written in a fixed order.

mod json;
mod paths;
mod schemas;

use crate::model::{Api, Binding};

use json::{Json, Obj};

/// The `Intercom-Version` values the document offers.
const VERSIONS: &[&str] = &["1.0", "1.1", "1.2", "1.3", "1.4"];

/// The version of the API the document describes (`info.version`).
const API_VERSION: &str = "1.4";

/// The rate-limit response headers, in the order they are listed.
const RATE_LIMIT_HEADERS: &[&str] = &[
    "X-RateLimit-Limit",
    "X-RateLimit-Remaining",
    "X-RateLimit-Reset",
];

/// Exports the operation model as a pretty-printed OpenAPI 3.0.3 JSON document, ending with a
/// newline. See the [module documentation](self) for the mapping.
pub fn openapi(api: &Api) -> String {
    let mut doc = Obj::new()
        .with("openapi", "3.0.3")
        .with("info", info(api))
        .with("servers", servers())
        .with(
            "security",
            vec![Obj::new().with("bearer", Vec::<Json>::new())],
        )
        .with("paths", paths::paths(api))
        .with("components", components(api));
    let unsupported = unsupported(api);
    if !unsupported.is_empty() {
        doc.set("x-unsupported-operations", unsupported);
    }
    let mut text = serde_json::to_string_pretty(&doc)
        .expect("a tree of strings, booleans, arrays and string-keyed objects always serializes");
    text.push('\n');
    text
}

fn info(api: &Api) -> Obj {
    Obj::new()
        .with("title", api.title.as_deref().unwrap_or("API"))
        .with("version", API_VERSION)
        .with(
            "description",
            "Operations that share a method and path are merged into one; the others are \
             listed in its `x-aliases`. `x-paging` tells how a list response is paged. \
             Operations the API has no call for are listed in `x-unsupported-operations`.",
        )
}

fn servers() -> Vec<Obj> {
    [
        ("https://api.intercom.io", "United States"),
        ("https://api.eu.intercom.io", "Europe"),
        ("https://api.au.intercom.io", "Australia"),
    ]
    .iter()
    .map(|(url, description)| {
        Obj::new()
            .with("url", *url)
            .with("description", *description)
    })
    .collect()
}

fn components(api: &Api) -> Obj {
    let error = |description: &str| {
        Obj::new()
            .with("description", description)
            .with("headers", paths::rate_limit_headers())
            .with(
                "content",
                Obj::new().with(
                    "application/json",
                    Obj::new().with("schema", schemas::schema_ref(schemas::ERROR_LIST)),
                ),
            )
    };
    let integer = || Obj::new().with("type", "integer").with("format", "int64");
    let header = |description: &str| {
        Obj::new()
            .with("description", description)
            .with("schema", integer())
    };
    Obj::new()
        .with(
            "schemas",
            schemas::components(&api.schemas, &schemas::in_responses(api)),
        )
        .with(
            "responses",
            Obj::new()
                .with(
                    "ClientError",
                    error(
                        "The request was refused (401/403 authentication, 404 not found, \
                         409 conflict, 422 invalid, 429 rate limited).",
                    ),
                )
                .with(
                    "ServerError",
                    error("The server failed; the body may not be JSON."),
                ),
        )
        .with(
            "parameters",
            Obj::new().with(
                "IntercomVersion",
                Obj::new()
                    .with("name", "Intercom-Version")
                    .with("in", "header")
                    .with(
                        "description",
                        "The API version. Without it the version configured for the app applies.",
                    )
                    .with("required", false)
                    .with("schema", schemas::schema_ref(schemas::INTERCOM_VERSION)),
            ),
        )
        .with(
            "headers",
            Obj::new()
                .with(
                    RATE_LIMIT_HEADERS[0],
                    header("The number of requests allowed in the current window."),
                )
                .with(
                    RATE_LIMIT_HEADERS[1],
                    header("The number of requests left in the current window."),
                )
                .with(
                    RATE_LIMIT_HEADERS[2],
                    header("When the current window ends, in Unix seconds."),
                ),
        )
        .with(
            "securitySchemes",
            Obj::new().with(
                "bearer",
                Obj::new()
                    .with("type", "http")
                    .with("scheme", "bearer")
                    .with("description", "An access token."),
            ),
        )
}

/// Operations without an HTTP call: name and reason, in document order.
fn unsupported(api: &Api) -> Vec<Obj> {
    api.operations
        .iter()
        .filter_map(|op| {
            let reason = match &op.binding {
                Binding::Http { .. } => return None,
                Binding::None { reason } => reason.as_str(),
                Binding::Unbound => "The reference gives no endpoint for this operation.",
            };
            Some(
                Obj::new()
                    .with("operationId", op.name.as_str())
                    .with("summary", paths::summary(op))
                    .with("reason", reason),
            )
        })
        .collect()
}
