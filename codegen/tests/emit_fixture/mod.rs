//! Small hand-built operation models for the emit tests.

#![allow(dead_code)]

use codegen::emit::{self, GeneratedFile};
use codegen::model::{
    Api, Binding, Body, Cursor, Field, ListShape, Location, Method, Operation, Origin, Paging,
    Param, PathTemplate, Returns, Schema, Shape, Source, TypeRef,
};

pub fn api(operations: Vec<Operation>, mut schemas: Vec<Schema>) -> Api {
    schemas.sort_by(|a, b| a.name.cmp(&b.name));
    Api {
        title: Some("Fixture".to_owned()),
        operations,
        schemas,
    }
}

pub fn op(name: &str, method: Method, path: &str) -> Operation {
    Operation {
        name: name.to_owned(),
        description: String::new(),
        binding: Binding::Http {
            method,
            path: PathTemplate::parse(path).expect("a path template"),
            constants: Vec::new(),
        },
        params: Vec::new(),
        body: None,
        returns: None,
        paging: Paging::None,
        one_of: Vec::new(),
        source: Source {
            file: "fixture.md".to_owned(),
            line: 1,
        },
    }
}

pub fn unbound(name: &str, binding: Binding) -> Operation {
    Operation {
        binding,
        ..op(name, Method::Get, "/")
    }
}

pub fn described(mut op: Operation, description: &str) -> Operation {
    op.description = description.to_owned();
    op
}

pub fn with_params(mut op: Operation, params: Vec<Param>) -> Operation {
    op.params = params;
    op
}

pub fn with_body(mut op: Operation, schema: &str) -> Operation {
    op.body = Some(Body {
        ty: named(schema),
        description: String::new(),
        required: Vec::new(),
    });
    op
}

pub fn returning(mut op: Operation, schema: &str) -> Operation {
    op.returns = Some(Returns {
        ty: named(schema),
        or_empty: false,
    });
    op
}

pub fn returning_or_empty(mut op: Operation, schema: &str) -> Operation {
    op.returns = Some(Returns {
        ty: named(schema),
        or_empty: true,
    });
    op
}

pub fn paged(
    mut op: Operation,
    paging: fn(ListShape) -> Paging,
    field: &str,
    item: &str,
) -> Operation {
    let shape = ListShape {
        items_field: field.to_owned(),
        item: item.to_owned(),
        cursor: None,
    };
    // A scroll sends its cursor back as `scroll_param`, as the model decides for Intercom.
    op.paging = match paging(shape) {
        Paging::Scroll(shape) => Paging::Scroll(ListShape {
            cursor: Some(Cursor {
                field: "scroll_param".to_owned(),
                param: "scroll_param".to_owned(),
            }),
            ..shape
        }),
        other => other,
    };
    op
}

pub fn path(name: &str, description: &str) -> Param {
    Param {
        name: name.to_owned(),
        wire_name: name.to_owned(),
        location: Location::Path,
        ty: TypeRef::String,
        required: true,
        description: description.to_owned(),
    }
}

pub fn query(name: &str, ty: TypeRef, required: bool, description: &str) -> Param {
    Param {
        name: name.to_owned(),
        wire_name: name.to_owned(),
        location: Location::Query,
        ty,
        required,
        description: description.to_owned(),
    }
}

pub fn wire(mut param: Param, wire_name: &str) -> Param {
    param.wire_name = wire_name.to_owned();
    param
}

pub fn named(name: &str) -> TypeRef {
    TypeRef::Named(name.to_owned())
}

pub fn array(of: TypeRef) -> TypeRef {
    TypeRef::Array(Box::new(of))
}

pub fn field(wire_name: &str, ty: TypeRef, description: &str) -> Field {
    Field {
        wire_name: wire_name.to_owned(),
        ty,
        description: description.to_owned(),
        response_wrapper: None,
    }
}

pub fn object(name: &str, description: &str, fields: Vec<Field>) -> Schema {
    Schema {
        name: name.to_owned(),
        description: description.to_owned(),
        origin: Origin::Model,
        shape: Shape::Struct { fields },
    }
}

pub fn enumeration(name: &str, description: &str, values: &[&str]) -> Schema {
    Schema {
        name: name.to_owned(),
        description: description.to_owned(),
        origin: Origin::Inferred,
        shape: Shape::Enum {
            values: values.iter().map(|v| (*v).to_owned()).collect(),
        },
    }
}

/// A list model: `type`, the items field, and optionally `pages` or `scroll_param`.
pub fn list_model(name: &str, items_field: &str, item: &str, extra: Vec<Field>) -> Schema {
    let mut fields = vec![
        field(
            "type",
            TypeRef::String,
            "The list's type, ending in `.list`.",
        ),
        field(items_field, array(named(item)), ""),
    ];
    fields.extend(extra);
    object(name, &format!("A list of `{item}`."), fields)
}

pub fn pages_schema() -> Schema {
    object(
        "Pages",
        "Where a paged list continues.",
        vec![
            field("type", TypeRef::String, ""),
            field("next", TypeRef::String, "The URL of the next page."),
            field("page", TypeRef::Integer, ""),
        ],
    )
}

pub fn user_schema() -> Schema {
    object(
        "User",
        "A user.",
        vec![
            field("type", TypeRef::String, "Always `user`."),
            field("id", TypeRef::String, "The Intercom id."),
        ],
    )
}

/// The text of the generated file at `path`.
/// The generated file at `path`; for `generated/operations.rs` or `generated/types.rs`, the
/// files of that module's folder one after the other, each under a `// file:` line.
pub fn file(api: &Api, path: &str) -> String {
    let files = emit::rust(api);
    if let Some(f) = files.iter().find(|f: &&GeneratedFile| f.path == path) {
        return f.contents.clone();
    }
    let dir = format!("{}/", path.trim_end_matches(".rs"));
    let parts: Vec<String> = files
        .iter()
        .filter(|f| f.path.starts_with(&dir))
        .map(|f| format!("// file: {}\n{}", f.path, f.contents))
        .collect();
    assert!(!parts.is_empty(), "no generated file {path}");
    parts.join("\n")
}
