//! Bulk jobs (the legacy Bulk API): user upserts and archives, and events, submitted in
//! batches and run in the background; their state, and the items that failed.
//!
//! A job's progress is driven by reading it, so tests see every state: a submission answers
//! the job `pending`; the next `GET /jobs/{id}` answers it `running`; the one after runs
//! every item submitted so far, in order, and answers it `completed`. Items may be added
//! (`job: {id}`) until the job completes. Items that fail (a user item naming no one, an
//! event without `event_name`…) go to the job's error feed, `GET /jobs/{id}/error`.

use serde_json::{Value, json};

use super::contacts::{PERSON_KEYS, find, names_someone, stored_id, user_not_found};
use super::{events, users};
use crate::call::{Call, Outcome, Reply, text};
use crate::fault::Fault;
use crate::lists;
use crate::state::{Records, State};

/// How long after its creation a job stops taking items, in seconds (`closing_at`).
const OPEN_FOR: i64 = 15 * 60;

/// The items of a bulk job still to run, and those that failed.
#[derive(Debug, Clone, Default)]
pub struct JobItems {
    /// What the job's items are: `user` or `event`.
    pub data_type: &'static str,
    /// Items submitted and not yet run, in order.
    pub pending: Vec<Value>,
    /// The failed items, as the error feed shows them, in the order they ran.
    pub failed: Vec<Value>,
}

fn jobs(state: &mut State) -> &mut Records {
    &mut state.jobs
}

/// 404 `not_found` for a job.
fn not_found() -> Fault {
    Fault::not_found("Job Not Found")
}

/// `POST /bulk/users`: user items, `post` (an upsert, as `POST /users` takes it) or `delete`
/// (an archive of the user the data names by `id`, `user_id` or `email`; no `user.deleted`
/// is sent for it, as Intercom sends none for bulk archiving).
pub fn submit_bulk_user_job(state: &mut State, call: &Call) -> Outcome {
    submit(state, call, "user")
}

/// `POST /bulk/events`: event items, each `post`ing one event as `POST /events` takes it.
pub fn submit_bulk_event_job(state: &mut State, call: &Call) -> Outcome {
    submit(state, call, "event")
}

/// Adds the body's items to the open job `job.id` names, or to a new job; answers the job.
fn submit(state: &mut State, call: &Call, data_type: &'static str) -> Outcome {
    let items: Vec<Value> = call
        .body
        .get("items")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if items.is_empty() {
        return Err(Fault::missing("items").with_message("A bulk job needs at least one item"));
    }
    let job_id = match call
        .body
        .get("job")
        .and_then(|job| job.get("id"))
        .and_then(text)
    {
        Some(id) => {
            let job = state
                .jobs
                .get(&id)
                .ok_or_else(|| not_found().on("job.id"))?;
            if job["state"].as_str() == Some("completed") {
                return Err(Fault::bad_request("The job is closed: it has completed")
                    .with_code("job_closed")
                    .on("job.id"));
            }
            let takes = state.job_items.get(&id).map(|work| work.data_type);
            if takes != Some(data_type) {
                return Err(Fault::invalid(
                    "job.id",
                    format!(
                        "The job takes {} items, not {data_type} items",
                        takes.unwrap_or("other")
                    ),
                ));
            }
            id
        }
        None => create(state, call, data_type),
    };
    let (_, task_id) = state.next_id();
    let task_id = format!("task_{task_id}");
    let count = items.len();
    if let Some(work) = state.job_items.get_mut(&job_id) {
        work.pending.extend(items);
    }
    let now = call.now;
    if let Some(seq) = state.jobs.seq_of("id", &job_id) {
        state.jobs.update(seq, |job| {
            let running = job["state"].as_str() == Some("running");
            if let Some(tasks) = job["tasks"].as_array_mut() {
                tasks.push(json!({
                    "id": task_id,
                    "item_count": count,
                    "state": if running { "running" } else { "pending" },
                    "created_at": now,
                    "started_at": if running { json!(now) } else { Value::Null },
                    "completed_at": null,
                }));
            }
            job["updated_at"] = json!(now);
        });
    }
    get(state, &job_id)
}

/// A new, empty, pending job for `data_type` items; returns its id.
fn create(state: &mut State, call: &Call, data_type: &'static str) -> String {
    let (_, hex) = state.next_id();
    let id = format!("job_{hex}");
    let job = json!({
        "type": "job",
        "id": id,
        "app_id": state.app_id(),
        "name": "api_bulk_job",
        "state": "pending",
        "created_at": call.now,
        "updated_at": call.now,
        "completed_at": null,
        "closing_at": call.now + OPEN_FOR,
        "links": {
            "error": format!("{}/jobs/{id}/error", call.base_url),
            "self": format!("{}/jobs/{id}", call.base_url),
        },
        "tasks": [],
    });
    state.job_items.insert(
        id.clone(),
        JobItems {
            data_type,
            ..JobItems::default()
        },
    );
    state.create(jobs, job)
}

/// `GET /jobs/{id}`: moves the job one step on (`pending` to `running`; `running` to
/// `completed`, running its items) and answers it.
pub fn get_job(state: &mut State, call: &Call) -> Outcome {
    let id = call.path_param("id");
    let seq = state.jobs.seq_of("id", id).ok_or_else(not_found)?;
    let now = call.now;
    let current = state.jobs.by_seq(seq).map(|job| job["state"].clone());
    match current.as_ref().and_then(Value::as_str) {
        Some("pending") => {
            state.jobs.update(seq, |job| step(job, "running", now));
        }
        Some("running") => {
            run(state, id, now);
            state.jobs.update(seq, |job| step(job, "completed", now));
        }
        _ => {}
    }
    get(state, id)
}

/// Sets the job and its unfinished tasks to `to` (`running` or `completed`) at `now`.
fn step(job: &mut Value, to: &str, now: i64) {
    job["state"] = json!(to);
    job["updated_at"] = json!(now);
    if to == "completed" {
        job["completed_at"] = json!(now);
    }
    if let Some(tasks) = job["tasks"].as_array_mut() {
        for task in tasks {
            if task["state"].as_str() == Some("completed") {
                continue;
            }
            if task["started_at"].is_null() {
                task["started_at"] = json!(now);
            }
            task["state"] = json!(to);
            if to == "completed" {
                task["completed_at"] = json!(now);
            }
        }
    }
}

/// Runs the job's pending items in order; the failed ones go to its error feed.
fn run(state: &mut State, id: &str, now: i64) {
    let Some(work) = state.job_items.get_mut(id) else {
        return;
    };
    let data_type = work.data_type;
    let pending = std::mem::take(&mut work.pending);
    let mut failed = Vec::new();
    for item in pending {
        let outcome = match data_type {
            "user" => run_user_item(state, &item, now),
            _ => run_event_item(state, &item, now),
        };
        if let Err(fault) = outcome {
            let (_, item_id) = state.next_id();
            failed.push(json!({
                "type": "job_item",
                "id": format!("job_item_{item_id}"),
                "updated_at": now,
                "method": item.get("method"),
                "data_type": item.get("data_type"),
                "data": item.get("data"),
                "error": { "code": fault.code, "message": fault.message },
            }));
        }
    }
    if let Some(work) = state.job_items.get_mut(id) {
        work.failed.extend(failed);
    }
}

/// The `data` of an item that is `data_type` data, or why not.
fn data<'a>(item: &'a Value, data_type: &str) -> Result<&'a Value, Fault> {
    if item.get("data_type").and_then(Value::as_str) != Some(data_type) {
        return Err(Fault::invalid(
            "data_type",
            format!("data_type must be {data_type}"),
        ));
    }
    item.get("data")
        .filter(|data| data.is_object())
        .ok_or_else(|| Fault::missing("data"))
}

fn run_user_item(state: &mut State, item: &Value, now: i64) -> Result<(), Fault> {
    let data = data(item, "user")?;
    match item.get("method").and_then(Value::as_str) {
        Some("post") => users::upsert(state, data, now).map(drop),
        Some("delete") => {
            if !names_someone(data, PERSON_KEYS) {
                return Err(Fault::missing("user_id")
                    .with_message("A delete item needs an id, a user_id or an email"));
            }
            let seq = find(&state.users, data, PERSON_KEYS).ok_or_else(user_not_found)?;
            let id = stored_id(&state.users, seq);
            users::archive(state, &id).map(drop)
        }
        _ => Err(Fault::invalid("method", "method must be post or delete")),
    }
}

fn run_event_item(state: &mut State, item: &Value, now: i64) -> Result<(), Fault> {
    let data = data(item, "event")?;
    if item.get("method").and_then(Value::as_str) != Some("post") {
        return Err(Fault::invalid(
            "method",
            "Events can only be created: method must be post",
        ));
    }
    events::record(state, data, now)
}

/// `GET /jobs/{id}/error`: a page of the job's failed items, in the order they ran.
pub fn list_job_errors(state: &mut State, call: &Call) -> Outcome {
    let id = call.path_param("id");
    state.jobs.get(id).ok_or_else(not_found)?;
    let failed = state.job_items.get(id).map(|work| &work.failed);
    let mut reply = lists::page(call, "job_item.list", failed.into_iter().flatten())?;
    if let Some(body) = reply.body.as_mut() {
        body["app_id"] = json!(state.app_id());
        body["job_id"] = json!(id);
    }
    Ok(reply)
}

fn get(state: &State, id: &str) -> Outcome {
    Ok(Reply::ok(
        state.jobs.get(id).cloned().ok_or_else(not_found)?,
    ))
}
