//! A driver for counting instructions instead of timing: `N` `get_user` calls through the
//! client, or the same request written by hand with reqwest, against the loopback server of the
//! `request` bench. Wall-clock ratios on a shared machine move by several percent from run to
//! run; instruction counts under callgrind repeat to a few parts in a million.
//!
//! ```text
//! cargo bench -p intercom-api --bench request_count --no-run
//! valgrind --tool=callgrind --toggle-collect='request_count::measure*' \
//!     target/release/deps/request_count-* client 2000
//! ```
//!
//! The first argument is `client` or `hand`, the second the number of calls (default 1000).
//! Both sides open their connection and make one call before `measure`, so that only the
//! calls themselves (and the server's answers, which are the same for both) are counted; the
//! difference between two call counts cancels the setup.
//!
//! Without valgrind it prints the wall time per call. `both` times the two sides in
//! alternating rounds of 50 calls and prints the median of the per-round ratios, which a
//! machine whose load drifts over seconds disturbs less than two separate measurements.

use std::hint::black_box;
use std::time::{Duration, Instant};

#[path = "loopback/mod.rs"]
mod loopback;

use loopback::Sides;

// Separate, never-inlined functions: callgrind's `--toggle-collect` counts only inside them.
#[inline(never)]
fn measure_client(runtime: &tokio::runtime::Runtime, sides: &Sides, calls: u32) -> u32 {
    runtime.block_on(async {
        let mut ok = 0;
        for _ in 0..calls {
            ok += u32::from(black_box(sides.through_client().await).is_some());
        }
        ok
    })
}

#[inline(never)]
fn measure_hand(runtime: &tokio::runtime::Runtime, sides: &Sides, calls: u32) -> u32 {
    runtime.block_on(async {
        let mut ok = 0;
        for _ in 0..calls {
            ok += u32::from(black_box(sides.by_hand().await).is_some());
        }
        ok
    })
}

fn main() {
    let mut args = std::env::args().skip(1).filter(|arg| arg != "--bench");
    let side = args.next().unwrap_or_else(|| "client".to_owned());
    let calls: u32 = args.next().and_then(|n| n.parse().ok()).unwrap_or(1000);

    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => panic!("the runtime starts: {err}"),
    };
    let sides = Sides::start(&runtime);
    // Connections opened, lazily initialised state set up, outside the counted part.
    let warm = runtime.block_on(async {
        (
            sides.through_client().await.is_some(),
            sides.by_hand().await.is_some(),
        )
    });
    assert!(warm.0 && warm.1, "both sides decode the user");

    if side == "both" {
        compare(&runtime, &sides, calls);
        return;
    }
    let start = Instant::now();
    let ok = match side.as_str() {
        "client" => measure_client(&runtime, &sides, calls),
        "hand" => measure_hand(&runtime, &sides, calls),
        other => panic!("the side is `client`, `hand` or `both`, not `{other}`"),
    };
    let elapsed = start.elapsed();
    assert_eq!(ok, calls, "every call decodes the user");
    println!(
        "{side}: {calls} calls, {:.1} µs per call",
        elapsed.as_secs_f64() * 1e6 / f64::from(calls.max(1))
    );
}

/// Times `calls` calls each way in alternating rounds; prints the median ratio of the rounds.
fn compare(runtime: &tokio::runtime::Runtime, sides: &Sides, calls: u32) {
    const ROUND: u32 = 50;
    let mut ratios = Vec::new();
    let (mut client, mut hand) = (Duration::ZERO, Duration::ZERO);
    for round in 0..calls.div_ceil(ROUND) {
        let time = |measure: fn(&tokio::runtime::Runtime, &Sides, u32) -> u32| {
            let start = Instant::now();
            assert_eq!(measure(runtime, sides, ROUND), ROUND, "every call decodes");
            start.elapsed()
        };
        // Which side goes first alternates too, so that neither always follows the other.
        let (c, h) = if round % 2 == 0 {
            let c = time(measure_client);
            (c, time(measure_hand))
        } else {
            let h = time(measure_hand);
            (time(measure_client), h)
        };
        client += c;
        hand += h;
        ratios.push(c.as_secs_f64() / h.as_secs_f64());
    }
    ratios.sort_by(f64::total_cmp);
    let median = ratios.get(ratios.len() / 2).copied().unwrap_or(f64::NAN);
    let per_call =
        |total: Duration| total.as_secs_f64() * 1e6 / f64::from(ROUND) / ratios.len() as f64;
    println!(
        "both: {} rounds of {ROUND}: client {:.2} µs, hand {:.2} µs per call; median round ratio {median:.4}",
        ratios.len(),
        per_call(client),
        per_call(hand),
    );
}
