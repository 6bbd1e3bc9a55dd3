//! A webhook receiver on a loopback port: it records every request (headers and exact body
//! bytes) and answers with the statuses it was given, in turn.

use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::header::HeaderMap;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// How long [`Receiver::wait_for`] and [`poll`] wait at most.
pub const PATIENCE: Duration = Duration::from_secs(5);

/// One request the receiver got.
#[derive(Debug, Clone)]
pub struct Received {
    /// The method.
    pub method: String,
    /// Its headers.
    pub headers: HeaderMap,
    /// Its body, byte for byte.
    pub body: Bytes,
}

impl Received {
    /// A header as text (empty when absent).
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }

    /// The body as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }
}

/// A running receiver; dropping it stops it.
pub struct Receiver {
    /// The URL to subscribe.
    pub url: String,
    received: Arc<Mutex<Vec<Received>>>,
    task: JoinHandle<()>,
}

impl Receiver {
    /// A receiver answering 200 to everything.
    pub async fn ok() -> Receiver {
        Receiver::answering(&[200]).await
    }

    /// A receiver answering `statuses` in turn, then the last of them to every request
    /// after.
    pub async fn answering(statuses: &[u16]) -> Receiver {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
        let url = format!(
            "http://{}/hooks",
            listener.local_addr().expect("an address")
        );
        let received: Arc<Mutex<Vec<Received>>> = Arc::default();
        let statuses: Arc<Vec<u16>> = Arc::new(statuses.to_vec());
        let log = Arc::clone(&received);
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let log = Arc::clone(&log);
                let statuses = Arc::clone(&statuses);
                tokio::spawn(async move {
                    let service = service_fn(move |req: Request<hyper::body::Incoming>| {
                        let log = Arc::clone(&log);
                        let statuses = Arc::clone(&statuses);
                        async move {
                            let (parts, body) = req.into_parts();
                            let body = body
                                .collect()
                                .await
                                .map(|b| b.to_bytes())
                                .unwrap_or_default();
                            let status = {
                                let mut log = log.lock().expect("the log");
                                log.push(Received {
                                    method: parts.method.to_string(),
                                    headers: parts.headers,
                                    body,
                                });
                                let n = log.len() - 1;
                                statuses.get(n).or(statuses.last()).copied().unwrap_or(200)
                            };
                            let mut response =
                                Response::new(Full::new(Bytes::from_static(b"receiver says no")));
                            *response.status_mut() =
                                hyper::StatusCode::from_u16(status).expect("a status");
                            response
                                .headers_mut()
                                .insert("X-Receiver", "test".parse().expect("a header"));
                            Ok::<_, Infallible>(response)
                        }
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Receiver {
            url,
            received,
            task,
        }
    }

    /// What the receiver got so far.
    pub fn received(&self) -> Vec<Received> {
        self.received.lock().expect("the log").clone()
    }

    /// Waits (at most [`PATIENCE`]) until the receiver got `n` requests; answers them.
    pub async fn wait_for(&self, n: usize) -> Vec<Received> {
        poll(&format!("{n} deliveries to {}", self.url), || {
            let got = self.received();
            (got.len() >= n).then_some(got)
        })
        .await
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Calls `check` every few milliseconds until it answers something (at most [`PATIENCE`]).
pub async fn poll<T>(what: &str, mut check: impl FnMut() -> Option<T>) -> T {
    let start = Instant::now();
    loop {
        if let Some(found) = check() {
            return found;
        }
        assert!(start.elapsed() < PATIENCE, "gave up waiting for {what}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// Like [`poll`], for an async check.
pub async fn poll_async<T, F>(what: &str, mut check: impl FnMut() -> F) -> T
where
    F: std::future::Future<Output = Option<T>>,
{
    let start = Instant::now();
    loop {
        if let Some(found) = check().await {
            return found;
        }
        assert!(start.elapsed() < PATIENCE, "gave up waiting for {what}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// A loopback URL nothing listens on.
pub async fn refusing_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let addr = listener.local_addr().expect("an address");
    drop(listener);
    format!("http://{addr}/hooks")
}
