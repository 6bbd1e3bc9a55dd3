//! `generated/operations.rs`: a method on `crate::Client` and a request builder per
//! operation with an HTTP binding.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::body::{self, BodyPlan};
use super::docs::{self, DocText};
use super::names::{self, Scope};
use super::plan::{FieldPlan, Module, Plan};
use crate::model::{
    Binding, Body, ListShape, Location, Method, Operation, Paging, Param, PathTemplate,
    QueryConstant, Shape, TypeRef,
};

/// Builder methods and fields that parameters must not take.
const RESERVED: &[&str] = &[
    "client",
    "build_request",
    "into_future",
    "pages",
    "stream",
    body::BODY_FIELD,
    body::WHOLE_BODY,
];

/// The tokens of each area's file of `generated/operations/`, by area.
pub fn files(plan: &Plan) -> Vec<(String, TokenStream)> {
    let mut scope = Scope::default();
    let mut method_scope = Scope::default();
    let ops: Vec<OpPlan> = plan
        .api
        .operations
        .iter()
        .filter_map(|op| OpPlan::new(plan, op, &mut scope, &mut method_scope))
        .collect();
    let mut areas: BTreeMap<&str, Vec<&OpPlan>> = BTreeMap::new();
    for op in &ops {
        areas
            .entry(plan.areas.operation(&op.op.name))
            .or_default()
            .push(op);
    }
    areas
        .into_iter()
        .map(|(area, ops)| {
            let module = Module::sibling(ops.iter().map(|op| op.builder.clone()).collect());
            let doc = docs::inner_attrs(&format!(
                "The calls on `/{area}`: their [`Client`](crate::Client) methods and request \
                 builders."
            ));
            let methods = ops.iter().map(|op| client_method(plan, &module, op));
            let builders = ops.iter().map(|op| builder(plan, &module, op));
            let tokens = quote! {
                #doc

                use crate::types;

                impl crate::Client {
                    #(#methods)*
                }

                #(#builders)*
            };
            (area.to_owned(), tokens)
        })
        .collect()
}

/// The module that gathers the areas: one method per operation on `Client`, every builder
/// re-exported under `operations`.
pub fn module(areas: &[String]) -> TokenStream {
    let doc = docs::inner_attrs(
        "One method per operation on [`Client`](crate::Client), each returning a request\n\
         builder: optional parameters are set on the builder, and `.await` sends it.\n\n\
         The calls of each area of the API (its first path segment) are in one file.",
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

/// An operation with its Rust names, arguments, setters and response handling.
struct OpPlan<'a> {
    op: &'a Operation,
    method: Method,
    path: &'a PathTemplate,
    /// Query pairs sent with every call.
    constants: &'a [QueryConstant],
    /// The `Client` method.
    name: String,
    /// The builder struct.
    builder: String,
    /// Required parameters and the body, in argument order.
    args: Vec<Arg<'a>>,
    /// Optional query parameters, in document order.
    setters: Vec<(String, &'a Param)>,
    /// Query parameters in document order, with their builder field names.
    query: Vec<(String, &'a Param)>,
    /// Path parameters, with their builder field names.
    path_params: Vec<(String, &'a Param)>,
    /// The JSON body written through the builder, when it is a struct.
    body: Option<BodyPlan<'a>>,
    output: Output<'a>,
    paging: Option<Paged<'a>>,
}

/// A required argument of the `Client` method.
struct Arg<'a> {
    ident: String,
    what: ArgKind<'a>,
}

enum ArgKind<'a> {
    Param(&'a Param),
    /// A free-form JSON body, taken whole.
    Body(&'a Body),
    /// A field of the body the spec requires.
    BodyField(&'a FieldPlan<'a>),
}

impl ArgKind<'_> {
    fn ty(&self) -> &TypeRef {
        match self {
            ArgKind::Param(p) => &p.ty,
            ArgKind::Body(b) => &b.ty,
            ArgKind::BodyField(f) => &f.field.ty,
        }
    }
}

/// What awaiting the builder produces.
enum Output<'a> {
    /// No response body: `()`.
    Empty,
    /// A body that may be empty: `Option<T>`.
    Optional(&'a TypeRef),
    /// A body.
    Body(&'a TypeRef),
    /// A list model, which implements `Envelope`.
    List(&'a TypeRef),
}

/// How `.pages()` and `.stream()` follow a paged or scrolled list.
struct Paged<'a> {
    model: &'a TypeRef,
    item: &'a TypeRef,
    /// `None` for `pages.next`; the scroll parameter's wire name for a scroll.
    scroll: Option<String>,
    /// The builder field of the scroll parameter, when the operation has one.
    scroll_setter: Option<String>,
}

impl<'a> OpPlan<'a> {
    fn new(
        plan: &'a Plan<'a>,
        op: &'a Operation,
        builders: &mut Scope,
        methods: &mut Scope,
    ) -> Option<Self> {
        let Binding::Http {
            method,
            path,
            constants,
        } = &op.binding
        else {
            return None;
        };
        let mut scope = Scope::with_reserved(RESERVED);
        let arg_of = |param: &'a Param, scope: &mut Scope| Arg {
            ident: scope.claim(names::snake(&param.name)),
            what: ArgKind::Param(param),
        };
        let mut args = Vec::new();
        let mut path_params = Vec::new();
        let in_path: Vec<&str> = path.params().collect();
        let mut path_ordered: Vec<&Param> = op
            .params
            .iter()
            .filter(|p| p.location == Location::Path)
            .collect();
        path_ordered.sort_by_key(|p| {
            in_path
                .iter()
                .position(|name| *name == p.name || *name == p.wire_name)
                .unwrap_or(usize::MAX)
        });
        for param in path_ordered {
            let arg = arg_of(param, &mut scope);
            path_params.push((arg.ident.clone(), param));
            args.push(arg);
        }
        let mut query = Vec::new();
        for param in op.params.iter().filter(|p| sent_by_builder(p)) {
            if param.required {
                let arg = arg_of(param, &mut scope);
                query.push((arg.ident.clone(), param));
                args.push(arg);
            }
        }
        let mut setter_names = Scope::with_reserved(RESERVED);
        let body_plan = op
            .body
            .as_ref()
            .and_then(|body| BodyPlan::new(plan, body, &mut scope, &mut setter_names));
        match (&op.body, &body_plan) {
            (Some(_), Some(body_plan)) => {
                for field in body_plan.required() {
                    args.push(Arg {
                        ident: field.ident.clone(),
                        what: ArgKind::BodyField(field.field),
                    });
                }
            }
            (Some(body), None) => args.push(Arg {
                ident: scope.claim("body".to_owned()),
                what: ArgKind::Body(body),
            }),
            (None, _) => {}
        }
        let mut setters = Vec::new();
        for param in op.params.iter().filter(|p| sent_by_builder(p)) {
            if !param.required {
                // The setter's name is also the builder field's: free in both scopes.
                let ident = scope.claim_with(&mut setter_names, names::snake(&param.name));
                query.push((ident.clone(), param));
                setters.push((ident, param));
            }
        }
        let doc_order = |p: &Param| op.params.iter().position(|q| std::ptr::eq(q, p));
        query.sort_by_key(|(_, p)| doc_order(p));

        let listed = op.returns.as_ref().and_then(|r| match (&r.ty, &op.paging) {
            (TypeRef::Named(model), Paging::List(_) | Paging::Pages(_) | Paging::Scroll(_)) => {
                plan.envelope(model).map(|envelope| (&r.ty, envelope.item))
            }
            _ => None,
        });
        let output = match (&op.returns, listed) {
            (None, _) => Output::Empty,
            (Some(r), _) if r.or_empty => Output::Optional(&r.ty),
            (Some(_), Some((model, _))) => Output::List(model),
            (Some(r), None) => Output::Body(&r.ty),
        };
        let paging = listed.and_then(|(model, item)| match &op.paging {
            Paging::Pages(_) => Some(Paged {
                model,
                item,
                scroll: None,
                scroll_setter: None,
            }),
            Paging::Scroll(ListShape {
                cursor: Some(cursor),
                ..
            }) => Some(Paged {
                model,
                item,
                scroll: Some(cursor.param.clone()),
                scroll_setter: setters
                    .iter()
                    .find(|(_, p)| p.location == Location::Query && p.wire_name == cursor.param)
                    .map(|(ident, _)| ident.clone()),
            }),
            Paging::Scroll(_) => None,
            Paging::None | Paging::List(_) => None,
        });
        Some(OpPlan {
            op,
            method: *method,
            path,
            constants,
            name: methods.claim(names::snake(&op.name)),
            builder: builders.claim(names::pascal(&op.name)),
            args,
            setters,
            query,
            path_params,
            body: body_plan,
            output,
            paging,
        })
    }
}

/// Whether a parameter is sent as a query pair or a header: every parameter but the path's.
fn sent_by_builder(param: &Param) -> bool {
    matches!(param.location, Location::Query | Location::Header)
}

/// How a value of a model type travels in a query string or path.
#[derive(Clone, Copy, PartialEq)]
enum Encoding {
    /// The type implements `crate::request::QueryValue`.
    Query,
    /// Anything else: JSON text.
    Json,
}

fn encoding(plan: &Plan, ty: &TypeRef) -> Encoding {
    match ty {
        TypeRef::String
        | TypeRef::Boolean
        | TypeRef::Integer
        | TypeRef::Number
        | TypeRef::Timestamp => Encoding::Query,
        TypeRef::Named(_) if plan.is_enum(ty) => Encoding::Query,
        _ => Encoding::Json,
    }
}

/// The argument or setter type: `impl Into<String>` for strings, `impl Into<Timestamp>` for
/// timestamps (so Unix seconds and `SystemTime` both fit), the type otherwise.
fn input_type(plan: &Plan, module: &Module, ty: &TypeRef) -> TokenStream {
    if converts(ty) {
        let into = module.std("Into");
        let target = plan.rust_type(ty, module);
        quote!(impl #into<#target>)
    } else {
        plan.rust_type(ty, module)
    }
}

/// Whether an argument or setter of this type takes `impl Into<…>`.
fn converts(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::String | TypeRef::Timestamp | TypeRef::Number)
}

fn input_conversion(ident: &proc_macro2::Ident, ty: &TypeRef) -> TokenStream {
    if converts(ty) {
        quote!(#ident.into())
    } else {
        quote!(#ident)
    }
}

fn client_method(plan: &Plan, module: &Module, op: &OpPlan) -> TokenStream {
    let name = names::ident(&op.name);
    let builder = names::ident(&op.builder);
    let params = op.args.iter().map(|arg| {
        let ident = names::ident(&arg.ident);
        let ty = match arg.what {
            ArgKind::BodyField(f) => body::input(plan, module, &f.field.ty, &ident).0,
            _ => input_type(plan, module, arg.what.ty()),
        };
        quote!(#ident: #ty)
    });
    let init_args = op.args.iter().map(|arg| {
        let ident = names::ident(&arg.ident);
        match arg.what {
            ArgKind::BodyField(f) => {
                let value = body::input(plan, module, &f.field.ty, &ident).1;
                if value.to_string() == arg.ident {
                    quote!(#ident,)
                } else {
                    quote!(#ident: #value,)
                }
            }
            _ if converts(arg.what.ty()) => quote!(#ident: #ident.into(),),
            _ => quote!(#ident,),
        }
    });
    let init_setters = op.setters.iter().map(|(ident, _)| {
        let ident = names::ident(ident);
        quote!(#ident: None,)
    });
    let init_body = op.body.as_ref().map(|_| {
        let field = names::ident(body::BODY_FIELD);
        quote!(#field: Default::default(),)
    });
    let allow = (op.args.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let doc = docs::attrs(&method_doc(plan, op));
    quote! {
        #doc
        #allow
        pub fn #name(&self, #(#params),*) -> #builder {
            #builder {
                client: self.clone(),
                #(#init_args)*
                #(#init_setters)*
                #init_body
            }
        }
    }
}

fn builder(plan: &Plan, module: &Module, op: &OpPlan) -> TokenStream {
    let name = names::ident(&op.builder);
    let option = module.std("Option");
    let fields = op
        .args
        .iter()
        .map(|arg| {
            let ident = names::ident(&arg.ident);
            let ty = plan.rust_type(arg.what.ty(), module);
            quote!(#ident: #ty,)
        })
        .chain(op.setters.iter().map(|(ident, param)| {
            let ident = names::ident(ident);
            let ty = plan.rust_type(&param.ty, module);
            quote!(#ident: #option<#ty>,)
        }))
        .chain(op.body.as_ref().map(|b| {
            let field = names::ident(body::BODY_FIELD);
            let ty = b.ty(plan, module);
            quote!(#field: #ty,)
        }));
    let setters = op
        .setters
        .iter()
        .map(|(ident, param)| setter(plan, module, op, ident, param))
        .chain(op.body.iter().flat_map(|b| b.setters(plan, module)));

    let method = method_const(op.method);
    let template = op.path.as_str();
    let path_calls = op.path_params.iter().map(|(ident, param)| {
        let field = names::ident(ident);
        let placeholder = param.name.as_str();
        let value = match (&param.ty, encoding(plan, &param.ty)) {
            (TypeRef::String, _) => quote!(&self.#field),
            (_, Encoding::Query) => {
                quote!(&crate::request::QueryValue::to_query_value(&self.#field))
            }
            (_, Encoding::Json) => quote!(&serde_json::to_string(&self.#field).unwrap_or_default()),
        };
        quote!(.path(#placeholder, #value))
    });
    let one_of_call = one_of_wire_names(op.op).map(|names| quote!(.require_one_of(&[#(#names),*])));
    let constant_calls = op.constants.iter().map(|c| {
        let (name, value) = (&c.name, &c.value);
        quote!(.query(#name, #value))
    });
    let required: BTreeSet<&str> = op.args.iter().map(|a| a.ident.as_str()).collect();
    let query_calls = op.query.iter().map(|(ident, param)| {
        let field = names::ident(ident);
        let wire = &param.wire_name;
        let json = encoding(plan, &param.ty) == Encoding::Json;
        let (one, opt) = match param.location {
            Location::Header => (quote!(header), quote!(header_opt)),
            _ => (quote!(query), quote!(query_opt)),
        };
        match (required.contains(ident.as_str()), json) {
            (true, false) => quote!(.#one(#wire, &self.#field)),
            (true, true) => {
                quote!(.#one(#wire, &serde_json::to_string(&self.#field).unwrap_or_default()))
            }
            (false, false) => quote!(.#opt(#wire, self.#field.as_ref())),
            (false, true) => quote! {
                .#opt(
                    #wire,
                    self.#field
                        .as_ref()
                        .map(|value| serde_json::to_string(value).unwrap_or_default())
                        .as_ref(),
                )
            },
        }
    });
    let body_call = match &op.body {
        Some(b) => Some(b.json_call()),
        None => op.args.iter().find_map(|arg| match arg.what {
            ArgKind::Body(_) => {
                let field = names::ident(&arg.ident);
                Some(quote!(.json(&self.#field)))
            }
            _ => None,
        }),
    };

    let awaited = match &op.output {
        Output::Empty => quote!(()),
        Output::Optional(ty) => {
            let ty = plan.rust_type(ty, module);
            quote!(optional #ty)
        }
        Output::Body(ty) => plan.rust_type(ty, module),
        Output::List(ty) => {
            let ty = plan.rust_type(ty, module);
            quote!(list #ty)
        }
    };
    let paging = op
        .paging
        .as_ref()
        .map(|paged| paging_methods(plan, module, op, paged));

    let mut doc = DocText::default();
    doc.para(&format!(
        "Request builder for [`Client::{method}`](crate::Client::{method}).",
        method = op.name
    ));
    if op.setters.is_empty() && op.body.is_none() {
        doc.para("`.await` it to send the request.");
    } else if op.body.is_some() {
        doc.para(
            "Set optional parameters and body fields with its methods, then `.await` it to send \
             the request.",
        );
    } else {
        doc.para("Set optional parameters with its methods, then `.await` it to send the request.");
    }
    let doc = docs::attrs(doc.as_str());
    quote! {
        #doc
        #[derive(Debug, Clone)]
        #[must_use = "a request builder does nothing until it is awaited"]
        pub struct #name {
            client: crate::Client,
            #(#fields)*
        }

        impl #name {
            #(#setters)*

            #paging

            /// The client and the request to send, taken apart without copying the body.
            fn build_request(self) -> (crate::Client, crate::request::Request) {
                let request = crate::request::Request::new(crate::request::Method::#method, #template)
                    #(#path_calls)*
                    #(#constant_calls)*
                    #(#query_calls)*
                    #one_of_call
                    #body_call;
                (self.client, request)
            }
        }

        crate::send::send_on_await!(#name => #awaited);
    }
}

fn method_const(method: Method) -> proc_macro2::Ident {
    names::ident(method.as_str())
}

fn setter(plan: &Plan, module: &Module, op: &OpPlan, ident: &str, param: &Param) -> TokenStream {
    let name = names::ident(ident);
    let ty = input_type(plan, module, &param.ty);
    let value = input_conversion(&name, &param.ty);
    let mut doc = DocText::new(
        &param.description,
        &format!(
            "Sets the `{}` {}.",
            param.wire_name,
            if param.location == Location::Header {
                "header"
            } else {
                "query parameter"
            }
        ),
    );
    if param.wire_name != param.name && !param.description.trim().is_empty() {
        doc.para(&format!(
            "Sent as the `{}` query parameter.",
            param.wire_name
        ));
    }
    if encoding(plan, &param.ty) == Encoding::Json {
        doc.para("Sent as JSON text.");
    }
    if op
        .paging
        .as_ref()
        .and_then(|p| p.scroll_setter.as_deref())
        .is_some_and(|s| s == ident)
    {
        doc.para(
            "[`pages`](Self::pages) and [`stream`](Self::stream) manage this parameter \
             themselves, sending each response's `scroll_param` with the next request; set it \
             only to continue a scroll that is already open.",
        );
    }
    let doc = docs::attrs(doc.as_str());
    let allow = body::wrong_self_convention(ident);
    quote! {
        #doc
        #allow
        pub fn #name(mut self, #name: #ty) -> Self {
            self.#name = Some(#value);
            self
        }
    }
}

fn paging_methods(plan: &Plan, module: &Module, op: &OpPlan, paged: &Paged) -> TokenStream {
    let model = plan.rust_type(paged.model, module);
    let item = plan.rust_type(paged.item, module);
    let (kind, follows) = match &paged.scroll {
        None => (
            quote!(crate::pagination::PagingKind::Pages),
            "following `pages.next` until there is none".to_owned(),
        ),
        Some(param) => (
            quote!(crate::pagination::PagingKind::Scroll { param: #param }),
            format!(
                "sending each response's `scroll_param` back in the `{param}` query parameter \
                 until a page is empty"
            ),
        ),
    };
    let pages_doc = docs::attrs(&format!(
        "Sends the request and yields every page, {follows}.\n\n\
         Pages are fetched lazily, one at a time."
    ));
    let stream_doc = docs::attrs(&format!(
        "Sends the request and yields every item of every page, {follows}.\n\n\
         Pages are fetched lazily, one at a time.\n\n\
         ```no_run\n\
         # async fn example(client: intercom_api::Client) -> intercom_api::Result<()> {{\n\
         use futures_util::TryStreamExt;\n\n\
         let all: Vec<_> = {call}.stream().try_collect().await?;\n\
         # Ok(())\n\
         # }}\n\
         ```",
        call = example_call(plan, op),
    ));
    quote! {
        #pages_doc
        pub fn pages(
            self,
        ) -> crate::pagination::PageStream<#model> {
            let (client, request) = self.build_request();
            crate::pagination::pages::<#model>(client, request, #kind)
        }

        #stream_doc
        pub fn stream(
            self,
        ) -> crate::pagination::ItemStream<#item> {
            let (client, request) = self.build_request();
            crate::pagination::items::<#model>(client, request, #kind)
        }
    }
}

/// The rustdoc of a `Client` method.
fn method_doc(plan: &Plan, op: &OpPlan) -> String {
    let endpoint = format!("Sends `{} {}`.", op.method.as_str(), op.path.as_str());
    let mut doc = DocText::default();
    doc.spec(&op.op.description).para(&endpoint);

    if !op.args.is_empty() {
        let mut list = String::from("# Arguments\n");
        for arg in &op.args {
            let (note, text) = match arg.what {
                ArgKind::Param(p) => {
                    let note = if p.wire_name != p.name {
                        format!(" (sent as `{}`)", p.wire_name)
                    } else {
                        String::new()
                    };
                    (note, one_line(&p.description))
                }
                ArgKind::Body(b) => (" (the JSON body)".to_owned(), one_line(&b.description)),
                ArgKind::BodyField(f) => (
                    format!(" (`{}` in the JSON body)", f.field.wire_name),
                    one_line(&f.field.description),
                ),
            };
            let sep = if text.is_empty() { "" } else { ": " };
            list.push_str(&format!("\n- `{}`{note}{sep}{text}", arg.ident));
        }
        doc.para(&list);
    }

    if !op.setters.is_empty() {
        let mut list = format!(
            "# Optional parameters\n\nSet on the returned [`{}`] before awaiting it:\n",
            op.builder
        );
        for (ident, param) in &op.setters {
            let text = one_line(&param.description);
            let sep = if text.is_empty() { "" } else { ": " };
            list.push_str(&format!(
                "\n- [`{ident}`]({}::{ident}){sep}{text}",
                op.builder
            ));
        }
        doc.para(&list);
    }

    if let Some(b) = &op.body {
        let links: Vec<String> = b
            .fields
            .iter()
            .filter(|f| !f.required)
            .map(|f| format!("[`{ident}`]({}::{ident})", op.builder, ident = f.ident))
            .collect();
        let setters = if links.is_empty() {
            "Every field of the JSON body is an argument.".to_owned()
        } else {
            format!(
                "The other fields of the JSON body have setters on the returned [`{}`]: {}.",
                op.builder,
                links.join(", ")
            )
        };
        doc.para(&format!(
            "# Body\n\n{setters} [`{w}`]({b}::{w}) takes a whole [`{t}`](types::{t}) instead.",
            b = op.builder,
            w = body::WHOLE_BODY,
            t = match &b.body.ty {
                TypeRef::Named(name) => plan.type_name(name),
                _ => String::new(),
            },
        ));
    }

    if !op.op.one_of.is_empty() {
        let setters: Vec<String> = op
            .setters
            .iter()
            .filter(|(_, p)| op.op.one_of.contains(&p.wire_name))
            .map(|(ident, _)| format!("[`{ident}`]({}::{ident})", op.builder))
            .collect();
        doc.para(&format!(
            "Set at least one of {}: without any, the call fails with \
             [`Error::InvalidRequest`](crate::Error::InvalidRequest) and sends nothing.",
            setters.join(", ")
        ));
    }

    doc.para(&returns_doc(plan, op));
    doc.para(&example(plan, op));
    doc.as_str().to_owned()
}

fn returns_doc(plan: &Plan, op: &OpPlan) -> String {
    let link = |ty: &TypeRef| match ty {
        TypeRef::Named(name) => {
            let ident = plan.type_name(name);
            format!("[`{ident}`](types::{ident})")
        }
        other => format!(
            "`{}`",
            plan.rust_type(other, &Module::types(BTreeSet::new()))
        ),
    };
    let mut text = String::from("# Returns\n\n");
    match &op.output {
        Output::Empty => text.push_str("Nothing: the response has no body."),
        Output::Optional(ty) => text.push_str(&format!(
            "A {}, or `None` when the response body is empty.",
            link(ty)
        )),
        Output::Body(ty) => text.push_str(&format!("A {}.", link(ty))),
        Output::List(ty) if op.paging.is_some() => text.push_str(&format!(
            "The first page, a {}; [`pages`]({b}::pages) and [`stream`]({b}::stream) go \
             through all pages.",
            link(ty),
            b = op.builder
        )),
        Output::List(ty) => text.push_str(&format!("A {}.", link(ty))),
    }
    text
}

/// The wire names of the operation's `**One of:**` parameters, when it has that rule.
fn one_of_wire_names(op: &Operation) -> Option<&[String]> {
    (!op.one_of.is_empty()).then_some(op.one_of.as_slice())
}

/// A `no_run` example calling the method with placeholder arguments.
fn example(plan: &Plan, op: &OpPlan) -> String {
    let call = format!("{}.await?;", example_call(plan, op));
    let line = match &op.output {
        Output::Empty => call,
        Output::List(_) if op.paging.is_some() => format!("let page = {call}"),
        Output::List(ty) | Output::Optional(ty) | Output::Body(ty) => {
            let var = match ty {
                TypeRef::Named(name) => names::snake(name),
                _ => "response".to_owned(),
            };
            format!("let {var} = {call}")
        }
    };
    format!(
        "# Example\n\n\
         ```no_run\n\
         # async fn example(client: intercom_api::Client) -> intercom_api::Result<()> {{\n\
         {line}\n\
         # Ok(())\n\
         # }}\n\
         ```"
    )
}

fn example_call(plan: &Plan, op: &OpPlan) -> String {
    let args: Vec<String> = op
        .args
        .iter()
        .map(|arg| match arg.what {
            ArgKind::Param(p) => example_value(plan, &p.name, &p.ty),
            ArgKind::Body(_) => "serde_json::Map::new()".to_owned(),
            ArgKind::BodyField(f) if f.field.wire_name == "name" && op.name.contains("tag") => {
                "\"VIP\"".to_owned()
            }
            ArgKind::BodyField(f) => example_value(plan, &f.field.wire_name, &f.field.ty),
        })
        .collect();
    let mut call = format!("client.{}({})", op.name, args.join(", "));
    // A body is shown with up to two of its text fields set.
    if let Some(b) = &op.body {
        let shown = b
            .fields
            .iter()
            .filter(|f| !f.required && f.field.field.ty == TypeRef::String)
            .filter(|f| !["type", "id"].contains(&f.field.field.wire_name.as_str()))
            .take(2);
        for f in shown {
            call.push_str(&format!(
                ".{}({})",
                f.ident,
                example_value(plan, &f.field.field.wire_name, &f.field.field.ty)
            ));
        }
    }
    // An operation that needs one of several parameters is shown with the first of them.
    let first_needed = op
        .op
        .one_of
        .first()
        .and_then(|name| op.setters.iter().find(|(_, p)| &p.name == name));
    if let Some((ident, param)) = first_needed {
        call.push_str(&format!(
            ".{ident}({})",
            example_value(plan, &param.name, &param.ty)
        ));
    }
    call
}

/// A realistic value for a parameter or field, by its name and type.
fn example_value(plan: &Plan, name: &str, ty: &TypeRef) -> String {
    let text = |value: &str| format!("{value:?}");
    match ty {
        TypeRef::String if name.contains("email") => text("ada@example.com"),
        TypeRef::String if name == "user_id" => text("25"),
        TypeRef::String if name == "company_id" => text("acme-1"),
        TypeRef::String if name == "name" => text("Ada Lovelace"),
        TypeRef::String if name == "phone" => text("+353 87 123 4567"),
        TypeRef::String if name == "event_name" => text("invited-friend"),
        TypeRef::String if name == "body" => text("Thanks, it works now!"),
        TypeRef::String if name == "subject" => text("Welcome aboard"),
        TypeRef::String if name == "url" => text("https://example.com/intercom/hooks"),
        TypeRef::String if name.ends_with("admin_id") || name == "assignee_id" => text("814860"),
        TypeRef::String => text("5a1b2c3d4e"),
        TypeRef::Boolean => "true".to_owned(),
        TypeRef::Integer => "1".to_owned(),
        TypeRef::Timestamp => "1_700_000_000".to_owned(),
        TypeRef::Number => "1.0".to_owned(),
        TypeRef::Array(inner) => match inner.as_ref() {
            TypeRef::String => format!("[{}]", example_value(plan, name, inner)),
            _ => "[]".to_owned(),
        },
        TypeRef::Named(schema) => match plan.schema(schema).map(|s| &s.shape) {
            Some(Shape::Enum { values }) => {
                let value = values.first().map_or("value", String::as_str);
                format!("{value:?}.into()")
            }
            _ => "Default::default()".to_owned(),
        },
        TypeRef::Object | TypeRef::Any => "Default::default()".to_owned(),
    }
}

/// A description as one line, for a list item.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
