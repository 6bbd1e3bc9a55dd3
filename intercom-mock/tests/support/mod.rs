//! What the mock's integration tests share: a started mock, plain `reqwest` calls to it
//! answering `(status, headers, body)`, and readers for the bodies it answers.

#![allow(dead_code)]

pub mod receiver;

use intercom_mock::{MockBuilder, MockServer};
use reqwest::header::HeaderMap;
use reqwest::{Method, RequestBuilder};
use serde_json::{Value, json};

/// The token every helper sends.
pub const TOKEN: &str = "test-token";

/// What a call answered: the status, the headers, and the body as JSON (`Null` when empty).
pub type Answer = (u16, HeaderMap, Value);

/// A mock and a client for it.
pub struct Api {
    /// The running mock.
    pub mock: MockServer,
    /// The client every helper sends with.
    pub client: reqwest::Client,
}

/// A mock with the default seed.
pub async fn start() -> Api {
    start_with(MockServer::builder()).await
}

/// A mock built by `builder`.
pub async fn start_with(builder: MockBuilder) -> Api {
    let mock = builder.start().await.expect("the mock starts");
    Api {
        mock,
        client: reqwest::Client::new(),
    }
}

impl Api {
    /// `path` on the mock, or `path` itself when it is already an absolute URL.
    pub fn url(&self, path: &str) -> String {
        if path.starts_with("http") {
            path.to_owned()
        } else {
            format!("{}{path}", self.mock.url())
        }
    }

    /// A request with the bearer token and nothing else.
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.client
            .request(method, self.url(path))
            .bearer_auth(TOKEN)
            .header("Accept", "application/json")
    }

    /// `GET path`.
    pub async fn get(&self, path: &str) -> Answer {
        send(self.request(Method::GET, path)).await
    }

    /// `DELETE path` without a body.
    pub async fn delete(&self, path: &str) -> Answer {
        send(self.request(Method::DELETE, path)).await
    }

    /// `DELETE path` with a JSON body.
    pub async fn delete_with(&self, path: &str, body: Value) -> Answer {
        send(self.request(Method::DELETE, path).json(&body)).await
    }

    /// `POST path` with a JSON body.
    pub async fn post(&self, path: &str, body: Value) -> Answer {
        send(self.request(Method::POST, path).json(&body)).await
    }

    /// `POST path` without a body.
    pub async fn post_empty(&self, path: &str) -> Answer {
        send(self.request(Method::POST, path)).await
    }

    /// `PUT path` with a JSON body.
    pub async fn put(&self, path: &str, body: Value) -> Answer {
        send(self.request(Method::PUT, path).json(&body)).await
    }

    /// `POST` that must succeed; answers the body.
    pub async fn created(&self, path: &str, body: Value) -> Value {
        let (status, _, answer) = self.post(path, body).await;
        assert_eq!(status, 200, "POST {path}: {answer}");
        answer
    }

    /// `GET` that must succeed; answers the body.
    pub async fn fetched(&self, path: &str) -> Value {
        let (status, _, answer) = self.get(path).await;
        assert_eq!(status, 200, "GET {path}: {answer}");
        answer
    }

    /// Creates a user with `user_id` and `email`; answers it.
    pub async fn user(&self, user_id: &str, email: &str) -> Value {
        self.created("/users", json!({ "user_id": user_id, "email": email }))
            .await
    }

    /// Creates a company with `company_id` and `name`; answers it.
    pub async fn company(&self, company_id: &str, name: &str) -> Value {
        self.created(
            "/companies",
            json!({ "company_id": company_id, "name": name }),
        )
        .await
    }
}

/// Sends `request` and reads the answer; a body that is not JSON fails the test.
pub async fn send(request: RequestBuilder) -> Answer {
    let response = request.send().await.expect("the mock answers");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let bytes = response.bytes().await.expect("the body arrives");
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes)
            .unwrap_or_else(|err| panic!("not JSON ({err}): {}", String::from_utf8_lossy(&bytes)))
    };
    (status, headers, body)
}

/// The code of the first error of `body`, which must be an `error.list` (empty when the error
/// has none).
pub fn code(body: &Value) -> &str {
    assert_eq!(body["type"], "error.list", "{body}");
    body["errors"][0]["code"].as_str().unwrap_or_default()
}

/// Checks that `body` is a complete `error.list` whose first error has `code`; answers that
/// error.
pub fn error<'a>(body: &'a Value, expected: &str) -> &'a Value {
    assert_eq!(code(body), expected, "{body}");
    assert!(body["request_id"].is_string(), "request_id: {body}");
    let first = &body["errors"][0];
    assert!(first["message"].is_string(), "message: {body}");
    first
}

/// The `field` the first error of `body` names (empty when it names none).
pub fn field(body: &Value) -> &str {
    body["errors"][0]["field"].as_str().unwrap_or_default()
}

/// A header as text.
pub fn header<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

/// A header as a number.
pub fn header_u64(headers: &HeaderMap, name: &str) -> u64 {
    header(headers, name)
        .parse()
        .unwrap_or_else(|_| panic!("{name} is not a number: {headers:?}"))
}

/// The text `id` of `object`.
pub fn id(object: &Value) -> String {
    object["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no id: {object}"))
        .to_owned()
}

/// The `id`s of the array `items`.
pub fn ids(items: &Value) -> Vec<String> {
    items
        .as_array()
        .unwrap_or_else(|| panic!("not a list: {items}"))
        .iter()
        .map(id)
        .collect()
}

/// The items of the list `list[key]` (a wrapped list's or a plain array's).
pub fn items<'a>(list: &'a Value, key: &str) -> &'a Vec<Value> {
    let inner = &list[key];
    let array = if inner.is_object() {
        &inner[key]
    } else {
        inner
    };
    array
        .as_array()
        .unwrap_or_else(|| panic!("{key} is not a list: {list}"))
}

/// The `field` of each item of `list[key]`, as text.
pub fn texts(list: &Value, key: &str, field: &str) -> Vec<String> {
    items(list, key)
        .iter()
        .map(|item| item[field].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// Now, in Unix seconds.
pub fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs()
}
