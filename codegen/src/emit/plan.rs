//! Facts about the whole model that several files need: Rust names of types and fields,
//! which fields must be boxed, and which list models page.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::areas::Areas;
use super::names::{self, Scope};
use crate::model::{Api, Field, ListShape, Paging, Schema, Shape, TypeRef};

/// Names and derived facts, computed once per [`Api`].
#[derive(Debug)]
pub struct Plan<'a> {
    /// The model.
    pub api: &'a Api,
    /// The file each operation and type is written in.
    pub areas: Areas,
    schemas: BTreeMap<&'a str, &'a Schema>,
    type_names: BTreeMap<&'a str, String>,
    fields: BTreeMap<&'a str, Vec<FieldPlan<'a>>>,
    envelopes: BTreeMap<&'a str, Envelope<'a>>,
}

/// A struct field with its Rust name.
#[derive(Debug)]
pub struct FieldPlan<'a> {
    /// The field in the model.
    pub field: &'a Field,
    /// Its Rust name.
    pub ident: String,
    /// Whether it is held in a `Box` because its type contains the struct again.
    pub boxed: bool,
}

/// How a list model implements `crate::pagination::Envelope`.
#[derive(Debug, Clone)]
pub struct Envelope<'a> {
    /// The item type (the element type of the items field).
    pub item: &'a TypeRef,
    /// The Rust name of the items field.
    pub items: String,
    /// The Rust name of a string `type` field.
    pub type_field: Option<String>,
    /// The Rust names of the `pages` field and of its schema's string `next` field.
    pub next: Option<(String, String)>,
    /// The Rust name of a string `scroll_param` field.
    pub scroll: Option<String>,
}

/// Where generated code refers to names from.
#[derive(Debug, Clone)]
pub struct Module {
    /// Names defined in the module, which shadow the prelude.
    local: BTreeSet<String>,
    /// The path prefix of the generated types (`types::` outside `types`, whose files import
    /// `crate::types`).
    types: TokenStream,
}

impl Module {
    /// The `types` module, which defines `local`.
    pub fn types(local: BTreeSet<String>) -> Self {
        Module {
            local,
            types: TokenStream::new(),
        }
    }

    /// A sibling module of `types`, which defines `local`.
    pub fn sibling(local: BTreeSet<String>) -> Self {
        Module {
            local,
            types: quote!(types::),
        }
    }

    /// A prelude or std name, by its full path when the module defines the same name.
    pub fn std(&self, name: &str) -> TokenStream {
        let ident = names::ident(name);
        if !self.local.contains(name) {
            return quote!(#ident);
        }
        let module = match name {
            "Option" => quote!(option),
            "String" => quote!(string),
            "Vec" => quote!(vec),
            "Box" => quote!(boxed),
            "Default" => quote!(default),
            "From" | "Into" => quote!(convert),
            "Result" => quote!(result),
            "Send" => quote!(marker),
            _ => return quote!(#ident),
        };
        quote!(::std::#module::#ident)
    }
}

impl<'a> Plan<'a> {
    /// Computes names and facts for `api`.
    pub fn new(api: &'a Api) -> Self {
        let mut schemas = BTreeMap::new();
        for schema in &api.schemas {
            schemas.entry(schema.name.as_str()).or_insert(schema);
        }
        let mut scope = Scope::default();
        let type_names = schemas
            .keys()
            .map(|name| (*name, scope.claim(names::type_name(name))))
            .collect();
        let cyclic = cyclic_fields(&schemas);
        let fields = schemas
            .iter()
            .filter_map(|(name, schema)| match &schema.shape {
                Shape::Struct { fields } => Some((*name, plan_fields(name, fields, &cyclic))),
                Shape::Enum { .. } => None,
            })
            .collect();
        let mut plan = Plan {
            api,
            areas: Areas::new(api),
            schemas,
            type_names,
            fields,
            envelopes: BTreeMap::new(),
        };
        for op in &api.operations {
            let (Paging::List(shape) | Paging::Pages(shape) | Paging::Scroll(shape)) = &op.paging
            else {
                continue;
            };
            let Some(TypeRef::Named(model)) = op.returns.as_ref().map(|r| &r.ty) else {
                continue;
            };
            if plan.envelopes.contains_key(model.as_str()) {
                continue;
            }
            if let Some(envelope) = plan.build_envelope(model, shape) {
                plan.envelopes.insert(model.as_str(), envelope);
            }
        }
        plan
    }

    /// The schemas, sorted by name.
    pub fn schemas(&self) -> impl Iterator<Item = &'a Schema> + '_ {
        self.schemas.values().copied()
    }

    /// A schema by name.
    pub fn schema(&self, name: &str) -> Option<&'a Schema> {
        self.schemas.get(name).copied()
    }

    /// The Rust name of a schema.
    pub fn type_name(&self, name: &str) -> String {
        self.type_names
            .get(name)
            .cloned()
            .unwrap_or_else(|| names::type_name(name))
    }

    /// The Rust names of all schemas.
    pub fn type_names(&self) -> BTreeSet<String> {
        self.type_names.values().cloned().collect()
    }

    /// The fields of a struct schema with their Rust names.
    pub fn fields(&self, schema: &str) -> &[FieldPlan<'a>] {
        self.fields.get(schema).map_or(&[], Vec::as_slice)
    }

    /// The envelope of a list model whose items are in `items_field`, when its fields allow one.
    fn build_envelope(&self, model: &str, shape: &ListShape) -> Option<Envelope<'a>> {
        let fields = self.fields.get(model)?;
        let find = |wire: &str| fields.iter().find(|f| f.field.wire_name == wire);
        let string_field = |wire: &str| {
            find(wire)
                .filter(|f| f.field.ty == TypeRef::String)
                .map(|f| f.ident.clone())
        };
        let items = find(&shape.items_field)?;
        let TypeRef::Array(item) = &items.field.ty else {
            return None;
        };
        let next = find("pages").and_then(|pages| {
            let TypeRef::Named(pages_schema) = &pages.field.ty else {
                return None;
            };
            let next = self
                .fields
                .get(pages_schema.as_str())?
                .iter()
                .find(|f| f.field.wire_name == "next" && f.field.ty == TypeRef::String)?;
            Some((pages.ident.clone(), next.ident.clone()))
        });
        Some(Envelope {
            item,
            items: items.ident.clone(),
            type_field: string_field("type"),
            next,
            scroll: shape.cursor.as_ref().and_then(|c| string_field(&c.field)),
        })
    }

    /// Where a type without a description is used, as its doc: the fields, bodies,
    /// parameters and responses that have it, linked (`Used in [`PostMessageRequest::to`]`).
    pub fn used_in(&self, name: &str) -> String {
        let target = TypeRef::Named(name.to_owned());
        let mentions = |ty: &TypeRef| {
            ty == &target || matches!(ty, TypeRef::Array(inner) if **inner == target)
        };
        let mut places: Vec<String> = Vec::new();
        for (owner, fields) in &self.fields {
            let owner = self.type_name(owner);
            for f in fields.iter().filter(|f| mentions(&f.field.ty)) {
                places.push(format!(
                    "[`{owner}::{ident}`]({owner}::{ident})",
                    ident = f.ident
                ));
            }
        }
        for op in &self.api.operations {
            let in_params = op.params.iter().any(|p| mentions(&p.ty));
            let in_body = op.body.as_ref().is_some_and(|b| mentions(&b.ty));
            let in_returns = op.returns.as_ref().is_some_and(|r| mentions(&r.ty));
            if (in_params || in_body || in_returns)
                && matches!(op.binding, crate::model::Binding::Http { .. })
            {
                let method = names::snake(&op.name);
                places.push(format!("[`Client::{method}`](crate::Client::{method})"));
            }
        }
        places.sort();
        places.dedup();
        const SHOWN: usize = 6;
        match places.len() {
            0 => format!("The `{name}` type of the spec."),
            n if n <= SHOWN => format!("Used in {}.", places.join(", ")),
            n => format!(
                "Used in {} and {} more places.",
                places[..SHOWN].join(", "),
                n - SHOWN
            ),
        }
    }

    /// The doc of a field the spec does not describe: what its type says about it. Types are
    /// linked through `path` (`types::` outside the `types` module).
    pub fn field_fallback_doc(&self, field: &Field, path: &str) -> String {
        let (list, ty) = match &field.ty {
            TypeRef::Array(inner) => (true, inner.as_ref()),
            other => (false, other),
        };
        let what = match ty {
            TypeRef::Named(name) => {
                let ident = self.type_name(name);
                let summary = self
                    .schema(name)
                    .map(|s| first_sentence(&s.description))
                    .filter(|s| !s.is_empty())
                    .map(|s| format!(" {s}"))
                    .unwrap_or_default();
                return if list {
                    format!("A list of [`{ident}`]({path}{ident}).{summary}")
                } else {
                    format!("A [`{ident}`]({path}{ident}).{summary}")
                };
            }
            TypeRef::String => "text",
            TypeRef::Boolean => "`true` or `false`",
            TypeRef::Integer => "a whole number",
            TypeRef::Number => "a number",
            TypeRef::Timestamp => "a time (Unix seconds on the wire)",
            TypeRef::Object => "a JSON object of any keys",
            TypeRef::Any => "any JSON value",
            TypeRef::Array(_) => "a list",
        };
        if list {
            format!("A list, each item {what}.")
        } else {
            let mut chars = what.chars();
            chars.next().map_or_else(String::new, |c| {
                format!("{}{}.", c.to_uppercase(), chars.as_str())
            })
        }
    }

    /// The envelope of a list model, when the model implements `Envelope`.
    pub fn envelope(&self, model: &str) -> Option<&Envelope<'a>> {
        self.envelopes.get(model)
    }

    /// The Rust type for a model type, as seen from `module`.
    pub fn rust_type(&self, ty: &TypeRef, module: &Module) -> TokenStream {
        match ty {
            TypeRef::String => module.std("String"),
            TypeRef::Boolean => quote!(bool),
            TypeRef::Integer => quote!(i64),
            TypeRef::Timestamp => quote!(crate::Timestamp),
            TypeRef::Number => quote!(crate::Number),
            TypeRef::Object => {
                let string = module.std("String");
                quote!(serde_json::Map<#string, serde_json::Value>)
            }
            TypeRef::Any => quote!(serde_json::Value),
            TypeRef::Array(inner) => {
                let vec = module.std("Vec");
                let inner = self.rust_type(inner, module);
                quote!(#vec<#inner>)
            }
            TypeRef::Named(name) => {
                let ident = names::ident(&self.type_name(name));
                let prefix = &module.types;
                quote!(#prefix #ident)
            }
        }
    }

    /// Whether a named type is an enum schema.
    pub fn is_enum(&self, ty: &TypeRef) -> bool {
        matches!(ty, TypeRef::Named(name)
            if matches!(self.schema(name).map(|s| &s.shape), Some(Shape::Enum { .. })))
    }
}

fn plan_fields<'a>(
    schema: &str,
    fields: &'a [Field],
    cyclic: &BTreeSet<(String, String)>,
) -> Vec<FieldPlan<'a>> {
    let mut scope = Scope::with_reserved(&["extra"]);
    fields
        .iter()
        .map(|field| FieldPlan {
            field,
            ident: scope.claim(names::snake(&field.wire_name)),
            boxed: cyclic.contains(&(schema.to_owned(), field.wire_name.clone())),
        })
        .collect()
}

/// Fields `(schema, wire name)` whose named struct type leads back to the schema without
/// passing through a list: they need a `Box` to give the struct a finite size.
fn cyclic_fields(schemas: &BTreeMap<&str, &Schema>) -> BTreeSet<(String, String)> {
    let direct = |name: &str| -> Vec<(String, String)> {
        match schemas.get(name).map(|s| &s.shape) {
            Some(Shape::Struct { fields }) => fields
                .iter()
                .filter_map(|f| match &f.ty {
                    TypeRef::Named(target) if schemas.contains_key(target.as_str()) => {
                        Some((f.wire_name.clone(), target.clone()))
                    }
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    };
    let reaches = |from: &str, to: &str| -> bool {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.to_owned()];
        while let Some(next) = stack.pop() {
            if next == to {
                return true;
            }
            if seen.insert(next.clone()) {
                stack.extend(direct(&next).into_iter().map(|(_, target)| target));
            }
        }
        false
    };
    let mut cyclic = BTreeSet::new();
    for name in schemas.keys() {
        for (wire, target) in direct(name) {
            if reaches(&target, name) {
                cyclic.insert(((*name).to_owned(), wire));
            }
        }
    }
    cyclic
}

/// The first sentence of a Markdown description, on one line.
fn first_sentence(markdown: &str) -> String {
    let text = markdown
        .split("\n\n")
        .next()
        .unwrap_or_default()
        .replace('\n', " ");
    let text = text.trim();
    match text.find(". ") {
        Some(end) => text[..=end].to_owned(),
        None => text.to_owned(),
    }
}
