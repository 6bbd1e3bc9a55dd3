//! Nested lists: the lists inside a resource that responses wrap and requests send plain.
//!
//! Intercom answers a resource's lists wrapped in an object named after the item,
//! `"companies": {"type": "company.list", "companies": [...]}` (a conversation's parts add
//! `total_count`), and takes them as plain arrays in requests. The rule, applied once here and
//! recorded in [`Field::response_wrapper`]:
//!
//! - the field belongs to a model (a `## Name` section of a models document) that is a
//!   *resource*: it has at least two fields that are lists of models. A model with exactly one
//!   is a list envelope (`UserList`, `TagList`), whose items are the envelope's own and are not
//!   wrapped again;
//! - the field is a list of a model under that model's plural snake_case name:
//!   `companies: [Company]`, `social_profiles: [SocialProfile]`,
//!   `conversation_parts: [ConversationPart]`;
//! - the wrapper's `type` is the item model's snake_case name plus `.list`
//!   (`social_profile.list`), its items key the field's wire name.
//!
//! A conversation's `customers: [ObjectRef]` is no nested list: it arrives as a plain array.
//!
//! Request bodies send plain arrays, so a request body may not reach a model with a nested
//! list: one schema could not say both forms. [`check_bodies`] reports such a body.

use std::collections::BTreeSet;

use heck::ToSnakeCase;

use super::operation::PendingOperation;
use crate::diagnostics::Diagnostic;
use crate::model::{Field, ListWrapper, Origin, Schema, Shape, TypeRef};

/// Sets [`Field::response_wrapper`] on every nested list of a resource model.
pub(super) fn mark(schemas: &mut [Schema]) {
    let models: BTreeSet<String> = schemas
        .iter()
        .filter(|s| s.origin == Origin::Model)
        .map(|s| s.name.clone())
        .collect();
    for schema in schemas.iter_mut() {
        if schema.origin != Origin::Model {
            continue;
        }
        let Shape::Struct { fields } = &mut schema.shape else {
            continue;
        };
        let lists_of_models = fields
            .iter()
            .filter(|f| item_model(f, &models).is_some())
            .count();
        if lists_of_models < 2 {
            continue;
        }
        for field in fields.iter_mut() {
            let Some(item) = item_model(field, &models) else {
                continue;
            };
            let singular = item.to_snake_case();
            if field.wire_name == plural(&singular) {
                field.response_wrapper = Some(ListWrapper {
                    list_type: format!("{singular}.list"),
                    items_key: field.wire_name.clone(),
                });
            }
        }
    }
}

/// The item model of a field that is a list of a model.
fn item_model<'a>(field: &'a Field, models: &BTreeSet<String>) -> Option<&'a str> {
    match &field.ty {
        TypeRef::Array(inner) => match inner.as_ref() {
            TypeRef::Named(name) if models.contains(name) => Some(name),
            _ => None,
        },
        _ => None,
    }
}

/// The English plural of a snake_case name: `company` -> `companies`, `tag` -> `tags`,
/// `address` -> `addresses`, `day` -> `days`.
fn plural(singular: &str) -> String {
    if let Some(stem) = singular.strip_suffix('y')
        && !stem.ends_with(['a', 'e', 'i', 'o', 'u'])
    {
        return format!("{stem}ies");
    }
    if ["s", "x", "z", "ch", "sh"]
        .iter()
        .any(|end| singular.ends_with(end))
    {
        return format!("{singular}es");
    }
    format!("{singular}s")
}

/// Reports every operation whose request body reaches a model with a nested list.
pub(super) fn check_bodies(
    ops: &[PendingOperation],
    types: &[TypeRef],
    schemas: &[Schema],
    diags: &mut Vec<Diagnostic>,
) {
    for op in ops {
        let Some(ty) = op.body.as_ref().and_then(|(root, _)| types.get(*root)) else {
            continue;
        };
        let Some((model, field)) = first_wrapped(ty, schemas) else {
            continue;
        };
        diags.push(
            op.source
                .error(
                    op.heading,
                    format!(
                        "the body of `{}` reaches the model `{model}`, whose `{field}` responses \
                         wrap",
                        op.name
                    ),
                )
                .hint(
                    "requests send nested lists as plain arrays: describe the object in the \
                     body's example instead of naming the response model",
                ),
        );
    }
}

/// The first schema reachable from `ty` that has a nested list, with that field's wire name.
fn first_wrapped<'a>(ty: &TypeRef, schemas: &'a [Schema]) -> Option<(&'a str, &'a str)> {
    let mut seen = BTreeSet::new();
    let mut stack = vec![ty];
    while let Some(ty) = stack.pop() {
        let name = match ty {
            TypeRef::Array(inner) => {
                stack.push(inner);
                continue;
            }
            TypeRef::Named(name) => name,
            _ => continue,
        };
        if !seen.insert(name.as_str()) {
            continue;
        }
        let Some(Schema {
            name,
            shape: Shape::Struct { fields },
            ..
        }) = schemas.iter().find(|s| &s.name == name)
        else {
            continue;
        };
        if let Some(field) = fields.iter().find(|f| f.response_wrapper.is_some()) {
            return Some((name, &field.wire_name));
        }
        stack.extend(fields.iter().map(|f| &f.ty));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::plural;

    #[test]
    fn plurals() {
        for (one, many) in [
            ("company", "companies"),
            ("tag", "tags"),
            ("segment", "segments"),
            ("social_profile", "social_profiles"),
            ("conversation_part", "conversation_parts"),
            ("address", "addresses"),
            ("day", "days"),
            ("match", "matches"),
        ] {
            assert_eq!(plural(one), many);
        }
    }
}
