//! Helpers shared by the runtime tests: small list types, clients with tiny retry delays,
//! and raw TCP servers for failures wiremock cannot produce.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use intercom_api::pagination::Envelope;
use intercom_api::{Client, RetryPolicy};
use serde::Deserialize;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

pub const TOKEN: &str = "dG9rOnNlY3JldC10b2tlbi0xMjM0NQ==";

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct User {
    pub id: Option<String>,
    #[serde(rename = "type")]
    pub type_: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Pages {
    pub next: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct UserList {
    #[serde(rename = "type")]
    pub type_: Option<String>,
    pub users: Option<Vec<User>>,
    pub pages: Option<Pages>,
    pub scroll_param: Option<String>,
}

impl Envelope for UserList {
    type Item = User;

    fn into_items(self) -> Vec<User> {
        self.users.unwrap_or_default()
    }

    fn is_list(&self) -> bool {
        self.users.is_some()
            || self
                .type_
                .as_deref()
                .is_some_and(|type_| type_.ends_with(".list"))
    }

    fn from_single(item: User) -> Self {
        UserList {
            type_: Some("user.list".to_owned()),
            users: Some(vec![item]),
            pages: None,
            scroll_param: None,
        }
    }

    fn next_url(&self) -> Option<&str> {
        self.pages.as_ref()?.next.as_deref()
    }

    fn scroll_param(&self) -> Option<&str> {
        self.scroll_param.as_deref()
    }
}

/// A retry policy whose waits are at most a few milliseconds.
pub fn fast_retries(attempts: u32) -> RetryPolicy {
    RetryPolicy::new()
        .max_attempts(attempts)
        .base_delay(Duration::from_millis(1))
        .max_delay(Duration::from_millis(4))
        .rate_limit_jitter(Duration::ZERO)
}

pub fn test_client(base_url: &str, policy: RetryPolicy) -> Client {
    match Client::builder()
        .token(TOKEN)
        .base_url(base_url)
        .retry_policy(policy)
        .build()
    {
        Ok(client) => client,
        Err(err) => panic!("test client: {err}"),
    }
}

pub fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// What a raw server does with one accepted connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conn {
    /// Close it at once, without reading.
    Drop,
    /// Read the request head, then write these bytes and close.
    Reply(&'static str),
}

/// A loopback server that treats the n-th connection as `plan[n]` (the last entry repeats),
/// and counts connections.
pub struct RawServer {
    pub addr: SocketAddr,
    pub connections: Arc<AtomicUsize>,
}

impl RawServer {
    pub async fn start(plan: Vec<Conn>) -> RawServer {
        let listener = match TcpListener::bind("127.0.0.1:0").await {
            Ok(listener) => listener,
            Err(err) => panic!("bind: {err}"),
        };
        let addr = match listener.local_addr() {
            Ok(addr) => addr,
            Err(err) => panic!("local_addr: {err}"),
        };
        let connections = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&connections);
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let n = counter.fetch_add(1, Ordering::SeqCst);
                let step = plan.get(n).or(plan.last()).copied().unwrap_or(Conn::Drop);
                tokio::spawn(serve(stream, step));
            }
        });
        RawServer { addr, connections }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

async fn serve(mut stream: TcpStream, step: Conn) {
    match step {
        Conn::Drop => drop(stream),
        Conn::Reply(bytes) => {
            let mut head = Vec::new();
            let mut buf = [0_u8; 1024];
            while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                match stream.read(&mut buf).await {
                    Ok(0) | Err(_) => return,
                    Ok(n) => head.extend_from_slice(&buf[..n]),
                }
            }
            let _ = stream.write_all(bytes.as_bytes()).await;
            let _ = stream.shutdown().await;
        }
    }
}
