//! Refusals: what the mock answers instead of a result, as Intercom's `error.list`.

use serde_json::{Value, json};

/// A refused call: the HTTP status and the one `errors[]` entry that says why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// The HTTP status.
    pub status: u16,
    /// The error code (`not_found`, `parameter_invalid`).
    pub code: &'static str,
    /// A sentence for people.
    pub message: String,
    /// The parameter or body field at fault, when there is one.
    pub field: Option<String>,
}

impl Fault {
    fn new(status: u16, code: &'static str, message: impl Into<String>) -> Self {
        Fault {
            status,
            code,
            message: message.into(),
            field: None,
        }
    }

    /// Names the parameter or body field at fault.
    pub fn on(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    /// The same refusal with another code.
    pub fn with_code(mut self, code: &'static str) -> Self {
        self.code = code;
        self
    }

    /// The same refusal with another message.
    pub fn with_message(mut self, message: impl Into<String>) -> Self {
        self.message = message.into();
        self
    }

    /// The same refusal about a field nested under `prefix` (`companies[0]`).
    pub fn under(mut self, prefix: &str) -> Self {
        self.field = Some(match self.field.take() {
            Some(field) => format!("{prefix}.{field}"),
            None => prefix.to_owned(),
        });
        self
    }

    /// 400 `bad_request`.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Fault::new(400, "bad_request", message)
    }

    /// 400 `parameter_not_found`: a required parameter is missing.
    pub fn missing(field: &str) -> Self {
        Fault::new(400, "parameter_not_found", format!("{field} is required")).on(field)
    }

    /// 400 `parameter_invalid`: a parameter or body field has the wrong shape.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Fault::new(400, "parameter_invalid", message).on(field)
    }

    /// 401 `unauthorized`.
    pub fn unauthorized(message: impl Into<String>) -> Self {
        Fault::new(401, "unauthorized", message)
    }

    /// 404 `not_found`.
    pub fn not_found(message: impl Into<String>) -> Self {
        Fault::new(404, "not_found", message)
    }

    /// 404 with a specific code (`company_not_found`, `admin_not_found`).
    pub fn not_found_as(code: &'static str, message: impl Into<String>) -> Self {
        Fault::new(404, code, message)
    }

    /// 409 `conflict`.
    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        Fault::new(409, code, message)
    }

    /// 408 `request_timeout`: the request did not arrive in time.
    pub fn timeout(message: impl Into<String>) -> Self {
        Fault::new(408, "request_timeout", message)
    }

    /// 413 `request_too_large`: the request body is over the server's limit.
    pub fn too_large(message: impl Into<String>) -> Self {
        Fault::new(413, "request_too_large", message)
    }

    /// 429 `rate_limit_exceeded`.
    pub fn rate_limited() -> Self {
        Fault::new(429, "rate_limit_exceeded", "Exceeded rate limit")
    }

    /// The `error.list` body, with `request_id`.
    pub fn body(&self, request_id: &str) -> Value {
        let mut entry = json!({ "code": self.code, "message": self.message });
        if let Some(field) = &self.field {
            entry["field"] = json!(field);
        }
        json!({ "type": "error.list", "request_id": request_id, "errors": [entry] })
    }
}
