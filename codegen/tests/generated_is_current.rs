//! The committed generated files are what the spec produces now, and producing them is
//! deterministic.

use std::path::Path;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

#[test]
fn committed_output_is_current() {
    let outputs = codegen::generate::outputs(root()).unwrap_or_else(|d| panic!("{d}"));
    let stale = codegen::generate::stale(root(), &outputs);
    assert!(
        stale.is_empty(),
        "generated files are stale; run `cargo xtask gen`:\n{}",
        stale
            .iter()
            .map(|p| format!("  {}\n", p.display()))
            .collect::<String>()
    );
}

#[test]
fn generating_twice_gives_identical_bytes() {
    let first = codegen::generate::outputs(root()).unwrap_or_else(|d| panic!("{d}"));
    let second = codegen::generate::outputs(root()).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(first.len(), second.len());
    for (a, b) in first.iter().zip(&second) {
        assert_eq!(a.path, b.path);
        assert!(
            a.contents == b.contents,
            "{} differs between two runs",
            a.path.display()
        );
    }
}

#[test]
fn the_mock_table_is_generated() {
    let outputs = codegen::generate::outputs(root()).unwrap_or_else(|d| panic!("{d}"));
    for name in ["mod.rs", "operations.rs"] {
        let path = Path::new(codegen::generate::MOCK_GENERATED_DIR).join(name);
        assert!(
            outputs.iter().any(|o| o.path == path),
            "{} is not generated",
            path.display()
        );
    }
}

/// A changed file, a missing one and files generation no longer writes, in both generated
/// folders, are all named.
#[test]
fn a_stale_file_is_named() {
    let dir = std::env::temp_dir().join(format!("intercom-stale-{}", std::process::id()));
    let generated = dir.join(codegen::generate::GENERATED_DIR);
    std::fs::create_dir_all(&generated).expect("temp dir");
    let outputs = vec![
        codegen::generate::Output {
            path: Path::new(codegen::generate::GENERATED_DIR).join("types.rs"),
            contents: "fresh\n".into(),
        },
        codegen::generate::Output {
            path: Path::new(codegen::generate::MOCK_GENERATED_DIR).join("operations.rs"),
            contents: "missing\n".into(),
        },
    ];
    std::fs::write(generated.join("types.rs"), "old\n").expect("write");
    std::fs::write(generated.join("gone.rs"), "left over\n").expect("write");
    let mock = dir.join(codegen::generate::MOCK_GENERATED_DIR);
    std::fs::create_dir_all(&mock).expect("temp dir");
    std::fs::write(mock.join("old_table.rs"), "left over\n").expect("write");
    let stale = codegen::generate::stale(&dir, &outputs);
    let _ = std::fs::remove_dir_all(&dir);
    let names: Vec<String> = stale.iter().map(|p| p.display().to_string()).collect();
    assert_eq!(
        names,
        [
            "intercom-api/src/generated/gone.rs",
            "intercom-api/src/generated/types.rs",
            "intercom-mock/src/generated/old_table.rs",
            "intercom-mock/src/generated/operations.rs"
        ]
    );
}
