//! The intermediate operation model and the rules that build it from documents.

mod ir;

pub use ir::*;
