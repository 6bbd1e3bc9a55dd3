//! The operation table generated for `intercom-mock`: a snapshot from the construct fixture,
//! and properties of the table for the real spec (every bound operation is there, in document
//! order; the schemas are sorted by name, as the mock's binary search needs).

mod emit_fixture;

use std::path::Path;

use codegen::emit::GeneratedFile;
use codegen::model::{Api, Binding, Method, Shape, TypeRef};
use emit_fixture::*;

fn fixture() -> Api {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    codegen::load(&[dir.join("constructs.md"), dir.join("constructs-models.md")])
        .unwrap_or_else(|d| panic!("{d}"))
}

fn spec() -> Api {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let files: Vec<_> = codegen::generate::SPEC_FILES
        .iter()
        .map(|f| root.join(f))
        .collect();
    codegen::load(&files).unwrap_or_else(|d| panic!("{d}"))
}

fn file(files: &[GeneratedFile], path: &str) -> String {
    files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("no {path}"))
        .contents
        .clone()
}

/// The string values of `key: "…"` lines in `text`, in order.
fn values(text: &str, key: &str) -> Vec<String> {
    let prefix = format!("{key}: \"");
    text.lines()
        .filter_map(|line| line.trim().strip_prefix(prefix.as_str()))
        .map(|rest| rest.trim_end_matches(',').trim_end_matches('"').to_owned())
        .collect()
}

/// The text of `OPERATIONS` and of `SCHEMAS`.
fn tables(operations_rs: &str) -> (&str, &str) {
    let at = operations_rs
        .find("pub static SCHEMAS")
        .expect("SCHEMAS is declared");
    let operations = &operations_rs[..at];
    let operations = &operations[operations
        .find("pub static OPERATIONS")
        .expect("OPERATIONS is declared")..];
    (operations, &operations_rs[at..])
}

#[test]
fn the_files_are_the_module_and_the_table() {
    let paths: Vec<String> = codegen::emit::mock(&fixture())
        .into_iter()
        .map(|f| f.path)
        .collect();
    assert_eq!(paths, ["generated/mod.rs", "generated/operations.rs"]);
}

#[test]
fn constructs_mock_module() {
    insta::assert_snapshot!(file(&codegen::emit::mock(&fixture()), "generated/mod.rs"));
}

#[test]
fn constructs_mock_table() {
    insta::assert_snapshot!(file(
        &codegen::emit::mock(&fixture()),
        "generated/operations.rs"
    ));
}

#[test]
fn one_of_is_written_as_the_model_gives_it_arrays_nest_and_schemas_are_sorted() {
    let mut find = with_params(
        op("find_user", Method::Get, "/users"),
        vec![
            wire(query("id", TypeRef::String, false, ""), "intercom_user_id"),
            query("email", TypeRef::String, false, ""),
        ],
    );
    // The model keeps one-of groups by wire name.
    find.one_of = vec!["intercom_user_id".to_owned(), "email".to_owned()];
    let mut api = api(
        vec![
            unbound("delete_company", Binding::Unbound),
            find,
            unbound(
                "delete_visitor",
                Binding::None {
                    reason: "no such call".to_owned(),
                },
            ),
        ],
        vec![
            object(
                "Zebra",
                "",
                vec![field("grid", array(array(named("Cell"))), "")],
            ),
            enumeration("Cell", "", &["on", "off"]),
        ],
    );
    api.schemas.reverse();
    let text = file(&codegen::emit::mock(&api), "generated/operations.rs");
    let (operations, schemas) = tables(&text);
    assert_eq!(values(operations, "name"), ["find_user"]);
    assert!(
        operations.contains(r#"one_of: &["intercom_user_id", "email"]"#),
        "{text}"
    );
    assert!(
        operations.contains(r#"wire_name: "intercom_user_id""#),
        "{text}"
    );
    assert_eq!(values(schemas, "name"), ["Cell", "Zebra"]);
    assert!(
        schemas.contains(r#"ty: Ty::Array(&Ty::Array(&Ty::Named("Cell")))"#),
        "{text}"
    );
}

#[test]
fn spec_table_lists_every_bound_operation_in_order_and_sorted_schemas() {
    let api = spec();
    let text = file(&codegen::emit::mock(&api), "generated/operations.rs");
    let (operations, schemas) = tables(&text);

    let bound: Vec<&str> = api
        .operations
        .iter()
        .filter(|op| matches!(op.binding, Binding::Http { .. }))
        .map(|op| op.name.as_str())
        .collect();
    assert!(
        bound.len() < api.operations.len(),
        "the spec has unbound operations"
    );
    assert_eq!(values(operations, "name"), bound);

    let names = values(schemas, "name");
    assert_eq!(names.len(), api.schemas.len());
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
}

/// The mock's `spec::Ty` mirrors the model's `TypeRef` (see intercom-mock's `spec` module for
/// why they are two): every kind of type the construct fixture uses, which is every kind the
/// model has, is spelled in the mock's table, and intercom-mock compiles that table against its
/// own types.
#[test]
fn every_kind_of_type_reaches_the_mock_table() {
    let api = fixture();
    let mut kinds = std::collections::BTreeSet::new();
    let mut visit = |ty: &TypeRef| {
        let mut ty = ty;
        while let TypeRef::Array(inner) = ty {
            kinds.insert("Array");
            ty = inner;
        }
        kinds.insert(match ty {
            TypeRef::String => "String",
            TypeRef::Boolean => "Boolean",
            TypeRef::Integer => "Integer",
            TypeRef::Number => "Number",
            TypeRef::Timestamp => "Timestamp",
            TypeRef::Object => "Object",
            TypeRef::Any => "Any",
            TypeRef::Array(_) => "Array",
            TypeRef::Named(_) => "Named",
        });
    };
    for schema in &api.schemas {
        if let Shape::Struct { fields } = &schema.shape {
            fields.iter().for_each(|f| visit(&f.ty));
        }
    }
    for op in &api.operations {
        op.params.iter().for_each(|p| visit(&p.ty));
    }
    assert_eq!(
        kinds.len(),
        9,
        "the fixture uses every kind of type: {kinds:?}"
    );
    let table = file(&codegen::emit::mock(&api), "generated/operations.rs");
    for kind in kinds {
        assert!(
            table.contains(&format!("Ty::{kind}")),
            "Ty::{kind} in the table"
        );
    }
}
