//! Tags: creating (one per name, whatever the case), renaming and deleting them, and tagging
//! or untagging users, leads and companies, whose wrapped `tags` lists hold the tag's short
//! form.

use serde_json::{Value, json};

use super::companies;
use super::contacts::find;
use super::contacts::{PERSON_KEYS, has_id, names_someone, user_not_found};
use crate::call::{Call, Outcome, Reply};
use crate::fault::Fault;
use crate::shapes;
use crate::state::{Records, State};

fn tags(state: &mut State) -> &mut Records {
    &mut state.tags
}

/// An object a tagging request names.
#[derive(Debug, Clone, Copy)]
enum Target {
    User(u64),
    Lead(u64),
    Company(u64),
}

/// `POST /tags` (`create_tag` and `update_tag` share it).
///
/// With a `users` or `companies` array, tags (or, for entries with `untag: true`, untags)
/// those users or leads (by `id`, `user_id` or `email`) or companies (by `id` or
/// `company_id`) with the tag `id` names, or else the tag called `name`, created if missing.
/// Without them, `id` renames that tag to `name`, and `name` alone creates the tag or finds
/// the existing one. Every form answers the tag. Tagging or untagging a user or lead tells
/// subscriptions (`user.tag.created`…), when it changes something.
pub fn create_or_update_tag(state: &mut State, call: &Call) -> Outcome {
    let users = listed(&call.body, "users");
    let companies = listed(&call.body, "companies");
    if !users.is_empty() && !companies.is_empty() {
        return Err(
            Fault::bad_request("Companies and users cannot be tagged in the same request")
                .on("companies"),
        );
    }
    let id = if users.is_empty() && companies.is_empty() {
        match call.body_text("id") {
            Some(id) => rename(state, &id, &call.require_body_text("name")?)?,
            None => named(state, &call.require_body_text("name")?),
        }
    } else {
        let targets = targets(state, users, companies)?;
        let id = match call.body_text("id") {
            Some(id) => {
                get(&state.tags, &id)?;
                id
            }
            None => named(state, &call.require_body_text("name")?),
        };
        let full = get(&state.tags, &id)?;
        let tag = shapes::short(&full, "tag");
        for (target, untag) in targets {
            let (records, seq) = match target {
                Target::User(seq) => (&mut state.users, seq),
                Target::Lead(seq) => (&mut state.leads, seq),
                Target::Company(seq) => (&mut state.companies, seq),
            };
            let changed = records.update(seq, |object| {
                let list = shapes::items_mut(object, "tags", "tag.list");
                let present = list.iter().any(|t| has_id(t, &id));
                if untag {
                    list.retain(|t| !has_id(t, &id));
                } else if !present {
                    list.push(tag.clone());
                }
                present == untag
            });
            let tagged = records.by_seq(seq).cloned();
            if let (Some(true), Some(tagged)) = (changed, tagged) {
                tell(state, target, untag, tagged, &full, call.now);
            }
        }
        id
    };
    Ok(Reply::ok(get(&state.tags, &id)?))
}

/// Tells subscriptions that a user (`user.tag.created`, `user.tag.deleted`, with a
/// `user_tag` item) or a lead (`contact.tag.*`, `contact_tag`) was tagged or untagged.
/// Companies have no tag topic.
fn tell(state: &mut State, target: Target, untag: bool, tagged: Value, tag: &Value, now: i64) {
    let (topic, item) = match (target, untag) {
        (Target::User(_), false) => ("user.tag.created", "user_tag"),
        (Target::User(_), true) => ("user.tag.deleted", "user_tag"),
        (Target::Lead(_), false) => ("contact.tag.created", "contact_tag"),
        (Target::Lead(_), true) => ("contact.tag.deleted", "contact_tag"),
        (Target::Company(_), _) => return,
    };
    let who = if item == "user_tag" {
        "user"
    } else {
        "contact"
    };
    state.notify(
        topic,
        json!({
            "type": item,
            who: tagged,
            "tag": tag,
            "created_at": now,
            "admin": { "type": "admin", "id": null },
        }),
    );
}

/// `GET /tags`: every tag, oldest first.
pub fn list_tags(state: &mut State, _call: &Call) -> Outcome {
    let all: Vec<&Value> = state.tags.iter().collect();
    Ok(Reply::ok(json!({ "type": "tag.list", "tags": all })))
}

/// `DELETE /tags/{id}`: removes the tag, and takes it off every user, lead, visitor, company
/// and conversation; answers 200 with an empty body.
pub fn delete_tag(state: &mut State, call: &Call) -> Outcome {
    let id = call.path_param("id");
    state.tags.remove(id).ok_or_else(not_found)?;
    for_each_tag_list(state, |list| list.retain(|t| !has_id(t, id)));
    Ok(Reply::empty(200))
}

/// The non-empty array `body[key]`, or nothing.
fn listed<'a>(body: &'a Value, key: &str) -> &'a [Value] {
    body.get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// The objects `users` or `companies` name, each with whether to untag it; refuses the whole
/// request (before anything changes) when one is missing.
fn targets(
    state: &State,
    users: &[Value],
    companies: &[Value],
) -> Result<Vec<(Target, bool)>, Fault> {
    let untag = |entry: &Value| entry.get("untag").and_then(Value::as_bool) == Some(true);
    let mut targets = Vec::new();
    for (i, entry) in users.iter().enumerate() {
        let at = format!("users[{i}]");
        if !names_someone(entry, PERSON_KEYS) {
            return Err(Fault::missing("id").under(&at));
        }
        let target = find(&state.users, entry, PERSON_KEYS)
            .map(Target::User)
            .or_else(|| find(&state.leads, entry, PERSON_KEYS).map(Target::Lead))
            .ok_or_else(|| user_not_found().on(&at))?;
        targets.push((target, untag(entry)));
    }
    for (i, entry) in companies.iter().enumerate() {
        let at = format!("companies[{i}]");
        let keys = &["id", "company_id"];
        if !names_someone(entry, keys) {
            return Err(Fault::missing("id").under(&at));
        }
        let seq =
            find(&state.companies, entry, keys).ok_or_else(|| companies::not_found().on(&at))?;
        targets.push((Target::Company(seq), untag(entry)));
    }
    Ok(targets)
}

/// The id of the tag called `name` (case-insensitively), created if there is none.
fn named(state: &mut State, name: &str) -> String {
    match same_name(&state.tags, name) {
        Some(tag) => super::contacts::id_of(tag),
        None => state.create(tags, json!({ "type": "tag", "name": name })),
    }
}

/// The tag called `name`, whatever the case.
fn same_name<'a>(records: &'a Records, name: &str) -> Option<&'a Value> {
    let name = name.to_lowercase();
    records
        .iter()
        .find(|tag| tag["name"].as_str().map(str::to_lowercase) == Some(name.clone()))
}

/// Renames the tag `id` to `name`, also where users, leads, companies and conversations list
/// it; refuses a name another tag has.
fn rename(state: &mut State, id: &str, name: &str) -> Result<String, Fault> {
    let seq = state.tags.seq_of("id", id).ok_or_else(not_found)?;
    if same_name(&state.tags, name).is_some_and(|other| !has_id(other, id)) {
        return Err(Fault::bad_request(format!("A tag called {name:?} already exists")).on("name"));
    }
    state.tags.update(seq, |tag| tag["name"] = json!(name));
    for_each_tag_list(state, |list| {
        for tag in list.iter_mut().filter(|t| has_id(t, id)) {
            tag["name"] = json!(name);
        }
    });
    Ok(id.to_owned())
}

/// Runs `change` on the `tags` list of every user, lead, visitor, company and conversation.
fn for_each_tag_list(state: &mut State, mut change: impl FnMut(&mut Vec<Value>)) {
    let all = [
        &mut state.users,
        &mut state.leads,
        &mut state.visitors,
        &mut state.companies,
        &mut state.conversations,
    ];
    for records in all {
        for object in records.values_mut() {
            change(shapes::items_mut(object, "tags", "tag.list"));
        }
    }
}

fn get(records: &Records, id: &str) -> Result<Value, Fault> {
    records.get(id).cloned().ok_or_else(not_found)
}

fn not_found() -> Fault {
    Fault::not_found("Tag Not Found")
}
