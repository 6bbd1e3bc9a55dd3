//! What `cargo xtask gen` writes and `cargo xtask check` compares: every generated file, from
//! the spec documents, with its path in the workspace: the client's code
//! ([`GENERATED_DIR`]), the mock server's operation table ([`MOCK_GENERATED_DIR`]) and the
//! OpenAPI export ([`OPENAPI_FILE`]).

use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostics;

/// The spec documents, relative to the workspace root, in the order they are read.
pub const SPEC_FILES: &[&str] = &[
    "spec/intercom.md",
    "spec/sdk-operations.md",
    "spec/models.md",
];

/// The folder the client's generated Rust lives in, relative to the workspace root.
pub const GENERATED_DIR: &str = "intercom-api/src/generated";

/// The folder the mock server's generated operation table lives in, relative to the workspace
/// root.
pub const MOCK_GENERATED_DIR: &str = "intercom-mock/src/generated";

/// The generated folders: every file in them is written by generation, so one it no longer
/// writes is stale.
pub const GENERATED_DIRS: &[&str] = &[GENERATED_DIR, MOCK_GENERATED_DIR];

/// The OpenAPI export, relative to the workspace root.
pub const OPENAPI_FILE: &str = "intercom-api/openapi.json";

/// A file to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// Relative to the workspace root.
    pub path: PathBuf,
    /// The whole contents.
    pub contents: String,
}

/// Every generated file for the spec in the workspace at `root`.
pub fn outputs(root: &Path) -> Result<Vec<Output>, Diagnostics> {
    let specs: Vec<PathBuf> = SPEC_FILES.iter().map(|f| root.join(f)).collect();
    let api = crate::load(&specs)?;
    let in_crate = |src: &'static str| {
        move |f: crate::emit::GeneratedFile| Output {
            path: Path::new(src).join(f.path),
            contents: f.contents,
        }
    };
    let (client, mock) = crate::emit::rust_and_mock(&api);
    let mut outputs: Vec<Output> = client
        .into_iter()
        .map(in_crate("intercom-api/src"))
        .chain(mock.into_iter().map(in_crate("intercom-mock/src")))
        .collect();
    outputs.push(Output {
        path: OPENAPI_FILE.into(),
        contents: crate::openapi::openapi(&api),
    });
    Ok(outputs)
}

/// Files that differ from `outputs`: changed or missing ones, and files in the generated folders
/// that generation no longer writes. Paths are relative to `root`.
pub fn stale(root: &Path, outputs: &[Output]) -> Vec<PathBuf> {
    let mut stale: Vec<PathBuf> = outputs
        .iter()
        .filter(|o| {
            std::fs::read_to_string(root.join(&o.path)).ok().as_deref() != Some(o.contents.as_str())
        })
        .map(|o| o.path.clone())
        .collect();
    stale.extend(leftovers(root, outputs));
    stale.sort();
    stale
}

/// Files in the generated folders ([`GENERATED_DIRS`]) that no output names.
pub fn leftovers(root: &Path, outputs: &[Output]) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for dir in GENERATED_DIRS {
        collect_files(&root.join(dir), &mut found);
    }
    found
        .into_iter()
        .filter_map(|p| p.strip_prefix(root).ok().map(Path::to_path_buf))
        .filter(|p| !outputs.iter().any(|o| &o.path == p))
        .collect()
}

fn collect_files(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_files(&path, found);
        } else {
            found.push(path);
        }
    }
}
