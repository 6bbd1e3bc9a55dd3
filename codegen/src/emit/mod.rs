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
    let mut files = finish(api, format::rust_files(rust_tokens(api)));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// The client's files and the mock's (paths relative to each crate's `src`), formatted
/// together so that every core has work: what [`rust`] and [`mock()`] give, in one pass.
pub fn rust_and_mock(api: &Api) -> (Vec<GeneratedFile>, Vec<GeneratedFile>) {
    let client = rust_tokens(api);
    let split = client.len();
    let mut formatted = format::rust_files(client.into_iter().chain(mock::tokens(api)).collect());
    let mock = formatted
        .split_off(split)
        .into_iter()
        .map(|(path, contents)| GeneratedFile { path, contents })
        .collect();
    let mut client = finish(api, formatted);
    client.sort_by(|a, b| a.path.cmp(&b.path));
    (client, mock)
}

/// The formatted Rust files with the Markdown list of operations without a method.
fn finish(api: &Api, formatted: Vec<(String, String)>) -> Vec<GeneratedFile> {
    let mut files: Vec<GeneratedFile> = formatted
        .into_iter()
        .map(|(path, contents)| GeneratedFile { path, contents })
        .collect();
    files.push(GeneratedFile {
        path: UNBOUND_DOC_PATH.to_owned(),
        contents: unbound::markdown(api),
    });
    files
}

/// The tokens of the client's Rust files, by path, before formatting.
fn rust_tokens(api: &Api) -> Vec<(String, proc_macro2::TokenStream)> {
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
    let mut rust_files = vec![("generated/mod.rs".to_owned(), mod_rs)];
    for (dir, areas, module) in [
        (
            "operations",
            operations::files(&plan),
            operations::module as fn(&[String]) -> _,
        ),
        ("types", types::files(&plan), types::module),
    ] {
        let names: Vec<String> = areas.iter().map(|(area, _)| area.clone()).collect();
        rust_files.push((format!("generated/{dir}/mod.rs"), module(&names)));
        rust_files.extend(
            areas
                .into_iter()
                .map(|(area, tokens)| (format!("generated/{dir}/{area}.rs"), tokens)),
        );
    }
    rust_files
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
