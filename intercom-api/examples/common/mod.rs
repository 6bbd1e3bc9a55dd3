//! What every example shares: the client, from the environment.

use std::process::ExitCode;

use intercom_api::Client;

/// A client from `INTERCOM_ACCESS_TOKEN` (and `INTERCOM_BASE_URL`, when set). Without a token,
/// or when the client cannot be built, says why in one line and gives the exit code.
pub fn client_from_env(example: &str) -> Result<Client, ExitCode> {
    let token = std::env::var("INTERCOM_ACCESS_TOKEN").unwrap_or_default();
    if token.trim().is_empty() {
        eprintln!(
            "{example} needs an Intercom access token in INTERCOM_ACCESS_TOKEN; nothing was sent"
        );
        return Err(ExitCode::SUCCESS);
    }
    let mut builder = Client::builder().token(token);
    let base_url = std::env::var("INTERCOM_BASE_URL").unwrap_or_default();
    if !base_url.trim().is_empty() {
        builder = builder.base_url(base_url.trim());
    }
    builder.build().map_err(|err| {
        eprintln!("cannot set up the client: {err}");
        ExitCode::FAILURE
    })
}
