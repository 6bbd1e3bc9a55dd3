//! List responses: pages with absolute `next` links, and scrolls.

use std::collections::VecDeque;
use std::time::Instant;

use serde_json::{Value, json};

use crate::call::{Call, Outcome, Reply};
use crate::fault::Fault;
use crate::spec::{Cursor, ListShape, Paging};
use crate::state::{OpenScroll, Records, State};

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

/// The scroll cursor of the call's list: its response field and query parameter
/// (`scroll_param` for both in Intercom's API).
fn cursor(call: &Call) -> Cursor {
    match call.op.paging {
        Paging::Scroll(ListShape {
            cursor: Some(cursor),
            ..
        }) => cursor,
        _ => Cursor {
            field: "scroll_param",
            param: "scroll_param",
        },
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
    let window = Window::of(call, items.len());
    Ok(window.reply(call, list_type, &items[window.start..window.end]))
}

/// [`page`] over the objects of `records` whose creation numbers `seqs` lists, in that order.
/// Only the objects of the page are read, so paging through a large collection whose order
/// is cached costs little per page.
///
/// The page is written from the objects' kept JSON text, without copying them.
pub fn page_of_records(
    call: &Call,
    list_type: &str,
    records: &mut Records,
    seqs: &[u64],
) -> Outcome {
    let window = Window::of(call, seqs.len());
    let texts: Vec<std::sync::Arc<str>> = seqs[window.start..window.end]
        .iter()
        .filter_map(|seq| records.text(*seq))
        .collect();
    // The envelope without its items, then the items spliced in as text.
    let envelope = window.reply(call, list_type, &[]).body.unwrap_or_default();
    let mut text = envelope.to_string();
    let items = format!("{}:[]", Value::from(items_field(call)));
    let Some(at) = text.find(&items) else {
        return Ok(Reply::ok(envelope));
    };
    let mut joined = String::with_capacity(texts.iter().map(|t| t.len() + 1).sum());
    for (i, item) in texts.iter().enumerate() {
        if i > 0 {
            joined.push(',');
        }
        joined.push_str(item);
    }
    text.insert_str(at + items.len() - 1, &joined);
    Ok(Reply::ok_text(text))
}

/// Which items of a list of `total` one page holds.
struct Window {
    page: usize,
    per_page: usize,
    total: usize,
    start: usize,
    end: usize,
}

impl Window {
    /// The page `call` asks for: `page` from 1, `per_page` at most [`PER_PAGE`].
    fn of(call: &Call, total: usize) -> Self {
        let number = |name: &str, default: usize| {
            call.query(name)
                .and_then(|v| v.parse::<usize>().ok())
                .unwrap_or(default)
        };
        let per_page = number("per_page", PER_PAGE).clamp(1, PER_PAGE);
        let page = number("page", 1).max(1);
        let start = (page - 1).saturating_mul(per_page).min(total);
        let end = (start + per_page).min(total);
        Window {
            page,
            per_page,
            total,
            start,
            end,
        }
    }

    fn reply(&self, call: &Call, list_type: &str, items: &[&Value]) -> Reply {
        let total_pages = self.total.div_ceil(self.per_page).max(1);
        let next = (self.page < total_pages).then(|| next_link(call, self.per_page, self.page + 1));
        Reply::ok(json!({
            "type": list_type,
            items_field(call): items,
            "pages": {
                "type": "pages",
                "next": next,
                "page": self.page,
                "per_page": self.per_page,
                "total_pages": total_pages,
            },
            "total_count": self.total,
        }))
    }
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
    let cursor = cursor(call);
    let param = match call.query(cursor.param) {
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
                    Fault::not_found(format!("{} not found or expired", cursor.param))
                        .on(cursor.param),
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
        json!({ "type": list_type, items_field(call): batch, cursor.field: param }),
    ))
}
