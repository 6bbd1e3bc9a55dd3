//! Seeds: what a mock starts with, `reset`, `load`, seed files, and the binary.

mod support;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use intercom_mock::{MockServer, Seed};
use serde_json::json;
use support::{ids, start, start_with};

const SEED: &str = r#"{
    "companies": [
        {"id": "c-acme", "company_id": "acme", "name": "Acme", "plan": "pro"},
        {"company_id": "globex", "name": "Globex"}
    ],
    "users": [
        {"id": "u-ada", "user_id": "ada", "email": "ada@example.com", "name": "Ada",
         "companies": [{"company_id": "acme"}]},
        {"user_id": "bob", "email": "bob@example.com", "tags": [{"id": "t1", "name": "vip"}],
         "companies": [{"company_id": "initech", "name": "Initech"}]},
        {"id": 42, "user_id": "numbered"}
    ]
}"#;

fn seed() -> Seed {
    Seed::from_json(SEED).expect("the seed parses")
}

#[test]
fn the_default_seed_is_a_workspace_without_people() {
    let default = Seed::default();
    assert!(!default.admins.is_empty());
    assert!(!default.teams.is_empty());
    assert!(!default.segments.is_empty());
    assert!(
        default
            .data_attributes
            .iter()
            .any(|a| a["model"] == "company")
    );
    assert!(
        default
            .data_attributes
            .iter()
            .any(|a| a["model"] == "customer")
    );
    assert!(default.users.is_empty() && default.companies.is_empty() && default.leads.is_empty());
    // A seed file that leaves the workspace out keeps the default one.
    let partial = seed();
    assert_eq!(partial.admins, default.admins);
    assert_eq!(partial.segments, default.segments);
}

#[tokio::test]
async fn a_mock_starts_empty_of_people() {
    let api = start().await;
    assert_eq!(api.fetched("/users").await["total_count"], 0);
    assert_eq!(api.fetched("/companies").await["total_count"], 0);
    assert_eq!(api.fetched("/contacts").await["total_count"], 0);
}

#[tokio::test]
async fn seeded_users_and_companies_are_served_in_the_api_shape() {
    let api = start_with(MockServer::builder().seed(seed())).await;
    let ada = api.fetched("/users/u-ada").await;
    assert_eq!(ada["type"], "user");
    assert_eq!(ada["name"], "Ada");
    assert_eq!(ada["tags"], json!({"type": "tag.list", "tags": []}));
    let linked = &ada["companies"]["companies"];
    assert_eq!(
        linked[0]["id"], "c-acme",
        "the link names the stored company: {ada}"
    );

    let bob = api.fetched("/users?user_id=bob").await;
    let bob_id = bob["id"].as_str().expect("a generated id");
    assert!(!bob_id.is_empty());
    assert_ne!(bob_id, "u-ada");
    assert_eq!(bob["tags"]["tags"][0]["name"], "vip");
    assert_eq!(
        api.fetched(&format!("/users/{bob_id}")).await["user_id"],
        "bob"
    );

    let acme = api.fetched("/companies/c-acme").await;
    assert_eq!(acme["type"], "company");
    assert_eq!(acme["plan"]["name"], "pro");
    assert_eq!(acme["plan"]["type"], "plan");
    assert_eq!(acme["user_count"], 1);
    let members = api.fetched("/companies/c-acme/users").await;
    assert_eq!(ids(&members["users"]), ["u-ada"]);

    let globex = api.fetched("/companies?company_id=globex").await;
    assert!(
        globex["id"].as_str().is_some_and(|id| !id.is_empty()),
        "{globex}"
    );
    assert_eq!(globex["user_count"], 0);
    // A company only a user names is created and linked.
    let initech = api.fetched("/companies?company_id=initech").await;
    assert_eq!(
        (initech["name"].as_str(), initech["user_count"].as_i64()),
        (Some("Initech"), Some(1))
    );
    assert_eq!(bob["companies"]["companies"][0]["id"], initech["id"]);
    // Ids are strings, whatever the seed wrote.
    assert_eq!(api.fetched("/users/42").await["id"], "42");
    assert_eq!(api.fetched("/users").await["total_count"], 3);

    // New objects get ids of their own.
    let carol = api.created("/users", json!({"user_id": "carol"})).await;
    assert!(![Some("u-ada"), Some(bob_id)].contains(&carol["id"].as_str()));
}

#[tokio::test]
async fn reset_forgets_every_change() {
    let api = start_with(MockServer::builder().seed(seed())).await;
    api.created(
        "/users",
        json!({"user_id": "carol", "companies": [{"company_id": "acme"}]}),
    )
    .await;
    api.created("/users", json!({"user_id": "ada", "name": "Changed"}))
        .await;
    assert_eq!(api.fetched("/users").await["total_count"], 4);
    assert_eq!(api.fetched("/companies/c-acme").await["user_count"], 2);

    api.mock.reset();
    assert_eq!(api.fetched("/users").await["total_count"], 3);
    assert_eq!(api.fetched("/users/u-ada").await["name"], "Ada");
    assert_eq!(api.get("/users?user_id=carol").await.0, 404);
    assert_eq!(api.fetched("/companies/c-acme").await["user_count"], 1);
}

#[tokio::test]
async fn load_replaces_the_seed() {
    let api = start_with(MockServer::builder().seed(seed())).await;
    let other = Seed {
        companies: vec![json!({"company_id": "initech"})],
        ..Seed::default()
    };
    api.mock.load(other);
    assert_eq!(api.fetched("/users").await["total_count"], 0);
    assert_eq!(api.fetched("/companies").await["total_count"], 1);
    api.created("/users", json!({"user_id": "dave"})).await;
    api.mock.reset();
    assert_eq!(
        api.fetched("/users").await["total_count"],
        0,
        "reset returns to the loaded seed"
    );
    assert_eq!(
        api.fetched("/companies?company_id=initech").await["company_id"],
        "initech"
    );
    assert_eq!(api.get("/companies?company_id=acme").await.0, 404);
}

#[test]
fn seeds_refuse_unknown_keys() {
    let err = Seed::from_json(r#"{"users": [], "customers": []}"#).expect_err("unknown key");
    assert!(err.to_string().contains("customers"), "{err}");
    assert!(Seed::from_json("[]").is_err());
    assert!(Seed::from_json(r#"{"users": {}}"#).is_err());
    assert!(Seed::from_json("{}").is_ok());
}

/// A file under the temp dir that is removed when dropped.
struct TempFile(std::path::PathBuf);

impl TempFile {
    fn new(name: &str, text: &str) -> Self {
        let path = std::env::temp_dir().join(format!(
            "intercom-mock-{name}-{}-{:?}.json",
            std::process::id(),
            std::time::SystemTime::now()
        ));
        std::fs::write(&path, text).expect("the temp file is written");
        TempFile(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[test]
fn seeds_are_read_from_files() {
    let file = TempFile::new("seed", SEED);
    let seed = Seed::from_file(&file.0).expect("the seed file reads");
    assert_eq!(seed.users.len(), 3);
    assert_eq!(seed.companies.len(), 2);

    let bad = TempFile::new("bad", r#"{"userz": []}"#);
    let err = Seed::from_file(&bad.0).expect_err("an unknown key");
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidData);
    assert!(err.to_string().contains("userz"), "{err}");
    let missing = std::env::temp_dir().join("intercom-mock-no-such-seed.json");
    assert_eq!(
        Seed::from_file(missing).expect_err("no file").kind(),
        std::io::ErrorKind::NotFound
    );
}

/// The binary, killed when dropped.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn the_binary_prints_its_url_and_serves_the_seed_file() {
    let file = TempFile::new("binary", SEED);
    let mut running = Running(
        Command::new(env!("CARGO_BIN_EXE_intercom-mock"))
            .args(["--port", "0", "--token", "secret", "--seed"])
            .arg(&file.0)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the binary starts"),
    );
    let stdout = running.0.stdout.take().expect("stdout");
    let line = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).map(|_| line)
    })
    .await
    .expect("the reader")
    .expect("a first line");
    let url = line.trim();
    assert!(url.starts_with("http://127.0.0.1:"), "{line:?}");
    assert!(
        !url.ends_with(":0") && !url.ends_with(":8765"),
        "a free port: {url}"
    );

    let client = reqwest::Client::new();
    let answer = support::send(
        client
            .get(format!("{url}/users/u-ada"))
            .bearer_auth("secret"),
    )
    .await;
    assert_eq!(answer.0, 200, "{}", answer.2);
    assert_eq!(answer.2["user_id"], "ada");
    let refused = support::send(client.get(format!("{url}/users")).bearer_auth("other")).await;
    assert_eq!(refused.0, 401);
}
