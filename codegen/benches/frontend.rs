//! The front end (read + lower, what `cargo xtask model` runs) on synthetic documents of 1k,
//! 5k and 10k operations in the shape of the format's corpus: descriptions with bold prose and
//! prose headings, path, query, hyphenated and header parameters, and JSON bodies with nested
//! objects and enums. Time and memory should grow linearly with the number of operations: read
//! the time per operation and the peak heap per operation across the three sizes.
//!
//! The baseline is one pulldown-cmark pass over the same text, the floor for anything that
//! reads Markdown.
//!
//! `cargo bench -p codegen --bench frontend`

use std::hint::black_box;

use codegen::SpecFile;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use peak_alloc::PeakAlloc;
use pulldown_cmark::{Options, Parser};

/// The system allocator, counting the bytes in use and their peak.
#[global_allocator]
static ALLOCATOR: PeakAlloc = PeakAlloc;

const SIZES: [usize; 3] = [1_000, 5_000, 10_000];

/// One operation in the corpus's shape; `i` makes its names and its body's shape unique.
fn operation(i: usize) -> String {
    format!(
        r#"## resources.r{i}.update

Update resource {i}.

**Note:** changes are visible within a minute.

**Endpoint:** `PUT /resources/{{id}}/items/{{item_id}}`

**Returns:** `Resource`

<details><summary>Parameters</summary>

## URI Parameters

### id (required)

The resource.

**Type:** string

### item_id (required)

**Type:** integer

### start-date

**Type:** date-time

### include[]

**Type:** array

### X-Request-Id

**Type:** string

### $body

**Type:** object

```json
{{
  "name" : "string. The name",
  "created_at" : "The time it was created",
  "kind" : "string. Possible values: a{i} | b | c",
  "settings" : {{ "level{i}" : "integer", "label" : "Phone" }},
  "tags" : [ "string" ]
}}
```

</details>
"#
    )
}

fn document(operations: usize) -> String {
    let mut text = String::from("---\ntitle: Synthetic API\n---\n\n");
    for i in 0..operations {
        text.push_str(&operation(i));
        text.push('\n');
    }
    text
}

const MODELS: &str = "---\ntitle: Models\n---\n\n## Resource\n\nA resource.\n\n```json\n{ \"id\" : \"string. The id\" }\n```\n";

fn files(text: &str) -> [SpecFile; 2] {
    [
        SpecFile {
            name: "ops.md".into(),
            bytes: text.as_bytes().to_vec(),
        },
        SpecFile {
            name: "models.md".into(),
            bytes: MODELS.as_bytes().to_vec(),
        },
    ]
}

/// The peak heap of building the model, above what was in use before.
fn peak_bytes(files: &[SpecFile]) -> usize {
    let before = ALLOCATOR.current_usage();
    ALLOCATOR.reset_peak_usage();
    let api = codegen::build(files).unwrap_or_else(|d| panic!("{d}"));
    let peak = ALLOCATOR.peak_usage().saturating_sub(before);
    drop(black_box(api));
    peak
}

fn frontend(c: &mut Criterion) {
    let mut group = c.benchmark_group("frontend");
    group.sample_size(10);
    for size in SIZES {
        let text = document(size);
        let files = files(&text);
        let peak = peak_bytes(&files);
        println!(
            "frontend {size} operations: {} bytes of Markdown, peak heap {:.1} MiB ({:.1} KiB per operation)",
            text.len(),
            peak as f64 / (1024.0 * 1024.0),
            peak as f64 / 1024.0 / size as f64
        );
        group.throughput(Throughput::Elements(size as u64));
        group.bench_with_input(
            BenchmarkId::new("baseline_markdown_pass", size),
            &text,
            |b, text| {
                b.iter(|| {
                    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
                    black_box(Parser::new_ext(text, options).count())
                })
            },
        );
        group.bench_with_input(
            BenchmarkId::new("read_and_lower", size),
            &files,
            |b, files| b.iter(|| black_box(codegen::build(files).map(|api| api.operations.len()))),
        );
    }
    group.finish();
}

criterion_group!(benches, frontend);
criterion_main!(benches);
