//! JSON example -> anonymous type tree, by the value rules of the format.

use std::collections::BTreeSet;

use crate::diagnostics::{Diagnostic, SourceText, Span};
use crate::doc::{Json, JsonValue};
use crate::model::TypeRef;
use crate::model::labels::{TYPE_WORDS, edit_distance, is_pascal, split_values, type_word};

/// A type before naming: objects and enums are still anonymous shapes.
#[derive(Debug, Clone, PartialEq)]
pub enum Ty {
    /// A primitive, or a model named in the example.
    Ref(TypeRef),
    /// A list.
    Array(Box<Ty>),
    /// An object with known fields.
    Object(Vec<FieldTy>),
    /// A string with known values.
    Enum(Vec<String>),
}

/// A field of an anonymous object.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldTy {
    /// The key on the wire.
    pub wire: String,
    /// Its type.
    pub ty: Ty,
    /// Its description.
    pub description: String,
}

/// What inference needs to know and where it reports.
pub struct Infer<'a> {
    /// The names of all models, for model references.
    pub models: &'a BTreeSet<String>,
    /// The file the example is in.
    pub source: &'a SourceText,
    /// Where the example's text starts in the file.
    pub base: usize,
    /// Problems found.
    pub diags: &'a mut Vec<Diagnostic>,
}

impl Infer<'_> {
    /// The type of the value under `key` (empty for a root value), and its description.
    pub fn value(&mut self, key: &str, json: &Json) -> (Ty, String) {
        match &json.value {
            JsonValue::Object(fields) if fields.is_empty() => {
                (Ty::Ref(TypeRef::Object), String::new())
            }
            JsonValue::Object(fields) => (Ty::Object(self.fields(fields)), String::new()),
            JsonValue::Array(items) => match items.first() {
                Some(first) => {
                    let (item, description) = self.value(key, first);
                    (Ty::Array(Box::new(item)), description)
                }
                None => (Ty::Array(Box::new(Ty::Ref(TypeRef::Any))), String::new()),
            },
            JsonValue::String(text) => self.string(key, text, json.span),
            JsonValue::Number(n) if n.contains(['.', 'e', 'E']) => {
                (Ty::Ref(TypeRef::Number), String::new())
            }
            JsonValue::Number(_) => (Ty::Ref(TypeRef::Integer), String::new()),
            JsonValue::Bool(_) => (Ty::Ref(TypeRef::Boolean), String::new()),
            JsonValue::Null => (Ty::Ref(TypeRef::Any), String::new()),
        }
    }

    fn fields(&mut self, fields: &[(String, Span, Json)]) -> Vec<FieldTy> {
        let mut out: Vec<FieldTy> = Vec::with_capacity(fields.len());
        for (key, key_span, value) in fields {
            let wire = key.trim_end_matches('*').trim().to_string();
            if wire.is_empty() {
                self.error(
                    *key_span,
                    "an empty key in the JSON example",
                    "give every field a name",
                );
                continue;
            }
            if out.iter().any(|f| f.wire == wire) {
                self.error(
                    *key_span,
                    format!("the key `{wire}` appears twice"),
                    "remove or rename one of them",
                );
                continue;
            }
            let (ty, description) = self.value(&wire, value);
            out.push(FieldTy {
                wire,
                ty,
                description,
            });
        }
        out
    }

    /// A string value: a type word or model name (optionally `. description`), or a description.
    fn string(&mut self, key: &str, text: &str, span: Span) -> (Ty, String) {
        let text = text.trim();
        let (head, rest) = split_head(text);
        if let Some(ty) = type_word(head) {
            if let (TypeRef::String, Some(values)) = (&ty, possible_values(rest)) {
                return (Ty::Enum(values), rest.to_string());
            }
            return (Ty::Ref(ty), rest.to_string());
        }
        if is_pascal(head) && self.models.contains(head) {
            return (Ty::Ref(TypeRef::Named(head.to_string())), rest.to_string());
        }
        if is_pascal(text) {
            // A misspelt model is an error; any other PascalCase word (`"CELL"`, `"Phone"`)
            // is an example value of a string field.
            let Some(model) = self.close_model(text) else {
                return (Ty::Ref(TypeRef::String), format!("For example `{text}`."));
            };
            self.error(
                span,
                format!("`{text}` is neither a type word nor a model"),
                format!(
                    "did you mean the model `{model}`? Otherwise define `## {text}` in a models document, or use a type word: {TYPE_WORDS}"
                ),
            );
            return (Ty::Ref(TypeRef::Any), String::new());
        }
        if let Some(values) = possible_values(text) {
            return (Ty::Enum(values), text.to_string());
        }
        (Ty::Ref(guess(key, text)), text.to_string())
    }

    /// The model a PascalCase word is a likely misspelling of: one or two letters off (one
    /// for short names).
    fn close_model(&self, word: &str) -> Option<&str> {
        let slips = if word.len() <= 4 { 1 } else { 2 };
        self.models
            .iter()
            .map(|model| {
                (
                    edit_distance(&word.to_ascii_lowercase(), &model.to_ascii_lowercase()),
                    model,
                )
            })
            .filter(|(distance, _)| *distance <= slips)
            .min()
            .map(|(_, model)| model.as_str())
    }

    fn error(&mut self, span: Span, message: impl Into<String>, hint: impl Into<String>) {
        let d = self
            .source
            .error(span.shifted(self.base), message)
            .hint(hint);
        self.diags.push(d);
    }
}

/// `"integer. The count"` -> (`integer`, `The count`); a text without `. ` is all head.
fn split_head(text: &str) -> (&str, &str) {
    match text.find('.') {
        Some(i) if text[i + 1..].is_empty() || text[i + 1..].starts_with(char::is_whitespace) => {
            (text[..i].trim(), text[i + 1..].trim())
        }
        _ => (text, ""),
    }
}

/// The values after `Possible values` in a description.
fn possible_values(text: &str) -> Option<Vec<String>> {
    let at = text.find("Possible values")?;
    let rest = text[at + "Possible values".len()..].trim_start_matches([':', ' ']);
    let rest = rest.split(['\n', ';']).next().unwrap_or_default();
    let values = split_values(rest);
    let words = values.iter().all(|v| !v.contains(char::is_whitespace));
    (!values.is_empty() && words).then_some(values)
}

/// The type of a value given only as a description, by the documented rules.
fn guess(key: &str, description: &str) -> TypeRef {
    let boolean_lead = ["Whether", "Identifies if", "Identifies whether"];
    if key.ends_with("_at") {
        TypeRef::Timestamp
    } else if boolean_lead
        .iter()
        .any(|lead| description.starts_with(lead))
    {
        TypeRef::Boolean
    } else if key.ends_with("_count") {
        TypeRef::Integer
    } else {
        TypeRef::String
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn infer(text: &str) -> (Ty, Vec<Diagnostic>) {
        let models: BTreeSet<String> = ["User".to_string()].into();
        let source = SourceText::new("t.md", text);
        let json = crate::doc::parse_json(text).expect("json");
        let mut diags = Vec::new();
        let ty = Infer {
            models: &models,
            source: &source,
            base: 0,
            diags: &mut diags,
        }
        .value("", &json)
        .0;
        (ty, diags)
    }

    fn field(ty: &Ty, wire: &str) -> Ty {
        let Ty::Object(fields) = ty else {
            panic!("object")
        };
        fields
            .iter()
            .find(|f| f.wire == wire)
            .map(|f| f.ty.clone())
            .expect("field")
    }

    #[test]
    fn value_rules() {
        let (ty, diags) = infer(
            r#"{ "created_at": "The time", "open": "Whether it is open", "user_count": "How many",
                "name": "The name", "n": "integer. A number", "u": "User", "us": ["User. The users"],
                "t": "string. Possible values: a | b", "tpl": "Possible values plain or personal.",
                "o": {}, "plan*": "Optional. A plan" }"#,
        );
        assert!(diags.is_empty());
        assert_eq!(field(&ty, "created_at"), Ty::Ref(TypeRef::Timestamp));
        assert_eq!(field(&ty, "open"), Ty::Ref(TypeRef::Boolean));
        assert_eq!(field(&ty, "user_count"), Ty::Ref(TypeRef::Integer));
        assert_eq!(field(&ty, "name"), Ty::Ref(TypeRef::String));
        assert_eq!(field(&ty, "n"), Ty::Ref(TypeRef::Integer));
        assert_eq!(field(&ty, "u"), Ty::Ref(TypeRef::Named("User".into())));
        assert_eq!(
            field(&ty, "us"),
            Ty::Array(Box::new(Ty::Ref(TypeRef::Named("User".into()))))
        );
        assert_eq!(field(&ty, "t"), Ty::Enum(vec!["a".into(), "b".into()]));
        assert_eq!(
            field(&ty, "tpl"),
            Ty::Enum(vec!["plain".into(), "personal".into()])
        );
        assert_eq!(field(&ty, "o"), Ty::Ref(TypeRef::Object));
        assert_eq!(field(&ty, "plan"), Ty::Ref(TypeRef::String));
    }

    #[test]
    fn unknown_model() {
        let (_, diags) = infer(r#"{ "a": "Usr" }"#);
        assert_eq!(diags.len(), 1);
        assert!(diags[0].message.contains("`Usr`"));
    }
}
