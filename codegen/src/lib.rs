//! Reads Intercom's Markdown operation reference and generates the `intercom-api` client.
//!
//! Data flows one way: spec text -> [`doc`] (sections with source spans) -> [`model`]
//! (the typed operation model, validated) -> [`emit`] (Rust source).

pub mod emit;
pub mod model;
