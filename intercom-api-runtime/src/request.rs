//! A description of one API call: method, path template, parameters and JSON body.
//!
//! The generated operation methods build a [`Request`] and hand it to the [`Client`](crate::Client).
//! It is public so that calls the generated methods do not cover can be made with
//! [`Client::send_with_meta`](crate::Client::send_with_meta).
//!
//! ```no_run
//! # async fn run(client: intercom_api::Client) -> intercom_api::Result<()> {
//! use intercom_api::request::{Method, Request};
//!
//! let req = Request::new(Method::GET, "/users/{id}")
//!     .path("id", "5a1b2c3d")
//!     .query("display_as", &"plaintext");
//! let user = client.send_with_meta::<serde_json::Value>(req).await?;
//! # Ok(()) }
//! ```

use std::fmt;
use std::sync::Arc;

use bytes::Bytes;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use url::Url;

use crate::error::{Error, Result};

/// The HTTP method of a request (re-exported from `reqwest`).
pub use reqwest::Method;

/// Everything outside RFC 3986 "unreserved" (`A-Z a-z 0-9 - . _ ~`) is percent-encoded.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// One API call, not yet sent.
///
/// Built with [`Request::new`] and the chained setters; nothing is checked until it is sent,
/// when any problem (a path parameter that was not set, a body that failed to serialize)
/// surfaces as [`Error::InvalidRequest`] without anything being sent.
#[derive(Clone)]
pub struct Request {
    method: Method,
    template: &'static str,
    path_params: Vec<(&'static str, String)>,
    query: Vec<(&'static str, String)>,
    /// Header parameters of the operation (`X-Request-Id`), sent after the client's own.
    headers: Vec<(&'static str, String)>,
    /// Query parameters of which at least one must be set (empty: no such rule).
    one_of: &'static [&'static str],
    body: Option<std::result::Result<Bytes, Arc<serde_json::Error>>>,
}

impl Request {
    /// A request for `method` and the path `template` (`"/users/{id}"`), relative to the
    /// client's base URL. `{name}` segments are filled with [`Request::path`].
    pub fn new(method: Method, template: &'static str) -> Request {
        Request {
            method,
            template,
            path_params: Vec::new(),
            query: Vec::new(),
            headers: Vec::new(),
            one_of: &[],
            body: None,
        }
    }

    /// Fills the `{name}` segment of the template with `value`, percent-encoded so that it is
    /// exactly one path segment: `/`, `?`, `#`, `%`, spaces and non-ASCII characters are
    /// encoded, and so is everything else outside `A-Z a-z 0-9 - . _ ~`.
    ///
    /// A value that no URL can carry as one segment (empty, `.` or `..`) makes sending fail
    /// with [`Error::InvalidRequest`].
    pub fn path(mut self, name: &'static str, value: &str) -> Self {
        self.path_params.retain(|(n, _)| *n != name);
        self.path_params.push((name, value.to_owned()));
        self
    }

    /// Adds the query parameter `name=value`, rendered by [`QueryValue`].
    pub fn query(mut self, name: &'static str, value: &(impl QueryValue + ?Sized)) -> Self {
        self.query.push((name, value.to_query_value()));
        self
    }

    /// Adds the query parameter `name=value` when `value` is `Some`; `None` sends nothing.
    pub fn query_opt(self, name: &'static str, value: Option<&(impl QueryValue + ?Sized)>) -> Self {
        match value {
            Some(value) => self.query(name, value),
            None => self,
        }
    }

    /// Sends the header `name: value`, rendered by [`QueryValue`]. It replaces a header of
    /// the same name the client would send. A name or value that is not a valid header makes
    /// sending fail with [`Error::InvalidRequest`].
    pub fn header(mut self, name: &'static str, value: &(impl QueryValue + ?Sized)) -> Self {
        self.headers.push((name, value.to_query_value()));
        self
    }

    /// Sends the header `name: value` when `value` is `Some`; `None` sends nothing.
    pub fn header_opt(
        self,
        name: &'static str,
        value: Option<&(impl QueryValue + ?Sized)>,
    ) -> Self {
        match value {
            Some(value) => self.header(name, value),
            None => self,
        }
    }

    /// The header parameters as a header map, or why one cannot be sent.
    pub(crate) fn header_map(&self) -> Result<reqwest::header::HeaderMap> {
        let mut map = reqwest::header::HeaderMap::with_capacity(self.headers.len());
        for (name, value) in &self.headers {
            let header = reqwest::header::HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| Error::invalid(format!("`{name}` is not a valid header name")))?;
            let value = reqwest::header::HeaderValue::from_str(value).map_err(|_| {
                Error::invalid(format!(
                    "the value of the header `{name}` has characters a header cannot carry"
                ))
            })?;
            map.insert(header, value);
        }
        Ok(map)
    }

    /// Requires at least one of the query parameters `names` (`["email", "user_id"]`): without
    /// any, sending fails with [`Error::InvalidRequest`] and nothing is sent.
    pub fn require_one_of(mut self, names: &'static [&'static str]) -> Self {
        self.one_of = names;
        self
    }

    /// Sets the JSON body (sent with `Content-Type: application/json`). A value that fails to
    /// serialize makes sending fail with [`Error::InvalidRequest`].
    pub fn json(mut self, body: &(impl serde::Serialize + ?Sized)) -> Self {
        self.body = Some(serde_json::to_vec(body).map(Bytes::from).map_err(Arc::new));
        self
    }

    /// [`Request::json`] for a generated model: serialized by the runtime's one model
    /// serializer, not by a copy compiled for each body type.
    #[doc(hidden)]
    pub fn json_model(self, body: &dyn crate::ser::Fields) -> Self {
        self.json(&crate::ser::FieldRef::Object(body))
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The path template as given to [`Request::new`].
    pub fn template(&self) -> &'static str {
        self.template
    }

    /// Replaces every query parameter called `name` with one `name=value`.
    pub(crate) fn set_query(mut self, name: &'static str, value: String) -> Self {
        self.query.retain(|(n, _)| *n != name);
        self.query.push((name, value));
        self
    }

    /// The serialized body, if any.
    pub(crate) fn body(&self) -> Result<Option<Bytes>> {
        match &self.body {
            None => Ok(None),
            Some(Ok(bytes)) => Ok(Some(bytes.clone())),
            Some(Err(err)) => Err(Error::invalid_with(
                "the request body could not be serialized as JSON",
                Arc::clone(err),
            )),
        }
    }

    /// The full URL of this request under `base`, built as one string and parsed once.
    pub(crate) fn url(&self, base: &Url) -> Result<Url> {
        let identified = self
            .one_of
            .iter()
            .any(|name| self.query.iter().any(|(q, _)| q == name));
        if !self.one_of.is_empty() && !identified {
            return Err(Error::invalid(format!(
                "`{}` needs at least one of the parameters {}",
                self.template,
                self.one_of
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        let origin = &base[..url::Position::BeforePath];
        let base_path = base.path().trim_end_matches('/');
        // The path and query only: the origin is taken from `base` as it is, instead of
        // parsing its host again for every request (see `parse_under`).
        let mut text = String::with_capacity(base_path.len() + self.template.len() + 64);
        text.push_str(base_path);
        let mut used = 0;
        let mut rest = self.template;
        while let Some(open) = rest.find('{') {
            text.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                return Err(Error::invalid(format!(
                    "the path template `{}` has an unclosed `{{`",
                    self.template
                )));
            };
            let name = &after[..close];
            let Some((_, value)) = self.path_params.iter().find(|(n, _)| *n == name) else {
                return Err(Error::invalid(format!(
                    "the path parameter `{name}` of `{}` was not set",
                    self.template
                )));
            };
            push_segment(&mut text, name, value)?;
            used += 1;
            rest = &after[close + 1..];
        }
        text.push_str(rest);
        if used < self.path_params.len() {
            let unused = self
                .path_params
                .iter()
                .find(|(name, _)| !self.template.contains(&format!("{{{name}}}")))
                .map_or("", |(name, _)| name);
            return Err(Error::invalid(format!(
                "the path parameter `{unused}` is not part of `{}`",
                self.template
            )));
        }
        let path_len = text.len();
        if !self.query.is_empty() {
            text.push('?');
            let start = text.len();
            let mut pairs = url::form_urlencoded::Serializer::for_suffix(text, start);
            for (name, value) in &self.query {
                pairs.append_pair(name, value);
            }
            text = pairs.finish();
        }
        let path = &text[..path_len];
        let url = parse_under(base, &text)
            .map_err(|e| Error::invalid(format!("the URL `{origin}{text}` is invalid: {e}")))?;
        if url.path() != path {
            return Err(Error::invalid(format!(
                "the path `{path}` would not reach the server unchanged"
            )));
        }
        Ok(url)
    }
}

/// Parses `path_and_query` as the rest of a URL on the origin of `base`: the same URL as
/// parsing the origin's text followed by `path_and_query`, but without parsing the host again
/// (which, for a domain name, runs the IDNA mapping: most of the cost of building a URL).
///
/// A URL parser reads text that starts with exactly one `/` after a base as a path on the
/// base's origin, which is kept as already serialized. Anything else (`//host`, and `/\host`,
/// which special schemes read the same way, or text not starting with `/`) is parsed whole
/// after the origin's text instead, as before.
fn parse_under(base: &Url, path_and_query: &str) -> std::result::Result<Url, url::ParseError> {
    let bytes = path_and_query.as_bytes();
    let on_origin = bytes.first() == Some(&b'/') && !matches!(bytes.get(1), Some(b'/' | b'\\'));
    if on_origin {
        return Url::options().base_url(Some(base)).parse(path_and_query);
    }
    let origin = &base[..url::Position::BeforePath];
    let mut text = String::with_capacity(origin.len() + path_and_query.len());
    text.push_str(origin);
    text.push_str(path_and_query);
    Url::parse(&text)
}

/// Appends `value` to `text`, percent-encoded as one path segment.
fn push_segment(text: &mut String, name: &str, value: &str) -> Result<()> {
    match value {
        "" => Err(Error::invalid(format!(
            "the path parameter `{name}` is empty"
        ))),
        "." | ".." => Err(Error::invalid(format!(
            "the path parameter `{name}` is `{value}`, which URLs resolve as a relative path \
             instead of sending it as a segment"
        ))),
        _ => {
            text.extend(utf8_percent_encode(value, SEGMENT));
            Ok(())
        }
    }
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let body = match &self.body {
            None => None,
            Some(Ok(bytes)) => Some(String::from_utf8_lossy(bytes).into_owned()),
            Some(Err(err)) => Some(format!("<unserializable: {err}>")),
        };
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("template", &self.template)
            .field("path_params", &self.path_params)
            .field("query", &self.query)
            // Header values may be credentials of the caller's; only their names are shown.
            .field(
                "headers",
                &self
                    .headers
                    .iter()
                    .map(|(name, _)| *name)
                    .collect::<Vec<_>>(),
            )
            .field("body", &body)
            .finish()
    }
}

/// How a value is written in a query string.
///
/// Booleans are `true`/`false`; integers are written as integers, and so are floats with no
/// fractional part (`3.0` → `3`); strings are sent as they are (the URL encoding is applied
/// later). Generated enums implement it with their wire value.
///
/// ```
/// use intercom_api::request::QueryValue;
///
/// assert_eq!(true.to_query_value(), "true");
/// assert_eq!(1_570_000_000_i64.to_query_value(), "1570000000");
/// assert_eq!(3.0_f64.to_query_value(), "3");
/// assert_eq!(2.5_f64.to_query_value(), "2.5");
/// assert_eq!("desc".to_query_value(), "desc");
/// ```
pub trait QueryValue {
    /// The value as it appears in the query string, before URL encoding.
    fn to_query_value(&self) -> String;
}

impl QueryValue for str {
    fn to_query_value(&self) -> String {
        self.to_owned()
    }
}

impl QueryValue for String {
    fn to_query_value(&self) -> String {
        self.clone()
    }
}

impl QueryValue for bool {
    fn to_query_value(&self) -> String {
        if *self { "true" } else { "false" }.to_owned()
    }
}

macro_rules! query_value_int {
    ($($ty:ty),*) => {$(
        impl QueryValue for $ty {
            fn to_query_value(&self) -> String {
                self.to_string()
            }
        }
    )*};
}

query_value_int!(i8, i16, i32, i64, u8, u16, u32, u64, isize, usize);

impl QueryValue for f64 {
    fn to_query_value(&self) -> String {
        // `Display` for f64 never uses an exponent and writes integral values without `.0`.
        self.to_string()
    }
}

impl QueryValue for f32 {
    fn to_query_value(&self) -> String {
        f64::from(*self).to_query_value()
    }
}

impl<T: QueryValue + ?Sized> QueryValue for &T {
    fn to_query_value(&self) -> String {
        (**self).to_query_value()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Url {
        Url::parse("https://api.intercom.io").expect("a valid URL")
    }

    fn path_of(value: &str) -> Result<String> {
        Request::new(Method::GET, "/users/{id}")
            .path("id", value)
            .url(&base())
            .map(|url| url.path().to_owned())
    }

    #[test]
    fn path_values_stay_one_segment() {
        assert_eq!(
            path_of("../admins").ok().as_deref(),
            Some("/users/..%2Fadmins")
        );
        assert_eq!(path_of("a/b").ok().as_deref(), Some("/users/a%2Fb"));
        assert_eq!(path_of("a?b#c").ok().as_deref(), Some("/users/a%3Fb%23c"));
        assert_eq!(path_of("100%").ok().as_deref(), Some("/users/100%25"));
        assert_eq!(path_of("a b").ok().as_deref(), Some("/users/a%20b"));
        assert_eq!(path_of("é").ok().as_deref(), Some("/users/%C3%A9"));
        assert_eq!(
            path_of("a-b.c_d~e").ok().as_deref(),
            Some("/users/a-b.c_d~e")
        );
        assert_eq!(path_of("...").ok().as_deref(), Some("/users/..."));
        for bad in ["", ".", ".."] {
            assert!(matches!(path_of(bad), Err(Error::InvalidRequest { .. })));
        }
    }

    #[test]
    fn base_path_prefix_is_kept() {
        let base = Url::parse("http://127.0.0.1:8080/prefix/").expect("a valid URL");
        let url = Request::new(Method::GET, "/admins/{id}/away")
            .path("id", "7")
            .url(&base)
            .map(|url| url.to_string());
        assert_eq!(
            url.ok().as_deref(),
            Some("http://127.0.0.1:8080/prefix/admins/7/away")
        );
    }

    #[test]
    fn urls_under_the_base_are_the_urls_parsed_whole() {
        let bases = [
            "https://api.intercom.io",
            "https://API.Intercom.IO:443/",
            "http://127.0.0.1:8080/prefix/",
            "http://[::1]:9000/a/b",
            "https://bücher.example/v1",
        ];
        let rests = [
            "/users/5a1b",
            "/users/a%2Fb?email=a%40b.c&n=2",
            "/users/./x/../y",
            "/a b/é?q=é#frag",
            "/users/\\x",
            "//evil.example/users",
            "/\\evil.example/users",
            "users",
            "",
            "?q=1",
        ];
        for base in bases {
            let base = Url::parse(base).expect("a valid base");
            let origin = &base[..url::Position::BeforePath];
            for rest in rests {
                let whole = Url::parse(&format!("{origin}{rest}"));
                assert_eq!(parse_under(&base, rest), whole, "{base} + {rest:?}");
            }
        }
    }

    #[test]
    fn missing_or_unknown_path_parameters_are_errors() {
        let missing = Request::new(Method::GET, "/users/{id}").url(&base());
        assert!(matches!(missing, Err(Error::InvalidRequest { .. })));
        let unknown = Request::new(Method::GET, "/users")
            .path("id", "1")
            .url(&base());
        assert!(matches!(unknown, Err(Error::InvalidRequest { .. })));
    }

    #[test]
    fn query_values_are_rendered_and_unset_ones_skipped() {
        let url = Request::new(Method::GET, "/users")
            .query("order", &"desc")
            .query("created_since", &7_i64)
            .query("include_count", &true)
            .query("n", &2.0_f64)
            .query_opt("email", None::<&str>)
            .query_opt("user_id", Some("a b&c"))
            .url(&base())
            .map(|url| url.query().map(str::to_owned));
        assert_eq!(
            url.ok().flatten().as_deref(),
            Some("order=desc&created_since=7&include_count=true&n=2&user_id=a+b%26c")
        );
    }

    #[test]
    fn set_query_replaces() {
        let url = Request::new(Method::GET, "/users/scroll")
            .query("scroll_param", &"a")
            .set_query("scroll_param", "b".to_owned())
            .url(&base())
            .map(|url| url.query().map(str::to_owned));
        assert_eq!(url.ok().flatten().as_deref(), Some("scroll_param=b"));
    }

    #[test]
    fn unserializable_body_is_an_invalid_request() {
        let mut map = std::collections::BTreeMap::new();
        map.insert(vec![1u8], 1);
        let req = Request::new(Method::POST, "/users").json(&map);
        assert!(matches!(req.body(), Err(Error::InvalidRequest { .. })));
    }
}
