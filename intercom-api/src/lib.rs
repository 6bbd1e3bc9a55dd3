//! Typed async client for the Intercom REST API 1.x.

#[doc(hidden)]
pub mod de;
