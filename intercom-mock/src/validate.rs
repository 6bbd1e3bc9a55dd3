//! Whether a request is what the spec says its operation takes: known query parameters of the
//! right types, required ones present, and a body of the right shape. Every refusal names the
//! parameter or field.

use serde_json::Value;

use crate::fault::Fault;
use crate::routing::{self, Route};
use crate::spec::{self, Location, Operation, Paging, Shape, Ty};

/// Query parameters every paged list takes besides its own.
const PAGE_PARAMS: &[&str] = &["page", "per_page"];

/// Checks the query and path parameters of a request routed to `route`: every query
/// parameter is one the chosen operation takes, of the right type, and its required ones are
/// present.
pub fn params(route: &Route, query: &[(String, String)]) -> Result<(), Fault> {
    let op = route.op;
    for (name, value) in query {
        let ty = query_type(op, name).ok_or_else(|| {
            Fault::invalid(name, format!("{name} is not a parameter of this endpoint"))
        })?;
        scalar(value, ty, name)?;
    }
    for (name, value) in &route.path_params {
        let ty = op
            .params
            .iter()
            .find(|p| p.wire_name == *name)
            .map_or(Ty::String, |p| p.ty);
        scalar(value, ty, name)?;
    }
    if let Some(missing) = first_missing(op, query) {
        // When no operation sharing the fixed pairs is satisfied either, name what each of
        // them lacks: `GET /companies?type=user` needs a company_id or a name.
        let mut names: Vec<String> = Vec::new();
        for sibling in routing::siblings(op) {
            match first_missing(sibling, query) {
                None => return Err(Fault::missing(&missing)),
                Some(name) if !names.contains(&name) => names.push(name),
                Some(_) => {}
            }
        }
        return Err(Fault::missing(&names.join(" or ")));
    }
    Ok(())
}

/// Checks the header parameters of the operation a request was routed to: the required ones
/// are present, and each has a value of its type.
pub fn headers(route: &Route, headers: &hyper::HeaderMap) -> Result<(), Fault> {
    for param in route
        .op
        .params
        .iter()
        .filter(|p| p.location == Location::Header)
    {
        match headers.get(param.wire_name) {
            None if param.required => return Err(Fault::missing(param.wire_name)),
            None => {}
            Some(value) => {
                let text = value.to_str().map_err(|_| {
                    Fault::invalid(param.wire_name, format!("{} is not text", param.wire_name))
                })?;
                scalar(text, param.ty, param.wire_name)?;
            }
        }
    }
    Ok(())
}

/// The first thing `op` requires that `query` lacks: a required query parameter, or one of
/// the set it needs one of (`email or user_id`).
fn first_missing(op: &Operation, query: &[(String, String)]) -> Option<String> {
    let sent = |name: &str| query.iter().any(|(n, v)| n == name && !v.is_empty());
    if let Some(param) = op
        .params
        .iter()
        .find(|p| p.location == Location::Query && p.required && !sent(p.wire_name))
    {
        return Some(param.wire_name.to_owned());
    }
    if !op.one_of.is_empty() && !op.one_of.iter().any(|name| sent(name)) {
        return Some(op.one_of.join(" or "));
    }
    None
}

/// The type of query parameter `name` of `op`, `None` when it does not take it: one of its
/// own parameters, one of its fixed pairs, or a page parameter of a paged list.
pub fn query_type(op: &Operation, name: &str) -> Option<Ty> {
    if let Some(p) = op
        .params
        .iter()
        .find(|p| p.location == Location::Query && p.wire_name == name)
    {
        return Some(p.ty);
    }
    if op.constants.iter().any(|(k, _)| *k == name) {
        return Some(Ty::String);
    }
    if matches!(op.paging, Paging::Pages(_)) && PAGE_PARAMS.contains(&name) {
        return Some(Ty::Integer);
    }
    None
}

/// Checks a parameter's text against its type.
fn scalar(value: &str, ty: Ty, name: &str) -> Result<(), Fault> {
    let ok = match ty {
        Ty::Integer | Ty::Timestamp => value.parse::<i64>().is_ok(),
        Ty::Number => value.parse::<f64>().is_ok(),
        Ty::Boolean => value == "true" || value == "false",
        Ty::Named(schema) => match spec::schema(schema).map(|s| s.shape) {
            Some(Shape::Enum(values)) => values.contains(&value),
            _ => true,
        },
        Ty::String | Ty::Object | Ty::Any | Ty::Array(_) => true,
    };
    if ok {
        Ok(())
    } else {
        Err(Fault::invalid(
            name,
            format!("{name} must be {}, not {value:?}", describe(ty)),
        ))
    }
}

/// Checks the JSON body of a request routed to `route`: it must fit the body type of one of
/// the operations sharing the route; the first operation's complaint is reported otherwise.
pub fn body(route: &Route, body: Option<&Value>) -> Result<(), Fault> {
    let types: Vec<Ty> = route.ops.iter().filter_map(|op| op.body).collect();
    match (body, types.first()) {
        (None, _) => Ok(()),
        (Some(_), None) => Err(Fault::bad_request("This endpoint takes no request body")),
        (Some(value), Some(first)) => {
            if types.iter().any(|ty| value_fits(value, *ty, "").is_ok()) {
                Ok(())
            } else {
                value_fits(value, *first, "")
            }
        }
    }
}

/// Checks `value` at `path` (a dotted field path, empty at the top) against `ty`. `null`
/// fits every type: it means "not set".
pub fn value_fits(value: &Value, ty: Ty, path: &str) -> Result<(), Fault> {
    let wrong = || {
        let at = if path.is_empty() { "body" } else { path };
        Fault::invalid(at, format!("{at} must be {}", describe(ty)))
    };
    let fits = match (ty, value) {
        (_, Value::Null) | (Ty::Any, _) => true,
        (Ty::String, v) => v.is_string(),
        (Ty::Boolean, v) => v.is_boolean(),
        (Ty::Integer | Ty::Timestamp, v) => v.is_i64() || v.is_u64(),
        (Ty::Number, v) => v.is_number(),
        (Ty::Object, v) => v.is_object(),
        (Ty::Array(inner), Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                value_fits(item, *inner, &format!("{path}[{i}]"))?;
            }
            true
        }
        (Ty::Array(_), _) => false,
        (Ty::Named(name), v) => return named_fits(v, name, path, wrong),
    };
    if fits { Ok(()) } else { Err(wrong()) }
}

fn named_fits(
    value: &Value,
    name: &str,
    path: &str,
    wrong: impl Fn() -> Fault,
) -> Result<(), Fault> {
    match spec::schema(name).map(|s| s.shape) {
        Some(Shape::Enum(values)) => match value.as_str() {
            Some(v) if values.contains(&v) => Ok(()),
            _ => Err(wrong()),
        },
        Some(Shape::Struct(fields)) => {
            let Value::Object(map) = value else {
                return Err(wrong());
            };
            for (key, field_value) in map {
                let at = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                let field = fields
                    .iter()
                    .find(|f| f.wire_name == key)
                    .ok_or_else(|| Fault::invalid(&at, format!("{at} is not a field of {name}")))?;
                value_fits(field_value, field.ty, &at)?;
            }
            Ok(())
        }
        None => Ok(()),
    }
}

/// How the type reads in a message: "an integer", "one of: asc, desc".
fn describe(ty: Ty) -> String {
    match ty {
        Ty::String => "a string".into(),
        Ty::Boolean => "true or false".into(),
        Ty::Integer => "an integer".into(),
        Ty::Number => "a number".into(),
        Ty::Timestamp => "a Unix timestamp in seconds".into(),
        Ty::Object => "an object".into(),
        Ty::Any => "any value".into(),
        Ty::Array(inner) => format!("an array of {}", describe(*inner)),
        Ty::Named(name) => match spec::schema(name).map(|s| s.shape) {
            Some(Shape::Enum(values)) => format!("one of: {}", values.join(", ")),
            _ => format!("a {name} object"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::Param;

    /// An operation with a required and an optional header parameter, as a spec extension
    /// with header parameters generates it.
    static TRACED: Operation = Operation {
        // Any identifier: validation reads only the table entry.
        id: crate::spec::OperationId::GetUser,
        name: "list_traced",
        method: "GET",
        path: "/traced",
        constants: &[],
        params: &[
            Param {
                wire_name: "On-Behalf-Of",
                location: Location::Header,
                ty: Ty::String,
                required: true,
            },
            Param {
                wire_name: "X-Page-Hint",
                location: Location::Header,
                ty: Ty::Integer,
                required: false,
            },
        ],
        body: None,
        returns: None,
        paging: Paging::None,
        one_of: &[],
    };

    fn route() -> Route {
        Route {
            op: &TRACED,
            ops: vec![&TRACED],
            path_params: Vec::new(),
        }
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> hyper::HeaderMap {
        let mut map = hyper::HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, hyper::header::HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn header_parameters_are_checked_like_query_parameters() {
        assert!(headers_ok(&[("on-behalf-of", "acct-1")]));
        assert!(headers_ok(&[
            ("On-Behalf-Of", "acct-1"),
            ("x-page-hint", "3")
        ]));
        let missing = super::headers(&route(), &headers(&[("x-page-hint", "3")]));
        assert!(
            format!("{missing:?}").contains("On-Behalf-Of"),
            "{missing:?}"
        );
        let mistyped = super::headers(
            &route(),
            &headers(&[("on-behalf-of", "acct-1"), ("x-page-hint", "three")]),
        );
        assert!(
            format!("{mistyped:?}").contains("X-Page-Hint"),
            "{mistyped:?}"
        );
    }

    fn headers_ok(pairs: &[(&'static str, &'static str)]) -> bool {
        super::headers(&route(), &headers(pairs)).is_ok()
    }
}
