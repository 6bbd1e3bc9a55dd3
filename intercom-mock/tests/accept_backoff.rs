//! When `accept` fails because the process is out of file descriptors, the mock backs off
//! instead of retrying at once, and serves again once descriptors are free.
//!
//! Alone in its own test binary: it lowers the process's descriptor limit.

#![cfg(target_os = "linux")]

use std::time::Duration;

use intercom_mock::MockServer;
use rlimit::Resource;
use tokio::net::TcpSocket;

/// How long the test lets the server fail to accept. Without a backoff it fails hundreds of
/// thousands of times in this while; with one, a handful.
const STARVED_FOR: Duration = Duration::from_millis(500);

fn open_descriptors() -> u64 {
    std::fs::read_dir("/proc/self/fd").map_or(0, |dir| dir.count() as u64)
}

/// Opens files until the process has no descriptor left under its limit, whatever holes the
/// numbering has, and returns them to be closed later.
fn fill_free_descriptors() -> Vec<std::fs::File> {
    let mut files = Vec::new();
    while let Ok(file) = std::fs::File::open("/dev/null") {
        files.push(file);
    }
    files
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accept_failures_back_off_and_the_server_recovers() {
    let mock = MockServer::builder().start().await.expect("starts");
    let (soft, hard) = Resource::NOFILE.get().expect("reads the limit");

    // The client sockets are made while descriptors are plentiful; then the process is left
    // with none free, and only then do they connect. The kernel completes the connections
    // into the listener's backlog, and every accept fails: the server cannot get a
    // descriptor for any of them, however the threads are scheduled.
    let sockets: Vec<TcpSocket> = (0..8)
        .map(|_| TcpSocket::new_v4().expect("a client socket"))
        .collect();
    Resource::NOFILE
        .set(open_descriptors(), hard)
        .expect("lowers the limit");
    let fillers = fill_free_descriptors();
    let mut clients = Vec::new();
    for socket in sockets {
        if let Ok(stream) = socket.connect(mock.addr()).await {
            clients.push(stream);
        }
    }
    let waited = tokio::time::timeout(Duration::from_secs(30), async {
        while mock.accept_errors() == 0 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    })
    .await;
    tokio::time::sleep(STARVED_FOR).await;
    let errors = mock.accept_errors();

    drop(clients);
    drop(fillers);
    Resource::NOFILE
        .set(soft, hard)
        .expect("restores the limit");
    assert!(
        waited.is_ok(),
        "accept never failed; the test did not starve the server"
    );
    assert!(
        errors < 1_000,
        "accept failed {errors} times: the server retried without waiting"
    );

    let response = reqwest::Client::new()
        .get(format!("{}/me", mock.url()))
        .bearer_auth("token")
        .send()
        .await
        .expect("the server serves again");
    assert!(response.status().is_success(), "{}", response.status());
}
