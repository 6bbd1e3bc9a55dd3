//! Who am I, then the first ten users.
//!
//! ```sh
//! INTERCOM_ACCESS_TOKEN=… cargo run -p intercom-api --example quickstart
//! ```
//!
//! `INTERCOM_BASE_URL` overrides the API host (for example `https://api.eu.intercom.io`).
//! Without `INTERCOM_ACCESS_TOKEN` it runs against intercom-mock, started in-process with
//! made-up data, and says so on the first line.

mod common;

use std::process::ExitCode;

use futures_util::{StreamExt, TryStreamExt};
use intercom_api::{Client, types::User};

#[tokio::main]
async fn main() -> ExitCode {
    let connection = match common::connect("quickstart").await {
        Ok(connection) => connection,
        Err(code) => return code,
    };
    let client = &connection.client;
    match run(client).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

async fn run(client: &Client) -> intercom_api::Result<()> {
    let admin = client.get_current_admin_and_app().await?;
    let name = admin.name.as_deref().unwrap_or("(no name)");
    let email = admin.email.as_deref().unwrap_or("(no email)");
    println!("signed in as {name} <{email}>");
    if let Some(app) = &admin.app {
        println!(
            "app: {} ({})",
            app.name.as_deref().unwrap_or("(no name)"),
            app.id_code.as_deref().unwrap_or("?"),
        );
    }

    // The stream fetches pages lazily: taking ten users requests only the first page.
    let users: Vec<User> = client.list_users().stream().take(10).try_collect().await?;
    println!("first {} users:", users.len());
    for user in &users {
        println!(
            "  {:<26} {:<30} {}",
            user.id.as_deref().unwrap_or("?"),
            user.email.as_deref().unwrap_or("-"),
            user.name.as_deref().unwrap_or("-"),
        );
    }
    if let Some(limit) = client.last_rate_limit() {
        println!(
            "{} of {} requests left in this window",
            limit.remaining, limit.limit
        );
    }
    Ok(())
}
