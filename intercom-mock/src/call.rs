//! A routed, validated call as handlers see it, and what they answer.

use serde_json::Value;

use crate::fault::Fault;
use crate::spec::Operation;

/// One request, after routing and validation.
#[derive(Debug)]
pub struct Call<'a> {
    /// The operation the request was routed to (see [`crate::routing::route`]).
    pub op: &'static Operation,
    /// Path parameters by wire name, percent-decoded.
    pub path_params: Vec<(&'static str, String)>,
    /// Query pairs in the order sent, decoded.
    pub query: Vec<(String, String)>,
    /// The JSON body (`{}` when none was sent).
    pub body: Value,
    /// The mock's own base URL, for absolute `pages.next` links.
    pub base_url: &'a str,
    /// The request path as sent (`/users`).
    pub path: &'a str,
    /// Now, in Unix seconds.
    pub now: i64,
}

impl Call<'_> {
    /// The path parameter `name`.
    pub fn path_param(&self, name: &str) -> &str {
        self.path_params
            .iter()
            .find(|(n, _)| *n == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// The query parameter `name`, when it was sent and is not empty.
    pub fn query(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(n, v)| n == name && !v.is_empty())
            .map(|(_, v)| v.as_str())
    }

    /// The query parameter `name` read as a boolean (`true`).
    pub fn query_flag(&self, name: &str) -> bool {
        self.query(name) == Some("true")
    }

    /// The body field `name` as text, when it is a non-empty string or a number.
    pub fn body_text(&self, name: &str) -> Option<String> {
        text(self.body.get(name)?)
    }

    /// The body field `name` that is `required`, or a 400 naming it.
    pub fn require_body_text(&self, name: &str) -> Result<String, Fault> {
        self.body_text(name).ok_or_else(|| Fault::missing(name))
    }
}

/// `value` as text, when it is a non-empty string or a number.
pub fn text(value: &Value) -> Option<String> {
    crate::state::id_text(value)
}

/// A successful answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    /// The HTTP status.
    pub status: u16,
    /// The JSON body; `None` for an empty body.
    pub body: Option<Value>,
    /// The body already written as JSON text (a page of stored objects, which keep their
    /// text); sent instead of `body` when set.
    pub text: Option<String>,
}

impl Reply {
    /// 200 with `body`.
    pub fn ok(body: Value) -> Self {
        Reply {
            status: 200,
            body: Some(body),
            text: None,
        }
    }

    /// 200 with a body already written as JSON text.
    pub fn ok_text(text: String) -> Self {
        Reply {
            status: 200,
            body: None,
            text: Some(text),
        }
    }

    /// `status` with an empty body.
    pub fn empty(status: u16) -> Self {
        Reply {
            status,
            body: None,
            text: None,
        }
    }

    /// The body as a JSON value, parsing the text of a pre-written one.
    pub fn json(&self) -> Option<Value> {
        match &self.text {
            Some(text) => serde_json::from_str(text).ok(),
            None => self.body.clone(),
        }
    }
}

/// What a handler returns.
pub type Outcome = Result<Reply, Fault>;
