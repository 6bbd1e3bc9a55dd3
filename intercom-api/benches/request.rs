//! One `get_user` call through the client against a loopback server, beside the same request
//! written by hand with reqwest (same headers, same connection reuse, same decoding).
//!
//! The server is a minimal HTTP/1.1 responder on the benchmark's own runtime (`loopback/`): it
//! answers every request on a kept-alive connection with one fixed user, as Intercom would,
//! rate-limit headers included.
//!
//! `cargo bench -p intercom-api --bench request`

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use intercom_api::types;

#[path = "loopback/mod.rs"]
mod loopback;

use loopback::Sides;

fn request(c: &mut Criterion) {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => panic!("the bench runtime starts: {err}"),
    };
    let sides = Sides::start(&runtime);

    // One call each before measuring: both open their kept-alive connection here.
    runtime.block_on(async {
        match sides.client.get_user(loopback::USER_ID).await {
            Ok(user) => println!(
                "client: decoded user {:?} with {} companies",
                user.id,
                user.companies.as_ref().map_or(0, Vec::len)
            ),
            Err(err) => println!("client: get_user failed: {err}"),
        }
        match sides.hand_request().send().await {
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
        b.to_async(&runtime)
            .iter(|| async { black_box(sides.by_hand().await) })
    });
    group.bench_function("client_get_user", |b| {
        b.to_async(&runtime)
            .iter(|| async { black_box(sides.through_client().await) })
    });
    group.bench_function("reqwest_by_hand_to_serde_json_value", |b| {
        b.to_async(&runtime).iter(|| async {
            let value = match sides.hand_request().send().await {
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
