//! Documents -> operation model: labels are read, JSON examples typed, names given, and the
//! whole checked. Every problem becomes a diagnostic; lowering never stops at the first.
//!
//! - [`models`]: `## Model` sections;
//! - [`operation`]: `## operation` sections, their parameters and body;
//! - [`infer`]: JSON examples -> anonymous type trees, by the value rules;
//! - [`naming`]: anonymous types -> named schemas: de-duplication and naming;
//! - [`nested`]: which lists of a resource responses wrap;
//! - [`finish`]: once every type has its name, the checks that span an operation.

mod finish;
mod infer;
mod models;
mod naming;
mod nested;
mod operation;

use std::collections::{BTreeMap, BTreeSet};

use super::idents;
use super::ir::Api;
use super::labels::{self, OPERATION_LABELS, PARAMETER_LABELS};
use crate::diagnostics::{Diagnostic, SourceText, Span};
use crate::doc::{Document, parse_json};
use infer::{Infer, Ty};
use naming::{Root, name_all};

/// Lowers documents into the operation model, or returns every problem found.
pub fn lower(docs: &[Document]) -> Result<Api, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let models = model_names(docs, &mut diags);
    let mut cx = Lowering {
        models: &models,
        roots: Vec::new(),
        names_at: Vec::new(),
        diags,
    };
    let mut ops = Vec::new();
    let mut first_seen: BTreeMap<&str, (&str, usize)> = BTreeMap::new();
    let mut methods: BTreeMap<String, (&str, usize, &str)> = BTreeMap::new();
    for doc in docs {
        for section in &doc.sections {
            let name = section.heading.text.as_str();
            if labels::is_pascal(name) {
                if let Some((root, at)) = cx.model(doc, section) {
                    cx.push_root(root, at);
                }
            } else if labels::is_operation_name(name) {
                if let Some((file, line, first)) = methods.get(&idents::snake(name))
                    && *first != name
                {
                    let d = doc
                        .source
                        .error(
                            section.heading.span,
                            format!(
                                "the operations `{first}` and `{name}` both become the method `{}`",
                                idents::snake(name)
                            ),
                        )
                        .hint(format!("the first is at {file}:{line}; rename one"));
                    cx.diags.push(d);
                    continue;
                }
                if let Some((file, line)) = first_seen.get(name) {
                    let d = doc
                        .source
                        .error(
                            section.heading.span,
                            format!("the operation `{name}` is defined twice"),
                        )
                        .hint(format!(
                            "the first definition is at {file}:{line}; rename or remove one"
                        ));
                    cx.diags.push(d);
                    continue;
                }
                let (line, _) = doc.source.position(section.heading.span.start);
                first_seen.insert(name, (&doc.source.name, line));
                methods.insert(idents::snake(name), (&doc.source.name, line, name));
                ops.push(cx.operation(doc, section));
            }
        }
    }
    let Lowering {
        roots,
        names_at,
        mut diags,
        ..
    } = cx;
    let named = name_all(&roots);
    for (root, path) in named.unmatched {
        if let Some((source, span)) = &names_at[root] {
            diags.push(
                source
                    .error(*span, format!("`{path}` names no object or enum here"))
                    .hint("give a path of keys from the body, parameter or model to an object or an enum: `from.type`"),
            );
        }
    }
    let (types, mut schemas) = (named.types, named.schemas);
    nested::mark(&mut schemas);
    nested::check_bodies(&ops, &types, &schemas, &mut diags);
    let operations: Vec<_> = ops
        .into_iter()
        .map(|op| op.finish(&types, &schemas, &models, &mut diags))
        .collect();
    if !diags.is_empty() {
        return Err(diags);
    }
    let title = docs
        .iter()
        .flat_map(|d| &d.front_matter)
        .find(|(k, _)| k == "title")
        .map(|(_, v)| v.clone());
    Ok(Api {
        title,
        operations,
        schemas,
    })
}

/// What lowering carries from section to section.
struct Lowering<'a> {
    /// Every model name, for model references in examples.
    models: &'a BTreeSet<String>,
    /// Types to be named once every document is read.
    roots: Vec<Root>,
    /// For each root, where its `**Type names:**` label is, if it has one.
    names_at: Vec<Option<(SourceText, Span)>>,
    diags: Vec<Diagnostic>,
}

impl Lowering<'_> {
    /// Parses and types a JSON example; `None` when it is not valid JSON (reported).
    fn json_type(&mut self, source: &SourceText, text: &str, span: Span) -> Option<(Ty, String)> {
        match parse_json(text) {
            Ok(json) => {
                let mut infer = Infer {
                    models: self.models,
                    source,
                    base: span.start,
                    diags: &mut self.diags,
                };
                Some(infer.value("", &json))
            }
            Err(e) => {
                let at = Span::new(span.start + e.offset, span.start + e.offset);
                let d = source
                    .error(at, format!("invalid JSON: {}", e.message))
                    .hint("JSON examples must parse: quote keys and strings, separate fields with commas");
                self.diags.push(d);
                None
            }
        }
    }

    /// Keeps a type to be named, with where its `**Type names:**` are; returns its index among
    /// the roots.
    fn push_root(&mut self, root: Root, names_at: Option<(SourceText, Span)>) -> usize {
        self.roots.push(root);
        self.names_at.push(names_at);
        self.roots.len() - 1
    }
}

/// Names of all model sections; reports headings that are neither operations nor models.
fn model_names(docs: &[Document], diags: &mut Vec<Diagnostic>) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for doc in docs {
        for section in &doc.sections {
            let heading = &section.heading;
            let name = heading.text.as_str();
            if name.is_empty() {
                diags.push(doc.source.error(heading.span, "empty heading").hint(
                    "write the operation name (`## get_user`) or the model name (`## User`)",
                ));
            } else if labels::is_pascal(name) {
                if !names.insert(name.to_string()) {
                    diags.push(
                        doc.source
                            .error(heading.span, format!("the model `{name}` is defined twice"))
                            .hint("rename or remove one of them"),
                    );
                }
            } else if !labels::is_operation_name(name) {
                diags.push(
                    doc.source
                        .error(heading.span, format!("`{name}` is neither an operation name nor a model name"))
                        .hint("operations are snake_case (`## get_user`), models PascalCase (`## User`)"),
                );
            }
        }
    }
    names
}

/// A label the format does not know, or one standing where it does not belong.
fn unknown_label(source: &SourceText, label: &str, span: Span, allowed: &[&str]) -> Diagnostic {
    let placed = if OPERATION_LABELS.contains(&label) {
        Some("it belongs in the operation's description, before the parameters")
    } else if PARAMETER_LABELS.contains(&label) {
        Some("it belongs under a `###` parameter heading")
    } else {
        None
    };
    if let Some(place) = placed {
        return source
            .error(span, format!("the label `{label}` is not allowed here"))
            .hint(place);
    }
    let listed = |labels: &[&str]| {
        labels
            .iter()
            .map(|l| format!("**{l}:**"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let hint = if allowed.is_empty() {
        let known: Vec<&str> = OPERATION_LABELS
            .iter()
            .chain(PARAMETER_LABELS)
            .copied()
            .collect();
        format!("known labels are {}", listed(&known))
    } else {
        format!("here the format knows {}", listed(allowed))
    };
    source
        .error(span, format!("unknown label `{label}`"))
        .hint(hint)
}

fn duplicate_label(source: &SourceText, label: &str, span: Span) -> Diagnostic {
    source
        .error(span, format!("`**{label}:**` is given twice"))
        .hint("keep one; each label appears at most once per operation or parameter")
}
