//! Documents written in the format's other habits (dotted operation names, hyphenated,
//! bracketed and header parameters, prose headings and bold prose inside sections, `tzinfo` and
//! `blob`, literal PascalCase examples) read without losing or misplacing anything, and the
//! line-ending and byte-order-mark variants of a file read the same.

use std::path::{Path, PathBuf};

use codegen::SpecFile;
use codegen::model::{Api, Binding, Location, TypeRef, outline};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/habits")
        .join(name)
}

fn habits() -> Api {
    codegen::load(&[fixture("operations.md"), fixture("models.md")])
        .unwrap_or_else(|d| panic!("{d}"))
}

fn op<'a>(api: &'a Api, name: &str) -> &'a codegen::model::Operation {
    api.operations
        .iter()
        .find(|o| o.name == name)
        .unwrap_or_else(|| panic!("{name}"))
}

#[test]
fn habits_outline() {
    insta::assert_snapshot!(outline(&habits()).replace(env!("CARGO_MANIFEST_DIR"), "codegen"));
}

#[test]
fn habits_model_json() {
    let json = serde_json::to_string_pretty(&habits()).expect("serializes");
    insta::assert_snapshot!(json.replace(env!("CARGO_MANIFEST_DIR"), "codegen"));
}

#[test]
fn every_parameter_heading_lands_in_its_operation() {
    let api = habits();
    let text = std::fs::read_to_string(fixture("operations.md")).expect("fixture");
    let headings = text.lines().filter(|l| l.starts_with("### ")).count();
    let markers = text.lines().filter(|l| *l == "### resultsPath").count();
    let params: usize = api.operations.iter().map(|o| o.params.len()).sum();
    let bodies = api.operations.iter().filter(|o| o.body.is_some()).count();
    assert_eq!(params + bodies + markers, headings);
    assert_eq!(api.operations.len(), 2, "prose headings are not operations");

    let list = op(&api, "projects.locations.list");
    let located: Vec<(&str, Location)> = list
        .params
        .iter()
        .map(|p| (p.wire_name.as_str(), p.location))
        .collect();
    assert_eq!(
        located,
        [
            ("project_id", Location::Path),
            ("start-date", Location::Query),
            ("include[]", Location::Query),
            ("{field_name}", Location::Query),
            ("timezone", Location::Query),
            ("verbose", Location::Query),
            ("X-Request-Id", Location::Header),
            ("on-behalf-of", Location::Header),
        ]
    );
    let verbose = list
        .params
        .iter()
        .find(|p| p.name == "verbose")
        .expect("verbose");
    assert_eq!(verbose.ty, TypeRef::Boolean);
    let timezone = list
        .params
        .iter()
        .find(|p| p.name == "timezone")
        .expect("tz");
    assert_eq!(timezone.ty, TypeRef::String);
    assert!(matches!(list.binding, Binding::Http { .. }));
    let create = op(&api, "phones.create");
    assert_eq!(create.params[0].location, Location::Header);
    assert!(create.body.is_some());
}

#[test]
fn bold_prose_and_prose_headings_stay_in_the_description() {
    let api = habits();
    let list = op(&api, "projects.locations.list");
    for text in [
        "**Note:** results are cached for a minute.",
        "**IMPORTANT:** the list may be empty.",
        "## URI Parameters",
        "## Header Parameters",
    ] {
        assert!(
            list.description.contains(text),
            "{text} in {}",
            list.description
        );
    }
    let create = op(&api, "phones.create");
    assert!(create.description.contains("**Tip:** numbers are stored"));
    assert!(create.description.contains("`CELL`, `HOME` and `WORK`"));
}

#[test]
fn the_generated_client_keeps_wire_names_and_derives_identifiers() {
    let files = codegen::emit::rust(&habits());
    let operations: String = files
        .iter()
        .filter(|f| f.path.starts_with("generated/operations/"))
        .map(|f| f.contents.as_str())
        .collect();
    insta::assert_snapshot!(operations);
}

fn build(text: &[u8]) -> Result<Api, codegen::diagnostics::Diagnostics> {
    let models = std::fs::read(fixture("models.md")).expect("models");
    codegen::build(&[
        SpecFile {
            name: "ops.md".into(),
            bytes: text.to_vec(),
        },
        SpecFile {
            name: "models.md".into(),
            bytes: models,
        },
    ])
}

#[test]
fn a_byte_order_mark_and_any_line_ending_read_the_same() {
    let text = std::fs::read(fixture("operations.md")).expect("fixture");
    let plain = build(&text).expect("LF");
    let with_bom = build(&[b"\xEF\xBB\xBF".as_slice(), &text].concat()).expect("BOM");
    let crlf = build(
        &String::from_utf8_lossy(&text)
            .replace('\n', "\r\n")
            .into_bytes(),
    )
    .expect("CRLF");
    let cr = build(
        &String::from_utf8_lossy(&text)
            .replace('\n', "\r")
            .into_bytes(),
    )
    .expect("CR");
    for (name, api) in [("BOM", &with_bom), ("CRLF", &crlf), ("CR", &cr)] {
        assert_eq!(api.title, plain.title, "{name}");
        assert_eq!(api.operations, plain.operations, "{name}");
        assert_eq!(api.schemas, plain.schemas, "{name}");
    }
}

#[test]
fn positions_count_lines_whatever_the_line_ending() {
    let text = "---\rtitle: T\r---\r\r## get_thing\r\r**Retruns:** `PhoneNumber`\r";
    let diags = build(text.as_bytes()).expect_err("a misspelt label");
    let d = &diags.0[0];
    assert_eq!((d.line, d.col), (7, 1), "{diags}");
    assert_eq!(d.source_line, "**Retruns:** `PhoneNumber`");
}

#[test]
fn the_openapi_export_keeps_header_and_odd_parameter_names() {
    let doc: serde_json::Value =
        serde_json::from_str(&codegen::openapi::openapi(&habits())).expect("JSON");
    let params = doc["paths"]["/projects/{project_id}/locations"]["get"]["parameters"]
        .as_array()
        .expect("parameters");
    let placed: Vec<(&str, &str)> = params
        .iter()
        .filter_map(|p| Some((p["name"].as_str()?, p["in"].as_str()?)))
        .collect();
    for expected in [
        ("start-date", "query"),
        ("include[]", "query"),
        ("{field_name}", "query"),
        ("X-Request-Id", "header"),
        ("on-behalf-of", "header"),
    ] {
        assert!(placed.contains(&expected), "{expected:?} in {placed:?}");
    }
    let create = &doc["paths"]["/phones"]["post"];
    assert_eq!(create["operationId"], "phones.create");
    assert!(create["parameters"].as_array().is_some_and(|ps| {
        ps.iter()
            .any(|p| p["name"] == "Content-Type" && p["in"] == "header")
    }));
}

#[test]
fn one_of_groups_are_kept_by_wire_name() {
    let text = "---\ntitle: T\n---\n## find_thing\n\n**Endpoint:** `GET /things`\n\n**One of:** `scroll`, `email`\n\n### scroll\n\n**Type:** string\n\n**Wire name:** `scroll_param`\n\n### email\n\n**Type:** string\n";
    let api = build(text.as_bytes()).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(api.operations[0].one_of, ["scroll_param", "email"]);
}
