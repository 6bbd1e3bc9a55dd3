//! One `get_user` call through the client against a loopback server, beside the same request
//! written by hand with reqwest (same headers, same connection reuse, same decoding).
//!
//! The server is a minimal HTTP/1.1 responder on its own thread and runtime: it answers every
//! request on a kept-alive connection with one fixed user, as Intercom would, rate-limit headers
//! included.
//!
//! `cargo bench -p intercom-api --bench request`

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use intercom_api::{Client, types};
use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderValue};

#[path = "loopback/mod.rs"]
mod loopback;

use loopback::{TOKEN, USER_ID, start_server};

fn request(c: &mut Criterion) {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => panic!("the bench runtime starts: {err}"),
    };
    let addr = start_server(&runtime);
    let base = format!("http://{addr}");

    let client = match Client::builder().token(TOKEN).base_url(&base).build() {
        Ok(client) => client,
        Err(err) => panic!("the client builds: {err}"),
    };
    // The hand-written version: a reqwest client set up like the one the crate builds.
    let http = match reqwest::Client::builder()
        .user_agent("bench/1.0")
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
    {
        Ok(http) => http,
        Err(err) => panic!("the reqwest client builds: {err}"),
    };
    let url = format!("{base}/users/{USER_ID}");
    let authorization = HeaderValue::from_static("Bearer dG9rOmJlbmNoLXRva2Vu");
    let by_hand = |url: &str| {
        http.get(url)
            .header(AUTHORIZATION, authorization.clone())
            .header(ACCEPT, "application/json")
            .header("Intercom-Version", "1.4")
    };

    // One call each before measuring: both open their kept-alive connection here.
    runtime.block_on(async {
        match client.get_user(USER_ID).await {
            Ok(user) => println!(
                "client: decoded user {:?} with {} companies",
                user.id,
                user.companies.as_ref().map_or(0, Vec::len)
            ),
            Err(err) => println!("client: get_user failed: {err}"),
        }
        match by_hand(&url).send().await {
            Ok(response) => {
                let status = response.status();
                match response.json::<types::User>().await {
                    Ok(user) => {
                        println!("reqwest by hand: HTTP {status}, decoded user {:?}", user.id)
                    }
                    Err(err) => println!("reqwest by hand: HTTP {status}, decoding failed: {err}"),
                }
            }
            Err(err) => println!("reqwest by hand: failed: {err}"),
        }
    });

    let mut group = c.benchmark_group("get_user_loopback");
    group.sample_size(60);
    group.measurement_time(Duration::from_secs(5));
    group.warm_up_time(Duration::from_secs(1));

    group.bench_function("baseline_reqwest_by_hand_to_types_user", |b| {
        b.to_async(&runtime).iter(|| async {
            let user = match by_hand(&url).send().await {
                Ok(response) => match response.error_for_status() {
                    Ok(response) => response.json::<types::User>().await.ok(),
                    Err(_) => None,
                },
                Err(_) => None,
            };
            black_box(user)
        })
    });
    group.bench_function("client_get_user", |b| {
        b.to_async(&runtime)
            .iter(|| async { black_box(client.get_user(black_box(USER_ID)).await.ok()) })
    });
    group.bench_function("reqwest_by_hand_to_serde_json_value", |b| {
        b.to_async(&runtime).iter(|| async {
            let value = match by_hand(&url).send().await {
                Ok(response) => response.json::<serde_json::Value>().await.ok(),
                Err(_) => None,
            };
            black_box(value)
        })
    });
    group.finish();
}

criterion_group!(benches, request);
criterion_main!(benches);
