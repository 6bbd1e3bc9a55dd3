//! Random mutations of the real spec never make the front end panic, and every diagnostic
//! points inside the file it names.

use codegen::SpecFile;
use proptest::prelude::*;

/// The real spec documents, by name.
fn spec() -> Vec<SpecFile> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    codegen::generate::SPEC_FILES
        .iter()
        .map(|name| SpecFile {
            name: (*name).into(),
            bytes: std::fs::read(root.join(name)).unwrap_or_else(|e| panic!("{name}: {e}")),
        })
        .collect()
}

#[derive(Debug, Clone)]
enum Mutation {
    Delete(usize),
    Swap(usize, usize),
    Duplicate(usize),
    Bytes(usize, Vec<u8>),
    Truncate(usize),
    /// A line's `\n` becomes `\r\n` or a lone `\r`.
    LineEnd(usize, bool),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::Delete),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::Swap(a, b)),
        any::<usize>().prop_map(Mutation::Duplicate),
        (any::<usize>(), proptest::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(a, b)| Mutation::Bytes(a, b)),
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), any::<bool>()).prop_map(|(i, lone)| Mutation::LineEnd(i, lone)),
    ]
}

fn apply(bytes: &[u8], mutations: &[Mutation]) -> Vec<u8> {
    let mut lines: Vec<Vec<u8>> = bytes
        .split_inclusive(|&b| b == b'\n')
        .map(<[u8]>::to_vec)
        .collect();
    for m in mutations {
        let n = lines.len().max(1);
        match m {
            Mutation::Delete(i) if !lines.is_empty() => {
                lines.remove(i % n);
            }
            Mutation::Swap(a, b) if !lines.is_empty() => lines.swap(a % n, b % n),
            Mutation::Duplicate(i) if !lines.is_empty() => {
                let line = lines[i % n].clone();
                lines.insert(i % n, line);
            }
            Mutation::Bytes(i, junk) if !lines.is_empty() => {
                let line = &mut lines[i % n];
                let at = i % (line.len() + 1);
                line.splice(at..at, junk.iter().copied());
            }
            Mutation::LineEnd(i, lone) if !lines.is_empty() => {
                let line = &mut lines[i % n];
                if line.last() == Some(&b'\n') {
                    line.pop();
                    line.extend_from_slice(if *lone { b"\r" } else { b"\r\n" });
                }
            }
            Mutation::Truncate(i) if !lines.is_empty() => {
                let line = &mut lines[i % n];
                line.truncate(i % (line.len() + 1));
            }
            _ => {}
        }
    }
    lines.concat()
}

/// The documents in the format's other habits (`tests/fixtures/habits`).
fn habits() -> Vec<SpecFile> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/habits");
    ["operations.md", "models.md"]
        .iter()
        .map(|name| SpecFile {
            name: format!("habits/{name}"),
            bytes: std::fs::read(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}")),
        })
        .collect()
}

/// Lines as an editor counts them: `\n`, `\r\n` and a lone `\r` each end one.
fn line_count(bytes: &[u8]) -> usize {
    let text = String::from_utf8_lossy(bytes)
        .replace("\r\n", "\n")
        .replace('\r', "\n");
    text.split('\n').count()
}

/// Building never panics, and every diagnostic points inside the file it names.
fn check(files: &[SpecFile]) -> Result<(), TestCaseError> {
    if let Err(diags) = codegen::build(files) {
        prop_assert!(!diags.0.is_empty());
        for d in &diags.0 {
            let lines = files
                .iter()
                .find(|f| f.name == d.file)
                .map_or(0, |f| line_count(&f.bytes));
            prop_assert!(d.line >= 1 && d.line <= lines, "{d}");
            prop_assert!(d.col >= 1);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_spec_never_panics(mutations in proptest::collection::vec(mutation(), 1..6), target in 0..codegen::generate::SPEC_FILES.len()) {
        let mut files = spec();
        files[target].bytes = apply(&files[target].bytes, &mutations);
        check(&files)?;
    }

    #[test]
    fn mutated_habits_never_panic(mutations in proptest::collection::vec(mutation(), 1..6), target in 0..2usize) {
        let mut files = habits();
        files[target].bytes = apply(&files[target].bytes, &mutations);
        check(&files)?;
    }
}
