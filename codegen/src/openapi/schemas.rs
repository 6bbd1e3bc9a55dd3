//! Types: [`TypeRef`] to Schema Objects, and the `components/schemas` section.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Api, ListWrapper, Origin, Schema, Shape, TypeRef};

use super::json::Obj;

/// The name of the error body schema the `4XX`/`5XX` responses reference.
pub(crate) const ERROR_LIST: &str = "ErrorList";

/// The name of the schema of the `Intercom-Version` header's values.
pub(crate) const INTERCOM_VERSION: &str = "IntercomVersion";

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

/// A struct field's schema in a response model: [`described_schema`] that also admits `null`
/// (`nullable: true`; a named type as `allOf: [$ref]`, which is where `nullable` can go).
fn nullable_schema(ty: &TypeRef, description: &str) -> Obj {
    let out = match ty {
        TypeRef::Any => return described_schema(ty, description),
        TypeRef::Named(name) => Obj::new().with("allOf", vec![schema_ref(name)]),
        _ => described_schema(ty, ""),
    };
    let out = out.with("nullable", true);
    match ty {
        TypeRef::Timestamp if !description.is_empty() => {
            out.with("description", format!("{description}\n\n{UNIX_SECONDS}"))
        }
        _ if !description.is_empty() => out.with("description", description),
        _ => out,
    }
}

/// The schema of a type known to be an enum or a struct. `in_responses`: the schema is part
/// of a response, so its fields may be `null` and its nested lists are wrapped.
pub(crate) fn component(schema: &Schema, in_responses: bool) -> Obj {
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
                let property = match &field.response_wrapper {
                    Some(wrapper) => wrapped_list(&field.ty, wrapper, &field.description),
                    None if in_responses => nullable_schema(&field.ty, &field.description),
                    None => described_schema(&field.ty, &field.description),
                };
                properties.set(field.wire_name.as_str(), property);
            }
            if !properties.is_empty() {
                out.set("properties", properties);
            }
            out.set("additionalProperties", true);
        }
    }
    out
}

/// A nested list in the form responses carry it:
/// `{"type": "company.list", "companies": [...], "total_count": n}`, the items required, `type`
/// the wrapper's value, `total_count` optional.
fn wrapped_list(ty: &TypeRef, wrapper: &ListWrapper, description: &str) -> Obj {
    let form = format!(
        "Responses wrap the list: `{{\"type\": \"{}\", \"{}\": [...]}}`; requests send the \
         plain array.",
        wrapper.list_type, wrapper.items_key
    );
    let description = if description.is_empty() {
        form
    } else {
        format!("{description}\n\n{form}")
    };
    let properties = Obj::new()
        .with(
            "type",
            Obj::new()
                .with("type", "string")
                .with("enum", vec![wrapper.list_type.as_str()]),
        )
        .with(wrapper.items_key.as_str(), type_schema(ty))
        .with(
            "total_count",
            integer().with("description", "How many items the list holds, when given."),
        );
    Obj::new()
        .with("type", "object")
        .with("nullable", true)
        .with("description", description)
        .with("properties", properties)
        .with("required", vec![wrapper.items_key.as_str()])
        .with("additionalProperties", true)
}

fn describe(out: &mut Obj, description: &str) {
    if !description.is_empty() {
        out.set("description", description);
    }
}

/// `components/schemas`: every schema of the model under its own name, sorted by name, plus
/// [`ERROR_LIST`] and [`INTERCOM_VERSION`] when the model has no schema of that name.
///
/// The schemas in `in_responses` (every schema a response reaches) admit `null` in every field.
pub(crate) fn components(schemas: &[Schema], in_responses: &BTreeSet<&str>) -> Obj {
    let mut sorted: BTreeMap<&str, Obj> = schemas
        .iter()
        .map(|schema| {
            let name = schema.name.as_str();
            (name, component(schema, in_responses.contains(name)))
        })
        .collect();
    sorted.entry(ERROR_LIST).or_insert_with(error_list);
    sorted
        .entry(INTERCOM_VERSION)
        .or_insert_with(intercom_version);
    let mut out = Obj::new();
    for (name, schema) in sorted {
        out.set(name, schema);
    }
    out
}

/// The values of the `Intercom-Version` header: a named schema, so that generators make one
/// type for it rather than one per operation.
fn intercom_version() -> Obj {
    Obj::new()
        .with("type", "string")
        .with("description", "A version of Intercom's REST API 1.x.")
        .with("enum", super::VERSIONS.to_vec())
        .with("example", super::API_VERSION)
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

/// The names of the schemas a response reaches: the return models, the models of the models
/// document that no request body reaches (`EventSummary`, webhook items) and, transitively,
/// the schemas their fields name.
pub(crate) fn in_responses(api: &Api) -> BTreeSet<&str> {
    let in_bodies = reached(
        api.operations
            .iter()
            .filter_map(|op| op.body.as_ref().map(|b| &b.ty)),
        &api.schemas,
    );
    let models: Vec<TypeRef> = api
        .schemas
        .iter()
        .filter(|s| s.origin == Origin::Model && !in_bodies.contains(s.name.as_str()))
        .map(|s| TypeRef::Named(s.name.clone()))
        .collect();
    let returns = api
        .operations
        .iter()
        .filter_map(|op| op.returns.as_ref().map(|r| &r.ty));
    reached(returns.chain(&models), &api.schemas)
}

/// The names of the schemas `types` name, transitively through struct fields.
fn reached<'t, 's: 't>(
    types: impl Iterator<Item = &'t TypeRef>,
    schemas: &'s [Schema],
) -> BTreeSet<&'s str> {
    let mut found = BTreeSet::new();
    let mut stack: Vec<&'t TypeRef> = types.collect();
    while let Some(ty) = stack.pop() {
        match ty {
            TypeRef::Array(inner) => stack.push(inner),
            TypeRef::Named(name) => {
                let Some(schema) = schemas.iter().find(|s| s.name == *name) else {
                    continue;
                };
                if !found.insert(schema.name.as_str()) {
                    continue;
                }
                if let Shape::Struct { fields } = &schema.shape {
                    stack.extend(fields.iter().map(|f| &f.ty));
                }
            }
            _ => {}
        }
    }
    found
}
