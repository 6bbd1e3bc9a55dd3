//! Reading the Markdown documentation format: front matter, `##` sections, `###` subsections,
//! label paragraphs (`**Type:** string`) and code blocks, each with its source span.
//!
//! This layer knows the format, not Intercom: it never decides what a label means.

mod json;
mod read;

pub use json::{Json, JsonError, JsonValue, parse_json};
pub use read::read_document;

use crate::diagnostics::{SourceText, Span};

/// A document split into the parts the format gives meaning to.
#[derive(Debug, Clone)]
pub struct Document {
    /// The file's text, for positions.
    pub source: SourceText,
    /// `key: value` lines of the front matter.
    pub front_matter: Vec<(String, String)>,
    /// `##` sections in order.
    pub sections: Vec<Section>,
}

/// A `##` section: its own blocks, then its `###` subsections.
#[derive(Debug, Clone)]
pub struct Section {
    /// The heading.
    pub heading: Heading,
    /// The section's own blocks: those between the heading and the first `###`, and those
    /// under a prose `##` heading inside the section (`## Available Phone Types`).
    pub blocks: Vec<Block>,
    /// `###` subsections in order.
    pub subsections: Vec<Subsection>,
}

/// A `###` subsection.
#[derive(Debug, Clone)]
pub struct Subsection {
    /// The heading.
    pub heading: Heading,
    /// Blocks up to the next heading.
    pub blocks: Vec<Block>,
}

/// A heading's text and where it is.
#[derive(Debug, Clone)]
pub struct Heading {
    /// The heading text, trimmed.
    pub text: String,
    /// The span of the whole heading line.
    pub span: Span,
}

/// A top-level block of Markdown.
#[derive(Debug, Clone)]
pub enum Block {
    /// A paragraph that starts with `**Label:**`. Whether the label is one the format knows is
    /// for the model to decide: prose such as `**Note:** …` has the same form.
    Label {
        /// The label without its colon (`Type`).
        name: String,
        /// The whole paragraph's source, trimmed, for when the label turns out to be prose.
        raw: String,
        /// The source text after the label, trimmed.
        value: String,
        /// Where the label starts.
        span: Span,
        /// Where the value starts.
        value_span: Span,
    },
    /// A fenced or indented code block.
    Code {
        /// The info string (`json`), empty when absent.
        lang: String,
        /// The code.
        text: String,
        /// Where the code itself starts (the line after the fence).
        span: Span,
    },
    /// Raw HTML (`<details>`), which carries no meaning in the format.
    Html {
        /// The source text.
        raw: String,
    },
    /// Any other block (paragraph, list, table, quote), as its Markdown source.
    Text {
        /// The source text, trimmed.
        raw: String,
        /// Where it is.
        span: Span,
    },
}
