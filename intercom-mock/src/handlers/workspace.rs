//! The workspace: admins (and away mode), teams, segments with their member counts, data
//! attributes, `/me`, and the app-wide counts of `/counts`.

use serde_json::{Map, Value, json};

use super::contacts::{has_id, id_of};
use crate::call::{Call, Outcome, Reply};
use crate::fault::Fault;
use crate::lists;
use crate::shapes;
use crate::state::State;

/// The admin `id`, or 404 `admin_not_found`.
pub fn admin<'a>(state: &'a State, id: &str) -> Result<&'a Value, Fault> {
    state.admins.get(id).ok_or_else(admin_not_found)
}

/// 404 `admin_not_found`.
pub fn admin_not_found() -> Fault {
    Fault::not_found_as("admin_not_found", "Admin not found")
}

/// `GET /admins`: every admin, in one `admin.list`.
pub fn list_admins(state: &mut State, call: &Call) -> Outcome {
    lists::whole(call, "admin.list", state.admins.iter())
}

/// `GET /admins/{id}`.
pub fn get_admin(state: &mut State, call: &Call) -> Outcome {
    Ok(Reply::ok(admin(state, call.path_param("id"))?.clone()))
}

/// `GET /me`: the first admin, with the workspace's `app`.
pub fn get_current_admin_and_app(state: &mut State, _call: &Call) -> Outcome {
    let mut me = state
        .admins
        .iter()
        .next()
        .cloned()
        .ok_or_else(admin_not_found)?;
    me["app"] = state.app.clone();
    Ok(Reply::ok(me))
}

/// `PUT /admins/{id}/away`: sets `away_mode_enabled` and `away_mode_reassign` (both required,
/// as the 1.x reference says) and answers the admin.
pub fn set_admin_away(state: &mut State, call: &Call) -> Outcome {
    let flag = |name: &str| {
        call.body
            .get(name)
            .and_then(Value::as_bool)
            .ok_or_else(|| Fault::missing(name))
    };
    let id = call.path_param("id");
    let seq = state.admins.seq_of("id", id).ok_or_else(admin_not_found)?;
    let enabled = flag("away_mode_enabled")?;
    let reassign = flag("away_mode_reassign")?;
    state.admins.update(seq, |admin| {
        admin["away_mode_enabled"] = json!(enabled);
        admin["away_mode_reassign"] = json!(reassign);
    });
    Ok(Reply::ok(admin(state, id)?.clone()))
}

/// `GET /teams`: every team, in one `team.list`.
pub fn list_teams(state: &mut State, call: &Call) -> Outcome {
    lists::whole(call, "team.list", state.teams.iter())
}

/// `GET /teams/{id}`.
pub fn get_team(state: &mut State, call: &Call) -> Outcome {
    let team = state
        .teams
        .get(call.path_param("id"))
        .ok_or_else(|| Fault::not_found("Team Not Found"))?;
    Ok(Reply::ok(team.clone()))
}

/// `GET /segments`: with `type=company` the company segments, otherwise the user and lead
/// ones; with `include_count=true` each carries its member `count`.
pub fn list_segments(state: &mut State, call: &Call) -> Outcome {
    let companies = call.query("type") == Some("company");
    let counted = call.query_flag("include_count");
    let segments: Vec<Value> = state
        .segments
        .iter()
        .filter(|segment| is_company_segment(segment) == companies)
        .map(|segment| with_count(state, segment, counted))
        .collect();
    lists::whole(call, "segment.list", &segments)
}

/// `GET /segments/{id}`, with its member `count` when `include_count=true`.
pub fn get_segment(state: &mut State, call: &Call) -> Outcome {
    let segment = state
        .segments
        .get(call.path_param("id"))
        .ok_or_else(|| Fault::not_found("Segment Not Found"))?;
    Ok(Reply::ok(with_count(
        state,
        segment,
        call.query_flag("include_count"),
    )))
}

fn is_company_segment(segment: &Value) -> bool {
    segment["person_type"].as_str() == Some("company")
}

/// `segment`, with its member `count` when `counted`: the companies whose `segments` hold it
/// for a company segment, the users and leads whose `segments` hold it otherwise.
fn with_count(state: &State, segment: &Value, counted: bool) -> Value {
    let mut segment = segment.clone();
    if counted {
        let id = id_of(&segment);
        let count = if is_company_segment(&segment) {
            members(state.companies.iter(), "segments", &id)
        } else {
            members(
                state.users.iter().chain(state.leads.iter()),
                "segments",
                &id,
            )
        };
        segment["count"] = json!(count);
    }
    segment
}

/// How many of `objects` list the object `id` in their wrapped list `key`.
fn members<'a>(objects: impl Iterator<Item = &'a Value>, key: &str, id: &str) -> usize {
    objects
        .filter(|object| {
            shapes::items(object.get(key), key)
                .iter()
                .any(|item| has_id(item, id))
        })
        .count()
}

/// `GET /data_attributes?model=customer`.
pub fn list_data_attributes_for_customers(state: &mut State, call: &Call) -> Outcome {
    data_attributes(state, call, "customer")
}

/// `GET /data_attributes?model=company`.
pub fn list_data_attributes_for_companies(state: &mut State, call: &Call) -> Outcome {
    data_attributes(state, call, "company")
}

/// `GET /data_attributes` (1.4): the data attributes of both models, customers' first.
pub fn list_all_data_attributes(state: &mut State, call: &Call) -> Outcome {
    let archived_too = call.query_flag("include_archived");
    let attributes: Vec<&Value> = ["customer", "company"]
        .into_iter()
        .flat_map(|model| {
            state
                .data_attributes
                .iter()
                .filter(move |a| a["model"].as_str() == Some(model))
        })
        .filter(|a| archived_too || a["archived"].as_bool() != Some(true))
        .collect();
    Ok(Reply::ok(
        json!({ "type": "list", "data_attributes": attributes }),
    ))
}

/// The data attributes of `model`, archived ones only with `include_archived=true`.
fn data_attributes(state: &State, call: &Call, model: &str) -> Outcome {
    let archived_too = call.query_flag("include_archived");
    let attributes: Vec<&Value> = state
        .data_attributes
        .iter()
        .filter(|a| a["model"].as_str() == Some(model))
        .filter(|a| archived_too || a["archived"].as_bool() != Some(true))
        .collect();
    Ok(Reply::ok(
        json!({ "type": "list", "data_attributes": attributes }),
    ))
}

/// `GET /counts`: without parameters the app's totals (`count.hash`); with `type` and
/// `count`, a breakdown (`count`): users per company, users or companies per tag or segment,
/// open and closed conversations per admin; `type=conversation` alone counts conversations.
///
/// Every count operation (`get_count` and its fixed-pair variants `get_app_counts`,
/// `get_conversation_counts`, `get_user_tag_counts`…) is answered here: the variants' fixed
/// pairs are in the query like `get_count`'s own parameters.
pub fn get_count(state: &mut State, call: &Call) -> Outcome {
    let count = call.query("count");
    let body = match (call.query("type"), count) {
        (None, None) => json!({
            "type": "count.hash",
            "company": { "count": state.companies.len() },
            "user": { "count": state.users.len() },
            "lead": { "count": state.leads.len() },
            "tag": { "count": state.tags.len() },
            "segment": { "count": state.segments.len() },
        }),
        (None, Some(_)) => {
            return Err(Fault::missing("type").with_message("count needs a type"));
        }
        (Some("conversation"), None) => conversation_totals(state),
        (Some("conversation"), Some("admin")) => json!({
            "type": "count",
            "conversation": { "admin": conversations_per_admin(state) },
        }),
        (Some("company"), Some("user")) => {
            let per_company: Vec<Value> = state
                .companies
                .iter()
                .map(|company| {
                    let users = members(state.users.iter(), "companies", &id_of(company));
                    entry(&company["name"], users)
                })
                .collect();
            json!({ "type": "count", "company": { "user": per_company } })
        }
        (Some(kind @ ("company" | "user")), Some(by @ ("tag" | "segment"))) => {
            let companies = kind == "company";
            let groups: Vec<&Value> = if by == "tag" {
                state.tags.iter().collect()
            } else {
                state
                    .segments
                    .iter()
                    .filter(|s| is_company_segment(s) == companies)
                    .collect()
            };
            let key = if by == "tag" { "tags" } else { "segments" };
            let per_group: Vec<Value> = groups
                .into_iter()
                .map(|group| {
                    let id = id_of(group);
                    let n = if companies {
                        members(state.companies.iter(), key, &id)
                    } else {
                        members(state.users.iter(), key, &id)
                    };
                    entry(&group["name"], n)
                })
                .collect();
            json!({ "type": "count", kind: { by: per_group } })
        }
        (Some(kind), count) => {
            let message = match count {
                Some(count) => format!("type={kind} cannot be counted by {count}"),
                None => format!("type={kind} needs a count"),
            };
            return Err(Fault::invalid("count", message));
        }
    };
    Ok(Reply::ok(body))
}

/// `{"<name>": n}`, an entry of a count breakdown.
fn entry(name: &Value, n: usize) -> Value {
    let mut entry = Map::new();
    entry.insert(name.as_str().unwrap_or_default().to_owned(), json!(n));
    Value::Object(entry)
}

fn is_open(conversation: &Value) -> bool {
    conversation["open"].as_bool() == Some(true)
}

fn is_assigned(conversation: &Value) -> bool {
    conversation["assignee"]["type"].as_str() != Some("nobody_admin")
        && !conversation["assignee"]["id"].is_null()
}

/// Open and closed conversations, and of the open ones how many are (un)assigned.
fn conversation_totals(state: &State) -> Value {
    let open: Vec<&Value> = state.conversations.iter().filter(|c| is_open(c)).collect();
    let assigned = open.iter().filter(|c| is_assigned(c)).count();
    json!({
        "type": "count",
        "conversation": {
            "open": open.len(),
            "closed": state.conversations.len() - open.len(),
            "unassigned": open.len() - assigned,
            "assigned": assigned,
        },
    })
}

/// Per admin: the open and closed conversations assigned to them.
fn conversations_per_admin(state: &State) -> Vec<Value> {
    state
        .admins
        .iter()
        .map(|admin| {
            let id = id_of(admin);
            let theirs: Vec<&Value> = state
                .conversations
                .iter()
                .filter(|c| is_assigned(c) && has_id(&c["assignee"], &id))
                .collect();
            let open = theirs.iter().filter(|c| is_open(c)).count();
            json!({
                "id": id,
                "name": admin["name"],
                "open": open,
                "closed": theirs.len() - open,
            })
        })
        .collect()
}
