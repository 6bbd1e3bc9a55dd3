//! Rust identifiers for spec names: fields, types, variants, methods, parameters.
//!
//! Every function here returns a valid, non-keyword identifier for any input text.

use std::collections::BTreeSet;

use proc_macro2::{Ident, Span};

pub use crate::model::idents::{is_keyword, pascal, snake};

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

    /// Takes `base`, or the first numbered form of it free here and in `other`, in both.
    pub fn claim_with(&mut self, other: &mut Scope, base: String) -> String {
        let snake = base.starts_with(|c: char| c.is_ascii_lowercase());
        let stem = base.trim_end_matches('_').to_owned();
        let name = std::iter::once(base)
            .chain((2..).map(|n| {
                if snake {
                    format!("{stem}_{n}")
                } else {
                    format!("{stem}{n}")
                }
            }))
            .find(|candidate| !self.taken.contains(candidate) && !other.taken.contains(candidate))
            .unwrap_or_default();
        self.taken.insert(name.clone());
        other.taken.insert(name.clone());
        name
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
