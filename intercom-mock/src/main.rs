//! `intercom-mock [--port PORT] [--seed FILE | --demo] [--rate-limit N] [--token TOKEN]`:
//! serves the mock on 127.0.0.1 until interrupted, and prints its base URL first.

use std::process::ExitCode;

use intercom_mock::{DEFAULT_PORT, MockServer, RateLimit, Seed};

const USAGE: &str = "usage: intercom-mock [--port PORT] [--seed FILE | --demo] [--rate-limit REQUESTS_PER_MINUTE] [--token TOKEN]

  --port PORT        listen on 127.0.0.1:PORT (default 8765; 0 picks a free port)
  --seed FILE        start with the users, companies, ... of a JSON file
  --demo             start with a small made-up workspace
  --rate-limit N     answer 429 past N requests a minute, counted as Intercom does in
                     10-second windows of N/6 requests each (500 a minute: 83 per 10 s)
  --token TOKEN      accept only this access token (default: any)";

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("intercom-mock: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), String> {
    let mut builder = MockServer::builder().port(DEFAULT_PORT);
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || {
            args.next()
                .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))
        };
        builder = match flag.as_str() {
            "--port" => builder.port(value()?.parse().map_err(|e| format!("--port: {e}"))?),
            "--seed" => {
                builder.seed(Seed::from_file(value()?).map_err(|e| format!("--seed: {e}"))?)
            }
            "--rate-limit" => builder.rate_limit(RateLimit::per_minute(
                value()?.parse().map_err(|e| format!("--rate-limit: {e}"))?,
            )),
            "--token" => builder.token(value()?),
            "--demo" => builder.seed(Seed::demo()),
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => return Err(format!("unknown argument {other:?}\n{USAGE}")),
        };
    }
    let mock = builder
        .start()
        .await
        .map_err(|e| format!("cannot listen: {e}"))?;
    println!("{}", mock.url());
    tokio::signal::ctrl_c().await.map_err(|e| e.to_string())?;
    Ok(())
}
