//! Scrolls through every company of the workspace.
//!
//! ```sh
//! INTERCOM_ACCESS_TOKEN=… cargo run -p intercom-api --example scroll_companies
//! ```
//!
//! `INTERCOM_BASE_URL` overrides the API host (for example `https://api.eu.intercom.io`).
//! Without `INTERCOM_ACCESS_TOKEN` it runs against intercom-mock, started in-process with
//! made-up data, and says so on the first line.
//! Intercom allows one open scroll per workspace at a time.

mod common;

use std::process::ExitCode;

use futures_util::StreamExt;

#[tokio::main]
async fn main() -> ExitCode {
    let connection = match common::connect("scroll_companies").await {
        Ok(connection) => connection,
        Err(code) => return code,
    };
    let client = &connection.client;

    // Each batch is requested when the previous one has been read; an empty batch ends it.
    let mut companies = client.scroll_companies().stream();
    let mut count = 0_usize;
    while let Some(company) = companies.next().await {
        match company {
            Ok(company) => {
                count += 1;
                println!(
                    "{:<26} {:<20} {}",
                    company.id.as_deref().unwrap_or("?"),
                    company.company_id.as_deref().unwrap_or("-"),
                    company.name.as_deref().unwrap_or("-"),
                );
            }
            Err(err) => {
                eprintln!("the scroll stopped after {count} companies: {err}");
                return ExitCode::FAILURE;
            }
        }
    }
    println!("{count} companies");
    ExitCode::SUCCESS
}
