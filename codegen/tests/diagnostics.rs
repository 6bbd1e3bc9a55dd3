//! Malformed spec input: every kind of mistake gets a diagnostic at the right line, with a
//! hint, and nothing panics.

use codegen::SpecFile;

/// The front matter every spec document starts with; the cases below are written without it.
const FRONT: &str = "---\ntitle: Things\n---\n";
/// How many lines [`FRONT`] adds before a case's first line.
const FRONT_LINES: usize = 3;
const MODELS: &str = "---\ntitle: Things\n---\n## Thing\n\n```json\n{ \"id\" : \"string\" }\n```\n";

fn file(name: &str, text: &str) -> SpecFile {
    SpecFile {
        name: name.to_string(),
        bytes: text.as_bytes().to_vec(),
    }
}

/// Builds `text` beside a small models document and returns the rendered diagnostics,
/// checking that one of them points at `line`.
fn diagnose(text: &str, line: usize) -> String {
    diagnose_bytes(text.as_bytes(), line)
}

fn diagnose_bytes(bytes: &[u8], line: usize) -> String {
    let line = line + FRONT_LINES;
    let files = [
        SpecFile {
            name: "spec/ops.md".into(),
            bytes: [FRONT.as_bytes(), bytes].concat(),
        },
        file("spec/models.md", MODELS),
    ];
    let diags = codegen::build(&files).expect_err("the document is malformed");
    assert!(
        diags
            .0
            .iter()
            .any(|d| d.line == line && d.file == "spec/ops.md"),
        "no diagnostic at line {line}:\n{diags}"
    );
    assert!(
        diags.0.iter().all(|d| d.hint.is_some()),
        "every diagnostic has a hint:\n{diags}"
    );
    diags.to_string()
}

macro_rules! case {
    ($name:ident, $line:expr, $text:expr) => {
        #[test]
        fn $name() {
            insta::assert_snapshot!(diagnose($text, $line));
        }
    };
}

case!(
    invalid_json_body,
    11,
    "## create_thing\n\n**Endpoint:** `POST /things`\n\n<details><summary>Parameters</summary>\n\n### $body\n\n```json\n{ \"a\" : \"string\"\n  \"b\" : \"string\" }\n```\n\n</details>\n"
);
case!(
    unknown_label,
    3,
    "## get_thing\n\n**Endpont:** `GET /things`\n"
);
case!(
    label_in_the_wrong_place,
    7,
    "## get_thing\n\n**Endpoint:** `GET /things`\n\n### id\n\n**Returns:** `Thing`\n"
);
case!(
    duplicate_operation,
    5,
    "## get_thing\n\nOne.\n\n## get_thing\n\nTwo.\n"
);
case!(
    path_parameter_not_declared,
    3,
    "## get_thing\n\n**Endpoint:** `GET /things/{id}`\n"
);
case!(
    path_parameter_not_required,
    7,
    "## get_thing\n\n**Endpoint:** `GET /things/{id}`\n\n<details><summary>Parameters</summary>\n\n### id\n\n**Type:** string\n\n</details>\n"
);
case!(
    unknown_return_model,
    5,
    "## get_thing\n\n**Endpoint:** `GET /things`\n\n**Returns:** `Thingy`\n"
);
case!(
    unknown_model_in_json,
    11,
    "## create_thing\n\n**Endpoint:** `POST /things`\n\n<details><summary>Parameters</summary>\n\n### $body\n\n```json\n{\n  \"owner\" : \"Thnig\"\n}\n```\n"
);
case!(
    bad_endpoint_method,
    3,
    "## get_thing\n\n**Endpoint:** `FETCH /things`\n"
);
case!(
    endpoint_with_bad_query_pair,
    3,
    "## get_thing\n\n**Endpoint:** `GET /things?x`\n"
);
case!(
    one_of_names_a_missing_parameter,
    5,
    "## find_thing\n\n**Endpoint:** `GET /things`\n\n**One of:** `email`, `name`\n\n### email\n\n**Type:** string\n"
);
case!(
    one_of_without_backticks,
    5,
    "## find_thing\n\n**Endpoint:** `GET /things`\n\n**One of:** email, name\n"
);
case!(
    fixed_query_pair_is_also_a_parameter,
    5,
    "## get_thing\n\n**Endpoint:** `GET /things?model=a`\n\n### model\n\n**Type:** string\n"
);
case!(
    endpoint_without_backticks,
    3,
    "## get_thing\n\n**Endpoint:** GET /things\n"
);
case!(
    endpoint_none_without_reason,
    3,
    "## get_thing\n\n**Endpoint:** none\n"
);
case!(
    bad_returns_line,
    3,
    "## get_thing\n\n**Returns:** `Thing` sometimes\n"
);
case!(empty_heading, 1, "## \n\nNothing.\n");
case!(
    heading_neither_operation_nor_model,
    1,
    "## Get-thing\n\nNothing.\n"
);
case!(
    unknown_type_word,
    7,
    "## get_thing\n\n<details><summary>Parameters</summary>\n\n### id\n\n**Type:** uuid\n"
);
case!(
    duplicate_parameter,
    9,
    "## get_thing\n\n<details><summary>Parameters</summary>\n\n### id\n\n**Type:** string\n\n### id\n\n**Type:** string\n"
);
case!(
    bad_parameter_heading,
    5,
    "## get_thing\n\n<details><summary>Parameters</summary>\n\n### the id\n\n**Type:** string\n"
);
case!(
    duplicate_json_key,
    12,
    "## create_thing\n\n**Endpoint:** `POST /things`\n\n<details><summary>Parameters</summary>\n\n### $body\n\n```json\n{\n  \"a\" : \"string\",\n  \"a\" : \"integer\"\n}\n```\n"
);
case!(
    duplicate_endpoint,
    5,
    "## get_thing\n\n**Endpoint:** `GET /a`\n\n**Endpoint:** `GET /b`\n"
);
case!(
    potential_values_on_a_boolean,
    9,
    "## get_thing\n\n<details><summary>Parameters</summary>\n\n### flag\n\n**Type:** boolean\n\n**Potential values:** yes, no\n"
);
case!(
    bad_wire_name,
    9,
    "## get_thing\n\n<details><summary>Parameters</summary>\n\n### scroll\n\n**Type:** string\n\n**Wire name:** scroll param\n"
);
#[test]
fn unclosed_front_matter() {
    let files = [
        file("spec/ops.md", "---\ntitle: x\n\n## get_thing\n"),
        file("spec/models.md", MODELS),
    ];
    let diags = codegen::build(&files).expect_err("the front matter is never closed");
    assert!(
        diags
            .0
            .iter()
            .any(|d| d.line == 1 && d.file == "spec/ops.md")
    );
    insta::assert_snapshot!(diags.to_string());
}
case!(
    two_bodies,
    11,
    "## create_thing\n\n<details><summary>Parameters</summary>\n\n### $body\n\n```json\n{ \"a\" : \"string\" }\n```\n\n### $body\n\n```json\n{ \"b\" : \"string\" }\n```\n"
);
case!(
    model_without_example,
    1,
    "## Widget\n\nA widget without an example.\n"
);

#[test]
fn non_utf8_file() {
    let mut bytes = b"## get_thing\n\nBad byte: ".to_vec();
    bytes.extend([0xff, 0xfe]);
    bytes.extend(b"\n");
    insta::assert_snapshot!(diagnose_bytes(&bytes, 3));
}

#[test]
fn all_problems_come_back_together() {
    let text = "## get_thing\n\n**Endpont:** x\n\n## get_thing\n\n**Returns:** `Nope`\n";
    let text = format!("{FRONT}{text}");
    let diags = codegen::build(&[file("spec/ops.md", &text), file("spec/models.md", MODELS)])
        .expect_err("bad");
    let lines: Vec<usize> = diags.0.iter().map(|d| d.line).collect();
    assert_eq!(lines, [3 + FRONT_LINES, 5 + FRONT_LINES]);
}

#[test]
fn unreadable_file_is_a_diagnostic() {
    let diags = codegen::load(&["/nonexistent/spec.md"]).expect_err("missing");
    assert!(diags.to_string().contains("/nonexistent/spec.md:1:1"));
}

// Input the front end once dropped or guessed silently.
case!(
    unclosed_code_fence,
    3,
    "## get_thing\n\n```json\n{ \"a\" : 1 }\n\n## get_other\n\nSwallowed.\n\n## get_third\n\nSwallowed too.\n"
);
case!(
    blob_body,
    7,
    "## upload_thing\n\n**Endpoint:** `POST /things`\n\n### $body\n\n**Type:** blob\n"
);
case!(
    body_of_an_unknown_type,
    7,
    "## upload_thing\n\n**Endpoint:** `POST /things`\n\n### $body\n\n**Type:** bytes\n"
);
case!(
    misspelt_label_is_still_an_error,
    3,
    "## get_thing\n\n**Retruns:** `Thing`\n\n**Note:** prose, not a label.\n"
);
case!(
    operations_deriving_one_method,
    5,
    "## things.get\n\nOne.\n\n## things_get\n\nTwo.\n"
);
case!(
    parameters_deriving_one_identifier,
    9,
    "## list_things\n\n**Endpoint:** `GET /things`\n\n### start-date\n\n**Type:** string\n\n### start_date\n\n**Type:** string\n"
);

#[test]
fn missing_front_matter_and_title() {
    let no_front = [
        file("spec/ops.md", "## get_thing\n\nNo front matter.\n"),
        file("spec/models.md", MODELS),
    ];
    let diags = codegen::build(&no_front).expect_err("no front matter");
    assert_eq!(diags.0.len(), 1, "{diags}");
    assert_eq!((diags.0[0].line, diags.0[0].col), (1, 1));
    insta::assert_snapshot!("no_front_matter", diags.to_string());

    let no_title = [
        file(
            "spec/ops.md",
            "---\nid: things\n---\n## get_thing\n\nNo title.\n",
        ),
        file("spec/models.md", MODELS),
    ];
    let diags = codegen::build(&no_title).expect_err("no title");
    assert_eq!(diags.0.len(), 1, "{diags}");
    insta::assert_snapshot!("no_title", diags.to_string());
}

#[test]
fn a_long_line_is_echoed_around_the_caret() {
    let long_value = "x".repeat(1_000_000);
    let text = format!(
        "## create_thing\n\n**Endpoint:** `POST /things`\n\n### $body\n\n```json\n{{ \"a\" : \"{long_value}\" \"b\" : \"string\" }}\n```\n"
    );
    let rendered = diagnose(&text, 8);
    assert!(rendered.len() < 1_000, "{} bytes", rendered.len());
    insta::assert_snapshot!(rendered);
}
