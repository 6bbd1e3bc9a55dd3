//! A driver for counting the instructions decoding takes, instead of timing it: the response
//! fixtures of four list calls (users, leads, companies, conversations) decoded `N` times as
//! their generated models. Wall-clock ratios on a shared machine move by several percent from
//! run to run; instruction counts under callgrind repeat to a few parts in a million.
//!
//! ```text
//! cargo bench -p intercom-api --bench decode_count --no-run
//! valgrind --tool=callgrind target/release/deps/decode_count-* 3000   # and 1000
//! ```
//!
//! The argument is the number of rounds (default 1000). Per round, take the difference of two
//! counts divided by the difference of the rounds: it cancels reading the fixtures.

use std::hint::black_box;

use intercom_api::types;
use serde::de::DeserializeOwned;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/responses/");

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{FIXTURES}{name}");
    std::fs::read(&path).unwrap_or_else(|err| panic!("reading {path}: {err}"))
}

/// Decodes `body` as `T`, or says which fixture failed.
fn decode<T: DeserializeOwned>(body: &[u8], name: &str) -> T {
    serde_json::from_slice(black_box(body)).unwrap_or_else(|err| panic!("{name}: {err}"))
}

// Never inlined, so that a profile shows the decoding apart from the setup.
#[inline(never)]
fn measure(pages: &[Vec<u8>; 4], rounds: u32) -> usize {
    let mut items = 0;
    for _ in 0..rounds {
        let users: types::UserList = decode(&pages[0], "user_list");
        let leads: types::LeadList = decode(&pages[1], "lead_list");
        let companies: types::CompanyList = decode(&pages[2], "company_list");
        let conversations: types::ConversationList = decode(&pages[3], "conversation_list");
        items += users.users.map_or(0, |list| list.len())
            + leads.contacts.map_or(0, |list| list.len())
            + companies.companies.map_or(0, |list| list.len())
            + conversations.conversations.map_or(0, |list| list.len());
    }
    items
}

fn main() {
    let rounds = std::env::args()
        .nth(1)
        .and_then(|arg| arg.parse().ok())
        .unwrap_or(1000);
    let pages = [
        fixture("user_list.json"),
        fixture("lead_list.json"),
        fixture("company_list.json"),
        fixture("conversation_list.json"),
    ];
    let items = measure(&pages, rounds);
    assert!(items > 0, "the fixtures list items");
    println!("{rounds} rounds, {items} items decoded");
}
