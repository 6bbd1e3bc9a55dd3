//! The checks a request passes before it is routed: its access token (`Bearer`, or the user
//! name of HTTP Basic credentials), its `Intercom-Version`, and a body that is JSON when there
//! is one.

use hyper::header::{HeaderMap, HeaderValue};
use serde_json::Value;

use crate::fault::Fault;

/// The `Intercom-Version` values the mock accepts.
const VERSIONS: &[&str] = &["1.0", "1.1", "1.2", "1.3", "1.4"];

/// Refuses a request whose `Authorization` carries no token (401), or, when only the token
/// `accepted` is, another token (401 `token_not_found`).
pub fn authorize(headers: &HeaderMap, accepted: Option<&str>) -> Result<(), Fault> {
    let Some(value) = headers.get("authorization").and_then(|v| v.to_str().ok()) else {
        return Err(Fault::unauthorized(
            "Access Token Invalid: no Authorization header",
        ));
    };
    // The scheme is case-insensitive (RFC 7235): `bearer` is `Bearer`.
    let (scheme, credentials) = value.trim().split_once(' ').unwrap_or((value, ""));
    let token = if scheme.eq_ignore_ascii_case("bearer") {
        credentials.trim().to_owned()
    } else if scheme.eq_ignore_ascii_case("basic") {
        basic_user(credentials)
    } else {
        String::new()
    };
    match accepted {
        _ if token.is_empty() => Err(Fault::unauthorized("Access Token Invalid")),
        Some(accepted) if accepted != token => {
            Err(Fault::unauthorized("Access Token Invalid").with_code("token_not_found"))
        }
        _ => Ok(()),
    }
}

/// The user name of HTTP Basic credentials: the old SDKs sent the token there.
fn basic_user(encoded: &str) -> String {
    let decoded = base64_decode(encoded.trim()).unwrap_or_default();
    let text = String::from_utf8_lossy(&decoded);
    text.split(':').next().unwrap_or_default().to_owned()
}

/// The bytes of standard base64 `text` (padding optional); `None` when it is not base64.
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bits = 0u32;
    let mut count = 0;
    let mut out = Vec::new();
    for byte in text.bytes().filter(|b| *b != b'=') {
        let value = ALPHABET.iter().position(|a| *a == byte)?;
        bits = (bits << 6) | u32::try_from(value).ok()?;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push(u8::try_from((bits >> count) & 0xff).ok()?);
        }
    }
    Some(out)
}

/// Refuses an `Intercom-Version` other than 1.0–1.4 (400 `intercom_version_invalid`); a
/// request without one is served the default version.
pub fn check_version(headers: &HeaderMap) -> Result<(), Fault> {
    match headers.get("intercom-version").map(HeaderValue::to_str) {
        None => Ok(()),
        Some(Ok(v)) if VERSIONS.contains(&v.trim()) => Ok(()),
        Some(v) => Err(Fault::bad_request(format!(
            "Requested version {:?} is invalid; use one of {}",
            v.unwrap_or_default(),
            VERSIONS.join(", ")
        ))
        .with_code("intercom_version_invalid")
        .on("Intercom-Version")),
    }
}

/// The JSON body, `None` when it is empty or blank; 400 `invalid_document` when it is not
/// JSON.
pub fn parse_body(body: &[u8]) -> Result<Option<Value>, Fault> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    serde_json::from_slice(body).map(Some).map_err(|err| {
        Fault::bad_request(format!("The request body is not JSON: {err}"))
            .with_code("invalid_document")
    })
}
