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
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use intercom_api::{Client, types};
use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderValue};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const TOKEN: &str = "dG9rOmJlbmNoLXRva2Vu";
const USER_ID: &str = "5714dd359a3fd47136000001";

// The same body as the `request` bench.
const USER: &str = r#"{"type":"user","id":"5714dd359a3fd47136000001","user_id":"user-1","anonymous":false,"email":"person1@example.com","phone":"+353871234567","name":"Person Number 1","pseudonym":null,"app_id":"ecahpwf5","avatar":{"type":"avatar","image_url":"https://static.intercomassets.com/avatars/1/square_128/a.png"},"location_data":{"type":"location_data","city_name":"Dublin","continent_code":"EU","country_code":"IRL","country_name":"Ireland","latitude":53.3498,"longitude":-6.2603,"postal_code":null,"region_name":"Dublin","timezone":"Europe/Dublin"},"last_seen_ip":"10.0.0.1","user_agent_data":"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36","referrer":"https://example.com/pricing","utm_campaign":null,"utm_content":null,"utm_medium":"email","utm_source":"newsletter","utm_term":null,"unsubscribed_from_emails":false,"has_hard_bounced":false,"marked_email_as_spam":false,"created_at":1500000000,"updated_at":1500086400,"signed_up_at":1500000000,"remote_created_at":1499999940,"last_request_at":1500007200,"session_count":4,"custom_attributes":{"plan":"pro","seats":6,"mrr":49.99,"beta_tester":true,"nickname":null},"companies":{"type":"company.list","companies":[{"type":"company","id":"5a6b7c8d9e0f000100","company_id":"acme-1-0","name":"Acme","app_id":"ecahpwf5","created_at":1500000000,"plan":{"type":"plan","id":"269315","name":"Pro"},"monthly_spend":49.5,"session_count":120,"user_count":12}]},"segments":{"type":"segment.list","segments":[{"type":"segment","id":"seg0010"},{"type":"segment","id":"seg0011"}]},"tags":{"type":"tag.list","tags":[{"type":"tag","id":"17000","name":"tag-0"}]},"social_profiles":{"type":"social_profile.list","social_profiles":[{"type":"social_profile","name":"Twitter","id":"1000001","username":"person1","url":"https://twitter.com/person1"}]},"owner_id":1234567,"browser_language":"en"}"#;

fn response() -> Vec<u8> {
    format!(
        "HTTP/1.1 200 OK\r\n\
         Content-Type: application/json; charset=utf-8\r\n\
         Content-Length: {}\r\n\
         X-RateLimit-Limit: 1000\r\n\
         X-RateLimit-Remaining: 999\r\n\
         X-RateLimit-Reset: 1900000000\r\n\
         X-Request-Id: 000ppfm9ocmrl3ha0ss0\r\n\
         \r\n{USER}",
        USER.len()
    )
    .into_bytes()
}

/// The server runs on the driver's own current-thread runtime, as in the `request` bench.
fn start_server(runtime: &tokio::runtime::Runtime) -> SocketAddr {
    let listener = match runtime.block_on(TcpListener::bind("127.0.0.1:0")) {
        Ok(listener) => listener,
        Err(err) => panic!("the server binds a loopback port: {err}"),
    };
    let addr = match listener.local_addr() {
        Ok(addr) => addr,
        Err(err) => panic!("the server has an address: {err}"),
    };
    let response: Arc<[u8]> = response().into();
    runtime.spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let _ = socket.set_nodelay(true);
            tokio::spawn(serve(socket, Arc::clone(&response)));
        }
    });
    addr
}

async fn serve(mut socket: TcpStream, response: Arc<[u8]>) {
    let mut buf = Vec::with_capacity(4096);
    let mut chunk = [0_u8; 4096];
    loop {
        let Some(end) = request_end(&mut socket, &mut buf, &mut chunk).await else {
            return;
        };
        buf.drain(..end);
        if socket.write_all(&response).await.is_err() {
            return;
        }
    }
}

async fn request_end(socket: &mut TcpStream, buf: &mut Vec<u8>, chunk: &mut [u8]) -> Option<usize> {
    loop {
        if let Some(head) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head_end = head + 4;
            let length = content_length(&buf[..head_end]);
            if buf.len() >= head_end + length {
                return Some(head_end + length);
            }
        }
        match socket.read(chunk).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
}

fn content_length(head: &[u8]) -> usize {
    String::from_utf8_lossy(head)
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
        .unwrap_or(0)
}

struct Sides {
    client: Client,
    http: reqwest::Client,
    url: String,
    authorization: HeaderValue,
}

impl Sides {
    async fn by_hand(&self) -> Option<types::User> {
        let response = self
            .http
            .get(&self.url)
            .header(AUTHORIZATION, self.authorization.clone())
            .header(ACCEPT, "application/json")
            .header("Intercom-Version", "1.4")
            .send()
            .await
            .ok()?;
        response.error_for_status().ok()?.json().await.ok()
    }

    async fn through_client(&self) -> Option<types::User> {
        self.client.get_user(black_box(USER_ID)).await.ok()
    }
}

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
    let addr = start_server(&runtime);
    let base = format!("http://{addr}");
    let client = match Client::builder().token(TOKEN).base_url(&base).build() {
        Ok(client) => client,
        Err(err) => panic!("the client builds: {err}"),
    };
    let http = match reqwest::Client::builder()
        .user_agent("bench/1.0")
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
    {
        Ok(http) => http,
        Err(err) => panic!("the reqwest client builds: {err}"),
    };
    let sides = Sides {
        client,
        http,
        url: format!("{base}/users/{USER_ID}"),
        authorization: HeaderValue::from_static("Bearer dG9rOmJlbmNoLXRva2Vu"),
    };
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
