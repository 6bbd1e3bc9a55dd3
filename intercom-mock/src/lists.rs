//! List responses: pages with absolute `next` links, and scrolls.

use std::collections::VecDeque;
use std::time::Instant;

use serde_json::{Value, json};

use crate::call::{Call, Outcome, Reply};
use crate::fault::Fault;
use crate::spec::Paging;
use crate::state::{OpenScroll, State};

/// Items per page when the request does not say (`per_page`), and the most it may ask for.
pub const PER_PAGE: usize = 50;

/// Items per scroll batch.
pub const SCROLL_BATCH: usize = 100;

/// The response field holding the items of the call's list (`users`).
pub fn items_field(call: &Call) -> &'static str {
    match call.op.paging {
        Paging::List(shape) | Paging::Pages(shape) | Paging::Scroll(shape) => shape.items_field,
        Paging::None => "items",
    }
}

/// The whole list in one response: `{"type": list_type, <items>: [...]}`.
pub fn whole<'a>(
    call: &Call,
    list_type: &str,
    items: impl IntoIterator<Item = &'a Value>,
) -> Outcome {
    let items: Vec<Value> = items.into_iter().cloned().collect();
    Ok(Reply::ok(
        json!({ "type": list_type, items_field(call): items }),
    ))
}

/// The page the call asks for (`page`, `per_page`) of `items`, with `pages` (its `next` an
/// absolute link to the mock itself) and `total_count`.
pub fn page<'a>(
    call: &Call,
    list_type: &str,
    items: impl IntoIterator<Item = &'a Value>,
) -> Outcome {
    let items: Vec<&Value> = items.into_iter().collect();
    let number = |name: &str, default: usize| {
        call.query(name)
            .and_then(|v| v.parse::<usize>().ok())
            .unwrap_or(default)
    };
    let per_page = number("per_page", PER_PAGE).clamp(1, PER_PAGE);
    let page = number("page", 1).max(1);
    let total_pages = items.len().div_ceil(per_page).max(1);
    let start = (page - 1).saturating_mul(per_page).min(items.len());
    let end = (start + per_page).min(items.len());
    let next = (page < total_pages).then(|| next_link(call, per_page, page + 1));
    Ok(Reply::ok(json!({
        "type": list_type,
        items_field(call): items[start..end],
        "pages": {
            "type": "pages",
            "next": next,
            "page": page,
            "per_page": per_page,
            "total_pages": total_pages,
        },
        "total_count": items.len(),
    })))
}

/// The absolute URL of page `page`: the call's own path and query, with `per_page` and `page`
/// set.
fn next_link(call: &Call, per_page: usize, page: usize) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in &call.query {
        if name != "page" && name != "per_page" {
            query.append_pair(name, value);
        }
    }
    query.append_pair("per_page", &per_page.to_string());
    query.append_pair("page", &page.to_string());
    format!("{}{}?{}", call.base_url, call.path, query.finish())
}

/// The next batch of a scroll over the ids `ids` lists, each read back with `get`.
///
/// Without `scroll_param` a new scroll opens, unless one is open for the app (400
/// `scroll_exists`). With it, the scroll must be open and unexpired (404 otherwise). An empty
/// batch closes the scroll.
pub fn scroll(
    state: &mut State,
    call: &Call,
    list_type: &str,
    ids: impl FnOnce(&State) -> VecDeque<String>,
    get: impl Fn(&State, &str) -> Option<Value>,
) -> Outcome {
    let expiry = state.scroll_expiry;
    if state
        .scroll
        .as_ref()
        .is_some_and(|s| s.last_used.elapsed() >= expiry)
    {
        state.scroll = None;
    }
    let param = match call.query("scroll_param") {
        None => {
            if state.scroll.is_some() {
                return Err(
                    Fault::bad_request("scroll already exists for this workspace")
                        .with_code("scroll_exists"),
                );
            }
            let param = format!("scroll-{}", state.next_id().1);
            let remaining = ids(state);
            state.scroll = Some(OpenScroll {
                param: param.clone(),
                operation: call.op.name,
                remaining,
                last_used: Instant::now(),
            });
            param
        }
        Some(param) => {
            let open = state
                .scroll
                .as_ref()
                .is_some_and(|s| s.param == param && s.operation == call.op.name);
            if !open {
                return Err(
                    Fault::not_found("scroll_param not found or expired").on("scroll_param")
                );
            }
            param.to_owned()
        }
    };
    let mut batch = Vec::new();
    while batch.len() < SCROLL_BATCH {
        let Some(id) = state.scroll.as_mut().and_then(|s| s.remaining.pop_front()) else {
            break;
        };
        if let Some(item) = get(state, &id) {
            batch.push(item);
        }
    }
    match state.scroll.as_mut() {
        Some(_) if batch.is_empty() => state.scroll = None,
        Some(open) => open.last_used = Instant::now(),
        None => {}
    }
    Ok(Reply::ok(
        json!({ "type": list_type, items_field(call): batch, "scroll_param": param }),
    ))
}
