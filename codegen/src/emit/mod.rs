//! Operation model -> Rust source.
//!
//! [`rust`] turns an [`Api`] into the files of `intercom-api/src/generated/` (the client), and
//! [`mock()`] into those of `intercom-mock/src/generated/` (the fake server's operation table):
//! tokens built with `quote`, parsed as a `syn::File` and printed by prettyplease. The output
//! depends only on the model, so the same model always gives the same bytes. The modules are
//! marked `#[rustfmt::skip]`, so `cargo fmt` keeps prettyplease's layout and the committed files
//! stay equal to a fresh generation.

mod areas;
mod body;
mod docs;
mod format;
mod mock;
mod names;
mod operations;
mod plan;
mod types;
mod unbound;

use quote::quote;

use crate::model::Api;
use plan::Plan;

/// A generated file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// The path relative to the crate's `src` folder, with `/` separators
    /// (`generated/types.rs`).
    pub path: String,
    /// The file's text.
    pub contents: String,
}

/// The path of the Markdown list of operations without a method, relative to
/// `intercom-api/src`; the crate docs include it with `#![doc = include_str!(…)]`.
pub const UNBOUND_DOC_PATH: &str = "generated/unbound.md";

/// Generates the Rust client code for `api`, sorted by path.
pub fn rust(api: &Api) -> Vec<GeneratedFile> {
    let plan = Plan::new(api);
    let module_doc = docs::inner_attrs(
        "Code generated from the spec: the models ([`types`]) and one method per operation\n\
         ([`operations`]).\n\n\
         prettyplease formats these files when they are generated; rustfmt leaves them alone.",
    );
    let mod_rs = quote! {
        #module_doc
        #[rustfmt::skip]
        pub mod operations;
        #[rustfmt::skip]
        pub mod types;
    };
    let mut files = vec![GeneratedFile {
        path: "generated/mod.rs".to_owned(),
        contents: format::rust_file(mod_rs),
    }];
    for (dir, areas, module) in [
        (
            "operations",
            operations::files(&plan),
            operations::module as fn(&[String]) -> _,
        ),
        ("types", types::files(&plan), types::module),
    ] {
        let names: Vec<String> = areas.iter().map(|(area, _)| area.clone()).collect();
        files.push(GeneratedFile {
            path: format!("generated/{dir}/mod.rs"),
            contents: format::rust_file(module(&names)),
        });
        files.extend(areas.into_iter().map(|(area, tokens)| GeneratedFile {
            path: format!("generated/{dir}/{area}.rs"),
            contents: format::rust_file(tokens),
        }));
    }
    files.push(GeneratedFile {
        path: UNBOUND_DOC_PATH.to_owned(),
        contents: unbound::markdown(api),
    });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// Generates the operation table of `intercom-mock` for `api`, sorted by path; paths are
/// relative to `intercom-mock/src`.
///
/// `generated/operations.rs` holds `OPERATIONS`, every operation with an HTTP call in document
/// order, and `SCHEMAS`, every schema sorted by name, written in the types of the mock's
/// hand-written `src/spec.rs`. Parameters and `one_of` use wire names.
pub fn mock(api: &Api) -> Vec<GeneratedFile> {
    mock::files(api)
}
