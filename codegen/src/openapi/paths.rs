//! Operations: the `paths` section, with operations that share a method and path merged.

use std::collections::BTreeMap;

use crate::model::{Api, Binding, Body, Location, Method, Operation, Paging, Param, TypeRef};

use super::json::{Json, Obj};
use super::schemas::type_schema;

/// The operations bound to one method and path, in document order.
struct Group<'a> {
    method: Method,
    path: &'a str,
    ops: Vec<&'a Operation>,
}

/// `paths`: one Path Item per path (sorted), one Operation Object per method and path.
pub(crate) fn paths(api: &Api) -> Obj {
    let mut groups: Vec<Group> = Vec::new();
    for op in &api.operations {
        let Binding::Http { method, path, .. } = &op.binding else {
            continue;
        };
        match groups
            .iter_mut()
            .find(|g| g.method == *method && g.path == path.as_str())
        {
            Some(group) => group.ops.push(op),
            None => groups.push(Group {
                method: *method,
                path: path.as_str(),
                ops: vec![op],
            }),
        }
    }
    let mut items: BTreeMap<&str, Vec<&Group>> = BTreeMap::new();
    for group in &groups {
        items.entry(group.path).or_default().push(group);
    }
    let mut out = Obj::new();
    for (path, mut groups) in items {
        groups.sort_by_key(|g| method_rank(g.method));
        let mut item = Obj::new();
        for group in groups {
            item.set(group.method.as_str().to_ascii_lowercase(), operation(group));
        }
        out.set(path, item);
    }
    out
}

/// The order of the Path Item fields in the OpenAPI specification.
fn method_rank(method: Method) -> u8 {
    match method {
        Method::Get => 0,
        Method::Put => 1,
        Method::Post => 2,
        Method::Delete => 3,
        Method::Patch => 4,
    }
}

fn operation(group: &Group) -> Obj {
    let owner = group.ops[0];
    let aliases = &group.ops[1..];
    let mut out = Obj::new()
        .with("operationId", owner.name.as_str())
        .with("summary", summary(owner));
    let mut description = owner.description.clone();
    if !aliases.is_empty() {
        let names: Vec<String> = aliases.iter().map(|a| format!("`{}`", a.name)).collect();
        if !description.is_empty() {
            description.push_str("\n\n");
        }
        description.push_str(&format!(
            "`{} {}` also serves {}: their parameters are merged into this operation's and \
             listed per operation in `x-aliases`.",
            group.method.as_str(),
            group.path,
            names.join(", ")
        ));
    }
    if !description.is_empty() {
        out.set("description", description);
    }
    let mut parameters: Vec<Json> = merged_params(&group.ops)
        .into_iter()
        .chain(constant_params(&group.ops))
        .map(Json::from)
        .collect();
    parameters.push(
        Obj::new()
            .with("$ref", "#/components/parameters/IntercomVersion")
            .into(),
    );
    out.set("parameters", parameters);
    if let Some(body) = request_body(&group.ops) {
        out.set("requestBody", body);
    }
    out.set("responses", responses(group));
    // A rule every operation of the group shares; each alias also carries its own.
    if !owner.one_of.is_empty() && group.ops.iter().all(|op| op.one_of == owner.one_of) {
        out.set("x-one-of", one_of(owner));
    }
    if let Some(paging) = paging(&owner.paging) {
        out.set("x-paging", paging);
    }
    if !aliases.is_empty() {
        let aliases: Vec<Obj> = aliases.iter().map(|a| alias(a)).collect();
        out.set("x-aliases", aliases);
    }
    out
}

/// The first sentence of the description's first paragraph, or the name in words.
pub(crate) fn summary(op: &Operation) -> String {
    let paragraph: Vec<&str> = op
        .description
        .lines()
        .map(str::trim)
        .skip_while(|l| l.is_empty())
        .take_while(|l| !l.is_empty())
        .collect();
    let paragraph = paragraph.join(" ");
    if paragraph.is_empty() {
        let words = op.name.replace('_', " ");
        let mut chars = words.chars();
        return match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => words,
        };
    }
    match paragraph.find(". ") {
        Some(end) => paragraph[..=end].to_string(),
        None => paragraph,
    }
}

fn location(location: Location) -> &'static str {
    match location {
        Location::Path => "path",
        Location::Query => "query",
        Location::Header => "header",
    }
}

/// One schema for the types several operations give the same thing: the schema itself when
/// they agree, `anyOf` when they differ.
fn union_schema(types: &[&TypeRef]) -> Obj {
    let mut distinct: Vec<&TypeRef> = Vec::new();
    for ty in types {
        if !distinct.contains(ty) {
            distinct.push(ty);
        }
    }
    match distinct.as_slice() {
        [one] => type_schema(one),
        many => Obj::new().with(
            "anyOf",
            many.iter().map(|ty| type_schema(ty)).collect::<Vec<_>>(),
        ),
    }
}

/// The parameters of operations sharing a method and path, keyed by location and wire name,
/// in order of first appearance. A parameter is required when every operation requires it.
fn merged_params(ops: &[&Operation]) -> Vec<Obj> {
    let mut merged: Vec<Vec<&Param>> = Vec::new();
    for op in ops {
        for param in &op.params {
            match merged
                .iter_mut()
                .find(|m| m[0].location == param.location && m[0].wire_name == param.wire_name)
            {
                Some(m) => m.push(param),
                None => merged.push(vec![param]),
            }
        }
    }
    merged
        .iter()
        .map(|same| {
            let first = same[0];
            let required = same.len() == ops.len() && same.iter().all(|p| p.required);
            let mut out = Obj::new()
                .with("name", first.wire_name.as_str())
                .with("in", location(first.location));
            if let Some(p) = same.iter().find(|p| !p.description.is_empty()) {
                out.set("description", p.description.as_str());
            }
            let types: Vec<&TypeRef> = same.iter().map(|p| &p.ty).collect();
            out.with("required", required)
                .with("schema", union_schema(&types))
        })
        .collect()
}

/// The fixed `?key=value` pairs of operations sharing a method and path: one query parameter
/// per key, whose enum holds every operation's value; required when every operation sends it.
fn constant_params(ops: &[&Operation]) -> Vec<Obj> {
    let mut merged: Vec<(&str, Vec<&str>, usize)> = Vec::new();
    for op in ops {
        let Binding::Http { constants, .. } = &op.binding else {
            continue;
        };
        // A fixed key that is also a parameter of the group (`GET /counts` takes `type` from
        // `get_count`, and fixes it for the count variants) is described by that parameter.
        let is_param = |name: &str| {
            ops.iter()
                .flat_map(|op| &op.params)
                .any(|p| p.location == Location::Query && p.wire_name == name)
        };
        for c in constants.iter().filter(|c| !is_param(&c.name)) {
            match merged.iter_mut().find(|(name, _, _)| *name == c.name) {
                Some((_, values, count)) => {
                    if !values.contains(&c.value.as_str()) {
                        values.push(&c.value);
                    }
                    *count += 1;
                }
                None => merged.push((&c.name, vec![&c.value], 1)),
            }
        }
    }
    merged
        .into_iter()
        .map(|(name, values, count)| {
            let values: Vec<Json> = values.into_iter().map(Json::from).collect();
            Obj::new()
                .with("name", name)
                .with("in", "query")
                .with(
                    "description",
                    "Fixed by the endpoint: always sent with this value.",
                )
                .with("required", count == ops.len())
                .with(
                    "schema",
                    Obj::new().with("type", "string").with("enum", values),
                )
        })
        .collect()
}

fn request_body(ops: &[&Operation]) -> Option<Obj> {
    let bodies: Vec<&Body> = ops.iter().filter_map(|op| op.body.as_ref()).collect();
    if bodies.is_empty() {
        return None;
    }
    let mut out = Obj::new();
    let description = bodies
        .iter()
        .map(|b| b.description.as_str())
        .find(|d| !d.is_empty());
    if let Some(d) = description {
        out.set("description", d);
    }
    let types: Vec<&TypeRef> = bodies.iter().map(|b| &b.ty).collect();
    Some(
        out.with("required", bodies.len() == ops.len())
            .with("content", json_content(union_schema(&types))),
    )
}

/// The wire names of the query parameters of which a call sets at least one.
fn one_of(op: &Operation) -> Vec<Json> {
    op.one_of
        .iter()
        .map(|name| Json::from(name.as_str()))
        .collect()
}

fn json_content(schema: Obj) -> Obj {
    Obj::new().with("application/json", Obj::new().with("schema", schema))
}

/// `200` with the return model; `204` when the body may be empty; `200` and `202` (POST) or
/// `204` (other methods) without content when an operation returns no body; `4XX`/`5XX` with
/// the error list.
fn responses(group: &Group) -> Obj {
    let mut out = Obj::new();
    let returns: Vec<&TypeRef> = group
        .ops
        .iter()
        .filter_map(|op| op.returns.as_ref().map(|r| &r.ty))
        .collect();
    let no_body = group.ops.iter().any(|op| op.returns.is_none());
    let or_empty = group
        .ops
        .iter()
        .any(|op| op.returns.as_ref().is_some_and(|r| r.or_empty));
    if !returns.is_empty() {
        let description = if or_empty {
            "Success. The body may also be empty, with this status or `204`."
        } else {
            "Success."
        };
        out.set(
            "200",
            Obj::new()
                .with("description", description)
                .with("headers", rate_limit_headers())
                .with("content", json_content(union_schema(&returns))),
        );
    } else if no_body {
        out.set("200", empty_response("Success, no body."));
    }
    if no_body && group.method == Method::Post {
        out.set("202", empty_response("Accepted, no body."));
    }
    if or_empty || (no_body && group.method != Method::Post) {
        out.set("204", empty_response("Success, no body."));
    }
    out.with("4XX", response_ref("ClientError"))
        .with("5XX", response_ref("ServerError"))
}

fn empty_response(description: &str) -> Obj {
    Obj::new()
        .with("description", description)
        .with("headers", rate_limit_headers())
}

fn response_ref(name: &str) -> Obj {
    Obj::new().with("$ref", format!("#/components/responses/{name}"))
}

/// References to the rate-limit headers every response may carry.
pub(crate) fn rate_limit_headers() -> Obj {
    let mut out = Obj::new();
    for name in super::RATE_LIMIT_HEADERS {
        out.set(
            *name,
            Obj::new().with("$ref", format!("#/components/headers/{name}")),
        );
    }
    out
}

/// `x-paging`: how a list response pages (`list`, `pages` or `scroll`), the field holding the
/// items and the item schema.
fn paging(paging: &Paging) -> Option<Obj> {
    let (kind, shape) = match paging {
        Paging::None => return None,
        Paging::List(shape) => ("list", shape),
        Paging::Pages(shape) => ("pages", shape),
        Paging::Scroll(shape) => ("scroll", shape),
    };
    Some(
        Obj::new()
            .with("kind", kind)
            .with("itemsField", shape.items_field.as_str())
            .with("item", shape.item.as_str()),
    )
}

/// An `x-aliases` entry: an operation that shares its method and path with an earlier one,
/// with its own parameters (`name`, `in`, `required`, `schema`), body and response.
fn alias(op: &Operation) -> Obj {
    let mut out = Obj::new()
        .with("operationId", op.name.as_str())
        .with("summary", summary(op));
    if !op.description.is_empty() {
        out.set("description", op.description.as_str());
    }
    let params: Vec<Obj> = op
        .params
        .iter()
        .map(|p| {
            Obj::new()
                .with("name", p.wire_name.as_str())
                .with("in", location(p.location))
                .with("required", p.required)
                .with("schema", type_schema(&p.ty))
        })
        .chain(constant_params(&[op]))
        .collect();
    out.set("parameters", params);
    if !op.one_of.is_empty() {
        out.set("x-one-of", one_of(op));
    }
    if let Some(body) = &op.body {
        out.set("requestBody", type_schema(&body.ty));
    }
    if let Some(returns) = &op.returns {
        out.set("response", type_schema(&returns.ty));
        if returns.or_empty {
            out.set("responseMayBeEmpty", true);
        }
    }
    if let Some(paging) = paging(&op.paging) {
        out.set("paging", paging);
    }
    out
}
