//! Helpers shared by the per-operation tests: a loopback server with one canned answer, a
//! client pointed at it, an exact check of what the client sent, and typical response
//! objects.

#![allow(dead_code)]

use intercom_api::{Client, RetryPolicy};
use serde_json::{Value, json};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The access token every test client uses.
pub const TOKEN: &str = "test-token";

/// A server answering every request with `status` and the JSON `body`.
pub async fn serve_json(status: u16, body: Value) -> MockServer {
    serve(ResponseTemplate::new(status).set_body_json(body)).await
}

/// A server answering every request with `status` and an empty body.
pub async fn serve_empty(status: u16) -> MockServer {
    serve(ResponseTemplate::new(status)).await
}

async fn serve(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

/// A client for `server`, without retries.
pub fn client(server: &MockServer) -> Client {
    Client::builder()
        .token(TOKEN)
        .base_url(server.uri())
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap_or_else(|err| panic!("client for {}: {err}", server.uri()))
}

/// Every request `server` received, in order.
pub async fn requests(server: &MockServer) -> Vec<wiremock::Request> {
    server
        .received_requests()
        .await
        .expect("request recording is enabled")
}

/// Asserts that `server` received exactly one request, and that it is `method path`
/// with exactly the `query` pairs, the client's headers, and the JSON `body` (or no body).
pub async fn assert_one_request(
    server: &MockServer,
    method: &str,
    path: &str,
    query: &[(&str, &str)],
    body: Option<Value>,
) {
    let received = requests(server).await;
    assert_eq!(
        received.len(),
        1,
        "expected exactly one request, got {:?}",
        received
            .iter()
            .map(|r| format!("{} {}", r.method, r.url))
            .collect::<Vec<_>>()
    );
    assert_request(&received[0], method, path, query, body.as_ref());
}

/// Asserts that `req` is `method path` with exactly the `query` pairs (in any order, each
/// once), the `Authorization`, `Intercom-Version` and `Accept` headers, and the JSON `body`
/// (or an empty body when `None`).
pub fn assert_request(
    req: &wiremock::Request,
    method: &str,
    path: &str,
    query: &[(&str, &str)],
    body: Option<&Value>,
) {
    record(req);
    let what = format!("{} {}", req.method, req.url);
    assert_eq!(req.method.as_str(), method, "method of {what}");
    assert_eq!(req.url.path(), path, "path of {what}");

    let mut sent: Vec<(String, String)> = req.url.query_pairs().into_owned().collect();
    sent.sort();
    let mut expected: Vec<(String, String)> = query
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    expected.sort();
    assert_eq!(sent, expected, "query pairs of {what}");
    if query.is_empty() {
        assert_eq!(req.url.query(), None, "no query string on {what}");
    }

    assert_eq!(
        header(req, "authorization"),
        Some(format!("Bearer {TOKEN}").as_str()),
        "Authorization of {what}"
    );
    assert_eq!(
        header(req, "intercom-version"),
        Some("1.4"),
        "Intercom-Version of {what}"
    );
    assert_eq!(
        header(req, "accept"),
        Some("application/json"),
        "Accept of {what}"
    );

    match body {
        Some(expected) => {
            assert_eq!(
                header(req, "content-type"),
                Some("application/json"),
                "Content-Type of {what}"
            );
            let sent: Value = serde_json::from_slice(&req.body)
                .unwrap_or_else(|err| panic!("body of {what} is not JSON: {err}"));
            assert_eq!(&sent, expected, "JSON body of {what}");
        }
        None => assert!(
            req.body.is_empty(),
            "{what} has an unexpected body: {}",
            String::from_utf8_lossy(&req.body)
        ),
    }
}

/// With `INTERCOM_WIRE_RECORD` naming a directory, appends the request's method, path and
/// JSON body (`null` when empty) as one line to `<dir>/wire-<pid>.jsonl`. The project's CI
/// runs the wire tests with it and checks every body against the OpenAPI export's request
/// schema (`ci/openapi_conformance.py`).
fn record(req: &wiremock::Request) {
    use std::io::Write;
    use std::sync::Mutex;
    static LOCK: Mutex<()> = Mutex::new(());
    let Some(dir) = std::env::var_os("INTERCOM_WIRE_RECORD") else {
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    let body: Value = if req.body.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&req.body)
            .unwrap_or_else(|err| panic!("body of {} {} is not JSON: {err}", req.method, req.url))
    };
    let line = json!({
        "method": req.method.as_str(),
        "path": req.url.path(),
        "request": body,
    });
    let path = dir.join(format!("wire-{}.jsonl", std::process::id()));
    let _guard = LOCK
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    std::fs::create_dir_all(&dir)
        .and_then(|()| {
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&path)
        })
        .and_then(|mut file| writeln!(file, "{line}"))
        .unwrap_or_else(|err| panic!("recording to {}: {err}", path.display()));
}

fn header<'a>(req: &'a wiremock::Request, name: &str) -> Option<&'a str> {
    req.headers.get(name).and_then(|v| v.to_str().ok())
}

/// A user as `GET /users/{id}` answers it, with wrapped nested lists.
pub fn user_json(id: &str, user_id: &str, email: &str) -> Value {
    json!({
        "type": "user",
        "id": id,
        "user_id": user_id,
        "email": email,
        "phone": "+353871234567",
        "name": "Ada Lovelace",
        "pseudonym": null,
        "app_id": "ecahpwf5",
        "avatar": {"type": "avatar", "image_url": "https://static.intercomassets.com/avatars/1/square_128/ada.png"},
        "location_data": {
            "type": "location_data",
            "city_name": "Dublin",
            "continent_code": "EU",
            "country_code": "IRL",
            "country_name": "Ireland",
            "latitude": 53.3331,
            "longitude": -6.2489,
            "postal_code": null,
            "region_name": "Dublin",
            "timezone": "Europe/Dublin"
        },
        "last_seen_ip": "89.101.12.34",
        "user_agent_data": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)",
        "anonymous": false,
        "unsubscribed_from_emails": false,
        "has_hard_bounced": false,
        "marked_email_as_spam": false,
        "created_at": 1_569_400_000,
        "updated_at": 1_569_486_400,
        "signed_up_at": 1_569_400_000,
        "remote_created_at": 1_569_300_000,
        "last_request_at": 1_569_486_000,
        "session_count": 12,
        "custom_attributes": {"plan_tier": "gold", "seats": 4, "trial": false, "nps": null},
        "companies": {
            "type": "company.list",
            "companies": [
                {"type": "company", "id": "5d8b8e2f3c1a4b0012345678", "company_id": "acme-1", "name": "Acme Inc"}
            ]
        },
        "segments": {
            "type": "segment.list",
            "segments": [{"type": "segment", "id": "5d2f1c0a9e8b7a0012345678"}]
        },
        "tags": {
            "type": "tag.list",
            "tags": [
                {"type": "tag", "id": "2731457", "name": "vip"},
                {"type": "tag", "id": "2731458", "name": "beta"}
            ]
        },
        "social_profiles": {
            "type": "social_profile.list",
            "social_profiles": [
                {"type": "social_profile", "name": "Twitter", "id": "1235d3213", "username": "ada", "url": "https://twitter.com/ada"}
            ]
        }
    })
}

/// A lead (`type: contact`), the user shape with a server-made UUID as user_id.
pub fn lead_json(id: &str, user_id: &str) -> Value {
    json!({
        "type": "contact",
        "id": id,
        "user_id": user_id,
        "email": "grace@example.com",
        "phone": null,
        "name": "Grace Hopper",
        "pseudonym": "Red Fox from Dublin",
        "app_id": "ecahpwf5",
        "avatar": {"type": "avatar", "image_url": null},
        "location_data": {},
        "last_request_at": 1_569_486_000,
        "created_at": 1_569_400_000,
        "updated_at": 1_569_486_400,
        "session_count": 0,
        "anonymous": true,
        "unsubscribed_from_emails": false,
        "custom_attributes": {"source": "pricing-page"},
        "companies": {"type": "company.list", "companies": []},
        "segments": {"type": "segment.list", "segments": []},
        "tags": {"type": "tag.list", "tags": [{"type": "tag", "id": "2731459", "name": "inbound"}]},
        "social_profiles": {"type": "social_profile.list", "social_profiles": []}
    })
}

/// A visitor, the lead shape with `type: visitor`.
pub fn visitor_json(id: &str, user_id: &str) -> Value {
    json!({
        "type": "visitor",
        "id": id,
        "user_id": user_id,
        "email": null,
        "name": "Blue Owl from Cork",
        "pseudonym": "Blue Owl from Cork",
        "app_id": "ecahpwf5",
        "anonymous": true,
        "created_at": 1_569_400_000,
        "updated_at": 1_569_486_400,
        "last_request_at": 1_569_486_000,
        "session_count": 1,
        "custom_attributes": {},
        "companies": {"type": "company.list", "companies": []},
        "segments": {"type": "segment.list", "segments": []},
        "tags": {"type": "tag.list", "tags": []},
        "social_profiles": {"type": "social_profile.list", "social_profiles": []}
    })
}

/// A company as read: `plan` is an object, tags and segments are wrapped.
pub fn company_json(id: &str, company_id: &str, name: &str) -> Value {
    json!({
        "type": "company",
        "id": id,
        "company_id": company_id,
        "name": name,
        "app_id": "ecahpwf5",
        "website": "https://acme.example.com",
        "industry": "Manufacturing",
        "plan": {"type": "plan", "id": "269315", "name": "pro"},
        "monthly_spend": 155.5,
        "user_count": 42,
        "size": 85,
        "session_count": 380,
        "created_at": 1_569_400_000,
        "updated_at": 1_569_486_400,
        "remote_created_at": 1_420_070_400,
        "last_request_at": 1_569_486_000,
        "custom_attributes": {"referral_source": "partner", "employees_2019": 85},
        "tags": {"type": "tag.list", "tags": [{"type": "tag", "id": "2731460", "name": "enterprise"}]},
        "segments": {"type": "segment.list", "segments": [{"type": "segment", "id": "5d2f1c0a9e8b7a0012345679", "name": "Active"}]}
    })
}

/// An admin.
pub fn admin_json(id: &str, email: &str) -> Value {
    json!({
        "type": "admin",
        "id": id,
        "name": "Ciaran Lee",
        "email": email,
        "job_title": "Support Engineer",
        "away_mode_enabled": false,
        "away_mode_reassign": false,
        "has_inbox_seat": true,
        "team_ids": [814865, 814866],
        "avatar": {"type": "avatar", "image_url": "https://static.intercomassets.com/avatars/2/square_128/ciaran.png"}
    })
}

/// A conversation with wrapped conversation parts and tags.
pub fn conversation_json(id: &str) -> Value {
    json!({
        "type": "conversation",
        "id": id,
        "created_at": 1_569_400_000,
        "updated_at": 1_569_486_400,
        "waiting_since": 1_569_486_000,
        "snoozed_until": null,
        "open": true,
        "state": "open",
        "read": true,
        "assignee": {"type": "admin", "id": "394051"},
        "user": {"type": "user", "id": "5714dd359a3fd47136000001"},
        "customers": [{"type": "user", "id": "5714dd359a3fd47136000001"}],
        "conversation_message": {
            "type": "conversation_message",
            "id": "222211112",
            "subject": "",
            "body": "<p>Hi, my invoice is wrong</p>",
            "author": {"type": "user", "id": "5714dd359a3fd47136000001"},
            "attachments": [],
            "url": null,
            "delivered_as": "customer_initiated"
        },
        "conversation_parts": {
            "type": "conversation_part.list",
            "conversation_parts": [
                {
                    "type": "conversation_part",
                    "id": "4412",
                    "part_type": "comment",
                    "body": "<p>Sorry about that, fixing it now.</p>",
                    "created_at": 1_569_486_300,
                    "updated_at": 1_569_486_300,
                    "notified_at": 1_569_486_300,
                    "assigned_to": null,
                    "author": {"type": "admin", "id": "394051"},
                    "attachments": []
                }
            ],
            "total_count": 1
        },
        "tags": {"type": "tag.list", "tags": [{"type": "tag", "id": "2731461", "name": "billing"}]}
    })
}

/// The `pages` object of the last (or only) page.
pub fn last_page(page: i64, total_pages: i64) -> Value {
    json!({"type": "pages", "next": null, "page": page, "per_page": 50, "total_pages": total_pages})
}

/// What a table row's call evaluates to: the typed answer reduced to the fields it checks.
pub type Outcome = intercom_api::Result<Value>;

/// A table row's call: given a client, makes the request and reduces the answer.
pub type Call = Box<
    dyn Fn(Client) -> std::pin::Pin<Box<dyn std::future::Future<Output = Outcome> + Send>>
        + Send
        + Sync,
>;

/// Builds a [`Call`] from `|c| async move { ... }`.
pub fn call<F, Fut>(f: F) -> Call
where
    F: Fn(Client) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = Outcome> + Send + 'static,
{
    Box::new(move |c| Box::pin(f(c)))
}

/// What the loopback server answers a row's request with.
pub enum Answer {
    /// Status 200 and this JSON body.
    Json(Value),
    /// This status and an empty body.
    Empty(u16),
}

/// One call: what the client sends, and what it decodes from the answer.
pub struct Row {
    /// The row's name, reported when it fails.
    pub name: &'static str,
    pub call: Call,
    pub method: &'static str,
    /// The path as sent, percent-encoded.
    pub path: &'static str,
    pub query: &'static [(&'static str, &'static str)],
    pub body: Option<Value>,
    pub answer: Answer,
    /// The call's typed result, reduced to the fields the row checks.
    pub decoded: Value,
}

/// Runs `row` against its own loopback server; `Err` names the row and says what went wrong.
pub async fn run_row(row: Row) -> Result<(), String> {
    let server = match &row.answer {
        Answer::Json(body) => serve_json(200, body.clone()).await,
        Answer::Empty(status) => serve_empty(*status).await,
    };
    let outcome = (row.call)(client(&server)).await;
    let received = requests(&server).await;
    let name = row.name;
    let (method, path, query, body) = (row.method, row.path, row.query, row.body);
    let decoded = row.decoded;
    // assert_request panics with a precise message; run it in a task to collect that message.
    let checked = tokio::spawn(async move {
        assert_eq!(
            received.len(),
            1,
            "exactly one request, got {:?}",
            received
                .iter()
                .map(|r| format!("{} {}", r.method, r.url))
                .collect::<Vec<_>>()
        );
        assert_request(&received[0], method, path, query, body.as_ref());
        match outcome {
            Ok(value) => assert_eq!(value, decoded, "the decoded answer"),
            Err(err) => panic!("the call failed: {err:?}"),
        }
    })
    .await;
    checked.map_err(|err| {
        let panic = err.into_panic();
        let message = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_default();
        format!("{name}: {message}")
    })
}

/// Runs every row of `rows`, each against its own server, and fails naming every failing row.
pub async fn run_table(rows: Vec<Row>) {
    let count = rows.len();
    let mut failures = Vec::new();
    for row in rows {
        if let Err(failure) = run_row(row).await {
            failures.push(failure);
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {count} rows failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
