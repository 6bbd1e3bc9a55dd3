//! A request body written through the operation's builder: each top-level field of the body
//! has a setter that takes the value itself (`.email("ada@example.com")`), the fields the spec
//! marks required are arguments of the `Client` method, a free-form object field also gets a
//! setter for one entry (`.custom_attribute("plan", "gold")`), and `request_body` takes a whole
//! body struct, the required arguments still sent as given.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{self, DocText};
use super::names::{self, Scope};
use super::plan::{FieldPlan, Module, Plan};
use crate::model::{Body, TypeRef};

/// The builder method that replaces the whole body.
pub const WHOLE_BODY: &str = "request_body";

/// The builder field holding the body (a field, so it takes no method's name: a body field
/// called `body` still gets the setter `body`).
pub const BODY_FIELD: &str = "request_body";

/// How the builder writes the body.
pub struct BodyPlan<'a> {
    /// The body in the model.
    pub body: &'a Body,
    /// The body struct's fields, as fields of the builder (required ones) or setters.
    pub fields: Vec<BodyField<'a>>,
}

/// One top-level field of the body.
pub struct BodyField<'a> {
    /// The field in the body struct.
    pub field: &'a FieldPlan<'a>,
    /// The argument (required) or setter name.
    pub ident: String,
    /// Whether the spec requires it: an argument of the `Client` method.
    pub required: bool,
    /// For a free-form object: the name of the setter of one entry.
    pub entry: Option<String>,
}

impl<'a> BodyPlan<'a> {
    /// The plan of a body whose type is a struct, `None` for a free-form body. Arguments are
    /// named in `args` (the builder's fields), setters in `methods`.
    pub fn new(
        plan: &'a Plan<'a>,
        body: &'a Body,
        args: &mut Scope,
        methods: &mut Scope,
    ) -> Option<BodyPlan<'a>> {
        let TypeRef::Named(schema) = &body.ty else {
            return None;
        };
        let fields = plan.fields(schema);
        if fields.is_empty() {
            return None;
        }
        let fields = fields
            .iter()
            .map(|field| {
                let required = body.required.contains(&field.field.wire_name);
                let ident = if required {
                    args.claim(field.ident.clone())
                } else {
                    methods.claim(field.ident.clone())
                };
                let entry = (field.field.ty == TypeRef::Object && !required)
                    .then(|| methods.claim(entry_name(&field.ident)));
                BodyField {
                    field,
                    ident,
                    required,
                    entry,
                }
            })
            .collect();
        Some(BodyPlan { body, fields })
    }

    /// The required fields, in the order the spec's `**Required:**` line lists them.
    pub fn required(&self) -> impl Iterator<Item = &BodyField<'a>> {
        self.body.required.iter().filter_map(|wire| {
            self.fields
                .iter()
                .find(|f| f.required && &f.field.field.wire_name == wire)
        })
    }

    /// The body struct's Rust type.
    pub fn ty(&self, plan: &Plan, module: &Module) -> TokenStream {
        plan.rust_type(&self.body.ty, module)
    }

    /// The setters of the optional fields, their entry setters, and `request_body`.
    pub fn setters(&self, plan: &Plan, module: &Module) -> Vec<TokenStream> {
        let body = names::ident(BODY_FIELD);
        let mut out = Vec::new();
        for f in self.fields.iter().filter(|f| !f.required) {
            let name = names::ident(&f.ident);
            let field = names::ident(&f.field.ident);
            let (ty, value) = input(plan, module, &f.field.field.ty, &name);
            let doc = docs::attrs(
                DocText::new(
                    &f.field.field.description,
                    &plan.field_fallback_doc(f.field.field, "types::"),
                )
                .para(&format!(
                    "Sent as `{}` in the JSON body.",
                    f.field.field.wire_name
                ))
                .as_str(),
            );
            let allow = wrong_self_convention(&f.ident);
            out.push(quote! {
                #doc
                #allow
                pub fn #name(mut self, #name: #ty) -> Self {
                    self.#body.#field = Some(#value);
                    self
                }
            });
            if let Some(entry) = &f.entry {
                let entry = names::ident(entry);
                let string = module.std("String");
                let into = module.std("Into");
                let doc = docs::attrs(&format!(
                    "Sets one entry of `{}` in the JSON body, keeping the others.",
                    f.field.field.wire_name
                ));
                out.push(quote! {
                    #doc
                    pub fn #entry(
                        mut self,
                        key: impl #into<#string>,
                        value: impl #into<serde_json::Value>,
                    ) -> Self {
                        self.#body
                            .#field
                            .get_or_insert_with(Default::default)
                            .insert(key.into(), value.into());
                        self
                    }
                });
            }
        }
        let whole = names::ident(WHOLE_BODY);
        let ty = self.ty(plan, module);
        let mut doc = DocText::default();
        doc.para("Replaces the whole JSON body with `body`, a struct literal of its fields.");
        if self.required().next().is_some() {
            doc.para(
                "The fields given as arguments of the `Client` method are still sent as given.",
            );
        }
        let doc = docs::attrs(doc.as_str());
        out.push(quote! {
            #doc
            pub fn #whole(mut self, body: #ty) -> Self {
                self.#body = body;
                self
            }
        });
        out
    }

    /// The expression `build_request` sends: the body, with the required arguments set.
    pub fn json_call(&self) -> TokenStream {
        let body = names::ident(BODY_FIELD);
        let required: Vec<TokenStream> = self
            .required()
            .map(|f| {
                let arg = names::ident(&f.ident);
                let field = names::ident(&f.field.ident);
                quote!(body.#field = Some(self.#arg);)
            })
            .collect();
        if required.is_empty() {
            return quote!(.json_model(&self.#body));
        }
        quote! {
            .json_model(&{
                let mut body = self.#body;
                #(#required)*
                body
            })
        }
    }
}

/// The setter of one entry of a free-form object field: `custom_attributes` →
/// `custom_attribute`, `metadata` → `metadata_entry`.
fn entry_name(field: &str) -> String {
    match field.strip_suffix('s') {
        Some(singular) if !singular.ends_with('s') && !singular.is_empty() => singular.to_owned(),
        _ => format!("{field}_entry"),
    }
}

/// The argument type of a body value and the expression that stores it: strings and
/// timestamps through `Into`, lists from any iterator (of values that convert, for strings).
pub fn input(
    plan: &Plan,
    module: &Module,
    ty: &TypeRef,
    name: &proc_macro2::Ident,
) -> (TokenStream, TokenStream) {
    let into = module.std("Into");
    match ty {
        TypeRef::String | TypeRef::Timestamp | TypeRef::Number => {
            let target = plan.rust_type(ty, module);
            (quote!(impl #into<#target>), quote!(#name.into()))
        }
        TypeRef::Array(inner) if matches!(**inner, TypeRef::String | TypeRef::Timestamp) => {
            let target = plan.rust_type(inner, module);
            (
                quote!(impl IntoIterator<Item = impl #into<#target>>),
                quote!(#name.into_iter().map(#into::into).collect()),
            )
        }
        TypeRef::Array(inner) => {
            let target = plan.rust_type(inner, module);
            (
                quote!(impl IntoIterator<Item = #target>),
                quote!(#name.into_iter().collect()),
            )
        }
        _ => (plan.rust_type(ty, module), quote!(#name)),
    }
}

/// `#[allow(clippy::wrong_self_convention)]` for a setter named like a conversion.
pub fn wrong_self_convention(ident: &str) -> Option<TokenStream> {
    ["is_", "as_", "to_", "into_", "from_"]
        .iter()
        .any(|prefix| ident.starts_with(prefix))
        .then(|| quote!(#[allow(clippy::wrong_self_convention)]))
}
