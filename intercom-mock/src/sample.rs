//! A well-formed value of any spec type, for operations the mock keeps no state for.

use serde_json::{Map, Value, json};

use crate::spec::{self, Shape, Ty};

/// How deep nested models are filled in; deeper ones are left out (models can refer to each
/// other, as an admin list to admins).
const MAX_DEPTH: usize = 3;

/// A value of `ty`: `null` strings, empty lists, zeros, `false`, the first enum value, and
/// objects with every field filled the same way. A `type` field holds the model's name in
/// Intercom's style (`ActivityLogList` → `activity_log.list`); a `null` `pages.next` ends a
/// paged list.
pub fn sample(ty: Ty) -> Value {
    value(ty, 0)
}

fn value(ty: Ty, depth: usize) -> Value {
    match ty {
        Ty::String => Value::Null,
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

/// `ActivityLog` → `activity_log`, `ActivityLogList` → `activity_log.list`.
fn snake(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.extend(c.to_lowercase());
    }
    match out.strip_suffix("_list") {
        Some(item) => format!("{item}.list"),
        None => out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_schema_samples_as_a_value_of_itself() {
        for schema in spec::SCHEMAS {
            let ty = Ty::Named(schema.name);
            let value = sample(ty);
            assert!(!value.is_null(), "{} samples as null", schema.name);
            if let Err(fault) = crate::validate::value_fits(&value, ty, "") {
                panic!("the sample of {} does not fit it: {fault:?}", schema.name);
            }
        }
    }

    #[test]
    fn list_models_sample_as_empty_lists_that_end() {
        let list = sample(Ty::Named("ActivityLogList"));
        assert_eq!(list["type"], json!("activity_log.list"));
        assert_eq!(list["activity_logs"], json!([]));
        assert_eq!(list["pages"]["next"], Value::Null);
    }
}
