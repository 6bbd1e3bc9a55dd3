//! The README's worked example of extending the spec produces a callable method.

use std::path::Path;

use codegen::SpecFile;

fn read(relative: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The Markdown between the README's `spec-extension` markers, without its code fence.
fn extension_from_readme() -> String {
    let readme = read("README.md");
    let start = readme
        .find("<!-- spec-extension:start -->")
        .expect("start marker");
    let end = readme
        .find("<!-- spec-extension:end -->")
        .expect("end marker");
    let block = &readme[start..end];
    let body_start = block.find("```markdown\n").expect("markdown fence") + "```markdown\n".len();
    let body_end = block.rfind("```").expect("closing fence");
    block[body_start..body_end].to_string()
}

#[test]
fn the_worked_extension_adds_a_method_and_a_mock_route() {
    let spec = format!("{}\n{}", read("spec/intercom.md"), extension_from_readme());
    let files = [
        SpecFile {
            name: "spec/intercom.md".into(),
            bytes: spec.into_bytes(),
        },
        SpecFile {
            name: "spec/sdk-operations.md".into(),
            bytes: read("spec/sdk-operations.md").into_bytes(),
        },
        SpecFile {
            name: "spec/models.md".into(),
            bytes: read("spec/models.md").into_bytes(),
        },
    ];
    let api = codegen::build(&files).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(api.operations.len(), 92);
    let files = codegen::emit::rust(&api);
    let operations: String = files
        .iter()
        .filter(|f| f.path.starts_with("generated/operations/"))
        .map(|f| f.contents.as_str())
        .collect();
    assert!(
        operations.contains(
            "pub fn list_company_segments(&self, id: impl Into<String>) -> ListCompanySegments"
        ),
        "the method is generated"
    );
    assert!(operations.contains("\"/companies/{id}/segments\""));
    assert!(operations.contains("send_on_await!(ListCompanySegments => types::SegmentList)"));

    let mock = codegen::emit::mock(&api);
    let table = mock
        .iter()
        .find(|f| f.path.ends_with("operations.rs"))
        .expect("the mock's operations.rs");
    let entry = table
        .contents
        .split("Operation {")
        .find(|entry| entry.contains("name: \"list_company_segments\""))
        .expect("the mock serves the new operation");
    assert!(entry.contains("path: \"/companies/{id}/segments\""));
    assert!(entry.contains("Ty::Named(\"SegmentList\")"));
}
