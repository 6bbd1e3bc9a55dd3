//! `## operation` sections: description, `**Endpoint:**` and `**Returns:**` labels, and the
//! `###` parameters, one of which may be the `$body`.

use heck::ToUpperCamelCase;

use super::infer::Ty;
use super::naming::{Root, RootKind};
use super::{Lowering, duplicate_label, unknown_label};
use crate::diagnostics::{SourceText, Span};
use crate::doc::{Block, Document, Section, Subsection};
use crate::model::labels::{self, Endpoint, OPERATION_LABELS, PARAMETER_LABELS, TYPE_WORDS};
use crate::model::{TypeRef, idents};

/// The text that marks an operation without parameters.
const NO_PARAMETERS: &str = "*This operation has no parameters*";
/// The parameter that only marks list operations in the upstream format; never sent.
const LIST_MARKER: &str = "resultsPath";
/// The parameter heading of the JSON body.
const BODY: &str = "$body";

/// An operation read from its section, waiting for its types to be named.
pub(super) struct PendingOperation {
    pub name: String,
    pub description: String,
    pub endpoint: Option<(Endpoint, Span)>,
    /// Model name, `or empty`, where the value is.
    pub returns: Option<(String, bool, Span)>,
    /// `**One of:**` parameter names, where the value is.
    pub one_of: Option<(Vec<String>, Span)>,
    pub params: Vec<PendingParam>,
    /// Root index of the body type, and the body's description.
    pub body: Option<(usize, String)>,
    /// The body's `**Required:**` fields, where the value is.
    pub body_required: Option<(Vec<String>, Span)>,
    /// The upstream marked the operation as returning a list (`resultsPath`).
    pub list_marker: bool,
    pub source: SourceText,
    pub heading: Span,
}

/// A parameter whose type is a root still to be named.
pub(super) struct PendingParam {
    pub name: String,
    pub wire_name: String,
    pub required: bool,
    pub description: String,
    pub root: usize,
    pub span: Span,
}

/// What a `###` subsection says, before deciding whether it is a parameter or the body.
#[derive(Default)]
struct ParamBlocks {
    description: Vec<String>,
    type_word: Option<(String, Span)>,
    values: Option<(Vec<String>, Span)>,
    wire_name: Option<String>,
    example: Option<(String, Span)>,
    /// `**Required:**` field names, where the value is.
    required: Option<(Vec<String>, Span)>,
    /// `**Type names:**`, where the value is.
    type_names: Option<(Vec<(String, String)>, Span)>,
}

impl Lowering<'_> {
    /// Reads an operation section; problems are reported and the rest is kept.
    pub(super) fn operation(&mut self, doc: &Document, section: &Section) -> PendingOperation {
        let source = &doc.source;
        let mut op = PendingOperation {
            name: section.heading.text.clone(),
            description: String::new(),
            endpoint: None,
            returns: None,
            one_of: None,
            params: Vec::new(),
            body: None,
            body_required: None,
            list_marker: false,
            source: source.clone(),
            heading: section.heading.span,
        };
        let mut description = Vec::new();
        for block in &section.blocks {
            match block {
                Block::Text { raw, .. } if raw == NO_PARAMETERS => {}
                Block::Text { raw, .. } => description.push(raw.clone()),
                Block::Label { name, raw, .. } if !labels::is_label(name) => {
                    description.push(raw.clone());
                }
                Block::Label {
                    name,
                    value,
                    span,
                    value_span,
                    ..
                } => {
                    self.operation_label(source, &mut op, name, value, *span, *value_span);
                }
                Block::Code { text, .. } => description.push(format!("```\n{text}```")),
                Block::Html { .. } => {}
            }
        }
        op.description = description.join("\n\n");
        let owner = op.name.to_upper_camel_case();
        for sub in &section.subsections {
            self.parameter(source, &owner, sub, &mut op);
        }
        op
    }

    fn operation_label(
        &mut self,
        source: &SourceText,
        op: &mut PendingOperation,
        label: &str,
        value: &str,
        span: Span,
        value_span: Span,
    ) {
        let problem = match label {
            "Endpoint" if op.endpoint.is_some() => duplicate_label(source, label, span),
            "Endpoint" => match labels::endpoint(value) {
                Ok(endpoint) => return op.endpoint = Some((endpoint, value_span)),
                Err(hint) => source.error(value_span, "bad endpoint line").hint(hint),
            },
            "Returns" if op.returns.is_some() => duplicate_label(source, label, span),
            "Returns" => match labels::returns(value) {
                Ok((model, or_empty)) => return op.returns = Some((model, or_empty, value_span)),
                Err(hint) => source.error(value_span, "bad returns line").hint(hint),
            },
            "One of" if op.one_of.is_some() => duplicate_label(source, label, span),
            "One of" => match labels::one_of(value) {
                Ok(names) => return op.one_of = Some((names, value_span)),
                Err(hint) => source.error(value_span, "bad one-of line").hint(hint),
            },
            _ => unknown_label(source, label, span, OPERATION_LABELS),
        };
        self.diags.push(problem);
    }

    /// Reads one `###` subsection: a parameter, the `$body`, or the list marker.
    fn parameter(
        &mut self,
        source: &SourceText,
        owner: &str,
        sub: &Subsection,
        op: &mut PendingOperation,
    ) {
        let Some((name, required)) = param_heading(&sub.heading.text) else {
            let d = source
                .error(
                    sub.heading.span,
                    format!("`{}` is not a parameter heading", sub.heading.text),
                )
                .hint("write `### name` or `### name (required)`; the JSON body is `### $body`");
            self.diags.push(d);
            return;
        };
        let blocks = self.param_blocks(source, sub, name == BODY);
        let description = blocks.description.join("\n\n");
        if name == LIST_MARKER {
            op.list_marker = true;
        } else if name == BODY {
            self.body_type_word(source, blocks.type_word.as_ref());
            self.body(
                source,
                owner,
                sub,
                op,
                blocks.example,
                description,
                blocks.type_names,
            );
            op.body_required = blocks.required;
        } else if op.params.iter().any(|p| p.name == name) {
            let d = source
                .error(
                    sub.heading.span,
                    format!("the parameter `{name}` is listed twice"),
                )
                .hint("parameter names are unique within an operation");
            self.diags.push(d);
        } else if let Some(other) = op
            .params
            .iter()
            .find(|p| idents::snake(&p.name) == idents::snake(&name))
        {
            let d = source
                .error(
                    sub.heading.span,
                    format!(
                        "the parameters `{}` and `{name}` both become `{}` in code",
                        other.name,
                        idents::snake(&name)
                    ),
                )
                .hint("rename one, and give it its HTTP name with `**Wire name:**`");
            self.diags.push(d);
        } else {
            if let Some((_, span)) = &blocks.required {
                let d = source
                    .error(*span, "`**Required:**` lists fields of the `$body`")
                    .hint(format!(
                        "mark a parameter itself required in its heading: `### {name} (required)`"
                    ));
                self.diags.push(d);
            }
            let ty = self.param_type(source, blocks.type_word, blocks.values);
            let kind = RootKind::Param(owner.to_string(), name.clone());
            let root = self.push_root(
                Root {
                    kind,
                    ty,
                    description: description.clone(),
                    names: blocks
                        .type_names
                        .as_ref()
                        .map(|(names, _)| names.clone())
                        .unwrap_or_default(),
                },
                blocks
                    .type_names
                    .as_ref()
                    .map(|(_, span)| (source.clone(), *span)),
            );
            op.params.push(PendingParam {
                wire_name: blocks.wire_name.unwrap_or_else(|| name.clone()),
                name,
                required,
                description,
                root,
                span: sub.heading.span,
            });
        }
    }

    /// Sorts a subsection's blocks into description, labels and the body example.
    fn param_blocks(
        &mut self,
        source: &SourceText,
        sub: &Subsection,
        is_body: bool,
    ) -> ParamBlocks {
        let mut out = ParamBlocks::default();
        for block in &sub.blocks {
            match block {
                Block::Text { raw, .. } => out.description.push(raw.clone()),
                Block::Html { .. } => {}
                Block::Code { text, span, lang }
                    if is_body && out.example.is_none() && (lang.is_empty() || lang == "json") =>
                {
                    out.example = Some((text.clone(), *span));
                }
                Block::Code { text, .. } => out.description.push(format!("```\n{text}```")),
                Block::Label { name, raw, .. } if !labels::is_label(name) => {
                    out.description.push(raw.clone());
                }
                Block::Label {
                    name,
                    value,
                    span,
                    value_span,
                    ..
                } => {
                    let given_twice = match name.as_str() {
                        "Type" => out
                            .type_word
                            .replace((value.clone(), *value_span))
                            .is_some(),
                        "Potential values" => match labels::potential_values(value) {
                            Ok(v) => out.values.replace((v, *value_span)).is_some(),
                            Err(hint) => {
                                self.diags.push(
                                    source.error(*value_span, "bad potential values").hint(hint),
                                );
                                false
                            }
                        },
                        "Required" => match labels::required(value) {
                            Ok(names) => out.required.replace((names, *value_span)).is_some(),
                            Err(hint) => {
                                self.diags.push(
                                    source.error(*value_span, "bad required fields").hint(hint),
                                );
                                false
                            }
                        },
                        "Type names" => match labels::type_names(value) {
                            Ok(names) => out.type_names.replace((names, *value_span)).is_some(),
                            Err(hint) => {
                                self.diags
                                    .push(source.error(*value_span, "bad type names").hint(hint));
                                false
                            }
                        },
                        "Wire name" => match labels::wire_name(value) {
                            Ok(w) => out.wire_name.replace(w).is_some(),
                            Err(hint) => {
                                self.diags
                                    .push(source.error(*value_span, "bad wire name").hint(hint));
                                false
                            }
                        },
                        _ => {
                            self.diags
                                .push(unknown_label(source, name, *span, PARAMETER_LABELS));
                            false
                        }
                    };
                    if given_twice {
                        self.diags.push(duplicate_label(source, name, *span));
                    }
                }
            }
        }
        out
    }

    /// The `$body`: its JSON example becomes a root type; no example means a free-form object.
    #[allow(clippy::too_many_arguments)]
    fn body(
        &mut self,
        source: &SourceText,
        owner: &str,
        sub: &Subsection,
        op: &mut PendingOperation,
        example: Option<(String, Span)>,
        description: String,
        type_names: Option<(Vec<(String, String)>, Span)>,
    ) {
        if op.body.is_some() {
            let d = source
                .error(sub.heading.span, "a second `$body`")
                .hint("an operation has one JSON body; merge the two examples");
            self.diags.push(d);
            return;
        }
        let ty = match example {
            Some((text, span)) => match self.json_type(source, &text, span) {
                Some((ty, _)) => ty,
                None => return,
            },
            None => Ty::Ref(TypeRef::Object),
        };
        let kind = RootKind::Body(owner.to_string());
        let at = type_names.as_ref().map(|(_, span)| (source.clone(), *span));
        let root = self.push_root(
            Root {
                kind,
                ty,
                description: description.clone(),
                names: type_names.map(|(names, _)| names).unwrap_or_default(),
            },
            at,
        );
        op.body = Some((root, description));
    }

    /// A `$body` is a JSON object: its `**Type:**`, when given, says `object` (or `any`).
    fn body_type_word(&mut self, source: &SourceText, word: Option<&(String, Span)>) {
        let Some((word, span)) = word else {
            return;
        };
        let problem = match labels::type_word(word.trim_matches('`')) {
            Some(TypeRef::Object | TypeRef::Any) => return,
            Some(_) if word.trim_matches('`').eq_ignore_ascii_case("blob") => source
                .error(*span, "a binary (`blob`) body cannot be sent")
                .hint("the client sends JSON bodies only; describe the body as `object` with a ```json example"),
            Some(_) => source
                .error(*span, format!("a `$body` of type `{word}`"))
                .hint("the body is a JSON object: write `**Type:** object` and a ```json example"),
            None => source
                .error(*span, format!("unknown type `{word}`"))
                .hint("the body is a JSON object: write `**Type:** object` and a ```json example"),
        };
        self.diags.push(problem);
    }

    /// The type of a parameter from its `**Type:**` and `**Potential values:**` labels.
    fn param_type(
        &mut self,
        source: &SourceText,
        word: Option<(String, Span)>,
        values: Option<(Vec<String>, Span)>,
    ) -> Ty {
        let ty = match &word {
            Some((w, span)) => labels::type_word(w.trim_matches('`')).unwrap_or_else(|| {
                let d = source
                    .error(*span, format!("unknown type `{w}`"))
                    .hint(format!("use one of: {TYPE_WORDS}"));
                self.diags.push(d);
                TypeRef::Any
            }),
            None => TypeRef::String,
        };
        match values {
            Some((values, _)) if ty == TypeRef::String => Ty::Enum(values),
            // A boolean's two values, listed as documents of this format often do.
            Some((values, _))
                if ty == TypeRef::Boolean
                    && values.iter().all(|v| {
                        v.eq_ignore_ascii_case("true") || v.eq_ignore_ascii_case("false")
                    }) =>
            {
                Ty::Ref(ty)
            }
            Some((_, span)) => {
                let d = source
                    .error(span, "potential values on a parameter that is not a string")
                    .hint("only string parameters have potential values; set `**Type:** string`");
                self.diags.push(d);
                Ty::Ref(ty)
            }
            None => Ty::Ref(ty),
        }
    }
}

/// `name`, `name (required)` or `name (optional)`.
fn param_heading(text: &str) -> Option<(String, bool)> {
    let (name, required) = match text.strip_suffix("(required)") {
        Some(name) => (name.trim(), true),
        None => (
            text.strip_suffix("(optional)").unwrap_or(text).trim(),
            false,
        ),
    };
    let plain = name.strip_prefix('$').unwrap_or(name);
    labels::is_param_name(plain).then(|| (name.to_string(), required))
}
