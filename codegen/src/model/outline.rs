//! A plain-text outline of the operation model, for review and snapshots.

use std::fmt::Write;

use super::ir::*;

/// One block per operation, then one per schema; descriptions cut to their first line.
pub fn outline(api: &Api) -> String {
    let mut out = String::new();
    if let Some(title) = &api.title {
        let _ = writeln!(out, "# {title}\n");
    }
    for op in &api.operations {
        operation(&mut out, op);
    }
    for schema in &api.schemas {
        self::schema(&mut out, schema);
    }
    out
}

fn operation(out: &mut String, op: &Operation) {
    let binding = match &op.binding {
        Binding::Http {
            method,
            path,
            constants,
        } => {
            let pairs: Vec<String> = constants
                .iter()
                .map(|c| format!("{}={}", c.name, c.value))
                .collect();
            let query = if pairs.is_empty() {
                String::new()
            } else {
                format!("?{}", pairs.join("&"))
            };
            format!("{} {}{query}", method.as_str(), path.as_str())
        }
        Binding::None { reason } => format!("no HTTP call: {reason}"),
        Binding::Unbound => "unbound".to_string(),
    };
    let returns = match &op.returns {
        Some(r) if r.or_empty => format!("{} or empty", type_name(&r.ty)),
        Some(r) => type_name(&r.ty),
        None => "no body".to_string(),
    };
    let _ = writeln!(out, "{} ({}:{})", op.name, op.source.file, op.source.line);
    let _ = writeln!(out, "  {binding} -> {returns}{}", paging(&op.paging));
    if !op.description.is_empty() {
        let _ = writeln!(out, "  | {}", first_line(&op.description));
    }
    for p in &op.params {
        let wire = if p.wire_name != p.name {
            format!(" as `{}`", p.wire_name)
        } else {
            String::new()
        };
        let required = if p.required { ", required" } else { "" };
        let location = match p.location {
            Location::Path => "path",
            Location::Query => "query",
            Location::Header => "header",
        };
        let _ = writeln!(
            out,
            "  - {}{wire}: {} ({location}{required}) {}",
            p.name,
            type_name(&p.ty),
            first_line(&p.description)
        );
    }
    if !op.one_of.is_empty() {
        let _ = writeln!(out, "  - at least one of: {}", op.one_of.join(", "));
    }
    if let Some(body) = &op.body {
        let _ = writeln!(out, "  - body: {}", type_name(&body.ty));
    }
    out.push('\n');
}

fn paging(paging: &Paging) -> String {
    match paging {
        Paging::None => String::new(),
        Paging::List(l) => format!(" [list of {} in `{}`]", l.item, l.items_field),
        Paging::Pages(l) => format!(" [paged {} in `{}`]", l.item, l.items_field),
        Paging::Scroll(l) => format!(" [scroll of {} in `{}`]", l.item, l.items_field),
    }
}

fn schema(out: &mut String, schema: &Schema) {
    let origin = match schema.origin {
        Origin::Model => "model",
        Origin::RequestBody => "request body",
        Origin::Inferred => "inferred",
    };
    match &schema.shape {
        Shape::Enum { values } => {
            let _ = writeln!(
                out,
                "enum {} ({origin}): {}",
                schema.name,
                values.join(" | ")
            );
        }
        Shape::Struct { fields } => {
            let _ = writeln!(out, "struct {} ({origin})", schema.name);
            for f in fields {
                let _ = writeln!(
                    out,
                    "  {}: {} {}",
                    f.wire_name,
                    type_name(&f.ty),
                    first_line(&f.description)
                );
            }
        }
    }
    out.push('\n');
}

/// `string`, `[User]`, `Order`.
pub fn type_name(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "string".into(),
        TypeRef::Boolean => "boolean".into(),
        TypeRef::Integer => "integer".into(),
        TypeRef::Number => "number".into(),
        TypeRef::Timestamp => "timestamp".into(),
        TypeRef::Object => "object".into(),
        TypeRef::Any => "any".into(),
        TypeRef::Array(inner) => format!("[{}]", type_name(inner)),
        TypeRef::Named(name) => name.clone(),
    }
}

fn first_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default().trim();
    let short: String = line.chars().take(72).collect();
    if short.len() < line.len() {
        format!("— {short}…")
    } else if short.is_empty() {
        short
    } else {
        format!("— {short}")
    }
}
