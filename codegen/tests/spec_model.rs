//! The front end over real documents: the project's spec, the construct fixtures and the
//! unannotated upstream reference.

use std::path::{Path, PathBuf};

use codegen::model::{Api, Binding, Location, Paging, Shape, TypeRef, outline};

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn spec_files() -> Vec<PathBuf> {
    let root = manifest_dir().join("..");
    codegen::generate::SPEC_FILES
        .iter()
        .map(|f| root.join(f))
        .collect()
}

fn load(paths: &[PathBuf]) -> Api {
    codegen::load(paths).unwrap_or_else(|d| panic!("{d}"))
}

/// Paths in snapshots are relative to the workspace, whatever the checkout is called.
fn relative(text: String) -> String {
    let root = manifest_dir().join("..").display().to_string();
    text.replace(&format!("{root}/"), "")
        .replace(&manifest_dir().display().to_string(), "codegen")
}

#[test]
fn spec_outline() {
    let api = load(&spec_files());
    insta::assert_snapshot!(relative(outline(&api)));
}

#[test]
fn spec_binds_every_operation_or_says_why_not() {
    let api = load(&spec_files());
    assert_eq!(api.operations.len(), 91);
    let unbound: Vec<&str> = api
        .operations
        .iter()
        .filter(|op| !matches!(op.binding, Binding::Http { .. }))
        .map(|op| op.name.as_str())
        .collect();
    assert_eq!(
        unbound,
        ["delete_company", "delete_company_by_id", "delete_visitor"]
    );
    for op in &api.operations {
        if let Binding::None { reason } = &op.binding {
            assert!(!reason.is_empty(), "{} has no reason", op.name);
        }
    }
}

#[test]
fn spec_encodes_the_corrections() {
    let api = load(&spec_files());
    let op = |name: &str| {
        api.operations
            .iter()
            .find(|o| o.name == name)
            .unwrap_or_else(|| panic!("{name}"))
    };
    let scroll = &op("scroll_users").params[0];
    assert_eq!(
        (scroll.name.as_str(), scroll.wire_name.as_str()),
        ("scroll", "scroll_param")
    );
    assert!(matches!(op("scroll_users").paging, Paging::Scroll(_)));
    assert!(matches!(op("list_users").paging, Paging::Pages(_)));
    assert!(
        op("list_users")
            .params
            .iter()
            .all(|p| p.name != "resultsPath")
    );
    let count = op("get_count")
        .params
        .iter()
        .find(|p| p.name == "count")
        .expect("count");
    let TypeRef::Named(count_enum) = &count.ty else {
        panic!("get_count.count is an enum")
    };
    let schema = api
        .schemas
        .iter()
        .find(|s| &s.name == count_enum)
        .expect("schema");
    assert!(
        matches!(&schema.shape, Shape::Enum { values } if values.contains(&"segment".to_string()))
    );
    assert!(op("delete_customer_to_conversation").body.is_some());
    assert!(op("set_admin_away").body.is_some());
    assert!(
        op("set_admin_away")
            .params
            .iter()
            .all(|p| p.location == Location::Path)
    );
    assert!(op("create_event").returns.is_none());
    let company_body = api
        .schemas
        .iter()
        .find(|s| s.name == "CreateCompanyRequest")
        .expect("body");
    let Shape::Struct { fields } = &company_body.shape else {
        panic!("struct")
    };
    assert!(
        fields
            .iter()
            .any(|f| f.wire_name == "plan" && f.ty == TypeRef::String)
    );
    let event_body = api
        .schemas
        .iter()
        .find(|s| s.name == "CreateEventRequest")
        .expect("event body");
    let Shape::Struct { fields } = &event_body.shape else {
        panic!("struct")
    };
    assert!(
        fields
            .iter()
            .any(|f| f.wire_name == "metadata" && f.ty == TypeRef::Object)
    );
}

#[test]
fn constructs_outline() {
    let dir = manifest_dir().join("tests/fixtures");
    let api = load(&[dir.join("constructs.md"), dir.join("constructs-models.md")]);
    insta::assert_snapshot!(relative(outline(&api)));
}

#[test]
fn constructs_model_json() {
    let dir = manifest_dir().join("tests/fixtures");
    let api = load(&[dir.join("constructs.md"), dir.join("constructs-models.md")]);
    let json = serde_json::to_string_pretty(&api).expect("serializes");
    insta::assert_snapshot!(relative(json));
}

#[test]
fn unannotated_upstream_parses_to_57_operations_with_every_parameter() {
    let path = manifest_dir().join("tests/fixtures/upstream/intercom-documentation.md");
    let api = load(std::slice::from_ref(&path));
    assert_eq!(api.operations.len(), 57);
    assert!(
        api.operations
            .iter()
            .all(|op| op.binding == Binding::Unbound)
    );
    let text = std::fs::read_to_string(&path).expect("fixture");
    // Every `### name` heading is a parameter, the body, or the list marker.
    let headings = text.lines().filter(|l| l.starts_with("### ")).count();
    let markers = text.lines().filter(|l| *l == "### resultsPath").count();
    let params: usize = api.operations.iter().map(|op| op.params.len()).sum();
    let bodies = api.operations.iter().filter(|op| op.body.is_some()).count();
    assert_eq!(params + bodies + markers, headings);
    let list_users = api
        .operations
        .iter()
        .find(|o| o.name == "list_users")
        .expect("list_users");
    let names: Vec<&str> = list_users.params.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["created_since", "order", "sort"]);
}
