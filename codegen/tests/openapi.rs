//! The OpenAPI export: the construct fixtures as a snapshot, the merge rule for operations that
//! share a method and path, and the project's spec walked against its export.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use codegen::SpecFile;
use codegen::model::{Api, Binding, Location, Shape, TypeRef};
use codegen::openapi::openapi;
use serde_json::Value;

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

fn fixture_files() -> Vec<PathBuf> {
    let fixtures = manifest_dir().join("tests/fixtures");
    vec![
        fixtures.join("constructs.md"),
        fixtures.join("constructs-models.md"),
    ]
}

fn load(paths: &[PathBuf]) -> Api {
    codegen::load(paths).unwrap_or_else(|d| panic!("{d}"))
}

fn parse(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("the export is not JSON: {e}"))
}

fn build(files: &[(&str, &str)]) -> Api {
    let files: Vec<SpecFile> = files
        .iter()
        .map(|(name, text)| SpecFile {
            name: name.to_string(),
            bytes: format!("---\ntitle: Shared\n---\n{text}").into_bytes(),
        })
        .collect();
    codegen::build(&files).unwrap_or_else(|d| panic!("{d}"))
}

fn method_key(binding: &Binding) -> Option<(String, String)> {
    match binding {
        Binding::Http { method, path, .. } => Some((
            method.as_str().to_ascii_lowercase(),
            path.as_str().to_owned(),
        )),
        _ => None,
    }
}

fn location(location: Location) -> &'static str {
    match location {
        Location::Path => "path",
        Location::Query => "query",
        Location::Header => "header",
    }
}

/// Every `$ref` string anywhere in the document.
fn refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                match (key.as_str(), v) {
                    ("$ref", Value::String(r)) => out.push(r.clone()),
                    _ => refs(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

/// Resolves `#/a/b/c` in the document.
fn resolve<'a>(doc: &'a Value, reference: &str) -> Option<&'a Value> {
    let pointer = reference.strip_prefix('#')?;
    doc.pointer(pointer)
}

/// Whether `schema` is the schema of `ty` or an `anyOf` containing it.
fn schema_covers(schema: &Value, ty: &TypeRef) -> bool {
    let expected = match ty {
        TypeRef::Named(name) => {
            serde_json::json!({ "$ref": format!("#/components/schemas/{name}") })
        }
        _ => return schema.is_object(),
    };
    *schema == expected
        || schema["anyOf"]
            .as_array()
            .is_some_and(|alts| alts.contains(&expected))
}

#[test]
fn constructs_export() {
    let api = load(&fixture_files());
    insta::assert_snapshot!(openapi(&api));
}

#[test]
fn export_is_deterministic() {
    for files in [fixture_files(), spec_files()] {
        let first = openapi(&load(&files));
        let second = openapi(&load(&files));
        assert_eq!(first, second);
        assert!(first.ends_with("}\n"));
        assert!(!first.ends_with("\n\n"));
    }
}

#[test]
fn export_key_order_is_readable() {
    let text = openapi(&load(&fixture_files()));
    let top: Vec<usize> = [
        "\"openapi\"",
        "\"info\"",
        "\"servers\"",
        "\"security\"",
        "\"paths\"",
        "\"components\"",
        "\"x-unsupported-operations\"",
    ]
    .iter()
    .map(|key| {
        text.find(key)
            .unwrap_or_else(|| panic!("{key} missing from the export"))
    })
    .collect();
    assert!(top.windows(2).all(|w| w[0] < w[1]), "{top:?}");
    // Struct fields keep document order: `type` before `id` before `name` in `Thing`.
    let doc = parse(&text);
    let thing = &doc["components"]["schemas"]["Thing"];
    assert_eq!(thing["type"], "object");
    let start = text.find("\"Thing\": {").unwrap_or(0);
    let at = |field: &str| {
        text[start..]
            .find(&format!("\"{field}\": {{"))
            .unwrap_or(usize::MAX)
    };
    assert!(at("type") < at("id") && at("id") < at("name") && at("name") < at("created_at"));
}

#[test]
fn constructs_map_every_type() {
    let doc = parse(&openapi(&load(&fixture_files())));
    assert_eq!(doc["openapi"], "3.0.3");
    assert_eq!(doc["info"]["title"], "Constructs");
    let list = &doc["paths"]["/things"]["get"];
    assert_eq!(list["operationId"], "list_things");
    assert_eq!(list["summary"], "List things, in pages.");
    let param = |name: &str| {
        list["parameters"]
            .as_array()
            .and_then(|ps| ps.iter().find(|p| p["name"] == name))
            .unwrap_or_else(|| panic!("no parameter {name}"))
            .clone()
    };
    assert_eq!(
        param("order")["schema"]["$ref"],
        "#/components/schemas/ListThingsOrder"
    );
    assert_eq!(
        param("since")["schema"],
        serde_json::json!({"type": "integer", "format": "int64", "description": "Unix seconds."})
    );
    assert_eq!(
        param("limit")["schema"],
        serde_json::json!({"type": "integer", "format": "int64"})
    );
    assert_eq!(
        param("ratio")["schema"],
        serde_json::json!({"type": "number", "format": "double"})
    );
    assert_eq!(param("verbose")["schema"]["type"], "boolean");
    assert_eq!(
        param("filter")["schema"],
        serde_json::json!({"type": "object", "additionalProperties": true})
    );
    assert_eq!(param("anything")["schema"], serde_json::json!({}));
    assert!(
        list["parameters"]
            .as_array()
            .is_some_and(|ps| ps.iter().all(|p| p["name"] != "resultsPath"))
    );
    assert_eq!(
        list["x-paging"],
        serde_json::json!({"kind": "pages", "itemsField": "things", "item": "Thing"})
    );

    let get = &doc["paths"]["/things/{thing_id}/parts/{part}"]["get"];
    let names: Vec<(&str, &str, bool)> = get["parameters"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| {
            Some((
                p["name"].as_str()?,
                p["in"].as_str()?,
                p["required"].as_bool()?,
            ))
        })
        .collect();
    assert_eq!(
        names,
        [
            ("thing_id", "path", true),
            ("part", "path", true),
            ("api_token", "query", false)
        ]
    );
    assert_eq!(
        get["parameters"][3]["$ref"],
        "#/components/parameters/IntercomVersion"
    );

    let create = &doc["paths"]["/things"]["post"];
    assert_eq!(create["requestBody"]["required"], true);
    assert_eq!(
        create["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/CreateThingRequest"
    );
    let body = &doc["components"]["schemas"]["CreateThingRequest"];
    assert_eq!(body["additionalProperties"], true);
    let props = &body["properties"];
    assert!(props.get("plan").is_some() && props.get("plan*").is_none());
    assert_eq!(props["created_at"]["type"], "integer");
    assert_eq!(
        props["created_at"]["description"],
        "The time it was created\n\nUnix seconds."
    );
    assert_eq!(props["open"]["type"], "boolean");
    assert_eq!(props["labels"]["items"]["type"], "string");
    assert_eq!(
        props["owner"],
        serde_json::json!({
            "allOf": [{"$ref": "#/components/schemas/Owner"}],
            "description": "Who owns it"
        })
    );

    let delete = &doc["paths"]["/things/{id}"]["delete"]["responses"];
    assert!(delete.get("200").is_some() && delete.get("204").is_some());
    let ping = &doc["paths"]["/ping"]["post"];
    assert_eq!(ping["summary"], "Ping");
    let ping = &ping["responses"];
    assert_eq!(ping["202"]["description"], "Accepted, no body.");
    assert_eq!(ping["200"]["description"], "Success, no body.");
    assert!(ping["200"].get("content").is_none() && ping["202"].get("content").is_none());
    assert_eq!(ping["4XX"]["$ref"], "#/components/responses/ClientError");
    assert_eq!(ping["5XX"]["$ref"], "#/components/responses/ServerError");

    let unsupported: Vec<(&str, &str)> = doc["x-unsupported-operations"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|u| Some((u["operationId"].as_str()?, u["reason"].as_str()?)))
        .collect();
    assert_eq!(unsupported.len(), 2);
    assert_eq!(unsupported[0], ("forget_thing", "the API has no such call"));
    assert_eq!(unsupported[1].0, "unannotated_op");
    assert!(
        doc["components"]["schemas"]["ErrorList"]["properties"]["errors"]["items"]["properties"]
            .get("code")
            .is_some()
    );
}

const SHARED: &str = r#"---
title: Shared
---

## find_thing

Find a thing by email.

**Endpoint:** `GET /things`

**Returns:** `Thing`

<details><summary>Parameters</summary>

### email (required)

The email.

**Type:** string

### archived

**Type:** boolean

</details>

## list_things

List things.

**Endpoint:** `GET /things`

**Returns:** `Thing`

<details><summary>Parameters</summary>

### archived

Include archived things.

**Type:** string

### sort (required)

**Type:** string

**Potential values:** name, age

</details>

## create_thing

**Endpoint:** `POST /things`

**Returns:** `Thing`

<details><summary>Parameters</summary>

### $body

**Type:** object

```json
{ "name" : "string" }
```

</details>

## rename_thing

**Endpoint:** `POST /things`

<details><summary>Parameters</summary>

### $body

**Type:** object

```json
{ "new_name" : "string" }
```

</details>
"#;

const SHARED_MODELS: &str = r#"## Thing

```json
{ "id" : "string" }
```
"#;

#[test]
fn shared_method_and_path_merge_into_the_first_operation() {
    let api = build(&[("shared.md", SHARED), ("shared-models.md", SHARED_MODELS)]);
    let doc = parse(&openapi(&api));
    let get = &doc["paths"]["/things"]["get"];
    assert_eq!(get["operationId"], "find_thing");
    let params: Vec<(&str, bool)> = get["parameters"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| Some((p["name"].as_str()?, p["required"].as_bool()?)))
        .collect();
    // Required only when every operation requires it; order of first appearance.
    assert_eq!(
        params,
        [("email", false), ("archived", false), ("sort", false)]
    );
    assert_eq!(
        get["parameters"][1]["schema"],
        serde_json::json!({"anyOf": [{"type": "boolean"}, {"type": "string"}]})
    );
    assert_eq!(
        get["parameters"][1]["description"],
        "Include archived things."
    );
    let alias = &get["x-aliases"][0];
    assert_eq!(alias["operationId"], "list_things");
    assert_eq!(alias["summary"], "List things.");
    assert_eq!(
        alias["parameters"],
        serde_json::json!([
            {
                "name": "archived",
                "in": "query",
                "required": false,
                "schema": {"type": "string"}
            },
            {
                "name": "sort",
                "in": "query",
                "required": true,
                "schema": {"$ref": "#/components/schemas/ListThingsSort"}
            }
        ])
    );
    assert_eq!(alias["response"]["$ref"], "#/components/schemas/Thing");
    assert!(
        get["description"]
            .as_str()
            .is_some_and(|d| d.starts_with("Find a thing by email.") && d.contains("`list_things`"))
    );

    let post = &doc["paths"]["/things"]["post"];
    assert_eq!(post["operationId"], "create_thing");
    assert_eq!(post["summary"], "Create thing");
    assert_eq!(post["requestBody"]["required"], true);
    assert_eq!(
        post["requestBody"]["content"]["application/json"]["schema"],
        serde_json::json!({"anyOf": [
            {"$ref": "#/components/schemas/CreateThingRequest"},
            {"$ref": "#/components/schemas/RenameThingRequest"}
        ]})
    );
    // One operation returns a Thing, the other nothing.
    let responses = &post["responses"];
    assert!(responses.get("200").is_some() && responses.get("202").is_some());
    assert_eq!(
        post["x-aliases"][0]["requestBody"]["$ref"],
        "#/components/schemas/RenameThingRequest"
    );
    assert!(post["x-aliases"][0].get("response").is_none());
}

#[test]
fn spec_export_covers_the_model() {
    let api = load(&spec_files());
    let doc = parse(&openapi(&api));
    let paths = &doc["paths"];
    let mut operation_ids = BTreeSet::new();
    for op in &api.operations {
        let Some((method, path)) = method_key(&op.binding) else {
            let listed = doc["x-unsupported-operations"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|u| u["operationId"] == op.name.as_str());
            assert!(listed, "{} is not in x-unsupported-operations", op.name);
            continue;
        };
        let exported = &paths[path.as_str()][method.as_str()];
        assert!(exported.is_object(), "{} {path} is missing", op.name);
        let alias = exported["x-aliases"].as_array().and_then(|aliases| {
            aliases
                .iter()
                .find(|a| a["operationId"] == op.name.as_str())
        });
        let own = exported["operationId"] == op.name.as_str();
        assert!(
            own || alias.is_some(),
            "{} is neither the operation nor an alias at {method} {path}",
            op.name
        );
        if own {
            assert!(operation_ids.insert(op.name.clone()), "{} twice", op.name);
        }
        let merged = exported["parameters"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        for param in &op.params {
            let found = merged.iter().find(|p| {
                p["name"] == param.wire_name.as_str() && p["in"] == location(param.location)
            });
            let found = found
                .unwrap_or_else(|| panic!("{}: parameter {} is missing", op.name, param.wire_name));
            assert!(schema_covers(&found["schema"], &param.ty), "{}", op.name);
            if exported.get("x-aliases").is_none() {
                assert_eq!(found["required"], param.required, "{}", op.name);
            } else if param.location == Location::Path {
                assert_eq!(found["required"], true);
            }
            if let Some(alias) = alias {
                let listed = alias["parameters"].as_array().is_some_and(|ps| {
                    ps.iter().any(|p| {
                        p["name"] == param.wire_name.as_str()
                            && p["in"] == location(param.location)
                            && p["required"] == param.required
                    })
                });
                assert!(listed, "{}: alias lacks {}", op.name, param.wire_name);
            }
        }
        assert_eq!(
            merged.len(),
            merged
                .iter()
                .map(|p| (p["name"].to_string(), p["in"].to_string()))
                .collect::<BTreeSet<_>>()
                .len(),
            "{}: a parameter twice",
            op.name
        );
        assert_eq!(
            merged.last().map(|p| &p["$ref"]),
            Some(&Value::from("#/components/parameters/IntercomVersion"))
        );
        if let Some(body) = &op.body {
            let schema = &exported["requestBody"]["content"]["application/json"]["schema"];
            assert!(schema_covers(schema, &body.ty), "{}: body", op.name);
        }
        let responses = &exported["responses"];
        match &op.returns {
            Some(returns) => {
                let schema = &responses["200"]["content"]["application/json"]["schema"];
                assert!(schema_covers(schema, &returns.ty), "{}: returns", op.name);
                if returns.or_empty {
                    assert!(responses.get("204").is_some(), "{}", op.name);
                }
            }
            None => {
                let code = if method == "post" { "202" } else { "204" };
                assert!(responses.get(code).is_some(), "{}: {code}", op.name);
            }
        }
        assert!(responses.get("4XX").is_some() && responses.get("5XX").is_some());
    }

    let schemas = &doc["components"]["schemas"];
    for schema in &api.schemas {
        let exported = &schemas[schema.name.as_str()];
        assert!(exported.is_object(), "schema {} is missing", schema.name);
        match &schema.shape {
            Shape::Struct { fields } => {
                assert_eq!(exported["type"], "object");
                assert_eq!(exported["additionalProperties"], true);
                for field in fields {
                    let property = &exported["properties"][field.wire_name.as_str()];
                    assert!(
                        property.is_object(),
                        "{}.{} is missing",
                        schema.name,
                        field.wire_name
                    );
                    if let TypeRef::Named(name) = &field.ty {
                        let target = format!("#/components/schemas/{name}");
                        assert!(
                            property["$ref"] == target.as_str()
                                || property["allOf"][0]["$ref"] == target.as_str(),
                            "{}.{}",
                            schema.name,
                            field.wire_name
                        );
                    }
                }
                let count = exported["properties"].as_object().map_or(0, |p| p.len());
                assert_eq!(count, fields.len(), "{}", schema.name);
            }
            Shape::Enum { values } => {
                assert_eq!(exported["type"], "string");
                assert_eq!(
                    exported["enum"],
                    serde_json::json!(values),
                    "{}",
                    schema.name
                );
            }
        }
    }
    assert_eq!(
        schemas.as_object().map_or(0, |s| s.len()),
        api.schemas.len() + 2,
        "every model schema plus ErrorList and IntercomVersion"
    );

    let mut all_refs = Vec::new();
    refs(&doc, &mut all_refs);
    assert!(!all_refs.is_empty());
    for reference in all_refs {
        assert!(
            resolve(&doc, &reference).is_some(),
            "{reference} is dangling"
        );
    }
}

#[test]
fn spec_export_merges_the_shared_calls_in_document_order() {
    let doc = parse(&openapi(&load(&spec_files())));
    let shared: [(&str, &str, &str, &[&str]); 9] = [
        ("/users", "post", "create_update_user", &["create_user"]),
        (
            "/users",
            "get",
            "find_user",
            &["list_users", "list_users_by_tag", "list_users_by_segment"],
        ),
        ("/companies", "post", "create_company", &["update_company"]),
        (
            "/companies",
            "get",
            "list_companies",
            &[
                "get_company_by_company_id",
                "get_company_by_name",
                "list_company_users_by_company_id",
                "list_company_users_by_name",
                "list_companies_by_tag",
                "list_companies_by_segment",
            ],
        ),
        ("/contacts", "post", "create_lead", &["update_lead"]),
        ("/contacts", "get", "list_leads", &["get_lead_by_user_id"]),
        ("/tags", "post", "create_tag", &["update_tag"]),
        (
            "/data_attributes",
            "get",
            "list_data_attributes_for_companies",
            &[
                "list_data_attributes_for_customers",
                "list_all_data_attributes",
            ],
        ),
        (
            "/counts",
            "get",
            "get_count",
            &[
                "get_app_counts",
                "get_conversation_counts",
                "get_admin_conversation_counts",
                "get_user_tag_counts",
                "get_user_segment_counts",
                "get_company_tag_counts",
                "get_company_segment_counts",
                "get_company_user_counts",
            ],
        ),
    ];
    for (path, method, owner, expected) in shared {
        let op = &doc["paths"][path][method];
        assert_eq!(op["operationId"], owner, "{method} {path}");
        let aliases: Vec<&str> = op["x-aliases"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|a| a["operationId"].as_str())
            .collect();
        assert_eq!(aliases, expected, "{method} {path}");
    }
    let aliased = doc["paths"]
        .as_object()
        .into_iter()
        .flat_map(|p| p.values())
        .filter_map(|item| item.as_object())
        .flat_map(|item| item.values())
        .filter(|op| op.get("x-aliases").is_some())
        .count();
    assert_eq!(aliased, shared.len());
}

/// The nested lists of a resource, by model, field and wrapper `type`, as the spec's models
/// give them. intercom-mock builds the same wrappers (`intercom-mock/src/shapes.rs`) and the
/// recorded answers are checked against the export in CI (`ci/openapi-conformance.sh`).
const NESTED_LISTS: &[(&str, &str, &str)] = &[
    ("Company", "segments", "segment.list"),
    ("Company", "tags", "tag.list"),
    (
        "Conversation",
        "conversation_parts",
        "conversation_part.list",
    ),
    ("Conversation", "tags", "tag.list"),
    ("Lead", "companies", "company.list"),
    ("Lead", "segments", "segment.list"),
    ("Lead", "social_profiles", "social_profile.list"),
    ("Lead", "tags", "tag.list"),
    ("User", "companies", "company.list"),
    ("User", "segments", "segment.list"),
    ("User", "social_profiles", "social_profile.list"),
    ("User", "tags", "tag.list"),
    ("Visitor", "companies", "company.list"),
    ("Visitor", "segments", "segment.list"),
    ("Visitor", "social_profiles", "social_profile.list"),
    ("Visitor", "tags", "tag.list"),
];

#[test]
fn the_model_knows_which_lists_responses_wrap() {
    let api = load(&spec_files());
    let mut found = Vec::new();
    for schema in &api.schemas {
        let Shape::Struct { fields } = &schema.shape else {
            continue;
        };
        for field in fields {
            if let Some(wrapper) = &field.response_wrapper {
                assert_eq!(wrapper.items_key, field.wire_name, "{}", schema.name);
                found.push((
                    schema.name.as_str(),
                    field.wire_name.as_str(),
                    wrapper.list_type.as_str(),
                ));
            }
        }
    }
    found.sort();
    assert_eq!(found, NESTED_LISTS);

    // A conversation's customers, the items of list envelopes and request bodies stay plain.
    let field = |schema: &str, wire: &str| {
        let schema = api.schemas.iter().find(|s| s.name == schema);
        match schema.map(|s| &s.shape) {
            Some(Shape::Struct { fields }) => fields.iter().find(|f| f.wire_name == wire).cloned(),
            _ => None,
        }
        .unwrap_or_else(|| panic!("no field {wire}"))
    };
    for (schema, wire) in [
        ("Conversation", "customers"),
        ("UserList", "users"),
        ("TagList", "tags"),
        ("CompanyScroll", "companies"),
        ("Job", "tasks"),
        ("CreateUserRequest", "companies"),
        ("CreateUserRequest", "tags"),
    ] {
        assert_eq!(
            field(schema, wire).response_wrapper,
            None,
            "{schema}.{wire}"
        );
    }
}

#[test]
fn responses_carry_nested_lists_wrapped_and_requests_plain() {
    let doc = parse(&openapi(&load(&spec_files())));
    let schemas = &doc["components"]["schemas"];
    for (model, wire, list_type) in NESTED_LISTS {
        let property = &schemas[model]["properties"][wire];
        assert_eq!(property["type"], "object", "{model}.{wire}");
        assert_eq!(property["required"], serde_json::json!([wire]));
        assert_eq!(
            property["properties"]["type"],
            serde_json::json!({"type": "string", "enum": [list_type]})
        );
        assert_eq!(property["properties"][wire]["type"], "array");
        assert_eq!(property["properties"]["total_count"]["type"], "integer");
        assert_eq!(property["additionalProperties"], true);
    }
    assert_eq!(
        schemas["Conversation"]["properties"]["customers"]["type"],
        "array"
    );
    // The request body of a user upsert sends the lists as arrays, and never null.
    let body = &schemas["CreateUserRequest"]["properties"];
    for wire in ["companies", "tags", "segments", "social_profiles"] {
        assert_eq!(body[wire]["type"], "array", "CreateUserRequest.{wire}");
        assert!(body[wire].get("nullable").is_none());
    }
    let post = &doc["paths"]["/users"]["post"];
    assert_eq!(
        post["responses"]["200"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/User"
    );
}

#[test]
fn response_fields_may_be_null_and_request_fields_not() {
    let doc = parse(&openapi(&load(&spec_files())));
    let schemas = &doc["components"]["schemas"];
    let user = &schemas["User"]["properties"];
    assert_eq!(
        user["email"],
        serde_json::json!({
            "type": "string",
            "nullable": true,
            "description": "The email you have defined for the user"
        })
    );
    assert_eq!(
        user["avatar"],
        serde_json::json!({
            "allOf": [{"$ref": "#/components/schemas/Avatar"}],
            "nullable": true,
            "description": "The user's avatar"
        })
    );
    assert_eq!(user["companies"]["nullable"], true);
    // Reached by a response only through the models document: still a response model.
    assert_eq!(
        schemas["EventSummary"]["properties"]["count"]["nullable"],
        true
    );
    // Reached by both a response and a request body (`tags` of a user upsert): nullable.
    assert_eq!(schemas["Tag"]["properties"]["name"]["nullable"], true);
    // Request bodies and what only they reach say what is sent.
    for (schema, wire) in [
        ("CreateUserRequest", "email"),
        ("UserCompany", "company_id"),
        ("BulkUserItem", "method"),
    ] {
        let property = &schemas[schema]["properties"][wire];
        assert!(property.is_object(), "{schema}.{wire}");
        assert!(property.get("nullable").is_none(), "{schema}.{wire}");
    }
}

#[test]
fn a_request_body_cannot_reach_a_model_whose_lists_responses_wrap() {
    let files = [
        SpecFile {
            name: "ops.md".into(),
            bytes: b"---\ntitle: T\n---\n## save_thing\n\nSave.\n\n**Endpoint:** `POST /things`\n\n<details><summary>Parameters</summary>\n\n### $body (required)\n\n```json\n{ \"thing\" : \"Thing\" }\n```\n\n</details>\n".to_vec(),
        },
        SpecFile {
            name: "models.md".into(),
            bytes: b"---\ntitle: M\n---\n## Thing\n\nA thing.\n\n```json\n{ \"id\" : \"string. Id\", \"tags\" : [ \"Tag\" ], \"parts\" : [ \"Part\" ] }\n```\n\n## Tag\n\nA tag.\n\n```json\n{ \"id\" : \"string. Id\" }\n```\n\n## Part\n\nA part.\n\n```json\n{ \"id\" : \"string. Id\" }\n```\n".to_vec(),
        },
    ];
    let message = match codegen::build(&files) {
        Ok(_) => panic!("a body naming Thing must be refused"),
        Err(diags) => diags.to_string(),
    };
    assert!(
        message.contains("the body of `save_thing` reaches the model `Thing`, whose `tags`"),
        "{message}"
    );
    // The same models without the body: both lists are under their item's plural, so both
    // are wrapped.
    let api = codegen::build(&files[1..]).unwrap_or_else(|d| panic!("{d}"));
    let Some(Shape::Struct { fields }) = api
        .schemas
        .iter()
        .find(|s| s.name == "Thing")
        .map(|s| &s.shape)
    else {
        panic!("no Thing");
    };
    let wrapped: Vec<(&str, &str)> = fields
        .iter()
        .filter_map(|f| {
            Some((
                f.wire_name.as_str(),
                f.response_wrapper.as_ref()?.list_type.as_str(),
            ))
        })
        .collect();
    assert_eq!(wrapped, [("tags", "tag.list"), ("parts", "part.list")]);
}

#[test]
fn intercom_version_is_one_shared_parameter_with_its_values() {
    let doc = parse(&openapi(&load(&spec_files())));
    assert_eq!(
        doc["components"]["parameters"]["IntercomVersion"],
        serde_json::json!({
            "name": "Intercom-Version",
            "in": "header",
            "description": "The API version. Without it the version configured for the app applies.",
            "required": false,
            "schema": {"$ref": "#/components/schemas/IntercomVersion"}
        })
    );
    assert_eq!(
        doc["components"]["schemas"]["IntercomVersion"],
        serde_json::json!({
            "type": "string",
            "description": "A version of Intercom's REST API 1.x.",
            "enum": ["1.0", "1.1", "1.2", "1.3", "1.4"],
            "example": "1.4"
        })
    );
    let mut operations = 0;
    for item in doc["paths"]
        .as_object()
        .into_iter()
        .flat_map(|p| p.values())
    {
        for op in item.as_object().into_iter().flat_map(|m| m.values()) {
            operations += 1;
            let params = op["parameters"].as_array().cloned().unwrap_or_default();
            let shared = params
                .iter()
                .filter(|p| p["$ref"] == "#/components/parameters/IntercomVersion")
                .count();
            assert_eq!(shared, 1, "{}", op["operationId"]);
            assert!(
                params.iter().all(|p| !p["name"]
                    .as_str()
                    .is_some_and(|n| n.eq_ignore_ascii_case("intercom-version"))),
                "{} has its own Intercom-Version",
                op["operationId"]
            );
        }
    }
    assert!(operations > 50);
}
