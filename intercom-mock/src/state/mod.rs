//! Everything the mock remembers between calls, in memory.

mod demo;
mod records;
mod seed;

use std::collections::HashMap;
use std::time::Instant;

use serde_json::Value;

pub use records::Records;
pub use seed::Seed;

use crate::webhooks::{Feeds, Happening};

/// The mock's data: one [`Records`] per kind of object, plus the open scroll.
///
/// Objects are stored as the JSON the API answers with (nested lists wrapped, `type` set), so
/// a handler changes a stored object and returns it as it is.
#[derive(Debug, Clone)]
pub struct State {
    next_seq: u64,
    /// Users (`type: user`), indexed on `user_id` and `email`.
    pub users: Records,
    /// Leads (`type: contact`), indexed on `user_id` and `email`.
    pub leads: Records,
    /// Visitors (`type: visitor`), indexed on `user_id` and `email`.
    pub visitors: Records,
    /// Companies, indexed on `company_id` and `name`.
    pub companies: Records,
    /// Tags, indexed on `name`.
    pub tags: Records,
    /// Notes.
    pub notes: Records,
    /// Events.
    pub events: Records,
    /// Conversations.
    pub conversations: Records,
    /// Messages sent with `post_message`.
    pub messages: Records,
    /// Admins (seeded).
    pub admins: Records,
    /// Teams (seeded).
    pub teams: Records,
    /// Segments (seeded).
    pub segments: Records,
    /// Data attributes (seeded), each with `model` `customer` or `company`.
    pub data_attributes: Records,
    /// Webhook subscriptions made through the API (`nsub_…` ids).
    pub subscriptions: Records,
    /// The sent and failed notifications of each subscription, by subscription id.
    pub feeds: HashMap<String, Feeds>,
    /// Bulk jobs (`job_…` ids), as `get_job` answers them.
    pub jobs: Records,
    /// The items of each bulk job, and those that failed, by job id.
    pub job_items: HashMap<String, crate::handlers::JobItems>,
    /// Permanent deletion requests made so far; the next request's id follows.
    pub deletion_requests: u64,
    /// What the call being answered changed that a webhook subscription may be told about;
    /// emptied after each call.
    pub outbox: Vec<Happening>,
    /// The workspace `/me` answers for.
    pub app: Value,
    /// The one scroll an app may have open.
    pub scroll: Option<OpenScroll>,
    /// How long an unused scroll stays open.
    pub scroll_expiry: std::time::Duration,
}

/// A scroll in progress: which list, the ids it will still return, and when it was last used.
#[derive(Debug, Clone)]
pub struct OpenScroll {
    /// The value clients send back as `scroll_param`.
    pub param: String,
    /// The operation that opened it (`scroll_users`).
    pub operation: &'static str,
    /// Ids of the objects not yet returned, in order.
    pub remaining: std::collections::VecDeque<String>,
    /// When a page was last served; the scroll expires after the configured idle time.
    pub last_used: Instant,
}

impl State {
    /// A state holding `seed`.
    pub fn new(seed: &Seed) -> Self {
        let mut state = State {
            next_seq: 1,
            users: Records::indexed(&["user_id", "email"]),
            leads: Records::indexed(&["user_id", "email"]),
            visitors: Records::indexed(&["user_id", "email"]),
            companies: Records::indexed(&["company_id", "name"]),
            tags: Records::indexed(&["name"]),
            notes: Records::indexed(&[]),
            events: Records::indexed(&[]),
            conversations: Records::indexed(&[]),
            messages: Records::indexed(&[]),
            admins: Records::indexed(&["email"]),
            teams: Records::indexed(&[]),
            segments: Records::indexed(&[]),
            data_attributes: Records::indexed(&[]),
            subscriptions: Records::indexed(&[]),
            feeds: HashMap::new(),
            jobs: Records::indexed(&[]),
            job_items: HashMap::new(),
            deletion_requests: 0,
            outbox: Vec::new(),
            app: seed.app.clone(),
            scroll: None,
            scroll_expiry: std::time::Duration::from_secs(60),
        };
        seed.load_into(&mut state);
        state
    }

    /// A fresh creation number, and the object id made from it (24 hex digits, like
    /// Intercom's).
    pub fn next_id(&mut self) -> (u64, String) {
        let seq = self.next_seq;
        self.next_seq += 1;
        (
            seq,
            format!(
                "{:024x}",
                0x5d00_0000_0000_0000_0000_0000u128 + u128::from(seq)
            ),
        )
    }

    /// A fresh UUID-shaped text made from the next creation number (a lead's `user_id`, the
    /// tail of a subscription's or notification's id).
    pub fn uuid(&mut self) -> String {
        let (seq, _) = self.next_id();
        let hex = format!(
            "{:032x}",
            0x6a1b_0000_0000_4000_8000_0000_0000_0000u128 + u128::from(seq)
        );
        format!(
            "{}-{}-{}-{}-{}",
            &hex[..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..]
        )
    }

    /// Tells the subscriptions covering `topic` about `item` once the call is answered.
    pub fn notify(&mut self, topic: &'static str, item: Value) {
        self.outbox.push(Happening::new(topic, item));
    }

    /// The app's id (`id_code`), as notifications and jobs carry it.
    pub fn app_id(&self) -> String {
        self.app
            .get("id_code")
            .and_then(id_text)
            .unwrap_or_else(|| "mockapp1".to_owned())
    }

    /// Stores `object` in the collection `pick` chooses, giving it an `id` unless it has one;
    /// returns the id.
    pub fn create(&mut self, pick: fn(&mut State) -> &mut Records, mut object: Value) -> String {
        let (seq, fresh) = self.next_id();
        let id = match object.get("id").and_then(id_text) {
            Some(id) => id,
            None => {
                object["id"] = Value::String(fresh.clone());
                fresh
            }
        };
        pick(self).insert(seq, object);
        id
    }
}

/// An id as text, whether it was written as a string or a number.
pub fn id_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}
