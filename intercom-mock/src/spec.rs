//! The operation table the mock serves: what the spec says each call looks like on the wire.
//!
//! `cargo xtask gen` writes the table itself ([`OPERATIONS`], [`SCHEMAS`]) into
//! `src/generated/` from the same operation model that builds the client, with [`OperationId`];
//! these are the types it is written in.
//!
//! These types mirror the generator's operation model (`codegen::model`), and stay two on
//! purpose: the mock must not depend on the generator at run time (it would bring syn, quote,
//! prettyplease and pulldown-cmark to every test that starts a mock), and the table is `static`
//! data, so it holds `&'static str` and slices where the model owns `String`s and `Vec`s. They
//! cannot drift apart unnoticed: the generator spells every kind of the model's types in the
//! table with an exhaustive match, the table is compiled against the types here, and codegen's
//! `every_kind_of_type_reaches_the_mock_table` test checks that each kind is written.

pub use crate::generated::operations::{OPERATIONS, OperationId, SCHEMAS};

/// One operation with an HTTP call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operation {
    /// The operation's identifier: one variant per operation of the spec.
    pub id: OperationId,
    /// The operation's name in the spec (`get_user`).
    pub name: &'static str,
    /// The HTTP method, upper case (`GET`).
    pub method: &'static str,
    /// The path template, `{name}` marking path parameters (`/users/{id}`).
    pub path: &'static str,
    /// Query pairs every call carries (`model=company`).
    pub constants: &'static [(&'static str, &'static str)],
    /// Path and query parameters, by wire name.
    pub params: &'static [Param],
    /// The type of the JSON request body, if the operation takes one.
    pub body: Option<Ty>,
    /// The response model; `None` when a success has no body.
    pub returns: Option<Returns>,
    /// Whether and how the response is a list to page through.
    pub paging: Paging,
    /// Query parameters of which a call must set at least one (wire names).
    pub one_of: &'static [&'static str],
}

/// A path, query or header parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Param {
    /// The name on the wire.
    pub wire_name: &'static str,
    /// Where it travels.
    pub location: Location,
    /// Its type.
    pub ty: Ty,
    /// Whether a call must carry it.
    pub required: bool,
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// A `{name}` segment of the path.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
}

/// What a successful response carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Returns {
    /// The response model.
    pub ty: Ty,
    /// Whether a success may also have an empty body.
    pub or_empty: bool,
}

/// How a list response is paged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paging {
    /// Not a list.
    None,
    /// A list in one response.
    List(ListShape),
    /// `pages.next` links to the next page.
    Pages(ListShape),
    /// The response's cursor ([`ListShape::cursor`]) is sent back until a page is empty.
    Scroll(ListShape),
}

/// The list part of a list response model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListShape {
    /// The response field holding the items (`users`).
    pub items_field: &'static str,
    /// The item schema's name (`User`).
    pub item: &'static str,
    /// For a scroll: the cursor each batch carries and the next request sends back.
    pub cursor: Option<Cursor>,
}

/// The cursor of a scroll.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    /// The response field that holds it (`scroll_param`).
    pub field: &'static str,
    /// The query parameter that sends it back (`scroll_param`).
    pub param: &'static str,
}

/// A type as the spec gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
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
    Array(&'static Ty),
    /// A schema of [`SCHEMAS`], by name.
    Named(&'static str),
}

/// A named type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schema {
    /// The schema's name (`User`).
    pub name: &'static str,
    /// Its shape.
    pub shape: Shape,
}

/// The shape of a named type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A JSON object with known fields.
    Struct(&'static [Field]),
    /// A string with known values.
    Enum(&'static [&'static str]),
}

/// A field of a struct shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// The key on the wire.
    pub wire_name: &'static str,
    /// Its type.
    pub ty: Ty,
}

/// The schema called `name`. [`SCHEMAS`] is sorted by name.
pub fn schema(name: &str) -> Option<&'static Schema> {
    SCHEMAS
        .binary_search_by(|s| s.name.cmp(name))
        .ok()
        .map(|i| &SCHEMAS[i])
}

/// The operation called `name`.
pub fn operation(name: &str) -> Option<&'static Operation> {
    OPERATIONS.iter().find(|op| op.name == name)
}
