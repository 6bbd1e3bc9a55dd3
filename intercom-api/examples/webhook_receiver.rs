//! A webhook receiver on axum: it verifies each delivery's `X-Hub-Signature` and prints what
//! arrived.
//!
//! ```sh
//! INTERCOM_WEBHOOK_SECRET=… cargo run -p intercom-api --example webhook_receiver
//! ```
//!
//! listens on `0.0.0.0:8000` (`PORT` changes the port) for POSTs to `/intercom/webhooks`. The
//! secret is the subscription's `hub_secret`, or the app's client secret for webhooks set up in
//! the Developer Hub.
//!
//! Without `INTERCOM_WEBHOOK_SECRET` it says so on the first line, listens on a free loopback
//! port with a demo secret, sends itself one signed sample delivery and the same delivery
//! tampered with, prints what the receiver made of each, and exits.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use intercom_api::webhook::{
    NotificationItem, SIGNATURE_HEADER, WebhookError, WebhookNotification, WebhookVerifier,
};

const PATH: &str = "/intercom/webhooks";

/// Verifies a delivery, then prints it. Intercom retries a delivery that does not get a 2xx.
async fn receive(
    State(verifier): State<Arc<WebhookVerifier>>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    match verifier.verify(&body, headers.get(SIGNATURE_HEADER)) {
        Ok(notification) => {
            println!("verified: {}", describe(&notification));
            StatusCode::OK
        }
        Err(err @ WebhookError::Undecodable { .. }) => {
            // Signed by Intercom but unreadable here: accept it so that it is not sent again.
            eprintln!("signed, but not a notification this client can read: {err}");
            StatusCode::OK
        }
        Err(err) => {
            println!("refused: {err}");
            StatusCode::UNAUTHORIZED
        }
    }
}

fn describe(n: &WebhookNotification) -> String {
    let topic = n.topic().map_or("(no topic)", |t| t.as_str());
    let id = n.id().unwrap_or("(no id)");
    let item = match &n.item {
        Some(NotificationItem::User(user)) => format!(
            "user {} created {}",
            user.email.as_deref().unwrap_or("(no email)"),
            user.created_at
                .map_or("(unknown)".to_owned(), |t| t.to_string()),
        ),
        Some(NotificationItem::Lead(lead)) => format!(
            "lead {}",
            lead.pseudonym.as_deref().unwrap_or("(no pseudonym)")
        ),
        Some(NotificationItem::Conversation(c)) => format!(
            "conversation {} with {} part(s)",
            c.id.as_deref().unwrap_or("?"),
            c.conversation_parts.as_ref().map_or(0, Vec::len)
        ),
        Some(NotificationItem::Ping(ping)) => {
            format!("ping {:?}", ping.message.as_deref().unwrap_or(""))
        }
        Some(other) => format!("a {}", other.item_type().unwrap_or("item")),
        None => "no item".to_owned(),
    };
    format!("{topic} {id}: {item}")
}

fn app(verifier: WebhookVerifier) -> Router {
    Router::new()
        .route(PATH, post(receive))
        .with_state(Arc::new(verifier))
}

#[tokio::main]
async fn main() -> ExitCode {
    let result = match std::env::var("INTERCOM_WEBHOOK_SECRET") {
        Ok(secret) => serve(secret).await,
        Err(_) => demo().await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

type AnyError = Box<dyn std::error::Error + Send + Sync>;

async fn serve(secret: String) -> Result<(), AnyError> {
    let port = std::env::var("PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(8000);
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([0, 0, 0, 0], port))).await?;
    println!(
        "listening for Intercom webhooks on http://{}{PATH}",
        listener.local_addr()?
    );
    axum::serve(listener, app(WebhookVerifier::new(secret))).await?;
    Ok(())
}

/// A `user.created` delivery as Intercom sends it, with RFC 3339 dates in the item.
const SAMPLE: &str = r#"{"type":"notification_event","app_id":"ecahpwf5","data":{"type":"notification_event_data","item":{"type":"user","id":"570c5c1f2c3b6b6e1c000063","user_id":"25","email":"ada@example.com","name":"Ada Lovelace","created_at":"2016-04-12T02:36:52.214Z","updated_at":"2016-04-12T02:36:52.231Z","tags":{"type":"tag.list","tags":[]}}},"links":{},"id":"notif_78f5ea40-0057-11e6-a36e-9b4c1a3e3c9e","topic":"user.created","delivery_status":"pending","delivery_attempts":1,"delivered_at":0,"first_sent_at":1460428613,"created_at":1460428613}"#;

async fn demo() -> Result<(), AnyError> {
    println!(
        "INTERCOM_WEBHOOK_SECRET is not set: webhook_receiver verifies a sample delivery it \
         sends itself over loopback, signed with a demo secret"
    );
    let secret = "demo-hub-secret";
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))).await?;
    let url = format!("http://{}{PATH}", listener.local_addr()?);
    let server =
        tokio::spawn(async move { axum::serve(listener, app(WebhookVerifier::new(secret))).await });

    // What Intercom does: POST the body with its signature.
    let signature = WebhookVerifier::new(secret).sign(SAMPLE.as_bytes());
    let http = reqwest::Client::new();
    let post = |body: String| {
        http.post(&url)
            .header("Content-Type", "application/json")
            .header(SIGNATURE_HEADER, &signature)
            .body(body)
            .send()
    };
    let signed = post(SAMPLE.to_owned()).await?.status();
    println!("signed delivery: HTTP {signed}");
    let tampered = post(SAMPLE.replace("ada@example.com", "eve@example.com"))
        .await?
        .status();
    println!("tampered delivery: HTTP {tampered}");
    server.abort();

    if signed == reqwest::StatusCode::OK && tampered == reqwest::StatusCode::UNAUTHORIZED {
        Ok(())
    } else {
        Err("the receiver did not accept the signed delivery and refuse the tampered one".into())
    }
}
