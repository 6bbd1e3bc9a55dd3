//! Which operation a request is for: its method, path and query against the table's templates,
//! fixed query pairs and required parameters.
//!
//! Several operations may share a method and path and differ by their fixed query pairs
//! (`GET /counts?type=conversation&count=admin`) or by the query parameters they require
//! (`GET /companies?company_id=` is a lookup, `GET /companies?tag_id=` a filtered list,
//! `GET /companies` the whole list). The choice is made from the table alone, never from
//! operation names; see [`route`].

use crate::fault::Fault;
use crate::spec::{Location, OPERATIONS, Operation};

/// The operation a request is routed to, and its path parameters.
#[derive(Debug)]
pub struct Route {
    /// The operation chosen: its handler answers and its parameters validate the call.
    pub op: &'static Operation,
    /// The chosen operation and the others that look exactly like it on the wire (same
    /// method, path, fixed pairs and parameters; `create_user` and `create_update_user`), in
    /// table order. A body may fit any of their body types.
    pub ops: Vec<&'static Operation>,
    /// Path parameters by wire name, percent-decoded.
    pub path_params: Vec<(&'static str, String)>,
}

/// Routes `method path?query`.
///
/// Of the operations whose method and path template fit, the one chosen is, in this order of
/// preference:
///
/// 1. the one with the most fixed query pairs present (`?type=conversation&count=admin`
///    before `?type=conversation` before none);
/// 2. the one with the most literal path segments (`/users/scroll` is not `/users/{id}`);
/// 3. one whose required query parameters are all present (and, when it names a set of which
///    one is needed, one of them);
/// 4. one that takes every query parameter sent;
/// 5. the one with the most required query parameters present;
/// 6. the first in table order.
///
/// So `GET /users?tag_id=1` is `list_users_by_tag`, `GET /users` is `list_users`, and
/// `GET /companies?type=user` without `company_id` or `name` is still the company-users
/// lookup, which then refuses the call for the missing parameter.
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
        .filter(|op| same_call(op, chosen))
        .collect();
    let path_params = template(chosen.path)
        .zip(&segments)
        .filter_map(|(t, s)| param_name(t).map(|name| (name, s.clone())))
        .collect();
    Ok(Route {
        op: chosen,
        ops,
        path_params,
    })
}

/// The operations sharing `op`'s method, path and fixed pairs (`op` included), in table
/// order: the candidates a request with those pairs chooses among.
pub fn siblings(op: &Operation) -> impl Iterator<Item = &'static Operation> + '_ {
    OPERATIONS.iter().filter(move |other| {
        other.method == op.method && other.path == op.path && other.constants == op.constants
    })
}

/// Whether `a` and `b` look the same on the wire.
fn same_call(a: &Operation, b: &Operation) -> bool {
    a.method == b.method && a.path == b.path && a.constants == b.constants && a.params == b.params
}

/// How well an operation fits a request; see [`route`] for the order.
type Score = (usize, usize, bool, bool, usize);

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
    if !constants_present {
        return None;
    }
    let sent = |name: &str| query.iter().any(|(n, v)| n == name && !v.is_empty());
    let required: Vec<&str> = op
        .params
        .iter()
        .filter(|p| p.location == Location::Query && p.required)
        .map(|p| p.wire_name)
        .collect();
    let required_present = required.iter().filter(|name| sent(name)).count();
    let one_of_met = op.one_of.is_empty() || op.one_of.iter().any(|name| sent(name));
    let satisfied = required_present == required.len() && one_of_met;
    let takes_all = query.iter().all(|(name, _)| takes(op, name));
    let named = required_present + usize::from(!op.one_of.is_empty() && one_of_met);
    Some((op.constants.len(), literals, satisfied, takes_all, named))
}

/// Whether `op` takes the query parameter `name`.
fn takes(op: &Operation, name: &str) -> bool {
    crate::validate::query_type(op, name).is_some()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn chosen(method: &str, path: &str, query: &[(&str, &str)]) -> &'static str {
        let query: Vec<(String, String)> = query
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        match route(method, path, &query) {
            Ok(route) => route.op.name,
            Err(fault) => panic!("{method} {path}: {fault:?}"),
        }
    }

    #[test]
    fn required_parameters_choose_among_operations_sharing_a_path() {
        assert_eq!(chosen("GET", "/users", &[]), "list_users");
        assert_eq!(chosen("GET", "/users", &[("email", "a@b.c")]), "find_user");
        assert_eq!(
            chosen("GET", "/users", &[("tag_id", "1")]),
            "list_users_by_tag"
        );
        assert_eq!(
            chosen("GET", "/users", &[("segment_id", "1"), ("page", "2")]),
            "list_users_by_segment"
        );
        assert_eq!(chosen("GET", "/companies", &[]), "list_companies");
        assert_eq!(
            chosen("GET", "/companies", &[("company_id", "c1")]),
            "get_company_by_company_id"
        );
        assert_eq!(
            chosen("GET", "/companies", &[("name", "Acme")]),
            "get_company_by_name"
        );
        assert_eq!(
            chosen("GET", "/companies", &[("type", "user"), ("name", "Acme")]),
            "list_company_users_by_name"
        );
        assert_eq!(
            chosen(
                "GET",
                "/companies",
                &[("company_id", "c1"), ("type", "user")]
            ),
            "list_company_users_by_company_id"
        );
        assert_eq!(
            chosen("GET", "/contacts", &[("user_id", "x")]),
            "get_lead_by_user_id"
        );
        assert_eq!(chosen("GET", "/contacts", &[("email", "x")]), "list_leads");
        assert_eq!(
            chosen("GET", "/data_attributes", &[]),
            "list_all_data_attributes"
        );
        assert_eq!(chosen("GET", "/counts", &[("type", "user")]), "get_count");
        assert_eq!(
            chosen(
                "GET",
                "/counts",
                &[("count", "admin"), ("type", "conversation")]
            ),
            "get_admin_conversation_counts"
        );
        assert_eq!(chosen("GET", "/users/scroll", &[]), "scroll_users");
        assert_eq!(chosen("GET", "/users/5d01", &[]), "get_user");
        assert_eq!(chosen("DELETE", "/users/5d01", &[]), "archive_user_by_id");
        assert_eq!(
            chosen("GET", "/admins/activity_logs", &[]),
            "list_activity_logs_for_admin"
        );
    }

    #[test]
    fn look_alike_operations_are_routed_together() {
        let route = route("POST", "/users", &[]).expect("routed");
        let names: Vec<&str> = route.ops.iter().map(|op| op.name).collect();
        assert_eq!(names, ["create_update_user", "create_user"]);
        assert_eq!(route.op.name, "create_update_user");
    }
}
