//! Typed async client for the Intercom REST API 1.x.
