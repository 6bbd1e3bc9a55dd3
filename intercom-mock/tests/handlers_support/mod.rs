//! What the tests of the tag, note, event, conversation and workspace handlers share: a mock
//! started in-process and plain `reqwest` calls to it answering `(status, body)`.

#![allow(dead_code)]

use intercom_mock::{MockServer, Seed};
use reqwest::{Method, RequestBuilder};
use serde_json::{Value, json};

/// A status and the body as JSON (`Null` when the body is empty).
pub type Answer = (u16, Value);

/// A mock and a client for it.
pub struct Mock {
    /// The running mock.
    pub server: MockServer,
    client: reqwest::Client,
}

/// A mock with the default seed.
pub async fn start() -> Mock {
    Mock {
        server: intercom_mock::start().await,
        client: reqwest::Client::new(),
    }
}

/// A mock with `seed`.
pub async fn start_seeded(seed: Seed) -> Mock {
    let server = MockServer::builder()
        .seed(seed)
        .start()
        .await
        .expect("the mock starts");
    Mock {
        server,
        client: reqwest::Client::new(),
    }
}

impl Mock {
    fn request(&self, method: Method, path: &str) -> RequestBuilder {
        let url = if path.starts_with("http") {
            path.to_owned()
        } else {
            format!("{}{path}", self.server.url())
        };
        self.client
            .request(method, url)
            .header("Authorization", "Bearer t")
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

    /// `PUT path` with a JSON body.
    pub async fn put(&self, path: &str, body: Value) -> Answer {
        send(self.request(Method::PUT, path).json(&body)).await
    }

    /// `GET path`, which must answer 200; its body.
    pub async fn ok(&self, path: &str) -> Value {
        let (status, body) = self.get(path).await;
        assert_eq!(status, 200, "GET {path}: {body}");
        body
    }

    /// `POST path`, which must answer 200; its body.
    pub async fn posted(&self, path: &str, body: Value) -> Value {
        let (status, answer) = self.post(path, body).await;
        assert_eq!(status, 200, "POST {path}: {answer}");
        answer
    }

    /// Creates a user with `user_id` and `email`; answers it.
    pub async fn user(&self, user_id: &str, email: &str) -> Value {
        self.posted("/users", json!({ "user_id": user_id, "email": email }))
            .await
    }

    /// Creates a company with `company_id` and `name`; answers it.
    pub async fn company(&self, company_id: &str, name: &str) -> Value {
        self.posted(
            "/companies",
            json!({ "company_id": company_id, "name": name }),
        )
        .await
    }
}

/// Sends `request` and reads the answer; a body that is not JSON fails the test.
async fn send(request: RequestBuilder) -> Answer {
    let response = request.send().await.expect("the mock answers");
    let status = response.status().as_u16();
    let bytes = response.bytes().await.expect("the body arrives");
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes)
            .unwrap_or_else(|err| panic!("not JSON ({err}): {}", String::from_utf8_lossy(&bytes)))
    };
    (status, body)
}

/// The code of the first error of an `error.list` body (empty when it is not one).
pub fn code(body: &Value) -> &str {
    assert_eq!(body["type"], "error.list", "{body}");
    body["errors"][0]["code"].as_str().unwrap_or_default()
}

/// The field the first error of an `error.list` body names.
pub fn field(body: &Value) -> &str {
    body["errors"][0]["field"].as_str().unwrap_or_default()
}

/// The text `id` of `object`.
pub fn id(object: &Value) -> String {
    object["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no id: {object}"))
        .to_owned()
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
