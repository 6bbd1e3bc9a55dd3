//! The intermediate operation model: what the spec documents mean, with every rule applied.
//!
//! Later stages (`emit`) read only these types. The model serializes to JSON for
//! `cargo xtask model` and for snapshot tests, so field order here is the order people read.

use serde::Serialize;

/// Everything the spec documents describe.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Api {
    /// The document title from the front matter, when there is one.
    pub title: Option<String>,
    /// Operations in document order.
    pub operations: Vec<Operation>,
    /// Named types (models, request bodies, inferred objects and enums), sorted by name.
    pub schemas: Vec<Schema>,
}

/// One operation of the reference (a `## name` section).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Operation {
    /// The name as written in the heading, snake_case (`get_user`).
    pub name: String,
    /// The description paragraphs, as Markdown.
    pub description: String,
    /// How the operation travels over HTTP, if it does.
    pub binding: Binding,
    /// Path, query and header parameters in document order (`$body` is in `body`).
    pub params: Vec<Param>,
    /// The JSON request body.
    pub body: Option<Body>,
    /// The response model; `None` when the response has no body.
    pub returns: Option<Returns>,
    /// Whether and how the response is a list to page through.
    pub paging: Paging,
    /// Optional query parameters of which a call must set at least one (`**One of:**`), by
    /// wire name; empty when there is no such rule.
    pub one_of: Vec<String>,
    /// Where the operation's heading is.
    pub source: Source,
}

/// The HTTP binding of an operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Binding {
    /// `**Endpoint:** \`GET /users/{id}\``.
    Http {
        /// The HTTP method.
        method: Method,
        /// The path template, parsed.
        path: PathTemplate,
        /// Query pairs the endpoint always sends (`?model=company`), in order.
        constants: Vec<QueryConstant>,
    },
    /// `**Endpoint:** none — reason`: the API has no call for this operation.
    None {
        /// Why there is no call.
        reason: String,
    },
    /// No `**Endpoint:**` line: an unannotated document.
    Unbound,
}

/// A path template parsed once (`/users/{id}`): literal text and `{name}` parameters, in order.
///
/// It serializes as the template text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathTemplate {
    text: String,
    parts: Vec<PathPart>,
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    /// Text sent as written (`/users/`).
    Literal(String),
    /// A `{name}` placeholder, by the parameter's name.
    Param(String),
}

impl PathTemplate {
    /// Parses `text`; `None` when a `{` is not closed or a `}` not opened.
    pub fn parse(text: &str) -> Option<PathTemplate> {
        let mut parts = Vec::new();
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            let close = rest[open..].find('}')? + open;
            if open > 0 {
                parts.push(PathPart::Literal(rest[..open].to_string()));
            }
            parts.push(PathPart::Param(rest[open + 1..close].to_string()));
            rest = &rest[close + 1..];
        }
        if rest.contains('}') {
            return None;
        }
        if !rest.is_empty() {
            parts.push(PathPart::Literal(rest.to_string()));
        }
        Some(PathTemplate {
            text: text.to_string(),
            parts,
        })
    }

    /// The template as written (`/users/{id}`).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The pieces, in order.
    pub fn parts(&self) -> &[PathPart] {
        &self.parts
    }

    /// The placeholders' names, in order.
    pub fn params(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().filter_map(|part| match part {
            PathPart::Param(name) => Some(name.as_str()),
            PathPart::Literal(_) => None,
        })
    }
}

impl Serialize for PathTemplate {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

/// A query pair that an endpoint always sends, written in its `**Endpoint:**` line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QueryConstant {
    /// The query key.
    pub name: String,
    /// The value, as sent.
    pub value: String,
}

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// PATCH
    Patch,
    /// DELETE
    Delete,
}

impl Method {
    /// The method as written on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// A path, query or header parameter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Param {
    /// The name in the document (`scroll`).
    pub name: String,
    /// The name on the wire (`scroll_param`); equal to `name` unless annotated.
    pub wire_name: String,
    /// Where the parameter travels.
    pub location: Location,
    /// Its type.
    pub ty: TypeRef,
    /// Whether the heading says `(required)`; path parameters always are.
    pub required: bool,
    /// The description, as Markdown.
    pub description: String,
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Location {
    /// A `{name}` segment of the path.
    Path,
    /// The query string.
    Query,
    /// A request header (`X-Request-Id`): a parameter whose name is an HTTP header's.
    Header,
}

/// The JSON request body of an operation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Body {
    /// The body's type, normally a named schema.
    pub ty: TypeRef,
    /// The description, as Markdown.
    pub description: String,
    /// The top-level fields a call must send (`**Required:**`), by wire name.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub required: Vec<String>,
}

/// What a successful response carries.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Returns {
    /// The response model.
    pub ty: TypeRef,
    /// Whether a successful response may also have an empty body.
    pub or_empty: bool,
}

/// How a list response is paged.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Paging {
    /// Not a list.
    None,
    /// A list in one response, no further pages.
    List(ListShape),
    /// Follow `pages.next` until it is null or missing.
    Pages(ListShape),
    /// Send the response's cursor back until a page is empty ([`ListShape::cursor`]).
    Scroll(ListShape),
}

/// The list part of a list response model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListShape {
    /// The field of the response model that holds the items (`users`).
    pub items_field: String,
    /// The item type's schema name (`User`).
    pub item: String,
    /// For a scroll: the cursor each page carries and the next request sends back.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<Cursor>,
}

/// The cursor of a scroll: read from a response field, sent back as a query parameter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cursor {
    /// The response field that holds it (`scroll_param`).
    pub field: String,
    /// The query parameter that sends it back, by wire name (`scroll_param`).
    pub param: String,
}

/// A type as the spec gives it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(tag = "kind", content = "of", rename_all = "snake_case")]
pub enum TypeRef {
    /// Text.
    String,
    /// `true` or `false`.
    Boolean,
    /// A whole number.
    Integer,
    /// Any number.
    Number,
    /// Unix seconds.
    Timestamp,
    /// A free-form JSON object.
    Object,
    /// Any JSON value.
    Any,
    /// A list of the inner type.
    Array(Box<TypeRef>),
    /// A named schema.
    Named(String),
}

/// A named type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Schema {
    /// The type name, PascalCase (`User`, `ListUsersSort`).
    pub name: String,
    /// The description, as Markdown.
    pub description: String,
    /// Where the type comes from.
    pub origin: Origin,
    /// Its shape.
    pub shape: Shape,
}

/// Where a schema comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// A `## Name` section of a models document.
    Model,
    /// The `$body` of an operation.
    RequestBody,
    /// An object or enum found inside another type or parameter.
    Inferred,
}

/// The shape of a named type.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Shape {
    /// A JSON object with known fields.
    Struct {
        /// Fields in document order.
        fields: Vec<Field>,
    },
    /// A string with known values.
    Enum {
        /// The wire values in document order.
        values: Vec<String>,
    },
}

/// A field of a struct shape.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Field {
    /// The key on the wire (`plan`, `type`).
    pub wire_name: String,
    /// Its type.
    pub ty: TypeRef,
    /// The description, as Markdown.
    pub description: String,
    /// How responses wrap this field when it is a nested list of a resource
    /// (`"companies": {"type": "company.list", "companies": [...]}`); requests send the plain
    /// array its type describes. `None` for every other field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_wrapper: Option<ListWrapper>,
}

/// The wrapped form a nested list takes in responses:
/// `{"type": "<list_type>", "<items_key>": [...]}`, where the array is the field's type.
///
/// Intercom may add `total_count` (a conversation's parts do), equal to the number of items.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct ListWrapper {
    /// The wrapper's `type` value (`company.list`, `social_profile.list`).
    pub list_type: String,
    /// The key that holds the items inside the wrapper (`companies`): the field's wire name.
    pub items_key: String,
}

/// A place in a spec document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    /// The file as it was given.
    pub file: String,
    /// 1-based line.
    pub line: usize,
}
