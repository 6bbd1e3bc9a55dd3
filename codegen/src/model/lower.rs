//! Documents -> operation model: labels are read, JSON examples typed, names given, and the
//! whole checked. Every problem becomes a diagnostic; lowering never stops at the first.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToUpperCamelCase;

use super::ir::*;
use super::labels::{self, Endpoint, OPERATION_LABELS, PARAMETER_LABELS, TYPE_WORDS};
use crate::diagnostics::{Diagnostic, SourceText, Span};
use crate::doc::{Block, Document, Section, Subsection, parse_json};
use crate::schema::infer::{Infer, Ty};
use crate::schema::names::{Root, RootKind, name_all};

/// The text that marks an operation without parameters.
const NO_PARAMETERS: &str = "*This operation has no parameters*";
/// The parameter that only marks list operations in the upstream format; never sent.
const LIST_MARKER: &str = "resultsPath";

/// Lowers documents into the operation model, or returns every problem found.
pub fn lower(docs: &[Document]) -> Result<Api, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let models = model_names(docs, &mut diags);
    let mut roots = Vec::new();
    let mut model_sources = BTreeMap::new();
    let mut ops = Vec::new();
    let mut op_lines: BTreeMap<String, (String, usize)> = BTreeMap::new();
    for doc in docs {
        for section in &doc.sections {
            let name = section.heading.text.as_str();
            if labels::is_pascal(name) {
                if let Some(root) = model(doc, section, &models, &mut diags) {
                    model_sources.insert(name.to_string(), (doc, section.heading.span));
                    roots.push(root);
                }
            } else if labels::is_snake(name) {
                let (line, _) = doc.source.position(section.heading.span.start);
                if let Some((file, first)) = op_lines.get(name) {
                    diags.push(
                        doc.source
                            .error(
                                section.heading.span,
                                format!("the operation `{name}` is defined twice"),
                            )
                            .hint(format!(
                                "the first definition is at {file}:{first}; rename or remove one"
                            )),
                    );
                    continue;
                }
                op_lines.insert(name.to_string(), (doc.source.name.clone(), line));
                ops.push(operation(doc, section, &models, &mut roots, &mut diags));
            }
        }
    }
    let (types, schemas) = name_all(&roots);
    let operations: Vec<Operation> = ops
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
            } else if !labels::is_snake(name) {
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

/// A model section: its description and its JSON example as a root type.
fn model(
    doc: &Document,
    section: &Section,
    models: &BTreeSet<String>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Root> {
    let name = section.heading.text.clone();
    let mut description = Vec::new();
    let mut ty = None;
    let blocks = section
        .blocks
        .iter()
        .chain(section.subsections.iter().flat_map(|s| &s.blocks));
    for block in blocks {
        match block {
            Block::Text { raw, .. } => description.push(raw.as_str()),
            Block::Code { text, span, .. } if ty.is_none() => {
                ty = Some(json_type(&doc.source, text, *span, models, diags));
            }
            Block::Label {
                name: label, span, ..
            } => diags.push(unknown_label(&doc.source, label, *span, &[])),
            _ => {}
        }
    }
    for sub in &section.subsections {
        diags.push(
            doc.source
                .error(sub.heading.span, "a model section has no `###` parameters")
                .hint("describe the model's fields in its JSON example"),
        );
    }
    match ty {
        Some(Some((ty @ Ty::Object(_), _))) => Some(Root {
            kind: RootKind::Model(name),
            ty,
            description: description.join("\n\n"),
        }),
        Some(Some(_)) => {
            diags.push(
                doc.source
                    .error(
                        section.heading.span,
                        format!("the example of model `{name}` is not a JSON object"),
                    )
                    .hint("a model's example is an object: `{ \"id\" : \"string\" }`"),
            );
            None
        }
        Some(None) => None,
        None => {
            diags.push(
                doc.source
                    .error(
                        section.heading.span,
                        format!("the model `{name}` has no JSON example"),
                    )
                    .hint("add a ```json block with an example object"),
            );
            None
        }
    }
}

/// Parses and types a JSON example; `None` when it is not valid JSON (reported).
fn json_type(
    source: &SourceText,
    text: &str,
    span: Span,
    models: &BTreeSet<String>,
    diags: &mut Vec<Diagnostic>,
) -> Option<(Ty, String)> {
    match parse_json(text) {
        Ok(json) => {
            let mut infer = Infer {
                models,
                source,
                base: span.start,
                diags,
            };
            Some(infer.value("", &json))
        }
        Err(e) => {
            diags.push(
                source
                    .error(Span::new(span.start + e.offset, span.start + e.offset), format!("invalid JSON: {}", e.message))
                    .hint("JSON examples must parse: quote keys and strings, separate fields with commas"),
            );
            None
        }
    }
}

fn unknown_label(source: &SourceText, label: &str, span: Span, allowed: &[&str]) -> Diagnostic {
    let placed = if OPERATION_LABELS.contains(&label) {
        Some("it belongs in the operation's description, before the parameters")
    } else if PARAMETER_LABELS.contains(&label) {
        Some("it belongs under a `###` parameter heading")
    } else {
        None
    };
    match placed {
        Some(where_) => source
            .error(span, format!("the label `{label}` is not allowed here"))
            .hint(where_),
        None => {
            let known: Vec<String> = OPERATION_LABELS
                .iter()
                .chain(PARAMETER_LABELS)
                .map(|l| format!("**{l}:**"))
                .collect();
            let hint = if allowed.is_empty() {
                format!("known labels are {}", known.join(", "))
            } else {
                format!(
                    "here the format knows {}",
                    allowed
                        .iter()
                        .map(|l| format!("**{l}:**"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            source
                .error(span, format!("unknown label `{label}`"))
                .hint(hint)
        }
    }
}

/// An operation read from its section, waiting for its types to be named.
struct PendingOperation {
    name: String,
    description: String,
    endpoint: Option<(Endpoint, Span)>,
    returns: Option<(String, bool, Span)>,
    params: Vec<PendingParam>,
    body: Option<(usize, String)>,
    /// The upstream marked the operation as returning a list (`resultsPath`).
    list_marker: bool,
    source: SourceText,
    heading: Span,
}

struct PendingParam {
    name: String,
    wire_name: String,
    required: bool,
    description: String,
    root: usize,
    span: Span,
}

fn operation(
    doc: &Document,
    section: &Section,
    models: &BTreeSet<String>,
    roots: &mut Vec<Root>,
    diags: &mut Vec<Diagnostic>,
) -> PendingOperation {
    let source = &doc.source;
    let name = section.heading.text.clone();
    let owner = name.to_upper_camel_case();
    let mut op = PendingOperation {
        name,
        description: String::new(),
        endpoint: None,
        returns: None,
        params: Vec::new(),
        body: None,
        list_marker: false,
        source: source.clone(),
        heading: section.heading.span,
    };
    let mut description = Vec::new();
    for block in &section.blocks {
        match block {
            Block::Text { raw, .. } if raw == NO_PARAMETERS => {}
            Block::Text { raw, .. } => description.push(raw.clone()),
            Block::Label {
                name,
                value,
                span,
                value_span,
            } => match name.as_str() {
                "Endpoint" if op.endpoint.is_some() => {
                    diags.push(duplicate_label(source, name, *span))
                }
                "Endpoint" => match labels::endpoint(value) {
                    Ok(e) => op.endpoint = Some((e, *value_span)),
                    Err(hint) => {
                        diags.push(source.error(*value_span, "bad endpoint line").hint(hint))
                    }
                },
                "Returns" if op.returns.is_some() => {
                    diags.push(duplicate_label(source, name, *span))
                }
                "Returns" => match labels::returns(value) {
                    Ok((model, or_empty)) => op.returns = Some((model, or_empty, *value_span)),
                    Err(hint) => {
                        diags.push(source.error(*value_span, "bad returns line").hint(hint))
                    }
                },
                _ => diags.push(unknown_label(source, name, *span, OPERATION_LABELS)),
            },
            Block::Code { text, .. } => description.push(format!("```\n{}```", text)),
            Block::Html { .. } => {}
        }
    }
    op.description = description.join("\n\n");
    for sub in &section.subsections {
        parameter(source, &owner, sub, models, roots, &mut op, diags);
    }
    op
}

fn duplicate_label(source: &SourceText, label: &str, span: Span) -> Diagnostic {
    source
        .error(span, format!("`**{label}:**` is given twice"))
        .hint("keep one; each label appears at most once per operation or parameter")
}

/// Reads one `###` subsection: a parameter or the `$body`.
fn parameter(
    source: &SourceText,
    owner: &str,
    sub: &Subsection,
    models: &BTreeSet<String>,
    roots: &mut Vec<Root>,
    op: &mut PendingOperation,
    diags: &mut Vec<Diagnostic>,
) {
    let Some((name, required)) = param_heading(&sub.heading.text) else {
        diags.push(
            source
                .error(
                    sub.heading.span,
                    format!("`{}` is not a parameter heading", sub.heading.text),
                )
                .hint("write `### name` or `### name (required)`; the JSON body is `### $body`"),
        );
        return;
    };
    let mut description = Vec::new();
    let mut type_word: Option<(String, Span)> = None;
    let mut values: Option<(Vec<String>, Span)> = None;
    let mut wire: Option<String> = None;
    let mut example: Option<(String, Span)> = None;
    for block in &sub.blocks {
        match block {
            Block::Text { raw, .. } => description.push(raw.clone()),
            Block::Html { .. } => {}
            Block::Code { text, span, lang }
                if name == "$body" && example.is_none() && (lang.is_empty() || lang == "json") =>
            {
                example = Some((text.clone(), *span));
            }
            Block::Code { text, .. } => description.push(format!("```\n{text}```")),
            Block::Label {
                name: label,
                value,
                span,
                value_span,
            } => {
                let seen = match label.as_str() {
                    "Type" => type_word.replace((value.clone(), *value_span)).is_some(),
                    "Potential values" => match labels::potential_values(value) {
                        Ok(v) => values.replace((v, *value_span)).is_some(),
                        Err(hint) => {
                            diags
                                .push(source.error(*value_span, "bad potential values").hint(hint));
                            false
                        }
                    },
                    "Wire name" => match labels::wire_name(value) {
                        Ok(w) => wire.replace(w).is_some(),
                        Err(hint) => {
                            diags.push(source.error(*value_span, "bad wire name").hint(hint));
                            false
                        }
                    },
                    _ => {
                        diags.push(unknown_label(source, label, *span, PARAMETER_LABELS));
                        false
                    }
                };
                if seen {
                    diags.push(duplicate_label(source, label, *span));
                }
            }
        }
    }
    let description = description.join("\n\n");
    if name == LIST_MARKER {
        op.list_marker = true;
        return;
    }
    if name == "$body" {
        body(
            source,
            owner,
            sub,
            models,
            roots,
            op,
            example,
            description,
            diags,
        );
        return;
    }
    if op.params.iter().any(|p| p.name == name) {
        diags.push(
            source
                .error(
                    sub.heading.span,
                    format!("the parameter `{name}` is listed twice"),
                )
                .hint("parameter names are unique within an operation"),
        );
        return;
    }
    let ty = param_type(source, type_word, values, diags);
    roots.push(Root {
        kind: RootKind::Param(owner.to_string(), name.clone()),
        ty,
        description: description.clone(),
    });
    op.params.push(PendingParam {
        wire_name: wire.unwrap_or_else(|| name.clone()),
        name,
        required,
        description,
        root: roots.len() - 1,
        span: sub.heading.span,
    });
}

#[allow(clippy::too_many_arguments)]
fn body(
    source: &SourceText,
    owner: &str,
    sub: &Subsection,
    models: &BTreeSet<String>,
    roots: &mut Vec<Root>,
    op: &mut PendingOperation,
    example: Option<(String, Span)>,
    description: String,
    diags: &mut Vec<Diagnostic>,
) {
    if op.body.is_some() {
        diags.push(
            source
                .error(sub.heading.span, "a second `$body`")
                .hint("an operation has one JSON body; merge the two examples"),
        );
        return;
    }
    let ty = match example {
        Some((text, span)) => match json_type(source, &text, span, models, diags) {
            Some((ty, _)) => ty,
            None => return,
        },
        None => Ty::Ref(TypeRef::Object),
    };
    roots.push(Root {
        kind: RootKind::Body(owner.to_string()),
        ty,
        description: description.clone(),
    });
    op.body = Some((roots.len() - 1, description));
}

/// `name` or `name (required)`.
fn param_heading(text: &str) -> Option<(String, bool)> {
    let (name, required) = match text.strip_suffix("(required)") {
        Some(name) => (name.trim(), true),
        None => (
            text.strip_suffix("(optional)").unwrap_or(text).trim(),
            false,
        ),
    };
    let plain = name.strip_prefix('$').unwrap_or(name);
    labels::is_identifier(plain).then(|| (name.to_string(), required))
}

fn param_type(
    source: &SourceText,
    word: Option<(String, Span)>,
    values: Option<(Vec<String>, Span)>,
    diags: &mut Vec<Diagnostic>,
) -> Ty {
    let ty = match &word {
        Some((w, span)) => labels::type_word(w.trim_matches('`')).unwrap_or_else(|| {
            diags.push(
                source
                    .error(*span, format!("unknown type `{w}`"))
                    .hint(format!("use one of: {TYPE_WORDS}")),
            );
            TypeRef::Any
        }),
        None => TypeRef::String,
    };
    match values {
        Some((values, _)) if ty == TypeRef::String => Ty::Enum(values),
        Some((_, span)) => {
            diags.push(
                source
                    .error(span, "potential values on a parameter that is not a string")
                    .hint("only string parameters have potential values; set `**Type:** string`"),
            );
            Ty::Ref(ty)
        }
        None => Ty::Ref(ty),
    }
}

impl PendingOperation {
    fn finish(
        self,
        types: &[TypeRef],
        schemas: &[Schema],
        models: &BTreeSet<String>,
        diags: &mut Vec<Diagnostic>,
    ) -> Operation {
        let mut params: Vec<Param> = self
            .params
            .iter()
            .map(|p| Param {
                name: p.name.clone(),
                wire_name: p.wire_name.clone(),
                location: Location::Query,
                ty: types[p.root].clone(),
                required: p.required,
                description: p.description.clone(),
            })
            .collect();
        let binding = match &self.endpoint {
            None => Binding::Unbound,
            Some((Endpoint::None(reason), _)) => Binding::None {
                reason: reason.clone(),
            },
            Some((
                Endpoint::Http {
                    method,
                    path,
                    path_params,
                    constants,
                },
                span,
            )) => {
                self.bind_path(path_params, &mut params, *span, diags);
                self.check_constants(constants, diags);
                Binding::Http {
                    method: *method,
                    path: path.clone(),
                    constants: constants.clone(),
                }
            }
        };
        let returns = self.returns.as_ref().and_then(|(model, or_empty, span)| {
            if models.contains(model) {
                Some(Returns {
                    ty: TypeRef::Named(model.clone()),
                    or_empty: *or_empty,
                })
            } else {
                diags.push(
                    self.source
                        .error(*span, format!("unknown model `{model}`"))
                        .hint("define it as `## Name` with a JSON example in a models document"),
                );
                None
            }
        });
        let paging = returns
            .as_ref()
            .map_or(Paging::None, |r| paging(&r.ty, self.list_marker, schemas));
        Operation {
            description: self.description,
            binding,
            params,
            body: self.body.map(|(root, description)| Body {
                ty: types[root].clone(),
                description,
            }),
            returns,
            paging,
            source: Source {
                file: self.source.name.clone(),
                line: self.source.position(self.heading.start).0,
            },
            name: self.name,
        }
    }

    /// A fixed `?key=value` of the endpoint may not also be a parameter.
    fn check_constants(&self, constants: &[QueryConstant], diags: &mut Vec<Diagnostic>) {
        for constant in constants {
            if let Some(param) = self.params.iter().find(|p| p.wire_name == constant.name) {
                diags.push(
                    self.source
                        .error(param.span, format!("`{}` is both a parameter and fixed in the endpoint", constant.name))
                        .hint("keep one: a fixed `?key=value` in the endpoint, or a parameter the caller sets"),
                );
            }
        }
    }

    /// Marks path parameters and checks each `{x}` is a required parameter.
    fn bind_path(
        &self,
        path_params: &[String],
        params: &mut [Param],
        span: Span,
        diags: &mut Vec<Diagnostic>,
    ) {
        for name in path_params {
            match params
                .iter_mut()
                .zip(&self.params)
                .find(|(p, _)| &p.name == name)
            {
                Some((param, pending)) => {
                    param.location = Location::Path;
                    if !param.required {
                        diags.push(
                            self.source
                                .error(
                                    pending.span,
                                    format!("the path parameter `{name}` is not marked required"),
                                )
                                .hint(format!(
                                    "write `### {name} (required)`: a path cannot leave it out"
                                )),
                        );
                    }
                }
                None => diags.push(
                    self.source
                        .error(
                            span,
                            format!(
                                "the path parameter `{{{name}}}` is not a parameter of `{}`",
                                self.name
                            ),
                        )
                        .hint(format!(
                            "add `### {name} (required)` under Parameters, or fix the path"
                        )),
                ),
            }
        }
    }
}

/// A response model with exactly one array-of-named-type field and a `pages` field is paged;
/// with a `scroll_param` field it is a scroll; with neither it is a plain list when the
/// operation carries the `resultsPath` marker.
fn paging(ty: &TypeRef, list_marker: bool, schemas: &[Schema]) -> Paging {
    let TypeRef::Named(name) = ty else {
        return Paging::None;
    };
    let Some(Schema {
        shape: Shape::Struct { fields },
        ..
    }) = schemas.iter().find(|s| &s.name == name)
    else {
        return Paging::None;
    };
    let lists: Vec<ListShape> = fields
        .iter()
        .filter_map(|f| match &f.ty {
            TypeRef::Array(inner) => match inner.as_ref() {
                TypeRef::Named(item) => Some(ListShape {
                    items_field: f.wire_name.clone(),
                    item: item.clone(),
                }),
                _ => None,
            },
            _ => None,
        })
        .collect();
    let [list] = lists.as_slice() else {
        return Paging::None;
    };
    let has = |wire: &str| fields.iter().any(|f| f.wire_name == wire);
    if has("pages") {
        Paging::Pages(list.clone())
    } else if has("scroll_param") {
        Paging::Scroll(list.clone())
    } else if list_marker {
        Paging::List(list.clone())
    } else {
        Paging::None
    }
}
