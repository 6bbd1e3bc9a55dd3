//! Rust identifiers for spec names: fields, types, variants, methods, parameters.
//!
//! Every function here returns a valid, non-keyword identifier for any input text.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};

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

/// Whether `name` needs a trailing underscore: a Rust keyword, or one of [`ESCAPED`].
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

/// A type name from the model: kept as written when it is already a valid identifier,
/// otherwise made PascalCase.
pub fn type_name(raw: &str) -> String {
    let valid = raw.starts_with(|c: char| c.is_ascii_alphabetic())
        && raw.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if valid && !is_keyword(raw) {
        raw.to_owned()
    } else {
        pascal(raw)
    }
}

/// Hands out names that are unique within one scope, in the order asked.
///
/// A name already taken gets a counter: `user_id`, `user_id_2`, … (`CreatedAt`, `CreatedAt2`
/// for PascalCase names).
#[derive(Debug, Default)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    /// A scope in which `reserved` are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Scope {
            taken: reserved.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    /// Takes `base`, or the first free numbered form of it.
    pub fn claim(&mut self, base: String) -> String {
        if self.taken.insert(base.clone()) {
            return base;
        }
        let snake = base.starts_with(|c: char| c.is_ascii_lowercase());
        let stem = base.trim_end_matches('_');
        (2..)
            .map(|n| {
                if snake {
                    format!("{stem}_{n}")
                } else {
                    format!("{stem}{n}")
                }
            })
            .find(|candidate| self.taken.insert(candidate.clone()))
            .unwrap_or(base)
    }
}

/// An identifier token for a name produced by this module.
pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
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
    fn type_names_are_kept_when_valid() {
        assert_eq!(type_name("ListUsersSort"), "ListUsersSort");
        assert_eq!(type_name("user list"), "UserList");
        assert_eq!(type_name("Self"), "Self_");
    }

    #[test]
    fn scopes_number_repeats() {
        let mut scope = Scope::with_reserved(&["extra"]);
        assert_eq!(scope.claim("user_id".into()), "user_id");
        assert_eq!(scope.claim("user_id".into()), "user_id_2");
        assert_eq!(scope.claim("extra".into()), "extra_2");
        assert_eq!(scope.claim("type_".into()), "type_");
        assert_eq!(scope.claim("type_".into()), "type_2");
        let mut scope = Scope::default();
        assert_eq!(scope.claim("CreatedAt".into()), "CreatedAt");
        assert_eq!(scope.claim("CreatedAt".into()), "CreatedAt2");
    }
}
