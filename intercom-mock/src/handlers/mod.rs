//! What each operation does to the state, by operation name. Operations without an entry are
//! answered with a sample of their return model.

mod companies;
mod contacts;

use crate::call::{Call, Outcome, Reply};
use crate::sample::sample;
use crate::state::State;

/// A handler: changes the state as the call says and answers.
type Handler = fn(&mut State, &Call) -> Outcome;

/// The handlers, by operation name. Operations that share a method and path (`create_user`,
/// `create_update_user`) share a handler: the request is routed to the first of them.
const HANDLERS: &[(&str, Handler)] = &[
    // Users, leads and visitors.
    ("create_user", contacts::upsert_user),
    ("create_update_user", contacts::upsert_user),
    ("get_user", contacts::get_user),
    ("find_user", contacts::find_or_list_users),
    ("list_users", contacts::find_or_list_users),
    ("archive_user", contacts::archive_user),
    ("scroll_users", contacts::scroll_users),
    ("list_users_for_company", contacts::list_users_for_company),
    ("create_lead", contacts::upsert_lead),
    ("update_lead", contacts::upsert_lead),
    ("get_lead", contacts::get_lead),
    ("list_leads", contacts::list_leads),
    ("delete_lead", contacts::delete_lead),
    ("delete_lead_by_id", contacts::delete_lead_by_id),
    ("scroll_leads", contacts::scroll_leads),
    ("convert_lead", contacts::convert_lead),
    ("get_visitor", contacts::get_visitor),
    ("update_visitor", contacts::update_visitor),
    ("delete_visitor_by_id", contacts::delete_visitor_by_id),
    ("convert_visitor", contacts::convert_visitor),
    // Companies.
    ("create_company", companies::upsert_company),
    ("update_company", companies::upsert_company),
    ("get_company", companies::get_company),
    ("list_companies", companies::list_companies),
    ("delete_company_by_id", companies::delete_company_by_id),
    ("scroll_companies", companies::scroll_companies),
];

/// Whether the mock keeps state for the operation `name`.
pub fn is_handled(name: &str) -> bool {
    HANDLERS.iter().any(|(n, _)| *n == name)
}

/// Answers `call`.
pub fn handle(state: &mut State, call: &Call) -> Outcome {
    match HANDLERS.iter().find(|(name, _)| *name == call.op.name) {
        Some((_, handler)) => handler(state, call),
        None => Ok(sampled(call)),
    }
}

/// A well-formed answer of the operation's return model, for operations without state.
fn sampled(call: &Call) -> Reply {
    match call.op.returns {
        Some(returns) => Reply::ok(sample(returns.ty)),
        None => Reply::empty(200),
    }
}
