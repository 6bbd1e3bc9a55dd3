//! Identifiers derived from spec names, decided once for every output: the model checks that
//! two names of one scope do not derive the same identifier, and the emitters use them.
//!
//! Every function here returns a valid, non-keyword identifier for any input text
//! (`start-date` → `start_date`, `include[]` → `include`, `projects.locations.list` →
//! `projects_locations_list`).

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Strict and reserved keywords of Rust 2024 (plus `union`, which cannot name a type).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Names that are not keywords but read as a conversion when used as a field or method
/// (`msg.from`, `builder.from(…)`), escaped like keywords.
const ESCAPED: &[&str] = &["from"];

/// Whether `name` needs a trailing underscore: a Rust keyword, or a name that reads as a conversion (`from`).
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name) || ESCAPED.contains(&name)
}

/// Turns every character that cannot appear in an identifier into a word separator.
fn words(raw: &str) -> String {
    raw.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

/// A snake_case identifier: `userId` → `user_id`, `plan*` → `plan`, `type` → `type_`,
/// `2fa` → `n_2fa`, and `value` when nothing usable is left.
pub fn snake(raw: &str) -> String {
    let mut name = words(raw).to_snake_case();
    if name.is_empty() {
        name = "value".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "n_");
    }
    if is_keyword(&name) {
        name.push('_');
    }
    name
}

/// A PascalCase identifier: `created_at` → `CreatedAt`, `1.4` → `V14`, `self` → `Self_`,
/// and `Value` when nothing usable is left.
pub fn pascal(raw: &str) -> String {
    let mut name = words(raw).to_upper_camel_case();
    if name.is_empty() {
        name = "Value".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    if is_keyword(&name) {
        name.push('_');
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_names() {
        assert_eq!(snake("type"), "type_");
        assert_eq!(snake("from"), "from_");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("userId"), "user_id");
        assert_eq!(snake("plan*"), "plan");
        assert_eq!(snake("$body"), "body");
        assert_eq!(snake("user-agent data"), "user_agent_data");
        assert_eq!(snake("2fa"), "n_2fa");
        assert_eq!(snake("***"), "value");
        assert_eq!(snake("Ünïcode"), "n_code");
    }

    #[test]
    fn pascal_names() {
        assert_eq!(pascal("created_at"), "CreatedAt");
        assert_eq!(pascal("asc"), "Asc");
        assert_eq!(pascal("1.4"), "V14");
        assert_eq!(pascal("self"), "Self_");
        assert_eq!(pascal("tag.list"), "TagList");
        assert_eq!(pascal("-"), "Value");
    }

    #[test]
    fn names_of_other_habits() {
        assert_eq!(snake("start-date"), "start_date");
        assert_eq!(snake("include[]"), "include");
        assert_eq!(snake("{field_name}"), "field_name");
        assert_eq!(snake("X-Request-Id"), "x_request_id");
        assert_eq!(snake("projects.locations.list"), "projects_locations_list");
        assert_eq!(pascal("projects.locations.list"), "ProjectsLocationsList");
    }
}
