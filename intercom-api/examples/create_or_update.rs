//! Creates a user, or updates the one with the same `user_id`, and shows how to tell the
//! errors apart.
//!
//! ```sh
//! INTERCOM_ACCESS_TOKEN=… cargo run -p intercom-api --example create_or_update -- user-42 ada@example.com
//! ```
//!
//! `INTERCOM_BASE_URL` overrides the API host (for example `https://api.eu.intercom.io`).
//! Without `INTERCOM_ACCESS_TOKEN` it runs against intercom-mock, started in-process with
//! made-up data, and says so on the first line.

mod common;

use std::process::ExitCode;

use intercom_api::Error;

#[tokio::main]
async fn main() -> ExitCode {
    let connection = match common::connect("create_or_update").await {
        Ok(connection) => connection,
        Err(code) => return code,
    };
    let client = &connection.client;

    let mut args = std::env::args().skip(1);
    let user_id = args.next().unwrap_or_else(|| "example-user-1".to_owned());
    let email = args
        .next()
        .unwrap_or_else(|| "example-user-1@example.com".to_owned());

    let request = client
        .create_user()
        .user_id(user_id)
        .email(email)
        .name("Example User")
        .custom_attribute("plan", "pro")
        .custom_attribute("seats", 5);

    match request.await {
        Ok(user) => {
            println!(
                "saved user {} (user_id {}, email {})",
                user.id.as_deref().unwrap_or("?"),
                user.user_id.as_deref().unwrap_or("-"),
                user.email.as_deref().unwrap_or("-"),
            );
            ExitCode::SUCCESS
        }
        // The API refused the request: every entry of its `errors` array is kept.
        Err(Error::Api(api)) => {
            eprintln!("the API answered HTTP {}", api.status);
            for entry in &api.errors {
                eprintln!(
                    "  code {}: {}{}",
                    entry.code.as_deref().unwrap_or("(none)"),
                    entry.message.as_deref().unwrap_or("(no message)"),
                    entry
                        .field
                        .as_deref()
                        .map(|field| format!(" (field `{field}`)"))
                        .unwrap_or_default(),
                );
            }
            if let Some(id) = &api.request_id {
                eprintln!("  request id {id}");
            }
            ExitCode::FAILURE
        }
        // Still 429 after the waits the retry policy allows.
        Err(Error::RateLimited { reset, error }) => {
            match reset {
                Some(reset) => eprintln!("rate limited; the limit resets at Unix time {reset}"),
                None => eprintln!("rate limited; the response did not say until when"),
            }
            if let Some(limit) = error.rate_limit {
                eprintln!("  {} of {} requests left", limit.remaining, limit.limit);
            }
            ExitCode::FAILURE
        }
        // The request or its answer was lost, or took too long.
        Err(err @ (Error::Transport { .. } | Error::Timeout { .. })) => {
            eprintln!("could not reach Intercom: {err}");
            ExitCode::FAILURE
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}
