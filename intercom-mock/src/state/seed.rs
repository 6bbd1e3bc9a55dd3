//! What a mock starts with: the workspace (admins, teams, segments, data attributes, app) and,
//! when given, users, companies and the rest, from JSON.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;
use serde_json::{Value, json};

use super::{Records, State, id_text};
use crate::shapes;

/// The objects a mock starts with, and returns to on [`crate::MockServer::reset`].
///
/// Every list holds objects in the API's response form; missing `id`s and `type`s are filled
/// in (numeric ids become strings), and nested lists may be plain arrays. A user's
/// `companies` may name companies by `id` or `company_id` alone (a company only named there is
/// created), and each company's `user_count` is the number of seeded users linked to it. Lists
/// a seed file leaves out are empty, except the workspace's (`admins`, `teams`, `segments`,
/// `data_attributes`, `app`), which keep the defaults of [`Seed::default`].
///
/// ```json
/// { "users": [{ "user_id": "u1", "email": "ada@example.com", "name": "Ada" }],
///   "companies": [{ "company_id": "c1", "name": "Acme" }] }
/// ```
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Seed {
    /// Users.
    pub users: Vec<Value>,
    /// Leads.
    pub leads: Vec<Value>,
    /// Visitors.
    pub visitors: Vec<Value>,
    /// Companies.
    pub companies: Vec<Value>,
    /// Tags.
    pub tags: Vec<Value>,
    /// Notes.
    pub notes: Vec<Value>,
    /// Events.
    pub events: Vec<Value>,
    /// Conversations.
    pub conversations: Vec<Value>,
    /// Admins.
    pub admins: Vec<Value>,
    /// Teams.
    pub teams: Vec<Value>,
    /// Segments.
    pub segments: Vec<Value>,
    /// Data attributes, each with `model` `customer` or `company`.
    pub data_attributes: Vec<Value>,
    /// The app `GET /me` answers with.
    pub app: Value,
}

impl Default for Seed {
    /// No users, leads, visitors, companies, tags, notes, events or conversations; two admins
    /// in one team, three segments, a few data attributes of each model, and an app.
    fn default() -> Self {
        Seed {
            users: Vec::new(),
            leads: Vec::new(),
            visitors: Vec::new(),
            companies: Vec::new(),
            tags: Vec::new(),
            notes: Vec::new(),
            events: Vec::new(),
            conversations: Vec::new(),
            admins: default_admins(),
            teams: vec![
                json!({"type": "team", "id": "2001", "name": "Support", "admin_ids": [1001, 1002]}),
            ],
            segments: default_segments(),
            data_attributes: default_data_attributes(),
            app: json!({
                "type": "app", "id_code": "mockapp1", "name": "Mock App", "created_at": 1_546_300_800,
                "secure": false, "identity_verification": false, "timezone": "Europe/Dublin"
            }),
        }
    }
}

impl Seed {
    /// A seed read from JSON text: an object whose keys are the lists above (unknown keys are
    /// refused).
    pub fn from_json(text: &str) -> Result<Seed, serde_json::Error> {
        let value: Value = serde_json::from_str(text)?;
        if !value.is_object() {
            // serde would read a struct from an array too; a seed is an object.
            return Err(serde::de::Error::custom(
                "a seed is a JSON object such as {\"users\": [...]}",
            ));
        }
        serde_json::from_value(value)
    }

    /// A seed read from a JSON file.
    pub fn from_file(path: impl AsRef<Path>) -> std::io::Result<Seed> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path)?;
        Seed::from_json(&text).map_err(|err| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("{}: {err}", path.display()),
            )
        })
    }

    pub(super) fn load_into(&self, state: &mut State) {
        let now = shapes::now();
        let kinds: [(&[Value], Pick, Shaper); 12] = [
            (&self.admins, |s| &mut s.admins, shapes::admin),
            (
                &self.teams,
                |s| &mut s.teams,
                |v, _| shapes::typed(v, "team"),
            ),
            (&self.segments, |s| &mut s.segments, shapes::segment),
            (
                &self.data_attributes,
                |s| &mut s.data_attributes,
                |v, _| shapes::typed(v, "data_attribute"),
            ),
            (&self.companies, |s| &mut s.companies, shapes::company),
            (
                &self.users,
                |s| &mut s.users,
                |v, now| shapes::contact(v, "user", now),
            ),
            (
                &self.leads,
                |s| &mut s.leads,
                |v, now| shapes::contact(v, "contact", now),
            ),
            (
                &self.visitors,
                |s| &mut s.visitors,
                |v, now| shapes::contact(v, "visitor", now),
            ),
            (&self.tags, |s| &mut s.tags, |v, _| shapes::typed(v, "tag")),
            (&self.notes, |s| &mut s.notes, shapes::note),
            (
                &self.events,
                |s| &mut s.events,
                |v, now| shapes::event(v, now),
            ),
            (
                &self.conversations,
                |s| &mut s.conversations,
                shapes::conversation,
            ),
        ];
        for (objects, pick, shape) in kinds {
            for object in objects {
                let mut object = shape(object, now);
                // Ids are strings in every answer, even when the seed wrote a number.
                if let Some(id) = object.get("id").filter(|id| id.is_number()) {
                    object["id"] = json!(id.to_string());
                }
                state.create(pick, object);
            }
        }
        link_companies(state, now);
    }
}

/// Seeded users name their companies as requests do (by `id` or `company_id`): each link
/// becomes the stored company's short form, a company known only by a `company_id` is
/// created, and every company's `user_count` is the number of users linked to it, as the
/// API keeps it.
fn link_companies(state: &mut State, now: i64) {
    let mut counts: HashMap<String, i64> = HashMap::new();
    let seqs: Vec<u64> = state.users.entries().map(|(seq, _)| seq).collect();
    for seq in seqs {
        let named: Vec<Value> = state
            .users
            .by_seq(seq)
            .map(|user| shapes::items(user.get("companies"), "companies").to_vec())
            .unwrap_or_default();
        if named.is_empty() {
            continue;
        }
        let mut links: Vec<Value> = Vec::new();
        for company in named {
            let Some(id) = stored_company(state, &company, now) else {
                links.push(company); // names no company it could be: kept as written
                continue;
            };
            if links
                .iter()
                .any(|link| link["id"].as_str() == Some(id.as_str()))
            {
                continue;
            }
            if let Some(stored) = state.companies.get(&id) {
                links.push(shapes::company_ref(stored));
                *counts.entry(id).or_default() += 1;
            }
        }
        state.users.update(seq, |user| {
            *shapes::items_mut(user, "companies", "company.list") = links;
        });
    }
    let companies: Vec<(u64, String)> = state
        .companies
        .entries()
        .filter_map(|(seq, company)| Some((seq, id_text(company.get("id")?)?)))
        .collect();
    for (seq, id) in companies {
        let count = counts.get(&id).copied().unwrap_or(0);
        state
            .companies
            .update(seq, |company| company["user_count"] = json!(count));
    }
}

/// The id of the stored company `named` names by `id` or `company_id`, creating it when only
/// its `company_id` is known.
fn stored_company(state: &mut State, named: &Value, now: i64) -> Option<String> {
    for key in ["id", "company_id"] {
        let found = named
            .get(key)
            .and_then(id_text)
            .and_then(|value| state.companies.find_by(key, &value))
            .and_then(|company| company.get("id").and_then(id_text));
        if found.is_some() {
            return found;
        }
    }
    named.get("company_id").and_then(id_text)?;
    Some(state.create(|s| &mut s.companies, shapes::company(named, now)))
}

/// Which collection of the state a kind of seeded object goes to.
type Pick = fn(&mut State) -> &mut Records;

/// How a seeded object becomes its stored form, given the time now.
type Shaper = fn(&Value, i64) -> Value;

fn default_admins() -> Vec<Value> {
    [
        ("1001", "Ada Admin", "ada@example.com"),
        ("1002", "Grace Support", "grace@example.com"),
    ]
    .iter()
    .map(|(id, name, email)| {
        json!({
            "type": "admin", "id": id, "name": name, "email": email, "job_title": "Support",
            "away_mode_enabled": false, "away_mode_reassign": false, "has_inbox_seat": true,
            "team_ids": [2001], "avatar": {"type": "avatar", "image_url": null}
        })
    })
    .collect()
}

fn default_segments() -> Vec<Value> {
    [
        ("3001", "Active", "user"),
        ("3002", "New", "user"),
        ("3003", "Warm leads", "lead"),
    ]
    .iter()
    .map(|(id, name, person_type)| {
        json!({
            "type": "segment", "id": id, "name": name, "person_type": person_type,
            "created_at": 1_546_300_800, "updated_at": 1_546_300_800
        })
    })
    .collect()
}

fn default_data_attributes() -> Vec<Value> {
    let attribute = |model: &str, name: &str, data_type: &str, custom: bool| {
        let full_name = if custom {
            format!("custom_attributes.{name}")
        } else {
            name.to_owned()
        };
        json!({
            "type": "data_attribute", "model": model, "name": name, "full_name": full_name,
            "label": name, "description": "", "data_type": data_type, "api_writable": true,
            "ui_writable": true, "custom": custom, "archived": false,
            "created_at": 1_546_300_800, "updated_at": 1_546_300_800
        })
    };
    let mut retired = attribute("customer", "legacy_score", "integer", true);
    retired["archived"] = json!(true);
    vec![
        attribute("customer", "name", "string", false),
        attribute("customer", "email", "string", false),
        attribute("customer", "plan_tier", "string", true),
        retired,
        attribute("company", "name", "string", false),
        attribute("company", "monthly_spend", "float", false),
        attribute("company", "seats", "integer", true),
    ]
}
