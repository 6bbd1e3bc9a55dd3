//! Receiving one webhook delivery: verify the `X-Hub-Signature` and decode the notification
//! with its typed item, against decoding the same body into `serde_json::Value` (the baseline).
//!
//! Two realistic deliveries (the test fixtures): a `user.created` whose user carries RFC 3339
//! dates, wrapped lists and location data, and a `conversation.user.replied` with a wrapped
//! conversation part.
//!
//! `cargo bench -p intercom-api --bench webhook`

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use intercom_api::webhook::{WebhookNotification, WebhookVerifier};
use serde_json::Value;

const USER_CREATED: &[u8] = include_bytes!("../tests/fixtures/webhooks/user.created.json");
const CONVERSATION_USER_REPLIED: &[u8] =
    include_bytes!("../tests/fixtures/webhooks/conversation.user.replied.json");

fn webhook(c: &mut Criterion) {
    for (name, body) in [
        ("webhook_user_created", USER_CREATED),
        (
            "webhook_conversation_user_replied",
            CONVERSATION_USER_REPLIED,
        ),
    ] {
        receive(c, name, body);
    }
}

fn receive(c: &mut Criterion, name: &str, body: &[u8]) {
    let verifier = WebhookVerifier::new("hub-secret");
    let signature = verifier.sign(body);
    // The benchmark measures what the receiver does, so it must succeed.
    if verifier.verify(body, Some(&signature)).is_err() {
        panic!("{name}: the delivery does not verify");
    }

    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.sample_size(100);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(3));

    group.bench_function("baseline_serde_json_value", |b| {
        b.iter(|| black_box(serde_json::from_slice::<Value>(black_box(body)).ok()))
    });
    group.bench_function("verify_and_decode", |b| {
        b.iter(|| black_box(verifier.verify(black_box(body), Some(&signature)).ok()))
    });
    group.bench_function("verify_signature_only", |b| {
        b.iter(|| {
            black_box(
                verifier
                    .verify_signature(black_box(body), Some(&signature))
                    .ok(),
            )
        })
    });
    group.bench_function("decode_only", |b| {
        b.iter(|| black_box(WebhookNotification::from_unverified_slice(black_box(body)).ok()))
    });
    group.finish();
}

criterion_group!(benches, webhook);
criterion_main!(benches);
