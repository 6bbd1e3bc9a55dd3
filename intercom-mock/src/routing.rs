//! Which operation a request is for: its method and path against the table's templates.

use crate::fault::Fault;
use crate::spec::{OPERATIONS, Operation};

/// The operations a request matches, and its path parameters.
#[derive(Debug)]
pub struct Route {
    /// Every operation with the request's method, path template and fixed query pairs, in
    /// table order (`create_user` and `create_update_user` share `POST /users`). Never empty.
    pub ops: Vec<&'static Operation>,
    /// Path parameters by wire name, percent-decoded.
    pub path_params: Vec<(&'static str, String)>,
}

/// Routes `method path?query`. Literal segments win over parameters (`/users/scroll` is not
/// `/users/{id}`), and templates with fixed query pairs win when the pairs are present.
pub fn route(method: &str, path: &str, query: &[(String, String)]) -> Result<Route, Fault> {
    let segments = split(path);
    let mut best: Option<(Score, &'static Operation)> = None;
    for op in OPERATIONS.iter().filter(|op| op.method == method) {
        let Some(score) = score(op, &segments, query) else {
            continue;
        };
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, op));
        }
    }
    let Some((_, chosen)) = best else {
        return Err(Fault::not_found(format!(
            "No such API endpoint: {method} {path}"
        )));
    };
    let ops = OPERATIONS
        .iter()
        .filter(|op| {
            op.method == chosen.method && op.path == chosen.path && op.constants == chosen.constants
        })
        .collect();
    let path_params = template(chosen.path)
        .zip(&segments)
        .filter_map(|(t, s)| param_name(t).map(|name| (name, s.clone())))
        .collect();
    Ok(Route { ops, path_params })
}

/// How well a template fits: fixed query pairs matched, then literal segments matched.
type Score = (usize, usize);

fn score(op: &Operation, segments: &[String], query: &[(String, String)]) -> Option<Score> {
    if template(op.path).count() != segments.len() {
        return None;
    }
    let mut literals = 0;
    for (t, s) in template(op.path).zip(segments) {
        match param_name(t) {
            Some(_) if !s.is_empty() => {}
            Some(_) => return None,
            None if t == s => literals += 1,
            None => return None,
        }
    }
    let constants_present = op
        .constants
        .iter()
        .all(|(k, v)| query.iter().any(|(qk, qv)| qk == k && qv == v));
    constants_present.then_some((op.constants.len(), literals))
}

/// The path's segments, percent-decoded, without the leading and any trailing slash.
fn split(path: &str) -> Vec<String> {
    path.trim_matches('/')
        .split('/')
        .map(|s| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8_lossy()
                .into_owned()
        })
        .collect()
}

/// The segments of a path template.
fn template(path: &'static str) -> impl Iterator<Item = &'static str> {
    path.trim_matches('/').split('/')
}

/// `id` for the template segment `{id}`.
fn param_name(segment: &'static str) -> Option<&'static str> {
    segment.strip_prefix('{')?.strip_suffix('}')
}
