//! What each operation does to the state, by operation name. Operations without an entry are
//! answered with a sample of their return model.

mod companies;
mod contacts;
mod conversations;
mod customers;
mod deletion;
mod events;
mod jobs;
mod leads;
mod messages;
mod notes;
mod replies;
mod subscriptions;
mod tags;
mod users;
mod visitors;
mod workspace;

use crate::call::{Call, Outcome, Reply};
use crate::sample::sample;
use crate::state::State;

pub use jobs::JobItems;

/// A handler: changes the state as the call says and answers.
type Handler = fn(&mut State, &Call) -> Outcome;

/// The handlers, by operation name. Operations that look the same on the wire
/// (`create_user`, `create_update_user`) share a handler: the request is routed to the first
/// of them.
const HANDLERS: &[(&str, Handler)] = &[
    // Users, leads and visitors.
    ("create_user", users::upsert_user),
    ("create_update_user", users::upsert_user),
    ("get_user", users::get_user),
    ("find_user", users::find_or_list_users),
    ("list_users", users::find_or_list_users),
    ("archive_user", users::archive_user),
    ("archive_user_by_id", users::archive_user_by_id),
    ("permanently_delete_user", deletion::permanently_delete_user),
    ("scroll_users", users::scroll_users),
    ("list_users_for_company", users::list_users_for_company),
    ("list_users_by_tag", users::list_users_by_tag),
    ("list_users_by_segment", users::list_users_by_segment),
    ("create_lead", leads::upsert_lead),
    ("update_lead", leads::upsert_lead),
    ("get_lead", leads::get_lead),
    ("list_leads", leads::list_leads),
    ("get_lead_by_user_id", leads::get_lead_by_user_id),
    ("delete_lead", leads::delete_lead),
    ("delete_lead_by_id", leads::delete_lead_by_id),
    ("scroll_leads", leads::scroll_leads),
    ("convert_lead", leads::convert_lead),
    ("get_visitor", visitors::get_visitor),
    ("get_visitor_by_user_id", visitors::get_visitor_by_user_id),
    ("update_visitor", visitors::update_visitor),
    ("delete_visitor_by_id", visitors::delete_visitor_by_id),
    ("convert_visitor", visitors::convert_visitor),
    // Companies.
    ("create_company", companies::upsert_company),
    ("update_company", companies::upsert_company),
    ("get_company", companies::get_company),
    ("list_companies", companies::list_companies),
    (
        "get_company_by_company_id",
        companies::get_company_by_company_id,
    ),
    ("get_company_by_name", companies::get_company_by_name),
    (
        "list_company_users_by_company_id",
        companies::list_company_users_by_company_id,
    ),
    (
        "list_company_users_by_name",
        companies::list_company_users_by_name,
    ),
    ("list_companies_by_tag", companies::list_companies_by_tag),
    (
        "list_companies_by_segment",
        companies::list_companies_by_segment,
    ),
    ("scroll_companies", companies::scroll_companies),
    // Tags.
    ("create_tag", tags::create_or_update_tag),
    ("update_tag", tags::create_or_update_tag),
    ("list_tags", tags::list_tags),
    ("delete_tag", tags::delete_tag),
    // Notes and events.
    ("create_note", notes::create_note),
    ("get_note", notes::get_note),
    ("list_notes_for_user", notes::list_notes_for_user),
    ("create_event", events::create_event),
    ("list_events_for_user", events::list_events_for_user),
    // Messages and conversations.
    ("post_message", messages::post_message),
    ("get_conversation", conversations::get_conversation),
    ("list_conversations", conversations::list_conversations),
    ("post_reply", replies::post_reply),
    (
        "post_reply_to_last_conversation",
        replies::post_reply_to_last_conversation,
    ),
    (
        "mark_conversation_as_read",
        conversations::mark_conversation_as_read,
    ),
    (
        "add_customer_to_conversation",
        customers::add_customer_to_conversation,
    ),
    (
        "delete_customer_to_conversation",
        customers::delete_customer_to_conversation,
    ),
    ("run_assignment_rules", replies::run_assignment_rules),
    // Webhook subscriptions.
    ("create_subscription", subscriptions::create_subscription),
    ("list_subscriptions", subscriptions::list_subscriptions),
    ("get_subscription", subscriptions::get_subscription),
    ("update_subscription", subscriptions::update_subscription),
    ("delete_subscription", subscriptions::delete_subscription),
    ("ping_subscription", subscriptions::ping_subscription),
    (
        "list_subscription_sent_notifications",
        subscriptions::list_subscription_sent_notifications,
    ),
    (
        "list_subscription_error_notifications",
        subscriptions::list_subscription_error_notifications,
    ),
    // Bulk jobs.
    ("submit_bulk_user_job", jobs::submit_bulk_user_job),
    ("submit_bulk_event_job", jobs::submit_bulk_event_job),
    ("get_job", jobs::get_job),
    ("list_job_errors", jobs::list_job_errors),
    // The workspace. `list_activity_logs_for_admin` is left to the sampler on purpose.
    ("list_admins", workspace::list_admins),
    ("get_admin", workspace::get_admin),
    (
        "get_current_admin_and_app",
        workspace::get_current_admin_and_app,
    ),
    ("set_admin_away", workspace::set_admin_away),
    ("list_teams", workspace::list_teams),
    ("get_team", workspace::get_team),
    ("list_segments", workspace::list_segments),
    ("get_segment", workspace::get_segment),
    (
        "list_data_attributes_for_customers",
        workspace::list_data_attributes_for_customers,
    ),
    (
        "list_data_attributes_for_companies",
        workspace::list_data_attributes_for_companies,
    ),
    (
        "list_all_data_attributes",
        workspace::list_all_data_attributes,
    ),
    ("get_count", workspace::get_count),
    ("get_app_counts", workspace::get_count),
    ("get_conversation_counts", workspace::get_count),
    ("get_admin_conversation_counts", workspace::get_count),
    ("get_user_tag_counts", workspace::get_count),
    ("get_user_segment_counts", workspace::get_count),
    ("get_company_tag_counts", workspace::get_count),
    ("get_company_segment_counts", workspace::get_count),
    ("get_company_user_counts", workspace::get_count),
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
