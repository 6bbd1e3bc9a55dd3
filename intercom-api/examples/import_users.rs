//! Imports users from a CSV or JSON file through the paced client, 16 at a time, with a
//! progress bar: the client sends as fast as the workspace's rate limit allows and no faster,
//! so the import meets no 429.
//!
//! ```sh
//! INTERCOM_ACCESS_TOKEN=… cargo run -p intercom-api --example import_users -- users.csv
//! ```
//!
//! A CSV file has a header line naming its columns, among `user_id`, `email`, `name` and any
//! other, which become custom attributes (values are not quoted and hold no commas). A JSON
//! file is an array of objects with the same keys. Each line or object upserts one user by
//! `user_id` or `email`.
//!
//! `INTERCOM_BASE_URL` overrides the API host. Without `INTERCOM_ACCESS_TOKEN` it imports
//! `examples/data/users.csv` (2,000 made-up users, or the file given) into intercom-mock,
//! started in-process with a fast window (250 requests per 250 ms), and says so on the first
//! line. With a token, the file must be named: nothing is imported into a real workspace by
//! default.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use futures_util::{StreamExt, stream};
use indicatif::{ProgressBar, ProgressStyle};
use intercom_api::types::CreateUserRequest;
use intercom_api::{Client, Error};
use intercom_mock::{MockServer, RateLimit};
use serde_json::{Map, Value};

const CONCURRENCY: usize = 16;
const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/users.csv");
const MOCK_LIMIT: u32 = 250;
const MOCK_WINDOW: Duration = Duration::from_millis(250);

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(code) => code,
        Err(message) => {
            eprintln!("import_users: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<ExitCode, String> {
    let file = std::env::args_os().nth(1).map(PathBuf::from);
    let token = std::env::var("INTERCOM_ACCESS_TOKEN").unwrap_or_default();
    // Without a token: intercom-mock, enforcing a rate limit fast enough to finish in seconds.
    let (client, mock, file) = if token.trim().is_empty() {
        let mock = MockServer::builder()
            .rate_limit(RateLimit {
                limit: MOCK_LIMIT,
                window: MOCK_WINDOW,
                enforce: true,
            })
            .start()
            .await
            .map_err(|err| format!("cannot start intercom-mock: {err}"))?;
        println!(
            "INTERCOM_ACCESS_TOKEN is not set: import_users runs against intercom-mock, a fake \
             Intercom enforcing {MOCK_LIMIT} requests per {MOCK_WINDOW:?} window, at {}",
            mock.url()
        );
        let client = Client::builder()
            .token("mock-token")
            .base_url(mock.url())
            .build()
            .map_err(|err| format!("cannot set up the client: {err}"))?;
        (
            client,
            Some(mock),
            file.unwrap_or_else(|| PathBuf::from(SAMPLE)),
        )
    } else {
        let Some(file) = file else {
            return Err("name the CSV or JSON file of users to import".to_owned());
        };
        let mut builder = Client::builder().token(token.trim());
        let base_url = std::env::var("INTERCOM_BASE_URL").unwrap_or_default();
        if !base_url.trim().is_empty() {
            builder = builder.base_url(base_url.trim());
        }
        let client = builder
            .build()
            .map_err(|err| format!("cannot set up the client: {err}"))?;
        (client, None, file)
    };

    let users = read_users(&file)?;
    println!("importing {} users from {}", users.len(), file.display());
    let bar = ProgressBar::new(u64::try_from(users.len()).unwrap_or(u64::MAX));
    bar.set_style(
        ProgressStyle::with_template(
            "{elapsed_precise} [{bar:40}] {pos}/{len} users, {per_sec}, {eta} left",
        )
        .map_err(|err| err.to_string())?
        .progress_chars("=> "),
    );

    let started = Instant::now();
    let failures: Vec<(String, Error)> = stream::iter(users)
        .map(|user| {
            let client = client.clone();
            let bar = bar.clone();
            async move {
                let label = user
                    .user_id
                    .clone()
                    .or_else(|| user.email.clone())
                    .unwrap_or_default();
                let result = client.create_user().request_body(user).await;
                bar.inc(1);
                result.err().map(|err| (label, err))
            }
        })
        .buffer_unordered(CONCURRENCY)
        .filter_map(|failure| async move { failure })
        .collect()
        .await;
    bar.finish_and_clear();

    let elapsed = started.elapsed();
    let imported = bar.position().saturating_sub(failures.len() as u64);
    println!(
        "imported {imported} users in {:.1} s ({:.0} a second)",
        elapsed.as_secs_f64(),
        imported as f64 / elapsed.as_secs_f64().max(0.001),
    );
    if let Some(limit) = client.last_rate_limit() {
        println!(
            "rate limit: {} per window, {} left in the last one",
            limit.limit, limit.remaining
        );
    }
    if let Some(mock) = &mock {
        println!(
            "intercom-mock answered {} requests and refused {} with 429",
            mock.request_count(),
            mock.rate_limited_count()
        );
    }
    for (label, err) in failures.iter().take(10) {
        eprintln!("  {label}: {err}");
    }
    if failures.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("{} users were not imported", failures.len());
        Ok(ExitCode::FAILURE)
    }
}

/// The users of a `.json` file (an array of objects) or of a CSV file (anything else).
fn read_users(path: &Path) -> Result<Vec<CreateUserRequest>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|err| format!("cannot read {}: {err}", path.display()))?;
    let records = if path.extension().is_some_and(|ext| ext == "json") {
        serde_json::from_str::<Vec<Map<String, Value>>>(&text)
            .map_err(|err| format!("{}: not a JSON array of objects: {err}", path.display()))?
    } else {
        read_csv(&text).map_err(|err| format!("{}: {err}", path.display()))?
    };
    records
        .into_iter()
        .enumerate()
        .map(|(index, record)| {
            user(record).ok_or_else(|| {
                format!(
                    "{}: user {} has neither a user_id nor an email",
                    path.display(),
                    index + 1
                )
            })
        })
        .collect()
}

/// The rows of a CSV text with a header line, as objects keyed by the header's names.
fn read_csv(text: &str) -> Result<Vec<Map<String, Value>>, String> {
    let mut lines = text.lines().filter(|line| !line.trim().is_empty());
    let header: Vec<&str> = lines
        .next()
        .ok_or("the file is empty")?
        .split(',')
        .map(str::trim)
        .collect();
    lines
        .enumerate()
        .map(|(index, line)| {
            let fields: Vec<&str> = line.split(',').map(str::trim).collect();
            if fields.len() != header.len() {
                return Err(format!(
                    "line {} has {} fields, the header {}",
                    index + 2,
                    fields.len(),
                    header.len()
                ));
            }
            Ok(header
                .iter()
                .zip(fields)
                .filter(|(_, value)| !value.is_empty())
                .map(|(name, value)| ((*name).to_owned(), Value::from(value)))
                .collect())
        })
        .collect()
}

/// An upsert of the user `record` describes: `user_id`, `email` and `name` as such, any other
/// key as a custom attribute. `None` when it names no one.
fn user(mut record: Map<String, Value>) -> Option<CreateUserRequest> {
    let mut text = |key: &str| match record.remove(key) {
        Some(Value::String(text)) => Some(text),
        Some(Value::Number(number)) => Some(number.to_string()),
        _ => None,
    };
    let user_id = text("user_id");
    let email = text("email");
    let name = text("name");
    if user_id.is_none() && email.is_none() {
        return None;
    }
    Some(CreateUserRequest {
        user_id,
        email,
        name,
        custom_attributes: (!record.is_empty()).then_some(record),
        ..Default::default()
    })
}
