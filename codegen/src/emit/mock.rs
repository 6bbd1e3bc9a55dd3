//! Operation model -> the operation table of `intercom-mock`.
//!
//! The mock server answers from a static table: `OPERATIONS` (every operation with an
//! HTTP call, in document order) and `SCHEMAS` (every named type, sorted by name so the mock
//! can binary-search it). The table is written in the types of the mock's hand-written
//! `src/spec.rs`; this module only spells the model in them: parameters by wire name, `one_of`
//! by wire name, methods upper case.

use proc_macro2::TokenStream;
use quote::quote;

use super::{GeneratedFile, docs, format, names};
use crate::model::{
    Api, Binding, Field, ListShape, Location, Operation, Paging, Param, Schema, Shape, TypeRef,
};

/// The files of `intercom-mock/src/generated/`, paths relative to `intercom-mock/src`, sorted
/// by path.
pub fn files(api: &Api) -> Vec<GeneratedFile> {
    format::rust_files(tokens(api))
        .into_iter()
        .map(|(path, contents)| GeneratedFile { path, contents })
        .collect()
}

/// The tokens of the files of `intercom-mock/src/generated/`, by path, before formatting.
pub fn tokens(api: &Api) -> Vec<(String, TokenStream)> {
    let module_doc = docs::inner_attrs(
        "The operation table generated from the spec ([`operations`]), in the types of\n\
         [`crate::spec`].\n\n\
         prettyplease formats these files when they are generated; rustfmt leaves them alone.",
    );
    let mod_rs = quote! {
        #module_doc
        #[rustfmt::skip]
        pub mod operations;
    };
    vec![
        ("generated/mod.rs".to_owned(), mod_rs),
        ("generated/operations.rs".to_owned(), operations_file(api)),
    ]
}

fn operations_file(api: &Api) -> TokenStream {
    let module_doc = docs::inner_attrs(
        "Every operation with an HTTP call and every named type, as the spec gives them.",
    );
    let bound: Vec<&Operation> = api
        .operations
        .iter()
        .filter(|op| matches!(op.binding, Binding::Http { .. }))
        .collect();
    let ids: Vec<proc_macro2::Ident> = bound.iter().map(|op| operation_id(op)).collect();
    let id_docs = bound.iter().map(|op| format!(" `{}`", op.name));
    let operations = bound.iter().filter_map(|op| operation(op));
    let mut schemas: Vec<&Schema> = api.schemas.iter().collect();
    schemas.sort_by(|a, b| a.name.cmp(&b.name));
    let schemas = schemas.into_iter().map(schema);
    quote! {
        #module_doc
        use crate::spec::*;

        /// One variant per operation of the spec with an HTTP call, so that code about an
        /// operation names one that exists.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum OperationId {
            #(#[doc = #id_docs] #ids,)*
        }

        /// Every operation of the spec with an HTTP call, in document order.
        pub static OPERATIONS: &[Operation] = &[#(#operations),*];

        /// Every named type of the spec, sorted by name.
        pub static SCHEMAS: &[Schema] = &[#(#schemas),*];
    }
}

/// The table entry of `op`; `None` when it has no HTTP call.
fn operation(op: &Operation) -> Option<TokenStream> {
    let Binding::Http {
        method,
        path,
        constants,
    } = &op.binding
    else {
        return None;
    };
    let name = &op.name;
    let method = method.as_str();
    let constants = constants.iter().map(|c| {
        let (key, value) = (&c.name, &c.value);
        quote! { (#key, #value) }
    });
    let params = op.params.iter().map(param);
    let body = option(op.body.as_ref().map(|b| ty(&b.ty)));
    let returns = option(op.returns.as_ref().map(|r| {
        let (ty, or_empty) = (ty(&r.ty), r.or_empty);
        quote! { Returns { ty: #ty, or_empty: #or_empty } }
    }));
    let paging = paging(&op.paging);
    let one_of = &op.one_of;
    let path_text = path.as_str();
    let id = operation_id(op);
    Some(quote! {
        Operation {
            id: OperationId::#id,
            name: #name,
            method: #method,
            path: #path_text,
            constants: &[#(#constants),*],
            params: &[#(#params),*],
            body: #body,
            returns: #returns,
            paging: #paging,
            one_of: &[#(#one_of),*],
        }
    })
}

/// The [`OperationId`] variant of an operation: its method name in PascalCase.
fn operation_id(op: &Operation) -> proc_macro2::Ident {
    names::ident(&names::pascal(&op.name))
}

fn param(p: &Param) -> TokenStream {
    let wire_name = &p.wire_name;
    let location = match p.location {
        Location::Path => quote! { Location::Path },
        Location::Query => quote! { Location::Query },
        Location::Header => quote! { Location::Header },
    };
    let ty = ty(&p.ty);
    let required = p.required;
    quote! {
        Param { wire_name: #wire_name, location: #location, ty: #ty, required: #required }
    }
}

fn paging(paging: &Paging) -> TokenStream {
    let shape = |s: &ListShape| {
        let (items_field, item) = (&s.items_field, &s.item);
        let cursor = option(s.cursor.as_ref().map(|c| {
            let (field, param) = (&c.field, &c.param);
            quote! { Cursor { field: #field, param: #param } }
        }));
        quote! { ListShape { items_field: #items_field, item: #item, cursor: #cursor } }
    };
    match paging {
        Paging::None => quote! { Paging::None },
        Paging::List(s) => {
            let s = shape(s);
            quote! { Paging::List(#s) }
        }
        Paging::Pages(s) => {
            let s = shape(s);
            quote! { Paging::Pages(#s) }
        }
        Paging::Scroll(s) => {
            let s = shape(s);
            quote! { Paging::Scroll(#s) }
        }
    }
}

fn schema(s: &Schema) -> TokenStream {
    let name = &s.name;
    let shape = match &s.shape {
        Shape::Struct { fields } => {
            let fields = fields.iter().map(field);
            quote! { Shape::Struct(&[#(#fields),*]) }
        }
        Shape::Enum { values } => quote! { Shape::Enum(&[#(#values),*]) },
    };
    quote! { Schema { name: #name, shape: #shape } }
}

fn field(f: &Field) -> TokenStream {
    let wire_name = &f.wire_name;
    let ty = ty(&f.ty);
    quote! { Field { wire_name: #wire_name, ty: #ty } }
}

/// `Ty::…` for a type; arrays borrow their inner type, which a static promotes.
fn ty(t: &TypeRef) -> TokenStream {
    match t {
        TypeRef::String => quote! { Ty::String },
        TypeRef::Boolean => quote! { Ty::Boolean },
        TypeRef::Integer => quote! { Ty::Integer },
        TypeRef::Number => quote! { Ty::Number },
        TypeRef::Timestamp => quote! { Ty::Timestamp },
        TypeRef::Object => quote! { Ty::Object },
        TypeRef::Any => quote! { Ty::Any },
        TypeRef::Array(inner) => {
            let inner = ty(inner);
            quote! { Ty::Array(&#inner) }
        }
        TypeRef::Named(name) => quote! { Ty::Named(#name) },
    }
}

fn option(value: Option<TokenStream>) -> TokenStream {
    match value {
        Some(value) => quote! { Some(#value) },
        None => quote! { None },
    }
}
