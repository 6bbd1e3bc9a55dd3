//! Anonymous shapes -> named schemas: identical shapes merge, and every shape gets a name by a
//! fixed rule (written down in spec/README.md):
//!
//! 0. A name the spec gives with `**Type names:**` wins.
//! 1. A model keeps the name of its `##` heading. An object (not a body root) identical to a
//!    model *is* that model: the one named after the object's key when several models share
//!    the shape, else the first in document order.
//! 2. A request body is `{Operation}Request`, each operation its own, even when another body
//!    or a model has its shape.
//! 3. Two enums are one type only when they have the same values under the same key: values
//!    that merely coincide (`from.type` and `list_conversations.type`) mean different things.
//! 4. Any other object takes the PascalCase of its key (singular for array items:
//!    `social_profiles` -> `SocialProfile`), and an enum does so when several owners share it
//!    (`Order`), when no other shape or root wants that name; otherwise it is qualified by its
//!    owner: `{OwnerName}{Key}` (`ListUsersSort`), the alphabetically first when it occurs in
//!    several places. Names of the Rust prelude (`From`, `Option`, `Result`…) count as taken.
//! 5. Should two shapes still end with the same name, the later ones get `2`, `3`, ….

use std::collections::{BTreeMap, HashMap};

use heck::ToUpperCamelCase;

use super::infer::{FieldTy, Ty};
use crate::model::{Field, Origin, Schema, Shape, TypeRef};

/// Names of the Rust prelude and of common std and serde types: a shape that would take one is
/// qualified instead, so `use intercom_api::types::*` shadows nothing.
const PRELUDE: &[&str] = &[
    "Box",
    "Clone",
    "Copy",
    "Debug",
    "Default",
    "Display",
    "Drop",
    "Eq",
    "Err",
    "Error",
    "Fn",
    "From",
    "Into",
    "Iterator",
    "Map",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Self",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToString",
    "Value",
    "Vec",
];

/// A type to be named, with what owns it.
#[derive(Debug, Clone)]
pub struct Root {
    /// What the type is the root of.
    pub kind: RootKind,
    /// The type.
    pub ty: Ty,
    /// Its description.
    pub description: String,
    /// Names the spec gives to types inside it (`**Type names:**`): a path of keys from the
    /// root (`from.type`; empty for the root itself) and the name.
    pub names: Vec<(String, String)>,
}

/// What a root type belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RootKind {
    /// A model section, by name.
    Model(String),
    /// The `$body` of an operation (PascalCase operation name).
    Body(String),
    /// A parameter (PascalCase operation name, parameter name).
    Param(String, String),
}

/// A shape's structural identity: fields sorted by wire name, descriptions ignored.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Struct(Vec<(String, KeyTy)>),
    /// What an enum means (its key, and the key of the object holding it), and its values.
    Enum(String, Vec<String>),
    Model(String),
    /// An operation's body, by operation.
    Body(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum KeyTy {
    Ref(TypeRef),
    Array(Box<KeyTy>),
    Shape(usize),
}

#[derive(Debug, Clone)]
enum Owner {
    Shape(usize),
    Name(String),
}

#[derive(Debug)]
struct ShapeInfo {
    fields: Vec<(String, KeyTy, String)>,
    values: Option<Vec<String>>,
    description: String,
    origin: Origin,
    /// Fixed name: a model's heading, a body's name, or one the spec gives.
    fixed: Option<String>,
    /// (owner, short name) for every place the shape appears.
    occurrences: Vec<(Owner, String)>,
}

/// Names every shape in `roots`. Returns the type of each root, in order, and the schemas
/// sorted by name.
pub fn name_all(roots: &[Root]) -> Named {
    let mut interner = Interner::default();
    // Models first, whatever the document order, so that any object shaped like a model is it.
    let is_model = |root: &Root| matches!(root.kind, RootKind::Model(_));
    let models = roots.iter().enumerate().filter(|(_, r)| is_model(r));
    let others = roots.iter().enumerate().filter(|(_, r)| !is_model(r));
    let mut keys: Vec<Option<KeyTy>> = vec![None; roots.len()];
    let mut unmatched = Vec::new();
    for (i, root) in models.chain(others) {
        interner.overrides = root.names.clone();
        interner.matched = vec![false; root.names.len()];
        keys[i] = Some(interner.root(root));
        unmatched.extend(
            root.names
                .iter()
                .zip(&interner.matched)
                .filter(|(_, matched)| !**matched)
                .map(|((path, _), _)| (i, path.clone())),
        );
    }
    let keys: Vec<KeyTy> = keys.into_iter().flatten().collect();
    let names = interner.names();
    let types = keys.iter().map(|k| to_type(k, &names)).collect();
    let mut schemas: Vec<Schema> = interner
        .shapes
        .iter()
        .enumerate()
        .map(|(id, info)| schema(info, names[id].clone(), &names))
        .collect();
    schemas.sort_by(|a, b| a.name.cmp(&b.name));
    Named {
        types,
        schemas,
        unmatched,
    }
}

/// What naming gives back.
pub struct Named {
    /// The type of each root, in order.
    pub types: Vec<TypeRef>,
    /// The schemas, sorted by name.
    pub schemas: Vec<Schema>,
    /// `**Type names:**` paths that name no object or enum: the root's index and the path.
    pub unmatched: Vec<(usize, String)>,
}

#[derive(Default)]
struct Interner {
    shapes: Vec<ShapeInfo>,
    index: HashMap<Key, usize>,
    /// The current root's `**Type names:**`, and which of them found their type.
    overrides: Vec<(String, String)>,
    matched: Vec<bool>,
    /// Every model with a given shape, in document order.
    models_by_shape: HashMap<Vec<(String, KeyTy)>, Vec<String>>,
}

impl Interner {
    fn root(&mut self, root: &Root) -> KeyTy {
        match (&root.kind, &root.ty) {
            (RootKind::Model(name), Ty::Object(fields)) => {
                let fields = self.intern_fields(fields, "");
                let mut sorted: Vec<(String, KeyTy)> = fields
                    .iter()
                    .map(|(w, t, _)| (w.clone(), t.clone()))
                    .collect();
                sorted.sort_by(|a, b| a.0.cmp(&b.0));
                self.models_by_shape
                    .entry(sorted)
                    .or_default()
                    .push(name.clone());
                // A model is its own type even when another model has the same shape.
                let mut info = ShapeInfo::new(Some(fields), None, &root.description);
                info.origin = Origin::Model;
                info.fixed = Some(name.clone());
                let id = self.push(Key::Model(name.clone()), info);
                self.adopt_children(id);
                KeyTy::Shape(id)
            }
            (RootKind::Body(op), Ty::Object(fields)) => {
                // A body is its own request type even when a model or another body has its
                // shape: every operation takes a type named for it.
                let fields = self.intern_fields(fields, "");
                let mut info = ShapeInfo::new(Some(fields), None, &root.description);
                info.origin = Origin::RequestBody;
                info.fixed = Some(
                    self.given_name("")
                        .unwrap_or_else(|| format!("{op}Request")),
                );
                let id = self.push(Key::Body(op.clone()), info);
                self.adopt_children(id);
                KeyTy::Shape(id)
            }
            (RootKind::Param(op, param), _) => {
                let key = self.intern(&root.ty, &root.description, param, "");
                self.occur(&key, Owner::Name(op.clone()), param);
                key
            }
            (_, _) => self.intern(&root.ty, &root.description, "", ""),
        }
    }

    /// Children interned under a temporary owner are re-owned by the model that holds them.
    fn adopt_children(&mut self, model_id: usize) {
        let fields = self.shapes[model_id].fields.clone();
        for (wire, ty, _) in fields {
            self.occur(&ty, Owner::Shape(model_id), &wire);
        }
    }

    /// The structural key of `ty`, found under `key` (a field or parameter name) at `path`
    /// (the keys from the root, joined by `.`).
    fn intern(&mut self, ty: &Ty, description: &str, key: &str, path: &str) -> KeyTy {
        let interned = match ty {
            Ty::Ref(t) => return KeyTy::Ref(t.clone()),
            Ty::Array(inner) => {
                return KeyTy::Array(Box::new(self.intern(
                    inner,
                    description,
                    &singular(key),
                    path,
                )));
            }
            Ty::Enum(values) => {
                // What the enum means: its key, and the key of the object holding it
                // (`from.type` is not `list_conversations.type`).
                let meaning = match path.rsplit('.').collect::<Vec<_>>().as_slice() {
                    [] | [""] => singular(key),
                    [last] => singular(last),
                    [last, parent, ..] => format!("{}.{}", singular(parent), singular(last)),
                };
                let info = ShapeInfo::new(None, Some(values.clone()), description);
                KeyTy::Shape(self.get_or_push(Key::Enum(meaning, values.clone()), info))
            }
            Ty::Object(fields) => self.intern_object(fields, description, Some(key), path),
        };
        if let (KeyTy::Shape(id), Some(name)) = (&interned, self.given_name(path)) {
            self.shapes[*id].fixed.get_or_insert(name);
        }
        interned
    }

    /// The name `**Type names:**` gives the type at `path` of the current root, if any.
    fn given_name(&mut self, path: &str) -> Option<String> {
        let i = self.overrides.iter().position(|(p, _)| p == path)?;
        self.matched[i] = true;
        Some(self.overrides[i].1.clone())
    }

    /// An object's structural key. Found under `key` (not as a body root), an object shaped
    /// like a model is that model: the one named after the key when several share the shape.
    fn intern_object(
        &mut self,
        fields: &[FieldTy],
        description: &str,
        key: Option<&str>,
        path: &str,
    ) -> KeyTy {
        let fields = self.intern_fields(fields, path);
        let mut sorted: Vec<(String, KeyTy)> = fields
            .iter()
            .map(|(w, t, _)| (w.clone(), t.clone()))
            .collect();
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        let models = key.and_then(|key| Some((key, self.models_by_shape.get(&sorted)?)));
        if let Some((key, models)) = models {
            let named_after_key = key.to_upper_camel_case();
            let model = models
                .iter()
                .find(|m| **m == named_after_key)
                .or(models.first());
            if let Some(model) = model {
                return KeyTy::Ref(TypeRef::Named(model.clone()));
            }
        }
        let existed = self.index.contains_key(&Key::Struct(sorted.clone()));
        let info = ShapeInfo::new(Some(fields.clone()), None, description);
        let id = self.get_or_push(Key::Struct(sorted), info);
        if !existed {
            self.adopt_children(id);
        }
        KeyTy::Shape(id)
    }

    fn intern_fields(&mut self, fields: &[FieldTy], path: &str) -> Vec<(String, KeyTy, String)> {
        fields
            .iter()
            .map(|f| {
                let path = if path.is_empty() {
                    f.wire.clone()
                } else {
                    format!("{path}.{}", f.wire)
                };
                (
                    f.wire.clone(),
                    self.intern(&f.ty, &f.description, &f.wire, &path),
                    f.description.clone(),
                )
            })
            .collect()
    }

    fn occur(&mut self, ty: &KeyTy, owner: Owner, key: &str) {
        match ty {
            KeyTy::Ref(_) => {}
            KeyTy::Array(inner) => self.occur(inner, owner, &singular(key)),
            KeyTy::Shape(id) => self.shapes[*id]
                .occurrences
                .push((owner, key.to_upper_camel_case())),
        }
    }

    fn get_or_push(&mut self, key: Key, info: ShapeInfo) -> usize {
        match self.index.get(&key) {
            Some(&id) => id,
            None => self.push(key, info),
        }
    }

    fn push(&mut self, key: Key, info: ShapeInfo) -> usize {
        let id = self.shapes.len();
        self.shapes.push(info);
        self.index.insert(key, id);
        id
    }

    /// The final name of every shape, by the rules at the top of this module.
    fn names(&self) -> Vec<String> {
        let mut fixed: Vec<Option<String>> = self.shapes.iter().map(|s| s.fixed.clone()).collect();
        let mut taken: Vec<String> = fixed.iter().flatten().cloned().collect();
        taken.extend(PRELUDE.iter().map(|name| name.to_string()));
        let short: Vec<Option<String>> = self
            .shapes
            .iter()
            .map(|s| {
                // An enum takes its bare key only when several owners share it.
                if s.values.is_some() && s.owner_count() < 2 {
                    return None;
                }
                s.occurrences
                    .iter()
                    .map(|(_, k)| k.clone())
                    .min_by(shortest)
            })
            .collect();
        let mut wanted: BTreeMap<&str, usize> = BTreeMap::new();
        for (id, name) in short.iter().enumerate() {
            if let (None, Some(name)) = (&fixed[id], name) {
                *wanted.entry(name).or_default() += 1;
            }
        }
        for id in 0..self.shapes.len() {
            let Some(name) = &short[id] else { continue };
            if fixed[id].is_none() && wanted.get(name.as_str()) == Some(&1) && !taken.contains(name)
            {
                fixed[id] = Some(name.clone());
            }
        }
        let mut memo = fixed;
        for id in 0..self.shapes.len() {
            self.qualified(id, &mut memo, 0);
        }
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        memo.into_iter()
            .map(|name| {
                let name = name.unwrap_or_else(|| "Anonymous".to_string());
                let n = seen.entry(name.clone()).or_default();
                *n += 1;
                if *n == 1 { name } else { format!("{name}{n}") }
            })
            .collect()
    }

    fn qualified(&self, id: usize, memo: &mut Vec<Option<String>>, depth: usize) -> String {
        if let Some(name) = &memo[id] {
            return name.clone();
        }
        let mut best: Option<String> = None;
        for (owner, key) in &self.shapes[id].occurrences {
            let owner_name = match owner {
                Owner::Name(name) => name.clone(),
                Owner::Shape(parent) if depth < 256 && *parent != id => {
                    self.qualified(*parent, memo, depth + 1)
                }
                Owner::Shape(_) => String::new(),
            };
            let candidate = format!("{owner_name}{key}");
            if best
                .as_ref()
                .is_none_or(|b| shortest(&candidate, b).is_lt())
            {
                best = Some(candidate);
            }
        }
        let name = best.unwrap_or_else(|| "Anonymous".to_string());
        memo[id] = Some(name.clone());
        name
    }
}

impl ShapeInfo {
    /// How many different owners the shape occurs under.
    fn owner_count(&self) -> usize {
        let mut owners: Vec<String> = self
            .occurrences
            .iter()
            .map(|(owner, _)| match owner {
                Owner::Shape(id) => format!("#{id}"),
                Owner::Name(name) => name.clone(),
            })
            .collect();
        owners.sort();
        owners.dedup();
        owners.len()
    }

    fn new(
        fields: Option<Vec<(String, KeyTy, String)>>,
        values: Option<Vec<String>>,
        description: &str,
    ) -> ShapeInfo {
        ShapeInfo {
            fields: fields.unwrap_or_default(),
            values,
            description: description.to_string(),
            origin: Origin::Inferred,
            fixed: None,
            occurrences: Vec::new(),
        }
    }
}

/// Orders names shortest first, then alphabetically.
fn shortest(a: &String, b: &String) -> std::cmp::Ordering {
    (a.len(), a).cmp(&(b.len(), b))
}

/// `companies` -> `company`, `social_profiles` -> `social_profile`, `address` stays.
fn singular(key: &str) -> String {
    if let Some(stem) = key.strip_suffix("ies") {
        format!("{stem}y")
    } else if key.ends_with("ss") || key.ends_with("us") {
        key.to_string()
    } else if let Some(stem) = key.strip_suffix('s') {
        stem.to_string()
    } else {
        key.to_string()
    }
}

fn to_type(key: &KeyTy, names: &[String]) -> TypeRef {
    match key {
        KeyTy::Ref(t) => t.clone(),
        KeyTy::Array(inner) => TypeRef::Array(Box::new(to_type(inner, names))),
        KeyTy::Shape(id) => TypeRef::Named(names[*id].clone()),
    }
}

fn schema(info: &ShapeInfo, name: String, names: &[String]) -> Schema {
    let shape = match &info.values {
        Some(values) => Shape::Enum {
            values: values.clone(),
        },
        None => Shape::Struct {
            fields: info
                .fields
                .iter()
                .map(|(wire, ty, description)| Field {
                    wire_name: wire.clone(),
                    ty: to_type(ty, names),
                    description: description.clone(),
                    response_wrapper: None,
                })
                .collect(),
        },
    };
    Schema {
        name,
        description: info.description.clone(),
        origin: info.origin,
        shape,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obj(fields: &[(&str, Ty)]) -> Ty {
        Ty::Object(
            fields
                .iter()
                .map(|(w, t)| FieldTy {
                    wire: w.to_string(),
                    ty: t.clone(),
                    description: String::new(),
                })
                .collect(),
        )
    }

    fn s() -> Ty {
        Ty::Ref(TypeRef::String)
    }

    #[test]
    fn identical_bodies_keep_their_own_names_and_nested_shapes_merge() {
        let tag = obj(&[("id", s()), ("name", s())]);
        let body = obj(&[("tags", Ty::Array(Box::new(tag.clone()))), ("email", s())]);
        let roots = vec![
            Root {
                kind: RootKind::Body("CreateOrUpdateUser".into()),
                ty: body.clone(),
                description: String::new(),
                names: Vec::new(),
            },
            Root {
                kind: RootKind::Body("CreateUser".into()),
                ty: body,
                description: String::new(),
                names: Vec::new(),
            },
        ];
        let Named { types, schemas, .. } = name_all(&roots);
        assert_eq!(types[0], TypeRef::Named("CreateOrUpdateUserRequest".into()));
        assert_eq!(types[1], TypeRef::Named("CreateUserRequest".into()));
        let names: Vec<&str> = schemas.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            ["CreateOrUpdateUserRequest", "CreateUserRequest", "Tag"]
        );
    }

    #[test]
    fn different_shapes_wanting_one_name_are_qualified() {
        let roots = vec![
            Root {
                kind: RootKind::Param("ListUsers".into(), "sort".into()),
                ty: Ty::Enum(vec!["a".into()]),
                description: String::new(),
                names: Vec::new(),
            },
            Root {
                kind: RootKind::Param("ListConversations".into(), "sort".into()),
                ty: Ty::Enum(vec!["b".into()]),
                description: String::new(),
                names: Vec::new(),
            },
            Root {
                kind: RootKind::Param("ListCompanies".into(), "order".into()),
                ty: Ty::Enum(vec!["asc".into(), "desc".into()]),
                description: String::new(),
                names: Vec::new(),
            },
        ];
        let Named { types, .. } = name_all(&roots);
        assert_eq!(types[0], TypeRef::Named("ListUsersSort".into()));
        assert_eq!(types[1], TypeRef::Named("ListConversationsSort".into()));
        assert_eq!(
            types[2],
            TypeRef::Named("ListCompaniesOrder".into()),
            "one owner"
        );
    }

    #[test]
    fn a_shared_model_shape_goes_to_the_model_named_after_the_key_and_bodies_stay_requests() {
        let shape = obj(&[("id", s()), ("name", s())]);
        let model = |name: &str| Root {
            kind: RootKind::Model(name.into()),
            ty: shape.clone(),
            description: String::new(),
            names: Vec::new(),
        };
        let roots = vec![
            Root {
                kind: RootKind::Body("UpdateTag".into()),
                ty: shape.clone(),
                description: String::new(),
                names: Vec::new(),
            },
            Root {
                kind: RootKind::Body("CreateUser".into()),
                ty: obj(&[
                    ("tags", Ty::Array(Box::new(shape.clone()))),
                    ("plan", shape.clone()),
                ]),
                description: String::new(),
                names: Vec::new(),
            },
            model("Plan"),
            model("Tag"),
        ];
        let Named { types, schemas, .. } = name_all(&roots);
        assert_eq!(types[0], TypeRef::Named("UpdateTagRequest".into()));
        let body = schemas
            .iter()
            .find(|s| s.name == "CreateUserRequest")
            .expect("body");
        let Shape::Struct { fields } = &body.shape else {
            panic!("struct")
        };
        assert_eq!(
            fields[0].ty,
            TypeRef::Array(Box::new(TypeRef::Named("Tag".into())))
        );
        assert_eq!(fields[1].ty, TypeRef::Named("Plan".into()));
    }

    #[test]
    fn an_object_identical_to_a_model_is_the_model() {
        let tag = obj(&[("id", s()), ("name", s())]);
        let roots = vec![
            Root {
                kind: RootKind::Model("Tag".into()),
                ty: tag.clone(),
                description: String::new(),
                names: Vec::new(),
            },
            Root {
                kind: RootKind::Body("CreateNote".into()),
                ty: obj(&[("tag", tag), ("body", s())]),
                description: String::new(),
                names: Vec::new(),
            },
        ];
        let Named { schemas, .. } = name_all(&roots);
        let body = schemas
            .iter()
            .find(|s| s.name == "CreateNoteRequest")
            .expect("body");
        let Shape::Struct { fields } = &body.shape else {
            panic!("struct")
        };
        assert_eq!(fields[0].ty, TypeRef::Named("Tag".into()));
        assert_eq!(schemas.len(), 2);
    }

    fn param(op: &str, name: &str, ty: Ty) -> Root {
        Root {
            kind: RootKind::Param(op.into(), name.into()),
            ty,
            description: String::new(),
            names: Vec::new(),
        }
    }

    fn values(v: &[&str]) -> Ty {
        Ty::Enum(v.iter().map(|v| v.to_string()).collect())
    }

    #[test]
    fn enums_are_one_type_only_under_the_same_key_and_a_lone_one_is_qualified() {
        let sender = obj(&[("type", values(&["admin", "user"]))]);
        let roots = vec![
            Root {
                kind: RootKind::Body("PostMessage".into()),
                ty: obj(&[("from", sender)]),
                description: String::new(),
                names: Vec::new(),
            },
            param("ListConversations", "type", values(&["admin", "user"])),
            param("ListUsers", "order", values(&["asc", "desc"])),
            param("ListCompanies", "order", values(&["asc", "desc"])),
            param("UploadThing", "model", values(&["contact", "company"])),
        ];
        let Named { types, schemas, .. } = name_all(&roots);
        assert_eq!(types[1], TypeRef::Named("ListConversationsType".into()));
        assert_eq!(types[2], TypeRef::Named("Order".into()));
        assert_eq!(types[3], types[2], "the same values under the same key");
        assert_eq!(types[4], TypeRef::Named("UploadThingModel".into()));
        let names: Vec<&str> = schemas.iter().map(|s| s.name.as_str()).collect();
        assert!(names.contains(&"PostMessageRequestFromType"), "{names:?}");
    }

    #[test]
    fn the_spec_names_types_by_path() {
        let sender = obj(&[("type", values(&["admin", "user"])), ("id", s())]);
        let roots = vec![
            Root {
                kind: RootKind::Body("PostMessage".into()),
                ty: obj(&[("from", sender)]),
                description: String::new(),
                names: vec![
                    (String::new(), "NewMessage".into()),
                    ("from".into(), "MessageSender".into()),
                    ("from.type".into(), "MessageSenderType".into()),
                    ("from.nope".into(), "Nothing".into()),
                ],
            },
            Root {
                kind: RootKind::Param("GetCount".into(), "type".into()),
                ty: values(&["user", "company"]),
                description: String::new(),
                names: vec![(String::new(), "CountedType".into())],
            },
        ];
        let Named {
            types,
            schemas,
            unmatched,
        } = name_all(&roots);
        assert_eq!(types[0], TypeRef::Named("NewMessage".into()));
        assert_eq!(types[1], TypeRef::Named("CountedType".into()));
        let names: Vec<&str> = schemas.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "CountedType",
                "MessageSender",
                "MessageSenderType",
                "NewMessage"
            ]
        );
        assert_eq!(unmatched, [(0, "from.nope".to_string())]);
    }
}
