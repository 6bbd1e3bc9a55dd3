//! The loopback server of the `request` and `request_count` benches: a minimal HTTP/1.1
//! responder that answers every request on a kept-alive connection with one fixed user, as
//! Intercom would, rate-limit headers included; and the two sides those benches compare, the
//! client and the same request written by hand with reqwest.

use std::hint::black_box;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use intercom_api::{Client, types};
use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderValue};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const TOKEN: &str = "dG9rOmJlbmNoLXRva2Vu";
pub const USER_ID: &str = "5714dd359a3fd47136000001";

const USER: &str = r#"{"type":"user","id":"5714dd359a3fd47136000001","user_id":"user-1","anonymous":false,"email":"person1@example.com","phone":"+353871234567","name":"Person Number 1","pseudonym":null,"app_id":"ecahpwf5","avatar":{"type":"avatar","image_url":"https://static.intercomassets.com/avatars/1/square_128/a.png"},"location_data":{"type":"location_data","city_name":"Dublin","continent_code":"EU","country_code":"IRL","country_name":"Ireland","latitude":53.3498,"longitude":-6.2603,"postal_code":null,"region_name":"Dublin","timezone":"Europe/Dublin"},"last_seen_ip":"10.0.0.1","user_agent_data":"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36","referrer":"https://example.com/pricing","utm_campaign":null,"utm_content":null,"utm_medium":"email","utm_source":"newsletter","utm_term":null,"unsubscribed_from_emails":false,"has_hard_bounced":false,"marked_email_as_spam":false,"created_at":1500000000,"updated_at":1500086400,"signed_up_at":1500000000,"remote_created_at":1499999940,"last_request_at":1500007200,"session_count":4,"custom_attributes":{"plan":"pro","seats":6,"mrr":49.99,"beta_tester":true,"nickname":null},"companies":{"type":"company.list","companies":[{"type":"company","id":"5a6b7c8d9e0f000100","company_id":"acme-1-0","name":"Acme","app_id":"ecahpwf5","created_at":1500000000,"plan":{"type":"plan","id":"269315","name":"Pro"},"monthly_spend":49.5,"session_count":120,"user_count":12}]},"segments":{"type":"segment.list","segments":[{"type":"segment","id":"seg0010"},{"type":"segment","id":"seg0011"}]},"tags":{"type":"tag.list","tags":[{"type":"tag","id":"17000","name":"tag-0"}]},"social_profiles":{"type":"social_profile.list","social_profiles":[{"type":"social_profile","name":"Twitter","id":"1000001","username":"person1","url":"https://twitter.com/person1"}]},"owner_id":1234567,"browser_language":"en"}"#;

/// The client, and a reqwest client set up like the one the crate builds, both against the
/// loopback server.
pub struct Sides {
    pub client: Client,
    http: reqwest::Client,
    url: String,
    authorization: HeaderValue,
}

impl Sides {
    /// Starts the server on `runtime` (see [`start_server`]) and sets up both sides against it.
    pub fn start(runtime: &tokio::runtime::Runtime) -> Sides {
        let base = format!("http://{}", start_server(runtime));
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
        Sides {
            client,
            http,
            url: format!("{base}/users/{USER_ID}"),
            authorization: HeaderValue::from_static("Bearer dG9rOmJlbmNoLXRva2Vu"),
        }
    }

    /// The hand-written `get_user` request, with the headers the client sends.
    pub fn hand_request(&self) -> reqwest::RequestBuilder {
        self.http
            .get(&self.url)
            .header(AUTHORIZATION, self.authorization.clone())
            .header(ACCEPT, "application/json")
            .header("Intercom-Version", "1.4")
    }

    /// The user by hand: the request sent, an error status refused, the body decoded.
    pub async fn by_hand(&self) -> Option<types::User> {
        let response = self.hand_request().send().await.ok()?;
        response.error_for_status().ok()?.json().await.ok()
    }

    /// The user through the client.
    pub async fn through_client(&self) -> Option<types::User> {
        self.client.get_user(black_box(USER_ID)).await.ok()
    }
}

/// The fixed HTTP response, headers and body.
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

/// Starts the server as a task of `runtime`, the runtime the benchmark itself runs on: client
/// and server then share one thread, and a round trip involves no cross-thread wake-up, which
/// on a small shared machine is the largest source of noise. Returns the server's address.
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

/// Answers every request of a connection with `response` until the client closes it.
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

/// Reads until one whole request (headers and any `Content-Length` body) is buffered; returns
/// its length, or `None` when the connection closed.
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
