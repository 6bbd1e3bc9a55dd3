//! The values of annotation labels: `**Endpoint:**`, `**Returns:**`, `**Type:**`,
//! `**Potential values:**` and `**Wire name:**`.

use super::ir::{Method, PathTemplate, QueryConstant, TypeRef};

/// The labels the format knows, and where each may stand.
pub const OPERATION_LABELS: &[&str] = &["Endpoint", "Returns", "One of"];
/// Labels under a `###` parameter heading.
pub const PARAMETER_LABELS: &[&str] = &[
    "Type",
    "Potential values",
    "Wire name",
    "Required",
    "Type names",
];

/// Whether a bold `**Name:**` opening a paragraph is meant as a label: one the format knows,
/// or a misspelling of one (`Retruns`, `Typ`). Any other bold prefix (`**Note:**`,
/// `**IMPORTANT:**`) is prose.
pub fn is_label(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    OPERATION_LABELS
        .iter()
        .chain(PARAMETER_LABELS)
        .any(|known| {
            let known = known.to_ascii_lowercase();
            // Short labels tolerate one slip, longer ones two.
            let slips = if known.len() <= 5 { 1 } else { 2 };
            edit_distance(&name, &known) <= slips
        })
}

/// The optimal string alignment distance: insertions, deletions, substitutions and swaps of
/// neighbours each count one.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    for i in 0..=a.len() {
        for j in 0..=b.len() {
            d[i * width + j] = if i == 0 || j == 0 {
                i + j
            } else {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut best = (d[(i - 1) * width + j] + 1)
                    .min(d[i * width + j - 1] + 1)
                    .min(d[(i - 1) * width + j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    best = best.min(d[(i - 2) * width + j - 2] + 1);
                }
                best
            };
        }
    }
    d[a.len() * width + b.len()]
}

/// A parsed `**Endpoint:**` value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Endpoint {
    /// `` `GET /users/{id}` ``
    Http {
        /// The method.
        method: Method,
        /// The path template.
        path: PathTemplate,
        /// `?key=value` pairs always sent.
        constants: Vec<QueryConstant>,
    },
    /// `none — reason`
    None(String),
}

/// Parses `` `GET /users/{id}` ``, `` `GET /data_attributes?model=company` `` or `none — reason`.
pub fn endpoint(value: &str) -> Result<Endpoint, &'static str> {
    if let Some(rest) = value.strip_prefix("none") {
        let reason = rest.trim_start_matches([' ', '—', '–', '-', ':']).trim();
        if reason.is_empty() {
            return Err("say why there is no call: `none — reason`");
        }
        return Ok(Endpoint::None(reason.to_string()));
    }
    let inner = code_span(value).ok_or("write the endpoint in backticks: `GET /users/{id}`")?;
    let (method, path) = inner
        .split_once(' ')
        .ok_or("write a method and a path: `GET /users/{id}`")?;
    let method = match method {
        "GET" => Method::Get,
        "POST" => Method::Post,
        "PUT" => Method::Put,
        "PATCH" => Method::Patch,
        "DELETE" => Method::Delete,
        _ => return Err("the method must be one of GET, POST, PUT, PATCH, DELETE"),
    };
    let (path, query) = match path.trim().split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (path.trim(), None),
    };
    if !path.starts_with('/') || path.contains(['#', ' ']) {
        return Err("the path starts with `/` and has no spaces or `#`");
    }
    let constants = match query {
        Some(query) => query_constants(query)?,
        None => Vec::new(),
    };
    Ok(Endpoint::Http {
        method,
        path: path_template(path)?,
        constants,
    })
}

/// `model=company&x=1`: pairs sent with every call; parameters go under `###` headings instead.
fn query_constants(query: &str) -> Result<Vec<QueryConstant>, &'static str> {
    const HINT: &str = "after `?` write fixed `key=value` pairs joined by `&`; parameters the caller chooses go under `###` headings";
    query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, value))
                if is_identifier(name)
                    && !value.is_empty()
                    && !value.contains(['{', '}', '=', ' ']) =>
            {
                Ok(QueryConstant {
                    name: name.to_string(),
                    value: value.to_string(),
                })
            }
            _ => Err(HINT),
        })
        .collect()
}

fn path_template(path: &str) -> Result<PathTemplate, &'static str> {
    let template = PathTemplate::parse(path)
        .ok_or("a `{` in the path is never closed, or a `}` has no `{`")?;
    if !template.params().all(is_identifier) {
        return Err("a path parameter is written `{name}` with letters, digits and `_`");
    }
    Ok(template)
}

/// A parsed `**Returns:**` value: the model name and whether the body may be empty.
pub fn returns(value: &str) -> Result<(String, bool), &'static str> {
    const HINT: &str =
        "write the model in backticks, optionally followed by `or empty`: `User`, `Tag` or empty";
    let name = code_span(value).ok_or(HINT)?;
    let after = value
        .trim()
        .trim_start_matches('`')
        .trim_start_matches(name)
        .trim_start_matches('`')
        .trim();
    let or_empty = match after {
        "" => false,
        "or empty" => true,
        _ => return Err(HINT),
    };
    if !is_pascal(name) {
        return Err("a model name is PascalCase, like `User` or `UserList`");
    }
    Ok((name.to_string(), or_empty))
}

/// A parsed `**One of:**` value: `` `email`, `user_id` `` (also `or`-separated).
pub fn one_of(value: &str) -> Result<Vec<String>, &'static str> {
    const HINT: &str = "list the parameters in backticks: `email`, `user_id`";
    let names: Vec<String> = split_values(value);
    let quoted = value.matches('`').count() == 2 * names.len();
    if names.is_empty() || !quoted || !names.iter().all(|n| is_param_name(n)) {
        return Err(HINT);
    }
    Ok(names)
}

/// A parsed `**Required:**` value: `` `name`, `users` `` (also `or`-separated).
pub fn required(value: &str) -> Result<Vec<String>, &'static str> {
    const HINT: &str = "list the body's required fields in backticks: `name`, `users`";
    let names: Vec<String> = split_values(value);
    let quoted = value.matches('`').count() == 2 * names.len();
    if names.is_empty() || !quoted {
        return Err(HINT);
    }
    Ok(names)
}

/// A parsed `**Type names:**` value: `` `MessageSender` `` names the type of the parameter or
/// body itself; `` `from` = `MessageSender`, `from.type` = `MessageSenderType` `` name types
/// inside it by their path of keys. Each name is PascalCase.
pub fn type_names(value: &str) -> Result<Vec<(String, String)>, &'static str> {
    const HINT: &str =
        "write `Name`, or `path` = `Name` pairs joined by commas: `from` = `MessageSender`";
    let mut names = Vec::new();
    for entry in value.split(',').map(str::trim).filter(|e| !e.is_empty()) {
        let spans: Vec<&str> = entry.split('`').skip(1).step_by(2).collect();
        let (path, name) = match (spans.as_slice(), entry.contains('=')) {
            ([name], false) => ("", *name),
            ([path, name], true) => (*path, *name),
            _ => return Err(HINT),
        };
        if !is_pascal(name) {
            return Err("a type name is PascalCase, like `MessageSender`");
        }
        names.push((path.to_string(), name.to_string()));
    }
    if names.is_empty() {
        return Err(HINT);
    }
    Ok(names)
}

/// A parsed `**Wire name:**` value.
pub fn wire_name(value: &str) -> Result<String, &'static str> {
    code_span(value)
        .filter(|name| !name.is_empty() && !name.contains(char::is_whitespace))
        .map(str::to_string)
        .ok_or("write the name used on the wire in backticks: `scroll_param`")
}

/// A parsed `**Potential values:**` value.
pub fn potential_values(value: &str) -> Result<Vec<String>, &'static str> {
    let values = split_values(value);
    if values.is_empty() {
        return Err("list the values separated by commas: `asc, desc`");
    }
    Ok(values)
}

/// Splits `a, b`, `a | b` or `a or b` into values, dropping quotes and backticks.
pub fn split_values(text: &str) -> Vec<String> {
    let text = text.trim().trim_end_matches('.');
    text.split(['|', ','])
        .flat_map(|part| part.split(" or "))
        .map(|v| v.trim().trim_matches(['`', '"', '\'']).trim())
        .filter(|v| !v.is_empty())
        .map(str::to_string)
        .collect()
}

/// The type a type word names; `None` for a word that is not a type.
pub fn type_word(word: &str) -> Option<TypeRef> {
    Some(match word.trim().to_ascii_lowercase().as_str() {
        "string" | "date-time" | "date" | "email" | "uri" | "url" | "tzinfo" | "blob" => {
            TypeRef::String
        }
        "boolean" | "bool" => TypeRef::Boolean,
        "integer" | "int" => TypeRef::Integer,
        "number" | "float" | "double" => TypeRef::Number,
        "timestamp" => TypeRef::Timestamp,
        "object" => TypeRef::Object,
        "any" => TypeRef::Any,
        "array" => TypeRef::Array(Box::new(TypeRef::Any)),
        _ => return None,
    })
}

/// The type words a spec may use, for hints.
pub const TYPE_WORDS: &str = "string, boolean, integer, number, timestamp, object, any, array, date-time, email, tzinfo, blob";

/// The text of the first `` `code` `` span in `value`.
fn code_span(value: &str) -> Option<&str> {
    let start = value.find('`')? + 1;
    let len = value[start..].find('`')?;
    Some(value[start..start + len].trim())
}

/// Letters, digits and `_`, not starting with a digit.
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `User`, `UserList`: an upper-case letter, then letters and digits.
pub fn is_pascal(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_alphanumeric())
}

/// An operation name: snake_case words, optionally joined by dots (`get_user`,
/// `projects.locations.list`).
pub fn is_operation_name(name: &str) -> bool {
    name.split('.').all(is_snake)
}

/// A parameter name as the format's documents write them: letters, digits and `_`, also `-`
/// (`start-date`, `X-Request-Id`), `.`, and array brackets or braces (`include[]`,
/// `{field_name}`); at least one letter.
pub fn is_param_name(name: &str) -> bool {
    name.chars().any(|c| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-.[]{}".contains(c))
}

/// Standard and common request headers that documents list as parameters.
const HEADER_NAMES: &[&str] = &[
    "accept",
    "accept-charset",
    "accept-encoding",
    "accept-language",
    "authorization",
    "cache-control",
    "content-encoding",
    "content-language",
    "content-length",
    "content-md5",
    "content-type",
    "cookie",
    "date",
    "forwarded",
    "idempotency-key",
    "if-match",
    "if-modified-since",
    "if-none-match",
    "if-range",
    "if-unmodified-since",
    "on-behalf-of",
    "origin",
    "prefer",
    "range",
    "referer",
    "user-agent",
];

/// Whether a parameter name is an HTTP header's: one of the common request headers
/// (whatever the case), or any `X-…` header.
pub fn is_header_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.starts_with("x-") || HEADER_NAMES.contains(&lower.as_str())
}

/// `get_user`: lower-case letters, digits and `_`, starting with a letter.
pub fn is_snake(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints() {
        assert_eq!(
            endpoint("`DELETE /conversations/{conversation_id}/customers/{id}`"),
            Ok(Endpoint::Http {
                method: Method::Delete,
                path: PathTemplate::parse("/conversations/{conversation_id}/customers/{id}")
                    .expect("template"),
                constants: Vec::new(),
            })
        );
        assert_eq!(
            endpoint("`GET /data_attributes?model=company`"),
            Ok(Endpoint::Http {
                method: Method::Get,
                path: PathTemplate::parse("/data_attributes").expect("template"),
                constants: vec![QueryConstant {
                    name: "model".into(),
                    value: "company".into()
                }],
            })
        );
        assert!(endpoint("`GET /x?a`").is_err());
        assert!(endpoint("`GET /x?a={b}`").is_err());
        assert_eq!(
            endpoint("none — no such call"),
            Ok(Endpoint::None("no such call".into()))
        );
        assert!(endpoint("`FETCH /x`").is_err());
        assert!(endpoint("`GET /x/{id`").is_err());
        assert!(endpoint("none").is_err());
    }

    #[test]
    fn returns_values() {
        assert_eq!(returns("`User`"), Ok(("User".into(), false)));
        assert_eq!(returns("`Tag` or empty"), Ok(("Tag".into(), true)));
        assert!(returns("User").is_err());
        assert!(returns("`user`").is_err());
        assert!(returns("`Tag` maybe").is_err());
    }

    #[test]
    fn one_of_values() {
        assert_eq!(
            one_of("`email`, `user_id`"),
            Ok(vec!["email".into(), "user_id".into()])
        );
        assert_eq!(
            one_of("`id` or `email`"),
            Ok(vec!["id".into(), "email".into()])
        );
        assert!(one_of("email, user_id").is_err());
        assert!(one_of("").is_err());
    }

    #[test]
    fn type_name_values() {
        assert_eq!(
            type_names("`Sender`"),
            Ok(vec![(String::new(), "Sender".into())])
        );
        assert_eq!(
            type_names("`from` = `MessageSender`, `from.type` = `MessageSenderType`"),
            Ok(vec![
                ("from".into(), "MessageSender".into()),
                ("from.type".into(), "MessageSenderType".into())
            ])
        );
        assert!(type_names("`from` = `message_sender`").is_err());
        assert!(type_names("from = Sender").is_err());
    }

    #[test]
    fn labels_and_prose() {
        for label in ["Endpoint", "Returns", "Type", "Wire name", "One of"] {
            assert!(is_label(label), "{label}");
        }
        for typo in [
            "Retruns",
            "Return",
            "Typ",
            "Types",
            "Endpint",
            "Wirename",
            "Potential value",
        ] {
            assert!(is_label(typo), "{typo}");
        }
        for prose in [
            "Note",
            "IMPORTANT",
            "Tip",
            "Warning",
            "Example",
            "Deprecated",
        ] {
            assert!(!is_label(prose), "{prose}");
        }
        assert_eq!(edit_distance("retruns", "returns"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn values() {
        assert_eq!(split_values("user | lead"), ["user", "lead"]);
        assert_eq!(split_values("plain or personal."), ["plain", "personal"]);
        assert_eq!(split_values("asc, desc"), ["asc", "desc"]);
    }
}
