//! What each operation does to the state. Operations whose entry is `None` are answered with a
//! sample of their return model.

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
use crate::spec::OperationId;
use crate::state::State;

pub use jobs::JobItems;

/// A handler: changes the state as the call says and answers.
type Handler = fn(&mut State, &Call) -> Outcome;

/// The handler of each operation: what it does to the state. `None` answers with a sample of
/// the return model instead, on purpose.
///
/// The match is exhaustive over the generated [`OperationId`]: a handler for an operation the
/// spec does not have does not compile, and an operation added to the spec does not compile
/// until it is given a handler or `None` here. Operations that look the same on the wire
/// (`create_user`, `create_update_user`) share a handler.
fn handler(id: OperationId) -> Option<Handler> {
    use OperationId as Op;
    Some(match id {
        // Users, leads and visitors.
        Op::CreateUser => users::upsert_user,
        Op::CreateUpdateUser => users::upsert_user,
        Op::GetUser => users::get_user,
        Op::FindUser => users::find_or_list_users,
        Op::ListUsers => users::find_or_list_users,
        Op::ArchiveUser => users::archive_user,
        Op::ArchiveUserById => users::archive_user_by_id,
        Op::PermanentlyDeleteUser => deletion::permanently_delete_user,
        Op::ScrollUsers => users::scroll_users,
        Op::ListUsersForCompany => users::list_users_for_company,
        Op::ListUsersByTag => users::list_users_by_tag,
        Op::ListUsersBySegment => users::list_users_by_segment,
        Op::CreateLead => leads::upsert_lead,
        Op::UpdateLead => leads::upsert_lead,
        Op::GetLead => leads::get_lead,
        Op::ListLeads => leads::list_leads,
        Op::GetLeadByUserId => leads::get_lead_by_user_id,
        Op::DeleteLead => leads::delete_lead,
        Op::DeleteLeadById => leads::delete_lead_by_id,
        Op::ScrollLeads => leads::scroll_leads,
        Op::ConvertLead => leads::convert_lead,
        Op::GetVisitor => visitors::get_visitor,
        Op::GetVisitorByUserId => visitors::get_visitor_by_user_id,
        Op::UpdateVisitor => visitors::update_visitor,
        Op::DeleteVisitorById => visitors::delete_visitor_by_id,
        Op::ConvertVisitor => visitors::convert_visitor,
        // Companies.
        Op::CreateCompany => companies::upsert_company,
        Op::UpdateCompany => companies::upsert_company,
        Op::GetCompany => companies::get_company,
        Op::ListCompanies => companies::list_companies,
        Op::GetCompanyByCompanyId => companies::get_company_by_company_id,
        Op::GetCompanyByName => companies::get_company_by_name,
        Op::ListCompanyUsersByCompanyId => companies::list_company_users_by_company_id,
        Op::ListCompanyUsersByName => companies::list_company_users_by_name,
        Op::ListCompaniesByTag => companies::list_companies_by_tag,
        Op::ListCompaniesBySegment => companies::list_companies_by_segment,
        Op::ScrollCompanies => companies::scroll_companies,
        // Tags.
        Op::CreateTag => tags::create_or_update_tag,
        Op::UpdateTag => tags::create_or_update_tag,
        Op::ListTags => tags::list_tags,
        Op::DeleteTag => tags::delete_tag,
        // Notes and events.
        Op::CreateNote => notes::create_note,
        Op::GetNote => notes::get_note,
        Op::ListNotesForUser => notes::list_notes_for_user,
        Op::CreateEvent => events::create_event,
        Op::ListEventsForUser => events::list_events_for_user,
        // Messages and conversations.
        Op::PostMessage => messages::post_message,
        Op::GetConversation => conversations::get_conversation,
        Op::ListConversations => conversations::list_conversations,
        Op::PostReply => replies::post_reply,
        Op::PostReplyToLastConversation => replies::post_reply_to_last_conversation,
        Op::MarkConversationAsRead => conversations::mark_conversation_as_read,
        Op::AddCustomerToConversation => conversations::add_customer_to_conversation,
        Op::DeleteCustomerToConversation => conversations::delete_customer_to_conversation,
        Op::RunAssignmentRules => replies::run_assignment_rules,
        // Webhook subscriptions.
        Op::CreateSubscription => subscriptions::create_subscription,
        Op::ListSubscriptions => subscriptions::list_subscriptions,
        Op::GetSubscription => subscriptions::get_subscription,
        Op::UpdateSubscription => subscriptions::update_subscription,
        Op::DeleteSubscription => subscriptions::delete_subscription,
        Op::PingSubscription => subscriptions::ping_subscription,
        Op::ListSubscriptionSentNotifications => {
            subscriptions::list_subscription_sent_notifications
        }
        Op::ListSubscriptionErrorNotifications => {
            subscriptions::list_subscription_error_notifications
        }
        // Bulk jobs.
        Op::SubmitBulkUserJob => jobs::submit_bulk_user_job,
        Op::SubmitBulkEventJob => jobs::submit_bulk_event_job,
        Op::GetJob => jobs::get_job,
        Op::ListJobErrors => jobs::list_job_errors,
        // The workspace.
        Op::ListAdmins => workspace::list_admins,
        Op::GetAdmin => workspace::get_admin,
        Op::GetCurrentAdminAndApp => workspace::get_current_admin_and_app,
        Op::SetAdminAway => workspace::set_admin_away,
        Op::ListTeams => workspace::list_teams,
        Op::GetTeam => workspace::get_team,
        Op::ListSegments => workspace::list_segments,
        Op::GetSegment => workspace::get_segment,
        Op::ListDataAttributesForCustomers => workspace::list_data_attributes_for_customers,
        Op::ListDataAttributesForCompanies => workspace::list_data_attributes_for_companies,
        Op::ListAllDataAttributes => workspace::list_all_data_attributes,
        Op::GetCount => workspace::get_count,
        Op::GetAppCounts => workspace::get_count,
        Op::GetConversationCounts => workspace::get_count,
        Op::GetAdminConversationCounts => workspace::get_count,
        Op::GetUserTagCounts => workspace::get_count,
        Op::GetUserSegmentCounts => workspace::get_count,
        Op::GetCompanyTagCounts => workspace::get_count,
        Op::GetCompanySegmentCounts => workspace::get_count,
        Op::GetCompanyUserCounts => workspace::get_count,
        // No state is kept for the activity log: it is answered from a sample.
        Op::ListActivityLogsForAdmin => return None,
    })
}

/// Whether the mock keeps state for the operation `id`.
pub fn is_handled(id: OperationId) -> bool {
    handler(id).is_some()
}

/// Answers `call`.
pub fn handle(state: &mut State, call: &Call) -> Outcome {
    match handler(call.op.id) {
        Some(handler) => handler(state, call),
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
