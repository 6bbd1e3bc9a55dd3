//! The Rust generated from the construct fixture documents, end to end (Markdown -> model ->
//! Rust): path, query and body parameters, enums, nested and de-duplicated types, keywords,
//! paged and scrolled lists, fixed query pairs, one-of rules and a call without a body.

use std::path::Path;

fn generated() -> Vec<codegen::emit::GeneratedFile> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let api = codegen::load(&[dir.join("constructs.md"), dir.join("constructs-models.md")])
        .unwrap_or_else(|d| panic!("{d}"));
    codegen::emit::rust(&api)
}

/// The generated file `generated/{name}`; for a module (`types.rs`, `operations.rs`), the files
/// of its folder one after the other, each under a `// file:` line.
fn file(name: &str) -> String {
    let files = generated();
    if let Some(file) = files.iter().find(|f| f.path == format!("generated/{name}")) {
        return file.contents.clone();
    }
    let dir = format!("generated/{}/", name.trim_end_matches(".rs"));
    let parts: Vec<String> = files
        .iter()
        .filter(|f| f.path.starts_with(&dir))
        .map(|f| format!("// file: {}\n{}", f.path, f.contents))
        .collect();
    assert!(!parts.is_empty(), "{name}");
    parts.join("\n")
}

#[test]
fn constructs_types() {
    insta::assert_snapshot!(file("types.rs"));
}

#[test]
fn constructs_operations() {
    insta::assert_snapshot!(file("operations.rs"));
}

#[test]
fn constructs_without_a_method() {
    insta::assert_snapshot!(file("unbound.md"));
}
