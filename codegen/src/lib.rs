//! Reads Intercom's Markdown operation reference and generates the `intercom-api` client.
//!
//! Data flows one way: spec text -> [`doc`] (sections with source spans) -> [`model`]
//! (the typed operation model, validated) -> [`emit`] (Rust source).

pub mod diagnostics;
pub mod doc;
pub mod emit;
pub mod generate;
pub mod model;
pub mod openapi;

use std::path::Path;

use diagnostics::{Diagnostic, Diagnostics, SourceText};

/// A spec document as bytes, with the name diagnostics use for it.
#[derive(Debug, Clone)]
pub struct SpecFile {
    /// The name shown in diagnostics (normally the path).
    pub name: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// Reads, lowers and validates spec documents into the operation model.
pub fn build(files: &[SpecFile]) -> Result<model::Api, Diagnostics> {
    let mut diags = Vec::new();
    let mut docs = Vec::new();
    for file in files {
        match std::str::from_utf8(&file.bytes) {
            Ok(text) => docs.push(doc::read_document(
                SourceText::new(&file.name, normalized(text)),
                &mut diags,
            )),
            Err(e) => diags.push(not_utf8(file, e)),
        }
    }
    let lowered = model::lower(&docs);
    match lowered {
        Ok(api) if diags.is_empty() => Ok(api),
        Ok(_) => Err(Diagnostics(diags).sorted()),
        Err(more) => {
            diags.extend(more);
            Err(Diagnostics(diags).sorted())
        }
    }
}

/// Reads spec documents from disk and builds the operation model.
pub fn load(paths: &[impl AsRef<Path>]) -> Result<model::Api, Diagnostics> {
    let mut files = Vec::new();
    let mut diags = Vec::new();
    for path in paths {
        let name = path.as_ref().display().to_string();
        match std::fs::read(path) {
            Ok(bytes) => files.push(SpecFile { name, bytes }),
            Err(e) => diags.push(Diagnostic::file_level(
                &name,
                1,
                1,
                format!("cannot read the file: {e}"),
            )),
        }
    }
    if !diags.is_empty() {
        return Err(Diagnostics(diags));
    }
    build(&files)
}

/// The text without a byte-order mark and with every line break (`\r\n`, a lone `\r`) made
/// `\n`, so lines and columns are counted the way an editor shows them.
fn normalized(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_owned()
    }
}

fn not_utf8(file: &SpecFile, e: std::str::Utf8Error) -> Diagnostic {
    let valid = &file.bytes[..e.valid_up_to()];
    let source = SourceText::new(&file.name, String::from_utf8_lossy(valid).into_owned());
    let (line, col) = source.position(valid.len());
    let mut d = Diagnostic::file_level(&file.name, line, col, "the file is not valid UTF-8")
        .hint("save the document as UTF-8");
    d.source_line = source.line_text(line).to_string();
    d
}
