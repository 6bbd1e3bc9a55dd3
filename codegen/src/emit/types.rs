//! `generated/types/`: a struct or enum per schema, and `Envelope` for list models, one file
//! per area of the API.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::areas::UNREACHED;
use super::docs::{self, DocText};
use super::names::{self, Scope};
use super::plan::{Envelope, Module, Plan};
use crate::model::{Schema, Shape, TypeRef};

/// The tokens of each area's file of `generated/types/`, by area.
pub fn files(plan: &Plan) -> Vec<(String, TokenStream)> {
    let module = Module::types(plan.type_names());
    let mut areas: BTreeMap<&str, Vec<&Schema>> = BTreeMap::new();
    for schema in plan.schemas() {
        areas
            .entry(plan.areas.schema(&schema.name))
            .or_default()
            .push(schema);
    }
    areas
        .into_iter()
        .map(|(area, schemas)| {
            let doc = if area == UNREACHED {
                docs::inner_attrs(
                    "Models no call answers or takes: the items webhook notifications carry.",
                )
            } else {
                docs::inner_attrs(&format!("The models of the calls on `/{area}`."))
            };
            // Types of other areas are reached through the parent module's re-exports.
            let uses_others = schemas
                .iter()
                .any(|schema| refers_outside(plan, schema, area));
            let imports = uses_others.then(|| {
                quote!(
                    use super::*;
                )
            });
            let items = schemas.iter().map(|schema| match &schema.shape {
                Shape::Struct { .. } => {
                    let envelope = plan
                        .envelope(&schema.name)
                        .map(|envelope| envelope_impl(plan, &module, schema, envelope));
                    let item = struct_item(plan, &module, schema);
                    quote! { #item #envelope }
                }
                Shape::Enum { values } => enum_item(plan, &module, schema, values),
            });
            let tokens = quote! {
                #doc
                #imports
                #(#items)*
            };
            (area.to_owned(), tokens)
        })
        .collect()
}

/// Whether a struct's fields name a type written in another area.
fn refers_outside(plan: &Plan, schema: &Schema, area: &str) -> bool {
    let Shape::Struct { fields } = &schema.shape else {
        return false;
    };
    fields.iter().any(|f| {
        let mut ty = &f.ty;
        while let TypeRef::Array(inner) = ty {
            ty = inner;
        }
        matches!(ty, TypeRef::Named(name) if plan.areas.schema(name) != area)
    })
}

/// The module that gathers the areas, every type re-exported under `types`.
pub fn module(areas: &[String]) -> TokenStream {
    let doc = docs::inner_attrs(
        "The Intercom API's models: responses, request bodies and the types inside them.\n\n\
         Every field is optional, unknown fields are kept in `extra`, and enums keep values\n\
         they do not know in `Unknown`. The models of each area of the API are in one file.",
    );
    let modules = areas.iter().map(|area| {
        let ident = names::ident(area);
        quote! { mod #ident; pub use #ident::*; }
    });
    quote! {
        #doc
        #(#modules)*
    }
}

fn struct_item(plan: &Plan, module: &Module, schema: &Schema) -> TokenStream {
    let name = names::ident(&plan.type_name(&schema.name));
    let doc = docs::attrs(DocText::new(&schema.description, &plan.used_in(&schema.name)).as_str());
    let option = module.std("Option");
    let string = module.std("String");
    let result = module.std("Result");
    let boxed = module.std("Box");
    let fields = plan.fields(&schema.name);
    let declared = fields.iter().map(|f| {
        let ident = names::ident(&f.ident);
        let doc = docs::attrs(
            DocText::new(&f.field.description, &plan.field_fallback_doc(f.field, "")).as_str(),
        );
        let mut ty = plan.rust_type(&f.field.ty, module);
        if f.boxed {
            ty = quote!(#boxed<#ty>);
        }
        quote! {
            #doc
            pub #ident: #option<#ty>,
        }
    });
    // Every field, set ones only, in declaration order, then `extra`: what a derived
    // `Serialize` with `skip_serializing_if` and a flattened `extra` writes.
    let written = fields.iter().map(|f| {
        let ident = names::ident(&f.ident);
        let wire = &f.field.wire_name;
        quote! { out.field(#wire, &self.#ident); }
    });
    let mut seen = BTreeSet::new();
    let arms: Vec<TokenStream> = fields
        .iter()
        .filter(|f| seen.insert(f.field.wire_name.as_str()))
        .map(|f| {
            let ident = names::ident(&f.ident);
            let wire = &f.field.wire_name;
            let decode = decode_fn(plan, &f.field.ty, f.boxed);
            quote! { #wire => crate::de::#decode(map, key, &mut self.#ident, extra), }
        })
        .collect();
    let decode_field = (!arms.is_empty()).then(|| {
        quote! {
            fn decode_field(
                &mut self,
                key: &str,
                map: &mut dyn crate::de::MapIn<'_>,
            ) -> #result<bool, crate::de::Fail> {
                let extra = &mut self.extra;
                match key {
                    #(#arms)*
                    _ => Ok(false),
                }
            }
        }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct #name {
            #(#declared)*
            /// Fields the spec does not describe, and values that did not fit their field's
            /// type, as received.
            pub extra: serde_json::Map<#string, serde_json::Value>,
        }

        impl crate::ser::Fields for #name {
            fn write_fields(&self, out: &mut crate::ser::FieldWriter<'_>) {
                #(#written)*
                out.extra(&self.extra);
            }
        }

        impl crate::ser::AsField for #name {
            fn as_field(&self) -> crate::ser::FieldRef<'_> {
                crate::ser::FieldRef::Object(self)
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> #result<S::Ok, S::Error> {
                crate::ser::serialize_object(self, serializer)
            }
        }

        impl crate::de::Object for #name {
            #decode_field

            fn extra_mut(&mut self) -> &mut serde_json::Map<#string, serde_json::Value> {
                &mut self.extra
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> #result<Self, D::Error> {
                crate::de::deserialize_object(deserializer)
            }
        }
    }
}

/// The `crate::de` function that decodes a field of type `ty`: structs and lists of structs
/// have their own, so that their decoding is not compiled again for every struct type.
fn decode_fn(plan: &Plan, ty: &TypeRef, boxed: bool) -> TokenStream {
    let is_struct = |ty: &TypeRef| {
        matches!(ty, TypeRef::Named(name)
            if plan.schema(name).is_some_and(|s| matches!(s.shape, Shape::Struct { .. })))
    };
    match ty {
        _ if boxed => quote!(boxed_field),
        TypeRef::Array(inner) if is_struct(inner) => quote!(object_list_field),
        _ if is_struct(ty) => quote!(object_field),
        _ => quote!(field),
    }
}

fn enum_item(plan: &Plan, module: &Module, schema: &Schema, values: &[String]) -> TokenStream {
    let name = names::ident(&plan.type_name(&schema.name));
    let doc = docs::attrs(DocText::new(&schema.description, &plan.used_in(&schema.name)).as_str());
    let string = module.std("String");
    let result = module.std("Result");
    let from = module.std("From");
    let mut scope = Scope::with_reserved(&["Unknown"]);
    let mut seen = BTreeSet::new();
    let variants: Vec<(proc_macro2::Ident, &String)> = values
        .iter()
        .filter(|v| seen.insert(v.as_str()))
        .map(|v| (names::ident(&scope.claim(names::pascal(v))), v))
        .collect();
    let declared = variants.iter().map(|(ident, wire)| {
        let doc = format!(" `{wire}`");
        quote! { #[doc = #doc] #ident, }
    });
    let to_wire = variants
        .iter()
        .map(|(ident, wire)| quote! { Self::#ident => #wire, });
    let from_wire = if variants.is_empty() {
        quote! { Self::Unknown(value.to_owned()) }
    } else {
        let arms = variants
            .iter()
            .map(|(ident, wire)| quote! { #wire => Self::#ident, });
        quote! {
            match value {
                #(#arms)*
                other => Self::Unknown(other.to_owned()),
            }
        }
    };
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#declared)*
            /// A value this version of the client does not know, as received.
            Unknown(#string),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_wire)*
                    Self::Unknown(value) => value,
                }
            }
        }

        impl #from<&str> for #name {
            fn from(value: &str) -> Self {
                #from_wire
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> #result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl crate::ser::AsField for #name {
            fn as_field(&self) -> crate::ser::FieldRef<'_> {
                crate::ser::FieldRef::Str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> #result<Self, D::Error> {
                crate::de::deserialize_lenient(deserializer)
            }
        }

        impl crate::de::Lenient for #name {
            fn from_str(value: &str) -> crate::de::Decoded<Self> {
                crate::de::Decoded::Ok(Self::from(value))
            }
        }

        impl crate::request::QueryValue for #name {
            fn to_query_value(&self) -> #string {
                self.as_str().to_owned()
            }
        }
    }
}

fn envelope_impl(
    plan: &Plan,
    module: &Module,
    schema: &Schema,
    envelope: &Envelope,
) -> TokenStream {
    let name = names::ident(&plan.type_name(&schema.name));
    let item = plan.rust_type(envelope.item, module);
    let vec = module.std("Vec");
    let option = module.std("Option");
    let default = module.std("Default");
    let items = names::ident(&envelope.items);
    let typed_list = envelope.type_field.as_ref().map(|field| {
        let field = names::ident(field);
        quote! { || self.#field.as_deref().is_some_and(|kind| kind.ends_with(".list")) }
    });
    let next_url = envelope.next.as_ref().map(|(pages, next)| {
        let pages = names::ident(pages);
        let next = names::ident(next);
        quote! {
            fn next_url(&self) -> #option<&str> {
                self.#pages.as_ref()?.#next.as_deref()
            }
        }
    });
    let scroll_param = envelope.scroll.as_ref().map(|field| {
        let field = names::ident(field);
        quote! {
            fn scroll_param(&self) -> #option<&str> {
                self.#field.as_deref()
            }
        }
    });
    quote! {
        impl crate::pagination::Envelope for #name {
            type Item = #item;

            fn into_items(self) -> #vec<#item> {
                self.#items.unwrap_or_default()
            }

            fn is_list(&self) -> bool {
                self.#items.is_some() #typed_list
            }

            fn from_single(item: #item) -> Self {
                Self {
                    #items: Some(vec![item]),
                    ..#default::default()
                }
            }

            #next_url
            #scroll_param

            fn decode_body(status: u16, body: &[u8]) -> crate::Result<Self> {
                crate::decode::decode_model_list(status, body)
            }
        }
    }
}
