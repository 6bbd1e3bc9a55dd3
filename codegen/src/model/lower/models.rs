//! `## Model` sections: a description and a JSON example object.

use super::infer::Ty;
use super::naming::{Root, RootKind};
use super::{Lowering, unknown_label};
use crate::diagnostics::{SourceText, Span};
use crate::doc::{Block, Document, Section};
use crate::model::labels;

impl Lowering<'_> {
    /// A model section as a root type, or `None` after reporting why it has none.
    pub(super) fn model(
        &mut self,
        doc: &Document,
        section: &Section,
    ) -> Option<(Root, Option<(SourceText, Span)>)> {
        let source = &doc.source;
        let heading = &section.heading;
        let name = heading.text.clone();
        let mut description = Vec::new();
        let mut type_names: Option<(Vec<(String, String)>, Span)> = None;
        let mut example = None;
        let blocks = section
            .blocks
            .iter()
            .chain(section.subsections.iter().flat_map(|s| &s.blocks));
        for block in blocks {
            match block {
                Block::Text { raw, .. } => description.push(raw.as_str()),
                Block::Label { name, raw, .. } if !labels::is_label(name) => {
                    description.push(raw.as_str());
                }
                Block::Code { text, span, .. } if example.is_none() => {
                    example = Some(self.json_type(source, text, *span));
                }
                Block::Label {
                    name,
                    value,
                    value_span,
                    ..
                } if name == "Type names" => match labels::type_names(value) {
                    Ok(names) if names.iter().all(|(path, _)| !path.is_empty()) => {
                        type_names = Some((names, *value_span));
                    }
                    Ok(_) => self.diags.push(
                        source
                            .error(*value_span, "a model keeps the name of its heading")
                            .hint("name the types inside it by path: `state` = `JobState`"),
                    ),
                    Err(hint) => self
                        .diags
                        .push(source.error(*value_span, "bad type names").hint(hint)),
                },
                Block::Label {
                    name: label, span, ..
                } => {
                    self.diags
                        .push(unknown_label(source, label, *span, &["Type names"]));
                }
                _ => {}
            }
        }
        for sub in &section.subsections {
            let d = source
                .error(sub.heading.span, "a model section has no `###` parameters")
                .hint("describe the model's fields in its JSON example");
            self.diags.push(d);
        }
        let problem = match example {
            Some(Some((ty @ Ty::Object(_), _))) => {
                let description = description.join("\n\n");
                let at = type_names.as_ref().map(|(_, span)| (source.clone(), *span));
                return Some((
                    Root {
                        kind: RootKind::Model(name),
                        ty,
                        description,
                        names: type_names.map(|(names, _)| names).unwrap_or_default(),
                    },
                    at,
                ));
            }
            Some(None) => return None,
            Some(Some(_)) => source
                .error(
                    heading.span,
                    format!("the example of model `{name}` is not a JSON object"),
                )
                .hint("a model's example is an object: `{ \"id\" : \"string\" }`"),
            None => source
                .error(
                    heading.span,
                    format!("the model `{name}` has no JSON example"),
                )
                .hint("add a ```json block with an example object"),
        };
        self.diags.push(problem);
        None
    }
}
