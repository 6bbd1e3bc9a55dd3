//! Scrolls through every company of the workspace.
//!
//! ```sh
//! INTERCOM_ACCESS_TOKEN=… cargo run -p intercom-api --example scroll_companies
//! ```
//!
//! `INTERCOM_BASE_URL` overrides the API host (for example `https://api.eu.intercom.io`).
//! Intercom allows one open scroll per workspace at a time.

use std::pin::pin;
use std::process::ExitCode;

use futures_util::StreamExt;
use intercom_api::Client;

/// A client from `INTERCOM_ACCESS_TOKEN` (and `INTERCOM_BASE_URL`, when set); `None` without a
/// token.
fn client_from_env() -> Option<intercom_api::Result<Client>> {
    let token = std::env::var("INTERCOM_ACCESS_TOKEN").ok()?;
    if token.trim().is_empty() {
        return None;
    }
    let mut builder = Client::builder().token(token);
    let base_url = std::env::var("INTERCOM_BASE_URL").unwrap_or_default();
    if !base_url.trim().is_empty() {
        builder = builder.base_url(base_url.trim());
    }
    Some(builder.build())
}

#[tokio::main]
async fn main() -> ExitCode {
    let client = match client_from_env() {
        None => {
            eprintln!(
                "scroll_companies needs an Intercom access token in INTERCOM_ACCESS_TOKEN; nothing was sent"
            );
            return ExitCode::SUCCESS;
        }
        Some(Err(err)) => {
            eprintln!("cannot set up the client: {err}");
            return ExitCode::FAILURE;
        }
        Some(Ok(client)) => client,
    };

    // Each batch is requested when the previous one has been read; an empty batch ends it.
    let mut companies = pin!(client.scroll_companies().stream());
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
