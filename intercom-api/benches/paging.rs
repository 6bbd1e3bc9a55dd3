//! Streaming 10k and 100k users over 50-user pages from a loopback server through
//! `client.list_users().stream()`, beside a hand-written reqwest loop that follows
//! `pages.next` and decodes each page into the same generated type.
//!
//! Throughput is reported in users per second. Before timing, each way of walking the list runs
//! once under a counting global allocator and prints its peak heap use above what was live
//! before it started: a stream that holds one page at a time peaks at the same size for 10k
//! and 100k users. The count is process-wide, so it includes the server thread's page buffers.
//!
//! `cargo bench -p intercom-api --bench paging`

use std::fmt::Write as _;
use std::future::{Future, ready};
use std::hint::black_box;
use std::net::SocketAddr;
use std::pin::pin;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use futures_util::{StreamExt, TryStreamExt};
use intercom_api::{Client, types};
use peak_alloc::PeakAlloc;
use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderValue};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::runtime::Runtime;

#[global_allocator]
static ALLOCATOR: PeakAlloc = PeakAlloc;

const TOKEN: &str = "dG9rOmJlbmNoLXRva2Vu";
const PER_PAGE: usize = 50;
const SIZES: [usize; 2] = [10_000, 100_000];

/// Appends user number `i` as JSON: location data, custom attributes, wrapped lists and a field
/// the spec does not describe.
fn write_user(out: &mut String, i: usize) {
    let created = 1_500_000_000 + i;
    let _ = write!(
        out,
        r#"{{"type":"user","id":"5714dd359a3fd4713{i:07}","user_id":"user-{i}","anonymous":false,"email":"person{i}@example.com","phone":null,"name":"Person Number {i}","pseudonym":null,"app_id":"ecahpwf5","avatar":{{"type":"avatar","image_url":"https://static.intercomassets.com/avatars/{i}/square_128/a.png"}},"location_data":{{"type":"location_data","city_name":"Dublin","continent_code":"EU","country_code":"IRL","country_name":"Ireland","latitude":53.3498,"longitude":-6.2603,"postal_code":null,"region_name":"Dublin","timezone":"Europe/Dublin"}},"last_seen_ip":"10.0.0.1","user_agent_data":"Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0","unsubscribed_from_emails":false,"has_hard_bounced":false,"marked_email_as_spam":false,"created_at":{created},"updated_at":{created},"signed_up_at":{created},"last_request_at":{created},"session_count":{session},"custom_attributes":{{"plan":"pro","seats":{seats},"beta_tester":true}},"companies":{{"type":"company.list","companies":[{{"type":"company","id":"5a6b7c8d9e{i:08}","company_id":"acme-{i}","name":"Acme {i}"}}]}},"segments":{{"type":"segment.list","segments":[{{"type":"segment","id":"seg{i}"}}]}},"tags":{{"type":"tag.list","tags":[]}},"social_profiles":{{"type":"social_profile.list","social_profiles":[]}},"owner_id":1234567}}"#,
        session = i % 97,
        seats = 1 + i % 10,
    );
}

/// Writes page `page` (from 1) of a list of `total` users under the path prefix `/n{total}`.
fn write_page(body: &mut String, addr: SocketAddr, total: usize, page: usize) {
    let total_pages = total.div_ceil(PER_PAGE);
    let first = (page - 1) * PER_PAGE;
    let last = (first + PER_PAGE).min(total);
    let _ = write!(
        body,
        r#"{{"type":"user.list","total_count":{total},"pages":{{"type":"pages","next":"#
    );
    if page < total_pages {
        let _ = write!(
            body,
            r#""http://{addr}/n{total}/users?per_page={PER_PAGE}&page={}""#,
            page + 1
        );
    } else {
        body.push_str("null");
    }
    let _ = write!(
        body,
        r#","page":{page},"per_page":{PER_PAGE},"total_pages":{total_pages}}},"users":["#
    );
    for i in first..last {
        if i > first {
            body.push(',');
        }
        write_user(body, i);
    }
    body.push_str("]}");
}

/// `GET /n{total}/users[?…page={page}…]` -> `(total, page)`.
fn route(head: &[u8]) -> Option<(usize, usize)> {
    let line = std::str::from_utf8(head).ok()?.lines().next()?;
    let target = line.split(' ').nth(1)?;
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let total = path
        .strip_prefix("/n")?
        .strip_suffix("/users")?
        .parse()
        .ok()?;
    let page = query
        .split('&')
        .find_map(|pair| pair.strip_prefix("page="))
        .map_or(Some(1), |page| page.parse().ok())?;
    Some((total, page))
}

fn start_server() -> SocketAddr {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = match tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        {
            Ok(runtime) => runtime,
            Err(err) => panic!("the server runtime starts: {err}"),
        };
        runtime.block_on(async move {
            let listener = match TcpListener::bind("127.0.0.1:0").await {
                Ok(listener) => listener,
                Err(err) => panic!("the server binds a loopback port: {err}"),
            };
            let addr = match listener.local_addr() {
                Ok(addr) => addr,
                Err(err) => panic!("the server has an address: {err}"),
            };
            let _ = tx.send(addr);
            while let Ok((socket, _)) = listener.accept().await {
                let _ = socket.set_nodelay(true);
                tokio::spawn(serve(socket, addr));
            }
        });
    });
    match rx.recv() {
        Ok(addr) => addr,
        Err(err) => panic!("the server did not start: {err}"),
    }
}

/// Answers each request of a kept-alive connection with the page it asks for. The page is
/// written into buffers reused from one response to the next, so that after the first page the
/// server allocates (almost) nothing that the counting allocator would add to the client's peak.
async fn serve(mut socket: TcpStream, addr: SocketAddr) {
    let mut buf = Vec::with_capacity(4096);
    let mut chunk = [0_u8; 4096];
    let mut body = String::new();
    let mut response = String::new();
    loop {
        let end = loop {
            if let Some(head) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break head + 4;
            }
            match socket.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        };
        response.clear();
        match route(&buf[..end]) {
            Some((total, page)) if page >= 1 => {
                body.clear();
                write_page(&mut body, addr, total, page);
                let _ = write!(
                    response,
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
                     X-RateLimit-Limit: 1000\r\nX-RateLimit-Remaining: 999\r\n\
                     X-RateLimit-Reset: 1900000000\r\n\r\n",
                    body.len()
                );
                response.push_str(&body);
            }
            _ => response.push_str("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"),
        }
        buf.drain(..end);
        if socket.write_all(response.as_bytes()).await.is_err() {
            return;
        }
    }
}

struct Setup {
    addr: SocketAddr,
    http: reqwest::Client,
    authorization: HeaderValue,
}

impl Setup {
    fn client(&self, total: usize) -> Client {
        match Client::builder()
            .token(TOKEN)
            .base_url(format!("http://{}/n{total}", self.addr))
            .build()
        {
            Ok(client) => client,
            Err(err) => panic!("the client builds: {err}"),
        }
    }
}

/// `client.list_users().stream()`, every user looked at once; the number of users.
async fn through_client(client: Client) -> usize {
    client
        .list_users()
        .stream()
        .try_fold(0_usize, |n, user| {
            black_box(user);
            ready(Ok(n + 1))
        })
        .await
        .unwrap_or(0)
}

/// The same walk by hand: GET, decode the page into the generated `UserList`, look at every
/// user, follow `pages.next`; at most `max_pages` pages.
async fn by_hand(setup: &Setup, total: usize, max_pages: usize) -> usize {
    let mut url = format!("http://{}/n{total}/users", setup.addr);
    let mut n = 0;
    for _ in 0..max_pages {
        let sent = setup
            .http
            .get(&url)
            .header(AUTHORIZATION, setup.authorization.clone())
            .header(ACCEPT, "application/json")
            .header("Intercom-Version", "1.4")
            .send()
            .await;
        let Ok(response) = sent else { return n };
        let Ok(page) = response.json::<types::UserList>().await else {
            return n;
        };
        for user in page.users.unwrap_or_default() {
            black_box(user);
            n += 1;
        }
        match page.pages.and_then(|pages| pages.next) {
            Some(next) => url = next,
            None => return n,
        }
    }
    n
}

/// Runs `walk` once; returns what it returned and the peak heap use above the bytes live
/// when it started.
fn peak_of<T>(runtime: &Runtime, walk: impl Future<Output = T>) -> (T, usize) {
    let before = ALLOCATOR.current_usage();
    ALLOCATOR.reset_peak_usage();
    let out = runtime.block_on(walk);
    (out, ALLOCATOR.peak_usage().saturating_sub(before))
}

fn kib(bytes: usize) -> String {
    format!("{:.0} KiB", bytes as f64 / 1024.0)
}

fn report_memory(runtime: &Runtime, setup: &Setup) {
    println!("peak heap above the start of each walk ({PER_PAGE} users a page):");
    for total in SIZES {
        // One page first, so that the connection and the server's buffers exist before measuring.
        let client = setup.client(total);
        runtime.block_on(async {
            let mut pages = pin!(client.list_users().pages());
            black_box(pages.next().await.map(|page| page.is_ok()));
        });
        let (seen, client_peak) = peak_of(runtime, through_client(client));
        runtime.block_on(by_hand(setup, total, 1));
        let (seen_by_hand, hand_peak) = peak_of(runtime, by_hand(setup, total, usize::MAX));
        println!(
            "  {total:>7} users: client stream {} ({seen} users), reqwest loop {} ({seen_by_hand} users)",
            kib(client_peak),
            kib(hand_peak),
        );
    }
    // For contrast: what holding every user at once costs.
    for total in SIZES {
        let client = setup.client(total);
        runtime.block_on(async {
            let mut pages = pin!(client.list_users().pages());
            black_box(pages.next().await.map(|page| page.is_ok()));
        });
        let (all, peak) = peak_of(runtime, async move {
            client
                .list_users()
                .stream()
                .try_collect::<Vec<types::User>>()
                .await
                .map_or(0, |all| all.len())
        });
        println!(
            "  {total:>7} users collected into a Vec (contrast): {} ({all} users)",
            kib(peak)
        );
    }
}

fn paging(c: &mut Criterion) {
    let addr = start_server();
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => panic!("the bench runtime starts: {err}"),
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
    let setup = Setup {
        addr,
        http,
        authorization: HeaderValue::from_static("Bearer dG9rOmJlbmNoLXRva2Vu"),
    };
    let mut sample_page = String::new();
    write_page(&mut sample_page, addr, SIZES[0], 1);
    println!(
        "one page: {PER_PAGE} users, {} bytes of JSON; size_of::<types::User>() = {} bytes",
        sample_page.len(),
        std::mem::size_of::<types::User>()
    );

    report_memory(&runtime, &setup);

    let mut group = c.benchmark_group("stream_users");
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(500));
    for total in SIZES {
        group.throughput(Throughput::Elements(total as u64));
        group.measurement_time(Duration::from_secs(if total > 10_000 { 10 } else { 3 }));
        let client = setup.client(total);
        group.bench_function(format!("baseline_reqwest_loop/{total}"), |b| {
            b.to_async(&runtime)
                .iter(|| by_hand(&setup, total, usize::MAX))
        });
        group.bench_function(format!("client_stream/{total}"), |b| {
            b.to_async(&runtime).iter(|| through_client(client.clone()))
        });
    }
    group.finish();
}

criterion_group!(benches, paging);
criterion_main!(benches);
