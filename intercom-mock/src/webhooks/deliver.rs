//! Sending notifications, in the background: one task per mock receives every [`Delivery`]
//! and passes it to the worker of its subscription, which POSTs the subscription's
//! notifications one after the other, in the order they happened, retrying each a bounded
//! number of times. A worker locks the state only to record the outcome in the
//! subscription's feeds, never while a request is in flight.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use reqwest::header::HeaderMap;
use serde_json::{Map, Value, json};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tokio::task::{JoinHandle, JoinSet};

use super::{Delivery, signature};
use crate::shapes;
use crate::state::State;

/// The `User-Agent` of every delivery, as Intercom sends it.
pub const USER_AGENT: &str = "intercom-parrot-service-client/1.0";

/// How deliveries are tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// How many times a notification is tried in all (at least once).
    pub attempts: u32,
    /// The wait after the first failed try; it doubles after each further one.
    pub delay: Duration,
    /// How long one try may take before it counts as failed.
    pub timeout: Duration,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            attempts: 3,
            delay: Duration::from_millis(500),
            timeout: Duration::from_secs(10),
        }
    }
}

/// What the delivery workers share with the server: the state to record outcomes in, and
/// its generation, which a reset moves on (deliveries of an older generation are dropped).
#[derive(Debug, Clone)]
pub struct Recorder {
    /// The mock's state.
    pub state: Arc<Mutex<State>>,
    /// The state's generation.
    pub epoch: Arc<AtomicU64>,
}

impl Recorder {
    fn current(&self, epoch: u64) -> bool {
        self.epoch.load(Ordering::SeqCst) == epoch
    }

    /// Records `notification` in the subscription's sent or error feed, unless the state was
    /// reset since it was made.
    fn record(&self, delivery: &Delivery, notification: Value, delivered: bool) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        // A subscription deleted meanwhile keeps no feeds.
        if !self.current(delivery.epoch)
            || state.subscriptions.get(&delivery.subscription).is_none()
        {
            return;
        }
        let feeds = state
            .feeds
            .entry(delivery.subscription.clone())
            .or_default();
        if delivered {
            feeds.sent(notification);
        } else {
            feeds.failed(notification);
        }
    }
}

/// Starts the delivery task; returns where to send deliveries and the task, which stops
/// every worker when aborted.
pub fn start(recorder: Recorder, policy: Policy) -> (UnboundedSender<Delivery>, JoinHandle<()>) {
    let (sender, receiver) = unbounded_channel();
    let task = tokio::spawn(dispatch(receiver, recorder, policy));
    (sender, task)
}

/// Passes each delivery to its subscription's worker, starting workers as needed. The
/// workers live as long as this task.
async fn dispatch(mut receiver: UnboundedReceiver<Delivery>, recorder: Recorder, policy: Policy) {
    let client = reqwest::Client::builder()
        .timeout(policy.timeout)
        .redirect(reqwest::redirect::Policy::none())
        // `X-Hub-Signature` on the wire, as Intercom writes it.
        .http1_title_case_headers()
        .build()
        .unwrap_or_default();
    let mut workers: HashMap<String, UnboundedSender<Delivery>> = HashMap::new();
    let mut tasks = JoinSet::new();
    while let Some(delivery) = receiver.recv().await {
        let worker = workers
            .entry(delivery.subscription.clone())
            .or_insert_with(|| {
                let (sender, queue) = unbounded_channel();
                tasks.spawn(work(queue, client.clone(), recorder.clone(), policy));
                sender
            });
        // A worker only stops when this task does.
        let _ = worker.send(delivery);
    }
}

/// Delivers one subscription's notifications in order.
async fn work(
    mut queue: UnboundedReceiver<Delivery>,
    client: reqwest::Client,
    recorder: Recorder,
    policy: Policy,
) {
    while let Some(delivery) = queue.recv().await {
        deliver(&client, &recorder, policy, delivery).await;
    }
}

/// Tries `delivery` up to `policy.attempts` times; records it as sent after the first 2xx
/// answer, or as failed, with the last try's request and answer, after the last try.
async fn deliver(
    client: &reqwest::Client,
    recorder: &Recorder,
    policy: Policy,
    delivery: Delivery,
) {
    let attempts = policy.attempts.max(1);
    let mut wait = policy.delay;
    let mut notification = delivery.notification.clone();
    let first_sent_at = shapes::now();
    notification["first_sent_at"] = json!(first_sent_at);
    for attempt in 1..=attempts {
        if !recorder.current(delivery.epoch) {
            return;
        }
        notification["delivery_attempts"] = json!(attempt);
        let body = notification.to_string().into_bytes();
        let mut headers = vec![
            ("Content-Type", "application/json".to_owned()),
            ("Accept", "application/json".to_owned()),
            ("User-Agent", USER_AGENT.to_owned()),
        ];
        if let Some(secret) = &delivery.secret {
            headers.push(("X-Hub-Signature", signature::sign(secret, &body)));
        }
        let mut request = client.post(&delivery.url).body(body.clone());
        for (name, value) in &headers {
            request = request.header(*name, value);
        }
        let answer = match request.send().await {
            Ok(response) if response.status().is_success() => {
                notification["delivery_status"] = json!("delivered");
                notification["delivered_at"] = json!(shapes::now());
                recorder.record(&delivery, notification, true);
                return;
            }
            Ok(response) => {
                let status = response.status().as_u16();
                let headers = header_map(response.headers());
                let entity = response.text().await.unwrap_or_default();
                (json!(status), headers, entity)
            }
            Err(err) => (Value::Null, Value::Object(Map::new()), err.to_string()),
        };
        if attempt == attempts {
            let (status, response_headers, entity) = answer;
            let sent_headers: Map<String, Value> = headers
                .iter()
                .map(|(name, value)| ((*name).to_owned(), json!(value)))
                .collect();
            notification["delivery_status"] = json!("failed");
            notification["http_request"] = json!({
                "request_method": "POST",
                "request_uri": delivery.url,
                "request_headers": sent_headers,
                "request_entity": String::from_utf8_lossy(&body),
                "response_status_code": status,
                "response_headers": response_headers,
                "response_entity": entity,
            });
            recorder.record(&delivery, notification, false);
            return;
        }
        tokio::time::sleep(wait).await;
        wait = wait.saturating_mul(2);
    }
}

/// Response headers as a JSON object of text values.
fn header_map(headers: &HeaderMap) -> Value {
    let map: Map<String, Value> = headers
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_owned(),
                json!(String::from_utf8_lossy(value.as_bytes())),
            )
        })
        .collect();
    Value::Object(map)
}
