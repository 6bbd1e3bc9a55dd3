//! Once every type has its name: the operation model of each operation, with the checks that
//! need the whole operation (path parameters, fixed query pairs, the returned model, paging).

use std::collections::BTreeSet;

use super::operation::PendingOperation;
use crate::diagnostics::{Diagnostic, SourceText, Span};
use crate::model::labels::{self, Endpoint};
use crate::model::*;

impl PendingOperation {
    pub(super) fn finish(
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
                location: if labels::is_header_name(&p.wire_name) {
                    Location::Header
                } else {
                    Location::Query
                },
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
                    constants,
                },
                span,
            )) => {
                self.bind_path(path, &mut params, *span, diags);
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
        let one_of = self.check_one_of(&params, diags);
        Operation {
            description: self.description,
            binding,
            params,
            body: self.body.map(|(root, description)| Body {
                required: required_fields(
                    &self.source,
                    self.body_required.as_ref(),
                    &types[root],
                    schemas,
                    diags,
                ),
                ty: types[root].clone(),
                description,
            }),
            returns,
            paging,
            one_of,
            source: Source {
                file: self.source.name.to_string(),
                line: self.source.position(self.heading.start).0,
            },
            name: self.name,
        }
    }

    /// Every `**One of:**` name is an optional query parameter of the operation; the group is
    /// kept by wire name, the name a request carries.
    fn check_one_of(&self, params: &[Param], diags: &mut Vec<Diagnostic>) -> Vec<String> {
        let Some((names, span)) = &self.one_of else {
            return Vec::new();
        };
        let mut wire_names = Vec::with_capacity(names.len());
        for name in names {
            let optional_query = params
                .iter()
                .find(|p| &p.name == name && p.location == Location::Query && !p.required);
            if let Some(param) = optional_query {
                wire_names.push(param.wire_name.clone());
            } else {
                diags.push(
                    self.source
                        .error(*span, format!("`{name}` is not an optional query parameter of `{}`", self.name))
                        .hint("name the operation's optional query parameters of which a call needs at least one"),
                );
            }
        }
        wire_names
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
        path: &PathTemplate,
        params: &mut [Param],
        span: Span,
        diags: &mut Vec<Diagnostic>,
    ) {
        for name in path.params() {
            match params
                .iter_mut()
                .zip(&self.params)
                .find(|(p, _)| p.name == name)
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

/// The `**Required:**` names of a body, each a top-level field of the body's struct.
fn required_fields(
    source: &SourceText,
    required: Option<&(Vec<String>, Span)>,
    body: &TypeRef,
    schemas: &[Schema],
    diags: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let Some((names, span)) = required else {
        return Vec::new();
    };
    let fields: Vec<&str> = match body {
        TypeRef::Named(name) => match schemas.iter().find(|s| &s.name == name).map(|s| &s.shape) {
            Some(Shape::Struct { fields }) => fields.iter().map(|f| f.wire_name.as_str()).collect(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    };
    for name in names.iter().filter(|n| !fields.contains(&n.as_str())) {
        diags.push(
            source
                .error(*span, format!("`{name}` is not a field of the body"))
                .hint(format!(
                    "the body's top-level fields are: {}",
                    fields.join(", ")
                )),
        );
    }
    names.clone()
}

/// The response field of a scroll's cursor, sent back as the query parameter of that name.
const SCROLL_CURSOR: &str = "scroll_param";

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
                    cursor: None,
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
    } else if has(SCROLL_CURSOR) {
        // Intercom sends the cursor back under the name it arrives in.
        Paging::Scroll(ListShape {
            cursor: Some(Cursor {
                field: SCROLL_CURSOR.to_string(),
                param: SCROLL_CURSOR.to_string(),
            }),
            ..list.clone()
        })
    } else if list_marker {
        Paging::List(list.clone())
    } else {
        Paging::None
    }
}
