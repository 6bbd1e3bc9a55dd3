//! Which file of the generated code each operation and type lives in, so that a reader finds
//! one area of the API in one file: `operations/companies.rs` and `types/companies.rs` hold
//! what the `/companies` calls send and answer.
//!
//! An operation's area is the first segment of its path (`/contacts/{id}` → `contacts`). A
//! type lives with the first operation, in document order, that answers it, then that takes it
//! as its body or a parameter; a type only used inside other types lives with the first of
//! them; a type no operation reaches (a webhook item) lives in [`UNREACHED`].

use std::collections::{BTreeMap, VecDeque};

use super::names;
use crate::model::{Api, Binding, Operation, PathPart, Schema, Shape, TypeRef};

/// The area of types that no operation answers or takes.
pub const UNREACHED: &str = "unreached";

/// The area of every bound operation and of every schema, by name.
#[derive(Debug, Default)]
pub struct Areas {
    operations: BTreeMap<String, String>,
    schemas: BTreeMap<String, String>,
}

impl Areas {
    /// Decides the areas of `api`.
    pub fn new(api: &Api) -> Areas {
        let mut areas = Areas::default();
        let bound: Vec<(&Operation, String)> = api
            .operations
            .iter()
            .filter_map(|op| Some((op, operation_area(op)?)))
            .collect();
        for (op, area) in &bound {
            areas.operations.insert(op.name.clone(), area.clone());
        }
        let schemas: BTreeMap<&str, &Schema> =
            api.schemas.iter().map(|s| (s.name.as_str(), s)).collect();
        let mut queue = VecDeque::new();
        // Answers first, then bodies, then parameters: a type belongs where it is returned.
        let passes: [fn(&Operation) -> Vec<&TypeRef>; 3] = [
            |op| op.returns.iter().map(|r| &r.ty).collect(),
            |op| op.body.iter().map(|b| &b.ty).collect(),
            |op| op.params.iter().map(|p| &p.ty).collect(),
        ];
        for pass in passes {
            for (op, area) in &bound {
                for ty in pass(op) {
                    if let Some(name) = named(ty) {
                        areas.claim(name, area, &mut queue);
                    }
                }
            }
        }
        while let Some((name, area)) = queue.pop_front() {
            let Some(Shape::Struct { fields }) = schemas.get(name.as_str()).map(|s| &s.shape)
            else {
                continue;
            };
            for field in fields {
                if let Some(inner) = named(&field.ty) {
                    areas.claim(inner, &area, &mut queue);
                }
            }
        }
        for schema in &api.schemas {
            areas
                .schemas
                .entry(schema.name.clone())
                .or_insert_with(|| UNREACHED.to_owned());
        }
        areas
    }

    /// Gives `name` to `area` unless it already has one; its fields follow it.
    fn claim(&mut self, name: &str, area: &str, queue: &mut VecDeque<(String, String)>) {
        if !self.schemas.contains_key(name) {
            self.schemas.insert(name.to_owned(), area.to_owned());
            queue.push_back((name.to_owned(), area.to_owned()));
        }
    }

    /// The area of a bound operation.
    pub fn operation(&self, name: &str) -> &str {
        self.operations.get(name).map_or(UNREACHED, String::as_str)
    }

    /// The area of a schema.
    pub fn schema(&self, name: &str) -> &str {
        self.schemas.get(name).map_or(UNREACHED, String::as_str)
    }
}

/// The first literal segment of an operation's path, as a module name; `None` without a call.
fn operation_area(op: &Operation) -> Option<String> {
    let Binding::Http { path, .. } = &op.binding else {
        return None;
    };
    let first = path.parts().iter().find_map(|part| match part {
        PathPart::Literal(text) => text.split('/').find(|s| !s.is_empty()),
        PathPart::Param(_) => None,
    });
    Some(names::snake(first.unwrap_or("root")))
}

/// The schema a type names, through lists.
fn named(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(name) => Some(name),
        TypeRef::Array(inner) => named(inner),
        _ => None,
    }
}
