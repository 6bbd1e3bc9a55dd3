//! Recording mode: with the environment variable `INTERCOM_MOCK_RECORD` naming a directory,
//! every answer of every mock in the process is appended to `<dir>/mock-<pid>.jsonl`, one JSON
//! object per line:
//!
//! ```json
//! {"operation": "get_user", "method": "GET", "path": "/users/1", "query": [["k", "v"]],
//!  "request": null, "status": 200, "response": {"type": "user", ...}}
//! ```
//!
//! `operation` is the operation the request was routed to (`null` when it was not routed: an
//! unknown path, or a refusal before routing); `request` is the JSON body sent (`null` when
//! there was none or it was not JSON); `response` the JSON answered (`null` for an empty
//! body). The project's CI runs the mock's test suite with it to check every answer against
//! the OpenAPI export.
//!
//! Without the variable nothing is written. A directory that cannot be created or a file that
//! cannot be written turns recording off with one message on stderr; the mock still answers.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

use serde_json::{Value, json};

use crate::call::Outcome;
use crate::routing;

/// The environment variable naming the directory answers are recorded in.
pub const RECORD_ENV: &str = "INTERCOM_MOCK_RECORD";

/// The process's recording file, opened on first use; `None` when not recording.
fn file() -> Option<&'static Mutex<File>> {
    static FILE: OnceLock<Option<Mutex<File>>> = OnceLock::new();
    FILE.get_or_init(|| {
        let dir = PathBuf::from(std::env::var_os(RECORD_ENV)?);
        let path = dir.join(format!("mock-{}.jsonl", std::process::id()));
        let opened = std::fs::create_dir_all(&dir)
            .and_then(|()| OpenOptions::new().create(true).append(true).open(&path));
        match opened {
            Ok(file) => Some(Mutex::new(file)),
            Err(err) => {
                eprintln!("intercom-mock: not recording to {}: {err}", path.display());
                None
            }
        }
    })
    .as_ref()
}

/// Appends one exchange when recording.
pub(crate) fn record(
    parts: &hyper::http::request::Parts,
    body: Option<&[u8]>,
    outcome: &Outcome,
    request_id: &str,
) {
    let Some(file) = file() else {
        return;
    };
    let method = parts.method.as_str();
    let path = parts.uri.path();
    let query: Vec<(String, String)> = parts
        .uri
        .query()
        .map(|q| {
            url::form_urlencoded::parse(q.as_bytes())
                .into_owned()
                .collect()
        })
        .unwrap_or_default();
    let operation = routing::route(method, path, &query)
        .ok()
        .map(|route| route.op.name);
    let request = body
        .filter(|b| !b.is_empty())
        .and_then(|b| serde_json::from_slice::<Value>(b).ok());
    let (status, response) = match outcome {
        Ok(reply) => (reply.status, reply.json()),
        Err(fault) => (fault.status, Some(fault.body(request_id))),
    };
    let mut line = json!({
        "operation": operation,
        "method": method,
        "path": path,
        "query": query,
        "request": request,
        "status": status,
        "response": response,
    })
    .to_string();
    line.push('\n');
    // One write per line on an append-mode file: lines of concurrent tests never interleave.
    let mut file = file
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Err(err) = file.write_all(line.as_bytes()) {
        eprintln!("intercom-mock: recording an answer failed: {err}");
    }
}
