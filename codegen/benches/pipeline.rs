//! The generator on the real spec: the whole pipeline and each stage, beside the cost of
//! reading the same files and running a plain pulldown-cmark pass over them.
//!
//! `cargo bench -p codegen --bench pipeline`

use std::hint::black_box;
use std::path::{Path, PathBuf};

use codegen::diagnostics::SourceText;
use codegen::generate::SPEC_FILES;
use criterion::{Criterion, criterion_group, criterion_main};
use pulldown_cmark::{Options, Parser};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

fn spec_paths() -> Vec<PathBuf> {
    let root = root();
    SPEC_FILES.iter().map(|file| root.join(file)).collect()
}

fn read_texts(paths: &[PathBuf]) -> Vec<(String, String)> {
    paths
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path)
                .unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()));
            (path.display().to_string(), text)
        })
        .collect()
}

fn read_documents(texts: &[(String, String)]) -> Vec<codegen::doc::Document> {
    let mut diags = Vec::new();
    let docs = texts
        .iter()
        .map(|(name, text)| {
            codegen::doc::read_document(SourceText::new(name.as_str(), text.as_str()), &mut diags)
        })
        .collect();
    if !diags.is_empty() {
        eprintln!("the spec has problems: {diags:?}");
    }
    docs
}

fn pipeline(c: &mut Criterion) {
    let root = root();
    let paths = spec_paths();
    let texts = read_texts(&paths);
    let docs = read_documents(&texts);
    let api = codegen::model::lower(&docs).unwrap_or_else(|diags| panic!("{diags:?}"));
    let files = codegen::emit::rust(&api);
    let bytes: usize = texts.iter().map(|(_, text)| text.len()).sum();
    println!(
        "spec: {} files, {bytes} bytes; {} operations, {} schemas; emitted {} files, {} bytes",
        texts.len(),
        api.operations.len(),
        api.schemas.len(),
        files.len(),
        files.iter().map(|f| f.contents.len()).sum::<usize>(),
    );

    let mut group = c.benchmark_group("codegen");
    group.sample_size(20);
    group.warm_up_time(std::time::Duration::from_secs(1));
    group.measurement_time(std::time::Duration::from_secs(4));

    // Baseline: the files from disk and one pulldown-cmark pass with the options the reader uses.
    group.bench_function("baseline_read_files_and_markdown_pass", |b| {
        b.iter(|| {
            let texts = read_texts(black_box(&paths));
            let events: usize = texts
                .iter()
                .map(|(_, text)| {
                    Parser::new_ext(text, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH)
                        .into_offset_iter()
                        .count()
                })
                .sum();
            black_box(events)
        })
    });

    // Everything `cargo xtask gen` computes: files -> Rust files + OpenAPI text.
    group.bench_function("whole_pipeline", |b| {
        b.iter(|| {
            let outputs = codegen::generate::outputs(black_box(&root));
            black_box(outputs.map(|o| o.len()).unwrap_or(0))
        })
    });

    group.bench_function("stage_read_documents", |b| {
        b.iter(|| black_box(read_documents(black_box(&texts))).len())
    });

    group.bench_function("stage_lower", |b| {
        b.iter(|| {
            let api = codegen::model::lower(black_box(&docs));
            black_box(api.map(|api| api.operations.len()).unwrap_or(0))
        })
    });

    // `emit::rust` builds the tokens and formats them (syn + prettyplease) in one call; the
    // formatting is not exposed on its own, so it is included here.
    group.bench_function("stage_emit_rust_including_format", |b| {
        b.iter(|| black_box(codegen::emit::rust(black_box(&api))).len())
    });

    // An estimate of the formatting share: parse the emitted Rust text and print it again with
    // prettyplease, as the emitter does with its tokens.
    let rust_files: Vec<&str> = files
        .iter()
        .filter(|f| f.path.ends_with(".rs"))
        .map(|f| f.contents.as_str())
        .collect();
    group.bench_function("approx_format_reparse_and_print_output", |b| {
        b.iter(|| {
            let printed: usize = rust_files
                .iter()
                .map(|text| match syn::parse_file(text) {
                    Ok(file) => prettyplease::unparse(&file).len(),
                    Err(_) => 0,
                })
                .sum();
            black_box(printed)
        })
    });

    group.bench_function("stage_openapi", |b| {
        b.iter(|| black_box(codegen::openapi::openapi(black_box(&api))).len())
    });

    group.finish();
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
