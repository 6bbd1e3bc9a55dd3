//! Companies: upserts by `company_id`, lookups, lists, scrolls, deletion, and the links
//! between companies and their users.

use serde_json::{Value, json};

use super::contacts::{find, merge, page_all, sorted, stored_id, strip};
use crate::call::{Call, Outcome, Reply, text};
use crate::fault::Fault;
use crate::lists;
use crate::shapes;
use crate::state::{Records, State};

fn companies(state: &mut State) -> &mut Records {
    &mut state.companies
}

/// `POST /companies`: updates the company named by `id` or `company_id`, or creates one.
pub fn upsert_company(state: &mut State, call: &Call) -> Outcome {
    let id = upsert(state, &call.body, call.now)?;
    Ok(Reply::ok(get(&state.companies, &id)?))
}

/// Creates or updates the company `input` names by `id` or `company_id`; returns its id.
pub fn upsert(state: &mut State, input: &Value, now: i64) -> Result<String, Fault> {
    if let Some(seq) = find(&state.companies, input, &["id", "company_id"]) {
        let mut input = input.clone();
        strip(&mut input, &["remove"]);
        state.companies.update(seq, |company| {
            let plan = input.get("plan").and_then(Value::as_str).map(shapes::plan);
            merge(company, &input, now);
            if let Some(plan) = plan {
                company["plan"] = plan;
            }
        });
        return Ok(stored_id(&state.companies, seq));
    }
    if input.get("company_id").and_then(text).is_none() {
        return Err(Fault::missing("company_id"));
    }
    let mut input = input.clone();
    if let Some(map) = input.as_object_mut() {
        map.remove("id");
        map.remove("type");
        map.remove("remove");
    }
    let id = state.create(companies, shapes::company(&input, now));
    let created = get(&state.companies, &id)?;
    state.notify("company.created", created);
    Ok(id)
}

/// Adds the company `company_id` to the user `user_id`'s companies, once, counting the user.
pub fn link(state: &mut State, user_id: &str, company_id: &str) {
    let Some(company) = state.companies.get(company_id).cloned() else {
        return;
    };
    let Some(seq) = state.users.seq_of("id", user_id) else {
        return;
    };
    let added = state.users.update(seq, |user| {
        let list = shapes::items_mut(user, "companies", "company.list");
        if list.iter().any(|c| c["id"].as_str() == Some(company_id)) {
            false
        } else {
            list.push(shapes::company_ref(&company));
            true
        }
    });
    if added == Some(true) {
        count_users(state, company_id, 1);
    }
}

/// Takes the company `company_id` off the user `user_id`'s companies, uncounting the user.
pub fn unlink(state: &mut State, user_id: &str, company_id: &str) {
    let Some(seq) = state.users.seq_of("id", user_id) else {
        return;
    };
    let removed = state.users.update(seq, |user| {
        let list = shapes::items_mut(user, "companies", "company.list");
        let before = list.len();
        list.retain(|c| c["id"].as_str() != Some(company_id));
        list.len() < before
    });
    if removed == Some(true) {
        count_users(state, company_id, -1);
    }
}

/// Uncounts a removed user from each of its companies.
pub fn unlink_all(state: &mut State, user: &Value) {
    for company in shapes::items(user.get("companies"), "companies") {
        if let Some(id) = company["id"].as_str() {
            count_users(state, id, -1);
        }
    }
}

fn count_users(state: &mut State, company_id: &str, change: i64) {
    if let Some(seq) = state.companies.seq_of("id", company_id) {
        state.companies.update(seq, |company| {
            let count = company["user_count"].as_i64().unwrap_or(0) + change;
            company["user_count"] = json!(count.max(0));
        });
    }
}

/// `GET /companies/{id}`.
pub fn get_company(state: &mut State, call: &Call) -> Outcome {
    Ok(Reply::ok(get(&state.companies, call.path_param("id"))?))
}

/// `GET /companies`: a page of companies, newest first unless `order=asc`. The alternative
/// bindings of the path have handlers of their own; this one also answers what none of them
/// takes alone (`company_id` with `type=users`, `tag_id` with `segment_id`): with
/// `company_id` or `name`, that company; otherwise the companies with the `tag_id` and the
/// `segment_id` given.
pub fn list_companies(state: &mut State, call: &Call) -> Outcome {
    for key in ["company_id", "name"] {
        if let Some(value) = call.query(key) {
            return Ok(Reply::ok(find_company(state, key, value)?.clone()));
        }
    }
    let tag_id = call.query("tag_id");
    let segment_id = call.query("segment_id");
    if tag_id.is_none() && segment_id.is_none() {
        let order = call.query("order");
        return page_all(
            &mut state.companies,
            call,
            "company.list",
            "created_at",
            order,
        );
    }
    filtered(state, call, &[("tags", tag_id), ("segments", segment_id)])
}

/// `GET /companies?company_id=`: that company, or 404 `company_not_found`.
pub fn get_company_by_company_id(state: &mut State, call: &Call) -> Outcome {
    let company_id = call.query("company_id").unwrap_or_default();
    Ok(Reply::ok(
        find_company(state, "company_id", company_id)?.clone(),
    ))
}

/// `GET /companies?name=`: the (oldest) company with that name, or 404 `company_not_found`.
pub fn get_company_by_name(state: &mut State, call: &Call) -> Outcome {
    let name = call.query("name").unwrap_or_default();
    Ok(Reply::ok(find_company(state, "name", name)?.clone()))
}

/// `GET /companies?tag_id=`: a page of the companies carrying the tag, newest first.
pub fn list_companies_by_tag(state: &mut State, call: &Call) -> Outcome {
    filtered(state, call, &[("tags", call.query("tag_id"))])
}

/// `GET /companies?segment_id=`: a page of the companies in the segment, newest first.
pub fn list_companies_by_segment(state: &mut State, call: &Call) -> Outcome {
    filtered(state, call, &[("segments", call.query("segment_id"))])
}

/// `GET /companies?type=user&company_id=`: a page of the users of that company.
pub fn list_company_users_by_company_id(state: &mut State, call: &Call) -> Outcome {
    let company_id = call.query("company_id").unwrap_or_default();
    let id = super::contacts::id_of(find_company(state, "company_id", company_id)?);
    users_of(state, call, &id)
}

/// `GET /companies?type=user&name=`: a page of the users of the (oldest) company with that
/// name.
pub fn list_company_users_by_name(state: &mut State, call: &Call) -> Outcome {
    let name = call.query("name").unwrap_or_default();
    let id = super::contacts::id_of(find_company(state, "name", name)?);
    users_of(state, call, &id)
}

/// A page of the users linked to the company `id`, oldest first.
pub fn users_of(state: &State, call: &Call, id: &str) -> Outcome {
    let members = state.users.iter().filter(|u| {
        shapes::items(u.get("companies"), "companies")
            .iter()
            .any(|c| c["id"].as_str() == Some(id))
    });
    lists::page(call, "user.list", members)
}

/// The company whose `key` (`company_id` or `name`) is `value`, or 404.
fn find_company<'a>(state: &'a State, key: &str, value: &str) -> Result<&'a Value, Fault> {
    state.companies.find_by(key, value).ok_or_else(not_found)
}

/// A page of the companies whose wrapped list `key` (`tags`, `segments`) holds the id given
/// with it (`None`: no filter), newest first unless `order=asc`.
fn filtered(state: &State, call: &Call, filters: &[(&str, Option<&str>)]) -> Outcome {
    let has = |company: &Value, key: &str, id: Option<&str>| {
        id.is_none_or(|id| {
            shapes::items(company.get(key), key)
                .iter()
                .any(|item| item["id"].as_str() == Some(id))
        })
    };
    let matching = state
        .companies
        .entries()
        .filter(|(_, c)| filters.iter().all(|(key, id)| has(c, key, *id)));
    lists::page(
        call,
        "company.list",
        sorted(matching, "created_at", call.query("order")),
    )
}

/// `GET /companies/scroll`.
pub fn scroll_companies(state: &mut State, call: &Call) -> Outcome {
    lists::scroll(
        state,
        call,
        "company.list",
        |s| {
            s.companies
                .iter()
                .filter_map(|c| c.get("id").and_then(text))
                .collect()
        },
        |s, id| s.companies.get(id).cloned(),
    )
}

fn get(records: &Records, id: &str) -> Result<Value, Fault> {
    records.get(id).cloned().ok_or_else(not_found)
}

/// 404 `company_not_found`.
pub fn not_found() -> Fault {
    Fault::not_found_as("company_not_found", "Company Not Found")
}
