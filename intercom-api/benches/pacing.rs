//! Running at the rate limit instead of into it: 2,000 user upserts from 16 concurrent tasks
//! against intercom-mock enforcing 100 requests per 1-second window, three ways:
//!
//! - `paced`: the client as it comes (pacing on);
//! - `unpaced_retry_429`: the client with `Pacing::off()`, retrying each 429 after the reset as
//!   its retry policy says (default jitter, attempts raised so that every upsert gets through);
//! - `reqwest_retry_after_reset`: a hand-written reqwest loop that sleeps until the reset on a
//!   429 and sends again.
//!
//! For each way it prints `pacing <arm>: time/floor <x>, 429s <n>, requests <m>`: the elapsed
//! time over the floor the limit allows (requests ÷ limit × window = 20 s), the 429s the mock
//! answered and the requests it received. One run of the three takes about a minute; the
//! environment variable `PACING_RUNS` runs them that many times (0 skips them) and prints the
//! medians. `PACING_WHOLE_SECONDS=1` adds a fourth arm, `paced_whole_seconds`, against a mock
//! that sends only Intercom's headers (the reset in whole seconds); by default the mock also
//! sends `X-RateLimit-Reset-Ms`, which every arm reads.
//!
//! Then criterion measures what pacing costs a call when the limit is far away: one upsert
//! over loopback against intercom-mock's default (unreached) limit, paced and not.
//!
//! `cargo bench -p intercom-api --bench pacing`

use std::hint::black_box;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use criterion::Criterion;
use intercom_api::types::CreateUserRequest;
use intercom_api::{Client, Pacing, RetryPolicy};
use intercom_mock::{MockServer, RateLimit};
use tokio::runtime::Runtime;

const TOKEN: &str = "dG9rOmJlbmNoLXRva2Vu";
const UPSERTS: usize = 2_000;
const TASKS: usize = 16;
const LIMIT: u32 = 100;
const WINDOW: Duration = Duration::from_secs(1);

#[derive(Clone, Copy, PartialEq, Eq)]
enum Arm {
    Paced,
    PacedWholeSeconds,
    Unpaced,
    Reqwest,
}

impl Arm {
    fn name(self) -> &'static str {
        match self {
            Arm::Paced => "paced",
            Arm::PacedWholeSeconds => "paced_whole_seconds",
            Arm::Unpaced => "unpaced_retry_429",
            Arm::Reqwest => "reqwest_retry_after_reset",
        }
    }
}

/// What one run of an arm measured.
struct Outcome {
    time_over_floor: f64,
    refused: u64,
    requests: u64,
    failed: u64,
}

fn user(i: usize) -> CreateUserRequest {
    CreateUserRequest {
        user_id: Some(format!("user-{i}")),
        email: Some(format!("user-{i}@example.com")),
        name: Some(format!("User {i}")),
        ..Default::default()
    }
}

fn client(url: &str, pacing: Pacing) -> Client {
    let built = Client::builder()
        .token(TOKEN)
        .base_url(url)
        .pacing(pacing)
        // Enough attempts that no upsert gives up on 429s; pacing itself never needs them.
        .retry_policy(RetryPolicy::new().max_attempts(1_000))
        .build();
    match built {
        Ok(client) => client,
        Err(err) => panic!("the client builds: {err}"),
    }
}

/// Runs `UPSERTS` upserts from `TASKS` tasks, each taking the next number, through `client`.
/// Returns how many failed.
async fn upsert_with_client(client: &Client) -> u64 {
    let next = Arc::new(AtomicUsize::new(0));
    let failed = Arc::new(AtomicU64::new(0));
    let tasks: Vec<_> = (0..TASKS)
        .map(|_| {
            let client = client.clone();
            let next = Arc::clone(&next);
            let failed = Arc::clone(&failed);
            tokio::spawn(async move {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= UPSERTS {
                        break;
                    }
                    if client.create_user().request_body(user(i)).await.is_err() {
                        failed.fetch_add(1, Ordering::Relaxed);
                    }
                }
            })
        })
        .collect();
    for task in tasks {
        let _ = task.await;
    }
    failed.load(Ordering::Relaxed)
}

/// How long until the reset a 429 names: `X-RateLimit-Reset-Ms` when present, else
/// `X-RateLimit-Reset` (whole seconds).
fn until_reset(headers: &reqwest::header::HeaderMap) -> Duration {
    let number = |name: &str| -> Option<u64> { headers.get(name)?.to_str().ok()?.parse().ok() };
    let Some(millis) = number("x-ratelimit-reset-ms")
        .or_else(|| number("x-ratelimit-reset").map(|secs| secs.saturating_mul(1000)))
    else {
        return Duration::from_millis(100);
    };
    let reset = UNIX_EPOCH + Duration::from_millis(millis);
    reset
        .duration_since(SystemTime::now())
        .unwrap_or(Duration::ZERO)
}

/// The same upserts by hand: POST, and on a 429 sleep until the reset and send again.
async fn upsert_by_hand(url: &str) -> u64 {
    let http = reqwest::Client::new();
    let endpoint = format!("{url}/users");
    let next = Arc::new(AtomicUsize::new(0));
    let failed = Arc::new(AtomicU64::new(0));
    let tasks: Vec<_> = (0..TASKS)
        .map(|_| {
            let http = http.clone();
            let endpoint = endpoint.clone();
            let next = Arc::clone(&next);
            let failed = Arc::clone(&failed);
            tokio::spawn(async move {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= UPSERTS {
                        break;
                    }
                    let body = match serde_json::to_vec(&user(i)) {
                        Ok(body) => body,
                        Err(err) => panic!("a user serializes: {err}"),
                    };
                    loop {
                        let sent = http
                            .post(&endpoint)
                            .bearer_auth(TOKEN)
                            .header("Accept", "application/json")
                            .header("Content-Type", "application/json")
                            .body(body.clone())
                            .send()
                            .await;
                        let response = match sent {
                            Ok(response) => response,
                            Err(_) => {
                                failed.fetch_add(1, Ordering::Relaxed);
                                break;
                            }
                        };
                        let status = response.status().as_u16();
                        let wait = until_reset(response.headers());
                        let _ = response.bytes().await;
                        match status {
                            200 => break,
                            429 => tokio::time::sleep(wait).await,
                            _ => {
                                failed.fetch_add(1, Ordering::Relaxed);
                                break;
                            }
                        }
                    }
                }
            })
        })
        .collect();
    for task in tasks {
        let _ = task.await;
    }
    failed.load(Ordering::Relaxed)
}

/// One run of `arm` against a fresh mock.
fn run(runtime: &Runtime, arm: Arm) -> Outcome {
    runtime.block_on(async {
        let started = MockServer::builder()
            .rate_limit(RateLimit {
                limit: LIMIT,
                window: WINDOW,
                enforce: true,
            })
            .reset_millis(arm != Arm::PacedWholeSeconds)
            .start()
            .await;
        let mock = match started {
            Ok(mock) => mock,
            Err(err) => panic!("intercom-mock starts: {err}"),
        };
        let start = Instant::now();
        let failed = match arm {
            Arm::Paced | Arm::PacedWholeSeconds => {
                upsert_with_client(&client(mock.url(), Pacing::new())).await
            }
            Arm::Unpaced => upsert_with_client(&client(mock.url(), Pacing::off())).await,
            Arm::Reqwest => upsert_by_hand(mock.url()).await,
        };
        let elapsed = start.elapsed();
        let floor = WINDOW.as_secs_f64() * UPSERTS as f64 / f64::from(LIMIT);
        Outcome {
            time_over_floor: elapsed.as_secs_f64() / floor,
            refused: mock.rate_limited_count(),
            requests: mock.request_count(),
            failed,
        }
    })
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    match values.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

fn arms(runtime: &Runtime) {
    let runs: usize = std::env::var("PACING_RUNS")
        .ok()
        .and_then(|runs| runs.trim().parse().ok())
        .unwrap_or(1);
    let mut arms = vec![Arm::Paced, Arm::Unpaced, Arm::Reqwest];
    if std::env::var("PACING_WHOLE_SECONDS").is_ok_and(|value| value.trim() == "1") {
        arms.insert(1, Arm::PacedWholeSeconds);
    }
    let mut results: Vec<Vec<Outcome>> = arms.iter().map(|_| Vec::new()).collect();
    for _ in 0..runs {
        for (arm, results) in arms.iter().zip(&mut results) {
            let outcome = run(runtime, *arm);
            let failed = if outcome.failed > 0 {
                format!(", {} upserts failed", outcome.failed)
            } else {
                String::new()
            };
            println!(
                "pacing {}: time/floor {:.3}, 429s {}, requests {}{failed}",
                arm.name(),
                outcome.time_over_floor,
                outcome.refused,
                outcome.requests
            );
            results.push(outcome);
        }
    }
    if runs > 1 {
        for (arm, results) in arms.iter().zip(&results) {
            let mut ratios: Vec<f64> = results.iter().map(|o| o.time_over_floor).collect();
            let mut refused: Vec<f64> = results.iter().map(|o| o.refused as f64).collect();
            let mut requests: Vec<f64> = results.iter().map(|o| o.requests as f64).collect();
            println!(
                "pacing {} (median of {runs}): time/floor {:.3}, 429s {}, requests {}",
                arm.name(),
                median(&mut ratios),
                median(&mut refused),
                median(&mut requests),
            );
        }
    }
}

/// What pacing costs a call far from the limit: one upsert, paced and not. Client and mock
/// share one current-thread runtime, so that a round trip involves no cross-thread wake-up.
fn overhead(c: &mut Criterion) {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => panic!("the runtime starts: {err}"),
    };
    let runtime = &runtime;
    let mock = match runtime.block_on(MockServer::builder().start()) {
        Ok(mock) => mock,
        Err(err) => panic!("intercom-mock starts: {err}"),
    };
    let paced = client(mock.url(), Pacing::new());
    let unpaced = client(mock.url(), Pacing::off());
    let mut group = c.benchmark_group("pacing_overhead");
    group.measurement_time(Duration::from_secs(5));
    for (name, client) in [("paced", &paced), ("unpaced", &unpaced)] {
        group.bench_function(name, |b| {
            b.to_async(runtime).iter(|| async {
                let user = client.create_user().request_body(user(1)).await;
                black_box(user.is_ok())
            });
        });
    }
    group.finish();
}

fn main() {
    // The arms run on two worker threads, with the mock's tasks beside the client's.
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => panic!("the runtime starts: {err}"),
    };
    arms(&runtime);
    drop(runtime);
    let mut criterion = Criterion::default().configure_from_args();
    overhead(&mut criterion);
    criterion.final_summary();
}
