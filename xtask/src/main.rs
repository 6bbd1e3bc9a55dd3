//! Project tasks: `cargo xtask model FILE...`, `cargo xtask gen`, `cargo xtask check`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("model") if args.len() > 1 => model(&args[1..]),
        _ => {
            eprintln!(
                "usage: cargo xtask model FILE...   print the operation model of spec documents as JSON"
            );
            ExitCode::from(2)
        }
    }
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

/// The workspace root (xtask lives one level below it).
#[allow(dead_code)]
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}
