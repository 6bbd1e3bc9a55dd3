//! Types: [`TypeRef`] to Schema Objects, and the `components/schemas` section.

use std::collections::BTreeMap;

use crate::model::{Schema, Shape, TypeRef};

use super::json::Obj;

/// The name of the error body schema the `4XX`/`5XX` responses reference.
pub(crate) const ERROR_LIST: &str = "ErrorList";

/// A `$ref` to a schema in `components/schemas`.
pub(crate) fn schema_ref(name: &str) -> Obj {
    Obj::new().with("$ref", format!("#/components/schemas/{name}"))
}

/// The Schema Object for a type.
///
/// A timestamp is `integer`/`int64` described as Unix seconds; `object` is a free-form map;
/// `any` is the empty schema; a named type is a `$ref`.
pub(crate) fn type_schema(ty: &TypeRef) -> Obj {
    match ty {
        TypeRef::String => Obj::new().with("type", "string"),
        TypeRef::Boolean => Obj::new().with("type", "boolean"),
        TypeRef::Integer => integer(),
        TypeRef::Number => Obj::new().with("type", "number").with("format", "double"),
        TypeRef::Timestamp => integer().with("description", UNIX_SECONDS),
        TypeRef::Object => Obj::new()
            .with("type", "object")
            .with("additionalProperties", true),
        TypeRef::Any => Obj::new(),
        TypeRef::Array(item) => Obj::new()
            .with("type", "array")
            .with("items", type_schema(item)),
        TypeRef::Named(name) => schema_ref(name),
    }
}

const UNIX_SECONDS: &str = "Unix seconds.";

fn integer() -> Obj {
    Obj::new().with("type", "integer").with("format", "int64")
}

/// The Schema Object for a type with a description (a struct field).
///
/// OpenAPI 3.0 ignores siblings of `$ref`, so a described named type becomes
/// `allOf: [$ref]` next to its description. A timestamp keeps its Unix-seconds note after the
/// description.
pub(crate) fn described_schema(ty: &TypeRef, description: &str) -> Obj {
    if description.is_empty() {
        return type_schema(ty);
    }
    match ty {
        TypeRef::Named(name) => Obj::new()
            .with("allOf", vec![schema_ref(name)])
            .with("description", description),
        TypeRef::Timestamp => {
            integer().with("description", format!("{description}\n\n{UNIX_SECONDS}"))
        }
        _ => type_schema(ty).with("description", description),
    }
}

/// The schema of a type known to be an enum or a struct.
pub(crate) fn component(schema: &Schema) -> Obj {
    let mut out = Obj::new();
    match &schema.shape {
        Shape::Enum { values } => {
            out.set("type", "string");
            describe(&mut out, &schema.description);
            if !values.is_empty() {
                out.set("enum", values.clone());
            }
        }
        Shape::Struct { fields } => {
            out.set("type", "object");
            describe(&mut out, &schema.description);
            let mut properties = Obj::new();
            for field in fields {
                properties.set(
                    field.wire_name.as_str(),
                    described_schema(&field.ty, &field.description),
                );
            }
            if !properties.is_empty() {
                out.set("properties", properties);
            }
            out.set("additionalProperties", true);
        }
    }
    out
}

fn describe(out: &mut Obj, description: &str) {
    if !description.is_empty() {
        out.set("description", description);
    }
}

/// `components/schemas`: every schema of the model under its own name, sorted by name, plus
/// [`ERROR_LIST`] when the model has no schema of that name.
pub(crate) fn components(schemas: &[Schema]) -> Obj {
    let mut sorted: BTreeMap<&str, Obj> = schemas
        .iter()
        .map(|schema| (schema.name.as_str(), component(schema)))
        .collect();
    sorted.entry(ERROR_LIST).or_insert_with(error_list);
    let mut out = Obj::new();
    for (name, schema) in sorted {
        out.set(name, schema);
    }
    out
}

/// The error body of every non-2xx JSON response:
/// `{"type":"error.list","request_id":"…","errors":[{"code","message","field"}]}`.
fn error_list() -> Obj {
    let string = |description: &str| {
        Obj::new()
            .with("type", "string")
            .with("description", description)
    };
    let error = Obj::new()
        .with("type", "object")
        .with(
            "properties",
            Obj::new()
                .with(
                    "code",
                    string("A machine-readable error code (`not_found`)."),
                )
                .with("message", string("A human-readable explanation."))
                .with("field", string("The parameter the error is about, if any.")),
        )
        .with("additionalProperties", true);
    Obj::new()
        .with("type", "object")
        .with(
            "description",
            "The body of an error response (`type` `error.list`).",
        )
        .with(
            "properties",
            Obj::new()
                .with("type", string("`error.list`."))
                .with(
                    "request_id",
                    string("The id of the failed request; may be absent or null.")
                        .with("nullable", true),
                )
                .with(
                    "errors",
                    Obj::new()
                        .with("type", "array")
                        .with("items", error)
                        .with("description", "One entry per problem."),
                ),
        )
        .with("additionalProperties", true)
}
