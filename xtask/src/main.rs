//! Project tasks:
//!
//! - `cargo xtask gen` regenerates, from `spec/`, the client's `intercom-api/src/generated/`, the
//!   OpenAPI export and the mock server's operation table (`intercom-mock/src/generated/`);
//! - `cargo xtask check` fails, naming the files, when the committed output is stale;
//! - `cargo xtask model FILE...` prints the operation model of spec documents as JSON.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen::generate::{self, Output};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("gen") if args.len() == 1 => generate_files(&workspace_root()),
        Some("check") if args.len() == 1 => check(&workspace_root()),
        Some("model") if args.len() > 1 => model(&args[1..]),
        _ => {
            eprintln!(
                "usage:\n  cargo xtask gen            regenerate the client and the mock table from spec/\n  \
                 cargo xtask check          fail if the generated files are stale\n  \
                 cargo xtask model FILE...  print the operation model of spec documents as JSON"
            );
            ExitCode::from(2)
        }
    }
}

/// Writes every generated file and removes generated files that are no longer produced.
fn generate_files(root: &Path) -> ExitCode {
    let Some(outputs) = outputs(root) else {
        return ExitCode::FAILURE;
    };
    let mut written = 0;
    for output in &outputs {
        let path = root.join(&output.path);
        if std::fs::read_to_string(&path).ok().as_deref() == Some(output.contents.as_str()) {
            continue;
        }
        if let Err(e) = write(&path, &output.contents) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        println!("wrote {}", output.path.display());
        written += 1;
    }
    for leftover in generate::leftovers(root, &outputs) {
        if let Err(e) = std::fs::remove_file(root.join(&leftover)) {
            eprintln!("error: cannot remove {}: {e}", leftover.display());
            return ExitCode::FAILURE;
        }
        println!("removed {}", leftover.display());
    }
    if written == 0 {
        println!("generated files are up to date ({} files)", outputs.len());
    }
    ExitCode::SUCCESS
}

/// Exits non-zero, naming the stale files, when the committed output differs from a fresh run.
fn check(root: &Path) -> ExitCode {
    let Some(outputs) = outputs(root) else {
        return ExitCode::FAILURE;
    };
    let stale = generate::stale(root, &outputs);
    if stale.is_empty() {
        println!("generated files are up to date ({} files)", outputs.len());
        return ExitCode::SUCCESS;
    }
    eprintln!("error: generated files are stale; run `cargo xtask gen`:");
    for path in stale {
        eprintln!("  {}", path.display());
    }
    ExitCode::FAILURE
}

fn outputs(root: &Path) -> Option<Vec<Output>> {
    match generate::outputs(root) {
        Ok(outputs) => Some(outputs),
        Err(diags) => {
            eprintln!("{diags}");
            None
        }
    }
}

fn write(path: &Path, contents: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, contents)
}

/// Prints the operation model of `files` as JSON, or the diagnostics.
fn model(files: &[String]) -> ExitCode {
    match codegen::load(files) {
        Ok(api) => match serde_json::to_string_pretty(&api) {
            Ok(json) => {
                println!("{json}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: cannot print the model: {e}");
                ExitCode::FAILURE
            }
        },
        Err(diags) => {
            eprintln!("{diags}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root: xtask lives one level below it.
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}
