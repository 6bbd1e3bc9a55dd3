//! `## Model` sections: a description and a JSON example object.

use super::infer::Ty;
use super::naming::{Root, RootKind};
use super::{Lowering, unknown_label};
use crate::doc::{Block, Document, Section};
use crate::model::labels;

impl Lowering<'_> {
    /// A model section as a root type, or `None` after reporting why it has none.
    pub(super) fn model(&mut self, doc: &Document, section: &Section) -> Option<Root> {
        let source = &doc.source;
        let heading = &section.heading;
        let name = heading.text.clone();
        let mut description = Vec::new();
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
                    name: label, span, ..
                } => {
                    self.diags.push(unknown_label(source, label, *span, &[]));
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
                return Some(Root {
                    kind: RootKind::Model(name),
                    ty,
                    description,
                });
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
