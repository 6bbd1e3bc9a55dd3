//! The intermediate operation model and the rules that build it from documents.

pub mod idents;
mod ir;
pub mod labels;
mod lower;
mod outline;

pub use ir::*;
pub use lower::lower;
pub use outline::{outline, type_name};
