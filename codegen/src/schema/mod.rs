//! JSON examples -> named types: inference by the value rules, then de-duplication and naming.

pub mod infer;
pub mod names;
