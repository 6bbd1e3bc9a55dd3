//! A well-formed value of any spec type, for operations the mock keeps no state for.

use serde_json::{Map, Value, json};

use crate::spec::{self, Shape, Ty};

/// How deep nested models are filled in; deeper ones are left out (models can refer to each
/// other, as an admin list to admins).
const MAX_DEPTH: usize = 3;

/// A value of `ty`: empty strings and lists, zeros, `false`, the first enum value, and objects
/// with every field filled the same way. A `type` field holds the model's name in snake case.
pub fn sample(ty: Ty) -> Value {
    value(ty, 0)
}

fn value(ty: Ty, depth: usize) -> Value {
    match ty {
        Ty::String => json!(""),
        Ty::Boolean => json!(false),
        Ty::Integer | Ty::Number => json!(0),
        Ty::Timestamp => json!(crate::shapes::now()),
        Ty::Object => json!({}),
        Ty::Any => Value::Null,
        Ty::Array(_) => json!([]),
        Ty::Named(name) => named(name, depth),
    }
}

fn named(name: &str, depth: usize) -> Value {
    match spec::schema(name).map(|s| s.shape) {
        Some(Shape::Enum(values)) => values.first().map_or(Value::Null, |v| json!(v)),
        Some(Shape::Struct(fields)) if depth < MAX_DEPTH => {
            let mut object = Map::new();
            for field in fields {
                let v = if field.wire_name == "type" && field.ty == Ty::String {
                    json!(snake(name))
                } else {
                    value(field.ty, depth + 1)
                };
                object.insert(field.wire_name.to_owned(), v);
            }
            Value::Object(object)
        }
        _ => Value::Null,
    }
}

/// `ActivityLog` → `activity_log`.
fn snake(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.extend(c.to_lowercase());
    }
    out
}
