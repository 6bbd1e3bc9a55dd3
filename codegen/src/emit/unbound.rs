//! `generated/unbound.md`: the operations that get no method, with the reason.

use super::format::MARKDOWN_PREAMBLE;
use crate::model::{Api, Binding};

/// The Markdown list of operations without an HTTP call, for the crate docs.
pub fn markdown(api: &Api) -> String {
    let mut out = String::from(MARKDOWN_PREAMBLE);
    out.push_str("\n## Operations without a method\n\n");
    let unbound: Vec<(&str, String)> = api
        .operations
        .iter()
        .filter_map(|op| match &op.binding {
            Binding::Http { .. } => None,
            Binding::None { reason } => Some((op.name.as_str(), one_line(reason))),
            Binding::Unbound => Some((
                op.name.as_str(),
                "the spec gives no endpoint for it.".to_owned(),
            )),
        })
        .collect();
    if unbound.is_empty() {
        out.push_str("Every operation of the reference has a method.\n");
        return out;
    }
    out.push_str(
        "The reference documents these operations, but the client has no method for them:\n\n",
    );
    for (name, reason) in unbound {
        out.push_str(&format!("- `{name}`: {reason}\n"));
    }
    out
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
