//! What every example shares: a client for the workspace in the environment, or for the
//! built-in mock when there is none.

use std::process::ExitCode;

use intercom_api::Client;
use intercom_mock::{MockServer, Seed};

/// A client, and the mock it talks to when no access token is set (kept alive with it).
pub struct Connection {
    /// The client to call.
    pub client: Client,
    /// The in-process mock, when the client talks to one.
    _mock: Option<MockServer>,
}

/// A client from `INTERCOM_ACCESS_TOKEN` (and `INTERCOM_BASE_URL`, when set). Without a token
/// the example runs against intercom-mock, started in-process with a made-up workspace, and the
/// first line printed says so. When the client cannot be built, says why and gives the exit
/// code.
pub async fn connect(example: &str) -> Result<Connection, ExitCode> {
    let token = std::env::var("INTERCOM_ACCESS_TOKEN").unwrap_or_default();
    if token.trim().is_empty() {
        return connect_to_mock(example).await;
    }
    let mut builder = Client::builder().token(token.trim());
    let base_url = std::env::var("INTERCOM_BASE_URL").unwrap_or_default();
    if !base_url.trim().is_empty() {
        builder = builder.base_url(base_url.trim());
    }
    let client = builder.build().map_err(|err| {
        eprintln!("cannot set up the client: {err}");
        ExitCode::FAILURE
    })?;
    Ok(Connection {
        client,
        _mock: None,
    })
}

async fn connect_to_mock(example: &str) -> Result<Connection, ExitCode> {
    let mock = MockServer::builder()
        .seed(Seed::demo())
        .start()
        .await
        .map_err(|err| {
            eprintln!("cannot start intercom-mock: {err}");
            ExitCode::FAILURE
        })?;
    println!(
        "INTERCOM_ACCESS_TOKEN is not set: {example} runs against intercom-mock, a fake Intercom \
         with made-up data, at {}",
        mock.url()
    );
    let client = Client::builder()
        .token("mock-token")
        .base_url(mock.url())
        .build()
        .map_err(|err| {
            eprintln!("cannot set up the client: {err}");
            ExitCode::FAILURE
        })?;
    Ok(Connection {
        client,
        _mock: Some(mock),
    })
}
