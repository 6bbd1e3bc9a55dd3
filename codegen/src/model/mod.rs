//! The intermediate operation model and the rules that build it from documents.

mod ir;
pub mod labels;
mod lower;

pub use ir::*;
pub use lower::lower;
